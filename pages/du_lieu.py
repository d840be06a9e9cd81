"""Dữ liệu — bring in the source systems' files, and see how fresh each area's data is.

For the Office (role `admin`): per kind, download the template, upload a CSV/XLSX file, read the
validation report (line, column, value, reason) before anything is written, then import it with a
progress bar. The figures everywhere update at once (the data version changes). Below: the last
update per source, the units whose data is stale (per source, against the thresholds of settings) and
the import history.
"""
import streamlit as st

from dashboard.ui import admin as ui

who = ui.admin_page("Dữ liệu", "du-lieu", "Nhập số liệu từ các hệ thống nguồn; xem số liệu từng lĩnh vực "
                    "được cập nhật lần cuối khi nào.")

st.subheader("Cập nhật gần nhất theo nguồn", anchor=False, divider="gray")
st.dataframe(ui.freshness(), hide_index=True, width="stretch", key="freshness")

st.subheader("Đơn vị chậm cập nhật số liệu", anchor=False, divider="gray")
ui.stale_sections()

st.subheader("Nhập tệp", anchor=False, divider="gray")
kind = st.selectbox("Loại dữ liệu", list(ui.KIND_LABELS), format_func=ui.KIND_LABELS.get, key="import-kind",
                    width=520)
st.caption("Tải tệp mẫu, điền số liệu theo đúng các cột, rồi tải lên. Tệp được kiểm tra toàn bộ trước; "
           "chưa có gì được ghi cho đến khi bấm «Nhập dữ liệu».")
ui.template_buttons(kind)
ui.upload_and_import(kind, who.user.username)

st.subheader("Lịch sử nhập dữ liệu", anchor=False, divider="gray")
ui.fitted_dataframe(ui.history(), key="history", height=420)
