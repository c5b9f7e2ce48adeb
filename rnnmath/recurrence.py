r"""The time loop that every Keras recurrent layer runs.

A layer is a *step*, applied to t = 1, …, T in turn. SimpleRNN, LSTM and GRU
differ only in their step; the loop around it is the same, and it is where
Keras's options live:

- ``go_backwards`` walks t = T, …, 1 and returns the outputs in that order;
- ``mask`` skips steps: a masked step keeps the states and repeats the
  previous output (or outputs zeros with ``zero_output_for_mask``), and a
  sequence masked from its first step outputs zeros;
- ``return_sequences`` keeps every output, not only the last one;
- ``return_state`` returns the final states too.

Before the loop, each layer computes the input term :math:`X_t W_x + b` for
every t at once, as one (β, T, n) × (n, gk) product. That term does not
depend on the previous state, so it need not wait for it; inside the loop
only the recurrent product remains.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

def input_term(X, W_x, b):
    r"""The input term :math:`X_t W_x + \mathbf{b}` for every step at once.

    ``X`` (β, T, n) times ``W_x`` (n, gk) is (β, T, gk); the bias row (gk,)
    broadcasts over β and T. ``b`` is None for a layer without bias.
    """
    XW = X @ W_x
    if b is not None:
        XW += b
    return XW


def zero_states(sizes, count, dtype):
    """``count`` states of zeros, each (β, k): where Keras starts."""
    return [np.zeros((sizes.batch, sizes.units), dtype) for _ in range(count)]


# A step takes the input term at t, shape (β, gk), and the states at t − 1,
# each (β, k); it returns the output at t, (β, k), and the states at t.
Step = Callable[[np.ndarray, list], tuple[np.ndarray, list]]


def run(
    step: Step,
    XW: np.ndarray,
    states: Sequence[np.ndarray],
    *,
    mask: np.ndarray | None = None,
    go_backwards: bool = False,
    return_sequences: bool = False,
    return_state: bool = False,
    zero_output_for_mask: bool = False,
):
    """Apply ``step`` along the time axis of ``XW``, as Keras's RNN layer does.

    Parameters
    ----------
    step : the layer's step function (see ``Step`` above).
    XW : ndarray of shape (β, T, gk)
        The input term X_t W_x + b for every step, computed before the loop.
    states : list of ndarray of shape (β, k)
        The states at t = 0.
    mask : ndarray of bool, shape (β, T), optional
        False where a step is masked.

    Returns
    -------
    The output, (β, T, k) with ``return_sequences`` or (β, k) without it;
    with ``return_state``, the list ``[output, *final_states]``.
    """
    T = XW.shape[1]
    times = range(T - 1, -1, -1) if go_backwards else range(T)
    states = list(states)
    y_prev = np.zeros_like(states[0])  # (β, k): what a masked first step repeats
    outputs = []
    for t in times:
        y_t, new_states = step(XW[:, t], states)
        if mask is not None:
            keep = mask[:, t, None]  # (β, 1), broadcast over the k units
            y_t = np.where(keep, y_t, 0.0 if zero_output_for_mask else y_prev)
            new_states = [np.where(keep, new, old) for new, old in zip(new_states, states)]
        states = new_states
        y_prev = y_t
        if return_sequences:
            outputs.append(y_t)
    output = np.stack(outputs, axis=1) if return_sequences else y_prev
    if return_state:
        return [output, *states]
    return output
