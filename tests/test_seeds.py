"""The seed notebooks' numbers, reproduced by rnnmath and by Keras."""

import numpy as np
import pytest

import rnnmath
from docs_tools.seed_models import build, run_keras
from rnnmath.seeds import EXPERIMENTS, SUMMARIES


@pytest.mark.parametrize("key", sorted(EXPERIMENTS))
def test_rnnmath_reproduces_what_the_seed_printed(key):
    experiment = EXPERIMENTS[key]
    np.testing.assert_array_equal(experiment.run(), experiment.printed)


@pytest.mark.parametrize("key", sorted(EXPERIMENTS))
def test_keras_prints_the_same(key):
    experiment = EXPERIMENTS[key]
    np.testing.assert_array_equal(run_keras(experiment), experiment.printed)


@pytest.mark.parametrize("seed", sorted(SUMMARIES))
def test_summaries_count_what_the_seed_printed(seed):
    summary = SUMMARIES[seed]
    model = build(summary)
    assert tuple(layer.count_params() for layer in model.layers) == summary.printed
    assert model.count_params() == summary.printed_total == sum(summary.printed)
    explanation = rnnmath.keras.explain(model)
    assert tuple(row.params for row in explanation.rows) == summary.printed
    assert explanation.total == summary.printed_total


def test_the_scalar_neuron_matches_the_layer_on_every_part_a_experiment():
    for key in ("A1", "A2", "A3", "A4"):
        e = EXPERIMENTS[key]
        ys = rnnmath.unroll_neuron(e.inputs, w_x=e.kernel[0][0], w_y=e.recurrent_kernel[0][0], activation="linear")
        assert ys[-1] == e.printed[-1]
