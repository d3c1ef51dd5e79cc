"""Tests of csto.origins (lesson 01) and its tasks.

Two kinds of checks: small hand-made tables where the right answer is obvious, and
facts from data/membership.csv and data/events.csv that were checked by reading the rows.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import csto  # noqa: E402
from csto import membership, tasks  # noqa: E402
from csto.lessons import origins  # noqa: E402

COLUMNS = ["organization", "country", "event", "date", "date_precision", "source_id", "note"]


@pytest.fixture(scope="module")
def m():
    return csto.load("membership")


def frame(rows, like=None):
    """A small membership table typed like the course's."""
    return csto.data.table("membership", [tuple(None if v == "" else v for v in r) for r in rows], columns=COLUMNS)


@pytest.fixture(scope="module")
def toy(m):
    # ARM signs in 2000 (two sources agree, one only to the year); a says it left in 2003,
    # b says 2004 (a true conflict); c says it froze in 2002. GEO founds GUAM in 2001.
    return frame([
        ("CSTO", "ARM", "signed", "2000-05-15", "day", "a", ""),
        ("CSTO", "ARM", "signed", "2000-01-01", "year", "b", ""),
        ("CSTO", "ARM", "froze", "2002-03-01", "month", "c", ""),
        ("CSTO", "ARM", "left", "2003-01-01", "year", "a", ""),
        ("CSTO", "ARM", "left", "2004-01-01", "year", "b", ""),
        ("GUAM", "GEO", "founded", "2001-06-01", "day", "a", ""),
    ], like=m)


# ------------------------------------------------------------------ hand-made tables

def test_matrix_and_counts_on_a_toy_table(toy):
    mx = origins.membership_matrix(toy, 1999, 2004, "CSTO")
    # consensus on leaving: a tie (one source each), so the earlier date, 2003, wins
    assert mx.loc["ARM"].tolist() == ["out", "member", "member", "frozen", "out", "out"]
    c = membership.status_counts(mx)
    assert c.loc[2002].tolist() == [0, 1, 0]
    assert c.sum(axis=1).eq(1).all()


def test_as_dated_by_follows_one_source(toy):
    by_b = origins.as_dated_by(toy, "b")
    assert sorted(by_b["source_id"]) == ["a", "b", "b", "c"]  # a's ARM steps dated by b are dropped
    mx = origins.membership_matrix(by_b, 2003, 2004, "CSTO")
    assert mx.loc["ARM"].tolist() == ["frozen", "out"]
    with pytest.raises(ValueError, match="dates no membership step"):
        origins.as_dated_by(toy, "nobody")


def test_disagreements_on_a_toy_table(toy):
    d = origins.disagreements(toy).set_index("step")
    assert d.loc["signed", "conflict"] == False  # noqa: E712  (2000 and 2000-05-15 agree)
    assert d.loc["left", "conflict"] == True  # noqa: E712  (2003 against 2004)
    assert d.loc["left", "dates"] == "2003 ×1; 2004 ×1"
    assert origins.disagreements(toy, only_conflicts=True)["step"].tolist() == ["left"]


def test_status_periods_on_a_toy_table(toy):
    p = origins.status_periods(toy, end="2005-12-31")
    arm = p[p["country"] == "ARM"]
    assert arm["status"].tolist() == ["member", "frozen", "out"]
    assert arm["start"].dt.year.tolist() == [2000, 2002, 2003]
    assert p[p["country"] == "GEO"][["organization", "status"]].values.tolist() == [["GUAM", "member"]]


def test_bad_arguments_give_clear_messages(m):
    with pytest.raises(ValueError, match="organization must be one of"):
        origins.membership_matrix(m, 2000, 2001, "NATO")
    with pytest.raises(ValueError, match="first year 2001 is after last year 2000"):
        origins.membership_matrix(m, 2001, 2000)
    with pytest.raises(ValueError, match="no membership steps for 'FRA'"):
        origins.country_view("FRA")
    with pytest.raises(ValueError, match="unknown event id"):
        origins.event_sources(["1992-05-15-no-such-event"])
    with pytest.raises(ValueError, match="no membership rows match country='TKM'"):
        origins.source_dates(m, country="TKM")
    with pytest.raises(ValueError, match="organization must be one of"):
        origins.year_view(2000, "SCO")


# ------------------------------------------------------------------ the course data

def test_same_statuses_as_the_membership_module(m):
    for org in ("CSTO", "GUAM"):
        mx = origins.membership_matrix(m, 1992, 2025, org)
        for year in (1992, 1993, 1998, 1999, 2002, 2006, 2007, 2012, 2024):
            expected = membership.status_in_year(m, year, org).set_index("country")["status"].astype(str)
            assert mx[year].to_dict() == expected.to_dict(), (org, year)


def test_six_signed_in_tashkent_three_entered_in_1993(m):
    # membership.csv: 4 sources date ARM KAZ KGZ RUS TJK UZB 'signed' 1992-05-15;
    # AZE, BLR, GEO 'acceded' in 1993; only the article has all nine in 1992-05.
    mx = origins.membership_matrix(m, 1992, 1993)
    assert sorted(mx.index[mx[1992] == "member"]) == ["ARM", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
    assert (mx[1993] == "member").sum() == 9
    article = origins.as_dated_by(m, "diplomat-2024-scepanovic")
    assert (origins.membership_matrix(article, 1992, 1992)[1992] == "member").sum() == 9
    entry = origins.source_dates(m, country="GEO", event="signed")
    assert sorted(entry["date"]) == ["1992-05", "1993", "1993", "1993", "1993-09-09", "1993-12-09", "1993-12-09"]


def test_1999_exits_and_both_blocs(m):
    # AZE, GEO, UZB have 'left' rows in 1999; GUAM founded 1997-10-10 by AZE GEO MDA UKR.
    mx = origins.membership_matrix(m, 1998, 1999)
    assert sorted(mx.index[(mx[1998] == "member") & (mx[1999] == "out")]) == ["AZE", "GEO", "UZB"]
    assert origins.in_both(m, 1998) == ["AZE", "GEO"]
    assert origins.in_both(m, 1999) == []
    both = origins.compare_blocs(m, 2000).set_index("country")
    assert both.loc["UKR", "CSTO"] == "never" and both.loc["ARM", "GUAM"] == "never"


def test_uzbekistan_in_guam_and_back_in_the_csto(m):
    # GUAM: joined 1999, 'froze' 2002 (3 sources: it stopped taking part), withdrew 2005.
    guam = origins.membership_matrix(m, 1999, 2005, "GUAM").loc["UZB"].tolist()
    assert guam == ["member", "member", "member", "frozen", "frozen", "frozen", "out"]
    # CSTO return: four distinct days in the rows (2006-06-23, 2006-08-16, 2006-12-13, 2008-03-28).
    ret = origins.source_dates(m, country="UZB", event="rejoined")
    assert len(ret) == 13
    assert sorted(d for d in ret["date"].unique() if len(d) == 10) == [
        "2006-06-23", "2006-08-16", "2006-12-13", "2008-03-28"]
    ria = origins.as_dated_by(m, "riano-2008-uzbekistan-formalizes-return")
    assert origins.membership_matrix(ria, 2007, 2008).loc["UZB"].tolist() == ["out", "member"]


def test_disagreements_in_the_data(m):
    d = origins.disagreements(m).set_index(["organization", "country", "step"])
    assert d.loc[("CSTO", "GEO", "acceded/signed"), "conflict"]  # 9 Sep against 9 Dec 1993
    assert not d.loc[("CSTO", "KAZ", "signed"), "conflict"]  # 1992-05 and 1992-05-15 agree
    assert d.loc[("CSTO", "UZB", "suspended"), "dates"] == "2012 ×1; 2012-06 ×1; 2012-06-28 ×3; 2012-12-19 ×3"


def test_armenia_frozen_from_2024(m):
    mx = origins.membership_matrix(m, 2023, 2024)
    assert mx.loc["ARM"].tolist() == ["member", "frozen"]
    assert membership.status_counts(mx).loc[2024, "frozen"] == 1


def test_year_and_country_views(m):
    v = origins.year_view(2012, "CSTO", styled=False).set_index("country")
    assert v.loc["UZB", "status"] == "out"
    assert v.loc["UZB", "decided by"] == "suspended 2012-06-28"
    assert "2012-12-19: " in v.loc["UZB", "what each source says"]
    early = origins.year_view(1992, "GUAM", styled=False)
    assert early["status"].eq("out").all() and early["decided by"].str.startswith("not yet").all()
    styled = origins.year_view(2006, "CSTO")
    assert styled.to_html() == origins.year_view(2006, "CSTO").to_html()  # no random ids
    c = origins.country_view("ARM", styled=False)
    assert c["step"].tolist()[-3:] == ["froze", "stopped_dues", "announced_exit"]


def test_event_sources_for_the_un_observer_status():
    e = origins.event_sources("2004-12-02-unga-observer-status")
    assert "odkbgov-nd-basic-facts" in e.loc[e["date"] == "2004-12-02", "source_id"].tolist()
    assert set(e["kind"]) == {"news", "aggregator", "official", "wire"}


def test_plots_return_axes(m):
    fig, ax = plt.subplots()
    assert origins.plot_counts(ax, m) is ax
    assert "−AZE GEO UZB" in [t.get_text() for t in ax.texts]
    plt.close(fig)
    fig, ax = plt.subplots()
    assert origins.plot_timeline(ax, m) is ax
    assert len(ax.get_yticks()) == 14  # 9 treaty parties + 5 GUAM members
    plt.close(fig)


# ------------------------------------------------------------------ tasks

def test_task_answers(capsys):
    assert tasks.expected("01.1") == ["ARM", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
    assert tasks.expected("01.2") == ["AZE", "GEO", "UZB"]
    assert tasks.expected("01.3") == ["AZE", "GEO"]
    assert tasks.expected("01.4") == 6
    assert tasks.expected("01.5") == 7  # the six of 2002 plus Uzbekistan
    assert tasks.is_right("01.3", ["GEO", "AZE"])
    assert not tasks.is_right("01.1", ...)
    tasks.check("01.3", ["GEO", "AZE"])
    tasks.check("01.4", "6")
    tasks.check("01.1", ...)
    out = capsys.readouterr().out
    assert "✅" in out and "needs no quotes" in out and "not answered yet" in out
