r"""The activation functions φ and σ, by their Keras 3 names.

Every recurrent layer applies an activation elementwise: φ to the candidate
state and σ to the gates. Keras lets you name one (`activation="tanh"`) or
pass any function. This file maps each Keras name to a numpy function, with
the formula beside it, so that `rnnmath` computes exactly what Keras 3
computes.

`hard_sigmoid` is Keras 3's $\mathrm{clip}(x/6 + 1/2, 0, 1)$, not the
Keras 2 $\mathrm{clip}(0.2x + 0.5, 0, 1)$.

Only elementwise activations are listed. `softmax`, `log_softmax`,
`sparsemax` and `glu` mix the units of a row, and `threshold` needs
arguments, so a name of theirs is an error rather than a silent guess.

Examples
--------
>>> import numpy as np
>>> phi = get("hard_sigmoid")
>>> phi(np.array([-4.0, 0.0, 1.5, 4.0]))
array([0.  , 0.5 , 0.75, 1.  ])
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

Activation = Callable[[np.ndarray], np.ndarray]

# Constants as Keras defines them (SELU: Klambauer et al., 2017).
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

_erf = np.vectorize(math.erf, otypes=[float])


def linear(x):
    """linear(x) = x."""
    return x


def tanh(x):
    """tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)."""
    return np.tanh(x)


def sigmoid(x):
    """sigmoid(x) = 1 / (1 + e⁻ˣ), computed as (1 + tanh(x/2)) / 2.

    The two are equal; the tanh form never overflows for large negative x.
    It runs once per gate per step, so it works in place on one new array.
    """
    s = np.tanh(0.5 * x)
    s += 1.0
    s *= 0.5
    return s


def hard_sigmoid(x):
    """hard_sigmoid(x) = clip(x/6 + 1/2, 0, 1), as Keras 3 defines it."""
    return np.clip(x / 6.0 + 0.5, 0.0, 1.0)


def relu(x):
    """relu(x) = max(x, 0)."""
    return np.maximum(x, 0.0)


def relu6(x):
    """relu6(x) = min(max(x, 0), 6)."""
    return np.clip(x, 0.0, 6.0)


def leaky_relu(x):
    """leaky_relu(x) = x if x > 0 else 0.2·x (Keras's default slope)."""
    return np.where(x > 0, x, 0.2 * x)


def elu(x):
    """elu(x) = x if x > 0 else eˣ − 1."""
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0.0)))


def selu(x):
    """selu(x) = scale · (x if x > 0 else α(eˣ − 1))."""
    return SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(np.minimum(x, 0.0)))


def celu(x):
    """celu(x) = x if x ≥ 0 else eˣ − 1 (α = 1)."""
    return np.where(x >= 0, x, np.expm1(np.minimum(x, 0.0)))


def softplus(x):
    """softplus(x) = log(1 + eˣ)."""
    return np.logaddexp(0.0, x)


def softsign(x):
    """softsign(x) = x / (|x| + 1)."""
    return x / (np.abs(x) + 1.0)


def silu(x):
    """silu(x) = swish(x) = x · sigmoid(x)."""
    return x * sigmoid(x)


def hard_silu(x):
    """hard_silu(x) = hard_swish(x) = x · relu6(x + 3) / 6."""
    return x * np.clip(x + 3.0, 0.0, 6.0) / 6.0


def gelu(x):
    """gelu(x) = x/2 · (1 + erf(x / √2)), the exact form (Keras's default)."""
    return (0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))).astype(np.result_type(x), copy=False)


def mish(x):
    """mish(x) = x · tanh(softplus(x))."""
    return x * np.tanh(softplus(x))


def exponential(x):
    """exponential(x) = eˣ."""
    return np.exp(x)


def log_sigmoid(x):
    """log_sigmoid(x) = −log(1 + e⁻ˣ)."""
    return -np.logaddexp(0.0, -x)


def hard_tanh(x):
    """hard_tanh(x) = clip(x, −1, 1)."""
    return np.clip(x, -1.0, 1.0)


def tanh_shrink(x):
    """tanh_shrink(x) = x − tanh(x)."""
    return x - np.tanh(x)


def soft_shrink(x):
    """soft_shrink(x) = x − 0.5 if x > 0.5, x + 0.5 if x < −0.5, else 0."""
    return np.where(x > 0.5, x - 0.5, np.where(x < -0.5, x + 0.5, 0.0))


def hard_shrink(x):
    """hard_shrink(x) = x if |x| > 0.5 else 0."""
    return np.where(np.abs(x) > 0.5, x, 0.0)


def sparse_plus(x):
    """sparse_plus(x) = 0 if x ≤ −1, (x + 1)²/4 if −1 < x < 1, x if x ≥ 1."""
    return np.where(x <= -1, 0.0, np.where(x >= 1, x, 0.25 * (x + 1.0) ** 2))


def sparse_sigmoid(x):
    """sparse_sigmoid(x) = clip((x + 1)/2, 0, 1)."""
    return np.clip(0.5 * (x + 1.0), 0.0, 1.0)


def squareplus(x):
    """squareplus(x) = (x + √(x² + 4)) / 2 (b = 4)."""
    return 0.5 * (x + np.sqrt(x * x + 4.0))


KERAS_ACTIVATIONS: dict[str, Activation] = {
    "linear": linear,
    "tanh": tanh,
    "sigmoid": sigmoid,
    "hard_sigmoid": hard_sigmoid,
    "relu": relu,
    "relu6": relu6,
    "leaky_relu": leaky_relu,
    "elu": elu,
    "selu": selu,
    "celu": celu,
    "softplus": softplus,
    "softsign": softsign,
    "silu": silu,
    "swish": silu,
    "hard_silu": hard_silu,
    "hard_swish": hard_silu,
    "gelu": gelu,
    "mish": mish,
    "exponential": exponential,
    "log_sigmoid": log_sigmoid,
    "hard_tanh": hard_tanh,
    "tanh_shrink": tanh_shrink,
    "soft_shrink": soft_shrink,
    "hard_shrink": hard_shrink,
    "sparse_plus": sparse_plus,
    "sparse_sigmoid": sparse_sigmoid,
    "squareplus": squareplus,
}
"""Every Keras 3 elementwise activation, by the name Keras serialises it under."""

_NOT_ELEMENTWISE = {"softmax", "log_softmax", "sparsemax", "glu", "threshold"}


def get(activation: str | Activation | None, name: str = "activation") -> Activation:
    """The numpy function for a Keras activation name, `None`, or a callable.

    `None` means linear, as in Keras. A callable of your own must take a
    numpy array and return one shaped like it; what it returns is checked
    at every call, and an error names the argument, `name`.

    Examples
    --------
    >>> get("tanh") is tanh
    True
    >>> get(None)(3.0)
    3.0
    >>> get("tahn")
    Traceback (most recent call last):
    ...
    ValueError: Unknown activation 'tahn'. Did you mean 'tanh'? Known names: celu, elu, ...
    """
    if activation is None:
        return linear
    if callable(activation):
        if any(activation is known for known in KERAS_ACTIVATIONS.values()):
            return activation
        return _checked(activation, name)
    if isinstance(activation, str):
        if activation in KERAS_ACTIVATIONS:
            return KERAS_ACTIVATIONS[activation]
        if activation in _NOT_ELEMENTWISE:
            raise ValueError(
                f"Activation {activation!r} is not elementwise (or needs arguments); "
                "rnnmath implements Keras's elementwise activations only. "
                "Pass a numpy function instead if you need it."
            )
        raise ValueError(_unknown_name_message(activation))
    raise TypeError(
        f"{name} must be a Keras activation name, None or a callable; got {activation!r}"
    )


def _checked(function, name: str) -> Activation:
    """`function`, with what it returns checked: one real number per entry of its input."""
    from .checks import check_activation_output

    def checked(A):
        try:
            output = function(A)
        except (TypeError, ValueError) as error:
            label = getattr(function, "__name__", type(function).__name__)
            raise type(error)(f"{name} {label} raised {type(error).__name__}: {error}") from error
        return check_activation_output(name, function, A, output)

    checked.__name__ = getattr(function, "__name__", "activation")
    return checked


def _unknown_name_message(name: str) -> str:
    import difflib

    names = sorted(KERAS_ACTIVATIONS)
    close = difflib.get_close_matches(name, names, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return f"Unknown activation {name!r}.{hint} Known names: {', '.join(names)}."
