"""The same dossier questions answered by DuckDB over a Parquet copy of `dossiers`, and by pandas
after loading the whole table into memory (the naive Streamlit way: load once, filter per page).

Both follow SPEC §2.2 literally (the conditions of `data_access/dossier_reference.py`).
"""
from __future__ import annotations

from datetime import datetime, time, timedelta

import duckdb
import numpy as np
import pandas as pd

CHANNELS = ("direct", "online", "postal")


def _bounds(period):
    return datetime.combine(period.start, time.min), datetime.combine(period.end + timedelta(days=1), time.min)


def _ts(value: datetime) -> str:
    return f"TIMESTAMP '{value:%Y-%m-%d %H:%M:%S}'"


class DuckDB:
    """native=True: the Parquet file loaded once into an in-memory DuckDB table (the fair anchor: DuckDB's own
    storage); native=False: a view reading the Parquet file again for every question."""

    def __init__(self, parquet: str, procedures: pd.DataFrame, *, native: bool = False):
        self.con = duckdb.connect()
        kind = "TABLE" if native else "VIEW"
        self.con.execute(f"CREATE {kind} d AS SELECT * FROM read_parquet('{parquet}')")
        self.con.register("procedures", procedures)

    def _scope(self, scope) -> str:
        if scope.unit_codes is None:
            return "TRUE"
        return "unit IN (" + ", ".join(f"'{c}'" for c in sorted(scope.unit_codes)) + ")" if scope.unit_codes else "FALSE"

    def _flow_sql(self, period) -> tuple[str, str]:
        start, after = _bounds(period)
        rec = f"received_at >= {_ts(start)} AND received_at < {_ts(after)}"
        res = f"resolved_at >= {_ts(start)} AND resolved_at < {_ts(after)}"
        return rec, res

    def _columns(self, period, with_median: bool) -> str:
        rec, res = self._flow_sql(period)
        _, after = _bounds(period)
        as_of = after - timedelta(days=1)
        on_time = ("CASE WHEN due_has_time AND resolved_has_time THEN resolved_at <= due_at "
                   "ELSE CAST(resolved_at AS DATE) <= CAST(due_at AS DATE) END")
        pending = (f"received_at < {_ts(after)} AND (resolved_at IS NULL OR resolved_at >= {_ts(after)}) "
                   f"AND (ended_at IS NULL OR ended_at >= {_ts(after)})")
        cols = [f"count(*) FILTER ({rec}) AS dossiers_received",
                *(f"count(*) FILTER ({rec} AND channel = '{c}') AS dossiers_{c}" for c in CHANNELS),
                f"count(*) FILTER ({res}) AS dossiers_resolved",
                f"count(*) FILTER ({res} AND {on_time}) AS dossiers_resolved_on_time",
                f"count(*) FILTER ({res} AND rating IS NOT NULL) AS dossiers_rated",
                f"count(*) FILTER ({res} AND rating = 'satisfied') AS dossiers_satisfied",
                f"count(*) FILTER ({pending}) AS dossiers_pending",
                f"count(*) FILTER ({pending} AND due_at < {_ts(as_of)}) AS dossiers_pending_overdue"]
        if with_median:
            cols.append(f"median(epoch(resolved_at - received_at) / 86400.0) FILTER ({res}) AS median_turnaround_days")
        return ", ".join(cols)

    def figures(self, period, scope) -> dict:
        df = self.con.execute(f"SELECT {self._columns(period, True)} FROM d WHERE {self._scope(scope)}").df()
        return df.iloc[0].to_dict()

    def by_unit(self, period, scope) -> pd.DataFrame:
        return self.con.execute(f"SELECT unit, {self._columns(period, False)} FROM d WHERE {self._scope(scope)} "
                                "GROUP BY unit").df()

    def by_bucket(self, period, scope, grain) -> pd.DataFrame:
        rec, res = self._flow_sql(period)
        unit = "month" if grain == "month" else "week"
        where = self._scope(scope)
        received = self.con.execute(f"SELECT date_trunc('{unit}', received_at) AS b, count(*) AS n FROM d "
                                    f"WHERE {where} AND {rec} GROUP BY b").df()
        resolved = self.con.execute(f"SELECT date_trunc('{unit}', resolved_at) AS b, count(*) AS n FROM d "
                                    f"WHERE {where} AND {res} GROUP BY b").df()
        return received.merge(resolved, on="b", how="outer")

    def by_channel(self, period, scope) -> pd.DataFrame:
        rec, _ = self._flow_sql(period)
        return self.con.execute(f"SELECT channel, count(*) FROM d WHERE {self._scope(scope)} AND {rec} "
                                "GROUP BY channel").df()

    def by_field(self, period, scope) -> pd.DataFrame:
        rec, res = self._flow_sql(period)
        return self.con.execute(
            f"SELECT coalesce(p.field, 'Khác') AS field, count(*) FILTER ({rec}), count(*) FILTER ({res}) "
            f"FROM d JOIN procedures p ON p.code = d.procedure_code WHERE {self._scope(scope)} "
            f"AND (({rec}) OR ({res})) GROUP BY 1").df()

    def overdue_list(self, as_of, scope) -> pd.DataFrame:
        after = datetime.combine(as_of + timedelta(days=1), time.min)
        start = datetime.combine(as_of, time.min)
        return self.con.execute(
            f"SELECT unit, count(*), min(due_at) FROM d WHERE {self._scope(scope)} AND received_at < {_ts(after)} "
            f"AND (resolved_at IS NULL OR resolved_at >= {_ts(after)}) AND (ended_at IS NULL OR ended_at >= {_ts(after)}) "
            f"AND due_at < {_ts(start)} GROUP BY unit").df()


class Pandas:
    """The whole dossier table in a DataFrame; every question is boolean masks over it."""

    def __init__(self, frame: pd.DataFrame, procedures: pd.DataFrame):
        self.d = frame
        self.fields = self.d["procedure_code"].map(
            dict(zip(procedures["code"], procedures["field"].fillna("Khác")))).fillna("Khác")
        d = self.d
        timed = d["due_has_time"] & d["resolved_has_time"]
        self.on_time = np.where(timed, d["resolved_at"] <= d["due_at"],
                                d["resolved_at"].dt.normalize() <= d["due_at"].dt.normalize())

    def _scope(self, scope):
        if scope.unit_codes is None:
            return np.ones(len(self.d), dtype=bool)
        return self.d["unit"].isin(list(scope.unit_codes)).to_numpy()

    def _masks(self, period, scope):
        start, after = _bounds(period)
        d, s = self.d, self._scope(scope)
        rec = s & ((d["received_at"] >= start) & (d["received_at"] < after)).to_numpy()
        res = s & ((d["resolved_at"] >= start) & (d["resolved_at"] < after)).to_numpy()
        pending = s & ((d["received_at"] < after) & ~(d["resolved_at"] < after) & ~(d["ended_at"] < after)).to_numpy()
        overdue = pending & (d["due_at"] < after - timedelta(days=1)).to_numpy()
        return rec, res, pending, overdue

    def figures(self, period, scope) -> dict:
        d = self.d
        rec, res, pending, overdue = self._masks(period, scope)
        out = {"dossiers_received": int(rec.sum()),
               **{f"dossiers_{c}": int((rec & (d["channel"] == c).to_numpy()).sum()) for c in CHANNELS},
               "dossiers_resolved": int(res.sum()), "dossiers_resolved_on_time": int((res & self.on_time).sum()),
               "dossiers_rated": int((res & d["rating"].notna().to_numpy()).sum()),
               "dossiers_satisfied": int((res & (d["rating"] == "satisfied").to_numpy()).sum()),
               "dossiers_pending": int(pending.sum()), "dossiers_pending_overdue": int(overdue.sum())}
        turnaround = (d["resolved_at"][res] - d["received_at"][res]).dt.total_seconds() / 86400
        out["median_turnaround_days"] = float(turnaround.median()) if len(turnaround) else None
        return out

    def by_unit(self, period, scope) -> pd.DataFrame:
        rec, res, pending, overdue = self._masks(period, scope)
        frame = pd.DataFrame({"unit": self.d["unit"], "rec": rec, "res": res, "on_time": res & self.on_time,
                              "pending": pending, "overdue": overdue})
        return frame[rec | res | pending].groupby("unit").sum()

    def by_bucket(self, period, scope, grain) -> pd.DataFrame:
        rec, res, _, _ = self._masks(period, scope)
        freq = "M" if grain == "month" else "W"
        received = self.d["received_at"][rec].dt.to_period(freq).value_counts()
        resolved = self.d["resolved_at"][res].dt.to_period(freq).value_counts()
        return pd.concat([received, resolved], axis=1)

    def by_channel(self, period, scope) -> pd.Series:
        rec, _, _, _ = self._masks(period, scope)
        return self.d["channel"][rec].value_counts()

    def by_field(self, period, scope) -> pd.DataFrame:
        rec, res, _, _ = self._masks(period, scope)
        return pd.concat([self.fields[rec].value_counts(), self.fields[res].value_counts()], axis=1)

    def overdue_list(self, as_of, scope) -> pd.DataFrame:
        from data_access.period import Period
        _, _, _, overdue = self._masks(Period(as_of, as_of), scope)
        return self.d[overdue].groupby("unit")["due_at"].agg(["count", "min"])


def answer(engine, question: tuple):
    kind, *args = question
    return getattr(engine, kind)(*args)
