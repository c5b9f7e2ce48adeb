"""Make the printable edition's links go where they went on the site.

mkdocs-print-site-plugin joins the pages of the nav into one page
(``print/``), each in a ``<section class="print-page" id="KEY">``, KEY being
the page's URL with ``/`` as ``-``. It rewrites a link to page P's anchor A
as ``#P-A``, and gives the ids of headings, footnotes and list items the
``P-`` prefix. Three kinds of link it leaves pointing nowhere, and this
hook mends them:

- cross-references to the API reference (``[text][rnnmath.lstm.lstm]``,
  mkdocs-autorefs): the plugin guesses their targets by partial matches of
  ids. Here they are resolved with autorefs's own ``get_item_url`` in
  ``on_env`` (before the plugin joins the pages), so they become ordinary
  links, which the plugin then rewrites as it rewrites every link;
- links to the pages the edition leaves out (the labs, the API reference:
  ``exclude`` in ``mkdocs.yml``): they go to those pages on the site;
- a part of the nav whose pages are all left out (the labs) would be a
  bare title: it lists its pages, linked to the site;
- links to an id the plugin does not prefix (a raw ``<a id="…">`` or
  ``<span id="…">`` anchor, as on the references page): that id gets the
  prefix, inside its own page's section.

And one kind of address: print-site renders its page with the context of
the 404 page, whose addresses MkDocs makes absolute from ``site_url``
(``/rnnmath/assets/…``), so that a 404 works at any depth. On the print
page they would break the stylesheets, the nav and Material's search
wherever the site is not served at ``/rnnmath/``: from ``file://``, or
from a local server at ``/``. They are made relative again.

``hooks/links.py`` then checks the print page as it checks every page.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority
from mkdocs_autorefs import fix_refs

_SECTION = re.compile(r'<section class="print-page" id="([^"]+)"')
_HREF = re.compile(r'href="#([^"]+)"')
_pages: list[tuple[str, str]] = []  # (url, key) of every page in the nav
_parts: dict[str, list[tuple[str, str]]] = {}  # section id -> (title, url) of the pages under it
_PART = re.compile(r"<section class='print-page md-section' id='([^']+)'[^>]*>\s*<h1>.*?</h1>", re.DOTALL)


def page_key(url: str) -> str:
    """The id print-site gives a page's section: ``reference/lstm/`` -> ``reference-lstm``."""
    return url.strip("/").removesuffix(".html").replace("/", "-").lower() or "index"


def print_page_path(config) -> Path | None:
    """Where mkdocs-print-site-plugin writes the printable edition, if it is on."""
    plugin = config.plugins.get("print-site")
    if plugin is None or not plugin.config.get("enabled"):
        return None
    name = plugin.config["print_page_basename"]
    site = Path(config.site_dir)
    return site / name / "index.html" if config.use_directory_urls else site / f"{name}.html"


@event_priority(-10)  # after autorefs has resolved the pages' own cross-references
def on_env(env, config, files):
    autorefs = config.plugins.get("autorefs")
    if print_page_path(config) is None or autorefs is None:
        return env
    for file in files.documentation_pages():
        page = file.page
        # print-site keeps the content it will join as ``page.html``.
        if page is not None and getattr(page, "html", None):
            page.html, _unmapped = fix_refs(page.html, functools.partial(autorefs.get_item_url, from_url=page.url))
    return env


def mend(html: str, left_out: dict[str, str]) -> str:
    """The print page ``html`` with its broken in-page links mended.

    ``left_out`` maps the key of each page the edition leaves out to that
    page's URL on the site, relative to the print page.
    """
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    starts = [(m.start(), m.group(1)) for m in _SECTION.finditer(html)]
    bounds = {key: (start, starts[i + 1][0] if i + 1 < len(starts) else len(html))
              for i, (start, key) in enumerate(starts)}
    renames: dict[str, set[str]] = {}  # section key -> ids in it to prefix

    def href(match):
        target = match.group(1)
        if target in ids:
            return match.group(0)
        if target == "." and "index" in ids:  # the home page's link to itself, "./", made "#." by print-site
            return 'href="#index"'
        for key in sorted(left_out, key=len, reverse=True):  # reference-lstm before reference
            if target == key or target.startswith(key + "-"):
                fragment = target[len(key) + 1:]
                return f'href="{left_out[key]}' + (f"#{fragment}" if fragment else "") + '"'
        for key, (start, end) in bounds.items():
            fragment = target[len(key) + 1:]
            if target.startswith(key + "-") and f' id="{fragment}"' in html[start:end]:
                renames.setdefault(key, set()).add(fragment)
                break
        return match.group(0)  # left as it is: hooks/links.py reports it

    html = _HREF.sub(href, html)
    for key, fragments in sorted(renames.items(), key=lambda item: bounds[item[0]][0], reverse=True):
        start, end = bounds[key]
        section = html[start:end]
        for fragment in fragments:
            section = section.replace(f' id="{fragment}"', f' id="{key}-{fragment}"')
        html = html[:start] + section + html[end:]
    return html


def relative_addresses(html: str, site_path: str, up: str) -> str:
    """``html`` with the addresses that start at ``site_path`` (``/rnnmath/``) made relative (``../``)."""
    if site_path in ("", "/"):
        return html
    html = re.sub(r'(\s(?:href|src))="' + re.escape(site_path), lambda m: f'{m.group(1)}="{up}', html)
    # Material's configuration for its scripts: the site's root, for search and instant loading.
    return html.replace(f'"base": "{site_path}"', f'"base": "{up.rstrip("/") or "."}"')


def on_post_build(config):
    """Runs after print-site has written the print page, and before hooks/links.py checks it."""
    printed = print_page_path(config)
    if printed is None or not printed.is_file():
        return
    text = printed.read_text(encoding="utf-8")
    included = set(_SECTION.findall(text))
    up = "../" if config.use_directory_urls else ""
    left_out = {key: up + (url or "./") for url, key in _pages if key not in included}
    # The home page's link to this edition, inside this edition: its top.
    left_out[page_key(printed.parent.name if config.use_directory_urls else printed.name)] = "#print-site-page"
    text = mend(text, left_out)
    text = relative_addresses(text, urlsplit(config.site_url or "/").path, up)

    def list_left_out(match):
        end = text.find("</section>", match.end())
        if '<section class="print-page" id=' in text[match.end():end]:
            return match.group(0)  # the part has pages in this edition
        items = "".join(f'<li><a href="{up}{url}">{title}</a></li>' for title, url in _parts.get(match.group(1), []))
        return match.group(0) + f"<p>On the site, not in this edition:</p><ul>{items}</ul>"

    printed.write_text(_PART.sub(list_left_out, text), encoding="utf-8")


def on_nav(nav, config, files):
    _pages[:] = [(page.url, page_key(page.url)) for page in nav.pages]
    _parts.clear()

    def walk(items, prefix=""):
        for i, item in enumerate(items):
            number = f"{prefix}{i + 1}"
            if item.is_section:
                # print-site numbers the nav's parts so: section-3, section-3-1, …
                # A page with no title in the nav (an index page) is listed under its part's title.
                _parts[f"section-{number.replace('.', '-')}"] = [(p.title or item.title, p.url)
                                                                 for p in _pages_under(item)]
                walk(item.children, number + ".")

    walk(nav.items)
    return nav


def _pages_under(section):
    for item in section.children:
        if item.is_page:
            yield item
        elif item.is_section:
            yield from _pages_under(item)
