"""Diagrams for the page "Hidden state versus output", drawn as inline SVG at build time.

They follow ``docs_tools/diagrams.py``: the page's text colour
(``currentColor``), a title and a description for screen readers.
"""

from __future__ import annotations

from docs_tools.diagrams import arrow, sub, svg, text
from rnnmath.layers import LAYERS


def _panel(x0: float, layer: str) -> str:
    # The states a layer carries from step to step, as the batch form writes them; the first is the output.
    states = tuple(s.upper() for s in LAYERS[layer].states)
    output = states[0]
    box_x, box_y, box_w, box_h = x0 + 68, 95, 124, 80
    branch = box_x + box_w + 30                       # where the output leaves the state line
    rows = [box_y + box_h / 2] if len(states) == 1 else [box_y + 25, box_y + box_h - 20]
    body = [
        f'<rect x="{box_x}" y="{box_y}" width="{box_w}" height="{box_h}" rx="10" stroke-width="1.5"/>',
        text(box_x + box_w / 2, box_y + box_h / 2 + 5, f"{layer} step", size=13),
        arrow(box_x + box_w / 2, 240, box_x + box_w / 2, box_y + box_h + 3),
        text(box_x + box_w / 2, 258, sub("X", "t"), italic=True),
    ]
    for state, y in zip(states, rows):
        body += [
            arrow(x0 + 12, y, box_x - 3, y),
            text(x0 + 30, y - 7, sub(state, "t−1"), size=13, italic=True),
            arrow(box_x + box_w + 2, y, x0 + 308, y),
            text(x0 + 292, y - 7, sub(state, "t"), size=13, italic=True),
        ]
        if state == output:
            body += [
                f'<circle cx="{branch}" cy="{y}" r="3.5" fill="currentColor" stroke="none"/>',
                arrow(branch, y - 4, branch, 38),
                text(branch, 26, "output " + sub(output, "t"), size=13, italic=False),
            ]
    return "".join(body)


def states_and_outputs() -> str:
    """SimpleRNN, LSTM and GRU side by side: the states each carries, and where its output comes from."""
    width = len(LAYERS) * 320
    body = "".join(_panel(i * 320, layer) for i, layer in enumerate(LAYERS))
    return svg(width, 270, "What each layer carries to the next step, and what it outputs",
                "SimpleRNN carries one state, Y_t, and outputs it. LSTM carries two states, H_t and C_t, "
                "and outputs H_t only; C_t goes only to the next step. GRU carries one state, H_t, and "
                "outputs it. In all three the output is taken from the new state, after the step.", body)
