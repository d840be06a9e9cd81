"""Fill a database with the demo data, in one transaction.

`seed_database` runs the migrations, refuses a database that already has data unless
`replace` is set (then it empties the data tables first, in the same transaction), writes
every table in reference order and records one `import_log` row of kind 'seed'.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, Engine, func, select, text

from data_access.clock import now_local, today_local
from data_access.migrate import upgrade
from data_access.freshness import stamp_from_rows
from data_access.schema import (LOAD_ORDER, dossier_backlog, dossier_daily, dossiers, import_log, leaders,
                                par_scores, petitions, procedures, receptions, task_co_units, tasks, unit_lineage,
                                units)

from . import dossiers as D, par as PAR, petitions as P, tasks as T
from .accounts import add_demo_accounts, drop_linked_accounts
from .procedures import procedure_rows
from .units import LINEAGE_COLUMNS, UNIT_COLUMNS, leader_rows, lineage_rows, unit_rows
from .writer import BulkWriter, bulk_load


class NotEmpty(RuntimeError):
    pass


@dataclass(frozen=True)
class SeedOptions:
    random_seed: int = 2021
    scale: float = 1.0
    until: date = today_local()
    replace: bool = False
    quiet: bool = False

    def describe(self) -> str:
        """The import history's "file" of a seeded database, in the Office's words (shown on /du-lieu)."""
        scale = f"{self.scale:g}".replace(".", ",")
        return (f"Dữ liệu mẫu (hạt giống ngẫu nhiên {self.random_seed}, hệ số {scale}, "
                f"đến ngày {self.until:%d/%m/%Y})")


def has_data(engine_or_conn) -> bool:
    def count(conn):
        return conn.execute(select(func.count()).select_from(units)).scalar()
    if isinstance(engine_or_conn, Connection):
        return count(engine_or_conn) > 0
    with engine_or_conn.connect() as conn:
        return count(conn) > 0


def clear(conn: Connection) -> None:
    """Delete the data (not the targets, not the import log), children first."""
    if conn.dialect.name == "postgresql":
        # TRUNCATE fires no row triggers: the dossier rollups are emptied with the dossiers.
        names = ", ".join(f'"{t.name}"' for t in [*LOAD_ORDER, dossier_daily, dossier_backlog])
        conn.execute(text(f"TRUNCATE {names}"))  # transactional in PostgreSQL, and fast on millions of rows
        return
    for table in [dossier_daily, dossier_backlog, *reversed(LOAD_ORDER)]:
        conn.execute(table.delete())


def write_all(conn: Connection, opts: SeedOptions) -> dict[str, int]:
    w = BulkWriter(conn, quiet=opts.quiet)
    seed, scale, until = opts.random_seed, opts.scale, opts.until
    counts = {
        "leaders": w.write(leaders, ("code", "name", "title", "sectors"), leader_rows()),
        "units": w.write(units, UNIT_COLUMNS, unit_rows()),
        "unit_lineage": w.write(unit_lineage, LINEAGE_COLUMNS, lineage_rows()),
        "procedures": w.write(procedures, ("code", "name", "field", "time_limit_days"), procedure_rows()),
    }
    all_tasks = T.generate(seed, scale, until)
    counts["tasks"] = w.write(tasks, T.COLUMNS, T.task_rows(all_tasks, until))
    counts["task_co_units"] = w.write(task_co_units, T.CO_COLUMNS, T.co_unit_rows(all_tasks, until))
    with bulk_load(conn, dossiers, quiet=opts.quiet):
        counts["dossiers"] = w.write(dossiers, D.COLUMNS, D.dossier_rows(seed, scale, until))
    counts["petitions"] = w.write(petitions, P.COLUMNS, P.petition_rows(seed, scale, until))
    counts["receptions"] = w.write(receptions, P.RECEPTION_COLUMNS, P.reception_rows(seed, until))
    counts["par_scores"] = w.write(par_scores, PAR.COLUMNS, PAR.par_rows(seed, until))
    # The seed stands in for the source systems: each unit's data counts as fed on its last event's day.
    counts["unit_freshness"] = stamp_from_rows(conn)
    return counts


def seed_database(engine: Engine, opts: SeedOptions) -> dict[str, int]:
    if opts.until < date(2021, 12, 31) and not opts.quiet:
        print("Lưu ý: --until trước 31/12/2021, số liệu năm 2021 chưa đủ như báo cáo.", file=sys.stderr)
    upgrade(engine)
    started = now_local()
    with engine.begin() as conn:
        if has_data(conn):
            if not opts.replace:
                raise NotEmpty("Cơ sở dữ liệu đã có dữ liệu; dùng --replace để xóa và tạo lại dữ liệu mẫu.")
            drop_linked_accounts(conn)
            with bulk_load(conn, dossiers, quiet=True):  # no trigger per deleted dossier; rollups emptied too
                clear(conn)
        t0 = time.perf_counter()
        counts = write_all(conn, opts)
        add_demo_accounts(conn)  # one account per role, demo passwords in the README
        conn.execute(import_log.insert().values(
            kind="seed", file_name=opts.describe(), imported_by="seed", started_at=started,
            finished_at=now_local(), status="ok", rows_inserted=sum(counts.values()),
            message=f"Dữ liệu mẫu đến ngày {opts.until:%d/%m/%Y} ({time.perf_counter() - t0:.1f} giây)"))
    _analyze(engine)
    return counts


def _analyze(engine: Engine) -> None:
    """Fresh planner statistics after a bulk load; on PostgreSQL also the visibility map, without
    which an index-only scan (the median turnaround) still visits the table. Autovacuum would get
    there too, minutes later."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")  # VACUUM cannot run inside a transaction
        return
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
