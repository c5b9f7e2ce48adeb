"""Execute the lab notebooks at build time, in parallel, with a cache that cannot go stale.

The labs live in ``docs/labs/*.ipynb``, stored with their outputs stripped so
that a diff shows only the code. At each build this hook:

1. computes, for every lab, a key from the notebook's text, every file of
   the ``rnnmath`` package, the lock files and the Python version, so that a
   change to any of them re-executes the lab and outputs follow the code;
2. executes the labs whose key is not cached, two at a time (each in its own
   Jupyter kernel), while MkDocs builds the other pages. A cell that raises
   fails the build (nbclient with ``allow_errors=False``);
3. hands mkdocs-jupyter the executed copy to render, and publishes that copy,
   outputs included, next to the page for download, with a Colab link built
   from ``repo_url`` and a note on running it locally.

mkdocs-jupyter therefore renders with ``execute: false``: execution is done
here, once, where it can be cached correctly and run in parallel. Its own
cache of rendered HTML stays on: it is keyed on the executed notebook's
text, outputs included, and this hook waits for a lab (``on_pre_page``,
before mkdocs-jupyter's) and puts the environment into its ``cache_dir``.
"""

from __future__ import annotations

import hashlib
import os
import platform
import posixpath
import re
import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "labs"
JUPYTER_CACHE = ROOT / ".cache" / "mkdocs-jupyter"
LABS = "labs"

_targets: dict[str, Path] = {}     # lab uri -> its executed copy in the cache
_futures: dict[str, Future] = {}   # lab uri -> its execution, while it runs
_pool = ThreadPoolExecutor(max_workers=2)

# TensorFlow's C++ logging writes to the kernel's stderr before any Python
# setting can silence it; those lines are machine noise, not lab output.
_TF_NOISE = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|[IWEF]\d{4} [\d:.]+\s+\d+ \S+:\d+\] .*"
    r"|To enable the following instructions: .*, in other operations, rebuild TensorFlow .*)$"
)


def _environment_key() -> bytes:
    digest = hashlib.sha256(platform.python_version().encode())
    for path in sorted((ROOT / "rnnmath").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    for name in ("uv.lock", "package-lock.json"):
        if (ROOT / name).exists():
            digest.update((ROOT / name).read_bytes())
    return digest.digest()


def _key(notebook: Path, environment: bytes) -> str:
    return hashlib.sha256(environment + notebook.read_bytes()).hexdigest()[:16]


def _strip_tf_noise(nb) -> None:
    for cell in nb.cells:
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                lines = [line for line in output["text"].splitlines(keepends=True) if not _TF_NOISE.match(line.rstrip("\n"))]
                if not "".join(lines).strip():
                    continue
                output["text"] = "".join(lines)
            kept.append(output)
        cell["outputs"] = kept


def _execute(source: Path, target: Path) -> Path:
    import nbformat
    from jupyter_client import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(source, as_version=4)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # An IPC kernel: its sockets are files in a private directory, not TCP ports.
    with tempfile.TemporaryDirectory() as sockets:
        manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))
        client = NotebookClient(nb, km=manager, timeout=600, allow_errors=False,
                                resources={"metadata": {"path": str(source.parent)}})
        try:
            client.execute()
        except CellExecutionError as error:
            raise PluginError(f"Lab {source.name} failed to execute:\n{error}") from None
        finally:
            if manager.has_kernel:
                manager.shutdown_kernel(now=True)
    _strip_tf_noise(nb)
    tmp = target.with_suffix(".part")
    nbformat.write(nb, tmp)
    tmp.replace(target)
    return target


def on_config(config):
    """Start executing the labs that are not cached; MkDocs builds other pages meanwhile."""
    _targets.clear()
    _futures.clear()
    environment = _environment_key()
    # mkdocs-jupyter caches its HTML by the notebook's text, which is the
    # executed notebook here, so outputs are in the key; its cache directory
    # adds the environment (nbconvert's version comes with uv.lock).
    jupyter = config.plugins["mkdocs-jupyter"].config
    jupyter["cache_dir"] = str(JUPYTER_CACHE / hashlib.sha256(environment).hexdigest()[:16])
    for source in sorted((Path(config.docs_dir) / LABS).glob("*.ipynb")):
        uri = f"{LABS}/{source.name}"
        # CACHE/<lab>/<key>/labs/<lab>.ipynb: mkdocs-jupyter's include pattern
        # "labs/*.ipynb" must still match the executed copy's path.
        target = _targets[uri] = CACHE / source.stem / _key(source, environment) / uri
        if not target.exists():
            _futures[uri] = _pool.submit(_execute, source, target)
    return config


def on_files(files, config):
    """Point each lab's page at its executed copy (which may still be executing)."""
    for uri, target in _targets.items():
        files.get_file_from_path(uri).abs_src_path = str(target)
    return files


@event_priority(100)  # before mkdocs-jupyter, which reads the lab to key its cache
def on_pre_page(page, config, files):
    """Wait for a lab's execution before MkDocs or mkdocs-jupyter reads it."""
    future = _futures.pop(page.file.src_uri, None)
    if future is not None:
        future.result()  # re-raises a failed execution as a build error
    return page


def on_page_content(content, page, config, files):
    uri = page.file.src_uri
    if uri not in _targets:
        return content
    # mkdocs-jupyter's template loads MathJax and mermaid from CDNs; the math is
    # rendered at build (hooks/katex.py) and the labs draw no diagrams.
    content = re.sub(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>', "", content)
    content = re.sub(r"<script[^>]*>(?:(?!</script>).)*(?:MathJax|mermaid)(?:(?!</script>).)*</script>",
                     "", content, flags=re.DOTALL)
    content = _local_links(content, page, config)
    # The banner goes between the title's cell and the next cell, where a
    # reader expects it (inside a cell it would sit beside the text).
    banner = _lab_banner(uri, page, config)
    title_end = content.find("</h1>")
    next_cell = content.find('<div class="jp-Cell ', title_end) if title_end != -1 else -1
    if next_cell == -1:
        return banner + content
    return content[:next_cell] + banner + content[next_cell:]


def _page_dir(page) -> str:
    """The directory a page's relative links start from."""
    return (page.url if page.url.endswith("/") else posixpath.dirname(page.url)).rstrip("/") or "."


def _local_links(content: str, page, config) -> str:
    """Links to the published site become links within this build.

    A lab links the site by its full address, so the link also works in
    Colab and in a downloaded notebook. On the site itself it must stay on
    the site (and offline), and the link check must see it.
    """
    site_url = (config.site_url or "").rstrip("/") + "/"
    if site_url == "/":
        return content
    def local(match):
        path, _, fragment = match.group(2).partition("#")
        relative = posixpath.relpath(path or ".", _page_dir(page))
        if (path == "" or path.endswith("/")) and not relative.endswith("/"):
            relative += "/"  # a directory URL, as MkDocs writes them
        return f'{match.group(1)}{relative}{"#" + fragment if fragment else ""}"'

    return re.sub(r'(href=")' + re.escape(site_url) + r'([^"]*)"', local, content)


def _lab_banner(uri: str, page, config) -> str:
    """Download, Colab, and how to run it locally: the links come from repo_url, one place."""
    name = Path(uri).name
    download = posixpath.relpath(uri, _page_dir(page))
    repo = (config.repo_url or "").rstrip("/")
    colab = readme = ""
    if repo.startswith("https://github.com/"):
        colab = (f' <a class="md-button" href="https://colab.research.google.com/github/'
                 f'{repo.removeprefix("https://github.com/")}/blob/main/docs/{uri}">Open in Colab</a>')
        readme = f' (see the <a href="{repo}#quick-start">README</a>)'
    return (
        '<div class="admonition note lab-actions">'
        '<p class="admonition-title">Run this lab</p>'
        f'<p><a class="md-button md-button--primary" href="{download}" download>Download {name}</a>{colab}</p>'
        "<p>The download includes the outputs this site's build computed. To run it on your machine, "
        f"set up the project's environment{readme} and start Jupyter from it: "
        "<code>uv run --with jupyterlab jupyter lab docs/labs</code>. "
        "Every check in the notebook compares rnnmath with Keras as it runs.</p></div>\n"
    )


def on_post_build(config):
    """Publish each executed lab next to its page, outputs included."""
    for uri, path in _targets.items():
        target = Path(config.site_dir) / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    # Keep only this environment's mkdocs-jupyter cache, and the newest execution of each lab.
    current = Path(config.plugins["mkdocs-jupyter"].config["cache_dir"])
    if JUPYTER_CACHE.is_dir():
        for old in JUPYTER_CACHE.iterdir():
            if old != current:
                shutil.rmtree(old, ignore_errors=True)
    for uri, path in _targets.items():
        key_dir = path.parents[len(Path(uri).parts) - 1]
        for old in key_dir.parent.iterdir():
            if old != key_dir:
                shutil.rmtree(old, ignore_errors=True)
