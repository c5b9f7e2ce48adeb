r"""Gradient checking: is a hand-derived gradient right?

A derivative is a limit of difference quotients, so a gradient can be
checked without knowing how it was derived. Nudge one entry $w$ of an
array by $\pm\varepsilon$ and measure the change in the loss:

$$
\frac{\mathrm{d}L}{\mathrm{d} w} \approx
\frac{L(w + \varepsilon) - L(w - \varepsilon)}{2\varepsilon} .
$$

This *central* difference is off by about $\varepsilon^2 L'''/6$,
and rounding adds about $10^{-16}\,|L| / \varepsilon$ in float64:
$\varepsilon = 10^{-5}$ keeps both near $10^{-11}$ times the
size of L. It costs two
evaluations of the loss per entry, which is why nobody trains with it, and
why it is the right referee for a backward pass that is fast but derived by
hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


def numerical_gradient(loss: Callable[[np.ndarray], float], w, *, eps: float = 1e-5) -> np.ndarray:
    r"""dL/dw by central differences, entry by entry, in float64.

    `loss` takes an array shaped like `w` and returns the scalar L. It
    is called twice per entry, on a float64 copy of `w` with that one entry
    nudged by ±`eps`.

    Examples
    --------
    >>> numerical_gradient(lambda w: float((w ** 3).sum()), np.array([1.0, 2.0])).round(6)
    array([ 3., 12.])
    """
    from .checks import check_positive_number, numbers

    if not callable(loss):
        raise TypeError(f"loss must be a function of an array shaped like w; got {type(loss).__name__}.")
    eps = check_positive_number("eps", eps)
    w = np.array(numbers("w", w), dtype=np.float64)  # a copy: the caller's array is never changed
    grad = np.empty_like(w)
    for index in np.ndindex(w.shape):
        original = w[index]
        w[index] = original + eps
        up = float(loss(w))
        w[index] = original - eps
        down = float(loss(w))
        w[index] = original
        grad[index] = (up - down) / (2 * eps)        # (L(w + ε) − L(w − ε)) / 2ε
    return grad


@dataclass(frozen=True)
class GradCheck:
    """What `gradcheck` found: the worst entry, and both gradients there."""

    worst_relative_error: float
    index: tuple           # where in the array the worst entry is
    analytic: float        # the gradient being checked, at that entry
    numeric: float         # the central difference, at that entry
    numeric_gradient: np.ndarray

    def __str__(self) -> str:
        return (f"worst relative error {self.worst_relative_error:.2g} at {self.index}: "
                f"analytic {self.analytic:.10g}, finite difference {self.numeric:.10g}")


def relative_errors(analytic: np.ndarray, numeric: np.ndarray, *, floor: float) -> np.ndarray:
    r"""Entrywise $|a - d| / \max(|a|, |d|, \text{floor})$.

    The floor keeps entries whose true gradient is (nearly) zero from
    dividing rounding error by zero: they are compared to `floor` instead.
    """
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)
    return np.abs(analytic - numeric) / scale


def gradcheck(loss: Callable[[np.ndarray], float], w, analytic, *, eps: float = 1e-5,
              floor: float | None = None) -> GradCheck:
    r"""Compare an analytic gradient with central differences, in float64.

    Parameters
    ----------
    loss : callable
        L as a function of an array shaped like `w`; returns a float.
    w : ndarray
        The point at which to check, for example a layer's kernel.
    analytic : ndarray, same shape as w
        The gradient to check, $\mathrm{d}L/\mathrm{d} w$ at `w`.
    eps : float
        The nudge ε.
    floor : float, optional
        Entries smaller than this are compared to it rather than to
        themselves (see [`relative_errors`][rnnmath.gradcheck.relative_errors]). By default 10⁻⁴ times
        the larger of |L| and the largest entry of the finite-difference
        gradient. Rounding makes a central difference uncertain by about
        10⁻¹⁶ |L| / ε = 10⁻¹¹ |L|, so a gradient entry much smaller than
        10⁻⁴ |L| (one that has all but vanished) cannot be checked to one
        part in a million; it is checked to 10⁻¹⁰ |L| instead. A wrong
        entry is still found: it is off by far more than that.

    Returns
    -------
    GradCheck
        `worst_relative_error` and where it is. A correct gradient gives
        about 10⁻⁸ or less; a wrong one gives about 1.

    Raises
    ------
    ShapeError
        If `analytic` is not shaped like `w`.

    Examples
    --------
    L = w₀² w₁ has dL/dw = (2 w₀ w₁, w₀²); at (3, 2) that is (12, 9):

    >>> def loss(w):
    ...     return float(w[0] ** 2 * w[1])
    >>> check = gradcheck(loss, np.array([3.0, 2.0]), np.array([12.0, 9.0]))
    >>> check.worst_relative_error < 1e-8
    True
    >>> gradcheck(loss, np.array([3.0, 2.0]), np.array([12.0, 6.0])).index   # a wrong entry is found
    (1,)
    """
    from .checks import ShapeError, check_positive_number, numbers

    if not callable(loss):
        raise TypeError(f"loss must be a function of an array shaped like w; got {type(loss).__name__}.")
    eps = check_positive_number("eps", eps)
    if floor is not None:
        floor = check_positive_number("floor", floor)
    w = np.array(numbers("w", w), dtype=np.float64)          # a copy: the loss never sees the caller's array
    analytic = numbers("analytic", analytic).astype(np.float64)
    if analytic.shape != w.shape:
        raise ShapeError(f"analytic has shape {analytic.shape}, but it must be shaped like w, {w.shape}: "
                         "one partial derivative per entry.")
    if w.size == 0:
        raise ValueError(f"w has shape {w.shape}: there is no entry to check.")
    numeric = numerical_gradient(loss, w, eps=eps)
    if floor is None:
        floor = 1e-4 * max(abs(float(loss(w.copy()))), float(np.abs(numeric).max()), 1e-8)
    errors = relative_errors(analytic, numeric, floor=floor)
    worst = tuple(int(i) for i in np.unravel_index(int(np.argmax(errors)), errors.shape))
    return GradCheck(float(errors[worst]), worst, float(analytic[worst]), float(numeric[worst]), numeric)
