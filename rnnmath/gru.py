r"""Keras's GRU: an update gate, a reset gate, and one state.

Keras stacks the GRU's blocks in the order **z, r, h** (update gate, reset
gate, candidate state):
$W_x = [\,W_{xz}\;W_{xr}\;W_{xh}\,] \in \R^{n\times 3k}$ and
$W_h = [\,W_{hz}\;W_{hr}\;W_{hh}\,] \in \R^{k\times 3k}$.

Two variants differ in where the reset gate acts. Keras's default,
`reset_after=True` (the cuDNN form), resets *after* the recurrent product
and so keeps two bias rows, $\vb_x$ and $\vb_h$,
stored as one (2, 3k) array:

$$
\begin{aligned}
    Z_t &= \sigma(X_t W_{xz} + \vb_{xz} + H_{t-1} W_{hz} + \vb_{hz}) \\
    R_t &= \sigma(X_t W_{xr} + \vb_{xr} + H_{t-1} W_{hr} + \vb_{hr}) \\
    \tilde H_t &= \phi\big(X_t W_{xh} + \vb_{xh} + R_t \odot (H_{t-1} W_{hh} + \vb_{hh})\big) \\
    H_t &= Z_t \odot H_{t-1} + (1 - Z_t) \odot \tilde H_t
\end{aligned}
$$

`reset_after=False` (the 2014 paper's form, and TensorFlow 1's default)
resets the state *before* the product and has one bias (3k,):

$$
\tilde H_t = \phi\big(X_t W_{xh} + \vb_{xh} + (R_t \odot H_{t-1}) W_{hh}\big),
$$

with $Z_t$ and $R_t$ as above without $\vb_{hz},
\vb_{hr}$. Every matrix is (β, k).

Pages: [GRU](../gru.md), and its backward pass on [LSTM and GRU gradients](../bptt-gated.md).
"""

from __future__ import annotations

import numpy as np

from . import activations, derivatives, recurrence
from .checks import (
    ShapeError,
    check_flags,
    check_inputs,
    check_output_gradients,
    check_states,
    check_step_input,
    check_weights,
    numbers,
)
from .layers import GRU as LAYER


def gru_cell(XW_t, H_prev, W_h, b_h, sigma, phi, reset_after, saved=None):
    r"""The GRU step, given the input term $X_t W_x + \vb_x$ (β, 3k).

    `b_h` is the recurrent bias row (3k,) with `reset_after`, else None.
    Returns $H_t$ (β, k). Pass a list as `saved` to keep what the
    backward step needs.
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
    A_zr = X_zr + H_zr                                     # (β, 2k): the gates' pre-activations
    Z, R = recurrence.blocks(sigma(A_zr), 2)               # each (β, k)
    if reset_after:
        A_h = X_h + R * H_h                                # reset after the product
    else:
        A_h = X_h + (R * H_prev) @ W_h[:, 2 * k :]         # reset before the product
    H_tilde = phi(A_h)
    if saved is not None:
        saved.append((A_zr, Z, R, A_h, H_tilde, H_prev, H_h if reset_after else None))
    # H_t = Z ⊙ H_{t−1} + (1 − Z) ⊙ H̃_t, written as H̃_t + Z ⊙ (H_{t−1} − H̃_t): one pass fewer.
    return H_tilde + Z * (H_prev - H_tilde)


def gru_cell_backward(dH, saved_t, W_h, dsigma, dphi, reset_after):
    r"""The GRU step backwards: `gru_cell`, read from the bottom up.

    `dH` (β, k) is $\partial L/\partial H_t$, later steps included.
    Returns the gradient of the input term $X_t W_x + \vb_x$
    (β, 3k); $\partial L/\partial H_{t-1}$ (β, k); this step's share
    of $\partial L/\partial W_h$ (k, 3k); and, with `reset_after`,
    its share of the recurrent bias's gradient (3k,), else None.
    """
    A_zr, Z, R, A_h, H_tilde, H_prev, H_h = saved_t
    k = H_prev.shape[-1]
    W_hzr, W_hh = W_h[:, : 2 * k], W_h[:, 2 * k :]
    # H_t = Z ⊙ H_{t−1} + (1 − Z) ⊙ H̃_t
    dZ = dH * (H_prev - H_tilde)
    dH_prev = dH * Z                                       # the direct path, through the update gate only
    dA_h = dH * (1.0 - Z) * dphi(A_h)                      # H̃_t = φ(A_h)
    if reset_after:                                        # A_h = X_t W_xh + b_xh + R ⊙ (H_{t−1} W_hh + b_hh)
        dR = dA_h * H_h
        dH_h = dA_h * R                                    # gradient of H_{t−1} W_hh + b_hh
    else:                                                  # A_h = X_t W_xh + b_xh + (R ⊙ H_{t−1}) W_hh
        dRH = dA_h @ W_hh.T                                # (β, k)(k, k)
        dR = dRH * H_prev
        dH_prev = dH_prev + dRH * R
    dA_zr = np.concatenate([dZ, dR], axis=1) * dsigma(A_zr)  # (β, 2k): back through σ
    dXW_t = np.concatenate([dA_zr, dA_h], axis=1)          # (β, 3k): the input term's gradient
    if reset_after:
        dHW = np.concatenate([dA_zr, dH_h], axis=1)        # gradient of H_{t−1} W_h + b_h: (β, 3k)
        dH_prev = dH_prev + dHW @ W_h.T                    # (β, 3k)(3k, k)
        return dXW_t, dH_prev, H_prev.T @ dHW, dHW.sum(axis=0)
    dH_prev = dH_prev + dA_zr @ W_hzr.T                    # (β, 2k)(2k, k)
    dW_h = np.concatenate([H_prev.T @ dA_zr,               # (k, 2k): the gates' columns
                           (R * H_prev).T @ dA_h], axis=1)  # (k, k): the candidate's column block
    return dXW_t, dH_prev, dW_h, None


def _bias_rows(b, reset_after):
    """Split the bias into the input row b_x and the recurrent row b_h."""
    if b is None:
        return None, None
    if reset_after:
        return b[0], b[1]
    return b, None


def _check_bias_layout(bias, reset_after, X, kernel, recurrent_kernel, n_from="inputs.shape[2]"):
    """The kernels first, since they tell a GRU's weights from an LSTM's; then a bias in the other
    variant's layout gets an error that says which variant it fits."""
    check_flags(reset_after=reset_after)
    check_weights(LAYER.name, X, kernel, recurrent_kernel, None, gates=LAYER.blocks, n_from=n_from)
    if bias is not None:
        shape = numbers("bias", bias).shape
        if reset_after and len(shape) == 1:
            raise ShapeError(
                f"bias has shape {shape}, the reset_after=False layout; reset_after=True needs "
                f"{LAYER.bias(reset_after=True).written(LAYER.blocks)}: "
                "the input bias row, then the recurrent bias row. Pass reset_after=False for this bias."
            )
        if not reset_after and len(shape) == 2:
            raise ShapeError(
                f"bias has shape {shape}, the reset_after=True layout; reset_after=False needs "
                f"{LAYER.bias(reset_after=False).written(LAYER.blocks)}. "
                "Pass reset_after=True for this bias."
            )


def _check_gru(X, kernel, recurrent_kernel, bias, reset_after, n_from="inputs.shape[2]"):
    _check_bias_layout(bias, reset_after, X, kernel, recurrent_kernel, n_from)
    return check_weights(LAYER.name, X, kernel, recurrent_kernel, bias, gates=LAYER.blocks,
                         bias_rows=LAYER.bias_rows(reset_after=reset_after), n_from=n_from)


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
    bias : ndarray of shape (2, 3k) with reset_after, else (3k,); optional
    activation : str, callable or None
        φ, for the candidate state.
    recurrent_activation : str, callable or None
        σ, for the gates.
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
    sizes, W_x, W_h, b = _check_gru(X, kernel, recurrent_kernel, bias, reset_after, n_from="X_t.shape[1]")
    (H_prev,) = check_states([H_prev], sizes, LAYER.step_state_names, X.dtype)
    b_x, b_h = _bias_rows(b, reset_after)
    XW_t = recurrence.input_term(X, W_x, b_x)[0]
    sigma, phi = activations.get(recurrent_activation, "recurrent_activation"), activations.get(activation)
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
    r"""Keras's `GRU` layer: the GRU step for t = 1, …, T.

    Parameters
    ----------
    inputs : ndarray of shape (β, T, n)
        β may be 0: a batch of no sequences gives empty outputs and states, (0, k) or (0, T, k).
    kernel : ndarray of shape (n, 3k)
        $W_x$, blocks z, r, h.
    recurrent_kernel : ndarray of shape (k, 3k)
        $W_h$, blocks z, r, h.
    bias : ndarray of shape (2, 3k) with reset_after, else (3k,); optional
        With `reset_after`, row 0 is the input bias and row 1 the
        recurrent bias. None for `use_bias=False`.
    activation : str, callable or None
        φ, for the candidate state.
    recurrent_activation : str, callable or None
        σ, for the gates.
    reset_after : bool
        Keras's default True; see the module docstring.
    initial_state : ndarray (β, k), or a list of one, optional
    mask, return_sequences, return_state, go_backwards, zero_output_for_mask
        As in Keras; see [`rnnmath.recurrence`][rnnmath.recurrence].

    Returns
    -------
    ndarray
        $H_T$ (β, k), or every $H_t$ (β, T, k) with
        `return_sequences`. With `return_state`, `[output, H_T]`.

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
    _check_bias_layout(bias, reset_after, X, kernel, recurrent_kernel)
    X, sizes, W_x, W_h, b, M, states = recurrence.prepare(LAYER, X, kernel, recurrent_kernel, bias,
                                                         initial_state=initial_state, mask=mask,
                                                         reset_after=reset_after)
    sigma, phi = activations.get(recurrent_activation, "recurrent_activation"), activations.get(activation)
    return _run(X, W_x, W_h, b, states, sigma, phi, reset_after, mask=M, go_backwards=go_backwards,
                return_sequences=return_sequences, return_state=return_state,
                zero_output_for_mask=zero_output_for_mask)


def _run(X, W_x, W_h, b, states, sigma, phi, reset_after, saved=None, **loop_options):
    """The forward pass that `gru` and `gru_backward` share, on checked arrays."""
    b_x, b_h = _bias_rows(b, reset_after)
    XW = recurrence.input_term(X, W_x, b_x)                         # (T, β, 3k)

    def step(XW_t, states):
        H = gru_cell(XW_t, states[0], W_h, b_h, sigma, phi, reset_after, saved)
        return H, [H]                                               # the output is the state

    return recurrence.run(step, XW, states, **loop_options)


def gru_backward(
    inputs,
    kernel,
    recurrent_kernel,
    bias=None,
    output_gradients=None,
    *,
    activation="tanh",
    recurrent_activation="sigmoid",
    reset_after=True,
    initial_state=None,
    mask=None,
    go_backwards=False,
    zero_output_for_mask=False,
) -> dict:
    r"""The gradients of a loss through a GRU, by backpropagation through time.

    The forward pass runs once, keeping each step's gates; then
    [`gru_cell_backward`][rnnmath.gru.gru_cell_backward] runs from the last step to the first, each
    step handing $\partial L/\partial H_{t-1}$ to the step before.

    Parameters
    ----------
    inputs, kernel, recurrent_kernel, bias, activation, recurrent_activation, reset_after, initial_state, mask,
    go_backwards, zero_output_for_mask
        As for [`gru`][rnnmath.gru.gru]. Both activations must be Keras names, so that
        their derivatives are known ([`rnnmath.derivatives`][rnnmath.derivatives]).
    output_gradients : ndarray of shape (β, T, k), or (β, k)
        What the loss says about each output $H_t$ directly: (β, T, k)
        with `return_sequences`, in the order the layer returns them, or
        (β, k) for the last output alone.

    Returns
    -------
    dict of ndarray
        The gradient of L with respect to `"inputs"` (β, T, n),
        `"initial_state"` (a list of one (β, k) array), `"kernel"`
        (n, 3k), `"recurrent_kernel"` (k, 3k) and, with a bias, `"bias"`
        ((2, 3k) with `reset_after`, else (3k,)).

    Examples
    --------
    With the update gate shut (z ≈ 0), $H_t = \tilde H_t$; with the
    candidate's weights zero it is φ(0) = 0 whatever $H_{t-1}$ was, so
    no gradient reaches $H_0$:

    >>> import numpy as np
    >>> b = np.array([[-30.0, 0.0, 0.0], [0.0, 0.0, 0.0]])            # z = σ(−30) ≈ 0
    >>> grads = gru_backward(np.ones((1, 3, 1)), np.zeros((1, 3)), np.zeros((1, 3)), b,
    ...                      output_gradients=[[1.0]], initial_state=np.full((1, 1), 0.5))
    >>> float(np.abs(grads["initial_state"][0]).max()) < 1e-12
    True
    """
    X = check_inputs(inputs)                                        # (β, T, n)
    _check_bias_layout(bias, reset_after, X, kernel, recurrent_kernel)
    X, sizes, W_x, W_h, b, M, states = recurrence.prepare(LAYER, X, kernel, recurrent_kernel, bias,
                                                         initial_state=initial_state, mask=mask,
                                                         reset_after=reset_after)
    sigma, phi = activations.get(recurrent_activation, "recurrent_activation"), activations.get(activation)
    dsigma, dphi = derivatives.get(recurrent_activation, "recurrent_activation"), derivatives.get(activation)
    E = check_output_gradients(output_gradients, sizes, X.dtype)

    # Forward, keeping what each backward step needs.
    saved = []
    _run(X, W_x, W_h, b, states, sigma, phi, reset_after, saved, mask=M, go_backwards=go_backwards,
         zero_output_for_mask=zero_output_for_mask)

    # Backward, last step first.
    dW_h_shares, db_h_shares = [], []

    def step_backward(position, dH_t, dstates):
        # The output H_t is also the state: both gradients reach it.
        dXW_t, dH_prev, dW_h_t, db_h_t = gru_cell_backward(dH_t + dstates[0], saved[position], W_h, dsigma, dphi,
                                                           reset_after)
        dW_h_shares.append(dW_h_t)
        db_h_shares.append(db_h_t)
        return dXW_t, [dH_prev]

    dXW, dstates = recurrence.run_backward(step_backward, E, len(LAYER.states), sizes.steps, mask=M, go_backwards=go_backwards,
                                           zero_output_for_mask=zero_output_for_mask)
    dX, dW_x, db_x = recurrence.input_term_backward(X, W_x, dXW)
    dW_h = np.sum(dW_h_shares, axis=0)
    if b is None:
        db = None
    elif reset_after:
        db = np.stack([db_x, np.sum(db_h_shares, axis=0)])         # (2, 3k): the input row, the recurrent row
    else:
        db = db_x
    return recurrence.named_gradients(dX, dstates, dW_x, dW_h, db)
