"""Working days, holidays and office hours of a Vietnamese provincial administration.

Volumes follow the calendar: almost nothing on Sundays and public holidays, a dip
around Tết (lunar new year), a rush before Tết and in December (year-end closing).
"""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from functools import lru_cache

# Mùng 1 Tết and Giỗ Tổ Hùng Vương (10/3 âm lịch), which move with the lunar calendar.
LUNAR_NEW_YEAR = {
    2020: date(2020, 1, 25), 2021: date(2021, 2, 12), 2022: date(2022, 2, 1), 2023: date(2023, 1, 22),
    2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17), 2027: date(2027, 2, 6),
    2028: date(2028, 1, 26), 2029: date(2029, 2, 13), 2030: date(2030, 2, 3),
}
HUNG_KINGS = {
    2020: date(2020, 4, 2), 2021: date(2021, 4, 21), 2022: date(2022, 4, 10), 2023: date(2023, 4, 29),
    2024: date(2024, 4, 18), 2025: date(2025, 4, 7), 2026: date(2026, 4, 26), 2027: date(2027, 4, 16),
    2028: date(2028, 4, 4), 2029: date(2029, 4, 23), 2030: date(2030, 4, 12),
}

MORNING = (time(7, 30), time(11, 30))
AFTERNOON = (time(13, 30), time(17, 0))
OFFICE_CLOSE = time(17, 0)
MORNING_START, AFTERNOON_START = MORNING[0], AFTERNOON[0]
MORNING_SECONDS, OFFICE_SECONDS = 4 * 3600, 4 * 3600 + 3 * 3600 + 1800

WEEKDAY_WEIGHT = (1.15, 1.0, 1.0, 1.0, 0.95, 0.10, 0.02)  # Mon..Sun: Saturday mornings, Sunday online only
MONTH_WEIGHT = (1.0, 0.8, 1.0, 1.0, 1.0, 1.0, 1.0, 0.95, 1.0, 1.0, 1.05, 1.25)  # Feb: Tết; Dec: year-end rush


def tet(year: int) -> date:
    return LUNAR_NEW_YEAR.get(year, date(year, 2, 5))


@lru_cache(maxsize=None)
def holidays(year: int) -> frozenset[date]:
    """Public holidays off work: New Year, Tết (about a week), Hùng Kings, 30/4, 1/5, 2/9."""
    days = {date(year, 1, 1), date(year, 4, 30), date(year, 5, 1), date(year, 9, 1), date(year, 9, 2),
            HUNG_KINGS.get(year, date(year, 4, 15))}
    first = tet(year)
    days |= {first + timedelta(days=k) for k in range(-2, 5)}
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


@lru_cache(maxsize=None)
def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day` (n = 0: `day` itself, or the next working day if it is off)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def first_working_day(year: int) -> date:
    return add_working_days(date(year, 1, 1), 0)


def days_of(year: int, until: date | None = None) -> list[date]:
    last = date(year, 12, 31) if until is None else min(date(year, 12, 31), until)
    return [date(year, 1, 1) + timedelta(days=k) for k in range((last - date(year, 1, 1)).days + 1)]


def day_weight(day: date) -> float:
    """Relative activity of a day (dossiers, petitions, tasks)."""
    if day in holidays(day.year):
        return 0.02
    weight = WEEKDAY_WEIGHT[day.weekday()] * MONTH_WEIGHT[day.month - 1]
    to_tet = (tet(day.year) - day).days
    if 3 <= to_tet <= 16:
        weight *= 1.25  # people settle their papers before Tết
    elif -12 <= to_tet < -4:
        weight *= 0.7  # slow restart after Tết
    return weight


def office_time(rng: random.Random, day: date) -> datetime:
    """A moment (whole seconds) during office hours (7:30–11:30, 13:30–17:00) of `day`."""
    seconds = int(rng.random() * OFFICE_SECONDS)
    start = MORNING_START if seconds < MORNING_SECONDS else AFTERNOON_START
    offset = seconds if seconds < MORNING_SECONDS else seconds - MORNING_SECONDS
    return datetime.combine(day, start) + timedelta(seconds=offset)


def close_of(day: date) -> datetime:
    """The end of office hours of `day`: appointment times (hẹn trả) are set to it."""
    return datetime.combine(day, OFFICE_CLOSE)
