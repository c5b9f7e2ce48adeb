"""Keep ``strict: true`` strict under ``mkdocs build --quiet``.

MkDocs 1.6 implements ``--quiet`` by raising its "mkdocs" logger to ERROR.
A warning is then dropped before any handler sees it, including the counter
that strict mode reads at the end of the build: a page whose snippet failed
(markdown-exec logs a warning) builds "successfully". This hook moves the
silence to the console: the logger passes warnings on again, and every
handler except strict mode's counter (``mkdocs.utils.CountHandler``) keeps
the raised level, so ``--quiet`` still prints only errors while strict mode
still counts every warning. Only public ``logging`` and ``mkdocs.utils``
names are used.
"""

from __future__ import annotations

import logging

from mkdocs.utils import CountHandler


def on_config(config):
    logger = logging.getLogger("mkdocs")
    if logger.level > logging.WARNING:
        for handler in logger.handlers:
            if not isinstance(handler, CountHandler):
                handler.setLevel(max(handler.level, logger.level))
        logger.setLevel(logging.WARNING)
    return config
