"""Measure the test suite: plant each mistake of tools/mutations.py, alone, in a scratch copy
of the repository, run ``make test`` there, and count the mistakes it catches (``make mutate``).

The scratch copy holds the files git knows (tracked, and new files not ignored) and shares
this checkout's ``.venv``; the course package is imported from the copy (PYTHONPATH), and
make is told not to reinstall anything. The unmutated copy must pass first. Each run stops
at its first failure (``-x``): one failure is enough to count a mistake as caught. The list's
own self-test (``tests/test_tools.py``, which fails whenever an anchor changes) is left out,
so a mistake counts as caught only when a check of the course trips on it.

Usage::

    python tools/mutate.py                      # every mutation
    python tools/mutate.py --only data cache    # some kinds or ids
    python tools/mutate.py --check              # only say which mutations apply here
    python tools/mutate.py --root ../main --venv .venv   # measure another checkout with this .venv
    python tools/mutate.py --report out.md      # also write the table as Markdown
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mutations import KINDS, MUTATIONS, Cell, Edit  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


class NotApplicable(Exception):
    """The mutation's anchor (text or row) is not in this checkout."""


# --------------------------------------------------------------------------- applying a mutation

def _change(value: str, op: str) -> str:
    if op in ("+1", "-1"):
        number = float(value)
        number += 1 if op == "+1" else -1
        return str(int(number)) if number.is_integer() and "." not in value else str(number)
    if op == "swap":
        digits = [i for i, c in enumerate(value) if c.isdigit()]
        for a, b in zip(digits, digits[1:]):
            if b == a + 1 and value[a] != value[b]:
                return value[:a] + value[b] + value[a] + value[b + 1:]
        raise NotApplicable(f"no two different adjacent digits in {value!r}")
    if op == "day+1":
        import datetime as dt

        return (dt.date.fromisoformat(value) + dt.timedelta(days=1)).isoformat()
    return op


def apply(mutation, root: Path) -> str:
    """Plant ``mutation`` in the checkout at ``root``; return a one-line description of the change."""
    path = root / mutation.path
    if not path.exists():
        raise NotApplicable(f"{mutation.path} does not exist")
    text = path.read_text(encoding="utf-8")
    if isinstance(mutation, Edit):
        n = text.count(mutation.old)
        if n != 1:
            raise NotApplicable(f"the text to replace occurs {n} times in {mutation.path}")
        path.write_text(text.replace(mutation.old, mutation.new), encoding="utf-8")
        return f"{mutation.path}: {mutation.old.strip()[:60]!r} -> {mutation.new.strip()[:60]!r}"
    lines = text.splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    for k in list(mutation.where) + [mutation.column]:
        if k not in header:
            raise NotApplicable(f"{mutation.path} has no column {k!r}")
    for n, line in enumerate(lines[1:], start=1):
        row = next(csv.reader([line]))
        if len(row) == len(header) and all(row[header.index(k)] == v for k, v in mutation.where.items()):
            j = header.index(mutation.column)
            old = row[j]
            row[j] = _change(old, mutation.to)
            out = io.StringIO()
            csv.writer(out, lineterminator=line[len(line.rstrip("\r\n")):] or "\n").writerow(row)
            lines[n] = out.getvalue()
            path.write_text("".join(lines), encoding="utf-8")
            return f"{mutation.path}:{n + 1}: {mutation.column} {old!r} -> {row[j]!r}"
    raise NotApplicable(f"no row of {mutation.path} with {mutation.where}")


# --------------------------------------------------------------------------- running the suite

def scratch_copy(root: Path, venv: Path) -> Path:
    """Copy the files git knows into a fresh folder, sharing the virtual environment ``venv``."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=root, capture_output=True, check=True).stdout.decode().split("\0")
    target = Path(tempfile.mkdtemp(prefix="csto-mutate-")) / "repo"
    for name in filter(None, listed):
        src = root / name
        if src.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target / name)
    (target / ".venv").symlink_to(venv)
    return target


#: Test paths run before the rest of ``make test``: the quick checks most mistakes trip.
FIRST = ("tests/test_data_package.py", "tests/test_validate_rules.py", "tests/test_loader.py", "tests")


def stamp(venv: Path) -> str:
    """The Makefile's set-up stamp for ``venv``'s Python (``STAMP := $(VENV)/.installed-$(PYVER)``).

    ``make -o`` this file, or make re-runs the set-up in the scratch copy, and its
    ``pip install -e .`` points the shared environment's course package at the copy.
    """
    version = subprocess.run([str(venv / "bin" / "python"), "-c",
                              "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    return f".venv/.installed-{version}"


def run_tests(copy: Path, timeout: int) -> tuple[bool, str, float]:
    """Run ``make test`` in ``copy``; return (passed, first failure, seconds)."""
    env = {**os.environ, "PYTHONPATH": str(copy / "src"), "MPLBACKEND": "Agg"}
    env.pop("CSTO_DATA", None)
    # the mutation list's own self-test (tests/test_tools.py) checks the list, not the course
    # One process, the data and rule checks first, then the other tests, then the Makefile's own
    # paths (pytest skips a path it has already collected). Order and workers change only how soon a
    # planted mistake is caught: -x ends the run at the first failure (with workers, the run went on
    # for most of the suite), and an uncaught mistake still runs every test.
    pytest = (".venv/bin/python -m pytest -p no:xdist -x -q -rfE -p no:cacheprovider "
              "--ignore=tests/test_tools.py " + " ".join(FIRST))
    cmd = ["make", "--no-print-directory", "-o", stamp(copy / ".venv"), "test", f"PYTEST={pytest}"]
    start = time.monotonic()
    # a session of its own, so that a timeout or Ctrl-C ends make, pytest and its workers together
    proc = subprocess.Popen(cmd, cwd=copy, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except BaseException:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
        if sys.exc_info()[0] is subprocess.TimeoutExpired:
            return False, f"timed out after {timeout} s", time.monotonic() - start
        raise
    seconds = time.monotonic() - start
    failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", out, re.MULTILINE)
    first = failed[0] if failed else (out.strip().splitlines() or ["(no output)"])[-1]
    return proc.returncode == 0, first, seconds


# --------------------------------------------------------------------------- the report

def report(results: list[dict]) -> str:
    lines = ["| kind | mutation | caught by |", "|---|---|---|"]
    for r in results:
        verdict = {"caught": f"caught: `{r['by']}`", "missed": "**missed**", "n/a": f"n/a: {r['by']}",
                   "applies": "applies (not run)"}[r["status"]]
        lines.append(f"| {r['kind']} | {r['what']} (`{r['id']}`) | {verdict} |")
    lines += ["", "| kind | caught | applicable | rate |", "|---|---:|---:|---:|"]
    caught = applicable = 0
    for kind, title in KINDS.items():
        mine = [r for r in results if r["kind"] == kind and r["status"] in ("caught", "missed")]
        if not mine and not any(r["kind"] == kind for r in results):
            continue
        c = sum(r["status"] == "caught" for r in mine)
        caught, applicable = caught + c, applicable + len(mine)
        rate = f"{100 * c / len(mine):.0f} %" if mine else "–"
        lines.append(f"| {title} | {c} | {len(mine)} | {rate} |")
    if applicable:
        lines.append(f"| **all** | **{caught}** | **{applicable}** | **{100 * caught / applicable:.0f} %** |")
    return "\n".join(lines)


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="kinds or ids to run")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure (default: this one)")
    parser.add_argument("--venv", type=Path, help="the virtual environment to use (default: the checkout's .venv)")
    parser.add_argument("--check", action="store_true", help="only report which mutations apply")
    parser.add_argument("--report", type=Path, help="also write the Markdown table here")
    parser.add_argument("--timeout", type=int, default=1200, help="seconds allowed per test run")
    args = parser.parse_args(argv)
    # a TERM (or an INT, even in the background) ends the run cleanly: test group, scratch copy
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _interrupt)
    root = args.root.resolve()
    chosen = [m for m in MUTATIONS if not args.only or m.kind in args.only or m.id in args.only]
    ids = [m.id for m in MUTATIONS]
    if len(ids) != len(set(ids)):
        raise SystemExit("two mutations share an id")
    venv = (args.venv or root / ".venv").resolve()
    if not (venv / "bin" / "python").exists():
        raise SystemExit(f"no virtual environment at {venv}: run `make setup` in {root} first, or pass --venv")

    copy = scratch_copy(root, venv)
    print(f"scratch copy of {root}: {copy}", flush=True)
    try:
        if not args.check:
            passed, first, seconds = run_tests(copy, args.timeout)
            print(f"unmutated: {'passes' if passed else 'FAILS: ' + first} ({seconds:.0f} s)", flush=True)
            if not passed:
                print("the unmutated suite must pass before mistakes can be counted", file=sys.stderr)
                return 2
        results = []
        for m in chosen:
            originals = {p: (copy / p).read_bytes() for p in [m.path] if (copy / p).exists()}
            try:
                change = apply(m, copy)
            except NotApplicable as exc:
                results.append({"id": m.id, "kind": m.kind, "what": m.what, "status": "n/a", "by": str(exc)})
                print(f"n/a     {m.id}: {exc}", flush=True)
                continue
            if args.check:
                status, by, seconds = "applies", change, 0.0
                print(f"applies {m.id}: {change}", flush=True)
            else:
                passed, by, seconds = run_tests(copy, args.timeout)
                status = "missed" if passed else "caught"
                print(f"{status:7} {m.id} ({seconds:.0f} s): {change}" + ("" if passed else f"\n        by {by}"),
                      flush=True)
            for p, content in originals.items():
                (copy / p).write_bytes(content)
            results.append({"id": m.id, "kind": m.kind, "what": m.what, "status": status, "by": by})
        table = report(results)
        print("\n" + table)
        if args.report:
            args.report.write_text(table + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
