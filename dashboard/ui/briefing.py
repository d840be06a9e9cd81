"""The Streamlit side of the weekly briefing (giao ban): the sections as widgets, the pack downloads and
projector mode. `pages/giao_ban.py` only wires these together; the briefing itself comes from the store
(one object built from ~60 queries, cached per data version, week and span, cut to the user's units).
"""
from __future__ import annotations

import os
from html import escape
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from data_access.clock import today_local
from data_access.conclusions import Conclusion, ConclusionRefused

from dashboard.ui import audit, session, store
from dashboard.ui.components import vega_lite_spec

from dashboard.render import layout, pack
from dashboard.briefing.model import Agenda, AreaBriefing, Briefing, BriefingInputError, Figure, LeaderSection, Span, \
    check_weeks, iso_week_text, last_full_week
from dashboard.core.compare import capital, change
from dashboard.core.formatting import fmt_datetime
from dashboard.core.safe import md
from dashboard.core.view import EARLIEST_DATE

DEFAULT_SECONDS = 20
MIN_SECONDS, MAX_SECONDS = 5, 600
WEEKS_OFFERED = 26



def load_briefing(week: str, weeks: int, min_resolved: int = 20) -> Briefing:
    """The briefing of the span for the user's units (cached in the store)."""
    return store.briefing(week, weeks, min_resolved)


def week_options(on: date | None = None, count: int = WEEKS_OFFERED) -> list[str]:
    """The last `count` full ISO weeks before `on` (today), newest first."""
    on = on or today_local()
    last_sunday = on - timedelta(days=on.weekday() + 1)
    out = []
    for i in range(count):
        iso = (last_sunday - timedelta(weeks=i)).isocalendar()
        out.append(iso_week_text(iso.year, iso.week))
    return out


def week_label(week: str) -> str:
    return Span.parse(week).label


def params(on: date | None = None) -> tuple[str, int, list[str]]:
    """(week, weeks, notes) from the query string `tuan` / `so_tuan`, defaulting to the last full week.

    Checked before any widget is built: a week that is malformed, before EARLIEST_DATE, beyond the
    calendar or not yet over (it would show a week that has not happened) gets a notice and the default.
    """
    on = on or today_local()
    q = st.query_params
    notes = []
    default = last_full_week(on)
    raw_weeks = q.get("so_tuan") or "1"
    try:
        weeks = check_weeks(int(raw_weeks))
    except (BriefingInputError, ValueError):
        notes.append(f"Số tuần “{raw_weeks[:20]}” không hợp lệ (1 hoặc 2) — đang hiển thị 1 tuần.")
        weeks = 1
    week = q.get("tuan") or default
    last_sunday = on - timedelta(days=on.weekday() + 1)
    try:
        span = Span.parse(week, weeks)
        period = span.period
        if period.end <= last_sunday:
            _ = span.previous, span.year_ago  # the comparisons must exist in the calendar too
    except BriefingInputError as exc:
        notes.append(f"{exc} Đang hiển thị tuần đầy đủ gần nhất.")
        return default, weeks, notes
    except (OverflowError, ValueError):
        notes.append(f"Tuần “{week[:20]}” nằm ngoài lịch có thể xem — đang hiển thị tuần đầy đủ gần nhất.")
        return default, weeks, notes
    if period.end > last_sunday:
        notes.append(f"Tuần {span.iso} chưa kết thúc — đang hiển thị tuần đầy đủ gần nhất ({default}).")
        return default, weeks, notes
    if period.start < EARLIEST_DATE:
        notes.append(f"Tuần {span.iso} trước ngày {EARLIEST_DATE:%d/%m/%Y}, không có số liệu — "
                     f"đang hiển thị tuần đầy đủ gần nhất ({default}).")
        return default, weeks, notes
    return week, weeks, notes


def projector_seconds() -> tuple[int, list[str]]:
    """Seconds per projector screen (`?giay=`, else BDH_PROJECTOR_SECONDS), held to MIN..MAX; notes if not."""
    raw = st.query_params.get("giay") or os.environ.get("BDH_PROJECTOR_SECONDS")
    if not raw:
        return DEFAULT_SECONDS, []
    try:
        asked = int(raw)
    except ValueError:
        return DEFAULT_SECONDS, [f"Số giây “{raw[:20]}” không hợp lệ — mỗi màn hình {DEFAULT_SECONDS} giây."]
    seconds = min(max(asked, MIN_SECONDS), MAX_SECONDS)
    if seconds != asked:
        return seconds, [f"Số giây mỗi màn hình phải từ {MIN_SECONDS} đến {MAX_SECONDS} — đang dùng {seconds} giây."]
    return seconds, []


# --- pieces ---------------------------------------------------------------------------------------

def figure_card(f: Figure, *, previous_label: str, year_ago_label: str | None, key: str,
                compact: bool = False) -> None:
    """One figure: value, change against the previous span, the same span a year ago, the target verdict.

    compact (projector): the change without its description, and only the target verdict below.
    """
    delta = change(f.value, f.previous, fmt=f.kind, higher_is_better=f.higher_is_better)
    with st.container(border=True, key=f"bb-{f.status or 'none'}-{key}"):
        st.metric(f.label, f.text, delta=delta.text, delta_color=delta.colour, delta_arrow=delta.arrow,
                  delta_description=f"so với {previous_label}" if delta.text and not compact else None)
        notes = []
        if year_ago_label and not compact:
            notes.append(f"{year_ago_label[:1].upper()}{year_ago_label[1:]}: {f.compare_text(f.year_ago)}")
        elif f.previous is not None and f.kind in ("rank", "pct") and not compact:
            notes.append(f"{previous_label[:1].upper()}{previous_label[1:]}: {f.compare_text(f.previous)}")
        if f.target is not None:
            notes.append(capital(f.verdict))
        st.caption("  \n".join(notes))


def figure_row(figures: list[Figure], *, previous_label: str, year_ago_label: str | None, key: str,
               per_row: int = 6, compact: bool = False) -> None:
    """The figures in rows of `per_row` cards. The meeting view draws each row as ONE HTML element
    (`cards_html`: a dozen Streamlit grids and metrics per area before, ~160 elements on the page); the
    projector keeps its Streamlit cards (`figure_card`), sized by its own CSS."""
    for start in range(0, len(figures), per_row):
        chunk = figures[start:start + per_row]
        if not compact:
            st.html(cards_html(chunk, previous_label=previous_label, year_ago_label=year_ago_label,
                               key=f"{key}-{start // per_row}"))
            continue
        for col, f in zip(st.columns(len(chunk)), chunk):
            with col:
                figure_card(f, previous_label=previous_label, year_ago_label=year_ago_label, key=f"{key}-{f.key}",
                            compact=compact)


_ARROWS = {"up": "↑", "down": "↓"}  # Streamlit's pill draws its arrow as an SVG icon, which st.html does not keep
CARDS_CSS = """<style>
.bdh-cards {display: grid; gap: 1rem; align-items: stretch; font-family: "Source Sans", sans-serif;
  color: rgb(29, 39, 51);}
.bdh-card {border: 1px solid rgba(29, 39, 51, 0.2); border-left: 6px solid %(none)s; border-radius: .5rem;
  padding: 15px; display: flex; flex-direction: column; gap: .25rem; min-width: 0;}
.bdh-card-good {border-left-color: %(good)s;} .bdh-card-warn {border-left-color: %(warn)s;}
.bdh-card-bad {border-left-color: %(bad)s;}
.bdh-card-label {font-size: 14px; font-weight: 600; line-height: 1.6; overflow-wrap: anywhere;}
.bdh-card-value {font-size: 2.1rem; line-height: 1.15; padding-bottom: 4px; overflow-wrap: anywhere;}
.bdh-card-delta {display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; font-size: 14px;}
.bdh-delta {display: inline-flex; align-items: center; gap: 2px; border-radius: 9999px; padding: 2px 6px 2px 4px;
  color: rgb(104, 98, 85); background: rgb(245, 244, 242);}
.bdh-delta-green {color: rgb(12, 90, 68); background: rgb(241, 251, 246);}
.bdh-delta-red {color: rgb(158, 48, 59); background: rgb(255, 241, 242);}
.bdh-card-note, .bdh-delta-note {font-size: 14px; color: rgba(29, 39, 51, 0.6); line-height: 1.45;}
.bdh-card-note {margin-top: auto; padding-top: .6rem;}
@media (max-width: 640px) {.bdh-cards {grid-template-columns: repeat(2, minmax(0, 1fr)) !important;}
  .bdh-card-value {font-size: 1.6rem;} .bdh-card {padding: .7rem;}}
</style>"""


def cards_html(figures: list[Figure], *, previous_label: str, year_ago_label: str | None, key: str) -> str:
    """A row of figure cards as one HTML element, looking like the Streamlit cards it replaces: label, value,
    the change against the previous span in a coloured pill with its arrow, then the same span a year ago
    (or the previous value) and the target verdict. Every text is escaped; the cards of the row end level."""
    from dashboard.core.palette import STATUS_COLORS
    from dashboard.ui.theme import EDGE_NONE
    css = CARDS_CSS % {"none": EDGE_NONE, "good": STATUS_COLORS["good"], "warn": STATUS_COLORS["warn"],
                       "bad": STATUS_COLORS["bad"]}
    out = [css, f'<div class="bdh-cards bdh-cards-{escape(key)}" style="grid-template-columns: '
                f'repeat({len(figures)}, minmax(0, 1fr));">']
    for f in figures:
        delta = change(f.value, f.previous, fmt=f.kind, higher_is_better=f.higher_is_better)
        notes = []
        if year_ago_label:
            notes.append(f"{year_ago_label[:1].upper()}{year_ago_label[1:]}: {f.compare_text(f.year_ago)}")
        elif f.previous is not None and f.kind in ("rank", "pct"):
            notes.append(f"{previous_label[:1].upper()}{previous_label[1:]}: {f.compare_text(f.previous)}")
        if f.target is not None:
            notes.append(capital(f.verdict))
        pill = ""
        if delta.text:
            arrow = f'<span aria-hidden="true">{_ARROWS[delta.arrow]}</span>' if delta.arrow in _ARROWS else ""
            pill = (f'<div class="bdh-card-delta"><span class="bdh-delta bdh-delta-{escape(delta.colour)}">{arrow}'
                    f'{escape(delta.text)}</span><span class="bdh-delta-note">so với {escape(previous_label)}'
                    '</span></div>')
        note = "<br>".join(escape(n) for n in notes)
        out.append(f'<div class="bdh-card bdh-card-{escape(f.status or "none")}" role="group" '
                   f'aria-label="{escape(f.label)}" data-figure="{escape(f.key)}">'
                   f'<div class="bdh-card-label">{escape(f.label)}</div>'
                   f'<div class="bdh-card-value">{escape(f.text)}</div>{pill}'
                   + (f'<div class="bdh-card-note">{note}</div>' if note else "") + "</div>")
    out.append("</div>")
    return "".join(out)


def sentences(lines: list[str]) -> None:
    if lines:
        st.markdown("\n".join(f"- {md(s)}" for s in lines))  # sentences quote unit names: text, not markup


def agenda_table(a: Agenda, *, rows: int | None = None, static: bool = False) -> None:
    st.markdown(f"**{a.title}**")
    shown = a.rows[:rows] if rows else a.rows
    if not shown:
        st.caption(a.empty_text)
        return
    df = pd.DataFrame(shown, columns=a.columns)
    if static:  # large type for the projector: st.table, which renders Markdown, so every text goes through md()
        st.table(literal_table(df).set_index(md(a.columns[0])))
    else:
        st.dataframe(df, hide_index=True, width="stretch")
    note = layout.table_note(a, len(shown))
    if note:
        st.caption(note)


def area_section(b: Briefing, area: AreaBriefing, chart_items: list[pack.ChartItem], *, key: str) -> None:
    st.subheader(area.title, anchor=False)
    figure_row(area.figures, previous_label=area.previous_label, year_ago_label=area.year_ago_label, key=key)
    sentences(area.sentences)
    main = next((i for i in chart_items if i.area == area.key and i.main), None)
    if main is not None:
        st.vega_lite_chart(spec=vega_lite_spec(main.chart), width="stretch", key=f"{key}-chart", alt=main.title)
    for a in area.agenda:  # the whole width: every column of the list fits a 1366 laptop
        agenda_table(a, rows=10)


def follow_up_section(b: Briefing) -> None:
    """Between two briefings (SPEC §2.6): the explanation requests overdue at the end of the span."""
    st.header("Theo dõi sau giao ban", anchor=False)
    for a in b.follow_up:
        agenda_table(a, rows=15, static=True)  # few rows of people's words: as text, every cell through md()


def leader_section(s: LeaderSection, *, key: str) -> None:
    st.subheader(md(s.leader_name), anchor=False)
    if s.sectors:
        st.caption("Lĩnh vực phụ trách: " + md("; ".join(s.sectors)))
    figure_row(s.figures, previous_label=s.previous_label, year_ago_label=None, key=key)
    sentences(s.sentences)
    agenda_table(s.agenda[0], rows=12)  # the whole width: every column of the list fits a 1366 laptop
    for a in s.agenda[1:]:
        agenda_table(a, rows=8)


# --- briefing conclusions ---------------------------------------------------------------------------

CONCLUSION_DUE_DAYS = 7  # the form's first guess for a due date: by the next briefing


def conclusions_follow_up(b: Briefing) -> None:
    """What the briefing opens with: the earlier briefings' conclusions and how they stand at the span's end."""
    c = b.conclusions
    if c is None:  # a briefing cached by a version without conclusions
        return
    st.header("Thực hiện kết luận giao ban", anchor=False)
    st.markdown(md(c.sentence))
    if c.previous.rows:  # with none, the sentence says so: no empty table under it saying it again
        agenda_table(c.previous)


def conclusions_of_this_briefing(b: Briefing) -> None:
    """This briefing's conclusions; for the Office, the form that records one more as a task."""
    if b.conclusions is None:
        return
    agenda_table(b.conclusions.this_week)
    access = session.current()
    if access is None or not access.user.is_admin:
        return
    today = today_local()
    if b.span.iso != last_full_week(today):
        st.caption(f"Kết luận được ghi cho phiên giao ban của tuần gần nhất ({week_label(last_full_week(today))}).")
        return
    conclusion_form(b.span.iso, today)


def conclusion_form(week: str, today: date) -> None:
    """Title, lead unit (of today), assigning leader, due date → one task of the briefing of `week`."""
    done = st.session_state.pop("_bb_kl_done", None)
    if done:
        st.success(md(done), icon=":material/task_alt:")
    units = store.unit_list(on=today)
    units = units[units["exists"]]
    unit_names = dict(zip(units["code"], units["name"]))
    leaders = store.leader_list()
    leader_names = dict(zip(leaders["code"], leaders["name"]))
    round_ = st.session_state.get("_bb_kl_round", 0)  # a new form (empty fields) after each recorded conclusion
    with st.form(f"bb-kl-{round_}", border=True):
        st.markdown("**Ghi kết luận của phiên giao ban**")
        title = st.text_area("Nội dung kết luận", max_chars=1000, key=f"bb-kl-title-{round_}")
        left, mid, right = st.columns([5, 4, 2])
        unit = left.selectbox("Cơ quan chủ trì", list(unit_names), index=None, format_func=unit_names.get,
                              placeholder="Chọn đơn vị", key=f"bb-kl-unit-{round_}")
        leader = mid.selectbox("Lãnh đạo giao", list(leader_names), index=0 if leader_names else None,
                               format_func=leader_names.get, key=f"bb-kl-leader-{round_}")
        due = right.date_input("Hạn xử lý", value=today + timedelta(days=CONCLUSION_DUE_DAYS), format="DD/MM/YYYY",
                               key=f"bb-kl-due-{round_}")
        st.caption(f"Kết luận được ghi thành nhiệm vụ, văn bản giao «Kết luận giao ban tuần {week}», ngày giao "
                   f"{today:%d/%m/%Y}; nhiệm vụ được tính trong số liệu nhiệm vụ như mọi nhiệm vụ khác.")
        submitted = st.form_submit_button("Ghi kết luận", type="primary", icon=":material/add_task:")
    if not submitted:
        return
    try:
        task_id = store.record_conclusion(Conclusion(week, title, unit or "", due, leader or ""))
    except ConclusionRefused as refused:
        st.error("**Chưa ghi kết luận.** " + md(" ".join(refused.problems)), icon=":material/error:")
        return
    except (store.NotAllowed, store.DatabaseUnavailable) as exc:
        st.error(md(str(exc)), icon=":material/error:")
        return
    st.session_state["_bb_kl_done"] = f"Đã ghi kết luận {task_id} giao {unit_names[unit]}, hạn {due:%d/%m/%Y}."
    st.session_state["_bb_kl_round"] = round_ + 1
    st.rerun()


# --- the pack -----------------------------------------------------------------------------------

@st.fragment
def pack_downloads(b: Briefing) -> None:
    """One click builds the PPTX, the PDF and the ZIP with a progress bar (each chart drawn once for the
    three, by the drawing workers); then three download buttons.

    A fragment: the click reruns this part alone, not the page around it (its lists, charts and cards).
    The pack built for this briefing is kept in the session: a second click hands out the same files."""
    from dashboard.render import vega_worker
    vega_worker.warm()  # the workers start (once per server) while the reader looks at the page
    built = st.session_state.setdefault("_bb_pack", {})
    key = (b.span.iso, b.span.weeks, b.generated_at.isoformat(), b.scope_label)
    if st.button("Tải bộ tài liệu giao ban", icon=":material/download:", type="primary", key="bb-make"):
        with st.status("Đang tạo bộ tài liệu giao ban…", expanded=True) as status:
            files = built.get(key)
            if files is None:
                bar = st.progress(0.0, text="Bắt đầu")
                # from the briefing the page already shows: no query is run again
                files = pack.build_pack(b, pack.FORMATS,
                                        lambda share, message: bar.progress(min(share, 1.0), text=message))
            status.update(label="Đã tạo xong bộ tài liệu giao ban", state="complete", expanded=False)
        built.clear()
        built[key] = files
        audit.record("briefing_pack", {"tuan": b.span.iso, "so_tuan": b.span.weeks, "pham_vi": b.scope_label,
                                        "dinh_dang": list(files)})
    files = built.get(key)
    if not files:
        st.caption("Bộ tài liệu gồm bản trình chiếu PowerPoint (16:9), bản PDF khổ A4 ngang và tệp ZIP "
                   "chứa mọi biểu đồ dạng PNG và SVG.")
        return
    labels = {"pptx": ("PowerPoint (PPTX)", ":material/slideshow:"), "pdf": ("PDF (A4 ngang)", ":material/picture_as_pdf:"),
              "zip": ("Biểu đồ (ZIP: PNG, SVG)", ":material/folder_zip:")}
    for col, fmt in zip(st.columns(len(pack.FORMATS)), pack.FORMATS):
        label, icon = labels[fmt]
        col.download_button(f"Tải {label}", data=files[fmt], file_name=pack.file_name(b, fmt), mime=pack.MIME[fmt],
                            on_click="ignore", icon=icon, key=f"bb-dl-{fmt}")


def literal_table(df: pd.DataFrame) -> pd.DataFrame:
    """The table with every text cell and header escaped for `st.table`, which renders cells as Markdown
    (imported titles like `![i](http://…)` would otherwise fetch an outside address)."""
    return df.rename(columns=md).map(lambda v: md(v) if isinstance(v, str) else v)


# --- projector ---------------------------------------------------------------------------------

PROJECTOR_TEXT_PX = 20  # the smallest chart text on a projector screen
PROJECTOR_TITLE_PX = 26
PROJECTOR_PAR_LOWEST = 7  # eight two-line names at 20 px came to 1 107 px
# Where a projector screen puts its lists, in the table type of `theme.PROJECTOR_CSS` (1,15 rem of 22 px, a
# one-line row about 52 px high with its padding) at 1920 × 1080: beside the chart on an area screen, and the
# whole screen under its heading on the next ones. On the safe side: `st.table` sizes its columns itself, so a
# row may wrap a little more than `layout.row_lines` thinks.
PROJECTOR_LINE_PX = 34
# Measured on the projector's screens at 1920 × 1080 (test_browser_projector's screenshots): where the lists start.
# The table type is Source Sans at 1,15 rem of 22 px, 10,7–12,1 px a character (`core.text_width`), but `st.table`
# sizes its columns itself and gives a long title column less than its share: at 12,5 px a character a list of
# three-line titles came out 1 337 px tall, so a character is still counted 14,5 px (16,5 in a half-width column).
PROJECTOR_BOTTOM_PX = 1080 - 45  # the screen's foot, less the page's bottom padding and the table's border
PROJECTOR_AREA_LIST_TOP_PX = 585  # beside the chart, under the caption, heading and figure cards
PROJECTOR_LIST_TOP_PX = 175  # a continuation screen: under its caption and heading
PROJECTOR_LEADER_CARDS_BOTTOM_PX = 600  # a leader's screen: the foot of its figure cards
PROJECTOR_SENTENCE_LINE_PX = 49  # one line of a sentence (1,45 rem of 22 px, line-height 1,35, its margin)
PROJECTOR_SENTENCE_CHARS = 125  # characters a sentence line holds across the screen


def _projector_box(width_px: float, height_px: float, px_per_char: float) -> layout.Box:
    return layout.Box(chars=width_px / px_per_char, lines=height_px / PROJECTOR_LINE_PX,
                      row_pad=18 / PROJECTOR_LINE_PX, col_pad=2.0, title_chars=width_px / 19,
                      title_line=44 / PROJECTOR_LINE_PX, note_chars=width_px / 14, note_line=30 / PROJECTOR_LINE_PX,
                      spacing=16 / PROJECTOR_LINE_PX)


PROJECTOR_AREA_BOX = _projector_box(860, PROJECTOR_BOTTOM_PX - PROJECTOR_AREA_LIST_TOP_PX, 16.5)
PROJECTOR_LIST_BOX = _projector_box(1820, PROJECTOR_BOTTOM_PX - PROJECTOR_LIST_TOP_PX, 14.5)
PROJECTOR_UNDER_SENTENCE = 0.85  # of the list box, on a screen whose lists have a sentence above them


LEADER_MIN_ROWS = 2  # a leader's list starts under the sentences when this many of its rows fit there


def _leader_box(sentences: list[str]) -> layout.Box | None:
    """The room under a leader's figures and sentences, for the first rows of their lists (None: none left)."""
    lines = sum(layout.wrapped_lines(s, PROJECTOR_SENTENCE_CHARS) for s in sentences)
    top = PROJECTOR_LEADER_CARDS_BOTTOM_PX + lines * PROJECTOR_SENTENCE_LINE_PX + 16
    room = PROJECTOR_BOTTOM_PX - top
    return _projector_box(1820, room, 14.5) if room > 3 * PROJECTOR_LINE_PX else None


@dataclass(frozen=True)
class Screen:
    """One projector screen: the summary, an area (with the first rows of its lists), a leader's section,
    or the next rows of their lists (`label` "2b", "2c"…)."""

    kind: str  # conclusions | summary | area | follow_up | leader | lists
    key: str
    label: str
    parts: tuple[layout.Part, ...] = ()
    title: str = ""


def projector_screens(b: Briefing) -> list[Screen]:
    """Every screen the projector rotates through. A list never is cut: the rows that do not fit go on on
    the next screens, "2a" → "2b" → "2c" (any list of the briefing model, however long). The rotation opens
    with the earlier briefings' conclusions when there are any (SPEC §2.6); an area's screen has its main
    list beside the chart; the overdue explanation requests follow the areas; a leader's screen has
    its figures and sentences, and the first rows of its lists under them when at least two fit there."""
    c = b.conclusions
    sections = [("conclusions", "", "Thực hiện kết luận giao ban", [c.previous])] if c and c.previous.rows else []
    sections.append(("summary", "", b.title, []))
    sections += [("area", a.key, a.title, a.agenda) for a in b.areas]
    if any(a.rows for a in b.follow_up):
        sections.append(("follow_up", "", "Theo dõi sau giao ban", b.follow_up))
    sections += [("leader", s.leader, s.leader_name, s.agenda) for s in b.leaders]
    screens = []
    for number, (kind, key, title, agenda) in enumerate(sections, start=1):
        if kind == "summary":
            screens.append(Screen("summary", "", str(number)))
            continue
        if kind == "area":
            pages = layout.flow(list(agenda), PROJECTOR_AREA_BOX, PROJECTOR_LIST_BOX) if agenda else [[]]
        elif kind == "leader":  # the first rows under the figures and sentences when 2 of them fit there
            box = _leader_box(next(s for s in b.leaders if s.leader == key).sentences) if agenda else None
            pages = layout.flow(list(agenda), box or PROJECTOR_LIST_BOX, PROJECTOR_LIST_BOX) if agenda else [[]]
            if box is None or (pages[0] and pages[0][0].stop - pages[0][0].start < min(LEADER_MIN_ROWS,
                                                                                     len(agenda[0].rows))):
                pages = [[], *layout.flow(list(agenda), PROJECTOR_LIST_BOX, PROJECTOR_LIST_BOX)]
        else:  # lists under a heading (the conclusions' with its sentence above them)
            pages = layout.flow(list(agenda), PROJECTOR_LIST_BOX, PROJECTOR_LIST_BOX, room=PROJECTOR_UNDER_SENTENCE)
        pages = [pages[0], *[p for p in pages[1:] if p]]
        labels = [f"{number}{chr(ord('a') + i)}" for i in range(len(pages))] if len(pages) > 1 else [str(number)]
        screens.append(Screen(kind, key, labels[0], tuple(pages[0]), title))
        screens += [Screen("lists", key, label, tuple(p), title) for label, p in zip(labels[1:], pages[1:])]
    return screens


_TEXT_SIZES = ("fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize")
_LINE_SIZES = ("lineHeight", "labelLineHeight")


def projector_spec(chart) -> dict:
    """The chart's Vega-Lite spec grown for a projector: every text at least PROJECTOR_TEXT_PX (titles
    PROJECTOR_TITLE_PX), and what is spaced by the text — line heights, the offset of two-line names, the
    room of each bar, the label width limits — grown in step, so labels that did not overlap still do not."""
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    grow = PROJECTOR_TEXT_PX / 13  # the house text is 13 px (palette.FONT_SIZE)
    room = 1.45  # a bar's room and a line's height grow a little less: 10 two-line names still fit the screen

    def walk(node, parent_key=""):
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                if k in _TEXT_SIZES and isinstance(v, (int, float)):
                    floor = PROJECTOR_TITLE_PX if parent_key == "title" and k == "fontSize" else PROJECTOR_TEXT_PX
                    out[k] = max(round(v * grow), floor)
                elif k in _LINE_SIZES + ("step",) and isinstance(v, (int, float)):
                    out[k] = round(v * room)
                elif k == "labelLimit" and isinstance(v, (int, float)):
                    out[k] = round(v * grow)
                elif k == "labelOffset":
                    out[k] = _grow_numbers(v, room)
                else:
                    out[k] = walk(v, k)
            return out
        if isinstance(node, list):
            return [walk(v, parent_key) for v in node]
        return node

    spec = walk(spec)
    title = spec.get("title")
    if isinstance(title, dict) and isinstance(title.get("text"), list):  # broken for a phone; one line fits here
        title["text"] = " ".join(title["text"])
    # the config's defaults: axes, legends and marks without a size of their own
    config = spec.setdefault("config", {})
    for part in ("axis", "legend", "header"):
        for k in ("labelFontSize", "titleFontSize"):
            config.setdefault(part, {})[k] = max(config.get(part, {}).get(k, 0), PROJECTOR_TEXT_PX)
    config.setdefault("text", {})["fontSize"] = max(config.get("text", {}).get("fontSize", 0), PROJECTOR_TEXT_PX)
    config.setdefault("title", {})["fontSize"] = max(config.get("title", {}).get("fontSize", 0), PROJECTOR_TITLE_PX)
    return spec


def _grow_numbers(node, grow: float):
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        return round(node * grow)
    if isinstance(node, dict):
        return {k: _grow_numbers(v, grow) if k == "value" or isinstance(v, dict) else v for k, v in node.items()}
    return node


def projector_table(part: layout.Part) -> None:
    """A part of a list in large type (st.table renders Markdown, so every text goes through md())."""
    st.markdown(f"**{md(part.title)}**")
    if not part.rows:
        st.caption(part.agenda.empty_text)
        return
    df = pd.DataFrame(part.rows, columns=part.agenda.columns)
    st.table(literal_table(df).set_index(md(part.agenda.columns[0])))
    note = layout.table_note(part.agenda, len(part.agenda.rows)) if part.last else ""
    if note:
        st.caption(note)


def projector_screen(b: Briefing, chart_items: list[pack.ChartItem], index: int, seconds: int) -> None:
    screens = projector_screens(b)
    screen = screens[index % len(screens)]
    st.caption(f"{b.title} · {b.span.label} · Số liệu đến: {fmt_datetime(b.stamp_as_of)} · "
               f"Màn hình {screen.label} ({index % len(screens) + 1}/{len(screens)}) · tự chuyển sau {seconds} giây")
    if screen.kind == "conclusions":
        st.title(b.title, anchor=False)
        st.header(screen.title, anchor=False)
        sentences([b.conclusions.sentence])
        for part in screen.parts:
            projector_table(part)
    elif screen.kind == "follow_up":
        st.header(screen.title, anchor=False)
        for part in screen.parts:
            projector_table(part)
    elif screen.kind == "summary":
        st.title(b.title, anchor=False)
        half = (len(b.areas) + 1) // 2
        for col, areas in zip(st.columns(2, gap="large"), (b.areas[:half], b.areas[half:])):
            with col:
                for area in areas:
                    st.subheader(area.short_title, anchor=False)
                    sentences(area.sentences)
    elif screen.kind == "area":
        area = b.area(screen.key)
        st.header(area.title, anchor=False)
        st.caption(f"Mũi tên: thay đổi so với {area.previous_label}")
        figure_row(area.figures, previous_label=area.previous_label, year_ago_label=area.year_ago_label,
                   key=f"pj-{screen.key}", compact=True)
        main = next((i for i in chart_items if i.area == screen.key and i.main), None)
        left, right = st.columns([1, 1], gap="large")
        with left:
            chart = (pack.par_chart(b, "department", lowest=PROJECTOR_PAR_LOWEST)[1] if screen.key == "par"
                     else main.chart if main else None)
            if chart is not None:  # PAR: the lowest departments only, so the whole chart fits the screen
                st.vega_lite_chart(projector_spec(chart), width="stretch", theme=None, key=f"pj-chart-{screen.key}",
                                   alt=area.title)
        with right:  # the area's sentences are on the summary screen
            for part in screen.parts:
                projector_table(part)
    elif screen.kind == "leader":
        section = next(s for s in b.leaders if s.leader == screen.key)
        st.header(md(section.leader_name), anchor=False)
        st.caption(f"Mũi tên: thay đổi so với {section.previous_label}")
        figure_row(section.figures, previous_label=section.previous_label, year_ago_label=None,
                   key=f"pj-{screen.key}", compact=True)
        sentences(section.sentences)
        for part in screen.parts:  # the first rows of the lists, when they fit under the sentences
            projector_table(part)
    else:
        st.header(f"{md(screen.title)} {layout.CONTINUED}", anchor=False)
        for part in screen.parts:
            projector_table(part)
