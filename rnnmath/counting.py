r"""How many weights a layer has, what shapes they take, and which block is which gate.

A layer with g blocks (1 for SimpleRNN, 4 for LSTM, 3 for GRU), n input
features and k units has

- a kernel $W_x$ of shape (n, gk): n·gk numbers;
- a recurrent kernel $W_h$ of shape (k, gk): k·gk numbers;
- a bias of shape (gk,): gk numbers (two rows, 2·gk, for a GRU with
  `reset_after=True`).

So a SimpleRNN has $nk + k^2 + k = k(n + k + 1)$ parameters, an LSTM
four times that, and a GRU $3(nk + k^2 + 2k)$ with `reset_after`
or $3(nk + k^2 + k)$ without. A Dense layer has $nk + k$.
Bidirectional doubles whatever it wraps.

Page: [Counting parameters](../parameters.md).
"""

from __future__ import annotations

import math

import numpy as np

from . import layers
from .checks import check_flags, numbers

#: What counting takes: every recurrent layer of the table of layers, and Dense.
COUNTABLE = (*layers.LAYERS, "Dense")


def _entry(layer: str) -> layers.Layer | None:
    """The table's entry for a recurrent layer, None for Dense, or a clear error."""
    if isinstance(layer, str) and layer == "Dense":
        return None
    return layers.get(layer, known=COUNTABLE)


def _check_sizes(input_dim, units):
    for name, value in (("input_dim", input_dim), ("units", units)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive whole number; got {value!r}.")


def weight_shapes(layer: str, input_dim: int, units: int, *, use_bias=True, reset_after=True) -> list[tuple]:
    r"""The shapes of a layer's weights, in the order `get_weights()` returns them.

    Parameters
    ----------
    layer : "SimpleRNN", "LSTM", "GRU" or "Dense"
    input_dim : int
        n, the width of each input step (the previous layer's units, in a stack).
    units : int
        k.
    use_bias : bool
    reset_after : bool
        GRU only: True gives the (2, 3k) bias.

    Examples
    --------
    >>> weight_shapes("SimpleRNN", 8, 5)
    [(8, 5), (5, 5), (5,)]
    >>> weight_shapes("LSTM", 1, 1, use_bias=False)
    [(1, 4), (1, 4)]
    >>> weight_shapes("GRU", 3, 2)
    [(3, 6), (2, 6), (2, 6)]
    >>> weight_shapes("Dense", 5, 2)
    [(5, 2), (2,)]
    """
    entry = _entry(layer)
    _check_sizes(input_dim, units)
    check_flags(use_bias=use_bias, reset_after=reset_after)
    n, k = int(input_dim), int(units)
    if entry is None:  # Dense: y = x W + b
        return [(n, k), (k,)] if use_bias else [(n, k)]
    return entry.weight_shapes(n, k, use_bias=use_bias, reset_after=reset_after)


def count_params(
    layer: str, input_dim: int, units: int, *, use_bias=True, reset_after=True, bidirectional=False
) -> int:
    r"""How many numbers a layer learns: the sum of its weights' sizes.

    Examples
    --------
    Seed 002's stack: SimpleRNN(5) on 8 features, SimpleRNN(3) on its 5
    outputs, and Dense(10) on those 3.

    >>> count_params("SimpleRNN", 8, 5), count_params("SimpleRNN", 5, 3), count_params("Dense", 3, 10)
    (70, 27, 40)
    >>> count_params("GRU", 8, 5), count_params("GRU", 8, 5, reset_after=False)
    (225, 210)
    >>> count_params("LSTM", 8, 5, bidirectional=True)
    560
    """
    check_flags(bidirectional=bidirectional)
    shapes = weight_shapes(layer, input_dim, units, use_bias=use_bias, reset_after=reset_after)
    if bidirectional and layer == "Dense":
        raise ValueError("Bidirectional wraps recurrent layers only: SimpleRNN, LSTM or GRU, not Dense.")
    total = sum(math.prod(shape) for shape in shapes)      # Python ints: exact, never an int64 overflow
    return 2 * total if bidirectional else total


def split_gates(layer: str, array) -> dict[str, np.ndarray]:
    r"""Name the gate blocks of a kernel, a recurrent kernel or a bias.

    Keras stacks the blocks along the last axis, in the order of the
    table of layers (`rnnmath.layers.get(layer).gates`). This splits that
    axis into equal parts and names them.

    Parameters
    ----------
    layer : "LSTM" or "GRU"
    array : ndarray of shape (…, gk)
        kernel (n, gk), recurrent_kernel (k, gk), bias (gk,), or a GRU's
        (2, 3k) bias.

    Returns
    -------
    dict of ndarray of shape (…, k)
        Copies: writing into a block leaves `array` as it was.

    Examples
    --------
    Seed 003, Part C: which of the four weights is the forget gate?

    >>> import numpy as np
    >>> gates = split_gates("LSTM", np.array([[1.0, 0.0, 1.0, 1.0]]))
    >>> {name: float(block[0, 0]) for name, block in gates.items()}
    {'i': 1.0, 'f': 0.0, 'c': 1.0, 'o': 1.0}
    """
    entry = _entry(layer)
    names = entry.gates if entry is not None else ()
    if not names:
        raise ValueError(f"{layer} has no gates: its weights are one block. split_gates takes 'LSTM' or 'GRU'.")
    array = numbers("array", array)
    g = len(names)
    if array.ndim == 0 or array.shape[-1] % g:
        raise ValueError(
            f"array has shape {array.shape}, but {layer}'s weights have {g}k columns: "
            f"the last axis must divide into {g} gate blocks, {', '.join(names)}."
        )
    return {name: block.copy() for name, block in zip(names, np.split(array, g, axis=-1))}
