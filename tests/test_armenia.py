"""Timeline, supplier-share and spending helpers (csto.armenia): hand-made tables and checked data facts."""

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csto import data, load, tasks
import csto.lessons.armenia  # noqa: F401  (registers lesson 03's tasks)
from csto.lessons.armenia import (available_windows, compare_windows, deals_by_supplier, filter_timeline,
                          plot_dates, plot_shares, plot_spending, share_table, spending_series,
                          spending_units, timeline_choices, timeline_table)

matplotlib.use("Agg")


def events(rows):
    return data.table("events", rows, columns=["event_id", "date", "date_precision", "theme", "title", "countries",
                                              "source_id"])


TOY = events([
    ("e1", "2022-09-13", "day", "armenia", "attack", "ARM;AZE", "s1"),
    ("e1", "2022-09-13", "day", "armenia", "attack", "ARM;AZE", "s2"),
    ("e1", "2022-09-12", "day", "armenia", "attack", "ARM;AZE", "s3"),
    ("e2", "2024-06-01", "month", "armenia", "exit speech", "ARM", "s1"),
    ("e2", "2024-06-12", "day", "armenia", "exit speech", "ARM", "s2"),
    ("e3", "2024-06-24", "day", "expansion", "remark", "RUS;KAZ", "s4"),
    ("e4", "1992-05-15", "day", "origins", "treaty", "ARM;RUS", "s1"),
    ("e4", "1992-05-15", "day", "expansion", "treaty", "ARM;RUS", "s5"),
])


# ---------------------------------------------------------------- timelines

def test_filter_by_period_years_are_inclusive():
    kept = filter_timeline(TOY, 2024, 2024)
    assert sorted(kept["event_id"].unique()) == ["e2", "e3"]
    assert filter_timeline(TOY, "2024-06-12", "2024-06-12")["source_id"].tolist() == ["s2"]


def test_filter_by_actor_reads_the_semicolon_list():
    assert sorted(filter_timeline(TOY, actor="AZE")["event_id"].unique()) == ["e1"]
    assert sorted(filter_timeline(TOY, actor="ARM")["event_id"].unique()) == ["e1", "e2", "e4"]
    assert len(filter_timeline(TOY, actor="all")) == len(TOY)


def test_filter_by_actor_keeps_every_row_of_an_event():
    # one source lists Belarus among the states involved, the other does not: one event, two sources
    rows = events([("e5", "2024-11-28", "day", "armenia", "summit", "ARM;BLR", "s1"),
                   ("e5", "2024-11-28", "day", "armenia", "summit", "ARM", "s2")])
    assert filter_timeline(rows, actor="BLR")["source_id"].tolist() == ["s1", "s2"]


def test_filter_by_theme_and_order():
    kept = filter_timeline(TOY, theme=["armenia", "origins"])
    assert kept["event_id"].tolist() == ["e4", "e4", "e1", "e1", "e1", "e2", "e2"]
    assert kept["date"].is_monotonic_increasing


def test_filter_by_theme_keeps_every_row_of_an_event():
    # e4 is filed under 'origins' by s1 and under 'expansion' by s5: one event, two sources
    assert filter_timeline(TOY, theme="expansion")["source_id"].tolist() == ["s1", "s5", "s4"]


def test_filter_errors_are_clear():
    with pytest.raises(ValueError, match="starts .* after it ends"):
        filter_timeline(TOY, 2025, 2020)
    with pytest.raises(ValueError, match="ISO3 code"):
        filter_timeline(TOY, actor="Armenia")
    with pytest.raises(ValueError, match="no theme 'karabakh'"):
        filter_timeline(TOY, theme="karabakh")
    with pytest.raises(ValueError, match="neither a year nor a date"):
        filter_timeline(TOY, start="soon")


def test_timeline_table_accepts_crossed_sliders_and_lists_other_dates():
    a = timeline_table(2024, 2022, "ARM", "armenia", events=TOY)
    b = timeline_table(2022, 2024, "ARM", "armenia", events=TOY)
    pd.testing.assert_frame_equal(a, b)
    # e2: one source gives June 2024, one 12 June: the more precise date wins the tie
    assert a["when"].tolist() == ["2022-09-13", "2024-06-12"]
    assert a["other dates"].tolist() == ["2022-09-12 ×1", "2024-06 ×1"]
    assert a["sources"].tolist() == [3, 2]


# ---------------------------------------------------------------- real timeline (rows read in data/*.csv)

def test_armenian_steps_out_as_the_csv_dates_them():
    m = load("membership")
    arm = filter_timeline(m, 2024, 2025, actor="ARM")
    dated = {(str(e), d.strftime("%Y-%m-%d")) for e, d in zip(arm["event"], arm["date"])}
    assert ("froze", "2024-02-22") in dated          # RT, Novaya Gazeta
    assert ("froze", "2024-08-01") in dated          # Kyiv Independent, the outlier
    assert ("stopped_dues", "2024-05-08") in dated   # RFE/RL
    assert ("announced_exit", "2024-06-12") in dated
    assert not set(arm["event"].astype(str)) & {"left", "withdrew", "suspended"}


def test_the_widget_default_view_from_the_csv():
    t = timeline_table()          # 2020-2025, ARM, armenia
    assert t["when"].iloc[0] == "2020-09-27"
    row = t[t["what happened"].str.startswith("Pashinyan tells France 24")].iloc[0]
    # AFP dates the interview by its publication (Friday 23 February); Asbarez to the month; one outlier
    assert row["when"] == "2024-02-22" and row["other dates"] == "2024-02 ×1; 2024-02-23 ×1; 2024-08 ×1"
    assert row["sources"] == 6
    assert t["what happened"].is_unique  # merged event ids: each event once
    remark = t[t["what happened"].str.contains("not Russia's ally")]
    assert len(remark) == 1 and remark["other dates"].item() == "2023-05 ×2; 2023-05-04 ×1; 2023-06 ×1"


# ---------------------------------------------------------------- supplier shares

SHARES = pd.DataFrame({
    "importer": ["XXX"] * 6,
    "supplier": ["RUS", "ISR", "ISR", "RUS", "ISR", "RUS"],
    "window_start": [2010, 2010, 2015, 2015, 2015, 2020],
    "window_end": [2014, 2014, 2019, 2019, 2019, 2020],
    "share_pct": [80.0, 10.0, 60.0, 30.0, 64.0, 96.0],
    "source_id": ["a", "a", "b", "b", "c", "d"],
    "basis": ["SIPRI"] * 5 + ["other"],
    "note": [None, None, None, None, None, "an official's figure"],
})


def test_share_table_labels_windows_and_flags_non_sipri():
    t = share_table(SHARES, "XXX")
    assert list(dict.fromkeys(t["window"])) == ["2010–14", "2015–19", "2020"]
    assert t.loc[t["window"] == "2020", "sipri"].tolist() == [False]
    assert len(share_table(SHARES, "XXX", sipri_only=True)) == 5
    with pytest.raises(ValueError, match="importers in the data: XXX"):
        share_table(SHARES, "YYY")


def test_compare_windows_keeps_disagreement_and_never_averages():
    c = compare_windows(SHARES, "XXX", (2010, 2014), (2015, 2019)).set_index("supplier")
    assert c.loc["RUS", ["before_low", "after_low", "change_pp"]].tolist() == [80.0, 30.0, -50.0]
    assert c.loc["ISR", ["after_low", "after_high"]].tolist() == [60.0, 64.0]
    assert pd.isna(c.loc["ISR", "change_pp"])       # 60 or 64: the change depends on the source
    assert c.loc["ISR", "n_sources"] == 3


def test_compare_windows_names_missing_windows():
    with pytest.raises(ValueError, match="no SIPRI shares for XXX in 2020; windows in the data: 2010–14, 2015–19"):
        compare_windows(SHARES, "XXX", (2015, 2019), (2020, 2020))


def test_armenia_shares_stop_in_2020_in_the_csv():
    imports = load("arms_imports_by_supplier")
    assert available_windows(imports, "ARM") == ["2013–17", "2015–19", "2016–20"]
    arm = share_table(imports, "ARM")
    assert set(arm.loc[arm["sipri"], "share_pct"]) == {94.0, 100.0}   # 100 % in 2013–17, then 94 %
    assert arm.loc[~arm["sipri"], ["window", "share_pct"]].values.tolist() == [
        ["2020", 96.0]] + [["2021–24", 10.0]] * 3                    # official's shares of contracts, not SIPRI


def test_azerbaijan_shares_from_the_csv():
    c = compare_windows(load("arms_imports_by_supplier"), "AZE", (2016, 2020), (2017, 2021)).set_index("supplier")
    assert c.loc["ISR", ["before_low", "before_high", "after_low"]].tolist() == [64.0, 69.0, 61.0]
    assert c.loc["RUS", "change_pp"] == 5.0                    # 17 -> 22
    assert c.loc["BLR", "after_low"] == 6.6 and pd.isna(c.loc["BLR", "before_low"])


# ---------------------------------------------------------------- spending

SPEND = pd.DataFrame({
    "country": ["XXX"] * 5,
    "year": [2022, 2022, 2023, 2023, 2024],
    "value": [750.0, 795.0, 1.28, 527.0, None],
    "unit": ["USD million", "USD million", "USD billion", "AMD billion", None],
    "share_gdp_pct": [None, None, None, None, 4.9],
    "basis": ["budget", "SIPRI", "budget", "budget", "SIPRI"],
    "source_id": ["b1", "s1", "b2", "b3", "s2"],
    "note": ["BUDGET figure", "SIPRI data as quoted", "national BUDGET", "budget-based, not SIPRI", "SIPRI share"],
})


def test_spending_series_one_unit_with_exact_rescaling():
    s = spending_series(SPEND, "XXX", "USD million")
    assert s["value"].tolist() == [795.0, 750.0, 1280.0]
    assert s["unit"].unique().tolist() == ["USD million"]
    assert s["unit_as_given"].tolist() == ["USD million", "USD million", "USD billion"]
    assert s["basis"].tolist() == ["SIPRI", "budget", "budget"]


def test_spending_series_never_mixes_currencies():
    s = spending_series(SPEND, "XXX", "AMD billion")
    assert s["value"].tolist() == [527.0]
    strict = spending_series(SPEND, "XXX", "USD million", rescale=False)
    assert strict["value"].tolist() == [795.0, 750.0]
    with pytest.raises(ValueError, match="its units are: AMD billion, USD billion, USD million"):
        spending_series(SPEND, "XXX", "RUB trillion")
    with pytest.raises(ValueError, match="cannot read the unit"):
        spending_series(SPEND, "XXX", "dollars")


def test_spending_basis_comes_from_the_column_not_the_note():
    # data/military_spending.csv: the two Belarusian IISS rows say "IISS figure, not SIPRI"
    s = spending_series(load("military_spending"), "BLR", "USD million")
    assert s.set_index("year").loc[[2016, 2017], "basis"].tolist() == ["IISS", "IISS"]


def test_armenian_spending_from_the_csv():
    sp = load("military_spending")
    assert spending_units(sp, "ARM").set_index("unit")["rows"].to_dict() == {
        "AMD billion": 4, "USD billion": 5, "USD million": 13}
    s = spending_series(sp, "ARM", "USD million")
    assert set(s["basis"]) == {"SIPRI", "budget", "BICC"}
    sipri = s[s["basis"] == "SIPRI"].groupby("year")["value"].apply(sorted).to_dict()
    assert sipri[2018] == [513.0, 609.0]            # Luys vs armenews, both "SIPRI"
    assert sipri[2022] == [795.0] and sipri[2023] == [1330.0]
    assert sorted(s.loc[s["year"] == 2024, "value"]) == [1400.0, 1500.0]
    assert (s["unit"] == "USD million").all()


# ---------------------------------------------------------------- deals, claims, tasks

def test_deals_by_supplier_counts_reports_not_deals():
    div = load("arms_diversification")
    d = deals_by_supplier(div, "ARM").set_index("supplier")
    assert d.index.tolist() == ["FRA", "IND"]
    assert d.loc["FRA", "reports"] == 8 and d.loc["IND", "reports"] == 14
    assert d.loc["FRA", "first"] == "2023-10-23"
    with pytest.raises(ValueError, match="no deals recorded"):
        deals_by_supplier(div, "ZZZ")


def test_task_answers_match_the_csv():
    assert tasks.expected("03.1") == "Article 2"
    assert tasks.expected("03.2") == 12              # 12 June -> 24 June 2024 (TASS)
    assert tasks.expected("03.3") == "frozen"
    assert tasks.expected("03.4") == 28              # 4 May -> 1 June 2023
    assert tasks.expected("03.5") == 6.6
    assert sorted(tasks.expected("03.6")) == ["FRA", "IND"]
    assert tasks.expected("03.7") == pytest.approx(1330 / 795)


def test_blank_answers_never_pass_and_right_ones_do(capsys):
    for k in ["03.1", "03.2", "03.3", "03.4", "03.5", "03.6", "03.7"]:
        assert tasks.is_right(k, ...) is False
        tasks.check(k, ...)
        assert "not answered yet" in capsys.readouterr().out
    assert tasks.is_right("03.1", "article 2")        # case does not matter
    assert tasks.is_right("03.6", ["IND", "FRA"])     # order does not matter
    assert tasks.is_right("03.7", 1.67) and not tasks.is_right("03.7", 1.6)
    assert not tasks.is_right("03.2", 13)             # 13 days is the article's date (25 June)


def test_plots_draw_and_refuse_mixed_units():
    fig, axes = plt.subplots(1, 3)
    plot_dates(axes[0], TOY, {"e1": "attack", "e2": "exit"}, kinds={"s2": "one source"})
    assert [t.get_text() for t in axes[0].get_yticklabels()] == ["attack", "exit"]
    plot_shares(axes[1], share_table(SHARES, "XXX"))
    assert [t.get_text() for t in axes[1].get_xticklabels()] == ["2010–14", "2015–19", "2020"]
    plot_spending(axes[2], spending_series(SPEND, "XXX", "USD million"))
    assert axes[2].get_ylabel() == "USD million"
    mixed = pd.concat([spending_series(SPEND, "XXX", "USD million"), spending_series(SPEND, "XXX", "AMD billion")])
    with pytest.raises(ValueError, match="one unit at a time"):
        plot_spending(axes[2], mixed)
    plt.close(fig)


# ---------------------------------------------------------------- widget choices

def test_timeline_choices_offer_only_actors_and_themes_in_the_events():
    actors, themes = timeline_choices(TOY, pd.DataFrame({"iso3": ["ARM", "AZE"], "name": ["Armenia", "Azerbaijan"]}))
    assert actors == [("all", "all"), ("Armenia", "ARM"), ("Azerbaijan", "AZE"), ("KAZ", "KAZ"), ("RUS", "RUS")]
    assert themes == ["all", "origins", "armenia", "expansion"]  # the schema's order of themes
