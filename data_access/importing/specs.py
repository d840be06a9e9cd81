"""What each import file holds: one declarative spec per KIND (IMPORT_FORMATS.md).

Each column is declared once — its name, Vietnamese header, whether it is required,
its type and, for list columns, the accepted words — and that one declaration drives
parsing, validation, the downloadable templates and the documentation table.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .words import Choices

# Column types (values.py turns a cell into a Python value of that type).
TEXT, DATE, DATETIME, BOOL, INT, POINTS, YEAR, CODES = (
    "text", "date", "datetime", "bool", "int", "points", "year", "codes")

TYPE_WORDS = {
    TEXT: "văn bản", DATE: "ngày", DATETIME: "ngày giờ", BOOL: "có/không", INT: "số nguyên",
    POINTS: "số (tối đa 2 chữ số thập phân)", YEAR: "năm", CODES: "danh sách mã, cách nhau bởi ;",
}

# A column the importer writes in `FILE.rejected.csv`; accepted (and ignored) on re-import,
# so a user can correct the rejected rows in place and import that file again.
REASON_HEADER = "Lý do bị từ chối"


@dataclass(frozen=True)
class ColumnSpec:
    name: str                      # the English header, also the key used in code
    header_vi: str                 # the Vietnamese header accepted in its place
    type: str = TEXT
    required: bool = False
    choices: Choices | None = None  # list words, when the column takes a word from a list
    references: str | None = None  # 'units' | 'leaders': the value must name such a row
    max_length: int | None = None  # text longer than the database column is rejected
    default: object = None         # stored when the cell is empty (NOT NULL columns with a default)
    when: str | None = None        # dates: limits.PAST (has happened), DEADLINE (default), VALIDITY
    example: str = ""              # the template's example value
    meaning: str = ""              # one line for the documentation table

    def describe_type(self) -> str:
        if self.choices is not None:
            return self.choices.describe()
        return TYPE_WORDS[self.type]


@dataclass(frozen=True)
class KindSpec:
    name: str
    title_vi: str
    table: object                  # the SQLAlchemy table the rows go to
    key: tuple[str, ...]           # the columns identifying a row
    columns: tuple[ColumnSpec, ...]
    # Cross-column rules: fn(values) -> list of (column, reason); see rules.py.
    rules: tuple[Callable, ...] = field(default=())

    def column(self, name: str) -> ColumnSpec:
        return self._by_name[name]

    @property
    def _by_name(self) -> dict[str, ColumnSpec]:
        return {c.name: c for c in self.columns}

    @property
    def required_columns(self) -> list[ColumnSpec]:
        return [c for c in self.columns if c.required]


def _len(table, column: str) -> int | None:
    return getattr(table.c[column].type, "length", None)


def col(table, name: str, header_vi: str, type_: str = TEXT, **kw) -> ColumnSpec:
    """A column whose maximum text length is read from the schema (so the two never disagree)."""
    if type_ in (TEXT, CODES) and "max_length" not in kw and name in table.c:
        kw["max_length"] = _len(table, name)
    return ColumnSpec(name, header_vi, type_, **kw)
