"""The audit log: who logged in, exported, imported or changed users, and when."""
from __future__ import annotations

import json
import logging
import time
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import OperationalError

from .clock import now_local
from .db import is_locked_error
from .schema import audit_log

A = audit_log.c

ACTIONS = {
    "login_ok": "Đăng nhập",
    "login_failed": "Đăng nhập không thành công",
    "login_locked": "Tài khoản bị khóa tạm thời",
    "logout": "Đăng xuất",
    "session_expired": "Hết phiên làm việc",
    "export": "Tải xuống",
    "briefing_pack": "Xuất bộ tài liệu giao ban",
    "import": "Nhập dữ liệu",
    "user_add": "Thêm tài khoản",
    "user_passwd": "Đổi mật khẩu",
    "user_disable": "Khóa tài khoản",
    "user_rebind": "Gắn tài khoản với đơn vị khác",
    "access_denied": "Từ chối truy cập",
    "reminders_sent": "Gửi thư đôn đốc",
    "explanation_ask": "Yêu cầu giải trình",
    "explanation_answer": "Giải trình",
    "explanation_close": "Đóng yêu cầu giải trình",
    "explanation_reopen": "Yêu cầu giải trình lại",
    "conclusion_add": "Ghi kết luận giao ban",
}


def record(conn: Connection, action: str, *, username: str | None, detail: dict | None = None,
           at: datetime | None = None) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    conn.execute(audit_log.insert().values(
        at=at or now_local(), username=username, action=action,
        detail=None if detail is None else json.dumps(detail, ensure_ascii=False, default=str)))


WRITE_ATTEMPTS = 6
_log = logging.getLogger(__name__)


def write(engine: Engine, action: str, *, username: str | None, detail: dict | None = None,
          at: datetime | None = None, attempts: int = WRITE_ATTEMPTS) -> None:
    """One audit row in its own transaction, retried while SQLite says "database is locked".

    Each attempt already waits the busy timeout (db.py); a long import may hold the lock longer,
    so the row is tried again, a bounded number of times, instead of being lost. `at` is taken
    now, so a row written late still says when the action happened. Other errors (a database
    that is down) are raised to the caller on the first attempt.
    """
    at = at or now_local()
    for attempt in range(1, attempts + 1):
        try:
            with engine.begin() as conn:
                record(conn, action, username=username, detail=detail, at=at)
            return
        except OperationalError as exc:
            if not is_locked_error(exc) or attempt == attempts:
                raise
            _log.warning("audit %s: database locked (attempt %d of %d), retrying", action, attempt, attempts)
            time.sleep(min(0.2 * 2 ** attempt, 5.0))


def audit_entries(conn: Connection, *, start: date | None = None, end: date | None = None,
                  username: str | None = None, action: str | None = None, limit: int = 5000) -> pd.DataFrame:
    """Newest first, filtered by date range (inclusive), user and action."""
    stmt = select(A.at, A.username, A.action, A.detail).order_by(A.at.desc(), A.id.desc()).limit(limit)
    if start:
        stmt = stmt.where(A.at >= datetime.combine(start, datetime.min.time()))
    if end:
        stmt = stmt.where(A.at < datetime.combine(end + timedelta(days=1), datetime.min.time()))
    if username:
        stmt = stmt.where(A.username == username)
    if action:
        stmt = stmt.where(A.action == action)
    return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=["at", "username", "action", "detail"])
