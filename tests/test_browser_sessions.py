"""Real browser: sessions live in the database and die with logout everywhere (issue 14).

- the cookie is HttpOnly and SameSite=Strict (set by our route, not by a script) and a reload keeps the login;
- logout in one tab ends the other tab's session at its next click;
- a copied cookie (another browser) stops working after the logout;
- a download link (`/media/...`) is refused without a live session, also right after logout;
- a restart of the server keeps the login.

Playwright with Debian's Chromium; skips without /usr/bin/chromium, except in CI (CI=true).
"""
from __future__ import annotations

import pytest

from auth_helpers import browser_login
from browser_support import ARGS, CHROMIUM, READY, need_chromium, running_app, settle
from seeded import seeded_sqlite_copy

LOGOUT_NOTICE = "Bạn đã đăng xuất."
MEDIA_REFUSED = "phiên đăng nhập đã kết thúc hoặc chưa đăng nhập"


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    need_chromium()
    folder = tmp_path_factory.mktemp("browser_sessions")
    url = seeded_sqlite_copy(tmp_path_factory, "0.05", folder=folder)
    return url, folder


@pytest.fixture(scope="module")
def server(database):
    url, folder = database
    with running_app(url, folder / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _context(browser):
    return browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN", accept_downloads=True)


def _login_form_shown(page) -> bool:
    return page.get_by_label("Tên đăng nhập").count() == 1


def _session_cookie(context) -> dict:
    cookies = [c for c in context.cookies() if c["name"] == "bdh_phien"]
    assert len(cookies) == 1, context.cookies()
    return cookies[0]


def _wait_cookie(page, context) -> dict:
    for _ in range(50):
        if any(c["name"] == "bdh_phien" for c in context.cookies()):
            break
        page.wait_for_timeout(100)
    return _session_cookie(context)


def _logout(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_text(LOGOUT_NOTICE).wait_for(timeout=60_000)


def test_cookie_is_httponly_strict_and_a_reload_keeps_the_login(server, browser):
    context = _context(browser)
    page = context.new_page()
    browser_login(page, server + "/", ready=READY)
    cookie = _wait_cookie(page, context)
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie").find("bdh_phien") == -1  # no script can read it
    page.reload()
    settle(page)
    assert not _login_form_shown(page)
    assert page.get_by_role("button", name="Đăng xuất").count() == 1
    context.close()


def test_logging_in_again_in_the_same_tab_after_logout(server, browser):
    """The tab still carries the old cookie on its connection: the second login must not be wiped by it."""
    from auth_helpers import DEMO_PASSWORDS

    context = _context(browser)
    page = context.new_page()
    browser_login(page, server + "/", ready=READY)
    first = _wait_cookie(page, context)["value"]
    page.reload()  # the connection now carries the cookie
    settle(page)
    _logout(page)
    page.get_by_label("Tên đăng nhập").fill("pct1")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORDS["pct1"])
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Đăng xuất").wait_for(timeout=60_000)
    for _ in range(50):
        if [c for c in context.cookies() if c["name"] == "bdh_phien" and c["value"] != first]:
            break
        page.wait_for_timeout(100)
    assert _session_cookie(context)["value"] != first  # the new session's cookie replaced the old one
    page.reload()
    settle(page)
    assert not _login_form_shown(page) and page.get_by_text("Phó Chủ tịch").count() >= 1
    context.close()


def test_logout_in_one_tab_ends_the_other_tab_at_its_next_click(server, browser):
    context = _context(browser)
    first = context.new_page()
    browser_login(first, server + "/", ready=READY)
    _wait_cookie(first, context)
    second = context.new_page()
    second.goto(server + "/nhiem-vu")
    settle(second)
    assert not _login_form_shown(second)  # the second tab is in through the cookie

    _logout(first)
    second.get_by_role("link", name="Hồ sơ thủ tục hành chính").click()  # its next click
    second.get_by_label("Tên đăng nhập").wait_for(timeout=60_000)
    settle(second)
    assert second.get_by_text(LOGOUT_NOTICE).count() == 1
    assert second.get_by_role("button", name="Đăng xuất").count() == 0
    context.close()


def test_a_copied_cookie_stops_working_after_logout(server, browser):
    owner = _context(browser)
    page = owner.new_page()
    browser_login(page, server + "/", ready=READY)
    cookie = _wait_cookie(page, owner)

    thief = _context(browser)
    thief.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path", "httpOnly", "sameSite")}])
    stolen = thief.new_page()
    stolen.goto(server + "/don-thu")
    settle(stolen)
    assert not _login_form_shown(stolen)  # the copy worked while the session lived

    _logout(page)
    stolen.reload()
    settle(stolen)
    assert _login_form_shown(stolen)
    assert stolen.get_by_role("button", name="Đăng xuất").count() == 0
    owner.close()
    thief.close()


def test_a_download_is_refused_without_a_live_session(server, browser, tmp_path):
    context = _context(browser)
    page = context.new_page()
    browser_login(page, server + "/nhiem-vu", ready=READY)
    _wait_cookie(page, context)
    settle(page)
    button = page.locator('[data-testid="stDownloadButton"] button').first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=120_000) as info:
        button.click()
    download = info.value
    assert download.failure() is None
    media = download.url
    assert "/media/" in media, media
    assert context.request.get(media).status == 200  # with the live cookie: served

    anonymous = browser.new_context()
    refused = anonymous.request.get(media)
    assert refused.status == 403 and MEDIA_REFUSED in refused.text()
    anonymous.close()

    _logout(page)
    after = context.request.get(media)  # the same browser, its session over
    assert after.status == 403 and MEDIA_REFUSED in after.text()
    context.close()


def test_a_restart_keeps_the_login(database, browser):
    url, folder = database
    context = _context(browser)
    with running_app(url, folder / "first.log") as base:
        page = context.new_page()
        browser_login(page, base + "/", ready=READY)
        cookie = _wait_cookie(page, context)
        page.close()
    with running_app(url, folder / "second.log") as base:
        context.add_cookies([{**{k: cookie[k] for k in ("name", "value", "path", "httpOnly", "sameSite")},
                              "domain": "127.0.0.1"}])
        page = context.new_page()
        page.goto(base + "/")
        settle(page)
        assert not _login_form_shown(page)
        assert page.get_by_role("button", name="Đăng xuất").count() == 1
    context.close()
