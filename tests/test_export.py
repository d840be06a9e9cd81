"""Every chart kind exports offline to a stamped PNG and SVG, with Vietnamese text and vi-VN numbers."""
import re
import struct
from datetime import date, datetime
from pathlib import Path

import pytest
import vl_convert as vlc

import chart_samples as s
from dashboard import charts as c
from dashboard.render.chart_export import SOURCE, ExportStamp, chart_png, chart_svg, export_filename, stamped_spec
from test_charts import CASES

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
STAMP = ExportStamp(title="Hồ sơ tiếp nhận theo đơn vị", period_label="Năm 2021", scope_label="Toàn tỉnh",
                    as_of=datetime(2026, 11, 29, 14, 5))


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_MAGIC
    return struct.unpack(">II", png[16:24])


def _svg_text(svg: str) -> str:
    """The visible text of an SVG, one string per <text> element."""
    return "\n".join(re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<text[^>]*>.*?</text>", svg, re.S))


def svg_size(svg: str) -> tuple[int, int]:
    w, h = re.search(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg).groups()
    return round(float(w)), round(float(h))


@pytest.mark.parametrize("name", CASES)
def test_every_chart_kind_exports_a_stamped_png_and_svg(name):
    build, sample = CASES[name]
    chart = build(sample())
    svg = chart_svg(chart, stamp=STAMP)
    text = _svg_text(svg)
    for expected in ["Hồ sơ tiếp nhận theo đơn vị", "Năm 2021", "Toàn tỉnh", "Số liệu đến: 29/11/2026 14:05", SOURCE]:
        assert expected in text, expected
    png = chart_png(chart, stamp=STAMP, scale=2)
    (w, h), (css_w, css_h) = png_size(png), svg_size(svg)
    assert abs(w - 2 * css_w) <= 2 and abs(h - 2 * css_h) <= 2  # 2 pixels per CSS pixel
    assert css_w > 300 and css_h > 150
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.png").write_bytes(png)


@pytest.mark.parametrize("name", CASES)
def test_empty_charts_export_too(name):
    build, sample = CASES[name]
    chart = build(sample().iloc[0:0])
    assert "Số liệu đến" in _svg_text(chart_svg(chart, stamp=STAMP))


def test_png_scale():
    chart = CASES["aging"][0](s.overdue_aging())
    (w1, h1), (w3, h3) = (png_size(chart_png(chart, stamp=STAMP, scale=k)) for k in (1, 3))
    assert (w3, h3) == (3 * w1, 3 * h1)
    assert png_size(chart_png(CASES["ranking"][0](s.dossiers_by_unit().iloc[0:0]), stamp=STAMP))[0] > 300


def test_svg_has_vietnamese_words_and_vi_vn_numbers():
    chart = c.ranking_chart(s.dossiers_by_unit(), value="dossiers_received", title="Hồ sơ tiếp nhận",
                            highlight="VP_UBND")
    text = _svg_text(chart_svg(chart, stamp=STAMP))
    assert "Hồ sơ" in text and "Sở Tài nguyên và Môi trường" in text
    assert "98.281" in text and "12.450" in text  # bar labels
    assert "20.000" in text  # axis ticks
    assert "98,281" not in text and "20,000" not in text


def test_axis_ticks_are_vi_vn_even_without_a_renderer_locale():
    """Streamlit's embedded Vega may ignore the locale: the labelExpr alone must give "20.000"."""
    spec = c.breakdown_chart(s.dossiers_by_channel(), category="channel", value="dossiers", title="t").to_dict()
    spec["config"].pop("locale")
    svg = vlc.vegalite_to_svg(spec, vl_version="6.4")
    ticks = re.findall(r">(\d[\d.,]*)</text>", svg)
    assert "20.000" in ticks and "20,000" not in ticks


def test_pct_axis_and_labels():
    text = _svg_text(chart_svg(CASES["trend_pct"][0](s.dossiers_by_bucket()), stamp=STAMP))
    assert "Chỉ tiêu: 98,0%" in text
    ticks = re.findall(r"^\d+(?:,\d+)?%$", text, flags=re.M)
    assert "99,5%" in ticks and "99,0%" in ticks and "99%" not in ticks  # one precision on every tick
    # month ticks: "T1" over "2021", then "T2" … "T12" — every month labelled, the last one too
    months = re.findall(r"<text[^>]*>(?:<tspan[^>]*>)?(T\d{1,2})(?:</tspan><tspan[^>]*>(\d{4}))?", chart_svg(
        CASES["trend_pct"][0](s.dossiers_by_bucket()), stamp=STAMP))
    assert [m for m, _ in months] == [f"T{i}" for i in range(1, 13)] and months[0][1] == "2021"


def test_par_heatmap_export_carries_the_criterion_names():
    """The exported heatmap names its columns (wrapped, CCHC abbreviated), not only the codes LV1…LV8."""
    df = s.par_criteria()
    text = _svg_text(chart_svg(c.par_criteria_heatmap(df, title="Điểm theo lĩnh vực"), stamp=STAMP))
    for name in df["criterion_name"].unique():
        for line in c.wrap_lines(c.short_criterion_name(name), c.CRITERION_LINE_CHARS):
            assert line in text, line
    png = chart_png(c.par_criteria_heatmap(df, title="Điểm theo lĩnh vực"), stamp=STAMP)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_selection_params_survive_the_stamp():
    chart = CASES["ranking"][0](s.dossiers_by_unit())
    spec = stamped_spec(chart, STAMP)
    assert [p["name"] for p in spec["params"]] == [c.SELECTION]
    assert spec["vconcat"][1]["mark"]["type"] == "text"
    assert spec["title"]["text"] == STAMP.title


def test_stamp_accepts_a_date_and_its_own_source():
    stamp = ExportStamp("Tiêu đề", "Tháng 11/2026", "Sở Nội vụ", date(2026, 11, 29), source="Nguồn: thử nghiệm")
    assert stamp.footer == "Số liệu đến: 29/11/2026\nNguồn: thử nghiệm"


def test_export_filename_is_ascii():
    assert export_filename("Tỷ lệ giải quyết đúng hạn", "png") == "ty-le-giai-quyet-dung-han.png"
    assert export_filename("Đơn thư — Quảng Ngãi (2021)", ".svg") == "don-thu-quang-ngai-2021.svg"
    assert export_filename("Hồ sơ", "png", as_of=date(2026, 11, 29)) == "ho-so-2026-11-29.png"
    assert export_filename("!!!", "png") == "bieu-do.png"
