"""The training pieces, forward and backward, against Keras and PyTorch:
one-hot and embedding inputs, the per-step Dense head, and the softmax
cross-entropy over time with each framework's reduction, masked too.

Every example draws uneven weights and sizes; gradients come from
``tf.GradientTape`` and from ``torch.autograd``, in float64.
"""

import numpy as np
import pytest
import tensorflow as tf
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import rnnmath
from reference import keras, uneven

TOL = dict(rtol=1e-12, atol=1e-13)


@st.composite
def sequence_case(draw, max_vocab=6):
    beta, T = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    V, d = draw(st.integers(2, max_vocab)), draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    ids = rng.integers(0, V, (beta, T))
    return dict(rng=rng, beta=beta, T=T, V=V, d=d, ids=ids)


# ---- Inputs


@settings(max_examples=15)
@given(sequence_case())
def test_embedding_forward_and_backward_match_keras_torch_and_one_hot(case):
    rng, ids, V, d = case["rng"], case["ids"], case["V"], case["d"]
    E = uneven(rng, (V, d))
    dX = uneven(rng, ids.shape + (d,))                       # L = Σ ⟨dX, X⟩, so dX is ∂L/∂X

    ours = rnnmath.embedding(ids, E)
    np.testing.assert_array_equal(ours, rnnmath.one_hot(ids, V) @ E)
    dE = rnnmath.embedding_backward(ids, dX, V)
    one_hot_product = rnnmath.one_hot(ids, V).reshape(-1, V).T @ dX.reshape(-1, d)
    np.testing.assert_allclose(dE, one_hot_product, **TOL)

    layer = keras().layers.Embedding(V, d, dtype="float64")
    layer.build((None, None))
    layer.set_weights([E])
    with tf.GradientTape() as tape:
        X = layer(ids)
        loss = tf.reduce_sum(X * dX)
    np.testing.assert_array_equal(ours, X.numpy())
    np.testing.assert_allclose(dE, tf.convert_to_tensor(tape.gradient(loss, layer.embeddings)).numpy(), **TOL)

    emb = torch.nn.Embedding(V, d, dtype=torch.float64)
    with torch.no_grad():
        emb.weight.copy_(torch.from_numpy(E))
    X = emb(torch.from_numpy(ids))
    (X * torch.from_numpy(dX)).sum().backward()
    np.testing.assert_array_equal(ours, X.detach().numpy())
    np.testing.assert_allclose(dE, emb.weight.grad.numpy(), **TOL)


def test_a_repeated_id_collects_every_gradient_row():
    dE = rnnmath.embedding_backward([[1, 1, 1]], np.ones((1, 3, 2)), 2)
    np.testing.assert_array_equal(dE, [[0.0, 0.0], [3.0, 3.0]])


@pytest.mark.parametrize("bad", [-1, 5])
def test_an_out_of_range_id_names_the_id_and_the_vocabulary(bad):
    with pytest.raises(ValueError, match=rf"ids contains {bad} at index \(0, 1\).*V = 5"):
        rnnmath.embedding([[0, bad]], np.zeros((5, 2)))
    with pytest.raises(ValueError, match=rf"targets contains {bad}"):
        rnnmath.cross_entropy(np.zeros((1, 2, 5)), [[0, bad]])


def test_a_non_integer_id_is_refused():
    with pytest.raises(TypeError, match="ids must hold integer ids"):
        rnnmath.one_hot([0.5], 3)


# ---- The per-step head


@settings(max_examples=15)
@given(sequence_case(), st.booleans(), st.booleans())
def test_dense_head_matches_keras_dense_and_torch_linear(case, every_step, use_bias):
    rng, beta, T, V, k = case["rng"], case["beta"], case["T"], case["V"], case["d"]
    H = uneven(rng, (beta, T, k) if every_step else (beta, k))
    W_y, b_y = uneven(rng, (k, V)), (uneven(rng, (V,)) if use_bias else None)
    dZ = uneven(rng, H.shape[:-1] + (V,))

    Z = rnnmath.dense(H, W_y, b_y)
    grads = rnnmath.dense_backward(H, W_y, b_y, output_gradients=dZ)

    dense = keras().layers.Dense(V, use_bias=use_bias, dtype="float64")
    dense.build((None,) * (H.ndim - 1) + (k,))
    dense.set_weights([W_y] + ([b_y] if use_bias else []))
    H_tf = tf.constant(H)
    with tf.GradientTape() as tape:
        tape.watch(H_tf)
        loss = tf.reduce_sum(dense(H_tf) * dZ)
    theirs = tape.gradient(loss, [H_tf, *dense.trainable_weights])
    np.testing.assert_allclose(Z, dense(H).numpy(), **TOL)
    np.testing.assert_allclose(grads["inputs"], theirs[0].numpy(), **TOL)
    np.testing.assert_allclose(grads["kernel"], theirs[1].numpy(), **TOL)
    if use_bias:
        np.testing.assert_allclose(grads["bias"], theirs[2].numpy(), **TOL)
    else:
        assert "bias" not in grads

    linear = torch.nn.Linear(k, V, bias=use_bias, dtype=torch.float64)
    with torch.no_grad():
        linear.weight.copy_(torch.from_numpy(W_y.T))              # torch stores W_yᵀ, (V, k)
        if use_bias:
            linear.bias.copy_(torch.from_numpy(b_y))
    H_t = torch.from_numpy(H).requires_grad_()
    Z_t = linear(H_t)
    (Z_t * torch.from_numpy(dZ)).sum().backward()
    np.testing.assert_allclose(Z, Z_t.detach().numpy(), **TOL)
    np.testing.assert_allclose(grads["inputs"], H_t.grad.numpy(), **TOL)
    np.testing.assert_allclose(grads["kernel"], linear.weight.grad.numpy().T, **TOL)
    if use_bias:
        np.testing.assert_allclose(grads["bias"], linear.bias.grad.numpy(), **TOL)


def test_a_torch_layout_kernel_is_reported_as_transposed():
    with pytest.raises(rnnmath.ShapeError, match=r"kernel has shape \(5, 3\).*transposed"):
        rnnmath.dense(np.zeros((1, 2, 3)), np.zeros((5, 3)))


# ---- Losses over time


def keras_loss(Z, y, mask=None, sample_weight=None):
    """Keras's SparseCategoricalCrossentropy(from_logits=True) and its gradient, with a Keras mask on Z."""
    from keras.src.backend.common.masking import set_keras_mask

    loss_fn = keras().losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")
    Z_var = tf.Variable(Z)
    with tf.GradientTape() as tape:
        Z_tf = tf.identity(Z_var)
        if mask is not None:
            set_keras_mask(Z_tf, tf.constant(mask))
        loss = loss_fn(tf.constant(y), Z_tf, sample_weight=sample_weight)
    return float(loss), tape.gradient(loss, Z_var).numpy()


def torch_loss(Z, y, mask=None, layout="flat"):
    """torch's cross_entropy(reduction='mean') with ignore_index=-100 where masked, and its gradient."""
    y = np.where(mask, y, -100) if mask is not None else y
    Z_t = torch.from_numpy(Z).requires_grad_()
    y_t = torch.from_numpy(y)
    if layout == "flat":                                    # (β·T, V) against (β·T,)
        loss = torch.nn.functional.cross_entropy(Z_t.reshape(-1, Z.shape[-1]), y_t.reshape(-1))
    else:                                                   # torch's K-dimensional form: (β, V, T) against (β, T)
        loss = torch.nn.functional.cross_entropy(Z_t.transpose(1, 2), y_t)
    loss.backward()
    return loss.item(), Z_t.grad.numpy()


@st.composite
def loss_case(draw):
    case = draw(sequence_case(max_vocab=7))
    rng = case["rng"]
    Z = uneven(rng, (case["beta"], case["T"], case["V"]), 3.0)
    mask = None
    if draw(st.booleans(), label="masked"):
        mask = rng.random((case["beta"], case["T"])) < 0.6
        mask[0, 0] = True                                    # at least one step kept
    return Z, case["ids"], mask


@settings(max_examples=25)
@given(loss_case())
def test_cross_entropy_and_its_gradient_match_keras_sum_over_batch_size(case):
    Z, y, mask = case
    loss, dZ = keras_loss(Z, y, mask)
    assert rnnmath.cross_entropy(Z, y, mask=mask, reduction="keras") == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(rnnmath.cross_entropy_backward(Z, y, mask=mask, reduction="keras"), dZ, **TOL)


@settings(max_examples=25)
@given(loss_case(), st.sampled_from(["flat", "K-dimensional"]))
def test_cross_entropy_and_its_gradient_match_torch_mean_with_ignore_index(case, layout):
    Z, y, mask = case
    loss, dZ = torch_loss(Z, y, mask, layout)
    assert rnnmath.cross_entropy(Z, y, mask=mask, reduction="torch") == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(rnnmath.cross_entropy_backward(Z, y, mask=mask, reduction="torch"), dZ, **TOL)


@settings(max_examples=10)
@given(loss_case())
def test_keras_sample_weights_divide_by_every_entry_not_by_their_sum(case):
    Z, y, _ = case
    w = np.random.default_rng(0).uniform(0.0, 2.0, y.shape)
    loss, dZ = keras_loss(Z, y, sample_weight=w)
    ours = rnnmath.cross_entropy(Z, y, sample_weight=w, reduction="keras")
    assert ours == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(rnnmath.cross_entropy_backward(Z, y, sample_weight=w), dZ, **TOL)
    per_step = rnnmath.cross_entropy(Z, y, reduction="none")
    assert ours == pytest.approx(float(np.sum(w * per_step) / y.size), rel=1e-12)


def test_a_masking_layer_given_float64_stays_float64_after_a_float32_layer_was_built():
    """The losses page's masked check, as the build runs it: an earlier page has built a layer in float32.

    Keras fixes its global dtype policy from floatx at the first layer, so set_floatx("float64")
    later would leave a new Masking layer in float32 (and the loss 1e-8 off); dtype= does not.
    """
    k = keras()
    k.layers.Dense(1)                                        # any float32 layer, built first
    rng = np.random.default_rng(13)
    Z, y = uneven(rng, (2, 4, 5), 2.0), rng.integers(0, 5, (2, 4))
    keep = np.array([[True, True, True, False], [True, True, False, False]])
    masked = k.layers.Masking(0.0, dtype="float64")(tf.constant(np.where(keep[..., None], Z, 0.0)))
    theirs = float(k.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")(y, masked))
    assert masked.dtype == tf.float64
    assert abs(rnnmath.cross_entropy(Z, y, mask=keep) - theirs) < 1e-12


def test_the_loss_on_the_last_step_only_averages_over_the_batch():
    rng = np.random.default_rng(3)
    Z, y = uneven(rng, (3, 5)), np.array([0, 4, 2])        # (β, V) logits of the last step, (β,) targets
    keras_value, keras_grad = keras_loss(Z, y)
    torch_value, torch_grad = torch_loss(Z[:, None], y[:, None])
    assert rnnmath.cross_entropy(Z, y) == pytest.approx(keras_value, rel=1e-12)
    assert rnnmath.cross_entropy(Z, y, reduction="torch") == pytest.approx(torch_value, rel=1e-12)
    np.testing.assert_allclose(rnnmath.cross_entropy_backward(Z, y), keras_grad, **TOL)
    np.testing.assert_allclose(rnnmath.cross_entropy_backward(Z, y), torch_grad[:, 0], **TOL)
    p = rnnmath.softmax(Z)
    np.testing.assert_allclose(rnnmath.cross_entropy_backward(Z, y), (p - np.eye(5)[y]) / 3, **TOL)


def test_an_all_masked_batch_is_zero_in_keras_and_nan_in_torch():
    Z, y, mask = np.ones((1, 2, 3)), np.zeros((1, 2), int), np.zeros((1, 2), bool)
    assert keras_loss(Z, y, mask)[0] == 0.0 == rnnmath.cross_entropy(Z, y, mask=mask, reduction="keras")
    assert np.isnan(torch_loss(Z, y, mask)[0]) and np.isnan(rnnmath.cross_entropy(Z, y, mask=mask, reduction="torch"))


def test_loss_shapes_are_checked():
    with pytest.raises(rnnmath.ShapeError, match=r"targets has shape \(2, 3\).*\(2, 4\)"):
        rnnmath.cross_entropy(np.zeros((2, 4, 5)), np.zeros((2, 3), int))
    with pytest.raises(rnnmath.ShapeError, match=r"mask has shape \(2,\)"):
        rnnmath.cross_entropy(np.zeros((2, 4, 5)), np.zeros((2, 4), int), mask=[True, False])
    with pytest.raises(ValueError, match="reduction is 'mean'"):
        rnnmath.cross_entropy(np.zeros((1, 5)), [0], reduction="mean")
