"""The overdue-pending dossier list at a past day, on two copies of one database side by side in one run:
without and with migration 0014's `ix_dossiers_resolved_late`, in the recorded and the current view.

    .venv/bin/python -m benchmarks.overdue_list --before sqlite:////tmp/big.sqlite --after sqlite:////tmp/big_0014.sqlite

Median of 3 warm calls each, alternating between the two databases; both must give the same rows.
"""
from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from data_access import dossiers
from data_access.db import make_engine
from data_access.org import current
from data_access.scope import ALL_UNITS, Scope

DAYS = {"31/12 of last year": date(2025, 12, 31), "30/06/2025 (before the merger)": date(2025, 6, 30),
        "end of last month": date(2026, 10, 31)}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", required=True)
    ap.add_argument("--on", type=date.fromisoformat, default=date(2026, 11, 29), help="day R of the current view")
    args = ap.parse_args(argv)
    engines = {name: make_engine(url) for name, url in (("before", args.before), ("after", args.after))}
    print("| as of | view | without the index ms | with 0014 ms | with ÷ without | same rows |")
    print("|---|---|---:|---:|---:|---|")
    with engines["before"].connect() as before, engines["after"].connect() as after:
        for label, as_of in DAYS.items():
            for view, scope in (("recorded", ALL_UNITS), ("current", Scope(None, current(args.on)))):
                times, results = {"before": [], "after": []}, {}
                for _ in range(4):  # the first round warms up, untimed
                    for name, conn in (("before", before), ("after", after)):
                        started = time.perf_counter()
                        results[name] = dossiers.overdue_pending_dossiers(conn, as_of=as_of, scope=scope)
                        times[name].append(time.perf_counter() - started)
                b, a = (statistics.median(times[n][1:]) * 1000 for n in ("before", "after"))
                same = results["before"].equals(results["after"])
                print(f"| {label} | {view} | {b:,.0f} | {a:,.0f} | {a / b:.2f} | {same} |".replace(",", " "),
                      flush=True)
    for engine in engines.values():
        engine.dispose()


if __name__ == "__main__":
    main()
