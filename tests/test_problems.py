"""The answers to docs/problems.md, checked against rnnmath.

The problems page gives no solutions, so that instructors can set them. The
answers live here, each next to a computation that would fail if the answer
were wrong, so that the problems stay correct when rnnmath changes.
"""

import math
import re
from pathlib import Path

import numpy as np
import pytest

import rnnmath
from reference import uneven

PAGE = Path(__file__).resolve().parents[1] / "docs" / "problems.md"


def test_every_problem_on_the_page_has_its_answer_here():
    anchors = re.findall(r"^## \d+\. .*\{#([a-z0-9-]+)\}$", PAGE.read_text(), re.M)
    tested = {name[len("test_"):].split("__")[0].replace("_", "-") for name in globals() if name.startswith("test_")}
    assert anchors and set(anchors) <= tested, set(anchors) - tested


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


# 1. y_T = w_x Σ w_y^(T−t) x_t; the smallest |w_y| is 0.01^(1/49) ≈ 0.9103; (−0.9)^49 < 0 flips the sign.
def test_memory():
    rng = np.random.default_rng(1)
    xs, w_x, w_y, T = uneven(rng, 7), 0.8, -0.6, 7
    closed_form = w_x * sum(w_y ** (T - t) * xs[t - 1] for t in range(1, T + 1))
    assert rnnmath.unroll_neuron(xs, w_x, w_y, activation="linear")[-1] == pytest.approx(closed_form, rel=1e-12)

    smallest = 0.01 ** (1 / 49)
    assert round(smallest, 4) == 0.9103
    for w_y, counts in ((smallest * 1.001, True), (smallest * 0.999, False)):
        first = np.zeros(50)
        first[0] = 1.0
        last = np.zeros(50)
        last[-1] = 1.0
        y_first = rnnmath.unroll_neuron(first, 1.0, w_y, activation="linear")[-1]
        y_last = rnnmath.unroll_neuron(last, 1.0, w_y, activation="linear")[-1]
        assert bool(abs(y_first) >= 0.01 * abs(y_last)) is counts
    first = np.r_[1.0, np.zeros(49)]
    assert rnnmath.unroll_neuron(first, 1.0, -0.9, activation="linear")[-1] < 0


# 2. 4(nk + k² + k) + 3k: three peephole vectors of k weights on top of Keras's LSTM.
def peephole_lstm_shapes(n, k):
    return rnnmath.weight_shapes("LSTM", n, k) + [(k,), (k,), (k,)]  # w_i, w_f, w_o


@pytest.mark.parametrize("n, k", [(1, 1), (8, 5), (3, 7)])
def test_peepholes(n, k):
    count = sum(math.prod(shape) for shape in peephole_lstm_shapes(n, k))
    assert count == 4 * (n * k + k * k + k) + 3 * k
    assert count - rnnmath.count_params("LSTM", n, k) == 3 * k


# 3. 3(nk + k² + k) parameters; ∂C_t/∂C_{t−1} = diag(F_t); ∂C_t/∂A_f = (C_{t−1} − C̃_t) ⊙ σ′(A_f);
#    C_t is a convex combination, so |C_t| < 1 for tanh from C_0 = 0.
def cifg_step(X, H_prev, C_prev, W_x, W_h, b):
    A_f, A_c, A_o = np.split(X @ W_x + H_prev @ W_h + b, 3, axis=-1)
    F, C_tilde, O = sigmoid(A_f), np.tanh(A_c), sigmoid(A_o)
    C = F * C_prev + (1 - F) * C_tilde
    return O * np.tanh(C), C, (A_f, F, C_tilde)


def test_cifg():
    n, k = 3, 4
    assert 3 * (n * k + k * k + k) == rnnmath.count_params("LSTM", n, k) - rnnmath.count_params("SimpleRNN", n, k)
    rng = np.random.default_rng(3)
    X, H, C = uneven(rng, (1, n)), uneven(rng, (1, k)), uneven(rng, (1, k))
    W_x, W_h, b = uneven(rng, (n, 3 * k)), uneven(rng, (k, 3 * k)), uneven(rng, 3 * k)
    _, C_new, (A_f, F, C_tilde) = cifg_step(X, H, C, W_x, W_h, b)
    eps = 1e-6
    for j in range(k):
        bump = np.zeros((1, k))
        bump[0, j] = eps
        dC = (cifg_step(X, H, C + bump, W_x, W_h, b)[1] - cifg_step(X, H, C - bump, W_x, W_h, b)[1]) / (2 * eps)
        np.testing.assert_allclose(dC[0], np.eye(k)[j] * F[0, j], atol=1e-9)    # diag(F_t)
    # Through the forget gate's pre-activation, with C_{t−1} and C̃_t held fixed:
    dA = (sigmoid(A_f + eps) * C + (1 - sigmoid(A_f + eps)) * C_tilde
          - (sigmoid(A_f - eps) * C + (1 - sigmoid(A_f - eps)) * C_tilde)) / (2 * eps)
    np.testing.assert_allclose(dA, (C - C_tilde) * F * (1 - F), rtol=1e-7)
    assert np.all((C_new - np.minimum(C, C_tilde) >= 0) & (np.maximum(C, C_tilde) - C_new >= 0))
    H, C = np.zeros((1, k)), np.zeros((1, k))
    for _ in range(50):
        H, C, _ = cifg_step(uneven(rng, (1, n), 2.0), H, C, W_x, W_h, b)
        assert np.all(np.abs(C) < 1)


# 4. LSTM: only b_ih + b_hh enters. GRU reset_after: the candidate's rows merge only where R_t = 1;
#    the z and r rows always merge.
def test_two_biases():
    rng = np.random.default_rng(4)
    n, k = 2, 3
    X = uneven(rng, (2, 5, n))
    W_x, W_h, b = rnnmath_weights = [uneven(rng, s) for s in rnnmath.weight_shapes("LSTM", n, k)]
    split = uneven(rng, 4 * k)
    # An LSTM with b split as (b − s) + s: the step only ever adds the two, so any split is one bias.
    np.testing.assert_allclose(rnnmath.lstm(X, W_x, W_h, (b - split) + split), rnnmath.lstm(*[X, *rnnmath_weights]),
                               rtol=1e-13)

    W_x, W_h, B = [uneven(rng, s) for s in rnnmath.weight_shapes("GRU", n, k)]   # B: (2, 3k), rows b_x, b_h
    merged = B.copy()
    merged[0] += merged[1]
    merged[1] = 0.0
    # Candidate columns differ; gate columns (z, r: the first 2k) can be merged freely.
    gates_only = B.copy()
    gates_only[0, : 2 * k] += gates_only[1, : 2 * k]
    gates_only[1, : 2 * k] = 0.0
    np.testing.assert_allclose(rnnmath.gru(X, W_x, W_h, gates_only), rnnmath.gru(X, W_x, W_h, B), rtol=1e-12)
    assert not np.allclose(rnnmath.gru(X, W_x, W_h, merged), rnnmath.gru(X, W_x, W_h, B))
    # With the reset gate held open (R_t = 1: a huge r bias), merging the candidate's rows is harmless.
    opened = B.copy()
    opened[0, k : 2 * k] = 50.0
    opened_merged = opened.copy()
    opened_merged[0, 2 * k :] += opened_merged[1, 2 * k :]
    opened_merged[1, 2 * k :] = 0.0
    np.testing.assert_allclose(rnnmath.gru(X, W_x, W_h, opened_merged), rnnmath.gru(X, W_x, W_h, opened), atol=1e-12)


# 5. ∂y_t/∂y_{t−1} = diag(1 − y_t²) Ŵ_y; ‖dy_T/dy_0‖₂ ≤ σ_max(Ŵ_y)^T; e.g. [[0.5, 2], [0, 0.5]] has ρ = 0.5, σ_max > 1.
def test_jacobian():
    rng = np.random.default_rng(5)
    n, k, T = 2, 3, 6
    W_x, W_y, b = uneven(rng, (n, k)), uneven(rng, (k, k)), uneven(rng, k)   # row form: Ŵ_y = W_yᵀ
    X, y_0 = uneven(rng, (1, T, n)), uneven(rng, (1, k))
    Y = rnnmath.simple_rnn(X, W_x, W_y, b, initial_state=[y_0], return_sequences=True)
    total = np.eye(k)
    for t in range(T):
        immediate = np.diag(1 - Y[0, t] ** 2) @ W_y.T                              # column form
        total = immediate @ total
    eps = 1e-6
    numeric = np.column_stack([
        (rnnmath.simple_rnn(X, W_x, W_y, b, initial_state=[y_0 + eps * np.eye(k)[j]])
         - rnnmath.simple_rnn(X, W_x, W_y, b, initial_state=[y_0 - eps * np.eye(k)[j]]))[0] / (2 * eps)
        for j in range(k)])
    np.testing.assert_allclose(total, numeric, rtol=1e-6, atol=1e-10)
    assert np.linalg.norm(total, 2) <= np.linalg.norm(W_y, 2) ** T

    W = np.array([[0.5, 2.0], [0.0, 0.5]])
    assert max(abs(np.linalg.eigvals(W))) < 1 < np.linalg.norm(W, 2)


# 6. C_T = σ(b_f)^T C_0; b_f = logit(0.5^(1/100)) ≈ 4.97; with b_f = 1, under 1 % after 15 steps.
def test_forget_bias():
    b_f = math.log(0.5 ** 0.01 / (1 - 0.5 ** 0.01))
    assert round(b_f, 2) == 4.97

    def cell_after(T, forget_bias):
        bias = np.array([-60.0, forget_bias, 0.0, 60.0])                 # i shut, f, c, o open
        _, _, C = rnnmath.lstm(np.zeros((1, T, 1)), np.zeros((1, 4)), np.zeros((1, 4)), bias,
                               initial_state=[np.zeros((1, 1)), np.ones((1, 1))], return_state=True)
        return float(C[0, 0])

    assert cell_after(100, b_f) == pytest.approx(0.5, rel=1e-9)
    assert cell_after(100, b_f - 0.01) < 0.5
    assert cell_after(7, 1.0) == pytest.approx(sigmoid(1.0) ** 7, rel=1e-12)
    steps = math.ceil(math.log(0.01) / math.log(sigmoid(1.0)))
    assert steps == 15 and cell_after(15, 1.0) < 0.01 <= cell_after(14, 1.0)


# 7. ∂L/∂a = M (softmax(a) − onehot(q)) / ΣM, rows summing to 0; dividing by βT scales it by ΣM/(βT).
def masked_loss(A, q, M, divide_by):
    A = A - A.max(axis=-1, keepdims=True)
    log_p = A - np.log(np.exp(A).sum(axis=-1, keepdims=True))
    picked = np.take_along_axis(log_p, q[..., None], axis=-1)[..., 0]
    return float(-(M * picked).sum() / divide_by)


def test_masked_loss():
    rng = np.random.default_rng(7)
    beta, T, classes = 3, 4, 5
    A, q = uneven(rng, (beta, T, classes), 2.0), rng.integers(0, classes, (beta, T))
    M = np.array([[1, 1, 1, 0], [1, 0, 0, 0], [1, 1, 1, 1]], dtype=float)
    total = M.sum()
    P = np.exp(A) / np.exp(A).sum(axis=-1, keepdims=True)
    answer = M[..., None] * (P - np.eye(classes)[q]) / total
    report = rnnmath.gradcheck(lambda A: masked_loss(A, q, M, total), A, answer)
    assert report.worst_relative_error < 1e-6, report
    np.testing.assert_allclose(answer.sum(axis=-1), 0.0, atol=1e-15)
    every_step = rnnmath.numerical_gradient(lambda A: masked_loss(A, q, M, beta * T), A)
    np.testing.assert_allclose(every_step, answer * total / (beta * T), rtol=1e-6, atol=1e-10)


# 8. T = 1: kernel and bias add. T = 2 with return_sequences: the backward output at step 1 reads x_2,
#    which no forward layer's step-1 output can. tanh: tanh(a) + tanh(b) ≠ tanh(a + b).
def test_sum_merge():
    rng = np.random.default_rng(8)
    n, k = 2, 3
    forward = [uneven(rng, s) for s in rnnmath.weight_shapes("SimpleRNN", n, k)]
    backward = [uneven(rng, s) for s in rnnmath.weight_shapes("SimpleRNN", n, k)]
    X = uneven(rng, (4, 1, n))
    both = rnnmath.bidirectional(rnnmath.simple_rnn, X, forward + backward, merge_mode="sum", activation="linear")
    single = rnnmath.simple_rnn(X, forward[0] + backward[0], forward[1], forward[2] + backward[2], activation="linear")
    np.testing.assert_allclose(both, single, rtol=1e-12)

    X2 = uneven(rng, (1, 2, n))
    X2_changed = X2.copy()
    X2_changed[0, 1] += 1.0                                                   # change x_2 only
    step_1 = [rnnmath.bidirectional(rnnmath.simple_rnn, x, forward + backward, merge_mode="sum",
                                    activation="linear", return_sequences=True)[0, 0] for x in (X2, X2_changed)]
    assert not np.allclose(*step_1)                                           # step 1 depends on x_2
    forward_step_1 = [rnnmath.simple_rnn(x, *forward, activation="linear", return_sequences=True)[0, 0]
                      for x in (X2, X2_changed)]
    np.testing.assert_allclose(*forward_step_1)                               # a forward layer's cannot

    tanh_both = rnnmath.bidirectional(rnnmath.simple_rnn, X, forward + backward, merge_mode="sum")
    tanh_single = rnnmath.simple_rnn(X, forward[0] + backward[0], forward[1], forward[2] + backward[2])
    assert not np.allclose(tanh_both, tanh_single)
