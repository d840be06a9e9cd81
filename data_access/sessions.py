"""Login sessions in the database: what a browser's session cookie opens, and when it stops.

The browser keeps a random token (`create_session` returns it, once); the database keeps only
its SHA-256, so a copy of the table (a backup, a leaked dump) opens no session. The app asks
`check_session` (or `validate`) on every run of every tab and every instance: logout, expiry by
idle time or by age, and a disabled account therefore apply everywhere at the next run, and a
restart of the app keeps people logged in.

All times are naive local datetimes (clock.py), passed in by the caller like the rest of the
data layer, so tests can say what "now" is.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import OperationalError

from .db import is_locked_error
from .schema import login_sessions, users
from .accounts import User, row_user as _user

S = login_sessions.c
# Activity is written at most once a minute, so the clicks of a busy page do not each write
# (on SQLite a write waits behind an import); idle expiry is thus exact to that minute.
TOUCH_EVERY = timedelta(minutes=1)
TOUCH_WAIT_MS = 200
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 200  # a cookie longer than any token we make is not looked up at all

# Why a session ended (login_sessions.ended_reason), and what to tell the person.
ENDED_NOTICES = {
    "logout": "Bạn đã đăng xuất.",
    "logout_all": "Phiên làm việc đã được kết thúc trên mọi thiết bị. Vui lòng đăng nhập lại.",
    "idle": "Phiên làm việc đã hết hạn do không hoạt động. Vui lòng đăng nhập lại.",
    "absolute": "Phiên làm việc đã hết thời hạn tối đa. Vui lòng đăng nhập lại.",
    "inactive": "Tài khoản không còn hiệu lực. Hãy liên hệ Văn phòng UBND tỉnh.",
    "password_changed": "Mật khẩu đã được đặt lại. Vui lòng đăng nhập bằng mật khẩu mới.",
    "unknown": "Phiên làm việc không còn hiệu lực. Vui lòng đăng nhập lại.",
}
EXPIRY_REASONS = ("idle", "absolute", "inactive")  # ended by the check itself (audit: session_expired)


@dataclass(frozen=True)
class SessionCheck:
    """The answer for one token: the user while the session lives, else why it is over."""
    user: User | None
    ended_reason: str | None = None  # a key of ENDED_NOTICES; None while live
    just_ended: bool = False         # this check ended it (idle/absolute/inactive): audit it once
    username: str | None = None      # whose session it was (also when ended), for the audit row

    @property
    def live(self) -> bool:
        return self.user is not None


def token_hash(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode("utf-8")).hexdigest()


def create_session(conn: Connection, user: User | str, now: datetime) -> str:
    """A new session for a user who has just logged in; returns the raw token (for the cookie)."""
    username = user if isinstance(user, str) else user.username
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    conn.execute(login_sessions.insert().values(
        token_hash=token_hash(raw), username=username, created_at=now, last_seen_at=now))
    return raw


def check_session(conn: Connection, raw_token: str | None, now: datetime, *, idle_minutes: float,
                  session_hours: float) -> SessionCheck:
    """The user a token stands for, touching its activity time; or why it no longer opens anything.

    Over `idle_minutes` without a check, or `session_hours` after login, or once the account is
    disabled, the session is ended here (once: `just_ended` says this call did it).
    """
    if not raw_token or len(raw_token) > MAX_TOKEN_LENGTH:
        return SessionCheck(None, "unknown")
    key = token_hash(raw_token)
    row = conn.execute(
        select(S.created_at, S.last_seen_at, S.ended_at, S.ended_reason, users)
        .join(users, users.c.username == S.username).where(S.token_hash == key)).first()
    if row is None:
        return SessionCheck(None, "unknown")
    if row.ended_at is not None:
        return SessionCheck(None, row.ended_reason or "unknown", username=row.username)
    reason = None
    if now - row.created_at > timedelta(hours=session_hours):
        reason = "absolute"
    elif now - row.last_seen_at > timedelta(minutes=idle_minutes):
        reason = "idle"
    elif not row.active:
        reason = "inactive"
    if reason:
        ended = _end(conn, S.token_hash == key, now, reason)
        return SessionCheck(None, reason, just_ended=ended == 1, username=row.username)
    if now - row.last_seen_at >= TOUCH_EVERY:
        touched = _touch(conn, key, now)
        if touched == 0:  # ended by a logout in another tab between the read and this write
            return check_session(conn, raw_token, now, idle_minutes=idle_minutes, session_hours=session_hours)
    return SessionCheck(_user(row), username=row.username)


def validate(conn: Connection, raw_token: str | None, now: datetime, idle_minutes: float,
             session_hours: float) -> User | None:
    """The live session's user, or None (unknown token, ended, expired, account disabled)."""
    return check_session(conn, raw_token, now, idle_minutes=idle_minutes, session_hours=session_hours).user


def end_session(conn: Connection, raw_token: str | None, now: datetime, reason: str = "logout") -> str | None:
    """Logout: the session ends for every tab holding its token. Returns whose it was (None: nothing to end)."""
    if not raw_token or len(raw_token) > MAX_TOKEN_LENGTH:
        return None
    key = token_hash(raw_token)
    username = conn.execute(select(S.username).where(S.token_hash == key, S.ended_at.is_(None))).scalar()
    if username is None:
        return None
    return username if _end(conn, S.token_hash == key, now, reason) else None


def end_all_for_user(conn: Connection, username: str, now: datetime, reason: str = "logout_all") -> int:
    """End every live session of a user (logout everywhere, account disabled, password reset)."""
    return _end(conn, S.username == username, now, reason)


def live_sessions(conn: Connection, username: str) -> int:
    """How many live (not ended) sessions a user has; expired ones count until a check ends them."""
    return conn.execute(select(func.count()).where(S.username == username, S.ended_at.is_(None))).scalar_one()


def purge_sessions(conn: Connection, before: datetime) -> int:
    """Forget sessions not seen since `before` (ended or long expired): housekeeping, any time."""
    return conn.execute(login_sessions.delete().where(S.last_seen_at < before)).rowcount


def _touch(conn: Connection, key: str, now: datetime) -> int | None:
    """Write the session's activity time; None when SQLite's one write lock is busy (an import).

    A page must not wait for an import to commit just to note that someone clicked: on SQLite the
    touch waits at most TOUCH_WAIT_MS and is otherwise skipped (the next check writes it).
    """
    stmt = login_sessions.update().where(S.token_hash == key, S.ended_at.is_(None)).values(last_seen_at=now)
    if conn.dialect.name != "sqlite":
        return conn.execute(stmt).rowcount
    driver = conn.connection.driver_connection
    previous = driver.execute("PRAGMA busy_timeout").fetchone()[0]
    driver.execute(f"PRAGMA busy_timeout = {TOUCH_WAIT_MS}")
    try:
        return conn.execute(stmt).rowcount
    except OperationalError as exc:
        if is_locked_error(exc):
            return None
        raise
    finally:
        driver.execute(f"PRAGMA busy_timeout = {int(previous)}")


def _end(conn: Connection, which, now: datetime, reason: str) -> int:
    if reason not in ENDED_NOTICES:
        raise ValueError(f"unknown reason for ending a session: {reason!r}")
    # ended_at IS NULL: a session ends once, and the first reason stays.
    return conn.execute(login_sessions.update().where(which, S.ended_at.is_(None))
                        .values(ended_at=now, ended_reason=reason)).rowcount
