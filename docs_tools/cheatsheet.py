r"""The cheat sheet's tables, generated from the table of layers so that they cannot drift.

Gate orders, block names, weight shapes and bias layouts come from
``rnnmath.layers`` and ``rnnmath.torch_layout``; every parameter-count
formula is a Python expression that is both rendered as TeX and evaluated,
at a few sizes, against ``rnnmath.count_params``, ``parameter_count`` and
(when torch is installed) ``sum(p.numel())`` of the torch module. A formula
that is wrong, or a table that disagrees with the code, fails the build.
Every table is written by ``docs_tools.tables.md_table``.
"""

from __future__ import annotations

import re

import numpy as np

import rnnmath
from docs_tools.tables import md_table
from rnnmath import layers, torch_layout
from rnnmath.bidirectional import MERGE_MODES, merge

#: Sizes at which every formula is evaluated against the code: (n, k), uneven on purpose.
SIZES = ((1, 1), (3, 2), (8, 5), (13, 7))


# ---- Symbols, from the table's gate letters


def gate_named(layer: layers.Layer, name: str) -> str:
    """The letter of the gate whose name is ``name`` ("forget gate" gives "f")."""
    return next(gate for gate, meaning in layer.gate_names.items() if meaning == name)


def is_candidate(layer: layers.Layer, gate: str) -> bool:
    return "candidate" in layer.gate_names[gate]


def row(layer: layers.Layer, gate: str) -> str:
    r"""A gate's matrix in the row form: I_t, or a candidate for the state it updates (\tilde C_t, \tilde H_t)."""
    return rf"\tilde {layer.states[-1].upper()}_t" if is_candidate(layer, gate) else f"{gate.upper()}_t"


def col(layer: layers.Layer, gate: str) -> str:
    r"""A gate's vector in the column form: \mathbf i_t, or \tilde{\mathbf c}_t, \tilde{\mathbf h}_t for a candidate."""
    state = layer.states[-1]
    return rf"\tilde{{\mathbf {state}}}_t" if is_candidate(layer, gate) else rf"\mathbf {gate}_t"


def tex_shape(written: str) -> str:
    """"(n, 4k)" as "n\\times 4k", "(4k,)" as "4k"."""
    axes = [axis.strip() for axis in written.strip("()").split(",") if axis.strip()]
    return r"\times ".join(axes)


def _activation(layer, gate) -> str:
    return r"\phi" if is_candidate(layer, gate) else r"\sigma"


def _m(tex: str) -> str:
    return f"${tex}$"


# ---- Forward equations


def _blocks(layer, prefix: str, hat: bool = False) -> str:
    w = r"\hat W" if hat else "W"
    return r"\big[\," + r"\;\; ".join(f"{w}_{{{prefix}{gate}}}" for gate in layer.gates) + r"\,\big]"


def _layout_row(layer) -> list[str]:
    """The blocks row: W_x = [W_xi W_xf …] with the table's shapes; torch's column form stacks them."""
    g = layer.blocks
    kernel, recurrent = layer.weights()[:2]
    bias = layer.bias(reset_after=True)
    bias_tex = (rf"\sh{{{bias.symbol}}}{{{tex_shape(bias.written(g))}}}")
    rows = (rf"\sh{{W_x}}{{{tex_shape(kernel.written(g))}}} = {_blocks(layer, 'x')},\ "
            rf"\sh{{W_h}}{{{tex_shape(recurrent.written(g))}}} = {_blocks(layer, 'h')},\ {bias_tex}")
    gk = tex_shape(kernel.written(g)).split(r"\times ")[1]
    cols = rf"\sh{{\hat W_x}}{{{gk}\times n}} = W_x\T,\ \sh{{\hat W_h}}{{{gk}\times k}} = W_h\T"
    return ["blocks, in order", _m(rows), _m(cols) + ": the same blocks, stacked top to bottom"]


def forward_simple_rnn() -> str:
    layer = layers.SIMPLE_RNN
    kernel, recurrent, bias = layer.weights()
    rows = [["output", _m(rf"\sh{{Y_t}}{{\beta\times k}} = \phi\big(\sh{{X_t}}{{\beta\times n}}\,"
                          rf"\sh{{W_x}}{{{tex_shape(kernel.written(1))}}} + \sh{{Y_{{t-1}}}}{{\beta\times k}}\,"
                          rf"\sh{{W_y}}{{{tex_shape(recurrent.written(1))}}} + \sh{{\vb}}{{{tex_shape(bias.written(1))}}}\big)"),
             _m(r"\sh{\vy_t}{k} = \phi\big(\sh{\hat W_x}{k\times n}\,\sh{\vx_t}{n} + \sh{\hat W_y}{k\times k}\,"
                r"\sh{\vy_{t-1}}{k} + \vb\big)")]]
    return md_table(["SimpleRNN", "row form: a batch (Keras)", "column form: one sequence"], rows)


def _gate_rows(layer, recurrent_bias: bool) -> list[list[str]]:
    out = []
    for gate in layer.gates:
        if is_candidate(layer, gate) and layer.name == "GRU":
            continue
        xb = f"_{{x{gate}}}" if layer.name == "GRU" else f"_{gate}"
        hb = rf" + \vb_{{h{gate}}}" if recurrent_bias else ""
        f = _activation(layer, gate)
        out.append([layer.gate_names[gate],
                    _m(rf"{row(layer, gate)} = {f}\big(X_t W_{{x{gate}}} + H_{{t-1}} W_{{h{gate}}} + \vb{xb}{hb}\big)"),
                    _m(rf"{col(layer, gate)} = {f}\big(\hat W_{{x{gate}}} \vx_t + \hat W_{{h{gate}}} \vh_{{t-1}}"
                       rf" + \vb{xb}{hb}\big)")])
    return out


def forward_lstm() -> str:
    layer = layers.LSTM
    i, f, c, o = (gate_named(layer, name) for name in ("input gate", "forget gate", "candidate cell", "output gate"))
    rows = [_layout_row(layer), *_gate_rows(layer, recurrent_bias=False)]
    rows.append(["cell state",
                 _m(rf"\sh{{C_t}}{{\beta\times k}} = {row(layer, f)} \odot C_{{t-1}} + {row(layer, i)} \odot {row(layer, c)}"),
                 _m(rf"\sh{{\vc_t}}{{k}} = {col(layer, f)} \odot \vc_{{t-1}} + {col(layer, i)} \odot {col(layer, c)}")])
    rows.append(["output", _m(rf"\sh{{H_t}}{{\beta\times k}} = {row(layer, o)} \odot \phi(C_t)"),
                 _m(rf"\sh{{\vh_t}}{{k}} = {col(layer, o)} \odot \phi(\vc_t)")])
    return md_table(["LSTM", "row form: a batch (Keras)", "column form: one sequence"], rows)


def forward_gru() -> str:
    layer = layers.GRU
    z, r, h = (gate_named(layer, name) for name in ("update gate", "reset gate", "candidate state"))
    rows = [_layout_row(layer)]
    rows.append(["`reset_after=True` (default; torch)", "", ""])
    rows += _gate_rows(layer, recurrent_bias=True)
    rows.append([layer.gate_names[h],
                 _m(rf"{row(layer, h)} = \phi\big(X_t W_{{x{h}}} + \vb_{{x{h}}} + {row(layer, r)} \odot "
                    rf"(H_{{t-1}} W_{{h{h}}} + \vb_{{h{h}}})\big)"),
                 _m(rf"{col(layer, h)} = \phi\big(\hat W_{{x{h}}} \vx_t + \vb_{{x{h}}} + {col(layer, r)} \odot "
                    rf"(\hat W_{{h{h}}} \vh_{{t-1}} + \vb_{{h{h}}})\big)")])
    one_row = layer.bias(reset_after=False)
    rows.append([f"`reset_after=False`: bias ${tex_shape(one_row.written(layer.blocks))}$", "", ""])
    rows += _gate_rows(layer, recurrent_bias=False)
    rows.append([layer.gate_names[h],
                 _m(rf"{row(layer, h)} = \phi\big(X_t W_{{x{h}}} + \vb_{{x{h}}} + ({row(layer, r)} \odot "
                    rf"H_{{t-1}})\, W_{{h{h}}}\big)"),
                 _m(rf"{col(layer, h)} = \phi\big(\hat W_{{x{h}}} \vx_t + \vb_{{x{h}}} + \hat W_{{h{h}}} "
                    rf"({col(layer, r)} \odot \vh_{{t-1}})\big)")])
    rows.append(["new state (both)",
                 _m(rf"\sh{{H_t}}{{\beta\times k}} = {row(layer, z)} \odot H_{{t-1}} + (1 - {row(layer, z)}) \odot {row(layer, h)}"),
                 _m(rf"\sh{{\vh_t}}{{k}} = {col(layer, z)} \odot \vh_{{t-1}} + (1 - {col(layer, z)}) \odot {col(layer, h)}")])
    return md_table(["GRU", "row form: a batch (Keras)", "column form: one sequence"], rows)


_MERGE_TEX = {
    "concat": (r"\big[\,\overrightarrow{H}_t\;\; \overleftarrow{H}_t\,\big]", r"\beta\times 2k"),
    "sum": (r"\overrightarrow{H}_t + \overleftarrow{H}_t", r"\beta\times k"),
    "ave": (r"\tfrac12\big(\overrightarrow{H}_t + \overleftarrow{H}_t\big)", r"\beta\times k"),
    "mul": (r"\overrightarrow{H}_t \odot \overleftarrow{H}_t", r"\beta\times k"),
    None: (r"\overrightarrow{H}_t,\ \overleftarrow{H}_t", r"\text{two}\ \beta\times k"),
}


def forward_bidirectional() -> str:
    """Each merge mode of rnnmath.bidirectional, its formula checked numerically against ``merge``."""
    assert set(_MERGE_TEX) == set(MERGE_MODES), "a merge mode of rnnmath.bidirectional has no formula here"
    rng = np.random.default_rng(14)
    forward, backward = rng.normal(size=(2, 3)), rng.normal(size=(2, 3))
    expected = {"concat": np.concatenate([forward, backward], axis=-1), "sum": forward + backward,
                "ave": (forward + backward) / 2, "mul": forward * backward, None: [forward, backward]}
    rows = [["directions",
             _m(r"\overrightarrow{H}_t = \text{step}(X_t, \overrightarrow{H}_{t-1}),\ t = 1..T;\quad "
                r"\overleftarrow{H}_t = \text{step}'(X_t, \overleftarrow{H}_{t+1}),\ t = T..1")
             + ": two layers, each with its own weights"]]
    merges = []
    for mode in MERGE_MODES:
        assert np.allclose(merge(forward, backward, mode), expected[mode])
        tex, shape = _MERGE_TEX[mode]
        merges.append(f"`{mode!r}`: " + _m(rf"{tex}\ ({shape})"))
    rows.append(["`merge_mode`, output " + _m("Y_t"), "; ".join(merges)])
    rows.append(["stacked", "layer 2 reads layer 1's output sequence, "
                 + _m(r"X_t^{\text{layer 2}} = Y_t^{\text{layer 1}}") + ": its " + _m(r"n")
                 + " is layer 1's output width, " + _m(r"k_1") + " or " + _m(r"2k_1") + " after `'concat'`"])
    return md_table(["Bidirectional, stacking", "row form"], rows)


# ---- Weight layouts


def keras_layouts() -> str:
    rows = []
    for layer in layers.LAYERS.values():
        g = layer.blocks
        layouts = [(True, "")] if not layer.reset_after else [(True, " (`reset_after=True`)"),
                                                               (False, " (`reset_after=False`)")]
        for reset_after, note in layouts:
            kernel, recurrent, bias = layer.weights(reset_after=reset_after)
            for n, k in SIZES:   # the written shapes are the ones the code gives
                assert [_evaluate_shape(w.written(g), n, k) for w in (kernel, recurrent, bias)] == \
                    rnnmath.weight_shapes(layer.name, n, k, reset_after=reset_after)
            recurrent_symbol = recurrent.symbol if layer.has_gates else "W_y"   # the notation's SimpleRNN name
            rows.append([f"`{layer.name}`{note}", ", ".join(layer.gates) or "(one block)",
                         f"${kernel.symbol}$ `{kernel.written(g)}`", f"${recurrent_symbol}$ `{recurrent.written(g)}`",
                         f"${bias.symbol}$ `{bias.written(g)}`"])
    return md_table(["Keras layer", "gate order (blocks of k columns)", "`kernel`", "`recurrent_kernel`", "`bias`"],
                    rows)


def _evaluate_shape(written: str, n: int, k: int) -> tuple[int, ...]:
    """"(n, 4k)" at n, k as (n, 4k) in numbers."""
    axes = [axis.strip() for axis in written.strip("()").split(",") if axis.strip()]
    return tuple(int(eval(re.sub(r"(\d)([nkp])", r"\1*\2", axis), {}, {"n": n, "k": k})) for axis in axes)


def torch_layouts() -> str:
    rows = []
    for keras_name, torch_name in torch_layout.TORCH_NAMES.items():
        layer = layers.get(keras_name)
        G = "" if layer.blocks == 1 else str(layer.blocks)
        written = {"weight_ih": f"({G}k, n)", "weight_hh": f"({G}k, k)", "bias_ih": f"({G}k,)", "bias_hh": f"({G}k,)"}
        for n, k in SIZES:
            shapes = torch_layout.parameter_shapes(torch_name, n, k)
            assert shapes == {name: _evaluate_shape(w, n, k) for name, w in written.items()}, (torch_name, shapes)
        pairs = torch_layout.TORCH_GATES[keras_name]
        order = ", ".join(t for t, _ in pairs) or "(one block)"
        order_of = torch_layout.torch_block_order(keras_name)
        same = ", ".join(layer.gates[j] for j in order_of) if layer.gates else ""
        assert [k_ for _, k_ in pairs] == [layer.gates[j] for j in order_of] if layer.gates else True
        biases = ("Keras's rows $\\vb_x$, $\\vb_h$" if torch_layout.keeps_two_bias_rows(keras_name)
                  else "their sum is Keras's $\\vb$")
        recurrent = "W_h" if layer.has_gates else "W_y"
        rows.append([f"`nn.{torch_name}`", order, same, f"`{written['weight_ih']}` $= W_x\\T$",
                     f"`{written['weight_hh']}` $= {recurrent}\\T$", f"`{written['bias_ih']}` each; {biases}"])
    return md_table(["torch module", "gate order (blocks of k rows)", "Keras's blocks, in torch's order", "`weight_ih_l0`",
                     "`weight_hh_l0`", "`bias_ih_l0`, `bias_hh_l0`"], rows)


# ---- Parameter counts


def formula_tex(expression: str) -> str:
    """A count formula written as Python, as TeX: "4*(n*k + k**2 + k)" is 4(nk + k^2 + k)."""
    tex = expression.replace("**2", "^2")
    tex = re.sub(r"(\d)\*(\d)", r"\1\\cdot \2", tex)
    return tex.replace("*", "")


def _torch_count(torch_name, n, k, **options) -> int | None:
    """sum(p.numel()) of the torch module itself, or None if torch is not installed."""
    try:
        import torch
    except ImportError:
        return None
    module = getattr(torch.nn, torch_name)(n, k, **options)
    return sum(p.numel() for p in module.parameters())


def count_table() -> str:
    """Every count formula, in both frameworks, evaluated at SIZES against the code."""
    rows = []
    checked_with_torch = False
    for layer in layers.LAYERS.values():
        g = layer.blocks
        G = "" if g == 1 else f"{g}*"
        torch_name = torch_layout.TORCH_NAMES[layer.name]
        variants = [(True, "")] if not layer.reset_after else [(True, ", `reset_after=True`"),
                                                               (False, ", `reset_after=False`")]
        for reset_after, note in variants:
            rows_of_bias = layer.bias_rows(reset_after=reset_after) or 1
            bias = "k" if rows_of_bias == 1 else f"{rows_of_bias}*k"
            keras = f"{G}(n*k + k**2 + {bias})" if G else f"n*k + k**2 + {bias}"
            keras_bi = f"2*{G}(n*k + k**2 + {bias})"
            keras_no_bias = f"{G}(n*k + k**2)" if G else "n*k + k**2"
            for n, k in SIZES:
                env = {"n": n, "k": k}
                assert eval(keras, {}, env) == rnnmath.count_params(layer.name, n, k, reset_after=reset_after)
                assert eval(keras_bi, {}, env) == rnnmath.count_params(layer.name, n, k, reset_after=reset_after,
                                                                          bidirectional=True)
                assert eval(keras_no_bias, {}, env) == rnnmath.count_params(layer.name, n, k, use_bias=False)
            rows.append([f"`{layer.name}`{note}", _m(formula_tex(keras)), _m(formula_tex(keras_bi)),
                         _m(formula_tex(keras_no_bias))])
    keras_rows = md_table(["Keras", "count", "`Bidirectional`", "`use_bias=False`"], rows)

    rows = []
    for layer in layers.LAYERS.values():
        G = "" if layer.blocks == 1 else f"{layer.blocks}*"
        torch_name = torch_layout.TORCH_NAMES[layer.name]
        one = f"{G}(n*k + k**2 + 2*k)" if G else "n*k + k**2 + 2*k"
        # N layers (num_layers), D directions: layer 0 reads n features, every later layer D·k.
        stack = f"{G}D*(n*k + k**2 + 2*k) + {G}(N - 1)*D*(D*k**2 + k**2 + 2*k)"
        for n, k in SIZES:
            for N in (1, 2, 3):
                for D in (1, 2):
                    env = {"n": n, "k": k, "N": N, "D": D}
                    ours = torch_layout.parameter_count(torch_name, n, k, num_layers=N, bidirectional=D == 2)
                    assert eval(stack, {}, env) == ours, (torch_name, n, k, N, D)
                    if n == 3:
                        theirs = _torch_count(torch_name, n, k, num_layers=N, bidirectional=D == 2)
                        if theirs is not None:
                            assert theirs == ours, (torch_name, n, k, N, D, theirs, ours)
                            checked_with_torch = True
            assert eval(one, {}, {"n": n, "k": k}) == torch_layout.parameter_count(torch_name, n, k)
        rows.append([f"`nn.{torch_name}`", _m(formula_tex(one)), _m(formula_tex(stack))])
    proj = "4*k*(n + p) + 8*k + p*k"
    for n, k in SIZES:
        for p in range(1, k):
            assert eval(proj, {}, {"n": n, "k": k, "p": p}) == torch_layout.parameter_count("LSTM", n, k, proj_size=p)
            if n == 3 and checked_with_torch:
                assert _torch_count("LSTM", n, k, proj_size=p) == eval(proj, {}, {"n": n, "k": k, "p": p})
    rows.append(["`nn.LSTM`, `proj_size=p`", _m(formula_tex(proj)), "layer 0, one direction"])
    torch_rows = md_table(["PyTorch (two biases)", "count", "`num_layers=N`, $D$ directions"], rows)

    dense = "k*m + m"  # m outputs reading the k of the layer below
    assert all(eval(dense, {}, {"k": k, "m": m}) == rnnmath.count_params("Dense", k, m) for k, m in SIZES)
    checked = ", ".join(f"({n}, {k})" for n, k in SIZES)
    source = "`count_params`, `parameter_count` and torch's `sum(p.numel())`" if checked_with_torch \
        else "`count_params` and `parameter_count`"
    note = (f"A `Dense(m)` head on $k$ units: ${formula_tex(dense)}$. A Keras stack: sum the layers, each with $n$ = the "
            f"previous layer's output width. Each formula was evaluated at $(n, k)$ = {checked} against {source}.")
    return keras_rows + "\n\n" + torch_rows + "\n\n" + note


# ---- Backpropagation through time


def bptt_simple_rnn() -> str:
    """The SimpleRNN recursion in both forms, checked on numbers against ``simple_rnn_backward``."""
    rng = np.random.default_rng(6)
    beta, T, n, k = 2, 4, 3, 2
    X, E = rng.normal(size=(beta, T, n)), rng.normal(size=(beta, T, k))
    W_x, W_y, b = rng.uniform(-0.9, 0.9, (n, k)), rng.uniform(-0.9, 0.9, (k, k)), rng.uniform(-0.5, 0.5, k)
    Y, A = [np.zeros((beta, k))], []
    for t in range(T):                                  # A_t = X_t W_x + Y_{t-1} W_y + b,  Y_t = tanh(A_t)
        A.append(X[:, t] @ W_x + Y[-1] @ W_y + b)
        Y.append(np.tanh(A[-1]))
    delta, grad = np.zeros((beta, k)), {"kernel": 0, "recurrent_kernel": 0, "bias": 0}
    for t in reversed(range(T)):                        # δ_t = (E_t + δ_{t+1} W_yᵀ) ⊙ φ'(A_t)
        delta = (E[:, t] + delta @ W_y.T) * (1 - np.tanh(A[t]) ** 2)
        grad["kernel"] = grad["kernel"] + X[:, t].T @ delta
        grad["recurrent_kernel"] = grad["recurrent_kernel"] + Y[t].T @ delta     # Y[t] is Y_{t-1}
        grad["bias"] = grad["bias"] + delta.sum(axis=0)
    theirs = rnnmath.simple_rnn_backward(X, W_x, W_y, b, output_gradients=E)
    for name, value in grad.items():
        assert np.allclose(value, theirs[name]), name
    rows = [
        ["recursion", _m(r"\sh{\delta_t}{\beta\times k} = \big(E_t + \delta_{t+1} W_y\T\big) \odot \phi'(A_t),"
                         r"\ \delta_{T+1} = 0"),
         _m(r"\sh{\boldsymbol\delta_t}{k} = \big(\mathbf e_t + \hat W_y\T \boldsymbol\delta_{t+1}\big)"
            r" \odot \phi'(\mathbf a_t)")],
        ["weights", _m(r"\overline{W_x} = \sum_t X_t\T \delta_t,\ \overline{W_y} = \sum_t Y_{t-1}\T \delta_t,"
                       r"\ \overline{\vb} = \sum_t \mathbf 1\T \delta_t"),
         _m(r"\tfrac{dL}{d\hat W_x} = \sum_t \boldsymbol\delta_t \vx_t\T,\ "
            r"\tfrac{dL}{d\hat W_y} = \sum_t \boldsymbol\delta_t \vy_{t-1}\T,\ "
            r"\tfrac{dL}{d\vb} = \sum_t \boldsymbol\delta_t")],
        ["inputs, first state", _m(r"\overline{X_t} = \delta_t W_x\T,\ \overline{Y_0} = \delta_1 W_y\T"),
         _m(r"\tfrac{dL}{d\vx_t} = \hat W_x\T \boldsymbol\delta_t,\ "
            r"\tfrac{dL}{d\vy_0} = \hat W_y\T \boldsymbol\delta_1")],
    ]
    return md_table(["SimpleRNN", "row form: a batch", "column form: one sequence"], rows)


def _bar(tex: str) -> str:
    return rf"\overline{{{tex}}}"


VB = r"\vb"


def bptt_gated() -> str:
    """The LSTM's and the GRU's state recursions (row form), in the table's gate letters and order."""
    lstm, gru = layers.LSTM, layers.GRU
    i, f, c, o = (gate_named(lstm, name) for name in ("input gate", "forget gate", "candidate cell", "output gate"))
    I, F, Ct, O = (row(lstm, g) for g in (i, f, c, o))
    blocks = r"\;\; ".join(
        rf"{_bar(row(lstm, g))} \odot {_activation(lstm, g)}'(A^{g}_t)" for g in lstm.gates)
    nxt = lambda tex: tex.replace("_t", "_{t+1}")  # noqa: E731
    lstm_rows = [
        ["states", _m(rf"{_bar('H_t')} = E_t + {_bar('A_{t+1}')}\, W_h\T,\quad "
                      rf"{_bar('C_t')} = {_bar('C_{t+1}')} \odot {nxt(F)} + {_bar('H_t')} \odot {O} \odot \phi'(C_t)")],
        ["gates", _m(rf"{_bar(O)} = {_bar('H_t')} \odot \phi(C_t),\ {_bar(F)} = {_bar('C_t')} \odot C_{{t-1}},\ "
                     rf"{_bar(I)} = {_bar('C_t')} \odot {Ct},\ {_bar(Ct)} = {_bar('C_t')} \odot {I}")],
        ["pre-activations", _m(rf"\sh{{{_bar('A_t')}}}{{\beta\times {lstm.blocks}k}} = \big[\,{blocks}\,\big]")],
        ["weights", _m(rf"{_bar('W_x')} = \sum_t X_t\T {_bar('A_t')},\ {_bar('W_h')} = \sum_t H_{{t-1}}\T "
                       rf"{_bar('A_t')},\ {_bar(VB)} = \sum_t \mathbf 1\T {_bar('A_t')},\ "
                       rf"{_bar('X_t')} = {_bar('A_t')}\, W_x\T")],
    ]
    z, r, h = (gate_named(gru, name) for name in ("update gate", "reset gate", "candidate state"))
    Z, R, Ht = (row(gru, g) for g in (z, r, h))
    back = rf"\big[\,{_bar(f'A^{z}_t')}\;\; {_bar(f'A^{r}_t')}\;\; {_bar(f'A^{h}_t')} \odot {R}\,\big]"
    gru_rows = [
        ["state", _m(rf"{_bar('H_t')} = E_t + {_bar('H_{t+1}')} \odot {nxt(Z)} + {nxt(back)}\, W_h\T")],
        ["gates", _m(rf"{_bar(Z)} = {_bar('H_t')} \odot (H_{{t-1}} - {Ht}),\ {_bar(Ht)} = {_bar('H_t')} \odot (1 - {Z}),\ "
                     rf"{_bar(f'A^{h}_t')} = {_bar(Ht)} \odot \phi'(A^{h}_t),\ "
                     rf"{_bar(R)} = {_bar(f'A^{h}_t')} \odot (H_{{t-1}} W_{{h{h}}} + \vb_{{h{h}}})")],
        ["pre-activations", _m(rf"{_bar(f'A^{z}_t')} = {_bar(Z)} \odot \sigma'(A^{z}_t),\ "
                               rf"{_bar(f'A^{r}_t')} = {_bar(R)} \odot \sigma'(A^{r}_t)")],
        ["weights", _m(rf"{_bar('W_h')} = \sum_t H_{{t-1}}\T {back},\ {_bar('W_x')} = \sum_t X_t\T "
                       rf"\big[\,{_bar(f'A^{z}_t')}\;\; {_bar(f'A^{r}_t')}\;\; {_bar(f'A^{h}_t')}\,\big]")],
    ]
    return (md_table(["LSTM", "row form (column form: transpose every product)"], lstm_rows) + "\n\n"
            + md_table(["GRU, `reset_after=True`", "row form"], gru_rows))
