"""What the import log says about freshness: every run newest first, and the last good import per kind."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, func, select

from .schema import import_log

L = import_log.c
HISTORY_COLUMNS = ["id", "kind", "file_name", "imported_by", "started_at", "finished_at", "status",
                   "rows_inserted", "rows_updated", "rows_rejected", "message"]


def import_history(conn: Connection, *, limit: int = 200) -> pd.DataFrame:
    """The last `limit` runs of the importer (and the seed), newest first."""
    stmt = select(*[L[c] for c in HISTORY_COLUMNS]).order_by(L.started_at.desc(), L.id.desc()).limit(limit)
    return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=HISTORY_COLUMNS)


def last_update_by_kind(conn: Connection) -> pd.DataFrame:
    """Per kind: when its data last changed through a successful run (ok or partial), and how many runs."""
    good = L.status.in_(("ok", "partial"))
    stmt = (select(L.kind, func.max(L.finished_at).label("last_import"), func.count().label("runs"))
            .where(good).group_by(L.kind).order_by(L.kind))
    return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=["kind", "last_import", "runs"])
