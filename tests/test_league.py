"""The overview's league table: pure post-processing of the per-unit frames."""
from datetime import date

import pandas as pd

from dashboard.core.league import league_table, top_level, with_rank_change
from data_access.period import Period

UNITS = pd.DataFrame([
    # code, name, kind, parent, valid_from, valid_to
    ("SNV", "Sở Nội vụ", "department", None, None, None),
    ("SYT", "Sở Y tế", "department", None, None, None),
    ("SGTVT", "Sở Giao thông vận tải", "department", None, None, date(2025, 2, 28)),
    ("HBS", "Huyện Bình Sơn", "district", None, None, date(2025, 6, 30)),
    ("XBT", "Xã Bình Thạnh", "commune", "HBS", None, date(2025, 6, 30)),
    ("XVT", "Xã Vạn Tường", "commune", None, date(2025, 7, 1), None),
], columns=["code", "name", "kind", "parent_code", "valid_from", "valid_to"]).assign(supervising_leader=None)


def tasks_frame(rows):
    cols = ["unit", "tasks_total", "tasks_no_deadline", "tasks_completed_on_time", "tasks_completed_late",
            "tasks_in_progress_on_time", "tasks_overdue", "tasks_overdue_all"]
    return pd.DataFrame(rows, columns=cols)


def test_communes_roll_up_into_their_district_and_new_communes_stand_alone():
    owner = top_level(UNITS)
    assert owner["XBT"] == "HBS" and owner["HBS"] == "HBS" and owner["XVT"] == "XVT" and owner["SNV"] == "SNV"


def test_rates_are_recomputed_from_rolled_up_counts_and_ranked():
    tasks = tasks_frame([("HBS", 4, 0, 3, 0, 0, 1, 1), ("XBT", 4, 0, 4, 0, 0, 0, 0), ("SNV", 2, 0, 1, 0, 0, 1, 1)])
    league = league_table(UNITS, tasks, pd.DataFrame(), pd.DataFrame(), [], period=Period.year(2021))
    rows = league.set_index("unit")
    assert rows.loc["HBS", "tasks_total"] == 8
    assert rows.loc["HBS", "task_due_completion_rate"] == 7 / 8  # (3 + 4) / (7 + 1)
    assert rows.loc["SNV", "task_due_completion_rate"] == 0.5
    assert list(league["unit"]) == ["HBS", "SNV"]  # units with nothing in the period are left out
    assert list(league["rank"]) == [1, 2]


def test_dissolved_units_leave_the_table_and_rank_change_is_against_the_previous_period():
    now = Period(date(2026, 1, 1), date(2026, 6, 30))
    tasks = tasks_frame([("SNV", 2, 0, 2, 0, 0, 0, 0), ("SYT", 2, 0, 1, 0, 0, 1, 1), ("XVT", 1, 0, 0, 0, 0, 1, 1),
                         ("SGTVT", 5, 0, 5, 0, 0, 0, 0)])
    current = league_table(UNITS, tasks, pd.DataFrame(), pd.DataFrame(), [], period=now)
    assert set(current["unit"]) == {"SNV", "SYT", "XVT"}
    before = pd.DataFrame({"unit": ["SNV", "SYT"], "rank": [2.0, 1.0]})
    changed = with_rank_change(current, before).set_index("unit")
    assert changed.loc["SNV", "rank_change"] == 1  # 2nd → 1st: up one
    assert changed.loc["SYT", "rank_change"] == -1
    assert pd.isna(changed.loc["XVT", "rank_change"])  # new this period: no change shown


def test_overdue_growth_lists_the_units_whose_backlog_grew_biggest_first():
    from dashboard.core.league import overdue_growth

    def frame(rows):
        return pd.DataFrame(rows, columns=["unit", "unit_name", "tasks_overdue_all", "dossiers_pending_overdue",
                                           "petitions_overdue"])
    before = frame([("A", "Sở A", 2, 10, 0), ("B", "Sở B", 0, 0, 1), ("C", "Xã C", 5, 0, 0)])
    now = frame([("A", "Sở A", 3, 14, 0),   # +5
                 ("B", "Sở B", 0, 0, 0),    # −1: better, not listed
                 ("C", "Xã C", 5, 0, 0),    # unchanged
                 ("D", "Xã D", 1, 0, 1)])   # new in the league: +2 against nothing
    grown = overdue_growth(now, before)
    assert grown["unit"].tolist() == ["A", "D"]
    a = grown.iloc[0]
    assert (a.overdue, a.growth, a.tasks_overdue_all_growth, a.dossiers_pending_overdue_growth) == (17, 5, 1, 4)
    assert overdue_growth(now.iloc[0:0], before).empty
    assert overdue_growth(now, before.iloc[0:0])["unit"].tolist() == ["A", "C", "D"]  # nothing before: all grew


def test_a_rate_no_unit_has_is_a_number_column_the_overview_can_pick_the_lowest_from():
    """Only tasks in the period: the dossier rate is empty for every unit, and still a float column (the
    overview's "lowest on-time rate" list called nsmallest on it and failed on an object column)."""
    tasks = tasks_frame([("SNV", 2, 0, 1, 0, 0, 1, 1), ("SYT", 1, 0, 1, 0, 0, 0, 0)])
    league = league_table(UNITS, tasks, pd.DataFrame(), pd.DataFrame(), [], period=Period.year(2021))
    assert league["dossier_on_time_rate"].isna().all()
    assert league.nsmallest(3, "dossier_on_time_rate").empty is False
