r"""The time loop that every Keras recurrent layer runs.

A layer is a *step*, applied to t = 1, …, T in turn. SimpleRNN, LSTM and GRU
differ only in their step; the loop around it is the same, and it is where
Keras's options live:

- `go_backwards` walks t = T, …, 1 and returns the outputs in that order;
- `mask` skips steps: a masked step keeps the states and repeats the
  previous output (or outputs zeros with `zero_output_for_mask`), and a
  sequence masked from its first step outputs zeros;
- `return_sequences` keeps every output, not only the last one;
- `return_state` returns the final states too.

Before the loop, each layer computes the input term $X_t W_x + b$ for
every t at once, as one product. That term does not depend on the previous
state, so it need not wait for it; inside the loop only the recurrent
product remains. It is stored *time-major*, (T, β, gk), so that the loop's
`XW[t]` is one contiguous block of memory rather than β rows scattered
across the batch-major array.

Backpropagation through time walks the same loop the other way.
`run_backward` undoes `run`: it visits the steps in reverse order and
hands each step's backward function the gradient of its output and of its
new states, and `input_term_backward` turns the gradients of the input
terms into the gradients of `X`, `W_x` and `b`.

Pages: [Inside a Keras layer](../keras-layer.md) for the options, and
[Backpropagation through time, matrix form](../bptt-matrix.md) for the loop backwards.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from .checks import check_flags, check_inputs, check_mask, check_states, check_weights


def input_term(X, W_x, b):
    r"""The input term $X_t W_x + \vb$ for every step at once, time-major.

    `X` is (β, T, n); viewed time-major it is (T, β, n), and times `W_x`
    (n, gk) that is (T, β, gk): `XW[t]` is $X_t W_x$. The bias row
    (gk,) broadcasts over T and β. `b` is None for a layer without bias.
    """
    beta, T, n = X.shape
    X_time_major = np.ascontiguousarray(X.transpose(1, 0, 2))    # (T, β, n), copied once
    XW = (X_time_major.reshape(T * beta, n) @ W_x).reshape(T, beta, W_x.shape[1])  # one (Tβ, n)(n, gk) product
    if b is not None:
        XW += b
    return XW


def input_term_backward(X, W_x, dXW):
    r"""Undo `input_term`: from $\mathrm{d}L/\mathrm{d} (X_t W_x + \vb)$ for every t.

    `dXW` (T, β, gk) holds the gradient of each step's input term. Each
    weight was used at every step and in every row, so its gradient sums
    over both:

    $$
    \frac{\mathrm{d}L}{\mathrm{d} W_x} = \sum_t X_t^\top\, dXW_t, \qquad
    \frac{\mathrm{d}L}{\mathrm{d} \vb} = \sum_t \mathbf{1}^\top dXW_t, \qquad
    \frac{\mathrm{d}L}{\mathrm{d} X_t} = dXW_t\, W_x^\top .
    $$

    Returns `(dX, dW_x, db)`: (β, T, n), (n, gk) and (gk,).
    """
    beta, T, n = X.shape
    X_time_major = X.transpose(1, 0, 2).reshape(T * beta, n)             # (Tβ, n)
    dXW_rows = dXW.reshape(T * beta, dXW.shape[-1])                     # (Tβ, gk); β may be 0
    dW_x = X_time_major.T @ dXW_rows                                    # (n, Tβ)(Tβ, gk): Σ_t X_tᵀ dXW_t
    db = dXW_rows.sum(axis=0)                                           # (gk,)
    dX = (dXW_rows @ W_x.T).reshape(T, beta, n).transpose(1, 0, 2)      # (Tβ, gk)(gk, n), back to (β, T, n)
    return dX, dW_x, db


def blocks(Z, g):
    """Z's last axis cut into g equal blocks (views, not copies): the gates.

    Keras stacks a layer's gates side by side, so a (β, gk) pre-activation
    holds g blocks of k columns. `np.split` does the same but is slower
    in a loop that runs once per step.
    """
    k = Z.shape[-1] // g
    return [Z[..., j * k : (j + 1) * k] for j in range(g)]


def zero_states(sizes, count, dtype):
    """`count` states of zeros, each (β, k): where Keras starts."""
    return [np.zeros((sizes.batch, sizes.units), dtype) for _ in range(count)]


def prepare(layer, inputs, kernel, recurrent_kernel, bias, *, initial_state=None, mask=None, reset_after=True):
    """The checks a layer and its backward pass both run first, read from the table of layers.

    `layer` is the table's entry (`rnnmath.layers.LSTM`): it says how
    many gate blocks the weights stack, the bias's layout, and the states.
    Returns the inputs X (β, T, n), the sizes, the weights W_x, W_h and b
    in X's dtype, the mask (β, T) or None, and the initial states, each
    (β, k) (zeros where none are given).
    """
    X = check_inputs(inputs)                                        # (β, T, n)
    sizes, W_x, W_h, b = check_weights(layer.name, X, kernel, recurrent_kernel, bias, gates=layer.blocks,
                                       bias_rows=layer.bias_rows(reset_after=reset_after))
    M = check_mask(mask, sizes)
    states = check_states(initial_state, sizes, layer.initial_state_names, X.dtype)
    return X, sizes, W_x, W_h, b, M, states or zero_states(sizes, len(layer.states), X.dtype)


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
    r"""Apply `step` along the time axis of `XW`, as Keras's RNN layer does.

    Parameters
    ----------
    step : Step
        The layer's step function (see `Step` above).
    XW : ndarray of shape (T, β, gk)
        The input term $X_t W_x + \vb$ for every step, time-major (see above).
    states : list of ndarray of shape (β, k)
        The states at t = 0.
    mask : ndarray of bool, shape (β, T), optional
        False where a step is masked.

    Returns
    -------
    The output, (β, T, k) with `return_sequences` or (β, k) without it;
    with `return_state`, the list `[output, *final_states]`.
    """
    check_flags(go_backwards=go_backwards, return_sequences=return_sequences, return_state=return_state,
                zero_output_for_mask=zero_output_for_mask)
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


# A backward step takes the step's position in the loop, the gradient of its
# output, (β, k), and the gradients of its new states, each (β, k); it returns
# the gradient of its input term, (β, gk), and of the states it was given.
StepBackward = Callable[[int, np.ndarray, list], tuple[np.ndarray, list]]


def run_backward(
    step_backward: StepBackward,
    output_gradients: np.ndarray,
    n_states: int,
    steps: int,
    *,
    mask: np.ndarray | None = None,
    go_backwards: bool = False,
    zero_output_for_mask: bool = False,
):
    """Backpropagation through the loop of `run`: the same steps, last first.

    Parameters
    ----------
    step_backward : StepBackward
        The layer's backward step (see `StepBackward` above).
    output_gradients : ndarray of shape (β, T, k), or (β, k)
        dL/d(each output), in the order `run` returned them (reversed
        with `go_backwards`); (β, k) for the last output alone, when the
        layer ran without `return_sequences`.
    n_states : int
        How many states the layer carries (1, or 2 for the LSTM).
    steps : int
        T.
    mask, go_backwards, zero_output_for_mask
        As given to [`run`][rnnmath.recurrence.run].

    Returns
    -------
    (dXW, dstates) : the gradient of every input term, (T, β, gk) in time
    order, and of the initial states, a list of (β, k).

    A masked step computed `y_t = y_prev` and `states_t = states_{t-1}`:
    its gradients pass straight through to the step before, and nothing
    reaches the step's own computation.
    """
    check_flags(go_backwards=go_backwards, zero_output_for_mask=zero_output_for_mask)
    E = output_gradients
    beta, k = E.shape[0], E.shape[-1]
    times = range(steps - 1, -1, -1) if go_backwards else range(steps)   # the forward loop's order
    # n_states may instead list each state's width, when they differ (the LSTM with projections).
    widths = [k] * n_states if isinstance(n_states, int) else list(n_states)
    dstates = [np.zeros((beta, width), E.dtype) for width in widths]     # nothing flows back from after the end
    dy_held = np.zeros((beta, k), E.dtype)  # what a masked step's repeated output passes to the step before
    dXW = [None] * steps
    for position in reversed(range(steps)):
        t = times[position]
        if E.ndim == 3:
            dy = dy_held + E[:, position]                  # every output reached the loss
        else:
            dy = dy_held + E if position == steps - 1 else dy_held   # only the last one did
        if mask is None:
            dXW[t], dstates = step_backward(position, dy, dstates)
            continue
        keep = mask[:, t, None]                            # (β, 1), as in run
        held = [np.where(keep, 0.0, d) for d in dstates]   # a masked row kept its states: they pass through
        dXW[t], dstates = step_backward(position, np.where(keep, dy, 0.0), [np.where(keep, d, 0.0) for d in dstates])
        dstates = [d + h for d, h in zip(dstates, held)]
        dy_held = np.zeros_like(dy) if zero_output_for_mask else np.where(keep, 0.0, dy)
    return np.stack(dXW), dstates


def named_gradients(dX, dstates, dW_x, dW_h, db) -> dict:
    """A layer's gradients, named as the arguments they belong to (`db` None: no bias)."""
    grads = {"inputs": dX, "initial_state": dstates, "kernel": dW_x, "recurrent_kernel": dW_h}
    if db is not None:
        grads["bias"] = db
    return grads
