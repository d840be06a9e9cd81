"""What the dashboard's web server answers besides Streamlit itself (mounted by `asgi.py` through `st.App`):

- `POST /_bdh/phien?ma=<code>` exchanges a one-time code for the session cookie. The cookie is HttpOnly
  (no script can read or copy it), SameSite=Strict, and Secure when the page is served over HTTPS. A
  script cannot set an HttpOnly cookie, so right after a login the page calls this route and the
  response sets it. The code is random, used once and lives `CODE_SECONDS`: the session token itself
  never appears in a URL, a log line or the browser's history.
- `POST /_bdh/ra` clears the cookie once its session is over (logout, expiry). A cookie whose session still
  lives is kept: another tab may have logged in again meanwhile, and a stale tab must not log it out.
- A guard on `/media/...` (download buttons, images): no file without a live session cookie, checked in
  the database like every page run, so a download link stops working at logout or expiry.

- Every HTML page (Streamlit's index.html, served for each page path) tells Streamlit's frontend where its
  server is (`window.__streamlit.BACKEND_BASE_URL`): without it the frontend, opened at `/don-vi`, first
  probes `/don-vi/_stcore/health` (a 404) and only then `/_stcore/health`, a round trip lost on every load.

The one-time codes are held in this process's memory for a few seconds; see docs/DEPLOY.md.
"""
from __future__ import annotations

import gzip
import json
import secrets
import threading
import time
from http.cookies import SimpleCookie

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from data_access import audit, sessions
from data_access.clock import now_local

from dashboard.ui.settings import idle_limit, session_limit

COOKIE = "bdh_phien"
COOKIE_PATH = "/_bdh/phien"
CLEAR_PATH = "/_bdh/ra"
CODE_SECONDS = 60
GUARDED_PREFIX = "/media/"
NO_SESSION = "Không tải được tệp: phiên đăng nhập đã kết thúc hoặc chưa đăng nhập. Hãy đăng nhập lại rồi tải lại."

_codes: dict[str, tuple[str, float]] = {}  # one-time code → (raw session token, monotonic deadline)
_codes_lock = threading.Lock()


def issue_code(token: str) -> str:
    """A one-time code the browser exchanges (at COOKIE_PATH) for a cookie holding `token`."""
    code = secrets.token_urlsafe(24)
    now = time.monotonic()
    with _codes_lock:
        for stale in [c for c, (_, deadline) in _codes.items() if deadline < now]:
            del _codes[stale]
        _codes[code] = (token, now + CODE_SECONDS)
    return code


def _redeem(code: str | None) -> str | None:
    """The token of a code, once; None for an unknown, used or expired code."""
    if not code:
        return None
    with _codes_lock:
        token, deadline = _codes.pop(code, (None, 0.0))
    return token if token is not None and deadline >= time.monotonic() else None


def _check(conn, token: str | None) -> sessions.SessionCheck:
    now = now_local()
    result = sessions.check_session(conn, token, now, idle_minutes=idle_limit().total_seconds() / 60,
                                    session_hours=session_limit().total_seconds() / 3600)
    if result.just_ended:
        audit.record(conn, "session_expired", username=result.username, at=now,
                     detail={"ly_do": result.ended_reason})
    return result


def _store():
    # Imported on first use, not when uvicorn loads asgi.py: the store's caches are made inside
    # Streamlit's runtime, like those of every page.
    from dashboard.ui import store
    return store


def session_is_live(token: str | None) -> bool:
    if not token:
        return False
    return _store().run(_check, token).live


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


async def set_cookie(request: Request) -> Response:
    token = _redeem(request.query_params.get("ma"))
    if token is None:
        return _no_store(PlainTextResponse("Mã đăng nhập không hợp lệ hoặc đã hết hạn.", status_code=400))
    response = _no_store(Response(status_code=204))
    response.set_cookie(COOKIE, token, max_age=int(session_limit().total_seconds()), path="/", httponly=True,
                        samesite="strict", secure=_secure(request))
    return response


async def clear_cookie(request: Request) -> Response:
    response = _no_store(Response(status_code=204))
    token = request.cookies.get(COOKIE)
    if token and await run_in_threadpool(session_is_live, token):
        return response
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict", secure=_secure(request))
    return response


class MediaGuard:
    """Refuses `/media/...` (403, in Vietnamese) unless the request carries a live session cookie."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("path", "").startswith(GUARDED_PREFIX):
            token = _cookie_of(scope)
            try:
                live = await run_in_threadpool(session_is_live, token)
            except Exception:  # noqa: BLE001 — a database that cannot say yes is a no
                live = False
            if not live:
                response = _no_store(PlainTextResponse(NO_SESSION, status_code=403))
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _cookie_of(scope) -> str | None:
    for name, value in scope.get("headers") or []:
        if name == b"cookie":
            jar = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 — a malformed Cookie header holds no session
                return None
            if COOKIE in jar:
                return jar[COOKIE].value
    return None


def backend_script(base_path: str = "") -> bytes:
    """The script that names the server's base URL to Streamlit's frontend: this origin and the base path
    (`server.baseUrlPath`), read in the browser so a proxy's host name stays right."""
    path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    return ("<script>window.__streamlit=Object.assign(window.__streamlit||{},"
            f"{{BACKEND_BASE_URL:window.location.origin+{json.dumps(path)}}})</script>").encode()


def _base_path() -> str:
    try:
        from streamlit import config
        return config.get_option("server.baseUrlPath") or ""
    except Exception:  # noqa: BLE001 — no config: served at the root
        return ""


class BackendBaseUrl:
    """Adds `backend_script` at the top of `<head>` of every HTML response to a GET. A gzipped page (Streamlit
    compresses what it serves) is unzipped for it and sent as it is: index.html is 8 kB."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        start: dict | None = None
        chunks: list[bytes] = []

        async def wrapped(message):
            nonlocal start
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                html = headers.get(b"content-type", b"").startswith(b"text/html")
                if html and headers.get(b"content-encoding", b"gzip") == b"gzip" and message.get("status") == 200:
                    start = message
                    return
                await send(message)
                return
            if message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = b"".join(chunks)
                if any(k.lower() == b"content-encoding" for k, _ in start.get("headers", [])):
                    body = gzip.decompress(body)
                body = body.replace(b"<head>", b"<head>" + backend_script(_base_path()), 1)
                headers = [(k, v) for k, v in start.get("headers", [])
                           if k.lower() not in (b"content-length", b"content-encoding")]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, wrapped)


ROUTES = [Route(COOKIE_PATH, set_cookie, methods=["POST"]), Route(CLEAR_PATH, clear_cookie, methods=["POST"])]
MIDDLEWARE = [Middleware(MediaGuard), Middleware(BackendBaseUrl)]
