"""The Office's pages: the data page (`/du-lieu`: upload, validate, import, freshness) and the admin
page (`/quan-tri`: audit log, accounts). `pages/du_lieu.py` and `pages/quan_tri.py` only wire these.

Both are for the role `admin`; the guard is `auth.require_admin`. They read and write through
`data_access` directly (no cache: a few hundred rows, and an admin wants what is there now).
Every text that came from a file or a form is shown in tables or escaped (`safe.md`).
"""
from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import streamlit as st

from data_access import audit as audit_log
from data_access.clock import now_local, today_local
from data_access.importer import KINDS, ImportDatabaseError, template_csv, template_xlsx
from data_access.import_history import import_history, last_update_by_kind
from data_access.users import ROLES, UserError, add_user, disable_user, list_users, rebind_unit, set_password

from dashboard.render.tables import frame_csv, frame_xlsx
from dashboard.ui import audit, settings
from dashboard.ui.frame import page_setup
from dashboard.ui.session import Access
from dashboard.ui.tables import fitted_dataframe


from dashboard.ui import store
from dashboard.core.formatting import UNIT_KIND_LABELS, fmt_date, fmt_datetime, fmt_int, label
from dashboard.core.safe import md

KIND_LABELS = {name: spec.title_vi for name, spec in KINDS.items()}
STATUS_LABELS = {"ok": "Thành công", "partial": "Thành công một phần (bỏ qua dòng lỗi)", "rejected": "Bị từ chối",
                 "failed": "Lỗi khi ghi"}
# Runs in the import log that are not file imports: the seed, and the conclusions the Office records at a briefing.
OTHER_RUN_LABELS = {"seed": "Dữ liệu mẫu", "conclusions": "Kết luận giao ban"}
SOURCE_LABELS = {"tasks": "Nhiệm vụ", "dossiers": "Hồ sơ thủ tục hành chính", "petitions": "Đơn thư"}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def admin_page(title: str, page: str, caption: str) -> Access:
    """Page setup, the database check and the admin guard; then the title."""
    _, who = page_setup(title, admin_page=page)
    st.title(title, anchor=False)
    st.caption(caption)
    return who


# --- downloads ------------------------------------------------------------------------------------

def downloads(df: pd.DataFrame, *, stem: str, key: str, what: str, detail: dict | None = None) -> None:
    row = st.container(horizontal=True, gap="small")
    row.download_button("Tải CSV", data=audit.audited(lambda: frame_csv(df), what=what, fmt="csv", detail=detail),
                        file_name=f"{stem}.csv", mime="text/csv", on_click="ignore", icon=":material/download:",
                        key=f"{key}-csv", type="tertiary")
    row.download_button("Tải Excel", data=audit.audited(lambda: frame_xlsx(df, what), what=what, fmt="xlsx",
                                                         detail=detail),
                        file_name=f"{stem}.xlsx", mime=XLSX_MIME, on_click="ignore", icon=":material/table_view:",
                        key=f"{key}-xlsx", type="tertiary")


# --- the data page --------------------------------------------------------------------------------

def freshness() -> pd.DataFrame:
    """Per kind: the last successful import (or the demo data's date), so a leader sees how fresh each area is."""
    last = store.run(last_update_by_kind)
    by_kind = dict(zip(last["kind"], zip(last["last_import"], last["runs"])))
    seeded = by_kind.get("seed", (None, 0))[0]
    today = now_local().date()  # imports are stamped by the real clock
    rows = []
    for kind, label in KIND_LABELS.items():
        at, runs = by_kind.get(kind, (None, 0))
        how = "Nhập tệp" if at is not None else ("Dữ liệu mẫu" if seeded is not None else "Chưa có")
        at = at if at is not None else seeded
        rows.append({"Loại dữ liệu": label, "Cập nhật gần nhất": fmt_datetime(at) if at is not None else "—",
                     "Cách đây (ngày)": fmt_int((today - at.date()).days) if at is not None else "—",
                     "Nguồn": how, "Số lần nhập tệp": fmt_int(runs)})
    return pd.DataFrame(rows)


def stale_sections(as_of: date | None = None) -> None:
    """The units whose data is stale on `as_of` (today), one tab per source: when each last came in, how long ago."""
    as_of = as_of or today_local()
    days = settings.stale_days()
    stale = store.stale_units(as_of, days)
    st.caption(f"Đơn vị đang hoạt động ngày {fmt_date(as_of)} không có số liệu mới trong "
               + ", ".join(f"{fmt_int(days[s])} ngày ({title.lower()})" for s, title in SOURCE_LABELS.items())
               + ". Ngưỡng đặt bằng BDH_STALE_DAYS_TASKS, BDH_STALE_DAYS_DOSSIERS, BDH_STALE_DAYS_PETITIONS.")
    by_source = {s: stale[stale["source"] == s] for s in SOURCE_LABELS}
    tabs = st.tabs([f"{title} ({fmt_int(len(by_source[s]))})" for s, title in SOURCE_LABELS.items()])
    for tab, (source, rows) in zip(tabs, by_source.items()):
        with tab:
            if rows.empty:
                st.caption("Mọi đơn vị đều đã cập nhật trong thời hạn.")
                continue
            never = rows["last_fed_at"].isna()
            fitted_dataframe(pd.DataFrame({
                "Đơn vị": rows["unit_name"], "Loại": [label(UNIT_KIND_LABELS, k) for k in rows["unit_kind"]],
                "Cập nhật gần nhất": ["Chưa từng có số liệu" if n else fmt_datetime(v)
                                      for n, v in zip(never, rows["last_fed_at"])],
                "Số ngày chưa cập nhật": ["—" if n else fmt_int(v) for n, v in zip(never, rows["days_since"])],
                "Số dòng lần nhập cuối": ["—" if n else fmt_int(v) for n, v in zip(never, rows["rows_fed"])],
            }), key=f"stale-{source}")


def history(limit: int = 200) -> pd.DataFrame:
    df = store.run(import_history, limit=limit)
    return pd.DataFrame({
        "Bắt đầu": [fmt_datetime(v) for v in df["started_at"]],
        "Loại dữ liệu": [KIND_LABELS.get(k, OTHER_RUN_LABELS.get(k, k)) for k in df["kind"]],
        "Tệp": df["file_name"], "Người nhập": df["imported_by"],
        "Kết quả": [STATUS_LABELS.get(s, s) for s in df["status"]],
        "Thêm mới": df["rows_inserted"], "Cập nhật": df["rows_updated"], "Bị từ chối": df["rows_rejected"],
        "Ghi chú": df["message"],
    })


def report_frame(report) -> pd.DataFrame:
    return pd.DataFrame([{"Dòng": e.line, "Cột": e.column, "Giá trị": e.value, "Lý do": e.reason}
                         for e in report.errors], columns=["Dòng", "Cột", "Giá trị", "Lý do"])


def save_upload(uploaded, folder: Path) -> Path:
    """The uploaded file under its own name (the import log records it) in a private temp folder."""
    path = folder / Path(uploaded.name).name
    path.write_bytes(uploaded.getvalue())
    return path


def template_buttons(kind: str) -> None:
    row = st.container(horizontal=True, gap="small")
    row.download_button("Tệp mẫu CSV", data=template_csv(kind, vietnamese=True), file_name=f"mau_{kind}.csv", mime="text/csv",
                        on_click="ignore", icon=":material/download:", key=f"tpl-{kind}-csv")
    row.download_button("Tệp mẫu Excel", data=template_xlsx(kind, vietnamese=True), file_name=f"mau_{kind}.xlsx", mime=XLSX_MIME,
                        on_click="ignore", icon=":material/table_view:", key=f"tpl-{kind}-xlsx")


# Streamlit's upload box has English texts ("Upload", "200MB per file") and no option to change
# them; the stylesheet swaps them for Vietnamese ones.
def upload_and_import(kind: str, user: str) -> None:
    """Upload → validation report (nothing written) → «Nhập dữ liệu» with a progress bar."""
    uploaded = st.file_uploader(f"Tệp cần nhập: {KIND_LABELS[kind]} (CSV hoặc Excel .xlsx)", type=["csv", "xlsx"],
                                key=f"upload-{kind}")
    done = st.session_state.pop("_bdh_import_done", None)
    if done:
        (st.success if done["ok"] else st.error)(md(done["message"]), icon=":material/task_alt:")
    if uploaded is None:
        return
    folder = Path(tempfile.mkdtemp(prefix="bdh_upload_"))
    path = save_upload(uploaded, folder)
    report = store.validate_file(kind, path)
    if report.file_error:
        st.error(f"Không đọc được tệp: {md(report.file_error)}", icon=":material/error:")
        return
    cols = st.columns(3)
    cols[0].metric("Số dòng", fmt_int(report.rows_total))
    cols[1].metric("Dòng hợp lệ", fmt_int(report.rows_valid))
    cols[2].metric("Dòng có lỗi", fmt_int(report.rows_invalid))
    skip = False
    if report.errors:
        st.warning("Tệp có dòng lỗi (chưa ghi gì vào cơ sở dữ liệu). Sửa tệp rồi tải lên lại, hoặc nhập các dòng "
                   "hợp lệ và bỏ qua dòng lỗi.", icon=":material/warning:")
        fitted_dataframe(report_frame(report), key=f"report-{kind}", height=400)
        skip = st.checkbox("Bỏ qua các dòng lỗi, chỉ nhập các dòng hợp lệ", key=f"skip-{kind}")
    else:
        st.success("Tệp hợp lệ: sẵn sàng nhập.", icon=":material/check_circle:")
    can_import = report.rows_valid > 0 and (not report.errors or skip)
    if st.button("Nhập dữ liệu", type="primary", icon=":material/upload:", disabled=not can_import,
                 key=f"import-{kind}"):
        _run_import(kind, path, report.rows_total, skip, user)


IMPORT_PHASES = {  # phase -> (words on the bar, where its part of the bar starts, how long it is)
    "validate": ("Đang đọc và kiểm tra tệp", 0.0, 0.5),
    "write": ("Đang ghi vào cơ sở dữ liệu", 0.5, 0.3),
    "rollups": ("Đang cập nhật số liệu tổng hợp", 0.8, 0.2),
}


def progress_step(total: int):
    """The bar's text and share for (phase, rows done): reading and checking, writing, the rollups."""
    def share_of(phase: str, rows: int) -> float:
        _, start, length = IMPORT_PHASES.get(phase, (phase, 0.0, 1.0))
        return min(start + length * (min(rows / total, 1.0) if total else 1.0), 1.0)

    def text_of(phase: str, rows: int) -> str:
        words = IMPORT_PHASES.get(phase, (phase,))[0]
        return f"{words}: {fmt_int(rows)}/{fmt_int(total)} dòng"

    return text_of, share_of


def _run_import(kind: str, path: Path, total: int, skip: bool, user: str) -> None:
    bar = st.progress(0.0, text="Đang đọc và kiểm tra tệp…")
    bar_text, bar_share = progress_step(total)

    def progress(phase: str, rows: int) -> None:
        bar.progress(bar_share(phase, rows), text=bar_text(phase, rows))

    try:
        result = store.import_file(kind, path, skip_invalid=skip, user=user, progress=progress)
    except ImportDatabaseError as exc:
        st.session_state["_bdh_import_done"] = {"ok": False, "message": f"Không nhập được: {exc}"}
    else:
        bar.progress(1.0, text="Xong")
        audit.record("import", {"loai": kind, "tep": path.name, "ket_qua": result.status,
                                 "them_moi": result.inserted, "cap_nhat": result.updated,
                                 "khong_doi": result.unchanged, "bi_tu_choi": result.rejected})
        ok = result.status in ("ok", "partial")
        st.session_state["_bdh_import_done"] = {
            "ok": ok, "message": f"{path.name}: {result.message}" if result.message else path.name}
        store.clear_cache()  # the data version changes too; this also drops this session's remembered version
    st.session_state.pop(f"upload-{kind}", None)
    st.rerun()


# --- the audit log ------------------------------------------------------------------------------

def audit_frame(start: date, end: date, username: str | None, action: str | None) -> pd.DataFrame:
    return store.run(audit_entries_df, start, end, username, action)


def audit_entries_df(conn, start, end, username, action) -> pd.DataFrame:
    df = audit_log.audit_entries(conn, start=start, end=end, username=username or None, action=action or None)
    return pd.DataFrame({"Thời điểm": [fmt_datetime(v) for v in df["at"]], "Tài khoản": df["username"],
                         "Hành động": [audit_log.ACTIONS.get(a, a) for a in df["action"]], "Chi tiết": df["detail"]})


def audit_log_section() -> None:
    # The log is of the system's own events, stamped by the real clock: its days are real ones, even when
    # BDH_TODAY pins the data's "today" for a demo.
    today = now_local().date()
    left, mid, right = st.columns([2, 2, 2])
    dates = left.date_input("Từ ngày – đến ngày", value=(today - timedelta(days=30), today), format="DD/MM/YYYY",
                            key="audit-dates")
    start, end = (dates[0], dates[-1]) if isinstance(dates, (tuple, list)) and dates else (None, None)
    username = mid.text_input("Tài khoản (để trống: mọi tài khoản)", key="audit-user").strip()
    actions = [""] + list(audit_log.ACTIONS)
    action = right.selectbox("Hành động", actions, format_func=lambda a: audit_log.ACTIONS.get(a, "Mọi hành động"),
                             key="audit-action")
    df = audit_frame(start, end, username, action)
    st.caption(f"{fmt_int(len(df))} dòng, mới nhất trước (tối đa 5.000 dòng).")
    fitted_dataframe(df, height=600, key="audit-table")
    detail = {"tu": start, "den": end, "tai_khoan": username or None, "hanh_dong": action or None}
    downloads(df, stem=f"nhat_ky_truy_cap_{today:%Y%m%d}", key="audit", what="Nhật ký truy cập", detail=detail)


# --- accounts -----------------------------------------------------------------------------------

def users_frame() -> pd.DataFrame:
    users = store.run(list_users)
    return pd.DataFrame([{"Tên đăng nhập": u.username, "Họ tên": u.display_name,
                          "Vai trò": ROLES.get(u.role, u.role), "Đơn vị": u.unit_code or "", "Lãnh đạo": u.leader_code or "",
                          "Trạng thái": "Đang hoạt động" if u.active else "Đã khóa"} for u in users],
                        columns=["Tên đăng nhập", "Họ tên", "Vai trò", "Đơn vị", "Lãnh đạo", "Trạng thái"])


def _change(fn, success: str) -> None:
    try:
        store.run(fn)
    except UserError as exc:
        st.error(md(str(exc)), icon=":material/error:")
        return
    st.session_state["_bdh_user_done"] = success
    st.rerun()


def accounts_section(admin: str) -> None:
    done = st.session_state.pop("_bdh_user_done", None)
    if done:
        st.success(md(done), icon=":material/check_circle:")
    users = users_frame()
    fitted_dataframe(users, key="users-table")
    listed = store.unit_list(on=now_local().date())
    units = listed[listed["exists"]]  # an account is bound to a unit of today
    leaders = store.leader_list()
    unit_names = dict(zip(units["code"], units["name"]))
    leader_names = dict(zip(leaders["code"], leaders["name"]))
    add, passwd, disable = st.columns(3, gap="large")
    with add, st.form("user-add", clear_on_submit=True):
        st.subheader("Thêm tài khoản", anchor=False)
        username = st.text_input("Tên đăng nhập")
        name = st.text_input("Họ tên")
        role = st.selectbox("Vai trò", list(ROLES), format_func=ROLES.get)
        unit = st.selectbox("Đơn vị (vai trò Đơn vị)", [""] + list(unit_names),
                            format_func=lambda c: unit_names.get(c, "—"))
        leader = st.selectbox("Lãnh đạo (Chủ tịch, Phó Chủ tịch)", [""] + list(leader_names),
                              format_func=lambda c: leader_names.get(c, "—"))
        password = st.text_input("Mật khẩu (ít nhất 8 ký tự)", type="password")
        if st.form_submit_button("Thêm tài khoản", type="primary"):
            _change(lambda conn: add_user(conn, username, password=password, role=role, display_name=name or None,
                                          unit_code=unit or None, leader_code=leader or None, by=admin),
                    f"Đã thêm tài khoản {username.strip()}.")
    names = users["Tên đăng nhập"].tolist()
    with passwd, st.form("user-passwd", clear_on_submit=True):
        st.subheader("Đặt lại mật khẩu", anchor=False)
        who = st.selectbox("Tài khoản", names, key="passwd-user")
        password = st.text_input("Mật khẩu mới (ít nhất 8 ký tự)", type="password")
        if st.form_submit_button("Đặt lại mật khẩu"):
            _change(lambda conn: set_password(conn, who, password, by=admin), f"Đã đặt lại mật khẩu cho {who}.")
    with disable, st.form("user-disable"):
        st.subheader("Khóa tài khoản", anchor=False)
        who_off = st.selectbox("Tài khoản", names, key="disable-user")
        sure = st.checkbox("Tôi xác nhận khóa tài khoản này")
        if st.form_submit_button("Khóa tài khoản"):
            if not sure:
                st.error("Hãy đánh dấu ô xác nhận trước khi khóa tài khoản.")
            elif who_off == admin:
                st.error("Không thể tự khóa tài khoản đang dùng.")
            else:
                _change(lambda conn: disable_user(conn, who_off, by=admin), f"Đã khóa tài khoản {who_off}.")
    rebind_section(admin, users_of_ended_units(listed), unit_names)


def users_of_ended_units(listed: pd.DataFrame) -> dict[str, str]:
    """Unit accounts bound to a unit that has ended: username → what became of the unit."""
    ended = listed[~listed["exists"]].set_index("code")
    out = {}
    for user in store.run(list_users):
        if user.role == "unit" and user.active and user.unit_code in ended.index:
            row = ended.loc[user.unit_code]
            after = ", ".join(row["successor_names"]) or "không có đơn vị kế thừa"
            out[user.username] = f"{row['name']} (đến {fmt_date(row['last_day'])} → {after})"
    return out


def rebind_section(admin: str, stranded: dict[str, str], unit_names: dict[str, str]) -> None:
    """Move a unit account to another unit (after a merger its old unit has no figures of today)."""
    st.subheader("Chuyển tài khoản sang đơn vị khác", anchor=False)
    if stranded:
        st.warning("Các tài khoản gắn với đơn vị đã kết thúc hoạt động (chưa xem được số liệu theo tổ chức hiện nay): "
                   + "; ".join(f"{md(u)}: {md(t)}" for u, t in stranded.items()), icon=":material/domain_disabled:")
    unit_accounts = [u.username for u in store.run(list_users) if u.role == "unit"]
    with st.form("user-rebind", clear_on_submit=True):
        left, right = st.columns(2)
        who = left.selectbox("Tài khoản đơn vị", unit_accounts, key="rebind-user",
                             index=unit_accounts.index(next(iter(stranded))) if stranded else 0)
        unit = right.selectbox("Đơn vị mới", list(unit_names), format_func=unit_names.get, key="rebind-unit")
        if st.form_submit_button("Chuyển đơn vị"):
            _change(lambda conn: rebind_unit(conn, who, unit, by=admin),
                    f"Đã chuyển tài khoản {who} sang {unit_names.get(unit, unit)}.")
