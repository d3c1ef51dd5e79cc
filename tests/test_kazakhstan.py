"""Lesson 02 (Kazakhstan, January 2022): each task's answer computed again, independently,
from the CSV files with the csv module; each likely mistake gets its own sentence; the
figures' marks, the widget's function and the lesson's tables checked against the rows."""

import ast
import contextlib
import csv
import io
import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from csto import plots, tasks  # noqa: E402
from csto.data import allowed, package  # noqa: E402
from csto.feedback import Judgement  # noqa: E402
from csto.lessons import kazakhstan as kz  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def rows(name):
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def said(task_id, answer, evidence=tasks.NOT_ANSWERED) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        tasks.check(task_id, answer, evidence)
    return out.getvalue()


def crisis_rows():
    """Every row of the events some source files under the crisis (as evidence.in_theme)."""
    ev = rows("events")
    ids = {r["event_id"] for r in ev if r["theme"] == "kazakhstan_2022"}
    return [r for r in ev if r["event_id"] in ids]


def interval(day: str, precision: str):
    d = date.fromisoformat(day)
    if precision == "year":
        return d, date(d.year, 12, 31)
    if precision == "month":
        nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return d, nxt - timedelta(days=1)
    return d, d


def majority_date(event_id):
    votes = Counter((r["date"], r["date_precision"]) for r in crisis_rows()
                    if r["event_id"] == event_id and r["occurrence"] == "actual")
    top = max(votes.values())
    best = sorted((v for v, n in votes.items() if n == top), key=lambda v: (("day", "month", "year").index(v[1]), v[0]))
    return date.fromisoformat(best[0][0])


# ---- each task's answer, computed again from the CSV ---------------------------------

def test_02_1_most_date_disagreements_are_of_precision():
    dates = defaultdict(set)
    for r in crisis_rows():
        if r["occurrence"] == "actual":
            dates[r["event_id"]].add((r["date"], r["date_precision"]))
    split = {e: d for e, d in dates.items() if len(d) > 1}
    conflicts = sum(max(interval(*v)[0] for v in d) > min(interval(*v)[1] for v in d) for d in split.values())
    assert (conflicts, len(split) - conflicts) == (2, 6)
    assert tasks.expected("02.1") == "a difference of precision"


def test_02_2_days_from_order_restored_to_the_completed_withdrawal():
    days = (majority_date("2022-01-19-withdrawal-completed") - majority_date("2022-01-07-order-restored")).days
    assert days == 12
    assert tasks.expected("02.2") == days


def test_02_3_the_total_most_reports_give_from_13_january():
    late = Counter(float(r["value"]) for r in rows("kazakhstan_2022")
                   if r["measure"] == "troops_total" and r["as_of"] >= "2022-01-13")
    (top, n), (_, second) = late.most_common(2)
    assert n > second, "a tie would make the task ambiguous"
    assert tasks.expected("02.3") == top == 2000


def test_02_4_dated_reports_that_repeat_an_older_figure():
    repeats = [r for r in rows("kazakhstan_2022") if r["measure"] == "deaths" and r["as_of_precision"] == "day"
               and re.search(r"\b(repeats|stale)\b", r["note"], re.I)]
    assert sorted(r["source_id"] for r in repeats) == ["hrw-2022-set-independent-inquiry",
                                                       "news18-2022-kazakh-prosecutors-225-dead",
                                                       "rferl-2022-hrw-january-investigation",
                                                       "trend-2024-tokayev-csto-appeal"]
    assert tasks.expected("02.4") == len(repeats)


def test_02_5_what_a_response_would_protect():
    threat = {r["case_id"]: r["threat_kind"] for r in rows("assistance_requests")}
    words = {"internal_unrest": "regime security", "external_attack": "collective defence"}
    assert tasks.expected("02.5") == [words[threat[c]] for c in ("kaz-2022-unrest", "arm-2022-border", "kgz-2010-osh")]


def test_02_6_cases_in_which_no_source_names_an_article():
    named = defaultdict(bool)
    for r in rows("assistance_requests"):
        named[r["case_id"]] |= bool(r["article_invoked"].strip())
    assert tasks.expected("02.6") == sum(not v for v in named.values()) == 7


def test_02_7_cases_whose_majority_response_is_a_statement():
    votes = defaultdict(Counter)
    for r in rows("assistance_requests"):
        if r["response_kind"]:
            votes[r["case_id"]][r["response_kind"]] += 1
    statement = 0
    for counts in votes.values():
        ranked = counts.most_common()
        if ranked[0][0] == "statement_only" and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
            statement += 1
    assert tasks.expected("02.7") == statement == 6


@pytest.mark.parametrize("task_id, claim", [("02.8", "C30"), ("02.9", "C13")])
def test_judge_tasks_follow_the_ledger_and_cite_rows_shown(task_id, claim):
    with (ROOT / "seeds" / "claims.csv").open(encoding="utf-8") as f:
        ledger = {r["claim_id"]: r for r in csv.DictReader(f)}
    expect = tasks.expected(task_id)
    assert isinstance(expect, Judgement)
    assert expect.verdicts == (ledger[claim]["verdict"],)
    assert expect.support, f"{claim}: the ledger names no evidence rows"
    shown = [s for s in expect.support if s in expect.candidates]
    assert len(shown) >= expect.need, "the table shown holds enough of the rows that support the verdict"
    assert tasks.is_right(task_id, expect.verdicts[0], [expect.candidates.index(s) + 1 for s in shown])
    for s in expect.against:
        if s in expect.candidates:  # citing a row that cuts the other way gets its own sentence
            assert "cuts the other way" in said(task_id, expect.verdicts[0], [expect.candidates.index(s) + 1])


# ---- mistakes get their own sentence ---------------------------------------------------

def test_likely_mistakes_get_their_own_sentence():
    assert "both the first and the last day" in said("02.2", 13)
    assert "report's day (20 January)" in said("02.2", 13)
    assert "add .days" in said("02.2", pd.Timestamp("2022-01-19") - pd.Timestamp("2022-01-07"))
    assert "earlier date from the later" in said("02.2", -12)
    assert "largest figure" in said("02.3", 4000)
    assert "whole month" in said("02.3", 2500)
    assert "exact count" in said("02.3", 2030)
    assert "figure itself" in said("02.3", 6)
    assert "re-report known only to the month" in said("02.4", 5)
    assert "framing" in said("02.5", ["collective defence", "collective defence", "regime security"])
    assert "no state attacked" in said("02.5", ["regime security", "collective defence", "collective defence"])
    n_rows = sum(not r["article_invoked"] for r in rows("assistance_requests"))
    assert "not cases" in said("02.6", n_rows)
    assert "not cases" in said("02.7", sum(r["response_kind"] == "statement_only" for r in rows("assistance_requests")))
    assert "at least one source" in said("02.7", 9)


# ---- the data decision of this lesson --------------------------------------------------

def test_the_report_dated_row_is_kept_to_the_month():
    sb = [r for r in rows("events") if r["source_id"] == "sb-2022-zas-withdrawal-completed"]
    assert [(r["date"], r["date_precision"]) for r in sb] == [("2022-01-01", "month")]
    steps = kz.key_steps().set_index("step")
    # the two steps whose sources truly conflict (the completed withdrawal no longer does)
    assert sorted(steps.index[steps["conflict"]]) == ["First CSTO troops arrive", "Tokayev: mission complete"]
    assert steps.loc["Withdrawal completed", "dates"] == "2022-01 ×1; 2022-01-19 ×4"
    assert (steps.loc["Withdrawal completed", "date"] - steps.loc["First CSTO troops arrive", "date"]).days == 13


# ---- figures: the marks are the right subset -------------------------------------------

def test_timeline_marks_keep_plans_apart_and_only_day_dates():
    m = kz.timeline_marks()
    planned = m[m["series"] == "plan or forecast"]
    assert set(planned["y"]) == {"Planned or expected end"}
    assert planned["x"].dt.day.tolist() == [19, 21, 23]
    assert not (m.loc[m["series"] != "plan or forecast", "y"] == "Planned or expected end").any()
    # one "most sources" mark per step that happened; the 20 January report day is gone
    top = m[m["series"] == "date most sources give"]
    assert top["y"].is_unique and len(top) == 10
    assert not (m["x"] == pd.Timestamp("2022-01-20")).any()


def test_toll_marks_are_day_dated_reports_by_who_reported_them():
    m = kz.toll_marks()
    deaths = [r for r in rows("kazakhstan_2022") if r["measure"] == "deaths" and r["as_of_precision"] == "day"]
    assert len(m) == len(deaths)
    kind = {r["source_id"]: r["kind"] for r in rows("sources")}
    assert set(m["series"]) <= {"officials", "NGOs and think tanks", "media"}
    ngo = m[m["series"] == "NGOs and think tanks"]
    assert all(kind[s] == "think tank" for s in ngo["source_id"])
    assert m["x"].is_monotonic_increasing


def test_case_marks_one_majority_mark_per_case_and_ties_shown():
    m = kz.case_marks()
    assert m["y"].nunique() == len({r["case_id"] for r in rows("assistance_requests")})
    for case, g in m.groupby("y"):
        top = g[g["series"] == "most sources report this"]
        tied = g[g["series"] == "tied"]
        assert (len(top) == 1 and tied.empty) or (top.empty and len(tied) >= 2), case
    assert not m["x"].str.contains("_").any(), "responses in words"
    assert kz.describe_cases(m).count("deployment in") == 1


def test_country_figures_show_a_tie_and_prefer_the_lower_figure():
    hand = pd.DataFrame({"measure": ["troops"] * 4, "country": ["ARM", "ARM", "KGZ", "KGZ"],
                         "value": [70.0, 100.0, 150.0, 150.0], "qualifier": ["about", "exact", "exact", "exact"],
                         "source_id": ["a", "b", "c", "d"]})
    out = kz.country_figures(hand).set_index("country")
    assert out.loc["Armenia", "troops"] == 70 and out.loc["Armenia", "tie"] == "70 or 100"
    assert out.loc["Kyrgyzstan", "tie"] == "" and out.loc["Kyrgyzstan", "figures"] == "150 ×2"


@pytest.mark.parametrize("draw, marks", [
    (kz.draw_timeline, kz.timeline_marks),
    (kz.draw_cases, kz.case_marks),
])
def test_figures_draw_words_not_codes(draw, marks):
    plots.use_style()
    fig, ax = plt.subplots()
    assert draw(ax, marks()) is ax
    assert plots.code_labels(fig) == []
    plt.close(fig)


def test_toll_figure_draws_both_panels_in_words():
    plots.use_style()
    fig, axes = plt.subplots(1, 2)
    assert kz.draw_toll(axes, kz.toll_marks()) is axes
    assert plots.code_labels(fig) == []
    plt.close(fig)


# ---- the widget ------------------------------------------------------------------------

def test_every_threat_narrows_to_cases_that_all_show_a_table():
    shown = []
    for label, threat in kz.threat_choices():
        assert "_" not in label
        options = kz.cases_of(threat)
        assert options, f"{threat}: no case, so the widget would be empty"
        for case_label, case in options:
            view = kz.case_sources(threat, case)  # its speed is measured by `make benchmark`, not asserted here
            assert view.sentence.startswith(case_label) and len(view.frame) <= 15
            assert not view.frame["response"].str.contains("_").any()
            shown.append(case)
    assert sorted(shown) == sorted({r["case_id"] for r in rows("assistance_requests")})
    with pytest.raises(ValueError, match="no case 'nowhere'"):
        kz.case_sources("internal_unrest", "nowhere")


def test_no_copy_of_a_schema_value_list_in_the_module():
    enums = [set(f["constraints"]["enum"]) for r in package()["resources"] for f in r["schema"]["fields"]
             if len(f.get("constraints", {}).get("enum", [])) >= 3]
    tree = ast.parse(Path(kz.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            copied = [e for e in enums if len(items & e) >= 3]
            assert not copied, f"line {node.lineno}: a copy of a schema value list; read it with csto.data.allowed"
    assert allowed("assistance_requests", "response_kind")[0] == "deployment"
