"""The pages under AppTest on a small seeded SQLite database: the Office fills the conclusion form on
`/giao-ban` and presses «Ghi kết luận»; a week later the briefing opens with it; `/du-lieu` lists the
stale units; each card says when its source last came in, and an import moves that stamp."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from auth_helpers import login
from briefing_db import seeded_sqlite_url
from data_access import freshness
from data_access.db import make_engine
from data_access.importer import import_file
from data_access.schema import tasks
from dashboard.core.formatting import fmt_datetime

from tests.test_importer import write_csv

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120


@pytest.fixture
def db(tmp_path, tmp_path_factory, monkeypatch):
    """A private copy of the seeded database (this test writes to it), as the pages' DATABASE_URL."""
    source = seeded_sqlite_url(tmp_path_factory).removeprefix("sqlite:///")
    copy = tmp_path / "giao_ban.sqlite"
    shutil.copy(source, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("DATABASE_URL", url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def page(name: str, user: str, **params) -> AppTest:
    at = login(AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=TIMEOUT), user)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def by_label(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def shown(elements) -> str:
    """The texts as a reader sees them: the Markdown escapes (`safe.md`) rendered away."""
    return " ".join(e.value for e in elements).replace("\\", "")


def conclusion_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).where(tasks.c.briefing_week.isnot(None))).scalar()


def test_the_office_records_a_conclusion_and_the_next_briefing_opens_with_it(db, monkeypatch):
    monkeypatch.setenv("BDH_TODAY", "2026-11-30")  # the Monday of the briefing of week 48
    at = page("giao_ban", "vanphong")
    assert not at.exception
    assert "Chưa ghi kết luận nào cho phiên giao ban này." in [c.value for c in at.caption]

    # Pressed empty: the plain reasons, nothing written.
    by_label(at.button, "Ghi kết luận").click().run()
    errors = shown(at.error)
    assert "Chưa nhập nội dung kết luận." in errors and "Chưa chọn cơ quan chủ trì." in errors
    assert conclusion_count(db) == 0

    # A due date already past: refused too.
    by_label(at.text_area, "Nội dung kết luận").input("Hoàn thành quyết toán vốn đầu tư công năm 2025")
    by_label(at.selectbox, "Cơ quan chủ trì").select("STC")
    by_label(at.date_input, "Hạn xử lý").set_value(date(2026, 11, 27))
    by_label(at.button, "Ghi kết luận").click().run()
    assert "Hạn xử lý 27/11/2026 đã qua (hôm nay là 30/11/2026)." in shown(at.error)
    assert conclusion_count(db) == 0

    by_label(at.date_input, "Hạn xử lý").set_value(date(2026, 12, 4))
    by_label(at.button, "Ghi kết luận").click().run()
    assert not at.exception and not at.error
    assert shown(at.success) == "Đã ghi kết luận KLGB-2026-W48-01 giao Sở Tài chính tỉnh Quảng Ngãi, hạn 04/12/2026."
    with db.connect() as conn:
        row = conn.execute(select(tasks).where(tasks.c.task_id == "KLGB-2026-W48-01")).mappings().one()
    assert (row["lead_unit"], row["assigned_by"], row["source_doc"], row["assigned_date"], row["due_date"]) == (
        "STC", "CT", "Kết luận giao ban tuần 2026-W48", date(2026, 11, 30), date(2026, 12, 4))
    own = at.dataframe[-1].value  # this briefing's conclusions, above the (emptied) form
    assert list(own["Kết luận"]) == ["Hoàn thành quyết toán vốn đầu tư công năm 2025"]
    assert by_label(at.text_area, "Nội dung kết luận").value == ""

    # The next Monday: the briefing of week 49 opens with it, in its state at Sunday 6/12.
    monkeypatch.setenv("BDH_TODAY", "2026-12-07")
    at = page("giao_ban", "chutich")
    assert not at.exception
    assert at.header[0].value == "Thực hiện kết luận giao ban"
    follow_up = at.dataframe[0].value
    assert follow_up.iloc[0].tolist() == ["Tuần 48/2026", "Hoàn thành quyết toán vốn đầu tư công năm 2025",
                                          "Quá hạn", "Sở Tài chính tỉnh Quảng Ngãi", "04/12/2026", "–"]
    assert not [b for b in at.button if b.label == "Ghi kết luận"]  # the form is the Office's only


def test_stale_units_on_the_data_page(db, monkeypatch):
    monkeypatch.setenv("BDH_TODAY", "2026-11-30")
    with db.connect() as conn:
        expected = freshness.stale_units(conn, date(2026, 11, 30))
    at = page("du_lieu", "vanphong")
    assert not at.exception
    tasks_stale = expected[expected["source"] == "tasks"]
    assert at.tabs[0].label == f"Nhiệm vụ ({len(tasks_stale)})"
    shown = next(d.value for d in at.dataframe if "Số ngày chưa cập nhật" in d.value.columns)
    assert list(shown["Đơn vị"]) == list(tasks_stale["unit_name"])
    first = tasks_stale.iloc[0]
    assert shown.iloc[0]["Cập nhật gần nhất"] == fmt_datetime(first["last_fed_at"].to_pydatetime())
    assert shown.iloc[0]["Số ngày chưa cập nhật"] == str(int(first["days_since"]))


def test_each_card_says_when_its_source_last_came_in(db, monkeypatch, tmp_path):
    monkeypatch.setenv("BDH_TODAY", "2026-11-30")

    def stamps(at) -> list[str]:
        return [line for c in at.caption for line in c.value.split("  \n") if line.startswith("Nguồn cập nhật")]

    with db.connect() as conn:
        before = freshness.last_fed(conn)
    at = page("nhiem_vu", "chutich")
    assert not at.exception
    assert stamps(at) and set(stamps(at)) == {f"Nguồn cập nhật: {fmt_datetime(before['tasks'])}"}

    header = ["task_id", "title", "assigned_by", "lead_unit", "assigned_date"]
    import_file(db, "tasks", write_csv(tmp_path / "nv.csv", [header, ["NV-MOI-1", "Việc mới", "CT", "STC", "2026-11-30"]]))
    with db.connect() as conn:
        after = freshness.last_fed(conn)
    assert after["tasks"] > before["tasks"]
    at = page("nhiem_vu", "chutich")
    assert set(stamps(at)) == {f"Nguồn cập nhật: {fmt_datetime(after['tasks'])}"}
