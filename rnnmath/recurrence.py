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
every t at once, as one product. That term does not depend on the previous
state, so it need not wait for it; inside the loop only the recurrent
product remains. It is stored *time-major*, (T, β, gk), so that the loop's
``XW[t]`` is one contiguous block of memory rather than β rows scattered
across the batch-major array.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np


def input_term(X, W_x, b):
    r"""The input term :math:`X_t W_x + \mathbf{b}` for every step at once, time-major.

    ``X`` is (β, T, n); viewed time-major it is (T, β, n), and times ``W_x``
    (n, gk) that is (T, β, gk): ``XW[t]`` is :math:`X_t W_x`. The bias row
    (gk,) broadcasts over T and β. ``b`` is None for a layer without bias.
    """
    beta, T, n = X.shape
    X_time_major = np.ascontiguousarray(X.transpose(1, 0, 2))    # (T, β, n), copied once
    XW = (X_time_major.reshape(T * beta, n) @ W_x).reshape(T, beta, -1)  # one (Tβ, n)(n, gk) product
    if b is not None:
        XW += b
    return XW


def blocks(Z, g):
    """Z's last axis cut into g equal blocks (views, not copies): the gates.

    Keras stacks a layer's gates side by side, so a (β, gk) pre-activation
    holds g blocks of k columns. ``np.split`` does the same but is slower
    in a loop that runs once per step.
    """
    k = Z.shape[-1] // g
    return [Z[..., j * k : (j + 1) * k] for j in range(g)]


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
    XW : ndarray of shape (T, β, gk)
        The input term X_t W_x + b for every step, time-major (see above).
    states : list of ndarray of shape (β, k)
        The states at t = 0.
    mask : ndarray of bool, shape (β, T), optional
        False where a step is masked.

    Returns
    -------
    The output, (β, T, k) with ``return_sequences`` or (β, k) without it;
    with ``return_state``, the list ``[output, *final_states]``.
    """
    T = XW.shape[0]
    times = range(T - 1, -1, -1) if go_backwards else range(T)
    states = list(states)
    y_prev = np.zeros_like(states[0])  # (β, k): what a masked first step repeats
    outputs = []
    for t in times:
        y_t, new_states = step(XW[t], states)
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
