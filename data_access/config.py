"""Where the database is: one precedence chain for every entry point.

`--db` flag → `DATABASE_URL` → Streamlit secrets (read by the app, passed in as
`secrets_url`) → the embedded SQLite file under `data/`.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "bang_dieu_hanh.sqlite"


def default_sqlite_url() -> str:
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def resolve_database_url(cli_url: str | None = None, secrets_url: str | None = None) -> str:
    """The database URL to use, by precedence; PostgreSQL URLs are pointed at psycopg 3."""
    url = cli_url or os.environ.get("DATABASE_URL") or secrets_url or default_sqlite_url()
    return normalise_url(url)


def normalise_url(url: str) -> str:
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def is_default_sqlite(url: str) -> bool:
    return normalise_url(url) == default_sqlite_url()


def redact(url: str) -> str:
    """The URL as it may be shown to a person: never with its password."""
    return make_url(url).render_as_string(hide_password=True)
