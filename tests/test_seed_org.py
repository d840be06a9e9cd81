"""The demo organisation is the province of today (SPEC §2.5, §3): the former Quảng Ngãi from 2021, the former
Kon Tum from 2024, the 15 agencies and 96 commune-level units of the new province from the reorganisation, and
the lineage edges between them — checked against the official lists in seed/reference/, on SQLite and
PostgreSQL, on a small seeded database (the structure does not depend on the volumes)."""
from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, or_, select

from conftest import BACKENDS, dispose_database, new_database_url
from data_access.db import make_engine
from data_access.schema import dossiers, par_scores, petitions, tasks, unit_lineage, units
from seeded import seeded_sqlite_copy

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "seed" / "reference"
UNTIL = date(2026, 12, 3)
LAST_OLD_DAY, FIRST_NEW_DAY = date(2025, 6, 30), date(2025, 7, 1)


def reference(name: str) -> list[dict[str, str]]:
    with open(REFERENCE / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]  # 'xã Tịnh Khê' as a unit's name standing alone


@pytest.fixture(scope="module", params=BACKENDS)
def conn(request, tmp_path_factory):
    if request.param == "sqlite":  # the same data as other modules' (tests/seeded.py): generated once
        url = seeded_sqlite_copy(tmp_path_factory, "0.1", UNTIL)
    else:
        url = new_database_url(request.param, tmp_path_factory, "bdh_seed_org")
        subprocess.run([sys.executable, "-m", "seed", "--db", url, "--until", UNTIL.isoformat(), "--scale", "0.1",
                        "--quiet"], cwd=ROOT, check=True, timeout=600)
    engine = make_engine(url)
    with engine.connect() as connection:
        yield connection
    engine.dispose()
    dispose_database(request.param, url)


def valid_on(day: date):
    u = units.c
    return [or_(u.valid_from.is_(None), u.valid_from <= day), or_(u.valid_to.is_(None), u.valid_to >= day)]


def all_units(conn) -> dict[str, dict]:
    return {r["code"]: dict(r) for r in conn.execute(select(units)).mappings()}


def all_edges(conn) -> list[dict]:
    return [dict(r) for r in conn.execute(select(unit_lineage)).mappings()]


def test_96_commune_level_units_today_under_their_official_names_and_codes(conn):
    u = units.c
    today = conn.execute(select(u.code, u.name, u.parent_code).where(u.kind == "commune", *valid_on(UNTIL))).all()
    official = {capitalised(r["new_name"]): r["new_code"] for r in reference("communes_2025_codes.csv")}
    assert len(today) == 96
    assert {name for _, name, _ in today} == set(official)
    assert all(parent is None for _, _, parent in today)  # directly under the province: two levels
    assert all(code.endswith("_" + official[name]) for code, name, _ in today)
    kinds = defaultdict(int)
    for _, name, _ in today:
        kinds[name.split(" ")[0] if not name.startswith("Đặc khu") else "Đặc khu"] += 1
    assert dict(kinds) == {"Xã": 86, "Phường": 9, "Đặc khu": 1}


def test_no_district_after_30_june_2025(conn):
    u = units.c
    assert conn.execute(select(func.count()).where(u.kind == "district", *valid_on(FIRST_NEW_DAY))).scalar() == 0
    assert conn.execute(select(func.count()).where(u.kind == "district", *valid_on(LAST_OLD_DAY))).scalar() == 23
    ended = conn.execute(select(u.valid_to).where(u.kind == "district").distinct()).scalars().all()
    assert ended == [LAST_OLD_DAY]


def test_the_agencies_of_today_are_the_official_fifteen(conn):
    u = units.c
    names = set(conn.execute(select(u.name).where(u.kind == "department", *valid_on(UNTIL))).scalars())
    assert names == {r["name"] for r in reference("departments_2025.csv")}
    assert len(names) == 15


def test_every_new_commune_has_its_predecessors_edges(conn):
    found = all_units(conn)
    by_name = {v["name"]: k for k, v in found.items() if v["valid_from"] == FIRST_NEW_DAY and v["kind"] == "commune"}
    into = defaultdict(dict)
    for e in all_edges(conn):
        into[e["successor"]][e["predecessor"]] = e
    codes = {r["new_name"]: r for r in reference("communes_2025_codes.csv")}
    for row in reference("communes_2025.csv"):
        new = by_name[capitalised(row["new_name"])]
        clause = f"Điều 1 khoản {codes[row['new_name']]['nq1677_clause']}"
        expected = {("X_" + c.strip()) for c in codes[row["new_name"]]["predecessor_codes"].split(";")}
        if row["predecessors"] == "huyện Lý Sơn":
            expected = {"H_LYSON"}
        edges = into[new]
        from_communes = {p for p in edges if found[p]["kind"] == "commune"} | ({"H_LYSON"} & set(edges))
        assert from_communes == expected, row["new_name"]
        names = [capitalised(p.strip().split(" (")[0]) for p in row["predecessors"].split(";")]
        assert sorted(found[p]["name"] for p in expected) == sorted(names)
        for p in expected:
            assert edges[p]["effective_date"] == FIRST_NEW_DAY
            assert re.search(clause + r"\b", edges[p]["legal_basis"]), edges[p]["legal_basis"]
        # the former districts on its territory split into it too
        districts = {p for p in edges if found[p]["kind"] == "district"}
        assert districts == {found[p]["parent_code"] for p in expected if found[p]["parent_code"]} | (expected & {"H_LYSON"})


def test_tra_bui_is_the_one_split_commune_with_one_primary(conn):
    found = all_units(conn)
    splits = [e for e in all_edges(conn) if e["kind"] == "split" and found[e["predecessor"]]["kind"] == "commune"]
    assert {found[e["predecessor"]]["name"] for e in splits} == {"Xã Trà Bùi"}
    assert sorted(found[e["successor"]]["name"] for e in splits) == ["Xã Cà Đam", "Xã Tây Trà Bồng"]
    assert [found[e["successor"]]["name"] for e in splits if e["is_primary"]] == ["Xã Tây Trà Bồng"]


def test_each_district_splits_with_exactly_one_primary(conn):
    found = all_units(conn)
    out = defaultdict(list)
    for e in all_edges(conn):
        out[e["predecessor"]].append(e)
    for code, unit in found.items():
        if unit["kind"] != "district":
            continue
        edges = out[code]
        if code == "H_LYSON":  # huyện Lý Sơn became đặc khu Lý Sơn
            assert [(e["kind"], found[e["successor"]]["name"]) for e in edges] == [("rename", "Đặc khu Lý Sơn")]
            continue
        assert edges and all(e["kind"] == "split" for e in edges), code
        assert sum(e["is_primary"] for e in edges) == 1, code
    seat = next(e for e in out["H_BINHSON"] if e["is_primary"])
    assert found[seat["successor"]]["name"] == "Xã Bình Sơn"  # took thị trấn Châu Ổ, the district seat


def test_dates_meet_the_edges(conn):
    found = all_units(conn)
    edges = all_edges(conn)
    out = defaultdict(list)
    for e in edges:
        out[e["predecessor"]].append(e)
        successor = found[e["successor"]]
        # a new unit begins on the edge's day; an absorbing one began earlier (or with the data)
        assert successor["valid_from"] is None or successor["valid_from"] <= e["effective_date"], e
        assert successor["valid_to"] is None or successor["valid_to"] >= e["effective_date"], e
    for code, unit in found.items():
        if unit["valid_to"] is None:
            assert not out[code], code
            continue
        assert out[code], f"{code} ends with no successor"
        assert {e["effective_date"] for e in out[code]} == {unit["valid_to"] + timedelta(days=1)}, code
        kinds = {e["kind"] for e in out[code]}
        assert len(out[code]) == 1 and kinds <= {"merge", "rename"} or kinds == {"split"}, code
    new_units = {c for c, u in found.items() if u["valid_from"] == FIRST_NEW_DAY}
    assert all(e["effective_date"] == FIRST_NEW_DAY for e in edges if e["successor"] in new_units)


def test_department_mergers_of_march_and_july_2025(conn):
    into = defaultdict(set)
    for e in all_edges(conn):
        into[(e["successor"], e["effective_date"])].add(e["predecessor"])
    march, july = date(2025, 3, 1), FIRST_NEW_DAY
    assert into[("SNNMT", march)] == {"STNMT", "SNNPTNT"}  # two departments into one
    assert into[("STC", march)] == {"SKHDT"}  # absorbed
    assert into[("KT_STC", march)] == {"KT_SKHDT"}
    assert into[("STC", july)] == {"KT_STC"}  # a chain: KT_SKHDT -> KT_STC -> STC
    assert into[("SNNMT", july)] == {"KT_SNNMT"}
    found = all_units(conn)
    assert found["STNMT"]["valid_to"] == date(2025, 2, 28)
    assert found["KT_STC"]["valid_to"] == LAST_OLD_DAY and found["STC"]["valid_to"] is None
    rename = [e for e in all_edges(conn) if e["predecessor"] == "BDT"]
    assert [(e["successor"], e["kind"]) for e in rename] == [("SDTTG", "rename")]


def test_the_former_kon_tum_has_data_only_from_2024(conn):
    from seed.units import KON_TUM, UNITS
    kon_tum = [u.code for u in UNITS if u.province == KON_TUM]
    first = {
        "tasks": (tasks.c.lead_unit, tasks.c.assigned_date),
        "dossiers": (dossiers.c.unit, func.date(dossiers.c.received_at)),
        "petitions": (petitions.c.handling_unit, petitions.c.received_date),
    }
    for name, (unit_col, day_col) in first.items():
        earliest = conn.execute(select(func.min(day_col)).where(unit_col.in_(kon_tum))).scalar()
        assert str(earliest) >= "2024-01-01" and str(earliest) < "2024-02-01", name
    s = par_scores.c
    years = conn.execute(select(s.year).where(s.unit.in_(kon_tum)).distinct()).scalars().all()
    assert years == [2024]
    u = units.c
    started = conn.execute(select(func.min(u.valid_from)).where(u.code.in_(kon_tum))).scalar()
    assert started == date(2024, 1, 1)


def test_the_former_provinces_are_stored_and_rank_apart_before_2025(conn):
    from data_access.par import par_ranking
    u = units.c
    stored = dict(conn.execute(select(u.code, u.former_province)).all())
    assert {p for code, p in stored.items() if code.startswith("KT_")} == {"kon_tum"}
    assert stored["H_DAKGLEI"] == "kon_tum" and stored["H_BINHSON"] == "quang_ngai"
    # the agencies of today went on from the former Quảng Ngãi's (their series before 2025 is its);
    # the 96 communes of 1/7/2025 belong to no former province
    assert stored["VPUB"] == stored["STC"] == "quang_ngai"
    new_communes = conn.execute(select(u.code).where(u.kind == "commune", u.valid_from == FIRST_NEW_DAY)).scalars().all()
    assert len(new_communes) == 96 and {stored[c] for c in new_communes} == {None}

    firsts = {(r["kind"], r["unit"].startswith("KT_") or stored[r["unit"]] == "kon_tum")
              for r in par_ranking(conn, year=2024) if r["rank"] == 1}
    # in 2024 a Kon Tum department and a Quảng Ngãi department are both first, so are two districts
    assert firsts == {("department", True), ("department", False), ("district", True), ("district", False)}
    rows_2024 = [r for r in par_ranking(conn, year=2024) if r["kind"] == "department"]
    kon_tum = [r for r in rows_2024 if r["unit"].startswith("KT_")]
    # Kon Tum's 20 departments of 2024 ranked among themselves only: 1..20, whatever Quảng Ngãi's scored
    assert len(kon_tum) == 20 and len(rows_2024) == 40
    ahead = {r["unit"]: 1 + sum(o["percent"] > r["percent"] for o in kon_tum) for r in kon_tum}
    assert {r["unit"]: r["rank"] for r in kon_tum} == ahead
    # from 2025 one province: one rank 1 per kind
    firsts_2025 = [r["kind"] for r in par_ranking(conn, year=2025) if r["rank"] == 1]
    assert sorted(firsts_2025) == ["commune", "department"]


def test_new_units_have_their_own_figures_and_2025_scores(conn):
    u = units.c
    new = select(u.code).where(u.valid_from == FIRST_NEW_DAY)
    for table, col in ((tasks, tasks.c.lead_unit), (dossiers, dossiers.c.unit), (petitions, petitions.c.handling_unit)):
        assert conn.execute(select(func.count(col.distinct())).where(col.in_(new))).scalar() > 10, table.name
    s = par_scores.c
    scored = set(conn.execute(select(s.unit).where(s.year == 2025).distinct()).scalars())
    today = set(conn.execute(select(u.code).where(*valid_on(UNTIL))).scalars())
    assert scored == today  # 15 agencies + 96 commune-level units


def test_items_sit_only_on_units_that_existed_that_day(conn):
    u = units.c
    for table, col, day in ((tasks, tasks.c.lead_unit, tasks.c.assigned_date),
                            (dossiers, dossiers.c.unit, func.date(dossiers.c.received_at)),
                            (petitions, petitions.c.handling_unit, petitions.c.received_date)):
        outside = select(func.count()).select_from(table.join(units, u.code == col)).where(
            or_(u.valid_from > day, u.valid_to < day))
        assert conn.execute(outside).scalar() == 0, table.name


def test_some_open_items_of_dissolved_units_name_their_receiver(conn):
    found = all_units(conn)
    heirs = defaultdict(set)
    for e in all_edges(conn):
        heirs[e["predecessor"]].add(e["successor"])
    t, d, p = tasks.c, dossiers.c, petitions.c
    checks = [
        (select(t.lead_unit, t.handover_to, t.assigned_date, t.completed_date).where(t.handover_to.isnot(None))),
        (select(d.unit, d.handover_to, func.date(d.received_at), func.date(func.coalesce(d.resolved_at, d.ended_at)))
         .where(d.handover_to.isnot(None))),
        (select(p.handling_unit, p.handover_to, p.received_date, p.resolved_date).where(p.handover_to.isnot(None))),
    ]
    total = 0
    for query in checks:
        for unit, receiver, started, closed in conn.execute(query):
            last = found[unit]["valid_to"]
            assert last is not None and str(started) <= str(last), (unit, receiver)
            assert closed is None or str(closed) > str(last), (unit, receiver)  # still open on its last day
            r = found[receiver]  # exists on the day after
            assert (r["valid_from"] is None or r["valid_from"] <= last + timedelta(days=1)) and r["valid_to"] != last
            total += 1
    assert total > 10
    # A district's open work is often handed to a commune other than the primary one.
    assert conn.execute(select(func.count()).where(t.handover_to.isnot(None), t.lead_unit.like("H\\_%", escape="\\"))
                        ).scalar() > 0
    # Others carry no receiver and rely on the edges.
    open_at_end = conn.execute(select(func.count()).select_from(tasks.join(units, units.c.code == t.lead_unit))
                               .where(units.c.valid_to.isnot(None), t.handover_to.is_(None),
                                      or_(t.completed_date.is_(None), t.completed_date > units.c.valid_to))).scalar()
    assert open_at_end > 0


def test_units_have_demo_addresses_but_a_couple_do_not(conn):
    u = units.c
    rows = conn.execute(select(u.code, u.email).where(*valid_on(UNTIL))).all()
    missing = [code for code, email in rows if email is None]
    assert 1 <= len(missing) <= 3
    assert all(email.startswith("vanthu.") and "demo." in email for _, email in rows if email)


def test_the_new_streams_are_deterministic():
    from seed import dossiers as D, petitions as P, tasks as T
    from seed.units import KON_TUM
    until = date(2025, 12, 31)

    def digest(seed):
        return (D.year_rows(seed, 0.02, until, 2025, KON_TUM), D.year_rows(seed, 0.05, until, 2025, D.COMMUNES),
                [r for r in T.task_rows(T.generate(seed, 0.1, until), until) if r[5].year >= 2024],
                [r for r in P.petition_rows(seed, 0.1, until) if r[1].year >= 2024])
    first = digest(7)
    assert first == digest(7)
    assert first != digest(8)
    assert any(r[0].startswith("HSKT") for r in first[0]) and any(r[0].startswith("HSX") for r in first[1])
