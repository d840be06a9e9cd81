"""Hồ sơ thủ tục hành chính — are dossiers resolved on time; where do they pile up; how much is online?

Cards, the trend, the ranking by receiving unit (click a bar for the unit's page), the split by
channel and by field, then the pending overdue dossiers per unit and the per-unit table.
"""
import streamlit as st

from dashboard import charts

from dashboard.ui import store
from dashboard.ui import components as ui
from dashboard.ui import explanations
from dashboard.core import explanation_subjects as subjects
from dashboard.core.formatting import CHANNEL_LABELS
from dashboard.ui.frame import page_frame

view = page_frame("Hồ sơ thủ tục hành chính",
                  question="Hồ sơ có được giải quyết đúng hạn; tồn đọng ở đâu; bao nhiêu nộp trực tuyến?")
targets = store.targets()
ui.kpi_cards(view, ["dossiers_received", "dossiers_resolved", "dossier_on_time_rate", "dossiers_pending_overdue",
                    "online_share", "satisfaction_rate", "median_turnaround_days"], per_row=4)

# --- trend --------------------------------------------------------------------------------------
trend_period, grain, suffix = view.trend()
by_bucket = store.dossiers_by_bucket(trend_period, view.scope, grain)
left, right = st.columns(2)
with left:
    title = f"Hồ sơ tiếp nhận và đã giải quyết, {suffix}"
    ui.chart(charts.trend_chart(by_bucket, series={"dossiers_received": "Tiếp nhận", "dossiers_resolved": "Đã giải quyết"},
                                title=title, y_title="Số hồ sơ", grain=grain, as_of=view.as_of, mark="line"),
             title=title, view=view, key="trend_volume")
with right:
    title = f"Tỷ lệ giải quyết đúng hạn, {suffix}"
    ui.chart(charts.trend_chart(by_bucket, y="dossier_on_time_rate", title=title, y_title="Tỷ lệ", fmt="pct",
                                grain=grain, as_of=view.as_of, target=targets["dossier_on_time_rate"]),
             title=title, view=view, key="trend_rate")

# --- by unit, channel and field -----------------------------------------------------------------
ui.section("Theo đơn vị tiếp nhận", "Bấm vào một thanh để mở trang của đơn vị đó.")
by_unit = store.dossiers_by_unit(view.period, view.scope)
resolved = by_unit[by_unit["dossiers_resolved"] > 0] if not by_unit.empty else by_unit
left, right = st.columns(2)
with left:
    title = "Tỷ lệ giải quyết hồ sơ đúng hạn theo đơn vị"
    ui.chart(charts.ranking_chart(resolved, value="dossier_on_time_rate", title=title, fmt="pct",
                                  target=targets["dossier_on_time_rate"], value_title="Tỷ lệ đúng hạn"),
             title=title, view=view, key="rank_units", drill_field="unit")
with right:
    title = "Hồ sơ đang giải quyết quá hạn theo đơn vị"
    pending = store.overdue_pending_dossiers(view.as_of, view.scope)
    ui.chart(charts.ranking_chart(pending, value="dossiers_pending_overdue", title=title, value_title="Số hồ sơ",
                                  subtitle="Tính đến ngày cuối kỳ"),
             title=title, view=view, key="rank_pending", drill_field="unit")

left, right = st.columns(2)
with left:
    title = "Hồ sơ tiếp nhận theo hình thức nộp"
    ui.chart(charts.breakdown_chart(store.dossiers_by_channel(view.period, view.scope), category="channel",
                                    value="dossiers", labels=CHANNEL_LABELS, title=title),
             title=title, view=view, key="channel")
with right:
    by_field = store.dossiers_by_field(view.period, view.scope)
    title = "Hồ sơ tiếp nhận theo lĩnh vực"
    ui.chart(charts.breakdown_chart(by_field.sort_values("dossiers_received", ascending=False), category="field",
                                    value="dossiers_received", title=title, limit=15,
                                    subtitle="15 lĩnh vực nhiều hồ sơ nhất; còn lại gộp vào “Khác”"
                                    if len(by_field) > 16 else None),
             title=title, view=view, key="field")

# --- lists --------------------------------------------------------------------------------------
ui.section("Hồ sơ đang giải quyết quá hạn theo đơn vị", "Các đơn vị có hồ sơ quá hạn nhiều nhất trước.")
ui.table(pending, ui.columns("dossiers", "unit_name", "dossiers_pending_overdue", "oldest_due_at"),
         key="pending", filename="ho_so_qua_han_theo_don_vi", view=view, link="unit",
         empty="Không có hồ sơ đang giải quyết quá hạn.")
explanations.ask_button(subjects.dossier_backlogs(pending, view.as_of), key="ask-backlog")

ui.section("Chi tiết theo đơn vị")
ui.table(by_unit.sort_values("dossiers_received", ascending=False) if not by_unit.empty else by_unit,
         ui.columns("dossiers", "unit_name", "dossiers_received", "dossiers_online", "online_share", "dossiers_resolved",
                    "dossiers_resolved_on_time", "dossier_on_time_rate", "dossiers_pending", "dossiers_pending_overdue",
                    "satisfaction_rate"),
         key="detail", filename="ho_so_theo_don_vi", view=view, link="unit", height=420,
         targets={"dossier_on_time_rate": targets["dossier_on_time_rate"]},
         empty="Không có hồ sơ nào trong kỳ.")
explanations.ask_button(subjects.red_figures(by_unit.sort_values("dossier_on_time_rate") if not by_unit.empty else by_unit,
                                             ["dossier_on_time_rate"], targets, view.period), key="ask-rate",
                        help="Đề nghị một đơn vị có tỷ lệ đúng hạn chưa đạt chỉ tiêu (ô đỏ) giải trình.")
ui.table(by_field, ui.columns("dossiers", "field", "dossiers_received", "dossiers_resolved", "dossier_on_time_rate"),
         key="detail_field", filename="ho_so_theo_linh_vuc", view=view, empty="Không có hồ sơ nào trong kỳ.")
