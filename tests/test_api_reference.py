"""The API reference: every public name of rnnmath is on it, rendered, and linked both ways.

The reference (docs/reference/) is rendered by mkdocstrings from the
docstrings. These tests read the built site (the `built_site` fixture of
tests/conftest.py) and the sources.
"""

import inspect
import re
import types
from pathlib import Path

import pages
import pytest

import rnnmath
import rnnmath.gradcheck
import rnnmath.keras
import rnnmath.layers

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SPHINX = re.compile(r":(?:math|func|mod|class|meth|attr|data|ref|doc):`|^\s*\.\. [a-z]+::", re.M)


def reference_pages(site: Path) -> list[Path]:
    return sorted((site / "reference").rglob("*.html"))


def home(module: types.ModuleType, name: str) -> str:
    """Where `name` of `module` is defined, as a dotted path: the anchor mkdocstrings gives its entry."""
    obj = getattr(module, name)
    if isinstance(obj, types.ModuleType):
        return obj.__name__
    if hasattr(obj, "__module__") and hasattr(obj, "__qualname__"):
        return f"{obj.__module__}.{obj.__qualname__}"
    # A constant: the submodule whose source assigns it at the top level.
    for path in sorted((ROOT / "rnnmath").glob("*.py")):
        if re.search(rf"^{re.escape(name)}\b[^=\n]*=", path.read_text(), re.M):
            return f"rnnmath.{path.stem}.{name}"
    raise AssertionError(f"cannot tell where rnnmath's {name} is defined")


def defined_in(module: types.ModuleType) -> list[str]:
    """The public functions and classes a module defines itself (not the ones it imports)."""
    return sorted(name for name, obj in vars(module).items()
                  if not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
                  and obj.__module__ == module.__name__)


PUBLIC = sorted({home(rnnmath, name) for name in rnnmath.__all__}
                | {home(m, name) for m in (rnnmath.keras, rnnmath.gradcheck, rnnmath.layers) for name in defined_in(m)})


def test_the_public_names_are_the_ones_expected():
    """The list the next test checks is not empty, and holds what a reader looks for first."""
    for path in ("rnnmath.lstm.lstm", "rnnmath.gru.gru_backward", "rnnmath.keras.forward", "rnnmath.keras.explain",
                 "rnnmath.gradcheck.gradcheck", "rnnmath.checks.ShapeError", "rnnmath.activations.KERAS_ACTIVATIONS",
                 "rnnmath.keras", "rnnmath.layers.Layer"):
        assert path in PUBLIC, path


def test_every_public_name_has_an_entry(built_site):
    ids = set()
    for page in reference_pages(built_site):
        ids |= set(re.findall(r'\bid="([^"]+)"', page.read_text()))
    missing = [path for path in PUBLIC if path not in ids]
    assert not missing, f"not on the API reference: {missing}"


def test_docstrings_have_no_sphinx_roles():
    """Nothing renders :math: or .. math:: here: docstrings are Markdown with $math$."""
    for path in sorted([*(ROOT / "rnnmath").glob("*.py"), *(ROOT / "docs_tools").glob("*.py")]):
        match = SPHINX.search(path.read_text())
        assert match is None, f"{path.relative_to(ROOT)}: {match and match.group(0)!r}"


def test_docstrings_with_math_are_raw_strings():
    """In a plain string, the \\v of \\vb is a vertical tab and \\t of \\tanh a tab."""
    import io
    import tokenize

    for path in sorted((ROOT / "rnnmath").glob("*.py")):
        for token in tokenize.generate_tokens(io.StringIO(path.read_text()).readline):
            if token.type == tokenize.STRING and token.string.startswith('"""') and "\\" in token.string:
                raise AssertionError(f"{path.name}:{token.start[0]}: a docstring with a backslash is not r\"\"\"")


def test_reference_pages_render_their_math_and_examples(built_site):
    pages = reference_pages(built_site)
    assert len(pages) >= 8
    for page in pages:
        html = page.read_text()
        where = page.relative_to(built_site)
        assert "katex-error" not in html, where
        # No formula left as TeX, and no role or directive left as text.
        assert not re.search(r'class="arithmatex">\s*\\[(\[]', html), where
        assert "$$" not in html and not SPHINX.search(html), where
        # >>> examples are code, not nested block quotes.
        assert "<blockquote" not in html, f"{where}: a >>> example outside an Examples section"
    for name in ("index.html", "lstm/index.html", "gradcheck/index.html", "activations/index.html"):
        assert "katex-html" in (built_site / "reference" / name).read_text(), f"reference/{name}: no formula rendered"
    lstm = (built_site / "reference" / "lstm" / "index.html").read_text()
    example = r'<pre\b(?:(?!</pre>).)*class="gp">&gt;&gt;&gt; </span>(?:(?!</pre>).)*lstm_step</span>'
    assert re.search(example, lstm, re.S), "the lstm_step example is not shown as highlighted code"


MODULE_PAGES = {  # reference page: the derivation pages its module docstrings link
    "neuron": ["neuron", "bptt", "layer"],
    "simple-rnn": ["batch", "bptt-matrix", "keras-layer"],
    "lstm": ["lstm", "bptt-gated"],
    "gru": ["gru", "bptt-gated"],
    "bidirectional": ["bidirectional"],
    "counting": ["parameters"],
    "keras": ["keras-layer", "parameters"],
    "training": ["losses", "optimizers", "truncated-bptt", "training"],
}


@pytest.mark.parametrize("reference", sorted(MODULE_PAGES))
def test_each_entry_links_back_to_its_page(built_site, reference):
    html = (built_site / "reference" / reference / "index.html").read_text()
    # Inside the mkdocstrings output, that is, from a docstring, not only from the page's own intro.
    rendered = html[html.index('class="doc doc-object'):]
    for page in MODULE_PAGES[reference]:
        assert f'href="../../{page}/"' in rendered, f"reference/{reference} does not link {page}"


@pytest.mark.parametrize("page", pages.derivation_pages() + pages.part("Frameworks"), ids=lambda p: p.stem)
def test_each_derivation_page_links_the_reference(built_site, page):
    assert "In the API reference: " in page.read_text(), f"{page.name} has no 'In the API reference' line"
    html = (built_site / page.stem / "index.html").read_text()
    links = re.findall(r'href="\.\./reference/([a-z-]+)/#(rnnmath\.[\w.]+)"', html)
    assert links, f"{page.name} links no reference entry"
    for reference, anchor in links:
        target = (built_site / "reference" / reference / "index.html").read_text()
        assert f'id="{anchor}"' in target, f"{page.name} links reference/{reference}#{anchor}, which is not there"
