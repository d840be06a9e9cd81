"""One line of a file to the values of one row, with the reasons its cells were refused.

Both passes use this: the validating pass keeps only the errors and the keys, the writing
pass the values — parsing twice is cheaper than keeping a million rows in memory.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .reading import Header
from .specs import DATETIME, KindSpec
from .values import CellError, is_empty, parse_cell

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


def parse_row(kind: KindSpec, header: Header, line: int, cells: list) -> ParsedRow:
    row = ParsedRow(line, {}, set())
    for index, column in header.columns:
        raw = cells[index] if index < len(cells) else None
        _parse_into(row, column, raw)
    for column in kind.columns:
        if not header.present(column.name):
            row.values[column.name] = column.default  # optional column left out of the file
    for index in range(header.width, len(cells)):
        if not is_empty(cells[index]):
            row.errors.append((f"cột {index + 1}", cells[index], "giá trị nằm ngoài các cột có tiêu đề"))
    for index in header.unnamed:
        # Data under an empty header is a header typo, which must not pass silently.
        if index < len(cells) and not is_empty(cells[index]):
            row.errors.append((f"cột {index + 1}", cells[index], "cột này không có tiêu đề"))
    for rule in kind.rules:
        for name, reason in rule(row.values, row.timeless):
            row.errors.append((name, _raw_of(header, cells, name), reason))
    return row


def _parse_into(row: ParsedRow, column, raw) -> None:
    if is_empty(raw):
        if column.required:
            row.errors.append((column.name, raw, MISSING))
        else:
            row.values[column.name] = column.default
        return
    try:
        value = parse_cell(raw, column)
    except CellError as exc:
        row.errors.append((column.name, raw, str(exc)))
        return
    if column.type == DATETIME:
        value, has_time = value
        if not has_time:
            row.timeless.add(column.name)
    row.values[column.name] = value


def _raw_of(header: Header, cells: list, name: str):
    for index, column in header.columns:
        if column.name == name:
            return cells[index] if index < len(cells) else None
    return None
