"""Tables as files: the rows on screen as Excel-friendly CSV (UTF-8 with BOM, every value formatted in
vi-VN) and as XLSX (real numbers and dates with number formats). Imported text never becomes a formula."""
from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.core.catalog import column
from dashboard.core.formatting import DASH, FORMATS, fmt_value, is_missing
from dashboard.core.safe import cell as inert_cell


@dataclass(frozen=True)
class Col:
    """A table column: the source column, its Vietnamese header and format (from the catalog unless given: a
    `fmt_value` name, a function, or None for text), and a code → label mapping. `area` names the table's
    area, so a figure of that area takes its short header (see `catalog.column`)."""

    name: str
    header: str | None = None
    fmt: str | Callable | None = None
    labels: Mapping | None = None
    area: str | None = None

    def __post_init__(self):
        if self.header is None:  # the catalog's header, and its format unless one is given
            header, fmt = column(self.name, self.area)
            object.__setattr__(self, "header", header)
            object.__setattr__(self, "fmt", self.fmt if self.fmt is not None else fmt)

    def format(self, value) -> str:
        if callable(self.fmt):
            return DASH if is_missing(value) else self.fmt(value)
        return fmt_value(value, self.fmt) if self.fmt else ("" if is_missing(value) else str(value))




def prepared(df: pd.DataFrame, cols: Sequence[Col]) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for c in cols:
        values = df[c.name] if c.name in df.columns else pd.Series([None] * len(df), index=df.index)
        if c.labels is not None:
            values = values.map(lambda v, lab=c.labels: DASH if is_missing(v) else lab.get(v, v))
        out[c.header] = values
    return out.reset_index(drop=True)


def formatters(cols: Sequence[Col]) -> dict[str, Callable]:
    return {c.header: c.format for c in cols if c.fmt}


def table_csv(df: pd.DataFrame, cols: Sequence[Col]) -> bytes:
    """The table as Excel-friendly CSV (UTF-8 with BOM), every value formatted in vi-VN."""
    shown = prepared(df, cols)
    for c in cols:
        if c.fmt:
            shown[c.header] = [c.format(v) for v in shown[c.header]]
        else:  # imported text: never a formula in the spreadsheet that opens it
            shown[c.header] = [inert_cell(v) for v in shown[c.header]]
    return shown.to_csv(index=False).encode("utf-8-sig")


def table_xlsx(df: pd.DataFrame, cols: Sequence[Col], *, sheet: str = "Số liệu") -> bytes:
    """The table as XLSX: real numbers and dates with number formats (Excel shows them in vi-VN)."""
    from openpyxl import Workbook  # noqa: PLC0415 — only on download
    from openpyxl.styles import Font

    shown = prepared(df, cols)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append([c.header for c in cols])
    for head in ws[1]:
        head.font = Font(bold=True)
    for row in shown.itertuples(index=False):
        ws.append([None if is_missing(v) else (float(v) if hasattr(v, "as_tuple") else inert_cell(v)) for v in row])
    for idx, c in enumerate(cols, start=1):
        letter = ws.cell(row=1, column=idx).column_letter
        ws.column_dimensions[letter].width = max(12, min(60, len(c.header) + 4))
        if isinstance(c.fmt, str) and c.fmt in FORMATS and FORMATS[c.fmt].xlsx:
            for number in ws[letter][1:]:
                number.number_format = FORMATS[c.fmt].xlsx
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def frame_csv(df: pd.DataFrame) -> bytes:
    """A frame whose columns are already the Vietnamese headers and texts (the Office's tables)."""
    return df.map(inert_cell).to_csv(index=False).encode("utf-8-sig")


def frame_xlsx(df: pd.DataFrame, sheet: str) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 — only on download

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(list(df.columns))
    for row in df.itertuples(index=False):
        ws.append([None if pd.isna(v) else inert_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def columns(area: str | None, *specs: str | Col) -> list[Col]:
    """The columns of a table of `area`: names take the catalog's header and format; a `Col` is kept as is."""
    return [spec if isinstance(spec, Col) else Col(spec, area=area) for spec in specs]
