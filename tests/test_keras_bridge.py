"""rnnmath.keras.forward and explain, on the seeds' models and on random stacks."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rnnmath
from docs_tools.seed_models import build
from docs_tools.tables import explanation_table
from reference import assert_same, make_weights, uneven
from rnnmath.layers import LAYERS
from rnnmath.seeds import SUMMARIES

# Every recurrent layer of the table, and Bidirectional around each gated one.
BRIDGE_KINDS = [*LAYERS, *(f"Bi{kind}" for kind, layer in LAYERS.items() if layer.has_gates)]


def keras():
    import keras

    return keras


def randomize(model, rng):
    """Uneven, non-zero weights in every layer, biases included."""
    for layer in model.layers:
        layer.set_weights([uneven(rng, w.shape, scale=0.8).astype(w.dtype) for w in layer.get_weights()])


def test_seed_001_end_to_end():
    """Seed 001: SimpleRNN(5) then Dense(2) on one 10 × 3 sequence, equal to model.predict."""
    k = keras()
    rng = np.random.default_rng(42)
    inputs = k.Input(shape=(10, 3))
    model = k.Model(inputs, k.layers.Dense(2)(k.layers.SimpleRNN(5)(inputs)))
    randomize(model, rng)
    X = rng.normal(size=(1, 10, 3)).astype(np.float32)
    assert_same(rnnmath.keras.forward(model, X), model.predict(X, verbose=0), np.float32)


def test_forward_single_layers_with_state_and_mask():
    k = keras()
    rng = np.random.default_rng(0)
    layer = k.layers.LSTM(3, return_sequences=True, return_state=True, go_backwards=True)
    layer.build((None, None, 2))
    layer.set_weights(make_weights(rng, "LSTM", 2, 3))
    X = rng.normal(size=(2, 4, 2)).astype(np.float32)
    mask = np.array([[True, True, False, True], [False, True, True, True]])
    state = [rng.normal(size=(2, 3)).astype(np.float32) for _ in range(2)]
    assert_same(rnnmath.keras.forward(layer, X, initial_state=state, mask=mask),
                list(layer(X, initial_state=state, mask=mask)), np.float32)


def test_forward_uses_a_stateful_layers_states():
    k = keras()
    layer = k.layers.GRU(2, stateful=True)
    layer.build((1, None, 3))
    X = np.random.default_rng(5).normal(size=(1, 4, 3)).astype(np.float32)
    layer(X)  # now the layer holds non-zero states
    assert_same(rnnmath.keras.forward(layer, X), layer(X), np.float32)


def test_forward_through_masking_embedding_and_dropout():
    k = keras()
    rng = np.random.default_rng(1)
    model = k.Sequential([k.Input((5,), dtype="int32"), k.layers.Embedding(7, 3, mask_zero=True),
                          k.layers.Dropout(0.5), k.layers.Bidirectional(k.layers.GRU(2, return_sequences=True)),
                          k.layers.LSTM(2), k.layers.Dense(1, activation="sigmoid")])
    randomize(model, rng)
    ids = np.array([[1, 2, 3, 0, 0], [4, 0, 6, 5, 1]])
    assert_same(rnnmath.keras.forward(model, ids), model(ids), np.float32)

    model = k.Sequential([k.Input((4, 2)), k.layers.Masking(0.0), k.layers.SimpleRNN(3)])
    randomize(model, rng)
    X = rng.normal(size=(2, 4, 2)).astype(np.float32)
    X[0, 2] = 0.0
    assert_same(rnnmath.keras.forward(model, X), model(X), np.float32)


@given(data=st.data())
def test_forward_equals_keras_on_random_stacks(data):
    k = keras()
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    n = data.draw(st.integers(1, 4), label="n")
    kinds = data.draw(st.lists(st.sampled_from(BRIDGE_KINDS), min_size=1,
                               max_size=3), label="layers")
    model = k.Sequential([k.Input((None, n))])
    for depth, kind in enumerate(kinds):
        last = depth == len(kinds) - 1
        units = data.draw(st.integers(1, 4), label="units")
        options = dict(return_sequences=not last,
                       activation=data.draw(st.sampled_from(["tanh", "relu", "linear"]), label="activation"))
        if kind.startswith("Bi"):
            merge = data.draw(st.sampled_from(["concat", "sum", "ave", "mul"]), label="merge_mode")
            model.add(k.layers.Bidirectional(getattr(k.layers, kind[2:])(units, **options), merge_mode=merge))
        else:
            model.add(getattr(k.layers, kind)(units, **options))
    if data.draw(st.booleans(), label="dense head"):
        model.add(k.layers.Dense(data.draw(st.integers(1, 3), label="head units"), activation="tanh"))
    randomize(model, rng)
    X = rng.uniform(-1, 1, (2, data.draw(st.integers(1, 5), label="T"), n)).astype(np.float32)
    assert_same(rnnmath.keras.forward(model, X), model(X), np.float32)


def test_forward_errors():
    k = keras()
    with pytest.raises(ValueError, match="has no weights yet.*keras.Input"):
        rnnmath.keras.forward(k.layers.SimpleRNN(2), np.ones((1, 2, 3)))
    model = k.Sequential([k.Input((3, 2)), k.layers.Conv1D(2, 2)])
    with pytest.raises(ValueError, match="is a Conv1D; rnnmath.keras.forward takes SimpleRNN"):
        rnnmath.keras.forward(model, np.ones((1, 3, 2)))
    inputs = k.Input((3, 2))
    branch = k.layers.SimpleRNN(2, return_sequences=True)(inputs)
    model = k.Model(inputs, k.layers.Add()([branch, k.layers.Dense(2)(inputs)]))
    with pytest.raises(ValueError, match="chain their layers"):
        rnnmath.keras.forward(model, np.ones((1, 3, 2)))


def test_explain_seed_002_shows_the_formula_and_the_numbers():
    explanation = rnnmath.keras.explain(build(SUMMARIES["002"]))
    first, second, head = explanation.rows
    assert (first.formula, first.sizes, first.substituted) == ("n·k + k·k + k", "n = 8, k = 5", "8·5 + 5·5 + 5")
    assert second.sizes == "n = 5, k = 3"  # the next layer's input width is the previous layer's units
    assert (head.formula, head.substituted) == ("n·k + k", "3·10 + 10")
    assert "| **total** | | | | | **137** |" in explanation_table(explanation)


def test_explain_gated_and_bidirectional_layers():
    k = keras()
    model = k.Sequential([k.Input((4, 6)), k.layers.Dense(6),
                          k.layers.Bidirectional(k.layers.GRU(3, return_sequences=True)),
                          k.layers.GRU(2, reset_after=False, use_bias=False, return_sequences=True),
                          k.layers.LSTM(4), k.layers.Dropout(0.1)])
    rows = {row.kind: row for row in rnnmath.keras.explain(model).rows}
    assert rows["Bidirectional(GRU)"].formula == "2 × 3(n·k + k·k + 2k)"
    assert rows["Bidirectional(GRU)"].substituted == "2 × 3(6·3 + 3·3 + 2·3)"
    assert rows["GRU"].formula == "3(n·k + k·k)" and rows["GRU"].sizes == "n = 6, k = 2"
    assert rows["LSTM"].substituted == "4(2·4 + 4·4 + 4)"
    assert rows["Dropout"].params == 0
    assert rnnmath.keras.explain(model).total == model.count_params()


def test_explain_keeps_the_bidirectional_simple_rnn_formula_in_parentheses():
    k = keras()
    model = k.Sequential([k.Input((5, 4)), k.layers.Bidirectional(k.layers.SimpleRNN(3))])
    (row,) = rnnmath.keras.explain(model).rows
    assert (row.formula, row.substituted, row.params) == ("2 × (n·k + k·k + k)", "2 × (4·3 + 3·3 + 3)", 48)


def test_explain_refuses_layers_it_has_no_formula_for():
    k = keras()
    model = k.Sequential([k.Input((3, 2)), k.layers.Conv1D(2, 2)])
    with pytest.raises(ValueError, match="no formula for layer"):
        rnnmath.keras.explain(model)
