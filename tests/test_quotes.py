"""Evidence for every value: the quote parsers on the forms the sources use, and the
validator's quote checks each fed a planted mistake (a toll changed by one, digits
transposed, a date shifted by a day, a relative day called text, a late dateline ...)."""

import pandas as pd
import pytest

from csto import evidence
from csto.data import load
from csto.evidence import date_mentions, numbers_in, states_change, states_date, states_number
from csto.validate import EXCEPTIONS


# ------------------------------------------------------------------ numbers

@pytest.mark.parametrize("quote, value", [
    ("about 2,500 people", 2500), ("2 030 военнослужащих", 2030), ("2.030 militari", 2030),
    ("2\u00a0030 troops", 2030), ("Russia (%27)", 27), ("5,9 % des exportations", 5.9), ("10.92% of the share", 10.92),
    ("two thousand crack troops", 2000), ("Ninety-two countries voted for", 92), ("Twenty-four Bastion", 24),
    ("venderà un totale di tre dei suoi velivoli", 3), ("сегиз чопкутталган техника", 8),
    ("حصيلة القتلى تخطت 4 آلاف شخص", 4000), ("総数は約2万人と推定され", 20000), ("٢٥ شخصا", 25),
])
def test_numbers_as_pages_print_them(quote, value):
    assert states_number(quote, value), (quote, numbers_in(quote))


@pytest.mark.parametrize("quote, value, unit", [
    ("USD 1.1 billion", 1.1, "USD billion"), ("USD 1.1 billion", 1100, "USD million"),
    ("2 milyard 991 milyon dollardan", 2991, "USD million"), ("1 milyard 330 milyon", 1330, "USD million"),
    ("three-million dollars worth of weapons", 3, "USD million"), ("$4.5 million a year", 4.5, "USD million per year"),
    ("20 अरब रुपए", 2000, "INR crore"),
])
def test_scale_words_are_multiplied_out(quote, value, unit):
    assert states_number(quote, value, unit)


@pytest.mark.parametrize("quote, wrong", [
    ("225 people died during the violent demonstrations", 226),   # changed by one
    ("225 people died during the violent demonstrations", 252),   # digits transposed
    ("about 2,500 people", 2.5),                                   # a separator is not a decimal mark
    ("Russia (27%), Germany (7%)", 72),
    ("two thousand crack troops", 3000),
])
def test_a_wrong_number_is_not_stated(quote, wrong):
    assert not states_number(quote, wrong)


def test_a_change_is_stated_with_its_direction():
    assert states_change("German arms exports decreased by 36 per cent", -36)
    assert not states_change("German arms exports decreased by 36 per cent", 36)
    assert states_change("France increased its arms exports by 27 per cent", 27)
    assert not states_change("France increased its arms exports by 27 per cent", -27)
    assert states_change("rose 5 per cent in 2016-2020", 5)  # a year range is not a minus sign


# ------------------------------------------------------------------ dates

@pytest.mark.parametrize("quote, date, precision", [
    ("signed on 15 May 1992 in Tashkent", "1992-05-15", "day"),
    ("signed on May 15, 1992", "1992-05-15", "day"),
    ("(UrduPoint News / Sputnik - 18th May, 2022)", "2022-05-18", "day"),
    ("Date: 09:54, 24-04-2014.", "2014-04-24", "day"),
    ("03:53 GMT 24.03.2025", "2025-03-24", "day"),
    ("on 23/05/06, the leaders gathered", "2006-05-23", "day"),
    ("7 Jul 04", "2004-07-07", "day"),
    ("ГУАМ была создана 10 октября 1997 года", "1997-10-10", "day"),
    ("10 października 1997 roku", "1997-10-10", "day"),
    ("Am 08. August 2008 ließ", "2008-08-08", "day"),
    ("las declaraciones trilaterales del 9 de noviembre de 2020", "2020-11-09", "day"),
    ("Պայմանագիրն ուժի մեջ է մտել 1994 թվականի ապրիլի 20-ից", "1994-04-20", "day"),
    ("Ադրբեջանը (1993թ. սեպտեմբերի 24)", "1993-09-24", "day"),
    ("7–16 August 2008", "2008-08-07", "day"),
    ("2022-ci ildə 16 may", "2022-05-16", "day"),
    ("В июне 2025 года Армения потребовала", "2025-06-01", "month"),
    ("Em junho de 2014, o presidente da Ucrânia", "2014-06-01", "month"),
    ("Armenia first announced it in May 2024.", "2024-05-01", "month"),
    ("the C5+1 format was established in 2015.", "2015-01-01", "year"),
])
def test_dates_in_the_forms_the_sources_use(quote, date, precision):
    assert states_date(quote, date, precision) == "text", date_mentions(quote)


def test_a_quote_must_be_as_precise_as_the_row():
    assert states_date("the C5+1 format was established in 2015.", "2015-03-01", "month") is None
    assert states_date("in May 2024", "2024-05-08", "day") is None
    assert states_date("on 15 May 1992", "1992-05-16", "day") is None          # a day off
    assert states_date("on 15 May 1992", "1993-05-15", "day") is None          # a year off


def test_the_year_may_come_from_the_page():
    assert states_date("On May 10, the joint statement was signed", "2022-05-10", "day", page_year=2022) == "text"
    assert states_date("On May 10, the joint statement was signed", "2021-05-10", "day", page_year=2022) is None
    assert states_date("on February 23 and 24 of last year", "2022-02-24", "day",
                       pd.Timestamp("2023-03-01")) == "text"


def test_a_relative_day_is_read_against_the_pages_date():
    page = pd.Timestamp("2022-01-13")  # a Thursday
    assert states_date("will begin to leave Kazakhstan today.", "2022-01-13", "day", page) == "dateline"
    assert states_date("will begin to leave Kazakhstan today.", "2022-01-12", "day", page) is None
    assert states_date("an appropriate document was signed yesterday", "2022-01-12", "day", page) == "dateline"
    assert states_date("the ceremony in Almaty on Thursday", "2022-01-13", "day", page) == "dateline"
    assert states_date("the ceremony in Almaty on Thursday", "2022-01-12", "day", page) is None  # a Wednesday
    assert states_date("the summit on Thursday", "2022-01-06", "day", page) == "dateline"  # a week before
    assert states_date("Ситуацию в четверг, 13 июня, прокомментировал", "2024-06-13", "day", page_year=2024) == "text"
    assert states_date("W piątek 14 października", "2022-10-14", "day", page_year=2022) == "text"
    assert states_date("W piątek 14 października", "2022-10-13", "day", page_year=2022) is None


# ------------------------------------------------------------------ the real data

def test_every_quoted_dataset_has_its_column_and_every_quote_column_a_rule():
    from csto.data import package

    with_quotes = {r["name"]: r for r in package()["resources"]
                   if any(f["name"] == "quote" for f in r["schema"]["fields"])}
    assert set(with_quotes) == set(evidence.QUOTED) | set(evidence.QUOTED_WORDS)
    for name, columns in evidence.QUOTED.items():
        fields = {f["name"]: f["type"] for f in with_quotes[name]["schema"]["fields"]}
        assert all(fields.get(c) in ("date", "number", "integer") for c in columns), name


def test_rows_no_parser_reads_are_few_and_listed():
    unparsed = [exc for exc in EXCEPTIONS if exc["rule"] == "quote"]
    assert len(unparsed) <= 5
    assert all(exc["why"] for exc in unparsed)


# ------------------------------------------------------------------ the checks, fed bad cases
# Each test picks its row by what it is, so that it still tests the check whatever row changes.

def quoted(row, column="value"):
    """A text row whose quote prints its value as plain digits."""
    value = row[column]
    return row["value_in"] == "text" and value != "" and str(int(float(value))) in row["quote"]


def test_a_death_toll_changed_by_one_is_reported(scratch):
    line = scratch.line("kazakhstan_2022", quoted, measure="deaths")
    toll = int(float(scratch.get("kazakhstan_2022", line)["value"]))
    scratch.set("kazakhstan_2022", line, value=toll + 1)
    assert f"data/kazakhstan_2022.csv:{line}: quote: does not state the value {toll + 1}" in scratch.sense("kazakhstan_2022")


def test_transposed_digits_are_reported(scratch):
    line = scratch.line("karabakh_figures", lambda r: quoted(r) and len(set(r["value"][:2])) == 2 and len(r["value"]) > 2)
    value = scratch.get("karabakh_figures", line)["value"]
    swapped = value[1] + value[0] + value[2:]
    scratch.set("karabakh_figures", line, value=swapped)
    assert f"data/karabakh_figures.csv:{line}: quote: does not state the value {swapped}" in scratch.sense("karabakh_figures")


def test_one_of_two_share_rows_changed_is_reported(scratch):
    table = scratch.table("arms_export_destinations")
    h = table[0]
    key = lambda r: (r[h.index("exporter")], r[h.index("window_start")], r[h.index("source_id")])
    keys = [key(r) for r in table[1:]]
    line = scratch.line("arms_export_destinations", lambda r: r["value_in"] == "text" and keys.count(
        (r["exporter"], r["window_start"], r["source_id"])) >= 2)
    share = float(scratch.get("arms_export_destinations", line)["share_pct"])
    scratch.set("arms_export_destinations", line, share_pct=f"{share + 1:g}")
    assert (f"data/arms_export_destinations.csv:{line}: quote: does not state the share_pct {share + 1:g}"
            in scratch.sense("arms_export_destinations"))


def test_a_change_with_the_wrong_sign_is_reported(scratch):
    line = scratch.line("arms_exports", lambda r: r["change_pct"].startswith("-") and r["share_pct"] == "",
                        value_in="text")
    change = scratch.get("arms_exports", line)["change_pct"].lstrip("-")
    scratch.set("arms_exports", line, change_pct=change)
    assert f"data/arms_exports.csv:{line}: quote: does not state the change_pct {change}" in scratch.sense("arms_exports")


def test_a_date_shifted_by_a_day_is_reported(scratch):
    line = scratch.line("membership", value_in="text", date_precision="day")
    date = pd.Timestamp(scratch.get("membership", line)["date"]) + pd.Timedelta(days=1)
    scratch.set("membership", line, date=f"{date:%Y-%m-%d}")
    assert any(p.startswith(f"data/membership.csv:{line}: quote: does not state the date {date:%Y-%m-%d} at day")
               for p in scratch.sense("membership"))


def today(row):
    """A dateline row whose quote says 'today'."""
    return row["value_in"] == "dateline" and " today" in row["quote"].lower()


def test_a_dateline_date_shifted_by_a_day_is_reported(scratch):
    line = scratch.line("events", today)
    date = pd.Timestamp(scratch.get("events", line)["date"]) + pd.Timedelta(days=1)
    scratch.set("events", line, date=f"{date:%Y-%m-%d}")
    assert f"data/events.csv:{line}: quote: does not state the date {date:%Y-%m-%d} at day precision" \
        in scratch.sense("events")


def test_a_quote_of_more_than_15_words(scratch):
    line = scratch.line("forces", value_in="text")
    quote = scratch.get("forces", line)["quote"]
    scratch.set("forces", line, quote=quote + " and so on and so on and so on and so on and so on")
    assert any(p.startswith(f"data/forces.csv:{line}: quote: has ") and "a quote is at most 15" in p
               for p in scratch.sense("forces"))


def test_quote_and_value_in_go_together(scratch):
    quoted = scratch.line("forces", value_in="text")
    unquoted = scratch.line("forces", quote="")
    scratch.set("forces", quoted, value_in="")
    scratch.set("forces", unquoted, value_in="text")
    found = scratch.sense("forces")
    assert f"data/forces.csv:{quoted}: value_in: is empty but quote is given: they go together" in found
    assert f"data/forces.csv:{unquoted}: quote: is empty but value_in is given: they go together" in found


def test_a_relative_day_must_be_labelled_dateline(scratch):
    line = scratch.line("events", today)
    scratch.set("events", line, value_in="text")
    assert any(p.startswith(f"data/events.csv:{line}: value_in: the quote dates the day only relative to the page")
               for p in scratch.sense("events"))


def test_a_dateline_page_published_more_than_7_days_later(scratch):
    line = scratch.line("events", today)
    row = scratch.get("events", line)
    date = pd.Timestamp(row["date"])
    source = scratch.line("sources", source_id=row["source_id"])
    scratch.set("sources", source, published=f"{date + pd.Timedelta(days=7):%Y-%m-%d}", published_precision="day")
    # 'today' now fails to match, but no dateline problem: 7 days is within the window
    assert not any(p.startswith(f"data/events.csv:{line}: date:") for p in scratch.sense("events"))
    late = date + pd.Timedelta(days=8)
    scratch.set("sources", source, published=f"{late:%Y-%m-%d}")
    assert (f"data/events.csv:{line}: date: {date:%Y-%m-%d} is dated by a page published {late:%Y-%m-%d}: a dateline "
            f"reads a day at most 7 days before it") in scratch.sense("events")


def test_a_dateline_needs_a_page_dated_to_the_day(scratch):
    line = scratch.line("events", today)
    row = scratch.get("events", line)
    source = scratch.line("sources", source_id=row["source_id"])
    scratch.set("sources", source, published=row["date"][:8] + "01", published_precision="month")
    assert any(p.startswith(f"data/events.csv:{line}: value_in: is dateline, so the date and its source's published")
               for p in scratch.sense("events"))


def test_a_number_cannot_be_a_dateline(scratch):
    line = scratch.line("forces", value_in="text")
    scratch.set("forces", line, value_in="dateline")
    assert f"data/forces.csv:{line}: value_in: is dateline but the quote states personnel, a number" in scratch.sense("forces")


def test_a_table_quote_names_the_table_and_is_not_read_for_the_value(scratch):
    line = scratch.line("borders", value_in="table")
    scratch.set("borders", line, length_km="1")
    assert not any(p.startswith(f"data/borders.csv:{line}:") for p in scratch.sense("borders"))


def test_quote_coverage_counts_rows_with_a_value():
    cov = evidence.quote_coverage().set_index("dataset")
    assert (cov["quoted"] <= cov["with_value"]).all()
    forces = load("forces")
    assert cov.loc["forces", "with_value"] == forces["personnel"].notna().sum()
    assert cov.loc["forces", "quoted"] == forces["quote"].notna().sum()
