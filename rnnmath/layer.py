r"""A layer of k recurrent neurons, for one sequence: the column-vector form.

Neuron j (j = 1, …, k) has its own input weights $\hat{\vw}_{x,j}
\in \R^n$, its own bias $\hat b_j$, and — because every neuron
sees the whole previous output vector $\vy_{t-1} \in
\R^k$ — k recurrent weights $\hat{\vw}_{y,j}$. Stack the
k neurons' weights as rows and the k scalar equations become one:

$$
\vy_t = \phi\big(\hat W_x\,\vx_t + \hat W_y\,\vy_{t-1} + \hat{\vb}\big),
\qquad
\hat W_x \in \R^{k\times n},\ \hat W_y \in \R^{k\times k}.
$$

Keras stores the same numbers transposed, one neuron per *column*:
`kernel` is $W_x = \hat W_x^\top$ with shape (n, k) and
`recurrent_kernel` is $W_y = \hat W_y^\top$ with shape (k, k). Column
j of `recurrent_kernel` holds the weights neuron j puts on every previous
output; row i holds the weights every neuron puts on output i.

Page: [A layer of recurrent neurons](../layer.md).
"""

from __future__ import annotations

import numpy as np

from . import activations
from .checks import ShapeError, as_array, compute_dtype, expect_shape, format_shape


def layer_step(x_t, y_prev, kernel, recurrent_kernel, bias=None, *, activation="tanh") -> np.ndarray:
    r"""One step of a layer, one sequence: $\vy_t = \phi(\hat W_x \vx_t + \hat W_y \vy_{t-1} + \hat{\vb})$.

    Takes the weights as Keras stores them and transposes them into the
    hatted, one-row-per-neuron matrices of the column form.

    Parameters
    ----------
    x_t : ndarray of shape (n,)
        The input vector at step t.
    y_prev : ndarray of shape (k,)
        The layer's output at step t − 1.
    kernel : ndarray of shape (n, k)
        $W_x$; Keras's `kernel`.
    recurrent_kernel : ndarray of shape (k, k)
        $W_y$; Keras's `recurrent_kernel`.
    bias : ndarray of shape (k,), optional
        $\vb$; Keras's `bias`. None means no bias.
    activation : str, callable or None
        φ, applied to each of the k sums.

    Returns
    -------
    ndarray of shape (k,)
        $\vy_t$.

    Examples
    --------
    Seed 003, Part B: kernel [1, 1], recurrent kernel [[0, 1], [0, 1]].
    Neuron 1 only copies the input; neuron 2 also adds both previous outputs.

    >>> import numpy as np
    >>> W_x = np.array([[1.0, 1.0]])                 # (n, k) = (1, 2)
    >>> W_y = np.array([[0.0, 1.0], [0.0, 1.0]])     # (k, k) = (2, 2)
    >>> y = np.zeros(2)
    >>> for x in [3.0, 3.0, 7.0, 5.0]:
    ...     y = layer_step(np.array([x]), y, W_x, W_y, activation="linear")
    >>> y
    array([ 5., 31.])
    """
    dtype = compute_dtype(x_t)
    x_t = as_array("x_t", x_t, dtype)
    y_prev = as_array("y_prev", y_prev, dtype)
    W_x = as_array("kernel", kernel, dtype)
    W_y = as_array("recurrent_kernel", recurrent_kernel, dtype)
    if W_y.ndim != 2 or W_y.shape[0] != W_y.shape[1] or W_y.shape[0] == 0:
        raise ShapeError(f"recurrent_kernel has shape {format_shape(W_y.shape)}, but the equation needs (k, k): "
                         "one row and one column per unit.")
    k = W_y.shape[0]                                  # k from the recurrent kernel
    if W_x.ndim == 2 and W_x.shape[1] == k and x_t.shape != (W_x.shape[0],):
        n = W_x.shape[0]
        raise ShapeError(
            f"x_t has shape {format_shape(x_t.shape)}, but the equation needs (n,) = ({n},), "
            f"where n = {n} is kernel.shape[0]. For a batch of sequences use simple_rnn_step."
        )
    if x_t.ndim != 1:
        raise ShapeError(
            f"x_t has shape {format_shape(x_t.shape)}, but the equation needs (n,): one input vector. "
            "For a batch of sequences use simple_rnn_step."
        )
    n = x_t.shape[0]
    if W_x.shape == (k, n) and n != k:
        raise ShapeError(
            f"kernel has shape {format_shape(W_x.shape)}, but the equation needs (n, k) = ({n}, {k}), where n = {n} "
            f"is x_t's length and k = {k} is recurrent_kernel's. It looks transposed: Keras stores the "
            "kernel as (inputs, units)."
        )
    expect_shape("kernel", W_x, (n, k), "(n, k)", f"n = {n} is x_t's length and k = {k} is recurrent_kernel's")
    expect_shape("y_prev", y_prev, (k,), "(k,)", f"k = {k}")
    W_x_hat = W_x.T                                   # (k, n): row j is neuron j's input weights
    W_y_hat = W_y.T                                   # (k, k): row j is neuron j's recurrent weights
    b_hat = np.zeros(k, dtype) if bias is None else as_array("bias", bias, dtype)
    expect_shape("bias", b_hat, (k,), "(k,)", f"k = {k}")
    phi = activations.get(activation)
    # y_t = φ(Ŵ_x x_t + Ŵ_y y_{t−1} + b̂)      (k,n)(n,) + (k,k)(k,) + (k,) -> (k,)
    return phi(W_x_hat @ x_t + W_y_hat @ y_prev + b_hat)
