"""The downloadable templates (headers and one example row) and the documentation table, from the specs."""
from __future__ import annotations

import csv
import io

from .kinds import KINDS
from .specs import DATE, DATETIME, INT, POINTS, YEAR, KindSpec
from .values import parse_datetime, parse_points


def _headers(kind: KindSpec, vietnamese: bool) -> list[str]:
    return [c.header_vi if vietnamese else c.name for c in kind.columns]


def _example(column, vietnamese: bool) -> str:
    """The example cell. A Vietnamese template writes list words, dates and points the Vietnamese way
    (sở, 01/03/2021 08:30, 9,25); the importer takes both forms (IMPORT_FORMATS.md "Common rules")."""
    if not (vietnamese and column.example):
        return column.example
    if column.choices is not None:
        accepted = column.choices.words[column.choices.match(column.example)]
        return accepted[1] if len(accepted) > 1 else accepted[0]
    if column.type in (DATE, DATETIME):
        value, has_time = parse_datetime(column.example)
        return f"{value:%d/%m/%Y %H:%M}" if has_time and column.type == DATETIME else f"{value:%d/%m/%Y}"
    if column.type == POINTS:
        return f"{parse_points(column.example).normalize():f}".replace(".", ",")
    return column.example


def template_csv(kind: str, *, vietnamese: bool = False) -> bytes:
    """A CSV template: UTF-8 with BOM (so Excel shows Vietnamese correctly), comma separated.
    `vietnamese`: Vietnamese headers and list words (what the app offers) instead of the English codes."""
    spec = KINDS[kind]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_headers(spec, vietnamese))
    writer.writerow([_example(c, vietnamese) for c in spec.columns])
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(kind: str, *, vietnamese: bool = False) -> bytes:
    """An XLSX template whose example dates are real date cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    spec = KINDS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spec.name
    sheet.append(_headers(spec, vietnamese))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=2, column=index, value=_sheet_value(column, vietnamese))
        if column.type == DATE and column.example:
            cell.number_format = "dd/mm/yyyy"
        elif column.type == DATETIME and column.example:
            cell.number_format = "dd/mm/yyyy hh:mm"
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, len(sheet.cell(row=1, column=index).value) + 4,
                                                    min(len(column.example) + 2, 60))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_value(column, vietnamese: bool):
    if not column.example:
        return None
    if column.type in (DATE, DATETIME):
        value, _ = parse_datetime(column.example)
        return value.date() if column.type == DATE else value
    if column.type in (INT, YEAR):
        return int(column.example)
    if column.type == POINTS:
        return float(parse_points(column.example))
    return _example(column, vietnamese)


def columns_markdown(kind: str) -> str:
    """The kind's columns as the Markdown table of IMPORT_FORMATS.md."""
    spec = KINDS[kind]
    lines = ["| column | required | type / values | meaning |", "|---|---|---|---|"]
    for c in spec.columns:
        lines.append(f"| `{c.name}` [{c.header_vi}] | {'yes' if c.required else 'no'} | "
                     f"{c.describe_type()} | {c.meaning} |")
    return "\n".join(lines)
