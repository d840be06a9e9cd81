"""The dossier rollups give exactly the figures of the rows, on SQLite and PostgreSQL.

Random dossiers with every awkward case (date-only values, resolved and ended, resolved before
received, pending for years, rated or not) are written through plain INSERTs, then changed by an
import that updates existing dossiers and adds new ones, then partly deleted; after each step every
rollup-backed figure must equal `dossier_reference` (the definition, computed from the rows), and
the trigger-kept rollups must equal a rebuild from scratch.
"""
from __future__ import annotations

import csv
import random
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import select

from data_access import dossier_reference as ref
from data_access import dossiers as fast
from data_access import rollups
from data_access.importer import import_file
from data_access.period import Period
from data_access.schema import dossier_backlog, dossier_daily, dossier_turnaround, dossiers, procedures, unit_lineage
from data_access.scope import ALL_UNITS, Scope
from tests import builders
from tests.test_monthly_rollups import daily_summed_per_month, monthly_snapshot

UNITS = ["VPUB", "STC", "SXD", "H_BS", "X_BT"]
START = datetime(2024, 1, 1, 7, 0)
PERIODS = [Period(date(2024, 1, 1), date(2024, 12, 31)), Period(date(2024, 2, 29), date(2024, 2, 29)),
           Period(date(2025, 1, 1), date(2025, 2, 15))]
SCOPES = [ALL_UNITS, Scope(frozenset({"H_BS", "X_BT"})), Scope(frozenset())]


def _moment(rng: random.Random, base: datetime, days: float) -> datetime:
    value = base + timedelta(minutes=rng.randrange(0, int(days * 24 * 60)))
    return value.replace(hour=0, minute=0) if rng.random() < 0.15 else value  # some midnights


def _dossier(rng: random.Random, n: int) -> dict:
    received = _moment(rng, START, 400)
    due = received + timedelta(days=rng.choice([0, 0, 1, 3, 10, 30]), hours=rng.randrange(0, 10))
    fate = rng.random()
    resolved = ended = end_state = None
    if fate < 0.7:
        resolved = received + timedelta(hours=rng.randrange(0, 24 * 40))
    elif fate < 0.75:
        resolved = received - timedelta(hours=rng.randrange(1, 48))  # bad source data: before reception
    elif fate < 0.85:
        end_state, ended = rng.choice(["withdrawn", "returned"]), received + timedelta(days=rng.randrange(0, 30))
    elif fate < 0.9:  # both a resolution and an ending (inconsistent export): the earlier closes it
        resolved = received + timedelta(days=rng.randrange(0, 30))
        end_state, ended = "returned", received + timedelta(days=rng.randrange(0, 30))
    return {"dossier_id": f"R{n:05d}", "unit": rng.choice(UNITS), "procedure_code": rng.choice(["TT1", "TT2"]),
            "channel": rng.choice(["direct", "online", "postal"]), "received_at": received, "due_at": due,
            "due_has_time": rng.random() < 0.8, "resolved_at": resolved, "resolved_has_time": rng.random() < 0.8,
            "end_state": end_state, "ended_at": ended,
            "rating": rng.choice([None, "satisfied", "unsatisfied"]) if resolved else None}


def _frame(df: pd.DataFrame, key: str) -> pd.DataFrame:
    if df.empty:
        return pd.DataFrame()
    df = df.sort_values(key).reset_index(drop=True).astype(object)
    return df.where(df.notna(), None)


def assert_same_figures(conn):
    for period in PERIODS:
        for scope in SCOPES:
            assert fast.dossier_figures(conn, period=period, scope=scope) == \
                ref.dossier_figures(conn, period=period, scope=scope), (period, scope)
            pd.testing.assert_frame_equal(_frame(fast.dossiers_by_unit(conn, period=period, scope=scope), "unit"),
                                          _frame(ref.dossiers_by_unit(conn, period=period, scope=scope), "unit"),
                                          check_dtype=False)
            for grain in ("month", "week"):
                got = fast.dossiers_by_bucket(conn, period=period, scope=scope, grain=grain)
                want = ref.dossiers_by_bucket(conn, period=period, scope=scope, grain=grain)
                assert got.empty == want.empty
                if not want.empty:
                    pd.testing.assert_frame_equal(got, want[got.columns], check_dtype=False)
            pd.testing.assert_frame_equal(fast.dossiers_by_channel(conn, period=period, scope=scope),
                                          ref.dossiers_by_channel(conn, period=period, scope=scope))
            pd.testing.assert_frame_equal(fast.dossiers_by_field(conn, period=period, scope=scope),
                                          ref.dossiers_by_field(conn, period=period, scope=scope), check_dtype=False)
            pd.testing.assert_frame_equal(fast.overdue_pending_dossiers(conn, as_of=period.end, scope=scope),
                                          ref.overdue_pending_dossiers(conn, as_of=period.end, scope=scope),
                                          check_dtype=False)


def assert_rollups_equal_rebuild(conn):
    def snapshot():
        f, b, t = len(rollups.FLOW_KEY), len(rollups.BACKLOG_KEY), len(rollups.TURNAROUND_KEY)
        return ({r[:f]: r[f:] for r in conn.execute(select(dossier_daily)) if any(r[f:])},
                {r[:b]: r[b:] for r in conn.execute(select(dossier_backlog)) if any(r[b:])},
                {r[:t]: r[t] for r in conn.execute(select(dossier_turnaround)) if r[t]})
    kept = snapshot(), monthly_snapshot(conn)
    assert kept[1] == daily_summed_per_month(conn)  # the months follow the days by trigger
    rollups.rebuild(conn)
    assert (snapshot(), monthly_snapshot(conn)) == kept


def _write_csv(path, rows):
    header = ["dossier_id", "unit", "procedure_code", "procedure_name", "field", "channel", "received_at", "due_at",
              "resolved_at", "end_state", "ended_at", "rating"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        for r in rows:
            def when(value, timed=True):
                if value is None:
                    return ""
                return value.strftime("%Y-%m-%d %H:%M:%S") if timed else value.strftime("%d/%m/%Y")
            out.writerow([r["dossier_id"], r["unit"], r["procedure_code"], f"Thủ tục {r['procedure_code']}",
                          "Xây dựng" if r["procedure_code"] == "TT1" else "", r["channel"], when(r["received_at"]),
                          when(r["due_at"], r["due_has_time"]), when(r["resolved_at"], r["resolved_has_time"]),
                          r["end_state"] or "", when(r["ended_at"]), r["rating"] or ""])


def test_rollup_figures_equal_the_rows_through_inserts_imports_and_deletes(engine, tmp_path):
    rng = random.Random(6)
    rows = [_dossier(rng, n) for n in range(400)]
    with engine.begin() as conn:
        builders.base_org(conn)
        conn.execute(procedures.insert(), [{"code": "TT2", "name": "Thủ tục 2", "field": None}])
        conn.execute(dossiers.insert(), rows)
    with engine.begin() as conn:
        assert_same_figures(conn)
        assert_rollups_equal_rebuild(conn)

    # An import that resolves, ends, re-dates and moves existing dossiers, and adds new ones.
    changed = []
    for r in rng.sample(rows, 150):
        r = dict(r)
        r.update(_dossier(rng, int(r["dossier_id"][1:])))
        changed.append(r)
    changed += [_dossier(rng, n) for n in range(400, 480)]
    path = tmp_path / "dossiers.csv"
    _write_csv(path, changed)
    # The importer refuses a resolution before reception (the INSERTs above let it in): skip those rows.
    result = import_file(engine, "dossiers", path, user="tester", skip_invalid=True)
    assert result.status in ("ok", "partial"), result.message
    assert result.updated > 100 and result.inserted > 60
    with engine.begin() as conn:
        assert_same_figures(conn)
        assert_rollups_equal_rebuild(conn)

    with engine.begin() as conn:
        conn.execute(dossiers.delete().where(dossiers.c.unit == "STC"))
        conn.execute(dossiers.update().where(dossiers.c.unit == "VPUB").values(resolved_at=None, rating=None))
    with engine.begin() as conn:
        assert_same_figures(conn)
        assert_rollups_equal_rebuild(conn)


def test_deleting_every_dossier_leaves_only_zero_rollups(engine):
    with engine.begin() as conn:
        builders.base_org(conn)
        builders.add_dossier(conn, received=datetime(2024, 5, 2, 9), due=datetime(2024, 5, 3, 17),
                             resolved=datetime(2024, 5, 6, 8), rating="satisfied")
        conn.execute(dossiers.delete())
        f, b, t = len(rollups.FLOW_KEY), len(rollups.BACKLOG_KEY), len(rollups.TURNAROUND_KEY)
        assert all(not any(r[f:]) for r in conn.execute(select(dossier_daily)))
        assert all(not any(r[b:]) for r in conn.execute(select(dossier_backlog)))
        assert all(not r[t] for r in conn.execute(select(dossier_turnaround)))


def test_rollups_stay_exact_in_the_current_view_when_a_reorganisation_is_recorded_later(engine):
    """Dossiers first, the reorganisation afterwards (as when lineage is imported into a running
    database): the boundaries are synced, the re-keyed rollups equal a rebuild, and every figure of
    the current view equals the definition computed from the rows, on the day before, on the
    effective dates and after."""
    from data_access.org import current
    from data_access.schema import units

    rng = random.Random(10)
    rows = [_dossier(rng, n) for n in range(500)]
    for r in rows:
        r["handover_to"] = rng.choice([None] * 8 + ["X_DM", "VPUB"])
    with engine.begin() as conn:
        builders.base_org(conn)
        conn.execute(procedures.insert(), [{"code": "TT2", "name": "Thủ tục 2", "field": None}])
        conn.execute(dossiers.insert(), rows)
    with engine.begin() as conn:
        # H_BS splits on 1/7/2024 (X_BT primary, X_DM); STC merges into SXD on 1/10/2024.
        conn.execute(units.update().where(units.c.code == "H_BS").values(valid_to=date(2024, 6, 30)))
        conn.execute(units.update().where(units.c.code == "STC").values(valid_to=date(2024, 9, 30)))
        builders.add_edge(conn, "H_BS", "X_BT", date(2024, 7, 1), "split", primary=True)
        builders.add_edge(conn, "H_BS", "X_DM", date(2024, 7, 1), "split")
        builders.add_edge(conn, "STC", "SXD", date(2024, 10, 1))
        assert rollups.sync_boundaries(conn)
        assert not rollups.sync_boundaries(conn)  # nothing left to do
        assert_rollups_equal_rebuild(conn)
    periods = PERIODS + [Period(date(2024, 6, 1), date(2024, 6, 30)), Period(date(2024, 7, 1), date(2024, 7, 1)),
                         Period(date(2024, 10, 1), date(2024, 12, 31))]
    with engine.begin() as conn:
        for period in periods:
            for on in sorted({period.end, date(2024, 6, 30), date(2024, 7, 1), date(2025, 2, 15)}):
                for codes in (None, {"X_BT"}, {"SXD"}, {"X_DM", "VPUB"}):
                    if on < date(2024, 7, 1) and codes and "SXD" not in codes:
                        codes = codes | {"H_BS"}
                    scope = Scope(None if codes is None else frozenset(codes), current(on))
                    assert fast.dossier_figures(conn, period=period, scope=scope) == \
                        ref.dossier_figures(conn, period=period, scope=scope), (period, on, codes)
                    pd.testing.assert_frame_equal(
                        _frame(fast.dossiers_by_unit(conn, period=period, scope=scope), "unit"),
                        _frame(ref.dossiers_by_unit(conn, period=period, scope=scope), "unit"), check_dtype=False)
                    pd.testing.assert_frame_equal(
                        fast.overdue_pending_dossiers(conn, as_of=period.end, scope=scope),
                        ref.overdue_pending_dossiers(conn, as_of=period.end, scope=scope), check_dtype=False)
        # the province is the same whichever day's organisation counts it
        for period in periods:
            assert fast.dossier_figures(conn, period=period, scope=Scope(None, current(date(2025, 2, 15)))) == \
                ref.dossier_figures(conn, period=period, scope=ALL_UNITS)

    # Later changes to the dossiers go through the triggers under the new keys.
    with engine.begin() as conn:
        conn.execute(dossiers.update().where(dossiers.c.unit == "H_BS").values(resolved_at=None, rating=None))
        conn.execute(dossiers.update().where(dossiers.c.unit == "STC").values(handover_to="X_DM"))
        conn.execute(dossiers.delete().where(dossiers.c.unit == "VPUB"))
        assert_rollups_equal_rebuild(conn)
        scope = Scope(None, current(date(2025, 2, 15)))
        for period in periods:
            pd.testing.assert_frame_equal(_frame(fast.dossiers_by_unit(conn, period=period, scope=scope), "unit"),
                                          _frame(ref.dossiers_by_unit(conn, period=period, scope=scope), "unit"),
                                          check_dtype=False)
        # removing the reorganisation again re-keys back
        conn.execute(dossiers.update().values(handover_to=None))
        conn.execute(unit_lineage.delete())
        conn.execute(units.update().values(valid_to=None))
        assert rollups.sync_boundaries(conn)
        assert rollups.stored_boundaries(conn) == set()
        assert_rollups_equal_rebuild(conn)
