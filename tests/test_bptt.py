"""Backpropagation through time: the hand-derived gradients of SimpleRNN, LSTM and GRU
equal central finite differences and TensorFlow's automatic differentiation.

Every example draws random sizes, uneven non-zero weights, an activation
(every Keras elementwise one), and the layer's options: bias or none, both
GRU variants, a mask, go_backwards, zero_output_for_mask, and a loss on
every output or on the last one. The loss is L = Σ ⟨E, output⟩ for an
uneven E, so that E is exactly the upstream gradient.
"""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import rnnmath
from docs_tools import gradients
from reference import BACKWARD, FUNCTIONS, KINDS, STATE_COUNT, make_weights, masks, sizes, uneven
from rnnmath import activations, derivatives
from rnnmath.layers import LAYERS

ACTIVATIONS = sorted(rnnmath.KERAS_ACTIVATIONS)


def weight_scale(*names) -> float:
    """Unbounded activations compound over the steps: keep their weights small."""
    bounded = {"tanh", "sigmoid", "hard_sigmoid", "softsign", "sparse_sigmoid", "hard_tanh", "linear"}
    if "exponential" in names:
        return 0.25
    return 0.8 if set(names) <= bounded else 0.5


@st.composite
def cases(draw, kind, activation_names=ACTIVATIONS):
    """One layer, its weights, inputs, states and options, and the upstream gradient E."""
    s = draw(sizes(max_steps=5), label="sizes")
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1), label="seed"))
    options = dict(
        activation=draw(st.sampled_from(activation_names), label="activation"),
        go_backwards=draw(st.booleans(), label="go_backwards"),
        zero_output_for_mask=draw(st.booleans(), label="zero_output_for_mask"),
    )
    reset_after = True
    if LAYERS[kind].has_gates:
        options["recurrent_activation"] = draw(st.sampled_from(activation_names), label="recurrent_activation")
    if LAYERS[kind].reset_after:
        reset_after = options["reset_after"] = draw(st.booleans(), label="reset_after")
    use_bias = draw(st.booleans(), label="use_bias")
    scale = weight_scale(options["activation"], options.get("recurrent_activation", "linear"))
    weights = make_weights(rng, kind, s["n"], s["k"], use_bias=use_bias, reset_after=reset_after, scale=scale)
    x = rng.uniform(-1, 1, (s["batch"], s["steps"], s["n"]))
    states = [uneven(rng, (s["batch"], s["k"]), 0.5) for _ in range(STATE_COUNT[kind])]
    every_output = draw(st.booleans(), label="return_sequences")
    E = uneven(rng, (s["batch"], s["steps"], s["k"]) if every_output else (s["batch"], s["k"]))
    mask = draw(masks(s["batch"], s["steps"]), label="mask")
    return dict(x=x, weights=weights, states=states, E=E, mask=mask, options=options)


def forward(kind, case, x, weights, states, options=None):
    """The layer's output, as the loss sees it: every output, or the last."""
    return FUNCTIONS[kind](x, *weights, initial_state=states, mask=case["mask"],
                           return_sequences=case["E"].ndim == 3, **(options or case["options"]))


def loss(kind, case, x, weights, states, options=None) -> float:
    return float(np.sum(case["E"] * forward(kind, case, x, weights, states, options)))


def backward(kind, case):
    return BACKWARD[kind](case["x"], *case["weights"], output_gradients=case["E"], initial_state=case["states"],
                          mask=case["mask"], **case["options"])


def arrays(case):
    """Every array the loss depends on: name → (array, how to rebuild the arguments with a new one)."""
    x, weights, states = case["x"], case["weights"], case["states"]
    named = {"inputs": (x, lambda a: (a, weights, states))}
    for i, name in enumerate(["kernel", "recurrent_kernel", "bias"][: len(weights)]):
        named[name] = (weights[i], lambda a, i=i: (x, [*weights[:i], a, *weights[i + 1:]], states))
    for j, state in enumerate(states):
        named[f"initial_state[{j}]"] = (state, lambda a, j=j: (x, weights, [*states[:j], a, *states[j + 1:]]))
    return named


def distance_to_kinks(kind, case) -> float:
    """How close any argument of φ or σ comes to a kink (where φ′ jumps) in the forward pass.

    A finite difference across a kink measures neither slope, so examples
    that come within 1e-4 of one are not used for the finite-difference
    check. The activations are wrapped, so this needs no knowledge of the
    layer's internals: whatever the layer passes to φ and σ is measured.
    """
    closest = [np.inf]

    def watched(name):
        phi, kinks = activations.get(name), derivatives.KINKS.get(name, ())

        def measured(z):
            for kink in kinks:
                closest[0] = min(closest[0], float(np.abs(np.asarray(z) - kink).min(initial=np.inf)))
            return phi(z)

        return measured

    options = {**case["options"], "activation": watched(case["options"]["activation"])}
    if "recurrent_activation" in options:
        options["recurrent_activation"] = watched(case["options"]["recurrent_activation"])
    forward(kind, case, case["x"], case["weights"], case["states"], options)
    return closest[0]


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_gradients_equal_finite_differences(kind, data):
    case = data.draw(cases(kind), label="case")
    assume(distance_to_kinks(kind, case) > 1e-4)
    grads = gradients.flat(backward(kind, case))
    # An unbounded activation (exponential, say) over five steps can make gradients of 1e17, where
    # a central difference keeps only a few digits; those cases are compared with TensorFlow below.
    assume(max(float(np.abs(g).max(initial=0.0)) for g in grads.values()) < 1e8)
    named = arrays(case)
    assert set(grads) == set(named)
    # Entries far smaller than the loss's natural size, Σ|E| (outputs of size 1), are compared to
    # 10⁻⁴ of it: rounding inside the forward pass (x − tanh x, say) blurs them more than 1e-6.
    floor = 1e-4 * float(np.abs(case["E"]).sum())
    for name, (array, rebuild) in named.items():
        check = rnnmath.gradcheck(lambda a, rebuild=rebuild: loss(kind, case, *rebuild(a)), array, grads[name],
                                  floor=floor)
        assert check.worst_relative_error < 1e-6, f"∂L/∂{name}: {check}"


def keras_gradients(kind, case, dtype):
    """The same gradients by tf.GradientTape on the Keras layer with the same weights."""
    return gradients.keras_gradients(kind, case["x"], case["weights"], case["E"], initial_state=case["states"],
                                     mask=case["mask"], dtype=dtype, **case["options"])


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_gradients_equal_tensorflow_float64(kind, data):
    case = data.draw(cases(kind), label="case")
    ours, theirs = gradients.flat(backward(kind, case)), keras_gradients(kind, case, np.float64)
    assert set(ours) == set(theirs)
    # Keras keeps two constants in float32 even in a float64 layer (leaky_relu's 0.2, gelu's 1/√2);
    # rnnmath uses the exact ones, and the gap of 1e-8 per step grows through the steps.
    used = {case["options"]["activation"], case["options"].get("recurrent_activation")}
    rtol = 1e-6 if used & {"leaky_relu", "gelu"} else 1e-7
    for name in theirs:
        np.testing.assert_allclose(ours[name], theirs[name], rtol=rtol, atol=1e-9, err_msg=f"∂L/∂{name}")


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_gradients_equal_tensorflow_float32(kind, data):
    """The Keras layer as it is usually run, in float32: equal within float32's precision."""
    case = data.draw(cases(kind), label="case")
    for key in ("x", "E"):
        case[key] = case[key].astype(np.float32).astype(np.float64)   # values float32 can hold exactly
    case["weights"] = [w.astype(np.float32).astype(np.float64) for w in case["weights"]]
    case["states"] = [s.astype(np.float32).astype(np.float64) for s in case["states"]]
    ours, theirs = gradients.flat(backward(kind, case)), keras_gradients(kind, case, np.float32)
    for name in theirs:
        scale = max(float(np.abs(ours[name]).max(initial=0.0)), 1.0)
        np.testing.assert_allclose(ours[name], theirs[name], rtol=1e-4, atol=1e-5 * scale, err_msg=f"∂L/∂{name}")


@pytest.mark.parametrize("kind", KINDS)
def test_the_last_output_alone_is_every_output_with_zeros_before_it(kind):
    rng = np.random.default_rng(1)
    for go_backwards in (False, True):
        weights = make_weights(rng, kind, 2, 3)
        x = rng.normal(size=(2, 4, 2))
        E_last = uneven(rng, (2, 3))
        E_every = np.zeros((2, 4, 3))
        E_every[:, -1] = E_last       # the last output in the order the layer returns them
        a = BACKWARD[kind](x, *weights, output_gradients=E_last, go_backwards=go_backwards)
        b = BACKWARD[kind](x, *weights, output_gradients=E_every, go_backwards=go_backwards)
        for name in gradients.flat(a):
            np.testing.assert_allclose(gradients.flat(a)[name], gradients.flat(b)[name], err_msg=name)


def test_a_masked_step_passes_the_gradient_straight_through():
    """A masked step keeps the state, so ∂L/∂Y_0 is what it would be without that step."""
    rng = np.random.default_rng(2)
    weights = make_weights(rng, "SimpleRNN", 1, 2)
    x = rng.normal(size=(1, 3, 1))
    y0, E = [uneven(rng, (1, 2))], uneven(rng, (1, 2))
    masked = rnnmath.simple_rnn_backward(x, *weights, output_gradients=E, initial_state=y0,
                                         mask=[[True, False, True]])
    skipped = rnnmath.simple_rnn_backward(x[:, [0, 2]], *weights, output_gradients=E, initial_state=y0)
    np.testing.assert_allclose(masked["initial_state"][0], skipped["initial_state"][0])
    np.testing.assert_allclose(masked["inputs"][:, 1], 0.0)
    np.testing.assert_allclose(masked["recurrent_kernel"], skipped["recurrent_kernel"])


def test_the_gradient_through_many_steps_is_a_power_of_w_y():
    # Linear neuron, L = y_T: ∂L/∂x_1 = w_x · w_y^(T−1).
    T, w_x, w_y = 12, 0.7, 0.5
    g = rnnmath.simple_rnn_backward(np.ones((1, T, 1)), [[w_x]], [[w_y]], output_gradients=np.ones((1, 1)),
                                    activation="linear")
    assert g["inputs"][0, 0, 0] == pytest.approx(w_x * w_y ** (T - 1))


@given(data=st.data())
def test_the_scalar_neuron_is_a_one_unit_simple_rnn(data):
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    T = data.draw(st.integers(1, 6), label="T")
    activation = data.draw(st.sampled_from(["linear", "tanh", "sigmoid", "softsign", "elu"]), label="activation")
    xs, e = rng.uniform(-1, 1, T), uneven(rng, T)
    w_x, w_y, b, y_0 = uneven(rng, 4)
    ours = rnnmath.neuron_backward(xs, w_x, w_y, b, output_gradients=e, activation=activation, y_0=y_0)
    batch = rnnmath.simple_rnn_backward(xs[None, :, None], [[w_x]], [[w_y]], [b], output_gradients=e[None, :, None],
                                        activation=activation, initial_state=[np.array([[y_0]])])
    assert ours["w_x"] == pytest.approx(batch["kernel"][0, 0])
    assert ours["w_y"] == pytest.approx(batch["recurrent_kernel"][0, 0])
    assert ours["b"] == pytest.approx(batch["bias"][0])
    assert ours["y_0"] == pytest.approx(batch["initial_state"][0][0, 0])
    np.testing.assert_allclose(ours["xs"], batch["inputs"][0, :, 0])


def test_gradcheck_finds_a_wrong_entry():
    rng = np.random.default_rng(4)
    weights = make_weights(rng, "LSTM", 2, 2)
    x, E = rng.normal(size=(2, 3, 2)), uneven(rng, (2, 3, 2))
    grads = rnnmath.lstm_backward(x, *weights, output_gradients=E)

    def L(W_h):
        return float(np.sum(E * rnnmath.lstm(x, weights[0], W_h, weights[2], return_sequences=True)))

    assert rnnmath.gradcheck(L, weights[1], grads["recurrent_kernel"]).worst_relative_error < 1e-7
    wrong = grads["recurrent_kernel"].copy()
    wrong[1, 5] *= 1.01
    check = rnnmath.gradcheck(L, weights[1], wrong)
    assert check.index == (1, 5)
    assert 1e-3 < check.worst_relative_error < 0.1
    assert "(1, 5)" in str(check)


def test_backward_errors():
    weights = make_weights(np.random.default_rng(0), "SimpleRNN", 1, 2)
    x = np.ones((1, 3, 1))
    with pytest.raises(ValueError, match="cannot differentiate"):
        rnnmath.simple_rnn_backward(x, *weights, output_gradients=np.ones((1, 2)), activation=np.tanh)
    with pytest.raises(rnnmath.ShapeError, match=r"output_gradients has shape \(1, 2, 2\).*\(β, T, k\) = \(1, 3, 2\)"):
        rnnmath.simple_rnn_backward(x, *weights, output_gradients=np.ones((1, 2, 2)))
    with pytest.raises(ValueError, match="output_gradients is needed"):
        rnnmath.lstm_backward(x, *make_weights(np.random.default_rng(0), "LSTM", 1, 2))
    with pytest.raises(rnnmath.ShapeError, match="analytic has shape"):
        rnnmath.gradcheck(lambda w: float(w.sum()), np.ones(3), np.ones(2))
    with pytest.raises(ValueError, match=r"output_gradients has shape \(2,\)"):
        rnnmath.neuron_backward([1.0, 2.0, 3.0], 1.0, 1.0, output_gradients=[0.0, 1.0])
