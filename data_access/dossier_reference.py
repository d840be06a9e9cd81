"""The dossier figures of SPEC.md §2.2 computed straight from the `dossiers` rows.

This is the definition, written as plainly as SQL allows; `dossiers.py` answers the same
questions from the rollups (fast at millions of rows). Tests and the benchmark check that both
give the same numbers; nothing in the app calls this module.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, and_, func, select

from ._sql import count_if, ratio
from .dialects import days_between, median, month_start, week_start
# The period conditions on the rows and the on-time rule are shared with the live code (one definition);
# what this module keeps apart is the counting, which the live code does from the rollups.
from .dossiers import CHANNELS, add_rates, pending_at, received_in, resolved_in
from .period import Period
from .rollups import on_time_condition
from .org import DOSSIER_ITEMS
from .schema import dossiers, procedures
from .scope import ALL_UNITS, Scope

D = dossiers.c


def _received_columns():
    return [func.count().label("dossiers_received"),
            *(count_if(D.channel == ch, f"dossiers_{ch}") for ch in CHANNELS)]


def _resolved_columns(dialect_name: str):
    return [func.count().label("dossiers_resolved"),
            count_if(on_time_condition(dialect_name), "dossiers_resolved_on_time"),
            count_if(D.rating.isnot(None), "dossiers_rated"),
            count_if(D.rating == "satisfied", "dossiers_satisfied")]


def _pending_columns(period: Period):
    return [func.count().label("dossiers_pending"),
            count_if(D.due_at < period.as_of_start, "dossiers_pending_overdue")]


def turnaround_days(dialect_name: str):
    return days_between(dialect_name, D.resolved_at, D.received_at)


def dossier_figures(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> dict:
    """Every dossier figure of SPEC §2.2 (plus the rated/satisfied counts behind the satisfaction rate)."""
    dialect = conn.dialect.name
    in_scope = scope.bind(conn).where(DOSSIER_ITEMS)
    figures = dict(conn.execute(select(*_received_columns()).where(received_in(period), in_scope)).mappings().one())
    figures |= conn.execute(select(*_resolved_columns(dialect)).where(resolved_in(period), in_scope)).mappings().one()
    figures |= conn.execute(select(*_pending_columns(period)).where(pending_at(period), in_scope)).mappings().one()
    figures["median_turnaround_days"] = median(conn, turnaround_days(dialect), and_(resolved_in(period), in_scope))
    return add_rates(figures)


def _grouped(conn, key, period, scope) -> pd.DataFrame:
    """Received, resolved and pending figures grouped by `key` (one query each, merged)."""
    dialect = conn.dialect.name
    in_scope = scope.bind(conn).where(DOSSIER_ITEMS)
    parts = [
        select(key.label("key"), *_received_columns()).where(received_in(period), in_scope).group_by(key),
        select(key.label("key"), *_resolved_columns(dialect)).where(resolved_in(period), in_scope).group_by(key),
        select(key.label("key"), *_pending_columns(period)).where(pending_at(period), in_scope).group_by(key),
    ]
    frames = [pd.DataFrame(conn.execute(stmt).mappings().all(), columns=["key", *stmt.selected_columns.keys()[1:]])
              .set_index("key") for stmt in parts]
    df = pd.concat(frames, axis=1).fillna(0).astype(int).reset_index()
    return pd.DataFrame([add_rates(r) for r in df.to_dict("records")])


def dossiers_by_unit(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Per receiving unit (per unit of the view): received, resolved, on-time, pending, overdue pending,
    rates; `unit_name`, `unit_kind`."""
    bound = scope.bind(conn)
    df = _grouped(conn, bound.unit_of(DOSSIER_ITEMS), period, scope)
    if df.empty:
        return df
    return bound.with_names(df)


def dossiers_by_bucket(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS, grain: str = "month") -> pd.DataFrame:
    """Per month or ISO week (`bucket` = first day): received by its reception date, resolved by its resolution date.

    Pending counts are not per bucket (they are a state as of a date) and are left out.
    """
    dialect = conn.dialect.name
    fn = month_start if grain == "month" else week_start
    in_scope = scope.bind(conn).where(DOSSIER_ITEMS)
    rec_key, res_key = fn(dialect, D.received_at), fn(dialect, D.resolved_at)
    received = pd.DataFrame(conn.execute(
        select(rec_key.label("bucket"), *_received_columns()).where(received_in(period), in_scope).group_by(rec_key)
    ).mappings().all(), columns=["bucket", "dossiers_received", *(f"dossiers_{c}" for c in CHANNELS)])
    resolved = pd.DataFrame(conn.execute(
        select(res_key.label("bucket"), *_resolved_columns(dialect)).where(resolved_in(period), in_scope).group_by(res_key)
    ).mappings().all(), columns=["bucket", "dossiers_resolved", "dossiers_resolved_on_time", "dossiers_rated",
                                 "dossiers_satisfied"])
    df = received.set_index("bucket").join(resolved.set_index("bucket"), how="outer").fillna(0).astype(int)
    df = df.reset_index()
    df["bucket"] = pd.to_datetime(df["bucket"]).dt.date
    df = pd.DataFrame([add_rates(r) for r in df.to_dict("records")])
    return df.sort_values("bucket").reset_index(drop=True) if not df.empty else df


def dossiers_by_channel(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Dossiers received in the period per channel (all three channels, zeros included)."""
    stmt = select(D.channel, func.count()).where(received_in(period), scope.bind(conn).where(DOSSIER_ITEMS)).group_by(D.channel)
    counts = dict(conn.execute(stmt).all())
    return pd.DataFrame({"channel": list(CHANNELS), "dossiers": [counts.get(c, 0) for c in CHANNELS]})


def dossiers_by_field(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Per procedure field (lĩnh vực): received, resolved and on-time figures."""
    dialect = conn.dialect.name
    key = func.coalesce(procedures.c.field, "Khác")
    joined = dossiers.join(procedures, procedures.c.code == D.procedure_code)
    in_scope = scope.bind(conn).where(DOSSIER_ITEMS)
    rec = dict(conn.execute(select(key, func.count()).select_from(joined)
                            .where(received_in(period), in_scope).group_by(key)).all())
    res = {r.key: r for r in conn.execute(
        select(key.label("key"), *_resolved_columns(dialect)).select_from(joined)
        .where(resolved_in(period), in_scope).group_by(key)).mappings()}
    rows = []
    for field in sorted(set(rec) | set(res)):
        r = res.get(field, {})
        resolved, on_time = r.get("dossiers_resolved", 0), r.get("dossiers_resolved_on_time", 0)
        rows.append({"field": field, "dossiers_received": rec.get(field, 0), "dossiers_resolved": resolved,
                     "dossiers_resolved_on_time": on_time, "dossier_on_time_rate": ratio(on_time, resolved)})
    return pd.DataFrame(rows, columns=["field", "dossiers_received", "dossiers_resolved",
                                       "dossiers_resolved_on_time", "dossier_on_time_rate"])


def overdue_pending_dossiers(conn: Connection, *, as_of: date, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Pending dossiers past their due date as of `as_of`, per unit, most first."""
    period = Period(as_of, as_of)
    bound = scope.bind(conn)
    unit = bound.unit_of(DOSSIER_ITEMS)
    stmt = (select(unit.label("unit"), func.count().label("dossiers_pending_overdue"),
                   func.min(D.due_at).label("oldest_due_at"))
            .where(pending_at(period), D.due_at < period.as_of_start, bound.where(DOSSIER_ITEMS))
            .group_by(unit).order_by(func.count().desc(), unit))
    df = pd.DataFrame(conn.execute(stmt).mappings().all(), columns=["unit", "dossiers_pending_overdue", "oldest_due_at"])
    df.insert(1, "unit_name", [bound.names().get(u, u) for u in df["unit"]])
    return df
