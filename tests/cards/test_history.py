"""Review history survives the new extraction rules: a copy of the deck the old rules built
from the user's note is kept as a fixture; rebuilding it with today's keeps the id of every
card whose fact is still carded, so no review is orphaned."""

from __future__ import annotations

from helpers import DATA, USER_NOTE

from studykit.cards import decks
from studykit.notes.parse import decode, parse_note

OLD_RULES = DATA / "decks" / "day008-old-rules.yaml"
"""The deck as the old rules built it (committed with the user's note before the new rules)."""

DROPPED_ON_PURPOSE = {
    # `... W를 너무 많이 곱하게 되어 문제가 발생한다. → 이과정을 해결해야한다!`: the arrow
    # leads to a note to self, not to an answer
    "fd39003165f3",
    # `1)과 2)를 보완한 LSTM과 GRU → ... → ?`: points at numbered items away from the card
    "81e2d6eab65b",
}
PERSONAL = {
    # the master class's Q&A about careers, study abroad and forecasts: left out unless the
    # note says `keep_personal: true`, and then carded under the same ids
    *("9eaf0a74f562", "8070f08a07a4", "144d8aeb06ef", "4b6abb8bf2b8", "4e83048dc102"),
    *("dda5b52dd3f4", "bdd5bcecdbe8", "9c918b460eb9", "bd4c48659650", "65bcd0f4c9e7"),
}

REWORDED = {
    # old id: the front the new rules give the same fact
    "86eb1ad5f67a": "RNN — formula?",  # the heading's remark dropped
    "e588a165323e": "RNN — 중요한 특징?",  # a generic label given its subject
    "e0c3f274e411": "RNN — 장점?",
    "7950ae48dba9": "RNN — 단점?",
    "9b25b6c4bc8b": "Recurrent Neural Network — Recurrent하다?",  # the author's question
}


def rebuilt(*, keep_personal: bool = False) -> tuple[decks.Deck, decks.Deck]:
    old = decks.load(OLD_RULES)
    text = decode(USER_NOTE.read_bytes(), USER_NOTE.name)
    if keep_personal:
        text = text.replace("---\n", "---\nkeep_personal: true\n", 1)
    return old, decks.build(parse_note(text, USER_NOTE.name), old)


def test_every_old_card_still_carded_keeps_its_id() -> None:
    old, new = rebuilt()
    new_ids = {card.id for card in new.cards}
    lost = {card.id for card in old.cards} - new_ids
    assert lost == DROPPED_ON_PURPOSE | PERSONAL
    _, kept = rebuilt(keep_personal=True)
    assert {card.id for card in old.cards} - {card.id for card in kept.cards} == DROPPED_ON_PURPOSE


def test_reworded_fronts_keep_their_ids() -> None:
    _, new = rebuilt()
    fronts = {card.id: card.front for card in new.cards}
    assert {card_id: fronts[card_id] for card_id in REWORDED} == REWORDED


def test_cut_answers_keep_their_ids() -> None:
    old, new = rebuilt(keep_personal=True)
    before = {card.id: card for card in old.cards}
    cut = [card for card in new.cards if card.more and card.id in before]
    assert cut, "the long answers of the master class are cut"
    for card in cut:
        assert before[card.id].back.startswith(card.back)


def test_dropped_card_is_gone_not_locked() -> None:
    _, new = rebuilt()
    assert not DROPPED_ON_PURPOSE & {card.id for card in new.cards}
