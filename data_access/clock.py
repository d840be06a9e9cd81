"""The province's clock. Servers often run in UTC; every date and time the dashboard stores or
shows is local time in Asia/Ho_Chi_Minh (naive datetimes, as in the source systems)."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


def now_local() -> datetime:
    """Now, as a naive local datetime to the second."""
    return datetime.now(LOCAL_TIME).replace(tzinfo=None, microsecond=0)


def today_local() -> date:
    return datetime.now(LOCAL_TIME).date()
