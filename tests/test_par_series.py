"""PAR ranks by former province (SPEC §2.5, last bullet), on SQLite and PostgreSQL: before 2025 the former
Quảng Ngãi and the former Kon Tum are separate series, each with its own rank 1; from 2025 the units of a
kind rank together as one province's. And the importer's `former_province` [Tỉnh cũ] column."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from builders import add_par, add_unit
from data_access.importer import import_file
from data_access.par import par_figures, par_history, par_ranking
from data_access.scope import Scope
from data_access.schema import leaders, units

MERGED = date(2025, 7, 1)
LAST_OLD_DAY = date(2025, 6, 30)


def score(conn, unit: str, year: int, points: str) -> None:
    add_par(conn, year=year, unit=unit, scores={"LV1": ("100", points)})


@pytest.fixture
def two_provinces(engine):
    """The former Quảng Ngãi's two departments (one goes on as the new province's), the former Kon Tum's
    two (both absorbed on 1/7/2025), a department recorded with no former province, a new commune."""
    with engine.begin() as conn:
        add_unit(conn, "VPUB", "Văn phòng UBND tỉnh", former_province="quang_ngai")
        add_unit(conn, "STC", "Sở Tài chính", valid_to=LAST_OLD_DAY, former_province="quang_ngai")
        add_unit(conn, "KT_VPUB", "Văn phòng UBND tỉnh Kon Tum", valid_to=LAST_OLD_DAY, former_province="kon_tum")
        add_unit(conn, "KT_STC", "Sở Tài chính tỉnh Kon Tum", valid_to=LAST_OLD_DAY, former_province="kon_tum")
        add_unit(conn, "SKHCN", "Sở Khoa học và Công nghệ", valid_from=MERGED)
        add_unit(conn, "XA_1", "Xã Tịnh Khê", "commune", valid_from=MERGED)
        for unit, points in {"VPUB": "90", "STC": "80", "KT_VPUB": "70", "KT_STC": "85", "SKHCN": "60"}.items():
            score(conn, unit, 2024, points)
        for unit, points in {"VPUB": "88", "SKHCN": "91.5", "XA_1": "75"}.items():
            score(conn, unit, 2025, points)
    return engine


def ranks(rows) -> dict[str, int]:
    return {r["unit"]: r["rank"] for r in rows}


def test_before_2025_each_former_province_has_its_own_rank_1(two_provinces):
    with two_provinces.connect() as conn:
        rows = par_ranking(conn, year=2024)
    # Kon Tum's best (85 %) is first among Kon Tum's departments though Quảng Ngãi's 90 % beats it;
    # the unit with no former province is a group of its own.
    assert ranks(rows) == {"VPUB": 1, "STC": 2, "KT_STC": 1, "KT_VPUB": 2, "SKHCN": 1}
    kon_tum = next(r for r in rows if r["unit"] == "KT_STC")
    assert kon_tum["score"] == Decimal("85") and kon_tum["percent"] == pytest.approx(0.85)
    assert set(kon_tum) == {"unit", "name", "kind", "score", "max", "percent", "rank", "rank_of", "change"}
    # "hạng N/M": M counts the units of the same series, not all departments of the database
    assert {r["unit"]: r["rank_of"] for r in rows} == {"VPUB": 2, "STC": 2, "KT_STC": 2, "KT_VPUB": 2, "SKHCN": 1}


def test_a_restricted_scope_keeps_the_series_size(two_provinces):
    """A unit user sees only their own row, but its "hạng N/M" still runs over its whole series."""
    with two_provinces.connect() as conn:
        mine = par_ranking(conn, year=2024, scope=Scope(frozenset({"KT_STC"})))
    assert [(r["unit"], r["rank"], r["rank_of"]) for r in mine] == [("KT_STC", 1, 2)]


def test_from_2025_the_units_of_a_kind_rank_together(two_provinces):
    with two_provinces.connect() as conn:
        rows = {r["unit"]: r for r in par_ranking(conn, year=2025)}
        figures = par_figures(conn, as_of=date(2026, 3, 1))
    # the former Quảng Ngãi's Office and the new department are one series now; the commune its own kind
    assert {u: r["rank"] for u, r in rows.items()} == {"SKHCN": 1, "VPUB": 2, "XA_1": 1}
    assert {u: r["rank_of"] for u, r in rows.items()} == {"SKHCN": 2, "VPUB": 2, "XA_1": 1}
    assert rows["VPUB"]["change"] == Decimal("-2") and rows["SKHCN"]["change"] == Decimal("31.5")
    assert rows["XA_1"]["change"] is None
    assert figures["par_year"] == 2025 and ranks(figures["par"]) == ranks(rows.values())


def test_history_ranks_each_year_in_its_own_series(two_provinces):
    with two_provinces.connect() as conn:
        history = par_history(conn)
    got = {(int(y), u): int(r) for y, u, r in zip(history["year"], history["unit"], history["rank"])}
    assert got == {(2024, "VPUB"): 1, (2024, "STC"): 2, (2024, "KT_STC"): 1, (2024, "KT_VPUB"): 2,
                   (2024, "SKHCN"): 1, (2025, "SKHCN"): 1, (2025, "VPUB"): 2, (2025, "XA_1"): 1}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "data_access", *args], capture_output=True, text=True, timeout=120)


def test_former_province_is_imported_and_a_wrong_word_is_refused(engine, tmp_path):
    with engine.begin() as conn:
        conn.execute(leaders.insert(), [{"code": "CT", "name": "Chủ tịch", "title": "chairman"}])
    path = tmp_path / "units.csv"
    header = "Mã đơn vị,Tên đơn vị,Loại,Tỉnh cũ\n"
    path.write_text(header +
                    "VPUB,Văn phòng UBND tỉnh,sở,quang_ngai\n"
                    "KT_STC,Sở Tài chính tỉnh Kon Tum,sở,Kon Tum\n"
                    "XA_1,Xã Tịnh Khê,xã,\n"
                    "GL_STC,Sở Tài chính tỉnh Gia Lai,sở,Gia Lai\n", encoding="utf-8")
    result = import_file(engine, "units", path)
    assert result.status == "rejected"
    [error] = result.report.errors
    assert (error.line, error.column, error.value) == (5, "Tỉnh cũ", "Gia Lai")
    assert "kon_tum" in error.reason  # the reason lists the accepted words
    cli = run("import", "units", str(path), "--db", engine.url.render_as_string(hide_password=False))
    assert cli.returncode == 2 and "Dòng 5" in cli.stderr + cli.stdout
    with engine.connect() as conn:
        assert conn.execute(select(units.c.code)).all() == []  # nothing written

    path.write_text(path.read_text(encoding="utf-8").replace("Gia Lai\n", "tỉnh Kon Tum cũ\n"), encoding="utf-8")
    assert import_file(engine, "units", path).status == "ok"
    with engine.connect() as conn:
        stored = dict(conn.execute(select(units.c.code, units.c.former_province)).all())
    assert stored == {"VPUB": "quang_ngai", "KT_STC": "kon_tum", "XA_1": None, "GL_STC": "kon_tum"}


def test_a_kon_tum_units_briefing_ranks_it_within_kon_tum(two_provinces):
    """The briefing's PAR standing of 2024 for a former Kon Tum department: "1/2", not "1/5"."""
    from data_access.org import current
    from dashboard.briefing.build import build_briefing

    with two_provinces.connect() as conn:
        briefing = build_briefing(conn, week="2024-W50", scope=Scope(frozenset({"KT_STC"}), current(date(2024, 12, 15))),
                                  scope_label="Sở Tài chính tỉnh Kon Tum", leaders=False, province_wide=False)
    standing = next(a for area in briefing.areas for a in area.agenda if a.key == "par_standing")
    assert [(row[0], row[2]) for row in standing.rows] == [("Sở Tài chính tỉnh Kon Tum", "1/2")]
    # its own score is not presented as "the departments' mean"
    par = next(area for area in briefing.areas if area.key == "par")
    assert "par_department_mean" not in {f.key for f in par.figures}
    with two_provinces.connect() as conn:
        province = build_briefing(conn, week="2024-W50", scope=Scope(None, current(date(2024, 12, 15))))
    par = next(area for area in province.areas if area.key == "par")
    mean = next(f for f in par.figures if f.key == "par_department_mean")
    assert mean.value == pytest.approx((0.90 + 0.80 + 0.70 + 0.85 + 0.60) / 5)
