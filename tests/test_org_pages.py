"""The app in the organisation of today (SPEC §2.5, issue 10): pages as the Chairman, the Office and unit officers
see them on the demo data of the province as it is — the current view by default, the recorded view on request,
dissolved units named with what became of them, a stranded account told so and rebound by the Office.

AppTest runs the real pages on a seeded SQLite database; the figures are compared with `python -m data_access kpi`.
"""
from __future__ import annotations

import os
from datetime import date

import pytest

from data_access.db import make_engine
from data_access.users import get_user
from seeded import seeded_sqlite_copy
from test_access import cards, cli_figures, page, page_text
from test_access import warnings as markdown_warnings

from dashboard.core.catalog import KPIS
from dashboard.core.view import preset_period

TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    url = seeded_sqlite_copy(tmp_path_factory, "0.05", TODAY)
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "BDH_TODAY")}
    os.environ.update({"DATABASE_URL": url, "BDH_TODAY": TODAY.isoformat()})
    engine = make_engine(url)
    yield url, engine
    engine.dispose()
    for key, value in saved.items():
        os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)


def warnings(at) -> str:
    """The notices as the user reads them (the Markdown source escapes imported names: `30\\/06`)."""
    return markdown_warnings(at).replace("\\", "")


def names_of(engine, *codes) -> list[str]:
    from data_access.breakdowns import unit_list

    with engine.connect() as conn:
        units = unit_list(conn).set_index("code")
    return [units.loc[c, "name"] for c in codes]


def league_units(at, engine) -> list[str]:
    """The unit codes of all the league table's rows; a long table shows its first rows until "Xem tất cả" is
    switched on. Its first column links to each unit's page, or, when the table must wrap its names to fit the
    screen, holds the names as text (a click on the row opens the page): a name is read back as every code
    that bears it."""
    from data_access.breakdowns import unit_list

    see_all = [t for t in at.toggle if t.key == "league-all"]
    if see_all and not see_all[0].value:
        see_all[0].set_value(True).run()
    table = next(df.value for df in at.dataframe if "Hạng chung" in df.value.columns)
    with engine.connect() as conn:
        units = unit_list(conn)
    codes = []
    for value in map(str, table.iloc[:, 0]):
        if "don_vi=" in value:
            codes.append(value.rsplit("don_vi=", 1)[-1].split("&")[0])
        else:
            codes.extend(units.loc[units["name"] == value, "code"])
    return codes


def test_the_overview_of_today_ranks_the_new_province(demo):
    """Today: the merged departments and the 96 communes; no district, no department that ended in 2025."""
    url, engine = demo
    at = page("tong_quan")
    assert not at.exception
    text = page_text(at)
    gone = names_of(engine, "H_BINHSON", "STNMT")
    assert not [n for n in gone if n in text], "a unit that no longer exists is named on today's overview"
    ranked = league_units(at, engine)
    assert "XA_21040" in ranked and "STC" in ranked  # Xã Bình Sơn (from 1/7/2025), the merged Sở Tài chính
    assert not [c for c in ranked if c.startswith("H_") or c.startswith("KT_")]


def test_the_recorded_view_is_asked_for_in_the_url(demo):
    url, engine = demo
    at = page("tong_quan", ky="nam-truoc", to_chuc="ghi-nhan")  # 2025, as recorded
    assert not at.exception
    assert [r.value for r in at.sidebar.radio if r.label == "Đơn vị tính theo"] == ["ghi-nhan"]
    assert "H_BINHSON" in league_units(at, engine)
    assert "Năm 2025" in page_text(at)


def test_cards_follow_the_kpi_command_in_the_current_view(demo):
    """The same year in both views: the province's figures are equal, as SPEC §2.5 says."""
    url, _ = demo
    period = preset_period("nam-truoc", TODAY)
    now, recorded = page("tong_quan", ky="nam-truoc"), page("tong_quan", ky="nam-truoc", to_chuc="ghi-nhan")
    expected = cli_figures(url, period)
    for key, value in cards(now).items():
        assert value == KPIS[key].format(expected[key]), key
    assert cards(now) == cards(recorded)


def test_a_dissolved_units_page_says_when_and_into_what(demo):
    url, engine = demo
    at = page("don_vi", don_vi="H_BINHSON")
    assert not at.exception
    notice = " ".join(i.value for i in at.info)
    assert "hoạt động đến hết ngày 30/06/2025" in notice
    assert names_of(engine, "XA_21040")[0] in notice and "/don-vi?don_vi=XA_21040" in notice
    assert not at.metric  # no figures of its own in today's organisation
    recorded = page("don_vi", don_vi="H_BINHSON", to_chuc="ghi-nhan")
    assert not recorded.exception
    assert recorded.header[0].value.endswith(names_of(engine, "H_BINHSON")[0].split()[-1])
    assert recorded.metric


def test_the_unit_filter_names_a_dissolved_unit_plainly(demo):
    at = page("ho_so", pv="chon", dv="H_BINHSON")
    assert not at.exception
    assert "hoạt động đến hết ngày 30/06/2025" in warnings(at)
    assert "Không có đơn vị mã" not in warnings(at)


def test_a_commune_officer_sees_the_communes_merged_into_theirs(demo):
    url, _ = demo
    period = preset_period("nam-truoc", TODAY)
    at = page("tong_quan", user="xa_binhson", ky="nam-truoc")
    assert not at.exception
    mine = cli_figures(url, period, ("XA_21040",))  # current view: its predecessors' items are its own
    shown = cards(at)
    assert shown and all(value == KPIS[key].format(mine[key]) for key, value in shown.items())
    assert mine["dossiers_received"] > 0


def test_a_stranded_account_is_told_and_the_office_rebinds_it(demo):
    url, engine = demo
    at = page("tong_quan", user="huyen_binhson")
    assert not at.exception and not at.metric
    assert "hoạt động đến hết ngày 30/06/2025" in warnings(at) and "chuyển tài khoản" in warnings(at)
    admin = page("quan_tri", user="vanphong")
    assert "huyen_binhson" in warnings(admin)
    admin.selectbox(key="rebind-user").set_value("huyen_binhson")
    admin.selectbox(key="rebind-unit").set_value("XA_21040")
    admin.button(key="FormSubmitter:user-rebind-Chuyển đơn vị").click().run()
    assert not admin.exception
    with engine.connect() as conn:
        assert get_user(conn, "huyen_binhson").unit_code == "XA_21040"
    after = page("tong_quan", user="huyen_binhson")
    assert not after.exception and after.metric
    with engine.begin() as conn:  # back as the seed made it, for the other tests
        from data_access.users import rebind_unit
        rebind_unit(conn, "huyen_binhson", "H_BINHSON", by="kiem_thu")
