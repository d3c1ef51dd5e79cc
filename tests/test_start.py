"""Lesson 00: each task's answer computed again, independently, from the CSV files with the csv module."""

import csv
from collections import Counter
from pathlib import Path

from csto import tasks
from csto.lessons import start

DATA = Path(__file__).resolve().parents[1] / "data"


def rows(name):
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_00_1_georgia_rows():
    assert tasks.expected("00.1") == sum(r["country"] == "GEO" for r in rows("membership"))


def test_00_2_earliest_year_for_uzbekistan_leaving():
    years = [int(r["date"][:4]) for r in rows("membership")
             if (r["organization"], r["country"], r["event"]) == ("CSTO", "UZB", "left")]
    assert tasks.expected("00.2") == min(years)


def test_00_3_state_with_most_rows():
    counts = Counter(r["country"] for r in rows("membership")).most_common()
    assert counts[0][1] > counts[1][1], "a tie would make the task ambiguous"
    assert tasks.expected("00.3") == counts[0][0]


def test_00_4_wire_rows_for_uzbekistans_return():
    kind = {r["source_id"]: r["kind"] for r in rows("sources")}
    ret = [r for r in rows("membership") if (r["country"], r["event"]) == ("UZB", "rejoined")]
    assert tasks.expected("00.4") == sum(kind[r["source_id"]] == "wire" for r in ret)


def test_00_5_distinct_day_dates_for_uzbekistans_return():
    ret = {r["date"] for r in rows("membership")
           if (r["country"], r["event"], r["date_precision"]) == ("UZB", "rejoined", "day")}
    assert tasks.expected("00.5") == len(ret)


def test_00_6_most_common_kind_of_source():
    assert tasks.expected("00.6") == Counter(r["kind"] for r in rows("sources")).most_common(1)[0][0]


def test_00_7_claim_types_follow_the_ledger():
    with (DATA.parent / "seeds" / "claims.csv").open(encoding="utf-8") as f:
        types = {r["claim_id"]: r["type"] for r in csv.DictReader(f)}
    assert tasks.expected("00.7") == [types[c] for c in start.CLAIMS_TO_SORT]
    assert set(tasks.expected("00.7")) == {"fact", "figure", "interpretation", "prediction"}, "one of each type"


def test_00_8_members_at_the_end_of_2010():
    # Hand-made from the membership table's consensus: the six of 2002 plus Uzbekistan (2006-2012).
    assert tasks.expected("00.8") == 7


def test_likely_mistakes_get_their_own_sentence(capsys):
    tasks.check("00.1", len(rows("membership")))
    tasks.check("00.2", 1999)
    tasks.check("00.5", sum((r["country"], r["event"], r["date_precision"]) == ("UZB", "rejoined", "day")
                            for r in rows("membership")))
    out = capsys.readouterr().out.splitlines()
    assert "every row of the table" in out[0]
    assert "most sources give" in out[1]
    assert "counts rows" in out[2]


def test_the_figure_draws_both_series_for_every_year():
    marks = start.membership_marks(1992, 2026)
    assert set(marks["series"]) == {"members taking part", "frozen members"}
    assert marks.groupby("series")["x"].apply(list).map(len).tolist() == [35, 35]
    frozen = marks[marks["series"] == "frozen members"].set_index("x")["y"]
    assert frozen.loc[2023] == 0 and frozen.loc[2024] == 1  # Armenia froze in February 2024


def test_the_widget_names_each_last_step_in_words():
    import re
    for year in (1995, 2010, 2024):
        for org in ("CSTO", "GUAM"):
            steps = start.members_table(year, org).frame["last step"]
            assert not steps.str.contains(r"[a-z]_[a-z]").any(), steps.tolist()
    t = start.members_table(2024).frame.set_index("state")
    assert re.match(r"announced it would leave \(", t.loc["Armenia", "last step"])
