"""Real browser: every download button of every page gives a file that opens — for the Chairman and a unit user,
and on the Office's pages for the admin.

The buttons are found in the page (every `stDownloadButton`, in every tab, for every import kind of `/du-lieu`,
and the meeting pack's after "Tải bộ tài liệu giao ban"), not listed by hand, so a new button is covered at once;
a page showing fewer buttons than it did fails. Each one is clicked as a user would, through Playwright's
`expect_download`, and the file is opened: CSV (UTF-8 with BOM) with the csv module, XLSX with openpyxl, PNG with
Pillow, SVG as XML, PPTX with python-pptx, PDF with pypdf, ZIP with zipfile (its images too). A table's CSV and
XLSX hold the columns and the number of rows the table on screen shows, and its first row shares its text; a unit
user's CSV, XLSX and SVG charts name no unit but its own (and those below it; a whole cell or chart label equal
to another unit's name is a row of that unit).

A file made on the click (a data callable) that raises shows the user nothing: the server logs "Error executing
deferred callable", which the test reads to fail at once with the error instead of waiting out a timeout.

The dashboard runs on the small seeded SQLite of the briefing tests with today pinned, so the data and thus the
buttons are the same on every run; one server and one browser for the module, one logged-in tab per role.
About 5 minutes. Skips with a message without /usr/bin/chromium, except in CI (CI=true).
"""
from __future__ import annotations

import csv
import io
import sqlite3
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from auth_helpers import browser_login
from briefing_db import TODAY, seeded_sqlite_url
from dashboard.core.table_fit import short_header
from browser_support import ARGS, CHROMIUM, ERROR, READY, need_chromium, running_app, settle
from dashboard.ui.tables import ROWS_SHOWN

CHAIRMAN, UNIT_USER, ADMIN = "chutich", "so_taichinh", "vanphong"
# {unit}: the unit user's own unit (from the database); the Chairman opens the same unit page.
PAGES = ["/", "/nhiem-vu", "/ho-so", "/don-thu", "/cai-cach-hanh-chinh", "/don-vi?don_vi={unit}", "/giao-ban"]
ADMIN_PAGES = ["/du-lieu", "/quan-tri"]
CASES = [(role, path) for role in (CHAIRMAN, UNIT_USER) for path in PAGES] + [(ADMIN, path) for path in ADMIN_PAGES]

# The buttons each page shows on the pinned data (`/du-lieu`: two templates for each import kind). At least as
# many must be found: a page that lost its buttons, or a table that lost its rows, fails here.
MIN_BUTTONS = {
    (CHAIRMAN, "/"): 2, (CHAIRMAN, "/nhiem-vu"): 18, (CHAIRMAN, "/ho-so"): 18, (CHAIRMAN, "/don-thu"): 14,
    (CHAIRMAN, "/cai-cach-hanh-chinh"): 14, (CHAIRMAN, "/don-vi?don_vi={unit}"): 10, (CHAIRMAN, "/giao-ban"): 3,
    (UNIT_USER, "/"): 2, (UNIT_USER, "/nhiem-vu"): 14, (UNIT_USER, "/ho-so"): 16, (UNIT_USER, "/don-thu"): 8,
    (UNIT_USER, "/cai-cach-hanh-chinh"): 10, (UNIT_USER, "/don-vi?don_vi={unit}"): 10, (UNIT_USER, "/giao-ban"): 3,
    (ADMIN, "/du-lieu"): 14, (ADMIN, "/quan-tri"): 2,
}
PACK_BUTTON = "Tải bộ tài liệu giao ban"
EACH_OPTION_OF = {"/du-lieu": "Loại dữ liệu"}  # a select box whose choice changes which buttons show
TABLE_ROW_CAP = ROWS_SHOWN  # a long table shows this many rows (with a caption) until asked; its files hold all
DEFERRED_ERROR = "Error executing deferred callable"  # Streamlit's log line when a file made on click fails
BOM = b"\xef\xbb\xbf"

# Every download button with its key (st-key-…) and, for a table's buttons, which stDataFrame of the page they
# belong to: the buttons' row comes right after the table (a caption "Hiển thị 25 / … dòng" may come between).
ENUMERATE_JS = """() => {
  const frames = [...document.querySelectorAll('[data-testid="stDataFrame"]')];
  return [...document.querySelectorAll('[data-testid="stDownloadButton"]')].map((el, index) => {
    const holder = el.closest('[data-testid="stElementContainer"]');
    const key = holder ? [...holder.classList].find(c => c.startsWith('st-key-')) : undefined;
    const row = el.closest('[data-testid="stLayoutWrapper"]') || holder;
    let table = -1;
    for (let prev = row && row.previousElementSibling, steps = 0; prev && steps < 2;
         prev = prev.previousElementSibling, steps++) {
      const frame = prev.querySelector('[data-testid="stDataFrame"]');
      if (frame) { table = frames.indexOf(frame); break; }
      if (!prev.querySelector('[data-testid^="stCaption"]')) break;
    }
    const lines = el.innerText.split('\\n').map(s => s.trim()).filter(Boolean);
    return {index, label: lines[lines.length - 1] || '', key: key ? key.slice('st-key-'.length) : null,
            table, visible: el.checkVisibility()};
  });
}"""

# What the table shows: the data grid keeps an accessible <table> of the rows in view, with the row count.
TABLE_JS = """el => {
  const t = el.querySelector('table');
  if (!t) return null;
  const rows = [...t.querySelectorAll('tr')].slice(0, 2).map(r => [...r.children].map(c => c.innerText.trim()));
  return {count: Number(t.getAttribute('aria-rowcount')) - 1, header: rows[0] || [], first: rows[1] || []};
}"""


# --- the server, the browser, one logged-in tab per role -----------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    need_chromium()
    url = seeded_sqlite_url(tmp_path_factory)
    db = url.removeprefix("sqlite:///")
    with sqlite3.connect(db) as conn:
        (unit,) = conn.execute("select unit_code from users where username = ?", (UNIT_USER,)).fetchone()
        parents = dict(conn.execute("select code, parent_code from units"))
        names = dict(conn.execute("select code, name from units"))
    own = {unit}
    while grown := {c for c, p in parents.items() if p in own} - own:  # the unit and every unit below it
        own |= grown
    own_names = {names[c] for c in own}
    log = tmp_path_factory.mktemp("browser_downloads") / "streamlit.log"
    with running_app(url, log, BDH_TODAY=TODAY, BDH_REFRESH_SECONDS="600") as base:
        yield {"base": base, "log": log, "unit": unit, "own_names": own_names,
               "other_names": {n for c, n in names.items() if c not in own and n not in own_names}}


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def tab_of(server, browser):
    """role → a tab logged in as that role (logged in once: the login cookie holds across page loads)."""
    tabs = {}

    def get(role: str):
        if role not in tabs:
            context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN",
                                          accept_downloads=True)
            page = context.new_page()
            browser_login(page, server["base"] + "/", role, ready=READY)
            settle(page)
            tabs[role] = page
        return tabs[role]

    yield get
    for page in tabs.values():
        page.context.close()


# --- opening the files -----------------------------------------------------------------------------

def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM), "CSV không bắt đầu bằng BOM UTF-8 (Excel sẽ hiện sai tiếng Việt)"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_xlsx(path: Path) -> list[list]:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return rows


def check_png(data: bytes) -> None:
    from PIL import Image

    assert data.startswith(b"\x89PNG\r\n\x1a\n"), "không phải PNG"
    Image.open(io.BytesIO(data)).verify()
    width, height = Image.open(io.BytesIO(data)).size
    assert width > 0 and height > 0


def check_svg(data: bytes) -> set[str]:
    """An SVG image; its texts (labels, titles)."""
    root = ElementTree.fromstring(data)
    assert root.tag in ("svg", "{http://www.w3.org/2000/svg}svg"), root.tag
    return {"".join(e.itertext()).strip() for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "text"}


def check_pptx(path: Path) -> None:
    from pptx import Presentation

    assert len(Presentation(path).slides) > 0


def check_pdf(path: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(path)
    assert len(reader.pages) > 0 and reader.pages[0].extract_text().strip()


def check_zip(path: Path) -> set[str]:
    """A ZIP of charts whose images open too; the texts of its SVGs."""
    labels: set[str] = set()
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        names = [n for n in z.namelist() if not n.endswith("/")]
        assert names, "tệp ZIP rỗng"
        for name in names:
            if name.endswith(".png"):
                check_png(z.read(name))
            elif name.endswith(".svg"):
                labels |= check_svg(z.read(name))
    return labels


@dataclass
class PageRun:
    """What one page's downloads gave: the files per button, and everything that went wrong."""

    role: str
    path: str
    clicked: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    tables: dict[str, dict] = field(default_factory=dict)  # key stem → {"csv", "xlsx", "shown"}

    def fail(self, button: str, message: str) -> None:
        self.failures.append(f"{self.role} {self.path} «{button}»: {message}")


def shown_table(page, index: int) -> dict | None:
    frame = page.locator('[data-testid="stDataFrame"]').nth(index)
    frame.scroll_into_view_if_needed()
    frame.locator("table").first.wait_for(state="attached", timeout=30_000)
    return frame.evaluate(TABLE_JS)


def click_download(page, run: PageRun, server, button: dict, folder: Path) -> Path | None:
    """Click one button as a user would; the saved file, or None (the failure recorded)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    name = f"{button['label']} [{button['key']}]"
    locator = (page.locator(f'.st-key-{button["key"]} [data-testid="stDownloadButton"] button') if button["key"]
               else page.locator('[data-testid="stDownloadButton"] button').nth(button["index"]))
    locator.scroll_into_view_if_needed()
    log_offset = server["log"].stat().st_size
    try:
        with page.expect_download(timeout=120_000) as info:
            locator.click()
            while not info.is_done():  # a file made on click that raises never comes: the log says why
                tail = server["log"].read_bytes()[log_offset:].decode(errors="replace")
                if DEFERRED_ERROR in tail:
                    page.wait_for_timeout(500)  # the traceback's last line, the error, may still be on its way
                    tail = server["log"].read_bytes()[log_offset:].decode(errors="replace")
                    reason = [line for line in tail.splitlines() if line.strip()][-1]
                    raise LookupError(f"không có tệp, máy chủ báo lỗi: {reason.strip()}")
                page.wait_for_timeout(200)
        download = info.value
    except LookupError as exc:
        run.fail(name, str(exc))
        return None
    except PlaywrightTimeout:
        run.fail(name, "bấm nút nhưng không có tệp nào được tải về trong 120 giây")
        return None
    if download.failure():
        run.fail(name, f"tải về thất bại: {download.failure()}")
        return None
    path = folder / f"{len(run.clicked):03d}_{download.suggested_filename}"
    download.save_as(path)
    return path


def open_file(page, run: PageRun, server, button: dict, path: Path) -> None:
    """Open the file by its type; a table's files are kept to be compared with the table and each other."""
    name = f"{button['label']} [{button['key']}]"
    kind = path.suffix.lower().lstrip(".")
    data = path.read_bytes()
    stem = (button["key"] or f"#{button['index']}").rsplit("-", 1)[0]
    try:
        assert data, "tệp rỗng"
        if kind in ("csv", "xlsx"):
            rows = read_csv(data) if kind == "csv" else read_xlsx(path)
            assert rows and any(str(h or "").strip() for h in rows[0]), "không có dòng tiêu đề"
            entry = run.tables.setdefault(stem, {})
            entry[kind] = rows
            if button["table"] >= 0 and "shown" not in entry:
                entry["shown"] = shown_table(page, button["table"])
        else:
            labels: set[str] = set()
            if kind == "png":
                check_png(data)
            elif kind == "svg":
                labels = check_svg(data)
            elif kind == "zip":
                labels = check_zip(path)
            elif kind == "pptx":
                check_pptx(path)
            elif kind == "pdf":
                check_pdf(path)
            else:
                raise AssertionError(f"chưa có cách kiểm tra tệp .{kind}")
            leaked = sorted(labels & server["other_names"]) if run.role == UNIT_USER else []
            assert not leaked, f"biểu đồ của tài khoản đơn vị ghi tên đơn vị khác: {leaked[:5]}"
    except Exception as exc:  # noqa: BLE001 — every broken file of the page is reported together
        run.fail(name, f"{path.name} không mở được: {type(exc).__name__}: {exc}")


def text(value) -> str:
    return "" if value is None else str(value).strip()


def compare_tables(run: PageRun, server) -> None:
    """A table's CSV and XLSX: the columns and rows on screen, the same rows as each other, only one's own units."""
    for stem, entry in run.tables.items():
        csv_rows, xlsx_rows, shown = entry.get("csv"), entry.get("xlsx"), entry.get("shown")
        name = f"CSV/XLSX của bảng [{stem}]"
        if csv_rows is not None and xlsx_rows is not None:
            if [text(v) for v in xlsx_rows[0]] != [text(v) for v in csv_rows[0]]:
                run.fail(name, f"tiêu đề XLSX {xlsx_rows[0]} khác CSV {csv_rows[0]}")
            if len(xlsx_rows) != len(csv_rows):
                run.fail(name, f"XLSX có {len(xlsx_rows) - 1} dòng số liệu, CSV có {len(csv_rows) - 1}")
        if shown is not None:
            for kind, rows in (("CSV", csv_rows), ("XLSX", xlsx_rows)):
                if rows is None:
                    continue
                data_rows = len(rows) - 1
                # The grid draws only the columns that fit its box (it scrolls sideways for the rest): the
                # columns on screen are the file's first ones, in order, and the file has every one.
                # a long header may show in its short form on screen (core/table_fit.py; the full one in its
                # tooltip and in the file)
                header = [text(v) for v in rows[0]]
                on_screen = [h if s in (h, short_header(h)) else s
                             for h, s in zip(header, shown["header"])]
                if not shown["header"] or header[:len(shown["header"])] != on_screen:
                    run.fail(name, f"tiêu đề {kind} {rows[0]} khác bảng trên màn hình {shown['header']}")
                if not (data_rows == shown["count"] or (shown["count"] == TABLE_ROW_CAP and data_rows > TABLE_ROW_CAP)):
                    run.fail(name, f"{kind} có {data_rows} dòng số liệu, bảng trên màn hình có {shown['count']}")
                if shown["count"] > 0 and data_rows > 0:
                    first = {text(v) for v in rows[1]} - {""}
                    if not first & set(shown["first"]):
                        run.fail(name, f"dòng đầu của {kind} {rows[1]} không có ô nào như dòng đầu trên màn hình "
                                       f"{shown['first']}")
        if run.role == UNIT_USER:  # row-level security: no other unit's row in what a unit user takes away
            for kind, rows in (("CSV", csv_rows), ("XLSX", xlsx_rows)):
                leaked = sorted({text(v) for row in rows or [] for v in row} & server["other_names"])
                if leaked:
                    run.fail(name, f"{kind} của tài khoản đơn vị có đơn vị khác: {leaked[:5]}")


# --- the test --------------------------------------------------------------------------------------

def open_page(page, url: str, minimum: int) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(url)
    settle(page)
    if minimum:  # a page's first run may still be drawing when the state first reads "not running"
        try:
            page.locator('[data-testid="stDownloadButton"]').nth(minimum - 1).wait_for(state="attached",
                                                                                    timeout=30_000)
        except PlaywrightTimeout:
            pass  # fewer buttons than before: the count check says so
        settle(page)


def click_visible(page, run: PageRun, server, folder: Path, seen: set) -> None:
    """Click every visible button not clicked yet (a button is known by its key, or its place without one)."""
    for button in page.evaluate(ENUMERATE_JS):
        ident = button["key"] or (button["label"], button["index"])
        if not button["visible"] or ident in seen:
            continue
        seen.add(ident)
        run.clicked.append(button["label"])
        path = click_download(page, run, server, button, folder)
        if path is not None:
            open_file(page, run, server, button, path)


def wait_for_new_buttons(page, seen: set, seconds: float = 30) -> None:
    """After a choice that reruns the page: until a button not clicked yet shows (or time is up)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(b["visible"] and (b["key"] or (b["label"], b["index"])) not in seen
               for b in page.evaluate(ENUMERATE_JS)):
            return
        page.wait_for_timeout(250)


def open_list(page, label: str) -> None:
    """Open the select box's list as a user does: a click; when the click only scrolled the box into view and
    focused it (seen on the longer /du-lieu page), the arrow key, as a keyboard user would."""
    page.get_by_label(label).click()
    options = page.locator('[role="option"]').first
    try:
        options.wait_for(timeout=3_000)
    except PlaywrightTimeout:
        page.keyboard.press("ArrowDown")
        options.wait_for(timeout=30_000)


def each_option(page, label: str):
    """Choose each other option of the select box `label` in turn (the options read from the open list; the first
    is Streamlit's default, whose buttons show when the page opens)."""
    open_list(page, label)
    options = page.locator('[role="option"]').all_inner_texts()
    page.keyboard.press("Escape")
    assert len(options) > 1, f"hộp chọn «{label}» không có lựa chọn nào khác"
    for option in options[1:]:
        open_list(page, label)
        page.locator('[role="option"]').filter(has_text=option).first.click()
        settle(page)
        yield option


@pytest.mark.parametrize(("role", "path"), CASES, ids=[f"{r}:{p.split('?')[0]}" for r, p in CASES])
def test_every_download_button_gives_a_file_that_opens(server, tab_of, role, path, tmp_path):
    started = time.monotonic()
    page = tab_of(role)
    minimum = MIN_BUTTONS[(role, path)]
    url = server["base"] + path.format(unit=server["unit"])
    run = PageRun(role, path.format(unit=server["unit"]))
    if path == "/giao-ban":  # the pack's buttons come after the pack is made
        open_page(page, url, 0)
        page.get_by_role("button", name=PACK_BUTTON).click()
        page.get_by_text("Đã tạo xong bộ tài liệu giao ban").wait_for(timeout=180_000)
        settle(page)
    else:  # with a select box, only its first option's buttons show at first
        open_page(page, url, 1 if path in EACH_OPTION_OF else minimum)
    seen: set = set()
    click_visible(page, run, server, tmp_path, seen)
    for tab in page.locator('[data-testid="stMain"] [role="tab"]').all():  # buttons in the other tabs
        tab.click()
        page.wait_for_timeout(300)
        click_visible(page, run, server, tmp_path, seen)
    if path in EACH_OPTION_OF:
        for _ in each_option(page, EACH_OPTION_OF[path]):
            wait_for_new_buttons(page, seen)
            click_visible(page, run, server, tmp_path, seen)
    compare_tables(run, server)
    errors = page.locator(ERROR)
    if errors.count():
        run.failures.append(f"{role} {run.path}: lỗi trên trang: {errors.first.inner_text()[:800]}")
    counts = {label: run.clicked.count(label) for label in dict.fromkeys(run.clicked)}
    print(f"\n{role} {run.path}: {len(run.clicked)} nút trong {time.monotonic() - started:.0f} s {counts}")
    if len(run.clicked) < minimum:
        run.failures.insert(0, f"{role} {run.path}: chỉ thấy {len(run.clicked)} nút tải, cần ít nhất {minimum}")
    if run.failures:
        pytest.fail("\n".join(run.failures), pytrace=False)
