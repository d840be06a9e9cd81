"""The shared sidebar filters — period and unit scope — kept in the URL query string.

The URL is the source of truth, so a copied link opens the same view: each run parses the query string
(`dashboard.core.view`: a bad value gives a short Vietnamese notice and the default), writes back the clean
form, and sets the widgets from it; a widget change writes the URL. Page switches in the sidebar drop the
query string, so the last filters are also remembered in the session and restored when a page opens
without any.
"""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from data_access.clock import today_local
from data_access.period import Period
from data_access.scope import ALL_UNITS, Scope

from dashboard.core import access_policy as policy
from dashboard.core.formatting import LEADER_TITLE_LABELS, UNIT_KIND_LABELS, fmt_date
from dashboard.core.safe import md
from dashboard.core.units import unit_labels
from dashboard.core.view import (
    ALL_ASSIGNERS, ASSIGNER_PARAM, DEFAULT_PRESET, EARLIEST_DATE, FILTER_PARAMS, ORG_VIEWS, OWN_SCOPE_MODES, PRESETS,
    SCOPE_MODES, SCOPE_PARAMS, FilterState, View, describe_period, parse_assigner, parse_params, scope_for,
)
from dashboard.ui import audit, store

_REMEMBERED = "_bdh_filters"
_REMEMBERED_ASSIGNER = "_bdh_nguoi_giao"


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


def sidebar_filters(*, unit_filter: bool = True, allowed: Scope = ALL_UNITS, home_leader: str | None = None,
                    default_preset: str = DEFAULT_PRESET) -> View:
    """Draw the filters in the sidebar and return the view they select (`default_preset`: the page's period
    when the URL names none).

    A restricted user (`allowed` is not the whole province) is offered only their own units (the store's
    unit list holds no other), and other units asked for in the URL are dropped with a notice and an audit
    row. The store cuts every query to the user's units whatever the view asks. `home_leader`: a
    vice-chairman's first view is their units.
    """
    restricted = not allowed.is_all
    on = today_local()
    raw = _raw_params()
    # The period and the view of the organisation come first: in the current view the units on offer are
    # those of the period's last day (R).
    first, _ = parse_params(raw, on=on, unit_codes=set(), kinds=[], leaders=[], default_preset=default_preset)
    org = first.organisation(first.period(on))
    listed = store.unit_list(on=org.on or on)  # cut to the user's units by the store
    units = listed[listed["exists"]].reset_index(drop=True) if org.is_current else listed
    leaders = store.leader_list()
    kinds = [] if restricted else [k for k in UNIT_KIND_LABELS if k in set(units["kind"])]
    supervising = [] if restricted else [c for c in leaders["code"] if c in set(units["supervising_leader"].dropna())]
    dissolved = _dissolved_notes(raw, listed, units) if org.is_current else []
    raw, dropped = policy.screen_params(raw, set(listed["code"]), restricted=restricted)
    denied = [policy.OWN_UNITS_ONLY] if dropped else []
    if dropped:
        audit.record("access_denied", {"tham_so": dropped})
    if home_leader in supervising and _REMEMBERED not in st.session_state and not raw.keys() & set(SCOPE_PARAMS):
        raw = {**raw, "pv": "lanh-dao", "lanh_dao": home_leader}
    state, notes = parse_params(raw, on=on, unit_codes=set(units["code"]), kinds=kinds,
                                leaders=supervising, default_preset=default_preset)
    notes = denied + dissolved + [n for n in notes if not (dissolved and n.startswith("Không có đơn vị mã"))]
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
                        min_value=EARLIEST_DATE, max_value=on)
            with right:
                _widget(st.date_input, "Đến ngày", None, "den", "end", period.end, format="DD/MM/YYYY",
                        min_value=EARLIEST_DATE, max_value=on)
        st.caption(f"Từ {fmt_date(period.start)} đến {fmt_date(period.end)}")
        _widget(st.radio, "Đơn vị tính theo", list(ORG_VIEWS), "to_chuc", "org", state.org, format_func=ORG_VIEWS.get,
                help="Theo tổ chức hiện nay: mọi số liệu (kể cả của đơn vị đã sáp nhập, giải thể) tính cho đơn vị "
                     "đang hoạt động vào ngày cuối kỳ. Theo số liệu ghi nhận: tính cho đơn vị ghi trên hồ sơ, "
                     "nhiệm vụ, đơn thư.")
        if unit_filter:
            _unit_widgets(state, units, leaders, kinds, supervising, OWN_SCOPE_MODES if restricted else SCOPE_MODES)
    leader_names = dict(zip(leaders["code"], leaders["name"]))
    org = state.organisation(period)
    scope, scope_label = scope_for(state, units, leader_names, org) if unit_filter else (Scope(None, org), "Toàn tỉnh")
    if restricted and scope.is_all:  # "all my units": the units listed (the store holds them to the user's own)
        scope, scope_label = Scope(frozenset(units["code"]), org), policy.own_units_label(units)
    return View(state, period, scope, describe_period(state.preset, period), scope_label, notes, allowed)


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
        names = dict(zip(units["code"], unit_labels(units)))
        _widget(st.multiselect, "Đơn vị", units["code"].tolist(), "dv", "units", state.units,
                format_func=lambda c: names.get(c, c), placeholder="Chọn một hoặc nhiều đơn vị")


def _dissolved_notes(raw, listed, units) -> list[str]:
    """Units asked for in the URL that do not exist on day R: what became of them (the current view)."""
    asked = [c.strip() for c in raw.get("dv", "").split(",") if c.strip()]
    gone = listed[listed["code"].isin(asked) & ~listed["code"].isin(units["code"])]
    return [f"{row.name} hoạt động đến hết ngày {fmt_date(row.last_day)}"
            + (f"; số liệu nay thuộc {', '.join(row.successor_names)}" if row.successor_names else "")
            + ". Chọn “Theo số liệu ghi nhận” để xem riêng đơn vị này." for row in gone.itertuples()]


# --- the assigning leader (tasks page) ---------------------------------------------------------

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
