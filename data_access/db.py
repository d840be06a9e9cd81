"""Engines and connections: the few settings each database needs."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from .config import normalise_url


# SQLite has one writer at a time: a login, an audit row or a download that needs to write while
# an import holds the lock waits this long (BDH_SQLITE_BUSY_TIMEOUT_MS) instead of failing at once.
DEFAULT_BUSY_TIMEOUT_MS = 60_000


def sqlite_busy_timeout_ms() -> int:
    try:
        value = int(os.environ.get("BDH_SQLITE_BUSY_TIMEOUT_MS", ""))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT_MS
    return value if value > 0 else DEFAULT_BUSY_TIMEOUT_MS


def make_engine(url: str, *, busy_timeout_ms: int | None = None, **kwargs) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        timeout_ms = busy_timeout_ms or sqlite_busy_timeout_ms()
        engine = create_engine(url, connect_args={"timeout": timeout_ms / 1000}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            # WAL lets the dashboard read while an import writes (readers never wait for the
            # writer); busy_timeout makes writers queue; foreign keys are off by default in SQLite.
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def is_locked_error(exc: BaseException) -> bool:
    """SQLite's "database is locked" / "busy": the writer's lock outlasted the busy timeout."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def is_sqlite(engine_or_conn) -> bool:
    return engine_or_conn.dialect.name == "sqlite"
