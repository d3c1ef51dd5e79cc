"""The course website: stage the pages from the repository, then build them with Sphinx (``make book``).

The site is built offline from what the repository already holds: the README as the home
page, the executed lessons in order (their stored outputs, never re-run), the data
dictionary, the claims ledger as a table, and the instructor's pages. Sphinx with MyST-NB
and the book theme (``requirements-book.txt``) renders them; ``book/conf.py`` is the
configuration and takes the repository's address from :mod:`csto.links`.

Staging copies each page into ``build/book/src`` at the same relative path it has in the
repository, so every link between pages keeps working, with three changes:

- the home page is ``index.md``, the README plus the site's table of contents;
- a link to ``seeds/claims.csv`` goes to the ledger's page (the CSV stays downloadable there);
- images the site cannot fetch offline (the Binder badge) are replaced by local copies,
  and files that pages link to but that are not pages (licences, CSVs) are copied, so they
  become downloads.

>>> [title for title, _ in sections()][:2]
['Lessons', 'Assignments']
>>> sections()[0][1][0]
'notebooks/00-start-here.ipynb'
>>> rewrite_links("see [the ledger](claims.csv) and [the card](source-card.md)", "seeds/source-card.md")[0]
'see [the ledger](claims.md) and [the card](source-card.md)'
"""

from __future__ import annotations

import csv
import posixpath
import re
import shutil
import sys
import time
from pathlib import Path

import nbformat

__all__ = ["sections", "pages", "rewrite_links", "stage", "build", "main"]

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "book"
#: Repository files shown as another page on the site.
REDIRECT = {"seeds/claims.csv": "seeds/claims.md"}
#: Images the site cannot fetch offline, and the local copy each is replaced by.
LOCAL_IMAGES = {"https://mybinder.org/badge_logo.svg": "_static/binder-badge.svg"}
LINK = re.compile(r"(!?\[[^\]]*\]\()([^)\s]+)(\))")


def sections() -> list[tuple[str, list[str]]]:
    """The site's table of contents: (caption, repository paths of its pages), in order."""
    lessons = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assignments = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "exercises" / "student").glob("*.ipynb"))
    return [
        ("Lessons", lessons),
        ("Assignments", assignments),
        ("Reference", ["notebooks/glossary.md", "data/README.md"]),
        ("For instructors", ["exercises/instructor-guide.md", "seeds/claims.md", "seeds/README.md",
                             "seeds/source-card.md", "exercises/README.md"]),
        ("For contributors", ["CONTRIBUTING.md"]),
    ]


def pages() -> list[str]:
    """Every page of the site but the home page, in order."""
    return [page for _, group in sections() for page in group]


def rewrite_links(text: str, page: str) -> tuple[str, list[str]]:
    """``text`` of ``page`` (a repository path) with its links fitted to the site.

    Returns the new text and the repository files it links to that must be copied as downloads.
    """
    site = set(pages()) | {"README.md"}
    here = posixpath.dirname(page)
    downloads = []

    def fix(m):
        opening, target, closing = m.groups()
        if target in LOCAL_IMAGES:
            local = posixpath.relpath(LOCAL_IMAGES[target], here or ".")
            return f"{opening}{local}{closing}"
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            return m.group(0)
        path, _, anchor = target.partition("#")
        repo_path = posixpath.normpath(posixpath.join(here, path))
        if repo_path in REDIRECT:
            new = posixpath.relpath(REDIRECT[repo_path], here or ".")
            return f"{opening}{new}{'#' + anchor if anchor else ''}{closing}"
        if repo_path not in site and (ROOT / repo_path).is_file():
            downloads.append(repo_path)
        return m.group(0)

    return LINK.sub(fix, text), downloads


def _toctree(caption: str, entries: list[str]) -> str:
    lines = "\n".join(posixpath.splitext(e)[0] for e in entries)
    return f"\n```{{toctree}}\n:caption: {caption}\n:hidden:\n\n{lines}\n```\n"


def _claims_page() -> str:
    with (ROOT / "seeds" / "claims.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    verdicts = {}
    for row in rows:
        verdicts[row["verdict"]] = verdicts.get(row["verdict"], 0) + 1
    summary = "; ".join(f"{v}: {n}" for v, n in sorted(verdicts.items()))
    return f"""# Claims ledger

Every checkable claim of the article the course studies (see the [source card](source-card.md)),
its type (fact, figure, interpretation or prediction), a short quotation, the datasets and the lesson
that test it, and the verdict the lesson reaches with its evidence.
Claims of lessons not written yet are *open*.
{len(rows)} claims; {summary}.

It makes a ready-made seminar: give students a claim, let them argue the verdict from the data.
The same table as a file: [claims.csv](claims.csv).

```{{csv-table}}
:file: claims.csv
:header-rows: 1
:class: claims-ledger
```
"""


def stage(dest: Path | str) -> Path:
    """Write the site's sources into ``dest`` (emptied first); return it."""
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    downloads = ["seeds/claims.csv"]
    readme, found = rewrite_links((ROOT / "README.md").read_text(encoding="utf-8"), "README.md")
    downloads += found
    readme += "".join(_toctree(caption, group) for caption, group in sections())
    (dest / "index.md").write_text(readme, encoding="utf-8")
    for page in pages():
        target = dest / page
        target.parent.mkdir(parents=True, exist_ok=True)
        if page in REDIRECT.values():
            target.write_text(_claims_page(), encoding="utf-8")
        elif page.endswith(".ipynb"):
            nb = nbformat.read(ROOT / page, as_version=4)
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    cell.source, found = rewrite_links(cell.source, page)
                    downloads += found
            nbformat.write(nb, target)
        else:
            text, found = rewrite_links((ROOT / page).read_text(encoding="utf-8"), page)
            downloads += found
            target.write_text(text, encoding="utf-8")
    for path in dict.fromkeys(downloads):
        (dest / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / path, dest / path)
    shutil.copytree(CONF / "_static", dest / "_static")
    return dest


def build(out: Path | str = ROOT / "build" / "book") -> Path:
    """Stage into ``out/src`` and build the HTML site into ``out/html``; return the latter.

    Sphinx runs with warnings as errors, so a broken cross-reference stops the build.
    """
    from sphinx.cmd.build import build_main

    out = Path(out)
    src, html = stage(out / "src"), out / "html"
    if html.exists():
        shutil.rmtree(html)
    code = build_main(["-b", "html", "-W", "--keep-going", "-q", "-c", str(CONF),
                       "-d", str(out / "doctrees"), str(src), str(html)])
    if code:
        raise SystemExit(f"the website did not build (sphinx exit status {code})")
    return html


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    start = time.perf_counter()
    html = build(*args[:1])
    print(f"website built in {time.perf_counter() - start:.1f} s: {html / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
