"""The dossier questions of the year and month views, side by side in one run: ours (current view of the
organisation, SPEC §2.5, and recorded view) against DuckDB over a native in-memory table and over Parquet.

    .venv/bin/python -m benchmarks.year_views --db sqlite:////tmp/bdh_big.sqlite [--as-of 2026-11-29]

Each cell is the median of 3 warm runs of the page's dossier questions (`pages.dossier_questions` of the
dossier page and the overview), ms; DuckDB answers the recorded view only (it has no lineage). The ratios
are taken within the run. The overdue-pending list at the view's last day is timed alone too.
The CPU columns are this process's CPU time over the same runs (time.process_time: all of SQLite's work,
only the client's for PostgreSQL; DuckDB's several threads add up): on a loaded machine they say more than
the wall clock.
"""
from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

import pandas as pd
from sqlalchemy import select

from data_access import dossiers
from data_access.db import make_engine
from data_access.org import current
from data_access.schema import procedures
from data_access.scope import Scope

from .pages import View, dossier_questions
from .run import baseline_questions, ours_questions, views

PAGES = ("ho_so", "tong_quan")


CPU: dict = {}  # the CPU medians of the last _median call, by the key it was given


def _median(run, repeat: int = 3, cpu_key=None) -> float:
    run()
    walls, cpus = [], []
    for _ in range(repeat):
        started = time.process_time()
        walls.append(run())
        cpus.append(time.process_time() - started)
    if cpu_key is not None:
        CPU[cpu_key] = statistics.median(cpus)
    return statistics.median(walls)


def in_current_view(v: View, on: date) -> View:
    codes = v.scope.unit_codes
    return View(v.label, v.period, Scope(codes, current(on)), v.scope_label)


def measure(url: str, as_of: date, parquet: str) -> list[dict]:
    from .baselines import DuckDB
    from .parquet import export_parquet
    export_parquet(url, parquet)
    engine = make_engine(url)
    rows = []
    with engine.connect() as conn:
        procs = pd.DataFrame(conn.execute(select(procedures.c.code, procedures.c.field)).mappings().all(),
                             columns=["code", "field"])
        native, over_parquet = DuckDB(parquet, procs, native=True), DuckDB(parquet, procs)
        for v in views(conn, as_of):
            if v.scope.unit_codes is not None and v.label == "month":
                continue
            now = in_current_view(v, as_of)
            for page in PAGES:
                q, q_now = dossier_questions(page, v), dossier_questions(page, now)
                row = {"page": page, "view": v.label, "scope": v.scope_label,
                       "recorded": _median(lambda: ours_questions(conn, q), cpu_key="recorded"),
                       "current": _median(lambda: ours_questions(conn, q_now), cpu_key="current"),
                       "duckdb_native": _median(lambda: baseline_questions(native, q), cpu_key="duckdb_native"),
                       "duckdb_parquet": _median(lambda: baseline_questions(over_parquet, q), repeat=1)}
                row |= {f"{k}_cpu": CPU[k] for k in ("recorded", "current", "duckdb_native")}
                rows.append(row)
                print(line(row), flush=True)
            for org, view in (("recorded", v), ("current", now)):
                rows.append({"page": f"overdue list ({org})", "view": v.label, "scope": v.scope_label,
                             org: _median(lambda: _timed(dossiers.overdue_pending_dossiers, conn,
                                                         as_of=view.period.end, scope=view.scope), cpu_key=org)})
                rows[-1][f"{org}_cpu"] = CPU[org]
                print(line(rows[-1]), flush=True)
    engine.dispose()
    return rows


def _timed(fn, conn, **kwargs) -> float:
    started = time.perf_counter()
    fn(conn, **kwargs)
    return time.perf_counter() - started


def _ms(seconds) -> str:
    return "" if seconds is None else f"{seconds * 1000:,.0f}".replace(",", " ")


def _ratio(a, b) -> str:
    return "" if a is None or b is None or not b else f"{a / b:.2f}"


HEADER = ["| questions | view | scope | ours, current view ms | ours, recorded ms | current ÷ recorded | "
          "DuckDB native ms | DuckDB Parquet ms | recorded ÷ DuckDB native | recorded ÷ DuckDB Parquet | "
          "CPU ms: current / recorded / DuckDB native | CPU: recorded ÷ DuckDB native |",
          "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]


def line(r: dict) -> str:
    cur, rec, nat, par = (r.get(k) for k in ("current", "recorded", "duckdb_native", "duckdb_parquet"))
    cpu = [r.get(f"{k}_cpu") for k in ("current", "recorded", "duckdb_native")]
    return (f"| {r['page']} | {r['view']} | {r['scope']} | {_ms(cur)} | {_ms(rec)} | {_ratio(cur, rec)} | "
            f"{_ms(nat)} | {_ms(par)} | {_ratio(rec, nat)} | {_ratio(rec, par)} | "
            f"{' / '.join(_ms(c) for c in cpu) if any(c is not None for c in cpu) else ''} | "
            f"{_ratio(cpu[1], cpu[2])} |")


def table(rows: list[dict]) -> list[str]:
    return HEADER + [line(r) for r in rows]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 29))
    ap.add_argument("--parquet", default="/tmp/bdh_dossiers.parquet")
    args = ap.parse_args(argv)
    print("\n".join(table(measure(args.db, args.as_of, args.parquet))))


if __name__ == "__main__":
    main()
