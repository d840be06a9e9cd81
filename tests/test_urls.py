"""The crafted addresses of issue 14 that crashed pages with Streamlit's English error box: dates the date
picker refuses (year 1, 1999, 9999) on every page with a period filter and on `/`, and weeks out of range or
not yet over on `/giao-ban`, projector mode included. Each now gives a Vietnamese notice and the default view.
"""
from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from auth_helpers import login
from data_access.clock import today_local

from dashboard.briefing.model import Span, last_full_week
from dashboard.core.view import DEFAULT_PRESET, OVERVIEW_PRESET

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120
PERIOD_PAGES = ["app", "tong_quan", "nhiem_vu", "ho_so", "don_thu", "cai_cach_hanh_chinh", "don_vi"]
BAD_PERIODS = [("0001-01-01", "0001-01-05"), ("1999-01-01", "1999-12-31"), ("9999-12-25", "9999-12-31")]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from seed.__main__ import main as seed_main

    url = f"sqlite:///{tmp_path_factory.mktemp('urls') / 'demo.sqlite'}"
    assert seed_main(["--db", url, "--scale", "0.05", "--quiet"]) == 0
    before = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    yield url
    if before is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = before


def run(script: str, **params) -> AppTest:
    path = ROOT / ("app.py" if script == "app" else f"pages/{script}.py")
    at = login(AppTest.from_file(str(path), default_timeout=TIMEOUT))
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def notices(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


@pytest.mark.parametrize("start, end", BAD_PERIODS)
@pytest.mark.parametrize("script", PERIOD_PAGES)
def test_a_period_outside_the_date_pickers_range_gives_a_notice_and_the_default(db, script, start, end):
    at = run(script, tu=start, den=end)
    assert not at.exception, at.exception
    assert "nằm ngoài khoảng có thể xem" in notices(at)
    default = OVERVIEW_PRESET if script in ("app", "tong_quan") else DEFAULT_PRESET  # the overview opens on this week
    assert [s.value for s in at.sidebar.selectbox if s.label == "Kỳ báo cáo"] == [default]
    assert not [d for d in at.sidebar.date_input]  # the default preset: no custom dates shown


def test_a_period_in_range_still_opens(db):
    today = today_local()
    at = run("nhiem_vu", tu=(today - timedelta(days=30)).isoformat(), den=today.isoformat())
    assert not at.exception and not at.warning
    assert [s.value for s in at.sidebar.selectbox if s.label == "Kỳ báo cáo"] == ["tuy-chon"]


def _current_week() -> str:
    iso = today_local().isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


@pytest.mark.parametrize("week, notice", [("0001-W01", "nằm ngoài lịch"), ("9999-W52", "nằm ngoài lịch"), ("9999-W40", "chưa kết thúc"),
                                          ("2026-W53", "chưa kết thúc"), (_current_week(), "chưa kết thúc"),
                                          ("1999-W10", "trước ngày")])
def test_a_week_out_of_range_or_not_over_gives_a_notice_and_the_last_full_week(db, week, notice):
    at = run("giao_ban", tuan=week)
    assert not at.exception, at.exception
    assert notice in notices(at)
    assert at.selectbox(key="bb_week").value == last_full_week(today_local())


@pytest.mark.parametrize("params, notice", [({"tuan": "0001-W01"}, "nằm ngoài lịch"),
                                            ({"tuan": "2026-W53"}, "chưa kết thúc"),
                                            ({"tuan": "x"}, "Đang hiển thị tuần đầy đủ gần nhất"),
                                            ({"so_tuan": "7"}, "Số tuần"),
                                            ({"giay": "1"}, "Số giây mỗi màn hình"),
                                            ({"giay": "1e999"}, "không hợp lệ")])
def test_projector_mode_says_what_it_ignored(db, params, notice):
    at = run("giao_ban", trinh_chieu="1", **params)
    assert not at.exception, at.exception
    assert notice in notices(at)
    shown = " ".join(c.value for c in at.caption)
    assert Span.parse(last_full_week(today_local())).label in shown  # the default week is on the screen


def test_the_overviews_week_is_left_out_of_its_own_url_and_named_in_links_to_other_pages():
    from data_access.scope import ALL_UNITS
    from dashboard.core.view import OVERVIEW_PRESET, View, describe_period, parse_params, preset_period

    today = today_local()
    state, notes = parse_params({}, on=today, unit_codes=set(), kinds=[], leaders=[], default_preset=OVERVIEW_PRESET)
    assert (state.preset, notes, state.to_params()) == (OVERVIEW_PRESET, [], {})
    period = preset_period(OVERVIEW_PRESET, today)
    view = View(state, period, ALL_UNITS, describe_period(state.preset, period), "Toàn tỉnh")
    assert view.params() == {"ky": OVERVIEW_PRESET}  # a unit's page opened from the overview shows the same week
    year, _ = parse_params({"ky": DEFAULT_PRESET}, on=today, unit_codes=set(), kinds=[], leaders=[],
                           default_preset=OVERVIEW_PRESET)
    assert year.to_params() == {"ky": DEFAULT_PRESET}  # the year, chosen on the overview, stays in its URL
    bad, notes = parse_params({"ky": "xyz"}, on=today, unit_codes=set(), kinds=[], leaders=[],
                              default_preset=OVERVIEW_PRESET)
    assert bad.preset == OVERVIEW_PRESET and "đang hiển thị tuần này" in notes[0]


@pytest.mark.parametrize("preset, on, expected", [
    ("tuan-nay", date(2026, 12, 7), "Tuần này (07/12/2026)"),   # a Monday: the week so far is that one day
    ("tuan-nay", date(2026, 12, 9), "Tuần này (07/12/2026 – 09/12/2026)"),
    ("thang-nay", date(2026, 12, 1), "Tháng này (01/12/2026)"),
    ("nam-nay", date(2027, 1, 1), "Năm nay (01/01/2027)"),
    ("tuan-truoc", date(2026, 12, 7), "Tuần 49/2026"),
    ("nam-truoc", date(2026, 12, 7), "Năm 2025"),
])
def test_a_period_so_far_keeps_its_preset_name_even_on_its_first_day(preset, on, expected):
    """The overview opens on "Tuần này": on a Monday morning it must not turn into a bare "Ngày 07/12/2026"."""
    from dashboard.core.view import describe_period, preset_period

    assert describe_period(preset, preset_period(preset, on)) == expected
