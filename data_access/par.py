"""Administrative-reform (PAR) index — SPEC.md §2.4.

The database sums the points per unit and year (exact decimals); ranking the few dozen
totals is done here with exact fractions, so equal percents always share a rank.

Ranks are among the units of a kind scored that year. Before 2025 the former Quảng Ngãi and the
former Kon Tum are separate series (SPEC §2.5): a unit ranks among the units of its own former
province (`units.former_province`; units with none form one group of their own).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pandas as pd
from sqlalchemy import Connection, func, select

from .schema import par_scores, units
from .scope import ALL_UNITS, Scope

S = par_scores.c

# The first year scored as one province: the merger took effect on 1/7/2025 (NQ 202/2025/QH15), and a
# year's index is given to the units that exist at its end.
MERGED_PROVINCE_YEAR = 2025


def par_year_for(conn: Connection, as_of: date) -> int | None:
    """The latest year with scores that is not after the year of `as_of`."""
    return conn.execute(select(func.max(S.year)).where(S.year <= as_of.year)).scalar()


def _totals(conn: Connection, year: int) -> dict[str, dict]:
    """Per unit scored in `year`: its totals, and `series`, the units it ranks among (see ranking_series)."""
    stmt = (select(S.unit, units.c.name, units.c.kind, units.c.former_province,
                   func.sum(S.appraised_score).label("score"), func.sum(S.max_points).label("max"))
            .join(units, units.c.code == S.unit).where(S.year == year)
            .group_by(S.unit, units.c.name, units.c.kind, units.c.former_province))
    return {r.unit: {"unit": r.unit, "name": r.name, "kind": r.kind, "score": Decimal(r.score), "max": Decimal(r.max),
                     "series": ranking_series(r.kind, r.former_province, year)}
            for r in conn.execute(stmt)}


def ranking_series(kind: str, former_province: str | None, year: int) -> tuple[str, str | None]:
    """The group a unit's rank in `year` is counted in: its kind, and before the merged province's
    first year its former province too (from then on all units of a kind are one province's)."""
    return kind, former_province if year < MERGED_PROVINCE_YEAR else None


def competition_ranks(values: dict[str, Fraction]) -> dict[str, int]:
    """Standard competition ranking, highest first: 1, 2, 2, 4."""
    ordered = sorted(values.values(), reverse=True)
    first_position = {}
    for position, value in enumerate(ordered, start=1):
        first_position.setdefault(value, position)
    return {key: first_position[value] for key, value in values.items()}


def par_ranking(conn: Connection, *, year: int, scope: Scope = ALL_UNITS) -> list[dict]:
    """One row per unit in scope with scores in `year`: unit, name, kind, score, max, percent, rank,
    rank_of, change.

    The rank is among all units of the same series (kind, and former province before 2025) scored
    that year, not only those in scope; `rank_of` is how many units that series holds (the M of
    "hạng N/M": a count, no other unit's value).
    """
    current = _totals(conn, year)
    previous = _totals(conn, year - 1)
    percents = {code: Fraction(t["score"]) / Fraction(t["max"]) for code, t in current.items() if t["max"] > 0}
    ranks, series_size = {}, {}
    for series in {t["series"] for t in current.values()}:
        members = {c: p for c, p in percents.items() if current[c]["series"] == series}
        ranks |= competition_ranks(members)
        series_size[series] = len(members)
    rows = []
    for code, t in current.items():
        if not scope.contains(code) or code not in percents:
            continue
        before = previous.get(code)
        rank_of = series_size[t["series"]]
        t = {k: v for k, v in t.items() if k != "series"}
        rows.append(t | {"percent": float(percents[code]), "rank": ranks[code], "rank_of": rank_of,
                         "change": None if before is None else t["score"] - before["score"]})
    return sorted(rows, key=lambda r: (r["kind"], r["rank"], r["unit"]))


def par_figures(conn: Connection, *, as_of: date, scope: Scope = ALL_UNITS) -> dict:
    year = par_year_for(conn, as_of)
    return {"par_year": year, "par": [] if year is None else par_ranking(conn, year=year, scope=scope)}


def par_criteria(conn: Connection, *, year: int, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Per unit and criterion: max, self and appraised points and the criterion's percent (what pulls a unit down)."""
    stmt = (select(S.unit, units.c.name.label("unit_name"), S.criterion_code, S.criterion_name, S.max_points,
                   S.self_score, S.appraised_score)
            .join(units, units.c.code == S.unit).where(S.year == year, scope.clause(S.unit))
            .order_by(S.unit, S.criterion_code))
    df = pd.DataFrame(conn.execute(stmt).mappings().all(),
                      columns=["unit", "unit_name", "criterion_code", "criterion_name", "max_points", "self_score",
                               "appraised_score"])
    df["percent"] = [float(a / m) if m else None for a, m in zip(df["appraised_score"], df["max_points"])]
    return df


def par_history(conn: Connection, *, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """Every year's score, percent and rank per unit in scope (rank as par_ranking gives it)."""
    years = [y for (y,) in conn.execute(select(S.year).distinct().order_by(S.year))]
    rows = [r | {"year": y} for y in years for r in par_ranking(conn, year=y, scope=scope)]
    return pd.DataFrame(rows, columns=["year", "unit", "name", "kind", "score", "max", "percent", "rank", "change"])
