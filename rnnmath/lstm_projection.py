r"""The LSTM with projections (PyTorch's `proj_size`): the LSTM, then one product.

The cell is the LSTM of `rnnmath/lstm.py`, unchanged. Only its output is
new: instead of $O_t \odot \phi(C_t)$, which is $(\beta, k)$, the layer outputs
a projection of it to $p < k$ columns,

$$
H_t = \big(O_t \odot \phi(C_t)\big)\, W_r, \qquad
\underset{\beta\times p}{H_t} = \underset{\beta\times k}{(O_t \odot \phi(C_t))}\;\underset{k\times p}{W_r},
$$

and $H_t$ is what the next step's gates read, so the recurrent kernel is
$(p, 4k)$ rather than $(k, 4k)$. The cell state $C_t$ stays $(\beta, k)$.
In torch's column form this is $\mathbf{h}_t = W_{hr}(\mathbf{o}_t \odot
\tanh \mathbf{c}_t)$ with `weight_hr_l0` $= W_{hr} = W_r^\top$, $(p, k)$.
Keras has no such layer; the arrays here are in Keras's row form, gates
i, f, c, o, so that the LSTM's functions apply as they are.

Page: "PyTorch".
"""

from __future__ import annotations

import numpy as np

from . import activations, derivatives, recurrence
from .checks import (
    ShapeError,
    Sizes,
    as_array,
    check_inputs,
    check_mask,
    check_output_gradients,
    check_states,
    expect_shape,
)
from .lstm import lstm_cell, lstm_cell_backward


def _check(inputs, kernel, recurrent_kernel, bias, projection):
    """The inputs and weights, checked against each other; the sizes use k = p for the output's width."""
    X = check_inputs(inputs)                                        # (β, T, n)
    W_r = as_array("projection", projection, X.dtype)
    if W_r.ndim != 2:
        raise ShapeError(f"projection has shape {W_r.shape}, but the equation needs W_r, (k, p): a matrix.")
    k, p = W_r.shape
    n = X.shape[2]
    where = f"n = {n} (inputs.shape[2]), k = {k} cells and p = {p} outputs (projection.shape)"
    W_x = as_array("kernel", kernel, X.dtype)
    W_h = as_array("recurrent_kernel", recurrent_kernel, X.dtype)
    expect_shape("kernel", W_x, (n, 4 * k), "(n, 4k)", where)
    expect_shape("recurrent_kernel", W_h, (p, 4 * k), "(p, 4k)", where)
    b = None
    if bias is not None:
        b = as_array("bias", bias, X.dtype)
        expect_shape("bias", b, (4 * k,), "(4k,)", where)
    sizes = Sizes(batch=X.shape[0], steps=X.shape[1], inputs=n, units=p)
    return X, W_x, W_h, b, W_r, sizes


def _states(initial_state, sizes, k, dtype):
    """[H_0 (β, p), C_0 (β, k)], zeros by default."""
    if initial_state is None:
        return [np.zeros((sizes.batch, sizes.units), dtype), np.zeros((sizes.batch, k), dtype)]
    if len(initial_state) != 2:
        raise ValueError(f"initial_state has {len(initial_state)} array(s), but this layer has 2: h_0, c_0.")
    (H_0,) = check_states([initial_state[0]], sizes, ("initial_state[0] (h_0)",), dtype)
    C_0 = as_array("initial_state[1] (c_0)", initial_state[1], dtype)
    expect_shape("initial_state[1] (c_0)", C_0, (sizes.batch, k), "(β, k)", f"β = {sizes.batch}, k = {k}")
    return [H_0, C_0]


def lstm_projected(
    inputs, kernel, recurrent_kernel, bias, projection, *, activation="tanh", recurrent_activation="sigmoid",
    initial_state=None, mask=None, return_sequences=False, return_state=False, go_backwards=False,
    zero_output_for_mask=False,
):
    r"""The LSTM with a projection: `lstm`'s cell, with output $H_t = (O_t \odot \phi(C_t)) W_r$.

    Parameters
    ----------
    inputs : ndarray of shape (β, T, n)
    kernel : ndarray of shape (n, 4k)
        $W_x$, blocks i, f, c, o.
    recurrent_kernel : ndarray of shape (p, 4k)
        $W_h$: the gates read the projected $H_{t-1}$, $p$ wide.
    bias : ndarray of shape (4k,), or None
    projection : ndarray of shape (k, p)
        $W_r$ (torch's `weight_hr_l0` is its transpose, $(p, k)$).
    activation, recurrent_activation, initial_state, mask, return_sequences, return_state, go_backwards,
    zero_output_for_mask
        As for `rnnmath.lstm`; `initial_state` is [h_0 (β, p), c_0 (β, k)].

    Returns
    -------
    ndarray
        $H_T$ (β, p), or every $H_t$ (β, T, p); with `return_state`,
        `[output, H_T, C_T]`, $C_T$ being (β, k).

    Examples
    --------
    With the identity as projection ($p = k$) it is the LSTM:

    >>> import numpy as np, rnnmath
    >>> rng = np.random.default_rng(0)
    >>> x, W_x, W_h, b = rng.normal(size=(2, 3, 1)), rng.normal(size=(1, 8)), rng.normal(size=(2, 8)), rng.normal(size=8)
    >>> bool(np.allclose(lstm_projected(x, W_x, W_h, b, np.eye(2)), rnnmath.lstm(x, W_x, W_h, b)))
    True
    >>> lstm_projected(x, W_x, W_h[:1], b, np.ones((2, 1))).shape     # p = 1
    (2, 1)
    """
    X, W_x, W_h, b, W_r, sizes = _check(inputs, kernel, recurrent_kernel, bias, projection)
    sigma, phi = activations.get(recurrent_activation), activations.get(activation)
    M = check_mask(mask, sizes)
    states = _states(initial_state, sizes, W_r.shape[0], X.dtype)
    XW = recurrence.input_term(X, W_x, b)                           # (T, β, 4k)

    def step(XW_t, states):
        H_cell, C = lstm_cell(XW_t, states[0], states[1], W_h, sigma, phi)   # O_t ⊙ φ(C_t): (β, k)
        H = H_cell @ W_r                                            # H_t = (O_t ⊙ φ(C_t)) W_r: (β, k)(k, p)
        return H, [H, C]

    return recurrence.run(
        step, XW, states, mask=M, go_backwards=go_backwards, return_sequences=return_sequences,
        return_state=return_state, zero_output_for_mask=zero_output_for_mask,
    )


def lstm_projected_backward(
    inputs, kernel, recurrent_kernel, bias, projection, output_gradients=None, *, activation="tanh",
    recurrent_activation="sigmoid", initial_state=None, mask=None, go_backwards=False, zero_output_for_mask=False,
) -> dict:
    r"""The gradients of a loss through `lstm_projected`, by backpropagation through time.

    One product more than the LSTM's backward pass: with $G_t = O_t \odot
    \phi(C_t)$ and $H_t = G_t W_r$,

    $$
    \frac{\mathrm{d}L}{\mathrm{d} G_t} = \frac{\mathrm{d}L}{\mathrm{d} H_t} W_r^\top, \qquad
    \frac{\mathrm{d}L}{\mathrm{d} W_r} = \sum_t G_t^\top \frac{\mathrm{d}L}{\mathrm{d} H_t},
    $$

    and `lstm_cell_backward` does the rest, with $H_{t-1}$ $p$ wide.

    Returns
    -------
    dict of ndarray
        As `rnnmath.lstm_backward`'s, plus `"projection"` (k, p).

    Examples
    --------
    >>> import numpy as np
    >>> from rnnmath import numerical_gradient
    >>> rng = np.random.default_rng(1)
    >>> x, W_x, W_h, b, W_r = (rng.normal(size=s) for s in [(2, 3, 2), (2, 12), (2, 12), (12,), (3, 2)])
    >>> E = rng.normal(size=(2, 2))
    >>> grads = lstm_projected_backward(x, W_x, W_h, b, W_r, E)
    >>> loss = lambda W: float(np.sum(lstm_projected(x, W_x, W_h, b, W) * E))
    >>> bool(np.allclose(grads["projection"], numerical_gradient(loss, W_r), atol=1e-7))
    True
    """
    X, W_x, W_h, b, W_r, sizes = _check(inputs, kernel, recurrent_kernel, bias, projection)
    sigma, phi = activations.get(recurrent_activation), activations.get(activation)
    dsigma, dphi = derivatives.get(recurrent_activation), derivatives.get(activation)
    M = check_mask(mask, sizes)
    E = check_output_gradients(output_gradients, sizes, X.dtype)
    states = _states(initial_state, sizes, W_r.shape[0], X.dtype)
    XW = recurrence.input_term(X, W_x, b)
    saved, G = [], []

    def step(XW_t, states):
        H_cell, C = lstm_cell(XW_t, states[0], states[1], W_h, sigma, phi, saved)
        G.append(H_cell)                                            # G_t = O_t ⊙ φ(C_t), (β, k)
        return H_cell @ W_r, [H_cell @ W_r, C]

    recurrence.run(step, XW, states, mask=M, go_backwards=go_backwards, zero_output_for_mask=zero_output_for_mask)
    dW_h_shares, dW_r_shares = [], []

    def step_backward(position, dH_t, dstates):
        dH = dH_t + dstates[0]                                      # dL/dH_t, (β, p)
        dW_r_shares.append(G[position].T @ dH)                      # G_tᵀ dL/dH_t: (k, p)
        dG = dH @ W_r.T                                             # dL/dG_t: (β, p)(p, k)
        dA, dH_prev, dC_prev, dW_h_t = lstm_cell_backward(dG, dstates[1], saved[position], W_h, dsigma, dphi)
        dW_h_shares.append(dW_h_t)
        return dA, [dH_prev, dC_prev]

    widths = (sizes.units, W_r.shape[0])                            # H is p wide, C is k wide
    dXW, dstates = recurrence.run_backward(step_backward, E, widths, sizes.steps, mask=M, go_backwards=go_backwards,
                                           zero_output_for_mask=zero_output_for_mask)
    dX, dW_x, db = recurrence.input_term_backward(X, W_x, dXW)
    grads = recurrence.named_gradients(dX, dstates, dW_x, np.sum(dW_h_shares, axis=0), db if b is not None else None)
    grads["projection"] = np.sum(dW_r_shares, axis=0)
    return grads
