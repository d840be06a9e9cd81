"""A reminder as an e-mail: the same content as plain text and as HTML, UTF-8, in Vietnamese."""
from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from html import escape

from dashboard.core.formatting import fmt_date, fmt_int

from .model import OFFICE_NAME, Reminder

CLOSING = ("Đề nghị đơn vị khẩn trương chỉ đạo xử lý, cập nhật kết quả lên hệ thống và báo cáo UBND tỉnh "
           f"(qua {OFFICE_NAME}).")
FOOTER = f"Thư do Bảng điều hành — UBND tỉnh Quảng Ngãi gửi tự động thay mặt {OFFICE_NAME}."


def _task_lines(r: Reminder) -> list[str]:
    out = []
    if r.tasks_overdue:
        out += ["", "Nhiệm vụ quá hạn chưa hoàn thành:"]
        out += [f"  - {t.task_id}: {t.title} — hạn {fmt_date(t.due_date)}, quá hạn {fmt_int(t.days_overdue)} ngày"
                for t in r.tasks_overdue]
    if r.tasks_due_soon:
        out += ["", f"Nhiệm vụ đến hạn trong {fmt_int(r.days)} ngày tới:"]
        out += [f"  - {t.task_id}: {t.title} — hạn {fmt_date(t.due_date)}" for t in r.tasks_due_soon]
    return out


def plain_text(r: Reminder) -> str:
    lines = [f"Kính gửi: {r.name}", "",
             f"{OFFICE_NAME} đôn đốc các việc của đơn vị tính đến ngày {fmt_date(r.as_of)}:"]
    lines += [f"  • {line}" for line in r.headlines()]
    lines += _task_lines(r)
    lines += ["", CLOSING, "", "--", FOOTER]
    return "\n".join(lines) + "\n"


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    cell = 'style="border:1px solid #999;padding:4px 8px;text-align:left"'
    head = "".join(f"<th {cell}>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td {cell}>{escape(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f'<table style="border-collapse:collapse;margin:4px 0 12px">{"<tr>" + head + "</tr>"}{body}</table>'


def html(r: Reminder) -> str:
    parts = [f"<p>Kính gửi: <b>{escape(r.name)}</b></p>",
             f"<p>{escape(OFFICE_NAME)} đôn đốc các việc của đơn vị tính đến ngày <b>{fmt_date(r.as_of)}</b>:</p>",
             "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in r.headlines()) + "</ul>"]
    if r.tasks_overdue:
        parts.append("<p><b>Nhiệm vụ quá hạn chưa hoàn thành:</b></p>")
        parts.append(_table([(t.task_id, t.title, fmt_date(t.due_date), fmt_int(t.days_overdue))
                             for t in r.tasks_overdue], ("Mã", "Nhiệm vụ", "Hạn xử lý", "Số ngày quá hạn")))
    if r.tasks_due_soon:
        parts.append(f"<p><b>Nhiệm vụ đến hạn trong {fmt_int(r.days)} ngày tới:</b></p>")
        parts.append(_table([(t.task_id, t.title, fmt_date(t.due_date)) for t in r.tasks_due_soon],
                            ("Mã", "Nhiệm vụ", "Hạn xử lý")))
    parts += [f"<p>{escape(CLOSING)}</p>", f'<p style="color:#666;font-size:90%">{escape(FOOTER)}</p>']
    return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head>'
            '<body style="font-family:Arial,Helvetica,sans-serif">' + "".join(parts) + "</body></html>")


def email_message(r: Reminder, sender: str) -> EmailMessage:
    """The e-mail to the unit's address(es); a unit without one still gets a message (for `--format eml`),
    addressed to nobody."""
    msg = EmailMessage()
    msg["Subject"] = r.subject
    msg["From"] = sender
    if r.addresses:
        msg["To"] = ", ".join(r.addresses)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg.set_content(plain_text(r), charset="utf-8")
    msg.add_alternative(html(r), subtype="html", charset="utf-8")
    return msg


def email_filename(r: Reminder) -> str:
    return f"don-doc_{r.unit}_{r.as_of:%Y-%m-%d}.eml"
