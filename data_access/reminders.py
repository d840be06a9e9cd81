"""Reminders (đôn đốc) — SPEC §2.6 — and their log.

A reminder goes to one unit as of day d about its own items (not those of the units below it, which get
their own), each item exactly as the figures of §2 count it in the current view of d (§2.5: a dissolved
unit's handed-over items are in its successor's reminder):
- its tasks not completed by d with d <= due date <= d + N (`tasks.tasks_due_soon`);
- its overdue tasks as `tasks_overdue_all` counts them, with days_overdue = d − due date (`tasks.overdue_tasks`);
- its pending overdue dossiers (`dossiers_pending_overdue`), with the oldest due date;
- its eligible petitions past their deadline (`petitions_overdue`), with the oldest due date.
A unit with none of these gets no reminder. The lists come from the figure modules themselves, so a
reminder can never disagree with the cards.

The log (`reminder_log`) holds every reminder built or sent; the e-mail run asks it which units were
already delivered for the day, so a failure is retried by the next run and a delivery never repeated.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import Connection, select, update
from sqlalchemy.exc import IntegrityError

from .clock import now_local
from .dossiers import overdue_pending_dossiers
from .freshness import stale_units
from .org import RESIDUE, attribution, current
from .petitions import overdue_petitions_by_unit
from .schema import reminder_log, units
from .scope import ALL_UNITS, Scope
from .tasks import overdue_tasks, tasks_due_soon

DEFAULT_DAYS = 7
KIND_ORDER = {"department": 0, "other": 1, "district": 2, "commune": 3}
CHANNELS = ("json", "docx", "eml", "email")
OUTCOMES = ("built", "sending", "sent", "failed", "unreachable")
# A run that claimed a unit's e-mail ("sending") and never settled it died mid-run: after this long the
# claim is released so the next run retries (at worst a second copy, if the first left the server just
# before the crash — never a lost reminder).
STALE_CLAIM = timedelta(minutes=30)


def reminders(conn: Connection, *, as_of: date, days: int = DEFAULT_DAYS, scope: Scope = ALL_UNITS,
              stale_days: Mapping[str, int] | None = None) -> list[dict]:
    """One dict per unit of day `as_of` in `scope` (None: every unit of the day) that has items:
    `unit`, `name`, `kind`, `email`, `as_of`, `tasks_due_soon` [{task_id, title, due_date}],
    `tasks_overdue` [{task_id, title, due_date, days_overdue}], `dossiers_pending_overdue`,
    `oldest_dossier_due`, `petitions_overdue`, `oldest_petition_due`, and `stale` [{source, last_fed_at}]:
    the unit's sources not fed for longer than their threshold (`freshness`; `stale_days` overrides the
    defaults) — the reminder also asks it to bring its data up to date. Departments first, then by name.

    The scope's units are taken as they are (no units below them are added): each gets its own items.
    """
    on_day = Scope(scope.unit_codes, current(as_of))
    soon = tasks_due_soon(conn, as_of=as_of, days=days, scope=on_day)
    late = overdue_tasks(conn, as_of=as_of, scope=on_day, limit=None)
    dossiers = {r.unit: (int(r.dossiers_pending_overdue), r.oldest_due_at)
                for r in overdue_pending_dossiers(conn, as_of=as_of, scope=on_day).itertuples()}
    petitions = overdue_petitions_by_unit(conn, as_of=as_of, scope=on_day)
    soon_by_unit = _grouped(soon, "lead_unit", ["task_id", "title", "due_date"])
    late_by_unit = _grouped(late, "lead_unit", ["task_id", "title", "due_date", "days_overdue"])

    with_items = (set(soon_by_unit) | set(late_by_unit) | set(dossiers) | set(petitions)) - {RESIDUE}
    if scope.unit_codes is not None:
        with_items &= scope.unit_codes
    info = {r.code: r for r in conn.execute(select(units.c.code, units.c.name, units.c.kind, units.c.email)
                                            .where(units.c.code.in_(sorted(with_items))))} if with_items else {}
    stale: dict[str, list[dict]] = {}
    if with_items:
        for r in stale_units(conn, as_of, stale_days=stale_days, unit_codes=with_items).itertuples():
            stale.setdefault(r.unit, []).append({"source": r.source, "last_fed_at": _day(r.last_fed_at)})
    out = []
    for code in with_items:
        n_dossiers, oldest_dossier = dossiers.get(code, (0, None))
        n_petitions, oldest_petition = petitions.get(code, (0, None))
        unit = info[code]
        out.append({
            "unit": code, "name": unit.name, "kind": unit.kind, "email": unit.email, "as_of": as_of,
            "tasks_due_soon": soon_by_unit.get(code, []), "tasks_overdue": late_by_unit.get(code, []),
            "dossiers_pending_overdue": n_dossiers, "oldest_dossier_due": _day(oldest_dossier),
            "petitions_overdue": n_petitions, "oldest_petition_due": _day(oldest_petition),
            "stale": stale.get(code, []),
        })
    return sorted(out, key=lambda r: (KIND_ORDER.get(r["kind"], 9), r["name"], r["unit"]))


def units_of_day(conn: Connection, on: date) -> list[str]:
    """The codes of the units that exist on `on` (those a reminder may go to)."""
    return attribution(conn, on).units_on()


def _grouped(df: pd.DataFrame, unit_column: str, keep: list[str]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in df[[unit_column, *keep]].to_dict("records"):
        out.setdefault(row.pop(unit_column), []).append({**row, "due_date": _day(row["due_date"])})
    return out


def _day(value) -> date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # None, NaN, NaT
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


# ---- the log ------------------------------------------------------------------------------------

def record(conn: Connection, *, username: str | None, unit: str, as_of: date, channel: str, outcome: str,
           recipient: str | None = None, error: str | None = None) -> None:
    """One row of the log. A second `sent` e-mail for the same unit and day is refused by the database
    (IntegrityError), so two runs racing cannot both record a delivery."""
    if channel not in CHANNELS or outcome not in OUTCOMES:
        raise ValueError(f"kênh hoặc kết quả không hợp lệ: {channel!r}, {outcome!r}")
    conn.execute(reminder_log.insert(), {"at": now_local(), "username": username, "unit": unit, "as_of": as_of,
                                         "channel": channel, "outcome": outcome, "recipient": recipient,
                                         "error": None if error is None else error[:2000]})


def record_built(conn: Connection, *, username: str | None, as_of: date, channel: str, unit_codes: Iterable[str]) -> None:
    for code in unit_codes:
        record(conn, username=username, unit=code, as_of=as_of, channel=channel, outcome="built")


def claim(conn: Connection, *, username: str | None, unit: str, as_of: date, recipient: str | None) -> int | None:
    """Claim the e-mail of `unit` for `as_of` before sending it: the id of the `sending` row, or None when
    another run has sent or is sending it (the partial unique index holds one of either per unit and day).
    Own transaction, so that a refused claim leaves the caller's transaction alone."""
    try:
        with conn.begin_nested():
            return conn.execute(reminder_log.insert().returning(reminder_log.c.id),
                                {"at": now_local(), "username": username, "unit": unit, "as_of": as_of,
                                 "channel": "email", "outcome": "sending", "recipient": recipient}).scalar_one()
    except IntegrityError:
        return None


def settle(conn: Connection, claim_id: int, *, outcome: str, error: str | None = None) -> None:
    """The claimed e-mail went (`sent`) or did not (`failed`: it leaves the index, the next run retries)."""
    if outcome not in ("sent", "failed"):
        raise ValueError(f"kết quả không hợp lệ: {outcome!r}")
    conn.execute(update(reminder_log).where(reminder_log.c.id == claim_id)
                 .values(at=now_local(), outcome=outcome, error=None if error is None else error[:2000]))


def release_stale_claims(conn: Connection, *, now: datetime | None = None) -> int:
    """Claims older than STALE_CLAIM, left by a run that died, become failures to retry."""
    c = reminder_log.c
    cutoff = (now or now_local()) - STALE_CLAIM
    return conn.execute(update(reminder_log).where(c.channel == "email", c.outcome == "sending", c.at < cutoff)
                        .values(outcome="failed", error="Lần gửi trước bị gián đoạn; gửi lại ở lần chạy sau.")
                        ).rowcount


def delivered(conn: Connection, *, as_of: date, unit_codes: Iterable[str] | None = None) -> set[str]:
    """The units whose e-mail reminder of `as_of` was delivered or is being delivered by another run."""
    c = reminder_log.c
    stmt = select(c.unit).where(c.as_of == as_of, c.channel == "email", c.outcome.in_(("sent", "sending")))
    if unit_codes is not None:
        stmt = stmt.where(c.unit.in_(sorted(unit_codes)))
    return set(conn.execute(stmt).scalars())


def reminder_log_rows(conn: Connection, *, as_of: date | None = None, limit: int = 500) -> pd.DataFrame:
    """The log, newest first, with the unit's name (the Office's proof of who received what)."""
    c = reminder_log.c
    stmt = (select(c.at, c.username, c.unit, units.c.name.label("unit_name"), c.as_of, c.channel, c.outcome,
                   c.recipient, c.error)
            .select_from(reminder_log.outerjoin(units, units.c.code == c.unit))
            .order_by(c.at.desc(), c.id.desc()).limit(limit))
    if as_of is not None:
        stmt = stmt.where(c.as_of == as_of)
    return pd.DataFrame(conn.execute(stmt).mappings().all(),
                        columns=["at", "username", "unit", "unit_name", "as_of", "channel", "outcome", "recipient",
                                 "error"])
