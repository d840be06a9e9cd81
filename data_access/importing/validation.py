"""The first pass: check every row, keep only what later rows need (keys, references).

Memory grows with the number of distinct ids (needed to find an id repeated within the
file) and with the errors found, never with the rows themselves.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import NamedTuple

from .limits import ImportLimits, clipped, number, shown
from .reading import FileRefused, Header, cell_text
from .rows import ParsedRow, RowParser, _raw_of
from .specs import KindSpec

REFERENCE_WORDS = {"units": "đơn vị", "leaders": "lãnh đạo"}


class RowError(NamedTuple):
    line: int      # as the spreadsheet shows it; the header is line 1
    column: str    # the header as written in the file
    value: str
    reason: str

    def describe(self) -> str:
        # The value is already cut to its start and length (Validator._error); the whole line is bounded.
        return clipped(f"Dòng {self.line}, cột «{shown(self.column)}», giá trị «{self.value}»: {self.reason}")


@dataclass
class ValidationReport:
    kind: str
    file_name: str
    rows_total: int = 0
    file_error: str | None = None   # set when the whole file is refused
    errors: list[RowError] = field(default_factory=list)
    invalid_lines: set[int] = field(default_factory=set, repr=False)

    @property
    def ok(self) -> bool:
        return self.file_error is None and not self.errors

    @property
    def rows_invalid(self) -> int:
        return len(self.invalid_lines)

    @property
    def rows_valid(self) -> int:
        return self.rows_total - self.rows_invalid

    def reasons_by_line(self) -> dict[int, str]:
        reasons: dict[int, list[str]] = {}
        for error in self.errors:
            reasons.setdefault(error.line, []).append(error.describe())
        return {line: "; ".join(texts) for line, texts in reasons.items()}


class _PendingReference(NamedTuple):
    line: int
    column: str
    value: str
    own_key: object


class Validator:
    """Checks rows one by one; `finish()` settles what only the whole file can tell."""

    def __init__(self, kind: KindSpec, header: Header, report: ValidationReport, known: dict[str, set],
                 limits: ImportLimits | None = None):
        self.kind, self.header, self.report = kind, header, report
        self.limits = limits or ImportLimits()
        self.text_chars = 0  # all the text read so far: a file of endless repeated text stops early
        self.known = known                       # 'units'/'leaders' -> codes already in the database
        self.first_line: dict[object, int] = {}  # row key -> line it first appeared on
        self.repeated: set = set()
        # References to rows of this same file (units.parent_code) wait for the whole file.
        self.pending: list[_PendingReference] = []
        self.references = [c for c in kind.columns if c.references and header.present(c.name)]
        self.parser = RowParser(kind, header, self.limits)
        # units: code -> (parent_code, line), to refuse a parent chain that loops back.
        self.file_parents: dict[str, tuple] = {}
        self.tracks_parents = kind.name == "units" and header.present("parent_code")
        # unit_lineage: (predecessor, successor) -> (line, values, raw cells) of the rows that parsed.
        self.file_edges: dict[tuple, tuple] = {}

    def check(self, line: int, cells: list) -> ParsedRow:
        self.report.rows_total += 1
        self._check_size(line, cells)
        row = self.parser.parse(line, cells)
        for name, raw, reason in row.errors:
            self._error(line, name, cell_text(raw), reason)
        key = row_key(self.kind, row.values)
        if key is not None:
            self._check_repeated(line, key)
        for column in self.references:
            self._check_reference(row, column, key)
        if self.tracks_parents and key is not None:
            self.file_parents[key] = (row.values.get("parent_code"), line)
        if self.kind.name == "unit_lineage" and key is not None and row.ok:
            raw = {name: cell_text(_raw_of(self.header, cells, name)) for name in ("effective_date", "primary")}
            self.file_edges.setdefault(key, (line, row.values, raw))
        return row

    def finish(self) -> ValidationReport:
        self._settle_pending()
        self._check_parent_cycles()
        if self.kind.name == "unit_lineage":
            self._check_lineage()
        self.report.errors.sort(key=lambda e: e.line)
        return self.report

    def _check_size(self, line: int, cells: list) -> None:
        max_rows, max_text = self.limits.rows_limit(self.kind.name), self.limits.text_limit(self.kind.name)
        if self.report.rows_total > max_rows:
            raise FileRefused(too_many_rows(max_rows, line))
        self.text_chars += sum(len(c) for c in cells if c.__class__ is str)
        if self.text_chars > max_text:
            raise FileRefused(too_much_text(max_text, line))

    def _error(self, line: int, name: str, value: str, reason: str) -> None:
        # Only the start of a long value is kept: a report never repeats a whole cell.
        self.report.errors.append(RowError(line, self.header.label(name), shown(value), clipped(reason)))
        self.report.invalid_lines.add(line)

    def _check_repeated(self, line: int, key) -> None:
        first = self.first_line.setdefault(key, line)
        if first == line:
            return
        # Which copy is right cannot be told, so every copy is refused.
        name, text = self._key_label(), key_text(key)
        self._error(line, name, text, f"mã bị lặp lại trong tệp (đã có ở dòng {first})")
        if key not in self.repeated:
            self.repeated.add(key)
            self._error(first, name, text, f"mã bị lặp lại trong tệp (lặp lại ở dòng {line})")

    def _key_label(self) -> str:
        return self.kind.key[0] if len(self.kind.key) == 1 else self.kind.key[-1]

    def _check_reference(self, row: ParsedRow, column, own_key) -> None:
        value = row.values.get(column.name)
        for code in (value if isinstance(value, tuple) else (value,)):
            if code is None or code in self.known[column.references]:
                continue
            if column.references == self.kind.name:
                self.pending.append(_PendingReference(row.line, column.name, code, own_key))
            else:
                self._error(row.line, column.name, code, unknown_reference(column.references, code))

    def _settle_pending(self) -> None:
        """A reference to a row of this file holds only if that row is itself valid (repeat until stable)."""
        if not self.pending:
            return
        valid = {key for key, line in self.first_line.items()
                 if line not in self.report.invalid_lines and key not in self.repeated}
        unsettled = list(self.pending)
        changed = True
        while changed:
            changed, still = False, []
            for ref in unsettled:
                if ref.value in valid:
                    still.append(ref)
                    continue
                reason = unknown_reference(self.kind.name, ref.value)
                if ref.value in self.first_line:
                    reason = f"{REFERENCE_WORDS[self.kind.name]} «{ref.value}» ở dòng {self.first_line[ref.value]} bị lỗi"
                self._error(ref.line, ref.column, ref.value, reason)
                valid.discard(ref.own_key)
                changed = True
            unsettled = still


    def _check_parent_cycles(self) -> None:
        """A unit may not sit, through its parents, under itself (the unit tree would loop)."""
        parents = dict(self.known.get("unit_parents", {}))
        parents.update({code: parent for code, (parent, _) in self.file_parents.items()})
        for code, (parent, line) in self.file_parents.items():
            seen, current = {code}, parent
            while current is not None and line not in self.report.invalid_lines:
                if current in seen:
                    self._error(line, "parent_code", parent,
                                "đơn vị cấp trên tạo thành vòng lặp (một đơn vị nằm dưới chính nó)")
                    break
                seen.add(current)
                current = parents.get(current)


    def _check_lineage(self) -> None:
        """The edges of the file with those stored (IMPORT_FORMATS.md, unit_lineage): dates that meet
        the units' validity, no cycle, exactly one primary successor per split."""
        rows = {key: entry for key, entry in self.file_edges.items()
                if entry[0] not in self.report.invalid_lines and key not in self.repeated}
        dates = self.known.get("unit_dates", {})
        edges = dict(self.known.get("lineage", {}))  # (predecessor, successor) -> (date, kind, primary)
        for key, (_, values, _) in rows.items():
            edges[key] = (values["effective_date"], values["kind"], bool(values.get("primary")))
        for (pred, succ), (line, values, raw) in rows.items():
            day = values["effective_date"]
            _, pred_to = dates.get(pred, (None, None))
            succ_from, _ = dates.get(succ, (None, None))
            if pred_to is not None and day != pred_to + timedelta(days=1):
                self._error(line, "effective_date", raw["effective_date"],
                            f"ngày hiệu lực phải là ngày ngay sau ngày hiệu lực đến của «{pred}» "
                            f"({pred_to:%d/%m/%Y}), tức {pred_to + timedelta(days=1):%d/%m/%Y}")
            elif succ_from is not None and day != succ_from:
                self._error(line, "effective_date", raw["effective_date"],
                            f"ngày hiệu lực phải trùng ngày hiệu lực từ của «{succ}» ({succ_from:%d/%m/%Y})")
        following: dict[str, list[str]] = {}
        for pred, succ in edges:
            following.setdefault(pred, []).append(succ)
        for (pred, succ), (line, _, _) in rows.items():
            path = _path(following, succ, pred)
            if path:
                self._error(line, "successor", succ,
                            "tạo thành vòng lặp kế thừa: " + " → ".join([pred, *path]))
        primaries: dict[str, list[bool]] = {}
        for (pred, _), (_, kind, primary) in edges.items():
            if kind == "split":
                primaries.setdefault(pred, []).append(primary)
        for (pred, succ), (line, values, raw) in rows.items():
            if values["kind"] == "split" and sum(primaries[pred]) != 1:
                self._error(line, "primary", raw["primary"],
                            f"chia tách «{pred}» phải có đúng một đơn vị tiếp nhận chính "
                            f"(đang có {sum(primaries[pred])} trên {len(primaries[pred])} đơn vị sau sắp xếp)")


def _path(following: dict[str, list[str]], start: str, goal: str) -> list[str] | None:
    """The units from `start` to `goal` along the edges (breadth first), or None."""
    previous, queue = {start: None}, [start]
    while queue:
        code = queue.pop(0)
        if code == goal:
            path = []
            while code is not None:
                path.append(code)
                code = previous[code]
            return path[::-1]
        for nxt in following.get(code, ()):
            if nxt not in previous:
                previous[nxt] = code
                queue.append(nxt)
    return None


def too_many_rows(limit: int, line: int) -> str:
    return (f"tệp có hơn {number(limit)} dòng dữ liệu (dòng {line} vượt giới hạn một lần nhập) — hãy chia thành "
            "nhiều tệp nhỏ hơn")


def too_much_text(limit: int, line: int) -> str:
    return (f"tệp chứa quá nhiều văn bản (hơn {number(limit)} ký tự, đến dòng {line}) — hãy kiểm tra các ô có "
            "nội dung lặp lại bất thường")


def unknown_reference(target: str, code: str) -> str:
    return f"không có {REFERENCE_WORDS[target]} mã «{code}» trong cơ sở dữ liệu hay trong tệp"


def row_key(kind: KindSpec, values: dict):
    """The row's id (a tuple for composite keys), or None when a key cell is missing or invalid."""
    parts = [values.get(name) for name in kind.key]
    if any(part is None for part in parts):
        return None
    return parts[0] if len(parts) == 1 else tuple(parts)


def key_text(key) -> str:
    return " / ".join(str(part) for part in key) if isinstance(key, tuple) else str(key)
