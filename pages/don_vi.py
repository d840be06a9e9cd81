"""Đơn vị — everything about one department or district on one page (`?don_vi=CODE`).

The unit's rank, then the four areas for the unit and every unit below it: cards, trends and
the lists that need action. A missing or unknown code gives a notice and a unit picker.
"""
import pandas as pd
import streamlit as st

from dashboard import charts

from dashboard.ui import store
from dashboard.ui import components as ui
from dashboard.ui import explanations
from dashboard.core import explanation_subjects as subjects
from dashboard.core.catalog import AREAS
from dashboard.core.units import subtree
from dashboard.core.formatting import (CHANNEL_LABELS, PETITION_KIND_LABELS, TASK_STATE_COLUMN_LABELS, UNIT_KIND_LABELS,
                                  fmt_change, fmt_pct, fmt_rank)
from dashboard.ui.frame import page_frame
from dashboard.core.compare import verdict
from dashboard.core.safe import md

view = page_frame("Trang đơn vị", unit_filter=False,
                  question="Toàn bộ số liệu của một sở, ngành hoặc một xã, phường trên một trang.")
listed = store.unit_list(on=view.as_of)  # in the current view: the units of the period's last day
units = listed[listed["exists"]].reset_index(drop=True) if view.org.is_current else listed
code = ui.unit_picker(units, ended=listed, view=view)
if code is None:
    st.stop()
unit = units.set_index("code").loc[code]
scope = subtree(units, [code], view.org)
leaders = dict(zip(store.leader_list()["code"], store.leader_list()["name"]))
st.header(md(unit["name"]), anchor=False)
st.caption(md(" · ".join(p for p in [UNIT_KIND_LABELS.get(unit["kind"], unit["kind"]),
                                  f"Lãnh đạo phụ trách: {leaders[unit['supervising_leader']]}"
                                  if unit["supervising_leader"] in leaders else None,
                                  f"Gồm {len(scope.unit_codes) - 1} đơn vị trực thuộc" if len(scope.unit_codes) > 1
                                  else None] if p)))
figures = ui.comparison(view, scope)

# --- its rank -----------------------------------------------------------------------------------
league = store.league(view.period, view.scope, [])  # ranked among all units
mine = league[league["unit"] == code]
par_row = next((r for r in figures.now["par"] if r["unit"] == code), None)
cols = st.columns(4)
with cols[0], st.container(border=True, key="kpi-none-u-rank"):
    st.metric("Hạng chung trong tỉnh", fmt_rank(mine["rank"].iloc[0] if len(mine) else None, league.attrs["total"]),
              help="Theo trung bình các tỷ lệ: hoàn thành nhiệm vụ đến hạn, hồ sơ đúng hạn, giải quyết đơn thư.")
if par_row:
    target = store.targets()["par_rank"]
    state = verdict(par_row["rank"], target)
    with cols[1], st.container(border=True, key=f"kpi-{state}-u-par"):
        st.metric(f"Xếp hạng CCHC {figures.now['par_year']}", fmt_rank(par_row["rank"]),
                  delta=f"{fmt_pct(par_row['percent'])} điểm · {fmt_change(par_row['change'], 'score')} điểm so với năm trước",
                  delta_color="gray", delta_arrow="off", help="Trong các đơn vị cùng loại; mục tiêu: hạng 1–3.")

explanations.unit_requests(code)
asked = (code, unit["name"])  # red cards of this unit offer leaders an explanation request

# --- the four areas -----------------------------------------------------------------------------
trend_period, grain, suffix = view.trend()
ui.area_cards(view, "tasks", ["tasks_total", "task_due_completion_rate", "task_on_time_rate", "tasks_overdue_all"],
              scope=scope, figures=figures, card_key="u-", ask_unit=asked)
left, right = st.columns(2)
with left:
    title = f"Nhiệm vụ được giao theo trạng thái, {suffix}"
    ui.chart(charts.trend_chart(store.tasks_by_bucket(trend_period, scope, grain), series=TASK_STATE_COLUMN_LABELS,
                                title=title, y_title="Số nhiệm vụ", grain=grain, as_of=view.as_of, mark="line"),
             title=title, view=view, key="u_tasks_trend", scope_label=unit["name"])
with right:
    st.markdown("**Nhiệm vụ quá hạn chưa hoàn thành**")
    overdue = store.overdue_tasks(view.as_of, scope)
    ui.table(overdue, ui.columns("tasks", "days_overdue", "title", "leader_name", "due_date"),
             key="u_overdue", filename=f"nhiem_vu_qua_han_{code}", view=view, height=320,
             empty="Không có nhiệm vụ quá hạn.")
    explanations.ask_button(subjects.overdue_tasks(overdue), key="ask-u-tasks")

ui.area_cards(view, "dossiers", ["dossiers_received", "dossier_on_time_rate", "dossiers_pending_overdue", "online_share"],
              scope=scope, figures=figures, card_key="u-", ask_unit=asked)
if figures.now.get("dossiers_pending_overdue"):
    explanations.ask_button([subjects.dossier_backlog(code, unit["name"], figures.now["dossiers_pending_overdue"], None,
                                                      view.as_of)], key="ask-u-backlog",
                            help="Đề nghị đơn vị giải trình về hồ sơ đang giải quyết quá hạn.")
left, right = st.columns(2)
with left:
    title = f"Tỷ lệ giải quyết hồ sơ đúng hạn, {suffix}"
    ui.chart(charts.trend_chart(store.dossiers_by_bucket(trend_period, scope, grain), y="dossier_on_time_rate",
                                title=title, y_title="Tỷ lệ", fmt="pct", grain=grain, as_of=view.as_of,
                                target=store.targets()["dossier_on_time_rate"]),
             title=title, view=view, key="u_dossiers_trend", scope_label=unit["name"])
with right:
    title = "Hồ sơ tiếp nhận theo hình thức nộp"
    ui.chart(charts.breakdown_chart(store.dossiers_by_channel(view.period, scope), category="channel", value="dossiers",
                                    labels=CHANNEL_LABELS, title=title), title=title, view=view, key="u_channel",
             scope_label=unit["name"])

ui.area_cards(view, "petitions", ["petitions_received", "petitions_eligible", "petition_resolution_rate",
                                  "petitions_overdue"], scope=scope, figures=figures, card_key="u-", ask_unit=asked,
              caption="Tiếp công dân là số liệu toàn tỉnh, không có ở trang đơn vị.")
st.markdown("**Đơn quá hạn giải quyết**")
late_petitions = store.overdue_petitions(view.as_of, scope)
ui.table(late_petitions,
         ui.columns("petitions", "days_overdue", "petition_id", ui.Col("kind", labels=PETITION_KIND_LABELS,
                                                                       area="petitions"), "received_date", "due_date"),
         key="u_petitions", filename=f"don_thu_qua_han_{code}", view=view, height=320,
         empty="Không có đơn quá hạn giải quyết.")
explanations.ask_button(subjects.overdue_petitions(late_petitions), key="ask-u-petitions")

ui.section(AREAS["par"].title)
year = figures.now["par_year"]
criteria = store.par_criteria(year, scope) if year else pd.DataFrame()
if criteria.empty:
    ui.no_data("Đơn vị chưa có điểm Chỉ số CCHC.")
else:
    title = f"Điểm theo lĩnh vực {year}"
    ui.chart_wide_and_narrow(charts.par_criteria_heatmap(criteria, title=title),
                             charts.par_criteria_heatmap_narrow(criteria, title=title), title=title, view=view,
                             key="u_par", scope_label=unit["name"], narrow_note=ui.criterion_legend(criteria))
    history = store.par_history(scope)
    ui.table(history[history["unit"] == code].sort_values("year", ascending=False),
             ui.columns("par", "year", "rank", "percent", "score", "change"),
             key="u_par_history", filename=f"lich_su_cchc_{code}", view=view)
