"""The Alembic migrations build exactly the schema the code declares, on both databases."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from data_access.db import make_engine
from data_access.migrate import is_initialised, upgrade
from data_access.schema import metadata
from data_access.scope import ALL_UNITS


def test_migrations_match_the_declared_schema(migrated_url):
    engine = make_engine(migrated_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    engine.dispose()
    assert differences == []


def test_upgrade_in_place_is_a_no_op_when_current(migrated_url):
    engine = make_engine(migrated_url)
    assert is_initialised(engine)
    upgrade(engine)  # a second upgrade must neither fail nor change anything
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() is not None
    engine.dispose()


def test_upgrading_a_filled_database_to_lineage_rebuilds_the_rollups(tmp_path_factory, request):
    """A database at 0007 with dossiers (and no rollup triggers: 0003/0005 leave them to 0009) is
    upgraded in place: 0009 keys the rollups for the organisation over time and they equal a rebuild."""
    from datetime import date, datetime, timedelta

    import pytest
    from alembic import command
    from sqlalchemy import select

    from conftest import dispose_database, new_database_url
    from data_access import dossiers as fast
    from data_access import dossier_reference as ref
    from data_access import rollups
    from data_access.migrate import alembic_config
    from data_access.period import Period
    from data_access.schema import dossier_daily, dossiers, leaders, procedures, units

    for backend in ("sqlite", "postgresql"):
        try:
            url = new_database_url(backend, tmp_path_factory, "bdh_upgrade")
        except pytest.skip.Exception:
            continue
        engine = make_engine(url)
        try:
            with engine.begin() as conn:
                command.upgrade(alembic_config(conn), "0007")
            with engine.begin() as conn:
                conn.execute(leaders.insert(), [{"code": "CT", "name": "Chủ tịch", "title": "chairman"}])
                conn.execute(units.insert(), [
                    {"code": "H_BS", "name": "Huyện Bình Sơn", "kind": "district", "valid_from": None,
                     "valid_to": date(2025, 6, 30)},
                    {"code": "X_BS", "name": "Xã Bình Sơn", "kind": "commune", "valid_from": date(2025, 7, 1),
                     "valid_to": None}])
                conn.execute(procedures.insert(), [{"code": "TT1", "name": "Thủ tục 1"}])
                conn.execute(dossiers.insert(), [
                    {"dossier_id": f"HS{n}", "unit": "H_BS", "procedure_code": "TT1", "channel": "online",
                     "received_at": datetime(2025, 6, 1 + n, 9), "due_at": datetime(2025, 6, 20, 17),
                     "resolved_at": datetime(2025, 6, 20, 9) + timedelta(days=2 * n) if n % 2 == 0 else None}
                    for n in range(8)])
            upgrade(engine)
            with engine.begin() as conn:
                assert rollups.stored_boundaries(conn) == {date(2025, 7, 1)}
                kept = sorted(tuple(r) for r in conn.execute(select(dossier_daily)))
                rollups.rebuild(conn)
                assert sorted(tuple(r) for r in conn.execute(select(dossier_daily))) == kept
                period = Period(date(2025, 1, 1), date(2025, 12, 31))
                assert fast.dossier_figures(conn, period=period, scope=ALL_UNITS) == \
                    ref.dossier_figures(conn, period=period, scope=ALL_UNITS)
                assert fast.dossier_figures(conn, period=period, scope=ALL_UNITS)["dossiers_received"] == 8
        finally:
            engine.dispose()
            dispose_database(backend, url)


def test_0014_adds_the_late_resolution_index_and_the_past_overdue_list_reads_it(tmp_path_factory):
    """0014 on a database at 0010 adds `ix_dossiers_resolved_late` (only dossiers resolved after their due
    date) and its downgrade takes it away; the overdue list at a past day then finds the dossiers resolved
    since through it (SQLite's plan names it), with the same rows as the definition."""
    from datetime import date, datetime, timedelta

    import pytest
    from alembic import command
    from sqlalchemy import inspect

    from conftest import dispose_database, new_database_url
    from data_access import dossier_reference as ref
    from data_access import dossiers as fast
    from data_access.migrate import alembic_config
    from data_access.schema import dossiers, procedures, units

    def late_index(engine) -> list:
        return [ix for ix in inspect(engine).get_indexes("dossiers") if ix["name"] == "ix_dossiers_resolved_late"]

    for backend in ("sqlite", "postgresql"):
        try:
            url = new_database_url(backend, tmp_path_factory, "bdh_0014")
        except pytest.skip.Exception:
            continue
        engine = make_engine(url)
        try:
            with engine.begin() as conn:
                command.upgrade(alembic_config(conn), "0010")
            assert late_index(engine) == []
            upgrade(engine)
            assert [ix["column_names"] for ix in late_index(engine)] == [
                ["resolved_at", "unit", "due_at", "received_at", "ended_at", "handover_to"]]
            with engine.begin() as conn:
                conn.execute(units.insert(), [{"code": "STC", "name": "Sở Tài chính", "kind": "department"}])
                conn.execute(procedures.insert(), [{"code": "TT1", "name": "Thủ tục 1"}])
                conn.execute(dossiers.insert(), [
                    {"dossier_id": f"HS{n}", "unit": "STC", "procedure_code": "TT1", "channel": "online",
                     "received_at": datetime(2025, 12, 1, 9), "due_at": datetime(2025, 12, 10 + n, 17),
                     "resolved_at": None if n == 9 else datetime(2025, 12, 20, 9) + timedelta(days=n)}
                    for n in range(10)])  # due 10–19/12, resolved 20–28/12 (late) or still open
                as_of = date(2025, 12, 15)
                got = fast.overdue_pending_dossiers(conn, as_of=as_of, scope=ALL_UNITS)
                assert got.to_dict("records") == ref.overdue_pending_dossiers(conn, as_of=as_of,
                                                                               scope=ALL_UNITS).to_dict("records")
                assert got["dossiers_pending_overdue"].tolist() == [5]  # due 10–14/12, none closed by 15/12
                if backend == "sqlite":
                    rows = fast._pending_overdue_rows("sqlite", fast.Period(as_of, as_of), ALL_UNITS.bind(conn))
                    compiled = rows.element.compile(conn)
                    values = tuple(str(compiled.params[k]) for k in compiled.positiontup)
                    plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", values))
                    assert "ix_dossiers_resolved_late" in plan
            with engine.begin() as conn:
                command.downgrade(alembic_config(conn), "0010")
            assert late_index(engine) == []
        finally:
            engine.dispose()
            dispose_database(backend, url)


def test_0015_fills_the_monthly_rollups_from_the_daily_ones_and_its_downgrade_takes_them_away(tmp_path_factory):
    """0015 on a database at 0014 with dossiers: the monthly tables are the daily rows summed per month,
    the figures read through them equal the definition, later writes reach them by trigger; the downgrade
    drops the tables and their triggers (the daily rollups keep working), and an upgrade brings them back."""
    from datetime import date, datetime, timedelta

    import pytest
    from alembic import command
    from sqlalchemy import inspect, select

    from conftest import dispose_database, new_database_url
    from data_access import dossier_reference as ref
    from data_access import dossiers as fast
    from data_access import rollups
    from data_access.migrate import alembic_config
    from data_access.period import Period
    from data_access.schema import dossier_daily, dossiers, procedures, units
    from tests.test_monthly_rollups import daily_summed_per_month, monthly_snapshot

    monthly_tables = {"dossier_monthly", "dossier_backlog_monthly", "dossier_turnaround_monthly"}

    def add(conn, first: int, n: int):
        conn.execute(dossiers.insert(), [
            {"dossier_id": f"HS{k}", "unit": "STC", "procedure_code": "TT1", "channel": "online",
             "received_at": datetime(2025, 1, 1, 9) + timedelta(days=5 * k), "due_at": datetime(2025, 3, 1, 17),
             "resolved_at": datetime(2025, 1, 3, 9) + timedelta(days=7 * k) if k % 3 else None}
            for k in range(first, first + n)])

    for backend in ("sqlite", "postgresql"):
        try:
            url = new_database_url(backend, tmp_path_factory, "bdh_0015")
        except pytest.skip.Exception:
            continue
        engine = make_engine(url)
        try:
            with engine.begin() as conn:
                command.upgrade(alembic_config(conn), "0014")
                conn.execute(units.insert(), [{"code": "STC", "name": "Sở Tài chính", "kind": "department"}])
                conn.execute(procedures.insert(), [{"code": "TT1", "name": "Thủ tục 1"}])
                add(conn, 0, 40)
            assert not monthly_tables & set(inspect(engine).get_table_names())
            upgrade(engine)
            period = Period(date(2025, 1, 10), date(2025, 6, 20))
            with engine.begin() as conn:
                assert monthly_snapshot(conn)[0] and monthly_snapshot(conn) == daily_summed_per_month(conn)
                assert fast.dossier_figures(conn, period=period) == ref.dossier_figures(conn, period=period)
                add(conn, 40, 10)  # through the triggers on the daily tables
                assert monthly_snapshot(conn) == daily_summed_per_month(conn)
                assert fast.dossier_figures(conn, period=period) == ref.dossier_figures(conn, period=period)
            with engine.begin() as conn:
                command.downgrade(alembic_config(conn), "0014")
            assert not monthly_tables & set(inspect(engine).get_table_names())
            with engine.begin() as conn:
                add(conn, 50, 5)  # the daily rollups' triggers still work without the monthly ones
                kept = sorted(tuple(r) for r in conn.execute(select(dossier_daily)))
                rollups.rebuild(conn)  # at 0014: the daily rollups only
                assert sorted(tuple(r) for r in conn.execute(select(dossier_daily))) == kept
            upgrade(engine)
            with engine.begin() as conn:
                assert monthly_snapshot(conn) == daily_summed_per_month(conn)
                assert fast.dossier_figures(conn, period=period) == ref.dossier_figures(conn, period=period)
        finally:
            engine.dispose()
            dispose_database(backend, url)
