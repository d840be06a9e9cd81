"""The province's clock. Servers often run in UTC; every date and time the dashboard stores or
shows is local time in Asia/Ho_Chi_Minh (naive datetimes, as in the source systems).

`BDH_TODAY=YYYY-MM-DD` pins today (demos, screenshots, tests) for the app and every command alike."""
from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


def now_local() -> datetime:
    """Now, as a naive local datetime to the second."""
    return datetime.now(LOCAL_TIME).replace(tzinfo=None, microsecond=0)


def date_argument(text: str) -> date:
    """A YYYY-MM-DD command-line argument (argparse type): a bad one is a plain Vietnamese usage error."""
    import argparse  # noqa: PLC0415 — only the commands need it

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ: {text!r} (cần YYYY-MM-DD)") from None


def today_local() -> date:
    """Today in Việt Nam, or the day `BDH_TODAY` pins."""
    pinned = os.environ.get("BDH_TODAY")
    if pinned:
        return date.fromisoformat(pinned)
    return datetime.now(LOCAL_TIME).date()
