"""Tổng quan — how is the province doing this period, and what needs my attention?

The headline cards of the four areas, the short lists that need action, and the league table
of every department and district (click a row, or its name, for the unit's page).
"""
import streamlit as st

from dashboard.ui import components as ui
from dashboard.ui.reminders import own_reminder
from dashboard.ui import explanations
from dashboard.ui import store
from dashboard.core.catalog import AREAS
from dashboard.core.formatting import PETITION_KIND_LABELS, UNIT_KIND_LABELS
from dashboard.ui.frame import page_frame
from dashboard.core.league import with_rank_change

view = page_frame("Tổng quan", question="Tỉnh đang làm tốt đến đâu, việc gì cần chú ý?")
own_reminder()  # a unit officer: what the province is waiting for from their unit (đôn đốc)
figures = ui.comparison(view)
targets = store.targets()

explanations.start_page_panel()  # a unit's open requests; for leaders, the overdue ones

# --- the four areas -----------------------------------------------------------------------------
HEADLINES = {
    "tasks": ["task_due_completion_rate", "tasks_overdue_all"],
    "dossiers": ["dossier_on_time_rate", "dossiers_pending_overdue"],
    "petitions": ["petitions_received", "petitions_overdue"],
}
columns = st.columns(4)
for column, (area, keys) in zip(columns, HEADLINES.items()):
    with column:
        st.markdown(f"**{AREAS[area].short_title}**")
        ui.kpi_cards(view, keys, per_row=1, figures=figures)
with columns[3]:
    st.markdown(f"**{AREAS['par'].short_title}**")
    if view.allowed.is_all:
        ui.par_leaders(figures.now)
    else:  # a unit's officer: their own standing, not a "leader" card naming their own unit
        ui.par_standing(figures.now)

# --- what needs attention -----------------------------------------------------------------------
ui.section("Cần chú ý", "Những việc quá hạn lâu nhất và các đơn vị có tỷ lệ đúng hạn thấp nhất.")
left, middle, right = st.columns(3)
with left:
    st.markdown("**Nhiệm vụ quá hạn lâu nhất**")
    overdue = store.overdue_tasks(view.as_of, view.scope, limit=8)
    ui.table(overdue, ui.columns("tasks", "unit_name", "days_overdue", "title"),
             key="att_tasks", filename="nhiem_vu_qua_han", view=view, link="lead_unit", downloads=False,
             empty="Không có nhiệm vụ quá hạn.")

# a unit's officer sees their own rows and their rank in the province, not other units' values
current = store.league(view.period, view.scope, figures.now["par"])
before = store.league(view.period.previous(), view.scope, [])
league = with_rank_change(current, before)

with middle:
    st.markdown("**Tỷ lệ giải quyết hồ sơ đúng hạn thấp nhất**")
    lowest = league[league["dossiers_resolved"] > 0].nsmallest(8, "dossier_on_time_rate")
    ui.table(lowest, ui.columns("dossiers", "unit_name", "dossier_on_time_rate", "dossiers_pending_overdue"),
             key="att_dossiers", filename="ho_so_dung_han_thap", view=view, link="unit", downloads=False)
with right:
    st.markdown("**Đơn thư quá hạn giải quyết lâu nhất**")
    petitions = store.overdue_petitions(view.as_of, view.scope, limit=8)
    ui.table(petitions, ui.columns("petitions", "unit_name", ui.Col("kind", labels=PETITION_KIND_LABELS, area="petitions"),
                                   "days_overdue"),
             key="att_petitions", filename="don_thu_qua_han", view=view, link="handling_unit", downloads=False,
             empty="Không có đơn thư quá hạn.")

# --- league table -------------------------------------------------------------------------------
ui.section("Bảng xếp hạng đơn vị",
           "Hạng chung xếp theo trung bình các tỷ lệ: hoàn thành nhiệm vụ đến hạn, hồ sơ đúng hạn, giải quyết "
           "đơn thư; thay đổi hạng so với kỳ trước liền kề (+ là tăng bậc). Bấm tên hoặc một dòng "
           "để mở trang đơn vị; bấm tiêu đề cột để sắp xếp.")
LEAGUE_COLUMNS = [
    *ui.columns("league", "unit_name", ui.Col("unit_kind", labels=UNIT_KIND_LABELS, area="league"), "rank",
                "rank_change", "task_due_completion_rate", "tasks_overdue_all", "dossier_on_time_rate",
                "dossiers_pending_overdue", "petitions_overdue"),
    ui.Col("par_rank", f"Hạng CCHC {figures.now['par_year'] or ''}".strip(), "rank"),
]
ui.table(league, LEAGUE_COLUMNS, key="league", filename="bang_xep_hang_don_vi", view=view, link="unit",
         select_unit=True, height=35 * min(len(league) + 1, 41) + 3,
         targets={c.name: targets[c.name] for c in LEAGUE_COLUMNS if c.name in targets} | {"par_rank": targets["par_rank"]},
         empty="Không có đơn vị nào trong phạm vi đã chọn.")
explanations.ask_about_league(league, [c.name for c in LEAGUE_COLUMNS], targets, view.period)
