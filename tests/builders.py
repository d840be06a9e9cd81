"""Build small, exact data sets in code (in the spirit of datasette's fixtures.py).

Each `add_*` inserts one row with sensible defaults; a test states only what matters to it.
"""
from __future__ import annotations

import itertools
from datetime import date, datetime
from decimal import Decimal

from data_access.schema import (dossiers, leaders, par_scores, petitions, procedures, receptions, tasks, unit_lineage,
                                units)

_ids = itertools.count(1)


def _next(prefix: str) -> str:
    return f"{prefix}{next(_ids):06d}"


def base_org(conn):
    """A leader, two departments, a district with two communes."""
    conn.execute(leaders.insert(), [
        {"code": "CT", "name": "Chủ tịch UBND tỉnh", "title": "chairman"},
        {"code": "PCT1", "name": "Phó Chủ tịch UBND tỉnh", "title": "vice_chairman"},
    ])
    conn.execute(units.insert(), [
        {"code": "VPUB", "name": "Văn phòng UBND tỉnh", "kind": "department", "supervising_leader": "CT"},
        {"code": "STC", "name": "Sở Tài chính", "kind": "department", "supervising_leader": "PCT1"},
        {"code": "SXD", "name": "Sở Xây dựng", "kind": "department", "supervising_leader": "PCT1"},
        {"code": "SNV", "name": "Sở Nội vụ", "kind": "department", "supervising_leader": "CT"},
        {"code": "H_BS", "name": "Huyện Bình Sơn", "kind": "district", "supervising_leader": "PCT1"},
        {"code": "H_MD", "name": "Huyện Mộ Đức", "kind": "district", "supervising_leader": None},
    ])
    conn.execute(units.insert(), [
        {"code": "X_BT", "name": "Xã Bình Thạnh", "kind": "commune", "parent_code": "H_BS"},
        {"code": "X_DM", "name": "Xã Đức Minh", "kind": "commune", "parent_code": "H_MD"},
    ])
    conn.execute(procedures.insert(), [
        {"code": "TT1", "name": "Cấp giấy phép xây dựng", "field": "Xây dựng", "time_limit_days": 15},
    ])


def add_task(conn, *, assigned: date, due: date | None = None, completed: date | None = None,
             unit: str = "STC", by: str = "CT", task_id: str | None = None, handover: str | None = None) -> str:
    task_id = task_id or _next("NV")
    conn.execute(tasks.insert(), {"task_id": task_id, "title": f"Nhiệm vụ {task_id}", "assigned_by": by,
                                  "lead_unit": unit, "assigned_date": assigned, "due_date": due,
                                  "completed_date": completed, "handover_to": handover})
    return task_id


def add_unit(conn, code: str, name: str, kind: str = "department", *, parent: str | None = None,
             valid_from: date | None = None, valid_to: date | None = None, leader: str | None = None,
             former_province: str | None = None) -> str:
    conn.execute(units.insert(), {"code": code, "name": name, "kind": kind, "parent_code": parent,
                                  "valid_from": valid_from, "valid_to": valid_to, "supervising_leader": leader,
                                  "former_province": former_province})
    return code


def add_edge(conn, predecessor: str, successor: str, effective: date, kind: str = "merge", *,
             primary: bool = False, basis: str | None = None) -> None:
    conn.execute(unit_lineage.insert(), {"predecessor": predecessor, "successor": successor,
                                         "effective_date": effective, "kind": kind, "is_primary": primary,
                                         "legal_basis": basis})


def add_dossier(conn, *, received: datetime, due: datetime, resolved: datetime | None = None,
                unit: str = "STC", channel: str = "direct", rating: str | None = None,
                end_state: str | None = None, ended: datetime | None = None,
                due_has_time: bool = True, resolved_has_time: bool = True, handover: str | None = None) -> str:
    dossier_id = _next("HS")
    conn.execute(dossiers.insert(), {
        "dossier_id": dossier_id, "unit": unit, "procedure_code": "TT1", "channel": channel, "handover_to": handover,
        "received_at": received, "due_at": due, "resolved_at": resolved, "rating": rating,
        "end_state": end_state, "ended_at": ended, "due_has_time": due_has_time,
        "resolved_has_time": resolved_has_time})
    return dossier_id


def add_petition(conn, *, received: date, kind: str = "complaint", eligible: bool = True, unit: str = "STC",
                 due: date | None = None, resolved: date | None = None, group: bool = False,
                 duplicate: bool = False, handover: str | None = None) -> str:
    petition_id = _next("DT")
    conn.execute(petitions.insert(), {
        "petition_id": petition_id, "received_date": received, "kind": kind, "eligible": eligible,
        "handover_to": handover,
        "duplicate": duplicate, "group_petition": group, "handling_unit": unit, "due_date": due,
        "resolved_date": resolved})
    return petition_id


def add_reception(conn, *, on: date, kind: str = "regular", people: int = 1, delegations: int = 0,
                  leader: str | None = None) -> str:
    reception_id = _next("TCD")
    conn.execute(receptions.insert(), {"reception_id": reception_id, "date": on, "kind": kind, "leader": leader,
                                       "people": people, "group_delegations": delegations})
    return reception_id


def add_par(conn, *, year: int, unit: str, scores: dict[str, tuple[str, str]]):
    """scores: criterion code → (max points, appraised points) as decimal strings."""
    conn.execute(par_scores.insert(), [
        {"year": year, "unit": unit, "criterion_code": code, "criterion_name": f"Tiêu chí {code}",
         "max_points": Decimal(mx), "appraised_score": Decimal(score), "self_score": Decimal(score)}
        for code, (mx, score) in scores.items()])
