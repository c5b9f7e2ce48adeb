"""A broken page fails the build, with a message that says what broke.

Each case builds a one-page site that inherits mkdocs.yml (same plugins,
hooks and strictness) and checks that the build fails and why.
"""

import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build_site

pytestmark = pytest.mark.build  # every test here runs mkdocs build

CASES = {
    "failing snippet": ('```python exec="on"\nraise ValueError("a snippet that fails")\n```\n', "a snippet that fails"),
    "TeX error": ("$$\\frac{1}{$$\n", "TeX error in index.md"),
    "undefined macro": ("$\\notamacro{x}$\n", "TeX error in index.md"),
    "broken link": ("[a page](missing.md)\n", "missing.md"),
    "broken anchor": ("## Here {#here}\n\n[a section](#nowhere)\n", "nowhere"),
    "broken link in raw HTML": ('<div markdown><a href="../missing/">raw</a></div>\n', "../missing/"),
    "link to a file the repository lacks": ("[source](repo:rnnmath/no_such_file.py)\n", "repo:rnnmath/no_such_file.py"),
    "wrong doctest output": ("```pycon\n>>> 1 + 1\n3\n```\n", "in index.md does not print what the page says"),
}


def write_site(tmp_path: Path, page: str, lab: dict | None = None) -> Path:
    docs = tmp_path / "docs"
    (docs / "labs").mkdir(parents=True)
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    (docs / "index.md").write_text("# A page\n\n" + page)
    nav = ["index.md"]
    if lab is not None:
        (docs / "labs" / "failing.ipynb").write_text(json.dumps(lab))
        nav.append("labs/failing.ipynb")
    hooks = "\n".join(f"  - {ROOT / 'hooks' / name}" for name in
                      ("strict.py", "source_links.py", "stamp.py", "pycon.py", "notebooks.py", "katex.py",
                       "print_edition.py", "links.py"))
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {docs}\n"
        f"nav: {json.dumps(nav)}\n"
        f"theme:\n  custom_dir: {ROOT / 'overrides'}\n"
        f"hooks:\n{hooks}\n"
    )
    return config


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_page_fails_the_build(tmp_path, case):
    page, message = CASES[case]
    result = build_site(write_site(tmp_path, page), tmp_path / "site")
    assert result.returncode != 0, result.stderr[-2000:]
    assert message in result.stdout + result.stderr


def test_a_good_page_builds(tmp_path):
    """The cases above fail for their error, not for the set-up."""
    page = "Fine: $x^2$, [home](index.md), [the LSTM file](repo:rnnmath/lstm.py).\n"
    result = build_site(write_site(tmp_path, page), tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    repo_url = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["repo_url"]
    html = (tmp_path / "site" / "index.html").read_text()
    assert f'href="{repo_url}/blob/main/rnnmath/lstm.py"' in html


def test_a_lab_that_installs_from_another_repository_fails_the_build(tmp_path):
    lab = {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "c1", "metadata": {}, "outputs": [],
                   "source": ["# %pip install git+https://github.com/someone/else\n", "print(1)"]}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    result = build_site(write_site(tmp_path, "Fine.\n", lab=lab), tmp_path / "site")
    assert result.returncode != 0
    assert "https://github.com/someone/else" in result.stdout + result.stderr


def test_a_lab_cell_that_raises_fails_the_build(tmp_path):
    lab = {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "c1", "metadata": {}, "outputs": [],
                   "source": ["raise RuntimeError('a lab cell that fails')"]}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    result = build_site(write_site(tmp_path, "Fine.\n", lab=lab), tmp_path / "site")
    assert result.returncode != 0
    assert "a lab cell that fails" in result.stdout + result.stderr


def test_quiet_does_not_make_strict_lenient(tmp_path):
    """MkDocs's --quiet silences the logger strict mode counts; hooks/strict.py keeps the count."""
    import subprocess
    import sys

    page, message = CASES["failing snippet"]
    config = write_site(tmp_path, page)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config),
                             "-d", str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0, result.stderr[-2000:]
    assert "warnings" in result.stderr + result.stdout
    assert message not in result.stderr, "--quiet should still keep the warning itself off the console"


def write_api_site(tmp_path: Path, page: str, module: str) -> Path:
    """A one-page site whose page may render `brokenmod` (written beside mkdocs.yml) with mkdocstrings."""
    (tmp_path / "brokenmod.py").write_text(module)
    return write_site(tmp_path, page)


API_CASES = {
    "broken cross-reference on a page": ("[`nothing`][rnnmath.nothing]\n", '"""A module."""\n', "rnnmath.nothing"),
    "broken cross-reference in a docstring": (
        "::: brokenmod\n", 'r"""See [`gone`][brokenmod.gone] and $x^2$."""\n', "brokenmod.gone"),
}


@pytest.mark.parametrize("case", sorted(API_CASES))
def test_a_broken_cross_reference_fails_the_build(tmp_path, case):
    """autorefs warns on a reference it cannot resolve; strict: true makes that a failure."""
    page, module, target = API_CASES[case]
    result = build_site(write_api_site(tmp_path, page, module), tmp_path / "site")
    assert result.returncode != 0, result.stderr[-2000:]
    assert f"Could not find cross-reference target '{target}'" in result.stdout + result.stderr


def test_a_good_cross_reference_builds(tmp_path):
    """The cases above fail for the reference, not for mkdocstrings' set-up: the same page, resolvable."""
    page = "[`gradcheck`][rnnmath.gradcheck.gradcheck]\n\n::: brokenmod\n\n::: rnnmath.gradcheck\n"
    module = 'r"""See [`numerical_gradient`][rnnmath.gradcheck.numerical_gradient] and $x^2$."""\n'
    result = build_site(write_api_site(tmp_path, page, module), tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    html = (tmp_path / "site" / "index.html").read_text()
    assert 'href="#rnnmath.gradcheck.numerical_gradient"' in html and 'id="brokenmod"' in html
    assert "katex-html" in html.split('id="brokenmod"', 1)[1], "docstring math is not rendered"


def test_quiet_does_not_hide_a_broken_cross_reference(tmp_path):
    import subprocess
    import sys

    page, module, _ = API_CASES["broken cross-reference in a docstring"]
    config = write_api_site(tmp_path, page, module)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config),
                             "-d", str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0, result.stderr[-2000:]
    assert "warnings in strict mode" in result.stderr + result.stdout
