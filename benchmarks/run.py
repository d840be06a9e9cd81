"""The scale benchmark: every page's data at ~10M dossiers, ours against DuckDB and load-all pandas.

    .venv/bin/python -m benchmarks.run --sqlite /tmp/bdh_big.sqlite \\
        --postgres postgresql+psycopg://postgres@127.0.0.1:5432/bdh_bench [--skip-browser] [--skip-import]

Definitions (also written into RESULTS.md):
- warm: the page's calls run again on an open connection, after one untimed run; median of 3 runs.
- cold: a fresh Python process opens a new engine and connection and runs the page's calls once
  (timed from before the connect). SQLite's page cache and PostgreSQL's backend are new; the OS
  file cache and PostgreSQL's shared buffers are left as they are (this machine is shared, so
  caches are not dropped).
- DuckDB: the dossier questions of the page over a Parquet copy of `dossiers`; cold = a new
  in-process DuckDB connection's first run, warm = the run after it.
- pandas: the whole dossier table loaded once (the load is timed separately), then the same
  dossier questions with boolean masks; one warm run.
Benchmarks print figures; tests never time anything.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from data_access import dossiers
from data_access.db import make_engine
from data_access.period import Period
from data_access.schema import dossier_daily, procedures
from data_access.scope import ALL_UNITS, resolve_scope

from .pages import PAGES, View, dossier_questions, page_calls

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"


# ---- views ---------------------------------------------------------------------------------------

def views(conn, as_of: date) -> list[View]:
    """A year and a month, each for all units and for the unit receiving the most dossiers."""
    year = Period(date(as_of.year - 1, 1, 1), date(as_of.year - 1, 12, 31))
    month = Period(as_of.replace(day=1), as_of)
    busiest = conn.execute(select(dossier_daily.c.unit).group_by(dossier_daily.c.unit)
                           .order_by(func.sum(dossier_daily.c.received).desc()).limit(1)).scalar()
    one = resolve_scope(conn, [busiest])
    return [View(label, p, s, sl) for label, p in (("year", year), ("month", month))
            for s, sl in ((ALL_UNITS, "all units"), (one, busiest))]


def view_spec(v: View) -> str:
    codes = None if v.scope.unit_codes is None else sorted(v.scope.unit_codes)
    return json.dumps([v.label, v.period.start.isoformat(), v.period.end.isoformat(), codes, v.scope_label])


def view_from(spec: str) -> View:
    from data_access.scope import Scope
    label, start, end, codes, scope_label = json.loads(spec)
    scope = ALL_UNITS if codes is None else Scope(frozenset(codes))
    return View(label, Period(date.fromisoformat(start), date.fromisoformat(end)), scope, scope_label)


# ---- timing our code -----------------------------------------------------------------------------

def run_page(conn, page: str, v: View) -> float:
    started = time.perf_counter()
    for _, call in page_calls(page, v):
        call(conn)
    return time.perf_counter() - started


def warm(conn, page: str, v: View, repeat: int = 3) -> float:
    run_page(conn, page, v)
    return statistics.median(run_page(conn, page, v) for _ in range(repeat))


def cold(url: str, page: str, v: View) -> float:
    """A new process: imports first (not timed), then engine + connection + the page's calls."""
    out = subprocess.run([sys.executable, "-m", "benchmarks.run", "--cold-one", url, page, view_spec(v)],
                         capture_output=True, text=True, cwd=HERE.parent, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def _cold_one(url: str, page: str, spec: str) -> None:
    v = view_from(spec)
    calls = page_calls(page, v)
    started = time.perf_counter()
    engine = make_engine(url)
    with engine.connect() as conn:
        for _, call in calls:
            call(conn)
    print(time.perf_counter() - started)


OURS = {"figures": dossiers.dossier_figures, "by_unit": dossiers.dossiers_by_unit,
        "by_bucket": dossiers.dossiers_by_bucket, "by_channel": dossiers.dossiers_by_channel,
        "by_field": dossiers.dossiers_by_field, "overdue_list": dossiers.overdue_pending_dossiers}


def ours_questions(conn, questions) -> float:
    started = time.perf_counter()
    for kind, *args in questions:
        if kind == "by_bucket":
            OURS[kind](conn, period=args[0], scope=args[1], grain=args[2])
        elif kind == "overdue_list":
            OURS[kind](conn, as_of=args[0], scope=args[1])
        else:
            OURS[kind](conn, period=args[0], scope=args[1])
    return time.perf_counter() - started


def baseline_questions(engine, questions) -> float:
    from .baselines import answer
    started = time.perf_counter()
    for q in questions:
        answer(engine, q)
    return time.perf_counter() - started


# ---- the run --------------------------------------------------------------------------------------

def measure_backend(name: str, url: str, as_of: date, rows: list, detail: list) -> list[View]:
    engine = make_engine(url)
    with engine.connect() as conn:
        vs = views(conn, as_of)
        for v in vs:
            for page in PAGES:
                w = warm(conn, page, v)
                c = cold(url, page, v)
                q = dossier_questions(page, v)
                qd = statistics.median(ours_questions(conn, q) for _ in range(3)) if q else None
                rows.append({"backend": name, "page": page, "view": v.label, "scope": v.scope_label,
                             "warm": w, "cold": c, "dossier_part": qd})
                print(f"{name:10} {page:20} {v.label:5} {v.scope_label:10} warm {w*1000:8.0f} ms  "
                      f"cold {c*1000:8.0f} ms  dossier part {qd and qd*1000 or 0:6.0f} ms", flush=True)
            for label, call in page_calls("ho_so", v) + page_calls("tong_quan", v)[-9:]:
                call(conn)
                started = time.perf_counter()
                call(conn)
                detail.append((name, v.label, v.scope_label, label, time.perf_counter() - started))
    engine.dispose()
    return vs


def measure_baselines(parquet: str, procs, vs: list[View], rows: list) -> dict:
    import pandas as pd
    from .baselines import DuckDB, Pandas
    out = {}
    for v in vs:
        for page in PAGES:
            q = dossier_questions(page, v)
            if not q:
                continue
            db = DuckDB(parquet, procs)
            c = baseline_questions(db, q)
            w = baseline_questions(db, q)  # one warm run: each takes seconds at 10 M rows
            rows.append({"backend": "duckdb", "page": page, "view": v.label, "scope": v.scope_label,
                         "warm": w, "cold": c, "dossier_part": w})
            print(f"duckdb     {page:20} {v.label:5} {v.scope_label:10} warm {w*1000:8.0f} ms  cold {c*1000:8.0f} ms",
                  flush=True)
    started = time.perf_counter()
    frame = pd.read_parquet(parquet)
    pandas = Pandas(frame, procs)
    out["pandas_load_s"] = time.perf_counter() - started
    out["pandas_rows"] = len(frame)
    print(f"pandas: loaded {len(frame):,} rows in {out['pandas_load_s']:.1f} s", flush=True)
    for v in vs:
        for page in PAGES:
            q = dossier_questions(page, v)
            if not q:
                continue
            w = baseline_questions(pandas, q)
            rows.append({"backend": "pandas", "page": page, "view": v.label, "scope": v.scope_label,
                         "warm": w, "cold": w + out["pandas_load_s"], "dossier_part": w})
            print(f"pandas     {page:20} {v.label:5} {v.scope_label:10} warm {w*1000:8.0f} ms", flush=True)
    return out


def exactness(url: str, parquet: str, procs, v: View) -> dict:
    """Our figures (rollups), the reference SQL over the rows, and DuckDB: equal?"""
    from data_access import dossier_reference
    from .baselines import DuckDB
    engine = make_engine(url)
    with engine.connect() as conn:
        ours = dossiers.dossier_figures(conn, period=v.period, scope=v.scope)
        started = time.perf_counter()
        ref = dossier_reference.dossier_figures(conn, period=v.period, scope=v.scope)
        ref_s = time.perf_counter() - started
    engine.dispose()
    duck = DuckDB(parquet, procs).figures(v.period, v.scope)
    keys = [k for k in duck if k != "median_turnaround_days"]
    same_ref = ours == ref
    same_duck = all(int(duck[k]) == ours[k] for k in keys) and abs(
        (duck["median_turnaround_days"] or 0) - (ours["median_turnaround_days"] or 0)) < 1e-6
    return {"equal_reference": same_ref, "equal_duckdb": same_duck, "reference_seconds": ref_s,
            "received": ours["dossiers_received"], "pending": ours["dossiers_pending"],
            "median": ours["median_turnaround_days"]}


def main(argv=None) -> int:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--cold-one":
        _cold_one(*sys.argv[2:5])
        return 0
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    p.add_argument("--sqlite", help="path of the big SQLite database")
    p.add_argument("--postgres", help="URL of the big PostgreSQL database (e.g. …/bdh_bench)")
    p.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 29))
    p.add_argument("--parquet", default="/tmp/bdh_dossiers.parquet", help="Parquet copy of dossiers (made if missing)")
    p.add_argument("--skip-import", action="store_true")
    p.add_argument("--skip-browser", action="store_true")
    p.add_argument("--import-rows", type=int, default=1_000_000)
    args = p.parse_args(argv)
    from . import report
    from .parquet import export_parquet
    backends = [(n, u) for n, u in (("sqlite", args.sqlite and f"sqlite:///{args.sqlite}"),
                                    ("postgresql", args.postgres)) if u]
    source = backends[-1][1]
    export_parquet(source, args.parquet)
    engine = make_engine(source)
    with engine.connect() as conn:
        import pandas as pd
        procs = pd.DataFrame(conn.execute(select(procedures.c.code, procedures.c.field)).mappings().all(),
                             columns=["code", "field"])
        counts = {t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
                  for t in ("dossiers", "tasks", "petitions", "dossier_daily", "dossier_backlog")}
    engine.dispose()
    rows, detail, vs, checks, extra = [], [], [], {}, {}
    saved = Path(args.parquet).with_suffix(".extra.json")
    previous = json.loads(saved.read_text()) if saved.exists() else {}

    def write_report(imported=previous.get("imported"), memory=previous.get("memory")):
        report.write(RESULTS, argv=sys.argv, counts=counts, rows=rows, detail=detail, checks=checks, extra=extra,
                     imported=imported, memory=memory, machine=machine())

    for name, url in backends:
        vs = measure_backend(name, url, args.as_of, rows, detail)
    write_report()
    checks.update({name: exactness(url, args.parquet, procs, vs[0]) for name, url in backends})
    print("exactness:", checks, flush=True)
    write_report()
    extra.update(measure_baselines(args.parquet, procs, vs, rows))
    write_report()
    # The import and browser measurements take minutes and do not depend on the query code: a run
    # that skips them reports the last ones measured (kept beside the Parquet copy, with their date).
    imported = previous.get("imported")
    if not args.skip_import and args.postgres:
        from .importing import import_vs_copy
        imported = import_vs_copy(args.postgres, args.import_rows) | {"measured": time.strftime("%Y-%m-%d %H:%M")}
    saved.write_text(json.dumps({"imported": imported, "memory": previous.get("memory")}))
    write_report(imported)
    memory = previous.get("memory")
    if not args.skip_browser:
        from .memory import streamlit_rss
        memory = streamlit_rss(args.postgres or f"sqlite:///{args.sqlite}") | {"measured": time.strftime("%Y-%m-%d %H:%M")}
    saved.write_text(json.dumps({"imported": imported, "memory": memory}))
    write_report(imported, memory)
    print(f"wrote {RESULTS}")
    return 0


def machine() -> dict:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": round(mem, 1), "python": platform.python_version(),
            "os": platform.platform()}


if __name__ == "__main__":
    sys.exit(main())
