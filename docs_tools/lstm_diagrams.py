"""The LSTM cell as an inline SVG diagram, in the style of ``docs_tools/diagrams.py``.

The diagram follows the page's text colour (``currentColor``), has a title
and a description for screen readers, and colours each gate as
``weight_blocks`` colours its block of the weights, so the two pictures
match. No text is smaller than 12 px at the natural size, subscripts
included.
"""

from __future__ import annotations

from docs_tools.diagrams import GATE_COLOURS, arrow, sub, svg, text


def _node(x: float, y: float, symbol: str) -> str:
    """A small circle holding an elementwise operation: ×, + or 1−."""
    return (f'<circle cx="{x}" cy="{y}" r="14" stroke-width="1.5"/>'
            + text(x, y + 5, symbol, size=15))


def _gate(x: float, y: float, function: str, gate: str, label: str) -> str:
    """A box applying σ or φ, filled with its gate's colour, its output named beside it."""
    colour = GATE_COLOURS[gate]
    return (f'<rect x="{x - 28}" y="{y}" width="56" height="38" rx="6" fill="{colour}" fill-opacity="0.22" '
            f'stroke="{colour}" stroke-width="2"/>' + text(x, y + 25, function, size=16)
            + text(x + 9, y - 8, label, size=14, anchor="start", italic=True))


def _path(points: list[tuple[float, float]], arrow: bool = True) -> str:
    """A polyline through ``points``, ending in an arrow head."""
    d = " ".join(f"{x},{y}" for x, y in points)
    end = ' marker-end="url(#arrow)"' if arrow else ""
    return f'<polyline points="{d}" stroke-width="1.5"{end}/>'


def lstm_cell() -> str:
    """One LSTM step: the cell state runs along the top, the gates read X_t and H_{t−1} from below."""
    top, boxes, bus = 70, 176, 282
    f_x, i_x, c_x, o_x, out_x = 200, 300, 390, 490, 560
    body = [
        # the cell state: C_{t−1} → × F_t → + I_t ⊙ C̃_t → C_t
        text(42, top + 5, sub("C", "t−1"), italic=True),
        arrow(66, top, f_x - 16, top),
        _node(f_x, top, "×"),
        arrow(f_x + 14, top, (i_x + c_x) / 2 - 16, top),
        _node((i_x + c_x) / 2, top, "+"),
        arrow((i_x + c_x) / 2 + 14, top, 650, top),
        text(676, top + 5, sub("C", "t"), italic=True),
        # the input X_t and the previous output H_{t−1} feed every gate
        text(42, bus + 5, sub("H", "t−1"), italic=True),
        _path([(66, bus), (o_x, bus)], arrow=False),
        text(120, 334, sub("X", "t"), italic=True),
        arrow(120, 318, 120, bus + 4),
        f'<circle cx="120" cy="{bus}" r="3" fill="currentColor" stroke="none"/>',
    ]
    for x in (f_x, i_x, c_x, o_x):
        body += [f'<circle cx="{x}" cy="{bus}" r="3" fill="currentColor" stroke="none"/>',
                 arrow(x, bus, x, boxes + 40)]
    body += [
        _gate(f_x, boxes, "σ", "f", sub("F", "t")),
        _gate(i_x, boxes, "σ", "i", sub("I", "t")),
        _gate(c_x, boxes, "φ", "c", sub("C\u0303", "t")),
        _gate(o_x, boxes, "σ", "o", sub("O", "t")),
        # F_t multiplies the old cell state
        arrow(f_x, boxes, f_x, top + 16),
        # I_t ⊙ C̃_t is added to it
        _node((i_x + c_x) / 2, 128, "×"),
        _path([(i_x, boxes), (i_x, 128), ((i_x + c_x) / 2 - 16, 128)]),
        _path([(c_x, boxes), (c_x, 128), ((i_x + c_x) / 2 + 16, 128)]),
        arrow((i_x + c_x) / 2, 114, (i_x + c_x) / 2, top + 16),
        # H_t = O_t ⊙ φ(C_t)
        f'<circle cx="{out_x}" cy="{top}" r="3" fill="currentColor" stroke="none"/>',
        f'<rect x="{out_x - 22}" y="100" width="44" height="30" rx="6" stroke-width="1.5"/>',
        text(out_x, 121, "φ", size=16),
        arrow(out_x, top, out_x, 98),
        _node(out_x, 196, "×"),
        arrow(out_x, 130, out_x, 180),
        _path([(o_x + 28, boxes + 20), (out_x - 16, 196)]),
        arrow(out_x + 14, 196, 650, 196),
        text(676, 201, sub("H", "t"), italic=True),
        text(655, 226, "output, and", size=13, anchor="start"),
        text(655, 244, "next step's", size=13, anchor="start"),
        text(655, 262, sub("H", "t−1"), size=13, anchor="start", italic=True),
    ]
    return svg(
        740, 350, "One LSTM step",
        "The cell state C_{t-1} runs along the top: it is multiplied elementwise by the forget gate F_t, then "
        "the input gate I_t times the candidate C~_t is added, giving C_t. The four coloured boxes below "
        "read the input X_t and the previous output H_{t-1}: three gates with sigma (F_t, I_t, O_t) and "
        "the candidate with phi. The output H_t is O_t times phi(C_t).",
        "".join(body),
    )
