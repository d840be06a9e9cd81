"""Column widths for the data grid, sized to the texts they hold, so a table fits its box without scrolling sideways.

Pure: no Streamlit. `fit` takes each column's header and shown texts and the room (CSS px) and gives every column
a width in whole pixels:

1. every column as wide as its widest text on one line, if they all fit;
2. else the text columns (names, titles) wrap onto up to `lines` lines, the numbers stay on one line; the room
   left over goes back to the text columns;
3. else long unit names take the official abbreviations (UBND, KKT, KCN) and long headers their short forms
   (the full header stays in the column's tooltip), and 2. again.

What still does not fit is reported (`fits` False): the grid then scrolls inside its box, never the page.
The grid draws a header on one line, so a header is never narrower than its column; a cell text wraps at spaces
into rows `row_height` tall.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from dashboard.core.text_width import TABLE_FONT_PX, longest_word, width, wrap

CELL_PAD = 2 * 9 + 6  # the grid's horizontal cell padding (8.5 px a side), its border and a margin
HEAD_PAD = 2 * 8 + 4  # a header's padding (8 px a side) and a margin
LINE_PX = 19.6  # 14 px × line-height 1.4
ONE_LINE_ROW = 35  # the grid's default row height
WRAP_ROW = 65  # the grid wraps cell text only in rows taller than 4 rem (64 px): room for three lines

# Official abbreviations of the words of unit names (as the province writes them: "Ban Quản lý KKT Dung Quất và
# các KCN Quảng Ngãi", "UBND xã …").
UNIT_ABBREVIATIONS = [
    (re.compile(r"\bỦy ban nhân dân\b|\bUỷ ban nhân dân\b", re.I), "UBND"),
    (re.compile(r"\bHội đồng nhân dân\b", re.I), "HĐND"),
    (re.compile(r"\bKhu kinh tế\b", re.I), "KKT"),
    (re.compile(r"\bKhu công nghiệp\b", re.I), "KCN"),
    (re.compile(r"\bcụm công nghiệp\b", re.I), "CCN"),
]
# Short forms of header words, tried in this order until the table fits; the full header stays in the tooltip.
HEADER_SHORT_FORMS = [
    (" (tồn đọng)", ""), ("Hạng chung", "Hạng"), ("Thay đổi hạng", "± hạng"), ("Nhiệm vụ", "NV"),
    ("Hồ sơ", "HS"), ("Hoàn thành", "HT"), ("Đơn thư", "Đơn"), ("Hạng CCHC", "CCHC"), ("Số ngày", "Ngày"),
    ("Tỷ lệ ", "% "), ("Cơ quan chủ trì", "Chủ trì"), ("Lãnh đạo giao", "Người giao"),
    ("Ngày hoàn thành", "Ngày HT"),
]


def abbreviate_unit(name: str) -> str:
    """A unit's name with the official abbreviations: "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp
    Quảng Ngãi" → "Ban Quản lý KKT Dung Quất và các KCN Quảng Ngãi"."""
    for pattern, short in UNIT_ABBREVIATIONS:
        name = pattern.sub(short, name)
    return name


def short_header(header: str) -> str:
    """A header's short form ("Tỷ lệ đúng hạn" → "% đúng hạn"); a header that is one whole word group stays."""
    for long, short in HEADER_SHORT_FORMS:
        if header != long or long.startswith(("Cơ quan", "Lãnh đạo", "Hạng", "Thay đổi", "Ngày")):
            header = header.replace(long, short)
    return header.strip()


@dataclass(frozen=True)
class ColumnText:
    header: str
    values: Sequence[str]
    wraps: bool = False  # a text column (name, title) that may take more than one line
    unit_names: bool = False  # its values are unit names (official abbreviations allowed)


@dataclass(frozen=True)
class Fit:
    widths: list[int]
    headers: list[str]  # the header shown (a short form where the full one did not fit)
    values: list[list[str]]  # the texts shown (unit names abbreviated where needed)
    lines: int  # the most lines a cell takes
    fits: bool
    total: int = field(default=0)

    @property
    def row_height(self) -> int:
        return WRAP_ROW if self.lines > 1 else ONE_LINE_ROW


def one_line(text: str) -> float:
    return width(text) + CELL_PAD


def header_width(header: str) -> float:
    return width(header) + HEAD_PAD


def lines_needed(text: str, column_width: float) -> int:
    return len(wrap(text, column_width - CELL_PAD)) if text else 1


def wrapped_width(values: Sequence[str], lines: int) -> float:
    """The narrowest column in which every value takes at most `lines` lines (never under its longest word)."""
    values = [v for v in values if v]
    if not values:
        return 0.0
    low = max(longest_word(v) for v in values) + CELL_PAD
    high = max(one_line(v) for v in values)
    if low >= high:
        return high
    while high - low > 1:
        mid = (low + high) / 2
        if all(lines_needed(v, mid) <= lines for v in values):
            high = mid
        else:
            low = mid
    return high


def _attempt(columns: Sequence[ColumnText], headers: Sequence[str], values: Sequence[Sequence[str]], room: float,
             lines: int) -> tuple[list[float], bool, int]:
    natural = [max(header_width(h), max((one_line(v) for v in vs), default=0.0))
               for h, vs in zip(headers, values)]
    if sum(natural) <= room:
        return natural, True, 1
    least = [max(header_width(h), wrapped_width(vs, lines)) if c.wraps else n
             for c, h, vs, n in zip(columns, headers, values, natural)]
    if sum(least) > room:
        return least, False, lines
    spare = room - sum(least)  # back to the text columns, as far as each needs for one line
    widths = list(least)
    wanting = [i for i, c in enumerate(columns) if c.wraps and natural[i] > least[i]]
    while spare > 0.5 and wanting:
        share = spare / len(wanting)
        for i in list(wanting):
            give = min(share, natural[i] - widths[i])
            widths[i] += give
            spare -= give
            if natural[i] - widths[i] <= 0.5:
                wanting.remove(i)
    most = max((lines_needed(v, w) for c, vs, w in zip(columns, values, widths) if c.wraps for v in vs), default=1)
    return widths, True, most


def fit(columns: Sequence[ColumnText], room: float, *, lines: int = 3) -> Fit:
    """Widths for `columns` in `room` CSS pixels (see the module's note)."""
    headers = [c.header for c in columns]
    values = [[str(v) for v in c.values] for c in columns]
    room -= len(columns)  # each width is rounded up to a whole pixel
    widths, fits, most = _attempt(columns, headers, values, room, lines)
    if not fits:  # official abbreviations of long unit names
        values = [[abbreviate_unit(v) for v in vs] if c.unit_names else vs for c, vs in zip(columns, values)]
        widths, fits, most = _attempt(columns, headers, values, room, lines)
    if not fits:  # short headers, widest overflow first, one at a time
        # only where the header, not the texts below it, sets the column's width
        order = sorted((i for i in range(len(columns))
                        if header_width(headers[i]) > (wrapped_width(values[i], lines) if columns[i].wraps
                                                       else max((one_line(v) for v in values[i]), default=0.0))),
                       key=lambda i: -header_width(headers[i]))
        for i in order:
            short = short_header(headers[i])
            if short == headers[i]:
                continue
            headers[i] = short
            widths, fits, most = _attempt(columns, headers, values, room, lines)
            if fits:
                break
    whole = [int(w + 0.999) for w in widths]
    return Fit(whole, headers, values, most, fits, sum(whole))
