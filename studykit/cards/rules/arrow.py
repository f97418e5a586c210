"""Arrow statements: `A → B` (or `->`, `⇒`, `=>`) asks `A ?` for `B`.

Not every arrow is a cause and its effect:

- an arrow between two tokens with no space on either side (`h1->h2->h3`, `CPU→GPU`,
  `conv1->bn1->relu`) is part of a name or a sequence, never a split point;
- arrows in math (`$...$`) and code spans are not read;
- an answer that is an exclamation or a note to self (`이걸 해결해야 한다!`, `복구 어려움
  주의!!`, `잊지 말기`) is no answer;
- a limit (`n → ∞`) or a move between two single tokens with what is passed (`A(CLOSED) →
  B(LISTEN) : SYN(a)`) is notation;
- a chain `A → B → C` whose inner steps are short nouns (`RNN → Seq2Seq → Transformer`,
  `입력 → 은닉층 → 출력`) is a timeline or a pipeline: no card.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.notes.model import Block

_SIGN = r"(?:→|⇒|->|=>)"
_LEADING = re.compile(rf"^[(\s]*{_SIGN}\s*")
_ARROW = re.compile(rf"\s+{_SIGN}\s*|(?<=\S){_SIGN}\s+")
"""An arrow with a space on at least one side: `h1->h2` is a chain of tokens, not a claim."""
_HIDDEN = re.compile(r"(`+)(?:(?!\1).)+?\1|\$[^$\n]+\$")
_REACTION = re.compile(
    r"(?:[!！]+|[ㅋㅎ]{2,})\)?$"  # an exclamation: `→ 이과정을 해결해야한다!`
    r"|(?:해야\s*한다|해야\s*함|해야겠다|할\s*것|하자|하기|말기|말자|주의|볼\s*것)[.!)\s]*$"
)
"""An answer that is the author's reaction or a note to self, not the arrow's result."""
_DANGLING = re.compile(
    r"[(\s]*\d+\)\s*(?:과|와|이랑|랑|,|및)\s*\d+\)|(?:위의|위에서|이를|이것을?)\s"
)
"""A statement that opens by pointing at numbered items or at what came before."""
_VERBAL = re.compile(r"(?:다|음|함|됨|짐|옴|봄|임|요|고|서|면|며)$")


def cards(block: Block, make: Make) -> Iterator[Card]:
    """Line rule."""
    first_line = block.text.split("\n", 1)[0]
    hidden: list[str] = []

    def hide(match: re.Match[str]) -> str:
        hidden.append(match.group(0))
        return f"\x00{len(hidden) - 1}\x00"

    def shown(text: str) -> str:
        return re.sub(r"\x00(\d+)\x00", lambda m: hidden[int(m.group(1))], text)

    statement = _LEADING.sub("", _HIDDEN.sub(hide, first_line))
    if _DANGLING.match(statement):
        return  # `1)과 2)를 보완한 ... → ?` means nothing away from the list it points at
    parts = _ARROW.split(statement)
    if len(parts) < 2 or not parts[0].strip("( ") or not parts[-1].strip(") "):
        return
    answer = parts[-1].strip()
    if answer.endswith(")") and answer.count(")") > answer.count("("):
        answer = answer[:-1]
    if _REACTION.search(answer) or _chain(parts) or _notation(parts[0], answer):
        return
    last = list(_ARROW.finditer(statement))[-1]
    left = statement[: last.end()].rstrip()
    closing = ")" if left.count("(") > left.count(")") else ""
    yield make(CardKind.ARROW, shown(f"{left} ?{closing}"), shown(answer.strip()), block.line)


def _notation(cause: str, effect: str) -> bool:
    """A limit (`n → ∞ 일때`) or a move from one party or state to another (`A(CLOSED) →
    B(LISTEN) : SYN(a)`, one token each side): notation, not a cause and its effect."""
    cause, effect = cause.replace("**", ""), effect.replace("**", "")
    cause = re.sub(r"^[-*+]\s+|^\d+[.)]\s+", "", cause.strip("( "))
    if re.match(r"[-+]?(?:∞|\\infty)", effect):
        return True
    head = re.split(r"\s*[:：]\s", effect, maxsplit=1)
    return len(cause.split()) == 1 and len(head) == 2 and len(head[0].split()) == 1


def _chain(parts: list[str]) -> bool:
    """A → B → C whose inner steps are each a short noun: a sequence, not a cause."""
    inner = [part.strip("() ") for part in parts[1:-1]]
    return bool(inner) and all(
        len(step.split()) <= 2 and len(step) <= 20 and not _VERBAL.search(step) for step in inner
    )
