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


from data_access.period import Period
from data_access.targets import Target

from dashboard.core.compare import capital, target_text, verdict_text
from dashboard.core.formatting import (
    fmt_change, fmt_date, fmt_day_month, fmt_int, fmt_pct, fmt_rank,
    fmt_value, is_missing,
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
        """"Chỉ tiêu ≥ 98,0%", "Chỉ tiêu hạng ≤ 3" (empty without a target)."""
        return capital(target_text(self.target, self.kind))

    @property
    def verdict(self) -> str:
        """"đạt chỉ tiêu ≥ 98,0%" …, "không có số liệu"; empty without a target."""
        return verdict_text(self.status if self.value is not None else None, self.target, self.kind)


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
    worst_unit: tuple[str, int] | None = None  # the supervised unit with the most overdue tasks, and how many


# The §2.1 state of a conclusion as of the briefing's last day (data_access.breakdowns.task_state).
CONCLUSION_STATE_LABELS = {"completed_on_time": "Hoàn thành đúng hạn", "completed_late": "Hoàn thành trễ hạn",
                           "in_progress_on_time": "Đang thực hiện, trong hạn", "overdue": "Quá hạn",
                           "no_deadline": "Không thời hạn"}


@dataclass
class ConclusionsSection:
    """Briefing conclusions (kết luận giao ban, SPEC §2.6): how the earlier briefings' conclusions stand
    at this span's end — what the briefing opens with — and the conclusions recorded at this briefing."""

    previous: Agenda
    this_week: Agenda
    counts: dict[str, int]  # state → how many of the earlier conclusions are in it
    sentence: str


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
    # Follow-up between briefings (SPEC §2.6): "Yêu cầu giải trình quá hạn" — written by people, not imported,
    # so the store refreshes it on every read (store.briefing) rather than with the data version.
    follow_up: list[Agenda] = field(default_factory=list)
    conclusions: ConclusionsSection | None = None

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
