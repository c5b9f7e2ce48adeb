"""The line charts of docs_tools.charts: parsed as SVG, and checked for what a reader would see."""

import math
import re
import xml.etree.ElementTree as ET
from itertools import pairwise

import pytest

from docs_tools.charts import line_chart

SVG = "{http://www.w3.org/2000/svg}"
T = list(range(1, 81))


def chart(series, **kwargs):
    """The chart's <svg> element, parsed."""
    options = {"title": "Gradient norm", "description": "How the gradient changes with T",
               "x_label": "T", "y_label": "‖∂L/∂h₀‖", **kwargs}
    html = line_chart(series, **options)
    match = re.search(r"<svg\b.*</svg>", html, re.DOTALL)
    assert match, html
    return ET.fromstring(match.group(0))


def polylines(root):
    """Each series' line, as a list of (x, y) pixel points."""
    return [[tuple(map(float, p.split(","))) for p in line.get("points").split()]
            for line in root.iter(f"{SVG}polyline")]


def all_text(element) -> str:
    return "".join(element.itertext())


def y_tick_labels(root):
    """The y axis's tick labels: the text right-aligned at the left of the plot."""
    return [t for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end"]


GRADIENTS = {
    "ρ = 0.9": (T, [0.9 ** t for t in T]),
    "ρ = 1.1": (T, [1.1 ** t for t in T]),
    "‖∂L/∂h₀‖": (T[:30], [2.0 ** -t for t in T[:30]]),
}


def test_it_parses_with_a_title_and_a_description_for_screen_readers():
    root = chart(GRADIENTS)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Gradient norm"
    desc = root.find(f"{SVG}desc").text
    assert "How the gradient changes with T" in desc
    assert "ρ = 0.9: from 0.9 at T = 1 to 0.000218 at T = 80." in desc      # 0.9**80 = 2.18e-4
    assert "ρ = 1.1: from 1.1 at T = 1 to 2.05e+03 at T = 80." in desc      # 1.1**80 = 2048.4
    assert "‖∂L/∂h₀‖: from 0.5 at T = 1 to 9.31e-10 at T = 30." in desc     # 2**-30
    assert desc in root.get("aria-label")


def test_one_polyline_per_series_with_a_point_per_value():
    lines = polylines(chart(GRADIENTS))
    assert [len(line) for line in lines] == [80, 80, 30]


def test_on_a_log_axis_halving_is_a_straight_line():
    (line,) = polylines(chart({"halving": (list(range(12)), [2.0 ** -i for i in range(12)])}))
    xs, ys = zip(*line, strict=True)
    steps = [b - a for a, b in pairwise(ys)]
    assert all(step > 0 for step in steps)                    # going down the page
    assert max(steps) - min(steps) <= 0.2                      # equal steps, to the 0.1 px rounding
    x_steps = [b - a for a, b in pairwise(xs)]
    assert max(x_steps) - min(x_steps) <= 0.2


def test_on_a_linear_axis_halving_is_not_straight():
    (line,) = polylines(chart({"halving": (list(range(12)), [2.0 ** -i for i in range(12)])}, log_y=False))
    ys = [y for _, y in line]
    steps = [b - a for a, b in pairwise(ys)]
    assert steps[0] > 10 * steps[-1]


@pytest.mark.parametrize("log_y", [True, False])
def test_larger_values_are_drawn_higher(log_y):
    ys = [3.0, 0.01, 50.0, 7.0, 1e-3, 0.5]
    (line,) = polylines(chart({"values": (list(range(len(ys))), ys)}, log_y=log_y))
    by_value = [y for _, y in sorted(zip(ys, (py for _, py in line), strict=True))]
    assert by_value == sorted(by_value, reverse=True)          # larger value, smaller SVG y
    assert len(set(by_value)) == len(by_value)


@pytest.mark.parametrize("series", [
    GRADIENTS,
    {"wide": (T, [10.0 ** (20 - 0.75 * t) for t in T])},         # 10^19 down to 10^-40
    {"negative x": ([-5, -2, 0, 3], [4.0, 9.0, 1.0, 2.0])},
])
def test_every_point_lies_inside_the_view_box(series):
    for log_y in (True, False):
        root = chart(series, log_y=log_y)
        _, _, width, height = map(float, root.get("viewBox").split())
        for line in polylines(root):
            for x, y in line:
                assert 0 <= x <= width and 0 <= y <= height


def test_every_series_label_is_in_the_legend():
    root = chart(GRADIENTS)
    legend = root.find(f".//{SVG}g[@class='legend']")
    assert legend is not None
    labels = [all_text(t) for t in legend.iter(f"{SVG}text")]
    assert labels == list(GRADIENTS)


def test_the_legend_goes_below_the_plot_when_lines_fill_every_corner():
    x = list(range(61))
    series = {"down": (x, [10.0 ** (20 - t) for t in x]), "up": (x, [10.0 ** (t - 40) for t in x]),
              "top": (x, [1e19] * 61), "bottom": (x, [1e-39] * 61)}
    root = chart(series)
    legend = root.find(f".//{SVG}g[@class='legend']")
    assert [all_text(t) for t in legend.iter(f"{SVG}text")] == list(series)
    lowest_point = max(y for line in polylines(root) for _, y in line)
    assert all(float(t.get("y")) > lowest_point + 20 for t in legend.iter(f"{SVG}text"))
    _, _, _, height = map(float, root.get("viewBox").split())
    assert all(float(t.get("y")) <= height for t in root.iter(f"{SVG}text"))


def test_a_sixty_decade_range_has_at_most_8_y_labels_written_as_powers_of_ten():
    root = chart({"wide": (T, [10.0 ** (20 - 0.75 * t) for t in T])})     # 10^19.25 to 10^-40
    labels = y_tick_labels(root)
    assert 3 <= len(labels) <= 8
    for label in labels:
        (power,) = label.iter(f"{SVG}tspan")
        assert label.text == "10" and power.get("baseline-shift") == "super"
    exponents = [int(all_text(label)[2:].replace("−", "-")) for label in labels]
    assert exponents[0] <= -40 and exponents[-1] >= 20
    assert len({b - a for a, b in pairwise(exponents)}) == 1   # evenly spaced
    heights = [float(label.get("y")) for label in labels]
    assert min(a - b for a, b in pairwise(heights)) >= 20        # no collisions


def test_a_linear_axis_has_nice_ticks():
    root = chart({"loss": (list(range(50)), [2.3 * math.exp(-i / 10) for i in range(50)])}, log_y=False)
    values = [float(all_text(label).replace("−", "-").replace(",", "")) for label in y_tick_labels(root)]
    assert 4 <= len(values) <= 8
    step = values[1] - values[0]
    assert all(math.isclose(b - a, step) for a, b in pairwise(values))
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m) for m in (1, 2, 5))
    assert values[0] <= 2.3 * math.exp(-4.9) and values[-1] >= 2.3


@pytest.mark.parametrize(("ys", "log_y", "words"), [
    ([1.0, 0.5, 0.0, 0.1], True, ["above 0", "T = 3"]),
    ([1.0, -0.5, 0.2, 0.1], True, ["above 0", "T = 2"]),
    ([1.0, 0.5, math.nan, 0.1], True, ["nan", "T = 3"]),
    ([1.0, 0.5, math.nan, 0.1], False, ["nan", "T = 3"]),
    ([1.0, math.inf, 0.2, 0.1], True, ["inf", "T = 2"]),
    ([1.0, 1e-310, 0.2, 0.1], True, ["underflow", "T = 2"]),
])
def test_values_a_chart_cannot_show_raise_naming_the_series_and_the_point(ys, log_y, words):
    with pytest.raises(ValueError, match="ρ = 0.9") as error:
        line_chart({"fine": ([1, 2, 3, 4], [1, 2, 3, 4]), "ρ = 0.9": ([1, 2, 3, 4], ys)}, title="t",
                   description="d", x_label="T", y_label="y", log_y=log_y)
    for word in words:
        assert word in str(error.value)


def test_an_empty_series_raises_naming_it():
    with pytest.raises(ValueError, match="ρ = 0.9.*empty"):
        line_chart({"ρ = 0.9": ([], [])}, title="t", description="d", x_label="T", y_label="y")


def test_no_series_at_all_raises():
    with pytest.raises(ValueError, match="at least one series"):
        line_chart({}, title="t", description="d", x_label="T", y_label="y")


def test_unequal_lengths_raise_naming_the_series():
    with pytest.raises(ValueError, match="ρ = 0.9"):
        line_chart({"ρ = 0.9": ([1, 2, 3], [1, 2])}, title="t", description="d", x_label="T", y_label="y")


def test_series_differ_in_colour_and_in_dash_pattern():
    lines = list(chart(GRADIENTS).iter(f"{SVG}polyline"))
    assert len({line.get("stroke") for line in lines}) == 3
    assert len({line.get("stroke-dasharray") for line in lines}) == 3


def test_markers_only_for_short_series():
    few = chart({"few": ([1, 2, 3], [1.0, 2.0, 3.0])})
    many = chart({"many": (T, [1.0 + t for t in T])})
    def marks(root):
        return sum(1 for tag in ("circle", "polygon", "path") for e in root.iter(f"{SVG}{tag}")
                   if e.get("fill", "").startswith("#"))
    assert marks(few) == 3 + 1                                  # a marker per point, one in the legend
    assert marks(many) == 0


def test_coordinates_have_at_most_one_decimal():
    html = line_chart(GRADIENTS, title="t", description="d", x_label="T", y_label="y")
    for points in re.findall(r'points="([^"]*)"', html):
        assert not re.search(r"\.\d\d", points)


@pytest.mark.parametrize("series", [
    GRADIENTS,
    {"rising": (T, [1.05 ** t for t in T]), "falling": (T, [0.95 ** t for t in T])},
    {"up then down": ([0, 1, 2, 3, 4], [1.0, 10.0, 100.0, 10.0, 1.0])},
])
def test_a_legend_inside_the_plot_crosses_no_line(series):
    root = chart(series)
    box = root.find(f".//{SVG}g[@class='legend']/{SVG}rect")
    assert box is not None                                      # these all have a free corner
    x0, y0 = float(box.get("x")), float(box.get("y"))
    x1, y1 = x0 + float(box.get("width")), y0 + float(box.get("height"))
    for line in polylines(root):
        for (ax, ay), (bx, by) in pairwise(line):
            for i in range(101):
                px, py = ax + (bx - ax) * i / 100, ay + (by - ay) * i / 100
                assert not (x0 <= px <= x1 and y0 <= py <= y1), (px, py)
