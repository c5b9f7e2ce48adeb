r"""Keras's LSTM: four gates, a cell state, and an output.

Keras stacks the four blocks of the LSTM side by side in one kernel, in the
order **i, f, c, o** (input gate, forget gate, candidate cell, output gate):

$$
W_x = [\,W_{xi}\;W_{xf}\;W_{xc}\;W_{xo}\,] \in \R^{n\times 4k},\quad
W_h = [\,W_{hi}\;W_{hf}\;W_{hc}\;W_{ho}\,] \in \R^{k\times 4k},\quad
\vb = [\,\vb_i\;\vb_f\;\vb_c\;\vb_o\,] \in \R^{4k}.
$$

For a batch, with σ the `recurrent_activation` and φ the `activation`:

$$
\begin{aligned}
    I_t &= \sigma(X_t W_{xi} + H_{t-1} W_{hi} + \vb_i) \\
    F_t &= \sigma(X_t W_{xf} + H_{t-1} W_{hf} + \vb_f) \\
    \tilde C_t &= \phi(X_t W_{xc} + H_{t-1} W_{hc} + \vb_c) \\
    O_t &= \sigma(X_t W_{xo} + H_{t-1} W_{ho} + \vb_o) \\
    C_t &= F_t \odot C_{t-1} + I_t \odot \tilde C_t \\
    H_t &= O_t \odot \phi(C_t)
\end{aligned}
$$

Every matrix above is (β, k). The layer outputs $H_t$; the cell state
$C_t$ stays inside and is returned only with `return_state`, after
$H_T$.

Pages: [LSTM](../lstm.md), and its backward pass on [LSTM and GRU gradients](../bptt-gated.md).
"""

from __future__ import annotations

import numpy as np

from . import activations, derivatives, recurrence
from .checks import check_output_gradients, check_states, check_step_input, check_weights
from .layers import LSTM as LAYER


def lstm_cell(XW_t, H_prev, C_prev, W_h, sigma, phi, saved=None):
    r"""The LSTM step, given the input term $X_t W_x + \vb$ (β, 4k).

    Returns $H_t$ and $C_t$, each (β, k). Pass a list as
    `saved` to keep what the backward step needs.
    """
    A = H_prev @ W_h                                 # (β, k)(k, 4k) -> (β, 4k): all four gates at once
    A += XW_t                                        # + X_t W_x + b, computed before the loop
    A_i, A_f, A_c, A_o = recurrence.blocks(A, LAYER.blocks)   # each (β, k), in the order of LAYER.gates
    I = sigma(A_i)                                   # input gate
    F = sigma(A_f)                                   # forget gate
    C_tilde = phi(A_c)                               # candidate cell
    O = sigma(A_o)                                   # output gate
    C = F * C_prev + I * C_tilde                     # C_t = F_t ⊙ C_{t−1} + I_t ⊙ C̃_t
    phi_C = phi(C)
    H = O * phi_C                                    # H_t = O_t ⊙ φ(C_t)
    if saved is not None:
        saved.append((A, I, F, C_tilde, O, C_prev, C, phi_C, H_prev))
    return H, C


def lstm_cell_backward(dH, dC, saved_t, W_h, dsigma, dphi):
    r"""The LSTM step backwards: `lstm_cell`, read from the bottom up.

    `dH` and `dC` (β, k) are $\partial L/\partial H_t$ and
    $\partial L/\partial C_t$ from everything after this step. Returns
    the gradient of the pre-activations $A_t$ (β, 4k), which is also the
    gradient of the input term; $\partial L/\partial H_{t-1}$ and
    $\partial L/\partial C_{t-1}$ (β, k); and this step's share of
    $\partial L/\partial W_h$, $H_{t-1}^\top\, \partial L/\partial A_t$ (k, 4k).
    """
    A, I, F, C_tilde, O, C_prev, C, phi_C, H_prev = saved_t
    A_i, A_f, A_c, A_o = recurrence.blocks(A, LAYER.blocks)
    dO = dH * phi_C                                  # H_t = O_t ⊙ φ(C_t)
    dC = dC + dH * O * dphi(C)                       # C_t reaches L directly and through H_t
    dF = dC * C_prev                                 # C_t = F_t ⊙ C_{t−1} + I_t ⊙ C̃_t
    dI = dC * C_tilde
    dC_tilde = dC * I
    dC_prev = dC * F                                 # the additive path: only F_t, no weight, no φ′
    dA = np.concatenate([dI * dsigma(A_i),           # back through σ and φ, block by block: (β, 4k)
                         dF * dsigma(A_f),
                         dC_tilde * dphi(A_c),
                         dO * dsigma(A_o)], axis=1)
    dH_prev = dA @ W_h.T                             # A_t = H_{t−1} W_h + …: (β, 4k)(4k, k)
    dW_h = H_prev.T @ dA                             # (k, β)(β, 4k)
    return dA, dH_prev, dC_prev, dW_h


def lstm_step(
    X_t, H_prev, C_prev, kernel, recurrent_kernel, bias=None, *, activation="tanh", recurrent_activation="sigmoid"
):
    r"""One LSTM step for a batch: the six equations above, once.

    Parameters
    ----------
    X_t : ndarray of shape (β, n)
    H_prev, C_prev : ndarray of shape (β, k)
        $H_{t-1}$ and $C_{t-1}$.
    kernel : ndarray of shape (n, 4k)
    recurrent_kernel : ndarray of shape (k, 4k)
    bias : ndarray of shape (4k,), optional
    activation : str, callable or None
        φ, for the candidate cell and for $\phi(C_t)$.
    recurrent_activation : str, callable or None
        σ, for the three gates.

    Returns
    -------
    (H_t, C_t) : two ndarrays of shape (β, k)

    Examples
    --------
    Seed 003, Part C: one unit, linear activations, kernel [1, 0, 1, 1]. The
    forget gate is 0, so $c_t = i_t \tilde c_t = x_t^2$ and
    $h_t = o_t c_t = x_t^3$.

    >>> h, c = lstm_step([[2.0]], [[0.0]], [[0.0]], [[1.0, 0.0, 1.0, 1.0]], [[0.0, 0.0, 0.0, 0.0]],
    ...                  activation="linear", recurrent_activation="linear")
    >>> h, c
    (array([[8.]]), array([[4.]]))
    """
    X = check_step_input(X_t)
    sizes, W_x, W_h, b = check_weights(LAYER.name, X, kernel, recurrent_kernel, bias, gates=LAYER.blocks,
                                       n_from="X_t.shape[1]")
    H_prev, C_prev = check_states([H_prev, C_prev], sizes, LAYER.step_state_names, X.dtype)
    XW_t = recurrence.input_term(X, W_x, b)[0]   # (β, 4k)
    sigma, phi = activations.get(recurrent_activation, "recurrent_activation"), activations.get(activation)
    return lstm_cell(XW_t, H_prev, C_prev, W_h, sigma, phi)


def lstm(
    inputs,
    kernel,
    recurrent_kernel,
    bias=None,
    *,
    activation="tanh",
    recurrent_activation="sigmoid",
    initial_state=None,
    mask=None,
    return_sequences=False,
    return_state=False,
    go_backwards=False,
    zero_output_for_mask=False,
):
    r"""Keras's `LSTM` layer: the LSTM step for t = 1, …, T.

    Parameters
    ----------
    inputs : ndarray of shape (β, T, n)
        β may be 0: a batch of no sequences gives empty outputs and states, (0, k) or (0, T, k).
    kernel : ndarray of shape (n, 4k)
        $W_x$, blocks i, f, c, o.
    recurrent_kernel : ndarray of shape (k, 4k)
        $W_h$, blocks i, f, c, o.
    bias : ndarray of shape (4k,), optional
        $\vb$, blocks i, f, c, o. None for `use_bias=False`.
    activation : str, callable or None
        φ, for the candidate cell and for $\phi(C_t)$. Default tanh.
    recurrent_activation : str, callable or None
        σ, for the three gates. Default sigmoid.
    initial_state : list [h_0, c_0] of ndarrays (β, k), optional
        Zeros by default.
    mask, return_sequences, return_state, go_backwards, zero_output_for_mask
        As in Keras; see [`rnnmath.recurrence`][rnnmath.recurrence].

    Returns
    -------
    ndarray
        $H_T$ (β, k), or every $H_t$ (β, T, k) with
        `return_sequences`. With `return_state`, `[output, H_T, C_T]`.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[[0.0], [1.0], [2.0], [4.0], [8.0]]])         # (β, T, n) = (1, 5, 1)
    >>> y = lstm(x, [[1.0, 0.0, 1.0, 1.0]], [[0.0, 0.0, 0.0, 0.0]],
    ...          activation="linear", recurrent_activation="linear", return_sequences=True)
    >>> y[0, :, 0]
    array([  0.,   1.,   8.,  64., 512.])
    """
    X, sizes, W_x, W_h, b, M, states = recurrence.prepare(LAYER, inputs, kernel, recurrent_kernel, bias,
                                                         initial_state=initial_state, mask=mask)
    sigma, phi = activations.get(recurrent_activation, "recurrent_activation"), activations.get(activation)
    return _run(X, W_x, W_h, b, states, sigma, phi, mask=M, go_backwards=go_backwards,
                return_sequences=return_sequences, return_state=return_state,
                zero_output_for_mask=zero_output_for_mask)


def _run(X, W_x, W_h, b, states, sigma, phi, saved=None, **loop_options):
    """The forward pass that `lstm` and `lstm_backward` share, on checked arrays."""
    XW = recurrence.input_term(X, W_x, b)                           # (T, β, 4k)

    def step(XW_t, states):
        H, C = lstm_cell(XW_t, states[0], states[1], W_h, sigma, phi, saved)
        return H, [H, C]                                            # the output is H_t

    return recurrence.run(step, XW, states, **loop_options)


def lstm_backward(
    inputs,
    kernel,
    recurrent_kernel,
    bias=None,
    output_gradients=None,
    *,
    activation="tanh",
    recurrent_activation="sigmoid",
    initial_state=None,
    mask=None,
    go_backwards=False,
    zero_output_for_mask=False,
) -> dict:
    r"""The gradients of a loss through an LSTM, by backpropagation through time.

    The forward pass runs once, keeping each step's gates; then
    [`lstm_cell_backward`][rnnmath.lstm.lstm_cell_backward] runs from the last step to the first, each
    step handing $\partial L/\partial H_{t-1}$ and
    $\partial L/\partial C_{t-1}$ to the step before.

    Parameters
    ----------
    inputs, kernel, recurrent_kernel, bias, activation, recurrent_activation, initial_state, mask, go_backwards,
    zero_output_for_mask
        As for [`lstm`][rnnmath.lstm.lstm]. Both activations must be Keras names, so that
        their derivatives are known ([`rnnmath.derivatives`][rnnmath.derivatives]).
    output_gradients : ndarray of shape (β, T, k), or (β, k)
        What the loss says about each output $H_t$ directly: (β, T, k)
        with `return_sequences`, in the order the layer returns them, or
        (β, k) for the last output alone.

    Returns
    -------
    dict of ndarray
        The gradient of L with respect to `"inputs"` (β, T, n),
        `"initial_state"` (the list [∂L/∂H_0, ∂L/∂C_0], each (β, k)),
        `"kernel"` (n, 4k), `"recurrent_kernel"` (k, 4k) and, with a
        bias, `"bias"` (4k,).

    Examples
    --------
    With the forget and output gates held open (biases of 20, so σ ≈ 1)
    and every weight zero, the cell state carries $C_0$ through 50
    steps unchanged, and its gradient comes back unchanged too: for
    $L = H_{50} \approx \tanh(C_{50})$, $\partial L/\partial C_0
    \approx 1 - \tanh^2(1)$: the 50 forget gates, each σ(20) ≈ 1, pass it
    back almost exactly.

    >>> import numpy as np
    >>> b = np.array([0.0, 20.0, 0.0, 20.0])                       # blocks i, f, c, o
    >>> grads = lstm_backward(np.zeros((1, 50, 1)), np.zeros((1, 4)), np.zeros((1, 4)), b,
    ...                       output_gradients=[[1.0]], initial_state=[[[0.0]], [[1.0]]])
    >>> round(float(grads["initial_state"][1][0, 0]), 6), round(float(1 - np.tanh(1.0) ** 2), 6)
    (0.419974, 0.419974)
    """
    X, sizes, W_x, W_h, b, M, states = recurrence.prepare(LAYER, inputs, kernel, recurrent_kernel, bias,
                                                         initial_state=initial_state, mask=mask)
    sigma, phi = activations.get(recurrent_activation, "recurrent_activation"), activations.get(activation)
    dsigma, dphi = derivatives.get(recurrent_activation, "recurrent_activation"), derivatives.get(activation)
    E = check_output_gradients(output_gradients, sizes, X.dtype)

    # Forward, keeping what each backward step needs.
    saved = []
    _run(X, W_x, W_h, b, states, sigma, phi, saved, mask=M, go_backwards=go_backwards,
         zero_output_for_mask=zero_output_for_mask)

    # Backward, last step first.
    dW_h_shares = []                                                # one H_{t−1}ᵀ ∂L/∂A_t per step

    def step_backward(position, dH_t, dstates):
        # The output H_t is also the first state: both gradients reach it.
        dA, dH_prev, dC_prev, dW_h_t = lstm_cell_backward(dH_t + dstates[0], dstates[1], saved[position], W_h,
                                                          dsigma, dphi)
        dW_h_shares.append(dW_h_t)
        return dA, [dH_prev, dC_prev]

    dXW, dstates = recurrence.run_backward(step_backward, E, len(LAYER.states), sizes.steps, mask=M, go_backwards=go_backwards,
                                           zero_output_for_mask=zero_output_for_mask)
    dX, dW_x, db = recurrence.input_term_backward(X, W_x, dXW)
    dW_h = np.sum(dW_h_shares, axis=0)                              # Σ_t H_{t−1}ᵀ ∂L/∂A_t
    return recurrence.named_gradients(dX, dstates, dW_x, dW_h, db if b is not None else None)
