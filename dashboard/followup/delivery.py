"""Delivering reminders by e-mail over SMTP (stdlib), with the log as the memory between runs.

For each reminder: a unit already delivered for the day is skipped (read from the log first); a unit without
an address is recorded `unreachable`; otherwise the message goes out and `sent` (or `failed`, with the
server's answer) is recorded at once in its own transaction, so a failure is retried by the next run and a
crash after one delivery cannot lose it. The database refuses a second `sent` row for a unit and day.

The connection to the database is not opened here: the caller (the store, the CLI) passes `transaction`,
a function returning a context manager that yields a connection inside a transaction.
"""
from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date


from data_access import reminders as log

from .message import email_message
from .model import Reminder

TLS_MODES = ("starttls", "ssl", "none")


class SmtpSettingsError(ValueError):
    """The SMTP settings are missing or wrong; the message says what to set, in Vietnamese."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    tls: str = "none"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0

    @classmethod
    def parse(cls, address: str | None, sender: str | None, *, tls: str | None = None, user: str | None = None,
              password: str | None = None) -> "SmtpSettings":
        """From "HOST:PORT", the sender address and the optional TLS mode (default: `ssl` on port 465,
        `starttls` on 587, otherwise none — an internal relay) and login."""
        if not address:
            raise SmtpSettingsError("chưa cấu hình máy chủ thư (SMTP): cần HOST:PORT, ví dụ mail.quangngai.gov.vn:587.")
        host, _, port_text = address.strip().rpartition(":")
        if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise SmtpSettingsError(f"địa chỉ máy chủ thư không hợp lệ: {address!r} (cần HOST:PORT).")
        if not sender or "@" not in sender:
            raise SmtpSettingsError("chưa có địa chỉ gửi thư hợp lệ (người gửi), ví dụ vanphong@quangngai.gov.vn.")
        port = int(port_text)
        mode = (tls or {465: "ssl", 587: "starttls"}.get(port, "none")).strip().lower()
        if mode not in TLS_MODES:
            raise SmtpSettingsError(f"chế độ mã hóa thư không hợp lệ: {tls!r} (starttls, ssl hoặc none).")
        if user and mode == "none":
            raise SmtpSettingsError("không gửi mật khẩu thư qua kết nối không mã hóa: đặt chế độ starttls hoặc ssl.")
        return cls(host, port, sender.strip(), mode, user or None, password or None)


@dataclass
class DeliveryReport:
    sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    unreachable: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"đã gửi {len(self.sent)}", f"lỗi {len(self.failed)}", f"không có địa chỉ {len(self.unreachable)}"]
        if self.already_sent:
            parts.append(f"đã gửi từ trước {len(self.already_sent)}")
        return "Thư đôn đốc: " + ", ".join(parts) + "."


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.tls == "ssl":
        server = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                  context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        if settings.tls == "starttls":
            server.starttls(context=ssl.create_default_context())
    if settings.user:
        server.login(settings.user, settings.password or "")
    return server


def deliver(reminders: Iterable[Reminder], settings: SmtpSettings, *, as_of: date, username: str | None,
            transaction: Callable[[], AbstractContextManager]) -> DeliveryReport:
    """Send every reminder not yet delivered for `as_of`; record each outcome. Never raises for a
    delivery problem: it is in the report and in the log."""
    reminders = list(reminders)
    report = DeliveryReport()
    with transaction() as conn:
        log.release_stale_claims(conn)
        done = log.delivered(conn, as_of=as_of, unit_codes=[r.unit for r in reminders])

    def note(r: Reminder, outcome: str, error: str | None = None) -> None:
        with transaction() as conn:
            log.record(conn, username=username, unit=r.unit, as_of=as_of, channel="email", outcome=outcome,
                       recipient=", ".join(r.addresses) or None, error=error)

    to_send = []
    for r in reminders:
        if r.unit in done:
            report.already_sent.append(r.unit)
        elif not r.reachable:
            note(r, "unreachable", "Đơn vị chưa có địa chỉ thư điện tử (units.email).")
            report.unreachable.append(r.unit)
        else:
            to_send.append(r)
    if not to_send:
        return report
    try:
        server = _connect(settings)
    except (OSError, smtplib.SMTPException) as exc:
        error = f"Không kết nối được máy chủ thư {settings.host}:{settings.port}: {exc}"
        for r in to_send:
            note(r, "failed", error)
            report.failed[r.unit] = error
        return report
    try:
        for r in to_send:
            # claimed before it is sent, so that two runs at the same moment cannot both send it
            with transaction() as conn:
                claim_id = log.claim(conn, username=username, unit=r.unit, as_of=as_of,
                                     recipient=", ".join(r.addresses))
            if claim_id is None:
                report.already_sent.append(r.unit)
                continue
            try:
                refused = server.send_message(email_message(r, settings.sender), to_addrs=r.addresses)
            except (OSError, smtplib.SMTPException) as exc:
                with transaction() as conn:
                    log.settle(conn, claim_id, outcome="failed", error=_explain(exc))
                report.failed[r.unit] = _explain(exc)
                continue
            with transaction() as conn:
                log.settle(conn, claim_id, outcome="sent",
                           error="Một số địa chỉ bị từ chối: " + ", ".join(refused) if refused else None)
            report.sent.append(r.unit)
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            pass
    return report


def _explain(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"Máy chủ thư từ chối ({exc.smtp_code}): {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "Máy chủ thư từ chối mọi địa chỉ nhận: " + "; ".join(
            f"{address} ({code} {_text(answer)})" for address, (code, answer) in exc.recipients.items())
    return f"Lỗi gửi thư: {exc}"


def _text(answer) -> str:
    return answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)
