"""Every figure of SPEC.md §2 on hand-built data, with its edge cases, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from builders import add_dossier, add_par, add_petition, add_reception, add_task, base_org
from data_access.dossiers import dossier_figures
from data_access.par import competition_ranks, par_figures
from data_access.period import Period
from data_access.petitions import petition_figures, reception_figures
from data_access.scope import Scope, UnknownUnit, resolve_scope
from data_access.tasks import overdue_aging, overdue_tasks, task_figures, tasks_due_soon

NOV = Period(date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def conn(engine):
    with engine.begin() as connection:
        base_org(connection)
        yield connection


# --- tasks (§2.1) -------------------------------------------------------------------------------

def test_task_period_boundaries_include_first_and_last_day(conn):
    add_task(conn, assigned=date(2026, 10, 31), due=date(2026, 12, 31))
    add_task(conn, assigned=date(2026, 11, 1), due=date(2026, 12, 31))
    add_task(conn, assigned=date(2026, 11, 30), due=date(2026, 12, 31))
    add_task(conn, assigned=date(2026, 12, 1), due=date(2026, 12, 31))
    assert task_figures(conn, period=NOV)["tasks_total"] == 2


def test_task_states_as_of_to(conn):
    to = NOV.end
    add_task(conn, assigned=date(2026, 11, 2), due=date(2026, 11, 10), completed=date(2026, 11, 10))  # on the due date
    add_task(conn, assigned=date(2026, 11, 2), due=date(2026, 11, 10), completed=date(2026, 11, 11))  # late
    add_task(conn, assigned=date(2026, 11, 2), due=to)                                                # due on `to`: in time
    add_task(conn, assigned=date(2026, 11, 2), due=date(2026, 11, 29))                                # overdue
    add_task(conn, assigned=date(2026, 11, 2), due=date(2026, 11, 29), completed=date(2026, 12, 2))   # done after `to`
    add_task(conn, assigned=date(2026, 11, 2), due=date(2026, 12, 15), completed=date(2026, 12, 2))   # done after `to`, in time
    add_task(conn, assigned=date(2026, 11, 2))                                                        # no deadline
    add_task(conn, assigned=date(2026, 11, 2), completed=date(2026, 11, 5))                           # no deadline, done
    f = task_figures(conn, period=NOV)
    assert f["tasks_total"] == 8
    assert f["tasks_no_deadline"] == 2
    assert f["tasks_completed_on_time"] == 1
    assert f["tasks_completed_late"] == 1
    assert f["tasks_in_progress_on_time"] == 2
    assert f["tasks_overdue"] == 2
    assert f["task_completion_rate"] == pytest.approx(2 / 6)
    assert f["task_on_time_rate"] == pytest.approx(1 / 2)
    assert f["task_due_completion_rate"] == pytest.approx(2 / 4)


def test_task_rates_are_null_without_denominator(conn):
    add_task(conn, assigned=date(2026, 11, 3))  # no deadline only
    f = task_figures(conn, period=NOV)
    assert (f["tasks_total"], f["tasks_no_deadline"]) == (1, 1)
    assert f["task_completion_rate"] is None
    assert f["task_on_time_rate"] is None
    assert f["task_due_completion_rate"] is None


def test_task_figures_on_empty_database(conn):
    f = task_figures(conn, period=NOV)
    assert f["tasks_total"] == 0 and f["tasks_overdue_all"] == 0
    assert f["task_due_completion_rate"] is None


def test_overdue_backlog_counts_every_year_up_to_to(conn):
    add_task(conn, assigned=date(2024, 3, 1), due=date(2024, 6, 1))                             # old, still open
    add_task(conn, assigned=date(2024, 3, 1), due=date(2024, 6, 1), completed=date(2026, 12, 5))  # closed after `to`
    add_task(conn, assigned=date(2024, 3, 1), due=date(2024, 6, 1), completed=date(2026, 11, 30)) # closed on `to`
    add_task(conn, assigned=date(2026, 11, 20), due=date(2026, 11, 30))                           # due on `to`: not overdue
    add_task(conn, assigned=date(2026, 12, 1), due=date(2026, 11, 15))                            # assigned after `to`
    add_task(conn, assigned=date(2025, 1, 1))                                                     # no deadline
    f = task_figures(conn, period=NOV)
    assert f["tasks_overdue_all"] == 2
    assert f["tasks_overdue"] == 0  # none of them was assigned in November


def test_newly_overdue_are_the_tasks_that_fell_overdue_in_the_last_seven_days(conn):
    """The overview's "mới quá hạn": overdue on `to`, not yet overdue seven days before (due on or after that day)."""
    to, week_ago = date(2026, 12, 3), date(2026, 11, 26)
    add_task(conn, assigned=date(2026, 11, 1), due=date(2026, 11, 25))                             # overdue since 26/11
    add_task(conn, assigned=date(2026, 11, 1), due=week_ago)                                       # overdue since 27/11
    add_task(conn, assigned=date(2026, 11, 1), due=date(2026, 12, 2))                              # overdue since today
    add_task(conn, assigned=date(2026, 11, 1), due=to)                                             # due today: not overdue
    add_task(conn, assigned=date(2026, 11, 1), due=date(2026, 11, 30), completed=to)               # done today
    add_task(conn, assigned=date(2026, 11, 1), due=date(2026, 11, 30), completed=date(2026, 12, 4))  # done after `to`
    newly = overdue_tasks(conn, as_of=to, since=week_ago)
    assert newly["due_date"].tolist() == [week_ago, date(2026, 11, 30), date(2026, 12, 2)]
    assert newly["days_overdue"].tolist() == [7, 3, 1]
    assert len(overdue_tasks(conn, as_of=to)) == 4


def test_task_unit_filter_takes_descendants(conn):
    add_task(conn, assigned=date(2026, 11, 5), due=date(2026, 11, 6), unit="H_BS")
    add_task(conn, assigned=date(2026, 11, 5), due=date(2026, 11, 6), unit="X_BT")  # commune of Bình Sơn
    add_task(conn, assigned=date(2026, 11, 5), due=date(2026, 11, 6), unit="X_DM")  # commune of Mộ Đức
    add_task(conn, assigned=date(2026, 11, 5), due=date(2026, 11, 6), unit="STC")
    scope = resolve_scope(conn, ["H_BS"])
    assert scope.unit_codes == {"H_BS", "X_BT"}
    assert task_figures(conn, period=NOV, scope=scope)["tasks_total"] == 2
    assert task_figures(conn, period=NOV, scope=resolve_scope(conn, ["H_BS", "STC"]))["tasks_total"] == 3
    assert task_figures(conn, period=NOV, scope=resolve_scope(conn, ["X_BT"]))["tasks_total"] == 1


def test_empty_allowed_scope_sees_nothing(conn):
    add_task(conn, assigned=date(2026, 11, 5), due=date(2026, 11, 6))
    nothing = Scope(frozenset())
    assert task_figures(conn, period=NOV, scope=nothing)["tasks_total"] == 0
    assert resolve_scope(conn, ["STC"], allowed=Scope(frozenset({"VPUB"}))).unit_codes == frozenset()


def test_unknown_unit_is_refused(conn):
    with pytest.raises(UnknownUnit):
        resolve_scope(conn, ["KHONGCO"])


def test_aging_buckets_and_due_soon(conn):
    to = date(2026, 11, 30)
    for days in (1, 30, 31, 60, 61, 120, 121, 400):
        add_task(conn, assigned=date(2024, 1, 1), due=date.fromordinal(to.toordinal() - days))
    add_task(conn, assigned=date(2026, 11, 1), due=to)                       # due today: due soon
    add_task(conn, assigned=date(2026, 11, 1), due=date(2026, 12, 7))        # in 7 days
    add_task(conn, assigned=date(2026, 11, 1), due=date(2026, 12, 8))        # in 8 days: not yet
    add_task(conn, assigned=date(2026, 11, 1), due=date(2026, 12, 3), completed=date(2026, 11, 20))  # done
    aging = overdue_aging(conn, as_of=to)
    assert aging["tasks"].tolist() == [2, 2, 2, 2]
    soon = tasks_due_soon(conn, as_of=to)
    assert sorted(soon["days_left"].tolist()) == [0, 7]


# --- dossiers (§2.2) ---------------------------------------------------------------------------

def test_dossier_received_boundaries_and_channels(conn):
    due = datetime(2026, 12, 20, 17, 0)
    add_dossier(conn, received=datetime(2026, 10, 31, 23, 59, 59), due=due)
    add_dossier(conn, received=datetime(2026, 11, 1, 0, 0, 0), due=due, channel="online")
    add_dossier(conn, received=datetime(2026, 11, 30, 23, 59, 59), due=due, channel="postal")
    add_dossier(conn, received=datetime(2026, 11, 15, 9, 30), due=due, channel="online")
    add_dossier(conn, received=datetime(2026, 12, 1, 0, 0, 0), due=due)
    f = dossier_figures(conn, period=NOV)
    assert f["dossiers_received"] == 3
    assert (f["dossiers_online"], f["dossiers_postal"], f["dossiers_direct"]) == (2, 1, 0)
    assert f["online_share"] == pytest.approx(2 / 3)


def test_dossier_resolved_counts_by_resolution_date_and_on_time_rule(conn):
    due = datetime(2026, 11, 10, 10, 0)
    # received in October, resolved in November: counts as resolved in November
    add_dossier(conn, received=datetime(2026, 10, 20, 8), due=due, resolved=datetime(2026, 11, 10, 10, 0))  # exactly at due
    add_dossier(conn, received=datetime(2026, 11, 2, 8), due=due, resolved=datetime(2026, 11, 10, 10, 1))   # a minute late
    # the due value has no time of day: same date, later hour → on time
    add_dossier(conn, received=datetime(2026, 11, 2, 8), due=datetime(2026, 11, 10), due_has_time=False,
                resolved=datetime(2026, 11, 10, 16, 45))
    # the resolved value has no time of day: same date → on time
    add_dossier(conn, received=datetime(2026, 11, 2, 8), due=due, resolved=datetime(2026, 11, 10),
                resolved_has_time=False)
    # date-only due, resolved the next day → late
    add_dossier(conn, received=datetime(2026, 11, 2, 8), due=datetime(2026, 11, 10), due_has_time=False,
                resolved=datetime(2026, 11, 11, 7, 0))
    add_dossier(conn, received=datetime(2026, 11, 2, 8), due=due, resolved=datetime(2026, 12, 1, 0, 0))  # after `to`
    f = dossier_figures(conn, period=NOV)
    assert f["dossiers_resolved"] == 5
    assert f["dossiers_resolved_on_time"] == 3
    assert f["dossier_on_time_rate"] == pytest.approx(3 / 5)


def test_dossier_pending_withdrawn_and_overdue(conn):
    to_start = datetime(2026, 11, 30)
    add_dossier(conn, received=datetime(2026, 11, 5, 8), due=datetime(2026, 11, 29, 17))      # pending, overdue
    add_dossier(conn, received=datetime(2026, 11, 5, 8), due=datetime(2026, 11, 30, 8))       # due on `to`: not overdue
    add_dossier(conn, received=datetime(2025, 1, 5, 8), due=datetime(2025, 2, 1, 17))         # old, still pending, overdue
    add_dossier(conn, received=datetime(2026, 11, 5, 8), due=datetime(2026, 11, 20),
                end_state="withdrawn", ended=datetime(2026, 11, 15, 9))                          # withdrawn: not pending
    add_dossier(conn, received=datetime(2026, 11, 5, 8), due=datetime(2026, 11, 20),
                end_state="returned", ended=datetime(2026, 12, 3, 9))                            # ended after `to`: pending
    add_dossier(conn, received=datetime(2026, 11, 5, 8), due=datetime(2026, 11, 20),
                resolved=datetime(2026, 12, 1, 8))                                               # resolved after `to`: pending
    add_dossier(conn, received=datetime(2026, 11, 5, 8), due=datetime(2026, 11, 20),
                resolved=to_start)                                                               # resolved on `to`
    add_dossier(conn, received=datetime(2026, 12, 1, 8), due=datetime(2026, 11, 20))          # received after `to`
    f = dossier_figures(conn, period=NOV)
    assert f["dossiers_pending"] == 5
    assert f["dossiers_pending_overdue"] == 4
    assert f["dossiers_received"] == 6  # the withdrawn one was still received in the period


def test_dossier_satisfaction_and_median(conn):
    received = datetime(2026, 11, 2, 8, 0)
    due = datetime(2026, 11, 30, 17)
    add_dossier(conn, received=received, due=due, resolved=datetime(2026, 11, 3, 8, 0), rating="satisfied")     # 1.0 day
    add_dossier(conn, received=received, due=due, resolved=datetime(2026, 11, 2, 20, 0), rating="unsatisfied") # 0.5 day
    add_dossier(conn, received=received, due=due, resolved=datetime(2026, 11, 6, 8, 0))                        # 4.0 days
    add_dossier(conn, received=received, due=due, resolved=datetime(2026, 11, 4, 14, 0), rating="satisfied")   # 2.25 days
    add_dossier(conn, received=received, due=due, rating="satisfied")  # pending: its rating does not count
    f = dossier_figures(conn, period=NOV)
    assert f["satisfaction_rate"] == pytest.approx(2 / 3)
    assert f["median_turnaround_days"] == pytest.approx((1.0 + 2.25) / 2)
    add_dossier(conn, received=received, due=due, resolved=datetime(2026, 11, 2, 14, 0))  # 0.25 day → odd count
    assert dossier_figures(conn, period=NOV)["median_turnaround_days"] == pytest.approx(1.0)


def test_dossier_rates_null_when_nothing_happened(conn):
    f = dossier_figures(conn, period=NOV)
    assert f["dossiers_received"] == 0
    for key in ("dossier_on_time_rate", "online_share", "satisfaction_rate", "median_turnaround_days"):
        assert f[key] is None


def test_dossier_unit_filter(conn):
    due = datetime(2026, 12, 20)
    add_dossier(conn, received=datetime(2026, 11, 3, 8), due=due, unit="STC")
    add_dossier(conn, received=datetime(2026, 11, 3, 8), due=due, unit="X_BT")
    add_dossier(conn, received=datetime(2026, 11, 3, 8), due=due, unit="SXD")
    assert dossier_figures(conn, period=NOV, scope=resolve_scope(conn, ["H_BS"]))["dossiers_received"] == 1
    assert dossier_figures(conn, period=NOV, scope=resolve_scope(conn, ["STC", "SXD"]))["dossiers_received"] == 2


# --- petitions and receptions (§2.3) ------------------------------------------------------------

def test_petition_counts_and_kinds(conn):
    add_petition(conn, received=date(2026, 11, 1), kind="complaint", group=True)
    add_petition(conn, received=date(2026, 11, 30), kind="denunciation")
    add_petition(conn, received=date(2026, 11, 10), kind="recommendation")
    add_petition(conn, received=date(2026, 11, 10), kind="land_dispute")
    add_petition(conn, received=date(2026, 11, 10), kind="complaint", eligible=False, duplicate=True, group=True)
    add_petition(conn, received=date(2026, 10, 31), kind="complaint")
    add_petition(conn, received=date(2026, 12, 1), kind="complaint")
    f = petition_figures(conn, period=NOV)
    assert f["petitions_received"] == 5
    assert f["petitions_group"] == 2
    assert (f["petitions_eligible"], f["petitions_ineligible"]) == (4, 1)
    assert (f["petitions_complaint"], f["petitions_denunciation"], f["petitions_recommendation"],
            f["petitions_land_dispute"]) == (1, 1, 1, 1)


def test_petition_resolution_and_overdue(conn):
    add_petition(conn, received=date(2026, 11, 2), due=date(2026, 12, 2), resolved=date(2026, 11, 30))  # resolved on `to`
    add_petition(conn, received=date(2026, 11, 2), due=date(2026, 11, 20), resolved=date(2026, 12, 1))  # after `to`: overdue
    add_petition(conn, received=date(2026, 11, 2), due=date(2026, 11, 30))                              # due on `to`: not overdue
    add_petition(conn, received=date(2025, 6, 1), due=date(2025, 7, 15))                                # last year, still open
    add_petition(conn, received=date(2026, 11, 2), due=date(2026, 11, 5), eligible=False)               # ineligible: never overdue
    add_petition(conn, received=date(2026, 11, 2))                                                      # no due date
    f = petition_figures(conn, period=NOV)
    assert f["petitions_eligible"] == 4
    assert f["petitions_resolved"] == 1
    assert f["petition_resolution_rate"] == pytest.approx(1 / 4)
    assert f["petitions_overdue"] == 2


def test_petition_rate_null_without_eligible(conn):
    add_petition(conn, received=date(2026, 11, 2), eligible=False)
    assert petition_figures(conn, period=NOV)["petition_resolution_rate"] is None


def test_receptions_are_province_wide(conn):
    add_reception(conn, on=date(2026, 11, 1), people=3, delegations=1)
    add_reception(conn, on=date(2026, 11, 30), kind="leader_periodic", leader="CT", people=5)
    add_reception(conn, on=date(2026, 12, 1), people=7)
    f = reception_figures(conn, period=NOV)
    assert f == {"reception_sessions": 2, "reception_people": 8, "reception_group_delegations": 1}


# --- PAR index (§2.4) ---------------------------------------------------------------------------

def test_competition_ranks_share_ties():
    from fractions import Fraction
    ranks = competition_ranks({"a": Fraction(9, 10), "b": Fraction(8, 10), "c": Fraction(4, 5), "d": Fraction(1, 2)})
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_par_ranks_ties_kinds_and_exact_sums(conn):
    # Departments: VPUB 90%, STC and SXD tie at 80% (different max points), SNV 70%.
    add_par(conn, year=2021, unit="VPUB", scores={"A": ("50.00", "45.10"), "B": ("50.00", "44.90")})
    add_par(conn, year=2021, unit="STC", scores={"A": ("50.00", "40.00"), "B": ("50.00", "40.00")})
    add_par(conn, year=2021, unit="SXD", scores={"A": ("25.00", "20.00"), "B": ("25.00", "20.00")})
    add_par(conn, year=2021, unit="SNV", scores={"A": ("50.00", "35.05"), "B": ("50.00", "34.95")})
    # A district is ranked among districts only.
    add_par(conn, year=2021, unit="H_BS", scores={"A": ("100.00", "99.99")})
    f = par_figures(conn, as_of=date(2021, 12, 31))
    rows = {r["unit"]: r for r in f["par"]}
    assert f["par_year"] == 2021
    assert [rows[u]["rank"] for u in ("VPUB", "STC", "SXD", "SNV")] == [1, 2, 2, 4]
    assert rows["H_BS"]["rank"] == 1 and rows["H_BS"]["kind"] == "district"
    assert rows["VPUB"]["score"] == Decimal("90.00") and rows["VPUB"]["max"] == Decimal("100.00")
    assert rows["VPUB"]["percent"] == pytest.approx(0.9)
    assert rows["VPUB"]["change"] is None


def test_par_year_rule_and_change(conn):
    add_par(conn, year=2020, unit="VPUB", scores={"A": ("100.00", "80.25")})
    add_par(conn, year=2021, unit="VPUB", scores={"A": ("100.00", "85.50")})
    add_par(conn, year=2023, unit="VPUB", scores={"A": ("100.00", "91.00")})
    assert par_figures(conn, as_of=date(2022, 6, 30))["par_year"] == 2021  # 2022 has no scores
    row = par_figures(conn, as_of=date(2021, 1, 1))["par"][0]
    assert row["change"] == Decimal("5.25")
    assert par_figures(conn, as_of=date(2023, 1, 1))["par"][0]["change"] is None  # no 2022 scores
    assert par_figures(conn, as_of=date(2019, 12, 31)) == {"par_year": None, "par": []}


def test_par_scope_keeps_rank_among_all_units(conn):
    add_par(conn, year=2021, unit="VPUB", scores={"A": ("100.00", "95.00")})
    add_par(conn, year=2021, unit="STC", scores={"A": ("100.00", "85.00")})
    f = par_figures(conn, as_of=date(2021, 12, 31), scope=resolve_scope(conn, ["STC"]))
    assert [(r["unit"], r["rank"]) for r in f["par"]] == [("STC", 2)]


# --- tasks of one assigning leader (a vice-chairman's view of the tasks page) -------------------

def test_task_queries_follow_the_assigning_leader(conn):
    """`assigned_by` keeps only that leader's tasks in every task query; None changes nothing."""
    from data_access.tasks import tasks_by_bucket, tasks_by_leader, tasks_by_unit

    to = NOV.end
    add_task(conn, assigned=date(2026, 11, 2), due=date(2026, 11, 10), completed=date(2026, 11, 9), by="PCT1")
    add_task(conn, assigned=date(2026, 11, 3), due=date(2026, 11, 20), by="PCT1", unit="SXD")       # overdue
    add_task(conn, assigned=date(2026, 11, 4), due=date(2026, 12, 3), by="PCT1")                    # due soon
    add_task(conn, assigned=date(2026, 9, 1), due=date(2026, 9, 30), by="PCT1")                     # old backlog
    add_task(conn, assigned=date(2026, 11, 2), due=date(2026, 11, 5), by="CT")                      # overdue
    add_task(conn, assigned=date(2026, 11, 5), due=date(2026, 12, 2), by="CT", unit="SXD")          # due soon
    add_task(conn, assigned=date(2026, 11, 6), due=date(2026, 11, 7), completed=date(2026, 11, 8), by="CT")

    everyone, pct1, ct = (task_figures(conn, period=NOV, assigned_by=b) for b in (None, "PCT1", "CT"))
    assert everyone == task_figures(conn, period=NOV)
    assert (everyone["tasks_total"], pct1["tasks_total"], ct["tasks_total"]) == (6, 3, 3)
    assert (pct1["tasks_completed_on_time"], pct1["tasks_overdue"], pct1["tasks_in_progress_on_time"]) == (1, 1, 1)
    assert (ct["tasks_completed_late"], ct["tasks_overdue"]) == (1, 1)
    assert (everyone["tasks_overdue_all"], pct1["tasks_overdue_all"], ct["tasks_overdue_all"]) == (3, 2, 1)
    assert task_figures(conn, period=NOV, assigned_by="NOBODY")["tasks_total"] == 0
    # combined with a unit scope: both conditions hold
    assert task_figures(conn, period=NOV, scope=Scope(frozenset({"SXD"})), assigned_by="PCT1")["tasks_total"] == 1

    by_unit = tasks_by_unit(conn, period=NOV, assigned_by="PCT1").set_index("unit")
    assert by_unit["tasks_total"].to_dict() == {"STC": 2, "SXD": 1}
    assert by_unit["tasks_overdue_all"].to_dict() == {"STC": 1, "SXD": 1}
    assert tasks_by_unit(conn, period=NOV)["tasks_total"].sum() == 6

    assert tasks_by_leader(conn, period=NOV, assigned_by="CT")["leader"].tolist() == ["CT"]
    assert sorted(tasks_by_leader(conn, period=NOV)["leader"]) == ["CT", "PCT1"]

    buckets = tasks_by_bucket(conn, period=Period(date(2026, 9, 1), to), assigned_by="PCT1")
    assert dict(zip(buckets["bucket"], buckets["tasks_total"])) == {date(2026, 9, 1): 1, date(2026, 11, 1): 3}
    assert tasks_by_bucket(conn, period=NOV, assigned_by="CT")["tasks_total"].sum() == 3

    late = overdue_tasks(conn, as_of=to, assigned_by="PCT1")
    assert set(late["assigned_by"]) == {"PCT1"} and len(late) == 2
    assert len(overdue_tasks(conn, as_of=to)) == 3
    assert overdue_aging(conn, as_of=to, assigned_by="PCT1")["tasks"].sum() == 2
    assert overdue_aging(conn, as_of=to, assigned_by="CT")["tasks"].tolist() == [1, 0, 0, 0]
    assert overdue_aging(conn, as_of=to)["tasks"].sum() == 3

    soon = tasks_due_soon(conn, as_of=to, assigned_by="PCT1")
    assert soon["assigned_by"].tolist() == ["PCT1"] and soon["due_date"].tolist() == [date(2026, 12, 3)]
    assert len(tasks_due_soon(conn, as_of=to)) == 2


def test_task_list_states_and_assigner(conn):
    from data_access.breakdowns import tasks_in_period

    add_task(conn, assigned=date(2026, 11, 2), due=date(2026, 11, 10), completed=date(2026, 11, 9), by="PCT1")
    add_task(conn, assigned=date(2026, 11, 3), due=date(2026, 11, 10), completed=date(2026, 12, 2), by="CT")
    add_task(conn, assigned=date(2026, 11, 4), by="CT")
    listed = tasks_in_period(conn, period=NOV)
    assert listed["assigned_date"].tolist() == [date(2026, 11, 4), date(2026, 11, 3), date(2026, 11, 2)]
    assert listed["completed_date"].isna().tolist() == [True, True, False]  # done after `to` counts as open
    assert listed["state"].tolist() == ["no_deadline", "overdue", "completed_on_time"]
    only_ct = tasks_in_period(conn, period=NOV, assigned_by="CT")
    assert set(only_ct["assigned_by"]) == {"CT"} and len(only_ct) == 2


def test_per_unit_frames_keep_their_columns_when_empty(conn):
    from data_access.dossiers import dossiers_by_unit
    from data_access.petitions import petitions_by_unit

    dossiers_frame = dossiers_by_unit(conn, period=NOV)
    petitions_frame = petitions_by_unit(conn, period=NOV)
    assert dossiers_frame.empty and petitions_frame.empty
    assert {"unit", "unit_name", "dossiers_received", "dossier_on_time_rate"} <= set(dossiers_frame.columns)
    assert {"unit", "unit_name", "petitions_received", "petitions_overdue"} <= set(petitions_frame.columns)
    add_petition(conn, received=date(2026, 11, 3), unit="SXD")
    assert list(petitions_by_unit(conn, period=NOV).columns) == list(petitions_frame.columns)
