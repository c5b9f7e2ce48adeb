"""Run every ```pycon example on a page at build time, and show what it printed.

A ``>>>`` example in a page is two things: a doctest (pytest runs it with
Sybil, see ``conftest.py``) and a number shown to a reader. So that the
number shown is one the build computed, this hook runs each example, like
the interactive interpreter, and renders the output it produced. If that
output differs from the one written in the page, the build fails: the page
would be showing something its source does not say.

Examples on one page share a namespace, in page order, as in Sybil.
A mismatch is logged as an error, so the strict build fails after reporting
every mismatch on every page.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import logging
import sys
import traceback

from pymdownx.superfences import highlight_validator

log = logging.getLogger("mkdocs.hooks.pycon")

FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
_namespace: dict = {}  # the current page's; reset as each page starts
_checker = doctest.OutputChecker()


def _run(example: doctest.Example, namespace: dict) -> tuple[str, str | None]:
    """Run one example as the interpreter would: (what it printed, the exception line or None)."""
    out = io.StringIO()
    exception = None
    with contextlib.redirect_stdout(out):
        try:
            exec(compile(example.source, "<pycon>", "single"), namespace)
        except Exception:
            exception = traceback.format_exception_only(*sys.exc_info()[:2])[-1]
    return out.getvalue(), exception


def _check(example: doctest.Example, printed: str, exception: str | None, where: str) -> None:
    """Log an error unless the example printed what the page says, as doctest would judge it."""
    if example.exc_msg is not None:
        ok = exception is not None and _checker.check_output(example.exc_msg, exception, FLAGS)
        want, got = example.exc_msg, exception
    else:
        ok = exception is None and _checker.check_output(example.want, printed, FLAGS)
        want, got = example.want, printed + (exception or "")
    if not ok:
        log.error(
            f"A >>> example in {where} does not print what the page says it prints:\n"
            f"    {example.source.strip()}\n    page says: {want!r}\n    build got: {got!r}"
        )


def format_pycon(src, language, class_name, options, md, **kwargs):
    """A pymdownx.superfences formatter: execute, check, then highlight as pycon."""
    namespace = _namespace
    lines = []
    for example in doctest.DocTestParser().get_examples(src):
        printed, exception = _run(example, namespace)
        _check(example, printed, exception, _namespace.get("__file__", "a page"))
        first, *rest = example.source.rstrip("\n").split("\n")
        lines += [">>> " + first, *("... " + line for line in rest)]
        if exception is not None:
            lines += ["Traceback (most recent call last):", "  ...", exception.rstrip("\n")]
        elif printed:
            lines += printed.rstrip("\n").split("\n")
    highlight = md.preprocessors["fenced_code_block"].highlight
    return highlight(src="\n".join(lines), language="pycon", options=options, md=md, **kwargs)


def on_config(config):
    """Register the formatter for ```pycon fences."""
    superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
    fences = superfences.setdefault("custom_fences", [])
    fences[:] = [f for f in fences if f.get("name") != "pycon"]
    fences.append({"name": "pycon", "class": "highlight", "format": format_pycon, "validator": highlight_validator})
    return config


def on_page_markdown(markdown, page, config, files):
    """Each page starts with an empty namespace."""
    _namespace.clear()
    _namespace["__name__"] = "__page__"
    _namespace["__file__"] = page.file.src_uri
    return markdown
