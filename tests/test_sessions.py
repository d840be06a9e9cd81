"""Login sessions in the database (issue 14): hashed tokens; logout, expiry and a disabled account
end a session for every tab and every app instance at the next check. SQLite and PostgreSQL."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.pool import NullPool

from builders import base_org
from data_access.db import make_engine
from data_access.schema import login_sessions, users
from data_access.sessions import (
    ENDED_NOTICES, check_session, create_session, end_all_for_user, end_session, live_sessions,
    purge_sessions, validate,
)
from data_access.users import add_user, disable_user, get_user, set_password

LOGIN = datetime(2026, 12, 3, 8, 0)
LIMITS = {"idle_minutes": 30, "session_hours": 12}


@pytest.fixture
def people(engine):
    with engine.begin() as conn:
        base_org(conn)
        add_user(conn, "ct", password="dung-mat-khau", role="chairman", leader_code="CT")
        add_user(conn, "stc", password="dung-mat-khau", role="unit", unit_code="STC")
    return engine


def login(engine, username="ct", at=LOGIN) -> str:
    with engine.begin() as conn:
        return create_session(conn, get_user(conn, username), at)


def check(engine, token, at):
    with engine.begin() as conn:
        return check_session(conn, token, at, **LIMITS)


def test_the_token_is_stored_only_as_its_hash(people):
    token = login(people)
    with people.connect() as conn:
        rows = conn.execute(select(login_sessions)).mappings().all()
    assert len(rows) == 1 and len(token) >= 40
    assert rows[0]["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in " ".join(str(v) for v in rows[0].values())
    assert check(people, token, LOGIN + timedelta(minutes=1)).user.username == "ct"
    # the hash itself, as a cookie, opens nothing
    assert check(people, rows[0]["token_hash"], LOGIN).user is None


def test_logout_ends_the_session_for_every_tab_and_instance(people, migrated_url):
    token = login(people)
    other_login = login(people)  # the same person on a second device
    other_instance = make_engine(migrated_url, poolclass=NullPool)  # another app process
    try:
        assert check(other_instance, token, LOGIN + timedelta(minutes=2)).live
        with people.begin() as conn:
            assert end_session(conn, token, LOGIN + timedelta(minutes=3)) == "ct"
            assert end_session(conn, token, LOGIN + timedelta(minutes=3)) is None  # once
        for engine in (people, other_instance):  # a second tab, a copied cookie, another instance
            ended = check(engine, token, LOGIN + timedelta(minutes=4))
            assert ended.user is None and ended.ended_reason == "logout" and not ended.just_ended
        assert check(other_instance, other_login, LOGIN + timedelta(minutes=4)).live
        with people.begin() as conn:
            assert end_all_for_user(conn, "ct", LOGIN + timedelta(minutes=5)) == 1
        assert check(people, other_login, LOGIN + timedelta(minutes=6)).ended_reason == "logout_all"
    finally:
        other_instance.dispose()


def test_idle_and_absolute_expiry(people):
    token = login(people)
    # activity keeps it alive: a check every 25 minutes
    at = LOGIN
    for _ in range(4):
        at += timedelta(minutes=25)
        assert check(people, token, at).live
    idle = check(people, token, at + timedelta(minutes=31))
    assert idle.user is None and idle.ended_reason == "idle" and idle.just_ended and idle.username == "ct"
    again = check(people, token, at + timedelta(minutes=32))
    assert again.ended_reason == "idle" and not again.just_ended  # audited once, by the first check

    busy = login(people)
    at = LOGIN
    while at < LOGIN + timedelta(hours=12):
        assert check(people, busy, at).live
        at += timedelta(minutes=20)
    absolute = check(people, busy, LOGIN + timedelta(hours=12, minutes=1))
    assert absolute.ended_reason == "absolute" and absolute.just_ended


def test_a_disabled_account_is_out_at_the_next_check(people):
    by_hand, by_admin = login(people, "stc"), login(people, "ct")
    with people.begin() as conn:  # an UPDATE by hand, not through disable_user
        conn.execute(update(users).where(users.c.username == "stc").values(active=False))
    ended = check(people, by_hand, LOGIN + timedelta(minutes=1))
    assert ended.user is None and ended.ended_reason == "inactive" and ended.just_ended
    with people.begin() as conn:
        disable_user(conn, "ct", by="admin")
        assert live_sessions(conn, "ct") == 0
    assert check(people, by_admin, LOGIN + timedelta(minutes=1)).ended_reason == "inactive"


def test_a_password_reset_ends_the_old_sessions(people):
    token = login(people)
    with people.begin() as conn:
        set_password(conn, "ct", "mat-khau-moi-123", by="admin")
    assert check(people, token, LOGIN + timedelta(minutes=1)).ended_reason == "password_changed"
    assert check(people, login(people), LOGIN + timedelta(minutes=1)).live


@pytest.mark.parametrize("token", [None, "", "x", "a" * 10_000, "'; DROP TABLE users; --"])
def test_garbage_tokens_open_nothing(people, token):
    result = check(people, token, LOGIN)
    assert result.user is None and result.ended_reason == "unknown"
    with people.begin() as conn:
        assert validate(conn, token, LOGIN, 30, 12) is None
        assert end_session(conn, token, LOGIN) is None


def test_activity_is_written_at_most_once_a_minute(people):
    token = login(people)
    check(people, token, LOGIN + timedelta(seconds=30))
    with people.connect() as conn:
        assert conn.execute(select(login_sessions.c.last_seen_at)).scalar() == LOGIN
    check(people, token, LOGIN + timedelta(minutes=2))
    with people.connect() as conn:
        assert conn.execute(select(login_sessions.c.last_seen_at)).scalar() == LOGIN + timedelta(minutes=2)


def test_old_sessions_are_purged(people):
    old, fresh = login(people, at=LOGIN - timedelta(days=40)), login(people)
    with people.begin() as conn:
        assert purge_sessions(conn, LOGIN - timedelta(days=30)) == 1
    assert check(people, old, LOGIN).ended_reason == "unknown"
    assert check(people, fresh, LOGIN).live


def test_every_reason_has_a_notice():
    for reason in ("logout", "logout_all", "idle", "absolute", "inactive", "password_changed", "unknown"):
        assert ENDED_NOTICES[reason]


def test_a_check_does_not_wait_for_an_import_holding_sqlite_write_lock(people):
    """An import holds SQLite's only write lock for many seconds: a click must not queue behind it."""
    import sqlite3
    import time

    token = login(people)
    holder = None
    if people.dialect.name == "sqlite":
        holder = sqlite3.connect(people.url.database, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # what the import's first write takes, until its commit
        holder.execute("INSERT INTO audit_log (at, action) VALUES ('2026-12-03 08:00:00', 'import')")
    try:
        started = time.monotonic()
        assert check(people, token, LOGIN + timedelta(minutes=5)).live  # a touch is due
        assert time.monotonic() - started < 5  # the busy timeout is 60 s
    finally:
        if holder is not None:
            holder.execute("ROLLBACK")
            holder.close()
    # the activity is written at the next check once the lock is free
    assert check(people, token, LOGIN + timedelta(minutes=6)).live
    with people.connect() as conn:
        assert conn.execute(select(login_sessions.c.last_seen_at)).scalar() == LOGIN + timedelta(minutes=6)
