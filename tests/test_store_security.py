"""Row-level security through the one door: every query family the store offers, asked by a `unit` user for
the whole province (a page that forgot its scope), answers only with that user's units — the same answer
as the data layer gives for the user's own scope — and nothing province-wide. On SQLite and PostgreSQL.

The calls run inside a real Streamlit script (AppTest), as the pages make them.
"""
from __future__ import annotations

import os

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import BACKENDS, dispose_database, new_database_url
from data_access import breakdowns, dossiers, kpi, par, petitions, tasks
from data_access.clock import today_local
from data_access.db import make_engine
from data_access.period import Period
from data_access.org import RECORDED, current
from data_access.scope import ALL_UNITS, Scope
from data_access.users import get_user, scope_for

UNIT_USER = "so_taichinh"


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request, tmp_path_factory):
    """A small seeded demo database as DATABASE_URL; yields (engine, the unit user's allowed scope)."""
    from seed.__main__ import main as seed_main

    url = new_database_url(request.param, tmp_path_factory, "bdh_store")
    assert seed_main(["--db", url, "--scale", "0.03", "--quiet"]) == 0
    before = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    engine = make_engine(url)
    with engine.connect() as conn:
        allowed = scope_for(conn, get_user(conn, UNIT_USER))
    assert allowed.unit_codes, "the demo's unit user sees no unit"
    yield engine, allowed
    engine.dispose()
    os.environ.pop("DATABASE_URL", None) if before is None else os.environ.__setitem__("DATABASE_URL", before)
    dispose_database(request.param, url)


def _ask(username: str, query: str, kwargs: dict) -> None:
    """Inside a Streamlit run: log `username` in as the auth layer would, ask the store, keep the answer."""
    import streamlit as st

    from data_access.users import get_user, home_units, scope_for
    from dashboard.ui import session, store

    def access(conn):
        user = get_user(conn, username)
        return session.Access(user, scope_for(conn, user), user.leader_code if home_units(conn, user) else None)

    st.session_state[session.ACCESS_KEY] = store.run(access)
    st.session_state["answer"] = getattr(store, query)(**kwargs)


def ask(query: str, username: str = UNIT_USER, **kwargs):
    at = AppTest.from_function(_ask, args=(username, query, kwargs), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    return at.session_state["answer"]


YEAR = Period(today_local().replace(month=1, day=1), today_local())
AS_OF = today_local()

# store entry point, its data-layer function, and the arguments (the scope is added: ALL_UNITS to the store)
FAMILIES = {
    "figures": (kpi.all_figures, {"period": YEAR}),
    "task_figures": (tasks.task_figures, {"period": YEAR}),
    "tasks_by_unit": (tasks.tasks_by_unit, {"period": YEAR}),
    "tasks_by_leader": (tasks.tasks_by_leader, {"period": YEAR}),
    "tasks_by_bucket": (tasks.tasks_by_bucket, {"period": YEAR, "grain": "month"}),
    "overdue_tasks": (tasks.overdue_tasks, {"as_of": AS_OF, "limit": 500}),
    "overdue_aging": (tasks.overdue_aging, {"as_of": AS_OF}),
    "tasks_due_soon": (tasks.tasks_due_soon, {"as_of": AS_OF, "days": 7}),
    "tasks_in_period": (breakdowns.tasks_in_period, {"period": YEAR}),
    "dossiers_by_unit": (dossiers.dossiers_by_unit, {"period": YEAR}),
    "dossiers_by_bucket": (dossiers.dossiers_by_bucket, {"period": YEAR, "grain": "month"}),
    "dossiers_by_channel": (dossiers.dossiers_by_channel, {"period": YEAR}),
    "dossiers_by_field": (dossiers.dossiers_by_field, {"period": YEAR}),
    "overdue_pending_dossiers": (dossiers.overdue_pending_dossiers, {"as_of": AS_OF}),
    "petitions_by_unit": (petitions.petitions_by_unit, {"period": YEAR}),
    "petitions_by_kind": (petitions.petitions_by_kind, {"period": YEAR}),
    "petitions_by_bucket": (petitions.petitions_by_bucket, {"period": YEAR, "grain": "month"}),
    "overdue_petitions": (petitions.overdue_petitions, {"as_of": AS_OF, "limit": 500}),
    "par_criteria": (par.par_criteria, {"year": AS_OF.year - 1}),
    "par_history": (par.par_history, {}),
}


def _same(a, b) -> bool:
    if isinstance(a, pd.DataFrame):
        return a.reset_index(drop=True).equals(b.reset_index(drop=True))
    return a == b


@pytest.mark.parametrize("view", ["current", "recorded"])
@pytest.mark.parametrize("query", sorted(FAMILIES))
def test_a_unit_user_gets_only_their_units_from_every_query(demo, query, view):
    """In both views of the organisation (SPEC §2.5): the user's units differ between them."""
    engine, _ = demo
    org = current(AS_OF) if view == "current" else RECORDED
    fn, kwargs = FAMILIES[query]
    answer = ask(query, **kwargs, scope=Scope(None, org))
    with engine.connect() as conn:
        allowed = scope_for(conn, get_user(conn, UNIT_USER), org)
        own = fn(conn, **kwargs, scope=allowed)
        province = fn(conn, **kwargs, scope=Scope(None, org))
    if query == "figures":  # reception figures are province-wide: a unit user gets none of them
        for key in ("reception_sessions", "reception_people", "reception_group_delegations"):
            assert answer[key] is None
            own[key] = None
    assert _same(answer, own), query
    if isinstance(answer, pd.DataFrame):
        for column in ("unit", "lead_unit", "handling_unit"):
            if column in answer.columns:
                assert set(answer[column]) <= allowed.unit_codes, query
    empty = isinstance(province, pd.DataFrame) and province.empty
    assert empty or not _same(own, province), f"{query}: the province and the unit give the same answer"


def test_the_chairman_gets_the_province(demo):
    engine, _ = demo
    with engine.connect() as conn:
        province = dossiers.dossiers_by_unit(conn, period=YEAR, scope=ALL_UNITS)
    assert _same(ask("dossiers_by_unit", "chutich", period=YEAR, scope=ALL_UNITS), province)


@pytest.mark.parametrize("query", ["receptions_by_kind", "receptions_by_leader"])
def test_province_wide_reception_gives_a_unit_user_nothing(demo, query):
    assert ask(query, period=YEAR).empty
    assert not ask(query, "chutich", period=YEAR).empty


def test_unit_list_holds_only_their_units(demo):
    _, allowed = demo
    assert set(ask("unit_list")["code"]) == set(allowed.unit_codes)


def test_par_ranking_keeps_the_provinces_ranks(demo):
    engine, allowed = demo
    year = AS_OF.year - 1
    rows = ask("par_ranking", year=year, scope=ALL_UNITS)
    assert rows and {r["unit"] for r in rows} <= allowed.unit_codes
    with engine.connect() as conn:
        everyone = {r["unit"]: r for r in par.par_ranking(conn, year=year, scope=ALL_UNITS)}
    for r in rows:  # the same "hạng N/M" the province gives it: M is a count, no other unit's value
        assert (r["rank"], r["rank_of"]) == (everyone[r["unit"]]["rank"], everyone[r["unit"]]["rank_of"])


def test_league_rows_are_the_users_ranked_among_everyone(demo):
    _, allowed = demo
    mine = ask("league", period=YEAR, scope=ALL_UNITS, par_rows=[])
    chair = ask("league", "chutich", period=YEAR, scope=ALL_UNITS, par_rows=[])
    assert set(mine["unit"]) <= allowed.unit_codes and len(mine) >= 1
    assert mine.attrs["total"] == len(chair) > len(mine)
    for row in mine.itertuples():  # the same rank the province gives it
        assert row.rank == chair.loc[chair["unit"] == row.unit, "rank"].iloc[0]


def test_the_briefing_is_built_for_the_users_units(demo):
    engine, allowed = demo
    from dashboard.briefing.model import last_full_week

    week = last_full_week(AS_OF)
    b = ask("briefing", week=week, weeks=1)
    assert b.leaders == []  # no vice-chairmen's sections
    assert all(b.figures.get(k) is None for k in ("reception_sessions", "reception_people"))
    with engine.connect() as conn:
        names = dict(breakdowns.unit_list(conn)[["code", "name"]].values)
        own = kpi.all_figures(conn, period=b.period, scope=allowed)
    assert b.figures["dossiers_received"] == own["dossiers_received"]
    assert b.figures["tasks_total"] == own["tasks_total"]
    others = {n for c, n in names.items() if c not in allowed.unit_codes}
    shown = " ".join(str(cell) for area in b.areas for agenda in area.agenda for row in agenda.rows for cell in row)
    assert not [n for n in others if n in shown]
