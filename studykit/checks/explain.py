"""What a failed comparison of tensors or arrays was: `assert torch.allclose(a, b)` fails with
the two values cut short and no difference, so the assertion is read again and each
`torch.allclose`, `torch.equal`, `np.allclose` or `np.array_equal` in it that is false is
described: shapes, dtypes, how many elements differ, and the largest absolute and relative
difference with where it is and the two values there.

Its arguments are evaluated again, in the frame of the failed assertion, after the check has
ended (so what they cost or change touches nothing the verdict depends on).
"""

from __future__ import annotations

import ast
from types import FrameType
from typing import Any

from studykit.checks.find import Check

COMPARISONS = {"allclose": "close", "equal": "equal", "array_equal": "equal"}
MODULES = {"torch", "np", "numpy"}


def explain(error: AssertionError, check: Check) -> str:
    """Lines describing each false tensor or array comparison of the failed assertion."""
    frame, line = _where(error, check.note)
    if frame is None:
        return ""
    source = "\n" * check.snippet.line + check.snippet.code
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert) and node.lineno <= line <= (node.end_lineno or line):
            for call in ast.walk(node.test):
                if isinstance(call, ast.Call) and (kind := _comparison(call.func)):
                    found.append(_describe(call, kind, frame))
    return "\n".join(f for f in found if f)


def _where(error: BaseException, path: str) -> tuple[FrameType | None, int]:
    frame, line, tb = None, 0, error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == path:
            frame, line = tb.tb_frame, tb.tb_lineno
        tb = tb.tb_next
    return frame, line


def _comparison(func: ast.expr) -> str:
    if (
        isinstance(func, ast.Attribute)
        and func.attr in COMPARISONS
        and isinstance(func.value, ast.Name)
        and func.value.id in MODULES
    ):
        return COMPARISONS[func.attr]
    return ""


def _describe(call: ast.Call, kind: str, frame: FrameType) -> str:
    def value(node: ast.expr) -> Any:
        code = compile(ast.Expression(node), "<explain>", "eval")
        return eval(code, frame.f_globals, frame.f_locals)  # the check's own expression

    try:
        args = [value(a) for a in call.args]
        options = {k.arg: value(k.value) for k in call.keywords if k.arg}
        if value(call) or len(args) < 2:
            return ""  # true (this time) or not a comparison of two values
        return f"{ast.unparse(call)}: {difference(args[0], args[1], kind, args[2:], options)}"
    except Exception:  # an explanation must never hide the failure itself
        return ""


def difference(
    a: Any,
    b: Any,
    kind: str = "close",
    more: list[Any] | None = None,
    options: dict[str, Any] | None = None,
) -> str:
    """Shapes, dtypes, the count of elements that differ, the largest absolute and relative
    difference, where they are and the values there."""
    import numpy as np

    rtol, atol = [*(more or []), 1e-5, 1e-8][:2]
    rtol, atol = (options or {}).get("rtol", rtol), (options or {}).get("atol", atol)
    x, y = _array(a), _array(b)
    head = f"shapes {tuple(x.shape)} and {tuple(y.shape)}, dtypes {_dtype(a)} and {_dtype(b)}"
    try:
        x, y = np.broadcast_arrays(x, y)
    except ValueError:
        return f"{head}: the shapes do not broadcast"
    if x.size == 0:
        return f"{head}: no elements"
    x64, y64 = x.astype(np.float64), y.astype(np.float64)
    with np.errstate(all="ignore"):
        gap = np.abs(x64 - y64)
        relative = gap / np.abs(y64)
        relative[gap == 0] = 0.0
        if kind == "close":
            off = ~(gap <= atol + rtol * np.abs(y64)) & ~(
                (x64 == y64) | (np.isnan(x64) & np.isnan(y64))
            )
            rule = f" beyond rtol={rtol:g}, atol={atol:g}"
        else:
            off, rule = x64 != y64, ""
    parts = [head, f"{int(off.sum())} of {x.size} elements differ{rule}"]
    nans = int(np.isnan(x64).sum() + np.isnan(y64).sum())
    if nans:
        parts.append(f"{nans} NaN")
    if np.isfinite(gap).any():
        gaps = np.where(np.isfinite(gap), gap, -1.0)
        at = np.unravel_index(int(np.argmax(gaps)), gap.shape)
        parts.append(
            f"largest absolute difference {gap[at]:.4g} at {_index(at)} "
            f"({x64[at]:.6g} vs {y64[at]:.6g})"
        )
        rels = np.where(np.isfinite(relative), relative, -1.0)
        if (rels >= 0).any():
            at = np.unravel_index(int(np.argmax(rels)), gap.shape)
            parts.append(f"largest relative difference {relative[at]:.4g} at {_index(at)}")
    return "; ".join(parts)


def _array(value: Any) -> Any:
    import numpy as np

    if type(value).__module__.startswith("torch"):
        value = value.detach().cpu()
        if value.is_complex():
            return value.resolve_conj().numpy()
        return value.double().numpy() if value.is_floating_point() else value.numpy()
    return np.asarray(value)


def _dtype(value: Any) -> str:
    return str(getattr(value, "dtype", type(value).__name__))


def _index(at: tuple[Any, ...]) -> str:
    return str(tuple(int(i) for i in at))
