"""The colours and fonts of every chart (Altair, exports, the PDF and PPTX pack), kept in one place.

Chosen to stay readable on a meeting-room projector: saturated, dark enough for white
text, and the status colours distinguishable by people with red-green colour blindness
through lightness as well as hue (green is dark, amber light, red medium).
"""
from __future__ import annotations

PRIMARY = "#1f5fa8"  # the dashboard's blue: bars and lines without a status
HIGHLIGHT = "#f2a900"  # a unit picked out (e.g. the Office of the UBND)
NEUTRAL = "#8a96a3"  # no target, no data
TEXT = "#1d2733"
MUTED_TEXT = "#55606e"
GRID = "#e3e7ec"
TARGET_RULE = "#333333"

# data_access.targets.status → colour
STATUS_COLORS = {"good": "#1b7f3b", "warn": "#f2a900", "bad": "#d1342f", None: NEUTRAL}

# The four task states of SPEC §2.1, keyed like data_access.tasks.STATE_KEYS: the one mapping every chart and
# export of task states takes its colours from (`task_state_colors`).
TASK_STATE_COLORS = {
    "tasks_completed_on_time": "#1b7f3b",  # green
    "tasks_completed_late": "#f28c28",  # orange
    "tasks_in_progress_on_time": "#1f5fa8",  # blue
    "tasks_overdue": "#d1342f",  # red
}

# Series of a trend chart or categories of a breakdown, in order.
CATEGORICAL = ["#1f5fa8", "#f28c28", "#1b7f3b", "#8e44ad", "#d1342f", "#17a2b8", "#7f6a00", "#e377c2"]

# Overdue-aging buckets, from recently to long overdue.
AGING = ["#f6c85f", "#f28c28", "#d1342f", "#8b1a1a"]

# PAR criteria heatmap: percent of max points, low (red) → high (green), from HEATMAP_DOMAIN[0] to [1],
# interpolated in RGB (so `heatmap_color` knows each cell's colour and its label can be chosen to be legible).
HEATMAP_COLORS = ["#a50026", "#f46d43", "#fee08b", "#a6d96a", "#1a9850"]
HEATMAP_DOMAIN = (0.5, 1.0)

# In the browser: the app's font, then system fonts that all carry Vietnamese glyphs.
FONT = "Source Sans Pro, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif"
# In server-side exports (vl-convert draws with the fonts installed on the server): DejaVu Sans has
# every Vietnamese precomposed letter; Liberation Sans on Debian/Ubuntu lacks "ệ", "ỉ", … and a
# missing name (Arial) draws nothing at all, so the export never relies on the browser list.
EXPORT_FONT = "DejaVu Sans, Liberation Sans, sans-serif"
FONT_SIZE = 13
TITLE_SIZE = 17


WHITE = "#ffffff"
AA_CONTRAST = 4.5  # WCAG 2 level AA for normal-size text


def rgb(hex_color: str) -> tuple[int, int, int]:
    """"#1f5fa8" → (31, 95, 168), for the PDF and PPTX writers."""
    return tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))


def series_color(key: str, index: int) -> str:
    """The colour of a chart series: a task state always in its own colour, anything else by position."""
    return TASK_STATE_COLORS.get(key, CATEGORICAL[index % len(CATEGORICAL)])


def task_state_colors(keys) -> list[str]:
    """The colours of the series `keys` in order (task states from TASK_STATE_COLORS)."""
    return [series_color(k, i) for i, k in enumerate(keys)]


def luminance(hex_color: str) -> float:
    """WCAG relative luminance."""
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb(hex_color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1 … 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_on(background: str) -> str:
    """White or the dark text colour, whichever reads better on `background` (white on amber is ≈ 2:1); black
    where neither reaches AA (a mid-tone orange of the heatmap)."""
    best = WHITE if contrast(WHITE, background) >= contrast(TEXT, background) else TEXT
    return best if contrast(best, background) >= AA_CONTRAST else "#000000"


def heatmap_color(value: float | None) -> str:
    """The heatmap's colour for `value` (clamped to HEATMAP_DOMAIN), as Vega draws it with interpolate="rgb"."""
    if value is None:
        return NEUTRAL
    lo, hi = HEATMAP_DOMAIN
    t = min(max((float(value) - lo) / (hi - lo), 0.0), 1.0) * (len(HEATMAP_COLORS) - 1)
    i = min(int(t), len(HEATMAP_COLORS) - 2)
    a, b = rgb(HEATMAP_COLORS[i]), rgb(HEATMAP_COLORS[i + 1])
    mixed = [round(x + (y - x) * (t - i)) for x, y in zip(a, b)]
    return "#" + "".join(f"{c:02x}" for c in mixed)
