"""Đơn thư và tiếp công dân — how many petitions, which kinds, which are past their legal deadline?

Cards for the petitions (by handling unit) and for citizen reception (always province-wide),
the trend, the split by kind and by unit (click a bar for the unit's page), then the overdue list.
"""
import streamlit as st

from dashboard import charts

from dashboard.ui import store
from dashboard.ui import components as ui
from dashboard.ui import explanations
from dashboard.core import explanation_subjects as subjects
from dashboard.core.formatting import PETITION_KIND_LABELS, RECEPTION_KIND_LABELS
from dashboard.ui.frame import page_frame

view = page_frame("Đơn thư và tiếp công dân",
                  question="Bao nhiêu đơn thư, loại nào, đơn nào đã quá hạn giải quyết?")
figures = ui.kpi_cards(view, ["petitions_received", "petitions_eligible", "petitions_resolved",
                              "petition_resolution_rate", "petitions_overdue"])
ui.kpi_cards(view, ["petitions_complaint", "petitions_denunciation", "petitions_recommendation",
                    "petitions_land_dispute", "petitions_group"], figures=figures)

PROVINCE_WIDE = view.allowed.is_all  # reception has no unit: only for those who may see the whole province
if PROVINCE_WIDE:
    ui.section("Tiếp công dân", "Số liệu tiếp công dân là của toàn tỉnh: bộ lọc đơn vị không áp dụng.")
    ui.kpi_cards(view, ["reception_sessions", "reception_people", "reception_group_delegations"], figures=figures)

# --- trend and kinds ----------------------------------------------------------------------------
trend_period, grain, suffix = view.trend()
left, right = st.columns(2)
with left:
    title = f"Đơn thư tiếp nhận, {suffix}"
    ui.chart(charts.trend_chart(store.petitions_by_bucket(trend_period, view.scope, grain),
                                series={"petitions_received": "Tiếp nhận", "petitions_eligible": "Đủ điều kiện xử lý",
                                        "petitions_resolved": "Đã giải quyết"},
                                title=title, y_title="Số đơn", grain=grain, as_of=view.as_of, mark="line"),
             title=title, view=view, key="trend")
with right:
    title = "Đơn đủ điều kiện xử lý theo loại"
    ui.chart(charts.breakdown_chart(store.petitions_by_kind(view.period, view.scope), category="kind", value="eligible",
                                    labels=PETITION_KIND_LABELS, title=title), title=title, view=view, key="kinds")

# --- by unit ------------------------------------------------------------------------------------
ui.section("Theo cơ quan xử lý", "Bấm vào một thanh để mở trang của đơn vị đó.")
by_unit = store.petitions_by_unit(view.period, view.scope)
left, right = st.columns(2)
with left:
    title = "Đơn thư tiếp nhận theo cơ quan xử lý"
    ui.chart(charts.ranking_chart(by_unit, value="petitions_received", title=title, value_title="Số đơn", limit=25,
                                  subtitle="25 cơ quan nhận nhiều đơn nhất"
                                  if by_unit["petitions_received"].notna().sum() > 25 else None),
             title=title, view=view, key="rank_received", drill_field="unit")
with right:
    title = "Đơn quá hạn giải quyết theo cơ quan xử lý"
    overdue_units = by_unit[by_unit["petitions_overdue"] > 0] if not by_unit.empty else by_unit
    ui.chart(charts.ranking_chart(overdue_units, value="petitions_overdue", title=title, value_title="Số đơn",
                                  limit=25, subtitle="Tính đến ngày cuối kỳ, đơn nhận ở mọi năm"),
             title=title, view=view, key="rank_overdue", drill_field="unit")

if PROVINCE_WIDE:
    left, right = st.columns(2)
    with left:
        title = "Tiếp công dân theo hình thức (toàn tỉnh)"
        ui.chart(charts.breakdown_chart(store.receptions_by_kind(view.period), category="kind", value="sessions",
                                        labels=RECEPTION_KIND_LABELS, title=title), title=title, view=view,
                 key="receptions", scope_label="Toàn tỉnh")
    with right:
        st.markdown("**Tiếp công dân theo lãnh đạo (toàn tỉnh)**")
        ui.table(store.receptions_by_leader(view.period),
                 ui.columns("petitions", "leader_name", "sessions", "people"),
                 key="receptions_leader", filename="tiep_cong_dan_theo_lanh_dao", view=view,
                 empty="Không có buổi tiếp công dân nào của lãnh đạo trong kỳ.")

# --- lists --------------------------------------------------------------------------------------
ui.section("Đơn quá hạn giải quyết", "Đơn đủ điều kiện xử lý, chưa giải quyết, đã quá hạn — quá hạn lâu nhất trước.")
late_petitions = store.overdue_petitions(view.as_of, view.scope)
ui.table(late_petitions,
         ui.columns("petitions", "unit_name", "days_overdue", "petition_id",
                    ui.Col("kind", labels=PETITION_KIND_LABELS, area="petitions"),
                    ui.Col("group_petition", labels={True: "Có", False: "Không"}), "received_date", "due_date"),
         key="overdue", filename="don_thu_qua_han", view=view, link="handling_unit", height=400,
         empty="Không có đơn quá hạn giải quyết.")
explanations.ask_button(subjects.overdue_petitions(late_petitions), key="ask-petitions")

ui.section("Chi tiết theo cơ quan xử lý")
ui.table(by_unit.sort_values("petitions_received", ascending=False) if not by_unit.empty else by_unit,
         ui.columns("petitions", "unit_name", "petitions_received", "petitions_group", "petitions_eligible",
                    "petitions_resolved", "petition_resolution_rate", "petitions_overdue"),
         key="detail", filename="don_thu_theo_don_vi", view=view, link="unit", height=420,
         empty="Không có đơn thư nào trong kỳ.")
