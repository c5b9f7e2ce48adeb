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
from rnnmath.layers import LAYERS

# A gate's colour is its position in its layer's order: the first block of every layer is blue.
_PALETTE = ("#5c6bc0", "#ef6c00", "#2e7d32", "#8e24aa")
GATE_COLOURS = {"": _PALETTE[0]} | {gate: _PALETTE[j] for layer in LAYERS.values() for j, gate in enumerate(layer.gates)}
GATE_NAMES = {gate: name for layer in LAYERS.values() for gate, name in layer.gate_names.items()}


_count = itertools.count(1)


def svg(width: int, height: int, title: str, description: str, body: str, caption: str | None = None) -> str:
    """The SVG at its natural size (shrinking to fit a narrow screen), in a captioned figure.

    The caption is the title, or ``caption`` (HTML) when a diagram needs a
    longer explanation, such as a key to its line styles and colours.

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
        f"{body.replace('url(#arrow)', f'url(#{marker})')}</svg>"
        + (f'<figcaption class="long">{caption}</figcaption>' if caption else f"<figcaption>{escape(title)}</figcaption>")
        + "</figure>"
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
    return f'{symbol}<tspan baseline-shift="sub" font-size="12">{index}</tspan>'


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
    entry = rnnmath.layers.get(layer)
    gates = entry.gates or ("",)
    g = len(gates)
    unit, gap, left = 24, 64, 130
    width = max(left + g * k * unit + 40, 480)
    recurrent = entry.states[0]                         # W_y multiplies y_{t−1}; W_h multiplies h_{t−1}
    rows = [("kernel", "x", shapes[0]), ("recurrent_kernel", recurrent, shapes[1])]
    body, y = [], 30
    for name, index, (n_rows, n_cols) in rows:
        height = n_rows * unit
        body.append(text(left - 14, y + height / 2 + 2, sub("W", index), anchor="end", italic=True))
        body.append(text(left - 14, y + height / 2 + 18, name, size=12, anchor="end"))
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
    """Forward and backward layers over the same inputs, their outputs for each step merged into Y_t.

    X_t has one arrow to each layer's box; each box's output goes up to the step's merge, which
    outputs Y_t. Where an arrow crosses the other layer's recurrence it is broken, so that no
    line runs through a box or reads as joined to another.
    """
    from docs_tools.bidir_diagrams import _directed  # that module imports this one

    def label(symbol: str, index: str) -> str:  # 16 px, with a 12 px subscript
        return f'{symbol}<tspan baseline-shift="sub" font-size="12">{index}</tspan>'

    def broken(x1, y1, x2, y2, gap_y=None, gap=7) -> str:
        """An arrow from (x1, y1) to (x2, y2), broken where it crosses the height gap_y."""
        if gap_y is None:
            return arrow(x1, y1, x2, y2)
        def at(y):
            return x1 + (x2 - x1) * (y - y1) / (y2 - y1)
        below, above = gap_y + gap, gap_y - gap          # y grows downwards; arrows go up
        return (f'<line x1="{x1}" y1="{y1}" x2="{at(below):.1f}" y2="{below}" stroke-width="1.5"/>'
                + arrow(round(at(above), 1), above, x2, y2))

    cell, margin, box_w, box_h = 180, 30, 76, 44
    y_out, merge_top, merge_h = 24, 60, 34             # Y_t's label, the merge box
    f_top, b_top, x_label = 150, 230, 342              # the forward row, the backward row, X_t's label
    f_mid, b_mid = f_top + box_h / 2, b_top + box_h / 2
    width = 2 * margin + cell * steps
    body = []
    for s in range(steps):
        cx = margin + cell / 2 + s * cell
        t = str(s + 1)
        f_x, b_x = cx - 8 - box_w, cx + 8               # forward box left of centre, backward right
        f_c, b_c = f_x + box_w / 2, b_x + box_w / 2
        body += [
            # X_t: one arrow to each layer
            text(cx, x_label, label("X", t), size=16, italic=True),
            broken(cx - 6, x_label - 18, f_c, f_top + box_h + 3, b_mid if s > 0 else None),
            arrow(cx + 6, x_label - 18, b_c, b_top + box_h + 3),
            # the two layers
            f'<rect x="{f_x}" y="{f_top}" width="{box_w}" height="{box_h}" rx="8" stroke-width="1.5"/>',
            text(f_c, f_mid + 5, "forward", size=13),
            f'<rect x="{b_x}" y="{b_top}" width="{box_w}" height="{box_h}" rx="8" stroke-width="1.5"/>',
            text(b_c, b_mid + 5, "backward", size=13),
            # their outputs for step t, merged
            arrow(f_c, f_top - 2, f_c, merge_top + merge_h + 3),
            _directed(f_c - 30, merge_top + merge_h + 34, t, "right", size=16, sub_size=12),
            broken(b_c, b_top - 2, b_c, merge_top + merge_h + 3, f_mid if s < steps - 1 else None),
            _directed(b_c + 7, merge_top + merge_h + 34, t, "left", size=16, sub_size=12),
            f'<rect x="{cx - 66}" y="{merge_top}" width="132" height="{merge_h}" rx="8" stroke-width="1.5"/>',
            text(cx, merge_top + merge_h / 2 + 5, "merge", size=13),
            arrow(cx, merge_top - 2, cx, y_out + 12),
            text(cx, y_out, label("Y", t), size=16, italic=True),
        ]
        if s < steps - 1:                               # forward: step t to t + 1; backward: t + 1 to t
            body += [arrow(f_x + box_w + 2, f_mid, f_x + cell - 3, f_mid),
                     arrow(b_x + cell - 2, b_mid, b_x + box_w + 3, b_mid)]
    last = "T" if steps > 4 else str(steps)
    return svg(width, x_label + 12, f"Bidirectional over {steps} steps: two layers, merged at each step",
               f"Each input X_t goes to both layers, by two separate arrows. The forward layer reads X_1 to "
               f"X_{last}, passing its output to the next step on the right; the backward layer reads X_{last} "
               "to X_1, passing its output to the step on its left. At each step t, the forward layer's output "
               "for step t and the backward layer's output for step t go up to a merge, which outputs Y_t.",
               "".join(body))
