"""The pack's charts drawn in worker processes: the same image as drawing in this process, each chart drawn
once per stamped spec, and a fall-back to this process when the workers cannot be used."""
import os
import re
from datetime import datetime

import vl_convert as vlc

from dashboard.render import chart_export, vega_worker
from dashboard.render.chart_export import ExportStamp, stamped_spec
from test_charts import CASES

STAMP = ExportStamp(title="Đơn thư quá hạn theo đơn vị xử lý", period_label="Tuần 48/2026", scope_label="Toàn tỉnh",
                    as_of=datetime(2026, 11, 29, 14, 5))


def _chart(name="aging"):
    build, sample = CASES[name]
    return build(sample())


def test_a_worker_draws_what_this_process_draws():
    vega_worker.forget()
    chart = _chart()
    svg, png = chart_export.submit_svg_png(chart, stamp=STAMP, scale=2).result(timeout=120)
    here = vlc.vegalite_to_svg(stamped_spec(chart, STAMP), **chart_export._locale_kwargs())
    # the same drawing; only Vega's running count in the clip-path ids differs between two engines
    assert re.sub(r"clip\d+", "clip", svg) == re.sub(r"clip\d+", "clip", here)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png == vlc.svg_to_png(svg, scale=2)
    assert "Số liệu đến: 29/11/2026 14:05" in svg


def test_the_same_spec_is_drawn_once_and_another_stamp_is_drawn_again():
    vega_worker.forget()
    chart = _chart()
    first = chart_export.submit_svg_png(chart, stamp=STAMP).result(timeout=120)
    again = chart_export.submit_svg_png(chart, stamp=STAMP)
    assert again.done() and again.result() is first  # remembered: no drawing
    other = ExportStamp(title=STAMP.title, period_label="Tuần 47/2026", scope_label="Toàn tỉnh", as_of=STAMP.as_of)
    svg, _ = chart_export.submit_svg_png(chart, stamp=other).result(timeout=120)
    assert "Tuần 47/2026" in svg and "Tuần 48/2026" not in svg


def test_without_workers_the_chart_is_drawn_here(monkeypatch):
    vega_worker.forget()
    vega_worker._drop_pool()
    monkeypatch.setenv("BDH_CHART_WORKERS", "0")
    svg, png = chart_export.chart_svg_png(_chart("ranking"), stamp=STAMP)
    assert vega_worker._pool is None and "Tuần 48/2026" in svg and png[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_drawing_happens_in_other_processes():
    pool = vega_worker._get_pool()
    assert pool is not None
    pids = {pool.submit(vega_worker._warm).result(timeout=120) for _ in range(4)}
    assert os.getpid() not in pids
