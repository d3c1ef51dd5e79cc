"""The real data validates, and each kind of fault gives one precise, readable line."""

import csv
import shutil
from pathlib import Path

import pytest

from csto import load
from csto.data import DataError, data_dir
from csto.validate import problems


def test_the_course_data_has_no_problems():
    assert problems() == []


def test_checking_a_subset_needs_known_names():
    with pytest.raises(ValueError, match="no dataset"):
        problems(only=["forcez"])


@pytest.fixture
def copy(tmp_path) -> Path:
    """A private copy of the data folder to break."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def write(path: Path, table: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(table)


def set_cell(path: Path, line: int, column: str, value: str) -> str:
    """Set one cell (line 2 = first data row); return the old value."""
    table = rows(path)
    j = table[0].index(column)
    old, table[line - 1][j] = table[line - 1][j], value
    write(path, table)
    return old


def only(found: list[str], file: str) -> list[str]:
    return [p for p in found if p.startswith(f"data/{file}:")]


def check(copy: Path, *names: str) -> list[str]:
    """Validate just the datasets a test broke (and what they refer to): fast."""
    return problems(copy, only=list(names))


def test_wrong_type_names_file_line_field_and_value(copy):
    set_cell(copy / "forces.csv", 3, "personnel", "about 20000")
    assert only(check(copy, "forces"), "forces.csv") == [
        "data/forces.csv:3: personnel: value 'about 20000' is not a whole number"]


def test_impossible_date_is_reported_as_not_a_date(copy):
    set_cell(copy / "membership.csv", 4, "date", "2024-02-30")
    found = only(check(copy, "membership"), "membership.csv")
    assert "data/membership.csv:4: date: value '2024-02-30' is not a date YYYY-MM-DD" in found


def test_missing_column_is_one_error_not_a_cascade(copy):
    table = rows(copy / "events.csv")
    j = table[0].index("theme")
    write(copy / "events.csv", [r[:j] + r[j + 1:] for r in table])
    assert only(check(copy, "events"), "events.csv") == ["data/events.csv:1: theme: column is missing from the header"]


def test_extra_column_is_one_error(copy):
    table = rows(copy / "forces.csv")
    write(copy / "forces.csv", [r + (["comment"] if i == 0 else ["x"]) for i, r in enumerate(table)])
    found = only(check(copy, "forces"), "forces.csv")
    assert len(found) == 1 and found[0].startswith("data/forces.csv:1: unexpected column(s) 'comment'"), found


def test_duplicate_key_names_both_lines(copy):
    table = rows(copy / "countries.csv")
    table.insert(3, list(table[1]))
    write(copy / "countries.csv", table)
    assert only(check(copy, "countries"), "countries.csv") == [
        "data/countries.csv:4: duplicate key: the same as in the row at line 2"]


def test_unknown_source_id(copy):
    set_cell(copy / "forces.csv", 2, "source_id", "nobody-2099-made-up")
    assert "data/forces.csv:2: source_id: value 'nobody-2099-made-up' is not a key of sources.csv" in check(copy, "forces")


def test_unknown_country_code(copy):
    set_cell(copy / "membership.csv", 5, "country", "XYZ")
    assert "data/membership.csv:5: country: value 'XYZ' is not a key of countries.csv" in check(copy, "membership")


def test_unknown_country_inside_a_list(copy):
    old = set_cell(copy / "events.csv", 2, "countries", "KAZ;QQQ")
    assert old
    assert "data/events.csv:2: countries: 'QQQ' is not a key of countries.csv" in check(copy, "events")


def test_month_precision_with_a_day(copy):
    table = rows(copy / "membership.csv")
    line = next(i for i, r in enumerate(table, 1) if r[table[0].index("date_precision")] == "month")
    set_cell(copy / "membership.csv", line, "date", table[line - 1][3][:8] + "15")
    assert any(p.startswith(f"data/membership.csv:{line}: date: precision is month") for p in check(copy, "membership"))


def test_membership_step_before_joining(copy):
    table = rows(copy / "membership.csv")
    h = table[0]
    line = next(i for i, r in enumerate(table, 1)
                if r[h.index("country")] == "UZB" and r[h.index("event")] == "suspended" and r[h.index("organization")] == "CSTO")
    set_cell(copy / "membership.csv", line, "date", "1990-01-01")
    assert any(p.startswith(f"data/membership.csv:{line}: date: UZB suspended on 1990-01-01 comes before it joined CSTO")
               for p in check(copy, "membership"))


def test_shares_adding_past_100(copy):
    table = rows(copy / "arms_imports_by_supplier.csv")
    h = table[0]
    first = table[1]
    twin = list(first)
    twin[h.index("supplier")] = "ZAF" if first[h.index("supplier")] != "ZAF" else "SWE"
    twin[h.index("share_pct")] = "100"
    table.append(twin)
    write(copy / "arms_imports_by_supplier.csv", table)
    found = only(check(copy, "arms_imports_by_supplier"), "arms_imports_by_supplier.csv")
    assert any("add up to" in p and "more than 100" in p for p in found), found


def test_share_outside_0_100(copy):
    set_cell(copy / "arms_exports.csv", 2, "share_pct", "140")
    assert any(p.startswith("data/arms_exports.csv:2: share_pct: value '140'") for p in check(copy, "arms_exports"))


def test_vote_outside_the_allowed_set(copy):
    set_cell(copy / "un_votes.csv", 2, "vote", "maybe")
    assert any(p.startswith("data/un_votes.csv:2: vote: value 'maybe'") for p in check(copy, "un_votes"))


def test_more_votes_listed_than_the_resolution_records(copy):
    table = rows(copy / "un_resolutions.csv")
    h = table[0]
    res = table[1][h.index("resolution")]
    for r in table[1:]:
        if r[h.index("resolution")] == res:
            r[h.index("no")] = "0"
    write(copy / "un_resolutions.csv", table)
    votes = rows(copy / "un_votes.csv")
    hv = votes[0]
    extra = dict(zip(hv, votes[1]))
    extra.update({"resolution": res, "country": "RUS", "vote": "no", "quote": "", "value_in": "", "note": ""})
    votes.append([extra[c] for c in hv])
    write(copy / "un_votes.csv", votes)
    assert any(f"'no' votes listed for {res}, but no source records more than 0" in p for p in check(copy, "un_votes"))


def test_unused_source(copy):
    table = rows(copy / "sources.csv")
    extra = list(table[1])
    extra[0] = "zz-unused-2020-page"
    extra[table[0].index("url")] = "https://example.org/unused"
    table.append(extra)
    write(copy / "sources.csv", table)
    assert f"data/sources.csv:{len(table)}: source_id: 'zz-unused-2020-page' is cited by no row" in problems(copy)


def test_loader_error_names_file_line_column(copy):
    set_cell(copy / "forces.csv", 3, "personnel", "lots")
    with pytest.raises(DataError, match=r"^data/forces.csv, line 3, column 'personnel': value 'lots' is not a whole number$"):
        load("forces", copy)


def test_loader_reports_missing_columns_in_one_message(copy):
    table = rows(copy / "forces.csv")
    write(copy / "forces.csv", [r[1:] for r in table])
    with pytest.raises(DataError, match=r"line 1 \(header\): missing column\(s\) 'component'"):
        load("forces", copy)


def test_loader_names_unknown_dataset():
    with pytest.raises(DataError, match="no dataset called 'forcez'; the data package has: .*forces"):
        load("forcez")


def test_environment_variable_points_the_loader_elsewhere(copy, monkeypatch):
    set_cell(copy / "countries.csv", 2, "name", "Changed")
    monkeypatch.setenv("CSTO_DATA", str(copy))
    assert load("countries")["name"].iloc[0] == "Changed"


def test_loader_keeps_every_row_and_types_columns():
    with (data_dir() / "membership.csv").open(encoding="utf-8") as f:
        n_rows = sum(1 for _ in csv.DictReader(f))
    m = load("membership")
    assert len(m) == n_rows
    assert str(m["date"].dtype).startswith("datetime64")
    assert m["event"].dtype == "category"
    f = load("forces")
    assert str(f["personnel"].dtype) == "Int64"


def test_text_like_na_is_kept_as_text():
    # pandas would turn 'NA' or 'None' into missing values; the loader must not.
    assert load("countries")["iso3"].notna().all()


def test_disagreement_count_sees_a_new_conflict_but_not_a_precision_difference(copy, monkeypatch):
    from csto.dictionary import disagreements

    monkeypatch.setenv("CSTO_DATA", str(copy))
    before, items = disagreements("membership")
    table = rows(copy / "membership.csv")
    h = table[0]
    i = next(i for i, r in enumerate(table) if r[h.index("country")] == "TJK" and r[h.index("event")] == "charter_signed")
    year_only = list(table[i])
    year_only[h.index("date")], year_only[h.index("date_precision")] = "2002-01-01", "year"
    year_only[h.index("source_id")] = "diplomat-2024-scepanovic"
    write(copy / "membership.csv", table + [year_only])
    assert disagreements("membership") == (before, items), "2002 at year precision agrees with 2002-10-07"
    wrong = list(year_only)
    wrong[h.index("date")], wrong[h.index("date_precision")] = "2003-10-07", "day"
    wrong[h.index("source_id")] = "geopolist-2024-summary"
    write(copy / "membership.csv", table + [year_only, wrong])
    assert disagreements("membership") == (before + 1, items)


def test_hand_made_tables_are_typed_and_checked_like_the_data():
    from csto.data import table

    t = table("forces", [("CRRF", "2019", "18000", "s1")], columns=["component", "year", "personnel", "source_id"])
    assert str(t["personnel"].dtype) == "Int64" and t["component"].dtype == "category"
    with pytest.raises(DataError, match="forces has no column"):
        table("forces", [("CRRF",)], columns=["unit"])
    with pytest.raises(DataError, match="column 'personnel': value 'many' is not a whole number"):
        table("forces", [("CRRF", "2019", "many", "s1")], columns=["component", "year", "personnel", "source_id"])


def test_line_break_inside_a_value_is_reported(copy):
    set_cell(copy / "forces.csv", 2, "note", "first line\nsecond line")
    assert "data/forces.csv:2: note: contains a line break; keep each row on one line" in check(copy, "forces")
