"""How long the lessons and their widgets take (``make benchmark``); measured here, never asserted in tests.

Everything is given in seconds and as a ratio to a **bare start**: a fresh kernel running
only the lessons' setup imports (:data:`SETUP`). A ratio stays comparable between machines.

- **Lessons:** each notebook runs top to bottom in a fresh kernel, :data:`REPEATS` times
  (start-up included, as a student's "Run All" is); the median is reported.
- **Widgets:** each lesson runs once more with a recorder in front of it, which notes every
  function wired to controls (through :func:`csto.widgets.explore` or
  ``ipywidgets.interactive_output``) and the controls themselves. After the lesson, in the same
  kernel, each function is timed twice: a plain call with the controls' values (*call*), and the
  median time to move each of its controls to another value and let the widget redraw (*update*,
  what a student waits for: observers, dependent controls, the function and the display).
- **Which functions:** :func:`widget_functions` lists those the course expects to be timed:
  every name in a module-level ``WIDGETS`` tuple of each module of ``csto.lessons`` (when that
  package exists), then :data:`KNOWN`. A listed function no lesson wires, or a wired function
  not listed, is reported, so the list and the lessons cannot drift apart silently.
- The data checks (loading every dataset, validating the package) are timed too.
- **Grading:** ``make grade`` on a folder of every graded assignment's solution, two workers,
  once (:func:`csto.assignments.grading_time`; the goal is under a minute on two cores).

>>> another_value(ipywidgets.IntSlider(value=5, min=0, max=10))
6
>>> another_value(ipywidgets.IntRangeSlider(value=(2000, 2024), min=1992, max=2024))
(2001, 2024)
>>> another_value(ipywidgets.Dropdown(options=[("Armenia", "ARM"), ("Russia", "RUS")], value="ARM"))
'RUS'
>>> another_value(ipywidgets.SelectMultiple(options=["ARM", "KAZ"], value=["ARM"]))
('KAZ',)
>>> another_value(ipywidgets.Checkbox(value=False)), another_value(ipywidgets.ToggleButtons(options=["a", "b"]))
(True, 'b')
>>> "csto.lessons.origins.year_view" in widget_functions()
True
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import pkgutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import ipywidgets
import nbformat

__all__ = ["KNOWN", "SETUP", "REPEATS", "widget_functions", "another_value", "main"]

ROOT = Path(__file__).resolve().parents[2]
REPEATS = 3
#: Widget functions wired outside ``csto.lessons`` (dotted names); every lesson now declares its own.
KNOWN = ()
#: The bare start that every time is compared with: the lessons' setup imports.
SETUP = """import pandas as pd
import matplotlib.pyplot as plt
import csto
from csto import plots, widgets, tasks
csto.setup()"""


def _dotted(func) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def _exists(name: str) -> bool:
    module, _, attr = name.rpartition(".")
    try:
        return callable(getattr(importlib.import_module(module), attr, None))
    except ImportError:
        return False


def widget_functions() -> list[str]:
    """Dotted names of the functions lessons wire to widgets, in order, without repeats.

    Each module of ``csto.lessons`` may declare ``WIDGETS = (func, ...)`` (functions or
    dotted names); :data:`KNOWN` follows, keeping the names that exist.
    """
    names = []
    if importlib.util.find_spec("csto.lessons") is not None:
        package = importlib.import_module("csto.lessons")
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"csto.lessons.{info.name}")
            for item in getattr(module, "WIDGETS", ()):
                if not isinstance(item, str):
                    item = _dotted(item)
                elif "." not in item:  # a bare name lives in the module that lists it
                    item = f"{module.__name__}.{item}"
                names.append(item)
    names += [name for name in KNOWN if _exists(name)]
    return list(dict.fromkeys(names))


def another_value(control):
    """A different valid value for a control, as a student might pick; None if there is none."""
    value = control.value
    options = getattr(control, "_options_values", None)
    if options is not None:
        if isinstance(value, tuple):  # SelectMultiple
            others = [o for o in options if o not in value]
            return (others[0],) if others else None
        others = [o for o in options if o != value]
        return others[0] if others else None
    if isinstance(value, bool):
        return not value
    step = getattr(control, "step", 1) or 1
    low, high = getattr(control, "min", None), getattr(control, "max", None)
    if isinstance(value, tuple) and len(value) == 2:  # range sliders
        lo, hi = value
        if lo + step <= hi:
            return (lo + step, hi)
        return (lo, hi + step) if high is None or hi + step <= high else None
    if isinstance(value, (int, float)):
        if high is None or value + step <= high:
            return value + step
        return value - step if low is None or value - step >= low else None
    return None


# --- code run inside the lesson's kernel -------------------------------------------------------

RECORDER = """# benchmark: note every function wired to controls
import ipywidgets as _csto_ipw
import csto.widgets as _csto_widgets
__csto_wired__ = []
_csto_explore, _csto_output = _csto_widgets.explore, _csto_ipw.interactive_output
def _csto_recording_explore(func, **controls):
    __csto_wired__.append((func, dict(controls)))
    return _csto_explore(func, **controls)
def _csto_recording_output(func, controls):
    if not func.__qualname__.startswith("explore.<locals>"):
        __csto_wired__.append((func, dict(controls)))
    return _csto_output(func, controls)
_csto_widgets.explore, _csto_ipw.interactive_output = _csto_recording_explore, _csto_recording_output"""

TIMER = """# benchmark: time each wired function, then each move of its controls
import json as _json, statistics as _stats, time as _time
from csto.benchmark import another_value as _another
def _csto_call(func, values):
    start = _time.perf_counter()
    result = func(**values)
    if result is not None:
        get_ipython().display_formatter.format(result)
    return _time.perf_counter() - start
_csto_rows = []
for _func, _controls in __csto_wired__:
    _values = {k: c.value for k, c in _controls.items()}
    _calls = [_csto_call(_func, _values) for _ in range(%(repeats)d)]
    _updates = []
    for _name, _c in _controls.items():
        _old, _new = _c.value, _another(_c)
        if _new is None:
            continue
        _start = _time.perf_counter()
        _c.value = _new
        _updates.append(_time.perf_counter() - _start)
        _c.value = _old
    _csto_rows.append({"function": f"{_func.__module__}.{_func.__qualname__}", "controls": list(_controls),
                       "call": _stats.median(_calls), "update": _stats.median(_updates) if _updates else None})
print("CSTO-BENCHMARK " + _json.dumps(_csto_rows))"""


def _run(nb, cwd: Path | str = ".") -> float:
    """Seconds to run ``nb`` in a fresh kernel, start-up included (the kernel's log lines hidden)."""
    from nbclient import NotebookClient

    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(cwd)}})
    start = time.perf_counter()
    client.execute(stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _median_run(make_nb, cwd: Path | str = ".") -> float:
    return statistics.median(_run(make_nb(), cwd) for _ in range(REPEATS))


def time_widgets(path: Path) -> list[dict]:
    """Run lesson ``path`` with the recorder, then time its wired functions in the same kernel."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(RECORDER))
    nb.cells.append(nbformat.v4.new_code_cell(TIMER % {"repeats": REPEATS}))
    _run(nb, path.parent)
    for out in nb.cells[-1].outputs:
        text = out.get("text", "")
        for line in (text if isinstance(text, str) else "".join(text)).splitlines():
            if line.startswith("CSTO-BENCHMARK "):
                return json.loads(line.removeprefix("CSTO-BENCHMARK "))
    raise RuntimeError(f"{path.name}: the widget timer printed nothing: {nb.cells[-1].outputs}")


def main(argv: list[str] | None = None) -> int:
    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])] or \
        sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    bare = _median_run(lambda: nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SETUP)]))
    print(f"bare start (fresh kernel + setup imports): {bare:.2f} s, median of {REPEATS}; ratios below are to it\n")

    print(f"{'lesson':<34} {'median s':>9} {'ratio':>7}")
    for path in paths:
        seconds = _median_run(lambda: nbformat.read(path, as_version=4), path.parent)
        print(f"{path.name:<34} {seconds:9.2f} {seconds / bare:7.2f}", flush=True)

    listed = widget_functions()
    wired = {}
    for path in paths:
        for row in time_widgets(path):
            wired.setdefault(row["function"], []).append((path.name[:2], row))
    print(f"\n{'widget function':<36} {'lesson':>6} {'call s':>8} {'update s':>9} {'ratio':>7}")
    for name in list(dict.fromkeys(listed + list(wired))):
        for lesson, row in wired.get(name, []):
            update = row["update"]
            note = "" if name in listed else "   (wired but not listed: add it to WIDGETS)"
            shown = f"{update:9.3f} {update / bare:7.3f}" if update is not None else f"{'-':>9} {'-':>7}"
            print(f"{name:<36} {lesson:>6} {row['call']:8.3f} {shown}{note}")
        if name not in wired:
            print(f"{name:<36} {'-':>6}   listed, but no lesson wires it to a widget")

    from csto import load
    from csto.data import package
    from csto.validate import problems

    names = [r["name"] for r in package()["resources"]]
    print(f"\n{'data check':<34} {'median s':>9} {'ratio':>7}")
    for what, func in [("load every dataset", lambda: [load(n) for n in names]),
                       ("validate the data package", problems)]:
        runs = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            func()
            runs.append(time.perf_counter() - start)
        print(f"{what:<34} {statistics.median(runs):9.2f} {statistics.median(runs) / bare:7.2f}")

    from csto.assignments import grading_time  # the graded assignments (make grade), timed once

    seconds, count = grading_time(jobs=2)
    print(f"\n{'grading':<34} {'seconds':>9} {'ratio':>7}")
    print(f"{f'{count} solutions, 2 workers':<34} {seconds:9.2f} {seconds / bare:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
