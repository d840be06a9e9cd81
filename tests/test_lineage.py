"""The organisation over time (SPEC §2.5) on small hand-built data, on SQLite and PostgreSQL.

The province: two departments merged into one on 1/3/2025 (Sở Tài nguyên và Môi trường + Sở Nông
nghiệp và PTNT → Sở Nông nghiệp và Môi trường), a rename the same day (Ban Dân tộc → Sở Dân tộc và
Tôn giáo), a district split on 1/7/2025 into two new communes (Xã Bình Sơn primary, Xã Vạn Tường), its
old communes merged into them, a chain Xã Bình Hòa → Xã Bình Chánh (2023) → Xã Vạn Tường (2025), and a
district that ended at 2024 with no successor. Each test adds the few items it is about.
"""
from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import pandas as pd
import pytest

from builders import add_dossier, add_edge, add_petition, add_task, add_unit
from data_access import dossier_reference as ref
from data_access import dossiers, petitions, rollups, tasks
from data_access.briefing_queries import overdue_pending_dossiers_by_unit, overdue_tasks_by_unit
from data_access.importer import import_file
from data_access.kpi import all_figures
from data_access.org import RECORDED, RESIDUE, RESIDUE_NAME, UnitNotOnDate, current
from data_access.period import Period
from data_access.schema import leaders, procedures, unit_lineage
from data_access.scope import ALL_UNITS, Scope, resolve_scope

MERGED, SPLIT = date(2025, 3, 1), date(2025, 7, 1)
LATE_2025 = date(2025, 12, 31)
YEAR_2025_H2 = Period(date(2025, 7, 1), LATE_2025)
ALL_YEARS = Period(date(2022, 1, 1), LATE_2025)


def reorganised_province(conn):
    conn.execute(leaders.insert(), [{"code": "CT", "name": "Chủ tịch UBND tỉnh", "title": "chairman"}])
    conn.execute(procedures.insert(), [{"code": "TT1", "name": "Thủ tục 1", "field": "Đất đai", "time_limit_days": 5}])
    add_unit(conn, "STC", "Sở Tài chính")
    add_unit(conn, "STNMT", "Sở Tài nguyên và Môi trường", valid_to=date(2025, 2, 28))
    add_unit(conn, "SNN", "Sở Nông nghiệp và Phát triển nông thôn", valid_to=date(2025, 2, 28))
    add_unit(conn, "SNNMT", "Sở Nông nghiệp và Môi trường", valid_from=MERGED)
    add_unit(conn, "BDT", "Ban Dân tộc", valid_to=date(2025, 2, 28))
    add_unit(conn, "SDTTG", "Sở Dân tộc và Tôn giáo", valid_from=MERGED)
    add_unit(conn, "H_BS", "Huyện Bình Sơn", "district", valid_to=date(2025, 6, 30))
    add_unit(conn, "X_BT", "Xã Bình Thạnh", "commune", parent="H_BS", valid_to=date(2025, 6, 30))
    add_unit(conn, "X_BH", "Xã Bình Hòa", "commune", parent="H_BS", valid_to=date(2022, 12, 31))
    add_unit(conn, "X_BC", "Xã Bình Chánh", "commune", parent="H_BS", valid_from=date(2023, 1, 1),
             valid_to=date(2025, 6, 30))
    add_unit(conn, "X_BS", "Xã Bình Sơn", "commune", valid_from=SPLIT)
    add_unit(conn, "X_VT", "Xã Vạn Tường", "commune", valid_from=SPLIT)
    add_unit(conn, "H_OLD", "Huyện Sơn Hà cũ", "district", valid_to=date(2024, 12, 31))
    add_edge(conn, "STNMT", "SNNMT", MERGED)
    add_edge(conn, "SNN", "SNNMT", MERGED)
    add_edge(conn, "BDT", "SDTTG", MERGED, "rename")
    add_edge(conn, "X_BH", "X_BC", date(2023, 1, 1))
    add_edge(conn, "X_BC", "X_VT", SPLIT)
    add_edge(conn, "X_BT", "X_BS", SPLIT)
    add_edge(conn, "H_BS", "X_BS", SPLIT, "split", primary=True, basis="NQ 1677/NQ-UBTVQH15")
    add_edge(conn, "H_BS", "X_VT", SPLIT, "split")
    rollups.sync_boundaries(conn)  # what the importer does after a units or lineage import


@pytest.fixture
def province(engine):
    with engine.begin() as conn:
        reorganised_province(conn)
    return engine


def now(on: date = LATE_2025, units=None) -> Scope:
    return Scope(None if units is None else frozenset(units), current(on))


def by_unit(df, column) -> dict:
    return {u: int(v) for u, v in zip(df["unit"], df[column]) if v}


# ---- attribution -----------------------------------------------------------------------------------

def test_a_merger_puts_both_departments_history_under_the_new_one(province):
    with province.begin() as conn:
        add_task(conn, assigned=date(2024, 5, 2), due=date(2024, 6, 1), unit="STNMT")  # still open: overdue
        add_task(conn, assigned=date(2024, 5, 2), due=date(2024, 6, 1), completed=date(2024, 5, 30), unit="STNMT")
        add_task(conn, assigned=date(2024, 8, 1), due=date(2024, 9, 1), completed=date(2024, 9, 5), unit="SNN")
        add_petition(conn, received=date(2024, 10, 1), due=date(2024, 12, 1), unit="SNN")
    with province.connect() as conn:
        recorded = tasks.tasks_by_unit(conn, period=ALL_YEARS, scope=ALL_UNITS)
        assert by_unit(recorded, "tasks_total") == {"STNMT": 2, "SNN": 1}
        merged = tasks.tasks_by_unit(conn, period=ALL_YEARS, scope=now())
        assert by_unit(merged, "tasks_total") == {"SNNMT": 3}
        assert by_unit(merged, "tasks_overdue_all") == {"SNNMT": 1}
        assert merged["unit_name"].tolist() == ["Sở Nông nghiệp và Môi trường"]
        overdue = tasks.overdue_tasks(conn, as_of=LATE_2025, scope=now())
        assert overdue["lead_unit"].tolist() == ["SNNMT"] and overdue["recorded_unit"].tolist() == ["STNMT"]
        assert by_unit(petitions.petitions_by_unit(conn, period=ALL_YEARS, scope=now()), "petitions_overdue") == \
            {"SNNMT": 1}


def test_a_rename_carries_everything_over(province):
    with province.begin() as conn:
        add_task(conn, assigned=date(2024, 3, 1), due=date(2024, 4, 1), completed=date(2024, 3, 20), unit="BDT")
        add_dossier(conn, received=datetime(2025, 2, 20, 9), due=datetime(2025, 3, 5, 17), unit="BDT")
    with province.connect() as conn:
        assert by_unit(tasks.tasks_by_unit(conn, period=ALL_YEARS, scope=now()), "tasks_total") == {"SDTTG": 1}
        got = dossiers.dossiers_by_unit(conn, period=ALL_YEARS, scope=now())
        assert by_unit(got, "dossiers_pending") == {"SDTTG": 1}
        assert got["unit_name"].tolist() == ["Sở Dân tộc và Tôn giáo"]


def test_a_district_split_hands_open_items_to_the_primary_commune_and_keeps_closed_ones_as_history(province):
    with province.begin() as conn:
        add_task(conn, assigned=date(2025, 1, 5), due=date(2025, 5, 1), unit="H_BS")  # open: to the primary
        add_task(conn, assigned=date(2024, 3, 1), due=date(2024, 5, 1), completed=date(2024, 4, 1), unit="H_BS")
        # closed on the district's last day: history; closed the day after: it was open, so handed over
        add_task(conn, assigned=date(2025, 1, 5), due=date(2025, 8, 1), completed=date(2025, 6, 30), unit="H_BS")
        add_task(conn, assigned=date(2025, 1, 5), due=date(2025, 8, 1), completed=date(2025, 7, 1), unit="H_BS")
        # an explicit handover overrides the primary, but only for an item still open on the last day
        add_task(conn, assigned=date(2025, 1, 5), due=date(2025, 5, 1), unit="H_BS", handover="X_VT")
        add_task(conn, assigned=date(2025, 1, 5), due=date(2025, 8, 1), completed=date(2025, 6, 30), unit="H_BS",
                 handover="X_VT")
    with province.connect() as conn:
        df = tasks.tasks_by_unit(conn, period=ALL_YEARS, scope=now())
        assert by_unit(df, "tasks_total") == {"X_BS": 2, "X_VT": 1, RESIDUE: 3}
        assert by_unit(df, "tasks_overdue_all") == {"X_BS": 1, "X_VT": 1}
        assert dict(zip(df["unit"], df["unit_name"]))[RESIDUE] == RESIDUE_NAME
        assert df["tasks_total"].sum() == tasks.task_figures(conn, period=ALL_YEARS, scope=now())["tasks_total"] == 6
        # before the split, the district holds them all
        assert by_unit(tasks.tasks_by_unit(conn, period=ALL_YEARS, scope=now(date(2025, 6, 30))), "tasks_total") == \
            {"H_BS": 6}


def test_a_chain_follows_every_merger_to_the_unit_of_the_day(province):
    with province.begin() as conn:
        add_task(conn, assigned=date(2022, 3, 1), due=date(2022, 5, 1), completed=date(2022, 4, 1), unit="X_BH")
        add_petition(conn, received=date(2022, 6, 1), due=date(2022, 8, 1), unit="X_BH")  # open for years
    with province.connect() as conn:
        for on, unit in ((date(2022, 12, 31), "X_BH"), (date(2024, 6, 30), "X_BC"), (LATE_2025, "X_VT")):
            assert by_unit(tasks.tasks_by_unit(conn, period=ALL_YEARS, scope=now(on)), "tasks_total") == {unit: 1}
            assert by_unit(petitions.petitions_by_unit(conn, period=ALL_YEARS, scope=now(on)),
                           "petitions_overdue") == {unit: 1}, on
        assert by_unit(tasks.tasks_by_unit(conn, period=ALL_YEARS, scope=Scope(org=RECORDED)), "tasks_total") == \
            {"X_BH": 1}


def test_handover_by_edge_and_by_handover_to_in_the_dossier_rollups(province):
    with province.begin() as conn:
        add_dossier(conn, received=datetime(2025, 6, 2, 8), due=datetime(2025, 6, 20, 17), unit="H_BS")
        add_dossier(conn, received=datetime(2025, 6, 2, 8), due=datetime(2025, 6, 20, 17), unit="H_BS",
                    handover="X_VT")
        add_dossier(conn, received=datetime(2025, 6, 2, 8), due=datetime(2025, 7, 20, 17), unit="H_BS",
                    handover="X_VT", resolved=datetime(2025, 7, 3, 10))
        add_dossier(conn, received=datetime(2025, 6, 2, 8), due=datetime(2025, 7, 20, 17), unit="H_BS",
                    resolved=datetime(2025, 6, 30, 16, 30))  # resolved on the last day: history
        add_dossier(conn, received=datetime(2025, 6, 2, 8), due=datetime(2025, 6, 20, 17), unit="X_BT")
    with province.connect() as conn:
        for scope in (now(), now(units={"X_VT"}), now(units={"X_BS"}), Scope(org=RECORDED)):
            fast = dossiers.dossiers_by_unit(conn, period=ALL_YEARS, scope=scope)
            slow = ref.dossiers_by_unit(conn, period=ALL_YEARS, scope=scope)
            pd.testing.assert_frame_equal(fast.sort_values("unit").reset_index(drop=True).astype(object),
                                          slow.sort_values("unit").reset_index(drop=True).astype(object))
            assert dossiers.dossier_figures(conn, period=ALL_YEARS, scope=scope) == \
                ref.dossier_figures(conn, period=ALL_YEARS, scope=scope)
        got = dossiers.dossiers_by_unit(conn, period=ALL_YEARS, scope=now())
        assert by_unit(got, "dossiers_received") == {"X_BS": 2, "X_VT": 2, RESIDUE: 1}
        assert by_unit(got, "dossiers_pending_overdue") == {"X_BS": 2, "X_VT": 1}
        listed = overdue_pending_dossiers_by_unit(conn, as_of=LATE_2025, scope=now())
        assert dict(zip(listed["unit"], listed["dossiers"])) == {"X_BS": 2, "X_VT": 1}


def test_a_stock_figure_on_the_day_before_and_on_the_effective_date(province):
    with province.begin() as conn:
        add_dossier(conn, received=datetime(2025, 6, 2, 8), due=datetime(2025, 6, 10, 17), unit="H_BS")
        add_task(conn, assigned=date(2025, 6, 1), due=date(2025, 6, 15), unit="H_BS")
    with province.connect() as conn:
        before, on = Period(date(2025, 6, 1), date(2025, 6, 30)), Period(date(2025, 7, 1), date(2025, 7, 1))
        district = resolve_scope(conn, ["H_BS"], org=current(before.end))
        assert dossiers.dossier_figures(conn, period=before, scope=district)["dossiers_pending_overdue"] == 1
        assert tasks.task_figures(conn, period=before, scope=district)["tasks_overdue_all"] == 1
        commune = resolve_scope(conn, ["X_BS"], org=current(on.end))
        assert dossiers.dossier_figures(conn, period=on, scope=commune)["dossiers_pending_overdue"] == 1
        assert tasks.task_figures(conn, period=on, scope=commune)["tasks_overdue_all"] == 1
        assert by_unit(dossiers.dossiers_by_unit(conn, period=on, scope=now(on.end)), "dossiers_pending") == {"X_BS": 1}
        assert by_unit(overdue_tasks_by_unit(conn, as_of=on.end, scope=now(on.end)), "tasks") == {"X_BS": 1}
        with pytest.raises(UnitNotOnDate):
            resolve_scope(conn, ["H_BS"], org=current(on.end))


def test_same_period_last_year_of_a_merged_department_is_the_sum_of_its_predecessors(province):
    with province.begin() as conn:
        for unit, n in (("STNMT", 3), ("SNN", 2)):
            for k in range(n):
                add_dossier(conn, received=datetime(2024, 8, 1 + k, 9), due=datetime(2024, 8, 20, 17), unit=unit,
                            resolved=datetime(2024, 8, 10, 9))
                add_task(conn, assigned=date(2024, 8, 1 + k), due=date(2024, 9, 1), unit=unit)
        for k in range(4):
            add_dossier(conn, received=datetime(2025, 8, 1 + k, 9), due=datetime(2025, 8, 20, 17), unit="SNNMT")
    with province.connect() as conn:
        scope = resolve_scope(conn, ["SNNMT"], org=current(YEAR_2025_H2.end))  # R = the main period's `to`
        last_year = YEAR_2025_H2.year_before()
        assert dossiers.dossier_figures(conn, period=YEAR_2025_H2, scope=scope)["dossiers_received"] == 4
        restated = all_figures(conn, period=last_year, scope=scope)
        predecessors = [all_figures(conn, period=last_year, scope=resolve_scope(conn, [u], org=RECORDED))
                        for u in ("STNMT", "SNN")]
        for key in ("dossiers_received", "dossiers_resolved", "tasks_total", "tasks_overdue_all"):
            assert restated[key] == sum(p[key] for p in predecessors) > 0, key
        assert restated["dossiers_received"] == 5


def test_province_totals_are_the_same_in_both_views(province):
    with province.begin() as conn:
        for unit in ("STNMT", "SNN", "BDT", "H_BS", "X_BT", "X_BH", "X_BC", "H_OLD", "STC", "SNNMT", "X_VT"):
            add_task(conn, assigned=date(2024, 2, 1), due=date(2024, 12, 1), unit=unit)
            add_task(conn, assigned=date(2024, 2, 1), due=date(2024, 12, 1), completed=date(2024, 11, 1), unit=unit)
            add_dossier(conn, received=datetime(2024, 12, 20, 9), due=datetime(2025, 1, 10, 17), unit=unit)
            add_dossier(conn, received=datetime(2024, 12, 20, 9), due=datetime(2025, 1, 10, 17), unit=unit,
                        resolved=datetime(2025, 6, 30, 9), rating="satisfied")
            add_petition(conn, received=date(2024, 5, 1), due=date(2024, 7, 1), unit=unit)
    with province.connect() as conn:
        for period in (ALL_YEARS, YEAR_2025_H2, Period(date(2024, 1, 1), date(2024, 12, 31))):
            recorded = all_figures(conn, period=period, scope=Scope(org=RECORDED))
            for on in (period.end, LATE_2025, date(2025, 3, 1)):
                assert all_figures(conn, period=period, scope=now(on)) == recorded, (period, on)
            rows = tasks.tasks_by_unit(conn, period=period, scope=now(period.end))
            assert rows["tasks_total"].sum() == recorded["tasks_total"]
            rows = dossiers.dossiers_by_unit(conn, period=period, scope=now(period.end))
            assert rows["dossiers_pending"].sum() == recorded["dossiers_pending"]
        # a unit that ended with no successor: its items are history in the current view
        df = tasks.tasks_by_unit(conn, period=ALL_YEARS, scope=now())
        assert "H_OLD" not in set(df["unit"]) and RESIDUE in set(df["unit"])


def test_the_unit_filter_names_units_of_the_day_and_takes_what_belongs_to_them(province):
    with province.begin() as conn:
        add_task(conn, assigned=date(2022, 3, 1), due=date(2022, 5, 1), unit="X_BH")
        add_task(conn, assigned=date(2024, 3, 1), due=date(2024, 5, 1), unit="X_BT")
        add_task(conn, assigned=date(2024, 3, 1), due=date(2024, 5, 1), unit="H_BS", handover="X_VT")
        add_task(conn, assigned=date(2025, 8, 1), due=date(2025, 9, 1), unit="X_VT")
    with province.connect() as conn:
        district_2024 = resolve_scope(conn, ["H_BS"], org=current(date(2024, 12, 31)))
        assert district_2024.unit_codes == {"H_BS", "X_BT", "X_BC"}  # X_BH had ended; X_BC is below on R
        assert tasks.task_figures(conn, period=ALL_YEARS, scope=district_2024)["tasks_total"] == 3
        van_tuong = resolve_scope(conn, ["X_VT"], org=current(LATE_2025))
        assert tasks.task_figures(conn, period=ALL_YEARS, scope=van_tuong)["tasks_total"] == 3  # X_BH, H_BS, its own
        assert tasks.overdue_tasks(conn, as_of=LATE_2025, scope=van_tuong)["recorded_unit"].tolist() == \
            ["X_BH", "H_BS", "X_VT"]
        # the recorded view takes only what is written on the items, and any unit may be named
        assert tasks.task_figures(conn, period=ALL_YEARS, scope=resolve_scope(conn, ["X_VT"]))["tasks_total"] == 1
        assert tasks.task_figures(conn, period=ALL_YEARS, scope=resolve_scope(conn, ["H_BS"]))["tasks_total"] == 3


def test_a_dissolved_unit_is_refused_in_the_current_view_with_its_successors(province):
    with province.connect() as conn:
        with pytest.raises(UnitNotOnDate) as refused:
            resolve_scope(conn, ["STNMT"], org=current(LATE_2025))
        assert "Sở Nông nghiệp và Môi trường (SNNMT)" in str(refused.value) and "28/02/2025" in str(refused.value)
        with pytest.raises(UnitNotOnDate) as refused:
            resolve_scope(conn, ["H_OLD"], org=current(LATE_2025))
        assert "không có đơn vị kế thừa" in str(refused.value)
        with pytest.raises(UnitNotOnDate) as refused:
            resolve_scope(conn, ["X_BS"], org=current(date(2025, 6, 30)))
        assert "chưa được thành lập" in str(refused.value)


def run(*args):
    return subprocess.run([sys.executable, "-m", "data_access", *args], capture_output=True, text=True, timeout=120)


def test_kpi_cli_refuses_a_dissolved_unit_in_the_current_view(province, migrated_url):
    with province.begin() as conn:
        add_task(conn, assigned=date(2025, 8, 1), due=date(2025, 9, 1), unit="X_BS")
        add_task(conn, assigned=date(2025, 3, 1), due=date(2025, 4, 1), unit="H_BS")
    common = ("kpi", "--db", migrated_url, "--from", "2025-01-01", "--to", "2025-12-31", "--json")
    refused = run(*common, "--unit", "H_BS")
    assert refused.returncode == 2
    assert "Xã Bình Sơn (X_BS)" in refused.stderr and "Xã Vạn Tường (X_VT)" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert run(*common, "--unit", "H_BS", "--org", "recorded").returncode == 0
    assert run(*common, "--unit", "H_BS", "--org-date", "2025-06-30").returncode == 0
    commune = run(*common, "--unit", "X_BS")
    assert commune.returncode == 0 and '"tasks_total": 2' in commune.stdout  # its own and the handed-over one


# ---- importing lineage -----------------------------------------------------------------------------

HEADER = "Đơn vị trước sắp xếp,Đơn vị sau sắp xếp,Ngày hiệu lực,Hình thức,Tiếp nhận chính,Căn cứ\n"


def lineage_rows(engine):
    with engine.connect() as conn:
        return conn.execute(unit_lineage.select()).all()


def test_lineage_import_refuses_cycles_dates_that_do_not_meet_and_splits_without_one_primary(engine, tmp_path):
    with engine.begin() as conn:
        conn.execute(leaders.insert(), [{"code": "CT", "name": "Chủ tịch", "title": "chairman"}])
        add_unit(conn, "A", "Xã A", "commune", valid_to=date(2025, 6, 30))
        add_unit(conn, "B", "Xã B", "commune", valid_from=date(2025, 7, 1))
        add_unit(conn, "C", "Xã C", "commune")
        add_unit(conn, "D", "Huyện D", "district", valid_to=date(2025, 6, 30))
        add_unit(conn, "E", "Xã E", "commune", valid_from=date(2025, 7, 1))
        add_unit(conn, "F", "Xã F", "commune", valid_from=date(2025, 7, 1))
    path = tmp_path / "lineage.csv"
    path.write_text(HEADER +
                    "A,B,01/07/2025,sáp nhập,,NQ 1677/NQ-UBTVQH15\n"     # 2: fine
                    "B,C,2026-01-01,đổi tên,,\n"                         # 3
                    "C,B,2026-01-01,đổi tên,,\n"                         # 4: C → B → C
                    "A,C,2025-06-30,hợp nhất,,\n"                        # 5: A ended 30/06, so 01/07
                    "D,E,2025-07-01,chia tách,có,\n"                     # 6
                    "D,F,2025-07-01,chia tách,có,\n", encoding="utf-8")  # 7: two primaries
    result = import_file(engine, "unit_lineage", path, user="tester")
    assert result.status == "rejected" and lineage_rows(engine) == []
    found = {(e.line, e.column): e for e in result.report.errors}
    assert "vòng lặp" in found[(3, "Đơn vị sau sắp xếp")].reason and "vòng lặp" in found[(4, "Đơn vị sau sắp xếp")].reason
    assert found[(5, "Ngày hiệu lực")].value == "2025-06-30" and "01/07/2025" in found[(5, "Ngày hiệu lực")].reason
    assert "đúng một" in found[(6, "Tiếp nhận chính")].reason and (7, "Tiếp nhận chính") in found
    assert (2, "Ngày hiệu lực") not in found

    # the successor's first day must be the effective date too; a split with no primary at all is refused
    path.write_text(HEADER + "A,B,2025-07-02,merge,,\nD,E,2025-07-01,split,,\nD,F,2025-07-01,split,không,\n",
                    encoding="utf-8")
    result = import_file(engine, "unit_lineage", path)
    assert {(e.line, e.column) for e in result.report.errors} == {
        (2, "Ngày hiệu lực"), (3, "Tiếp nhận chính"), (4, "Tiếp nhận chính")}
    assert lineage_rows(engine) == []

    # corrected, it is written; a later file is checked against what is stored (a cycle through it)
    path.write_text(HEADER + "A,B,2025-07-01,merge,,\nD,E,2025-07-01,split,có,\nD,F,2025-07-01,split,,\n",
                    encoding="utf-8")
    assert import_file(engine, "unit_lineage", path).status == "ok"
    assert len(lineage_rows(engine)) == 3
    path.write_text(HEADER + "B,A,2025-07-01,merge,,\n", encoding="utf-8")
    cli = run("import", "unit_lineage", str(path), "--db", str(engine.url.render_as_string(hide_password=False)))
    assert cli.returncode == 2 and "Dòng 2" in cli.stderr + cli.stdout and "vòng lặp" in cli.stderr + cli.stdout
    assert len(lineage_rows(engine)) == 3


def test_units_email_and_handover_to_are_imported(engine, tmp_path):
    with engine.begin() as conn:
        conn.execute(leaders.insert(), [{"code": "CT", "name": "Chủ tịch", "title": "chairman"}])
    units_file = tmp_path / "units.csv"
    units_file.write_text("Mã đơn vị,Tên đơn vị,Loại,Hiệu lực đến,Thư điện tử\n"
                          "H_BS,Huyện Bình Sơn,huyện,30/06/2025,ubnd@binhson.gov.vn; vp@binhson.gov.vn\n"
                          "X_BS,Xã Bình Sơn,xã,,\n"
                          "X_XX,Xã sai thư,xã,,không-phải-thư\n", encoding="utf-8")
    result = import_file(engine, "units", units_file)
    assert result.status == "rejected" and [(e.line, e.column) for e in result.report.errors] == [(4, "Thư điện tử")]
    units_file.write_text(units_file.read_text(encoding="utf-8").replace("không-phải-thư", ""), encoding="utf-8")
    assert import_file(engine, "units", units_file).status == "ok"
    tasks_file = tmp_path / "tasks.csv"
    tasks_file.write_text("task_id,title,assigned_by,lead_unit,assigned_date,due_date,handover_to\n"
                          "NV1,Việc dở,CT,H_BS,2025-05-01,2025-06-01,X_BS\n"
                          "NV2,Việc sai,CT,H_BS,2025-05-01,2025-06-01,KHONG_CO\n", encoding="utf-8")
    result = import_file(engine, "tasks", tasks_file)
    assert [(e.line, e.column, e.value) for e in result.report.errors] == [(3, "handover_to", "KHONG_CO")]
    assert import_file(engine, "tasks", tasks_file, skip_invalid=True).status == "partial"
    with engine.connect() as conn:
        from data_access.schema import tasks as tasks_table, units
        assert conn.execute(units.select().where(units.c.code == "H_BS")).mappings().one()["email"] == \
            "ubnd@binhson.gov.vn; vp@binhson.gov.vn"
        assert conn.execute(tasks_table.select()).mappings().one()["handover_to"] == "X_BS"


# ---- users of merged and dissolved units -----------------------------------------------------------

def test_a_unit_user_of_a_merged_department_sees_its_predecessors_history_and_nothing_else(province):
    from data_access.breakdowns import unit_list
    from data_access.users import add_user, bound_unit_status, get_user, rebind_unit, scope_for

    with province.begin() as conn:
        add_task(conn, assigned=date(2024, 5, 2), due=date(2024, 6, 1), unit="STNMT")
        add_task(conn, assigned=date(2024, 5, 2), due=date(2024, 6, 1), unit="SNN")
        add_task(conn, assigned=date(2024, 5, 2), due=date(2024, 6, 1), unit="STC")
        add_task(conn, assigned=date(2024, 5, 2), due=date(2024, 6, 1), unit="H_BS")
        merged = add_user(conn, "snnmt", password="mat-khau-dai", role="unit", unit_code="SNNMT")
        commune = add_user(conn, "xbs", password="mat-khau-dai", role="unit", unit_code="X_BS")
        old = add_user(conn, "binhson", password="mat-khau-dai", role="unit", unit_code="H_BS")
    with province.begin() as conn:
        for org in (current(LATE_2025), RECORDED):
            seen = scope_for(conn, merged, org)
            assert tasks.task_figures(conn, period=ALL_YEARS, scope=seen)["tasks_total"] == 2, org
        assert scope_for(conn, merged, RECORDED).unit_codes == {"SNNMT", "STNMT", "SNN"}
        # the new commune: the split district's open item in the current view, not its whole history
        assert tasks.task_figures(conn, period=ALL_YEARS, scope=scope_for(conn, commune, current(LATE_2025)))[
            "tasks_total"] == 1
        assert scope_for(conn, commune, RECORDED).unit_codes == {"X_BS", "X_BT"}
        # bound to a dissolved district: nothing in the current view, and a plain word why
        assert scope_for(conn, old, current(LATE_2025)).unit_codes == frozenset()
        status = bound_unit_status(conn, old, LATE_2025)
        assert not status.exists and status.last_day == date(2025, 6, 30)
        assert status.message() == "Huyện Bình Sơn hoạt động đến hết ngày 30/06/2025; nay thuộc Xã Bình Sơn, Xã Vạn Tường."
        rebind_unit(conn, "binhson", "X_BS", by="vp")
        assert get_user(conn, "binhson").unit_code == "X_BS"
        listed = unit_list(conn, on=LATE_2025).set_index("code")
        assert listed.loc["STNMT", "exists"] == False and listed.loc["STNMT", "successors"] == ["SNNMT"]  # noqa: E712
        assert listed.loc["SNNMT", "exists"] == True and listed.loc["SNNMT", "last_day"] is None  # noqa: E712
    url = province.url.render_as_string(hide_password=False)
    assert run("user", "rebind", "xbs", "--unit", "X_VT", "--db", url).returncode == 0
    refused = run("user", "rebind", "xbs", "--unit", "KHONG_CO", "--db", url)
    assert refused.returncode == 2 and "Không có đơn vị: KHONG_CO" in refused.stderr
    with province.connect() as conn:
        assert get_user(conn, "xbs").unit_code == "X_VT"


def test_a_rename_then_a_split_keeps_closed_history_in_the_residue_and_hands_open_items_on(province):
    with province.begin() as conn:
        add_unit(conn, "H_BS0", "Huyện Bình Sơn (tên cũ)", "district", valid_to=date(2023, 12, 31))
        add_edge(conn, "H_BS0", "H_BS", date(2024, 1, 1), "rename")
        rollups.sync_boundaries(conn)
        add_task(conn, assigned=date(2023, 3, 1), due=date(2023, 5, 1), completed=date(2023, 6, 1), unit="H_BS0")
        add_task(conn, assigned=date(2023, 3, 1), due=date(2023, 5, 1), completed=date(2025, 3, 1), unit="H_BS0")
        add_task(conn, assigned=date(2023, 3, 1), due=date(2023, 5, 1), completed=date(2025, 8, 1), unit="H_BS0")
        add_task(conn, assigned=date(2023, 3, 1), due=date(2023, 5, 1), unit="H_BS0")
        add_dossier(conn, received=datetime(2023, 12, 1, 8), due=datetime(2023, 12, 20, 17), unit="H_BS0")
    with province.connect() as conn:
        assert by_unit(tasks.tasks_by_unit(conn, period=ALL_YEARS, scope=now(date(2024, 6, 30))), "tasks_total") == \
            {"H_BS": 4}
        assert by_unit(tasks.tasks_by_unit(conn, period=ALL_YEARS, scope=now()), "tasks_total") == \
            {"X_BS": 2, RESIDUE: 2}
        assert by_unit(dossiers.dossiers_by_unit(conn, period=ALL_YEARS, scope=now()), "dossiers_pending") == \
            {"X_BS": 1}
        assert by_unit(ref.dossiers_by_unit(conn, period=ALL_YEARS, scope=now()), "dossiers_pending") == {"X_BS": 1}


def test_a_scope_round_trips_through_its_plain_key():
    for scope in (ALL_UNITS, Scope(frozenset({"X_BS", "X_VT"}), current(LATE_2025)), Scope(frozenset(), RECORDED)):
        assert Scope.from_key(scope.to_key()) == scope
        hash(scope.to_key())
