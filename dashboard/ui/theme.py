"""How the pages look beyond Streamlit's theme (`.streamlit/config.toml`): the coloured left edge of a card by
its target verdict, labels that wrap instead of ending in "…", and projector mode. The colours are the
palette's, so a card, a chart and the pack say "đạt" in the same green."""
from __future__ import annotations

from dashboard.core.palette import STATUS_COLORS

EDGE_NONE = "#c5ccd4"


def status_edges(prefix: str) -> str:
    """A 6-px left edge in the verdict's colour for every container keyed `{prefix}-{good|warn|bad|none}-…`."""
    colours = {"good": STATUS_COLORS["good"], "warn": STATUS_COLORS["warn"], "bad": STATUS_COLORS["bad"],
               "none": EDGE_NONE}
    return "\n".join(f'[class*="st-key-{prefix}-{state}"] {{border-left: 6px solid {colour} !important;}}'
                     for state, colour in colours.items())


PAGE_CSS = "<style>\n" + status_edges("kpi") + """
[data-testid="stMetricValue"] {font-size: 2.1rem;}
[data-testid="stMetricLabel"] p {font-size: 0.98rem; font-weight: 600;}
/* long Vietnamese labels wrap instead of ending in "…" on narrow screens (1366 px, projectors) */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *, [data-testid="stMetricDelta"] *,
[data-testid="stMetricDeltaDescription"], [data-testid="stMetricDeltaDescription"] *,
[data-testid="stMetric"] [data-testid="stMarkdownContainer"], [data-testid="stMetric"] span,
[data-testid="stBadge"], [data-testid="stBadge"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;}
[data-testid="stMetricValue"] > div, [data-testid="stMetricValue"] * {white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; overflow-wrap: anywhere; line-height: 1.15;}
.stMarkdownBadge {white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  display: inline-block; max-width: 100%;}
/* cards whose value is a unit's name, not a number: a smaller value, so a long name does not fill the card */
[class*="-par-"] [data-testid="stMetricValue"] {font-size: 1.35rem;}
[data-testid="stSidebarHeader"] {margin-bottom: 0;}
.block-container {padding-top: 2.2rem;}
</style>
"""

CARD_CSS = "<style>\n" + status_edges("bb") + """
[class*="st-key-bb-"] [data-testid="stMetricLabel"], [class*="st-key-bb-"] [data-testid="stMetricLabel"] * {
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important;}
</style>
"""

# Projector: no Streamlit chrome, type sized for the back of a room at 1920×1080.
PROJECTOR_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stSidebarNav"], footer, #MainMenu {display: none !important;}
.block-container, [data-testid="stMainBlockContainer"] {padding: 1.2rem 2.2rem 1rem 2.2rem !important;
    max-width: 100% !important;}
html, body, [data-testid="stApp"] {font-size: 22px;}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {font-size: 1.45rem; line-height: 1.35;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {font-size: 3.6rem !important; font-weight: 700;
    line-height: 1.15 !important;}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {font-size: 1.35rem !important; font-weight: 600;
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important;}
[data-testid="stMetricDelta"] {font-size: 1.3rem !important;}
[data-testid="stCaptionContainer"] p {font-size: 1.1rem !important;}
h1 {font-size: 3rem !important;} h2 {font-size: 2.4rem !important;} h3 {font-size: 1.9rem !important;}
[data-testid="stTable"] td, [data-testid="stTable"] th {font-size: 1.15rem !important; padding: .35rem .6rem !important;}
</style>
"""
