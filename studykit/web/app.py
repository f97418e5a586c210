"""The quiz service's app: FastAPI on uvicorn, with the API and the pages over one store.

Learners authenticate with an API token (`Authorization: Bearer`) or, in the browser, with
a session cookie made by a one-time login link (accounts.py). Errors are RFC 9457 problem
details, an unexpected one with a request id that its log line carries too. Writes from the
pages carry the session's CSRF token in `X-CSRF-Token`. Every response carries a
Content-Security-Policy without inline scripts: the pages' scripts are files in static/.
"""

from __future__ import annotations

import logging
import re
import threading
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

from studykit.config import Settings
from studykit.db import is_url
from studykit.errors import StudykitError, TargetError
from studykit.review.sync import collection_of
from studykit.web import api, pages
from studykit.web.deps import Failures, Pool, Problem, problem_response
from studykit.web.recorder import Recorder

MAX_BODY = 64 * 1024
STATIC = Path(__file__).parent / "static"
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


def create_app(settings: Settings) -> FastAPI:
    pool, recorder = Pool(settings.db, settings.pool_size), Recorder(settings.db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        recorder.close()
        pool.close()

    app = FastAPI(
        title="studykit", version="0.1.0", docs_url=None, redoc_url=None, lifespan=lifespan
    )
    app.state.settings = settings
    app.state.collection = collection_of(settings.notes)
    app.state.pool, app.state.recorder = pool, recorder
    app.state.inline = not is_url(settings.db)  # see deps.core
    app.state.failures = Failures()
    app.state.synced = 0.0
    app.state.sync_lock = threading.Lock()
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    _errors(app)
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


class SecurityHeaders:
    """Adds HEADERS to every response, the app's own and Starlette's alike."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuses request bodies over MAX_BODY with 413, declared or streamed (chunked): a
    streamed body is read first, up to the limit, then handed on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit() or int(declared) > MAX_BODY:
                return await _too_big(scope, receive, send)
            return await self.app(scope, receive, send)
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_BODY:
                return await _too_big(scope, receive, send)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


async def _too_big(scope: Scope, receive: Receive, send: Send) -> None:
    refused = problem_response(413, "Request body too large", f"At most {MAX_BODY} bytes.")
    await refused(scope, receive, send)


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


def _errors(app: FastAPI) -> None:
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
