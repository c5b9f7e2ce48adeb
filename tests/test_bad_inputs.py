"""Every bad input gets a clear error, never a silent wrong answer (issue 11).

One test per class of the issue, numbered as it numbers them, then the
Hypothesis property over malformed calls (``malformed.py``), then the cases
of a fuzzing pass across the whole public API.

A clear error is a ``ValueError`` or ``TypeError`` whose message names the
argument that is wrong.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from hypothesis import given
from malformed import BAD_CALLABLES, NOT_NUMBERS, malformed_call

import rnnmath
from reference import assert_same, uneven
from rnnmath.layers import LAYERS


def keras():
    import keras

    return keras


def weights(kind, n=2, k=3, rng=None, **options):
    rng = rng or np.random.default_rng(0)
    return [uneven(rng, shape) for shape in LAYERS[kind].weight_shapes(n, k, **options)]


X = np.random.default_rng(1).normal(size=(2, 4, 2))   # (β, T, n) = (2, 4, 2)


def raises_naming(argument, function, *args, **kwargs):
    """Call, and check that it raises ValueError or TypeError naming ``argument``."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")                     # a ComplexWarning is not an error message
        with pytest.raises((ValueError, TypeError)) as info:
            function(*args, **kwargs)
    assert argument in str(info.value), f"{argument!r} not named in: {info.value}"
    return str(info.value)


# ---- silent wrong answers


def test_1_stateful_bidirectional_starts_from_the_states_it_holds():
    k = keras()
    rng = np.random.default_rng(3)
    layer = k.layers.Bidirectional(k.layers.SimpleRNN(3, stateful=True, return_sequences=True))
    layer.build((2, 4, 2))
    layer.set_weights([uneven(rng, w.shape).astype(np.float32) for w in layer.get_weights()])
    first, second = (rng.normal(size=(2, 4, 2)).astype(np.float32) for _ in range(2))
    layer(first)                                           # the layer now holds non-zero states
    ours = rnnmath.keras.forward(layer, second)
    assert_same(ours, layer(second), np.float32)


def test_2_count_params_is_an_exact_python_int():
    n = k = 2**31
    count = rnnmath.count_params("LSTM", n, k)
    assert type(count) is int
    assert count == 4 * (n * k + k * k + k)
    assert rnnmath.count_params("GRU", n, k, bidirectional=True) == 2 * 3 * (n * k + k * k + 2 * k)


@pytest.mark.parametrize("kind", sorted(LAYERS))
def test_3_complex_numbers_are_refused(kind):
    function = LAYERS[kind].forward
    kernel, recurrent, bias = weights(kind)
    raises_naming("inputs", function, X + 1j, kernel, recurrent, bias)
    raises_naming("kernel", function, X, kernel + 1j, recurrent, bias)
    raises_naming("recurrent_kernel", function, X, kernel, recurrent * (1 + 1j), bias)
    raises_naming("bias", function, X, kernel, recurrent, bias + 0j)
    w = np.array([1.0, 2.0]) + 1j
    raises_naming("w", rnnmath.gradcheck, lambda w: float(np.sum(w ** 2)), w, 2 * w.real)


@pytest.mark.parametrize("how", ["numeric strings", "bytes", "datetime64", "timedelta64", "objects holding None"])
def test_4_things_that_are_not_numbers_are_refused(how):
    kernel, recurrent, bias = weights("SimpleRNN")
    bad = NOT_NUMBERS[how]
    raises_naming("inputs", rnnmath.simple_rnn, bad(X), kernel, recurrent, bias)
    raises_naming("kernel", rnnmath.simple_rnn, X, bad(kernel), recurrent, bias)
    raises_naming("initial_state", rnnmath.simple_rnn, X, kernel, recurrent, bias, initial_state=bad(np.zeros((2, 3))))
    raises_naming("mask", rnnmath.simple_rnn, X, kernel, recurrent, bias, mask=bad(np.ones((2, 4))))


def test_4_a_string_mask_is_not_all_true():
    kernel, recurrent, bias = weights("GRU")
    raises_naming("mask", rnnmath.gru, X, kernel, recurrent, bias, mask=[["False"] * 4] * 2)


@pytest.mark.parametrize("how", ["returns one column", "returns one row"])
def test_5_what_an_activation_returns_is_checked(how):
    kernel, recurrent, bias = weights("SimpleRNN")
    raises_naming("activation", rnnmath.simple_rnn, X, kernel, recurrent, bias, activation=BAD_CALLABLES[how])
    kernel, recurrent, bias = weights("LSTM")
    raises_naming("recurrent_activation", rnnmath.lstm, X, kernel, recurrent, bias,
                  recurrent_activation=BAD_CALLABLES[how])


def test_5_a_callable_that_returns_a_list_gives_an_array():
    kernel, recurrent, bias = weights("SimpleRNN")
    ours = rnnmath.simple_rnn(X, kernel, recurrent, bias, activation=lambda a: np.tanh(a).tolist())
    assert isinstance(ours, np.ndarray) and ours.dtype == X.dtype
    np.testing.assert_allclose(ours, rnnmath.simple_rnn(X, kernel, recurrent, bias), rtol=1e-12)


def test_5_a_good_callable_still_works():
    kernel, recurrent, bias = weights("LSTM")
    ours = rnnmath.lstm(X, kernel, recurrent, bias, activation=lambda a: np.tanh(a).tolist(),
                        recurrent_activation=lambda a: 1 / (1 + np.exp(-a)))
    np.testing.assert_allclose(ours, rnnmath.lstm(X, kernel, recurrent, bias), rtol=1e-12)


def test_6_forward_follows_the_layers_dtype_policy():
    k = keras()
    layer = k.layers.SimpleRNN(3)
    layer.build((None, None, 2))
    X64 = X.astype(np.float64)
    assert rnnmath.keras.forward(layer, X64).dtype == np.dtype(layer.compute_dtype) == np.float32
    assert_same(rnnmath.keras.forward(layer, X64), layer(X64), np.float32)

    model = k.Sequential([k.Input((4, 2)), k.layers.LSTM(3, dtype="float64"), k.layers.Dense(2, dtype="float64")])
    X32 = X.astype(np.float32)
    theirs = model.predict(X32, verbose=0)
    assert theirs.dtype == np.float64
    assert_same(rnnmath.keras.forward(model, X32), theirs, np.float64)


# ---- internal tracebacks instead of clear errors


RAGGED = [[[1.0, 2.0], [3.0]], [[1.0, 2.0], [3.0, 4.0]]]


def test_7_ragged_nested_lists_name_the_argument():
    kernel, recurrent, bias = weights("GRU")
    raises_naming("inputs", rnnmath.gru, RAGGED, kernel, recurrent, bias)
    raises_naming("X_t", rnnmath.gru_step, [[1.0, 2.0], [3.0]], np.zeros((2, 3)), kernel, recurrent, bias)
    raises_naming("mask", rnnmath.gru, X, kernel, recurrent, bias, mask=[[True] * 4, [True] * 3])
    raises_naming("bias", rnnmath.gru, X, kernel, recurrent, [[0.0] * 9, [0.0] * 8])
    raises_naming("array", rnnmath.split_gates, "GRU", [[0.0] * 9, [0.0] * 8])
    W_x, W_y, b = weights("SimpleRNN")
    raises_naming("x_t", rnnmath.layer_step, [[1.0], [2.0, 3.0]], np.zeros(3), W_x, W_y, b)
    raises_naming("kernel", rnnmath.layer_step, [1.0, 2.0], np.zeros(3), [[1.0, 2.0, 3.0], [1.0]], W_y, b)


def test_7_ragged_inputs_to_a_keras_model():
    k = keras()
    model = k.Sequential([k.Input((None, 2)), k.layers.SimpleRNN(3)])
    raises_naming("inputs", rnnmath.keras.forward, model, RAGGED)


@pytest.mark.parametrize("kind", sorted(LAYERS))
def test_8_a_batch_of_zero_sequences_gives_an_empty_result(kind):
    layer = LAYERS[kind]
    kernel, recurrent, bias = weights(kind)
    empty = np.zeros((0, 4, 2))
    assert layer.forward(empty, kernel, recurrent, bias).shape == (0, 3)
    outputs = layer.forward(empty, kernel, recurrent, bias, return_sequences=True, return_state=True)
    assert [o.shape for o in outputs] == [(0, 4, 3)] + [(0, 3)] * len(layer.states)
    grads = layer.backward(empty, kernel, recurrent, bias, output_gradients=np.zeros((0, 4, 3)))
    assert grads["inputs"].shape == (0, 4, 2)
    for name, value in zip(["kernel", "recurrent_kernel", "bias"], [kernel, recurrent, bias]):
        assert grads[name].shape == value.shape
        assert not grads[name].any()                       # no sequence, no gradient
    assert [s.shape for s in grads["initial_state"]] == [(0, 3)] * len(layer.states)


@pytest.mark.parametrize("thing", [len, "model", None, 3.0, np.zeros(3)])
def test_9_things_that_are_not_keras_layers(thing):
    raises_naming("layer_or_model", rnnmath.keras.forward, thing, X)
    raises_naming("model", rnnmath.keras.explain, thing)


def embedding_model(k):
    model = k.Sequential([k.Input((4,)), k.layers.Embedding(5, 2), k.layers.GRU(3)])
    rng = np.random.default_rng(4)
    for layer in model.layers:
        layer.set_weights([uneven(rng, w.shape).astype(np.float32) for w in layer.get_weights()])
    return model


def test_10_embedding_casts_float_ids_to_int_as_keras_does():
    k = keras()
    model = embedding_model(k)
    ids = np.array([[0.0, 1.0, 4.0, 2.7], [3.2, 3.0, 1.9, 0.0]], dtype=np.float32)
    assert_same(rnnmath.keras.forward(model, ids), model.predict(ids, verbose=0), np.float32)


@pytest.mark.parametrize("bad_id", [5, -1, 7.0])
def test_10_an_id_out_of_range_names_the_id_and_the_vocabulary(bad_id):
    k = keras()
    model = embedding_model(k)
    ids = np.array([[0, 1, bad_id, 2]])
    message = raises_naming("inputs", rnnmath.keras.forward, model, ids)
    assert str(int(bad_id)) in message and "5" in message and "input_dim" in message


def test_11_explain_a_bidirectional_with_another_backward_layer():
    k = keras()
    for backward in (k.layers.GRU(4, go_backwards=True), k.layers.LSTM(2, use_bias=False, go_backwards=True)):
        model = k.Sequential([k.Input((5, 3)), k.layers.Bidirectional(k.layers.LSTM(2), backward_layer=backward)])
        explanation = rnnmath.keras.explain(model)
        assert explanation.total == model.count_params()
        assert "backward" in explanation.rows[0].formula or "+" in explanation.rows[0].formula


def test_11_explain_and_forward_a_lora_dense():
    k = keras()
    model = k.Sequential([k.Input((4, 2)), k.layers.SimpleRNN(3), k.layers.Dense(2, lora_rank=2)])
    explanation = rnnmath.keras.explain(model)
    assert explanation.total == model.count_params()
    rng = np.random.default_rng(5)
    for layer in model.layers:
        layer.set_weights([uneven(rng, w.shape).astype(np.float32) for w in layer.get_weights()])
    X32 = X.astype(np.float32)
    assert_same(rnnmath.keras.forward(model, X32), model.predict(X32, verbose=0), np.float32)


def test_12_bad_arguments_to_bidirectional():
    w = weights("SimpleRNN") * 2
    raises_naming("layer", rnnmath.bidirectional, [rnnmath.simple_rnn], X, w)
    raises_naming("merge_mode", rnnmath.bidirectional, rnnmath.simple_rnn, X, w, merge_mode=np.array(["sum"]))
    raises_naming("initial_state", rnnmath.bidirectional, rnnmath.simple_rnn, X, w, initial_state=0.5)
    raises_naming("weights", rnnmath.bidirectional, rnnmath.simple_rnn, X, None)
    narrow = weights("SimpleRNN", k=3) + weights("SimpleRNN", k=4)
    message = raises_naming("merge_mode", rnnmath.bidirectional, rnnmath.simple_rnn, X, narrow, merge_mode="sum")
    assert "3" in message and "4" in message
    assert rnnmath.bidirectional(rnnmath.simple_rnn, X, narrow).shape == (2, 7)     # concat is well defined


@pytest.mark.parametrize("eps", [0, 0.0, -1e-5, float("nan"), float("inf"), "x", None, [1e-5]])
def test_13_gradcheck_with_a_bad_eps(eps):
    w = np.array([1.0, 2.0])
    raises_naming("eps", rnnmath.gradcheck, lambda w: float(np.sum(w ** 2)), w, 2 * w, eps=eps)
    raises_naming("eps", rnnmath.numerical_gradient, lambda w: float(np.sum(w ** 2)), w, eps=eps)


@pytest.mark.parametrize("how", ["returns a scalar", "returns None", "returns a wider array", "returns strings",
                                 "returns complex"])
def test_14_an_activation_that_returns_the_wrong_thing(how):
    for kind in sorted(LAYERS):
        kernel, recurrent, bias = weights(kind)
        raises_naming("activation", LAYERS[kind].forward, X, kernel, recurrent, bias, activation=BAD_CALLABLES[how])
    raises_naming("activation", rnnmath.layer_step, [1.0, 2.0], np.zeros(3), *weights("SimpleRNN"),
                  activation=BAD_CALLABLES[how])


# ---- unclear messages


def test_15_gru_given_an_lstms_weights_blames_the_kernels():
    message = raises_naming("recurrent_kernel", rnnmath.gru, X, *weights("LSTM"))
    assert "bias" not in message.split(".")[0]
    assert "LSTM" in message


def test_16_layer_step_with_a_transposed_kernel_blames_the_kernel():
    W_x, W_y, b = weights("SimpleRNN", n=2, k=3)
    message = raises_naming("kernel", rnnmath.layer_step, [1.0, 2.0], np.zeros(3), W_x.T, W_y, b)
    assert message.startswith("kernel") and "transposed" in message


def test_17_a_nested_list_initial_state_is_one_state():
    kernel, recurrent, bias = weights("SimpleRNN")
    H_0 = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]                    # (β, k) = (2, 3), as a nested list
    ours = rnnmath.simple_rnn(X, kernel, recurrent, bias, initial_state=H_0)
    np.testing.assert_allclose(ours, rnnmath.simple_rnn(X, kernel, recurrent, bias, initial_state=np.array(H_0)))
    message = raises_naming("initial_state", rnnmath.lstm, X, *weights("LSTM"), initial_state=H_0)
    assert "[h_0, c_0]" in message


def test_18_a_bidirectional_that_mixes_layers_says_so():
    k = keras()
    layer = k.layers.Bidirectional(k.layers.LSTM(3), backward_layer=k.layers.GRU(3, go_backwards=True))
    layer.build((None, 4, 2))
    message = raises_naming("backward_layer", rnnmath.keras.forward, layer, X.astype(np.float32))
    assert "LSTM" in message and "GRU" in message
    assert "forward() takes SimpleRNN, LSTM and GRU" not in message


def test_18_a_bidirectional_whose_backward_layer_is_wider_runs_under_concat():
    k = keras()
    rng = np.random.default_rng(6)
    layer = k.layers.Bidirectional(k.layers.GRU(2, return_sequences=True),
                                   backward_layer=k.layers.GRU(3, return_sequences=True, go_backwards=True))
    layer.build((None, 4, 2))
    layer.set_weights([uneven(rng, w.shape).astype(np.float32) for w in layer.get_weights()])
    X32 = X.astype(np.float32)
    assert_same(rnnmath.keras.forward(layer, X32), layer(X32), np.float32)
    assert rnnmath.keras.explain(layer).total == layer.count_params()


def test_19_a_lambda_activation_is_named_not_serialised():
    k = keras()
    layer = k.layers.SimpleRNN(3, activation=lambda a: a)
    layer.build((None, 4, 2))
    message = raises_naming("activation", rnnmath.keras.forward, layer, X.astype(np.float32))
    assert len(message) < 300 and "lambda" in message
    assert not re.search(r"[A-Za-z0-9+/=]{40,}", message)


# ---- views and copies


def test_split_gates_returns_copies():
    kernel = np.arange(8.0).reshape(1, 8)
    gates = rnnmath.split_gates("LSTM", kernel)
    gates["f"][...] = -1.0
    assert (kernel == np.arange(8.0)).all()


def test_gradcheck_never_hands_the_loss_the_callers_array():
    w = np.array([1.0, 2.0])
    seen = []

    def loss(v):
        seen.append(v)
        v[...] = 99.0                                           # a careless loss that writes into its argument
        return 0.0

    rnnmath.gradcheck(loss, w, np.zeros(2))
    assert (w == [1.0, 2.0]).all()
    assert all(v is not w for v in seen)


# ---- the property: a malformed call answers correctly or names the argument


@given(malformed_call())
def test_malformed_calls_answer_or_name_the_argument(case):
    with warnings.catch_warnings():
        warnings.simplefilter("error", np.exceptions.ComplexWarning)
        warnings.simplefilter("ignore", RuntimeWarning)           # inf − inf is NaN, as it is in Keras
        try:
            result = case.function(*case.args, **case.kwargs)
        except (ValueError, TypeError) as error:
            assert case.argument in str(error), f"{case}: {error}"
            return
    assert not case.must_raise, f"{case} gave an answer: {result!r}"
    inputs = np.asarray(case.args[0])
    dtype = inputs.dtype if np.issubdtype(inputs.dtype, np.floating) else np.float64
    assert isinstance(result, np.ndarray)
    assert result.shape == case.expected_shape and result.dtype == dtype
    if case.reference is not None:
        args, kwargs = case.reference
        np.testing.assert_allclose(result, case.function(*args, **kwargs), rtol=1e-5, atol=1e-6)


# ---- cases kept from a fuzzing pass across the public API


FLAG_VALUES = ["yes", np.array([True, False]), np.zeros(0), None, 2, 0.5, [True]]


@pytest.mark.parametrize("value", FLAG_VALUES, ids=repr)
@pytest.mark.parametrize("flag", ["return_sequences", "return_state", "go_backwards", "zero_output_for_mask"])
def test_fuzz_a_flag_that_is_not_true_or_false(flag, value):
    for kind in sorted(LAYERS):
        raises_naming(flag, LAYERS[kind].forward, X, *weights(kind), **{flag: value})
    if flag in ("return_sequences", "return_state"):
        raises_naming(flag, rnnmath.bidirectional, rnnmath.gru, X, weights("GRU") * 2, **{flag: value})


@pytest.mark.parametrize("value", FLAG_VALUES, ids=repr)
def test_fuzz_counting_flags_and_names(value):
    raises_naming("use_bias", rnnmath.count_params, "LSTM", 3, 2, use_bias=value)
    raises_naming("reset_after", rnnmath.weight_shapes, "GRU", 3, 2, reset_after=value)
    raises_naming("bidirectional", rnnmath.count_params, "GRU", 3, 2, bidirectional=value)
    raises_naming("reset_after", rnnmath.gru, X, *weights("GRU"), reset_after=value)
    if not isinstance(value, str):
        raises_naming("layer", rnnmath.count_params, value, 3, 2)
        raises_naming("layer", rnnmath.split_gates, value, np.zeros((3, 8)))


def test_fuzz_a_step_input_that_does_not_fit_the_kernel_is_named():
    for kind in sorted(LAYERS):
        layer = LAYERS[kind]
        kernel, recurrent, bias = weights(kind, n=3, k=2)
        states = [np.zeros((3, 2)) for _ in layer.states]          # β = 3 for X_t.T below
        message = raises_naming("X_t", layer.step, np.zeros((2, 3)).T, *states, kernel, recurrent, bias)
        assert "X_t.shape[1]" in message


def test_fuzz_an_activation_that_raises_is_named():
    def picky(a):
        raise TypeError("expected a float")

    raises_naming("activation", rnnmath.neuron_step, 0.5, 0.0, 1.0, 1.0, activation=picky)
    raises_naming("recurrent_activation", rnnmath.gru, X, *weights("GRU"), recurrent_activation=picky)
    raises_naming("activation", rnnmath.unroll_neuron, [1.0, 2.0], 1.0, 1.0, activation=len)


def test_fuzz_neuron_inputs_that_do_not_fit_w_x():
    raises_naming("xs", rnnmath.unroll_neuron, np.ones((4, 1)), 0.3, 0.7)
    raises_naming("xs", rnnmath.neuron_backward, 0.5, 0.3, 0.7, output_gradients=[1.0])
    raises_naming("xs", rnnmath.neuron_backward, np.ones((4, 2)), 0.3, 0.7, output_gradients=np.ones(4))
    assert rnnmath.unroll_neuron(np.ones((4, 1)), [0.3], 0.7).shape == (4,)      # (T, n) with w_x of length n


@pytest.mark.parametrize("bad", [None, "loss", 3.0, [len]], ids=repr)
def test_fuzz_gradcheck_loss_must_be_a_function(bad):
    raises_naming("loss", rnnmath.gradcheck, bad, np.ones(2), np.ones(2))
    raises_naming("loss", rnnmath.numerical_gradient, bad, np.ones(2))


@pytest.mark.parametrize("floor", [0, -1.0, "x", np.ones(3), float("nan")], ids=repr)
def test_fuzz_gradcheck_floor_must_be_a_positive_number(floor):
    raises_naming("floor", rnnmath.gradcheck, lambda w: float(np.sum(w ** 2)), np.ones(2), 2 * np.ones(2), floor=floor)


def test_fuzz_an_embedding_given_nan_ids():
    k = keras()
    message = raises_naming("inputs", rnnmath.keras.forward, embedding_model(k), np.array([[0.0, np.nan, 1.0, 2.0]]))
    assert "nan" in message and "not a token id" in message


def test_fuzz_messages_read_as_sentences():
    message = raises_naming("initial_state", rnnmath.lstm, X, *weights("LSTM"),
                            initial_state=[np.full((2, 3), "a"), np.zeros((2, 3))])
    assert "np.asarray(initial_state" not in message
    message = raises_naming("inputs", rnnmath.simple_rnn, [[[None]]], *weights("SimpleRNN", n=1))
    assert "holds None (NoneType)" in message
