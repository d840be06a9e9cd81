"""The monthly rollups (migration 0015): always the sum of the daily ones, whatever writes the daily rows —
the dossier triggers, a rebuild, a hand-written statement on a daily table, a TRUNCATE (PostgreSQL) — and
every figure a period reads from them (whole months monthly, ragged days daily, stock as of a day) equal to
the definition over `dossiers` (dossier_reference), in both views of the organisation (SPEC §2.5).
"""
from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import select, text

from data_access import dossier_reference as ref
from data_access import dossiers as fast
from data_access import rollups
from data_access.org import current
from data_access.period import Period
from data_access.schema import dossier_daily, dossiers, procedures, units
from data_access.scope import ALL_UNITS, Scope
from tests import builders

UNITS = ["VPUB", "STC", "SXD", "H_BS", "X_BT"]
START = datetime(2023, 11, 1, 7, 0)

PERIODS = [
    Period(date(2024, 1, 1), date(2024, 3, 31)),    # whole months
    Period(date(2024, 2, 1), date(2024, 2, 29)),    # the leap-day month, whole
    Period(date(2024, 2, 1), date(2024, 2, 28)),    # …and without its last day (no whole month)
    Period(date(2024, 1, 15), date(2024, 3, 10)),   # ragged at both ends around one whole month
    Period(date(2024, 3, 3), date(2024, 3, 3)),     # a single day
    Period(date(2023, 12, 10), date(2024, 1, 20)),  # across a year boundary, no whole month
    Period(date(2023, 11, 30), date(2025, 1, 1)),   # a day, thirteen whole months, a day
    Period(date(2024, 1, 1), date(2024, 12, 31)),   # a year
]
STOCK_DAYS = [date(2023, 12, 31), date(2024, 1, 1), date(2024, 2, 29), date(2024, 3, 1), date(2024, 6, 30),
              date(2024, 7, 1), date(2024, 7, 17), date(2025, 1, 31)]


def _moment(rng: random.Random, base: datetime, days: float) -> datetime:
    value = base + timedelta(minutes=rng.randrange(0, int(days * 24 * 60)))
    return value.replace(hour=0, minute=0) if rng.random() < 0.15 else value


def _dossier(rng: random.Random, n: int) -> dict:
    received = _moment(rng, START, 450)
    due = received + timedelta(days=rng.choice([0, 1, 3, 10, 30]), hours=rng.randrange(0, 10))
    fate = rng.random()
    resolved = ended = end_state = None
    if fate < 0.7:
        resolved = received + timedelta(hours=rng.randrange(0, 24 * 60))
    elif fate < 0.8:
        end_state, ended = rng.choice(["withdrawn", "returned"]), received + timedelta(days=rng.randrange(0, 40))
    return {"dossier_id": f"M{n:05d}", "unit": rng.choice(UNITS), "procedure_code": rng.choice(["TT1", "TT2"]),
            "channel": rng.choice(["direct", "online", "postal"]), "received_at": received, "due_at": due,
            "due_has_time": rng.random() < 0.8, "resolved_at": resolved, "resolved_has_time": rng.random() < 0.8,
            "end_state": end_state, "ended_at": ended,
            "rating": rng.choice([None, "satisfied", "unsatisfied"]) if resolved else None,
            "handover_to": rng.choice([None] * 8 + ["X_DM", "VPUB"])}


def _nonzero(rows: dict) -> dict:
    return {k: v for k, v in rows.items() if any(v)}


def monthly_snapshot(conn) -> list[dict]:
    """The monthly tables' rows that are not all zero, keyed by their key."""
    out = []
    for _, monthly, key, counts in rollups.MONTHLY:
        mkey = rollups.monthly_key(key)
        out.append(_nonzero({tuple(r[k] for k in mkey): tuple(r[c] for c in counts)
                             for r in conn.execute(select(monthly)).mappings()}))
    return out


def daily_summed_per_month(conn) -> list[dict]:
    """The daily tables' rows added up per first day of the month, in Python."""
    out = []
    for daily, _, key, counts in rollups.MONTHLY:
        sums: dict = defaultdict(lambda: [0] * len(counts))
        for r in conn.execute(select(daily)).mappings():
            k = tuple(r[k].replace(day=1) if k == "day" else r[k] for k in key)
            for i, c in enumerate(counts):
                sums[k][i] += r[c]
        out.append(_nonzero({k: tuple(v) for k, v in sums.items()}))
    return out


def assert_monthly_is_the_sum_of_daily(conn):
    kept = monthly_snapshot(conn)
    assert sum(len(t) for t in kept) > 0 or not conn.execute(select(dossiers.c.dossier_id).limit(1)).first()
    assert kept == daily_summed_per_month(conn)
    rollups.rebuild(conn)
    assert monthly_snapshot(conn) == kept == daily_summed_per_month(conn)


def _frame(df: pd.DataFrame, key: str) -> pd.DataFrame:
    if df.empty:
        return pd.DataFrame()
    df = df.sort_values(key).reset_index(drop=True).astype(object)
    return df.where(df.notna(), None)


def assert_figures_are_the_definition(conn, scopes):
    for scope in scopes:
        for period in PERIODS + [Period(d, d) for d in STOCK_DAYS]:
            assert fast.dossier_figures(conn, period=period, scope=scope) == \
                ref.dossier_figures(conn, period=period, scope=scope), (period, scope)
            pd.testing.assert_frame_equal(_frame(fast.dossiers_by_unit(conn, period=period, scope=scope), "unit"),
                                          _frame(ref.dossiers_by_unit(conn, period=period, scope=scope), "unit"),
                                          check_dtype=False)
        for period in PERIODS:
            got = fast.dossiers_by_bucket(conn, period=period, scope=scope, grain="month")
            want = ref.dossiers_by_bucket(conn, period=period, scope=scope, grain="month")
            assert got.empty == want.empty
            if not want.empty:
                pd.testing.assert_frame_equal(got, want[got.columns], check_dtype=False)
            pd.testing.assert_frame_equal(fast.dossiers_by_channel(conn, period=period, scope=scope),
                                          ref.dossiers_by_channel(conn, period=period, scope=scope))
            pd.testing.assert_frame_equal(fast.dossiers_by_field(conn, period=period, scope=scope),
                                          ref.dossiers_by_field(conn, period=period, scope=scope), check_dtype=False)


def _reorganise(conn):
    # H_BS splits on 1/7/2024 (X_BT primary, X_DM); STC merges into SXD on 1/10/2024.
    conn.execute(units.update().where(units.c.code == "H_BS").values(valid_to=date(2024, 6, 30)))
    conn.execute(units.update().where(units.c.code == "STC").values(valid_to=date(2024, 9, 30)))
    builders.add_edge(conn, "H_BS", "X_BT", date(2024, 7, 1), "split", primary=True)
    builders.add_edge(conn, "H_BS", "X_DM", date(2024, 7, 1), "split")
    builders.add_edge(conn, "STC", "SXD", date(2024, 10, 1))
    rollups.sync_boundaries(conn)


SCOPES = [ALL_UNITS, Scope(frozenset({"H_BS", "X_BT"})), Scope(frozenset({"SXD"})),
          Scope(None, current(date(2025, 1, 31))), Scope(frozenset({"X_BT"}), current(date(2025, 1, 31))),
          Scope(frozenset({"SXD", "X_DM"}), current(date(2024, 12, 31))),
          Scope(frozenset({"H_BS", "STC"}), current(date(2024, 6, 30)))]


@pytest.fixture
def filled(engine):
    rng = random.Random(15)
    rows = [_dossier(rng, n) for n in range(500)]
    with engine.begin() as conn:
        builders.base_org(conn)
        conn.execute(procedures.insert(), [{"code": "TT2", "name": "Thủ tục 2", "field": None}])
        conn.execute(dossiers.insert(), rows)
        _reorganise(conn)
    return engine


def test_whole_months_splits_a_period_into_months_and_ragged_days():
    # what the reading relies on: the months and the ragged days are exactly the period's days, once each
    for period in PERIODS + [Period(date(2023, 1, 31), date(2026, 3, 1))]:
        months, ragged = fast.whole_months(period)
        days = set()
        if months:
            m = months[0]
            while m <= months[1]:
                nxt = date(m.year + m.month // 12, m.month % 12 + 1, 1)
                days |= {m + timedelta(days=i) for i in range((nxt - m).days)}
                m = nxt
        for a, b in ragged:
            got = {a + timedelta(days=i) for i in range((b - a).days + 1)}
            assert not got & days
            days |= got
        assert days == {period.start + timedelta(days=i) for i in range(period.days)}, period
    assert fast.whole_months(Period(date(2024, 2, 1), date(2024, 2, 29))) == ((date(2024, 2, 1), date(2024, 2, 1)), [])
    assert fast.whole_months(Period(date(2024, 2, 1), date(2024, 2, 28))) == \
        (None, [(date(2024, 2, 1), date(2024, 2, 28))])


def test_figures_read_from_the_months_equal_the_definition_in_both_views(filled):
    with filled.begin() as conn:
        assert_monthly_is_the_sum_of_daily(conn)
        # the months are really read: a year of them holds far fewer rows than its days
        months = conn.execute(text("SELECT count(*) FROM dossier_monthly")).scalar()
        days = conn.execute(text("SELECT count(*) FROM dossier_daily")).scalar()
        assert 0 < months < days
        assert_figures_are_the_definition(conn, SCOPES)


def test_monthly_stays_the_sum_of_daily_through_dossier_writes(filled):
    rng = random.Random(16)
    with filled.begin() as conn:
        conn.execute(dossiers.insert(), [_dossier(rng, n) for n in range(500, 650)])
        assert_monthly_is_the_sum_of_daily(conn)
    with filled.begin() as conn:
        conn.execute(dossiers.update().where(dossiers.c.unit == "H_BS").values(resolved_at=None, rating=None))
        moved = conn.execute(select(dossiers.c.dossier_id, dossiers.c.received_at)
                             .where(dossiers.c.unit == "SXD")).all()
        for dossier_id, received in moved:  # re-dated by 20 days, some into another month
            conn.execute(dossiers.update().where(dossiers.c.dossier_id == dossier_id)
                         .values(received_at=received + timedelta(days=20)))
        conn.execute(dossiers.update().where(dossiers.c.unit == "STC").values(handover_to="X_DM"))
        assert_monthly_is_the_sum_of_daily(conn)
    with filled.begin() as conn:
        conn.execute(dossiers.delete().where(dossiers.c.unit == "VPUB"))
        assert_monthly_is_the_sum_of_daily(conn)
        assert_figures_are_the_definition(conn, [ALL_UNITS, Scope(None, current(date(2025, 1, 31))),
                                                 Scope(frozenset({"X_BT"}), current(date(2025, 1, 31)))])


def test_monthly_follows_statements_written_on_the_daily_tables(filled):
    with filled.begin() as conn:
        key = conn.execute(select(dossier_daily).limit(1)).mappings().one()
        # a hand-written delta, a new row, a changed key and a deleted row on the daily tables
        conn.execute(text("UPDATE dossier_daily SET received = received + 5, resolved = resolved + 2 "
                          "WHERE unit = 'STC'"))
        conn.execute(dossier_daily.insert().values(day=date(2024, 2, 29), unit="SXD", procedure_code="TT1",
                                                   channel="postal", closed_before=rollups.OPEN_KEY, handover_to="",
                                                   received=7, resolved=0, resolved_on_time=0, rated=0, satisfied=0))
        conn.execute(text("UPDATE dossier_backlog SET day = day + 4000 WHERE unit = 'H_BS'")
                     if conn.dialect.name == "postgresql" else
                     text("UPDATE dossier_backlog SET day = date(day, '+4000 days') WHERE unit = 'H_BS'"))
        conn.execute(text("UPDATE dossier_turnaround SET resolved = resolved * 3 WHERE unit = 'X_BT'"))
        conn.execute(dossier_daily.delete().where(dossier_daily.c.day == key["day"],
                                                  dossier_daily.c.unit == key["unit"]))
        assert monthly_snapshot(conn) == daily_summed_per_month(conn)


def test_emptying_a_daily_table_empties_its_months(filled):
    """TRUNCATE on PostgreSQL (its own statement trigger); on SQLite, which has no TRUNCATE, DELETE without
    WHERE (SQLite's truncate optimisation is off when the table has triggers: the row triggers fire)."""
    with filled.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE dossier_turnaround"))
            conn.execute(text("TRUNCATE dossier_daily, dossier_backlog"))
        else:
            for name in ("dossier_turnaround", "dossier_daily", "dossier_backlog"):
                conn.execute(text(f"DELETE FROM {name}"))
        assert monthly_snapshot(conn) == daily_summed_per_month(conn) == [{}, {}, {}]
        if conn.dialect.name == "postgresql":  # TRUNCATE leaves no rows (DELETE leaves zeroed months)
            assert conn.execute(text("SELECT count(*) FROM dossier_monthly")).scalar() == 0
        rollups.rebuild(conn)
        assert monthly_snapshot(conn) == daily_summed_per_month(conn)
        assert_figures_are_the_definition(conn, [ALL_UNITS, Scope(None, current(date(2025, 1, 31)))])
