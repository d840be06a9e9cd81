"""What every page does first: page setup, the database check, the sidebar filters and live refresh.

Each page calls `page_frame()` itself instead of relying on `app.py`, so a page also works when
it runs on its own (AppTest runs page files alone).
"""
from __future__ import annotations

from datetime import datetime

import streamlit as st

from dashboard.ui import auth

from dashboard.ui import store

from dashboard.ui import sidebar
from dashboard.ui.sidebar import TZ, View
from dashboard.core.formatting import fmt_date, fmt_datetime
from dashboard.core.safe import md

APP_TITLE = "Bảng điều hành — UBND tỉnh Quảng Ngãi"
SOURCE = "Văn phòng UBND tỉnh Quảng Ngãi — Bảng điều hành"

# Streamlit's own chrome stays quiet; cards get a coloured left edge by their status.
_CSS = """
<style>
[class*="st-key-kpi-good"] {border-left: 6px solid #1b7f3b !important;}
[class*="st-key-kpi-warn"] {border-left: 6px solid #f2a900 !important;}
[class*="st-key-kpi-bad"] {border-left: 6px solid #d1342f !important;}
[class*="st-key-kpi-none"] {border-left: 6px solid #c5ccd4 !important;}
[data-testid="stMetricValue"] {font-size: 2.1rem;}
[data-testid="stMetricLabel"] p {font-size: 0.98rem; font-weight: 600;}
/* long Vietnamese labels wrap instead of ending in "…" on narrow screens (1366 px, projectors) */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *, [data-testid="stMetricDelta"] *,
[data-testid="stMetricDeltaDescription"], [data-testid="stMetricDeltaDescription"] *,
[data-testid="stMetric"] [data-testid="stMarkdownContainer"], [data-testid="stMetric"] span,
[data-testid="stBadge"], [data-testid="stBadge"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;}
[data-testid="stMetricValue"] > div, [data-testid="stMetricValue"] * {white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; overflow-wrap: anywhere; line-height: 1.15;}
.stMarkdownBadge {white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  display: inline-block; max-width: 100%;}
/* cards whose value is a unit's name, not a number: a smaller value, so a long name does not fill the card */
[class*="-par-"] [data-testid="stMetricValue"] {font-size: 1.35rem;}
[data-testid="stSidebarHeader"] {margin-bottom: 0;}
.block-container {padding-top: 2.2rem;}
</style>
"""


def page_frame(title: str, *, question: str | None = None, unit_filter: bool = True) -> View:
    """Set the page up and return the view the filters select; stops with a banner if the database is down."""
    st.set_page_config(page_title=f"{title} — Bảng điều hành", page_icon=":material/monitoring:", layout="wide")
    st.html(_CSS)
    try:
        store.ensure_database()
        version = store.current_version()
    except store.DatabaseUnavailable as exc:
        database_down(str(exc), title)
    access = auth.require_login()  # no figure before a login; the user's units bound the view
    view = sidebar.sidebar_filters(unit_filter=unit_filter, allowed=access.allowed, home_leader=access.home_leader)
    _refresh_controls(version)
    st.title(title, anchor=False)
    scope = f" · {md(view.scope_label)}" if unit_filter else ""
    st.caption(f"**{view.period_label}**{scope} · Số liệu đến ngày {fmt_date(view.as_of)}"
               + (f" — {question}" if question else ""))
    for note in view.notes:
        st.warning(md(note), icon=":material/warning:")  # notes quote the URL: shown as text
    return view


def database_down(message: str, title: str | None = None):
    """The plain banner for an unreachable database; keeps re-checking and reloads when it is back."""
    if title:
        st.title(title, anchor=False)
    st.error(f"**Không đọc được số liệu.** {message}", icon=":material/cloud_off:")
    sidebar.offline_filters()
    with st.sidebar:
        _watch(None)
    st.stop()


def _version_key(version) -> tuple:
    return (version.last_import_id, version.imports, version.updated_at)


def _refresh_controls(version) -> None:
    with st.sidebar:
        st.divider()
        st.button("Làm mới", icon=":material/refresh:", on_click=store.clear_cache, key="f_refresh",
                  help="Đọc lại số liệu từ cơ sở dữ liệu ngay (bộ lọc giữ nguyên).")
        _watch(_version_key(version))


def _watch(seen: tuple | None) -> None:
    st.fragment(_watch_body, run_every=store.refresh_seconds())(seen)


def _watch_body(seen: tuple | None) -> None:
    """Runs every minute on its own: a new data version (or a recovered database) reruns the page."""
    try:
        version = store.current_version()
    except store.DatabaseUnavailable:
        if seen is not None:
            st.rerun(scope="app")
        st.caption(f"Đang thử kết nối lại… (lần thử lúc {datetime.now(TZ):%H:%M:%S})")
        return
    if seen is None or _version_key(version) != seen:
        st.rerun(scope="app")
    updated = fmt_datetime(version.updated_at) if version.updated_at else "chưa có lần nhập nào"
    st.caption(f"Cập nhật lúc {updated}  \nKiểm tra lần cuối {datetime.now(TZ):%H:%M:%S} "
               f"(tự động mỗi {store.refresh_seconds():.0f} giây)")
