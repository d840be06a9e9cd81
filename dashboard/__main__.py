"""Command line of the dashboard package: the weekly briefing pack and the reminders, for cron.

    python -m dashboard briefing --week 2026-W48 [--weeks 2] --format pptx|pdf|zip --out FILE [--db URL]
    python -m dashboard remind --as-of YYYY-MM-DD [--unit CODE ...] [--days N] --format json|docx|eml --out DIR
                               [--send --smtp HOST:PORT --sender ADDR] [--db URL]

Without `--week` it takes the last full ISO week (so Monday's cron job makes last week's pack); without
`--as-of` the reminders are as of today. SMTP TLS mode and login come from the environment
(BDH_SMTP_TLS, BDH_SMTP_USER, BDH_SMTP_PASSWORD), never from the command line or the repository.
Bad input exits with status 2 and a Vietnamese message; an unreadable database with status 1.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data_access.clock import date_argument, today_local


class _Parser(argparse.ArgumentParser):
    """argparse with its errors in Vietnamese (exit status 2, no traceback)."""

    def error(self, message: str):
        message = (message.replace("the following arguments are required", "thiếu tham số bắt buộc")
                   .replace("invalid choice", "giá trị không hợp lệ").replace("choose from", "chọn một trong")
                   .replace("unrecognized arguments", "tham số không hợp lệ")
                   .replace("expected one argument", "cần một giá trị")
                   .replace("invalid int value", "không phải số nguyên").replace("argument", "tham số"))
        self.exit(2, f"Lỗi: {message}\nXem hướng dẫn: {self.prog} --help\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m dashboard", description="Bảng điều hành — công cụ dòng lệnh")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("briefing", help="tạo bộ tài liệu giao ban (PPTX, PDF hoặc ZIP biểu đồ)",
                       description="Tạo bộ tài liệu giao ban cho một tuần ISO (thứ Hai – Chủ nhật).")
    p.add_argument("--week", help="tuần ISO, ví dụ 2026-W48 (mặc định: tuần đầy đủ gần nhất)")
    p.add_argument("--weeks", type=int, default=1, help="số tuần của kỳ giao ban, kết thúc ở --week: 1 hoặc 2")
    p.add_argument("--format", choices=["pptx", "pdf", "zip"], help="định dạng (mặc định: theo đuôi tệp --out)")
    p.add_argument("--out", required=True, help="tệp kết quả")
    p.add_argument("--db", help="URL cơ sở dữ liệu (mặc định: DATABASE_URL, rồi tệp SQLite trong data/)")
    p.add_argument("--unit", action="append", default=[], help="chỉ tính các đơn vị này (mã đơn vị, lặp lại được)")
    p.add_argument("--min-resolved", type=int, default=20,
                   help="bỏ qua đơn vị có ít hơn N hồ sơ đã giải quyết khi xếp tỷ lệ đúng hạn (mặc định 20)")
    p.add_argument("--quiet", action="store_true", help="không in tiến độ")

    r = sub.add_parser("remind", help="đôn đốc đơn vị: JSON, công văn DOCX hoặc thư điện tử; gửi thư qua SMTP",
                       description="Đôn đốc từng đơn vị về nhiệm vụ sắp đến hạn, nhiệm vụ quá hạn, hồ sơ và đơn thư "
                                   "quá hạn của chính đơn vị (SPEC §2.6), theo tổ chức của ngày --as-of.")
    r.add_argument("--as-of", type=date_argument, help="ngày tính, YYYY-MM-DD (mặc định: hôm nay)")
    r.add_argument("--unit", action="append", default=[], help="chỉ đôn đốc đơn vị này (mã đơn vị, lặp lại được)")
    r.add_argument("--days", type=int, default=7, help="nhiệm vụ đến hạn trong N ngày tới (mặc định 7)")
    r.add_argument("--format", required=True, choices=["json", "docx", "eml"], help="định dạng kết quả")
    r.add_argument("--out", required=True, help="thư mục kết quả (phải có sẵn)")
    r.add_argument("--one-file", action="store_true", help="docx: mọi công văn trong một tệp")
    r.add_argument("--send", action="store_true", help="gửi thư điện tử đến địa chỉ của đơn vị (units.email)")
    r.add_argument("--smtp", help="máy chủ thư HOST:PORT (cần khi --send)")
    r.add_argument("--sender", help="địa chỉ người gửi (mặc định: BDH_SMTP_SENDER)")
    r.add_argument("--db", help="URL cơ sở dữ liệu (mặc định: DATABASE_URL, rồi tệp SQLite trong data/)")
    r.add_argument("--quiet", action="store_true", help="không in tóm tắt")
    r.epilog = "Mã thoát: 0 xong; 2 tham số sai; 1 không đọc được cơ sở dữ liệu; 3 có thư gửi lỗi (lần chạy sau gửi lại)."
    return parser


def _fail(message: str, code: int = 2) -> int:
    print(f"Lỗi: {message}", file=sys.stderr)
    return code


def briefing_command(args) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from data_access.config import redact, resolve_database_url
    from data_access.db import make_engine
    from data_access.org import current
    from data_access.scope import UnitNotOnDate, UnknownUnit, resolve_scope

    from dashboard.briefing.build import build_briefing
    from dashboard.briefing.model import BriefingInputError, Span, last_full_week
    from dashboard.render.pack import write

    out = Path(args.out)
    fmt = args.format or out.suffix.lstrip(".").lower()
    if fmt not in ("pptx", "pdf", "zip"):
        return _fail(f"không rõ định dạng của tệp {args.out!r}: dùng --format pptx, pdf hoặc zip.")
    if args.min_resolved < 0:
        return _fail("--min-resolved phải là số không âm.")
    week = args.week or last_full_week(today_local())
    try:
        span = Span.parse(week, args.weeks)
    except BriefingInputError as exc:
        return _fail(str(exc))
    if not out.parent.exists():
        return _fail(f"thư mục {str(out.parent)!r} không tồn tại.")
    url = resolve_database_url(args.db)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            # the organisation of the span's last day (SPEC §2.5): a dissolved unit is refused, naming its successors
            scope = resolve_scope(conn, args.unit, org=current(span.period.end))
            label = "Toàn tỉnh" if not args.unit else ", ".join(args.unit)
            briefing = build_briefing(conn, week=week, weeks=args.weeks, scope=scope, scope_label=label,
                                      min_resolved=args.min_resolved)
    except (UnknownUnit, UnitNotOnDate) as exc:
        return _fail(str(exc))
    except BriefingInputError as exc:
        return _fail(str(exc))
    except SQLAlchemyError as exc:
        return _fail(f"không đọc được cơ sở dữ liệu ({redact(url)}): {type(exc).__name__}. "
                     "Hãy kiểm tra --db hoặc chạy `python -m data_access init-db`.", 1)
    finally:
        engine.dispose()

    def progress(share: float, message: str) -> None:
        if not args.quiet:
            print(f"[{share:4.0%}] {message}", file=sys.stderr)

    data = write(briefing, fmt, progress)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(out)  # a cron reader never sees half a file
    if not args.quiet:
        print(f"Đã tạo bộ tài liệu giao ban {briefing.span.label}: {out} ({len(data) / 1024:,.0f} KB)")
    return 0


def _cli_user() -> str:
    import getpass  # noqa: PLC0415

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def remind_command(args) -> int:
    import os

    from sqlalchemy.exc import SQLAlchemyError

    from data_access import reminders as builder
    from data_access.config import redact, resolve_database_url
    from data_access.db import make_engine
    from data_access.org import current
    from data_access.scope import Scope, UnitNotOnDate, UnknownUnit, resolve_scope

    from dashboard.followup.delivery import SmtpSettings, SmtpSettingsError, deliver
    from dashboard.followup.model import from_rows

    as_of = args.as_of or today_local()
    if not 0 <= args.days <= 366:
        return _fail("--days phải từ 0 đến 366.")
    out = Path(args.out)
    if not out.is_dir():
        return _fail(f"thư mục {args.out!r} không tồn tại.")
    settings = None
    if args.send:
        if not args.smtp:
            return _fail("--send cần --smtp HOST:PORT (máy chủ thư).")
        try:
            settings = SmtpSettings.parse(args.smtp, args.sender or os.environ.get("BDH_SMTP_SENDER"),
                                          tls=os.environ.get("BDH_SMTP_TLS"), user=os.environ.get("BDH_SMTP_USER"),
                                          password=os.environ.get("BDH_SMTP_PASSWORD"))
        except SmtpSettingsError as exc:
            return _fail(str(exc))
    elif args.smtp or args.sender:
        return _fail("--smtp và --sender chỉ dùng cùng --send.")
    url = resolve_database_url(args.db)
    engine = make_engine(url)
    user = _cli_user()
    try:
        with engine.connect() as conn:
            if args.unit:
                resolve_scope(conn, args.unit, org=current(as_of))  # unknown or dissolved → refused, naming successors
            scope = Scope(frozenset(args.unit) if args.unit else None, current(as_of))
            found = from_rows(builder.reminders(conn, as_of=as_of, days=args.days, scope=scope), args.days)
        sender = settings.sender if settings else os.environ.get("BDH_SMTP_SENDER") or "vanphong@localhost"
        written = _write_reminders(found, args.format, out, one_file=args.one_file, sender=sender)
        with engine.begin() as conn:
            builder.record_built(conn, username=user, as_of=as_of, channel=args.format,
                                 unit_codes=[r.unit for r in found])
        report = deliver(found, settings, as_of=as_of, username=user, transaction=engine.begin) if settings else None
    except (UnknownUnit, UnitNotOnDate) as exc:
        return _fail(str(exc))
    except SQLAlchemyError as exc:
        return _fail(f"không đọc được cơ sở dữ liệu ({redact(url)}): {type(exc).__name__}. "
                     "Hãy kiểm tra --db hoặc chạy `python -m data_access init-db`.", 1)
    finally:
        engine.dispose()
    if not args.quiet:
        print(f"Đôn đốc ngày {as_of:%d/%m/%Y}: {len(found)} đơn vị có việc cần xử lý; đã ghi {written} tệp vào {out}.")
        if report:
            print(report.summary())
            for code, error in sorted(report.failed.items()):
                print(f"  {code}: {error}", file=sys.stderr)
            for code in report.unreachable:
                print(f"  {code}: chưa có địa chỉ thư điện tử", file=sys.stderr)
    return 3 if report and report.failed else 0


def _write_reminders(found, fmt: str, out: Path, *, one_file: bool, sender: str) -> int:
    """The files of `fmt` in `out`, each written whole (temporary name, then renamed); returns how many."""
    import json  # noqa: PLC0415

    from dashboard.followup.letter import all_in_one_filename, letter_docx, letter_filename
    from dashboard.followup.message import email_filename, email_message

    files: dict[str, bytes] = {}
    if fmt == "json":
        files["reminders.json"] = (json.dumps([r.to_json() for r in found], ensure_ascii=False, indent=2)
                                   + "\n").encode("utf-8")
    elif fmt == "docx" and one_file:
        if found:
            files[all_in_one_filename(found[0].as_of)] = letter_docx(found)
    elif fmt == "docx":
        files.update({letter_filename(r): letter_docx([r]) for r in found})
    else:
        files.update({email_filename(r): email_message(r, sender).as_bytes() for r in found})
    for name, data in files.items():
        tmp = out / (name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(out / name)
    return len(files)


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "briefing":
            return briefing_command(args)
        if args.command == "remind":
            return remind_command(args)
    except KeyboardInterrupt:
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
