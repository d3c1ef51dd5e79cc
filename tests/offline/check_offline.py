"""The lessons run and match their stored outputs, and the website builds, with the network cut (``make offline``).

Not collected by ``make test`` (the file name does not start with ``test_``): it re-runs every
lesson, so ``make offline`` runs it, and ``.ci/run`` calls that. The lessons run under nbval
in a new network namespace (``unshare -n``; ``unshare -rn`` for a user who is not root),
where only loopback exists. Where the machine allows neither, the test is skipped and says why.
The website build is checked the same way once ``make book`` has installed its tools.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HELPER = Path(__file__).with_name("netns_run.py")


def unshare_prefix() -> list[str] | None:
    if not shutil.which("unshare"):
        return None
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        if subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    return None


def test_lessons_pass_with_the_network_cut():
    prefix = unshare_prefix()
    if prefix is None:
        pytest.skip("this machine cannot make a network namespace (no unshare, or not permitted)")
    lessons = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assert lessons
    cmd = [*prefix, sys.executable, str(HELPER), sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
           "-n", "2", "--dist", "loadfile", "--nbval", "--nbval-current-env", *lessons]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900,
                          env=dict(os.environ, PYTHONUNBUFFERED="1"))
    report = done.stdout + done.stderr
    print(report)
    assert report.startswith("network cut: only lo"), report[:500]
    assert done.returncode == 0, report[-3000:]
    assert " passed" in report.splitlines()[-1] and "failed" not in report.splitlines()[-1]


def test_website_builds_with_the_network_cut(tmp_path):
    pytest.importorskip("myst_nb", reason="the website's tools are installed by make book")
    prefix = unshare_prefix()
    if prefix is None:
        pytest.skip("this machine cannot make a network namespace (no unshare, or not permitted)")
    cmd = [*prefix, sys.executable, str(HELPER), sys.executable, "-m", "csto.book", str(tmp_path / "book")]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    report = done.stdout + done.stderr
    assert report.startswith("network cut: only lo"), report[:500]
    assert done.returncode == 0, report[-3000:]
    assert (tmp_path / "book" / "html" / "index.html").exists()
