"""Tests of csto.evidence, the helpers every lesson uses on sourced rows: hand-made
tables with obvious answers, facts checked by reading the CSV rows, and error cases."""

import csv
import io
import shutil

import pandas as pd
import pytest

import csto
from csto import evidence
from csto.data import data_dir
from csto.validate import problems


def events(text):
    """A small events table typed like the course's, from CSV lines as in data/events.csv."""
    df = pd.read_csv(io.StringIO(text.strip()), names=["event_id", "date", "date_precision", "theme", "title",
                                                       "source_id"])
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[s]")
    df["theme"] = pd.Categorical(df["theme"], categories=["kazakhstan_2022", "armenia", "ukraine_war"])
    return df


# ------------------------------------------------------------------ sources

def test_attach_sources_adds_publisher_kind_and_published_and_keeps_the_index():
    ev = csto.load("events")
    rows = ev[ev["event_id"] == "2024-06-24-tasmagambetov-expansion-remarks"]
    out = evidence.attach_sources(rows)
    assert out.index.tolist() == rows.index.tolist()
    got = dict(zip(out["source_id"], zip(out["publisher"], out["kind"], out["published"])))
    assert got["tass-2024-tasmagambetov-expansion"] == ("TASS", "wire", "2024-06-24")
    assert got["diplomat-2024-scepanovic"] == ("The Diplomat", "news", "2024-07")
    assert "publisher" not in rows  # the input is not changed


def test_attach_sources_takes_a_sources_table_and_chosen_columns():
    table = pd.DataFrame({"source_id": ["a"], "publisher": ["P"], "kind": ["wire"],
                          "published": [pd.NaT], "published_precision": [None]})
    out = evidence.attach_sources(pd.DataFrame({"source_id": ["a", "a"]}), ["kind", "published"], sources=table)
    assert out.columns.tolist() == ["source_id", "kind", "published"]
    assert out["published"].tolist() == ["n.d.", "n.d."]


def test_attach_sources_errors():
    with pytest.raises(ValueError, match="no 'source_id' column"):
        evidence.attach_sources(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="unknown source id.*no-such-source"):
        evidence.attach_sources(pd.DataFrame({"source_id": ["no-such-source"]}))


# ------------------------------------------------------------------ dates and precision

def test_date_interval_spans_what_the_precision_allows():
    assert evidence.date_interval("1993-01-01", "year") == (pd.Timestamp("1993-01-01"), pd.Timestamp("1993-12-31"))
    assert evidence.date_interval("2024-02-01", "month")[1] == pd.Timestamp("2024-02-29")  # leap year
    assert evidence.date_interval("2006-08-16", "day") == (pd.Timestamp("2006-08-16"),) * 2


@pytest.mark.parametrize("bad, message", [(("1993-01-01", "decade"), "precision must be one of"),
                                          ((pd.NaT, "day"), "date is missing")])
def test_date_interval_rejects_bad_input(bad, message):
    with pytest.raises(ValueError, match=message):
        evidence.date_interval(*bad)


def test_dates_agree_tells_precision_from_conflict():
    assert evidence.dates_agree(["1999-01-01", "1999-04-01", "1999-04-02"], ["year", "month", "day"])
    assert not evidence.dates_agree(["1998-01-01", "1999-04-02"], ["year", "day"])
    assert not evidence.dates_agree(["1993-09-09", "1993-12-09"], ["day", "day"])
    with pytest.raises(ValueError, match="one precision per date"):
        evidence.dates_agree(["1993-01-01"], [])
    with pytest.raises(ValueError, match="no dates"):
        evidence.dates_agree([], [])


def test_days_between():
    assert evidence.days_between("2024-06-12", "2024-06-24") == 12
    assert evidence.days_between("2024-06-25", "2024-06-12") == -13
    assert evidence.days_between(pd.Timestamp("2023-05-04"), "2023-06-01") == 28


def test_validate_compares_the_last_day_a_date_can_mean(tmp_path):
    # a request dated only to the month of the crisis is not "before the crisis started"
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    path = copy / "assistance_requests.csv"
    with path.open(newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    h = table[0]
    line = next(n for n, row in enumerate(table, 1) if row[h.index("case_id")] == "kaz-2022-unrest")

    def request(precision):
        row = table[line - 1]
        row[h.index("crisis_start")], row[h.index("crisis_start_precision")] = "2022-01-02", "day"
        row[h.index("request_date")], row[h.index("request_date_precision")] = "2022-01-01", precision
        with path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(table)
        return [p for p in problems(copy, only=["assistance_requests"]) if "before the crisis" in p]

    assert request("month") == []
    assert request("day") == [f"data/assistance_requests.csv:{line}: request_date: is before the crisis started (2022-01-02)"]


# ------------------------------------------------------------------ consensus dates

TOY = events("""
e1,2022-01-19,day,kazakhstan_2022,done,a
e1,2022-01-19,day,kazakhstan_2022,done,b
e1,2022-01-20,day,kazakhstan_2022,done late,c
e1,2022-01-01,month,armenia,done sometime,d
tie,2022-01-12,day,kazakhstan_2022,second,a
tie,2022-01-11,day,kazakhstan_2022,first,b
vague,2024-05-01,month,armenia,month,a
vague,2024-05-08,day,armenia,day,b
say,2023-05-04,day,armenia,recorded,a
say,2023-06-01,day,ukraine_war,released,b
""")


def test_consensus_majority_wins_and_every_date_is_listed():
    row = evidence.consensus_dates(TOY, keep=["title"]).set_index("event_id").loc["e1"]
    assert row["date"] == pd.Timestamp("2022-01-19") and row["date_precision"] == "day"
    assert (row["n_sources"], row["n_dates"]) == (4, 3)
    assert row["dates"] == "2022-01 ×1; 2022-01-19 ×2; 2022-01-20 ×1"
    assert row["conflict"]  # 19 and 20 January cannot both be right
    assert row["title"] == "done"


def test_consensus_tie_prefers_the_more_precise_then_the_earlier_date():
    c = evidence.consensus_dates(TOY, keep=["title"]).set_index("event_id")
    assert c.loc["tie", "date"] == pd.Timestamp("2022-01-11") and c.loc["tie", "title"] == "first"
    # one source gives May 2024, one 8 May: the day wins the tie, and they do not conflict
    assert c.loc["vague", "date"] == pd.Timestamp("2024-05-08") and c.loc["vague", "date_precision"] == "day"
    assert not c.loc["vague", "conflict"]
    assert c.index.tolist() == ["tie", "e1", "say", "vague"]  # sorted by the date kept


def test_consensus_groups_by_several_columns_and_keeps_their_types():
    m = csto.load("membership")
    c = evidence.consensus_dates(m, ["organization", "country", "event"])
    assert c["organization"].dtype == m["organization"].dtype
    assert c["date_precision"].dtype == m["date_precision"].dtype
    rows = c.set_index(["organization", "country", "event"])
    # membership.csv: UZB left the treaty in 1998 (2 sources) or 1999 (6 + 2 more precise)
    assert rows.loc[("CSTO", "UZB", "left"), "dates"] == "1998 ×2; 1999 ×6; 1999-04 ×1; 1999-04-02 ×1"
    assert rows.loc[("CSTO", "UZB", "left"), "date"] == pd.Timestamp("1999-01-01")


def test_consensus_counts_undated_rows_as_sources_only():
    rows = pd.concat([TOY[TOY["event_id"] == "tie"],
                      pd.DataFrame({"event_id": ["tie"], "date": [pd.NaT], "date_precision": [None],
                                    "source_id": ["z"]})])
    row = evidence.consensus_dates(rows).iloc[0]
    assert (row["n_sources"], row["n_dates"]) == (3, 2)


def test_the_not_russias_ally_remark_is_one_event_dated_two_ways():
    # events.csv: 4 May (recorded, Close the Sky), 1 June (transcript released, Radar Armenia, Azatutyun)
    ev = csto.load("events")
    c = evidence.consensus_dates(ev[ev["event_id"] == "2023-05-04-pashinyan-not-russias-ally"]).iloc[0]
    assert c["n_sources"] == 4 and c["conflict"]
    assert c["dates"] == "2023-05 ×2; 2023-05-04 ×1; 2023-06 ×1; 2023-06-01 ×2"
    assert c["date"] == pd.Timestamp("2023-06-01")  # the majority dates the release, not the remark


# ------------------------------------------------------------------ themes

def test_in_theme_keeps_every_row_of_an_event_filed_under_it():
    kept = evidence.in_theme(TOY, "armenia")
    assert sorted(kept["event_id"].unique()) == ["e1", "say", "vague"]
    assert len(kept[kept["event_id"] == "e1"]) == 4  # three of its rows are filed under another theme
    assert sorted(evidence.in_theme(TOY, ["ukraine_war"])["source_id"]) == ["a", "b"]
    with pytest.raises(ValueError, match="no theme 'karabakh'; themes are: kazakhstan_2022, armenia"):
        evidence.in_theme(TOY, "karabakh")


def test_merged_events_are_counted_once_with_all_their_sources():
    ev = csto.load("events")
    kaz = evidence.consensus_dates(evidence.in_theme(ev, "kazakhstan_2022")).set_index("event_id")
    assert kaz.index.is_unique
    # the council decision: rows filed under 'origins' and 'kazakhstan_2022' are one event
    assert kaz.loc["2022-01-06-csto-council-decision", "n_sources"] == 7
    assert kaz.loc["2022-01-06-csto-council-decision", "date"] == pd.Timestamp("2022-01-06")
    assert not kaz.loc["2022-01-06-csto-council-decision", "conflict"]  # the article's "January 2022" fits


# ------------------------------------------------------------------ responses per case

REQ = pd.DataFrame({
    "case_id": ["a", "a", "a", "b", "b", "c"],
    "states": ["KAZ", "KAZ", "KAZ", "KGZ;TJK", "TJK", "ARM"],
    "threat_kind": ["internal_unrest"] * 3 + ["member_vs_member"] * 2 + ["external_attack"],
    "article_invoked": ["Article 4", "Article 2; Article 4", None, None, None, None],
    "response_kind": pd.Categorical(["deployment", "deployment", None, "statement_only", "no_action", None],
                                    categories=["deployment", "statement_only", "no_action"]),
    "source_id": ["s1", "s2", "s3", "s4", "s5", "s6"],
})


def test_case_responses_majority_tie_and_silent_sources():
    out = evidence.case_responses(REQ).set_index("case_id")
    assert out.columns.tolist() == ["states", "threat_kind", "n_sources", "articles", "deployment",
                                    "statement_only", "no_action", "not_stated", "response", "n_responses"]
    assert out.loc["a", ["n_sources", "deployment", "not_stated"]].tolist() == [3, 2, 1]
    assert out.loc["a", "response"] == "deployment" and out.loc["a", "articles"] == "Article 2; Article 4"
    assert out.loc["b", "response"] == "sources split" and out.loc["b", "states"] == "KGZ;TJK"
    assert out.loc["c", ["response", "n_responses", "articles"]].tolist() == ["not reported", 0, "none named"]


def test_case_responses_for_one_state():
    assert evidence.case_responses(REQ, "TJK")["case_id"].tolist() == ["b"]
    with pytest.raises(ValueError, match="no assistance cases for 'ZZZ'"):
        evidence.case_responses(REQ, "ZZZ")


def test_case_responses_from_the_csv():
    req = csto.load("assistance_requests")
    c = evidence.case_responses(req).set_index("case_id")
    assert len(c) == 10 and (c["response"] == "deployment").sum() == 1
    # kgz-2010-osh: no_action from National Interest, dpa, VOA, Xinhua, RT (5); statement_only from 3
    assert c.loc["kgz-2010-osh", ["no_action", "statement_only"]].tolist() == [5, 3]
    arm = evidence.case_responses(req, "ARM").set_index("case_id")
    assert arm.index.tolist() == ["arm-2020-karabakh", "arm-2020-tavush", "arm-2021-border", "arm-2022-border"]
    assert (arm["deployment"] == 0).all()
    # arm-2022-border rows in the CSV: 7 fact_finding_mission, 5 mission_offered_declined, 2 statement_only
    assert arm.loc["arm-2022-border", ["fact_finding_mission", "mission_offered_declined",
                                       "statement_only"]].tolist() == [7, 5, 2]
    assert arm.loc["arm-2022-border", "articles"] == "Article 4"
    assert arm.loc["arm-2020-karabakh", "articles"] == "none named"
