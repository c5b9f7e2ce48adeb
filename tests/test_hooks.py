"""The build hooks' own logic: the lab cache key, the link checker, the KaTeX CSS, the print edition's links."""

import importlib.util
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def load_hook(name: str):
    spec = importlib.util.spec_from_file_location(f"hook_{name}", ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "hooks"))  # as MkDocs does: a hook may import another
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "hooks"))
    return module


def test_the_lab_cache_key_follows_rnnmath_the_locks_and_the_notebook(tmp_path, monkeypatch):
    notebooks = load_hook("notebooks")
    shutil.copytree(ROOT / "rnnmath", tmp_path / "rnnmath")
    shutil.copy(ROOT / "uv.lock", tmp_path / "uv.lock")
    shutil.copy(ROOT / "package-lock.json", tmp_path / "package-lock.json")
    lab = tmp_path / "lab.ipynb"
    lab.write_text('{"cells": []}')
    monkeypatch.setattr(notebooks, "ROOT", tmp_path)

    def key():
        return notebooks._key(lab, notebooks._environment_key())

    first = key()
    assert key() == first  # stable when nothing changes
    for change in (tmp_path / "rnnmath" / "lstm.py", tmp_path / "uv.lock", tmp_path / "package-lock.json", lab):
        before = key()
        change.write_text(change.read_text() + "\n")
        assert key() != before, f"a change to {change.name} must re-execute the labs"


def test_mkdocs_jupyter_only_renders_the_labs():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    jupyter = next(p["mkdocs-jupyter"] for p in config["plugins"] if isinstance(p, dict) and "mkdocs-jupyter" in p)
    assert jupyter["include"] == ["labs/*.ipynb"]
    assert jupyter["allow_errors"] == "false"


def test_the_link_checker_finds_broken_files_and_anchors(tmp_path):
    links = load_hook("links")
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<h2 id="here">x</h2><a href="a/">ok</a><a href="#here">ok</a>'
                                         '<a href="#gone">bad anchor</a><img src="missing.png">'
                                         '<a href="https://example.org/x">external, not fetched</a>')
    (tmp_path / "a" / "index.html").write_text('<a href="../index.html#here">ok</a><a href="../b/">bad</a>')
    problems = links.broken_links(tmp_path)
    assert sorted(problems) == sorted([
        "index.html: #gone (no id 'gone' on index.html)",
        "index.html: missing.png (no such file)",
        "a/index.html: ../b/ (no such file)",
    ])


def test_the_link_checker_reads_single_quoted_attributes(tmp_path):
    # The print page's parts are written <section class='…' id='section-3'>.
    links = load_hook("links")
    (tmp_path / "index.html").write_text("<section id='part'><a href='#part'>ok</a><a href='#nowhere'>bad</a>")
    assert links.broken_links(tmp_path) == ["index.html: #nowhere (no id 'nowhere' on index.html)"]


def test_the_print_edition_mends_the_links_print_site_leaves_broken():
    edition = load_hook("print_edition")
    assert edition.page_key("reference/lstm/") == "reference-lstm" and edition.page_key("") == "index"
    page = (
        '<section class="print-page" id="references"><h1 id="references-references">R</h1>'
        '<p><a id="elman-1990"></a>Elman</p><svg><marker id="arrow"/></svg></section>'
        '<section class="print-page" id="problems"><h1 id="problems-problems">P</h1>'
        '<a href="#references-elman-1990">Elman</a>'           # a raw anchor print-site did not prefix
        '<a href="#problems-problems">this page</a>'           # fine as it is
        '<a href="#reference-lstm-rnnmath.lstm.lstm">lstm</a>'  # the API reference, left out
        '<a href="#reference">the reference</a>'
        '<a href="#labs-why-gates-matter">a lab</a>'
        '<a href="#problems-gone">broken</a></section>'         # stays broken, for links.py to report
    )
    left_out = {"reference": "../reference/", "reference-lstm": "../reference/lstm/",
                "labs-why-gates-matter": "../labs/why-gates-matter/"}
    mended = edition.mend(page, left_out)
    assert '<a id="references-elman-1990">' in mended and 'id="elman-1990"' not in mended
    assert '<marker id="arrow"/>' in mended  # ids nothing links to are left alone
    assert 'href="#problems-problems"' in mended
    assert 'href="../reference/lstm/#rnnmath.lstm.lstm"' in mended
    assert 'href="../reference/"' in mended
    assert 'href="../labs/why-gates-matter/"' in mended
    assert 'href="#problems-gone"' in mended


def test_the_print_edition_addresses_are_relative_wherever_the_site_is_served():
    """print-site renders with the 404 page's absolute addresses; the hook makes them relative again."""
    edition = load_hook("print_edition")
    head = ('<link rel="stylesheet" href="/rnnmath/assets/site.css"><a class="md-logo" href="/rnnmath/.">'
            '<script src="/rnnmath/assets/x.js"></script><a href="https://example.org/rnnmath/keep">'
            '<script id="__config" type="application/json">{"base": "/rnnmath/", "search": "../s.js"}</script>')
    fixed = edition.relative_addresses(head, "/rnnmath/", "../")
    assert 'href="../assets/site.css"' in fixed and 'href="../."' in fixed and 'src="../assets/x.js"' in fixed
    assert 'href="https://example.org/rnnmath/keep"' in fixed  # an address elsewhere is left alone
    assert '"base": ".."' in fixed and "/rnnmath/" not in fixed.replace("example.org/rnnmath/", "")
    assert edition.relative_addresses(head, "/", "../") == head  # a site at the server's root: nothing to do


def test_katex_css_keeps_only_the_woff2_fonts_it_ships(tmp_path):
    katex = load_hook("katex")

    class Config:
        site_dir = str(tmp_path)
        plugins: dict = {}

    katex.on_post_build(Config())
    css = (tmp_path / "assets" / "katex" / "katex.min.css").read_text()
    assert ".woff2" in css and ".ttf" not in css and 'format("woff")' not in css


def test_source_links_are_built_from_repo_url_and_must_exist(caplog):
    source_links = load_hook("source_links")

    class Config:
        repo_url = "https://github.com/someone/fork/"
        edit_uri = "edit/dev/docs/"

    class Page:
        class file:  # a MkDocs page has page.file.src_uri
            src_uri = "x.md"

    markdown = "[a](repo:rnnmath/lstm.py#L3) [b](repo:rnnmath) [c](repo:rnnmath/gone.py) [d](lstm.md)"
    out = source_links.on_page_markdown(markdown, Page, Config, None)
    assert out == ("[a](https://github.com/someone/fork/blob/dev/rnnmath/lstm.py#L3) "
                   "[b](https://github.com/someone/fork/tree/dev/rnnmath) "
                   "[c](https://github.com/someone/fork/blob/dev/rnnmath/gone.py) [d](lstm.md)")
    assert [r.getMessage() for r in caplog.records] == [
        "x.md links repo:rnnmath/gone.py, which is not a file or folder of the repository"]
