"""The graded assignments: their design, the student editions `make assign` writes, and
`make grade` on blank, solved and broken submissions."""

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from csto import assignments as A
from csto.grading import Feedback, answer, blueprint, diagnose, expect_ruling, form
from csto.guide import lesson_plan
from csto.ledger import RULINGS, claims

ROOT = Path(__file__).resolve().parents[1]
LESSONS = [p for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")) if p.name[:2] != "00"]
SOURCES = A.sources()
PLANS = {a.name: a for a in A.assignments()}
ids = {"ids": lambda p: p.name}


def master(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


#: Lessons whose assignment is being written on this branch; remove each as it lands.
PENDING: set = set()


def test_every_lesson_has_an_assignment_and_there_is_a_capstone():
    names = {p.stem for p in SOURCES}
    missing = [p.stem for p in LESSONS if p.stem not in names | PENDING]
    assert not missing, f"lessons without a graded assignment in exercises/source/: {missing}"
    assert "capstone" in names
    stray = names - {p.stem for p in LESSONS} - {"capstone"}
    assert not stray, f"assignments for lessons that do not exist: {sorted(stray)}"


# ---- design -----------------------------------------------------------------------------

def _tests_of(path: Path) -> dict:
    """{question: [(hidden, points, source)]} read from a source's test cells."""
    out, question, in_tests = {}, None, False
    for cell in master(path)["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "raw":
            m = re.search(r"^name:\s*(\S+)", text, re.M) if "BEGIN QUESTION" in text else None
            question = m[1] if m else question
            in_tests = "BEGIN TESTS" in text or (in_tests and "END TESTS" not in text)
            continue
        if in_tests and cell["cell_type"] == "code":
            hidden = bool(re.search(r"^hidden:\s*true", text, re.M))
            points = re.search(r"^points:\s*([\d.]+)", text, re.M)
            out.setdefault(question, []).append((hidden, float(points[1]) if points else None, text))
    return out


@pytest.mark.parametrize("path", SOURCES, **ids)
def test_an_assignment_mixes_the_four_forms_in_four_to_eight_questions(path):
    a = PLANS[path.stem]
    assert 4 <= len(a.questions) <= 8, f"{path.name}: {len(a.questions)} questions"
    assert {q.form for q in a.questions} == set(A.FORMS), f"{path.name}: every form once at least: {list(A.FORMS)}"
    for q in a.questions:
        assert q.title.startswith(f"Question {q.name[1:]} · "), f"{path.name} {q.name}: start the prompt with '## Question N · Title'"
        assert q.objectives, f"{path.name} {q.name}: name the objective(s) it assesses (objectives: [..])"
        assert q.manual == (q.form == "written"), f"{path.name} {q.name}: written questions, and only they, are manual"
        assert q.points > 0


@pytest.mark.parametrize("path", SOURCES, **ids)
def test_auto_questions_have_public_checks_and_hidden_tests_with_the_points(path):
    tests = _tests_of(path)
    for q in PLANS[path.stem].questions:
        if q.manual:
            assert q.name not in tests, f"{path.name} {q.name}: a written question has no tests"
            continue
        cases = tests.get(q.name, [])
        public = [c for c in cases if not c[0]]
        hidden = [c for c in cases if c[0]]
        assert public and hidden, f"{path.name} {q.name}: needs a public check and a hidden test"
        assert all(p == 0 for _, p, _ in public), f"{path.name} {q.name}: public checks carry no points"
        assert all("csto.grading" in src for _, _, src in cases), f"{path.name} {q.name}: tests speak through csto.grading"


@pytest.mark.parametrize("path", [p for p in SOURCES if p.stem != "capstone"], **ids)
def test_ledger_questions_rule_on_claims_with_a_verdict(path):
    ruled = {c: str(v) for c, v in zip(claims()["claim_id"], claims()["verdict"])}
    cited = set(re.findall(r'expect_ruling\(env, "[^"]+", "(C\d+)"', "".join(
        "".join(c["source"]) for c in master(path)["cells"])))
    judge = [q for q in PLANS[path.stem].questions if q.form == "judge"]
    assert judge and cited, f"{path.name}: a judge question checks a ruling with expect_ruling"
    for claim in cited:
        assert ruled[claim] in RULINGS, f"{path.name}: {claim} has no verdict yet ('open'); rule on a claim the ledger has settled"


@pytest.mark.parametrize("path", [p for p in SOURCES if p.stem != "capstone"], **ids)
def test_every_objective_is_assessed_by_a_try_it_or_a_graded_question(path):
    plan = lesson_plan(ROOT / "notebooks" / path.name)
    graded = PLANS[path.stem]
    n = len(plan.objectives)
    beyond = {q.name: q.objectives for q in graded.questions if not set(q.objectives) <= set(range(1, n + 1))}
    assert not beyond, f"{path.name}: questions name objectives lesson {plan.number} does not have: {beyond}"
    covered = {o for t in plan.tasks.values() for o in t.objective} | {o for q in graded.questions for o in q.objectives}
    missing = [f"{i}. {o}" for i, o in enumerate(plan.objectives, 1) if i not in covered]
    assert not missing, f"lesson {plan.number}: objectives assessed by no Try it and no graded question: {missing}"


def test_every_capstone_objective_is_assessed():
    path = ROOT / "exercises" / "source" / "capstone.ipynb"
    plan = lesson_plan(path)
    assert 3 <= len(plan.objectives) <= 5
    covered = {o for q in PLANS["capstone"].questions for o in q.objectives}
    assert covered == set(range(1, len(plan.objectives) + 1))


# ---- student editions ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A fresh build of every assignment (no solution run: the grading test below does that)."""
    out = tmp_path_factory.mktemp("build")
    A.build_all(run_tests=False, out=out, write=False)
    return out


def test_committed_student_editions_are_what_make_assign_writes(built):
    folder = ROOT / "exercises" / "student"
    committed = sorted(p.name for p in folder.glob("*.ipynb"))
    assert committed == sorted(p.name for p in SOURCES), "one student edition per source: run `make assign`"
    for path in SOURCES:
        fresh = (built / "student" / path.name).read_text(encoding="utf-8")
        assert (folder / path.name).read_text(encoding="utf-8") == fresh, \
            f"exercises/student/{path.name} differs from a fresh build: run `make assign`"


@pytest.mark.parametrize("path", SOURCES, **ids)
def test_a_student_edition_holds_no_solution_and_no_hidden_test(path):
    edition = (ROOT / "exercises" / "student" / path.name).read_text(encoding="utf-8")
    nb = json.loads(edition)
    tests = nb["metadata"]["otter"]["tests"]
    assert tests and all("hidden=False" in t and "hidden=True" not in t for t in tests.values())
    for marker in ("# SOLUTION", "BEGIN SOLUTION", "END SOLUTION", "BEGIN PROMPT", "Model answer", "BEGIN TEST"):
        assert marker not in edition, f"{path.name}: the student edition contains {marker!r}"
    for cell in master(path)["cells"]:
        text = "".join(cell["source"])
        for line in text.splitlines():
            if line.rstrip().endswith("# SOLUTION"):
                solved = line.split("=", 1)[1].split("# SOLUTION")[0].strip()
                if len(solved) >= 12 and solved[0] not in "\"'":  # code, not a word the prompt may use
                    assert solved not in edition, f"{path.name}: the solution {solved!r} leaked"
    written = [c for c in nb["cells"] if c["id"].endswith("-response")]
    assert all("".join(c["source"]).startswith("_Type your answer here") for c in written)


def test_files_otter_writes_beside_notebooks_are_ignored_by_git():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    paths = ["exercises/student/.OTTER_LOG", "exercises/student/01-origins_2026_12_01T05_55_30_808558.zip",
             "exercises/source/capstone_2026_12_01T05_55_30_808558.zip", "submissions/x/grades.csv",
             "build/autograder/capstone.zip"]
    result = subprocess.run(["git", "check-ignore", *paths], cwd=ROOT, capture_output=True, text=True)
    assert sorted(result.stdout.split()) == sorted(paths)


# ---- the checks students read ---------------------------------------------------------------

@pytest.mark.parametrize("env", [{}, {"x": ...}], ids=["undefined", "unanswered"])
def test_an_unanswered_or_undefined_answer_is_not_answered_yet(env):
    for check in (lambda: form(env, "x", "whole number"), lambda: answer(env, "x"),
                  lambda: expect_ruling(env, "x", "C07")):
        with pytest.raises(Feedback, match="not answered yet"):
            check()


def test_a_ruling_names_its_mistake_in_a_sentence():
    env = {"r": {"verdict": "proven", "source_ids": ["diplomat-2024-scepanovic"]}}
    with pytest.raises(Feedback, match="the verdict should be one of"):
        form(env, "r", "ruling")
    env = {"r": {"verdict": "contradicted", "source_ids": ["no-such-source"]}}
    with pytest.raises(Feedback, match="not a source_id of the data"):
        form(env, "r", "ruling")
    env = {"r": {"verdict": "contradicted", "source_ids": ["diplomat-2024-scepanovic"]}}
    with pytest.raises(Feedback, match="cuts the other way"):
        expect_ruling(env, "r", "C07", part="sources", support={"a"}, against={"diplomat-2024-scepanovic"})


def test_diagnose_names_what_went_wrong_in_plain_words():
    edition = json.loads((ROOT / "exercises" / "student" / "01-origins.ipynb").read_text(encoding="utf-8"))
    plan = blueprint(edition)
    assert [c.names for c in plan if c.id == "q1-answer"] == [("years_six",)]
    assert diagnose(edition, plan) == []
    gone = {**edition, "cells": [c for c in edition["cells"] if c["id"] != "setup"]}
    assert any("setup cell was deleted" in n for n in diagnose(gone, plan))


# ---- make grade ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graded(built, tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    A.demo(folder, out=built)
    A.grade(folder, jobs=2, out=built, quiet=True)
    with (folder / "grades.csv").open(encoding="utf-8") as f:
        rows = {r["submission"]: r for r in csv.DictReader(f)}
    return folder, rows


def test_grading_writes_one_row_and_one_feedback_file_per_submission(graded):
    folder, rows = graded
    submitted = sorted(p.name for p in folder.glob("*.ipynb"))
    assert sorted(rows) == submitted
    assert sorted(p.stem for p in (folder / "feedback").glob("*.md")) == [Path(s).stem for s in submitted]


@pytest.mark.parametrize("path", SOURCES, **ids)
def test_the_blank_edition_scores_zero_and_the_solution_full_marks(graded, path):
    _, rows = graded
    a = PLANS[path.stem]
    auto = [q for q in a.questions if q.auto]
    blank, solution = rows[f"{a.name}-blank.ipynb"], rows[f"{a.name}-solution.ipynb"]
    column = (lambda q: q.name) if f"{a.name}:q1" not in blank else (lambda q: f"{a.name}:{q.name}")
    assert [float(blank[column(q)]) for q in auto] == [0.0] * len(auto), "the blank edition scores 0 everywhere"
    assert [float(solution[column(q)]) for q in auto] == [q.points for q in auto], solution["notes"]
    assert float(solution["auto_total"]) == float(solution["auto_possible"]) == sum(q.points for q in auto)
    assert not solution["notes"] and not blank["notes"]
    hand = [q for q in a.questions if q.manual]
    assert solution["grade_by_hand"] == "; ".join(f"{q.name} ({q.points:g} pt)" for q in hand)


@pytest.mark.parametrize("kind,words", [("syntax-error", "syntax error"), ("deleted-cell", "deleted"),
                                        ("moved-cell", "moved"), ("renamed-variable", "renamed"),
                                        ("cell-raises", "stopped with an error")])
def test_a_broken_submission_is_graded_on_everything_else_with_a_note(graded, kind, words):
    _, rows = graded
    name = A.sources()[0].stem
    row = rows[f"{name}-{kind}.ipynb"]
    total, possible = float(row["auto_total"]), float(row["auto_possible"])
    assert 0 < total < possible, f"{kind}: partial marks"
    assert words in row["notes"], row["notes"]
    column = (lambda q: q.name) if "q1" in row else (lambda q: f"{name}:{q.name}")
    lost = [q.name for q in PLANS[name].questions if q.auto and float(row[column(q)]) < q.points]
    assert 1 <= len(lost) <= 2, f"{kind}: only the questions it breaks lose points, not {lost}"
