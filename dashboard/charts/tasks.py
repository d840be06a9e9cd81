"""Task states stacked per unit, and the ageing of overdue tasks."""
from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from dashboard.charts.base import (
    BAR_STEP, WIDTH, WRAPPED_STEP, is_empty, numbers, value_texts, chart_title, axis_format_expr, config, empty_chart,
    unit_selection, wrapped_name_axis
)
from dashboard.core import palette
from dashboard.core.formatting import TASK_STATE_COLUMN_LABELS, fmt_pct, fmt_value, is_missing


def status_stack_chart(df: pd.DataFrame, *, category: str = "unit_name", columns: Mapping[str, str] | None = None,
                       title: str, code: str | None = "unit", sort_by: str | None = None, limit: int | None = None,
                       subtitle=None):
    """The task states per unit or leader, as stacked horizontal bars.

    df: one row per unit/leader with `category` (name) and the count columns of `columns`
    ({column: Vietnamese label}; default the four states of `data_access.tasks.STATE_KEYS`),
    e.g. `tasks_by_unit` or `tasks_by_leader` (category="leader_name", code=None).
    code: the unit-code column; when present the chart carries the `don_vi` selection.
    sort_by: a column to sort by (descending); default the row total. limit: first N rows.
    """
    columns = dict(columns or TASK_STATE_COLUMN_LABELS)
    code = code if code and df is not None and code in df.columns else None
    if is_empty(df, *columns):
        return empty_chart(title, code=code, subtitle=subtitle)
    data = df.copy()
    data["_total"] = data[list(columns)].fillna(0).sum(axis=1)
    data = data.sort_values(sort_by or "_total", ascending=False, kind="stable")
    if limit:
        data = data.head(limit)
    order = list(data[category])
    rows = []
    for _, r in data.iterrows():
        for i, (col, lab) in enumerate(columns.items()):
            n = 0 if is_missing(r[col]) else r[col]
            rows.append({category: r[category], **({code: r[code]} if code else {}), "state": lab, "order": i,
                         "value": float(n), "value_text": fmt_value(n, "int"),
                         "share_text": fmt_pct(n / r["_total"]) if r["_total"] else "–",
                         "total_text": fmt_value(r["_total"], "int")})
    long = pd.DataFrame(rows)
    labels = list(columns.values())
    y_axis, wrapped = wrapped_name_axis(order)
    colors = palette.task_state_colors(columns)
    enc = dict(
        y=alt.Y(f"{category}:N", sort=order, title=None, axis=y_axis),
        x=alt.X("value:Q", stack="zero", title="Số nhiệm vụ", scale=alt.Scale(zero=True, domainMin=0),
                axis=alt.Axis(labelExpr=axis_format_expr("int"), orient="top", tickMinStep=1, tickCount=5,
                              labelOverlap=True)),
        # one state a row: the legend starts under the plot, right of the names, and two columns ran past
        # the edge of a half-width column at 1366 px ("Hoàn thà…")
        color=alt.Color("state:N", sort=labels, title=None, scale=alt.Scale(domain=labels, range=colors),
                        legend=alt.Legend(columns=1)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip(f"{category}:N", title="Đơn vị" if code else "Lãnh đạo"),
                 alt.Tooltip("state:N", title="Trạng thái"), alt.Tooltip("value_text:N", title="Số nhiệm vụ"),
                 alt.Tooltip("share_text:N", title="Tỷ trọng"), alt.Tooltip("total_text:N", title="Tổng")],
    )
    bars = alt.Chart(long).mark_bar().encode(**enc)
    if code:
        sel = unit_selection(code)
        bars = bars.encode(opacity=alt.condition(sel, alt.value(1.0), alt.value(0.45))).add_params(sel)
    totals = pd.DataFrame({category: data[category], "value": data["_total"].astype(float),
                           "total_text": value_texts(data["_total"], "int")})
    total_text = alt.Chart(totals).mark_text(align="left", dx=4, color=palette.TEXT, fontSize=palette.FONT_SIZE,
                                             fontWeight="bold").encode(y=alt.Y(f"{category}:N", sort=order),
                                                                       x="value:Q", text="total_text:N")
    chart = alt.layer(bars, total_text)
    return config(chart.properties(title=chart_title(title, subtitle), width=WIDTH - 220,
                                   height=alt.Step(WRAPPED_STEP if wrapped else BAR_STEP)))


def aging_chart(df: pd.DataFrame, *, title: str = "Nhiệm vụ quá hạn theo thời gian quá hạn", subtitle=None):
    """The overdue backlog by days overdue: df from `data_access.tasks.overdue_aging` (bucket, tasks)."""
    if is_empty(df, "tasks") or not df["tasks"].fillna(0).any():
        return empty_chart(title, message="Không có nhiệm vụ quá hạn", subtitle=subtitle)
    data = pd.DataFrame({"bucket": df["bucket"], "value": numbers(df["tasks"]),
                         "value_text": value_texts(df["tasks"], "int")})
    order = list(data["bucket"])
    base = alt.Chart(data).encode(x=alt.X("bucket:N", sort=order, title="Số ngày quá hạn", axis=alt.Axis(labelAngle=0)))
    bars = base.mark_bar(cornerRadiusEnd=2).encode(
        y=alt.Y("value:Q", title="Số nhiệm vụ", scale=alt.Scale(zero=True, domainMin=0),
                axis=alt.Axis(labelExpr=axis_format_expr("int"), tickMinStep=1)),
        color=alt.Color("bucket:N", sort=order, legend=None,
                        scale=alt.Scale(domain=order, range=palette.AGING[:len(order)] or palette.AGING)),
        tooltip=[alt.Tooltip("bucket:N", title="Quá hạn"), alt.Tooltip("value_text:N", title="Số nhiệm vụ")])
    text = base.mark_text(baseline="bottom", dy=-4, fontSize=palette.FONT_SIZE, fontWeight="bold",
                          color=palette.TEXT).encode(y="value:Q", text="value_text:N")
    return config(alt.layer(bars, text).properties(title=chart_title(title, subtitle), width=420, height=240))
