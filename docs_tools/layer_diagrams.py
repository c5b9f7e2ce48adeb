"""Diagrams for the layer and batch pages, drawn as inline SVG at build time.

They follow ``docs_tools/diagrams.py``: the page's text colour
(``currentColor``), a title and a description for screen readers, and the
same figure frame. Colours mark neurons: neuron j's edges and column j of
Keras's arrays share a colour. Each figure's caption explains what its
lines and colours mean, for every reader, not only for screen readers.
No text is smaller than 12 px at the diagram's natural size.
"""

from __future__ import annotations

import math
from html import escape

from docs_tools.diagrams import arrow, svg, text

NEURON_COLOURS = ("#5c6bc0", "#ef6c00", "#2e7d32", "#8e24aa")
COLOUR_NAMES = ("blue", "orange", "green", "purple")
_SMALL = 'baseline-shift="sub" font-size="12"'


def _swatch(j: int) -> str:
    """A small square in neuron j's colour (0-based), followed by the colour's name."""
    colour = NEURON_COLOURS[j]
    return f'<span style="color:{colour}">&#9632;</span>&nbsp;{COLOUR_NAMES[j]}'


def _bold(symbol: str) -> str:
    return f'<tspan font-weight="bold" font-style="normal">{symbol}</tspan>'


def _entry(symbol: str, step: str, index: int | None = None) -> str:
    """(𝐲_{t−1})_{j′} as SVG text: bold symbol, step subscript, then the entry's index."""
    vector = f'{_bold(symbol)}<tspan {_SMALL}>{step}</tspan>'
    if index is None:
        return vector
    return f'({vector})<tspan {_SMALL}>{index}</tspan>'


def _edge(x1, y1, x2, y2, colour, shorten, dashed=False) -> str:
    """An arrow from (x1, y1) towards (x2, y2), stopping ``shorten`` before it."""
    length = math.hypot(x2 - x1, y2 - y1)
    ex, ey = x2 - (x2 - x1) * shorten / length, y2 - (y2 - y1) * shorten / length
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    return (f'<line x1="{x1}" y1="{y1}" x2="{ex:.1f}" y2="{ey:.1f}" stroke="{colour}" stroke-width="1.6" '
            f'marker-end="url(#arrow)"{dash}/>')


def wiring(n: int = 1, k: int = 2) -> str:
    """One step of a layer of k neurons: who reads what, and where Keras stores each weight.

    Left: the n input features (solid lines) and the k previous outputs
    (dashed lines), each wired to every neuron. Right: Keras's ``kernel``
    (n × k) and ``recurrent_kernel`` (k × k) as grids. Neuron j's edges and
    column j of both grids share a colour.
    """
    if k > len(NEURON_COLOURS):
        raise ValueError(f"wiring() draws at most {len(NEURON_COLOURS)} neurons; got k = {k}.")
    gap, top = 78, 46
    sources = [(_entry("x", "t", i + 1), False) for i in range(n)]
    sources += [(_entry("y", "t−1", i + 1), True) for i in range(k)]
    ys = [top + s * gap for s in range(len(sources))]
    span = ys[-1] - ys[0]
    neuron_ys = [ys[0] + span * (j + 0.5) / k for j in range(k)]
    sx, nx, r = 104, 330, 24
    body = []
    for y, (label, _) in zip(ys, sources):
        body.append(text(sx - 12, y + 5, label, anchor="end"))
        body.append(f'<circle cx="{sx}" cy="{y}" r="3" fill="currentColor" stroke="none"/>')
    for j, ny in enumerate(neuron_ys):
        colour = NEURON_COLOURS[j]
        for y, (_, recurrent) in zip(ys, sources):
            body.append(_edge(sx + 4, y, nx, ny, colour, r + 3, dashed=recurrent))
        body += [
            f'<circle cx="{nx}" cy="{ny}" r="{r}" stroke="{colour}" stroke-width="2"/>',
            text(nx, ny + 6, "φ", size=16),
            text(nx, ny - r - 8, f"neuron {j + 1}", size=13),
            arrow(nx + r + 2, ny, nx + r + 42, ny),
            text(nx + r + 48, ny + 5, _entry("y", "t", j + 1), anchor="start"),
        ]

    # Keras's two arrays, one column per neuron.
    gx, cw, ch, label_w = 520, 92, 30, 64
    x0 = gx + label_w
    y = 30
    for name, rows in (("kernel", [_entry("x", "t", i + 1) for i in range(n)]),
                       ("recurrent_kernel", [_entry("y", "t−1", i + 1) for i in range(k)])):
        body.append(text(x0, y, f"{name}  ({len(rows)} × {k})", size=14, anchor="start"))
        y += 20
        for j in range(k):
            body.append(text(x0 + cw * (j + 0.5), y, f"neuron {j + 1}", size=12))
        y += 8
        for i, row_label in enumerate(rows):
            body.append(text(x0 - 8, y + ch / 2 + 5, row_label, size=14, anchor="end"))
            for j in range(k):
                colour = NEURON_COLOURS[j]
                body.append(f'<rect x="{x0 + cw * j}" y="{y}" width="{cw}" height="{ch}" fill="{colour}" '
                            f'fill-opacity="0.18" stroke="{colour}" stroke-width="1.5"/>')
                body.append(text(x0 + cw * (j + 0.5), y + ch / 2 + 5, f"[{i}, {j}]", size=13))
            y += ch
        y += 36
    width = x0 + cw * k + 16
    height = max(ys[-1] + 30, y - 20)
    title = f"Which weight feeds which neuron: a layer of k = {k} neurons reading n = {n} input"
    title += "" if n == 1 else "s"
    description = (
        f"Every neuron reads all {n} input feature(s), along solid lines, and all {k} previous outputs, "
        "along dashed lines. Edges into neuron j and column j of kernel and of recurrent_kernel share a "
        "colour: column j holds neuron j's weights. Row l of kernel holds the weights on input feature l; "
        "row j′ of recurrent_kernel holds the weights on neuron j′'s previous output. Indices are Python's, "
        "from 0."
    )
    neurons = ", ".join(f"{_swatch(j)} neuron {j + 1}" for j in range(k))
    caption = (
        f"{escape(title)}. <strong>Solid lines</strong> carry the input "
        f"{'feature' if n == 1 else 'features'} (<b>x</b><sub><i>t</i></sub>)<sub><i>l</i></sub>, weighted by "
        "<code>kernel</code>; <strong>dashed lines</strong> carry the previous outputs "
        "(<b>y</b><sub><i>t</i>−1</sub>)<sub><i>i</i></sub>, weighted by <code>recurrent_kernel</code>. "
        f"<strong>Colours</strong> are neurons ({neurons}): the lines into neuron <i>j</i> and column "
        "<i>j</i> of both arrays, which holds its weights, share its colour. Entries are numbered from 0, "
        "as in Python."
    )
    return svg(width, height, title, description, "".join(body), caption=caption)


def _cell_label(t: int, i: int) -> str:
    # The superscript (i) is moved back over the subscript t, as in x_t^(i).
    return (f'{_bold("x")}<tspan {_SMALL}>{t}</tspan>'
            f'<tspan dx="-6" baseline-shift="super" font-size="12">({i})</tspan>')


def layouts(beta: int = 3, steps: int = 4, t: int = 2) -> str:
    """The same inputs stored batch-major (β, T, n) and time-major (T, β, n), with X_t marked in both."""
    colour = NEURON_COLOURS[0]
    cw, ch = 58, 34
    body = []

    def grid(x0, y0, n_rows, n_cols, cell, row_label, col_label, marked):
        for r in range(n_rows):
            body.append(text(x0 - 10, y0 + r * ch + ch / 2 + 5, row_label(r), size=13, anchor="end"))
            for c in range(n_cols):
                on = marked(r, c)
                fill = f'fill="{colour}" fill-opacity="0.22"' if on else ""
                stroke = f'stroke="{colour}" stroke-width="2"' if on else 'stroke-width="1"'
                body.append(f'<rect x="{x0 + c * cw}" y="{y0 + r * ch}" width="{cw}" height="{ch}" {fill} {stroke}/>')
                body.append(text(x0 + c * cw + cw / 2, y0 + r * ch + ch / 2 + 5, cell(r, c), size=15))
        for c in range(n_cols):
            body.append(text(x0 + c * cw + cw / 2, y0 - 8, col_label(c), size=12))

    # Batch-major: row i is sequence i, column t is step t.
    lx, ty = 112, 74
    body.append(text(lx, 22, "batch-major  (β, T, n): Keras", size=14, anchor="start"))
    body.append(text(lx, 40, "inputs[i−1, t−1] is sequence i, step t", size=12, anchor="start"))
    grid(lx, ty, beta, steps, lambda r, c: _cell_label(c + 1, r + 1), lambda r: f"sequence {r + 1}",
         lambda c: f"t = {c + 1}", lambda r, c: c == t - 1)
    mark_x = lx + (t - 1) * cw + cw / 2
    bottom = ty + beta * ch
    body.append(text(mark_x, bottom + 22, f"X<tspan {_SMALL}>{t}</tspan> = inputs[:, {t - 1}]", size=14))
    body.append(text(mark_x, bottom + 40, "one cell from each sequence", size=12))

    # Time-major: row t is step t, column i is sequence i.
    rx = lx + steps * cw + 130
    body.append(text(rx, 22, "time-major  (T, β, n)", size=14, anchor="start"))
    body.append(text(rx, 40, "inputs_tm[t−1, i−1] is step t, sequence i", size=12, anchor="start"))
    grid(rx, ty, steps, beta, lambda r, c: _cell_label(r + 1, c + 1), lambda r: f"t = {r + 1}",
         lambda c: f"seq. {c + 1}", lambda r, c: r == t - 1)
    row_y = ty + (t - 1) * ch + ch / 2 + 5
    body.append(text(rx + beta * cw + 12, row_y - 8, f"X<tspan {_SMALL}>{t}</tspan> = inputs_tm[{t - 1}]",
                      size=14, anchor="start"))
    body.append(text(rx + beta * cw + 12, row_y + 10, "one block in memory", size=12, anchor="start"))
    width = rx + beta * cw + 190
    height = max(bottom + 56, ty + steps * ch + 20)
    description = (
        f"Left: a batch of {beta} sequences of {steps} steps stored batch-major, one row per sequence; "
        f"each cell is one step's vector of n features. The cells of step {t}, which form X_{t}, are one "
        f"column, one cell in each row. Right: the same cells stored time-major, one row per step; X_{t} is "
        "one row, stored contiguously. transpose(1, 0, 2) turns one layout into the other."
    )
    title = "The same batch in two layouts"
    x_t = f"<i>X</i><sub>{t}</sub>"
    caption = (
        f"{title}. Each cell is one step of one sequence, a vector of <i>n</i> features. "
        f"<strong>Batch-major</strong> (left, Keras's order): each row is a sequence, so {x_t}, "
        f"step {t} of every sequence, is a <em>column</em>, one cell from each row. "
        f"<strong>Time-major</strong> (right): each row is a step, so {x_t} is one row. "
        "<code>transpose(1, 0, 2)</code> turns one layout into the other."
    )
    return svg(width, height, title, description, "".join(body), caption=caption)
