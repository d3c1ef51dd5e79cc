"""Working with sourced rows: the jobs every lesson does on tables with one row per source.

Every table of the course keeps one row per source, so that a disagreement stays
visible. The same few jobs then recur in every lesson, and live here once:

- :func:`attach_sources` adds who published each row's source, what kind of source it
  is and when it appeared;
- :func:`date_interval` and :func:`dates_agree` read a date only as precisely as it is
  known, so "1993" does not contradict "1993-09-24";
- :func:`majority` is the one vote every "most sources say" in the course uses, with one
  tie rule;
- :func:`consensus_dates` dates each event (or step) as most sources date it, and counts
  the sources and the distinct dates behind it, flagging true conflicts;
- :func:`in_theme` keeps every row of the events filed under a theme (sources may file
  one event under different themes);
- :func:`days_between` counts the days between two dates;
- :func:`case_responses` gives, case by case, how many sources report each kind of CSTO
  response in ``assistance_requests``.

>>> ev = load("events")
>>> c = consensus_dates(ev[ev["event_id"] == "2022-01-19-withdrawal-completed"])
>>> c[["date", "n_sources", "dates"]].values.tolist()
[[Timestamp('2022-01-19 00:00:00'), 5, '2022-01 ×1; 2022-01-19 ×4']]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from csto.data import format_date, load, sources as load_sources

__all__ = ["PRECISIONS", "Vote", "majority", "attach_sources", "date_interval", "dates_agree",
           "consensus_dates", "in_theme", "days_between", "case_responses"]

#: How precisely a date can be known, most precise first.
PRECISIONS = ("day", "month", "year")
_RANK = {p: i for i, p in enumerate(PRECISIONS)}


# --------------------------------------------------------------------------- sources

def attach_sources(rows: pd.DataFrame, columns=("publisher", "kind", "published"), *,
                   sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add, for each row, who published its source, what kind of source it is and when.

    Parameters
    ----------
    rows : pandas.DataFrame
        Any table with a ``source_id`` column; its index is kept.
    columns : sequence of str
        Columns of the ``sources`` table to add. ``published`` is written only as
        precisely as it is known (``n.d.`` when undated); ``kind`` as plain text.
    sources : pandas.DataFrame, optional
        The ``sources`` table (indexed by ``source_id`` or with that column); loaded
        when not given. Pass it when calling many times.

    Returns
    -------
    pandas.DataFrame
        A copy of ``rows`` with the columns added (replaced if already there).

    Raises
    ------
    ValueError
        If ``rows`` has no ``source_id`` column, or cites a source the table does not hold.

    Examples
    --------
    >>> m = load("membership")
    >>> r = attach_sources(m[(m["country"] == "ARM") & (m["event"] == "announced_exit")])
    >>> r[["source_id", "publisher", "kind", "published"]].iloc[0].tolist()
    ['diplomat-2024-scepanovic', 'The Diplomat', 'news', '2024-07']
    """
    if "source_id" not in rows.columns:
        raise ValueError("the table has no 'source_id' column, so its sources cannot be looked up")
    table = load_sources() if sources is None else sources
    if "source_id" in table.columns:
        table = table.set_index("source_id")
    missing = sorted(set(rows["source_id"].dropna()) - set(table.index))
    if missing:
        raise ValueError("unknown source id(s): " + ", ".join(missing))
    out = rows.copy()
    for col in columns:
        if col == "published":
            values = pd.Series([format_date(d, p) for d, p in
                                zip(table["published"], table["published_precision"])], index=table.index)
        elif col == "kind":
            values = table["kind"].astype(str)
        else:
            values = table[col]
        out[col] = out["source_id"].map(values)
    return out


# --------------------------------------------------------------------------- dates

def date_interval(date, precision: str = "day") -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day a date can mean, given how precisely it is known.

    A date known to the year is stored as 1 January, but it means "some day that year".

    Parameters
    ----------
    date : date-like
    precision : {"day", "month", "year"}

    Examples
    --------
    >>> [d.date().isoformat() for d in date_interval("1993-01-01", "year")]
    ['1993-01-01', '1993-12-31']
    >>> [d.date().isoformat() for d in date_interval("2024-02-01", "month")]
    ['2024-02-01', '2024-02-29']
    """
    precision = str(precision)
    if precision not in _RANK:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    start = pd.Timestamp(date)
    if pd.isna(start):
        raise ValueError("date is missing")
    if precision == "year":
        return start, start + pd.offsets.YearEnd(0)
    if precision == "month":
        return start, start + pd.offsets.MonthEnd(0)
    return start, start


def dates_agree(dates, precisions) -> bool:
    """Whether dates given at different precisions can all be true at once.

    They agree when their intervals (see :func:`date_interval`) share at least one day:
    "1993" and "1993-09-24" agree; "1993-09-09" and "1993-12-09" do not.

    Examples
    --------
    >>> dates_agree(["1993-01-01", "1993-09-24"], ["year", "day"])
    True
    >>> dates_agree(["1993-09-09", "1993-12-09"], ["day", "day"])
    False
    """
    dates, precisions = list(dates), list(precisions)
    if len(dates) != len(precisions):
        raise ValueError("give one precision per date")
    if not dates:
        raise ValueError("no dates to compare")
    spans = [date_interval(d, p) for d, p in zip(dates, precisions)]
    return max(s for s, _ in spans) <= min(e for _, e in spans)


def days_between(earlier, later) -> int:
    """Whole days from ``earlier`` to ``later`` (negative if ``later`` comes first).

    >>> days_between("2022-01-06", "2022-01-19")
    13
    >>> days_between("2024-06-25", "2024-06-12")
    -13
    """
    return int((pd.Timestamp(later) - pd.Timestamp(earlier)).days)


def consensus_dates(rows: pd.DataFrame, by="event_id", *, keep=()) -> pd.DataFrame:
    """One row per event (or per group of ``by``), dated as most sources date it.

    Each row votes for its date *as written* (a date and its precision). The date with
    most votes wins; on a tie the more precise date wins (a bare year is stored as
    1 January and must not beat a day), then the earlier one. Nothing is averaged:
    the other dates stay listed, and ``conflict`` says whether they truly contradict
    one another or only differ in precision (see :func:`dates_agree`).

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows with ``date``, ``date_precision`` and ``source_id`` (``events``, ``membership`` ...).
        Rows without a date count as sources but do not vote.
    by : str or list of str
        The column(s) that name one event.
    keep : sequence of str
        Columns to take from the winning row (the first row, in table order, that gives
        the winning date), e.g. ``["title"]``.

    Returns
    -------
    pandas.DataFrame
        ``*by, date, date_precision, n_sources, n_dates, dates, conflict, *keep``, sorted by
        date. ``dates`` lists each distinct date, as precisely as it is known, with its
        number of rows (``'2022-01-19 ×4; 2022-01-20 ×1'``); ``n_dates > 1`` flags a
        disagreement and ``conflict`` a true one.

    Examples
    --------
    >>> rows = pd.DataFrame({"event_id": ["e", "e", "e"],
    ...                      "date": pd.to_datetime(["2024-05-01", "2024-05-08", "2024-05-01"]),
    ...                      "date_precision": ["month", "day", "month"], "source_id": ["a", "b", "c"]})
    >>> r = consensus_dates(rows).iloc[0]
    >>> format_date(r["date"], r["date_precision"]), int(r["n_dates"]), r["dates"], bool(r["conflict"])
    ('2024-05', 2, '2024-05 ×2; 2024-05-08 ×1', False)
    """
    by = [by] if isinstance(by, str) else list(by)
    keep = list(keep)
    out = []
    for key, g in rows.groupby(by, sort=True, observed=True):
        dated = g[g["date"].notna()]
        given = list(zip(dated["date"], dated["date_precision"].astype(str)))
        votes = Counter(given)
        if votes:
            # tie: the more precise date, then the earlier (a bare year is stored as 1 January)
            best = majority(votes, prefer=lambda dp: (_RANK[dp[1]], dp[0])).winner
            winner = dated[[dp == best for dp in given]].iloc[0]
            listed = sorted(votes, key=lambda dp: (dp[0], -_RANK[dp[1]]))
            text = "; ".join(f"{format_date(d, p)} ×{votes[(d, p)]}" for d, p in listed)
            conflict = not dates_agree([d for d, _ in listed], [p for _, p in listed])
            found = (winner["date"], winner["date_precision"], text, conflict, *(winner[c] for c in keep))
        else:
            found = (pd.NaT, None, "", False, *(None for _ in keep))
        key = key if isinstance(key, tuple) else (key,)
        out.append((*key, found[0], found[1], g["source_id"].nunique(), len(votes), *found[2:]))
    columns = by + ["date", "date_precision", "n_sources", "n_dates", "dates", "conflict"] + keep
    table = pd.DataFrame(out, columns=columns)
    for col in by + ["date", "date_precision"] + keep:
        if len(table) and col in rows.columns:
            table[col] = table[col].astype(rows[col].dtype)
    return table.sort_values(["date", *by], kind="stable", key=_sortable).reset_index(drop=True)


def _sortable(column: pd.Series) -> pd.Series:
    """Sort categorical keys by their text, as the other keys are."""
    return column.astype(str) if isinstance(column.dtype, pd.CategoricalDtype) else column


# --------------------------------------------------------------------------- votes

@dataclass(frozen=True)
class Vote:
    """The outcome of :func:`majority`."""

    winner: object
    votes: int
    tied: tuple
    counts: dict

    @property
    def is_tie(self) -> bool:
        return len(self.tied) > 1


def majority(votes, prefer=None) -> Vote:
    """The value most votes back: the course's one rule for "what most sources say".

    ``votes`` is an iterable of values, one per source (or a mapping value → count).
    The value with most votes wins. **The tie rule**, the same everywhere: among values
    with equally many votes, the one that comes first in the caller's stated order
    (``prefer``, a sort key; by default the values' natural order) wins, and ``tied``
    lists every value with that many votes, so a caller can show the split instead
    (``is_tie``). Nothing is averaged. With no votes, ``winner`` is None.

    Examples
    --------
    >>> majority(["2,500", "2,030", "2,500"]).winner
    '2,500'
    >>> v = majority([2000, 2500]); (v.winner, v.tied, v.is_tie)
    (2000, (2000, 2500), True)
    >>> majority([2000, 2500], prefer=lambda x: -x).winner
    2500
    >>> majority([]).winner is None
    True
    """
    counts = dict(votes) if isinstance(votes, dict) else dict(Counter(votes))
    counts = {k: int(n) for k, n in counts.items() if n}
    if not counts:
        return Vote(None, 0, (), {})
    key = prefer or (lambda value: value)
    top = max(counts.values())
    tied = tuple(sorted((k for k, n in counts.items() if n == top), key=key))
    return Vote(tied[0], top, tied, counts)


# --------------------------------------------------------------------------- themes

def in_theme(rows: pd.DataFrame, theme) -> pd.DataFrame:
    """Every row of the events that at least one source files under ``theme``.

    Sources may file one event under different themes, so a theme selects *events*
    (by ``event_id``), and all their rows are kept, whatever their own theme.

    Parameters
    ----------
    rows : pandas.DataFrame
        The ``events`` table, or rows of it.
    theme : str or list of str
        One theme or several.

    Examples
    --------
    >>> ev = load("events")
    >>> one = in_theme(ev, "kazakhstan_2022")
    >>> one.loc[one["event_id"] == "2022-01-06-csto-council-decision", "theme"].astype(str).unique().tolist()
    ['origins', 'kazakhstan_2022']
    """
    wanted = [theme] if isinstance(theme, str) else list(theme)
    known = (list(rows["theme"].cat.categories) if isinstance(rows["theme"].dtype, pd.CategoricalDtype)
             else sorted(rows["theme"].dropna().astype(str).unique()))
    unknown = [t for t in wanted if t not in known]
    if unknown:
        raise ValueError(f"no theme {', '.join(map(repr, unknown))}; themes are: {', '.join(known)}")
    ids = set(rows.loc[rows["theme"].astype(str).isin(wanted), "event_id"])
    return rows[rows["event_id"].isin(ids)]


# --------------------------------------------------------------------------- requests for help

def case_responses(requests: pd.DataFrame, state: str | None = None) -> pd.DataFrame:
    """One row per case of ``assistance_requests``: how many sources report each CSTO response.

    Counts are of sources, not of responses: five sources describing one mission count
    five. Every response kind of the schema gets a column, so a kind no source reports
    shows as 0. ``response`` is the kind most sources report; ``"sources split"`` when two
    kinds tie, ``"not reported"`` when no source says what the CSTO did.

    Parameters
    ----------
    requests : pandas.DataFrame
        The ``assistance_requests`` table.
    state : str, optional
        ISO3 code; keep only the cases whose ``states`` list holds it.

    Returns
    -------
    pandas.DataFrame
        ``case_id, states, threat_kind, n_sources, articles, <one column per response
        kind>, not_stated, response, n_responses``; ``articles`` lists the treaty articles
        any source names (``"none named"`` if none).

    Raises
    ------
    ValueError
        If no case involves ``state``.

    Examples
    --------
    >>> c = case_responses(load("assistance_requests")).set_index("case_id")
    >>> c.loc["kaz-2022-unrest", ["articles", "response"]].tolist(), int(c.loc["kaz-2022-unrest", "deployment"])
    (['Article 2; Article 4', 'deployment'], 11)
    >>> c.loc["arm-2020-tavush", "response"]
    'sources split'
    """
    rows = requests
    if state is not None:
        rows = rows[rows["states"].fillna("").str.split(";").apply(lambda c: state in [s.strip() for s in c])]
        if rows.empty:
            raise ValueError(f"no assistance cases for {state!r}")
    kinds = (list(requests["response_kind"].cat.categories)
             if isinstance(requests["response_kind"].dtype, pd.CategoricalDtype)
             else sorted(requests["response_kind"].dropna().unique()))
    out = []
    for case_id, g in rows.groupby("case_id", sort=True):
        said = g["response_kind"].astype(object)
        counts = {k: int(g.loc[said == k, "source_id"].nunique()) for k in kinds}
        vote = majority(counts)
        response = "not reported" if vote.winner is None else "sources split" if vote.is_tie else vote.winner
        ranked = [k for k, n in counts.items() if n]
        articles = sorted({a.strip() for cell in g["article_invoked"].dropna() for a in str(cell).split(";")})
        states = sorted({s.strip() for cell in g["states"].dropna() for s in cell.split(";")})
        out.append({"case_id": case_id, "states": ";".join(states),
                    "threat_kind": str(g["threat_kind"].iloc[0]), "n_sources": int(g["source_id"].nunique()),
                    "articles": "; ".join(articles) if articles else "none named", **counts,
                    "not_stated": int(g.loc[said.isna(), "source_id"].nunique()),
                    "response": response, "n_responses": len(ranked)})
    return pd.DataFrame(out)
