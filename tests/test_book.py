"""The website's sources, staged without Sphinx (the build itself: make book; its browser test: make book-check)."""

import csv
import posixpath
import re
from pathlib import Path

import nbformat

from csto import book, links

ROOT = Path(__file__).resolve().parents[1]


def test_stage_puts_every_page_in_order_with_the_readme_as_home(tmp_path):
    src = book.stage(tmp_path / "src")
    index = (src / "index.md").read_text(encoding="utf-8")
    assert index.startswith((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[0])
    lessons = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    toc = re.findall(r"^(notebooks/\d\d-[\w-]+)$", index, re.M)
    assert toc == [posixpath.splitext(p)[0] for p in lessons], "lessons in order in the table of contents"
    for page in book.pages():
        assert (src / page).is_file(), page
    for name in ("data/README", "exercises/instructor-guide", "seeds/claims", "seeds/source-card"):
        assert f"\n{name}\n" in index


def test_lessons_are_staged_with_their_stored_outputs(tmp_path):
    src = book.stage(tmp_path / "src")
    for path in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"):
        staged = nbformat.read(src / "notebooks" / path.name, as_version=4)
        original = nbformat.read(path, as_version=4)
        assert [c.get("outputs") for c in staged.cells] == [c.get("outputs") for c in original.cells]


def test_the_claims_ledger_is_a_table_page(tmp_path):
    src = book.stage(tmp_path / "src")
    page = (src / "seeds" / "claims.md").read_text(encoding="utf-8")
    assert page.startswith("# Claims ledger") and "{csv-table}" in page and ":file: claims.csv" in page
    with (ROOT / "seeds" / "claims.csv").open(encoding="utf-8") as f:
        assert f"{len(list(csv.DictReader(f)))} claims" in page
    assert (src / "seeds" / "claims.csv").read_bytes() == (ROOT / "seeds" / "claims.csv").read_bytes()


def test_every_relative_link_of_the_staged_pages_resolves(tmp_path):
    src = book.stage(tmp_path / "src")
    for md in src.rglob("*.md"):
        for target in re.findall(r"\]\(([^)\s]+)\)", md.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            path = (md.parent / target.split("#")[0]).resolve()
            assert path.is_file(), f"{md.relative_to(src)} links to missing {target}"
    assert "mybinder.org/badge_logo.svg" not in (src / "index.md").read_text(encoding="utf-8"), \
        "the site cannot fetch the badge image offline: it uses a local copy"


def test_the_website_takes_the_address_from_the_one_config():
    conf = (ROOT / "book" / "conf.py").read_text(encoding="utf-8")
    assert '"repository_url": links.repository()' in conf and '"repository_branch": links.branch()' in conf
    assert '"binderhub_url": links.BINDERHUB' in conf and '"path_to_docs": ""' in conf
    # the theme's launch link (sphinx-book-theme: {hub}/v2/gh/{org}/{repo}/{branch}?urlpath=lab/tree/{path})
    owner, name = links.github_parts()
    theme = f"{links.BINDERHUB}/v2/gh/{owner}/{name}/{links.branch()}?urlpath=lab/tree/notebooks/01-origins.ipynb"
    assert theme == links.binder_url("notebooks/01-origins.ipynb")


def test_every_staged_document_is_in_the_table_of_contents(tmp_path):
    """Sphinx builds with warnings as errors: a page it finds but no toctree lists stops the build."""
    src = book.stage(tmp_path / "src")
    documents = {p.relative_to(src).as_posix() for ext in ("*.md", "*.ipynb") for p in src.rglob(ext)}
    documents -= {p.relative_to(src).as_posix() for p in (src / "_static").rglob("*")}
    assert sorted(documents - set(book.pages()) - {"index.md"}) == []


def _headings(text: str) -> list[int]:
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # no headings inside code blocks
    return [len(m) for m in re.findall(r"^(#{1,6}) ", text, re.M)]


def test_no_page_skips_a_heading_level(tmp_path):
    """MyST warns (so the build fails) when a heading jumps more than one level down, e.g. # to ###."""
    src = book.stage(tmp_path / "src")
    for page in ["index.md", *book.pages()]:
        path = src / page
        if page.endswith(".ipynb"):
            nb = nbformat.read(path, as_version=4)
            text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        else:
            text = path.read_text(encoding="utf-8")
        levels = _headings(text)
        jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert not jumps, f"{page}: a heading jumps from level {jumps[0][0]} to {jumps[0][1]}"
