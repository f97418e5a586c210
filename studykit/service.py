"""The quiz service: a JSON API and server-rendered pages over the same core as the CLI.

FastAPI on uvicorn. Learners authenticate with an API token (`Authorization: Bearer`) or,
in the browser, with a session cookie set by their login link; each sees and changes only
their own reviews. Errors are RFC 9457 problem details. Form-less writes from the pages
carry the session's CSRF token in `X-CSRF-Token`.
"""

from __future__ import annotations

import os
import queue
import secrets
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from studykit import accounts, quiz
from studykit.grading import diff, grade
from studykit.index import Corpus, load_corpus
from studykit.notes import Note
from studykit.store import Store, StoredCard

MAX_BODY = 64 * 1024
SYNC_EVERY = 10.0  # seconds between checks of the notes for changes
TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")


@dataclass(slots=True)
class Config:
    notes: Path
    quizzes: Path
    db: str
    secret: str
    secure_cookies: bool = False


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


# --- API models -----------------------------------------------------------------------------


class CardOut(BaseModel):
    id: str
    deck: str
    kind: str
    front: str
    back: str
    front_html: str
    back_html: str
    topic: str
    context: str
    tags: list[str]


class NextOut(BaseModel):
    card: CardOut | None
    choices: list[str] = []


class ReviewIn(BaseModel):
    card_id: str = Field(min_length=1, max_length=64)
    rating: int | None = Field(default=None, ge=1, le=4)
    answer: str | None = Field(default=None, max_length=4000)
    mode: Literal["flip", "type", "choice"] = "flip"
    elapsed_ms: int | None = Field(default=None, ge=0, le=86_400_000)


class GradeIn(BaseModel):
    card_id: str = Field(min_length=1, max_length=64)
    answer: str = Field(max_length=4000)


class GradeOut(BaseModel):
    verdict: str
    similarity: float
    suggested_rating: int
    diff: list[tuple[str, str]]


class ReviewOut(BaseModel):
    card_id: str
    rating: int
    due: str
    state: int
    grade: GradeOut | None = None


class TopicOut(BaseModel):
    id: str
    title: str
    level: int
    parent: str | None
    tags: list[str]
    line: int
    end: int


class NoteOut(BaseModel):
    slug: str
    path: str
    title: str
    date: str | None
    tags: list[str]
    topics: list[TopicOut]


class DeckOut(BaseModel):
    deck: str
    cards: int


class StatsOut(BaseModel):
    reviews_per_day: dict[str, int]
    recent_answers: int
    recall: float | None
    due_next_7_days: list[tuple[date, int]]


# --- the app ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Learner:
    id: int
    name: str
    by_session: bool


def create_app(config: Config) -> FastAPI:
    app = FastAPI(title="studykit", version="0.1.0", docs_url="/api/docs", redoc_url=None)
    app.state.config = config
    app.state.pool = queue.SimpleQueue()
    app.state.tokens = {}
    app.state.synced = 0.0
    app.state.sync_lock = threading.Lock()
    app.add_middleware(
        SessionMiddleware,
        secret_key=config.secret,
        session_cookie="studykit",
        same_site="lax",
        https_only=config.secure_cookies,
    )
    app.add_middleware(BodyLimit)
    _errors(app)
    _api(app)
    _pages(app)
    return app


def app_from_env() -> FastAPI:
    """The app `studykit serve` starts in each uvicorn worker (configured through env)."""
    return create_app(
        Config(
            notes=Path(os.environ["STUDYKIT_NOTES"]),
            quizzes=Path(os.environ["STUDYKIT_QUIZZES"]),
            db=os.environ["STUDYKIT_DB"],
            secret=os.environ["STUDYKIT_SECRET"],
            secure_cookies=os.environ.get("STUDYKIT_SECURE_COOKIES") == "1",
        )
    )


async def store(request: Request) -> AsyncIterator[Store]:
    """A connection from the app's pool for the length of one request.

    The endpoints run on a thread pool, so connections are made movable between threads
    (never used by two at once). The dependencies are async: each thread hop costs more
    than what they do.
    """
    pool: queue.SimpleQueue[Store] = request.app.state.pool
    try:
        connection = pool.get_nowait()
    except queue.Empty:
        connection = Store(request.app.state.config.db, shared=True)
    try:
        yield connection
    finally:
        pool.put(connection)


StoreDep = Annotated[Store, Depends(store)]


async def synced_store(request: Request, db: StoreDep) -> Store:
    """The store, after bringing its cards up to date with the notes (at most every 10 s)."""
    app = request.app
    if time.monotonic() - app.state.synced > SYNC_EVERY and app.state.sync_lock.acquire(False):
        try:
            config = app.state.config
            await run_in_threadpool(quiz.sync, db, config.notes, config.quizzes)
            app.state.synced = time.monotonic()
        finally:
            app.state.sync_lock.release()
    return db


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


def _errors(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def on_problem(request: Request, error: Problem) -> Response:
        if error.status == 401 and _wants_html(request):
            return RedirectResponse("/login", status_code=303)
        return problem_response(error.status, error.title, error.detail)

    @app.exception_handler(HTTPException)
    async def on_http(request: Request, error: HTTPException) -> Response:
        return problem_response(error.status_code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, error: RequestValidationError) -> Response:
        errors = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in error.errors()]
        return problem_response(422, "Invalid request", "See `errors`.", errors=errors)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


def _corpus(request: Request, *, blocks: bool = False) -> Corpus:
    """The notes; their blocks only where the text itself is needed (search)."""
    return load_corpus(request.app.state.config.notes, blocks=blocks)


def _note(corpus: Corpus, slug: str) -> Note:
    """The note with this slug: notes are only ever found by slug, never by a path."""
    note = next((n for n in corpus.notes if n.slug == slug), None)
    if note is None:
        raise Problem(404, "No such note", f"No note has the slug {slug!r}.")
    return note


def _note_out(note: Note) -> NoteOut:
    return NoteOut.model_validate(note, from_attributes=True)


def _card_out(card: StoredCard) -> CardOut:
    from studykit.render_html import markdown_html

    html = {"front_html": markdown_html(card.front), "back_html": markdown_html(card.back)}
    return CardOut.model_validate({**asdict(card), **html})


def _grade(card: StoredCard, answer: str) -> GradeOut:
    result = grade(card.back, answer)
    return GradeOut(
        verdict=result.verdict,
        similarity=result.similarity,
        suggested_rating=result.rating,
        diff=diff(card.back, answer),
    )


def _card(db: Store, card_id: str) -> StoredCard:
    card = db.card(card_id)
    if card is None:
        raise Problem(404, "No such card", f"No card has the id {card_id!r}.")
    return card


def _api(app: FastAPI) -> None:
    @app.get("/api/notes", response_model=list[NoteOut])
    def api_notes(request: Request, who: LearnerDep) -> list[NoteOut]:
        return [_note_out(n) for n in _corpus(request).notes]

    @app.get("/api/notes/{slug}", response_model=NoteOut, responses={404: {}})
    def api_note(slug: str, request: Request, who: LearnerDep) -> NoteOut:
        return _note_out(_note(_corpus(request), slug))

    @app.get("/api/topics", response_model=list[TopicOut])
    def api_topics(request: Request, who: LearnerDep, tag: str = "") -> list[TopicOut]:
        notes = _corpus(request).notes
        topics = [t for n in notes for t in _note_out(n).topics]
        return [t for t in topics if not tag or tag.casefold() in {x.casefold() for x in t.tags}]

    @app.get("/api/decks", response_model=list[DeckOut])
    def api_decks(who: LearnerDep, db: Annotated[Store, Depends(synced_store)]) -> list[DeckOut]:
        counts: dict[str, int] = {}
        for card in db.cards():
            counts[card.deck] = counts.get(card.deck, 0) + 1
        return [DeckOut(deck=d, cards=n) for d, n in sorted(counts.items())]

    @app.get("/api/next", response_model=NextOut)
    def api_next(
        who: LearnerDep,
        db: Annotated[Store, Depends(synced_store)],
        target: Annotated[str, Query(max_length=200)] = "",
        tag: Annotated[str, Query(max_length=100)] = "",
        mode: Literal["flip", "type", "choice"] = "flip",
        new_per_day: Annotated[int, Query(ge=0, le=1000)] = 20,
    ) -> NextOut:
        cards = quiz.plan(db, who.id, quiz.Selection(target, tag), limit=1, new_per_day=new_per_day)
        if not cards:
            return NextOut(card=None)
        choices = quiz.choices(db, cards[0]) if mode == "choice" else []
        return NextOut(card=_card_out(cards[0]), choices=choices)

    @app.post("/api/reviews", response_model=ReviewOut, status_code=201, responses={404: {}})
    def api_review(body: ReviewIn, request: Request, who: LearnerDep, db: StoreDep) -> ReviewOut:
        sent = request.headers.get("x-csrf-token", "")
        if who.by_session and not secrets.compare_digest(sent, request.session.get("csrf", "")):
            raise Problem(403, "CSRF token missing or wrong", "Send the page's X-CSRF-Token.")
        card = _card(db, body.card_id)
        graded = _grade(card, body.answer) if body.answer is not None else None
        rating = body.rating or (graded.suggested_rating if graded else None)
        if rating is None:
            raise Problem(422, "Rating or answer needed", "Send `rating` (1-4) or `answer`.")
        review = quiz.answer(
            db,
            who.id,
            card,
            rating,
            mode=body.mode,
            elapsed_ms=body.elapsed_ms,
            typed=body.answer or "",
        )
        return ReviewOut(
            card_id=card.id, rating=rating, due=review.due, state=review.state, grade=graded
        )

    @app.post("/api/grade", response_model=GradeOut, responses={404: {}})
    def api_grade(body: GradeIn, who: LearnerDep, db: StoreDep) -> GradeOut:
        """Grade a typed answer without recording anything (the quiz page's preview)."""
        return _grade(_card(db, body.card_id), body.answer)

    @app.get("/api/stats", response_model=StatsOut)
    def api_stats(who: LearnerDep, db: StoreDep) -> StatsOut:
        summary = quiz.stats(db, who.id)
        return StatsOut(
            reviews_per_day={d.isoformat(): n for d, n in sorted(summary.per_day.items())},
            recent_answers=summary.recent,
            recall=summary.remembered / summary.recent if summary.recent else None,
            due_next_7_days=summary.due_by_day,
        )


def _page(request: Request, name: str, who: Learner, **context: Any) -> HTMLResponse:
    request.session.setdefault("csrf", secrets.token_urlsafe(24))
    return TEMPLATES.TemplateResponse(
        request, name, {"who": who, "csrf": request.session["csrf"], **context}
    )


def _pages(app: FastAPI) -> None:
    from studykit.checks import marks
    from studykit.render_html import note_html

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login(request: Request, db: StoreDep, token: str = "") -> Response:
        found = accounts.authenticate(db, token)
        if found is None:
            return TEMPLATES.TemplateResponse(
                request,
                "login.html",
                {"who": None, "failed": bool(token)},
                status_code=401 if token else 200,
            )
        request.session.clear()
        request.session.update(user_id=found[0], name=found[1], csrf=secrets.token_urlsafe(24))
        return RedirectResponse("/", status_code=303)

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        form = await request.form()
        if not secrets.compare_digest(str(form.get("csrf", "")), request.session.get("csrf", "")):
            raise Problem(403, "CSRF token missing or wrong", "Log out from the page's button.")
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, who: LearnerDep, tag: str = "") -> HTMLResponse:
        notes = sorted(_corpus(request).notes, key=lambda n: (n.date or "", n.path), reverse=True)
        tags = sorted({t for n in notes for t in n.tags})
        shown = [n for n in notes if not tag or tag in n.tags]
        return _page(request, "index.html", who, notes=shown, tags=tags, tag=tag)

    @app.get("/notes/{slug}", response_class=HTMLResponse, include_in_schema=False)
    def note_page(slug: str, request: Request, who: LearnerDep, db: StoreDep) -> HTMLResponse:
        corpus = _corpus(request)
        note = _note(corpus, slug)
        path = corpus.root / note.path
        results = db.check_results([str(path.resolve())])
        body = note_html(path.read_text(encoding="utf-8"), note, marks(results))
        return _page(request, "note.html", who, note=note, body=body, results=results)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(request: Request, who: LearnerDep, q: str = "") -> HTMLResponse:
        hits = _search(_corpus(request, blocks=True), q) if q.strip() else []
        return _page(request, "search.html", who, q=q, hits=hits)

    @app.get("/quiz", response_class=HTMLResponse, include_in_schema=False)
    def quiz_page(request: Request, who: LearnerDep, target: str = "", mode: str = "flip"):
        mode = mode if mode in ("flip", "type", "choice") else "flip"
        return _page(request, "quiz.html", who, target=target, mode=mode)

    @app.get("/stats", response_class=HTMLResponse, include_in_schema=False)
    def stats_page(request: Request, who: LearnerDep, db: StoreDep) -> HTMLResponse:
        summary = quiz.stats(db, who.id)
        busiest = max(summary.per_day.values(), default=0)
        return _page(request, "stats.html", who, stats=summary, busiest=busiest)


@dataclass(slots=True)
class Hit:
    note: str
    title: str
    topic: str
    topic_title: str
    line: int
    text: str


def _search(corpus: Corpus, query: str, limit: int = 50) -> list[Hit]:
    """Blocks whose text contains the query (NFC, case-folded), best first: titles, then text."""
    from studykit.text import nfc

    wanted = nfc(query).casefold().strip()
    hits: list[Hit] = []
    for note in corpus.notes:
        for topic in note.topics:
            if wanted in topic.title.casefold():
                hits.insert(
                    0, Hit(note.slug, note.title, topic.slug, topic.title, topic.line, topic.title)
                )
            for block in (b for top in topic.blocks for b in top.walk()):
                if (
                    block.kind in ("paragraph", "item", "label", "math")
                    and wanted in block.text.casefold()
                ):
                    hits.append(
                        Hit(note.slug, note.title, topic.slug, topic.title, block.line, block.text)
                    )
    return hits[:limit]
