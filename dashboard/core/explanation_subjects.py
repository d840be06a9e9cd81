"""What a leader may ask a unit to explain, from what a page shows (SPEC §2.6): a red figure of a unit, a red row
of a ranking, an overdue task, a unit's overdue dossier backlog, an overdue petition. Pure: the rows in, the
candidates out; the form (dashboard/ui/explanations.py) asks for the question and the due date.

Each subject's label says what the asker saw, with its value and period, and is kept with the request as asked.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from data_access.explanations import Subject
from data_access.period import Period
from data_access.targets import Target

from dashboard.core.catalog import KPIS
from dashboard.core.compare import verdict
from dashboard.core.formatting import fmt_date, fmt_int, period_label


@dataclass(frozen=True)
class Candidate:
    """One thing to ask one unit about."""

    unit_code: str
    unit_name: str
    subject: Subject

    @property
    def label(self) -> str:
        return f"{self.unit_name} — {self.subject.label}"


def figure(unit_code: str, unit_name: str, key: str, value, period: Period) -> Candidate:
    kpi = KPIS[key]
    label = f"{kpi.label}: {kpi.format(value)} ({period_label(period.start, period.end)})"
    return Candidate(unit_code, unit_name, Subject("figure", label, area=kpi.area, figure_key=key,
                                                   period_start=period.start, period_end=period.end))


def red_figures(rows: pd.DataFrame, keys: Iterable[str], targets: Mapping[str, Target], period: Period, *,
                unit: str = "unit", name: str = "unit_name") -> list[Candidate]:
    """Every (unit, figure) cell of a ranking that is red against its target, in the rows' order."""
    out = []
    if rows is None or rows.empty:
        return out
    keys = [k for k in keys if k in rows.columns and k in KPIS and KPIS[k].target_key in targets]
    for row in rows.to_dict("records"):
        for key in keys:
            if verdict(row[key], targets[KPIS[key].target_key]) == "bad":
                out.append(figure(str(row[unit]), str(row[name]), key, row[key], period))
    return out


def overdue_tasks(rows: pd.DataFrame) -> list[Candidate]:
    """The rows of an overdue-task list (tasks.overdue_tasks), each to its lead unit of the view."""
    if rows is None or rows.empty:
        return []
    return [Candidate(str(r["lead_unit"]), str(r["unit_name"]), Subject(
        "task", f"Nhiệm vụ {r['task_id']} quá hạn {fmt_int(r['days_overdue'])} ngày (hạn {fmt_date(r['due_date'])}): "
                f"{r['title']}", area="tasks", task_id=str(r["task_id"])))
            for r in rows.to_dict("records")]


def dossier_backlog(unit_code: str, unit_name: str, count, oldest_due, as_of) -> Candidate:
    oldest = f", quá hạn sớm nhất từ {fmt_date(oldest_due)}" if oldest_due is not None else ""
    return Candidate(unit_code, unit_name, Subject(
        "dossier_backlog", f"{fmt_int(count)} hồ sơ đang giải quyết quá hạn đến ngày {fmt_date(as_of)}{oldest}",
        area="dossiers", period_end=as_of))


def dossier_backlogs(rows: pd.DataFrame, as_of) -> list[Candidate]:
    """The rows of dossiers.overdue_pending_dossiers (one per unit with a backlog)."""
    if rows is None or rows.empty:
        return []
    return [dossier_backlog(str(r["unit"]), str(r["unit_name"]), r["dossiers_pending_overdue"], r.get("oldest_due_at"),
                            as_of) for r in rows.to_dict("records") if r["dossiers_pending_overdue"]]


def overdue_petitions(rows: pd.DataFrame) -> list[Candidate]:
    """The rows of petitions.overdue_petitions, each to its handling unit of the view."""
    if rows is None or rows.empty:
        return []
    return [Candidate(str(r["handling_unit"]), str(r["unit_name"]), Subject(
        "petition", f"Đơn {r['petition_id']} quá hạn giải quyết {fmt_int(r['days_overdue'])} ngày "
                    f"(hạn {fmt_date(r['due_date'])})", area="petitions", petition_id=str(r["petition_id"])))
            for r in rows.to_dict("records")]
