"""The pieces pages are made of: KPI cards, charts with image downloads, tables with CSV/XLSX
downloads, links to a unit's page and the honest "no data" message.

Every number on screen and in a download goes through `formatting`; every label comes from
`catalog`. The figures themselves come through `data` (cached).
"""
from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from data_access.targets import Target, status

from . import data, export
from .catalog import KPIS
from .filters import View
from .formatting import (
    DASH, STATUS_LABELS, fmt_change, fmt_value, is_missing,
)

UNIT_PAGE = "pages/don_vi.py"
UNIT_PATH = "/don-vi"
MAX_ROWS_SHOWN = 1000
_TARGET_COLORS = {"good": "green", "warn": "orange", "bad": "red"}
_BADGES = {"good": "Đạt {target}", "warn": "Gần đạt {target}", "bad": "Chưa đạt {target}"}
_SPARK_SOURCES = {"tasks": data.tasks_by_bucket, "dossiers": data.dossiers_by_bucket,
                  "petitions": data.petitions_by_bucket}


def no_data(message: str = "Không có số liệu trong kỳ và phạm vi đã chọn.") -> None:
    st.info(message, icon=":material/info:")


# --- KPI cards --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Comparison:
    """The figures of the period, the previous period of equal length and the same period last year."""

    now: dict
    previous: dict
    last_year: dict


def comparison(view: View, scope=None) -> Comparison:
    scope = view.scope if scope is None else scope
    return Comparison(data.figures(view.period, scope), data.figures(view.period.previous(), scope),
                      data.figures(view.period.year_before(), scope))


def _change(kpi, value, before) -> tuple[str | None, str, str]:
    """(delta text, colour, arrow) of `value` against `before`, coloured by the figure's direction."""
    if is_missing(value) or is_missing(before):
        return None, "off", "off"
    diff = value - before
    kind = kpi.fmt if kpi.fmt in ("pct", "days", "score", "rank") else "int"
    text = fmt_change(diff, kind)
    if diff == 0 or text[:1] not in "+−":  # zero, or too small to show at the figure's precision
        return text, "gray", "off"
    arrow = "up" if diff > 0 else "down"
    if kpi.higher_is_better is None:
        return text, "gray", arrow
    good = (diff > 0) == kpi.higher_is_better
    return text, "green" if good else "red", arrow


def target_text(kpi, target: Target) -> str:
    sign = "≥" if target.higher_is_better else "≤"
    return f"chỉ tiêu {sign} {fmt_value(target.value, kpi.fmt)}"  # "chỉ tiêu ≥ 95,0%"


def _help(kpi, target: Target | None, last_year_text: str) -> str:
    parts = [kpi.help]
    if target is not None:
        parts.append(f"Màu theo {target_text(kpi, target)}; trong khoảng {fmt_value(target.tolerance, kpi.fmt)} "
                     "dưới chỉ tiêu là vàng, xa hơn là đỏ.")
    parts.append(f"Cùng kỳ năm trước: {last_year_text}.")
    return "\n\n".join(parts)


def kpi_card(key: str, figures: Comparison, *, targets: Mapping[str, Target], spark: Sequence | None = None,
             card_key: str = "") -> None:
    """One figure: value, change vs the previous period and last year, colour by target, sparkline, definition."""
    kpi = KPIS[key]
    value = figures.now.get(key)
    target = targets.get(kpi.target_key) if kpi.target_key else None
    state = status(value, target) if target is not None else None
    delta, color, arrow = _change(kpi, value, figures.previous.get(key))
    last_year = figures.last_year.get(key)
    yoy_delta, _, _ = _change(kpi, value, last_year)
    with st.container(border=True, key=f"kpi-{state or 'none'}-{card_key}{key}"):
        st.metric(kpi.label, kpi.format(value), delta=delta, delta_color=color, delta_arrow=arrow,
                  help=_help(kpi, target, kpi.format(last_year)),
                  chart_data=spark if spark else None, chart_type="bar" if kpi.fmt == "int" else "line")
        if target is not None and state is not None:
            st.badge(_BADGES[state].format(target=target_text(kpi, target)), color=_TARGET_COLORS[state])
        st.caption(f"Kỳ trước: {kpi.format(figures.previous.get(key))}  \n"
                   f"Cùng kỳ năm trước: {kpi.format(last_year)}" + (f" ({yoy_delta})" if yoy_delta else ""))


def _sparks(view: View, keys: Sequence[str], scope) -> dict[str, list]:
    """The last 12 months of each figure that has a monthly series (backlogs have none)."""
    out: dict[str, list] = {}
    for area, load in _SPARK_SOURCES.items():
        wanted = [k for k in keys if KPIS[k].area == area]
        if not wanted:
            continue
        df = load(view.spark_period(), scope, "month")
        for key in wanted:
            if key not in df.columns or len(df) < 2:
                continue
            # a month without a rate (nothing to divide by) is left out, not drawn as 0
            values = [None if is_missing(v) else float(v) for v in df[key]]
            values = [v for v in values if v is not None] if KPIS[key].fmt == "pct" else [v or 0 for v in values]
            if len(values) > 1:
                out[key] = values
    return out


def kpi_cards(view: View, keys: Sequence[str], *, per_row: int | None = None, scope=None,
              figures: Comparison | None = None, card_key: str = "") -> Comparison:
    """A row (or rows) of KPI cards for `keys`; returns the figures so the page can reuse them."""
    scope = view.scope if scope is None else scope
    figures = figures or comparison(view, scope)
    targets = data.targets()
    sparks = _sparks(view, keys, scope)
    per_row = per_row or len(keys)
    for start in range(0, len(keys), per_row):
        cols = st.columns(per_row)
        for col, key in zip(cols, keys[start:start + per_row]):
            with col:
                kpi_card(key, figures, targets=targets, spark=sparks.get(key), card_key=card_key)
    return figures


def par_leaders(figures: dict) -> None:
    """The PAR area on the overview: the leading department and district of the latest index year."""
    year, rows = figures.get("par_year"), figures.get("par") or []
    if not rows:
        no_data("Chưa có điểm Chỉ số CCHC cho phạm vi đã chọn.")
        return
    for kind, title in (("department", "Sở, ngành dẫn đầu"), ("district", "Huyện, thị xã, thành phố dẫn đầu")):
        best = [r for r in rows if r["kind"] == kind and r["rank"] == 1] or \
            sorted((r for r in rows if r["kind"] == kind), key=lambda r: r["rank"])[:1]
        if not best:
            continue
        r = best[0]
        with st.container(border=True, key=f"kpi-none-par-{kind}"):
            st.metric(f"{title} (CCHC {year})", r["name"], delta=f"{fmt_value(r['percent'], 'pct')} điểm tối đa · "
                      f"hạng {r['rank']}", delta_color="gray", delta_arrow="off", help=KPIS["par_rank"].help)


# --- links to a unit ---------------------------------------------------------------------------

def unit_url(code: str, view: View | None = None) -> str:
    """The unit page's address, keeping the view's period filter."""
    params = {"don_vi": code, **({k: v for k, v in view.params().items() if k in ("ky", "tu", "den")}
                                 if view else {})}
    return f"{UNIT_PATH}?{urlencode(params)}"


def go_to_unit(code: str, view: View) -> None:
    params = {"don_vi": code, **{k: v for k, v in view.params().items() if k in ("ky", "tu", "den")}}
    st.switch_page(UNIT_PAGE, query_params=params)


def _selected_unit(event, field: str = "unit") -> str | None:
    try:
        chosen = event.selection.get("don_vi") or []
    except AttributeError:
        return None
    for item in chosen:
        if isinstance(item, Mapping) and item.get(field):
            return str(item[field])
    return None


# --- charts ------------------------------------------------------------------------------------

def _stamp(title: str, view: View, scope_label: str | None) -> export.ExportStamp:
    version = st.session_state.get("_bdh_version")
    as_of: date | datetime = view.as_of
    if version is not None and version.updated_at is not None and version.updated_at.date() <= view.as_of:
        as_of = version.updated_at
    return export.ExportStamp(title=title, period_label=view.period_label,
                              scope_label=scope_label or view.scope_label, as_of=as_of)


def chart(figure, *, title: str, view: View, key: str, drill_field: str | None = None,
          scope_label: str | None = None, stretch: bool = True) -> None:
    """Show an Altair chart with PNG/SVG downloads; with `drill_field` a click on a bar opens that unit.

    stretch=False keeps the chart's own width (heatmaps: their cells keep a readable size).
    """
    width = "stretch" if stretch else "content"
    if drill_field:
        event = st.altair_chart(figure, width=width, key=key, on_select="rerun", selection_mode="don_vi")
        code = _selected_unit(event, drill_field)
        if code:
            go_to_unit(code, view)
    else:
        st.altair_chart(figure, width=width, key=key)
    stamp = _stamp(title, view, scope_label)
    row = st.container(horizontal=True, gap="small")
    row.download_button("Tải ảnh PNG", data=lambda: export.chart_png(figure, stamp=stamp, scale=2),
                         file_name=export.export_filename(title, "png", as_of=view.as_of), mime="image/png",
                         on_click="ignore", icon=":material/image:", key=f"{key}-png", type="tertiary")
    row.download_button("Tải ảnh SVG", data=lambda: export.chart_svg(figure, stamp=stamp),
                          file_name=export.export_filename(title, "svg", as_of=view.as_of), mime="image/svg+xml",
                          on_click="ignore", icon=":material/polyline:", key=f"{key}-svg", type="tertiary")


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
        ws.append([None if is_missing(v) else (float(v) if hasattr(v, "as_tuple") else v) for v in row])
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
        row.download_button("Tải CSV", data=lambda: table_csv(df, cols), file_name=f"{stem}.csv",
                             mime="text/csv", on_click="ignore", icon=":material/download:", key=f"{key}-csv",
                             type="tertiary")
        row.download_button("Tải Excel", data=lambda: table_xlsx(df, cols), file_name=f"{stem}.xlsx",
                              mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              on_click="ignore", icon=":material/table_view:", key=f"{key}-xlsx", type="tertiary")


def section(title: str, caption: str | None = None) -> None:
    st.subheader(title, anchor=False, divider="gray")
    if caption:
        st.caption(caption)


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


# --- the unit page's picker --------------------------------------------------------------------

def _on_unit_picked(key: str) -> None:
    code = st.session_state.get(key)
    if code:
        st.query_params["don_vi"] = code


def unit_picker(units: pd.DataFrame) -> str | None:
    """The unit of `?don_vi=CODE`, with a picker to change it; a missing or unknown code gets a notice."""
    names = dict(zip(units["code"], units["name"]))
    code = st.query_params.get("don_vi")
    if code is not None and code not in names:
        st.warning(f"Không có đơn vị mã “{code}”. Hãy chọn một đơn vị trong danh sách.", icon=":material/warning:")
        code = None
    elif code is None:
        st.info("Chọn một đơn vị để xem số liệu cả bốn lĩnh vực của đơn vị đó.", icon=":material/info:")
    options = list(names)
    key = f"f_don_vi__{code}"  # the code in the key: the picker is made fresh from the URL (see filters.widget_key)
    st.selectbox("Đơn vị", options, index=options.index(code) if code else None, key=key,
                 format_func=lambda c: names.get(c, c), on_change=_on_unit_picked, args=(key,),
                 placeholder="Chọn đơn vị…", width=480)
    return code
