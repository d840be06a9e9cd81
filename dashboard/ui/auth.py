"""Login, the session and its expiry, logout: the door every page passes before it reads a figure.

Every page calls `require_login()` (through `frame.page_frame`, or at its top), so a page run on
its own (AppTest) is protected too; `app.py` asks `signed_in_user()` only to choose the menu.

The session keeps the username, the login time and the last activity. It ends after
`BDH_IDLE_MINUTES` (default 30) without activity or `BDH_SESSION_HOURS` (default 12) after the
login, whichever comes first — both also read from Streamlit secrets (`idle_minutes`,
`session_hours`). The user row is read again on every run, so a disabled account is out at once.

A reload or a new tab opens a new Streamlit session: the login survives it through a random
session token in a cookie (`bdh_phien`, SameSite=Strict), looked up in a server-side store that
holds the same login and activity times, so expiry and logout apply to every tab alike.
"""
from __future__ import annotations

import secrets
import threading
from datetime import datetime

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from data_access import audit
from data_access.clock import now_local, today_local
from data_access.org import current
from data_access.users import ROLES, User, authenticate, bound_unit_status, get_user, home_units, scope_for

from dashboard.core.access_policy import NO_PAGE_PERMISSION
from dashboard.core.safe import md
from dashboard.ui import store
from dashboard.ui.audit import deny
from dashboard.ui.session import ACCESS_KEY, Access
from dashboard.ui.settings import APP_TITLE, idle_limit, session_limit

SESSION_KEY = "_bdh_auth"
COOKIE = "bdh_phien"
_COOKIE_PENDING = "_bdh_cookie_pending"
_COOKIE_CLEAR = "_bdh_cookie_clear"
NOTICE_KEY = "_bdh_auth_notice"
EXPIRED = {"idle": "Phiên làm việc đã hết hạn do không hoạt động. Vui lòng đăng nhập lại.",
           "absolute": "Phiên làm việc đã hết thời hạn tối đa. Vui lòng đăng nhập lại.",
           "inactive": "Tài khoản không còn hiệu lực. Hãy liên hệ Văn phòng UBND tỉnh."}
NO_SCOPE = "Tài khoản của bạn chưa được cấp quyền xem số liệu nào. Hãy liên hệ Văn phòng UBND tỉnh."


@st.cache_resource(show_spinner=False)
def _token_store() -> tuple[dict, threading.Lock]:
    """token → the login (the same dict the session holds, so activity is shared by every tab)."""
    return {}, threading.Lock()


def start_session(user: User, *, now: datetime | None = None) -> None:
    now = now or now_local()
    token = secrets.token_urlsafe(32)
    session = {"username": user.username, "login_at": now, "last_seen": now, "token": token}
    tokens, lock = _token_store()
    with lock:
        tokens[token] = session
    st.session_state[SESSION_KEY] = session
    st.session_state[_COOKIE_PENDING] = token


def _restored() -> dict | None:
    """The login of this browser (its cookie), for a session opened by a reload or a new tab."""
    try:
        token = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 — no browser (AppTest, bare mode)
        return None
    if not token:
        return None
    tokens, lock = _token_store()
    with lock:
        session = tokens.get(token)
    if session is not None:
        st.session_state[SESSION_KEY] = session
    return session


def _end_session(notice: str | None = None) -> None:
    """Forget everything of this browser session (filters, packs, the login) and its token."""
    token = (st.session_state.get(SESSION_KEY) or {}).get("token")
    if token:
        tokens, lock = _token_store()
        with lock:
            tokens.pop(token, None)
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[_COOKIE_CLEAR] = True
    if notice:
        st.session_state[NOTICE_KEY] = notice


def _cookie_script(token: str | None) -> None:
    """Set (or expire) the session cookie in the browser."""
    if token:
        value = f"{COOKIE}={token}; Path=/; SameSite=Strict; Max-Age={int(session_limit().total_seconds())}"
    else:
        value = f"{COOKIE}=; Path=/; SameSite=Strict; Max-Age=0"
    st.html(f"<script>document.cookie = '{value}' + (location.protocol === 'https:' ? '; Secure' : '');</script>",
            unsafe_allow_javascript=True, width=1)


def _expiry(session: dict, now: datetime) -> str | None:
    if now - session["login_at"] > session_limit():
        return "absolute"
    if now - session["last_seen"] > idle_limit():
        return "idle"
    return None


def current_user() -> User | None:
    """The logged-in, active user (and their Access in the session); ends an expired session, audited."""
    session = st.session_state.get(SESSION_KEY) or _restored()
    if not session:
        st.session_state.pop(ACCESS_KEY, None)
        return None
    now = now_local()
    access, reason = store.run(_check, session["username"], _expiry(session, now), now)
    if reason:
        _end_session(EXPIRED[reason])
        return None
    session["last_seen"] = now
    st.session_state[ACCESS_KEY] = access
    return access.user


def _check(conn, username: str, reason: str | None, now) -> tuple[Access | None, str | None]:
    """The user's Access, or why the session ends (expired, disabled, gone) — audited then."""
    user = None if reason else get_user(conn, username)
    if reason is None and (user is None or not user.active):
        reason = "inactive"
    if reason:
        audit.record(conn, "session_expired", username=username, at=now, detail={"ly_do": reason})
        return None, reason
    home = user.leader_code if home_units(conn, user) else None
    today = today_local()
    status = bound_unit_status(conn, user, today)  # a unit account bound to a unit that has ended
    return Access(user, scope_for(conn, user, current(today)), home,
                  status.message() if status is not None and not status.exists else None), None


def signed_in_user() -> User | None:
    """For `app.py`'s menu: the user, or None (also when the database cannot be read — the page says so)."""
    try:
        return current_user()
    except (SQLAlchemyError, store.DatabaseUnavailable):
        return None


def require_login() -> Access:
    """The guard: the login form (and a stop) unless someone is logged in; deny by default."""
    user = current_user()
    if user is None:
        login_form()
        st.stop()
    access: Access = st.session_state[ACCESS_KEY]
    _sidebar(user)
    if access.bound_unit_notice:
        st.warning(f"{md(access.bound_unit_notice)} Tài khoản của bạn vẫn gắn với đơn vị cũ nên chưa xem được số liệu "
                   "theo tổ chức hiện nay. Hãy đề nghị Văn phòng UBND tỉnh chuyển tài khoản sang đơn vị mới.",
                   icon=":material/domain_disabled:")
        st.stop()
    if access.allowed.unit_codes is not None and not access.allowed.unit_codes:
        st.warning(NO_SCOPE, icon=":material/lock:")
        st.stop()
    return access


def require_admin(page: str) -> Access:
    """The guard of the admin pages: others get a plain notice, audited."""
    access = require_login()
    if not access.user.is_admin:
        deny({"trang": page}, NO_PAGE_PERMISSION)
        st.stop()
    return access


def login_form() -> None:
    _, middle, _ = st.columns([1, 1.3, 1])
    with middle:
        st.title("Đăng nhập", anchor=False)
        st.caption(APP_TITLE)
        if st.session_state.pop(_COOKIE_CLEAR, False):
            _cookie_script(None)
        notice = st.session_state.pop(NOTICE_KEY, None)
        if notice:
            st.info(notice, icon=":material/info:")
        with st.form("bdh_login", clear_on_submit=True):
            username = st.text_input("Tên đăng nhập", key="bdh_login_user", autocomplete="username")
            password = st.text_input("Mật khẩu", type="password", key="bdh_login_password",
                                     autocomplete="current-password")
            submitted = st.form_submit_button("Đăng nhập", type="primary", icon=":material/login:")
        if submitted:
            _login(username.strip(), password)
        st.caption("Tài khoản do Văn phòng UBND tỉnh cấp. Sau 5 lần nhập sai liên tiếp, tài khoản bị tạm khóa "
                   "15 phút.")


def _login(username: str, password: str) -> None:
    result = store.run(authenticate, username, password)
    if result.user is None:
        st.error(result.message, icon=":material/error:")
        return
    start_session(result.user)
    st.rerun()


def logout() -> None:
    session = st.session_state.get(SESSION_KEY) or {}
    if session.get("username"):
        store.run(audit.record, "logout", username=session["username"])
    _end_session("Bạn đã đăng xuất.")


def _sidebar(user: User) -> None:
    with st.sidebar:
        token = st.session_state.pop(_COOKIE_PENDING, None)
        if token:
            _cookie_script(token)
        box = st.container(horizontal=True, vertical_alignment="center", gap="small")
        box.caption(f":material/person: {md(user.display_name)}  \n{md(ROLES.get(user.role, user.role))}")
        box.button("Đăng xuất", icon=":material/logout:", on_click=logout, key="bdh_logout", type="tertiary")
