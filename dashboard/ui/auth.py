"""Login, the session and its expiry, logout: the door every page passes before it reads a figure.

Every page calls `require_login()` (through `frame.page_frame`, or at its top), so a page run on
its own (AppTest) is protected too; `app.py` asks `signed_in_user()` only to choose the menu.

Sessions live in the database (`data_access.sessions`): the browser holds a random token, the
database its hash. EVERY run of every tab asks `check_session` about the token — what this tab
logged in with, else the browser's cookie (`bdh_phien`) — so logout, expiry (`BDH_IDLE_MINUTES`,
default 30, without activity; `BDH_SESSION_HOURS`, default 12, after login; both also read from
Streamlit secrets) and a disabled account apply to every tab and every instance at their next
click, and a restart of the app keeps people logged in. The session state alone opens nothing.

The cookie is HttpOnly, SameSite=Strict (Secure over HTTPS), so JavaScript cannot set it: after a
login the page asks our own route (`dashboard.ui.web`, `/_bdh/phien`) with a one-time code, and
that route's response sets the cookie; logout asks it to clear the cookie likewise.
"""
from __future__ import annotations

from datetime import datetime

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from data_access import audit, sessions
from data_access.clock import now_local, today_local
from data_access.org import current
from data_access.users import ROLES, User, authenticate, bound_unit_status, home_units, scope_for

from dashboard.core.access_policy import NO_PAGE_PERMISSION
from dashboard.core.safe import md
from dashboard.ui import store, web
from dashboard.ui.audit import deny
from dashboard.ui.session import ACCESS_KEY, Access
from dashboard.ui.settings import APP_TITLE, idle_limit, session_limit

SESSION_KEY = "_bdh_auth"  # {"token": the raw session token this tab logged in with, "username": ...}
COOKIE = web.COOKIE
_COOKIE_PENDING = "_bdh_cookie_pending"  # the one-time code the browser still has to exchange for its cookie
_COOKIE_CLEAR = "_bdh_cookie_clear"
NOTICE_KEY = "_bdh_auth_notice"
# The cookie this browser session arrived with, once found dead (Streamlit keeps the cookies of the
# connection until a reload): not asked again, so the login form's runs do not each wipe the state.
_DEAD_COOKIE = "_bdh_dead_cookie"
NO_SCOPE = "Tài khoản của bạn chưa được cấp quyền xem số liệu nào. Hãy liên hệ Văn phòng UBND tỉnh."


def _cookie_token() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 — no browser (AppTest, bare mode)
        return None
    return value if isinstance(value, str) and value else None  # AppTest hands back a stand-in object


def _token() -> tuple[str | None, bool]:
    """The token to check, and whether it came from the cookie (not from this tab's own login)."""
    held = (st.session_state.get(SESSION_KEY) or {}).get("token")
    if held:
        return held, False
    cookie = _cookie_token()
    return (None if cookie is not None and cookie == st.session_state.get(_DEAD_COOKIE) else cookie), True


def _forget(notice: str | None = None) -> None:
    """Forget everything of this browser session (filters, packs, the login); the cookie it came with is over."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[_DEAD_COOKIE] = _cookie_token()
    st.session_state[_COOKIE_CLEAR] = True
    if notice:
        st.session_state[NOTICE_KEY] = notice


def _browser_call(path: str) -> None:
    """Ask one of our routes (dashboard.ui.web) from the browser, so its response can set or clear the
    HttpOnly cookie (the page itself cannot: JavaScript may not write an HttpOnly cookie)."""
    st.html(f"<script>fetch({path!r}, {{method: 'POST', credentials: 'same-origin', cache: 'no-store'}});"
            "</script>", unsafe_allow_javascript=True, width=1)


def _check_session(conn, token: str | None, now: datetime) -> tuple[Access | None, sessions.SessionCheck]:
    result = sessions.check_session(conn, token, now, idle_minutes=idle_limit().total_seconds() / 60,
                                    session_hours=session_limit().total_seconds() / 3600)
    if result.just_ended:
        audit.record(conn, "session_expired", username=result.username, at=now,
                     detail={"ly_do": result.ended_reason})
    if not result.live:
        return None, result
    user = result.user
    home = user.leader_code if home_units(conn, user) else None
    today = today_local()
    status = bound_unit_status(conn, user, today)  # a unit account bound to a unit that has ended
    return Access(user, scope_for(conn, user, current(today)), home,
                  status.message() if status is not None and not status.exists else None), result


def current_user() -> User | None:
    """The logged-in, active user (and their Access in the session), asked of the database on every run."""
    token, from_cookie = _token()
    if not token:
        st.session_state.pop(ACCESS_KEY, None)
        return None
    access, result = store.run(_check_session, token, now_local())
    if access is None:
        reason = result.ended_reason or "unknown"
        # A stale cookie of a session ended long ago needs no message; a session that ended under
        # this tab (logout elsewhere, expiry, account disabled) says why.
        notice = None if from_cookie and reason == "unknown" else sessions.ENDED_NOTICES.get(reason)
        _forget(notice)
        return None
    st.session_state[SESSION_KEY] = {"token": token, "username": access.user.username}
    st.session_state[ACCESS_KEY] = access
    return access.user


def session_still_live() -> bool:
    """For a fragment that reruns on its own (projector mode): the session is asked again, every turn."""
    try:
        return current_user() is not None
    except (SQLAlchemyError, store.DatabaseUnavailable):
        return False


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
        if st.session_state.pop(_COOKIE_CLEAR, False) and _cookie_token():
            _browser_call(web.CLEAR_PATH)
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


def _authenticate_and_open(conn, username: str, password: str, now: datetime):
    """The password check and the new session in one transaction: no session without its login_ok row."""
    result = authenticate(conn, username, password, now=now)
    token = sessions.create_session(conn, result.user, now) if result.user is not None else None
    return result, token


def start_session(user: User, token: str) -> None:
    st.session_state[SESSION_KEY] = {"token": token, "username": user.username}
    st.session_state[_COOKIE_PENDING] = web.issue_code(token)


def _login(username: str, password: str) -> None:
    result, token = store.run(_authenticate_and_open, username, password, now_local())
    if result.user is None:
        st.error(result.message, icon=":material/error:")
        return
    start_session(result.user, token)
    st.rerun()


def _end_and_audit(conn, token: str, now: datetime) -> None:
    username = sessions.end_session(conn, token, now)
    if username:
        audit.record(conn, "logout", username=username, at=now)


def logout() -> None:
    """End the session in the database: every tab and every copy of the cookie is out at its next click."""
    token, _ = _token()
    if token:
        store.run(_end_and_audit, token, now_local())
    _forget(sessions.ENDED_NOTICES["logout"])


def _sidebar(user: User) -> None:
    with st.sidebar:
        code = st.session_state.pop(_COOKIE_PENDING, None)
        if code:
            _browser_call(f"{web.COOKIE_PATH}?ma={code}")
        box = st.container(horizontal=True, vertical_alignment="center", gap="small")
        box.caption(f":material/person: {md(user.display_name)}  \n{md(ROLES.get(user.role, user.role))}")
        box.button("Đăng xuất", icon=":material/logout:", on_click=logout, key="bdh_logout", type="tertiary")
