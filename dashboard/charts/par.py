"""The PAR index: criteria heat map and their order."""
from __future__ import annotations

import json
import re
import textwrap

import altair as alt
import pandas as pd

from dashboard.charts.base import (
    WRAPPED_STEP, is_empty, numbers, value_texts, chart_title, axis_format_expr, config, empty_chart, lines_label_expr,
    wrapped_name_axis
)
from dashboard.core import palette, text_width
from dashboard.core.table_fit import abbreviate_unit
from dashboard.core.formatting import fmt_value

# --- PAR ---------------------------------------------------------------------------------------

def _natural_key(code) -> tuple:
    """"2" before "10", "1.2" before "1.10"."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(code)))


def criteria_order(df: pd.DataFrame, criterion: str = "criterion_name") -> list[str]:
    """Criterion names in the natural order of their codes (as given when there are no codes)."""
    if "criterion_code" not in df:
        return list(dict.fromkeys(df[criterion]))
    pairs = sorted(zip(df["criterion_code"], df[criterion]), key=lambda p: _natural_key(p[0]))
    return list(dict.fromkeys(name for _, name in pairs))


# Standard abbreviations of Vietnamese administrative reports, so the criterion names fit a column head.
CRITERION_ABBREVIATIONS = (("cải cách hành chính", "CCHC"), ("kinh tế - xã hội", "KT-XH"), ("kinh tế – xã hội", "KT-XH"))
CRITERION_LINE_CHARS = 13  # characters per line of a heatmap column head
HEAD_LINE_HEIGHT = 14


def short_criterion_name(name: str) -> str:
    """"Công tác chỉ đạo, điều hành cải cách hành chính" → "Công tác chỉ đạo, điều hành CCHC"."""
    text = str(name)
    for long, short in CRITERION_ABBREVIATIONS:
        text = re.sub(re.escape(long), short, text, flags=re.IGNORECASE)
    return text


def wrap_lines(text: str, width: int) -> list[str]:
    """Words onto lines of at most `width` characters (a longer word keeps its own line)."""
    return textwrap.wrap(str(text), width=width, break_long_words=False, break_on_hyphens=False) or [str(text)]


def par_criteria_heatmap(df: pd.DataFrame, *, title: str = "Chỉ số CCHC theo lĩnh vực", unit: str = "unit_name",
                         criterion: str = "criterion_name", value: str = "percent", subtitle=None):
    """Units × PAR criterion areas, coloured by the percent of max points (what pulls a unit down).

    df: `data_access.par.par_criteria` (unit_name, criterion_code, criterion_name, max_points,
    appraised_score, percent — a fraction). Units are ordered by their mean percent, best first.
    The column heads are the criterion names (with the usual abbreviations CCHC, KT-XH), wrapped
    onto short horizontal lines; long unit names wrap onto two lines. The tooltip has the full name
    and code. About 880 px wide, so it fits the page at 1366 × 768 and exports with the names.
    """
    if is_empty(df, value):
        return empty_chart(title, subtitle=subtitle)
    data = pd.DataFrame({unit: df[unit], criterion: df[criterion], "value": numbers(df[value]),
                         "value_text": value_texts(df[value], "pct")})
    tooltip_criterion = alt.Tooltip(f"{criterion}:N", title="Lĩnh vực")
    if "criterion_code" in df:
        data["criterion_code"] = df["criterion_code"].astype(str)
        if criterion != "criterion_code":
            tooltip_criterion = [alt.Tooltip("criterion_code:N", title="Mã"), tooltip_criterion]
    has_points = {"appraised_score", "max_points"} <= set(df.columns)
    data["points_text"] = ([f"{fmt_value(a, 'score')} / {fmt_value(m, 'score')}"
                            for a, m in zip(df["appraised_score"], df["max_points"])]
                           if has_points else data["value_text"])
    data["label_color"] = [palette.text_on(palette.heatmap_color(v)) for v in data["value"]]
    units_order = list(data.groupby(unit, sort=False)["value"].mean().sort_values(ascending=False).index)
    crit_order = criteria_order(df, criterion)
    crit_lines = {str(c): wrap_lines(short_criterion_name(c), CRITERION_LINE_CHARS) for c in crit_order}
    # Vega stacks the lines of a label downwards from its anchor: every head gets the same number of
    # lines (blank ones first) and the padding lifts the block, so the last line sits just above the cells;
    # a two-line unit name moves up half a line to stay centred on its row.
    head_lines = max(len(v) for v in crit_lines.values())
    crit_lines = {k: ["\u200b"] * (head_lines - len(v)) + v for k, v in crit_lines.items()}
    y_axis, two_line_units = wrapped_name_axis(units_order, chars=32)
    base = alt.Chart(data).encode(
        x=alt.X(f"{criterion}:N", sort=crit_order, title=None,
                axis=alt.Axis(orient="top", labelAngle=0, labelAlign="center", labelBaseline="bottom",
                              labelExpr=lines_label_expr(crit_lines), labelLineHeight=HEAD_LINE_HEIGHT, labelFontSize=12,
                              labelLimit=0, labelOverlap=False, labelPadding=(head_lines - 1) * HEAD_LINE_HEIGHT + 6,
                              domain=False, ticks=False)),
        y=alt.Y(f"{unit}:N", sort=units_order, title=None, axis=y_axis))
    tooltip = [alt.Tooltip(f"{unit}:N", title="Đơn vị"),
               *(tooltip_criterion if isinstance(tooltip_criterion, list) else [tooltip_criterion]),
               alt.Tooltip("value_text:N", title="Tỷ lệ điểm"), alt.Tooltip("points_text:N", title="Điểm / tối đa")]
    rect = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("value:Q", title="% điểm tối đa",
                        scale=alt.Scale(domain=list(palette.HEATMAP_DOMAIN), range=palette.HEATMAP_COLORS,
                                        interpolate="rgb", clamp=True),
                        legend=alt.Legend(labelExpr=axis_format_expr("pct"), orient="bottom", direction="horizontal",
                                          gradientLength=220, titleOrient="left", titleAnchor="start")),
        tooltip=tooltip)
    # each label in white or dark, whichever contrasts more with its cell's own colour (WCAG AA)
    text = base.mark_text(fontSize=12).encode(text="value_text:N", color=alt.Color("label_color:N", scale=None),
                                              tooltip=tooltip)
    chart = alt.layer(rect, text).resolve_scale(color="independent").properties(  # the labels' colours are literal
        title=chart_title(title, subtitle), width=alt.Step(84),
                                             height=alt.Step(WRAPPED_STEP if two_line_units else 26))
    return config(chart)


PHONE_WIDTH = 330  # px a phone's page gives a chart (390 less the margins), all of it: axis labels, cells, legend
NARROW_NAME_WIDTH = 118  # px the names take
NAME_LINE_HEIGHT = 13


def criterion_numbers(df: pd.DataFrame, criterion: str = "criterion_name") -> dict[str, str]:
    """Criterion name → its number in the heatmap's order ("1", "2", …), the heads of the narrow version."""
    return {name: str(i) for i, name in enumerate(criteria_order(df, criterion), start=1)}


def par_criteria_heatmap_narrow(df: pd.DataFrame, *, title: str = "Chỉ số CCHC theo lĩnh vực",
                                unit: str = "unit_name", criterion: str = "criterion_name", value: str = "percent",
                                width: int = PHONE_WIDTH):
    """The criteria heatmap for a phone: the same cells and colours in `width` px, no wider.

    The criterion names head the columns by their numbers (the page lists "1. …" under the chart), the unit names
    wrap onto two short lines, the percent is in the tooltip (a 390-px phone has no room for "94,3%" in 8 cells
    beside a name) and the legend sits under the plot; the title wraps onto lines that fit.
    """
    if is_empty(df, value):
        return empty_chart(title)
    numbers_of = criterion_numbers(df, criterion)
    data = pd.DataFrame({unit: df[unit], "number": df[criterion].map(numbers_of), criterion: df[criterion],
                         "value": numbers(df[value]), "value_text": value_texts(df[value], "pct")})
    units_order = list(data.groupby(unit, sort=False)["value"].mean().sort_values(ascending=False).index)
    order = list(numbers_of.values())
    # each name on up to three lines that fit NARROW_NAME_WIDTH (official abbreviations first); measured in the
    # table font enlarged by a fifth, as Vega may draw in a wider fallback face
    name_lines = {str(n): text_width.wrap(abbreviate_unit(str(n)), NARROW_NAME_WIDTH, px=11 * 1.2)[:3]
                  for n in units_order}
    most = max(len(v) for v in name_lines.values())
    table = json.dumps(name_lines, ensure_ascii=False)
    y_axis = alt.Axis(labelExpr=f"({table})[datum.label] || datum.label", labelLineHeight=NAME_LINE_HEIGHT,
                      labelFontSize=11, labelLimit=NARROW_NAME_WIDTH + 10, labelOverlap=False, ticks=False,
                      domain=False, labelOffset={"expr": f"-(length(({table})[datum.value] || ['']) - 1) * "
                                                         f"{NAME_LINE_HEIGHT / 2}"})
    step = max(16, (width - NARROW_NAME_WIDTH - 24) // max(len(order), 1))
    title_lines = wrap_lines(title, 40)
    chart = alt.Chart(data).mark_rect(stroke="white", strokeWidth=1).encode(
        x=alt.X("number:N", sort=order, title=None,
                axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=12, domain=False, ticks=False)),
        y=alt.Y(f"{unit}:N", sort=units_order, title=None, axis=y_axis),
        color=alt.Color("value:Q", title="% điểm tối đa",
                        scale=alt.Scale(domain=list(palette.HEATMAP_DOMAIN), range=palette.HEATMAP_COLORS,
                                        interpolate="rgb", clamp=True),
                        legend=alt.Legend(labelExpr=axis_format_expr("pct"), orient="bottom", direction="horizontal",
                                          gradientLength=min(180, width - 40), titleOrient="top",
                                          titleAnchor="start", labelFontSize=11, titleFontSize=11)),
        tooltip=[alt.Tooltip(f"{unit}:N", title="Đơn vị"), alt.Tooltip(f"{criterion}:N", title="Lĩnh vực"),
                 alt.Tooltip("value_text:N", title="Tỷ lệ điểm")],
    ).properties(title=alt.Title(title_lines, fontSize=13, aria=False, anchor="start"), width=alt.Step(step),
                 height=alt.Step(max(22, NAME_LINE_HEIGHT * most + 6)))
    return config(chart, padding=4)
