"""The strict build of the whole site, and what it must contain."""

import json
import re
from importlib.metadata import version
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def pages(site):
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def test_strict_is_set_in_mkdocs_yml_itself():
    text = (ROOT / "mkdocs.yml").read_text()
    assert re.search(r"^strict: true$", text, re.M)
    assert re.search(r"^validation:$", text, re.M)


def test_every_page_carries_the_verified_with_stamp(built_site):
    expected = [f"numpy {version('numpy')}", f"TensorFlow {version('tensorflow')}", f"Keras {version('keras')}",
                f"PyTorch {version('torch')}"]
    for page in pages(built_site):
        html = page.read_text()
        assert 'id="verified-with"' in html, page
        for text in expected:
            assert text in html, (page, text)


def test_math_is_rendered_at_build_with_no_math_javascript(built_site):
    for page in pages(built_site):
        html = page.read_text()
        assert "katex-error" not in html, page
        assert not re.search(r"<script[^>]*(katex|mathjax|MathJax)", html), page
        # No formula is left for a script to render.
        assert not re.search(r'class="arithmatex">\s*\\[(\[]', html), page
    assert "katex-html" in (built_site / "index.html").read_text()


def test_nothing_is_fetched_from_another_host(built_site):
    # What a browser loads by itself: scripts, images, frames, and linked
    # stylesheets, icons and preloads (a canonical link is not fetched).
    loads = re.compile(
        r'<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc="(?:https?:)?//[^"]*"'
        r'|<link\b(?=[^>]*\brel="(?:stylesheet|icon|preload|modulepreload|manifest|prefetch)")[^>]*\bhref="(?:https?:)?//',
        re.I,
    )
    for page in pages(built_site):
        match = loads.search(page.read_text())
        assert match is None, (page, match and match.group(0))
    for css in built_site.rglob("*.css"):
        assert not re.search(r"url\((['\"]?)(https?:)?//", css.read_text()), css
        assert "@import" not in css.read_text() or "fonts.googleapis" not in css.read_text()


def test_katex_fonts_are_served_by_the_site(built_site):
    css = (built_site / "assets" / "katex" / "katex.min.css").read_text()
    fonts = set(re.findall(r"url\(fonts/([^)]+)\)", css))
    assert fonts and all((built_site / "assets" / "katex" / "fonts" / f).is_file() for f in fonts)


def test_each_lab_offers_its_executed_notebook(built_site):
    labs = sorted((ROOT / "docs" / "labs").glob("*.ipynb"))
    assert labs
    for lab in labs:
        page = (built_site / "labs" / lab.stem / "index.html").read_text()
        assert f'href="../{lab.name}" download' in page
        executed = json.loads((built_site / "labs" / lab.name).read_text())
        code_cells = [c for c in executed["cells"] if c["cell_type"] == "code"]
        assert code_cells and all(c["execution_count"] for c in code_cells)
        assert any(c["outputs"] for c in code_cells)


def test_search_index_knows_recurrent_kernel(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    assert any("recurrent_kernel" in doc["text"] for doc in index["docs"])


def test_heading_anchors_are_short_and_readable(built_site):
    for page in pages(built_site):
        for anchor in re.findall(r'<h[2-4] id="([^"]+)"(?! class="doc doc-heading")', page.read_text()):
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", anchor), (page, anchor)
            assert len(anchor) <= 40, (page, anchor)
        # The API reference's entries (mkdocstrings) are anchored by their Python path instead.
        for anchor in re.findall(r'<h[2-4] id="([^"]+)" class="doc doc-heading"', page.read_text()):
            assert re.fullmatch(r"rnnmath(\.[A-Za-z_][A-Za-z0-9_]*)+", anchor), (page, anchor)


def test_nav_lists_every_page():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    listed = set(re.findall(r"[\w/.-]+\.(?:md|ipynb)", json.dumps(config["nav"])))
    docs = ROOT / "docs"
    present = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.suffix in (".md", ".ipynb")}
    assert listed == present


def test_every_page_closes_what_it_opens(built_site):
    """A stray '<' in an executed block's output can close the article early; the divs must balance."""
    for page in pages(built_site):
        html = re.sub(r"<!--.*?-->|<script\b.*?</script>|<svg\b.*?</svg>", "", page.read_text(), flags=re.S)
        opened, closed = len(re.findall(r"<div\b", html)), len(re.findall(r"</div>", html))
        assert opened == closed, f"{page.relative_to(built_site)}: {opened} <div> but {closed} </div>"


def test_lab_pages_render_as_notebooks_without_test_plumbing(built_site):
    for lab in sorted((ROOT / "docs" / "labs").glob("*.ipynb")):
        html = (built_site / "labs" / lab.stem / "index.html").read_text()
        assert "jupyter-wrapper" in html and '"cell_type"' not in html, lab.name
        assert "json.dumps" not in html, lab.name
