#!/usr/bin/env python3
"""rnnmath's task runner. Needs only Python 3.11+ (and Node.js for the math).

    python3 dev.py serve    set everything up, then serve the site at http://127.0.0.1:8000/rnnmath/;
                            after the first build, a saved page is rebuilt alone (--dirty)
    python3 dev.py test     set everything up, then run every test: ruff, unit tests, doctests,
                            property tests against Keras, the strict site build, the
                            browser test, and the workflow lint
    python3 dev.py test --fast
                            only the unit tests, doctests and property tests (a few examples
                            each), and ruff: no site build, no labs, no browser; under a minute
    python3 dev.py build    set everything up, then build the site strictly into site/
    python3 dev.py bench    set everything up, then run both benchmarks
    python3 dev.py setup    only set up: .venv from uv.lock, node_modules from package-lock.json

Setting up is quick when nothing changed. It uses uv (installing a pinned
uv into .tools/ if there is none on PATH) and npm, and fetches packages
only from PyPI and npm. Extra arguments go to the underlying command, for
example ``python3 dev.py test -k lstm`` or ``python3 dev.py serve -a 0.0.0.0:8000``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
UV_VERSION = "0.13.8"
BIN = "Scripts" if os.name == "nt" else "bin"
VENV_PYTHON = ROOT / ".venv" / BIN / ("python.exe" if os.name == "nt" else "python")
# `mkdocs serve` as `dev.py serve` runs it (benchmarks/site.py times the same). --dirty: after
# the first build a save rebuilds only that page. MkDocs 1.6 warns on every dirty build, and
# strict mode would abort on that warning, so serving is not strict; `dev.py build`, the
# tests and CI are.
SERVE = ["serve", "--livereload", "--dirty", "--no-strict"]
# The fast tier: tests marked "build" (tests/conftest.py marks them by the fixtures they use)
# build the site, execute the labs or drive the browser; the "fast" Hypothesis profile draws
# a few examples; two pytest-xdist workers share the two cores.
FAST_TESTS = ["-m", "not build", "-n", "2"]
FAST_ENV = {"HYPOTHESIS_PROFILE": "fast"}


def say(message: str) -> None:
    print(f"[dev.py] {message}", flush=True)


def run(*command, **kwargs) -> None:
    """Run a command from the project root; stop with its exit code if it fails."""
    result = subprocess.run([str(c) for c in command], cwd=ROOT, **kwargs)
    if result.returncode != 0:
        sys.exit(result.returncode)


def uv() -> str:
    """uv from PATH, or a pinned copy installed into .tools/uv on first use."""
    found = shutil.which("uv")
    if found:
        return found
    tools = ROOT / ".tools" / "uv"
    exe = tools / BIN / ("uv.exe" if os.name == "nt" else "uv")
    if not exe.exists():
        say(f"installing uv {UV_VERSION} into {tools.relative_to(ROOT)}")
        venv.create(tools, with_pip=True)
        run(tools / BIN / "python", "-m", "pip", "install", "--quiet", f"uv=={UV_VERSION}")
    return str(exe)


def setup() -> None:
    if sys.version_info < (3, 11):
        sys.exit("rnnmath needs Python 3.11 or newer.")
    start = time.perf_counter()
    first_time = not VENV_PYTHON.exists()
    if first_time:
        say("first-time set-up: installing TensorFlow, MkDocs and the test tools into .venv "
            "(a few minutes on a slow connection; later runs take a second)")
    say("syncing .venv with uv.lock (both extras and every dependency group)")
    # --python: use this interpreter rather than downloading one.
    run(uv(), "sync", "--frozen", "--all-extras", "--all-groups", "--compile-bytecode", "--python", sys.executable,
        env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"})
    if shutil.which("npm") is None or shutil.which("node") is None:
        sys.exit("Node.js and npm are needed to render the math (KaTeX) and lint the workflows. "
                 "Install Node.js 18 or newer (Debian: apt-get install nodejs npm).")
    stamp = ROOT / "node_modules" / ".package-lock.json"
    lock = ROOT / "package-lock.json"
    if not stamp.exists() or stamp.stat().st_mtime < lock.stat().st_mtime:
        say("installing node_modules from package-lock.json")
        run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
    say(f"set up in {time.perf_counter() - start:.1f} s")


def ensure_chromium() -> None:
    """The browser test needs a Chromium; install Debian's if we can, never download one."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import chromium_path

    if chromium_path():
        return
    apt = shutil.which("apt-get")
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    sudo = [] if is_root else (["sudo", "-n"] if shutil.which("sudo") else None)
    if apt and sudo is not None:
        say("installing Debian's chromium for the browser test")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(*sudo, apt, "update", "-qq", env=env)
        run(*sudo, apt, "install", "-y", "-qq", "chromium", env=env)
        return
    sys.exit("The browser test needs Chromium. Install it (Debian/Ubuntu: apt-get install chromium; "
             "macOS: brew install --cask chromium) or set RNNMATH_CHROMIUM to a Chromium or Chrome binary.")


def env() -> dict:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}


def main(argv: list[str]) -> None:
    task, extra = (argv[0], argv[1:]) if argv else ("help", [])
    if task in ("help", "-h", "--help"):
        print(__doc__)
        return
    if task not in ("setup", "serve", "test", "build", "bench"):
        sys.exit(f"Unknown task {task!r}. Tasks: setup, serve, test, build, bench.")
    setup()
    if task == "serve":
        say("the first build runs every page's code (about a minute; each page is logged as it starts), "
            "then the site is at http://127.0.0.1:8000/rnnmath/ (Ctrl-C to stop)")
        run(VENV_PYTHON, "-m", "mkdocs", *SERVE, *extra, env=env())
    elif task == "build":
        run(VENV_PYTHON, "-m", "mkdocs", "build", "--clean", *extra, env=env())
    elif task == "test" and "--fast" in extra:
        extra.remove("--fast")
        run(VENV_PYTHON, "-m", "pytest", *FAST_TESTS, *extra, env={**env(), **FAST_ENV})
    elif task == "test":
        ensure_chromium()
        run(VENV_PYTHON, "-m", "pytest", *extra, env=env())
    elif task == "bench":
        # The figures the performance page shows come from these runs.
        results = ROOT / "benchmarks" / "results"
        run(VENV_PYTHON, "benchmarks/layers.py", "--json", results / "layers.json", *extra, env=env())
        run(VENV_PYTHON, "benchmarks/site.py", "--json", results / "site.json", env=env())


if __name__ == "__main__":
    main(sys.argv[1:])
