"""Which units a query may count: the requested units with everything below them,
limited to what the caller is allowed to see, in one view of the organisation.

Every figure and list takes a `Scope`. A later access-control layer passes the
user's allowed units as `allowed`; queries never need to change for that.
Deny by default: an allowed set that is empty yields a scope that matches nothing.

`Scope.org` says how items are attributed to units (SPEC §2.5, `org.py`): `RECORDED` (the unit
written on the item) or `current(R)` (the unit the item belongs to on day R). In the current view
`unit_codes` are units existing on R. Queries call `scope.bind(conn)` once and ask the bound scope
for `where(items)` and `unit_of(items)`; the comparison periods of a page reuse the same scope,
hence the same R.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, false, select, true

from .org import (
    RECORDED, RESIDUE, RESIDUE_NAME, Attribution, Items, Org, UnitNotOnDate, attribution, load_handovers, unit_names,
)
from .schema import units

__all__ = ["ALL_UNITS", "BoundScope", "Scope", "UnitNotOnDate", "UnknownUnit", "resolve_scope", "unit_tree",
           "with_descendants"]


@dataclass(frozen=True)
class Scope:
    """`unit_codes` None means every unit; an empty set means none. `org`: the view (SPEC §2.5)."""

    unit_codes: frozenset[str] | None = None
    org: Org = RECORDED

    def bind(self, conn: Connection) -> "BoundScope":
        """This scope ready to write SQL (reads the lineage once in the current view)."""
        return BoundScope(self, attribution(conn, self.org.on) if self.org.is_current else None, conn)

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
            return Scope(allowed.unit_codes, self.org)
        return Scope(self.unit_codes & allowed.unit_codes, self.org)

    def with_org(self, org: Org) -> "Scope":
        return Scope(self.unit_codes, org)

    def to_key(self) -> tuple:
        """A plain, hashable form (for caches and URLs): (codes or None, view, R or None)."""
        codes = None if self.unit_codes is None else tuple(sorted(self.unit_codes))
        return (codes, self.org.view, self.org.on)

    @classmethod
    def from_key(cls, key: tuple) -> "Scope":
        codes, view, on = key
        return cls(None if codes is None else frozenset(codes), Org(view, on))


ALL_UNITS = Scope()


class BoundScope:
    """A scope with the organisation of its view loaded: builds the unit conditions of a query."""

    def __init__(self, scope: Scope, attribution: Attribution | None, conn: Connection):
        self.scope, self.attribution, self._conn = scope, attribution, conn
        self._names: dict[str, str] | None = None
        self._kinds: dict[str, str | None] | None = None
        self._handovers: dict[str, set] = {}

    def handovers(self, source: str) -> set[tuple[str, str]] | None:
        """The (recorded unit, handover_to) pairs of table `source`, read once per bound scope."""
        if not source:
            return None
        if source not in self._handovers:
            self._handovers[source] = load_handovers(self._conn, source)
        return self._handovers[source]

    @property
    def org(self) -> Org:
        return self.scope.org

    def where(self, items: Items):
        """Items counted in this scope: recorded under its units, or belonging to them on R."""
        if self.attribution is None:
            return self.scope.clause(items.unit)
        codes = self.scope.unit_codes
        return self.attribution.in_units(items, codes, self.handovers(items.source) if codes else None)

    def reach(self, items: Items):
        """An index-friendly condition on the recorded unit that every item of the scope meets."""
        if self.attribution is None:
            return self.scope.clause(items.unit)
        codes = self.scope.unit_codes
        return self.attribution.reach(items, codes, self.handovers(items.source) if codes else None)

    def in_view(self, items: Items):
        """The exact test, once `reach` has been applied: the item's unit in this view is in the scope."""
        if self.attribution is None:
            return true()
        return self.attribution.in_view(items, self.scope.unit_codes)

    @property
    def attributes(self) -> bool:
        """Whether items may count under another unit than the one recorded (the current view)."""
        return self.attribution is not None and bool(self.attribution.walks)

    def unit_of(self, items: Items):
        """The unit each item is counted under in this view (RESIDUE: before the reorganisation)."""
        if self.attribution is None:
            return items.unit
        return self.attribution.unit_of(items)

    def place(self, code: str, handover: str | None, closed_on) -> str:
        """The unit one item counts under in this view (Python; `closed_on` a date or None)."""
        if not self.attributes:
            return code
        return self.attribution.destination(code, closed_on=closed_on, handover=handover)

    def place_rows(self, rows: list[dict], unit: str, handover: str = "handover_to", closed: str = "closed_on") -> list[dict]:
        """Rows fetched with their recorded unit, handover_to and close date, with `unit` set to the
        unit of this view (the extra columns are dropped)."""
        for r in rows:
            r[unit] = self.place(r[unit], r.pop(handover), _as_date(r.pop(closed)))
        return rows

    def counted_by_unit(self, items: Items, closed, where, sums, keys=()) -> list[dict]:
        """Items of a table meeting `where` and this scope, summed per unit of the view (and `keys`):
        dicts with `unit`, the keys and the sums ((name, expression) pairs, e.g. a 0/1 CASE).

        The database counts; in the current view it counts the units whose items all go one way per
        unit, and the parted ones (a split on the way, handovers) per handover and close date
        (`closed`, a date expression, NULL while open), which are then placed on day R in Python —
        the same rule as the CASE of org.py, without a CASE per row.
        """
        from sqlalchemy import func  # noqa: PLC0415

        conn, unit = self._conn, items.unit
        key_columns = [expr.label(name) for name, expr in keys]
        summed = [func.coalesce(func.sum(expr), 0).label(name) for name, expr in sums]
        grouping = [expr for _, expr in keys]

        def add(out, place, key_values, r):
            key = (place, *key_values)
            found = out.get(key)
            if found is None:
                out[key] = {"unit": place, **dict(zip([n for n, _ in keys], key_values)),
                            **{n: int(r[n] or 0) for n, _ in sums}}
            else:
                for n, _ in sums:
                    found[n] += int(r[n] or 0)

        out: dict[tuple, dict] = {}
        if not self.attributes:
            stmt = (select(unit.label("unit"), *key_columns, *summed).where(where, self.where(items))
                    .group_by(unit, *grouping))
            for r in conn.execute(stmt).mappings():
                add(out, r["unit"], [r[n] for n, _ in keys], r)
            return list(out.values())
        att, codes = self.attribution, self.scope.unit_codes
        handovers = self.handovers(items.source)
        parted = att.parted_units(handovers)
        if codes is not None:
            parted &= att.reach_units(codes, handovers)
        parted = sorted(parted)
        reach = self.reach(items)
        whole = (select(unit.label("unit"), *key_columns, *summed)
                 .where(where, reach, unit.not_in(parted) if parted else true()).group_by(unit, *grouping))
        for r in conn.execute(whole).mappings():
            place = att.whole_destination(r["unit"])
            if codes is None or place in codes:
                add(out, place, [r[n] for n, _ in keys], r)
        if parted:
            split = (select(unit.label("unit"), items.handover.label("handover"), closed.label("closed_on"),
                            *key_columns, *summed)
                     .where(where, reach, unit.in_(parted)).group_by(unit, items.handover, closed, *grouping))
            for r in conn.execute(split).mappings():
                place = att.destination(r["unit"], closed_on=_as_date(r["closed_on"]), handover=r["handover"])
                if codes is None or place in codes:
                    add(out, place, [r[n] for n, _ in keys], r)
        return list(out.values())

    def names(self) -> dict[str, str]:
        """Unit code → name, the residue row included (read once)."""
        if self._names is None:
            if self.attribution is not None:
                self._names = {c: u.name for c, u in self.attribution.lineage.units.items()}
                self._names[RESIDUE] = RESIDUE_NAME
            else:
                self._names = unit_names(self._conn)
        return self._names

    def with_names(self, df):
        """A per-unit frame (its unit in column `key`) with `unit`, `unit_name` and `unit_kind`."""
        df = df.rename(columns={"key": "unit"})
        names, kinds = self.names(), self.kinds()
        df["unit_name"] = [names.get(u, u) for u in df["unit"]]
        df["unit_kind"] = [kinds.get(u) for u in df["unit"]]
        return df

    def kinds(self) -> dict[str, str | None]:
        if self._kinds is None:
            self._kinds = dict(self._conn.execute(select(units.c.code, units.c.kind)).all())
        return self._kinds

    def destination(self, code: str, *, closed_on=None, handover=None) -> str:
        if self.attribution is None:
            return code
        return self.attribution.destination(code, closed_on=closed_on, handover=handover)


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
                  allowed: Scope = ALL_UNITS, org: Org | None = None) -> Scope:
    """The scope for `requested` unit codes (each with its descendants), within `allowed`, in view `org`
    (default: the view of `allowed`).

    No request means everything `allowed` covers. Unknown codes raise `UnknownUnit`. In the current
    view a unit that does not exist on R raises `UnitNotOnDate` (its message names the successors),
    and "below" means below on R.
    """
    org = allowed.org if org is None else org
    requested = list(requested or [])
    if not requested:
        return Scope(allowed.unit_codes, org)
    children = unit_tree(conn)
    known = {c for kids in children.values() for c in kids}
    unknown = set(requested) - known
    if unknown:
        raise UnknownUnit(unknown)
    if org.is_current:
        att = attribution(conn, org.on)
        for code in requested:
            att.refuse_if_not_on(code)
        children = att.children_on()
    codes = with_descendants(children, requested)
    if allowed.unit_codes is not None:
        codes &= allowed.unit_codes
    return Scope(frozenset(codes), org)


def names_with_residue(conn: Connection) -> dict[str, str]:
    """Unit code → name, with the residue row "Đơn vị trước sắp xếp"."""
    return unit_names(conn)


__all__ += ["RESIDUE", "names_with_residue"]


def _as_date(value):
    """A close date from the database: a date, a datetime (its day), text (SQLite's date()) or None."""
    from datetime import date, datetime  # noqa: PLC0415
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])
