"""Every page fits where leaders look: a 1920×1080 screen, a 1366×768 laptop and a 390×844 phone.

One server on one seeded database for the module; one logged-in tab per role (the Chairman, a Vice-Chairman
on the pages where his own units come first, the Office, a department and a commune). Each page is opened once per role and checked at the three sizes in
turn, the tab resized in place (Streamlit lays itself out again, the sidebar folds away on the phone). At
every size the page fails on

- sideways scroll: the document or the main area wider than the window (the element that sticks out named);
- a cut text: a metric's value, label or change, a heading, a caption or a table header ending in "…", or any
  text Streamlit cuts with an ellipsis (`text-overflow: ellipsis` with more text than room);
- a table whose columns do not fit its box (the data grid draws only the columns in view: its header row has
  fewer cells than `aria-colcount`): at 1920 and at 1366 every column must show and no part of the table's box
  scroll sideways (widths sized to the texts, dashboard/core/table_fit.py), on the phone a table scrolls inside
  its box;
- on the two screens, cards of one row of unequal height;
- on the phone, a table toolbar that still shows;
- an English word of `test_browser_vietnamese.ENGLISH` in the visible text or a `title`, `aria-label`,
  `placeholder` or `alt` attribute;

and the Chairman's overview at 1366×768 shows its cards, the week's lists and the link to the briefing without
scrolling. Screenshots of every page, role and size go to test-artifacts/browser_layout/.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from auth_helpers import browser_login
from browser_support import ARGS, CHROMIUM, READY, ROOT, need_chromium, running_app, settle
from test_browser_vietnamese import english_in

ARTIFACTS = ROOT / "test-artifacts" / "browser_layout"
KEY_CARDS = ["task_due_completion_rate", "tasks_overdue_all", "dossier_on_time_rate", "dossiers_pending_overdue",
             "petitions_overdue"]  # pages/tong_quan.py
TODAY = "2026-12-03"  # a Thursday: the overview's week so far has four days of data
SIZES = [(1920, 1080), (1366, 768), (390, 844)]
PAGES = ["/", "/nhiem-vu", "/ho-so", "/don-thu", "/cai-cach-hanh-chinh", "/don-vi?don_vi=STC", "/giao-ban"]
ADMIN_PAGES = ["/du-lieu", "/quan-tri"]
# A Vice-Chairman's pages differ from the Chairman's only where his own units or tasks come first.
ROLES = {"chutich": PAGES, "pct1": ["/", "/nhiem-vu", "/giao-ban"], "vanphong": PAGES + ADMIN_PAGES,
         "so_taichinh": PAGES, "xa_binhson": PAGES}

# What does not fit, as sentences; `phone` relaxes the rules a phone cannot keep (a wide table scrolls inside).
CHECK_JS = r"""(phone) => {
  const W = window.innerWidth, problems = [];
  const main = document.querySelector('[data-testid="stMain"]');
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > 0 && r.left < W && el.checkVisibility({visibilityProperty: true});
  };
  const say = (el) => (el.getAttribute('data-testid') || el.tagName.toLowerCase())
    + ' «' + (el.innerText || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 70) + '»';

  // sideways scroll, and what sticks out (the outermost element past the right edge, not inside a scroll box)
  const wide = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  const mainWide = main ? main.scrollWidth - main.clientWidth : 0;
  if (wide > W + 1 || mainWide > 1) {
    const out = [];
    for (const el of main.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= W + 1) continue;
      let clipped = false;
      for (let a = el.parentElement; a && a !== main; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= W + 1) {
          clipped = true; break;
        }
      }
      if (!clipped && !out.some((o) => o.contains(el))) out.push(el);
    }
    problems.push(`cuộn ngang: trang rộng ${Math.max(wide, W + mainWide)} px trong cửa sổ ${W} px; `
                  + out.slice(0, 3).map((el) => `${say(el)} tới ${Math.round(el.getBoundingClientRect().right)} px`)
                       .join('; '));
  }

  // texts cut with an ellipsis, or ending in one
  const roots = [main, document.querySelector('[data-testid="stSidebar"]')].filter(Boolean);
  for (const root of roots) {
    for (const el of root.querySelectorAll('*')) {
      if (!el.firstChild) continue;
      const cs = getComputedStyle(el);
      const cutX = cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1;
      const cutY = cs.webkitLineClamp && cs.webkitLineClamp !== 'none' && el.scrollHeight > el.clientHeight + 1;
      if ((cutX || cutY) && shown(el)) problems.push(`chữ bị cắt: ${say(el)}`);
    }
  }
  const labelled = '[data-testid="stMetricValue"], [data-testid="stMetricLabel"], [data-testid="stMetricDelta"], '
    + '[data-testid="stCaptionContainer"], [data-testid="stHeading"], [data-testid="stBadge"], '
    + '[role="columnheader"], th, [data-testid="stTab"]';
  for (const el of document.querySelectorAll(labelled)) {
    if (/…\s*$/.test(el.innerText || '') && shown(el)) problems.push(`chữ kết thúc bằng «…»: ${say(el)}`);
  }

  for (const frame of document.querySelectorAll('[data-testid="stDataFrame"]')) {
    if (!shown(frame)) continue;
    const grid = frame.querySelector('table[role="grid"]');
    const header = grid && grid.querySelector('tr');
    const all = grid && Number(grid.getAttribute('aria-colcount'));
    // every column in view on both screens (a phone scrolls a wide table inside its box)
    if (header && header.children.length < Math.min(all, phone ? 1 : all)) {
      const seen = [...header.children].map((c) => c.innerText.trim());
      problems.push(`bảng không đủ chỗ: ${header.children.length}/${all} cột hiện (${seen.join(', ')})`);
    }
    if (!phone) {
      for (const el of frame.querySelectorAll('*')) {
        if (getComputedStyle(el).overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) {
          problems.push(`bảng cuộn ngang trong khung: ${el.scrollWidth} > ${el.clientWidth} px`);
          break;
        }
      }
    }
    if (phone) {
      const bar = frame.querySelector('[data-testid="stElementToolbar"]');
      if (bar && getComputedStyle(bar).display !== 'none') problems.push('thanh công cụ của bảng còn hiện trên điện thoại');
    }
  }

  // the cards of one row end level
  if (!phone) {
    for (const row of document.querySelectorAll('[data-testid="stHorizontalBlock"]')) {
      const cards = [...row.querySelectorAll('[class*="st-key-kpi-"]')]
        .filter((c) => c.closest('[data-testid="stHorizontalBlock"]') === row && shown(c));
      const tops = new Map();
      for (const c of cards) {
        const r = c.getBoundingClientRect(), top = Math.round(r.top);
        const key = [...tops.keys()].find((t) => Math.abs(t - top) <= 2);
        if (key === undefined) tops.set(top, [r.height]); else tops.get(key).push(r.height);
      }
      for (const heights of tops.values()) {
        if (Math.max(...heights) - Math.min(...heights) > 2) {
          problems.push(`thẻ cùng hàng cao khác nhau: ${heights.map(Math.round).join(', ')} px`);
        }
      }
    }
  }

  // every text a reader or a screen reader meets
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const p = n.parentElement, t = n.nodeValue.trim();
    if (t && p && !p.closest('script, style, noscript, [data-testid="stIconMaterial"]') && p.checkVisibility()) texts.push(t);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
    for (const a of ['title', 'aria-label', 'placeholder', 'alt']) {
      const v = el.getAttribute(a);
      if (v && v.trim()) texts.push(`${a}: ${v.trim()}`);
    }
  }
  return {problems: [...new Set(problems)], texts};
}"""

# The overview's first screen: the cards, the week's lists and the way to the briefing, all inside the window.
ABOVE_FOLD_JS = r"""(keys) => {
  const bottom = (els, wanted) => els.length === wanted && els.every((e) => e.checkVisibility())
    ? Math.max(...els.map((e) => e.getBoundingClientRect().bottom)) : null;
  const cards = keys.cards.map((k) => document.querySelector(`[class*="st-key-kpi-"][class*="-${k}"]`)).filter(Boolean);
  const lists = keys.lists.map((k) => document.querySelector(`.st-key-week-${k}`)).filter(Boolean);
  const link = [...document.querySelectorAll('[data-testid="stMain"] a[href*="giao-ban"]')].slice(0, 1);
  return {H: window.innerHeight, cards: bottom(cards, keys.cards.length), lists: bottom(lists, keys.lists.length),
          briefing: bottom(link, 1), count: lists.length};
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    need_chromium()
    folder = tmp_path_factory.mktemp("browser_layout")
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    seeded = subprocess.run([sys.executable, "-m", "seed", "--db", url, "--until", TODAY, "--scale", "0.05",
                             "--quiet"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert seeded.returncode == 0, seeded.stderr[-2000:]
    with running_app(url, folder / "streamlit.log", BDH_TODAY=TODAY, BDH_REFRESH_SECONDS="600") as base:
        yield base


@pytest.fixture(scope="module")
def tab_of(server):
    """role → a tab logged in as that role, once (the login cookie holds across page loads)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        tabs = {}

        def get(role: str):
            if role not in tabs:
                context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
                tabs[role] = context.new_page()
                browser_login(tabs[role], server + "/", role, ready=READY)
            return tabs[role]

        yield get
        browser.close()


def shot_name(role: str, path: str, size: tuple[int, int]) -> str:
    stem = path.strip("/").replace("?", "_").replace("=", "_").replace("-", "_") or "tong_quan"
    return f"{role}_{stem}_{size[0]}x{size[1]}.png"


def check_at(page, role: str, path: str, size: tuple[int, int]) -> list[str]:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.wait_for_timeout(700)  # the grid, the charts and the columns lay themselves out again
    page.wait_for_selector(READY, timeout=90_000)
    found = page.evaluate(CHECK_JS, size[0] < 700)
    page.screenshot(path=str(ARTIFACTS / shot_name(role, path, size)))
    english = english_in(found["texts"])
    return found["problems"] + [f"tiếng Anh {word!r} trong {examples}" for word, examples in sorted(english.items())]


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_fits_every_size(server, tab_of, role):
    page = tab_of(role)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for path in ROLES[role]:
        page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
        page.goto(server + path)
        settle(page)
        errors = page.locator('[data-testid="stException"]')
        assert not errors.count(), f"{role} {path}: {errors.first.inner_text()[:1500]}"
        for size in SIZES:
            problems += [f"{role} {path} {size[0]}×{size[1]}: {p}" for p in check_at(page, role, path, size)]
    assert not problems, f"{len(problems)} chỗ không vừa:\n" + "\n".join(problems)


def test_the_chairmans_week_is_above_the_fold_on_a_laptop(server, tab_of):
    page = tab_of("chutich")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(server + "/")
    settle(page)
    fold = page.evaluate(ABOVE_FOLD_JS, {"cards": KEY_CARDS, "lists": ["overdue", "due", "slipped"]})
    assert fold["count"] >= 3, "the week's three lists: newly overdue, due in 7 days, units that slipped"
    for what in ("cards", "lists", "briefing"):
        assert fold[what] is not None and fold[what] <= fold["H"], (what, fold)
    assert page.get_by_text("Tuần này").first.is_visible()
