"""Shared pytest set-up: a headless plot backend and nbval's sanitize file.

nbval reads ``--nbval-sanitize-with`` relative to the current folder, so the path is
set here, from this file's location, and the suite runs the same from any folder.
"""

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).parent
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"


def pytest_configure(config):
    if getattr(config.option, "nbval", False) and not config.option.nbval_sanitize_with:
        config.option.nbval_sanitize_with = str(SANITIZE)

# The browser check needs Chromium and Playwright, so it runs with `make browser`, not in the suite.
collect_ignore_glob = ["tests/browser/*", "build/*"]
