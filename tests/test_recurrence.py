"""Keras's loop options, computed by hand on a running-sum SimpleRNN.

With w_x = w_y = 1, no bias and linear activation, y_t = x_t + y_{t−1}: the
running sum, which makes every option's effect visible.
"""

import numpy as np
import pytest

import rnnmath

X = np.array([[[1.0], [2.0], [3.0]]])  # (β, T, n) = (1, 3, 1)
ONES = dict(kernel=[[1.0]], recurrent_kernel=[[1.0]], activation="linear")


def run(**options):
    return rnnmath.simple_rnn(X, **ONES, **options)


def test_return_sequences_and_state():
    np.testing.assert_array_equal(run(return_sequences=True)[0, :, 0], [1, 3, 6])
    output, state = run(return_state=True)
    np.testing.assert_array_equal(output, [[6.0]])
    np.testing.assert_array_equal(state, [[6.0]])


def test_go_backwards_returns_the_processing_order():
    np.testing.assert_array_equal(run(go_backwards=True, return_sequences=True)[0, :, 0], [3, 5, 6])


def test_initial_state_is_y_0():
    np.testing.assert_array_equal(run(initial_state=np.array([[10.0]]))[0], [16.0])


def test_masked_step_keeps_state_and_repeats_output():
    mask = np.array([[True, False, True]])
    np.testing.assert_array_equal(run(mask=mask, return_sequences=True)[0, :, 0], [1, 1, 4])
    np.testing.assert_array_equal(
        run(mask=mask, return_sequences=True, zero_output_for_mask=True)[0, :, 0], [1, 0, 4]
    )


def test_masked_first_step_outputs_zero():
    mask = np.array([[False, True, True]])
    np.testing.assert_array_equal(run(mask=mask, return_sequences=True)[0, :, 0], [0, 2, 5])


def test_masked_last_step_with_zero_output_makes_the_last_output_zero():
    mask = np.array([[True, True, False]])
    assert run(mask=mask)[0, 0] == 3.0
    assert run(mask=mask, zero_output_for_mask=True)[0, 0] == 0.0
    output, state = run(mask=mask, zero_output_for_mask=True, return_state=True)
    assert state[0, 0] == 3.0  # the state is kept even when the output is zeroed


def test_masks_apply_row_by_row():
    x = np.concatenate([X, X])
    mask = np.array([[True, True, True], [False, False, False]])
    np.testing.assert_array_equal(rnnmath.simple_rnn(x, **ONES, mask=mask)[:, 0], [6.0, 0.0])


@pytest.mark.parametrize("mask", [[1, 0, 1], np.array([[1.0, 0.0, 1.0]]), np.array([[[True], [False], [True]]])])
def test_masks_may_be_numbers_or_keras_shaped(mask):
    mask = np.reshape(mask, (1, 3, -1))[..., 0] if np.ndim(mask) == 1 else mask
    np.testing.assert_array_equal(run(mask=mask, return_sequences=True)[0, :, 0], [1, 1, 4])
