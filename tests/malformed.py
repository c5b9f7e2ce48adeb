"""Hypothesis strategies for malformed input: what a careful new user might pass.

Each strategy draws a *case*: a valid call of a layer function (its sizes,
weights and options read from ``rnnmath.layers``) with one argument replaced
by something malformed, and what the outcome may be:

- ``must_raise``: the value is not a number array of the shape the equation
  needs (a wrong rank, a string, a complex number, a ragged list, a callable
  that returns the wrong thing). The only acceptable outcome is a
  ``ValueError`` or ``TypeError`` whose message names the argument.
- ``may_answer``: the value is unusual but well defined (NaN, inf, an
  integer mask, a float mask of 0s and 1s, a nested list instead of an
  array). The call may answer, and then the answer must have the shape and
  dtype the equation gives, and equal the answer of the same call with the
  well-formed value (``reference``) where there is one; or it may raise as
  above.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from hypothesis import strategies as st

from rnnmath.layers import LAYERS


@dataclass
class Case:
    """One call: ``function(*args, **kwargs)``, with ``argument`` malformed."""

    kind: str
    function: object
    args: list
    kwargs: dict
    argument: str            # the name the error message must contain
    must_raise: bool
    expected_shape: tuple    # of the output, when the call may answer
    dtype: np.dtype
    note: str = field(default="")
    reference: tuple | None = None   # (args, kwargs) of a well-formed call that must give the same answer

    def __repr__(self) -> str:
        return f"Case({self.kind}, {self.argument}: {self.note})"


# ---- malformed values, given the valid one


def ragged(value: np.ndarray):
    """A nested list like ``value`` whose innermost rows differ in length: numpy cannot make it an array."""
    if np.ndim(value) == 0:
        return [[1.0], [1.0, 2.0]]
    rows = np.asarray(value).tolist()
    if np.ndim(value) == 1:
        return [rows, rows + [0.0]]
    target = rows
    while isinstance(target[0][0], list):     # down to a list of innermost rows
        target = target[0]
    if len(target) == 1:
        target.append(target[0] + [0.0])      # a second row, one entry longer
    else:
        target[0] = target[0] + [0.0]         # the first row one entry longer than the rest
    return rows


def wrong_rank(value: np.ndarray, draw):
    shape = np.shape(value)
    choice = draw(st.sampled_from(["drop", "add", "scalar"]))
    if choice == "drop" and len(shape) > 1:
        return np.asarray(value)[0]
    if choice == "scalar" or len(shape) == 0:
        return 0.5
    return np.asarray(value)[..., None]


NOT_NUMBERS = {
    "complex": lambda v: np.asarray(v) + 1j,
    "numeric strings": lambda v: np.asarray(v).astype(str),
    "bytes": lambda v: np.asarray(v).astype("S8"),
    "datetime64": lambda v: np.zeros(np.shape(v), dtype="datetime64[s]"),
    "timedelta64": lambda v: np.ones(np.shape(v), dtype="timedelta64[s]"),
    "objects holding None": lambda v: np.full(np.shape(v), None, dtype=object),
    "a string": lambda v: "0.5",
    "a dict": lambda v: {"value": 1.0},
}

# Activation callables that return something other than one number per entry.
BAD_CALLABLES = {
    "returns a scalar": lambda a: 0.5,
    "returns None": lambda a: None,
    "returns one column": lambda a: np.tanh(a)[..., :1],
    "returns one row": lambda a: np.tanh(a)[:1],
    "returns a wider array": lambda a: np.concatenate([a, a], axis=-1),
    "returns strings": lambda a: np.asarray(a).astype(str),
    "returns complex": lambda a: a + 0j,
}


@st.composite
def valid_call(draw):
    """A valid call of simple_rnn, lstm or gru, with uneven weights."""
    kind = draw(st.sampled_from(sorted(LAYERS)))
    layer = LAYERS[kind]
    beta, T, n, k = (draw(st.integers(1, 3)) for _ in range(4))
    dtype = np.dtype(draw(st.sampled_from(["float32", "float64"])))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    reset_after = draw(st.booleans()) if kind == "GRU" else True
    weights = [rng.uniform(0.1, 1.0, size=s) * rng.choice([-1.0, 1.0], size=s)
               for s in layer.weight_shapes(n, k, reset_after=reset_after)]
    X = rng.normal(size=(beta, T, n)).astype(dtype)
    kwargs = {"reset_after": reset_after} if kind == "GRU" else {}
    states = [rng.normal(size=(beta, k)) for _ in layer.states]
    mask = rng.random((beta, T)) < 0.7
    return dict(kind=kind, layer=layer, sizes=(beta, T, n, k), dtype=dtype, X=X, weights=weights,
                kwargs=kwargs, states=states, mask=mask)


ARGUMENTS = ("inputs", "kernel", "recurrent_kernel", "bias", "initial_state", "mask", "activation",
             "recurrent_activation")


@st.composite
def malformed_call(draw):
    """A layer call with one argument malformed, and the outcomes allowed."""
    call = draw(valid_call())
    kind, layer, (beta, T, _n, k), dtype = call["kind"], call["layer"], call["sizes"], call["dtype"]
    args = [call["X"], *call["weights"]]
    kwargs = dict(call["kwargs"])
    arguments = [a for a in ARGUMENTS if a != "recurrent_activation" or kind != "SimpleRNN"]
    argument = draw(st.sampled_from(arguments))
    expected = (beta, k)
    must_raise, note, reference = True, "", None
    valid = (list(args), dict(kwargs))

    if argument in ("inputs", "kernel", "recurrent_kernel", "bias"):
        position = ["inputs", "kernel", "recurrent_kernel", "bias"].index(argument)
        value = args[position]
        how = draw(st.sampled_from(["ragged", "wrong rank", "not numbers", "NaN", "inf", "nested list"]))
        note = how
        if how == "ragged":
            args[position] = ragged(value)
        elif how == "wrong rank":
            args[position] = wrong_rank(value, draw)
        elif how == "not numbers":
            note = draw(st.sampled_from(sorted(NOT_NUMBERS)))
            args[position] = NOT_NUMBERS[note](value)
        elif how in ("NaN", "inf"):
            bad = np.array(value, dtype=np.asarray(value).dtype, copy=True)
            bad.flat[draw(st.integers(0, bad.size - 1))] = np.nan if how == "NaN" else np.inf
            args[position], must_raise = bad, False
        else:
            args[position], must_raise, reference = np.asarray(value).tolist(), False, valid
    elif argument == "initial_state":
        how = draw(st.sampled_from(["wrong shape", "too many", "not numbers", "ragged", "nested list"]))
        note = how
        states = [np.asarray(s) for s in call["states"]]
        if how == "wrong shape":
            states[0] = states[0].T if beta != k else states[0][:, :0]
        elif how == "too many":
            states = states + [states[0]]
        elif how == "not numbers":
            note = draw(st.sampled_from(sorted(NOT_NUMBERS)))
            states[0] = NOT_NUMBERS[note](states[0])
        elif how == "ragged":
            states[0] = ragged(states[0])
        else:
            reference = (valid[0], {**valid[1], "initial_state": states})
            states, must_raise = [s.tolist() for s in states], False
        kwargs["initial_state"] = states
    elif argument == "mask":
        how = draw(st.sampled_from(["wrong shape", "strings", "complex", "ragged", "objects holding None",
                                    "integers", "floats 0 and 1"]))
        note = how
        mask = call["mask"]
        if how == "wrong shape":
            kwargs["mask"] = mask.T if beta != T else mask[:, :0]
        elif how == "strings":
            kwargs["mask"] = np.where(mask, "True", "False")
        elif how == "complex":
            kwargs["mask"] = mask + 0j
        elif how == "ragged":
            kwargs["mask"] = ragged(mask.astype(float))
        elif how == "objects holding None":
            kwargs["mask"] = np.where(mask, None, None)
        else:
            kwargs["mask"] = mask.astype(int if how == "integers" else float)
            must_raise, reference = False, (valid[0], {**valid[1], "mask": mask})
    else:
        note = draw(st.sampled_from(sorted(BAD_CALLABLES)))
        kwargs[argument] = BAD_CALLABLES[note]
        # With one unit, or one sequence, one column or one row is the whole array: a right answer.
        must_raise = not ((note == "returns one column" and k == 1) or (note == "returns one row" and beta == 1))
        if not must_raise:                       # then it is np.tanh, in effect
            reference = (valid[0], {**valid[1], argument: "tanh"})
    return Case(kind, layer.forward, args, kwargs, argument, must_raise, expected, dtype, note, reference)
