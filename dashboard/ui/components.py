"""The pieces pages are made of: KPI cards, charts with image downloads, tables with CSV/XLSX
downloads, links to a unit's page and the honest "no data" message.

Every number on screen and in a download goes through `core.formatting`; every label comes from
`core.catalog`. The figures themselves come through the store (cached, cut to the user's units).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import streamlit as st
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec  # what st.altair_chart sends

from data_access.targets import Target

from dashboard.core import explanation_subjects as subjects
from dashboard.core.catalog import AREAS, KPIS
from dashboard.core.compare import STATUS_COLOURS, capital, change, target_text, verdict, verdict_text
from dashboard.core.formatting import fmt_datetime, fmt_value
from dashboard.core.safe import md
from dashboard.core.view import View
from dashboard.charts import spark_values
from dashboard.render import chart_export
from dashboard.render.tables import Col, columns
from dashboard.ui import audit, explanations, store
from dashboard.ui.links import go_to_unit, unit_picker, unit_url
from dashboard.ui.tables import no_data, table

# Pages use the tables and links through this module too (`ui.table`, `ui.Col`, `ui.unit_url`).
__all__ = ["Col", "Comparison", "area_cards", "attention_list", "chart", "columns", "comparison", "go_to_unit", "kpi_card", "kpi_cards", "no_data",
           "par_leaders", "par_standing", "section", "table", "unit_picker", "unit_url"]
_SPARK_SOURCES = {"tasks": store.tasks_by_bucket, "dossiers": store.dossiers_by_bucket,
                  "petitions": store.petitions_by_bucket}


# --- KPI cards --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Comparison:
    """The figures of the period, the previous period of equal length and the same period last year."""

    now: dict
    previous: dict
    last_year: dict


def comparison(view: View, scope=None, *, assigned_by: str | None = None) -> Comparison:
    """With `assigned_by` (a leader code): the task figures only, of the tasks that leader assigned."""
    scope = view.scope if scope is None else scope
    periods = (view.period, view.period.previous(), view.period.year_before())
    if assigned_by is not None:
        return Comparison(*(store.task_figures(p, scope, assigned_by) for p in periods))
    return Comparison(*(store.figures(p, scope) for p in periods))


def _help(kpi, target: Target | None, last_year_text: str) -> str:
    parts = [kpi.help]
    if target is not None:
        parts.append(f"Màu theo {target_text(target, kpi.fmt)}; trong khoảng {fmt_value(target.tolerance, kpi.fmt)} "
                     "dưới chỉ tiêu là vàng, xa hơn là đỏ.")
    parts.append(f"Cùng kỳ năm trước: {last_year_text}.")
    return "\n\n".join(parts)


SPARK_NOTE = "\n\nBiểu đồ nhỏ: các tháng đã hết trong 12 tháng gần nhất (tháng đang diễn ra chưa vẽ)."


def fed_stamp(key: str, last_fed: Mapping[str, datetime | None]) -> str | None:
    """"Nguồn cập nhật: 01/12/2026 09:30": when the data the card counts last came in for the units shown
    (None for figures with no per-unit source: the province-wide receptions, PAR)."""
    source = KPIS[key].area
    if source not in last_fed or key.startswith("reception_"):
        return None
    at = last_fed[source]
    return f"Nguồn cập nhật: {fmt_datetime(at)}" if at is not None else "Nguồn: chưa có số liệu nhập"


def kpi_card(key: str, figures: Comparison, *, targets: Mapping[str, Target], spark: Sequence | None = None,
             card_key: str = "", ask_unit: tuple[str, str] | None = None, view: View | None = None,
             last_fed: Mapping[str, datetime | None] | None = None, compact: bool = False) -> None:
    """One figure: value, change vs the previous period and last year, colour by target, sparkline, definition,
    and when its source last came in (`last_fed`: store.last_fed of the scope).

    ask_unit: (code, name) of the one unit the card is about; a red card then offers leaders and the Office
    "Yêu cầu giải trình" about this figure of that unit for the view's period.
    compact: value, change and verdict only (the overview's first screen); the previous period, last year
    and the source stamp move into the definition's tooltip.
    """
    kpi = KPIS[key]
    value = figures.now.get(key)
    target = targets.get(kpi.target_key) if kpi.target_key else None
    state = verdict(value, target)
    delta = change(value, figures.previous.get(key), fmt=kpi.fmt, higher_is_better=kpi.higher_is_better)
    last_year = figures.last_year.get(key)
    yoy_delta = change(value, last_year, fmt=kpi.fmt, higher_is_better=kpi.higher_is_better).text
    fed = fed_stamp(key, last_fed or {})
    with st.container(border=True, key=f"kpi-{state or 'none'}-{card_key}{key}"):
        st.metric(kpi.label, kpi.format(value), delta=delta.text, delta_color=delta.colour, delta_arrow=delta.arrow,
                  help=_help(kpi, target, kpi.format(last_year))
                  + (f"\n\nKỳ trước: {kpi.format(figures.previous.get(key))}." if compact else "")
                  + (f"\n\n{fed}." if compact and fed else "")
                  + (SPARK_NOTE if spark else ""),
                  chart_data=spark if spark else None, chart_type="bar" if kpi.fmt == "int" else "line")
        if target is not None and state is not None:
            st.badge(capital(verdict_text(state, target, kpi.fmt)), color=STATUS_COLOURS[state])
        if not compact:
            st.caption(f"Kỳ trước: {kpi.format(figures.previous.get(key))}  \n"
                       f"Cùng kỳ năm trước: {kpi.format(last_year)}" + (f" ({yoy_delta})" if yoy_delta else "")
                       + (f"  \n{fed}" if fed else ""))
        if state == "bad" and ask_unit is not None and view is not None:
            explanations.ask_button([subjects.figure(*ask_unit, key, value, view.period)], key=f"ask-{card_key}{key}")


def _sparks(view: View, keys: Sequence[str], scope, assigned_by: str | None = None) -> dict[str, list]:
    """The last 12 months of each figure that has a monthly series (backlogs have none), without the month
    that is not over yet (`charts.spark_values`)."""
    out: dict[str, list] = {}
    for area, load in _SPARK_SOURCES.items():
        wanted = [k for k in keys if KPIS[k].area == area]
        if not wanted:
            continue
        by = {"assigned_by": assigned_by} if area == "tasks" and assigned_by is not None else {}
        df = load(view.spark_period(), scope, "month", **by)
        for key in wanted:
            values, _ = spark_values(df, key, fmt=KPIS[key].fmt, as_of=view.as_of)
            if len(values) > 1:
                out[key] = values
    return out


def kpi_cards(view: View, keys: Sequence[str], *, per_row: int | None = None, scope=None,
              figures: Comparison | None = None, card_key: str = "", assigned_by: str | None = None,
              ask_unit: tuple[str, str] | None = None, compact: bool = False) -> Comparison:
    """A row (or rows) of KPI cards for `keys`; returns the figures so the page can reuse them.

    assigned_by: task cards of one assigning leader's tasks (the tasks page's "Người giao").
    ask_unit: (code, name) when the cards are one unit's: red cards offer an explanation request.
    compact: cards without sparkline and comparison lines (`kpi_card`).
    """
    scope = view.scope if scope is None else scope
    figures = figures or comparison(view, scope, assigned_by=assigned_by)
    targets = store.targets()
    sparks = {} if compact else _sparks(view, keys, scope, assigned_by)
    last_fed = store.last_fed(scope)
    per_row = per_row or len(keys)
    for start in range(0, len(keys), per_row):
        cols = st.columns(per_row)
        for col, key in zip(cols, keys[start:start + per_row]):
            with col:
                kpi_card(key, figures, targets=targets, spark=sparks.get(key), card_key=card_key, ask_unit=ask_unit,
                         view=view, last_fed=last_fed, compact=compact)
    return figures


def area_cards(view: View, area: str, keys: Sequence[str], *, caption: str | None = None, **cards) -> Comparison:
    """An area's section heading (its catalog title) and its cards."""
    section(AREAS[area].title, caption)
    return kpi_cards(view, keys, **cards)


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
            st.metric(f"{title} (CCHC {year})", md(r["name"]), delta=f"{fmt_value(r['percent'], 'pct')} điểm tối đa · "
                      f"hạng {r['rank']}", delta_color="gray", delta_arrow="off", help=KPIS["par_rank"].help)


def par_standing(figures: dict) -> None:
    """The PAR area on a unit user's overview: their own unit's index and rank "hạng N/M" among the units
    it ranks with (its kind; before 2025 within its former province, SPEC §2.5).

    Not "dẫn đầu": the unit user sees only their own rows, so the leader card would name them as the leader.
    """
    year, rows = figures.get("par_year"), figures.get("par") or []
    if not rows:
        no_data("Chưa có điểm Chỉ số CCHC của đơn vị.")
        return
    for r in sorted(rows, key=lambda r: (r["kind"], r["rank"], r["unit"])):
        rank = f"hạng {r['rank']}/{r['rank_of']}"
        with st.container(border=True, key=f"kpi-none-par-own-{r['unit']}"):
            st.metric(f"Chỉ số CCHC của đơn vị ({year})", md(r["name"]),
                      delta=f"{rank} · {fmt_value(r['percent'], 'pct')} điểm tối đa", delta_color="gray",
                      delta_arrow="off", help=KPIS["par_rank"].help)


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

def _stamp(title: str, view: View, scope_label: str | None) -> chart_export.ExportStamp:
    version = store.remembered_version()
    as_of: date | datetime = view.as_of
    if version is not None and version.updated_at is not None and version.updated_at.date() <= view.as_of:
        as_of = version.updated_at
    return chart_export.ExportStamp(title=title, period_label=view.period_label,
                              scope_label=scope_label or view.scope_label, as_of=as_of)


def chart(figure, *, title: str, view: View, key: str, drill_field: str | None = None,
          scope_label: str | None = None, stretch: bool = True) -> None:
    """Show an Altair chart with PNG/SVG downloads; with `drill_field` a click on a bar opens that unit.

    stretch=False keeps the chart's own width (heatmaps: their cells keep a readable size).
    """
    width = "stretch" if stretch else "content"
    spec = vega_lite_spec(figure)
    if drill_field:
        event = st.vega_lite_chart(spec=spec, width=width, key=key, on_select="rerun", selection_mode="don_vi",
                                   alt=title)
        code = _selected_unit(event, drill_field)
        if code:
            go_to_unit(code, view)
    else:
        st.vega_lite_chart(spec=spec, width=width, key=key, alt=title)
    stamp = _stamp(title, view, scope_label)
    row = st.container(horizontal=True, gap="small")
    detail = audit.view_detail(view)  # each image download is audited with the view's filters
    row.download_button("Tải ảnh PNG", data=audit.audited(lambda: chart_export.chart_png(figure, stamp=stamp, scale=2),
                                                          what=title, fmt="png", detail=detail),
                         file_name=chart_export.export_filename(title, "png", as_of=view.as_of), mime="image/png",
                         on_click="ignore", icon=":material/image:", key=f"{key}-png", type="tertiary")
    row.download_button("Tải ảnh SVG", data=audit.audited(lambda: chart_export.chart_svg(figure, stamp=stamp),
                                                          what=title, fmt="svg", detail=detail),
                          file_name=chart_export.export_filename(title, "svg", as_of=view.as_of), mime="image/svg+xml",
                          on_click="ignore", icon=":material/polyline:", key=f"{key}-svg", type="tertiary")


def attention_list(key: str, title: str, lines: Sequence[str], *, empty: str, more: str | None = None,
                   height: int = 250) -> None:
    """A short list of what needs action (markdown lines, already escaped), in a box of fixed height so the
    boxes of one row end level; a longer list scrolls inside its box."""
    with st.container(border=True, height=height, key=f"week-{key}"):
        st.markdown(f"**{title}**")
        if lines:
            st.markdown("\n".join(f"- {line}" for line in lines))
        else:
            st.caption(empty)
        if more:
            st.caption(more)
class _Unchecked:
    """The chart as Streamlit converts it, without Altair's second check of the whole spec against the
    Vega-Lite schema (the builders are checked by their tests; the check alone takes most of the time)."""

    def __init__(self, figure):
        self.figure = figure

    def to_dict(self) -> dict:
        return self.figure.to_dict(validate=False)


_SPECS: OrderedDict[int, tuple[object, dict]] = OrderedDict()  # id(figure) → (the figure, kept alive; its spec)
_SPECS_LOCK = threading.Lock()
MAX_SPECS = 256


def vega_lite_spec(figure) -> dict:
    """The Vega-Lite spec `st.altair_chart` would send for `figure`, made once per chart object and then
    reused by every session: the page's charts come from the remembered builders (`core.memo`), which give
    the very same object for the same inputs."""
    with _SPECS_LOCK:
        found = _SPECS.get(id(figure))
        if found is not None and found[0] is figure:
            _SPECS.move_to_end(id(figure))
            return found[1]
    spec = _convert_altair_to_vega_lite_spec(_Unchecked(figure))
    with _SPECS_LOCK:
        _SPECS[id(figure)] = (figure, spec)
        while len(_SPECS) > MAX_SPECS:
            _SPECS.popitem(last=False)
    return spec


def section(title: str, caption: str | None = None) -> None:
    st.subheader(title, anchor=False, divider="gray")
    if caption:
        st.caption(caption)


def chart_wide_and_narrow(wide, narrow, *, title: str, view: View, key: str, scope_label: str | None = None,
                          narrow_note: str | None = None) -> None:
    """A chart too wide for a phone (the PAR heatmap), with its narrow version: both are drawn, the page's CSS
    (theme.py) shows the wide one on a screen and the narrow one on a phone (containers `wide-…`, `narrow-…`).
    The downloads are the wide chart's."""
    with st.container(key=f"wide-{key}"):
        chart(wide, title=title, view=view, key=key, scope_label=scope_label, stretch=False)
    with st.container(key=f"narrow-{key}"):
        st.vega_lite_chart(spec=vega_lite_spec(narrow), width="content", key=f"{key}-narrow", alt=title)
        if narrow_note:
            st.caption(narrow_note)


def criterion_legend(criteria) -> str:
    """"1. Công tác chỉ đạo, điều hành CCHC · 2. …": what the narrow heatmap's numbered columns are."""
    from dashboard.charts import criterion_numbers, short_criterion_name

    return "  \n".join(f"**{n}** {md(short_criterion_name(name))}" for name, n in criterion_numbers(criteria).items())
