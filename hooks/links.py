"""Check every link in the built site, raw HTML included, and report each broken one as an error.

MkDocs validates the links it converts from Markdown. Links written as raw
HTML (in ``md_in_html`` blocks, widgets or templates) and links into
notebook pages are not seen by it. After the build, this hook reads every
HTML page of the site and checks each relative ``href`` and ``src``: the
file must exist, and a ``#fragment`` must be an ``id`` on the target page.
External links are not fetched (the build has no network). A full build
checks every page; a ``--dirty`` rebuild under ``mkdocs serve`` checks the
links of the pages it rebuilt.

Each broken link is logged as an error, so that strict mode (``strict: true``
in mkdocs.yml, which ``dev.py build``, the tests and CI use) counts it with
every other warning and error of the build and aborts with all of them listed,
``--quiet`` or not; under ``mkdocs serve`` (not strict) it is reported and
the page still serves.
"""

from __future__ import annotations

import logging
import posixpath
import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

log = logging.getLogger("mkdocs.hooks.links")  # under "mkdocs", where strict mode counts


class _Page:
    """The ids a page defines and the links it holds.

    Read with regular expressions rather than an HTML parser: the pages are
    large (every formula is KaTeX markup) and the link check runs on every
    build, including each rebuild under ``mkdocs serve``. Code on the pages
    is HTML-escaped, so an ``href="`` in it cannot match.
    """

    # Attribute values in double or single quotes (the print page's parts use single).
    _ID = re.compile(r"""<[a-zA-Z][^>]*?\s(?:id|name)=(?:"([^"]+)"|'([^']+)')""")
    _LINK = re.compile(r"""<(?!base\b)[a-zA-Z][^>]*?\s(?:href|src)=(?:"([^"]+)"|'([^']+)')""")

    def __init__(self, html: str):
        html = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
        self.ids = {unescape(a or b) for a, b in self._ID.findall(html)}
        self.links = [unescape(a or b) for a, b in self._LINK.findall(html)]


def _parse(path: Path) -> _Page:
    return _Page(path.read_text(encoding="utf-8", errors="replace"))


def broken_links(site: Path, only: set[str] | None = None) -> list[str]:
    """Every broken relative link in the site, as 'page: link (reason)'.

    ``only``: check the links of these pages (paths relative to ``site``),
    not all; their targets are still looked up in the whole site.
    """
    names = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    parsed: dict[str, _Page] = {}

    def parse(name: str) -> _Page:  # read a page once, and only when it is checked or linked to
        if name not in parsed:
            parsed[name] = _parse(site / name)
        return parsed[name]

    problems = []
    for name in names:
        if name == "404.html" or (only is not None and name not in only):
            continue  # 404.html is served at any depth; its links are relative to the site root
        page = parse(name)
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:", "javascript:")):
                continue
            if not parts.path:
                target_name = name
            else:
                target_name = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path)))
                target = site / target_name
                if target.is_dir() or parts.path.endswith("/"):
                    target_name = posixpath.join(target_name, "index.html")
                if not (site / target_name).is_file():
                    problems.append(f"{name}: {link} (no such file)")
                    continue
            fragment = unquote(parts.fragment)
            if fragment and target_name.endswith(".html"):
                if (site / target_name).is_file() and fragment not in parse(target_name).ids:
                    problems.append(f"{name}: {link} (no id {fragment!r} on {target_name})")
    return problems


_built: set[str] = set()  # the pages this build wrote
_dirty = [False]  # --dirty: only the edited pages are rebuilt, so only their links are checked


def on_startup(command, dirty):
    _dirty[0] = dirty


def on_pre_build(config):
    _built.clear()


def on_post_page(output, page, config):
    _built.add(page.file.dest_uri)
    return output


def on_post_build(config):
    problems = broken_links(Path(config.site_dir), only=set(_built) if _dirty[0] else None)
    if problems:
        log.error("Broken links in the built site:\n  " + "\n  ".join(problems))
