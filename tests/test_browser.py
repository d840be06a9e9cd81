"""Real-browser smoke run: the dashboard (as `make run` starts it) on a seeded SQLite database, driven by Playwright
with Debian's Chromium (Playwright's own browser download cannot work on these machines).

Opens every page at 1920×1080, waits until Streamlit has finished running, checks that no error
element shows, clicks through one drill-down (a row of the overview's league table → that
unit's page) and saves screenshots to test-artifacts/browser/. Without /usr/bin/chromium it
skips with a message — except in CI (CI=true), where it fails.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from auth_helpers import browser_login
from browser_support import ARGS, CHROMIUM, ERROR, READY, ROOT, need_chromium, running_app, settle
from seeded import seeded_sqlite_copy

ARTIFACTS = ROOT / "test-artifacts" / "browser"
PAGES = {"tong_quan": "/", "nhiem_vu": "/nhiem-vu", "ho_so": "/ho-so", "don_thu": "/don-thu",
         "cai_cach_hanh_chinh": "/cai-cach-hanh-chinh", "don_vi": "/don-vi?don_vi=VPUB"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    need_chromium()
    url = seeded_sqlite_copy(tmp_path_factory, "0.1")
    db = Path(url.removeprefix("sqlite:///"))
    with running_app(url, db.parent / "streamlit.log", BDH_REFRESH_SECONDS="5") as base:
        yield {"base": base, "db": db}


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    pg = context.new_page()
    yield pg
    context.close()


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}_1920x1080.png"))


def test_first_visit_after_a_start_opens_the_page_asked_for(server, page):
    """The first request a fresh server gets is a bookmark to an inner page (runs before any other test)."""
    browser_login(page, server["base"] + "/ho-so", ready=READY)
    settle(page)
    assert "not found" not in page.locator("body").inner_text().lower()
    assert "Hồ sơ thủ tục hành chính" in page.locator("h1").first.inner_text()


@pytest.mark.parametrize("name", list(PAGES))
def test_page_opens_without_error(server, page, name):
    browser_login(page, server["base"] + PAGES[name], ready=READY)
    settle(page)
    shot(page, name)
    errors = page.query_selector_all(ERROR)
    assert not errors, errors[0].inner_text()[:2000]
    assert page.locator("h1").first.inner_text().strip(), "the page shows its title"


def test_drill_down_from_the_league_table(server, page):
    browser_login(page, server["base"] + "/", ready=READY)
    settle(page)
    table = page.locator(".st-key-league [data-testid='stDataFrame']")
    table.evaluate("e => e.scrollIntoView({block: 'start'})")  # the league of 100+ units is taller than the screen
    page.wait_for_timeout(300)
    box = table.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # the first row's selection cell
    page.wait_for_url("**/don-vi?*", timeout=30_000)
    settle(page)
    code = parse_qs(urlparse(page.url).query)["don_vi"][0]
    with sqlite3.connect(server["db"]) as conn:
        (name,) = conn.execute("select name from units where code = ?", (code,)).fetchone()
    page.get_by_role("heading", name=name).first.wait_for(timeout=30_000)
    shot(page, f"drill_down_{code}")
    assert not page.query_selector_all(ERROR)


def test_live_refresh_after_an_import_keeps_the_filters(server, page):
    path = "/ho-so?ky=thang-nay&pv=lanh-dao&lanh_dao=PCT1"
    browser_login(page, server["base"] + path, ready=READY)
    settle(page)
    stamp = page.get_by_text("Cập nhật lúc").first
    before = stamp.inner_text()
    with sqlite3.connect(server["db"]) as conn:  # what an import leaves behind
        conn.execute("insert into import_log (kind, file_name, imported_by, started_at, finished_at, status) "
                     "values ('dossiers', 'ho_so.csv', 'kiem_thu', ?, ?, 'ok')",
                     (datetime(2031, 1, 2, 8, 0).isoformat(" "), datetime(2031, 1, 2, 8, 5).isoformat(" ")))
    page.get_by_text("Cập nhật lúc 02/01/2031 08:05").first.wait_for(timeout=30_000)
    assert stamp.inner_text() != before
    assert "ky=thang-nay" in page.url and "lanh_dao=PCT1" in page.url
    assert not page.query_selector_all(ERROR)
