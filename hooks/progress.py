"""Say which page the build is running, so a first build is not a silent minute.

Rendering a page runs its code blocks, and the first pages also import
TensorFlow, so a full build prints nothing for most of a minute. This hook
logs one line per page as its code starts: ``page 3 of 19: batch.md``. A
``--dirty`` rebuild under ``mkdocs serve`` renders only the edited page, and
says so. ``--quiet`` hides these lines (they are INFO).
"""

from __future__ import annotations

import logging

log = logging.getLogger("mkdocs.hooks.progress")
_count = {"done": 0, "pages": 0}


def on_files(files, config):
    _count.update(done=0, pages=sum(1 for f in files.documentation_pages()))
    return files


def on_pre_page(page, config, files):
    _count["done"] += 1
    log.info(f"page {_count['done']} of {_count['pages']}: {page.file.src_uri}")
    return page
