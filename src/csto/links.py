"""Every public link to the course, built from one place: ``[tool.csto]`` in ``pyproject.toml``.

The repository's address and branch are written there and nowhere else. From them come
the README's Binder badge (``make links`` rewrites it), the website's launch links
(``book/conf.py``) and the links that open the course on a JupyterHub through nbgitpuller
(``make hub-link HUB=https://hub.example.edu``). ``tests/test_links.py`` checks they agree.

>>> binder_url("notebooks/01-origins.ipynb").startswith("https://mybinder.org/v2/gh/")
True
>>> binder_url("notebooks/01-origins.ipynb").endswith("?urlpath=lab/tree/notebooks/01-origins.ipynb")
True
>>> url = nbgitpuller_url("https://hub.example.edu/")
>>> url.startswith("https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2F")
True
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlencode

__all__ = ["config", "repository", "branch", "github_parts", "binder_url", "nbgitpuller_url",
           "badge", "update", "main", "START", "BINDERHUB"]

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
README = PYPROJECT.parent / "README.md"
#: The lesson every link opens unless told otherwise.
START = "notebooks/00-start-here.ipynb"
#: The public BinderHub.
BINDERHUB = "https://mybinder.org"
BEGIN, END = "<!-- BEGIN LAUNCH (make links) -->", "<!-- END LAUNCH -->"


def config(path: Path | str | None = None) -> dict:
    """``[tool.csto]`` of ``pyproject.toml``: ``repository`` (an https address) and ``branch``."""
    with open(path or PYPROJECT, "rb") as f:
        table = tomllib.load(f)["tool"]["csto"]
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", table["repository"]):
        raise ValueError(f"[tool.csto] repository must be https://github.com/OWNER/NAME, not {table['repository']!r}")
    return {"repository": table["repository"], "branch": table["branch"]}


def repository() -> str:
    """The course repository's public address.

    >>> repository().startswith("https://github.com/")
    True
    """
    return config()["repository"]


def branch() -> str:
    """The branch that students and Binder get."""
    return config()["branch"]


def github_parts() -> tuple[str, str]:
    """``(owner, name)`` of the repository on GitHub."""
    owner, name = repository().removeprefix("https://github.com/").split("/")
    return owner, name


def binder_url(path: str = START, binderhub: str = BINDERHUB) -> str:
    """A link that builds the course on a BinderHub and opens ``path`` in JupyterLab."""
    owner, name = github_parts()
    return f"{binderhub.rstrip('/')}/v2/gh/{owner}/{name}/{branch()}?urlpath=lab/tree/{path}"


def nbgitpuller_url(hub: str, path: str = START) -> str:
    """A link that pulls the course into a JupyterHub user's home and opens ``path``.

    nbgitpuller clones the repository into a folder named after it the first time and, on
    every later click, merges new upstream files without overwriting the student's edits.
    Every value is fully percent-encoded, as nbgitpuller's own link generator does.
    """
    _, name = github_parts()
    query = urlencode({"repo": repository(), "urlpath": f"lab/tree/{name}/{path}", "branch": branch()})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def badge() -> str:
    """The README's Binder badge (markdown)."""
    return f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder_url()})"


def update(text: str) -> str:
    """``text`` (the README) with the badge between its LAUNCH markers rebuilt."""
    if BEGIN not in text or END not in text:
        raise ValueError(f"README.md lacks the markers {BEGIN} ... {END}")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{badge()}\n{END}{tail}"


USAGE = """usage:
  python -m csto.links --write          rewrite the README's Binder badge from [tool.csto]
  python -m csto.links binder [PATH]    print a Binder link (default: lesson 00)
  python -m csto.links hub URL [PATH]   print an nbgitpuller link for the JupyterHub at URL"""


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--write"]:
        README.write_text(update(README.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"README.md: Binder badge for {repository()} ({branch()})")
    elif args[:1] == ["binder"] and len(args) <= 2:
        print(binder_url(*args[1:]))
    elif args[:1] == ["hub"] and 2 <= len(args) <= 3:
        print(nbgitpuller_url(*args[1:]))
    else:
        print(USAGE, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
