"""The lessons layer: one module per lesson notebook, named after its theme.

Each module holds what its notebook needs beyond the shared toolkit (the rest of
:mod:`csto`): the lesson's tables, figures and widget functions, and its *Try it*
tasks, registered with :func:`csto.tasks.task` when the module is imported.
The toolkit never imports a lesson; lessons import the toolkit.

=====  ==========================  ===========================================
lesson module                      notebook
=====  ==========================  ===========================================
00     :mod:`csto.lessons.start`        ``notebooks/00-start-here.ipynb``
01     :mod:`csto.lessons.origins`      ``notebooks/01-origins.ipynb``
02     :mod:`csto.lessons.kazakhstan`   ``notebooks/02-kazakhstan-2022.ipynb``
03     :mod:`csto.lessons.armenia`      ``notebooks/03-armenia-exit.ipynb``
04     :mod:`csto.lessons.side_payments`  ``notebooks/04-side-payments.ipynb``
05     :mod:`csto.lessons.ukraine`      ``notebooks/05-ukraine-war-multivector.ipynb``
06     :mod:`csto.lessons.expansion`    ``notebooks/06-expand-or-shrink.ipynb``
=====  ==========================  ===========================================

>>> [m.LESSON for m in modules()][:4]
['00', '01', '02', '03']
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

__all__ = ["modules", "module_for"]


def modules() -> list[ModuleType]:
    """Every lesson module, imported (so its tasks are registered), in lesson order."""
    found = [importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)]
    return sorted(found, key=lambda m: m.LESSON)


def module_for(lesson: str) -> ModuleType:
    """The module of lesson ``"NN"``.

    >>> module_for("01").__name__
    'csto.lessons.origins'
    """
    for m in modules():
        if m.LESSON == lesson:
            return m
    raise KeyError(f"no lesson {lesson!r}; lessons are {[m.LESSON for m in modules()]}")
