"""What the URL says a page shows — the period and the unit scope — parsed and checked here, and only here.

Pure: query parameters in, a clean `FilterState` (and a Vietnamese notice per bad parameter) out; the
`View` every page draws (period, scope and how to name both). The widgets that write the URL live in
`dashboard.ui.sidebar`.

Parameters: `ky` (period preset), `tu`/`den` (YYYY-MM-DD, custom period), `pv` (scope mode),
`loai` (unit kind), `lanh_dao` (supervising leader code), `dv` (unit codes, comma-separated),
`nguoi_giao` (the tasks page's assigning leader).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import pandas as pd

from data_access.period import Period
from data_access.org import RECORDED, Org, current
from data_access.scope import ALL_UNITS, Scope

from dashboard.core.formatting import UNIT_KIND_LABELS, fmt_date, period_label
from dashboard.core.units import subtree

# The first day the date pickers accept (and a URL may ask for); the last is today.
EARLIEST_DATE = date(2000, 1, 1)

PRESETS = {
    "tuan-nay": "Tuần này",
    "tuan-truoc": "Tuần trước",
    "thang-nay": "Tháng này",
    "quy-nay": "Quý này",
    "nam-nay": "Năm nay",
    "nam-truoc": "Năm trước",
    "tuy-chon": "Tùy chọn",
}
DEFAULT_PRESET = "nam-nay"
OVERVIEW_PRESET = "tuan-nay"  # the overview opens on the week so far: "what needs me this week"
SCOPE_MODES = {
    "tat-ca": "Toàn tỉnh",
    "loai": "Theo loại đơn vị",
    "lanh-dao": "Theo lãnh đạo phụ trách",
    "chon": "Chọn đơn vị",
}
OWN_SCOPE_MODES = {"tat-ca": "Toàn bộ đơn vị của tôi", "chon": "Chọn đơn vị"}  # a `unit` user: no "Toàn tỉnh"
SCOPE_PARAMS = ("pv", "loai", "lanh_dao", "dv")
ORG_PARAM = "to_chuc"
# SPEC §2.5: the organisation of the period's last day (the default), or each item under the unit written on it
ORG_VIEWS = {"hien-nay": "Theo tổ chức hiện nay", "ghi-nhan": "Theo số liệu ghi nhận"}
DEFAULT_ORG = "hien-nay"
FILTER_PARAMS = ("ky", "tu", "den", *SCOPE_PARAMS, ORG_PARAM)


def preset_period(preset: str, on: date) -> Period:
    """The period a preset names, as of the day `on` (the current week, month... up to `on`)."""
    monday = on - timedelta(days=on.weekday())
    if preset == "tuan-nay":
        return Period(monday, on)
    if preset == "tuan-truoc":
        return Period(monday - timedelta(days=7), monday - timedelta(days=1))
    if preset == "thang-nay":
        return Period(on.replace(day=1), on)
    if preset == "quy-nay":
        return Period(date(on.year, 3 * ((on.month - 1) // 3) + 1, 1), on)
    if preset == "nam-truoc":
        return Period.year(on.year - 1)
    return Period(date(on.year, 1, 1), on)


@dataclass(frozen=True)
class FilterState:
    """What the query string says, cleaned. Defaults are left out of the URL."""

    preset: str = DEFAULT_PRESET
    start: date | None = None  # only with preset "tuy-chon"
    end: date | None = None
    mode: str = "tat-ca"
    kind: str | None = None
    leader: str | None = None
    units: tuple[str, ...] = ()
    org: str = DEFAULT_ORG  # a key of ORG_VIEWS
    default_preset: str = DEFAULT_PRESET  # the page's own default period (the overview: this week)

    def to_params(self) -> dict[str, str]:
        """The query string of this page: its own default period left out."""
        out: dict[str, str] = {}
        if self.preset != self.default_preset:
            out["ky"] = self.preset
        if self.preset == "tuy-chon":
            out["tu"], out["den"] = self.start.isoformat(), self.end.isoformat()
        if self.mode != "tat-ca":
            out["pv"] = self.mode
        if self.mode == "loai" and self.kind:
            out["loai"] = self.kind
        if self.mode == "lanh-dao" and self.leader:
            out["lanh_dao"] = self.leader
        if self.mode == "chon" and self.units:
            out["dv"] = ",".join(self.units)
        if self.org != DEFAULT_ORG:
            out[ORG_PARAM] = self.org
        return out

    def organisation(self, period: Period) -> Org:
        """The view of the organisation: the units of the period's last day (R), or as recorded."""
        return current(period.end) if self.org == "hien-nay" else RECORDED

    def period(self, on: date) -> Period:
        if self.preset == "tuy-chon":
            return Period(self.start, self.end)
        return preset_period(self.preset, on)


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        return None


def parse_params(params: Mapping[str, str], *, on: date, unit_codes: set[str], kinds: list[str],
                 leaders: list[str], default_preset: str = DEFAULT_PRESET) -> tuple[FilterState, list[str]]:
    """A clean FilterState from query parameters, and a Vietnamese notice per bad parameter.

    `kinds` and `leaders` are the choices offered, the first being the default of its mode;
    `default_preset` the page's period when the URL names none (or a bad one).
    """
    notes: list[str] = []
    default_label = PRESETS[default_preset].lower()
    preset = params.get("ky") or ("tuy-chon" if ("tu" in params or "den" in params) else default_preset)
    start = end = None
    if preset not in PRESETS:
        notes.append(f"Kỳ báo cáo “{preset}” không hợp lệ — đang hiển thị {default_label}.")
        preset = default_preset
    if preset == "tuy-chon":
        start, end = _parse_date(params.get("tu", "")), _parse_date(params.get("den", "") or on.isoformat())
        bad = [p for p, d in (("tu", start), ("den", end)) if d is None]
        if bad:
            shown = ", ".join(f"{p}={params.get(p, '')!s}" for p in bad)
            notes.append(f"Ngày không hợp lệ ({shown}), cần dạng YYYY-MM-DD — đang hiển thị {default_label}.")
            preset, start, end = default_preset, None, None
        elif end < start:
            notes.append(f"Ngày bắt đầu {fmt_date(start)} sau ngày kết thúc {fmt_date(end)} — "
                         f"đang hiển thị {default_label}.")
            preset, start, end = default_preset, None, None
        elif start < EARLIEST_DATE or end > on:  # the date pickers accept EARLIEST_DATE..today only
            notes.append(f"Kỳ {fmt_date(start)} – {fmt_date(end)} nằm ngoài khoảng có thể xem "
                         f"({fmt_date(EARLIEST_DATE)} – {fmt_date(on)}) — đang hiển thị {default_label}.")
            preset, start, end = default_preset, None, None

    mode = params.get("pv") or ("chon" if "dv" in params else "lanh-dao" if "lanh_dao" in params
                                 else "loai" if "loai" in params else "tat-ca")
    kind = leader = None
    units: tuple[str, ...] = ()
    if mode not in SCOPE_MODES:
        notes.append(f"Phạm vi “{mode}” không hợp lệ — đang hiển thị toàn tỉnh.")
        mode = "tat-ca"
    if mode == "loai":
        kind = params.get("loai") or (kinds[0] if kinds else None)
        if kind not in kinds:
            notes.append(f"Loại đơn vị “{kind}” không có — đang hiển thị toàn tỉnh.")
            mode, kind = "tat-ca", None
    elif mode == "lanh-dao":
        leader = params.get("lanh_dao") or (leaders[0] if leaders else None)
        if leader not in leaders:
            notes.append(f"Không có lãnh đạo mã “{leader}” — đang hiển thị toàn tỉnh.")
            mode, leader = "tat-ca", None
    elif mode == "chon":
        asked = [c.strip() for c in params.get("dv", "").split(",") if c.strip()]
        unknown = [c for c in asked if c not in unit_codes]
        if unknown:
            notes.append(f"Không có đơn vị mã {', '.join(unknown)} — đã bỏ qua.")
        units = tuple(dict.fromkeys(c for c in asked if c in unit_codes))
    org = params.get(ORG_PARAM) or DEFAULT_ORG
    if org not in ORG_VIEWS:
        notes.append(f"Cách tính theo tổ chức “{org}” không hợp lệ — đang hiển thị "
                     f"{ORG_VIEWS[DEFAULT_ORG].lower()}.")
        org = DEFAULT_ORG
    return FilterState(preset, start, end, mode, kind, leader, units, org, default_preset), notes


@dataclass(frozen=True)
class View:
    """What every page shows: the period, the unit scope and how to name both."""

    state: FilterState
    period: Period
    scope: Scope
    period_label: str
    scope_label: str
    notes: list[str] = field(default_factory=list)
    allowed: Scope = ALL_UNITS  # what the logged-in user may see; `scope` never leaves it

    @property
    def org(self) -> Org:
        """The view of the organisation every figure of the page is attributed in (the scope carries it)."""
        return self.scope.org

    @property
    def as_of(self) -> date:
        return self.period.end

    def params(self) -> dict[str, str]:
        """The filter part of the query string, for links that keep this view (on pages whose default
        period is the usual one: the overview's week is named)."""
        return replace(self.state, default_preset=DEFAULT_PRESET).to_params()

    def trend(self) -> tuple[Period, str, str]:
        """The window and grain of the trend charts, with a title suffix.

        A period of three months or more is shown month by month; a shorter one would give a
        single point, so its trend shows the 12 weeks up to `to` instead (and says so).
        """
        if self.period.days >= 90:
            return self.period, "month", "theo tháng"
        end = self.period.end
        start = end - timedelta(days=end.weekday()) - timedelta(weeks=11)
        return Period(start, end), "week", "12 tuần gần nhất"

    def week_so_far(self) -> tuple[Period, Period]:
        """The week of the last day (Monday up to that day), and the same days a week earlier."""
        week = Period(self.as_of - timedelta(days=self.as_of.weekday()), self.as_of)
        return week, Period(week.start - timedelta(days=7), week.end - timedelta(days=7))

    def spark_period(self) -> Period:
        """The 12 months up to `to`, for the sparklines in the cards."""
        return Period(_months_back(self.period.end, 11), self.period.end)


def describe_period(preset: str, period: Period) -> str:
    """"Tuần 47/2026", "Năm 2025", or the preset with its dates: "Năm nay (01/01/2026 – 30/11/2026)", and with
    its one day when the period so far is one day long: "Tuần này (07/12/2026)" on a Monday."""
    label = period_label(period.start, period.end)
    if preset != "tuy-chon" and " – " in label:
        return f"{PRESETS[preset]} ({label})"
    if preset != "tuy-chon" and period.start == period.end:
        # "This week" on a Monday, "this month" on the 1st: still the preset the reader chose, only one day long.
        return f"{PRESETS[preset]} ({fmt_date(period.start)})"
    return label


def _months_back(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    return date(y, m + 1, 1)


def scope_for(state: FilterState, units: pd.DataFrame, leader_names: Mapping[str, str],
              org: Org = RECORDED) -> tuple[Scope, str]:
    """The unit scope of a filter state (each root with the units below it, among `units`: in the current
    view the units of day R) in the view `org`, and its label."""
    if state.mode == "loai" and state.kind:
        roots = units.loc[units["kind"] == state.kind, "code"].tolist()
        label = UNIT_KIND_LABELS.get(state.kind, state.kind)
    elif state.mode == "lanh-dao" and state.leader:
        roots = units.loc[units["supervising_leader"] == state.leader, "code"].tolist()
        label = f"Đơn vị do {leader_names.get(state.leader, state.leader)} phụ trách ({len(roots)} đơn vị)"
    elif state.mode == "chon" and state.units:
        roots = list(state.units)
        names = dict(zip(units["code"], units["name"]))
        shown = [names.get(c, c) for c in roots]
        label = ", ".join(shown) if len(shown) <= 3 else f"{', '.join(shown[:2])} và {len(shown) - 2} đơn vị khác"
    else:
        return Scope(None, org), "Toàn tỉnh"
    return subtree(units, roots, org), label


ASSIGNER_PARAM = "nguoi_giao"
ALL_ASSIGNERS = "tat-ca"


def parse_assigner(raw: str | None, *, leaders: list[str], default: str) -> tuple[str, list[str]]:
    """The assigning-leader choice from the URL (`tat-ca` or a leader code), and a notice if it is unknown."""
    if raw is None or not str(raw).strip():
        return default, []
    raw = str(raw).strip()
    if raw == ALL_ASSIGNERS or raw in leaders:
        return raw, []
    shown = "tất cả lãnh đạo giao" if default == ALL_ASSIGNERS else f"nhiệm vụ do lãnh đạo mã {default} giao"
    return default, [f"Không có lãnh đạo giao mã “{raw}” — đang hiển thị {shown}."]


