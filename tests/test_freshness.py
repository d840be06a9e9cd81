"""Data freshness per unit and source on SQLite and PostgreSQL: an import stamps the units whose rows it
held, a unit is stale exactly `stale_days` days after its last feed, and never-fed units are stale."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from data_access import freshness
from data_access.importer import import_file
from data_access.schema import unit_freshness

from tests.builders import add_unit, base_org
from tests.test_importer import DOSSIER_HEADER, write_csv

FED_AT = datetime(2026, 12, 1, 9, 30)


def _fed(conn, source, **rows):
    freshness.record_feed(conn, source, rows, at=FED_AT)


def test_an_import_stamps_the_units_whose_rows_it_held(engine, tmp_path):
    with engine.begin() as conn:
        base_org(conn)
    header = ["task_id", "title", "assigned_by", "lead_unit", "assigned_date"]
    result = import_file(engine, "tasks", write_csv(tmp_path / "t.csv", [
        header, ["T1", "Việc một", "CT", "STC", "2026-11-02"], ["T2", "Việc hai", "CT", "STC", "2026-11-03"],
        ["T3", "Việc ba", "CT", "SXD", "2026-11-04"]]))
    assert result.status == "ok"
    import_file(engine, "dossiers", write_csv(tmp_path / "d.csv", [
        DOSSIER_HEADER, ["HS1", "H_BS", "TT1", "Cấp giấy phép xây dựng", "Xây dựng", "online", "2026-11-30 08:00",
                         "2026-12-04 17:00", "", "", "", ""]]))
    with engine.connect() as conn:
        rows = {(r.unit, r.source): r for r in conn.execute(unit_freshness.select())}
        province = freshness.last_fed(conn)
        stc = freshness.last_fed(conn, unit_codes=["STC"])
    assert {k: r.rows_fed for k, r in rows.items()} == {("STC", "tasks"): 2, ("SXD", "tasks"): 1,
                                                        ("H_BS", "dossiers"): 1}
    assert province["tasks"] == rows[("STC", "tasks")].last_fed_at and province["petitions"] is None
    assert province["dossiers"] >= province["tasks"]
    assert stc == {"tasks": rows[("STC", "tasks")].last_fed_at, "dossiers": None, "petitions": None}

    # A later import of one unit's rows (unchanged ones too) moves only that unit on.
    before = rows[("SXD", "tasks")].last_fed_at
    import_file(engine, "tasks", write_csv(tmp_path / "t2.csv", [header, ["T1", "Việc một", "CT", "STC", "2026-11-02"]]))
    with engine.connect() as conn:
        again = {(r.unit, r.source): r for r in conn.execute(unit_freshness.select())}
    assert again[("STC", "tasks")].rows_fed == 1 and again[("STC", "tasks")].last_fed_at >= before
    assert again[("SXD", "tasks")].last_fed_at == before


def test_a_refused_import_stamps_nothing(engine, tmp_path):
    with engine.begin() as conn:
        base_org(conn)
    header = ["task_id", "title", "assigned_by", "lead_unit", "assigned_date"]
    result = import_file(engine, "tasks", write_csv(tmp_path / "t.csv", [
        header, ["T1", "Việc một", "CT", "STC", "2026-11-02"], ["T2", "Việc hai", "CT", "KHONGCO", "2026-11-03"]]))
    assert result.status == "rejected"
    with engine.connect() as conn:
        assert conn.execute(unit_freshness.select()).all() == []


@pytest.mark.parametrize("source, days", [("tasks", 14), ("dossiers", 7), ("petitions", 30)])
def test_stale_exactly_at_the_threshold(engine, source, days):
    """Fed on 1/12: with N days still fresh on day 1/12 + N − 1, stale on 1/12 + N."""
    with engine.begin() as conn:
        base_org(conn)
        _fed(conn, source, STC=5)
    last_fresh = date(2026, 12, days)   # 1/12 + (days − 1)
    first_stale = date.fromordinal(last_fresh.toordinal() + 1)
    with engine.connect() as conn:
        fresh = freshness.freshness_by_unit(conn, last_fresh, sources=[source])
        stale = freshness.stale_units(conn, first_stale, sources=[source])
    stc = fresh[fresh["unit"] == "STC"].iloc[0]
    assert (bool(stc["stale"]), stc["days_since"], stc["stale_days"], stc["rows_fed"]) == (False, days - 1, days, 5)
    assert "STC" in set(stale["unit"])
    assert stale[stale["unit"] == "STC"].iloc[0]["days_since"] == days


def test_stale_units_lists_units_of_the_day_never_fed_included(engine):
    with engine.begin() as conn:
        base_org(conn)
        add_unit(conn, "SKHDT", "Sở Kế hoạch và Đầu tư", valid_to=date(2025, 2, 28))  # gone: not listed
        _fed(conn, "tasks", STC=3, SXD=1)
        conn.execute(unit_freshness.update().where(unit_freshness.c.unit == "SXD")
                     .values(last_fed_at=datetime(2026, 11, 1, 8, 0)))
    with engine.connect() as conn:
        stale = freshness.stale_units(conn, date(2026, 12, 3), sources=["tasks"])
        fed_only = freshness.stale_units(conn, date(2026, 12, 3), sources=["tasks"], include_never_fed=False)
        custom = freshness.stale_units(conn, date(2026, 12, 3), sources=["tasks"], stale_days={"tasks": 2},
                                       include_never_fed=False)
    assert "STC" not in set(stale["unit"]) and "SKHDT" not in set(stale["unit"])
    assert set(stale["unit"]) == {"SXD", "VPUB", "SNV", "H_BS", "H_MD", "X_BT", "X_DM"}
    assert stale.iloc[0]["unit"] == "SXD" and stale.iloc[0]["days_since"] == 32  # oldest feed first, then never
    assert pd.isna(stale[stale["unit"] == "VPUB"].iloc[0]["last_fed_at"])
    assert list(fed_only["unit"]) == ["SXD"]
    assert list(custom["unit"]) == ["SXD", "STC"]  # fed 1/12, 2 days: stale on 3/12
