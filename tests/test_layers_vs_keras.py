"""Property tests: SimpleRNN, LSTM and GRU equal Keras 3 for random sizes,
random uneven weights, and every option.

Each example builds the Keras layer, loads the same weights into both, and
compares the outputs (and states) within the dtype's precision.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rnnmath
from reference import (
    FUNCTIONS,
    KINDS,
    STATE_COUNT,
    assert_same,
    dtypes,
    keras_layer,
    make_weights,
    masks,
    sizes,
    uneven,
)
from rnnmath.layers import LAYERS

ACTIVATIONS = sorted(rnnmath.KERAS_ACTIVATIONS)
GATE_ACTIVATIONS = ["sigmoid", "hard_sigmoid", "sparse_sigmoid", "tanh", "linear", "relu"]


def run_both(kind, x, weights, dtype, *, initial_state=None, mask=None, **options):
    n = x.shape[2]
    use_bias = len(weights) == 3
    layer = keras_layer(kind, n, weights, dtype, use_bias=use_bias, **options)
    theirs = layer(x, initial_state=initial_state, mask=mask)
    ours = FUNCTIONS[kind](x, *weights, initial_state=initial_state, mask=mask, **options)
    return ours, theirs


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_layer_equals_keras(kind, data):
    s = data.draw(sizes(), label="sizes")
    dtype = data.draw(dtypes, label="dtype")
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    use_bias = data.draw(st.booleans(), label="use_bias")
    options = dict(
        activation=data.draw(st.sampled_from([*ACTIVATIONS, None]), label="activation"),
        return_sequences=data.draw(st.booleans(), label="return_sequences"),
        return_state=data.draw(st.booleans(), label="return_state"),
        go_backwards=data.draw(st.booleans(), label="go_backwards"),
        zero_output_for_mask=data.draw(st.booleans(), label="zero_output_for_mask"),
    )
    reset_after = True
    if LAYERS[kind].has_gates:
        options["recurrent_activation"] = data.draw(st.sampled_from(GATE_ACTIVATIONS), label="recurrent_activation")
    if LAYERS[kind].reset_after:
        reset_after = options["reset_after"] = data.draw(st.booleans(), label="reset_after")
    # Unbounded activations compound over the steps: keep their weights small.
    bounded = options["activation"] in ("tanh", "sigmoid", "hard_sigmoid", "softsign")
    scale = 1.0 if bounded else 0.25 if options["activation"] == "exponential" else 0.5
    weights = make_weights(rng, kind, s["n"], s["k"], use_bias=use_bias, reset_after=reset_after, scale=scale)
    x = rng.uniform(-1, 1, (s["batch"], s["steps"], s["n"])).astype(dtype)
    mask = data.draw(masks(s["batch"], s["steps"]), label="mask")
    initial_state = None
    if data.draw(st.booleans(), label="initial_state"):
        initial_state = [uneven(rng, (s["batch"], s["k"])).astype(dtype) for _ in range(STATE_COUNT[kind])]

    ours, theirs = run_both(kind, x, weights, dtype, initial_state=initial_state, mask=mask, **options)
    assert_same(ours, theirs, dtype)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_activation_equals_keras(activation):
    """Each named activation, as φ of a SimpleRNN and as σ of a GRU's gates."""
    rng = np.random.default_rng(3)
    x = rng.uniform(-2, 2, (2, 4, 3)).astype(np.float32)
    # Large enough to reach every piece of the piecewise activations; small
    # enough that eˣ fed back into itself stays finite.
    scale = 0.3 if activation == "exponential" else 0.7
    weights = make_weights(rng, "SimpleRNN", 3, 2, scale=scale)
    ours, theirs = run_both("SimpleRNN", x, weights, np.float32, activation=activation, return_sequences=True)
    assert_same(ours, theirs, np.float32)
    weights = make_weights(rng, "GRU", 3, 2, scale=scale)
    ours, theirs = run_both("GRU", x, weights, np.float32, recurrent_activation=activation, return_sequences=True)
    assert_same(ours, theirs, np.float32)


@pytest.mark.parametrize("kind", KINDS)
def test_statefulness_is_functional(kind):
    """A stateful Keras layer called twice equals rnnmath with the states passed back in."""
    import keras

    rng = np.random.default_rng(11)
    weights = make_weights(rng, kind, 3, 4)
    layer = getattr(keras.layers, kind)(4, stateful=True)
    layer.build((2, None, 3))
    layer.set_weights([w.astype(np.float32) for w in weights])
    first, second = (rng.uniform(-1, 1, (2, 5, 3)).astype(np.float32) for _ in range(2))
    keras_outputs = [np.asarray(layer(first)), np.asarray(layer(second))]

    y1, *states = FUNCTIONS[kind](first, *weights, return_state=True)
    y2 = FUNCTIONS[kind](second, *weights, initial_state=states)
    assert_same([y1, y2], keras_outputs, np.float32)
