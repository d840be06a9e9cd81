"""Real browser: what a `unit` user, the Chairman and the Office see, and imported markup left inert.

The dashboard on a seeded SQLite database holding tasks and a unit whose names are HTML,
Markdown and SQL fragments; Playwright with Debian's Chromium. Skips with a message without
/usr/bin/chromium, except in CI (CI=true).
"""
from __future__ import annotations

from datetime import date

import pytest

from auth_helpers import browser_login
from browser_support import ARGS, CHROMIUM, ERROR, READY, need_chromium, running_app, settle
from seeded import seeded_sqlite_copy

PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[bấm vào](javascript:alert(1))",
            "'; DROP TABLE tasks; --"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import csv

    from data_access.db import make_engine
    from data_access.importer import import_file
    need_chromium()
    folder = tmp_path_factory.mktemp("browser_access")
    url = seeded_sqlite_copy(tmp_path_factory, "0.05", folder=folder)
    year = date.today().year
    with open(folder / "units.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["code", "name", "kind", "parent_code", "supervising_leader", "valid_from"],
                                 ["XSS1", PAYLOADS[1], "department", "", "PCT1", "2021-01-01"]])
    with open(folder / "tasks.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["task_id", "title", "assigned_by", "lead_unit", "assigned_date", "due_date"]] +
                                [[f"XSS-{i}", p, "PCT1", "XSS1", f"{year}-01-02", f"{year}-01-03"]
                                 for i, p in enumerate(PAYLOADS)])
    engine = make_engine(url)
    assert import_file(engine, "units", folder / "units.csv", user="kiem_thu").status == "ok"
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


def _page(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    pg = context.new_page()
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return context, pg, dialogs


def _nav(pg) -> str:
    return pg.locator('[data-testid="stSidebarNav"]').inner_text()


def test_unit_user_sees_only_its_unit(server, browser):
    context, pg, dialogs = _page(browser)
    browser_login(pg, server + "/", "so_taichinh", ready=READY)
    settle(pg)
    main = pg.locator('[data-testid="stMain"]').inner_text()
    assert "Sở Tài chính" in main and "Toàn tỉnh" not in main
    assert "Sở Nội vụ" not in main
    assert "Dữ liệu" not in _nav(pg) and "Quản trị" not in _nav(pg)
    pg.goto(server + "/don-vi?don_vi=SNV")  # a reload: the login holds (cookie), the probe is refused
    settle(pg)
    assert pg.get_by_text("Bạn không có quyền xem số liệu của đơn vị này.").count() == 1
    assert pg.locator('[data-testid="stMetric"]').count() == 0
    pg.goto(server + "/du-lieu")  # the Office's page, typed in: refused in Vietnamese, not "Page not found"
    settle(pg)
    assert pg.get_by_text("Bạn không có quyền truy cập trang này.").count() == 1
    assert "not found" not in pg.locator("body").inner_text().lower()
    assert pg.locator('[data-testid="stFileUploader"]').count() == 0
    assert not pg.query_selector_all(ERROR) and not dialogs
    context.close()


def test_chairman_sees_the_province_and_markup_stays_text(server, browser):
    context, pg, dialogs = _page(browser)
    browser_login(pg, server + "/nhiem-vu", "chutich", ready=READY)
    settle(pg)
    assert "Toàn tỉnh" in pg.locator('[data-testid="stMain"]').inner_text()
    assert "Quản trị" not in _nav(pg)
    pg.goto(server + "/don-vi?don_vi=XSS1")
    settle(pg)
    assert pg.get_by_role("heading", name=PAYLOADS[1]).count() >= 1  # the name, as text
    assert pg.locator("img[onerror]").count() == 0
    assert pg.locator('a[href^="javascript"]').count() == 0
    assert not dialogs and not pg.query_selector_all(ERROR)
    context.close()


def test_admin_has_the_admin_pages_and_logout(server, browser):
    context, pg, dialogs = _page(browser)
    browser_login(pg, server + "/du-lieu", "vanphong", ready=READY)
    settle(pg)
    assert "Dữ liệu" in _nav(pg) and "Quản trị" in _nav(pg)
    assert pg.get_by_role("heading", name="Cập nhật gần nhất theo nguồn").count() == 1
    pg.get_by_role("button", name="Đăng xuất").click()
    pg.get_by_label("Tên đăng nhập").wait_for(timeout=30_000)
    pg.goto(server + "/du-lieu")  # the token is gone: a reload shows the form again
    settle(pg)
    assert pg.get_by_label("Tên đăng nhập").count() == 1
    context.close()
