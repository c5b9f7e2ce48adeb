"""Every lab executes without error, its key numbers match rnnmath, and its
solutions stay folded.

Each lab is executed once per test run, by the function the site's build
uses (``_execute`` in hooks/notebooks.py), so a lab that passes here is the
lab the build publishes. A small code cell tagged ``key-number``, at the
end of a section, prints one line of JSON holding numbers the section
showed: seed outputs, Keras outputs, parameter counts. The tests below
recompute each of them with rnnmath, here, from the seeds' data
(``rnnmath.seeds``) or from the recipe the lab states, so a lab showing a
wrong number fails, and each lab must print exactly the keys its test
expects, so a lab cannot drop a check without this file noticing.

The record cells are plumbing, not lessons: mkdocs.yml removes them from
the site (mkdocs-jupyter's ``remove_tag_config``), and no other cell prints
JSON. A solution is a Markdown ``<details><summary>Solution</summary>``
followed by its check, a cell tagged ``solution`` that starts with the
lab's ``%%folded`` magic: it shows its code and what it printed inside a
closed ``<details>``, the site drops the cell's own copy of the code, and
Jupyter and Colab collapse it, so no answer shows before the reader opens
something.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import numpy as np
import pytest
import yaml

import rnnmath
from reference import uneven
from rnnmath.seeds import EXPERIMENTS, SUMMARIES

ROOT = Path(__file__).resolve().parents[1]
LABS = sorted((ROOT / "docs" / "labs").glob("*.ipynb"))
TAG = "key-number"
SOLUTION = "solution"

# Keras computes in float32 and the labs print 6 decimals.
CLOSE = dict(rtol=1e-5, atol=2e-5)


def _hook():
    spec = importlib.util.spec_from_file_location("notebooks_hook", ROOT / "hooks" / "notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def executed(tmp_path_factory):
    """A lab's executed notebook, by name; each lab executes once per session."""
    import nbformat
    from mkdocs.exceptions import PluginError

    hook, cache = _hook(), {}

    def execute(name: str):
        if name not in cache:
            target = tmp_path_factory.mktemp("labs") / f"{name}.ipynb"
            try:
                hook._execute(ROOT / "docs" / "labs" / f"{name}.ipynb", target)
            except PluginError as error:
                pytest.fail(str(error), pytrace=False)
            cache[name] = nbformat.read(target, as_version=4)
        return cache[name]

    return execute


def key_numbers(notebook) -> dict:
    """The JSON lines printed by the cells tagged key-number, merged."""
    numbers = {}
    for cell in notebook.cells:
        if cell.cell_type != "code" or TAG not in cell.metadata.get("tags", []):
            continue
        stdout = "".join(o.get("text", "") for o in cell.outputs
                         if o.get("output_type") == "stream" and o.get("name") == "stdout")
        found = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
        assert found, f"a cell tagged {TAG} printed no JSON line:\n{cell.source}"
        assert len(found) == len(stdout.splitlines()), f"a cell tagged {TAG} prints only JSON:\n{stdout}"
        for entry in found:
            assert not set(entry) & set(numbers), f"key printed twice: {set(entry) & set(numbers)}"
            numbers.update(entry)
    return numbers


# ---------------------------------------------------------------- every lab


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.stem)
def test_lab_executes_without_error(lab, executed):
    notebook = executed(lab.stem)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", cell.source
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                assert "Traceback" not in output["text"], output["text"]


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.stem)
def test_every_lab_has_its_key_numbers_checked(lab):
    assert lab.stem in CHECKS, f"add a check of {lab.name}'s key numbers to {Path(__file__).name}"
    cells = json.loads(lab.read_text())["cells"]
    assert any(TAG in c["metadata"].get("tags", []) for c in cells), f"{lab.name} tags no cell {TAG}"


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.stem)
def test_key_numbers_match_rnnmath(lab, executed):
    if lab.stem not in CHECKS:
        pytest.fail(f"no check of {lab.name}'s key numbers in {Path(__file__).name}")
    CHECKS[lab.stem](key_numbers(executed(lab.stem)))


# ---------------------------------------------------------------- what the reader sees


def _cells(lab):
    return json.loads(lab.read_text())["cells"]


def _source(cell):
    return "".join(cell["source"])


def _tags(cell):
    return cell["metadata"].get("tags", [])


def test_the_site_hides_the_records_and_the_checks_code():
    """mkdocs-jupyter drops the record cells, and the checks' own copy of their code."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    jupyter = next(p["mkdocs-jupyter"] for p in config["plugins"] if isinstance(p, dict) and "mkdocs-jupyter" in p)
    # mkdocs-jupyter 0.26 passes only the first tag of each list to nbconvert.
    assert jupyter["remove_tag_config"] == {"remove_cell_tags": [TAG], "remove_input_tags": [SOLUTION]}


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.stem)
def test_lab_keeps_its_records_out_of_the_lessons(lab):
    for cell in _cells(lab):
        text = _source(cell)
        if cell["cell_type"] == "code" and TAG in _tags(cell):
            lines = text.splitlines()
            # a comment, then only the record: import json, print(json.dumps(…))
            assert lines[0].startswith("# ") and lines[1] == "import json", text
            assert lines[2].startswith("print(json.dumps(") and text.endswith("))"), text
        else:
            assert "json" not in text, f"only the cells tagged {TAG} print JSON:\n{text}"
            assert not re.search(r"\b(?:site's|the) tests\b", text), f"the labs do not talk about the tests:\n{text}"


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.stem)
def test_lab_folds_its_solutions_and_their_checks(lab):
    cells = _cells(lab)
    folded = [_source(c) for c in cells if "def folded(" in _source(c)]
    assert len(folded) == 1, "define %%folded once, in the set-up"
    for other in LABS:  # the same %%folded in every lab
        assert folded[0] in [_source(c) for c in _cells(other)], other.name
    solutions = 0
    for i, cell in enumerate(cells):
        text = _source(cell)
        if cell["cell_type"] == "markdown" and "<details" in text:
            assert text.startswith("<details><summary>Solution</summary>\n") and text.endswith("</details>"), text
            assert text.count("<details") == 1 and "???" not in text and "success" not in text
            solutions += 1
            after = cells[i + 1]
            assert SOLUTION in _tags(after), f"the solution's check follows it, folded:\n{text}"
        if cell["cell_type"] == "code" and (SOLUTION in _tags(cell) or text.startswith("%%folded")):
            assert SOLUTION in _tags(cell) and re.match(r"%%folded \S", text), text
            assert cell["metadata"].get("jupyter") == {"source_hidden": True}, text  # JupyterLab
            assert cell["metadata"].get("cellView") == "form", text                  # Colab
    assert solutions, f"{lab.name}: its exercises need folded solutions"


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.stem)
def test_lab_checks_show_nothing_outside_their_fold(lab, executed):
    for cell in executed(lab.stem).cells:
        if SOLUTION not in cell.metadata.get("tags", []):
            continue
        shown = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
        assert len(shown) == 1 and shown[0].output_type == "display_data", cell.source
        html = shown[0].data["text/html"]
        assert re.match(r"<details><summary>[^<]+</summary>", html) and html.endswith("</details>"), html[:200]
        assert html.count("</details>") == 1


# ---------------------------------------------------------------- understanding-weights


def check_understanding_weights(numbers):
    seed_keys = ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "C1", "C2"]
    assert set(numbers) == {*seed_keys, "hypothesis_1", "counts", "gates", "C2_from_h0"}

    # Seed 003's experiments: what Keras gave in the lab is what rnnmath and the seed give.
    for key in seed_keys:
        experiment = EXPERIMENTS[key]
        np.testing.assert_array_equal(numbers[key], experiment.run(), err_msg=key)
        np.testing.assert_array_equal(numbers[key], experiment.printed, err_msg=key)

    # Hypothesis #1: the outputs for w_y = 0…5, and where "x_T + w_y·(sum of the rest)" fails.
    outputs = numbers["hypothesis_1"]
    assert set(outputs) == {"3, 3, 7", "1, 1, 2"}
    for name, ys in outputs.items():
        inputs = [float(v) for v in name.split(",")]
        assert len(ys) == 6
        for w_y, y in enumerate(ys):
            assert y == rnnmath.unroll_neuron(inputs, 1.0, float(w_y), activation="linear")[-1]
            assert (y == inputs[-1] + w_y * sum(inputs[:-1])) == (w_y in (0, 1))
    assert outputs["3, 3, 7"][3] == 43 != 7 + 3 * (3 + 3)

    # Part B: n·k + k·k (+ k), and the seed's k + k² where it applies.
    for n, k, use_bias, count in numbers["counts"]:
        assert count == rnnmath.count_params("SimpleRNN", n, k, use_bias=use_bias)
        if n == 1 and not use_bias:
            assert count == k + k * k
    assert any(use_bias for *_, use_bias, _ in numbers["counts"])

    # Part C: the kernel [1, 0, 1, 1] named i, f, c, o.
    blocks = rnnmath.split_gates("LSTM", np.array([[1.0, 0.0, 1.0, 1.0]]))
    assert numbers["gates"] == {name: float(block[0, 0]) for name, block in blocks.items()}
    assert list(numbers["gates"]) == ["i", "f", "c", "o"]

    # C2 from a non-zero state: h_t = h_0^(3^t).
    start = numbers["C2_from_h0"]
    x = EXPERIMENTS["C2"].x
    state = [np.array([[start["h0"]]]), np.array([[start["c0"]]])]
    ours = rnnmath.lstm(x, [[0.0, 0.0, 0.0, 0.0]], [[1.0, 0.0, 1.0, 1.0]], initial_state=state,
                        activation="linear", recurrent_activation="linear", return_sequences=True).ravel()
    np.testing.assert_allclose(start["keras"], ours, rtol=1e-4)
    np.testing.assert_allclose(ours, start["h0"] ** (3.0 ** np.arange(1, len(ours) + 1)), rtol=1e-9)


# ---------------------------------------------------------------- keras-in-numpy
#
# The lab draws every input and weight with its `uneven` helper, the recipe of
# tests/reference.py, from np.random.default_rng(<the printed "rng">): the
# inputs first, then the weights in get_weights() order, then the initial
# state. Seed 001's sequence is the seed's own, RandomState(42).randn(1, 10, 3).


def check_keras_in_numpy(numbers):
    assert set(numbers) == {"seed001", "seed004", "lstm", "gru", "relu", "go_backwards", "lstm_initial_state"}

    # Seed 001's model, and the same model with activation="relu" (Your turn, 1).
    case = numbers["seed001"]
    rng = np.random.default_rng(case["rng"])
    T, n, k, K = 10, 3, 5, 2
    X = np.random.RandomState(42).randn(1, T, n).astype(np.float32)
    W_x, W_y, b = uneven(rng, (n, k)), uneven(rng, (k, k)), uneven(rng, (k,))
    W_o, b_o = uneven(rng, (k, K)), uneven(rng, (K,))
    expected = rnnmath.simple_rnn(X, W_x, W_y, b) @ W_o + b_o
    assert np.shape(case["predict"]) == expected.shape
    np.testing.assert_allclose(case["predict"], expected, **CLOSE)

    assert numbers["relu"]["rng"] == case["rng"]
    relu = rnnmath.simple_rnn(X, W_x, W_y, b, activation="relu") @ W_o + b_o
    assert np.shape(numbers["relu"]["predict"]) == relu.shape
    np.testing.assert_allclose(numbers["relu"]["predict"], relu, **CLOSE)
    assert not np.allclose(relu, expected, **CLOSE)

    # Seed 004's cell, forwards, and on the steps reversed (Your turn, 2).
    case = numbers["seed004"]
    rng = np.random.default_rng(case["rng"])
    beta, T, n, k = case["beta"], case["T"], case["n"], case["k"]
    x = uneven(rng, (beta, T, n)).astype(np.float32)
    weights = [uneven(rng, shape) for shape in rnnmath.weight_shapes("SimpleRNN", n, k)]
    Y_0 = uneven(rng, (beta, k)).astype(np.float32)
    expected = rnnmath.simple_rnn(x, *weights, initial_state=Y_0, return_sequences=True)
    assert np.shape(case["outputs"]) == expected.shape == (beta, T, k)
    np.testing.assert_allclose(case["outputs"], expected, **CLOSE)

    assert numbers["go_backwards"]["rng"] == case["rng"]
    backwards = rnnmath.simple_rnn(x[:, ::-1], *weights, initial_state=Y_0, return_sequences=True)
    assert np.shape(numbers["go_backwards"]["outputs"]) == backwards.shape
    np.testing.assert_allclose(numbers["go_backwards"]["outputs"], backwards, **CLOSE)
    # Keras returns the steps in the order it computed them, X_T's first.
    np.testing.assert_allclose(backwards, rnnmath.simple_rnn(
        x, *weights, initial_state=Y_0, go_backwards=True, return_sequences=True), rtol=1e-12)

    # The LSTM, from zeros and from [H_0, C_0] (Your turn, 3).
    case = numbers["lstm"]
    rng = np.random.default_rng(case["rng"])
    beta, T, n, k = case["beta"], case["T"], case["n"], case["k"]
    x = uneven(rng, (beta, T, n))
    weights = [uneven(rng, shape) for shape in rnnmath.weight_shapes("LSTM", n, k)]
    expected = rnnmath.lstm(x, *weights, return_sequences=True)
    assert np.shape(case["outputs"]) == expected.shape == (beta, T, k)
    np.testing.assert_allclose(case["outputs"], expected, **CLOSE)

    start = numbers["lstm_initial_state"]
    assert start["rng"] == case["rng"]
    rng = np.random.default_rng(start["state_rng"])
    x = uneven(rng, (beta, T, n))
    H_0, C_0 = uneven(rng, (beta, k)), uneven(rng, (beta, k))
    expected = rnnmath.lstm(x, *weights, initial_state=[H_0, C_0], return_sequences=True)
    assert np.shape(start["outputs"]) == expected.shape == (beta, T, k)
    np.testing.assert_allclose(start["outputs"], expected, **CLOSE)

    case = numbers["gru"]
    rng = np.random.default_rng(case["rng"])
    beta, T, n, k = case["beta"], case["T"], case["n"], case["k"]
    x = uneven(rng, (beta, T, n))
    W_x, W_h, b = [uneven(rng, shape) for shape in rnnmath.weight_shapes("GRU", n, k)]
    after = rnnmath.gru(x, W_x, W_h, b, return_sequences=True)
    before = rnnmath.gru(x, W_x, W_h, b[0] + b[1], reset_after=False, return_sequences=True)
    assert np.shape(case["reset_after"]) == np.shape(case["reset_before"]) == (beta, T, k)
    np.testing.assert_allclose(case["reset_after"], after, **CLOSE)
    np.testing.assert_allclose(case["reset_before"], before, **CLOSE)
    assert not np.allclose(after, before, **CLOSE)


# ---------------------------------------------------------------- count-parameters


def _count(record):
    return rnnmath.count_params(record["layer"], record["n"], record["k"],
                                use_bias=record.get("use_bias", True),
                                reset_after=record.get("reset_after", True),
                                bidirectional=record.get("bidirectional", False))


def _check_model(model):
    """Each layer's count is rnnmath's, the total adds up, and each n is the width below it."""
    layers = model["layers"]
    for record in layers:
        assert record["keras"] == _count(record), record
    assert model["total"] == sum(record["keras"] for record in layers)
    for below, above in zip(layers, layers[1:]):
        assert above["n"] == below["k"] * (2 if below.get("bidirectional") else 1), (below, above)


def check_count_parameters(numbers):
    assert set(numbers) == {"summary_001", "summary_002", "rule", "bidirectional", "stack", "exercise"}

    for seed in ("001", "002"):
        model, summary = numbers[f"summary_{seed}"], SUMMARIES[seed]
        _check_model(model)
        assert [(r["layer"], r["k"]) for r in model["layers"]] == [(kind, k) for kind, k, _ in summary.layers]
        assert model["layers"][0]["n"] == summary.input_shape[-1]
        assert tuple(r["keras"] for r in model["layers"]) == summary.printed
        assert model["total"] == summary.printed_total

    rule = numbers["rule"]
    for record in rule:
        assert record["keras"] == _count(record), record
    assert {(r["layer"], r.get("reset_after", True)) for r in rule} == {
        ("SimpleRNN", True), ("LSTM", True), ("GRU", True), ("GRU", False), ("Dense", True)}

    for name in ("bidirectional", "stack", "exercise"):
        _check_model(numbers[name])
    assert any(r.get("bidirectional") for r in numbers["stack"]["layers"])
    assert numbers["exercise"]["total"] == sum(_count(r) for r in numbers["exercise"]["layers"])


def check_why_gates_matter(numbers):
    """The lab's sizes are the page's, and its claim holds: at T = 5 every layer learns the task."""
    page = re.search(r"^STEPS, BETA, K = (\d+), (\d+), (\d+)$", (ROOT / "docs" / "gates.md").read_text(), re.M)
    assert (numbers["steps"], numbers["beta"], numbers["units"]) == tuple(map(int, page.groups()))
    from rnnmath.layers import LAYERS

    assert set(numbers["short"]) == set(LAYERS)
    for accuracy in numbers["short"].values():
        assert 0.95 < accuracy <= 1 and float(accuracy * 256).is_integer()   # measured on 256 sequences


def check_loss_for_loss(numbers):
    """Both curves are recorded: the gap the lab shows is theirs, below 1e-6 at every step, and it trains."""
    ours, fit = np.array(numbers["losses"]), np.array(numbers["fit"])
    assert len(ours) == len(fit) == numbers["steps"] == 20
    assert np.abs(ours - fit).max() == numbers["adam_gap"] < 1e-6
    assert ours[-1] < ours[0]


CHECKS = {
    "understanding-weights": check_understanding_weights,
    "keras-in-numpy": check_keras_in_numpy,
    "count-parameters": check_count_parameters,
    "why-gates-matter": check_why_gates_matter,
    "loss-for-loss": check_loss_for_loss,
}
