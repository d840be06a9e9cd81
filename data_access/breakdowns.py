"""Small queries the dashboard needs besides the SPEC §2 figures: the data version, the unit and
leader lists for the filters, and the per-task detail list.

Each function is one query (SQLAlchemy Core), aggregating or limiting in SQL.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import Connection, case, func, literal, select

from .period import Period
from .schema import import_log, leaders, tasks, units
from .org import TASK_ITEMS, load_lineage
from .scope import ALL_UNITS, Scope

T = tasks.c


@dataclass(frozen=True)
class DataVersion:
    """What changes whenever an import finishes: cheap to read, used as a cache key.

    `updated_at` is the end of the newest import (None when nothing was imported yet).
    """

    last_import_id: int | None
    imports: int
    updated_at: datetime | None


def data_version(conn: Connection) -> DataVersion:
    row = conn.execute(select(func.max(import_log.c.id), func.count(),
                              func.max(import_log.c.finished_at))).one()
    return DataVersion(row[0], int(row[1] or 0), row[2])


def has_data(conn: Connection) -> bool:
    """Whether the database holds any unit at all (an empty database is seeded on first start)."""
    return conn.execute(select(units.c.code).limit(1)).first() is not None


UNIT_LIST_COLUMNS = ["code", "name", "kind", "parent_code", "supervising_leader", "valid_from", "valid_to", "email"]


def unit_list(conn: Connection, *, on: date | None = None) -> pd.DataFrame:
    """Every unit: code, name, kind, parent_code, supervising_leader, valid_from, valid_to, email (a few hundred rows).

    With `on` (day R of the current view) also: `exists` (the unit exists that day), `last_day` (its
    last day when it has ended by then) and `successors` / `successor_names` (the units of that day
    that took it over), for a picker that lists today's units and marks the dissolved ones.
    """
    stmt = select(*[units.c[c] for c in UNIT_LIST_COLUMNS]).order_by(units.c.kind, units.c.name)
    df = pd.DataFrame(conn.execute(stmt).mappings().all(), columns=UNIT_LIST_COLUMNS)
    if on is None:
        return df
    lineage = load_lineage(conn)
    df["exists"] = [lineage.exists_on(c, on) for c in df["code"]]
    ends = [lineage.end(c) for c in df["code"]]
    df["last_day"] = [e - timedelta(days=1) if e is not None and e <= on else None for e in ends]
    df["successors"] = [lineage.successors_on(c, on) if last is not None else []
                        for c, last in zip(df["code"], df["last_day"])]
    df["successor_names"] = [[lineage.units[s].name for s in found] for found in df["successors"]]
    return df


def leader_list(conn: Connection) -> pd.DataFrame:
    """Every leader: code, name, title (chairman first)."""
    order = case((leaders.c.title == "chairman", 0), else_=1)
    stmt = select(leaders.c.code, leaders.c.name, leaders.c.title).order_by(order, leaders.c.code)
    return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=["code", "name", "title"])


def task_state(as_of):
    """The SPEC §2.1 state of a task as of `as_of`, as an SQL expression ('no_deadline' without a due date)."""
    done = T.completed_date <= as_of
    return case(
        (T.due_date.is_(None), literal("no_deadline")),
        (done & (T.completed_date <= T.due_date), literal("completed_on_time")),
        (done, literal("completed_late")),
        (T.due_date >= as_of, literal("in_progress_on_time")),
        else_=literal("overdue"),
    )


TASK_LIST_COLUMNS = ["task_id", "title", "source_doc", "assigned_date", "due_date", "completed_date", "state",
                     "lead_unit", "unit_name", "assigned_by", "leader_name"]


def tasks_in_period(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS, assigned_by: str | None = None,
                    limit: int | None = 5000) -> pd.DataFrame:
    """Tasks assigned in the period with their state as of `to`, newest first (the detail table);
    only one leader's when `assigned_by` is given."""
    bound = scope.bind(conn)
    completed = case((T.completed_date <= period.end, T.completed_date), else_=None)
    stmt = (select(T.task_id, T.title, T.source_doc, T.assigned_date, T.due_date, completed.label("completed_date"),
                   task_state(period.end).label("state"), T.lead_unit, T.assigned_by,
                   leaders.c.name.label("leader_name"), T.handover_to, T.completed_date.label("closed_on"))
            .join(leaders, leaders.c.code == T.assigned_by)
            .where(T.assigned_date >= period.start, T.assigned_date <= period.end, bound.where(TASK_ITEMS))
            .order_by(T.assigned_date.desc(), T.task_id))
    if assigned_by is not None:
        stmt = stmt.where(T.assigned_by == assigned_by)
    if limit:
        stmt = stmt.limit(limit)
    df = pd.DataFrame(bound.place_rows([dict(r) for r in conn.execute(stmt).mappings()], "lead_unit"),
                      columns=[c for c in TASK_LIST_COLUMNS if c != "unit_name"])
    df.insert(TASK_LIST_COLUMNS.index("unit_name"), "unit_name", [bound.names().get(u, u) for u in df["lead_unit"]])
    return df
