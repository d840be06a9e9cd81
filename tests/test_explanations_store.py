"""Explanation requests through the one door (dashboard/ui/store.py), inside a real Streamlit run, on SQLite and
PostgreSQL: a unit's officer reads and answers only their own unit's requests, by any id; only leaders and the
Office ask, close and ask again; an answer is seen at once (no cache in the way)."""
from __future__ import annotations

import os
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from conftest import BACKENDS, dispose_database, new_database_url
from data_access.clock import today_local
from data_access.explanations import Subject

SUBJECT = Subject("figure", "Tỷ lệ giải quyết hồ sơ đúng hạn", area="dossiers", figure_key="dossier_on_time_rate")


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request, tmp_path_factory):
    from seed.__main__ import main as seed_main

    url = new_database_url(request.param, tmp_path_factory, "bdh_explain")
    assert seed_main(["--db", url, "--scale", "0.02", "--quiet"]) == 0
    before = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    yield url
    os.environ.pop("DATABASE_URL", None) if before is None else os.environ.__setitem__("DATABASE_URL", before)
    dispose_database(request.param, url)


def _call(username: str, name: str, args: tuple, kwargs: dict) -> None:
    import streamlit as st

    from data_access.explanations import ExplanationError
    from data_access.users import get_user, scope_for
    from data_access.org import current
    from data_access.clock import today_local
    from dashboard.ui import session, store

    def access(conn):
        user = get_user(conn, username)
        return session.Access(user, scope_for(conn, user, current(today_local())))

    st.session_state[session.ACCESS_KEY] = store.run(access)
    try:
        st.session_state["answer"] = ("ok", getattr(store, name)(*args, **kwargs))
    except ExplanationError as exc:
        st.session_state["answer"] = ("refused", str(exc))


def call(username: str, name: str, *args, **kwargs):
    at = AppTest.from_function(_call, args=(username, name, args, kwargs), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    return at.session_state["answer"]


def test_only_the_units_own_requests_by_any_id_and_answers_seen_at_once(demo):
    due = today_local() + timedelta(days=7)
    status, stc = call("chutich", "ask_explanation", "STC", SUBJECT, "Vì sao thấp?", due)
    assert status == "ok"
    status, commune = call("vanphong", "ask_explanation", "XA_21040", SUBJECT, "Xã giải trình", due)
    assert status == "ok"

    assert [r.id for r in call("so_taichinh", "explanation_requests")[1]] == [stc]
    assert [r.id for r in call("xa_binhson", "explanation_requests")[1]] == [commune]
    assert call("xa_binhson", "explanation_request", stc) == ("ok", None)
    assert call("xa_binhson", "explanation_requests", unit="STC") == ("ok", [])
    status, message = call("xa_binhson", "answer_explanation", stc, "Chen ngang")
    assert status == "refused" and "không có quyền xem" in message

    assert call("so_taichinh", "answer_explanation", stc, "Đã giải trình đầy đủ.") == ("ok", None)
    seen = call("chutich", "explanation_request", stc)[1]  # at once: the next read, no cache refresh
    assert seen.state == "answered" and seen.answer == "Đã giải trình đầy đủ."
    assert {r.id for r in call("chutich", "explanation_requests")[1]} == {stc, commune}


@pytest.mark.parametrize("username, name, args", [
    ("so_taichinh", "ask_explanation", ("STC", SUBJECT, "Tự hỏi mình", today_local())),
    ("so_taichinh", "close_explanation", (1,)),
    ("so_taichinh", "reopen_explanation", (1, "Lại", today_local())),
    ("chutich", "answer_explanation", (1, "Lãnh đạo không trả lời thay")),
])
def test_each_role_does_only_its_own_part(demo, username, name, args):
    assert call(username, name, *args) == ("refused", "Bạn không có quyền thực hiện thao tác này.")
