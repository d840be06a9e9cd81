"""Import rate on PostgreSQL: our importer against a raw COPY of the very same CSV file.

Both start from an empty dossier table in a scratch database (`<bench>_import`). The raw COPY loads
the file as it is into a table of the same columns, with no indexes, no validation, no rollups:
the floor that no importer can beat. Ours validates every cell, looks up existing keys, COPYs the
new rows into the indexed `dossiers` table, and its triggers keep the rollups in step.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from data_access.config import normalise_url
from data_access.db import make_engine
from data_access.importer import import_file

RAW_TABLE = """CREATE TABLE raw_dossiers (dossier_id text, unit text, procedure_code text, procedure_name text,
 field text, channel text, received_at timestamp, due_at timestamp, resolved_at timestamp, end_state text,
 ended_at timestamp, rating text)"""


def _scratch(url: str) -> str:
    base = make_url(normalise_url(url))
    name = f"{base.database}_import"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def import_vs_copy(url: str, rows: int) -> dict:
    from . import import_dossiers as gen
    scratch = _scratch(url)
    engine = make_engine(scratch)
    with tempfile.TemporaryDirectory(prefix="bdh_import_") as tmp:
        path = Path(tmp) / "dossiers.csv"
        gen.generate(path, rows)
        gen.prepare(engine)
        with engine.begin() as conn:
            conn.exec_driver_sql(RAW_TABLE)
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute("SET DateStyle = 'ISO, DMY'")  # the file's date-only due dates are dd/mm/yyyy
            started = time.perf_counter()
            with open(path, "rb") as handle, cur.copy("COPY raw_dossiers FROM STDIN (FORMAT csv, HEADER true)") as copy:
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
            raw.commit()
            copy_s = time.perf_counter() - started
        finally:
            raw.close()
        started = time.perf_counter()
        result = import_file(engine, "dossiers", path, user="benchmark")
        ours_s = time.perf_counter() - started
        started = time.perf_counter()
        again = import_file(engine, "dossiers", path, user="benchmark")  # every row unchanged
        again_s = time.perf_counter() - started
    engine.dispose()
    out = {"rows": rows, "copy_s": copy_s, "ours_s": ours_s, "again_s": again_s, "status": result.status,
           "inserted": result.inserted, "unchanged_again": again.unchanged}
    print(f"import {rows:,} rows: raw COPY {rows / copy_s:,.0f} rows/s, importer {rows / ours_s:,.0f} rows/s "
          f"({copy_s / ours_s:.0%} of COPY); re-import unchanged {rows / again_s:,.0f} rows/s", flush=True)
    return out


def sqlite_import_vs_bulk(rows: int) -> dict:
    """On SQLite: our importer against SQLite's own bulk insert of the same CSV (`executemany` of every row
    into an unindexed table of the same columns in one transaction, no validation, no rollups)."""
    import csv
    import sqlite3

    from . import import_dossiers as gen
    with tempfile.TemporaryDirectory(prefix="bdh_import_") as tmp:
        path, raw_db = Path(tmp) / "dossiers.csv", Path(tmp) / "raw.sqlite"
        gen.generate(path, rows)
        raw = sqlite3.connect(raw_db)
        started = time.perf_counter()
        with raw, open(path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            columns = next(reader)
            raw.execute(f"CREATE TABLE raw_dossiers ({', '.join(columns)})")
            raw.executemany(f"INSERT INTO raw_dossiers VALUES ({', '.join('?' * len(columns))})", reader)
        bulk_s = time.perf_counter() - started
        raw.close()
        engine = make_engine(f"sqlite:///{Path(tmp) / 'ours.sqlite'}")
        gen.prepare(engine)
        started = time.perf_counter()
        result = import_file(engine, "dossiers", path, user="benchmark")
        ours_s = time.perf_counter() - started
        started = time.perf_counter()
        again = import_file(engine, "dossiers", path, user="benchmark")  # every row unchanged
        again_s = time.perf_counter() - started
        engine.dispose()
    print(f"sqlite import {rows:,} rows: bulk insert {rows / bulk_s:,.0f} rows/s, importer {rows / ours_s:,.0f} "
          f"rows/s ({bulk_s / ours_s:.0%} of the bulk insert); re-import unchanged {rows / again_s:,.0f} rows/s",
          flush=True)
    return {"rows": rows, "bulk_s": bulk_s, "ours_s": ours_s, "again_s": again_s, "status": result.status,
            "inserted": result.inserted, "unchanged_again": again.unchanged}


def memory_at(rows: int, workdir: str | None = None) -> dict:
    """A file of `rows` dossiers imported into a fresh SQLite database (whose page cache lives in this process,
    so its RSS is the importer's whole footprint), with progress on stderr; the peak RSS after."""
    import resource

    from data_access.importing.cli import ProgressPrinter

    from . import import_dossiers as gen
    with tempfile.TemporaryDirectory(prefix="bdh_import_mem_", dir=workdir) as tmp:
        path = Path(tmp) / "dossiers.csv"
        started = time.perf_counter()
        gen.generate(path, rows)
        print(f"generated {rows:,} rows ({path.stat().st_size / 2**20:,.0f} MiB) in {time.perf_counter() - started:.0f} s; "
              f"peak RSS so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB", flush=True)
        engine = make_engine(f"sqlite:///{Path(tmp) / 'ours.sqlite'}")
        gen.prepare(engine)
        started = time.perf_counter()
        result = import_file(engine, "dossiers", path, user="benchmark", progress=ProgressPrinter())
        seconds = time.perf_counter() - started
        engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"sqlite import {rows:,} rows: {result.status}, inserted {result.inserted:,} in {seconds:.0f} s "
          f"({rows / seconds:,.0f} rows/s); peak RSS {peak:.0f} MiB", flush=True)
    return {"rows": rows, "seconds": seconds, "peak_mib": peak, "status": result.status}


def main() -> int:
    """`python -m benchmarks.importing [--rows N] [--postgres URL] [--sqlite]`: the import rate against the
    raw floors, with the load average and the peak memory of this process (the importer's side)."""
    import argparse
    import os
    import resource

    parser = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", help="a PostgreSQL URL; the scratch database is <its name>_import")
    parser.add_argument("--sqlite", action="store_true", help="also SQLite against its own bulk insert")
    parser.add_argument("--memory-rows", type=int, help="only: import a file of this many rows into SQLite, "
                        "and print the peak RSS (e.g. 10000000)")
    parser.add_argument("--workdir", help="where the temporary files go (default: the system's)")
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    if args.memory_rows:
        memory_at(args.memory_rows, args.workdir)
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
        return 0
    if args.postgres:
        import_vs_copy(args.postgres, args.rows)
    if args.sqlite or not args.postgres:
        sqlite_import_vs_bulk(args.rows)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
