"""One line of a file to the values of one row, with the reasons its cells were refused.

Both passes use this: the validating pass keeps only the errors and the keys, the writing
pass the values — parsing twice is cheaper than keeping a million rows in memory.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .limits import ImportLimits, number
from .reading import Header
from .specs import CODES, DATETIME, TEXT, KindSpec
from .values import CellError, cell_parser, control_character, is_empty

MISSING = "thiếu giá trị bắt buộc"


@dataclass
class ParsedRow:
    line: int
    values: dict          # column name -> value (None: empty); a refused cell is absent
    timeless: set         # DATETIME columns whose source value had no time of day
    errors: list = field(default_factory=list)  # (column name, raw cell, reason)

    @property
    def ok(self) -> bool:
        return not self.errors


class RowParser:
    """Parses the lines of one file; the per-column work is planned once, from its header."""

    def __init__(self, kind: KindSpec, header: Header, limits: ImportLimits | None = None):
        self.kind, self.header = kind, header
        # (cell index, column, parser) for the columns in the file; defaults for those left out.
        limits = limits or ImportLimits()
        self.plan = [(index, column, cell_parser(column, limits), _longest(column, limits))
                     for index, column in header.columns]
        self.absent = {c.name: c.default for c in kind.columns if not header.present(c.name)}

    def parse(self, line: int, cells: list) -> ParsedRow:
        row = ParsedRow(line, dict(self.absent), set())
        values, errors, size = row.values, row.errors, len(cells)
        for index, column, parser, longest in self.plan:
            raw = cells[index] if index < size else None
            value, has_time, reason = parse_cell(column, parser, longest, raw)
            if reason is not None:
                errors.append((column.name, raw, reason))
                continue
            if has_time is False:
                row.timeless.add(column.name)
            values[column.name] = value
        if size > self.header.width or self.header.unnamed:
            self._stray_cells(row, cells)
        for rule in self.kind.rules:
            for name, reason in rule(values, row.timeless):
                errors.append((name, _raw_of(self.header, cells, name), reason))
        return row

    def _stray_cells(self, row: ParsedRow, cells: list) -> None:
        for index in range(self.header.width, len(cells)):
            if not is_empty(cells[index]):
                row.errors.append((f"cột {index + 1}", cells[index], "giá trị nằm ngoài các cột có tiêu đề"))
        for index in self.header.unnamed:
            # Data under an empty header is a header typo, which must not pass silently.
            if index < len(cells) and not is_empty(cells[index]):
                row.errors.append((f"cột {index + 1}", cells[index], "cột này không có tiêu đề"))


NO_VALUE = object()


def parse_cell(column, parser, longest: int, raw) -> tuple:
    """One cell of one column: (value, has_time, reason). `reason` is None when the cell is valid;
    `has_time` is None except for DATETIME columns. The row path and the bulk path (bulk.py, which
    asks this once per distinct value of a column) judge a cell by this one function."""
    # Length first: it costs nothing, while every other check reads the whole text.
    if raw.__class__ is str and len(raw) > longest:
        return NO_VALUE, None, too_long(longest, len(raw))
    if raw is None or (raw.__class__ is str and not raw.strip()):
        if column.required:
            return NO_VALUE, None, MISSING
        return column.default, None, None
    if raw.__class__ is str and (reason := control_character(raw)):
        return NO_VALUE, None, reason  # a NUL would sink the write on PostgreSQL
    try:
        value = parser(raw)
    except CellError as exc:
        return NO_VALUE, None, str(exc)
    if column.type == DATETIME:
        value, has_time = value
        return value, has_time, None
    return value, None, None


def _longest(column, limits: ImportLimits) -> int:
    """A bound on a cell's raw text, checked before anything reads the text.

    Free text: the limit itself. A column with a length: that length is checked exactly once
    the text is trimmed (values.py), so here only a generous bound. Dates, numbers and list
    words are never longer than 100 characters.
    """
    if column.type in (TEXT, CODES) and column.choices is None:
        if column.type == CODES or not column.max_length:
            return limits.max_text_chars
        return column.max_length + 1000
    return 100


def too_long(longest: int, length: int) -> str:
    return f"dài quá {number(longest)} ký tự (có {number(length)} ký tự)"


def _raw_of(header: Header, cells: list, name: str):
    for index, column in header.columns:
        if column.name == name:
            return cells[index] if index < len(cells) else None
    return None
