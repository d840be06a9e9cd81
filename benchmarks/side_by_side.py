"""Every speed target of issue 13, measured side by side in one run and printed as ratios.

    .venv/bin/python -m benchmarks.side_by_side --demo-db sqlite:////tmp/demo.sqlite \\
        --big-db sqlite:////tmp/bdh_big.sqlite [--big-db postgresql+psycopg://…/bdh_bench] \\
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/bdh_bench] [--import-rows 1000000] \\
        [--skip browser,views,import,pack]

(a) each page in Chromium against a one-line Streamlit page (`browser.py`, demo data of `python -m seed`);
(b) the year and month views' dossier questions, ours in the current and recorded views of the organisation,
    against DuckDB over a native in-memory table and over Parquet (`year_views.py`, per big database);
(c) the importer against a raw COPY on PostgreSQL (`importing.import_vs_copy`) and SQLite's own bulk insert;
(d) the briefing pack, when `benchmarks/pack.py` exists (its own output).
Prints Markdown: the tables that go into RESULTS.md.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--demo-db", help="the demo database of `python -m seed` (for the browser)")
    ap.add_argument("--big-db", action="append", default=[], help="a big database (repeatable)")
    ap.add_argument("--postgres", help="a PostgreSQL URL whose server gets a scratch import database")
    ap.add_argument("--import-rows", type=int, default=1_000_000)
    ap.add_argument("--skip", default="", help="comma-separated parts to leave out: browser,views,import,pack")
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    out = [f"Measured {time.strftime('%Y-%m-%d %H:%M')} (load average {open('/proc/loadavg').read().split()[0]} "
           "at the start)."]
    if "browser" not in skip and args.demo_db:
        from . import browser
        out += ["", "### (a) Pages in the browser against a one-line Streamlit page", "",
                *browser.table(browser.measure(args.demo_db, port=8607, floor_port=8608))]
        print("\n".join(out), flush=True)
    if "views" not in skip:
        from . import year_views
        for url in args.big_db:
            out += ["", f"### (b) Year and month views: `{url.split('@')[-1]}`", "",
                    *year_views.table(year_views.measure(url, year_views.date(2026, 11, 29),
                                                         f"/tmp/bdh_dossiers_{abs(hash(url))}.parquet"))]
            print("\n".join(out[-3:]), flush=True)
    if "import" not in skip:
        from . import importing
        out += ["", f"### (c) Import of {args.import_rows:,} dossier rows".replace(",", "."), "",
                "| database | baseline | baseline rows/s | ours rows/s | ours ÷ baseline |", "|---|---|---:|---:|---:|"]
        if args.postgres:
            r = importing.import_vs_copy(args.postgres, args.import_rows)
            out.append(f"| PostgreSQL | raw COPY | {r['rows'] / r['copy_s']:,.0f} | {r['rows'] / r['ours_s']:,.0f} | "
                       f"{r['copy_s'] / r['ours_s']:.1%} |")
        r = importing.sqlite_import_vs_bulk(args.import_rows)
        out.append(f"| SQLite | executemany, one transaction | {r['rows'] / r['bulk_s']:,.0f} | "
                   f"{r['rows'] / r['ours_s']:,.0f} | {r['bulk_s'] / r['ours_s']:.1%} |")
    if "pack" not in skip:
        out += ["", "### (d) The briefing pack", ""]
        if (HERE / "pack.py").exists():
            done = subprocess.run([sys.executable, "-m", "benchmarks.pack"], cwd=HERE.parent, capture_output=True,
                                  text=True)
            out.append(done.stdout.strip() or done.stderr.strip()[-2000:])
        else:
            out.append("Not measured here: `benchmarks/pack.py` is not on this branch.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
