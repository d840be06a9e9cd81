"""Reminders (đôn đốc, SPEC §2.6): the one builder against the figures of §2, on SQLite and PostgreSQL.

A seeded province: for a day, every unit's reminder holds exactly its own items as the task, dossier and
petition figures count them for that unit alone in the current view; units with nothing get none.
Hand-built data: the `--days` window, and a dissolved unit's handed-over items in its successor's reminder.
"""
from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from builders import add_dossier, add_edge, add_petition, add_task, add_unit
from conftest import BACKENDS, dispose_database, new_database_url
from data_access import rollups
from data_access.db import make_engine
from data_access.dossiers import dossier_figures
from data_access.org import TASK_ITEMS, current
from data_access.period import Period
from data_access.petitions import petition_figures
from data_access.reminders import reminders, units_of_day
from data_access.schema import leaders, procedures, tasks
from data_access.scope import Scope
from data_access.tasks import task_figures

ROOT = Path(__file__).resolve().parent.parent
SEEDED_UNTIL = "2026-11-29"
DAY = date(2026, 11, 30)


@pytest.fixture(scope="module", params=BACKENDS)
def seeded(request, tmp_path_factory):
    url = new_database_url(request.param, tmp_path_factory, "bdh_remind")
    done = subprocess.run([sys.executable, "-m", "seed", "--db", url, "--until", SEEDED_UNTIL, "--scale", "0.05",
                           "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    engine = make_engine(url)
    yield engine
    engine.dispose()
    dispose_database(request.param, url)


def own(unit: str, on: date) -> Scope:
    """The unit alone (none of the units below it), in the organisation of `on`."""
    return Scope(frozenset({unit}), current(on))


def due_soon_count(conn, unit: str, on: date, days: int) -> int:
    """Tasks of the unit (current view) assigned by `on`, not completed by `on`, on <= due <= on + days."""
    t = tasks.c
    bound = own(unit, on).bind(conn)
    return conn.execute(select(func.count()).where(
        t.assigned_date <= on, (t.completed_date.is_(None)) | (t.completed_date > on),
        t.due_date >= on, t.due_date <= on + timedelta(days=days), bound.where(TASK_ITEMS))).scalar()


def test_every_units_reminder_equals_its_own_figures_in_the_current_view(seeded):
    day = Period(DAY, DAY)
    with seeded.connect() as conn:
        found = {r["unit"]: r for r in reminders(conn, as_of=DAY)}
        assert found, "the seeded province has late items on the day"
        for code in units_of_day(conn, DAY):
            scope = own(code, DAY)
            backlog = task_figures(conn, period=day, scope=scope)["tasks_overdue_all"]
            dossiers = dossier_figures(conn, period=day, scope=scope)["dossiers_pending_overdue"]
            petitions = petition_figures(conn, period=day, scope=scope)["petitions_overdue"]
            soon = due_soon_count(conn, code, DAY, 7)
            r = found.get(code)
            if r is None:  # nothing: no reminder
                assert (backlog, dossiers, petitions, soon) == (0, 0, 0, 0), code
                continue
            assert len(r["tasks_overdue"]) == backlog, code
            assert r["dossiers_pending_overdue"] == dossiers, code
            assert r["petitions_overdue"] == petitions, code
            assert len(r["tasks_due_soon"]) == soon, code
            assert all(t["days_overdue"] == (DAY - t["due_date"]).days > 0 for t in r["tasks_overdue"])
            assert all(DAY <= t["due_date"] <= DAY + timedelta(days=7) for t in r["tasks_due_soon"])
            assert (r["oldest_dossier_due"] is None) == (dossiers == 0)
            assert (r["oldest_petition_due"] is None) == (petitions == 0)
        assert set(found) <= set(units_of_day(conn, DAY)), "only units of the day get a reminder"
        # the reminders add up to the province, less what belongs to no unit of the day (the residue)
        province = Scope(None, current(DAY))
        residue_free = sum(len(r["tasks_overdue"]) for r in found.values())
        assert residue_free <= task_figures(conn, period=day, scope=province)["tasks_overdue_all"]


def test_a_units_reminder_does_not_take_the_items_of_the_units_below_it(engine):
    with engine.begin() as conn:
        conn.execute(leaders.insert(), [{"code": "CT", "name": "Chủ tịch UBND tỉnh", "title": "chairman"}])
        add_unit(conn, "H_MD", "Huyện Mộ Đức", "district")
        add_unit(conn, "X_DM", "Xã Đức Minh", "commune", parent="H_MD")
        add_unit(conn, "STC", "Sở Tài chính")
        add_task(conn, assigned=date(2026, 10, 1), due=date(2026, 11, 1), unit="X_DM", task_id="NV-XA")
    with engine.connect() as conn:
        found = {r["unit"]: r for r in reminders(conn, as_of=DAY)}
        only_district = reminders(conn, as_of=DAY, scope=Scope(frozenset({"H_MD"}), current(DAY)))
    assert list(found) == ["X_DM"]
    assert [t["task_id"] for t in found["X_DM"]["tasks_overdue"]] == ["NV-XA"]
    assert only_district == []


def test_days_sets_the_window_of_tasks_falling_due(engine):
    with engine.begin() as conn:
        conn.execute(leaders.insert(), [{"code": "CT", "name": "Chủ tịch UBND tỉnh", "title": "chairman"}])
        add_unit(conn, "STC", "Sở Tài chính")
        add_unit(conn, "SXD", "Sở Xây dựng")
        assigned = date(2026, 11, 1)
        add_task(conn, assigned=assigned, due=DAY, task_id="NV-TODAY")                       # due today: soon
        add_task(conn, assigned=assigned, due=DAY + timedelta(days=3), task_id="NV-3")
        add_task(conn, assigned=assigned, due=DAY + timedelta(days=7), task_id="NV-7")
        add_task(conn, assigned=assigned, due=DAY + timedelta(days=8), task_id="NV-8")
        add_task(conn, assigned=assigned, due=DAY + timedelta(days=2), completed=DAY, task_id="NV-DONE")
        add_task(conn, assigned=assigned, due=DAY + timedelta(days=2), completed=DAY + timedelta(days=1),
                 task_id="NV-DONE-LATER")                                                    # open on the day
        add_task(conn, assigned=DAY + timedelta(days=1), due=DAY + timedelta(days=2), task_id="NV-FUTURE")
        add_task(conn, assigned=assigned, due=DAY - timedelta(days=1), task_id="NV-LATE")
        add_task(conn, assigned=assigned, due=None, task_id="NV-NO-DEADLINE")
    with engine.connect() as conn:
        week = reminders(conn, as_of=DAY)
        three = reminders(conn, as_of=DAY, days=3)
        none_soon = reminders(conn, as_of=DAY, days=0)
    assert [r["unit"] for r in week] == ["STC"], "a unit with nothing (Sở Xây dựng) gets no reminder"
    assert [t["task_id"] for t in week[0]["tasks_due_soon"]] == ["NV-TODAY", "NV-DONE-LATER", "NV-3", "NV-7"]
    assert [t["task_id"] for t in three[0]["tasks_due_soon"]] == ["NV-TODAY", "NV-DONE-LATER", "NV-3"]
    assert [t["task_id"] for t in none_soon[0]["tasks_due_soon"]] == ["NV-TODAY"]
    assert [(t["task_id"], t["days_overdue"]) for t in week[0]["tasks_overdue"]] == [("NV-LATE", 1)]


def test_a_dissolved_units_handed_over_items_are_in_its_successors_reminder(engine):
    merged, split = date(2025, 3, 1), date(2025, 7, 1)
    with engine.begin() as conn:
        conn.execute(leaders.insert(), [{"code": "CT", "name": "Chủ tịch UBND tỉnh", "title": "chairman"}])
        conn.execute(procedures.insert(), [{"code": "TT1", "name": "Thủ tục 1", "field": "Đất đai"}])
        add_unit(conn, "SKHDT", "Sở Kế hoạch và Đầu tư", valid_to=merged - timedelta(days=1))
        add_unit(conn, "STC", "Sở Tài chính")
        add_unit(conn, "H_BS", "Huyện Bình Sơn", "district", valid_to=split - timedelta(days=1))
        add_unit(conn, "X_BS", "Xã Bình Sơn", "commune", valid_from=split)
        add_unit(conn, "X_VT", "Xã Vạn Tường", "commune", valid_from=split)
        add_edge(conn, "SKHDT", "STC", merged)
        add_edge(conn, "H_BS", "X_BS", split, "split", primary=True)
        add_edge(conn, "H_BS", "X_VT", split, "split")
        rollups.sync_boundaries(conn)
        # open when the department ended: handed over to the merged one
        add_task(conn, assigned=date(2025, 1, 10), due=date(2025, 12, 1), unit="SKHDT", task_id="NV-KHDT")
        add_task(conn, assigned=date(2025, 1, 10), due=date(2025, 2, 1), completed=date(2025, 2, 20),
                 unit="SKHDT", task_id="NV-KHDT-DONE")
        # the district's open items: to the primary commune, or where handover_to says
        add_task(conn, assigned=date(2025, 5, 1), due=date(2025, 11, 20), unit="H_BS", task_id="NV-HUYEN")
        add_task(conn, assigned=date(2025, 5, 1), due=date(2025, 11, 25), unit="H_BS", task_id="NV-HUYEN-VT",
                 handover="X_VT")
        add_dossier(conn, received=datetime(2025, 6, 1, 8), due=datetime(2025, 6, 20, 17), unit="H_BS")
        add_petition(conn, received=date(2025, 5, 2), due=date(2025, 8, 1), unit="SKHDT")
    on = date(2025, 12, 5)
    with engine.connect() as conn:
        found = {r["unit"]: r for r in reminders(conn, as_of=on)}
    assert set(found) == {"STC", "X_BS", "X_VT"}, "no reminder to a unit that no longer exists"
    assert [t["task_id"] for t in found["STC"]["tasks_overdue"]] == ["NV-KHDT"]
    assert found["STC"]["petitions_overdue"] == 1 and found["STC"]["oldest_petition_due"] == date(2025, 8, 1)
    assert [t["task_id"] for t in found["X_BS"]["tasks_overdue"]] == ["NV-HUYEN"]
    assert found["X_BS"]["dossiers_pending_overdue"] == 1
    assert found["X_BS"]["oldest_dossier_due"] == date(2025, 6, 20)
    assert [t["task_id"] for t in found["X_VT"]["tasks_overdue"]] == ["NV-HUYEN-VT"]
    assert found["X_VT"]["dossiers_pending_overdue"] == 0
