"""The README, the notebooks' frame, the claims ledger and the data dictionary agree with the files."""

import csv
import json
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
                   ROOT / "CONTRIBUTING.md", ROOT / "seeds" / "source-card.md"):
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


def ledger():
    with (ROOT / "seeds" / "claims.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_ledger_names_real_datasets_and_lessons():
    datasets = {r["name"] for r in package()["resources"]}
    planned = set(re.findall(r"^\| (\d\d) \| [^|]+\| planned \|$", README, re.M))
    written = {p.stem for p in NOTEBOOKS}
    for row in ledger():
        for name in filter(None, row["datasets"].split(";")):
            assert name in datasets, f"{row['claim_id']}: no dataset {name}"
        lesson = row["lesson"]
        assert lesson in written or lesson[:2] in planned, f"{row['claim_id']}: lesson {lesson} neither written nor planned"


def test_claims_of_written_lessons_have_verdicts_with_evidence():
    written = {p.stem for p in NOTEBOOKS}
    from csto.ledger import VERDICTS
    allowed = set(VERDICTS) - {"open"}
    for row in ledger():
        if row["lesson"] in written:
            assert row["verdict"] in allowed, f"{row['claim_id']}: verdict {row['verdict']!r}"
            assert len(row["evidence"].split()) >= 8, f"{row['claim_id']}: evidence too thin"
        else:
            assert row["verdict"] == "open"


def test_ledger_quotes_are_short_and_verbatim():
    seed = ROOT.parent / "shared" / "seeds" / "000_73bb0c177007e9af.txt"
    text = seed.read_text(encoding="utf-8").replace("’", "'") if seed.exists() else None
    for row in ledger():
        quote = row["quote"]
        if quote:
            assert len(quote.split()) <= 15
            if text is not None:
                assert quote in text, f"{row['claim_id']}: quote not in the article: {quote!r}"


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
