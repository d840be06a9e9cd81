"""Command line of the dashboard package: the weekly briefing pack, for cron.

    python -m dashboard briefing --week 2026-W48 [--weeks 2] --format pptx|pdf|zip --out FILE [--db URL]

Without `--week` it takes the last full ISO week (so Monday's cron job makes last week's pack).
Bad input exits with status 2 and a Vietnamese message; an unreadable database with status 1.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data_access.clock import today_local


class _Parser(argparse.ArgumentParser):
    """argparse with its errors in Vietnamese (exit status 2, no traceback)."""

    def error(self, message: str):
        message = (message.replace("the following arguments are required", "thiếu tham số bắt buộc")
                   .replace("invalid choice", "giá trị không hợp lệ").replace("choose from", "chọn một trong")
                   .replace("unrecognized arguments", "tham số không hợp lệ")
                   .replace("expected one argument", "cần một giá trị")
                   .replace("invalid int value", "không phải số nguyên").replace("argument", "tham số"))
        self.exit(2, f"Lỗi: {message}\nXem hướng dẫn: python -m dashboard briefing --help\n")


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


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "briefing":
            return briefing_command(args)
    except KeyboardInterrupt:
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
