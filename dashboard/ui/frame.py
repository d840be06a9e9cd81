"""What every page does first: page setup, the database check, the sidebar filters and live refresh.

Each page calls `page_frame()` itself instead of relying on `app.py`, so a page also works when
it runs on its own (AppTest runs page files alone).
"""
from __future__ import annotations

import streamlit as st

from data_access.clock import now_local

from dashboard.ui import auth

from dashboard.ui import store

from dashboard.ui import sidebar
from dashboard.core.view import DEFAULT_PRESET, View
from dashboard.ui import settings, theme
from dashboard.core.formatting import fmt_date, fmt_datetime
from dashboard.core.safe import md


def page_setup(title: str, *, css: str = theme.PAGE_CSS, icon: str = ":material/monitoring:",
               admin_page: str | None = None, **page_config):
    """What every page does first: its browser title, the look, the database check (a banner and a stop if
    it is down), the login (and for an Office page, the admin guard). Returns the data version and Access."""
    st.set_page_config(page_title=f"{title} — Bảng điều hành", page_icon=icon, layout="wide", **page_config)
    st.html(css)
    st.html(theme.VIETNAMESE_SCRIPT, unsafe_allow_javascript=True, width=1)  # Streamlit's own texts in Vietnamese
    try:
        store.ensure_database()
        version = store.current_version()
    except store.DatabaseUnavailable as exc:
        database_down(str(exc), title)
    access = auth.require_admin(admin_page) if admin_page else auth.require_login()  # no figure before a login
    return version, access


def page_frame(title: str, *, question: str | None = None, unit_filter: bool = True,
               default_preset: str = DEFAULT_PRESET) -> View:
    """Set the page up and return the view the filters select; stops with a banner if the database is down.

    default_preset: the period when the URL names none (the overview opens on this week)."""
    version, access = page_setup(title)  # the user's units bound the view
    view = sidebar.sidebar_filters(unit_filter=unit_filter, allowed=access.allowed, home_leader=access.home_leader,
                                   default_preset=default_preset)
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


def _refresh_controls(version) -> None:
    with st.sidebar:
        st.divider()
        st.button("Làm mới", icon=":material/refresh:", on_click=store.clear_cache, key="f_refresh",
                  help="Đọc lại số liệu từ cơ sở dữ liệu ngay (bộ lọc giữ nguyên).")
        _watch(store.version_key(version))


def _watch(seen: tuple | None) -> None:
    st.fragment(_watch_body, run_every=settings.refresh_seconds())(seen)


def _watch_body(seen: tuple | None) -> None:
    """Runs every minute on its own: a new data version (or a recovered database) reruns the page."""
    try:
        version = store.current_version()
    except store.DatabaseUnavailable:
        if seen is not None:
            st.rerun(scope="app")
        st.caption(f"Đang thử kết nối lại… (lần thử lúc {now_local():%H:%M:%S})")
        return
    if seen is None or store.version_key(version) != seen:
        st.rerun(scope="app")
    updated = fmt_datetime(version.updated_at) if version.updated_at else "chưa có lần nhập nào"
    st.caption(f"Cập nhật lúc {updated}  \nKiểm tra lần cuối {now_local():%H:%M:%S} "
               f"(tự động mỗi {settings.refresh_seconds():.0f} giây)")
