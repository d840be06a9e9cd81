"""Each chart builds from a realistic small DataFrame and from an empty one, in Vietnamese."""
import json
import re

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
    "par_heatmap_narrow": (lambda df: c.par_criteria_heatmap_narrow(df), s.par_criteria),
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


def test_the_phone_heatmap_fits_a_phone_with_every_unit_named():
    """The narrow heatmap, drawn as the exporter draws it, is no wider than a phone's chart room; every unit has
    its label (no label dropped as overlapping) and the numbered heads stand for the criteria in order."""
    import vl_convert as vlc

    df = s.par_criteria()
    long_name = "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi"
    df = pd.concat([df, df[df["unit_name"] == df["unit_name"].iloc[0]].assign(unit_name=long_name)])
    chart = c.par_criteria_heatmap_narrow(df, title="Điểm theo lĩnh vực 2025 — sở, ban, ngành")
    svg = vlc.vegalite_to_svg(chart.to_json())
    width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))
    assert width <= 358  # 390 less the page's margins on a phone
    spec = chart.to_dict()
    y = spec["encoding"]["y"]["axis"]
    assert y["labelOverlap"] is False
    lines = json.loads(y["labelExpr"][1:y["labelExpr"].index(")[datum.label]")])
    assert " ".join(lines[long_name]) == "Ban Quản lý KKT Dung Quất và các KCN Quảng Ngãi"  # official abbreviations
    assert set(lines) == set(df["unit_name"]) and all(1 <= len(v) <= 3 for v in lines.values())
    assert list(c.criterion_numbers(df)) == c.criteria_order(df)
    assert list(c.criterion_numbers(df).values()) == [str(i) for i in range(1, len(c.criteria_order(df)) + 1)]


def test_the_unfinished_month_keeps_its_axis_label_on_a_crowded_axis():
    """13 months with the current one unfinished: the label of the latest month ("T12" / "chưa hết") is always
    drawn; labels are thinned from the last one backwards, each year named on its first label shown."""
    from datetime import date

    months = list(pd.date_range("2025-12-01", "2026-12-01", freq="MS").date)
    df = pd.DataFrame({"bucket": months, "dossiers_received": range(100, 100 + len(months))})
    spec = c.trend_chart(df, y="dossiers_received", title="Hồ sơ tiếp nhận", grain="month",
                         as_of=date(2026, 12, 3)).to_dict()
    axis = spec["encoding"]["x"]["axis"]
    table = json.loads(axis["labelExpr"][1:axis["labelExpr"].index(")[datum.label]")])
    assert table["T12/2026"] == ["T12", "chưa hết"]
    shown = [k for k, v in table.items() if v != [""]]
    assert "T12/2025" in shown and len(shown) >= 6
    assert any(v[:2] == [v[0], "2026"] for k, v in table.items() if k.endswith("/2026") and v != [""])


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


# --- honest charts ------------------------------------------------------------------------------

from datetime import date  # noqa: E402

import vl_convert as vlc  # noqa: E402

from dashboard.core import palette  # noqa: E402
from dashboard.core.formatting import TASK_STATE_COLUMN_LABELS  # noqa: E402


def _layers(spec: dict) -> list[dict]:
    """Every unit spec (mark + encoding) of a chart, layers flattened."""
    if "layer" in spec:
        return [u for child in spec["layer"] for u in _layers(child)]
    return [spec]


def _datasets(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def _svg_texts(chart) -> list[str]:
    svg = vlc.vegalite_to_svg(chart.to_dict())
    import re
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<text[^>]*>.*?</text>", svg, re.S)]


def _months(n: int = 12, year: int = 2026) -> list[date]:
    return [date(year, m, 1) for m in range(13 - n, 13)]


def _small_counts() -> pd.DataFrame:
    """The /don-thu case: a few petitions a month, several series drawn as lines."""
    return pd.DataFrame({"bucket": _months(), "petitions_received": [3, 1, 0, 2, 4, 0, 1, 2, 0, 3, 1, 0],
                         "petitions_resolved": [1, 0, 0, 1, 2, 0, 0, 1, 0, 1, 0, 0]})


COUNT_CHARTS = {
    "trend_bar": lambda: c.trend_chart(_small_counts(), y="petitions_received", title="Đơn tiếp nhận"),
    "trend_lines": lambda: c.trend_chart(_small_counts(), title="Đơn thư", mark="line", y_title="Số đơn",
                                         series={"petitions_received": "Tiếp nhận", "petitions_resolved": "Đã giải quyết"}),
    "trend_states": lambda: c.trend_chart(s.tasks_by_unit().assign(bucket=_months(6)), series=TASK_STATE_COLUMN_LABELS,
                                          title="Nhiệm vụ theo trạng thái", mark="line"),
    "ranking": lambda: c.ranking_chart(s.dossiers_by_unit(), value="dossiers_received", title="Hồ sơ tiếp nhận"),
    "breakdown": lambda: c.breakdown_chart(s.dossiers_by_channel(), category="channel", value="dossiers", title="Kênh"),
    "status_stack": lambda: c.status_stack_chart(s.tasks_by_unit(), title="Trạng thái"),
    "aging": lambda: c.aging_chart(s.overdue_aging()),
}


@pytest.mark.parametrize("name", COUNT_CHARTS)
def test_count_axes_include_zero_and_never_go_below(name):
    chart = COUNT_CHARTS[name]()
    spec = chart.to_dict()
    value_scales = [u["encoding"][ch].get("scale", {}) for u in _layers(spec) for ch in ("x", "y")
                    if u.get("encoding", {}).get(ch, {}).get("field") == "value"]
    assert any(scale.get("zero") is True for scale in value_scales)  # said on the mark that owns the axis
    for scale in value_scales:  # and no layer (a label, a total) asks for anything else
        assert scale.get("zero", True) is True, scale
        assert scale.get("domainMin", 0) >= 0 and "domain" not in scale, scale
    ticks = [t for t in _svg_texts(chart) if re.fullmatch(r"[−-]?\d[\d.]*", t)]
    assert ticks and not any(t.startswith(("−", "-")) for t in ticks), ticks  # the old lines reached −1 (−20)


def test_the_unfinished_month_is_flagged_in_trends():
    df = s.dossiers_by_bucket().assign(bucket=_months())
    for mark in ("bar", "line"):
        chart = c.trend_chart(df, y="dossiers_received", title="Hồ sơ tiếp nhận", mark=mark, as_of=date(2026, 12, 3))
        spec = chart.to_dict()
        rows = [r for r in _datasets(spec) if "partial" in r]
        assert {r["bucket_label"] for r in rows if r["partial"]} == {"T12/2026"}
        assert any("T12/2026 (tháng chưa hết)" == r["period_text"] for r in rows)  # the tooltip says so
        assert any("tháng chưa hết" in " ".join(spec["title"]["subtitle"]) for _ in [0])
        axis = next(u["encoding"]["x"]["axis"] for u in _layers(spec) if "axis" in u.get("encoding", {}).get("x", {}))
        assert '"T12/2026": ["T12", "chưa hết"]' in axis["labelExpr"]  # under the bucket's own label
        drawn = json.dumps([u.get("mark") for u in _layers(spec)] + [u.get("encoding") for u in _layers(spec)])
        assert ("strokeDash" in drawn) if mark == "line" else ("fillOpacity" in drawn and "datum.partial" in drawn)
        texts = _svg_texts(chart)  # and the rendered image (what the PNG/SVG exports draw)
        assert "T12chưa hết" in texts  # the label's two lines ("T12" over "chưa hết")
        assert any("T12/2026: tháng chưa hết" in t for t in texts)


def test_a_finished_month_and_a_past_period_are_not_flagged():
    df = s.dossiers_by_bucket().assign(bucket=_months())
    for as_of in (date(2026, 12, 31), date(2027, 1, 5), None):
        spec = c.trend_chart(df, y="dossiers_received", title="Hồ sơ", as_of=as_of).to_dict()
        assert not any(r.get("partial") for r in _datasets(spec)), as_of
        assert "chưa hết" not in _json(c.trend_chart(df, y="dossiers_received", title="Hồ sơ", as_of=as_of))


def test_the_unfinished_week_is_flagged():
    weeks = pd.DataFrame({"bucket": [date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23), date(2026, 11, 30)],
                          "dossiers_received": [120, 130, 125, 30]})
    assert c.unfinished_bucket(list(weeks["bucket"]), "week", date(2026, 12, 3)) == 3
    assert c.unfinished_bucket(list(weeks["bucket"]), "week", date(2026, 12, 6)) is None  # the Sunday: over
    chart = c.trend_chart(weeks, y="dossiers_received", title="Hồ sơ theo tuần", grain="week", as_of=date(2026, 12, 3))
    assert any("tuần chưa hết" in t for t in _svg_texts(chart))


def test_sparklines_leave_the_unfinished_month_out():
    df = s.dossiers_by_bucket().assign(bucket=_months())
    values, left_out = c.spark_values(df, "dossiers_received", fmt="int", as_of=date(2026, 12, 3))
    assert left_out == "T12/2026" and values == [float(v) for v in df["dossiers_received"][:-1]]
    values, left_out = c.spark_values(df, "dossiers_received", fmt="int", as_of=date(2026, 12, 31))
    assert left_out is None and len(values) == 12


def test_the_briefing_pack_flags_an_unfinished_week():
    """The pack's weekly trends take the briefing's last day: a briefing on a Wednesday marks its week."""
    from dashboard.render import pack
    import inspect
    source = inspect.getsource(pack.briefing_charts)
    assert source.count("trend_chart(") == source.count("as_of=b.as_of")


def _color_scale(chart) -> tuple[list, list]:
    for u in _layers(chart.to_dict()):
        color = u.get("encoding", {}).get("color", {})
        if "scale" in color and "range" in color["scale"]:
            return color["scale"]["domain"], color["scale"]["range"]
    raise AssertionError("no colour scale")


STATE_CHARTS = {  # every chart the pages and the pack draw with task states
    "trend_states": COUNT_CHARTS["trend_states"],
    "trend_states_bars": lambda: c.trend_chart(s.tasks_by_unit().assign(bucket=_months(6)), mark="bar",
                                               series=TASK_STATE_COLUMN_LABELS, title="Nhiệm vụ theo trạng thái"),
    "stack_units": lambda: c.status_stack_chart(s.tasks_by_unit(), title="Trạng thái nhiệm vụ theo đơn vị"),
    "stack_leaders": lambda: c.status_stack_chart(s.tasks_by_leader(), category="leader_name", code=None,
                                                  title="Trạng thái nhiệm vụ theo lãnh đạo giao"),
}


@pytest.mark.parametrize("name", STATE_CHARTS)
def test_task_states_take_their_colours_from_the_one_mapping(name):
    domain, range_ = _color_scale(STATE_CHARTS[name]())
    expected = {TASK_STATE_COLUMN_LABELS[k]: palette.TASK_STATE_COLORS[k] for k in palette.TASK_STATE_COLORS}
    assert dict(zip(domain, range_)) == expected


def test_no_other_module_spells_the_task_state_colours():
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent / "dashboard"
    own = {v.lower() for v in palette.TASK_STATE_COLORS.values()} - {palette.STATUS_COLORS["good"].lower(),
                                                                   palette.PRIMARY.lower()}
    for path in root.rglob("*.py"):
        if path.name == "palette.py":
            continue
        text = path.read_text().lower()
        assert not [h for h in own if h in text], path


def test_labels_inside_bars_meet_wcag_aa():
    """Values written inside bars: white on green/blue/red, dark on amber (white on amber was ≈ 2:1)."""
    df = s.dossiers_by_unit().assign(dossier_on_time_rate=[0.995, 0.975, 0.93, 0.5, 0.99, 0.97])
    from data_access.targets import Target
    chart = c.ranking_chart(df, value="dossier_on_time_rate", fmt="pct", title="Tỷ lệ đúng hạn",
                            target=Target(0.98, 0.03))
    rows = [r for r in _datasets(chart.to_dict()) if "label_color" in r]
    inside = [r for r in rows if r["inside"]]
    assert {r["status"] for r in inside} >= {"Đạt chỉ tiêu", "Gần đạt", "Chưa đạt"}
    for r in inside:
        assert palette.contrast(r["label_color"], r["bar_color"]) >= palette.AA_CONTRAST, r
    amber = next(r for r in inside if r["status"] == "Gần đạt")
    assert amber["label_color"] != palette.WHITE


def test_heatmap_labels_meet_wcag_aa():
    chart = c.par_criteria_heatmap(s.par_criteria())
    rows = [r for r in _datasets(chart.to_dict()) if "label_color" in r]
    assert rows
    for r in rows:
        assert palette.contrast(r["label_color"], palette.heatmap_color(r["value"])) >= palette.AA_CONTRAST, r
    for v in [x / 100 for x in range(40, 101)]:  # every colour of the scale
        bg = palette.heatmap_color(v)
        assert palette.contrast(palette.text_on(bg), bg) >= palette.AA_CONTRAST, (v, bg)


def test_legend_and_axis_text_meet_wcag_aa():
    cfg = c.trend_chart(s.dossiers_by_bucket(), series={"dossiers_received": "Tiếp nhận"}, title="x").to_dict()["config"]
    for colour in (cfg["legend"]["labelColor"], cfg["legend"]["titleColor"], cfg["axis"]["labelColor"],
                   cfg["axis"]["titleColor"], cfg["title"]["subtitleColor"]):
        assert palette.contrast(colour, palette.WHITE) >= palette.AA_CONTRAST, colour


@pytest.mark.parametrize("rates", [[0.99, 0.992, 0.995, 0.998], [0.94, 0.97, 0.985], [0.2, 0.6, 1.0], [1.0, 1.0],
                                   [0.9811, 0.9812]])
def test_rate_ticks_carry_one_precision(rates):
    df = pd.DataFrame({"bucket": _months(len(rates)), "rate": rates})
    chart = c.trend_chart(df, y="rate", fmt="pct", title="Tỷ lệ", y_title="Tỷ lệ", as_of=date(2026, 12, 31))
    ticks = [t for t in _svg_texts(chart) if t.endswith("%") and not t.startswith("Chỉ tiêu")]
    ticks = [t for t in ticks if t not in {r["value_text"] for r in _datasets(chart.to_dict()) if "value_text" in r}]
    decimals = {len(t[:-1].partition(",")[2]) for t in ticks}
    assert len(ticks) >= 2 and len(decimals) == 1, ticks
    assert all(0 <= float(t[:-1].replace(".", "").replace(",", ".")) <= 100 for t in ticks), ticks  # within 0–100 %
    assert len(set(ticks)) == len(ticks), ticks  # no two ticks print alike


def test_chart_verdicts_are_the_one_rule():
    """A bar's colour and the card's badge come from `compare.verdict` (the same value, the same word)."""
    from dashboard.core import compare
    from data_access.targets import Target
    target = Target(0.98, 0.03)
    chart = c.ranking_chart(s.dossiers_by_unit(), value="dossier_on_time_rate", fmt="pct", title="x", target=target)
    for r in [r for r in _datasets(chart.to_dict()) if "status" in r and "value" in r]:
        assert r["status"] == compare.STATUS_LABELS[compare.verdict(r["value"], target)]


def test_long_chart_titles_wrap_onto_lines_that_fit_a_phone():
    from dashboard.charts.base import TITLE_WRAP_PX
    from dashboard.core import palette
    from dashboard.core.text_width import width

    long = "Tỷ lệ giải quyết hồ sơ đúng hạn theo đơn vị của Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp"
    spec = c.trend_chart(s.dossiers_by_bucket(), title=long, y="dossiers_received", y_title="Số hồ sơ").to_dict()
    lines = spec["title"]["text"]
    assert isinstance(lines, list) and len(lines) >= 2 and " ".join(lines) == long
    assert all(width(line, palette.TITLE_SIZE) <= TITLE_WRAP_PX and not line.endswith("…") for line in lines)
    assert "limit" not in spec["title"]
    short = c.trend_chart(s.dossiers_by_bucket(), title="Hồ sơ", y="dossiers_received").to_dict()
    assert short["title"]["text"] == "Hồ sơ"
