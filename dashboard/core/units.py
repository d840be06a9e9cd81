"""The unit tree, walked in one place: parent → children, a set of roots with everything below them, and
which root each unit answers to. (The SQL side has the same walk over the `units` table:
`data_access.scope.with_descendants`, which this module reuses.)"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from data_access.org import RECORDED, Org
from data_access.scope import Scope, with_descendants

from dashboard.core.formatting import fmt_date


def children_of(units: pd.DataFrame) -> dict[str | None, list[str]]:
    """parent code → child codes, from a unit frame with `code` and `parent_code`."""
    children: dict[str | None, list[str]] = {}
    for code, parent in zip(units["code"], units["parent_code"]):
        children.setdefault(None if pd.isna(parent) else parent, []).append(code)
    return children


def subtree(units: pd.DataFrame, roots: Iterable[str], org: Org = RECORDED) -> Scope:
    """The scope of `roots` with every unit below them in the unit frame, in the view `org`."""
    return Scope(frozenset(with_descendants(children_of(units), roots)), org)


def root_of(children: dict, roots: Iterable[str]) -> dict[str, str]:
    """Each unit below (or equal to) one of `roots` → that root; the first root listed wins a unit two share."""
    out: dict[str, str] = {}
    for root in roots:
        for code in with_descendants(children, [root]):
            out.setdefault(code, root)
    return out


def unit_labels(units) -> list[str]:
    """A unit's name, and for a dissolved one (the recorded view lists them) its last day and successors."""
    out = []
    for name, last, after in zip(units["name"], units["last_day"], units["successor_names"]):
        if last is None or last != last:  # None or NaN: the unit exists
            out.append(name)
        else:
            out.append(f"{name} (đến {fmt_date(last)}" + (f" → {', '.join(after)})" if after else ")"))
    return out
