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

Page: [2. A layer of recurrent neurons](../layer.md).
"""

from __future__ import annotations

import numpy as np

from . import activations
from .checks import ShapeError, compute_dtype, format_shape


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
    x_t = np.asarray(x_t, dtype=dtype)
    y_prev = np.asarray(y_prev, dtype=dtype)
    W_x_hat = np.asarray(kernel, dtype=dtype).T            # (k, n): row j is neuron j's input weights
    W_y_hat = np.asarray(recurrent_kernel, dtype=dtype).T  # (k, k): row j is neuron j's recurrent weights
    if W_x_hat.ndim != 2 or W_y_hat.ndim != 2:
        raise ShapeError(
            f"kernel has shape {format_shape(W_x_hat.shape[::-1])} and recurrent_kernel has shape "
            f"{format_shape(W_y_hat.shape[::-1])}, but the equation needs two matrices, (n, k) and (k, k)."
        )
    k, n = W_x_hat.shape
    if x_t.shape != (n,):
        raise ShapeError(
            f"x_t has shape {format_shape(x_t.shape)}, but the equation needs (n,) = ({n},), "
            f"where n = {n} is kernel.shape[0]. For a batch of sequences use simple_rnn_step."
        )
    if W_y_hat.shape != (k, k):
        raise ShapeError(
            f"recurrent_kernel has shape {format_shape(W_y_hat.shape[::-1])}, but the equation needs "
            f"(k, k) = ({k}, {k})."
        )
    if y_prev.shape != (k,):
        raise ShapeError(f"y_prev has shape {format_shape(y_prev.shape)}, but the equation needs (k,) = ({k},).")
    b_hat = np.zeros(k, dtype) if bias is None else np.asarray(bias, dtype=dtype)
    if b_hat.shape != (k,):
        raise ShapeError(f"bias has shape {format_shape(b_hat.shape)}, but the equation needs (k,) = ({k},).")
    phi = activations.get(activation)
    # y_t = φ(Ŵ_x x_t + Ŵ_y y_{t−1} + b̂)      (k,n)(n,) + (k,k)(k,) + (k,) -> (k,)
    return phi(W_x_hat @ x_t + W_y_hat @ y_prev + b_hat)
