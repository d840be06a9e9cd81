"""One cell to one Python value, by column type; a bad cell raises CellError with the reason.

A CSV cell is always text. An XLSX cell may also be a number, a boolean, or a real date
(`SheetDate`, which remembers whether its number format shows a time of day).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from . import specs
from .limits import DEADLINE, PAST, ImportLimits, number, shown
from .words import BOOLEAN


class CellError(ValueError):
    """A cell that cannot be stored; the message is the reason, in plain Vietnamese."""


@dataclass(frozen=True)
class SheetDate:
    """A real date cell from a spreadsheet."""
    value: datetime
    has_time: bool

    def as_text(self) -> str:
        return self.value.strftime("%Y-%m-%d %H:%M:%S" if self.has_time else "%Y-%m-%d")


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_INT = re.compile(r"[+-]?\d+")
YEAR_RANGE = (1990, 2100)
CENT = Decimal("0.01")
# The database's INTEGER (PostgreSQL: 4 bytes) and the PostgreSQL NUMERIC(12, 2) of Points:
# a value outside would pass here and sink the whole write later.
INT_RANGE = (-2**31, 2**31 - 1)
POINTS_LIMIT = Decimal(10) ** 10
# NUL and the other C0 control characters (tab, line feed, carriage return are text); DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

DATE_HELP = "cần YYYY-MM-DD hoặc dd/mm/yyyy"
DATETIME_HELP = "cần YYYY-MM-DD HH:MM hoặc dd/mm/yyyy HH:MM"


def is_empty(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def cell_parser(column: specs.ColumnSpec, limits: ImportLimits | None = None):
    """The function turning a non-empty cell of this column into its value (DATETIME: (datetime, has_time))."""
    limits = limits or ImportLimits()
    if column.choices is not None:
        return lambda raw: parse_choice(raw, column)
    if column.type in (specs.TEXT, specs.CODES) and not column.max_length:
        column = replace(column, max_length=limits.max_text_chars)  # free text is bounded too
    parser = _PARSERS[column.type]
    if column.type in (specs.DATE, specs.DATETIME):
        when = column.when or DEADLINE
        first, last = limits.date_window(when)
        return lambda raw: _in_window(parser(raw, column), first, last, when)
    return lambda raw: parser(raw, column)


def control_character(text: str) -> str | None:
    """Why a text cell cannot be stored as it is (a NUL, a control character), or None."""
    if text.isprintable():  # the fast path: almost every cell
        return None
    match = _CONTROL.search(text)
    if match is None:
        return None
    return (f"chứa ký tự điều khiển U+{ord(match.group()):04X} ở ký tự thứ {match.start() + 1} "
            "(thường do sao chép từ phần mềm khác) — hãy xóa ký tự này")


def _in_window(value, first: date, last: date, when: str):
    day = value[0].date() if isinstance(value, tuple) else value
    if day > last and when == PAST:
        raise CellError(f"ngày {day.isoformat()} ở tương lai (muộn nhất {last.isoformat()})")
    if not first <= day <= last:
        raise CellError(f"ngày {day.isoformat()} nằm ngoài khoảng hợp lý {first.isoformat()} – {last.isoformat()}")
    return value


def parse_text(raw, column) -> str:
    if isinstance(raw, SheetDate):
        text = raw.as_text()
    elif isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))  # an id typed as a number in Excel: 12345, not 12345.0
    else:
        text = str(raw).strip()
    if column.max_length and len(text) > column.max_length:
        raise CellError(f"dài quá {number(column.max_length)} ký tự (có {number(len(text))} ký tự)")
    return text


def parse_codes(raw, column) -> tuple[str, ...]:
    codes = []
    for part in parse_text(raw, specs.ColumnSpec(column.name, column.header_vi)).split(";"):
        code = part.strip()
        if column.max_length and len(code) > column.max_length:
            raise CellError(f"mã «{shown(code)}» dài quá {column.max_length} ký tự")
        if code and code not in codes:
            codes.append(code)
    return tuple(codes)


def parse_datetime(raw, column=None) -> tuple[datetime, bool]:
    """(value, has_time): has_time is False when the source gave only a date."""
    if isinstance(raw, SheetDate):
        if raw.has_time:
            return raw.value, True
        return datetime.combine(raw.value.date(), datetime.min.time()), False
    if isinstance(raw, datetime):
        return raw, True
    if isinstance(raw, date):
        return datetime.combine(raw, datetime.min.time()), False
    if not isinstance(raw, str):
        raise CellError(f"không phải ngày giờ hợp lệ ({DATETIME_HELP})")
    return _datetime_from_text(raw.strip(), DATETIME_HELP, "ngày giờ")


def parse_date(raw, column=None) -> date:
    if isinstance(raw, str):
        value, has_time = _datetime_from_text(raw.strip(), DATE_HELP, "ngày")
    elif isinstance(raw, (SheetDate, datetime, date)):
        value, has_time = parse_datetime(raw)
    else:
        raise CellError(f"không phải ngày hợp lệ ({DATE_HELP})")
    # '2021-03-01 00:00:00' is how many exports write a plain date; any other time is a mistake.
    if has_time and value.time() != datetime.min.time():
        raise CellError(f"cần một ngày, không kèm giờ ({DATE_HELP})")
    return value.date()


def _datetime_from_text(text: str, help_text: str, what: str) -> tuple[datetime, bool]:
    if match := _ISO.fullmatch(text):
        y, m, d, hh, mm, ss = match.groups()
    elif match := _DMY.fullmatch(text):
        d, m, y, hh, mm, ss = match.groups()
    else:
        raise CellError(f"không phải {what} hợp lệ ({help_text})")
    try:
        value = datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        raise CellError(f"{what} không tồn tại") from None
    return value, hh is not None


def parse_bool(raw, column=None) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    try:
        return BOOLEAN.match(str(raw))
    except KeyError:
        raise CellError("không phải giá trị có/không (dùng 1/0, true/false, yes/no, có/không)") from None


def parse_int(raw, column=None) -> int:
    if isinstance(raw, bool):
        raise CellError("không phải số nguyên")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    elif isinstance(raw, str) and len(raw.strip()) <= 20 and _INT.fullmatch(raw.strip()):
        value = int(raw.strip())
    elif isinstance(raw, str) and _INT.fullmatch(raw.strip()):
        value = None  # hundreds of digits: out of range, without asking int() to read them all
    else:
        raise CellError("không phải số nguyên")
    if value is None or not INT_RANGE[0] <= value <= INT_RANGE[1]:
        raise CellError(f"số vượt khoảng lưu được (từ {number(INT_RANGE[0])} đến {number(INT_RANGE[1])})")
    return value


def parse_year(raw, column=None) -> int:
    try:
        year = parse_int(raw)
    except CellError:
        year = None
    if year is None or not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise CellError(f"không phải năm hợp lệ ({YEAR_RANGE[0]}–{YEAR_RANGE[1]})")
    return year


def parse_points(raw, column=None) -> Decimal:
    if isinstance(raw, bool):
        raise CellError("không phải số")
    text = repr(raw) if isinstance(raw, float) else str(raw).strip()
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # Vietnamese decimal comma: 8,5
    if len(text) > 40:  # no score needs more; Decimal would read a million digits
        raise CellError("không phải số hợp lệ (quá dài)")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CellError("không phải số") from None
    if not value.is_finite():  # NaN, Infinity
        raise CellError("không phải số hữu hạn")
    if abs(value) >= POINTS_LIMIT:  # also 1e999999, which quantize() cannot even represent
        raise CellError(f"số quá lớn (phải nhỏ hơn {number(int(POINTS_LIMIT))})")
    if value != value.quantize(CENT):
        raise CellError("có quá 2 chữ số thập phân")
    return value.quantize(CENT)


def parse_choice(raw, column):
    try:
        return column.choices.match(str(raw))
    except KeyError:
        raise CellError(f"không thuộc danh sách cho phép: {column.choices.describe()}") from None


_PARSERS = {
    specs.TEXT: parse_text, specs.CODES: parse_codes, specs.DATE: parse_date,
    specs.DATETIME: parse_datetime, specs.BOOL: parse_bool, specs.INT: parse_int,
    specs.YEAR: parse_year, specs.POINTS: parse_points,
}
