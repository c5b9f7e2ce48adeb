"""The scalar neuron and the column-form layer step, checked by hand."""

import math

import numpy as np
import pytest

import rnnmath


def test_neuron_step_is_the_equation():
    # y_t = φ(w_x x_t + w_y y_{t−1} + b) = tanh(0.5·2 + (−1)·0.25 + 0.1)
    assert rnnmath.neuron_step(2.0, 0.25, 0.5, -1.0, 0.1) == pytest.approx(math.tanh(0.85))


def test_neuron_step_with_vector_input_is_a_dot_product():
    y = rnnmath.neuron_step([1.0, 2.0], 0.0, [0.5, -0.25], 0.0, activation="linear")
    assert y == 0.0  # 0.5·1 − 0.25·2


def test_unroll_feeds_each_output_back():
    # 1; 2 + 0.5·1 = 2.5; 3 + 0.5·2.5 = 4.25
    np.testing.assert_allclose(rnnmath.unroll_neuron([1, 2, 3], 1.0, 0.5, activation="linear"), [1.0, 2.5, 4.25])


def test_unroll_starts_from_y_0():
    np.testing.assert_allclose(rnnmath.unroll_neuron([1], 1.0, 2.0, activation="linear", y_0=10.0), [21.0])


def test_hypothesis_last_input_plus_w_times_the_rest_fails_on_seed_003():
    # Seed 003's hypothesis #1 predicted 2 + 3·(1 + 1) = 8 for inputs 1, 1, 2 and w_y = 3.
    hypothesis = 2 + 3 * (1 + 1)
    recursion = rnnmath.unroll_neuron([1, 1, 2], 1.0, 3.0, activation="linear")[-1]
    assert recursion == 14.0 != hypothesis


def test_layer_step_row_j_of_the_transposed_kernel_is_neuron_j():
    W_x = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])  # (n, k) = (3, 2)
    W_y = np.array([[0.1, 0.2], [0.3, 0.4]])
    b = np.array([0.5, -0.5])
    x, y_prev = np.array([1.0, 0.0, -1.0]), np.array([1.0, 2.0])
    y = rnnmath.layer_step(x, y_prev, W_x, W_y, b, activation="linear")
    # Neuron 1: column 0 of W_x and of W_y: (1 − 5) + (0.1 + 0.6) + 0.5 = −2.8
    # Neuron 2: column 1: (2 − 6) + (0.2 + 0.8) − 0.5 = −3.5
    np.testing.assert_allclose(y, [-2.8, -3.5])
    # The same as k scalar neurons with n inputs each:
    for j in range(2):
        y_j = np.dot(W_x[:, j], x) + np.dot(W_y[:, j], y_prev) + b[j]
        assert y[j] == pytest.approx(y_j)


def test_layer_step_errors_name_the_array():
    W_x, W_y = np.ones((3, 2)), np.ones((2, 2))
    with pytest.raises(ValueError, match=r"x_t has shape \(2,\), but the equation needs \(n,\) = \(3,\)"):
        rnnmath.layer_step(np.ones(2), np.ones(2), W_x, W_y)
    with pytest.raises(ValueError, match=r"y_prev has shape \(3,\)"):
        rnnmath.layer_step(np.ones(3), np.ones(3), W_x, W_y)
    with pytest.raises(ValueError, match=r"bias has shape \(3,\)"):
        rnnmath.layer_step(np.ones(3), np.ones(2), W_x, W_y, np.ones(3))


def test_neuron_errors():
    with pytest.raises(ValueError, match="w_x has shape"):
        rnnmath.neuron_step([1.0, 2.0], 0.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="w_y must be a scalar"):
        rnnmath.neuron_step(1.0, 0.0, 1.0, [1.0, 2.0])
    with pytest.raises(ValueError, match=r"xs has shape \(0,\)"):
        rnnmath.unroll_neuron([], 1.0, 1.0)
