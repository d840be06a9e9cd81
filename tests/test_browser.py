"""Real-browser smoke run: `streamlit run app.py` on a seeded SQLite database, driven by Playwright
with Debian's Chromium (Playwright's own browser download cannot work on these machines).

Opens every page at 1920×1080, waits until Streamlit has finished running, checks that no error
element shows, clicks through one drill-down (a row of the overview's league table → that
unit's page) and saves screenshots to test-artifacts/browser/. Without /usr/bin/chromium it
skips with a message — except in CI (CI=true), where it fails.
"""
from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
from datetime import datetime
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from auth_helpers import browser_login

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
ERROR = '[data-testid="stException"]'
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = {"tong_quan": "/", "nhiem_vu": "/nhiem-vu", "ho_so": "/ho-so", "don_thu": "/don-thu",
         "cai_cach_hanh_chinh": "/cai-cach-hanh-chinh", "don_vi": "/don-vi?don_vi=VPUB"}


def _need_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Không có {CHROMIUM}: bỏ qua kiểm thử trình duyệt (cài bằng `apt-get install -y chromium`)."
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message + " Trong CI kiểm thử này bắt buộc.")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(base: str, proc: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"streamlit did not start in {seconds} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need_chromium()
    from seed.__main__ import main as seed_main

    db = tmp_path_factory.mktemp("browser") / "demo.sqlite"
    url = f"sqlite:///{db}"
    assert seed_main(["--db", url, "--scale", "0.1", "--quiet"]) == 0
    port = _free_port()
    log = db.parent / "streamlit.log"
    env = {**os.environ, "DATABASE_URL": url, "BDH_REFRESH_SECONDS": "5"}
    cmd = [sys.executable, "-m", "dashboard.serve", "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port), "--client.showErrorDetails", "full",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, proc, log)
        yield {"base": base, "db": db}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


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


def settle(pg) -> None:
    """Streamlit has finished running (twice, a moment apart: a rerun may follow the first run)."""
    pg.wait_for_selector(READY, timeout=90_000)
    pg.wait_for_timeout(1000)
    pg.wait_for_selector(READY, timeout=90_000)


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
    table.scroll_into_view_if_needed()
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
