"""Real browser, projector mode (`/giao-ban?trinh_chieu=1`) after issue 14:

- imported task titles that are Markdown (`:red[x]`, `**bold**`, `$x^2$`, `![i](http://127.0.0.1:9/x.png)`)
  show literally in the projector's agenda table, and the browser fetches nothing outside the dashboard;
- the projector asks for the session on every turn: after a logout in another tab it stops showing figures.

Playwright with Debian's Chromium; skips without /usr/bin/chromium, except in CI (CI=true).
"""
from __future__ import annotations

import csv
from datetime import timedelta
from urllib.parse import urlparse

import pytest

from auth_helpers import browser_login
from browser_support import ARGS, CHROMIUM, ERROR, READY, need_chromium, running_app, settle
from seeded import seeded_sqlite_copy

PAYLOADS = [":red[x]", "**bold**", "$x^2$", "![i](http://127.0.0.1:9/x.png)"]
FAVICON_HOST = "https://fonts.gstatic.com/s/i/short-term/release/materialsymbolsrounded/"
AGENDA_TITLE = "Nhiệm vụ đến hạn trong kỳ nhưng chưa hoàn thành"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from data_access.clock import today_local
    from data_access.db import make_engine
    from data_access.importer import import_file
    need_chromium()
    folder = tmp_path_factory.mktemp("browser_projector")
    url = seeded_sqlite_copy(tmp_path_factory, "0.05", folder=folder)
    today = today_local()
    monday = today - timedelta(days=today.weekday() + 7)  # of the last full week, the briefing's default
    with open(folder / "tasks.csv", "w", newline="", encoding="utf-8") as f:
        # due on the week's Monday and still open: "became overdue in the span", first in its agenda (oldest
        # due first, then by id: "0…" sorts before the seeded ids)
        csv.writer(f).writerows([["task_id", "title", "assigned_by", "lead_unit", "assigned_date", "due_date"]] +
                                [[f"0-MD-{i}", p, "PCT1", "STC", (monday - timedelta(days=30)).isoformat(),
                                  monday.isoformat()] for i, p in enumerate(PAYLOADS)])
    engine = make_engine(url)
    assert import_file(engine, "tasks", folder / "tasks.csv", user="kiem_thu").status == "ok"
    engine.dispose()
    with running_app(url, folder / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _wait_for_screen(page, text: str, turns: int = 12, seconds: int = 5):
    """Projector screens rotate: wait until the one showing `text` is up."""
    for _ in range(turns * 2):
        if page.get_by_text(text, exact=True).count():
            return
        page.wait_for_timeout(seconds * 500)
    raise AssertionError(f"no projector screen showed {text!r} in {turns} turns")


def test_projector_tables_show_imported_markdown_literally_and_fetch_nothing_outside(server, browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    page = context.new_page()
    origin = urlparse(server).netloc
    outside = []
    page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).netloc not in (origin, "") else None)
    browser_login(page, f"{server}/giao-ban?trinh_chieu=1&giay=5", ready=READY)
    _wait_for_screen(page, AGENDA_TITLE)
    page.wait_for_timeout(500)
    table = page.locator('[data-testid="stTable"]').first
    shown = table.inner_text()
    for payload in PAYLOADS:
        assert payload in shown, (payload, shown)
    assert table.locator("img").count() == 0 and table.locator("strong").count() == 0
    assert table.locator(".katex").count() == 0  # no formula typeset
    assert page.locator(ERROR).count() == 0
    # Streamlit draws the `:material/…:` page icon (the tab's favicon) from Google's font server: chrome,
    # the same on every page, not data. Nothing else may leave the dashboard, the payload's address least of all.
    assert not any("127.0.0.1:9" in u for u in outside), outside
    assert not [u for u in outside if not u.startswith(FAVICON_HOST)], outside
    context.close()


def test_projector_stops_at_its_next_turn_after_logout_elsewhere(server, browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    projector = context.new_page()
    browser_login(projector, f"{server}/giao-ban?trinh_chieu=1&giay=5", ready=READY)
    projector.get_by_text("tự chuyển sau 5 giây").first.wait_for(timeout=60_000)
    for _ in range(50):  # the cookie the second tab logs out with
        if any(c["name"] == "bdh_phien" for c in context.cookies()):
            break
        projector.wait_for_timeout(100)

    office = context.new_page()
    office.goto(server + "/")
    settle(office)
    office.get_by_role("button", name="Đăng xuất").click()
    office.get_by_text("Bạn đã đăng xuất.").wait_for(timeout=60_000)

    projector.get_by_label("Tên đăng nhập").wait_for(timeout=30_000)  # within a few turns of 5 s, untouched
    assert projector.get_by_text("tự chuyển sau 5 giây").count() == 0
    assert projector.locator('[data-testid="stMetric"]').count() == 0
    context.close()
