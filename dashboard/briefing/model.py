"""The weekly briefing (giao ban) as content: what the page, the PPTX, the PDF and the CLI all show.

Management by exception (PerformanceStat): a few headline figures per area against their targets,
what changed since the previous span and since the same span a year ago, and an exceptions
agenda — the list the meeting works through. Built once from the database by `build_briefing`;
every renderer formats from this one object, so the page, the pack and `python -m data_access kpi`
show the same numbers. No Streamlit here.

A span is one or two ISO weeks (Monday–Sunday) ending with the chosen week. The previous span is
the equally long span just before it; the same span a year ago is the same ISO weeks of the
previous ISO year (week 53 falls back to week 52), so weekdays line up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Connection

from data_access import briefing_queries as bq
from data_access.breakdowns import data_version
from data_access.clock import now_local
from data_access.dossiers import dossiers_by_bucket, overdue_pending_dossiers
from data_access.kpi import all_figures
from data_access.par import par_ranking, par_year_for
from data_access.period import Period
from data_access.petitions import overdue_petitions, petitions_by_kind
from data_access.scope import ALL_UNITS, Scope, resolve_scope, unit_tree
from data_access.targets import Target, load_targets, status
from data_access.tasks import overdue_aging, tasks_due_soon

from dashboard.core.catalog import AREAS, KPIS
from dashboard.core.formatting import (
    PETITION_KIND_LABELS, UNIT_KIND_LABELS, fmt_change, fmt_date, fmt_day_month, fmt_int, fmt_pct, fmt_rank,
    fmt_value, is_missing, label,
)
from dashboard.core.narrative import PERCENT_FROM

OFFICE_UNIT = "VPUB"  # the Office of the UBND: its PAR rank is the standing the Chairman follows
DEFAULT_MIN_RESOLVED = 20  # units with fewer resolved dossiers are too small to judge an on-time rate
TREND_WEEKS = 12
TITLE_LIMIT = 110  # a task title is cut to this many characters in a table row


class BriefingInputError(ValueError):
    """A request the briefing cannot answer (bad week, bad span); the message is Vietnamese."""


# --- ISO weeks ---------------------------------------------------------------------------------

_WEEK_RE = re.compile(r"^\s*(\d{4})\s*-?\s*[Ww]\s*(\d{1,2})\s*$")


def weeks_in_year(year: int) -> int:
    return date(year, 12, 28).isocalendar().week


def parse_iso_week(text: str) -> tuple[int, int]:
    """"2026-W48" → (2026, 48); a clear Vietnamese error otherwise."""
    match = _WEEK_RE.match(text or "")
    if not match:
        raise BriefingInputError(
            f"Tuần không hợp lệ: {text!r}. Hãy ghi tuần theo chuẩn ISO dạng NĂM-WSỐ, ví dụ 2026-W48 "
            "(tuần từ thứ Hai đến Chủ nhật).")
    year, week = int(match.group(1)), int(match.group(2))
    if not 1 <= week <= weeks_in_year(year):
        raise BriefingInputError(f"Tuần không hợp lệ: {text!r}. Năm {year} chỉ có các tuần 1–{weeks_in_year(year)}.")
    return year, week


def iso_week_text(year: int, week: int) -> str:
    return f"{year}-W{week:02d}"


def last_full_week(today: date) -> str:
    """The ISO week that ended most recently before `today` ("2026-W48" on Monday 30/11/2026)."""
    sunday = today - timedelta(days=today.weekday() + 1)
    iso = sunday.isocalendar()
    return iso_week_text(iso.year, iso.week)


def check_weeks(weeks: int) -> int:
    if weeks not in (1, 2):
        raise BriefingInputError(f"Số tuần không hợp lệ: {weeks!r}. Kỳ giao ban gồm 1 hoặc 2 tuần.")
    return weeks


@dataclass(frozen=True)
class Span:
    """One or two ISO weeks ending with week `week` of ISO year `year`."""

    year: int
    week: int
    weeks: int

    @classmethod
    def parse(cls, text: str, weeks: int = 1) -> "Span":
        year, week = parse_iso_week(text)
        return cls(year, week, check_weeks(weeks))

    @property
    def period(self) -> Period:
        sunday = date.fromisocalendar(self.year, self.week, 7)
        return Period(sunday - timedelta(days=7 * self.weeks - 1), sunday)

    @property
    def previous(self) -> Period:
        return self.period.previous()

    @property
    def year_ago(self) -> Period:
        year = self.year - 1
        week = min(self.week, weeks_in_year(year))
        sunday = date.fromisocalendar(year, week, 7)
        return Period(sunday - timedelta(days=7 * self.weeks - 1), sunday)

    @property
    def label(self) -> str:
        """"Tuần 48/2026 (23/11 – 29/11/2026)", "Tuần 47–48/2026 (16/11 – 29/11/2026)"."""
        return f"{week_numbers_label(self.period)} ({range_label(self.period)})"

    @property
    def previous_label(self) -> str:
        return "tuần trước" if self.weeks == 1 else "2 tuần liền trước"

    @property
    def iso(self) -> str:
        return iso_week_text(self.year, self.week)


def week_numbers_label(period: Period) -> str:
    """"Tuần 48/2026", "Tuần 47–48/2026" or "Tuần 53/2026 – 1/2027"."""
    first, last = period.start.isocalendar(), period.end.isocalendar()
    if (first.year, first.week) == (last.year, last.week):
        return f"Tuần {last.week}/{last.year}"
    if first.year == last.year:
        return f"Tuần {first.week}–{last.week}/{last.year}"
    return f"Tuần {first.week}/{first.year} – {last.week}/{last.year}"


def range_label(period: Period) -> str:
    """"23/11 – 29/11/2026" (the year once when both dates share it)."""
    if period.start.year == period.end.year:
        return f"{fmt_day_month(period.start)} – {fmt_date(period.end)}"
    return f"{fmt_date(period.start)} – {fmt_date(period.end)}"


# --- the content model ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    """One headline figure: its value in the span, the previous span and the same span a year ago.

    `kind` is the catalog format (int, pct, score, rank, days); `status` is good / warn / bad / None
    against `target`. For PAR the "previous" value is the year before.
    """

    key: str
    label: str
    kind: str
    value: Any
    previous: Any = None
    year_ago: Any = None
    higher_is_better: bool | None = None
    target: Target | None = None
    status: str | None = None
    total: int | None = None  # for a rank: how many units it is among

    @property
    def text(self) -> str:
        if self.kind == "rank":
            return fmt_rank(self.value, self.total)
        return fmt_value(self.value, self.kind)

    def change_text(self, other: Any) -> str:
        """The signed change from `other` to the value, in the figure's own unit ("+12", "−0,8 điểm %")."""
        if other is None or self.value is None:
            return "–"
        return fmt_change(_minus(self.value, other), self.kind if self.kind in ("pct", "score", "rank", "days")
                          else "int")

    def compare_text(self, other: Any) -> str:
        """The other span's value and the change to this one: "1.871 (+4,2%)", "97,6% (+0,8 điểm %)"."""
        if is_missing(other):
            return "–"
        if self.kind == "rank":
            return f"hạng {fmt_rank(other)}"
        shown = fmt_value(other, self.kind)
        if is_missing(self.value):
            return shown
        if self.kind == "int":
            delta = self.value - other
            change = ("không đổi" if delta == 0 else fmt_pct(delta / other, sign=True) if other >= PERCENT_FROM
                      else fmt_int(delta, sign=True))
        else:
            change = self.change_text(other)
        return f"{shown} ({change})"

    @property
    def target_text(self) -> str:
        if self.target is None:
            return ""
        sign = "≥" if self.target.higher_is_better else "≤"
        if self.kind == "rank":
            return f"Chỉ tiêu hạng {sign} {fmt_rank(self.target.value)}"
        return f"Chỉ tiêu {sign} {fmt_value(self.target.value, self.kind)}"


def _minus(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a - b
    return float(a) - float(b)


@dataclass(frozen=True)
class Agenda:
    """One exceptions table: Vietnamese column headers and preformatted rows.

    `total` is how many items there are in all; `rows` may show fewer (the first ones).
    """

    key: str
    title: str
    columns: list[str]
    rows: list[list[str]]
    total: int
    empty_text: str = "Không có"
    note: str = ""

    @property
    def shown_note(self) -> str:
        if self.total > len(self.rows):
            return f"Hiển thị {fmt_int(len(self.rows))}/{fmt_int(self.total)}."
        return ""


@dataclass
class AreaBriefing:
    key: str
    title: str
    short_title: str
    figures: list[Figure]
    agenda: list[Agenda]
    data: dict[str, Any] = field(default_factory=dict)  # small DataFrames the charts are drawn from
    sentences: list[str] = field(default_factory=list)
    previous_label: str = "kỳ trước"
    year_ago_label: str | None = "cùng kỳ năm trước"

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


@dataclass
class LeaderSection:
    """A vice-chairman's part of the briefing: the units they supervise."""

    leader: str
    leader_name: str
    sectors: list[str]
    unit_names: list[str]
    figures: list[Figure]
    agenda: list[Agenda]
    sentences: list[str] = field(default_factory=list)
    previous_label: str = "kỳ trước"
    assigned_overdue: int = 0  # tasks this leader assigned (to any unit) that are overdue now


@dataclass
class Briefing:
    span: Span
    period: Period
    previous: Period
    year_ago: Period
    scope_label: str
    generated_at: datetime
    areas: list[AreaBriefing]
    leaders: list[LeaderSection]
    figures: dict  # data_access.kpi.all_figures for the span: the numbers `python -m data_access kpi` prints
    min_resolved: int = DEFAULT_MIN_RESOLVED
    data_updated_at: datetime | None = None  # the end of the newest import (None: nothing imported)

    @property
    def as_of(self) -> date:
        return self.period.end

    @property
    def stamp_as_of(self) -> date | datetime:
        """"Số liệu đến": the newest import when it falls inside the span, else the span's last day
        (the same rule as the single-chart exports of the pages)."""
        updated = self.data_updated_at
        return updated if updated is not None and updated.date() <= self.period.end else self.period.end

    @property
    def title(self) -> str:
        return f"Giao ban {week_numbers_label(self.period).lower()}"

    def area(self, key: str) -> AreaBriefing:
        return next(a for a in self.areas if a.key == key)


# --- building ---------------------------------------------------------------------------------------

# Extra figures of the briefing that the catalog does not declare (briefing-only).
EXTRA_LABELS = {
    "tasks_became_overdue": ("Nhiệm vụ đến hạn trong kỳ chưa hoàn thành", "int", False),
    "par_department_mean": ("Chỉ số CCHC bình quân sở, ban, ngành", "pct", True),
}

AREA_FIGURES = {
    "tasks": ["tasks_total", "task_due_completion_rate", "tasks_became_overdue", "tasks_overdue_all"],
    "dossiers": ["dossiers_received", "dossiers_resolved", "dossier_on_time_rate", "online_share",
                 "dossiers_pending_overdue", "satisfaction_rate"],
    # Not petition_resolution_rate: of the petitions received in one week, hardly any is resolved by its
    # Sunday (legal time limits run 30–90 days), so the weekly rate is a red 0% that says nothing.
    "petitions": ["petitions_received", "petitions_eligible", "petitions_group", "petitions_overdue",
                  "reception_sessions", "reception_people"],
}
RECEPTION_KEYS = ("reception_sessions", "reception_people", "reception_group_delegations")
LEADER_FIGURES = ["tasks_overdue_all", "tasks_became_overdue", "task_due_completion_rate", "dossier_on_time_rate",
                  "dossiers_pending_overdue", "petitions_overdue"]


def _meta(key: str) -> tuple[str, str, bool | None]:
    if key in KPIS:
        k = KPIS[key]
        return k.label, k.fmt, k.higher_is_better
    return EXTRA_LABELS[key]


def make_figure(key: str, now: dict, before: dict | None, year_ago: dict | None,
                targets: dict[str, Target]) -> Figure:
    label_, kind, higher = _meta(key)
    target = targets.get(KPIS[key].target_key) if key in KPIS and KPIS[key].target_key else None
    value = now.get(key)
    return Figure(key, label_, kind, value, (before or {}).get(key), (year_ago or {}).get(key), higher, target,
                  status(value, target) if target is not None and value is not None else None)


def _figures_with_became_overdue(conn, period: Period, scope: Scope) -> dict:
    figures = all_figures(conn, period=period, scope=scope)
    figures["tasks_became_overdue"], _ = bq.tasks_became_overdue(conn, period=period, scope=scope, limit=1)
    return figures


def build_briefing(conn: Connection, *, week: str, weeks: int = 1, scope: Scope = ALL_UNITS,
                   scope_label: str = "Toàn tỉnh", min_resolved: int = DEFAULT_MIN_RESOLVED,
                   leaders: bool = True, now: datetime | None = None, province_wide: bool = True) -> Briefing:
    """The briefing for ISO `week` ("2026-W48") and a span of `weeks` (1 or 2) ending with it.

    province_wide=False (a user who may see only some units): no citizen-reception figures — they are
    province-wide, with no unit to cut them by.
    """
    span = Span.parse(week, weeks)
    period = span.period
    targets = load_targets(conn)
    figs = {
        "now": _figures_with_became_overdue(conn, period, scope),
        "before": _figures_with_became_overdue(conn, span.previous, scope),
        "year_ago": _figures_with_became_overdue(conn, span.year_ago, scope),
    }
    if not province_wide:
        for values in figs.values():
            for key in RECEPTION_KEYS:
                values.pop(key, None)
    areas = [
        _tasks_area(conn, span, scope, figs, targets),
        _dossiers_area(conn, span, scope, figs, targets, min_resolved),
        _petitions_area(conn, span, scope, figs, targets),
        _par_area(conn, span, scope, targets),
    ]
    for area in areas:
        area.previous_label = span.previous_label if area.key != "par" else area.previous_label
    sections = _leader_sections(conn, span, scope, targets, min_resolved) if leaders else []
    briefing = Briefing(span, period, span.previous, span.year_ago, scope_label, now or now_local(), areas,
                        sections, figs["now"], min_resolved, data_version(conn).updated_at)
    from dashboard.core.narrative import attach_sentences  # the sentences are written from the finished model
    attach_sentences(briefing)
    return briefing


def _area(key: str, figures: list[Figure], agenda: list[Agenda], data: dict) -> AreaBriefing:
    a = AREAS[key]
    return AreaBriefing(key, a.title, a.short_title, figures, agenda, data)


def _cut(text: str, limit: int = TITLE_LIMIT) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _trend_period(span: Span) -> Period:
    return Period(span.period.end - timedelta(days=7 * TREND_WEEKS - 1), span.period.end)


# --- tasks ---

def _tasks_area(conn, span: Span, scope: Scope, figs: dict, targets) -> AreaBriefing:
    period = span.period
    figures = [make_figure(k, figs["now"], figs["before"], figs["year_ago"], targets) for k in AREA_FIGURES["tasks"]]
    total, became = bq.tasks_became_overdue(conn, period=period, scope=scope, limit=15)
    by_unit_became = bq.became_overdue_by_unit(conn, period=period, scope=scope, limit=5)
    due_soon = tasks_due_soon(conn, as_of=period.end, days=7, scope=scope)
    due_soon = due_soon[due_soon["days_left"] > 0]  # a task due on the span's last day is in the list above
    backlog = bq.overdue_tasks_by_unit(conn, as_of=period.end, scope=scope, limit=10)
    agenda = [
        Agenda("tasks_became_overdue", "Nhiệm vụ đến hạn trong kỳ nhưng chưa hoàn thành",
               ["Nhiệm vụ", "Văn bản giao", "Cơ quan chủ trì", "Hạn xử lý", "Người giao"],
               [[_cut(r.title), r.source_doc or "–", r.unit_name, fmt_date(r.due_date), r.leader_name]
                for r in became.itertuples()], total, "Không có nhiệm vụ nào chuyển sang quá hạn trong kỳ."),
        Agenda("tasks_due_soon", "Nhiệm vụ đến hạn trong 7 ngày tới",
               ["Nhiệm vụ", "Cơ quan chủ trì", "Hạn xử lý", "Còn lại"],
               [[_cut(r.title), r.unit_name, fmt_date(r.due_date), f"{r.days_left} ngày"]
                for r in due_soon.head(15).itertuples()], len(due_soon), "Không có nhiệm vụ đến hạn trong 7 ngày tới."),
        Agenda("tasks_backlog_by_unit", "Đơn vị có nhiều nhiệm vụ quá hạn nhất (tồn đọng)",
               ["Đơn vị", "Nhiệm vụ quá hạn"],
               [[r.unit_name, fmt_int(r.tasks)] for r in backlog.itertuples()],
               int(figs["now"]["tasks_overdue_all"]), "Không có nhiệm vụ tồn đọng quá hạn."),
    ]
    data = {"backlog_by_unit": backlog, "became_by_unit": by_unit_became,
            "aging": overdue_aging(conn, as_of=period.end, scope=scope)}
    return _area("tasks", figures, agenda, data)


# --- dossiers ---

def _dossiers_area(conn, span: Span, scope: Scope, figs: dict, targets, min_resolved: int) -> AreaBriefing:
    period = span.period
    figures = [make_figure(k, figs["now"], figs["before"], figs["year_ago"], targets)
               for k in AREA_FIGURES["dossiers"]]
    lowest = bq.lowest_on_time_units(conn, period=period, scope=scope, min_resolved=min_resolved, limit=5)
    overdue = overdue_pending_dossiers(conn, as_of=period.end, scope=scope)
    rate_target = targets.get("dossier_on_time_rate")
    agenda = [
        Agenda("dossiers_lowest_on_time",
               f"Đơn vị có tỷ lệ giải quyết đúng hạn thấp nhất (từ {fmt_int(min_resolved)} hồ sơ đã giải quyết)",
               ["Đơn vị", "Đã giải quyết", "Đúng hạn", "Tỷ lệ đúng hạn"],
               [[r.unit_name, fmt_int(r.dossiers_resolved), fmt_int(r.dossiers_resolved_on_time),
                 fmt_pct(r.dossier_on_time_rate)] for r in lowest.itertuples()],
               len(lowest), "Không có đơn vị đủ số hồ sơ để đánh giá.",
               note=f"Chỉ tiêu ≥ {fmt_pct(rate_target.value)}" if rate_target else ""),
        Agenda("dossiers_overdue_by_unit", "Hồ sơ đang giải quyết quá hạn, theo đơn vị",
               ["Đơn vị", "Hồ sơ quá hạn", "Hạn sớm nhất"],
               [[r.unit_name, fmt_int(r.dossiers_pending_overdue), fmt_date(r.oldest_due_at)]
                for r in overdue.head(10).itertuples()],
               int(figs["now"]["dossiers_pending_overdue"]), "Không có hồ sơ quá hạn."),
    ]
    trend = dossiers_by_bucket(conn, period=_trend_period(span), scope=scope, grain="week")
    data = {"trend": trend, "lowest_on_time": lowest, "overdue_by_unit": overdue.head(10)}
    return _area("dossiers", figures, agenda, data)


# --- petitions ---

def _petitions_area(conn, span: Span, scope: Scope, figs: dict, targets) -> AreaBriefing:
    period = span.period
    figures = [make_figure(k, figs["now"], figs["before"], figs["year_ago"], targets)
               for k in AREA_FIGURES["petitions"] if k in figs["now"]]
    overdue = overdue_petitions(conn, as_of=period.end, scope=scope, limit=15)
    by_unit = bq.overdue_petitions_by_unit(conn, as_of=period.end, scope=scope, limit=10)
    agenda = [
        Agenda("petitions_overdue", "Đơn thư quá hạn giải quyết theo quy định",
               ["Mã đơn", "Loại đơn", "Ngày nhận", "Hạn giải quyết", "Đơn vị xử lý", "Quá hạn"],
               [[r.petition_id, label(PETITION_KIND_LABELS, r.kind) + (" (đông người)" if r.group_petition else ""),
                 fmt_date(r.received_date), fmt_date(r.due_date), r.unit_name, f"{fmt_int(r.days_overdue)} ngày"]
                for r in overdue.itertuples()],
               int(figs["now"]["petitions_overdue"]), "Không có đơn thư quá hạn."),
        Agenda("petitions_overdue_by_unit", "Đơn thư quá hạn theo đơn vị xử lý", ["Đơn vị", "Đơn quá hạn"],
               [[r.unit_name, fmt_int(r.petitions)] for r in by_unit.itertuples()],
               int(figs["now"]["petitions_overdue"]), "Không có đơn thư quá hạn."),
    ]
    data = {"overdue_by_unit": by_unit, "by_kind": petitions_by_kind(conn, period=period, scope=scope)}
    return _area("petitions", figures, agenda, data)


# --- PAR ---

def _par_area(conn, span: Span, scope: Scope, targets) -> AreaBriefing:
    year = par_year_for(conn, span.period.end)
    rows = par_ranking(conn, year=year, scope=scope) if year else []
    before = {r["unit"]: r for r in par_ranking(conn, year=year - 1, scope=scope)} if year else {}
    everyone = par_ranking(conn, year=year) if year else []  # ranks are among all units of a kind
    totals = {kind: sum(1 for r in everyone if r["kind"] == kind) for kind in {r["kind"] for r in everyone}}
    rank_target = targets.get("par_rank")
    office = next((r for r in rows if r["unit"] == OFFICE_UNIT), None)
    figures: list[Figure] = []
    if office:
        prev = before.get(OFFICE_UNIT)
        figures.append(Figure("par_rank", f"Xếp hạng Chỉ số CCHC của {office['name']}", "rank", office["rank"],
                              prev["rank"] if prev else None, None, False, rank_target,
                              status(office["rank"], rank_target) if rank_target else None,
                              totals.get(office["kind"])))
        figures.append(Figure("par_percent", f"Chỉ số CCHC của {office['name']}", "pct", office["percent"],
                              prev["percent"] if prev else None, None, True))
    departments = [r for r in rows if r["kind"] == "department"]
    if departments:
        mean = sum(r["percent"] for r in departments) / len(departments)
        prev_depts = [before[r["unit"]]["percent"] for r in departments if r["unit"] in before]
        figures.append(Figure("par_department_mean", EXTRA_LABELS["par_department_mean"][0], "pct", mean,
                              sum(prev_depts) / len(prev_depts) if prev_depts else None, None, True))
    agenda = [_par_agenda(rows, totals, rank_target, year)]
    area = _area("par", figures, agenda, {"year": year, "ranking": pd.DataFrame(rows), "totals": totals})
    area.previous_label = f"năm {year - 1}" if year else "năm trước"
    area.year_ago_label = None
    return area


def _par_agenda(rows: list[dict], totals: dict, rank_target: Target | None, year: int | None) -> Agenda:
    """The standing against the target rank: the Office, then the three lowest of each kind."""
    picked: list[dict] = [r for r in rows if r["unit"] == OFFICE_UNIT]
    for kind in ("department", "district"):
        of_kind = [r for r in rows if r["kind"] == kind and r["unit"] != OFFICE_UNIT]
        picked += sorted(of_kind, key=lambda r: (-r["rank"], r["unit"]))[:3]
    out = []
    for r in picked:
        verdict = label({"good": "Đạt chỉ tiêu", "warn": "Gần đạt", "bad": "Chưa đạt"},
                        status(r["rank"], rank_target)) if rank_target else "–"
        out.append([r["name"], label(UNIT_KIND_LABELS, r["kind"]), fmt_rank(r["rank"], totals.get(r["kind"])),
                    fmt_pct(r["percent"], 2), fmt_change(r["change"], "score"), verdict])
    target_note = f"Chỉ tiêu: xếp hạng ≤ {fmt_int(rank_target.value)}" if rank_target else ""
    office = any(r["unit"] == OFFICE_UNIT for r in rows)  # a unit's own briefing: only its own standing
    return Agenda("par_standing", (f"Xếp hạng Chỉ số CCHC năm {year}: Văn phòng UBND tỉnh và các đơn vị thấp nhất"
                                   if office else f"Xếp hạng Chỉ số CCHC năm {year}") if year else "Xếp hạng Chỉ số CCHC",
                  ["Đơn vị", "Loại", "Xếp hạng", "Chỉ số", "Điểm so với năm trước", "So với chỉ tiêu"],
                  out, len(out), "Chưa có kết quả Chỉ số CCHC.", note=target_note)


# --- vice-chairmen ---

def _leader_sections(conn, span: Span, scope: Scope, targets, min_resolved: int) -> list[LeaderSection]:
    period = span.period
    by_leader = bq.overdue_tasks_by_leader(conn, as_of=period.end, scope=scope)
    children = unit_tree(conn)
    sections = []
    for vc in bq.vice_chairmen(conn).itertuples():
        codes = [c for c in vc.units if scope.contains(c)]
        vc_scope = resolve_scope(conn, codes, allowed=scope) if codes else Scope(frozenset())
        now = _figures_with_became_overdue(conn, period, vc_scope)
        before = _figures_with_became_overdue(conn, span.previous, vc_scope)
        figures = [make_figure(k, now, before, None, targets) for k in LEADER_FIGURES]
        active = set(bq.active_unit_codes(conn, on=period.end, codes=codes))
        names = [n for c, n in zip(vc.units, vc.unit_names) if c in active]
        table = _leader_unit_table(conn, period, vc_scope, codes, dict(zip(vc.units, vc.unit_names)), children,
                                   min_resolved)
        total, became = bq.tasks_became_overdue(conn, period=period, scope=vc_scope, limit=8)
        agenda = [
            table,
            Agenda("leader_tasks_became_overdue", "Nhiệm vụ đến hạn trong kỳ nhưng chưa hoàn thành",
                   ["Nhiệm vụ", "Cơ quan chủ trì", "Hạn xử lý"],
                   [[_cut(r.title, 90), r.unit_name, fmt_date(r.due_date)] for r in became.itertuples()], total,
                   "Không có nhiệm vụ nào chuyển sang quá hạn trong kỳ."),
        ]
        section = LeaderSection(vc.leader, vc.leader_name, [s.strip() for s in vc.sectors.split(";") if s.strip()],
                                names, figures, agenda, previous_label=span.previous_label,
                                assigned_overdue=by_leader.get(vc.leader, 0))
        sections.append(section)
    return sections


def _leader_unit_table(conn, period: Period, vc_scope: Scope, roots: list[str], names: dict[str, str],
                       children: dict, min_resolved: int) -> Agenda:
    """One row per supervised unit (its lower units rolled up): the overdue counts and the on-time rate."""
    root_of = {}
    for root in roots:
        stack = [root]
        while stack:
            code = stack.pop()
            if code not in root_of:
                root_of[code] = root
                stack.extend(children.get(code, ()))
    counts: dict[str, dict[str, int]] = {r: {"tasks": 0, "became": 0, "dossiers": 0, "petitions": 0,
                                             "resolved": 0, "on_time": 0} for r in roots}

    def add(df, col, key):
        for unit, n in zip(df["unit"], df[col]):
            if unit in root_of:
                counts[root_of[unit]][key] += int(n)

    add(bq.overdue_tasks_by_unit(conn, as_of=period.end, scope=vc_scope, limit=None), "tasks", "tasks")
    add(bq.became_overdue_by_unit(conn, period=period, scope=vc_scope, limit=None), "tasks", "became")
    add(bq.overdue_pending_dossiers_by_unit(conn, as_of=period.end, scope=vc_scope, limit=None), "dossiers", "dossiers")
    add(bq.overdue_petitions_by_unit(conn, as_of=period.end, scope=vc_scope, limit=None), "petitions", "petitions")
    on_time = bq.on_time_by_unit(conn, period=period, scope=vc_scope)
    add(on_time, "dossiers_resolved", "resolved")
    add(on_time, "dossiers_resolved_on_time", "on_time")
    shown = [r for r in roots if any(counts[r].values())]
    shown.sort(key=lambda r: (-(counts[r]["tasks"] + counts[r]["dossiers"] + counts[r]["petitions"]), names[r]))
    rows = []
    for r in shown[:12]:
        c = counts[r]
        rate = c["on_time"] / c["resolved"] if c["resolved"] >= min_resolved else None
        rows.append([names[r], fmt_int(c["tasks"]), fmt_int(c["became"]), fmt_int(c["dossiers"]),
                     fmt_pct(rate), fmt_int(c["petitions"])])
    return Agenda("leader_units", "Các đơn vị phụ trách",
                  ["Đơn vị", "NV quá hạn", "NV đến hạn chưa xong", "HS quá hạn", "Tỷ lệ HS đúng hạn", "Đơn quá hạn"],
                  rows, len(shown), "Các đơn vị phụ trách không có số liệu trong kỳ.",
                  note=f"Tỷ lệ đúng hạn chỉ tính khi đơn vị có từ {fmt_int(min_resolved)} hồ sơ đã giải quyết.")
