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
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

import altair as alt
import pandas as pd

from dashboard.core import palette, text_width
from dashboard.core.formatting import (
    D3_FORMAT_LOCALE, D3_TIME_FORMAT_LOCALE, FORMATS, fmt_day_month, fmt_month, fmt_value, is_missing
)
from data_access.targets import Target

SELECTION = "don_vi"  # the point selection a page reads to drill down to one unit
EMPTY_MESSAGE = "Không có số liệu trong kỳ đã chọn"
WIDTH = 640
BAR_STEP = 26  # pixels per bar in horizontal bar charts
UNIT_LABEL_LIMIT = 300  # a category label line never takes more (long names wrap: wrapped_name_axis)
UNIT_LINE_CHARS = 28  # characters per line of a wrapped unit name
WRAPPED_STEP = 34  # pixels per row when some names take two lines


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
    known = FORMATS.get(fmt)
    return vi_number_expr("datum.value", known.d3 if known and known.d3 else ",.2~f")


def config(chart, *, padding: int = 8):
    """The house style and the vi-VN locale; applied last (a configured chart cannot be layered)."""
    chart = chart.properties(usermeta={"embedOptions": {"formatLocale": D3_FORMAT_LOCALE,
                                                        "timeFormatLocale": D3_TIME_FORMAT_LOCALE}})
    # aria=False: Vega's own screen-reader labels are English ("X-axis for a linear scale…") and list raw
    # field names; the page gives each chart its Vietnamese title as its accessible name instead.
    return (chart.configure(locale={"number": D3_FORMAT_LOCALE, "time": D3_TIME_FORMAT_LOCALE},
                            font=palette.FONT, background="white", padding=padding, aria=False)
            .configure_view(stroke=None)
            .configure_axis(labelFontSize=palette.FONT_SIZE, titleFontSize=palette.FONT_SIZE,
                            labelColor=palette.TEXT, titleColor=palette.MUTED_TEXT, gridColor=palette.GRID,
                            titleFontWeight="normal")
            .configure_legend(labelFontSize=palette.FONT_SIZE, titleFontSize=palette.FONT_SIZE, labelLimit=360,
                              labelColor=palette.TEXT, titleColor=palette.TEXT,  # Vega's grey was 3.6:1
                              orient="bottom", direction="horizontal", columns=2, symbolType="square")
            .configure_title(fontSize=palette.TITLE_SIZE, anchor="start", color=palette.TEXT, subtitleFontSize=13,
                             subtitleColor=palette.MUTED_TEXT, offset=12))


TITLE_WRAP_PX = 330  # a title line never wider than a phone's chart (390 px less the margins): it wraps, never cut


def _wrapped(text: str, px: float) -> list[str]:
    # measured in the table font enlarged by 15 %: Vega may draw in a wider fallback face
    return text_width.wrap(text, TITLE_WRAP_PX, px=px * 1.15)


def chart_title(title: str, subtitle: str | Sequence[str] | None = None, *, offset: int | None = None):
    """The chart's title (and subtitle lines), broken onto lines that fit a phone instead of running off the
    chart's edge. aria=False: Vega would label it "Title text '…'" for screen readers; the chart's accessible
    name is its title. offset: room between the title and the plot (a note drawn above the plot needs some)."""
    extra = {"offset": offset} if offset is not None else {}
    lines = _wrapped(title, palette.TITLE_SIZE)
    text = lines if len(lines) > 1 else title
    if not subtitle:
        return alt.Title(text, aria=False, **extra)
    subtitle = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    sub = [line for part in subtitle for line in _wrapped(part, 13)]
    return alt.Title(text, subtitle=sub, aria=False, **extra)


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
    return config(chart.properties(title=chart_title(title, subtitle), width=width, height=90))


def is_empty(df: pd.DataFrame | None, *columns: str) -> bool:
    if df is None or df.empty:
        return True
    cols = [c for c in columns if c in df.columns]
    return bool(cols) and df[cols].isna().all().all()


def value_texts(values: Iterable, fmt: str) -> list[str]:
    return [fmt_value(v, fmt) for v in values]


def numbers(values) -> list[float | None]:
    return [None if is_missing(v) else float(v) for v in values]


def as_target(target) -> Target | None:
    if target is None or isinstance(target, Target):
        return target
    return Target(float(target), 0.0)


# --- trend -----------------------------------------------------------------------------------

def guess_grain(buckets: Sequence) -> str:
    """"month" when all buckets fall on the 1st of a month and ≥ 28 days apart, else "week"."""
    days = [pd.Timestamp(b).date() for b in buckets]
    gaps = [(b - a).days for a, b in zip(days, days[1:])]
    return "month" if all(d.day == 1 for d in days) and all(g >= 28 for g in gaps) else "week"


def bucket_labels(buckets: Sequence, grain: str | None = None) -> list[str]:
    """Axis labels of month or week buckets: "T1/2026" for months, "23/11" for weeks (grain None guesses)."""
    days = [pd.Timestamp(b).date() for b in buckets]
    grain = grain or guess_grain(buckets)
    if grain == "month":
        return [fmt_month(d) for d in days]
    years = {d.year for d in days}
    return [fmt_day_month(d) if len(years) == 1 else d.strftime("%d/%m/%y") for d in days]


UNFINISHED_NOTE = {"month": "tháng chưa hết", "week": "tuần chưa hết"}


def bucket_end(start: date, grain: str) -> date:
    """The last day of the month or week that starts on `start`."""
    if grain == "month":
        return (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()
    return start + timedelta(days=6)


def unfinished_bucket(buckets: Sequence, grain: str | None, as_of: date | None) -> int | None:
    """The index of the bucket that holds `as_of` while it is not over yet (data only up to `as_of`), else None.

    Its figures count a few days, not a whole month or week: drawn like the others, the current month looked
    like a collapse. `as_of` on the bucket's last day counts it as finished.
    """
    if as_of is None or len(buckets) == 0:
        return None
    grain = grain or guess_grain(buckets)
    day = pd.Timestamp(as_of).date()
    for i, b in enumerate(buckets):
        start = pd.Timestamp(b).date()
        if start <= day < bucket_end(start, grain):
            return i
    return None


RATE_STEPS = (0.001, 0.002, 0.0025, 0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25)


def rate_axis(values: Iterable, *, zero: bool = False, ticks: int = 6) -> tuple[alt.Scale, list[float], str]:
    """A percent axis whose ticks all carry the same number of decimals ("99,0%", "99,5%", never "99%" beside
    "99,5%"), within 0 … 100 %. Returns the scale, the tick values and their d3 format.

    zero: start at 0 % (bars); else zoom on the values' range (lines), on round steps.
    """
    vals = [float(v) for v in values if not is_missing(v)] or [0.0, 1.0]
    lo, hi = (0.0 if zero else min(vals)), max(vals)
    if hi - lo < 0.01:  # one value, or all alike: a band of two points around it
        lo, hi = lo - 0.01, hi + 0.01
    step = next((st for st in RATE_STEPS if math.ceil(hi / st - 1e-9) - math.floor(lo / st + 1e-9) <= ticks - 1),
                RATE_STEPS[-1])
    start = round(max(0.0, math.floor(lo / step + 1e-9) * step), 6)
    stop = round(min(1.0, math.ceil(hi / step - 1e-9) * step), 6)
    values_ = [round(start + i * step, 6) for i in range(int(round((stop - start) / step)) + 1)]
    decimals = max(0, -math.floor(math.log10(step * 100) + 1e-9)) if step * 100 < 1 else 0
    if decimals == 0 and any(abs(v * 100 - round(v * 100)) > 1e-6 for v in values_):
        decimals = 1
    scale = alt.Scale(domain=[start, stop], zero=False, nice=False, padding=0)
    return scale, values_, f",.{decimals}%"


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



def target_rule(target: Target, fmt: str, *, orient: str):
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
