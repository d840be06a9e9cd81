"""Briefing conclusions (kết luận giao ban, SPEC §2.6): tasks whose source is the briefing of an ISO week.

The Office records them on `/giao-ban`; each is an ordinary row of `tasks` (so it counts in every task
figure of §2.1) with `briefing_week` set and the source document "Kết luận giao ban tuần 2026-W49". The
next briefing reports on the conclusions of the previous ones, each in its §2.1 state as of the
briefing's last day.

A recording is one transaction: the task, an `import_log` row (the data version every page cache is
keyed on changes, so every session and app instance sees the new task at once, and the Office's import
history lists it) and the audit row — or nothing at all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Connection, and_, insert, or_, select

from . import audit
from .breakdowns import task_state
from .clock import now_local
from .org import TASK_ITEMS
from .schema import import_log, leaders, tasks, units
from .scope import ALL_UNITS, Scope

T = tasks.c
SOURCE_PREFIX = "Kết luận giao ban tuần "
TITLE_MAX = 1000
WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
COLUMNS = ["task_id", "briefing_week", "title", "lead_unit", "unit_name", "assigned_by", "leader_name",
           "assigned_date", "due_date", "completed_date", "state"]


class ConclusionRefused(ValueError):
    """The form's content cannot be recorded; `problems` are plain Vietnamese sentences."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Conclusion:
    """What the Office writes down at the meeting."""

    week: str            # the ISO week of the briefing ("2026-W49")
    title: str
    lead_unit: str       # a unit code
    due_date: date | None
    assigned_by: str     # a leader code


def source_doc(week: str) -> str:
    """"Kết luận giao ban tuần 2026-W49": the source document of the conclusions of that briefing."""
    return SOURCE_PREFIX + week


def _week_ok(week: str) -> bool:
    match = WEEK_RE.match(week or "")
    if not match:
        return False
    try:
        date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        return False
    return True


def _fmt(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def problems_with(conn: Connection, c: Conclusion, *, today: date) -> list[str]:
    """Everything wrong with `c`, recorded on `today` (empty: it can be recorded)."""
    out = []
    if not _week_ok(c.week):
        out.append(f"Tuần giao ban «{c.week}» không hợp lệ (cần dạng 2026-W49).")
    title = (c.title or "").strip()
    if not title:
        out.append("Chưa nhập nội dung kết luận.")
    elif len(title) > TITLE_MAX:
        out.append(f"Nội dung kết luận dài quá {TITLE_MAX} ký tự.")
    if c.due_date is None:
        out.append("Chưa chọn hạn xử lý.")
    elif c.due_date < today:
        out.append(f"Hạn xử lý {_fmt(c.due_date)} đã qua (hôm nay là {_fmt(today)}).")
    unit = conn.execute(select(units.c.name, units.c.valid_from, units.c.valid_to)
                        .where(units.c.code == (c.lead_unit or ""))).first()
    if not c.lead_unit:
        out.append("Chưa chọn cơ quan chủ trì.")
    elif unit is None:
        out.append(f"Không có đơn vị mã «{c.lead_unit}».")
    elif (unit.valid_from and unit.valid_from > today) or (unit.valid_to and unit.valid_to < today):
        out.append(f"{unit.name} không còn hoạt động vào ngày {_fmt(today)}; hãy giao cho đơn vị tiếp nhận.")
    leader = conn.execute(select(leaders.c.code).where(leaders.c.code == (c.assigned_by or ""))).first()
    if not c.assigned_by:
        out.append("Chưa chọn lãnh đạo giao.")
    elif leader is None:
        out.append(f"Không có lãnh đạo mã «{c.assigned_by}».")
    return out


def record_conclusion(conn: Connection, c: Conclusion, *, username: str, today: date,
                      at: datetime | None = None) -> str:
    """Record `c` as a task assigned on `today`; returns its id ("KLGB-2026-W49-01").

    Raises `ConclusionRefused` (nothing written) when `problems_with` finds anything. Run it in the
    caller's transaction: the task, its import-log row and its audit row commit together.
    """
    problems = problems_with(conn, c, today=today)
    if problems:
        raise ConclusionRefused(problems)
    task_id = _next_id(conn, c.week)
    at = at or now_local()
    conn.execute(insert(tasks).values(
        task_id=task_id, title=c.title.strip(), source_doc=source_doc(c.week), assigned_by=c.assigned_by,
        lead_unit=c.lead_unit, assigned_date=today, due_date=c.due_date, briefing_week=c.week))
    conn.execute(insert(import_log).values(
        kind="conclusions", file_name=source_doc(c.week), imported_by=username[:100], started_at=at,
        finished_at=at, status="ok", rows_inserted=1, message=f"Ghi kết luận {task_id} giao {c.lead_unit}"))
    audit.record(conn, "conclusion_add", username=username, at=at, detail={
        "nhiem_vu": task_id, "tuan": c.week, "don_vi": c.lead_unit, "han": c.due_date, "nguoi_giao": c.assigned_by})
    return task_id


def _next_id(conn: Connection, week: str) -> str:
    prefix = f"KLGB-{week}-"
    taken = conn.execute(select(T.task_id).where(T.task_id.like(prefix + "%"))).scalars()
    numbers = [int(t[len(prefix):]) for t in taken if t[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


def previous_conclusions(conn: Connection, *, week: str, as_of: date, since: date,
                         scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """The conclusions of the briefings before `week` that the briefing ending `as_of` reports on: those
    recorded by `as_of` and not completed before `since` (the span's first day; a conclusion done earlier
    was reported done at an earlier briefing). Oldest briefing first; state as of `as_of`."""
    where = and_(T.briefing_week < week, T.assigned_date <= as_of,
                 or_(T.completed_date.is_(None), T.completed_date >= since))
    return _listed(conn, where, as_of, scope)


def conclusions_of_week(conn: Connection, *, week: str, as_of: date, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    """The conclusions recorded at the briefing of `week`, in the order recorded; state as of `as_of`."""
    return _listed(conn, T.briefing_week == week, as_of, scope)


def _listed(conn: Connection, where, as_of: date, scope: Scope) -> pd.DataFrame:
    bound = scope.bind(conn)
    stmt = (select(T.task_id, T.briefing_week, T.title, T.lead_unit, T.assigned_by, leaders.c.name.label("leader_name"),
                   T.assigned_date, T.due_date, T.completed_date, task_state(as_of).label("state"), T.handover_to,
                   T.completed_date.label("closed_on"))
            .join(leaders, leaders.c.code == T.assigned_by)
            .where(T.briefing_week.isnot(None), where, bound.where(TASK_ITEMS))
            .order_by(T.briefing_week, T.assigned_date, T.task_id))
    rows = bound.place_rows([dict(r) for r in conn.execute(stmt).mappings()], "lead_unit")
    df = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "unit_name"])
    df.insert(COLUMNS.index("unit_name"), "unit_name", [bound.names().get(u, u) for u in df["lead_unit"]])
    return df
