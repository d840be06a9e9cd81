"""Copy the big SQLite demo database into PostgreSQL in resumable, separately committed steps.

    .venv/bin/python -m benchmarks.load_pg --sqlite /tmp/bdh_big.sqlite \\
        --postgres postgresql+psycopg://postgres@127.0.0.1:5432/bdh_bench

`python -m seed --scale 15 --db postgresql://…` does the same in one transaction, which is what a
real first load wants. On a shared test machine where the PostgreSQL server is restarted by other
people's test runs, one 10-minute transaction does not survive; this loader commits each year of
dossiers, each index and the rollup rebuild separately and retries a step that lost its connection,
so it gets there anyway. Same bulk path as the seed: COPY with the dossier indexes, foreign keys and
rollup triggers dropped, all rebuilt at the end.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime

from sqlalchemy import and_, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.schema import AddConstraint, DropConstraint

from data_access import rollups
from data_access.db import make_engine
from data_access.migrate import upgrade
from data_access.schema import LOAD_ORDER, dossiers

BATCH = 50_000


def retry(step, *args, attempts: int = 20):
    for attempt in range(attempts):
        try:
            return step(*args)
        except OperationalError as exc:
            print(f"  connection lost ({str(exc).splitlines()[0][:80]}); retrying in 10 s", flush=True)
            time.sleep(10)
    raise RuntimeError(f"{step.__name__} failed {attempts} times")


def copy_rows(pg, table, rows) -> int:
    dbapi = pg.connection.driver_connection
    names = [c.name for c in table.c if c.computed is None]  # generated columns are the database's
    cols = ", ".join(f'"{c}"' for c in names)
    processors = [table.c[c].type.bind_processor(pg.dialect) for c in names]
    n = 0
    with dbapi.cursor() as cur, cur.copy(f'COPY "{table.name}" ({cols}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([v if p is None else p(v) for v, p in zip(row, processors)])
            n += 1
    return n


def small_tables(lite, pg_engine):
    with pg_engine.begin() as pg:
        if pg.execute(select(func.count()).select_from(LOAD_ORDER[1])).scalar():
            return
        for table in LOAD_ORDER:
            if table is dossiers:
                continue
            with lite.connect() as src:
                n = copy_rows(pg, table, src.execute(select(table)))
            print(f"  {table.name}: {n:,}", flush=True)


def strip_dossiers(pg_engine):
    with pg_engine.begin() as pg:
        rollups.drop_triggers(pg)
        for index in dossiers.indexes:
            pg.exec_driver_sql(f'DROP INDEX IF EXISTS "{index.name}"')
        for fk in dossiers.foreign_key_constraints:
            pg.exec_driver_sql(f'ALTER TABLE dossiers DROP CONSTRAINT IF EXISTS "{fk.name}"')


def load_year(lite, pg_engine, year: int) -> int:
    # By the year received, not by the id: the seed's ids of the former Kon Tum ("HSKT…") and of the new
    # communes ("HSX…") do not start with "HS<year>-" (a load by that prefix left 1.2 M of 10 M out).
    start, end = datetime(year, 1, 1), datetime(year + 1, 1, 1)
    in_year = and_(dossiers.c.received_at >= start, dossiers.c.received_at < end)
    with pg_engine.begin() as pg:
        if pg.execute(select(dossiers.c.dossier_id).where(in_year).limit(1)).first():
            return 0
        with lite.connect().execution_options(stream_results=True, yield_per=BATCH) as src:
            columns = [c for c in dossiers.c if c.computed is None]
            rows = src.execute(select(*columns).where(in_year))
            return copy_rows(pg, dossiers, rows)


def create_index(pg_engine, index):
    with pg_engine.begin() as pg:
        index.create(pg, checkfirst=True)


def add_foreign_keys(pg_engine):
    with pg_engine.begin() as pg:
        present = {r[0] for r in pg.execute(text(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'dossiers'::regclass AND contype = 'f'"))}
        for fk in dossiers.foreign_key_constraints:
            if fk.name not in present:
                pg.execute(AddConstraint(fk))


def rebuild_rollups(pg_engine):
    with pg_engine.begin() as pg:
        rollups.rebuild(pg)
        rollups.drop_triggers(pg)
        rollups.install_triggers(pg)


def vacuum(pg_engine):
    with pg_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as pg:
        pg.exec_driver_sql("VACUUM ANALYZE")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.load_pg", description=__doc__.splitlines()[0])
    p.add_argument("--sqlite", required=True)
    p.add_argument("--postgres", required=True)
    args = p.parse_args(argv)
    lite, pg_engine = make_engine(f"sqlite:///{args.sqlite}"), make_engine(args.postgres)
    started = time.perf_counter()
    retry(upgrade, pg_engine)
    retry(small_tables, lite, pg_engine)
    retry(strip_dossiers, pg_engine)
    with lite.connect() as src:
        first, last = src.execute(select(func.min(dossiers.c.received_at), func.max(dossiers.c.received_at))).one()
    total, t0 = 0, time.perf_counter()
    for year in range(first.year, last.year + 1):
        n = retry(load_year, lite, pg_engine, year)
        total += n
        print(f"  dossiers {year}: {n:,} rows ({total / (time.perf_counter() - t0):,.0f} rows/s so far)", flush=True)
    copied = time.perf_counter()
    for index in dossiers.indexes:
        retry(create_index, pg_engine, index)
    retry(add_foreign_keys, pg_engine)
    indexed = time.perf_counter()
    retry(rebuild_rollups, pg_engine)
    rolled = time.perf_counter()
    retry(vacuum, pg_engine)
    print(f"dossiers: COPY {copied - t0:.0f} s ({total / max(copied - t0, 1e-9):,.0f} rows/s), indexes+keys "
          f"{indexed - copied:.0f} s, rollups {rolled - indexed:.0f} s, vacuum {time.perf_counter() - rolled:.0f} s; "
          f"total {time.perf_counter() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
