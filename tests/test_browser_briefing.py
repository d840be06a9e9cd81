"""Real browser: the meeting view `/giao-ban` and its projector mode, on a seeded SQLite database.

The dashboard on a free port, Playwright driving Debian's Chromium at 1920×1080. Checks
that the page finishes running with no error element, that the pack is made in one click (the three
download buttons appear), that projector mode hides the Streamlit chrome, uses large type and moves
on to the next screen by itself. Screenshots go to test-artifacts/briefing/. Without
/usr/bin/chromium the test skips with a message, except in CI (CI=true), where it fails.
"""
from __future__ import annotations

import pytest

from auth_helpers import browser_login
from briefing_db import ROOT, TODAY, seeded_sqlite_url
from browser_support import ARGS, CHROMIUM, ERROR, READY, need_chromium, running_app, settle

ARTIFACTS = ROOT / "test-artifacts" / "briefing"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    need_chromium()
    log = tmp_path_factory.mktemp("briefing_browser") / "streamlit.log"
    with running_app(seeded_sqlite_url(tmp_path_factory), log, BDH_TODAY=TODAY, BDH_REFRESH_SECONDS="600") as base:
        yield base


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _no_error(page, name: str) -> None:
    errors = page.locator(ERROR)
    assert errors.count() == 0, f"{name}: {errors.first.inner_text()[:1500]}"


def test_meeting_view_and_one_click_pack(server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    browser_login(page, f"{server}/giao-ban", ready=READY)
    settle(page)
    _no_error(page, "/giao-ban")
    assert page.get_by_role("heading", name="Giao ban tuần 48/2026").count() == 1  # default: the last full week
    text = page.locator('[data-testid="stMain"]').inner_text()
    for expected in ("Tuần 48/2026 (23/11 – 29/11/2026)", "Giải quyết hồ sơ thủ tục hành chính",
                     "Nhiệm vụ đến hạn trong kỳ nhưng chưa hoàn thành", "Đơn thư quá hạn giải quyết theo quy định",
                     "Xếp hạng Chỉ số CCHC", "Theo Phó Chủ tịch phụ trách", "so với tuần trước"):
        assert expected in text, expected
    page.screenshot(path=str(ARTIFACTS / "giao_ban_1920x1080.png"))
    page.set_viewport_size({"width": 1920, "height": 7000})  # Streamlit scrolls inside: a tall window shows all
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "giao_ban_toan_trang.png"))
    page.set_viewport_size({"width": 1920, "height": 1080})

    page.get_by_role("button", name="Tải bộ tài liệu giao ban").click()
    page.get_by_text("Đã tạo xong bộ tài liệu giao ban").wait_for(timeout=120_000)
    settle(page)
    _no_error(page, "/giao-ban pack")
    for label in ("Tải PowerPoint (PPTX)", "Tải PDF (A4 ngang)", "Tải Biểu đồ (ZIP: PNG, SVG)"):
        assert page.get_by_role("button", name=label).count() == 1, label
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải PDF (A4 ngang)").click()
    assert download.value.suggested_filename == "giao-ban-2026-W48.pdf"
    page.screenshot(path=str(ARTIFACTS / "giao_ban_pack_1920x1080.png"))
    page.close()


def test_projector_mode_hides_chrome_and_rotates(server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    browser_login(page, f"{server}/giao-ban?trinh_chieu=1&giay=5", ready=READY)
    settle(page)
    _no_error(page, "projector")
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('[data-testid="stHeader"]').is_visible()
    caption = page.get_by_text("Màn hình 1 (1/")
    assert caption.count() == 1
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector("
                         "'[data-testid=\"stMarkdownContainer\"] li')).fontSize)")
    assert size >= 28, size  # readable from the back of the room
    page.screenshot(path=str(ARTIFACTS / "trinh_chieu_1_1920x1080.png"))
    page.get_by_text("(2/").first.wait_for(timeout=30_000)  # it moves on by itself
    page.wait_for_timeout(1500)
    _no_error(page, "projector, second screen")
    page.screenshot(path=str(ARTIFACTS / "trinh_chieu_2_1920x1080.png"))
    page.close()
