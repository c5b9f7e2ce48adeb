r"""Arrays as LaTeX matrices, for the pages that show a computed matrix in a formula.

The layer and batch pages print what the build computed as
``$$ … $$`` displays; these helpers turn numpy arrays into the
``\begin{bmatrix} … \end{bmatrix}`` that KaTeX renders.
"""

from __future__ import annotations

import numpy as np

from docs_tools.tables import fmt


def bmatrix(array, digits: int = 4) -> str:
    r"""A matrix as ``\begin{bmatrix}…\end{bmatrix}``; a 1-D array is a column vector.

    >>> bmatrix([[1.0, 0.0], [0.5, -2.0]])
    '\\begin{bmatrix} 1 & 0 \\\\ 0.5 & -2 \\end{bmatrix}'
    >>> bmatrix([3.0, 3.0])
    '\\begin{bmatrix} 3 \\\\ 3 \\end{bmatrix}'
    """
    array = np.asarray(array)
    if array.ndim == 0:
        return fmt(array, digits)
    if array.ndim == 1:
        array = array[:, None]
    rows = [" & ".join(fmt(value, digits) for value in row) for row in array]
    return r"\begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix}"


def display(*lines: str, aligned: bool = False) -> str:
    r"""A ``$$ … $$`` display of one formula, or of several lines aligned at ``&``."""
    if aligned:
        body = r"\begin{aligned} " + r" \\[4pt] ".join(lines) + r" \end{aligned}"
    else:
        body = " ".join(lines)
    return "\n$$\n" + body + "\n$$\n"
