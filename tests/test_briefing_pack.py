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
from dashboard.render.pack import briefing_charts, build_pages
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


def expected_titles(b) -> list[str]:
    pages, _ = build_pages_without_charts(b)
    return [p.title for p in pages]


def build_pages_without_charts(b):
    from dashboard.render import layout
    return layout.plan(b, {}, {}), None


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
    assert titles == expected_titles(briefing)
    assert titles[0] == "Giao ban tuần 48/2026" and titles[1] == "Tóm tắt tình hình"
    assert [t for t in titles if t in {a.title for a in AREAS.values()}] == [a.title for a in AREAS.values()]
    leaders = [s.leader_name for s in briefing.leaders]
    assert len(leaders) == 3 and titles[-3:] == leaders
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
    titles = expected_titles(briefing)
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
    charts = briefing_charts(briefing)
    assert len(names) == 2 * len(charts) and len(charts) >= 7
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
