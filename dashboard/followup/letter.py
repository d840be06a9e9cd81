"""The official reminder letter (công văn đôn đốc) as DOCX, in the layout of Nghị định 30/2020/NĐ-CP:
issuing body and quốc hiệu/tiêu ngữ side by side, số/ký hiệu and the date left to fill at issue, "V/v …",
"Kính gửi", the body with the table of items, nơi nhận and the signature block by title.
Times New Roman (it carries Vietnamese on every office machine), A4, margins 20/20/30/15 mm.
"""
from __future__ import annotations

import io
from collections.abc import Iterable

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dashboard.core.formatting import fmt_date, fmt_int

from .model import ISSUER, OFFICE, OFFICE_NAME, PLACE, Reminder

FONT = "Times New Roman"
SUBJECT_LINE = "V/v đôn đốc thực hiện nhiệm vụ, giải quyết hồ sơ thủ tục hành chính và đơn thư quá hạn"
SIGNER_TITLE = "CHÁNH VĂN PHÒNG"
LEFT_MM, RIGHT_MM = 80, 90  # 5 mm wider than the text, centred: the issuer and the quốc hiệu on one line each
TASK_COLUMNS_MM = [12, 32, 75, 25, 21]
RECIPIENTS = ["Như trên;", "Chủ tịch, các Phó Chủ tịch UBND tỉnh (b/c);", "CVP, các PCVP UBND tỉnh;", "Lưu: VT, TH."]


def _run(paragraph, text: str, *, size: float = 13, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.bold, run.italic = FONT, Pt(size), bold, italic
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # Word picks the East-Asian slot for some glyphs
    return run


def _para(cell_or_doc, text: str = "", *, size: float = 13, bold: bool = False, italic: bool = False,
          align=WD_ALIGN_PARAGRAPH.CENTER, before: float = 0, after: float = 0, indent: float | None = None):
    p = cell_or_doc.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(before), Pt(after), 1.1
    if indent is not None:
        fmt.first_line_indent = Mm(indent)
    if text:
        _run(p, text, size=size, bold=bold, italic=italic)
    return p


def _rule(paragraph, width_mm: float, cell_mm: float) -> None:
    """The short solid line under the issuing body and the tiêu ngữ (a bottom border on a paragraph
    narrowed to about the width of its words)."""
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm(max(0.0, (cell_mm - width_mm) / 2))
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


_TABLE_PROPERTY_ORDER = ["w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                         "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
                         "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"]


def _add_table_property(table, element) -> None:
    """Put a table property where the schema wants it (LibreOffice ignores one out of order)."""
    tbl_pr = table._tbl.tblPr
    rank = _TABLE_PROPERTY_ORDER.index(element.tag.replace(qn("w:"), "w:"))
    later = [child for child in tbl_pr
             if child.tag.replace(qn("w:"), "w:") in _TABLE_PROPERTY_ORDER
             and _TABLE_PROPERTY_ORDER.index(child.tag.replace(qn("w:"), "w:")) > rank]
    if later:
        later[0].addprevious(element)
    else:
        tbl_pr.append(element)


def _fixed_widths(table, widths_mm: list[float]) -> None:
    """Column widths that Word and LibreOffice both keep (a fixed layout; every cell told its width)."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _add_table_property(table, layout)
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _no_borders(table) -> None:
    """A layout table: no lines, and narrow cell margins so the issuer and the quốc hiệu keep to one line."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    _add_table_property(table, borders)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), "28")  # twips: half a millimetre
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    _add_table_property(table, margins)


def _clear_first(cell) -> None:
    """A new cell holds one empty paragraph: drop it so the cell starts with ours."""
    first = cell.paragraphs[0]
    first._element.getparent().remove(first._element)


def _header(doc, r: Reminder) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, [LEFT_MM, RIGHT_MM])
    left, right = table.rows[0].cells
    for cell in (left, right):
        _clear_first(cell)
    _para(left, ISSUER, size=12)
    _rule(_para(left, OFFICE, size=13, bold=True), 34, LEFT_MM)
    _para(left, "Số:        /VP-TH", size=13, before=6)
    subject = _para(left, SUBJECT_LINE, size=12, before=4)
    subject.paragraph_format.left_indent = subject.paragraph_format.right_indent = Mm(4)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    _rule(_para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True), 60, RIGHT_MM)
    _para(right, f"{PLACE}, ngày      tháng      năm {r.as_of.year}", size=13, italic=True, before=6)


def _cell_text(cell, text: str, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    _run(p, text, size=12, bold=bold)


def _items_table(doc, header: list[str], rows: list[list[str]], widths_mm: list[float]) -> None:
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header):
        _cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for row, values in zip(table.rows[1:], rows):
        for i, (cell, text) in enumerate(zip(row.cells, values)):
            _cell_text(cell, text, align=WD_ALIGN_PARAGRAPH.LEFT if i in (1, 2) else WD_ALIGN_PARAGRAPH.CENTER)
    _fixed_widths(table, widths_mm)


def _body(doc, r: Reminder) -> None:
    addressee = _para(doc, "", before=12, after=6)
    _run(addressee, "Kính gửi: ", size=14)
    _run(addressee, f"{r.name}.", size=14)
    _para(doc, f"Thực hiện chỉ đạo của Chủ tịch UBND tỉnh về việc theo dõi, đôn đốc thực hiện nhiệm vụ; qua theo dõi "
               f"trên Bảng điều hành, tính đến ngày {fmt_date(r.as_of)}, {r.name} còn các việc sau cần xử lý:",
          size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=12.7, after=6)
    number = 0
    if r.tasks_overdue:
        number += 1
        _para(doc, f"{number}. Nhiệm vụ quá hạn chưa hoàn thành: {fmt_int(len(r.tasks_overdue))} nhiệm vụ.", size=14,
              bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=12.7, after=4)
        _items_table(doc, ["STT", "Mã nhiệm vụ", "Nội dung nhiệm vụ", "Hạn xử lý", "Số ngày quá hạn"],
                     [[fmt_int(i), t.task_id, t.title, fmt_date(t.due_date), fmt_int(t.days_overdue)]
                      for i, t in enumerate(r.tasks_overdue, 1)], TASK_COLUMNS_MM)
    if r.tasks_due_soon:
        number += 1
        _para(doc, f"{number}. Nhiệm vụ đến hạn trong {fmt_int(r.days)} ngày tới: "
                   f"{fmt_int(len(r.tasks_due_soon))} nhiệm vụ.", size=14, bold=True,
              align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=12.7, before=6, after=4)
        _items_table(doc, ["STT", "Mã nhiệm vụ", "Nội dung nhiệm vụ", "Hạn xử lý", "Còn (ngày)"],
                     [[fmt_int(i), t.task_id, t.title, fmt_date(t.due_date), fmt_int(t.days_left(r.as_of))]
                      for i, t in enumerate(r.tasks_due_soon, 1)], TASK_COLUMNS_MM)
    if r.dossiers_pending_overdue:
        number += 1
        _para(doc, f"{number}. Hồ sơ thủ tục hành chính đang giải quyết quá hạn: "
                   f"{fmt_int(r.dossiers_pending_overdue)} hồ sơ (hạn trả kết quả sớm nhất ngày "
                   f"{fmt_date(r.oldest_dossier_due)}).", size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=12.7,
              before=6, after=4)
    if r.petitions_overdue:
        number += 1
        _para(doc, f"{number}. Đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh quá hạn giải quyết: "
                   f"{fmt_int(r.petitions_overdue)} đơn (hạn giải quyết sớm nhất ngày {fmt_date(r.oldest_petition_due)}).",
              size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=12.7, before=6, after=4)
    if r.stale:
        number += 1
        _para(doc, f"{number}. {r.stale_line}.", size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=12.7,
              before=6, after=4)
    _para(doc, f"{OFFICE_NAME} đề nghị {r.name} khẩn trương chỉ đạo thực hiện, hoàn thành các nhiệm vụ, giải quyết "
               "dứt điểm hồ sơ, đơn thư nêu trên; cập nhật kết quả lên hệ thống và báo cáo UBND tỉnh (qua Văn phòng "
               "UBND tỉnh) để tổng hợp, báo cáo Chủ tịch UBND tỉnh./.",
          size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=12.7, before=6)


def _footer(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed_widths(table, [85, 80])
    left, right = table.rows[0].cells
    for cell in (left, right):
        _clear_first(cell)
    _para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=12)
    for line in RECIPIENTS:
        _para(left, f"- {line}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(right, SIGNER_TITLE, size=14, bold=True, before=12)
    _para(right, "(Ký, ghi rõ họ tên, đóng dấu)", size=13, italic=True)


def _page_setup(section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def letter_docx(reminders: Iterable[Reminder]) -> bytes:
    """One letter per reminder, each on its own page(s), in one DOCX (a single reminder: one letter)."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    doc.core_properties.title = "Công văn đôn đốc"
    doc.core_properties.author = OFFICE_NAME
    _page_setup(doc.sections[0])
    # the template's first empty paragraph would push the header down: remove it
    for p in list(doc.paragraphs):
        p._element.getparent().remove(p._element)
    for i, r in enumerate(reminders):
        if i:
            section = doc.add_section(WD_SECTION.NEW_PAGE)
            _page_setup(section)
        _header(doc, r)
        _body(doc, r)
        _footer(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def letter_filename(r: Reminder) -> str:
    return f"cong-van-don-doc_{r.unit}_{r.as_of:%Y-%m-%d}.docx"


def all_in_one_filename(as_of) -> str:
    return f"cong-van-don-doc_{as_of:%Y-%m-%d}.docx"
