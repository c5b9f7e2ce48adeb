"""The built site in a real browser: every page loads cleanly, offline, with its math drawn.

Pages are served on 127.0.0.1 with gzip, as GitHub Pages serves them. Every
request that would leave 127.0.0.1 is blocked and fails the test. A
full-page screenshot of each page is saved in artifacts/screenshots/, and
the bytes each first visit transfers are written to
artifacts/page-weights.json (the site benchmark prints them).
"""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
MAX_PAGE_BYTES = 500_000  # a first visit, not counting the search index


def page_paths(site):
    return sorted(
        p.relative_to(site).parent.as_posix() + "/" if p.parent != site else ""
        for p in site.rglob("index.html")
    )


def visit(browser, url):
    """Open ``url`` in a fresh context (a first visit); return the page and what happened."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    record = {"errors": [], "outside": [], "bytes": 0}
    host = urlsplit(url).netloc

    def route(route):
        if urlsplit(route.request.url).netloc != host and not route.request.url.startswith("data:"):
            record["outside"].append(route.request.url)
            return route.abort()
        return route.continue_()

    def finished(request):
        if "search_index.json" in request.url:
            return
        sizes = request.sizes()
        record["bytes"] += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and record["errors"].append(f"console: {m.text}"))
    page.on("pageerror", lambda e: record["errors"].append(f"page error: {e}"))
    page.on("requestfinished", finished)
    page.on("requestfailed", lambda r: record["errors"].append(f"request failed: {r.url} {r.failure}"))
    page.goto(url, wait_until="networkidle")
    return context, page, record


def test_every_page_loads_offline_with_its_math_rendered(browser, site_url, built_site):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    weights = {}
    problems = []
    for path in page_paths(built_site):
        context, page, record = visit(browser, site_url + path)
        name = path.strip("/").replace("/", "__") or "home"
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        math = page.evaluate(
            """() => {
                const all = [...document.querySelectorAll('.katex')];
                // Formulas in a folded solution or an inactive tab are not displayed: no client rects.
                const shown = all.filter(el => el.getClientRects().length > 0);
                return {count: all.length, errors: document.querySelectorAll('.katex-error').length,
                        zeroWidth: shown.filter(el => el.getBoundingClientRect().width <= 0).length};
            }"""
        )
        weights[path or "/"] = record["bytes"]
        for error in record["errors"]:
            problems.append(f"{path or '/'}: {error}")
        for url in record["outside"]:
            problems.append(f"{path or '/'}: a request left 127.0.0.1: {url}")
        if math["errors"] or math["zeroWidth"]:
            problems.append(f"{path or '/'}: math not rendered: {math}")
        if record["bytes"] > MAX_PAGE_BYTES:
            problems.append(f"{path or '/'}: a first visit transfers {record['bytes']:,} bytes (> {MAX_PAGE_BYTES:,})")
        context.close()
    (ROOT / "artifacts" / "page-weights.json").write_text(json.dumps(weights, indent=1) + "\n")
    assert not problems, "\n".join(problems)
    assert len(weights) >= 3


def test_pages_with_formulas_show_them(browser, site_url):
    context, page, _ = visit(browser, site_url)
    assert page.locator(".katex").count() > 0
    box = page.locator(".katex").first.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0
    context.close()


def test_dark_mode_toggle(browser, site_url):
    context, page, _ = visit(browser, site_url)
    scheme = lambda: page.evaluate("document.body.getAttribute('data-md-color-scheme')")  # noqa: E731
    before = scheme()
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== {before!r}")
    assert {before, scheme()} == {"default", "slate"}
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.screenshot(path=str(SCREENSHOTS / "home-dark.png"))
    assert background != "rgb(255, 255, 255)"
    context.close()


def test_search_finds_recurrent_kernel(browser, site_url):
    context, page, _ = visit(browser, site_url)
    page.keyboard.press("/")  # Material's search shortcut
    page.locator("input.md-search__input").press_sequentially("recurrent_kernel", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    assert results.count() > 0
    assert "recurrent_kernel" in page.locator(".md-search-result").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "search-recurrent_kernel.png"))
    context.close()


A4_PRINTABLE = {"width": 733, "height": 1070}   # A4 less the cheat sheet's @page margins, in CSS pixels


def test_cheat_sheet_prints_on_two_sides_of_a4(browser, site_url):
    from rnnmath import layers, torch_layout

    context, page, record = visit(browser, site_url + "cheat-sheet/")
    assert not record["errors"] and not record["outside"], record
    math = page.evaluate(
        """() => ({count: document.querySelectorAll('.cheat-sheet .katex').length,
                   errors: document.querySelectorAll('.katex-error').length})"""
    )
    assert math["count"] > 100 and math["errors"] == 0, math
    text = page.locator(".cheat-sheet").inner_text()
    for layer in layers.LAYERS.values():      # every gate order, Keras's and torch's, came through
        if layer.gates:
            assert ", ".join(layer.gates) in text, layer.name
            assert ", ".join(torch_layout.torch_gates(layer.name)) in text, layer.name
        assert f"nn.{torch_layout.TORCH_NAMES[layer.name]}" in text

    pdf = page.pdf(format="A4")
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "cheat-sheet.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))
    assert 1 <= pages <= 2, f"the cheat sheet prints on {pages} A4 pages, not at most 2"

    # In print, the site's chrome is gone and no table runs past the page's right edge.
    page.emulate_media(media="print")
    page.set_viewport_size(A4_PRINTABLE)
    printed = page.evaluate(
        """() => ({header: getComputedStyle(document.querySelector('.md-header')).display,
                   sidebar: getComputedStyle(document.querySelector('.md-sidebar')).display,
                   widest: Math.max(...[...document.querySelectorAll('.cheat-sheet table')]
                                     .map(t => t.getBoundingClientRect().right)),
                   width: document.documentElement.clientWidth})"""
    )
    assert printed["header"] == "none" and printed["sidebar"] == "none", printed
    assert printed["widest"] <= printed["width"] + 1, printed
    page.screenshot(path=str(SCREENSHOTS / "cheat-sheet-print.png"), full_page=True)
    context.close()
