"""A reminder (đôn đốc, SPEC §2.6) as a value: what one unit is asked to act on as of one day.

Built from the rows of `data_access.reminders.reminders` (the one builder every output uses); `to_json` gives
exactly the object `python -m dashboard remind --format json` writes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dashboard.core.formatting import fmt_date, fmt_int

JSON_KEYS = ["unit", "name", "as_of", "tasks_due_soon", "tasks_overdue", "dossiers_pending_overdue",
             "oldest_dossier_due", "petitions_overdue", "oldest_petition_due"]


@dataclass(frozen=True)
class TaskItem:
    task_id: str
    title: str
    due_date: date
    days_overdue: int | None = None  # None for a task falling due soon

    def days_left(self, as_of: date) -> int:
        return (self.due_date - as_of).days


SOURCE_WORDS = {"tasks": "nhiệm vụ", "dossiers": "hồ sơ thủ tục hành chính", "petitions": "đơn thư"}


@dataclass(frozen=True)
class StaleSource:
    """A source (tasks, dossiers, petitions) the unit has not fed for longer than its threshold."""

    source: str
    last_fed: date | None  # None: never fed

    @property
    def text(self) -> str:
        fed = f"lần cuối ngày {fmt_date(self.last_fed)}" if self.last_fed else "chưa từng cập nhật"
        return f"{SOURCE_WORDS.get(self.source, self.source)} ({fed})"


@dataclass(frozen=True)
class Reminder:
    unit: str
    name: str
    as_of: date
    days: int  # N: the window of "due soon" (d .. d + N)
    email: str | None
    tasks_due_soon: tuple[TaskItem, ...]
    tasks_overdue: tuple[TaskItem, ...]
    dossiers_pending_overdue: int
    oldest_dossier_due: date | None
    petitions_overdue: int
    oldest_petition_due: date | None
    stale: tuple[StaleSource, ...] = ()  # not in the JSON of SPEC §4: said in the letter, the e-mail and the app

    @classmethod
    def from_row(cls, row: dict, days: int) -> "Reminder":
        return cls(
            unit=row["unit"], name=row["name"], as_of=row["as_of"], days=days, email=row.get("email"),
            tasks_due_soon=tuple(TaskItem(t["task_id"], t["title"], t["due_date"]) for t in row["tasks_due_soon"]),
            tasks_overdue=tuple(TaskItem(t["task_id"], t["title"], t["due_date"], int(t["days_overdue"]))
                                for t in row["tasks_overdue"]),
            dossiers_pending_overdue=int(row["dossiers_pending_overdue"]), oldest_dossier_due=row["oldest_dossier_due"],
            petitions_overdue=int(row["petitions_overdue"]), oldest_petition_due=row["oldest_petition_due"],
            stale=tuple(StaleSource(s["source"], s["last_fed_at"]) for s in row.get("stale", [])))

    @property
    def addresses(self) -> list[str]:
        """The unit's e-mail addresses (`units.email` holds one or more, ';'-separated)."""
        return [a.strip() for a in (self.email or "").replace(",", ";").split(";") if a.strip()]

    @property
    def reachable(self) -> bool:
        return bool(self.addresses)

    def to_json(self) -> dict:
        def day(value):
            return value.isoformat() if value else None
        return {
            "unit": self.unit, "name": self.name, "as_of": self.as_of.isoformat(),
            "tasks_due_soon": [{"task_id": t.task_id, "title": t.title, "due_date": day(t.due_date)}
                               for t in self.tasks_due_soon],
            "tasks_overdue": [{"task_id": t.task_id, "title": t.title, "due_date": day(t.due_date),
                               "days_overdue": t.days_overdue} for t in self.tasks_overdue],
            "dossiers_pending_overdue": self.dossiers_pending_overdue, "oldest_dossier_due": day(self.oldest_dossier_due),
            "petitions_overdue": self.petitions_overdue, "oldest_petition_due": day(self.oldest_petition_due),
        }

    # --- the words every output shares --------------------------------------------------------
    @property
    def subject(self) -> str:
        return f"Đôn đốc {self.name}: việc cần xử lý tính đến ngày {fmt_date(self.as_of)}"

    def headlines(self) -> list[str]:
        """One Vietnamese line per kind of item the unit has (none for a kind it has none of)."""
        lines = []
        if self.tasks_overdue:
            lines.append(f"{fmt_int(len(self.tasks_overdue))} nhiệm vụ quá hạn chưa hoàn thành "
                         f"(quá hạn lâu nhất {fmt_int(self.tasks_overdue[0].days_overdue)} ngày)")
        if self.tasks_due_soon:
            lines.append(f"{fmt_int(len(self.tasks_due_soon))} nhiệm vụ đến hạn trong {fmt_int(self.days)} ngày tới")
        if self.dossiers_pending_overdue:
            lines.append(f"{fmt_int(self.dossiers_pending_overdue)} hồ sơ thủ tục hành chính đang giải quyết quá hạn "
                         f"(hạn sớm nhất {fmt_date(self.oldest_dossier_due)})")
        if self.petitions_overdue:
            lines.append(f"{fmt_int(self.petitions_overdue)} đơn thư quá hạn giải quyết "
                         f"(hạn sớm nhất {fmt_date(self.oldest_petition_due)})")
        if self.stale:
            lines.append(self.stale_line)
        return lines

    @property
    def stale_line(self) -> str:
        return "Số liệu chậm cập nhật lên Bảng điều hành: " + "; ".join(s.text for s in self.stale)


def from_rows(rows: list[dict], days: int) -> list[Reminder]:
    return [Reminder.from_row(r, days) for r in rows]


ISSUER = "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
OFFICE = "VĂN PHÒNG"
OFFICE_NAME = "Văn phòng UBND tỉnh Quảng Ngãi"
PLACE = "Quảng Ngãi"
