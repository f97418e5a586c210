"""Triage: a learner's pass over the cards they have not settled yet, to keep, suspend or
rewrite each (their own copy, review.store.save_copy) before they are ever asked. The
terminal's `triage`, the web's /triage page and /api/triage offer the same cards in the
same order (review.store.untriaged): those most likely not worth keeping (lowest quality)
first.

What a learner settles is theirs alone, in the store; the deck files are the author's.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from studykit.db import Database, now
from studykit.review import store


class Action(StrEnum):
    """What a learner may do to a card in triage (skipping writes nothing)."""

    KEEP = "keep"
    SUSPEND = "suspend"
    COPY = "copy"  # keep their own copy of its front and back
    DROP = "drop"  # drop that copy: the author's text is asked again


def settle(
    db: Database,
    user: int,
    card_id: str,
    action: Action,
    copy: tuple[str, str] = ("", ""),
    at: datetime | None = None,
) -> None:
    """The learner's say on a card, for them alone; `copy`: their front and back (as typed
    in a browser's text area: its CRLF line ends become LF), for Action.COPY."""
    if action == Action.COPY:
        front, back = (side.replace("\r\n", "\n").strip() for side in copy)
        store.save_copy(db, user, card_id, front, back, at or now())
    elif action == Action.DROP:
        store.drop_copy(db, user, card_id)
    elif action == Action.KEEP:
        store.keep(db, user, card_id)
    else:
        store.suspend(db, user, card_id)
