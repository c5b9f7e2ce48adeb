"""Tables for the page "Counting parameters": a layer's weights, their shapes and their sizes.

Each table puts Keras's arrays (from ``get_weights()``) next to the shapes
``rnnmath.weight_shapes`` derives, counts the numbers in each, and checks
the total against Keras's ``count_params()`` with ``same()``, so that a
table that disagrees with Keras cannot be built.
"""

from __future__ import annotations

import math

import rnnmath
from docs_tools.tables import md_table, same


def shape_table(layer, kind: str, n: int, k: int, symbols: list[str], **options) -> str:
    """Keras's weights next to rnnmath's shapes, one row per array, then the total.

    ``layer`` is a built Keras layer: ``kind`` itself, or a Bidirectional
    wrapping it (then every row appears once per direction). ``options``
    are passed on to ``rnnmath.weight_shapes`` (``use_bias``, ``reset_after``).
    """
    shapes = rnnmath.weight_shapes(kind, n, k, **options)
    if type(layer).__name__ == "Bidirectional":
        parts = [("forward ", layer.forward_layer), ("backward ", layer.backward_layer)]
    else:
        parts = [("", layer)]
    rows, total = [], 0
    for direction, part in parts:
        for w, shape, symbol in zip(part.weights, shapes, symbols, strict=True):
            same(w.shape, shape)                       # Keras's shape is the one rnnmath derives
            size = math.prod(shape)
            total += size
            product = " × ".join(str(d) for d in shape) + f" = {size}" if len(shape) > 1 else str(size)
            rows.append([f"{direction}`{w.name}`", symbol, str(tuple(w.shape)), str(shape), product])
    rows.append(["**total**", "", "", "", f"**{total}**"])
    rows.append(["Keras's `count_params()`", "", "", "", f"{layer.count_params()} {same(total, layer.count_params())}"])
    return md_table(["weight", "symbol", "shape in Keras", "rnnmath.weight_shapes", "numbers in it"], rows)
