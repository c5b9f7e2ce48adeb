"""Diagrams for the page "Bidirectional and stacked layers", drawn as inline SVG at build time.

They follow ``docs_tools/diagrams.py``: the page's text colour
(``currentColor``), a title and a description for screen readers.
"""

from __future__ import annotations

from docs_tools.diagrams import arrow, sub, svg, text


def _directed(x: float, y: float, index: str, direction: str, size: int = 14, sub_size: int = 10) -> str:
    """H with a small arrow over it and a subscript, like the page's \\overrightarrow{H}_t, starting at x."""
    glyph = 0.72 * size                       # the width of an italic H, roughly
    top = y - size * 0.95
    left, right = x + 1, x + glyph + 1
    tip, tail = (right, left) if direction == "right" else (left, right)
    head = 3 if direction == "right" else -3
    return (
        text(x, y, f'H<tspan baseline-shift="sub" font-size="{sub_size}">{index}</tspan>', size=size,
             anchor="start", italic=True)
        + f'<line x1="{tail}" y1="{top}" x2="{tip}" y2="{top}" stroke-width="1.1"/>'
        + f'<path d="M{tip - head},{top - 2.5} L{tip},{top} L{tip - head},{top + 2.5}" stroke-width="1.1"/>'
    )


def flip(steps: int = 4) -> str:
    """The backward layer's outputs in the order it computed them, and where the flip puts them."""
    cell, left = 110, 200
    width = left + cell * steps + 10
    body = [text(left - 12, 30, "array position", size=12, anchor="end")]
    rows = {"raw": 70, "flipped": 190, "forward": 245}
    body += [
        text(left - 12, rows["raw"] + 5, "backward layer returns", size=12, anchor="end"),
        text(left - 12, rows["flipped"] + 5, "after the flip", size=12, anchor="end"),
        text(left - 12, rows["forward"] + 5, "forward layer returns", size=12, anchor="end"),
    ]
    for p in range(steps):
        x = left + p * cell
        body.append(text(x + cell / 2 - 5, 30, str(p + 1), size=13))
        for row, y in rows.items():
            body.append(f'<rect x="{x + 15}" y="{y - 20}" width="{cell - 40}" height="32" rx="6" stroke-width="1.2"/>')
            if row == "raw":
                index, direction = str(steps - p), "left"
            else:
                index, direction = str(p + 1), "left" if row == "flipped" else "right"
            body.append(_directed(x + cell / 2 - 18, y + 3, index, direction))
        # the flip: raw position p goes to position steps - 1 - p
        target = left + (steps - 1 - p) * cell
        body.append(arrow(x + cell / 2 - 5, rows["raw"] + 14, target + cell / 2 - 5, rows["flipped"] - 22))
    body.append(text(left + steps * cell / 2 - 5, rows["forward"] + 38,
                      "each column now holds both directions' outputs for the same step t", size=12))
    return svg(width, rows["forward"] + 50, f"Re-aligning the backward outputs, T = {steps}",
                f"The backward layer reads x_{steps} first, so its output list starts with its output for step "
                f"{steps} and ends with its output for step 1. Reversing the list puts its output for step t at "
                "position t, under the forward layer's output for step t.", "".join(body))


def stack(steps: int = 3) -> str:
    """Two recurrent layers stacked: the first returns every output, the second only its last."""
    cell, left = 130, 190
    width = left + cell * steps + 20
    low, high = 170, 70                         # the two rows of boxes (top y)
    body = [
        text(left - 20, low + 22, "layer 1", size=13, anchor="end"),
        text(left - 20, low + 38, "return_sequences=True", size=12, anchor="end"),
        text(left - 20, high + 22, "layer 2", size=13, anchor="end"),
        text(left - 20, high + 38, "return_sequences=False", size=12, anchor="end"),
    ]
    for s in range(steps):
        x = left + s * cell
        t = str(s + 1) if steps <= 4 or s < steps - 1 else "T"
        last = s == steps - 1
        body += [
            text(x + 35, low + 112, sub("X", t), italic=True),
            arrow(x + 35, low + 96, x + 35, low + 48),
            f'<rect x="{x}" y="{low}" width="70" height="44" rx="8" stroke-width="1.5"/>',
            arrow(x + 35, low - 2, x + 35, high + 48),
            text(x + 42, (low + high + 44) / 2 + 4, f"step {t}'s output", size=12, anchor="start"),
            f'<rect x="{x}" y="{high}" width="70" height="44" rx="8" stroke-width="1.5"/>',
        ]
        if last:
            body += [arrow(x + 35, high - 2, x + 35, 28), text(x + 35, 20, "the only output", size=12)]
        if s < steps - 1:
            body += [arrow(x + 72, low + 22, x + cell - 4, low + 22), arrow(x + 72, high + 22, x + cell - 4, high + 22)]
    return svg(width, low + 125, f"Two stacked recurrent layers over {steps} steps",
                "Layer 1 reads the inputs and returns its output at every step; those outputs are layer 2's "
                "inputs, one per step. Layer 2 returns only its output at the last step.", "".join(body))
