"""Benchmark: how long each lesson and the data checks take (``make benchmark``).

Speed is measured here, never asserted in the test suite. Each notebook is executed
in a fresh kernel (start-up included, as a student would experience "Run All"),
three times; the table shows the best and the median run in seconds. The last row
grades every assignment's solution as ``make grade`` does (two workers), once.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from csto.execute import execute_notebook  # noqa: E402

REPEATS = 3


def timed(func) -> list[float]:
    runs = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        func()
        runs.append(time.perf_counter() - start)
    return runs


def grade_solutions() -> list[float]:
    """Seconds ``make grade`` takes on a folder of every assignment's solution, archives built.

    Run once, not three times: it is the slowest row, and the number to watch is that it
    stays under a minute on two cores.
    """
    import shutil
    import tempfile

    from csto import assignments

    build = ROOT / "build"
    assignments.build_all(run_tests=False, only_stale=True, write=False)
    with tempfile.TemporaryDirectory() as tmp:
        for a in assignments.assignments():
            shutil.copy(build / "autograder" / f"{a.name}-solution.ipynb", Path(tmp) / f"{a.name}.ipynb")
        start = time.perf_counter()
        assignments.grade(tmp, jobs=2, quiet=True)
        return [time.perf_counter() - start]


def main() -> int:
    rows = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        rows.append((path.name, timed(lambda: execute_notebook(nbformat.from_dict(nb), cwd=path.parent))))
    empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import csto")])
    rows.append(("(kernel start + import csto)", timed(lambda: execute_notebook(empty))))
    from csto import load
    from csto.data import package
    names = [r["name"] for r in package()["resources"]]
    rows.append(("load every dataset", timed(lambda: [load(n) for n in names])))
    from csto.validate import problems
    rows.append(("validate the data package", timed(problems)))
    rows.append(("grade every assignment's solution (2 workers)", grade_solutions()))
    width = max(len(name) for name, _ in rows)
    print(f"{'what':<{width}}  best s  median s")
    for name, runs in rows:
        print(f"{name:<{width}}  {min(runs):6.2f}  {statistics.median(runs):8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
