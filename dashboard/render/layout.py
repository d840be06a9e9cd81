"""The pack's pages: a list of `Page`s (title, summary, one page per area with its headline figures,
sentences, main chart and main list, continuation pages with its other lists, a page per vice-chairman and
its continuations). Each writer (PPTX, PDF) gets the pages laid out for its own paper: the same sections in
the same order, a long list split where that writer's page is full.

No list is cut: `flow` measures every row in the writer's table text (its `Boxes`) and carries what does not
fit to the next page, "(tiếp theo)". Any list of the model (`AreaBriefing.agenda`, `LeaderSection.agenda`)
flows this way, whatever its length."""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from PIL import Image

from dashboard.briefing.model import Agenda, AreaBriefing, Briefing, Figure, LeaderSection
from dashboard.core.compare import capital
from dashboard.core.formatting import fmt_datetime, fmt_int

MAIN_TABLE = {"tasks": "tasks_became_overdue", "dossiers": "dossiers_lowest_on_time",
              "petitions": "petitions_overdue_by_unit", "par": "par_standing"}
ORG = "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
CONTINUED = "(tiếp theo)"


# --- the pages -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    lines: list[str]
    status: str | None


@dataclass(frozen=True)
class Part:
    """The rows `start:stop` of one list: a list too long for its page goes on over the next pages."""

    agenda: Agenda
    start: int
    stop: int

    @property
    def rows(self) -> list[list[str]]:
        return self.agenda.rows[self.start:self.stop]

    @property
    def title(self) -> str:
        return f"{self.agenda.title} {CONTINUED}" if self.start else self.agenda.title

    @property
    def last(self) -> bool:
        """The list's last part: the one that carries its note."""
        return self.stop >= len(self.agenda.rows)


@dataclass
class Page:
    kind: str  # title | conclusions | summary | area | agenda | leader
    title: str
    subtitle: str = ""
    tiles: list[Tile] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # the summary page
    chart: bytes | None = None
    tables: list[Part] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the title page


@dataclass(frozen=True)
class Box:
    """Where a page puts its lists, measured in the writer's own table text: `chars` characters across,
    `lines` text lines down. A row takes its most wrapped cell's lines plus `row_pad`; `col_pad` characters
    of every cell are padding. A list's title wraps at `title_chars` characters, each of its lines
    `title_line` table lines high; its note likewise (`note_chars`, `note_line`); `spacing` table lines go
    under the title and under the table."""

    chars: float
    lines: float
    row_pad: float
    col_pad: float
    title_chars: float
    title_line: float
    note_chars: float
    note_line: float
    spacing: float


def wrapped_lines(text: str, chars: float) -> int:
    """How many lines `text` wraps to at `chars` characters a line (word wrap; a longer word breaks)."""
    per_line = max(int(chars), 1)
    lines, used = 1, 0
    for word in str(text).split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
        while used > per_line:  # a word longer than the line breaks where it must
            lines, used = lines + 1, used - per_line
    return lines


def row_lines(agenda: Agenda, box: Box) -> list[float]:
    """The height in lines of the header row and of every row of `agenda` in `box`."""
    weights = column_weights(agenda.columns, agenda.rows or [agenda.columns],
                             capacity=box.chars - box.col_pad * len(agenda.columns))
    return [max(wrapped_lines(v, w * box.chars - box.col_pad) for v, w in zip(values, weights)) + box.row_pad
            for values in [agenda.columns, *agenda.rows]]


def _around(agenda: Agenda, start: int, box: Box) -> float:
    """The lines a list's part takes besides its rows: its title, its header row, its note (counted on
    every part, so a part that turns out to be the last still has room for it) and the spacing."""
    title = Part(agenda, start, start).title
    note = table_note(agenda, len(agenda.rows))
    return (wrapped_lines(title, box.title_chars) * box.title_line + row_lines(agenda, box)[0] + 2 * box.spacing
            + (wrapped_lines(note, box.note_chars) * box.note_line if note else 0))


def _rows_that_fit(agenda: Agenda, start: int, room: float, box: Box) -> int:
    """How many rows from `start` fit in `room` (a share of the box's height) with their title, header
    and note."""
    heights = row_lines(agenda, box)
    left = room * box.lines - _around(agenda, start, box)
    n = 0
    while start + n < len(agenda.rows) and heights[1 + start + n] <= left:
        left -= heights[1 + start + n]
        n += 1
    return n


def _share(agenda: Agenda, start: int, stop: int, box: Box) -> float:
    """The share of the box's height the rows `start:stop` take with their title, header and note."""
    return (_around(agenda, start, box) + sum(row_lines(agenda, box)[1 + start:1 + stop])) / box.lines


GAP = 0.03  # between two lists on one page, as a share of the box's height
MIN_ROWS = 3  # a list does not start at a page's foot with fewer rows than this: it starts on the next page


def fresh(room: float, page: list) -> bool:
    """A whole empty page: a row that does not fit here fits nowhere."""
    return room >= 1.0 and not page


def flow(agendas: list[Agenda], first: Box, rest: Box, room: float = 1.0) -> list[list[Part]]:
    """The lists placed one under the other, page after page: in the `first` box on the first page (of which
    `room` is left, as a share of its height), in the `rest` box on the next ones. A list that does not fit
    goes on, from the row where it stopped, on the next page: no row is left out. An empty list takes its
    title and one line."""
    pages: list[list[Part]] = [[]]
    box = first
    for agenda in agendas:
        start = 0
        while True:
            if not agenda.rows:
                need = _around(agenda, 0, box) / box.lines
                if need > room and not fresh(room, pages[-1]):
                    pages.append([])
                    box, room = rest, 1.0
                pages[-1].append(Part(agenda, 0, 0))
                room -= need + GAP
                break
            n = _rows_that_fit(agenda, start, room, box)
            if n < min(MIN_ROWS, len(agenda.rows) - start) and not fresh(room, pages[-1]):
                pages.append([])
                box, room = rest, 1.0
                continue
            n = max(n, 1)  # a row taller than a whole page still goes somewhere
            pages[-1].append(Part(agenda, start, start + n))
            room -= _share(agenda, start, start + n, box) + GAP
            start += n
            if start >= len(agenda.rows):
                break
            pages.append([])
            box, room = rest, 1.0
    return pages


def tile(f: Figure, previous_label: str, year_ago_label: str | None) -> Tile:
    lines = [f"{previous_label[:1].upper()}{previous_label[1:]}: {f.compare_text(f.previous)}"]
    if year_ago_label:
        lines.append(f"{year_ago_label[:1].upper()}{year_ago_label[1:]}: {f.compare_text(f.year_ago)}")
    if f.target is not None:
        lines.append(capital(f.verdict))
    return Tile(f.label, f.text, lines, f.status)


@dataclass(frozen=True)
class Boxes:
    """The boxes of one writer: beside the chart of an area page, under a leader page's figures, and the
    whole body of a continuation page."""

    area: Box
    leader: Box
    agenda: Box


def plan(b: Briefing, pngs: dict[str, bytes], main_chart: dict[str, str], boxes: Boxes) -> list[Page]:
    """The pages of one writer of the pack (`boxes`: where its pages put lists); `main_chart`: area → the key
    of its main chart in `pngs`. The PPTX and the PDF have the same sections in the same order; a long list
    may take one continuation page more on a slide than on A4."""
    pages = [Page("title", b.title, b.span.label, lines=[
        ORG, f"Phạm vi: {b.scope_label}", f"Số liệu đến: {fmt_datetime(b.stamp_as_of)}",
        f"So sánh với {b.span.previous_label} ({b.previous.start:%d/%m} – {b.previous.end:%d/%m/%Y}) và cùng kỳ "
        f"năm trước ({b.year_ago.start:%d/%m} – {b.year_ago.end:%d/%m/%Y})",
        f"Lập lúc {fmt_datetime(b.generated_at)} — Bảng điều hành UBND tỉnh"])]
    pages += conclusions_pages(b, boxes)
    pages.append(Page("summary", "Tóm tắt tình hình", b.span.label,
                      sections=[(a.short_title, a.sentences) for a in b.areas]))
    for area in b.areas:
        pages += _area_pages(b, area, pngs.get(main_chart.get(area.key)), boxes)
    if any(a.rows for a in b.follow_up):  # after the areas, before the vice-chairmen: as on the page
        pages += _continued("Theo dõi sau giao ban", b.span.label, flow(list(b.follow_up), boxes.agenda, boxes.agenda),
                            suffix="")
    for section in b.leaders:
        pages += _leader_pages(b, section, boxes)
    return pages


UNDER_SENTENCE = 0.88  # of a continuation page's box, left for lists under a line of text


def conclusions_pages(b: Briefing, boxes: Boxes) -> list[Page]:
    """The pack opens with the earlier briefings' conclusions and how they stand (SPEC §2.6), then this
    briefing's own conclusions when the Office has recorded any; no page when there is neither. The
    lists flow on over the next pages like every other list."""
    c = b.conclusions
    if c is None or not (c.previous.rows or c.this_week.rows):
        return []
    lists = [c.previous] + ([c.this_week] if c.this_week.rows else [])
    parts = flow(lists, boxes.agenda, boxes.agenda, room=UNDER_SENTENCE)
    title = "Thực hiện kết luận giao ban"
    first = Page("conclusions", title, b.span.label, sentences=[c.sentence], tables=parts[0])
    return [first, *_continued(title, b.span.label, [p for p in parts[1:] if p], suffix="")]


def _continued(title: str, subtitle: str, parts: list[list[Part]], suffix: str = ": danh sách cần xử lý") -> list[Page]:
    return [Page("agenda", f"{title}{suffix}", subtitle, tables=p) for p in parts]


def _area_pages(b: Briefing, area: AreaBriefing, png: bytes | None, boxes: Boxes) -> list[Page]:
    """The area page (figures, sentences, chart and its main list beside it), then its other lists, which
    start under the main list's last rows when it went on over a page, else on a page of their own."""
    main = next((a for a in area.agenda if a.key == MAIN_TABLE.get(area.key)), area.agenda[0] if area.agenda else None)
    others = [a for a in area.agenda if a is not main]
    tiles = [tile(f, area.previous_label, area.year_ago_label) for f in area.figures]
    first = flow([main], boxes.area, boxes.agenda) if main else [[]]
    more = first[1:]
    if others:
        left = 1.0 - sum(_share(p.agenda, p.start, p.stop, boxes.agenda) + GAP for p in more[-1]) if more else 1.0
        rest = flow(others, boxes.agenda, boxes.agenda, room=left)
        more = more[:-1] + [more[-1] + rest[0]] + rest[1:] if more else rest
    page = Page("area", area.title, b.span.label, tiles=tiles, sentences=area.sentences, chart=png, tables=first[0])
    return [page, *_continued(area.short_title, b.span.label, [p for p in more if p])]


def _leader_pages(b: Briefing, s: LeaderSection, boxes: Boxes) -> list[Page]:
    sectors = "; ".join(s.sectors)
    subtitle = f"{b.span.label} · Lĩnh vực: {sectors}" if sectors else b.span.label
    parts = flow(s.agenda, boxes.leader, boxes.agenda)
    first = Page("leader", s.leader_name, subtitle, tiles=[tile(f, s.previous_label, None) for f in s.figures],
                 sentences=s.sentences, tables=parts[0])
    return [first, *_continued(s.leader_name, b.span.label, [p for p in parts[1:] if p])]


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
