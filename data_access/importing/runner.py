"""validate_file and import_file: the two passes, the one transaction, the import log."""
from __future__ import annotations

import csv
import getpass
import pickle
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import SQLAlchemyError

from ..clock import now_local
from ..db import is_sqlite
from ..freshness import SOURCES as FED_SOURCES, record_feed
from ..rollups import sync_boundaries
from ..schema import import_log, leaders, unit_lineage, units
from .kinds import KINDS
from .limits import ImportLimits, clipped, shown
from .reading import FileRefused, Header, cell_text, check_file_type, match_header, open_rows
from .rows import RowParser
from .specs import REASON_HEADER, KindSpec
from .validation import ValidationReport, Validator
from .writing import BATCH_SIZE, TableWriter, WriteCounts
from .bulk import BULK_KINDS, BulkImport, bulk_available

PROGRESS_EVERY = 50_000

# progress(phase, rows_done): phase is "validate" or "write"; called with 0 when the phase starts,
# every PROGRESS_EVERY rows, and with the total at its end.
Progress = Callable[[str, int], None]


class ImportDatabaseError(Exception):
    """The database could not be read or written; the message is one plain line."""


@dataclass
class ImportResult:
    kind: str
    file_name: str
    status: str                 # ok | partial | rejected | failed
    report: ValidationReport
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected_file: Path | None = None
    message: str = ""
    log_error: str | None = None  # set when the run could not be written to import_log

    @property
    def rejected(self) -> int:
        return self.report.rows_invalid


def validate_file(engine: Engine, kind: str, path, *, progress: Progress | None = None,
                  limits: ImportLimits | None = None, bulk: bool | None = None) -> ValidationReport:
    """Check the whole file against the kind's spec and the database; writes nothing.

    `bulk`: check column-wise (bulk.py; dossiers only); None = whenever the kind has a bulk path."""
    spec, path = kind_spec(kind), Path(path)
    limits = limits or ImportLimits.from_environment()
    if _use_bulk(engine, spec, path, bulk):
        with _bulk_job(engine, spec, path, limits, progress) as job:
            return _bulk_call(job.validate)
    report = ValidationReport(kind=spec.name, file_name=path.name)
    _done(progress, "validate", 0)  # the phase starts: lets a progress display time it
    try:
        check_file_type(path)  # a wrong file is told as such, even when the database is down
        known = _database_call(lambda: _known_codes(engine))
        with open_rows(path, limits) as rows:
            header = _header(spec, rows)
            validator = Validator(spec, header, report, known, limits)
            for line, cells in rows:
                validator.check(line, cells)
                _tick(progress, "validate", report.rows_total)
        validator.finish()
    except FileRefused as exc:
        report.file_error = str(exc)
        report.errors.clear()
        report.invalid_lines.clear()
    _done(progress, "validate", report.rows_total)
    return report


def import_file(engine: Engine, kind: str, path, *, skip_invalid: bool = False, user: str | None = None,
                progress: Progress | None = None, limits: ImportLimits | None = None,
                bulk: bool | None = None) -> ImportResult:
    """Validate, then (if allowed) write the file in one transaction; log the run either way.

    `bulk`: the bulk path (bulk.py: column-wise checks, a staged set-wise write, the rollups applied once);
    None = whenever the kind has one (dossiers). Both paths accept and refuse the same rows alike."""
    spec, path = kind_spec(kind), Path(path)
    limits = limits or ImportLimits.from_environment()  # one reading: both passes judge alike
    if _use_bulk(engine, spec, path, bulk):
        with _bulk_job(engine, spec, path, limits, progress) as job:
            return _import(engine, spec, path, skip_invalid, user, limits,
                           lambda: _bulk_call(job.validate), job.begin, lambda conn, report: job.write(conn))
    return _import(engine, spec, path, skip_invalid, user, limits,
                   lambda: validate_file(engine, spec.name, path, progress=progress, limits=limits, bulk=False),
                   engine.begin, lambda conn, report: _write(conn, spec, path, report, progress, limits))


def _use_bulk(engine: Engine, spec: KindSpec, path: Path, bulk: bool | None) -> bool:
    if bulk is False or spec.name not in BULK_KINDS:
        return False
    try:
        check_file_type(path)
        return _database_call(lambda: bulk_available(engine, spec.name))
    except (FileRefused, ImportDatabaseError):
        return False  # the row path tells a wrong file or a database that is down, in its words


@contextmanager
def _bulk_job(engine: Engine, spec: KindSpec, path: Path, limits: ImportLimits, progress):
    job = BulkImport(engine, spec, path, limits, progress, lambda: _database_call(lambda: _known_codes(engine)))
    _database_call(job.__enter__)  # its own connection: the staged rows live in its temporary table
    try:
        yield job
    finally:
        job.__exit__(None, None, None)


def _bulk_call(fn):
    try:
        return fn()
    except SQLAlchemyError as exc:
        raise ImportDatabaseError(f"không ghi được bảng tạm khi kiểm tra tệp: {one_line(exc)}") from None


def _import(engine: Engine, spec: KindSpec, path: Path, skip_invalid: bool, user: str | None,
            limits: ImportLimits, validate, begin, write) -> ImportResult:
    started = now_local()
    run = _LogEntry(spec.name, path.name, (user or _os_user())[:100], started)
    report = validate()
    result = ImportResult(spec.name, path.name, "rejected", report)
    if report.file_error or (report.errors and not skip_invalid):
        result.message = refusal_message(report)
        try:
            _log_separately(engine, run, result)
        except SQLAlchemyError as exc:
            # The file's faults are the news here; a database that cannot log them is told beside.
            result.log_error = one_line(exc)
        return result
    try:
        with begin() as conn:
            counts, rows_by_unit = write(conn, report)
            if spec.name in FED_SOURCES:
                record_feed(conn, spec.name, rows_by_unit, at=now_local())
            if spec.name in ("units", "unit_lineage"):
                # New unit end dates or edges may add organisation boundaries: re-key the rollups.
                sync_boundaries(conn)
            result.inserted, result.updated, result.unchanged = counts.inserted, counts.updated, counts.unchanged
            result.status = "partial" if report.errors else "ok"
            result.message = success_message(result)
            run.write(conn, result)  # the log row commits with the data, or not at all
    except Exception as exc:  # SQLAlchemy's errors, and the driver's own from COPY: all roll back
        result.status, result.message = "failed", f"lỗi khi ghi, không ghi gì vào cơ sở dữ liệu: {one_line(exc)}"
        try:
            _log_separately(engine, run, result)
        except SQLAlchemyError:
            pass  # the database is down; the error below says so
        if isinstance(exc, FileRefused):
            report.file_error = str(exc)
            return result
        raise ImportDatabaseError(result.message) from None
    if report.errors:
        try:
            result.rejected_file = write_rejected(spec, path, report)
        except OSError as exc:  # the data is written; only the side file could not be saved
            result.message += f"; không lưu được tệp các dòng bị từ chối: {exc}"
    return result


def kind_spec(kind: str) -> KindSpec:
    if kind not in KINDS:
        raise ValueError(f"loại dữ liệu «{kind}» không có; chọn một trong: {', '.join(KINDS)}")
    return KINDS[kind]


def _header(spec: KindSpec, rows) -> Header:
    first = next(rows, None)
    if first is None:
        raise FileRefused("tệp trống, không có dòng tiêu đề")
    return match_header(spec, first[1])


def _write(conn: Connection, spec: KindSpec, path: Path, report: ValidationReport,
           progress: Progress | None, limits: ImportLimits) -> tuple[WriteCounts, dict[str, int]]:
    _done(progress, "write", 0)
    with open_rows(path, limits) as rows:
        header = _header(spec, rows)
        writer, parser = TableWriter(conn, spec, header), RowParser(spec, header, limits)
        valid_rows = (parser.parse(line, cells) for line, cells in rows if line not in report.invalid_lines)
        if spec.name == "units":
            valid_rows = parents_first(list(valid_rows))
        batches = _batches(valid_rows)
        if is_sqlite(conn):
            # SQLite has one writer, and its lock lasts from the first write to the commit: the
            # file is parsed into a spool first, so the lock covers only the writing itself and
            # the logins, audit rows and downloads queued behind it wait less.
            batches = _spooled(batches)
        done = 0
        for batch in batches:
            writer.write_batch(batch)
            done += len(batch)
            _tick(progress, "write", done)
    _done(progress, "write", done)
    return writer.counts, dict(writer.rows_by_unit)


def _batches(rows) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _spooled(batches) -> Iterator[list]:
    """The batches, all parsed and stored in a temporary file first, then read back one by one."""
    with tempfile.TemporaryFile(prefix="bdh-import-") as spool:
        for batch in batches:
            pickle.dump(batch, spool, protocol=pickle.HIGHEST_PROTOCOL)
        spool.seek(0)
        while True:
            try:
                yield pickle.load(spool)
            except EOFError:
                return


def parents_first(rows: list) -> list:
    """Units ordered so a parent named later in the file is written before its children.

    A unit file is small (a province has a few thousand units), so it is sorted in memory.
    """
    parent_of = {row.values["code"]: row.values.get("parent_code") for row in rows}

    def depth(code, seen=()):
        parent = parent_of.get(code)
        if parent not in parent_of or parent in seen:
            return 0
        return 1 + depth(parent, (*seen, code))

    return sorted(rows, key=lambda row: depth(row.values["code"]))


def write_rejected(spec: KindSpec, path: Path, report: ValidationReport) -> Path:
    """The invalid rows, as they were, with the reason; beside the input as FILE.rejected.csv.

    A cell beyond any column's length is cut to its start and length: it is wrong anyway, and
    copying it whole would let one repeated giant cell fill the disk.
    """
    target = path.with_name(path.name + ".rejected.csv")
    reasons = report.reasons_by_line()
    with open_rows(path) as rows, open(target, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        _, header_cells = next(rows)
        width = len(header_cells)
        writer.writerow([_kept(c) for c in header_cells] + [REASON_HEADER])
        for line, cells in rows:
            if line in reasons:
                padded = [_kept(c) for c in cells][:width] + [""] * (width - len(cells))
                writer.writerow(padded + [reasons[line]])
    return target


def _kept(cell) -> str:
    text = cell_text(cell)
    return text if len(text) <= REJECTED_CELL_CHARS else shown(text)


REJECTED_CELL_CHARS = ImportLimits.max_text_chars


def _known_codes(engine: Engine) -> dict:
    """The codes references may name (and the unit tree, to catch a cycle): small tables."""
    with engine.connect() as conn:
        unit_parents = dict(conn.execute(select(units.c.code, units.c.parent_code)).all())
        L = unit_lineage.c
        return {
            "units": set(unit_parents),
            "leaders": set(conn.execute(select(leaders.c.code)).scalars()),
            "unit_parents": unit_parents,
            "unit_dates": {r.code: (r.valid_from, r.valid_to)
                           for r in conn.execute(select(units.c.code, units.c.valid_from, units.c.valid_to))},
            "lineage": {(r.predecessor, r.successor): (r.effective_date, r.kind, bool(r.is_primary))
                        for r in conn.execute(select(L.predecessor, L.successor, L.effective_date, L.kind,
                                                     L.is_primary))},
        }


def _database_call(fn):
    try:
        return fn()
    except SQLAlchemyError as exc:
        raise ImportDatabaseError(f"không kết nối hoặc không đọc được cơ sở dữ liệu: {one_line(exc)}") from None


def one_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return clipped(text.splitlines()[0]) if text else exc.__class__.__name__


def refusal_message(report: ValidationReport) -> str:
    if report.file_error:
        return f"tệp bị từ chối: {report.file_error}"
    return (f"{report.rows_invalid} dòng không hợp lệ trên {report.rows_total} dòng; không ghi gì. "
            f"Lỗi đầu tiên — {report.errors[0].describe()}")


def success_message(result: ImportResult) -> str:
    return (f"{result.inserted} dòng thêm mới, {result.updated} dòng cập nhật, "
            f"{result.unchanged} dòng không đổi, {result.rejected} dòng bị từ chối")


class _LogEntry:
    def __init__(self, kind: str, file_name: str, user: str, started: datetime):
        self.kind, self.file_name, self.user, self.started = kind, file_name[-500:], user, started

    def write(self, conn: Connection, result: ImportResult) -> None:
        conn.execute(insert(import_log).values(
            kind=self.kind, file_name=self.file_name, imported_by=self.user,
            started_at=self.started, finished_at=now_local(), status=result.status,
            rows_inserted=result.inserted, rows_updated=result.updated, rows_rejected=result.rejected,
            message=result.message,
        ))


def _log_separately(engine: Engine, run: _LogEntry, result: ImportResult) -> None:
    """A refused or failed run is logged in its own transaction, so the data stays untouched."""
    with engine.begin() as conn:
        run.write(conn, result)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "không rõ"


def _tick(progress: Progress | None, phase: str, rows: int) -> None:
    if progress is not None and rows and rows % PROGRESS_EVERY == 0:
        progress(phase, rows)


def _done(progress: Progress | None, phase: str, rows: int) -> None:
    if progress is not None and not (rows and rows % PROGRESS_EVERY == 0):  # else _tick just told it
        progress(phase, rows)
