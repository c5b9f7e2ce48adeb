"""Format what a snippet computed as a Markdown table, so the page shows numbers, not code output."""

from __future__ import annotations

import numpy as np


def fmt(value, digits: int = 6) -> str:
    """A number or array, compactly: 13 not 13.0, 0.537050 as 0.53705."""
    array = np.asarray(value)
    if array.ndim == 0:
        x = float(array)
        return str(int(x)) if x.is_integer() and abs(x) < 1e15 else f"{x:.{digits}g}"
    return "[" + ", ".join(fmt(v, digits) for v in array.ravel()) + "]"


def md_table(headers: list[str], rows: list[list]) -> str:
    """A Markdown table; numbers in the rows are formatted with fmt()."""
    def cell(v):
        return v if isinstance(v, str) else fmt(v)

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def same(a, b, rtol=1e-5, atol=1e-5) -> str:
    """✓ if rnnmath and Keras agree to float32 precision; the build fails otherwise."""
    if not np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=rtol, atol=atol):
        raise AssertionError(f"rnnmath gives {fmt(a)} but Keras gives {fmt(b)}")
    return "✓"


def differs(a, b, rtol=1e-5, atol=1e-5) -> str:
    """✗ where a page shows that a mistake changes the answer; the build fails if the two agree."""
    if np.shape(a) == np.shape(b) and np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float),
                                                  rtol=rtol, atol=atol):
        raise AssertionError(f"expected a difference, but both give {fmt(a)}")
    return "✗"
