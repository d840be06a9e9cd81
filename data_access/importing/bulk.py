"""The bulk path for large dossier files: the same checks, column-wise, then one set-wise write.

    with BulkImport(engine, spec, path, limits, progress, known) as job:
        report = job.validate()            # the whole file, staged in a temporary table
        with job.begin() as conn:          # one transaction
            counts, rows_by_unit = job.write(conn)

Reading: the rows come from the same reader as the row path (reading.open_rows), in batches of
BATCH_ROWS. Checking: each batch is checked column by column. A cell is *surely valid* when a cheap
column-wise test says so: a text cell already trimmed, printable and short enough; a datetime in one of
the usual shapes (YYYY-MM-DD HH:MM[:SS], dd/mm/yyyy [HH:MM], YYYY-MM-DD) whose digits numpy checks for a
real day inside the column's window; a list word or a code through rows.parse_cell itself, once per
distinct value. The cross-column rules run in their batch form (rules.py). A row with any cell or rule
that is not surely valid is given whole to the row path's own judge (validation.Validator), so the
errors, their messages and their order are the row path's, by construction. Ids repeated in the file are
found in the staged table (SQL), with the same messages. Nothing is written to `dossiers` before the whole
file is checked.

Writing, in one transaction: a guard row (`rollup_guard`, migration 0016) makes the row triggers stand
aside for this transaction only; procedures are upserted; the changed rows' old rollup contribution is
subtracted, they are updated set-wise from the stage, the new rows inserted with one INSERT … SELECT, and
the contribution of the new and changed rows added — the same flow/backlog/turnaround SQL the triggers
run (rollups.apply_contribution). The guard row is deleted before commit (a deferred foreign key makes a
commit that still holds it fail). Other writers' triggers keep working all along.

Memory: one batch of rows at a time; the ids and lines live in the staged table, not in Python.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from itertools import chain

import numpy as np
from sqlalchemy import Connection, Engine, bindparam, column, inspect, select, table, text

from ..rollups import GUARD_TABLE, SOURCE_COLUMNS, apply_contribution
from ..schema import dossiers, procedures
from .limits import BULK_KINDS, ImportLimits
from .reading import FileRefused, Header, match_header, open_rows
from .rows import parse_cell
from .specs import DATETIME, TEXT, KindSpec
from .validation import ValidationReport, Validator, key_text, row_key, too_many_rows, too_much_text
from .writing import WriteCounts

BATCH_ROWS = 50_000
STAGE = "bulk_stage"
MEMO_LIMIT = 200_000  # distinct values remembered per column before the memo starts afresh
UNSURE = object()
SQLITE_CACHE_KIB = 64 * 1024
PG_WORK_MEM = "128MB"
# New rows go in in the order of their reception: most indexes of `dossiers` lead with a date (or a unit,
# then a date), so their pages are then filled in order instead of at random.
INSERT_ORDER = "received_at"


def bulk_available(engine_or_conn, kind: str) -> bool:
    """The bulk path is for the dossier kind, on a database whose triggers know the guard (0016)."""
    if kind not in BULK_KINDS:
        return False
    return inspect(engine_or_conn).has_table(GUARD_TABLE)


class _Judge(Validator):
    """The row path's validator for the rows the column-wise checks are not sure of.

    Sizes and repeated ids are settled for the whole file elsewhere (the batch, the stage); each error
    carries its rank among a line's errors as the row path orders them: the cells and rules (0), the
    repeat of an earlier id (1), the references (2), the first copy of a repeated id (3, found later).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rank = 0
        self.ranks: list[int] = []

    def _check_size(self, line, cells):
        pass

    def _check_repeated(self, line, key):
        pass

    def _check_reference(self, row, column, own_key):
        self.rank = 2
        try:
            super()._check_reference(row, column, own_key)
        finally:
            self.rank = 0

    def _error(self, line, name, value, reason):
        super()._error(line, name, value, reason)
        self.ranks.append(self.rank)


class BulkImport:
    def __init__(self, engine: Engine, spec: KindSpec, path, limits: ImportLimits, progress, known_codes):
        self.engine, self.spec, self.path, self.limits = engine, spec, path, limits
        self.progress, self.known_codes = progress, known_codes
        self.conn: Connection | None = None
        self.sqlite = engine.dialect.name == "sqlite"
        self.report = ValidationReport(kind=spec.name, file_name=path.name)
        self.header: Header | None = None
        # Staged: the line, whether the row is valid, then the dossier's columns and the two procedure ones.
        self.stored = [c for c in dossiers.c.keys() if c != "turnaround_bucket"]
        self.stage_columns = ["line", "ok", *self.stored, "procedure_name", "field"]
        # Staged datetimes are ISO text; on SQLite with the microseconds, as SQLAlchemy stores a DateTime there,
        # so that stored and staged values compare equal.
        self.suffix = ".000000" if self.sqlite else ""

    # ---- the connection and its stage -----------------------------------------------------------------

    def __enter__(self) -> "BulkImport":
        self.conn = self.engine.connect()
        if self.sqlite:
            # Ten indexes of `dossiers` take a million rows each: a page cache that holds their hot pages
            # (SQLite's default is 2 MiB) makes the INSERT … SELECT about twice as fast; 64 MiB keeps a 10 M-row import
            # under 500 MB of memory (the sorter of the grouped rollup statements takes as much again). This connection only.
            self.conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self.conn.in_transaction():
                self.conn.rollback()
            self.conn.exec_driver_sql(f"DROP TABLE IF EXISTS {STAGE}")
            self.conn.commit()
        except Exception:  # noqa: BLE001 — a broken connection takes its temporary table with it
            pass
        finally:
            if self.sqlite:
                try:
                    self.conn.exec_driver_sql("PRAGMA cache_size = -2000")  # back to SQLite's default
                except Exception:  # noqa: BLE001
                    pass
            self.conn.close()

    def _create_stage(self) -> None:
        dialect = self.conn.dialect
        types = {"line": "INTEGER PRIMARY KEY" if self.sqlite else "INTEGER",
                 "ok": "BOOLEAN NOT NULL", "act": "SMALLINT",
                 "procedure_name": procedures.c.name.type.compile(dialect),
                 "field": procedures.c.field.type.compile(dialect)}
        for name in self.stored:
            types[name] = dossiers.c[name].type.compile(dialect)
        columns = ", ".join(f"{name} {types[name]}" for name in [*self.stage_columns, "act"])
        self.conn.exec_driver_sql(f"DROP TABLE IF EXISTS {STAGE}")
        self.conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {STAGE} ({columns})")
        self.conn.commit()

    def _stage(self, rows: list[tuple]) -> None:
        if not rows:
            return
        names = ", ".join(self.stage_columns)
        if self.sqlite:
            marks = ", ".join("?" * len(self.stage_columns))
            self.conn.exec_driver_sql(f"INSERT INTO {STAGE} ({names}) VALUES ({marks})", rows)
        else:
            cursor = self.conn.connection.driver_connection.cursor()
            with cursor.copy(f"COPY {STAGE} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        self.conn.commit()

    # ---- checking -----------------------------------------------------------------------------------

    def validate(self) -> ValidationReport:
        report = self.report
        _tell(self.progress, "validate", 0)
        self.told = 0
        try:
            self.known = self.known_codes()
            self._create_stage()
            with open_rows(self.path, self.limits) as rows:
                first = next(rows, None)
                if first is None:
                    raise FileRefused("tệp trống, không có dòng tiêu đề")
                self.header = match_header(self.spec, first[1])
                self._plan()
                batch = []
                for line_cells in rows:
                    batch.append(line_cells)
                    if len(batch) >= BATCH_ROWS:
                        self._check_batch(batch)
                        batch = []
                if batch:
                    self._check_batch(batch)
            self._check_repeated()
        except FileRefused as exc:
            report.file_error = str(exc)
            report.errors.clear()
            report.invalid_lines.clear()
        if self.told != report.rows_total:  # the last batch has told it already, unless the file was refused
            _tell(self.progress, "validate", report.rows_total)
        return report

    def _plan(self) -> None:
        header, limits = self.header, self.limits
        self.judge = _Judge(self.spec, header, self.report, self.known, limits)
        self.text_chars = 0
        self.plan = self.judge.parser.plan  # (cell index, column, parser, longest): the row path's own
        self.absent = dict(self.judge.parser.absent)
        self.rules = self.spec.rules
        self.memos: dict[str, dict] = {}

    def _check_batch(self, batch: list) -> None:
        header, n = self.header, len(batch)
        lines = [line for line, _ in batch]
        cells_list = [cells for _, cells in batch]
        self._check_size(lines, cells_list)
        width = header.width
        unsure: set[int] = set()  # the rows the row path's judge must see
        if all(len(cells) == width for cells in cells_list):
            columns = list(zip(*cells_list))
        else:
            padded = []
            for i, cells in enumerate(cells_list):
                if len(cells) != width:
                    unsure.add(i)
                    cells = (list(cells) + [None] * width)[:width]
                padded.append(cells)
            columns = list(zip(*padded))
        for index in header.unnamed:  # a cell under an empty header: the row path says what is wrong
            unsure.update(i for i, raw in enumerate(columns[index]) if raw is not None and raw != "")
        values: dict[str, list] = {name: [value] * n for name, value in self.absent.items()}
        has_time: dict[str, list] = {}
        for index, col, parser, longest in self.plan:
            raws = columns[index]
            if col.type == DATETIME:
                values[col.name], has_time[col.name] = self._datetimes(col, raws, unsure)
            elif col.type == TEXT and col.choices is None:
                values[col.name] = self._texts(col, raws, unsure)
            else:
                values[col.name] = self._memo(col, parser, longest, raws, unsure)
        timeless = {name: [not t for t in flags] for name, flags in has_time.items()}
        for rule in self.rules:
            batch_form = getattr(rule, "batch", None)
            if batch_form is None:
                unsure.update(range(n))
                continue
            unsure.update(i for i, holds in enumerate(batch_form(values, timeless)) if not holds)
        ok_flags = [True] * n
        for i in sorted(unsure):
            self._judge_row(i, lines[i], cells_list[i], values, has_time, ok_flags)
        self.report.rows_total += n - len(unsure)
        self._stage(self._records(lines, ok_flags, values, has_time, n))
        _tell(self.progress, "validate", self.report.rows_total)
        self.told = self.report.rows_total

    def _check_size(self, lines: list[int], cells_list: list) -> None:
        """The row path's two bounds (validation.Validator._check_size), told at the same line."""
        before, kind = self.report.rows_total, self.spec.name
        max_rows, max_text = self.limits.rows_limit(kind), self.limits.text_limit(kind)
        over_rows = max_rows - before if before + len(lines) > max_rows else None
        try:
            chars = sum(map(len, chain.from_iterable(cells_list)))
        except TypeError:  # XLSX: numbers and dates among the cells
            chars = sum(len(c) for cells in cells_list for c in cells if c.__class__ is str)
        over_text = None
        if self.text_chars + chars > max_text:
            running = self.text_chars
            for i, cells in enumerate(cells_list):
                running += sum(len(c) for c in cells if c.__class__ is str)
                if running > max_text:
                    over_text = i
                    break
        self.text_chars += chars
        if over_rows is not None and (over_text is None or over_rows <= over_text):
            raise FileRefused(too_many_rows(max_rows, lines[over_rows]))
        if over_text is not None:
            raise FileRefused(too_much_text(max_text, lines[over_text]))

    def _texts(self, col, raws, unsure) -> list:
        """Free text and codes: surely valid when already trimmed, printable and within the length."""
        limit = col.max_length or self.limits.max_text_chars
        out = list(raws)
        bad = [i for i, raw in enumerate(raws)
               if not (raw.__class__ is str and 0 < len(raw) <= limit and raw.isprintable() and raw[0] != " "
                       and raw[-1] != " ")]
        for i in bad:
            raw = raws[i]
            if (raw is None or raw == "") and not col.required:
                out[i] = col.default
            else:
                unsure.add(i)
                out[i] = None
        if col.references:
            known = self.known[col.references]
            unsure.update(i for i, value in enumerate(out) if value is not None and value not in known)
        return out

    def _memo(self, col, parser, longest, raws, unsure) -> list:
        """Few distinct values (list words, numbers): the row path's own parse_cell, once per value."""
        memo = self.memos.setdefault(col.name, {})
        known = self.known[col.references] if col.references else None
        out = []
        for raw in raws:
            try:
                value = memo[raw]
            except KeyError:
                value, _, reason = parse_cell(col, parser, longest, raw)
                if reason is not None or (known is not None and value is not None and value not in known):
                    value = UNSURE
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                memo[raw] = value
            except TypeError:  # an unhashable cell: never from the readers, but judged whole if it comes
                value = UNSURE
            out.append(value)
        unsure.update(i for i, value in enumerate(out) if value is UNSURE)
        return [None if value is UNSURE else value for value in out]

    def _datetimes(self, col, raws, unsure) -> tuple[list, list]:
        """ISO text 'YYYY-MM-DD HH:MM:SS' (+ the stored suffix) and has-time flags for the usual shapes."""
        x = self.suffix
        try:
            lengths = list(map(len, raws))
        except TypeError:  # XLSX: real dates and numbers among the cells; each is judged by the row path
            lengths = [len(r) if r.__class__ is str else 0 if r is None else -1 for r in raws]
        # The common shapes inline; the others through _shape (a function call each).
        canon = [r + ":00" + x if n == 16 and r[4] == "-" else r + x if n == 19 and r[4] == "-"
                 else None if n <= 0 else _shape(r, x) for r, n in zip(raws, lengths)]
        times = [n != 10 for n in lengths]
        for i in [i for i, (c, n) in enumerate(zip(canon, lengths)) if c is None]:
            if lengths[i] == 0 and not col.required:
                canon[i] = col.default
            else:
                unsure.add(i)
        candidates = [i for i, c in enumerate(canon) if c is not None]
        if candidates:
            first, last = self.limits.date_window(col.when or "deadline")
            good = _valid_iso([canon[i] for i in candidates], first, last, len(x))
            for i in np.flatnonzero(~good).tolist():
                unsure.add(candidates[i])
                canon[candidates[i]] = None
        return canon, times

    def _judge_row(self, i, line, cells, values, has_time, ok_flags) -> None:
        before = len(self.report.errors)
        row = self.judge.check(line, cells)
        valid = len(self.report.errors) == before
        ok_flags[i] = valid
        for name in values:
            value = row.values.get(name) if valid or name in self.spec.key else None
            if isinstance(value, datetime):
                value = _iso(value, self.sqlite)
            values[name][i] = value
        for name in has_time:
            has_time[name][i] = name not in row.timeless
        if not valid and row_key(self.spec, row.values) is None:
            values[self.spec.key[0]][i] = None

    def _records(self, lines, ok_flags, values, has_time, n) -> list[tuple]:
        columns = []
        for name in self.stage_columns:
            if name == "line":
                columns.append(lines)
            elif name == "ok":
                columns.append(ok_flags)
            elif name in ("due_has_time", "resolved_has_time"):
                flags = has_time.get(name.replace("_has_time", "_at"))
                columns.append(flags if flags is not None else [True] * n)
            else:
                columns.append(values.get(name, [None] * n))
        return list(zip(*columns))

    def _check_repeated(self) -> None:
        """Ids that occur more than once: every copy refused, with the row path's messages and order."""
        conn, key = self.conn, self.spec.key[0]
        conn.exec_driver_sql(f"CREATE INDEX {STAGE}_key ON {STAGE} ({key}, line)")
        repeats = conn.exec_driver_sql(
            f"SELECT {key}, line FROM {STAGE} WHERE {key} IN "
            f"(SELECT {key} FROM {STAGE} WHERE {key} IS NOT NULL GROUP BY {key} HAVING count(*) > 1) "
            f"ORDER BY {key}, line").all()
        judge, report = self.judge, self.report
        errors = list(zip(report.errors, judge.ranks))
        label = self.header.label(key)
        previous, first = None, None
        for value, line in repeats:
            if value != previous:
                previous, first, told = value, line, False
                continue
            shown_value = key_text(value)
            errors.append((_error(label, line, shown_value, f"mã bị lặp lại trong tệp (đã có ở dòng {first})"), 1))
            if not told:
                errors.append((_error(label, first, shown_value, f"mã bị lặp lại trong tệp (lặp lại ở dòng {line})"), 3))
                told = True
            report.invalid_lines.update((line, first))
        if repeats:
            conn.exec_driver_sql(
                f"UPDATE {STAGE} SET ok = {self._false} WHERE {key} IN "
                f"(SELECT {key} FROM {STAGE} WHERE {key} IS NOT NULL GROUP BY {key} HAVING count(*) > 1)")
        conn.commit()
        errors.sort(key=lambda pair: (pair[0].line, pair[1]))
        report.errors[:] = [error for error, _ in errors]

    @property
    def _false(self) -> str:
        return "0" if self.sqlite else "false"

    @property
    def _true(self) -> str:
        return "1" if self.sqlite else "true"

    # ---- writing ------------------------------------------------------------------------------------

    @contextmanager
    def begin(self):
        with self.conn.begin():
            yield self.conn

    def write(self, conn: Connection) -> tuple[WriteCounts, dict[str, int]]:
        """The staged valid rows into `dossiers`, with the rollup delta, in the caller's transaction."""
        key, ok = self.spec.key[0], f"s.ok = {self._true}"
        distinct = "IS NOT" if self.sqlite else "IS DISTINCT FROM"
        valid = conn.exec_driver_sql(f"SELECT count(*) FROM {STAGE} s WHERE {ok}").scalar()
        _tell(self.progress, "write", 0)
        if not self.sqlite:
            # This transaction only: its grouped rollup statements hash in memory rather than sort on disk.
            conn.exec_driver_sql(f"SET LOCAL work_mem = '{PG_WORK_MEM}'")
        self._guard(conn, True)
        self._procedures(conn, ok)
        # Which staged rows are stored already, and which of those differ in a column the file gives.
        given = [c for c in self.stored if c != key and _given(self.header, c)]
        differs = " OR ".join(f"d.{c} {distinct} {STAGE}.{c}" for c in given) or "false"
        if self.sqlite:
            differs = differs.replace("false", "0")
        conn.exec_driver_sql(
            f"UPDATE {STAGE} SET act = CASE WHEN {differs} THEN 2 ELSE 0 END FROM dossiers d "
            f"WHERE d.{key} = {STAGE}.{key} AND {STAGE}.ok = {self._true}")
        stage = table(STAGE, column(key), column("ok"), column("act"))
        changed = select(*[dossiers.c[c] for c in SOURCE_COLUMNS]).where(
            dossiers.c[key].in_(select(stage.c[key]).where(stage.c.act == 2))).subquery("changed_old")
        _tell(self.progress, "rollups", 0)
        if conn.exec_driver_sql(f"SELECT 1 FROM {STAGE} WHERE act = 2 LIMIT 1").first():
            if not self.sqlite:
                # Another writer must not change these rows between the subtraction of their contribution (which
                # reads them as they are now) and their update: lock them first. SQLite has one writer.
                conn.exec_driver_sql(f"SELECT 1 FROM dossiers d JOIN {STAGE} s ON s.{key} = d.{key} "
                                     "WHERE s.act = 2 FOR UPDATE OF d")
            apply_contribution(conn, changed, -1)
        if given:
            sets = ", ".join(f"{c} = s.{c}" for c in given)
            updated = conn.exec_driver_sql(
                f"UPDATE dossiers SET {sets} FROM {STAGE} s WHERE s.{key} = dossiers.{key} AND s.act = 2").rowcount
        else:
            updated = 0
        _tell(self.progress, "write", max(updated, 0))
        names = ", ".join(self.stored)
        inserted = conn.exec_driver_sql(
            f"INSERT INTO dossiers ({names}) SELECT {', '.join('s.' + c for c in self.stored)} FROM {STAGE} s "
            f"WHERE {ok} AND s.act IS NULL ORDER BY s.{INSERT_ORDER}").rowcount
        _tell(self.progress, "write", valid)
        # The new rows' contribution read from the stage (the very values just inserted), the turnaround
        # from `dossiers` (its bucket is a computed column); the changed rows' from `dossiers`.
        flow_columns = [c for c in SOURCE_COLUMNS if c != "turnaround_bucket"]
        staged = table(STAGE, column("ok"), column("act"), *[column(c, dossiers.c[c].type) for c in flow_columns])
        new_rows = select(*[staged.c[c] for c in flow_columns]).where(
            text(f"ok = {self._true} AND act IS NULL")).subquery("new_rows")
        new_full = select(*[dossiers.c[c] for c in SOURCE_COLUMNS]).where(dossiers.c[key].in_(
            select(stage.c[key]).where(text(f"ok = {self._true} AND act IS NULL")))).subquery("new_full")
        if inserted:
            apply_contribution(conn, new_rows, 1, turnaround_src=new_full)
        if updated:
            touched = select(*[dossiers.c[c] for c in SOURCE_COLUMNS]).where(dossiers.c[key].in_(
                select(stage.c[key]).where(stage.c.act == 2))).subquery("changed_new")
            apply_contribution(conn, touched, 1)
        _tell(self.progress, "rollups", valid)
        self._guard(conn, False)
        by_unit = dict(conn.exec_driver_sql(f"SELECT s.unit, count(*) FROM {STAGE} s WHERE {ok} GROUP BY s.unit").all())
        return WriteCounts(inserted, updated, valid - inserted - updated), by_unit

    def _guard(self, conn: Connection, on: bool) -> None:
        txid = "1" if self.sqlite else "txid_current()"
        if on:
            conn.exec_driver_sql(f"INSERT INTO {GUARD_TABLE} (txid) VALUES ({txid})")
        else:
            conn.exec_driver_sql(f"DELETE FROM {GUARD_TABLE} WHERE txid = {txid}")

    def _procedures(self, conn: Connection, ok: str) -> None:
        """As writing.TableWriter._upsert_procedures leaves them: each code's name from its last valid row,
        its field from the last valid row that gives one, else the stored field."""
        last = (f"SELECT s.procedure_code, s.{{col}} FROM {STAGE} s JOIN (SELECT procedure_code, max(line) AS line "
                f"FROM {STAGE} s WHERE {ok}{{extra}} GROUP BY procedure_code) m ON s.line = m.line")
        names = dict(conn.exec_driver_sql(last.format(col="procedure_name", extra="")).all())
        if not names:
            return
        fields = dict(conn.exec_driver_sql(last.format(col="field", extra=" AND s.field IS NOT NULL")).all())
        P = procedures.c
        stored = {}
        codes = list(names)
        for start in range(0, len(codes), 5000):
            part = codes[start:start + 5000]
            stored.update({r.code: (r.name, r.field) for r in conn.execute(
                select(P.code, P.name, P.field).where(P.code.in_(part)))})
        new, changed = [], []
        for code, name in names.items():
            field = fields.get(code)
            if code not in stored:
                new.append({"code": code, "name": name, "field": field})
            else:
                merged = (name, field or stored[code][1])
                if merged != stored[code]:
                    changed.append({"k_code": code, "v_name": merged[0], "v_field": merged[1]})
        if new:
            conn.execute(procedures.insert(), new)
        if changed:
            conn.execute(procedures.update().where(P.code == bindparam("k_code"))
                         .values(name=bindparam("v_name"), field=bindparam("v_field")), changed)


def _given(header: Header, name: str) -> bool:
    derived_from = {"due_has_time": "due_at", "resolved_has_time": "resolved_at"}
    return header.present(derived_from.get(name, name))


def _error(label: str, line: int, value: str, reason: str):
    from .limits import clipped, shown
    from .validation import RowError
    return RowError(line, label, shown(value), clipped(reason))


def _shape(raw, suffix: str = ""):
    """ISO text (+ suffix) for the usual shapes of a datetime cell; None for anything else. Has a time of
    day: the shapes of 16 and 19 characters; not: those of 10."""
    if raw.__class__ is not str:
        return None
    n = len(raw)
    if n == 16:
        if raw[4] == "-":
            return raw + ":00" + suffix
        if raw[2] == "/" and raw[5] == "/":
            return f"{raw[6:10]}-{raw[3:5]}-{raw[0:2]}{raw[10:]}:00{suffix}"
    elif n == 19:
        if raw[4] == "-":
            return raw + suffix
    elif n == 10:
        if raw[4] == "-":
            return raw + " 00:00:00" + suffix
        if raw[2] == "/" and raw[5] == "/":
            return f"{raw[6:10]}-{raw[3:5]}-{raw[0:2]} 00:00:00{suffix}"
    return None


_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
_SEPARATORS = {4: "-", 7: "-", 10: " ", 13: ":", 16: ":"}
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _valid_iso(texts: list[str], first, last, suffix_length: int = 0) -> np.ndarray:
    """Which 'YYYY-MM-DD HH:MM:SS' texts (each followed by the same suffix) are a real time (ASCII digits, a
    day the month has) on a day in [first, last] — what values._datetime_from_text and values._in_window
    accept of these shapes."""
    width = 19 + suffix_length
    codes = np.array(texts, dtype=f"<U{width}").view(np.uint32).reshape(len(texts), width)[:, :19].astype(np.int64)
    ok = np.ones(len(texts), dtype=bool)
    for position, char in _SEPARATORS.items():
        ok &= codes[:, position] == ord(char)
    digits = codes[:, _DIGITS] - 48
    ok &= ((digits >= 0) & (digits <= 9)).all(axis=1)
    d = np.where(digits >= 0, digits, 0)
    d = np.where(d <= 9, d, 0)
    year = d[:, 0] * 1000 + d[:, 1] * 100 + d[:, 2] * 10 + d[:, 3]
    month, day = d[:, 4] * 10 + d[:, 5], d[:, 6] * 10 + d[:, 7]
    hour, minute, second = d[:, 8] * 10 + d[:, 9], d[:, 10] * 10 + d[:, 11], d[:, 12] * 10 + d[:, 13]
    ok &= (month >= 1) & (month <= 12)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days = _MONTH_DAYS[np.clip(month, 0, 12)] + ((month == 2) & leap)
    ok &= (day >= 1) & (day <= days) & (year >= 1) & (hour <= 23) & (minute <= 59) & (second <= 59)
    stamp = year * 10000 + month * 100 + day
    ok &= (stamp >= first.year * 10000 + first.month * 100 + first.day)
    ok &= (stamp <= last.year * 10000 + last.month * 100 + last.day)
    return ok


def _iso(value: datetime, sqlite: bool) -> str:
    """A parsed datetime as the staged ISO text (on SQLite always with microseconds, as _datetimes)."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f" if sqlite or value.microsecond else "%Y-%m-%d %H:%M:%S")


def _tell(progress, phase: str, rows: int) -> None:
    if progress is not None:
        progress(phase, rows)


__all__ = ["BATCH_ROWS", "BULK_KINDS", "BulkImport", "bulk_available"]
