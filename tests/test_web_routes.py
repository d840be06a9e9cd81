"""The one-time login codes of `dashboard.ui.web` (exchanged by the browser for the HttpOnly cookie): used
once, short-lived, and never the token itself. The route, the cookie's flags and the /media guard are
driven end to end in tests/test_browser_sessions.py."""
from __future__ import annotations

from dashboard.ui import web


def test_a_code_opens_its_token_once():
    code = web.issue_code("jeton-1")
    assert code != "jeton-1" and "jeton" not in code
    assert web._redeem(code) == "jeton-1"
    assert web._redeem(code) is None  # a replayed code (browser history, a log line) opens nothing


def test_a_code_runs_out(monkeypatch):
    code = web.issue_code("jeton-2")
    later = web.time.monotonic() + web.CODE_SECONDS + 1
    monkeypatch.setattr(web.time, "monotonic", lambda: later)
    assert web._redeem(code) is None


def test_unknown_or_empty_codes_open_nothing():
    assert web._redeem(None) is None and web._redeem("") is None and web._redeem("doan-bua") is None


def test_the_cookie_is_read_from_the_header_only_by_its_name():
    scope = {"headers": [(b"cookie", b"other=1; bdh_phien=abc.def-_; x=y")]}
    assert web._cookie_of(scope) == "abc.def-_"
    assert web._cookie_of({"headers": [(b"cookie", b"bdh_phienx=1")]}) is None
    assert web._cookie_of({"headers": []}) is None
