"""Every page under AppTest on a seeded SQLite database.

AppTest treats a folder named `pages/` as the old multipage mechanism and skips `app.py` on
reruns, so each page file is run on its own (the shared frame works without `app.py`), and
`app.py` is checked separately. The cards must show what `python -m data_access kpi` prints
for the same filters, formatted by `dashboard.formatting`.
"""
from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from auth_helpers import login
from seeded import seeded_sqlite_copy
from dashboard.core.catalog import KPIS
from dashboard.core.view import OVERVIEW_PRESET, preset_period
from data_access.period import Period
from data_access.clock import today_local as today

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["tong_quan", "nhiem_vu", "ho_so", "don_thu", "cai_cach_hanh_chinh", "don_vi"]
LABEL_TO_KEY = {k.label: k.key for k in KPIS.values()}
TIMEOUT = 120


@pytest.fixture(scope="module")
def seeded_url(tmp_path_factory):
    """A small seeded demo database (10 % of the demo volumes), set as DATABASE_URL for the pages."""
    url = seeded_sqlite_copy(tmp_path_factory, "0.1")
    before = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    yield url
    if before is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = before


def run_page(name: str, **params) -> AppTest:
    """The page as the Chairman sees it (logged in; the login itself is tested in test_access.py)."""
    at = login(AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=TIMEOUT))
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def widget(widgets, label: str):
    """The widget with this label (filter widgets carry their value in their key)."""
    return next(w for w in widgets if w.label == label)


def cli_figures(url: str, period, units=()) -> dict:
    """What `python -m data_access kpi --json` prints for the period and units (a fresh copy of it)."""
    return json.loads(_cli_output(url, period.start, period.end, tuple(units)))


@functools.cache
def _cli_output(url: str, start, end, units: tuple) -> str:
    # Run once per question: no test of this module changes the figures (the pages write only login sessions
    # and audit rows), and a dozen tests ask for this year's province-wide figures.
    cmd = [sys.executable, "-m", "data_access", "kpi", "--db", url, "--from", start.isoformat(),
           "--to", end.isoformat(), "--json", *[a for u in units for a in ("--unit", u)]]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True).stdout


def card_values(at: AppTest) -> dict[str, str]:
    """Figure key → the value shown on its card (cards whose label is a catalog label)."""
    return {LABEL_TO_KEY[m.label]: m.value for m in at.metric if m.label in LABEL_TO_KEY}


def assert_cards_match(at: AppTest, figures: dict, minimum: int = 3) -> dict[str, str]:
    shown = card_values(at)
    assert len(shown) >= minimum, f"too few KPI cards: {shown}"
    for key, value in shown.items():
        assert value == KPIS[key].format(figures[key]), f"{key}: card {value!r} vs CLI {figures[key]!r}"
    return shown


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_and_cards_equal_cli(seeded_url, page):
    at = run_page(page, don_vi="VPUB") if page == "don_vi" else run_page(page)
    assert_clean(at)
    assert at.title, "the page has a title"
    period = preset_period(OVERVIEW_PRESET if page == "tong_quan" else "nam-nay", today())  # the overview: this week
    units = ("VPUB",) if page == "don_vi" else ()
    figures = cli_figures(seeded_url, period, units)
    if page == "cai_cach_hanh_chinh":  # the leaders' cards name the CLI's rank-1 units of the PAR year
        leaders = {m.label: m.value for m in at.metric}
        first = {r["kind"]: r["name"] for r in figures["par"] if r["rank"] == 1}
        assert leaders[f"Sở, ngành dẫn đầu (CCHC {figures['par_year']})"] == first["department"]
        return
    assert_cards_match(at, figures)


def test_app_frame_loads(seeded_url):
    at = login(AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)).run()
    assert_clean(at)
    assert card_values(at), "the default page (Tổng quan) shows its cards"


def test_period_query_param_changes_the_cards(seeded_url):
    this_year = card_values(run_page("nhiem_vu"))
    at = run_page("nhiem_vu", ky="nam-truoc")
    assert_clean(at)
    last_year = assert_cards_match(at, cli_figures(seeded_url, preset_period("nam-truoc", today())))
    assert last_year != this_year


def test_overview_opens_on_this_week_and_still_takes_the_year(seeded_url):
    """The week so far, its lists counted as the database counts them; the period picker still picks the year."""
    from datetime import timedelta

    from data_access.db import make_engine
    from data_access.scope import ALL_UNITS
    from data_access.tasks import overdue_tasks, tasks_due_soon

    at = run_page("tong_quan")
    assert_clean(at)
    assert widget(at.sidebar.selectbox, "Kỳ báo cáo").value == OVERVIEW_PRESET
    assert at.caption[0].value.startswith("**Tuần này (")
    assert_cards_match(at, cli_figures(seeded_url, preset_period(OVERVIEW_PRESET, today())))
    engine = make_engine(seeded_url)
    with engine.connect() as conn:
        newly = overdue_tasks(conn, as_of=today(), scope=ALL_UNITS, limit=None, since=today() - timedelta(days=7))
        due = tasks_due_soon(conn, as_of=today(), days=7)
    engine.dispose()
    titles = [m.value for m in at.markdown]
    assert f"**Mới quá hạn trong 7 ngày qua: {len(newly)}**" in titles
    assert any(t.startswith("**Đến hạn đến ") and t.endswith(f": {len(due)}**") for t in titles)
    # the units whose overdue backlog grew since the same day last week: the first one, checked on the kpi CLI
    grown_title = next(t for t in titles if t.startswith("**Đơn vị thêm việc quá hạn so với tuần trước: "))
    if not grown_title.endswith(": 0**"):
        first = next(m.value for m in at.markdown if m.value.startswith("- [") and "(+" in m.value
                     and "quá hạn" in m.value and "don_vi=" in m.value)
        code = re.search(r"don_vi=([^&)]+)", first).group(1)
        growth = int(re.search(r"\(\+(\d+):", first).group(1))
        stocks = ("tasks_overdue_all", "dossiers_pending_overdue", "petitions_overdue")
        now = cli_figures(seeded_url, Period(today() - timedelta(days=today().weekday()), today()), (code,))
        week_ago = today() - timedelta(days=7)
        before = cli_figures(seeded_url, Period(week_ago - timedelta(days=week_ago.weekday()), week_ago), (code,))
        assert sum(now[k] for k in stocks) - sum(before[k] for k in stocks) == growth, (code, first)
    assert any("(/giao-ban)" in c.value for c in at.caption), "the way to the briefing"

    widget(at.sidebar.selectbox, "Kỳ báo cáo").set_value("nam-nay").run()
    assert_clean(at)
    assert_cards_match(at, cli_figures(seeded_url, preset_period("nam-nay", today())))
    assert at.query_params["ky"] in (["nam-nay"], "nam-nay"), "the year is named in the URL: it is not this page's default"


def test_period_widget_changes_the_cards_and_the_url(seeded_url):
    at = run_page("ho_so")
    before = card_values(at)
    widget(at.sidebar.selectbox, "Kỳ báo cáo").set_value("nam-truoc").run()
    assert_clean(at)
    after = assert_cards_match(at, cli_figures(seeded_url, preset_period("nam-truoc", today())))
    assert after != before
    assert at.query_params["ky"] == ["nam-truoc"] or at.query_params["ky"] == "nam-truoc"


def test_custom_period_and_unit_filter_from_the_url(seeded_url):
    at = run_page("nhiem_vu", tu="2021-01-01", den="2021-12-31", dv="VPUB,SNV")
    assert_clean(at)
    from data_access.period import Period
    assert_cards_match(at, cli_figures(seeded_url, Period.year(2021), ("VPUB", "SNV")))


def test_unit_filter_widget(seeded_url):
    at = run_page("don_thu")
    province = card_values(at)
    widget(at.sidebar.radio, "Phạm vi đơn vị").set_value("lanh-dao").run()
    assert_clean(at)
    assert card_values(at)["petitions_received"] != province["petitions_received"]


@pytest.mark.parametrize("params, fragment", [
    ({"ky": "xyz"}, "không hợp lệ"),
    ({"tu": "2021-13-45"}, "Ngày không hợp lệ"),
    ({"ky": "tuy-chon", "tu": "2022-05-01", "den": "2021-01-01"}, "sau ngày kết thúc"),
    ({"pv": "abc"}, "Phạm vi"),
    ({"dv": "KHONGCO"}, "KHONGCO"),
    ({"lanh_dao": "KHONGCO"}, "KHONGCO"),
])
def test_bad_parameters_give_a_vietnamese_notice(seeded_url, params, fragment):
    at = run_page("tong_quan", **params)
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert fragment in notices
    default = cli_figures(seeded_url, preset_period(OVERVIEW_PRESET, today()))  # the overview's own default
    assert_cards_match(at, default)


def test_unit_page_unknown_or_missing_code(seeded_url):
    at = run_page("don_vi", don_vi="KHONGCO")
    assert not at.exception
    assert "KHONGCO" in " ".join(w.value for w in at.warning)
    assert widget(at.selectbox, "Đơn vị").value is None
    at = run_page("don_vi")
    assert not at.exception
    assert at.info, "a missing code asks the reader to choose a unit"


def test_unit_picker_opens_the_unit(seeded_url):
    at = run_page("don_vi")
    widget(at.selectbox, "Đơn vị").set_value("SNV").run()
    assert_clean(at)
    assert any(h.value == "Sở Nội vụ tỉnh Quảng Ngãi" for h in at.header)


def test_database_unreachable_shows_a_plain_banner(seeded_url, monkeypatch):
    """The banner, in Vietnamese; the database's address only to a logged-in admin (redacted), to nobody else."""
    down = "postgresql+psycopg://nobody:bi-mat@127.0.0.1:9/khong_co"

    def banner(at: AppTest) -> str:
        assert not at.exception
        text = " ".join(e.value for e in at.error)
        assert "Không kết nối được cơ sở dữ liệu" in text and "bi-mat" not in text
        return text

    chairman, admin = (login(AppTest.from_file(str(ROOT / "pages" / "tong_quan.py"), default_timeout=TIMEOUT), u)
                       for u in ("chutich", "vanphong"))
    chairman.run(), admin.run()
    monkeypatch.setenv("DATABASE_URL", down)
    anonymous = AppTest.from_file(str(ROOT / "pages" / "tong_quan.py"), default_timeout=TIMEOUT).run()
    assert "127.0.0.1" not in banner(anonymous) and "nobody" not in banner(anonymous)
    chairman.run()
    assert "127.0.0.1" not in banner(chairman) and "nobody" not in banner(chairman)
    admin.run()
    assert "nobody:***@127.0.0.1:9/khong_co" in banner(admin)
    monkeypatch.setenv("DATABASE_URL", seeded_url)  # the database is back: the next run recovers
    chairman.run()
    assert_clean(chairman)
    assert card_values(chairman)


def _imports(path: Path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {n.name for node in ast.walk(tree) if isinstance(node, ast.Import) for n in node.names}
    return found | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}


def test_imports_run_one_way():
    """pages → dashboard → data_access: pages never touch SQLAlchemy or the data layer directly,
    and the data layer never imports Streamlit or the dashboard."""
    for page in [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]:
        bad = {m for m in _imports(page) if m.split(".")[0] in ("sqlalchemy", "data_access")}
        assert not bad, f"{page.name} imports {bad}"
    for module in (ROOT / "data_access").rglob("*.py"):
        bad = {m for m in _imports(module) if m.split(".")[0] in ("streamlit", "dashboard")}
        assert not bad, f"{module.relative_to(ROOT)} imports {bad}"



def test_a_long_table_shows_its_first_rows_and_all_of_them_when_asked(seeded_url):
    """The dossiers' per-unit table of the whole province: 25 rows, the caption saying how many there are,
    and every row after "Xem tất cả … dòng" (the downloads hold every row either way)."""
    from dashboard.ui.tables import ROWS_SHOWN

    def detail(at):  # the per-unit table: the one with the online column
        return next(d.value for d in at.dataframe if "Trực tuyến" in d.value.columns)

    at = run_page("ho_so", ky="nam-truoc")
    assert len(detail(at)) == ROWS_SHOWN
    switch = next(t for t in at.toggle if t.key == "detail-all")
    total = int(switch.label.removeprefix("Xem tất cả ").removesuffix(" dòng").replace(".", ""))
    assert total > ROWS_SHOWN
    assert any(f"Hiển thị {ROWS_SHOWN} / {total} dòng" in c.value for c in at.caption)
    at = switch.set_value(True).run()
    assert len(detail(at)) == total
    assert not any(f"Hiển thị {ROWS_SHOWN} / {total} dòng" in c.value for c in at.caption)
