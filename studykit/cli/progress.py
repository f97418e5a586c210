"""Progress bars for long work (build, the first sync, check, export, optimize, import):
the core's `Progress` callback drawn by rich, only when stdout is a terminal, so pipes and
--json output never carry one.

The bars are redrawn from the caller's own thread, at most ten times a second, never by a
background thread: `check` runs pytest in this process, whose output capture must not
catch a bar drawn in the middle of a check.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console

from studykit.cli.common import out

if TYPE_CHECKING:
    from studykit.progress import Progress

REDRAW_EVERY = 0.1  # seconds


@contextmanager
def bars(shown: bool = True) -> Iterator[Progress | None]:
    """A `Progress` that draws one bar per kind of work, or None when stdout is no terminal
    (or `shown` is false); the bars are cleared when the block ends."""
    if not shown or not out.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bars

    columns = (TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn())
    drawn = Bars(
        *columns,
        TimeElapsedColumn(),
        console=Console(
            file=sys.stdout, highlight=False, markup=False
        ),  # the terminal, even if redirected
        auto_refresh=False,
        transient=True,
        redirect_stdout=False,  # what the work prints is the caller's to hold (see `check`)
        redirect_stderr=False,  # warnings stay on stderr
    )
    tasks: dict[str, TaskID] = {}
    last = 0.0

    def tell(what: str, done: int, total: int | None) -> None:
        nonlocal last
        if what not in tasks:
            tasks[what] = drawn.add_task(what, total=total)
        drawn.update(tasks[what], completed=done, total=total)
        if time.monotonic() - last >= REDRAW_EVERY or done == total:
            drawn.refresh()
            last = time.monotonic()

    with drawn:
        yield tell
