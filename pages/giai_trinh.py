"""Giải trình — what leaders asked units to explain, and the units' answers (SPEC §2.6).

Leaders and the Office see every request, filter by state, unit and overdue, close an answered one or ask again;
a unit's officers see their own unit's requests and answer them here. `?id=N` opens one request; another unit's
request (or one that does not exist) gets the same plain notice, audited.
"""
import streamlit as st

from dashboard.ui import audit, store
from dashboard.ui import explanations as ui
from dashboard.ui.frame import page_setup
from dashboard.core.formatting import fmt_int

_, access = page_setup("Giải trình", icon=":material/contact_support:")
st.title("Yêu cầu giải trình", anchor=False)
asker = ui.may_ask()
st.caption("Các yêu cầu lãnh đạo UBND tỉnh, Văn phòng đề nghị đơn vị giải trình và nội dung đơn vị trả lời."
           if asker else "Các yêu cầu giải trình gửi tới đơn vị; đơn vị trả lời ngay trên trang này.")

asked_id = st.query_params.get("id")
if asked_id is not None:
    request = store.explanation_request(int(asked_id)) if asked_id.isdigit() and len(asked_id) < 10 else None
    if request is None:
        audit.deny({"trang": "giai-trinh", "yeu_cau": asked_id}, ui.NOT_FOUND)
    else:
        ui.request_card(request, expanded=True)
    st.page_link("pages/giai_trinh.py", label="Xem mọi yêu cầu", icon=":material/list:", query_params={})
    st.stop()

everything = store.explanation_requests()
counts = st.columns(4)
for i, (column, (label, n)) in enumerate(zip(counts, [
        ("Chờ giải trình", sum(r.state == "open" for r in everything)),
        ("Quá hạn", sum(r.overdue for r in everything)),
        ("Đã giải trình, chờ xem xét", sum(r.state == "answered" for r in everything)),
        ("Đã đóng", sum(r.state == "closed" for r in everything))])):
    with column, st.container(border=True, key=f"kpi-none-gt-{i}"):
        st.metric(label, fmt_int(n))

units = sorted({(r.unit, r.unit_name) for r in everything}, key=lambda u: u[1])
left, middle, right = st.columns([1, 2, 1], vertical_alignment="bottom")
state = left.selectbox("Trạng thái", [None, *ui.STATE_LABELS], format_func=lambda s: ui.STATE_LABELS.get(s, "Tất cả"),
                       key="gt_state")
unit = middle.selectbox("Đơn vị", [None, *(code for code, _ in units)], key="gt_unit",
                        format_func=lambda c: dict(units).get(c, "Tất cả đơn vị")) if asker else None
overdue = right.checkbox("Chỉ yêu cầu quá hạn", key="gt_overdue")
shown = [r for r in everything if (state is None or r.state == state) and (unit is None or r.unit == unit)
         and (not overdue or r.overdue)]
ui.request_list(shown, expanded=not asker,
                empty="Không có yêu cầu giải trình nào." if not everything else "Không có yêu cầu nào khớp bộ lọc.")
