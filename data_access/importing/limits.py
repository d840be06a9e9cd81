"""How much one import file may hold, and which dates are plausible: the bounds a careless or
hostile file meets before it can flood the terminal, fill the memory or sink the write.

Every bound has a default that a real export of the province never reaches, and each can be
set from the environment (`BDH_IMPORT_MAX_ROWS=…`, one variable per field below, upper case),
read when an import starts. `BDH_IMPORT_TODAY` pins "today" (tests, re-running an old import).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..clock import today_local

# Column kinds of dates (ColumnSpec.when): an event that has happened, a deadline, a validity bound.
PAST, DEADLINE, VALIDITY = "past", "deadline", "validity"

BULK_KINDS = ("dossiers",)  # the kinds with a bulk import path (bulk.py)
SHOWN_CHARS = 60           # a value quoted in a message: this many characters, then its length
MESSAGE_CHARS = 500        # any one message, whatever it quotes
PRINTED_ERRORS = 100       # row errors printed by the command line; the rest are counted


@dataclass(frozen=True)
class ImportLimits:
    max_rows: int = 5_000_000                   # data lines in one file
    # The kinds with a bulk path (dossiers: importing/bulk.py, memory bounded by its batches) take bigger files.
    bulk_max_rows: int = 20_000_000
    bulk_max_file_text_chars: int = 4_000_000_000
    max_text_chars: int = 20_000                # a free-text cell (titles, notes) with no column length
    max_file_text_chars: int = 2_000_000_000    # all the text of a file together
    max_xlsx_bytes: int = 2 * 1024 ** 3         # an XLSX unpacked: the sum of its members' sizes
    max_shared_strings_bytes: int = 200 * 1024 ** 2  # xl/sharedStrings.xml, which is read whole into memory
    max_xlsx_ratio: int = 200                   # unpacked / packed size of any large member (a zip bomb)
    earliest: date = date(2000, 1, 1)           # no dossier, task or petition predates this
    earliest_validity: date = date(1900, 1, 1)  # units may have existed long before
    years_ahead: int = 10                       # deadlines at most this far ahead
    future_slack: timedelta = timedelta(days=1)  # an event "today" in another clock is still today
    today: date = field(default_factory=today_local)

    @classmethod
    def from_environment(cls) -> "ImportLimits":
        values = {}
        for name, kind in (("max_rows", int), ("max_text_chars", int), ("max_file_text_chars", int),
                           ("bulk_max_rows", int), ("bulk_max_file_text_chars", int),
                           ("max_xlsx_bytes", int), ("max_shared_strings_bytes", int),
                           ("max_xlsx_ratio", int), ("years_ahead", int),
                           ("earliest", date.fromisoformat), ("earliest_validity", date.fromisoformat),
                           ("today", date.fromisoformat)):
            raw = os.environ.get(f"BDH_IMPORT_{name.upper()}")
            if raw:
                try:
                    values[name] = kind(raw.strip())
                except ValueError:
                    pass  # a mistyped setting keeps the default rather than opening the gate
        return cls(**values)

    def rows_limit(self, kind: str) -> int:
        return self.bulk_max_rows if kind in BULK_KINDS else self.max_rows

    def text_limit(self, kind: str) -> int:
        return self.bulk_max_file_text_chars if kind in BULK_KINDS else self.max_file_text_chars

    def date_window(self, when: str) -> tuple[date, date]:
        """The first and last acceptable date for a column of this kind."""
        if when == PAST:
            return self.earliest, self.today + self.future_slack
        if when == VALIDITY:
            return self.earliest_validity, _years_after(self.today, 100)
        return self.earliest, _years_after(self.today, self.years_ahead)


def _years_after(day: date, years: int) -> date:
    if day.year + years > date.max.year:
        return date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def number(n: int) -> str:
    """A count as Vietnamese writes it: 1.000.000."""
    return f"{n:,}".replace(",", ".")


def shown(text: str, limit: int = SHOWN_CHARS) -> str:
    """A value as a message quotes it: whole when short, else its start and its length.

    Control characters are written out (\\x00, \\n): a NUL quoted in the import log would make
    PostgreSQL refuse the log row, and a line feed would break the one-line report.
    """
    if len(text) <= limit:
        return _visible(text)
    return f"{_visible(text[:limit])}… ({number(len(text))} ký tự)"


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(text: str) -> str:
    if text.isprintable():
        return text
    return _CONTROL.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}"), text)


def clipped(message: str, limit: int = MESSAGE_CHARS) -> str:
    """A whole message on one line, never longer than `limit` (an exception may quote a whole cell)."""
    return _visible(message if len(message) <= limit else message[:limit] + "…")
