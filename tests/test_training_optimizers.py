"""The optimizers and the clipping rules against Keras 3 and PyTorch, step for step.

Each test runs a few steps on two uneven parameters with uneven gradients
(different at every step, so that the momentum and Adam buffers matter),
with the framework's default hyperparameters and with others, in float64.
"""

import sys

# TensorFlow and Triton each load an LLVM, and whichever comes second aborts the process
# ("Option ... registered more than once"). torch.optim imports Triton through torch._dynamo, yet
# never needs it on the CPU: an absent Triton is what torch expects on a machine without a GPU.
sys.modules.setdefault("triton", None)

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import rnnmath
from reference import keras, uneven

STEPS = 4
TOL = dict(rtol=1e-13, atol=1e-15)


@pytest.fixture(autouse=True)
def float64_keras():
    """Keras keeps the learning rate in floatx: float64 here, float32 restored afterwards."""
    previous = keras().config.floatx()
    keras().config.set_floatx("float64")
    yield
    keras().config.set_floatx(previous)


def problem(seed):
    """Two parameters and STEPS gradients for each, all uneven; some gradients large, some tiny."""
    rng = np.random.default_rng(seed)
    params = {"W": uneven(rng, (3, 2)), "b": uneven(rng, (2,))}
    scales = [1.0, 30.0, 1e-3, 2.0]
    grads = [{name: uneven(rng, w.shape, scales[t]) for name, w in params.items()} for t in range(STEPS)]
    return params, grads


def run_ours(rule, params, grads, clip=None, **hyper):
    state, history = None, []
    for g in grads:
        if clip is not None:
            g = clip(g)
        params, state = rule(params, g, state, **hyper)
        history.append(params)
    return history


def run_keras(optimizer, params, grads):
    variables = {name: keras().Variable(w, dtype="float64") for name, w in params.items()}
    history = []
    for g in grads:
        optimizer.apply([g[name] for name in params], [variables[name] for name in params])
        history.append({name: np.array(v.numpy()) for name, v in variables.items()})
    return history


def run_torch(make_optimizer, params, grads, max_norm=None):
    tensors = {name: torch.nn.Parameter(torch.from_numpy(w.copy())) for name, w in params.items()}
    optimizer = make_optimizer(list(tensors.values()))
    history = []
    for g in grads:
        for name, p in tensors.items():
            p.grad = torch.from_numpy(g[name].copy())
        if max_norm is not None:
            torch.nn.utils.clip_grad_norm_(list(tensors.values()), max_norm)
        optimizer.step()
        history.append({name: p.detach().numpy().copy() for name, p in tensors.items()})
    return history


def assert_same_history(ours, theirs, tol=TOL):
    for step, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        for name in a:
            np.testing.assert_allclose(a[name], b[name], err_msg=f"{name} after step {step + 1}", **tol)


# ---- Keras 3

KERAS_CASES = [
    ("SGD", {}, rnnmath.sgd_keras, {}),
    ("SGD", {"learning_rate": 0.3}, rnnmath.sgd_keras, {"learning_rate": 0.3}),
    ("SGD", {"momentum": 0.9}, rnnmath.sgd_keras, {"momentum": 0.9}),
    ("SGD", {"learning_rate": 0.2, "momentum": 0.5, "nesterov": True}, rnnmath.sgd_keras,
     {"learning_rate": 0.2, "momentum": 0.5, "nesterov": True}),
    ("Adam", {}, rnnmath.adam_keras, {}),
    ("Adam", {"learning_rate": 0.05, "beta_1": 0.5, "beta_2": 0.9, "epsilon": 1e-3}, rnnmath.adam_keras,
     {"learning_rate": 0.05, "beta_1": 0.5, "beta_2": 0.9, "epsilon": 1e-3}),
]


@pytest.mark.parametrize("name, config, rule, hyper", KERAS_CASES)
@pytest.mark.parametrize("seed", [0, 1])
def test_keras_optimizer_steps(name, config, rule, hyper, seed):
    params, grads = problem(seed)
    theirs = run_keras(getattr(keras().optimizers, name)(**config), params, grads)
    assert_same_history(run_ours(rule, params, grads, **hyper), theirs)


# ---- PyTorch

TORCH_CASES = [
    (torch.optim.SGD, {}, rnnmath.sgd_torch, {}),
    (torch.optim.SGD, {"lr": 0.3}, rnnmath.sgd_torch, {"lr": 0.3}),
    (torch.optim.SGD, {"lr": 0.1, "momentum": 0.9}, rnnmath.sgd_torch, {"lr": 0.1, "momentum": 0.9}),
    (torch.optim.SGD, {"lr": 0.1, "momentum": 0.7, "dampening": 0.4}, rnnmath.sgd_torch,
     {"lr": 0.1, "momentum": 0.7, "dampening": 0.4}),
    (torch.optim.SGD, {"lr": 0.2, "momentum": 0.5, "nesterov": True}, rnnmath.sgd_torch,
     {"lr": 0.2, "momentum": 0.5, "nesterov": True}),
    (torch.optim.Adam, {}, rnnmath.adam_torch, {}),
    (torch.optim.Adam, {"lr": 0.05, "betas": (0.5, 0.9), "eps": 1e-3}, rnnmath.adam_torch,
     {"lr": 0.05, "betas": (0.5, 0.9), "eps": 1e-3}),
]


@pytest.mark.parametrize("make, config, rule, hyper", TORCH_CASES)
@pytest.mark.parametrize("seed", [0, 1])
def test_torch_optimizer_steps(make, config, rule, hyper, seed):
    params, grads = problem(seed)
    theirs = run_torch(lambda ps: make(ps, **config), params, grads)
    assert_same_history(run_ours(rule, params, grads, **hyper), theirs)


def test_keras_keeps_the_learning_rate_in_floatx(float64_keras):
    keras().config.set_floatx("float32")
    params, grads = problem(4)
    theirs = run_keras(keras().optimizers.SGD(momentum=0.9), params, grads)
    assert_same_history(run_ours(rnnmath.sgd_keras, params, grads, learning_rate=np.float32(0.01), momentum=0.9),
                        theirs)
    with pytest.raises(AssertionError):
        assert_same_history(run_ours(rnnmath.sgd_keras, params, grads, momentum=0.9), theirs)


def test_the_defaults_are_the_frameworks_defaults():
    assert float(keras().optimizers.SGD().learning_rate) == 0.01
    adam = keras().optimizers.Adam()
    assert (float(adam.learning_rate), adam.beta_1, adam.beta_2, adam.epsilon) == (1e-3, 0.9, 0.999, 1e-7)
    p = [torch.nn.Parameter(torch.zeros(1))]
    assert torch.optim.SGD(p).defaults["lr"] == 1e-3
    d = torch.optim.Adam(p).defaults
    assert (d["lr"], d["betas"], d["eps"]) == (1e-3, (0.9, 0.999), 1e-8)


def test_momentum_agrees_across_frameworks_only_where_float32_holds_mu_exactly():
    params, grads = problem(2)
    exact = dict(rtol=1e-12, atol=1e-13)
    keras_rule = run_ours(rnnmath.sgd_keras, params, grads, learning_rate=0.1, momentum=0.875)
    assert_same_history(keras_rule, run_ours(rnnmath.sgd_torch, params, grads, lr=0.1, momentum=0.875), exact)
    # μ = 0.9 is not a float32: Keras steps with 0.8999999761581421, torch with 0.9.
    keras_rule = run_ours(rnnmath.sgd_keras, params, grads, learning_rate=0.1, momentum=0.9)
    torch_rule = run_ours(rnnmath.sgd_torch, params, grads, lr=0.1, momentum=0.9)
    gap = np.abs(keras_rule[-1]["W"] - torch_rule[-1]["W"]).max()
    assert 1e-10 < gap < 1e-6
    damped = run_ours(rnnmath.sgd_torch, params, grads, lr=0.1, momentum=0.875, dampening=0.5)
    assert not np.allclose(damped[-1]["W"], keras_rule[-1]["W"], atol=1e-3)


def test_adam_differs_across_frameworks_where_epsilon_enters():
    params, grads = problem(3)
    tiny = [{name: g * 1e-8 for name, g in step.items()} for step in grads]
    moved_keras = np.abs(run_ours(rnnmath.adam_keras, params, tiny)[0]["W"] - params["W"])
    moved_torch = np.abs(run_ours(rnnmath.adam_torch, params, tiny)[0]["W"] - params["W"])
    assert np.all(moved_torch > 20 * moved_keras)          # Keras's larger ε, added before the correction
    # With ε = 0 and β's that float32 holds exactly, the two rules are one.
    keras_rule = run_ours(rnnmath.adam_keras, params, grads, beta_1=0.5, beta_2=0.75, epsilon=0.0)
    torch_rule = run_ours(rnnmath.adam_torch, params, grads, betas=(0.5, 0.75), eps=0.0)
    assert_same_history(keras_rule, torch_rule, dict(rtol=1e-12, atol=1e-14))


def test_a_gradient_for_an_unknown_parameter_is_refused():
    with pytest.raises(ValueError, match="missing"):
        rnnmath.sgd_keras({"W": np.zeros(2)}, {"V": np.zeros(2)})
    with pytest.raises(rnnmath.ShapeError, match=r"grads\['W'\] has shape \(3,\)"):
        rnnmath.adam_torch({"W": np.zeros(2)}, {"W": np.zeros(3)})


# ---- Clipping


@settings(max_examples=15)
@given(st.integers(0, 2**32 - 1), st.floats(0.05, 50.0))
def test_keras_clipnorm_clips_each_array_alone(seed, clipnorm):
    params, grads = problem(seed % 1000)
    theirs = run_keras(keras().optimizers.SGD(learning_rate=1.0, clipnorm=clipnorm), params, grads)
    ours = run_ours(rnnmath.sgd_keras, params, grads, learning_rate=1.0,
                    clip=lambda g: rnnmath.clip_by_norm_keras(g, clipnorm))
    assert_same_history(ours, theirs)


@settings(max_examples=15)
@given(st.integers(0, 2**32 - 1), st.floats(0.05, 50.0))
def test_keras_global_clipnorm(seed, clipnorm):
    params, grads = problem(seed % 1000)
    theirs = run_keras(keras().optimizers.SGD(learning_rate=1.0, global_clipnorm=clipnorm), params, grads)
    ours = run_ours(rnnmath.sgd_keras, params, grads, learning_rate=1.0,
                    clip=lambda g: rnnmath.clip_by_global_norm_keras(g, clipnorm))
    assert_same_history(ours, theirs)


@settings(max_examples=15)
@given(st.integers(0, 2**32 - 1), st.floats(0.05, 50.0))
def test_torch_clip_grad_norm(seed, max_norm):
    params, grads = problem(seed % 1000)
    theirs = run_torch(lambda ps: torch.optim.SGD(ps, lr=1.0), params, grads, max_norm=max_norm)
    ours = run_ours(rnnmath.sgd_torch, params, grads, lr=1.0,
                    clip=lambda g: rnnmath.clip_grad_norm_torch(g, max_norm)[0])
    assert_same_history(ours, theirs)
    tensors = [torch.from_numpy(g.copy()).requires_grad_() for g in grads[1].values()]
    for t in tensors:
        t.grad = t.detach().clone()
    total = torch.nn.utils.clip_grad_norm_(tensors, max_norm)
    assert rnnmath.clip_grad_norm_torch(grads[1], max_norm)[1] == pytest.approx(total.item(), rel=1e-14)


def test_the_clipping_rules_part_on_a_step_where_they_act():
    g = {"W": np.array([[3.0, 0.0]]), "b": np.array([4.0])}      # global norm 5; ‖W‖ = 3, ‖b‖ = 4
    per_array = rnnmath.clip_by_norm_keras(g, 3.5)
    assert per_array["W"].tolist() == [[3.0, 0.0]] and per_array["b"].tolist() == [3.5]
    keras_global = rnnmath.clip_by_global_norm_keras(g, 1.0)
    torch_global, total = rnnmath.clip_grad_norm_torch(g, 1.0)
    assert total == 5.0
    assert rnnmath.global_norm(keras_global) == pytest.approx(1.0, abs=1e-15)
    assert rnnmath.global_norm(torch_global) == pytest.approx(5.0 / (5.0 + 1e-6), abs=1e-15)
    just_under, _ = rnnmath.clip_grad_norm_torch(g, 5.0 + 5e-7)       # N < c, yet torch still scales
    assert rnnmath.global_norm(just_under) < 5.0
    assert rnnmath.clip_by_global_norm_keras(g, 5.0 + 5e-7)["b"][0] == pytest.approx(4.0, abs=1e-15)
