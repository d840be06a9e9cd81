"""The few SQL expressions that differ between SQLite and PostgreSQL, in one place."""
from __future__ import annotations

from sqlalchemy import Date, Float, Integer, cast, func, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement


def days_between(dialect_name: str, later, earlier):
    """(later − earlier) in fractional days, for two DATETIME columns."""
    if dialect_name == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return func.extract("epoch", later - earlier) / 86400.0


def month_start(dialect_name: str, column):
    """The first day of the column's month, as 'YYYY-MM-DD' text."""
    if dialect_name == "sqlite":
        return func.strftime("%Y-%m-01", column)
    return func.to_char(func.date_trunc("month", column), "YYYY-MM-DD")


def week_start(dialect_name: str, column):
    """The Monday of the column's ISO week, as 'YYYY-MM-DD' text."""
    if dialect_name == "sqlite":
        # 'weekday 0' moves forward to Sunday (or stays); six days back is that week's Monday.
        return func.date(column, "weekday 0", "-6 days")
    return func.to_char(func.date_trunc("week", column), "YYYY-MM-DD")


def date_of(dialect_name: str, column):
    """The calendar date of a DATETIME column, comparable with another date_of()."""
    if dialect_name == "sqlite":
        return func.date(column)
    return cast(column, Date)


def median(conn, value_expr, where) -> float | None:
    """Median of `value_expr` over rows matching `where`, computed in the database."""
    name = conn.dialect.name
    if name == "postgresql":
        # The sort behind percentile_cont spills to disk at the default 4 MB; a year of a large
        # province is ~2 million values. SET LOCAL lasts only until this transaction ends.
        conn.exec_driver_sql("SET LOCAL work_mem = '128MB'")
        stmt = select(func.percentile_cont(0.5).within_group(value_expr)).where(where)
        result = conn.execute(stmt).scalar()
        return None if result is None else float(result)
    # SQLite has no median: count, then average the one or two middle values in sorted order.
    n = conn.execute(select(func.count()).where(where)).scalar() or 0
    if n == 0:
        return None
    values = select(cast(value_expr, Float).label("v")).where(where).order_by(value_expr)
    middle = values.limit(2 - n % 2).offset((n - 1) // 2).subquery()
    return float(conn.execute(select(func.avg(middle.c.v))).scalar())


def day_after(dialect_name: str, column):
    """The calendar date after a DATETIME column's date, comparable with date_of()."""
    if dialect_name == "sqlite":
        return func.date(column, "+1 day")
    return cast(column, Date) + literal_column("1")


def insert_adding(dialect_name: str, table, source, key: list[str], add: list[str]):
    """INSERT the rows of `source` into `table`; where a `key` exists already, add the `add` columns to it.

    Both databases spell this INSERT … ON CONFLICT DO UPDATE, through dialect-specific constructs.
    """
    if dialect_name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
        # SQLite reads "SELECT … FROM x ON CONFLICT" as a join unless the SELECT has a WHERE.
        source = source.where(literal_column("1"))
    else:
        from sqlalchemy.dialects.postgresql import insert
    stmt = insert(table).from_select([*key, *add], source)
    return stmt.on_conflict_do_update(index_elements=key,
                                      set_={c: table.c[c] + stmt.excluded[c] for c in add})


class TurnaroundBucket(ColumnElement):
    """A dossier's turnaround on a geometric scale: −1 when resolved before received (bad source
    data), else trunc(4 · ln(1 + hours)) — about 30 buckets, each ~28% wider than the one before.

    It only has to grow with the turnaround (never decrease) for the median to be exact: the
    median lies in the bucket where the cumulative count crosses the middle, and is then picked
    among that bucket's values alone. Used as a generated column (`dossiers.turnaround_bucket`),
    so it is written with literal constants and unqualified columns, and never as an expression
    in a query (the column is indexed instead).
    """

    inherit_cache = True
    type = Integer()


@compiles(TurnaroundBucket, "postgresql")
def _turnaround_bucket_pg(element, compiler, **kw):
    return ("CASE WHEN resolved_at < received_at THEN -1 ELSE "
            "CAST(trunc(4 * ln(1 + EXTRACT(epoch FROM resolved_at - received_at) / 3600.0)) AS INTEGER) END")


@compiles(TurnaroundBucket, "sqlite")
def _turnaround_bucket_sqlite(element, compiler, **kw):
    # CAST … AS INTEGER truncates in SQLite; ln() is one of SQLite's built-in math functions (3.35+).
    return ("CASE WHEN resolved_at < received_at THEN -1 ELSE "
            "CAST(4 * ln(1 + (julianday(resolved_at) - julianday(received_at)) * 24) AS INTEGER) END")


def generated_column_ddl(dialect, table: str, name: str, expression) -> str:
    """ALTER TABLE … ADD a generated column: SQLite can only add a VIRTUAL one (computed on read,
    but indexable); PostgreSQL (before 18) only has STORED ones."""
    sql = str(expression.compile(dialect=dialect))
    kind = "VIRTUAL" if dialect.name == "sqlite" else "STORED"
    return f"ALTER TABLE {table} ADD COLUMN {name} INTEGER GENERATED ALWAYS AS ({sql}) {kind}"


def middle_value(conn, values) -> float | None:
    """The median of the one or two values of the subquery `values` (column `v`), the way
    `median()` combines them, so both paths give the very same float."""
    if conn.dialect.name == "postgresql":
        result = conn.execute(select(func.percentile_cont(0.5).within_group(values.c.v))).scalar()
    else:
        result = conn.execute(select(func.avg(values.c.v))).scalar()
    return None if result is None else float(result)


def likely(dialect_name: str, condition, probability: float):
    """`condition`, with SQLite told how often it holds.

    SQLite's statistics count NULL as one value like any other, so it believes `resolved_at IS
    NULL` matches one dossier in ten million and walks the resolved_at index for it, instead of
    the small partial index of open dossiers. likelihood() corrects the estimate; the condition
    stays usable by indexes. PostgreSQL keeps real NULL fractions and needs no hint.
    """
    if dialect_name == "sqlite":
        return func.likelihood(condition, literal_column(repr(float(probability))))  # must be a literal
    return condition
