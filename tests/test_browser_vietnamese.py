"""No English left on screen: every page, in a real browser, with the texts Streamlit itself draws.

What Streamlit and Vega draw on their own (the login form's hint, the main menu, the chart and table
toolbars and their tooltips, the multiselect's "No results", the upload box, "Page not found", the skip
link, the chart's screen-reader labels) used to be English. This test opens every page (as the Chairman,
the Office's pages as the admin, plus the login form), hovers the toolbars, opens the unit picker, types
into the login form, builds the briefing pack (its status shows while it runs) and fails on any word of
`ENGLISH` in

- the text of the page (every text node in the DOM, visible or not, icons' ligature names excepted), and
- the `title`, `aria-label`, `placeholder`, `alt` and `aria-roledescription` attributes.

A recorder installed before the page loads keeps every such text that ever stays in the DOM longer than a
moment (a translation may rewrite it first), so passing states ("Đang chạy", the Stop button) count too. It
knows the app's translating script by its flag `window.__bdhVietnamese`; without the script only the last
full scan of each page counts.
"""
from __future__ import annotations

import re

import pytest

from auth_helpers import DEMO_PASSWORDS
from browser_support import ARGS, CHROMIUM, READY, ROOT, need_chromium, running_app, settle
from seeded import seeded_sqlite_copy

ARTIFACTS = ROOT / "test-artifacts" / "browser_vi"

# Words and phrases of Streamlit's and Vega's own chrome (each matched as a whole word, case-sensitive),
# plus the generic shapes of untranslated chrome: a chart's field name like `value_text` (Vega's screen-reader
# labels list them), a size written the English
# way ("8.0B", "200MB"; Vietnamese writes "8,0 B", "200 MB").
ENGLISH = [
    "Press Enter", "submit", "No results", "Select all", "Print", "Record", "Made with", "Streamlit", "Stop",
    "Running", "Show", "hide", "Download", "Search", "Fullscreen", "Copy", "Vega", "Lite", "spec",
    "Page not found", "not found", "Skip", "main content", "per file", "Browse", "Drag", "drop", "empty",
    "Help", "Choose", "option", "Main menu", "menu", "Collapse", "Expand", "sidebar", "Sidebar", "Open", "Close",
    "Clear", "Settings", "Rerun", "About", "Deploy", "visualization", "axis", "legend", "linear scale",
    "discrete scale", "values",
    "titled", "Subtitle", "Title", "icon", "App pages", "View", "Toggle", "Sort", "Ascending", "Descending",
    "Pin", "Autosize", "Format", "column", "columns", "Save", "Source", "Editor", "Upload", "Delete", "Remove",
    "files", "Limit", "Loading", "Please wait", "Connecting", "Error", "Dismiss", "Theme", "Reset", "Zoom",
    "Previous", "Next", "Today", "Select", "Cancel", "Submit", "Done", "the", "with", "for", "and", "data",
    "Data", "version", "clipboard", "Exit",
]
ENGLISH_RE = re.compile("|".join(rf"(?<![\w/]){re.escape(w)}(?![\w])" for w in ENGLISH)
                        + r"|\b(?:value|bucket|unit|share|total|leader|target|points|criterion)_[a-z_]+\b|\b\d+(?:\.\d+)?(?:B|KB|MB|GB)\b|\b\d+\.\d+ (?:B|KB|MB|GB)\b")

# Installed before each page loads: keeps what the DOM says once it has settled for a moment.
RECORDER = r"""
(() => {
  const seen = new Set(); window.__bdhSeen = seen;
  const ATTRS = ['title', 'aria-label', 'placeholder', 'alt', 'aria-roledescription'];
  const skip = (el) => el && el.closest && el.closest('script, style, noscript, [data-testid="stIconMaterial"]');
  function scan(root) {
    if (!root) return;
    if (root.nodeType === Node.TEXT_NODE) {
      const t = root.nodeValue.trim(); if (t && !skip(root.parentElement)) seen.add(t); return;
    }
    if (root.nodeType !== Node.ELEMENT_NODE || skip(root)) return;
    for (const el of [root, ...root.querySelectorAll('*')]) {
      if (skip(el)) continue;
      for (const a of ATTRS) { const v = el.getAttribute(a); if (v && v.trim()) seen.add(a + ': ' + v.trim()); }
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n.nodeValue.trim(); if (t && !skip(n.parentElement)) seen.add(t);
    }
  }
  window.__bdhScan = () => scan(document.body);
  // Streamlit draws its frame before the app's first run delivers the translating script: what was added
  // before the script is checked once it runs (or by the last full scan), not while it cannot have run yet.
  let pending = [];
  const later = () => {
    if (!window.__bdhVietnamese) return setTimeout(later, 150);
    const nodes = pending; pending = []; nodes.forEach((n) => n.isConnected && scan(n));
  };
  const start = () => new MutationObserver((records) => {
    if (!pending.length) setTimeout(later, 150);
    for (const r of records) pending.push(...(r.type === 'childList' ? r.addedNodes : [r.target]));
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true, attributes: true,
                                        attributeFilter: ATTRS});
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
})();
"""

PAGES = ["/", "/nhiem-vu", "/ho-so", "/don-thu", "/cai-cach-hanh-chinh", "/don-vi?don_vi=STC", "/giao-ban",
         "/giai-trinh"]
ADMIN_PAGES = ["/du-lieu", "/quan-tri"]


def english_in(texts) -> dict[str, list[str]]:
    """English word → up to 3 texts it was found in."""
    found: dict[str, list[str]] = {}
    for text in texts:
        for m in ENGLISH_RE.finditer(text):
            found.setdefault(m.group(0), [])
            if len(found[m.group(0)]) < 3:
                found[m.group(0)].append(text[:160])
    return found


def test_the_word_list_catches_what_it_should():
    """The detector itself: Streamlit's English is found, our Vietnamese (with "PNG", "Excel", "UBND") is not."""
    assert set(english_in(["Press Enter to submit form", "aria-label: Download as CSV", "8.0B",
                           "aria-label: bucket_label: T1/2026", "Limit 200MB per file"])) >= {
        "Press Enter", "Download", "8.0B", "bucket_label", "200MB", "per file"}
    assert not english_in(["Tải ảnh PNG", "Tải Excel", "Văn phòng UBND tỉnh", "tối đa 200 MB · CSV, XLSX",
                           "Đơn vị: Sở Tài chính", "title: Chỉ số CCHC theo lĩnh vực", "Mở trang của đơn vị"])


def test_the_translating_script_survives_streamlits_sanitizer():
    """st.html passes the script through DOMPurify, which drops a <script> whose text holds a "<" (a tag-like
    comment once silently removed the whole translation)."""
    from dashboard.ui.theme import VIETNAMESE_SCRIPT

    body = VIETNAMESE_SCRIPT.removeprefix("<script>").removesuffix("</script>")
    assert "<" not in body and "window.__bdhVietnamese" in body


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    need_chromium()
    folder = tmp_path_factory.mktemp("browser_vi")
    url = seeded_sqlite_copy(tmp_path_factory, "0.1", folder=folder)
    with running_app(url, folder / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def new_page(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    context.add_init_script(RECORDER)
    return context, context.new_page()


def seen(page) -> list[str]:
    page.wait_for_timeout(400)  # the recorder's last batch
    page.evaluate("window.__bdhScan()")
    return page.evaluate("Array.from(window.__bdhSeen)")


def log_in(page, url: str, username: str) -> None:
    page.goto(url)
    page.wait_for_selector(READY, timeout=90_000)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORDS[username])
    page.wait_for_timeout(300)  # the form's hint under a changed field ("Press Enter to submit form")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Tên đăng nhập").wait_for(state="detached", timeout=90_000)
    settle(page)


def hover_everything(page) -> None:
    """Charts and tables show their toolbar on hover; each toolbar button its tooltip."""
    for element in page.locator('[data-testid="stVegaLiteChart"], [data-testid="stDataFrame"]').all()[:8]:
        try:
            element.scroll_into_view_if_needed(timeout=3000)
            element.hover(timeout=3000)
            page.wait_for_timeout(200)
            for button in page.locator('[data-testid="stElementToolbar"] button').all()[:6]:
                if button.is_visible():
                    button.hover(timeout=2000)
                    page.wait_for_timeout(250)
        except Exception:  # an element scrolled away or re-rendered meanwhile: the next one still counts
            continue


def open_main_menu(page) -> None:
    menu = page.locator('[data-testid="stMainMenu"]')
    if menu.count() and menu.first.is_visible():
        menu.first.click()
        page.wait_for_timeout(500)
        page.keyboard.press("Escape")


def open_unit_picker(page) -> None:
    """The sidebar's unit multiselect: its options list ("Select all") and a search without a match."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    if not box.count():
        return
    box.click()
    page.wait_for_timeout(400)
    page.keyboard.type("zzzz")
    page.wait_for_timeout(400)
    page.keyboard.press("Escape")


def assert_vietnamese(texts, where: str) -> None:
    found = english_in(texts)
    assert not found, f"English on {where}:\n" + "\n".join(f"  {w!r} in {ex}" for w, ex in sorted(found.items()))


def test_login_form_and_unknown_address_are_vietnamese(server, browser):
    context, page = new_page(browser)
    try:
        page.goto(server + "/")
        page.wait_for_selector(READY, timeout=90_000)
        page.get_by_label("Tên đăng nhập").fill("chutich")
        page.get_by_label("Tên đăng nhập").focus()
        page.wait_for_timeout(500)
        page.keyboard.press("Tab")  # the skip link and the focus styles
        login_texts = seen(page)
        assert any("Đăng nhập" in t for t in login_texts)
        log_in(page, server + "/", "chutich")
        page.evaluate("window.__bdhSeen.clear()")
        page.goto(server + "/khong-co-trang-nay")  # a typed address that is no page: Streamlit's dialog
        settle(page)
        page.get_by_role("dialog").first.wait_for(timeout=30_000)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "khong_co_trang.png"))
        assert_vietnamese(login_texts + seen(page), "the login form and an unknown address")
    finally:
        context.close()


@pytest.mark.parametrize("user,paths", [("chutich", PAGES), ("vanphong", ADMIN_PAGES)])
def test_every_page_is_vietnamese(server, browser, user, paths):
    context, page = new_page(browser)
    problems = []
    try:
        log_in(page, server + paths[0], user)
        for path in paths:
            if path != paths[0]:
                page.evaluate("window.__bdhSeen.clear()")
                page.goto(server + path)
                settle(page)
            hover_everything(page)
            open_main_menu(page)
            if path == "/":
                open_unit_picker(page)
            if path == "/giao-ban":  # the pack's status (and Streamlit's "Stop") while it builds
                page.get_by_role("button", name="Tải bộ tài liệu giao ban").click()
                page.get_by_text("Đã tạo xong bộ tài liệu giao ban").first.wait_for(timeout=180_000)
                settle(page)
            found = english_in(seen(page))
            if found:
                problems.append(f"{path}:\n" + "\n".join(f"  {w!r} in {ex}" for w, ex in sorted(found.items())))
    finally:
        context.close()
    assert not problems, "English left on screen:\n" + "\n".join(problems)
