"""Membership status rules on small hand-made tables, and facts from the sourced data."""

import pandas as pd
import pytest

from csto import data, load
from csto.membership import consensus, count_by_year, status_in_year, status_on, timeline


def table(rows):
    return data.table("membership", rows, columns=["organization", "country", "event", "date", "date_precision", "source_id"])


TOY = table([
    ("CSTO", "AAA", "signed", "1992-05-15", "day", "s1"),
    ("CSTO", "BBB", "acceded", "1993-09-24", "day", "s1"),
    ("CSTO", "BBB", "signed", "1992-05-01", "month", "s2"),   # one source says 1992
    ("CSTO", "BBB", "acceded", "1993-09-24", "day", "s3"),
    ("CSTO", "BBB", "left", "1999-04-02", "day", "s1"),
    ("CSTO", "BBB", "rejoined", "2006-06-23", "day", "s1"),
    ("CSTO", "CCC", "signed", "1992-05-15", "day", "s1"),
    ("CSTO", "CCC", "froze", "2024-02-22", "day", "s1"),
    ("CSTO", "CCC", "announced_exit", "2024-06-12", "day", "s1"),
])


def test_consensus_takes_the_date_most_sources_give_and_counts_disagreement():
    c = consensus(TOY).set_index(["country", "event"])
    assert c.loc[("BBB", "acceded"), "date"] == pd.Timestamp("1993-09-24")
    assert c.loc[("BBB", "acceded"), "n_sources"] == 3
    assert c.loc[("BBB", "acceded"), "n_dates"] == 2


def test_on_a_tie_the_more_precise_date_wins():
    tie = table([
        ("CSTO", "DDD", "rejoined", "2006-01-01", "year", "s1"),
        ("CSTO", "DDD", "rejoined", "2006-08-16", "day", "s2"),
        ("CSTO", "DDD", "signed", "1992-05-15", "day", "s1"),
    ])
    c = consensus(tie).set_index(["country", "event"])
    assert c.loc[("DDD", "rejoined"), "date"] == pd.Timestamp("2006-08-16")
    assert c.loc[("DDD", "rejoined"), "date_precision"] == "day"


def test_consensus_follows_an_edited_table():
    before = consensus(TOY)
    edited = TOY.copy()
    edited.loc[edited["country"] == "AAA", "date"] = pd.Timestamp("1993-01-01")
    after = consensus(edited)
    assert before.set_index("country").loc["AAA", "date"] != after.set_index("country").loc["AAA", "date"]


def test_status_follows_the_steps():
    s = status_on(TOY, "2000-01-01").set_index("country")["status"]
    assert s.to_dict() == {"AAA": "member", "BBB": "out", "CCC": "member"}
    s = status_on(TOY, "2024-12-31").set_index("country")["status"]
    assert s.to_dict() == {"AAA": "member", "BBB": "member", "CCC": "frozen"}


def test_before_a_state_joins_it_is_out():
    assert status_on(TOY, "1993-01-01").set_index("country").loc["BBB", "status"] == "out"


def test_count_by_year_counts_frozen_separately():
    counts = count_by_year(TOY, 2023, 2024).set_index("year")
    assert counts.loc[2023].tolist() == [3, 0]
    assert counts.loc[2024].tolist() == [2, 1]


def test_real_data_founders_and_the_1999_exit():
    m = load("membership")
    members = lambda year: sorted(status_in_year(m, year).query("status == 'member'")["country"])
    assert members(1992) == ["ARM", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
    assert members(2000) == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
    assert "UZB" in members(2010) and "UZB" not in members(2013)


def test_real_data_guam():
    m = load("membership")
    s = status_in_year(m, 2000, "GUAM").set_index("country")["status"]
    assert sorted(s[s == "member"].index) == ["AZE", "GEO", "MDA", "UKR", "UZB"]


def test_timeline_rejects_unknown_state():
    with pytest.raises(ValueError, match="no membership steps for 'XYZ'"):
        timeline(load("membership"), "XYZ")
