"""A figure split by category (channel, field, kind)."""
from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from dashboard.charts.base import (
    BAR_STEP, WIDTH, WRAPPED_STEP, is_empty, numbers, value_texts, chart_title, axis_format_expr, config, empty_chart,
    wrapped_name_axis
)
from dashboard.core import palette
from dashboard.core.formatting import fmt_pct, fmt_value

# --- breakdowns ------------------------------------------------------------------------------

def breakdown_chart(df: pd.DataFrame, *, category: str, value: str, title: str, fmt: str = "int",
                    labels: Mapping | None = None, donut: bool = False, subtitle=None, limit: int | None = None,
                    other_label: str = "Khác"):
    """A figure split by channel, kind or status: horizontal bars (or a donut) with shares.

    df: one row per category with `category` (a code or a name) and `value` (numeric), e.g.
    `dossiers_by_channel` (category="channel", value="dossiers", labels=CHANNEL_LABELS) or
    `petitions_by_kind` (category="kind", value="eligible", labels=PETITION_KIND_LABELS).
    labels: code → Vietnamese label. Shares are of the column total (shown for fmt="int").
    limit: for fmt="int", keep the N largest and sum the rest into one last bar
    "<other_label> (k mục)" (40 dossier fields made a chart taller than the page).
    More categories than palette colours: one colour for all (a repeating cycle meant nothing).
    """
    if is_empty(df, value):
        return empty_chart(title, subtitle=subtitle)
    names = [labels.get(c, str(c)) if labels else str(c) for c in df[category]]
    values = numbers(df[value])
    if limit and fmt == "int" and len(values) > limit + 1:
        ranked = sorted(zip(names, values), key=lambda p: -(p[1] or 0))
        rest = ranked[limit:]
        names = [n for n, _ in ranked[:limit]] + [f"{other_label} ({fmt_value(len(rest), 'int')} mục)"]
        values = [v for _, v in ranked[:limit]] + [sum(v or 0 for _, v in rest)]
        df = pd.DataFrame({category: names, value: values})
        labels = None
    total = sum(v for v in values if v is not None)
    data = pd.DataFrame({"name": names, "value": values, "value_text": value_texts(df[value], fmt),
                         "share_text": [fmt_pct(v / total) if total and v is not None else "–" for v in values]})
    data["label"] = (data["value_text"] + " (" + data["share_text"] + ")") if fmt == "int" else data["value_text"]
    tooltip = [alt.Tooltip("name:N", title="Phân loại"), alt.Tooltip("value_text:N", title="Số lượng"),
               alt.Tooltip("share_text:N", title="Tỷ trọng")]
    color = alt.Color("name:N", sort=names, title=None, scale=alt.Scale(domain=names, range=palette.CATEGORICAL))
    if donut:
        data["idx"] = range(len(data))
        base = alt.Chart(data).encode(theta=alt.Theta("value:Q", stack=True), order=alt.Order("idx:Q"))
        arcs = base.mark_arc(innerRadius=70, outerRadius=120, stroke="white").encode(color=color, tooltip=tooltip)
        text = base.mark_text(radius=145, fontSize=palette.FONT_SIZE, color=palette.TEXT).encode(text="share_text:N")
        chart = alt.layer(arcs, text).properties(title=chart_title(title, subtitle), width=360, height=300)
        return config(chart)
    y_axis, wrapped = wrapped_name_axis(names)
    y = alt.Y("name:N", sort=names, title=None, axis=y_axis)
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_bar(cornerRadiusEnd=2).encode(
        x=alt.X("value:Q", title=None, scale=alt.Scale(zero=True), axis=alt.Axis(labelExpr=axis_format_expr(fmt), orient="top", tickCount=5,
                                                     labelOverlap=True)),
        color=(alt.Color("name:N", sort=names, legend=None, scale=alt.Scale(domain=names, range=palette.CATEGORICAL))
               if len(names) <= len(palette.CATEGORICAL) else alt.value(palette.PRIMARY)),
        tooltip=tooltip)
    text = base.mark_text(align="left", dx=4, color=palette.TEXT, fontSize=palette.FONT_SIZE).encode(
        x="value:Q", text="label:N")
    chart = alt.layer(bars, text).properties(title=chart_title(title, subtitle), width=WIDTH - 260,
                                             height=alt.Step(max(BAR_STEP + 8, WRAPPED_STEP if wrapped else 0)))
    return config(chart)
