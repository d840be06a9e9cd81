"""Reading a CSV or XLSX file as a stream of rows, and matching its header to a kind.

Rows are read lazily, one at a time, so a million-row file never sits in memory; each
pass over the file opens it again. Line numbers are the ones a spreadsheet shows:
the header is line 1.
"""
from __future__ import annotations

import codecs
import csv
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from .limits import ImportLimits, clipped, number, shown
from .specs import REASON_HEADER, ColumnSpec, KindSpec
from .values import SheetDate
from .words import fold

SUFFIXES = (".csv", ".xlsx")


class FileRefused(Exception):
    """The file as a whole cannot be imported (type, encoding, header); the message says why."""


# Long free-text cells (progress notes) may exceed the csv module's default 128 KiB; a field
# beyond this is no cell anyone typed, and stops the file (located) before it fills the memory.
CSV_FIELD_LIMIT = 10 * 1024 * 1024
csv.field_size_limit(CSV_FIELD_LIMIT)
HEADER_LIMIT = 64 * 1024  # characters of a header line; real headers have a few hundred


def check_file_type(path: Path) -> None:
    if not path.exists():
        raise FileRefused(f"không tìm thấy tệp {path}")
    if path.suffix.lower() not in SUFFIXES:
        raise FileRefused(f"tệp {path.name} không phải .csv hoặc .xlsx — hãy lưu lại dưới dạng CSV UTF-8 hoặc Excel (.xlsx)")


@contextmanager
def open_rows(path: Path, limits: ImportLimits | None = None) -> Iterator[Iterator[tuple[int, list]]]:
    """(line, cells) for every line of the file, header first; empty lines skipped."""
    check_file_type(path)
    if path.suffix.lower() == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as handle:
            yield _guarded(_csv_rows(handle), path)
    else:
        check_xlsx_size(path, limits or ImportLimits())
        workbook = _open_workbook(path)
        try:
            yield _guarded(_xlsx_rows(workbook), path)
        finally:
            workbook.close()


def _guarded(rows: Iterator, path: Path) -> Iterator[tuple[int, list]]:
    """Turn reading errors that surface mid-file into one plain FileRefused."""
    line = 0
    try:
        for line, cells in rows:
            # any(cells) answers at C speed for almost every line; only a line of falsy cells (empty, or
            # zeros in a workbook) needs the exact test.
            if any(cells) or any(cell is not None and cell != "" for cell in cells):
                yield line, cells
    except UnicodeDecodeError:
        # The text is decoded ahead of the rows, so `line` says little: find the byte itself.
        raise FileRefused(f"tệp {path.name} không phải văn bản UTF-8: {_first_bad_byte(path)} — "
                          "hãy lưu lại dưới dạng «CSV UTF-8»") from None
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise FileRefused(f"tệp {path.name}: dòng {line + 1} có một ô dài hơn {number(CSV_FIELD_LIMIT)} ký tự "
                              "(thường do thiếu dấu ngoặc kép đóng)") from None
        raise FileRefused(clipped(f"tệp {path.name} không đọc được như CSV (dòng {line + 1}): {exc}")) from None
    except FileRefused:
        raise
    except Exception as exc:  # noqa: BLE001 — a damaged workbook fails in many ways (zip, XML, openpyxl)
        # Only reading errors arrive here: what the caller does with a row is raised in its own frame.
        raise FileRefused(clipped(f"tệp {path.name} bị hỏng, không đọc được (sau dòng {line}): "
                                  f"{exc.__class__.__name__}: {exc}")) from None


def _first_bad_byte(path: Path) -> str:
    """Where the first byte that is not UTF-8 lies, as 'dòng N, vị trí K (byte 0xFF)'."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, column = 1, 1
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                # exc.start counts from the bytes the decoder held back from the chunk before (≤ 3).
                start = max(exc.start - len(exc.object) + len(chunk), 0)
                before = chunk[:start]
                newlines = before.count(b"\n")
                line += newlines
                column = (start - before.rfind(b"\n")) if newlines else column + start
                return f"dòng {line}, vị trí {column} (byte 0x{chunk[start]:02X})"
            newlines = chunk.count(b"\n")
            line += newlines
            column = len(chunk) - chunk.rfind(b"\n") if newlines else column + len(chunk)
    return f"dòng {line}"


def sniff_delimiter(header_line: str) -> str:
    """Excel in a Vietnamese locale saves CSV with ';'; elsewhere ','. The header decides."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _csv_rows(handle) -> Iterator[tuple[int, list]]:
    header_line = handle.readline(HEADER_LIMIT)
    if not header_line:
        return
    if len(header_line) >= HEADER_LIMIT and not header_line.endswith("\n"):
        raise csv.Error("dòng tiêu đề dài bất thường (không phải tệp CSV của mẫu nhập)")
    delimiter = sniff_delimiter(header_line)
    yield 1, next(csv.reader([header_line], delimiter=delimiter))
    # Line numbers count records, as a spreadsheet shows them (a quoted cell may span lines).
    for line, cells in enumerate(csv.reader(handle, delimiter=delimiter), start=2):
        yield line, cells


def check_xlsx_size(path: Path, limits: ImportLimits) -> None:
    """Refuse a workbook that would unpack to far more than it weighs (a zip bomb), before reading it.

    The sizes come from the zip's own directory; Python's zipfile never unpacks a member beyond
    its declared size (it fails the CRC instead), so the declared sizes are the real bound.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # _open_workbook says the file is damaged, in its words
    mib = 1024 * 1024
    total = sum(m.file_size for m in members)
    if total > limits.max_xlsx_bytes:
        raise FileRefused(f"tệp {path.name} khi giải nén lớn {number(total // mib)} MB, vượt giới hạn "
                          f"{number(limits.max_xlsx_bytes // mib)} MB — hãy chia thành nhiều tệp nhỏ hơn")
    for member in members:
        size, packed = member.file_size, max(member.compress_size, 1)
        if member.filename.lower().endswith("sharedstrings.xml") and size > limits.max_shared_strings_bytes:
            raise FileRefused(f"tệp {path.name} có bảng chuỗi văn bản (sharedStrings) lớn {number(size // mib)} MB, "
                              f"vượt giới hạn {number(limits.max_shared_strings_bytes // mib)} MB — tệp bất thường, "
                              "không nhập")
        if size > mib and size > limits.max_xlsx_ratio * packed:
            raise FileRefused(f"tệp {path.name} bất thường: phần «{shown(member.filename)}» nén {number(packed)} "
                              f"byte nhưng giải nén ra {number(size)} byte (gấp hơn {limits.max_xlsx_ratio} lần) "
                              "— có thể là tệp độc hại, không nhập")


def _open_workbook(path: Path):
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(path):
        raise FileRefused(f"tệp {path.name} không phải tệp Excel .xlsx hợp lệ (tệp hỏng hoặc sai định dạng)")
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
        raise FileRefused(clipped(f"tệp {path.name} không phải tệp Excel .xlsx hợp lệ: {exc}")) from None


def _xlsx_rows(workbook) -> Iterator[tuple[int, list]]:
    if not workbook.worksheets:
        return
    sheet = workbook.worksheets[0]
    # Some exporters write wrong sheet dimensions; read what is there instead.
    sheet.reset_dimensions()
    for line, row in enumerate(sheet.iter_rows(), start=1):
        yield line, [_xlsx_value(cell) for cell in row]


def _xlsx_value(cell):
    value = getattr(cell, "value", None)
    if isinstance(value, datetime):
        return SheetDate(value, format_has_time(cell.number_format))
    if isinstance(value, date):
        return SheetDate(datetime.combine(value, datetime.min.time()), False)
    return value


@lru_cache(maxsize=256)
def format_has_time(number_format: str) -> bool:
    """Does an Excel number format show a time of day? ('dd/mm/yyyy' no, 'dd/mm/yyyy hh:mm' yes)."""
    text, out, i = number_format or "", [], 0
    while i < len(text):
        ch = text[i]
        if ch == '"':  # quoted literal text
            end = text.find('"', i + 1)
            i = len(text) if end < 0 else end + 1
        elif ch == "[":  # [$-42A], [Red]: locale and colour, not a time part
            end = text.find("]", i + 1)
            i = len(text) if end < 0 else end + 1
        elif ch == "\\":  # escaped literal character
            i += 2
        else:
            out.append(ch.lower())
            i += 1
    code = "".join(out)
    return "h" in code or "s" in code or "am/pm" in code


@dataclass(frozen=True)
class Header:
    """How a file's columns map to a kind's columns."""
    columns: tuple[tuple[int, ColumnSpec], ...]  # (cell index, column) for each recognised column
    labels: dict[str, str]                         # column name -> the header as written in the file
    width: int                                     # number of header cells
    unnamed: frozenset[int]                        # cells under an empty header: must stay empty
    skipped: frozenset[int]                        # the reason column of a rejected-rows file

    def present(self, name: str) -> bool:
        return name in self.labels

    def label(self, name: str) -> str:
        return self.labels.get(name, name)


def match_header(kind: KindSpec, cells: list) -> Header:
    """The header mapped to the kind's columns; an unknown, repeated or missing column refuses the file."""
    accepted = {}
    for column in kind.columns:
        accepted[fold(column.name)] = column
        accepted[fold(column.header_vi)] = column
    columns, labels, unnamed, skipped, unknown = [], {}, set(), set(), []
    for index, cell in enumerate(cells):
        text = "" if cell is None else str(cell).strip()
        if not text:
            unnamed.add(index)
            continue
        if fold(text) == fold(REASON_HEADER):
            skipped.add(index)
            continue
        column = accepted.get(fold(text))
        if column is None:
            unknown.append(text)
        elif column.name in labels:
            raise FileRefused(f"cột «{column.name}» xuất hiện hai lần («{shown(labels[column.name])}» và «{shown(text)}»)")
        else:
            columns.append((index, column))
            labels[column.name] = text
    if unknown:
        named = ", ".join(f"«{shown(u)}»" for u in unknown[:10]) + (f" và {len(unknown) - 10} cột khác"
                                                                    if len(unknown) > 10 else "")
        raise FileRefused(f"cột không có trong mẫu «{kind.name}»: {named} — "
                          f"các cột được phép: {', '.join(c.name for c in kind.columns)}")
    missing = [c for c in kind.required_columns if c.name not in labels]
    if missing:
        raise FileRefused("thiếu cột bắt buộc: " + ", ".join(f"«{c.name}» [{c.header_vi}]" for c in missing))
    return Header(tuple(columns), labels, len(cells), frozenset(unnamed), frozenset(skipped))


def cell_text(raw) -> str:
    """A cell as text, for reports and the rejected-rows file."""
    if raw is None:
        return ""
    if isinstance(raw, SheetDate):
        return raw.as_text()
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)
