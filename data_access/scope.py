"""Which units a query may count: the requested units with everything below them,
limited to what the caller is allowed to see.

Every figure and list takes a `Scope`. A later access-control layer passes the
user's allowed units as `allowed`; queries never need to change for that.
Deny by default: an allowed set that is empty yields a scope that matches nothing.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, false, select, true

from .schema import units


@dataclass(frozen=True)
class Scope:
    """`unit_codes` None means every unit; an empty set means none."""

    unit_codes: frozenset[str] | None = None

    @property
    def is_all(self) -> bool:
        return self.unit_codes is None

    def clause(self, column):
        """A WHERE condition restricting `column` (a unit code column) to this scope."""
        if self.unit_codes is None:
            return true()
        if not self.unit_codes:
            return false()
        return column.in_(sorted(self.unit_codes))

    def contains(self, code: str) -> bool:
        return self.unit_codes is None or code in self.unit_codes

    def within(self, allowed: "Scope") -> "Scope":
        """This scope cut to what `allowed` covers (row-level security: a view never leaves the user's units)."""
        if allowed.unit_codes is None:
            return self
        if self.unit_codes is None:
            return allowed
        return Scope(self.unit_codes & allowed.unit_codes)


ALL_UNITS = Scope()


class UnknownUnit(ValueError):
    def __init__(self, codes):
        self.codes = sorted(codes)
        super().__init__("Không có đơn vị: " + ", ".join(self.codes))


def unit_tree(conn: Connection) -> dict[str, list[str]]:
    """parent code → child codes (the unit table is small: a few hundred rows)."""
    children: dict[str, list[str]] = {}
    for code, parent in conn.execute(select(units.c.code, units.c.parent_code)):
        children.setdefault(parent, []).append(code)
    return children


def with_descendants(children: dict[str, list[str]], roots: Iterable[str]) -> set[str]:
    found: set[str] = set()
    stack = list(roots)
    while stack:
        code = stack.pop()
        if code in found:
            continue
        found.add(code)
        stack.extend(children.get(code, ()))
    return found


def resolve_scope(conn: Connection, requested: Iterable[str] | None = None,
                  allowed: Scope = ALL_UNITS) -> Scope:
    """The scope for `requested` unit codes (each with its descendants), within `allowed`.

    No request means everything `allowed` covers. Unknown codes raise `UnknownUnit`.
    """
    requested = list(requested or [])
    if not requested:
        return allowed
    children = unit_tree(conn)
    known = {c for kids in children.values() for c in kids}
    unknown = set(requested) - known
    if unknown:
        raise UnknownUnit(unknown)
    codes = with_descendants(children, requested)
    if allowed.unit_codes is not None:
        codes &= allowed.unit_codes
    return Scope(frozenset(codes))
