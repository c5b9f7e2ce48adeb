"""Shared test set-up: quiet TensorFlow, and Hypothesis profiles.

The "ci" profile (chosen when CI is set) is derandomized, so that a run on
a fresh clone is reproducible; locally every run draws new examples. The
"fast" profile (``python3 dev.py test --fast``) draws a few examples per
property, for the edit-test loop; the full run keeps the full budget.

A test that needs the built site, the executed labs or a browser is marked
``build`` here, from the fixtures it asks for, so ``-m "not build"`` (the
fast tier) leaves it out without each file having to say so.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Before any test imports TensorFlow (none of the imports above does).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

settings.register_profile(
    "dev", deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", deadline=None, max_examples=60, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fast", deadline=None, max_examples=4, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


# ---- The built site, shared by the site and browser tests

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"


def build_site(config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """``mkdocs build`` with a config; strict mode comes from the config itself."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config), "-d", str(site_dir)],
        cwd=ROOT, capture_output=True, text=True, env=env,
    )


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The whole site, built once per test run into site/ (where a developer can look at it)."""
    site = ROOT / "site"
    result = build_site(ROOT / "mkdocs.yml", site)
    if result.returncode != 0:
        pytest.fail(f"The strict site build failed:\n{result.stdout[-4000:]}\n{result.stderr[-8000:]}")
    return site


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served on 127.0.0.1, gzip on, as GitHub Pages serves it."""
    from serve import serve

    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(built_site):
    """Headless Chromium (Debian's, or RNNMATH_CHROMIUM), driven by Playwright."""
    from playwright.sync_api import sync_playwright

    from browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


BUILD_FIXTURES = {"built_site", "site_url", "browser", "executed"}


def pytest_collection_modifyitems(items):
    for item in items:
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)
