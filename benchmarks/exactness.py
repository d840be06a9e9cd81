"""Exactness at scale: the rollup answers (data_access.dossiers: monthly + daily rollups) against the
definition over the `dossiers` rows (data_access.dossier_reference), figure by figure.

    .venv/bin/python -m benchmarks.exactness --db sqlite:////tmp/bdh_big.sqlite [--as-of 2026-12-04]

Per view (last year, all units and the busiest unit; a ragged period of this year; a single day — each in
the recorded view and in the current view of `--as-of`, SPEC §2.5) it compares 16 figures: the 14 of
`dossier_figures` (counts, stock as of the period's end, the exact median turnaround, the three rates),
the per-unit table and the per-month table. It prints each, equal or not, with both times, and exits 1 if
any differs.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date

import pandas as pd

from data_access import dossier_reference as ref
from data_access import dossiers as fast
from data_access.db import make_engine
from data_access.org import current
from data_access.period import Period
from data_access.scope import ALL_UNITS, Scope

from .run import views


def _frame(df: pd.DataFrame, key: str) -> pd.DataFrame:
    if df.empty:
        return pd.DataFrame()
    df = df.sort_values(key).reset_index(drop=True).astype(object)
    return df.where(df.notna(), None)


def _same_frame(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(a, b, check_dtype=False)
        return True
    except AssertionError:
        return False


def _timed(fn):
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def compare(conn, label: str, period: Period, scope: Scope) -> tuple[int, int]:
    got, t_fast = _timed(lambda: fast.dossier_figures(conn, period=period, scope=scope))
    want, t_ref = _timed(lambda: ref.dossier_figures(conn, period=period, scope=scope))
    checks = [(name, got[name], want[name], got[name] == want[name]) for name in sorted(want)]
    by_unit, t1 = _timed(lambda: _frame(fast.dossiers_by_unit(conn, period=period, scope=scope), "unit"))
    by_unit_ref, t2 = _timed(lambda: _frame(ref.dossiers_by_unit(conn, period=period, scope=scope), "unit"))
    checks.append(("per-unit table", f"{len(by_unit)} rows", f"{len(by_unit_ref)} rows",
                   _same_frame(by_unit, by_unit_ref)))
    by_month, t3 = _timed(lambda: fast.dossiers_by_bucket(conn, period=period, scope=scope, grain="month"))
    by_month_ref, t4 = _timed(lambda: ref.dossiers_by_bucket(conn, period=period, scope=scope, grain="month"))
    checks.append(("per-month table", f"{len(by_month)} rows", f"{len(by_month_ref)} rows",
                   by_month.empty == by_month_ref.empty and
                   (by_month.empty or _same_frame(by_month, by_month_ref[by_month.columns]))))
    equal = sum(ok for *_, ok in checks)
    print(f"\n{label} {period.start}…{period.end}: {equal}/{len(checks)} equal "
          f"(rollups {(t_fast + t1 + t3) * 1000:,.0f} ms, definition {(t_ref + t2 + t4):,.1f} s)", flush=True)
    for name, a, b, ok in checks:
        print(f"  {'=' if ok else '≠'} {name}: {a}" + ("" if ok else f"  (definition: {b})"), flush=True)
    return equal, len(checks)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 29))
    args = ap.parse_args(argv)
    engine = make_engine(args.db)
    total = [0, 0]
    with engine.connect() as conn:
        year_all, year_one = [v for v in views(conn, args.as_of) if v.label == "year"]
        ragged = Period(date(args.as_of.year, 1, 15), args.as_of)
        day = Period(args.as_of, args.as_of)
        cases = [("year, all units", year_all.period, year_all.scope),
                 (f"year, {year_one.scope_label}", year_one.period, year_one.scope),
                 ("ragged period, all units", ragged, ALL_UNITS), ("one day, all units", day, ALL_UNITS)]
        for label, period, scope in cases:
            for org, s in (("recorded", scope), ("current", Scope(scope.unit_codes, current(args.as_of)))):
                equal, n = compare(conn, f"{label} ({org} view)", period, s)
                total[0] += equal
                total[1] += n
    engine.dispose()
    print(f"\n{total[0]} of {total[1]} figures equal")
    sys.exit(0 if total[0] == total[1] else 1)


if __name__ == "__main__":
    main()
