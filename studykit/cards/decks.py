"""Decks: the cards of one note as a YAML file under `quizzes/`, safe to edit by hand.

`studykit build` writes `quizzes/<note-slug>.yaml` in a fixed order and layout so that diffs
stay clean. Rebuilding keeps what the learner changed: `suspended: true` stays, and a card
marked `locked: true` keeps its edited front and back. A card whose front was slightly
re-worded in the note keeps its old id (and so its review history) when the new front is
at least `REWORD_SIMILARITY` alike to an old card of the same topic and kind; so does a card
whose front the extractor now words differently (a subject added, a heading's remark
dropped) while its answer is unchanged: same topic and kind, the same answer (no other old
card there has it), and fronts that are alike once parentheses are set aside or of which
one contains the other.

Schema (one mapping per file):

    note: <note slug>            source: <path in notes/>       title: <note title>
    cards:
      - id, kind, topic, line, front, back   (required: id, front, back)
        context, tags, reverse, suspended, locked, more, quality   (optional)
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from studykit.cards.extract import extract
from studykit.cards.model import Card, CardKind
from studykit.errors import DeckError
from studykit.notes.model import Note
from studykit.text import jamo, normalise

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses 10x faster
REWORD_SIMILARITY = 0.8
"""difflib ratio between the jamo-decomposed, normalised fronts of an old and a new card."""

_CARD_FIELDS = [f.name for f in fields(Card) if f.name != "deck"]
_OPTIONAL: dict[str, Any] = {
    "suspended": False,
    "locked": False,
    "reverse": False,
    "context": "",
    "tags": [],
    "more": "",
    "quality": 1.0,
}
HEADER = (
    "# studykit deck, written by `studykit build` from the note named below.\n"
    "# Edit freely: `suspended: true` hides a card; `locked: true` keeps your edited text.\n"
)


@dataclass(slots=True)
class Deck:
    """name: the deck's (its note's slug, or a hand-written deck's file name). source: the
    note's path in the notes folder. title: the note's title."""

    name: str
    source: str
    title: str
    cards: list[Card] = field(default_factory=list)


def build(note: Note, old: Deck | None = None) -> Deck:
    """The deck for `note`, keeping ids, suspensions and locked edits from `old`."""
    previous = {card.id: card for card in old.cards} if old else {}
    fresh = extract(note)
    fresh_ids = {c.id for c in fresh}
    unclaimed = [card for card in previous.values() if card.id not in fresh_ids]
    deck = Deck(note.slug, note.path, note.title)
    for card in fresh:
        before = previous.get(card.id) or _reworded(card, unclaimed)
        if before is not None:
            card.id, card.suspended, card.locked = before.id, before.suspended, before.locked
            if before.locked:
                card.front, card.back, card.more = before.front, before.back, before.more
        deck.cards.append(card)
    kept = {card.id for card in deck.cards}
    deck.cards += [card for card in unclaimed if card.locked and card.id not in kept]
    return deck


def _reworded(card: Card, unclaimed: list[Card]) -> Card | None:
    """The old card this one re-words: one in the same topic and kind whose front is alike
    enough, else the only one there with the same answer, else the only one that says the
    same words split another way between front and answer."""
    best, best_ratio = None, REWORD_SIMILARITY
    alike = [old for old in unclaimed if old.topic == card.topic and old.kind == card.kind]
    for old in alike:
        ratio = difflib.SequenceMatcher(None, _key(old.front), _key(card.front)).ratio()
        if ratio >= best_ratio:
            best, best_ratio = old, ratio
    if best is None:
        same = [old for old in alike if _answer(old) == _answer(card) and _related(old, card)]
        best = same[0] if len(same) == 1 else None
    if best is None:
        resplit = [old for old in alike if _whole(old) == _whole(card)]
        best = resplit[0] if len(resplit) == 1 else None
    if best is not None:
        unclaimed.remove(best)
    return best


def _related(old: Card, new: Card) -> bool:
    """Fronts that differ only by what the extractor adds or drops: a subject before a label
    (`장점?` → `RNN — 장점?`) or a parenthesised remark (`RNN (다시 볼 것) — 장점?`)."""
    a, b = (_key(re.sub(r"\([^()]*\)", "", card.front)) for card in (old, new))
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    return bool(a and b) and (a in b or b in a or ratio >= REWORD_SIMILARITY)


def _answer(card: Card) -> str:
    """A card's answer as an identity key; the start of `more` counts (an answer that was
    cut keeps matching its old, uncut self)."""
    return normalise(f"{card.back}\n\n{card.more}")


def _whole(card: Card) -> str:
    """Everything a card says, front and answer together, as an identity key."""
    return normalise(f"{card.front}\n{card.back}\n{card.more}")


def _key(front: str) -> str:
    """A front compared in jamo, so one changed letter is a small difference."""
    return jamo(normalise(front))


def dump(deck: Deck) -> str:
    """YAML text of a deck: fixed key order, block scalars for multi-line text.

    The nodes are made here and only emitted by libyaml: PyYAML's representer (and
    `dataclasses.asdict` before it) took twice as long as the emitting."""
    cards = [_card_node(card) for card in deck.cards]
    head = {"note": deck.name, "source": deck.source, "title": deck.title}
    pairs = [(_node(key), _node(value)) for key, value in head.items()]
    pairs.append((_node("cards"), yaml.SequenceNode(_SEQ, cards, flow_style=not cards)))
    body = yaml.MappingNode(_MAP, pairs, flow_style=False)
    return HEADER + yaml.serialize(body, Dumper=_Dumper, allow_unicode=True, width=100)


def _card_node(card: Card) -> yaml.MappingNode:
    """A card as a mapping, its fields in order, those at their default left out."""
    pairs = []
    for key in _CARD_FIELDS:
        value = getattr(card, key)
        if _OPTIONAL.get(key) != value:
            shown = str(value) if key == "kind" else value
            pairs.append((yaml.ScalarNode(_STR, key), _node(shown)))
    return yaml.MappingNode(_MAP, pairs, flow_style=False)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter where present (10x faster), else PyYAML's own."""


_REPRESENTER = yaml.representer.SafeRepresenter()
"""For the values `_node` has no shortcut for (the quality, a float)."""


def _node(value: Any) -> yaml.Node:
    """The node PyYAML's safe representer makes of a field's `value`, with multi-line text as
    a block scalar and tags on one line. Each node is new: one met twice would be written as
    an anchor and an alias."""
    kind = type(value)
    if kind is str:
        return yaml.ScalarNode(_STR, value, style="|" if "\n" in value else None)
    if kind is bool:
        return yaml.ScalarNode("tag:yaml.org,2002:bool", "true" if value else "false")
    if kind is int:
        return yaml.ScalarNode("tag:yaml.org,2002:int", str(value))
    if kind is list:
        flow = all(isinstance(item, str) for item in value)
        return yaml.SequenceNode(_SEQ, [_node(v) for v in value], flow_style=flow)
    node: yaml.Node = _REPRESENTER.represent_data(value)
    return node


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


def write(deck: Deck, folder: Path) -> Path:
    path = folder / f"{deck.name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = dump(deck)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        tmp = path.with_suffix(".yaml.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path


def load(path: Path) -> Deck:
    """Read a deck (generated or hand-written); errors name the file and line."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        raise DeckError(path, mark.line + 1 if mark else 1, str(err.problem)) from None
    except UnicodeDecodeError:
        raise DeckError(path, 1, "invalid UTF-8") from None
    if not isinstance(root, yaml.MappingNode):
        raise DeckError(path, 1, "a deck is a mapping with `note` and `cards`")
    data = _mapping(root)
    note = str(data.get("note", ("", root))[0] or path.stem)
    cards_node = data.get("cards", (None, root))[1]
    if not isinstance(cards_node, yaml.SequenceNode):
        raise DeckError(path, cards_node.start_mark.line + 1, "`cards` must be a list")
    deck = Deck(note, str(data.get("source", ("",))[0]), str(data.get("title", ("",))[0]))
    seen: set[str] = set()
    for node in cards_node.value:
        card = _card(path, node, note)
        if card.id in seen:
            raise DeckError(path, node.start_mark.line + 1, f"duplicate card id {card.id}")
        seen.add(card.id)
        deck.cards.append(card)
    return deck


def _mapping(node: yaml.MappingNode) -> dict[str, tuple[Any, yaml.Node]]:
    loader = yaml.SafeLoader("")
    return {
        loader.construct_object(k): (loader.construct_object(v, deep=True), v)
        for k, v in node.value
    }


def _card(path: Path, node: yaml.Node, deck: str) -> Card:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise DeckError(path, line, "each card is a mapping with id, front and back")
    data = {k: v for k, (v, _) in _mapping(node).items()}
    for key in ("id", "front", "back"):
        if not str(data.get(key) or "").strip():
            raise DeckError(path, line, f"card is missing `{key}`")
    unknown = set(data) - set(_CARD_FIELDS)
    if unknown:
        raise DeckError(path, line, f"unknown card key(s): {', '.join(sorted(unknown))}")
    try:
        kind = CardKind(str(data.get("kind") or CardKind.MANUAL))
    except ValueError:
        known = ", ".join(CardKind)
        raise DeckError(path, line, f"unknown card kind {data['kind']!r} ({known})") from None
    return Card(
        id=str(data["id"]),
        kind=kind,
        front=str(data["front"]),
        back=str(data["back"]),
        deck=deck,
        topic=str(data.get("topic") or deck),
        line=int(data.get("line") or 0),
        context=str(data.get("context") or ""),
        tags=[str(tag) for tag in data.get("tags") or []],
        reverse=bool(data.get("reverse")),
        suspended=bool(data.get("suspended")),
        locked=bool(data.get("locked")),
        more=str(data.get("more") or ""),
        quality=_quality(path, line, data.get("quality", 1.0)),
    )


def _quality(path: Path, line: int, value: Any) -> float:
    try:
        quality = float(value)
    except (TypeError, ValueError):
        raise DeckError(path, line, f"`quality` must be a number, not {value!r}") from None
    if not 0.0 <= quality <= 1.0:
        raise DeckError(path, line, f"`quality` must be between 0 and 1, not {quality}")
    return quality
