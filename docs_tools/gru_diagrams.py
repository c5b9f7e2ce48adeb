"""The GRU cell as an inline SVG diagram, drawn like the LSTM cell of ``lstm_diagram.py``.

The gates are coloured as ``weight_blocks("GRU", …)`` colours their blocks.
The diagram does not draw where the reset gate acts inside the candidate's
box: that is the difference between Keras's two variants, so the caption
says so and the page writes both out. No text is smaller than 12 px at the
natural size, subscripts included.
"""

from __future__ import annotations

from docs_tools.diagrams import arrow, sub, svg, text
from docs_tools.lstm_diagrams import _gate, _node, _path


def gru_cell() -> str:
    """One GRU step: the state runs along the top, the gates read X_t and H_{t−1} from below."""
    top, boxes, bus = 70, 176, 282
    z_x, r_x, h_x, left = 230, 370, 480, 90
    body = [
        # the state: H_{t−1} → × Z_t → + (1 − Z_t) ⊙ H̃_t → H_t
        text(42, top + 5, sub("H", "t−1"), italic=True),
        arrow(66, top, z_x - 16, top),
        _node(z_x, top, "×"),
        arrow(z_x + 14, top, h_x - 16, top),
        _node(h_x, top, "+"),
        arrow(h_x + 14, top, 650, top),
        text(676, top + 5, sub("H", "t"), italic=True),
        text(655, top + 30, "output, and", size=13, anchor="start"),
        text(655, top + 48, "next step's", size=13, anchor="start"),
        text(655, top + 66, sub("H", "t−1"), size=13, anchor="start", italic=True),
        # H_{t−1} also goes down to the gates, where X_t joins it
        f'<circle cx="{left}" cy="{top}" r="3" fill="currentColor" stroke="none"/>',
        _path([(left, top), (left, bus), (h_x, bus)], arrow=False),
        text(140, 334, sub("X", "t"), italic=True),
        arrow(140, 318, 140, bus + 4),
        f'<circle cx="140" cy="{bus}" r="3" fill="currentColor" stroke="none"/>',
    ]
    for x in (z_x, r_x, h_x):
        body += [f'<circle cx="{x}" cy="{bus}" r="3" fill="currentColor" stroke="none"/>',
                 arrow(x, bus, x, boxes + 40)]
    body += [
        _gate(z_x, boxes, "σ", "z", sub("Z", "t")),
        _gate(r_x, boxes, "σ", "r", sub("R", "t")),
        _gate(h_x, boxes, "φ", "c", sub("H\u0303", "t")),
        # Z_t multiplies the old state ...
        arrow(z_x, boxes, z_x, top + 16),
        # ... and 1 − Z_t multiplies the candidate
        f'<circle cx="{z_x}" cy="128" r="3" fill="currentColor" stroke="none"/>',
        arrow(z_x, 128, 316, 128),
        _node(330, 128, "1−"),
        arrow(344, 128, h_x - 16, 128),
        _node(h_x, 128, "×"),
        arrow(h_x, boxes, h_x, 144),
        arrow(h_x, 114, h_x, top + 16),
        # the reset gate acts inside the candidate's box
        arrow(r_x + 28, boxes + 19, h_x - 30, boxes + 19),
    ]
    return svg(
        740, 350, "One GRU step. The reset gate's arrow ends at the candidate's box: inside it, "
        "the gate scales either the recurrent product or the state, depending on reset_after",
        "The state H_{t-1} runs along the top: it is multiplied elementwise by the update gate Z_t, and "
        "(1 - Z_t) times the candidate H~_t is added, giving H_t, which is also the output. The three boxes "
        "below read the input X_t and H_{t-1}: the update gate Z_t and the reset gate R_t with sigma, and the "
        "candidate H~_t with phi. The reset gate feeds into the candidate's box; where it acts there depends "
        "on reset_after.",
        "".join(body),
    )
