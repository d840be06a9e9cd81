"""Benchmark: import a generated 1-million-row dossier CSV; prints rows/s and peak memory.

    .venv/bin/python benchmarks/import_dossiers.py [--db URL] [--rows N]

Without --db it uses a fresh SQLite file in a temporary directory. The database is migrated,
its units and procedures are created first (so every reference is valid), then the file is
imported twice: the first run inserts, the second finds every row unchanged.
"""
from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from data_access.config import redact  # noqa: E402
from data_access.db import make_engine  # noqa: E402
from data_access.importer import import_file  # noqa: E402
from data_access.importing.cli import ProgressPrinter  # noqa: E402
from data_access.migrate import upgrade  # noqa: E402
from data_access.schema import procedures, units  # noqa: E402

UNITS = [f"U{i:03d}" for i in range(40)]
PROCEDURES = [f"1.{i:06d}" for i in range(300)]
CHANNELS = ["direct", "online", "postal"]
HEADER = ["dossier_id", "unit", "procedure_code", "procedure_name", "field", "channel",
          "received_at", "due_at", "resolved_at", "end_state", "ended_at", "rating"]


def generate(path: Path, rows: int, seed: int = 2021) -> None:
    """A realistic mix: date-only due dates, pending, withdrawn and rated dossiers."""
    rng = random.Random(seed)
    start = datetime(2021, 1, 1, 7, 30)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for n in range(rows):
            received = start + timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60))
            due = received + timedelta(days=rng.randrange(0, 20))
            due_text = due.strftime("%d/%m/%Y") if n % 4 == 0 else due.strftime("%Y-%m-%d %H:%M")
            fate = rng.random()
            resolved = ended = end_state = ""
            if fate < 0.9:
                resolved = (received + timedelta(hours=rng.randrange(1, 400))).strftime("%Y-%m-%d %H:%M:%S")
            elif fate < 0.93:
                end_state, ended = "withdrawn", (received + timedelta(days=2)).strftime("%Y-%m-%d")
            procedure = rng.choice(PROCEDURES)
            out.writerow([
                f"HS{n:08d}", rng.choice(UNITS), procedure, f"Thủ tục {procedure}", "Lĩnh vực chung",
                rng.choice(CHANNELS), received.strftime("%Y-%m-%d %H:%M"), due_text, resolved, end_state,
                ended, "satisfied" if resolved and rng.random() < 0.4 else "",
            ])


def prepare(engine) -> None:
    upgrade(engine)
    with engine.begin() as conn:
        have = set(conn.execute(units.select().with_only_columns(units.c.code)).scalars())
        new_units = [{"code": c, "name": f"Đơn vị {c}", "kind": "department"} for c in UNITS if c not in have]
        if new_units:
            conn.execute(insert(units), new_units)
        have = set(conn.execute(procedures.select().with_only_columns(procedures.c.code)).scalars())
        new_procs = [{"code": c, "name": f"Thủ tục {c}", "field": "Lĩnh vực chung"}
                     for c in PROCEDURES if c not in have]
        if new_procs:
            conn.execute(insert(procedures), new_procs)


def timed_import(engine, path: Path, label: str) -> None:
    started, cpu_started = time.perf_counter(), time.process_time()
    result = import_file(engine, "dossiers", path, user="benchmark", progress=ProgressPrinter())
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    rows = result.report.rows_total
    # CPU seconds are shown too: on a shared machine they vary less than the wall clock.
    print(f"{label}: {result.status}, {rows:,} rows in {seconds:.1f} s (importer CPU {cpu:.1f} s) "
          f"= {rows / seconds:,.0f} rows/s "
          f"(inserted {result.inserted:,}, updated {result.updated:,}, unchanged {result.unchanged:,}, "
          f"rejected {result.rejected:,})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bdh_bench_") as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        engine = make_engine(url)
        prepare(engine)
        path = Path(tmp) / "dossiers.csv"
        started = time.perf_counter()
        generate(path, args.rows)
        print(f"database: {redact(url)} ({engine.dialect.name})")
        print(f"generated {args.rows:,} rows, {path.stat().st_size / 2**20:.0f} MiB, "
              f"in {time.perf_counter() - started:.1f} s")
        timed_import(engine, path, "first import ")
        timed_import(engine, path, "second import")
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
        print(f"peak RSS: {peak_mib:.0f} MiB")
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
