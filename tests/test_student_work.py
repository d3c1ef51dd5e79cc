"""A student's work survives course updates pulled with nbgitpuller (the JupyterHub route).

The test plays both sides without any network: a local upstream repository stands for the
course's public one (file://), nbgitpuller copies it into a student's folder as the first
click on a JupyterHub link does, the student edits a lesson and an exercise and keeps notes
of their own, the instructor changes the course, and the student clicks the link again.
"""

import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

nbgitpuller = pytest.importorskip("nbgitpuller.pull", reason="nbgitpuller is pinned in requirements.txt")

ROOT = Path(__file__).resolve().parents[1]
GIT_ENV = {"GIT_AUTHOR_NAME": "Instructor", "GIT_AUTHOR_EMAIL": "instructor@example.edu",
           "GIT_COMMITTER_NAME": "Instructor", "GIT_COMMITTER_EMAIL": "instructor@example.edu",
           "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


def pull(upstream: Path, target: Path):
    for _ in nbgitpuller.GitPuller(f"file://{upstream}", str(target), branch="main").pull():
        pass


def first_try_it(nb):
    return next(c for c in nb.cells if c.cell_type == "code" and "tasks.check(" in c.source
                and c.source.startswith("answer = ..."))


def exercise_notebook(upstream: Path) -> Path:
    """The first exercise notebook of the course; a small stand-in while exercises/ has none yet."""
    found = sorted((upstream / "exercises").glob("**/*.ipynb"))
    if found:
        return found[0]
    path = upstream / "exercises" / "01-exercise.ipynb"
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Exercise 1\n\nHow many states signed the 1992 treaty?"),
        nbformat.v4.new_code_cell("n_signatories = ...  # your answer"),
    ])
    nbformat.write(nb, path)
    return path


def edit_code_cell(nb, old_start: str, new_source: str):
    cell = next(c for c in nb.cells if c.cell_type == "code" and c.source.startswith(old_start))
    cell.source = new_source
    return cell


def test_student_edits_survive_an_update_and_new_files_arrive(tmp_path, monkeypatch):
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    # the course as published: its lessons and exercises, in a repository of its own
    upstream = tmp_path / "upstream"
    (upstream / "notebooks").mkdir(parents=True)
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        shutil.copy(path, upstream / "notebooks" / path.name)
    shutil.copytree(ROOT / "exercises", upstream / "exercises",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy(ROOT / "README.md", upstream / "README.md")
    exercise = exercise_notebook(upstream).relative_to(upstream)
    lesson = Path("notebooks/00-start-here.ipynb")
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "Course, first edition")

    # first click on the JupyterHub link: the course is copied into the student's home
    student = tmp_path / "home" / "csto-course"
    pull(upstream, student)
    assert (student / lesson).read_bytes() == (upstream / lesson).read_bytes()

    # the student answers a Try it in the lesson, works on the exercise, keeps notes of their own
    nb = nbformat.read(student / lesson, as_version=4)
    try_it = first_try_it(nb)
    answer = '# my answer, after reading the table\nanswer = "3.1.1"\n' + try_it.source.split("\n", 1)[1]
    try_it.source = answer
    nb.cells.append(nbformat.v4.new_markdown_cell("My notes: compare the GUAM years with the CSTO's."))
    nbformat.write(nb, student / lesson)
    ex = nbformat.read(student / exercise, as_version=4)
    ex_cell = next(c for c in ex.cells if c.cell_type == "code")
    ex_first_line = ex_cell.source.splitlines()[0]
    my_exercise = "# I counted the signatories in the events table\n" + ex_cell.source.replace("...", "6")
    ex_cell.source = my_exercise
    nbformat.write(ex, student / exercise)
    (student / "notebooks" / "my-notes.md").write_text("Questions for the seminar\n")

    # the instructor updates the course: a fix in the same lesson (another cell), a change to the
    # very line of the exercise the student edited, and a new lesson
    up = nbformat.read(upstream / lesson, as_version=4)
    fixed = next(c for c in up.cells if c.cell_type == "markdown" and c.source.startswith("# "))
    fixed.source += "\n\nUpdated by the instructor."
    nbformat.write(up, upstream / lesson)
    up_ex = nbformat.read(upstream / exercise, as_version=4)
    edit_code_cell(up_ex, ex_first_line, ex_first_line + "  # instructor's new hint")
    nbformat.write(up_ex, upstream / exercise)
    new_lesson = Path("notebooks/99-new-lesson.ipynb")
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 99 · New lesson")]),
                   upstream / new_lesson)
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "Course, second edition")

    # the student clicks the link again
    pull(upstream, student)

    nb = nbformat.read(student / lesson, as_version=4)
    assert any(c.source == answer for c in nb.cells), "the student's Try it answer was lost"
    assert nb.cells[-1].source.startswith("My notes:"), "the student's own cell was lost"
    assert any(c.source.endswith("Updated by the instructor.") for c in nb.cells), \
        "the instructor's fix in another cell of the same lesson did not arrive"
    ex = nbformat.read(student / exercise, as_version=4)
    assert any(c.source == my_exercise for c in ex.cells), "the student's exercise answer was lost"
    assert (student / "notebooks" / "my-notes.md").read_text() == "Questions for the seminar\n"
    assert (student / new_lesson).read_bytes() == (upstream / new_lesson).read_bytes(), "the new lesson did not arrive"
