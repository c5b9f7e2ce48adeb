"""LSTM and GRU steps computed by hand with linear activations."""

import numpy as np

import rnnmath


def test_lstm_gate_order_is_i_f_c_o():
    # One unit, no recurrence: i = 2x, f = 0.5x, c̃ = 3x, o = x (all linear).
    kernel, recurrent = [[2.0, 0.5, 3.0, 1.0]], [[0.0, 0.0, 0.0, 0.0]]
    x = np.array([[[1.0], [2.0]]])
    h, h_T, c_T = rnnmath.lstm(x, kernel, recurrent, activation="linear", recurrent_activation="linear",
                               return_sequences=True, return_state=True)
    # t = 1: c = 0.5·0 + 2·3 = 6, h = 1·6 = 6
    # t = 2: c = 1·6 + 4·6 = 30, h = 2·30 = 60
    np.testing.assert_array_equal(h[0, :, 0], [6.0, 60.0])
    assert (h_T[0, 0], c_T[0, 0]) == (60.0, 30.0)


def test_lstm_bias_blocks_follow_the_same_order():
    # With zero weights, only the biases act: i = 1, f = 0.5, c̃ = 2, o = 3.
    out, h, c = rnnmath.lstm(np.zeros((1, 2, 1)), [[0.0] * 4], [[0.0] * 4], [1.0, 0.5, 2.0, 3.0],
                             activation="linear", recurrent_activation="linear", return_state=True)
    # c_1 = 0 + 1·2 = 2, c_2 = 0.5·2 + 2 = 3, h_2 = 3·3 = 9
    assert (c[0, 0], h[0, 0]) == (3.0, 9.0)


def test_lstm_step_equals_one_step_of_the_layer():
    rng = np.random.default_rng(0)
    W_x, W_h, b = rng.normal(size=(3, 8)), rng.normal(size=(2, 8)), rng.normal(size=8)
    X_t = rng.normal(size=(4, 3))
    h, c = rnnmath.lstm_step(X_t, np.zeros((4, 2)), np.zeros((4, 2)), W_x, W_h, b)
    y, h_layer, c_layer = rnnmath.lstm(X_t[:, None, :], W_x, W_h, b, return_state=True)
    np.testing.assert_allclose(h, h_layer)
    np.testing.assert_allclose(c, c_layer)


def test_gru_reset_after_and_before_by_hand():
    # One unit, linear; kernel blocks z, r, c = 0.5, 1, 2; recurrent 0.5, 1, 1.
    kernel, recurrent = [[0.5, 1.0, 2.0]], [[0.5, 1.0, 1.0]]
    x = np.array([[[1.0]]])
    # reset_after, recurrent bias b_hc = 1: z = 0.5, r = 1, h̃ = 2 + 1·(0·1 + 1) = 3, h = 0.5·0 + 0.5·3
    after = rnnmath.gru(x, kernel, recurrent, [[0.0, 0.0, 0.0], [0.0, 0.0, 1.0]],
                        activation="linear", recurrent_activation="linear")
    assert after[0, 0] == 1.5
    # reset before: h̃ = 2 + (1·0)·1 = 2, h = 0.5·2
    before = rnnmath.gru(x, kernel, recurrent, [0.0, 0.0, 0.0], reset_after=False,
                         activation="linear", recurrent_activation="linear")
    assert before[0, 0] == 1.0


def test_gru_variants_agree_for_one_unit_without_bias_and_differ_otherwise():
    # For k = 1 and no bias, r·(h·w) = (r·h)·w: the variants coincide.
    x = np.array([[[1.0], [1.0]]])
    kernel, recurrent = [[0.5, 1.0, 2.0]], [[0.25, 0.5, 2.0]]
    # t = 1: z = 0.5, r = 1, h̃ = 2, h = 1.  t = 2: z = 0.75, r = 1.5, h̃ = 2 + 1.5·2 = 5, h = 0.75 + 0.25·5
    for reset_after in (True, False):
        y = rnnmath.gru(x, kernel, recurrent, activation="linear", recurrent_activation="linear",
                        reset_after=reset_after)
        assert y[0, 0] == 2.0
    # With two units, R_t ⊙ (H W_hc) and (R_t ⊙ H) W_hc are different products.
    k2_kernel = [[0.5, 0.2, 1.0, -0.3, 2.0, 1.0]]
    k2_recurrent = [[0.5, 0.1, 0.5, 0.2, 2.0, -1.0], [0.3, 0.5, -0.4, 0.5, 1.0, 1.0]]
    x3 = np.ones((1, 3, 1))
    after, before = (
        rnnmath.gru(x3, k2_kernel, k2_recurrent, activation="linear", recurrent_activation="linear",
                    reset_after=reset_after)
        for reset_after in (True, False)
    )
    assert not np.allclose(after, before)


def test_gru_step_equals_one_step_of_the_layer():
    rng = np.random.default_rng(1)
    W_x, W_h, b = rng.normal(size=(3, 6)), rng.normal(size=(2, 6)), rng.normal(size=(2, 6))
    X_t, H = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    np.testing.assert_allclose(
        rnnmath.gru_step(X_t, H, W_x, W_h, b), rnnmath.gru(X_t[:, None, :], W_x, W_h, b, initial_state=H)
    )


def test_simple_rnn_step_equals_one_step_of_the_layer():
    rng = np.random.default_rng(2)
    W_x, W_y, b = rng.normal(size=(3, 2)), rng.normal(size=(2, 2)), rng.normal(size=2)
    X_t, Y = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    np.testing.assert_allclose(
        rnnmath.simple_rnn_step(X_t, Y, W_x, W_y, b),
        rnnmath.simple_rnn(X_t[:, None, :], W_x, W_y, b, initial_state=Y),
    )


def test_batched_form_equals_the_per_sequence_form():
    rng = np.random.default_rng(4)
    W_x, W_y, b = rng.normal(size=(3, 2)), rng.normal(size=(2, 2)), rng.normal(size=2)
    X = rng.normal(size=(5, 4, 3))  # (β, T, n)
    Y = rnnmath.simple_rnn(X, W_x, W_y, b, return_sequences=True)
    for i in range(5):
        y = np.zeros(2)
        for t in range(4):
            y = rnnmath.layer_step(X[i, t], y, W_x, W_y, b)
            np.testing.assert_allclose(Y[i, t], y)
