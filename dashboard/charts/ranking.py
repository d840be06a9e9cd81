"""Units ranked by one figure (horizontal bars, click-through to a unit)."""
from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import pandas as pd

from dashboard.charts.base import (
    BAR_STEP, WIDTH, WRAPPED_STEP, as_target, is_empty, numbers, target_rule, value_texts, chart_title, axis_format_expr,
    config, empty_chart, rate_axis, unit_selection, vi_number_expr, wrapped_name_axis
)
from dashboard.core import palette
from dashboard.core.compare import STATUS_LABELS, verdict
from data_access.targets import Target

# --- ranking ---------------------------------------------------------------------------------

def ranking_chart(df: pd.DataFrame, *, category: str = "unit_name", value: str, code: str = "unit", title: str,
                  fmt: str = "int", target: Target | float | None = None, highlight: str | Iterable[str] | None = None,
                  value_title: str | None = None, descending: bool = True, limit: int | None = None,
                  subtitle=None):
    """Units (or leaders) ranked by one figure, as horizontal bars; click a bar to drill down.

    df: one row per unit with `category` (the name shown), `code` (the unit code, the
    selection field) and `value` (numeric; None/NaN rows are dropped), e.g.
    `dossiers_by_unit` with value="dossier_on_time_rate", fmt="pct".
    target: a `data_access.targets.Target` (bars coloured good/warn/bad, dashed rule) or a
    number (rule only, bars below it red). highlight: unit code(s) drawn with a gold outline.
    limit: keep the first N after sorting. The chart carries the point selection `don_vi`
    on `code`: `event.selection.don_vi == [{code: "SO_NV"}]`.
    """
    if is_empty(df, value) or category not in df.columns:
        return empty_chart(title, code=code, subtitle=subtitle)
    src = df[df[value].notna()]
    src = src.assign(_v=numbers(src[value])).sort_values("_v", ascending=not descending, kind="stable")
    if limit:
        src = src.head(limit)
    data = pd.DataFrame({code: src[code] if code in src else src[category], category: src[category],
                         "value": src["_v"], "value_text": value_texts(src[value], fmt)})
    t = as_target(target)
    data["status"] = [STATUS_LABELS[verdict(v, t)] for v in data["value"]]
    wanted = {highlight} if isinstance(highlight, str) else set(highlight or ())
    data["highlight"] = data[code].isin(wanted)
    top = max([abs(v) for v in data["value"] if v is not None] + [0])
    data["inside"] = [v is not None and top > 0 and abs(v) >= 0.35 * top for v in data["value"]]
    order = list(data[category])
    y_axis, wrapped = wrapped_name_axis(order, labelPadding=6)
    y = alt.Y(f"{category}:N", sort=order, title=None, axis=y_axis)
    values = [v for v in data["value"] if v is not None]
    if fmt == "pct" and values and min(values) >= 0:  # a rate from 0 %, every tick of one precision
        scale, ticks, spec = rate_axis(values + ([t.value] if t is not None else []), zero=True)
        axis = alt.Axis(values=ticks, labelExpr=vi_number_expr("datum.value", spec), grid=True, orient="top",
                        labelOverlap=True)
    else:  # counts (and changes) from zero
        scale = alt.Scale(zero=True, nice=True)
        axis = alt.Axis(labelExpr=axis_format_expr(fmt), grid=True, orient="top", tickCount=5, labelOverlap=True,
                        tickMinStep=1 if fmt == "int" else alt.Undefined)
    x = alt.X("value:Q", title=value_title, scale=scale, axis=axis)
    tooltip = [alt.Tooltip(f"{category}:N", title="Đơn vị"), alt.Tooltip("value_text:N", title=value_title or "Giá trị")]
    has_change_colours = t is None and bool((data["value"] < 0).any())
    if t is not None:
        tooltip.append(alt.Tooltip("status:N", title="So với chỉ tiêu"))
        labels = [STATUS_LABELS[s] for s in ("good", "warn", "bad")]
        color = alt.Color("status:N", title="So với chỉ tiêu", sort=labels,
                          scale=alt.Scale(domain=labels, range=[palette.STATUS_COLORS[s] for s in ("good", "warn", "bad")]))
    elif has_change_colours:  # a change: falls in red
        color = alt.condition("datum.value < 0", alt.value(palette.STATUS_COLORS["bad"]), alt.value(palette.PRIMARY))
    else:
        color = alt.value(palette.PRIMARY)
    # each bar's own colour, so a label inside it is white or dark, whichever reads (white on amber did not)
    if t is not None:
        data["bar_color"] = [palette.STATUS_COLORS[verdict(v, t)] for v in data["value"]]
    else:
        data["bar_color"] = [palette.STATUS_COLORS["bad"] if v is not None and v < 0 and has_change_colours
                             else palette.PRIMARY for v in data["value"]]
    data["label_color"] = [palette.text_on(c) if inside else palette.TEXT
                           for c, inside in zip(data["bar_color"], data["inside"])]
    sel = unit_selection(code)
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_bar(cornerRadiusEnd=2).encode(
        x=x, color=color, tooltip=tooltip,
        opacity=alt.condition(sel, alt.value(1.0), alt.value(0.45)),
        stroke=alt.condition("datum.highlight", alt.value(palette.HIGHLIGHT), alt.value(None)),
        strokeWidth=alt.condition("datum.highlight", alt.value(3), alt.value(0)),
    ).add_params(sel)
    # Values inside long bars (in `label_color`), after short ones (dark): never under the target rule.
    text_layers = [
        ("datum.inside && datum.value > 0", "right", -6, "bold"),
        ("datum.inside && datum.value < 0", "left", 6, "bold"),
        ("!datum.inside && datum.value >= 0", "left", 4, "normal"),
        ("!datum.inside && datum.value < 0", "right", -4, "normal"),
    ]
    has_negative = bool((data["value"] < 0).any())
    labels = [base.mark_text(align=align, dx=dx, fontWeight=weight, fontSize=palette.FONT_SIZE)
             .encode(x="value:Q", text="value_text:N", color=alt.Color("label_color:N", scale=None))
             .transform_filter(test)
             for test, align, dx, weight in text_layers if has_negative or "< 0" not in test]
    layers = [bars, target_rule(t, fmt, orient="vertical"), *labels] if t is not None else [bars, *labels]
    chart = alt.layer(*layers).resolve_scale(color="independent").properties(  # label colours are literal
        title=chart_title(title, subtitle), width=WIDTH - 220,
                                          height=alt.Step(WRAPPED_STEP if wrapped else BAR_STEP))
    return config(chart)
