"""Shared test set-up: quiet TensorFlow, and Hypothesis profiles.

The "ci" profile (chosen when CI is set) is derandomized, so that a run on
a fresh clone is reproducible; locally every run draws new examples.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "dev", deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", deadline=None, max_examples=60, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


# ---- The built site, shared by the site and browser tests

import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"


def build_site(config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """``mkdocs build`` with a config; strict mode comes from the config itself."""
    env = {**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}
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
