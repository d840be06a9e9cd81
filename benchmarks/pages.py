"""What each page asks the database, as `data_access` calls (mirrors pages/*.py and dashboard/components.py).

A "view" is a period and a unit scope. `page_calls(name, view)` lists (label, function) pairs; each
function takes an open connection. `dossier_questions(name, view)` is the dossier part of the same
page, which the DuckDB and pandas baselines answer too (they only have the dossier table).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from data_access import breakdowns, dossiers, kpi, par, petitions, tasks
from data_access.period import Period
from data_access.scope import ALL_UNITS, Scope
from data_access.targets import load_targets

PAGES = ["tong_quan", "nhiem_vu", "ho_so", "don_thu", "cai_cach_hanh_chinh", "don_vi"]


@dataclass(frozen=True)
class View:
    label: str          # "year" | "month"
    period: Period
    scope: Scope
    scope_label: str    # "all units" | the unit code

    def trend(self) -> tuple[Period, str]:
        """dashboard.filters.View.trend: months for ≥ 90 days, else the 12 weeks up to `to`."""
        if self.period.days >= 90:
            return self.period, "month"
        end = self.period.end
        return Period(end - timedelta(days=end.weekday()) - timedelta(weeks=11), end), "week"

    def spark(self) -> Period:
        """The 12 months up to `to` (the cards' sparklines)."""
        y, m = divmod(self.period.end.year * 12 + self.period.end.month - 1 - 11, 12)
        return Period(date(y, m + 1, 1), self.period.end)


def _figures(v: View) -> list:
    """kpi cards: the period, the one before, the same period a year earlier."""
    return [(f"all_figures {p}", partial(kpi.all_figures, period=q, scope=v.scope))
            for p, q in (("now", v.period), ("previous", v.period.previous()), ("last year", v.period.year_before()))]


def page_calls(name: str, v: View) -> list[tuple[str, callable]]:
    P, S, to = v.period, v.scope, v.period.end
    trend, grain = v.trend()
    common = [("targets", load_targets), *_figures(v)]
    if name == "tong_quan":
        before = P.previous()
        return common + [
            ("tasks_by_bucket spark", partial(tasks.tasks_by_bucket, period=v.spark(), scope=S)),
            ("dossiers_by_bucket spark", partial(dossiers.dossiers_by_bucket, period=v.spark(), scope=S)),
            ("petitions_by_bucket spark", partial(petitions.petitions_by_bucket, period=v.spark(), scope=S)),
            ("overdue_tasks", partial(tasks.overdue_tasks, as_of=to, scope=S, limit=8)),
            ("unit_list", breakdowns.unit_list),
            ("tasks_by_unit", partial(tasks.tasks_by_unit, period=P, scope=S)),
            ("dossiers_by_unit", partial(dossiers.dossiers_by_unit, period=P, scope=S)),
            ("petitions_by_unit", partial(petitions.petitions_by_unit, period=P, scope=S)),
            ("tasks_by_unit before", partial(tasks.tasks_by_unit, period=before, scope=S)),
            ("dossiers_by_unit before", partial(dossiers.dossiers_by_unit, period=before, scope=S)),
            ("petitions_by_unit before", partial(petitions.petitions_by_unit, period=before, scope=S)),
            ("overdue_petitions", partial(petitions.overdue_petitions, as_of=to, scope=S, limit=8)),
        ]
    if name == "nhiem_vu":
        return common + [
            ("tasks_by_bucket spark", partial(tasks.tasks_by_bucket, period=v.spark(), scope=S)),
            ("tasks_by_bucket trend", partial(tasks.tasks_by_bucket, period=trend, scope=S, grain=grain)),
            ("tasks_by_unit", partial(tasks.tasks_by_unit, period=P, scope=S)),
            ("tasks_by_leader", partial(tasks.tasks_by_leader, period=P, scope=S)),
            ("overdue_aging", partial(tasks.overdue_aging, as_of=to, scope=S)),
            ("overdue_tasks", partial(tasks.overdue_tasks, as_of=to, scope=S)),
            ("tasks_due_soon", partial(tasks.tasks_due_soon, as_of=to, scope=S)),
            ("tasks_in_period", partial(breakdowns.tasks_in_period, period=P, scope=S)),
        ]
    if name == "ho_so":
        return common + dossier_calls(v)
    if name == "don_thu":
        return common + [
            ("petitions_by_bucket spark", partial(petitions.petitions_by_bucket, period=v.spark(), scope=S)),
            ("petitions_by_bucket trend", partial(petitions.petitions_by_bucket, period=trend, scope=S, grain=grain)),
            ("petitions_by_kind", partial(petitions.petitions_by_kind, period=P, scope=S)),
            ("petitions_by_unit", partial(petitions.petitions_by_unit, period=P, scope=S)),
            ("receptions_by_kind", partial(petitions.receptions_by_kind, period=P)),
            ("receptions_by_leader", partial(petitions.receptions_by_leader, period=P)),
            ("overdue_petitions", partial(petitions.overdue_petitions, as_of=to, scope=S)),
        ]
    if name == "cai_cach_hanh_chinh":
        return [("targets", load_targets), ("unit_list", breakdowns.unit_list),
                ("par_year_for+ranking+criteria", partial(_par_page, as_of=to, scope=S)),
                ("par_history", partial(par.par_history, scope=S))]
    if name == "don_vi":
        return [("unit_list", breakdowns.unit_list), ("leader_list", breakdowns.leader_list),
                ("tasks_by_unit all", partial(tasks.tasks_by_unit, period=P)),
                ("dossiers_by_unit all", partial(dossiers.dossiers_by_unit, period=P)),
                ("petitions_by_unit all", partial(petitions.petitions_by_unit, period=P)),
                *_figures(v),
                ("tasks_by_bucket trend", partial(tasks.tasks_by_bucket, period=trend, scope=S, grain=grain)),
                ("overdue_tasks", partial(tasks.overdue_tasks, as_of=to, scope=S)),
                ("dossiers_by_bucket trend", partial(dossiers.dossiers_by_bucket, period=trend, scope=S, grain=grain)),
                ("dossiers_by_channel", partial(dossiers.dossiers_by_channel, period=P, scope=S)),
                ("overdue_petitions", partial(petitions.overdue_petitions, as_of=to, scope=S)),
                ("par", partial(_par_page, as_of=to, scope=S)),
                ("par_history", partial(par.par_history, scope=S))]
    raise ValueError(name)


def dossier_calls(v: View) -> list:
    """The dossier page's own breakdowns (besides the cards)."""
    P, S = v.period, v.scope
    trend, grain = v.trend()
    return [
        ("dossiers_by_bucket spark", partial(dossiers.dossiers_by_bucket, period=v.spark(), scope=S)),
        ("dossiers_by_bucket trend", partial(dossiers.dossiers_by_bucket, period=trend, scope=S, grain=grain)),
        ("dossiers_by_unit", partial(dossiers.dossiers_by_unit, period=P, scope=S)),
        ("overdue_pending_dossiers", partial(dossiers.overdue_pending_dossiers, as_of=P.end, scope=S)),
        ("dossiers_by_channel", partial(dossiers.dossiers_by_channel, period=P, scope=S)),
        ("dossiers_by_field", partial(dossiers.dossiers_by_field, period=P, scope=S)),
    ]


def _par_page(conn, *, as_of, scope):
    year = par.par_year_for(conn, as_of)
    if year is None:
        return None
    return par.par_ranking(conn, year=year, scope=scope), par.par_criteria(conn, year=year, scope=scope)


def dossier_questions(name: str, v: View) -> list[tuple]:
    """The dossier questions of a page, as plain tuples the baselines understand.

    ("figures", period, scope) · ("by_unit", period, scope) · ("by_bucket", period, scope, grain) ·
    ("by_channel", period, scope) · ("by_field", period, scope) · ("overdue_list", as_of, scope)
    """
    P, S = v.period, v.scope
    trend, grain = v.trend()
    figures = [("figures", p, S) for p in (P, P.previous(), P.year_before())]
    if name == "tong_quan":
        return figures + [("by_bucket", v.spark(), S, "month"), ("by_unit", P, S), ("by_unit", P.previous(), S)]
    if name in ("nhiem_vu", "don_thu"):
        return figures
    if name == "ho_so":
        return figures + [("by_bucket", v.spark(), S, "month"), ("by_bucket", trend, S, grain), ("by_unit", P, S),
                          ("overdue_list", P.end, S), ("by_channel", P, S), ("by_field", P, S)]
    if name == "don_vi":
        return [("by_unit", P, ALL_UNITS)] + figures + [("by_bucket", trend, S, grain), ("by_channel", P, S)]
    return []
