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


class _Got:
    def __init__(self, status, headers, content):
        self.status_code, self.headers, self.content = status, headers, content
        self.text = content.decode(errors="replace")


def _get(app, path: str, accept_encoding: str) -> _Got:
    """One GET through the ASGI app, as uvicorn would call it."""
    import asyncio
    p, _, q = path.partition("?")
    scope = {"type": "http", "method": "GET", "path": p, "raw_path": p.encode(), "query_string": q.encode(),
             "root_path": "", "scheme": "http", "server": ("127.0.0.1", 8501), "http_version": "1.1",
             "headers": [(b"host", b"127.0.0.1:8501"), (b"accept-encoding", accept_encoding.encode())]}
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return _Got(start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body)


def _app(body: bytes, media_type: str):
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.gzip import GZipMiddleware
    from starlette.responses import Response
    from starlette.routing import Route

    async def page(request):
        return Response(body, media_type=media_type)
    return Starlette(routes=[Route("/{path:path}", page)],
                     middleware=[Middleware(web.BackendBaseUrl), Middleware(GZipMiddleware, minimum_size=10)])


INDEX = b"<!DOCTYPE html><html><head><meta charset='UTF-8'><title>Streamlit</title></head><body>" + b"x" * 2000 + \
    b"</body></html>"


def test_every_page_names_the_server_to_the_frontend_first_thing_in_its_head():
    app = _app(INDEX, "text/html")
    for path in ("/", "/don-vi?don_vi=STC", "/giao-ban"):
        for encoding in ("gzip", "identity"):  # the browser asks for gzip; the page is unzipped for the script
            r = _get(app, path, encoding)
            assert r.status_code == 200
            head = r.text.split("<head>", 1)[1]
            assert head.startswith("<script>window.__streamlit=") and "BACKEND_BASE_URL" in head.split("</script>")[0]
            assert r.text.endswith("</body></html>") and r.text.count("x") == 2000
            assert int(r.headers["content-length"]) == len(r.content)


def test_other_responses_pass_untouched():
    script = b"const a = '<head>';" * 100
    import gzip
    r = _get(_app(script, "text/javascript"), "/static/js/index.js", "gzip")
    assert r.headers.get("content-encoding") == "gzip" and gzip.decompress(r.content) == script


def test_the_base_url_keeps_a_base_path():
    assert b'"/bang-dieu-hanh/"' in web.backend_script("/bang-dieu-hanh/")
    assert b'origin+"/"' in web.backend_script("")
