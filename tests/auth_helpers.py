"""Logging an AppTest session in: the session the login form would leave behind — a session row in the
database (DATABASE_URL) and its token in the tab's state (the form itself is tested in test_access.py). The
demo seed creates one account per role (seed/accounts.py)."""
from __future__ import annotations

import os
from datetime import datetime

from data_access.clock import now_local
from data_access.db import make_engine
from data_access.sessions import create_session

SESSION_KEY = "_bdh_auth"  # dashboard.auth.SESSION_KEY
DEMO_PASSWORDS = {"chutich": "demo@chutich", "pct1": "demo@pct1", "vanphong": "demo@vanphong",
                  "so_taichinh": "demo@so_taichinh", "huyen_binhson": "demo@huyen_binhson",
                  "xa_binhson": "demo@xa_binhson"}


def open_session(username: str = "chutich", *, at_time: datetime | None = None) -> str:
    """A live session in the database of DATABASE_URL, opened at `at_time` (default now); its raw token."""
    engine = make_engine(os.environ["DATABASE_URL"])
    try:
        with engine.begin() as conn:
            return create_session(conn, username, at_time or now_local())
    finally:
        engine.dispose()


def login(at, username: str = "chutich"):
    at.session_state[SESSION_KEY] = {"token": open_session(username), "username": username}
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
