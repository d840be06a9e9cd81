"""Nhiệm vụ được giao — are the tasks we assigned done on time; who is late; what falls due next week?

Cards, the trend, the ranking by lead unit (click a bar for the unit's page), the states by
unit and by assigning leader, how long the backlog has been overdue, then the lists.
"Người giao" (`?nguoi_giao=`) narrows all of it to the tasks one leader assigned; a vice-chairman
opens on their own.
"""
import streamlit as st

from dashboard.ui import session

from dashboard import charts

from dashboard.ui import store
from dashboard.ui import components as ui
from dashboard.ui import explanations
from dashboard.core import explanation_subjects as subjects
from dashboard.ui.sidebar import assigner_filter
from dashboard.core.formatting import TASK_STATE_COLUMN_LABELS, TASK_STATE_LABELS
from dashboard.ui.frame import page_frame

view = page_frame("Nhiệm vụ được giao",
                  question="Nhiệm vụ giao có được hoàn thành đúng hạn; đơn vị nào chậm; việc gì đến hạn tuần tới?")
targets = store.targets()
user = session.current().user
by, by_label = assigner_filter(user.leader_code if user.role == "vice_chairman" else None)
ui.kpi_cards(view, ["tasks_total", "task_due_completion_rate", "task_on_time_rate", "tasks_overdue",
                    "tasks_overdue_all"], assigned_by=by)
stamp = None if by is None else f"{view.scope_label} · {by_label}"  # what the chart images say they show

# --- trend --------------------------------------------------------------------------------------
trend_period, grain, suffix = view.trend()
by_bucket = store.tasks_by_bucket(trend_period, view.scope, grain, assigned_by=by)
left, right = st.columns(2)
with left:
    title = f"Tỷ lệ hoàn thành nhiệm vụ đến hạn, {suffix}"
    ui.chart(charts.trend_chart(by_bucket, y="task_due_completion_rate", title=title, y_title="Tỷ lệ", fmt="pct",
                                grain=grain, as_of=view.as_of, target=targets["task_due_completion_rate"],
                                subtitle="Nhiệm vụ giao trong tháng/tuần, trạng thái tính đến ngày cuối kỳ"),
             title=title, view=view, scope_label=stamp, key="trend_rate")
with right:
    title = f"Nhiệm vụ được giao theo trạng thái, {suffix}"
    ui.chart(charts.trend_chart(by_bucket, series=TASK_STATE_COLUMN_LABELS, title=title, y_title="Số nhiệm vụ",
                                grain=grain, as_of=view.as_of, mark="line"),
             title=title, view=view, scope_label=stamp, key="trend_states")

# --- by unit and by leader ----------------------------------------------------------------------
ui.section("Theo đơn vị chủ trì", "Bấm vào một thanh để mở trang của đơn vị đó.")
by_unit = store.tasks_by_unit(view.period, view.scope, assigned_by=by)
with_due = by_unit[(by_unit["tasks_total"] - by_unit["tasks_no_deadline"]) > 0] if not by_unit.empty else by_unit
left, right = st.columns(2)
with left:
    title = "Tỷ lệ hoàn thành nhiệm vụ đến hạn theo đơn vị"
    ui.chart(charts.ranking_chart(with_due, value="task_due_completion_rate", title=title, fmt="pct",
                                  target=targets["task_due_completion_rate"], value_title="Tỷ lệ"),
             title=title, view=view, scope_label=stamp, key="rank_units", drill_field="unit")
with right:
    title = "Trạng thái nhiệm vụ theo đơn vị"
    assigned = by_unit[by_unit["tasks_total"] > 0] if not by_unit.empty else by_unit
    ui.chart(charts.status_stack_chart(assigned, title=title, limit=25, subtitle="25 đơn vị nhiều nhiệm vụ nhất"),
             title=title, view=view, scope_label=stamp, key="stack_units", drill_field="unit")

left, right = st.columns(2)
with left:
    title = "Trạng thái nhiệm vụ theo lãnh đạo giao"
    ui.chart(charts.status_stack_chart(store.tasks_by_leader(view.period, view.scope, assigned_by=by), category="leader_name",
                                       code=None, title=title), title=title, view=view, scope_label=stamp, key="stack_leaders")
with right:
    title = "Nhiệm vụ quá hạn theo thời gian quá hạn"
    ui.chart(charts.aging_chart(store.overdue_aging(view.as_of, view.scope, assigned_by=by), title=title,
                                subtitle="Toàn bộ tồn đọng tính đến ngày cuối kỳ"),
             title=title, view=view, scope_label=stamp, key="aging")

# --- lists --------------------------------------------------------------------------------------
ui.section("Nhiệm vụ quá hạn chưa hoàn thành", "Toàn bộ tồn đọng đến ngày cuối kỳ, quá hạn lâu nhất trước.")
overdue = store.overdue_tasks(view.as_of, view.scope, assigned_by=by)
ui.table(overdue,
         ui.columns("tasks", "unit_name", "days_overdue", "title", "source_doc", "leader_name", "assigned_date",
                    "due_date"),
         key="overdue", filename="nhiem_vu_qua_han", view=view, link="lead_unit", height=400,
         empty="Không có nhiệm vụ quá hạn — tốt.")
explanations.ask_button(subjects.overdue_tasks(overdue), key="ask-tasks")

ui.section("Đến hạn trong 7 ngày tới")
ui.table(store.tasks_due_soon(view.as_of, view.scope, assigned_by=by),
         ui.columns("tasks", "unit_name", "days_left", "title", "leader_name", "due_date"),
         key="due_soon", filename="nhiem_vu_sap_den_han", view=view, link="lead_unit",
         empty="Không có nhiệm vụ nào đến hạn trong 7 ngày tới.")

ui.section("Chi tiết nhiệm vụ giao trong kỳ")
ui.table(store.tasks_in_period(view.period, view.scope, assigned_by=by),
         ui.columns("tasks", "unit_name", "title", "source_doc",
                    ui.Col("state", labels=TASK_STATE_LABELS | {"no_deadline": "Không thời hạn"}),
                    "assigned_date", "due_date", "completed_date", "leader_name"),
         key="detail", filename="nhiem_vu_trong_ky", view=view, link="lead_unit", height=420,
         empty="Không có nhiệm vụ nào được giao trong kỳ.")
