"""Re-execute lesson notebooks top to bottom and store deterministic outputs.

``make execute`` runs this on every lesson. The stored outputs are nbval's reference,
so they must be the same on every run:

- no timings (``record_timing=False``) and no per-cell execution metadata;
- no widget state (a static copy shows a short note instead of a dead widget, and the
  plain call after each widget cell shows the real result);
- no memory addresses: ``0x7f...`` in a plain-text output is stored as ``0xADDRESS``,
  the same replacement nbval's sanitize file makes, so the stored file is stable;
- consecutive pieces of one output stream joined (the kernel may split a ``print``);
- execution counts kept, numbered 1, 2, 3 ... in order; cell tags and ids kept;
- the kernel spec fixed to ``python3``.

>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
>>> clean(execute_notebook(nb)).cells[0].outputs[0]["data"]["text/plain"]
'2'
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("object()")])
>>> clean(execute_notebook(nb)).cells[0].outputs[0]["data"]["text/plain"]
'<object at 0xADDRESS>'
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

__all__ = ["execute_notebook", "clean", "main", "WIDGET_NOTE"]

WIDGET = "application/vnd.jupyter.widget-view+json"
#: What a static copy shows where a live widget was.
WIDGET_NOTE = "[Interactive widget: run this cell in JupyterLab to use it. The next cell shows its default view.]"


#: A memory address, as in ``<Styler at 0x7f40ab6e2690>`` (tests/nbval_sanitize.cfg uses the same).
ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,16}")


def _text(value) -> str:
    return value if isinstance(value, str) else "".join(value)


def _merge_streams(outputs):
    """Join consecutive pieces of one stream: how a print is split into messages is timing."""
    merged = []
    for out in outputs:
        if (out.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                and merged[-1]["name"] == out["name"]):
            merged[-1]["text"] = _text(merged[-1]["text"]) + _text(out["text"])
        else:
            merged.append(out)
    return merged


def execute_notebook(nb, cwd: Path | str = ".", timeout: int = 120):
    """Run every cell of ``nb`` in a fresh ``python3`` kernel, in folder ``cwd``."""
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


def clean(nb):
    """Strip what varies between runs; keep outputs, counts, tags and ids."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    lang = nb.metadata.get("language_info", {})
    for key in ("version", "pygments_lexer"):
        lang.pop(key, None)  # the patch release of the interpreter is not part of the result
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
        if cell.cell_type != "code":
            continue
        cell.outputs = _merge_streams(cell.outputs)
        for out in cell.outputs:
            data = out.get("data", {})
            if WIDGET in data:
                out["data"] = {"text/plain": WIDGET_NOTE}
            if "text/plain" in out.get("data", {}):
                out["data"]["text/plain"] = ADDRESS.sub("0xADDRESS", _text(out["data"]["text/plain"]))
            if out.get("output_type") == "stream":
                out["text"] = ADDRESS.sub("0xADDRESS", _text(out["text"]))
            out.get("metadata", {}).pop("execution", None)
    return nb


def main(argv: list[str] | None = None) -> int:
    """Execute and clean each notebook path given, in place."""
    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    if not paths:
        print("usage: python -m csto.execute NOTEBOOK.ipynb ...", file=sys.stderr)
        return 2
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        clean(execute_notebook(nb, cwd=path.parent))
        nbformat.write(nb, path)
        print(f"executed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
