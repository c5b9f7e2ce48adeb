"""How fast the site builds and how light its pages are, measured in one run.

Prints:

1. the time of ``import tensorflow`` in a fresh interpreter (the floor for
   any build whose pages run Keras), and the time of a full strict build
   with no cache (as on a fresh clone or in CI; target at most 5× the
   import) and with the labs' cache warm (as when you build again);
2. how long ``mkdocs serve``, run as ``dev.py serve`` runs it (``--dirty``),
   takes to serve a one-page edit: the median of three edits, on a light
   page (notation) and on a page whose blocks call Keras (LSTM); target at
   most 2 s;
3. the wall time of the fast test tier, ``python3 dev.py test --fast``
   (target at most 60 s), and the CPU time it used;
4. the bytes a first visit to each page transfers (gzip, as GitHub Pages
   serves it), not counting the search index; target: the heaviest page at
   most 500 KB, and no math JavaScript.

Timings alternate and repeat, and medians are compared, because this
machine is shared and noisy; the load average is recorded with them.
Nothing here is a pass/fail test.

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
sys.path.insert(0, str(ROOT))
from dev import FAST_ENV, FAST_TESTS, SERVE  # noqa: E402 - the commands dev.py runs, timed as they are

PYTHON = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}
CACHE = ROOT / ".cache"  # executed and rendered labs
EDITED = {"notation": ("notation.md", "notation/"), "lstm": ("lstm.md", "lstm/")}
TRAINING_PART = "Training"  # the nav part under Derivations whose cost has a budget
TRAINING_LABS = ("labs/loss-for-loss.ipynb", "labs/why-gates-matter.ipynb")


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


def without_training_config() -> Path:
    """A config that inherits mkdocs.yml but leaves out the Training part and its labs.

    Links to the left-out pages are then broken, so this build is not strict and
    does not run the raw-HTML link check; it runs every other page and lab the same.
    """
    import yaml

    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    nav, left_out = [], list(TRAINING_LABS)
    for item in config["nav"]:
        title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        if title == "Derivations":
            kept = []
            for entry in value:
                if TRAINING_PART in entry:
                    left_out += [next(iter(page.values())) for page in entry[TRAINING_PART]]
                else:
                    kept.append(entry)
            item = {title: kept}
        elif title == "Labs":
            item = {title: [lab for lab in value if next(iter(lab.values())) not in TRAINING_LABS]}
        nav.append(item)
    child = ROOT / ".benchmark-without-training.yml"  # beside mkdocs.yml: INHERIT and hooks resolve from there
    child.write_text(yaml.safe_dump({
        "INHERIT": "mkdocs.yml", "strict": False, "nav": nav, "exclude_docs": "\n".join(left_out),
        "hooks": [h for h in config["hooks"] if h not in ("hooks/links.py", "hooks/strict.py")],
    }, allow_unicode=True, sort_keys=False))
    return child


def build_without_training(site_dir: Path) -> float:
    """A cold build of every page but the Training part's (see without_training_config)."""
    shutil.rmtree(CACHE, ignore_errors=True)
    config = without_training_config()
    try:
        return seconds([PYTHON, "-m", "mkdocs", "build", "--clean", "-q", "-f", str(config), "-d", str(site_dir)])
    finally:
        config.unlink()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_edits(edits: int = 3) -> dict[str, list[float]]:
    """Seconds from saving a one-line edit to ``mkdocs serve`` serving it, per page in EDITED.

    The server is started as ``dev.py serve`` starts it; the first build is
    not timed. Each page is edited ``edits`` times, then put back.
    """
    port = free_port()
    server = subprocess.Popen([PYTHON, "-m", "mkdocs", *SERVE, "-a", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # mkdocs serve serves under site_url's path (/rnnmath/), as GitHub Pages will.
    base = f"http://127.0.0.1:{port}{urllib.parse.urlsplit(mkdocs_site_url()).path}"
    times: dict[str, list[float]] = {}
    originals: dict[Path, str] = {}
    try:
        wait_for(base, lambda html: True, timeout=600)
        for name, (page, url_path) in EDITED.items():
            source = ROOT / "docs" / page
            original = originals[source] = source.read_text()
            url = base + url_path
            times[name] = []
            for _ in range(edits):
                marker = f"rebuild-marker-{time.time_ns()}"
                time.sleep(1.0)  # let the watcher settle after the last build
                start = time.perf_counter()
                source.write_text(original + f"\n<!-- {marker} -->\n")
                wait_for(url, lambda html, marker=marker: marker in html, timeout=120)
                times[name].append(time.perf_counter() - start)
            source.write_text(original)
            wait_for(url, lambda html, marker=marker: marker not in html, timeout=120)
        return times
    finally:
        for source, original in originals.items():
            source.write_text(original)
        server.terminate()
        server.wait(timeout=30)


def fast_tier() -> tuple[float, float]:
    """Wall and CPU seconds of the fast test tier, run as `dev.py test --fast` runs it."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run([PYTHON, "-m", "pytest", *FAST_TESTS, "-q", "-p", "no:cacheprovider"],
                   cwd=ROOT, env={**ENV, **FAST_ENV}, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


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

    load_before = os.getloadavg()[0]
    print("1. Build time against `import tensorflow` (medians, alternated)")
    imports, cold, warm, without = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        for _ in range(args.rounds):
            imports.append(import_tensorflow())
            without.append(build_without_training(Path(tmp) / "without"))
            cold.append(build(site, cold=True))
            imports.append(import_tensorflow())
            warm.append(build(site, cold=False))
        tf, c, w, wo = (statistics.median(v) for v in (imports, cold, warm, without))
        print(f"   import tensorflow          {tf:6.2f} s")
        print(f"   full build, no cache        {c:6.2f} s  = {c / tf:4.1f}× the import  (target ≤ 5×: "
              f"{'met' if c <= 5 * tf else 'MISSED'})")
        print(f"   full build, labs cached     {w:6.2f} s  = {w / tf:4.1f}× the import")
        print(f"   no cache, without Training  {wo:6.2f} s: the Training part adds {c - wo:5.1f} s  "
              f"(target ≤ 40 s: {'met' if c - wo <= 40 else 'MISSED'})")

        print("\n2. One-page edit under `python3 dev.py serve` (saved → served; median of 3)")
        edits = serve_edits()
        for name, values in edits.items():
            median = statistics.median(values)
            print(f"   {name:10s} {median:6.2f} s  ({', '.join(f'{v:.2f}' for v in values)})  "
                  f"(target ≤ 2 s: {'met' if median <= 2 else 'MISSED'})")

        print("\n3. The fast test tier, `python3 dev.py test --fast`")
        fast_wall, fast_cpu = fast_tier()
        print(f"   {fast_wall:6.1f} s wall, {fast_cpu:6.1f} s CPU  (target ≤ 60 s wall: "
              f"{'met' if fast_wall <= 60 else 'MISSED'})")

        print("\n4. Bytes a first visit transfers (gzip; the search index not counted)")
        weights = page_weights(site)
        for path, size in sorted(weights.items(), key=lambda item: -item[1]):
            print(f"   {size / 1000:8.1f} KB  {path}")
        heaviest = max(weights.values())
        print(f"   heaviest: {heaviest / 1000:.1f} KB (target ≤ 500 KB: {'met' if heaviest <= 500_000 else 'MISSED'})")
        math_js = [p for p in site.rglob("*.js") if re.search(r"katex|mathjax", p.name, re.IGNORECASE)]
        print(f"   math JavaScript files in the site: {len(math_js)}")
    load = (load_before + os.getloadavg()[0]) / 2
    print(f"\nLoad average (1 min) at start and end, mean: {load:.1f} on {os.cpu_count()} CPUs")

    if args.json:
        record = dict(date=time.strftime("%Y-%m-%d"), cpus=os.cpu_count(), load_average=load, rounds=args.rounds,
                      import_tensorflow=tf, build_cold=c, build_warm=w, build_cold_without_training=wo, serve_edit=edits,
                      fast_tests_wall=fast_wall, fast_tests_cpu=fast_cpu,
                      page_bytes=weights, math_js_files=len(math_js))
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(record, indent=1) + "\n")
        print(f"\nWrote {args.json}")


if __name__ == "__main__":
    main()
