"""Render the site's math at build time with KaTeX, so pages need no math JavaScript.

pymdownx.arithmatex (generic mode) wraps each formula in
``<span class="arithmatex">\\(…\\)</span>`` or ``<div class="arithmatex">\\[…\\]</div>``.
This hook hands every formula to one long-lived ``node`` process running
KaTeX (``hooks/katex_render.cjs``, KaTeX pinned in ``package-lock.json``) and
puts the HTML in its place. Notebook pages write their math as ``$…$`` and
``$$…$$`` in markdown cells; those are rendered the same way.

Formulas are found in ``on_page_content`` but rendered in ``on_post_page``,
after the search plugin has read the page: until then each is kept as its
TeX in an element marked ``data-search-exclude``. KaTeX writes dozens of
elements per formula, and parsing them made the search index the slowest
step of a cold build after the pages' own code.

The printable edition (mkdocs-print-site-plugin) is written in its
``on_post_build`` from the pages' content as it stood when that plugin's
``on_page_content`` saw it, and it never passes through ``on_post_page``.
So the formulas are marked before that plugin sees a page (priority 50),
and this hook's ``on_post_build``, which runs after the plugin's, renders
the marked formulas in the print page.

The macros are defined once, in ``mkdocs.yml`` under ``extra.katex_macros``.
A TeX error fails the build with the page and the formula. KaTeX's CSS and
woff2 fonts are copied into the site, so nothing is fetched at view time.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from print_edition import print_page_path

ROOT = Path(__file__).resolve().parents[1]
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
ASSETS = "assets/katex"

_ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])\s*</(?P=tag)>',
    re.DOTALL,
)
# A formula found, kept as its (HTML-escaped) TeX until on_post_page renders it.
_PENDING = re.compile(
    r'<(?P<tag>span|div) class="arithmatex" data-tex data-search-exclude>'
    r'(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])</(?P=tag)>',
    re.DOTALL,
)
# In notebook markdown cells: $$…$$ or $…$ (not \$, not an empty $$). A cell
# runs from its opening tag to the next cell's.
_CELL_START = re.compile(r'(?=<div class="jp-Cell )')
_DOLLARS = re.compile(r"\$\$(?P<display>.+?)\$\$|(?<![\\$])\$(?P<inline>[^$\n]+?)\$", re.DOTALL)


class _KaTeX:
    """One node process for the whole build; started on first use."""

    def __init__(self):
        self.process = None
        self.macros = {}
        self.cache = {}

    def render(self, tex: str, display: bool, where: str) -> str:
        key = (tex, display)
        if key not in self.cache:
            if self.process is None:
                self._start()
            self.process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            self.process.stdin.flush()
            reply = json.loads(self.process.stdout.readline())
            if "error" in reply:
                raise PluginError(f"TeX error in {where}: {reply['error']}\n    formula: {tex}")
            self.cache[key] = reply["html"]
        return self.cache[key]

    def _start(self):
        if shutil.which("node") is None:
            raise PluginError("node is needed to render the math (KaTeX). Install Node.js 18 or newer.")
        if not KATEX_DIST.is_dir():
            raise PluginError("KaTeX is not installed: run `npm ci` (python3 dev.py setup does it).")
        self.process = subprocess.Popen(
            ["node", str(ROOT / "hooks" / "katex_render.cjs"), json.dumps(self.macros)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
        )

    def close(self):
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait(timeout=10)
            self.process = None


_katex = _KaTeX()


def on_config(config):
    # Under `mkdocs serve` every rebuild runs on_config again: keep the node
    # process and the rendered formulas unless the macros changed.
    macros = dict(config.extra.get("katex_macros", {}))
    if macros != _katex.macros:
        _katex.close()
        _katex.macros = macros
        _katex.cache.clear()
    css = f"{ASSETS}/katex.min.css"
    if css not in config.extra_css:
        config.extra_css.insert(0, css)
    return config


def _wrap(katex_html: str, display: bool) -> str:
    # data-search-exclude keeps KaTeX's markup out of the search index.
    tag = "div" if display else "span"
    return f'<{tag} class="arithmatex" data-search-exclude>{katex_html}</{tag}>'


def _pending(escaped_tex: str, display: bool) -> str:
    if display:
        return f'<div class="arithmatex" data-tex data-search-exclude>\\[{escaped_tex}\\]</div>'
    return f'<span class="arithmatex" data-tex data-search-exclude>\\({escaped_tex}\\)</span>'


@event_priority(50)  # before print-site saves the page for the printable edition
def on_page_content(content, page, config, files):
    """Mark every formula; search then skips it (rendering waits for on_post_page)."""

    def arithmatex(match):
        display = match.group("display") is not None
        return _pending(match.group("display") if display else match.group("inline"), display)

    content = _ARITHMATEX.sub(arithmatex, content)
    if "jupyter-wrapper" in content:
        cells = _CELL_START.split(content)
        content = "".join(_dollars(cell) if "jp-MarkdownCell" in cell[:200] else cell for cell in cells)
    return content


def on_post_page(output, page, config):
    """Render every marked formula with KaTeX, in the page as the theme wrote it."""
    return _render_marked(output, page.file.src_uri)


def _render_marked(output: str, where: str) -> str:
    def render(match):
        display = match.group("display") is not None
        tex = html.unescape(match.group("display") if display else match.group("inline"))
        return _wrap(_katex.render(tex, display, where), display)

    return _PENDING.sub(render, output)


def _dollars(cell: str) -> str:
    def mark(match):
        display = match.group("display") is not None
        return _pending((match.group("display") if display else match.group("inline")).strip(), display)

    # Leave code alone: math inside <code>, <pre> or <script> is not math.
    parts = re.split(r"(<(code|pre|script)\b.*?</\2>)", cell, flags=re.DOTALL)
    kept = parts[::3]  # re.split returns text, the whole match, the tag name, text, …
    skipped = parts[1::3]
    out = []
    for i, text in enumerate(kept):
        out.append(_DOLLARS.sub(mark, text))
        if i < len(skipped):
            out.append(skipped[i])
    return "".join(out)


def on_shutdown():
    _katex.close()


def on_post_build(config):
    printed = print_page_path(config)
    if printed is not None and printed.is_file():
        printed.write_text(_render_marked(printed.read_text(encoding="utf-8"), "the printable edition"), encoding="utf-8")
    target = Path(config.site_dir) / ASSETS
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    for font in (KATEX_DIST / "fonts").glob("*.woff2"):
        shutil.copyfile(font, target / "fonts" / font.name)
    css = (KATEX_DIST / "katex.min.css").read_text(encoding="utf-8")
    # Keep only the woff2 sources: every current browser reads them, and the
    # other formats are not copied.
    css = re.sub(r",\s*url\(fonts/[^)]+\.(?:woff|ttf)\) format\(\"(?:woff|truetype)\"\)", "", css)
    (target / "katex.min.css").write_text(css, encoding="utf-8")
