"""Tables and heatmaps fit their screens, measured in Chromium on the demo data.

- At 1366×768 and 1920×1080, on every page with a wide table: no element of a table's box scrolls sideways
  (scrollWidth ≤ clientWidth), every column of the grid is drawn (its header row has `aria-colcount` cells) and no
  header ends in "…". The widths come from dashboard/core/table_fit.py; this is what a leader sees of them.
- On a 390×844 phone, the PAR heatmaps of /cai-cach-hanh-chinh and /don-vi: the narrow version shows (the wide one
  does not), drawn no wider than the viewport, and the page does not scroll sideways. The chart is waited for until
  Vega has drawn it (an SVG or canvas with a size) before it is measured.
Screenshots go to test-artifacts/browser_fit/.
"""
from __future__ import annotations

from datetime import date

import pytest

from auth_helpers import browser_login
from browser_support import ARGS, CHROMIUM, READY, ROOT, need_chromium, running_app, settle
from seeded import seeded_sqlite_copy

ARTIFACTS = ROOT / "test-artifacts" / "browser_fit"
TODAY = date(2026, 12, 3)
TABLE_PAGES = ["/", "/ho-so", "/nhiem-vu", "/don-thu", "/cai-cach-hanh-chinh", "/don-vi?don_vi=STC"]
HEATMAP_PAGES = {"/cai-cach-hanh-chinh": 2, "/don-vi?don_vi=STC": 1}  # narrow heatmaps expected on each
ROLES = ["chutich", "so_taichinh"]

TABLES_JS = r"""() => {
  const problems = [];
  const frames = [...document.querySelectorAll('[data-testid="stDataFrame"]')].filter((f) => f.checkVisibility());
  for (const [i, frame] of frames.entries()) {
    const name = `bảng ${i + 1} («${[...frame.querySelectorAll('[role="columnheader"]')].map((c) => c.innerText.trim()).slice(0, 3).join(', ')}…»)`;
    for (const el of [frame, ...frame.querySelectorAll('*')]) {
      if (getComputedStyle(el).overflowX === 'visible') continue;
      if (el.scrollWidth > el.clientWidth + 1) {
        problems.push(`${name}: ${el.className.toString().slice(0, 40) || el.tagName} cuộn ngang ${el.scrollWidth} > ${el.clientWidth} px`);
      }
    }
    const grid = frame.querySelector('table[role="grid"]');
    const header = grid && grid.querySelector('tr');
    const all = grid && Number(grid.getAttribute('aria-colcount'));
    if (header && header.children.length < all) problems.push(`${name}: ${header.children.length}/${all} cột được vẽ`);
    for (const h of frame.querySelectorAll('[role="columnheader"]')) {
      if (/…\s*$/.test(h.innerText)) problems.push(`${name}: tiêu đề «${h.innerText.trim()}» bị cắt`);
    }
    if (frame.getBoundingClientRect().right > window.innerWidth + 1) problems.push(`${name}: vượt ra ngoài cửa sổ`);
  }
  return {count: frames.length, problems};
}"""

HEATMAP_DRAWN_JS = r"""(n) => {
  const narrow = [...document.querySelectorAll('[class*="st-key-narrow-"]')].filter((e) => e.checkVisibility());
  return narrow.length >= n && narrow.every((e) => [...e.querySelectorAll('svg, canvas')]
    .some((g) => g.getBoundingClientRect().width > 50 && g.getBoundingClientRect().height > 50));
}"""

HEATMAP_JS = r"""() => {
  const W = window.innerWidth;
  const box = (e) => e.getBoundingClientRect();
  const narrow = [...document.querySelectorAll('[class*="st-key-narrow-"]')].filter((e) => e.checkVisibility());
  const wide = [...document.querySelectorAll('[class*="st-key-wide-"]')].filter((e) => e.checkVisibility());
  return {W, page: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
          wide: wide.length,
          narrow: narrow.map((e) => ({
            key: e.className.match(/st-key-\S+/)[0],
            charts: [...e.querySelectorAll('svg.marks, canvas.marks, [data-testid="stVegaLiteChart"] svg, [data-testid="stVegaLiteChart"] canvas')]
              .filter((g) => box(g).width > 0).map((g) => ({left: box(g).left, right: box(g).right, width: box(g).width}))}))};
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    need_chromium()
    url = seeded_sqlite_copy(tmp_path_factory, "0.05", TODAY)
    folder = tmp_path_factory.mktemp("browser_fit")
    with running_app(url, folder / "streamlit.log", BDH_TODAY=TODAY.isoformat(), BDH_REFRESH_SECONDS="600") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _tab(browser, server, role: str, size: tuple[int, int]):
    page = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="vi-VN").new_page()
    browser_login(page, server + "/", role, ready=READY)
    return page


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def _stem(path: str) -> str:
    return path.strip("/").replace("?", "_").replace("=", "_").replace("-", "_") or "tong_quan"


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366", "1920"])
@pytest.mark.parametrize("role", ROLES)
def test_no_table_scrolls_sideways(server, browser, role, size):
    page = _tab(browser, server, role, size)
    problems, seen = [], 0
    for path in TABLE_PAGES:
        page.goto(server + path)
        settle(page)
        page.wait_for_timeout(500)  # the grids lay themselves out
        found = page.evaluate(TABLES_JS)
        seen += found["count"]
        problems += [f"{path}: {p}" for p in found["problems"]]
        for k, frame in enumerate(page.locator('[data-testid="stDataFrame"]').all()[:3]):
            frame.scroll_into_view_if_needed()
            _shot(page, f"{role}_{_stem(path)}_{size[0]}_{k}.png")
    page.context.close()
    assert seen >= len(TABLE_PAGES), f"only {seen} tables seen"  # the pages did show their tables
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", list(HEATMAP_PAGES))
def test_the_par_heatmaps_fit_a_phone(server, browser, path):
    page = _tab(browser, server, "chutich", (390, 844))
    page.goto(server + path)
    settle(page)
    page.wait_for_function(HEATMAP_DRAWN_JS, arg=HEATMAP_PAGES[path], timeout=60_000)  # Vega has drawn them
    found = page.evaluate(HEATMAP_JS)
    page.locator('[class*="st-key-narrow-"]').first.scroll_into_view_if_needed()
    _shot(page, f"phone_heatmap_{_stem(path)}.png")
    page.context.close()
    assert found["wide"] == 0, "the wide heatmap must not show on a phone"
    assert len(found["narrow"]) == HEATMAP_PAGES[path], found
    for chart in found["narrow"]:
        assert chart["charts"], chart
        for g in chart["charts"]:
            assert g["left"] >= -1 and g["right"] <= found["W"] + 1, (chart["key"], g)
    assert found["page"] <= found["W"], f"the page scrolls sideways: {found['page']} > {found['W']}"


def test_the_heatmaps_wide_version_on_a_screen(server, browser):
    page = _tab(browser, server, "chutich", (1366, 768))
    page.goto(server + "/cai-cach-hanh-chinh")
    settle(page)
    shown = page.evaluate("""() => ({
      wide: [...document.querySelectorAll('[class*="st-key-wide-"]')].filter((e) => e.checkVisibility()).length,
      narrow: [...document.querySelectorAll('[class*="st-key-narrow-"]')].filter((e) => e.checkVisibility()).length})""")
    page.context.close()
    assert shown == {"wide": 2, "narrow": 0}
