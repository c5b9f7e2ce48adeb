r"""Gradient clipping: Keras's `clipnorm` and `global_clipnorm`, and torch's `clip_grad_norm_`.

Clipping rescales a gradient that is too long, keeping its direction. The
three rules differ in what they measure and in their small constants, read
from `keras/src/optimizers/base_optimizer.py` (and `tf.clip_by_norm`,
which Keras's TensorFlow backend calls) and `torch/nn/utils/clip_grad.py`.
With $\lambda$ the threshold, $\|g_\theta\|$ the Euclidean norm of all the
entries of weight $\theta$'s gradient, and
$\|g\|_{\text{all}} = \sqrt{\sum_\theta \|g_\theta\|^2}$ the norm of them all at once:

| rule | each gradient $g_\theta$ becomes |
| --- | --- |
| Keras `clipnorm` (each array alone) | $g_\theta\,\lambda \,/\, \max(\|g_\theta\|, \lambda)$ |
| Keras `global_clipnorm` | $g_\theta \cdot \lambda\,\min(1/\|g\|_{\text{all}}, 1/\lambda)$ |
| torch `clip_grad_norm_` | $g_\theta \cdot \min\!\big(1,\; \lambda \,/\, (\|g\|_{\text{all}} + 10^{-6})\big)$ |

Keras's global rule gives a norm of exactly $\lambda$ (to rounding);
torch's a norm of
$\lambda\,\|g\|_{\text{all}}/(\|g\|_{\text{all}} + 10^{-6})$, a relative $10^{-6}/\|g\|_{\text{all}}$ short, and it scales
(slightly) even a gradient whose norm is just under $\lambda$. Keras's
`clipnorm` clips each weight array separately, so it changes the
gradient's direction.

For the embedding's gradient as TensorFlow hands it to Keras (one row per
occurrence, `rnnmath.inputs.IndexedRows`), Keras's norms are taken over
the rows *before* they are added: an id used twice counts the squares of
its two rows, not the square of their sum. `clipnorm` hands the rows on as
rows (`tf.clip_by_norm` keeps the slices); `global_clipnorm` hands on a
dense array (multiplying the slices by the scale adds them up).

Derived on [Optimizers and clipping](../optimizers.md).
"""

from __future__ import annotations

import numpy as np

from .inputs import IndexedRows


def _sum_of_squares(g) -> float:
    r"""$\|g_\theta\|^2$ as Keras computes it: for `IndexedRows`, over the rows before they are added."""
    return g.sum_of_squares() if isinstance(g, IndexedRows) else float(np.sum(np.square(g)))


def global_norm(grads: dict) -> float:
    r"""$\|g\|_{\text{all}} = \sqrt{\sum_\theta \|g_\theta\|^2}$: the norm of every gradient entry at once (Keras's, for `IndexedRows`).

    Examples
    --------
    >>> global_norm({"a": np.array([3.0]), "b": np.array([[4.0]])})
    5.0
    """
    return float(np.sqrt(np.sum([_sum_of_squares(g) for g in grads.values()])))


def clip_by_norm_keras(grads: dict, clipnorm: float) -> dict:
    r"""Keras's `clipnorm`: each array $g_\theta \mapsto g_\theta\,\lambda/\max(\|g_\theta\|, \lambda)$, alone.

    Parameters
    ----------
    grads : dict of ndarray
    clipnorm : float
        The threshold $\lambda > 0$.

    Returns
    -------
    dict of ndarray, shaped like `grads`

    Examples
    --------
    >>> clipped = clip_by_norm_keras({"a": np.array([3.0, 4.0]), "b": np.array([0.1])}, 1.0)
    >>> clipped["a"], clipped["b"]                # a (norm 5) is cut to norm 1; b is left alone
    (array([0.6, 0.8]), array([0.1]))
    """
    out = {}
    for name, g in grads.items():
        l2norm = np.sqrt(_sum_of_squares(g))                         # ‖g_θ‖ (0 for an all-zero g_θ)
        out[name] = g * clipnorm / np.maximum(l2norm, clipnorm)      # g_θ λ / max(‖g_θ‖, λ)
    return out


def clip_by_global_norm_keras(grads: dict, clipnorm: float) -> dict:
    r"""Keras's `global_clipnorm`: every $g_\theta \mapsto g_\theta \cdot \lambda\,\min(1/\|g\|_{\text{all}}, 1/\lambda)$.

    $\lambda\,\min(1/\|g\|_{\text{all}}, 1/\lambda)$ is $\lambda/\|g\|_{\text{all}}$ when $\|g\|_{\text{all}} > \lambda$ and
    $\lambda \cdot (1/\lambda)$, one to rounding, otherwise. An infinite or nan
    $\|g\|_{\text{all}}$ makes every gradient nan.

    Examples
    --------
    >>> clipped = clip_by_global_norm_keras({"a": np.array([3.0]), "b": np.array([4.0])}, 1.0)
    >>> clipped["a"], clipped["b"]
    (array([0.6]), array([0.8]))
    """
    N = global_norm(grads)
    with np.errstate(divide="ignore"):
        scale = clipnorm * min(1.0 / N if N else np.inf, 1.0 / clipnorm)   # λ·min(1/‖g‖_all, 1/λ)
    scale = scale + (N - N)                                           # nan for an infinite N, as Keras
    # `v * scale` turns TensorFlow's slices into a dense array: the rows are added up here.
    return {name: (g.dense() if isinstance(g, IndexedRows) else g) * scale for name, g in grads.items()}


def clip_grad_norm_torch(grads: dict, max_norm: float) -> tuple[dict, float]:
    r"""Torch's `clip_grad_norm_`: every $g_\theta \mapsto g_\theta \cdot \min(1, \lambda/(\|g\|_{\text{all}} + 10^{-6}))$.

    Returns the clipped gradients and $\|g\|_{\text{all}}$, the total norm before
    clipping (what torch returns). Torch computes it as the norm of the
    vector of the arrays' norms $\|g_\theta\|$, which is the same number.

    Examples
    --------
    >>> clipped, N = clip_grad_norm_torch({"a": np.array([3.0]), "b": np.array([4.0])}, 1.0)
    >>> N, clipped["a"], clipped["b"]               # λ/(‖g‖_all + 10⁻⁶), a hair under 1/5
    (5.0, array([0.59999988]), array([0.79999984]))
    """
    grads = {name: g.dense() if isinstance(g, IndexedRows) else g for name, g in grads.items()}   # torch's are dense
    norms = [np.sqrt(np.sum(np.square(g))) for g in grads.values()]  # ‖g_θ‖
    N = float(np.sqrt(np.sum(np.square(norms))))                     # the norm of the norms
    coef = min(max_norm / (N + 1e-6), 1.0)                           # clamp(λ / (‖g‖_all + 1e−6), max=1)
    return {name: g * coef for name, g in grads.items()}, N
