"""The quiz service's app: FastAPI on uvicorn, with the API and the pages over one store.

Learners authenticate with an API token (`Authorization: Bearer`) or, in the browser, with a
session cookie set by their login link; each sees and changes only their own reviews.
Errors are RFC 9457 problem details. Form-less writes from the pages carry the session's
CSRF token in `X-CSRF-Token`.
"""

from __future__ import annotations

import logging
import queue
import threading

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from studykit.config import Settings
from studykit.errors import StudykitError, TargetError
from studykit.review.sync import collection_of
from studykit.web import api, pages
from studykit.web.deps import Problem, problem_response

MAX_BODY = 64 * 1024
log = logging.getLogger("studykit.web")


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="studykit", version="0.1.0", docs_url="/api/docs", redoc_url=None)
    app.state.settings = settings
    app.state.collection = collection_of(settings.notes)
    app.state.pool = queue.SimpleQueue()
    app.state.tokens = {}
    app.state.synced = 0.0
    app.state.sync_lock = threading.Lock()
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret,
        session_cookie="studykit",
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(BodyLimit)
    _errors(app)
    api.routes(app)
    pages.routes(app)
    return app


def app_from_env() -> FastAPI:
    """The app `studykit serve` starts in each uvicorn worker (configured through env)."""
    return create_app(Settings.from_env())


class BodyLimit:
    """Refuses request bodies over MAX_BODY, declared or streamed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > MAX_BODY:
            too_big = problem_response(413, "Request body too large", f"At most {MAX_BODY} bytes.")
            return await too_big(scope, receive, send)
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > MAX_BODY:
                raise Problem(413, "Request body too large", f"At most {MAX_BODY} bytes.")
            return message

        await self.app(scope, limited, send)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def on_problem(request: Request, error: Problem) -> Response:
        if error.status == 401 and not request.url.path.startswith("/api/"):
            return RedirectResponse("/login", status_code=303)
        return problem_response(error.status, error.title, error.detail)

    @app.exception_handler(StudykitError)
    async def on_studykit_error(request: Request, error: StudykitError) -> Response:
        """What the core raised: a target that is not there is a 404; anything else is the
        server's problem (a missing notes folder, a newer schema), logged in full."""
        if isinstance(error, TargetError):
            return problem_response(404, "Not found", str(error))
        log.error("%s %s: %s", request.method, request.url.path, error)
        return problem_response(500, "Server error", "See the service's log.")

    @app.exception_handler(HTTPException)
    async def on_http(request: Request, error: HTTPException) -> Response:
        return problem_response(error.status_code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, error: RequestValidationError) -> Response:
        errors = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in error.errors()]
        return problem_response(422, "Invalid request", "See `errors`.", errors=errors)
