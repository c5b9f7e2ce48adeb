"""Reuse a page's rendered HTML when nothing it depends on has changed.

Rendering a page runs its code blocks, many of which call Keras. When
neither the page nor anything its code can read has changed, the result is
the same, so this hook keeps it. The key of a page is a hash of

- the page's Markdown;
- every file of ``rnnmath/``, ``docs_tools/``, ``hooks/`` and ``overrides/``,
  ``mkdocs.yml``, the two lock files, the benchmark results, and the list
  of pages (so a renamed page re-renders every page that might link it);
- the Python version.

A page is stored only if rendering it logged no warning or error, and only
when the build ends (a failed build stores what rendered cleanly, never what
warned). The built site's links are checked on every build regardless
(hooks/links.py). A fresh clone, as in CI, has no cache and renders all.
Labs are not cached here: hooks/notebooks.py and mkdocs-jupyter cache them.
Nor are the API reference's pages (see _API below).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import platform
import re
import time
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "pages"
DEPENDENCIES = ["rnnmath/**/*.py", "docs_tools/**/*.py", "hooks/*", "overrides/**/*", "mkdocs.yml", "uv.lock",
                "package-lock.json", "benchmarks/results/*.json", "benchmarks/layers.py"]

# A page with a `::: rnnmath.x` block (the API reference) is never cached: the
# cross-references of every page resolve to the anchors mkdocstrings registers
# while it renders them.
_API = re.compile(r"^:::\s", re.M)

# keys: every page's key this build; pending: what rendered, to store at the end.
_state = {"environment": b"", "config": None, "keys": {}, "pending": {}, "warned": set()}


class _WarningsByPage(logging.Handler):
    """Remembers which pages logged a warning or an error while they were built."""

    def __init__(self):
        super().__init__(level=logging.WARNING)

    def emit(self, record):
        page = getattr(_state["config"], "_current_page", None)
        _state["warned"].add(page.file.src_uri if page is not None else "*")


_handler = _WarningsByPage()


def _environment(config) -> bytes:
    digest = hashlib.sha256(platform.python_version().encode())
    for pattern in DEPENDENCIES:
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    docs = Path(config.docs_dir)
    digest.update("\n".join(sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*"))).encode())
    return digest.digest()


def on_config(config):
    _state.update(environment=_environment(config), config=config, keys={}, pending={}, warned=set())
    logger = logging.getLogger("mkdocs")
    if _handler not in logger.handlers:
        logger.addHandler(_handler)
    return config


@event_priority(-100)  # last: the Markdown as the other hooks leave it
def on_page_markdown(markdown, page, config, files):
    if not page.file.src_uri.endswith(".md") or _API.search(markdown):
        return markdown
    key = hashlib.sha256(_state["environment"] + page.file.src_uri.encode() + markdown.encode()).hexdigest()
    _state["keys"][page.file.src_uri] = key
    path = CACHE / f"{key}.pickle"
    if path.exists():
        cached = pickle.loads(path.read_bytes())
        os.utime(path)  # used: keeps it from being pruned

        def render(config, files, page=page, cached=cached):
            page.content = cached["content"]
            page.toc = cached["toc"]
            page._title_from_render = cached["title"]
            page.present_anchor_ids = cached["anchors"]
            page.links_to_anchors = {files.get_file_from_path(uri): links
                                     for uri, links in cached["links_to_anchors"].items()}

        page.render = render
    return markdown


@event_priority(-100)  # last: the HTML as every other hook leaves it
def on_page_content(content, page, config, files):
    key = _state["keys"].get(page.file.src_uri)
    if key is not None and not (CACHE / f"{key}.pickle").exists():
        links = {f.src_uri: anchors for f, anchors in (page.links_to_anchors or {}).items()}
        _state["pending"][key] = (page.file.src_uri, dict(
            content=content, toc=page.toc, title=page._title_from_render,
            anchors=page.present_anchor_ids, links_to_anchors=links))
    return content


def on_post_build(config):
    """Store the pages that rendered without a warning."""
    CACHE.mkdir(parents=True, exist_ok=True)
    for key, (uri, data) in _state["pending"].items():
        if uri not in _state["warned"] and "*" not in _state["warned"]:
            (CACHE / f"{key}.pickle").write_bytes(pickle.dumps(data))
    week_ago = time.time() - 7 * 24 * 3600
    for old in CACHE.glob("*.pickle"):  # forget what no build has used for a week
        if old.stat().st_mtime < week_ago:
            old.unlink(missing_ok=True)
