"""The pack's pages, laid out once: a list of `Page`s (title, summary, one page per area with its headline
figures, sentences, main chart and first exceptions table, a continuation page with the other tables, one
page per vice-chairman). The PPTX and PDF writers only place these pages on their paper, so slide N and PDF
page N always say the same thing."""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from PIL import Image

from dashboard.briefing.model import Agenda, AreaBriefing, Briefing, Figure, LeaderSection
from dashboard.core.compare import capital
from dashboard.core.formatting import fmt_datetime, fmt_int

MAIN_TABLE = {"tasks": "tasks_became_overdue", "dossiers": "dossiers_lowest_on_time",
              "petitions": "petitions_overdue_by_unit", "par": "par_standing"}
ROWS_MAIN, ROWS_MORE, ROWS_LEADER = 6, 12, 7
ROWS_CONCLUSIONS, ROWS_CONCLUSIONS_OWN = 9, 4  # both tables on one page
ORG = "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"


# --- the pages -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    lines: list[str]
    status: str | None


@dataclass
class Page:
    kind: str  # title | conclusions | summary | area | agenda | leader
    title: str
    subtitle: str = ""
    tiles: list[Tile] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # the summary page
    chart: bytes | None = None
    tables: list[tuple[Agenda, int]] = field(default_factory=list)  # (table, rows to show)
    lines: list[str] = field(default_factory=list)  # the title page


def tile(f: Figure, previous_label: str, year_ago_label: str | None) -> Tile:
    lines = [f"{previous_label[:1].upper()}{previous_label[1:]}: {f.compare_text(f.previous)}"]
    if year_ago_label:
        lines.append(f"{year_ago_label[:1].upper()}{year_ago_label[1:]}: {f.compare_text(f.year_ago)}")
    if f.target is not None:
        lines.append(capital(f.verdict))
    return Tile(f.label, f.text, lines, f.status)


def plan(b: Briefing, pngs: dict[str, bytes], main_chart: dict[str, str]) -> list[Page]:
    """The pages of the pack; `main_chart`: area → the key of its main chart in `pngs`."""
    pages = [Page("title", b.title, b.span.label, lines=[
        ORG, f"Phạm vi: {b.scope_label}", f"Số liệu đến: {fmt_datetime(b.stamp_as_of)}",
        f"So sánh với {b.span.previous_label} ({b.previous.start:%d/%m} – {b.previous.end:%d/%m/%Y}) và cùng kỳ "
        f"năm trước ({b.year_ago.start:%d/%m} – {b.year_ago.end:%d/%m/%Y})",
        f"Lập lúc {fmt_datetime(b.generated_at)} — Bảng điều hành UBND tỉnh"])]
    pages += conclusions_pages(b)
    pages.append(Page("summary", "Tóm tắt tình hình", b.span.label,
                      sections=[(a.short_title, a.sentences) for a in b.areas]))
    for area in b.areas:
        pages += _area_pages(b, area, pngs.get(main_chart.get(area.key)))
    if b.follow_up:  # after the areas, before the vice-chairmen: as on the page
        pages.append(Page("agenda", "Theo dõi sau giao ban", b.span.label, tables=[(a, ROWS_MORE) for a in b.follow_up]))
    for section in b.leaders:
        pages.append(_leader_page(b, section))
    return pages


def conclusions_pages(b: Briefing) -> list[Page]:
    """The pack opens with the earlier briefings' conclusions and how they stand (SPEC §2.6), then this
    briefing's own conclusions when the Office has recorded any; no page when there is neither."""
    c = b.conclusions
    if c is None or not (c.previous.rows or c.this_week.rows):
        return []
    tables = [(c.previous, ROWS_CONCLUSIONS)] + ([(c.this_week, ROWS_CONCLUSIONS_OWN)] if c.this_week.rows else [])
    return [Page("conclusions", "Thực hiện kết luận giao ban", b.span.label, sentences=[c.sentence], tables=tables)]


def _area_pages(b: Briefing, area: AreaBriefing, png: bytes | None) -> list[Page]:
    main = next((a for a in area.agenda if a.key == MAIN_TABLE.get(area.key)), area.agenda[0] if area.agenda else None)
    others = [a for a in area.agenda if a is not main]
    tiles = [tile(f, area.previous_label, area.year_ago_label) for f in area.figures]
    pages = [Page("area", area.title, b.span.label, tiles=tiles, sentences=area.sentences, chart=png,
                  tables=[(main, ROWS_MAIN)] if main else [])]
    if others:
        pages.append(Page("agenda", f"{area.short_title}: danh sách cần xử lý", b.span.label,
                          tables=[(a, ROWS_MORE) for a in others]))
    return pages


def _leader_page(b: Briefing, s: LeaderSection) -> Page:
    sectors = "; ".join(s.sectors)
    subtitle = f"{b.span.label} · Lĩnh vực: {sectors}" if sectors else b.span.label
    return Page("leader", s.leader_name, subtitle, tiles=[tile(f, s.previous_label, None) for f in s.figures],
                sentences=s.sentences, tables=[(a, ROWS_LEADER) for a in s.agenda])


def table_note(agenda: Agenda, rows: int) -> str:
    shown = min(rows, len(agenda.rows))
    parts = [agenda.note] if agenda.note else []
    if agenda.total > shown:
        parts.append(f"Hiển thị {fmt_int(shown)}/{fmt_int(agenda.total)}; danh sách đầy đủ trên Bảng điều hành.")
    return " ".join(parts)


def image_size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as im:
        return im.size


def fit(png: bytes, box_w: float, box_h: float) -> tuple[float, float]:
    """The largest (w, h) with the image's aspect ratio inside the box."""
    w, h = image_size(png)
    scale = min(box_w / w, box_h / h)
    return w * scale, h * scale


def column_weights(columns: list[str], rows: list[list[str]], capacity: float = 100.0) -> list[float]:
    """Relative column widths for a table about `capacity` characters wide.

    Every column first gets its longest word (a date or a document number never breaks
    mid-word); what is left goes to the columns whose text is longer than that (task titles).
    """
    mins, wants = [], []
    for i, head in enumerate(columns):
        cells = [str(r[i]) for r in rows]
        longest_word = max(len(w) for text in [head, *cells] for w in (text.split() or [""]))
        mins.append(max(longest_word + 2.5, 5.0))
        wants.append(max(min(max((len(c) for c in cells), default=0) + 1.5, 60.0), mins[-1]))
    if sum(wants) <= capacity:
        widths = wants
    else:
        extra, room = capacity - sum(mins), sum(w - m for w, m in zip(wants, mins))
        widths = mins if extra <= 0 or room <= 0 else [m + extra * (w - m) / room for w, m in zip(wants, mins)]
    total = sum(widths)
    return [w / total for w in widths]
