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

