"""The shared sidebar filters — period and unit scope — kept in the URL query string.

The URL is the source of truth, so a copied link opens the same view: each run parses the
query string (a bad value gives a short Vietnamese notice and the default), writes back the
clean form, and sets the widgets from it; a widget change writes the URL. Page switches in
the sidebar drop the query string, so the last filters are also remembered in the session
and restored when a page opens without any.

Parameters: `ky` (period preset), `tu`/`den` (YYYY-MM-DD, custom period), `pv` (scope mode),
`loai` (unit kind), `lanh_dao` (supervising leader code), `dv` (unit codes, comma-separated).
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from data_access.period import Period
from data_access.scope import ALL_UNITS, Scope, with_descendants

from dashboard.ui import access

from dashboard.ui import store
from dashboard.core.formatting import LEADER_TITLE_LABELS, UNIT_KIND_LABELS, fmt_date, period_label
from dashboard.core.safe import md

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
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
SCOPE_MODES = {
    "tat-ca": "Toàn tỉnh",
    "loai": "Theo loại đơn vị",
    "lanh-dao": "Theo lãnh đạo phụ trách",
    "chon": "Chọn đơn vị",
}
OWN_SCOPE_MODES = {"tat-ca": "Toàn bộ đơn vị của tôi", "chon": "Chọn đơn vị"}  # a `unit` user: no "Toàn tỉnh"
FILTER_PARAMS = ("ky", "tu", "den", "pv", "loai", "lanh_dao", "dv")
_REMEMBERED = "_bdh_filters"


def today() -> date:
    """Today in Việt Nam (BDH_TODAY=YYYY-MM-DD pins it, for demos and screenshots)."""
    pinned = os.environ.get("BDH_TODAY")
    if pinned:
        return date.fromisoformat(pinned)
    return datetime.now(TZ).date()


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

    def to_params(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.preset != DEFAULT_PRESET:
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
        return out

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
                 leaders: list[str]) -> tuple[FilterState, list[str]]:
    """A clean FilterState from query parameters, and a Vietnamese notice per bad parameter.

    `kinds` and `leaders` are the choices offered, the first being the default of its mode.
    """
    notes: list[str] = []
    default_label = PRESETS[DEFAULT_PRESET].lower()
    preset = params.get("ky") or ("tuy-chon" if ("tu" in params or "den" in params) else DEFAULT_PRESET)
    start = end = None
    if preset not in PRESETS:
        notes.append(f"Kỳ báo cáo “{preset}” không hợp lệ — đang hiển thị {default_label}.")
        preset = DEFAULT_PRESET
    if preset == "tuy-chon":
        start, end = _parse_date(params.get("tu", "")), _parse_date(params.get("den", "") or on.isoformat())
        bad = [p for p, d in (("tu", start), ("den", end)) if d is None]
        if bad:
            shown = ", ".join(f"{p}={params.get(p, '')!s}" for p in bad)
            notes.append(f"Ngày không hợp lệ ({shown}), cần dạng YYYY-MM-DD — đang hiển thị {default_label}.")
            preset, start, end = DEFAULT_PRESET, None, None
        elif end < start:
            notes.append(f"Ngày bắt đầu {fmt_date(start)} sau ngày kết thúc {fmt_date(end)} — "
                         f"đang hiển thị {default_label}.")
            preset, start, end = DEFAULT_PRESET, None, None

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
    return FilterState(preset, start, end, mode, kind, leader, units), notes


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
    def as_of(self) -> date:
        return self.period.end

    def params(self) -> dict[str, str]:
        """The filter part of the query string, for links that keep this view."""
        return self.state.to_params()

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

    def spark_period(self) -> Period:
        """The 12 months up to `to`, for the sparklines in the cards."""
        return Period(_months_back(self.period.end, 11), self.period.end)


def _months_back(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    return date(y, m + 1, 1)


def scope_for(state: FilterState, units: pd.DataFrame) -> tuple[Scope, str]:
    """The unit scope of a filter state (each root with the units below it) and its label."""
    if state.mode == "loai" and state.kind:
        roots = units.loc[units["kind"] == state.kind, "code"].tolist()
        label = UNIT_KIND_LABELS.get(state.kind, state.kind)
    elif state.mode == "lanh-dao" and state.leader:
        roots = units.loc[units["supervising_leader"] == state.leader, "code"].tolist()
        label = f"Đơn vị do {_leader_name(state.leader)} phụ trách ({len(roots)} đơn vị)"
    elif state.mode == "chon" and state.units:
        roots = list(state.units)
        names = dict(zip(units["code"], units["name"]))
        shown = [names.get(c, c) for c in roots]
        label = ", ".join(shown) if len(shown) <= 3 else f"{', '.join(shown[:2])} và {len(shown) - 2} đơn vị khác"
    else:
        return ALL_UNITS, "Toàn tỉnh"
    children: dict[str, list[str]] = {}
    for code, parent in zip(units["code"], units["parent_code"]):
        children.setdefault(parent, []).append(code)
    return Scope(frozenset(with_descendants(children, roots))), label


def _leader_name(code: str) -> str:
    leaders = store.leader_list()
    row = leaders.loc[leaders["code"] == code]
    return row["name"].iloc[0] if len(row) else code


# --- the URL and the widgets ------------------------------------------------------------------

def _raw_params() -> dict[str, str]:
    found = {k: st.query_params[k] for k in FILTER_PARAMS if k in st.query_params}
    if not found and st.session_state.get(_REMEMBERED):
        return dict(st.session_state[_REMEMBERED])  # a page switch dropped the query string
    return found


def _write_url(params: dict[str, str]) -> None:
    for key in FILTER_PARAMS:
        if key in params:
            if st.query_params.get(key) != params[key]:
                st.query_params[key] = params[key]
        elif key in st.query_params:
            del st.query_params[key]
    st.session_state[_REMEMBERED] = dict(params)


def widget_key(name: str, value) -> str:
    """A filter widget's key carries the value the URL gives it.

    Streamlit re-sends a widget that disappeared and came back (a mode switch, a database
    outage) with its first option, which would overwrite the URL. With the value in the key,
    a widget is created fresh, from the URL, whenever that value changes, and no value is
    ever pushed into `st.session_state` behind its back.
    """
    if isinstance(value, (list, tuple)):
        value = ",".join(value)
    return f"f_{name}__{value}"


def _changed(field_name: str, key: str) -> None:
    """A widget changed: the new filter state goes to the URL (the next run reads it from there)."""
    state: FilterState = st.session_state.get("_bdh_state") or FilterState()
    period: Period | None = st.session_state.get("_bdh_period")
    value = st.session_state.get(key)
    if field_name == "preset":
        dates = (period.start, period.end) if value == "tuy-chon" and period else (None, None)
        state = replace(state, preset=value, start=dates[0], end=dates[1])
    elif field_name in ("start", "end"):
        if value is None:
            return
        start, end = (value, state.end) if field_name == "start" else (state.start, value)
        state = replace(state, start=min(start, end), end=max(start, end))
    elif field_name == "mode":
        state = replace(state, mode=value, kind=None, leader=None, units=())
    elif field_name == "units":
        state = replace(state, units=tuple(value or ()))
    else:
        state = replace(state, **{field_name: value})
    _write_url(state.to_params())


def _widget(factory, label, options, name, field_name, current, **kwargs):
    key = widget_key(name, current)
    if factory is st.multiselect:
        kwargs["default"] = list(current)
    elif factory is st.date_input:
        kwargs["value"] = current
    else:
        kwargs["index"] = options.index(current) if current in options else 0
    args = (label, options) if options is not None else (label,)
    return factory(*args, key=key, on_change=_changed, args=(field_name, key), **kwargs)


def sidebar_filters(*, unit_filter: bool = True, allowed: Scope = ALL_UNITS, home_leader: str | None = None) -> View:
    """Draw the filters in the sidebar and return the view they select.

    Row-level security is applied here, where the view's scope is built: the scope never leaves
    `allowed` (the user's units); a restricted user is offered only their own units, and other units
    asked for in the URL are dropped. `home_leader`: a vice-chairman's first view is their units.
    """
    restricted = not allowed.is_all
    units, leaders = store.unit_list(), store.leader_list()  # unit_list is already cut to the user's units
    kinds = [] if restricted else [k for k in UNIT_KIND_LABELS if k in set(units["kind"])]
    supervising = [] if restricted else [c for c in leaders["code"] if c in set(units["supervising_leader"].dropna())]
    on = today()
    raw, denied = access.screen_params(_raw_params(), set(units["code"]))
    if home_leader in supervising and _REMEMBERED not in st.session_state and not raw.keys() & set(FILTER_PARAMS[3:]):
        raw = {**raw, "pv": "lanh-dao", "lanh_dao": home_leader}
    state, notes = parse_params(raw, on=on, unit_codes=set(units["code"]), kinds=kinds,
                                leaders=supervising)
    notes = denied + notes
    _write_url(state.to_params())
    period = state.period(on)
    st.session_state["_bdh_state"], st.session_state["_bdh_period"] = state, period
    with st.sidebar:
        st.subheader("Bộ lọc", anchor=False)
        _widget(st.selectbox, "Kỳ báo cáo", list(PRESETS), "ky", "preset", state.preset, format_func=PRESETS.get)
        if state.preset == "tuy-chon":
            left, right = st.columns(2)
            with left:
                _widget(st.date_input, "Từ ngày", None, "tu", "start", period.start, format="DD/MM/YYYY",
                        min_value=date(2000, 1, 1))
            with right:
                _widget(st.date_input, "Đến ngày", None, "den", "end", period.end, format="DD/MM/YYYY",
                        min_value=date(2000, 1, 1))
        st.caption(f"Từ {fmt_date(period.start)} đến {fmt_date(period.end)}")
        if unit_filter:
            _unit_widgets(state, units, leaders, kinds, supervising, OWN_SCOPE_MODES if restricted else SCOPE_MODES)
    scope, scope_label = scope_for(state, units) if unit_filter else (ALL_UNITS, "Toàn tỉnh")
    if restricted:
        scope = scope.within(allowed)
        if scope == allowed:
            scope_label = access.own_units_label(units)
    return View(state, period, scope, describe_period(state.preset, period), scope_label, notes, allowed)


def describe_period(preset: str, period: Period) -> str:
    """"Tuần 47/2026", "Năm 2025", or the preset with its dates: "Năm nay (01/01/2026 – 30/11/2026)"."""
    label = period_label(period.start, period.end)
    if " – " in label and preset != "tuy-chon":
        return f"{PRESETS[preset]} ({label})"
    return label


def _unit_widgets(state, units, leaders, kinds, supervising, modes=SCOPE_MODES) -> None:
    if len(units) == 1 and modes is OWN_SCOPE_MODES:
        st.caption(f"Phạm vi: {md(units['name'].iloc[0])}")
        return
    _widget(st.radio, "Phạm vi đơn vị", list(modes), "pv", "mode", state.mode, format_func=modes.get)
    if state.mode == "loai":
        _widget(st.selectbox, "Loại đơn vị", kinds, "loai", "kind", state.kind,
                format_func=lambda k: UNIT_KIND_LABELS.get(k, k))
    elif state.mode == "lanh-dao":
        names = dict(zip(leaders["code"], leaders["name"]))
        titles = dict(zip(leaders["code"], leaders["title"]))
        _widget(st.selectbox, "Lãnh đạo phụ trách", supervising, "lanh_dao", "leader", state.leader,
                format_func=lambda c: f"{names.get(c, c)} ({LEADER_TITLE_LABELS.get(titles.get(c), '')})")
    elif state.mode == "chon":
        names = dict(zip(units["code"], units["name"]))
        _widget(st.multiselect, "Đơn vị", units["code"].tolist(), "dv", "units", state.units,
                format_func=lambda c: names.get(c, c), placeholder="Chọn một hoặc nhiều đơn vị")


# --- the assigning leader (tasks page) ---------------------------------------------------------

ASSIGNER_PARAM = "nguoi_giao"
ALL_ASSIGNERS = "tat-ca"
_REMEMBERED_ASSIGNER = "_bdh_nguoi_giao"


def parse_assigner(raw: str | None, *, leaders: list[str], default: str) -> tuple[str, list[str]]:
    """The assigning-leader choice from the URL (`tat-ca` or a leader code), and a notice if it is unknown."""
    if raw is None or not str(raw).strip():
        return default, []
    raw = str(raw).strip()
    if raw == ALL_ASSIGNERS or raw in leaders:
        return raw, []
    shown = "tất cả lãnh đạo giao" if default == ALL_ASSIGNERS else f"nhiệm vụ do lãnh đạo mã {default} giao"
    return default, [f"Không có lãnh đạo giao mã “{raw}” — đang hiển thị {shown}."]


def _write_assigner(value: str, default: str) -> None:
    """The choice goes to the URL (left out only when it is "Tất cả" and that is the user's default)."""
    if value == ALL_ASSIGNERS and default == ALL_ASSIGNERS:
        if ASSIGNER_PARAM in st.query_params:
            del st.query_params[ASSIGNER_PARAM]
    elif st.query_params.get(ASSIGNER_PARAM) != value:
        st.query_params[ASSIGNER_PARAM] = value
    st.session_state[_REMEMBERED_ASSIGNER] = value


def _assigner_changed(key: str, default: str) -> None:
    _write_assigner(st.session_state.get(key) or ALL_ASSIGNERS, default)


def assigner_filter(home: str | None = None) -> tuple[str | None, str]:
    """The tasks page's "Người giao" choice, kept in the URL as `nguoi_giao` (`tat-ca` or a leader code).

    `home`: a vice-chairman's leader code, their default when the URL (or this session) says nothing.
    Returns the leader code to filter on (None: every leader) and how to name the choice. An unknown
    code gives a short notice and the default.
    """
    leaders = store.leader_list()
    codes = leaders["code"].tolist()
    default = home if home in codes else ALL_ASSIGNERS
    raw = st.query_params.get(ASSIGNER_PARAM)
    if raw is None:
        raw = st.session_state.get(_REMEMBERED_ASSIGNER)  # a page switch dropped the query string
    value, notes = parse_assigner(raw, leaders=codes, default=default)
    _write_assigner(value, default)
    for note in notes:
        st.warning(md(note), icon=":material/warning:")  # quotes the URL: shown as text
    names = dict(zip(leaders["code"], leaders["name"]))
    titles = dict(zip(leaders["code"], leaders["title"]))

    def label(code: str) -> str:
        if code == ALL_ASSIGNERS:
            return "Tất cả lãnh đạo"
        title = LEADER_TITLE_LABELS.get(titles.get(code), "")
        return f"{names.get(code, code)}" + (f" ({title})" if title else "")

    key = widget_key(ASSIGNER_PARAM, value)
    column, _ = st.columns([1, 2])
    with column:
        st.selectbox("Người giao", [ALL_ASSIGNERS, *codes], index=[ALL_ASSIGNERS, *codes].index(value),
                     format_func=label, key=key, on_change=_assigner_changed, args=(key, default),
                     help="Chỉ tính các nhiệm vụ do lãnh đạo này giao (thẻ số liệu, biểu đồ và danh sách).")
    if value == ALL_ASSIGNERS:
        return None, "Tất cả lãnh đạo giao"
    return value, f"Nhiệm vụ do {label(value)} giao"


def offline_filters() -> None:
    """The period and scope widgets, disabled, while the database cannot be read (so the page keeps its shape)."""
    raw = _raw_params()
    preset = raw.get("ky") if raw.get("ky") in PRESETS else DEFAULT_PRESET
    mode = raw.get("pv") if raw.get("pv") in SCOPE_MODES else "tat-ca"
    with st.sidebar:
        st.subheader("Bộ lọc", anchor=False)
        _widget(st.selectbox, "Kỳ báo cáo", list(PRESETS), "ky", "preset", preset, format_func=PRESETS.get,
                disabled=True)
        _widget(st.radio, "Phạm vi đơn vị", list(SCOPE_MODES), "pv", "mode", mode, format_func=SCOPE_MODES.get,
                disabled=True)
