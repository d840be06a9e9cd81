"""Every figure of SPEC.md §2 for a period and a unit scope, as one dictionary."""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Connection

from .dossiers import dossier_figures
from .par import par_figures
from .period import Period
from .petitions import petition_figures, reception_figures
from .scope import ALL_UNITS, Scope
from .tasks import task_figures

# The keys SPEC.md §2 names, in its order; `kpi --json` prints exactly these.
SPEC_KEYS = [
    "tasks_total", "tasks_no_deadline", "tasks_completed_on_time", "tasks_completed_late",
    "tasks_in_progress_on_time", "tasks_overdue", "task_completion_rate", "task_on_time_rate",
    "task_due_completion_rate", "tasks_overdue_all",
    "dossiers_received", "dossiers_online", "dossiers_postal", "dossiers_direct", "dossiers_resolved",
    "dossiers_resolved_on_time", "dossier_on_time_rate", "dossiers_pending", "dossiers_pending_overdue",
    "online_share", "satisfaction_rate", "median_turnaround_days",
    "petitions_received", "petitions_group", "petitions_eligible", "petitions_ineligible",
    "petitions_complaint", "petitions_denunciation", "petitions_recommendation", "petitions_land_dispute",
    "petitions_resolved", "petition_resolution_rate", "petitions_overdue",
    "reception_sessions", "reception_people", "reception_group_delegations",
    "par_year", "par",
]


def all_figures(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> dict:
    """Every figure, including helper counts (e.g. `dossiers_rated`) that the pages also show."""
    return (task_figures(conn, period=period, scope=scope)
            | dossier_figures(conn, period=period, scope=scope)
            | petition_figures(conn, period=period, scope=scope)
            | reception_figures(conn, period=period)
            | par_figures(conn, as_of=period.end, scope=scope))


# SPEC §2.4: the keys of each `par` object (the app's rows also carry `rank_of`, the M of "hạng N/M")
PAR_KEYS = ("unit", "name", "kind", "score", "max", "percent", "rank", "change")


def spec_figures(conn: Connection, *, period: Period, scope: Scope = ALL_UNITS) -> dict:
    """Exactly the figures and keys of SPEC §2 (the kpi command's JSON)."""
    figures = all_figures(conn, period=period, scope=scope)
    out = {key: figures[key] for key in SPEC_KEYS}
    out["par"] = [{k: row[k] for k in PAR_KEYS} for row in out["par"]]
    return out


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(figures: dict, indent: int | None = 2) -> str:
    return json.dumps(figures, default=_plain, ensure_ascii=False, indent=indent)
