"""Answers recorded in groups: one commit, one fsync, for every answer that arrives while
the previous group is on its way to disk.

A commit waits for the disk (an fsync: 0.2 to 6 ms here, depending on the disk's load), and
a database takes one writer at a time, so answers committed one by one cap the service
at a few hundred a second. Here the first request to arrive with an answer leads: it
records its answer and every answer waiting in one transaction (store.answer_all: each in
a savepoint) and hands each waiting request its result; requests that arrive meanwhile
wait for the next group, which one of them leads. An answer is acknowledged only once its
group is committed, so none is lost. (Group commit, as databases do it with their logs.)
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from studykit.db import Database, open_store
from studykit.review import store
from studykit.review.model import Review

GROUP = 64
"""The most answers one commit takes."""


@dataclass(slots=True, eq=False)
class _Waiting:
    pending: store.Pending
    done: threading.Event = field(default_factory=threading.Event)
    result: Review | Exception | None = None


class Recorder:
    """One worker's answer writer, with a connection of its own (used by one leader at a
    time, on the leader's thread)."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.lock = threading.Lock()
        self.waiting: list[_Waiting] = []
        self.leading = False
        self.db: Database | None = None

    def record(self, pending: store.Pending) -> Review:
        """Record the answer (blocking): returns once it is committed, with those waiting."""
        mine = _Waiting(pending)
        with self.lock:
            self.waiting.append(mine)
            lead = not self.leading
            self.leading = True
        if lead:
            self._lead()
        mine.done.wait()
        if isinstance(mine.result, Exception):
            raise mine.result
        assert mine.result is not None
        return mine.result

    def close(self) -> None:
        with self.lock:
            if self.db is not None:
                self.db.close()
                self.db = None

    def _lead(self) -> None:
        """Commit groups until no answer waits, then hand the lead back."""
        while True:
            with self.lock:
                group, self.waiting = self.waiting[:GROUP], self.waiting[GROUP:]
                if not group:
                    self.leading = False
                    return
            for each, result in zip(group, self._commit(group), strict=True):
                each.result = result
                each.done.set()

    def _commit(self, group: list[_Waiting]) -> list[Review | Exception]:
        try:
            self.db = self.db or open_store(self.target, shared=True)
            return store.answer_all(self.db, [each.pending for each in group])
        except Exception as error:  # the connection or the disk: none was recorded
            if self.db is not None:
                self.db.close()
            self.db = None
            return [error] * len(group)
