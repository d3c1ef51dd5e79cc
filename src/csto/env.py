"""Check that this environment has the course's pinned versions.

>>> report = check()
>>> report.columns.tolist()
['package', 'pinned', 'installed', 'ok']
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pandas as pd

from csto.data import data_dir

__all__ = ["pins", "check"]


def pins(path: Path | None = None) -> dict[str, str]:
    """The exact pins of ``requirements.txt`` (next to the data folder), by package name.

    >>> pins()["pandas"]
    '3.1.1'
    """
    path = path or data_dir().parent / "requirements.txt"
    out = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            out[name.strip().lower()] = version.strip()
    return out


def check(names=("jupyterlab", "ipywidgets", "pandas", "matplotlib", "nbval")) -> pd.DataFrame:
    """One row per package: the pinned version, the installed one, and whether they match.

    Python itself is checked to the minor version (3.11), the level the pins depend on.
    """
    wanted = pins()
    rows = [("python", "3.11", f"{sys.version_info.major}.{sys.version_info.minor}")]
    for name in names:
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "missing"
        rows.append((name, wanted.get(name, "?"), installed))
    df = pd.DataFrame(rows, columns=["package", "pinned", "installed"])
    df["ok"] = df["pinned"] == df["installed"]
    return df
