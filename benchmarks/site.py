"""How fast the site builds and how light its pages are, measured in one run.

Prints:

1. the time of ``import tensorflow`` in a fresh interpreter (the floor for
   any build whose pages run Keras), and the time of a full strict build,
   with no cache (as on a fresh clone or in CI) and with a warm cache (as
   when you build again), with their ratios to it; target: a full build
   takes at most 3× the import;
2. how long ``mkdocs serve`` takes to show a one-page edit; target: a few
   seconds;
3. the bytes a first visit to each page transfers (gzip, as GitHub Pages
   serves it), not counting the search index; target: the heaviest page at
   most 500 KB, and no math JavaScript.

Timings alternate and repeat, and medians are compared, because this
machine is shared and noisy. Nothing here is a pass/fail test.

Usage: python benchmarks/site.py [--rounds N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}
CACHE = ROOT / ".cache"  # executed labs, rendered labs and pages


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def import_tensorflow() -> float:
    return seconds([PYTHON, "-c", "import tensorflow"])


def build(site_dir: Path, cold: bool) -> float:
    """A full strict build; cold means no cache at all, as on a fresh clone."""
    if cold:
        shutil.rmtree(CACHE, ignore_errors=True)
    return seconds([PYTHON, "-m", "mkdocs", "build", "--clean", "-q", "-d", str(site_dir)])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_rebuild(page: str = "neuron.md", url_path: str = "neuron/") -> list[float]:
    """Seconds from saving a one-line edit to ``mkdocs serve`` serving it, for two edits in a row.

    The first edit after starting the server also pays for importing
    TensorFlow, if every page came from the cache; the second shows the
    usual cost while you write.
    """
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    source = ROOT / "docs" / page
    original = source.read_text()
    # mkdocs serve serves under site_url's path (/rnnmath/), as GitHub Pages will.
    prefix = urllib.parse.urlsplit(mkdocs_site_url()).path
    url = f"http://127.0.0.1:{port}{prefix}{url_path}"
    times = []
    try:
        wait_for(url, lambda html: True, timeout=300)
        for _ in range(2):
            marker = f"rebuild-marker-{time.time_ns()}"
            time.sleep(1.0)  # let the watcher settle after the last build
            start = time.perf_counter()
            source.write_text(original + f"\n<!-- {marker} -->\n")
            wait_for(url, lambda html: marker in html, timeout=120)
            times.append(time.perf_counter() - start)
        return times
    finally:
        source.write_text(original)
        server.terminate()
        server.wait(timeout=30)


def mkdocs_site_url() -> str:
    for line in (ROOT / "mkdocs.yml").read_text().splitlines():
        if line.startswith("site_url:"):
            return line.split(":", 1)[1].strip()
    return "/"


def wait_for(url: str, ready, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read().decode("utf-8", "replace")):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{url} was not ready within {timeout} s")


def page_weights(site: Path) -> dict[str, int]:
    """Bytes a first visit transfers, per page, measured in headless Chromium."""
    sys.path.insert(0, str(ROOT / "tests"))
    from playwright.sync_api import sync_playwright

    from browser import launch
    from serve import serve

    weights = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        for index in sorted(site.rglob("index.html")):
            path = index.parent.relative_to(site).as_posix()
            path = "" if path == "." else path + "/"
            context = browser.new_context()
            page = context.new_page()
            total = [0]

            def finished(request, total=total):
                if "search_index.json" not in request.url:
                    sizes = request.sizes()
                    total[0] += sizes["responseBodySize"] + sizes["responseHeadersSize"]

            page.on("requestfinished", finished)
            page.goto(base + path, wait_until="networkidle")
            weights[path or "/"] = total[0]
            context.close()
        browser.close()
    return weights


def main():
    # Stopped by a signal, still put the edited page back (serve_rebuild's finally).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    print("1. Build time against `import tensorflow` (medians, alternated)")
    imports, cold, warm = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        for _ in range(args.rounds):
            imports.append(import_tensorflow())
            cold.append(build(site, cold=True))
            imports.append(import_tensorflow())
            warm.append(build(site, cold=False))
        tf, c, w = (statistics.median(v) for v in (imports, cold, warm))
        print(f"   import tensorflow          {tf:6.2f} s")
        print(f"   full build, no cache        {c:6.2f} s  = {c / tf:4.1f}× the import  (target ≤ 3×: "
              f"{'met' if c <= 3 * tf else 'MISSED'})")
        print(f"   full build, cache warm      {w:6.2f} s  = {w / tf:4.1f}× the import  (target ≤ 3×: "
              f"{'met' if w <= 3 * tf else 'MISSED'})")

        print("\n2. One-page edit under `mkdocs serve`")
        first, second = serve_rebuild()
        print(f"   first edit saved → served    {first:6.2f} s  (TensorFlow imported on the way)")
        print(f"   next edit saved → served     {second:6.2f} s  (target: a few seconds)")

        print("\n3. Bytes a first visit transfers (gzip; the search index not counted)")
        weights = page_weights(site)
        for path, size in sorted(weights.items(), key=lambda item: -item[1]):
            print(f"   {size / 1000:8.1f} KB  {path}")
        heaviest = max(weights.values())
        print(f"   heaviest: {heaviest / 1000:.1f} KB (target ≤ 500 KB: {'met' if heaviest <= 500_000 else 'MISSED'})")
        math_js = [p for p in site.rglob("*.js") if re.search(r"katex|mathjax", p.name, re.I)]
        print(f"   math JavaScript files in the site: {len(math_js)}")

    if args.json:
        record = dict(date=time.strftime("%Y-%m-%d"), cpus=os.cpu_count(), rounds=args.rounds,
                      import_tensorflow=tf, build_cold=c, build_warm=w, serve_first_edit=first,
                      serve_rebuild=second,
                      page_bytes=weights, math_js_files=len(math_js))
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(record, indent=1) + "\n")
        print(f"\nWrote {args.json}")


if __name__ == "__main__":
    main()
