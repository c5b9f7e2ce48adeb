r"""Losses over time: softmax cross-entropy from logits, at every step or the last.

At each step the head gives logits $\mathbf{z} \in \mathbb{R}^V$ and the
target is an id $y$. The softmax turns logits into probabilities, and the
cross-entropy is minus the log-probability of the target:

$$
p_v = \frac{e^{z_v}}{\sum_u e^{z_u}}, \qquad
\ell(\mathbf{z}, y) = -\log p_y = \log \sum_u e^{z_u} - z_y .
$$

Its gradient is the famous one: $\partial \ell / \partial z_v = p_v - [v = y]$,
that is

$$
\frac{\partial \ell}{\partial \mathbf{z}} = \operatorname{softmax}(\mathbf{z}) - \operatorname{onehot}(y).
$$

**The reduction.** A batch of sequences gives one $\ell_{i,t}$ per sequence
and step. Both frameworks reduce them to one number as a weighted sum
$L = \sum_{i,t} c_{i,t}\,\ell_{i,t}$, so the gradient of the logits at
$(i, t)$ is $c_{i,t}\,(\operatorname{softmax}(\mathbf{z}_{i,t}) - \operatorname{onehot}(y_{i,t}))$.
With a mask $m_{i,t} \in \{0, 1\}$ (1 keeps a step) and $N = \sum m$
unmasked entries, read from the frameworks' source:

| reduction | rule | $c_{i,t}$ |
| --- | --- | --- |
| `"keras"` (`sum_over_batch_size`, the default) | the mean over every entry, β·T of them; with a Keras mask, over the $N$ unmasked ones ($0$ if $N = 0$) | $1/(\beta T)$, or $m_{i,t}/N$ |
| `"keras"` with `sample_weight` $w$ and no mask | weighted, but still divided by β·T, *not* by $\sum w$ | $w_{i,t}/(\beta T)$ |
| `"torch"` (`cross_entropy(reduction="mean")`, `ignore_index`) | the mean over the targets that are not ignored ($\text{nan}$ if $N = 0$) | $m_{i,t}/N$ |
| `"sum"` | the plain sum | $m_{i,t}\,w_{i,t}$ |

So a Keras mask (`Embedding(mask_zero=True)`, or a `Masking` layer)
and torch's `ignore_index` give the same mean, while zero sample weights
in Keras do not: they divide by every entry, masked ones included. For the
loss on the last step only, pass (β, V) logits and (β,) targets: both
frameworks then divide by β.

Derived on [Inputs, heads and losses over time](../losses.md).
"""

from __future__ import annotations

import numpy as np

from .checks import ShapeError, _fmt, as_array, compute_dtype
from .inputs import check_ids, one_hot

REDUCTIONS = ("keras", "torch", "sum", "none")


def softmax(logits, axis: int = -1) -> np.ndarray:
    r"""$p_v = e^{z_v - \max_u z_u} / \sum_u e^{z_u - \max_u z_u}$: the max is taken out so that $e^z$ never overflows.

    Examples
    --------
    >>> softmax(np.array([1000.0, 1000.0]))
    array([0.5, 0.5])
    """
    Z = np.asarray(logits, dtype=compute_dtype(logits))
    E = np.exp(Z - Z.max(axis=axis, keepdims=True))
    return E / E.sum(axis=axis, keepdims=True)


def log_softmax(logits, axis: int = -1) -> np.ndarray:
    r"""$\log p_v = z_v - \log\sum_u e^{z_u}$, computed without overflow.

    Examples
    --------
    >>> log_softmax(np.array([0.0, 0.0])).round(6)
    array([-0.693147, -0.693147])
    """
    Z = np.asarray(logits, dtype=compute_dtype(logits))
    shifted = Z - Z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def _check(logits, targets, mask, sample_weight, reduction):
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction is {reduction!r}, but it must be one of {', '.join(map(repr, REDUCTIONS))}.")
    Z = as_array("logits", logits, compute_dtype(logits))
    if Z.ndim < 1:
        raise ShapeError("logits is a scalar, but the equation needs (β, T, V) or (β, V): V scores per step.")
    y = np.asarray(targets)
    if y.shape != Z.shape[:-1]:
        raise ShapeError(f"targets has shape {_fmt(y.shape)}, but the equation needs logits.shape[:-1] = "
                         f"{_fmt(Z.shape[:-1])}: one id per step, for logits of shape {_fmt(Z.shape)}.")
    m = None
    if mask is not None:
        m = np.asarray(mask)
        if m.shape != y.shape:
            raise ShapeError(f"mask has shape {_fmt(m.shape)}, but the equation needs targets' shape "
                             f"{_fmt(y.shape)}: one True (keep) or False (masked) per step.")
        m = m.astype(bool)
        y = np.where(m, y, 0)                  # a masked target may be anything (torch's −100): never read
    y = check_ids(y, Z.shape[-1], "targets")
    w = None
    if sample_weight is not None:
        if reduction == "torch":
            raise ValueError("sample_weight is a Keras argument; torch's cross_entropy has per-class weights "
                             "only. Use reduction='keras' or 'sum', or a mask for ignore_index.")
        w = as_array("sample_weight", sample_weight, Z.dtype)
        if w.shape != y.shape:
            raise ShapeError(f"sample_weight has shape {_fmt(w.shape)}, but the equation needs targets' shape "
                             f"{_fmt(y.shape)}: one weight per step.")
    return Z, y, m, w


def reduction_weights(shape, *, mask=None, sample_weight=None, reduction="keras", dtype=np.float64) -> np.ndarray:
    r"""The $c_{i,t}$ of $L = \sum_{i,t} c_{i,t}\,\ell_{i,t}$ for each reduction (see the table above).

    Parameters
    ----------
    shape : tuple
        The targets' shape, (β, T) or (β,).
    mask : ndarray of bool, optional
        True keeps a step.
    sample_weight : ndarray, optional
        Keras's per-step weights.
    reduction : str
        `"keras"`, `"torch"`, `"sum"` or `"none"` (the weights of `"sum"`).

    Examples
    --------
    Two sequences of two steps, one step masked: Keras's mask and torch's
    `ignore_index` both divide by the three steps kept; zero sample weights
    in Keras divide by all four.

    >>> keep = np.array([[True, True], [True, False]])
    >>> reduction_weights((2, 2), mask=keep, reduction="keras")
    array([[0.33333333, 0.33333333],
           [0.33333333, 0.        ]])
    >>> reduction_weights((2, 2), mask=keep, reduction="torch")
    array([[0.33333333, 0.33333333],
           [0.33333333, 0.        ]])
    >>> reduction_weights((2, 2), sample_weight=keep, reduction="keras")
    array([[0.25, 0.25],
           [0.25, 0.  ]])
    """
    m = np.ones(shape, dtype) if mask is None else np.asarray(mask, bool).astype(dtype)
    w = np.ones(shape, dtype) if sample_weight is None else np.asarray(sample_weight, dtype)
    if reduction in ("sum", "none"):
        return m * w
    if reduction == "torch":
        with np.errstate(invalid="ignore"):
            return m / m.sum()                          # nan if every target is ignored, as in torch
    # Keras: values · sample_weight · mask · (total / valid), summed, over total.
    total = float(np.prod(shape))
    if mask is None:
        return w / total
    valid = m.sum()
    return w * m / valid if valid > 0 else np.zeros(shape, dtype)   # divide_no_nan: 0 for an all-masked batch


def cross_entropy(logits, targets, *, mask=None, sample_weight=None, reduction="keras"):
    r"""Softmax cross-entropy from logits, reduced over batch and time.

    $L = \sum_{i,t} c_{i,t}\,\big(\log\sum_u e^{z_{b,t,u}} - z_{b,t,y_{i,t}}\big)$,
    with $c$ from `reduction_weights`.

    Parameters
    ----------
    logits : ndarray of shape (β, T, V), or (β, V) for the last step only
    targets : ndarray of int, shape (β, T), or (β,)
        $y_{i,t}$; where `mask` is False the target is not read.
    mask : ndarray of bool, shape (β, T), optional
        True keeps a step: Keras's mask, or `targets != ignore_index` in torch.
    sample_weight : ndarray of shape (β, T), optional
        Keras only.
    reduction : {"keras", "torch", "sum", "none"}

    Returns
    -------
    float, or with `"none"` the ndarray (β, T) of $m\,w\,\ell$

    Examples
    --------
    Uniform logits over V = 4 characters cost $\log 4$ at every step:

    >>> round(cross_entropy(np.zeros((2, 3, 4)), np.zeros((2, 3), int)), 6), round(float(np.log(4)), 6)
    (1.386294, 1.386294)
    """
    Z, y, m, w = _check(logits, targets, mask, sample_weight, reduction)
    log_p = log_softmax(Z)                                             # (β, T, V)
    losses = -np.take_along_axis(log_p, y[..., None], axis=-1)[..., 0]  # ℓ_{i,t} = −log p_{y}: (β, T)
    c = reduction_weights(y.shape, mask=m, sample_weight=w, reduction=reduction, dtype=Z.dtype)
    losses = np.where(c != 0, losses, 0.0)                             # a masked step adds nothing, not 0·nan
    if reduction == "none":
        return c * losses
    return float(np.sum(c * losses))


def cross_entropy_backward(logits, targets, *, mask=None, sample_weight=None, reduction="keras") -> np.ndarray:
    r"""$\partial L/\partial Z_{i,t} = c_{i,t}\,(\operatorname{softmax}(\mathbf{z}_{i,t}) - \operatorname{onehot}(y_{i,t}))$.

    Parameters
    ----------
    logits, targets, mask, sample_weight
        As for `cross_entropy`.
    reduction : {"keras", "torch", "sum"}

    Returns
    -------
    ndarray of shape (β, T, V), or (β, V): shaped like `logits`

    Examples
    --------
    One step, V = 2, equal logits: $p = (\tfrac12, \tfrac12)$ and the target is 0, so the
    gradient is $(\tfrac12 - 1, \tfrac12)$:

    >>> cross_entropy_backward(np.zeros((1, 2)), [0])
    array([[-0.5,  0.5]])
    """
    if reduction == "none":
        raise ValueError("reduction='none' gives one loss per step, not one number: there is no single "
                         "gradient. Use 'sum' and weight the steps with sample_weight.")
    Z, y, m, w = _check(logits, targets, mask, sample_weight, reduction)
    c = reduction_weights(y.shape, mask=m, sample_weight=w, reduction=reduction, dtype=Z.dtype)
    dZ = softmax(Z) - one_hot(y, Z.shape[-1], Z.dtype)                 # softmax(z) − onehot(y): (β, T, V)
    return c[..., None] * dZ                                           # scaled by the reduction's c_{i,t}
