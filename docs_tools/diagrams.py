"""Diagrams drawn as inline SVG when the site builds.

Inline SVG takes the page's text colour (``currentColor``), so every diagram
reads in light and dark mode. Each has a title and a description for screen
readers. Shapes printed in a diagram come from ``rnnmath.weight_shapes``, so
a diagram cannot disagree with the code.
"""

from __future__ import annotations

import itertools
from html import escape

import rnnmath

GATE_COLOURS = {"i": "#5c6bc0", "f": "#ef6c00", "c": "#2e7d32", "o": "#8e24aa",
                "z": "#5c6bc0", "r": "#ef6c00", "h": "#2e7d32", "": "#5c6bc0"}
GATE_NAMES = {"i": "input gate", "f": "forget gate", "c": "candidate cell", "o": "output gate",
              "z": "update gate", "r": "reset gate", "h": "candidate state"}


_count = itertools.count(1)


def svg(width: int, height: int, title: str, description: str, body: str) -> str:
    """The SVG at its natural size (shrinking to fit a narrow screen), in a captioned figure.

    ``width="100%"`` would not do: Material's figure is only as wide as its
    content, so a percentage width has nothing to be a percentage of.
    """
    marker = f"arrow-{next(_count)}"  # unique per diagram: a page may hold several
    return (
        f'<figure class="diagram"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" style="max-width:100%;height:auto" role="img" '
        f'aria-label="{escape(title)}. {escape(description)}" '
        f'font-family="inherit" font-size="14" fill="none" stroke="currentColor">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="currentColor" stroke="none"/></marker></defs>'
        f"{body.replace('url(#arrow)', f'url(#{marker})')}</svg><figcaption>{escape(title)}</figcaption></figure>"
    )


def text(x: float, y: float, content: str, size: int = 14, anchor: str = "middle", italic: bool = False) -> str:
    """A label at (x, y); ``content`` may hold <tspan> markup, such as sub()'s."""
    style = ' font-style="italic"' if italic else ""
    return (f'<text x="{x}" y="{y}" text-anchor="{anchor}" font-size="{size}" fill="currentColor" '
            f'stroke="none"{style}>{content}</text>')


def arrow(x1, y1, x2, y2, dashed=False) -> str:
    """A line from (x1, y1) to (x2, y2) ending in an arrowhead."""
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    return f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke-width="1.5" marker-end="url(#arrow)"{dash}/>'


def sub(symbol: str, index: str) -> str:
    """``symbol`` with a subscript, as SVG text."""
    return f'{symbol}<tspan baseline-shift="sub" font-size="10">{index}</tspan>'


def unrolled(steps: int = 3, state: str = "y", box: str = "φ", label: str = "one neuron") -> str:
    """A recurrence unrolled over ``steps`` steps: x_t in, the state carried right, out on top."""
    width, cell = 120 + 130 * steps, 130
    body = [text(30, 95, sub(state, "0"), italic=True), arrow(45, 90, 85, 90)]
    for s in range(steps):
        x = 90 + s * cell
        t = f"{s + 1}" if steps <= 4 or s < steps - 1 else "T"
        body += [
            f'<rect x="{x}" y="65" width="70" height="50" rx="8" stroke-width="1.5"/>',
            text(x + 35, 95, box),
            arrow(x + 35, 165, x + 35, 118),
            text(x + 35, 182, sub("x", t), italic=True),
            arrow(x + 35, 62, x + 35, 25),
            text(x + 35, 18, sub(state, t), italic=True),
        ]
        if s < steps - 1:
            body += [arrow(x + 72, 90, x + cell - 4, 90), text(x + 100, 83, sub(state, t), size=12, italic=True)]
    names = ", ".join(f"x_{s + 1}" for s in range(steps))
    return svg(width, 195, f"{label.capitalize()}, unrolled over {steps} steps",
                f"The same {label} applied at each step to the inputs {names}; each output {state}_t is fed "
                f"to the next step, starting from {state}_0 = 0.", "".join(body))


def weight_blocks(layer: str, n: int, k: int) -> str:
    """Keras's kernel and recurrent kernel for ``layer``, cell by cell, with their gate blocks in order."""
    shapes = rnnmath.weight_shapes(layer, n, k, use_bias=False)
    gates = rnnmath.counting.GATES.get(layer, ()) or ("",)
    g = len(gates)
    unit, gap, left = 24, 64, 130
    width = max(left + g * k * unit + 40, 480)
    recurrent = "y" if layer == "SimpleRNN" else "h"
    rows = [("kernel", "x", shapes[0]), ("recurrent_kernel", recurrent, shapes[1])]
    body, y = [], 30
    for name, index, (n_rows, n_cols) in rows:
        height = n_rows * unit
        body.append(text(left - 14, y + height / 2 + 2, sub("W", index), anchor="end", italic=True))
        body.append(text(left - 14, y + height / 2 + 18, name, size=11, anchor="end"))
        for j, gate in enumerate(gates):
            x = left + j * k * unit
            colour = GATE_COLOURS[gate]
            body.append(f'<rect x="{x}" y="{y}" width="{k * unit}" height="{height}" fill="{colour}" '
                        f'fill-opacity="0.22" stroke="{colour}" stroke-width="2"/>')
            if gate:
                body.append(text(x + k * unit / 2, y - 6, gate, size=13, italic=True))
        for c in range(1, n_cols):  # one thin line between columns: one column per unit and gate
            if c % k:
                x = left + c * unit
                body.append(f'<line x1="{x}" y1="{y}" x2="{x}" y2="{y + height}" stroke-width="0.5" stroke-opacity="0.5"/>')
        for r in range(1, n_rows):
            body.append(f'<line x1="{left}" y1="{y + r * unit}" x2="{left + n_cols * unit}" y2="{y + r * unit}" '
                        'stroke-width="0.5" stroke-opacity="0.5"/>')
        body.append(text(left + n_cols * unit + 10, y + height / 2 + 5, f"{n_rows} × {n_cols}", size=12,
                          anchor="start"))
        y += height + gap
    y -= gap
    if gates != ("",):
        for gate in gates:
            y += 20
            body.append(text(left, y, f"{gate}: {GATE_NAMES[gate]}", size=12, anchor="start"))
    title = f"{layer} weights for n = {n} inputs and k = {k} units"
    description = (f"kernel has shape {shapes[0]} and recurrent_kernel has shape {shapes[1]}"
                   + (f"; their columns are {g} blocks of {k}, in the order {', '.join(gates)}" if g > 1 else ""))
    return svg(width, y + 20, title, description, "".join(body))


def bidirectional(steps: int = 3) -> str:
    """Forward and backward layers over the same inputs, re-aligned and merged per step."""
    cell, width = 130, 120 + 130 * steps
    body = []
    for s in range(steps):
        x = 90 + s * cell
        t = str(s + 1)
        body += [
            text(x + 35, 262, sub("x", t), italic=True),
            arrow(x + 35, 248, x + 35, 200),
            f'<rect x="{x}" y="150" width="70" height="46" rx="8" stroke-width="1.5"/>',
            text(x + 35, 178, "←"),
            arrow(x + 10, 248, x + 10, 112, dashed=True),
            f'<rect x="{x}" y="66" width="70" height="46" rx="8" stroke-width="1.5"/>',
            text(x + 35, 94, "→"),
            arrow(x + 35, 64, x + 35, 32),
            text(x + 35, 22, sub("y", t) + " = merge(→, ←)", size=12, italic=True),
        ]
        if s < steps - 1:
            body += [arrow(x + 72, 89, x + cell - 4, 89), arrow(x + cell - 2, 173, x + 74, 173)]
    body += [text(45, 94, "forward", size=12), text(45, 178, "backward", size=12)]
    return svg(width, 275, f"Bidirectional over {steps} steps",
                "The forward layer reads x_1 to x_T left to right; the backward layer reads x_T to x_1 right to "
                "left. At each step t the two outputs for that step are merged into y_t.", "".join(body))
