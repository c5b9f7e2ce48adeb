"""Errors that teach: every check names the array, the shape it got, and the
shape the equation needs.

The layer functions call these before computing anything, so that a
transposed kernel or a missing batch axis is reported, never silently
broadcast into a wrong answer. Only real numbers are read: complex numbers,
strings, dates and Python objects such as None are refused, never cast.

Two mistakes have the right shapes, so no shape check can catch them:

- a kernel transposed when n = gk: (gk, n) is then the same shape as (n, gk);
- `kernel` and `recurrent_kernel` swapped when n = k (a SimpleRNN, whose
  two matrices are then both (k, k)).

The check that catches them is the one every page makes: compare the output
with the framework's, for the same weights (`rnnmath.keras.forward`, or the
layer itself), with uneven weights.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


class ShapeError(ValueError):
    """An array's shape does not fit the equation it is used in."""


def compute_dtype(inputs) -> np.dtype:
    """The dtype a layer computes in: the inputs' floating dtype, else float64.

    >>> import numpy as np
    >>> compute_dtype(np.zeros(3, dtype=np.float32))
    dtype('float32')
    >>> compute_dtype([[1, 2, 3]])
    dtype('float64')
    """
    try:
        dtype = np.asarray(inputs).dtype
    except (TypeError, ValueError):     # a ragged list: as_array names it
        return np.dtype(np.float64)
    return dtype if np.issubdtype(dtype, np.floating) else np.dtype(np.float64)


_NOT_NUMBERS = {
    "c": "complex numbers, and the equations are over the real numbers. Pass the real part (np.real) "
         "if that is what you mean",
    "U": "strings, not numbers. Convert them to numbers first (np.asarray(..., dtype=float))",
    "S": "bytes, not numbers. Convert them to numbers first (np.asarray(..., dtype=float))",
    "M": "dates (datetime64), not numbers",
    "m": "durations (timedelta64), not numbers. Convert them to a number of seconds first",
    "V": "records (a structured dtype), not numbers",
}


def numbers(name: str, value) -> np.ndarray:
    """`value` as an array of real numbers (bool, integer or float), or an error that names it.

    Nothing is cast that would change its meaning: complex numbers, strings,
    dates and objects such as None are refused, and so is a ragged nested list.

    >>> numbers("kernel", [[1, 2], [3, 4]]).shape
    (2, 2)
    >>> numbers("kernel", [[1.0, 2.0], [3.0]])
    Traceback (most recent call last):
    ...
    rnnmath.checks.ShapeError: kernel is a ragged nested list: its rows have different lengths, ...
    >>> numbers("inputs", np.array([1 + 2j]))
    Traceback (most recent call last):
    ...
    TypeError: inputs could not be read as an array of numbers: it holds complex numbers, ...
    """
    try:
        array = np.asarray(value)
    except ValueError as error:
        raise ShapeError(
            f"{name} is a ragged nested list: its rows have different lengths, so it is not an array "
            f"of any shape (numpy: {error})"
        ) from None
    except TypeError as error:
        raise TypeError(f"{name} could not be read as an array of numbers: {error}") from None
    kind = array.dtype.kind
    if kind in _NOT_NUMBERS:
        raise TypeError(f"{name} could not be read as an array of numbers: it holds "
                        f"{_NOT_NUMBERS[kind]}; got dtype {array.dtype}.")
    if kind == "O":
        for item in array.flat:
            if not isinstance(item, (int, float, np.integer, np.floating, np.bool_)):
                raise TypeError(
                    f"{name} could not be read as an array of numbers: it holds {_short(item)} "
                    f"({type(item).__name__}), not a number."
                )
        array = array.astype(np.float64)
    return array


def _short(item) -> str:
    text = repr(item)
    return text if len(text) <= 40 else text[:37] + "..."


def as_array(name: str, value, dtype) -> np.ndarray:
    """`value` as an array of `dtype`, or an error that names it."""
    return numbers(name, value).astype(dtype, copy=False)


def check_positive_number(name: str, value) -> float:
    """A positive, finite real number, such as a step size ε, or an error that names it."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a positive number; got {_short(value)} ({type(value).__name__}).")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive, finite number; got {value!r}.")
    return float(value)


def check_flags(**flags) -> None:
    """Each flag is True or False (or 1 or 0), or a TypeError that names it.

    A string or an array would otherwise be read as True, or fail in an `if`.
    """
    for name, value in flags.items():
        if not (isinstance(value, (bool, np.bool_)) or (isinstance(value, (int, np.integer)) and value in (0, 1))):
            raise TypeError(f"{name} must be True or False; got {_short(value)} ({type(value).__name__}).")


def check_activation_output(name: str, function, A: np.ndarray, output) -> np.ndarray:
    """What an activation callable returned: one real number per entry of A, in A's dtype."""
    label = f"{name} {getattr(function, '__name__', type(function).__name__)}"
    try:
        Y = numbers(f"what {label} returned", output)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{error} An activation must return an array shaped like its input.") from None
    if Y.shape != np.shape(A):
        raise ShapeError(
            f"{label} returned shape {_fmt(Y.shape)} for an input of shape {_fmt(np.shape(A))}: an "
            "activation is elementwise, so it must return one number per entry, shaped like its input."
        )
    return Y.astype(np.result_type(A), copy=False)


def expect_shape(name: str, array: np.ndarray, expected: tuple, symbols: str, where: str = "") -> None:
    """Raise a ShapeError unless `array.shape == expected`.

    `symbols` is the shape in the notation of the pages, such as
    `"(n, 4k)"`; `where` says where its letters came from.

    >>> import numpy as np
    >>> expect_shape("kernel", np.zeros((3, 8)), (3, 20), "(n, 4k)", "n = 3, k = 5")
    Traceback (most recent call last):
    ...
    rnnmath.checks.ShapeError: kernel has shape (3, 8), but the equation needs (n, 4k) = (3, 20), where n = 3, k = 5.
    """
    if array.shape != tuple(expected):
        suffix = f", where {where}" if where else ""
        raise ShapeError(
            f"{name} has shape {_fmt(array.shape)}, but the equation needs "
            f"{symbols} = {_fmt(expected)}{suffix}."
        )


def _fmt(shape) -> str:
    return "(" + ", ".join(str(int(s)) for s in shape) + (",)" if len(shape) == 1 else ")")


def format_shape(shape) -> str:
    """A shape as every error writes it: `(3, 8)`, `(4,)`, `()`.

    >>> format_shape((4,))
    '(4,)'
    """
    return _fmt(shape)


@dataclass(frozen=True)
class Sizes:
    """The sizes every equation is written in: β batch, T steps, n inputs, k units."""

    batch: int
    steps: int
    inputs: int
    units: int
    n_from: str = "inputs.shape[2]"   # where n was read: X_t.shape[1] for one step

    def where(self) -> str:
        return (
            f"n = {self.inputs} input features ({self.n_from}) "
            f"and k = {self.units} units (recurrent_kernel.shape[0])"
        )


def check_inputs(inputs) -> np.ndarray:
    """The inputs as a (β, T, n) array in their compute dtype.

    T must be at least 1 (a recurrence needs a step); β may be 0, and a
    batch of no sequences then gives empty results of the right shape.
    """
    X = numbers("inputs", inputs)
    X = X.astype(compute_dtype(X), copy=False)
    if X.ndim != 3:
        hint = ""
        if X.ndim == 2:
            hint = (
                " For one sequence of T steps with n features, add a batch axis: "
                "inputs[None] has shape (1, T, n)."
            )
        elif X.ndim == 1:
            hint = " For one sequence of scalars, use inputs[None, :, None], shape (1, T, 1)."
        raise ShapeError(
            f"inputs has shape {_fmt(X.shape)}, but the equation needs "
            f"(β, T, n) = (batch, time, features): a rank-3 array.{hint}"
        )
    if X.shape[1] == 0:
        raise ShapeError(f"inputs has shape {_fmt(X.shape)}: a recurrence needs at least one time step (T ≥ 1).")
    return X


def check_weights(
    layer: str,
    X: np.ndarray,
    kernel,
    recurrent_kernel,
    bias,
    *,
    gates: int,
    bias_rows: int | None = None,
    n_from: str = "inputs.shape[2]",
) -> tuple[Sizes, np.ndarray, np.ndarray, np.ndarray | None]:
    """Check a layer's weights against each other and against the inputs.

    `gates` is how many column blocks the layer stacks (1 for SimpleRNN,
    4 for LSTM, 3 for GRU). `bias_rows` is 2 for the GRU's (2, 3k) bias.
    Returns the sizes and the weights cast to the inputs' dtype.

    A kernel transposed when n = gk, or `kernel` and `recurrent_kernel`
    swapped when n = k, keeps every shape right and passes; only comparing
    the output with the framework's catches them (see the module docstring).
    """
    dtype = X.dtype
    W_x = as_array("kernel", kernel, dtype)
    W_h = as_array("recurrent_kernel", recurrent_kernel, dtype)
    g = "" if gates == 1 else str(gates)
    if W_h.ndim != 2 or W_h.shape[1] != gates * W_h.shape[0] or W_h.shape[0] == 0:
        raise ShapeError(
            f"recurrent_kernel has shape {_fmt(W_h.shape)}, but {layer} needs a (k, {g}k) matrix: "
            f"k ≥ 1 rows, one per unit, and {gates} block{'s' if gates > 1 else ''} of k columns."
            + _other_layer(W_h, gates)
        )
    sizes = Sizes(batch=X.shape[0], steps=X.shape[1], inputs=X.shape[2], units=W_h.shape[0], n_from=n_from)
    n, k = sizes.inputs, sizes.units
    if W_x.ndim == 2 and W_x.shape == (k * gates, n) and n != k * gates:
        raise ShapeError(
            f"kernel has shape {_fmt(W_x.shape)}, but the equation needs (n, {g}k) = {_fmt((n, gates * k))}, "
            f"where {sizes.where()}. It looks transposed: Keras stores the kernel as "
            "(inputs, units), so that the step computes X_t W_x."
        )
    expect_shape("kernel", W_x, (n, gates * k), f"(n, {g}k)", sizes.where())
    b = None
    if bias is not None:
        b = as_array("bias", bias, dtype)
        if bias_rows is None:
            expect_shape("bias", b, (gates * k,), f"({g}k,)", f"k = {k} units")
        else:
            expect_shape("bias", b, (bias_rows, gates * k), f"({bias_rows}, {g}k)", f"k = {k} units")
    return sizes, W_x, W_h, b


def _other_layer(W_h, gates) -> str:
    """A hint when a recurrent kernel has another layer's shape, such as an LSTM's (k, 4k) given to a GRU."""
    from .layers import LAYERS

    if W_h.ndim != 2 or W_h.shape[0] == 0 or W_h.shape[1] % W_h.shape[0]:
        return ""
    g = W_h.shape[1] // W_h.shape[0]
    others = [layer.name for layer in LAYERS.values() if layer.blocks == g and g != gates]
    if not others:
        return ""
    return f" {_fmt(W_h.shape)} is the shape of a{'n' if others[0][0] in 'AEIOUL' else ''} {others[0]}'s recurrent_kernel: were these weights meant for a {others[0]}?"


def check_mask(mask, sizes: Sizes) -> np.ndarray | None:
    """The mask as a (β, T) boolean array: True keeps a step, False masks it."""
    if mask is None:
        return None
    M = numbers("mask", mask)
    if M.dtype.kind == "f" and np.isnan(M).any():
        raise ValueError("mask holds NaN: each entry must say whether a step is kept (True, 1) or masked (False, 0).")
    if M.ndim == 3 and M.shape[2] == 1:
        M = M[:, :, 0]
    expect_shape("mask", M, (sizes.batch, sizes.steps), "(β, T)", f"β = {sizes.batch}, T = {sizes.steps}")
    return M.astype(bool)      # as Keras casts a mask: any non-zero number keeps the step


def check_states(states, sizes: Sizes, names: tuple[str, ...], dtype) -> list[np.ndarray] | None:
    """The states as a list of (β, k) arrays, one per name in `names`.

    A layer's `initial_state` may be None (zeros), one array for a layer
    with one state, or a list with one array per state.
    """
    if states is None:
        return None
    one_matrix = isinstance(states, (list, tuple)) and _is_nested_list_matrix(states)
    if len(names) == 1 and one_matrix:
        states, one_matrix = [states], False      # a (β, k) nested list is the one state, not β states
    if isinstance(states, np.ndarray) or not isinstance(states, (list, tuple)):
        states = [states]
    if len(states) != len(names):
        hint = ""
        if one_matrix:
            hint = (f" It looks like one (β, k) array written as a nested list; pass a list of "
                    f"{len(names)}, one (β, k) array per state.")
        raise ValueError(
            f"initial_state has {len(states)} array(s), but this layer has "
            f"{len(names)} state(s): {', '.join(names)}.{hint}"
        )
    if one_matrix:
        symbols = "[" + ", ".join(name.split("(")[-1].rstrip(")") for name in names) + "]"
        raise ValueError(
            f"initial_state looks like one (β, k) array written as a nested list, but this layer has "
            f"{len(names)} states: pass a list {symbols} of {len(names)} (β, k) arrays."
        )
    checked = []
    for name, state in zip(names, states):
        S = as_array(name, state, dtype)
        expect_shape(name, S, (sizes.batch, sizes.units), "(β, k)", f"β = {sizes.batch}, k = {sizes.units}")
        checked.append(S)
    return checked


def _is_nested_list_matrix(states) -> bool:
    """True for a list of lists (or tuples) of numbers: one matrix, not a list of arrays."""
    return all(isinstance(row, (list, tuple)) and all(np.ndim(x) == 0 for x in row) for row in states) and bool(states)


def check_step_input(X_t) -> np.ndarray:
    """One step's input for a batch, (β, n), as a (β, 1, n) sequence of one step."""
    X_t = numbers("X_t", X_t)
    X_t = X_t.astype(compute_dtype(X_t), copy=False)
    if X_t.ndim != 2:
        raise ShapeError(
            f"X_t has shape {_fmt(X_t.shape)}, but one step of a batch needs (β, n): "
            "one row per sequence. For a single sequence, use X_t[None]."
        )
    return X_t[:, None, :]


def check_output_gradients(output_gradients, sizes: Sizes, dtype) -> np.ndarray:
    """The upstream gradient: (β, T, k) for every output, or (β, k) for the last one only.

    (β, T, k) is what a layer with `return_sequences=True` hands the loss;
    (β, k) is the single output of a layer without it.
    """
    if output_gradients is None:
        raise ValueError(
            "output_gradients is needed: dL/dY_t for every step, shape (β, T, k), "
            "or for the last output only, shape (β, k)."
        )
    E = as_array("output_gradients", output_gradients, dtype)
    beta, T, k = sizes.batch, sizes.steps, sizes.units
    if E.shape not in ((beta, T, k), (beta, k)):
        raise ShapeError(
            f"output_gradients has shape {_fmt(E.shape)}, but the equation needs (β, T, k) = "
            f"{_fmt((beta, T, k))} for every output, or (β, k) = {_fmt((beta, k))} for the last one, "
            f"where β = {beta}, T = {T}, k = {k}."
        )
    return E
