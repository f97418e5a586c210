"""How long work tells its caller how far it has got, without the core printing anything:
a loop takes an optional `Progress` and calls it as it goes; the CLI draws it as a bar on a
terminal and passes nothing otherwise (pipes, --json)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

Progress = Callable[[str, int, int | None], None]
"""Called with (what is being done, how many done, how many in all or None if unknown)."""


def each(items: Sequence[T], what: str, progress: Progress | None) -> Iterator[T]:
    """The items one by one, telling `progress` of each one done (if there is a listener)."""
    if progress is None:
        yield from items
        return
    total = len(items)
    progress(what, 0, total)
    for done, item in enumerate(items, 1):
        yield item
        progress(what, done, total)
