"""Each chart builds from a realistic small DataFrame and from an empty one, in Vietnamese."""
import json

import pandas as pd
import pytest

import chart_samples as s
from dashboard import charts as c
from dashboard.core.formatting import CHANNEL_LABELS, PETITION_KIND_LABELS
from data_access.targets import DEFAULT_TARGETS


def _json(chart) -> str:
    return json.dumps(chart.to_dict(), ensure_ascii=False)


def _params(spec: dict) -> list[dict]:
    """Every param in the spec, wherever Altair put it."""
    found = list(spec.get("params", []))
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for child in spec.get(key, []):
            found += _params(child)
    return found


def _selection(chart) -> dict | None:
    return next((p for p in _params(chart.to_dict()) if p.get("name") == c.SELECTION), None)


CASES = {
    "trend": (lambda df: c.trend_chart(df, title="Hồ sơ tiếp nhận theo tháng", y="dossiers_received",
                                       y_title="Số hồ sơ"), s.dossiers_by_bucket),
    "trend_series": (lambda df: c.trend_chart(df, title="Hồ sơ tiếp nhận và giải quyết", y_title="Số hồ sơ",
                                              series={"dossiers_received": "Tiếp nhận",
                                                      "dossiers_resolved": "Đã giải quyết"}), s.dossiers_by_bucket),
    "trend_pct": (lambda df: c.trend_chart(df, title="Tỷ lệ đúng hạn theo tháng", y="dossier_on_time_rate",
                                           fmt="pct", y_title="Tỷ lệ",
                                           target=DEFAULT_TARGETS["dossier_on_time_rate"]), s.dossiers_by_bucket),
    "ranking": (lambda df: c.ranking_chart(df, value="dossier_on_time_rate", fmt="pct",
                                           title="Tỷ lệ giải quyết đúng hạn theo đơn vị",
                                           target=DEFAULT_TARGETS["dossier_on_time_rate"], highlight="VP_UBND"),
                s.dossiers_by_unit),
    "breakdown": (lambda df: c.breakdown_chart(df, category="channel", value="dossiers", labels=CHANNEL_LABELS,
                                               title="Hồ sơ tiếp nhận theo kênh"), s.dossiers_by_channel),
    "donut": (lambda df: c.breakdown_chart(df, category="kind", value="eligible", labels=PETITION_KIND_LABELS,
                                           title="Đơn đủ điều kiện theo loại", donut=True), s.petitions_by_kind),
    "status_stack": (lambda df: c.status_stack_chart(df, title="Tình hình thực hiện nhiệm vụ theo đơn vị"),
                     s.tasks_by_unit),
    "status_stack_leader": (lambda df: c.status_stack_chart(df, category="leader_name", code=None,
                                                            title="Nhiệm vụ theo lãnh đạo giao"), s.tasks_by_leader),
    "aging": (lambda df: c.aging_chart(df), s.overdue_aging),
    "par_heatmap": (lambda df: c.par_criteria_heatmap(df), s.par_criteria),
}


@pytest.mark.parametrize("name", CASES)
def test_chart_builds_with_data(name):
    build, sample = CASES[name]
    chart = build(sample())
    text = _json(chart)
    assert c.EMPTY_MESSAGE not in text
    spec = chart.to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["usermeta"]["embedOptions"]["formatLocale"]["thousands"] == "."


@pytest.mark.parametrize("name", CASES)
def test_chart_builds_empty_with_a_message(name):
    build, sample = CASES[name]
    chart = build(sample().iloc[0:0])
    text = _json(chart)
    assert c.EMPTY_MESSAGE in text or "Không có nhiệm vụ quá hạn" in text
    assert chart.to_dict()["title"]["text"]  # the title stays, so the page keeps its layout


def test_empty_frame_without_columns_is_empty_too():
    chart = c.ranking_chart(pd.DataFrame(), value="dossiers_received", title="Hồ sơ tiếp nhận")
    assert c.EMPTY_MESSAGE in _json(chart)
    assert _selection(chart) is not None


@pytest.mark.parametrize("frame", [s.dossiers_by_unit, lambda: s.dossiers_by_unit().iloc[0:0]])
def test_ranking_carries_the_unit_selection(frame):
    chart = c.ranking_chart(frame(), value="dossiers_received", title="Hồ sơ tiếp nhận theo đơn vị")
    sel = _selection(chart)
    assert sel["select"]["type"] == "point"
    assert sel["select"]["fields"] == ["unit"]


def test_status_stack_carries_the_selection_for_units_only():
    assert _selection(c.status_stack_chart(s.tasks_by_unit(), title="t"))["select"]["fields"] == ["unit"]
    assert _selection(c.status_stack_chart(s.tasks_by_leader(), category="leader_name", code=None,
                                           title="t")) is None


def test_ranking_sorts_formats_and_colours_by_target():
    chart = c.ranking_chart(s.dossiers_by_unit(), value="dossier_on_time_rate", fmt="pct", title="t",
                            target=DEFAULT_TARGETS["dossier_on_time_rate"])
    data = chart.data if isinstance(chart.data, pd.DataFrame) else chart.layer[0].data
    assert list(data["value_text"]) == ["99,6%", "99,5%", "98,8%", "97,2%", "94,1%"]  # None dropped
    assert list(data["status"]) == ["Đạt chỉ tiêu"] * 3 + ["Gần đạt", "Chưa đạt"]
    text = _json(chart)
    assert "Chỉ tiêu: 98,0%" in text
    assert "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi" in text
    assert f'"labelLimit": {c.UNIT_LABEL_LIMIT}' in text


def test_vietnamese_labels_and_numbers_in_the_data():
    text = _json(CASES["breakdown"][0](s.dossiers_by_channel()))
    for word in ["Trực tiếp", "Trực tuyến", "Bưu chính", "20.466 (20,8%)", "Tỷ trọng"]:
        assert word in text
    stack = _json(c.status_stack_chart(s.tasks_by_unit(), title="t"))
    for word in ["Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện trong hạn", "Quá hạn chưa hoàn thành",
                 "#1b7f3b", "#d1342f"]:
        assert word in stack


def test_trend_labels_months_and_weeks():
    assert c.bucket_labels([pd.Timestamp("2026-01-01"), pd.Timestamp("2026-02-01")]) == ["T1/2026", "T2/2026"]
    assert c.bucket_labels(["2026-11-16", "2026-11-23"]) == ["16/11", "23/11"]
    assert c.bucket_labels(["2026-12-28", "2027-01-04"], grain="week") == ["28/12/26", "04/01/27"]
    assert "T12/2021" in _json(CASES["trend"][0](s.dossiers_by_bucket()))


def test_month_axis_labels_are_compact_with_the_year_once():
    labels = ["T11/2025", "T12/2025", "T1/2026", "T2/2026"]
    assert c.axis_label_lines(labels) == {"T11/2025": ["T11", "2025"], "T12/2025": ["T12"],
                                          "T1/2026": ["T1", "2026"], "T2/2026": ["T2"]}
    assert c.axis_label_lines(["16/11", "23/11"]) == {"16/11": ["16/11"], "23/11": ["23/11"]}


def test_par_heatmap_heads_are_wrapped_criterion_names():
    assert c.short_criterion_name("Công tác chỉ đạo, điều hành cải cách hành chính") == "Công tác chỉ đạo, điều hành CCHC"
    lines = c.wrap_lines(c.short_criterion_name(
        "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội"), c.CRITERION_LINE_CHARS)
    assert lines[-1].endswith("KT-XH") and all(len(line) <= c.CRITERION_LINE_CHARS for line in lines)
    spec = c.par_criteria_heatmap(s.par_criteria()).to_dict()
    x = next(layer["encoding"]["x"] for layer in spec["layer"])
    assert x["field"] == "criterion_name" and x["axis"]["labelAngle"] == 0 and "labelExpr" in x["axis"]


def test_axis_ticks_use_the_vi_number_expression():
    text = _json(CASES["trend"][0](s.dossiers_by_bucket()))
    assert "labelExpr" in text and "1.000,5" in text


def test_criteria_in_natural_code_order():
    df = pd.DataFrame({"criterion_code": ["10", "2", "1"], "criterion_name": ["Mười", "Hai", "Một"]})
    assert c.criteria_order(df) == ["Một", "Hai", "Mười"]


def test_ranking_of_changes_with_negative_values():
    df = s.dossiers_by_unit().assign(change=[1.25, -0.5, 3.0, -2.75, 0.0, None])
    chart = c.ranking_chart(df, value="change", fmt="score", title="Điểm tăng, giảm so với năm trước")
    text = _json(chart)
    assert "−2,75" in text and "3,00" in text and "datum.value < 0" in text


def test_long_unit_names_wrap_onto_two_balanced_lines():
    assert c.two_lines("Sở Y tế", 28) == ["Sở Y tế"]
    assert c.two_lines("Sở Lao động - Thương binh và Xã hội", 28) == ["Sở Lao động - Thương", "binh và Xã hội"]
    df = pd.DataFrame({"unit": ["BQL", "SYT"], "unit_name": ["Ban Quản lý Khu kinh tế Dung Quất và các KCN Quảng Ngãi",
                                                            "Sở Y tế"], "v": [1.0, 2.0]})
    spec = c.ranking_chart(df, value="v", title="t").to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert "Quất và các KCN Quảng Ngãi" in text and spec["height"]["step"] == c.WRAPPED_STEP


def test_breakdown_limit_sums_the_rest_into_khac():
    df = pd.DataFrame({"field": [f"Lĩnh vực {i}" for i in range(20)], "n": list(range(20, 0, -1))})
    spec = c.breakdown_chart(df, category="field", value="n", title="t", limit=5).to_dict()
    rows = next(v for v in spec["datasets"].values() if v and "name" in v[0])
    assert [r["name"] for r in rows] == [f"Lĩnh vực {i}" for i in range(5)] + ["Khác (15 mục)"]
    assert rows[-1]["value"] == sum(range(1, 16)) and rows[-1]["value_text"] == "120"
