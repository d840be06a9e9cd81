"""The league table for a view, with row-level security: a restricted user sees their own units' rows
and their rank among ALL units (as the province ranks them), never another unit's values.

Leaders and the Office (scope: the whole province) keep the table as before: the units of the view,
ranked among themselves.
"""
from __future__ import annotations

import pandas as pd

from data_access.period import Period
from data_access.scope import Scope

from dashboard.ui import store
from dashboard.core.league import league_table


def league(period: Period, scope: Scope, par_rows: list[dict], *, allowed: Scope) -> pd.DataFrame:
    """One row per league unit of `scope`; `attrs["total"]` is how many units the ranks run over."""
    if allowed.is_all:
        out = league_table(store.unit_list(), store.tasks_by_unit(period, scope), store.dossiers_by_unit(period, scope),
                           store.petitions_by_unit(period, scope), par_rows, scope_codes=scope.unit_codes,
                           period=period)
        out.attrs["total"] = len(out)
        return out
    units, tasks, dossiers, petitions = store.ranking_frames(period)
    everyone = league_table(units, tasks, dossiers, petitions, par_rows, period=period)
    mine = scope.within(allowed).unit_codes or frozenset()
    out = everyone[everyone["unit"].isin(mine)].reset_index(drop=True)
    out.attrs["total"] = len(everyone)
    return out
