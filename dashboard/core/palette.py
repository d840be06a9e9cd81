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

# The four task states of SPEC §2.1, keyed like data_access.tasks.STATE_KEYS.
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

# PAR criteria heatmap: percent of max points, low (red) → high (green).
HEATMAP_SCHEME = "redyellowgreen"

# In the browser: the app's font, then system fonts that all carry Vietnamese glyphs.
FONT = "Source Sans Pro, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif"
# In server-side exports (vl-convert draws with the fonts installed on the server): DejaVu Sans has
# every Vietnamese precomposed letter; Liberation Sans on Debian/Ubuntu lacks "ệ", "ỉ", … and a
# missing name (Arial) draws nothing at all, so the export never relies on the browser list.
EXPORT_FONT = "DejaVu Sans, Liberation Sans, sans-serif"
FONT_SIZE = 13
TITLE_SIZE = 17


def rgb(hex_color: str) -> tuple[int, int, int]:
    """"#1f5fa8" → (31, 95, 168), for the PDF and PPTX writers."""
    return tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
