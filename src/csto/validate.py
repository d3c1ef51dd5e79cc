"""Check the data package and report each problem as one readable line.

Two layers:

1. the Frictionless Data Package standard: types, constraints, primary and
   foreign keys
   (each schema says ``"fieldsMatch": "subset"``, so a missing column is one problem,
   not one per row);
2. the course's own sense checks, which a data error would trip (listed in
   :data:`RULES`, and in ``data/README.md`` under "Checking it"): dates as precise as
   their precision column says, membership steps in a possible order, shares that
   cannot add up past 100, five-year SIPRI windows, units beside values, one primary
   spending series, votes within a resolution's totals, a quote that states its row's
   value, no source reporting what happened after it was published, no row without a
   source and no source without a row.

Every line reads ``data/<file>:<line>: <column>: <what is wrong>``.
Run it with ``make validate`` or ``python -m csto.validate``.

The allowed values the checks name (``SIPRI``, ``primary``, the membership steps ...) are
read from the schema or from :mod:`csto.membership`'s status rule, never copied here.

>>> problems()
[]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

from csto import evidence, membership
from csto.data import DataError, allowed, data_dir, load, package
from csto.evidence import date_interval

__all__ = ["problems", "excused", "main", "RULES", "EXCEPTIONS", "SHARE_TOLERANCE"]

#: Rounded shares published by a source may add up to a little over 100.
SHARE_TOLERANCE = 0.5
#: The years the course's data can speak of.
FIRST_YEAR, LAST_YEAR = 1990, 2026
#: SIPRI reports arms transfers over five-year windows (2019-23): end = start + 4.
WINDOW_YEARS = 5
#: A dateline quote ('on Monday') is read against a page published at most this many days later.
DATELINE_DAYS = 7
UN_MEMBERS = 193

#: The course's sense checks, by the name problems are filed under.
RULES = {
    "precision": "a date is as precise as its precision column says (month: day 01; year: 1 January), "
                 "and a precision is given exactly when a date is",
    "line-break": "no value holds a line break",
    "date-range": f"dates and years fall within {FIRST_YEAR}–{LAST_YEAR}, and a window ends no earlier than it starts",
    "window": "SIPRI windows span five years (end = start + 4), except rows of basis `other`, single years "
              "of `arms_export_recipients` and the documented exceptions",
    "membership": "a state's membership steps are possible: none before it first came in, "
                  "a return only after an exit",
    "codes": "every code in a list of countries is a key of `countries`",
    "bounds": "the schema keeps every share within 0–100 and every value non-negative (except `change_pct`)",
    "share-sum": "shares of one whole add up to at most 100 (plus rounding): per window and source in "
                 "`arms_exports`, per exporter, window and source in `arms_export_destinations`, per "
                 "importer, window, source and basis in `arms_imports_by_supplier`",
    "unit": "a unit is given whenever a value is, and only then",
    "series": "`military_spending`: at most one `primary` row per country and year; a primary row is SIPRI's "
              "and in US dollars; a `derived` row is never SIPRI's",
    "troops": "`kazakhstan_2022`: troops rows name the country, troops_total rows do not",
    "crisis": "no request or response is dated before its crisis began",
    "votes": "`un_votes` lists no more votes of a kind than a source records for the resolution, "
             "and yes + no + abstain is at most the 193 UN members",
    "quote": "a quote has at most 15 words and comes with `value_in`; a `text` or `dateline` quote states "
             "its row's value (numbers as the page prints them, dates as precisely as the row claims)",
    "dateline": "a `dateline` quote's source was published (to the day) within 7 days after the row's date",
    "reported-before": "no source reports what happened after it was published (plans and forecasts, "
                       "budgets and non-SIPRI windows aside)",
    "quote-source": "a quote is one page's words: rows that give the same quote cite the same source, unless "
                    "their sources copy one original (`copy_of`)",
    "occurrence": "every `events` row says whether it happened (`occurrence`)",
    "qualifier": "every quoted row that gives a number says how the source qualifies it (`qualifier`)",
    "unused-source": "every source is cited by at least one row",
    "copy": "a source whose address is a known mirror, web proxy, web archive or tag page says what it "
            "copies (`copy_of`)",
    "state-media": "a copy of a state outlet's text (`copy_of` names the outlet and does not only cite it) "
                   "carries that outlet's state in `state_media`; an official page carries none",
}

#: Addresses that are never an original page: encyclopedia mirrors, web proxies and archives, and
#: listing pages (tags, random posts). A source at one of them must name what it copies (rule ``copy``).
COPY_ADDRESSES = re.compile(
    r"//([^/]*\.)?(wikimili\.com|piglix\.com|blogen\.wiki|swiki\.se|zxc\.wiki|wikisum\.wiki|"
    r"wiki\.kashishworld\.com|en-wiki\.fonk\.bid|liquisearch\.com|edocr\.com|iiab\.me|web\.archive\.org|"
    r"archive\.(ph|is|today)|fanyv88\.com)[./]|translate\.goog|/tags?/|random-post", re.I)

#: State-owned or state-funded outlets whose copies the data holds, and the state behind each
#: (``sources``' `state_media` rule). A copy carries its original's state: the text is the outlet's.
STATE_OUTLETS = {"TASS": "RUS", "RIA Novosti": "RUS", "Sputnik": "RUS", "Xinhua": "CHN", "CGTN": "CHN",
                 "BelTA": "BLR", "Kazinform": "KAZ", "Kabar": "KGZ", "Azatutyun": "USA", "RFE/RL": "USA",
                 "Anadolu": "TUR", "EFE": "ESP", "Al Jazeera": "QAT", "Public Radio of Armenia": "ARM",
                 "IRNA": "IRN"}

#: Rows a rule would report although the data is right (or is flagged for its authors),
#: each with the reason. Kept few: a test fails when one no longer excuses any row.
EXCEPTIONS = [
    {"rule": "window", "file": "arms_imports_by_supplier.csv",
     "row": {"importer": "AZE", "supplier": "TUR", "window_start": 2011, "window_end": 2020},
     "why": "a ten-year window from a SIPRI study (the resource's caveats say so)"},
    {"rule": "reported-before", "file": "membership.csv", "row": {"source_id": "kremlin-2002-csto-charter"},
     "why": "the Kremlin page is headed 6 October 2002 but reports the signing of 7 October (events' caveats)"},
    {"rule": "reported-before", "file": "events.csv", "row": {"source_id": "kremlin-2002-csto-charter"},
     "why": "the Kremlin page is headed 6 October 2002 but reports the signing of 7 October (events' caveats)"},
    {"rule": "reported-before", "file": "side_payments.csv",
     "row": {"source_id": "rian-2006-russia-helicopters-tajikistan", "date": "2007-01-01"},
     "why": "FLAGGED for the data authors: dated by the year the aid is for (2007); the schema dates a "
            "pledge by when it was announced (the note says 3 November 2006)"},
    {"rule": "quote", "file": "events.csv",
     "row": {"source_id": "theglobaleye-2022-rymbetov-social-unrest", "date": "2022-01-01"},
     "why": "'the first day of 2022': an ordinal day no parser reads"},
    {"rule": "quote", "file": "un_resolutions.csv", "row": {"source_id": "civilge-2022-georgia-hrc-vote", "yes": 93},
     "why": "'alongside 92 other nations' states 93 as 92 + 1 (the resource's caveats)"},
]


def _line(path: str, line, field, message: str) -> str:
    where = f"data/{path}:{line if line is not None else '-'}"
    return f"{where}: {field}: {message}" if field else f"{where}: {message}"


def _text(value) -> str:
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Report:
    """Collects problem lines; a row matching an entry of :data:`EXCEPTIONS` is excused instead.

    ``folder`` is the data folder checked: its schema gives the allowed values a rule names.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.lines: list[str] = []
        self.excused: list[tuple[int, str]] = []
        self.published: dict = {}  # source_id -> last day it can have appeared

    def add(self, rule: str, path: str, line, field, message: str, row=None) -> None:
        text = _line(path, line, field, message)
        if row is not None:
            for k, exc in enumerate(EXCEPTIONS):
                if exc["rule"] == rule and exc["file"] == path and all(
                        k_ in row and _text(row[k_]) == _text(v) for k_, v in exc["row"].items()):
                    self.excused.append((k, text))
                    return
        self.lines.append(text)


def _closure(folder: Path, only) -> dict:
    """The package descriptor, cut down to ``only`` and the resources their foreign keys need."""
    descriptor = package(folder)
    if only is None:
        return descriptor
    by_name = {r["name"]: r for r in descriptor["resources"]}
    unknown = sorted(set(only) - set(by_name))
    if unknown:
        raise ValueError(f"no dataset(s) {unknown}; the data package has {sorted(by_name)}")
    keep, todo = set(), list(only) + ["countries"]  # lists of codes are checked against it too
    while todo:
        name = todo.pop()
        if name not in keep:
            keep.add(name)
            todo += [fk["reference"]["resource"] for fk in by_name[name]["schema"].get("foreignKeys", [])]
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in keep]
    return descriptor


def _frictionless(folder: Path, only=None) -> tuple[list[str], set[str]]:
    """Standard checks. Returns problem lines and the resources with broken structure."""
    from frictionless import Package  # slow import: only when validating

    pkg = Package(_closure(folder, only), basepath=str(folder))
    lines, broken = [], set()
    for task in pkg.validate().tasks:
        path = Path(task.place).name
        for err in task.errors:
            field = getattr(err, "field_name", None)
            row = getattr(err, "row_number", None)
            cell = getattr(err, "cell", None)
            note = err.note
            if err.type in ("missing-label", "extra-label", "blank-header", "duplicate-label",
                            "incorrect-label", "missing-cell", "extra-cell", "scheme-error",
                            "format-error", "encoding-error", "source-error"):
                broken.add(task.name)
            if err.type == "missing-label":
                lines.append(_line(path, 1, field, "column is missing from the header"))
            elif err.type == "extra-label":
                lines.append(_line(path, 1, getattr(err, "label", field), "column is not in the schema"))
            elif err.type == "foreign-key":
                m = re.search(r'for "([^"]+)": values "([^"]*)" not found in the lookup table "([^"]+)"', note)
                if m:
                    lines.append(_line(path, row, m.group(1),
                                       f"value {m.group(2)!r} is not a key of {m.group(3)}.csv"))
                else:
                    lines.append(_line(path, row, None, f"foreign key: {note}"))
            elif err.type == "primary-key":
                lines.append(_line(path, row, None, f"duplicate key: {note.replace('position', 'line')}"))
            elif err.type in ("type-error", "constraint-error"):
                expected = {"date": "a date YYYY-MM-DD", "integer": "a whole number",
                            "number": "a number"}
                if err.type == "type-error":
                    kind = re.search(r'type is "(\w+)', note)
                    what = expected.get(kind.group(1), note) if kind else note
                    lines.append(_line(path, row, field, f"value {cell!r} is not {what}"))
                else:
                    lines.append(_line(path, row, field, f"value {cell!r} breaks the rule: {note}"))
            else:
                lines.append(_line(path, row, field, f"{err.type}: {note}"))
    return lines, broken


# --------------------------------------------------------------------------- every table

def _precision_column(df: pd.DataFrame, col: str) -> str | None:
    prec = "date_precision" if col == "date" else f"{col}_precision"
    return prec if prec in df else None


def _check_precision(report: _Report, path: str, df: pd.DataFrame, fields: list[str]) -> None:
    for col in fields:
        prec = _precision_column(df, col)
        if prec is None:
            continue
        for i, (value, p) in enumerate(zip(df[col], df[prec])):
            if pd.isna(value):
                if not pd.isna(p):
                    report.add("precision", path, i + 2, prec, f"says {p!r} but {col} is empty")
                continue
            if pd.isna(p):
                report.add("precision", path, i + 2, prec, f"is empty but {col} is given")
            elif p == "month" and value.day != 1:
                report.add("precision", path, i + 2, col,
                           f"precision is month, so the day must be 01 (got {value:%Y-%m-%d})")
            elif p == "year" and (value.month, value.day) != (1, 1):
                report.add("precision", path, i + 2, col,
                           f"precision is year, so the date must be YYYY-01-01 (got {value:%Y-%m-%d})")


def _year_fields(res: dict) -> list[str]:
    return [f["name"] for f in res["schema"]["fields"]
            if f["type"] == "integer" and (f["name"] == "year" or f["name"].startswith("window_"))]


def _check_dates_in_range(report: _Report, path: str, res: dict, df: pd.DataFrame) -> None:
    for f in res["schema"]["fields"]:
        col = f["name"]
        if f["type"] == "date":
            years = df[col].dt.year
        elif col in _year_fields(res):
            years = df[col]
        else:
            continue
        for i in df.index[years.notna() & ((years < FIRST_YEAR) | (years > LAST_YEAR))]:
            report.add("date-range", path, i + 2, col,
                       f"{_text(df.at[i, col])} is outside {FIRST_YEAR}–{LAST_YEAR}", df.loc[i])
    if "window_start" in df and "window_end" in df:
        for i in df.index[df["window_end"] < df["window_start"]]:
            report.add("date-range", path, i + 2, "window_end",
                       f"ends ({df.at[i, 'window_end']}) before it starts ({df.at[i, 'window_start']})", df.loc[i])


def _check_bounds(report: _Report, resources: dict) -> None:
    """The schema, not this code, holds the bounds; check that every resource states them."""
    for name, res in resources.items():
        for f in res["schema"]["fields"]:
            if f["type"] not in ("number", "integer") or f["name"] == "change_pct":
                continue
            c = f.get("constraints", {})
            where = f"{name}.{f['name']}"
            if c.get("minimum") is None or c["minimum"] < 0:
                report.add("bounds", "datapackage.json", None, where, "a value here cannot be negative: "
                           "the schema must say minimum 0")
            if f["name"].endswith("_pct") and c.get("maximum") != 100:
                report.add("bounds", "datapackage.json", None, where,
                           "a share cannot pass 100: the schema must say maximum 100")


def _check_units(report: _Report, path: str, df: pd.DataFrame) -> None:
    for unit, value in (("unit", "value"), ("value_unit", "value")):
        if unit not in df or value not in df:
            continue
        for i in df.index[df[value].notna() & df[unit].isna()]:
            report.add("unit", path, i + 2, unit, f"is empty but {value} is given ({_text(df.at[i, value])})", df.loc[i])
        for i in df.index[df[value].isna() & df[unit].notna()]:
            report.add("unit", path, i + 2, unit, f"is {df.at[i, unit]!r} but {value} is empty", df.loc[i])


# --------------------------------------------------------------------------- quotes and sources

def _records(df: pd.DataFrame) -> list[dict]:
    """The rows as dicts of plain values (much faster than ``DataFrame.to_dict``)."""
    columns = list(df.columns)
    return [dict(zip(columns, values)) for values in zip(*(df[c].tolist() for c in columns))]


class _Sources:
    """When each source appeared, looked up by id (built once per check)."""

    def __init__(self, sources: pd.DataFrame):
        self.published = dict(zip(sources["source_id"], sources["published"]))
        self.precision = dict(zip(sources["source_id"], sources["published_precision"].astype(object)))
        self._ends: dict = {}

    def day(self, source_id: str):
        """The publication date when it is known to the day, else None."""
        published = self.published.get(source_id)
        if published is None or pd.isna(published) or str(self.precision.get(source_id)) != "day":
            return None
        return published

    def end(self, source_id: str):
        """The last day a source can have been published: its ``published`` date at its precision,
        else 31 December of the year its id names (ids are ``publisher-year-topic``)."""
        if source_id not in self._ends:
            published, precision = self.published.get(source_id), self.precision.get(source_id)
            m = re.search(r"-((?:19|20)\d\d)-", source_id)
            if published is not None and not pd.isna(published):
                self._ends[source_id] = date_interval(published, "day" if pd.isna(precision) else str(precision))[1]
            else:
                self._ends[source_id] = pd.Timestamp(f"{m.group(1)}-12-31") if m else None
        return self._ends[source_id]


def _check_quotes(report: _Report, name: str, path: str, df: pd.DataFrame, rows: list[dict],
                  sources: _Sources) -> None:
    if "quote" not in df:
        return
    for i, row in enumerate(rows):
        quote, where = row["quote"], row["value_in"]
        if pd.isna(quote) and pd.isna(where):
            continue
        if pd.isna(quote) or pd.isna(where):
            empty, given = ("quote", "value_in") if pd.isna(quote) else ("value_in", "quote")
            report.add("quote", path, i + 2, empty, f"is empty but {given} is given: they go together", row)
            continue
        words = len(quote.split())
        if words > evidence.QUOTE_MAX_WORDS:
            report.add("quote", path, i + 2, "quote",
                       f"has {words} words; a quote is at most {evidence.QUOTE_MAX_WORDS}", row)
        col = evidence.quoted_column(name, row)
        if col is None or where in ("table", "chart"):
            if where == "dateline":
                report.add("quote", path, i + 2, "value_in", "is dateline but the row gives no date", row)
            continue
        value = row[col]
        if isinstance(value, pd.Timestamp):
            prec = _precision_column(df, col)
            precision = "day" if prec is None or pd.isna(row[prec]) else str(row[prec])
            sid = row["source_id"]
            end = sources.end(sid)
            how = evidence.states_date(quote, value, precision, sources.published.get(sid),
                                       end.year if end is not None else None)
            if how is None:
                report.add("quote", path, i + 2, "quote",
                           f"does not state the {col} {value:%Y-%m-%d} at {precision} precision", row)
            elif how == "dateline" and where != "dateline":
                report.add("quote", path, i + 2, "value_in",
                           "the quote dates the day only relative to the page ('on Monday', 'today'): "
                           "value_in must be dateline", row)
            if where == "dateline":
                _check_dateline(report, path, i, row, col, value, precision, sources)
        else:
            if where == "dateline":
                report.add("quote", path, i + 2, "value_in", f"is dateline but the quote states {col}, a number", row)
                continue
            unit = row["unit"] if col == "value" and "unit" in row else None
            ok = evidence.states_change(quote, value) if col == "change_pct" else evidence.states_number(quote, value, unit)
            if not ok:
                report.add("quote", path, i + 2, "quote", f"does not state the {col} {_text(value)}", row)


def _check_quote_sources(report: _Report, quoted: list[tuple], sources: pd.DataFrame) -> None:
    """Rows giving the same quote must cite one source (a row whose source_id was switched stands out).

    ``quoted`` holds (path, line, quote, source_id, row) of every quoted row. Sources that copy
    one original (the first part of ``copy_of``, e.g. 'Reuters wire story') count as one; where
    the rows disagree, the source most of them cite is taken as the quote's page.
    """
    origin = {sid: str(c).split(",")[0].strip() for sid, c in zip(sources["source_id"], sources["copy_of"])
              if not pd.isna(c)}
    by_quote: dict = {}
    for item in quoted:
        by_quote.setdefault(" ".join(item[2].split()), []).append(item)
    for items in by_quote.values():
        pages = [origin.get(sid, sid) for _, _, _, sid, _ in items]
        if len(set(pages)) < 2:
            continue
        page = evidence.majority(pages).winner
        first = next(item for item, p in zip(items, pages) if p == page)
        for (path, line, _, sid, row), p in zip(items, pages):
            if p != page:
                report.add("quote-source", path, line, "source_id",
                           f"{sid} is cited for words that data/{first[0]}:{first[1]} credits to {first[3]}: "
                           "one quote, one page", row)


def _check_dateline(report, path, i, row, col, value, precision, sources: _Sources) -> None:
    sid = row["source_id"]
    published = sources.day(sid)
    if published is None or precision != "day":
        report.add("dateline", path, i + 2, "value_in",
                   f"is dateline, so the {col} and its source's published date ({sid}) must both be known to the day",
                   row)
        return
    lag = (published - value).days
    if not 0 <= lag <= DATELINE_DAYS:
        report.add("dateline", path, i + 2, col,
                   f"{value:%Y-%m-%d} is dated by a page published {published:%Y-%m-%d}: a dateline "
                   f"reads a day at most {DATELINE_DAYS} days before it", row)


#: Rows that may speak of what had not happened when their page appeared: planned budgets,
#: and non-SIPRI shares whose window ends in the year of the interview.
NOT_YET_HAPPENED = {"military_spending": ("basis", "budget"), "arms_imports_by_supplier": ("basis", "other")}


def _check_reported_before(report: _Report, name: str, path: str, res: dict, df: pd.DataFrame,
                           rows: list[dict], sources: _Sources) -> None:
    """A source published on day P cannot report what happened after P (plans, forecasts and budgets aside)."""
    if "source_id" not in df or name == "sources":
        return
    actual = _value(report, name, "occurrence", "actual") if "occurrence" in df else None
    skip = (NOT_YET_HAPPENED[name][0], _value(report, name, *NOT_YET_HAPPENED[name])) if name in NOT_YET_HAPPENED else None
    dates = [f["name"] for f in res["schema"]["fields"] if f["type"] == "date"]
    years = _year_fields(res)
    for i, row in enumerate(rows):
        if (actual and str(row["occurrence"]) != actual) or (skip and str(row[skip[0]]) == skip[1]):
            continue
        end = sources.end(row["source_id"])
        if end is None:
            continue
        for col in dates:
            if not pd.isna(row[col]) and row[col] > end:
                report.add("reported-before", path, i + 2, col,
                           f"{row[col]:%Y-%m-%d} is after its source was published ({end:%Y-%m-%d})", row)
        for col in years:
            year = row[col]
            if not pd.isna(year) and (year >= end.year if col == "window_end" else year > end.year):
                report.add("reported-before", path, i + 2, col,
                           f"{year} is not over when its source was published ({end:%Y})", row)


def _value(report: _Report, name: str, field: str, value: str) -> str:
    """A value a rule names, checked against the schema (a renamed value fails loudly, never silently)."""
    if value not in allowed(name, field, report.folder):
        raise DataError(f"the validator names {name}.{field} = {value!r}, which the schema no longer allows")
    return value


def _check_qualifiers(report: _Report, name: str, path: str, df: pd.DataFrame) -> None:
    """Every quoted row that gives a number says how its source qualifies it."""
    pairs = [("value_qualifier", ("value",))] if "value_qualifier" in df else []
    numeric = [c for c in evidence.QUOTED.get(name, ()) if c in df and pd.api.types.is_numeric_dtype(df[c])]
    if "qualifier" in df:
        pairs.append(("qualifier", [c for c in numeric if not (c == "value" and "value_qualifier" in df)]))
    for qual, cols in pairs:
        for i in df.index[df["quote"].notna() & df[qual].isna()]:
            given = [c for c in cols if not pd.isna(df.at[i, c])]
            if given:
                report.add("qualifier", path, i + 2, qual,
                           f"is empty but the row gives {given[0]} {_text(df.at[i, given[0]])}; say exact, "
                           f"about, over, under, up to or at least", df.loc[i])


# --------------------------------------------------------------------------- particular tables

def _check_membership(report: _Report, df: pd.DataFrame) -> None:
    """A state's steps must be possible: nothing before it first came in; rejoin only after leaving.

    Which steps bring a state in, take it out or bring it back is :mod:`csto.membership`'s
    status rule; every other step of the schema's list must come after an entry.
    """
    entries, exits, returns = membership.ENTRIES, membership.EXITS, membership.RETURNS
    later = set(allowed("membership", "event", report.folder)) - entries
    states: dict = {}
    for i, row in enumerate(_records(df)):
        row["event"] = str(row["event"])
        states.setdefault((row["organization"], row["country"]), []).append((i, row))
    for (org, country), steps in states.items():
        starts = [row["date"] for _, row in steps if row["event"] in entries]
        if not starts:
            first, row = steps[0]
            report.add("membership", "membership.csv", first + 2, "event",
                       f"{country} has {org} steps but no {'/'.join(sorted(entries))} row", row)
            continue
        # The latest date any source gives for coming in: a step earlier than every
        # source's date for joining is impossible.
        entry = min(starts)
        for i, row in steps:
            if row["event"] in later and row["date"] < entry:
                report.add("membership", "membership.csv", i + 2, "date",
                           f"{country} {row['event']} on {row['date']:%Y-%m-%d} comes before it joined {org} "
                           f"({entry:%Y-%m-%d})", row)
        left = [row["date"] for _, row in steps if row["event"] in exits]
        for i, row in steps:
            if row["event"] in returns and (not left or row["date"] <= min(left)):
                report.add("membership", "membership.csv", i + 2, "event",
                           f"{country} {row['event']} {org} on {row['date']:%Y-%m-%d} without having left before", row)


def _check_shares(report: _Report, path: str, df: pd.DataFrame, group: list[str]) -> None:
    df = df.dropna(subset=["share_pct"])
    for key, g in df.groupby(group, observed=True):
        total = g["share_pct"].sum()
        if total > 100 + SHARE_TOLERANCE:
            report.add("share-sum", path, int(g.index[0]) + 2, "share_pct",
                       f"shares for {', '.join(map(str, key))} add up to {total:g} %, more than 100")


def _check_windows(report: _Report, name: str, path: str, df: pd.DataFrame) -> None:
    rows = df
    if "basis" in df:
        rows = rows[rows["basis"].astype(str) == _value(report, name, "basis", "SIPRI")]
    if name == "arms_export_recipients":
        rows = rows[rows["window_end"] != rows["window_start"]]  # single years, see the caveats
    for i in rows.index[rows["window_end"] - rows["window_start"] != WINDOW_YEARS - 1]:
        report.add("window", path, i + 2, "window_end",
                   f"a SIPRI window of {rows.at[i, 'window_start']}–{rows.at[i, 'window_end']} is not five years "
                   f"(end = start + {WINDOW_YEARS - 1})", rows.loc[i])


def _check_spending(report: _Report, df: pd.DataFrame) -> None:
    path = "military_spending.csv"
    primary, derived = (_value(report, "military_spending", "series", s) for s in ("primary", "derived"))
    sipri = _value(report, "military_spending", "basis", "SIPRI")
    series = df["series"].astype(str)
    for (country, year), g in df[series == primary].groupby(["country", "year"]):
        for i in g.index[1:]:
            report.add("series", path, i + 2, "series",
                       f"a second primary row for {country} {year} (the first is on line {g.index[0] + 2})", df.loc[i])
    for i in df.index[series == primary]:
        if str(df.at[i, "basis"]) != sipri:
            report.add("series", path, i + 2, "basis", f"a primary row must be SIPRI's, not {df.at[i, 'basis']}", df.loc[i])
        if not str(df.at[i, "unit"]).startswith("USD"):
            report.add("series", path, i + 2, "unit", f"a primary row is in US dollars, not {df.at[i, 'unit']}", df.loc[i])
    for i in df.index[(series == derived) & (df["basis"].astype(str) == sipri)]:
        report.add("series", path, i + 2, "basis", "a derived row is the page's own arithmetic, never SIPRI's", df.loc[i])


def _check_votes(report: _Report, votes: pd.DataFrame, resolutions: pd.DataFrame) -> None:
    # Sources may report different totals; listing more votes of a kind than the
    # highest reported total is impossible whichever source is right.
    kinds = [v for v in allowed("un_votes", "vote", report.folder) if v in resolutions.columns]
    totals = resolutions.groupby("resolution")[kinds].max()
    listed = votes.drop_duplicates(["resolution", "country", "vote"])
    for vote in kinds:
        counts = listed[listed["vote"].astype(str) == vote].groupby("resolution").size()
        for res, n in counts.items():
            if res in totals.index and not pd.isna(totals.at[res, vote]) and n > totals.at[res, vote]:
                report.add("votes", "un_votes.csv", None, "vote",
                           f"{n} '{vote}' votes listed for {res}, but no source records more than {totals.at[res, vote]}")
    for res in sorted(set(votes["resolution"]) - set(resolutions["resolution"])):
        report.add("votes", "un_votes.csv", None, "resolution", f"{res} has no row in un_resolutions.csv")
    for i, row in resolutions.iterrows():
        if row[kinds].fillna(0).sum() > UN_MEMBERS:
            report.add("votes", "un_resolutions.csv", i + 2, kinds[0],
                       f"{' + '.join(kinds)} is more than the {UN_MEMBERS} UN members", row)


def _check_copies(report: _Report, sources: pd.DataFrame) -> None:
    for i, row in sources.iterrows():
        if COPY_ADDRESSES.search(str(row["url"])) and pd.isna(row["copy_of"]):
            report.add("copy", "sources.csv", i + 2, "copy_of",
                       "is empty but the address is a mirror, proxy, archive or tag page: "
                       "name the original it copies", row)


def _check_state_media(report: _Report, sources: pd.DataFrame) -> None:
    for i, row in sources.iterrows():
        media = "" if pd.isna(row["state_media"]) else row["state_media"]
        if row["kind"] == "official":
            if media:
                report.add("state-media", "sources.csv", i + 2, "state_media",
                           f"is {media!r} but the page is official: leave it empty", row)
            continue
        original = "" if pd.isna(row["copy_of"]) else row["copy_of"]
        if re.search(r"\bcit(ed|es|ing)\b", original):
            continue  # the page cites the outlet: its own publisher decides
        for outlet, state in STATE_OUTLETS.items():
            if original.startswith(outlet) and media != state:
                report.add("state-media", "sources.csv", i + 2, "state_media",
                           f"is {media or 'empty'!s} but the page copies {outlet} ({state}): say {state}", row)


def _check_course(folder: Path, broken: set[str], only=None) -> _Report:
    report = _Report(folder)
    resources = {r["name"]: r for r in _closure(folder, only)["resources"]}
    frames = {}
    for name in resources:
        if name in broken:
            continue
        try:
            frames[name] = load(name, folder)
        except DataError as exc:
            message = str(exc)
            if "file not found" in message or "the file is empty" in message:
                report.lines.append(message)
            elif "(header)" in message:  # extra columns: the standard layer allows a superset
                report.lines.append(message.replace(", line 1 (header): ", ":1: "))
            continue  # type problems were already reported by the standard layer
    _check_bounds(report, resources)
    sources = _Sources(frames["sources"]) if "sources" in frames else None
    quoted = []
    for name, df in frames.items():
        res = resources[name]
        path = res["path"]
        rows = _records(df) if name != "sources" else []
        # One row per line keeps diffs readable and the line numbers of these messages true.
        for col in df.columns[df.dtypes.astype(str).isin(["str", "object", "string"])]:
            for i in df.index[df[col].str.contains("\n", regex=False, na=False)]:
                report.add("line-break", path, i + 2, col, "contains a line break; keep each row on one line")
        dates = [f["name"] for f in res["schema"]["fields"] if f.get("type") == "date"]
        _check_precision(report, path, df, dates)
        _check_dates_in_range(report, path, res, df)
        _check_units(report, path, df)
        if "quote" in df:
            _check_qualifiers(report, name, path, df)
        if name.startswith("arms_") and "window_start" in df:
            _check_windows(report, name, path, df)
        if sources is not None:
            _check_quotes(report, name, path, df, rows, sources)
            _check_reported_before(report, name, path, res, df, rows, sources)
        if "quote" in df:
            quoted += [(path, i + 2, row["quote"], row["source_id"], row) for i, row in enumerate(rows)
                       if not pd.isna(row["quote"])]
    if "sources" in frames:
        _check_quote_sources(report, quoted, frames["sources"])
    if "membership" in frames:
        _check_membership(report, frames["membership"])
    if "events" in frames:
        ev = frames["events"]
        for i in ev.index[ev["occurrence"].isna()]:
            report.add("occurrence", "events.csv", i + 2, "occurrence",
                       "is empty; say " + ", ".join(allowed("events", "occurrence", folder)), ev.loc[i])
    if "countries" in frames:
        known = set(frames["countries"]["iso3"])
        for name, col in (("events", "countries"), ("assistance_requests", "states")):
            if name not in frames:
                continue
            for i, codes in frames[name][col].items():
                for code in codes.split(";"):
                    if code not in known:
                        report.add("codes", f"{name}.csv", i + 2, col, f"{code!r} is not a key of countries.csv")
    for name, group in (("arms_exports", ["window_start", "window_end", "source_id"]),
                        ("arms_export_destinations", ["exporter", "window_start", "window_end", "source_id"]),
                        ("arms_imports_by_supplier", ["importer", "window_start", "window_end", "source_id", "basis"])):
        if name in frames:
            _check_shares(report, f"{name}.csv", frames[name], group)
    if "military_spending" in frames:
        _check_spending(report, frames["military_spending"])
    if "kazakhstan_2022" in frames:
        k = frames["kazakhstan_2022"]
        troops, total = (_value(report, "kazakhstan_2022", "measure", m) for m in ("troops", "troops_total"))
        for i, row in k.iterrows():
            if row["measure"] == troops and pd.isna(row["country"]):
                report.add("troops", "kazakhstan_2022.csv", i + 2, "country", "troops rows need the contributing country", row)
            if row["measure"] == total and not pd.isna(row["country"]):
                report.add("troops", "kazakhstan_2022.csv", i + 2, "country", "troops_total rows must leave country empty", row)
    if "assistance_requests" in frames:
        a = frames["assistance_requests"]
        start = a["crisis_start"]
        for col in ("request_date", "response_date"):
            for i, date, precision in zip(a.index, a[col], a[f"{col}_precision"]):
                if pd.isna(date) or pd.isna(start[i]):
                    continue
                # compare the last day the date can mean with the earliest day of the crisis
                if date_interval(date, "day" if pd.isna(precision) else precision)[1] < start[i]:
                    report.add("crisis", "assistance_requests.csv", i + 2, col,
                               f"is before the crisis started ({start[i]:%Y-%m-%d})", a.loc[i])
    if "un_votes" in frames and "un_resolutions" in frames:
        _check_votes(report, frames["un_votes"], frames["un_resolutions"])
    if "sources" in frames:
        _check_state_media(report, frames["sources"])
        _check_copies(report, frames["sources"])
    if "sources" in frames and not broken and only is None and len(frames) == len(resources):
        used = set()
        for name, df in frames.items():
            if name != "sources" and "source_id" in df:
                used |= set(df["source_id"])
        for i, sid in frames["sources"]["source_id"].items():
            if sid not in used:
                report.add("unused-source", "sources.csv", i + 2, "source_id", f"{sid!r} is cited by no row")
    return report


def problems(folder: Path | str | None = None, only=None, *, standard: bool = True) -> list[str]:
    """Return one line per problem in the data package (empty when all is well).

    Parameters
    ----------
    folder : path, optional
        The data folder to check; the course's own by default.
    only : list of str, optional
        Check just these datasets (and those their foreign keys point to); the
        whole-package check for unused sources is then skipped. Faster, for tests.
    standard : bool
        Run the Frictionless layer too (default). Without it only the course's sense
        checks run: fast, for tests of one rule.
    """
    folder = Path(folder) if folder else data_dir()
    lines, broken = _frictionless(folder, only) if standard else ([], set())
    return lines + _check_course(folder, broken, only).lines


def excused(folder: Path | str | None = None, only=None) -> list[tuple[dict, str]]:
    """The problems :data:`EXCEPTIONS` excuse, each with its exception (for tests and reviews)."""
    folder = Path(folder) if folder else data_dir()
    return [(EXCEPTIONS[k], line) for k, line in _check_course(folder, set(), only).excused]


def main(argv: list[str] | None = None) -> int:
    """Command line: print the problems and exit 1 if there are any."""
    folder = Path(argv[0]) if argv else None
    found = problems(folder)
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} problem(s) in the data package.", file=sys.stderr)
        return 1
    n = len(package(folder)["resources"])
    print(f"data package OK: {n} datasets, every row sourced.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
