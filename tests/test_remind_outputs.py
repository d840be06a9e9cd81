"""`python -m dashboard remind`: JSON, the official letter (DOCX), e-mails, and delivery to a real SMTP server
(aiosmtpd on 127.0.0.1, started here) with the log that retries failures and never sends twice.
On SQLite and PostgreSQL.
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
from datetime import date, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from docx import Document
from sqlalchemy import select

from builders import add_dossier, add_edge, add_petition, add_task, add_unit
from data_access import rollups
from data_access.org import current
from data_access.reminders import reminders
from data_access.schema import leaders, procedures, reminder_log
from data_access.scope import Scope
from dashboard.followup.letter import letter_docx
from dashboard.followup.model import JSON_KEYS, from_rows

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 11, 30)
SPLIT = date(2025, 7, 1)


def province(conn) -> None:
    """Two departments with addresses, one without, a district dissolved into a commune (SPEC §2.5)."""
    from datetime import datetime
    conn.execute(leaders.insert(), [{"code": "CT", "name": "Chủ tịch UBND tỉnh", "title": "chairman"}])
    conn.execute(procedures.insert(), [{"code": "TT1", "name": "Thủ tục 1", "field": "Đất đai"}])
    add_unit(conn, "STC", "Sở Tài chính")
    add_unit(conn, "SXD", "Sở Xây dựng")
    add_unit(conn, "SNV", "Sở Nội vụ")
    add_unit(conn, "H_BS", "Huyện Bình Sơn", "district", valid_to=SPLIT - timedelta(days=1))
    add_unit(conn, "X_BS", "Xã Bình Sơn", "commune", valid_from=SPLIT)
    add_edge(conn, "H_BS", "X_BS", SPLIT, "split", primary=True)
    rollups.sync_boundaries(conn)
    from data_access.schema import units
    conn.execute(units.update().where(units.c.code == "STC").values(email="vanthu.stc@example.vn"))
    conn.execute(units.update().where(units.c.code == "X_BS").values(email="ubnd.binhson@example.vn; vp.binhson@example.vn"))
    add_task(conn, assigned=date(2026, 9, 1), due=date(2026, 11, 2), unit="STC", task_id="NV-STC-1")
    add_task(conn, assigned=date(2026, 9, 1), due=DAY + timedelta(days=3), unit="STC", task_id="NV-STC-2")
    add_task(conn, assigned=date(2026, 9, 1), due=date(2026, 10, 15), unit="SXD", task_id="NV-SXD-1")
    add_task(conn, assigned=date(2025, 5, 1), due=date(2025, 12, 31), unit="H_BS", task_id="NV-HUYEN")
    add_dossier(conn, received=datetime(2026, 11, 1, 8), due=datetime(2026, 11, 10, 17), unit="STC")
    add_petition(conn, received=date(2026, 6, 1), due=date(2026, 8, 1), unit="X_BS")


@pytest.fixture
def db(engine, migrated_url):
    with engine.begin() as conn:
        province(conn)
    return migrated_url


def remind(db_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", "remind", "--db", db_url, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def log_rows(engine) -> list[tuple]:
    c = reminder_log.c
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(c.unit, c.channel, c.outcome).order_by(c.id))]


# ---- JSON and the command line -------------------------------------------------------------------

def test_json_has_exactly_the_spec_keys_and_one_object_per_unit_with_items(db, engine, tmp_path):
    done = remind(db, "--as-of", DAY.isoformat(), "--format", "json", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    found = json.loads((tmp_path / "reminders.json").read_text(encoding="utf-8"))
    assert [r["unit"] for r in found] == ["STC", "SXD", "X_BS"], "Sở Nội vụ has nothing: no reminder"
    assert all(list(r) == JSON_KEYS for r in found)
    stc = found[0]
    assert stc == {"unit": "STC", "name": "Sở Tài chính", "as_of": "2026-11-30",
                   "tasks_due_soon": [{"task_id": "NV-STC-2", "title": "Nhiệm vụ NV-STC-2", "due_date": "2026-12-03"}],
                   "tasks_overdue": [{"task_id": "NV-STC-1", "title": "Nhiệm vụ NV-STC-1", "due_date": "2026-11-02",
                                      "days_overdue": 28}],
                   "dossiers_pending_overdue": 1, "oldest_dossier_due": "2026-11-10",
                   "petitions_overdue": 0, "oldest_petition_due": None}
    assert [t["task_id"] for t in found[2]["tasks_overdue"]] == ["NV-HUYEN"], "the district's task went to the commune"
    assert log_rows(engine) == [("STC", "json", "built"), ("SXD", "json", "built"), ("X_BS", "json", "built")]


def test_unit_and_days_options(db, tmp_path):
    done = remind(db, "--as-of", DAY.isoformat(), "--unit", "STC", "--days", "2", "--format", "json",
                  "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    (only,) = json.loads((tmp_path / "reminders.json").read_text(encoding="utf-8"))
    assert only["unit"] == "STC" and only["tasks_due_soon"] == []


@pytest.mark.parametrize("args, message", [
    (["--as-of", "2026-13-01", "--format", "json"], "ngày không hợp lệ"),
    (["--as-of", "2026-11-30", "--format", "pdf"], "giá trị không hợp lệ"),
    (["--as-of", "2026-11-30", "--format", "json", "--unit", "KHONG_CO"], "Không có đơn vị: KHONG_CO"),
    (["--as-of", "2026-11-30", "--format", "json", "--unit", "H_BS"], "Xã Bình Sơn (X_BS)"),
    (["--as-of", "2026-11-30", "--format", "json", "--days", "-1"], "--days phải từ 0 đến 366"),
    (["--as-of", "2026-11-30", "--format", "eml", "--send"], "--send cần --smtp"),
    (["--as-of", "2026-11-30", "--format", "eml", "--send", "--smtp", "localhost", "--sender", "a@b.vn"],
     "địa chỉ máy chủ thư không hợp lệ"),
    (["--as-of", "2026-11-30", "--format", "eml", "--send", "--smtp", "127.0.0.1:25"], "địa chỉ gửi thư hợp lệ"),
])
def test_bad_input_exits_2_with_a_vietnamese_message_and_writes_nothing(db, tmp_path, args, message):
    done = remind(db, *args, "--out", str(tmp_path))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_missing_output_folder_exits_2(db, tmp_path):
    done = remind(db, "--as-of", "2026-11-30", "--format", "docx", "--out", str(tmp_path / "khong-co"))
    assert done.returncode == 2 and "không tồn tại" in done.stderr


# ---- the official letter ----------------------------------------------------------------------------

def docx_text(path_or_bytes) -> str:
    import io
    doc = Document(io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
                for inner in cell.tables:
                    parts += [c.text for r in inner.rows for c in r.cells]
    return "\n".join(parts)


def test_one_letter_per_unit_holds_its_name_the_date_and_every_task_id(db, tmp_path):
    done = remind(db, "--as-of", DAY.isoformat(), "--format", "docx", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["cong-van-don-doc_STC_2026-11-30.docx", "cong-van-don-doc_SXD_2026-11-30.docx",
                     "cong-van-don-doc_X_BS_2026-11-30.docx"]
    text = docx_text(tmp_path / files[0])
    for words in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
                  "VĂN PHÒNG", "Số:", "V/v đôn đốc", "Quảng Ngãi, ngày", "Kính gửi: Sở Tài chính.", "30/11/2026",
                  "NV-STC-1", "NV-STC-2", "Nơi nhận:", "CHÁNH VĂN PHÒNG", "1 hồ sơ", "10/11/2026"]:
        assert words in text, words
    assert "NV-SXD-1" not in text
    fonts = {run.font.name for p in Document(tmp_path / files[0]).paragraphs for run in p.runs}
    assert fonts == {"Times New Roman"}


def test_all_letters_in_one_file(db, engine, tmp_path):
    done = remind(db, "--as-of", DAY.isoformat(), "--format", "docx", "--one-file", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    (one,) = tmp_path.iterdir()
    text = docx_text(one)
    assert text.count("Kính gửi:") == 3
    assert all(t in text for t in ["NV-STC-1", "NV-SXD-1", "NV-HUYEN", "Xã Bình Sơn"])
    with engine.connect() as conn:
        rows = reminders(conn, as_of=DAY, scope=Scope(frozenset({"X_BS"}), current(DAY)))
    assert "NV-HUYEN" in docx_text(letter_docx(from_rows(rows, 7)))


# ---- e-mail: files and a real SMTP server ---------------------------------------------------------------

def test_eml_files_parse_back_with_vietnamese_subject_and_body(db, tmp_path):
    done = remind(db, "--as-of", DAY.isoformat(), "--format", "eml", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    msg = message_from_bytes((tmp_path / "don-doc_X_BS_2026-11-30.eml").read_bytes(), policy=policy.default)
    assert msg["Subject"] == "Đôn đốc Xã Bình Sơn: việc cần xử lý tính đến ngày 30/11/2026"
    assert msg["To"] == "ubnd.binhson@example.vn, vp.binhson@example.vn"
    plain = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    for text in (plain, html):
        assert "Xã Bình Sơn" in text and "NV-HUYEN" in text and "đơn thư quá hạn giải quyết" in text


class Inbox:
    """An aiosmtpd handler that keeps what it accepts, or refuses every recipient with 550."""

    def __init__(self):
        self.messages: list = []
        self.refuse = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 5.7.1 Hộp thư không nhận thư này"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.original_content,
                                                                            policy=policy.default)))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.address = f"127.0.0.1:{port}"
    yield inbox
    controller.stop()


def send(db_url: str, smtp, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return remind(db_url, "--as-of", DAY.isoformat(), "--format", "eml", "--out", str(out), "--send",
                  "--smtp", smtp.address, "--sender", "vanphong@quangngai.gov.vn", *extra)


def test_one_message_per_reachable_unit_over_smtp_and_the_unreachable_one_listed(db, engine, smtp, tmp_path):
    done = send(db, smtp, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "đã gửi 2, lỗi 0, không có địa chỉ 1" in done.stdout
    assert "SXD: chưa có địa chỉ thư điện tử" in done.stderr
    by_subject = {m["Subject"]: (to, m) for to, m in smtp.messages}
    assert sorted(by_subject) == ["Đôn đốc Sở Tài chính: việc cần xử lý tính đến ngày 30/11/2026",
                                  "Đôn đốc Xã Bình Sơn: việc cần xử lý tính đến ngày 30/11/2026"]
    to, msg = by_subject["Đôn đốc Xã Bình Sơn: việc cần xử lý tính đến ngày 30/11/2026"]
    assert to == ["ubnd.binhson@example.vn", "vp.binhson@example.vn"]
    assert msg["From"] == "vanphong@quangngai.gov.vn"
    plain = msg.get_body(("plain",)).get_content()
    assert "Kính gửi: Xã Bình Sơn" in plain and "NV-HUYEN" in plain and "tính đến ngày 30/11/2026" in plain
    assert "NV-HUYEN" in msg.get_body(("html",)).get_content()
    emails = sorted(r for r in log_rows(engine) if r[1] == "email")
    assert emails == [("STC", "email", "sent"), ("SXD", "email", "unreachable"), ("X_BS", "email", "sent")]


def test_a_refusing_server_is_recorded_retried_next_run_and_never_sent_twice(db, engine, smtp, tmp_path):
    smtp.refuse = True
    first = send(db, smtp, tmp_path)
    assert first.returncode == 3, first.stderr
    assert "lỗi 2" in first.stdout and "550" in first.stderr
    assert smtp.messages == []
    c = reminder_log.c
    with engine.connect() as conn:
        errors = conn.execute(select(c.unit, c.error).where(c.outcome == "failed").order_by(c.unit)).all()
    assert [u for u, _ in errors] == ["STC", "X_BS"] and all("550" in e for _, e in errors)

    smtp.refuse = False
    second = send(db, smtp, tmp_path)
    assert second.returncode == 0, second.stderr
    assert len(smtp.messages) == 2

    third = send(db, smtp, tmp_path)
    assert third.returncode == 0 and "đã gửi 0" in third.stdout and "đã gửi từ trước 2" in third.stdout
    assert len(smtp.messages) == 2, "a delivered reminder is never sent again for the same day"
    emails = [r for r in log_rows(engine) if r[1] == "email" and r[0] != "SXD"]
    assert emails == [("STC", "email", "failed"), ("X_BS", "email", "failed"),
                      ("STC", "email", "sent"), ("X_BS", "email", "sent")]


def test_a_server_that_is_not_there_is_a_recorded_failure(db, engine, tmp_path):
    done = remind(db, "--as-of", DAY.isoformat(), "--format", "json", "--out", str(tmp_path), "--send",
                  "--smtp", f"127.0.0.1:{free_port()}", "--sender", "vanphong@quangngai.gov.vn")
    assert done.returncode == 3
    assert "Không kết nối được máy chủ thư" in done.stderr
    assert ("STC", "email", "failed") in log_rows(engine)


def test_a_claimed_email_is_not_sent_by_another_run_and_a_stale_claim_is_retried(db, engine, smtp, tmp_path):
    """A run claims a unit's e-mail before sending it: a second run at the same moment leaves it alone;
    a claim left by a run that died is released after 30 minutes and the reminder goes out."""
    from data_access.clock import now_local

    with engine.begin() as conn:
        claim = reminders_log_claim(conn)
    done = send(db, smtp, tmp_path)
    assert done.returncode == 0, done.stderr
    assert [to for to, _ in smtp.messages] == [["ubnd.binhson@example.vn", "vp.binhson@example.vn"]]
    with engine.begin() as conn:  # the first run died 31 minutes ago without settling its claim
        conn.execute(reminder_log.update().where(reminder_log.c.id == claim)
                     .values(at=now_local() - timedelta(minutes=31)))
    again = send(db, smtp, tmp_path)
    assert again.returncode == 0, again.stderr
    assert sorted(to[0] for to, _ in smtp.messages) == ["ubnd.binhson@example.vn", "vanthu.stc@example.vn"]
    c = reminder_log.c
    with engine.connect() as conn:
        stc = conn.execute(select(c.outcome, c.error).where(c.unit == "STC", c.channel == "email")
                           .order_by(c.id)).all()
    assert [o for o, _ in stc] == ["failed", "sent"] and "gián đoạn" in stc[0].error


def reminders_log_claim(conn) -> int:
    from data_access.reminders import claim

    first = claim(conn, username="cli:other", unit="STC", as_of=DAY, recipient="vanthu.stc@example.vn")
    assert first is not None
    assert claim(conn, username="cli:other", unit="STC", as_of=DAY, recipient="x") is None  # one claim only
    return first


def test_two_runs_started_together_send_each_reminder_once(db, smtp, tmp_path):
    for i in (1, 2):
        (tmp_path / str(i)).mkdir()
    runs = [subprocess.Popen([sys.executable, "-m", "dashboard", "remind", "--db", db, "--as-of", DAY.isoformat(),
                              "--format", "eml", "--out", str(tmp_path / str(i)), "--send", "--smtp", smtp.address,
                              "--sender", "vanphong@quangngai.gov.vn"], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for i in (1, 2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    assert sorted(to[0] for to, _ in smtp.messages) == ["ubnd.binhson@example.vn", "vanthu.stc@example.vn"]


def test_the_letter_and_the_email_ask_for_stale_data_and_the_json_keeps_its_keys(db, engine, smtp, tmp_path):
    """Stale sources (SPEC §2.6 freshness): STC's tasks last fed 20 days before the day (threshold 14), its
    dossiers yesterday, its petitions never — the letter and the e-mail name the first and the last."""
    from datetime import datetime

    from data_access.schema import unit_freshness

    with engine.begin() as conn:
        conn.execute(unit_freshness.insert(), [
            {"unit": "STC", "source": "tasks", "last_fed_at": datetime(2026, 11, 10, 9), "rows_fed": 3},
            {"unit": "STC", "source": "dossiers", "last_fed_at": datetime(2026, 11, 29, 17), "rows_fed": 40}])
    expected = "Số liệu chậm cập nhật lên Bảng điều hành: nhiệm vụ (lần cuối ngày 10/11/2026); đơn thư (chưa từng cập nhật)"
    done = remind(db, "--as-of", DAY.isoformat(), "--unit", "STC", "--format", "docx", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    text = docx_text(tmp_path / "cong-van-don-doc_STC_2026-11-30.docx")
    assert expected in text and "hồ sơ thủ tục hành chính (" not in text
    sent = send(db, smtp, tmp_path, "--unit", "STC")
    assert sent.returncode == 0, sent.stderr
    (_, message), = smtp.messages
    assert expected in message.get_body(("plain",)).get_content()
    done = remind(db, "--as-of", DAY.isoformat(), "--unit", "STC", "--format", "json", "--out", str(tmp_path))
    assert list(json.loads((tmp_path / "reminders.json").read_text(encoding="utf-8"))[0]) == JSON_KEYS
