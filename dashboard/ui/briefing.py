"""The Streamlit side of the weekly briefing (giao ban): the sections as widgets, the pack downloads and
projector mode. `pages/giao_ban.py` only wires these together; the briefing itself comes from the store
(one object built from ~60 queries, cached per data version, week and span, cut to the user's units).
"""
from __future__ import annotations

import os
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
    for start in range(0, len(figures), per_row):
        chunk = figures[start:start + per_row]
        for col, f in zip(st.columns(len(chunk)), chunk):
            with col:
                figure_card(f, previous_label=previous_label, year_ago_label=year_ago_label, key=f"{key}-{f.key}",
                            compact=compact)


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

def pack_downloads(b: Briefing) -> None:
    """One click builds the PPTX, the PDF and the ZIP with a progress bar; then three download buttons."""
    built = st.session_state.setdefault("_bb_pack", {})
    key = (b.span.iso, b.span.weeks, b.generated_at.isoformat())
    if st.button("Tải bộ tài liệu giao ban", icon=":material/download:", type="primary", key="bb-make"):
        with st.status("Đang tạo bộ tài liệu giao ban…", expanded=True) as status:
            bar = st.progress(0.0, text="Bắt đầu")
            files = {}
            for i, fmt in enumerate(pack.FORMATS):
                def progress(share: float, message: str, i=i) -> None:
                    bar.progress(min((i + share) / len(pack.FORMATS), 1.0), text=message)
                files[fmt] = pack.write(b, fmt, progress)
            bar.progress(1.0, text="Xong")
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


# --- projector ------------------------------------------------------------------------------------

def projector_sections(b: Briefing) -> list[tuple[str, str]]:
    """(kind, key) of each screen the projector rotates through."""
    opening = [("conclusions", "")] if b.conclusions is not None and b.conclusions.previous.rows else []
    return [*opening, ("summary", ""), *[("area", a.key) for a in b.areas],
            *([("follow_up", "")] if any(a.rows for a in b.follow_up) else []), *[("leader", s.leader) for s in b.leaders]]


def projector_chart(chart):
    """The same chart with axis, legend and title type sized for a projector."""
    try:
        return (chart.configure_axis(labelFontSize=19, titleFontSize=19, labelLimit=560)
                .configure_legend(labelFontSize=19).configure_title(fontSize=26, subtitleFontSize=18))
    except AttributeError:  # not an Altair chart object
        return chart


def projector_screen(b: Briefing, chart_items: list[pack.ChartItem], index: int, seconds: int) -> None:
    screens = projector_sections(b)
    kind, key = screens[index % len(screens)]
    st.caption(f"{b.title} · {b.span.label} · Số liệu đến: {fmt_datetime(b.stamp_as_of)} · "
               f"Màn hình {index % len(screens) + 1}/{len(screens)} · tự chuyển sau {seconds} giây")
    if kind == "conclusions":
        st.title(b.title, anchor=False)
        st.header("Thực hiện kết luận giao ban", anchor=False)
        sentences([b.conclusions.sentence])
        agenda_table(b.conclusions.previous, rows=8, static=True)
    elif kind == "summary":
        st.title(b.title, anchor=False)
        half = (len(b.areas) + 1) // 2
        for col, areas in zip(st.columns(2, gap="large"), (b.areas[:half], b.areas[half:])):
            with col:
                for area in areas:
                    st.subheader(area.short_title, anchor=False)
                    sentences(area.sentences)
    elif kind == "area":
        area = b.area(key)
        st.header(area.title, anchor=False)
        st.caption(f"Mũi tên: thay đổi so với {area.previous_label}")
        figure_row(area.figures, previous_label=area.previous_label, year_ago_label=area.year_ago_label,
                   key=f"pj-{key}", compact=True)
        main = next((i for i in chart_items if i.area == key and i.main), None)
        left, right = st.columns([1, 1], gap="large")
        with left:
            chart = pack.par_chart(b, "department", lowest=8)[1] if key == "par" else main.chart if main else None
            if chart is not None:  # PAR: the eight lowest departments, so the whole chart fits the screen
                st.altair_chart(projector_chart(chart), width="stretch", key=f"pj-chart-{key}", alt=area.title)
        with right:
            sentences(area.sentences[:2])
            first = next(iter(area.agenda), None)
            if first is not None:
                agenda_table(first, rows=4, static=True)
    elif kind == "follow_up":
        st.header("Theo dõi sau giao ban", anchor=False)
        for a in b.follow_up:
            agenda_table(a, rows=6, static=True)
    else:
        section = next(s for s in b.leaders if s.leader == key)
        st.header(md(section.leader_name), anchor=False)
        st.caption(f"Mũi tên: thay đổi so với {section.previous_label}")
        figure_row(section.figures, previous_label=section.previous_label, year_ago_label=None, key=f"pj-{key}",
                   compact=True)
        sentences(section.sentences[:3])
        agenda_table(section.agenda[0], rows=3, static=True)
