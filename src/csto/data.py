"""Find the course data once and load it as typed tables.

Every table is a resource of the Frictionless Data Package ``data/datapackage.json``.
:func:`load` reads one resource and types each column from the package's schema:
dates become datetimes, whole numbers nullable integers, decimals floats, and
fields with a fixed list of allowed values become ordered categoricals.
A value that does not fit raises :class:`DataError` naming file, line, column and value.

>>> members = load("membership")
>>> str(members["date"].dtype)
'datetime64[s]'
>>> list(members["organization"].cat.categories)
['CSTO', 'GUAM']
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
import re
from pathlib import Path

import pandas as pd

__all__ = ["DataError", "data_dir", "package", "resource", "allowed", "load", "table", "sources", "country_names", "SHORT_NAMES", "cite",
           "format_date"]

#: Environment variable that points the loader at another data folder (tests use it).
ENV_VAR = "CSTO_DATA"


class DataError(ValueError):
    """A data file does not match its schema; the message says where and why."""


def data_dir() -> Path:
    """Return the folder that holds ``datapackage.json``.

    The folder named by the environment variable ``CSTO_DATA`` wins; otherwise the
    ``data/`` folder of the course repository this package was installed from.

    >>> (data_dir() / "datapackage.json").exists()
    True
    """
    override = os.environ.get(ENV_VAR)
    if override:
        folder = Path(override)
        if not (folder / "datapackage.json").exists():
            raise DataError(f"{ENV_VAR}={override!r} has no datapackage.json")
        return folder
    return _repo_data_dir()


@functools.lru_cache(maxsize=1)
def _repo_data_dir() -> Path:
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for folder in start.parents if start.is_file() else [start, *start.parents]:
            if (folder / "data" / "datapackage.json").exists():
                return folder / "data"
    raise DataError(
        "cannot find data/datapackage.json: install the course with `make lab` "
        "(or `pip install -e .` from the repository) or set CSTO_DATA"
    )


def package(folder: Path | None = None) -> dict:
    """Return the parsed ``datapackage.json``.

    >>> package()["name"]
    'csto-course-data'
    """
    folder = Path(folder) if folder else data_dir()
    raw = (folder / "datapackage.json").read_bytes()
    return json.loads(_parsed_package(raw))


@functools.lru_cache(maxsize=8)
def _parsed_package(raw: bytes) -> str:
    """The descriptor re-serialised (cached by its bytes; callers get a fresh dict each time)."""
    return json.dumps(json.loads(raw.decode("utf-8")))


def resource(name: str, folder: Path | None = None) -> dict:
    """Return the descriptor of one resource (its path, schema and description).

    >>> resource("sources")["path"]
    'sources.csv'
    """
    resources = package(folder)["resources"]
    for res in resources:
        if res["name"] == name:
            return res
    known = ", ".join(sorted(r["name"] for r in resources))
    raise DataError(f"no dataset called {name!r}; the data package has: {known}")


def allowed(name: str, field: str, folder: Path | None = None) -> list[str]:
    """The values a field may take, read from the schema (never copied into code).

    >>> allowed("membership", "organization")
    ['CSTO', 'GUAM']
    """
    for f in resource(name, folder)["schema"]["fields"]:
        if f["name"] == field:
            enum = f.get("constraints", {}).get("enum")
            if enum is None:
                raise DataError(f"{name}.{field} has no list of allowed values in the schema")
            return list(enum)
    raise DataError(f"{name} has no column {field!r}")


def _read_rows(text: str, label: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Read a CSV's text, remembering the file line on which each row starts."""
    with io.StringIO(text, newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise DataError(f"{label}: the file is empty (expected a header row)") from None
        rows = []
        line = reader.line_num + 1
        for row in reader:
            rows.append((line, row))
            line = reader.line_num + 1
    for line, row in rows:
        if len(row) != len(header):
            raise DataError(
                f"{label}, line {line}: {len(row)} values but the header has {len(header)} columns"
            )
    return header, rows


#: How the CSVs write values: digits only (no spaces, separators, signs for whole numbers
#: or exponents), dates as YYYY-MM-DD with two-digit month and day.
_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _convert(field: dict, values: list[str], lines: list[int], label: str) -> pd.Series:
    name, kind = field["name"], field.get("type", "string")
    required = field.get("constraints", {}).get("required", False)
    enum = field.get("constraints", {}).get("enum")

    def fail(i: int, expected: str) -> DataError:
        return DataError(
            f"{label}, line {lines[i]}, column {name!r}: value {values[i]!r} is not {expected}"
        )

    for i, value in enumerate(values):
        if required and value == "":
            raise fail(i, "allowed to be empty")
    if enum is not None:
        for i, value in enumerate(values):
            if value != "" and value not in enum:
                raise fail(i, "one of " + ", ".join(enum))
        return pd.Series(pd.Categorical(
            [v if v != "" else None for v in values], categories=enum, ordered=True), name=name)
    if kind == "string":
        return pd.Series([v if v != "" else None for v in values], name=name, dtype="str")
    if kind == "date":
        parsed = pd.to_datetime(pd.Series(values), format="%Y-%m-%d", errors="coerce")
        for i, value in enumerate(values):
            if value != "" and (pd.isna(parsed[i]) or not _DATE.fullmatch(value)):
                raise fail(i, "a real date written YYYY-MM-DD")
        return parsed.astype("datetime64[s]").rename(name)
    if kind in ("integer", "number"):
        pattern, expected = (_INTEGER, "a whole number") if kind == "integer" else (_NUMBER, "a number")
        for i, value in enumerate(values):
            if value != "" and not pattern.fullmatch(value):
                raise fail(i, expected)
        parsed = pd.to_numeric(pd.Series(values).replace("", None))
        return (parsed.astype("Int64") if kind == "integer" else parsed.astype("float64")).rename(name)
    raise DataError(f"{label}: column {name!r} has type {kind!r}, which the loader does not know")


def load(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Load one dataset of the data package as a typed DataFrame.

    Parameters
    ----------
    name : str
        The resource name, e.g. ``"membership"`` or ``"sources"``.
    folder : path, optional
        A data folder other than the course's (tests use copies).

    Returns
    -------
    pandas.DataFrame
        Columns in schema order, typed from the schema.

    Raises
    ------
    DataError
        If the file is missing a column, has an extra one, or holds a value
        that does not fit its column; the message names file, line and column.

    Examples
    --------
    >>> sources = load("sources")
    >>> sources.columns[:3].tolist()
    ['source_id', 'title', 'author']
    >>> sources["source_id"].is_unique
    True
    """
    folder = Path(folder) if folder else data_dir()
    res = resource(name, folder)
    path = folder / res["path"]
    label = f"data/{res['path']}"
    if not path.exists():
        raise DataError(f"{label}: file not found")
    # Parsing is the slow part; it is remembered by the exact bytes of the schema and the file
    # (never by the path), so an edited file or schema is read afresh, and an unchanged copy of
    # the data in another folder is not parsed twice. Callers always get their own copy.
    raw = path.read_bytes()
    key = (json.dumps(res, sort_keys=True), hashlib.sha1(raw).hexdigest(), label)
    if key not in _PARSED:
        if len(_PARSED) >= 64:
            _PARSED.pop(next(iter(_PARSED)))
        _PARSED[key] = _parse(res, raw.decode("utf-8"), label)
    return _PARSED[key].copy(deep=True)


#: Parsed tables by (schema, sha1 of the file's bytes, label); see :func:`load`.
_PARSED: dict = {}


def _parse(res: dict, text: str, label: str) -> pd.DataFrame:
    header, rows = _read_rows(text, label)
    fields = res["schema"]["fields"]
    expected = [f["name"] for f in fields]
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(map(repr, missing)))
        if extra:
            parts.append("unexpected column(s) " + ", ".join(map(repr, extra)))
        raise DataError(f"{label}, line 1 (header): " + "; ".join(parts)
                        + f". Expected: {', '.join(expected)}")
    lines = [line for line, _ in rows]
    columns = {}
    for field in fields:
        j = header.index(field["name"])
        columns[field["name"]] = _convert(field, [r[j] for _, r in rows], lines, label)
    return pd.DataFrame(columns).reset_index(drop=True)


def table(name: str, rows, columns=None, folder: Path | None = None) -> pd.DataFrame:
    """A small hand-made table typed exactly like dataset ``name`` (for tests and exercises).

    Parameters
    ----------
    name : str
        The dataset whose schema gives column order and types.
    rows : list of tuples
        Values in the order of ``columns``; ``None`` or ``""`` for missing.
    columns : list of str, optional
        The columns the tuples give (default: all, in schema order). Schema columns
        left out are empty; an unknown column is an error.

    Examples
    --------
    >>> t = table("membership", [("CSTO", "ARM", "froze", "2024-02-22", "day", "s1")],
    ...           columns=["organization", "country", "event", "date", "date_precision", "source_id"])
    >>> t.dtypes["date"], t.loc[0, "event"], pd.isna(t.loc[0, "note"])
    (dtype('<M8[s]'), 'froze', True)
    """
    fields = resource(name, folder)["schema"]["fields"]
    names = [f["name"] for f in fields]
    columns = names if columns is None else list(columns)
    unknown = [c for c in columns if c not in names]
    if unknown:
        raise DataError(f"{name} has no column(s) {unknown}; its columns are {names}")
    text = [["" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in row] for row in rows]
    for i, row in enumerate(text):
        if len(row) != len(columns):
            raise DataError(f"row {i} has {len(row)} values for {len(columns)} columns")
    lines = list(range(1, len(text) + 1))
    out = {}
    for field in fields:
        col = field["name"]
        values = [row[columns.index(col)] for row in text] if col in columns else [""] * len(text)
        relaxed = {**field, "constraints": {k: v for k, v in field.get("constraints", {}).items() if k != "required"}}
        out[col] = _convert(relaxed, values, lines, f"table({name!r})")
    return pd.DataFrame(out)


def sources(folder: Path | None = None) -> pd.DataFrame:
    """Return the table of sources, indexed by ``source_id``.

    >>> sources().loc["diplomat-2024-scepanovic", "publisher"]
    'The Diplomat'
    """
    return load("sources", folder).set_index("source_id")


#: The names lessons show instead of ``countries``' ISO list names, which are long ("Russian
#: Federation", "Iran (Islamic Republic of)"). The course's display convention, in one place.
SHORT_NAMES = {"GBR": "United Kingdom", "IRN": "Iran", "KOR": "South Korea",
               "MDA": "Moldova", "MKD": "North Macedonia", "RUS": "Russia", "USA": "United States",
               "VNM": "Vietnam"}


def country_names(short: bool = True, folder: Path | None = None) -> dict:
    """ISO3 code → country name from ``countries``; ``short`` (the default) uses :data:`SHORT_NAMES`.

    >>> names = country_names()
    >>> names["KGZ"], names["RUS"], names["IRN"], country_names(short=False)["RUS"]
    ('Kyrgyzstan', 'Russia', 'Iran', 'Russian Federation')
    """
    countries = load("countries", folder)
    names = dict(zip(countries["iso3"], countries["name"]))
    if short:
        names.update({code: name for code, name in SHORT_NAMES.items() if code in names})
    return names


def format_date(value, precision: str | None = "day") -> str:
    """Write a date only as precisely as it is known.

    >>> format_date(pd.Timestamp("2024-02-01"), "month")
    '2024-02'
    >>> format_date(pd.Timestamp("1992-05-15"), "day")
    '1992-05-15'
    >>> format_date(pd.NaT)
    'n.d.'
    """
    if pd.isna(value):
        return "n.d."
    pattern = {"year": "%Y", "month": "%Y-%m"}.get(str(precision), "%Y-%m-%d")
    return pd.Timestamp(value).strftime(pattern)


def cite(source_ids, folder: Path | None = None) -> list[str]:
    """Format sources as short reference lines, one per distinct id, in first-seen order.

    Parameters
    ----------
    source_ids : iterable of str
        Ids from any table's ``source_id`` column (repeats are fine).

    Examples
    --------
    >>> cite(["diplomat-2024-scepanovic"])[0]
    'Šćepanović, J. — The Diplomat (2024-07): Will the CSTO, Russia’s Answer to NATO, Expand? https://manage.thediplomat.com/2024/07/will-the-csto-russias-answer-to-nato-expand'
    """
    table = sources(folder)
    ids = list(dict.fromkeys(source_ids))
    unknown = [i for i in ids if i not in table.index]
    if unknown:
        raise DataError("unknown source id(s): " + ", ".join(unknown))
    lines = []
    for sid in ids:
        row = table.loc[sid]
        when = format_date(row["published"], row["published_precision"])
        who = f"{row['author']} — " if not pd.isna(row.get("author")) else ""
        lines.append(f"{who}{row['publisher']} ({when}): {row['title']} {row['url']}")
    return lines
