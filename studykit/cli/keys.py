"""Keys from the terminal, one at a time, for the quiz and triage screens."""

from __future__ import annotations

import os
import sys
import termios
import tty


class Quit(Exception):
    """The learner pressed q (or typed :q)."""


def key(allowed: str) -> str:
    """One key press among `allowed` (q or Ctrl-D quits, Ctrl-C interrupts)."""
    while True:
        key = getchar()
        if key in ("q", "Q", "\x04", ""):
            raise Quit
        if key == "\x03":
            raise KeyboardInterrupt
        if key in allowed:
            return key


def getchar() -> str:
    """A key from the terminal, or a character from piped input ("" at its end).

    Not click.getchar: it enters raw mode with TCSAFLUSH, which throws away keys typed
    ahead while the previous answer was being saved. Here they are kept (TCSANOW).
    """
    if not sys.stdin.isatty():
        return sys.stdin.read(1)
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setraw(fd, termios.TCSANOW)
        return os.read(fd, 1).decode(errors="replace")
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
