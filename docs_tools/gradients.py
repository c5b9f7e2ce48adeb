"""Check a layer's gradients three ways at build time, and show the result as a table.

1. rnnmath's hand-derived backward pass (``simple_rnn_backward``, ...);
2. central finite differences of rnnmath's forward pass (``rnnmath.gradcheck``);
3. ``tf.GradientTape`` on the Keras layer with the same weights, in float64.

The loss is L = Σ ⟨E, output⟩ for a fixed array E, so that E is exactly
what L says about the outputs. If the three disagree, the build fails.
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
    """The three-way check as a Markdown table: one row per array, its first entry three ways, and the gaps."""
    rows = []
    for r in results:
        rows.append([f"`{r['name']}`", str(tuple(r["shape"])), fmt(r["ours"].flat[0], 8), fmt(r["numeric"].flat[0], 8),
                     fmt(r["tensorflow"].flat[0], 8), f"{r['fd_error']:.1e}", f"{r['tf_gap']:.1e}"])
    return md_table(["∂L/∂ …", "shape", "first entry: rnnmath", "finite differences", "TensorFlow",
                     "worst relative error, rnnmath vs finite differences",
                     "largest difference, rnnmath vs TensorFlow"], rows)
