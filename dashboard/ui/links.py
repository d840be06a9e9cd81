"""Links to a unit's page (`/don-vi?don_vi=CODE`), keeping the period filter, and the unit page's picker."""
from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard.ui import audit, session
from dashboard.core.formatting import fmt_date
from dashboard.core.safe import md
from dashboard.core.units import unit_labels
from dashboard.core.view import ORG_PARAM, View

UNIT_PAGE = "pages/don_vi.py"
UNIT_PATH = "/don-vi"
PERIOD_PARAMS = ("ky", "tu", "den", ORG_PARAM)  # a unit's page keeps the period and the view of the organisation


def unit_url(code: str, view: View | None = None) -> str:
    """The unit page's address, keeping the view's period filter."""
    params = {"don_vi": code, **({k: v for k, v in view.params().items() if k in PERIOD_PARAMS}
                                 if view else {})}
    return f"{UNIT_PATH}?{urlencode(params)}"


def go_to_unit(code: str, view: View) -> None:
    params = {"don_vi": code, **{k: v for k, v in view.params().items() if k in PERIOD_PARAMS}}
    st.switch_page(UNIT_PAGE, query_params=params)


def _on_unit_picked(key: str) -> None:
    code = st.session_state.get(key)
    if code:
        st.query_params["don_vi"] = code


def unit_picker(units: pd.DataFrame, ended: pd.DataFrame | None = None, view: View | None = None) -> str | None:
    """The unit of `?don_vi=CODE`, with a picker to change it; a missing or unknown code gets a notice.

    `ended`: every unit with what became of it (`store.unit_list(on=R)`); a unit there but not in `units`
    has ended by day R: its page says when and into what, with links to its successors' pages.
    """
    names = dict(zip(units["code"], unit_labels(units) if "last_day" in units else units["name"]))
    code = st.query_params.get("don_vi")
    gone = ended[ended["code"] == code] if ended is not None and code is not None and code not in names else None
    if gone is not None and len(gone):
        row = gone.iloc[0]
        links = ", ".join(f"[{md(name)}]({unit_url(succ, view)})"
                          for succ, name in zip(row["successors"], row["successor_names"]))
        st.info(f"**{md(row['name'])}** hoạt động đến hết ngày {fmt_date(row['last_day'])}"
                + (f"; số liệu của đơn vị nay thuộc {links}" if links else " và không có đơn vị kế thừa")
                + ". Chọn “Theo số liệu ghi nhận” ở thanh bên để xem số liệu đã ghi nhận của chính đơn vị này.",
                icon=":material/merge:")
        code = None
    elif code is not None and code not in names:
        if session.restricted():  # `names` holds only the user's units: another unit's code is a probe
            audit.deny({"trang": "don-vi", "don_vi": code})
        else:
            st.warning(f"Không có đơn vị mã “{md(code)}”. Hãy chọn một đơn vị trong danh sách.",
                       icon=":material/warning:")
        code = None
    elif code is None:
        st.info("Chọn một đơn vị để xem số liệu cả bốn lĩnh vực của đơn vị đó.", icon=":material/info:")
    options = list(names)
    key = f"f_don_vi__{code}"  # the code in the key: the picker is made fresh from the URL (see filters.widget_key)
    st.selectbox("Đơn vị", options, index=options.index(code) if code else None, key=key,
                 format_func=lambda c: names.get(c, c), on_change=_on_unit_picked, args=(key,),
                 placeholder="Chọn đơn vị…", width=480)
    return code
