"""Briefing conclusions (kết luận giao ban, SPEC §2.6) on SQLite and PostgreSQL: recorded at one week's
briefing, they are tasks in the task figures, and the next briefing — its model, its PDF and its PPTX —
opens with their state as of its last day."""
from __future__ import annotations

import io
from datetime import date

import pytest
from pptx import Presentation
from pypdf import PdfReader
from sqlalchemy import func, select

from data_access import conclusions as kl
from data_access.importer import import_file
from data_access.kpi import all_figures
from data_access.period import Period
from data_access.schema import audit_log, import_log, tasks

from dashboard.briefing.build import build_briefing
from dashboard.render import pack

from tests.builders import add_unit, base_org
from tests.test_importer import write_csv

MONDAY_W49 = date(2026, 11, 30)  # the meeting on the briefing of week 48 (23/11 – 29/11)


def record(conn, title, unit, due, *, week="2026-W48", by="PCT1", today=MONDAY_W49) -> str:
    return kl.record_conclusion(conn, kl.Conclusion(week, title, unit, due, by), username="vanphong", today=today)


@pytest.fixture
def four_conclusions(engine, tmp_path):
    """Four conclusions of the briefing of week 48, then a week of work: one done on time (reported by
    the task system's import), one done late, one still in time, one overdue."""
    with engine.begin() as conn:
        base_org(conn)
        ids = [record(conn, "Hoàn thành quyết toán vốn đầu tư công", "STC", date(2026, 12, 4)),
               record(conn, "Báo cáo tiến độ giải phóng mặt bằng", "SXD", date(2026, 12, 2)),
               record(conn, "Rà soát hồ sơ đất đai tồn đọng", "H_BS", date(2026, 12, 10)),
               record(conn, "Trình phương án sắp xếp trụ sở", "VPUB", date(2026, 12, 1))]
    header = ["task_id", "title", "source_doc", "assigned_by", "lead_unit", "assigned_date", "due_date",
              "completed_date"]
    import_file(engine, "tasks", write_csv(tmp_path / "nhiem_vu.csv", [header, [
        ids[0], "Hoàn thành quyết toán vốn đầu tư công", "Kết luận giao ban tuần 2026-W48", "PCT1", "STC",
        "2026-11-30", "2026-12-04", "2026-12-03"]]))
    with engine.begin() as conn:
        conn.execute(tasks.update().where(tasks.c.task_id == ids[1]).values(completed_date=date(2026, 12, 5)))
    return ids


def test_a_conclusion_is_a_task_of_its_briefing_week(engine, four_conclusions):
    with engine.connect() as conn:
        row = conn.execute(select(tasks).where(tasks.c.task_id == four_conclusions[0])).mappings().one()
        log = conn.execute(select(import_log.c.kind, import_log.c.file_name, import_log.c.imported_by)
                           .where(import_log.c.kind == "conclusions")).all()
        audited = conn.execute(select(func.count()).where(audit_log.c.action == "conclusion_add")).scalar()
    assert four_conclusions == [f"KLGB-2026-W48-0{i}" for i in range(1, 5)]
    assert row["source_doc"] == "Kết luận giao ban tuần 2026-W48"
    assert row["briefing_week"] == "2026-W48"  # kept when the task system's import updated the task
    assert (row["assigned_by"], row["lead_unit"], row["assigned_date"]) == ("PCT1", "STC", MONDAY_W49)
    assert row["completed_date"] == date(2026, 12, 3)
    assert len(log) == 4 and log[0] == ("conclusions", "Kết luận giao ban tuần 2026-W48", "vanphong")
    assert audited == 4


def test_conclusions_count_in_the_task_figures(engine, four_conclusions):
    with engine.connect() as conn:
        week49 = all_figures(conn, period=Period(date(2026, 11, 30), date(2026, 12, 6)))
    assert week49["tasks_total"] == 4
    assert (week49["tasks_completed_on_time"], week49["tasks_completed_late"], week49["tasks_in_progress_on_time"],
            week49["tasks_overdue"]) == (1, 1, 1, 1)
    assert week49["task_due_completion_rate"] == pytest.approx(2 / 3)
    assert week49["tasks_overdue_all"] == 1


def test_the_next_briefing_opens_with_their_states(engine, four_conclusions):
    with engine.connect() as conn:
        w49 = build_briefing(conn, week="2026-W49").conclusions
        w48 = build_briefing(conn, week="2026-W48").conclusions
        w50 = build_briefing(conn, week="2026-W50").conclusions
    states = {row[1]: row[2] for row in w49.previous.rows}
    assert states == {"Hoàn thành quyết toán vốn đầu tư công": "Hoàn thành đúng hạn",
                      "Báo cáo tiến độ giải phóng mặt bằng": "Hoàn thành trễ hạn",
                      "Rà soát hồ sơ đất đai tồn đọng": "Đang thực hiện, trong hạn",
                      "Trình phương án sắp xếp trụ sở": "Quá hạn"}
    first = w49.previous.rows[0]
    assert first[0] == "Tuần 48/2026" and first[3:6] == ["Sở Tài chính", "04/12/2026", "03/12/2026"]
    assert w49.sentence == ("4 kết luận của các phiên giao ban trước: 1 hoàn thành đúng hạn; 1 hoàn thành trễ hạn; "
                            "1 đang thực hiện, trong hạn; 1 quá hạn.")
    assert w49.this_week.rows == []
    # At their own briefing they are this week's conclusions, not yet followed up.
    assert w48.previous.rows == [] and len(w48.this_week.rows) == 4
    assert w48.this_week.rows[0] == ["Hoàn thành quyết toán vốn đầu tư công", "Sở Tài chính",
                                     "Phó Chủ tịch UBND tỉnh", "04/12/2026"]
    # A week later the two done in week 49 were reported; the one still open is now overdue.
    assert {row[1]: row[2] for row in w50.previous.rows} == {
        "Rà soát hồ sơ đất đai tồn đọng": "Quá hạn", "Trình phương án sắp xếp trụ sở": "Quá hạn"}


def test_the_pack_opens_with_them(engine, four_conclusions):
    with engine.connect() as conn:
        b = build_briefing(conn, week="2026-W49")
    reader = PdfReader(io.BytesIO(pack.write(b, "pdf")))
    second = reader.pages[1].extract_text()
    assert "Thực hiện kết luận giao ban" in second
    for words in ("Trình phương án sắp xếp trụ sở", "Quá hạn", "Hoàn thành trễ hạn", "Tuần 48/2026", "04/12/2026"):
        assert words in second
    slides = Presentation(io.BytesIO(pack.write(b, "pptx"))).slides
    texts = []
    for shape in slides[1].shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if shape.has_table:
            texts += [cell.text for row in shape.table.rows for cell in row.cells]
    slide_text = "\n".join(texts)
    assert "Thực hiện kết luận giao ban" in slide_text
    assert "Rà soát hồ sơ đất đai tồn đọng" in slide_text and "Đang thực hiện, trong hạn" in slide_text


@pytest.mark.parametrize("title, unit, due, by, words", [
    ("   ", "STC", date(2026, 12, 4), "PCT1", "Chưa nhập nội dung kết luận."),
    ("Việc", "STC", date(2026, 11, 29), "PCT1", "Hạn xử lý 29/11/2026 đã qua (hôm nay là 30/11/2026)."),
    ("Việc", "STC", None, "PCT1", "Chưa chọn hạn xử lý."),
    ("Việc", "SKHDT", date(2026, 12, 4), "PCT1", "Sở Kế hoạch và Đầu tư không còn hoạt động vào ngày 30/11/2026"),
    ("Việc", "KHONGCO", date(2026, 12, 4), "PCT1", "Không có đơn vị mã «KHONGCO»."),
    ("Việc", "STC", date(2026, 12, 4), "PCT9", "Không có lãnh đạo mã «PCT9»."),
])
def test_a_refused_conclusion_writes_nothing(engine, title, unit, due, by, words):
    with engine.begin() as conn:
        base_org(conn)
        add_unit(conn, "SKHDT", "Sở Kế hoạch và Đầu tư", valid_to=date(2025, 2, 28))
    with pytest.raises(kl.ConclusionRefused) as refused, engine.begin() as conn:
        record(conn, title, unit, due, by=by)
    assert any(words in p for p in refused.value.problems), refused.value.problems
    with engine.connect() as conn:
        written = [conn.execute(select(func.count()).select_from(t)).scalar() for t in (tasks, import_log, audit_log)]
    assert written == [0, 0, 0]
