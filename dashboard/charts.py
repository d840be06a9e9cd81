"""Altair charts built by pure functions: a small DataFrame in, a chart out (never `st.*`).

The page shows the chart (`st.altair_chart(chart, on_select="rerun")` where it carries the
`don_vi` selection) and `dashboard.export` renders the very same object to PNG/SVG.

Vietnamese numbers without trusting the renderer's locale:
- every label and tooltip value is a preformatted text column made by `formatting`
  (`value_text`, `share_text`, …);
- axis ticks use `labelExpr` from `vi_number_expr`, which formats with d3 and swaps the
  separators only when the renderer is still in the en-US locale, so it is right both in
  Streamlit's embedded Vega and in vl-convert (which gets `D3_FORMAT_LOCALE`);
- the spec also carries `config.locale` and `usermeta.embedOptions` with the vi-VN locale
  for renderers that honour them.

An empty DataFrame gives a chart with the title and the message "Không có số liệu trong kỳ
đã chọn" (never an error); charts meant for drill-down keep their `don_vi` selection then,
so `on_select="rerun"` still works.

Each chart has a fixed width for export; in the page `width="stretch"` overrides it.
"""
from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
import altair as alt
import pandas as pd

from data_access.targets import Target, status

from . import palette
from .formatting import (
    D3_FORMAT_LOCALE, D3_TIME_FORMAT_LOCALE, TASK_STATE_COLUMN_LABELS, STATUS_LABELS, fmt_day_month, fmt_month,
    fmt_pct, fmt_value, is_missing,
)

SELECTION = "don_vi"  # the point selection a page reads to drill down to one unit
EMPTY_MESSAGE = "Không có số liệu trong kỳ đã chọn"
WIDTH = 640
BAR_STEP = 26  # pixels per bar in horizontal bar charts
UNIT_LABEL_LIMIT = 300  # a category label line never takes more (long names wrap: wrapped_name_axis)
UNIT_LINE_CHARS = 28  # characters per line of a wrapped unit name
WRAPPED_STEP = 34  # pixels per row when some names take two lines

# d3 format of axis ticks per format name (see vi_number_expr)
AXIS_FORMATS = {"int": ",.2~f", "number": ",.2~f", "pct": ",.1~%", "days": ",.1~f", "score": ",.2~f", "rank": ",d"}


# --- shared pieces ---------------------------------------------------------------------------

def vi_number_expr(value: str = "datum.value", spec: str = ",.2~f") -> str:
    """A Vega expression formatting `value` with d3 `spec` in vi-VN form ("98.281", "99,5%").

    If the renderer already applies the vi-VN locale, `format` gives vi-VN text and is kept;
    otherwise the en-US separators are swapped.
    """
    raw = f"format({value}, '{spec}')"
    swapped = (f"replace(replace(replace({raw}, regexp('[,]', 'g'), '_'), regexp('[.]', 'g'), ','), "
               f"regexp('_', 'g'), '.')")
    return f"(format(1000.5, ',.1f') == '1.000,5' ? {raw} : {swapped})"


def axis_format_expr(fmt: str) -> str:
    return vi_number_expr("datum.value", AXIS_FORMATS.get(fmt, ",.2~f"))


def config(chart, *, padding: int = 8):
    """The house style and the vi-VN locale; applied last (a configured chart cannot be layered)."""
    chart = chart.properties(usermeta={"embedOptions": {"formatLocale": D3_FORMAT_LOCALE,
                                                        "timeFormatLocale": D3_TIME_FORMAT_LOCALE}})
    return (chart.configure(locale={"number": D3_FORMAT_LOCALE, "time": D3_TIME_FORMAT_LOCALE},
                            font=palette.FONT, background="white", padding=padding)
            .configure_view(stroke=None)
            .configure_axis(labelFontSize=palette.FONT_SIZE, titleFontSize=palette.FONT_SIZE,
                            labelColor=palette.TEXT, titleColor=palette.MUTED_TEXT, gridColor=palette.GRID,
                            titleFontWeight="normal")
            .configure_legend(labelFontSize=palette.FONT_SIZE, titleFontSize=palette.FONT_SIZE, labelLimit=360,
                              orient="bottom", direction="horizontal", columns=2, symbolType="square")
            .configure_title(fontSize=palette.TITLE_SIZE, anchor="start", color=palette.TEXT, subtitleFontSize=13,
                             subtitleColor=palette.MUTED_TEXT, offset=12))


def _title(title: str, subtitle: str | Sequence[str] | None = None):
    if not subtitle:
        return alt.Title(title)
    return alt.Title(title, subtitle=list(subtitle) if not isinstance(subtitle, str) else subtitle)


def unit_selection(code: str):
    """The drill-down selection: a click on a bar selects its unit code (`event.selection.don_vi`)."""
    return alt.selection_point(name=SELECTION, fields=[code], on="click", clear="dblclick")


def empty_chart(title: str, *, message: str = EMPTY_MESSAGE, code: str | None = None, width: int = WIDTH,
                subtitle=None):
    """What an empty DataFrame shows: the title and a grey message; `code` keeps the `don_vi` selection."""
    base = alt.Chart(pd.DataFrame({"message": [message], **({code: [None]} if code else {})}))
    chart = base.mark_text(fontSize=15, color=palette.MUTED_TEXT, fontStyle="italic").encode(text="message:N")
    if code:
        chart = chart.add_params(unit_selection(code))
    return config(chart.properties(title=_title(title, subtitle), width=width, height=90))


def _is_empty(df: pd.DataFrame | None, *columns: str) -> bool:
    if df is None or df.empty:
        return True
    cols = [c for c in columns if c in df.columns]
    return bool(cols) and df[cols].isna().all().all()


def _texts(values: Iterable, fmt: str) -> list[str]:
    return [fmt_value(v, fmt) for v in values]


def _numeric(values) -> list[float | None]:
    return [None if is_missing(v) else float(v) for v in values]


def _as_target(target) -> Target | None:
    if target is None or isinstance(target, Target):
        return target
    return Target(float(target), 0.0)


# --- trend -----------------------------------------------------------------------------------

def bucket_labels(buckets: Sequence, grain: str | None = None) -> list[str]:
    """Axis labels of month or week buckets: "T1/2026" for months, "23/11" for weeks.

    grain None guesses: all on the 1st of a month and ≥ 28 days apart → month.
    """
    days = [pd.Timestamp(b).date() for b in buckets]
    if grain is None:
        gaps = [(b - a).days for a, b in zip(days, days[1:])]
        grain = "month" if all(d.day == 1 for d in days) and all(g >= 28 for g in gaps) else "week"
    if grain == "month":
        return [fmt_month(d) for d in days]
    years = {d.year for d in days}
    return [fmt_day_month(d) if len(years) == 1 else d.strftime("%d/%m/%y") for d in days]


def axis_label_lines(labels: Sequence[str]) -> dict[str, list[str]]:
    """Compact axis labels for the bucket labels of `bucket_labels`: months as "T1".."T12" with the
    year on a second line under the first bucket and every January ("T1/2026" → ["T1", "2026"]);
    week labels stay as they are. Twelve "T1/2026" side by side ran together and lost every
    other label (the last month's among them); "T11" fits even in a half-width column.
    """
    out, last_year = {}, None
    for lab in labels:
        m = re.fullmatch(r"(T\d{1,2})/(\d{4})", str(lab))
        if not m:
            out[str(lab)] = [str(lab)]
            continue
        month, year = m.groups()
        out[str(lab)] = [month, year] if year != last_year else [month]
        last_year = year
    return out


def lines_label_expr(lines: Mapping[str, Sequence[str]], field: str = "datum.label") -> str:
    """A Vega `labelExpr` that maps each label to its lines (a text array renders as several lines)."""
    table = json.dumps({k: list(v) for k, v in lines.items()}, ensure_ascii=False)
    return f"({table})[{field}] || {field}"


def two_lines(text: str, chars: int) -> list[str]:
    """`text` as is when it has ≤ `chars` characters, else split at the space nearest its middle
    ("Sở Lao động - Thương binh và Xã hội" → ["Sở Lao động - Thương", "binh và Xã hội"])."""
    words = text.split()
    if len(text) <= chars or len(words) < 2:
        return [text]
    cut = min(range(1, len(words)), key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))))
    return [" ".join(words[:cut]), " ".join(words[cut:])]


def wrapped_name_axis(names: Iterable, *, chars: int = 0, line_height: int = 16, **axis) -> tuple[alt.Axis, bool]:
    """A category axis whose long names (units, leaders) wrap onto two centred lines of ≤ `chars`.

    In a half-width column a name like "Ban Quản lý Khu kinh tế Dung Quất và các KCN Quảng Ngãi" on
    one line left the bars no room (at 1366 × 768 they shrank to nothing and the legend was cut).
    Returns the axis and whether any name wraps (the caller then gives rows more height).
    """
    chars = chars or UNIT_LINE_CHARS
    lines = {str(n): two_lines(str(n), chars) for n in dict.fromkeys(names)}
    wrapped = any(len(v) > 1 for v in lines.values())
    table = json.dumps({k: v for k, v in lines.items() if len(v) > 1}, ensure_ascii=False)
    offset = ({"condition": {"test": f"({table})[datum.value] != null", "value": -line_height // 2}, "value": 0}
              if wrapped else 0)
    return alt.Axis(labelExpr=lines_label_expr({k: v for k, v in lines.items() if len(v) > 1}) if wrapped
                    else alt.Undefined, labelLineHeight=line_height, labelLimit=UNIT_LABEL_LIMIT, labelOffset=offset,
                    ticks=False, domain=False, **axis), wrapped


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
    if _is_empty(df, *series):
        return empty_chart(title, subtitle=subtitle)
    labels = bucket_labels(df[x], grain)
    long = pd.DataFrame([
        {"bucket_label": lab, "order": i, "series": name, "value": v, "value_text": fmt_value(v, fmt)}
        for col, name in series.items() for i, (lab, v) in enumerate(zip(labels, _numeric(df[col])))])
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
    t = _as_target(target)
    if t is not None:
        layers.append(_target_rule(t, fmt, orient="horizontal"))
    chart = alt.layer(*layers) if len(layers) > 1 else body
    # The page fits the whole chart into its height: the legend rows (two series a row) get their own
    # room, or the plot of a several-series chart shrank to a strip at 1366 × 768.
    legend_rows = -(-len(series) // 2) if len(series) > 1 else 0
    return config(chart.properties(title=_title(title, subtitle), width=WIDTH, height=280 + 26 * legend_rows))


def _target_rule(target: Target, fmt: str, *, orient: str):
    data = pd.DataFrame({"target": [target.value], "target_text": [f"Chỉ tiêu: {fmt_value(target.value, fmt)}"]})
    enc = alt.X if orient == "vertical" else alt.Y
    base = alt.Chart(data).encode(**{"x" if orient == "vertical" else "y": enc("target:Q")})
    rule = base.mark_rule(color=palette.TARGET_RULE, strokeDash=[6, 4], strokeWidth=2)
    if orient == "vertical":  # the value axis is on top: the label goes under the plot
        text = base.mark_text(align="left", dx=4, baseline="top", dy=4, y="height", color=palette.TARGET_RULE,
                              fontWeight="bold").encode(text="target_text:N")
    else:
        text = base.mark_text(align="right", baseline="bottom", dy=-4, x="width",
                              color=palette.TARGET_RULE, fontWeight="bold").encode(text="target_text:N")
    return alt.layer(rule, text)


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
    if _is_empty(df, value) or category not in df.columns:
        return empty_chart(title, code=code, subtitle=subtitle)
    src = df[df[value].notna()]
    src = src.assign(_v=_numeric(src[value])).sort_values("_v", ascending=not descending, kind="stable")
    if limit:
        src = src.head(limit)
    data = pd.DataFrame({code: src[code] if code in src else src[category], category: src[category],
                         "value": src["_v"], "value_text": _texts(src[value], fmt)})
    t = _as_target(target)
    data["status"] = [STATUS_LABELS[status(v, t) if t is not None else None] for v in data["value"]]
    wanted = {highlight} if isinstance(highlight, str) else set(highlight or ())
    data["highlight"] = data[code].isin(wanted)
    top = max([abs(v) for v in data["value"] if v is not None] + [0])
    data["inside"] = [v is not None and top > 0 and abs(v) >= 0.35 * top for v in data["value"]]
    order = list(data[category])
    y_axis, wrapped = wrapped_name_axis(order, labelPadding=6)
    y = alt.Y(f"{category}:N", sort=order, title=None, axis=y_axis)
    x = alt.X("value:Q", title=value_title, scale=alt.Scale(zero=True, nice=True),
              axis=alt.Axis(labelExpr=axis_format_expr(fmt), grid=True, orient="top", tickCount=5, labelOverlap=True,
                            tickMinStep=1 if fmt == "int" else alt.Undefined))
    tooltip = [alt.Tooltip(f"{category}:N", title="Đơn vị"), alt.Tooltip("value_text:N", title=value_title or "Giá trị")]
    if t is not None:
        tooltip.append(alt.Tooltip("status:N", title="So với chỉ tiêu"))
        labels = [STATUS_LABELS[s] for s in ("good", "warn", "bad")]
        color = alt.Color("status:N", title="So với chỉ tiêu", sort=labels,
                          scale=alt.Scale(domain=labels, range=[palette.STATUS_COLORS[s] for s in ("good", "warn", "bad")]))
    elif (data["value"] < 0).any():  # a change: falls in red
        color = alt.condition("datum.value < 0", alt.value(palette.STATUS_COLORS["bad"]), alt.value(palette.PRIMARY))
    else:
        color = alt.value(palette.PRIMARY)
    sel = unit_selection(code)
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_bar(cornerRadiusEnd=2).encode(
        x=x, color=color, tooltip=tooltip,
        opacity=alt.condition(sel, alt.value(1.0), alt.value(0.45)),
        stroke=alt.condition("datum.highlight", alt.value(palette.HIGHLIGHT), alt.value(None)),
        strokeWidth=alt.condition("datum.highlight", alt.value(3), alt.value(0)),
    ).add_params(sel)
    # Values inside long bars (white), after short ones (dark): never under the target rule.
    text_layers = [
        ("datum.inside && datum.value > 0", "right", -6, "white", "bold"),
        ("datum.inside && datum.value < 0", "left", 6, "white", "bold"),
        ("!datum.inside && datum.value >= 0", "left", 4, palette.TEXT, "normal"),
        ("!datum.inside && datum.value < 0", "right", -4, palette.TEXT, "normal"),
    ]
    has_negative = bool((data["value"] < 0).any())
    texts = [base.mark_text(align=align, dx=dx, color=colour, fontWeight=weight, fontSize=palette.FONT_SIZE)
             .encode(x="value:Q", text="value_text:N").transform_filter(test)
             for test, align, dx, colour, weight in text_layers if has_negative or "< 0" not in test]
    layers = [bars, _target_rule(t, fmt, orient="vertical"), *texts] if t is not None else [bars, *texts]
    chart = alt.layer(*layers).properties(title=_title(title, subtitle), width=WIDTH - 220,
                                          height=alt.Step(WRAPPED_STEP if wrapped else BAR_STEP))
    return config(chart)


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
    if _is_empty(df, value):
        return empty_chart(title, subtitle=subtitle)
    names = [labels.get(c, str(c)) if labels else str(c) for c in df[category]]
    values = _numeric(df[value])
    if limit and fmt == "int" and len(values) > limit + 1:
        ranked = sorted(zip(names, values), key=lambda p: -(p[1] or 0))
        rest = ranked[limit:]
        names = [n for n, _ in ranked[:limit]] + [f"{other_label} ({fmt_value(len(rest), 'int')} mục)"]
        values = [v for _, v in ranked[:limit]] + [sum(v or 0 for _, v in rest)]
        df = pd.DataFrame({category: names, value: values})
        labels = None
    total = sum(v for v in values if v is not None)
    data = pd.DataFrame({"name": names, "value": values, "value_text": _texts(df[value], fmt),
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
        chart = alt.layer(arcs, text).properties(title=_title(title, subtitle), width=360, height=300)
        return config(chart)
    y_axis, wrapped = wrapped_name_axis(names)
    y = alt.Y("name:N", sort=names, title=None, axis=y_axis)
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_bar(cornerRadiusEnd=2).encode(
        x=alt.X("value:Q", title=None, axis=alt.Axis(labelExpr=axis_format_expr(fmt), orient="top", tickCount=5,
                                                     labelOverlap=True)),
        color=(alt.Color("name:N", sort=names, legend=None, scale=alt.Scale(domain=names, range=palette.CATEGORICAL))
               if len(names) <= len(palette.CATEGORICAL) else alt.value(palette.PRIMARY)),
        tooltip=tooltip)
    text = base.mark_text(align="left", dx=4, color=palette.TEXT, fontSize=palette.FONT_SIZE).encode(
        x="value:Q", text="label:N")
    chart = alt.layer(bars, text).properties(title=_title(title, subtitle), width=WIDTH - 260,
                                             height=alt.Step(max(BAR_STEP + 8, WRAPPED_STEP if wrapped else 0)))
    return config(chart)


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
    if _is_empty(df, *columns):
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
    colors = [palette.TASK_STATE_COLORS.get(c, palette.CATEGORICAL[i % len(palette.CATEGORICAL)])
              for i, c in enumerate(columns)]
    enc = dict(
        y=alt.Y(f"{category}:N", sort=order, title=None, axis=y_axis),
        x=alt.X("value:Q", stack="zero", title="Số nhiệm vụ",
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
                           "total_text": _texts(data["_total"], "int")})
    total_text = alt.Chart(totals).mark_text(align="left", dx=4, color=palette.TEXT, fontSize=palette.FONT_SIZE,
                                             fontWeight="bold").encode(y=alt.Y(f"{category}:N", sort=order),
                                                                       x="value:Q", text="total_text:N")
    chart = alt.layer(bars, total_text)
    return config(chart.properties(title=_title(title, subtitle), width=WIDTH - 220,
                                   height=alt.Step(WRAPPED_STEP if wrapped else BAR_STEP)))


def aging_chart(df: pd.DataFrame, *, title: str = "Nhiệm vụ quá hạn theo thời gian quá hạn", subtitle=None):
    """The overdue backlog by days overdue: df from `data_access.tasks.overdue_aging` (bucket, tasks)."""
    if _is_empty(df, "tasks") or not df["tasks"].fillna(0).any():
        return empty_chart(title, message="Không có nhiệm vụ quá hạn", subtitle=subtitle)
    data = pd.DataFrame({"bucket": df["bucket"], "value": _numeric(df["tasks"]),
                         "value_text": _texts(df["tasks"], "int")})
    order = list(data["bucket"])
    base = alt.Chart(data).encode(x=alt.X("bucket:N", sort=order, title="Số ngày quá hạn", axis=alt.Axis(labelAngle=0)))
    bars = base.mark_bar(cornerRadiusEnd=2).encode(
        y=alt.Y("value:Q", title="Số nhiệm vụ", axis=alt.Axis(labelExpr=axis_format_expr("int"), tickMinStep=1)),
        color=alt.Color("bucket:N", sort=order, legend=None,
                        scale=alt.Scale(domain=order, range=palette.AGING[:len(order)] or palette.AGING)),
        tooltip=[alt.Tooltip("bucket:N", title="Quá hạn"), alt.Tooltip("value_text:N", title="Số nhiệm vụ")])
    text = base.mark_text(baseline="bottom", dy=-4, fontSize=palette.FONT_SIZE, fontWeight="bold",
                          color=palette.TEXT).encode(y="value:Q", text="value_text:N")
    return config(alt.layer(bars, text).properties(title=_title(title, subtitle), width=420, height=240))


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
    if _is_empty(df, value):
        return empty_chart(title, subtitle=subtitle)
    data = pd.DataFrame({unit: df[unit], criterion: df[criterion], "value": _numeric(df[value]),
                         "value_text": _texts(df[value], "pct")})
    tooltip_criterion = alt.Tooltip(f"{criterion}:N", title="Lĩnh vực")
    if "criterion_code" in df:
        data["criterion_code"] = df["criterion_code"].astype(str)
        if criterion != "criterion_code":
            tooltip_criterion = [alt.Tooltip("criterion_code:N", title="Mã"), tooltip_criterion]
    has_points = {"appraised_score", "max_points"} <= set(df.columns)
    data["points_text"] = ([f"{fmt_value(a, 'score')} / {fmt_value(m, 'score')}"
                            for a, m in zip(df["appraised_score"], df["max_points"])]
                           if has_points else data["value_text"])
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
                        scale=alt.Scale(scheme=palette.HEATMAP_SCHEME, domain=[0.5, 1], clamp=True),
                        legend=alt.Legend(labelExpr=axis_format_expr("pct"), orient="bottom", direction="horizontal",
                                          gradientLength=220, titleOrient="left", titleAnchor="start")),
        tooltip=tooltip)
    # white on the dark ends of the scale, dark in the pale middle
    text = base.mark_text(fontSize=12).encode(
        text="value_text:N",
        color=alt.condition("datum.value >= 0.93 || datum.value < 0.58", alt.value("white"), alt.value(palette.TEXT)),
        tooltip=tooltip)
    chart = alt.layer(rect, text).properties(title=_title(title, subtitle), width=alt.Step(84),
                                             height=alt.Step(WRAPPED_STEP if two_line_units else 26))
    return config(chart)


# --- sparkline -------------------------------------------------------------------------------

def sparkline(values: Sequence | pd.Series, *, fmt: str = "int", labels: Sequence[str] | None = None,
              color: str = palette.PRIMARY, width: int = 140, height: int = 40):
    """A small line for a KPI card, no axes; `labels` (e.g. "T1/2026") show in the tooltip.

    The page may instead pass the same values as `st.metric(..., chart_data=values)`.
    """
    vals = _numeric(list(values))
    if not vals:
        return config(alt.Chart(pd.DataFrame({"i": [], "value": []})).mark_line().encode(
            x=alt.X("i:Q", axis=None), y=alt.Y("value:Q", axis=None)).properties(width=width, height=height), padding=2)
    labels = list(labels) if labels is not None else [str(i + 1) for i in range(len(vals))]
    data = pd.DataFrame({"i": range(len(vals)), "value": vals, "label": labels,
                         "value_text": [fmt_value(v, fmt) for v in vals]})
    chart = alt.Chart(data).mark_line(color=color, strokeWidth=2, point=False).encode(
        x=alt.X("i:Q", axis=None), y=alt.Y("value:Q", axis=None, scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("label:N", title="Kỳ"), alt.Tooltip("value_text:N", title="Giá trị")])
    return config(chart.properties(width=width, height=height), padding=2)
