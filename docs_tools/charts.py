"""Line charts drawn as inline SVG when the site builds.

``line_chart`` plots a few series, each a list of x values and a list of y
values, on a linear x axis and a logarithmic (or linear) y axis. It is made
for the site's pictures of gradients that vanish or explode over time.

Like the diagrams in ``docs_tools.diagrams``, a chart reads in light and dark
mode: axes, tick labels and gridlines use ``currentColor``, and the series'
colours have at least 3:1 contrast on both white and #1e1e1e. Each series also
has its own dash pattern and marker shape, so that it can be told apart in
greyscale or by a reader who does not see its colour. Screen readers get the
caller's description plus a generated summary: each series' first and last
point.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from docs_tools.diagrams import svg, text

# (colour, dash pattern, marker): colours with >= 3:1 contrast on white and on #1e1e1e
STYLES = [
    ("#2b8cbe", "", "circle"),
    ("#d95f02", "7 4", "square"),
    ("#009e73", "2 3", "triangle"),
    ("#e7298a", "10 3 2 3", "diamond"),
    ("#9467bd", "4 2 4 6", "down"),
    ("#a6761d", "1 2", "cross"),
]

TICK_SIZE, LABEL_SIZE, LEGEND_SIZE, SUPER_SIZE = 13, 14, 13, 12
ENTRY_H, SAMPLE_W = 20, 34   # a legend entry's height, and the length of its line sample
MAX_MARKERS = 30        # more points than this: the line alone
SMALLEST = 1e-300       # below this a value is taken to have underflowed
MINUS = "\u2212"        # a real minus sign, as wide as a plus


@dataclass
class _Axis:
    """A linear map from data (or, on a log axis, its log10) onto pixels, rounded to 0.1 px."""
    lo: float
    hi: float
    start: float          # pixel of lo
    end: float            # pixel of hi
    log: bool = False

    def __call__(self, v: float) -> float:
        v = math.log10(v) if self.log else v
        return round(self.start + (v - self.lo) / (self.hi - self.lo) * (self.end - self.start), 1)


def _num(v: float) -> str:
    """A coordinate, to 1 decimal place, without a trailing .0."""
    return f"{round(v, 1):g}"


def _sig(v: float) -> str:
    """A value to 3 significant figures, for the screen-reader summary."""
    return f"{v:.3g}"


def _width(label: str, size: float) -> float:
    """A generous estimate of the width of ``label`` in pixels (no font metrics at build time)."""
    return 0.6 * size * len(label)


def _nice_ticks(lo: float, hi: float, most: int = 8) -> list[float]:
    """Ticks at multiples of 1, 2 or 5 x 10^k, covering [lo, hi], at most ``most`` of them.

    The smallest step that keeps to ``most`` ticks, so there are usually 5 to 8.

    >>> _nice_ticks(1, 80)
    [0.0, 20.0, 40.0, 60.0, 80.0]
    >>> _nice_ticks(-0.3, 1.1)
    [-0.5, 0.0, 0.5, 1.0, 1.5]
    """
    if hi == lo:
        pad = abs(lo) / 2 or 1.0
        lo, hi = lo - pad, hi + pad
    k = math.floor(math.log10((hi - lo) / most))
    for step in (m * 10.0 ** e for e in (k, k + 1, k + 2) for m in (1, 2, 5)):
        first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
        if last - first + 1 <= most:
            return [round(i * step, 12) + 0.0 for i in range(first, last + 1)]
    raise AssertionError("unreachable: a step of 10^(k+2) gives at most 2 ticks")  # pragma: no cover


def _decade_ticks(lo: float, hi: float, most: int = 8) -> tuple[int, int, int]:
    """The decades to draw for log10 values from ``lo`` to ``hi``: (first, last, label step).

    Every ``step``-th decade is labelled (step 1, 2, 5, 10, 20, ...), so that at
    most ``most`` are; the axis starts and ends on a labelled decade.

    >>> _decade_ticks(-4.2, -0.05)
    (-5, 0, 1)
    >>> _decade_ticks(-40, 20)
    (-40, 20, 10)
    """
    first, last = math.floor(lo), math.ceil(hi)
    if first == last:                            # all values the same power of 10
        first, last = first - 1, last + 1
    for step in (m * 10 ** e for e in range(6) for m in (1, 2, 5)):
        a, b = math.floor(first / step) * step, math.ceil(last / step) * step
        if (b - a) // step + 1 <= most:
            return a, b, step
    raise ValueError(f"too many decades: 10^{first} to 10^{last}")


def _linear_label(v: float, step: float) -> str:
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return f"{v:,.{decimals}f}".replace("-", MINUS)


def _power_label(k: int) -> str:
    exponent = f"{k}".replace("-", MINUS)
    return f'10<tspan baseline-shift="super" font-size="{SUPER_SIZE}">{exponent}</tspan>'


def _check(label: str, xs: Sequence[float], ys: Sequence[float], x_label: str, log_y: bool) -> list[tuple[float, float]]:
    """The series as (x, y) floats, or a ValueError naming the series and the bad point."""
    if len(xs) != len(ys):
        raise ValueError(f"series {label!r} has {len(xs)} x values but {len(ys)} y values")
    points = [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]
    if not points:
        raise ValueError(f"series {label!r} is empty")
    for x, y in points:
        if not math.isfinite(x):
            raise ValueError(f"series {label!r}: {x_label} = {x} is not a finite number")
        if not math.isfinite(y):
            raise ValueError(f"series {label!r}: the value at {x_label} = {x:g} is {y}, not a finite number")
        if log_y and y <= 0:
            raise ValueError(f"series {label!r}: the value at {x_label} = {x:g} is {y:g}; "
                             "a logarithmic axis needs values above 0")
        if log_y and y < SMALLEST:
            raise ValueError(f"series {label!r}: the value at {x_label} = {x:g} is {y:g}, below {SMALLEST:g}; "
                             "it has underflowed, so its logarithm means nothing")
    return points


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    """A small filled shape centred on (x, y)."""
    r = 3.2
    fill = f'fill="{colour}" stroke="none"'
    if kind == "circle":
        return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{r}" {fill}/>'
    shapes = {
        "square": [(-r, -r), (r, -r), (r, r), (-r, r)],
        "triangle": [(0, -1.3 * r), (1.2 * r, 0.9 * r), (-1.2 * r, 0.9 * r)],
        "diamond": [(0, -1.4 * r), (1.4 * r, 0), (0, 1.4 * r), (-1.4 * r, 0)],
        "down": [(0, 1.3 * r), (1.2 * r, -0.9 * r), (-1.2 * r, -0.9 * r)],
    }
    if kind in shapes:
        d = " ".join(f"{_num(x + dx)},{_num(y + dy)}" for dx, dy in shapes[kind])
        return f'<polygon points="{d}" {fill}/>'
    return (f'<path d="M{_num(x - r)},{_num(y - r)} L{_num(x + r)},{_num(y + r)} M{_num(x - r)},{_num(y + r)} '
            f'L{_num(x + r)},{_num(y - r)}" stroke="{colour}" stroke-width="1.8"/>')


def _crosses(box: tuple[float, float, float, float], lines: list[list[tuple[float, float]]]) -> bool:
    """Whether any line (a list of pixel points) passes through the box (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    for line in lines:
        for (ax, ay), (bx, by) in zip(line, line[1:] or line, strict=False):
            steps = max(1, int(max(abs(bx - ax), abs(by - ay)) / 2))
            for i in range(steps + 1):
                px, py = ax + (bx - ax) * i / steps, ay + (by - ay) * i / steps
                if x0 <= px <= x1 and y0 <= py <= y1:
                    return True
    return False


def _summary(data: dict[str, list[tuple[float, float]]], x_label: str, y_label: str, log_y: bool) -> str:
    scale = "on a logarithmic scale" if log_y else "on a linear scale"
    parts = [f"The chart plots {y_label} {scale} against {x_label}."]
    for label, points in data.items():
        (x0, y0), (x1, y1) = points[0], points[-1]
        parts.append(f"{label}: from {_sig(y0)} at {x_label} = {_sig(x0)} to {_sig(y1)} at {x_label} = {_sig(x1)}.")
    return " ".join(parts)


def _free_corner(data, lines, x_axis: _Axis, y_axis: _Axis) -> tuple[float, float, float, float] | None:
    """The first corner of the plot (top-left, top-right, bottom-left, bottom-right) where the
    legend's box crosses no line, as (x0, y0, x1, y1); None when there is none."""
    w = 8 + SAMPLE_W + 6 + max(_width(label, LEGEND_SIZE) for label in data) + 8
    h = 8 + ENTRY_H * len(data)
    left, right, top, bottom = x_axis.start + 6, x_axis.end - 6, y_axis.end + 6, y_axis.start - 6
    for x0, y0 in [(left, top), (right - w, top), (left, bottom - h), (right - w, bottom - h)]:
        if x0 >= left and y0 >= top and not _crosses((x0 - 4, y0 - 4, x0 + w + 4, y0 + h + 4), lines):
            return x0, y0, x0 + w, y0 + h
    return None


def _legend_rows(labels, width: float) -> list[list[tuple[str, float]]]:
    """Legend entries in equal columns across ``width`` pixels, below the plot: rows of (label, x offset)."""
    column = SAMPLE_W + 6 + max(_width(label, LEGEND_SIZE) for label in labels) + 18
    per_row = max(1, int(width // column))
    labels = list(labels)
    return [[(label, column * i) for i, label in enumerate(labels[r:r + per_row])]
            for r in range(0, len(labels), per_row)]


def _legend_entry(x: float, y: float, label: str, style: tuple[str, str, str], markers: bool) -> str:
    """A sample of a series' line (and marker), centred on height y, then its label."""
    colour, dash, marker = style
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<line x1="{_num(x)}" y1="{_num(y)}" x2="{_num(x + SAMPLE_W)}" y2="{_num(y)}" stroke="{colour}" '
            f'stroke-width="2" stroke-linecap="round"{dash_attr}/>'
            + (_marker(marker, x + SAMPLE_W / 2, y, colour) if markers else "")
            + text(_num(x + SAMPLE_W + 6), _num(y + 4.5), escape(label), size=LEGEND_SIZE, anchor="start"))


def _gridline(x1: float, y1: float, x2: float, y2: float, opacity: float, hole=None) -> str:
    """A faint line, broken where it would pass through the box ``hole`` (the legend's)."""
    spans = [(x1, y1, x2, y2)]
    if hole:
        hx0, hy0, hx1, hy1 = hole
        if y1 == y2 and hy0 <= y1 <= hy1:          # horizontal, through the legend
            spans = [(x1, y1, hx0, y2), (hx1, y1, x2, y2)]
        elif x1 == x2 and hx0 <= x1 <= hx1:        # vertical (y1 is the bottom)
            spans = [(x1, y1, x2, hy1), (x1, hy0, x2, y2)]
    return "".join(f'<line x1="{_num(a)}" y1="{_num(b)}" x2="{_num(c)}" y2="{_num(d)}" stroke-width="1" '
                   f'stroke-opacity="{opacity}"/>' for a, b, c, d in spans if abs(c - a) + abs(d - b) > 0.5)


def line_chart(series: dict[str, tuple[Sequence[float], Sequence[float]]], *, title: str, description: str,
               x_label: str, y_label: str, log_y: bool = True, width: int = 640, height: int = 380,
               caption: str | None = None) -> str:
    """A line chart of ``series`` (legend label: (xs, ys)) as a captioned inline SVG figure.

    ``description`` is the alt text; a summary of each series' first and last
    point is added to it. The legend goes in a corner of the plot that no line
    crosses, or below the plot when every corner is taken.

    Raises ValueError for no series, an empty series, a value that is not
    finite, or (on a log axis) a value that is not above 0 or has underflowed.
    """
    if not series:
        raise ValueError("a line chart needs at least one series")
    if len(series) > len(STYLES):
        raise ValueError(f"at most {len(STYLES)} series can be told apart; got {len(series)}")
    data = {label: _check(label, xs, ys, x_label, log_y) for label, (xs, ys) in series.items()}
    xs = [x for points in data.values() for x, _ in points]
    ys = [y for points in data.values() for _, y in points]

    # Ticks, in data terms (log10 of the data on a log axis); they set the axes' ranges
    x_ticks = _nice_ticks(min(xs), max(xs))
    x_labels = [(v, _linear_label(v, x_ticks[1] - x_ticks[0])) for v in x_ticks]
    if log_y:
        first, last, step = _decade_ticks(math.log10(min(ys)), math.log10(max(ys)))
        y_ticks = list(range(first, last + 1, step))
        y_labels = [(k, _power_label(k)) for k in y_ticks]
        label_widths = [_width("10", TICK_SIZE) + _width(str(k), SUPER_SIZE) for k in y_ticks]
        if step == 1 and last - first <= 3:      # a few decades: fainter gridlines at 2..9 x 10^k
            minor = [k + math.log10(m) for k in range(first, last) for m in range(2, 10)]
            minor_gap = math.log10(10 / 9)      # the closest two of them, in decades
        else:                                    # many: at each decade without a label
            minor = [k for k in range(first, last + 1) if (k - first) % step]
            minor_gap = 1
    else:
        y_ticks = _nice_ticks(min(ys), max(ys))
        y_labels = [(v, _linear_label(v, y_ticks[1] - y_ticks[0])) for v in y_ticks]
        label_widths = [_width(label, TICK_SIZE) for _, label in y_labels]
        minor, minor_gap = [], 1

    # Margins: room on the left for the y label and the widest y tick label, on the right for
    # half the last x tick label, below for the x tick labels and the x label (and the legend,
    # if it has to go there)
    left = math.ceil(8 + LABEL_SIZE + 10 + max(label_widths) + 8)
    right = math.ceil(max(14.0, _width(x_labels[-1][1], TICK_SIZE) / 2 + 4))
    top, below_axis = 16, 8 + TICK_SIZE + 8 + LABEL_SIZE + 12

    def axes(bottom: float):
        x_axis = _Axis(x_ticks[0], x_ticks[-1], left, width - right)
        y_axis = _Axis(y_ticks[0], y_ticks[-1], height - bottom, top, log=log_y)
        lines = [[(x_axis(x), y_axis(y)) for x, y in points] for points in data.values()]
        return x_axis, y_axis, lines

    x_axis, y_axis, lines = axes(below_axis)
    box = _free_corner(data, lines, x_axis, y_axis)
    rows = []
    if box is None:                              # no free corner: a legend below the plot
        rows = _legend_rows(data, x_axis.end - x_axis.start)
        x_axis, y_axis, lines = axes(below_axis + ENTRY_H * len(rows) + 4)
    plot_bottom = y_axis.start

    body = []
    # Gridlines: faint, and fainter still between decades
    unit_px = (y_axis.start - y_axis.end) / (y_ticks[-1] - y_ticks[0])   # pixels per decade
    for m in minor:
        if unit_px * minor_gap >= 6:             # no gridlines closer together than 6 px
            y = y_axis(10 ** m if log_y else m)
            body.append(_gridline(x_axis.start, y, x_axis.end, y, 0.07, box))
    for v, markup in y_labels:
        y = y_axis(10 ** v if log_y else v)
        body.append(_gridline(x_axis.start, y, x_axis.end, y, 0.15, box))
        body.append(f'<line x1="{_num(x_axis.start - 5)}" y1="{_num(y)}" x2="{_num(x_axis.start)}" y2="{_num(y)}"/>')
        body.append(text(_num(x_axis.start - 8), _num(y + 4.5), markup, size=TICK_SIZE, anchor="end"))
    for v, label in x_labels:
        x = x_axis(v)
        body.append(_gridline(x, plot_bottom, x, y_axis.end, 0.15, box))
        body.append(f'<line x1="{_num(x)}" y1="{_num(plot_bottom)}" x2="{_num(x)}" y2="{_num(plot_bottom + 5)}"/>')
        body.append(text(_num(x), _num(plot_bottom + 8 + TICK_SIZE), escape(label), size=TICK_SIZE))

    # The axes and their labels
    body.append(f'<path d="M{_num(x_axis.start)},{_num(y_axis.end)} V{_num(plot_bottom)} H{_num(x_axis.end)}" '
                'stroke-width="1.2"/>')
    x_label_y = plot_bottom + 8 + TICK_SIZE + 8 + LABEL_SIZE
    body.append(text(_num((x_axis.start + x_axis.end) / 2), _num(x_label_y), escape(x_label), size=LABEL_SIZE))
    y_mid, y_x = _num((y_axis.start + y_axis.end) / 2), 8 + LABEL_SIZE - 2
    body.append(f'<g transform="rotate(-90 {y_x} {y_mid})">{text(y_x, y_mid, escape(y_label), size=LABEL_SIZE)}</g>')

    # The series: a line each, with markers when there are few points
    for (label, points), line, (colour, dash, marker) in zip(data.items(), lines, STYLES, strict=False):
        coords = " ".join(f"{_num(x)},{_num(y)}" for x, y in line)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(f'<polyline points="{coords}" stroke="{colour}" stroke-width="2" stroke-linejoin="round" '
                    f'stroke-linecap="round"{dash_attr}><title>{escape(label)}</title></polyline>')
        if len(points) <= MAX_MARKERS:
            body.extend(_marker(marker, x, y, colour) for x, y in line)

    # The legend: in its box in a corner of the plot, or in rows below the x label
    legend, styles = [], dict(zip(data, STYLES, strict=False))
    if box:
        x0, y0, x1, y1 = box
        legend.append(f'<rect x="{_num(x0)}" y="{_num(y0)}" width="{_num(x1 - x0)}" height="{_num(y1 - y0)}" '
                      'rx="4" stroke-width="1" stroke-opacity="0.3"/>')
        for i, label in enumerate(data):
            legend.append(_legend_entry(x0 + 8, y0 + 4 + ENTRY_H * (i + 0.5), label, styles[label],
                                        len(data[label]) <= MAX_MARKERS))
    for r, row in enumerate(rows):
        for label, dx in row:
            legend.append(_legend_entry(x_axis.start + dx, x_label_y + 10 + ENTRY_H * (r + 0.5), label,
                                        styles[label], len(data[label]) <= MAX_MARKERS))
    body.append(f'<g class="legend">{"".join(legend)}</g>')

    description = description.strip()
    if description and description[-1] not in ".!?":
        description += "."
    summary = _summary(data, x_label, y_label, log_y)
    return svg(width, height, title, f"{description} {summary}".strip(), "".join(body), caption=caption)
