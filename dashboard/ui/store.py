"""The app's one door to the database: the one engine per URL, the data version, every cached query (the
briefing's too), and row-level security applied once, here, to every query a page asks for.

Why a "data version": the figures are expensive (dozens of aggregate queries per page), the check is cheap
(one row from `import_log`). Every page run reads the version first and passes it into the cache key of
every query, so results are reused across sessions of the same scope while nothing changed, and re-queried
at once after an import — no waiting for a TTL. The TTL and `max_entries` only bound memory and staleness
of data written behind the importer's back.

Queries take plain values (dates, unit codes) so the cache keys stay small and hashable.
"""
from __future__ import annotations

import dataclasses
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy.exc import DBAPIError, ProgrammingError, SQLAlchemyError

from data_access import (breakdowns, conclusions, dossiers, explanations, freshness, kpi, par, petitions, reminders,
                         tasks)
from data_access.clock import today_local
from data_access.config import is_default_sqlite, redact
from data_access.db import make_engine
from data_access.importer import import_file as _import_file
from data_access.importer import validate_file as _validate_file
from data_access.migrate import upgrade
from data_access.period import Period
from data_access.org import RECORDED, Org, current
from data_access.scope import ALL_UNITS, Scope
from data_access.users import scope_for
from data_access.targets import Target, load_targets

from dashboard.briefing.build import build_briefing, follow_up
from dashboard.briefing.model import Briefing, Span
from dashboard.core import access_policy as policy
from dashboard.core.league import league_table
from dashboard.core.memo import remembered
from dashboard.ui import session
from dashboard.ui.settings import database_url, stale_days

CACHE_TTL_SECONDS = 15 * 60
CACHE_MAX_ENTRIES = 512
ROOT = Path(__file__).resolve().parents[2]


class DatabaseUnavailable(RuntimeError):
    """The database cannot be read; the message says so in plain Vietnamese."""


@st.cache_resource(show_spinner=False)
def _engine_for(url: str):
    return make_engine(url)


def engine():
    """The engine of the configured database (one per URL and process)."""
    return _engine_for(database_url())


def explain(exc: Exception, url: str | None = None) -> DatabaseUnavailable:
    """The plain banner text. The database's address (redacted) is named only to a logged-in admin, who can
    act on it: to anyone else (the login page, an officer) it would map the network for nothing."""
    where = f" ({redact(url or database_url())})" if _admin_is_looking() else ""
    if isinstance(exc, ProgrammingError) or "no such table" in str(exc) or "no such column" in str(exc):
        text = (f"Cơ sở dữ liệu{where} thiếu bảng dữ liệu: lược đồ chưa được tạo hoặc chưa được nâng cấp. "
                + ("Hãy chạy `python -m data_access init-db`." if where else "Hãy báo Văn phòng UBND tỉnh."))
    else:
        text = f"Không kết nối được cơ sở dữ liệu{where}. Trang sẽ tự tải lại khi cơ sở dữ liệu hoạt động trở lại."
    return DatabaseUnavailable(text)


def _admin_is_looking() -> bool:
    try:
        access = session.current()
    except Exception:  # noqa: BLE001 — outside a page run (a web route): nobody is looking
        return False
    return access is not None and access.user.is_admin


def run(fn: Callable, *args, **kwargs):
    """`fn(conn, *args, **kwargs)` in one transaction, uncached: logins, audit rows, accounts, the Office's
    pages. Not for figures (those go through the cached, row-level-secured queries below)."""
    with engine().begin() as conn:
        return fn(conn, *args, **kwargs)


def validate_file(kind: str, path):
    return _validate_file(engine(), kind, path)


def import_file(kind: str, path, **kwargs):
    return _import_file(engine(), kind, path, **kwargs)


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
            upgrade(engine())
            with engine().connect() as conn:
                empty = not breakdowns.has_data(conn)
            if empty:
                with st.spinner("Lần chạy đầu tiên: đang tạo dữ liệu mẫu, xin chờ trong giây lát…"):
                    _run_seed(url)
                _cached.clear()
        except (SQLAlchemyError, DBAPIError) as exc:
            raise explain(exc, url) from exc
        _checked_urls.add(url)


def _run_seed(url: str) -> None:
    """The demo data, by the seed's own command (the dashboard does not import the seed package)."""
    done = subprocess.run([sys.executable, "-m", "seed", "--db", url, "--if-empty", "--quiet"], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        raise DatabaseUnavailable("Không tạo được dữ liệu mẫu cho lần chạy đầu tiên.")


# --- the data version -------------------------------------------------------------------------

def current_version() -> breakdowns.DataVersion:
    """Read the data version now (uncached, one cheap query) and remember it for this run."""
    url = database_url()
    try:
        with engine().connect() as conn:
            version = breakdowns.data_version(conn)
    except (SQLAlchemyError, DBAPIError) as exc:
        raise explain(exc, url) from exc
    st.session_state["_bdh_version"] = version
    return version


def remembered_version() -> breakdowns.DataVersion | None:
    """The version read at the start of this run (None before the first read)."""
    return st.session_state.get("_bdh_version")


def version_key(version: breakdowns.DataVersion | None = None) -> tuple:
    """The part of every cache key that changes when the data does."""
    version = version or remembered_version() or current_version()
    return (version.last_import_id, version.imports, version.updated_at)


def clear_cache() -> None:
    """The manual "Làm mới": drop every cached result (the engine stays)."""
    _cached.clear()
    _cached_briefing.clear()
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
    "reminders": reminders.reminders,
    "explanations": explanations.list_requests,
    "last_fed": freshness.last_fed_in_scope,
}
# Read fresh on every call, never cached: an answer or a closing must be seen at once, and no import moves the
# data version for them. They are a few rows, read by id or by unit through an index.
_FRESH = frozenset({"explanations"})


def _encode(kwargs: dict) -> tuple:
    out = []
    for key, value in sorted(kwargs.items()):
        if isinstance(value, Period):
            value = ("__period__", value.start, value.end)
        elif isinstance(value, Scope):
            value = ("__scope__", value.to_key())  # the units and the view of the organisation
        out.append((key, value))
    return tuple(out)


def _decode(args: tuple) -> dict:
    kwargs = {}
    for key, value in args:
        if isinstance(value, tuple) and value and value[0] == "__period__":
            value = Period(value[1], value[2])
        elif isinstance(value, tuple) and value and value[0] == "__scope__":
            value = Scope.from_key(value[1])
        kwargs[key] = value
    return kwargs


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _cached(url: str, version: tuple, name: str, args: tuple):
    with _engine_for(url).connect() as conn:
        return _QUERIES[name](conn, **_decode(args))


def _read(name: str, kwargs: dict):
    """One cached query, as asked (no row-level security: callers below apply it)."""
    url = database_url()
    try:
        if name in _FRESH:
            with engine().connect() as conn:
                return _QUERIES[name](conn, **kwargs)
        return _cached(url, version_key(), name, _encode(kwargs))
    except (SQLAlchemyError, DBAPIError) as exc:
        # The database went away in the middle of a run: the same banner as at the start, no trace.
        st.error(f"**Không đọc được số liệu.** {explain(exc, url)}", icon=":material/cloud_off:")
        st.stop()


def allowed(org: Org) -> Scope:
    """The units the logged-in user may see in the view `org` (nothing when nobody is logged in).

    A unit user's units depend on the view (SPEC §2.5: in the current view the units of day R, whose
    predecessors' items come with them; as recorded, their own units and those merged into them), so they
    are asked of the data layer per view, once per data version and session.
    """
    access = session.current()
    if access is None:
        return policy.DENY_ALL
    if not access.restricted:
        return Scope(None, org)
    memo = st.session_state.setdefault("_bdh_allowed", {})
    key = (access.user.username, org.view, org.on, version_key())
    if key not in memo:
        if len(memo) > 8:  # a page asks for one or two views; old data versions go
            memo.clear()
        memo[key] = run(scope_for, access.user, org)
    return memo[key]


def _org_of(kwargs: dict) -> Org:
    if "scope" in kwargs:
        return kwargs["scope"].org
    return current(kwargs["on"]) if kwargs.get("on") else RECORDED


def _query(name: str, **kwargs):
    """The chokepoint every figure passes: the scope cut to the user's units, the result screened."""
    mine = allowed(_org_of(kwargs))
    return policy.screen(name, _read(name, policy.cut(kwargs, mine)), mine)


_league_table = remembered(league_table)  # the same inputs, by any session: the table built before


def league(period: Period, scope: Scope, par_rows: list[dict]) -> pd.DataFrame:
    """The league table of `scope`; `attrs["total"]` is how many units the ranks run over.

    The whole province (leaders, the Office): the units of the view, ranked among themselves. A restricted
    user: their own units' rows with their rank among ALL units (as the province ranks them) — the ranks are
    computed over every unit here, inside the store, and only the user's rows leave it.
    """
    mine = allowed(scope.org)
    if mine.is_all:
        out = _league_table(_league_units(scope.org), tasks_by_unit(period, scope), dossiers_by_unit(period, scope),
                            petitions_by_unit(period, scope), par_rows, scope_codes=scope.unit_codes,
                            period=period).copy()
        out.attrs["total"] = len(out)
        return out
    province = Scope(None, scope.org)
    everyone = _league_table(_league_units(scope.org, screened=False),
                             *(_read(name, {"period": period, "scope": province})
                               for name in ("tasks_by_unit", "dossiers_by_unit", "petitions_by_unit")),
                             par_rows, period=period)
    out = policy.own_rows(everyone, scope, mine)
    out.attrs["total"] = len(everyone)
    return out


def _league_units(org: Org, *, screened: bool = True) -> pd.DataFrame:
    """The units a league ranks: in the current view those of day R (since 1/7/2025 the province's
    departments and communes), as recorded every unit."""
    units = unit_list(on=org.on) if screened else _read("unit_list", {"on": org.on})
    if org.is_current:
        units = units[units["exists"]].reset_index(drop=True)
    return units


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=64, show_spinner=False)
def _cached_briefing(url: str, version: tuple, week: str, weeks: int, min_resolved: int,
                     units: tuple[str, ...] | None, scope_label: str) -> Briefing:
    whole = units is None
    org = current(Span.parse(week, weeks).period.end)
    with _engine_for(url).connect() as conn:
        return build_briefing(conn, week=week, weeks=weeks, min_resolved=min_resolved,
                              scope=Scope(None if whole else frozenset(units), org), scope_label=scope_label,
                              leaders=whole, province_wide=whole)


def briefing(week: str, weeks: int, min_resolved: int = 20) -> Briefing:
    """The briefing of the span for the user's units, rebuilt only when the data version changes.

    The whole province for leaders and the Office; a restricted user's briefing holds only their units,
    without the province-wide reception figures and the vice-chairmen's sections. A database that cannot
    answer raises `DatabaseUnavailable` with a plain Vietnamese message.
    """
    key = version_key(current_version())
    url = database_url()
    on = Span.parse(week, weeks).period.end  # the organisation of the span's last day
    mine = allowed(current(on))
    try:
        if mine.is_all:
            cached = _cached_briefing(url, key, week, weeks, min_resolved, None, "Toàn tỉnh")
        else:
            units = unit_list(on=on)
            label = policy.own_units_label(units[units["exists"]])
            cached = _cached_briefing(url, key, week, weeks, min_resolved, tuple(sorted(mine.unit_codes)), label)
        # the explanation requests change with no import: read fresh, for the same units
        return dataclasses.replace(cached, follow_up=run(follow_up, on, mine))
    except SQLAlchemyError as exc:
        raise DatabaseUnavailable(
            f"Cơ sở dữ liệu ({redact(url)}) không trả lời được truy vấn giao ban ({type(exc).__name__}). "
            "Nếu vừa nâng cấp phần mềm, hãy chạy `python -m data_access init-db`.") from exc


class NotAllowed(PermissionError):
    """The logged-in user may not make this change; the message is Vietnamese."""


def record_conclusion(conclusion: conclusions.Conclusion) -> str:
    """The Office records a briefing conclusion as a task (validated, one transaction with its import-log and
    audit rows; `conclusions.ConclusionRefused` writes nothing). Its import-log row changes the data version,
    so every cached figure and briefing is rebuilt on the next run, in every session."""
    access = session.current()
    if access is None or not access.user.is_admin:
        raise NotAllowed("Chỉ Văn phòng UBND tỉnh được ghi kết luận giao ban.")
    try:
        return run(conclusions.record_conclusion, conclusion, username=access.user.username, today=today_local())
    except (SQLAlchemyError, DBAPIError) as exc:
        raise explain(exc) from exc


def stale_units(as_of: date, stale_days: dict[str, int]) -> pd.DataFrame:
    """The units of `as_of` whose tasks, dossiers or petitions are stale (the Office's pages; uncached: a few
    hundred rows of `unit_freshness`)."""
    return run(freshness.stale_units, as_of, stale_days=stale_days)


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
                  assigned_by: str | None = None, since: date | None = None) -> pd.DataFrame:
    return _query("overdue_tasks", as_of=as_of, scope=scope, limit=limit, **_by(assigned_by),
                  **({"since": since} if since else {}))


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


def unit_list(on: date | None = None) -> pd.DataFrame:
    """The units (cut to the user's); with `on` (day R) marked whether they exist then, and into what the
    dissolved ones passed."""
    return _query("unit_list", **({"on": on} if on else {}))


def leader_list() -> pd.DataFrame:
    return _query("leader_list")


def targets() -> dict[str, Target]:
    return _query("targets")


# --- reminders (đôn đốc, SPEC §2.6) ------------------------------------------------------------------

def reminders_of_day(as_of: date, days: int = reminders.DEFAULT_DAYS, units: frozenset[str] | None = None) -> list[dict]:
    """The reminders of day `as_of` (organisation of that day) for the user's units: every unit's for the
    Office, a unit officer's own (and its sub-units') for them. `units` narrows to those units."""
    return _query("reminders", as_of=as_of, days=days, scope=Scope(units, current(as_of)), stale_days=stale_days())


def reminder_log(as_of: date | None = None) -> pd.DataFrame:
    """What was built or sent, newest first (uncached: the Office wants what is there now)."""
    return run(reminders.reminder_log_rows, as_of=as_of)


def record_reminders_built(*, username: str, as_of: date, channel: str, unit_codes) -> None:
    run(reminders.record_built, username=username, as_of=as_of, channel=channel, unit_codes=list(unit_codes))


def send_reminders(found, smtp, *, as_of: date, username: str):
    """Deliver the e-mails (dashboard.followup.delivery) with this app's database as the log."""
    from dashboard.followup.delivery import deliver  # noqa: PLC0415 — only the Office's page sends

    return deliver(found, smtp, as_of=as_of, username=username, transaction=engine().begin)


# --- explanation requests (SPEC §2.6) ------------------------------------------------------------
# Reads pass `_query` like every figure: the scope, the organisation of today, is cut to the user's units, so a
# unit's officer gets only the requests that belong to their units today, whatever id or unit a page asks for.

def explanation_requests(state: str | None = None, unit: str | None = None, overdue: bool | None = None,
                         request_id: int | None = None) -> list[explanations.Request]:
    today = today_local()
    return _query("explanations", scope=Scope(None, current(today)), today=today, state=state, unit=unit,
                  overdue=overdue, request_id=request_id)


def explanation_request(request_id: int) -> explanations.Request | None:
    """One request the user may read; None when it does not exist or is another unit's (the same answer)."""
    found = explanation_requests(request_id=request_id)
    return found[0] if found else None


def _actor(may) -> str:
    access = session.current()
    if access is None or not may(access.user.role):
        raise explanations.ExplanationError(policy.NO_ACTION_PERMISSION)
    return access.user.username


def ask_explanation(unit_code: str, subject: explanations.Subject, question: str, due_date: date) -> int:
    """A leader's or the Office's new request (one transaction with its audit row); returns its id."""
    by = _actor(policy.may_ask)
    return run(explanations.create, unit_code=unit_code, subject=subject, question=question, due_date=due_date,
               asked_by=by, today=today_local())


def answer_explanation(request_id: int, body: str) -> None:
    """A unit officer's answer, to a request of their own units only (the data layer checks it in the scope)."""
    by = _actor(policy.may_answer)
    today = today_local()
    run(explanations.answer, request_id, body=body, author=by, scope=allowed(current(today)), today=today)


def close_explanation(request_id: int, note: str | None = None) -> None:
    run(explanations.close, request_id, by=_actor(policy.may_ask), note=note)


def reopen_explanation(request_id: int, question: str, due_date: date) -> None:
    run(explanations.reopen, request_id, question=question, due_date=due_date, by=_actor(policy.may_ask),
        today=today_local())


def last_fed(scope: Scope = ALL_UNITS) -> dict:
    """Per source (tasks, dossiers, petitions): when the data of the scope's units last came in."""
    return _query("last_fed", scope=scope)
