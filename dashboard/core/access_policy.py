"""Row-level security as pure functions: what a user whose units are `allowed` may ask and see.

The store (`dashboard.ui.store`) applies them to every query, once: `cut` before the query runs (the scope
never leaves the user's units), `screen` after (province-wide rows and figures dropped for a restricted
user). Deny by default: nobody logged in is `DENY_ALL`. Citizen reception carries no unit, so a restricted
user gets none of it.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from data_access.scope import Scope

DENY_ALL = Scope(frozenset())
PROVINCE_WIDE_QUERIES = frozenset({"receptions_by_kind", "receptions_by_leader"})
RECEPTION_KEYS = ("reception_sessions", "reception_people", "reception_group_delegations")
NO_UNIT_PERMISSION = "Bạn không có quyền xem số liệu của đơn vị này."
NO_PAGE_PERMISSION = "Bạn không có quyền truy cập trang này."
OWN_UNITS_ONLY = "Bạn chỉ được xem số liệu của đơn vị mình: phạm vi khác ghi trong địa chỉ đã được bỏ qua."
UNIT_FILTER_PARAMS = ("loai", "lanh_dao")
NO_ACTION_PERMISSION = "Bạn không có quyền thực hiện thao tác này."
ASKING_ROLES = frozenset({"chairman", "vice_chairman", "admin"})


def may_ask(role: str) -> bool:
    """Leaders and the Office ask for explanations, close them and ask again (SPEC §2.6)."""
    return role in ASKING_ROLES


def may_answer(role: str) -> bool:
    """A unit's officers answer (for their own units: the store passes their scope)."""
    return role == "unit"


def cut(kwargs: Mapping, allowed: Scope) -> dict:
    """A query's arguments with its scope cut to `allowed`; a query that takes a scope always gets one."""
    if "scope" in kwargs:
        return {**kwargs, "scope": kwargs["scope"].within(allowed)}
    return dict(kwargs)


def screen(name: str, result, allowed: Scope):
    """A query's result without what a restricted user may not see (province-wide rows, other units)."""
    if allowed.is_all:
        return result
    if name in PROVINCE_WIDE_QUERIES:
        return result.iloc[0:0]
    if name == "figures":
        return {**result, **{k: None for k in RECEPTION_KEYS}}
    if isinstance(result, pd.DataFrame) and "code" in result.columns and name == "unit_list":
        return result[result["code"].isin(allowed.unit_codes)].reset_index(drop=True)
    return result


def own_rows(frame: pd.DataFrame, scope: Scope, allowed: Scope, column: str = "unit") -> pd.DataFrame:
    """The rows of a frame computed over every unit (a ranking) that belong to `scope` within `allowed`."""
    mine = scope.within(allowed)
    if mine.is_all:
        return frame
    return frame[frame[column].isin(mine.unit_codes)].reset_index(drop=True)


def screen_params(raw: Mapping[str, str], unit_codes: set[str], *, restricted: bool) -> tuple[dict[str, str], dict]:
    """A restricted user's URL filters keep only their own units (`dv` within them, no kind or leader mode).

    Returns the cleaned parameters and what was dropped (empty when nothing was: no notice, no audit row).
    """
    out = dict(raw)
    if not restricted:
        return out, {}
    dropped: dict[str, str] = {}
    for key in UNIT_FILTER_PARAMS:
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
    return out, dropped


def own_units_label(units: pd.DataFrame) -> str:
    """How a restricted user's scope is named: their unit(s), with the units below them."""
    codes = set(units["code"])
    roots = units[~units["parent_code"].isin(codes)]
    names = roots["name"].tolist()
    label = ", ".join(names) if names else "Không có đơn vị"
    return label + (" (gồm các đơn vị trực thuộc)" if len(units) > len(roots) else "")
