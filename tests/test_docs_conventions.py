"""The pages keep the site's conventions: one notation, stable anchors, exercises.

These read the Markdown sources and the labs, not the built site.
"""

import json
import re
from pathlib import Path

import pages
import pytest

from docs_tools import notation

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.glob("*.md"))
# The ladder: every page under the nav's Derivations and Frameworks.
DERIVATIONS = pages.derivation_pages() + pages.part("Frameworks")
LABS = sorted((DOCS / "labs").glob("*.ipynb"))

# The step indices a state or input may carry: t, t-1, 0, 1, …, T, T-1.
STEP = r"(?:t|t-1|t\+1|T|T-1|0|[1-9]|s)"
ALLOWED_SUBSCRIPTED = {
    "W": {"x", "y", "h", "xi", "xf", "xc", "xo", "hi", "hf", "hc", "ho", "xz", "xr", "hz", "hr", "p"},
}
STATE_LETTERS = set("XYHCIFOZRMAES")  # matrices indexed by step (M: mask; A, E: pages 10–13; S: any layer's state)


def math_of(text: str) -> list[str]:
    """The LaTeX of every $…$ and $$…$$ in a Markdown page, code blocks removed."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    return re.findall(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", text, flags=re.S)


def formulas(path: Path) -> list[str]:
    return [a or b for a, b in math_of(path.read_text())]


def lab_markdown(lab: Path) -> str:
    cells = json.loads(lab.read_text())["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


@pytest.mark.parametrize("page", PAGES + LABS, ids=lambda p: p.name)
def test_every_page_links_the_notation_page(page):
    text = lab_markdown(page) if page.suffix == ".ipynb" else page.read_text()
    if page.name == "notation.md":
        return
    assert re.search(r"\]\((?:\.\./|https://[^)]*/)?notation(?:\.md|/)", text), f"{page.name} does not link notation"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_section_headings_have_explicit_short_anchors(page):
    for heading in re.findall(r"^##+ .*$", re.sub(r"```.*?```", "", page.read_text(), flags=re.S), re.M):
        match = re.search(r"\{#([a-z0-9-]+)\}\s*$", heading)
        assert match, f"{page.name}: give this heading a stable anchor, e.g. {{#short-name}}: {heading}"
        assert len(match.group(1)) <= 30, heading


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_matrices_with_subscripts_are_the_notation_pages(page):
    for tex in formulas(page):
        tex = re.sub(r"\\(?:hat|tilde|overrightarrow|overleftarrow|overline|bar)\s*", "", tex)
        for letter, sub in re.findall(r"(?<![\\a-zA-Z])([A-Z])_(\{[^{}]*\}|[a-zA-Z0-9])", tex):
            sub = sub.strip("{}").replace(" ", "")
            if letter in ALLOWED_SUBSCRIPTED:
                assert sub in ALLOWED_SUBSCRIPTED[letter], f"{page.name}: {letter}_{sub} in ${tex}$"
            else:
                assert letter in STATE_LETTERS and re.fullmatch(STEP, sub), f"{page.name}: {letter}_{sub} in ${tex}$"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_shapes_use_the_size_letters(page):
    """Every \\R^{…} and every "a × b" shape is written in n, k, β, T, g and numbers."""
    sizes = {s.tex.strip("\\") for s in notation.SIZES} | {"beta"}
    for tex in formulas(page):
        for exponent in re.findall(r"\\(?:R|mathbb\{R\})\^\{([^{}]*)\}", tex):
            letters = set(re.findall(r"\\?[a-zA-Z]+", exponent)) - {"times", "\\times", "\\beta"}
            assert {w.strip("\\") for w in letters} <= sizes, f"{page.name}: \\R^{{{exponent}}}"


@pytest.mark.parametrize("page", DERIVATIONS, ids=lambda p: p.name)
def test_derivation_pages_have_the_parts_every_page_has(page):
    text = page.read_text()
    assert re.search(r'```python exec="on"', text), f"{page.name}: no executed block"
    assert "```pycon" in text, f"{page.name}: no doctested >>> example"
    assert re.search(r"^## .*\{#check\}", text, re.M), f"{page.name}: no 'check it' section"
    assert re.search(r"^## Exercises \{#exercises\}", text, re.M), f"{page.name}: no exercises"
    solutions = re.findall(r'\?\?\? success "Solution"\n((?:    .*\n|\n)+)', text)
    assert len(solutions) >= 2, f"{page.name}: needs two or three exercises with folded solutions"
    assert all('exec="on"' in s for s in solutions), f"{page.name}: every solution runs at build"


def test_labs_are_stored_without_outputs():
    for lab in LABS:
        for cell in json.loads(lab.read_text())["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, lab.name
