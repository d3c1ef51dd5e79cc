"""The README, the notebooks' frame, the claims ledger and the data dictionary agree with the files."""

import csv
import json
import os
import re
from pathlib import Path

import pytest

from csto import dictionary, guide, load
from csto.data import package

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def read_nb(path):
    return json.loads(path.read_text(encoding="utf-8"))


def h1(nb) -> str:
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def test_there_are_lessons():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00-start-here.ipynb"


def test_notebook_names_are_ordered_slugs():
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        assert re.fullmatch(r"\d\d-[a-z0-9-]+\.ipynb", path.name), f"{path.name}: use NN-slug.ipynb"


def test_readme_lists_every_lesson_with_its_title():
    block = README.split("<!-- BEGIN LESSONS -->")[1].split("<!-- END LESSONS -->")[0]
    rows = [line for line in block.splitlines() if line.startswith("|")]
    expected = [f"| {p.name[:2]} | [{h1(read_nb(p))}](notebooks/{p.name}) | ready |" for p in NOTEBOOKS]
    assert rows == expected


def test_every_path_in_the_readmes_exists():
    for readme in (ROOT / "README.md", ROOT / "data" / "README.md", ROOT / "exercises" / "README.md",
                   ROOT / "CONTRIBUTING.md", ROOT / "seeds" / "source-card.md",
                   ROOT / "seeds" / "README.md"):
        text = readme.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#]+?)(?:#[^)]*)?\)", text):
            if target.startswith("http"):
                continue
            assert (readme.parent / target).exists(), f"{readme.name} links to missing {target}"
        for target in re.findall(r"`((?:data|notebooks|seeds|src|tests|exercises|\.ci)/[\w./-]*)`", text):
            if "<" in target or "*" in target or "NN" in target:
                continue
            assert (ROOT / target).exists(), f"{readme.name} names missing {target}"


def test_binder_badge_opens_lesson_00_and_binder_files_exist():
    m = re.search(r"mybinder\.org/v2/gh/[^)]*\?urlpath=lab/tree/([^)\s]+)", README)
    assert m and (ROOT / m.group(1)).exists()
    assert (ROOT / "environment.yml").exists() and (ROOT / "postBuild").exists()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_frame(path):
    nb = read_nb(path)
    md = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    h1s = [line for text in md for line in text.splitlines() if line.startswith("# ")]
    assert h1s == [f"# {path.name[:2]} · {h1(nb).split(' · ', 1)[1]}"], "exactly one H1 '# NN · Title'"
    text = "\n".join(md)
    for needed in ("🎯 Objectives", "Prerequisites", "Teaching:", "Exercises:", "## Discussion",
                   "## Summary", "## References", "✏️ Try it"):
        assert needed in text, f"{path.name} lacks '{needed}'"
    objectives = text.split("🎯 Objectives")[1].split("\n\n")[0]
    assert 3 <= len(re.findall(r"^> *[-*] ", objectives, re.M)) <= 5, "3 to 5 objectives"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_a_clean_top_to_bottom_run(path):
    nb = read_nb(path)
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1)), "run top to bottom once"
    assert "widgets" not in nb["metadata"], "widget state must not be stored"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for c in code:
        assert "execution" not in c["metadata"], "timings must not be stored"
        for out in c["outputs"]:
            assert out["output_type"] != "error", f"stored error in {path.name}: {out.get('ename')}"
            text = json.dumps({k: v for k, v in out.get("data", {}).items() if not k.startswith("image/")}
                              if "data" in out else out)
            assert not re.search(r"/(home|root|work|Users)/\w", text), "absolute path in an output"
            assert not re.search(r"0x[0-9a-fA-F]{6,16}", text), "memory address in an output: run `make execute`"


LEDGER_COLUMNS = ["claim_id", "claim", "source", "type", "quote", "datasets", "lesson", "verdict", "evidence",
                  "evidence_sources", "against_sources"]
#: Verdicts that state what the data show, so they must name the rows that show it.
DATA_VERDICTS = ("supported", "partly supported", "disputed", "contradicted")
#: The article and its summary are what the ledger tests: never evidence for themselves.
SEED_SOURCES = {"diplomat-2024-scepanovic", "geopolist-2024-summary"}
SEED_NAME = "000_73bb0c177007e9af.txt"


def ledger():
    with (ROOT / "seeds" / "claims.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def ids(cell: str) -> list:
    return [s.strip() for s in cell.split(";") if s.strip()]


def seed_text():
    """The stored article and summary, wherever this checkout sits; None when absent."""
    env = os.environ.get("CSTO_SEED_TEXT")
    candidates = [Path(env)] if env else []
    candidates += [base / "shared" / "seeds" / SEED_NAME for base in (ROOT.parent, ROOT.parent.parent)]
    for path in candidates:
        if path.is_file():
            return path.read_text(encoding="utf-8").replace("\u2019", "'")
    return None


def notebook_exists(lesson: str) -> bool:
    return any((ROOT / "notebooks").glob(f"{lesson[:2]}-*.ipynb"))


def test_ledger_has_the_documented_columns():
    with (ROOT / "seeds" / "claims.csv").open(encoding="utf-8") as f:
        assert next(csv.reader(f)) == LEDGER_COLUMNS


def test_ledger_ids_are_unique_and_in_order():
    found = [row["claim_id"] for row in ledger()]
    assert found == [f"C{i:02d}" for i in range(1, len(found) + 1)], "ids C01, C02, ... without gaps, in order"


def test_every_claim_has_a_source_type_lesson_and_evidence():
    from csto.ledger import CLAIM_TYPES

    for row in ledger():
        cid = row["claim_id"]
        assert row["claim"].strip(), f"{cid}: no claim"
        assert row["source"] in ("article", "summary"), f"{cid}: source {row['source']!r}"
        assert row["type"] in CLAIM_TYPES, f"{cid}: type {row['type']!r}"
        assert re.fullmatch(r"\d\d-[a-z0-9-]+", row["lesson"]), f"{cid}: lesson {row['lesson']!r}"
        assert len(row["evidence"].split()) >= 8, f"{cid}: evidence too thin"


def test_ledger_names_real_datasets_and_lessons():
    datasets = {r["name"] for r in package()["resources"]}
    planned = set(re.findall(r"^\| (\d\d) \| [^|]+\| planned \|$", README, re.M))
    written = {p.stem for p in NOTEBOOKS}
    for row in ledger():
        for name in ids(row["datasets"]):
            assert name in datasets, f"{row['claim_id']}: no dataset {name}"
        lesson = row["lesson"]
        assert lesson in written or lesson[:2] in planned, f"{row['claim_id']}: lesson {lesson} neither written nor planned"


def test_verdicts_come_from_the_one_set():
    from csto.ledger import VERDICTS

    for row in ledger():
        assert row["verdict"] in VERDICTS, f"{row['claim_id']}: verdict {row['verdict']!r} not in csto.ledger.VERDICTS"


def test_open_only_while_the_lesson_is_not_written():
    for row in ledger():
        if notebook_exists(row["lesson"]):
            assert row["verdict"] != "open", (f"{row['claim_id']}: notebooks/{row['lesson'][:2]}-*.ipynb exists, "
                                              "so the claim needs a verdict in seeds/claims.csv")


def test_evidence_rows_are_real_rows_of_the_named_datasets():
    used = {}
    for row in ledger():
        for name in ids(row["datasets"]):
            if name not in used:
                used[name] = set(load(name)["source_id"].dropna())
        named = set().union(*(used[n] for n in ids(row["datasets"]))) if ids(row["datasets"]) else set()
        for column in ("evidence_sources", "against_sources"):
            for sid in ids(row[column]):
                assert sid not in SEED_SOURCES, f"{row['claim_id']}: {sid} is the text under test, not evidence"
                assert sid in named, f"{row['claim_id']}: {column} {sid} is not a source_id of {row['datasets'] or 'any named dataset'}"
        assert not set(ids(row["evidence_sources"])) & set(ids(row["against_sources"])), f"{row['claim_id']}: a row both for and against"


def test_every_verdict_on_the_data_names_its_evidence_rows():
    for row in ledger():
        if row["verdict"] in DATA_VERDICTS:
            assert ids(row["evidence_sources"]), f"{row['claim_id']}: verdict {row['verdict']!r} without evidence_sources"
            assert ids(row["datasets"]), f"{row['claim_id']}: verdict {row['verdict']!r} without datasets"


def test_every_ruled_claim_gives_a_judge_task_its_expected_answer():
    from csto.ledger import judgement

    for row in ledger():
        if row["verdict"] == "open":
            continue
        shown = ids(row["evidence_sources"]) + ids(row["against_sources"])
        expected = judgement(row["claim_id"], shown)
        assert expected.verdicts == (row["verdict"],)
        if row["verdict"] == "disputed":  # both sides' rows are the evidence of a dispute
            assert expected.support == tuple(ids(row["evidence_sources"]) + ids(row["against_sources"]))
            assert expected.against == ()
        else:
            assert expected.support == tuple(ids(row["evidence_sources"]))
            assert expected.against == tuple(ids(row["against_sources"]))


def test_lesson_00_sorts_one_claim_of_each_type():
    from csto.lessons.start import CLAIMS_TO_SORT

    types = {row["claim_id"]: row["type"] for row in ledger()}
    assert CLAIMS_TO_SORT == ("C07", "C13", "C21", "C19")
    assert [types[c] for c in CLAIMS_TO_SORT] == ["fact", "figure", "prediction", "interpretation"]


def test_ledger_quotes_are_short():
    for row in ledger():
        assert row["quote"].strip(), f"{row['claim_id']}: every claim quotes the words it paraphrases"
        assert len(row["quote"].split()) <= 15, f"{row['claim_id']}: quote longer than 15 words"


def test_ledger_quotes_are_verbatim():
    text = seed_text()
    if text is None:
        pytest.skip(f"seed text {SEED_NAME} not found (looked in ../shared/seeds, ../../shared/seeds and $CSTO_SEED_TEXT): "
                    "quotes not checked against the article")
    for row in ledger():
        assert row["quote"] in text, f"{row['claim_id']}: quote not in the article or summary: {row['quote']!r}"


def test_seeds_readme_lists_exactly_the_verdicts():
    from csto.ledger import VERDICTS

    text = (ROOT / "seeds" / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- BEGIN VERDICTS -->")[1].split("<!-- END VERDICTS -->")[0]
    rows = re.findall(r"^\| `([^`]+)` \| (.+?) \|$", block, re.M)
    assert rows == list(VERDICTS.items()), "seeds/README.md's verdict table must copy csto.ledger.VERDICTS exactly"


def test_data_dictionary_is_generated_from_the_schema():
    current = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert dictionary.update(current) == current, "data/README.md is stale: run `make data-docs`"


def test_data_dictionary_documents_every_column():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for res in package()["resources"]:
        with (ROOT / "data" / res["path"]).open(encoding="utf-8") as f:
            header = next(csv.reader(f))
        section = text.split(f"## {res['name']}\n")[1].split("\n## ")[0]
        for column in header:
            assert f"| `{column}` |" in section, f"{res['name']}.{column} undocumented"
        assert f"· {len(load(res['name']))} rows" in section


def test_instructor_guide_is_generated_from_the_lessons():
    path = ROOT / "exercises" / "instructor-guide.md"
    assert path.read_text(encoding="utf-8") == guide.render(), "run `make guide`"


def test_clean_joins_split_prints_and_hides_addresses():
    import nbformat

    from csto.execute import clean

    cell = nbformat.v4.new_code_cell("print('x')")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="✅ done"),
                    nbformat.v4.new_output("stream", name="stdout", text="\n"),
                    nbformat.v4.new_output("execute_result", data={"text/plain": "<Styler at 0x7f40ab6e2690>"},
                                           execution_count=1)]
    out = clean(nbformat.v4.new_notebook(cells=[cell])).cells[0].outputs
    assert [o["output_type"] for o in out] == ["stream", "execute_result"]
    assert out[0]["text"] == "✅ done\n"
    assert out[1]["data"]["text/plain"] == "<Styler at 0xADDRESS>"
