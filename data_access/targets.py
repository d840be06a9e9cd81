"""Targets that colour the figures: defaults from the 2021 report, overridden by rows in `targets`."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from .schema import targets


@dataclass(frozen=True)
class Target:
    value: float
    tolerance: float  # within this distance short of the target the figure is amber, beyond it red
    higher_is_better: bool = True


DEFAULT_TARGETS: dict[str, Target] = {
    "dossier_on_time_rate": Target(0.98, 0.01),  # the province's one-stop target; 2021 reached 99,5%
    "task_due_completion_rate": Target(0.95, 0.03),
    "task_on_time_rate": Target(0.90, 0.05),
    "online_share": Target(0.20, 0.05),  # 2021: 20.466 / 98.281 ≈ 20,8%
    "satisfaction_rate": Target(0.98, 0.01),  # 2021: 99,8%
    "petition_resolution_rate": Target(0.85, 0.10),
    "par_rank": Target(3, 2, higher_is_better=False),  # the Office aims for the top 3 among departments
    "tasks_overdue_all": Target(0, 10, higher_is_better=False),
    "dossiers_pending_overdue": Target(0, 20, higher_is_better=False),
    "petitions_overdue": Target(0, 5, higher_is_better=False),
}


def load_targets(conn: Connection) -> dict[str, Target]:
    found = dict(DEFAULT_TARGETS)
    for row in conn.execute(select(targets)):
        default = DEFAULT_TARGETS.get(row.kpi_key, Target(0, 0))
        found[row.kpi_key] = Target(float(row.target), float(row.tolerance), default.higher_is_better)
    return found


def status(value: float | None, target: Target) -> str | None:
    """'good', 'warn' or 'bad' for a value against its target; None when there is no value.

    Amber ("gần đạt") is a value within the tolerance short of the target; a target of 0 (no overdue item) is met
    or missed, so 6 overdue dossiers are red like 60 — never "nearly" none."""
    if value is None:
        return None
    if target.value == 0 and not target.higher_is_better:  # "none overdue": met or missed, never "nearly"
        return "good" if value <= 0 else "bad"
    gap = (value - target.value) if target.higher_is_better else (target.value - value)
    if gap >= 0:
        return "good"
    return "warn" if -gap <= target.tolerance else "bad"
