"""Explanation requests on screen (SPEC §2.6): the "Yêu cầu giải trình" button and its form, a request with its
thread and the actions of whoever is looking, and the short lists on the start page and the unit page.

Who does what is the store's to check (`store.ask_explanation`, …); here a button is only drawn for those who
may press it. Every text a person wrote is shown as text (`safe.md_block`).
"""
from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

import streamlit as st

from data_access.clock import today_local
from data_access.explanations import (MESSAGE_KIND_LABELS, NOT_FOUND, STATE_LABELS, ExplanationError, Request,
                                      default_due_date)
from data_access.org import RESIDUE

from dashboard.core import access_policy as policy
from dashboard.core import explanation_subjects as subjects
from dashboard.core.explanation_subjects import Candidate
from dashboard.core.formatting import fmt_date, fmt_datetime, fmt_int
from dashboard.core.safe import md, md_block
from dashboard.ui import session, store

__all__ = ["NOT_FOUND", "STATE_LABELS", "ask_about_league", "ask_button", "request_card", "request_list",
           "start_page_panel", "unit_requests"]
PAGE_PATH = "/giai-trinh"
BUTTON_LABEL = "Yêu cầu giải trình"
_SENT = "_bdh_explanation_sent"  # (button key, request id, unit name): the notice after the dialog closes
STATE_COLOURS = {"open": "orange", "answered": "blue", "closed": "green"}


def request_url(request_id: int) -> str:
    return f"{PAGE_PATH}?{urlencode({'id': request_id})}"


def may_ask() -> bool:
    access = session.current()
    return access is not None and policy.may_ask(access.user.role)


# --- asking ------------------------------------------------------------------------------------

def ask_button(candidates: Sequence[Candidate], *, key: str, help: str | None = None) -> None:
    """The button beside a red figure, a red row, an overdue task, backlog or petition: for leaders and the Office
    only. With several candidates (the red rows of a table) the form lets the asker pick one."""
    if not may_ask():
        return
    candidates = [c for c in candidates if c.unit_code != RESIDUE]  # the residue is no unit to ask
    sent = st.session_state.get(_SENT)
    if sent and sent[0] == key:
        del st.session_state[_SENT]
        st.success(f"Đã gửi yêu cầu giải trình số {sent[1]} tới {md(sent[2])}. [Xem yêu cầu]({request_url(sent[1])})",
                   icon=":material/check_circle:")
    if not candidates:
        return
    if st.button(BUTTON_LABEL, key=key, icon=":material/contact_support:", type="secondary",
                 help=help or "Đề nghị đơn vị giải trình, có hạn trả lời; đơn vị trả lời ngay trên Bảng điều hành."):
        _ask_dialog(list(candidates), key)


@st.dialog(BUTTON_LABEL, width="large")
def _ask_dialog(candidates: list[Candidate], key: str) -> None:
    today = today_local()
    if len(candidates) > 1:
        pick = st.selectbox("Đơn vị và nội dung cần giải trình", range(len(candidates)),
                            format_func=lambda i: candidates[i].label, key=f"{key}-pick")
    else:
        pick = 0
    chosen = candidates[pick]
    st.markdown(f"**Đơn vị:** {md(chosen.unit_name)}  \n**Nội dung:** {md(chosen.subject.label)}")
    with st.form(f"{key}-form", border=False):
        question = st.text_area("Nội dung yêu cầu giải trình", max_chars=4000, height=140,
                                placeholder="Đề nghị đơn vị làm rõ nguyên nhân và giải pháp khắc phục…")
        due = st.date_input("Hạn giải trình", value=default_due_date(today), min_value=today, format="DD/MM/YYYY",
                            help="Mặc định 5 ngày làm việc kể từ hôm nay.")
        sent = st.form_submit_button("Gửi yêu cầu", type="primary", icon=":material/send:")
    if sent:
        try:
            request_id = store.ask_explanation(chosen.unit_code, chosen.subject, question, due)
        except ExplanationError as exc:
            st.error(str(exc), icon=":material/error:")
            return
        st.session_state[_SENT] = (key, request_id, chosen.unit_name)
        st.rerun()


# --- a request and its thread ------------------------------------------------------------------

def state_badge(request: Request) -> None:
    row = st.container(horizontal=True, gap="small")
    row.badge(STATE_LABELS[request.state], color=STATE_COLOURS[request.state])
    if request.overdue:
        row.badge(f"Quá hạn từ {fmt_date(request.due_date)}", color="red", icon=":material/schedule:")


def request_card(request: Request, *, expanded: bool = False) -> None:
    """One request: what was asked of whom, its state, the thread, and the actions of whoever is looking."""
    title = f"Số {request.id} · {md(request.unit_name)} · {md(request.subject.label)}"
    with st.expander(title, expanded=expanded, icon=":material/contact_support:"), \
            st.container(key=f"giai-trinh-{request.id}"):
        state_badge(request)
        st.caption(f"Hạn giải trình: {fmt_date(request.due_date)} · Người yêu cầu: {md(request.asked_by_name)} · "
                   f"Ngày yêu cầu: {fmt_datetime(request.asked_at)}"
                   + (f" · Gửi tới: {md(request.unit_code)} (trước sắp xếp)" if request.unit_code != request.unit
                      else ""))
        for message in request.thread:
            with st.container(border=True):
                due = f" · hạn {fmt_date(message.due_date)}" if message.due_date else ""
                st.caption(f"**{MESSAGE_KIND_LABELS[message.kind]}** · {md(message.author_name)} · "
                           f"{fmt_datetime(message.at)}{due}")
                st.markdown(md_block(message.body))
        _actions(request)


def _actions(request: Request) -> None:
    access = session.current()
    role = access.user.role if access else None
    if request.state == "open" and role is not None and policy.may_answer(role):
        with st.form(f"answer-{request.id}", border=False):
            body = st.text_area("Nội dung giải trình của đơn vị", max_chars=4000, height=140, key=f"answer-body-{request.id}")
            if st.form_submit_button("Gửi giải trình", type="primary", icon=":material/send:"):
                _do(lambda: store.answer_explanation(request.id, body), "Đã gửi giải trình.")
    elif request.state == "answered" and role is not None and policy.may_ask(role):
        left, right = st.columns(2)
        with left:
            with st.form(f"close-{request.id}", border=False):
                note = st.text_input("Ý kiến khi đóng (không bắt buộc)", key=f"close-note-{request.id}")
                if st.form_submit_button("Chấp nhận và đóng yêu cầu", type="primary", icon=":material/task_alt:"):
                    _do(lambda: store.close_explanation(request.id, note), "Đã đóng yêu cầu giải trình.")
        with right:
            with st.form(f"reopen-{request.id}", border=False):
                question = st.text_area("Yêu cầu giải trình thêm", max_chars=4000, key=f"reopen-q-{request.id}")
                due = st.date_input("Hạn mới", value=default_due_date(today_local()), min_value=today_local(),
                                    format="DD/MM/YYYY", key=f"reopen-due-{request.id}")
                if st.form_submit_button("Yêu cầu giải trình lại", icon=":material/replay:"):
                    _do(lambda: store.reopen_explanation(request.id, question, due), "Đã yêu cầu giải trình lại.")


def _do(action, done: str) -> None:
    try:
        action()
    except ExplanationError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    st.toast(done, icon=":material/check_circle:")
    st.rerun()


def request_list(requests: Sequence[Request], *, empty: str, expanded: bool = False) -> None:
    if not requests:
        st.info(empty, icon=":material/info:")
        return
    for request in requests:
        request_card(request, expanded=expanded)


# --- on other pages ----------------------------------------------------------------------------

def _summary_line(request: Request) -> str:
    late = " — **quá hạn**" if request.overdue else ""
    return (f"- [Số {request.id}]({request_url(request.id)}) · {md(request.unit_name)} · {md(request.subject.label)}"
            f" · hạn {fmt_date(request.due_date)}{late}")


def start_page_panel() -> None:
    """The start page: a unit's officer sees what the province waits for from them (their open requests); a
    leader or the Office sees the overdue requests as exceptions. Nothing when there is nothing."""
    access = session.current()
    if access is None:
        return
    if policy.may_answer(access.user.role):
        waiting = store.explanation_requests(state="open")
        if waiting:
            with st.container(border=True, key="giai-trinh-cho"):
                st.markdown(f"**Yêu cầu giải trình đang chờ đơn vị trả lời: {fmt_int(len(waiting))}**")
                st.markdown("\n".join(_summary_line(r) for r in waiting))
                st.page_link("pages/giai_trinh.py", label="Trả lời trên trang Giải trình", icon=":material/reply:")
    elif policy.may_ask(access.user.role):
        late = store.explanation_requests(overdue=True)
        if late:
            with st.container(border=True, key="giai-trinh-qua-han"):
                st.markdown(f"**Yêu cầu giải trình quá hạn chưa được trả lời: {fmt_int(len(late))}**")
                st.markdown("\n".join(_summary_line(r) for r in late))


def unit_requests(unit_code: str) -> None:
    """The unit page: the requests that belong to the unit (a unit officer's store gives only their own)."""
    requests = store.explanation_requests(unit=unit_code)
    if not requests:
        st.caption("Đơn vị chưa có yêu cầu giải trình nào.")
        return
    st.markdown(f"**Yêu cầu giải trình gửi đơn vị: {fmt_int(len(requests))}**")
    st.markdown("\n".join(_summary_line(r) + f" · {STATE_LABELS[r.state].lower()}" for r in requests))


def ask_about_league(league, keys: Sequence[str], targets, period) -> None:
    """Beside the league table: a request about any red cell of it (a unit's figure below its target)."""
    ask_button(subjects.red_figures(league, keys, targets, period), key="ask-league",
               help="Đề nghị một đơn vị có chỉ tiêu chưa đạt (ô đỏ trong bảng) giải trình.")
