r"""The derivatives φ′ of the activations, by their Keras 3 names.

Backpropagation through time needs the slope of the activation at the
pre-activation $A_t$ of every step: the gradient flowing back into
step t is multiplied elementwise by $\phi'(A_t)$,

$$
\delta_t = \Big(E_t + \delta_{t+1} W_y^\top\Big) \odot \phi'(A_t),
$$

so a φ′ below 1 at every step shrinks the gradient geometrically, and a φ′
of exactly 0 (relu of a negative number) stops it. This file gives φ′ for
every activation of `activations.py`, as a function of the
pre-activation x, with the formula beside it.

**Kinks.** Some activations have a corner: relu's slope jumps from 0 to 1
at x = 0, so φ′(0) does not exist. `KINKS` lists those points. A program
still has to return a number there, and this file returns the one
TensorFlow's gradient returns (checked with `tf.GradientTape` in
float64), so that `rnnmath` and Keras agree even on a kink:

| activation | kinks | φ′ at the kink, as TensorFlow computes it |
| --- | --- | --- |
| `relu` | 0 | 0 |
| `relu6` | 0, 6 | 0 at both |
| `hard_sigmoid` | −3, 3 | 0 at both |
| `leaky_relu` | 0 | 0.2 (the slope on the left) |
| `selu` | 0 | scale (the slope on the right) |
| `hard_silu` | −3, 3 | 0 at −3, 1 at 3 (the slopes outside) |
| `hard_tanh` | −1, 1 | 1 at both (the slope inside) |
| `soft_shrink` | −0.5, 0.5 | 0 at both (the slope inside) |
| `hard_shrink` | −0.5, 0.5 | 0 at both (the slope inside) |
| `sparse_sigmoid` | −1, 1 | 0 at both (the slope outside) |

There is no single rule (not "always the left slope", not "always 0"): each
value follows from how TensorFlow writes the function (`x > 0` or
`x >= 0`, `relu6` or `clip`). `elu`, `celu`, `sparse_plus` and
`softsign` change formula at a point too, but their slopes agree on both
sides, so φ′ is continuous and there is no kink.

One disagreement: for `celu` TensorFlow returns φ′(0) = 2, not 1. Keras
writes celu as `max(x, 0) + expm1(min(x, 0))`, and at x = 0 the gradient
of `max` and the gradient of `min` each send the whole slope to x, so it
is counted twice. The true slope there is 1 from both sides, and `d_celu`
returns 1.

Away from kinks, the values agree with TensorFlow's up to rounding (relative
differences below 1e-12 in float64), with two small exceptions in float64: TensorFlow rounds leaky_relu's slope 0.2 and the
1/√2 inside the exact gelu to float32, while this file (like
`activations.py`) uses the true constants, so those two agree only to
about 1e-8.

Every function keeps the dtype of a floating input (float32 in, float32
out) and avoids overflow: exponentials are only ever taken of numbers ≤ 0.
The exception is `d_exponential`, which is eˣ itself and overflows exactly
where `exponential` does, beyond x ≈ 709 in float64.

Examples
--------
>>> import numpy as np
>>> d_tanh(np.array([0.0, 1.0]))
array([1.        , 0.41997434])
>>> get("relu")(np.array([-2.0, 0.0, 3.0]))
array([0., 0., 1.])
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from . import activations
from .activations import SELU_ALPHA, SELU_SCALE, sigmoid, softplus

Derivative = Callable[[np.ndarray], np.ndarray]


def _float_dtype(x):
    """The floating dtype of x: float32 stays float32, ints and Python floats give float64."""
    return np.result_type(x, 1.0)


def _where(condition, if_true, if_false, x):
    """`np.where(condition, if_true, if_false)` in x's dtype (np.where alone would give float64)."""
    return np.where(condition, if_true, if_false).astype(_float_dtype(x), copy=False)


_erfc = np.vectorize(math.erfc, otypes=[float])


def d_linear(x):
    """linear′(x) = 1."""
    return np.ones_like(x, dtype=_float_dtype(x))


def d_tanh(x):
    """tanh′(x) = 1 − tanh²(x)."""
    t = np.tanh(x)
    return 1.0 - t * t


def d_sigmoid(x):
    """sigmoid′(x) = sigmoid(x) · (1 − sigmoid(x))."""
    s = sigmoid(x)
    return s * (1.0 - s)


def d_hard_sigmoid(x):
    """hard_sigmoid′(x) = 1/6 if −3 < x < 3 else 0."""
    return _where((x > -3.0) & (x < 3.0), 1.0 / 6.0, 0.0, x)


def d_relu(x):
    """relu′(x) = 1 if x > 0 else 0."""
    return _where(x > 0, 1.0, 0.0, x)


def d_relu6(x):
    """relu6′(x) = 1 if 0 < x < 6 else 0."""
    return _where((x > 0) & (x < 6.0), 1.0, 0.0, x)


def d_leaky_relu(x):
    """leaky_relu′(x) = 1 if x > 0 else 0.2."""
    return _where(x > 0, 1.0, 0.2, x)


def d_elu(x):
    """elu′(x) = 1 if x > 0 else eˣ."""
    return _where(x > 0, 1.0, np.exp(np.minimum(x, 0.0)), x)


def d_selu(x):
    """selu′(x) = scale · (1 if x ≥ 0 else α·eˣ)."""
    # x ≥ 0, not x > 0: TensorFlow gives the right-hand slope, scale, at 0.
    return _where(x >= 0, SELU_SCALE, SELU_SCALE * SELU_ALPHA * np.exp(np.minimum(x, 0.0)), x)


def d_celu(x):
    """celu′(x) = 1 if x ≥ 0 else eˣ (α = 1)."""
    return _where(x >= 0, 1.0, np.exp(np.minimum(x, 0.0)), x)


def d_softplus(x):
    """softplus′(x) = sigmoid(x)."""
    return sigmoid(x)


def d_softsign(x):
    """softsign′(x) = 1 / (1 + |x|)²."""
    return 1.0 / (1.0 + np.abs(x)) ** 2


def d_silu(x):
    """silu′(x) = sigmoid(x) · (1 + x · (1 − sigmoid(x)))."""
    s = sigmoid(x)
    return s * (1.0 + x * (1.0 - s))


def d_hard_silu(x):
    """hard_silu′(x) = 0 if x ≤ −3, (2x + 3)/6 if −3 < x < 3, 1 if x ≥ 3."""
    return _where(x <= -3.0, 0.0, np.where(x >= 3.0, 1.0, (2.0 * x + 3.0) / 6.0), x)


def d_gelu(x):
    """gelu′(x) = Φ(x) + x · e^(−x²/2) / √(2π), Φ the normal CDF (exact form)."""
    # Φ(x) = erfc(−x/√2) / 2 is the same as (1 + erf(x/√2)) / 2, but keeps
    # its digits for very negative x, where 1 + erf(…) would cancel.
    cdf = 0.5 * _erfc(-np.asarray(x, dtype=float) / math.sqrt(2.0))
    pdf = np.exp(-0.5 * np.square(x)) / math.sqrt(2.0 * math.pi)
    return (cdf + x * pdf).astype(_float_dtype(x), copy=False)


def d_mish(x):
    """mish′(x) = tanh(softplus(x)) + x · (1 − tanh²(softplus(x))) · sigmoid(x)."""
    t = np.tanh(softplus(x))
    return t + x * (1.0 - t * t) * sigmoid(x)


def d_exponential(x):
    """exponential′(x) = eˣ."""
    return np.exp(x)


def d_log_sigmoid(x):
    """log_sigmoid′(x) = 1 − sigmoid(x) = sigmoid(−x)."""
    return sigmoid(-x)


def d_hard_tanh(x):
    """hard_tanh′(x) = 1 if −1 ≤ x ≤ 1 else 0."""
    # ≤, not <: TensorFlow's clip passes the gradient through at ±1.
    return _where(np.abs(x) <= 1.0, 1.0, 0.0, x)


def d_tanh_shrink(x):
    """tanh_shrink′(x) = tanh²(x)."""
    t = np.tanh(x)
    return t * t


def d_soft_shrink(x):
    """soft_shrink′(x) = 1 if |x| > 0.5 else 0."""
    return _where(np.abs(x) > 0.5, 1.0, 0.0, x)


def d_hard_shrink(x):
    """hard_shrink′(x) = 1 if |x| > 0.5 else 0 (hard_shrink itself jumps at ±0.5)."""
    return _where(np.abs(x) > 0.5, 1.0, 0.0, x)


def d_sparse_plus(x):
    """sparse_plus′(x) = 0 if x ≤ −1, (x + 1)/2 if −1 < x < 1, 1 if x ≥ 1."""
    return _where(x <= -1.0, 0.0, np.where(x >= 1.0, 1.0, 0.5 * (x + 1.0)), x)


def d_sparse_sigmoid(x):
    """sparse_sigmoid′(x) = 1/2 if −1 < x < 1 else 0."""
    return _where(np.abs(x) < 1.0, 0.5, 0.0, x)


def d_squareplus(x):
    """squareplus′(x) = (1 + x / √(x² + 4)) / 2."""
    return 0.5 * (1.0 + x / np.sqrt(x * x + 4.0))


DERIVATIVES: dict[str, Derivative] = {
    "linear": d_linear,
    "tanh": d_tanh,
    "sigmoid": d_sigmoid,
    "hard_sigmoid": d_hard_sigmoid,
    "relu": d_relu,
    "relu6": d_relu6,
    "leaky_relu": d_leaky_relu,
    "elu": d_elu,
    "selu": d_selu,
    "celu": d_celu,
    "softplus": d_softplus,
    "softsign": d_softsign,
    "silu": d_silu,
    "swish": d_silu,
    "hard_silu": d_hard_silu,
    "hard_swish": d_hard_silu,
    "gelu": d_gelu,
    "mish": d_mish,
    "exponential": d_exponential,
    "log_sigmoid": d_log_sigmoid,
    "hard_tanh": d_hard_tanh,
    "tanh_shrink": d_tanh_shrink,
    "soft_shrink": d_soft_shrink,
    "hard_shrink": d_hard_shrink,
    "sparse_plus": d_sparse_plus,
    "sparse_sigmoid": d_sparse_sigmoid,
    "squareplus": d_squareplus,
}
"""φ′ for every name of `activations.KERAS_ACTIVATIONS`, aliases included."""

KINKS: dict[str, tuple[float, ...]] = {
    "hard_sigmoid": (-3.0, 3.0),
    "relu": (0.0,),
    "relu6": (0.0, 6.0),
    "leaky_relu": (0.0,),
    "selu": (0.0,),
    "hard_silu": (-3.0, 3.0),
    "hard_swish": (-3.0, 3.0),
    "hard_tanh": (-1.0, 1.0),
    "soft_shrink": (-0.5, 0.5),
    "hard_shrink": (-0.5, 0.5),
    "sparse_sigmoid": (-1.0, 1.0),
}
"""The points where φ′ jumps (for hard_shrink, where φ itself jumps).

A finite difference (φ(x + h) − φ(x − h)) / 2h that straddles such a point
mixes the two slopes and measures neither, so the tests keep the
pre-activations at least 1e-3 away from these points. At the points
themselves φ′ is TensorFlow's convention (see the table above).
Activations not listed have a continuous φ′ everywhere.
"""


def get(activation: str | None, name: str = "activation") -> Derivative:
    """φ′ for a Keras activation name, or for `None` (which means linear).

    Examples
    --------
    >>> get("tanh") is d_tanh
    True
    >>> get(None)(np.array([5.0]))
    array([1.])

    A function cannot be differentiated by looking it up, so only names work:

    >>> get(np.tanh)
    Traceback (most recent call last):
    ...
    ValueError: rnnmath cannot differentiate an arbitrary function ... Keras activation names instead, e.g. 'tanh'.

    Unknown and non-elementwise names give the errors of `activations.get`:

    >>> get("tahn")
    Traceback (most recent call last):
    ...
    ValueError: Unknown activation 'tahn'. Did you mean 'tanh'? Known names: celu, elu, ...
    """
    if activation is None:
        return d_linear
    if callable(activation):
        function_name = getattr(activation, "__name__", None)
        example = function_name if function_name in DERIVATIVES else "tanh"
        raise ValueError(
            f"rnnmath cannot differentiate an arbitrary function (got {name}={activation!r}). "
            f"Pass one of the Keras activation names instead, e.g. {example!r}."
        )
    activations.get(activation, name)  # raises the right error for a bad name or type
    return DERIVATIVES[activation]
