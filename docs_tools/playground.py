"""The weight playground widgets, written into the pages at build time.

Each widget is a ``<div class="rnn-playground">`` whose ``data-config``
lists its weights (with labels and slider ranges), its activation choices,
a starting input sequence, and presets. The presets are the seed notebooks'
experiments from ``rnnmath/seeds.py``, so the numbers a preset reproduces
are the ones the tests check. ``layer`` is the layer's entry in the table
of layers (``rnnmath/layers.py``) as JSON: its gates in Keras's order and
its states, which the browser code reads instead of restating them. The
browser code is in ``docs/assets/playground/``: one math module per widget
and one UI script, classic scripts so that they run from ``file://`` too.
"""

from __future__ import annotations

import json
from html import escape

from rnnmath.layers import LSTM, SIMPLE_RNN
from rnnmath.seeds import EXPERIMENTS

SLIDER = dict(min=-3, max=3, step=0.05)

#: What a widget shows until its script replaces it: all a reader sees if JavaScript cannot run.
FALLBACK = (
    "This playground is drawn by JavaScript in your browser, and it has not run: JavaScript is turned "
    "off or blocked for this page. It needs nothing else: no network and no server, so it also works "
    "from a downloaded copy of the site opened as a file. Turn JavaScript on and reload the page to "
    "use it; everything else on this page works without it."
)


def _param(pid: str, path: list, html: str, label: str, value: float) -> dict:
    return dict(id=pid, path=path, html=html, label=label, value=value, **SLIDER)


def _fmt(values) -> str:
    return ", ".join(f"{v:g}" for v in values)


def _preset(key: str, values: dict) -> dict:
    e = EXPERIMENTS[key]
    return dict(label=f"Seed 003, {key}", values=values, inputs=list(e.inputs),
                note=f"{e.title}; the seed's notebook printed {_fmt(e.printed)}.")


def _neuron() -> dict:
    presets = [
        _preset(key, {"w_x": EXPERIMENTS[key].kernel[0][0], "w_y": EXPERIMENTS[key].recurrent_kernel[0][0],
                      "b": 0.0, "activation": "linear"})
        for key in ("A1", "A2", "A3", "A4")
    ]
    return dict(
        widget="neuron", title="One recurrent neuron: y<sub>t</sub> = φ(w<sub>x</sub>·x<sub>t</sub> + w<sub>y</sub>·y<sub>t−1</sub> + b)",
        params=[
            _param("w_x", ["w_x"], "w<sub>x</sub> (kernel)", "w_x, the input weight", 1.0),
            _param("w_y", ["w_y"], "w<sub>y</sub> (recurrent_kernel)", "w_y, the recurrent weight", 1.0),
            _param("b", ["b"], "b (bias)", "b, the bias", 0.0),
        ],
        choices=[dict(id="activation", label="φ (activation)", options=["linear", "tanh"], value="linear")],
        inputs=[3, 3, 7], presets=presets,
    )


def _layer() -> dict:
    params = []
    for j in range(2):
        params.append(_param(f"kernel.0.{j}", ["kernel", 0, j], f"kernel[0, {j}]: x → neuron {j + 1}",
                             f"kernel[0, {j}], the input weight of neuron {j + 1}", 1.0))
    for i in range(2):
        for j in range(2):
            params.append(_param(
                f"recurrent_kernel.{i}.{j}", ["recurrent_kernel", i, j],
                f"recurrent_kernel[{i}, {j}]: (y<sub>t−1</sub>)<sub>{i + 1}</sub> → neuron {j + 1}",
                f"recurrent_kernel[{i}, {j}], the weight neuron {j + 1} puts on output {i + 1}", 0.0))
    for j in range(2):
        params.append(_param(f"bias.{j}", ["bias", j], f"bias[{j}]: neuron {j + 1}", f"bias[{j}] of neuron {j + 1}",
                             0.0))
    presets = []
    for key in ("B1", "B2", "B3"):
        e = EXPERIMENTS[key]
        values = {f"kernel.0.{j}": e.kernel[0][j] for j in range(2)}
        values |= {f"recurrent_kernel.{i}.{j}": e.recurrent_kernel[i][j] for i in range(2) for j in range(2)}
        values |= {"bias.0": 0.0, "bias.1": 0.0, "activation": "linear"}
        presets.append(_preset(key, values))
    return dict(
        widget="layer", title="A layer of two neurons: neuron j reads column j − 1 of Keras's kernel and "
        "recurrent_kernel, and bias[j − 1]",
        params=params,
        choices=[dict(id="activation", label="φ (activation)", options=["linear", "tanh"], value="linear")],
        inputs=[3, 3, 7, 5], presets=presets, layer=SIMPLE_RNN.as_json(),
    )


def _lstm() -> dict:
    params = []
    for array, symbol in (("kernel", "W<sub>x</sub>"), ("recurrent_kernel", "W<sub>h</sub>"), ("bias", "b")):
        for g, gate in enumerate(LSTM.gates):
            name = LSTM.gate_names[gate]
            params.append(_param(f"{array}.{g}", [array, g], f"{symbol} {gate}: {name}",
                                 f"{array} block {gate}, the {name}", 0.0))
    presets = []
    blocks = range(LSTM.blocks)                       # one unit: each array holds one number per gate
    for key in ("C1", "C2"):
        e = EXPERIMENTS[key]
        values = {f"kernel.{g}": e.kernel[0][g] for g in blocks}
        values |= {f"recurrent_kernel.{g}": e.recurrent_kernel[0][g] for g in blocks}
        values |= {f"bias.{g}": 0.0 for g in blocks}
        values |= {"activation": e.activation, "recurrent_activation": e.recurrent_activation}
        presets.append(_preset(key, values))
    return dict(
        widget="lstm", title=f"A one-unit LSTM: gates {', '.join(LSTM.gates)} as Keras orders them",
        params=params,
        choices=[
            dict(id="activation", label="φ (activation)", options=["linear", "tanh"], value="tanh"),
            dict(id="recurrent_activation", label="σ (gates)", options=["linear", "sigmoid", "tanh"],
                 value="sigmoid"),
        ],
        inputs=[0, 1, 2, 4, 8], presets=presets, layer=LSTM.as_json(),
    )


WIDGETS = {"neuron": _neuron, "layer": _layer, "lstm": _lstm}


def config(name: str) -> dict:
    """The widget's configuration: parameters, choices, inputs and presets.

    A widget opens on its first preset, so its first output is a seed's.
    """
    data = WIDGETS[name]()
    first = data["presets"][0]
    for item in data["params"] + data["choices"]:
        item["value"] = first["values"][item["id"]]
    data["inputs"] = first["inputs"]
    return data


def widget(name: str) -> str:
    """The HTML of one widget; the script fills it in the browser."""
    data = escape(json.dumps(config(name)), quote=True)
    return (
        f'<div class="rnn-playground" data-widget="{name}" data-config="{data}">'
        f"<p><em>{FALLBACK}</em></p>"
        "</div>"
    )
