"""Explanation requests in the data layer (SPEC §2.6), on SQLite and PostgreSQL: the states and their checks,
overdue at the day boundary, the thread, the audit rows, and who a request belongs to after a merger."""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from builders import add_edge, add_unit, base_org
from data_access import explanations as ex
from data_access.audit import audit_entries
from data_access.org import current
from data_access.schema import explanation_messages, explanation_requests
from data_access.scope import Scope

TODAY = date(2026, 12, 3)  # a Thursday
ALL = Scope(None, current(TODAY))
RATE = ex.Subject("figure", "Tỷ lệ giải quyết hồ sơ đúng hạn: 72,1%", area="dossiers",
                  figure_key="dossier_on_time_rate", period_start=date(2026, 11, 1), period_end=date(2026, 11, 30))


def only(*codes):
    return Scope(frozenset(codes), current(TODAY))


@pytest.fixture
def org(engine):
    with engine.begin() as conn:
        base_org(conn)
    return engine


def ask(conn, unit="STC", due=date(2026, 12, 10), question="Vì sao tỷ lệ đúng hạn thấp?", subject=RATE, today=TODAY):
    return ex.create(conn, unit_code=unit, subject=subject, question=question, due_date=due, asked_by="chutich",
                     today=today)


def test_a_request_goes_open_answered_closed_with_its_thread_and_audit_rows(org):
    with org.begin() as conn:
        rid = ask(conn)
    with org.begin() as conn:
        ex.answer(conn, rid, body="Do thiếu cán bộ; đã bổ sung.", author="so_taichinh", scope=only("STC"), today=TODAY)
    with org.begin() as conn:
        ex.close(conn, rid, by="chutich")
        req = ex.get(conn, rid, scope=ALL, today=TODAY)
        log = audit_entries(conn)
    assert req.state == "closed" and req.closed_at is not None
    assert [m.kind for m in req.thread] == ["question", "answer", "close"]
    assert req.question == "Vì sao tỷ lệ đúng hạn thấp?" and req.answer == "Do thiếu cán bộ; đã bổ sung."
    assert req.subject == RATE and req.unit == "STC" and req.unit_name == "Sở Tài chính"
    assert sorted(log["action"]) == ["explanation_answer", "explanation_ask", "explanation_close"]
    assert json.loads(log[log["action"] == "explanation_ask"]["detail"].iloc[0])["don_vi"] == "STC"


def test_asking_again_reopens_with_the_new_question_and_due_date(org):
    with org.begin() as conn:
        rid = ask(conn)
        ex.answer(conn, rid, body="Trả lời 1", author="so_taichinh", scope=only("STC"), today=TODAY)
        ex.reopen(conn, rid, question="Cần số liệu cụ thể hơn", due_date=date(2026, 12, 15), by="chutich", today=TODAY)
        req = ex.get(conn, rid, scope=ALL, today=TODAY)
    assert req.state == "open" and req.due_date == date(2026, 12, 15) and req.question == "Cần số liệu cụ thể hơn"
    assert [m.kind for m in req.thread] == ["question", "answer", "question"]


@pytest.mark.parametrize("step, message", [
    ("close_open", "Chỉ đóng được yêu cầu đã có giải trình."),
    ("reopen_open", "Chỉ yêu cầu giải trình lại được khi đơn vị đã giải trình."),
    ("answer_twice", "Yêu cầu này không ở trạng thái chờ giải trình."),
    ("answer_closed", "Yêu cầu này không ở trạng thái chờ giải trình."),
])
def test_transitions_out_of_order_are_refused_and_change_nothing(org, step, message):
    with org.begin() as conn:
        rid = ask(conn)
        if step in ("answer_twice", "answer_closed"):
            ex.answer(conn, rid, body="Trả lời", author="so_taichinh", scope=only("STC"), today=TODAY)
        if step == "answer_closed":
            ex.close(conn, rid, by="chutich")
    with org.connect() as conn:
        before = ex.get(conn, rid, scope=ALL, today=TODAY)
    with pytest.raises(ex.ExplanationError, match=message), org.begin() as conn:
        if step == "close_open":
            ex.close(conn, rid, by="chutich")
        elif step == "reopen_open":
            ex.reopen(conn, rid, question="Lại", due_date=TODAY, by="chutich", today=TODAY)
        else:
            ex.answer(conn, rid, body="Trả lời nữa", author="so_taichinh", scope=only("STC"), today=TODAY)
    with org.connect() as conn:
        assert ex.get(conn, rid, scope=ALL, today=TODAY) == before


@pytest.mark.parametrize("kwargs, message", [
    ({"question": "   "}, "Chưa nhập nội dung yêu cầu."),
    ({"question": "x" * (ex.MAX_TEXT + 1)}, "dài quá 4000 ký tự"),
    ({"due": date(2026, 12, 2)}, "Hạn giải trình không được trước ngày hôm nay."),
    ({"due": None}, "Chưa chọn hạn giải trình."),
    ({"unit": "H_GONE"}, "không tồn tại vào ngày hôm nay"),
    ({"subject": ex.Subject("task", "Nhiệm vụ")}, "Nội dung cần giải trình không hợp lệ."),
])
def test_bad_requests_are_refused_in_plain_vietnamese_and_nothing_is_written(org, kwargs, message):
    with org.begin() as conn:
        add_unit(conn, "H_GONE", "Huyện đã giải thể", "district", valid_to=date(2025, 6, 30))
    with pytest.raises(ex.ExplanationError, match=message), org.begin() as conn:
        ask(conn, **kwargs)
    with org.connect() as conn:
        assert conn.execute(select(explanation_requests)).all() == []
        assert conn.execute(select(explanation_messages)).all() == []


def test_overdue_is_open_after_the_due_date_not_on_it(org):
    due = date(2026, 12, 10)
    with org.begin() as conn:
        rid = ask(conn, due=due)
        answered = ask(conn, due=due)
        ex.answer(conn, answered, body="Đã trả lời", author="so_taichinh", scope=only("STC"), today=TODAY)
    with org.connect() as conn:
        on_due = ex.list_requests(conn, scope=ALL, today=due)
        day_after = ex.list_requests(conn, scope=ALL, today=date(2026, 12, 11))
        late = ex.list_requests(conn, scope=ALL, today=date(2026, 12, 11), overdue=True)
        not_late = ex.list_requests(conn, scope=ALL, today=date(2026, 12, 11), overdue=False)
    assert {r.id: r.overdue for r in on_due} == {rid: False, answered: False}
    assert {r.id: r.overdue for r in day_after} == {rid: True, answered: False}  # an answered one waits on the asker
    assert [r.id for r in late] == [rid] and [r.id for r in not_late] == [answered]


def test_a_unit_reads_and_answers_only_its_own_requests(org):
    with org.begin() as conn:
        mine = ask(conn, unit="STC")
        theirs = ask(conn, unit="SXD")
    with org.connect() as conn:
        assert [r.id for r in ex.list_requests(conn, scope=only("STC"), today=TODAY)] == [mine]
        with pytest.raises(ex.ExplanationError, match="không có quyền xem"):
            ex.get(conn, theirs, scope=only("STC"), today=TODAY)
        with pytest.raises(ex.ExplanationError, match="không có quyền xem"):
            ex.get(conn, 999999, scope=only("STC"), today=TODAY)  # the same words for one that does not exist
    with pytest.raises(ex.ExplanationError, match="không có quyền xem"), org.begin() as conn:
        ex.answer(conn, theirs, body="Chen ngang", author="so_taichinh", scope=only("STC"), today=TODAY)
    with org.connect() as conn:
        assert ex.get(conn, theirs, scope=ALL, today=TODAY).state == "open"


def test_a_request_to_a_merged_unit_passes_to_its_successor_while_not_closed(org):
    """SPEC §2.5 for requests: open or answered on the merger day → the successor answers; a request closed
    before a split stays with the units before the reorganisation."""
    with org.begin() as conn:
        add_unit(conn, "SKHDT", "Sở Kế hoạch và Đầu tư", valid_to=date(2025, 2, 28))
        add_edge(conn, "SKHDT", "STC", date(2025, 3, 1))
        add_unit(conn, "H_OLD", "Huyện cũ", "district", valid_to=date(2025, 6, 30))
        add_unit(conn, "X_A", "Xã A", "commune", valid_from=date(2025, 7, 1))
        add_unit(conn, "X_B", "Xã B", "commune", valid_from=date(2025, 7, 1))
        add_edge(conn, "H_OLD", "X_A", date(2025, 7, 1), "split", primary=True)
        add_edge(conn, "H_OLD", "X_B", date(2025, 7, 1), "split")
        before = date(2025, 2, 10)
        kept = ask(conn, unit="SKHDT", due=date(2025, 2, 20), today=before)
        closed = ask(conn, unit="H_OLD", due=date(2025, 6, 1), today=date(2025, 5, 1))
        ex.answer(conn, closed, body="Đã trả lời", author="huyen_cu", scope=Scope(frozenset({"H_OLD"}),
                  current(date(2025, 5, 2))), today=date(2025, 5, 2), at=datetime(2025, 5, 2, 9))
        ex.close(conn, closed, by="chutich", at=datetime(2025, 5, 3, 9))
        handed = ask(conn, unit="H_OLD", due=date(2025, 6, 20), today=date(2025, 6, 1))
    with org.connect() as conn:
        stc = ex.list_requests(conn, scope=only("STC"), today=TODAY)
        commune = ex.list_requests(conn, scope=only("X_A"), today=TODAY)
        other = ex.list_requests(conn, scope=only("X_B"), today=TODAY)
        everyone = {r.id: r.unit for r in ex.list_requests(conn, scope=ALL, today=TODAY)}
    assert [(r.id, r.unit, r.unit_name, r.unit_code, r.overdue) for r in stc] == \
        [(kept, "STC", "Sở Tài chính", "SKHDT", True)]
    assert [r.id for r in commune] == [handed] and other == []
    assert everyone[closed] == "_TRUOC_SAP_XEP"
    with org.begin() as conn:  # the successor's officers answer it
        ex.answer(conn, kept, body="Sở Tài chính trả lời thay", author="so_taichinh", scope=only("STC"), today=TODAY)


def test_the_default_due_date_is_five_working_days_on():
    assert ex.default_due_date(date(2026, 12, 3)) == date(2026, 12, 10)  # Thursday → next Thursday
    assert ex.default_due_date(date(2026, 12, 5)) == date(2026, 12, 11)  # Saturday → Friday


def test_overdue_on_a_past_day_replays_the_thread(org):
    """The briefing of a past week lists what was overdue then, even if it was answered since."""
    with org.begin() as conn:
        rid = ex.create(conn, unit_code="STC", subject=RATE, question="Vì sao?", due_date=date(2026, 11, 20),
                        asked_by="chutich", today=date(2026, 11, 16), at=datetime(2026, 11, 16, 9))
        ex.answer(conn, rid, body="Đã rõ", author="so_taichinh", scope=only("STC"), today=TODAY,
                  at=datetime(2026, 11, 25, 10))
    with org.connect() as conn:
        assert ex.overdue_on(conn, day=date(2026, 11, 20), scope=ALL) == []  # due that day: not late yet
        late = ex.overdue_on(conn, day=date(2026, 11, 22), scope=ALL)
        assert [(r.id, r.state, r.overdue) for r in late] == [(rid, "open", True)]
        assert ex.overdue_on(conn, day=date(2026, 11, 25), scope=ALL) == []  # answered that day
        assert ex.overdue_on(conn, day=date(2026, 11, 15), scope=ALL) == []  # not asked yet
        assert ex.overdue_on(conn, day=date(2026, 11, 22), scope=only("SXD")) == []
