"""How the pages look beyond Streamlit's theme (`.streamlit/config.toml`): the coloured left edge of a card by
its target verdict, labels that wrap instead of ending in "…", and projector mode. The colours are the
palette's, so a card, a chart and the pack say "đạt" in the same green."""
from __future__ import annotations

import json

from dashboard.core.palette import STATUS_COLORS
from dashboard.ui import vietnamese

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
/* the cards of one row end level: the last card of each column takes the rest of the row's height */
[data-testid="stColumn"] > [data-testid="stVerticalBlock"] > [data-testid="stLayoutWrapper"]:last-child:has(> [class*="st-key-kpi-"]) {
  flex-grow: 1;}
[data-testid="stLayoutWrapper"] > [class*="st-key-kpi-"] {flex-grow: 1;}
/* the overview's lists of what needs action: a smaller type, so six lines fit a laptop's first screen */
[class*="st-key-week-"] [data-testid="stMarkdownContainer"] li {font-size: 0.9rem; line-height: 1.35; margin: 0 0 .3rem 0;}
/* a laptop (1366 px): the main area's side margins give their room to the tables (sized for it: ui/tables.py) */
@media (min-width: 641px) and (max-width: 1599px) {
  .block-container {padding-left: 1.5rem; padding-right: 1.5rem;}
}
/* a chart with a phone version (the PAR heatmap): the wide one on a screen, the narrow one on a phone */
[class*="st-key-narrow-"] {display: none !important;}
@media (max-width: 640px) {
  [class*="st-key-wide-"] {display: none !important;}
  [class*="st-key-narrow-"] {display: flex !important;}
}
/* a phone: no sideways scroll (a wide chart or table scrolls inside its own box), no table toolbar */
@media (max-width: 640px) {
  [data-testid="stElementToolbar"] {display: none !important;}
  [data-testid="stVegaLiteChart"], [data-testid="stElementContainer"]:has(> [data-testid="stVegaLiteChart"]) {
    max-width: 100% !important; overflow-x: auto; overflow-y: hidden;}
  .block-container {padding-left: 1rem; padding-right: 1rem;}
  /* a row of cards stays two abreast instead of one card per screen */
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] > [data-testid="stVerticalBlock"] > [data-testid="stLayoutWrapper"] > [class*="st-key-kpi-"]) {
    flex-wrap: wrap !important; gap: .6rem !important;}
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] > [data-testid="stVerticalBlock"] > [data-testid="stLayoutWrapper"] > [class*="st-key-kpi-"]) > [data-testid="stColumn"] {
    flex: 1 1 calc(50% - .3rem) !important; min-width: calc(50% - .3rem) !important; max-width: calc(50% - .3rem) !important;}
  [class*="st-key-kpi-"] [data-testid="stMetricValue"] {font-size: 1.6rem;}
  [class*="st-key-kpi-"] {padding: .7rem !important;}
}
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
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {font-size: 2.8rem !important; font-weight: 700;
    line-height: 1.15 !important;}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {font-size: 1.2rem !important; font-weight: 600;
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important;}
[data-testid="stMetricDelta"] {font-size: 1.3rem !important;}
[data-testid="stCaptionContainer"] p {font-size: 1.1rem !important;}
h1 {font-size: 3rem !important;} h2 {font-size: 2.4rem !important;} h3 {font-size: 1.9rem !important;}
[data-testid="stTable"] td, [data-testid="stTable"] th {font-size: 1.15rem !important; padding: .35rem .6rem !important;}
</style>
"""


# Streamlit draws some texts of its own in English (see `ui/vietnamese.py` for the dictionary). This script,
# injected once per browser tab, rewrites them where they appear: text nodes and the attributes screen readers
# and tooltips read. A MutationObserver, because React adds them late (a toolbar on hover, a status while the
# script runs, a dialog) and may reset them on the next render. A translated text is not in the dictionary,
# so rewriting never loops.
_ATTRIBUTES = ["aria-label", "title", "placeholder", "aria-placeholder", "alt", "aria-roledescription"]
VIETNAMESE_SCRIPT = """<script>
(() => {
  if (window.__bdhVietnamese) return;
  window.__bdhVietnamese = true;
  const EXACT = %(exact)s;
  const PATTERNS = %(patterns)s.map(([source, replacement]) => [new RegExp(source), replacement]);
  const ATTRIBUTES = %(attributes)s;
  const SKIP = 'script, style, textarea, [contenteditable="true"]';
  function vietnamese(text) {
    const core = text.trim();
    if (!core || !/[A-Za-z]/.test(core)) return null;
    if (Object.prototype.hasOwnProperty.call(EXACT, core)) return text.replace(core, EXACT[core]);
    const named = core.match(/^([^:]+): (.+)$/);  // "Download as PNG: (the chart title)"
    if (named && Object.prototype.hasOwnProperty.call(EXACT, named[1])) {
      return text.replace(core, EXACT[named[1]] + ': ' + named[2]);
    }
    for (const [re, replacement] of PATTERNS) {
      if (re.test(core)) return text.replace(core, core.replace(re, replacement));
    }
    return null;
  }
  function fixText(node) {
    if (node.parentElement && node.parentElement.closest(SKIP)) return;
    const vi = vietnamese(node.nodeValue);
    if (vi !== null && vi !== node.nodeValue) node.nodeValue = vi;
  }
  function fixAttributes(el) {
    for (const name of ATTRIBUTES) {
      const value = el.getAttribute(name);
      const vi = value && vietnamese(value);
      if (vi && vi !== value) el.setAttribute(name, vi);
    }
  }
  function fix(node) {
    if (node.nodeType === Node.TEXT_NODE) return fixText(node);
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    fixAttributes(node);
    node.querySelectorAll('*').forEach(fixAttributes);
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    const texts = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n);
    texts.forEach(fixText);
  }
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'childList') r.addedNodes.forEach(fix);
      else if (r.type === 'characterData') fixText(r.target);
      else fixAttributes(r.target);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: ATTRIBUTES});
  fix(document.body);
})();
</script>""" % {"exact": json.dumps(vietnamese.EXACT, ensure_ascii=False),
                "patterns": json.dumps(vietnamese.PATTERNS, ensure_ascii=False),
                "attributes": json.dumps(_ATTRIBUTES)}
