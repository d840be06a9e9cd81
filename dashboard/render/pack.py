"""The briefing pack (bộ tài liệu giao ban): a 16:9 PPTX, the same pages as an A4-landscape PDF, and a
ZIP of every chart as PNG and SVG — all from one `Briefing`.

The content is laid out once as a list of `Page`s (title, summary, one page per area with its
headline figures, sentences, main chart and first exceptions table, a continuation page with the
other tables, one page per vice-chairman); the PPTX and PDF writers only place those pages on
their paper. So slide N and PDF page N always say the same thing, and both say what the page says.

Charts come from `dashboard.charts` and are rendered by `dashboard.export` with the same stamp as
a single-chart download. The PDF embeds DejaVu Sans (shipped in `dashboard/render/fonts/`), so the
diacritics render on any machine. No Streamlit here.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass


from data_access.targets import Target

from dashboard import charts

from dashboard.render import chart_export, layout
from dashboard.render.pdf import render_pdf
from dashboard.render.pptx import render_pptx

from dashboard.briefing.model import Briefing
from dashboard.core.formatting import PETITION_KIND_LABELS

FORMATS = ("pptx", "pdf", "zip")
MIME = {"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pdf": "application/pdf", "zip": "application/zip"}
Progress = Callable[[float, str], None]


# --- charts --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChartItem:
    area: str
    key: str
    title: str
    chart: object  # an Altair chart
    main: bool = False


def briefing_charts(b: Briefing) -> list[ChartItem]:
    """Every chart of the briefing, the main one of each area first (the page shows the same objects)."""
    out: list[ChartItem] = []
    t = b.area("tasks").data
    title = "Tồn đọng nhiệm vụ quá hạn theo đơn vị"
    out.append(ChartItem("tasks", "ton-dong-theo-don-vi", title, charts.ranking_chart(
        t["backlog_by_unit"], value="tasks", title=title, value_title="Nhiệm vụ quá hạn", limit=10), True))
    out.append(ChartItem("tasks", "thoi-gian-qua-han", "Nhiệm vụ quá hạn theo thời gian quá hạn",
                         charts.aging_chart(t["aging"])))
    d = b.area("dossiers").data
    title = f"Hồ sơ tiếp nhận và giải quyết {len(d['trend'])} tuần gần nhất" if len(d["trend"]) else \
        "Hồ sơ tiếp nhận và giải quyết theo tuần"
    out.append(ChartItem("dossiers", "tiep-nhan-giai-quyet-theo-tuan", title, charts.trend_chart(
        d["trend"], title=title, grain="week", mark="bar", y_title="Hồ sơ", as_of=b.as_of,
        series={"dossiers_received": "Tiếp nhận", "dossiers_resolved": "Đã giải quyết"}), True))
    title = "Tỷ lệ giải quyết hồ sơ đúng hạn theo tuần"
    out.append(ChartItem("dossiers", "ty-le-dung-han-theo-tuan", title, charts.trend_chart(
        d["trend"], y="dossier_on_time_rate", title=title, grain="week", fmt="pct", mark="line", as_of=b.as_of,
        y_title="Tỷ lệ đúng hạn", target=_fresh(b.area("dossiers").figure("dossier_on_time_rate").target))))
    p = b.area("petitions").data
    title = "Đơn thư quá hạn theo đơn vị xử lý"
    out.append(ChartItem("petitions", "don-qua-han-theo-don-vi", title, charts.ranking_chart(
        p["overdue_by_unit"], value="petitions", title=title, value_title="Đơn quá hạn", limit=10), True))
    title = "Đơn đủ điều kiện xử lý theo loại"
    out.append(ChartItem("petitions", "don-theo-loai", title, charts.breakdown_chart(
        p["by_kind"], category="kind", value="eligible", title=title, labels=PETITION_KIND_LABELS)))
    ranking = b.area("par").data["ranking"]
    for kind, main in (("department", True), ("district", False)):
        if main or (len(ranking) and (ranking["kind"] == kind).any()):
            title, chart = par_chart(b, kind)
            out.append(ChartItem("par", f"cchc-{kind}", title, chart, main))
    return out


PAR_KIND_TITLES = {"department": "sở, ban, ngành", "district": "huyện, thị xã, thành phố"}


def par_chart(b: Briefing, kind: str, lowest: int | None = None):
    """(title, chart) of the PAR ranking of one kind of unit, the Office outlined; `lowest` keeps the N lowest."""
    ranking, year = b.area("par").data["ranking"], b.area("par").data["year"]
    rows = ranking[ranking["kind"] == kind].rename(columns={"name": "unit_name"}) if len(ranking) else ranking
    title = f"Chỉ số CCHC năm {year} — {PAR_KIND_TITLES[kind]}" if year else f"Chỉ số CCHC — {PAR_KIND_TITLES[kind]}"
    if lowest and len(rows) > lowest:
        rows = rows.sort_values("percent").head(lowest)
        title += f": {lowest} đơn vị thấp nhất"
    return title, charts.ranking_chart(rows, value="percent", fmt="pct", title=title, value_title="Chỉ số CCHC",
                                       highlight="VPUB")


def _fresh(target):
    """The target as an instance of today's `Target` class: a briefing cached by Streamlit may hold one
    from before a module reload, which `charts` would no longer recognise."""
    return None if target is None else Target(target.value, target.tolerance, target.higher_is_better)


def _stamp(b: Briefing, title: str) -> chart_export.ExportStamp:
    return chart_export.ExportStamp(title=title, period_label=b.span.label, scope_label=b.scope_label,
                              as_of=b.stamp_as_of)


def chart_pngs(b: Briefing, items: list[ChartItem], progress: Progress | None = None,
               start: float = 0.0, share: float = 0.5) -> dict[str, bytes]:
    out = {}
    for i, item in enumerate(items):
        if progress:
            progress(start + share * i / max(len(items), 1), f"Vẽ biểu đồ: {item.title}")
        out[item.key] = chart_export.chart_png(item.chart, stamp=_stamp(b, item.title), scale=2)
    return out


def build_pages(b: Briefing, progress: Progress | None = None) -> tuple[list[layout.Page], list[ChartItem]]:
    items = briefing_charts(b)
    mains = [i for i in items if i.main]
    pngs = chart_pngs(b, mains, progress, 0.0, 0.6)
    return layout.plan(b, pngs, {i.area: i.key for i in mains}), items


# --- writers ---------------------------------------------------------------------------------------

def write(b: Briefing, fmt: str, progress: Progress | None = None) -> bytes:
    """The pack in `fmt` (pptx, pdf or zip) as bytes."""
    if fmt == "zip":
        return charts_zip(b, progress)
    pages, _ = build_pages(b, progress)
    if progress:
        progress(0.7, "Dàn trang PowerPoint" if fmt == "pptx" else "Dàn trang PDF")
    if fmt == "pptx":
        data = render_pptx(pages, b)
    elif fmt == "pdf":
        data = render_pdf(pages, b)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    if progress:
        progress(1.0, "Xong")
    return data


def charts_zip(b: Briefing, progress: Progress | None = None) -> bytes:
    """Every chart of the briefing as a stamped PNG and SVG, numbered in briefing order."""
    items = briefing_charts(b)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, item in enumerate(items, start=1):
            if progress:
                progress(0.95 * (i - 1) / len(items), f"Xuất biểu đồ: {item.title}")
            stamp = _stamp(b, item.title)
            base = f"{i:02d}-{chart_export.export_filename(item.title, 'x', as_of=b.as_of)[:-2]}"
            zf.writestr(f"{base}.png", chart_export.chart_png(item.chart, stamp=stamp, scale=2))
            zf.writestr(f"{base}.svg", chart_export.chart_svg(item.chart, stamp=stamp))
    if progress:
        progress(1.0, "Xong")
    return buf.getvalue()


def file_name(b: Briefing, fmt: str) -> str:
    """"giao-ban-2026-W48.pptx", "giao-ban-2026-W47-W48.pdf"."""
    first = b.period.start.isocalendar()
    if b.span.weeks == 1:
        weeks = b.span.iso
    elif first.year == b.span.year:
        weeks = f"{b.span.year}-W{first.week:02d}-W{b.span.week:02d}"
    else:
        weeks = f"{first.year}-W{first.week:02d}-{b.span.iso}"
    return f"giao-ban-{weeks}.{fmt}"


