"""The Office's page `/don-doc` in a real browser (Debian Chromium) against the dashboard as `make run` starts
it, with a real SMTP server (aiosmtpd on 127.0.0.1) as the province's mail server: the letters download and
open, the send button delivers one message per reachable unit and the log shows it; a second press sends
nothing again. A unit officer gets the "không có quyền" notice there, and sees its own reminder on its start
page. Without SMTP settings the page says so in Vietnamese (AppTest).
"""
from __future__ import annotations

import io
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from docx import Document
from streamlit.testing.v1 import AppTest

from auth_helpers import browser_login, login
from briefing_db import TODAY, seeded_sqlite_url
from browser_support import ARGS, CHROMIUM, READY, need_chromium, running_app, settle
from data_access.db import make_engine
from data_access.org import current
from data_access.reminders import reminders
from data_access.scope import Scope

ROOT = Path(__file__).resolve().parent.parent


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.original_content,
                                                                            policy=policy.default)))
        return "250 OK"


def expected(url: str) -> list[dict]:
    from datetime import date
    engine = make_engine(url)
    with engine.connect() as conn:
        found = reminders(conn, as_of=date.fromisoformat(TODAY), scope=Scope(None, current(date.fromisoformat(TODAY))))
    engine.dispose()
    return found


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    need_chromium()
    from aiosmtpd.controller import Controller
    from browser_support import free_port

    url = seeded_sqlite_url(tmp_path_factory)  # a copy of its own: this module writes to it
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    log = tmp_path_factory.mktemp("browser_reminders") / "streamlit.log"
    try:
        with running_app(url, log, BDH_TODAY=TODAY, BDH_REFRESH_SECONDS="600", BDH_SMTP=f"127.0.0.1:{port}",
                         BDH_SMTP_SENDER="vanphong@quangngai.gov.vn") as base:
            yield {"base": base, "url": url, "inbox": inbox, "log": log}
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def browser(app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def tab(browser, app, user: str, path: str, shown: str):
    """A logged-in tab on `path`, once the element `shown` is there (the page's run may start after the first
    idle state: its figures take a few seconds on the first visit)."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    browser_login(page, app["base"] + "/", user, ready=READY)
    page.goto(app["base"] + path)
    page.locator(shown).first.wait_for(timeout=120_000)
    settle(page)
    return page


def download(page, key: str, folder: Path) -> Path:
    button = page.locator(f'.st-key-{key} [data-testid="stDownloadButton"] button')
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=120_000) as info:
        button.click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


def text_of(path: Path) -> str:
    doc = Document(io.BytesIO(path.read_bytes()))
    return "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for row in t.rows for c in row.cells])


def test_the_office_downloads_the_letters_sends_the_emails_and_reads_the_log(app, browser, tmp_path):
    found = expected(app["url"])
    assert found, "the seeded day has reminders"
    page = tab(browser, app, "vanphong", "/don-doc", ".st-key-remind-send")
    assert page.get_by_role("heading", name="Đôn đốc").count() >= 1
    page.get_by_text("Đơn vị cần đôn đốc").wait_for(timeout=60_000)
    assert page.locator('[data-testid="stMetricValue"]').first.inner_text() == str(len(found))

    every = download(page, "remind-docx-all", tmp_path)
    assert every.name == f"cong-van-don-doc_{TODAY}.docx"
    text = text_of(every)
    assert text.count("Kính gửi:") == len(found)
    assert all(r["name"] in text for r in found)
    assert all(t["task_id"] in text for r in found for t in r["tasks_overdue"] + r["tasks_due_soon"])

    first = found[0]
    one = download(page, "remind-docx-one", tmp_path)
    assert one.name == f"cong-van-don-doc_{first['unit']}_{TODAY}.docx"
    assert f"Kính gửi: {first['name']}." in text_of(one)

    reachable = [r for r in found if r["email"]]
    page.locator(".st-key-remind-send button").click()
    page.get_by_text("Thư đôn đốc: đã gửi").wait_for(timeout=120_000)
    settle(page)
    assert f"đã gửi {len(reachable)}, lỗi 0" in page.inner_text("body")
    inbox = app["inbox"].messages
    assert len(inbox) == len(reachable)
    subjects = {m["Subject"] for _, m in inbox}
    assert subjects == {f"Đôn đốc {r['name']}: việc cần xử lý tính đến ngày 30/11/2026" for r in reachable}
    assert page.locator('.st-key-remind-log-box [data-testid="stDataFrame"]').count() == 1

    page.locator(".st-key-remind-send button").click()  # the same day again: nobody gets a second message
    page.get_by_text("đã gửi từ trước").wait_for(timeout=120_000)
    assert len(app["inbox"].messages) == len(reachable)


def test_a_unit_officer_is_refused_the_page_and_sees_its_own_reminder_at_home(app, browser):
    page = tab(browser, app, "so_taichinh", "/don-doc", '[data-testid="stAlert"]')
    assert "không có quyền" in page.inner_text("body")
    assert page.locator(".st-key-remind-send").count() == 0
    page.goto(app["base"] + "/")
    page.locator(".st-key-own-reminder").wait_for(timeout=120_000)
    assert "Tỉnh đang chờ đơn vị" in page.locator(".st-key-own-reminder").inner_text()


def test_without_smtp_settings_the_page_says_what_to_set(app, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app["url"])
    monkeypatch.setenv("BDH_TODAY", TODAY)
    for name in ("BDH_SMTP", "BDH_SMTP_SENDER"):
        monkeypatch.delenv(name, raising=False)
    at = AppTest.from_file(str(ROOT / "pages" / "don_doc.py"), default_timeout=120)
    login(at, "vanphong")
    at.run()
    assert not at.exception
    assert any("Chưa gửi được thư" in w.value and "BDH_SMTP" in w.value for w in at.warning)
    assert at.button(key="remind-send").disabled
    # what the first test built and sent is in the log the Office reads
    (log,) = [d.value for d in at.dataframe if "Kết quả" in d.value.columns]
    assert set(log["Kết quả"]) >= {"Đã tạo", "Đã gửi"} and set(log["Người thực hiện"]) == {"vanphong"}
    assert set(log["Hình thức"]) >= {"Công văn (DOCX)", "Thư điện tử"}
