"""Tests of csto.crises: small hand-made frames with known answers, facts checked by
reading the CSV rows, and error cases."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import csto  # noqa: E402
from csto import evidence  # noqa: E402
from csto.lessons import kazakhstan as crises  # noqa: E402
from csto.tasks import expected  # noqa: E402


# --- hand-made frames ------------------------------------------------------------------

def test_responses_by_threat_counts_cases_in_a_fixed_order():
    cases = pd.DataFrame({"threat_kind": ["internal_unrest", "member_vs_member", "external_attack"],
                          "response": ["sources split", "deployment", "not reported"]})
    table = crises.responses_by_threat(cases)
    assert table.loc["member_vs_member", "deployment"] == 1
    assert list(table.columns) == ["deployment", "sources split", "not reported"]


def test_toll_steps_majority_per_day_larger_on_tie_and_undated_left_out():
    reports = pd.DataFrame({
        "as_of": pd.to_datetime(["2022-01-15", "2022-01-15", "2022-01-15", "2022-03-14", "2022-03-14", None]),
        "value": [225.0, 225.0, 164.0, 230.0, 232.0, 238.0],
        "dated": [True, True, True, True, True, False],
    })
    steps = crises.toll_steps(reports)
    assert steps["value"].tolist() == [225.0, 232.0]
    assert steps["n_reports"].tolist() == [3, 2]


# --- facts checked against the CSV rows ---------------------------------------------------

def test_kazakhstan_timeline_matches_csv():
    tl = evidence.consensus_dates(evidence.in_theme(csto.load("events"), "kazakhstan_2022")).set_index("event_id")
    # events.csv: four sources date the completed withdrawal 19 Jan, one (SB Belarus Segodnya) 20 Jan
    assert tl.loc["2022-01-19-withdrawal-completed", "date"] == pd.Timestamp("2022-01-19")
    # six sources date Tokayev's request to 5 Jan, none differ
    assert tl.loc["2022-01-05-tokayev-requests-csto-help", "n_sources"] == 6
    assert tl.loc["2022-01-05-tokayev-requests-csto-help", "n_dates"] == 1
    # Aspenia's narrative puts the arrival on 9 Jan against six sources for 6 Jan
    assert tl.loc["2022-01-06-first-csto-troops-arrive", "dates"] == "2022-01-06 ×6; 2022-01-09 ×1"
    # the three steps whose sources truly conflict, as the lesson says
    assert sorted(tl.index[tl["conflict"] & tl.index.isin(list(crises.KEY_EVENTS))]) == [
        "2022-01-06-first-csto-troops-arrive", "2022-01-11-tokayev-announces-mission-complete",
        "2022-01-19-withdrawal-completed"]


def test_troop_totals_and_contingents_match_csv():
    k = csto.load("kazakhstan_2022")
    totals = crises.by_source(k, "troops_total")
    assert len(totals) == 19
    assert totals.groupby("value").size().to_dict() == {2000.0: 7, 2030.0: 2, 2500.0: 9, 4000.0: 1}
    assert totals.set_index("source_id").loc["kazinform-2022-send-off-ceremony", "kind"] == "wire"
    c = crises.country_figures(k).set_index("country")
    # ARM: 100 (TVP, Interfax copy) vs 70 (Apostrophe)
    assert c.loc["ARM", "troops"] == 100 and c.loc["ARM", "all_values"] == "70 (1); 100 (2)"
    assert c["troops"].sum() == 100 + 500 + 150 + 3000 + 200
    assert expected("02.2") == 3950


def test_by_source_errors_and_country_filter():
    k = csto.load("kazakhstan_2022")
    assert crises.by_source(k, "troops", "KGZ")["value"].tolist() == [150.0, 200.0, 150.0, 150.0, 150.0]
    with pytest.raises(ValueError, match="no measure 'soldiers'"):
        crises.by_source(k, "soldiers")
    with pytest.raises(ValueError, match="no 'troops' rows for country 'UZB'"):
        crises.by_source(k, "troops", "UZB")


def test_death_toll_reports_match_csv():
    reports = crises.toll_reports(csto.load("kazakhstan_2022"))
    undated = reports.loc[~reports["dated"], "source_id"].tolist()
    assert sorted(set(undated)) == ["babel-2022-238-dead-damages", "swiki-2022-kazakh-unrest-sv",
                                    "timenews-2022-prosecutor-225-dead", "yahoo-2022-unrest-225-dead-independent"]
    steps = crises.toll_steps(reports).set_index("as_of")["value"]
    assert steps[pd.Timestamp("2022-01-09")] == 164       # health ministry, later retracted
    assert steps[pd.Timestamp("2022-03-14")] == 230       # Asylov to the Mazhilis
    assert steps[pd.Timestamp("2022-12-20")] == 238       # RFE/RL on the final list
    assert expected("02.3") == 238


def test_cases_match_csv():
    cases = evidence.case_responses(csto.load("assistance_requests"))
    assert crises.responses_by_threat(cases).sum().sum() == 10
    assert cases.set_index("case_id").loc["arm-2020-tavush", "response"] == "sources split"
    assert expected("02.5") == ["arm-2020-karabakh", "arm-2020-tavush", "arm-2022-border", "kgz-2010-osh"]


def test_articles_cited():
    req = csto.load("assistance_requests")
    kaz = crises.articles_cited(req, "kaz-2022-unrest").set_index("article")["n_sources"]
    # Article 4: Asia-Plus, BelTA, National Interest, Xinhua, Europe Diplomatic; Article 2: BelTA, National Interest
    assert kaz.to_dict() == {"Article 2": 2, "Article 4": 5}
    assert expected("02.4") == ["Article 2"]
    with pytest.raises(ValueError, match="no case 'kaz-2021'"):
        crises.articles_cited(req, "kaz-2021")


def test_forces_table():
    f = crises.forces_table(csto.load("forces"))
    crrf = f[f["component"] == "CRRF"].set_index("source_id")["personnel"]
    assert crrf["weitz-2018-csto-challenge-to-nato"] == crrf["diplomat-2024-scepanovic"] == 22000
    assert crrf["urdupoint-2022-csto-contingent-sufficient"] == 18000
    assert expected("02.6") == 4000
    with pytest.raises(ValueError, match="no component 'KSOR'"):
        crises.forces_table(csto.load("forces"), ["KSOR"])


def test_expected_task_one_is_days_from_order_restored():
    assert expected("02.1") == 19 - 7


# --- widget function and drawing --------------------------------------------------------

def test_explore_cases_filters_and_messages():
    out = crises.explore_cases()
    assert set(out["case"]) == {"kaz-2022-unrest", "kgz-2010-osh"}
    assert len(out) == 21
    assert crises.explore_cases("all", "kgz-tjk-2021-border")["response"].tolist() == ["(not said)", "statement_only"]
    assert crises.explore_cases("external_attack", "kaz-2022-unrest").startswith("No case matches")
    with pytest.raises(ValueError, match="no threat kind 'riot'"):
        crises.explore_cases("riot")
    with pytest.raises(ValueError, match="no case 'nowhere'"):
        crises.explore_cases("all", "nowhere")


@pytest.mark.parametrize("draw, data", [
    (crises.draw_by_source, lambda: crises.by_source(csto.load("kazakhstan_2022"), "troops_total")),
    (crises.draw_toll_steps, lambda: crises.toll_reports(csto.load("kazakhstan_2022"))),
    (crises.draw_case_responses, lambda: csto.load("assistance_requests")),
    (crises.draw_forces, lambda: crises.forces_table(csto.load("forces"))),
    (crises.draw_timeline, lambda: csto.load("events")),
])
def test_draw_functions_return_the_axes(draw, data):
    fig, ax = plt.subplots()
    assert draw(ax, data()) is ax
    plt.close(fig)
