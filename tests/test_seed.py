"""The demo data (`python -m seed`) reproduces the 2021 report (SPEC.md §3) and has the texture the
dashboard needs, on SQLite and PostgreSQL. Seeded once per backend, through the command line."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import and_, func, select

from conftest import BACKENDS, dispose_database, new_database_url
from data_access.db import make_engine
from data_access.period import Period
from data_access.petitions import receptions_by_kind
from data_access.schema import dossiers, import_log, par_scores, receptions, tasks, units
from data_access.dossiers import dossiers_by_unit
from data_access.tasks import overdue_aging, tasks_due_soon

ROOT = Path(__file__).resolve().parent.parent
UNTIL = date(2026, 11, 29)
YEAR_2021 = Period.year(2021)


def run(*args, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module", params=BACKENDS)
def seeded_url(request, tmp_path_factory):
    url = new_database_url(request.param, tmp_path_factory, "bdh_seed")
    run("-m", "seed", "--db", url, "--until", UNTIL.isoformat(), "--quiet")
    yield url
    dispose_database(request.param, url)


@pytest.fixture(scope="module")
def kpi_2021(seeded_url) -> dict:
    out = run("-m", "data_access", "kpi", "--db", seeded_url, "--from", "2021-01-01", "--to", "2021-12-31", "--json")
    return json.loads(out.stdout)


@pytest.fixture
def conn(seeded_url):
    engine = make_engine(seeded_url)
    with engine.connect() as connection:
        yield connection
    engine.dispose()


REPORT_2021 = {
    "tasks_total": 686,
    "dossiers_received": 98_281, "dossiers_resolved": 94_266, "dossiers_online": 20_466,
    "dossiers_postal": 18_498, "dossiers_direct": 59_317,
    "petitions_received": 995, "petitions_group": 75, "petitions_eligible": 437, "petitions_ineligible": 558,
    "petitions_complaint": 256, "petitions_denunciation": 36,
    "reception_sessions": 205, "reception_people": 288, "reception_group_delegations": 6,
}


@pytest.mark.parametrize("key", sorted(REPORT_2021))
def test_2021_figure_equals_the_report(kpi_2021, key):
    assert kpi_2021[key] == REPORT_2021[key]


def test_2021_rates_round_to_the_report(kpi_2021, conn):
    assert 0.9945 <= kpi_2021["dossier_on_time_rate"] < 0.9955
    assert round(kpi_2021["satisfaction_rate"] * 100, 1) == 99.8
    rated = conn.execute(select(func.count()).where(
        dossiers.c.rating.isnot(None), dossiers.c.resolved_at >= YEAR_2021.start_at,
        dossiers.c.resolved_at < YEAR_2021.end_before)).scalar()
    assert 42_000 <= rated < 42_100  # "hơn 42.000 lượt đánh giá"
    assert kpi_2021["petitions_recommendation"] + kpi_2021["petitions_land_dispute"] == 145


def test_office_ranks_first_among_departments_in_2021(kpi_2021):
    assert kpi_2021["par_year"] == 2021
    departments = {r["unit"]: r["rank"] for r in kpi_2021["par"] if r["kind"] == "department"}
    assert departments["VPUB"] == 1
    assert sorted(departments.values()).count(1) == 1


def test_receptions_split_regular_and_chairman(conn):
    by_kind = receptions_by_kind(conn, period=YEAR_2021).set_index("kind")
    assert by_kind.loc["regular", ["sessions", "people", "group_delegations"]].tolist() == [195, 238, 4]
    leader = by_kind.loc[["leader_periodic", "leader_ad_hoc"]].sum()
    assert [leader["sessions"], leader["people"], leader["group_delegations"]] == [10, 50, 2]
    r = receptions.c
    chairman_days = conn.execute(select(func.count(r.date.distinct())).where(
        r.leader == "CT", r.date >= YEAR_2021.start, r.date <= YEAR_2021.end)).scalar()
    assert chairman_days == 5


def test_texture_of_the_report(conn):
    vpub = dossiers_by_unit(conn, period=YEAR_2021).set_index("unit").loc["VPUB"]
    assert (vpub["dossiers_received"], vpub["dossiers_resolved"], vpub["dossiers_pending"]) == (1086, 1071, 15)
    d = dossiers.c
    same_day = and_(d.received_at >= YEAR_2021.start_at, d.received_at < YEAR_2021.end_before,
                    func.date(d.received_at) == func.date(d.resolved_at))
    def on_the_spot(codes):
        return conn.execute(select(func.count()).where(same_day, d.procedure_code.in_(codes))).scalar()
    assert on_the_spot(["SNN-01"]) == 3214
    assert on_the_spot(["SCT-01", "SCT-02"]) == 14065


def test_units_are_the_2021_organisation(conn):
    u = units.c
    kinds = dict(conn.execute(select(u.kind, func.count()).where(u.valid_from.is_(None)).group_by(u.kind)).all())
    assert kinds["district"] == 13
    assert kinds["department"] >= 19
    names = set(conn.execute(select(u.name)).scalars())
    for commune in ["Xã Đức Minh", "Phường Phổ Vinh", "Xã Nghĩa Điền", "Xã Tịnh Phong", "Xã Bình Thạnh", "Phường Quảng Phú"]:
        assert commune in names
    assert conn.execute(select(u.supervising_leader).where(u.code == "VPUB")).scalar() == "CT"


def test_later_years_and_backlog_as_of_until(conn):
    d, t = dossiers.c, tasks.c
    for year in range(2022, UNTIL.year + 1):
        start = date(year, 1, 1)
        assert conn.execute(select(func.count()).where(d.received_at >= Period(start, start).start_at)).scalar() > 0
        assert conn.execute(select(func.count()).where(t.assigned_date >= start)).scalar() > 0
    assert conn.execute(select(func.max(d.received_at))).scalar().date() <= UNTIL
    aging = overdue_aging(conn, as_of=UNTIL)
    assert (aging["tasks"] > 0).all(), aging
    assert len(tasks_due_soon(conn, as_of=UNTIL)) > 0
    assert conn.execute(select(func.count()).where(t.due_date.is_(None))).scalar() > 0
    assert conn.execute(select(func.count()).where(t.original_due_date.isnot(None))).scalar() > 0


def test_pending_and_overdue_as_of_until(conn):
    out = run("-m", "data_access", "kpi", "--db", str(conn.engine.url.render_as_string(hide_password=False)),
              "--from", "2026-01-01", "--to", UNTIL.isoformat(), "--json")
    figures = json.loads(out.stdout)
    assert figures["dossiers_pending_overdue"] > 0
    assert figures["petitions_overdue"] > 0
    assert figures["tasks_overdue_all"] > 0
    assert figures["par_year"] == 2025
    ended = dict(conn.execute(select(dossiers.c.end_state, func.count()).group_by(dossiers.c.end_state)).all())
    assert ended.get("withdrawn", 0) > 0 and ended.get("returned", 0) > 0


def test_par_scores_every_year_with_a_tie(conn):
    s = par_scores.c
    years = list(conn.execute(select(s.year).distinct().order_by(s.year)).scalars())
    assert years == list(range(2020, UNTIL.year))
    maxima = conn.execute(select(s.year, s.unit, func.sum(s.max_points)).group_by(s.year, s.unit)).all()
    assert {float(m) for _, _, m in maxima} == {100.0}
    lower = conn.execute(select(func.count()).where(s.self_score >= s.appraised_score)).scalar()
    total = conn.execute(select(func.count()).select_from(par_scores)).scalar()
    assert lower / total > 0.9
    out = run("-m", "data_access", "kpi", "--db", conn.engine.url.render_as_string(hide_password=False),
              "--from", "2021-01-01", "--to", "2021-12-31", "--json")
    ranks = [r["rank"] for r in json.loads(out.stdout)["par"] if r["kind"] == "district"]
    assert len(ranks) > len(set(ranks))  # equal percents share a rank


def test_seed_is_recorded_in_the_import_log(conn):
    row = conn.execute(select(import_log).where(import_log.c.kind == "seed")).mappings().one()
    assert row["status"] == "ok" and row["rows_inserted"] > 600_000
    # the import history on /du-lieu shows this line to the Office: Vietnamese words and dates, no CLI flags
    assert row["file_name"] == "Dữ liệu mẫu (hạt giống ngẫu nhiên 2021, hệ số 1, đến ngày 29/11/2026)"


def test_same_seed_same_data():
    from seed import dossiers as D, petitions as P, par as PAR, tasks as T
    until = date(2022, 3, 31)
    def digest(seed):
        return (list(D.dossier_rows(seed, 0.05, until)), [tuple(T.task_rows(T.generate(seed, 0.2, until), until))],
                list(P.petition_rows(seed, 0.2, until)), list(P.reception_rows(seed, until)), list(PAR.par_rows(seed, until)))
    first = digest(7)
    assert first == digest(7)
    assert first != digest(8)


def test_ids_do_not_depend_on_until(conn):
    """A year's data is generated whole and then cut at --until: the 2021 dossiers are the same rows."""
    from seed import dossiers as D
    expected = [(r[0], r[1], r[4]) for r in D.dossier_rows(2021, 1.0, date(2021, 12, 31))]
    d = dossiers.c
    stored = conn.execute(select(d.dossier_id, d.unit, d.received_at)
                          .where(d.received_at < YEAR_2021.end_before).order_by(d.dossier_id)).all()
    assert [tuple(r) for r in stored] == expected


def test_if_empty_and_refusal(seeded_url, tmp_path):
    skipped = run("-m", "seed", "--db", seeded_url, "--if-empty")
    assert "đã có dữ liệu" in skipped.stdout
    refused = run("-m", "seed", "--db", seeded_url, "--quiet", check=False)
    assert refused.returncode == 1 and "--replace" in refused.stderr


def test_replace_reseeds_a_small_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'small.sqlite'}"
    args = ("-m", "seed", "--db", url, "--scale", "0.02", "--until", "2022-02-28", "--quiet")
    run(*args)
    engine = make_engine(url)
    def counts():
        with engine.connect() as c:
            return [c.execute(select(func.count()).select_from(t)).scalar() for t in (dossiers, tasks, units)]
    before = counts()
    run(*args, "--replace")
    assert counts() == before
    engine.dispose()
