"""Check a layer's gradients four ways at build time, and show the result as a table.

1. rnnmath's hand-derived backward pass (``simple_rnn_backward``, ...);
2. central finite differences of rnnmath's forward pass (``rnnmath.gradcheck``);
3. ``tf.GradientTape`` on the Keras layer with the same weights, in float64;
4. ``torch.autograd`` on the torch module converted from the same weights
   (``rnnmath.convert.keras_to_torch``), in float64, where torch has the layer.

The loss is L = Σ ⟨E, output⟩ for a fixed array E, so that E is exactly
what L says about the outputs. If any two disagree, the build fails.
"""

from __future__ import annotations

import numpy as np

import rnnmath
from docs_tools.tables import fmt, md_table
from rnnmath.layers import BIAS, KERNEL, LAYERS, RECURRENT_KERNEL

FORWARD = {name: layer.forward for name, layer in LAYERS.items()}
BACKWARD = {name: layer.backward for name, layer in LAYERS.items()}
WEIGHT_NAMES = tuple(w.name for w in (KERNEL, RECURRENT_KERNEL, BIAS))   # in get_weights() order


def flat(grads: dict) -> dict:
    """rnnmath's gradients with each initial state under its own name: initial_state[0], ..."""
    out = {name: g for name, g in grads.items() if name != "initial_state"}
    out.update({f"initial_state[{j}]": g for j, g in enumerate(grads["initial_state"])})
    return out


def keras_gradients(kind, x, weights, E, *, initial_state, mask=None, dtype="float64", **options) -> dict:
    """∂L/∂(every weight, the inputs, every initial state) for L = Σ ⟨E, output⟩, by tf.GradientTape.

    The layer returns every output when E is (β, T, k), the last when it is (β, k).
    """
    import keras
    import tensorflow as tf

    k = weights[1].shape[0]
    layer = getattr(keras.layers, kind)(k, use_bias=len(weights) == 3, return_sequences=E.ndim == 3,
                                        dtype=dtype, **options)
    layer.build((None, None, x.shape[2]))
    layer.set_weights([np.asarray(w, dtype) for w in weights])
    x_tf = tf.constant(np.asarray(x, dtype))
    states = [tf.constant(np.asarray(s, dtype)) for s in initial_state]
    with tf.GradientTape() as tape:
        tape.watch([x_tf, *states])
        L = tf.reduce_sum(layer(x_tf, initial_state=states, mask=mask) * np.asarray(E, dtype))
    targets = [*layer.trainable_weights, x_tf, *states]
    names = [*WEIGHT_NAMES[: len(weights)], "inputs", *(f"initial_state[{j}]" for j in range(len(states)))]
    # TensorFlow answers None for an array L does not depend on (a sequence masked throughout).
    return {name: np.zeros(t.shape) if g is None else np.asarray(g)
            for name, t, g in zip(names, targets, tape.gradient(L, targets))}


def three_ways(kind, x, weights, E, *, initial_state, mask=None, **options) -> list[dict]:
    """Each gradient by rnnmath, by finite differences and by TensorFlow; raises if they disagree."""
    ours = flat(BACKWARD[kind](x, *weights, output_gradients=E, initial_state=initial_state, mask=mask, **options))
    theirs = keras_gradients(kind, x, weights, E, initial_state=initial_state, mask=mask, **options)

    def loss(x_, weights_, states_):
        output = FORWARD[kind](x_, *weights_, initial_state=states_, mask=mask, return_sequences=E.ndim == 3,
                               **options)
        return float(np.sum(E * output))

    arrays = {"inputs": (x, lambda a: loss(a, weights, initial_state))}
    for i, name in enumerate(WEIGHT_NAMES[: len(weights)]):
        arrays[name] = (weights[i], lambda a, i=i: loss(x, [*weights[:i], a, *weights[i + 1:]], initial_state))
    for j, state in enumerate(initial_state):
        arrays[f"initial_state[{j}]"] = (
            state, lambda a, j=j: loss(x, weights, [*initial_state[:j], a, *initial_state[j + 1:]]))

    results = []
    for name, (array, L) in arrays.items():
        check = rnnmath.gradcheck(L, array, ours[name])
        tf_gap = float(np.abs(ours[name] - theirs[name]).max())
        if check.worst_relative_error > 1e-6:
            raise AssertionError(f"∂L/∂{name}: rnnmath and finite differences disagree: {check}")
        if not np.allclose(ours[name], theirs[name], rtol=1e-7, atol=1e-9):
            raise AssertionError(f"∂L/∂{name}: rnnmath and TensorFlow differ by up to {tf_gap:.3g}")
        results.append(dict(name=name, shape=np.shape(array), ours=ours[name], numeric=check.numeric_gradient,
                            tensorflow=theirs[name], fd_error=check.worst_relative_error, tf_gap=tf_gap))
    return results


def table(results: list[dict]) -> str:
    """The check as a Markdown table: one row per array, its first entry each way, and the gaps.

    With ``four_ways``'s results it has PyTorch's columns too, or, where torch
    has no such module, a line under the table that says why.
    """
    four = "torch" in results[0]
    rows = []
    for r in results:
        row = [f"`{r['name']}`", str(tuple(r["shape"])), fmt(r["ours"].flat[0], 8), fmt(r["numeric"].flat[0], 8),
               fmt(r["tensorflow"].flat[0], 8)]
        if four:
            row.append("—" if r["torch"] is None else fmt(r["torch"].flat[0], 8))
        row += [f"{r['fd_error']:.1e}", f"{r['tf_gap']:.1e}"]
        if four:
            row.append("—" if r["torch"] is None else f"{r['torch_gap']:.1e}")
        rows.append(row)
    headers = ["dL/d …", "shape", "first entry: rnnmath", "finite differences", "TensorFlow",
               *(["PyTorch"] if four else []), "worst relative error, rnnmath vs finite differences",
               "largest difference, rnnmath vs TensorFlow", *(["largest difference, rnnmath vs PyTorch"] if four else [])]
    text = md_table(headers, rows)
    if four and results[0]["torch"] is None:
        text += f"\n\nNo PyTorch column: {results[0]['torch_reason']}"
    return text


def torch_gradients(kind, x, weights, E, *, initial_state, mask=None, **options) -> dict | str:
    """∂L/∂(every weight, the inputs, every initial state) by torch.autograd, in Keras's layout.

    The Keras weights are converted with ``rnnmath.convert.keras_to_torch``
    and loaded into ``nn.RNN``, ``nn.LSTM`` or ``nn.GRU`` (float64,
    ``batch_first``). torch has no masks: with a mask the module runs one
    step at a time, and a masked row keeps its state and repeats its previous
    output, as Keras does. Returns why, as a sentence, where torch has no
    such module (a GRU with ``reset_after=False``, an activation torch lacks).
    """
    import torch

    from rnnmath import convert, torch_layout

    activation = options.get("activation", "tanh")
    try:
        state = convert.keras_to_torch(kind, weights, activation=activation,
                                       reset_after=options.get("reset_after", True))
    except ValueError as error:
        return str(error)
    beta, T, n = x.shape
    k = weights[1].shape[0]
    extra = dict(nonlinearity=activation) if kind == "SimpleRNN" else {}
    module = getattr(torch.nn, torch_layout.TORCH_NAMES[kind])(n, k, bias=len(weights) == 3, batch_first=True,
                                                                 dtype=torch.float64, **extra)
    module.load_state_dict({name: torch.from_numpy(np.asarray(v, "float64")) for name, v in state.items()})
    X = torch.tensor(np.asarray(x, "float64"), requires_grad=True)                     # (β, T, n)
    states = [torch.tensor(np.asarray(s, "float64")[None], requires_grad=True) for s in initial_state]  # (1, β, k)
    hx = tuple(states) if kind == "LSTM" else states[0]
    if mask is None:
        output, _ = module(X, hx)                                                       # (β, T, k)
    else:
        outputs, previous = [], torch.zeros(beta, k, dtype=torch.float64)              # a masked first step outputs 0
        for t in range(T):
            y, new = module(X[:, t:t + 1], hx)
            keep = torch.from_numpy(np.asarray(mask)[:, t, None])                      # (β, 1)
            previous = torch.where(keep, y[:, 0], previous)
            hx = (tuple(torch.where(keep, a, b) for a, b in zip(new, hx)) if kind == "LSTM"
                  else torch.where(keep, new, hx))
            outputs.append(previous)
        output = torch.stack(outputs, 1)
    L = ((output if E.ndim == 3 else output[:, -1]) * torch.from_numpy(np.asarray(E, "float64"))).sum()
    L.backward()
    grads = {name: p.grad.numpy() for name, p in module.named_parameters()}
    if kind != "GRU" and "bias_hh_l0" in grads:
        # Keras's b is b_ih + b_hh, so ∂L/∂b = ∂L/∂b_ih (= ∂L/∂b_hh): count it once.
        grads["bias_hh_l0"] = np.zeros_like(grads["bias_hh_l0"])
    names = [*WEIGHT_NAMES[: len(weights)], "inputs", *(f"initial_state[{j}]" for j in range(len(states)))]
    arrays = [*convert.torch_to_keras(kind, grads), X.grad.numpy(), *(s.grad.numpy()[0] for s in states)]
    return dict(zip(names, arrays))


def four_ways(kind, x, weights, E, *, initial_state, mask=None, **options) -> list[dict]:
    """``three_ways``, and torch.autograd on the converted module; raises if torch disagrees."""
    results = three_ways(kind, x, weights, E, initial_state=initial_state, mask=mask, **options)
    theirs = torch_gradients(kind, x, weights, E, initial_state=initial_state, mask=mask, **options)
    for r in results:
        if isinstance(theirs, str):
            r.update(torch=None, torch_gap=None, torch_reason=theirs)
            continue
        gap = float(np.abs(r["ours"] - theirs[r["name"]]).max())
        if not np.allclose(r["ours"], theirs[r["name"]], rtol=1e-7, atol=1e-9):
            raise AssertionError(f"∂L/∂{r['name']}: rnnmath and PyTorch differ by up to {gap:.3g}")
        r.update(torch=theirs[r["name"]], torch_gap=gap)
    return results
