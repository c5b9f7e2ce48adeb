"""Every page of the ladder reads the same way: short, one convention, and code a reader can copy.

- It opens with "You need / You will get" and a summary box.
- Its prose is at most MAX_WORDS words (code, math and tables not counted).
- It follows the notation page's index and derivative convention, where a
  regular expression can tell.
- The code it shows, block after block, runs in a fresh Python that has
  only numpy, rnnmath and the page's framework: no `docs_tools`, and no name
  that only a hidden block defines.

These read the Markdown sources; only the last test runs code.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys

import pages
import pytest

LADDER = pages.derivation_pages() + pages.part("Frameworks")
EVERY_PAGE = sorted(pages.DOCS.glob("*.md"))
MAX_WORDS = 1800
# What a reader needs installed to run the shown code: numpy, rnnmath and one framework.
ALLOWED_IMPORTS = {"numpy", "rnnmath", "keras", "tensorflow", "torch"} | set(sys.stdlib_module_names)


def ids(path):
    return path.name


def math_of(text: str) -> list[str]:
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    return [a or b for a, b in re.findall(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", text, flags=re.S)]


@pytest.mark.parametrize("page", LADDER, ids=ids)
def test_page_opens_with_what_it_needs_and_gives(page):
    head = page.read_text().split("\n## ", 1)[0]
    assert re.search(r"^\*\*You need:\*\* .+", head, re.M), f"{page.name}: no '**You need:**' line before the first section"
    assert re.search(r"\*\*You will get:\*\* .+", head), f"{page.name}: no '**You will get:**' before the first section"
    summary = re.search(r'^!!! abstract "Summary"\n((?:    .*\n|\n)+)', head, re.M)
    assert summary, f'{page.name}: no !!! abstract "Summary" box before the first section'
    assert "$$" in summary.group(1), f"{page.name}: the summary box has no displayed equation"


@pytest.mark.parametrize("page", EVERY_PAGE, ids=ids)
def test_page_prose_is_short(page):
    words = pages.prose_words(page)
    assert words <= MAX_WORDS, f"{page.name}: {words} words of prose; split it (at most {MAX_WORDS})"


def test_word_count_counts_prose_only():
    text = "One two three.\n\n```python\nnot counted at all\n```\n\n$$x + y$$ and $z$ four\n\n| a | b |\n"
    assert len(re.findall(r"[A-Za-z][A-Za-z'’-]*", pages.prose(text))) == 5


# ---- One convention: t step, i sequence, j unit, l input feature; d total, ∂ immediate

# A sequence of the batch is numbered i, in a superscript in parentheses.
SEQUENCE_SUPERSCRIPT = re.compile(r"\^\{?\(([a-z])\)")
# The loss's gradient with respect to a parameter is a total derivative, over every path: d, not ∂.
PARTIAL_LOSS_BY_PARAMETER = re.compile(
    r"\\partial\s*(?:L|\\mathcal\{L\})[^{}]{0,12}\}\s*\{\s*\\partial\s*(?:W|U|V|\\vb|b|\\vw|w)(?![a-zA-Z])"
    r"|\\partial\s*(?:L|\\mathcal\{L\})\s*/\s*\\partial\s*(?:W|U|V|\\vb|b|\\vw|w)(?![a-zA-Z])"
)
# "h" is the state, never the name of a gate block: W_{xh}, W_{hh}, b_{hh} are banned in math.
# The total derivative's d is upright, as the notation page writes it: \mathrm{d}L, not an italic dL.
ITALIC_D = re.compile(r"\\frac\{d\s*[A-Za-z\\]|(?<![\\A-Za-z{])d\s*(?:\\v[a-z]|[LWXYHCSA](?![a-zA-Z]))")
H_AS_A_GATE = re.compile(r"(?:W|\\vb|b)_\{[xh]h\}")
PAGE_BY_NUMBER = re.compile(r"\b[Pp]ages? \d+\b|\[\d+\. [A-Z]")


@pytest.mark.parametrize("page", EVERY_PAGE, ids=ids)
def test_sequences_are_numbered_i(page):
    for tex in math_of(page.read_text()):
        for letter in SEQUENCE_SUPERSCRIPT.findall(tex):
            assert letter == "i", f"{page.name}: sequence superscript ({letter}) in ${tex}$; the notation page numbers sequences i"


@pytest.mark.parametrize("page", EVERY_PAGE, ids=ids)
def test_gradients_of_the_loss_by_a_parameter_are_total(page):
    for tex in math_of(page.read_text()):
        assert not PARTIAL_LOSS_BY_PARAMETER.search(tex), (
            f"{page.name}: ∂L/∂(parameter) in ${tex}$; the gradient of the loss is total: write \\mathrm{{d}}L")


def test_docstrings_write_total_gradients_with_an_upright_d():
    for path in sorted((pages.ROOT / "rnnmath").glob("*.py")):
        for tex in re.findall(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", path.read_text(), flags=re.S):
            tex = tex[0] or tex[1]
            assert not PARTIAL_LOSS_BY_PARAMETER.search(tex), f"{path.name}: ∂L/∂(parameter) in ${tex}$"
            assert not ITALIC_D.search(tex), f"{path.name}: italic d in ${tex}$; write \\mathrm{{d}}"


@pytest.mark.parametrize("page", EVERY_PAGE, ids=ids)
def test_the_total_derivative_is_an_upright_d(page):
    for tex in math_of(page.read_text()):
        assert not ITALIC_D.search(tex), f"{page.name}: italic d in ${tex}$; write \\mathrm{{d}}"


@pytest.mark.parametrize("page", EVERY_PAGE, ids=ids)
def test_no_subscript_uses_h_for_a_gate(page):
    for tex in math_of(page.read_text()):
        assert not H_AS_A_GATE.search(tex), f"{page.name}: {H_AS_A_GATE.search(tex).group()} in ${tex}$; h is the state"


@pytest.mark.parametrize("page", EVERY_PAGE, ids=ids)
def test_pages_are_named_not_numbered(page):
    """Page numbers change when the ladder does; a link says the page's title."""
    found = PAGE_BY_NUMBER.search(pages.prose(page.read_text()))
    assert not found, f"{page.name}: '{found.group()}'; refer to a page by its title and a link"


LINK_BY_NUMBER = re.compile(r"\[\d+\.\s+[A-Z][^\]]*\]\(")
REFERENCE_AND_DOCSTRINGS = sorted(pages.DOCS.glob("reference/*.md")) + sorted((pages.ROOT / "rnnmath").glob("*.py"))


@pytest.mark.parametrize("path", REFERENCE_AND_DOCSTRINGS, ids=ids)
def test_reference_and_docstrings_link_pages_by_title(path):
    """The API reference and the docstrings it is built from name a page by its title, too."""
    text = path.read_text()
    found = LINK_BY_NUMBER.search(text) or PAGE_BY_NUMBER.search(pages.prose(text) if path.suffix == ".md" else "")
    assert not found, f"{path.name}: '{found.group()}'; link a page by its title, without its number"


def test_the_convention_checks_catch_the_old_forms():
    assert SEQUENCE_SUPERSCRIPT.findall(r"\vx_t^{(r)}") == ["r"]
    assert PARTIAL_LOSS_BY_PARAMETER.search(r"\frac{\partial L}{\partial W_y}")
    assert PARTIAL_LOSS_BY_PARAMETER.search(r"\partial L/\partial V")
    assert not PARTIAL_LOSS_BY_PARAMETER.search(r"\frac{\partial L_t}{\partial \vy_t}")
    assert ITALIC_D.search(r"\frac{d L}{d w_y}") and not ITALIC_D.search(r"\frac{\mathrm{d}L}{\mathrm{d}w_y}")
    assert ITALIC_D.search(r"d\vy_T / d\vy_0") and not ITALIC_D.search(r"\mathrm{d}\vy_T / \mathrm{d}\vy_0")
    assert not ITALIC_D.search(r"\texttt{dL}") and not ITALIC_D.search(r"\mathbf{d}")
    assert H_AS_A_GATE.search(r"X_t W_{xh}") and not H_AS_A_GATE.search(r"X_t W_{xc}")
    assert PAGE_BY_NUMBER.search("as page 10 shows") and PAGE_BY_NUMBER.search("[6. LSTM](lstm.md)")
    assert LINK_BY_NUMBER.search("Pages: [6. LSTM](../lstm.md)") and not LINK_BY_NUMBER.search("[LSTM](../lstm.md)")
    assert not LINK_BY_NUMBER.search("array([0.  , 0.5 ])")


# ---- Code a reader can copy

def shown_code(page) -> str:
    return "\n\n".join(pages.shown_code(page))


def imported_modules(code: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("page", EVERY_PAGE, ids=ids)
def test_shown_code_imports_only_numpy_rnnmath_and_a_framework(page):
    extra = imported_modules(shown_code(page)) - ALLOWED_IMPORTS
    assert not extra, f"{page.name}: the code shown imports {sorted(extra)}; hide presentation helpers in a block the reader does not see"


def test_shown_code_is_what_the_reader_sees():
    text = ('```python exec="on" session="s" source="block"\nx = 1\n```\n'
            '```python exec="on" session="s"\nfrom docs_tools import hidden\n```\n'
            '    ```pycon\n    >>> y = x + 1\n    >>> y\n    2\n    ```\n'
            '```bash\npip install rnnmath\n```\n')
    shown = [code for info, code in pages.blocks(text) if pages.is_shown(info)]
    assert shown == ["x = 1", ">>> y = x + 1\n>>> y\n2"]
    assert pages.pycon_to_python(shown[1]) == "y = x + 1\ny"


@pytest.mark.build
@pytest.mark.parametrize("page", [p for p in EVERY_PAGE if pages.shown_code(p)], ids=ids)
def test_shown_code_runs_as_shown(page, tmp_path):
    """The page's shown blocks, in order, as one script, in a fresh interpreter outside the project."""
    script = tmp_path / f"{page.stem}.py"
    script.write_text(shown_code(page))
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONPATH": ""}
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, env=env,
                            timeout=600)
    assert result.returncode == 0, f"{page.name}: the code shown on the page fails when run as shown:\n{result.stderr[-3000:]}"


def test_the_home_page_ladder_is_the_nav_order():
    """The home page's ladder lists the pages of the nav's Derivations and Frameworks, in nav order."""
    ladder = pages.DOCS.joinpath("index.md").read_text().split("{#ladder}", 1)[1].split("\n## ", 1)[0]
    linked = [name for name in re.findall(r"\]\(([a-z-]+\.md)\)", ladder) if pages.DOCS.joinpath(name) in LADDER]
    assert linked == [p.name for p in LADDER], "the home page's ladder and the nav disagree on the order"


@pytest.mark.parametrize("page", LADDER[:-1], ids=ids)
def test_next_is_the_next_page_of_the_ladder(page):
    """A page's closing "Next:" link goes where the nav goes next, so the reading order is one order."""
    following = LADDER[LADDER.index(page) + 1].name
    nexts = re.findall(r"^Next: .*?\]\(([a-z-]+\.md)", page.read_text(), re.M)
    assert nexts == [following], f"{page.name}: 'Next:' goes to {nexts}; the nav's next page is {following}"
