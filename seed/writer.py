"""Bulk writing: batches of rows (tuples in a table's column order) into one open transaction.

PostgreSQL gets COPY (psycopg 3 `cursor.copy`), the fastest path by far. SQLite gets a plain
executemany of tuples, with values converted by the columns' own SQLAlchemy types (so dates,
datetimes and PAR points are stored exactly as the Core would store them, without building a
dict per row). Other databases get Core executemany. Batches of `BATCH` rows; progress and
rows/s go to stderr.
"""
from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from datetime import datetime

from sqlalchemy import Connection, DateTime, Table
from sqlalchemy.schema import AddConstraint, DropConstraint

from data_access import rollups

BATCH = 10_000


class BulkWriter:
    def __init__(self, conn: Connection, quiet: bool = False):
        self.conn = conn
        self.quiet = quiet
        self.total = 0
        self.copy = conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg"

    def write(self, table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        started = time.perf_counter()
        count = 0
        insert = self._copy if self.copy else self._sqlite if self.conn.dialect.name == "sqlite" else self._executemany
        it = iter(rows)
        while batch := list(itertools.islice(it, BATCH)):
            insert(table, columns, batch)
            count += len(batch)
            self._progress(table.name, count, started)
        self._progress(table.name, count, started, done=True)
        self.total += count
        return count

    def _executemany(self, table: Table, columns: Sequence[str], batch: list[tuple]) -> None:
        self.conn.execute(table.insert(), [dict(zip(columns, row)) for row in batch])

    def _sqlite(self, table: Table, columns: Sequence[str], batch: list[tuple]) -> None:
        dialect = self.conn.dialect
        processors = [_fast_processor(table.c[c].type, dialect) for c in columns]
        converters = [(i, p) for i, p in enumerate(processors) if p is not None]
        if converters:
            rows = []
            for row in batch:
                row = list(row)
                for i, p in converters:
                    row[i] = p(row[i])
                rows.append(tuple(row))
            batch = rows
        sql = f'INSERT INTO "{table.name}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
        self.conn.exec_driver_sql(sql, batch)

    def _copy(self, table: Table, columns: Sequence[str], batch: list[tuple]) -> None:
        # The SQLAlchemy transaction owns this DBAPI connection, so COPY joins the same transaction.
        dbapi = self.conn.connection.driver_connection
        cols = ", ".join(f'"{c}"' for c in columns)
        with dbapi.cursor() as cur, cur.copy(f'COPY "{table.name}" ({cols}) FROM STDIN') as copy:
            for row in batch:
                copy.write_row(row)

    def _progress(self, name: str, count: int, started: float, done: bool = False) -> None:
        if self.quiet or (not done and not sys.stderr.isatty()):
            return
        elapsed = max(time.perf_counter() - started, 1e-9)
        end = "\n" if done else "\r"
        print(f"  {name:14} {count:>12,} dòng  {count / elapsed:>10,.0f} dòng/s".replace(",", "."),
              end=end, file=sys.stderr, flush=True)


@contextmanager
def bulk_load(conn: Connection, table: Table, quiet: bool = False):
    """Load `table` without its secondary indexes, foreign keys (PostgreSQL) and rollup triggers.

    Maintaining four B-trees, two foreign-key checks and the rollup trigger row by row costs far
    more than building each once at the end; the rollups are then rebuilt in one grouped pass.
    All of it is DDL inside the caller's transaction, so a failed load leaves the schema intact.
    """
    pg = conn.dialect.name == "postgresql"
    started = time.perf_counter()
    rollups.drop_triggers(conn)
    for index in table.indexes:
        index.drop(conn)
    foreign_keys = list(table.foreign_key_constraints) if pg else []
    for fk in foreign_keys:
        conn.execute(DropConstraint(fk))
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MB of page cache for the index builds
    yield
    loaded = time.perf_counter()
    for index in table.indexes:
        index.create(conn)
    for fk in foreign_keys:
        conn.execute(AddConstraint(fk))
    indexed = time.perf_counter()
    rollups.rebuild(conn)
    rollups.install_triggers(conn)
    if not quiet:
        print(f"  indexes+keys {indexed - loaded:.1f} s, rollups {time.perf_counter() - indexed:.1f} s "
              f"(load {loaded - started:.1f} s)", file=sys.stderr)


def _fast_processor(type_, dialect):
    """The column type's SQLite bind processor; for DATETIME the C-implemented isoformat, which
    gives the very string SQLAlchemy stores (checked here), at a fraction of the cost."""
    processor = type_.dialect_impl(dialect).bind_processor(dialect)
    if processor is not None and isinstance(type_, DateTime):
        sample = datetime(2021, 12, 31, 16, 59, 7, 123)
        fast = _iso_datetime
        if fast(sample) == processor(sample) and fast(None) == processor(None):
            return fast
    return processor


def _iso_datetime(value):
    return None if value is None else value.isoformat(" ", "microseconds")
