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
from dashboard.core.formatting import DASH, fmt_date, fmt_value
from dashboard.core.table_fit import ONE_LINE_ROW, ColumnText, fit
from dashboard.ui.links import go_to_unit, unit_url

ROWS_SHOWN = 25  # a long table shows its first rows, and all of them (up to MAX_ROWS_SHOWN) when asked
MAX_ROWS_SHOWN = 1000
# The room a table has on a 1366 px laptop: the main area beside the open sidebar (1366 − 300) less its side
# margins there (theme.py: 1.5 rem each) and the grid's border. A table sized for it fits every wider screen too
# (its columns grow to fill a wider box); a phone scrolls it inside its box.
TABLE_ROOM = 1008  # px
ROW_MARKER = 36  # px: the row-selection column of a table whose rows open a unit's page
UNIT_NAME_COLUMNS = {"unit_name", "name", "lead_unit_name", "handling_unit_name"}


def no_data(message: str = "Không có số liệu trong kỳ và phạm vi đã chọn.") -> None:
    st.info(message, icon=":material/info:")


# --- tables ------------------------------------------------------------------------------------

def table(df: pd.DataFrame, cols: Sequence[Col], *, key: str, filename: str, view: View | None = None,
          link: str | None = None, height: int | str = "auto", empty: str = "Không có dòng nào.",
          downloads: bool = True, targets: Mapping[str, Target] | None = None, select_unit: bool = False,
          room: int | None = None) -> None:
    """A sortable table with Vietnamese headers and vi-VN numbers, plus CSV and XLSX downloads.

    link: the column holding a unit code; its name column (the first column) becomes a link to
    that unit's page. targets: source column → target; those cells are coloured green, amber or red.
    select_unit: a click on a row opens that unit's page (needs `link`). room: the width the table has, if
    less than the main area's (a table inside a column).
    """
    if df is None or df.empty:
        no_data(empty)
        return
    # Formatting every cell is most of a table's time on the server and in the browser: a long table shows
    # its first rows (the page orders them, most important first) until the user asks for all of them.
    see_all = len(df) > ROWS_SHOWN and st.toggle(f"Xem tất cả {fmt_value(len(df))} dòng", key=f"{key}-all")
    limit = MAX_ROWS_SHOWN if see_all or len(df) <= ROWS_SHOWN else ROWS_SHOWN
    shown = prepared(df.head(limit), cols)
    # Every column as wide as its texts (measured in the grid's font, core/table_fit.py): long names and titles
    # wrap onto more lines instead of widening the table, long unit names take the official abbreviations and
    # long headers their short forms (the full header in the tooltip), so the table fits a 1366 laptop.
    texts = {c.header: _texts(shown[c.header], c) for c in cols}
    linked = bool(link and view is not None)

    def sized_for(name_wraps: bool, marker: bool):
        # a link cell draws on one line: the name column wraps only as plain text (the row click opens the page)
        return fit([ColumnText(c.header, texts[c.header], wraps=c.fmt is None and (i > 0 or not linked or name_wraps),
                               unit_names=c.name in UNIT_NAME_COLUMNS or (i == 0 and linked))
                    for i, c in enumerate(cols)], (room or TABLE_ROOM) - (ROW_MARKER if marker else 0))

    sized = sized_for(False, select_unit)
    if not sized.fits and linked:  # the unit's name wraps as text; a click on its row opens its page
        sized, select_unit, link_cell = sized_for(True, True), True, False
    else:
        link_cell = linked
    config = {}
    for i, c in enumerate(cols):
        label, help_text = sized.headers[i], (c.header if sized.headers[i] != c.header else None)
        config[c.header] = st.column_config.Column(label, width=sized.widths[i], help=help_text)
        if c.fmt is None and c.name in UNIT_NAME_COLUMNS and not (link_cell and i == 0):
            shown[c.header] = [v if t == "" else t for v, t in zip(shown[c.header], sized.values[i])]
    if link_cell:
        first = cols[0].header
        names = sized.values[0]
        urls = [unit_url(code, view) for code in df[link].head(limit)]
        shown[first] = urls
        display = dict(zip(urls, names))
        config[first] = st.column_config.LinkColumn(sized.headers[0], help="Mở trang của đơn vị",
                                                    width=sized.widths[0])
        formats = formatters(cols) | {first: lambda u, d=display: d.get(u, u)}
    else:
        formats = formatters(cols)
    for i, c in enumerate(cols):  # dates sort as dates and show as dd/mm/yyyy whatever the browser's locale
        if c.fmt in ("date", "datetime"):
            shown[c.header] = pd.to_datetime(shown[c.header], errors="coerce")
            config[c.header] = st.column_config.DatetimeColumn(
                sized.headers[i], format="DD/MM/YYYY" if c.fmt == "date" else "DD/MM/YYYY HH:mm",
                width=sized.widths[i], help=config[c.header].get("help"))
            formats.pop(c.header, None)
    styled = shown.style.format(formats, na_rep=DASH)
    if targets:
        styled = _coloured(styled, {c.header: targets[c.name] for c in cols if c.name in targets})
    row_height = sized.row_height
    if isinstance(height, int):  # never taller than the rows need
        height = min(height, ONE_LINE_ROW + row_height * len(shown) + 3)
    kwargs = dict(hide_index=True, column_config=config, height=height, key=key, placeholder=DASH,
                  row_height=row_height)
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


def fitted_dataframe(df: pd.DataFrame, *, key: str | None = None, height: int | str = "auto",
                     room: int | None = None, **kwargs):
    """`st.dataframe` of a frame whose cells are already the texts to show (admin lists, import history, audit,
    reminders), its columns sized to their texts like `table`'s: text columns wrap, long headers take their
    short forms (full one in the tooltip), so it fits a 1366 laptop without scrolling sideways."""
    texts = {c: ["" if v is None or (isinstance(v, float) and pd.isna(v)) else
                 (fmt_value(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v))
                 for v in df[c].head(MAX_ROWS_SHOWN)] for c in df.columns}
    numeric = {c: pd.api.types.is_numeric_dtype(df[c]) for c in df.columns}
    sized = fit([ColumnText(str(c), texts[c], wraps=not numeric[c]) for c in df.columns], room or TABLE_ROOM)
    config = {c: st.column_config.Column(sized.headers[i], width=sized.widths[i],
                                         help=str(c) if sized.headers[i] != str(c) else None)
              for i, c in enumerate(df.columns)}
    if isinstance(height, int):
        height = min(height, ONE_LINE_ROW + sized.row_height * len(df) + 3)
    return st.dataframe(df, hide_index=True, column_config=config, row_height=sized.row_height, height=height,
                        key=key, **kwargs)


def _texts(values: pd.Series, c: Col) -> list[str]:
    """The texts a column shows, as the grid draws them (dates as dd/mm/yyyy)."""
    if c.fmt == "date":
        return [fmt_date(v) if not pd.isna(v) else DASH for v in values]
    if c.fmt == "datetime":
        return [f"{fmt_date(v)} 00:00" if not pd.isna(v) else DASH for v in values]
    if c.fmt:
        return [c.format(v) for v in values]
    return ["" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in values]


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
