"""weight_shapes, count_params and split_gates: by hand and against Keras."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rnnmath
from rnnmath.counting import COUNTABLE


def test_simple_rnn_count_is_nk_plus_kk_plus_k():
    n, k = 8, 5
    assert rnnmath.count_params("SimpleRNN", n, k) == n * k + k * k + k


def test_gated_layers_multiply_by_their_blocks():
    n, k = 3, 4
    simple = n * k + k * k + k
    assert rnnmath.count_params("LSTM", n, k) == 4 * simple
    assert rnnmath.count_params("GRU", n, k, reset_after=False) == 3 * simple
    assert rnnmath.count_params("GRU", n, k) == 3 * simple + 3 * k  # the second bias row


def test_split_gates_names_the_blocks():
    kernel = np.arange(8.0).reshape(1, 8)  # LSTM with k = 2
    gates = rnnmath.split_gates("LSTM", kernel)
    assert list(gates) == ["i", "f", "c", "o"]
    np.testing.assert_array_equal(gates["f"], [[2.0, 3.0]])
    bias = np.arange(12.0).reshape(2, 6)  # GRU reset_after bias with k = 2
    np.testing.assert_array_equal(rnnmath.split_gates("GRU", bias)["c"], [[4.0, 5.0], [10.0, 11.0]])


def test_split_gates_errors():
    with pytest.raises(ValueError, match="SimpleRNN has no gates"):
        rnnmath.split_gates("SimpleRNN", np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"array has shape \(1, 6\), but LSTM's weights have 4k columns"):
        rnnmath.split_gates("LSTM", np.ones((1, 6)))


def test_unknown_layer_name():
    with pytest.raises(ValueError, match="Unknown layer 'Lstm'. Did you mean 'LSTM'"):
        rnnmath.count_params("Lstm", 3, 4)
    with pytest.raises(ValueError, match="units must be a positive whole number"):
        rnnmath.weight_shapes("GRU", 3, 0)
    with pytest.raises(ValueError, match="Bidirectional wraps recurrent layers only"):
        rnnmath.count_params("Dense", 3, 4, bidirectional=True)


@given(
    kind=st.sampled_from(COUNTABLE),
    n=st.integers(1, 40),
    k=st.integers(1, 40),
    use_bias=st.booleans(),
    reset_after=st.booleans(),
    bidirectional=st.booleans(),
)
def test_counts_and_shapes_equal_keras(kind, n, k, use_bias, reset_after, bidirectional):
    import keras

    options = dict(use_bias=use_bias)
    if kind in rnnmath.layers.LAYERS and rnnmath.layers.get(kind).reset_after:
        options["reset_after"] = reset_after
    layer = getattr(keras.layers, kind)(k, **options)
    bidirectional = bidirectional and kind != "Dense"
    if bidirectional:
        layer = keras.layers.Bidirectional(layer)
    layer.build((None, 7, n))
    shapes = rnnmath.weight_shapes(kind, n, k, use_bias=use_bias, reset_after=reset_after)
    keras_shapes = [tuple(w.shape) for w in layer.get_weights()]
    assert keras_shapes == (shapes * 2 if bidirectional else shapes)
    assert rnnmath.count_params(
        kind, n, k, use_bias=use_bias, reset_after=reset_after, bidirectional=bidirectional
    ) == layer.count_params()
