"""Lesson 06 (Expand or shrink?): every task's answer computed again, independently, from the CSV
files with the csv module; each likely mistake gets its own sentence; the figures' marks are
checked against the data; the scenario tool's pure function is tested on hand-made tables."""

import contextlib
import csv
import io
import json
from collections import Counter
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csto import load, plots, tasks
from csto.feedback import Judgement
from csto.lessons import expansion

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NOTEBOOK = ROOT / "notebooks" / "06-expand-or-shrink.ipynb"
ARTICLE_MONTH = "2024-07-01"  # the article's publication month, as sources.csv gives it


def rows(name):
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def ledger():
    with (ROOT / "seeds" / "claims.csv").open(encoding="utf-8", newline="") as f:
        return {r["claim_id"]: r for r in csv.DictReader(f)}


def ids(cell):
    return [s.strip() for s in cell.split(";") if s.strip()]


def said(task_id, answer, evidence=tasks.NOT_ANSWERED) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        tasks.check(task_id, answer, evidence)
    return out.getvalue()


def test_the_article_month_is_the_sources_tables():
    article = next(r for r in rows("sources") if r["source_id"] == expansion.ARTICLE)
    assert (article["published"], article["published_precision"]) == (ARTICLE_MONTH, "month")


# ---------------------------------------------------------------- 06.1 states named

def test_06_1_distinct_states_named():
    named = [r["candidate_state"] for r in rows("status_proposals") if r["candidate_state"]]
    assert tasks.expected("06.1") == len(set(named))
    assert len(set(named)) < len(named), "some states are named more than once, so rows and states differ"


def test_06_1_rows_occasions_and_all_occasions_are_named():
    p = rows("status_proposals")
    named = [r for r in p if r["candidate_state"]]
    assert "counts rows" in said("06.1", len(named))
    assert "counts occasions" in said("06.1", len({r["proposal_id"] for r in named}))
    assert "every occasion" in said("06.1", len({r["proposal_id"] for r in p}))


# ---------------------------------------------------------------- 06.2 judge C01

def _judged(task_id, claim_id, shown):
    j = tasks.expected(task_id)
    assert isinstance(j, Judgement)
    assert j.verdicts == (ledger()[claim_id]["verdict"],), "the verdict is the ledger's"
    assert list(j.candidates) == shown, "the rows are numbered as the notebook shows them"
    assert set(j.support) <= set(shown), "every supporting row is among the rows shown"
    return j


def test_06_2_judges_c01_on_the_rows_of_both_remarks():
    wanted = {"2024-03-28-tasmagambetov-peacekeeping-driver", "2024-06-24-tasmagambetov-new-members"}
    shown = [s for _, s in sorted((r["date"], r["source_id"]) for r in rows("status_proposals")
                                  if r["proposal_id"] in wanted)]
    j = _judged("06.2", "C01", shown)
    tass = shown.index("tass-2024-tasmagambetov-expansion") + 1
    assert tasks.is_right("06.2", "partly supported", [tass])
    assert "firmer" in said("06.2", "supported", [tass])
    assert "too firm, not wrong" in said("06.2", "contradicted", [tass])
    assert "can be checked" in said("06.2", "not testable with data", [tass])
    article = shown.index(expansion.ARTICLE) + 1
    assert not tasks.is_right("06.2", "partly supported", [article]), "the article is not evidence for itself"
    assert j.need == 1


# ---------------------------------------------------------------- 06.3 statuses granted

def test_06_3_no_state_granted_a_status_at_the_csto_since_2018():
    granted = {r["candidate_state"] for r in rows("status_proposals")
               if r["body"] == "CSTO" and r["status"] in ("observer", "partner", "observer_or_partner")
               and r["outcome"] == "granted" and r["date"] >= "2018-11-08"}
    assert tasks.expected("06.3") == len(granted) == 0
    assert "not answered yet" in said("06.3", ...)
    assert "Model answer" in said("06.3", 2)


# ---------------------------------------------------------------- 06.4, 06.5 NATO

def _nato(first):
    return [r for r in rows("alliance_accessions")
            if (r["organization"], r["event"]) == ("NATO", "joined") and int(r["date"][:4]) >= first]


def test_06_4_states_that_joined_nato_since_2002():
    assert tasks.expected("06.4") == len({r["country"] for r in _nato(2002)})


def test_06_4_mistakes_are_named():
    assert "counts rows" in said("06.4", len(_nato(2002)))
    assert "1999" in said("06.4", len({r["country"] for r in _nato(1999)}))
    sco = {r["country"] for r in rows("alliance_accessions") if (r["organization"], r["event"]) == ("SCO", "joined")}
    assert "SCO" in said("06.4", len({r["country"] for r in _nato(2002)}) + len(sco))


def test_06_5_years_in_which_nato_took_in_states():
    years = {r["date"][:4] for r in _nato(2002)}
    assert tasks.expected("06.5") == len(years)
    assert "includes 1999" in said("06.5", len({r["date"][:4] for r in _nato(1997)}))
    assert "counts states" in said("06.5", len({r["country"] for r in _nato(2002)}))


# ---------------------------------------------------------------- 06.6, 06.7 the forecast

def _charter_six():
    return {r["country"] for r in rows("membership") if r["organization"] == "CSTO" and r["event"] == "charter_signed"}


def test_06_6_members_taking_part_in_the_articles_month():
    m = [r for r in rows("membership") if r["organization"] == "CSTO"]
    six = _charter_six()
    exited = {r["country"] for r in m if r["event"] in ("left", "withdrew", "suspended")
              and r["country"] in six and "2002" < r["date"] <= ARTICLE_MONTH}
    frozen = Counter(r["country"] for r in m if r["event"] == "froze")
    frozen_before = Counter(r["country"] for r in m if r["event"] == "froze" and r["date"] < ARTICLE_MONTH)
    # a state is frozen when most of the sources that date its freeze date it before the article
    frozen_then = {c for c in frozen if 2 * frozen_before[c] > frozen[c]}
    assert not exited
    assert tasks.expected("06.6") == len(six - exited - frozen_then) == 5


def test_06_6_mistakes_are_named():
    states = {r["country"] for r in rows("membership") if r["organization"] == "CSTO"}
    assert "every state that ever took a step" in said("06.6", len(states))
    assert "formal members" in said("06.6", len(_charter_six()))


def test_06_7_the_last_loss_of_a_member_taking_part_came_before_the_article():
    froze = sorted(r["date"] for r in rows("membership") if r["organization"] == "CSTO" and r["event"] == "froze")
    later_steps = [r for r in rows("membership") if r["organization"] == "CSTO" and r["date"] > ARTICLE_MONTH
                   and r["event"] in ("froze", "left", "withdrew", "suspended")]
    # only the Kyiv Independent's lone August 2024 row (a misdating, outvoted) lies after the article
    assert [r["source_id"] for r in later_steps] == ["kyivindependent-2025-armenia-refuses-csto-financing"]
    assert froze[len(froze) // 2] < ARTICLE_MONTH
    assert tasks.expected("06.7") == "before the article"
    assert "not one of the possible answers" in said("06.7", "soon")


# ---------------------------------------------------------------- 06.8 population spread

def _kgz():
    return [float(r["value"]) for r in rows("country_facts") if (r["country"], r["measure"]) == ("KGZ", "population")]


def test_06_8_kyrgyzstan_spread_in_percent():
    v = _kgz()
    assert tasks.expected("06.8") == pytest.approx(100 * (max(v) - min(v)) / min(v))
    assert tasks.is_right("06.8", round(100 * (max(v) - min(v)) / min(v), 1))


def test_06_8_mistakes_are_named():
    v = _kgz()
    assert "looks like a fraction" in said("06.8", (max(v) - min(v)) / min(v))
    assert "divides by the highest" in said("06.8", round(100 * (max(v) - min(v)) / max(v), 1))
    assert "gap in people" in said("06.8", max(v) - min(v))
    assert "subtract 100" in said("06.8", round(100 * max(v) / min(v), 1))


# ---------------------------------------------------------------- 06.9 borders without Kazakhstan

def _pairs(states):
    return {tuple(sorted((r["country_a"], r["country_b"]))) for r in rows("borders")
            if r["country_a"] in states and r["country_b"] in states}


def test_06_9_shared_borders_if_kazakhstan_left():
    six = _charter_six()
    assert expansion.current_members() == sorted(six), "no state has left or joined since 2002 in the data"
    assert tasks.expected("06.9") == len(_pairs(six - {"KAZ"})) == 2
    assert tasks.is_right("06.9", expansion.scenario_totals([c for c in six if c != "KAZ"])["borders"])


def test_06_9_mistakes_are_named():
    six = _charter_six()
    assert "still in" in said("06.9", len(_pairs(six)))
    assert "every pair" in said("06.9", len(_pairs(six)) - 1)


# ---------------------------------------------------------------- 06.10 the ledger

def test_06_10_share_of_the_articles_claims_supported():
    article = [r for r in ledger().values() if r["source"] == "article"]
    share = 100 * sum(r["verdict"] == "supported" for r in article) / len(article)
    assert tasks.expected("06.10") == pytest.approx(share)


def test_06_10_mistakes_are_named():
    every = list(ledger().values())
    article = [r for r in every if r["source"] == "article"]
    assert "summary" in said("06.10", round(100 * sum(r["verdict"] == "supported" for r in every) / len(every), 1))
    ruled = [r for r in article if r["verdict"] != "open"]
    if len(ruled) < len(article):
        assert "not ruled yet" in said("06.10", round(100 * sum(r["verdict"] == "supported" for r in ruled) / len(ruled), 1))
    both = sum(r["verdict"] in ("supported", "partly supported") for r in article)
    assert "partly supported" in said("06.10", round(100 * both / len(article), 1))
    assert "looks like a fraction" in said("06.10", sum(r["verdict"] == "supported" for r in article) / len(article))


# ---------------------------------------------------------------- 06.11 judge C21

def test_06_11_judges_c21_on_the_ledgers_rows_in_date_order():
    c21 = ledger()["C21"]
    shown = expansion.forecast_rows()
    assert set(shown["source_id"]) == set(ids(c21["evidence_sources"])) | set(ids(c21["against_sources"]))
    assert shown["date"].is_monotonic_increasing
    j = _judged("06.11", "C21", shown["source_id"].tolist())
    first = shown["source_id"].tolist().index(j.support[0]) + 1
    assert tasks.is_right("06.11", c21["verdict"], [first])
    assert "no member has formally left" in said("06.11", "supported", [first])
    assert "cannot be refuted yet" in said("06.11", "contradicted", [first])
    assert "came before the article" in said("06.11", "partly supported", [first])
    assert "testable" in said("06.11", "not testable with data", [first])
    against = shown["source_id"].tolist().index(ids(c21["against_sources"])[0]) + 1
    assert "cuts the other way" in said("06.11", c21["verdict"], [against])


def test_forecast_rows_are_the_rows_the_data_holds():
    m = {(r["source_id"], r["event"]): r["date"] for r in rows("membership")}
    e = {(r["source_id"], r["event_id"]): r["date"] for r in rows("events")}
    for _, row in expansion.forecast_rows().iterrows():
        day = row["date"].strftime("%Y-%m-%d")
        assert day in set(m.values()) | set(e.values())


# ---------------------------------------------------------------- the lesson's predictions are ruled

def test_every_claim_of_the_lesson_has_a_verdict_with_evidence():
    for cid, r in ledger().items():
        if r["lesson"] != "06-expand-or-shrink":
            continue
        assert r["verdict"] != "open", f"{cid} needs a verdict"
        if r["verdict"] in ("supported", "partly supported", "disputed", "contradicted"):
            assert ids(r["evidence_sources"]), f"{cid}: a verdict on the data names its rows"
        if r["type"] == "prediction":
            assert r["verdict"] in ("too early", "not testable with data", "supported", "partly supported",
                                    "contradicted"), f"{cid}: a prediction is ruled on what has happened so far"


# ---------------------------------------------------------------- figure 1: proposals

def test_proposal_marks_one_mark_per_occasion():
    marks = expansion.proposal_marks()
    p = rows("status_proposals")
    assert len(marks) == len({r["proposal_id"] for r in p})
    assert set(marks["outcome"]) == {r["outcome"] for r in p}
    wide = marks[marks["precision"] != "day"]
    assert (wide["x_end"] > wide["x_start"]).all() and (marks["x_start"] <= marks["x"]).all()
    codes = {r["iso3"] for r in rows("countries")}
    assert not any(w in codes for label in marks["label"] for w in label.split()), "labels are names, not codes"


def test_draw_proposals_legend_matches_what_is_drawn():
    marks = expansion.proposal_marks()
    fig, ax = plt.subplots()
    expansion.draw_proposals(ax, marks)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    drawn = [label for label, _, _ in expansion.OUTCOME_STYLE.values() if label in set(marks["series"])]
    assert legend[:-1] == drawn and legend[-1].startswith("hollow")
    assert not plots.code_labels(fig)
    plt.close(fig)


# ---------------------------------------------------------------- figure 2: four alliances

def test_change_marks_count_states_per_alliance_and_year():
    marks = expansion.change_marks(1997, 2026)
    joined = marks[marks["kind"] == "joined"]
    nato = joined[joined["series"] == "NATO"].set_index("x")["n"].to_dict()
    from_csv = Counter(int(r["date"][:4]) for r in {(r["country"], r["date"][:4]): r for r in rows("alliance_accessions")
                                                    if (r["organization"], r["event"]) == ("NATO", "joined")}.values())
    assert nato == dict(from_csv)
    assert (marks.loc[marks["kind"] != "joined", "y"] < 0).all() and (joined["y"] > 0).all()
    assert (marks["y"].abs() == marks["n"]).all()
    csto = marks[marks["series"] == "CSTO"]
    assert csto[csto["kind"] == "joined"]["x"].tolist() == [2006], "the CSTO's only gain since 1997: Uzbekistan's return"


def test_draw_changes_words_and_coverage():
    marks = expansion.change_marks(1997, 2026)
    assert expansion.coverage()["NATO"] == min(int(r["date"][:4]) for r in rows("alliance_accessions")
                                               if r["organization"] == "NATO")
    fig, axes = plt.subplots(4, 1, sharex=True)
    expansion.draw_changes(axes, marks)
    assert not plots.code_labels(fig)
    assert [t.get_text() for t in axes[0].get_legend().get_texts()] == [k for k in expansion._KIND_STYLE
                                                                         if k in set(marks["kind"])]
    plt.close(fig)


# ---------------------------------------------------------------- figure 3: two yardsticks

def test_yardstick_marks_around_the_freeze():
    marks = expansion.yardstick_marks("2024-01", "2024-03")
    got = {(s, x.strftime("%Y-%m")): y for s, x, y in marks[["series", "x", "y"]].itertuples(index=False)}
    assert got[("formal members (taking part or frozen)", "2024-01")] == 6
    assert got[("members taking part", "2024-01")] == 6
    assert got[("formal members (taking part or frozen)", "2024-03")] == 6
    assert got[("members taking part", "2024-03")] == 5


def test_draw_yardsticks_marks_the_article_and_the_newest_source():
    marks = expansion.yardstick_marks("2023-01", "2024-12")
    fig, ax = plt.subplots()
    expansion.draw_yardsticks(ax, marks, pd.Timestamp(ARTICLE_MONTH), pd.Timestamp("2024-12-01"))
    texts = [t.get_text() for t in ax.texts]
    assert any("article" in t for t in texts) and any("newest" in t for t in texts)
    assert ax.get_ylim()[0] == 0
    plt.close(fig)


def test_events_after_the_article_are_dated_by_most_sources():
    after = expansion.after_article_events()
    assert "2024-02-22-armenia-freezes-csto-participation" not in set(after["event_id"]), \
        "one source's late date for the freeze does not move the event after the article"
    assert (after["when"].str[:7] > "2024-07").all()
    assert set(after["status"]) <= {"happened", "planned or previewed"}


# ---------------------------------------------------------------- the scenario tool, on hand-made tables

FACTS = pd.DataFrame({
    "country": ["ARM", "ARM", "RUS", "RUS", "RUS", "RUS", "BLR", "BLR", "KAZ", "KAZ"],
    "measure": ["population", "area_km2", "population", "population", "area_km2", "area_km2",
                "population", "area_km2", "population", "area_km2"],
    "value": [3.0, 30.0, 140.0, 150.0, 100.0, 90.0, 9.0, 20.0, 20.0, 270.0],
    "year": [2024, None, 2021, 2021, None, None, 2019, None, 2024, None],
    "source_type": ["reference_site", "factbook_copy", "encyclopedia", "encyclopedia", "encyclopedia", "encyclopedia",
                    "government", "reference_site", "reference_site", "government"],
    "source_id": list("abcdefghij"),
})
BORDERS = pd.DataFrame({"country_a": ["BLR", "KAZ", "BLR"], "country_b": ["RUS", "RUS", "RUS"]})
SPENDING = pd.DataFrame({
    "country": ["RUS", "RUS", "ARM", "ARM", "KAZ"], "year": [2022, 2023, 2022, 2023, 2015],
    "value": [80.0, 100.0, 700.0, 1000.0, 2.0], "unit": ["USD billion", "USD billion", "USD million", "USD million",
                                                        "USD billion"],
    "series": ["primary", "primary", "primary", "other", "primary"]})


def test_pick_figures_follows_the_stated_rule():
    p = expansion.pick_figures(FACTS).set_index(["country", "measure"])
    assert p.loc[("RUS", "population"), "value"] == 140.0, "a tie in year and kind: the smaller figure"
    assert p.loc[("RUS", "area_km2"), "value"] == 90.0
    assert p.loc[("RUS", "population"), ["n_figures", "lowest", "highest"]].tolist() == [2, 140.0, 150.0]
    more = pd.concat([FACTS, pd.DataFrame({"country": ["BLR", "BLR"], "measure": ["population", "area_km2"],
                                           "value": [9.5, 21.0], "year": [2024, None],
                                           "source_type": ["reference_site", "encyclopedia"],
                                           "source_id": ["k", "l"]})], ignore_index=True)
    q = expansion.pick_figures(more).set_index(["country", "measure"])
    assert q.loc[("BLR", "population"), "value"] == 9.5, "population: the most recent year beats a better kind"
    assert q.loc[("BLR", "area_km2"), "value"] == 21.0, "area: the more authoritative kind of source wins"


def test_scenario_totals_on_hand_made_tables():
    t = expansion.scenario_totals(["ARM", "BLR", "RUS"], facts=FACTS, borders=BORDERS, spending=SPENDING)
    assert (t["members"], t["population"], t["area_km2"]) == (3, 152.0, 140.0)
    assert t["borders"] == 1 and t["border_pairs"] == [("BLR", "RUS")], "a pair given twice is one border"
    assert t["alone"] == ["ARM"]
    assert t["year"] == 2022, "the latest year in which the primary series covers most of the states"
    assert t["spending"] == 80_000 + 700 and t["spending_known"] == ["ARM", "RUS"]
    assert t["spending_missing"] == ["BLR"], "a missing figure is named, never filled"
    low = expansion.scenario_totals(["RUS"], figures="each state's highest figure", facts=FACTS, borders=BORDERS,
                                    spending=SPENDING)
    assert (low["population"], low["area_km2"]) == (150.0, 100.0)


def test_scenario_totals_refuses_what_it_cannot_add():
    with pytest.raises(ValueError, match="figures must be one of"):
        expansion.scenario_totals(["RUS"], figures="average", facts=FACTS, borders=BORDERS, spending=SPENDING)
    with pytest.raises(ValueError, match="no population figure"):
        expansion.scenario_totals(["RUS", "TJK"], facts=FACTS, borders=BORDERS, spending=SPENDING)
    odd = SPENDING.assign(unit=SPENDING["unit"].replace({"USD million": "AMD billion"}))
    with pytest.raises(ValueError, match="cannot convert"):
        expansion.scenario_totals(["ARM", "RUS"], facts=FACTS, borders=BORDERS, spending=odd, year=2022)


def test_scenario_view_on_hand_made_tables():
    view = expansion.scenario(["ARM"], ["KAZ"], members=["ARM", "BLR", "RUS"], facts=FACTS, borders=BORDERS,
                              spending=SPENDING)
    assert view.sentence.startswith("🧭 A thinking tool, not a forecast. If Armenia leaves and Kazakhstan joins: 3 members")
    table = view.frame.set_index("measure")
    assert table.loc["member states"].tolist() == ["3", "3", "0"]
    assert table.loc["pairs of members with a shared land border"].tolist() == ["1", "2", "+1"]
    assert table.loc["members bordering no other member", "CSTO now"] == "1 (Armenia)"
    assert "figures for 2 of 3" in table.iloc[3]["CSTO now"], "spending says how many states it covers"
    same = expansion.scenario(["XXX"], ["ARM"], members=["ARM", "BLR", "RUS"], facts=FACTS, borders=BORDERS,
                              spending=SPENDING)
    assert "no one leaves or joins" in same.sentence, "leaving a non-member or joining a member changes nothing"


def test_scenario_default_view_on_the_course_data():
    view = expansion.scenario(["ARM"])
    assert "A thinking tool, not a forecast" in view.sentence and "If Armenia leaves: 5 members" in view.sentence
    assert len(repr(view).splitlines()) <= 20
    pop = {r["country"]: r for r in expansion.pick_figures().to_dict("records") if r["measure"] == "population"}
    assert view.frame.set_index("measure").loc["people", "change"] == f"−{pop['ARM']['value']:,.0f}"


# ---------------------------------------------------------------- the widget

def test_widget_is_listed_and_its_controls_show_names():
    # speed is measured by `make benchmark`, never asserted here
    assert expansion.WIDGETS == ("scenario",)
    controls = expansion.scenario_controls()
    assert set(controls) == {"leave", "join", "figures"}
    codes = {r["iso3"] for r in rows("countries")}
    for name in ("leave", "join"):
        labels = [label for label, _ in controls[name].options]
        assert labels and not set(labels) & codes, "controls show names, not codes"
    assert controls["leave"].value == ("ARM",) and controls["join"].value == ()
    assert [v for _, v in controls["leave"].options] == expansion.current_members()
    assert list(controls["figures"].options) == list(expansion.FIGURE_CHOICES)


def test_the_notebook_shows_the_banner_and_the_rule():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    shown = "\n".join("".join(o.get("data", {}).get("text/plain", "")) for c in nb["cells"] if c["cell_type"] == "code"
                      for o in c.get("outputs", []))
    assert "A thinking tool, not a forecast" in shown
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    for words in ("most recent year", "most authoritative kind of source", "the smaller figure"):
        assert words in text and words in expansion.RULE, f"the rule stated in the notebook and the module differ: {words}"
