"""The second pass: valid rows to the database, in batches, inside the caller's transaction.

Upsert by key, portable: per batch, the rows already stored are read with one
SELECT ... IN; new rows are inserted, changed rows updated, equal rows left alone — so
importing the same file twice changes nothing and the counts say so.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import ARRAY, Connection, and_, any_, bindparam, literal, select, tuple_

from ..freshness import SOURCES as FED_SOURCES
from ..schema import procedures, task_co_units
from .reading import Header
from .rows import ParsedRow
from .specs import KindSpec

BATCH_SIZE = 5_000


@dataclass
class WriteCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: "WriteCounts") -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged


class TableWriter:
    """Writes the rows of one kind; extra tables (procedures, task co-units) ride along."""

    def __init__(self, conn: Connection, kind: KindSpec, header: Header):
        self.conn, self.kind, self.header = conn, kind, header
        self.table = kind.table
        self.key = list(kind.key)
        self.insert_columns = [c for c in self.table.c.keys() if c in _record_columns(kind)]
        # A column left out of the file keeps its stored value; only the columns given are compared.
        self.update_columns = [c for c in self.insert_columns
                               if c not in self.key and _column_given(kind, header, c)]
        self.co_units = kind.name == "tasks" and header.present("co_units")
        self.procedures_seen: dict[str, tuple] = {}
        self.counts = WriteCounts()
        # Rows of each unit the file held, changed or not: the source fed those units (data_access/freshness.py).
        self.unit_column = FED_SOURCES[kind.name][1] if kind.name in FED_SOURCES else None
        self.rows_by_unit: Counter[str] = Counter()

    def write_batch(self, rows: list[ParsedRow]) -> None:
        if not rows:
            return
        if self.kind.name == "dossiers":
            self._upsert_procedures(rows)
        records = [to_record(self.kind, row) for row in rows]
        if self.unit_column:
            self.rows_by_unit.update(r[self.unit_column] for r in records)
        stored = self._stored(records)
        new, changed, same = [], [], 0
        for record in records:
            old = stored.get(self._key_of(record))
            if old is None:
                new.append(record)
            elif any(old[c] != record[c] for c in self.update_columns):
                changed.append(record)
            else:
                same += 1
        self._insert(new)
        self._update(changed)
        changed_keys = {self._key_of(r) for r in changed}
        if self.co_units:
            extra = self._replace_co_units(rows, {self._key_of(r) for r in new})
            # A task whose only change is its co-operating units was still updated.
            moved = extra - changed_keys
            changed_keys |= moved
            same -= len(moved)
        self.counts.add(WriteCounts(len(new), len(changed_keys), same))

    def _key_of(self, record: dict):
        return record[self.key[0]] if len(self.key) == 1 else tuple(record[k] for k in self.key)

    def _key_clause(self, keys):
        if len(self.key) == 1 and self.conn.dialect.name == "postgresql":
            # One array parameter instead of thousands: PostgreSQL plans it far faster.
            column = self.table.c[self.key[0]]
            return column == any_(literal(list(keys), ARRAY(column.type)))
        if len(self.key) == 1:
            return self.table.c[self.key[0]].in_(keys)
        return tuple_(*[self.table.c[k] for k in self.key]).in_(keys)

    def _stored(self, records: list[dict]) -> dict:
        keys = [self._key_of(r) for r in records]
        columns = [self.table.c[c] for c in self.key + self.update_columns]
        result = self.conn.execute(select(*columns).where(self._key_clause(keys)))
        return {self._key_of(row): row for row in result.mappings()}

    def _insert(self, records: list[dict]) -> None:
        if not records:
            return
        if self.conn.dialect.name == "postgresql" and self.conn.dialect.driver == "psycopg":
            copy_into(self.conn, self.table, self.insert_columns, records)
        else:
            self.conn.execute(self.table.insert(), [{c: r[c] for c in self.insert_columns} for r in records])

    def _update(self, records: list[dict]) -> None:
        if not records or not self.update_columns:
            return
        where = and_(*[self.table.c[k] == bindparam(f"k_{k}") for k in self.key])
        stmt = self.table.update().where(where).values({c: bindparam(f"v_{c}") for c in self.update_columns})
        params = [{**{f"k_{k}": r[k] for k in self.key}, **{f"v_{c}": r[c] for c in self.update_columns}}
                  for r in records]
        self.conn.execute(stmt, params)

    def _replace_co_units(self, rows: list[ParsedRow], inserted: set) -> set:
        """Replace each task's set of co-operating units; returns the existing tasks whose set changed."""
        wanted = {row.values["task_id"]: set(row.values.get("co_units") or ()) for row in rows}
        stored: dict[str, set] = {task_id: set() for task_id in wanted}
        query = select(task_co_units.c.task_id, task_co_units.c.unit_code).where(
            task_co_units.c.task_id.in_(list(wanted)))
        for task_id, unit_code in self.conn.execute(query):
            stored[task_id].add(unit_code)
        differing = [task_id for task_id, units in wanted.items() if units != stored[task_id]]
        if differing:
            self.conn.execute(task_co_units.delete().where(task_co_units.c.task_id.in_(differing)))
            links = [{"task_id": t, "unit_code": u} for t in differing for u in sorted(wanted[t])]
            if links:
                self.conn.execute(task_co_units.insert(), links)
        return set(differing) - inserted

    def _upsert_procedures(self, rows: list[ParsedRow]) -> None:
        """The dossier file names each procedure; keep the procedures table in step with it."""
        batch: dict[str, tuple] = {}
        for row in rows:
            code = row.values["procedure_code"]
            field = row.values.get("field") or batch.get(code, self.procedures_seen.get(code, (None, None)))[1]
            batch[code] = (row.values["procedure_name"], field)
        todo = {code: value for code, value in batch.items() if self.procedures_seen.get(code) != value}
        if not todo:
            return
        stored = {row.code: (row.name, row.field) for row in self.conn.execute(
            select(procedures.c.code, procedures.c.name, procedures.c.field).where(procedures.c.code.in_(list(todo))))}
        new = [{"code": c, "name": n, "field": f} for c, (n, f) in todo.items() if c not in stored]
        changed = []
        for code, (name, field) in todo.items():
            if code in stored:
                # An empty field in one export row does not erase a procedure's known field.
                merged = (name, field or stored[code][1])
                todo[code] = merged
                if merged != stored[code]:
                    changed.append({"k_code": code, "v_name": merged[0], "v_field": merged[1]})
        if new:
            self.conn.execute(procedures.insert(), new)
        if changed:
            self.conn.execute(procedures.update().where(procedures.c.code == bindparam("k_code"))
                              .values(name=bindparam("v_name"), field=bindparam("v_field")), changed)
        self.procedures_seen.update(todo)


def _record_columns(kind: KindSpec) -> set[str]:
    names = {c.name for c in kind.columns}
    if kind.name == "dossiers":
        names |= {"due_has_time", "resolved_has_time"}
    if kind.name == "unit_lineage":
        names |= {"is_primary"}  # the file's `primary`
    return names


def _column_given(kind: KindSpec, header: Header, column: str) -> bool:
    derived_from = {"due_has_time": "due_at", "resolved_has_time": "resolved_at", "is_primary": "primary"}
    return header.present(derived_from.get(column, column))


def to_record(kind: KindSpec, row: ParsedRow) -> dict:
    """The row's values as the table stores them."""
    record = dict(row.values)
    if kind.name == "unit_lineage":
        record["is_primary"] = bool(record.pop("primary", False))
    if kind.name == "dossiers":
        # False when the source gave only a date: on-time then compares dates (schema.py).
        record["due_has_time"] = "due_at" not in row.timeless
        record["resolved_has_time"] = "resolved_at" not in row.timeless
    return record


def copy_into(conn: Connection, table, columns: list[str], records: list[dict]) -> None:
    """PostgreSQL only: COPY the batch's new rows in (several times faster than INSERT).

    The rows are known to be new — their keys were just looked up in this same
    transaction — so a plain COPY needs no ON CONFLICT. Values go through each column's
    bind processor, so custom types (Points) are stored as an INSERT would store them.
    """
    processors = [table.c[c].type.bind_processor(conn.dialect) for c in columns]
    names = ", ".join(conn.dialect.identifier_preparer.quote(c) for c in columns)
    sql = f"COPY {conn.dialect.identifier_preparer.format_table(table)} ({names}) FROM STDIN"
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(sql) as copy:
        for record in records:
            copy.write_row([record[c] if p is None else p(record[c]) for c, p in zip(columns, processors)])
