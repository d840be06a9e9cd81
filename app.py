"""Bảng điều hành — UBND tỉnh Quảng Ngãi: the frame that registers the pages under fixed addresses.

Run with `python -m dashboard.serve` (`make run`): it serves `asgi.py`, this script plus the session-cookie
route and the download guard (`dashboard.ui.web`). Each page draws the shared sidebar filters itself (through
`dashboard.frame.page_frame`), so it also works when run on its own.
"""
import streamlit as st

from dashboard.ui.auth import signed_in_user
from dashboard.ui.settings import APP_TITLE

st.set_page_config(page_title=APP_TITLE, page_icon=":material/monitoring:", layout="wide")

PAGES = [
    st.Page("pages/tong_quan.py", title="Tổng quan", icon=":material/dashboard:", url_path="", default=True),
    st.Page("pages/nhiem_vu.py", title="Nhiệm vụ được giao", icon=":material/assignment:", url_path="nhiem-vu"),
    st.Page("pages/ho_so.py", title="Hồ sơ thủ tục hành chính", icon=":material/folder_open:", url_path="ho-so"),
    st.Page("pages/don_thu.py", title="Đơn thư, tiếp công dân", icon=":material/mail:", url_path="don-thu"),
    st.Page("pages/cai_cach_hanh_chinh.py", title="Chỉ số cải cách hành chính", icon=":material/leaderboard:",
            url_path="cai-cach-hanh-chinh"),
    st.Page("pages/don_vi.py", title="Đơn vị", icon=":material/apartment:", url_path="don-vi"),
    st.Page("pages/giao_ban.py", title="Giao ban", icon=":material/co_present:", url_path="giao-ban"),
    st.Page("pages/giai_trinh.py", title="Giải trình", icon=":material/contact_support:", url_path="giai-trinh"),
]


def admin_pages(visible: bool) -> list:
    """The Office's pages (role `admin`). For other roles they stay registered but hidden from the
    menu, so a typed address shows the page's own "không có quyền" notice, not "Page not found"."""
    visibility = "visible" if visible else "hidden"
    return [
        st.Page("pages/du_lieu.py", title="Dữ liệu", icon=":material/upload_file:", url_path="du-lieu",
                visibility=visibility),
        st.Page("pages/quan_tri.py", title="Quản trị", icon=":material/admin_panel_settings:", url_path="quan-tri",
                visibility=visibility),
        st.Page("pages/don_doc.py", title="Đôn đốc", icon=":material/notifications_active:", url_path="don-doc",
                visibility=visibility),
    ]


with st.sidebar:
    st.markdown(f"**{APP_TITLE}**")
user = signed_in_user()
if user is None:  # every page shows the login form first; no menu until someone is logged in
    st.navigation(PAGES + admin_pages(False), position="hidden").run()
else:
    st.navigation(PAGES + admin_pages(user.is_admin), position="sidebar", expanded=True).run()
