"""Old links keep working: a section that moved to another page is followed there.

`extra.moved_anchors` in mkdocs.yml lists, per old page, each anchor whose
section moved and where it went; `overrides/main.html` sends a visitor of
old-page#anchor on. These check that each entry is still needed (the old
page no longer has the anchor), that its target exists, and, in the browser,
that an old link lands on the new section.
"""

import re

import yaml
from pages import DOCS, ROOT


def moved() -> list[tuple[str, str, str]]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    entries = config["extra"].get("moved_anchors") or {}
    return [(page, anchor, target) for page, anchors in entries.items() for anchor, target in anchors.items()]


def built(site, page: str) -> str:
    path = "" if page == "index.md" else page.removesuffix(".md") + "/"
    return (site / path / "index.html").read_text()


def url_of(page_and_anchor: str) -> str:
    page, _, anchor = page_and_anchor.partition("#")
    return ("" if page == "index.md" else page.removesuffix(".md") + "/") + (f"#{anchor}" if anchor else "")


def test_each_moved_anchor_left_its_page_for_one_that_has_it(built_site):
    for page, anchor, target in moved():
        assert (DOCS / page).exists(), f"moved_anchors names {page}, which is not a page"
        assert f'id="{anchor}"' not in built(built_site, page), f"{page}#{anchor} is still there; drop the entry"
        target_page, _, target_anchor = target.partition("#")
        assert f'id="{target_anchor}"' in built(built_site, target_page), f"{page}#{anchor} moved to {target}, which has no such anchor"


def test_an_old_link_lands_on_the_moved_section(browser, site_url):
    for page, anchor, target in moved():
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(site_url + url_of(page) + f"#{anchor}")
        tab.wait_for_url(re.compile(re.escape(url_of(target)) + "$"), timeout=10_000)
        target_anchor = target.partition("#")[2]
        assert tab.locator(f"#{target_anchor}").count() == 1
        context.close()
