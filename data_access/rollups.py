"""The dossier rollups (`dossier_daily`, `dossier_backlog`, `dossier_turnaround`): what they hold, and how they stay exact.

Why: at ten million dossiers a year's figures would read ~2 million rows, three times per page
(the period, the one before, the same period last year). The rollups answer the same questions
from a few thousand rows. The definitions of SPEC §2.2 do not change: every count is the same
condition on the same columns, only summed per day in advance.

How they stay exact: each dossier contributes a few signed rows (`flow_rows`, `backlog_rows`).
Database triggers add a dossier's contribution when it is inserted, subtract it when it is
deleted, and do both when it is updated — so the importer, the seed and any hand-written SQL all
keep the rollups in step inside their own transaction. The same SQL, run over the whole table,
rebuilds them (`rebuild`), which a bulk load does once at the end instead of firing triggers.

PostgreSQL runs one statement-level trigger per INSERT/UPDATE/DELETE/COPY over its transition
tables (a COPY of 10 000 rows costs one grouped upsert); SQLite has only row-level triggers.

The organisation over time (SPEC §2.5, org.py): every rollup row also carries the two facts the
current view needs to attribute a dossier on any day R — its `handover_to` ('' if none) and
`closed_before`, the first organisation boundary (`org_boundaries`) after the day it was resolved or
ended (OPEN_KEY while open, or when closed after the last boundary). "Closed by the last day of a
unit that ended the day before E" is then `closed_before <= E` for every boundary E, exactly. Nothing
else about the lineage is stored: edges can be added or changed without touching the rollups, and
only a new or removed boundary re-keys the dossiers closed next to it (`sync_boundaries`).
Most dossiers close within weeks, so the extra keys add rows only around a reorganisation.

The monthly rollups (end of this module, migration 0015) are the daily rows summed per first day of
the month, kept by triggers on the daily tables; `rebuild` recomputes both levels.
"""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Connection, Date, String, and_, case, column, func, inspect, literal, literal_column, or_
from sqlalchemy import cast, select, table, union_all

from .dialects import date_of, day_after, insert_adding
from .schema import dossier_backlog, dossier_backlog_monthly, dossier_daily, dossier_monthly, dossier_turnaround
from .schema import dossier_turnaround_monthly, dossiers, org_boundaries

# The columns the rollups read: the triggers name only these, so that adding or dropping another
# column of `dossiers` (SQLite checks triggers against the table) never touches them.
SOURCE_COLUMNS = ["unit", "procedure_code", "channel", "received_at", "due_at", "due_has_time", "resolved_at",
                  "resolved_has_time", "end_state", "ended_at", "rating", "turnaround_bucket", "handover_to"]
ORG_KEY = ["closed_before", "handover_to"]
FLOW_KEY = ["day", "unit", "procedure_code", "channel", *ORG_KEY]
FLOW_COUNTS = ["received", "resolved", "resolved_on_time", "rated", "satisfied"]
BACKLOG_KEY = ["unit", "day", *ORG_KEY]
BACKLOG_COUNTS = ["pending_delta", "overdue_delta"]
TURNAROUND_KEY = ["day", "unit", "bucket", *ORG_KEY]
TRIGGER_PREFIX = "bdh_dossier_rollup"
OPEN_KEY = date(9999, 12, 31)  # `closed_before` of a dossier still open, or closed after the last boundary
NO_HANDOVER = ""


def closed_at_of(c):
    """When the dossier was closed: the earlier of resolved and ended (NULL while open)."""
    return case((c.resolved_at.is_(None), c.ended_at), (c.ended_at.is_(None), c.resolved_at),
                (c.resolved_at < c.ended_at, c.resolved_at), else_=c.ended_at)


def org_keys(dialect_name: str, c) -> list:
    """`closed_before` and `handover_to` of each dossier of `c` (see the module docstring)."""
    B = org_boundaries.c
    closed = date_of(dialect_name, closed_at_of(c))
    first_after = select(func.min(B.day)).where(B.day > closed).scalar_subquery()
    return [func.coalesce(first_after, literal(OPEN_KEY, Date)).label("closed_before"),
            func.coalesce(c.handover_to, literal(NO_HANDOVER, String)).label("handover_to")]


def on_time_condition(dialect_name: str, c=dossiers.c):
    """Resolved at or before due; when either value has no time of day, their dates are compared."""
    both_timed = and_(c.due_has_time, c.resolved_has_time)
    return or_(
        and_(both_timed, c.resolved_at <= c.due_at),
        and_(~both_timed, date_of(dialect_name, c.resolved_at) <= date_of(dialect_name, c.due_at)),
    )


def _flag(condition):
    return case((condition, 1), else_=0)


def flow_rows(dialect_name: str, src, sign: int = 1):
    """Per day × unit × procedure × channel: receptions on the day received, resolutions on the day resolved."""
    c = src.c
    keys = [c.unit, c.procedure_code, c.channel, *org_keys(dialect_name, c)]
    received = select(date_of(dialect_name, c.received_at).label("day"), *keys,
                      literal(1).label("received"), literal(0).label("resolved"),
                      literal(0).label("resolved_on_time"), literal(0).label("rated"), literal(0).label("satisfied"))
    resolved = select(date_of(dialect_name, c.resolved_at).label("day"), *keys,
                      literal(0), literal(1), _flag(on_time_condition(dialect_name, c)),
                      _flag(c.rating.isnot(None)), _flag(c.rating == "satisfied")).where(c.resolved_at.isnot(None))
    events = union_all(received, resolved).subquery("events")
    e = events.c
    return (select(*[e[k] for k in FLOW_KEY], *[(func.sum(e[n]) * sign).label(n) for n in FLOW_COUNTS])
            .group_by(*[e[k] for k in FLOW_KEY]))


def backlog_rows(dialect_name: str, src, sign: int = 1):
    """Per unit × day: where each dossier's pending and pending-overdue intervals open (+1) and close (−1).

    Pending as of `to` (SPEC §2.2): received on or before `to`, neither resolved nor ended by `to`,
    i.e. `to` in [received day, closed day) where closed = the earlier of resolved and ended.
    Overdue as well when its due date is before `to`: `to` in [max(received day, due day + 1), closed day).
    An interval that is empty (closed on or before it opens) contributes nothing.
    """
    c = src.c
    closed_at = closed_at_of(c)
    keys = org_keys(dialect_name, c)
    opened = date_of(dialect_name, c.received_at)
    due_next = day_after(dialect_name, c.due_at)
    overdue_from = case((opened > due_next, opened), else_=due_next)
    closed = date_of(dialect_name, closed_at)

    def edge(day, pending, overdue, where):
        return select(c.unit, day.label("day"), *keys, literal(pending).label("pending_delta"),
                      literal(overdue).label("overdue_delta")).where(where)

    events = union_all(
        edge(opened, 1, 0, or_(closed_at.is_(None), closed > opened)),
        edge(closed, -1, 0, and_(closed_at.isnot(None), closed > opened)),
        edge(overdue_from, 0, 1, or_(closed_at.is_(None), closed > overdue_from)),
        edge(closed, 0, -1, and_(closed_at.isnot(None), closed > overdue_from)),
    ).subquery("edges")
    e = events.c
    return (select(*[e[k] for k in BACKLOG_KEY], *[(func.sum(e[n]) * sign).label(n) for n in BACKLOG_COUNTS])
            .group_by(*[e[k] for k in BACKLOG_KEY]))


def turnaround_rows(dialect_name: str, src, sign: int = 1):
    """Per day resolved × unit × turnaround bucket: how many dossiers were resolved."""
    c = src.c
    day = date_of(dialect_name, c.resolved_at)
    closed_before, handover = org_keys(dialect_name, c)
    rows = select(day.label("day"), c.unit, c.turnaround_bucket.label("bucket"), closed_before,
                  handover).where(c.resolved_at.isnot(None)).subquery("resolutions")
    r = rows.c
    return (select(*[r[k] for k in TURNAROUND_KEY], (func.count() * sign).label("resolved"))
            .group_by(*[r[k] for k in TURNAROUND_KEY]))


def rebuild(conn: Connection, *, turnaround: bool = True) -> None:
    """Recompute the rollups from every dossier (after a bulk load that ran without the triggers):
    the daily ones (`rebuild_daily`), then the monthly ones from them (`rebuild_monthly`).

    At a revision before the monthly tables (0015; a migration such as 0009 calls this), only the
    daily ones. The monthly triggers are dropped meanwhile, so that the daily rows are not also
    summed into the months one by one.
    """
    monthly = has_monthly(conn)
    if monthly:
        drop_monthly_triggers(conn)
    rebuild_daily(conn, turnaround=turnaround)
    if monthly:
        rebuild_monthly(conn)
        install_monthly_triggers(conn)


def rebuild_daily(conn: Connection, *, turnaround: bool = True) -> None:
    """The daily rollups from every dossier. `turnaround=False` is kept for callers of the old
    signature. The boundaries are brought up to date first (`sync_boundaries`), so the rebuilt keys
    follow the current units and lineage."""
    name = conn.dialect.name
    _store_boundaries(conn, wanted_boundaries(conn))
    conn.execute(dossier_daily.delete())
    conn.execute(dossier_backlog.delete())
    conn.execute(dossier_daily.insert().from_select(FLOW_KEY + FLOW_COUNTS, flow_rows(name, dossiers)))
    conn.execute(dossier_backlog.insert().from_select(BACKLOG_KEY + BACKLOG_COUNTS, backlog_rows(name, dossiers)))
    if turnaround:
        rebuild_turnaround(conn)


def rebuild_turnaround(conn: Connection) -> None:
    conn.execute(dossier_turnaround.delete())
    conn.execute(dossier_turnaround.insert().from_select(TURNAROUND_KEY + ["resolved"],
                                                         turnaround_rows(conn.dialect.name, dossiers)))


# ---- organisation boundaries -----------------------------------------------------------------------

def wanted_boundaries(conn: Connection) -> set[date]:
    """The boundaries the units and lineage give now (org.Lineage.boundaries)."""
    from .org import load_lineage  # noqa: PLC0415 — org reads the schema only; keep the import local
    return load_lineage(conn).boundaries()


def stored_boundaries(conn: Connection) -> set[date]:
    return {d for (d,) in conn.execute(select(org_boundaries.c.day))}


def _store_boundaries(conn: Connection, days: set[date]) -> None:
    conn.execute(org_boundaries.delete())
    if days:
        conn.execute(org_boundaries.insert(), [{"day": d} for d in sorted(days)])


def sync_boundaries(conn: Connection) -> bool:
    """Bring `org_boundaries` in line with the units and lineage, re-keying the dossiers it affects.

    A dossier's key `closed_before` changes only if it was closed on a day from the greatest
    boundary kept below the first change up to the last changed boundary: those dossiers'
    contributions are subtracted under the old boundaries and added under the new ones, inside
    the caller's transaction. Returns whether anything changed. The importer calls this after
    every units or unit_lineage import; `rebuild` does it too.
    """
    wanted, stored = wanted_boundaries(conn), stored_boundaries(conn)
    if wanted == stored:
        return False
    changed = wanted ^ stored
    first, last = min(changed), max(changed)
    low = max((d for d in wanted & stored if d < first), default=None)
    closed_at = closed_at_of(dossiers.c)
    where = [closed_at < datetime.combine(last, time.min)]
    if low is not None:
        where.append(closed_at >= datetime.combine(low, time.min))
    affected = select(*[dossiers.c[n] for n in SOURCE_COLUMNS]).where(*where).subquery("affected")
    for statement in _statements(conn.dialect.name, affected, -1):
        conn.execute(statement)
    _store_boundaries(conn, wanted)
    for statement in _statements(conn.dialect.name, affected, 1):
        conn.execute(statement)
    return True


def _statements(name: str, src, sign: int) -> list:
    """The upserts that add (`sign` 1) or subtract (−1) the contribution of the rows of `src`."""
    return [
        insert_adding(name, dossier_daily, flow_rows(name, src, sign), FLOW_KEY, FLOW_COUNTS),
        insert_adding(name, dossier_backlog, backlog_rows(name, src, sign), BACKLOG_KEY, BACKLOG_COUNTS),
        insert_adding(name, dossier_turnaround, turnaround_rows(name, src, sign), TURNAROUND_KEY, ["resolved"]),
    ]


def _apply_sql(dialect, src, sign: int) -> list[str]:
    return [str(s.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
            for s in _statements(dialect.name, src, sign)]


# ---- triggers ---------------------------------------------------------------------------------------

def _transition_table(name: str):
    """A PostgreSQL transition table (new_rows / old_rows) with the columns of `dossiers`."""
    return table(name, *[column(c, dossiers.c[c].type) for c in SOURCE_COLUMNS])


def _row_values(prefix: str):
    """SQLite's NEW / OLD row as a one-row subquery with the columns of `dossiers`."""
    cols = [literal_column(f"{prefix}.{c}", dossiers.c[c].type).label(c) for c in SOURCE_COLUMNS]
    return select(*cols).subquery(prefix.lower() + "_row")


GUARD_TABLE = "rollup_guard"  # migration 0016; held by importing/bulk.py for one transaction


def trigger_ddl(dialect, guarded: bool = False) -> list[str]:
    """The dossier triggers. `guarded`: they stand aside in a transaction that holds a guard row
    (`rollup_guard`, inserted by the bulk import, which applies the rollup delta once itself)."""
    if dialect.name == "postgresql":
        new, old = _transition_table("new_rows"), _transition_table("old_rows")
        body_new = ";\n".join(_apply_sql(dialect, new, 1))
        body_old = ";\n".join(_apply_sql(dialect, old, -1))
        skip = (f"  IF EXISTS (SELECT 1 FROM {GUARD_TABLE} WHERE txid = txid_current()) THEN RETURN NULL; END IF;\n"
                if guarded else "")
        function = f"""CREATE OR REPLACE FUNCTION {TRIGGER_PREFIX}() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
{skip}  IF TG_OP IN ('UPDATE', 'DELETE') THEN
{body_old};
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
{body_new};
  END IF;
  RETURN NULL;
END $body$"""
        referencing = {"insert": "NEW TABLE AS new_rows", "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
                       "delete": "OLD TABLE AS old_rows"}
        return [function] + [
            f"CREATE TRIGGER {TRIGGER_PREFIX}_{op} AFTER {op.upper()} ON dossiers REFERENCING {ref} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER_PREFIX}()" for op, ref in referencing.items()]
    new = ";\n".join(_apply_sql(dialect, _row_values("NEW"), 1))
    old = ";\n".join(_apply_sql(dialect, _row_values("OLD"), -1))
    bodies = {"insert": new, "update": old + ";\n" + new, "delete": old}
    # SQLite has one writer: a guard row anybody can see is the bulk import's own, uncommitted.
    when = f" WHEN NOT EXISTS (SELECT 1 FROM {GUARD_TABLE})" if guarded else ""
    return [f"CREATE TRIGGER {TRIGGER_PREFIX}_{op} AFTER {op.upper()} ON dossiers FOR EACH ROW{when} BEGIN\n"
            f"{body};\nEND" for op, body in bodies.items()]


def drop_trigger_ddl(dialect) -> list[str]:
    if dialect.name == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}_{op} ON dossiers" for op in ("insert", "update", "delete")]
    return [f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}_{op}" for op in ("insert", "update", "delete")]


def install_triggers(conn: Connection, guarded: bool | None = None) -> None:
    """`guarded` None: guarded when the guard table exists (from migration 0016 on)."""
    if guarded is None:
        from sqlalchemy import inspect  # noqa: PLC0415
        guarded = inspect(conn).has_table(GUARD_TABLE)
    for ddl in trigger_ddl(conn.dialect, guarded):
        conn.exec_driver_sql(ddl)


def apply_contribution(conn: Connection, src, sign: int, turnaround_src=None) -> None:
    """Add (`sign` 1) or subtract (−1) the rollup contribution of the dossiers of `src` (a selectable with
    the SOURCE_COLUMNS), in the caller's transaction: the bulk import's delta, once per file.
    `turnaround_src`: the same dossiers from a selectable that has `turnaround_bucket` (a computed column of
    `dossiers`), when `src` has not."""
    name = conn.dialect.name
    conn.execute(insert_adding(name, dossier_daily, flow_rows(name, src, sign), FLOW_KEY, FLOW_COUNTS))
    conn.execute(insert_adding(name, dossier_backlog, backlog_rows(name, src, sign), BACKLOG_KEY, BACKLOG_COUNTS))
    conn.execute(insert_adding(name, dossier_turnaround, turnaround_rows(name, src if turnaround_src is None else turnaround_src, sign),
                               TURNAROUND_KEY, ["resolved"]))


def drop_triggers(conn: Connection) -> None:
    for ddl in drop_trigger_ddl(conn.dialect):
        conn.exec_driver_sql(ddl)


# ---- the monthly rollups ----------------------------------------------------------------------------
#
# `dossier_monthly`, `dossier_backlog_monthly`, `dossier_turnaround_monthly`: the daily rows summed per
# first day of the month, every other key unchanged. They are kept by triggers on the daily tables, so
# whatever keeps the daily rows (the dossier triggers, sync_boundaries, a hand-written SQL statement on
# a daily table, a TRUNCATE on PostgreSQL) keeps the months in the same transaction. SQLite: one row
# trigger per INSERT/UPDATE/DELETE; PostgreSQL: statement-level triggers over transition tables (one
# grouped upsert per statement) and one on TRUNCATE.

MONTHLY = (  # (daily table, monthly table, daily key, counts)
    (dossier_daily, dossier_monthly, FLOW_KEY, FLOW_COUNTS),
    (dossier_backlog, dossier_backlog_monthly, BACKLOG_KEY, BACKLOG_COUNTS),
    (dossier_turnaround, dossier_turnaround_monthly, TURNAROUND_KEY, ["resolved"]),
)
MONTHLY_TRIGGER_PREFIX = "bdh_monthly"


def monthly_key(key: list[str]) -> list[str]:
    return ["month" if k == "day" else k for k in key]


def has_monthly(conn: Connection) -> bool:
    return inspect(conn).has_table(dossier_monthly.name)


def _month_sql(dialect_name: str, day: str) -> str:
    if dialect_name == "sqlite":
        return f"date({day}, 'start of month')"
    return f"CAST(date_trunc('month', {day}) AS date)"


def _monthly_upsert(dialect_name: str, daily, monthly, key, counts, parts: list[tuple[str, int]]) -> str:
    """INSERT … SELECT the daily rows of `parts` ((source, sign)…) summed per month, adding to the months."""
    mkey = monthly_key(key)
    selects = []
    for source, sign in parts:
        cols = [_month_sql(dialect_name, f"{source}.day") + " AS month" if k == "day" else f"{source}.{k}"
                for k in key]
        cols += [f"{'-' if sign < 0 else ''}{source}.{c} AS {c}" for c in counts]
        selects.append(f"SELECT {', '.join(cols)} FROM {source}")
    rows = "\nUNION ALL\n".join(selects)
    groups = ", ".join(mkey)
    sums = ", ".join(f"sum({c})" for c in counts)
    adding = ", ".join(f"{c} = {monthly.name}.{c} + excluded.{c}" for c in counts)
    # "WHERE true": SQLite reads "SELECT … FROM x ON CONFLICT" as a join unless the SELECT has a WHERE.
    return (f"INSERT INTO {monthly.name} ({groups}, {', '.join(counts)})\n"
            f"SELECT {groups}, {sums} FROM ({rows}) AS d WHERE true GROUP BY {groups}\n"
            f"ON CONFLICT ({groups}) DO UPDATE SET {adding}")


def _sqlite_row_upsert(monthly, key, counts, row: str, sign: int) -> str:
    mkey = monthly_key(key)
    values = [_month_sql("sqlite", f"{row}.day") if k == "day" else f"{row}.{k}" for k in key]
    values += [f"{'-' if sign < 0 else ''}{row}.{c}" for c in counts]
    adding = ", ".join(f"{c} = {c} + excluded.{c}" for c in counts)
    return (f"INSERT INTO {monthly.name} ({', '.join(mkey)}, {', '.join(counts)}) VALUES ({', '.join(values)})\n"
            f"ON CONFLICT ({', '.join(mkey)}) DO UPDATE SET {adding}")


def monthly_trigger_ddl(dialect) -> list[str]:
    out = []
    for daily, monthly, key, counts in MONTHLY:
        name = f"{MONTHLY_TRIGGER_PREFIX}_{daily.name}"
        if dialect.name == "postgresql":
            up = {op: _monthly_upsert("postgresql", daily, monthly, key, counts, parts) for op, parts in
                  (("INSERT", [("new_rows", 1)]), ("DELETE", [("old_rows", -1)]),
                   ("UPDATE", [("old_rows", -1), ("new_rows", 1)]))}
            out.append(f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM {monthly.name};
  ELSIF TG_OP = 'INSERT' THEN
{up['INSERT']};
  ELSIF TG_OP = 'DELETE' THEN
{up['DELETE']};
  ELSE
{up['UPDATE']};
  END IF;
  RETURN NULL;
END $body$""")
            referencing = {"insert": "REFERENCING NEW TABLE AS new_rows",
                           "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
                           "delete": "REFERENCING OLD TABLE AS old_rows", "truncate": ""}
            out += [f"CREATE TRIGGER {name}_{op} AFTER {op.upper()} ON {daily.name} {ref} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()" for op, ref in referencing.items()]
        else:
            bodies = {"insert": [_sqlite_row_upsert(monthly, key, counts, "NEW", 1)],
                      "update": [_sqlite_row_upsert(monthly, key, counts, "OLD", -1),
                                 _sqlite_row_upsert(monthly, key, counts, "NEW", 1)],
                      "delete": [_sqlite_row_upsert(monthly, key, counts, "OLD", -1)]}
            out += [f"CREATE TRIGGER {name}_{op} AFTER {op.upper()} ON {daily.name} FOR EACH ROW BEGIN\n"
                    + ";\n".join(body) + ";\nEND" for op, body in bodies.items()]
    return out


def drop_monthly_trigger_ddl(dialect) -> list[str]:
    out = []
    for daily, _, _, _ in MONTHLY:
        name = f"{MONTHLY_TRIGGER_PREFIX}_{daily.name}"
        if dialect.name == "postgresql":
            out += [f"DROP TRIGGER IF EXISTS {name}_{op} ON {daily.name}"
                    for op in ("insert", "update", "delete", "truncate")]
            out.append(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            out += [f"DROP TRIGGER IF EXISTS {name}_{op}" for op in ("insert", "update", "delete")]
    return out


def install_monthly_triggers(conn: Connection) -> None:
    for ddl in monthly_trigger_ddl(conn.dialect):
        conn.exec_driver_sql(ddl)


def drop_monthly_triggers(conn: Connection) -> None:
    for ddl in drop_monthly_trigger_ddl(conn.dialect):
        conn.exec_driver_sql(ddl)


def monthly_rows(dialect_name: str, daily, key, counts):
    """The daily rows of `daily` summed per month (the monthly table's contents, by definition)."""
    month = (func.date(daily.c.day, "start of month") if dialect_name == "sqlite"
             else cast(func.date_trunc("month", daily.c.day), Date))
    keys = [month.label("month") if k == "day" else daily.c[k] for k in key]
    return (select(*keys, *[func.sum(daily.c[c]).label(c) for c in counts])
            .group_by(month, *[daily.c[k] for k in key if k != "day"]))


def rebuild_monthly(conn: Connection) -> None:
    """The monthly rollups from the daily ones."""
    for daily, monthly, key, counts in MONTHLY:
        conn.execute(monthly.delete())
        mkey = monthly_key(key)
        conn.execute(monthly.insert().from_select(mkey + counts, monthly_rows(conn.dialect.name, daily, key, counts)))
