"""`python -m data_access import KIND FILE`: the report on the terminal, never a traceback."""
from __future__ import annotations

import sys
import time

from .kinds import KINDS
from .limits import PRINTED_ERRORS, clipped, number
from .runner import PROGRESS_EVERY, ImportDatabaseError, ImportResult, import_file

EXIT_OK, EXIT_DATABASE, EXIT_BAD_INPUT = 0, 1, 2
STATUS_WORDS = {"ok": "thành công", "partial": "một phần", "rejected": "bị từ chối", "failed": "thất bại"}


def run_import_cli(engine, args) -> int:
    if args.kind not in KINDS:
        _say(f"Lỗi: loại dữ liệu «{args.kind}» không có; chọn một trong: {', '.join(KINDS)}")
        return EXIT_BAD_INPUT
    try:
        result = import_file(engine, args.kind, args.file, skip_invalid=args.skip_invalid,
                             user=args.user, progress=ProgressPrinter())
    except ImportDatabaseError as exc:
        _say(f"Lỗi cơ sở dữ liệu: {exc}")
        return EXIT_DATABASE
    except Exception as exc:  # the promise to the user: one line, never a traceback
        _say(clipped(f"Lỗi không mong đợi khi nhập tệp: {exc.__class__.__name__}: {exc}"))
        return EXIT_DATABASE
    return _print_result(result)


def _print_result(result: ImportResult) -> int:
    report = result.report
    if result.log_error:
        _say(f"Cảnh báo: không ghi được nhật ký nhập vào cơ sở dữ liệu: {result.log_error}")
    if report.file_error:
        _say(f"Lỗi: tệp {result.file_name} bị từ chối: {report.file_error}")
        return EXIT_BAD_INPUT
    for error in report.errors[:PRINTED_ERRORS]:
        _say(error.describe())
    if len(report.errors) > PRINTED_ERRORS:
        # A file of a million bad rows must not flood the terminal; the rejected file has them all.
        rest = len(report.errors) - PRINTED_ERRORS
        where = (f"; tất cả có trong {result.rejected_file}" if result.rejected_file
                 else "; dùng --skip-invalid để lưu mọi dòng bị từ chối kèm lý do vào tệp .rejected.csv")
        _say(f"… và {number(rest)} lỗi khác không in ra{where}")
    if result.status == "rejected":
        _say(f"Không ghi gì vào cơ sở dữ liệu: {report.rows_invalid} trên {report.rows_total} dòng không hợp lệ. "
             "Sửa các dòng trên rồi nhập lại, hoặc dùng --skip-invalid để chỉ ghi các dòng hợp lệ.")
        return EXIT_BAD_INPUT
    if result.status == "failed":
        _say(f"Lỗi: {result.message}")
        return EXIT_BAD_INPUT
    print(f"Nhập {result.kind} từ {result.file_name} {STATUS_WORDS[result.status]}: {result.message}.")
    if result.rejected_file:
        print(f"Các dòng bị từ chối đã lưu vào {result.rejected_file}")
    return EXIT_OK


class ProgressPrinter:
    """Rows done and speed, on stderr, so the report on stdout stays clean."""

    PHASES = {"validate": "Kiểm tra", "write": "Ghi", "rollups": "Cập nhật số liệu tổng hợp"}

    def __init__(self, every: int = PROGRESS_EVERY):
        self.every = every
        self.started: dict[str, float] = {}

    def __call__(self, phase: str, rows: int) -> None:
        start = self.started.setdefault(phase, time.monotonic())
        if rows < self.every:
            return  # small files import in a blink: no progress lines
        elapsed = max(time.monotonic() - start, 1e-6)
        text = f"{self.PHASES.get(phase, phase)}: {rows:,} dòng ({rows / elapsed:,.0f} dòng/giây)"
        _say(text.replace(",", "."))  # Vietnamese thousands separator


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
