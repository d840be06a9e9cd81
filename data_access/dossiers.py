"""Administrative-procedure dossiers (hồ sơ thủ tục hành chính) — SPEC.md §2.2.

The counts come from the rollups (`rollups.py`), which hold the same conditions summed per day;
`dossier_reference.py` computes them from the rows, and the tests hold the two equal. The
median turnaround and the list of overdue dossiers need the rows themselves.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, Float, Integer, and_, case, cast, func, or_, select, union_all

from ._sql import ratio
from .dialects import days_between, likely, middle_value, month_start, week_start
from .period import Period
from .rollups import on_time_condition  # noqa: F401 — the definition lives with the rollups that count it
from .schema import dossier_backlog, dossier_daily, dossier_turnaround, dossiers, procedures, units
from .scope import ALL_UNITS, Scope

D = dossiers.c
DD = dossier_daily.c
DB = dossier_backlog.c
DT = dossier_turnaround.c
CHANNELS = ("direct", "online", "postal")


def received_in(period: Period):
    return and_(D.received_at >= period.start_at, D.received_at < period.end_before)


def resolved_in(period: Period):
    return and_(D.resolved_at >= period.start_at, D.resolved_at < period.end_before)


def pending_at(period: Period):
    """Received on or before `to`, neither resolved nor otherwise ended by `to`."""
    after = period.end_before
    return and_(D.received_at < after,
                or_(D.resolved_at.is_(None), D.resolved_at >= after),
                or_(D.ended_at.is_(None), D.ended_at >= after))


# ---- from the rollups (see rollups.py: the same conditions, summed per day in advance) ---------------

def _total(column, label: str):
    return func.coalesce(func.sum(column), 0).cast(Integer).label(label)


def _flow_columns():
    """Received (by channel) and resolved figures over the `dossier_daily` rows of a period."""
    return [_total(DD.received, "dossiers_received"),
            *(_total(case((DD.channel == ch, DD.received), else_=0), f"dossiers_{ch}") for ch in CHANNELS),
            _total(DD.resolved, "dossiers_resolved"), _total(DD.resolved_on_time, "dossiers_resolved_on_time"),
            _total(DD.rated, "dossiers_rated"), _total(DD.satisfied, "dossiers_satisfied")]


FLOW_KEYS = ["dossiers_received", *(f"dossiers_{ch}" for ch in CHANNELS), "dossiers_resolved",
             "dossiers_resolved_on_time", "dossiers_rated", "dossiers_satisfied"]
PENDING_KEYS = ["dossiers_pending", "dossiers_pending_overdue"]


def _flows_in(period: Period, scope: Scope):
    return and_(DD.day >= period.start, DD.day <= period.end, scope.clause(DD.unit))


def _pending_columns():
    return [_total(DB.pending_delta, "dossiers_pending"), _total(DB.overdue_delta, "dossiers_pending_overdue")]


def _pending_as_of(period: Period, scope: Scope):
    """Every interval opened on or before `to` minus every one closed by then: those open at `to`."""
    return and_(DB.day <= period.end, scope.clause(DB.unit))


def add_rates(row: dict) -> dict:
    row["dossier_on_time_rate"] = ratio(row["dossiers_resolved_on_time"], row["dossiers_resolved"])
    row["online_share"] = ratio(row["dossiers_online"], row["dossiers_received"])
    row["satisfaction_rate"] = ratio(row["dossiers_satisfied"], row["dossiers_rated"])
    return row


def turnaround_days(dialect_name: str):
    return days_between(dialect_name, D.resolved_at, D.received_at)


def median_turnaround_days(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> float | None:
    """Median of (resolved − received) in days over dossiers resolved in the period — exact, in two steps.

    1. The histogram (`dossier_turnaround`: resolutions per day × unit × bucket) gives N and, for the
       middle rank(s), the bucket and the rank within it: a few thousand rollup rows.
    2. Only that bucket's values resolved in the period are read, through the index on
       (turnaround_bucket, resolved_at, unit, received_at), and the one or two middle ones picked.
    Buckets only grow with the turnaround, so this is the very median that sorting every value
    gives (`dialects.median`, used by `dossier_reference`).
    """
    stmt = (select(DT.bucket, func.sum(DT.resolved)).where(DT.day >= period.start, DT.day <= period.end,
                                                          scope.clause(DT.unit))
            .group_by(DT.bucket).having(func.sum(DT.resolved) > 0).order_by(DT.bucket))
    histogram = [(bucket, int(n)) for bucket, n in conn.execute(stmt)]
    total = sum(n for _, n in histogram)
    if total == 0:
        return None
    wanted = sorted({(total - 1) // 2, total // 2})  # 0-based ranks of the middle value(s)
    picks, before = [], 0
    for bucket, n in histogram:
        ranks = [k - before for k in wanted if before <= k < before + n]
        if ranks:
            picks.append((bucket, ranks[0], len(ranks)))
        before += n
    value = cast(turnaround_days(conn.dialect.name), Float)
    in_period = and_(resolved_in(period), scope.clause(D.unit))
    parts = [select(value.label("v")).where(D.turnaround_bucket == bucket, in_period)
             .order_by(value).limit(count).offset(offset).subquery() for bucket, offset, count in picks]
    values = parts[0] if len(parts) == 1 else union_all(*[select(p.c.v) for p in parts]).subquery()
    return middle_value(conn, values)


def dossier_figures(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> dict:
    """Every dossier figure of SPEC §2.2 (plus the rated/satisfied counts behind the satisfaction rate)."""
    figures = dict(conn.execute(select(*_flow_columns()).where(_flows_in(period, scope))).mappings().one())
    figures |= conn.execute(select(*_pending_columns()).where(_pending_as_of(period, scope))).mappings().one()
    figures["median_turnaround_days"] = median_turnaround_days(conn, period=period, scope=scope)
    return add_rates(figures)


def _frame(conn, stmt, keys: list[str]) -> pd.DataFrame:
    return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=["key", *keys]).set_index("key")


def _grouped(conn, period, scope) -> pd.DataFrame:
    """Received, resolved and pending figures per receiving unit (a unit with none of them is left out)."""
    flows = (select(DD.unit.label("key"), *_flow_columns()).where(_flows_in(period, scope)).group_by(DD.unit)
             .having(or_(func.sum(DD.received) > 0, func.sum(DD.resolved) > 0)))
    pending = (select(DB.unit.label("key"), *_pending_columns()).where(_pending_as_of(period, scope))
               .group_by(DB.unit).having(func.sum(DB.pending_delta) > 0))
    df = pd.concat([_frame(conn, flows, FLOW_KEYS), _frame(conn, pending, PENDING_KEYS)], axis=1)
    df = df.fillna(0).astype(int).reset_index()
    return pd.DataFrame([add_rates(r) for r in df.to_dict("records")])


def dossiers_by_unit(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Per receiving unit: received, resolved, on-time, pending, overdue pending, rates; `unit_name`, `unit_kind`."""
    df = _grouped(conn, period, scope)
    if df.empty:  # the same columns as always, so a page can read them without checking first
        return pd.DataFrame(columns=["unit", *add_rates(dict.fromkeys(FLOW_KEYS + PENDING_KEYS, 0)), "unit_name",
                                     "unit_kind"])
    df = df.rename(columns={"key": "unit"})
    names = {r.code: r for r in conn.execute(select(units.c.code, units.c.name, units.c.kind))}
    df["unit_name"] = [names[u].name if u in names else u for u in df["unit"]]
    df["unit_kind"] = [names[u].kind if u in names else None for u in df["unit"]]
    return df


def dossiers_by_bucket(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS, grain: str = "month") -> pd.DataFrame:
    """Per month or ISO week (`bucket` = first day): received by its reception date, resolved by its resolution date.

    Pending counts are not per bucket (they are a state as of a date) and are left out.
    """
    key = (month_start if grain == "month" else week_start)(conn.dialect.name, DD.day)
    stmt = (select(key.label("bucket"), *_flow_columns()).where(_flows_in(period, scope)).group_by(key)
            .having(or_(func.sum(DD.received) > 0, func.sum(DD.resolved) > 0)))
    df = pd.DataFrame(conn.execute(stmt).mappings().all(), columns=["bucket", *FLOW_KEYS])
    if df.empty:
        return df
    df["bucket"] = pd.to_datetime(df["bucket"]).dt.date
    df = pd.DataFrame([add_rates(r) for r in df.to_dict("records")])
    return df.sort_values("bucket").reset_index(drop=True)


def dossiers_by_channel(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Dossiers received in the period per channel (all three channels, zeros included)."""
    stmt = select(DD.channel, func.sum(DD.received)).where(_flows_in(period, scope)).group_by(DD.channel)
    counts = {channel: int(n or 0) for channel, n in conn.execute(stmt).all()}
    return pd.DataFrame({"channel": list(CHANNELS), "dossiers": [counts.get(c, 0) for c in CHANNELS]})


def dossiers_by_field(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Per procedure field (lĩnh vực): received, resolved and on-time figures."""
    key = func.coalesce(procedures.c.field, "Khác")
    stmt = (select(key.label("field"), _total(DD.received, "received"), _total(DD.resolved, "resolved"),
                   _total(DD.resolved_on_time, "on_time"))
            .select_from(dossier_daily.join(procedures, procedures.c.code == DD.procedure_code))
            .where(_flows_in(period, scope)).group_by(key)
            .having(or_(func.sum(DD.received) > 0, func.sum(DD.resolved) > 0)))
    found = {r.field: r for r in conn.execute(stmt)}
    rows = [{"field": field, "dossiers_received": found[field].received, "dossiers_resolved": found[field].resolved,
             "dossiers_resolved_on_time": found[field].on_time,
             "dossier_on_time_rate": ratio(found[field].on_time, found[field].resolved)} for field in sorted(found)]
    return pd.DataFrame(rows, columns=["field", "dossiers_received", "dossiers_resolved",
                                       "dossiers_resolved_on_time", "dossier_on_time_rate"])


def _pending_overdue_rows(dialect_name: str, period: Period, scope: Scope):
    """The dossiers pending and overdue at `to`, as three disjoint parts each reached through an index:
    still open today (partial index `ix_dossiers_open`), resolved after `to` (the resolved_at index,
    which carries received_at), and ended after `to` without a resolution (partial `ix_dossiers_ended_at`).
    Together they are exactly `pending_at(period)` with a due date before `to`.
    """
    after, due_before = period.end_before, period.as_of_start
    common = [D.received_at < after, D.due_at < due_before, scope.clause(D.unit)]
    unresolved = likely(dialect_name, D.resolved_at.is_(None), 0.9)
    parts = [
        and_(unresolved, D.ended_at.is_(None)),
        and_(D.resolved_at >= after, or_(D.ended_at.is_(None), D.ended_at >= after)),
        and_(unresolved, D.ended_at >= after),
    ]
    return union_all(*[select(D.unit, D.due_at).where(part, *common) for part in parts]).subquery("overdue")


def overdue_pending_dossiers(conn: Connection, *, as_of: date, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Pending dossiers past their due date as of `as_of`, per unit, most first."""
    rows = _pending_overdue_rows(conn.dialect.name, Period(as_of, as_of), scope)
    stmt = (select(rows.c.unit, units.c.name.label("unit_name"), func.count().label("dossiers_pending_overdue"),
                   func.min(rows.c.due_at).label("oldest_due_at"))
            .join(units, units.c.code == rows.c.unit)
            .group_by(rows.c.unit, units.c.name).order_by(func.count().desc(), rows.c.unit))
    return pd.DataFrame(conn.execute(stmt).mappings().all(),
                        columns=["unit", "unit_name", "dossiers_pending_overdue", "oldest_due_at"])
