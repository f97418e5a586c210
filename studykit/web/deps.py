"""What requests depend on: a store connection from the pool, the store kept in step with
the notes, the learner (by token or session), the notes, and RFC 9457 problems.
"""

from __future__ import annotations

import asyncio
import inspect
import secrets
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin, get_type_hints

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.params import Header, Query
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import Response
from starlette.routing import request_response

from studykit import accounts
from studykit.cards.model import Card
from studykit.config import Settings
from studykit.db import Database, now, open_store
from studykit.errors import TargetError
from studykit.notes.corpus import Corpus, load_notes
from studykit.notes.model import Note
from studykit.review import store as cards_store
from studykit.review import triage
from studykit.review.sync import sync
from studykit.web.recorder import Recorder

T = TypeVar("T")
SYNC_EVERY = 10.0  # seconds between checks of the notes for changes


class Problem(Exception):
    """An RFC 9457 problem: answered as application/problem+json (with Retry-After when
    the client should come back later)."""

    def __init__(
        self, status: int, title: str, detail: str = "", retry_after: int | None = None
    ) -> None:
        super().__init__(detail or title)
        self.status, self.title, self.detail = status, title, detail
        self.retry_after = retry_after


def problem_response(
    status: int, title: str, detail: str = "", retry_after: int | None = None, **extra: Any
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, **extra}
    if detail:
        body["detail"] = detail
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return JSONResponse(
        body, status_code=status, media_type="application/problem+json", headers=headers
    )


@dataclass(slots=True)
class Worker:
    """What one worker of the service keeps for all its requests, as `app.state.worker`:
    one typed object, so that every route reads the same fields the same way."""

    settings: Settings
    collection: str  # the collection served: its notes folder's decks
    pool: Pool
    recorder: Recorder
    inline: bool  # run the core on the event loop (SQLite): see `core`
    synced: float = 0.0  # time.monotonic() of the last sync with the notes
    sync_lock: threading.Lock = field(default_factory=threading.Lock)


def worker(request: Request) -> Worker:
    found: Worker = request.app.state.worker
    return found


def settings(request: Request) -> Settings:
    return worker(request).settings


class Pool:
    """At most `size` store connections for one worker, opened as needed and kept.

    A request waits up to WAIT seconds for one; then it is refused (503 with Retry-After)
    rather than opening more: PostgreSQL's `max_connections` is shared by every worker and
    every other client of the server. Taken and given back on the event loop only.
    """

    WAIT = 2.0

    def __init__(self, target: str, size: int) -> None:
        self.target, self.idle, self.free = target, list[Database](), asyncio.Semaphore(size)

    async def take(self) -> Database:
        try:
            async with asyncio.timeout(self.WAIT):  # no task of its own, unlike wait_for
                await self.free.acquire()
        except TimeoutError:
            raise Problem(
                503, "Busy", "Every database connection is in use.", retry_after=1
            ) from None
        if self.idle:
            return self.idle.pop()
        try:
            return await run_in_threadpool(open_store, self.target, shared=True)
        except BaseException:
            self.free.release()
            raise

    def give_back(self, connection: Database) -> None:
        self.idle.append(connection)
        self.free.release()

    def close(self) -> None:
        while self.idle:
            self.idle.pop().close()


@asynccontextmanager
async def connection(request: Request) -> AsyncIterator[Database]:
    """A connection from the worker's pool, for the block. The answer path's routes take it
    so, not as a dependency: FastAPI's handling of a dependency that yields cost more than
    the pool.

    Connections are made movable between threads (never used by two at once): sync
    endpoints run on the thread pool, and `core` runs on the event loop or a thread. The
    dependencies are async: each thread hop costs more than what they do.
    """
    pool = worker(request).pool
    taken = await pool.take()
    try:
        yield taken
    finally:
        pool.give_back(taken)


Part = Literal["query", "header", "body"]


class Direct(APIRoute):
    """A route FastAPI documents from its endpoint's signature but calls without its
    dependency solver and validation: on the answer path they cost a third of a request.

    The endpoint takes the request, then one pydantic model per part of the request it
    reads: `Annotated[M, Query()]` (the query string), `Annotated[M, Header()]` (the
    headers, `-` read as `_`) or a bare model (the JSON body). pydantic-core validates each
    at once; a failure is the 422 FastAPI would give. The endpoint returns its Response.
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        super().__init__(path, endpoint, **options)
        hints = get_type_hints(endpoint, include_extras=True)
        self.parts: dict[str, tuple[type[BaseModel], Part]] = {}
        for name in list(inspect.signature(endpoint).parameters)[1:]:  # after the request
            model, *marks = get_args(hints[name]) if get_origin(hints[name]) else [hints[name]]
            source: Part = "body"
            if any(isinstance(mark, Query) for mark in marks):
                source = "query"
            elif any(isinstance(mark, Header) for mark in marks):
                source = "header"
            self.parts[name] = (model, source)
        self.app = request_response(self.respond)

    async def respond(self, request: Request) -> Response:
        given, errors = {}, list[Any]()
        for name, (model, source) in self.parts.items():
            try:
                given[name] = await _validated(request, model, source)
            except RequestValidationError as error:
                errors += error.errors()
        if errors:
            raise RequestValidationError(errors)
        endpoint: Callable[..., Awaitable[Response]] = self.endpoint
        return await endpoint(request, **given)


async def _validated(request: Request, model: type[BaseModel], source: Part) -> BaseModel:
    """The part of the request as `model`, else RequestValidationError with FastAPI's
    locations: (part, field, ...), a header named as sent (`idempotency-key`)."""
    try:
        if source == "query":
            return model.model_validate(dict(request.query_params))
        if source == "header":
            return model.model_validate(
                {k.replace("-", "_"): v for k, v in request.headers.items()}
            )
        body, kind = await request.body(), request.headers.get("content-type", "")
        mime = kind.partition(";")[0].strip().lower()
        if not body:
            raise _refused("Field required")
        if not mime.startswith("application/") or not mime.endswith(("/json", "+json")):
            raise _refused("Send JSON, as application/json")
        return model.model_validate_json(body)
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": (source, *_named(source, e["loc"]))} for e in error.errors()]
        ) from None


def _refused(why: str) -> RequestValidationError:
    return RequestValidationError([{"type": "body", "loc": ("body",), "msg": why, "input": None}])


def _named(source: Part, loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    if source == "header" and loc and isinstance(loc[0], str):
        return (loc[0].replace("_", "-"), *loc[1:])
    return loc


async def store(request: Request) -> AsyncIterator[Database]:
    """A connection from the worker's pool for the length of one endpoint."""
    async with connection(request) as taken:
        yield taken


StoreDep = Annotated[Database, Depends(store, scope="function")]
"""Given back when the endpoint returns, before its response is sent: a client that reads
slowly holds no connection (the body was read before, by app.Edge)."""


async def synced_store(request: Request, db: StoreDep) -> Database:
    """The store, after bringing its cards up to date with the notes (at most every 10 s)."""
    await synced(request, db)
    return db


async def synced(request: Request, db: Database) -> None:
    """Bring the store's cards up to date with the notes, at most every SYNC_EVERY s."""
    state = worker(request)
    if time.monotonic() - state.synced > SYNC_EVERY and state.sync_lock.acquire(False):
        try:
            config = state.settings
            await run_in_threadpool(sync, db, config.notes, config.quizzes)
            state.synced = time.monotonic()
        finally:
            state.sync_lock.release()


SyncedStoreDep = Annotated[Database, Depends(synced_store)]


async def form(request: Request) -> FormData:
    """A form sent: parsed from the body app.Edge has already read (declared before the
    store, so that no connection is taken until it is)."""
    return await request.form()


FormDep = Annotated[FormData, Depends(form)]

COOKIE = "studykit"
"""The session cookie: a random session id, looked up in the store on every request."""


@dataclass(slots=True)
class Learner:
    id: int
    name: str
    csrf: str = ""  # the session's CSRF token; empty for a bearer token


def failure(request: Request, db: Database, learner: int | None = None) -> None:
    """Count a failed attempt (a wrong token, login code or CSRF token) against the client's
    address and, when known, the learner; once either has failed accounts.FAILURE_LIMIT
    times within the window, 429 instead, and nothing more is written. Called only after
    a check failed: a valid token or link is never refused for others' failures."""
    subjects = [f"address {_address(request)}", *([f"learner {learner}"] if learner else [])]
    at = now()
    wait = accounts.locked_for(db, subjects, at)
    if wait:
        raise Problem(429, "Too many failed attempts", f"Try again in {wait} s.", wait)
    accounts.failed(db, subjects, at)


def header_csrf(request: Request, db: Database, who: Learner) -> None:
    """An API write by a browser session carries its CSRF token in `X-CSRF-Token` (a bearer
    token needs none); else the failure is counted and the request refused (403)."""
    if who.csrf and not same(request.headers.get("x-csrf-token", ""), who.csrf):
        failure(request, db, who.id)
        raise Problem(403, "CSRF token missing or wrong", "Send the page's X-CSRF-Token.")


async def form_csrf(request: Request, form: FormData, db: Database, who: Learner, how: str) -> None:
    """A page's form carries the session's CSRF token; else the failure is counted and the
    request refused (403), saying `how` the page expects to be used."""
    if not who.csrf or not same(str(form.get("csrf", "")), who.csrf):
        await core(request, failure, request, db, who.id)
        raise Problem(403, "CSRF token missing or wrong", how)


def settle(
    db: Database, user: int, card_id: str, action: triage.Action, copy: tuple[str, str]
) -> None:
    """A learner's triage choice, from the page or the API: 404 for an unknown card, 422
    for a copy missing a side or holding a NUL (PostgreSQL refuses it)."""
    card(db, card_id)
    if action == triage.Action.COPY and not all(side.strip() for side in copy):
        raise Problem(422, "Front and back needed", "Write both sides of your copy.")
    if "\x00" in "".join(copy):
        raise Problem(422, "NUL character", "Your copy must not contain NUL characters.")
    triage.settle(db, user, card_id, action, copy)


def _address(request: Request) -> str:
    return request.client.host if request.client else ""


def same(sent: str, expected: str) -> bool:
    """Whether a secret sent matches, in constant time: compared as UTF-8 bytes, since
    `secrets.compare_digest` refuses strings that are not ASCII."""
    encoded = sent.encode("utf-8", "surrogatepass")
    return secrets.compare_digest(encoded, expected.encode("utf-8", "surrogatepass"))


def authenticated(request: Request, db: Database) -> Learner:
    """Who is asking: by bearer token, else by session cookie; 401 otherwise. Looked up in
    the store on every request, so a logout or a revocation holds at once in every worker.

    Synchronous: the answer path's endpoints call it inside their `core` work; other
    routes depend on `learner`."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        found = accounts.authenticate(db, header[7:].strip())
        if not found:
            failure(request, db)
            raise Problem(401, "Invalid token", "The bearer token is unknown or was revoked.")
        return Learner(*found)
    live = accounts.session(db, request.cookies.get(COOKIE, ""))
    if live:
        return Learner(live.user, live.name, live.csrf)
    raise Problem(
        401, "Not logged in", "Send `Authorization: Bearer <token>`, or open your login link."
    )


async def core(request: Request, work: Callable[..., T], *args: Any) -> T:
    """Run the core's work for a request on the answer path. On SQLite, on the event loop:
    its reads take microseconds, and a thread hop costs more (0.1-0.2 ms, and under load
    threads contend for the GIL: a next-and-answer pair cost 5.5 ms of CPU on threads and
    3.6 ms on the loop, with 25 learners at once). On PostgreSQL, on a worker thread: each
    statement waits for a round trip to the server. Writes go to the recorder's thread."""
    if worker(request).inline:
        return work(*args)
    return await run_in_threadpool(work, *args)


async def learner(request: Request, db: StoreDep) -> Learner:
    return await core(request, authenticated, request, db)


LearnerDep = Annotated[Learner, Depends(learner)]


def collection(request: Request) -> str:
    """The collection the service serves: its notes folder's decks."""
    return worker(request).collection


def corpus(request: Request, *, blocks: bool = False) -> Corpus:
    """The notes; their blocks only where the text itself is needed (search)."""
    return load_notes(settings(request).notes, blocks=blocks)


def note(found: Corpus, slug: str) -> Note:
    """The note with this slug: notes are only ever found by slug, never by a path."""
    try:
        return found.by_slug(slug)
    except TargetError:
        raise Problem(404, "No such note", f"No note has the slug {slug!r}.") from None


def card(db: Database, card_id: str, user: int | None = None) -> Card:
    """The card; with `user`, as that learner is shown it (their own copy, if any)."""
    found = cards_store.card(db, card_id, user)
    if found is None:
        raise Problem(404, "No such card", f"No card has the id {card_id!r}.")
    return found
