"""Build the pages' links to the repository's files from ``repo_url``, and check the files exist.

A page links a source file as ``[`rnnmath/lstm.py`](repo:rnnmath/lstm.py)``.
Before MkDocs reads the page, this hook turns ``repo:<path>`` into
``<repo_url>/blob/<branch>/<path>`` (``tree/`` for a directory), the branch
being the one ``edit_uri`` names. So the address is written once, in
``mkdocs.yml``, and a link to a file that does not exist, or was renamed,
fails the build instead of sending a reader to GitHub's 404.

The labs are also opened in Colab and downloaded, where no build rewrites
them, so the address they install rnnmath from stays written in full; the
build checks that it is ``repo_url``.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.source_links")

ROOT = Path(__file__).resolve().parents[1]
_LINK = re.compile(r"\]\(repo:(?P<path>[^)\s#]*)(?P<fragment>#[^)\s]*)?\)")
_INSTALL = re.compile(r"git\+(https://[\w./-]+?)(?:\.git)?(?=[\s\\\"@#]|$)")


def branch(edit_uri: str | None) -> str:
    """The branch in an ``edit_uri`` such as ``edit/main/docs/``."""
    match = re.match(r"(?:edit|blob|tree)/([^/]+)/", edit_uri or "")
    return match.group(1) if match else "main"


def source_url(repo_url: str, edit_uri: str | None, path: str) -> str:
    kind = "tree" if (ROOT / path).is_dir() else "blob"
    return f"{repo_url.rstrip('/')}/{kind}/{branch(edit_uri)}/{path}"


def on_page_markdown(markdown, page, config, files):
    def link(match):
        path = match.group("path").strip("/")
        if not path or not (ROOT / path).exists():
            log.error(f"{page.file.src_uri} links repo:{match.group('path')}, which is not a file "
                      f"or folder of the repository")
        return f"]({source_url(config.repo_url, config.edit_uri, path)}{match.group('fragment') or ''})"

    return _LINK.sub(link, markdown)


def on_files(files, config):
    """What a lab installs in Colab (``pip install git+<address>``) must be repo_url."""
    repo = (config.repo_url or "").rstrip("/")
    for lab in sorted(Path(config.docs_dir).glob("labs/*.ipynb")):
        for address in sorted(set(_INSTALL.findall(lab.read_text(encoding="utf-8"))) - {repo}):
            log.error(f"labs/{lab.name} links {address}, but the repository is {repo} (repo_url in mkdocs.yml)")
    return files
