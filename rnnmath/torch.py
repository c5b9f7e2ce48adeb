r"""The bridge to PyTorch: run an `nn.RNN`, `nn.LSTM` or `nn.GRU` with rnnmath, and count its parameters.

torch is imported only when a function here is given a torch module, so
`import rnnmath` needs numpy alone.

- `forward` converts the module's parameters with `rnnmath.convert` and
  runs rnnmath's own layers (`simple_rnn`, `lstm`, `gru`, and the LSTM with
  projections of `rnnmath/lstm_projection.py`), layer by layer and direction
  by direction, then lays the results out as torch does.
- `count_params` counts with torch's two biases, in torch's vocabulary.
- `explain` gives each layer's formula, its numbers and the total, checked
  against `sum(p.numel() for p in module.parameters())`.

**Packed sequences are Keras masks.** `pack_padded_sequence` with lengths
$\ell_b$ runs sequence $b$ over its steps $t < \ell_b$ only, and
`pad_packed_sequence` puts zeros at the others. A mask that is True for
$t < \ell_b$ does the same in rnnmath's loop (`rnnmath/recurrence.py`):

- forwards, the padding comes after the last valid step, so the masked
  steps keep the state of step $\ell_b$: that is $h_n$;
- backwards (`go_backwards`), the padding comes *first*: the masked steps
  keep $h_0$, the reverse direction starts at step $\ell_b$, and $h_n$ is
  its state after step 1;
- with `zero_output_for_mask`, a masked step outputs zeros, as
  `pad_packed_sequence` does.

Page: "PyTorch".
"""

from __future__ import annotations

import numpy as np

from . import convert, torch_layout
from .checks import ShapeError, expect_shape
from .keras import Explanation, ParamRow
from .lstm_projection import lstm_projected

_KINDS = {"RNN": "SimpleRNN", "LSTM": "LSTM", "GRU": "GRU"}


def _numpy(value):
    """A tensor (on any device, with or without grad) or array-like, as an ndarray."""
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    return np.asarray(value)


def _config(module) -> dict:
    kind = type(module).__name__
    if kind not in _KINDS:
        for base in type(module).__mro__:      # a subclass of nn.LSTM is an LSTM
            if base.__name__ in _KINDS and base.__module__.startswith("torch"):
                kind = base.__name__
                break
        else:
            raise TypeError(f"module must be a torch nn.RNN, nn.LSTM or nn.GRU; got a {type(module).__name__}.")
    return dict(
        kind=_KINDS[kind], input_size=module.input_size, hidden_size=module.hidden_size,
        num_layers=module.num_layers, bias=module.bias, batch_first=module.batch_first,
        directions=2 if module.bidirectional else 1, proj_size=getattr(module, "proj_size", 0),
        nonlinearity=getattr(module, "nonlinearity", "tanh"),
    )


def _inputs(inputs, config):
    """The inputs as (β, T, n), and whether they came unbatched."""
    X = _numpy(inputs)
    if not np.issubdtype(X.dtype, np.floating):
        X = X.astype(np.float64)
    n = config["input_size"]
    if X.ndim == 2:                                          # unbatched: (T, n)
        expect_shape("inputs", X, (X.shape[0], n), "(T, n)", f"n = {n} (the module's input_size)")
        return X[None], True
    if X.ndim != 3:
        layout = "(β, T, n)" if config["batch_first"] else "(T, β, n)"
        raise ShapeError(f"inputs has shape {X.shape}, but the module needs {layout}, or (T, n) unbatched.")
    layout = "(β, T, n)" if config["batch_first"] else "(T, β, n)"
    expect_shape("inputs", X, X.shape[:2] + (n,), layout, f"n = {n} (the module's input_size)")
    return (X if config["batch_first"] else X.transpose(1, 0, 2)), False


def _initial_states(hx, config, batch, unbatched, dtype):
    """h_0 and (for the LSTM) c_0, each (D·L, β, ·), zeros when not given."""
    DL = config["directions"] * config["num_layers"]
    k, out = config["hidden_size"], config["proj_size"] or config["hidden_size"]
    widths = (out, k) if config["kind"] == "LSTM" else (out,)
    names = ("h_0", "c_0")
    if hx is None:
        return [np.zeros((DL, batch, w), dtype) for w in widths]
    given = list(hx) if config["kind"] == "LSTM" else [hx]
    if config["kind"] == "LSTM" and len(given) != 2:
        raise ValueError(f"hx for an LSTM is the tuple (h_0, c_0); got {len(given)} item(s).")
    states = []
    for name, width, state in zip(names, widths, given):
        S = _numpy(state).astype(dtype, copy=False)
        if unbatched:
            expect_shape(name, S, (DL, width), "(D·L, k)" if width == k else "(D·L, p)",
                         f"D·L = {DL}, width {width}")
            S = S[:, None]
        expect_shape(name, S, (DL, batch, width), "(D·L, β, k)" if width == k else "(D·L, β, p)",
                     f"D·L = {DL} (directions × layers), β = {batch}, width {width}")
        states.append(S)
    return states


def _mask(lengths, batch, steps, unbatched):
    """lengths (β,) as the (β, T) mask t < ℓ_b, after torch's own checks."""
    if lengths is None:
        return None
    if unbatched:
        raise ValueError("lengths needs batched inputs: pack_padded_sequence packs a batch of sequences.")
    ell = _numpy(lengths)
    expect_shape("lengths", ell, (batch,), "(β,)", f"β = {batch}")
    if not np.issubdtype(ell.dtype, np.integer) or ell.min() < 1 or ell.max() > steps:
        raise ValueError(f"lengths must be whole numbers from 1 to T = {steps}; got {ell.tolist()}.")
    return np.arange(steps)[None, :] < ell[:, None]          # (β, T): True at the valid steps


def _run_direction(config, params, X, L, reverse, states, mask):
    """One layer in one direction: rnnmath's layer on the converted weights. Returns (Y (β, T, ·), states)."""
    entry = torch_layout.layer(config["kind"])
    options = dict(initial_state=states, mask=mask, return_sequences=True, return_state=True,
                   go_backwards=reverse, zero_output_for_mask=True)
    if config["proj_size"]:
        weights = convert.projected_lstm_weights(_only(params, L, reverse), layer_index=L)
        Y, *final = lstm_projected(X, *weights, **options)
    else:
        weights = convert.torch_to_keras(entry.name, _only(params, L, reverse), layer_index=L)
        if not entry.gates:                                                 # nn.RNN: φ is its nonlinearity
            options["activation"] = config["nonlinearity"]
        Y, *final = entry.forward(X, *weights, **options)
    return (Y[:, ::-1] if reverse else Y), final


def _only(params, L, reverse):
    """The parameters of layer L in one direction, under the names of that direction alone."""
    suffix = torch_layout.parameter_name("", L, reverse)
    return {name[: -len("_reverse")] if reverse else name: value for name, value in params.items()
            if name.endswith(suffix)}


def forward(module, inputs, hx=None, *, lengths=None):
    r"""What `module(inputs, hx)` returns, computed by rnnmath: numpy arrays in torch's structure.

    Parameters
    ----------
    module : torch.nn.RNN, torch.nn.LSTM or torch.nn.GRU
        Any `num_layers`, `bidirectional`, `batch_first`, `bias`,
        `nonlinearity` and `proj_size`. Dropout is inactive, as in
        `module.eval()`.
    inputs : tensor or ndarray of shape (T, β, n), (β, T, n) with `batch_first`, or (T, n) unbatched
    hx : optional
        $h_0$ of shape (D·L, β, k) for an RNN or GRU; the tuple
        $(h_0, c_0)$ for an LSTM ($h_0$ is (D·L, β, p) with projections).
        (D·L, k) for unbatched inputs. Zeros by default.
    lengths : sequence of int, shape (β,), optional
        Each sequence's length, in any order: computes what
        `pack_padded_sequence(inputs, lengths, batch_first=module.batch_first,
        enforce_sorted=False)`, the module, and `pad_packed_sequence(...,
        total_length=T)` give: zeros after each sequence's end, and $h_n$ from
        its last valid step (the first, for the reverse direction).

    Returns
    -------
    `(output, h_n)` for an RNN or GRU, `(output, (h_n, c_n))` for an LSTM:
    output (T, β, D·k) (or (β, T, D·k), or (T, D·k)); h_n and c_n
    (D·L, β, k), layer-major: row $2L + d$ is layer L's direction d.
    With projections, k becomes p for output and h_n.

    Examples
    --------
    >>> import torch
    >>> module = torch.nn.GRU(3, 2, num_layers=2, bidirectional=True)
    >>> x = torch.randn(5, 4, 3)                               # (T, β, n)
    >>> output, h_n = forward(module, x)
    >>> output.shape, h_n.shape                                # (T, β, D·k), (D·L, β, k)
    ((5, 4, 4), (4, 4, 2))
    >>> expected, _ = module(x)
    >>> bool(np.allclose(output, expected.detach().numpy(), atol=1e-6))
    True
    """
    config = _config(module)
    params = {name: _numpy(value) for name, value in module.named_parameters()}
    X, unbatched = _inputs(inputs, config)                                  # (β, T, n)
    batch, steps = X.shape[:2]
    initial = _initial_states(hx, config, batch, unbatched, X.dtype)
    mask = _mask(lengths, batch, steps, unbatched)
    D = config["directions"]
    finals = [[] for _ in initial]                                          # h_n (and c_n), row by row
    layer_input = X
    for L in range(config["num_layers"]):
        outputs = []
        for d in range(D):
            states = [S[L * D + d] for S in initial]                        # row L·D + d: layer-major
            Y, final = _run_direction(config, params, layer_input, L, d == 1, states, mask)
            outputs.append(Y)
            for rows, state in zip(finals, final):
                rows.append(state)
        layer_input = np.concatenate(outputs, axis=-1)                      # (β, T, D·k): the next layer's input
    output = layer_input if config["batch_first"] or unbatched else layer_input.transpose(1, 0, 2)
    states = [np.stack(rows) for rows in finals]                            # (D·L, β, ·)
    if unbatched:
        output, states = output[0], [S[:, 0] for S in states]
    if config["kind"] == "LSTM":
        return output, tuple(states)
    return output, states[0]


def _check_size(name, value, minimum=1):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be a whole number ≥ {minimum}; got {value!r}.")


def count_params(layer, input_size, hidden_size, *, num_layers=1, bias=True, bidirectional=False, proj_size=0):
    r"""How many parameters `nn.RNN`, `nn.LSTM` or `nn.GRU` has, in torch's vocabulary.

    One layer in one direction has $g(kn + kh + 2k)$, two biases of $gk$
    each, plus $pk$ with projections ($h = p$, else $k$); layer 0 reads
    $n$ = `input_size`, each later layer $D h$. Keras's count
    (`rnnmath.count_params`) has one bias, except the GRU's two rows.

    Parameters
    ----------
    layer : "RNN", "LSTM" or "GRU" (or "SimpleRNN")
    input_size, hidden_size, num_layers : int
    bias, bidirectional : bool
    proj_size : int
        LSTM only; 0 for none, else less than `hidden_size`.

    Returns
    -------
    int, exact

    Examples
    --------
    >>> count_params("LSTM", 8, 5)                     # Keras's LSTM(5) on 8 features has 280
    300
    >>> count_params("GRU", 8, 5, num_layers=2, bidirectional=True)
    960
    """
    entry = torch_layout.layer(layer)
    _check_size("input_size", input_size)
    _check_size("hidden_size", hidden_size)
    _check_size("num_layers", num_layers)
    _check_size("proj_size", proj_size, minimum=0)
    if proj_size and entry.name != "LSTM":
        raise ValueError(f"proj_size is an LSTM option; nn.{torch_layout.TORCH_NAMES[entry.name]} has none.")
    if proj_size >= hidden_size:
        raise ValueError(f"proj_size must be smaller than hidden_size; got proj_size={proj_size}, "
                         f"hidden_size={hidden_size}.")
    return torch_layout.parameter_count(entry.name, int(input_size), int(hidden_size), num_layers=int(num_layers),
                                        bias=bool(bias), bidirectional=bool(bidirectional), proj_size=int(proj_size))


def _row(name, config, L, reverse) -> ParamRow:
    entry = torch_layout.layer(config["kind"])
    g, k, p, D = entry.blocks, config["hidden_size"], config["proj_size"], config["directions"]
    h = p or k
    n = config["input_size"] if L == 0 else D * h
    h_sym = "p" if p else "k"
    terms_sym, terms_num = ["k·n", f"k·{h_sym}"], [f"{k}·{n}", f"{k}·{h}"]
    if config["bias"]:
        terms_sym.append("2k")
        terms_num.append(f"2·{k}")
    sym, num = " + ".join(terms_sym), " + ".join(terms_num)
    if g > 1:
        sym, num = f"{g}({sym})", f"{g}({num})"
    if p:
        sym, num = f"{sym} + p·k", f"{num} + {p}·{k}"
    sizes = f"n = {n}, k = {k}" + (f", p = {p}" if p else "")
    shapes = torch_layout.parameter_shapes(entry.name, config["input_size"], k, layer_index=L, bias=config["bias"],
                                           bidirectional=D == 2, proj_size=p)
    params = sum(int(np.prod(shape)) for shape in shapes.values())
    label = (f"{name}." if name else "") + f"l{L}" + ("_reverse" if reverse else "")   # "l0", "lstm.l1_reverse"
    return ParamRow(label, f"nn.{torch_layout.TORCH_NAMES[entry.name]}", sym, sizes, num, params)


def explain(module) -> Explanation:
    r"""Every layer and direction of a torch recurrent module, or of a model's recurrent modules: formula, numbers, total.

    The total is checked against `sum(p.numel() for p in m.parameters())`
    over those modules; a mismatch is an error, never a wrong table.

    Examples
    --------
    >>> import torch
    >>> print(explain(torch.nn.LSTM(8, 5, num_layers=2)))
    l0 (nn.LSTM): 4(k·n + k·k + 2k) with n = 8, k = 5: 4(5·8 + 5·5 + 2·5) = 300
    l1 (nn.LSTM): 4(k·n + k·k + 2k) with n = 5, k = 5: 4(5·5 + 5·5 + 2·5) = 240
    total: 540
    """
    if _is_recurrent(module):
        named = [("", module)]
    else:
        named = [(name, m) for name, m in module.named_modules() if _is_recurrent(m)]
        if not named:
            raise ValueError(f"explain() found no nn.RNN, nn.LSTM or nn.GRU in this {type(module).__name__}.")
    rows = []
    for name, m in named:
        config = _config(m)
        for L in range(config["num_layers"]):
            for d in range(config["directions"]):
                rows.append(_row(name, config, L, d == 1))
    total = sum(row.params for row in rows)
    expected = sum(int(p.numel()) for _, m in named for p in m.parameters())
    if total != expected:
        raise AssertionError(f"the formulas add up to {total} but the modules hold {expected} parameters; "
                             "please report this with the module's configuration.")
    return Explanation(tuple(rows), total)


def _is_recurrent(m) -> bool:
    try:
        _config(m)
    except TypeError:
        return False
    return True
