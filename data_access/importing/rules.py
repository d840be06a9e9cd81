"""Rules that read more than one cell of a row: dates in a possible order, numbers in range.

A rule gets the row's parsed values (a column whose cell was invalid is absent, so rules
never pile a second error onto it) and the set of datetime columns that carried no time of
day; it returns (column, reason) pairs.
"""
from __future__ import annotations

from datetime import datetime


def _both(values: dict, a: str, b: str) -> bool:
    return values.get(a) is not None and values.get(b) is not None


def _earlier(values: dict, timeless: set, a: str, b: str) -> bool:
    """Is a earlier than b? When either carried no time of day, their dates are compared."""
    x, y = values[a], values[b]
    if isinstance(x, datetime) and (a in timeless or b in timeless):
        x, y = x.date(), y.date()
    return x < y


def not_before(later: str, earlier: str, reason: str):
    def rule(values, timeless):
        if _both(values, later, earlier) and _earlier(values, timeless, later, earlier):
            return [(later, reason)]
        return []

    def batch(columns, timeless):
        lt, et = timeless.get(later), timeless.get(earlier)
        a, b = columns[later], columns[earlier]
        if lt is None and et is None:
            return [x is None or y is None or x >= y for x, y in zip(a, b)]
        lt = lt or [False] * len(a)
        et = et or [False] * len(a)
        return [x is None or y is None or ((x[:10] >= y[:10]) if (p or q) else (x >= y))
                for x, y, p, q in zip(a, b, lt, et)]

    rule.batch = batch
    return rule


def at_least(column: str, minimum, reason: str):
    def rule(values, timeless):
        value = values.get(column)
        return [(column, reason)] if value is not None and value < minimum else []
    return rule


def dossier_end_state(values, timeless):
    """A dossier ends one way: resolved, or withdrawn/returned on a date."""
    errors = []
    if values.get("end_state") is not None:
        if values.get("resolved_at") is not None:
            errors.append(("end_state", "hồ sơ đã có ngày có kết quả thì không thể rút hoặc trả lại"))
        if "ended_at" in values and values["ended_at"] is None:
            errors.append(("ended_at", "bắt buộc khi có trạng thái kết thúc khác (rút/trả lại)"))
    elif "end_state" in values and values.get("ended_at") is not None:
        errors.append(("ended_at", "chỉ điền khi có trạng thái kết thúc khác (rút/trả lại)"))
    return errors


def _dossier_end_state_batch(columns, timeless):
    return [(e is None and n is None) or (e is not None and r is None and n is not None)
            for e, r, n in zip(columns["end_state"], columns["resolved_at"], columns["ended_at"])]


dossier_end_state.batch = _dossier_end_state_batch


def par_points_in_range(values, timeless):
    """Points lie in 0..max_points (only 0 and up when max_points itself is invalid)."""
    maximum = values.get("max_points")
    errors = []
    for column in ("self_score", "appraised_score"):
        score = values.get(column)
        if score is None:
            continue
        if score < 0 or (maximum is not None and maximum > 0 and score > maximum):
            upper = maximum if maximum is not None and maximum > 0 else "điểm tối đa"
            errors.append((column, f"điểm phải trong khoảng 0 đến {upper}"))
    return errors


def unit_not_own_parent(values, timeless):
    if values.get("parent_code") is not None and values.get("parent_code") == values.get("code"):
        return [("parent_code", "đơn vị không thể là cấp trên của chính nó")]
    return []


def emails_look_valid(values, timeless):
    """Each `;`-separated address has one @ with text on both sides and no spaces."""
    text = values.get("email")
    if text is None:
        return []
    for address in (a.strip() for a in text.split(";")):
        if not address:
            continue
        name, at, domain = address.partition("@")
        if not (at and name and "." in domain and "@" not in domain and " " not in address):
            return [("email", f"địa chỉ thư điện tử «{address}» không hợp lệ")]
    return []


def lineage_not_to_itself(values, timeless):
    if values.get("predecessor") is not None and values.get("predecessor") == values.get("successor"):
        return [("successor", "đơn vị sau sắp xếp trùng với đơn vị trước sắp xếp")]
    return []
