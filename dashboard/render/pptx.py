"""The briefing pack as a 16:9 PowerPoint file (python-pptx): places `layout.Page`s on 13,33 × 7,5 inch slides.

Every slide uses the "Title Only" layout, so its title is the slide's real title (outline view,
accessibility, and the test that reads it back). Text is Arial, which PowerPoint and LibreOffice
both render with Vietnamese diacritics.
"""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from dashboard.core import palette
from dashboard.briefing.model import Briefing
from dashboard.core.formatting import fmt_datetime
from dashboard.render.layout import Box, Boxes, Page, Part, Tile, column_weights, fit, row_lines, table_note, wrapped_lines

W, H = 13.333, 7.5
M = 0.45  # side margin
FONT = "Arial"
BOTTOM = H - 0.5  # the lowest a list may reach: the footer is below
AREA_TOP, LEADER_TOP, AGENDA_TOP = 4.05, 3.9, 1.4
CHART_W = 6.1  # the chart's column on an area slide; its list takes the rest of the width
CELL_PAD_X, CELL_PAD_Y = 0.05, 0.02  # inches around a cell's text (PowerPoint adds a little more)
AREA_SIZE, AGENDA_SIZE = 10.0, 11.0  # the lists' type, in points


def char_in(size: float) -> float:
    """The width of an average character of Arial at `size` points (inches), on the safe side."""
    return size * 0.52 / 72


def line_in(size: float) -> float:
    return size * 1.2 / 72


def _box(width: float, height: float, size: float) -> Box:
    """A box of `width` × `height` inches for lists in `size`-point type, their titles in 13-pt bold on
    0,26-inch lines, their notes in 9 pt on 0,3-inch lines (as `_table` draws them)."""
    line = line_in(size)
    return Box(chars=width / char_in(size), lines=height / line, row_pad=0.1 / line,
               col_pad=2 * (CELL_PAD_X + 0.02) / char_in(size), title_chars=width / (char_in(13) * 1.1),
               title_line=0.26 / line, note_chars=width / char_in(9), note_line=0.3 / line, spacing=0.1 / line)


BOXES = Boxes(area=_box(W - M - (M + CHART_W + 0.25), BOTTOM - AREA_TOP, AREA_SIZE),
              leader=_box(W - 2 * M, BOTTOM - LEADER_TOP, AREA_SIZE),
              agenda=_box(W - 2 * M, BOTTOM - AGENDA_TOP, AGENDA_SIZE))


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor(*palette.rgb(hex_color))


PRIMARY, TEXT, MUTED = _rgb(palette.PRIMARY), _rgb(palette.TEXT), _rgb(palette.MUTED_TEXT)
TILE_BG, ROW_BG = _rgb("#f3f5f8"), _rgb("#f3f5f8")
STATUS = {k: _rgb(v) for k, v in palette.STATUS_COLORS.items()}


def _box(slide, x, y, w, h, fill=None, line=None, shape=MSO_SHAPE.RECTANGLE):
    s = slide.shapes.add_shape(shape, Inches(x), Inches(y), Inches(w), Inches(h))
    if fill is None:
        s.fill.background()
    else:
        s.fill.solid()
        s.fill.fore_color.rgb = fill
    if line is None:
        s.line.fill.background()
    else:
        s.line.color.rgb = line
    s.shadow.inherit = False
    return s


def _text(slide, x, y, w, h, paragraphs, *, size=12, bold=False, color=TEXT, align=PP_ALIGN.LEFT,
          anchor=MSO_ANCHOR.TOP, bullet=False, space_after=0):
    """A text box; `paragraphs` is a string or a list of strings or (text, size, bold, color) tuples."""
    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    tf.margin_left = tf.margin_right = Inches(0.05)
    tf.margin_top = tf.margin_bottom = Inches(0.02)
    items = [paragraphs] if isinstance(paragraphs, str) else paragraphs
    for i, item in enumerate(items):
        text, p_size, p_bold, p_color = (item, size, bold, color) if isinstance(item, str) else item
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        p.space_after = Pt(space_after)
        run = p.add_run()
        run.text = ("• " + text) if bullet else text
        run.font.name, run.font.size, run.font.bold = FONT, Pt(p_size), p_bold
        run.font.color.rgb = p_color
    return box


def _frame(prs, page: Page, b: Briefing, number: int):
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    _box(slide, 0, 0, W, 0.12, fill=PRIMARY)
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(M), Inches(0.25), Inches(W - 2 * M), Inches(0.65)
    tf = title.text_frame
    tf.text = page.title
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.MIDDLE
    p = tf.paragraphs[0]
    p.alignment = PP_ALIGN.LEFT
    for run in p.runs:
        run.font.name, run.font.bold, run.font.color.rgb = FONT, True, PRIMARY
        run.font.size = Pt(24 if len(page.title) <= 62 else 20)  # one line at 12,4 inches
    if page.subtitle:
        _text(slide, M, 0.88, W - 2 * M, 0.35, page.subtitle, size=13, color=MUTED)
    footer = f"UBND tỉnh Quảng Ngãi · {b.title} · Số liệu đến: {fmt_datetime(b.stamp_as_of)}"
    _text(slide, M, H - 0.42, W - 2 * M - 1, 0.3, footer, size=9, color=MUTED)
    _text(slide, W - M - 1, H - 0.42, 1, 0.3, str(number), size=9, color=MUTED, align=PP_ALIGN.RIGHT)
    return slide


def _tiles(slide, tiles: list[Tile], y: float, h: float):
    gap = 0.15
    n = max(len(tiles), 1)
    w = (W - 2 * M - gap * (n - 1)) / n
    for i, t in enumerate(tiles):
        x = M + i * (w + gap)
        _box(slide, x, y, w, h, fill=TILE_BG)
        _box(slide, x, y, 0.08, h, fill=STATUS[t.status])
        paragraphs = [(t.label, 10, True, MUTED), (t.value, 22, True, STATUS[t.status] if t.status else TEXT)]
        paragraphs += [(line, 8.5, False, TEXT) for line in t.lines]
        _text(slide, x + 0.12, y + 0.05, w - 0.17, h - 0.1, paragraphs)


def _table(slide, part: Part, box: Box, x: float, y: float, w: float, *, size: float) -> float:
    """One list's rows `part.start:stop` under its title, its note after its last row; returns the y below.

    Row heights are the layout's own estimate (`row_lines` in `box`), so the page breaks it chose hold and
    the note never overlaps the table (PowerPoint grows a row to fit its text but does not move the shapes
    under it).
    """
    agenda = part.agenda
    title_h = 0.26 * wrapped_lines(part.title, box.title_chars) + 0.08
    _text(slide, x, y, w, title_h, part.title, size=13, bold=True, color=TEXT)
    y += title_h + 0.02
    if not part.rows:
        _text(slide, x, y, w, 0.3, agenda.empty_text, size=size, color=MUTED)
        return y + 0.4
    weights = column_weights(agenda.columns, agenda.rows,
                             capacity=box.chars - box.col_pad * len(agenda.columns))
    lines = row_lines(agenda, box)
    heights = [lines[0] * line_in(size)] + [h * line_in(size) for h in lines[1 + part.start:1 + part.stop]]
    frame = slide.shapes.add_table(len(part.rows) + 1, len(agenda.columns), Inches(x), Inches(y), Inches(w),
                                   Inches(sum(heights)))
    table = frame.table
    table.first_row, table.horz_banding = True, False
    for i, weight in enumerate(weights):
        table.columns[i].width = Inches(w * weight)
    for r, values in enumerate([agenda.columns, *part.rows]):
        table.rows[r].height = Inches(heights[r])
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = Inches(CELL_PAD_X)
            cell.margin_top = cell.margin_bottom = Inches(CELL_PAD_Y)
            cell.fill.solid()
            cell.fill.fore_color.rgb = PRIMARY if r == 0 else (ROW_BG if r % 2 == 0 else _rgb("#ffffff"))
            tf = cell.text_frame
            tf.word_wrap = True
            tf.text = str(value)
            for p in tf.paragraphs:
                for run in p.runs:
                    run.font.name, run.font.size = FONT, Pt(size)
                    run.font.bold = r == 0
                    run.font.color.rgb = _rgb("#ffffff") if r == 0 else TEXT
    y += sum(heights) + 0.05
    note = table_note(agenda, len(agenda.rows)) if part.last else ""
    if note:
        lines = wrapped_lines(note, box.note_chars)
        _text(slide, x, y, w, 0.3 * lines, note, size=9, color=MUTED)
        y += 0.3 * lines
    return y


def _stack(slide, parts: list[Part], box: Box, x: float, y: float, w: float, *, size: float):
    for part in parts:
        y = _table(slide, part, box, x, y, w, size=size) + 0.1


def _title_slide(prs, page: Page, b: Briefing):
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    _box(slide, 0, 0, W, 2.2, fill=PRIMARY)
    _text(slide, M + 0.2, 0.55, W - 2 * M, 0.5, page.lines[0], size=18, bold=True, color=_rgb("#ffffff"))
    _text(slide, M + 0.2, 1.1, W - 2 * M, 0.5, "BÁO CÁO GIAO BAN", size=16, color=_rgb("#dce8f5"))
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(M + 0.2), Inches(2.6), Inches(W - 2 * M), Inches(1.1)
    title.text_frame.text = page.title
    for run in title.text_frame.paragraphs[0].runs:
        run.font.name, run.font.size, run.font.bold, run.font.color.rgb = FONT, Pt(44), True, PRIMARY
    title.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    _text(slide, M + 0.2, 3.8, W - 2 * M, 0.6, page.subtitle, size=26, color=TEXT)
    _text(slide, M + 0.2, 4.7, W - 2 * M, 2.2, [(line, 16, i == 1, TEXT if i < 2 else MUTED)
                                              for i, line in enumerate(page.lines[1:])], space_after=6)


def _summary_slide(prs, page: Page, b: Briefing, number: int):
    slide = _frame(prs, page, b, number)
    paragraphs = []
    for heading, sentences in page.sections:
        paragraphs.append((heading, 15, True, PRIMARY))
        paragraphs += [("• " + s, 12.5, False, TEXT) for s in sentences]
    _text(slide, M, 1.35, W - 2 * M, H - 1.9, paragraphs, space_after=3)


def _area_slide(prs, page: Page, b: Briefing, number: int):
    slide = _frame(prs, page, b, number)
    _tiles(slide, page.tiles, 1.3, 1.55)
    _text(slide, M, 2.95, W - 2 * M, 1.05, page.sentences, size=12, bullet=True, space_after=2)
    if page.chart:
        w, h = fit(page.chart, CHART_W, BOTTOM - AREA_TOP)
        slide.shapes.add_picture(io.BytesIO(page.chart), Inches(M), Inches(AREA_TOP), Inches(w), Inches(h))
    x = M + CHART_W + 0.25
    _stack(slide, page.tables, BOXES.area, x, AREA_TOP, W - M - x, size=AREA_SIZE)


def _agenda_slide(prs, page: Page, b: Briefing, number: int):
    slide = _frame(prs, page, b, number)
    _stack(slide, page.tables, BOXES.agenda, M, AGENDA_TOP, W - 2 * M, size=AGENDA_SIZE)


def _conclusions_slide(prs, page: Page, b: Briefing, number: int):
    """The sentence, then the earlier conclusions' table and this briefing's own below it, full width."""
    slide = _frame(prs, page, b, number)
    _text(slide, M, 1.3, W - 2 * M, 0.45, page.sentences, size=13, bullet=True)
    _stack(slide, page.tables, BOXES.agenda, M, 1.85, W - 2 * M, size=AGENDA_SIZE)  # layout.UNDER_SENTENCE


def _leader_slide(prs, page: Page, b: Briefing, number: int):
    slide = _frame(prs, page, b, number)
    _tiles(slide, page.tiles, 1.3, 1.45)
    _text(slide, M, 2.82, W - 2 * M, 1.05, page.sentences, size=12, bullet=True, space_after=2)
    _stack(slide, page.tables, BOXES.leader, M, LEADER_TOP, W - 2 * M, size=AREA_SIZE)


def render_pptx(pages: list[Page], b: Briefing) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(W), Inches(H)
    prs.core_properties.title = f"{b.title} — {b.span.label}"
    prs.core_properties.author = "Văn phòng UBND tỉnh Quảng Ngãi — Bảng điều hành"
    prs.core_properties.language = "vi-VN"
    draw = {"conclusions": _conclusions_slide, "summary": _summary_slide, "area": _area_slide, "agenda": _agenda_slide,
            "leader": _leader_slide}
    for number, page in enumerate(pages, start=1):
        if page.kind == "title":
            _title_slide(prs, page, b)
        else:
            draw[page.kind](prs, page, b, number)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
