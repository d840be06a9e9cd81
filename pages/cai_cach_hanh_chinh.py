"""Chỉ số cải cách hành chính — where does each unit rank, which criteria pull it down, better than last year?

The PAR index of the latest year with scores (not after the period's end): departments,
districts (communes from 1/7/2025) ranked separately (target: rank ≤ 3), the criteria heatmap, change against the
previous year and the history.
"""
import pandas as pd
import streamlit as st

from dashboard import charts

from dashboard.ui import store
from dashboard.ui import components as ui
from dashboard.core.formatting import UNIT_KIND_LABELS
from dashboard.ui.frame import page_frame

view = page_frame("Chỉ số cải cách hành chính",
                  question="Đơn vị xếp hạng thứ mấy, lĩnh vực nào kéo điểm xuống, có tốt hơn năm trước?")
year = store.par_year_for(view.as_of)
if year is None:
    ui.no_data("Chưa có điểm Chỉ số CCHC nào đến năm của ngày cuối kỳ.")
    st.stop()
targets = store.targets()
ranking = pd.DataFrame(store.par_ranking(year, view.scope))
st.markdown(f"**Năm chỉ số: {year}** — năm gần nhất có điểm, không sau năm của ngày cuối kỳ. "
            "Hạng tính trong các đơn vị cùng loại; mục tiêu: hạng 1–3.")
ui.par_leaders({"par_year": year, "par": ranking.to_dict("records")})

# --- rankings -----------------------------------------------------------------------------------
# Each kind of unit that has scores that year: districts until 2025, the new communes after 1/7/2025.
kinds_ranked = [k for k in UNIT_KIND_LABELS if not ranking.empty and (ranking["kind"] == k).any()]
ui.section("Xếp hạng", "Bấm vào một thanh để mở trang của đơn vị đó; viền vàng: đơn vị trong nhóm 3 dẫn đầu.")
if not kinds_ranked:
    ui.no_data(f"Chưa có điểm Chỉ số CCHC {year} của đơn vị nào trong phạm vi đã chọn.")
for kind in kinds_ranked:
    rows = ranking[ranking["kind"] == kind]
    with st.container():
        title = f"Chỉ số CCHC {year} — {UNIT_KIND_LABELS[kind].lower()}"
        top3 = rows.loc[rows["rank"] <= 3, "unit"].tolist()
        ui.chart(charts.ranking_chart(rows.rename(columns={"name": "unit_name"}), value="percent", fmt="pct",
                                      title=title, value_title="Tỷ lệ điểm đạt được", highlight=top3),
                 title=title, view=view, key=f"rank_{kind}", drill_field="unit")

# --- criteria and change ------------------------------------------------------------------------
ui.section("Lĩnh vực kéo điểm xuống", "Tỷ lệ điểm thẩm định trên điểm tối đa của từng lĩnh vực.")
criteria = store.par_criteria(year, view.scope)
kinds = dict(zip(store.unit_list()["code"], store.unit_list()["kind"]))
for kind in kinds_ranked:
    part = criteria[criteria["unit"].map(kinds) == kind] if not criteria.empty else criteria
    if part.empty:
        continue
    title = f"Điểm theo lĩnh vực {year} — {UNIT_KIND_LABELS[kind].lower()}"
    # the criterion names head the columns, wrapped onto short lines (also in the exported image)
    ui.chart_wide_and_narrow(charts.par_criteria_heatmap(part, title=title),
                             charts.par_criteria_heatmap_narrow(part, title=title), title=title, view=view,
                             key=f"heat_{kind}", narrow_note=ui.criterion_legend(part))

ui.section(f"So với năm {year - 1}")
changed = ranking[ranking["change"].notna()] if not ranking.empty else ranking
title = f"Thay đổi điểm CCHC {year} so với {year - 1}"
ui.chart(charts.ranking_chart(changed.assign(change=changed["change"].astype(float)).rename(columns={"name": "unit_name"})
                              if not changed.empty else changed, value="change", fmt="score", title=title,
                              value_title="Điểm tăng (+) / giảm (−)"),
         title=title, view=view, key="change", drill_field="unit")

ui.table(ranking, ui.columns("par", "name", ui.Col("kind", labels=UNIT_KIND_LABELS, area="par"), "rank", "percent",
                             "score", "max", "change"),
         key="ranking", filename=f"chi_so_cchc_{year}", view=view, link="unit", height=420,
         targets={"rank": targets["par_rank"]})

# --- history ------------------------------------------------------------------------------------
ui.section("Lịch sử xếp hạng", "Hạng của mỗi đơn vị qua các năm (trong các đơn vị cùng loại).")
history = store.par_history(view.scope)
if history.empty:
    ui.no_data("Chưa có lịch sử điểm.")
else:
    wide = history.pivot_table(index=["unit", "name"], columns="year", values="rank").reset_index()
    years = [c for c in wide.columns if isinstance(c, (int,)) or str(c).isdigit()]
    wide = wide.sort_values(years[-1]) if years else wide
    ui.table(wide, ui.columns("par", "name", *(ui.Col(y, f"Hạng {y}", "rank") for y in years)),
             key="history", filename="lich_su_xep_hang_cchc", view=view, link="unit", height=420,
             targets={y: targets["par_rank"] for y in years})
