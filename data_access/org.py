"""The organisation over time (SPEC §2.5): the unit an item belongs to on day R, as SQL.

Two views of the same facts:
- `recorded` (`RECORDED`): every item counts under the unit written on it;
- `current` (`current(R)`): every item counts under the unit that the handover and merge/rename
  rules give on day R, or under the residue row "Đơn vị trước sắp xếp" (`RESIDUE`).

The lineage is small (a few hundred units and edges), so it is read once per query into Python,
walked there, and turned into one CASE expression over an item's recorded unit, its `handover_to`
and whether it was closed before each reorganisation that matters. The expression works on the
rows themselves (tasks, petitions, dossiers) and on the dossier rollups, whose rows carry the same
two facts as keys (`handover_to`, `closed_before`: see rollups.py). No lineage logic lives in the
rollups, so lineage edits never make them wrong.

How an item walks (SPEC §2.5): from its recorded unit, while the unit's last day is before R:
- open on that last day → its own `handover_to` (first step only) if any, else the merge/rename
  successor, else the primary split successor, else the residue;
- closed by then → the merge/rename successor only, else the residue (a closed item never
  reaches a split successor: that history is counted once, in the residue).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Connection, String, and_, case, false, literal_column, or_, select, true
from sqlalchemy.sql.expression import ColumnElement

from .schema import unit_lineage, units

RESIDUE = "_TRUOC_SAP_XEP"
RESIDUE_NAME = "Đơn vị trước sắp xếp"
VIEWS = ("current", "recorded")


@dataclass(frozen=True)
class Org:
    """Which organisation the figures are attributed to: `view` 'recorded', or 'current' on day `on` (R)."""

    view: str = "recorded"
    on: date | None = None

    def __post_init__(self):
        if self.view not in VIEWS:
            raise ValueError(f"Cách xem tổ chức không hợp lệ: {self.view!r} (current | recorded)")
        if self.view == "current" and self.on is None:
            raise ValueError("Cách xem theo tổ chức hiện nay cần một ngày R")
        if self.view == "recorded" and self.on is not None:
            object.__setattr__(self, "on", None)

    @property
    def is_current(self) -> bool:
        return self.view == "current"

    def label(self) -> str:
        if self.is_current:
            return f"Theo tổ chức ngày {self.on:%d/%m/%Y}"
        return "Theo số liệu ghi nhận"


RECORDED = Org()


def current(on: date) -> Org:
    """The organisation of day `on` (R)."""
    return Org("current", on)


# ---- the lineage, read into Python ------------------------------------------------------------------

@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str
    parent_code: str | None
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class Edge:
    predecessor: str
    successor: str
    effective_date: date
    kind: str  # merge | rename | split
    is_primary: bool
    legal_basis: str | None = None


@dataclass
class Lineage:
    units: dict[str, Unit]
    edges: list[Edge]
    _out: dict[str, list[Edge]] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        for e in self.edges:
            self._out.setdefault(e.predecessor, []).append(e)
        for out in self._out.values():
            out.sort(key=lambda e: (e.effective_date, e.successor))

    def outgoing(self, code: str) -> list[Edge]:
        return self._out.get(code, [])

    def end(self, code: str) -> date | None:
        """The first day the unit no longer exists (its valid_to + 1, else its earliest outgoing edge)."""
        unit = self.units.get(code)
        if unit is not None and unit.valid_to is not None:
            return unit.valid_to + timedelta(days=1)
        out = self.outgoing(code)
        return out[0].effective_date if out else None

    def exists_on(self, code: str, on: date) -> bool:
        unit = self.units.get(code)
        if unit is None:
            return False
        end = self.end(code)
        return (unit.valid_from is None or unit.valid_from <= on) and (end is None or on < end)

    def ended_by(self, code: str, on: date) -> bool:
        end = self.end(code)
        return end is not None and end <= on

    def merge_successor(self, code: str) -> str | None:
        """The merge or rename successor (a primary one first when the data gives several)."""
        found = [e for e in self.outgoing(code) if e.kind in ("merge", "rename")]
        found.sort(key=lambda e: (not e.is_primary, e.successor))
        return found[0].successor if found else None

    def primary_split_successor(self, code: str) -> str | None:
        found = sorted(e.successor for e in self.outgoing(code) if e.kind == "split" and e.is_primary)
        return found[0] if found else None

    def successors_on(self, code: str, on: date) -> list[str]:
        """Every unit existing on `on` that `code` passed into through its edges (any kind), in code order."""
        found, stack, seen = set(), [code], set()
        while stack:
            c = stack.pop()
            if c in seen:
                continue
            seen.add(c)
            for e in self.outgoing(c):
                if self.exists_on(e.successor, on):
                    found.add(e.successor)
                else:
                    stack.append(e.successor)
        return sorted(found)

    def predecessors(self, code: str, kinds: Iterable[str] = ("merge", "rename")) -> set[str]:
        """Every unit whose whole history passed into `code` through edges of `kinds` (transitively)."""
        kinds = set(kinds)
        into: dict[str, list[str]] = {}
        for e in self.edges:
            if e.kind in kinds:
                into.setdefault(e.successor, []).append(e.predecessor)
        found, stack = set(), list(into.get(code, ()))
        while stack:
            c = stack.pop()
            if c not in found:
                found.add(c)
                stack.extend(into.get(c, ()))
        return found

    def boundaries(self) -> set[date]:
        """Every first day of a new organisation: edge effective dates and the day after each valid_to."""
        days = {e.effective_date for e in self.edges}
        days |= {u.valid_to + timedelta(days=1) for u in self.units.values() if u.valid_to is not None}
        return days


def load_lineage(conn: Connection) -> Lineage:
    u = units.c
    found = {r.code: Unit(r.code, r.name, r.kind, r.parent_code, r.valid_from, r.valid_to)
             for r in conn.execute(select(u.code, u.name, u.kind, u.parent_code, u.valid_from, u.valid_to))}
    L = unit_lineage.c
    edges = [Edge(r.predecessor, r.successor, r.effective_date, r.kind, bool(r.is_primary))
             for r in conn.execute(select(L.predecessor, L.successor, L.effective_date, L.kind, L.is_primary))]
    return Lineage(found, edges)


# ---- how a table's rows name their unit --------------------------------------------------------------

@dataclass(frozen=True)
class Items:
    """The columns that place an item in the organisation.

    `closed_before(E)`: the item was closed before day E (i.e. by the last day of a unit that ended
    the day before E). `open_on(E)` is its null-safe negation. The rows give these from their close
    dates; the dossier rollups from their `closed_before` key (rollups.py).
    """

    unit: ColumnElement
    handover: ColumnElement
    closed_before: Callable[[date], ColumnElement]
    open_on: Callable[[date], ColumnElement]
    has_handover: Callable[[], ColumnElement]
    source: str = ""  # the table whose rows carry the handovers: "tasks" | "dossiers" | "petitions"


def row_items(unit, handover, *closed_dates) -> Items:
    """Items whose close date is the earliest of `closed_dates` (dates or datetimes; NULL = not closed)."""
    from datetime import datetime, time

    def bound(col, day):
        # A datetime column is compared with the first instant of the day, a date column with the day.
        return datetime.combine(day, time.min) if _is_datetime(col) else day

    return Items(
        unit=unit, handover=handover,
        closed_before=lambda day: or_(*[c < bound(c, day) for c in closed_dates]),
        open_on=lambda day: and_(*[or_(c.is_(None), c >= bound(c, day)) for c in closed_dates]),
        has_handover=lambda: handover.isnot(None),
        source=unit.table.name,
    )


def rollup_items(table) -> Items:
    """Rows of a dossier rollup (or a subquery with its unit, closed_before and handover_to columns):
    `closed_before` is the first organisation boundary after the close day."""
    c = table.c
    return Items(unit=c.unit, handover=c.handover_to,
                 closed_before=lambda day: c.closed_before <= day,
                 open_on=lambda day: c.closed_before > day,
                 has_handover=lambda: c.handover_to != "", source="dossiers")


def _is_datetime(col) -> bool:
    from sqlalchemy import DateTime
    return isinstance(getattr(col, "type", None), DateTime)


# ---- the organisation of day R -------------------------------------------------------------------

class UnitNotOnDate(ValueError):
    """A unit named in the current view that does not exist on R; the message names its successors."""

    def __init__(self, code: str, name: str, on: date, successors: list[tuple[str, str]], ended: date | None):
        self.code, self.on, self.successors = code, on, successors
        if ended is not None and ended <= on:
            last = ended - timedelta(days=1)
            text = f"Đơn vị {name} ({code}) chỉ hoạt động đến hết ngày {last:%d/%m/%Y}"
            if successors:
                text += f"; từ {ended:%d/%m/%Y} thuộc: " + ", ".join(f"{n} ({c})" for c, n in successors)
            else:
                text += " và không có đơn vị kế thừa"
        else:
            text = f"Đơn vị {name} ({code}) chưa được thành lập vào ngày {on:%d/%m/%Y}"
        super().__init__(text + ". Xem theo số liệu ghi nhận để thấy đơn vị cũ.")


def _text(value: str):
    """A unit code as an SQL string literal (quotes doubled), not a bind parameter: the CASE of a
    province names a few hundred codes, which would otherwise be as many parameters to bind."""
    return literal_column("'" + value.replace("'", "''") + "'", String)


def _one_of(column, codes):
    return column.in_([_text(c) for c in codes])


@dataclass(frozen=True)
class Walk:
    """Where the items of one ended unit go on R: `steps` are (E, dest): closed before E → dest,
    tried in order; the rest → `open_dest`."""

    steps: tuple[tuple[date, str], ...]
    open_dest: str

    @property
    def constant(self) -> str | None:
        return self.open_dest if not self.steps else None


class Attribution:
    """The organisation of day R (`on`), applied to items as SQL (see the module docstring)."""

    def __init__(self, lineage: Lineage, on: date):
        self.lineage, self.on = lineage, on
        self._built: dict = {}
        self.walks: dict[str, Walk] = {}
        for code in lineage.units:
            if lineage.ended_by(code, on):
                self.walks[code] = self._walk(code)
        # the last day + 1 of every ended unit, grouped (the handover step)
        self.ended_at: dict[date, list[str]] = {}
        for code in self.walks:
            self.ended_at.setdefault(lineage.end(code), []).append(code)

    # -- walking, in Python --
    def _follow_closed(self, code: str, seen: set[str]) -> str:
        cur = self.lineage.merge_successor(code)
        while cur is not None and self.lineage.ended_by(cur, self.on):
            if cur in seen:
                return RESIDUE
            seen.add(cur)
            cur = self.lineage.merge_successor(cur)
        return RESIDUE if cur is None else cur

    def _walk(self, code: str) -> Walk:
        steps: list[tuple[date, str]] = []
        cur, seen = code, set()
        while cur is not None and self.lineage.ended_by(cur, self.on):
            if cur in seen:  # a cycle (the importer refuses them): count the item as history
                cur = None
                break
            seen.add(cur)
            steps.append((self.lineage.end(cur), self._follow_closed(cur, set(seen))))
            cur = self.lineage.merge_successor(cur) or self.lineage.primary_split_successor(cur)
        open_dest = RESIDUE if cur is None else cur
        # Drop steps that send closed items where open ones go anyway (merge/rename steps).
        kept: list[tuple[date, str]] = []
        for day, dest in reversed(steps):
            following = kept[-1][1] if kept else open_dest
            if dest != following:
                kept.append((day, dest))
        return Walk(tuple(reversed(kept)), open_dest)

    def destination(self, code: str, *, closed_on: date | None = None, handover: str | None = None) -> str:
        """The unit of day R for one item closed on `closed_on` (None: open) — the rule of `unit_of`, in Python."""
        return self._place(code, handover, lambda day: closed_on is not None and closed_on < day)

    def destination_of_key(self, code: str, closed_before: date, handover: str) -> str:
        """The same for a rollup row: its `closed_before` key and `handover_to` ('' for none)."""
        return self._place(code, handover or None, lambda day: closed_before <= day)

    def _place(self, code: str, handover: str | None, closed_before) -> str:
        walk = self.walks.get(code)
        if walk is None:
            return code
        if handover is not None and not closed_before(self.lineage.end(code)):
            target = self.walks.get(handover)
            return handover if target is None else self._apply(target, closed_before)
        return self._apply(walk, closed_before)

    @staticmethod
    def _apply(walk: Walk, closed_before) -> str:
        for day, dest in walk.steps:
            if closed_before(day):
                return dest
        return walk.open_dest

    # -- as SQL --
    def _walk_case(self, col, items: Items):
        whens = []
        constant: dict[str, list[str]] = {}
        for code, walk in sorted(self.walks.items()):
            if walk.constant is not None:
                constant.setdefault(walk.constant, []).append(code)
        for dest, codes in sorted(constant.items()):
            whens.append((_one_of(col, codes), _text(dest)))
        for code, walk in sorted(self.walks.items()):
            if walk.constant is None:
                inner = case(*[(items.closed_before(day), _text(dest)) for day, dest in walk.steps],
                             else_=_text(walk.open_dest))
                whens.append((col == _text(code), inner))
        return whens

    def unit_of(self, items: Items):
        """The unit of day R of each item (a unit code, or RESIDUE), as an SQL expression."""
        if not self.walks:
            return items.unit
        if id(items) in _TABLE_ITEMS:  # built once per organisation: a few hundred branches
            key = ("unit_of", id(items))
            if key not in self._built:
                self._built[key] = self._unit_of(items)
            return self._built[key]
        return self._unit_of(items)

    def _unit_of(self, items: Items):
        handed = or_(*[and_(_one_of(items.unit, codes), items.open_on(day))
                       for day, codes in sorted(self.ended_at.items())])
        handover_walk = self._walk_case(items.handover, items)
        handover_dest = case(*handover_walk, else_=items.handover) if handover_walk else items.handover
        # Most rows belong to units that have not ended: one IN test (hashed by the database) sends
        # them on before the branches of the ended units are tried.
        ended = sorted(self.walks)
        return case((~_one_of(items.unit, ended), items.unit),
                    (and_(items.has_handover(), handed), handover_dest),
                    *self._walk_case(items.unit, items), else_=items.unit)

    def sources_of(self, codes: Iterable[str]) -> set[str]:
        """Recorded units whose items may belong on R to one of `codes` (besides by a handover)."""
        codes = set(codes)
        found = set(codes)
        for code, walk in self.walks.items():
            if walk.open_dest in codes or any(dest in codes for _, dest in walk.steps):
                found.add(code)
        return found

    def parted_units(self, handovers: set[tuple[str, str]] | None) -> set[str]:
        """Ended units whose items do not all go to one unit of day R: a split on the way, or handovers."""
        handing = set(self.walks) if handovers is None else {unit for unit, _ in handovers}
        return {code for code, walk in self.walks.items() if walk.constant is None or code in handing}

    def whole_destination(self, code: str) -> str:
        """Where every item of a unit that is not parted goes on day R."""
        walk = self.walks.get(code)
        return code if walk is None else walk.constant

    def reach_units(self, codes: frozenset[str], handovers: set[tuple[str, str]] | None) -> set[str]:
        """The recorded units whose items may belong on R to `codes`: by the edges, or by a handover
        among `handovers` ((recorded unit, handover_to) pairs; None = unknown, any ended unit)."""
        sources = self.sources_of(codes)
        if handovers is None:
            return sources | set(self.walks)
        return sources | {unit for unit, target in handovers if unit in self.walks and target in sources}

    def reach(self, items: Items, codes: frozenset[str] | None, handovers: set[tuple[str, str]] | None = None):
        """A condition on the recorded unit alone that every item belonging on R to `codes` meets:
        it keeps the unit-first indexes usable (the exact test is `in_view`)."""
        if codes is None:
            return true()
        if not codes:
            return false()
        return _one_of(items.unit, sorted(self.reach_units(codes, handovers)))

    def in_view(self, items: Items, codes: frozenset[str] | None):
        """Items whose unit of day R is one of `codes` (None: every item)."""
        if codes is None:
            return true()
        if not codes:
            return false()
        if not self.walks:
            return _one_of(items.unit, sorted(codes))
        return _one_of(self.unit_of(items), sorted(codes))

    def in_units(self, items: Items, codes: frozenset[str] | None, handovers=None):
        """Items that belong on R to one of `codes` (None: every item).

        Most recorded units send all their items to one unit of day R (a merger, a rename, no
        change): those are tested on the recorded unit alone, which the covering indexes answer.
        Only units whose items part ways (a split on the way, handovers elsewhere) get the CASE.
        """
        if codes is None:
            return true()
        if not codes:
            return false()
        if handovers is None:
            return and_(self.reach(items, codes, handovers), self.in_view(items, codes))
        targets: dict[str, set[str]] = {}
        for unit, target in handovers:
            targets.setdefault(unit, set()).add(target)

        def always_in(code: str) -> bool:
            walk = self.walks.get(code)
            return code in codes if walk is None else walk.constant in codes

        whole, parted = [], []
        for unit in sorted(self.reach_units(codes, handovers)):
            walk = self.walks.get(unit)
            if walk is None:
                if unit in codes:
                    whole.append(unit)
            elif walk.constant is not None and walk.constant in codes and all(map(always_in, targets.get(unit, ()))):
                whole.append(unit)
            else:
                parted.append(unit)
        condition = _one_of(items.unit, whole) if whole else false()
        if parted:
            condition = or_(condition, and_(_one_of(items.unit, parted), _one_of(self.unit_of(items), sorted(codes))))
        return condition

    def boundaries_used(self) -> set[date]:
        """The days E that the SQL tests `closed_before(E)` / `open_on(E)` against."""
        days = set(self.ended_at)
        for walk in self.walks.values():
            days |= {day for day, _ in walk.steps}
        return days

    # -- the units of day R --
    def units_on(self) -> list[str]:
        return sorted(c for c in self.lineage.units if self.lineage.exists_on(c, self.on))

    def children_on(self) -> dict[str | None, list[str]]:
        """parent → children among the units existing on R."""
        tree: dict[str | None, list[str]] = {}
        for code in self.units_on():
            tree.setdefault(self.lineage.units[code].parent_code, []).append(code)
        return tree

    def refuse_if_not_on(self, code: str) -> None:
        if self.lineage.exists_on(code, self.on):
            return
        unit = self.lineage.units[code]
        successors = [(c, self.lineage.units[c].name) for c in self.lineage.successors_on(code, self.on)]
        raise UnitNotOnDate(code, unit.name, self.on, successors, self.lineage.end(code))


@dataclass(frozen=True)
class UnitStatus:
    """What a page says about one unit on a day: whether it exists, and if it ended, when and into what."""

    code: str
    name: str
    exists: bool
    valid_from: date | None
    last_day: date | None        # its last day, when it has ended by then
    successors: tuple[tuple[str, str], ...]  # (code, name) of the units existing that day that took it over

    def message(self) -> str | None:
        if self.exists:
            return None
        if self.last_day is None:
            return f"{self.name} chưa được thành lập vào ngày này (hoạt động từ {self.valid_from:%d/%m/%Y})."
        text = f"{self.name} hoạt động đến hết ngày {self.last_day:%d/%m/%Y}"
        if self.successors:
            return text + "; nay thuộc " + ", ".join(name for _, name in self.successors) + "."
        return text + " và không có đơn vị kế thừa."


def unit_status(conn: Connection, code: str, on: date) -> UnitStatus:
    lineage = load_lineage(conn)
    unit = lineage.units[code]
    exists = lineage.exists_on(code, on)
    end = lineage.end(code)
    ended = end is not None and end <= on
    successors = tuple((c, lineage.units[c].name) for c in lineage.successors_on(code, on)) if ended else ()
    return UnitStatus(code, unit.name, exists, unit.valid_from, end - timedelta(days=1) if ended else None,
                      successors)


_ATTRIBUTIONS: dict = {}


def attribution(conn: Connection, on: date) -> Attribution:
    """The organisation of day `on` from the stored units and lineage. Kept for as long as those
    rows stay the same (a few organisations), so its SQL is built once, not on every query."""
    lineage = load_lineage(conn)
    key = (tuple(sorted(lineage.units.values(), key=lambda u: u.code)),
           tuple(sorted(lineage.edges, key=lambda e: (e.predecessor, e.successor))), on)
    found = _ATTRIBUTIONS.get(key)
    if found is None:
        if len(_ATTRIBUTIONS) >= 32:
            _ATTRIBUTIONS.clear()
        found = _ATTRIBUTIONS[key] = Attribution(lineage, on)
    return found


def load_handovers(conn: Connection, source: str) -> set[tuple[str, str]]:
    """The (recorded unit, handover_to) pairs of a table, through its partial index (a few rows)."""
    from .schema import dossiers, petitions, tasks  # noqa: PLC0415
    table = {"tasks": tasks, "dossiers": dossiers, "petitions": petitions}[source]
    unit = {"tasks": "lead_unit", "dossiers": "unit", "petitions": "handling_unit"}[source]
    h = table.c.handover_to
    return {(u, t) for u, t in conn.execute(select(table.c[unit], h).where(h.isnot(None)).distinct())}


def unit_names(conn: Connection) -> dict[str, str]:
    """Code → name for every unit and for the residue row."""
    names = dict(conn.execute(select(units.c.code, units.c.name)).all())
    names[RESIDUE] = RESIDUE_NAME
    return names


# ---- the tables' items ---------------------------------------------------------------------------

def _items():
    from .schema import dossier_backlog, dossier_daily, dossier_turnaround, dossiers, petitions, tasks
    return (row_items(tasks.c.lead_unit, tasks.c.handover_to, tasks.c.completed_date),
            row_items(petitions.c.handling_unit, petitions.c.handover_to, petitions.c.resolved_date),
            row_items(dossiers.c.unit, dossiers.c.handover_to, dossiers.c.resolved_at, dossiers.c.ended_at),
            rollup_items(dossier_daily), rollup_items(dossier_backlog), rollup_items(dossier_turnaround))


# A task is open until completed, a petition until resolved, a dossier until resolved or ended.
TASK_ITEMS, PETITION_ITEMS, DOSSIER_ITEMS, DAILY_ITEMS, BACKLOG_ITEMS, TURNAROUND_ITEMS = _items()
_TABLE_ITEMS = {id(i) for i in (TASK_ITEMS, PETITION_ITEMS, DOSSIER_ITEMS, DAILY_ITEMS, BACKLOG_ITEMS,
                                TURNAROUND_ITEMS)}
