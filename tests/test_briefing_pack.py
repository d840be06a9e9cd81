"""The briefing pack for one week of the seed data, made through the CLI as cron would make it.

Parses the PPTX (python-pptx) and the PDF (pypdf): the slide/page count, the titles, and that the
headline numbers on them equal `python -m data_access kpi` for that week, formatted by
`dashboard.formatting`. The ZIP holds every chart as PNG and SVG. Runs on SQLite and, when
TEST_DATABASE_URL is set, on PostgreSQL.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile

import pytest
from pptx import Presentation
from pypdf import PdfReader

from briefing_db import ROOT, TODAY, WEEK, WEEK_FROM, WEEK_TO, seed, seeded_sqlite_url
from conftest import PG_BASE_URL, create_pg_database, drop_pg_database
from dashboard.briefing.build import build_briefing
from dashboard.briefing.model import BriefingInputError, Span, last_full_week, parse_iso_week
from dashboard.core.catalog import AREAS, KPIS
from dashboard.core.formatting import fmt_int, fmt_pct, fmt_rank, fmt_value
from dashboard.render import layout, pdf
from dashboard.render.pack import BOXES, build_pack, pack_charts, render_charts
from data_access.db import make_engine


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_url(request, tmp_path_factory):
    if request.param == "sqlite":
        yield seeded_sqlite_url(tmp_path_factory)
        return
    if not PG_BASE_URL:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    url = seed(create_pg_database("bdh_briefing"))
    yield url
    drop_pg_database(url)


def cli(*args):
    env = os.environ | {"BDH_TODAY": TODAY}
    return subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True, text=True,
                          timeout=180, cwd=ROOT, env=env)


@pytest.fixture(scope="module")
def made(db_url, tmp_path_factory):
    """The three files from the CLI, the kpi CLI's figures and the briefing built in-process."""
    out = tmp_path_factory.mktemp("pack")
    env = os.environ | {"BDH_TODAY": TODAY}
    running = {fmt: subprocess.Popen([sys.executable, "-m", "dashboard", "briefing", "--week", WEEK, "--format", fmt,
                                      "--out", str(out / f"giao-ban.{fmt}"), "--db", db_url, "--quiet"],
                                     stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
               for fmt in ("pptx", "pdf", "zip")}  # in parallel: each run is mostly chart rendering
    files = {}
    for fmt, proc in running.items():
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        files[fmt] = (out / f"giao-ban.{fmt}").read_bytes()
    kpi = subprocess.run([sys.executable, "-m", "data_access", "kpi", "--db", db_url, "--from", WEEK_FROM,
                          "--to", WEEK_TO, "--json"], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert kpi.returncode == 0, kpi.stderr
    engine = make_engine(db_url)
    with engine.connect() as conn:
        briefing = build_briefing(conn, week=WEEK)
    engine.dispose()
    return files, json.loads(kpi.stdout), briefing


def expected_titles(b, fmt: str) -> list[str]:
    """The page titles of the PPTX or the PDF (the layout does not depend on the chart images)."""
    return [p.title for p in layout.plan(b, {}, {}, BOXES[fmt])]


# The tiles each area slide shows, and how the kpi CLI's value is formatted there.
AREA_TILES = {
    "Nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao": ["tasks_total", "task_due_completion_rate", "tasks_overdue_all"],
    "Giải quyết hồ sơ thủ tục hành chính": ["dossiers_received", "dossiers_resolved", "dossier_on_time_rate",
                                            "online_share", "dossiers_pending_overdue", "satisfaction_rate"],
    "Tiếp công dân, giải quyết đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh": [
        "petitions_received", "petitions_eligible", "petitions_group", "petitions_overdue",
        "reception_sessions", "reception_people"],
}


def _expected(kpi: dict) -> dict[str, dict[str, str]]:
    """slide title → {tile label: formatted value} from the kpi CLI's JSON."""
    out = {title: {KPIS[k].label: fmt_value(kpi[k], KPIS[k].fmt) for k in keys} for title, keys in AREA_TILES.items()}
    office = next((r for r in kpi["par"] if r["unit"] == "VPUB"), None)
    if office:
        departments = sum(1 for r in kpi["par"] if r["kind"] == "department")
        out[AREAS["par"].title] = {f"Xếp hạng Chỉ số CCHC của {office['name']}": fmt_rank(office["rank"], departments),
                                   f"Chỉ số CCHC của {office['name']}": fmt_pct(office["percent"])}
    return out


def _tiles(slide) -> dict[str, str]:
    """label → value of every figure tile on a slide (a text box whose first two paragraphs are those)."""
    found = {}
    for shape in slide.shapes:
        if shape.has_text_frame and len(shape.text_frame.paragraphs) >= 2:
            paras = [p.text for p in shape.text_frame.paragraphs]
            found.setdefault(paras[0], paras[1])
    return found


def test_pptx_slides_titles_and_numbers_equal_the_kpi_cli(made):
    files, kpi, briefing = made
    prs = Presentation(io.BytesIO(files["pptx"]))
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles == expected_titles(briefing, "pptx")
    assert titles[0] == "Giao ban tuần 48/2026" and titles[1] == "Tóm tắt tình hình"
    assert [t for t in titles if t in {a.title for a in AREAS.values()}] == [a.title for a in AREAS.values()]
    leaders = [s.leader_name for s in briefing.leaders]
    assert len(leaders) == 3 and [t for t in titles if t in leaders] == leaders
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01
    first = " ".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert "Tuần 48/2026 (23/11 – 29/11/2026)" in first and "Số liệu đến: 29/11/2026" in first
    by_title = {s.shapes.title.text: s for s in prs.slides}
    for title, tiles in _expected(kpi).items():
        shown = _tiles(by_title[title])
        for label, value in tiles.items():
            assert shown.get(label) == value, (title, label, shown.get(label), value)
    for slide in list(prs.slides)[2:]:  # every area slide after the title carries its main chart
        if slide.shapes.title.text in {a.title for a in AREAS.values()}:
            assert any(sh.shape_type == 13 for sh in slide.shapes), slide.shapes.title.text  # PICTURE


def test_pdf_pages_titles_and_numbers_equal_the_kpi_cli(made):
    files, kpi, briefing = made
    reader = PdfReader(io.BytesIO(files["pdf"]))
    titles = expected_titles(briefing, "pdf")
    assert len(reader.pages) == len(titles)
    texts = [page.extract_text() for page in reader.pages]
    for title, text in zip(titles, texts):
        assert " ".join(title.split()) in " ".join(text.split()), title
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height) and abs(float(box.width) - 841.89) < 1  # A4 landscape
    for title, tiles in _expected(kpi).items():
        text = " ".join(texts[titles.index(title)].split())
        for label, value in tiles.items():
            assert f"{label} {value}" in text or (label in text and value in text), (title, label, value)
    assert "Giải quyết hồ sơ thủ tục hành chính" in texts[titles.index(AREAS["dossiers"].title)]  # diacritics kept


def test_zip_holds_every_chart_as_png_and_svg(made):
    files, _, briefing = made
    names = zipfile.ZipFile(io.BytesIO(files["zip"])).namelist()
    charts = pack_charts(briefing)
    assert len(names) == 2 * len(charts) and len(charts) >= 8
    with zipfile.ZipFile(io.BytesIO(files["zip"])) as zf:
        for name in names:
            body = zf.read(name)
            if name.endswith(".png"):
                assert body[:8] == b"\x89PNG\r\n\x1a\n", name
            else:
                assert name.endswith(".svg") and b"<svg" in body[:500], name
                assert "Số liệu đến".encode() in body and "Nguồn: Bảng điều hành".encode() in body, name
    assert {n.rsplit(".", 1)[0] for n in names if n.endswith(".png")} == \
           {n.rsplit(".", 1)[0] for n in names if n.endswith(".svg")}


def test_two_week_span_and_year_ago():
    span = Span.parse("2026-W48", 2)
    assert (span.period.start.isoformat(), span.period.end.isoformat()) == ("2026-11-16", "2026-11-29")
    assert span.previous.start.isoformat() == "2026-11-02" and span.year_ago.end.isoformat() == "2025-11-30"
    assert span.label == "Tuần 47–48/2026 (16/11 – 29/11/2026)"


def test_iso_week_parsing():
    assert parse_iso_week("2026-W48") == (2026, 48) and parse_iso_week("2026w5") == (2026, 5)
    assert last_full_week(__import__("datetime").date(2026, 11, 30)) == "2026-W48"
    assert last_full_week(__import__("datetime").date(2026, 11, 29)) == "2026-W47"
    for bad in ("2026-48", "W48", "2025-W53", "2026-W00", ""):
        with pytest.raises(BriefingInputError, match="Tuần không hợp lệ"):
            parse_iso_week(bad)


@pytest.mark.parametrize("args, message", [
    (["--week", "2026-48", "--format", "pdf"], "Tuần không hợp lệ"),
    (["--week", "2026-W48", "--weeks", "3", "--format", "pdf"], "1 hoặc 2 tuần"),
    (["--week", "2026-W48", "--format", "doc"], "giá trị không hợp lệ"),
])
def test_cli_bad_input_exits_2_in_vietnamese(args, message, tmp_path):
    result = cli("briefing", *args, "--out", str(tmp_path / "x.pdf"), "--db", "sqlite:///" + str(tmp_path / "n.db"))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_the_pack_lists_the_overdue_explanation_requests_as_typed(db_url, tmp_path):
    """A request left open past its due date is on the "Theo dõi sau giao ban" page of the pack, its text as typed."""
    from datetime import date, datetime

    from data_access import explanations as ex

    question = "Giải trình **ngay** <b>tồn đọng</b>"
    engine = make_engine(db_url)
    with engine.begin() as conn:
        ex.create(conn, unit_code="STC", subject=ex.Subject("dossier_backlog", "Hồ sơ tồn đọng quá hạn"),
                  question=question, due_date=date(2026, 11, 20), asked_by="vanphong", today=date(2026, 11, 16),
                  at=datetime(2026, 11, 16, 9))
    engine.dispose()
    out = tmp_path / "giao-ban.pdf"
    done = cli("briefing", "--week", WEEK, "--format", "pdf", "--out", str(out), "--db", db_url, "--quiet")
    assert done.returncode == 0, done.stderr
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(out.read_bytes())).pages]
    follow = next(p for p in pages if "Theo dõi sau giao ban" in p)
    assert "Yêu cầu giải trình quá hạn" in follow and question in follow and "9 ngày" in follow
# --- long lists: every row of every list is in the PDF and the PPTX -----------------------------------

LONG_TASKS = 40


@pytest.fixture(scope="module")
def long_briefing(request, tmp_path_factory):
    """The two weeks 2026-W47–W48 of the seed data with 40 more tasks that fell due in them and are still open,
    their titles long (two lines in a table), spread over the departments: lists that do not fit one page."""
    import csv
    import shutil

    from data_access.importer import import_file
    from sqlalchemy import text

    folder = tmp_path_factory.mktemp("long_pack")
    backend = request.param
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'long.sqlite'}"
        shutil.copy(seeded_sqlite_url(tmp_path_factory).removeprefix("sqlite:///"), url.removeprefix("sqlite:///"))
    else:
        if not PG_BASE_URL:
            pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
        url = seed(create_pg_database("bdh_long_pack"))
    engine = make_engine(url)
    with engine.connect() as conn:
        departments = [r[0] for r in conn.execute(text(
            "SELECT code FROM units WHERE kind = 'department' AND valid_to IS NULL ORDER BY code"))][:8]
    with open(folder / "tasks.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["task_id", "title", "assigned_by", "lead_unit", "assigned_date", "due_date"]] + [
            [f"DAI-{i:03d}", f"Nhiệm vụ kiểm thử số {i:03d}: rà soát, tổng hợp và báo cáo kết quả triển khai "
             f"kế hoạch cải cách hành chính giai đoạn {2021 + i % 5}–2030 tại đơn vị",
             "PCT1", departments[i % len(departments)], "2026-10-01", f"2026-11-{16 + i % 14:02d}"]
            for i in range(LONG_TASKS)])
    assert import_file(engine, "tasks", folder / "tasks.csv", user="kiem_thu").status == "ok"
    with engine.connect() as conn:
        briefing = build_briefing(conn, week=WEEK, weeks=2)
    engine.dispose()
    yield briefing
    if backend != "sqlite":
        drop_pg_database(url)


def _lists(b):
    """Every list of the briefing model: the areas', the vice-chairmen's, the follow-up and the conclusions'."""
    conclusions = [b.conclusions.previous, b.conclusions.this_week] if b.conclusions else []
    return ([a for area in b.areas for a in area.agenda] + [a for s in b.leaders for a in s.agenda]
            + list(b.follow_up) + conclusions)


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("long_briefing", ["sqlite", "postgresql"], indirect=True)
def test_every_list_row_of_a_long_briefing_is_in_the_pdf_and_the_pptx(long_briefing):
    b = long_briefing
    became = b.area("tasks").agenda[0]
    assert became.key == "tasks_became_overdue" and len(became.rows) >= 15  # long, as meant
    files = build_pack(b, ("pptx", "pdf"))

    # PPTX: every row of a list is one row of one of its tables, exactly once, under the list's title
    prs = Presentation(io.BytesIO(files["pptx"]))
    tables: dict[str, list[tuple]] = {}
    for slide in prs.slides:
        titles = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        for shape in (sh for sh in slide.shapes if sh.has_table):
            heading = next(t for t in reversed(titles[:_index_before(slide, shape)]) if t)
            rows = [tuple(c.text for c in r.cells) for r in shape.table.rows]
            tables.setdefault(heading.removesuffix(f" {layout.CONTINUED}"), []).extend(rows[1:])
    continued = 0
    for agenda in _lists(b):
        shown = [r for title, rows in tables.items() if title == agenda.title for r in rows]
        for row in agenda.rows:
            assert tuple(row) in shown, (agenda.title, row)
        continued += any(agenda.title + f" {layout.CONTINUED}" in t for t in _all_texts(prs))
    assert continued, "no list went on over a slide: the briefing is not long enough to test this"

    # PDF: every row's cells on one page, and text never runs into the footer
    reader = PdfReader(io.BytesIO(files["pdf"]))
    pages = [_squash(p.extract_text()) for p in reader.pages]
    assert any(layout.CONTINUED in p for p in pages)
    for agenda in _lists(b):
        for row in agenda.rows:
            assert any(all(_squash(v) in p for v in row) for p in pages if _squash(agenda.title) in p), \
                (agenda.title, row)
    footer_top = (210 - 11) / 25.4 * 72  # pdf.BOTTOM, in points from the top
    for number, page in enumerate(reader.pages, start=1):
        low = []
        page.extract_text(visitor_text=lambda t, cm, tm, *_: low.append(t) if t.strip() and (
            float(page.mediabox.height) - tm[5] * cm[3] - cm[5]) > footer_top and not t.startswith("UBND tỉnh")
            and t.strip() != str(number) else None)
        assert not low, (number, low[:5])


def _index_before(slide, shape) -> int:
    """How many text shapes come before `shape` on the slide (the list's title is the last of them)."""
    shapes = list(slide.shapes)
    return sum(1 for sh in shapes[:shapes.index(shape)] if sh.has_text_frame)


def _all_texts(prs) -> list[str]:
    return [sh.text_frame.text for slide in prs.slides for sh in slide.shapes if sh.has_text_frame]


def test_main_charts_print_at_8_pt_or_more_on_the_a4_pdf(tmp_path_factory):
    """The smallest text of each area page's chart, at the size the PDF draws the image on A4."""
    import re

    engine = make_engine(seeded_sqlite_url(tmp_path_factory))
    with engine.connect() as conn:
        b = build_briefing(conn, week=WEEK)
    engine.dispose()
    mains = [i for i in pack_charts(b) if i.main]
    assert {i.area for i in mains} == {"tasks", "dossiers", "petitions", "par"}
    for item, image in ((i, render_charts(b, [i])[i.key]) for i in mains):
        width_px = float(re.search(r'<svg[^>]*\swidth="([\d.]+)"', image.svg).group(1))
        smallest_px = min(float(s) for s in re.findall(r'font-size="([\d.]+)px"', image.svg))
        width_mm, _ = pdf.chart_size(image.png)
        points = smallest_px * width_mm / width_px * 72 / 25.4
        assert points >= 8, (item.title, round(points, 1))
