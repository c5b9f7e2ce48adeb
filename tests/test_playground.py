"""The weight playground computes what rnnmath computes.

Two layers of proof:

- the widgets' math modules (docs/assets/playground/*.js), run by node,
  equal rnnmath on every preset and on random settings;
- in the real browser, on the real pages, a user's actions (typing weights,
  choosing an activation, editing the inputs, clicking a preset, pressing an
  arrow key on a slider) produce the numbers rnnmath computes, and each
  preset shows what the seed notebook printed.
"""

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

import rnnmath
from docs_tools.playground import FALLBACK, config
from rnnmath.seeds import EXPERIMENTS

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
PAGES = {"neuron": "neuron/", "layer": "layer/", "lstm": "lstm/"}
RANDOM_SETTINGS = 20


# ---- What rnnmath computes for a widget's settings


def nest(flat: dict, widget: str) -> dict:
    """The widget's flat control values ("kernel.0.1": 0.5) as the math modules take them."""
    items = config(widget)["params"]
    arrays = {}
    for item in items:  # the shape of each array: one past its largest index
        name, *index = item["path"]
        if index:
            arrays[name] = np.maximum(arrays.get(name, np.zeros(len(index), int)), np.array(index) + 1)
    params = {name: np.zeros(tuple(shape)) for name, shape in arrays.items()}
    for item in items:
        name, *index = item["path"]
        if index:
            params[name][tuple(index)] = flat[item["id"]]
        else:
            params[name] = flat[item["id"]]
    params = {k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in params.items()}
    for choice in config(widget)["choices"]:
        params[choice["id"]] = flat[choice["id"]]
    return params


def expected(widget: str, flat: dict, inputs: list) -> dict:
    """rnnmath's outputs for these settings, by the widget's series names.

    Random weights can make a linear LSTM overflow; that is part of what is
    compared (the widget must overflow too), not a reason to warn.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        return _expected(widget, flat, inputs)


def _expected(widget: str, flat: dict, inputs: list) -> dict:
    p = nest(flat, widget)
    x = np.array(inputs, dtype=float).reshape(1, -1, 1)
    if widget == "neuron":
        return {"y_t": rnnmath.unroll_neuron(inputs, p["w_x"], p["w_y"], p["b"], activation=p["activation"])}
    if widget == "layer":
        ys = rnnmath.simple_rnn(x, p["kernel"], p["recurrent_kernel"], p["bias"], activation=p["activation"],
                                return_sequences=True)[0]
        return {"y_t[1]": ys[:, 0], "y_t[2]": ys[:, 1]}
    kernel, recurrent, bias = (np.array([p[name]]) for name in ("kernel", "recurrent_kernel", "bias"))
    h, c, hs, cs = np.zeros((1, 1)), np.zeros((1, 1)), [], []
    for x_t in inputs:
        h, c = rnnmath.lstm_step([[x_t]], h, c, kernel, recurrent, bias[0],
                                 activation=p["activation"], recurrent_activation=p["recurrent_activation"])
        hs.append(h[0, 0])
        cs.append(c[0, 0])
    assert np.allclose(hs, rnnmath.lstm(x, kernel, recurrent, bias[0], activation=p["activation"],
                                        recurrent_activation=p["recurrent_activation"], return_sequences=True)[0, :, 0])
    return {"h_t": np.array(hs), "c_t": np.array(cs)}


def random_settings(widget: str, rng) -> tuple[dict, list]:
    """Random weights within the sliders' range, a random activation, random inputs."""
    flat = {}
    for item in config(widget)["params"]:
        flat[item["id"]] = float(np.round(rng.uniform(item["min"], item["max"]), 2))
    for choice in config(widget)["choices"]:
        flat[choice["id"]] = str(rng.choice(choice["options"]))
    inputs = [float(v) for v in np.round(rng.uniform(-3, 3, rng.integers(1, 7)), 2)]
    return flat, inputs


def presets(widget: str) -> list[tuple[dict, list, dict]]:
    return [(p["values"], p["inputs"], p) for p in config(widget)["presets"]]


def assert_close(shown: dict, wanted: dict, rtol: float):
    """Equal within rtol; where rnnmath overflows (a linear LSTM cubes its input), so must the widget."""
    assert set(shown) == set(wanted)
    for name in wanted:
        got, want = np.asarray(shown[name], dtype=float), np.asarray(wanted[name], dtype=float)
        finite = np.isfinite(want)
        assert got.shape == want.shape and not np.isfinite(got[~finite]).any(), (name, got, want)
        np.testing.assert_allclose(got[finite], want[finite], rtol=rtol, atol=1e-9 + rtol)


# ---- The math modules, run by node


def run_js(cases: list[dict]) -> list:
    script = ROOT / "tests" / "playground_eval.mjs"
    out = subprocess.run(["node", str(script)], input=json.dumps(cases), capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def as_series(widget: str, result) -> dict:
    if widget == "lstm":
        return {f"{s}_t": result[s] for s in config(widget)["layer"]["states"]}
    if widget == "layer":
        return {"y_t[1]": [y[0] for y in result], "y_t[2]": [y[1] for y in result]}
    return {"y_t": result}


@pytest.mark.parametrize("widget", sorted(PAGES))
def test_the_widget_math_equals_rnnmath(widget):
    rng = np.random.default_rng(sorted(PAGES).index(widget))
    settings = [(v, i) for v, i, _ in presets(widget)] + [random_settings(widget, rng) for _ in range(50)]
    layer = config(widget).get("layer")             # the table of layers' entry, as the page writes it
    cases = [{"widget": widget, "params": nest(flat, widget), "inputs": inputs, "layer": layer}
             for flat, inputs in settings]
    for (flat, inputs), result in zip(settings, run_js(cases)):
        assert_close(as_series(widget, result), expected(widget, flat, inputs), rtol=1e-9)


@pytest.mark.parametrize("widget", sorted(PAGES))
def test_every_preset_reproduces_its_seed(widget):
    for flat, inputs, preset in presets(widget):
        key = preset["label"].rsplit(" ", 1)[-1]
        printed = np.array(EXPERIMENTS[key].printed)
        series = expected(widget, flat, inputs)
        shown = series["y_t"][-1:] if widget == "neuron" else (
            np.array([series["y_t[1]"][-1], series["y_t[2]"][-1]]) if widget == "layer" else series["h_t"])
        np.testing.assert_allclose(shown, printed)


# ---- The widgets in the browser


def read_table(widget_root) -> dict:
    """The numbers the widget shows in its output table, by series."""
    cells = widget_root.locator("td[data-series]")
    shown = {}
    for i in range(cells.count()):
        cell = cells.nth(i)
        shown.setdefault(cell.get_attribute("data-series"), []).append(float(cell.inner_text()))
    return shown


def set_controls(widget_root, flat: dict, inputs: list):
    for key, value in flat.items():
        control = widget_root.locator(f'[data-param="{key}"]').last  # the number box or the select
        if isinstance(value, str):
            control.select_option(value)
        else:
            control.fill(repr(value))
    widget_root.locator('[data-param="inputs"]').fill(", ".join(repr(v) for v in inputs))


@pytest.fixture(scope="module")
def pages(browser, site_url):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    opened = {}

    def open_widget(widget):
        if widget not in opened:
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.goto(site_url + PAGES[widget], wait_until="networkidle")
            root = page.locator(f'.rnn-playground[data-widget="{widget}"][data-ready]')
            root.wait_for(timeout=10_000)
            opened[widget] = (page, root, errors)
        return opened[widget]

    yield open_widget
    context.close()


@pytest.mark.parametrize("widget", sorted(PAGES))
def test_presets_in_the_browser_show_the_seeds_numbers(pages, widget):
    page, root, errors = pages(widget)
    for p, (flat, inputs, _preset) in enumerate(presets(widget)):
        root.locator(f'button[data-preset="{p}"]').click()
        assert_close(read_table(root), expected(widget, flat, inputs), rtol=1e-5)
        assert "printed" in root.locator(".rnn-playground__status").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    root.screenshot(path=str(SCREENSHOTS / f"playground-{widget}.png"))
    assert errors == []


@pytest.mark.parametrize("widget", sorted(PAGES))
def test_random_settings_typed_into_the_browser_equal_rnnmath(pages, widget):
    page, root, errors = pages(widget)
    rng = np.random.default_rng(7 + len(widget))
    for _ in range(RANDOM_SETTINGS):
        flat, inputs = random_settings(widget, rng)
        set_controls(root, flat, inputs)
        assert_close(read_table(root), expected(widget, flat, inputs), rtol=1e-5)
    assert errors == []


@pytest.mark.parametrize("widget", sorted(PAGES))
def test_sliders_work_from_the_keyboard(pages, widget):
    page, root, _ = pages(widget)
    root.locator('button[data-preset="0"]').click()
    first = root.locator('input[type="range"]').first
    number = root.locator(f'input[type="number"][data-param="{first.get_attribute("data-param")}"]')
    before, table_before = float(number.input_value()), read_table(root)
    first.focus()
    page.keyboard.press("ArrowRight")
    assert float(number.input_value()) == pytest.approx(before + 0.05)
    assert read_table(root) != table_before
    label_for = root.locator(f'label[for="{number.get_attribute("id")}"]')
    assert label_for.count() == 1 and label_for.inner_text().strip()
    assert first.get_attribute("aria-label")


def test_the_widget_survives_instant_navigation_and_dark_mode(pages, site_url):
    page, root, errors = pages("neuron")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.locator('article a[href$="/notation/"]').first.click()  # instant navigation away …
    page.wait_for_url("**/notation/")
    page.go_back()  # … and back: the widget must be rebuilt
    page.locator('.rnn-playground[data-widget="neuron"][data-ready] td[data-series]').first.wait_for()
    page.locator('.rnn-playground[data-widget="neuron"]').screenshot(path=str(SCREENSHOTS / "playground-neuron-dark.png"))
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert errors == []


# ---- The widgets on a page opened from a file, as a downloaded copy of the site is read


def test_the_widget_works_from_a_file_url(browser, built_site):
    """From file:// the scripts must still run (no module scripts), and nothing is fetched from elsewhere."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    errors, elsewhere = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: r.url.startswith(("file:", "data:")) or elsewhere.append(r.url))
    url = (built_site / PAGES["layer"] / "index.html").as_uri()
    assert url.startswith("file://")
    page.goto(url, wait_until="load")
    root = page.locator('.rnn-playground[data-widget="layer"][data-ready="true"]')
    root.wait_for(timeout=10_000)
    assert FALLBACK not in root.inner_text()          # the script replaced the fallback text
    before = read_table(root)
    flat, inputs = random_settings("layer", np.random.default_rng(14))
    set_controls(root, flat, inputs)                  # and the widget answers what is typed
    after = read_table(root)
    assert after != before
    assert_close(after, expected("layer", flat, inputs), rtol=1e-5)
    root.locator('button[data-preset="1"]').click()
    assert "printed" in root.locator(".rnn-playground__status").inner_text()
    assert errors == [] and elsewhere == []
    context.close()


def test_the_fallback_says_what_is_needed(built_site):
    """Without JavaScript a reader sees the fallback text, in every widget the pages hold."""
    for widget, path in PAGES.items():
        html = (built_site / path / "index.html").read_text()
        assert f'data-widget="{widget}"' in html and FALLBACK in html
        assert 'type="module"' not in html           # a module script would not run from file://
