"""The quiz service's app: FastAPI on uvicorn, with the API and the pages over one store.

Learners authenticate with an API token (`Authorization: Bearer`) or, in the browser, with
a session cookie made by a one-time login link (accounts.py). Errors are RFC 9457 problem
details, an unexpected one with a request id that its log line carries too. Writes from the
pages carry the session's CSRF token in `X-CSRF-Token`. Every response carries a
Content-Security-Policy without inline scripts: the pages' scripts are files in static/.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import sqlite3
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from studykit.config import Settings
from studykit.db import is_url, unavailable
from studykit.errors import StudykitError, TargetError
from studykit.review.sync import collection_of
from studykit.web import api, pages
from studykit.web.deps import Pool, Problem, Worker, problem_response
from studykit.web.recorder import Recorder

MAX_BODY = 64 * 1024
STATIC = Path(__file__).parent / "static"
STATIC_PATHS = ("/static/", "/api/docs/assets/")
NO_STORE = (b"cache-control", b"no-store")
HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self' "
     b"'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; "
     b"frame-ancestors 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]  # fmt: skip
"""Sent with every response: scripts only from the service's own files, never framed."""

log = logging.getLogger("studykit.web")
RETRY_STORAGE = 30
"""Retry-After, in seconds, when the storage cannot take writes: someone must act first."""


def create_app(settings: Settings) -> FastAPI:
    pool, recorder = Pool(settings.db, settings.pool_size), Recorder(settings.db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        recorder.close()
        pool.close()

    app = Service(
        title="studykit", version="0.1.0", docs_url=None, redoc_url=None, lifespan=lifespan
    )
    app.state.worker = Worker(
        settings, collection_of(settings.notes), pool, recorder, inline=not is_url(settings.db)
    )
    _errors(app, settings)
    _docs(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    api.routes(app)
    pages.routes(app)
    return app


def app_from_env() -> FastAPI:
    """The app `studykit serve` starts in each uvicorn worker (configured through env)."""
    logging.getLogger("uvicorn.access").addFilter(redact_secrets)
    return create_app(Settings.from_env())


_SECRET_PARAM = re.compile(r"((?:token|code)=)[^&\s\"]+", re.I)


def redact_secrets(record: logging.LogRecord) -> bool:
    """Keeps a secret in a URL's query out of the access log (an old `/login?token=` link)."""
    if isinstance(record.args, tuple):
        record.args = tuple(
            _SECRET_PARAM.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args
        )
    return True


class Service(FastAPI):
    """The app, with Edge outside everything else: Starlette puts added middleware inside
    its error handler, whose 500s would then go out without the security headers."""

    def build_middleware_stack(self) -> ASGIApp:
        return Edge(super().build_middleware_stack(), self.state.worker.settings.client_timeout)


class Edge:
    """What every request goes through first.

    - Its body is read whole before the app sees it: at most MAX_BODY bytes (413), within
      `timeout` seconds (408, and the connection closed). No request takes a database
      connection while a client is still sending.
    - HEAD is answered as GET (the server sends no body for it).
    - Every response carries HEADERS, and Cache-Control: no-store unless it is a static
      file: pages and answers are personal.
    """

    def __init__(self, app: ASGIApp, timeout: float) -> None:
        self.app, self.timeout = app, timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        extra = HEADERS if scope["path"].startswith(STATIC_PATHS) else [*HEADERS, NO_STORE]

        status = 0

        async def with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
                status = message["status"]
            await send(message)

        if scope["method"] == "HEAD":  # a copy: the server still knows it is a HEAD
            scope = {**scope, "method": "GET"}
        try:
            async with asyncio.timeout(self.timeout):
                body = await _body(scope, receive)
        except TimeoutError:
            late = problem_response(
                408, "Request body too slow", f"Send it within {self.timeout:g} s."
            )
            late.headers["connection"] = "close"
            return await late(scope, receive, with_headers)
        if body is None:
            refused = problem_response(413, "Request body too large", f"At most {MAX_BODY} bytes.")
            return await refused(scope, receive, with_headers)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        try:
            await self.app(scope, replay, with_headers)
        except Exception:
            if status != 500:
                raise
            # Starlette re-raises what its last handler (on_bug) answered and logged: the
            # server would log it a second time and drop the connection.


@functools.cache
def _client_timeout() -> float:
    return Settings.from_env().client_timeout


async def _body(scope: Scope, receive: Receive) -> bytes | None:
    """The request's whole body; None when it is (or says it is) over MAX_BODY."""
    declared = dict(scope["headers"]).get(b"content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        return None
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        more = message.get("more_body", False)
        if size > MAX_BODY:
            return None
    return b"".join(chunks)


class Protocol(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol, which closes a connection whose request headers are not
    all in within the client timeout (Settings.client_timeout) of their first byte, or of
    the connection: uvicorn alone waits forever, so half-sent headers could hold sockets
    without end. `studykit serve` names it to uvicorn as a string, as it does the app."""

    headers_due: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._expect_headers()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._expect_headers()

    def on_headers_complete(self) -> None:
        self._headers_in()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._headers_in()
        super().connection_lost(exc)

    def _expect_headers(self) -> None:
        if self.headers_due is None:
            self.headers_due = self.loop.call_later(_client_timeout(), self._too_late)

    def _headers_in(self) -> None:
        if self.headers_due is not None:
            self.headers_due.cancel()
            self.headers_due = None

    def _too_late(self) -> None:
        self.headers_due = None
        if not self.transport.is_closing():
            self.transport.close()


def _docs(app: FastAPI) -> None:
    """The API's docs, Swagger UI from the swagger-ui-bundle package: no CDN, no inline
    script (static/docs.js starts it)."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/api/docs/assets", StaticFiles(directory=swagger_ui_path), name="swagger")

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            "<title>studykit API</title>"
            '<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head><body>'
            '<div id="swagger-ui"></div>'
            '<script src="/api/docs/assets/swagger-ui-bundle.js"></script>'
            '<script src="/static/docs.js"></script></body></html>'
        )


def _errors(app: FastAPI, settings: Settings) -> None:
    @app.exception_handler(Problem)
    async def on_problem(request: Request, error: Problem) -> Response:
        if error.status == 401 and not request.url.path.startswith("/api/"):
            return RedirectResponse("/login", status_code=303)
        return problem_response(error.status, error.title, error.detail, error.retry_after)

    @app.exception_handler(StudykitError)
    async def on_studykit_error(request: Request, error: StudykitError) -> Response:
        """What the core raised: a target that is not there is a 404; anything else is the
        server's problem (a missing notes folder, a newer schema)."""
        if isinstance(error, TargetError):
            return problem_response(404, "Not found", str(error))
        return _server_error(request, error)

    @app.exception_handler(HTTPException)
    async def on_http(request: Request, error: HTTPException) -> Response:
        return problem_response(error.status_code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, error: RequestValidationError) -> Response:
        errors = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in error.errors()]
        return problem_response(422, "Invalid request", "See `errors`.", errors=errors)

    async def on_storage(request: Request, error: Exception) -> Response:
        """A storage failure (full or read-only disk, server gone) is said plainly, in one
        log line and a 503 that asks to retry; any other database error is a bug."""
        why = unavailable(error)
        if why is None:
            return _server_error(request, error)
        log.error("%s %s: %s (%s)", request.method, request.url.path, why, error)
        said = why[0].upper() + why[1:] + "."
        return problem_response(503, "Storage unavailable", said, retry_after=RETRY_STORAGE)

    app.add_exception_handler(sqlite3.Error, on_storage)
    if is_url(settings.db):
        import psycopg

        app.add_exception_handler(psycopg.Error, on_storage)

    @app.exception_handler(Exception)
    async def on_bug(request: Request, error: Exception) -> Response:
        return _server_error(request, error)


def _server_error(request: Request, error: Exception) -> Response:
    """500 as problem+json with a request id; the trace goes to the log under that id."""
    request_id = uuid.uuid4().hex
    log.error(
        "request %s: %s %s failed", request_id, request.method, request.url.path, exc_info=error
    )
    return problem_response(
        500, "Server error", "See the service's log for this request id.", request_id=request_id
    )
