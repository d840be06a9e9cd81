"""Settings of the running app: environment first, then `.streamlit/secrets.toml`, then the default.

The one place that reads `st.secrets`; the database URL's precedence is `data_access.config`'s.
"""
from __future__ import annotations

import os
from datetime import timedelta

import streamlit as st

from data_access.config import resolve_database_url
from data_access.freshness import DEFAULT_STALE_DAYS

APP_TITLE = "Bảng điều hành — UBND tỉnh Quảng Ngãi"
DEFAULT_REFRESH_SECONDS = 60
DEFAULT_IDLE_MINUTES = 30
DEFAULT_SESSION_HOURS = 12


def secret(name: str):
    try:
        return st.secrets.get(name)
    except Exception:  # noqa: BLE001 — no secrets.toml at all is the normal case
        return None


def database_url() -> str:
    return resolve_database_url(secrets_url=secret("database_url") or secret("DATABASE_URL"))


def _positive(env: str, secret_name: str, default: float, *, floor: float = 0.0) -> float:
    raw = os.environ.get(env) or secret(secret_name)
    try:
        value = float(raw) if raw not in (None, "") else default
    except (TypeError, ValueError):
        return default
    return max(floor, value) if value > 0 else default


def refresh_seconds() -> float:
    """How often an open page re-checks the data version: env BDH_REFRESH_SECONDS, secrets, else 60 (at least 5)."""
    return _positive("BDH_REFRESH_SECONDS", "refresh_seconds", DEFAULT_REFRESH_SECONDS, floor=5.0)


def idle_limit() -> timedelta:
    return timedelta(minutes=_positive("BDH_IDLE_MINUTES", "idle_minutes", DEFAULT_IDLE_MINUTES))


def session_limit() -> timedelta:
    return timedelta(hours=_positive("BDH_SESSION_HOURS", "session_hours", DEFAULT_SESSION_HOURS))


def smtp_settings():
    """The mail server for reminders, from the environment or secrets (never from the repository):
    BDH_SMTP (HOST:PORT), BDH_SMTP_SENDER, BDH_SMTP_TLS (starttls | ssl | none), BDH_SMTP_USER,
    BDH_SMTP_PASSWORD — or `smtp`, `smtp_sender`, `smtp_tls`, `smtp_user`, `smtp_password` in secrets.
    Raises SmtpSettingsError (a Vietnamese message) when it is not configured."""
    from dashboard.followup.delivery import SmtpSettings  # noqa: PLC0415

    def value(env: str, name: str):
        return os.environ.get(env) or secret(name)
    return SmtpSettings.parse(value("BDH_SMTP", "smtp"), value("BDH_SMTP_SENDER", "smtp_sender"),
                              tls=value("BDH_SMTP_TLS", "smtp_tls"), user=value("BDH_SMTP_USER", "smtp_user"),
                              password=value("BDH_SMTP_PASSWORD", "smtp_password"))


def stale_days() -> dict[str, int]:
    """Days without new data after which a unit's source is stale: env BDH_STALE_DAYS_TASKS (…_DOSSIERS,
    …_PETITIONS), or `stale_days_tasks` (…) in secrets, else data_access.freshness.DEFAULT_STALE_DAYS."""
    return {source: int(_positive(f"BDH_STALE_DAYS_{source.upper()}", f"stale_days_{source}", default, floor=1.0))
            for source, default in DEFAULT_STALE_DAYS.items()}
