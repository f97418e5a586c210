"""The JSON API (`/api/...`): routes that call the core, with the schemas of
web/models.py. Errors are RFC 9457 problem details (see deps.Problem)."""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import FastAPI, Header, Query, Request, Response
from pydantic import BaseModel

from studykit.cards.model import Card
from studykit.checks import ledger
from studykit.db import Database, now
from studykit.notes.search import MAX_QUERY, closest, parse_query, search
from studykit.review import session, triage
from studykit.review import store as cards_store
from studykit.review.grading import Typing, typing
from studykit.review.model import Mode, Rating, Review, Selection
from studykit.review.stats import stats
from studykit.web.deps import (
    Direct,
    LearnerDep,
    Problem,
    StoreDep,
    SyncedStoreDep,
    authenticated,
    card,
    collection,
    connection,
    core,
    corpus,
    header_csrf,
    note,
    settings,
    settle,
    synced,
    worker,
)
from studykit.web.models import (
    AnswerHeaders,
    CountsOut,
    DeckClaimOut,
    DeckOut,
    GradeIn,
    GradeOut,
    HitOut,
    NextIn,
    NextOut,
    NoteOut,
    PendingOut,
    ReviewIn,
    ReviewOut,
    SearchOut,
    StatsOut,
    Text,
    TopicOut,
    TriageIn,
    TriageOut,
    card_out,
    claims_out,
    grade_out,
    note_out,
)


def routes(app: FastAPI) -> None:
    @app.get("/api/notes", response_model=list[NoteOut])
    def api_notes(request: Request, who: LearnerDep) -> list[NoteOut]:
        return [note_out(n) for n in corpus(request).notes]

    @app.get("/api/notes/{slug}", response_model=NoteOut, responses={404: {}})
    def api_note(slug: str, request: Request, who: LearnerDep) -> NoteOut:
        return note_out(note(corpus(request), slug))

    @app.get("/api/topics", response_model=list[TopicOut])
    def api_topics(request: Request, who: LearnerDep, tag: str = "") -> list[dict[str, Any]]:
        topics = [n.topic_summary(t) for n in corpus(request).notes for t in n.topics]
        wanted = tag.casefold()
        return [t for t in topics if not tag or wanted in {x.casefold() for x in t["tags"]}]

    @app.get("/api/search", response_model=SearchOut, responses={404: {}})
    def api_search(
        request: Request,
        who: LearnerDep,
        q: Annotated[Text, Query(min_length=1, max_length=MAX_QUERY)],
        note_slug: Annotated[Text, Query(alias="note", max_length=200)] = "",
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> SearchOut:
        """Passages holding the words of `q`, those holding the most first (the ranking of
        `studykit search`), in every note or the note with the slug `note`; when none,
        words of the notes' titles spelled like the query's."""
        found = corpus(request)
        chosen = note(found, note_slug) if note_slug else None
        hits = search(found, q, note=chosen, limit=limit)
        return SearchOut(
            terms=[t.stem for t in parse_query(q)],
            hits=[HitOut.model_validate({**asdict(h), "target": h.target}) for h in hits],
            suggestions=[] if hits else closest(found, q),
        )

    @app.get("/api/decks", response_model=list[DeckOut])
    def api_decks(request: Request, who: LearnerDep, db: SyncedStoreDep) -> list[DeckOut]:
        counts: dict[str, int] = {}
        stated: dict[str, dict[str, DeckClaimOut]] = {}
        claims = ledger.claims_now(db, settings(request).notes)
        for found in cards_store.cards(db, Selection(collection=collection(request))):
            counts[found.deck] = counts.get(found.deck, 0) + 1
            for claim in claims_out(found, claims):
                shown = stated.setdefault(found.deck, {}).setdefault(
                    claim.text, DeckClaimOut(**claim.model_dump())
                )
                shown.cards.append(found.id)
        return [
            DeckOut(deck=d, cards=n, claims=list(stated.get(d, {}).values()))
            for d, n in sorted(counts.items())
        ]

    # The answer path's routes are `Direct` (no dependency solving), async, and run the
    # core through deps.core: on the event loop for SQLite, with one thread hop for
    # PostgreSQL (FastAPI makes two for a sync route: the endpoint, then its response's
    # validation). They answer with `_json`: their models are built by the code here, and
    # validating them again (dump, validate, encode) costs a good part of a request.

    async def api_next(request: Request, query: Annotated[NextIn, Query()]) -> Response:
        chosen = Selection(query.target, query.tag, collection(request))
        async with connection(request) as db:
            await synced(request, db)
            found = await core(
                request, next_card, request, db, chosen, Mode(query.mode), query.new_per_day
            )
        return _json(found)

    async def api_review(
        request: Request, body: ReviewIn, headers: Annotated[AnswerHeaders, Header()]
    ) -> Response:
        """Record an answer. With an `Idempotency-Key` (one per answer), a retry of the same
        answer returns the first result and records nothing more."""
        key = headers.idempotency_key
        async with connection(request) as db:
            answered, graded, ready = await core(request, prepare, request, db, body, key)
        replayed = isinstance(ready, Review)
        if isinstance(ready, Review):
            review = ready
        else:
            review = await asyncio.wrap_future(worker(request).recorder.submit(ready))
        if review.card_id != answered.id:
            raise Problem(
                422, "Idempotency-Key reused", "That key was sent with another card's answer."
            )
        shown = ReviewOut(
            card_id=answered.id,
            rating=review.rating,
            due=review.due.isoformat(),
            wait=session.interval_label(review.due - review.reviewed_at),
            state=review.phase,
            grade=graded,
        )
        return _json(shown, 201, {"Idempotent-Replayed": "true"} if replayed else None)

    app.router.add_api_route(
        "/api/next", api_next, response_model=NextOut, responses={404: {}},
        route_class_override=Direct,
    )  # fmt: skip
    app.router.add_api_route(
        "/api/reviews", api_review, methods=["POST"], response_model=ReviewOut, status_code=201,
        responses={404: {}}, route_class_override=Direct,
    )  # fmt: skip

    @app.post("/api/grade", response_model=GradeOut, responses={404: {}})
    async def api_grade(body: GradeIn, request: Request, db: StoreDep) -> GradeOut:
        """Grade a typed answer without recording anything (the quiz page's preview)."""
        return await core(request, grade_typed, request, db, body)

    @app.get("/api/stats", response_model=StatsOut)
    def api_stats(who: LearnerDep, db: StoreDep) -> StatsOut:
        shown: StatsOut = StatsOut.model_validate(stats(db, who.id).summary())
        return shown

    @app.get("/api/triage", response_model=list[PendingOut], responses={404: {}})
    def api_triage(
        request: Request,
        who: LearnerDep,
        db: SyncedStoreDep,
        target: Annotated[Text, Query(max_length=200)] = "",
    ) -> list[PendingOut]:
        """The cards the learner has not settled yet (kept, suspended, copied or answered),
        of the decks matching `target` (DECK or DECK#TOPIC), lowest quality first."""
        chosen = Selection(target, collection=collection(request))
        if target and not cards_store.has_cards(db, chosen):
            raise Problem(404, "No card matches", f"No card matches {target}.")
        return [
            PendingOut(
                id=c.id,
                deck=c.deck,
                topic=c.topic,
                kind=c.kind,
                line=c.line,
                quality=c.quality,
                front=c.front,
                back=c.back,
            )
            for c in cards_store.untriaged(db, who.id, chosen)
        ]

    @app.post("/api/cards/{card_id}/triage", response_model=TriageOut, responses={404: {}})
    def api_settle(
        card_id: str, body: TriageIn, request: Request, who: LearnerDep, db: StoreDep
    ) -> TriageOut:
        """The learner's own say on a card, for them alone, as on the triage page: keep,
        suspend, `copy` (their own `front` and `back`, asked in place of the author's, never
        written to a deck) or `drop` that copy. A session sends the page's X-CSRF-Token."""
        header_csrf(request, db, who)
        settle(db, who.id, card_id, triage.Action(body.action), (body.front, body.back))
        shown = card(db, card_id, who.id)
        copied = bool(cards_store.copies(db, who.id, card_id))
        return TriageOut(card_id=card_id, front=shown.front, back=shown.back, copied=copied)


def _json(shown: BaseModel, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A model built here, answered as JSON by pydantic-core at once."""
    return Response(shown.model_dump_json(), status, headers, media_type="application/json")


def next_card(
    request: Request, db: Database, chosen: Selection, mode: Mode, new_per_day: int | None
) -> NextOut:
    """The learner's next card of the selection, with its choices and intervals, at their
    pace (new cards a day: `new_per_day`, else their exam plan's, else the default)."""
    who, at = authenticated(request, db), now()
    pace = session.learner_pace(db, who.id, new_per_day=new_per_day, at=at)
    first, left = session.next_up(db, who.id, chosen, new_per_day=pace.new_per_day, at=at)
    counts = CountsOut(new=left.new, learning=left.learning, review=left.review)
    if first is None:
        if (chosen.target or chosen.tag) and not cards_store.has_cards(db, chosen):
            asked = " and ".join(filter(None, [chosen.target, chosen.tag and f"tag {chosen.tag}"]))
            raise Problem(404, "No card matches", f"No card matches {asked}.")
        return NextOut(card=None, counts=counts)
    claims = ledger.claims_now(db, settings(request).notes)
    choices, fewer = [], ""
    if mode == Mode.CHOICE:
        choices = session.choices(db, first, fit=ledger.choosable(claims))
        fewer = session.fewer_choices(choices)
    dues, early = session.outlook(db, who.id, first, at=at, pace=pace)
    return NextOut(
        card=card_out(first, claims), choices=choices, counts=counts, fewer=fewer,
        intervals={int(rating): session.interval_label(due - at) for rating, due in dues.items()},
        early=session.interval_label(early) if early else "",
        typing=typing(first.back) if mode == Mode.TYPE else Typing.WHOLE,
        asked=session.asked_as(mode, first, choices),
    )  # fmt: skip


def prepare(
    request: Request, db: Database, body: ReviewIn, key: str | None
) -> tuple[Card, GradeOut | None, Review | cards_store.Pending]:
    """The answered card, the typed answer's grade, and the answer ready to record, or the
    review already recorded with this idempotency key (a retry)."""
    who = authenticated(request, db)
    header_csrf(request, db, who)
    answered = card(db, body.card_id, who.id)  # the learner's own copy, if any
    graded = grade_out(answered, body.answer) if body.answer is not None else None
    rating = body.rating or (graded.suggested_rating if graded else None)
    if rating is None:
        raise Problem(422, "Rating or answer needed", "Send `rating` (1-4) or `answer`.")
    if key and (replayed := cards_store.answered(db, who.id, key)):
        return answered, graded, replayed
    given = session.Answer(
        who.id, answered, Rating(rating), Mode(body.mode), body.elapsed_ms, body.answer or "", key
    )
    return answered, graded, session.pending(db, given)


def grade_typed(request: Request, db: Database, body: GradeIn) -> GradeOut:
    who = authenticated(request, db)
    return grade_out(card(db, body.card_id, who.id), body.answer)
