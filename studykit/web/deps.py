"""What requests depend on: a store connection from the pool, the store kept in step with
the notes, the learner (by token or session), the notes, and RFC 9457 problems.
"""

from __future__ import annotations

import queue
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from studykit import accounts
from studykit.cards.model import Card
from studykit.config import Settings
from studykit.db import Database, open_store
from studykit.errors import TargetError
from studykit.notes.corpus import Corpus, load_notes
from studykit.notes.model import Note
from studykit.review import store as cards_store
from studykit.review.sync import sync

SYNC_EVERY = 10.0  # seconds between checks of the notes for changes


class Problem(Exception):
    """An RFC 9457 problem: answered as application/problem+json."""

    def __init__(self, status: int, title: str, detail: str = "") -> None:
        super().__init__(detail or title)
        self.status, self.title, self.detail = status, title, detail


def problem_response(status: int, title: str, detail: str = "", **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, **extra}
    if detail:
        body["detail"] = detail
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def settings(request: Request) -> Settings:
    config: Settings = request.app.state.settings
    return config


async def store(request: Request) -> AsyncIterator[Database]:
    """A connection from the app's pool for the length of one request.

    The endpoints run on a thread pool, so connections are made movable between threads
    (never used by two at once). The dependencies are async: each thread hop costs more
    than what they do.
    """
    pool: queue.SimpleQueue[Database] = request.app.state.pool
    try:
        connection = pool.get_nowait()
    except queue.Empty:
        connection = open_store(settings(request).db, shared=True)
    try:
        yield connection
    finally:
        pool.put(connection)


StoreDep = Annotated[Database, Depends(store)]


async def synced_store(request: Request, db: StoreDep) -> Database:
    """The store, after bringing its cards up to date with the notes (at most every 10 s)."""
    app = request.app
    if time.monotonic() - app.state.synced > SYNC_EVERY and app.state.sync_lock.acquire(False):
        try:
            config = settings(request)
            await run_in_threadpool(sync, db, config.notes, config.quizzes)
            app.state.synced = time.monotonic()
        finally:
            app.state.sync_lock.release()
    return db


SyncedStoreDep = Annotated[Database, Depends(synced_store)]


@dataclass(slots=True)
class Learner:
    id: int
    name: str
    by_session: bool


async def learner(request: Request, db: StoreDep) -> Learner:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        known: dict[str, tuple[int, str]] = request.app.state.tokens
        token = header[7:].strip()
        found = known.get(token) or await run_in_threadpool(accounts.authenticate, db, token)
        if not found:
            raise Problem(401, "Invalid token", "The bearer token is unknown or was revoked.")
        known[token] = found  # tokens are never changed, only added
        return Learner(*found, by_session=False)
    if request.session.get("user_id"):
        return Learner(request.session["user_id"], request.session["name"], by_session=True)
    raise Problem(
        401, "Not logged in", "Send `Authorization: Bearer <token>`, or open your login link."
    )


LearnerDep = Annotated[Learner, Depends(learner)]


def collection(request: Request) -> str:
    """The collection the service serves: its notes folder's decks."""
    found: str = request.app.state.collection
    return found


def corpus(request: Request, *, blocks: bool = False) -> Corpus:
    """The notes; their blocks only where the text itself is needed (search)."""
    return load_notes(settings(request).notes, blocks=blocks)


def note(found: Corpus, slug: str) -> Note:
    """The note with this slug: notes are only ever found by slug, never by a path."""
    try:
        return found.by_slug(slug)
    except TargetError:
        raise Problem(404, "No such note", f"No note has the slug {slug!r}.") from None


def card(db: Database, card_id: str) -> Card:
    found = cards_store.card(db, card_id)
    if found is None:
        raise Problem(404, "No such card", f"No card has the id {card_id!r}.")
    return found
