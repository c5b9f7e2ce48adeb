r"""One recurrent neuron, with scalars only.

A recurrent neuron sees the input :math:`x_t` and its own previous output
:math:`y_{t-1}`:

.. math:: y_t = \phi(w_x x_t + w_y y_{t-1} + b), \qquad y_0 = 0.

With n input features per step, :math:`x_t` and :math:`w_x` are vectors of
length n and :math:`w_x x_t` is their dot product; :math:`w_y`, :math:`b`
and :math:`y_t` stay scalars. Keras's ``SimpleRNN(units=1)`` is this neuron:
its ``kernel`` is :math:`w_x` as an (n, 1) matrix, its ``recurrent_kernel``
is :math:`w_y` as a (1, 1) matrix and its ``bias`` is :math:`b` as a
(1,) vector.

Page: "The recurrent neuron".
"""

from __future__ import annotations

import numpy as np

from . import activations


def neuron_step(x_t, y_prev, w_x, w_y, b=0.0, *, activation="tanh") -> float:
    r"""One step of one neuron: :math:`y_t = \phi(w_x x_t + w_y y_{t-1} + b)`.

    Parameters
    ----------
    x_t : float, or ndarray of shape (n,)
        The input at step t.
    y_prev : float
        The neuron's output at step t − 1 (0 before the first step).
    w_x : float, or ndarray of shape (n,)
        The input weight(s); Keras's ``kernel[:, 0]``.
    w_y : float
        The recurrent weight; Keras's ``recurrent_kernel[0, 0]``.
    b : float
        The bias; Keras's ``bias[0]``.
    activation : str, callable or None
        φ, by its Keras name. ``"linear"`` or None leaves the sum as it is.

    Returns
    -------
    float
        :math:`y_t`.

    Examples
    --------
    Seed 003's last step: y_2 = 6, then x_3 = 7 with w_x = w_y = 1.

    >>> neuron_step(7.0, 6.0, w_x=1.0, w_y=1.0, activation="linear")
    13.0
    >>> round(neuron_step(1.0, 0.0, w_x=0.5, w_y=2.0, b=0.1), 6)   # tanh(0.6)
    0.53705
    """
    w_x, x_t = np.asarray(w_x, dtype=float), np.asarray(x_t, dtype=float)
    if w_x.shape != x_t.shape or w_x.ndim > 1:
        raise ValueError(
            f"w_x has shape {w_x.shape} and x_t has shape {x_t.shape}; the dot product "
            "w_x · x_t needs two numbers or two vectors of the same length n."
        )
    for name, value in (("y_prev", y_prev), ("w_y", w_y), ("b", b)):
        if np.ndim(value) != 0:
            raise ValueError(f"{name} must be a scalar for one neuron; got shape {np.shape(value)}.")
    phi = activations.get(activation)
    # y_t = φ(w_x · x_t + w_y y_{t−1} + b)
    return float(phi(np.dot(w_x, x_t) + w_y * y_prev + b))


def unroll_neuron(xs, w_x, w_y, b=0.0, *, activation="tanh", y_0=0.0) -> np.ndarray:
    r"""Run one neuron over a whole sequence: every :math:`y_1, \dots, y_T`.

    Unrolling the recursion is just calling :func:`neuron_step` once per
    step, feeding each output back in as the next ``y_prev``.

    Parameters
    ----------
    xs : ndarray of shape (T,), or (T, n)
        The inputs :math:`x_1, \dots, x_T`.
    w_x, w_y, b, activation : as in :func:`neuron_step`.
    y_0 : float
        The output before the first step; Keras starts from 0.

    Returns
    -------
    ndarray of shape (T,)
        :math:`y_1, \dots, y_T`. Keras's ``SimpleRNN(1)`` returns the last
        one, or all of them with ``return_sequences=True``.

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
    xs = np.asarray(xs, dtype=float)
    if xs.ndim not in (1, 2) or xs.shape[0] == 0:
        raise ValueError(f"xs has shape {xs.shape}, but one neuron needs (T,) or (T, n) with T ≥ 1.")
    ys = np.empty(xs.shape[0])
    y = y_0
    for t, x_t in enumerate(xs):
        y = neuron_step(x_t, y, w_x, w_y, b, activation=activation)
        ys[t] = y
    return ys
