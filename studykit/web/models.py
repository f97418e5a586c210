"""The JSON API's schemas, built from the core's objects (so that the API shows the core's
types), and the conversions from those objects. Strings a client sends are `Text`: refused
with 422 when a database could not store them."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Annotated, Any, Literal, get_type_hints

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    create_model,
)

from studykit.cards.model import Card
from studykit.checks import ledger
from studykit.checks.ledger import Claim
from studykit.notes.model import Note, Topic
from studykit.review.grading import diff, grade, key_terms
from studykit.review.model import Mode
from studykit.text import language

ModeName = Literal["flip", "type", "choice"]


def storable(text: str) -> str:
    """Text both databases can keep: no NUL (PostgreSQL refuses it) and valid UTF-8 (no
    lone surrogates, which JSON can carry)."""
    if "\x00" in text:
        raise ValueError("must not contain NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode (no lone surrogates)") from None
    return text


Text = Annotated[str, AfterValidator(storable)]
"""A string from a client: refused with 422 when a database could not store it."""

AnswerKey = Annotated[
    str, StringConstraints(max_length=200, pattern=r"^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$")
]
"""An `Idempotency-Key`: 1 to 200 printable ASCII characters, not blank (an empty key
would be one key for every answer)."""


class ReadingOut(BaseModel):
    check: str
    reading: str
    verdict: str


class ClaimOut(BaseModel):
    """A claim the card states, with what the note's checks say of it."""

    text: str
    verdict: str
    readings: list[ReadingOut]


class CardOut(BaseModel):
    id: str
    deck: str
    kind: str
    front: str
    back: str
    front_html: str
    back_html: str
    more_html: str = ""  # the rest of a long answer, shown after it
    topic: str
    context: str
    tags: list[str]
    claims: list[ClaimOut] = []
    lang: str = Field("en", description="The language of its text, for `lang=`.")


class CountsOut(BaseModel):
    """Cards left in the selection now: new (within the day's allowance), learning or
    relearning and due, review and due."""

    new: int
    learning: int
    review: int


class NextOut(BaseModel):
    card: CardOut | None
    choices: list[str] = []
    intervals: dict[int, str] = Field(
        default={}, description="Each rating (1-4) and when the card would be due after it."
    )
    counts: CountsOut
    early: str = Field(
        default="", description="How long before its due time the card is shown (learn-ahead)."
    )
    fewer: str = Field(default="", description="Why choice mode offers fewer than four options.")
    typing: str = Field(
        default="whole",
        description="Type mode: whole (graded whole), terms (on key terms) or flip (too long).",
    )
    asked: Mode = Field(
        default=Mode.FLIP,
        description="How the card is asked, and its answer to be sent: the session's mode, "
        "or flip for an answer too long to type or a card with fewer than two options.",
    )


class NextIn(BaseModel):
    """`GET /api/next`'s query: which cards, asked how, and the day's new cards (when not
    given: the learner's exam plan's while it is active, else 20)."""

    target: Text = Field("", max_length=200)
    tag: Text = Field("", max_length=100)
    mode: ModeName = "flip"
    new_per_day: int | None = Field(None, ge=0, le=1000)


class AnswerHeaders(BaseModel):
    """`POST /api/reviews`'s headers: one `Idempotency-Key` per answer makes retries safe."""

    idempotency_key: AnswerKey | None = None


class ReviewIn(BaseModel):
    """An answer. Types are strict: `true` is not a rating, nor is `3.0`."""

    model_config = ConfigDict(strict=True)

    card_id: Text = Field(min_length=1, max_length=64)
    rating: int | None = Field(default=None, ge=1, le=4)
    answer: Text | None = Field(default=None, max_length=4000)
    mode: ModeName = "flip"
    elapsed_ms: int | None = Field(default=None, ge=0, le=86_400_000)


class GradeIn(BaseModel):
    model_config = ConfigDict(strict=True)

    card_id: Text = Field(min_length=1, max_length=64)
    answer: Text = Field(max_length=4000)


class GradeOut(BaseModel):
    verdict: str
    similarity: float
    suggested_rating: int
    diff: list[tuple[str, str]]
    terms: int = Field(default=0, description="Graded on key terms: how many (else 0).")
    missing: list[str] = Field(default=[], description="The key terms not found.")


class ReviewOut(BaseModel):
    card_id: str
    rating: int
    due: str
    wait: str = Field(default="", description="The wait the answer set, as its key showed it.")
    state: int
    grade: GradeOut | None = None


def _fields(name: str, source: type, left_out: str) -> type[BaseModel]:
    """A model with the fields of a core dataclass but one: the API shows the core's types."""
    hints = get_type_hints(source)
    shown: dict[str, Any] = {f.name: (hints[f.name], ...) for f in fields(source)}
    del shown[left_out]
    return create_model(name, **shown)


class TopicOut(_fields("TopicFields", Topic, "blocks")):  # type: ignore[misc]
    """Note.topic_summary()."""

    note: str
    date: str | None


class NoteOut(_fields("NoteFields", Note, "topics")):  # type: ignore[misc]
    """Note.summary(), with the topics themselves rather than their count."""

    topics: list[TopicOut]


class DeckClaimOut(ClaimOut):
    """A claim some cards of a deck state: the ids of those cards."""

    cards: list[str] = []


class DeckOut(BaseModel):
    deck: str
    cards: int
    claims: list[DeckClaimOut] = Field(
        [], description="What the notes' checks say of the claims the deck's cards state."
    )


class WeekOut(BaseModel):
    """Answers to cards due for review in the week from `start` (a Monday)."""

    start: date
    reviews: int
    remembered: int
    rate: float | None


class TopicMasteryOut(BaseModel):
    """A topic's cards: `recall` is FSRS's predicted recall now, averaged over the cards
    answered at least once; `answers` and `missed` (rated Again) are the last 30 days'."""

    note: str
    topic: str
    title: str
    cards: int
    studied: int
    recall: float | None
    answers: int
    missed: int


class BinOut(BaseModel):
    """Reviews whose predicted recall fell in [low, high): mean predicted, share recalled."""

    low: float
    high: float
    reviews: int
    predicted: float
    actual: float


class FitOut(BaseModel):
    reviews: int
    log_loss: float | None
    rmse_bins: float | None
    bins: list[BinOut]


class CalibrationOut(BaseModel):
    """review.calibration.Calibration.summary(): predicted against actual recall, for the
    learner's fitted parameters (`own`, null when never fitted) and FSRS's defaults."""

    reviews: int
    enough: bool
    more_needed: int
    own: FitOut | None
    default: FitOut


class StatsOut(BaseModel):
    """review.stats.Stats.summary()."""

    today: date
    reviews_per_day: dict[str, int]
    recent_answers: int
    recall: float | None
    due_next_7_days: list[tuple[date, int]]
    due_next_30_days: list[tuple[date, int]]
    overdue: int
    desired_retention: float
    retention_by_week: list[WeekOut]
    topics: list[TopicMasteryOut] = Field(
        description="Studied topics weakest first, then the rest."
    )
    calibration: CalibrationOut | None = None
    mastery_horizon_days: float = Field(
        description="Topics' recall is predicted this many days ahead."
    )


class HitOut(BaseModel):
    """A passage found. `marks` are [start, end) offsets in code points into `text` (the
    passage, or a window of it around the first match): the words matched."""

    note: str
    title: str
    topic: str
    topic_title: str
    target: str = Field(description="`note#topic`, as `studykit show` takes it.")
    line: int
    text: str
    marks: list[tuple[int, int]]


class TriageIn(BaseModel):
    """A learner's own say on a card, as on the triage page."""

    model_config = ConfigDict(strict=True)

    action: Literal["keep", "suspend", "copy", "drop"]
    front: Text = Field("", max_length=4000, description="Their copy's front (`copy`).")
    back: Text = Field("", max_length=4000, description="Their copy's back (`copy`).")


class TriageOut(BaseModel):
    card_id: str
    front: str = Field(
        description="The front the learner is now asked: their copy's or the author's."
    )
    back: str
    copied: bool = Field(description="Their own copy is asked in place of the author's text.")


class PendingOut(BaseModel):
    """A card the learner has not settled in triage yet."""

    id: str
    deck: str
    topic: str
    kind: str
    line: int
    quality: float = Field(description="How likely the card is worth keeping, 0..1.")
    front: str
    back: str


class SearchOut(BaseModel):
    terms: list[str] = Field(description="What was searched for: each word's stem.")
    hits: list[HitOut] = Field(description="Those holding the most words first, then bm25.")
    suggestions: list[str] = Field(
        default_factory=list, description="With no hit: title words spelled like the query's."
    )


def note_out(found: Note) -> NoteOut:
    topics = [found.topic_summary(t) for t in found.topics]
    shown: NoteOut = NoteOut.model_validate({**found.summary(), "topics": topics})
    return shown


def card_out(found: Card, claims: list[Claim]) -> CardOut:
    from studykit.render.html import markdown_html

    html = {"front_html": markdown_html(found.front), "back_html": markdown_html(found.back)}
    html["more_html"] = markdown_html(found.more) if found.more else ""
    stated = claims_out(found, claims)
    lang = language(f"{found.front}\n{found.back}")
    shown = {f.name: getattr(found, f.name) for f in fields(found)}  # asdict copies deeply
    return CardOut.model_validate({**shown, **html, "claims": stated, "lang": lang})


def claims_out(found: Card, claims: list[Claim]) -> list[ClaimOut]:
    """The checked claims a card states, each with its verdict and its checks' readings."""
    return [
        ClaimOut.model_validate(c.summary())
        for c in ledger.carried(f"{found.front}\n{found.back}", claims, found.back)
        if c.verdict != ledger.ClaimVerdict.UNCHECKED
    ]


def grade_out(found: Card, answer: str) -> GradeOut:
    result = grade(found.back, answer)
    return GradeOut(
        verdict=result.verdict,
        similarity=result.similarity,
        suggested_rating=result.rating,
        diff=[] if result.missing is not None else diff(found.back, answer),
        terms=len(key_terms(found.back)) if result.missing is not None else 0,
        missing=result.missing or [],
    )
