"""Real browser: an explanation request from a red card to its answer and its closing (SPEC §2.6), and who may see it.

The Chairman asks Sở Tài chính (STC) about its on-time dossier rate from the red card of its unit page; the
department's officer sees the request on the start page and on /giai-trinh and answers it; the Chairman reads
the answer and closes it; the officer of Xã Bình Sơn finds it by no address. A request left unanswered past its
due date is on the briefing agenda. The texts hold Markdown and HTML: they must read as typed.

The dashboard on a seeded SQLite database; Playwright with Debian's Chromium (skips without it, except in CI).
"""
from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from auth_helpers import browser_login
from browser_support import ARGS, CHROMIUM, ERROR, READY, need_chromium, running_app, settle

QUESTION = "Đề nghị làm rõ vì sao *tỷ lệ* thấp <b>đậm</b> [bấm](javascript:alert(1))"
ANSWER = "Do thiếu cán bộ một cửa.\n# Đã bổ sung 2 người <img src=x onerror=alert(1)>"
LATE_QUESTION = "Giải trình tồn đọng **cũ** <i>quá hạn</i>"
RED_CARD = ".st-key-kpi-bad-u-dossier_on_time_rate"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from data_access import explanations as ex
    from data_access.clock import today_local
    from data_access.db import make_engine
    from data_access.schema import targets
    from seed.__main__ import main as seed_main

    need_chromium()
    folder = tmp_path_factory.mktemp("browser_explanations")
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    assert seed_main(["--db", url, "--scale", "0.05", "--quiet"]) == 0
    engine = make_engine(url)
    today = today_local()
    sunday = today - timedelta(days=today.weekday() + 1)  # the end of the last full week: the default briefing
    with engine.begin() as conn:
        # the Office's target for the on-time rate, set so high that Sở Tài chính's card is red
        conn.execute(targets.insert().values(kpi_key="dossier_on_time_rate", target=0.9999, tolerance=0.0001))
        late = ex.create(conn, unit_code="STC", subject=ex.Subject("dossier_backlog", "Hồ sơ tồn đọng quá hạn",
                                                                   area="dossiers"),
                         question=LATE_QUESTION, due_date=sunday - timedelta(days=5), asked_by="vanphong",
                         today=sunday - timedelta(days=10), at=datetime.combine(sunday - timedelta(days=10), time(9)))
    with running_app(url, folder / "streamlit.log", BDH_REFRESH_SECONDS="600") as base:
        yield base, engine, late
    engine.dispose()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _page(browser, username: str, path: str, base: str):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    page = context.new_page()
    alerts = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))  # a script that ran would show here
    browser_login(page, base + path, username, ready=READY)
    settle(page)
    return context, page, alerts


def _main(page) -> str:
    assert page.locator(ERROR).count() == 0, page.locator(ERROR).first.inner_text()[:1500]
    return page.locator('[data-testid="stMain"]').inner_text()


def _go(page, url: str) -> str:
    page.goto(url)
    settle(page)
    return _main(page)


def _newest_request(engine) -> int:
    from data_access.schema import explanation_requests as r

    with engine.connect() as conn:
        return conn.execute(select(r.c.id).order_by(r.c.id.desc()).limit(1)).scalar_one()


def test_ask_answer_close_and_nobody_else_sees_it(server, browser):
    base, engine, late = server

    # The Chairman asks from the red card of Sở Tài chính's page.
    chair, page, alerts = _page(browser, "chutich", "/don-vi?don_vi=STC", base)
    card = page.locator(RED_CARD)
    card.get_by_role("button", name="Yêu cầu giải trình").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert "Tỷ lệ giải quyết đúng hạn" in dialog.inner_text() and "Sở Tài chính" in dialog.inner_text()
    dialog.get_by_role("button", name="Gửi yêu cầu").click()  # nothing written yet: a plain message
    dialog.get_by_text("Chưa nhập nội dung yêu cầu.").wait_for()
    assert _newest_request(engine) == late
    dialog.get_by_label("Nội dung yêu cầu giải trình").fill(QUESTION)
    dialog.get_by_role("button", name="Gửi yêu cầu").click()
    page.get_by_text("Đã gửi yêu cầu giải trình số").wait_for()
    settle(page)
    asked = _newest_request(engine)
    assert asked != late and f"số {asked} tới Sở Tài chính" in _main(page)

    # Sở Tài chính's officer: on the start page, then answers on /giai-trinh.
    officer, page2, alerts2 = _page(browser, "so_taichinh", "/", base)
    panel = page2.locator(".st-key-giai-trinh-cho").inner_text()
    assert "Yêu cầu giải trình đang chờ đơn vị trả lời: 2" in panel and f"Số {asked}" in panel
    text = _go(page2, base + "/giai-trinh")
    assert QUESTION in text  # Markdown and HTML read as typed
    box = page2.locator(f".st-key-giai-trinh-{asked}")
    box.get_by_label("Nội dung giải trình của đơn vị").fill(ANSWER)
    box.get_by_role("button", name="Gửi giải trình").click()
    settle(page2)
    box = page2.locator(f".st-key-giai-trinh-{asked}")
    assert "Đã giải trình" in box.inner_text()
    assert "Do thiếu cán bộ một cửa." in box.inner_text() and "# Đã bổ sung 2 người <img src=x onerror=alert(1)>" in \
        box.inner_text()

    # The Chairman reads the answer at once and closes the request.
    text = _go(page, base + f"/giai-trinh?id={asked}")
    assert "Đã giải trình" in text and "# Đã bổ sung 2 người <img src=x onerror=alert(1)>" in text
    page.get_by_role("button", name="Chấp nhận và đóng yêu cầu").click()
    settle(page)
    assert "Đã đóng" in page.locator(f".st-key-giai-trinh-{asked}").inner_text()
    text = _go(page, base + "/don-vi?don_vi=STC")  # the unit page lists its requests
    assert f"Số {asked}" in text and "đã đóng" in text

    # Another unit's officer: by no address.
    other, page3, alerts3 = _page(browser, "xa_binhson", "/giai-trinh", base)
    text = _main(page3)
    assert f"Số {asked}" not in text and QUESTION not in text
    text = _go(page3, base + f"/giai-trinh?id={asked}")
    assert "Không tìm thấy yêu cầu giải trình này, hoặc bạn không có quyền xem." in text and QUESTION not in text
    text = _go(page3, base + "/don-vi?don_vi=STC")
    assert "Bạn không có quyền xem số liệu của đơn vị này." in text and f"Số {asked}" not in text
    text = _go(page3, base + "/")
    assert f"Số {asked}" not in text and f"Số {late}" not in text

    assert alerts == alerts2 == alerts3 == []
    for context in (chair, officer, other):
        context.close()


def test_an_overdue_request_is_on_the_briefing_agenda(server, browser):
    base, _, late = server
    context, page, alerts = _page(browser, "chutich", "/giao-ban", base)
    table = page.locator('[data-testid="stTable"]').filter(has_text="Giải trình tồn đọng")
    table.scroll_into_view_if_needed()
    text = _main(page)
    assert "Yêu cầu giải trình quá hạn" in text
    row = table.inner_text()
    assert LATE_QUESTION in row and "Sở Tài chính" in row and "5 ngày" in row, row
    assert alerts == []
    context.close()


def _ask_beside_a_table(page, key: str, question: str) -> None:
    """Press the button beside a table, keep the first red row or overdue item offered, send."""
    page.locator(f".st-key-{key}").get_by_role("button", name="Yêu cầu giải trình").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Đơn vị và nội dung cần giải trình").wait_for()
    dialog.get_by_label("Nội dung yêu cầu giải trình").fill(question)
    dialog.get_by_role("button", name="Gửi yêu cầu").click()
    page.get_by_text("Đã gửi yêu cầu giải trình số").wait_for()
    settle(page)


def test_asking_from_tables_and_asking_again(server, browser):
    from data_access import explanations as ex
    from data_access.clock import today_local
    from data_access.org import current
    from data_access.schema import explanation_requests as r
    from data_access.scope import Scope

    base, engine, _ = server
    context, page, alerts = _page(browser, "chutich", "/nhiem-vu", base)
    _ask_beside_a_table(page, "ask-tasks", "Vì sao nhiệm vụ này quá hạn?")
    task_request = _newest_request(engine)
    _go(page, base + "/ho-so")
    _ask_beside_a_table(page, "ask-rate", "Vì sao tỷ lệ đúng hạn chưa đạt?")
    rate_request = _newest_request(engine)
    with engine.connect() as conn:
        rows = {row.id: row for row in conn.execute(select(r).where(r.c.id.in_([task_request, rate_request])))}
    assert rows[task_request].subject_kind == "task" and rows[task_request].task_id
    assert rows[rate_request].subject_kind == "figure" and rows[rate_request].figure_key == "dossier_on_time_rate"

    # the unit answers (in the data layer here), the Chairman asks again from /giai-trinh
    unit = rows[task_request].unit_code
    with engine.begin() as conn:
        ex.answer(conn, task_request, body="Đang chờ ý kiến các sở.", author="so_taichinh",
                  scope=Scope(frozenset({unit}), current(today_local())), today=today_local())
    _go(page, base + f"/giai-trinh?id={task_request}")
    box = page.locator(f".st-key-giai-trinh-{task_request}")
    box.get_by_role("button", name="Yêu cầu giải trình lại").click()  # empty: refused in plain words
    box.get_by_text("Chưa nhập nội dung yêu cầu.").wait_for()
    box.get_by_label("Yêu cầu giải trình thêm").fill("Đề nghị nêu rõ thời hạn hoàn thành.")
    box.get_by_role("button", name="Yêu cầu giải trình lại").click()
    settle(page)
    text = page.locator(f".st-key-giai-trinh-{task_request}").inner_text()
    assert "Chờ giải trình" in text and "Đề nghị nêu rõ thời hạn hoàn thành." in text
    with engine.connect() as conn:
        assert ex.get(conn, task_request, scope=Scope(None, current(today_local())), today=today_local()).state == "open"
    assert alerts == []
    context.close()
