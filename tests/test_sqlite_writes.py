"""Small writes and reads while an import writes (issue 14): on SQLite a login failed with "database
is locked", a download took 31 s and its audit row was lost. WAL lets readers through, the busy
timeout makes writers queue, the audit row is retried. Run on SQLite and PostgreSQL alike."""
from __future__ import annotations

import sqlite3
import threading
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from data_access import audit
from data_access.db import DEFAULT_BUSY_TIMEOUT_MS, make_engine
from data_access.importer import import_file
from data_access.schema import audit_log, dossiers
from data_access.users import add_user, authenticate
from test_importer import DOSSIER_HEADER, add_references, write_csv

ROWS = 15_000
HELD_SECONDS = 2.5


def dossier_file(path):
    start = datetime(2025, 1, 1, 8, 0)
    rows = [DOSSIER_HEADER]
    for n in range(ROWS):
        received = start + timedelta(minutes=n)
        rows.append([f"HS{n}", "STC", f"P{n % 50}", f"Thủ tục {n % 50}", "Tài chính", "trực tuyến",
                     f"{received:%Y-%m-%d %H:%M}", f"{received + timedelta(days=5):%Y-%m-%d %H:%M}",
                     f"{received + timedelta(days=3):%Y-%m-%d %H:%M}", "", "", "hài lòng"])
    return write_csv(path, rows)


def sqlite_write_lock_taken(engine) -> bool:
    """Does another connection hold SQLite's write lock right now? (asks without waiting)"""
    probe = sqlite3.connect(engine.url.database, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc) or "busy" in str(exc)
    finally:
        probe.close()


def test_readers_logins_and_audit_rows_get_through_a_long_import(engine, migrated_url, tmp_path, caplog):
    add_references(engine)
    with engine.begin() as conn:
        add_user(conn, "vp", password="dung-mat-khau", role="admin")
    path = dossier_file(tmp_path / "hs.csv")
    writing, outcome = threading.Event(), {}

    def progress(phase, rows):
        if phase == "write":
            writing.set()
        if phase == "rollups" and rows == 0:
            # The bulk path writes 15 000 rows in well under a second; a file of millions holds the lock for
            # minutes. The import's own transaction (it holds the write lock now) is kept this long instead,
            # so that the reader, the impatient audit write and the login below meet a lock that is held.
            time.sleep(HELD_SECONDS)

    def run_import():
        outcome["result"] = import_file(engine, "dossiers", path, user="vp", progress=progress)

    importer = threading.Thread(target=run_import)
    importer.start()
    assert writing.wait(120)
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:  # wait until the import really holds the one write lock
        deadline = time.monotonic() + 60
        while not sqlite_write_lock_taken(engine):
            assert importer.is_alive() and time.monotonic() < deadline, "the import never held the lock"
            time.sleep(0.02)
    # A second app instance whose busy timeout is shorter than the import's lock.
    impatient = make_engine(migrated_url, busy_timeout_ms=300)
    try:
        started = time.monotonic()
        with impatient.connect() as conn:  # a page reading figures: at once, and no half import
            seen = conn.execute(select(func.count()).select_from(dossiers)).scalar()
        read_seconds = time.monotonic() - started
        if sqlite:
            assert importer.is_alive(), "the import ended before the reader ran: make the file bigger"
            assert seen == 0  # WAL: the reader sees the data before the import, not half of it
        with caplog.at_level("WARNING", logger="data_access.audit"):
            # One attempt outlasts the 300 ms busy timeout (and used to be lost); it is retried.
            audit.write(impatient, "export", username="vp", detail={"tep": "hoso.csv"})
        if sqlite:
            assert "database locked" in caplog.text
        with engine.begin() as conn:  # a login waits for the lock instead of failing
            assert authenticate(conn, "vp", "dung-mat-khau").user is not None
    finally:
        impatient.dispose()
    importer.join(300)
    assert outcome["result"].status == "ok" and outcome["result"].inserted == ROWS
    assert seen in (0, ROWS) and read_seconds < 5
    with engine.connect() as conn:
        exports = conn.execute(select(audit_log.c.detail).where(audit_log.c.action == "export")).scalars().all()
        logins = conn.execute(select(func.count()).where(audit_log.c.action == "login_ok")).scalar()
    assert exports == ['{"tep": "hoso.csv"}'] and logins == 1


def test_every_sqlite_connection_is_in_wal_with_a_busy_timeout(engine, tmp_path):
    if engine.dialect.name != "sqlite":
        with engine.connect() as conn:  # nothing to set on PostgreSQL; the engine still answers
            assert conn.execute(text("SELECT 1")).scalar() == 1
        return
    fresh = make_engine(f"sqlite:///{tmp_path / 'neu.sqlite'}")
    try:
        for eng in (engine, fresh):
            with eng.connect() as conn:
                assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
                assert conn.execute(text("PRAGMA busy_timeout")).scalar() == DEFAULT_BUSY_TIMEOUT_MS
                assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        fresh.dispose()


def test_an_audit_write_to_a_dead_database_fails_at_once(tmp_path):
    dead = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    started = time.monotonic()
    with pytest.raises(OperationalError):
        audit.write(dead, "export", username="vp")
    assert time.monotonic() - started < 10  # not retried: only a lock is worth waiting for
    dead.dispose()
