"""Sphinx configuration of the course website; ``make book`` stages the pages and builds with it.

Offline by design: MyST-NB renders the lessons' stored outputs (nothing is executed), the book
theme ships its own assets, and nothing is downloaded at build time. The repository's address,
used by the launch buttons and the source links, comes from ``[tool.csto]`` through
:mod:`csto.links`, never from here.
"""

import base64
import hashlib
from pathlib import Path

import nbformat
from docutils import nodes

from csto import links

project = "The CSTO: a Russia-led alliance, tested against the data"
author = "CSTO course contributors"
copyright = "CSTO course contributors. Text and data CC BY 4.0, code MIT"

extensions = ["myst_nb", "sphinx.ext.githubpages"]  # githubpages: writes .nojekyll
root_doc = "index"
exclude_patterns = ["_build", "**/.ipynb_checkpoints"]

# the lessons are committed executed: show their outputs, never run them
nb_execution_mode = "off"
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

html_theme = "sphinx_book_theme"
html_title = "The CSTO, tested against the data"
html_static_path = ["_static"]
html_last_updated_fmt = None
html_theme_options = {
    "repository_url": links.repository(),
    "repository_branch": links.branch(),
    "path_to_docs": "",
    "use_repository_button": True,
    "use_download_button": True,
    "launch_buttons": {"binderhub_url": links.BINDERHUB, "notebook_interface": "jupyterlab"},
    "show_toc_level": 2,
}


# --- every figure keeps its description as alt text ---------------------------------------------
# A course figure is shown through csto.plots.show: its output holds the PNG and, as plain text,
# "[Figure] <description>". MyST-NB writes the PNG to a file named by its SHA-256, so the
# description is found again by hashing each stored image.

def _descriptions(srcdir: Path) -> dict[str, str]:
    found = {}
    for path in srcdir.rglob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                text = data.get("text/plain", "")
                if "image/png" in data and text.startswith("[Figure] "):
                    digest = hashlib.sha256(base64.b64decode(data["image/png"])).hexdigest()
                    found[digest] = text.removeprefix("[Figure] ").strip()
    return found


def _add_alt_text(app, doctree):
    descriptions = app.env.csto_descriptions
    for image in doctree.findall(nodes.image):
        if not image.get("alt"):
            digest = Path(image["uri"]).stem
            if digest in descriptions:
                image["alt"] = descriptions[digest]


def _load_descriptions(app):
    app.env.csto_descriptions = _descriptions(Path(app.srcdir))


def setup(app):
    app.connect("builder-inited", _load_descriptions)
    app.connect("doctree-read", _add_alt_text)
