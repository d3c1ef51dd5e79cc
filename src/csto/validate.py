"""Check the data package and report each problem as one readable line.

Two layers:

1. the Frictionless Data Package standard: types, constraints, primary and
   foreign keys
   (each schema says ``"fieldsMatch": "subset"``, so a missing column is one problem,
   not one per row);
2. the course's own sense checks, which a data error would trip: dates as precise
   as their precision column says, membership steps in a possible order, shares that
   cannot add up past 100, votes that cannot exceed a resolution's totals, no row
   without a source and no source without a row.

Every line reads ``data/<file>:<line>: <column>: <what is wrong>``.
Run it with ``make validate`` or ``python -m csto.validate``.

>>> problems()
[]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

from csto.data import DataError, data_dir, load, package
from csto.evidence import date_interval

__all__ = ["problems", "main"]

#: Rounded shares published by a source may add up to a little over 100.
SHARE_TOLERANCE = 0.5


def _line(path: str, line, field, message: str) -> str:
    where = f"data/{path}:{line if line is not None else '-'}"
    return f"{where}: {field}: {message}" if field else f"{where}: {message}"


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


def _check_precision(name: str, path: str, df: pd.DataFrame, fields: list[str]) -> list[str]:
    out = []
    for col in fields:
        prec = "date_precision" if col == "date" else f"{col}_precision"
        if prec not in df:
            continue
        for i, (value, p) in enumerate(zip(df[col], df[prec])):
            if pd.isna(value):
                if not pd.isna(p):
                    out.append(_line(path, i + 2, prec, f"says {p!r} but {col} is empty"))
                continue
            if pd.isna(p):
                out.append(_line(path, i + 2, prec, f"is empty but {col} is given"))
            elif p == "month" and value.day != 1:
                out.append(_line(path, i + 2, col, f"precision is month, so the day must be 01 (got {value:%Y-%m-%d})"))
            elif p == "year" and (value.month, value.day) != (1, 1):
                out.append(_line(path, i + 2, col, f"precision is year, so the date must be YYYY-01-01 (got {value:%Y-%m-%d})"))
    return out


START = {"signed", "acceded", "founded", "joined"}
AFTER_START = {"in_force", "renewed", "charter_signed", "froze", "announced_exit",
               "suspended", "left", "withdrew", "rejoined"}


def _check_membership(df: pd.DataFrame) -> list[str]:
    """A state's steps must be possible: nothing before it first came in; rejoin only after leaving."""
    out = []
    for (org, country), g in df.groupby(["organization", "country"], observed=True):
        starts = g[g["event"].isin(START)]
        if starts.empty:
            first = g.index[0]
            out.append(_line("membership.csv", first + 2, "event",
                             f"{country} has {org} steps but no signed/acceded/founded/joined row"))
            continue
        # The latest date any source gives for coming in: a step earlier than every
        # source's date for joining is impossible.
        entry = starts["date"].min()
        for i, row in g[g["event"].isin(AFTER_START)].iterrows():
            if row["date"] < entry:
                out.append(_line("membership.csv", i + 2, "date",
                                 f"{country} {row['event']} on {row['date']:%Y-%m-%d} comes before it joined {org} ({entry:%Y-%m-%d})"))
        exits = g[g["event"].isin({"left", "withdrew", "suspended"})]
        for i, row in g[g["event"] == "rejoined"].iterrows():
            if exits.empty or row["date"] <= exits["date"].min():
                out.append(_line("membership.csv", i + 2, "event",
                                 f"{country} rejoined {org} on {row['date']:%Y-%m-%d} without having left before"))
    return out


def _check_shares(path: str, df: pd.DataFrame, group: list[str]) -> list[str]:
    out = []
    for key, g in df.groupby(group, observed=True):
        total = g["share_pct"].sum()
        if total > 100 + SHARE_TOLERANCE:
            out.append(_line(path, int(g.index[0]) + 2, "share_pct",
                             f"shares for {', '.join(map(str, key))} add up to {total:g} %, more than 100"))
    return out


def _check_course(folder: Path, broken: set[str], only=None) -> list[str]:
    out = []
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
                out.append(message)
            elif "(header)" in message:  # extra columns: the standard layer allows a superset
                out.append(message.replace(", line 1 (header): ", ":1: "))
            continue  # type problems were already reported by the standard layer
    for name, df in frames.items():
        path = resources[name]["path"]
        # One row per line keeps diffs readable and the line numbers of these messages true.
        for col in df.columns[df.dtypes.astype(str).isin(["str", "object", "string"])]:
            for i in df.index[df[col].str.contains("\n", regex=False, na=False)]:
                out.append(_line(path, i + 2, col, "contains a line break; keep each row on one line"))
        dates = [f["name"] for f in resources[name]["schema"]["fields"] if f.get("type") == "date"]
        out += _check_precision(name, path, df, dates)
        for a, b in (("window_start", "window_end"),):
            if a in df:
                for i in df.index[df[b] < df[a]]:
                    out.append(_line(path, i + 2, b, f"ends ({df.at[i, b]}) before it starts ({df.at[i, a]})"))
    if "membership" in frames:
        out += _check_membership(frames["membership"])
    if "countries" in frames:
        known = set(frames["countries"]["iso3"])
        for name, col in (("events", "countries"), ("assistance_requests", "states")):
            if name not in frames:
                continue
            for i, codes in frames[name][col].items():
                for code in codes.split(";"):
                    if code not in known:
                        out.append(_line(f"{name}.csv", i + 2, col, f"{code!r} is not a key of countries.csv"))
    if "arms_exports" in frames:
        out += _check_shares("arms_exports.csv", frames["arms_exports"].dropna(subset=["share_pct"]),
                             ["window_start", "window_end", "source_id"])
    if "arms_imports_by_supplier" in frames:
        out += _check_shares("arms_imports_by_supplier.csv", frames["arms_imports_by_supplier"],
                             ["importer", "window_start", "window_end", "source_id"])
    if "kazakhstan_2022" in frames:
        k = frames["kazakhstan_2022"]
        for i, row in k.iterrows():
            if row["measure"] == "troops" and pd.isna(row["country"]):
                out.append(_line("kazakhstan_2022.csv", i + 2, "country", "troops rows need the contributing country"))
            if row["measure"] == "troops_total" and not pd.isna(row["country"]):
                out.append(_line("kazakhstan_2022.csv", i + 2, "country", "troops_total rows must leave country empty"))
    if "assistance_requests" in frames:
        a = frames["assistance_requests"]
        start = a["crisis_start"]
        for col in ("request_date", "response_date"):
            for i, date, precision in zip(a.index, a[col], a[f"{col}_precision"]):
                if pd.isna(date) or pd.isna(start[i]):
                    continue
                # compare the last day the date can mean with the earliest day of the crisis
                if date_interval(date, "day" if pd.isna(precision) else precision)[1] < start[i]:
                    out.append(_line("assistance_requests.csv", i + 2, col, f"is before the crisis started ({start[i]:%Y-%m-%d})"))
    if "un_votes" in frames and "un_resolutions" in frames:
        # Sources may report different totals; listing more votes of a kind than the
        # highest reported total is impossible whichever source is right.
        totals = frames["un_resolutions"].groupby("resolution")[["yes", "no", "abstain"]].max()
        votes = frames["un_votes"].drop_duplicates(["resolution", "country", "vote"])
        for vote in ("yes", "no", "abstain"):
            counts = votes[votes["vote"] == vote].groupby("resolution").size()
            for res, n in counts.items():
                if res not in totals.index:
                    out.append(_line("un_votes.csv", None, "resolution", f"{res} has no row in un_resolutions.csv"))
                elif not pd.isna(totals.at[res, vote]) and n > totals.at[res, vote]:
                    out.append(_line("un_votes.csv", None, "vote",
                                     f"{n} '{vote}' votes listed for {res}, but no source records more than {totals.at[res, vote]}"))
        for i, row in frames["un_resolutions"].iterrows():
            if row[["yes", "no", "abstain"]].fillna(0).sum() > 193:
                out.append(_line("un_resolutions.csv", i + 2, "yes", "yes + no + abstain is more than the 193 UN members"))
    if "sources" in frames and not broken and only is None and len(frames) == len(resources):
        used = set()
        for name, df in frames.items():
            if name != "sources" and "source_id" in df:
                used |= set(df["source_id"])
        for i, sid in frames["sources"]["source_id"].items():
            if sid not in used:
                out.append(_line("sources.csv", i + 2, "source_id", f"{sid!r} is cited by no row"))
    return out


def problems(folder: Path | str | None = None, only=None) -> list[str]:
    """Return one line per problem in the data package (empty when all is well).

    Parameters
    ----------
    folder : path, optional
        The data folder to check; the course's own by default.
    only : list of str, optional
        Check just these datasets (and those their foreign keys point to); the
        whole-package check for unused sources is then skipped. Faster, for tests.
    """
    folder = Path(folder) if folder else data_dir()
    lines, broken = _frictionless(folder, only)
    return lines + _check_course(folder, broken, only)


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
