"""Tables: sortable, Vietnamese headers, vi-VN numbers (through `formatting`), a link from a unit's
name to its page, coloured cells against targets, and CSV/XLSX downloads of the same rows.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from data_access.targets import Target

from dashboard.render.tables import Col, formatters, prepared, table_csv, table_xlsx
from dashboard.ui import audit
from dashboard.core.compare import verdict
from dashboard.core.view import View
from dashboard.core.formatting import DASH, fmt_value
from dashboard.ui.links import go_to_unit, unit_url

ROWS_SHOWN = 25  # a long table shows its first rows, and all of them (up to MAX_ROWS_SHOWN) when asked
MAX_ROWS_SHOWN = 1000
MANY_COLUMNS = 5
TEXT_COLUMN_WIDTH = 180  # px


def no_data(message: str = "Không có số liệu trong kỳ và phạm vi đã chọn.") -> None:
    st.info(message, icon=":material/info:")


# --- tables ------------------------------------------------------------------------------------

def table(df: pd.DataFrame, cols: Sequence[Col], *, key: str, filename: str, view: View | None = None,
          link: str | None = None, height: int | str = "auto", empty: str = "Không có dòng nào.",
          downloads: bool = True, targets: Mapping[str, Target] | None = None, select_unit: bool = False) -> None:
    """A sortable table with Vietnamese headers and vi-VN numbers, plus CSV and XLSX downloads.

    link: the column holding a unit code; its name column (the first column) becomes a link to
    that unit's page. targets: source column → target; those cells are coloured green, amber or red.
    select_unit: a click on a row opens that unit's page (needs `link`).
    """
    if df is None or df.empty:
        no_data(empty)
        return
    # Formatting every cell is most of a table's time on the server and in the browser: a long table shows
    # its first rows (the page orders them, most important first) until the user asks for all of them.
    see_all = len(df) > ROWS_SHOWN and st.toggle(f"Xem tất cả {fmt_value(len(df))} dòng", key=f"{key}-all")
    limit = MAX_ROWS_SHOWN if see_all or len(df) <= ROWS_SHOWN else ROWS_SHOWN
    shown = prepared(df.head(limit), cols)
    # A table of many columns: its text columns (long official names, task titles) get a set width, so every
    # column fits a 1920 screen and the first ones a 1366 laptop; a longer text ends in the cell (full on hover).
    text_width = {"width": TEXT_COLUMN_WIDTH} if len(cols) >= MANY_COLUMNS else {}
    config = {c.header: st.column_config.TextColumn(c.header, **text_width)
              for c in cols if text_width and c.fmt is None}
    if link and view is not None:
        first = cols[0].header
        names = shown[first].tolist()
        urls = [unit_url(code, view) for code in df[link].head(limit)]
        shown[first] = urls
        display = dict(zip(urls, names))
        config[first] = st.column_config.LinkColumn(first, help="Mở trang của đơn vị", **text_width)
        formats = formatters(cols) | {first: lambda u, d=display: d.get(u, u)}
    else:
        formats = formatters(cols)
    for c in cols:  # dates sort as dates and show as dd/mm/yyyy whatever the browser's locale
        if c.fmt in ("date", "datetime"):
            shown[c.header] = pd.to_datetime(shown[c.header], errors="coerce")
            config[c.header] = st.column_config.DatetimeColumn(
                c.header, format="DD/MM/YYYY" if c.fmt == "date" else "DD/MM/YYYY HH:mm")
            formats.pop(c.header, None)
    styled = shown.style.format(formats, na_rep=DASH)
    if targets:
        styled = _coloured(styled, {c.header: targets[c.name] for c in cols if c.name in targets})
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
    if len(df) > limit:
        st.caption(f"Hiển thị {fmt_value(limit)} / {fmt_value(len(df))} dòng; tệp tải về có đủ mọi dòng.")
    if downloads:
        stem = f"{filename}_{view.as_of:%Y%m%d}" if view is not None else filename
        row = st.container(horizontal=True, gap="small")
        detail = audit.view_detail(view) if view is not None else None  # the audit row: what, with which filters
        row.download_button("Tải CSV", data=audit.audited(lambda: table_csv(df, cols), what=filename, fmt="csv",
                                                          detail=detail), file_name=f"{stem}.csv",
                             mime="text/csv", on_click="ignore", icon=":material/download:", key=f"{key}-csv",
                             type="tertiary")
        row.download_button("Tải Excel", data=audit.audited(lambda: table_xlsx(df, cols), what=filename, fmt="xlsx",
                                                            detail=detail), file_name=f"{stem}.xlsx",
                              mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              on_click="ignore", icon=":material/table_view:", key=f"{key}-xlsx", type="tertiary")


# --- coloured cells ----------------------------------------------------------------------------

CELL_COLORS = {"good": "background-color: #d9f0df", "warn": "background-color: #fff0bf",
               "bad": "background-color: #f8d3d1"}


def _coloured(styled, columns: Mapping[str, Target]):
    """Each cell of `columns` (shown header → target) coloured green, amber or red against its target."""
    def colour(values: pd.Series, target: Target) -> list[str]:
        return [CELL_COLORS.get(verdict(v, target), "") for v in values]

    for header, target in columns.items():
        styled = styled.apply(colour, target=target, subset=[header])
    return styled
