r"""Keras's SimpleRNN: a batch of sequences, in the row form Keras computes.

Write the β sequences of a batch as the rows of one matrix per step,
$X_t \in \R^{\beta\times n}$ and $Y_t \in
\R^{\beta\times k}$. Transposing the column form
$\vy_t = \phi(\hat W_x \vx_t + \hat W_y \vy_{t-1} +
\hat{\vb})$ turns every sequence into a row, and the rows stack:

$$
Y_t = \phi\big(X_t W_x + Y_{t-1} W_y + \vb\big),
\qquad Y_0 = 0,
$$

where $W_x = \hat W_x^\top$ (n, k) is `kernel`, $W_y = \hat
W_y^\top$ (k, k) is `recurrent_kernel`, and the bias row
$\vb$ (k,) is added to each of the β rows (broadcasting).

Pages: [A batch of sequences](../batch.md), and its backward pass on [Backpropagation through time, matrix form](../bptt-matrix.md).
"""

from __future__ import annotations

import numpy as np

from . import activations, derivatives, recurrence
from .checks import check_output_gradients, check_states, check_step_input, check_weights
from .layers import SIMPLE_RNN as LAYER


def simple_rnn_cell(XW_t, Y_prev, W_y, phi, saved=None):
    r"""The SimpleRNN step, given the input term $X_t W_x + \vb$.

    `XW_t` (β, k) was computed before the loop; `Y_prev` is (β, k) and
    `W_y` is (k, k). Returns $Y_t$ (β, k). Pass a list as `saved`
    to keep what the backward step needs.
    """
    A_t = XW_t + Y_prev @ W_y                   # A_t = X_t W_x + b + Y_{t−1} W_y     (β,k) + (β,k)(k,k)
    if saved is not None:
        saved.append((A_t, Y_prev))
    return phi(A_t)                             # Y_t = φ(A_t)


def simple_rnn_cell_backward(dY_t, saved_t, W_y, dphi):
    r"""The SimpleRNN step backwards: `simple_rnn_cell`, read from the bottom up.

    `dY_t` (β, k) is $\mathrm{d}L/\mathrm{d} Y_t$, everything the
    loss says about this step's output, later steps included. Returns

    - $\delta_t = \mathrm{d}L/\mathrm{d} A_t = \mathrm{d}L/\mathrm{d} Y_t \odot \phi'(A_t)$ (β, k), which is also
      the gradient of the input term $X_t W_x + \vb$;
    - $\mathrm{d}L/\mathrm{d} Y_{t-1} = \delta_t W_y^\top$ (β, k), which the step before adds to its own;
    - this step's share of $\mathrm{d}L/\mathrm{d} W_y$, $Y_{t-1}^\top \delta_t$ (k, k).
    """
    A_t, Y_prev = saved_t
    delta = dY_t * dphi(A_t)                    # δ_t = dL/dY_t ⊙ φ′(A_t)            (β,k)
    dY_prev = delta @ W_y.T                     # dL/dY_{t−1} = δ_t W_yᵀ              (β,k)(k,k)
    dW_y = Y_prev.T @ delta                     # Y_{t−1}ᵀ δ_t                        (k,β)(β,k)
    return delta, dY_prev, dW_y


def simple_rnn_step(X_t, Y_prev, kernel, recurrent_kernel, bias=None, *, activation="tanh"):
    r"""One step for a batch: $Y_t = \phi(X_t W_x + Y_{t-1} W_y + \vb)$.

    Parameters
    ----------
    X_t : ndarray of shape (β, n)
        Row i is sequence i's input at step t.
    Y_prev : ndarray of shape (β, k)
        Row i is sequence i's output at step t − 1.
    kernel : ndarray of shape (n, k)
    recurrent_kernel : ndarray of shape (k, k)
    bias : ndarray of shape (k,), optional
    activation : str, callable or None

    Returns
    -------
    ndarray of shape (β, k)

    Examples
    --------
    Two sequences at once give the same rows as two calls of `layer_step`:

    >>> import numpy as np
    >>> from rnnmath import layer_step
    >>> W_x, W_y, b = np.array([[0.5, -1.0]]), np.array([[0.1, 0.2], [0.3, 0.4]]), np.array([0.0, 0.1])
    >>> X_t, Y_prev = np.array([[1.0], [2.0]]), np.array([[0.5, 0.5], [-1.0, 0.0]])
    >>> Y_t = simple_rnn_step(X_t, Y_prev, W_x, W_y, b)
    >>> np.allclose(Y_t[1], layer_step(X_t[1], Y_prev[1], W_x, W_y, b))
    True
    >>> Y_t.shape
    (2, 2)
    """
    X = check_step_input(X_t)                                       # (β, 1, n)
    sizes, W_x, W_y, b = check_weights(LAYER.name, X, kernel, recurrent_kernel, bias, gates=LAYER.blocks,
                                       n_from="X_t.shape[1]")
    (Y_prev,) = check_states([Y_prev], sizes, LAYER.step_state_names, X.dtype)
    XW_t = recurrence.input_term(X, W_x, b)[0]                  # (β, k)
    return simple_rnn_cell(XW_t, Y_prev, W_y, activations.get(activation))


def simple_rnn(
    inputs,
    kernel,
    recurrent_kernel,
    bias=None,
    *,
    activation="tanh",
    initial_state=None,
    mask=None,
    return_sequences=False,
    return_state=False,
    go_backwards=False,
    zero_output_for_mask=False,
):
    r"""Keras's `SimpleRNN` layer: $Y_t = \phi(X_t W_x + Y_{t-1} W_y + \vb)$ for t = 1, …, T.

    Parameters
    ----------
    inputs : ndarray of shape (β, T, n)
        A batch of β sequences of T steps with n features each.
        β may be 0: a batch of no sequences gives empty outputs and states, (0, k) or (0, T, k).
    kernel : ndarray of shape (n, k)
        $W_x$.
    recurrent_kernel : ndarray of shape (k, k)
        $W_y$.
    bias : ndarray of shape (k,), optional
        $\vb$. None for `use_bias=False`.
    activation : str, callable or None
        φ. Keras's default is `"tanh"`.
    initial_state : ndarray of shape (β, k), or a list of one, optional
        $Y_0$. Zeros by default.
    mask : ndarray of bool, shape (β, T), optional
        False where a step is padding.
    return_sequences, return_state, go_backwards, zero_output_for_mask : bool
        As in Keras; see [`rnnmath.recurrence`][rnnmath.recurrence].

    Returns
    -------
    ndarray
        $Y_T$ (β, k), or every $Y_t$ (β, T, k) with
        `return_sequences`. With `return_state`, `[output, Y_T]`.

    Examples
    --------
    Seed 003, Part A, as Keras computes it: one unit, no bias, linear.

    >>> import numpy as np
    >>> x = np.array([[[3.0], [3.0], [7.0]]])                  # (β, T, n) = (1, 3, 1)
    >>> simple_rnn(x, [[1.0]], [[1.0]], activation="linear")   # (β, k) = (1, 1)
    array([[13.]])
    >>> simple_rnn(x, [[1.0]], [[0.5]], activation="linear", return_sequences=True)[0, :, 0]
    array([3.  , 4.5 , 9.25])
    """
    X, sizes, W_x, W_y, b, M, states = recurrence.prepare(LAYER, inputs, kernel, recurrent_kernel, bias,
                                                         initial_state=initial_state, mask=mask)
    return _run(X, W_x, W_y, b, states, activations.get(activation), mask=M, go_backwards=go_backwards,
                return_sequences=return_sequences, return_state=return_state,
                zero_output_for_mask=zero_output_for_mask)


def _run(X, W_x, W_y, b, states, phi, saved=None, **loop_options):
    """The forward pass that `simple_rnn` and `simple_rnn_backward` share, on checked arrays."""
    XW = recurrence.input_term(X, W_x, b)                           # (T, β, k): X_t W_x + b for every t at once

    def step(XW_t, states):
        Y_t = simple_rnn_cell(XW_t, states[0], W_y, phi, saved)
        return Y_t, [Y_t]                                           # the output is the state

    return recurrence.run(step, XW, states, **loop_options)


def simple_rnn_backward(
    inputs,
    kernel,
    recurrent_kernel,
    bias=None,
    output_gradients=None,
    *,
    activation="tanh",
    initial_state=None,
    mask=None,
    go_backwards=False,
    zero_output_for_mask=False,
) -> dict:
    r"""The gradients of a loss through a SimpleRNN, by backpropagation through time.

    The forward pass runs once, keeping every $A_t$ and
    $Y_{t-1}$; then [`simple_rnn_cell_backward`][rnnmath.simple_rnn.simple_rnn_cell_backward] runs from the
    last step to the first, each step handing $\mathrm{d}L/\mathrm{d}
    Y_{t-1}$ to the step before:

    $$
    \delta_t = \big(E_t + \delta_{t+1} W_y^\top\big) \odot \phi'(A_t), \qquad
    \frac{\mathrm{d}L}{\mathrm{d} W_y} = \sum_t Y_{t-1}^\top \delta_t .
    $$

    Parameters
    ----------
    inputs, kernel, recurrent_kernel, bias, activation, initial_state, mask, go_backwards, zero_output_for_mask
        As for [`simple_rnn`][rnnmath.simple_rnn.simple_rnn]. `activation` must be a Keras name, so
        that its derivative φ' is known ([`rnnmath.derivatives`][rnnmath.derivatives]).
    output_gradients : ndarray of shape (β, T, k), or (β, k)
        $E_t$, what the loss says about each output directly: (β, T, k)
        for the outputs of `return_sequences=True`, in the order the layer
        returns them, or (β, k) for the one output without it.

    Returns
    -------
    dict of ndarray
        The gradient of L with respect to `"inputs"` (β, T, n),
        `"initial_state"` (a list of one (β, k) array), `"kernel"` (n, k),
        `"recurrent_kernel"` (k, k) and, with a bias, `"bias"` (k,).

    Examples
    --------
    One linear neuron, inputs 1 and 2, and L = y_2 = w_x x_2 + w_y w_x x_1:
    dL/dw_y = w_x x_1 = 3 and dL/dw_x = x_2 + w_y x_1 = 2.5.

    >>> import numpy as np
    >>> grads = simple_rnn_backward(np.array([[[1.0], [2.0]]]), [[3.0]], [[0.5]],
    ...                             output_gradients=[[1.0]], activation="linear")
    >>> grads["recurrent_kernel"], grads["kernel"]
    (array([[3.]]), array([[2.5]]))
    """
    X, sizes, W_x, W_y, b, M, states = recurrence.prepare(LAYER, inputs, kernel, recurrent_kernel, bias,
                                                         initial_state=initial_state, mask=mask)
    phi, dphi = activations.get(activation), derivatives.get(activation)
    E = check_output_gradients(output_gradients, sizes, X.dtype)

    # Forward, keeping what each backward step needs.
    saved = []
    _run(X, W_x, W_y, b, states, phi, saved, mask=M, go_backwards=go_backwards,
         zero_output_for_mask=zero_output_for_mask)

    # Backward, last step first.
    dW_y_shares = []                                                # one Y_{t−1}ᵀ δ_t per step

    def step_backward(position, dY_t, dstates):
        # The output Y_t is also the state: both gradients reach it.
        delta, dY_prev, dW_y_t = simple_rnn_cell_backward(dY_t + dstates[0], saved[position], W_y, dphi)
        dW_y_shares.append(dW_y_t)
        return delta, [dY_prev]

    dXW, dstates = recurrence.run_backward(step_backward, E, len(LAYER.states), sizes.steps, mask=M, go_backwards=go_backwards,
                                           zero_output_for_mask=zero_output_for_mask)
    dX, dW_x, db = recurrence.input_term_backward(X, W_x, dXW)
    dW_y = np.sum(dW_y_shares, axis=0)                              # Σ_t Y_{t−1}ᵀ δ_t
    return recurrence.named_gradients(dX, dstates, dW_x, dW_y, db if b is not None else None)
