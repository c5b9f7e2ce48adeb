r"""Keras's SimpleRNN: a batch of sequences, in the row form Keras computes.

Write the β sequences of a batch as the rows of one matrix per step,
:math:`X_t \in \mathbb{R}^{\beta\times n}` and :math:`Y_t \in
\mathbb{R}^{\beta\times k}`. Transposing the column form
:math:`\mathbf{y}_t = \phi(\hat W_x \mathbf{x}_t + \hat W_y \mathbf{y}_{t-1} +
\hat{\mathbf{b}})` turns every sequence into a row, and the rows stack:

.. math::
    Y_t = \phi\big(X_t W_x + Y_{t-1} W_y + \mathbf{b}\big),
    \qquad Y_0 = 0,

where :math:`W_x = \hat W_x^\top` (n, k) is ``kernel``, :math:`W_y = \hat
W_y^\top` (k, k) is ``recurrent_kernel``, and the bias row
:math:`\mathbf{b}` (k,) is added to each of the β rows (broadcasting).

Page: "A batch of sequences".
"""

from __future__ import annotations


from . import activations, recurrence
from .checks import check_inputs, check_mask, check_states, check_step_input, check_weights


def simple_rnn_cell(XW_t, Y_prev, W_y, phi):
    r"""The SimpleRNN step, given the input term :math:`X_t W_x + \mathbf{b}`.

    ``XW_t`` (β, k) was computed before the loop; ``Y_prev`` is (β, k) and
    ``W_y`` is (k, k). Returns :math:`Y_t` (β, k).
    """
    # Y_t = φ(X_t W_x + b + Y_{t−1} W_y)        (β,k) + (β,k)(k,k) -> (β,k)
    return phi(XW_t + Y_prev @ W_y)


def simple_rnn_step(X_t, Y_prev, kernel, recurrent_kernel, bias=None, *, activation="tanh"):
    r"""One step for a batch: :math:`Y_t = \phi(X_t W_x + Y_{t-1} W_y + \mathbf{b})`.

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
    Two sequences at once give the same rows as two calls of ``layer_step``:

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
    sizes, W_x, W_y, b = check_weights("SimpleRNN", X, kernel, recurrent_kernel, bias, gates=1)
    (Y_prev,) = check_states([Y_prev], sizes, ("Y_prev",), X.dtype)
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
    r"""Keras's ``SimpleRNN`` layer: :math:`Y_t = \phi(X_t W_x + Y_{t-1} W_y + \mathbf{b})` for t = 1, …, T.

    Parameters
    ----------
    inputs : ndarray of shape (β, T, n)
        A batch of β sequences of T steps with n features each.
    kernel : ndarray of shape (n, k)
        :math:`W_x`.
    recurrent_kernel : ndarray of shape (k, k)
        :math:`W_y`.
    bias : ndarray of shape (k,), optional
        :math:`\mathbf{b}`. None for ``use_bias=False``.
    activation : str, callable or None
        φ. Keras's default is ``"tanh"``.
    initial_state : ndarray of shape (β, k), or a list of one, optional
        :math:`Y_0`. Zeros by default.
    mask : ndarray of bool, shape (β, T), optional
        False where a step is padding.
    return_sequences, return_state, go_backwards, zero_output_for_mask : bool
        As in Keras; see :mod:`rnnmath.recurrence`.

    Returns
    -------
    ndarray
        :math:`Y_T` (β, k), or every :math:`Y_t` (β, T, k) with
        ``return_sequences``. With ``return_state``, ``[output, Y_T]``.

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
    X = check_inputs(inputs)                                        # (β, T, n)
    sizes, W_x, W_y, b = check_weights("SimpleRNN", X, kernel, recurrent_kernel, bias, gates=1)
    phi = activations.get(activation)
    M = check_mask(mask, sizes)
    states = check_states(initial_state, sizes, ("initial_state[0] (y_0)",), X.dtype) or recurrence.zero_states(sizes, 1, X.dtype)

    XW = recurrence.input_term(X, W_x, b)                           # (T, β, k): X_t W_x + b for every t at once

    def step(XW_t, states):
        Y_t = simple_rnn_cell(XW_t, states[0], W_y, phi)
        return Y_t, [Y_t]                                           # the output is the state

    return recurrence.run(
        step, XW, states, mask=M, go_backwards=go_backwards, return_sequences=return_sequences,
        return_state=return_state, zero_output_for_mask=zero_output_for_mask,
    )
