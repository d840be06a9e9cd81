"""Logging an AppTest session in: the session the login form would leave behind (the form itself is tested
in test_access.py). The demo seed creates one account per role (seed/accounts.py)."""
from __future__ import annotations

from data_access.clock import now_local

SESSION_KEY = "_bdh_auth"  # dashboard.auth.SESSION_KEY
DEMO_PASSWORDS = {"chutich": "demo@chutich", "pct1": "demo@pct1", "vanphong": "demo@vanphong",
                  "so_taichinh": "demo@so_taichinh", "huyen_binhson": "demo@huyen_binhson",
                  "xa_binhson": "demo@xa_binhson"}


def login(at, username: str = "chutich"):
    now = now_local()
    at.session_state[SESSION_KEY] = {"username": username, "login_at": now, "last_seen": now}
    return at


def browser_login(page, url: str, username: str = "chutich", *, ready: str, timeout: float = 90_000) -> None:
    """Open `url` in a real browser and log in through the form (a new browser session starts logged out)."""
    page.goto(url)
    page.wait_for_selector(ready, timeout=timeout)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORDS[username])
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Tên đăng nhập").wait_for(state="detached", timeout=timeout)  # the form is gone
    page.wait_for_selector(ready, timeout=timeout)
