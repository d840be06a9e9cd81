"""Accounts, lockout, scopes and the audit trail of the data layer (issue: access control)."""
from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from builders import add_task, base_org
from data_access.audit import audit_entries
from data_access.period import Period
from data_access.schema import users
from data_access.tasks import task_figures
from data_access.users import (
    LOGIN_FAILED, UserError, add_user, authenticate, disable_user, home_units, scope_for, set_password,
)

NOW = datetime(2026, 11, 30, 9, 0)


@pytest.fixture
def conn(engine):
    with engine.begin() as connection:
        base_org(connection)
        yield connection


def test_password_is_stored_hashed_and_verifies(conn):
    add_user(conn, "stc", password="mat-khau-dai", role="unit", unit_code="STC")
    stored = conn.execute(select(users.c.password_hash)).scalar()
    assert "mat-khau-dai" not in stored and stored.startswith("$argon2id$")
    assert authenticate(conn, "stc", "mat-khau-dai", now=NOW).user.username == "stc"


def test_failures_say_the_same_thing_and_lock_after_five(conn):
    add_user(conn, "ct", password="dung-mat-khau", role="chairman", leader_code="CT")
    unknown = authenticate(conn, "khong-co", "dung-mat-khau", now=NOW)
    wrong = authenticate(conn, "ct", "sai", now=NOW)
    assert unknown.user is None and wrong.user is None
    assert unknown.message == wrong.message == LOGIN_FAILED
    for _ in range(4):
        authenticate(conn, "ct", "sai", now=NOW)
    # locked now: even the right password is refused, with the same message
    locked = authenticate(conn, "ct", "dung-mat-khau", now=NOW + timedelta(minutes=14))
    assert locked.user is None and locked.message == LOGIN_FAILED
    assert authenticate(conn, "ct", "dung-mat-khau", now=NOW + timedelta(minutes=16)).user is not None


def test_disabled_user_cannot_log_in(conn):
    add_user(conn, "pct1", password="dung-mat-khau", role="vice_chairman", leader_code="PCT1")
    disable_user(conn, "pct1")
    assert authenticate(conn, "pct1", "dung-mat-khau", now=NOW).user is None


def test_password_change_resets_lock(conn):
    add_user(conn, "ct", password="dung-mat-khau", role="chairman")
    for _ in range(5):
        authenticate(conn, "ct", "sai", now=NOW)
    set_password(conn, "ct", "mat-khau-moi-123")
    assert authenticate(conn, "ct", "mat-khau-moi-123", now=NOW).user is not None


def test_bad_accounts_are_refused(conn):
    with pytest.raises(UserError):
        add_user(conn, "x", password="dung-mat-khau", role="superuser")
    with pytest.raises(UserError):
        add_user(conn, "x", password="dung-mat-khau", role="unit")  # no unit
    with pytest.raises(UserError):
        add_user(conn, "x", password="dung-mat-khau", role="unit", unit_code="KHONGCO")
    with pytest.raises(UserError):
        add_user(conn, "x", password="ngan", role="admin")
    add_user(conn, "x", password="dung-mat-khau", role="admin")
    with pytest.raises(UserError):
        add_user(conn, "x", password="dung-mat-khau", role="admin")


def test_scopes_by_role_deny_by_default(conn):
    add_task(conn, assigned=date(2026, 11, 2), due=date(2026, 11, 9), unit="STC")
    add_task(conn, assigned=date(2026, 11, 2), due=date(2026, 11, 9), unit="X_BT")
    nov = Period(date(2026, 11, 1), date(2026, 11, 30))
    district = add_user(conn, "bs", password="dung-mat-khau", role="unit", unit_code="H_BS")
    chairman = add_user(conn, "ct", password="dung-mat-khau", role="chairman")
    vice = add_user(conn, "pct1", password="dung-mat-khau", role="vice_chairman", leader_code="PCT1")
    assert scope_for(conn, district).unit_codes == {"H_BS", "X_BT"}
    assert task_figures(conn, period=nov, scope=scope_for(conn, district))["tasks_total"] == 1
    assert task_figures(conn, period=nov, scope=scope_for(conn, chairman))["tasks_total"] == 2
    assert task_figures(conn, period=nov, scope=scope_for(conn, None))["tasks_total"] == 0
    assert home_units(conn, vice) == ["H_BS", "STC", "SXD"]


def test_every_login_and_user_change_is_audited(conn):
    add_user(conn, "ct", password="dung-mat-khau", role="chairman", by="admin")
    authenticate(conn, "ct", "sai", now=NOW)
    authenticate(conn, "ct", "dung-mat-khau", now=NOW)
    set_password(conn, "ct", "mat-khau-moi-123", by="admin")
    disable_user(conn, "ct", by="admin")
    actions = audit_entries(conn)["action"].tolist()
    for action in ("user_add", "login_failed", "login_ok", "user_passwd", "user_disable"):
        assert action in actions
    assert audit_entries(conn, username="ct")["action"].tolist() == ["login_ok", "login_failed"]


def test_user_cli(engine, migrated_url):
    with engine.begin() as conn:
        base_org(conn)

    def run(*args, stdin=""):
        return subprocess.run([sys.executable, "-m", "data_access", "user", *args, "--db", migrated_url],
                              input=stdin, capture_output=True, text=True, timeout=60)

    added = run("add", "stc", "--role", "unit", "--unit", "STC", "--name", "Cán bộ Sở Tài chính",
                "--password-stdin", stdin="mat-khau-dai\n")
    assert added.returncode == 0, added.stderr
    listed = run("list")
    assert "stc" in listed.stdout and "Cán bộ Sở Tài chính" in listed.stdout
    assert run("passwd", "stc", "--password-stdin", stdin="mat-khau-moi-1\n").returncode == 0
    refused = run("add", "x", "--role", "unit", "--unit", "KHONGCO", "--password-stdin", stdin="mat-khau-dai\n")
    assert refused.returncode == 2 and "KHONGCO" in refused.stderr and "Traceback" not in refused.stderr
    assert run("disable", "stc").returncode == 0
    with engine.connect() as conn:
        assert authenticate(conn, "stc", "mat-khau-moi-1").user is None


# --- issue 14: lockout under concurrent attempts, and no timing difference between failures -----------

def test_twenty_simultaneous_wrong_passwords_lock_the_account(engine, migrated_url):
    """Each attempt on its own connection, all at once: the count may not be lost between read and write."""
    import threading

    from sqlalchemy.pool import NullPool

    from data_access.db import make_engine

    with engine.begin() as conn:
        base_org(conn)
        add_user(conn, "ct", password="dung-mat-khau", role="chairman")
    attackers = make_engine(migrated_url, poolclass=NullPool)
    start, results, crashes = threading.Barrier(20), [], []

    def attempt():
        start.wait()
        try:
            with attackers.begin() as conn:
                results.append(authenticate(conn, "ct", "sai-mat-khau", now=NOW))
        except Exception as exc:  # a lost attempt would be a bug as well
            crashes.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    attackers.dispose()
    assert crashes == [] and len(results) == 20
    assert all(r.user is None and r.message == LOGIN_FAILED for r in results)
    with engine.begin() as conn:
        locked_until = conn.execute(select(users.c.locked_until)).scalar()
        assert locked_until == NOW + timedelta(minutes=15)
        actions = audit_entries(conn, username="ct")["action"].value_counts().to_dict()
        assert actions == {"login_failed": 5, "login_locked": 15}
        # locked: the right password is refused too, until the 15 minutes have passed
        assert authenticate(conn, "ct", "dung-mat-khau", now=NOW + timedelta(minutes=1)).user is None
        assert authenticate(conn, "ct", "dung-mat-khau", now=NOW + timedelta(minutes=16)).user is not None


def test_unknown_wrong_and_locked_logins_all_check_a_password(conn, monkeypatch):
    """A locked account used to answer ~300× faster (no hash checked), which told real usernames apart."""
    import statistics
    import time

    from data_access import users as users_module

    add_user(conn, "ct", password="dung-mat-khau", role="chairman")
    add_user(conn, "khoa", password="dung-mat-khau", role="chairman")
    for _ in range(5):
        authenticate(conn, "khoa", "sai", now=NOW)
    checked = []
    real_verify = users_module._verify
    monkeypatch.setattr(users_module, "_verify", lambda h, p: checked.append(h) or real_verify(h, p))

    timings: dict[str, list[float]] = {"unknown": [], "wrong": [], "locked": [], "locked_right": []}
    cases = {"unknown": ("khong-co", "sai"), "wrong": ("ct", "sai"), "locked": ("khoa", "sai"),
             "locked_right": ("khoa", "dung-mat-khau")}
    for round_ in range(3):
        for name, (username, password) in cases.items():
            if name == "wrong":
                set_password(conn, "ct", "dung-mat-khau")  # never let "ct" reach its own lock
            before = len(checked)
            started = time.perf_counter()
            result = authenticate(conn, username, password, now=NOW + timedelta(minutes=1))
            timings[name].append(time.perf_counter() - started)
            assert result.user is None and result.message == LOGIN_FAILED
            assert len(checked) == before + 1, f"{name}: no password hash was verified"
    wrong = statistics.median(timings["wrong"])
    for name in ("unknown", "locked", "locked_right"):
        # Same order of magnitude (the old locked path took 0.3 % of the time); generous for a busy machine.
        assert statistics.median(timings[name]) >= 0.3 * wrong, (name, timings)
