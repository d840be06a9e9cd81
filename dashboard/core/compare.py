"""How a figure compares: its change against an earlier value (text, colour, arrow) and its verdict against a
target — one rule for cards, briefing tiles, the pack, charts and the generated sentences."""
from __future__ import annotations

from dataclasses import dataclass

from data_access.targets import Target, status

from dashboard.core.formatting import fmt_change, fmt_int, fmt_rank, fmt_value, is_missing

VERDICT = {"good": "đạt", "warn": "gần đạt", "bad": "chưa đạt"}  # … chỉ tiêu
STATUS_LABELS = {"good": "Đạt chỉ tiêu", "warn": "Gần đạt", "bad": "Chưa đạt", None: "Chưa có chỉ tiêu"}
STATUS_COLOURS = {"good": "green", "warn": "orange", "bad": "red"}  # Streamlit's colour names
NO_DATA = "không có số liệu"


def verdict(value, target: Target | None) -> str | None:
    """"good", "warn" or "bad" for `value` against `target`; None without a target or without a value.

    The one verdict every card, table cell, chart bar and briefing tile shows (the target's own tolerance
    decides "gần đạt").
    """
    if target is None or is_missing(value):
        return None
    return status(float(value), target)


def target_bound(target: Target, fmt: str) -> str:
    """"≥ 95,0%", "≤ 0", "hạng ≤ 3"."""
    sign = "≥" if target.higher_is_better else "≤"
    if fmt == "rank":
        return f"hạng {sign} {fmt_rank(target.value)}"
    return f"{sign} {fmt_value(target.value, fmt)}"


def target_text(target: Target | None, fmt: str) -> str:
    """"chỉ tiêu ≥ 95,0%" (empty without a target)."""
    return f"chỉ tiêu {target_bound(target, fmt)}" if target is not None else ""


def verdict_text(status: str | None, target: Target | None, fmt: str) -> str:
    """"đạt chỉ tiêu ≥ 95,0%", "chưa đạt chỉ tiêu ≤ 0"; "không có số liệu" without a value."""
    if target is None:
        return ""
    if status is None:
        return NO_DATA
    return f"{VERDICT[status]} {target_text(target, fmt)}"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Change:
    text: str | None  # None: nothing to compare with
    colour: str  # green | red | gray | off (Streamlit's delta colours)
    arrow: str  # up | down | off


def change(value, before, *, fmt: str, higher_is_better: bool | None) -> Change:
    """The change of `value` against `before`, coloured by the figure's direction.

    A rank (a smaller number is a better place) says "lên/xuống N bậc", its arrow up when it got better.
    The colour is given, not left to Streamlit: it would read the sign from the text, and ours is "−".
    """
    if is_missing(value) or is_missing(before):
        return Change(None, "off", "off")
    diff = float(value) - float(before)
    if fmt == "rank":
        if diff == 0:
            return Change("giữ nguyên", "gray", "off")
        if diff < 0:
            return Change(f"lên {fmt_int(-diff)} bậc", "green", "up")
        return Change(f"xuống {fmt_int(diff)} bậc", "red", "down")
    text = fmt_change(diff, fmt if fmt in ("pct", "days", "score") else "int")
    if diff == 0 or text[:1] not in "+−":  # zero, or too small to show at the figure's precision
        return Change(text, "gray", "off")
    arrow = "up" if diff > 0 else "down"
    if higher_is_better is None:
        return Change(text, "gray", arrow)
    return Change(text, "green" if (diff > 0) == higher_is_better else "red", arrow)
