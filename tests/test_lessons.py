"""The learning design of every lesson: objectives assessed, honest minutes, tasks that
make students do the step, feedback that survives any answer, comfortable reading."""

import ast
import contextlib
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from csto import tasks
from csto.feedback import Judgement
from csto.guide import lesson_plan

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
PLANS = {p.name[:2]: lesson_plan(p) for p in NOTEBOOKS}
ids = {"ids": lambda p: p.name}

def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text_of(cell) -> str:
    """What a reader sees of a cell: markdown source, or a code cell's text outputs."""
    if cell["cell_type"] == "markdown":
        return "".join(cell["source"])
    parts = []
    for out in cell.get("outputs", []):
        if "text" in out:
            parts.append("".join(out["text"]))
        for kind in ("text/plain", "text/markdown"):
            if kind in out.get("data", {}):
                parts.append("".join(out["data"][kind]))
    return "\n".join(parts)


# ---- objectives and tasks -------------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_every_objective_is_assessed_by_a_task(path):
    plan = PLANS[path.name[:2]]
    assessed = {o for t in plan.tasks.values() for o in t.objective}
    missing = [f"{i}. {o}" for i, o in enumerate(plan.objectives, 1) if i not in assessed]
    assert not missing, f"{path.name}: objectives with no task: {missing}"
    beyond = {t.task_id: t.objective for t in plan.tasks.values() if max(t.objective) > len(plan.objectives)}
    assert not beyond, f"{path.name}: tasks name objectives the lesson does not have: {beyond}"


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_the_notebook_checks_exactly_the_lessons_tasks(path):
    plan = PLANS[path.name[:2]]
    assert plan.task_ids, f"{path.name} has no Try it"
    assert sorted(plan.task_ids, key=lambda t: int(t.split(".")[1])) == sorted(
        plan.tasks, key=lambda t: int(t.split(".")[1])), "every registered task is asked once, and only those"
    assert plan.task_ids == sorted(plan.task_ids, key=lambda t: int(t.split(".")[1])), "tasks in order"


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_at_least_half_the_tasks_make_the_student_do_something(path):
    plan = PLANS[path.name[:2]]
    active = [t for t in plan.tasks.values() if t.form in ("do", "read", "predict")]
    assert 2 * len(active) >= len(plan.tasks), f"{path.name}: {len(active)} of {len(plan.tasks)} tasks are do/read/predict"
    assert any(t.form == "do" for t in plan.tasks.values()), f"{path.name}: no task makes the student write a line"


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_stated_minutes_are_honest(path):
    plan = PLANS[path.name[:2]]
    assert plan.stated_minutes >= plan.estimated_minutes, (
        f"{path.name}: states {plan.teaching} + {plan.exercises} min, but {plan.words} words, "
        f"{len(plan.task_ids)} tasks and {len(plan.questions)} questions take about {plan.estimated_minutes:.0f}: "
        "raise the minutes, or move material to 'Going further'")


def _forms_of(value) -> set[str]:
    """How an answer could appear in print: 1,234 / 1234 / 6.6 / text / every item of a list."""
    if isinstance(value, bool):
        return set()
    if isinstance(value, int):
        return {f"{value}", f"{value:,}"}
    if isinstance(value, float):
        return {f"{value:g}", f"{value:.1f}", f"{value:.2f}"}
    if isinstance(value, str):
        return {value}
    return set()


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_no_task_can_be_answered_by_copying_the_two_cells_above(path):
    cs = cells(path)
    for i, cell in enumerate(cs):
        m = re.search(r'tasks\.check\("([0-9]{2}\.[0-9]+)"', "".join(cell["source"])) if cell["cell_type"] == "code" else None
        if not m:
            continue
        task = tasks.registry()[m.group(1)]
        if task.form in ("judge", "predict") or task.choices:
            continue  # a verdict, a prediction or a pick from listed choices: the options are meant to be in view
        value = tasks.expected(m.group(1))
        above = "\n".join(text_of(c) for c in cs[max(0, i - 2):i])
        above = re.sub(r"\btasks\.check\([^)]*\)", "", above)
        if isinstance(value, (list, tuple)):
            shown = [v for v in value if re.search(rf"(?<![\w.]){re.escape(str(v))}(?![\w])", above)]
            assert len(shown) < len(value) or not value, f"{m.group(1)}: all of {value} printed just above"
        else:
            for form in _forms_of(value):
                assert not re.search(rf"(?<![\w.,]){re.escape(form)}(?![\w]|[.,]\d)", above, re.I), (
                    f"{m.group(1)}: the answer {value!r} is printed in the two cells above")


BATTERY = {
    "None": None,
    "empty text": "",
    "a table": pd.DataFrame({"a": [1, 2], "b": [3, 4]}),
    "a one-value Series": pd.Series([3]),
    "a one-cell table": pd.DataFrame({"a": [3]}),
    "a number as text": "3",
    "a float for a whole number": 3.0,
    "a list for a scalar": [3, 4],
    "a scalar for a list": "KAZ",
    "a fraction for a percent": 0.066,
    "nonsense": object(),
}


def _lines(task_id, answer, evidence=tasks.NOT_ANSWERED) -> list[str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        tasks.check(task_id, answer, evidence)
    return out.getvalue().rstrip("\n").split("\n")


@pytest.mark.parametrize("task_id", sorted(tasks.registry()))
@pytest.mark.parametrize("kind", sorted(BATTERY))
def test_every_task_answers_a_malformed_answer_in_one_line(task_id, kind):
    lines = _lines(task_id, BATTERY[kind], BATTERY[kind])
    assert lines[0][:2] in ("✅ ", "❌ ", "✏️", "⚠️"), lines
    assert "Traceback" not in "\n".join(lines)
    assert all(line.startswith("   Model answer:") for line in lines[1:]), lines


@pytest.mark.parametrize("task_id", sorted(tasks.registry()))
def test_every_task_accepts_its_answer_and_rejects_a_blank(task_id):
    value = tasks.expected(task_id)
    if isinstance(value, Judgement):
        assert tasks.is_right(task_id, value.verdicts[0], list(value.support[:max(value.need, 1)]))
        assert not tasks.is_right(task_id, value.verdicts[0], tasks.NOT_ANSWERED)
    else:
        assert tasks.is_right(task_id, value)
    assert not tasks.is_right(task_id, ...)
    assert "not answered yet" in _lines(task_id, ...)[0]


@pytest.mark.parametrize("task_id", sorted(tasks.registry()))
def test_every_task_has_a_hint_and_a_title(task_id):
    t = tasks.registry()[task_id]
    assert t.title and (t.hint or t.form == "judge"), f"{task_id}: a wrong answer needs a hint"
    if t.form in ("judge", "predict"):
        expect = tasks.expected(task_id)
        assert t.model or (isinstance(expect, Judgement) and expect.model), f"{task_id}: judge and predict tasks reveal a model answer"


# ---- reading comfort -----------------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_students_see_no_test_plumbing_and_no_object_reprs(path):
    for c in cells(path):
        if c["cell_type"] != "code":
            continue
        assert "NBVAL" not in "".join(c["source"]), f"{path.name}: use the cell tag nbval-ignore-output, not a comment"
        text = text_of(c)
        assert not re.search(r"<[\w.]+(?: object)? at 0x", text), f"{path.name}: an object repr is shown: {text[:80]}"


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_widget_cells_are_tagged_and_followed_by_a_plain_call(path):
    code = [c for c in cells(path) if c["cell_type"] == "code"]
    for i, c in enumerate(code):
        if "widgets.explore(" in "".join(c["source"]):
            assert "nbval-ignore-output" in c["metadata"].get("tags", []), "tag widget cells nbval-ignore-output"
            nxt = code[i + 1]
            assert nxt["outputs"] and not nxt["metadata"].get("tags"), "a compared plain call follows"
            assert len(text_of(nxt).splitlines()) <= 20, "a widget's default view shows at most about 15 rows"


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_long_tables_are_previewed(path):
    for c in cells(path):
        for out in c.get("outputs", []):
            html = "".join(out.get("data", {}).get("text/html", ""))
            if "overflow-y: auto" in html:
                continue  # a widget view in a scroll box
            rows = html.count("<tr")
            assert rows <= 17, f"{path.name}: a table of {rows - 1} rows: show a sentence and the first rows (tables.preview)"


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_references_are_grouped_with_the_full_list_folded(path):
    last = [c for c in cells(path) if c["cell_type"] == "code"][-1]
    assert "tables.references(" in "".join(last["source"]), f"{path.name}: end with tables.references(...)"
    md = "".join(last["outputs"][0]["data"]["text/markdown"])
    assert "<details>" in md and "publishers" in md


def _bound_names(path):
    imported, assigned = set(), set()
    for c in cells(path):
        if c["cell_type"] != "code":
            continue
        try:
            tree = ast.parse("".join(c["source"]))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("csto"):
                imported |= {a.asname or a.name for a in node.names}
            elif isinstance(node, ast.Import):
                imported |= {(a.asname or a.name).split(".")[0] for a in node.names}
            elif isinstance(node, ast.Assign):
                assigned |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return imported, assigned


def test_no_name_is_a_module_in_one_place_and_a_table_in_another():
    imported, assigned = set(), set()
    for path in NOTEBOOKS:
        i, a = _bound_names(path)
        imported |= i
        assigned |= a
    import importlib.util
    modules = {n for n in imported if importlib.util.find_spec(f"csto.{n}") or importlib.util.find_spec(f"csto.lessons.{n}")}
    clash = sorted(modules & assigned)
    assert not clash, f"these names are a module in one lesson and a variable in another: {clash}"


# ---- scholarly scaffolding -----------------------------------------------------------

GLOSSARY = (ROOT / "notebooks" / "glossary.md").read_text(encoding="utf-8")


def _anchor(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_glossary_links_resolve(path):
    anchors = {_anchor(h) for h in re.findall(r"^## (.+)$", GLOSSARY, re.M)}
    text = "\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "markdown")
    links = re.findall(r"\]\(glossary\.md#([\w-]+)\)", text)
    assert links, f"{path.name} links no glossary term"
    assert not sorted(set(links) - anchors), f"{path.name}: no glossary entry for {sorted(set(links) - anchors)}"


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_every_lesson_has_going_further(path):
    text = "\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "markdown")
    section = text.split("## Going further", 1)
    assert len(section) == 2 and len(re.findall(r"^- ", section[1].split("\n## ")[0], re.M)) >= 2


def test_lesson_00_links_the_source_card_and_the_glossary():
    text = "\n".join("".join(c["source"]) for c in cells(NOTEBOOKS[0]))
    assert "../seeds/source-card.md" in text and "](glossary.md)" in text
