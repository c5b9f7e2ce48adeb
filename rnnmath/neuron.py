r"""One recurrent neuron, with scalars only.

A recurrent neuron sees the input $x_t$ and its own previous output
$y_{t-1}$:

$$
y_t = \phi(w_x x_t + w_y y_{t-1} + b), \qquad y_0 = 0.
$$

With n input features per step, $x_t$ and $w_x$ are vectors of
length n and $w_x x_t$ is their dot product; $w_y$, $b$
and $y_t$ stay scalars. Keras's `SimpleRNN(units=1)` is this neuron:
its `kernel` is $w_x$ as an (n, 1) matrix, its `recurrent_kernel`
is $w_y$ as a (1, 1) matrix and its `bias` is $b$ as a
(1,) vector.

Training needs the other direction: how a loss changes with $w_x$,
$w_y$ and $b$. [`neuron_backward`][rnnmath.neuron.neuron_backward] computes it one step at a
time, from the last step back to the first.

Pages: [The recurrent neuron](../neuron.md) and [Backpropagation through time, one neuron](../bptt.md).
"""

from __future__ import annotations

import numpy as np

from . import activations, derivatives
from .checks import ShapeError, as_array, format_shape, numbers


def neuron_step(x_t, y_prev, w_x, w_y, b=0.0, *, activation="tanh") -> float:
    r"""One step of one neuron: $y_t = \phi(w_x x_t + w_y y_{t-1} + b)$.

    Parameters
    ----------
    x_t : float, or ndarray of shape (n,)
        The input at step t.
    y_prev : float
        The neuron's output at step t − 1 (0 before the first step).
    w_x : float, or ndarray of shape (n,)
        The input weight(s); Keras's `kernel[:, 0]`.
    w_y : float
        The recurrent weight; Keras's `recurrent_kernel[0, 0]`.
    b : float
        The bias; Keras's `bias[0]`.
    activation : str, callable or None
        φ, by its Keras name. `"linear"` or None leaves the sum as it is.

    Returns
    -------
    float
        $y_t$.

    Examples
    --------
    Seed 003's last step: y_2 = 6, then x_3 = 7 with w_x = w_y = 1.

    >>> neuron_step(7.0, 6.0, w_x=1.0, w_y=1.0, activation="linear")
    13.0
    >>> round(neuron_step(1.0, 0.0, w_x=0.5, w_y=2.0, b=0.1), 6)   # tanh(0.6)
    0.53705
    """
    w_x, x_t = as_array("w_x", w_x, float), as_array("x_t", x_t, float)
    if w_x.shape != x_t.shape or w_x.ndim > 1:
        raise ShapeError(
            f"w_x has shape {format_shape(w_x.shape)} and x_t has shape {format_shape(x_t.shape)}; the dot product "
            "w_x · x_t needs two numbers or two vectors of the same length n."
        )
    for name, value in (("y_prev", y_prev), ("w_y", w_y), ("b", b)):
        if numbers(name, value).ndim != 0:
            raise ShapeError(f"{name} must be a scalar for one neuron, shape (); got shape "
                             f"{format_shape(np.shape(value))}.")
    phi = activations.get(activation)
    # y_t = φ(w_x · x_t + w_y y_{t−1} + b)
    return float(phi(np.dot(w_x, x_t) + w_y * y_prev + b))


def unroll_neuron(xs, w_x, w_y, b=0.0, *, activation="tanh", y_0=0.0) -> np.ndarray:
    r"""Run one neuron over a whole sequence: every $y_1, \dots, y_T$.

    Unrolling the recursion is just calling [`neuron_step`][rnnmath.neuron.neuron_step] once per
    step, feeding each output back in as the next `y_prev`.

    Parameters
    ----------
    xs : ndarray of shape (T,), or (T, n)
        The inputs $x_1, \dots, x_T$.
    w_x, w_y, b, activation
        As in [`neuron_step`][rnnmath.neuron.neuron_step].
    y_0 : float
        The output before the first step; Keras starts from 0.

    Returns
    -------
    ndarray of shape (T,)
        $y_1, \dots, y_T$. Keras's `SimpleRNN(1)` returns the last
        one, or all of them with `return_sequences=True`.

    Examples
    --------
    Seed 003, Part A: inputs 3, 3, 7 with w_x = 1 and linear activation.

    >>> unroll_neuron([3, 3, 7], w_x=1, w_y=1, activation="linear")
    array([ 3.,  6., 13.])
    >>> unroll_neuron([3, 3, 7], w_x=1, w_y=3, activation="linear")
    array([ 3., 12., 43.])
    >>> float(unroll_neuron([3, 3, 7], w_x=1, w_y=0.5, activation="linear")[-1])
    9.25
    """
    xs = _check_xs(xs, w_x)
    ys = np.empty(xs.shape[0])
    y = y_0
    for t, x_t in enumerate(xs):
        y = neuron_step(x_t, y, w_x, w_y, b, activation=activation)
        ys[t] = y
    return ys


def _check_xs(xs, w_x) -> np.ndarray:
    """The inputs as (T,) or (T, n), T ≥ 1, with n the length of `w_x`."""
    xs = as_array("xs", xs, float)
    if xs.ndim not in (1, 2) or xs.shape[0] == 0:
        raise ValueError(f"xs has shape {xs.shape}, but one neuron needs (T,) or (T, n) with T ≥ 1.")
    w_shape = as_array("w_x", w_x, float).shape
    if w_shape != xs.shape[1:]:
        raise ValueError(
            f"xs has shape {xs.shape} and w_x has shape {w_shape}: inputs of shape (T,) need a number w_x, "
            "and inputs of shape (T, n) need a vector w_x of length n."
        )
    return xs


def neuron_backward(xs, w_x, w_y, b=0.0, *, output_gradients, activation="tanh", y_0=0.0) -> dict:
    r"""Backpropagation through time for one neuron: the gradient of L, step by step backwards.

    With the pre-activation $a_t = w_x x_t + w_y y_{t-1} + b$ and
    $e_t$ what L says about $y_t$ directly, the recursion runs
    from t = T down to 1:

    $$
    \delta_t = (e_t + w_y\,\delta_{t+1})\,\phi'(a_t), \qquad \delta_{T+1} = 0,
    $$

    and each weight collects one term per step:
    $\mathrm{d}L/\mathrm{d} w_x = \sum_t \delta_t x_t$,
    $\mathrm{d}L/\mathrm{d} w_y = \sum_t \delta_t y_{t-1}$,
    $\mathrm{d}L/\mathrm{d} b = \sum_t \delta_t$.

    Parameters
    ----------
    xs, w_x, w_y, b, activation, y_0
        As in [`unroll_neuron`][rnnmath.neuron.unroll_neuron].
        `activation` must be a Keras name, so that φ' is known.
    output_gradients : ndarray of shape (T,)
        $e_1, \dots, e_T$. For L = y_T, that is 0, …, 0, 1.

    Returns
    -------
    dict
        `"w_x"` (a float, or (n,) for vector inputs), `"w_y"`, `"b"`,
        `"y_0"`, `"xs"` (shaped like `xs`): the gradient of L with
        respect to each; and `"delta"` (T,), every $\delta_t$.

    Examples
    --------
    The page's worked example: a linear neuron with w_x = 2, w_y = 0.5,
    b = 1 on the inputs 1, 2, −1, and L = y_3. Then y = 3, 6.5, 2.25 and
    δ = 0.25, 0.5, 1, so dL/dw_y = 0.25·0 + 0.5·3 + 1·6.5 = 8.

    >>> g = neuron_backward([1.0, 2.0, -1.0], 2.0, 0.5, 1.0, output_gradients=[0, 0, 1], activation="linear")
    >>> g["delta"], g["w_x"], g["w_y"], g["b"]
    (array([0.25, 0.5 , 1.  ]), 0.25, 8.0, 1.75)
    """
    xs = _check_xs(xs, w_x)
    e = as_array("output_gradients", output_gradients, float)
    if e.shape != xs.shape[:1]:
        raise ShapeError(f"output_gradients has shape {format_shape(e.shape)}, but one neuron needs "
                         f"(T,) = {format_shape(xs.shape[:1])}: one e_t per step.")
    dphi = derivatives.get(activation)
    ys = unroll_neuron(xs, w_x, w_y, b, activation=activation, y_0=y_0)
    y_prev = np.concatenate([[y_0], ys[:-1]])                       # y_{t−1} for t = 1 … T
    a = np.array([np.dot(w_x, x_t) for x_t in xs]) + w_y * y_prev + b  # a_t, the sum inside φ
    T = len(xs)
    delta = np.zeros(T)
    delta_next = 0.0                                                # δ_{T+1} = 0
    for t in reversed(range(T)):
        delta[t] = (e[t] + w_y * delta_next) * float(dphi(np.array(a[t])))  # δ_t = (e_t + w_y δ_{t+1}) φ′(a_t)
        delta_next = delta[t]
    grad_w_x = (delta[:, None] * xs.reshape(T, -1)).sum(axis=0)    # Σ_t δ_t x_t
    return {
        "w_x": float(grad_w_x[0]) if xs.ndim == 1 else grad_w_x,
        "w_y": float(delta @ y_prev),                               # Σ_t δ_t y_{t−1}
        "b": float(delta.sum()),                                    # Σ_t δ_t
        "y_0": float(w_y * delta[0]),                               # y_0 enters a_1 with weight w_y
        "xs": np.multiply.outer(delta, np.asarray(w_x, dtype=float)),  # dL/dx_t = δ_t w_x
        "delta": delta,
    }
