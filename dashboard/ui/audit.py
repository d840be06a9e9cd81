"""The audit rows the pages write: denied probes, downloads, packs, imports (logins are `auth`'s)."""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from data_access import audit

from dashboard.core.access_policy import NO_UNIT_PERMISSION
from dashboard.core.view import View
from dashboard.ui import session, store

_log = logging.getLogger(__name__)


def record(action: str, detail: dict | None = None, *, user: str | None = None) -> None:
    """One audit row in its own transaction, retried while SQLite is locked by an import (audit.write), so a
    busy database delays the row instead of losing it; a database that is down is logged, never shown as a crash."""
    try:
        audit.write(store.engine(), action, username=user or session.username(), detail=detail)
    except (SQLAlchemyError, store.DatabaseUnavailable) as exc:
        _log.error("audit %s not recorded: %s", action, exc)


def deny(detail: dict, message: str = NO_UNIT_PERMISSION) -> None:
    """The plain notice for a probe outside the user's rights, and its audit row."""
    st.warning(message, icon=":material/lock:")
    record("access_denied", detail)


def audited(build: Callable[[], bytes], *, what: str, fmt: str, detail: Mapping | None = None) -> Callable[[], bytes]:
    """A download's data callable that writes an `export` audit row when the file is made (on the click).

    Streamlit runs the callable outside the page run, so who is taken now.
    """
    user = session.username()
    row = {"tep": what, "dinh_dang": fmt, **(detail or {})}

    def run() -> bytes:
        payload = build()
        record("export", row, user=user)
        return payload
    return run


def view_detail(view: View) -> dict:
    """The filters of a view, for an audit row."""
    scope = view.scope.unit_codes
    return {"ky": view.period_label, "tu": view.period.start, "den": view.period.end, "pham_vi": view.scope_label,
            "don_vi": None if scope is None else sorted(scope)}
