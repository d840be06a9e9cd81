"""Trends over months or weeks."""
from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from dashboard.charts.base import (
    WIDTH, as_target, is_empty, numbers, target_rule, chart_title, axis_format_expr, axis_label_lines, bucket_labels,
    config, empty_chart, lines_label_expr
)
from dashboard.core import palette
from dashboard.core.formatting import fmt_value
from data_access.targets import Target


def trend_chart(df: pd.DataFrame, *, x: str = "bucket", y: str | None = None, title: str, y_title: str = "",
                fmt: str = "int", series: Mapping[str, str] | None = None, grain: str | None = None,
                mark: str | None = None, target: Target | float | None = None, subtitle=None):
    """Figures over months or weeks.

    df: one row per bucket; `x` = the bucket's first day (date), and either `y` (one numeric
    column) or `series` = {column: Vietnamese series name} for several lines, e.g.
    `dossiers_by_bucket` with series={"dossiers_received": "Tiếp nhận", "dossiers_resolved": "Đã giải quyết"}.
    fmt: format name of the values (int, pct, days, score). mark: "line" or "bar"; default
    bar for one count series, line otherwise. grain: "month" | "week" | None (guess).
    target: an optional horizontal rule (a `Target` or a number).
    """
    series = dict(series or {y: y_title or y})
    if is_empty(df, *series):
        return empty_chart(title, subtitle=subtitle)
    labels = bucket_labels(df[x], grain)
    long = pd.DataFrame([
        {"bucket_label": lab, "order": i, "series": name, "value": v, "value_text": fmt_value(v, fmt)}
        for col, name in series.items() for i, (lab, v) in enumerate(zip(labels, numbers(df[col])))])
    x_enc = alt.X("bucket_label:O", sort=labels, title=None,
                  axis=alt.Axis(labelAngle=0, labelOverlap="greedy", labelPadding=6, labelBound=False,
                                labelExpr=lines_label_expr(axis_label_lines(labels)), labelLineHeight=16))
    mark = mark or ("bar" if len(series) == 1 and fmt == "int" else "line")
    # Bars start at zero; a line of rates or durations zooms in on its range (and the target's).
    y_enc = alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=mark == "bar" or fmt == "int", nice=True,
                                                        padding=0 if mark == "bar" else 14),
                  axis=alt.Axis(labelExpr=axis_format_expr(fmt), tickMinStep=1 if fmt == "int" else alt.Undefined))
    tooltip = [alt.Tooltip("bucket_label:N", title="Kỳ"), alt.Tooltip("series:N", title="Chỉ tiêu"),
               alt.Tooltip("value_text:N", title="Giá trị")]
    color = alt.Color("series:N", sort=list(series.values()), title=None,
                      scale=alt.Scale(range=palette.CATEGORICAL)) if len(series) > 1 else alt.Undefined
    base = alt.Chart(long)
    if mark == "bar":
        body = base.mark_bar(color=palette.PRIMARY, cornerRadiusEnd=2).encode(
            x=x_enc, y=y_enc, tooltip=tooltip, color=color, xOffset=alt.XOffset("series:N", sort=list(
                series.values())) if len(series) > 1 else alt.Undefined)
    else:
        body = base.mark_line(point=alt.OverlayMarkDef(size=45), strokeWidth=2.5, color=palette.PRIMARY).encode(
            x=x_enc, y=y_enc, tooltip=tooltip, color=color)
    layers = [body]
    t = as_target(target)
    if t is not None:
        layers.append(target_rule(t, fmt, orient="horizontal"))
    chart = alt.layer(*layers) if len(layers) > 1 else body
    # The page fits the whole chart into its height: the legend rows (two series a row) get their own
    # room, or the plot of a several-series chart shrank to a strip at 1366 × 768.
    legend_rows = -(-len(series) // 2) if len(series) > 1 else 0
    return config(chart.properties(title=chart_title(title, subtitle), width=WIDTH, height=280 + 26 * legend_rows))
