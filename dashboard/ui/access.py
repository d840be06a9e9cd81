"""Row-level security on the Streamlit side: the logged-in user's allowed units cut every query.

`dashboard.auth` puts an `Access` in the session on every run (after checking the login);
`dashboard.data` passes every query through `restrict` and `screen`, so a page that forgot the
view's scope — or asked for ALL_UNITS — still gets only the user's units. Nobody logged in means
an empty scope: deny by default. Citizen reception figures are province-wide (they carry no unit),
so a restricted user gets none of them.

Also here: the audit calls the pages need (denied probes, downloads).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from data_access import audit
from data_access.scope import Scope
from data_access.users import User

ACCESS_KEY = "_bdh_access"
DENY_ALL = Scope(frozenset())
PROVINCE_WIDE_QUERIES = {"receptions_by_kind", "receptions_by_leader"}
RECEPTION_KEYS = ("reception_sessions", "reception_people", "reception_group_delegations")
NO_UNIT_PERMISSION = "Bạn không có quyền xem số liệu của đơn vị này."
NO_PAGE_PERMISSION = "Bạn không có quyền truy cập trang này."
OWN_UNITS_ONLY = "Bạn chỉ được xem số liệu của đơn vị mình: phạm vi khác ghi trong địa chỉ đã được bỏ qua."
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Access:
    """Who is looking and what they may see."""

    user: User
    allowed: Scope
    home_leader: str | None = None  # a vice-chairman's leader code: their first view opens on their units

    @property
    def restricted(self) -> bool:
        return not self.allowed.is_all


def current() -> Access | None:
    return st.session_state.get(ACCESS_KEY)


def allowed_scope() -> Scope:
    """The user's units; nothing at all when nobody is logged in."""
    access = current()
    return access.allowed if access is not None else DENY_ALL


def restricted() -> bool:
    return not allowed_scope().is_all


def username() -> str | None:
    access = current()
    return access.user.username if access is not None else None


# --- the query chokepoint (called by dashboard.data) ---------------------------------------------

def restrict(name: str, kwargs: dict) -> dict:
    """The query's arguments with its scope cut to the user's units."""
    if "scope" in kwargs:
        return {**kwargs, "scope": kwargs["scope"].within(allowed_scope())}
    return kwargs


def screen(name: str, result):
    """The query's result without what a restricted user may not see (province-wide rows, other units)."""
    allowed = allowed_scope()
    if allowed.is_all:
        return result
    if name in PROVINCE_WIDE_QUERIES:
        return result.iloc[0:0]
    if name == "figures":
        return {**result, **{k: None for k in RECEPTION_KEYS}}
    if name == "unit_list":
        return result[result["code"].isin(allowed.unit_codes)].reset_index(drop=True)
    return result


def screen_params(raw: Mapping[str, str], unit_codes: set[str]) -> tuple[dict[str, str], list[str]]:
    """A restricted user's URL filters keep only their own units (`dv` within them, no kind or leader mode).

    Returns the cleaned parameters and a notice; a probe for other units is audited.
    """
    out = dict(raw)
    if not restricted():
        return out, []
    dropped: dict[str, str] = {}
    for key in ("loai", "lanh_dao"):
        if key in out:
            dropped[key] = out.pop(key)
    if out.get("pv") not in (None, "tat-ca", "chon"):
        dropped["pv"] = out.pop("pv")
    if "dv" in out:
        asked = [c.strip() for c in out["dv"].split(",") if c.strip()]
        kept = [c for c in asked if c in unit_codes]
        if len(kept) < len(asked):
            dropped["dv"] = ",".join(c for c in asked if c not in unit_codes)
        if kept:
            out["dv"] = ",".join(kept)
        else:
            out.pop("dv")
            if out.get("pv") == "chon":
                out.pop("pv")
    if not dropped:
        return out, []
    record("access_denied", {"tham_so": dropped})
    return out, [OWN_UNITS_ONLY]


def own_units_label(units) -> str:
    """How a restricted user's scope is named: their unit(s), with the units below them."""
    codes = set(units["code"])
    roots = units[~units["parent_code"].isin(codes)]
    names = roots["name"].tolist()
    label = ", ".join(names) if names else "Không có đơn vị"
    return label + (" (gồm các đơn vị trực thuộc)" if len(units) > len(roots) else "")


# --- audit ----------------------------------------------------------------------------------------

def _engine():
    from dashboard.ui import store

    return store._engine(store.database_url())


def record(action: str, detail: dict | None = None, *, user: str | None = None, engine=None) -> None:
    """One audit row; a database that cannot take it is logged, never shown as a crash."""
    try:
        with (engine or _engine()).begin() as conn:
            audit.record(conn, action, username=user or username(), detail=detail)
    except SQLAlchemyError as exc:
        _log.error("audit %s not recorded: %s", action, exc)


def deny(detail: dict, message: str = NO_UNIT_PERMISSION) -> None:
    """The plain notice for a probe outside the user's rights, and its audit row."""
    st.warning(message, icon=":material/lock:")
    record("access_denied", detail)


def audited(build: Callable[[], bytes], *, what: str, fmt: str, detail: Mapping | None = None) -> Callable[[], bytes]:
    """A download's data callable that writes an `export` audit row when the file is made (on the click).

    Streamlit runs the callable outside the page run, so who and what are taken now.
    """
    user, engine = username(), _engine()
    row = {"tep": what, "dinh_dang": fmt, **(detail or {})}

    def run() -> bytes:
        payload = build()
        record("export", row, user=user, engine=engine)
        return payload
    return run


def view_detail(view) -> dict:
    """The filters of a view, for an audit row."""
    scope = view.scope.unit_codes
    return {"ky": view.period_label, "tu": view.period.start, "den": view.period.end, "pham_vi": view.scope_label,
            "don_vi": None if scope is None else sorted(scope)}
