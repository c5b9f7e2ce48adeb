"""The seed notebooks' layers and models, built in Keras for the pages and the tests.

``rnnmath.seeds`` keeps the seeds' experiments as data (weights, inputs,
what each notebook printed) and computes them with rnnmath; this file is
the other half, which needs Keras: it builds the same layers and models,
so a page can show both answers side by side.
"""

from __future__ import annotations

import numpy as np

from rnnmath.seeds import Experiment, Summary


def keras_layer(experiment: Experiment):
    """The experiment's layer in Keras, built and holding its weights (no bias)."""
    import keras

    layer = getattr(keras.layers, experiment.layer)(experiment.units, use_bias=False, **experiment.options())
    layer.build((None, None, 1))
    layer.set_weights(experiment.weights)
    return layer


def run_keras(experiment: Experiment) -> np.ndarray:
    """Keras's output (float32, as Keras computes by default), flattened like ``experiment.printed``."""
    return np.ravel(keras_layer(experiment)(experiment.x.astype(np.float32)))


def build(summary: Summary):
    """The Keras model whose ``model.summary()`` the seed printed."""
    import keras

    model = keras.Sequential([keras.Input(summary.input_shape)])
    for kind, units, options in summary.layers:
        model.add(getattr(keras.layers, kind)(units, **dict(options)))
    return model
