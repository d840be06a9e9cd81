"""How fresh each unit's data is, per source (tasks, dossiers, petitions): when the unit's rows last came
in, and whether that is too long ago (stale).

The rows themselves carry no "updated" time, and the import log says when a file came in but not whose
rows it held. So the importer writes `unit_freshness` — one row per unit and source — in the
transaction of every import of tasks, dossiers or petitions: the units that had rows in the file, when,
and how many. Every question here reads that small table (a few hundred rows), never the dossiers.

A unit is **stale** for a source on day `as_of` when nothing came in for it during the last
`stale_days` days: last fed on day F, it is stale from day F + stale_days on (fed on 1/12 with 14 days:
fresh up to 14/12, stale on 15/12), and stale when never fed at all. The table keeps only the last
feed, so the answer is for today (or any day after the last feeds), not for a day in the past.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Connection, and_, func, or_, select

from .schema import dossiers, petitions, tasks, unit_freshness, units
from .scope import ALL_UNITS, Scope

F = unit_freshness.c
# The unit column of each source: the lead unit of a task, the receiving unit of a dossier, the handling
# unit of a petition (the units SPEC §2 counts them under).
SOURCES = {"tasks": (tasks, "lead_unit"), "dossiers": (dossiers, "unit"), "petitions": (petitions, "handling_unit")}
# Days without new data after which a unit is stale. Tasks: the issue's two weeks (a unit updates its tasks'
# progress at least every other briefing). Dossiers: the one-stop systems feed daily, so a week without
# any dossier of a unit means its feed stopped, in time to be raised at the next weekly briefing.
# Petitions: units report them monthly (the inspectorate's monthly report), so a month and no more.
DEFAULT_STALE_DAYS = {"tasks": 14, "dossiers": 7, "petitions": 30}
COLUMNS = ["unit", "unit_name", "unit_kind", "source", "last_fed_at", "rows_fed", "days_since", "stale_days", "stale"]


def record_feed(conn: Connection, source: str, rows_by_unit: Mapping[str, int], *, at: datetime) -> None:
    """An import of `source` held `rows_by_unit[unit]` rows of each unit at `at`: those units are fed now."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    fed = {unit: n for unit, n in rows_by_unit.items() if n}
    if not fed:
        return
    codes = sorted(fed)
    for start in range(0, len(codes), 500):  # a few thousand units at most; keep each IN list short
        chunk = codes[start:start + 500]
        conn.execute(unit_freshness.delete().where(F.source == source, F.unit.in_(chunk)))
    conn.execute(unit_freshness.insert(), [{"unit": u, "source": source, "last_fed_at": at, "rows_fed": fed[u]}
                                           for u in codes])


def last_fed(conn: Connection, *, unit_codes: Iterable[str] | None = None) -> dict[str, datetime | None]:
    """Per source, the newest feed among `unit_codes` (None: every unit): "when this source was last fed"."""
    stmt = select(F.source, func.max(F.last_fed_at)).group_by(F.source)
    if unit_codes is not None:
        stmt = stmt.where(F.unit.in_(sorted(set(unit_codes))))
    found = dict(conn.execute(stmt).all())
    return {source: found.get(source) for source in SOURCES}


def last_fed_in_scope(conn: Connection, *, scope: Scope = ALL_UNITS) -> dict[str, datetime | None]:
    """`last_fed` over the units of `scope` (all of them for the whole province)."""
    return last_fed(conn, unit_codes=scope.unit_codes)


def stale_cutoff(as_of: date, days: int) -> datetime:
    """Fed before this moment means stale on `as_of` (see the module's note on the boundary)."""
    return datetime.combine(as_of - timedelta(days=days - 1), time.min)


def freshness_by_unit(conn: Connection, as_of: date, *, stale_days: Mapping[str, int] | None = None,
                      sources: Iterable[str] = tuple(SOURCES), unit_codes: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per unit existing on `as_of` and source: when it was last fed, and whether that is stale.

    Columns: unit, unit_name, unit_kind, source, last_fed_at (None: never), rows_fed, days_since (None:
    never), stale_days, stale. `unit_codes` limits the units. Ordered by source; within it the stale units
    whose feed stopped (oldest feed first), then the never fed, then the fresh ones.
    """
    days = {**DEFAULT_STALE_DAYS, **(stale_days or {})}
    sources = [s for s in SOURCES if s in set(sources)]
    exists = and_(or_(units.c.valid_from.is_(None), units.c.valid_from <= as_of),
                  or_(units.c.valid_to.is_(None), units.c.valid_to >= as_of))
    if unit_codes is not None:
        exists = and_(exists, units.c.code.in_(sorted(set(unit_codes))))
    unit_rows = conn.execute(select(units.c.code, units.c.name, units.c.kind).where(exists)
                             .order_by(units.c.code)).all()
    feeds = {(r.unit, r.source): r for r in conn.execute(
        select(F.unit, F.source, F.last_fed_at, F.rows_fed).where(F.source.in_(sources)))}
    rows = []
    for source in sources:
        cutoff = stale_cutoff(as_of, days[source])
        for u in unit_rows:
            feed = feeds.get((u.code, source))
            at = feed.last_fed_at if feed else None
            rows.append({"unit": u.code, "unit_name": u.name, "unit_kind": u.kind, "source": source, "last_fed_at": at,
                         "rows_fed": feed.rows_fed if feed else 0,
                         "days_since": (as_of - at.date()).days if at is not None else None,
                         "stale_days": days[source], "stale": at is None or at < cutoff})
    # Per source: the stale units whose feed stopped (oldest first), then those never fed, then the fresh.
    rows.sort(key=lambda r: (sources.index(r["source"]), not r["stale"], r["last_fed_at"] is None,
                             r["last_fed_at"] or datetime.min, r["unit"]))
    return pd.DataFrame(rows, columns=COLUMNS)


def stale_units(conn: Connection, as_of: date, *, stale_days: Mapping[str, int] | None = None,
                sources: Iterable[str] = tuple(SOURCES), unit_codes: Iterable[str] | None = None,
                include_never_fed: bool = True) -> pd.DataFrame:
    """The units existing on `as_of` whose data of a source is stale (the rows of `freshness_by_unit` with
    `stale` true); `include_never_fed=False` leaves out the units that never had a row of that source."""
    df = freshness_by_unit(conn, as_of, stale_days=stale_days, sources=sources, unit_codes=unit_codes)
    keep = df["stale"] & (df["last_fed_at"].notna() | include_never_fed)
    return df[keep].reset_index(drop=True)


def stamp_from_rows(conn: Connection, *, at_time: time = time(17, 0)) -> int:
    """Fill `unit_freshness` from the rows' own dates, for a database loaded without the importer (the seed):
    each unit counts as fed on the day of its last recorded event of the source (assigned or completed,
    received or resolved) at `at_time`. Reads the unit-first indexes once; returns the rows written."""
    last: dict[tuple[str, str], date] = {}
    counts: dict[tuple[str, str], int] = {}
    events = {"tasks": (tasks.c.lead_unit, (tasks.c.assigned_date, tasks.c.completed_date)),
              "dossiers": (dossiers.c.unit, (dossiers.c.received_at, dossiers.c.resolved_at)),
              "petitions": (petitions.c.handling_unit, (petitions.c.received_date, petitions.c.resolved_date))}
    for source, (unit, columns) in events.items():
        for column in columns:
            for code, newest, n in conn.execute(select(unit, func.max(column), func.count()).group_by(unit)):
                if newest is None:
                    continue
                day = newest.date() if isinstance(newest, datetime) else newest
                key = (code, source)
                last[key] = max(last.get(key, day), day)
                counts[key] = max(counts.get(key, 0), int(n))
    conn.execute(unit_freshness.delete())
    rows = [{"unit": u, "source": s, "last_fed_at": datetime.combine(day, at_time), "rows_fed": counts[(u, s)]}
            for (u, s), day in sorted(last.items())]
    if rows:
        conn.execute(unit_freshness.insert(), rows)
    return len(rows)
