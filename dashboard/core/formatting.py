"""The one formatter: numbers, percents, dates and durations in Vietnamese conventions.

Every renderer (KPI cards, tables, Altair charts, exported images) goes through
these functions, so "98.281", "99,5%" and "29/11/2026" look the same everywhere.

Conventions:
- thousands separator ".", decimal separator "," (`98.281`, `2,35`);
- rounding is round-half-up on the decimal value the reader sees (0,9955 → "99,6%"), not
  Python's banker's rounding on a binary float (which could give "99,5%");
- negative numbers carry the typographic minus "−" (U+2212), changes carry "+" or "−";
- a missing value (None, NaN, NaT, pd.NA) is an en dash "–".
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DASH = "–"
MINUS = "−"  # U+2212, the typographic minus

# d3-format / d3-time-format locales for Vega (Altair, vl-convert).
D3_FORMAT_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}
D3_TIME_FORMAT_LOCALE = {
    "dateTime": "%A, %d/%m/%Y, %H:%M:%S",
    "date": "%d/%m/%Y",
    "time": "%H:%M:%S",
    "periods": ["SA", "CH"],
    "days": ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"],
    "shortDays": ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
    "months": [f"Tháng {m}" for m in range(1, 13)],
    "shortMonths": [f"Th{m}" for m in range(1, 13)],
}


# --- missing values and rounding -------------------------------------------------------------

def is_missing(value) -> bool:
    """True for None, NaN, NaT and pd.NA (without importing pandas)."""
    if value is None:
        return True
    try:
        if value != value:  # NaN, NaT
            return True
    except TypeError:  # pd.NA raises on bool()
        return True
    if isinstance(value, float) and math.isinf(value):
        return True
    return type(value).__name__ in {"NAType", "NaTType"}


def _decimal(value) -> Decimal:
    """The decimal the reader means: floats via their shortest repr (0.9955 → Decimal('0.9955'))."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int):
        return Decimal(value)
    try:
        return Decimal(repr(float(value)))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise TypeError(f"not a number: {value!r}") from exc


def round_half_up(value, digits: int = 0) -> Decimal:
    """Round half away from zero at `digits` decimals: 99.55 → 99.6, 2.345 → 2.35, −0.5 → −1."""
    return _decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _group(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return ".".join(out)


def _vi(number: Decimal, digits: int, sign: bool = False) -> str:
    """A rounded Decimal in vi-VN form; `sign` puts "+" before positive numbers."""
    text = f"{abs(number):.{digits}f}"
    whole, _, frac = text.partition(".")
    body = _group(whole) + ("," + frac if frac else "")
    zero = number == 0
    if number < 0 and not zero:
        return MINUS + body
    return ("+" + body) if sign and not zero else body


# --- numbers ---------------------------------------------------------------------------------

def fmt_number(value, digits: int = 1, *, sign: bool = False) -> str:
    """A number with `digits` decimals: fmt_number(2.345, 2) → "2,35", fmt_number(1234.5) → "1.234,5"."""
    if is_missing(value):
        return DASH
    return _vi(round_half_up(value, digits), digits, sign)


def fmt_int(value, *, sign: bool = False) -> str:
    """A whole number with "." thousands: 98281 → "98.281", −1234 → "−1.234"."""
    return fmt_number(value, 0, sign=sign)


def fmt_pct(value, digits: int = 1, *, sign: bool = False) -> str:
    """A fraction 0..1 as a percent: 0.995 → "99,5%", 0.9955 → "99,6%" (half-up)."""
    if is_missing(value):
        return DASH
    return fmt_number(_decimal(value) * 100, digits, sign=sign) + "%"


def fmt_days(value, digits: int = 1) -> str:
    """A duration in days: 1.5 → "1,5 ngày"; an int stays whole (45 → "45 ngày")."""
    if is_missing(value):
        return DASH
    if isinstance(value, timedelta):
        value = value.total_seconds() / 86400
    shown = 0 if isinstance(value, int) else digits
    return f"{fmt_number(value, shown)} ngày"


def fmt_score(value, digits: int = 2) -> str:
    """A PAR score with two decimals: Decimal("85.25") → "85,25"."""
    return fmt_number(value, digits)


def fmt_rank(value, total: int | None = None) -> str:
    """A rank: 1 → "1", with a total → "1/20"."""
    if is_missing(value):
        return DASH
    text = fmt_int(value)
    return f"{text}/{fmt_int(total)}" if total is not None and not is_missing(total) else text


# --- dates -----------------------------------------------------------------------------------

def _as_date(value) -> date | None:
    if is_missing(value):
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        value = value.to_pydatetime()
    return value


def fmt_date(value) -> str:
    """dd/mm/yyyy: date(2026, 11, 29) → "29/11/2026" (datetimes, Timestamps and ISO strings too)."""
    d = _as_date(value)
    return DASH if d is None else d.strftime("%d/%m/%Y")


def fmt_datetime(value) -> str:
    """dd/mm/yyyy HH:MM: → "29/11/2026 14:05"; a plain date shows only the date."""
    d = _as_date(value)
    if d is None:
        return DASH
    return d.strftime("%d/%m/%Y %H:%M") if isinstance(d, datetime) else d.strftime("%d/%m/%Y")


def fmt_month(value) -> str:
    """A month bucket as an axis label: date(2026, 1, 1) → "T1/2026"."""
    d = _as_date(value)
    return DASH if d is None else f"T{d.month}/{d.year}"


def fmt_day_month(value) -> str:
    """A week bucket as an axis label: date(2026, 11, 23) → "23/11"."""
    d = _as_date(value)
    return DASH if d is None else d.strftime("%d/%m")


# --- changes and dispatch --------------------------------------------------------------------

def fmt_change(delta, kind: str = "int", digits: int | None = None) -> str:
    """A signed change between two values of format `kind`.

    kind: "int" → "+1.234" / "−56"; "pct" (a difference of fractions, shown in percentage
    points) → "+0,8 điểm %" / "−0,8 điểm %"; "score" → "+1,25"; "days" → "−0,5 ngày";
    "rank" → "+2 bậc" (a positive delta means the number of the rank grew, i.e. worse);
    "number" → "+2,4". Zero has no sign; None → "–".
    """
    if is_missing(delta):
        return DASH
    if kind == "pct":
        return fmt_number(_decimal(delta) * 100, 1 if digits is None else digits, sign=True) + " điểm %"
    if kind == "score":
        return fmt_number(delta, 2 if digits is None else digits, sign=True)
    if kind == "days":
        return fmt_number(delta, 1 if digits is None else digits, sign=True) + " ngày"
    if kind == "rank":
        return fmt_number(delta, 0, sign=True) + " bậc"
    if kind == "number":
        return fmt_number(delta, 1 if digits is None else digits, sign=True)
    return fmt_number(delta, 0 if digits is None else digits, sign=True)


@dataclass(frozen=True)
class Format:
    """One format name, everywhere it is drawn: the text on screen and in files, chart axis ticks (d3,
    rendered in vi-VN by `charts.base.vi_number_expr`), and the XLSX number format (Excel shows it in vi-VN)."""

    text: Callable[[object], str]
    d3: str | None
    xlsx: str | None


# The one format registry: name → text, d3 and XLSX formats.
FORMATS: dict[str, Format] = {
    "int": Format(fmt_int, ",.2~f", "#,##0"),
    "pct": Format(fmt_pct, ",.1~%", "0.0%"),
    "number": Format(fmt_number, ",.2~f", "#,##0.0"),
    "days": Format(fmt_days, ",.1~f", "0.0"),
    "score": Format(fmt_score, ",.2~f", "0.00"),
    "rank": Format(fmt_rank, ",d", "0"),
    "int_change": Format(lambda v: fmt_change(v, "int"), "+,d", "+#,##0;-#,##0;0"),
    "score_change": Format(lambda v: fmt_change(v, "score"), "+,.2f", "+0.00;-0.00;0"),
    "date": Format(fmt_date, None, "dd/mm/yyyy"),
    "datetime": Format(fmt_datetime, None, "dd/mm/yyyy hh:mm"),
}


def fmt_value(value, fmt: str = "int") -> str:
    """Format `value` by a format name: int, pct, number, days, score, rank, date, datetime."""
    try:
        formatter = FORMATS[fmt].text
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}") from None
    return formatter(value)


# --- periods ---------------------------------------------------------------------------------

ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def period_label(start, end) -> str:
    """A period as a reader names it.

    Exactly a calendar year → "Năm 2021"; the first half → "6 tháng đầu năm 2026";
    a quarter → "Quý IV/2026"; a month → "Tháng 11/2026"; an ISO week (Monday–Sunday)
    → "Tuần 48/2026"; one day → "Ngày 29/11/2026"; otherwise "01/01/2021 – 31/12/2021".
    """
    start, end = _as_date(start), _as_date(end)
    if start is None or end is None:
        return DASH
    if isinstance(start, datetime):
        start = start.date()
    if isinstance(end, datetime):
        end = end.date()
    if start == end:
        return f"Ngày {fmt_date(start)}"
    if start.year == end.year and start.day == 1 and end == _month_end(end):
        months = (start.month, end.month)
        if months == (1, 12):
            return f"Năm {start.year}"
        if months == (1, 6):
            return f"6 tháng đầu năm {start.year}"
        if start.month == end.month:
            return f"Tháng {start.month}/{start.year}"
        if start.month % 3 == 1 and end.month == start.month + 2:
            return f"Quý {ROMAN_QUARTERS[end.month // 3]}/{start.year}"
    if start.weekday() == 0 and end - start == timedelta(days=6):
        iso_year, week, _ = start.isocalendar()
        return f"Tuần {week}/{iso_year}"
    return f"{fmt_date(start)} – {fmt_date(end)}"


# --- Vietnamese labels for codes -------------------------------------------------------------

CHANNEL_LABELS = {"direct": "Trực tiếp", "online": "Trực tuyến", "postal": "Bưu chính"}
PETITION_KIND_LABELS = {
    "complaint": "Khiếu nại",
    "denunciation": "Tố cáo",
    "recommendation": "Kiến nghị, phản ánh",
    "land_dispute": "Tranh chấp đất đai",
}
UNIT_KIND_LABELS = {
    "department": "Sở, ban, ngành",
    "district": "Huyện, thị xã, thành phố",
    "commune": "Xã, phường, thị trấn",
    "other": "Đơn vị khác",
}
RECEPTION_KIND_LABELS = {
    "regular": "Tiếp công dân thường xuyên",
    "leader_periodic": "Lãnh đạo tiếp công dân định kỳ",
    "leader_ad_hoc": "Lãnh đạo tiếp công dân đột xuất",
}
LEADER_TITLE_LABELS = {"chairman": "Chủ tịch UBND tỉnh", "vice_chairman": "Phó Chủ tịch UBND tỉnh"}
TASK_STATE_LABELS = {
    "completed_on_time": "Hoàn thành đúng hạn",
    "completed_late": "Hoàn thành quá hạn",
    "in_progress_on_time": "Đang thực hiện trong hạn",
    "overdue": "Quá hạn chưa hoàn thành",
}
# The same states under the figure keys of data_access.tasks.STATE_KEYS.
TASK_STATE_COLUMN_LABELS = {f"tasks_{k}": v for k, v in TASK_STATE_LABELS.items()}

def label(labels: dict, code) -> str:
    """The Vietnamese label of `code` in `labels`; an unknown code is shown as it is, None as "–"."""
    if is_missing(code):
        return DASH
    return labels.get(code, str(code))
