"""Assigned tasks (nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao) — SPEC.md §2.1.

A task with a due date has one state as of `to`; a task without one is counted only in
the total and in `tasks_no_deadline`.
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Connection, and_, case, func, literal_column, or_, select, true

from ._sql import count_if, ratio
from .dialects import month_start, week_start
from .period import Period
from .org import TASK_ITEMS
from .schema import leaders, tasks
from .scope import ALL_UNITS, BoundScope, Scope

T = tasks.c
STATE_KEYS = ["tasks_completed_on_time", "tasks_completed_late", "tasks_in_progress_on_time", "tasks_overdue"]


def _open_at(as_of: date, c=T):
    return or_(c.completed_date.is_(None), c.completed_date > as_of)


def _state_columns(as_of: date, c=T) -> list:
    has_due = c.due_date.isnot(None)
    done = and_(has_due, c.completed_date <= as_of)
    still_open = and_(has_due, _open_at(as_of, c))
    return [
        func.count().label("tasks_total"),
        count_if(c.due_date.is_(None), "tasks_no_deadline"),
        count_if(and_(done, c.completed_date <= c.due_date), "tasks_completed_on_time"),
        count_if(and_(done, c.completed_date > c.due_date), "tasks_completed_late"),
        count_if(and_(still_open, c.due_date >= as_of), "tasks_in_progress_on_time"),
        count_if(and_(still_open, c.due_date < as_of), "tasks_overdue"),
    ]


def _state_sums(as_of: date) -> list:
    """The state counts of `_state_columns` as (name, 0/1 expression) pairs, for BoundScope.counted_by_unit."""
    has_due = T.due_date.isnot(None)
    done = and_(has_due, T.completed_date <= as_of)
    still_open = and_(has_due, _open_at(as_of))

    def flag(condition):
        return case((condition, 1), else_=0)
    return [("tasks_total", literal_column("1")), ("tasks_no_deadline", flag(T.due_date.is_(None))),
            ("tasks_completed_on_time", flag(and_(done, T.completed_date <= T.due_date))),
            ("tasks_completed_late", flag(and_(done, T.completed_date > T.due_date))),
            ("tasks_in_progress_on_time", flag(and_(still_open, T.due_date >= as_of))),
            ("tasks_overdue", flag(and_(still_open, T.due_date < as_of)))]


def _by(assigned_by: str | None):
    """Only the tasks one leader assigned (`assigned_by` = leader code); None: every assigning leader."""
    return true() if assigned_by is None else T.assigned_by == assigned_by


def _in_period(period: Period, bound: BoundScope, assigned_by: str | None = None):
    return and_(T.assigned_date >= period.start, T.assigned_date <= period.end, bound.where(TASK_ITEMS),
                _by(assigned_by))


def add_rates(row: dict) -> dict:
    """The three task rates from the four state counts (None when a denominator is 0)."""
    completed = row["tasks_completed_on_time"] + row["tasks_completed_late"]
    with_due = row["tasks_total"] - row["tasks_no_deadline"]
    row["task_completion_rate"] = ratio(completed, with_due)
    row["task_on_time_rate"] = ratio(row["tasks_completed_on_time"], completed)
    row["task_due_completion_rate"] = ratio(completed, completed + row["tasks_overdue"])
    return row


def overdue_backlog_condition(as_of: date):
    """Every task assigned on or before `as_of`, open at `as_of`, due before it."""
    return and_(T.assigned_date <= as_of, T.due_date < as_of, _open_at(as_of))


def task_figures(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS,
                 assigned_by: str | None = None) -> dict:
    bound = scope.bind(conn)
    row = conn.execute(select(*_state_columns(period.end))
                       .where(_in_period(period, bound, assigned_by))).mappings().one()
    figures = add_rates(dict(row))
    figures["tasks_overdue_all"] = conn.execute(
        select(func.count()).where(overdue_backlog_condition(period.end), bound.where(TASK_ITEMS),
                                   _by(assigned_by))
    ).scalar()
    return figures


def _grouped(conn, key, period, bound: BoundScope, extra_where=True, assigned_by: str | None = None) -> pd.DataFrame:
    # Grouped over a subquery: the key may be the long CASE of the current view (org.py).
    rows_in = (select(key.label("key"), T.due_date, T.completed_date)
               .where(_in_period(period, bound, assigned_by), extra_where).subquery("t"))
    stmt = select(rows_in.c.key, *_state_columns(period.end, rows_in.c)).group_by(rows_in.c.key)
    rows = [add_rates(dict(r)) for r in conn.execute(stmt).mappings()]
    return pd.DataFrame(rows, columns=["key", "tasks_total", "tasks_no_deadline", *STATE_KEYS,
                                       "task_completion_rate", "task_on_time_rate", "task_due_completion_rate"])


def tasks_by_unit(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS,
                  assigned_by: str | None = None) -> pd.DataFrame:
    """Per lead unit: the task figures, plus `unit_name`, `unit_kind` and the standing backlog.

    In the current view the units are those of day R, plus the residue row (org.RESIDUE) when not empty.
    """
    bound = scope.bind(conn)
    in_period = and_(T.assigned_date >= period.start, T.assigned_date <= period.end, _by(assigned_by))
    counted = bound.counted_by_unit(TASK_ITEMS, T.completed_date, in_period, _state_sums(period.end))
    df = pd.DataFrame([add_rates(r) for r in counted],
                      columns=["unit", "tasks_total", "tasks_no_deadline", *STATE_KEYS, "task_completion_rate",
                               "task_on_time_rate", "task_due_completion_rate"])
    backlog = {r["unit"]: r["n"] for r in bound.counted_by_unit(
        TASK_ITEMS, T.completed_date, and_(overdue_backlog_condition(period.end), _by(assigned_by)),
        [("n", literal_column("1"))])}
    names, kinds = bound.names(), bound.kinds()
    all_units = sorted(set(df["unit"]) | set(backlog))
    df = df.set_index("unit").reindex(all_units).fillna(0).reset_index() if all_units else df
    for col in ["tasks_total", "tasks_no_deadline", *STATE_KEYS]:
        df[col] = df[col].astype(int)
    df = pd.DataFrame([add_rates(r) for r in df.to_dict("records")], columns=df.columns)
    df["tasks_overdue_all"] = [backlog.get(u, 0) for u in df["unit"]]
    df["unit_name"] = [names.get(u, u) for u in df["unit"]]
    df["unit_kind"] = [kinds.get(u) for u in df["unit"]]
    return df


def tasks_by_leader(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS,
                    assigned_by: str | None = None) -> pd.DataFrame:
    """Per assigning leader: the task figures with `leader_name` and `leader_title`."""
    df = _grouped(conn, T.assigned_by, period, scope.bind(conn), assigned_by=assigned_by).rename(columns={"key": "leader"})
    names = {r.code: r for r in conn.execute(select(leaders.c.code, leaders.c.name, leaders.c.title))}
    df["leader_name"] = [names[c].name if c in names else c for c in df["leader"]]
    df["leader_title"] = [names[c].title if c in names else None for c in df["leader"]]
    return df


def tasks_by_bucket(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS, grain: str = "month",
                    assigned_by: str | None = None) -> pd.DataFrame:
    """Tasks assigned per month or ISO week (`bucket` = first day), with their state as of `to`."""
    bucket = (month_start if grain == "month" else week_start)(conn.dialect.name, T.assigned_date)
    df = _grouped(conn, bucket, period, scope.bind(conn), assigned_by=assigned_by).rename(columns={"key": "bucket"})
    df["bucket"] = pd.to_datetime(df["bucket"]).dt.date
    return df.sort_values("bucket").reset_index(drop=True)


AGING_BUCKETS = [("≤ 30 ngày", 0, 30), ("31–60 ngày", 31, 60), ("61–120 ngày", 61, 120), ("> 120 ngày", 121, None)]


def overdue_tasks(conn: Connection, *, as_of: date, scope: Scope = ALL_UNITS, limit: int | None = 500,
                  assigned_by: str | None = None, since: date | None = None) -> pd.DataFrame:
    """The standing backlog as of `as_of`, most overdue first, with days overdue, lead unit and assigning leader.

    `since`: only the tasks that fell overdue after that day (due on or after it: on `since` they were
    not overdue yet) — the overview's "mới quá hạn" of the last seven days.

    `lead_unit` / `unit_name` are the unit the task belongs to in the scope's view; `recorded_unit`
    is the lead unit written on it.
    """
    bound = scope.bind(conn)
    stmt = (select(T.task_id, T.title, T.source_doc, T.assigned_date, T.due_date, T.lead_unit,
                   T.lead_unit.label("recorded_unit"), T.assigned_by, leaders.c.name.label("leader_name"),
                   T.handover_to, T.completed_date.label("closed_on"))
            .join(leaders, leaders.c.code == T.assigned_by)
            .where(overdue_backlog_condition(as_of), bound.where(TASK_ITEMS), _by(assigned_by),
                   true() if since is None else T.due_date >= since)
            .order_by(T.due_date, T.task_id))
    if limit:
        stmt = stmt.limit(limit)
    df = pd.DataFrame(bound.place_rows([dict(r) for r in conn.execute(stmt).mappings()], "lead_unit"),
                      columns=["task_id", "title", "source_doc", "assigned_date", "due_date", "lead_unit",
                               "recorded_unit", "assigned_by", "leader_name"])
    df.insert(6, "unit_name", [bound.names().get(u, u) for u in df["lead_unit"]])
    df["days_overdue"] = [(as_of - d).days for d in df["due_date"]]
    df["recorded_unit"] = df.pop("recorded_unit")  # last, after the columns pages already show
    return df


def overdue_aging(conn: Connection, *, as_of: date, scope: Scope = ALL_UNITS,
                  assigned_by: str | None = None) -> pd.DataFrame:
    """Backlog counts by days overdue: ≤ 30, 31–60, 61–120, > 120."""
    in_scope = scope.bind(conn).where(TASK_ITEMS)
    counts = []
    for label, low, high in AGING_BUCKETS:
        cond = [overdue_backlog_condition(as_of), in_scope, _by(assigned_by), T.due_date <= as_of - timedelta(days=low)]
        if high is not None:
            cond.append(T.due_date >= as_of - timedelta(days=high))
        counts.append(conn.execute(select(func.count()).where(*cond)).scalar())
    return pd.DataFrame({"bucket": [b[0] for b in AGING_BUCKETS], "tasks": counts})


def tasks_due_soon(conn: Connection, *, as_of: date, days: int = 7, scope: Scope = ALL_UNITS,
                   assigned_by: str | None = None) -> pd.DataFrame:
    """Open tasks falling due in the next `days` days (after `as_of`, up to `as_of` + days)."""
    bound = scope.bind(conn)
    stmt = (select(T.task_id, T.title, T.due_date, T.lead_unit, T.assigned_by, leaders.c.name.label("leader_name"),
                   T.handover_to, T.completed_date.label("closed_on"))
            .join(leaders, leaders.c.code == T.assigned_by)
            .where(T.assigned_date <= as_of, _open_at(as_of), T.due_date >= as_of,
                   T.due_date <= as_of + timedelta(days=days), bound.where(TASK_ITEMS), _by(assigned_by))
            .order_by(T.due_date, T.task_id))
    df = pd.DataFrame(bound.place_rows([dict(r) for r in conn.execute(stmt).mappings()], "lead_unit"),
                      columns=["task_id", "title", "due_date", "lead_unit", "assigned_by", "leader_name"])
    df.insert(4, "unit_name", [bound.names().get(u, u) for u in df["lead_unit"]])
    df["days_left"] = [(d - as_of).days for d in df["due_date"]]
    return df
