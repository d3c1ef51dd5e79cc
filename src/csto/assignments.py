"""Graded assignments: build the student editions and autograder archives, and grade submissions.

Each assignment is written once, with its solutions and tests, in otter-grader's
assign format: ``exercises/source/NN-slug.ipynb`` for lesson NN, and
``exercises/source/capstone.ipynb``. Every question's configuration names the lesson
objective(s) it assesses and its form, beside otter's own keys::

    # BEGIN QUESTION
    name: q2
    points: 3
    form: do            # do, figure, judge or written
    objectives: [2]     # the numbers of the lesson's objectives (its Overview)

``make assign`` (``python -m csto.assignments assign``) runs ``otter assign`` on every
source in ``build/assign/NAME/`` and writes

- ``exercises/student/NAME.ipynb``, the student edition (committed; no solutions, no
  hidden tests), with cell ids that name each cell's question and role, so the same
  source always gives the same file;
- ``build/autograder/NAME.zip``, the autograder archive (for ``make grade`` or Gradescope;
  built, never committed), which carries the data, the claims ledger and the course
  package, so grading needs no network;
- ``build/autograder/NAME-solution.ipynb``, the solution as a submission would look.

``make grade SUBMISSIONS=folder`` (``python -m csto.assignments grade folder``) grades
every notebook (or otter export zip) in the folder with ``otter run``, locally and
without Docker, two at a time, and writes ``folder/grades.csv`` and one feedback file
per submission in ``folder/feedback/``. A submission that does not run cleanly is graded
on everything that does, with notes from :func:`csto.grading.diagnose`.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from csto.data import data_dir
from csto.grading import Cell, blueprint, diagnose

__all__ = ["Question", "Assignment", "FORMS", "sources", "read", "assignments", "build", "build_all",
           "student_edition", "grade", "grading_time", "demo", "broken", "BROKEN", "main"]

#: The forms a graded question takes, and how the instructor's pages name them.
FORMS = {"do": "compute in pandas (auto)", "figure": "make a figure (auto)",
         "judge": "rule on a ledger claim (auto)", "written": "written judgement (by hand)"}

#: The text otter puts in a written answer's cell until the student replaces it.
PLACEHOLDER = "_Type your answer here, replacing this text._"

#: Seconds one submission may take to grade before it is stopped (a cell that loops forever).
TIMEOUT = 600


def _root() -> Path:
    return data_dir().parent


def _source_dir() -> Path:
    return _root() / "exercises" / "source"


def _student_dir() -> Path:
    return _root() / "exercises" / "student"


def _build_dir() -> Path:
    return _root() / "build"


@dataclass
class Question:
    """One question of an assignment, as its configuration declares it."""

    name: str
    title: str
    points: float
    manual: bool
    form: str
    objectives: tuple

    @property
    def auto(self) -> bool:
        return not self.manual


@dataclass
class Assignment:
    """One assignment source and what it declares."""

    name: str
    path: Path
    title: str
    questions: list[Question] = field(default_factory=list)

    @property
    def lesson(self) -> str | None:
        """The lesson number ("01") for lesson assignments; None for the capstone."""
        return self.name[:2] if re.match(r"^\d\d-", self.name) else None

    @property
    def points(self) -> float:
        return sum(q.points for q in self.questions)

    def question(self, name: str) -> Question:
        return next(q for q in self.questions if q.name == name)


def _text(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _config(cell, marker: str) -> dict | None:
    """The YAML of a raw cell that starts with ``# MARKER``, or None."""
    if cell["cell_type"] != "raw":
        return None
    text = _text(cell).strip()
    if not re.match(rf"^#\s*{marker}\b", text, re.I):
        return None
    return yaml.safe_load(text.split("\n", 1)[1]) if "\n" in text else {}


def sources() -> list[Path]:
    """Every assignment source, lessons in order, then the capstone."""
    return sorted(_source_dir().glob("*.ipynb"), key=lambda p: (not p.name[:2].isdigit(), p.name))


def read(path: Path) -> Assignment:
    """An assignment's name, title and questions (with points, form and objectives)."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    title, questions, current = "", [], None
    for cell in nb["cells"]:
        config = _config(cell, "BEGIN QUESTION")
        if config is not None:
            objectives = config.get("objectives", [])
            current = Question(config["name"], "", float(config.get("points") or 0), bool(config.get("manual")),
                               config.get("form", ""),
                               tuple([objectives] if isinstance(objectives, int) else objectives))
            questions.append(current)
            continue
        if _config(cell, "END QUESTION") is not None:
            current = None
            continue
        if cell["cell_type"] == "markdown":
            for line in _text(cell).splitlines():
                if line.startswith("# ") and not title:
                    title = line[2:].strip()
                if current is not None and not current.title and line.startswith("## "):
                    current.title = line[3:].strip()
    return Assignment(Path(path).stem, Path(path), title, questions)


def assignments() -> list[Assignment]:
    """Every assignment, read from its source."""
    return [read(p) for p in sources()]


# --------------------------------------------------------------------------- building

def _fingerprint(path: Path) -> str:
    """A hash of everything an assignment's build depends on."""
    import otter

    root = _root()
    digest = hashlib.sha256(otter.__version__.encode())
    files = [Path(path).resolve(), root / "requirements.txt", root / "seeds" / "claims.csv",
             *sorted((root / "src" / "csto").rglob("*.py")), *sorted(data_dir().glob("*"))]
    for f in files:
        if f.is_file():
            inside = f.resolve().is_relative_to(root.resolve())
            digest.update((f.resolve().relative_to(root.resolve()).as_posix() if inside else f.name).encode())
            digest.update(f.read_bytes())
    return digest.hexdigest()


def _stage(path: Path, stage: Path) -> Path:
    """Copy a source into ``stage`` with what its archive must carry; return the staged copy."""
    root = _root()
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
    shutil.copytree(data_dir(), stage / "data", ignore=ignore)
    (stage / "seeds").mkdir()
    shutil.copy(root / "seeds" / "claims.csv", stage / "seeds" / "claims.csv")
    shutil.copytree(root / "src" / "csto", stage / "csto", ignore=ignore)
    shutil.copy(root / "requirements.txt", stage / "requirements.txt")
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        config = _config(cell, "ASSIGNMENT CONFIG")
        if config is not None:
            config.update({"autograder_files": ["data", "seeds", "csto"], "requirements": "requirements.txt",
                           "python_version": "3.11"})
            cell["source"] = "# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=False)
            break
    else:
        raise ValueError(f"{path.name}: the first cell must be a raw '# ASSIGNMENT CONFIG' cell")
    staged = stage / Path(path).name
    staged.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return staged


def _roles(master: dict) -> dict:
    """For each cell id of a source: (question, role) as the student edition will name it."""
    roles, question, block, setup_seen = {}, "", [], False
    for cell in master["cells"]:
        begin = _config(cell, "BEGIN QUESTION")
        if begin is not None:
            question, block = begin["name"], []
            continue
        if _config(cell, "END QUESTION") is not None:
            question = ""
            continue
        if cell["cell_type"] == "raw":
            m = re.match(r"^#\s*(BEGIN|END)\s+(SOLUTION|TESTS|PROMPT)", _text(cell).strip(), re.I)
            if m:
                if m[1].upper() == "BEGIN":
                    block.append(m[2].upper())
                elif block:
                    block.pop()
                continue
        if question:
            if block and block[-1] == "SOLUTION":
                role = "answer" if cell["cell_type"] == "code" else "response"
            elif block and block[-1] == "PROMPT":
                role = "answer" if cell["cell_type"] == "code" else "response"
            else:
                role = "prompt" if cell["cell_type"] == "markdown" else "code"
        elif cell["cell_type"] == "code" and not setup_seen:
            role, setup_seen = "setup", True
        else:
            role = "text" if cell["cell_type"] == "markdown" else "code"
        if "id" in cell:
            roles[cell["id"]] = (question, role)
    return roles


def _normalise(student: dict, master: dict) -> dict:
    """Give every cell of a student edition an id that says its question and role.

    otter keeps the ids of the source's cells and gives random ones to the cells it adds
    (init, check, export); this makes the edition the same on every build, and lets
    ``make grade`` tell which question a cell of a submission belongs to.
    """
    roles = _roles(master)
    used: dict[str, int] = {}
    question, exporting = "", False

    def unique(base: str) -> str:
        used[base] = used.get(base, 0) + 1
        return base if used[base] == 1 else f"{base}-{used[base]}"

    for cell in student["cells"]:
        text = _text(cell)
        check = re.fullmatch(r'\s*grader\.check\("([^"]+)"\)\s*', text)
        if cell.get("id") in roles and not exporting:
            question, role = roles[cell["id"]]
            cid = f"{question}-{role}" if question else role
        elif check:
            question, cid = check[1], f"{check[1]}-check"
        elif "Initialize Otter" in text:
            cid = "init"
        elif exporting or "grader.export" in text or text.lstrip().startswith("## Submission"):
            exporting, cid = True, "export"
        elif cell["cell_type"] == "markdown" and question and "_Type your answer here" in text:
            cid = f"{question}-response"
        else:
            cid = f"{question}-text" if question else "text"
        cell["id"] = unique(cid)
    return student


def _write_nb(nb: dict, path: Path) -> None:
    import nbformat

    node = nbformat.from_dict(nb)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(node, str(path))


def build(path: Path, *, run_tests: bool = True, out: Path | None = None) -> dict:
    """Run ``otter assign`` on one source; return the paths of what it made.

    ``out`` is the build folder (default ``build/``): the work happens in
    ``out/assign/NAME/``, the archive and the solution go to ``out/autograder/``, and the
    normalised student edition to ``out/student/NAME.ipynb`` (:func:`build_all` copies
    it to ``exercises/student/``). ``run_tests`` makes otter grade the solution and fail
    unless it gets full marks.
    """
    import nbformat
    from otter import logging as otter_logging
    from otter.assign import main as otter_assign
    from otter.run import capture_run_output

    path = Path(path)
    out = Path(out) if out else _build_dir()
    name = path.stem
    stage = out / "assign" / name
    staged = _stage(path, stage / "source")
    result = stage / "dist"
    otter_logging.set_level(otter_logging.WARNING)
    with capture_run_output() as log:
        try:
            otter_assign(str(staged), str(result), no_pdfs=True, no_run_tests=not run_tests)
        except Exception as err:
            raise RuntimeError(f"otter assign failed on {path.name}: {err}\n{log.getvalue()[-3000:]}") from err
    master = json.loads(path.read_text(encoding="utf-8"))
    student = json.loads((result / "student" / path.name).read_text(encoding="utf-8"))
    student = _normalise(student, master)
    archives = out / "autograder"
    archives.mkdir(parents=True, exist_ok=True)
    zips = sorted((result / "autograder").glob(f"{name}-autograder_*.zip"))
    shutil.copy(zips[-1], archives / f"{name}.zip")
    solution = nbformat.read(str(result / "autograder" / path.name), as_version=4)
    solution = _normalise(json.loads(nbformat.writes(solution)), master)
    _write_nb(solution, archives / f"{name}-solution.ipynb")
    _write_nb(student, out / "student" / path.name)
    (archives / f"{name}.fingerprint").write_text(_fingerprint(path), encoding="utf-8")
    return {"student": out / "student" / path.name, "archive": archives / f"{name}.zip",
            "solution": archives / f"{name}-solution.ipynb"}


def _build_one(args):
    path, run_tests, out = args
    return str(path), build(Path(path), run_tests=run_tests, out=Path(out) if out else None)


def build_all(*, run_tests: bool = True, out: Path | None = None, jobs: int = 2, only_stale: bool = False,
              write: bool = True) -> dict:
    """Build every assignment (``jobs`` at a time); copy the student editions to ``exercises/student/``.

    With ``only_stale``, an assignment whose archive was built from the same files is skipped.
    """
    out = Path(out) if out else _build_dir()
    todo = [p for p in sources()
            if not (only_stale and _fresh(p, out))]
    built = {}
    if todo:
        with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, min(jobs, len(todo)))) as pool:
            for path, paths in pool.map(_build_one, [(str(p), run_tests, str(out)) for p in todo]):
                built[Path(path).stem] = paths
    if write:
        target = _student_dir()
        target.mkdir(parents=True, exist_ok=True)
        wanted = {p.name for p in sources()}
        for stale in target.glob("*.ipynb"):
            if stale.name not in wanted:
                stale.unlink()
        for p in sources():
            edition = out / "student" / p.name
            if edition.exists():
                shutil.copy(edition, target / p.name)
    return built


def _fresh(path: Path, out: Path) -> bool:
    stamp = out / "autograder" / f"{path.stem}.fingerprint"
    return (stamp.exists() and (out / "autograder" / f"{path.stem}.zip").exists()
            and (out / "student" / path.name).exists() and stamp.read_text(encoding="utf-8") == _fingerprint(path))


def student_edition(path: Path) -> str:
    """The student edition a fresh build makes from ``path``, as file text (for the tests)."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = build(Path(path), run_tests=False, out=Path(tmp))
        return Path(paths["student"]).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- grading

def _submissions(folder: Path) -> list[Path]:
    found = []
    for p in sorted(folder.rglob("*")):
        parts = set(p.relative_to(folder).parts)
        if parts & {".ipynb_checkpoints", "feedback", "__MACOSX"} or p.name.startswith("."):
            continue
        if p.suffix == ".ipynb" or (p.suffix == ".zip" and _zip_notebook(p) is not None):
            found.append(p)
    return found


def _zip_notebook(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if n.endswith(".ipynb") and "/." not in n and not n.startswith("__MACOSX")]
    except zipfile.BadZipFile:
        return None
    return names[0] if len(names) == 1 else None


def _read_submission(path: Path) -> dict:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            return json.loads(zf.read(_zip_notebook(path)).decode("utf-8"))
    return json.loads(path.read_text(encoding="utf-8"))


def _which(nb: dict, path: Path, plans: dict) -> str | None:
    """The assignment a submission answers: its metadata, else its file name, else its cells."""
    named = (nb.get("metadata", {}).get("otter", {}) or {}).get("assignment_name")
    if named in plans:
        return named
    for name in sorted(plans, key=len, reverse=True):
        if name in path.name:
            return name
    ids = {c.get("id") for c in nb.get("cells", [])}
    overlap = {name: len(ids & {c.id for c in cells}) for name, (_, cells) in plans.items()}
    best = max(overlap, key=overlap.get) if overlap else None
    return best if best and overlap[best] >= 3 else None


#: The kernel that runs submissions: this interpreter, whatever kernels the machine knows.
KERNEL = "csto-grading"


def _write_kernel_spec(folder: Path) -> None:
    """Write the kernel spec :data:`KERNEL` under ``folder`` (put ``folder`` first on JUPYTER_PATH)."""
    spec = Path(folder) / "kernels" / KERNEL
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python"}), encoding="utf-8")


def _grade_one(submission: str, archive: str, name: str, out: str) -> None:
    """Grade one submission with ``otter run`` in a temporary folder; write a JSON summary to ``out``.

    Runs in a worker process (:class:`_Worker`), so a submission that hangs can be
    stopped without stopping the others.
    """
    from otter.run import capture_run_output, main as otter_run

    result = {"questions": {}, "errors": {}, "failure": ""}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        nb = _read_submission(Path(submission))
        nb.setdefault("metadata", {}).setdefault("otter", {})["assignment_name"] = name
        # the kernel is the interpreter that grades, whatever kernels the machine knows
        nb["metadata"]["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
        notebook = tmp / f"{name}.ipynb"
        notebook.write_text(json.dumps(nb), encoding="utf-8")
        try:
            with capture_run_output():
                results = otter_run(str(notebook), autograder=archive, output_dir=None, no_logo=True)
        except Exception as err:  # the notebook could not be run at all
            result["failure"] = f"{type(err).__name__}: {err}"
            Path(out).write_text(json.dumps(result), encoding="utf-8")
            return
    for qname, tf in results.results.items():
        messages = []
        for tcr in tf.test_case_results:
            if not tcr.passed:
                messages.append(_sentence(tcr.message or ""))
        result["questions"][qname] = {"score": float(tf.score), "possible": float(tf.possible),
                                      "messages": _one_per_name(messages)}
    for cell in (results.notebook or {}).get("cells", []):
        for output in cell.get("outputs", []):
            error = None
            if output.get("output_type") == "error":
                error = f"{output.get('ename')}: {output.get('evalue')}"
            elif output.get("output_type") == "stream":
                m = re.search(r"⚠️ `([^`]+)` is not defined", output.get("text", ""))
                if m:
                    error = f"NameError: `{m[1]}` is not defined"
            if error and cell.get("id"):
                result["errors"].setdefault(cell["id"], error)
    Path(out).write_text(json.dumps(result), encoding="utf-8")


def _one_per_name(messages) -> list[str]:
    """Keep the first sentence about each answer's name (a blank answer fails every test once)."""
    kept, names = [], set()
    for m in messages:
        name = re.match(r"^`([^`]+)`", m)
        key = name[1] if name else m
        if m and key not in names:
            names.add(key)
            kept.append(m)
    return kept


def _sentence(message: str) -> str:
    """The student's sentence from otter's report of a failed test (its exception's message)."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    for line in reversed(lines):
        m = re.match(r"^(?:csto\.grading\.)?Feedback: (.+)$", line)
        if m:
            return m[1]
    last = lines[-1] if lines else ""
    m = re.match(r"^(\w+(?:Error|Exception)): (.*)$", last)
    if m:
        return f"the check could not read this answer ({m[1]}); write it as the question shows."
    return last


@dataclass
class Graded:
    """One submission's grade."""

    file: str
    assignment: str
    scores: dict
    possible: dict
    messages: dict
    notes: list
    by_hand: list

    @property
    def total(self) -> float:
        return sum(self.scores.values())


class _Worker:
    """A grading process that imports otter once and grades one submission at a time.

    A submission that runs longer than the timeout (a cell that loops forever) has its
    worker, and the kernel the worker started, stopped; the next job gets a new worker.
    """

    SENTINEL = b"CSTO-GRADED\n"

    def __init__(self, kernels: Path):
        self.proc = None
        self.env = {**os.environ, "JUPYTER_PATH": os.pathsep.join(
            p for p in (str(kernels), os.environ.get("JUPYTER_PATH")) if p)}

    def _start(self):
        self.proc = subprocess.Popen([sys.executable, "-m", "csto.assignments", "_worker"], env=self.env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     start_new_session=True)

    def stop(self, *, wait: float = 10):
        """End the worker: let it finish when ``wait`` > 0, then stop it and its kernel."""
        if self.proc is not None and self.proc.poll() is None:
            if wait:
                try:
                    self.proc.stdin.close()
                    self.proc.wait(timeout=wait)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            if self.proc.poll() is None:
                try:
                    os.killpg(self.proc.pid, 9)  # the worker and the kernel it started, nothing else
                except ProcessLookupError:
                    pass
                self.proc.wait()
        self.proc = None

    def run(self, job: dict, timeout: float) -> dict:
        import select
        import time

        if self.proc is None or self.proc.poll() is not None:
            self._start()
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "result.json"
            self.proc.stdin.write((json.dumps({**job, "out": str(out)}) + "\n").encode())
            self.proc.stdin.flush()
            deadline, seen = time.monotonic() + timeout, b""
            fd = self.proc.stdout.fileno()
            while self.SENTINEL not in seen:
                left = deadline - time.monotonic()
                ready = select.select([fd], [], [], max(0, left))[0] if left > 0 else []
                if not ready:
                    self.stop(wait=0)
                    return {"questions": {}, "errors": {}, "failure": f"grading took longer than {timeout:g} s "
                            "(a cell may run forever); grade this one by hand"}
                chunk = os.read(fd, 65536)
                if not chunk:
                    self.stop(wait=0)
                    return {"questions": {}, "errors": {}, "failure": "the grader stopped unexpectedly"}
                seen = (seen + chunk)[-4096:]
            return json.loads(out.read_text(encoding="utf-8"))


def _worker() -> None:
    """Grade the jobs read from stdin, one JSON line each; say when each is done."""
    for line in sys.stdin:
        job = json.loads(line)
        try:
            _grade_one(job["submission"], job["archive"], job["name"], job["out"])
        except Exception as err:  # noqa: BLE001 - whatever happens, report it and take the next job
            Path(job["out"]).write_text(json.dumps({"questions": {}, "errors": {},
                                                    "failure": f"{type(err).__name__}: {err}"}), encoding="utf-8")
        os.write(sys.stdout.fileno(), _Worker.SENTINEL)


def grade(folder, *, jobs: int = 2, timeout: int = TIMEOUT, out: Path | None = None, quiet: bool = False) -> Path:
    """Grade every submission in ``folder``; write ``grades.csv`` and ``feedback/*.md`` there.

    Returns the path of ``grades.csv``.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise SystemExit(f"{folder} is not a folder of submissions")
    out = Path(out) if out else _build_dir()
    build_all(run_tests=False, out=out, only_stale=True, jobs=jobs, write=False)
    plans = {}
    for a in assignments():
        edition = out / "student" / f"{a.name}.ipynb"
        plans[a.name] = (a, blueprint(json.loads(edition.read_text(encoding="utf-8"))))
    jobs_list, graded = [], []
    for path in _submissions(folder):
        rel = path.relative_to(folder).as_posix()
        try:
            nb = _read_submission(path)
        except Exception as err:
            graded.append(Graded(rel, "", {}, {}, {}, [f"not a readable notebook ({type(err).__name__}); "
                                                        "ask the student to upload the .ipynb file again."], []))
            continue
        name = _which(nb, path, plans)
        if name is None:
            graded.append(Graded(rel, "", {}, {}, {}, ["could not tell which assignment this answers; "
                                                        "rename it after the assignment (e.g. 01-origins.ipynb)."], []))
            continue
        jobs_list.append((rel, path, nb, name))
    runs = [{"submission": str(path), "archive": str(out / "autograder" / f"{name}.zip"), "name": name}
            for _, path, _, name in jobs_list]
    kernels = Path(tempfile.mkdtemp(prefix="csto-grading-"))
    _write_kernel_spec(kernels)
    workers = [_Worker(kernels) for _ in range(max(1, min(jobs, len(runs))))]
    free = list(workers)
    import threading
    lock = threading.Lock()

    def run(job):
        with lock:
            worker = free.pop()
        try:
            return worker.run(job, timeout)
        finally:
            with lock:
                free.append(worker)

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(workers)) as pool:
            results = list(pool.map(run, runs))
    finally:
        for worker in workers:
            worker.stop()
        shutil.rmtree(kernels, ignore_errors=True)
    for (rel, path, nb, name), result in zip(jobs_list, results):
        assignment, plan = plans[name]
        graded.append(_combine(rel, nb, assignment, plan, result))
        if not quiet:
            g = graded[-1]
            print(f"graded {rel}: {g.total:g} / {sum(g.possible.values()):g} auto points"
                  + (f" ({len(g.notes)} note(s))" if g.notes else ""))
    graded.sort(key=lambda g: g.file)
    path = _write_grades(folder, graded, plans)
    _write_feedback(folder, graded, plans)
    return path


def _combine(rel: str, nb: dict, assignment: Assignment, plan: list[Cell], result: dict) -> Graded:
    scores, possible, messages = {}, {}, {}
    notes = []
    if result.get("failure"):
        notes.append(f"the notebook could not be graded automatically: {result['failure']}")
    for q in assignment.questions:
        if q.manual:
            continue
        r = result["questions"].get(q.name)
        scores[q.name] = r["score"] if r else 0.0
        possible[q.name] = r["possible"] if r else q.points
        messages[q.name] = r["messages"] if r else []
    try:
        notes += diagnose(nb, plan, result.get("errors", {}))
    except Exception as err:  # a broken notebook must not stop the grading of the others
        notes.append(f"the notebook's structure could not be compared with the assignment ({type(err).__name__})")
    by_hand = [q.name for q in assignment.questions if q.manual]
    return Graded(rel, assignment.name, scores, possible, messages, notes, by_hand)


def _points(x: float) -> str:
    return f"{x:g}"


def _write_grades(folder: Path, graded: list[Graded], plans: dict) -> Path:
    names = sorted({g.assignment for g in graded if g.assignment})
    qcols = []
    for name in names:
        for q in plans[name][0].questions:
            if q.auto and q.name not in qcols:
                qcols.append(q.name)
    single = len(names) <= 1
    header = ["submission", "assignment"]
    header += qcols if single else [f"{n}:{q.name}" for n in names for q in plans[n][0].questions if q.auto]
    header += ["auto_total", "auto_possible", "grade_by_hand", "by_hand_possible", "notes"]
    path = folder / "grades.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for g in graded:
            a = plans[g.assignment][0] if g.assignment else None
            row = [g.file, g.assignment]
            if single:
                row += [_points(g.scores[q]) if q in g.scores else "" for q in qcols]
            else:
                row += [_points(g.scores[q.name]) if g.assignment == n and q.name in g.scores else ""
                        for n in names for q in plans[n][0].questions if q.auto]
            hand = [a.question(q) for q in g.by_hand] if a else []
            row += [_points(g.total) if a else "", _points(sum(g.possible.values())) if a else "",
                    "; ".join(f"{q.name} ({_points(q.points)} pt)" for q in hand),
                    _points(sum(q.points for q in hand)) if a else "", " | ".join(g.notes)]
            w.writerow(row)
    return path


def _answers_text(nb: dict, question: str) -> str:
    texts = []
    for cell in nb.get("cells", []):
        cid = cell.get("id", "")
        if cid.startswith(f"{question}-response") or (cid.startswith(f"{question}-answer")
                                                      and cell.get("cell_type") == "markdown"):
            texts.append(_text(cell).replace(PLACEHOLDER, "").strip())
    return "\n\n".join(t for t in texts if t) or "(no answer: the cell under the question still holds its placeholder)"


def _write_feedback(folder: Path, graded: list[Graded], plans: dict) -> None:
    target = folder / "feedback"
    target.mkdir(exist_ok=True)
    for g in graded:
        stem = re.sub(r"[^\w.-]+", "_", Path(g.file).with_suffix("").as_posix())
        lines = [f"# Feedback: {g.file}", ""]
        if not g.assignment:
            lines += ["This file could not be graded.", "", *[f"- {n}" for n in g.notes], ""]
            (target / f"{stem}.md").write_text("\n".join(lines), encoding="utf-8")
            continue
        a, _ = plans[g.assignment]
        lines += [f"Assignment: **{a.title}** (`{a.name}`)", "",
                  f"Points checked automatically: **{_points(g.total)} of {_points(sum(g.possible.values()))}**."]
        hand = [a.question(q) for q in g.by_hand]
        if hand:
            lines.append(f"Written answers, graded by hand against the rubric: {_points(sum(q.points for q in hand))} "
                         "more points.")
        lines.append("")
        if g.notes:
            lines += ["## What went wrong when your notebook ran", "",
                      "Everything else was still graded.", ""] + [f"- {n}" for n in g.notes] + [""]
        lines += ["## Question by question", ""]
        nb = _read_submission(folder / g.file)
        for q in a.questions:
            head = f"**{q.title or q.name}**"
            if q.manual:
                lines += [f"- {head}: graded by hand ({_points(q.points)} points). Your answer:", "",
                          *[f"  > {line}" if line else "  >" for line in _answers_text(nb, q.name).splitlines()], ""]
                continue
            score, possible = g.scores.get(q.name, 0), g.possible.get(q.name, q.points)
            mark = "✅" if score == possible else ("🟡" if score > 0 else "❌")
            lines.append(f"- {mark} {head}: {_points(score)} of {_points(possible)} point{'' if possible == 1 else 's'}.")
            for m in g.messages.get(q.name, []):
                lines.append(f"  - {m}")
        (target / f"{stem}.md").write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- a folder to try grading on

#: The kinds of broken submission :func:`demo` writes, and what each does to the solution.
BROKEN = {
    "syntax-error": "a line with a syntax error added to the first answer",
    "deleted-cell": "the second answer's cell deleted",
    "moved-cell": "the second answer's cell moved above the setup cell",
    "renamed-variable": "the name the second answer must set renamed",
    "cell-raises": "a division by zero at the top of the fifth answer",
}


def _answer_cells(nb: dict, plan: list[Cell]) -> list[int]:
    """Indexes of the cells of ``nb`` that answer an auto-graded question, in order."""
    wanted = {c.id for c in plan if c.role == "answer" and c.names}
    return [i for i, c in enumerate(nb["cells"]) if c.get("id") in wanted]


def broken(solution: dict, plan: list[Cell], kind: str) -> dict:
    """A copy of ``solution`` broken in one of the ways of :data:`BROKEN`."""
    import copy

    nb = copy.deepcopy(solution)
    cells = nb["cells"]
    answers = _answer_cells(nb, plan)
    by_id = {c.id: c for c in plan}
    if len(answers) < 5:
        raise ValueError("a demo needs an assignment with at least five auto-graded answers")
    if kind == "syntax-error":
        cells[answers[0]]["source"] = _text(cells[answers[0]]) + "\nthis line is not python ("
    elif kind == "deleted-cell":
        del cells[answers[1]]
    elif kind == "moved-cell":
        moved = cells.pop(answers[1])
        setup = next(i for i, c in enumerate(cells) if c.get("id") == "setup")
        cells.insert(setup, moved)
    elif kind == "renamed-variable":
        cell = cells[answers[1]]
        name = by_id[cell["id"]].names[-1]
        cell["source"] = re.sub(rf"\b{re.escape(name)}\b", f"{name}_renamed", _text(cell))
    elif kind == "cell-raises":
        cells[answers[4]]["source"] = "1 / 0\n" + _text(cells[answers[4]])
    else:
        raise ValueError(f"unknown kind {kind!r}; use one of {list(BROKEN)}")
    return nb


def demo(folder, name: str | None = None, *, out: Path | None = None) -> list[Path]:
    """Write a folder to try ``make grade`` on: for every assignment, the blank student
    edition and the solution; for ``name`` (default: the first lesson's assignment) one
    submission broken in each way of :data:`BROKEN`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = Path(out) if out else _build_dir()
    build_all(run_tests=False, out=out, only_stale=True, write=False)
    written = []
    names = [a.name for a in assignments()]
    name = name or names[0]
    for n in names:
        blank = out / "student" / f"{n}.ipynb"
        shutil.copy(blank, folder / f"{n}-blank.ipynb")
        shutil.copy(out / "autograder" / f"{n}-solution.ipynb", folder / f"{n}-solution.ipynb")
        written += [folder / f"{n}-blank.ipynb", folder / f"{n}-solution.ipynb"]
    solution = json.loads((out / "autograder" / f"{name}-solution.ipynb").read_text(encoding="utf-8"))
    plan = blueprint(json.loads((out / "student" / f"{name}.ipynb").read_text(encoding="utf-8")))
    for kind in BROKEN:
        path = folder / f"{name}-{kind}.ipynb"
        _write_nb(broken(solution, plan, kind), path)
        written.append(path)
    return written


def grading_time(*, jobs: int = 2) -> tuple[float, int]:
    """Seconds ``make grade`` takes on a folder of every assignment's solution (archives built first), and how many.

    Measured by ``make benchmark``, never asserted in the tests; the goal is under a minute on two cores.
    """
    import time

    out = _build_dir()
    build_all(run_tests=False, out=out, only_stale=True, write=False)
    names = [a.name for a in assignments()]
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            shutil.copy(out / "autograder" / f"{name}-solution.ipynb", Path(tmp) / f"{name}.ipynb")
        start = time.perf_counter()
        grade(tmp, jobs=jobs, out=out, quiet=True)
        return time.perf_counter() - start, len(names)


# --------------------------------------------------------------------------- command line

def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_worker":
        _worker()
        return 0
    parser = argparse.ArgumentParser(prog="python -m csto.assignments", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("assign", help="build the student editions and the autograder archives")
    p.add_argument("--no-run-tests", action="store_true", help="do not grade the solutions while building")
    p.add_argument("--check", action="store_true",
                   help="exit 1 if the committed student editions differ from a fresh build")
    p.add_argument("--jobs", type=int, default=2)
    d = sub.add_parser("demo", help="write a folder of blank, solved and broken submissions to try grading on")
    d.add_argument("folder")
    d.add_argument("--assignment", default=None, help="the assignment to break (default: the first)")
    g = sub.add_parser("grade", help="grade every submission in a folder")
    g.add_argument("folder")
    g.add_argument("--jobs", type=int, default=2)
    g.add_argument("--timeout", type=int, default=TIMEOUT)
    args = parser.parse_args(argv)
    if args.command == "assign":
        if args.check:
            stale = [p.name for p in sources()
                     if not (_student_dir() / p.name).exists()
                     or (_student_dir() / p.name).read_text(encoding="utf-8") != student_edition(p)]
            if stale:
                print("out of date: " + ", ".join(f"exercises/student/{n}" for n in stale) + "; run `make assign`",
                      file=sys.stderr)
                return 1
            return 0
        built = build_all(run_tests=not args.no_run_tests, jobs=args.jobs)
        for name, paths in built.items():
            print(f"{name}: exercises/student/{name}.ipynb, {Path(paths['archive']).relative_to(_root())}")
        return 0
    if args.command == "demo":
        for path in demo(args.folder, args.assignment):
            print(f"wrote {path}")
        return 0
    path = grade(args.folder, jobs=args.jobs, timeout=args.timeout)
    print(f"wrote {path} and {path.parent / 'feedback'}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
