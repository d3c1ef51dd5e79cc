"""Which Python versions the course supports, read from one place: ``pyproject.toml``.

``requires-python = ">=3.11,<3.14"`` there is the only statement of the range; ``make``,
:func:`csto.env.check` and the tests read it from here. This file uses the standard library
only and runs as a script under any Python 3, so ``make`` can ask it before anything is
installed::

    python3 src/csto/supported.py      # exit 0 if this interpreter is supported, else a message

>>> python_range()
((3, 11), (3, 13))
>>> label()
'3.11–3.13'
>>> is_supported((3, 12)), is_supported((3, 10))
(True, False)
"""

import re
import sys
from pathlib import Path

__all__ = ["python_range", "label", "is_supported", "main"]

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def python_range(path=None):
    """The first and last supported ``(major, minor)``, from ``requires-python = ">=A,<B"``."""
    text = Path(path or PYPROJECT).read_text(encoding="utf-8")
    m = re.search(r'^requires-python\s*=\s*">=\s*3\.(\d+)\s*,\s*<\s*3\.(\d+)"', text, re.M)
    if not m:
        raise ValueError("pyproject.toml must say requires-python = \">=3.X,<3.Y\"")
    return (3, int(m.group(1))), (3, int(m.group(2)) - 1)


def label(path=None):
    """The range as people write it, for example ``3.11–3.13``."""
    (a, b), (c, d) = python_range(path)
    return "%d.%d–%d.%d" % (a, b, c, d)


def is_supported(version=None, path=None):
    """Whether ``version`` (default: this interpreter's) is in the supported range."""
    first, last = python_range(path)
    return first <= tuple((version or sys.version_info)[:2]) <= last


def main():
    """Exit 0 under a supported interpreter; otherwise say which versions to use."""
    if is_supported():
        return 0
    v = sys.version_info
    return ("The course needs Python %s; %s is %d.%d. Install one of those versions or point "
            "make at it, for example: make PYTHON=/path/to/python3.13" % (label(), sys.executable, v[0], v[1]))


if __name__ == "__main__":
    sys.exit(main())
