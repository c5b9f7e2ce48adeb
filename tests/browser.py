"""Headless Chromium from Debian, driven by Playwright: never a downloaded browser."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CANDIDATES = [
    "/usr/lib/chromium/chromium",  # Debian's chromium package
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",  # preinstalled on GitHub's runners
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
]

ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """RNNMATH_CHROMIUM if set, else the first Chromium or Chrome found."""
    if os.environ.get("RNNMATH_CHROMIUM"):
        return os.environ["RNNMATH_CHROMIUM"]
    for candidate in CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return shutil.which("chromium")


def launch(playwright):
    path = chromium_path()
    if path is None:
        raise RuntimeError(
            "No Chromium found for the browser test. Install Debian's package (apt-get install chromium), "
            "or point RNNMATH_CHROMIUM at a Chromium or Chrome binary. The test never downloads a browser."
        )
    return playwright.chromium.launch(executable_path=path, args=ARGS, headless=True)
