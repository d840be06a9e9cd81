"""Test databases: every data test runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.

Each pytest process makes its own PostgreSQL databases (named after its pid), so parallel
runs never share state; they are dropped at the end.
"""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from data_access.config import normalise_url
from data_access.db import make_engine
from data_access.migrate import upgrade
from data_access.schema import metadata

PG_BASE_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite", "postgresql"]


def _pg_admin():
    url = make_url(normalise_url(PG_BASE_URL))
    return create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT"), url


def create_pg_database(prefix: str) -> str:
    """A new, empty PostgreSQL database; returns its URL."""
    admin, url = _pg_admin()
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_pg_database(db_url: str) -> None:
    admin, _ = _pg_admin()
    name = make_url(db_url).database
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def new_database_url(backend: str, tmp_path_factory, prefix: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp(prefix) / 'test.sqlite'}"
    if not PG_BASE_URL:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    return create_pg_database(prefix)


def dispose_database(backend: str, url: str) -> None:
    if backend == "postgresql":
        drop_pg_database(url)


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_url(request, tmp_path_factory):
    """A migrated, empty database per backend, shared by the session (tests clear it)."""
    url = new_database_url(request.param, tmp_path_factory, "bdh_empty")
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    dispose_database(request.param, url)


@pytest.fixture
def engine(migrated_url):
    """An engine on an empty, migrated database (SQLite and PostgreSQL)."""
    eng = make_engine(migrated_url)
    _clear(eng)
    yield eng
    eng.dispose()


def _clear(eng):
    from data_access import rollups
    with eng.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
        # The monthly rollups follow the daily ones by trigger: a daily table cleared after its monthly
        # one has left the negated rows there. Cleared again, last.
        for _, monthly, _, _ in rollups.MONTHLY:
            conn.execute(monthly.delete())
