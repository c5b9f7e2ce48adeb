"""Collect the ``>>>`` examples in the pages and the README as tests (Sybil).

Only ```pycon fences are doctests; ```python blocks are executed by the site
build instead (markdown-exec). The examples of one file share a namespace,
in order, as they do when the build runs them (hooks/pycon.py). This file
knows nothing of MkDocs, so the site could move to another builder and keep
its doctests.
"""

import doctest
import sys

from sybil import Sybil
from sybil.evaluators.doctest import DocTestEvaluator
from sybil.parsers.abstract.doctest import DocTestStringParser
from sybil.parsers.markdown import CodeBlockParser

# TensorFlow and Triton each load their own LLVM, and whichever loads second
# aborts the process. torch.optim imports Triton (through torch._dynamo) but its
# CPU optimizers never use it, so the tests, which import both frameworks into
# one process, keep Triton out.
sys.modules.setdefault("triton", None)

FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


class PyconParser:
    """Each ```pycon fence, read as a doctest."""

    def __init__(self):
        self.blocks = CodeBlockParser(language="pycon")
        self.doctests = DocTestStringParser(DocTestEvaluator(FLAGS))

    def __call__(self, document):
        for block in self.blocks(document):
            source = block.parsed
            for region in self.doctests(source, document.path):
                region.adjust(block, source)
                yield region


pytest_collect_file = Sybil(
    parsers=[PyconParser()],
    patterns=["docs/*.md", "docs/*/*.md", "README.md"],
    fixtures=[],
).pytest()
