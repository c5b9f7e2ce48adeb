r"""The bridge to Keras: run a built Keras layer or model with rnnmath, and
explain its parameter count.

TensorFlow and Keras are imported only when a function here is called, so
`import rnnmath` needs numpy alone.

- [`forward`][rnnmath.keras.forward] reads a layer's config and `get_weights()` and computes
  the same output with rnnmath's numpy functions. It takes SimpleRNN, LSTM,
  GRU, Bidirectional, Dense, Embedding, Masking, Dropout and InputLayer, and
  Sequential or functional models that chain them.
- [`explain`][rnnmath.keras.explain] gives every layer's parameter-count formula, the numbers
  substituted into it, and the total, and checks the total against
  `model.count_params()`.

Pages: [Inside a Keras layer](../keras-layer.md) and [Counting parameters](../parameters.md).
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass

import numpy as np

from . import activations, layers
from .bidirectional import bidirectional
from .checks import numbers
from .counting import count_params
from .inputs import check_ids

_RECURRENT = layers.LAYERS   # the recurrent layers forward() runs, by Keras class name
_PASS_THROUGH = {"InputLayer", "Dropout", "SpatialDropout1D", "GaussianNoise", "GaussianDropout", "ActivityRegularization"}


def _keras():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras

    return keras


# ---------------------------------------------------------------- forward


def forward(layer_or_model, inputs, *, initial_state=None, mask=None):
    """Compute a built Keras layer or model's output with rnnmath.

    Parameters
    ----------
    layer_or_model : keras.layers.Layer or keras.Model
        Built: it has weights. A model must be a chain of supported layers.
    inputs : ndarray of shape (β, T, n)
        (β, T) integer token ids if the first layer is an Embedding.
    initial_state : list of ndarray, optional
        For a single recurrent layer, as in Keras. A stateful layer with no
        `initial_state` starts from the states it holds, as Keras does.
    mask : ndarray of bool, shape (β, T), optional

    Returns
    -------
    What Keras's `layer(inputs)` or `model.predict(inputs)` returns, as
    numpy arrays, in the dtype Keras computes in: each layer's
    `compute_dtype`, from its dtype policy. An Embedding casts float ids
    to int32 as Keras does, and an id outside 0 … input_dim − 1 is an error.

    Notes
    -----
    This is the check that catches what no shape check can: a kernel
    transposed when n = gk, or kernel and recurrent_kernel swapped when
    n = k. Compare `forward(layer, X)` with `layer(X)`.

    Examples
    --------
    >>> import numpy as np
    >>> import keras
    >>> layer = keras.layers.SimpleRNN(2, activation="linear", use_bias=False)
    >>> layer.build((None, None, 1))
    >>> layer.set_weights([np.array([[1.0, 1.0]]), np.array([[0.0, 1.0], [0.0, 1.0]])])
    >>> forward(layer, np.array([[[3.0], [3.0], [7.0], [5.0]]], dtype="float32"))
    array([[ 5., 31.]], dtype=float32)
    """
    keras = _keras()
    _check_keras("layer_or_model", layer_or_model)
    if isinstance(layer_or_model, keras.Model):
        if initial_state is not None:
            raise ValueError("initial_state applies to a single recurrent layer, not to a model.")
        layers = _chain(layer_or_model)
        X = _model_input(layers, inputs, layer_or_model)
        for i, layer in enumerate(layers):
            X, mask = _forward_one(layer, X, mask, None)
            if isinstance(X, list) and i < len(layers) - 1:
                raise ValueError(
                    f"layer {layer.name!r} returns a list (return_state or merge_mode=None), "
                    "so it can only be a model's last layer."
                )
        return X
    X = numbers("inputs", inputs)
    output, _ = _forward_one(layer_or_model, X, mask, initial_state)
    return output


def _check_keras(name, thing):
    """A TypeError that names the argument, unless `thing` is a Keras layer or model."""
    if not isinstance(thing, _keras().layers.Layer):
        raise TypeError(
            f"{name} must be a Keras layer or model, such as keras.layers.LSTM(3) or a keras.Sequential; "
            f"got {type(thing).__name__} {_short(thing)}."
        )


def _short(thing) -> str:
    text = repr(thing)
    return text if len(text) <= 50 else text[:47] + "..."


def _model_input(layers, inputs, model=None):
    """The inputs as Keras hands them to the first layer: converted to the model's input dtype."""
    X = numbers("inputs", inputs)
    try:
        dtype = np.dtype(model.inputs[0].dtype)
    except (AttributeError, IndexError, TypeError, ValueError):   # a Sequential built without keras.Input
        dtype = X.dtype if np.issubdtype(X.dtype, np.floating) else np.dtype(np.float32)
    return X.astype(dtype, copy=False)


def _compute_dtype(layer) -> np.dtype:
    """The dtype the layer computes in, from its dtype policy, as numpy spells it."""
    try:
        return np.dtype(layer.compute_dtype)
    except TypeError:
        raise ValueError(
            f"layer {layer.name!r} computes in {layer.compute_dtype} (dtype policy "
            f"{layer.dtype_policy.name!r}), which numpy has no type for; rnnmath computes in float16, "
            "float32 or float64."
        ) from None


def _in_compute_dtype(layer, X):
    """X as the layer's call sees it: numbers cast to its compute dtype, as Keras's autocast does."""
    return X.astype(_compute_dtype(layer), copy=False)


def _chain(model):
    """The model's layers in order, checking that each feeds the next."""
    layers = list(model.layers)
    keras = _keras()
    if not isinstance(model, keras.Sequential):
        if len(model.inputs) != 1 or len(model.outputs) != 1:
            raise ValueError("forward() takes models with one input and one output.")
        previous = None
        for layer in layers:
            if previous is not None and layer.input is not previous.output:
                raise ValueError(
                    f"layer {layer.name!r} does not take {previous.name!r}'s output: forward() takes "
                    "models that chain their layers one after another."
                )
            previous = layer
    return [layer for layer in layers if type(layer).__name__ != "InputLayer"]


def _weights(layer):
    weights = layer.get_weights()
    if not weights:
        raise ValueError(
            f"layer {layer.name!r} has no weights yet. Keras creates them when the layer is built: "
            "call it on an input once, or put it in a model that starts with keras.Input(shape=...)."
        )
    return weights


def _config(layer) -> dict:
    """`layer.get_config()`, without Keras's warning about serialising a lambda: _activation names it."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*includes a `lambda`", category=UserWarning)
        return layer.get_config()


def _activation(config, key="activation", layer=None):
    name = config[key]
    if not (name is None or isinstance(name, str)):
        function = getattr(layer, key, None)
        what = getattr(function, "__name__", type(name).__name__)
        owner = f"layer {layer.name!r} has " if layer is not None else ""
        raise ValueError(
            f"{owner}{key}={what}, a Python function rather than a Keras activation name; "
            "rnnmath.keras.forward computes the named elementwise activations only. Call the rnnmath "
            f"layer function with the layer's get_weights() and {key}= a numpy function instead."
        )
    return activations.get(name, key)


def _recurrent_options(layer):
    config = _config(layer)
    entry = layers.get(type(layer).__name__)
    options = dict(
        activation=_activation(config, layer=layer),
        return_sequences=config["return_sequences"],
        return_state=config["return_state"],
        go_backwards=config["go_backwards"],
        zero_output_for_mask=bool(getattr(layer, "zero_output_for_mask", False)),
    )
    if entry.has_gates:
        options["recurrent_activation"] = _activation(config, "recurrent_activation", layer)
    if entry.reset_after:
        options["reset_after"] = config["reset_after"]
    return options


def _forward_one(layer, X, mask, initial_state):
    """One layer: returns its output and the mask it passes on."""
    kind = type(layer).__name__
    if kind != "Embedding":
        X = _in_compute_dtype(layer, X)
    if kind in _RECURRENT:
        options = _recurrent_options(layer)
        if initial_state is None and layer.stateful and getattr(layer, "states", None) is not None:
            initial_state = [np.asarray(s) for s in layer.states]
        out = _RECURRENT[kind].forward(X, *_weights(layer), initial_state=initial_state, mask=mask, **options)
        return out, mask if options["return_sequences"] else None
    if kind == "Bidirectional":
        return _forward_bidirectional(layer, X, mask, initial_state)
    if kind == "Dense":
        _weights(layer)
        _not_quantized(layer)
        W = np.asarray(layer.kernel)  # (n, k); with LoRA enabled, Keras's kernel property adds (α/r)·A·B
        phi = _activation(_config(layer), layer=layer)
        Z = X @ W.astype(X.dtype)  # (…, n)(n, k) -> (…, k)
        if layer.bias is not None:
            Z = Z + np.asarray(layer.bias).astype(X.dtype)
        return phi(Z), mask
    if kind == "Embedding":
        _weights(layer)
        _not_quantized(layer)
        E = np.asarray(layer.embeddings)  # (V, d); with LoRA, the property adds (α/r)·A·B
        ids = _token_ids(layer, X, E.shape[0])
        new_mask = ids != 0 if layer.get_config().get("mask_zero") else mask
        return E[ids].astype(_compute_dtype(layer)), new_mask
    if kind == "Masking":
        keep = np.any(X != layer.get_config()["mask_value"], axis=-1)  # (β, T)
        return X * keep[..., None], keep
    if kind in _PASS_THROUGH:
        return X, mask  # inference: dropout and noise are off
    raise ValueError(
        f"layer {layer.name!r} is a {kind}; rnnmath.keras.forward takes {', '.join(_RECURRENT)}, "
        f"Bidirectional, Dense, Embedding, Masking and {', '.join(sorted(_PASS_THROUGH))}."
    )


def _not_quantized(layer):
    if getattr(layer, "quantization_mode", None):
        raise ValueError(
            f"layer {layer.name!r} is quantized ({layer.quantization_mode}); rnnmath.keras.forward computes "
            "with float weights only."
        )


def _token_ids(layer, X, V):
    """Token ids as Keras's Embedding reads them: other dtypes cast to int32, and each id in 0 … V − 1."""
    if X.dtype.kind == "f" and not np.isfinite(X).all():
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(X))[0])
        raise ValueError(f"inputs holds {X[where]} at {where}, which is not a token id: layer {layer.name!r} "
                         f"takes ids 0 to {V - 1} (input_dim = {V}).")
    ids = X if X.dtype.kind in "iu" else X.astype(np.int32)   # as Embedding.call casts: toward zero
    return check_ids(ids, V, "inputs", vocabulary=f"layer {layer.name!r}'s vocabulary (input_dim)")


def _forward_bidirectional(layer, X, mask, initial_state):
    forward_layer, backward_layer = layer.forward_layer, layer.backward_layer
    kind, back_kind = type(forward_layer).__name__, type(backward_layer).__name__
    if kind not in _RECURRENT:
        raise ValueError(f"Bidirectional layer {layer.name!r} wraps a {kind}; forward() takes "
                         f"{', '.join(_RECURRENT)}.")
    if back_kind != kind:
        raise ValueError(
            f"Bidirectional layer {layer.name!r} runs a{'n' if kind == 'LSTM' else ''} {kind} forwards but its "
            f"backward_layer is a{'n' if back_kind == 'LSTM' else ''} {back_kind}; rnnmath.bidirectional runs "
            "the same kind of layer in both directions."
        )
    if forward_layer.use_bias != backward_layer.use_bias:
        raise ValueError(
            f"Bidirectional layer {layer.name!r} has use_bias={forward_layer.use_bias} forwards but its "
            f"backward_layer has use_bias={backward_layer.use_bias}; rnnmath.bidirectional runs the same "
            "settings in both directions."
        )
    if initial_state is None and forward_layer.stateful and getattr(forward_layer, "states", None) is not None:
        # A stateful Bidirectional starts from the states both directions hold, as Keras does.
        initial_state = [np.asarray(s) for s in [*forward_layer.states, *backward_layer.states]]
    options = _recurrent_options(forward_layer)
    back = _recurrent_options(backward_layer)
    for key in options:
        if key not in ("go_backwards", "zero_output_for_mask") and options[key] != back[key]:
            raise ValueError(
                f"Bidirectional layer {layer.name!r} has a backward_layer whose {key} differs from the forward "
                "layer's; rnnmath.bidirectional runs the same settings in both directions."
            )
    for key in ("go_backwards", "zero_output_for_mask"):
        options.pop(key)
    return_sequences = options.pop("return_sequences")
    return_state = options.pop("return_state")
    out = bidirectional(
        _RECURRENT[kind].forward, X, _weights(layer), merge_mode=layer.merge_mode, initial_state=initial_state,
        mask=mask, return_sequences=return_sequences, return_state=return_state, **options,
    )
    return out, mask if return_sequences else None


# ---------------------------------------------------------------- explain


@dataclass(frozen=True)
class ParamRow:
    """One layer's parameter count, as a formula and as numbers."""

    layer: str
    kind: str
    formula: str
    sizes: str
    substituted: str
    params: int


@dataclass(frozen=True)
class Explanation:
    """Every layer's parameter count, and the total; `str()` gives one line per layer.

    The package returns data: a page or a notebook that wants a table
    (`docs_tools.tables.explanation_table`) formats the rows itself.
    """

    rows: tuple[ParamRow, ...]
    total: int

    def __str__(self) -> str:
        lines = [f"{r.layer} ({r.kind}): {r.formula} with {r.sizes}: {r.substituted} = {r.params:,}" for r in self.rows]
        return "\n".join([*lines, f"total: {self.total:,}"])

    __repr__ = __str__


def _input_width(layer) -> int:
    try:
        return int(layer.input.shape[-1])
    except (AttributeError, ValueError, TypeError):
        return int(_weights(layer)[0].shape[0])


def _recurrent_formula(kind, n, k, use_bias, reset_after):
    """The formula for one direction, as symbols and with n and k put in, from the table of layers."""
    entry = layers.get(kind)
    rows = entry.bias_rows(reset_after=reset_after)
    bias_sym, bias_num = (f"{rows}k", f"{rows}·{k}") if rows else ("k", f"{k}")
    terms_sym, terms_num = ["n·k", "k·k"], [f"{n}·{k}", f"{k}·{k}"]
    if use_bias:
        terms_sym.append(bias_sym)
        terms_num.append(bias_num)
    sym, num = " + ".join(terms_sym), " + ".join(terms_num)
    g = entry.blocks
    if g > 1:
        sym, num = f"{g}({sym})", f"{g}({num})"
    return sym, num


def _explain_layer(layer) -> ParamRow:
    kind = type(layer).__name__
    config = layer.get_config()
    if kind in _RECURRENT or kind == "Bidirectional":
        inner = layer.forward_layer if kind == "Bidirectional" else layer
        inner_kind = type(inner).__name__
        if inner_kind not in _RECURRENT:
            raise ValueError(f"explain() cannot derive the count of a Bidirectional({inner_kind}).")
        n, k = _input_width(layer), inner.units
        use_bias, reset_after = inner.use_bias, getattr(inner, "reset_after", True)
        sym, num = _recurrent_formula(inner_kind, n, k, use_bias, reset_after)
        params = count_params(inner_kind, n, k, use_bias=use_bias, reset_after=reset_after,
                              bidirectional=kind == "Bidirectional")
        if kind == "Bidirectional" and _differs(layer.forward_layer, layer.backward_layer):
            return _explain_two_directions(layer, n)
        if kind == "Bidirectional":
            if layers.get(inner_kind).blocks == 1:  # "2 × n·k + k·k + k" would read as 2nk + k² + k
                sym, num = f"({sym})", f"({num})"
            sym, num, kind = f"2 × {sym}", f"2 × {num}", f"Bidirectional({inner_kind})"
        sizes = f"n = {n}, k = {k}"
    elif kind == "Dense":
        n, k = _input_width(layer), config["units"]
        use_bias = config["use_bias"]
        sym, num = ("n·k + k", f"{n}·{k} + {k}") if use_bias else ("n·k", f"{n}·{k}")
        sizes = f"n = {n}, k = {k}"
        params = count_params("Dense", n, k, use_bias=use_bias)
        r = _lora_rank(layer)
        if r:  # LoRA adds A (n, r) and B (r, k) beside the frozen kernel
            sym, num, sizes = f"{sym} + r(n + k)", f"{num} + {r}({n} + {k})", f"{sizes}, r = {r}"
            params += r * (n + k)
    elif kind == "Embedding":
        V, d = config["input_dim"], config["output_dim"]
        sym, sizes, num, params = "V·d", f"V = {V}, d = {d}", f"{V}·{d}", V * d
        r = _lora_rank(layer)
        if r:  # LoRA adds A (V, r) and B (r, d)
            sym, num, sizes = f"{sym} + r(V + d)", f"{num} + {r}({V} + {d})", f"{sizes}, r = {r}"
            params += r * (V + d)
    elif not layer.weights:
        sym, sizes, num, params = "no weights", "", "0", 0
    else:
        raise ValueError(f"explain() has no formula for layer {layer.name!r}, a {kind}.")
    if params != layer.count_params():
        raise AssertionError(
            f"the formula for {layer.name!r} gives {params} but Keras counts {layer.count_params()}; "
            "please report this with the layer's config."
        )
    return ParamRow(layer.name, kind, sym, sizes, num, params)


def _lora_rank(layer) -> int:
    """The rank r of the layer's LoRA matrices, or 0 without LoRA."""
    return int(layer.lora_rank) if getattr(layer, "lora_enabled", False) and layer.lora_rank else 0


def _differs(forward_layer, backward_layer) -> bool:
    """True when the backward layer is not a copy of the forward one (another kind, width or bias)."""
    return (type(forward_layer) is not type(backward_layer) or forward_layer.units != backward_layer.units
            or forward_layer.use_bias != backward_layer.use_bias
            or getattr(forward_layer, "reset_after", True) != getattr(backward_layer, "reset_after", True))


def _explain_two_directions(layer, n) -> ParamRow:
    """A Bidirectional whose backward_layer differs: the two directions' counts, added."""
    syms, nums, sizes, params = [], [], [], 0
    for label, inner in (("forward", layer.forward_layer), ("backward", layer.backward_layer)):
        inner_kind = type(inner).__name__
        if inner_kind not in _RECURRENT:
            raise ValueError(f"explain() cannot derive the count of a Bidirectional whose {label} layer is a {inner_kind}.")
        k, use_bias, reset_after = inner.units, inner.use_bias, getattr(inner, "reset_after", True)
        sym, num = _recurrent_formula(inner_kind, n, k, use_bias, reset_after)
        sym, num = (f"({sym})", f"({num})") if inner_kind == "SimpleRNN" else (sym, num)
        syms.append(sym.replace("k", "k_b") if label == "backward" else sym)
        nums.append(num)
        sizes.append(f"k = {k}" if label == "forward" else f"k_b = {k}")
        params += count_params(inner_kind, n, k, use_bias=use_bias, reset_after=reset_after)
    kinds = f"{type(layer.forward_layer).__name__}, {type(layer.backward_layer).__name__}"
    if params != layer.count_params():
        raise AssertionError(f"the formula for {layer.name!r} gives {params} but Keras counts {layer.count_params()}.")
    return ParamRow(layer.name, f"Bidirectional({kinds})", " + ".join(syms), f"n = {n}, " + ", ".join(sizes),
                    " + ".join(nums), params)


def explain(model) -> Explanation:
    """Every layer's parameter-count formula, the numbers in it, and the total.

    The total is checked against `model.count_params()`; a mismatch is an
    error, never a wrong table.

    Examples
    --------
    >>> import keras
    >>> model = keras.Sequential([keras.Input((10, 8)), keras.layers.SimpleRNN(5, name="rnn"),
    ...                           keras.layers.Dense(10, name="head")])
    >>> print(explain(model))
    rnn (SimpleRNN): n·k + k·k + k with n = 8, k = 5: 8·5 + 5·5 + 5 = 70
    head (Dense): n·k + k with n = 5, k = 10: 5·10 + 10 = 60
    total: 130
    """
    keras = _keras()
    _check_keras("model", model)
    layers = model.layers if isinstance(model, keras.Model) else [model]
    rows = tuple(_explain_layer(layer) for layer in layers if type(layer).__name__ != "InputLayer")
    total = sum(row.params for row in rows)
    if total != model.count_params():
        raise AssertionError(f"the layers add up to {total} but model.count_params() is {model.count_params()}.")
    return Explanation(rows, total)
