r"""PyTorch's layout of the same layers, stated in terms of the table of layers.

The mathematics of `nn.RNN`, `nn.LSTM` and `nn.GRU` is the mathematics of
Keras's `SimpleRNN`, `LSTM` and `GRU` (`rnnmath/layers.py`); only the layout
differs, in four ways:

1. **Column form.** torch stores $\hat W_x = W_x^\top$: `weight_ih_l0` is
   $(gk, n)$ and multiplies a column from the left, where Keras's `kernel`
   is $(n, gk)$ and multiplies a row from the right.
2. **Gate order.** torch stacks its blocks along the *first* axis, in its
   own order and with its own letters: the LSTM's i, f, g, o are the
   table's i, f, c, o; the GRU's r, z, n are the table's r, z, h, so the
   first two blocks are swapped.
3. **Two biases.** torch keeps $\mathbf{b}_{ih}$ and $\mathbf{b}_{hh}$,
   each $(gk,)$, for every layer (cuDNN's layout). In an RNN and an LSTM only
   their sum reaches the equations; in a GRU they are exactly Keras's two
   bias rows of `reset_after=True`, since $n = \tanh(W_{in} x + b_{in} +
   r \odot (W_{hn} h + b_{hn}))$.
4. **Names per layer and direction.** One module holds every layer of a
   stack and both directions: `weight_ih_l{L}` and, for the backward
   direction, `weight_ih_l{L}_reverse`.

An LSTM with `proj_size` $p > 0$ adds `weight_hr_l{L}`, $(p, k)$, and its
output is $\mathbf{h}_t = W_{hr}(\mathbf{o}_t \odot \tanh \mathbf{c}_t)$, so
$\mathbf{h}$ is $(p,)$ and `weight_hh_l{L}` is $(4k, p)$.

Page: "PyTorch".
"""

from __future__ import annotations

from dataclasses import dataclass

from . import layers

#: torch's class name for each layer of the table.
TORCH_NAMES = {"SimpleRNN": "RNN", "LSTM": "LSTM", "GRU": "GRU"}

#: torch's gate letters, in torch's order, and the table's gate each one is.
TORCH_GATES = {
    "SimpleRNN": (),
    "LSTM": (("i", "i"), ("f", "f"), ("g", "c"), ("o", "o")),
    "GRU": (("r", "r"), ("z", "z"), ("n", "c")),
}

#: The activations each torch module offers, in Keras's names: (φ, σ). nn.RNN's `nonlinearity` is φ.
TORCH_ACTIVATIONS = {"SimpleRNN": ({"tanh", "relu"}, None), "LSTM": ({"tanh"}, {"sigmoid"}),
                     "GRU": ({"tanh"}, {"sigmoid"})}



def layer(name) -> layers.Layer:
    """The table's entry for a Keras or torch name: "SimpleRNN" or "RNN", "LSTM", "GRU".

    Examples
    --------
    >>> layer("RNN").name
    'SimpleRNN'
    """
    if name == "RNN":
        return layers.SIMPLE_RNN
    return layers.get(name)


def torch_gates(name) -> tuple[str, ...]:
    """torch's gate letters in torch's order.

    Examples
    --------
    >>> torch_gates("GRU")
    ('r', 'z', 'n')
    """
    return tuple(letter for letter, _ in TORCH_GATES[layer(name).name])


def torch_block_order(name) -> list[int]:
    """For each of torch's blocks, in torch's order, the index of the same gate in the table's order.

    Block j of `weight_ih_l0` (rows $jk$ to $(j + 1)k$) is column block
    `torch_block_order(name)[j]` of Keras's `kernel`.

    Examples
    --------
    >>> torch_block_order("GRU")      # torch r, z, n = table blocks 1, 0, 2 of z, r, c
    [1, 0, 2]
    >>> torch_block_order("LSTM")
    [0, 1, 2, 3]
    """
    entry = layer(name)
    if not entry.gates:
        return [0]
    return [entry.gates.index(table_gate) for _, table_gate in TORCH_GATES[entry.name]]


def keeps_two_bias_rows(name) -> bool:
    r"""Whether the table's bias has two rows, $\mathbf{b}_x$ and $\mathbf{b}_h$: then they are torch's two biases.

    Examples
    --------
    >>> keeps_two_bias_rows("GRU"), keeps_two_bias_rows("LSTM")
    (True, False)
    """
    return len(layer(name).weights()[-1].shape) == 2


def parameter_name(kind: str, layer_index: int = 0, reverse: bool = False) -> str:
    """torch's name of one parameter: `kind` is "weight_ih", "weight_hh", "bias_ih", "bias_hh" or "weight_hr".

    Examples
    --------
    >>> parameter_name("weight_ih", 1, reverse=True)
    'weight_ih_l1_reverse'
    """
    return f"{kind}_l{layer_index}" + ("_reverse" if reverse else "")


def parameter_shapes(
    name, input_size: int, hidden_size: int, *, layer_index: int = 0, bias: bool = True,
    bidirectional: bool = False, proj_size: int = 0,
) -> dict[str, tuple[int, ...]]:
    r"""The shapes of one layer's parameters in one direction, by their torch names (without suffix).

    Layer 0 reads `input_size` features; a later layer reads the previous
    layer's output, $D \cdot k$ wide ($D \cdot p$ with projections), $D = 2$
    when bidirectional.

    Examples
    --------
    >>> parameter_shapes("LSTM", 8, 5)
    {'weight_ih': (20, 8), 'weight_hh': (20, 5), 'bias_ih': (20,), 'bias_hh': (20,)}
    >>> parameter_shapes("LSTM", 8, 5, layer_index=1, bidirectional=True, proj_size=3)["weight_ih"]
    (20, 6)
    """
    entry = layer(name)
    gk = entry.blocks * hidden_size                      # g blocks of k rows
    out = proj_size or hidden_size                       # the width of h
    n = input_size if layer_index == 0 else (2 if bidirectional else 1) * out
    shapes = {"weight_ih": (gk, n), "weight_hh": (gk, out)}
    if bias:
        shapes.update(bias_ih=(gk,), bias_hh=(gk,))
    if proj_size:
        shapes["weight_hr"] = (proj_size, hidden_size)
    return shapes


def parameter_count(name, input_size: int, hidden_size: int, *, num_layers: int = 1, bias: bool = True,
                    bidirectional: bool = False, proj_size: int = 0) -> int:
    r"""How many numbers a torch module holds: the shapes above, summed over layers and directions.

    One layer in one direction has $gk \cdot n_L + gk \cdot h + 2gk$ (two
    biases), plus $p k$ with projections, where $h = p$ or $k$ and
    $n_L$ is `input_size` for layer 0, else $D h$.

    Examples
    --------
    >>> parameter_count("LSTM", 8, 5)      # 4(8·5 + 5·5 + 2·5): one bias more than Keras's 280
    300
    """
    directions = 2 if bidirectional else 1
    total = 0
    for index in range(num_layers):
        shapes = parameter_shapes(name, input_size, hidden_size, layer_index=index, bias=bias,
                                  bidirectional=bidirectional, proj_size=proj_size)
        for shape in shapes.values():
            size = 1
            for axis in shape:
                size *= int(axis)
            total += directions * size
    return total


@dataclass(frozen=True)
class RosettaRow:
    """One concept in both frameworks: the site's symbol, Keras's name and shape, torch's name and shape."""

    concept: str
    symbol: str         # LaTeX, as the pages write it
    keras: str
    keras_shape: str
    torch: str
    torch_shape: str


def _written(shape: tuple[str, ...]) -> str:
    return "(" + ", ".join(shape) + ("," if len(shape) == 1 else "") + ")"


def rosetta(name) -> list[RosettaRow]:
    r"""The Rosetta table of one layer: each concept, on this site, in Keras and in torch.

    Generated from the table of layers (gates, states, weight shapes), so
    that it cannot drift from the code. Shapes use the site's sizes
    $n, k, \beta, T$, with $L$ layers and $D$ directions for torch.

    Examples
    --------
    >>> rows = rosetta("GRU")
    >>> [(r.keras, r.torch) for r in rows if r.concept == "gate order"]
    [('z, r, c', 'r, z, n')]
    >>> next(r for r in rows if r.symbol == "W_x").torch_shape
    '(3k, n)'
    """
    entry = layer(name)
    g = entry.blocks
    G = "" if g == 1 else str(g)
    rows = [
        RosettaRow("layer", "", entry.name, "", f"nn.{TORCH_NAMES[entry.name]}", ""),
        RosettaRow("input sequences", "X", "inputs", "(β, T, n)", "input", "(T, β, n); (β, T, n) with batch_first"),
    ]
    if entry.gates:
        rows.append(RosettaRow("gate order", "", ", ".join(entry.gates), "", ", ".join(torch_gates(entry.name)), ""))
    torch_of = {"kernel": "weight_ih_l0", "recurrent_kernel": "weight_hh_l0"}
    for weight in entry.weights():
        keras_shape = weight.written(g)
        if weight.name == "bias":
            two_rows = len(weight.shape) == 2
            concept = "biases (input row, recurrent row)" if two_rows else "bias"
            torch_name = "bias_ih_l0 and bias_hh_l0" if two_rows else "bias_ih_l0 + bias_hh_l0"
            rows.append(RosettaRow(concept, weight.symbol, "bias", keras_shape, torch_name, f"({G}k,) each"))
            continue
        column_form = (weight.shape[1].replace("g", G), weight.shape[0])   # torch stores the transpose
        concept = "input weights" if weight.name == "kernel" else "recurrent weights"
        rows.append(RosettaRow(concept, weight.symbol, weight.name, keras_shape,
                               f"{torch_of[weight.name]} = {weight.symbol}ᵀ", _written(column_form)))
    rows.append(RosettaRow("every output", "H_1, …, H_T", "return_sequences=True", "(β, T, k)",
                           "output", "(T, β, D·k)"))
    for symbol, state_name in zip(entry.states, entry.state_names):
        torch_name = f"{symbol}_n" if symbol != "h" else "h_n"
        rows.append(RosettaRow(f"final {state_name}", f"{symbol.upper()}_T", "return_state=True", "(β, k)",
                               torch_name, "(D·L, β, k)"))
        rows.append(RosettaRow(f"initial {state_name}", f"{symbol.upper()}_0", "initial_state", "(β, k)",
                               f"{symbol}_0", "(D·L, β, k)"))
    rows.append(RosettaRow("backward direction", "", "Bidirectional(…).backward_layer", "",
                           "…_reverse parameters", ""))
    if entry.name == "LSTM":
        rows.append(RosettaRow("projection", r"\hat W_p", "(none)", "", "weight_hr_l0, with proj_size p", "(p, k)"))
    return rows
