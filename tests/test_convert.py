"""rnnmath.convert: weights moved between Keras and torch compute the same outputs in both.

Every check runs both frameworks on the same input: a Keras layer's weights,
converted, are loaded into a torch module (and the other way round), and the
two outputs and final states must agree within the dtype's precision.
"""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch_reference import TORCH_DTYPES, run_torch, torch_module

from reference import TOLERANCE, dtypes, keras, keras_layer, make_weights, uneven
from rnnmath import convert

TORCH_KINDS = {"SimpleRNN": "RNN", "LSTM": "LSTM", "GRU": "GRU"}


def keras_run(layer, x, initial_state=None):
    """Every output (β, T, ·) and the final states of a Keras layer, as numpy."""
    output, *states = layer(x, initial_state=initial_state)
    return np.asarray(output), [np.asarray(s) for s in states]


def draw_case(data, kind):
    dtype = data.draw(dtypes, label="dtype")
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    n, k = data.draw(st.integers(1, 4), label="n"), data.draw(st.integers(1, 4), label="k")
    batch, steps = data.draw(st.integers(1, 3), label="batch"), data.draw(st.integers(1, 5), label="steps")
    bias = data.draw(st.booleans(), label="bias")
    activation = data.draw(st.sampled_from(["tanh", "relu"]), label="activation") if kind == "SimpleRNN" else "tanh"
    x = rng.uniform(-1, 1, (batch, steps, n)).astype(dtype)
    return dtype, rng, n, k, bias, activation, x


@pytest.mark.parametrize("kind", ["SimpleRNN", "LSTM", "GRU"])
@settings(max_examples=25)
@given(data=st.data())
def test_keras_to_torch_runs_the_same(kind, data):
    dtype, rng, n, k, bias, activation, x = draw_case(data, kind)
    weights = make_weights(rng, kind, n, k, use_bias=bias, scale=0.5 if activation == "relu" else 1.0)
    layer = keras_layer(kind, n, weights, dtype, use_bias=bias, activation=activation, return_sequences=True,
                        return_state=True)
    theirs, states = keras_run(layer, x)

    options = dict(nonlinearity=activation) if kind == "SimpleRNN" else {}
    module = getattr(torch.nn, TORCH_KINDS[kind])(n, k, bias=bias, batch_first=True, **options)
    module = module.to(TORCH_DTYPES[dtype])
    module.load_state_dict({name: torch.from_numpy(np.ascontiguousarray(a, dtype)) for name, a in
                            convert.keras_to_torch(kind, weights, activation=activation).items()})
    output, h_n = run_torch(module, x)
    np.testing.assert_allclose(output, theirs, **TOLERANCE[dtype])
    torch_states = list(h_n) if kind == "LSTM" else [h_n]
    for ours, theirs in zip(torch_states, states):
        np.testing.assert_allclose(ours[0], theirs, **TOLERANCE[dtype])


@pytest.mark.parametrize("kind", ["SimpleRNN", "LSTM", "GRU"])
@settings(max_examples=25)
@given(data=st.data())
def test_torch_to_keras_runs_the_same(kind, data):
    dtype, rng, n, k, bias, activation, x = draw_case(data, kind)
    options = dict(nonlinearity=activation) if kind == "SimpleRNN" else {}
    module = torch_module(TORCH_KINDS[kind], n, k, rng, dtype, scale=0.5 if activation == "relu" else 1.0,
                          bias=bias, batch_first=True, **options)
    output, h_n = run_torch(module, x)

    weights = convert.torch_to_keras(TORCH_KINDS[kind], module.state_dict())
    layer = keras_layer(kind, n, weights, dtype, use_bias=bias, activation=activation, return_sequences=True,
                        return_state=True)
    theirs, states = keras_run(layer, x)
    np.testing.assert_allclose(theirs, output, **TOLERANCE[dtype])
    torch_states = list(h_n) if kind == "LSTM" else [h_n]
    for ours, theirs in zip(torch_states, states):
        np.testing.assert_allclose(theirs, ours[0], **TOLERANCE[dtype])


@pytest.mark.parametrize("kind", ["SimpleRNN", "LSTM", "GRU"])
@pytest.mark.parametrize("bias", [True, False])
def test_bidirectional_both_ways(kind, bias):
    rng = np.random.default_rng(7)
    n, k, dtype = 3, 2, np.float64
    x = rng.uniform(-1, 1, (2, 4, n))
    forward_weights = make_weights(rng, kind, n, k, use_bias=bias)
    backward_weights = make_weights(rng, kind, n, k, use_bias=bias)
    inner = getattr(keras().layers, kind)(k, use_bias=bias, return_sequences=True, dtype=dtype)
    wrapper = keras().layers.Bidirectional(inner, dtype=dtype)
    wrapper.build((None, None, n))
    wrapper.set_weights([*forward_weights, *backward_weights])
    theirs = np.asarray(wrapper(x))                                   # (β, T, 2k): forward, then backward

    state = convert.keras_to_torch(kind, wrapper.get_weights())
    assert any(name.endswith("_reverse") for name in state)
    module = getattr(torch.nn, TORCH_KINDS[kind])(n, k, bias=bias, batch_first=True, bidirectional=True).double()
    module.load_state_dict({name: torch.from_numpy(a) for name, a in state.items()})
    output, _ = run_torch(module, x)
    np.testing.assert_allclose(output, theirs, **TOLERANCE[dtype])

    back = convert.torch_to_keras(TORCH_KINDS[kind], module.state_dict())   # forward layer, then backward
    assert len(back) == len(wrapper.get_weights())
    for ours, original in zip(back, [*forward_weights, *backward_weights]):
        np.testing.assert_allclose(ours, original, rtol=1e-15, atol=1e-15)


def test_a_stacked_module_converts_layer_by_layer():
    rng = np.random.default_rng(8)
    module = torch_module("LSTM", 3, 2, rng, np.float64, num_layers=2, batch_first=True)
    x = rng.uniform(-1, 1, (2, 5, 3))
    output, _ = run_torch(module, x)
    first = keras_layer("LSTM", 3, convert.torch_to_keras("LSTM", module.state_dict(), layer_index=0), np.float64,
                        return_sequences=True)
    second = keras_layer("LSTM", 2, convert.torch_to_keras("LSTM", module.state_dict(), layer_index=1), np.float64,
                         return_sequences=True)
    np.testing.assert_allclose(np.asarray(second(first(x))), output, **TOLERANCE[np.float64])


def test_an_lstm_bias_becomes_bias_ih_and_a_zero_bias_hh():
    rng = np.random.default_rng(9)
    weights = make_weights(rng, "LSTM", 2, 3)
    state = convert.keras_to_torch("LSTM", weights)
    np.testing.assert_array_equal(state["bias_ih_l0"], weights[2])   # i, f, g, o = Keras's i, f, c, o
    np.testing.assert_array_equal(state["bias_hh_l0"], np.zeros(12))
    np.testing.assert_array_equal(convert.keras_to_torch("LSTM", weights, layer_index=2)["weight_ih_l2"],
                                  weights[0].T)


def test_the_gru_gate_order_is_swapped():
    W_x = uneven(np.random.default_rng(10), (2, 6))                  # k = 2: z | r | h
    state = convert.keras_to_torch("GRU", [W_x, np.ones((2, 6))])
    z, r, h = np.split(W_x.T, 3)
    np.testing.assert_array_equal(state["weight_ih_l0"], np.concatenate([r, z, h]))
    np.testing.assert_array_equal(convert.torch_to_keras("GRU", state)[0], W_x)


def test_what_cannot_be_converted_says_why():
    rng = np.random.default_rng(11)
    with pytest.raises(ValueError, match="reset_after=False has no torch equivalent"):
        convert.keras_to_torch("GRU", make_weights(rng, "GRU", 2, 3, reset_after=False))
    with pytest.raises(ValueError, match="reset_after=False has no torch equivalent"):
        convert.keras_to_torch("GRU", make_weights(rng, "GRU", 2, 3, use_bias=False), reset_after=False)
    with pytest.raises(ValueError, match="activation='sigmoid' has no torch equivalent: nn.RNN offers 'relu' or"):
        convert.keras_to_torch("SimpleRNN", make_weights(rng, "SimpleRNN", 2, 3), activation="sigmoid")
    with pytest.raises(ValueError, match="activation='relu' has no torch equivalent: nn.LSTM offers 'tanh'"):
        convert.keras_to_torch("LSTM", make_weights(rng, "LSTM", 2, 3), activation="relu")
    with pytest.raises(ValueError, match="recurrent_activation='hard_sigmoid' has no torch equivalent"):
        convert.keras_to_torch("GRU", make_weights(rng, "GRU", 2, 3), recurrent_activation="hard_sigmoid")
    projected = torch.nn.LSTM(2, 3, proj_size=1)
    with pytest.raises(ValueError, match="weight_hr_l0 is a projection"):
        convert.torch_to_keras("LSTM", projected.state_dict())
    with pytest.raises(ValueError, match="Unknown layer 'Dense'"):
        convert.keras_to_torch("Dense", make_weights(rng, "LSTM", 2, 3))
    with pytest.raises(ValueError, match="weights has 5 arrays"):
        convert.keras_to_torch("LSTM", [*make_weights(rng, "LSTM", 2, 3), np.zeros(1), np.zeros(1)])
    with pytest.raises(ValueError, match=r"kernel has shape \(2, 8\).*\(n, 4k\)"):
        convert.keras_to_torch("LSTM", [np.zeros((2, 8)), np.zeros((3, 12)), np.zeros(12)])
    with pytest.raises(KeyError, match="no 'weight_ih_l1'"):
        convert.torch_to_keras("RNN", torch.nn.RNN(2, 3).state_dict(), layer_index=1)
