"""The "Try it" tasks: a registry, with answers computed from the data.

Each lesson module (:mod:`csto.lessons.origins` for lesson 01, ...) registers its
tasks with :func:`task` when it is imported; a lesson's setup cell imports it.
A notebook cell then reads::

    answer = ...          # the student replaces ... with an answer
    tasks.check("01.1", answer)

and a *judge* task, which asks for a verdict and the rows that support it::

    verdict = ...         # one of the verdicts listed in the task
    evidence = [...]      # the numbers of the rows above that support it
    tasks.check("01.6", verdict, evidence)

Every task says which of the lesson's objectives it assesses (their number in the
notebook's Overview) and its form:

- ``do``: do one step yourself (a pandas line on a prepared table);
- ``read``: read a figure or table for something it shows that is not printed;
- ``judge``: a verdict from a fixed set plus the rows that support it; a model answer follows;
- ``predict``: write what you expect before running the cell that computes it.

Expected answers are computed from the course data, never typed in, so they follow the
data; likely wrong answers get their own sentence (see :mod:`csto.feedback`).

>>> import csto.lessons.start  # registers lesson 00's tasks
>>> check("00.1", ...)
✏️ 00.1 · rows of the membership table about Georgia: not answered yet. Replace ... with your answer and run the cell again.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

from csto import feedback
from csto.feedback import NOT_ANSWERED, Expect, Judgement

__all__ = ["FORMS", "Task", "task", "check", "is_right", "expected", "spec", "registry",
           "Expect", "Judgement", "NOT_ANSWERED"]

#: The four forms of task, and how the instructor guide names them.
FORMS = {"do": "do a step", "read": "read a figure or table", "judge": "judge with evidence",
         "predict": "predict, then check"}


@dataclass(frozen=True)
class Task:
    """One "Try it" task (see :func:`task` for the fields)."""

    task_id: str
    title: str
    answer: Callable[[], object]
    form: str
    objective: tuple
    hint: str = ""
    tolerance: float = 0
    percent: bool = False
    ordered: bool = False
    choices: tuple = ()
    mistakes: object = ()
    model: str = ""

    @property
    def lesson(self) -> str:
        return self.task_id.split(".")[0]


_REGISTRY: dict[str, Task] = {}


def task(task_id: str, title: str, *, form: str, objective, hint: str = "", tolerance: float = 0,
         percent: bool = False, ordered: bool = False, choices=(), mistakes=(), model: str = ""):
    """Register the decorated function as the computation of a task's answer.

    Parameters
    ----------
    task_id : str
        ``"NN.k"``: lesson number and the task's number in it.
    title : str
        What is asked, short; the feedback line starts with it.
    form : {"do", "read", "judge", "predict"}
    objective : int or tuple of int
        The number(s) of the lesson objective(s) the task assesses.
    hint : str
        Shown after a wrong answer.
    tolerance, percent, ordered, choices
        How answers are read (see :class:`csto.feedback.Expect`).
    mistakes : sequence of (matcher, message), or a function returning one
        Likely wrong answers and the sentence each gets; a function is called when
        the task is checked, so mistakes can be computed from the data too.
    model : str
        A model answer shown after any attempt (for judge and predict tasks).
    """
    if form not in FORMS:
        raise ValueError(f"task {task_id}: form must be one of {list(FORMS)}, not {form!r}")
    objectives = (objective,) if isinstance(objective, int) else tuple(objective)
    if not objectives or not all(isinstance(o, int) and o >= 1 for o in objectives):
        raise ValueError(f"task {task_id}: objective must be the number of a lesson objective (1, 2, ...)")

    def register(func):
        if task_id in _REGISTRY and _REGISTRY[task_id].answer.__qualname__ != func.__qualname__:
            raise ValueError(f"task {task_id} is registered twice")
        _REGISTRY[task_id] = Task(task_id, title, func, form, objectives, hint, tolerance, percent,
                                  ordered, tuple(choices), mistakes, model)
        return func
    return register


def registry() -> dict[str, Task]:
    """The tasks registered so far, by id, in lesson and task order.

    A lesson module registers its own tasks when imported; :func:`csto.lessons.modules`
    imports them all.
    """
    return dict(sorted(_REGISTRY.items(), key=lambda kv: [int(x) for x in kv[0].split(".")]))


def _get(task_id: str) -> Task:
    tasks = registry()
    if task_id not in tasks:
        lesson = str(task_id).split(".")[0]
        if not any(t.startswith(lesson + ".") for t in tasks):
            raise KeyError(f"there is no task {task_id!r} yet: run the lesson's setup cell first "
                           f"(it loads the lesson's tasks)")
        raise KeyError(f"there is no task {task_id!r}; tasks are: {', '.join(tasks)}")
    return tasks[task_id]


@functools.lru_cache(maxsize=4)
def _country_aliases(folder: str) -> dict:
    """Lower-case country names (and a few short forms) → ISO3, so either spelling counts."""
    from pathlib import Path

    from csto.data import load

    countries = load("countries", Path(folder))
    aliases = {name.casefold(): code for code, name in zip(countries["iso3"], countries["name"])}
    short = {"russia": "RUS", "iran": "IRN", "moldova": "MDA", "united states": "USA", "us": "USA",
             "united kingdom": "GBR", "uk": "GBR", "britain": "GBR", "türkiye": "TUR", "turkiye": "TUR"}
    aliases.update({k: v for k, v in short.items() if v in set(countries["iso3"])})
    return aliases


def _aliases() -> dict:
    from csto.data import data_dir

    return _country_aliases(str(data_dir()))


def expected(task_id: str):
    """The right answer of a task, computed from the data (for instructors and tests)."""
    return _get(task_id).answer()


def spec(task_id: str):
    """The task's expected answer with its reading rules: an :class:`Expect` or a :class:`Judgement`."""
    t = _get(task_id)
    value = t.answer()
    if isinstance(value, Judgement):
        return value
    mistakes = t.mistakes() if callable(t.mistakes) else t.mistakes
    return Expect(value, tolerance=t.tolerance, percent=t.percent, ordered=t.ordered,
                  choices=t.choices, mistakes=tuple(mistakes), aliases=_aliases())


def check(task_id: str, answer, evidence=NOT_ANSWERED) -> None:
    """Print one line of feedback on ``answer`` to task ``task_id`` (and, for judge and
    predict tasks, the model answer after an attempt).

    Returns nothing, so a notebook cell shows the sentence and no stray ``True``/``False``.
    An unknown task id gets a sentence too, never a traceback.
    """
    try:
        t = _get(task_id)
    except KeyError as err:
        print(f"⚠️ {err.args[0]}")
        return
    try:
        expect = spec(task_id)
    except Exception as err:  # a data problem must not look like the student's mistake
        print(f"⚠️ {task_id}: the expected answer could not be computed from the data ({err}). "
              "Run `make validate`, or tell your instructor.")
        return
    attempted = answer is not NOT_ANSWERED
    feedback.check(f"{t.task_id} · {t.title}", answer, expect, hint=t.hint, evidence=evidence,
                   model=t.model if attempted and not isinstance(expect, Judgement) else "")


def is_right(task_id: str, answer, evidence=NOT_ANSWERED) -> bool:
    """Whether ``answer`` is right, without printing (for instructors and tests)."""
    expect = spec(task_id)
    if isinstance(expect, Judgement):
        return feedback.evaluate_judgement(answer, evidence, expect)[0] is True
    return feedback.evaluate(answer, expect)[0] is True
