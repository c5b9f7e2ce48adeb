"""Write on every page which versions computed it: "Verified with …".

The versions are read at build time from the environment that runs the
build (the same one that executes every snippet and lab), never typed.
"""

from __future__ import annotations

import platform
import subprocess
from datetime import date
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def verified_with() -> dict:
    """The versions that compute the site, and the commit it was built from."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = ""
    return {
        "Python": platform.python_version(),
        "numpy": version("numpy"),
        "TensorFlow": version("tensorflow"),
        "Keras": version("keras"),
        "PyTorch": version("torch"),
        "rnnmath": version("rnnmath"),
        "commit": commit,
        "date": date.today().isoformat(),
    }


def on_config(config):
    config.extra["verified_with"] = verified_with()
    return config
