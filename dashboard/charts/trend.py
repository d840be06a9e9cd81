"""Trends over months or weeks."""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

import altair as alt
import pandas as pd

from dashboard.charts.base import (
    UNFINISHED_NOTE, WIDTH, as_target, is_empty, numbers, target_rule, chart_title, axis_format_expr, axis_label_lines,
    bucket_labels, config, empty_chart, guess_grain, lines_label_expr, rate_axis, unfinished_bucket, vi_number_expr
)
from dashboard.core import palette, text_width
from dashboard.core.formatting import fmt_date, fmt_value
from data_access.targets import Target

PARTIAL_OPACITY = 0.45  # the unfinished bucket: lighter bars, a dashed line into a hollow point


def trend_chart(df: pd.DataFrame, *, x: str = "bucket", y: str | None = None, title: str, y_title: str = "",
                fmt: str = "int", series: Mapping[str, str] | None = None, grain: str | None = None,
                mark: str | None = None, target: Target | float | None = None, subtitle=None,
                as_of: date | None = None):
    """Figures over months or weeks.

    df: one row per bucket; `x` = the bucket's first day (date), and either `y` (one numeric
    column) or `series` = {column: Vietnamese series name} for several lines, e.g.
    `dossiers_by_bucket` with series={"dossiers_received": "Tiếp nhận", "dossiers_resolved": "Đã giải quyết"}.
    A task state column (`tasks_overdue`, …) always gets its colour of `palette.TASK_STATE_COLORS`.
    fmt: format name of the values (int, pct, days, score). mark: "line" or "bar"; default
    bar for one count series, line otherwise. grain: "month" | "week" | None (guess).
    target: an optional horizontal rule (a `Target` or a number).
    as_of: the day the data reach; the bucket holding it, when not over yet, is drawn lighter (bars) or
    dashed into a hollow point (lines), "chưa hết" under its axis label, "tháng chưa hết" / "tuần chưa hết" in
    the subtitle and the tooltip.
    Counts start at zero and never go below; rates keep one precision on every tick.
    """
    series = dict(series or {y: y_title or y})
    if is_empty(df, *series):
        return empty_chart(title, subtitle=subtitle)
    grain = grain or guess_grain(df[x])
    labels = bucket_labels(df[x], grain)
    partial = unfinished_bucket(list(df[x]), grain, as_of)
    note = UNFINISHED_NOTE[grain]
    long = pd.DataFrame([
        {"bucket_label": lab, "order": i, "series": name, "value": v, "value_text": fmt_value(v, fmt),
         "partial": i == partial, "period_text": f"{lab} ({note})" if i == partial else lab}
        for col, name in series.items() for i, (lab, v) in enumerate(zip(labels, numbers(df[col])))])
    label_lines = axis_label_lines(labels)
    if partial is not None:
        label_lines[labels[partial]] = [*label_lines[labels[partial]], "chưa hết"]
    label_lines = _every_kth_from_the_last(labels, label_lines)
    x_enc = alt.X("bucket_label:O", sort=labels, title=None,
                  axis=alt.Axis(labelAngle=0, labelOverlap="greedy", labelPadding=6, labelBound=False,
                                labelExpr=lines_label_expr(label_lines), labelLineHeight=16))
    mark = mark or ("bar" if len(series) == 1 and fmt == "int" else "line")
    t = as_target(target)
    if fmt == "pct":  # bars from 0 %, a line zoomed on its range (and the target's); ticks of one precision
        scale, ticks, spec = rate_axis(list(long["value"]) + ([t.value] if t is not None else []), zero=mark == "bar")
        axis = alt.Axis(values=ticks, labelExpr=vi_number_expr("datum.value", spec))
    elif fmt == "int" or mark == "bar":  # a count: from zero, never a negative axis (no padding below 0)
        scale = alt.Scale(zero=True, domainMin=0, nice=True, padding=0)
        axis = alt.Axis(labelExpr=axis_format_expr(fmt), tickMinStep=1 if fmt == "int" else alt.Undefined)
    else:  # durations, scores: zoom on the range
        scale = alt.Scale(zero=False, nice=True, padding=14)
        axis = alt.Axis(labelExpr=axis_format_expr(fmt))
    y_enc = alt.Y("value:Q", title=y_title, scale=scale, axis=axis)
    tooltip = [alt.Tooltip("period_text:N", title="Kỳ"), alt.Tooltip("series:N", title="Chỉ tiêu"),
               alt.Tooltip("value_text:N", title="Giá trị")]
    names = list(series.values())
    colors = palette.task_state_colors(series)
    color = (alt.Color("series:N", sort=names, title=None, scale=alt.Scale(domain=names, range=colors))
             if len(series) > 1 else alt.value(colors[0]))
    base = alt.Chart(long)
    if mark == "bar":
        lighter = alt.condition("datum.partial", alt.value(PARTIAL_OPACITY), alt.value(1.0))
        body = base.mark_bar(cornerRadiusEnd=2, strokeDash=[4, 3]).encode(
            x=x_enc, y=y_enc, tooltip=tooltip, color=color, fillOpacity=lighter,
            stroke=alt.condition("datum.partial", alt.value(palette.MUTED_TEXT), alt.value(None)),
            xOffset=alt.XOffset("series:N", sort=names) if len(series) > 1 else alt.Undefined)
        layers = [body]
    else:
        # solid up to the last finished bucket, dashed from there into the unfinished one
        solid = base.transform_filter("!datum.partial").mark_line(strokeWidth=2.5).encode(x=x_enc, y=y_enc, color=color)
        layers = [solid]
        if partial is not None:
            tail = f"datum.partial || datum.order == {partial - 1}"
            layers.append(base.transform_filter(tail).mark_line(strokeWidth=2.5, strokeDash=[5, 4]).encode(
                x=x_enc, y=y_enc, color=color))
        layers.append(base.transform_filter("!datum.partial").mark_point(size=45, filled=True).encode(
            x=x_enc, y=y_enc, color=color, tooltip=tooltip))
        if partial is not None:  # the unfinished bucket's point hollow
            layers.append(base.transform_filter("datum.partial").mark_point(size=55, filled=False, strokeWidth=2,
                                                                             fill="white").encode(
                x=x_enc, y=y_enc, color=color, tooltip=tooltip))
    if partial is not None:  # said in the subtitle, and under the bucket's own axis label ("T12" / "chưa hết")
        subtitle = [*([subtitle] if isinstance(subtitle, str) else (subtitle or [])),
                    f"{labels[partial]}: {note}, số liệu đến {fmt_date(as_of)}"]
    if t is not None:
        layers.append(target_rule(t, fmt, orient="horizontal"))
    chart = alt.layer(*layers) if len(layers) > 1 else layers[0]
    # The page fits the whole chart into its height: the legend rows (two series a row) get their own
    # room, or the plot of a several-series chart shrank to a strip at 1366 × 768.
    legend_rows = -(-len(series) // 2) if len(series) > 1 else 0
    return config(chart.properties(title=chart_title(title, subtitle), width=WIDTH, height=280 + 26 * legend_rows))


PLOT_PX = WIDTH - 70  # the plot's width beside the value axis, at the chart's narrowest on a screen
LABEL_GAP_PX = 10


def _every_kth_from_the_last(labels: list[str], lines: dict[str, list[str]]) -> dict[str, list[str]]:
    """When the bucket labels would not all fit side by side, every k-th one counted back from the last: the latest
    bucket (the unfinished month, "T12 / chưa hết") always keeps its label. Vega's own overlap removal keeps the
    first label and drops forwards, so on a crowded axis the latest month went unlabelled. The labels left out
    show nothing (their bars and points keep their tooltips)."""
    if not labels:
        return lines
    widest = max(text_width.width(line, palette.FONT_SIZE) for lab in labels for line in lines[lab]) + LABEL_GAP_PX
    k = max(1, -(-int(widest * len(labels)) // PLOT_PX))
    if k == 1:
        return lines
    last = len(labels) - 1
    out, year = {}, None
    for i, lab in enumerate(labels):
        if (last - i) % k:
            out[lab] = [""]
            continue
        out[lab] = list(lines[lab])
        month = re.fullmatch(r"(T\d+)/(\d{4})", lab)
        if month and month.group(2) != year:  # the first month shown of each year carries the year
            out[lab] = [month.group(1), month.group(2), *[x for x in lines[lab][1:] if x != month.group(2)]]
        year = month.group(2) if month else year
    return out


def spark_values(df: pd.DataFrame, column: str, *, fmt: str, as_of: date | None, x: str = "bucket",
                 grain: str = "month") -> tuple[list[float], str | None]:
    """The values of a card's sparkline (Streamlit draws it; it cannot dash one bar) and the label of the
    bucket left out: the unfinished month holding `as_of` is not drawn, or its few days looked like a collapse.

    A bucket without a rate (nothing to divide by) is left out too, not drawn as 0; a count without rows is 0.
    """
    if df is None or df.empty or column not in df.columns:
        return [], None
    partial = unfinished_bucket(list(df[x]), grain, as_of)
    values = [v for i, v in enumerate(numbers(df[column])) if i != partial]
    values = [v for v in values if v is not None] if fmt == "pct" else [v or 0.0 for v in values]
    left_out = bucket_labels(df[x], grain)[partial] if partial is not None else None
    return values, left_out
