"""Answers recorded in groups: one commit, one fsync, for every answer that arrives while
the previous group is on its way to disk.

A commit waits for the disk (an fsync: 0.2 to 6 ms here, depending on the disk's load), and
a database takes one writer at a time, so answers committed one by one cap the service
at a few hundred a second. Here one thread per worker takes every answer waiting, records
them in one transaction (store.answer_all: each in a savepoint) and only then completes
their futures: an answer is acknowledged once it is on disk, and none is lost. (Group
commit, as databases do it with their logs.) Requests await their future on the event
loop, holding no thread while the disk works.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future

from studykit.db import Database, open_store
from studykit.review import store
from studykit.review.model import Review

GROUP = 64
"""The most answers one commit takes."""

_Item = tuple[store.Pending, "Future[Review]"]


class Recorder:
    """One worker's answer writer: a thread of its own with a connection of its own,
    started by the first answer."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.waiting: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def submit(self, pending: store.Pending) -> Future[Review]:
        """Record the answer with those waiting; the future is done once it is committed."""
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="recorder", daemon=True)
                self.thread.start()
        done: Future[Review] = Future()
        self.waiting.put((pending, done))
        return done

    def close(self) -> None:
        with self.lock:
            if self.thread is not None:
                self.waiting.put(None)
                self.thread.join(timeout=10)
                self.thread = None

    def _run(self) -> None:
        db: Database | None = None
        while (first := self.waiting.get()) is not None:
            group: list[_Item] = [first]
            stop = False
            while len(group) < GROUP and not self.waiting.empty():
                item = self.waiting.get()
                if item is None:
                    stop = True
                    break
                group.append(item)
            try:
                db = db or open_store(self.target, shared=True)
                results = store.answer_all(db, [pending for pending, _ in group])
            except Exception as error:  # the connection or the disk: none was recorded
                results = [error] * len(group)
                if db is not None:
                    db.close()
                db = None
            for (_, done), result in zip(group, results, strict=True):
                if isinstance(result, Exception):
                    done.set_exception(result)
                else:
                    done.set_result(result)
            if stop:
                break
        if db is not None:
            db.close()
