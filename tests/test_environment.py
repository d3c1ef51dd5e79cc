"""One set of pins for pip, conda and Binder; the set-up files Binder needs."""

import re
from pathlib import Path

from csto import supported

ROOT = Path(__file__).resolve().parents[1]


def pip_pins(name: str = "requirements.txt") -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.lower()] = version
    return pins


def conda_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        m = re.match(r"^\s+- ([A-Za-z0-9_.-]+)\s*(==|=)\s*([0-9][^\s#]*)", line)
        if m:
            pins[m.group(1).lower()] = m.group(3)
    return pins


EXTRA = sorted(p.name for p in ROOT.glob("requirements-*.txt"))


def test_every_requirement_is_pinned_exactly():
    for name in ["requirements.txt", *EXTRA]:
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line:
                assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", line), f"{name}: not an exact pin: {line!r}"


def test_extra_tool_sets_add_to_the_pinned_set_without_changing_it():
    """The browser and website tools live apart (students do not need them), pinned the same way."""
    assert "requirements-browser.txt" in EXTRA
    base = pip_pins()
    for name in EXTRA:
        extra = pip_pins(name)
        assert extra, f"{name} is empty"
        clash = {k: (base[k], v) for k, v in extra.items() if k in base and base[k] != v}
        assert not clash, f"{name} pins differently from requirements.txt: {clash}"
        assert f"-r {name}" in (ROOT / "Makefile").read_text(), f"no make target installs {name}"


def test_pip_and_conda_pin_the_same_releases():
    pip, conda = pip_pins(), conda_pins()
    conda.pop("python")
    assert pip == conda, (
        "requirements.txt and environment.yml disagree: "
        + ", ".join(f"{k}: pip {pip.get(k)} vs conda {conda.get(k)}"
                    for k in sorted(set(pip) | set(conda)) if pip.get(k) != conda.get(k)))


def test_the_user_fixed_tools_are_pinned():
    for name in ("jupyterlab", "pandas", "matplotlib", "ipywidgets", "nbval"):
        assert name in pip_pins()


def supported_minors() -> list[str]:
    (_, first), (_, last) = supported.python_range()
    return [f"3.{m}" for m in range(first, last + 1)]


def test_python_range_is_stated_once_and_followed_everywhere():
    versions = supported_minors()
    assert versions[0] == "3.11" and len(versions) >= 3, versions
    # conda and Binder pin one version inside the range: the one CI runs the whole suite on
    m = re.search(r"^  - python=(3\.\d+)$", (ROOT / "environment.yml").read_text(), re.M)
    assert m and m.group(1) == versions[0]
    # make tries each supported version in turn, then plain python3 (checked against the range)
    makefile = (ROOT / "Makefile").read_text()
    assert "for p in " + " ".join(f"python{v}" for v in versions) + " python3;" in makefile
    assert "src/csto/supported.py" in makefile
    readme = (ROOT / "README.md").read_text()
    assert "Python " + ", ".join(versions[:-1]) + " or " + versions[-1] in readme


def test_supported_script_runs_alone_and_judges_this_interpreter():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-I", str(ROOT / "src" / "csto" / "supported.py")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert supported.is_supported()
    assert not supported.is_supported((3, 10)) and not supported.is_supported((3, int(supported_minors()[-1][2:]) + 1))


def test_postbuild_installs_the_package_and_stops_on_error():
    text = (ROOT / "postBuild").read_text()
    assert "set -e" in text
    assert "python -m pip install --no-deps -e ." in text
    assert (ROOT / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), re.M)


def test_postbuild_gives_any_environment_the_lab_settings(tmp_path):
    """Run postBuild with a stand-in ``python`` whose prefix is a temporary folder (no install)."""
    import os
    import subprocess

    prefix, stub = tmp_path / "env", tmp_path / "bin"
    stub.mkdir()
    (stub / "python").write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "-c" ]; then echo "{prefix}"; else echo "$@" >> "{tmp_path}/calls"; fi\n')
    (stub / "python").chmod(0o755)
    env = dict(os.environ, PATH=f"{stub}:{os.environ['PATH']}")
    done = subprocess.run(["bash", str(ROOT / "postBuild")], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "calls").read_text() == "-m pip install --no-deps -e .\n"
    installed = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert installed.read_text() == (ROOT / "jupyter" / "overrides.json").read_text()


def test_every_route_runs_postbuild():
    readme = (ROOT / "README.md").read_text()
    conda = readme.split("**Conda instead of make:**")[1].split("**Nothing installed?**")[0]
    assert "conda env create -f environment.yml" in conda and "bash postBuild" in conda
    assert "bash postBuild" in (ROOT / "Makefile").read_text()
