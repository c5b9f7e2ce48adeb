"""Backpropagation through time equals TensorFlow's automatic differentiation."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rnnmath
from reference import make_weights, sizes, uneven


def keras_gradients(x, weights, G, activation, initial_state):
    """∂L/∂(weights, x, y_0) for L = Σ_t ⟨G_t, Y_t⟩, by tf.GradientTape on a Keras SimpleRNN."""
    import keras
    import tensorflow as tf

    k = weights[1].shape[0]
    layer = keras.layers.SimpleRNN(k, activation=activation, use_bias=len(weights) == 3, return_sequences=True,
                                   dtype="float64")
    layer.build((None, None, x.shape[2]))
    layer.set_weights(weights)
    x_tf, y0 = tf.constant(x), tf.constant(initial_state)
    with tf.GradientTape() as tape:
        tape.watch([x_tf, y0])
        Y = layer(x_tf, initial_state=[y0])
        loss = tf.reduce_sum(Y * G)
    grads = tape.gradient(loss, [*layer.trainable_weights, x_tf, y0])
    names = ["kernel", "recurrent_kernel", "bias"][: len(weights)] + ["inputs", "initial_state"]
    return {name: np.asarray(g) for name, g in zip(names, grads)}


@given(data=st.data())
def test_gradients_equal_tensorflow(data):
    s = data.draw(sizes(), label="sizes")
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    activation = data.draw(st.sampled_from(sorted(rnnmath.bptt.DERIVATIVES)), label="activation")
    use_bias = data.draw(st.booleans(), label="use_bias")
    weights = make_weights(rng, "SimpleRNN", s["n"], s["k"], use_bias=use_bias, scale=0.8)
    x = rng.uniform(-1, 1, (s["batch"], s["steps"], s["n"]))
    G = uneven(rng, (s["batch"], s["steps"], s["k"]))
    y0 = uneven(rng, (s["batch"], s["k"]))
    ours = rnnmath.simple_rnn_backward(x, *weights, output_gradients=G, activation=activation, initial_state=y0)
    theirs = keras_gradients(x, weights, G, activation, y0)
    assert set(ours) == set(theirs)
    for name in theirs:
        np.testing.assert_allclose(ours[name], theirs[name], rtol=1e-7, atol=1e-9, err_msg=name)


def test_last_output_gradient_alone_is_return_sequences_false():
    rng = np.random.default_rng(1)
    weights = make_weights(rng, "SimpleRNN", 2, 3)
    x = rng.normal(size=(2, 4, 2))
    G_last = rng.normal(size=(2, 3))
    G = np.zeros((2, 4, 3))
    G[:, -1] = G_last
    a = rnnmath.simple_rnn_backward(x, *weights, output_gradients=G_last)
    b = rnnmath.simple_rnn_backward(x, *weights, output_gradients=G)
    for name in a:
        np.testing.assert_allclose(a[name], b[name])


def test_the_gradient_through_many_steps_is_a_power_of_w_y():
    # Linear neuron, L = y_T: ∂L/∂x_1 = w_x · w_y^(T−1).
    T, w_x, w_y = 12, 0.7, 0.5
    g = rnnmath.simple_rnn_backward(np.ones((1, T, 1)), [[w_x]], [[w_y]], output_gradients=np.ones((1, 1)),
                                    activation="linear")
    assert g["inputs"][0, 0, 0] == pytest.approx(w_x * w_y ** (T - 1))


def test_backward_errors():
    weights = make_weights(np.random.default_rng(0), "SimpleRNN", 1, 2)
    x = np.ones((1, 3, 1))
    with pytest.raises(ValueError, match="activation must be one of"):
        rnnmath.simple_rnn_backward(x, *weights, output_gradients=np.ones((1, 2)), activation="softsign")
    with pytest.raises(rnnmath.ShapeError, match=r"output_gradients has shape \(1, 2, 2\)"):
        rnnmath.simple_rnn_backward(x, *weights, output_gradients=np.ones((1, 2, 2)))
    with pytest.raises(ValueError, match="output_gradients is needed"):
        rnnmath.simple_rnn_backward(x, *weights)
