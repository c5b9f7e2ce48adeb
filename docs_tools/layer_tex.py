r"""Arrays as LaTeX matrices, for the pages that show a computed matrix in a formula.

The layer and batch pages print what the build computed as
``$$ … $$`` displays; these helpers turn numpy arrays into the
``\begin{bmatrix} … \end{bmatrix}`` that KaTeX renders.
"""

from __future__ import annotations

import numpy as np

from docs_tools.tables import fmt


def bmatrix(array, digits: int = 4, decimals: int | None = None) -> str:
    r"""A matrix as ``\begin{bmatrix}…\end{bmatrix}``; a 1-D array is a column vector.

    Entries get ``digits`` significant digits or, if ``decimals`` is given,
    that many digits after the point: every entry then has the same short
    form, which keeps wide matrices narrow.

    >>> bmatrix([[1.0, 0.0], [0.5, -2.0]])
    '\\begin{bmatrix} 1 & 0 \\\\ 0.5 & -2 \\end{bmatrix}'
    >>> bmatrix([3.0, 3.0])
    '\\begin{bmatrix} 3 \\\\ 3 \\end{bmatrix}'
    >>> bmatrix([[0.1234, -1.0]], decimals=2)
    '\\begin{bmatrix} 0.12 & -1.00 \\end{bmatrix}'
    """
    def entry(value) -> str:
        return fmt(value, digits) if decimals is None else f"{float(value):.{decimals}f}"

    array = np.asarray(array)
    if array.ndim == 0:
        return entry(array)
    if array.ndim == 1:
        array = array[:, None]
    rows = [" & ".join(entry(value) for value in row) for row in array]
    return r"\begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix}"


def display(*lines: str, aligned: bool = False, gap: str = "4pt") -> str:
    r"""A ``$$ … $$`` display of one formula, or of several lines aligned at ``&``.

    ``gap`` is the extra space between the lines when they are aligned; a
    line may itself hold ``\\`` breaks, which get no extra space, so that
    one step can take two lines and the steps still stand apart.

    >>> display("a &= 1", "b &= 2", aligned=True)
    '\n$$\n\\begin{aligned} a &= 1 \\\\[4pt] b &= 2 \\end{aligned}\n$$\n'
    """
    if aligned:
        body = r"\begin{aligned} " + f" \\\\[{gap}] ".join(lines) + r" \end{aligned}"
    else:
        body = " ".join(lines)
    return "\n$$\n" + body + "\n$$\n"
