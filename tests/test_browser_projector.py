"""Real browser, projector mode (`/giao-ban?trinh_chieu=1`):

- every screen of the rotation fits 1920 × 1080 without scrolling, its lists split over "2a/2b" screens;
  chart text is at least 20 px and no two axis labels of a chart overlap (issue 12);
- imported task titles that are Markdown (`:red[x]`, `**bold**`, `$x^2$`, `![i](http://127.0.0.1:9/x.png)`)
  show literally in the projector's agenda table, and the browser fetches nothing outside the dashboard;
- the projector asks for the session on every turn: after a logout in another tab it stops showing figures.

Playwright with Debian's Chromium; skips without /usr/bin/chromium, except in CI (CI=true).
"""
from __future__ import annotations

import csv
import os
import re
import time
from datetime import timedelta
from pathlib import Path
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
                                  monday.isoformat()] for i, p in enumerate(PAYLOADS)] +
                                # and enough more, with long titles, that the list needs more than one screen
                                [[f"1-DAI-{i:02d}", f"Rà soát, tổng hợp và báo cáo kết quả triển khai kế hoạch số {i} "
                                  "về cải cách hành chính của Ban Quản lý Khu kinh tế Dung Quất và các khu công nghiệp",
                                  "PCT1", "STC", (monday - timedelta(days=30)).isoformat(),
                                  (monday + timedelta(days=i % 7)).isoformat()] for i in range(12)])
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
    # the list may go on over the next screens ("(tiếp theo)"): read its tables on each of them
    shown = ""
    for _ in range(60):
        if page.get_by_text(AGENDA_TITLE).count():
            for table in page.locator('[data-testid="stTable"]').all():
                shown += table.inner_text()
                assert table.locator("img").count() == 0 and table.locator("strong").count() == 0
                assert table.locator(".katex").count() == 0  # no formula typeset
            assert page.locator(ERROR).count() == 0
            if all(payload in shown for payload in PAYLOADS):
                break
        page.wait_for_timeout(2500)
    for payload in PAYLOADS:
        assert payload in shown, (payload, shown)
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


# What each screen must keep to: measured in the page, after Streamlit has drawn it.
MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  let bottom = 0;
  for (const el of main.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden') bottom = Math.max(bottom, r.bottom);
  }
  const scroller = document.querySelector('[data-testid="stMain"]') || document.scrollingElement;
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg')].map(svg => {
    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
    const scale = m => m ? Math.hypot(m.a, m.b) : 1;  // rotated titles too
    const px = t => parseFloat(getComputedStyle(t).fontSize) * scale(t.getScreenCTM());
    const labels = [...svg.querySelectorAll('.role-axis-label text')].filter(t => t.textContent.trim())
      .map(t => { const r = t.getBoundingClientRect(); return {text: t.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom}; });
    return {smallest: texts.map(t => ({text: t.textContent, px: px(t)})).sort((a, b) => a.px - b.px).slice(0, 3),
            count: texts.length, labels};
  });
  return {bottom, scroll: scroller.scrollHeight, client: scroller.clientHeight,
          caption: (document.body.innerText.match(/Màn hình (\\S+) \\((\\d+)\\/(\\d+)\\)/) || []).slice(1), charts};
}"""


CAPTION = """() => (document.body.innerText.match(/Màn hình (\\S+) \\((\\d+)\\/(\\d+)\\)/) || []).slice(1)"""

# Drawn: every chart has its SVG with text, and no element is still a loading placeholder.
DRAWN = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
  .every(c => c.querySelector('svg text'))
  && !document.querySelector('[data-testid="stSkeleton"]')"""


def _overlaps(labels: list[dict]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1 and a["t"] < b["b"] - 1 and b["t"] < a["b"] - 1:
                out.append((a["text"], b["text"]))
    return out


def test_every_projector_screen_fits_1920x1080_with_chart_text_of_20px(server, browser):
    """The whole rotation, screen by screen: nothing below 1080 px, nothing to scroll, every chart's text
    ≥ 20 px and its axis labels apart. `BDH_SCREENSHOTS=folder` keeps a picture of each screen."""
    shots = os.environ.get("BDH_SCREENSHOTS")
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    page = context.new_page()
    browser_login(page, f"{server}/giao-ban?trinh_chieu=1&giay=8", ready=READY)
    seen: dict[str, dict] = {}
    total, deadline = None, time.monotonic() + 1800  # a few rotations, even on a loaded machine
    while time.monotonic() < deadline:
        page.wait_for_timeout(400)
        caption = page.evaluate(CAPTION)
        if len(caption) != 3 or caption[0] in seen or page.locator(READY).count() == 0:
            continue  # the same screen, or a turn being drawn
        label, total = caption[0], int(caption[2])
        page.wait_for_function(DRAWN, timeout=30_000)  # charts and tables draw after the script run ends
        page.wait_for_timeout(500)
        m = page.evaluate(MEASURE)
        if m["caption"][:1] != [label]:
            continue
        seen[label] = m
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(shots) / f"projector-{int(caption[1]):02d}-{label}.png"))
        if len(seen) == total:
            break
    too_tall = {label: round(m["bottom"]) for label, m in seen.items()
                if m["bottom"] > 1080 or m["scroll"] > m["client"] + 1}
    assert not too_tall, too_tall
    for label, m in seen.items():
        for chart in m["charts"]:
            assert chart["count"] and chart["smallest"][0]["px"] >= 19.5, (label, chart["smallest"])
            assert not _overlaps(chart["labels"]), (label, _overlaps(chart["labels"])[:3])
    assert sum(len(m["charts"]) for m in seen.values()) >= 4  # a chart on every area's screen
    assert total and len(seen) == total, (total, sorted(seen))
    assert any(re.fullmatch(r"\d+b", label) for label in seen), sorted(seen)  # a list went on over screens
    assert page.locator(ERROR).count() == 0
    context.close()
