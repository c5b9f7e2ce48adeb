"""rnnmath.torch.forward equals PyTorch for random sizes, uneven weights and every option.

Each example builds an nn.RNN, nn.LSTM or nn.GRU with uneven, non-zero
parameters, runs it as a torch user would (through pack_padded_sequence
when lengths are drawn), and compares rnnmath's arrays with torch's.
"""

import re
import subprocess
import sys

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch_reference import TORCH_DTYPES, assert_same_structure, run_torch, torch_module

import rnnmath
from reference import dtypes, uneven
from rnnmath import torch as rt
from rnnmath.lstm_projection import lstm_projected_backward

# torch's CPU kernel for projections is its plain one; it says so on every call.
pytestmark = pytest.mark.filterwarnings("ignore:LSTM with projections is not supported with oneDNN")


@st.composite
def module_options(draw, kind):
    options = dict(
        num_layers=draw(st.integers(1, 3), label="num_layers"),
        bidirectional=draw(st.booleans(), label="bidirectional"),
        batch_first=draw(st.booleans(), label="batch_first"),
        bias=draw(st.booleans(), label="bias"),
    )
    if kind == "RNN":
        options["nonlinearity"] = draw(st.sampled_from(["tanh", "relu"]), label="nonlinearity")
    return options


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
@settings(max_examples=30)
@given(data=st.data())
def test_forward_equals_torch(kind, data):
    dtype = data.draw(dtypes, label="dtype")
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    n, k = data.draw(st.integers(1, 4), label="n"), data.draw(st.integers(1, 4), label="k")
    batch, steps = data.draw(st.integers(1, 3), label="batch"), data.draw(st.integers(1, 5), label="steps")
    options = data.draw(module_options(kind), label="options")
    proj = 0
    if kind == "LSTM" and k > 1 and data.draw(st.booleans(), label="projection"):
        proj = options["proj_size"] = data.draw(st.integers(1, k - 1), label="proj_size")
    scale = 0.5 if options.get("nonlinearity") == "relu" else 1.0
    module = torch_module(kind, n, k, rng, dtype, scale=scale, **options)

    unbatched = data.draw(st.booleans(), label="unbatched")
    shape = (steps, n) if unbatched else (batch, steps, n) if options["batch_first"] else (steps, batch, n)
    x = rng.uniform(-1, 1, shape).astype(dtype)
    D = 2 if options["bidirectional"] else 1
    hx = None
    if data.draw(st.booleans(), label="hx"):
        rows = (D * options["num_layers"],) + (() if unbatched else (batch,))
        h_0 = torch.from_numpy(uneven(rng, rows + (proj or k,)).astype(dtype))
        hx = (h_0, torch.from_numpy(uneven(rng, rows + (k,)).astype(dtype))) if kind == "LSTM" else h_0
    lengths = None
    if not unbatched and data.draw(st.booleans(), label="packed"):
        lengths = data.draw(st.lists(st.integers(1, steps), min_size=batch, max_size=batch), label="lengths")

    ours = rt.forward(module, x, hx, lengths=lengths)
    theirs = run_torch(module, x, hx, lengths)
    assert_same_structure(ours, theirs, dtype)


def test_bidirectional_output_slices_and_h_n_rows():
    """output[-1, :, k:] is the backward direction after one step; h_n is layer-major, direction-minor."""
    rng = np.random.default_rng(3)
    k = 3
    module = torch_module("GRU", 2, k, rng, np.float64, num_layers=2, bidirectional=True)
    x = rng.uniform(-1, 1, (6, 2, 2))                            # (T, β, n)
    output, h_n = rt.forward(module, x)
    np.testing.assert_allclose(output[-1, :, :k], h_n[2])        # row 2: layer 1 forwards, its last step
    np.testing.assert_allclose(output[0, :, k:], h_n[3])         # row 3: layer 1 backwards, ends at step 1

    single = torch_module("GRU", 2, k, rng, np.float64, bidirectional=True)
    output, _ = rt.forward(single, x)
    one_step, _ = rt.forward(single, x[-1:])                     # only the last step
    np.testing.assert_allclose(output[-1, :, k:], one_step[0, :, k:])
    assert not np.allclose(output[-1, :, :k], one_step[0, :, :k])


def test_packed_h_n_is_the_last_valid_step():
    rng = np.random.default_rng(4)
    module = torch_module("LSTM", 2, 3, rng, np.float64, batch_first=True, bidirectional=True)
    x = rng.uniform(-1, 1, (2, 5, 2))
    output, (h_n, c_n) = rt.forward(module, x, lengths=[2, 5])
    assert np.all(output[0, 2:] == 0.0)                          # zeros after the end, as pad_packed_sequence
    np.testing.assert_allclose(h_n[0, 0], output[0, 1, :3])      # forward: step ℓ = 2
    np.testing.assert_allclose(h_n[1, 0], output[0, 0, 3:])      # backward: step 1
    alone, (h_alone, _) = rt.forward(module, x[:1, :2])          # the same sequence cut to its length
    np.testing.assert_allclose(h_n[:, 0], h_alone[:, 0])


def test_dropout_is_inactive():
    rng = np.random.default_rng(5)
    module = torch_module("LSTM", 2, 3, rng, np.float64, num_layers=2, dropout=0.5)
    x = rng.uniform(-1, 1, (4, 2, 2))
    assert_same_structure(rt.forward(module, x), run_torch(module, x), np.float64)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
@settings(max_examples=25)
@given(data=st.data())
def test_count_params_and_explain_equal_torch(kind, data):
    options = dict(
        num_layers=data.draw(st.integers(1, 3)), bias=data.draw(st.booleans()),
        bidirectional=data.draw(st.booleans()),
    )
    n, k = data.draw(st.integers(1, 40)), data.draw(st.integers(2, 40))
    if kind == "LSTM":
        options["proj_size"] = data.draw(st.integers(0, k - 1))
    module = getattr(torch.nn, kind)(n, k, **options)
    expected = sum(p.numel() for p in module.parameters())
    counted = rt.count_params(kind, n, k, **options)
    assert counted == expected and type(counted) is int
    explanation = rt.explain(module)
    assert explanation.total == expected
    for row in explanation.rows:                                  # the numbers shown are the count
        assert eval(re.sub(r"(\d)\(", r"\1*(", row.substituted).replace("·", "*")) == row.params


def test_explain_a_model_counts_its_recurrent_modules():
    class Model(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = torch.nn.Embedding(50, 8)
            self.lstm = torch.nn.LSTM(8, 5, num_layers=2, bidirectional=True, proj_size=2)
            self.gru = torch.nn.GRU(4, 3, bias=False)
            self.head = torch.nn.Linear(3, 1)

    model = Model()
    explanation = rt.explain(model)
    assert explanation.total == sum(p.numel() for m in (model.lstm, model.gru) for p in m.parameters())
    assert [row.layer for row in explanation.rows] == [
        "lstm.l0", "lstm.l0_reverse", "lstm.l1", "lstm.l1_reverse", "gru.l0"]
    with pytest.raises(ValueError, match="found no nn.RNN"):
        rt.explain(torch.nn.Linear(2, 2))


def test_the_two_biases_are_the_difference_from_keras():
    """nn.LSTM(8, 5) has 300 parameters, Keras's LSTM(5) on 8 features 280: one more bias of 4k."""
    assert rt.count_params("LSTM", 8, 5) - rnnmath.count_params("LSTM", 8, 5) == 4 * 5


def test_errors_name_the_array_and_the_shape():
    module = torch.nn.LSTM(3, 4, num_layers=2)
    with pytest.raises(rnnmath.ShapeError, match=r"inputs has shape \(5, 2, 2\).*\(T, β, n\) = \(5, 2, 3\)"):
        rt.forward(module, np.zeros((5, 2, 2)))
    with pytest.raises(rnnmath.ShapeError, match=r"h_0 has shape \(1, 2, 4\).*\(D·L, β, k\) = \(2, 2, 4\)"):
        rt.forward(module, np.zeros((5, 2, 3)), (np.zeros((1, 2, 4)), np.zeros((2, 2, 4))))
    with pytest.raises(ValueError, match="lengths must be whole numbers from 1 to T = 5"):
        rt.forward(module, np.zeros((5, 2, 3)), lengths=[0, 5])
    with pytest.raises(rnnmath.ShapeError, match=r"lengths has shape \(3,\)"):
        rt.forward(module, np.zeros((5, 2, 3)), lengths=[1, 2, 3])
    with pytest.raises(TypeError, match="nn.RNN, nn.LSTM or nn.GRU"):
        rt.forward(torch.nn.Linear(2, 2), np.zeros((1, 2)))
    with pytest.raises(ValueError, match="proj_size must be smaller than hidden_size"):
        rt.count_params("LSTM", 3, 4, proj_size=4)
    with pytest.raises(ValueError, match="proj_size is an LSTM option"):
        rt.count_params("GRU", 3, 4, proj_size=2)


def test_tensorflow_and_torch_agree_on_a_float64_lstm():
    """Both frameworks in one process, one LSTM's weights in each, float64: they agree to rounding."""
    import keras

    rng = np.random.default_rng(6)
    module = torch_module("LSTM", 3, 4, rng, np.float64, batch_first=True)
    layer = keras.layers.LSTM(4, dtype="float64", return_sequences=True)
    layer.build((None, None, 3))
    layer.set_weights(rnnmath.convert.torch_to_keras("LSTM", module.state_dict()))
    x = rng.uniform(-1, 1, (2, 7, 3))
    theirs, _ = run_torch(module, x)
    keras_output = np.asarray(layer(x))
    difference = np.abs(keras_output - theirs).max()
    # Measured: 1.7e-16 for this seed, at most 2.2e-16 (one unit in the last place of 1) over seeds 0-19.
    assert difference < 4e-16, difference


def test_import_rnnmath_loads_neither_framework():
    code = "import sys, rnnmath, rnnmath.torch, rnnmath.convert; print('torch' in sys.modules, 'keras' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_torch_dtypes_cover_the_tests_dtypes():
    assert set(TORCH_DTYPES) == {np.float32, np.float64}


@settings(max_examples=25)
@given(data=st.data())
def test_projection_gradients_equal_torch_autograd(data):
    """lstm_projected_backward against torch.autograd on the same nn.LSTM(proj_size=p), float64."""
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    n, k = data.draw(st.integers(1, 3), label="n"), data.draw(st.integers(2, 4), label="k")
    p = data.draw(st.integers(1, k - 1), label="p")
    batch, steps = data.draw(st.integers(1, 3), label="batch"), data.draw(st.integers(1, 4), label="steps")
    bias = data.draw(st.booleans(), label="bias")
    module = torch_module("LSTM", n, k, rng, np.float64, batch_first=True, proj_size=p, bias=bias)
    x = rng.uniform(-1, 1, (batch, steps, n))
    E = uneven(rng, (batch, steps, p))                            # L = Σ E ⊙ H: ∂L/∂H_t = E_t
    lengths = data.draw(st.one_of(st.none(), st.lists(st.integers(1, steps), min_size=batch, max_size=batch)))
    mask = None if lengths is None else np.arange(steps)[None] < np.array(lengths)[:, None]

    X = torch.from_numpy(x).requires_grad_()
    if lengths is None:
        H, _ = module(X)
    else:
        packed = torch.nn.utils.rnn.pack_padded_sequence(X, torch.tensor(lengths), batch_first=True,
                                                         enforce_sorted=False)
        H, _ = torch.nn.utils.rnn.pad_packed_sequence(module(packed)[0], batch_first=True, total_length=steps)
    (H * torch.from_numpy(E)).sum().backward()

    weights = rnnmath.convert.projected_lstm_weights(module.state_dict())
    grads = lstm_projected_backward(x, *weights, E, mask=mask, zero_output_for_mask=True)
    torch_grads = {name: p.grad.numpy() for name, p in module.named_parameters()}
    close = dict(rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(grads["inputs"], X.grad.numpy(), **close)
    # torch's gradients, laid out as the weights are: the same conversion, applied to them.
    dW_x, dW_h, db_sum, dW_r = rnnmath.convert.projected_lstm_weights(torch_grads)
    np.testing.assert_allclose(grads["projection"], dW_r, **close)
    np.testing.assert_allclose(grads["kernel"], dW_x, **close)
    np.testing.assert_allclose(grads["recurrent_kernel"], dW_h, **close)
    if bias:                                                      # ∂L/∂b_ih = ∂L/∂b_hh = ∂L/∂b: the sum is twice it
        np.testing.assert_allclose(grads["bias"], db_sum / 2, **close)
