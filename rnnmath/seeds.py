"""The seed notebooks' experiments, as data: weights, inputs, and what each
notebook saw Keras print.

rnnmath grew from five student notebooks. Their experiments are kept here,
once, so that the tests, the pages and the playground presets all read the
same numbers: the tests check that rnnmath and Keras reproduce `printed`,
and the pages show what the build computes. Nothing here imports Keras:
the same layers and models, built in Keras, are in
`docs_tools/seed_models.py`.

>>> experiment = EXPERIMENTS["A1"]
>>> experiment.run()
array([13.])
>>> experiment.printed
(13.0,)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import layers


@dataclass(frozen=True)
class Experiment:
    """One cell of a seed notebook: a one-sequence, no-bias layer and its output.

    `kernel` and `recurrent_kernel` are the Keras arrays, (1, gk) and
    (k, gk); `inputs` is one sequence of scalar inputs; `printed` is the
    output the notebook printed (the last step, or every step with
    `return_sequences`), flattened.
    """

    key: str
    seed: str
    title: str
    layer: str
    kernel: tuple
    recurrent_kernel: tuple
    inputs: tuple
    printed: tuple
    activation: str = "linear"
    recurrent_activation: str = "linear"
    return_sequences: bool = False

    @property
    def x(self) -> np.ndarray:
        """The inputs as Keras takes them: one sequence, (β, T, n) = (1, T, 1)."""
        return np.array(self.inputs, dtype=np.float64).reshape(1, -1, 1)

    @property
    def weights(self) -> list[np.ndarray]:
        """[kernel, recurrent_kernel], as `get_weights()` returns them (no bias)."""
        return [np.array(self.kernel, dtype=np.float64), np.array(self.recurrent_kernel, dtype=np.float64)]

    @property
    def units(self) -> int:
        return len(self.recurrent_kernel)

    def options(self) -> dict:
        """The layer's keyword arguments, the same for rnnmath and Keras."""
        options = dict(activation=self.activation, return_sequences=self.return_sequences)
        if layers.get(self.layer).has_gates:
            options["recurrent_activation"] = self.recurrent_activation
        return options

    def run(self) -> np.ndarray:
        """rnnmath's output, flattened like `printed`."""
        function = layers.get(self.layer).forward
        return np.ravel(function(self.x, *self.weights, **self.options()))


def _srnn(key, title, w_x, w_y, inputs, printed):
    return Experiment(key, "003", title, "SimpleRNN", w_x, w_y, inputs, printed)


#: Seed 003, "Understanding the weights in RNNs": Parts A, B and C.
EXPERIMENTS: dict[str, Experiment] = {
    e.key: e
    for e in [
        _srnn("A1", "one unit, w_x = 1, w_y = 1", ((1.0,),), ((1.0,),), (3, 3, 7), (13.0,)),
        _srnn("A2", "one unit, w_y = 3", ((1.0,),), ((3.0,),), (3, 3, 7), (43.0,)),
        _srnn("A3", "one unit, w_y = 3, inputs 1, 1, 2", ((1.0,),), ((3.0,),), (1, 1, 2), (14.0,)),
        _srnn("A4", "one unit, w_y = 0.5", ((1.0,),), ((0.5,),), (3, 3, 7), (9.25,)),
        _srnn("B1", "two units, kernel [1, 1], recurrent [[0, 1], [0, 1]]",
              ((1.0, 1.0),), ((0.0, 1.0), (0.0, 1.0)), (3, 3, 7, 5), (5.0, 31.0)),
        _srnn("B2", "two units, kernel [1, 0], recurrent 0",
              ((1.0, 0.0),), ((0.0, 0.0), (0.0, 0.0)), (3, 3, 7, 5), (5.0, 0.0)),
        _srnn("B3", "two units, all ones", ((1.0, 1.0),), ((1.0, 1.0), (1.0, 1.0)), (3, 4), (10.0, 10.0)),
        Experiment("C1", "003", "one-unit LSTM, kernel [1, 0, 1, 1]", "LSTM",
                   ((1.0, 0.0, 1.0, 1.0),), ((0.0, 0.0, 0.0, 0.0),), (0, 1, 2, 4, 8),
                   (0.0, 1.0, 8.0, 64.0, 512.0), return_sequences=True),
        Experiment("C2", "003", "one-unit LSTM, only the recurrent kernel set", "LSTM",
                   ((0.0, 0.0, 0.0, 0.0),), ((1.0, 0.0, 1.0, 1.0),), (0, 1, 2, 4, 8),
                   (0.0, 0.0, 0.0, 0.0, 0.0), return_sequences=True),
    ]
}


@dataclass(frozen=True)
class Summary:
    """A seed's model and the parameter counts its `model.summary()` printed.

    `layers` lists (Keras class, units, options) in order; `input_shape`
    is (T, n).
    """

    seed: str
    input_shape: tuple
    layers: tuple
    printed: tuple
    printed_total: int = field(default=0)


#: The models whose summaries seeds 001 and 002 printed.
SUMMARIES: dict[str, Summary] = {
    "001": Summary("001", (10, 3), (("SimpleRNN", 5, ()), ("Dense", 2, ()),), (45, 12), 57),
    "002": Summary(
        "002", (10, 8),
        (("SimpleRNN", 5, (("return_sequences", True),)), ("SimpleRNN", 3, ()), ("Dense", 10, ())),
        (70, 27, 40), 137,
    ),
}
