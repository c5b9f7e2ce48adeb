"""Keep ``strict: true`` strict under ``mkdocs build --quiet``.

MkDocs 1.x implements ``--quiet`` by raising its "mkdocs" logger to ERROR.
Warnings are then never created, so strict mode has none to count: a page
whose snippet failed builds "successfully", and the page cache stores it.
This hook moves the silence to where it belongs. The logger passes warnings
on again, and only the console handler drops them, so ``--quiet`` still
prints nothing but errors while strict mode still counts every warning.
"""

from __future__ import annotations

import logging


def on_config(config):
    logger = logging.getLogger("mkdocs")
    if logger.level > logging.WARNING:
        for handler in logger.handlers:
            if handler.name == "MkDocsStreamHandler":
                handler.setLevel(logger.level)
        logger.setLevel(logging.WARNING)
    return config
