"""House style, figure rendering, widget wiring and feedback messages."""

import contextlib
import io

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csto import feedback, plots, tasks, widgets
from csto.feedback import Expect, Judgement
from csto.lessons import modules as lesson_modules


def test_importing_the_package_changes_no_matplotlib_setting():
    import subprocess, sys
    code = ("import matplotlib as m; before = dict(m.rcParams); import csto, csto.plots, csto.widgets; "
            "changed = [k for k in before if before[k] != m.rcParams[k]]; print(changed)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_style_is_pinned_and_colour_blind_safe():
    plots.use_style()
    assert matplotlib.rcParams["figure.figsize"] == [8.0, 4.5]
    assert matplotlib.rcParams["savefig.dpi"] == 100
    cycle = matplotlib.rcParams["axes.prop_cycle"].by_key()
    assert cycle["color"][:3] == ["#E69F00", "#56B4E9", "#009E73"]
    assert len(set(cycle["marker"])) == len(cycle["marker"]) == len(cycle["color"])


def test_render_adds_sources_and_returns_png_with_description():
    plots.use_style()
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    out = plots.render(fig, "A rising line drawn only for this test.", ["diplomat-2024-scepanovic"])
    assert out.png.startswith(b"\x89PNG")
    assert repr(out) == "[Figure] A rising line drawn only for this test."
    assert not plt.get_fignums(), "render must close the figure"


def test_render_is_byte_for_byte_repeatable():
    def draw():
        plots.use_style()
        fig, ax = plt.subplots()
        ax.plot([1992, 2024], [6, 5])
        return plots.render(fig, "Two points joined for this test.", ["diplomat-2024-scepanovic"]).png
    assert draw() == draw()


def test_figures_need_a_real_description_and_a_source():
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="alt text"):
        plots.render(fig, "chart", ["diplomat-2024-scepanovic"])
    with pytest.raises(ValueError, match="at least one source"):
        plots.source_note(fig, [])
    plt.close(fig)


def test_long_source_lists_are_summarised():
    from csto import load
    ids = load("events")["source_id"].unique()[:20]
    fig, _ = plt.subplots()
    text = plots.source_note(fig, ids).get_text()
    plt.close(fig)
    assert "more (see References)" in text


def test_explore_redraws_when_a_control_moves():
    seen = []
    with contextlib.redirect_stdout(io.StringIO()):
        box = widgets.explore(lambda org, year: seen.append((org, year)),
                              org=widgets.choice(["CSTO", "GUAM"]), year=widgets.year_slider(1992, 2024, 2000))
        box.children[0].children[0].value = "GUAM"
        box.children[0].children[1].value = 2005
    assert seen == [("CSTO", 2000), ("GUAM", 2000), ("GUAM", 2005)]


def test_controls_reject_impossible_defaults():
    with pytest.raises(ValueError, match="outside 1992–2024"):
        widgets.year_slider(1992, 2024, 1990)
    with pytest.raises(ValueError, match="not one of the options"):
        widgets.choice(["CSTO"], "NATO")


NAMES = {"kazakhstan": "KAZ", "russian federation": "RUS"}


@pytest.mark.parametrize("answer, expected, message", [
    (6, Expect(6), "✅ t: correct."),
    (7, Expect(6), "❌ t: 7 is off by one: check whether you counted both ends, or one item twice."),
    (9, Expect(6), "❌ t: 9 is too high."),
    ("6", Expect(6), "✅ t: correct (a number needs no quotes: 6, not '6')."),
    ("2,030", Expect(2030), "✅ t: correct (a number needs no quotes: 2030, not '2,030')."),
    ("six", Expect(6), "❌ t: the answer should be a whole number, but it is text ('six')."),
    (True, Expect(6), "❌ t: the answer should be a whole number, but it is True/False."),
    (6.0, Expect(6), "✅ t: correct."),
    (6.5, Expect(6), "❌ t: the answer is a whole number, but 6.5 has decimals."),
    (pd.Series([6]), Expect(6), "✅ t: correct."),
    (pd.DataFrame({"n": [6]}), Expect(6), "✅ t: correct."),
    (pd.DataFrame({"a": [1, 2], "b": [3, 4]}), Expect(6), "❌ t: the answer is a table of 2 rows and 2 columns; the task asks for one value: pick the column or the cell."),
    ([6, 7], Expect(6), "❌ t: the answer is one number, but this is a list of 2 values."),
    (None, Expect(6), "❌ t: the answer is None: nothing was stored. Write the value itself, or a calculation that gives it (not print(...))."),
    (0.066, Expect(6.6, tolerance=0.05, percent=True), "❌ t: 0.066 looks like a fraction; the answer is a percent (multiply by 100)."),
    ("6.6%", Expect(6.6, tolerance=0.05, percent=True), "✅ t: correct (a number needs no quotes: 6.6, not '6.6%')."),
    (" kazakhstan ", Expect("Kazakhstan"), "✅ t: correct."),
    ("internal unrest", Expect("internal_unrest"), "✅ t: correct."),
    ("", Expect("frozen"), "❌ t: the answer is empty text; write your answer between the quotes."),
    ("gone", Expect("frozen", choices=("member", "frozen", "out")), "❌ t: 'gone' is not one of the possible answers: 'member', 'frozen', 'out'."),
    (["frozen"], Expect("frozen"), "✅ t: correct."),
    (["KAZ", "RUS"], Expect(["RUS", "KAZ"]), "✅ t: correct."),
    (["Kazakhstan", "Russian Federation"], Expect(["RUS", "KAZ"], aliases=NAMES), "✅ t: correct."),
    (pd.Series(["KAZ", "RUS"]), Expect(["RUS", "KAZ"]), "✅ t: correct."),
    (["KAZ", "GEO"], Expect(["RUS", "KAZ"]), "❌ t: 1 of 2 right; 1 missing; not expected: GEO."),
    (["KAZ", "KAZ"], Expect(["RUS", "KAZ"]), "❌ t: KAZ is listed more than once."),
    ("KAZ", Expect(["KAZ"]), "✅ t: correct."),
    ("KAZ", Expect(["KAZ", "RUS"]), "❌ t: 1 of 2 right; 1 missing (one item given; the answer is a list)."),
    (["b", "a"], Expect(["a", "b"], ordered=True), "❌ t: 0 of 2 in the right place: the order matters here."),
    (7, Expect(6, mistakes=((7, "7 counts Armenia, which froze its participation."),)), "❌ t: 7 counts Armenia, which froze its participation."),
    ("7", Expect(6, mistakes=((7, "7 counts Armenia, which froze its participation."),)), "❌ t: 7 counts Armenia, which froze its participation."),
    (..., Expect(6), "✏️ t: not answered yet. Replace ... with your answer and run the cell again."),
])
def test_feedback_sentences(answer, expected, message, capsys):
    feedback.check("t", answer, expected)
    assert capsys.readouterr().out.strip() == message


def test_numbers_within_tolerance_pass_and_its_boundary_holds(capsys):
    assert feedback.check("share", 7.75, Expect(7.8, tolerance=0.05))
    assert feedback.check("share", 7.85, Expect(7.8, tolerance=0.05))
    assert not feedback.check("share", 7.86, Expect(7.8, tolerance=0.05))
    assert not feedback.check("share", 7.5, Expect(7.8, tolerance=0.1))


JUDGE = Judgement(verdicts=("partly supported",), support=("a-2022", "b-2023"), need=2, against=("d-2024",),
                  candidates=("a-2022", "b-2023", "c-2024", "d-2024"),
                  mistakes=(("supported", "the claim has two halves, and the data tests only the first."),),
                  model="Half the claim holds.")


@pytest.mark.parametrize("verdict, evidence, ok, words", [
    ("partly supported", [1, 2], True, "correct"),
    ("Partly supported", ["a-2022", "b-20"], True, "correct"),
    ("partly supported", [1], False, "cite at least 2"),
    ("partly supported", [1, 2, 4], False, "cuts the other way"),
    ("partly supported", [9], False, "not a row of the table above (rows are numbered 1–4)"),
    ("partly supported", ["zzz"], False, "not a row of the table above"),
    ("partly supported", ..., False, "now give the evidence"),
    ("supported", [1, 2], False, "two halves"),
    ("contradicted", [3], False, "row 3 (c-2024) is not evidence"),
    ("maybe", [1, 2], False, "the verdict should be one of"),
    (3, [1, 2], False, "the verdict should be one of"),
    (..., ..., None, "not answered yet"),
])
def test_judgements_need_a_verdict_and_its_evidence(verdict, evidence, ok, words, capsys):
    result = feedback.check("j", verdict, JUDGE, evidence=evidence)
    out = capsys.readouterr().out
    assert result is bool(ok) and words in out
    assert ("Model answer: Half the claim holds." in out) is (verdict is not ...)


def test_feedback_never_raises():
    class Weird:
        def __iter__(self):
            raise RuntimeError("no")
    for expected in (Expect(6), Expect("a"), Expect(["a"]), JUDGE):
        for answer in (Weird(), object(), float("nan"), {"a": 1}, b"6", pd.NaT, [[1, 2]]):
            ok, why = (feedback.evaluate_judgement(answer, [1], expected) if isinstance(expected, Judgement)
                       else feedback.evaluate(answer, expected))
            assert ok is False and why, (expected, answer)


def test_every_task_accepts_its_own_answer_and_rejects_a_blank(capsys):
    lesson_modules()
    registry = tasks.registry()
    assert {"00.1", "00.2"} <= set(registry)
    for task_id in registry:
        value = tasks.expected(task_id)
        if isinstance(value, Judgement):
            assert tasks.is_right(task_id, value.verdicts[0], list(value.support)), task_id
        else:
            assert tasks.is_right(task_id, value), task_id
        assert not tasks.is_right(task_id, ...), task_id
        tasks.check(task_id, ...)
        assert "not answered yet" in capsys.readouterr().out


def test_unknown_task_is_a_sentence_not_a_traceback(capsys):
    lesson_modules()
    tasks.check("99.9", 1)
    assert capsys.readouterr().out.startswith("⚠️ there is no task '99.9'")


def test_name_errors_are_one_sentence(capsys):
    import csto

    csto._short_error(None, NameError, NameError("name 'ledger' is not defined"), None)
    out = capsys.readouterr().out
    assert out.startswith("⚠️ `ledger` is not defined.") and "run the cells above first" in out


def test_figures_refuse_codes_in_labels():
    fig, ax = plt.subplots()
    ax.bar(["Kazakhstan", "ARM"], [1, 2])
    with pytest.raises(ValueError, match="label the figure in words, not codes: ARM"):
        plots.render(fig, "A bar chart that labels one bar with a code.", ["diplomat-2024-scepanovic"])
    fig, ax = plt.subplots()
    ax.plot([1, 2], [1, 2], label="fact_finding_mission")
    ax.legend()
    assert plots.code_labels(fig) == ["fact_finding_mission"]
    plt.close(fig)


def test_data_errors_are_one_sentence_in_jupyter(capsys):
    import csto
    from csto.data import DataError

    csto._short_data_error(None, DataError, DataError("data/forces.csv, line 3, column 'personnel': value 'x' is not a whole number"), None)
    out = capsys.readouterr().out
    assert out.startswith("⚠️ Data problem: data/forces.csv, line 3, column 'personnel'")
    assert "Traceback" not in out and "make validate" in out


def test_setup_installs_the_handler_in_a_running_shell(monkeypatch):
    import IPython

    import csto
    from csto.data import DataError

    class Shell:
        def set_custom_exc(self, kinds, handler):
            self.kinds, self.handler = kinds, handler

    shell = Shell()
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    csto.setup()
    assert shell.kinds == (DataError, NameError) and shell.handler is csto._short_error
