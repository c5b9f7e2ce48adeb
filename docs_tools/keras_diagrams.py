"""Diagrams for the page "Inside a Keras layer", drawn as inline SVG at build time.

They use the helpers and the style of ``docs_tools/diagrams.py``: the page's
text colour (``currentColor``), a title, a description and an aria-label.
No text is smaller than 12 px at the diagrams' natural size, subscripts
included.
"""

from __future__ import annotations

from docs_tools.diagrams import arrow, sub, svg, text

_MUTED = 'stroke-opacity="0.45"'



def _box(x: float, y: float, w: float, h: float, label: str, dashed: bool = False, size: int = 14) -> str:
    dash = ' stroke-dasharray="5 4"' if dashed else ""
    opacity = f" {_MUTED}" if dashed else ""
    return (f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8" stroke-width="1.5"{dash}{opacity}/>'
            + text(x + w / 2, y + h / 2 + 5, label, size=size))


def seed_001_model() -> str:
    """Seed 001's model unrolled: SimpleRNN over X_1 … X_T, then Dense on Y_T only."""
    xs = [90, 220, 410]           # the boxes for t = 1, 2 and T
    labels = ["1", "2", "T"]
    body = [
        f'<rect x="70" y="40" width="440" height="98" rx="10" stroke-width="1" stroke-dasharray="3 4" {_MUTED}/>',
        text(290, 30, f"SimpleRNN(5): the same {sub('W', 'x')}, {sub('W', 'y')}, b at every step",
             size=14),
        text(30, 95, sub("Y", "0"), italic=True), arrow(45, 90, 85, 90),
    ]
    for x, t in zip(xs, labels):
        body += [
            _box(x, 65, 70, 50, "tanh"),
            arrow(x + 35, 175, x + 35, 118),
            text(x + 35, 192, sub("X", t), italic=True),
        ]
    body += [
        arrow(162, 90, 216, 90), text(190, 83, sub("Y", "1"), italic=True),
        arrow(292, 90, 330, 90), text(312, 83, sub("Y", "2"), italic=True),
        text(355, 95, "⋯", size=18),
        arrow(378, 90, 406, 90),
        text(355, 192, "⋯", size=18),
        # Y_T leaves the RNN and enters the Dense head
        arrow(482, 90, 576, 90), text(530, 83, sub("Y", "T"), italic=True),
        _box(580, 65, 90, 50, "Dense(2)"),
        text(625, 136, "no activation", size=13),
        arrow(672, 90, 720, 90),
        text(760, 95, "output", size=13),
    ]
    return svg(
        800, 205, "Seed 001's model, unrolled over its T = 10 steps",
        "A SimpleRNN with 5 units reads X_1 to X_T, carrying its state Y_t from step to step, starting from "
        "Y_0 = 0. Only the last state Y_T goes on, into a Dense layer with 2 units and no activation, whose "
        "result is the model's output.",
        "".join(body),
    )


def masked_steps() -> str:
    """Four steps with step 2 masked: the state skips it, the output repeats Y_1 (or is zero)."""
    xs = [90, 220, 350, 480]
    body = [text(30, 95, sub("Y", "0"), italic=True), arrow(45, 90, 85, 90)]
    for s, x in enumerate(xs):
        t = str(s + 1)
        masked = s == 1
        body += [
            _box(x, 65, 70, 50, "skip" if masked else "φ", dashed=masked, size=13 if masked else 14),
            arrow(x + 35, 165, x + 35, 118, dashed=masked),
            text(x + 35, 182, sub("X", t) + (" (masked)" if masked else ""), italic=True),
            arrow(x + 35, 62, x + 35, 30),
        ]
        out = sub("Y", "1") + " again, or 0" if masked else sub("Y", t)
        body.append(text(x + 35, 20, out, italic=True))
    body += [
        # the state goes around the masked box: Y_1 reaches step 3 unchanged
        '<path d="M162,90 L185,90 L185,140 L325,140 L325,90 L346,90" stroke-width="1.5" '
        'marker-end="url(#arrow)"/>',
        text(214, 158, sub("Y", "1") + " kept", italic=True),
        arrow(422, 90, 476, 90), text(450, 83, sub("Y", "3"), italic=True),
    ]
    return svg(
        600, 195, "A masked step keeps the state",
        "Four steps; step 2 is masked. The state Y_1 goes around step 2 unchanged and reaches step 3. "
        "At step 2 the layer outputs Y_1 again, or zeros with zero_output_for_mask=True.",
        "".join(body),
    )
