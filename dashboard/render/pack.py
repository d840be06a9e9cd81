"""The briefing pack (bộ tài liệu giao ban): a 16:9 PPTX, the same pages as an A4-landscape PDF, and a
ZIP of every chart as PNG and SVG — all from one `Briefing`.

The content is laid out as a list of `Page`s (`layout.plan`: title, summary, one page per area with its
headline figures, sentences, main chart and main list, continuation pages for the lists that do not fit,
one page per vice-chairman) for each writer's paper; the PPTX and PDF writers only place those pages.
Every row of every list is in both. Each chart is drawn once (`render_charts`) and the same image goes
into the PPTX, the PDF and the ZIP.

Charts come from `dashboard.charts` and are rendered by `dashboard.export` with the same stamp as
a single-chart download. The PDF embeds DejaVu Sans (shipped in `dashboard/render/fonts/`), so the
diacritics render on any machine. No Streamlit here.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace


from data_access.targets import Target

from dashboard import charts

from dashboard.render import chart_export, layout
from dashboard.render.pdf import BOXES as PDF_BOXES, render_pdf
from dashboard.render.pptx import BOXES as PPTX_BOXES, render_pptx

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
    chart: object  # an Altair chart, or its Vega-Lite spec (a dict)
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


PRINT_WIDTH, PRINT_HEIGHT = 0.7, 0.85  # a main chart's plot in the pack, against its size on the page
PRINT_PAR_LOWEST = 8  # the PAR departments the pack's main PAR chart keeps


def pack_charts(b: Briefing) -> list[ChartItem]:
    """The pack's charts: the page's, with each area's main chart drawn smaller, so that on an A4 page its
    text (12–17 px) prints at 8 pt or more; the main PAR chart keeps the lowest departments (all 28 took 5-pt
    text), the whole ranking stays in the ZIP."""
    out: list[ChartItem] = []
    for item in briefing_charts(b):
        if item.main and item.area == "par":
            title, chart = par_chart(b, "department", lowest=PRINT_PAR_LOWEST)
            out.append(ChartItem("par", "cchc-department-thap-nhat", title, printed(chart), True))
            out.append(replace(item, main=False))
        else:
            out.append(replace(item, chart=printed(item.chart)) if item.main else item)
    return out


def printed(chart) -> dict:
    """The chart's spec with a smaller fixed plot (the text keeps its size, so it grows against the image)."""
    spec = chart.to_dict()
    for key, share in (("width", PRINT_WIDTH), ("height", PRINT_HEIGHT)):
        if isinstance(spec.get(key), (int, float)):
            spec[key] = round(spec[key] * share)
    return spec


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


@dataclass(frozen=True)
class ChartImage:
    svg: str
    png: bytes


def submit_charts(b: Briefing, items: list[ChartItem]) -> dict[str, Future]:
    """Every chart handed to the drawing workers at once (`vega_worker`: two processes, each chart
    remembered by its spec), in `items`' order: key → future of its `ChartImage`."""
    out: dict[str, Future] = {}
    for item in items:
        inner = chart_export.submit_svg_png(item.chart, stamp=_stamp(b, item.title), scale=2)
        out[item.key] = inner
    return out


def collect(futures: dict[str, Future], progress: Progress | None = None, span: tuple[float, float] = (0.0, 0.8),
            done: dict[str, ChartImage] | None = None, total: int | None = None) -> dict[str, ChartImage]:
    """The drawn images of `futures` (waited for here, in the caller's thread: the progress callback may be
    Streamlit's), `done` grown in place; the bar moves across `span` meanwhile."""
    done = {} if done is None else done
    total = total or len(futures)
    for n, (key, future) in enumerate(futures.items(), start=1):
        svg, png = future.result()
        done[key] = ChartImage(svg, png)
        if progress:
            progress(span[0] + (span[1] - span[0]) * n / max(len(futures), 1), f"Đã vẽ {len(done)}/{total} biểu đồ")
    return done


def render_charts(b: Briefing, items: list[ChartItem], progress: Progress | None = None,
                  share: float = 0.8) -> dict[str, ChartImage]:
    """Every chart drawn once (Vega to SVG, the PNG rasterised from that SVG), two at a time in the worker
    processes: each of the PDF, the PPTX and the ZIP then takes its images from here."""
    return collect(submit_charts(b, items), progress, (0.0, share))


BOXES = {"pptx": PPTX_BOXES, "pdf": PDF_BOXES}


def build_pages(b: Briefing, pngs: dict[str, bytes], items: list[ChartItem], fmt: str) -> list[layout.Page]:
    """The pages of the PPTX or the PDF, each list split where that one's page is full."""
    return layout.plan(b, pngs, {i.area: i.key for i in items if i.main}, BOXES[fmt])


# --- writers ---------------------------------------------------------------------------------------

def build_pack(b: Briefing, formats: tuple[str, ...] = FORMATS, progress: Progress | None = None) -> dict[str, bytes]:
    """The pack in each of `formats` (pptx, pdf, zip) as bytes, from this one briefing: the charts a
    format needs are drawn once and shared, the pages laid out once. The main charts (those the pages
    show) are drawn first; the PPTX and PDF are written while the workers draw the ZIP's other charts."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format {sorted(unknown)!r}")
    items = pack_charts(b)
    mains = [i for i in items if i.main]
    needed = items if "zip" in formats else mains
    ordered = mains + [i for i in needed if not i.main]
    futures = submit_charts(b, ordered)
    total = len(ordered)
    images = collect({i.key: futures[i.key] for i in mains}, progress, (0.0, 0.5), total=total)
    pngs = {k: v.png for k, v in images.items()}
    out: dict[str, bytes] = {}
    if "pptx" in formats:
        if progress:
            progress(0.55, "Dàn trang PowerPoint")
        out["pptx"] = render_pptx(build_pages(b, pngs, items, "pptx"), b)
    if "pdf" in formats:
        if progress:
            progress(0.7, "Dàn trang PDF")
        out["pdf"] = render_pdf(build_pages(b, pngs, items, "pdf"), b)
    if "zip" in formats:
        collect({i.key: futures[i.key] for i in ordered if not i.main}, progress, (0.8, 0.95), done=images,
                total=total)
        out["zip"] = charts_zip(b, items, images)
    if progress:
        progress(1.0, "Xong")
    return {fmt: out[fmt] for fmt in formats}


def write(b: Briefing, fmt: str, progress: Progress | None = None) -> bytes:
    """The pack in `fmt` (pptx, pdf or zip) as bytes."""
    return build_pack(b, (fmt,), progress)[fmt]


def charts_zip(b: Briefing, items: list[ChartItem], images: dict[str, ChartImage]) -> bytes:
    """Every chart of the briefing as a stamped PNG and SVG, numbered in briefing order."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, item in enumerate(items, start=1):
            base = f"{i:02d}-{chart_export.export_filename(item.title, 'x', as_of=b.as_of)[:-2]}"
            zf.writestr(f"{base}.png", images[item.key].png)
            zf.writestr(f"{base}.svg", images[item.key].svg)
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
