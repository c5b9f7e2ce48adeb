"""Check every link in the built site, raw HTML included, and fail the build on a broken one.

MkDocs validates the links it converts from Markdown. Links written as raw
HTML (in ``md_in_html`` blocks, widgets or templates) and links into
notebook pages are not seen by it. After the build, this hook reads every
HTML page of the site and checks each relative ``href`` and ``src``: the
file must exist, and a ``#fragment`` must be an ``id`` on the target page.
External links are not fetched (the build has no network).
"""

from __future__ import annotations

import posixpath
import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.exceptions import PluginError


class _Page:
    """The ids a page defines and the links it holds.

    Read with regular expressions rather than an HTML parser: the pages are
    large (every formula is KaTeX markup) and the link check runs on every
    build, including each rebuild under ``mkdocs serve``. Code on the pages
    is HTML-escaped, so an ``href="`` in it cannot match.
    """

    _ID = re.compile(r'<[a-zA-Z][^>]*?\s(?:id|name)="([^"]+)"')
    _LINK = re.compile(r'<(?!base\b)[a-zA-Z][^>]*?\s(?:href|src)="([^"]+)"')

    def __init__(self, html: str):
        html = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
        self.ids = {unescape(i) for i in self._ID.findall(html)}
        self.links = [unescape(link) for link in self._LINK.findall(html)]


def _parse(path: Path) -> _Page:
    return _Page(path.read_text(encoding="utf-8", errors="replace"))


def broken_links(site: Path) -> list[str]:
    """Every broken relative link in the site, as 'page: link (reason)'."""
    pages = {p.relative_to(site).as_posix(): _parse(p) for p in site.rglob("*.html")}
    problems = []
    for name, page in sorted(pages.items()):
        if name == "404.html":
            continue  # served at any depth; its links are relative to the site root
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
                target_page = pages.get(target_name)
                if target_page is not None and fragment not in target_page.ids:
                    problems.append(f"{name}: {link} (no id {fragment!r} on {target_name})")
    return problems


def on_post_build(config):
    problems = broken_links(Path(config.site_dir))
    if problems:
        raise PluginError("Broken links in the built site:\n  " + "\n  ".join(problems))
