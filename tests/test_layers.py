"""The package has two layers: the shared toolkit (csto.*) and the lessons (csto.lessons.*)."""

import ast
from pathlib import Path

import csto.lessons

SRC = Path(csto.lessons.__file__).resolve().parents[1]
TOOLKIT = sorted(p for p in SRC.glob("*.py"))
LESSONS = sorted(p for p in (SRC / "lessons").glob("*.py") if p.name != "__init__.py")
NOTEBOOKS = sorted((SRC.parents[1] / "notebooks").glob("[0-9][0-9]-*.ipynb"))
#: Build tools may read every lesson (to list tasks and objectives); the toolkit may not.
BUILD_TOOLS = {"guide.py", "execute.py", "dictionary.py"}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def test_the_toolkit_never_imports_a_lesson():
    for path in TOOLKIT:
        if path.name in BUILD_TOOLS:
            continue
        lessons = sorted(m for m in imported_modules(path) if m.startswith("csto.lessons"))
        assert not lessons, f"src/csto/{path.name} imports {lessons}: move the shared part into the toolkit"


def test_a_lesson_never_imports_another_lesson():
    for path in LESSONS:
        others = sorted(m for m in imported_modules(path)
                        if m.startswith("csto.lessons.") and m.split(".")[2] != path.stem)
        assert not others, f"lessons/{path.name} imports {others}: shared code belongs in the toolkit"


def test_one_module_per_lesson_notebook():
    numbers = {m.LESSON: m.__name__ for m in csto.lessons.modules()}
    assert len(numbers) == len(LESSONS), "two lesson modules claim the same LESSON number"
    assert sorted(numbers) == [p.name[:2] for p in NOTEBOOKS], (
        "every notebook has exactly one lesson module (LESSON = 'NN'), and every module a notebook")



def test_every_widget_a_lesson_wires_is_listed_for_the_benchmark():
    """`make benchmark` times the functions in the lessons' WIDGETS; a wired function missing from
    the list goes untimed, a listed one no lesson wires is dead (both once happened silently)."""
    import json
    import re

    from csto import benchmark

    wired = set()
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                wired |= set(re.findall(r"\bexplore\(\s*([A-Za-z_][\w.]*)", "".join(cell["source"])))
    listed = benchmark.widget_functions()
    assert all(benchmark._exists(name) for name in listed), listed
    assert sorted(name.rsplit(".", 1)[-1] for name in listed) == sorted(n.rsplit(".", 1)[-1] for n in wired)
