"""The mutation list of ``make mutate`` stays usable: ids unique, kinds known, and every planted
mistake outside the lesson modules still finds its anchor (edit the list with the code)."""

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import mutate  # noqa: E402
from mutations import KINDS, MUTATIONS  # noqa: E402


def test_mutations_have_unique_ids_and_known_kinds():
    ids = [m.id for m in MUTATIONS]
    assert len(ids) == len(set(ids))
    assert {m.kind for m in MUTATIONS} <= set(KINDS)


@pytest.mark.parametrize("m", [m for m in MUTATIONS if "/lessons/" not in m.path], ids=lambda m: m.id)
def test_each_toolkit_and_data_mutation_still_applies(tmp_path, m):
    target = tmp_path / m.path
    target.parent.mkdir(parents=True)
    shutil.copy2(ROOT / m.path, target)
    before = target.read_bytes()
    mutate.apply(m, tmp_path)
    assert target.read_bytes() != before


def test_cell_operations():
    assert mutate._change("225", "+1") == "226" and mutate._change("6.6", "+1") == "7.6"
    assert mutate._change("190", "swap") == "910" and mutate._change("2022-01-13", "day+1") == "2022-01-14"
    with pytest.raises(mutate.NotApplicable):
        mutate._change("11", "swap")


def test_the_mutation_runs_never_redo_the_set_up():
    """The scratch copy shares this .venv: if make re-ran its set-up there, `pip install -e .` would
    point this checkout's course package at the scratch copy (it once did, with a stale stamp name)."""
    import re
    import sys as _sys
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^STAMP\s*:=\s*\$\(VENV\)/\.installed-\$\(PYVER\)\s*$", makefile, re.M)
    venv = Path(_sys.executable).parent.parent
    assert mutate.stamp(venv) == f".venv/.installed-{_sys.version_info[0]}.{_sys.version_info[1]}"
