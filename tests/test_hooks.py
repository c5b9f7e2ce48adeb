"""The build hooks' own logic: the lab cache key, the link checker, the KaTeX CSS."""

import importlib.util
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def load_hook(name: str):
    spec = importlib.util.spec_from_file_location(f"hook_{name}", ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
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


def test_katex_css_keeps_only_the_woff2_fonts_it_ships(tmp_path):
    katex = load_hook("katex")

    class Config:
        site_dir = str(tmp_path)

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
