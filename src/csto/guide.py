"""Generate the instructor guide (``exercises/instructor-guide.md``) from the lessons.

For each lesson notebook: its title, objectives, prerequisites and timings (from the
Overview cell), its sections, its "Try it" tasks with the answers computed from the
data, its discussion questions, and the claims of the ledger it gives a verdict on.
Nothing is typed twice: change a lesson, run ``make guide``, and a test fails until
the guide is regenerated.

>>> "## 00 · Start here" in render()
True
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from csto.data import data_dir
from csto.ledger import claims
from csto.lessons import modules
from csto.tasks import expected, registry

__all__ = ["render", "main"]

HEADER = """# Instructor guide

Generated from the lesson notebooks by `make guide`; do not edit by hand.
For each lesson: what students should be able to do, how long it takes, its sections,
the *Try it* tasks with their answers (computed from the data, so they follow any data
correction), the discussion questions, and the article's claims it reaches a verdict on.
A rubric for claim-testing answers is in [README.md](README.md).
"""


def _root() -> Path:
    return data_dir().parent


def _markdown(nb) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def _lesson(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    md = _markdown(nb)
    text = "\n\n".join(md)
    title = next(line[2:] for block in md for line in block.splitlines() if line.startswith("# "))
    out = [f"## {title}", "", f"Notebook: [`notebooks/{path.name}`](../notebooks/{path.name})", ""]
    objectives = re.findall(r"^> *[-*] (.+)$", text.split("🎯 Objectives", 1)[1].split("\n\n")[0], re.M)
    out += ["**Objectives**", ""] + [f"- {o}" for o in objectives] + [""]
    for label in ("Prerequisites", "Teaching"):
        m = re.search(rf"^\*\*{label}:\*\*.*$", text, re.M)
        if m:
            out += [m.group(0), ""]
    sections = [line[3:] for block in md for line in block.splitlines()
                if line.startswith("## ") and line[3:4].isdigit()]
    out += ["**Sections**", ""] + [f"{i}. {s.split('. ', 1)[-1]}" for i, s in enumerate(sections, 1)] + [""]
    ids = sorted(set(re.findall(r'tasks\.check\("([0-9]{2}\.[0-9]+)"',
                                "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"))),
                 key=lambda t: [int(x) for x in t.split(".")])
    if ids:
        modules()
        tasks = registry()
        out += ["**Try it tasks and answers**", "", "| task | asks for | answer |", "|---|---|---|"]
        for task_id in ids:
            answer = expected(task_id)
            if isinstance(answer, float):
                answer = round(answer, 3)
            out.append(f"| {task_id} | {tasks[task_id].title} | `{answer!r}` |")
        out.append("")
    discussion = text.split("## Discussion", 1)[1].split("\n## ")[0] if "## Discussion" in text else ""
    questions = re.findall(r"^\d+\. (.+)$", discussion, re.M)
    if questions:
        out += ["**Discussion questions**", ""] + [f"{i}. {q}" for i, q in enumerate(questions, 1)] + [""]
    ledger = claims()
    mine = ledger[ledger["lesson"] == path.stem]
    if len(mine):
        out += ["**Claims tested**", "", "| claim | type | verdict |", "|---|---|---|"]
        for _, row in mine.iterrows():
            out.append(f"| {row['claim_id']}: {row['claim']} | {row['type']} | {row['verdict']} |")
        out.append("")
    return out


def render() -> str:
    """The whole guide as Markdown."""
    lines = [HEADER]
    for path in sorted((_root() / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        lines += _lesson(path)
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    """``--write`` writes exercises/instructor-guide.md; ``--check`` exits 1 if it is stale."""
    argv = sys.argv[1:] if argv is None else argv
    path = _root() / "exercises" / "instructor-guide.md"
    fresh = render()
    if "--write" in argv:
        path.write_text(fresh, encoding="utf-8")
        print(f"wrote {path.relative_to(_root())}")
        return 0
    if not path.exists() or path.read_text(encoding="utf-8") != fresh:
        print("exercises/instructor-guide.md is out of date: run `make guide`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
