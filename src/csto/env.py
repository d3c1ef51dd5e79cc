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

from csto import supported
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

    Python itself is checked against the supported range (``pyproject.toml``'s
    ``requires-python``, see :mod:`csto.supported`): the row names the range and says
    ``in range``, so the table reads the same on every supported version; outside the
    range it shows the version found.

    >>> print(check().iloc[:1].to_string(index=False))
    package    pinned installed   ok
     python 3.11–3.13  in range True
    """
    wanted = pins()
    in_range = supported.is_supported()
    found = "in range" if in_range else f"{sys.version_info.major}.{sys.version_info.minor}"
    rows = [("python", supported.label(), found)]
    for name in names:
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "missing"
        rows.append((name, wanted.get(name, "?"), installed))
    df = pd.DataFrame(rows, columns=["package", "pinned", "installed"])
    df["ok"] = df["pinned"] == df["installed"]
    df.loc[0, "ok"] = in_range
    return df
