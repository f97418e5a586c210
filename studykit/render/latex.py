"""LaTeX math as readable Unicode for the terminal: unicodeit for symbols, Greek and the
scripts Unicode has, and what it leaves raw (fractions, roots, scripts with no Unicode
form) written out here."""

from __future__ import annotations

import re

_OPERATOR = re.compile(
    r"\\(arccos|arcsin|arctan|arg|cosh|cos|coth|cot|csc|deg|det|dim|exp|gcd|inf|ker|lim|ln|"
    r"log|max|min|Pr|sec|sinh|sin|sup|tanh|tan|softmax|argmax|argmin)(?![A-Za-z])"
)
_TEXT = re.compile(r"\\(?:text|mathrm|operatorname|textrm)\{([^{}]*)\}")
_SIZING = re.compile(r"\\(?:left|right|[bB]igg?[lrm]?)(?![A-Za-z])\s*\.?")
_SYMBOLS = {"lVert": "‖", "rVert": "‖", "Vert": "‖", "lvert": "|", "rvert": "|", "vert": "|",
            "dots": "…", "boldsymbol": "\\mathbf"}  # fmt: skip
"""What unicodeit misreads or lacks (it reads `\\lVert` as `\\l` + `Vert`)."""
_SYMBOL = re.compile(r"\\(" + "|".join(_SYMBOLS) + r")(?![A-Za-z])|\\!")
_COMMAND = re.compile(r"\\([A-Za-z]+|.)", re.S)
_FRACTIONS = {"frac", "dfrac", "tfrac"}
_ROOTS = {"": "√", "3": "∛", "4": "∜"}
_COMPOUND = set(" +-−=±∓,/×⋅·<>≤≥")


def latex_to_unicode(source: str) -> str:
    """LaTeX math as readable Unicode: `h_{t-1}` → `hₜ₋₁`, `\\frac{1}{1+e^{-x}}` →
    `1/(1+e⁻ˣ)`, `\\sqrt{d_k}` → `√dₖ`.

    unicodeit converts symbols, Greek and the scripts Unicode has; fractions, roots and
    scripts with no Unicode form (`e^{z_j}` → `e^(zⱼ)`) are written out here, since
    unicodeit would leave them raw or half converted. Operator names (`\\tanh`) and
    `\\text{...}` become plain words. `h_(t-1)` is kept as written: LaTeX would subscript
    only the parenthesis, which is not what the author meant.
    """
    source = _TEXT.sub(r"\1", _OPERATOR.sub(r"\1", source))
    from studykit.text import nfc

    source = _SYMBOL.sub(lambda m: _SYMBOLS.get(m[1] or "", ""), source)
    return nfc(_convert(_SIZING.sub("", source)))  # accents precomposed: ŷ, one cell


def _convert(source: str) -> str:
    """Fractions, roots, scripts and groups converted here; runs of anything else (symbols,
    Greek, accents) handed to unicodeit as they come."""
    import unicodeit

    out: list[str] = []
    raw: list[str] = []  # LaTeX waiting for unicodeit

    def flush(*converted: str) -> None:
        if raw:
            out.append(str(unicodeit.replace("".join(raw))))
            raw.clear()
        out.extend(converted)

    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            command = _COMMAND.match(source, i)
            name, i = (command[1], command.end()) if command else ("", i + 1)
            if not command:  # a backslash at the very end
                raw.append(char)
            elif name in _FRACTIONS:
                top, i = _argument(source, i)
                bottom, i = _argument(source, i)
                spaced = i < len(source) and (source[i].isalnum() or source[i] in "\\(")
                flush(f"{_operand(top)}/{_operand(bottom)}", " " if spaced else "")
            elif name == "sqrt":
                index = ""
                if source.startswith("[", i) and "]" in source[i:]:
                    index, i = source[i + 1 : source.index("]", i)], source.index("]", i) + 1
                body, i = _argument(source, i)
                root = _ROOTS.get(index) or _script("^", index) + "√"
                flush(root + _operand(body))
            else:  # a symbol, or an accent or font with its argument: `\\hat{y}`, `\\mathbb{R}`
                raw.append(command[0])
                if name.isalpha() and source.startswith("{", i):
                    group, i = _group(source, i)
                    raw.append("{" + group + "}")
        elif char in "_^" and source.startswith("(", i + 1):
            flush(char)  # h_(t-1): the author's own notation
            i += 1
        elif char in "_^":
            argument, i = _argument(source, i + 1)
            flush(_script(char, argument))
        elif char == "{":
            group, i = _group(source, i)
            flush(_convert(group))
        else:
            raw.append(char)
            i += 1
    flush()
    return "".join(out)


def _group(source: str, start: int) -> tuple[str, int]:
    """The inside of the `{...}` group at `start`, and where it ends (an unclosed group runs
    to the end)."""
    depth, i = 0, start
    while i < len(source):
        if source[i] == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(source[i], 0)
        i += 1
        if depth == 0:
            return source[start + 1 : i - 1], i
    return source[start + 1 :], len(source)


def _argument(source: str, start: int) -> tuple[str, int]:
    """A command's or script's argument: a group, a command or one character."""
    while start < len(source) and source[start] == " ":
        start += 1
    if source.startswith("{", start):
        return _group(source, start)
    if command := _COMMAND.match(source, start):
        return command[0], command.end()
    return source[start : start + 1], start + 1


def _script(mark: str, argument: str) -> str:
    """`_`/`^` and its argument in Unicode sub- or superscripts when every character has
    one, else written out: `x_w`, `e^(zⱼ)`."""
    import unicodeit

    inner = _convert(argument).strip()
    if mark == "^":
        inner = inner.replace("⊤", "T")  # X^\\top: the transpose
    if not inner:
        return ""
    shown = str(unicodeit.replace(f"{mark}{{{inner}}}"))
    if not any(c in shown for c in "_^{}"):
        return shown
    return mark + inner if len(inner) == 1 or _bracketed(inner) else f"{mark}({inner})"


def _operand(argument: str) -> str:
    """A fraction's or root's operand, in parentheses when it has several terms: `∂L`,
    `(1+e⁻ˣ)`. Spaces after ∂ and ∇ go (`∂ L` → `∂L`), as in print."""
    shown = re.sub(r"(?<=[∂∇])\s+", "", _convert(argument).strip())
    depth = 0
    for index, char in enumerate(shown):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if depth == 0 and index and char in _COMPOUND:  # a term outside any parentheses
            return f"({shown})"
    return shown


def _bracketed(text: str) -> bool:
    """`(pos, 2i)`: already in one pair of parentheses."""
    return text.startswith("(") and text.endswith(")") and "(" not in text[1:-1]
