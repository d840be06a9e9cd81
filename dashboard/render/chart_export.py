"""Server-side export of any Altair chart to PNG or SVG (vl-convert, no browser), stamped so that a
pasted image explains itself: title, period, unit scope, "Số liệu đến: dd/mm/yyyy HH:MM", source.

The stamp wraps the chart's own Vega-Lite spec: the title and subtitle lines go on top and a
footer text view below (a `vconcat`), with the chart's data, config and selection params
hoisted to the new top level. Selections stay in the spec; vl-convert renders them in their
empty (nothing selected) state. Numbers are rendered with the vi-VN d3 locale.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import vl_convert as vlc

from dashboard.core import palette
from dashboard.core.formatting import D3_FORMAT_LOCALE, D3_TIME_FORMAT_LOCALE, fmt_datetime

# DejaVu Sans ships with the repository: a fresh server may have no font with Vietnamese glyphs,
# and vl-convert would then fall back to one that drops or mismatches the diacritics.
FONTS_DIR = Path(__file__).resolve().parent / "fonts"
vlc.register_font_directory(str(FONTS_DIR))

SOURCE = "Nguồn: Bảng điều hành UBND tỉnh Quảng Ngãi"
VL_VERSION = "6.4"  # the Vega-Lite version Altair 6 writes (alt.SCHEMA_VERSION v6.4.x)
_HOISTED = ("$schema", "config", "datasets", "params", "usermeta", "background", "padding", "autosize")


@dataclass(frozen=True)
class ExportStamp:
    """What an exported image says about itself.

    title: the chart's title ("Tỷ lệ giải quyết hồ sơ đúng hạn theo đơn vị");
    period_label: from `formatting.period_label` ("Năm 2021");
    scope_label: the unit scope in words ("Toàn tỉnh", "Sở Nội vụ");
    as_of: when the data were last updated (shown as "Số liệu đến: 29/11/2026 14:05");
    source: the source line.
    """

    title: str
    period_label: str
    scope_label: str
    as_of: datetime | date
    source: str = SOURCE

    @property
    def subtitle(self) -> str:
        return f"Kỳ báo cáo: {self.period_label} · Phạm vi: {self.scope_label}"

    @property
    def footer(self) -> str:
        return f"Số liệu đến: {fmt_datetime(self.as_of)}\n{self.source}"


def _spec(chart) -> dict:
    return dict(chart) if isinstance(chart, dict) else chart.to_dict()


def _inner_width(spec: dict) -> int:
    width = spec.get("width")
    return width if isinstance(width, (int, float)) else 480


def stamped_spec(chart, stamp: ExportStamp) -> dict:
    """The chart's Vega-Lite spec wrapped with the stamp (title, subtitle, footer)."""
    spec = _spec(chart)
    outer = {k: spec.pop(k) for k in _HOISTED if k in spec}
    inner_title = spec.pop("title", None)
    subtitle = [stamp.subtitle]
    if isinstance(inner_title, dict) and inner_title.get("subtitle"):
        extra = inner_title["subtitle"]
        subtitle += extra if isinstance(extra, list) else [extra]
    footer = {
        "data": {"values": [{"text": stamp.footer}]},
        "mark": {"type": "text", "align": "left", "baseline": "top", "lineBreak": "\n", "fontSize": 13,
                 "lineHeight": 18, "color": palette.MUTED_TEXT, "x": 0, "y": 0},
        "encoding": {"text": {"field": "text", "type": "nominal"}},
        "width": _inner_width(spec), "height": 36,
    }
    outer.pop("usermeta", None)
    outer["config"] = {**outer.get("config", {}), "font": palette.EXPORT_FONT}
    return {**outer, "resolve": {"legend": {"color": "independent"}},
            "title": {"text": stamp.title, "subtitle": subtitle, "anchor": "start", "fontSize": palette.TITLE_SIZE,
                      "subtitleFontSize": 13, "subtitleColor": palette.MUTED_TEXT, "offset": 12},
            "vconcat": [spec, footer], "spacing": 14}


def _locale_kwargs() -> dict:
    return {"vl_version": VL_VERSION, "format_locale": D3_FORMAT_LOCALE, "time_format_locale": D3_TIME_FORMAT_LOCALE}


def chart_png(chart, *, stamp: ExportStamp, scale: float = 2) -> bytes:
    """A stamped PNG at `scale` × the chart's CSS pixel size (2 = sharp on slides and Retina screens)."""
    return vlc.vegalite_to_png(stamped_spec(chart, stamp), scale=scale, **_locale_kwargs())


def chart_svg(chart, *, stamp: ExportStamp) -> str:
    """A stamped SVG (text kept as text: searchable, editable in reports)."""
    return vlc.vegalite_to_svg(stamped_spec(chart, stamp), **_locale_kwargs())


def chart_svg_png(chart, *, stamp: ExportStamp, scale: float = 2) -> tuple[str, bytes]:
    """The stamped SVG and its PNG at `scale`, Vega run once: the PNG is rasterised from the SVG (what
    `vegalite_to_png` does inside, so the image is the same)."""
    return submit_svg_png(chart, stamp=stamp, scale=scale).result()


def submit_svg_png(chart, *, stamp: ExportStamp, scale: float = 2):
    """A future of `chart_svg_png`: drawn by a worker process, or at once when the same stamped spec was
    drawn before (`vega_worker`)."""
    from dashboard.render import vega_worker
    return vega_worker.submit(stamped_spec(chart, stamp), scale=scale, kwargs=_locale_kwargs())


_VI_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


def export_filename(title: str, ext: str, *, as_of: date | None = None) -> str:
    """An ASCII file name: ("Tỷ lệ đúng hạn", "png") → "ty-le-dung-han.png"; `as_of` adds "-2026-11-29"."""
    ascii_text = unicodedata.normalize("NFKD", title.translate(_VI_EXTRA)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].rstrip("-") or "bieu-do"
    if as_of is not None:
        slug += "-" + as_of.strftime("%Y-%m-%d")
    return f"{slug}.{ext.lstrip('.')}"
