"""A Parquet copy of the `dossiers` table, for the DuckDB and pandas baselines (made once, reused)."""
from __future__ import annotations

import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select

from data_access.db import make_engine
from data_access.schema import dossiers

SCHEMA = pa.schema([
    ("dossier_id", pa.string()), ("unit", pa.string()), ("procedure_code", pa.string()), ("channel", pa.string()),
    ("received_at", pa.timestamp("us")), ("due_at", pa.timestamp("us")), ("due_has_time", pa.bool_()),
    ("resolved_at", pa.timestamp("us")), ("resolved_has_time", pa.bool_()), ("end_state", pa.string()),
    ("ended_at", pa.timestamp("us")), ("rating", pa.string()),
])
BATCH = 500_000


def export_parquet(url: str, path: str) -> None:
    if Path(path).exists():
        return
    started = time.perf_counter()
    engine = make_engine(url)
    tmp = path + ".part"
    with engine.connect().execution_options(stream_results=True, yield_per=BATCH) as conn, \
            pq.ParquetWriter(tmp, SCHEMA) as writer:
        result = conn.execute(select(*[dossiers.c[n] for n in SCHEMA.names]))
        for part in result.partitions(BATCH):
            columns = list(zip(*part))
            writer.write_table(pa.table([pa.array(c, type=f.type) for c, f in zip(columns, SCHEMA)], schema=SCHEMA))
    engine.dispose()
    Path(tmp).rename(path)
    print(f"parquet copy of dossiers: {path} in {time.perf_counter() - started:.0f} s", flush=True)
