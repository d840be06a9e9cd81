"""The commands of SPEC.md §4 as a user runs them: a real process, a real database."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime

import pytest

from builders import add_dossier, add_par, add_petition, add_reception, add_task, base_org
from data_access.kpi import SPEC_KEYS
from data_access.migrate import upgrade


def run(*args):
    return subprocess.run([sys.executable, "-m", "data_access", *args], capture_output=True, text=True, timeout=120)


def test_init_db_creates_and_is_repeatable(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    first = run("init-db", "--db", url)
    again = run("init-db", "--db", url)
    assert first.returncode == 0 and again.returncode == 0, first.stderr + again.stderr
    assert "sẵn sàng" in first.stdout


def test_kpi_json_has_exactly_the_spec_keys(engine, migrated_url):
    with engine.begin() as conn:
        base_org(conn)
        add_task(conn, assigned=date(2026, 11, 2), due=date(2026, 11, 10), completed=date(2026, 11, 9))
        add_task(conn, assigned=date(2026, 11, 2), due=date(2026, 11, 12), unit="X_BT")
        add_dossier(conn, received=datetime(2026, 11, 3, 9), due=datetime(2026, 11, 10, 17),
                    resolved=datetime(2026, 11, 5, 9), channel="online", rating="satisfied")
        add_petition(conn, received=date(2026, 11, 4), kind="land_dispute", unit="H_BS")
        add_reception(conn, on=date(2026, 11, 4), people=4, delegations=1)
        add_par(conn, year=2025, unit="VPUB", scores={"A": ("100.00", "92.35")})
    result = run("kpi", "--db", migrated_url, "--from", "2026-11-01", "--to", "2026-11-30", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert list(figures) == SPEC_KEYS
    assert figures["tasks_total"] == 2 and figures["tasks_overdue"] == 1
    assert figures["task_due_completion_rate"] == pytest.approx(0.5)
    assert figures["dossiers_online"] == 1 and figures["online_share"] == 1.0
    assert figures["median_turnaround_days"] == pytest.approx(2.0)
    assert figures["petitions_land_dispute"] == 1
    assert figures["reception_people"] == 4
    assert figures["par_year"] == 2025
    assert figures["par"] == [{"unit": "VPUB", "name": "Văn phòng UBND tỉnh", "kind": "department",
                               "score": 92.35, "max": 100.0, "percent": pytest.approx(0.9235), "rank": 1,
                               "change": None}]

    district = json.loads(run("kpi", "--db", migrated_url, "--from", "2026-11-01", "--to", "2026-11-30",
                              "--unit", "H_BS", "--json").stdout)
    assert district["tasks_total"] == 1  # the commune's task, through its district
    assert district["petitions_received"] == 1 and district["dossiers_received"] == 0
    assert district["par"] == []
    assert district["task_on_time_rate"] is None


def test_kpi_refuses_bad_input_without_traceback(engine, migrated_url):
    unknown = run("kpi", "--db", migrated_url, "--from", "2026-11-01", "--to", "2026-11-30", "--unit", "KHONGCO")
    reversed_period = run("kpi", "--db", migrated_url, "--from", "2026-11-30", "--to", "2026-11-01")
    bad_date = run("kpi", "--db", migrated_url, "--from", "2026-13-01", "--to", "2026-11-01")
    for result in (unknown, reversed_period, bad_date):
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
    assert "KHONGCO" in unknown.stderr


def test_kpi_reports_an_unreachable_database():
    result = run("kpi", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "--from", "2026-11-01",
                 "--to", "2026-11-30")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Lỗi cơ sở dữ liệu" in result.stderr
