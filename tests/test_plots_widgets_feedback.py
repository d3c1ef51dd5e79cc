"""House style, figure rendering, widget wiring and feedback messages."""

import contextlib
import io

import matplotlib
import matplotlib.pyplot as plt
import pytest

from csto import feedback, plots, tasks, widgets
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


@pytest.mark.parametrize("answer, expected, message", [
    (6, 6, "✅ t: correct."),
    (7, 6, "❌ t: 7 is too high."),
    ("6", 6, "❌ t: the answer should be a whole number, but it is text ('6'). Remove the quotes."),
    ("six", 6, "❌ t: the answer should be a whole number, but it is text ('six')."),
    (True, 6, "❌ t: the answer should be a whole number, but it is True/False."),
    (" kazakhstan ", "Kazakhstan", "✅ t: correct."),
    (["KAZ", "RUS"], ["RUS", "KAZ"], "✅ t: correct."),
    (["KAZ", "GEO"], ["RUS", "KAZ"], "❌ t: 1 of 2 right; 1 missing; not expected: GEO."),
    ("KAZ", ["KAZ"], "❌ t: the answer should be a list, but it is text."),
    (..., 6, "✏️ t: not answered yet. Replace ... with your answer and run the cell again."),
])
def test_feedback_sentences(answer, expected, message, capsys):
    feedback.check("t", answer, expected)
    assert capsys.readouterr().out.strip() == message


def test_numbers_within_tolerance_pass(capsys):
    assert feedback.check("share", 7.75, 7.8, tolerance=0.1)
    assert not feedback.check("share", 7.5, 7.8, tolerance=0.1)


def test_every_task_accepts_its_own_answer_and_rejects_a_blank(capsys):
    lesson_modules()
    registry = tasks.registry()
    assert {"00.1", "00.2"} <= set(registry)
    for task_id in registry:
        assert tasks.is_right(task_id, tasks.expected(task_id)), task_id
        assert not tasks.is_right(task_id, ...), task_id
        tasks.check(task_id, ...)
        assert "not answered yet" in capsys.readouterr().out


def test_unknown_task_lists_the_known_ones():
    lesson_modules()
    with pytest.raises(KeyError, match="there is no task '99.9'"):
        tasks.check("99.9", 1)


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
    assert shell.kinds == (DataError,) and shell.handler is csto._short_data_error
