"""Giao ban — what changed this week, and what must the meeting deal with?

The chosen ISO week (default the last full one) or two weeks: per area the headline figures against
the previous span, the same span a year ago and the targets, the sentences, the exceptions agenda;
a section per Vice-Chairman; the briefing pack in one click. It opens with how the earlier briefings'
conclusions stand and closes with this briefing's own, which the Office records here as tasks.
`?trinh_chieu=1` is projector mode: no chrome, large type, one section per screen, rotating every
`?giay=` seconds, data kept fresh.
"""
import streamlit as st

from dashboard.ui import auth
from dashboard.ui import briefing as ui
from dashboard.ui import theme
from dashboard.ui import store
from dashboard.render import pack
from dashboard.core.formatting import fmt_datetime
from dashboard.ui.frame import database_down, page_setup
from dashboard.core.safe import md

PROJECTOR = st.query_params.get("trinh_chieu") == "1"
# the briefing is built for the user's units only (see store.briefing)
page_setup("Giao ban", css=theme.PAGE_CSS + theme.CARD_CSS + (theme.PROJECTOR_CSS if PROJECTOR else ""),
           icon=":material/co_present:", initial_sidebar_state="collapsed" if PROJECTOR else "auto")

week, weeks, notes = ui.params()

if PROJECTOR:
    seconds, seconds_notes = ui.projector_seconds()
    for note in notes + seconds_notes:  # a bad `tuan` says so here too, not only on the meeting view
        st.warning(md(note), icon=":material/warning:")

    @st.fragment(run_every=seconds)
    def rotate():
        """Each tick: the session first (logout, expiry, a disabled account end the show at once), then
        the data version (new data shows at once), then the next screen."""
        if not auth.session_still_live():
            st.rerun()  # the whole page: the login form, and no more ticks
        try:
            b = ui.load_briefing(week, weeks)
        except store.DatabaseUnavailable as exc:  # keep ticking: the screen comes back with the database
            st.error(f"**Không đọc được số liệu.** {exc}", icon=":material/cloud_off:")
            return
        index = st.session_state.get("_bb_screen", -1) + 1
        st.session_state["_bb_screen"] = index
        ui.projector_screen(b, pack.briefing_charts(b), index, seconds)

    rotate()
    st.stop()

# --- the meeting view -----------------------------------------------------------------------------
title_slot, caption_slot = st.empty(), st.empty()
options = ui.week_options()
if week not in options:
    options.insert(0, week)
left, mid, right = st.columns([3, 2, 3])
week = left.selectbox("Tuần giao ban (ISO, thứ Hai – Chủ nhật)", options, index=options.index(week),
                      format_func=ui.week_label, key="bb_week")
weeks = mid.radio("Kỳ giao ban", [1, 2], index=weeks - 1, horizontal=True, key="bb_weeks",
                  format_func=lambda n: "1 tuần" if n == 1 else "2 tuần")
st.query_params.update({"tuan": week, "so_tuan": str(weeks)})
for note in notes:
    st.warning(md(note), icon=":material/warning:")

try:
    with st.spinner("Đang tổng hợp số liệu giao ban…"):
        b = ui.load_briefing(week, weeks)
except store.DatabaseUnavailable as exc:
    database_down(str(exc))
title_slot.title(b.title, anchor=False)
caption_slot.caption(f"**{b.span.label}** · {md(b.scope_label)} · Số liệu đến: {fmt_datetime(b.stamp_as_of)} · "
                     f"So sánh với {b.span.previous_label} và cùng kỳ năm trước")
with right:
    st.link_button("Chế độ trình chiếu", f"/giao-ban?trinh_chieu=1&tuan={week}&so_tuan={weeks}",
                   icon=":material/co_present:")
ui.pack_downloads(b)

ui.conclusions_follow_up(b)  # the briefing opens with how the earlier conclusions stand
st.divider()

chart_items = pack.briefing_charts(b)
st.header("Tóm tắt", anchor=False)
for area in b.areas:
    st.markdown(f"**{area.short_title}**")
    ui.sentences(area.sentences)
for area in b.areas:
    st.divider()
    ui.area_section(b, area, chart_items, key=area.key)

st.divider()
ui.follow_up_section(b)

if b.leaders:  # none in a briefing for a unit's own figures
    st.divider()
    st.header("Theo Phó Chủ tịch phụ trách", anchor=False)
    for tab, section in zip(st.tabs([md(s.leader_name) for s in b.leaders]), b.leaders):
        with tab:
            ui.leader_section(section, key=section.leader)

st.divider()  # and closes with what it concludes: the Office records each conclusion as a task
st.header("Kết luận của phiên giao ban", anchor=False)
ui.conclusions_of_this_briefing(b)
