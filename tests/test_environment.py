"""One set of pins for pip, conda and Binder; the set-up files Binder needs."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pip_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
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


def test_every_requirement_is_pinned_exactly():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", line), f"not an exact pin: {line!r}"


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


def test_python_is_311_everywhere():
    assert "  - python=3.11\n" in (ROOT / "environment.yml").read_text()
    assert 'requires-python = ">=3.11,<3.12"' in (ROOT / "pyproject.toml").read_text()


def test_postbuild_installs_the_package_and_stops_on_error():
    text = (ROOT / "postBuild").read_text()
    assert "set -e" in text
    assert "python -m pip install --no-deps -e ." in text
    assert (ROOT / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), re.M)
