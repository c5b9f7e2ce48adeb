"""Bidirectional and stacked layers: hand-computed alignment, and property tests against Keras."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rnnmath
from reference import FUNCTIONS, KINDS, STATE_COUNT, assert_same, dtypes, make_weights, masks, sizes, uneven
from rnnmath.layers import LAYERS


def test_backward_outputs_are_flipped_back_into_step_order():
    # Forward: running sums (w_x = w_y = 1). Backward: running sums from the end.
    x = np.array([[[1.0], [2.0], [3.0]]])
    w = [np.array([[1.0]]), np.array([[1.0]])]
    y = rnnmath.bidirectional(rnnmath.simple_rnn, x, [*w, *w], activation="linear", return_sequences=True)
    # Step 1: forward has seen x_1 = 1; backward has seen x_3 + x_2 + x_1 = 6.
    np.testing.assert_array_equal(y[0], [[1, 6], [3, 5], [6, 3]])


def test_merge_modes_and_widths():
    x = np.array([[[1.0], [2.0]]])
    fwd = [np.array([[2.0]]), np.array([[0.0]])]
    bwd = [np.array([[3.0]]), np.array([[0.0]])]
    run = lambda mode: rnnmath.bidirectional(  # noqa: E731
        rnnmath.simple_rnn, x, [*fwd, *bwd], merge_mode=mode, activation="linear"
    )
    # Last forward output 2·x_2 = 4; the backward layer ends at x_1: 3·1 = 3.
    np.testing.assert_array_equal(run("concat"), [[4.0, 3.0]])
    np.testing.assert_array_equal(run("sum"), [[7.0]])
    np.testing.assert_array_equal(run("ave"), [[3.5]])
    np.testing.assert_array_equal(run("mul"), [[12.0]])
    forward, backward = run(None)
    np.testing.assert_array_equal(forward, [[4.0]])
    np.testing.assert_array_equal(backward, [[3.0]])


def test_masked_steps_output_zero_when_returning_sequences():
    x = np.ones((1, 3, 1))
    w = [np.array([[1.0]]), np.array([[1.0]])]
    mask = np.array([[True, False, True]])
    y = rnnmath.bidirectional(rnnmath.simple_rnn, x, [*w, *w], activation="linear", mask=mask, return_sequences=True)
    np.testing.assert_array_equal(y[0, 1], [0.0, 0.0])


def test_rejects_options_it_sets_itself():
    x = np.ones((1, 2, 1))
    w = [np.array([[1.0]]), np.array([[1.0]])]
    with pytest.raises(TypeError, match="go_backwards"):
        rnnmath.bidirectional(rnnmath.simple_rnn, x, [*w, *w], go_backwards=True)
    with pytest.raises(ValueError, match="merge_mode"):
        rnnmath.bidirectional(rnnmath.simple_rnn, x, [*w, *w], merge_mode="max")
    with pytest.raises(ValueError, match="6 arrays, or 4 without bias"):
        rnnmath.bidirectional(rnnmath.simple_rnn, x, w)
    with pytest.raises(ValueError, match="forward layer's 2 state"):
        rnnmath.bidirectional(rnnmath.lstm, x, make_weights(np.random.default_rng(0), "LSTM", 1, 1) * 2,
                              initial_state=[np.zeros((1, 1))] * 2)


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_bidirectional_equals_keras(kind, data):
    import keras

    s = data.draw(sizes(), label="sizes")
    dtype = data.draw(dtypes, label="dtype")
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    merge_mode = data.draw(st.sampled_from(["concat", "sum", "ave", "mul", None]), label="merge_mode")
    return_sequences = data.draw(st.booleans(), label="return_sequences")
    return_state = data.draw(st.booleans(), label="return_state")
    use_bias = data.draw(st.booleans(), label="use_bias")
    options = dict(activation=data.draw(st.sampled_from(["tanh", "relu", "linear", "softsign"]), label="activation"))
    if LAYERS[kind].reset_after:
        options["reset_after"] = data.draw(st.booleans(), label="reset_after")
    reset_after = options.get("reset_after", True)
    weights = [
        *make_weights(rng, kind, s["n"], s["k"], use_bias=use_bias, reset_after=reset_after, scale=0.7),
        *make_weights(rng, kind, s["n"], s["k"], use_bias=use_bias, reset_after=reset_after, scale=0.7),
    ]
    x = rng.uniform(-1, 1, (s["batch"], s["steps"], s["n"])).astype(dtype)
    mask = data.draw(masks(s["batch"], s["steps"]), label="mask")
    initial_state = None
    if data.draw(st.booleans(), label="initial_state"):
        initial_state = [uneven(rng, (s["batch"], s["k"])).astype(dtype) for _ in range(2 * STATE_COUNT[kind])]

    inner = getattr(keras.layers, kind)(
        s["k"], use_bias=use_bias, return_sequences=return_sequences, return_state=return_state,
        dtype=dtype, **options,
    )
    layer = keras.layers.Bidirectional(inner, merge_mode=merge_mode, dtype=dtype)
    layer.build((None, None, s["n"]))
    layer.set_weights([w.astype(dtype) for w in weights])
    theirs = layer(x, initial_state=initial_state, mask=mask)
    ours = rnnmath.bidirectional(
        FUNCTIONS[kind], x, weights, merge_mode=merge_mode, initial_state=initial_state, mask=mask,
        return_sequences=return_sequences, return_state=return_state, **options,
    )
    assert_same(ours, list(theirs) if isinstance(theirs, tuple) else theirs, dtype)


@given(data=st.data())
def test_stacked_layers_equal_keras(data):
    """A stack: each layer's input width is the previous layer's units."""
    import keras

    dtype = data.draw(dtypes, label="dtype")
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    kinds = data.draw(st.lists(st.sampled_from(KINDS), min_size=2, max_size=3), label="kinds")
    units = data.draw(st.lists(st.integers(1, 4), min_size=len(kinds), max_size=len(kinds)), label="units")
    s = data.draw(sizes(), label="sizes")
    x = rng.uniform(-1, 1, (s["batch"], s["steps"], s["n"])).astype(dtype)

    model = keras.Sequential([keras.Input((None, s["n"]), dtype=dtype)])
    ours, width = x, s["n"]
    for depth, (kind, k) in enumerate(zip(kinds, units)):
        last = depth == len(kinds) - 1
        weights = make_weights(rng, kind, width, k, scale=0.8)
        layer = getattr(keras.layers, kind)(k, return_sequences=not last, dtype=dtype)
        model.add(layer)
        layer.set_weights([w.astype(dtype) for w in weights])
        ours = FUNCTIONS[kind](ours, *weights, return_sequences=not last)
        width = k
    assert_same(ours, model(x), dtype)
