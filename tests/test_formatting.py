"""The one formatter: Vietnamese number, percent, date and period conventions."""
import math
from datetime import date, datetime, timedelta
from decimal import Decimal

import pandas as pd
import pytest

from dashboard.core.formatting import (
    CHANNEL_LABELS, D3_FORMAT_LOCALE, D3_TIME_FORMAT_LOCALE, DASH, PETITION_KIND_LABELS, UNIT_KIND_LABELS,
    fmt_change, fmt_date, fmt_datetime, fmt_day_month, fmt_days, fmt_int, fmt_month, fmt_number, fmt_pct,
    fmt_rank, fmt_score, fmt_value, label, period_label, round_half_up,
)


@pytest.mark.parametrize("value, expected", [
    (98281, "98.281"), (0, "0"), (999, "999"), (1000, "1.000"), (1234567, "1.234.567"),
    (-1234, "−1.234"), (98281.4, "98.281"), (2.5, "3"), (Decimal("16051"), "16.051"),
])
def test_fmt_int(value, expected):
    assert fmt_int(value) == expected


@pytest.mark.parametrize("value, digits, expected", [
    (0.995, 1, "99,5%"), (0.9955, 1, "99,6%"), (0.99549, 1, "99,5%"), (1, 1, "100,0%"), (0, 1, "0,0%"),
    (0.986, 0, "99%"), (0.20824, 2, "20,82%"), (-0.008, 1, "−0,8%"), (12.3456, 1, "1.234,6%"),
])
def test_fmt_pct_rounds_half_up(value, digits, expected):
    assert fmt_pct(value, digits) == expected


def test_round_half_up_is_explicit_not_bankers():
    assert round(0.125, 2) == 0.12  # what Python's round would show
    assert round_half_up(0.125, 2) == Decimal("0.13")
    assert fmt_number(0.125, 2) == "0,13"
    assert fmt_number(-2.5, 0) == "−3"  # half away from zero


@pytest.mark.parametrize("value, digits, expected", [
    (2.345, 2, "2,35"), (1234.5, 1, "1.234,5"), (3, 2, "3,00"),
    (-0.04, 1, "0,0"),  # rounds to zero: shown without a minus
])
def test_fmt_number(value, digits, expected):
    assert fmt_number(value, digits) == expected


def test_dates_and_durations():
    assert fmt_date(date(2026, 11, 29)) == "29/11/2026"
    assert fmt_date(datetime(2026, 1, 5, 8, 0)) == "05/01/2026"
    assert fmt_date(pd.Timestamp("2026-11-29")) == "29/11/2026"
    assert fmt_date("2026-11-29") == "29/11/2026"
    assert fmt_datetime(datetime(2026, 11, 29, 14, 5)) == "29/11/2026 14:05"
    assert fmt_month(date(2026, 1, 1)) == "T1/2026"
    assert fmt_day_month(date(2026, 11, 23)) == "23/11"
    assert fmt_days(1.5) == "1,5 ngày"
    assert fmt_days(45) == "45 ngày"
    assert fmt_days(timedelta(hours=36)) == "1,5 ngày"
    assert fmt_score(Decimal("85.25")) == "85,25"
    assert fmt_score(Decimal("85.2")) == "85,20"
    assert fmt_rank(1) == "1" and fmt_rank(2, 20) == "2/20"


@pytest.mark.parametrize("fn", [fmt_int, fmt_pct, fmt_number, fmt_date, fmt_datetime, fmt_days, fmt_score, fmt_rank,
                                fmt_change, fmt_month])
@pytest.mark.parametrize("missing", [None, float("nan"), math.nan, pd.NA, pd.NaT, Decimal("NaN")])
def test_missing_is_a_dash(fn, missing):
    assert fn(missing) == DASH == "–"


@pytest.mark.parametrize("delta, kind, expected", [
    (1234, "int", "+1.234"), (-56, "int", "−56"), (0, "int", "0"),
    (-0.008, "pct", "−0,8 điểm %"), (0.0123, "pct", "+1,2 điểm %"),
    (Decimal("1.25"), "score", "+1,25"), (-0.5, "days", "−0,5 ngày"), (2, "rank", "+2 bậc"),
])
def test_fmt_change(delta, kind, expected):
    assert fmt_change(delta, kind) == expected


def test_fmt_value_dispatches_on_format_name():
    assert fmt_value(98281, "int") == "98.281"
    assert fmt_value(0.995, "pct") == "99,5%"
    assert fmt_value(1.5, "days") == "1,5 ngày"
    assert fmt_value(Decimal("85.25"), "score") == "85,25"
    assert fmt_value(1, "rank") == "1"
    assert fmt_value(None, "pct") == DASH
    with pytest.raises(ValueError):
        fmt_value(1, "currency")


@pytest.mark.parametrize("start, end, expected", [
    (date(2021, 1, 1), date(2021, 12, 31), "Năm 2021"),
    (date(2026, 11, 1), date(2026, 11, 30), "Tháng 11/2026"),
    (date(2024, 2, 1), date(2024, 2, 29), "Tháng 2/2024"),
    (date(2026, 10, 1), date(2026, 12, 31), "Quý IV/2026"),
    (date(2026, 1, 1), date(2026, 6, 30), "6 tháng đầu năm 2026"),
    (date(2026, 11, 23), date(2026, 11, 29), "Tuần 48/2026"),
    (date(2026, 11, 29), date(2026, 11, 29), "Ngày 29/11/2026"),
    (date(2021, 1, 1), date(2021, 12, 30), "01/01/2021 – 30/12/2021"),
    (date(2026, 11, 24), date(2026, 11, 30), "24/11/2026 – 30/11/2026"),  # 7 days, not Monday–Sunday
    (date(2026, 1, 1), date(2026, 2, 28), "01/01/2026 – 28/02/2026"),
])
def test_period_label(start, end, expected):
    assert period_label(start, end) == expected


def test_labels_for_codes():
    assert CHANNEL_LABELS == {"direct": "Trực tiếp", "online": "Trực tuyến", "postal": "Bưu chính"}
    assert PETITION_KIND_LABELS["recommendation"] == "Kiến nghị, phản ánh"
    assert PETITION_KIND_LABELS["land_dispute"] == "Tranh chấp đất đai"
    assert UNIT_KIND_LABELS["district"] == "Huyện, thị xã, thành phố"
    assert label(CHANNEL_LABELS, "online") == "Trực tuyến"
    assert label(CHANNEL_LABELS, "fax") == "fax"
    assert label(CHANNEL_LABELS, None) == DASH


def test_d3_locales():
    assert D3_FORMAT_LOCALE == {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}
    assert D3_TIME_FORMAT_LOCALE["date"] == "%d/%m/%Y"
    assert D3_TIME_FORMAT_LOCALE["months"][0] == "Tháng 1"
    assert D3_TIME_FORMAT_LOCALE["days"][1] == "Thứ Hai"
    assert len(D3_TIME_FORMAT_LOCALE["shortMonths"]) == 12
