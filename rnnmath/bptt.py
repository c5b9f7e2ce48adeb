r"""Backpropagation through time for SimpleRNN: the gradients, step by step backwards.

The forward pass, with the pre-activation :math:`A_t` named:

.. math::
    A_t = X_t W_x + Y_{t-1} W_y + \mathbf{b}, \qquad Y_t = \phi(A_t).

A loss :math:`L` depends on the outputs; write :math:`E_t` (β, k) for what
it says about :math:`Y_t` directly (the upstream gradient, holding later
outputs fixed). But :math:`Y_t` also feeds :math:`A_{t+1}`, so its total
gradient collects both, and the recursion runs backwards from t = T:

.. math::
    \delta_t &= \Big(E_t + \delta_{t+1} W_y^\top\Big) \odot \phi'(A_t),
      \qquad \delta_{T+1} = 0, \\
    \frac{\partial L}{\partial W_x} &= \sum_t X_t^\top \delta_t, \quad
    \frac{\partial L}{\partial W_y} = \sum_t Y_{t-1}^\top \delta_t, \quad
    \frac{\partial L}{\partial \mathbf{b}} = \sum_t \mathbf{1}^\top \delta_t, \\
    \frac{\partial L}{\partial X_t} &= \delta_t W_x^\top, \qquad
    \frac{\partial L}{\partial Y_0} = \delta_1 W_y^\top,

where :math:`\delta_t = \partial L / \partial A_t` is (β, k). Every step
multiplies by :math:`W_y^\top` and by :math:`\phi'`, which is why gradients
through many steps shrink or grow geometrically.

Page: "Backpropagation through time".
"""

from __future__ import annotations

import numpy as np

from . import activations
from .checks import ShapeError, check_inputs, check_states, check_weights, expect_shape

# φ'(A), written with the output Y = φ(A) where that is simpler.
DERIVATIVES = {
    "linear": lambda A, Y: np.ones_like(A),
    "tanh": lambda A, Y: 1.0 - Y * Y,
    "sigmoid": lambda A, Y: Y * (1.0 - Y),
    "relu": lambda A, Y: (A > 0).astype(A.dtype),
}


def simple_rnn_backward(
    inputs, kernel, recurrent_kernel, bias=None, output_gradients=None, *, activation="tanh", initial_state=None
) -> dict:
    r"""The gradients of a loss through a SimpleRNN, by backpropagation through time.

    Parameters
    ----------
    inputs : ndarray of shape (β, T, n)
    kernel : ndarray of shape (n, k)
    recurrent_kernel : ndarray of shape (k, k)
    bias : ndarray of shape (k,), optional
    output_gradients : ndarray of shape (β, T, k), or (β, k)
        :math:`E_t`, what L says about each output directly; (β, k) means
        the loss sees only the last output :math:`Y_T`, as when
        ``return_sequences=False``.
    activation : "linear", "tanh", "sigmoid" or "relu"
        φ; its derivative φ' is needed, so only these four are offered.
    initial_state : ndarray of shape (β, k), optional
        :math:`Y_0`; zeros by default.

    Returns
    -------
    dict of ndarray
        ``"kernel"`` (n, k), ``"recurrent_kernel"`` (k, k), ``"bias"``
        (k,) (only with a bias), ``"inputs"`` (β, T, n) and
        ``"initial_state"`` (β, k): the gradient of L with respect to each.

    Examples
    --------
    One linear neuron, inputs 1, 2 and L = y_2 = w_x x_2 + w_y w_x x_1:
    ∂L/∂w_y = w_x x_1 and ∂L/∂w_x = x_2 + w_y x_1.

    >>> import numpy as np
    >>> grads = simple_rnn_backward(np.array([[[1.0], [2.0]]]), [[3.0]], [[0.5]],
    ...                             output_gradients=np.array([[1.0]]), activation="linear")
    >>> float(grads["recurrent_kernel"][0, 0]), float(grads["kernel"][0, 0])
    (3.0, 2.5)
    """
    X = check_inputs(inputs)                                          # (β, T, n)
    sizes, W_x, W_y, b = check_weights("SimpleRNN", X, kernel, recurrent_kernel, bias, gates=1)
    name = activation or "linear"
    if name not in DERIVATIVES:
        raise ValueError(f"simple_rnn_backward needs φ', so activation must be one of {sorted(DERIVATIVES)}; "
                         f"got {activation!r}.")
    phi, dphi = activations.get(name), DERIVATIVES[name]
    beta, T, k = sizes.batch, sizes.steps, sizes.units
    if output_gradients is None:
        raise ValueError("output_gradients is needed: ∂L/∂Y_t for every step (β, T, k), or for the last (β, k).")
    E = np.asarray(output_gradients, dtype=X.dtype)
    if E.ndim == 2:
        expect_shape("output_gradients", E, (beta, k), "(β, k)", f"β = {beta}, k = {k}")
        E = np.concatenate([np.zeros((beta, T - 1, k), X.dtype), E[:, None, :]], axis=1)
    if E.shape != (beta, T, k):
        raise ShapeError(f"output_gradients has shape {E.shape}, but the equation needs (β, T, k) = "
                         f"{(beta, T, k)} or (β, k) = {(beta, k)}.")
    (Y_0,) = check_states(initial_state, sizes, ("initial_state[0] (y_0)",), X.dtype) or [np.zeros((beta, k), X.dtype)]

    # Forward, keeping every A_t and Y_t: the backward pass needs them.
    A, Y = [], [Y_0]
    for t in range(T):
        A_t = X[:, t] @ W_x + Y[-1] @ W_y + (0.0 if b is None else b)  # (β, k)
        A.append(A_t)
        Y.append(phi(A_t))

    # Backward, from t = T down to 1.
    dW_x, dW_y, db = np.zeros_like(W_x), np.zeros_like(W_y), np.zeros(k, X.dtype)
    dX = np.zeros_like(X)
    delta_next = np.zeros((beta, k), X.dtype)                         # δ_{T+1} = 0
    for t in reversed(range(T)):
        delta = (E[:, t] + delta_next @ W_y.T) * dphi(A[t], Y[t + 1])  # δ_t = (E_t + δ_{t+1} W_yᵀ) ⊙ φ'(A_t)
        dW_x += X[:, t].T @ delta                                     # (n, β)(β, k)
        dW_y += Y[t].T @ delta                                        # Y[t] is Y_{t-1}: (k, β)(β, k)
        db += delta.sum(axis=0)
        dX[:, t] = delta @ W_x.T                                      # (β, k)(k, n)
        delta_next = delta
    gradients = {"kernel": dW_x, "recurrent_kernel": dW_y, "inputs": dX, "initial_state": delta_next @ W_y.T}
    if b is not None:
        gradients["bias"] = db
    return gradients
