"""The few queries the weekly briefing (giao ban) needs beyond the SPEC §2 figures.

Each function is one query (or a count plus its list), SQLAlchemy Core, aggregating and
limiting in SQL, and takes a `Scope`. The definitions reuse the figure modules' conditions
(`overdue_backlog_condition`, `on_time_condition`, …) so a list always agrees with its figure.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, and_, case, func, literal_column, or_, select

from .dossiers import D, on_time_condition, pending_at, resolved_in
from .org import DOSSIER_ITEMS, PETITION_ITEMS, TASK_ITEMS, Items
from .period import Period
from .petitions import P, overdue_condition as petition_overdue_condition
from .schema import leaders, units
from .scope import ALL_UNITS, BoundScope, Scope
from .tasks import T, overdue_backlog_condition

BECAME_OVERDUE_COLUMNS = ["task_id", "title", "source_doc", "assigned_date", "due_date", "lead_unit", "unit_name",
                          "assigned_by", "leader_name"]


def became_overdue_condition(period: Period):
    """Tasks that fell due inside the span and were still open at its end.

    SPEC §2.1 calls a task overdue as of `to` only when its due date is *before* `to`; a task due on
    the span's last day (a Sunday) is therefore still "trong hạn" in `tasks_overdue_all` but it has
    missed its deadline by the Monday meeting, so the briefing lists it here.
    """
    return and_(T.assigned_date <= period.end, T.due_date >= period.start, T.due_date <= period.end,
                or_(T.completed_date.is_(None), T.completed_date > period.end))


def tasks_became_overdue(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS,
                         limit: int | None = 50) -> tuple[int, pd.DataFrame]:
    """(how many, the first `limit` of them oldest due first): tasks due in the span, open at its end."""
    bound = scope.bind(conn)
    where = and_(became_overdue_condition(period), bound.where(TASK_ITEMS))
    total = conn.execute(select(func.count()).where(where)).scalar() or 0
    stmt = (select(T.task_id, T.title, T.source_doc, T.assigned_date, T.due_date, T.lead_unit, T.assigned_by,
                   leaders.c.name.label("leader_name"), T.handover_to, T.completed_date.label("closed_on"))
            .join(leaders, leaders.c.code == T.assigned_by)
            .where(where).order_by(T.due_date, T.task_id))
    if limit:
        stmt = stmt.limit(limit)
    df = pd.DataFrame(bound.place_rows([dict(r) for r in conn.execute(stmt).mappings()], "lead_unit"),
                      columns=[c for c in BECAME_OVERDUE_COLUMNS if c != "unit_name"])
    df.insert(BECAME_OVERDUE_COLUMNS.index("unit_name"), "unit_name",
              [bound.names().get(u, u) for u in df["lead_unit"]])
    return total, df


def _by_unit(conn, bound: BoundScope, items: Items, closed, where, label: str, limit: int | None) -> pd.DataFrame:
    """Items meeting `where` per unit of the view (the residue row included), most first."""
    counted = bound.counted_by_unit(items, closed, where, [(label, literal_column("1"))])
    counted.sort(key=lambda r: (-r[label], r["unit"]))
    df = pd.DataFrame(counted[:limit] if limit else counted, columns=["unit", label])
    df.insert(1, "unit_name", [bound.names().get(u, u) for u in df["unit"]])
    return df


def overdue_tasks_by_unit(conn: Connection, *, as_of: date, scope: Scope = ALL_UNITS,
                          limit: int | None = 10) -> pd.DataFrame:
    """The standing task backlog (`tasks_overdue_all`) per lead unit, most first: unit, unit_name, tasks."""
    return _by_unit(conn, scope.bind(conn), TASK_ITEMS, T.completed_date, overdue_backlog_condition(as_of), "tasks",
                    limit)


def became_overdue_by_unit(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS,
                           limit: int | None = 10) -> pd.DataFrame:
    """Tasks that became overdue in the span, per lead unit, most first: unit, unit_name, tasks."""
    return _by_unit(conn, scope.bind(conn), TASK_ITEMS, T.completed_date, became_overdue_condition(period), "tasks",
                    limit)


def overdue_petitions_by_unit(conn: Connection, *, as_of: date, scope: Scope = ALL_UNITS,
                              limit: int | None = 10) -> pd.DataFrame:
    """Eligible petitions past their legal deadline at `as_of`, per handling unit: unit, unit_name, petitions."""
    return _by_unit(conn, scope.bind(conn), PETITION_ITEMS, P.resolved_date, petition_overdue_condition(as_of),
                    "petitions", limit)


def overdue_pending_dossiers_by_unit(conn: Connection, *, as_of: date, scope: Scope = ALL_UNITS,
                                     limit: int | None = 10) -> pd.DataFrame:
    """Pending dossiers past due at `as_of` (`dossiers_pending_overdue`), per unit: unit, unit_name, dossiers."""
    period = Period(as_of, as_of)
    where = and_(pending_at(period), D.due_at < period.as_of_start)
    return _by_unit(conn, scope.bind(conn), DOSSIER_ITEMS, _closed_day(conn), where, "dossiers", limit)


def lowest_on_time_units(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS,
                         min_resolved: int = 20, limit: int = 5) -> pd.DataFrame:
    """Units with the lowest dossier on-time rate in the span, among those with ≥ `min_resolved` resolved.

    Columns: unit, unit_name, dossiers_resolved, dossiers_resolved_on_time, dossier_on_time_rate.
    Units with fewer resolved dossiers are left out: one late dossier out of three says nothing.
    """
    bound = scope.bind(conn)
    counted = [r | {"dossier_on_time_rate": r["dossiers_resolved_on_time"] / r["dossiers_resolved"]}
               for r in _on_time_counts(conn, bound, period) if r["dossiers_resolved"] >= min_resolved]
    counted.sort(key=lambda r: (r["dossier_on_time_rate"], -r["dossiers_resolved"], r["unit"]))
    df = pd.DataFrame(counted[:limit],
                      columns=["unit", "dossiers_resolved", "dossiers_resolved_on_time", "dossier_on_time_rate"])
    df.insert(1, "unit_name", [bound.names().get(u, u) for u in df["unit"]])
    return df


def _closed_day(conn):
    """The day a dossier was closed (resolved or ended), NULL while open: its close date for placing it on R."""
    from .dialects import date_of  # noqa: PLC0415
    from .rollups import closed_at_of  # noqa: PLC0415
    return date_of(conn.dialect.name, closed_at_of(D))


def _on_time_counts(conn, bound: BoundScope, period: Period) -> list[dict]:
    """Dossiers resolved in the span and of those on time, per unit of the view."""
    return bound.counted_by_unit(DOSSIER_ITEMS, _closed_day(conn), resolved_in(period),
                                 [("dossiers_resolved", literal_column("1")),
                                  ("dossiers_resolved_on_time", _flag(on_time_condition(conn.dialect.name)))])


def _flag(condition):
    return case((condition, 1), else_=0)


def on_time_by_unit(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Dossiers resolved in the span and of those on time, per unit: unit, dossiers_resolved, dossiers_resolved_on_time."""
    return pd.DataFrame(_on_time_counts(conn, scope.bind(conn), period),
                        columns=["unit", "dossiers_resolved", "dossiers_resolved_on_time"])


def overdue_tasks_by_leader(conn: Connection, *, as_of: date, scope: Scope = ALL_UNITS) -> dict[str, int]:
    """The standing task backlog per assigning leader code (a vice-chairman follows what they assigned)."""
    stmt = (select(T.assigned_by, func.count())
            .where(overdue_backlog_condition(as_of), scope.bind(conn).where(TASK_ITEMS)).group_by(T.assigned_by))
    return {code: int(n) for code, n in conn.execute(stmt)}


def vice_chairmen(conn: Connection, *, on: date | None = None) -> pd.DataFrame:
    """Each vice-chairman with the units they supervise (units.supervising_leader), in code order.

    Columns: leader, leader_name, sectors, units (list of codes), unit_names (list of names).
    Units no longer valid are kept (their history still counts in past spans), unless `on` is given:
    then only the units existing on that day (the current view of day R, whose units carry their
    predecessors' history).
    """
    supervised = units.c.supervising_leader == leaders.c.code
    if on is not None:
        supervised = and_(supervised, or_(units.c.valid_from.is_(None), units.c.valid_from <= on),
                          or_(units.c.valid_to.is_(None), units.c.valid_to >= on))
    stmt = (select(leaders.c.code, leaders.c.name, leaders.c.sectors, units.c.code.label("unit"),
                   units.c.name.label("unit_name"))
            .select_from(leaders.outerjoin(units, supervised))
            .where(leaders.c.title == "vice_chairman").order_by(leaders.c.code, units.c.kind.desc(), units.c.code))
    rows: dict[str, dict] = {}
    for r in conn.execute(stmt):
        entry = rows.setdefault(r.code, {"leader": r.code, "leader_name": r.name, "sectors": r.sectors or "",
                                         "units": [], "unit_names": []})
        if r.unit is not None:
            entry["units"].append(r.unit)
            entry["unit_names"].append(r.unit_name)
    return pd.DataFrame(list(rows.values()), columns=["leader", "leader_name", "sectors", "units", "unit_names"])


def active_unit_codes(conn: Connection, *, on: date, codes: list[str]) -> list[str]:
    """Of `codes`, those valid on `on` (validity dates empty = always valid)."""
    if not codes:
        return []
    stmt = select(units.c.code).where(
        units.c.code.in_(codes),
        or_(units.c.valid_from.is_(None), units.c.valid_from <= on),
        or_(units.c.valid_to.is_(None), units.c.valid_to >= on)).order_by(units.c.code)
    return [c for (c,) in conn.execute(stmt)]
