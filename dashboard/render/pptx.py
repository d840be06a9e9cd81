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
from dashboard.render.layout import Page, Tile, column_weights, fit, table_note

W, H = 13.333, 7.5
M = 0.45  # side margin
FONT = "Arial"


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


def _lines(text: str, width_in: float, size: float) -> int:
    """How many lines `text` wraps to in a box `width_in` inches wide (Arial, estimated)."""
    per_line = max(int(width_in * 72 / (size * 0.5)), 1)
    lines, used = 1, 0
    for word in str(text).split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


def _table(slide, agenda, rows_shown: int, x: float, y: float, w: float, *, size: float = 10.5) -> float:
    """The agenda's title, its table and its note; returns the y below them.

    Row heights are estimated from the wrapped text, so the note below never overlaps the table
    (PowerPoint grows a row to fit its text but does not move the shapes under it).
    """
    title_h = 0.26 * _lines(agenda.title, w, 13) + 0.08
    _text(slide, x, y, w, title_h, agenda.title, size=13, bold=True, color=TEXT)
    y += title_h + 0.02
    rows = agenda.rows[:rows_shown]
    if not rows:
        _text(slide, x, y, w, 0.3, agenda.empty_text, size=size, color=MUTED)
        return y + 0.4
    weights = column_weights(agenda.columns, rows, capacity=(w - 0.1 * len(agenda.columns)) * 72 / (size * 0.52))
    heights = [max(_lines(v, w * k - 0.1, size) for v, k in zip(values, weights)) * size * 1.2 / 72 + 0.1
               for values in [agenda.columns, *rows]]
    frame = slide.shapes.add_table(len(rows) + 1, len(agenda.columns), Inches(x), Inches(y), Inches(w),
                                   Inches(sum(heights)))
    table = frame.table
    table.first_row, table.horz_banding = True, False
    for i, weight in enumerate(weights):
        table.columns[i].width = Inches(w * weight)
    for r, values in enumerate([agenda.columns, *rows]):
        table.rows[r].height = Inches(heights[r])
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = Inches(0.05)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
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
    note = table_note(agenda, rows_shown)
    if note:
        _text(slide, x, y, w, 0.28, note, size=9, color=MUTED)
        y += 0.3
    return y


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
    top, bottom = 4.05, H - 0.5
    chart_w = 6.1
    if page.chart:
        w, h = fit(page.chart, chart_w, bottom - top)
        slide.shapes.add_picture(io.BytesIO(page.chart), Inches(M), Inches(top), Inches(w), Inches(h))
    x = M + chart_w + 0.25
    for agenda, rows in page.tables:
        _table(slide, agenda, rows, x, top, W - M - x, size=10)


def _agenda_slide(prs, page: Page, b: Briefing, number: int):
    slide = _frame(prs, page, b, number)
    widths = [max(len(a.columns), 2) for a, _ in page.tables]
    total = sum(widths)
    gap = 0.3
    x = M
    for (agenda, rows), share in zip(page.tables, widths):
        w = (W - 2 * M - gap * (len(widths) - 1)) * share / total
        _table(slide, agenda, rows, x, 1.4, w, size=11)
        x += w + gap


def _conclusions_slide(prs, page: Page, b: Briefing, number: int):
    """The sentence, then the earlier conclusions' table and this briefing's own below it, full width."""
    slide = _frame(prs, page, b, number)
    _text(slide, M, 1.3, W - 2 * M, 0.45, page.sentences, size=13, bullet=True)
    y = 1.85
    for agenda, rows in page.tables:
        y = _table(slide, agenda, rows, M, y, W - 2 * M, size=10) + 0.15


def _leader_slide(prs, page: Page, b: Briefing, number: int):
    slide = _frame(prs, page, b, number)
    _tiles(slide, page.tiles, 1.3, 1.45)
    _text(slide, M, 2.82, W - 2 * M, 1.05, page.sentences, size=12, bullet=True, space_after=2)
    x, gap = M, 0.3
    shares = [0.58, 0.42] if len(page.tables) == 2 else [1.0]
    for (agenda, rows), share in zip(page.tables, shares):
        w = (W - 2 * M - gap * (len(shares) - 1)) * share
        _table(slide, agenda, rows, x, 3.9, w, size=10)
        x += w + gap


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
