"""Small helpers shared by the figure modules."""
from __future__ import annotations

from sqlalchemy import Integer, case, func


def count_if(condition, label: str):
    """COUNT of rows meeting `condition` (0, never NULL, on an empty set)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0).cast(Integer).label(label)


def ratio(numerator, denominator) -> float | None:
    """numerator / denominator, or None when the denominator is 0 (shown as a dash)."""
    if not denominator:
        return None
    return numerator / denominator
