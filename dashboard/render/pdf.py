"""The briefing pack as an A4-landscape PDF (fpdf2): the same `layout.Page`s as the slides, one per page.

DejaVu Sans is embedded (subset) from `dashboard/fonts/`, so Vietnamese diacritics render on a
machine without any font installed. Each page starts a PDF outline entry with its title.
"""
from __future__ import annotations

import io

from fpdf import FPDF
from fpdf.enums import TableBordersLayout, TableCellFillMode
from fpdf.fonts import FontFace

from dashboard.core import palette
from dashboard.briefing.model import Briefing
from dashboard.core.formatting import fmt_datetime
from dashboard.render.chart_export import FONTS_DIR as FONT_DIR
from dashboard.render.layout import Box, Boxes, Page, Part, Tile, column_weights, fit, table_note

W, H = 297.0, 210.0
M = 12.0
FONT = "DejaVu"
BOTTOM = H - 11.0  # the lowest a list may reach: the footer is below
AREA_TOP, LEADER_TOP, AGENDA_TOP = 86.0, 88.0, 30.0
CHART_W = 150.0  # the chart's column on an area page; its list takes the rest of the width
CELL_PAD_X, CELL_PAD_Y = 1.2, 0.9  # mm around a cell's text
AREA_SIZE, AGENDA_SIZE = 8.0, 9.0  # the lists' type, in points


def char_mm(size: float) -> float:
    """The width of an average character of DejaVu Sans at `size` points (mm), on the safe side."""
    return size * 0.21


def line_mm(size: float) -> float:
    return size * 0.47


def _box(width: float, height: float, size: float) -> Box:
    """A box of `width` × `height` mm for lists in `size`-point type, their titles in 10,5-pt bold on
    5,2-mm lines, their notes in 7 pt on 3,5-mm lines (as `_table` draws them)."""
    line = line_mm(size)
    return Box(chars=width / char_mm(size), lines=height / line, row_pad=2 * CELL_PAD_Y / line,
               col_pad=2 * CELL_PAD_X / char_mm(size), title_chars=width / (char_mm(10.5) * 1.1),
               title_line=5.2 / line, note_chars=width / char_mm(7), note_line=3.5 / line, spacing=1.5 / line)


BOXES = Boxes(area=_box(W - M - (M + CHART_W + 6), BOTTOM - AREA_TOP, AREA_SIZE),
              leader=_box(W - 2 * M, BOTTOM - LEADER_TOP, AREA_SIZE),
              agenda=_box(W - 2 * M, BOTTOM - AGENDA_TOP, AGENDA_SIZE))


_rgb = palette.rgb


PRIMARY, TEXT, MUTED = _rgb(palette.PRIMARY), _rgb(palette.TEXT), _rgb(palette.MUTED_TEXT)
TILE_BG, WHITE = _rgb("#f3f5f8"), (255, 255, 255)
STATUS = {k: _rgb(v) for k, v in palette.STATUS_COLORS.items()}


class _PDF(FPDF):
    def __init__(self, b: Briefing):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.briefing = b
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(False)
        self.set_margins(M, M, M)
        self.set_title(f"{b.title} — {b.span.label}")
        self.set_author("Văn phòng UBND tỉnh Quảng Ngãi — Bảng điều hành")
        self.set_lang("vi-VN")

    def text_box(self, x, y, w, text, *, size=10, bold=False, color=TEXT, line=None, align="L") -> float:
        """Wrapped text at (x, y); returns the y below it."""
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*color)
        self.set_xy(x, y)
        self.multi_cell(w, line or size * 0.5, text, align=align, new_x="LEFT", new_y="NEXT")
        return self.get_y()


def _frame(pdf: _PDF, page: Page, number: int):
    b = pdf.briefing
    pdf.add_page()
    pdf.start_section(page.title)
    pdf.set_fill_color(*PRIMARY)
    pdf.rect(0, 0, W, 3, style="F")
    size = 19.0
    pdf.set_font(FONT, "B", size)
    while pdf.get_string_width(page.title) > W - 2 * M - 6 and size > 12:  # one line: the subtitle sits below
        size -= 0.5
        pdf.set_font(FONT, "B", size)
    pdf.text_box(M, 8, W - 2 * M, page.title, size=size, bold=True, color=PRIMARY, line=9)
    if page.subtitle:
        pdf.text_box(M, 18, W - 2 * M, page.subtitle, size=10, color=MUTED, line=5)
    footer = f"UBND tỉnh Quảng Ngãi · {b.title} · Số liệu đến: {fmt_datetime(b.stamp_as_of)}"
    pdf.text_box(M, H - 9, W - 2 * M - 20, footer, size=7.5, color=MUTED, line=4)
    pdf.text_box(W - M - 20, H - 9, 20, str(number), size=7.5, color=MUTED, line=4, align="R")


def _tiles(pdf: _PDF, tiles: list[Tile], y: float, h: float):
    gap = 3.5
    n = max(len(tiles), 1)
    w = (W - 2 * M - gap * (n - 1)) / n
    for i, t in enumerate(tiles):
        x = M + i * (w + gap)
        pdf.set_fill_color(*TILE_BG)
        pdf.rect(x, y, w, h, style="F")
        pdf.set_fill_color(*STATUS[t.status])
        pdf.rect(x, y, 1.8, h, style="F")
        yy = pdf.text_box(x + 3.5, y + 2, w - 5, t.label, size=8, bold=True, color=MUTED, line=3.6)
        yy = pdf.text_box(x + 3.5, max(yy, y + 9.5) + 0.5, w - 5, t.value, size=17, bold=True,
                          color=STATUS[t.status] if t.status else TEXT, line=7.5)
        for line in t.lines:
            yy = pdf.text_box(x + 3.5, yy + 0.3, w - 5, line, size=6.8, color=TEXT, line=3.2)


def _sentences(pdf: _PDF, sentences: list[str], y: float, *, size=9.5) -> float:
    for s in sentences:
        y = pdf.text_box(M, y, W - 2 * M, "• " + s, size=size, line=size * 0.48) + 0.8
    return y


def _table(pdf: _PDF, part: Part, x: float, y: float, w: float, *, size: float) -> float:
    """One list's rows `part.start:stop` under its title, its note after its last row; returns the y below."""
    agenda = part.agenda
    y = pdf.text_box(x, y, w, part.title, size=10.5, bold=True, line=5.2) + 1
    if not part.rows:
        return pdf.text_box(x, y, w, agenda.empty_text, size=size, color=MUTED, line=4.5) + 2
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(*TEXT)
    pdf.set_draw_color(*_rgb("#d5dbe2"))
    pdf.set_fill_color(*WHITE)  # rows not banded take the current fill colour
    pdf.set_xy(x, y)
    old_margin = pdf.l_margin
    pdf.set_left_margin(x)
    # the widths of the whole list, so a list that goes on over pages keeps its columns
    weights = column_weights(agenda.columns, agenda.rows,
                             capacity=(w - 2 * CELL_PAD_X * len(agenda.columns)) / char_mm(size))
    heading = FontFace(emphasis="BOLD", color=WHITE, fill_color=PRIMARY, size_pt=size)
    with pdf.table(width=w, col_widths=tuple(weights), align="LEFT", line_height=line_mm(size),
                   text_align="LEFT", headings_style=heading, borders_layout=TableBordersLayout.HORIZONTAL_LINES,
                   cell_fill_color=TILE_BG, cell_fill_mode=TableCellFillMode.EVEN_ROWS,
                   padding=(CELL_PAD_Y, CELL_PAD_X)) as table:
        for values in [agenda.columns, *part.rows]:
            row = table.row()
            for value in values:
                row.cell(str(value))
    pdf.set_left_margin(old_margin)
    y = pdf.get_y() + 1
    note = table_note(agenda, len(agenda.rows)) if part.last else ""
    if note:
        y = pdf.text_box(x, y, w, note, size=7, color=MUTED, line=3.5) + 1
    return y


def _stack(pdf: _PDF, parts: list[Part], x: float, y: float, w: float, *, size: float):
    for part in parts:
        y = _table(pdf, part, x, y, w, size=size) + 3


def _title_page(pdf: _PDF, page: Page):
    pdf.add_page()
    pdf.start_section(page.title)
    pdf.set_fill_color(*PRIMARY)
    pdf.rect(0, 0, W, 55, style="F")
    pdf.text_box(M + 5, 16, W - 2 * M, page.lines[0], size=15, bold=True, color=WHITE, line=7)
    pdf.text_box(M + 5, 29, W - 2 * M, "BÁO CÁO GIAO BAN", size=13, color=_rgb("#dce8f5"), line=6)
    pdf.text_box(M + 5, 68, W - 2 * M, page.title, size=34, bold=True, color=PRIMARY, line=15)
    y = pdf.text_box(M + 5, 88, W - 2 * M, page.subtitle, size=19, color=TEXT, line=9) + 10
    for i, line in enumerate(page.lines[1:]):
        y = pdf.text_box(M + 5, y, W - 2 * M - 10, line, size=12, bold=i == 1, color=TEXT if i < 2 else MUTED,
                         line=6) + 2.5


def _summary_page(pdf: _PDF, page: Page, number: int):
    _frame(pdf, page, number)
    y = 30.0
    for heading, sentences in page.sections:
        y = pdf.text_box(M, y, W - 2 * M, heading, size=12, bold=True, color=PRIMARY, line=6) + 0.5
        y = _sentences(pdf, sentences, y, size=10) + 2.5


def chart_size(png: bytes) -> tuple[float, float]:
    """The (w, h) in mm an area page draws its chart at."""
    return fit(png, CHART_W, BOTTOM - AREA_TOP)


def _area_page(pdf: _PDF, page: Page, number: int):
    _frame(pdf, page, number)
    _tiles(pdf, page.tiles, 27, 32)
    _sentences(pdf, page.sentences, 62)
    if page.chart:
        w, h = chart_size(page.chart)
        pdf.image(io.BytesIO(page.chart), x=M, y=AREA_TOP, w=w, h=h)
    x = M + CHART_W + 6
    _stack(pdf, page.tables, x, AREA_TOP, W - M - x, size=AREA_SIZE)


def _agenda_page(pdf: _PDF, page: Page, number: int):
    _frame(pdf, page, number)
    _stack(pdf, page.tables, M, AGENDA_TOP, W - 2 * M, size=AGENDA_SIZE)


def _conclusions_page(pdf: _PDF, page: Page, number: int):
    """The sentence, then the earlier conclusions' table and this briefing's own below it, full width."""
    _frame(pdf, page, number)
    y = _sentences(pdf, page.sentences, 28, size=10.5) + 2  # layout.UNDER_SENTENCE of the box is left below
    _stack(pdf, page.tables, M, y, W - 2 * M, size=AGENDA_SIZE)


def _leader_page(pdf: _PDF, page: Page, number: int):
    _frame(pdf, page, number)
    _tiles(pdf, page.tiles, 28, 34)
    _sentences(pdf, page.sentences, 66)
    _stack(pdf, page.tables, M, LEADER_TOP, W - 2 * M, size=AREA_SIZE)


def render_pdf(pages: list[Page], b: Briefing) -> bytes:
    pdf = _PDF(b)
    draw = {"conclusions": _conclusions_page, "summary": _summary_page, "area": _area_page, "agenda": _agenda_page,
            "leader": _leader_page}
    for number, page in enumerate(pages, start=1):
        if page.kind == "title":
            _title_page(pdf, page)
        else:
            draw[page.kind](pdf, page, number)
    return bytes(pdf.output())
