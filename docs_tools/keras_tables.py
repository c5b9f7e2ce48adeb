"""Tables for the page "Inside a Keras layer": Keras's outputs and rnnmath's, step by step.

Each row is one sequence at one step; each cell is a row vector of k numbers.
The last column is ``same()`` of every column against the first, so a table
that shows a disagreement cannot be built.
"""

from __future__ import annotations

import numpy as np

from docs_tools.tables import fmt, md_table, same


def _vector(v, digits: int) -> str:
    return fmt(np.asarray(v, dtype=float), digits)


def per_step(columns: dict, *, steps=None, step_header: str = "$t$", extra: dict | None = None,
             digits: int = 4) -> str:
    """One row per (sequence i, output position): the columns' (β, T, k) arrays side by side.

    ``steps`` labels the positions (default 1 … T); ``extra`` adds columns of
    (β, T) values (a mask, say) before the arrays.
    """
    names, arrays = list(columns), [np.asarray(a) for a in columns.values()]
    beta, T = arrays[0].shape[:2]
    steps = steps or [str(t + 1) for t in range(T)]
    extra = extra or {}
    rows = []
    for i in range(beta):
        for t in range(T):
            cells = [str(i + 1), steps[t]]
            cells += [str(np.asarray(v)[i, t]) for v in extra.values()]
            cells += [_vector(a[i, t], digits) for a in arrays]
            checks = [same(a[i, t], arrays[0][i, t]) for a in arrays[1:]]  # raises if any differs
            cells.append("✓" if checks else "")
            rows.append(cells)
    return md_table(["sequence", step_header, *extra, *names, "agree"], rows)


def per_sequence(columns: dict, digits: int = 4) -> str:
    """One row per sequence: the columns' (β, k) arrays side by side."""
    names, arrays = list(columns), [np.asarray(a) for a in columns.values()]
    rows = []
    for i in range(arrays[0].shape[0]):
        cells = [str(i + 1)] + [_vector(a[i], digits) for a in arrays]
        checks = [same(a[i], arrays[0][i]) for a in arrays[1:]]  # raises if any differs
        cells.append("✓" if checks else "")
        rows.append(cells)
    return md_table(["sequence", *names, "agree"], rows)
