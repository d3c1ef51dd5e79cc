"""One rule, one place: allowed values live in the schema, the status rule in csto.membership,
and no toolkit module keeps its own copy of either (copies drift: `stopped_dues` once went
missing from the validator's list of steps)."""

import ast
from pathlib import Path

import pytest

import csto
from csto import evidence, membership
from csto.data import allowed, package

SRC = Path(csto.__file__).resolve().parent
TOOLKIT = sorted(SRC.glob("*.py"))
#: Literals allowed to hold schema values, each tested against the schema below.
KNOWN = {("evidence.py", "PRECISIONS")}


def enums() -> dict:
    return {(r["name"], f["name"]): f["constraints"]["enum"] for r in package()["resources"]
            for f in r["schema"]["fields"] if "enum" in f.get("constraints", {})}


def copied_lists(path: Path, known=()) -> list[str]:
    """Literal lists, tuples and sets of three or more strings that are all allowed values of
    one schema field (or all of them): copies of the schema that will drift."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    named = {id(node.value): t.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
             for t in node.targets if isinstance(t, ast.Name)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            continue
        values = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        if len(values) != len(node.elts) or len(values) < 2:
            continue
        for (res, field), enum in enums().items():
            if set(values) <= set(enum) and (len(values) >= 3 or set(values) == set(enum)):
                if (path.name, named.get(id(node))) not in known:
                    found.append(f"{path.name}:{node.lineno}: {values} copies {res}.{field}")
                break
    return found


def test_no_toolkit_module_copies_a_list_of_allowed_values():
    found = [line for path in TOOLKIT for line in copied_lists(path, KNOWN)]
    assert found == [], "read these from the schema with csto.data.allowed:\n" + "\n".join(found)


def test_the_copy_detector_finds_a_copy(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('START = {"signed", "acceded", "founded", "joined"}\nVOTES = ("yes", "no", "abstain")\n')
    assert len(copied_lists(bad)) == 2


def test_precisions_are_the_schemas():
    precisions = {key: enum for key, enum in enums().items() if key[1].endswith("precision")}
    assert precisions and all(tuple(enum) == evidence.PRECISIONS for enum in precisions.values()), precisions


def test_the_status_rule_speaks_only_of_steps_the_schema_allows():
    events = allowed("membership", "event")
    assert set(membership.EFFECT) <= set(events)
    assert set(membership.EFFECT.values()) <= set(membership.STATUSES)
    assert membership.ENTRIES | membership.RETURNS == {e for e, s in membership.EFFECT.items() if s == "member"}
    assert membership.EXITS == {e for e, s in membership.EFFECT.items() if s == "out"}
    assert membership.RETURNS <= set(membership.EFFECT) and not membership.RETURNS & membership.ENTRIES


def test_the_status_rule_is_documented_for_every_step():
    doc = membership.__doc__
    missing = [e for e in allowed("membership", "event") if f"``{e}``" not in doc]
    assert missing == [], f"csto.membership's docstring does not say what {missing} do to a status"


@pytest.mark.parametrize("step, status", [("stopped_dues", "member"), ("announced_exit", "member"),
                                          ("froze", "frozen"), ("suspended", "out")])
def test_steps_outside_the_rule_change_nothing(step, status):
    import pandas as pd

    history = [(pd.Timestamp("1992-05-15"), "signed"), (pd.Timestamp("2024-05-08"), step)]
    assert membership.status_after(history, pd.Timestamp("2025-01-01")) == status


def test_country_names_are_built_in_one_place():
    """Six lesson modules once each built their own code → name map, with different short forms
    ("Korea" in one lesson, "South Korea" in another); now csto.data.country_names serves them all."""
    lessons = sorted((SRC / "lessons").glob("*.py"))
    builders = [p.name for p in lessons if 'countries["name"]' in p.read_text(encoding="utf-8")
                or '"Russian Federation"' in p.read_text(encoding="utf-8")]
    assert builders == [], f"build country names with csto.data.country_names, not in {builders}"
    from csto.data import SHORT_NAMES, country_names
    names, full = country_names(), country_names(short=False)
    assert set(SHORT_NAMES) <= set(full), "every short name belongs to a country of countries.csv"
    assert all(" (" not in n for n in names.values()), "short names carry no bracketed formal tail"
    assert {c: n for c, n in names.items() if n != full[c]} == SHORT_NAMES
