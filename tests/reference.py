"""Build Keras layers with chosen weights, and draw uneven, non-zero weights.

Constant weights hide a swapped gate or a transposed kernel, and zero biases
hide a bias added in the wrong place, so every array drawn here has distinct
entries bounded away from zero.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

import rnnmath
from rnnmath.layers import LAYERS

# Everything per layer comes from the table of layers (rnnmath/layers.py).
KINDS = tuple(LAYERS)                                                   # Keras class names
FUNCTIONS = {kind: layer.forward for kind, layer in LAYERS.items()}    # rnnmath.simple_rnn, ...
BACKWARD = {kind: layer.backward for kind, layer in LAYERS.items()}    # rnnmath.simple_rnn_backward, ...
STATE_COUNT = {kind: len(layer.states) for kind, layer in LAYERS.items()}

# float32 agrees to its precision. float64 agrees more closely, though not to
# its own precision: Keras keeps some constants in float32 (leaky_relu's 0.2).
TOLERANCE = {np.float32: dict(rtol=2e-5, atol=2e-5), np.float64: dict(rtol=1e-7, atol=1e-9)}


def keras():
    import keras

    return keras


def uneven(rng, shape, scale=1.0):
    """Random entries in ±[0.1, 1]·scale: distinct, signed, never zero."""
    return rng.uniform(0.1, 1.0, size=shape) * rng.choice([-1.0, 1.0], size=shape) * scale


def make_weights(rng, kind, n, k, *, use_bias=True, reset_after=True, scale=1.0):
    shapes = rnnmath.weight_shapes(kind, n, k, use_bias=use_bias, reset_after=reset_after)
    return [uneven(rng, shape, scale) for shape in shapes]


def keras_layer(kind, n, weights, dtype, **config):
    """A built Keras layer of ``kind`` whose weights are ``weights``."""
    units = weights[1].shape[0]
    layer = getattr(keras().layers, LAYERS[kind].name)(units, dtype=dtype, **config)
    layer.build((None, None, n))
    layer.set_weights([w.astype(dtype) for w in weights])
    return layer


def as_numpy(result):
    if isinstance(result, (list, tuple)):
        return [np.asarray(r) for r in result]
    return np.asarray(result)


def assert_same(ours, theirs, dtype):
    """rnnmath's result equals Keras's: same structure, shapes, dtype, numbers."""
    ours, theirs = as_numpy(ours), as_numpy(theirs)
    if isinstance(theirs, list):
        assert isinstance(ours, list) and len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            assert_same(a, b, dtype)
        return
    assert ours.shape == theirs.shape
    assert ours.dtype == np.dtype(dtype)
    np.testing.assert_allclose(ours, theirs, **TOLERANCE[dtype])


# ---- Hypothesis strategies


@st.composite
def sizes(draw, max_batch=3, max_steps=5, max_inputs=4, max_units=4):
    return dict(
        batch=draw(st.integers(1, max_batch)),
        steps=draw(st.integers(1, max_steps)),
        n=draw(st.integers(1, max_inputs)),
        k=draw(st.integers(1, max_units)),
    )


@st.composite
def masks(draw, batch, steps):
    """None, or a (β, T) mask with gaps; sometimes a row is masked throughout."""
    kind = draw(st.sampled_from(["none", "gaps", "gaps_and_empty_row"]))
    if kind == "none":
        return None
    mask = np.array(draw(st.lists(st.booleans(), min_size=batch * steps, max_size=batch * steps))).reshape(batch, steps)
    if kind == "gaps_and_empty_row":
        mask[draw(st.integers(0, batch - 1))] = False
    return mask


dtypes = st.sampled_from([np.float32, np.float64])
