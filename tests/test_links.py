"""The course's public address is written once ([tool.csto] in pyproject.toml); every link agrees."""

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from csto import links

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {".git", ".venv", "build", "node_modules", "__pycache__", ".pytest_cache", ".ipynb_checkpoints"}


def text_files():
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(".venv") and not d.endswith(".egg-info")]
        for name in files:
            path = Path(folder) / name
            try:
                yield path.relative_to(ROOT), path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue


def test_the_address_is_written_in_one_place():
    owner, name = links.github_parts()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    generated = readme.split(links.BEGIN)[1].split(links.END)[0]
    found = []
    for rel, text in text_files():
        if rel.as_posix() == "README.md":
            text = text.replace(generated, "")
        if f"{owner}/{name}" in text:
            found.append(rel.as_posix())
    assert found == ["pyproject.toml"], f"the address is hard-coded in {found}: build it with csto.links"


def test_readme_badge_is_built_from_the_config():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert links.update(readme) == readme, "README's Binder badge is stale: run `make links`"
    assert links.binder_url() in readme


def test_binder_link_names_repository_branch_and_lesson():
    owner, name = links.github_parts()
    url = links.binder_url("notebooks/02-kazakhstan-2022.ipynb")
    assert url == (f"https://mybinder.org/v2/gh/{owner}/{name}/{links.branch()}"
                   "?urlpath=lab/tree/notebooks/02-kazakhstan-2022.ipynb")


def test_jupyterhub_link_pulls_this_repository_and_branch():
    url = links.nbgitpuller_url("https://hub.example.edu/", "notebooks/01-origins.ipynb")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    _, name = links.github_parts()
    assert query == {"repo": links.repository(), "branch": links.branch(),
                     "urlpath": f"lab/tree/{name}/notebooks/01-origins.ipynb"}


def test_every_link_opens_a_real_lesson():
    assert (ROOT / links.START).exists()


def test_config_rejects_an_address_that_is_not_a_github_repository(tmp_path):
    bad = tmp_path / "pyproject.toml"
    bad.write_text('[tool.csto]\nrepository = "github.com/x"\nbranch = "main"\n')
    try:
        links.config(bad)
    except ValueError as e:
        assert "https://github.com/OWNER/NAME" in str(e)
    else:
        raise AssertionError("accepted a bad address")
