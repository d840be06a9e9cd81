"""Plotly figures where Plotly does clearly better than Altair; pure functions like `charts`.

- `par_heatmap_figure`: the PAR criteria heatmap with a rich hover (points / max, self-assessed
  vs appraised) and zoom for many units;
- `gauge_figure`: one rate against its target with good/warn/bad bands, for the projector.

Numbers use `layout.separators=",."` (vi-VN); hover and cell texts are preformatted by
`formatting`. Export from the page uses Plotly's own camera button (server-side Plotly export
would need kaleido and a browser, which this project does not install).
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from data_access.targets import Target

from . import palette
from .charts import criteria_order
from .formatting import PLOTLY_SEPARATORS, fmt_pct, fmt_value, is_missing

EMPTY_MESSAGE = "Không có số liệu trong kỳ đã chọn"


def _layout(fig: go.Figure, title: str, *, height: int) -> go.Figure:
    fig.update_layout(title={"text": title, "x": 0, "xanchor": "left", "font": {"size": palette.TITLE_SIZE}},
                      separators=PLOTLY_SEPARATORS, height=height, margin={"l": 10, "r": 10, "t": 60, "b": 10},
                      font={"family": palette.FONT, "size": palette.FONT_SIZE, "color": palette.TEXT},
                      paper_bgcolor="white", plot_bgcolor="white")
    return fig


def _empty(title: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=EMPTY_MESSAGE, showarrow=False, font={"size": 15, "color": palette.MUTED_TEXT},
                       xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, height=180)


def par_heatmap_figure(df: pd.DataFrame, *, title: str = "Chỉ số CCHC theo lĩnh vực") -> go.Figure:
    """Units × criterion areas coloured by percent of max points, hover with every score.

    df: `data_access.par.par_criteria` (unit_name, criterion_code, criterion_name, max_points,
    self_score, appraised_score, percent). Units ordered by mean percent, best on top.
    """
    if df is None or df.empty or df["percent"].isna().all():
        return _empty(title)
    data = df.copy()
    data["percent"] = [None if is_missing(p) else float(p) for p in data["percent"]]
    crit = criteria_order(data)
    units = data.groupby("unit_name", sort=False)["percent"].mean().sort_values(ascending=False).index.tolist()
    cell = {(r.unit_name, r.criterion_name): r for r in data.itertuples()}
    z, text, hover = [], [], []
    for u in units:
        rows = [cell.get((u, c)) for c in crit]
        z.append([r.percent if r is not None else None for r in rows])
        text.append([fmt_pct(r.percent) if r is not None else "" for r in rows])
        hover.append([_hover(r) if r is not None else "" for r in rows])
    fig = go.Figure(go.Heatmap(
        z=z, x=crit, y=units, text=text, texttemplate="%{text}", customdata=hover,
        hovertemplate="<b>%{y}</b><br>%{x}<br>%{customdata}<extra></extra>",
        colorscale=palette.HEATMAP_PLOTLY, zmin=0.5, zmax=1.0, xgap=2, ygap=2,
        colorbar={"title": {"text": "% điểm tối đa"}, "tickformat": ".0%"}))
    fig.update_xaxes(side="top", tickangle=-30, automargin=True)
    fig.update_yaxes(autorange="reversed", automargin=True)
    return _layout(fig, title, height=140 + 34 * len(units))


def _hover(r) -> str:
    lines = [f"Tỷ lệ điểm: {fmt_pct(r.percent)}"]
    if hasattr(r, "appraised_score") and hasattr(r, "max_points"):
        lines.append(f"Điểm thẩm định: {fmt_value(r.appraised_score, 'score')} / {fmt_value(r.max_points, 'score')}")
    if hasattr(r, "self_score") and not is_missing(r.self_score):
        lines.append(f"Điểm tự đánh giá: {fmt_value(r.self_score, 'score')}")
    return "<br>".join(lines)


def gauge_figure(value: float | None, *, title: str, target: Target | None = None,
                 previous: float | None = None, low: float = 0.0) -> go.Figure:
    """A rate (fraction 0..1) on a gauge from `low` to 100%, bands bad/warn/good around `target`.

    previous: the rate of the comparison period; the delta is then shown in percentage points.
    """
    if is_missing(value):
        return _empty(title)
    steps = []
    if target is not None and target.higher_is_better:
        warn_from = max(low, target.value - target.tolerance)
        steps = [{"range": [low * 100, warn_from * 100], "color": "#f6d5d4"},
                 {"range": [warn_from * 100, target.value * 100], "color": "#fcebb6"},
                 {"range": [target.value * 100, 100], "color": "#cfe8d6"}]
    indicator = go.Indicator(
        mode="gauge+number" + ("+delta" if not is_missing(previous) else ""),
        value=value * 100,
        number={"suffix": "%", "valueformat": ".1f"},
        delta=({"reference": previous * 100, "valueformat": ".1f", "suffix": " điểm %",
                "increasing": {"color": palette.STATUS_COLORS["good"]},
                "decreasing": {"color": palette.STATUS_COLORS["bad"]}} if not is_missing(previous) else None),
        gauge={"axis": {"range": [low * 100, 100], "ticksuffix": "%"},
               "bar": {"color": palette.PRIMARY, "thickness": 0.35}, "steps": steps,
               "threshold": ({"line": {"color": palette.TARGET_RULE, "width": 3}, "thickness": 0.9,
                              "value": target.value * 100} if target is not None else None)},
    )
    fig = go.Figure(indicator)
    if target is not None:
        fig.add_annotation(text=f"Chỉ tiêu: {fmt_pct(target.value)}", showarrow=False, xref="paper", yref="paper",
                           x=0.5, y=-0.08, font={"color": palette.MUTED_TEXT})
    return _layout(fig, title, height=260)
