"""Access control under AppTest on a small seeded SQLite database: the login form first, lockout and
expiry, logout; what each role sees; a `unit` user (Sở Tài chính) probing other units through every
URL parameter, the league table, the downloads and the briefing pack; the audit rows; imported text
shown inert; the data page (a bad file writes nothing, a good one updates the figures at once).

Each protection has a test that fails when it is removed.
"""
from __future__ import annotations

import io
import html
import json
import re
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from google.protobuf import text_format
from sqlalchemy import func, insert, select
from streamlit.testing.v1 import AppTest

from auth_helpers import DEMO_PASSWORDS, SESSION_KEY, login, open_session
from seeded import seeded_sqlite_copy
from dashboard.core.catalog import KPIS
from dashboard.core.view import OVERVIEW_PRESET, preset_period
from data_access.clock import today_local as today
from dashboard.core.safe import md
from data_access import audit
from data_access.clock import now_local
from data_access.db import make_engine
from data_access.importer import import_file
from data_access.schema import tasks, units, users
from data_access.users import add_user

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120
PAGES = ["tong_quan", "nhiem_vu", "ho_so", "don_thu", "cai_cach_hanh_chinh", "don_vi", "giao_ban"]
LABEL_TO_KEY = {k.label: k.key for k in KPIS.values()}
UNIT_USER, UNIT = "so_taichinh", "STC"
PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[bấm vào](javascript:alert(1))",
            "'; DROP TABLE tasks; --"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A seeded demo database (5 % volumes, demo accounts) as DATABASE_URL; yields (url, engine)."""
    url = seeded_sqlite_copy(tmp_path_factory, "0.05")
    before = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    engine = make_engine(url)
    yield url, engine
    engine.dispose()
    if before is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = before


def page(name: str, user: str | None = "chutich", **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=TIMEOUT)
    if user:
        login(at, user)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def audit_rows(engine, action: str, username: str | None = None):
    with engine.connect() as conn:
        return audit.audit_entries(conn, action=action, username=username)


def other_unit_names(engine) -> set[str]:
    """Names of every unit outside Sở Tài chính's subtree (STC has none below it)."""
    with engine.connect() as conn:
        rows = conn.execute(select(units.c.code, units.c.name, units.c.parent_code)).all()
    return {name for code, name, parent in rows if code != UNIT and parent != UNIT}


def _arrow_texts(message) -> list[str]:
    """Tables and chart data travel as Arrow IPC bytes inside the protos: decoded to CSV text."""
    import pyarrow as pa

    out = []
    for field, value in message.ListFields():
        values = list(value) if isinstance(value, (list, tuple)) or type(value).__name__.startswith("Repeated") \
            else [value]
        for v in values:
            if isinstance(v, bytes) and v:
                try:
                    out.append(pa.ipc.open_stream(v).read_pandas().to_csv())
                except Exception:  # noqa: BLE001 — not Arrow
                    pass
            elif hasattr(v, "ListFields"):
                out.extend(_arrow_texts(v))
    return out


SOURCE_STAMP = "Văn phòng UBND tỉnh Quảng Ngãi — Bảng điều hành"  # the publisher on every export, not a unit's figure


def page_text(at: AppTest) -> str:
    """Everything the page sent to the browser: every element's proto as text, and every table's rows."""
    out = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            out.append(text_format.MessageToString(proto, as_utf8=True))
            out.extend(_arrow_texts(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)
    walk(at._tree)
    return "\n".join(out)


def cards(at: AppTest) -> dict[str, str]:
    """Every figure card's label → value: Streamlit metrics, and the briefing's rows of cards drawn as one HTML
    element each (`briefing.cards_html`: label and value as the card's first two texts)."""
    out = {LABEL_TO_KEY[m.label]: m.value for m in at.metric if m.label in LABEL_TO_KEY}
    for element in at.get("html"):
        for label, value in re.findall(r'<div class="bdh-card-label">(.*?)</div><div class="bdh-card-value">(.*?)</div>',
                                       element.proto.body):
            label = html.unescape(label)
            if label in LABEL_TO_KEY:
                out[LABEL_TO_KEY[label]] = html.unescape(value)
    return out


def cli_figures(url: str, period, units=()) -> dict:
    cmd = [sys.executable, "-m", "data_access", "kpi", "--db", url, "--from", period.start.isoformat(),
           "--to", period.end.isoformat(), "--json", *[a for u in units for a in ("--unit", u)]]
    return json.loads(subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True).stdout)


def warnings(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


# --- login, lockout, expiry, logout -----------------------------------------------------------------

def test_login_form_before_any_page(db):
    for name in PAGES + ["du_lieu", "quan_tri", "giai_trinh"]:
        at = page(name, user=None)
        assert not at.exception, name
        assert [t.label for t in at.text_input] == ["Tên đăng nhập", "Mật khẩu"], name
        assert not at.metric and not at.dataframe, f"{name} shows figures before a login"


def test_login_through_the_form_then_logout(db):
    url, engine = db
    at = page("tong_quan", user=None)
    at.text_input[0].input("chutich")
    at.text_input[1].input(DEMO_PASSWORDS["chutich"])
    at.button[0].click().run()
    assert not at.exception
    assert cards(at), "after the login the overview shows its cards"
    assert len(audit_rows(engine, "login_ok", "chutich")) >= 1
    at.sidebar.button(key="bdh_logout").click().run()
    assert [t.label for t in at.text_input] == ["Tên đăng nhập", "Mật khẩu"] and not at.metric
    assert "đã đăng xuất" in " ".join(i.value for i in at.info)
    assert len(audit_rows(engine, "logout", "chutich")) >= 1


def test_lockout_after_five_failures_with_one_message(db):
    url, engine = db
    with engine.begin() as conn:
        add_user(conn, "kiemthu_khoa", password="mat-khau-dung", role="chairman")
    messages = []
    at = page("tong_quan", user=None)
    for username, password in [("khong_ton_tai", "abcdefgh")] + [("kiemthu_khoa", "sai-mat-khau")] * 5 + \
            [("kiemthu_khoa", "mat-khau-dung")]:
        at.text_input[0].input(username)
        at.text_input[1].input(password)
        at.button[0].click().run()
        messages.append(at.error[0].value if at.error else None)
        assert not at.metric
    assert len(set(messages)) == 1 and messages[0], messages  # no hint which field was wrong, nor of the lock
    assert len(audit_rows(engine, "login_locked", "kiemthu_khoa")) == 1
    assert len(audit_rows(engine, "login_failed", "khong_ton_tai")) == 1


def test_passwords_are_stored_as_argon2_hashes(db):
    url, engine = db
    with engine.connect() as conn:
        stored = dict(conn.execute(select(users.c.username, users.c.password_hash)).all())
    for username, password in DEMO_PASSWORDS.items():
        assert stored[username].startswith("$argon2id$") and password not in stored[username]


@pytest.mark.parametrize("shift, reason", [({"last_seen": timedelta(minutes=31)}, "idle"),
                                           ({"login_at": timedelta(hours=12, minutes=1)}, "absolute")])
def test_session_expiry(db, shift, reason):
    from data_access.schema import login_sessions
    from data_access.sessions import token_hash

    url, engine = db
    at = AppTest.from_file(str(ROOT / "pages" / "nhiem_vu.py"), default_timeout=TIMEOUT)
    now = now_local()
    token = open_session("pct1", at_time=now - shift.get("login_at", timedelta()))
    with engine.begin() as conn:  # the session row as the clock left it
        conn.execute(login_sessions.update().where(login_sessions.c.token_hash == token_hash(token))
                     .values(last_seen_at=now - shift.get("last_seen", timedelta())))
    at.session_state[SESSION_KEY] = {"token": token, "username": "pct1"}
    at.run()
    assert not at.metric and [t.label for t in at.text_input] == ["Tên đăng nhập", "Mật khẩu"]
    assert "hết" in " ".join(i.value for i in at.info)
    rows = audit_rows(engine, "session_expired", "pct1")
    assert sum(json.loads(d)["ly_do"] == reason for d in rows["detail"]) == 1  # one row, not one per run
    at.run()
    assert sum(json.loads(d)["ly_do"] == reason for d in audit_rows(engine, "session_expired", "pct1")["detail"]) == 1


def test_the_session_state_alone_opens_nothing(db):
    """What the old in-memory login trusted — a username in the tab's state — is no session."""
    at = AppTest.from_file(str(ROOT / "pages" / "nhiem_vu.py"), default_timeout=TIMEOUT)
    now = now_local()
    at.session_state[SESSION_KEY] = {"username": "chutich", "login_at": now, "last_seen": now}
    at.run()
    assert not at.metric and [t.label for t in at.text_input] == ["Tên đăng nhập", "Mật khẩu"]
    at.session_state[SESSION_KEY] = {"token": "doan-token-gia", "username": "chutich"}
    at.run()
    assert not at.metric and [t.label for t in at.text_input] == ["Tên đăng nhập", "Mật khẩu"]


def test_logout_ends_the_session_for_every_tab(db):
    first = page("nhiem_vu", user="pct1")
    assert cards(first)
    token = first.session_state[SESSION_KEY]["token"]
    second = AppTest.from_file(str(ROOT / "pages" / "nhiem_vu.py"), default_timeout=TIMEOUT)
    second.session_state[SESSION_KEY] = {"token": token, "username": "pct1"}  # another tab, same cookie
    second.run()
    assert cards(second)
    first.button(key="bdh_logout").click().run()
    assert not first.metric
    second.run()  # its next click
    assert not second.metric and "Bạn đã đăng xuất." in " ".join(i.value for i in second.info)


def test_a_fresh_session_is_kept_and_a_disabled_user_is_out(db):
    url, engine = db
    with engine.begin() as conn:
        add_user(conn, "kiemthu_tat", password="mat-khau-dung", role="chairman")
    at = page("nhiem_vu", user="kiemthu_tat")
    assert cards(at)
    with engine.begin() as conn:
        conn.execute(users.update().where(users.c.username == "kiemthu_tat").values(active=False))
    at.run()
    assert not at.metric


def test_deny_by_default_for_a_user_without_scope(db):
    url, engine = db
    with engine.begin() as conn:
        conn.execute(insert(users).values(username="khach", display_name="Khách", role="guest", password_hash="x",
                                          active=True, failed_attempts=0, created_at=now_local(),
                                          updated_at=now_local()))
    for name in ("tong_quan", "giao_ban"):
        at = page(name, user="khach")
        assert "chưa được cấp quyền" in warnings(at)
        assert not at.metric and not at.dataframe


# --- roles -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("user", ["chutich", "pct1", UNIT_USER])
def test_admin_pages_refuse_other_roles(db, user):
    url, engine = db
    for name in ("du_lieu", "quan_tri"):
        at = page(name, user=user)
        assert "không có quyền" in warnings(at), (user, name)
        assert not at.dataframe and not at.file_uploader
    assert len(audit_rows(engine, "access_denied", user)) >= 2


def test_admin_sees_the_admin_pages(db):
    at = page("du_lieu", user="vanphong")
    assert at.title[0].value == "Dữ liệu" and at.file_uploader
    at = page("quan_tri", user="vanphong")
    assert at.title[0].value == "Quản trị" and at.dataframe


def test_vice_chairman_opens_on_their_units(db):
    at = page("tong_quan", user="pct1")
    assert at.query_params["pv"] in ("lanh-dao", ["lanh-dao"]) and at.query_params["lanh_dao"] in ("PCT1", ["PCT1"])
    assert "phụ trách" in at.caption[0].value
    at = page("tong_quan", user="chutich")
    assert "Toàn tỉnh" in at.caption[0].value


# --- a unit user probing other units ----------------------------------------------------------------

PROBES = [{}, {"don_vi": "SNV"}, {"dv": "SNV,VPUB"}, {"dv": "STC,SNV"}, {"pv": "tat-ca"},
          {"pv": "lanh-dao", "lanh_dao": "PCT3"}, {"pv": "loai", "loai": "district"}, {"don_vi": "H_BINHSON"}]


@pytest.fixture(scope="module")
def unit_figures_this_year(db) -> dict:
    """The unit's figures from the kpi CLI for this year and for the overview's default (this week), asked
    once for the seven pages below (which write none)."""
    url, _ = db
    return {preset: cli_figures(url, preset_period(preset, today()), (UNIT,)) for preset in ("nam-nay", OVERVIEW_PRESET)}


@pytest.mark.parametrize("name", PAGES)
def test_unit_user_sees_only_their_unit_on_every_page(db, unit_figures_this_year, name, monkeypatch):
    url, engine = db
    others = other_unit_names(engine)
    made = []
    import dashboard.ui.audit as audit_module
    real = audit_module.audited

    def capture(build, **kwargs):
        made.append((kwargs, build))
        return real(build, **kwargs)
    monkeypatch.setattr(audit_module, "audited", capture)
    mine = unit_figures_this_year[OVERVIEW_PRESET if name == "tong_quan" else "nam-nay"]
    for params in PROBES:
        at = page(name, user=UNIT_USER, **params)
        assert not at.exception, (name, params, [e.value for e in at.exception])
        text = page_text(at)
        leaked = [n for n in others if n in text]
        assert not leaked, (name, params, leaked[:5])
        assert "Toàn tỉnh" not in text, (name, params)
        for key, value in cards(at).items():  # every card is the unit's own figure
            if name != "giao_ban":
                assert value == KPIS[key].format(mine[key]), (name, params, key)
        assert not any(k in cards(at) for k in ("reception_sessions", "reception_people"))
    for kwargs, build in made:  # the CSV/XLSX downloads hold the unit's rows only
        if kwargs["fmt"] in ("csv", "svg"):
            payload = build()
            payload = payload.decode("utf-8-sig") if isinstance(payload, bytes) else payload
            assert not [n for n in others if n in payload], (name, kwargs["what"])


def test_unit_page_of_another_unit_is_refused_and_audited(db):
    url, engine = db
    at = page("don_vi", user=UNIT_USER, don_vi="SNV")
    assert "Bạn không có quyền xem số liệu của đơn vị này." in warnings(at)
    assert not at.metric and not at.header
    assert [o for o in at.main.selectbox[0].options] == ["Sở Tài chính tỉnh Quảng Ngãi"]  # its official name
    rows = audit_rows(engine, "access_denied", UNIT_USER)
    assert any('"SNV"' in d for d in rows["detail"])


def test_unit_user_league_shows_own_rank_among_all(db):
    at = page("tong_quan", user=UNIT_USER)
    league = next(df.value for df in at.dataframe if "Hạng chung" in df.value.columns)
    assert len(league) == 1
    chair = page("tong_quan", user="chutich")
    full = next(df.value for df in chair.dataframe if "Hạng chung" in df.value.columns)
    assert len(full) > 5
    own = league.iloc[0]
    row = full[full["Đơn vị"] == own["Đơn vị"]]
    assert len(row) == 1, "the unit's row is in the league of every unit"
    # its rank is its rank among every unit (left empty in both when too many units share it)
    assert str(row["Hạng chung"].iloc[0]) == str(own["Hạng chung"]), "the unit's rank is its rank among every unit"


def test_unit_user_filters_offer_no_other_unit(db):
    at = page("nhiem_vu", user=UNIT_USER, pv="chon", dv="SNV")
    assert "Bạn chỉ được xem số liệu của đơn vị mình" in warnings(at)
    assert not [r for r in at.sidebar.radio if "tat-ca" in r.options and "Toàn tỉnh" in str(r.proto)]


def test_briefing_pack_for_a_unit_user_holds_only_its_unit(db):
    from pypdf import PdfReader
    from pptx import Presentation

    from dashboard.render import pack
    from dashboard.briefing.build import build_briefing
    from dashboard.briefing.model import last_full_week
    from data_access.scope import Scope

    url, engine = db
    others = other_unit_names(engine)
    with engine.connect() as conn:
        b = build_briefing(conn, week=last_full_week(today()), scope=Scope(frozenset({UNIT})), scope_label="Sở Tài chính",
                           leaders=False, province_wide=False)
    pdf = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pack.write(b, "pdf"))).pages)
    deck = Presentation(io.BytesIO(pack.write(b, "pptx")))
    pptx = "\n".join(s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame)
    for text in (pdf.replace(SOURCE_STAMP, ""), pptx.replace(SOURCE_STAMP, "")):
        assert "Sở Tài chính" in text
        assert not [n for n in others if n in text]
        assert KPIS["reception_sessions"].label not in text and KPIS["reception_people"].label not in text
        assert "buổi tiếp công dân" not in text  # nor in the sentences (province-wide, no unit to cut by)


def test_pack_through_the_page_is_audited(db):
    url, engine = db
    at = page("giao_ban", user=UNIT_USER)
    assert "Theo Phó Chủ tịch phụ trách" not in page_text(at)
    at.button(key="bb-make").click().run()
    assert not at.exception
    rows = audit_rows(engine, "briefing_pack", UNIT_USER)
    assert len(rows) == 1 and "Sở Tài chính" in rows["detail"].iloc[0]


def test_export_is_audited_with_its_filters(db, monkeypatch):
    url, engine = db
    made = []
    import dashboard.ui.audit as audit_module
    real = audit_module.audited
    monkeypatch.setattr(audit_module, "audited", lambda build, **kw: made.append(real(build, **kw)) or made[-1])
    page("nhiem_vu", user="pct1", ky="nam-truoc")
    made[0]()  # what a click on a download button runs
    detail = json.loads(audit_rows(engine, "export", "pct1")["detail"].iloc[0])
    assert detail["dinh_dang"] in ("csv", "xlsx", "png", "svg") and "Năm" in detail["ky"]


# --- imported text is inert ---------------------------------------------------------------------------

def _csv(path: Path, header: str, rows: list[list[str]]) -> Path:
    import csv
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header.split(","))
        w.writerows(rows)
    return path


def test_imported_markup_is_shown_as_text(db, tmp_path):
    url, engine = db
    year = today().year
    _csv(tmp_path / "units.csv", "code,name,kind,parent_code,supervising_leader,valid_from,valid_to",
         [["XSS1", PAYLOADS[1], "department", "", "PCT1", "2021-01-01", ""]])
    _csv(tmp_path / "tasks.csv", "task_id,title,source_doc,assigned_by,lead_unit,co_units,assigned_date,due_date,"
         "original_due_date,completed_date,progress_note",
         [[f"XSS-{i}", p, "1/UBND", "PCT1", "XSS1", "", f"{year}-01-02", f"{year}-01-03", "", "", ""]
          for i, p in enumerate(PAYLOADS)])
    assert import_file(engine, "units", tmp_path / "units.csv", user="kiem_thu").status == "ok"
    assert import_file(engine, "tasks", tmp_path / "tasks.csv", user="kiem_thu").status == "ok"
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(tasks)).scalar() > 0  # no SQL ran from a title
    for name, params in (("nhiem_vu", {}), ("don_vi", {"don_vi": "XSS1"}), ("tong_quan", {})):
        at = page(name, **params)
        assert not at.exception
        tables = "\n".join(df.value.to_csv() for df in at.dataframe)
        markdown = [e.value for kind in ("markdown", "caption", "header", "title", "warning", "info", "subheader")
                    for e in getattr(at, kind)]
        # in the tables as they are, or in the overview's lists escaped (md) so that they read as typed
        shown = [p for p in PAYLOADS if p in tables or any(md(p) in m for m in markdown)]
        assert shown, f"{name}: the titles appear, as text, in the tables or the lists"
        for payload in PAYLOADS:
            assert not [m for m in markdown if payload in m], f"{name}: raw markup reached a Markdown element"
    at = page("don_vi", don_vi="XSS1")
    assert at.header[0].value == md(PAYLOADS[1])


# --- the data page -------------------------------------------------------------------------------------

def _count_tasks(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(tasks)).scalar()


def test_data_page_bad_file_reports_and_writes_nothing_good_file_updates_live(db):
    url, engine = db
    year = today().year
    header = "task_id,title,source_doc,assigned_by,lead_unit,co_units,assigned_date,due_date,original_due_date," \
             "completed_date,progress_note\n"
    bad = header + f"DL-1,Việc một,,PCT1,STC,,{year}-02-30,,,,\nDL-2,,,KHONGCO,STC,,{year}-02-01,,,,\n"
    good = header + "".join(f"DL-OK-{i},Việc mới {i},,PCT1,STC,,{year}-01-05,,,,\n" for i in range(3))
    before_tasks = _count_tasks(engine)
    tasks_page = page("nhiem_vu", user="vanphong")
    before_card = cards(tasks_page)["tasks_total"]

    at = page("du_lieu", user="vanphong")
    at.selectbox(key="import-kind").set_value("tasks").run()
    at.file_uploader[0].set_value(("nhiem_vu_loi.csv", bad.encode(), "text/csv")).run()
    report = next(df.value for df in at.dataframe if list(df.value.columns) == ["Dòng", "Cột", "Giá trị", "Lý do"])
    assert set(report["Dòng"]) == {2, 3}
    assert at.button(key="import-tasks").disabled
    assert _count_tasks(engine) == before_tasks

    at.file_uploader[0].set_value(("nhiem_vu_moi.csv", good.encode(), "text/csv")).run()
    assert not at.button(key="import-tasks").disabled
    at.button(key="import-tasks").click().run()
    assert not at.exception
    assert _count_tasks(engine) == before_tasks + 3
    assert "nhiem_vu_moi.csv" in page_text(at)  # the history shows the run
    rows = audit_rows(engine, "import", "vanphong")
    assert json.loads(rows["detail"].iloc[0])["them_moi"] == 3
    tasks_page.run()  # the same session, one run later: the new data version shows the new count
    after = int(cards(tasks_page)["tasks_total"].replace(".", ""))
    assert after == int(before_card.replace(".", "")) + 3


def test_user_changes_through_the_admin_page_are_audited(db):
    url, engine = db
    at = page("quan_tri", user="vanphong")
    form = at.tabs[1]
    form.text_input[0].input("moi_tao")
    form.text_input[1].input("Người mới <b>tạo</b>")
    form.selectbox[0].set_value("unit")
    form.selectbox[1].set_value("STC")
    form.text_input[2].input("mat-khau-moi")
    form.button[0].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert len(audit_rows(engine, "user_add", "vanphong")) == 1
    at.tabs[1].selectbox(key="passwd-user").set_value("moi_tao")
    at.tabs[1].text_input[3].input("mat-khau-khac")
    at.tabs[1].button[1].click().run()
    assert len(audit_rows(engine, "user_passwd", "vanphong")) == 1
    at.tabs[1].selectbox(key="disable-user").set_value("moi_tao")
    at.tabs[1].checkbox[0].check()
    at.tabs[1].button[2].click().run()
    assert len(audit_rows(engine, "user_disable", "vanphong")) == 1
    log = at.tabs[0]
    assert log.dataframe, "the audit log is listed"


# --- a vice-chairman's tasks page: the tasks they assigned ---------------------------------------

TASK_CARDS = ["tasks_total", "task_due_completion_rate", "task_on_time_rate", "tasks_overdue", "tasks_overdue_all"]


def _task_cards(engine, assigned_by=None) -> dict[str, str]:
    from data_access.tasks import task_figures

    with engine.connect() as conn:
        f = task_figures(conn, period=preset_period("nam-nay", today()), assigned_by=assigned_by)
    return {k: KPIS[k].format(f[k]) for k in TASK_CARDS}


def _listed_leaders(at: AppTest) -> set[str]:
    out: set[str] = set()
    for df in at.dataframe:
        if "Lãnh đạo giao" in df.value.columns:
            out |= set(df.value["Lãnh đạo giao"])
    return out


def test_vice_chairman_tasks_page_opens_on_the_tasks_they_assigned(db):
    url, engine = db
    from data_access.schema import leaders

    with engine.connect() as conn:
        code = conn.execute(select(users.c.leader_code).where(users.c.username == "pct1")).scalar()
        names = dict(conn.execute(select(leaders.c.code, leaders.c.name)).all())
    assert code == "PCT1"
    mine, everyone = _task_cards(engine, "PCT1"), _task_cards(engine)
    assert mine != everyone
    at = page("nhiem_vu", user="pct1", pv="tat-ca")  # the whole province, so only the assigner narrows
    assert at.query_params["nguoi_giao"] in ("PCT1", ["PCT1"])
    assert at.selectbox(key="f_nguoi_giao__PCT1").value == "PCT1"
    assert {k: v for k, v in cards(at).items() if k in TASK_CARDS} == mine
    assert _listed_leaders(at) == {names["PCT1"]}  # overdue, due soon and detail lists: PCT1's tasks only
    # "Tất cả" in the URL overrides the default
    at = page("nhiem_vu", user="pct1", pv="tat-ca", nguoi_giao="tat-ca")
    assert {k: v for k, v in cards(at).items() if k in TASK_CARDS} == everyone
    assert len(_listed_leaders(at)) > 1
    # the widget writes the URL
    at.selectbox(key="f_nguoi_giao__tat-ca").set_value("PCT1").run()
    assert at.query_params["nguoi_giao"] in ("PCT1", ["PCT1"])
    assert {k: v for k, v in cards(at).items() if k in TASK_CARDS} == mine
    # other pages keep the province / units view
    over = page("tong_quan", user="pct1", pv="tat-ca")
    assert "nguoi_giao" not in over.query_params


def test_assigner_choice_for_the_chairman_and_an_unknown_code(db):
    url, engine = db
    at = page("nhiem_vu", user="chutich")
    assert "nguoi_giao" not in at.query_params
    assert {k: v for k, v in cards(at).items() if k in TASK_CARDS} == _task_cards(engine)
    at = page("nhiem_vu", user="chutich", nguoi_giao="KHONG_CO")
    assert "Không có lãnh đạo giao mã “KHONG\\_CO”" in warnings(at)
    assert "nguoi_giao" not in at.query_params
    assert {k: v for k, v in cards(at).items() if k in TASK_CARDS} == _task_cards(engine)
    at = page("nhiem_vu", user="pct1", pv="tat-ca", nguoi_giao="<b>x</b>")
    assert "Không có lãnh đạo giao mã" in warnings(at)
    assert at.query_params["nguoi_giao"] in ("PCT1", ["PCT1"])
    assert {k: v for k, v in cards(at).items() if k in TASK_CARDS} == _task_cards(engine, "PCT1")


def test_unit_user_par_card_shows_its_own_standing(db):
    at = page("tong_quan", user=UNIT_USER)
    par = [m for m in at.metric if "CCHC" in m.label]
    assert par and all("dẫn đầu" not in m.label for m in par)
    assert par[0].label.startswith("Chỉ số CCHC của đơn vị") and par[0].value == "Sở Tài chính tỉnh Quảng Ngãi"
    chair = page("tong_quan", user="chutich")
    assert any("Sở, ngành dẫn đầu" in m.label for m in chair.metric)
    delta = par[0].proto.delta
    assert "hạng " in delta and "/" in delta, delta
    rank, total = delta.split("hạng ")[1].split(" ")[0].split("/")
    assert 1 <= int(rank) <= int(total) and int(total) > 1


def _par_cards(payload: str, own: bool) -> None:
    from dashboard.ui import components as ui

    figures = {"par_year": 2025, "par": [{"unit": "XSS1", "name": payload, "kind": "department", "rank": 1,
                                          "rank_of": 15, "percent": 0.9, "score": 90, "max": 100, "change": None}]}
    if own:
        ui.par_standing(figures)
    else:
        ui.par_leaders(figures)


@pytest.mark.parametrize("own", [False, True])
def test_unit_names_in_metric_values_are_escaped(own):
    """st.metric renders its value as Markdown (seen in Chromium: `**x**` became bold): names go through md()."""
    payload = "<img src=x onerror=alert(1)> **đậm** [bấm](javascript:alert(1))"
    at = AppTest.from_function(_par_cards, args=(payload, own), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [m.value for m in at.metric] == [md(payload)]
    if own:
        assert at.metric[0].proto.delta.startswith("hạng 1/15")


def test_data_page_imports_a_dossier_file_through_the_bulk_path_and_the_figures_follow(db):
    """A dossier file uploaded on /du-lieu goes the bulk way (staged, written set-wise, rollups once): the rows
    are there, the rollups equal a rebuild, and the history shows the run."""
    from data_access import rollups
    from data_access.schema import dossier_daily, dossiers
    url, engine = db
    year = today().year
    header = ("dossier_id,unit,procedure_code,procedure_name,field,channel,received_at,due_at,resolved_at,"
              "end_state,ended_at,rating\n")
    good = header + "".join(f"DL-HS-{i},STC,1.DL01,Thủ tục nhập thử,Tài chính,trực tuyến,{year}-01-0{1 + i % 5} 08:00,"
                            f"{year}-01-20,{year}-01-1{i % 5} 10:00,,,hài lòng\n" for i in range(7))
    with engine.connect() as conn:
        before = conn.execute(select(func.sum(dossier_daily.c.received)).where(dossier_daily.c.unit == "STC")).scalar()
    at = page("du_lieu", user="vanphong")
    at.selectbox(key="import-kind").set_value("dossiers").run()
    at.file_uploader[0].set_value(("ho_so_moi.csv", good.encode(), "text/csv")).run()
    assert not at.button(key="import-dossiers").disabled
    at.button(key="import-dossiers").click().run()
    assert not at.exception
    assert "ho_so_moi.csv" in page_text(at)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(dossiers).where(
            dossiers.c.dossier_id.like("DL-HS-%"))).scalar() == 7
        assert conn.execute(select(func.sum(dossier_daily.c.received)).where(
            dossier_daily.c.unit == "STC")).scalar() == (before or 0) + 7
        kept = sorted(tuple(r) for r in conn.execute(select(dossier_daily)) if any(r[-5:]))
        rollups.rebuild(conn)
        assert sorted(tuple(r) for r in conn.execute(select(dossier_daily)) if any(r[-5:])) == kept
        conn.rollback()


def test_the_import_bar_moves_forward_through_reading_writing_and_rollups():
    from dashboard.ui.admin import progress_step
    text_of, share_of = progress_step(1000)
    steps = [("validate", 0), ("validate", 500), ("validate", 1000), ("write", 0), ("write", 1000),
             ("rollups", 0), ("rollups", 1000)]
    shares = [share_of(*s) for s in steps]
    assert shares == sorted(shares) and shares[0] == 0 and shares[-1] == 1
    assert text_of("validate", 500) == "Đang đọc và kiểm tra tệp: 500/1.000 dòng"
    assert text_of("rollups", 1000) == "Đang cập nhật số liệu tổng hợp: 1.000/1.000 dòng"
