"""The site's one table writer: what a snippet computed, as a Markdown table, so the page shows numbers, not code output.

``md_table`` writes every table on the site. The others here only choose
rows for it: ``symbol_table`` for the notation page's symbols and
``explanation_table`` for ``rnnmath.keras.explain``'s parameter counts.
"""

from __future__ import annotations

import numpy as np

ALIGN = {"l": "---", "r": "--:"}


def fmt(value, digits: int = 6) -> str:
    """A number or array, compactly: 13 not 13.0, 0.537050 as 0.53705."""
    array = np.asarray(value)
    if array.ndim == 0:
        x = float(array)
        return str(int(x)) if x.is_integer() and abs(x) < 1e15 else f"{x:.{digits}g}"
    return "[" + ", ".join(fmt(v, digits) for v in array.ravel()) + "]"


def md_table(headers: list[str], rows: list[list], align: str | None = None) -> str:
    """A Markdown table; numbers in the rows are formatted with fmt().

    ``align`` gives one letter per column, ``l`` or ``r`` (default: all left).
    """
    def cell(v):
        return v if isinstance(v, str) else fmt(v)

    def line(cells):
        return "|" + "|".join(f" {c} " if c else " " for c in cells) + "|"

    rule = [ALIGN[a] for a in align] if align else ["---"] * len(headers)
    return "\n".join([line(headers), "|" + "|".join(rule) + "|", *(line([cell(v) for v in row]) for row in rows)])


def same(a, b, rtol=1e-5, atol=1e-5) -> str:
    """✓ if rnnmath and Keras agree to float32 precision; the build fails otherwise."""
    if not np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=rtol, atol=atol):
        raise AssertionError(f"rnnmath gives {fmt(a)} but Keras gives {fmt(b)}")
    return "✓"


# ---- The notation page


def tex_shape(shape: str) -> str:
    """A shape like "β × k" as inline math; "scalar" and "function" stay words."""
    if shape in ("", "scalar", "function"):
        return shape
    return "$" + shape.replace("×", r"\times").replace("β", r"\beta ") + "$"


def symbol_table(symbols) -> str:
    """``docs_tools.notation``'s symbols: symbol | meaning | shape | rnnmath name | Keras name."""
    rows = [[f"${s.tex}$", s.meaning, tex_shape(s.shape), s.rnnmath, s.keras] for s in symbols]
    return md_table(["symbol", "meaning", "shape", "rnnmath name", "Keras name"], rows)


# ---- Parameter counts


def explanation_table(explanation) -> str:
    """``rnnmath.keras.explain(model)``'s rows as a Markdown table: formula, numbers put in, count; then the total."""
    rows = [[f"`{r.layer}`", r.kind, r.formula, r.sizes, r.substituted, f"{r.params:,}"] for r in explanation.rows]
    rows.append(["**total**", "", "", "", "", f"**{explanation.total:,}**"])
    return md_table(["layer", "type", "formula", "sizes", "substituted", "params"], rows, align="lllllr")
def differs(a, b, rtol=1e-5, atol=1e-5) -> str:
    """✗ where a page shows that a mistake changes the answer; the build fails if the two agree."""
    if np.shape(a) == np.shape(b) and np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float),
                                                  rtol=rtol, atol=atol):
        raise AssertionError(f"expected a difference, but both give {fmt(a)}")
    return "✗"
