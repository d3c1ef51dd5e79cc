"""The "Try it" tasks of every lesson, with answers computed from the data.

Each lesson module (:mod:`csto.lessons.origins` for lesson 01, ...) registers its
tasks with :func:`task` when it is imported; a lesson's setup cell imports it. A notebook cell then reads::

    answer = ...          # the student replaces ... with an answer
    tasks.check("01.1", answer)

and gets one line of kind feedback from :func:`csto.feedback.check`. Expected answers
are computed from the course data, never typed in, so they follow the data.

>>> import csto.lessons.start  # registers lesson 00's tasks
>>> check("00.4", ...)
✏️ 00.4 · CSTO member states at the end of 2010: not answered yet. Replace ... with your answer and run the cell again.
>>> is_right("00.4", 7)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from csto import feedback

__all__ = ["task", "check", "is_right", "expected", "registry", "Task"]


@dataclass(frozen=True)
class Task:
    task_id: str
    title: str
    answer: Callable[[], object]
    hint: str = ""
    tolerance: float = 0


_REGISTRY: dict[str, Task] = {}


def task(task_id: str, title: str, *, hint: str = "", tolerance: float = 0):
    """Register the decorated function as the computation of a task's answer."""
    def register(func):
        if task_id in _REGISTRY:
            raise ValueError(f"task {task_id} is registered twice")
        _REGISTRY[task_id] = Task(task_id, title, func, hint, tolerance)
        return func
    return register


def registry() -> dict[str, Task]:
    """The tasks registered so far, by id (a lesson module registers its own on import;
    :func:`csto.lessons.modules` imports them all)."""
    return dict(sorted(_REGISTRY.items()))


def expected(task_id: str):
    """The right answer of a task, computed from the data (for instructors and tests)."""
    return _get(task_id).answer()


def _get(task_id: str) -> Task:
    tasks = registry()
    if task_id not in tasks:
        lesson = task_id.split(".")[0]
        if not any(t.startswith(lesson + ".") for t in tasks):
            raise KeyError(f"there is no task {task_id!r} yet: run the lesson's setup cell first "
                           f"(it imports the lesson's tasks)")
        raise KeyError(f"there is no task {task_id!r}; tasks are: {', '.join(tasks)}")
    return tasks[task_id]


def check(task_id: str, answer) -> None:
    """Print one line of feedback on ``answer`` to task ``task_id``.

    Returns nothing, so a notebook cell shows the sentence and no stray ``True``/``False``.
    """
    t = _get(task_id)
    feedback.check(f"{t.task_id} · {t.title}", answer, t.answer(), tolerance=t.tolerance, hint=t.hint)


def is_right(task_id: str, answer) -> bool:
    """Whether ``answer`` is right, without printing (for instructors and tests)."""
    t = _get(task_id)
    return feedback._verdict(answer, t.answer(), t.tolerance)[0] if answer is not feedback.NOT_ANSWERED else False
