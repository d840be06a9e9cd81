"""Reminders (đôn đốc, SPEC §2.6) in the app: the Office's page `/don-doc` and a unit's own reminder on its
start page. Every reminder comes from the one builder (`data_access.reminders`, through the store); the
letter and the e-mail from `dashboard.followup`. Texts from the data are shown in tables or escaped.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from data_access.clock import today_local

from dashboard.core.formatting import fmt_date, fmt_datetime, fmt_int
from dashboard.core.safe import md
from dashboard.followup.delivery import SmtpSettingsError
from dashboard.followup.letter import all_in_one_filename, letter_docx, letter_filename
from dashboard.followup.model import Reminder, from_rows
from dashboard.ui import audit, session, settings, store
from dashboard.ui.tables import fitted_dataframe

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHANNEL_LABELS = {"json": "Tệp JSON", "docx": "Công văn (DOCX)", "eml": "Tệp thư (EML)", "email": "Thư điện tử"}
OUTCOME_LABELS = {"built": "Đã tạo", "sent": "Đã gửi", "failed": "Gửi lỗi", "unreachable": "Không có địa chỉ"}
SEND_RESULT_KEY = "_bdh_remind_sent"


# --- the Office's page -----------------------------------------------------------------------------

def choose_day() -> tuple[date, int]:
    row = st.container(horizontal=True, gap="medium")
    day = row.date_input("Đôn đốc tính đến ngày", value=today_local(), format="DD/MM/YYYY", key="remind-day",
                         width=260)
    days = row.number_input("Nhiệm vụ đến hạn trong (ngày tới)", min_value=0, max_value=60, value=7, step=1,
                            key="remind-days", width=260)
    return day, int(days)


def reminders_for(day: date, days: int) -> list[Reminder]:
    return from_rows(store.reminders_of_day(day, days), days)


def overview(found: list[Reminder], day: date) -> None:
    sent = set(store.reminder_log(day).query("channel == 'email' and outcome == 'sent'")["unit"])
    cards = st.container(horizontal=True, gap="small")
    for label, value in [("Đơn vị cần đôn đốc", len(found)),
                         ("Nhiệm vụ quá hạn", sum(len(r.tasks_overdue) for r in found)),
                         ("Nhiệm vụ sắp đến hạn", sum(len(r.tasks_due_soon) for r in found)),
                         ("Hồ sơ quá hạn", sum(r.dossiers_pending_overdue for r in found)),
                         ("Đơn thư quá hạn", sum(r.petitions_overdue for r in found)),
                         ("Chưa có địa chỉ thư", sum(not r.reachable for r in found))]:
        cards.metric(label, fmt_int(value), border=True, width=172)  # two abreast on a phone
    if not found:
        st.success(f"Không đơn vị nào có việc quá hạn hay sắp đến hạn tính đến ngày {fmt_date(day)}.",
                   icon=":material/check_circle:")
        return
    rows = [{"Đơn vị": r.name, "Nhiệm vụ quá hạn": fmt_int(len(r.tasks_overdue)),
             f"Đến hạn trong {r.days} ngày": fmt_int(len(r.tasks_due_soon)),
             "Hồ sơ quá hạn": _count_since(r.dossiers_pending_overdue, r.oldest_dossier_due),
             "Đơn thư quá hạn": _count_since(r.petitions_overdue, r.oldest_petition_due),
             "Chậm cập nhật số liệu": "; ".join(x.text for x in r.stale) or "–",
             "Thư điện tử": ", ".join(r.addresses) or "Chưa có địa chỉ",
             "Thư ngày này": "Đã gửi" if r.unit in sent else "Chưa gửi"} for r in found]
    fitted_dataframe(pd.DataFrame(rows), key="remind-table", height=560)


def _count_since(count: int, oldest: date | None) -> str:
    """"58 (từ 04/02/2021)": how many, due since the oldest due date; or "0"."""
    return f"{fmt_int(count)} (từ {fmt_date(oldest)})" if count else "0"


def _built(found: list[Reminder], day: date):
    """The DOCX of `found`, recorded in the log (and the audit log) when the file is made, on the click."""
    username = session.username()

    def build() -> bytes:
        data = letter_docx(found)
        store.record_reminders_built(username=username, as_of=day, channel="docx", unit_codes=[r.unit for r in found])
        return data
    return audit.audited(build, what="cong_van_don_doc", fmt="docx",
                         detail={"ngay": day, "don_vi": [r.unit for r in found]})


def letters(found: list[Reminder], day: date) -> None:
    st.subheader("Công văn đôn đốc", anchor=False, divider="gray")
    st.caption("Theo thể thức Nghị định 30/2020/NĐ-CP; số, ký hiệu và ngày ban hành để trống, điền khi ký.")
    if not found:
        return
    row = st.container(horizontal=True, gap="small", vertical_alignment="bottom")
    row.download_button(f"Tải tất cả ({fmt_int(len(found))} công văn, một tệp)", data=_built(found, day),
                        file_name=all_in_one_filename(day), mime=DOCX_MIME, on_click="ignore",
                        icon=":material/description:", key="remind-docx-all", type="primary")
    by_name = {f"{r.name} ({r.unit})": r for r in found}
    chosen = row.selectbox("Công văn của một đơn vị", list(by_name), key="remind-unit", width=420)
    one = by_name[chosen]
    row.download_button("Tải công văn của đơn vị", data=_built([one], day), file_name=letter_filename(one),
                        mime=DOCX_MIME, on_click="ignore", icon=":material/download:", key="remind-docx-one")


def emails(found: list[Reminder], day: date, username: str) -> None:
    st.subheader("Gửi thư điện tử", anchor=False, divider="gray")
    try:
        smtp = settings.smtp_settings()
    except SmtpSettingsError as exc:
        st.warning(f"Chưa gửi được thư: {exc} Hãy đặt BDH_SMTP, BDH_SMTP_SENDER (và nếu cần BDH_SMTP_TLS, "
                   "BDH_SMTP_USER, BDH_SMTP_PASSWORD) trong môi trường hoặc `.streamlit/secrets.toml`.",
                   icon=":material/mail_lock:")
        smtp = None
    else:
        plain = {"host": smtp.host.replace("`", ""), "sender": smtp.sender.replace("`", "")}  # code spans: no auto-link
        st.caption(f"Máy chủ thư `{plain['host']}:{smtp.port}`, người gửi `{plain['sender']}`. Đơn vị đã nhận thư của "
                   "ngày này không bị gửi lại; thư gửi lỗi được gửi lại ở lần bấm sau.")
    if st.button(f"Gửi thư đôn đốc đến {fmt_int(sum(r.reachable for r in found))} đơn vị có địa chỉ",
                 key="remind-send", type="primary", icon=":material/send:", disabled=smtp is None or not found):
        with st.spinner("Đang gửi thư…"):
            report = store.send_reminders(found, smtp, as_of=day, username=username)
        audit.record("reminders_sent", {"ngay": day, "da_gui": report.sent, "loi": sorted(report.failed),
                                        "khong_dia_chi": report.unreachable})
        st.session_state[SEND_RESULT_KEY] = (day, report)
    result = st.session_state.get(SEND_RESULT_KEY)
    if result and result[0] == day:
        report = result[1]
        (st.error if report.failed else st.success)(report.summary(), icon=":material/outgoing_mail:")
        if report.failed:
            st.dataframe(pd.DataFrame([{"Mã": u, "Lỗi": e} for u, e in sorted(report.failed.items())]),
                         hide_index=True, width="stretch", key="remind-failed")


def log_section(day: date) -> None:
    st.subheader("Nhật ký đôn đốc", anchor=False, divider="gray")
    st.caption(f"Mọi công văn đã tạo và thư đã gửi cho ngày {fmt_date(day)}: ai, lúc nào, đơn vị nào, kết quả.")
    log = store.reminder_log(day)
    if log.empty:
        st.info("Chưa tạo hay gửi đôn đốc nào cho ngày này.", icon=":material/info:")
        return
    shown = pd.DataFrame({"Lúc": [fmt_datetime(t) for t in log["at"]], "Người thực hiện": log["username"].fillna("–"),
                          "Đơn vị": log["unit_name"].fillna(log["unit"]), "Mã": log["unit"],
                          "Hình thức": [CHANNEL_LABELS.get(c, c) for c in log["channel"]],
                          "Kết quả": [OUTCOME_LABELS.get(o, o) for o in log["outcome"]],
                          "Gửi đến": log["recipient"].fillna("–"), "Lỗi": log["error"].fillna("")})
    with st.container(key="remind-log-box"):
        st.dataframe(shown, hide_index=True, width="stretch", key="remind-log",
                     height=min(480, 35 * (len(shown) + 1) + 3))


# --- a unit's start page --------------------------------------------------------------------------------

def own_reminder() -> None:
    """On a unit officer's start page: what the province is waiting for from their unit today."""
    access = session.current()
    if access is None or not access.restricted or not access.user.unit_code:
        return
    today = today_local()
    mine = [r for r in from_rows(store.reminders_of_day(today), 7) if r.unit == access.user.unit_code]
    with st.container(border=True, key="own-reminder"):
        if not mine:
            st.markdown(f"**Tỉnh đang chờ đơn vị:** không có việc quá hạn hay đến hạn trong 7 ngày tới "
                        f"(tính đến ngày {fmt_date(today)}).")
            return
        r = mine[0]
        st.markdown(f"**Tỉnh đang chờ đơn vị** (tính đến ngày {fmt_date(today)}):\n\n"
                    + "\n".join(f"- {md(line)}" for line in r.headlines()))
        tasks = [{"Mã": t.task_id, "Nhiệm vụ": t.title, "Hạn xử lý": fmt_date(t.due_date),
                  "Tình trạng": f"Quá hạn {fmt_int(t.days_overdue)} ngày"} for t in r.tasks_overdue]
        tasks += [{"Mã": t.task_id, "Nhiệm vụ": t.title, "Hạn xử lý": fmt_date(t.due_date),
                   "Tình trạng": f"Còn {fmt_int(t.days_left(today))} ngày"} for t in r.tasks_due_soon]
        if tasks:
            st.dataframe(pd.DataFrame(tasks), hide_index=True, width="stretch", key="own-reminder-tasks",
                         height=min(250, 35 * (len(tasks) + 1) + 3))
