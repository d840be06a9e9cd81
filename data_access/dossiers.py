"""Administrative-procedure dossiers (hồ sơ thủ tục hành chính) — SPEC.md §2.2.

The counts come from the rollups (`rollups.py`), which hold the same conditions summed per day;
`dossier_reference.py` computes them from the rows, and the tests hold the two equal. The
median turnaround and the list of overdue dossiers need the rows themselves.
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Connection, Float, Integer, and_, case, cast, func, or_, select, true, union_all

from ._sql import ratio
from .dialects import date_of, days_between, likely, middle_value, month_start, week_start
from .period import Period
from .org import DOSSIER_ITEMS, rollup_items
from .rollups import on_time_condition  # noqa: F401 — the definition lives with the rollups that count it
from .rollups import closed_at_of, stored_boundaries
from .scope import _as_date
from .schema import dossier_backlog, dossier_backlog_monthly, dossier_daily, dossier_monthly, dossier_turnaround
from .schema import dossier_turnaround_monthly, dossiers, procedures
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


def flow_sums(t=dossier_daily):
    """What each figure sums over the rows of `dossier_daily` or `dossier_monthly` (received by channel;
    resolved and its counts)."""
    return [("dossiers_received", t.c.received),
            *((f"dossiers_{ch}", case((t.c.channel == ch, t.c.received), else_=0)) for ch in CHANNELS),
            ("dossiers_resolved", t.c.resolved), ("dossiers_resolved_on_time", t.c.resolved_on_time),
            ("dossiers_rated", t.c.rated), ("dossiers_satisfied", t.c.satisfied)]


def pending_sums(t=dossier_backlog):
    return [("dossiers_pending", t.c.pending_delta), ("dossiers_pending_overdue", t.c.overdue_delta)]


FLOW_SUMS, PENDING_SUMS = flow_sums(), pending_sums()
FLOW_KEYS = [name for name, _ in FLOW_SUMS]
PENDING_KEYS = [name for name, _ in PENDING_SUMS]


# ---- which rollup rows a period reads: whole months from the monthly tables, ragged days from the daily ones

def whole_months(period: Period) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
    """The period as (first day of its first whole month, first day of its last whole month) — None when
    it holds no whole month — and the day ranges left over at its start and end (at most two)."""
    first = period.start if period.start.day == 1 else _next_month(period.start)
    last_end = period.end if _next_month(period.end) == period.end + timedelta(days=1) \
        else period.end.replace(day=1) - timedelta(days=1)
    if first > last_end:
        return None, [(period.start, period.end)]
    ragged = []
    if period.start < first:
        ragged.append((period.start, first - timedelta(days=1)))
    if last_end < period.end:
        ragged.append((last_end + timedelta(days=1), period.end))
    return (first, last_end.replace(day=1)), ragged


def _next_month(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


def _period_parts(period: Period, daily, monthly) -> list[tuple]:
    """(table, condition) pairs whose rows together are exactly the days of the period."""
    months, ragged = whole_months(period)
    parts = []
    if months:
        parts.append((monthly, and_(monthly.c.month >= months[0], monthly.c.month <= months[1])))
    if ragged:
        parts.append((daily, or_(*[and_(daily.c.day >= a, daily.c.day <= b) for a, b in ragged])))
    return parts


def _flows_in(period: Period) -> list[tuple]:
    return _period_parts(period, dossier_daily, dossier_monthly)


def _pending_as_of(period: Period) -> list[tuple]:
    """Every interval opened on or before `to` minus every one closed by then: those open at `to`.
    The deltas of the months before `to`'s month, and of its days up to `to`."""
    month = period.end.replace(day=1)
    BM = dossier_backlog_monthly.c
    return [(dossier_backlog_monthly, BM.month < month), (dossier_backlog, and_(DB.day >= month, DB.day <= period.end))]


def _summed_parts(conn: Connection, bound: BoundScope, parts: list[tuple], sums_of, keys_of=lambda t: [], *,
                  by_unit: bool = False, joined_of=None) -> list[dict]:
    """`_summed` over each (table, condition) of `parts`, added up per unit and keys. `sums_of`, `keys_of`
    and `joined_of` give the sums, keys and join for a table (daily or monthly)."""
    out: dict[tuple, dict] = {}
    for table, where in parts:
        keys = keys_of(table)
        sums = sums_of(table)
        for r in _summed(conn, bound, table, where, sums, keys, by_unit=by_unit,
                         joined=None if joined_of is None else joined_of(table)):
            key = (r["unit"], *[r[name] for name, _ in keys])
            found = out.get(key)
            if found is None:
                out[key] = r
            else:
                for name, _ in sums:
                    found[name] += r[name]
    return list(out.values())


def _summed(conn: Connection, bound: BoundScope, table, where, sums, keys=(), *, by_unit: bool = False,
            joined=None) -> list[dict]:
    """The rollup rows meeting `where` and the scope, summed per `keys` (and per unit of the view when
    `by_unit`): dicts with `unit` (None unless `by_unit`), the keys and the `sums` (name, expression).

    The database does the counting. In the current view it sums per recorded unit × `closed_before` ×
    `handover_to` (reading, through the unit-first index, only the units that can belong to the scope);
    those few hundred sums are then placed on day R in Python (org.Attribution.destination_of_key),
    which is the same rule as the CASE the row queries use, and added up per unit of the day.
    """
    c = table.c
    key_columns = [expr.label(name) for name, expr in keys]
    summed = [func.coalesce(func.sum(expr), 0).label(name) for name, expr in sums]
    if not bound.attributes or (bound.scope.unit_codes is None and not by_unit):
        grouping = ([c.unit] if by_unit else []) + [expr for _, expr in keys]
        stmt = (select(*([c.unit.label("unit")] if by_unit else []), *key_columns, *summed)
                .select_from(table if joined is None else joined).where(where, bound.where(rollup_items(table))))
        if grouping:
            stmt = stmt.group_by(*grouping)
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
        for r in rows:
            r.setdefault("unit", None)
            for name, _ in sums:
                r[name] = int(r[name] or 0)
        return rows
    att, codes = bound.attribution, bound.scope.unit_codes
    handovers = bound.handovers("dossiers")
    parted = att.parted_units(handovers)
    if codes is not None:
        parted &= att.reach_units(codes, handovers)
    parted = sorted(parted)
    source = table if joined is None else joined
    reach = bound.reach(rollup_items(table))
    grouping = [expr for _, expr in keys]
    # Units whose items all go one way are summed per unit, as in the recorded view; only the
    # parted ones (a split on the way, handovers) per close key and handover.
    whole = (select(c.unit, *key_columns, *summed).select_from(source)
             .where(where, reach, c.unit.not_in(parted) if parted else true()).group_by(c.unit, *grouping))
    results = [((r["unit"], None, None), r) for r in conn.execute(whole).mappings()]
    if parted:
        split = (select(c.unit, c.closed_before, c.handover_to, *key_columns, *summed).select_from(source)
                 .where(where, reach, c.unit.in_(parted)).group_by(c.unit, c.closed_before, c.handover_to, *grouping))
        results += [((r["unit"], r["closed_before"], r["handover_to"]), r) for r in conn.execute(split).mappings()]
    out: dict[tuple, dict] = {}
    for (recorded, closed_before, handover), r in results:
        unit = (att.whole_destination(recorded) if closed_before is None
                else att.destination_of_key(recorded, closed_before, handover))
        if codes is not None and unit not in codes:
            continue
        key = (unit if by_unit else None, *[r[name] for name, _ in keys])
        found = out.get(key)
        if found is None:
            out[key] = {"unit": key[0], **{name: r[name] for name, _ in keys},
                        **{name: int(r[name] or 0) for name, _ in sums}}
        else:
            for name, _ in sums:
                found[name] += int(r[name] or 0)
    return list(out.values())


def _add_up(rows: list[dict], names) -> dict:
    return {name: sum(r[name] for r in rows) for name in names}


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
    rows = _summed_parts(conn, bound, _period_parts(period, dossier_turnaround, dossier_turnaround_monthly),
                         lambda t: [("resolved", t.c.resolved)], lambda t: [("bucket", t.c.bucket)])
    histogram = sorted((r["bucket"], r["resolved"]) for r in rows if r["resolved"] > 0)
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
    figures = _add_up(_summed_parts(conn, bound, _flows_in(period), flow_sums), FLOW_KEYS)
    figures |= _add_up(_summed_parts(conn, bound, _pending_as_of(period), pending_sums), PENDING_KEYS)
    figures["median_turnaround_days"] = median_turnaround_days(conn, period=period, bound=bound)
    return add_rates(figures)


def _frame(rows: list[dict], keys: list[str]) -> pd.DataFrame:
    return pd.DataFrame([{"key": r["unit"], **{k: r[k] for k in keys}} for r in rows],
                        columns=["key", *keys]).set_index("key")


def _grouped(conn, period, bound: BoundScope) -> pd.DataFrame:
    """Received, resolved and pending figures per unit of the view (a unit with none of them is left out)."""
    flows = [r for r in _summed_parts(conn, bound, _flows_in(period), flow_sums, by_unit=True)
             if r["dossiers_received"] > 0 or r["dossiers_resolved"] > 0]
    pending = [r for r in _summed_parts(conn, bound, _pending_as_of(period), pending_sums, by_unit=True)
               if r["dossiers_pending"] > 0]
    df = pd.concat([_frame(flows, FLOW_KEYS), _frame(pending, PENDING_KEYS)], axis=1)
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
    return bound.with_names(df)


def dossiers_by_bucket(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS, grain: str = "month") -> pd.DataFrame:
    """Per month or ISO week (`bucket` = first day): received by its reception date, resolved by its resolution date.

    Pending counts are not per bucket (they are a state as of a date) and are left out.
    """
    name = conn.dialect.name
    if grain == "month":  # months read whole from the monthly table; weeks cross months, so from the days
        parts = _flows_in(period)
        keys_of = lambda t: [("bucket", month_start(name, t.c.month if t is dossier_monthly else t.c.day))]  # noqa: E731
    else:
        parts = [(dossier_daily, and_(DD.day >= period.start, DD.day <= period.end))]
        keys_of = lambda t: [("bucket", week_start(name, t.c.day))]  # noqa: E731
    rows = _summed_parts(conn, bind(conn, scope), parts, flow_sums, keys_of)
    df = pd.DataFrame([{k: r[k] for k in ["bucket", *FLOW_KEYS]} for r in rows
                       if r["dossiers_received"] > 0 or r["dossiers_resolved"] > 0], columns=["bucket", *FLOW_KEYS])
    if df.empty:
        return df
    df["bucket"] = pd.to_datetime(df["bucket"]).dt.date
    df = pd.DataFrame([add_rates(r) for r in df.to_dict("records")])
    return df.sort_values("bucket").reset_index(drop=True)


def dossiers_by_channel(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Dossiers received in the period per channel (all three channels, zeros included)."""
    counts = {r["channel"]: r["received"] for r in _summed_parts(conn, bind(conn, scope), _flows_in(period),
                                                                  lambda t: [("received", t.c.received)],
                                                                  lambda t: [("channel", t.c.channel)])}
    return pd.DataFrame({"channel": list(CHANNELS), "dossiers": [counts.get(c, 0) for c in CHANNELS]})


def dossiers_by_field(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Per procedure field (lĩnh vực): received, resolved and on-time figures."""
    key = func.coalesce(procedures.c.field, "Khác")
    summed = _summed_parts(conn, bind(conn, scope), _flows_in(period),
                           lambda t: [("received", t.c.received), ("resolved", t.c.resolved),
                                      ("on_time", t.c.resolved_on_time)],
                           lambda t: [("field", key)],
                           joined_of=lambda t: t.join(procedures, procedures.c.code == t.c.procedure_code))
    found: dict[str, dict] = {}
    for r in summed:
        total = found.setdefault(r["field"], {"received": 0, "resolved": 0, "on_time": 0})
        for name in total:
            total[name] += r[name]
    found = {f: t for f, t in found.items() if t["received"] > 0 or t["resolved"] > 0}
    rows = [{"field": field, "dossiers_received": found[field]["received"],
             "dossiers_resolved": found[field]["resolved"], "dossiers_resolved_on_time": found[field]["on_time"],
             "dossier_on_time_rate": ratio(found[field]["on_time"], found[field]["resolved"])}
            for field in sorted(found)]
    return pd.DataFrame(rows, columns=["field", "dossiers_received", "dossiers_resolved",
                                       "dossiers_resolved_on_time", "dossier_on_time_rate"])


def _pending_overdue_rows(dialect_name: str, period: Period, bound: BoundScope):
    """The dossiers pending and overdue at `to`, as three disjoint parts each reached through an index:
    still open today (partial index `ix_dossiers_open`), resolved after `to` (then resolved after their
    due date too: the partial `ix_dossiers_resolved_late`, a few per cent of all dossiers, where the
    resolved_at index would walk every dossier resolved since `to`), and ended after `to` without a
    resolution (partial `ix_dossiers_ended_at`). Together they are exactly `pending_at(period)` with a due
    date before `to`.
    """
    after, due_before = period.end_before, period.as_of_start
    common = [D.received_at < after, D.due_at < due_before, bound.where(DOSSIER_ITEMS)]
    unresolved = likely(dialect_name, D.resolved_at.is_(None), 0.9)
    parts = [
        and_(unresolved, D.ended_at.is_(None)),
        # `resolved_at > due_at` follows from the other terms; written out, it is the partial index's own.
        and_(D.resolved_at >= after, D.resolved_at > D.due_at, or_(D.ended_at.is_(None), D.ended_at >= after)),
        and_(unresolved, D.ended_at >= after),
    ]
    closed = date_of(dialect_name, closed_at_of(D)).label("closed_on")
    return union_all(*[select(D.unit, D.handover_to, closed, D.due_at).where(part, *common)
                       for part in parts]).subquery("overdue")


def overdue_pending_dossiers(conn: Connection, *, as_of: date, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Pending dossiers past their due date as of `as_of`, per unit of the view, most first."""
    bound = scope.bind(conn)
    rows = _pending_overdue_rows(conn.dialect.name, Period(as_of, as_of), bound)
    # Counted per recorded unit, handover and close day, then placed on day R (a few groups).
    stmt = (select(rows.c.unit, rows.c.handover_to, rows.c.closed_on, func.count().label("n"),
                   func.min(rows.c.due_at).label("oldest"))
            .group_by(rows.c.unit, rows.c.handover_to, rows.c.closed_on))
    per_unit: dict[str, list] = {}
    for r in conn.execute(stmt).mappings():
        unit = bound.place(r["unit"], r["handover_to"], _as_date(r["closed_on"]))
        found = per_unit.setdefault(unit, [0, r["oldest"]])
        found[0] += r["n"]
        found[1] = min(found[1], r["oldest"])
    ordered = sorted(per_unit.items(), key=lambda item: (-item[1][0], item[0]))
    df = pd.DataFrame([(u, n, oldest) for u, (n, oldest) in ordered],
                      columns=["unit", "dossiers_pending_overdue", "oldest_due_at"])
    df.insert(1, "unit_name", [bound.names().get(u, u) for u in df["unit"]])
    return df
