"""Every sense check of csto.validate fed a bad case: each rule reports the planted mistake
(one line, naming file, line and column), and tolerances hold at their boundary.

The Frictionless layer has its own tests in test_data_package.py; these run the course's
checks alone on a copy of the data (``scratch.sense``), which keeps them fast."""

import pytest

from csto import membership, validate
from csto.validate import EXCEPTIONS, RULES, SHARE_TOLERANCE, excused, problems


def lines(found, file):
    return [p for p in found if p.startswith(f"data/{file}:")]


# ------------------------------------------------------------------ dates and precision

def test_year_precision_needs_the_first_of_january(scratch):
    line = scratch.line("membership", date_precision="year")
    scratch.set("membership", line, date=scratch.get("membership", line)["date"][:4] + "-03-01")
    assert any(p.startswith(f"data/membership.csv:{line}: date: precision is year") for p in scratch.sense("membership"))


def test_a_precision_goes_with_its_date(scratch):
    line = scratch.line("assistance_requests", request_date="", request_date_precision="")
    other = scratch.line("assistance_requests", request_date_precision="day")
    scratch.set("assistance_requests", line, request_date_precision="day")
    scratch.set("assistance_requests", other, request_date_precision="")
    found = scratch.sense("assistance_requests")
    assert f"data/assistance_requests.csv:{line}: request_date_precision: says 'day' but request_date is empty" in found
    assert f"data/assistance_requests.csv:{other}: request_date_precision: is empty but request_date is given" in found


@pytest.mark.parametrize("name, column, value", [("events", "date", "1989-12-31"), ("forces", "year", "2027"),
                                                 ("arms_exports", "window_start", "1985")])
def test_dates_and_years_stay_within_the_courses_years(scratch, name, column, value):
    line = 3
    scratch.set(name, line, **{column: value})
    assert any(p.startswith(f"data/{name}.csv:{line}: {column}: {value} is outside 1990–2026")
               for p in scratch.sense(name))


def test_a_window_cannot_end_before_it_starts(scratch):
    scratch.set("arms_exports", 2, window_start="2014", window_end="2013")
    assert "data/arms_exports.csv:2: window_end: ends (2013) before it starts (2014)" in scratch.sense("arms_exports")


# ------------------------------------------------------------------ windows

@pytest.mark.parametrize("name", ["arms_exports", "arms_export_destinations", "arms_export_recipients",
                                  "arms_imports_by_supplier"])
def test_a_sipri_window_spans_five_years(scratch, name):
    line = scratch.line(name, basis="SIPRI") if name == "arms_imports_by_supplier" else 2
    start = int(scratch.get(name, line)["window_start"])
    scratch.set(name, line, window_end=start + 5)
    assert any(p.startswith(f"data/{name}.csv:{line}: window_end: a SIPRI window of {start}–{start + 5} is not five years")
               for p in scratch.sense(name))


def test_single_years_and_other_bases_are_not_sipri_windows():
    found = problems(only=["arms_export_recipients", "arms_imports_by_supplier"], standard=False)
    assert found == []  # the data holds single years (2019, 2023) and basis-other windows (2021-2024)
    assert any("2011–2020" in line for _, line in excused(only=["arms_imports_by_supplier"]))


# ------------------------------------------------------------------ membership

def test_a_stopped_dues_step_before_joining_is_reported(scratch):
    # stopped_dues was missing from one copy of the list of steps; the list now comes from
    # the schema and csto.membership's status rule, so every step is dated against joining
    line = scratch.line("membership", country="ARM", event="stopped_dues")
    scratch.set("membership", line, date="1991-05-01")
    assert any(p.startswith(f"data/membership.csv:{line}: date: ARM stopped_dues on 1991-05-01 comes before it joined CSTO")
               for p in scratch.sense("membership"))


@pytest.mark.parametrize("event", ["in_force", "renewed", "charter_signed", "froze", "announced_exit", "left",
                                   "withdrew", "suspended", "rejoined"])
def test_every_later_step_before_joining_is_reported(scratch, event):
    line = scratch.add("membership", organization="CSTO", country="KAZ", event=event, date="1990-06-01",
                       date_precision="day", source_id="diplomat-2024-scepanovic")
    assert any(p.startswith(f"data/membership.csv:{line}: date: KAZ {event} on 1990-06-01 comes before it joined")
               for p in scratch.sense("membership"))


def test_rejoining_without_having_left_is_reported(scratch):
    line = scratch.add("membership", organization="CSTO", country="KAZ", event="rejoined", date="2006-06-23",
                       date_precision="day", source_id="diplomat-2024-scepanovic")
    assert f"data/membership.csv:{line}: event: KAZ rejoined CSTO on 2006-06-23 without having left before" \
        in scratch.sense("membership")


def test_rejoining_before_the_first_exit_is_reported(scratch):
    line = scratch.line("membership", country="UZB", event="rejoined")
    scratch.set("membership", line, date="1995-01-01")
    assert f"data/membership.csv:{line}: event: UZB rejoined CSTO on 1995-01-01 without having left before" \
        in scratch.sense("membership")


@pytest.mark.parametrize("exit_step", sorted(membership.EXITS))
def test_a_return_after_any_exit_is_possible(scratch, exit_step):
    scratch.add("membership", organization="CSTO", country="KAZ", event=exit_step, date="2000-01-01",
                date_precision="year", source_id="diplomat-2024-scepanovic")
    scratch.add("membership", organization="CSTO", country="KAZ", event="rejoined", date="2001-01-01",
                date_precision="year", source_id="diplomat-2024-scepanovic")
    assert scratch.sense("membership") == []


def test_steps_without_any_entry_are_reported(scratch):
    table = scratch.table("membership")
    h = table[0]
    kept = [r for r in table if not (r[h.index("country")] == "TJK" and r[h.index("event")] in ("signed", "acceded"))]
    scratch.write("membership", kept)
    assert any("TJK has CSTO steps but no acceded/founded/joined/signed row" in p for p in scratch.sense("membership"))


# ------------------------------------------------------------------ shares

def share_rows(scratch, name, shares, **same):
    """Append rows of one whole (same window and an unused source) with the given shares."""
    for k, share in enumerate(shares):
        row = {"window_start": 2019, "window_end": 2023, "share_pct": share, "source_id": "zz-test-2024-shares",
               **same}
        if name == "arms_exports":
            row["exporter"] = ["AAA", "BBB", "CCC"][k]
        elif name == "arms_export_destinations":
            row["recipient"] = ["AAA", "BBB", "CCC"][k]
        else:
            row["supplier"] = ["AAA", "BBB", "CCC"][k]
        scratch.add(name, **row)
    return [p for p in scratch.sense(name) if "zz-test" in p and "add up to" in p]


@pytest.mark.parametrize("name, same", [("arms_exports", {}), ("arms_export_destinations", {"exporter": "RUS"}),
                                        ("arms_imports_by_supplier", {"importer": "ARM", "basis": "SIPRI"})])
def test_shares_of_one_whole_may_pass_100_only_by_the_rounding_tolerance(scratch, name, same):
    assert SHARE_TOLERANCE == 0.5
    assert share_rows(scratch, name, [60.25, 40.25], **same) == []  # 100.5: at the tolerance
    found = share_rows(scratch, name, [0.1], **same)  # 100.6: past it
    assert len(found) == 1 and "add up to 100.6 %, more than 100" in found[0], found


def test_import_shares_of_different_bases_are_different_wholes(scratch):
    assert share_rows(scratch, "arms_imports_by_supplier", [60], importer="ARM", basis="SIPRI") == []
    assert share_rows(scratch, "arms_imports_by_supplier", [60], importer="ARM", basis="other") == []


def test_the_schema_keeps_shares_within_0_100_and_values_non_negative(scratch):
    scratch.edit_field("arms_exports", "share_pct", lambda f: f["constraints"].pop("maximum"))
    scratch.edit_field("forces", "personnel", lambda f: f["constraints"].pop("minimum"))
    scratch.edit_field("arms_exports", "change_pct", lambda f: f.setdefault("constraints", {}))
    found = scratch.sense("arms_exports", "forces")
    assert "data/datapackage.json:-: arms_exports.share_pct: a share cannot pass 100: the schema must say maximum 100" in found
    assert ("data/datapackage.json:-: forces.personnel: a value here cannot be negative: the schema must say minimum 0"
            in found)
    assert not any("change_pct" in p for p in found)  # a change may be negative


def test_a_share_over_100_is_a_constraint_error(scratch):
    scratch.set("arms_export_destinations", 2, share_pct="140")
    assert any(p.startswith("data/arms_export_destinations.csv:2: share_pct: value '140' breaks the rule")
               for p in problems(scratch.folder, only=["arms_export_destinations"]))


# ------------------------------------------------------------------ units and spending series

@pytest.mark.parametrize("name, unit", [("military_spending", "unit"), ("side_payments", "unit"),
                                        ("arms_diversification", "value_unit")])
def test_a_value_needs_its_unit_and_a_unit_its_value(scratch, name, unit):
    given = scratch.line(name, **{unit: "USD million"})
    scratch.set(name, given, **{unit: ""})
    empty = scratch.line(name, value="")
    scratch.set(name, empty, **{unit: "USD million"})
    found = scratch.sense(name)
    assert any(p.startswith(f"data/{name}.csv:{given}: {unit}: is empty but value is given") for p in found)
    assert f"data/{name}.csv:{empty}: {unit}: is 'USD million' but value is empty" in found


def test_one_primary_spending_row_per_country_and_year(scratch):
    first = scratch.line("military_spending", country="RUS", year="2018", series="primary")
    second = scratch.line("military_spending", country="RUS", year="2018", series="other")
    scratch.set("military_spending", second, series="primary")
    assert (f"data/military_spending.csv:{max(first, second)}: series: a second primary row for RUS 2018 "
            f"(the first is on line {min(first, second)})") in scratch.sense("military_spending")


def test_a_primary_row_is_sipris_in_dollars_and_a_derived_row_never_sipris(scratch):
    budget = scratch.line("military_spending", country="ARM", year="2007")
    scratch.set("military_spending", budget, basis="budget")
    drams = scratch.line("military_spending", country="RUS", year="2024", series="primary")
    scratch.set("military_spending", drams, unit="RUB billion")
    derived = scratch.line("military_spending", series="derived")
    scratch.set("military_spending", derived, basis="SIPRI")
    found = scratch.sense("military_spending")
    assert f"data/military_spending.csv:{budget}: basis: a primary row must be SIPRI's, not budget" in found
    assert f"data/military_spending.csv:{drams}: unit: a primary row is in US dollars, not RUB billion" in found
    assert f"data/military_spending.csv:{derived}: basis: a derived row is the page's own arithmetic, never SIPRI's" in found


# ------------------------------------------------------------------ particular tables

def test_troops_rows_name_their_country_and_totals_do_not(scratch):
    troops = scratch.line("kazakhstan_2022", measure="troops")
    total = scratch.line("kazakhstan_2022", measure="troops_total")
    scratch.set("kazakhstan_2022", troops, country="")
    scratch.set("kazakhstan_2022", total, country="RUS")
    found = scratch.sense("kazakhstan_2022")
    assert f"data/kazakhstan_2022.csv:{troops}: country: troops rows need the contributing country" in found
    assert f"data/kazakhstan_2022.csv:{total}: country: troops_total rows must leave country empty" in found


def test_a_response_before_the_crisis_is_reported(scratch):
    line = scratch.line("assistance_requests", case_id="kaz-2022-unrest", crisis_start="2022-01-02",
                        response_date_precision="day")
    scratch.set("assistance_requests", line, response_date="2021-12-30")
    assert (f"data/assistance_requests.csv:{line}: response_date: is before the crisis started"
            in " ".join(scratch.sense("assistance_requests")))


def test_votes_need_their_resolution_and_at_most_193_members(scratch):
    line = scratch.line("un_votes", country="RUS")
    scratch.set("un_votes", line, resolution="A/RES/ES-99/1")
    res = scratch.line("un_resolutions", yes="141")
    scratch.set("un_resolutions", res, no="60")
    found = scratch.sense("un_votes")
    assert "data/un_votes.csv:-: resolution: A/RES/ES-99/1 has no row in un_resolutions.csv" in found
    assert f"data/un_resolutions.csv:{res}: yes: yes + no + abstain is more than the 193 UN members" in found


@pytest.mark.parametrize("vote", ["yes", "no", "abstain"])
def test_more_votes_of_any_kind_than_any_source_records(scratch, vote):
    res = "A/RES/ES-11/1"
    table = scratch.table("un_resolutions")
    h = table[0]
    for row in table[1:]:
        if row[h.index("resolution")] == res:
            row[h.index(vote)] = "0"
    scratch.write("un_resolutions", table)
    scratch.add("un_votes", resolution=res, country="RUS", vote=vote, source_id="diplomat-2024-scepanovic")
    assert any(f"'{vote}' votes listed for {res}, but no source records more than 0" in p
               for p in scratch.sense("un_votes"))


def test_the_vote_kinds_compared_with_the_totals_come_from_the_schema():
    from csto.data import allowed, load

    kinds = [v for v in allowed("un_votes", "vote") if v in load("un_resolutions").columns]
    assert kinds == ["yes", "no", "abstain"]  # absent has no total: it is never compared


def test_every_events_row_says_whether_it_happened(scratch):
    scratch.set("events", 5, occurrence="")
    assert "data/events.csv:5: occurrence: is empty; say actual, plan, forecast" in scratch.sense("events")


def test_a_quoted_number_needs_its_qualifier(scratch):
    line = scratch.line("kazakhstan_2022", qualifier="about", value_in="text")
    scratch.set("kazakhstan_2022", line, qualifier="")
    assert any(p.startswith(f"data/kazakhstan_2022.csv:{line}: qualifier: is empty but the row gives value")
               for p in scratch.sense("kazakhstan_2022"))


def test_an_unquoted_number_is_not_yet_reviewed(scratch):
    line = scratch.line("military_spending", quote="")
    scratch.set("military_spending", line, qualifier="")
    assert scratch.sense("military_spending") == []


# ------------------------------------------------------------------ sources and dates

def oldest_source(scratch) -> dict:
    table = scratch.table("sources")
    rows = [dict(zip(table[0], r)) for r in table[1:]]
    return min((r for r in rows if r["published"] and r["published_precision"] == "day"), key=lambda r: r["published"])


def test_a_source_cannot_report_what_happened_after_it_was_published(scratch):
    # a row's source_id switched to another existing, older source
    line = scratch.line("kazakhstan_2022", as_of_precision="day")
    as_of = scratch.get("kazakhstan_2022", line)["as_of"]
    old = oldest_source(scratch)
    scratch.set("kazakhstan_2022", line, source_id=old["source_id"])
    assert (f"data/kazakhstan_2022.csv:{line}: as_of: {as_of} is after its source was published ({old['published']})"
            in scratch.sense("kazakhstan_2022"))


def test_an_undated_source_is_dated_by_the_year_in_its_id(scratch):
    import re

    undated = scratch.line("sources", lambda r: r["published"] == "" and re.search(r"-20[0-2]\d-", r["source_id"]))
    sid = scratch.get("sources", undated)["source_id"]
    year = int(re.search(r"-(20[0-2]\d)-", sid).group(1))
    scratch.set("forces", 2, year=year + 1, source_id=sid)
    assert any(p.startswith(f"data/forces.csv:2: year: {year + 1} is not over when its source was published ({year})")
               for p in scratch.sense("forces"))


def test_plans_and_budgets_may_speak_of_later_days(scratch):
    plan = scratch.line("events", occurrence="plan")
    budget = scratch.line("military_spending", basis="budget", year="2025")
    assert not any(p.startswith((f"data/events.csv:{plan}:", f"data/military_spending.csv:{budget}:"))
                   for p in scratch.sense("events", "military_spending"))


def test_a_sipri_window_is_published_after_it_ends(scratch):
    # SIPRI publishes a window in the March after it ends: a page of that window's last year is too early
    old = oldest_source(scratch)
    year = int(old["published"][:4])
    scratch.set("arms_exports", 2, window_start=year - 4, window_end=year, source_id=old["source_id"])
    assert any(p.startswith(f"data/arms_exports.csv:2: window_end: {year} is not over when its source was published")
               for p in scratch.sense("arms_exports"))


# ------------------------------------------------------------------ exceptions and the rule list

def test_every_exception_excuses_a_row_and_has_a_reason():
    used = {id(exc) for exc, _ in excused()}
    stale = [exc for exc in EXCEPTIONS if id(exc) not in used]
    assert stale == [], "these exceptions no longer excuse any row: remove them"
    assert all(exc["rule"] in RULES and exc["why"] for exc in EXCEPTIONS)
    assert len(EXCEPTIONS) <= 10, "exceptions must stay few: fix the data or the rule instead"


def test_an_exception_excuses_only_its_own_file_and_rule(scratch):
    # the Kremlin page dated before the signing it reports is excused in membership and events,
    # not elsewhere
    line = scratch.line("forces", source_id=scratch.get("forces", 2)["source_id"])
    scratch.set("forces", line, year="2003", source_id="kremlin-2002-csto-charter")
    found = scratch.sense("forces", "membership")
    assert any(p.startswith(f"data/forces.csv:{line}: year: 2003 is not over") for p in found)
    assert not any(p.startswith("data/membership.csv:") for p in found)


def test_a_value_the_validator_names_must_exist_in_the_schema(scratch):
    scratch.edit_field("military_spending", "series", lambda f: f["constraints"]["enum"].__setitem__(0, "main"))
    scratch.set("military_spending", 2, series="main")
    table = scratch.table("military_spending")
    h = table[0]
    scratch.write("military_spending", [table[0]] + [
        [("main" if c == "series" and v == "primary" else v) for c, v in zip(h, r)] for r in table[1:]])
    with pytest.raises(validate.DataError, match="names military_spending.series = 'primary'"):
        scratch.sense("military_spending")


# ------------------------------------------------------------------ one quote, one page

def shared_quote(scratch):
    """The first membership row whose quote an events row of the same source also gives."""
    events = scratch.table("events")
    h = events[0]
    pairs = {(r[h.index("quote")], r[h.index("source_id")]) for r in events[1:] if r[h.index("quote")]}
    return scratch.line("membership", lambda r: (r["quote"], r["source_id"]) in pairs)


def test_a_source_switched_on_a_shared_quote_is_reported(scratch):
    line = shared_quote(scratch)
    other = next(r[0] for r in scratch.table("sources")[1:] if r[0] != scratch.get("membership", line)["source_id"]
                 and r[0].startswith("tass-"))
    scratch.set("membership", line, source_id=other)
    assert any(p.startswith(f"data/membership.csv:{line}: source_id: {other} is cited for words that data/")
               for p in scratch.sense("membership", "events"))


def test_copies_of_one_original_may_share_a_quote(scratch):
    line = shared_quote(scratch)
    sid = scratch.get("membership", line)["source_id"]
    other = next(r[0] for r in scratch.table("sources")[1:] if r[0] != sid and r[0].startswith("tass-"))
    scratch.set("membership", line, source_id=other)
    sources = scratch.table("sources")
    h = sources[0]
    for r in sources[1:]:
        if r[0] in (sid, other):
            r[h.index("copy_of")] = "Reuters wire story, 1 January"
    scratch.write("sources", sources)
    assert not any(p.startswith(f"data/membership.csv:{line}:") for p in scratch.sense("membership", "events"))


# ------------------------------------------------------------------ state media

def test_a_copy_of_a_state_outlet_carries_its_state(scratch):
    line = scratch.line("sources", source_id="volgatv-2014-bordyuzha-nato-dialogue")
    scratch.set("sources", line, state_media="")
    assert (f"data/sources.csv:{line}: state_media: is empty but the page copies RIA Novosti (RUS): say RUS"
            in scratch.sense("sources"))


def test_a_page_that_only_cites_a_state_outlet_keeps_its_publishers_state(scratch):
    line = scratch.line("sources", source_id="irna-2024-kartapolov-iran-csto")
    assert scratch.get("sources", line)["copy_of"].startswith("TASS (cited)")
    assert not [p for p in scratch.sense("sources") if p.startswith(f"data/sources.csv:{line}:")]
    scratch.set("sources", line, copy_of="TASS")
    assert any(p.startswith(f"data/sources.csv:{line}: state_media: is IRN but the page copies TASS (RUS)")
               for p in scratch.sense("sources"))


def test_an_official_page_is_not_state_media(scratch):
    line = scratch.line("sources", kind="official")
    scratch.set("sources", line, state_media="RUS")
    assert any(p.startswith(f"data/sources.csv:{line}: state_media: is 'RUS' but the page is official")
               for p in scratch.sense("sources"))


# ------------------------------------------------------------------ copies

@pytest.mark.parametrize("source_id", ["wikimili-nd-csto", "efe-2022-kazakhstan-asks-csto-help",
                                       "smartlab-2024-sipri-russian-arms-exports"])
def test_a_mirror_proxy_or_tag_page_must_say_what_it_copies(scratch, source_id):
    # an encyclopedia mirror, a '?random-post' tag page, a forum tag page
    line = scratch.line("sources", source_id=source_id)
    assert not [p for p in scratch.sense("sources") if p.startswith(f"data/sources.csv:{line}:")]
    scratch.set("sources", line, copy_of="")
    assert any(p.startswith(f"data/sources.csv:{line}: copy_of: is empty but the address is a mirror")
               for p in scratch.sense("sources"))


def test_an_original_page_needs_no_copy_of(scratch):
    line = scratch.line("sources", source_id="diplomat-2022-kazakhstan-suspends-arms-exports")
    scratch.set("sources", line, copy_of="", url="https://thediplomat.com/2022/08/kazakhstan-suspends-arms-exports/")
    assert not [p for p in scratch.sense("sources") if p.startswith(f"data/sources.csv:{line}:")]
