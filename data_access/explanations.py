"""Explanation requests (yêu cầu giải trình) — SPEC §2.6.

A leader or the Office asks ONE unit about ONE subject (a figure of the unit for a period, one task, the unit's
dossier backlog, one petition) with a due date. The unit's officers answer; the asker closes the request
(accepted) or asks again, which opens it once more with a new question and due date:

    open --answer--> answered --close--> closed
                     answered --reopen--> open

Overdue: open, and its due date is before today (local date): on the due date itself it is not late yet.

**After a reorganisation** (SPEC §2.5) a request is an item of the unit it was addressed to: on day R it belongs
to the unit `Attribution.destination` names — a request not closed by the unit's last day passes, like an open
task, to the merge/rename successor or else the primary split successor; a closed one follows a merger or a
rename only, else it stays with the units before the reorganisation (seen by leaders and the Office only). So
the officers of Sở Tài chính answer what was asked of Sở Kế hoạch và Đầu tư before the merger.

Every change runs in one transaction with its audit row, and checks the state it starts from in the UPDATE
itself, so two officers answering at once cannot both succeed.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, and_, or_, select, update

from . import audit
from .clock import now_local
from .org import RESIDUE, RESIDUE_NAME, attribution
from .schema import explanation_messages, explanation_requests, units, users
from .scope import Scope

R = explanation_requests.c
M = explanation_messages.c

STATES = ("open", "answered", "closed")
STATE_LABELS = {"open": "Chờ giải trình", "answered": "Đã giải trình", "closed": "Đã đóng"}
SUBJECT_KINDS = ("figure", "task", "dossier_backlog", "petition")
SUBJECT_KIND_LABELS = {"figure": "Chỉ tiêu", "task": "Nhiệm vụ", "dossier_backlog": "Hồ sơ tồn đọng quá hạn",
                       "petition": "Đơn thư"}
MESSAGE_KIND_LABELS = {"question": "Yêu cầu", "answer": "Giải trình", "close": "Đóng yêu cầu"}
MAX_TEXT = 4000
DEFAULT_WORKING_DAYS = 5
NOT_FOUND = "Không tìm thấy yêu cầu giải trình này, hoặc bạn không có quyền xem."


class ExplanationError(ValueError):
    """A request that cannot be made or changed; the message is plain Vietnamese for the user."""


@dataclass(frozen=True)
class Subject:
    """What a request is about. `label` is what the asker saw, kept as asked (the figure may change later)."""

    kind: str
    label: str
    area: str | None = None
    figure_key: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    task_id: str | None = None
    petition_id: str | None = None


@dataclass(frozen=True)
class Message:
    kind: str
    author: str
    at: datetime
    body: str
    due_date: date | None = None
    author_name: str = ""  # the account's display name (the username when the account is gone)


@dataclass(frozen=True)
class Request:
    id: int
    unit_code: str  # the unit asked, as asked
    unit: str  # the unit it belongs to on the day it is read (SPEC §2.5); RESIDUE when none
    unit_name: str
    subject: Subject
    due_date: date
    state: str
    asked_by: str
    asked_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    overdue: bool
    thread: tuple[Message, ...] = field(default=())
    asked_by_name: str = ""

    @property
    def question(self) -> str:
        """The latest question (after "asked again", the new one)."""
        return next((m.body for m in reversed(self.thread) if m.kind == "question"), "")

    @property
    def answer(self) -> str | None:
        return next((m.body for m in reversed(self.thread) if m.kind == "answer"), None)


def default_due_date(today: date, working_days: int = DEFAULT_WORKING_DAYS) -> date:
    """`working_days` working days (Monday–Friday) after `today`: the form's default due date."""
    day, left = today, working_days
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def is_overdue(state: str, due_date: date, today: date) -> bool:
    return state == "open" and due_date < today


# --- checks ------------------------------------------------------------------------------------

def _text(body: str | None, what: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ExplanationError(f"Chưa nhập {what}.")
    if len(body) > MAX_TEXT:
        raise ExplanationError(f"{what.capitalize()} dài quá {MAX_TEXT} ký tự.")
    return body


def _due(due_date, today: date) -> date:
    if not isinstance(due_date, date):
        raise ExplanationError("Chưa chọn hạn giải trình.")
    if due_date < today:
        raise ExplanationError("Hạn giải trình không được trước ngày hôm nay.")
    return due_date


def _subject(subject: Subject) -> Subject:
    if subject.kind not in SUBJECT_KINDS:
        raise ExplanationError("Nội dung cần giải trình không hợp lệ.")
    needed = {"figure": subject.figure_key, "task": subject.task_id, "petition": subject.petition_id,
              "dossier_backlog": True}[subject.kind]
    if not needed or not (subject.label or "").strip():
        raise ExplanationError("Nội dung cần giải trình không hợp lệ.")
    return subject


# --- writes ------------------------------------------------------------------------------------

def create(conn: Connection, *, unit_code: str, subject: Subject, question: str, due_date: date, asked_by: str,
           today: date, at: datetime | None = None) -> int:
    """A new open request to `unit_code` (a unit that exists on `today`); returns its id."""
    question = _text(question, "nội dung yêu cầu")
    due_date = _due(due_date, today)
    subject = _subject(subject)
    if not attribution(conn, today).lineage.exists_on(unit_code, today):
        raise ExplanationError("Đơn vị được yêu cầu không tồn tại vào ngày hôm nay.")
    at = at or now_local()
    request_id = conn.execute(explanation_requests.insert().values(
        unit_code=unit_code, subject_kind=subject.kind, area=subject.area, figure_key=subject.figure_key,
        period_start=subject.period_start, period_end=subject.period_end, task_id=subject.task_id,
        petition_id=subject.petition_id, subject_label=subject.label.strip(), due_date=due_date, state="open",
        asked_by=asked_by, asked_at=at, updated_at=at).returning(R.id)).scalar_one()
    _message(conn, request_id, "question", asked_by, at, question, due_date)
    audit.record(conn, "explanation_ask", username=asked_by, at=at,
                 detail={"yeu_cau": request_id, "don_vi": unit_code, "noi_dung": subject.label, "han": due_date})
    return request_id


def answer(conn: Connection, request_id: int, *, body: str, author: str, scope: Scope, today: date,
           at: datetime | None = None) -> None:
    """The unit's answer to an open request in `scope` (the officer's units on `today`)."""
    body = _text(body, "nội dung giải trình")
    get(conn, request_id, scope=scope, today=today)  # not in the officer's units → not found
    at = at or now_local()
    _move(conn, request_id, "open", "answered", at, "Yêu cầu này không ở trạng thái chờ giải trình.")
    _message(conn, request_id, "answer", author, at, body)
    audit.record(conn, "explanation_answer", username=author, at=at, detail={"yeu_cau": request_id})


def close(conn: Connection, request_id: int, *, by: str, note: str | None = None, at: datetime | None = None) -> None:
    """The asker accepts the answer (only an answered request can be closed)."""
    note = (note or "").strip()
    if len(note) > MAX_TEXT:
        raise ExplanationError(f"Ghi chú dài quá {MAX_TEXT} ký tự.")
    at = at or now_local()
    _move(conn, request_id, "answered", "closed", at, "Chỉ đóng được yêu cầu đã có giải trình.", closed_at=at)
    _message(conn, request_id, "close", by, at, note or "Chấp nhận giải trình.")
    audit.record(conn, "explanation_close", username=by, at=at, detail={"yeu_cau": request_id})


def reopen(conn: Connection, request_id: int, *, question: str, due_date: date, by: str, today: date,
           at: datetime | None = None) -> None:
    """Asked again: an answered request opens once more with a new question and due date."""
    question = _text(question, "nội dung yêu cầu")
    due_date = _due(due_date, today)
    at = at or now_local()
    _move(conn, request_id, "answered", "open", at, "Chỉ yêu cầu giải trình lại được khi đơn vị đã giải trình.",
          due_date=due_date)
    _message(conn, request_id, "question", by, at, question, due_date)
    audit.record(conn, "explanation_reopen", username=by, at=at, detail={"yeu_cau": request_id, "han": due_date})


def _move(conn: Connection, request_id: int, start: str, end: str, at: datetime, refusal: str, **values) -> None:
    done = conn.execute(update(explanation_requests).where(R.id == request_id, R.state == start)
                        .values(state=end, updated_at=at, **values))
    if done.rowcount != 1:
        exists = conn.execute(select(R.id).where(R.id == request_id)).first()
        raise ExplanationError(refusal if exists else NOT_FOUND)


def _message(conn, request_id, kind, author, at, body, due_date=None) -> None:
    conn.execute(explanation_messages.insert().values(request_id=request_id, kind=kind, author=author, at=at,
                                                      body=body, due_date=due_date))


# --- reads -------------------------------------------------------------------------------------

def list_requests(conn: Connection, *, scope: Scope, today: date, state: str | None = None,
                  unit: str | None = None, overdue: bool | None = None, request_id: int | None = None,
                  limit: int | None = 500, not_closed_on: date | None = None) -> list[Request]:
    """The requests that belong on `today` to the units of `scope` (every request when it is the whole province),
    newest first, each with its thread. `unit`: only those of that unit of today; `overdue`: only the overdue ones.
    """
    att = attribution(conn, today)
    stmt = select(explanation_requests).order_by(R.asked_at.desc(), R.id.desc())
    if not scope.is_all:  # in SQL, the units whose requests may land in the scope; exactly in Python below
        stmt = stmt.where(R.unit_code.in_(sorted(att.sources_of(scope.unit_codes))))
    if state is not None:
        stmt = stmt.where(R.state == state)
    if overdue:
        stmt = stmt.where(R.state == "open", R.due_date < today)
    elif overdue is False:
        stmt = stmt.where(~and_(R.state == "open", R.due_date < today))
    if request_id is not None:
        stmt = stmt.where(R.id == request_id)
    if not_closed_on is not None:  # asked by the end of that day and not closed before it
        stmt = stmt.where(R.asked_at < datetime.combine(not_closed_on + timedelta(days=1), datetime.min.time()),
                          or_(R.closed_at.is_(None), R.closed_at >= datetime.combine(not_closed_on, datetime.min.time())))
    rows = []
    for row in conn.execute(stmt).mappings():
        closed_on = row["closed_at"].date() if row["closed_at"] else None
        place = att.destination(row["unit_code"], closed_on=closed_on)
        if scope.contains(place) and (unit is None or place == unit):
            rows.append((row, place))
        if limit is not None and len(rows) >= limit:
            break
    names = dict(conn.execute(select(units.c.code, units.c.name)).all())
    people = dict(conn.execute(select(users.c.username, users.c.display_name)).all())
    threads = _threads(conn, [row["id"] for row, _ in rows], people)
    return [_request(row, place, names, people, threads.get(row["id"], ()), today) for row, place in rows]


def overdue_on(conn: Connection, *, day: date, scope: Scope) -> list[Request]:
    """The requests overdue at the end of `day` as their thread tells it — the state and due date they had that
    day (one answered since was still overdue then) — in the organisation of `day`, most overdue first. What the
    briefing of a span ending on `day` lists; for today it is `list_requests(overdue=True)`."""
    out = []
    for request in list_requests(conn, scope=scope, today=day, limit=None, not_closed_on=day):
        state, due = state_on(request.thread, day)
        if is_overdue(state, due, day):
            out.append(replace(request, state=state, due_date=due, overdue=True))
    return sorted(out, key=lambda r: (r.due_date, r.id))


def state_on(thread: tuple[Message, ...], day: date) -> tuple[str, date | None]:
    """The state and due date at the end of `day`, replayed from the thread: a question opens, an answer
    answers, a closing closes."""
    state, due = "open", None
    for message in thread:
        if message.at.date() > day:
            break
        state = {"question": "open", "answer": "answered", "close": "closed"}[message.kind]
        due = message.due_date if message.kind == "question" else due
    return state, due


def get(conn: Connection, request_id: int, *, scope: Scope, today: date) -> Request:
    """One request in `scope`; not found (the same message whether it exists elsewhere or not) otherwise."""
    found = list_requests(conn, scope=scope, today=today, request_id=request_id, limit=1)
    if not found:
        raise ExplanationError(NOT_FOUND)
    return found[0]


def _threads(conn: Connection, ids: list[int], people: dict[str, str]) -> dict[int, tuple[Message, ...]]:
    out: dict[int, list[Message]] = {}
    if not ids:
        return {}
    stmt = (select(M.request_id, M.kind, M.author, M.at, M.body, M.due_date)
            .where(M.request_id.in_(ids)).order_by(M.request_id, M.at, M.id))
    for r in conn.execute(stmt).mappings():
        out.setdefault(r["request_id"], []).append(Message(r["kind"], r["author"], r["at"], r["body"], r["due_date"],
                                                           people.get(r["author"], r["author"])))
    return {k: tuple(v) for k, v in out.items()}


def _request(row, place: str, names: dict, people: dict, thread, today: date) -> Request:
    subject = Subject(row["subject_kind"], row["subject_label"], row["area"], row["figure_key"], row["period_start"],
                      row["period_end"], row["task_id"], row["petition_id"])
    name = RESIDUE_NAME if place == RESIDUE else names.get(place, place)
    return Request(row["id"], row["unit_code"], place, name, subject, row["due_date"], row["state"], row["asked_by"],
                   row["asked_at"], row["updated_at"], row["closed_at"],
                   is_overdue(row["state"], row["due_date"], today), tuple(thread),
                   people.get(row["asked_by"], row["asked_by"]))
