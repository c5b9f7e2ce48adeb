r"""The table of layers: each layer's facts, written once.

Every other part of rnnmath, the site and the tests reads a layer's gates,
states and weight shapes from here. A layer with $g$ gate blocks, $n$ input
features and $k$ units stores, in Keras's `get_weights()` order,

| weight | symbol | shape |
| --- | --- | --- |
| `kernel` | $W_x$ | $(n, gk)$ |
| `recurrent_kernel` | $W_h$ | $(k, gk)$ |
| `bias` | $\mathbf{b}$ | $(gk,)$, or $(2, 3k)$ for a GRU with `reset_after=True` |

where the $g$ blocks of $k$ columns are the gates, side by side in the
order of `Layer.gates`. A SimpleRNN has one block ($g = 1$) and no gates.

Adding a layer means adding one entry to `LAYERS` and one file that holds
its step, its backward step, the layer, and the layer backwards.

Page: [Counting parameters](../parameters.md).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Weight:
    """One weight array: its Keras name, its symbol, and its shape in terms of n and k.

    Each axis of `shape` is a symbol: `"n"`, `"k"`, `"2"`, or `"gk"` for g
    blocks of k columns.
    """

    name: str      # Keras's name: "kernel", "recurrent_kernel" or "bias"
    symbol: str    # the site's symbol, in LaTeX: "W_x"
    shape: tuple   # in symbols, e.g. ("n", "gk"); ("gk",) for a vector

    def size(self, n: int, k: int, g: int) -> tuple[int, ...]:
        """The shape for given n, k and g, as Python ints."""
        values = {"n": n, "k": k, "gk": g * k, "2": 2}
        return tuple(int(values[axis]) for axis in self.shape)

    def written(self, g: int) -> str:
        """The shape as the pages write it: `(n, 4k)`, `(k,)`."""
        axes = [axis.replace("g", "" if g == 1 else str(g)) for axis in self.shape]
        return "(" + ", ".join(axes) + ("," if len(axes) == 1 else "") + ")"


KERNEL = Weight("kernel", "W_x", ("n", "gk"))
RECURRENT_KERNEL = Weight("recurrent_kernel", "W_h", ("k", "gk"))
BIAS = Weight("bias", r"\mathbf{b}", ("gk",))
BIAS_TWO_ROWS = Weight("bias", r"[\mathbf{b}_x; \mathbf{b}_h]", ("2", "gk"))


@dataclass(frozen=True)
class Layer:
    """One recurrent layer, as Keras builds it.

    `gates` are the letters of the gate blocks in the order Keras stacks
    them along the last axis of every weight; `gate_names` says what each
    is. `states` are the symbols of what the layer carries from one step to
    the next, in the order `initial_state` and `return_state` use; the
    first is always the output.
    """

    name: str
    gates: tuple[str, ...]
    gate_names: dict = field(repr=False)
    states: tuple[str, ...]
    state_names: tuple[str, ...]
    module: str    # the file of rnnmath that holds the equations
    reset_after: bool = False   # has Keras's reset_after option, whose True layout keeps two bias rows

    @property
    def blocks(self) -> int:
        """g: how many blocks of k columns each weight stacks."""
        return max(1, len(self.gates))

    @property
    def has_gates(self) -> bool:
        """True for a layer with gates, which also takes a `recurrent_activation` σ."""
        return bool(self.gates)

    @property
    def initial_state_names(self) -> tuple[str, ...]:
        """How errors name the arrays of `initial_state`: `initial_state[1] (c_0)`."""
        return tuple(f"initial_state[{j}] ({s}_0)" for j, s in enumerate(self.states))

    @property
    def step_state_names(self) -> tuple[str, ...]:
        """The previous states as the step functions name them: `H_prev`, `C_prev`."""
        return tuple(f"{s.upper()}_prev" for s in self.states)

    def bias(self, *, reset_after: bool = True) -> Weight:
        """The bias array: (gk,), or (2, gk) for the layout that keeps two bias rows."""
        return BIAS_TWO_ROWS if self.reset_after and reset_after else BIAS

    def bias_rows(self, *, reset_after: bool = True) -> int | None:
        """2 for the bias layout with two rows, None for a one-row bias."""
        shape = self.bias(reset_after=reset_after).shape
        return int(shape[0]) if len(shape) == 2 else None

    def weights(self, *, use_bias: bool = True, reset_after: bool = True) -> list[Weight]:
        """The weight arrays in `get_weights()` order."""
        arrays = [KERNEL, RECURRENT_KERNEL]
        if use_bias:
            arrays.append(self.bias(reset_after=reset_after))
        return arrays

    def as_json(self) -> dict:
        """The facts a page's JavaScript needs, as plain JSON: gates, their names, states."""
        return dict(name=self.name, gates=list(self.gates), gate_names=dict(self.gate_names),
                    states=list(self.states), state_names=list(self.state_names))

    def weight_shapes(self, n: int, k: int, *, use_bias: bool = True, reset_after: bool = True) -> list[tuple]:
        """The weights' shapes for n inputs and k units."""
        return [w.size(n, k, self.blocks) for w in self.weights(use_bias=use_bias, reset_after=reset_after)]

    def _function(self, suffix: str) -> Callable:
        module = importlib.import_module(f"rnnmath.{self.module}")
        return getattr(module, self.module + suffix)

    @property
    def forward(self) -> Callable:
        """The layer: `rnnmath.lstm` for the LSTM."""
        return self._function("")

    @property
    def step(self) -> Callable:
        """One step: `rnnmath.lstm_step`."""
        return self._function("_step")

    @property
    def backward(self) -> Callable:
        """The layer backwards: `rnnmath.lstm_backward`."""
        return self._function("_backward")

    @property
    def cell(self) -> Callable:
        """The step on the precomputed input term: `lstm_cell`."""
        return self._function("_cell")

    @property
    def cell_backward(self) -> Callable:
        """The step backwards: `lstm_cell_backward`."""
        return self._function("_cell_backward")


SIMPLE_RNN = Layer(
    name="SimpleRNN",
    gates=(),
    gate_names={},
    states=("y",),
    state_names=("output",),
    module="simple_rnn",
)
LSTM = Layer(
    name="LSTM",
    gates=("i", "f", "c", "o"),
    gate_names={"i": "input gate", "f": "forget gate", "c": "candidate cell", "o": "output gate"},
    states=("h", "c"),
    state_names=("hidden state", "cell state"),
    module="lstm",
)
GRU = Layer(
    name="GRU",
    gates=("z", "r", "c"),
    gate_names={"z": "update gate", "r": "reset gate", "c": "candidate state"},
    states=("h",),
    state_names=("hidden state",),
    module="gru",
    reset_after=True,
)

#: Every recurrent layer, by its Keras class name.
LAYERS: dict[str, Layer] = {layer.name: layer for layer in (SIMPLE_RNN, LSTM, GRU)}


def get(name: str, *, known=None) -> Layer:
    """The table's entry for a Keras class name, or a clear error.

    `known` lists the names the error offers (default: the table's), for
    callers such as counting that take Dense too.

    Examples
    --------
    >>> get("LSTM").gates
    ('i', 'f', 'c', 'o')
    >>> get("GRU").weight_shapes(3, 2)
    [(3, 6), (2, 6), (2, 6)]
    >>> get("Lstm")
    Traceback (most recent call last):
    ...
    ValueError: Unknown layer 'Lstm'. Did you mean 'LSTM'? Known layers: SimpleRNN, LSTM, GRU.
    """
    if isinstance(name, Layer):
        return name
    names = known or tuple(LAYERS)
    if not isinstance(name, str):
        raise TypeError(f"layer must be a Keras layer name, one of {', '.join(names)}; got {type(name).__name__}.")
    if name in LAYERS:
        return LAYERS[name]
    import difflib

    known = tuple(LAYERS) if known is None else tuple(known)
    by_lower = {option.lower(): option for option in known}
    close = difflib.get_close_matches(str(name).lower(), by_lower, n=1)
    hint = f" Did you mean {by_lower[close[0]]!r}?" if close else ""
    raise ValueError(f"Unknown layer {name!r}.{hint} Known layers: {', '.join(known)}.")


def of_function(function) -> Layer:
    """The entry whose layer function is `function` (`rnnmath.lstm`), or a clear error."""
    for layer in LAYERS.values():
        if function is layer.forward:
            return layer
    names = [f"rnnmath.{layer.module}" for layer in LAYERS.values()]
    names = ", ".join(names[:-1]) + " or " + names[-1]
    raise ValueError(f"layer must be one of {names}; got {getattr(function, '__name__', function)!r}.")
