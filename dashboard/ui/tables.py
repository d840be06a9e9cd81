"""Tables: sortable, Vietnamese headers, vi-VN numbers (through `formatting`), a link from a unit's
name to its page, coloured cells against targets, and CSV/XLSX downloads of the same rows.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from data_access.targets import Target, status

from dashboard.ui import access
from dashboard.ui.sidebar import View
from dashboard.core.formatting import DASH, fmt_value, is_missing
from dashboard.core.safe import cell
from dashboard.ui.links import go_to_unit, unit_url

MAX_ROWS_SHOWN = 1000


def no_data(message: str = "Không có số liệu trong kỳ và phạm vi đã chọn.") -> None:
    st.info(message, icon=":material/info:")


# --- tables ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Col:
    """A table column: source column, Vietnamese header, format (a `fmt_value` name, a function, or None
    for text) and code → label mapping."""

    name: str
    header: str
    fmt: str | Callable | None = None
    labels: Mapping | None = None

    def format(self, value) -> str:
        if callable(self.fmt):
            return DASH if is_missing(value) else self.fmt(value)
        return fmt_value(value, self.fmt) if self.fmt else ("" if is_missing(value) else str(value))


_XLSX_FORMATS = {"int": "#,##0", "pct": "0.0%", "number": "#,##0.0", "days": "0.0", "score": "0.00",
                 "rank": "0", "date": "dd/mm/yyyy", "datetime": "dd/mm/yyyy hh:mm"}


def _prepared(df: pd.DataFrame, cols: Sequence[Col]) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for c in cols:
        values = df[c.name] if c.name in df.columns else pd.Series([None] * len(df), index=df.index)
        if c.labels is not None:
            values = values.map(lambda v, lab=c.labels: DASH if is_missing(v) else lab.get(v, v))
        out[c.header] = values
    return out.reset_index(drop=True)


def _formatters(cols: Sequence[Col]) -> dict[str, Callable]:
    return {c.header: c.format for c in cols if c.fmt}


def table_csv(df: pd.DataFrame, cols: Sequence[Col]) -> bytes:
    """The table as Excel-friendly CSV (UTF-8 with BOM), every value formatted in vi-VN."""
    shown = _prepared(df, cols)
    for c in cols:
        if c.fmt:
            shown[c.header] = [c.format(v) for v in shown[c.header]]
        else:  # imported text: never a formula in the spreadsheet that opens it
            shown[c.header] = [cell(v) for v in shown[c.header]]
    return shown.to_csv(index=False).encode("utf-8-sig")


def table_xlsx(df: pd.DataFrame, cols: Sequence[Col], *, sheet: str = "Số liệu") -> bytes:
    """The table as XLSX: real numbers and dates with number formats (Excel shows them in vi-VN)."""
    from openpyxl import Workbook  # noqa: PLC0415 — only on download
    from openpyxl.styles import Font

    shown = _prepared(df, cols)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append([c.header for c in cols])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in shown.itertuples(index=False):
        ws.append([None if is_missing(v) else (float(v) if hasattr(v, "as_tuple") else cell(v)) for v in row])
    for idx, c in enumerate(cols, start=1):
        letter = ws.cell(row=1, column=idx).column_letter
        ws.column_dimensions[letter].width = max(12, min(60, len(c.header) + 4))
        if isinstance(c.fmt, str) and c.fmt in _XLSX_FORMATS:
            for cell in ws[letter][1:]:
                cell.number_format = _XLSX_FORMATS[c.fmt]
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def table(df: pd.DataFrame, cols: Sequence[Col], *, key: str, filename: str, view: View | None = None,
          link: str | None = None, height: int | str = "auto", empty: str = "Không có dòng nào.",
          downloads: bool = True, styler: Callable | None = None, select_unit: bool = False) -> None:
    """A sortable table with Vietnamese headers and vi-VN numbers, plus CSV and XLSX downloads.

    link: the column holding a unit code; its name column (the first column) becomes a link to
    that unit's page. styler: an optional function(Styler) → Styler to colour cells.
    select_unit: a click on a row opens that unit's page (needs `link`).
    """
    if df is None or df.empty:
        no_data(empty)
        return
    shown = _prepared(df.head(MAX_ROWS_SHOWN), cols)
    config = {}
    if link and view is not None:
        first = cols[0].header
        names = shown[first].tolist()
        urls = [unit_url(code, view) for code in df[link].head(MAX_ROWS_SHOWN)]
        shown[first] = urls
        display = dict(zip(urls, names))
        config[first] = st.column_config.LinkColumn(first, help="Mở trang của đơn vị")
        formats = _formatters(cols) | {first: lambda u, d=display: d.get(u, u)}
    else:
        formats = _formatters(cols)
    for c in cols:  # dates sort as dates and show as dd/mm/yyyy whatever the browser's locale
        if c.fmt in ("date", "datetime"):
            shown[c.header] = pd.to_datetime(shown[c.header], errors="coerce")
            config[c.header] = st.column_config.DatetimeColumn(
                c.header, format="DD/MM/YYYY" if c.fmt == "date" else "DD/MM/YYYY HH:mm")
            formats.pop(c.header, None)
    styled = shown.style.format(formats, na_rep=DASH)
    if styler is not None:
        styled = styler(styled)
    if isinstance(height, int):  # never taller than the rows need
        height = min(height, 35 * (len(shown) + 1) + 3)
    kwargs = dict(hide_index=True, column_config=config, height=height, key=key, placeholder=DASH)
    if select_unit and link and view is not None:
        event = st.dataframe(styled, on_select="rerun", selection_mode="single-row", **kwargs)
        rows = event.selection.get("rows", []) if hasattr(event, "selection") else []
        if rows:
            go_to_unit(str(df[link].iloc[rows[0]]), view)
    else:
        st.dataframe(styled, **kwargs)
    if len(df) > MAX_ROWS_SHOWN:
        st.caption(f"Hiển thị {fmt_value(MAX_ROWS_SHOWN)} / {fmt_value(len(df))} dòng; tệp tải về có đủ mọi dòng.")
    if downloads:
        stem = f"{filename}_{view.as_of:%Y%m%d}" if view is not None else filename
        row = st.container(horizontal=True, gap="small")
        detail = access.view_detail(view) if view is not None else None  # the audit row: what, with which filters
        row.download_button("Tải CSV", data=access.audited(lambda: table_csv(df, cols), what=filename, fmt="csv",
                                                          detail=detail), file_name=f"{stem}.csv",
                             mime="text/csv", on_click="ignore", icon=":material/download:", key=f"{key}-csv",
                             type="tertiary")
        row.download_button("Tải Excel", data=access.audited(lambda: table_xlsx(df, cols), what=filename, fmt="xlsx",
                                                            detail=detail), file_name=f"{stem}.xlsx",
                              mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              on_click="ignore", icon=":material/table_view:", key=f"{key}-xlsx", type="tertiary")


# --- coloured cells ----------------------------------------------------------------------------

CELL_COLORS = {"good": "background-color: #d9f0df", "warn": "background-color: #fff0bf",
               "bad": "background-color: #f8d3d1"}


def status_styler(columns: Mapping[str, Target]) -> Callable:
    """A Styler step colouring each cell of `columns` (header → target) green, amber or red."""
    def colour(values: pd.Series, target: Target) -> list[str]:
        return [CELL_COLORS.get(status(None if is_missing(v) else float(v), target), "") for v in values]

    def apply(styled):
        for header, target in columns.items():
            styled = styled.apply(colour, target=target, subset=[header])
        return styled
    return apply
