"""Who was a member when? Pure functions over the ``membership`` table.

Sources often disagree on a date (signature, ratification or entry into force;
June or December). :func:`consensus` keeps, for each state's step, the date that
most sources give (on a tie the more precise, then the earlier) and counts how many
sources and distinct dates stand behind it, so the disagreement stays visible; the
vote itself is :func:`csto.evidence.consensus_dates`, shared with the events table.

A state's status at a moment follows its steps in date order:

- ``signed``, ``acceded``, ``founded``, ``joined``, ``rejoined`` make it a *member*;
- ``froze`` makes it *frozen* (still formally a member, not taking part);
- ``left``, ``withdrew``, ``suspended`` make it *out*;
- other steps (``in_force``, ``renewed``, ``charter_signed``, ``stopped_dues``,
  ``announced_exit``)
  do not change the status.

A year's status is the status on 31 December of that year.

>>> m = load("membership")
>>> status_in_year(m, 1995).query("status == 'member'")["country"].tolist()
['ARM', 'AZE', 'BLR', 'GEO', 'KAZ', 'KGZ', 'RUS', 'TJK', 'UZB']
"""

from __future__ import annotations

import hashlib

import pandas as pd

from csto.data import format_date, load
from csto.evidence import consensus_dates

__all__ = ["STATUSES", "STEP_WORDS", "EFFECT", "ENTRIES", "EXITS", "RETURNS", "consensus", "histories", "status_after",
           "status_on", "status_in_year", "status_matrix",
           "status_counts", "count_by_year", "timeline", "who_was_in"]

STATUSES = ["member", "frozen", "out"]
#: Each kind of membership step in words (every value the schema allows has one), for tables and controls.
STEP_WORDS = {
    "signed": "signed the treaty", "acceded": "acceded to the treaty", "in_force": "treaty in force",
    "renewed": "renewed the treaty", "charter_signed": "signed the CSTO Charter", "founded": "founded GUAM",
    "joined": "joined", "rejoined": "rejoined", "froze": "froze its participation",
    "stopped_dues": "stopped paying dues", "announced_exit": "announced it would leave",
    "suspended": "membership suspended", "left": "left", "withdrew": "withdrew",
}

#: The status rule, in one place: the status each step gives. Steps of the schema's
#: ``event`` list that are not here change nothing (a test keeps the two in step).
EFFECT = {"signed": "member", "acceded": "member", "founded": "member", "joined": "member",
          "rejoined": "member", "froze": "frozen", "left": "out", "withdrew": "out",
          "suspended": "out"}

#: Steps that bring a state back after an exit; every other step that makes a member is an entry.
RETURNS = frozenset({"rejoined"})
#: Steps by which a state first comes in (the validator dates every other step against them).
ENTRIES = frozenset(e for e, s in EFFECT.items() if s == "member") - RETURNS
#: Steps that take a state out.
EXITS = frozenset(e for e, s in EFFECT.items() if s == "out")


#: Steps that are one step told two ways: whether a state "signed" in 1992 or
#: "acceded" in 1993 is exactly what sources disagree on, so both compete for one date.
_SAME_STEP = {"acceded": "signed"}


def consensus(membership: pd.DataFrame) -> pd.DataFrame:
    """One row per organization, country and step, dated as most sources date it.

    Entering the treaty counts as one step whether a source calls it ``signed``
    or ``acceded``; the row keeps the name used by the winning sources.

    On a tie the more precise date wins (a bare year is stored as 1 January and
    must not beat a day), then the earlier one.

    Returns columns ``organization, country, event, date, date_precision,
    n_sources, n_dates`` sorted by date; ``n_dates > 1`` flags a disagreement.

    >>> c = consensus(load("membership"))
    >>> c.columns.tolist()
    ['organization', 'country', 'event', 'date', 'date_precision', 'n_sources', 'n_dates']
    """
    # remembered by the table's content in row order (a reordered table is a different key)
    key = hashlib.sha1(pd.util.hash_pandas_object(membership, index=False).to_numpy().tobytes()
                       + ",".join(map(str, membership.columns)).encode()).hexdigest()
    if key not in _MEMO:
        if len(_MEMO) >= 16:
            _MEMO.clear()
        _MEMO[key] = _consensus(membership)
    return _MEMO[key].copy()


#: consensus() is the slow step behind every status question, and lessons ask many;
#: results are remembered by the table's content, so an edited table is recomputed.
_MEMO: dict = {}


def _consensus(membership: pd.DataFrame) -> pd.DataFrame:
    steps = membership.assign(step=membership["event"].astype(str).replace(_SAME_STEP))
    out = consensus_dates(steps, ["organization", "country", "step"], keep=["event"])
    out = out[["organization", "country", "event", "date", "date_precision", "n_sources", "n_dates"]]
    return out.sort_values(["date", "organization", "country", "event"], kind="stable").reset_index(drop=True)


def status_on(membership: pd.DataFrame, when, organization: str = "CSTO") -> pd.DataFrame:
    """Status of every state that ever took a step in ``organization``, on a date.

    States whose first step comes later are listed as ``out``.

    >>> s = status_on(load("membership"), "2024-06-30")
    >>> s.set_index("country").loc["ARM", "status"]
    'frozen'
    """
    when = pd.Timestamp(when)
    rows = [(country, status_after(history, when))
            for country, history in histories(membership, organization).items()]
    out = pd.DataFrame(rows, columns=["country", "status"])
    out["status"] = pd.Categorical(out["status"], categories=STATUSES, ordered=True)
    return out


def histories(membership: pd.DataFrame, organization: str = "CSTO") -> dict:
    """Each state's consensus steps in ``organization`` as ``(date, event)`` pairs, oldest first.

    >>> histories(load("membership"), "GUAM")["UZB"][0][1]
    'joined'
    """
    steps = consensus(membership)
    steps = steps[steps["organization"] == organization]
    return {country: list(zip(g["date"], g["event"].astype(str)))
            for country, g in steps.groupby("country", sort=True)}


def status_after(history, when) -> str:
    """The status a history of ``(date, event)`` steps gives on ``when`` (the rules above).

    >>> status_after([(pd.Timestamp("1992-05-15"), "signed"), (pd.Timestamp("1999-04-02"), "left")], pd.Timestamp("2000-01-01"))
    'out'
    """
    status = "out"
    for date, event in history:
        if date <= when:
            status = EFFECT.get(str(event), status)
    return status


def status_matrix(membership: pd.DataFrame, first: int, last: int, organization: str = "CSTO") -> pd.DataFrame:
    """Status at the end of every year from ``first`` to ``last``: one row per state, one column per year.

    >>> status_matrix(load("membership"), 2005, 2007).loc["UZB"].tolist()
    ['out', 'member', 'member']
    """
    if int(first) > int(last):
        raise ValueError(f"first year {first} is after last year {last}")
    steps = histories(membership, organization)
    out = pd.DataFrame({year: {c: status_after(h, pd.Timestamp(f"{year}-12-31")) for c, h in steps.items()}
                        for year in range(int(first), int(last) + 1)})
    out.index.name, out.columns.name = "country", "year"
    return out


def status_in_year(membership: pd.DataFrame, year: int, organization: str = "CSTO") -> pd.DataFrame:
    """Status of each state at the end of ``year`` (31 December).

    >>> status_in_year(load("membership"), 2010).query("status == 'member'").shape[0]
    7
    """
    return status_on(membership, f"{int(year)}-12-31", organization)


def count_by_year(membership: pd.DataFrame, first: int, last: int, organization: str = "CSTO") -> pd.DataFrame:
    """Number of members and frozen members at the end of each year from ``first`` to ``last``.

    >>> counts = count_by_year(load("membership"), 1992, 2002)
    >>> counts.set_index("year").loc[[1992, 1999], "member"].tolist()
    [6, 6]
    """
    counts = status_counts(status_matrix(membership, first, last, organization))
    return counts[["member", "frozen"]].rename_axis(columns=None).reset_index()


def status_counts(matrix: pd.DataFrame) -> pd.DataFrame:
    """Number of states in each status per year, from :func:`status_matrix`.

    >>> status_counts(status_matrix(load("membership"), 1998, 1999)).to_dict("index")
    {1998: {'member': 9, 'frozen': 0, 'out': 0}, 1999: {'member': 6, 'frozen': 0, 'out': 3}}
    """
    out = pd.DataFrame({s: (matrix == s).sum(axis=0) for s in STATUSES})
    out.columns.name = "status"
    return out.astype(int)


def timeline(membership: pd.DataFrame, country: str, organization: str | None = None) -> pd.DataFrame:
    """Every step of one state, one row per source, oldest first.

    >>> timeline(load("membership"), "UZB", "GUAM")["event"].iloc[0]
    'joined'
    """
    rows = membership[membership["country"] == country]
    if organization:
        rows = rows[rows["organization"] == organization]
    if rows.empty:
        raise ValueError(f"no membership steps for {country!r}"
                         + (f" in {organization}" if organization else ""))
    cols = ["organization", "event", "date", "date_precision", "source_id", "note"]
    return rows.sort_values(["date", "organization", "event", "source_id"], kind="stable")[cols].reset_index(drop=True)


def who_was_in(year: int = 2024, organization: str = "CSTO") -> pd.DataFrame:
    """Table of every state that ever took a step in ``organization``, with its status at
    the end of ``year``, the last step before then and how many sources date that step.

    This is the pure function behind lesson 00's widget.

    >>> t = who_was_in(2024, "CSTO")
    >>> t.loc[t["state"] == "Armenia", ["status", "last step"]].values.tolist()
    [['frozen', 'announced it would leave (2024-06-12)']]
    """
    membership = load("membership")
    names = load("countries").set_index("iso3")["name"]
    steps = consensus(membership)
    steps = steps[(steps["organization"] == organization) & (steps["date"] <= pd.Timestamp(f"{int(year)}-12-31"))]
    status = status_in_year(membership, year, organization)
    rows = []
    for country, st in zip(status["country"], status["status"]):
        mine = steps[steps["country"] == country]
        if mine.empty:
            rows.append((names[country], st, "none yet", 0))
            continue
        last = mine.iloc[-1]
        step = STEP_WORDS.get(last["event"], str(last["event"]).replace("_", " "))
        rows.append((names[country], st, f"{step} ({format_date(last['date'], last['date_precision'])})",
                     int(last["n_sources"])))
    out = pd.DataFrame(rows, columns=["state", "status", "last step", "sources"])
    out["status"] = pd.Categorical(out["status"], categories=STATUSES, ordered=True)
    return out.sort_values(["status", "state"]).reset_index(drop=True)
