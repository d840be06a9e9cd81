"""Petitions, complaints, denunciations and citizen reception — SPEC.md §2.3."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, and_, case, func, literal_column, or_, select

from ._sql import count_if, ratio
from .dialects import month_start, week_start
from .period import Period
from .org import PETITION_ITEMS
from .schema import leaders, petitions, receptions
from .scope import ALL_UNITS, Scope

P = petitions.c
R = receptions.c
KINDS = ("complaint", "denunciation", "recommendation", "land_dispute")
RECEPTION_KINDS = ("regular", "leader_periodic", "leader_ad_hoc")


def _received_in(period: Period):
    return and_(P.received_date >= period.start, P.received_date <= period.end)


def overdue_condition(as_of: date):
    """Eligible, received on or before `as_of` (any year), unresolved at `as_of`, due before it."""
    return and_(P.eligible, P.received_date <= as_of, P.due_date < as_of,
                or_(P.resolved_date.is_(None), P.resolved_date > as_of))


def _columns(as_of: date, c=P):
    return [
        func.count().label("petitions_received"),
        count_if(c.group_petition, "petitions_group"),
        count_if(c.eligible, "petitions_eligible"),
        count_if(~c.eligible, "petitions_ineligible"),
        *(count_if(and_(c.eligible, c.kind == k), f"petitions_{k}") for k in KINDS),
        count_if(and_(c.eligible, c.resolved_date <= as_of), "petitions_resolved"),
    ]


def _sums(as_of: date) -> list:
    """`_columns` as (name, 0/1 expression) pairs, for BoundScope.counted_by_unit."""
    def flag(condition):
        return case((condition, 1), else_=0)
    return [("petitions_received", literal_column("1")), ("petitions_group", flag(P.group_petition)),
            ("petitions_eligible", flag(P.eligible)), ("petitions_ineligible", flag(~P.eligible)),
            *((f"petitions_{k}", flag(and_(P.eligible, P.kind == k))) for k in KINDS),
            ("petitions_resolved", flag(and_(P.eligible, P.resolved_date <= as_of)))]


def add_rates(row: dict) -> dict:
    row["petition_resolution_rate"] = ratio(row["petitions_resolved"], row["petitions_eligible"])
    return row


def petition_figures(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> dict:
    in_scope = scope.bind(conn).where(PETITION_ITEMS)
    figures = dict(conn.execute(select(*_columns(period.end)).where(_received_in(period), in_scope)).mappings().one())
    figures["petitions_overdue"] = conn.execute(
        select(func.count()).where(overdue_condition(period.end), in_scope)).scalar()
    return add_rates(figures)


def petitions_by_unit(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Per handling unit (in the current view: per unit of day R, plus the residue row): the petition
    figures with `unit_name`."""
    bound = scope.bind(conn)
    rows = {r["unit"]: add_rates(r) for r in bound.counted_by_unit(
        PETITION_ITEMS, P.resolved_date, _received_in(period), _sums(period.end))}
    overdue = {r["unit"]: r["n"] for r in bound.counted_by_unit(
        PETITION_ITEMS, P.resolved_date, overdue_condition(period.end), [("n", literal_column("1"))])}
    names = bound.names()
    zero = add_rates({c.name: 0 for c in _columns(period.end)})
    out = []
    for unit in sorted(set(rows) | set(overdue)):
        row = rows.get(unit) or zero | {"unit": unit}
        out.append(row | {"petitions_overdue": overdue.get(unit, 0), "unit_name": names.get(unit, unit)})
    # the same columns when no unit has petitions, so a page can read them without checking first
    return pd.DataFrame(out, columns=["unit", *zero, "petitions_overdue", "unit_name"])


def petitions_by_kind(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Petitions received in the period per kind, eligible and not."""
    stmt = (select(P.kind, count_if(P.eligible, "eligible"), count_if(~P.eligible, "ineligible"))
            .where(_received_in(period), scope.bind(conn).where(PETITION_ITEMS)).group_by(P.kind))
    found = {r.kind: r for r in conn.execute(stmt)}
    return pd.DataFrame([{"kind": k, "eligible": found[k].eligible if k in found else 0,
                          "ineligible": found[k].ineligible if k in found else 0} for k in KINDS])


def petitions_by_bucket(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS, grain: str = "month") -> pd.DataFrame:
    key = (month_start if grain == "month" else week_start)(conn.dialect.name, P.received_date)
    stmt = (select(key.label("bucket"), *_columns(period.end))
            .where(_received_in(period), scope.bind(conn).where(PETITION_ITEMS)).group_by(key).order_by(key))
    df = pd.DataFrame([add_rates(dict(r)) for r in conn.execute(stmt).mappings()])
    if not df.empty:
        df["bucket"] = pd.to_datetime(df["bucket"]).dt.date
    return df


def overdue_petitions(conn: Connection, *, as_of: date, scope: Scope = ALL_UNITS, limit: int | None = 500) -> pd.DataFrame:
    """Eligible petitions past their legal deadline at `as_of`, most overdue first.

    `handling_unit` / `unit_name`: the unit in the scope's view; `recorded_unit`: the one written on it.
    """
    bound = scope.bind(conn)
    stmt = (select(P.petition_id, P.kind, P.received_date, P.due_date, P.handling_unit, P.group_petition,
                   P.handling_unit.label("recorded_unit"), P.handover_to, P.resolved_date.label("closed_on"))
            .where(overdue_condition(as_of), bound.where(PETITION_ITEMS))
            .order_by(P.due_date, P.petition_id))
    if limit:
        stmt = stmt.limit(limit)
    df = pd.DataFrame(bound.place_rows([dict(r) for r in conn.execute(stmt).mappings()], "handling_unit"),
                      columns=["petition_id", "kind", "received_date", "due_date", "handling_unit", "group_petition",
                               "recorded_unit"])
    df.insert(5, "unit_name", [bound.names().get(u, u) for u in df["handling_unit"]])
    df["days_overdue"] = [(as_of - d).days for d in df["due_date"]]
    df["recorded_unit"] = df.pop("recorded_unit")  # last, after the columns pages already show
    return df


def _reception_in(period: Period):
    return and_(R.date >= period.start, R.date <= period.end)


def reception_figures(conn: Connection, *, period: Period) -> dict:
    """Citizen-reception sessions, people and group delegations; province-wide (no unit filter)."""
    stmt = select(func.count().label("reception_sessions"),
                  func.coalesce(func.sum(R.people), 0).label("reception_people"),
                  func.coalesce(func.sum(R.group_delegations), 0).label("reception_group_delegations"))
    return {k: int(v) for k, v in conn.execute(stmt.where(_reception_in(period))).mappings().one().items()}


def receptions_by_kind(conn: Connection, *, period: Period) -> pd.DataFrame:
    """Per reception kind: sessions, distinct days (rounds), people and group delegations."""
    stmt = (select(R.kind, func.count().label("sessions"), func.count(R.date.distinct()).label("days"),
                   func.coalesce(func.sum(R.people), 0).label("people"),
                   func.coalesce(func.sum(R.group_delegations), 0).label("group_delegations"))
            .where(_reception_in(period)).group_by(R.kind))
    found = {r["kind"]: dict(r) for r in conn.execute(stmt).mappings()}
    return pd.DataFrame([found.get(k, {"kind": k, "sessions": 0, "days": 0, "people": 0, "group_delegations": 0})
                         for k in RECEPTION_KINDS])


def receptions_by_leader(conn: Connection, *, period: Period) -> pd.DataFrame:
    stmt = (select(R.leader, leaders.c.name.label("leader_name"), func.count().label("sessions"),
                   func.coalesce(func.sum(R.people), 0).label("people"))
            .join(leaders, leaders.c.code == R.leader).where(_reception_in(period))
            .group_by(R.leader, leaders.c.name).order_by(R.leader))
    return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=["leader", "leader_name", "sessions", "people"])


def overdue_petitions_by_unit(conn: Connection, *, as_of: date, scope: Scope = ALL_UNITS) -> dict[str, tuple[int, date]]:
    """`petitions_overdue` per unit of the view, with the oldest due date: unit → (count, oldest due).

    Counted in the database per recorded unit, handover and resolution day (a few groups), then placed on
    day R — the same attribution as every petition figure.
    """
    bound = scope.bind(conn)
    stmt = (select(P.handling_unit, P.handover_to, P.resolved_date, func.count().label("n"),
                   func.min(P.due_date).label("oldest"))
            .where(overdue_condition(as_of), bound.where(PETITION_ITEMS))
            .group_by(P.handling_unit, P.handover_to, P.resolved_date))
    per_unit: dict[str, tuple[int, date]] = {}
    for r in conn.execute(stmt).mappings():
        unit = bound.place(r["handling_unit"], r["handover_to"], r["resolved_date"])
        n, oldest = per_unit.get(unit, (0, r["oldest"]))
        per_unit[unit] = (n + r["n"], min(oldest, r["oldest"]))
    return per_unit
