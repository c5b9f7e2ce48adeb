"""Bad input gets an error that names the array, its shape and the shape needed."""

import numpy as np
import pytest

import rnnmath
from rnnmath import ShapeError

X = np.ones((2, 3, 4))  # (β, T, n) = (2, 3, 4)


def weights(kind, k=5, n=4, **options):
    return [np.full(shape, 0.1) for shape in rnnmath.weight_shapes(kind, n, k, **options)]


def test_inputs_must_be_rank_3():
    with pytest.raises(ShapeError, match=r"inputs has shape \(3, 4\).*\(β, T, n\).*inputs\[None\]"):
        rnnmath.simple_rnn(np.ones((3, 4)), *weights("SimpleRNN"))
    with pytest.raises(ShapeError, match=r"inputs\[None, :, None\]"):
        rnnmath.lstm(np.ones(3), *weights("LSTM"))
    with pytest.raises(ShapeError, match="at least one time step"):
        rnnmath.gru(np.ones((2, 0, 4)), *weights("GRU"))


@pytest.mark.parametrize(
    "kind, gates, function",
    [("SimpleRNN", "", rnnmath.simple_rnn), ("LSTM", "4", rnnmath.lstm), ("GRU", "3", rnnmath.gru)],
)
def test_kernel_that_does_not_fit_the_inputs(kind, gates, function):
    kernel, recurrent, bias = weights(kind, n=3)
    g = int(gates or 1)
    expected = rf"kernel has shape \(3, {5 * g}\), but the equation needs \(n, {gates}k\) = \(4, {5 * g}\)"
    with pytest.raises(ShapeError, match=expected + r".*n = 4 input features.*k = 5 units"):
        function(X, kernel, recurrent, bias)


def test_transposed_kernel_gets_a_hint():
    kernel, recurrent, bias = weights("SimpleRNN", k=2)
    with pytest.raises(ShapeError, match="It looks transposed"):
        rnnmath.simple_rnn(X, kernel.T, recurrent, bias)


def test_recurrent_kernel_must_be_k_by_gk():
    kernel, recurrent, bias = weights("LSTM")
    with pytest.raises(ShapeError, match=r"recurrent_kernel has shape \(5, 15\), but LSTM needs a \(k, 4k\) matrix"):
        rnnmath.lstm(X, kernel, recurrent[:, :15], bias)


def test_bias_shape():
    kernel, recurrent, bias = weights("SimpleRNN")
    with pytest.raises(ShapeError, match=r"bias has shape \(4,\), but the equation needs \(k,\) = \(5,\)"):
        rnnmath.simple_rnn(X, kernel, recurrent, bias[:4])


def test_gru_bias_must_match_reset_after():
    kernel, recurrent, bias = weights("GRU", reset_after=False)
    with pytest.raises(ShapeError, match=r"bias has shape \(15,\), the reset_after=False layout"):
        rnnmath.gru(X, kernel, recurrent, bias)
    kernel, recurrent, bias = weights("GRU", reset_after=True)
    with pytest.raises(ShapeError, match=r"bias has shape \(2, 15\), the reset_after=True layout"):
        rnnmath.gru(X, kernel, recurrent, bias, reset_after=False)
    with pytest.raises(ShapeError, match=r"bias has shape \(3, 15\), but the equation needs \(2, 3k\)"):
        rnnmath.gru(X, kernel, recurrent, np.ones((3, 15)))


def test_unknown_activation():
    with pytest.raises(ValueError, match="Unknown activation 'sigmod'. Did you mean 'sigmoid'"):
        rnnmath.lstm(X, *weights("LSTM"), recurrent_activation="sigmod")
    with pytest.raises(ValueError, match="'softmax' is not elementwise"):
        rnnmath.simple_rnn(X, *weights("SimpleRNN"), activation="softmax")
    with pytest.raises(TypeError, match="activation must be"):
        rnnmath.simple_rnn(X, *weights("SimpleRNN"), activation=3)


def test_mask_shape():
    with pytest.raises(ShapeError, match=r"mask has shape \(3, 2\), but the equation needs \(β, T\) = \(2, 3\)"):
        rnnmath.simple_rnn(X, *weights("SimpleRNN"), mask=np.ones((3, 2), bool))


def test_initial_state_shape_and_count():
    with pytest.raises(ShapeError, match=r"initial_state\[1\] \(c_0\) has shape \(2, 4\), but the equation needs \(β, k\) = \(2, 5\)"):
        rnnmath.lstm(X, *weights("LSTM"), initial_state=[np.zeros((2, 5)), np.zeros((2, 4))])
    with pytest.raises(ValueError, match=r"initial_state has 1 array\(s\), but this layer has 2 state\(s\)"):
        rnnmath.lstm(X, *weights("LSTM"), initial_state=[np.zeros((2, 5))])


def test_non_numeric_input():
    with pytest.raises(TypeError, match="inputs could not be read as an array of numbers"):
        rnnmath.simple_rnn([[["a"]]], *weights("SimpleRNN", n=1))


def test_step_functions_check_their_inputs():
    with pytest.raises(ShapeError, match=r"X_t has shape \(4,\), but one step of a batch needs \(β, n\)"):
        rnnmath.simple_rnn_step(np.ones(4), np.zeros((1, 5)), *weights("SimpleRNN"))
    with pytest.raises(ShapeError, match=r"H_prev has shape \(2, 4\)"):
        rnnmath.gru_step(np.ones((2, 4)), np.zeros((2, 4)), *weights("GRU"))


def test_float32_in_float32_out_and_lists_in_float64():
    kernel, recurrent, bias = weights("LSTM")
    assert rnnmath.lstm(X.astype(np.float32), kernel, recurrent, bias).dtype == np.float32
    assert rnnmath.lstm(X.astype(np.float32), kernel, recurrent, bias, return_state=True)[2].dtype == np.float32
    assert rnnmath.lstm(X.tolist(), kernel, recurrent, bias).dtype == np.float64
    assert rnnmath.gru(np.ones((1, 2, 4), dtype=int), *weights("GRU")).dtype == np.float64
    assert rnnmath.bidirectional(rnnmath.gru, X.astype(np.float32), weights("GRU") * 2).dtype == np.float32


def test_every_public_function_has_an_example():
    """Examples are tests: each public name's docstring has a >>> example that pytest runs."""
    import inspect

    for name in rnnmath.__all__:
        obj = getattr(rnnmath, name)
        if callable(obj) and not inspect.isclass(obj):
            assert ">>>" in (obj.__doc__ or ""), f"rnnmath.{name} has no >>> example"
    for name in ("forward", "explain"):
        assert ">>>" in getattr(rnnmath.keras, name).__doc__
