"""The league table of the overview: every department and district (and, since 1/7/2025, every
commune directly under the province) against the key figures.

Pure post-processing of the per-unit frames of `data_access` (no `st.*`, no SQL): communes
and other units below a district are rolled up into it (counts summed, rates recomputed), so
a district answers for everything under it, as the unit filter does.

The overall rank orders units by a composite score — the mean of the rates a unit has
(task due-completion, dossier on-time, petition resolution), equal scores broken by the overdue backlog
(fewer first); a rank shared by more than a quarter of the units (and more than 3) is no rank and is left empty
(`unranked`) — and its change is against the previous period of equal length (positive = moved up).
"""
from __future__ import annotations

import pandas as pd

from data_access import dossiers as dossier_figures
from data_access import petitions as petition_figures
from data_access import tasks as task_figures

LEAGUE_KINDS = ("department", "district")
TASK_COUNTS = ["tasks_total", "tasks_no_deadline", *task_figures.STATE_KEYS, "tasks_overdue_all"]
DOSSIER_COUNTS = ["dossiers_received", "dossiers_online", "dossiers_postal", "dossiers_direct", "dossiers_resolved",
                  "dossiers_resolved_on_time", "dossiers_rated", "dossiers_satisfied", "dossiers_pending",
                  "dossiers_pending_overdue"]
PETITION_COUNTS = ["petitions_received", "petitions_eligible", "petitions_resolved", "petitions_overdue"]
RATES = ["task_due_completion_rate", "dossier_on_time_rate", "petition_resolution_rate"]
COLUMNS = ["unit", "unit_name", "unit_kind", *TASK_COUNTS, "task_due_completion_rate", *DOSSIER_COUNTS,
           "dossier_on_time_rate", *PETITION_COUNTS, "petition_resolution_rate", "par_rank", "par_percent",
           "score", "rank"]


def league_level(units: pd.DataFrame) -> pd.Series:
    """Units that answer for themselves: departments, districts, and units with no parent (the
    communes directly under the province since the district level ended on 1/7/2025)."""
    return units["kind"].isin(LEAGUE_KINDS) | units["parent_code"].isna()


def top_level(units: pd.DataFrame) -> dict[str, str]:
    """Each unit code → its nearest ancestor (or itself) that is league-level."""
    parent = dict(zip(units["code"], units["parent_code"]))
    level = dict(zip(units["code"], league_level(units)))
    out = {}
    for code in units["code"]:
        node, seen = code, set()
        while node is not None and not level.get(node, False) and node not in seen:
            seen.add(node)
            node = parent.get(node)
            node = None if node is None or pd.isna(node) else node
        if node is not None and level.get(node, False):
            out[code] = node
    return out


def _rolled(df: pd.DataFrame, counts: list[str], owner: dict[str, str]) -> pd.DataFrame:
    if df is None or df.empty:
        return pd.DataFrame(columns=counts, index=pd.Index([], name="unit"))
    frame = df[["unit", *[c for c in counts if c in df.columns]]].copy()
    frame["unit"] = frame["unit"].map(owner)
    frame = frame.dropna(subset=["unit"])
    return frame.groupby("unit").sum(numeric_only=True).reindex(columns=counts, fill_value=0)


def existing_in(units: pd.DataFrame, period) -> pd.Series:
    """Which units existed at some time in the period (units are created, merged and dissolved)."""
    start = pd.Series([v if v is not None and not pd.isna(v) else period.start for v in units["valid_from"]],
                      index=units.index)
    end = pd.Series([v if v is not None and not pd.isna(v) else period.end for v in units["valid_to"]],
                    index=units.index)
    return (start <= period.end) & (end >= period.start)


def league_table(units: pd.DataFrame, tasks: pd.DataFrame, dossiers: pd.DataFrame, petitions: pd.DataFrame,
                 par_rows: list[dict], *, scope_codes: frozenset[str] | None = None, period=None) -> pd.DataFrame:
    """One row per department or district (in scope, existing in `period`), sorted by overall rank."""
    owner = top_level(units)
    league = units[league_level(units)]
    if period is not None and "valid_from" in units.columns:
        league = league[existing_in(league, period)]
    league = league[["code", "name", "kind"]]
    if scope_codes is not None:
        league = league[league["code"].isin(scope_codes)]
    league = league.rename(columns={"code": "unit", "name": "unit_name", "kind": "unit_kind"}).set_index("unit")
    parts = [_rolled(tasks, TASK_COUNTS, owner), _rolled(dossiers, DOSSIER_COUNTS, owner),
             _rolled(petitions.rename(columns={"handling_unit": "unit"}) if petitions is not None else petitions,
                     PETITION_COUNTS, owner)]
    df = league.join(parts, how="left").fillna({c: 0 for c in TASK_COUNTS + DOSSIER_COUNTS + PETITION_COUNTS})
    for col in TASK_COUNTS + DOSSIER_COUNTS + PETITION_COUNTS:
        df[col] = df[col].astype(int)
    records = []
    for unit, row in df.iterrows():
        r = task_figures.add_rates(dict(row))
        r = dossier_figures.add_rates(r)
        r["petitions_group"] = r.get("petitions_group", 0)
        r = petition_figures.add_rates(r)
        records.append({"unit": unit, **r})
    out = pd.DataFrame(records)
    if out.empty:
        return pd.DataFrame(columns=COLUMNS)
    par = {r["unit"]: r for r in par_rows or []}
    active = out[TASK_COUNTS + DOSSIER_COUNTS + PETITION_COUNTS].sum(axis=1) > 0
    out = out[active | out["unit"].isin(par)].reset_index(drop=True)  # units with nothing to show are left out
    if out.empty:
        return pd.DataFrame(columns=COLUMNS)
    out["par_rank"] = [par[u]["rank"] if u in par else None for u in out["unit"]]
    out["par_percent"] = [par[u]["percent"] if u in par else None for u in out["unit"]]
    out[RATES] = out[RATES].astype(float)  # a column of None would stay object: no nsmallest, no sort as numbers
    out["score"] = out[RATES].mean(axis=1, skipna=True)
    # Ties of the score (in a week of few items most units reach 100 %) are broken by the overdue backlog the unit
    # carries (fewer is better); units equal on both share a rank.
    backlog = out["tasks_overdue_all"] + out["dossiers_pending_overdue"] + out["petitions_overdue"]
    key = pd.Series([None if pd.isna(s) else (-s, b) for s, b in zip(out["score"], backlog)], index=out.index)
    order = sorted({k for k in key if k is not None})
    out["rank"] = [None if k is None else 1 + sum(1 for other in key if other is not None and other < k)
                   for k in key] if order else None
    out["rank"] = out["rank"].astype(float)
    # A rank that a quarter of the ranked units share (a week of few items: all at 100 %, nothing overdue) does not
    # rank them: those units get no rank ("–"), and the page says there is too little to rank them by.
    ranked = out["rank"].notna().sum()
    shared = out["rank"].map(out["rank"].value_counts())
    out.loc[(shared > max(3, ranked / 4)) & out["rank"].notna(), "rank"] = None
    out = out.sort_values(["rank", "unit_name"], na_position="last").reset_index(drop=True)
    return out[COLUMNS]


def unranked(league: pd.DataFrame) -> int:
    """How many units have a score but no rank (they tie with too many others to be ranked)."""
    if league.empty:
        return 0
    return int((league["rank"].isna() & league["score"].notna()).sum())


def with_rank_change(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """`rank_change` = previous rank − current rank (positive: moved up), None when either is missing."""
    before = dict(zip(previous["unit"], previous["rank"])) if not previous.empty else {}
    out = current.copy()
    out["rank_change"] = [None if pd.isna(r) or pd.isna(before.get(u)) else before[u] - r
                          for u, r in zip(out["unit"], out["rank"])]
    return out


OVERDUE_STOCKS = ["tasks_overdue_all", "dossiers_pending_overdue", "petitions_overdue"]


def overdue_growth(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """The units whose overdue backlog (tasks, dossiers, petitions, each as its stock figure counts it at the
    period's end) grew since the previous period: one row per unit with `overdue` (now), `growth` and the
    growth of each stock (`<stock>_growth`), the biggest growth first. A unit missing from a league has
    nothing to count there (0).

    Why not the fall in rank: in a week of few items most units share rank 1, and one late item moves a
    unit from 1 to 99 — a change of rank that says nothing; a grown backlog is what the unit must act on.
    """
    columns = ["unit", "unit_name", "overdue", "growth", *(f"{s}_growth" for s in OVERDUE_STOCKS)]
    if current.empty:
        return pd.DataFrame(columns=columns)
    before = previous.set_index("unit")[OVERDUE_STOCKS] if not previous.empty else pd.DataFrame(columns=OVERDUE_STOCKS)
    now = current.set_index("unit")
    out = pd.DataFrame({"unit": now.index, "unit_name": now["unit_name"].to_numpy()})
    out["overdue"] = now[OVERDUE_STOCKS].fillna(0).astype(int).sum(axis=1).to_numpy()
    for stock in OVERDUE_STOCKS:
        was = before[stock].reindex(now.index).fillna(0).astype(int)
        out[f"{stock}_growth"] = (now[stock].fillna(0).astype(int) - was).to_numpy()
    out["growth"] = out[[f"{s}_growth" for s in OVERDUE_STOCKS]].sum(axis=1)
    out = out[out["growth"] > 0].sort_values(["growth", "overdue", "unit_name"], ascending=[False, False, True])
    return out[columns].reset_index(drop=True)
