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
from .org import BACKLOG_ITEMS, DAILY_ITEMS, DOSSIER_ITEMS, TURNAROUND_ITEMS
from .rollups import on_time_condition  # noqa: F401 — the definition lives with the rollups that count it
from .rollups import stored_boundaries
from .schema import dossier_backlog, dossier_daily, dossier_turnaround, dossiers, procedures
from .scope import ALL_UNITS, BoundScope, Scope

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


def _flow_columns(c=DD):
    """Received (by channel) and resolved figures over the `dossier_daily` rows of a period."""
    return [_total(c.received, "dossiers_received"),
            *(_total(case((c.channel == ch, c.received), else_=0), f"dossiers_{ch}") for ch in CHANNELS),
            _total(c.resolved, "dossiers_resolved"), _total(c.resolved_on_time, "dossiers_resolved_on_time"),
            _total(c.rated, "dossiers_rated"), _total(c.satisfied, "dossiers_satisfied")]


FLOW_COUNTS = ["received", "resolved", "resolved_on_time", "rated", "satisfied"]
FLOW_KEYS = ["dossiers_received", *(f"dossiers_{ch}" for ch in CHANNELS), "dossiers_resolved",
             "dossiers_resolved_on_time", "dossiers_rated", "dossiers_satisfied"]
PENDING_KEYS = ["dossiers_pending", "dossiers_pending_overdue"]


def _flows_in(period: Period, bound: BoundScope):
    return and_(DD.day >= period.start, DD.day <= period.end, bound.where(DAILY_ITEMS))


def _pending_columns(c=DB):
    return [_total(c.pending_delta, "dossiers_pending"), _total(c.overdue_delta, "dossiers_pending_overdue")]


def _pending_as_of(period: Period, bound: BoundScope):
    """Every interval opened on or before `to` minus every one closed by then: those open at `to`."""
    return and_(DB.day <= period.end, bound.where(BACKLOG_ITEMS))


class RollupsOutOfDate(RuntimeError):
    """The organisation boundaries of the rollups lag behind the units and lineage (see rollups.sync_boundaries)."""


def bind(conn: Connection, scope: Scope) -> BoundScope:
    """The scope bound for the rollups: in the current view, every boundary the attribution tests
    must be a key of the rollups (the importer keeps them so; a hand edit of units may not)."""
    bound = scope.bind(conn)
    if bound.attribution is not None:
        needed = bound.attribution.boundaries_used()
        if needed - stored_boundaries(conn):
            raise RollupsOutOfDate("Số liệu tổng hợp hồ sơ chưa cập nhật theo sắp xếp tổ chức mới: "
                                   "chạy `python -m data_access rebuild-rollups`.")
    return bound


def add_rates(row: dict) -> dict:
    row["dossier_on_time_rate"] = ratio(row["dossiers_resolved_on_time"], row["dossiers_resolved"])
    row["online_share"] = ratio(row["dossiers_online"], row["dossiers_received"])
    row["satisfaction_rate"] = ratio(row["dossiers_satisfied"], row["dossiers_rated"])
    return row


def turnaround_days(dialect_name: str):
    return days_between(dialect_name, D.resolved_at, D.received_at)


def median_turnaround_days(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS,
                           bound: BoundScope | None = None) -> float | None:
    """Median of (resolved − received) in days over dossiers resolved in the period — exact, in two steps.

    1. The histogram (`dossier_turnaround`: resolutions per day × unit × bucket) gives N and, for the
       middle rank(s), the bucket and the rank within it: a few thousand rollup rows.
    2. Only that bucket's values resolved in the period are read, through the index on
       (turnaround_bucket, resolved_at, unit, received_at), and the one or two middle ones picked.
    Buckets only grow with the turnaround, so this is the very median that sorting every value
    gives (`dialects.median`, used by `dossier_reference`).
    """
    bound = bound or bind(conn, scope)
    stmt = (select(DT.bucket, func.sum(DT.resolved)).where(DT.day >= period.start, DT.day <= period.end,
                                                          bound.where(TURNAROUND_ITEMS))
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
    in_period = and_(resolved_in(period), bound.where(DOSSIER_ITEMS))
    parts = [select(value.label("v")).where(D.turnaround_bucket == bucket, in_period)
             .order_by(value).limit(count).offset(offset).subquery() for bucket, offset, count in picks]
    values = parts[0] if len(parts) == 1 else union_all(*[select(p.c.v) for p in parts]).subquery()
    return middle_value(conn, values)


def dossier_figures(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> dict:
    """Every dossier figure of SPEC §2.2 (plus the rated/satisfied counts behind the satisfaction rate)."""
    bound = bind(conn, scope)
    figures = dict(conn.execute(select(*_flow_columns()).where(_flows_in(period, bound))).mappings().one())
    figures |= conn.execute(select(*_pending_columns()).where(_pending_as_of(period, bound))).mappings().one()
    figures["median_turnaround_days"] = median_turnaround_days(conn, period=period, bound=bound)
    return add_rates(figures)


def _frame(conn, stmt, keys: list[str]) -> pd.DataFrame:
    return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=["key", *keys]).set_index("key")


def _grouped(conn, period, bound: BoundScope) -> pd.DataFrame:
    """Received, resolved and pending figures per unit of the view (a unit with none of them is left out)."""
    # The rollup rows of the period with the unit they count under, then grouped (org.py: the unit
    # of the current view is a CASE over the row's unit, handover and close key).
    f = (select(bound.unit_of(DAILY_ITEMS).label("key"), DD.channel, *[DD[n] for n in FLOW_COUNTS])
         .where(_flows_in(period, bound)).subquery("f"))
    flows = (select(f.c.key, *_flow_columns(f.c)).group_by(f.c.key)
             .having(or_(func.sum(f.c.received) > 0, func.sum(f.c.resolved) > 0)))
    b = (select(bound.unit_of(BACKLOG_ITEMS).label("key"), DB.pending_delta, DB.overdue_delta)
         .where(_pending_as_of(period, bound)).subquery("b"))
    pending = (select(b.c.key, *_pending_columns(b.c)).group_by(b.c.key).having(func.sum(b.c.pending_delta) > 0))
    df = pd.concat([_frame(conn, flows, FLOW_KEYS), _frame(conn, pending, PENDING_KEYS)], axis=1)
    df = df.fillna(0).astype(int).reset_index()
    return pd.DataFrame([add_rates(r) for r in df.to_dict("records")])


def dossiers_by_unit(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Per receiving unit: received, resolved, on-time, pending, overdue pending, rates; `unit_name`, `unit_kind`.

    In the current view: per unit of day R, plus the residue row (org.RESIDUE) when not empty.
    """
    bound = bind(conn, scope)
    df = _grouped(conn, period, bound)
    if df.empty:  # the same columns as always, so a page can read them without checking first
        return pd.DataFrame(columns=["unit", *add_rates(dict.fromkeys(FLOW_KEYS + PENDING_KEYS, 0)), "unit_name",
                                     "unit_kind"])
    df = df.rename(columns={"key": "unit"})
    names, kinds = bound.names(), bound.kinds()
    df["unit_name"] = [names.get(u, u) for u in df["unit"]]
    df["unit_kind"] = [kinds.get(u) for u in df["unit"]]
    return df


def dossiers_by_bucket(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS, grain: str = "month") -> pd.DataFrame:
    """Per month or ISO week (`bucket` = first day): received by its reception date, resolved by its resolution date.

    Pending counts are not per bucket (they are a state as of a date) and are left out.
    """
    key = (month_start if grain == "month" else week_start)(conn.dialect.name, DD.day)
    stmt = (select(key.label("bucket"), *_flow_columns()).where(_flows_in(period, bind(conn, scope))).group_by(key)
            .having(or_(func.sum(DD.received) > 0, func.sum(DD.resolved) > 0)))
    df = pd.DataFrame(conn.execute(stmt).mappings().all(), columns=["bucket", *FLOW_KEYS])
    if df.empty:
        return df
    df["bucket"] = pd.to_datetime(df["bucket"]).dt.date
    df = pd.DataFrame([add_rates(r) for r in df.to_dict("records")])
    return df.sort_values("bucket").reset_index(drop=True)


def dossiers_by_channel(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Dossiers received in the period per channel (all three channels, zeros included)."""
    stmt = select(DD.channel, func.sum(DD.received)).where(_flows_in(period, bind(conn, scope))).group_by(DD.channel)
    counts = {channel: int(n or 0) for channel, n in conn.execute(stmt).all()}
    return pd.DataFrame({"channel": list(CHANNELS), "dossiers": [counts.get(c, 0) for c in CHANNELS]})


def dossiers_by_field(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Per procedure field (lĩnh vực): received, resolved and on-time figures."""
    key = func.coalesce(procedures.c.field, "Khác")
    stmt = (select(key.label("field"), _total(DD.received, "received"), _total(DD.resolved, "resolved"),
                   _total(DD.resolved_on_time, "on_time"))
            .select_from(dossier_daily.join(procedures, procedures.c.code == DD.procedure_code))
            .where(_flows_in(period, bind(conn, scope))).group_by(key)
            .having(or_(func.sum(DD.received) > 0, func.sum(DD.resolved) > 0)))
    found = {r.field: r for r in conn.execute(stmt)}
    rows = [{"field": field, "dossiers_received": found[field].received, "dossiers_resolved": found[field].resolved,
             "dossiers_resolved_on_time": found[field].on_time,
             "dossier_on_time_rate": ratio(found[field].on_time, found[field].resolved)} for field in sorted(found)]
    return pd.DataFrame(rows, columns=["field", "dossiers_received", "dossiers_resolved",
                                       "dossiers_resolved_on_time", "dossier_on_time_rate"])


def _pending_overdue_rows(dialect_name: str, period: Period, bound: BoundScope):
    """The dossiers pending and overdue at `to`, as three disjoint parts each reached through an index:
    still open today (partial index `ix_dossiers_open`), resolved after `to` (the resolved_at index,
    which carries received_at), and ended after `to` without a resolution (partial `ix_dossiers_ended_at`).
    Together they are exactly `pending_at(period)` with a due date before `to`.
    """
    after, due_before = period.end_before, period.as_of_start
    common = [D.received_at < after, D.due_at < due_before, bound.where(DOSSIER_ITEMS)]
    unresolved = likely(dialect_name, D.resolved_at.is_(None), 0.9)
    parts = [
        and_(unresolved, D.ended_at.is_(None)),
        and_(D.resolved_at >= after, or_(D.ended_at.is_(None), D.ended_at >= after)),
        and_(unresolved, D.ended_at >= after),
    ]
    unit = bound.unit_of(DOSSIER_ITEMS).label("unit")
    return union_all(*[select(unit, D.due_at).where(part, *common) for part in parts]).subquery("overdue")


def overdue_pending_dossiers(conn: Connection, *, as_of: date, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Pending dossiers past their due date as of `as_of`, per unit of the view, most first."""
    bound = scope.bind(conn)
    rows = _pending_overdue_rows(conn.dialect.name, Period(as_of, as_of), bound)
    stmt = (select(rows.c.unit, func.count().label("dossiers_pending_overdue"),
                   func.min(rows.c.due_at).label("oldest_due_at"))
            .group_by(rows.c.unit).order_by(func.count().desc(), rows.c.unit))
    df = pd.DataFrame(conn.execute(stmt).mappings().all(), columns=["unit", "dossiers_pending_overdue", "oldest_due_at"])
    df.insert(1, "unit_name", [bound.names().get(u, u) for u in df["unit"]])
    return df
