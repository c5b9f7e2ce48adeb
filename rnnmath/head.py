r"""The output head: one Dense layer applied at every step.

A recurrent layer with `return_sequences=True` gives $H_t$ (β, k) at every
step. A per-step head maps each to $V$ scores, the *logits*, with the same
weights at every step:

$$
Z_t = H_t W^{\text{Dense}} + \vb^{\text{Dense}}, \qquad Z_t \in \mathbb{R}^{\beta\times V},\; H_t \in \mathbb{R}^{\beta\times k},\; W^{\text{Dense}} \in \mathbb{R}^{k\times V}.
$$

Keras's `Dense(V)` on a (β, T, k) sequence does exactly this (its kernel
is $W^{\text{Dense}}$, (k, V)); torch's `nn.Linear(k, V)` does it too, but stores
$(W^{\text{Dense}})^\top$, (V, k), as its `weight`. Backwards, the weights were used at
every step and in every row, so their gradients sum over both:

$$
\frac{\mathrm{d}L}{\mathrm{d}W^{\text{Dense}}} = \sum_t H_t^\top \frac{\partial L}{\partial Z_t},\qquad
\frac{\mathrm{d}L}{\mathrm{d}\vb^{\text{Dense}}} = \sum_{i,t} \frac{\partial L}{\partial Z_{i,t}},\qquad
\frac{\partial L}{\partial H_t} = \frac{\partial L}{\partial Z_t}\, (W^{\text{Dense}})^\top .
$$

Derived on [Inputs, heads and losses over time](../losses.md).
"""

from __future__ import annotations

import numpy as np

from .checks import ShapeError, _fmt, as_array, compute_dtype


def _check_head(H, kernel, bias):
    dtype = compute_dtype(H)
    H = as_array("inputs", H, dtype)
    W_y = as_array("kernel", kernel, dtype)
    if H.ndim < 1:
        raise ShapeError("inputs is a scalar, but the equation needs (…, k): the layer's outputs H_t.")
    k = H.shape[-1]
    if W_y.ndim != 2 or W_y.shape[0] != k:
        hint = ""
        if W_y.ndim == 2 and W_y.shape[1] == k:
            hint = " It looks transposed: torch's nn.Linear stores (V, k); pass weight.T."
        raise ShapeError(f"kernel has shape {_fmt(W_y.shape)}, but the equation needs (k, V) with "
                         f"k = {k} (inputs.shape[-1]).{hint}")
    b_y = None
    if bias is not None:
        b_y = as_array("bias", bias, dtype)
        if b_y.shape != (W_y.shape[1],):
            raise ShapeError(f"bias has shape {_fmt(b_y.shape)}, but the equation needs (V,) = "
                             f"({W_y.shape[1]},), where V = {W_y.shape[1]} (kernel.shape[1]).")
    return H, W_y, b_y


def dense(inputs, kernel, bias=None) -> np.ndarray:
    r"""$Z = H W^{\text{Dense}} + \vb^{\text{Dense}}$ at every step: Keras's `Dense` on a sequence.

    Parameters
    ----------
    inputs : ndarray of shape (β, T, k), or (β, k)
        $H$: every step's output, or the last one only.
    kernel : ndarray of shape (k, V)
        $W^{\text{Dense}}$, in Keras's layout (torch's `nn.Linear.weight` is its transpose).
    bias : ndarray of shape (V,), optional

    Returns
    -------
    ndarray of shape (β, T, V), or (β, V)

    Examples
    --------
    >>> H = np.array([[[1.0, 2.0], [3.0, 4.0]]])                   # (β, T, k) = (1, 2, 2)
    >>> dense(H, [[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]], [0.0, 0.0, 10.0])
    array([[[ 1.,  2., 13.],
            [ 3.,  4., 17.]]])
    """
    H, W_y, b_y = _check_head(inputs, kernel, bias)
    Z = H @ W_y                                          # (β, T, k)(k, V) -> (β, T, V), the same W_y at every t
    if b_y is not None:
        Z += b_y                                         # (V,) broadcast over β and T
    return Z


def dense_backward(inputs, kernel, bias=None, output_gradients=None) -> dict:
    r"""The gradients through the per-step head, given $\mathrm{d}L/\mathrm{d} Z$.

    Parameters
    ----------
    inputs, kernel, bias
        As for `dense`.
    output_gradients : ndarray of shape (β, T, V), or (β, V)
        $\mathrm{d}L/\mathrm{d} Z$, shaped like the logits.

    Returns
    -------
    dict of ndarray
        `"inputs"` $\mathrm{d}L/\mathrm{d} H$ (β, T, k), `"kernel"` (k, V)
        and, with a bias, `"bias"` (V,).

    Examples
    --------
    >>> H = np.array([[[1.0, 2.0], [3.0, 4.0]]])
    >>> grads = dense_backward(H, np.eye(2), np.zeros(2), output_gradients=np.ones((1, 2, 2)))
    >>> grads["kernel"], grads["bias"]
    (array([[4., 4.],
           [6., 6.]]), array([2., 2.]))
    """
    H, W_y, b_y = _check_head(inputs, kernel, bias)
    expected = H.shape[:-1] + (W_y.shape[1],)
    dZ = as_array("output_gradients", output_gradients, H.dtype)
    if dZ.shape != expected:
        raise ShapeError(f"output_gradients has shape {_fmt(dZ.shape)}, but the equation needs the logits' "
                         f"shape {_fmt(expected)}.")
    k, V = W_y.shape
    H_rows, dZ_rows = H.reshape(-1, k), dZ.reshape(-1, V)  # every (i, t) a row: (βT, k), (βT, V)
    grads = {
        "inputs": dZ @ W_y.T,                            # dL/dH_t = dL/dZ_t W_yᵀ: (β, T, V)(V, k)
        "kernel": H_rows.T @ dZ_rows,                    # Σ_t H_tᵀ dL/dZ_t: (k, βT)(βT, V)
    }
    if b_y is not None:
        grads["bias"] = dZ_rows.sum(axis=0)              # (V,)
    return grads
