"""Read each lesson's plan from its notebook, and generate the instructor guide from it.

A lesson's objectives are written once, in its notebook's Overview; each *Try it* task
says which objective(s) it assesses (:func:`csto.tasks.task`). :func:`lesson_plan`
reads the notebook and joins the two, so the guide, the tests and the assignments all
use the same plan. :func:`estimated_minutes` is the honest timing rule.

``make guide`` writes ``exercises/instructor-guide.md``: per lesson its objectives, the
objective × task matrix with each task's form, timings (stated and estimated), sections,
the tasks and their answers (computed from the data), discussion questions and the
claims of the ledger it rules on. A test fails until it is regenerated after a change.

>>> plan = lesson_plan(_root() / "notebooks" / "00-start-here.ipynb")
>>> plan.number, len(plan.objectives) >= 3
('00', True)
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from csto.data import data_dir
from csto.ledger import claims
from csto.lessons import modules
from csto.tasks import FORMS, expected, registry

__all__ = ["LessonPlan", "lesson_plan", "lesson_plans", "estimated_minutes", "render", "main",
           "WORDS_PER_MINUTE", "MINUTES_PER_TASK", "MINUTES_PER_QUESTION"]

#: Reading speed for study text (words a minute).
WORDS_PER_MINUTE = 150
#: Minutes a *Try it* task takes, reading and answering.
MINUTES_PER_TASK = 3
#: Minutes per discussion question, in a class.
MINUTES_PER_QUESTION = 3

HEADER = """# Instructor guide

Generated from the lesson notebooks by `make guide`; do not edit by hand.
For each lesson: what students should be able to do, which task assesses each objective,
how long it takes (as stated, and as estimated from its content), its sections, the
*Try it* tasks with their answers (computed from the data, so they follow any data
correction), the discussion questions, and the article's claims it reaches a verdict on.
Graded assignments and the rubric for written answers are described in [README.md](README.md);
each lesson's matrix lists its assignment's questions too (`A01 q3`), and the capstone closes the guide.

Task forms: **do** a step (write one pandas line), **read** a figure or table, **judge**
(a verdict from a fixed set plus the rows that support it, then a model answer), **predict**
(write the expected result, then run the cell that computes it).
The minutes estimate counts the prose at 150 words a minute (outside "Going further" and the
references), 3 minutes per task and 3 per discussion question.
"""


@dataclass
class LessonPlan:
    """What a lesson notebook promises and contains."""

    path: Path
    number: str
    title: str
    objectives: list[str]
    prerequisites: str
    teaching: int
    exercises: int
    sections: list[str]
    task_ids: list[str]
    questions: list[str]
    words: int
    tasks: dict = field(default_factory=dict)

    @property
    def stated_minutes(self) -> int:
        return self.teaching + self.exercises

    @property
    def estimated_minutes(self) -> float:
        return estimated_minutes(self.words, len(self.task_ids), len(self.questions))


def estimated_minutes(words: int, n_tasks: int, n_questions: int) -> float:
    """Honest minutes: prose at 150 words a minute, 3 minutes per task and per question.

    >>> estimated_minutes(1500, 6, 4)
    40.0
    """
    return words / WORDS_PER_MINUTE + MINUTES_PER_TASK * n_tasks + MINUTES_PER_QUESTION * n_questions


def _root() -> Path:
    return data_dir().parent


def _markdown(nb) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def _study_text(md: list[str]) -> str:
    """The prose a student reads: every markdown cell up to "Going further" or "References"."""
    text = "\n\n".join(md)
    return re.split(r"^## (?:Going further|References)\b", text, flags=re.M)[0]


def lesson_plan(path: Path) -> LessonPlan:
    """Read a lesson notebook's objectives, timings, sections, tasks and questions."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    md = _markdown(nb)
    text = "\n\n".join(md)
    title = next(line[2:] for block in md for line in block.splitlines() if line.startswith("# "))
    block = text.split("🎯 Objectives", 1)[1].split("\n\n")[0] if "🎯 Objectives" in text else ""
    objectives = re.findall(r"^> *[-*] (.+)$", block, re.M)
    # the paragraph that starts with the label (one sentence per line, so it may run on for a few lines)
    prereq = re.search(r"^\*\*Prerequisites:\*\*(.*(?:\n(?!\*\*|\n).+)*)", text, re.M)
    times = re.search(r"\*\*Teaching:\*\* *(\d+) min *· *\*\*Exercises:\*\* *(\d+) min", text)
    sections = [line[3:] for b in md for line in b.splitlines() if line.startswith("## ") and line[3:4].isdigit()]
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    ids = list(dict.fromkeys(re.findall(r'tasks\.check\("([0-9]{2}\.[0-9]+)"', code)))
    discussion = text.split("## Discussion", 1)[1].split("\n## ")[0] if "## Discussion" in text else ""
    questions = re.findall(r"^\d+\. (.+)$", discussion, re.M)
    words = len(re.findall(r"\w+", _study_text(md)))
    modules()
    tasks = {k: v for k, v in registry().items() if v.lesson == Path(path).name[:2]}
    return LessonPlan(Path(path), Path(path).name[:2], title, objectives,
                      prereq.group(1).strip() if prereq else "", int(times.group(1)) if times else 0,
                      int(times.group(2)) if times else 0, sections, ids, questions, words, tasks)


def lesson_plans() -> list[LessonPlan]:
    """The plan of every lesson notebook, in order."""
    return [lesson_plan(p) for p in sorted((_root() / "notebooks").glob("[0-9][0-9]-*.ipynb"))]


def _answer(task_id: str) -> str:
    from csto.feedback import Judgement

    value = expected(task_id)
    if isinstance(value, Judgement):
        return f"{value.verdicts[0]}; rows {', '.join(value.support)}"
    if isinstance(value, float):
        value = round(value, 3)
    return f"`{value!r}`"


def _lesson(plan: LessonPlan) -> list[str]:
    name = plan.path.name
    out = [f"## {plan.title}", "", f"Notebook: [`notebooks/{name}`](../notebooks/{name})", ""]
    out += ["**Objectives**", ""] + [f"{i}. {o}" for i, o in enumerate(plan.objectives, 1)] + [""]
    out += [f"**Prerequisites:** {plan.prerequisites}", ""]
    out += [f"**Timing:** stated {plan.teaching} min teaching + {plan.exercises} min exercises "
            f"= {plan.stated_minutes} min; estimated from the content {plan.estimated_minutes:.0f} min "
            f"({plan.words} words of prose, {len(plan.task_ids)} tasks, {len(plan.questions)} discussion questions).", ""]
    out += ["**Sections**", ""] + [f"{i}. {s.split('. ', 1)[-1]}" for i, s in enumerate(plan.sections, 1)] + [""]
    if plan.task_ids:
        head = " | ".join(str(i) for i in range(1, len(plan.objectives) + 1))
        graded = _graded(plan.number)
        out += ["**Objectives × tasks** (✓ = the task assesses the objective"
                + (f"; `A{plan.number} q1` is question 1 of the graded assignment" if graded else "") + ")", "",
                f"| task | form | {head} |", "|---|---|" + "---|" * len(plan.objectives)]
        for tid in plan.task_ids:
            t = plan.tasks[tid]
            marks = " | ".join("✓" if i in t.objective else "" for i in range(1, len(plan.objectives) + 1))
            out.append(f"| {tid} | {t.form} | {marks} |")
        for q in graded.questions if graded else []:
            marks = " | ".join("✓" if i in q.objectives else "" for i in range(1, len(plan.objectives) + 1))
            out.append(f"| A{plan.number} {q.name} | {q.form} | {marks} |")
        out += ["", "**Try it tasks and answers**", "", "| task | form | asks for | answer |", "|---|---|---|---|"]
        for tid in plan.task_ids:
            t = plan.tasks[tid]
            out.append(f"| {tid} | {FORMS[t.form]} | {t.title} | {_answer(tid)} |")
        out.append("")
    if plan.questions:
        out += ["**Discussion questions**", ""] + [f"{i}. {q}" for i, q in enumerate(plan.questions, 1)] + [""]
    ledger = claims()
    mine = ledger[ledger["lesson"] == plan.path.stem]
    if len(mine):
        out += ["**Claims tested**", "", "| claim | type | verdict |", "|---|---|---|"]
        for _, row in mine.iterrows():
            out.append(f"| {row['claim_id']}: {row['claim']} | {row['type']} | {row['verdict']} |")
        out.append("")
    return out


def _from_exercises(text: str) -> str:
    """Text copied from a notebook links relative to notebooks/; the guide lives in exercises/.

    >>> _from_exercises("[hedging](glossary.md#hedging), [web](https://x.org), [01](01-origins.ipynb)")
    '[hedging](../notebooks/glossary.md#hedging), [web](https://x.org), [01](../notebooks/01-origins.ipynb)'
    """
    return re.sub(r"\]\((?!https?:|#|\.\./|/)([^)]+)\)", r"](../notebooks/\1)", text)


def _graded(number: str):
    """The graded assignment of lesson ``number`` (see :mod:`csto.assignments`), or None."""
    from csto.assignments import assignments

    return next((a for a in assignments() if a.lesson == number), None)


def _capstone() -> list[str]:
    """Assignments that belong to no lesson: their objectives (from their own Overview) × questions."""
    from csto.assignments import assignments

    out = []
    for a in assignments():
        if a.lesson is not None:
            continue
        plan = lesson_plan(a.path)
        head = " | ".join(str(i) for i in range(1, len(plan.objectives) + 1))
        out += [f"## {a.title}", "", f"Student edition: [`exercises/student/{a.path.name}`](student/{a.path.name})", "",
                "**Objectives**", ""] + [f"{i}. {o}" for i, o in enumerate(plan.objectives, 1)] + [""]
        out += ["**Objectives × questions**", "", f"| question | form | points | {head} |",
                "|---|---|---|" + "---|" * len(plan.objectives)]
        for q in a.questions:
            marks = " | ".join("✓" if i in q.objectives else "" for i in range(1, len(plan.objectives) + 1))
            out.append(f"| {q.name} | {q.form} | {q.points:g} | {marks} |")
        out.append("")
    return out


def render() -> str:
    """The whole guide as Markdown."""
    lines = [HEADER]
    for plan in lesson_plans():
        lines += [_from_exercises(line) if "](" in line and "Notebook: [" not in line else line
                  for line in _lesson(plan)]
    lines += _capstone()
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
