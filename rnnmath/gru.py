r"""Keras's GRU: an update gate, a reset gate, and one state.

Keras stacks the GRU's blocks in the order **z, r, h** (update gate, reset
gate, candidate state):
:math:`W_x = [\,W_{xz}\;W_{xr}\;W_{xh}\,] \in \mathbb{R}^{n\times 3k}` and
:math:`W_h = [\,W_{hz}\;W_{hr}\;W_{hh}\,] \in \mathbb{R}^{k\times 3k}`.

Two variants differ in where the reset gate acts. Keras's default,
``reset_after=True`` (the cuDNN form), resets *after* the recurrent product
and so keeps two bias rows, :math:`\mathbf{b}_x` and :math:`\mathbf{b}_h`,
stored as one (2, 3k) array:

.. math::
    Z_t &= \sigma(X_t W_{xz} + \mathbf{b}_{xz} + H_{t-1} W_{hz} + \mathbf{b}_{hz}) \\
    R_t &= \sigma(X_t W_{xr} + \mathbf{b}_{xr} + H_{t-1} W_{hr} + \mathbf{b}_{hr}) \\
    \tilde H_t &= \phi\big(X_t W_{xh} + \mathbf{b}_{xh} + R_t \odot (H_{t-1} W_{hh} + \mathbf{b}_{hh})\big) \\
    H_t &= Z_t \odot H_{t-1} + (1 - Z_t) \odot \tilde H_t

``reset_after=False`` (the 2014 paper's form, and TensorFlow 1's default)
resets the state *before* the product and has one bias (3k,):

.. math::
    \tilde H_t = \phi\big(X_t W_{xh} + \mathbf{b}_h + (R_t \odot H_{t-1}) W_{hh}\big),

with :math:`Z_t` and :math:`R_t` as above without :math:`\mathbf{b}_{hz},
\mathbf{b}_{hr}`. Every matrix is (β, k).

Page: "GRU".
"""

from __future__ import annotations

import numpy as np

from . import activations, recurrence
from .checks import ShapeError, check_inputs, check_mask, check_states, check_step_input, check_weights


def gru_cell(XW_t, H_prev, W_h, b_h, sigma, phi, reset_after):
    r"""The GRU step, given the input term :math:`X_t W_x + \mathbf{b}_x` (β, 3k).

    ``b_h`` is the recurrent bias row (3k,) with ``reset_after``, else None.
    Returns :math:`H_t` (β, k).
    """
    k = H_prev.shape[-1]
    X_zr, X_h = XW_t[:, : 2 * k], XW_t[:, 2 * k :]       # (β, 2k): z and r side by side; (β, k)
    if reset_after:
        HW = H_prev @ W_h                                  # (β, 3k): all three recurrent products
        if b_h is not None:
            HW += b_h
        H_zr, H_h = HW[:, : 2 * k], HW[:, 2 * k :]
    else:
        H_zr = H_prev @ W_h[:, : 2 * k]                    # (β, 2k)
    # The update and reset gates have the same form, so one call computes both.
    Z, R = recurrence.blocks(sigma(X_zr + H_zr), 2)        # each (β, k)
    if reset_after:
        H_tilde = phi(X_h + R * H_h)                       # reset after the product
    else:
        H_tilde = phi(X_h + (R * H_prev) @ W_h[:, 2 * k :])  # reset before the product
    # H_t = Z ⊙ H_{t−1} + (1 − Z) ⊙ H̃_t, written as H̃_t + Z ⊙ (H_{t−1} − H̃_t): one pass fewer.
    return H_tilde + Z * (H_prev - H_tilde)


def _bias_rows(b, reset_after):
    """Split the bias into the input row b_x and the recurrent row b_h."""
    if b is None:
        return None, None
    if reset_after:
        return b[0], b[1]
    return b, None


def _check_gru(X, kernel, recurrent_kernel, bias, reset_after):
    if bias is not None:
        shape = np.shape(bias)
        if reset_after and len(shape) == 1:
            raise ShapeError(
                f"bias has shape {shape}, the reset_after=False layout; reset_after=True needs (2, 3k): "
                "the input bias row, then the recurrent bias row. Pass reset_after=False for this bias."
            )
        if not reset_after and len(shape) == 2:
            raise ShapeError(
                f"bias has shape {shape}, the reset_after=True layout; reset_after=False needs (3k,). "
                "Pass reset_after=True for this bias."
            )
    return check_weights("GRU", X, kernel, recurrent_kernel, bias, gates=3, bias_rows=2 if reset_after else None)


def gru_step(
    X_t, H_prev, kernel, recurrent_kernel, bias=None, *, activation="tanh", recurrent_activation="sigmoid",
    reset_after=True,
):
    r"""One GRU step for a batch.

    Parameters
    ----------
    X_t : ndarray of shape (β, n)
    H_prev : ndarray of shape (β, k)
    kernel : ndarray of shape (n, 3k)
    recurrent_kernel : ndarray of shape (k, 3k)
    bias : ndarray of shape (2, 3k) with ``reset_after``, else (3k,); optional
    activation, recurrent_activation : str, callable or None
    reset_after : bool

    Returns
    -------
    ndarray of shape (β, k)

    Examples
    --------
    With the update gate shut (z = 0), the state becomes the candidate:

    >>> W_x = [[-100.0, 0.0, 1.0]]          # z pre-activation −100·x: z ≈ 0 for x = 1
    >>> W_h = [[0.0, 0.0, 0.0]]
    >>> gru_step([[1.0]], [[0.5]], W_x, W_h, activation="linear")
    array([[1.]])
    """
    X = check_step_input(X_t)
    sizes, W_x, W_h, b = _check_gru(X, kernel, recurrent_kernel, bias, reset_after)
    (H_prev,) = check_states([H_prev], sizes, ("H_prev",), X.dtype)
    b_x, b_h = _bias_rows(b, reset_after)
    XW_t = recurrence.input_term(X, W_x, b_x)[0]
    sigma, phi = activations.get(recurrent_activation), activations.get(activation)
    return gru_cell(XW_t, H_prev, W_h, b_h, sigma, phi, reset_after)


def gru(
    inputs,
    kernel,
    recurrent_kernel,
    bias=None,
    *,
    activation="tanh",
    recurrent_activation="sigmoid",
    reset_after=True,
    initial_state=None,
    mask=None,
    return_sequences=False,
    return_state=False,
    go_backwards=False,
    zero_output_for_mask=False,
):
    r"""Keras's ``GRU`` layer: the GRU step for t = 1, …, T.

    Parameters
    ----------
    inputs : ndarray of shape (β, T, n)
    kernel : ndarray of shape (n, 3k)
        :math:`W_x`, blocks z, r, h.
    recurrent_kernel : ndarray of shape (k, 3k)
        :math:`W_h`, blocks z, r, h.
    bias : ndarray of shape (2, 3k) with ``reset_after``, else (3k,); optional
        With ``reset_after``, row 0 is the input bias and row 1 the
        recurrent bias. None for ``use_bias=False``.
    activation, recurrent_activation : str, callable or None
        φ (default tanh) and σ (default sigmoid).
    reset_after : bool
        Keras's default True; see the module docstring.
    initial_state : ndarray (β, k), or a list of one, optional
    mask, return_sequences, return_state, go_backwards, zero_output_for_mask
        As in Keras; see :mod:`rnnmath.recurrence`.

    Returns
    -------
    ndarray
        :math:`H_T` (β, k), or every :math:`H_t` (β, T, k) with
        ``return_sequences``. With ``return_state``, ``[output, H_T]``.

    Examples
    --------
    The two variants on the same weights give different numbers:

    >>> import numpy as np
    >>> x = np.array([[[1.0], [2.0]]])
    >>> W_x, W_h = [[0.5, -0.5, 1.0]], [[0.3, 0.8, -1.2]]
    >>> after = gru(x, W_x, W_h, [[0.0, 0.0, 0.0], [0.0, 0.0, 0.5]])
    >>> before = gru(x, W_x, W_h, [0.0, 0.0, 0.0], reset_after=False)
    >>> bool(np.allclose(after, before))
    False
    """
    X = check_inputs(inputs)                                        # (β, T, n)
    sizes, W_x, W_h, b = _check_gru(X, kernel, recurrent_kernel, bias, reset_after)
    sigma, phi = activations.get(recurrent_activation), activations.get(activation)
    M = check_mask(mask, sizes)
    states = check_states(initial_state, sizes, ("initial_state[0] (h_0)",), X.dtype) or recurrence.zero_states(
        sizes, 1, X.dtype
    )
    b_x, b_h = _bias_rows(b, reset_after)

    XW = recurrence.input_term(X, W_x, b_x)                         # (T, β, 3k)

    def step(XW_t, states):
        H = gru_cell(XW_t, states[0], W_h, b_h, sigma, phi, reset_after)
        return H, [H]

    return recurrence.run(
        step, XW, states, mask=M, go_backwards=go_backwards, return_sequences=return_sequences,
        return_state=return_state, zero_output_for_mask=zero_output_for_mask,
    )
