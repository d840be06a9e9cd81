"""Files that flood or sink the importer (issue 14): every refusal located, exit 2, output bounded,
nothing written by a refused file, and `--skip-invalid` keeps every good row. SQLite and PostgreSQL.

The malicious files are made here: a zip bomb built with zipfile, giant and repeated cells,
numbers beyond the database's types, NUL bytes, dates in 2999, a byte that is not UTF-8.
"""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from data_access.importer import import_file, validate_file
from data_access.importing.limits import ImportLimits
from data_access.importing.values import CellError, parse_int, parse_points
from data_access.schema import import_log, par_scores, receptions, tasks
from test_importer import DOSSIER_HEADER, add_references, count, dossier_row, write_csv

PROJECT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 12, 3)
LIMITS = ImportLimits(today=TODAY)
TASK_HEADER = ["task_id", "title", "assigned_by", "lead_unit", "assigned_date", "due_date"]
OUTPUT_BOUND = 40_000  # bytes: a hundred located lines and a summary, whatever the file holds


def task(task_id, title="Xây dựng đề án", assigned="2026-03-01", due="2026-03-31"):
    return [task_id, title, "PCT1", "STC", assigned, due]


def run_cli(*args, env_extra=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "BDH_IMPORT_TODAY": TODAY.isoformat(), **(env_extra or {})}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "data_access", "import", *args], cwd=PROJECT, env=env,
                          capture_output=True, timeout=120)


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def located(report) -> set[tuple]:
    return {(e.line, e.column) for e in report.errors}


def zip_bomb(path: Path, string_mib: int = 200, rows: int = 400_000) -> Path:
    """A workbook whose one shared string is `string_mib` MiB, used as the title of every row (as probed)."""
    plain = path.with_suffix(".plain.xlsx")
    workbook = Workbook()
    workbook.active.append(TASK_HEADER)
    workbook.save(plain)

    def inline(ref, text):
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'

    header = "".join(inline(f"{chr(65 + i)}1", name) for i, name in enumerate(TASK_HEADER))
    data = "".join(f'<row r="{n}">{inline(f"A{n}", f"NV-{n}")}<c r="B{n}" t="s"><v>0</v></c>'
                   f'{inline(f"C{n}", "PCT1")}{inline(f"D{n}", "STC")}{inline(f"E{n}", "2026-03-01")}</row>'
                   for n in range(2, rows + 2))
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData><row r="1">{header}</row>{data}</sheetData></worksheet>')
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for member in source.infolist():
            if member.filename == "xl/worksheets/sheet1.xml":
                bomb.writestr(member.filename, sheet)
            elif member.filename != "xl/sharedStrings.xml":
                bomb.writestr(member, source.read(member.filename))
        with bomb.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                      b' count="1" uniqueCount="1"><si><t>')
            chunk = b"A" * (1 << 20)
            for _ in range(string_mib):
                out.write(chunk)
            out.write(b"</t></si></sst>")
    plain.unlink()
    return path


# --- the zip bomb and the giant cells: refused, located, a bounded report -----------------------------

def test_an_xlsx_zip_bomb_is_refused_before_it_is_read(engine, tmp_path):
    add_references(engine)
    bomb = zip_bomb(tmp_path / "nhiem_vu.xlsx")
    assert bomb.stat().st_size < 10 * 1024 * 1024  # a few MB that unpack to 200 MB of one string
    done = run_cli("tasks", str(bomb), "--db", url_of(engine))
    assert done.returncode == 2, done.stderr[-2000:]
    assert len(done.stdout) + len(done.stderr) < 2_000
    message = done.stderr.decode()
    assert "sharedStrings" in message and "Traceback" not in message
    assert count(engine, tasks) == 0


def test_a_repeated_giant_cell_gives_a_short_report(engine, tmp_path):
    """One 25 000-character title in a thousand rows: it used to be printed whole, every time (25 MB)."""
    add_references(engine)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(TASK_HEADER)
    giant = "Nội dung lặp lại " * 1_500  # ~25 000 characters, stored once in the shared strings
    sheet.append(task("NV-OK"))
    for n in range(1_000):
        sheet.append(task(f"NV-{n}", title=giant))
    path = tmp_path / "nv.xlsx"
    workbook.save(path)
    done = run_cli("tasks", str(path), "--db", url_of(engine))
    assert done.returncode == 2
    assert len(done.stdout) + len(done.stderr) < OUTPUT_BOUND
    message = done.stderr.decode()
    assert "Dòng 3, cột «title», giá trị «Nội dung lặp lại" in message
    assert "(25.500 ký tự)" in message and "dài quá 20.000 ký tự" in message
    assert "900 lỗi khác" in message
    assert count(engine, tasks) == 0
    kept = run_cli("tasks", str(path), "--db", url_of(engine), "--skip-invalid")
    assert kept.returncode == 0, kept.stderr[-2000:]
    assert len(kept.stdout) + len(kept.stderr) < OUTPUT_BOUND
    assert count(engine, tasks) == 1
    rejected = tmp_path / "nv.xlsx.rejected.csv"
    assert rejected.stat().st_size < 1_000 * 500  # the giant cell is cut there too


def test_a_million_character_cell_is_refused_by_its_start_and_length(engine, tmp_path):
    add_references(engine)
    path = write_csv(tmp_path / "nv.csv", [TASK_HEADER, task("NV-1", title="x" * 1_000_000), task("NV-2")])
    done = run_cli("tasks", str(path), "--db", url_of(engine))
    assert done.returncode == 2 and len(done.stderr) < 2_000
    assert "Dòng 2, cột «title», giá trị «xxxxxxxx" in done.stderr.decode()
    assert "(1.000.000 ký tự)" in done.stderr.decode()
    # in the header: an unknown column is named by its start; a header line of a megabyte is no header
    for header_cell, words in (("y" * 50_000, "«yyyy"), ("y" * 1_000_000, "dòng tiêu đề dài bất thường")):
        path = write_csv(tmp_path / "nv.csv", [[*TASK_HEADER, header_cell], [*task("NV-1"), "1"]])
        done = run_cli("tasks", str(path), "--db", url_of(engine))
        assert done.returncode == 2 and len(done.stderr) < 2_000 and "Traceback" not in done.stderr.decode()
        assert words in done.stderr.decode()


# --- values beyond their column, control characters, implausible dates ---------------------------------

def test_bad_values_are_located_at_validation_and_skip_invalid_keeps_every_good_row(engine, tmp_path):
    add_references(engine)
    reception_header = ["reception_id", "date", "kind", "people"]
    path = write_csv(tmp_path / "tcd.csv", [
        reception_header,
        ["TCD-1", "2026-03-15", "định kỳ", "5"],
        ["TCD-2", "2026-03-15", "định kỳ", "99999999999999999999"],   # beyond INTEGER
        ["TCD-3", "2026-03-15", "định kỳ", "9" * 5_000],              # beyond what int() reads
        ["TCD-4", "2999-03-15", "định kỳ", "5"],                      # a reception in 2999
        ["TCD-5", "2026-03-16", "định kỳ", "7"],
    ])
    report = validate_file(engine, "receptions", path, limits=LIMITS)
    assert located(report) == {(3, "people"), (4, "people"), (5, "date")}
    assert all(len(e.describe()) < 300 for e in report.errors)
    assert "ở tương lai" in next(e.reason for e in report.errors if e.line == 5)
    kept = import_file(engine, "receptions", path, skip_invalid=True, limits=LIMITS)
    assert (kept.status, kept.inserted, kept.rejected) == ("partial", 2, 3)
    assert count(engine, receptions) == 2


def test_points_that_are_not_finite_or_too_large_are_refused_not_crashing(engine, tmp_path):
    add_references(engine)
    header = ["year", "unit", "criterion_code", "criterion_name", "max_points", "appraised_score"]
    path = write_csv(tmp_path / "par.csv", [
        header,
        ["2025", "STC", "LV1", "Chỉ đạo", "10", "9.5"],
        ["2025", "STC", "LV2", "Thể chế", "1e999999", "1"],
        ["2025", "STC", "LV3", "Thủ tục", "NaN", "1"],
        ["2025", "STC", "LV4", "Bộ máy", "inf", "1"],
        ["2025", "STC", "LV5", "Công vụ", "10", "-Infinity"],
        ["2025", "STC", "LV6", "Tài chính", "10", "1" + "0" * 300],
        ["2025", "STC", "LV7", "Hiện đại hóa", "12", "11"],
    ])
    done = run_cli("par_scores", str(path), "--db", url_of(engine))
    message = done.stderr.decode()
    assert done.returncode == 2 and "InvalidOperation" not in message and "không mong đợi" not in message
    for line, column in ((3, "max_points"), (4, "max_points"), (5, "max_points"), (6, "appraised_score"),
                         (7, "appraised_score")):
        assert f"Dòng {line}, cột «{column}»" in message
    assert count(engine, par_scores) == 0
    kept = run_cli("par_scores", str(path), "--db", url_of(engine), "--skip-invalid")
    assert kept.returncode == 0 and "2 dòng thêm mới" in kept.stdout.decode()
    assert count(engine, par_scores) == 2


def test_nul_and_control_characters_are_refused_with_line_and_column(engine, tmp_path):
    add_references(engine)
    path = write_csv(tmp_path / "nv.csv", [
        TASK_HEADER,
        task("NV-1"),
        task("NV-2", title="Đề án\x00 kinh tế số"),
        task("NV-3", title="Chuông\x07"),
        task("NV-4", title="Nhiều dòng\nvà\tcột là văn bản"),  # line feeds and tabs are text
        task("NV\x1b-5"),
    ])
    report = validate_file(engine, "tasks", path, limits=LIMITS)
    assert located(report) == {(3, "title"), (4, "title"), (6, "task_id")}
    reason = next(e.reason for e in report.errors if e.line == 3)
    assert "U+0000" in reason and "ký tự thứ 6" in reason
    # The refusal is logged: its message quotes the NUL written out, which PostgreSQL can store.
    refused = import_file(engine, "tasks", path, limits=LIMITS)
    assert refused.status == "rejected" and refused.log_error is None
    assert "\\x00" in refused.message and "\x00" not in refused.message
    kept = import_file(engine, "tasks", path, skip_invalid=True, limits=LIMITS)
    assert (kept.status, kept.inserted) == ("partial", 2)  # on PostgreSQL, a NUL used to sink the write
    assert kept.log_error is None and count(engine, import_log) == 2


def test_dates_outside_a_plausible_window(engine, tmp_path):
    add_references(engine)
    path = write_csv(tmp_path / "nv.csv", [
        TASK_HEADER,
        task("NV-1", due="2030-12-31"),                     # a deadline four years ahead: fine
        task("NV-2", due="9999-12-31"),                     # "no deadline" written as a date
        task("NV-3", assigned="1901-01-01", due=""),        # before any record
        task("NV-4", assigned="2026-12-05", due="2026-12-31"),  # assigned the day after tomorrow
        task("NV-5", assigned="2026-12-04", due="2026-12-31"),  # tomorrow: another clock's today
    ])
    report = validate_file(engine, "tasks", path, limits=LIMITS)
    assert located(report) == {(3, "due_date"), (4, "assigned_date"), (5, "assigned_date")}
    dossiers = write_csv(tmp_path / "hs.csv", [
        DOSSIER_HEADER, dossier_row("HS1"),
        dossier_row("HS2", received="2999-01-01 08:00", due="2999-01-05 17:00"),
    ])
    assert located(validate_file(engine, "dossiers", dossiers, limits=LIMITS)) == {(3, "received_at"), (3, "due_at")}
    # the window is configurable
    wide = ImportLimits(today=TODAY, years_ahead=8000)
    assert (3, "due_date") not in located(validate_file(engine, "tasks", path, limits=wide))


# --- whole-file limits, encoding ----------------------------------------------------------------------

def test_row_count_limit_refuses_the_file_in_plain_words(engine, tmp_path):
    add_references(engine)
    path = write_csv(tmp_path / "nv.csv", [TASK_HEADER] + [task(f"NV-{n}") for n in range(6)])
    done = run_cli("tasks", str(path), "--db", url_of(engine), env_extra={"BDH_IMPORT_MAX_ROWS": "5"})
    assert done.returncode == 2
    message = done.stderr.decode()
    assert "hơn 5 dòng dữ liệu" in message and "dòng 7" in message
    assert count(engine, tasks) == 0
    assert run_cli("tasks", str(path), "--db", url_of(engine)).returncode == 0


def test_a_byte_that_is_not_utf8_is_located_on_its_line(engine, tmp_path):
    add_references(engine)
    lines = [",".join(TASK_HEADER)] + [",".join(task(f"NV-{n}")) for n in range(2, 3000)]
    body = ("\n".join(lines) + "\n").encode()
    bad = ",".join(task("NV-3000", title="Đan")).encode("cp1258")  # a Vietnamese ANSI export: Đ is 0xD0
    path = tmp_path / "nv.csv"
    path.write_bytes(body + bad + b"\n")
    done = run_cli("tasks", str(path), "--db", url_of(engine))
    message = done.stderr.decode()
    assert done.returncode == 2 and "UTF-8" in message
    assert "dòng 3000, vị trí 9" in message and "sau dòng 0" not in message


def test_damaged_workbooks_are_refused_in_plain_words(engine, tmp_path):
    add_references(engine)
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(200))
    report = validate_file(engine, "tasks", path, limits=LIMITS)
    assert report.file_error and "xlsx" in report.file_error.lower()
    # a sheet cut in the middle (a download that stopped): it used to end in "Lỗi không mong đợi", exit 1
    workbook = Workbook()
    workbook.active.append(TASK_HEADER)
    for n in range(200):
        workbook.active.append(task(f"NV-{n}"))
    whole, cut = tmp_path / "du.xlsx", tmp_path / "cut.xlsx"
    workbook.save(whole)
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(cut, "w") as target:
        for member in source.infolist():
            data = source.read(member.filename)
            target.writestr(member.filename, data[: len(data) // 2] if member.filename.endswith("sheet1.xml") else data)
    done = run_cli("tasks", str(cut), "--db", url_of(engine))
    message = done.stderr.decode()
    assert done.returncode == 2 and "bị hỏng" in message and "không mong đợi" not in message
    assert "sau dòng " in message and "sau dòng 0" not in message
    assert count(engine, tasks) == 0


# --- the cell parsers ---------------------------------------------------------------------------------

def test_number_parsers_keep_to_the_database_types():
    assert parse_int("2147483647") == 2147483647
    for raw in ("2147483648", "-2147483649", "9" * 10_000, 1e300):
        with pytest.raises(CellError):
            parse_int(raw)
    assert parse_points("9999999999.99") == Decimal("9999999999.99")
    for raw in ("1e999999", "NaN", "sNaN", "-inf", "Infinity", float("nan"), float("inf"), 1e300,
                "10000000000", "1" * 100):
        with pytest.raises(CellError):
            parse_points(raw)
