"""φ′ for every Keras activation: equal to a finite difference, and to TensorFlow's gradient.

The finite difference checks the formulas against the forward functions of
``activations.py``; TensorFlow's ``GradientTape`` checks them against what
Keras computes, including the value chosen at each kink.
"""

import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnmath import activations, derivatives
from rnnmath.derivatives import DERIVATIVES, KINKS

NAMES = sorted(activations.KERAS_ACTIVATIONS)

# Points where the formula changes but φ′ is the same on both sides: not
# kinks, but φ″ jumps there, which spoils a finite difference all the same.
SMOOTH_JOINS = {"elu": (0.0,), "celu": (0.0,), "sparse_plus": (-1.0, 1.0), "softsign": (0.0,)}

# In float64, TensorFlow rounds two constants to float32: leaky_relu's slope
# 0.2 is a float32 attribute of its op (0.20000000298…), and the exact gelu is
# 0.5·x·erfc(−x·c) with c = 1/√2 cast from a float32 constant (0.70710676…).
# rnnmath uses the true constants, as activations.py does, so for these two
# the agreement with TensorFlow is only to float32's precision. (In float32,
# the dtype Keras layers use, the constants are the same.)
TF_FLOAT32_CONSTANTS = {"leaky_relu", "gelu"}


def tf_tolerance(name):
    if name in TF_FLOAT32_CONSTANTS:
        return {"rtol": 1e-7, "atol": 1e-8}
    return {"rtol": 1e-10, "atol": 1e-14}


def random_points(seed=0):
    """Pre-activations a network meets: many in [−8, 8], many near 0, and some exact integers and halves."""
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.uniform(-8.0, 8.0, 600), rng.normal(0.0, 1.0, 300), np.arange(-8.0, 8.5, 0.5)])


def away_from_kinks(name, x, distance=1e-3):
    """The points of x at least `distance` from every kink (and smooth join) of `name`."""
    keep = np.ones(x.shape, dtype=bool)
    for kink in KINKS.get(name, ()) + SMOOTH_JOINS.get(name, ()):
        keep &= np.abs(x - kink) >= distance
    return x[keep]


def central_difference(f, x, h=2e-4):
    """φ′(x) by the five-point central difference, accurate to O(h⁴).

    The plain (f(x+h) − f(x−h)) / 2h is accurate only to O(h²), so it
    would need a small h, and then rounding in f (about 1e-16·|f|/h) would
    dominate. Reaching 2h = 4e-4 either side, it stays inside the 1e-3
    margin kept around the kinks.
    """
    return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h)


def tf_derivative(name, x):
    """φ′(x) by TensorFlow's autodiff of Keras's activation, in float64."""
    import keras
    import tensorflow as tf

    phi = keras.activations.get(name)
    x = tf.constant(x, dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = phi(x)
    # φ acts elementwise, so the gradient of Σ φ(x_i) is φ′(x_i), point by point.
    return tape.gradient(y, x).numpy()


def test_every_activation_has_a_derivative():
    assert set(DERIVATIVES) == set(activations.KERAS_ACTIVATIONS)
    assert set(KINKS) <= set(DERIVATIVES)
    for name, phi in activations.KERAS_ACTIVATIONS.items():
        # Aliases share their derivative just as they share their function.
        twins = [other for other, f in activations.KERAS_ACTIVATIONS.items() if f is phi]
        assert {DERIVATIVES[t] for t in twins} == {DERIVATIVES[name]}, name
        assert {KINKS.get(t) for t in twins} == {KINKS.get(name)}, name


@pytest.mark.parametrize("name", NAMES)
def test_derivative_has_a_one_line_formula(name):
    doc = DERIVATIVES[name].__doc__
    assert doc and "\n" not in doc.strip(), name
    assert doc.startswith(f"{DERIVATIVES[name].__name__[2:]}′(x) = "), doc


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_a_finite_difference(name):
    x = away_from_kinks(name, random_points())
    exact = DERIVATIVES[name](x)
    estimate = central_difference(activations.get(name), x)
    # The finite difference carries a rounding error of about 1e-12·|φ|, so a
    # relative error means something only for slopes well above that: below
    # 1e-4 (tanh′(8) ≈ 4.5e-7) the test asks for an absolute 1e-11 instead.
    error = np.abs(exact - estimate) / np.maximum(np.abs(exact), 1e-4)
    worst = int(np.argmax(error))
    assert error[worst] < 1e-7, f"{name}′({x[worst]!r}) = {exact[worst]!r}, finite difference {estimate[worst]!r}"


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_tensorflow(name):
    x = random_points(seed=1)
    if name == "celu":
        x = x[x != 0.0]  # TensorFlow's celu′(0) is 2, not 1: see test_smooth_joins_are_not_kinks
    np.testing.assert_allclose(DERIVATIVES[name](x), tf_derivative(name, x), **tf_tolerance(name), err_msg=name)


@pytest.mark.parametrize("name", sorted(KINKS))
def test_value_at_a_kink_is_tensorflows(name):
    # φ′ does not exist at a kink; rnnmath must pick the value TensorFlow picks.
    # The candidates differ by far more than the tolerance, so this checks the
    # choice exactly. TensorFlow is consistent at every kink: none is left out.
    kinks = np.array(KINKS[name])
    np.testing.assert_allclose(DERIVATIVES[name](kinks), tf_derivative(name, kinks), **tf_tolerance(name), err_msg=name)


@pytest.mark.parametrize("name", sorted(KINKS))
def test_kinks_are_real_jumps(name):
    """Each listed point is a real jump of φ′, not a smooth join."""
    for kink in KINKS[name]:
        left, right = DERIVATIVES[name](np.array([kink - 1e-9, kink + 1e-9]))
        assert abs(left - right) > 1e-3, f"{name}′ does not jump at {kink}"


@pytest.mark.parametrize("name", sorted(SMOOTH_JOINS))
def test_smooth_joins_are_not_kinks(name):
    """Where the formula changes but the slope does not, φ′ is continuous, and equals TensorFlow's."""
    assert name not in KINKS
    for join in SMOOTH_JOINS[name]:
        left, at, right = DERIVATIVES[name](np.array([join - 1e-9, join, join + 1e-9]))
        assert abs(left - at) < 1e-8 and abs(right - at) < 1e-8, (name, join)
        if (name, join) == ("celu", 0.0):
            # TensorFlow is inconsistent here: Keras writes celu as
            # max(x, 0) + expm1(min(x, 0)), and at x = 0 both max and min pass
            # the gradient to x, so TF returns 2 where the slope is 1 on both
            # sides. rnnmath keeps the true slope (the module docstring says so).
            # If TF ever returns 1 here, drop this case and the docstring note.
            assert tf_derivative(name, np.array([join]))[0] == 2.0
            continue
        np.testing.assert_array_equal(DERIVATIVES[name](np.array([join])), tf_derivative(name, np.array([join])))


@pytest.mark.parametrize("name", NAMES)
def test_float32_in_float32_out(name):
    x64 = random_points(seed=2)
    x32 = x64.astype(np.float32)
    d32 = DERIVATIVES[name](x32)
    assert d32.dtype == np.float32 and d32.shape == x32.shape, name
    np.testing.assert_allclose(d32, DERIVATIVES[name](x32.astype(np.float64)), rtol=1e-5, atol=1e-6, err_msg=name)


@pytest.mark.parametrize("name", NAMES)
def test_float64_in_float64_out_any_shape(name):
    x = np.linspace(-4.0, 4.0, 24).reshape(2, 3, 4)
    d = DERIVATIVES[name](x)
    assert d.dtype == np.float64 and d.shape == x.shape, name


@given(x=st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=20), name=st.sampled_from(NAMES))
def test_no_overflow_or_invalid_values_up_to_1e3(x, name):
    x = np.array(x)
    if name == "exponential":
        x = x[x < 709.0]  # φ′ = eˣ itself overflows beyond 709.78, as φ does
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        d = DERIVATIVES[name](x)
    assert np.all(np.isfinite(d)), (name, x, d)


def test_get_returns_the_derivative_for_a_name():
    for name in NAMES:
        assert derivatives.get(name) is DERIVATIVES[name]


def test_get_none_is_linear():
    assert derivatives.get(None) is derivatives.d_linear
    x = np.array([[-3.0, 0.0, 2.5]])
    np.testing.assert_array_equal(derivatives.get(None)(x), np.ones_like(x))


def test_get_refuses_a_function():
    with pytest.raises(ValueError, match=r"cannot differentiate an arbitrary function.*Keras activation names"):
        derivatives.get(lambda x: x**3)
    with pytest.raises(ValueError, match="e.g. 'tanh'"):
        derivatives.get(np.tanh)
    # rnnmath's own function: the message names the string to pass instead.
    with pytest.raises(ValueError, match="e.g. 'hard_silu'"):
        derivatives.get(activations.hard_silu)


def test_get_refuses_what_activations_get_refuses():
    with pytest.raises(ValueError, match="not elementwise"):
        derivatives.get("softmax")
    with pytest.raises(ValueError, match="Unknown activation 'tahn'. Did you mean 'tanh'"):
        derivatives.get("tahn")
    with pytest.raises(TypeError):
        derivatives.get(3)


def test_importing_the_module_does_not_import_tensorflow():
    code = "import sys, rnnmath.derivatives; print(sorted({'tensorflow', 'keras'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
