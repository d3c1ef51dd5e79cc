"""The loader's rules, each with a failing example: allowed values, whole numbers, numbers,
the date format, required values, ordered categories; and its caches, which must never
return a stale table (an edited file, another CSTO_DATA, an edited schema, a reordered table)."""

import csv
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from csto import data, membership
from csto.data import DataError, allowed, load


def forces(value, column="personnel"):
    """A one-row forces table with ``value`` in ``column``."""
    row = {"component": "CRRF", "year": "2019", "personnel": "18000", "includes_police": "unknown",
           "source_id": "s1", column: value}
    return data.table("forces", [tuple(row.values())], columns=list(row))


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data.data_dir(), target)
    return target


def edit(path: Path, line: int, column: str, value: str) -> None:
    with path.open(newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    table[line - 1][table[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(table)


# ------------------------------------------------------------------ allowed values

def test_a_value_outside_the_schemas_list_is_an_error_not_a_missing_value(copy):
    edit(copy / "forces.csv", 2, "component", "CRRF_reserve")
    with pytest.raises(DataError, match=r"forces.csv, line 2, column 'component': value 'CRRF_reserve' "
                                        r"is not one of CRRF, CRRF_total_incl_CRDF"):
        load("forces", copy)
    with pytest.raises(DataError, match="is not one of yes, no, unknown"):
        forces("maybe", "includes_police")


def test_categories_are_the_schemas_values_in_the_schemas_order():
    for name, field in [("membership", "event"), ("events", "theme"), ("forces", "component"),
                        ("military_spending", "series"), ("un_votes", "vote")]:
        column = load(name)[field]
        assert column.dtype == "category" and column.cat.ordered, (name, field)
        assert list(column.cat.categories) == allowed(name, field), (name, field)


def test_allowed_reads_the_schema_and_names_what_is_missing():
    assert allowed("un_votes", "vote") == ["yes", "no", "abstain", "absent"]
    with pytest.raises(DataError, match="has no list of allowed values"):
        allowed("forces", "note")
    with pytest.raises(DataError, match="has no column 'nope'"):
        allowed("forces", "nope")


# ------------------------------------------------------------------ numbers and dates

@pytest.mark.parametrize("value", ["18000.5", "18000.0", "1e4", "18,000", " 18000", "+18000", "many"])
def test_a_whole_number_column_takes_digits_only(value):
    with pytest.raises(DataError, match=re.escape(f"value {value!r} is not a whole number")):
        forces(value)


@pytest.mark.parametrize("value", ["5,9", "1e3", "about 5", "5.9 %", ".5"])
def test_a_number_column_takes_plain_decimals_only(value):
    with pytest.raises(DataError, match=re.escape(f"value {value!r} is not a number")):
        data.table("arms_exports", [("RUS", "2019", "2023", value, "s1")],
                   columns=["exporter", "window_start", "window_end", "share_pct", "source_id"])


def test_good_numbers_are_typed():
    t = data.table("arms_exports", [("RUS", "2019", "2023", "10.92", "-53", "s1")],
                   columns=["exporter", "window_start", "window_end", "share_pct", "change_pct", "source_id"])
    assert t.loc[0, "share_pct"] == 10.92 and t.loc[0, "change_pct"] == -53
    assert str(t["window_start"].dtype) == "Int64" and str(forces("-3")["personnel"].dtype) == "Int64"


@pytest.mark.parametrize("value", ["2024-2-5", "2024-02-5", "22.02.2024", "2024/02/22", "20240222",
                                   "2024-02-30", "2024-02-22T10:00", " 2024-02-22"])
def test_dates_are_real_and_written_yyyy_mm_dd(value):
    with pytest.raises(DataError, match=re.escape(f"value {value!r} is not a real date written YYYY-MM-DD")):
        data.table("membership", [("CSTO", "ARM", "froze", value, "day", "s1")],
                   columns=["organization", "country", "event", "date", "date_precision", "source_id"])


def test_a_required_value_cannot_be_empty(copy):
    edit(copy / "membership.csv", 3, "date", "")
    with pytest.raises(DataError, match=r"line 3, column 'date': value '' is not allowed to be empty"):
        load("membership", copy)


# ------------------------------------------------------------------ caches

def test_an_edited_file_is_read_afresh(copy):
    before = load("countries", copy)["name"].iloc[0]
    edit(copy / "countries.csv", 2, "name", "Changed")
    assert load("countries", copy)["name"].iloc[0] == "Changed" != before


def test_another_data_folder_is_another_table(copy, monkeypatch):
    edit(copy / "countries.csv", 2, "name", "Elsewhere")
    mine = load("countries")["name"].iloc[0]
    monkeypatch.setenv("CSTO_DATA", str(copy))
    assert load("countries")["name"].iloc[0] == "Elsewhere"
    monkeypatch.delenv("CSTO_DATA")
    assert load("countries")["name"].iloc[0] == mine


def test_an_edited_schema_is_read_afresh(copy):
    assert "Eastern Europe" in allowed("countries", "region", copy)
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    region = next(f for r in descriptor["resources"] if r["name"] == "countries"
                  for f in r["schema"]["fields"] if f["name"] == "region")
    region["constraints"]["enum"].remove("Eastern Europe")
    (copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert "Eastern Europe" not in allowed("countries", "region", copy)
    with pytest.raises(DataError, match="value 'Eastern Europe' is not one of"):
        load("countries", copy)


def test_callers_get_their_own_copy():
    first = load("countries")
    first.loc[0, "name"] = "Scribbled"
    assert load("countries").loc[0, "name"] != "Scribbled"


def test_consensus_of_a_reordered_table_is_computed_afresh():
    # One source says 'signed', one 'acceded', on the same day: the step keeps the name
    # given by the first row in table order, so the order is part of the key.
    rows = [("CSTO", "AAA", "signed", "1992-05-15", "day", "s1"),
            ("CSTO", "AAA", "acceded", "1992-05-15", "day", "s2")]
    cols = ["organization", "country", "event", "date", "date_precision", "source_id"]
    one = membership.consensus(data.table("membership", rows, columns=cols))
    other = membership.consensus(data.table("membership", rows[::-1], columns=cols))
    assert one["event"].tolist() == ["signed"] and other["event"].tolist() == ["acceded"]


def test_consensus_follows_an_edited_date():
    cols = ["organization", "country", "event", "date", "date_precision", "source_id"]
    t = data.table("membership", [("CSTO", "AAA", "signed", "1992-05-15", "day", "s1")], columns=cols)
    assert membership.consensus(t)["date"].iloc[0] == pd.Timestamp("1992-05-15")
    t.loc[0, "date"] = pd.Timestamp("1993-05-15")
    assert membership.consensus(t)["date"].iloc[0] == pd.Timestamp("1993-05-15")
