"""What the page tests read from the Markdown sources: the nav's parts, a page's prose, its shown code.

Nothing here builds the site. The parts come from `mkdocs.yml`'s nav, so a
page moved or added there is tested without a list here to update.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def nav() -> list:
    return yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["nav"]


def _pages_under(item) -> list[str]:
    if isinstance(item, str):
        return [item] if item.endswith(".md") else []
    if isinstance(item, list):
        return [page for entry in item for page in _pages_under(entry)]
    return [page for value in item.values() for page in _pages_under(value)]


def part(title: str) -> list[Path]:
    """The Markdown pages under one top-level nav entry, in nav order."""
    entry = next(item[title] for item in nav() if isinstance(item, dict) and title in item)
    return [DOCS / page for page in _pages_under(entry)]


def derivation_pages() -> list[Path]:
    """Every page under the nav's "Derivations", whatever parts it is divided into."""
    return part("Derivations")


FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)$")


def blocks(text: str):
    """Each fenced block of a page as (info string, code), dedented, in order."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence, info = opening["indent"], opening["fence"], opening["info"].strip()
        body = []
        i += 1
        while i < len(lines) and not (lines[i].strip().startswith(fence) and lines[i].strip().strip(fence[0]) == ""):
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i].lstrip())
            i += 1
        i += 1
        yield info, textwrap.dedent("\n".join(body))


def is_shown(info: str) -> bool:
    """A block the reader sees as code: plain Python or pycon, or an executed block with `source=`."""
    language = info.split()[0] if info else ""
    if language == "pycon":
        return True
    if language not in ("python", "py"):
        return False
    return 'exec="on"' not in info or "source=" in info


def pycon_to_python(code: str) -> str:
    """The statements of a ```pycon example (its `>>>` and `...` lines), without the printed output."""
    statements = []
    for line in code.splitlines():
        if line.startswith(">>> ") or line == ">>>":
            statements.append(line[4:])
        elif line.startswith("... ") or line == "...":
            statements.append(line[4:])
    return "\n".join(statements)


def shown_code(page: Path) -> list[str]:
    """The code a reader of the page sees, block by block, in order, as Python source."""
    out = []
    for info, code in blocks(page.read_text()):
        if is_shown(info):
            out.append(pycon_to_python(code) if info.startswith("pycon") else code)
    return out


def prose(text: str) -> str:
    """A page's prose: no front matter, code blocks, math, tables, HTML tags or link targets."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    kept, inside = [], None
    for line in text.splitlines():
        stripped = line.strip()
        if inside:
            if stripped.startswith(inside) and stripped.strip(inside[0]) == "":
                inside = None
            continue
        opening = re.match(r"(`{3,}|~{3,})", stripped)
        if opening:
            inside = opening.group(1)
            continue
        if stripped.startswith("|"):
            continue
        kept.append(line)
    text = "\n".join(kept)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$\n]+\$", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"\{[#.][^}]*\}", " ", text)
    return text


def prose_words(page: Path) -> int:
    return len(re.findall(r"[A-Za-z][A-Za-z'’-]*", prose(page.read_text())))
