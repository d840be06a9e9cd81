"""The app's only door to the database, and the only place that caches.

Why a "data version": the figures are expensive (dozens of aggregate queries per page),
the check is cheap (one row from `import_log`). Every page run reads the version first and
passes it into the cache key of every query, so results are reused while nothing changed
and re-queried at once after an import — no waiting for a TTL. The TTL and `max_entries`
only bound memory and staleness of data written behind the importer's back.

Queries take plain values (dates, unit codes) so the cache keys stay small and hashable.
"""
from __future__ import annotations

import os
import threading
from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy.exc import DBAPIError, ProgrammingError, SQLAlchemyError

from data_access import breakdowns, dossiers, kpi, par, petitions, tasks
from data_access.config import is_default_sqlite, redact, resolve_database_url
from data_access.db import make_engine
from data_access.migrate import upgrade
from data_access.period import Period
from data_access.scope import ALL_UNITS, Scope
from data_access.targets import Target, load_targets

CACHE_TTL_SECONDS = 15 * 60
CACHE_MAX_ENTRIES = 512
DEFAULT_REFRESH_SECONDS = 60


class DatabaseUnavailable(RuntimeError):
    """The database cannot be read; the message says so in plain Vietnamese."""


def _secret(name: str):
    try:
        return st.secrets.get(name)
    except Exception:  # no secrets.toml at all is the normal case
        return None


def database_url() -> str:
    return resolve_database_url(secrets_url=_secret("database_url") or _secret("DATABASE_URL"))


def refresh_seconds() -> float:
    """How often an open page re-checks the data version: env BDH_REFRESH_SECONDS, secrets, else 60."""
    raw = os.environ.get("BDH_REFRESH_SECONDS") or _secret("refresh_seconds")
    try:
        return max(5.0, float(raw)) if raw else DEFAULT_REFRESH_SECONDS
    except (TypeError, ValueError):
        return DEFAULT_REFRESH_SECONDS


@st.cache_resource(show_spinner=False)
def _engine(url: str):
    return make_engine(url)


def _explain(exc: Exception, url: str) -> DatabaseUnavailable:
    where = redact(url)
    if isinstance(exc, ProgrammingError) or "no such table" in str(exc):
        text = (f"Cơ sở dữ liệu ({where}) thiếu bảng dữ liệu: lược đồ chưa được tạo hoặc chưa được nâng cấp. "
                "Hãy chạy `python -m data_access init-db`.")
    else:
        text = f"Không kết nối được cơ sở dữ liệu ({where}). Trang sẽ tự tải lại khi cơ sở dữ liệu hoạt động trở lại."
    return DatabaseUnavailable(text)


def _connect(url: str):
    return _engine(url).connect()


# --- first start ------------------------------------------------------------------------------

_checked_urls: set[str] = set()  # per process: the first-start check runs once per URL
_first_start_lock = threading.Lock()


def ensure_database() -> None:
    """On the embedded SQLite default, create the schema and seed the demo data into an empty database."""
    url = database_url()
    if url in _checked_urls or not is_default_sqlite(url):
        return
    with _first_start_lock:
        if url in _checked_urls:
            return
        try:
            engine = _engine(url)
            upgrade(engine)
            with engine.connect() as conn:
                empty = not breakdowns.has_data(conn)
            if empty:
                with st.spinner("Lần chạy đầu tiên: đang tạo dữ liệu mẫu, xin chờ trong giây lát…"):
                    _run_seed(url)
                _cached.clear()
        except (SQLAlchemyError, DBAPIError) as exc:
            raise _explain(exc, url) from exc
        _checked_urls.add(url)


def _run_seed(url: str) -> None:
    from seed.__main__ import main as seed_main  # noqa: PLC0415 — the seed package's CLI entry point

    code = seed_main(["--db", url, "--if-empty"])
    if code:
        raise DatabaseUnavailable("Không tạo được dữ liệu mẫu cho lần chạy đầu tiên.")


# --- the data version -------------------------------------------------------------------------

def current_version() -> breakdowns.DataVersion:
    """Read the data version now (uncached, one cheap query) and remember it for this run."""
    url = database_url()
    try:
        with _connect(url) as conn:
            version = breakdowns.data_version(conn)
    except (SQLAlchemyError, DBAPIError) as exc:
        raise _explain(exc, url) from exc
    st.session_state["_bdh_version"] = version
    return version


def _version_key() -> tuple:
    version = st.session_state.get("_bdh_version") or current_version()
    return (version.last_import_id, version.imports, version.updated_at)


def clear_cache() -> None:
    """The manual "Làm mới": drop every cached result (the engine stays)."""
    _cached.clear()
    st.session_state.pop("_bdh_version", None)


# --- cached queries ---------------------------------------------------------------------------

_QUERIES = {
    "figures": kpi.all_figures,
    "task_figures": tasks.task_figures,
    "tasks_by_unit": tasks.tasks_by_unit,
    "tasks_by_leader": tasks.tasks_by_leader,
    "tasks_by_bucket": tasks.tasks_by_bucket,
    "overdue_tasks": tasks.overdue_tasks,
    "overdue_aging": tasks.overdue_aging,
    "tasks_due_soon": tasks.tasks_due_soon,
    "tasks_in_period": breakdowns.tasks_in_period,
    "dossiers_by_unit": dossiers.dossiers_by_unit,
    "dossiers_by_bucket": dossiers.dossiers_by_bucket,
    "dossiers_by_channel": dossiers.dossiers_by_channel,
    "dossiers_by_field": dossiers.dossiers_by_field,
    "overdue_pending_dossiers": dossiers.overdue_pending_dossiers,
    "petitions_by_unit": petitions.petitions_by_unit,
    "petitions_by_kind": petitions.petitions_by_kind,
    "petitions_by_bucket": petitions.petitions_by_bucket,
    "overdue_petitions": petitions.overdue_petitions,
    "receptions_by_kind": petitions.receptions_by_kind,
    "receptions_by_leader": petitions.receptions_by_leader,
    "par_year_for": par.par_year_for,
    "par_ranking": par.par_ranking,
    "par_criteria": par.par_criteria,
    "par_history": par.par_history,
    "unit_list": breakdowns.unit_list,
    "leader_list": breakdowns.leader_list,
    "targets": load_targets,
}


def _encode(kwargs: dict) -> tuple:
    out = []
    for key, value in sorted(kwargs.items()):
        if isinstance(value, Period):
            value = ("__period__", value.start, value.end)
        elif isinstance(value, Scope):
            value = ("__scope__", None if value.unit_codes is None else tuple(sorted(value.unit_codes)))
        out.append((key, value))
    return tuple(out)


def _decode(args: tuple) -> dict:
    kwargs = {}
    for key, value in args:
        if isinstance(value, tuple) and value and value[0] == "__period__":
            value = Period(value[1], value[2])
        elif isinstance(value, tuple) and value and value[0] == "__scope__":
            value = ALL_UNITS if value[1] is None else Scope(frozenset(value[1]))
        kwargs[key] = value
    return kwargs


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _cached(url: str, version: tuple, name: str, args: tuple):
    with _connect(url) as conn:
        return _QUERIES[name](conn, **_decode(args))


def _query(name: str, **kwargs):
    from dashboard.ui import access

    kwargs = access.restrict(name, kwargs)
    url = database_url()
    try:
        return access.screen(name, _cached(url, _version_key(), name, _encode(kwargs)))
    except (SQLAlchemyError, DBAPIError) as exc:
        # The database went away in the middle of a run: the same banner as at the start, no trace.
        st.error(f"**Không đọc được số liệu.** {_explain(exc, url)}", icon=":material/cloud_off:")
        st.stop()


def ranking_frames(period: Period) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Units and the per-unit task, dossier and petition frames of EVERY unit, past the user's scope.

    Only for ranking (`dashboard.ranking`): a unit's rank is among all units, but what is shown is the
    rows of the user's own units — never another unit's values.
    """
    url, version = database_url(), _version_key()
    try:
        return tuple(_cached(url, version, name, _encode(kwargs)) for name, kwargs in (
            ("unit_list", {}), ("tasks_by_unit", {"period": period, "scope": ALL_UNITS}),
            ("dossiers_by_unit", {"period": period, "scope": ALL_UNITS}),
            ("petitions_by_unit", {"period": period, "scope": ALL_UNITS})))
    except (SQLAlchemyError, DBAPIError) as exc:
        st.error(f"**Không đọc được số liệu.** {_explain(exc, url)}", icon=":material/cloud_off:")
        st.stop()


def par_rank_totals(year: int) -> dict[str, int]:
    """How many units of each kind the PAR ranks of `year` run over (counts only, no unit's value).

    For a restricted user's "hạng N/M": the rank is among all units of the kind, past the user's scope.
    """
    url = database_url()
    try:
        rows = _cached(url, _version_key(), "par_ranking", _encode({"year": year, "scope": ALL_UNITS}))
    except (SQLAlchemyError, DBAPIError) as exc:
        st.error(f"**Không đọc được số liệu.** {_explain(exc, url)}", icon=":material/cloud_off:")
        st.stop()
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["kind"]] = totals.get(row["kind"], 0) + 1
    return totals


def _by(assigned_by: str | None) -> dict:
    """The assigning-leader keyword only when set, so the cache keys of the other pages stay as they were."""
    return {} if assigned_by is None else {"assigned_by": assigned_by}


# Named entry points, so pages read like the question they answer.
def figures(period: Period, scope: Scope = ALL_UNITS) -> dict:
    return _query("figures", period=period, scope=scope)


def task_figures(period: Period, scope: Scope = ALL_UNITS, assigned_by: str | None = None) -> dict:
    """The task figures only (the tasks page's cards), optionally of one assigning leader's tasks."""
    return _query("task_figures", period=period, scope=scope, **_by(assigned_by))


def tasks_by_unit(period: Period, scope: Scope = ALL_UNITS, assigned_by: str | None = None) -> pd.DataFrame:
    return _query("tasks_by_unit", period=period, scope=scope, **_by(assigned_by))


def tasks_by_leader(period: Period, scope: Scope = ALL_UNITS, assigned_by: str | None = None) -> pd.DataFrame:
    return _query("tasks_by_leader", period=period, scope=scope, **_by(assigned_by))


def tasks_by_bucket(period: Period, scope: Scope = ALL_UNITS, grain: str = "month",
                    assigned_by: str | None = None) -> pd.DataFrame:
    return _query("tasks_by_bucket", period=period, scope=scope, grain=grain, **_by(assigned_by))


def overdue_tasks(as_of: date, scope: Scope = ALL_UNITS, limit: int | None = 500,
                  assigned_by: str | None = None) -> pd.DataFrame:
    return _query("overdue_tasks", as_of=as_of, scope=scope, limit=limit, **_by(assigned_by))


def overdue_aging(as_of: date, scope: Scope = ALL_UNITS, assigned_by: str | None = None) -> pd.DataFrame:
    return _query("overdue_aging", as_of=as_of, scope=scope, **_by(assigned_by))


def tasks_due_soon(as_of: date, scope: Scope = ALL_UNITS, days: int = 7,
                   assigned_by: str | None = None) -> pd.DataFrame:
    return _query("tasks_due_soon", as_of=as_of, scope=scope, days=days, **_by(assigned_by))


def tasks_in_period(period: Period, scope: Scope = ALL_UNITS, assigned_by: str | None = None) -> pd.DataFrame:
    return _query("tasks_in_period", period=period, scope=scope, **_by(assigned_by))


def dossiers_by_unit(period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    return _query("dossiers_by_unit", period=period, scope=scope)


def dossiers_by_bucket(period: Period, scope: Scope = ALL_UNITS, grain: str = "month") -> pd.DataFrame:
    return _query("dossiers_by_bucket", period=period, scope=scope, grain=grain)


def dossiers_by_channel(period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    return _query("dossiers_by_channel", period=period, scope=scope)


def dossiers_by_field(period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    return _query("dossiers_by_field", period=period, scope=scope)


def overdue_pending_dossiers(as_of: date, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    return _query("overdue_pending_dossiers", as_of=as_of, scope=scope)


def petitions_by_unit(period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    return _query("petitions_by_unit", period=period, scope=scope)


def petitions_by_kind(period: Period, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    return _query("petitions_by_kind", period=period, scope=scope)


def petitions_by_bucket(period: Period, scope: Scope = ALL_UNITS, grain: str = "month") -> pd.DataFrame:
    return _query("petitions_by_bucket", period=period, scope=scope, grain=grain)


def overdue_petitions(as_of: date, scope: Scope = ALL_UNITS, limit: int | None = 500) -> pd.DataFrame:
    return _query("overdue_petitions", as_of=as_of, scope=scope, limit=limit)


def receptions_by_kind(period: Period) -> pd.DataFrame:
    return _query("receptions_by_kind", period=period)


def receptions_by_leader(period: Period) -> pd.DataFrame:
    return _query("receptions_by_leader", period=period)


def par_year_for(as_of: date) -> int | None:
    return _query("par_year_for", as_of=as_of)


def par_ranking(year: int, scope: Scope = ALL_UNITS) -> list[dict]:
    return _query("par_ranking", year=year, scope=scope)


def par_criteria(year: int, scope: Scope = ALL_UNITS) -> pd.DataFrame:
    return _query("par_criteria", year=year, scope=scope)


def par_history(scope: Scope = ALL_UNITS) -> pd.DataFrame:
    return _query("par_history", scope=scope)


def unit_list() -> pd.DataFrame:
    return _query("unit_list")


def leader_list() -> pd.DataFrame:
    return _query("leader_list")


def targets() -> dict[str, Target]:
    return _query("targets")
