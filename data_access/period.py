"""A reporting period: inclusive local dates, with `to` as the "as of" date."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive; the figures are "as of" this date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("Ngày kết thúc phải sau ngày bắt đầu")

    @property
    def start_at(self) -> datetime:
        """First instant of the period (local time)."""
        return datetime.combine(self.start, time.min)

    @property
    def end_before(self) -> datetime:
        """First instant after the period: datetimes in the period are < this."""
        return datetime.combine(self.end + timedelta(days=1), time.min)

    @property
    def as_of_start(self) -> datetime:
        """Midnight at the start of `to`: a due datetime before it has a due date before `to`."""
        return datetime.combine(self.end, time.min)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period of equal length just before this one."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def year_before(self) -> "Period":
        """The same dates a year earlier (29 February becomes 28 February)."""
        return Period(_year_back(self.start), _year_back(self.end))

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))


def _year_back(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:
        return d.replace(year=d.year - 1, day=28)
