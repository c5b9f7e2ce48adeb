"""The PyTorch pages (14 to 16) and the fourth gradient check, beyond what the strict build checks.

The build fails if a number on these pages disagrees with torch; these
tests check that the built pages show what they must: every gate of every
layer of the table in the Rosetta table, each public question answered,
and a PyTorch column on every backpropagation page.
"""

import html
import re

import numpy as np
import pytest
import torch

import rnnmath
import rnnmath.torch
from docs_tools import gradients
from rnnmath import convert, layers, torch_layout

ISSUES = [
    "keras-team/keras/issues/8720", "pytorch/pytorch/issues/3587", "pytorch/pytorch/issues/74291",
    "pytorch/pytorch/issues/36905", "pytorch/pytorch/issues/518", "pytorch/pytorch/issues/50698",
    "pytorch/pytorch/issues/19675", "tensorflow/tensorflow/issues/29622", "keras-team/keras/issues/10179",
]


def table_rows(page_html: str) -> list[list[str]]:
    """Every row of every table on a built page, as the text of its cells."""
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", page_html, re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        rows.append([html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def read(site, page):
    return (site / page / "index.html").read_text()


def test_the_rosetta_table_lists_every_gate_of_every_layer(built_site):
    rows = table_rows(read(built_site, "rosetta"))
    for name, table in layers.LAYERS.items():
        torch_letters = torch_layout.torch_gates(name)
        order = torch_layout.torch_block_order(name)
        for j, gate in enumerate(table.gates):
            wanted = [name, f"{gate}: {table.gate_names[gate]}", None, torch_letters[order.index(j)]]
            assert any(r[:2] == wanted[:2] and r[3] == wanted[3] for r in rows if len(r) == 5), (name, gate)
        gate_order = [r for r in rows if r[:1] == ["gate order"]]
        if table.gates:
            assert [", ".join(table.gates), ", ".join(torch_letters)] in [[r[2], r[4]] for r in gate_order], name


def test_the_rosetta_table_shows_every_row_of_torch_layout(built_site):
    rows = table_rows(read(built_site, "rosetta"))
    for name in layers.LAYERS:
        for r in torch_layout.rosetta(name):
            assert any(row[0] == r.concept and row[2] == r.keras and row[5] == r.torch_shape for row in rows
                       if len(row) == 6), (name, r)


def test_every_public_question_is_linked_and_answered(built_site):
    page = read(built_site, "rosetta")
    for issue in ISSUES:
        assert f'href="https://github.com/{issue}"' in page, issue
    answers = {row[0]: row[1] for row in table_rows(page) if len(row) == 3}
    two_biases = next(a for q, a in answers.items() if "36905" in q or "two biases" in q)
    assert str(sum(p.numel() for p in torch.nn.LSTM(8, 5).parameters())) in two_biases
    assert str(rnnmath.count_params("LSTM", 8, 5)) in two_biases


def test_the_counting_table_of_page_14_is_torch_s_own_count(built_site):
    rows = {r[0]: r for r in table_rows(read(built_site, "pytorch")) if len(r) == 6}
    for name, torch_name in torch_layout.TORCH_NAMES.items():
        label = name + (", reset_after=True" if name == "GRU" else "")
        theirs = sum(p.numel() for p in getattr(torch.nn, torch_name)(8, 5).parameters())
        assert rows[label][4] == str(theirs), label


@pytest.mark.parametrize("page", ["bptt", "bptt-matrix", "bptt-gated", "vanishing-gradients"])
def test_every_backpropagation_page_checks_against_pytorch(built_site, page):
    text = read(built_site, page)
    assert "largest difference, rnnmath vs PyTorch" in text
    assert "Check it four ways" in text and "three ways" not in text


def test_the_fourth_check_fails_when_torch_disagrees(monkeypatch):
    rng = np.random.default_rng(0)
    beta, T, n, k = 2, 3, 2, 2
    weights = [rng.uniform(-1, 1, (n, 3 * k)), rng.uniform(-1, 1, (k, 3 * k)), rng.uniform(-1, 1, (2, 3 * k))]
    args = dict(initial_state=[rng.uniform(-1, 1, (beta, k))])
    X, E = rng.normal(size=(beta, T, n)), rng.normal(size=(beta, T, k))
    assert all(r["torch_gap"] < 1e-12 for r in gradients.four_ways("GRU", X, weights, E, **args))

    right = convert.keras_to_torch

    def blocks_in_keras_order(layer, weights, **options):   # the mistake of keras-team/keras#8720
        state = right(layer, weights, **options)
        return {name: np.concatenate([v[k:2 * k], v[:k], v[2 * k:]]) for name, v in state.items()}

    monkeypatch.setattr(convert, "keras_to_torch", blocks_in_keras_order)
    with pytest.raises(AssertionError, match="rnnmath and PyTorch differ"):
        gradients.four_ways("GRU", X, weights, E, **args)


def test_the_fourth_check_says_why_torch_has_no_such_layer():
    rng = np.random.default_rng(1)
    weights = [rng.uniform(-1, 1, (1, 1)), rng.uniform(-1, 1, (1, 1))]
    results = gradients.four_ways("SimpleRNN", rng.normal(size=(1, 3, 1)), weights, rng.normal(size=(1, 1)),
                                  initial_state=[np.zeros((1, 1))], activation="linear")
    assert all(r["torch"] is None for r in results)
    assert "No PyTorch column" in gradients.table(results) and "'linear'" in gradients.table(results)
