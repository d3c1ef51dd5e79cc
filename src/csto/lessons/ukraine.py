"""Lesson 05 · The Ukraine war and multi-vector diplomacy: votes, recognitions, partners.

What the lesson needs beyond the toolkit:

- :func:`members` names the six states that were CSTO members (taking part or frozen)
  throughout the years of the UN votes, read from ``membership``;
- :func:`resolution_table` gives one row per General Assembly text, with a short label
  and the totals most sources report; :func:`member_votes` one row per member and text,
  the vote most sources give (``"sources split"`` if they tie);
- :func:`vote_grid_marks` / :func:`draw_vote_grid` draw the members × texts grid,
  where a cell without a source says so instead of guessing;
- :func:`compare_with_russia` is the widget's pure function: one member's votes against
  Russia's, or every member's vote on one text;
- :func:`event_lines` gives a timeline one line per event, dated as most sources date it;
- :func:`evidence_table` lays out the rows behind a ledger claim for a judge task;
- :func:`partnership_marks` / :func:`draw_partnerships` draw members' other partnerships
  by partner and start date.

Expected answers of the *Try it* tasks are computed here from the data.

>>> members()
['ARM', 'BLR', 'KAZ', 'KGZ', 'RUS', 'TJK']
>>> resolution_table()["label"].tolist()[:3]
['68/262', 'ES-11/1', 'ES-11/2']
"""

from __future__ import annotations

import functools

import matplotlib.patches as mpatches
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from csto.data import country_names, format_date, load
from csto.evidence import consensus_dates, in_theme, majority
from csto.ledger import claims, judgement
from csto.membership import status_matrix
from csto.plots import OKABE_ITO
from csto.tasks import task

#: The lesson number: this module belongs to notebooks/05-*.ipynb.
LESSON = "05"

#: The widget functions of this lesson (the benchmark times each).
WIDGETS = ("compare_with_russia",)

__all__ = ["LESSON", "WIDGETS", "NO_SOURCE", "VOTE_ORDER", "KIND_FAMILIES", "members", "state_names",
           "resolution_table", "member_votes", "vote_grid_marks", "draw_vote_grid", "grid_facts",
           "compare_with_russia", "pick_options", "event_lines", "evidence_table", "judge_rows",
           "partnership_marks", "draw_partnerships", "partnership_facts"]

#: What a cell of the votes grid says when no source gives the vote: never "absent".
NO_SOURCE = "no source found"
#: The recorded votes, in the order the figure's legend lists them, then the gap.
VOTE_ORDER = ("yes", "no", "abstain", "absent", NO_SOURCE)

#: Short labels for the texts the data keys by date (no document symbol was found).
_KEYED_LABELS = {
    "2023-04-26:un-council-of-europe-cooperation": "UN–CoE",
    "2025-02-24:us-text-path-to-peace": "US text",
    "2026-02-24:support-lasting-peace": "Lasting peace",
}

#: Partnership kinds grouped into families for the figure and the counts (kinds differ in weight).
KIND_FAMILIES = {
    "membership": "membership",
    "observer": "observer or partner",
    "dialogue_partner": "observer or partner",
    "partner_state": "observer or partner",
    "partnership_programme": "programme or plan",
    "action_plan": "programme or plan",
    "summit_format": "summit format",
    "treaty": "treaty or agreement",
    "bilateral_agreement": "treaty or agreement",
    "accession_process": "treaty or agreement",
    "mission": "mission or facility",
    "facility": "mission or facility",
}
_FAMILY_STYLE = {  # colour and marker (Okabe–Ito, redundant encoding)
    "membership": (OKABE_ITO["blue"], "o"),
    "observer or partner": (OKABE_ITO["sky blue"], "s"),
    "programme or plan": (OKABE_ITO["orange"], "^"),
    "summit format": (OKABE_ITO["bluish green"], "D"),
    "treaty or agreement": (OKABE_ITO["vermillion"], "v"),
    "mission or facility": (OKABE_ITO["reddish purple"], "P"),
}
_VOTE_STYLE = {  # fill, text colour, hatch
    "yes": (OKABE_ITO["bluish green"], "white", ""),
    "no": (OKABE_ITO["vermillion"], "white", ""),
    "abstain": (OKABE_ITO["yellow"], "black", ""),
    "absent": ("#BBBBBB", "black", ""),
    NO_SOURCE: ("white", "#444444", "///"),
    "sources split": ("white", "black", "..."),
}


def _cached(*names):
    """A cache for a computation over data files, keyed on the files' size and modification time,
    so an edited file is read again (the widget must answer in well under 150 ms)."""
    from csto.data import data_dir

    folder = data_dir()
    stats = [(folder / f"{n}.csv").stat() for n in names]  # every resource is stored as <name>.csv
    key = (str(folder),) + tuple((n, st.st_mtime_ns, st.st_size) for n, st in zip(names, stats))

    def wrap(func):
        return functools.partial(_memo, key, func)
    return wrap


@functools.lru_cache(maxsize=32)
def _memo(key, func, *args):
    return func(*args)


# --------------------------------------------------------------------------- who and what

@functools.lru_cache(maxsize=4)
def members(first: int = 2014, last: int = 2025) -> list[str]:
    """ISO3 codes of the states that were CSTO members, taking part or frozen, at the end
    of every year from ``first`` to ``last`` (read from ``membership``), sorted.

    >>> members(2010, 2011)
    ['ARM', 'BLR', 'KAZ', 'KGZ', 'RUS', 'TJK', 'UZB']
    """
    matrix = status_matrix(load("membership"), first, last)
    inside = matrix.isin(["member", "frozen"]).all(axis=1)
    return sorted(matrix.index[inside])


def state_names(short: bool = True) -> dict:
    """ISO3 code → name, from ``countries`` (``Russia`` for the Russian Federation when ``short``).

    >>> state_names()["KGZ"], state_names()["RUS"], state_names(short=False)["RUS"]
    ('Kyrgyzstan', 'Russia', 'Russian Federation')
    """
    return country_names(short)


def _label(resolution: str) -> str:
    if resolution.startswith("A/RES/"):
        return resolution[len("A/RES/"):]
    return _KEYED_LABELS.get(resolution, resolution.split(":", 1)[-1].replace("-", " "))


def resolution_table(resolutions: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per General Assembly text, oldest first: its label, date, subject and the
    totals most sources report.

    Each source votes for its (yes, no, abstain) triple as printed (sources that leave one
    count out do not vote); the triple with most votes wins, ties going to the first in
    numeric order (:func:`csto.evidence.majority`). ``sources`` counts every source,
    ``other totals`` lists the triples the others give.

    >>> t = resolution_table().set_index("label")
    >>> t.loc["ES-11/1", ["yes", "no", "abstain"]].tolist(), t.loc["ES-11/1", "other totals"]
    ([141, 5, 35], '141–5–31 ×1')
    """
    if resolutions is None:
        return _cached("un_resolutions")(_resolution_table)(None).copy()
    return _resolution_table(resolutions)


def _resolution_table(resolutions) -> pd.DataFrame:
    rows = load("un_resolutions") if resolutions is None else resolutions
    votes, first, sources = {}, {}, {}
    for r in rows.itertuples(index=False):
        first.setdefault(r.resolution, (r.date, r.title))
        sources.setdefault(r.resolution, set()).add(r.source_id)
        if not any(pd.isna(v) for v in (r.yes, r.no, r.abstain)):
            votes.setdefault(r.resolution, []).append((int(r.yes), int(r.no), int(r.abstain)))
    out = []
    for res, (date, title) in first.items():
        vote = majority(votes.get(res, []))
        others = "; ".join(f"{a}–{b}–{c} ×{n}" for (a, b, c), n in sorted(vote.counts.items()) if (a, b, c) != vote.winner)
        yes, no, abstain = vote.winner if vote.winner else (pd.NA, pd.NA, pd.NA)
        out.append({"resolution": res, "label": _label(res), "date": date, "subject": title, "yes": yes, "no": no,
                    "abstain": abstain, "sources": len(sources[res]), "other totals": others})
    # same-day texts in label order (ES-11/7 was voted before the US text on 24 February 2025)
    table = pd.DataFrame(out).sort_values(["date", "label"], kind="stable").reset_index(drop=True)
    return table.astype({"yes": "Int64", "no": "Int64", "abstain": "Int64"})


def member_votes(votes: pd.DataFrame | None = None, states=None) -> pd.DataFrame:
    """One row per state and text that some source records: the vote most sources give.

    Returns ``resolution, label, date, country, state, vote, sources``; ``vote`` is
    ``"sources split"`` when two votes have equally many sources. A pair no source records
    has no row: it is *not* an absence.

    >>> v = member_votes().set_index(["label", "country"])
    >>> v.loc[("ES-11/3", "ARM"), "vote"], v.loc[("ES-11/3", "KAZ"), "vote"]
    ('absent', 'no')
    """
    if votes is None and states is None:
        return _cached("un_votes", "un_resolutions", "membership", "countries")(_member_votes)(None, None).copy()
    return _member_votes(votes, states)


def _member_votes(votes, states) -> pd.DataFrame:
    votes = load("un_votes") if votes is None else votes
    states = members() if states is None else list(states)
    names = state_names()
    res = resolution_table().set_index("resolution")
    rows = votes[votes["country"].isin(states)].astype({"vote": str})
    n = rows.groupby(["resolution", "country", "vote"]).size().rename("n").reset_index()
    top = n.groupby(["resolution", "country"])["n"].transform("max")
    winners = n[n["n"] == top]
    split = winners.groupby(["resolution", "country"])["vote"].transform("size") > 1
    winners = winners.assign(vote=winners["vote"].where(~split, "sources split")).drop_duplicates(["resolution", "country"])
    total = rows.groupby(["resolution", "country"])["source_id"].nunique().rename("sources").reset_index()
    out = winners[["resolution", "country", "vote"]].merge(total, on=["resolution", "country"])
    out["label"] = out["resolution"].map(res["label"]).fillna(out["resolution"].map(_label))
    out["date"] = out["resolution"].map(res["date"])
    out["state"] = out["country"].map(lambda c: names.get(c, c))
    out = out[["resolution", "label", "date", "country", "state", "vote", "sources"]]
    return out.sort_values(["date", "label", "country"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- the votes grid

def vote_grid_marks(votes: pd.DataFrame | None = None, states=None) -> pd.DataFrame:
    """What the votes grid draws: one cell per state and text, every pair included.

    Columns ``series`` (the vote, or ``"no source found"``), ``x`` (the text's label),
    ``y`` (the state's name), ``col`` and ``row`` (positions: texts oldest first, Russia in
    the top row, then the others by name), ``date`` and ``sources``.

    >>> m = vote_grid_marks()
    >>> len(m), m[m["series"] == NO_SOURCE][["x", "y"]].values.tolist()[:2]
    (66, [['ES-11/7', 'Kazakhstan'], ['ES-11/7', 'Kyrgyzstan']])
    """
    if votes is None and states is None:
        return _cached("un_votes", "un_resolutions", "membership", "countries")(_vote_grid_marks)(None, None).copy()
    return _vote_grid_marks(votes, states)


def _vote_grid_marks(votes, states) -> pd.DataFrame:
    states = members() if states is None else list(states)
    names = state_names()
    found = member_votes(votes, states).set_index(["resolution", "country"])
    texts = resolution_table()
    order = ["RUS"] + sorted((s for s in states if s != "RUS"), key=lambda s: names.get(s, s))
    out = []
    for col, t in enumerate(texts.itertuples(index=False)):
        for row, c in enumerate(order):
            key = (t.resolution, c)
            vote = found.at[key, "vote"] if key in found.index else NO_SOURCE
            n = int(found.at[key, "sources"]) if key in found.index else 0
            out.append({"series": vote, "x": t.label, "y": names.get(c, c), "col": col, "row": row,
                        "date": t.date, "sources": n, "country": c})
    return pd.DataFrame(out)


def grid_facts(marks: pd.DataFrame) -> str:
    """The figure description's facts, counted from the marks (never typed by hand).

    >>> grid_facts(vote_grid_marks()).split(";")[0]
    'Data drawn: 66 cells (6 states × 11 texts)'
    """
    counts = marks["series"].value_counts()
    parts = [f"{counts[v]} {v}" for v in VOTE_ORDER + ("sources split",) if v in counts]
    states, texts = marks["y"].nunique(), marks["x"].nunique()
    same = marks.merge(marks[marks["country"] == "RUS"][["x", "series"]], on="x", suffixes=("", "_rus"))
    allies = same[same["country"] != "RUS"]
    matches = allies[allies["series"] == allies["series_rus"]].groupby("y").size()
    with_russia = ", ".join(f"{s} {n}" for s, n in matches.items())
    return (f"Data drawn: {len(marks)} cells ({states} states × {texts} texts); "
            f"{', '.join(parts)}; cells voting as Russia did, by state: {with_russia}.")


def _words(n: int) -> str:
    """Small numbers in words, as a title writes them: ``_words(5)`` is ``'its five'``."""
    spelled = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
    return f"its {spelled.get(n, str(n))}"


def _month(d) -> str:
    return f"{pd.Timestamp(d):%b %Y}"


def draw_vote_grid(ax, marks: pd.DataFrame):
    """One cell per state and text, filled by the vote and labelled with it in words.

    A cell no source covers is white, hatched and says "no source". Returns the ``Axes``.
    """
    for m in marks.itertuples(index=False):
        fill, ink, hatch = _VOTE_STYLE.get(m.series, ("white", "black", ""))
        ax.add_patch(mpatches.Rectangle((m.col, m.row), 0.96, 0.92, facecolor=fill, edgecolor="#666666",
                                        hatch=hatch, lw=0.6))
        text = "no source" if m.series == NO_SOURCE else m.series
        box = {"facecolor": "white", "edgecolor": "none", "pad": 1.0} if m.series == NO_SOURCE else None
        ax.text(m.col + 0.48, m.row + 0.46, text, ha="center", va="center", fontsize=8.5, color=ink, bbox=box)
    cols = marks.drop_duplicates("col").sort_values("col")
    rows = marks.drop_duplicates("row").sort_values("row")
    ax.set_xlim(-0.05, len(cols))
    ax.set_ylim(len(rows), -0.1)
    ax.set_xticks([c + 0.48 for c in cols["col"]],
                  [f"{x}\n{_month(d)}" for x, d in zip(cols["x"], cols["date"])], fontsize=8.5)
    ax.set_yticks([r + 0.46 for r in rows["row"]], rows["y"].tolist())
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    handles = [mpatches.Patch(facecolor=_VOTE_STYLE[v][0], edgecolor="#666666", hatch=_VOTE_STYLE[v][2], label=v)
               for v in VOTE_ORDER if v in set(marks["series"])]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=len(handles))
    first, last = marks["date"].min().year, marks["date"].max().year
    allies = marks.loc[marks["country"] != "RUS", "y"].nunique()
    ax.set_title(f"How Russia and {_words(allies)} CSTO allies voted on {marks['x'].nunique()} "
                 f"UN General Assembly texts, {first}–{last}")
    return ax


# --------------------------------------------------------------------------- the widget

def pick_options(view: str) -> list:
    """The second drop-down's options for a view: members as (name, code), or text labels.

    >>> pick_options("member")[:2]
    [('Armenia', 'ARM'), ('Belarus', 'BLR')]
    >>> pick_options("resolution")[-1]
    'Lasting peace'
    """
    if view == "member":
        names = state_names()
        return [(names[c], c) for c in members() if c != "RUS"]
    if view == "resolution":
        return resolution_table()["label"].tolist()
    raise ValueError(f"view must be 'member' or 'resolution', not {view!r}")


def _compare(vote: str, russia: str) -> str:
    if vote == NO_SOURCE or russia == NO_SOURCE:
        return NO_SOURCE
    if vote == "absent":
        return "did not vote"
    if vote == "sources split":
        return "sources split"
    return "same as Russia" if vote == russia else "different"


def compare_with_russia(view: str = "member", pick: str = "KAZ"):
    """The widget's view: one member's vote on every text beside Russia's (``view="member"``,
    ``pick`` an ISO3 code), or every member's vote on one text (``view="resolution"``,
    ``pick`` a label such as ``"ES-11/4"``). Gaps say "no source found", never "absent".

    >>> t = compare_with_russia("member", "KGZ").frame
    >>> t["compared with Russia"].value_counts().to_dict()
    {'different': 7, 'no source found': 2, 'did not vote': 1, 'same as Russia': 1}
    >>> compare_with_russia("resolution", "ES-11/3").sentence.split(":")[0]
    'ES-11/3, 7 April 2022, Suspension of the rights of membership of the Russian Federation in the Human Rights Council'
    """
    from csto.tables import scroll

    marks = vote_grid_marks()
    russia = marks[marks["country"] == "RUS"].set_index("x")["series"]
    if view == "member":
        names = state_names()
        if pick not in set(marks["country"]) or pick == "RUS":
            raise ValueError(f"pick one of Russia's allies: {', '.join(c for c in members() if c != 'RUS')}")
        rows = marks[marks["country"] == pick].sort_values("col")
        frame = pd.DataFrame({"text": rows["x"], "date": [format_date(d) for d in rows["date"]],
                              "vote": rows["series"], "Russia's vote": rows["x"].map(russia).values,
                              "sources": rows["sources"]})
        frame["compared with Russia"] = [_compare(v, r) for v, r in zip(frame["vote"], frame["Russia's vote"])]
        counts = frame["vote"].value_counts()
        same = int((frame["compared with Russia"] == "same as Russia").sum())
        recorded = ", ".join(f"{v} on {counts[v]}" for v in ("yes", "no", "abstain", "absent") if v in counts)
        gap = int(counts.get(NO_SOURCE, 0))
        sentence = (f"{names[pick]} on {len(frame)} UN General Assembly texts: same vote as Russia on {same}; "
                    f"votes recorded: {recorded}; no source found for {gap}.")
        columns = ["text", "date", "vote", "Russia's vote", "compared with Russia", "sources"]
        return scroll(frame[columns].reset_index(drop=True), sentence)
    if view == "resolution":
        rows = marks[marks["x"] == pick].sort_values("row")
        if rows.empty:
            raise ValueError(f"no text labelled {pick!r}; labels are {', '.join(pick_options('resolution'))}")
        texts = resolution_table().set_index("label")
        rus = russia[pick]
        frame = pd.DataFrame({"state": rows["y"], "vote": rows["series"], "sources": rows["sources"]})
        frame["compared with Russia"] = [("Russia itself" if c == "RUS" else _compare(v, rus))
                                         for c, v in zip(rows["country"], rows["series"])]
        allies = frame[rows["country"].values != "RUS"]
        counts = allies["compared with Russia"].value_counts()
        parts = ", ".join(f"{counts[k]} {k}" for k in ("same as Russia", "different", "did not vote", NO_SOURCE)
                          if k in counts)
        when = texts.at[pick, "date"]
        sentence = (f"{pick}, {when.day} {when:%B %Y}, {texts.at[pick, 'subject']}: Russia's vote: {rus}; "
                    f"its {len(allies)} allies: {parts}.")
        return scroll(frame[["state", "vote", "compared with Russia", "sources"]].reset_index(drop=True), sentence)
    raise ValueError(f"view must be 'member' or 'resolution', not {view!r}")


# --------------------------------------------------------------------------- timelines and evidence

def event_lines(rows: pd.DataFrame) -> pd.DataFrame:
    """One line per event of ``rows`` (rows of ``events``), dated as most sources date it.

    Returns ``when`` (as precisely as the sources know it), ``what happened``, ``sources``
    and ``other dates`` (the other dates sources give, with their number of sources).

    >>> ev = load("events")
    >>> t = event_lines(ev[ev["event_id"] == "2023-12-29-kazakhstan-delists-taliban"])
    >>> t[["when", "sources", "other dates"]].values.tolist()
    [['2023-12-29', 2, '2023-12 ×1']]
    """
    s = consensus_dates(rows, keep=["title"])
    when = [format_date(d, p) for d, p in zip(s["date"], s["date_precision"])]
    other = ["; ".join(x for x in given.split("; ") if not x.startswith(f"{w} ×"))
             for given, w in zip(s["dates"], when)]
    return pd.DataFrame({"when": when, "what happened": s["title"], "sources": s["n_sources"],
                         "other dates": other})


_STANCE = {"recognised": "recognised", "not_recognised": "did not recognise",
           "open_to_recognition": "left recognition open", "supported_russia": "backed Russia's step",
           "declaration_silent": "declaration silent on"}
_QUESTION = {"abkhazia_south_ossetia_2008": "Abkhazia and South Ossetia",
             "donetsk_luhansk_2022": "the Donetsk and Luhansk 'republics'",
             "annexation_2022": "the annexation of four regions"}


def _says(dataset: str, rows: pd.DataFrame) -> str:
    """What a source's rows of one dataset say, in words."""
    names = state_names()
    if dataset == "events":
        return " / ".join(dict.fromkeys(rows["title"]))
    if dataset == "recognitions":
        parts = []
        for (q, st), g in rows.groupby(["question", "stance"], sort=False, observed=True):
            who = ", ".join(dict.fromkeys(names.get(s, s) if isinstance(s, str) else str(b)
                                          for s, b in zip(g["state"], g["body"])))
            parts.append(f"{who}: {_STANCE[str(st)]} {_QUESTION[str(q)]}")
        return "; ".join(parts)
    if dataset == "un_votes":
        labels = resolution_table().set_index("resolution")["label"]
        parts = []
        for (r, v), g in rows.groupby(["resolution", "vote"], sort=False, observed=True):
            parts.append(f"{labels.get(r, r)}: {v} — {', '.join(names.get(c, c) for c in g['country'])}")
        return "; ".join(parts)
    return f"{len(rows)} row(s)"


def _dates(dataset: str, rows: pd.DataFrame) -> tuple[pd.Timestamp, str]:
    if dataset == "un_votes":
        dates = resolution_table().set_index("resolution")["date"]
        d = min(dates[r] for r in rows["resolution"])
        return d, format_date(d)
    i = rows["date"].idxmin()
    return rows.at[i, "date"], format_date(rows.at[i, "date"], rows.at[i, "date_precision"])


def judge_rows(claim_id: str, theme: str | None = "ukraine_war") -> pd.DataFrame:
    """The rows behind a ledger claim (its ``evidence_sources`` and ``against_sources``),
    one line per source, oldest first: what they say, who published them, and where.

    Rows of ``events`` are kept only in ``theme`` (a source may also report other events).
    Whether a row supports or cuts against the claim is the student's call: it is not shown.
    """
    ledger = claims().set_index("claim_id")
    row = ledger.loc[claim_id]
    split = lambda cell: [s.strip() for s in (cell if isinstance(cell, str) else "").split(";") if s.strip()]  # noqa: E731
    ids = split(row["evidence_sources"]) + split(row["against_sources"])
    datasets = split(row["datasets"])
    sources = load("sources").set_index("source_id")
    out = []
    for sid in ids:
        says, when, shown = [], [], ""
        for name in datasets:
            table = load(name)
            if name == "events" and theme is not None:
                table = in_theme(table, theme)
            rows = table[table["source_id"] == sid]
            if rows.empty:
                continue
            says.append(_says(name, rows))
            when.append(_dates(name, rows))
        if not says:
            raise ValueError(f"{claim_id}: no row of {datasets} cites {sid}")
        first = min(when)
        state = sources.at[sid, "state_media"]
        names = state_names()
        out.append({"source_id": sid, "_date": first[0], "date": first[1], "what the rows say": " | ".join(says),
                    "publisher": sources.at[sid, "publisher"], "kind": str(sources.at[sid, "kind"]),
                    "state media": names.get(state, state) if isinstance(state, str) else "no"})
    table = pd.DataFrame(out).sort_values(["_date", "source_id"], kind="stable").drop(columns="_date")
    table.insert(0, "row", range(1, len(table) + 1))
    return table.reset_index(drop=True)


def evidence_table(claim_id: str, theme: str | None = "ukraine_war"):
    """:func:`judge_rows` with a sentence, ready to show above a judge task."""
    from csto.tables import Shown

    rows = judge_rows(claim_id, theme)
    sentence = f"{len(rows)} sources behind the ledger's ruling on {claim_id}, oldest first; cite them by row number:"
    return Shown(rows.drop(columns="source_id"), sentence, n=None)


# --------------------------------------------------------------------------- partnerships

def partnership_marks(partnerships: pd.DataFrame | None = None, states=None) -> pd.DataFrame:
    """What the partnerships figure draws: one mark per row of ``partnerships`` of a member.

    Columns ``series`` (the kind's family), ``x`` (start, as a date), ``x_end`` (end where a
    source gives one, else empty: an empty end does not mean still in force), ``y`` (the
    partner's name), ``member`` (the state's name), ``lane`` (position, members in name
    order, partners by first start), ``exact`` (start known to the day), ``kind``.

    >>> m = partnership_marks()
    >>> sorted(m["member"].unique())[:2], int(m["x_end"].notna().sum())
    (['Armenia', 'Belarus'], 3)
    """
    rows = load("partnerships") if partnerships is None else partnerships
    states = members() if states is None else list(states)
    names = state_names()
    rows = rows[rows["country"].isin(states)].copy()
    rows["member"] = rows["country"].map(lambda c: names.get(c, c))
    rows["partner_name"] = [names.get(p, p) if str(t) == "state" else p
                            for p, t in zip(rows["partner"], rows["partner_type"])]
    rows["series"] = rows["kind"].astype(str).map(KIND_FAMILIES)
    lanes, lane = {}, 0
    for member in sorted(rows["member"].unique()):
        lane += 1  # the member's own heading lane
        lanes[(member, None)] = lane
        mine = rows[rows["member"] == member]
        for partner in mine.groupby("partner_name")["start"].min().sort_values(kind="stable").index:
            lane += 1
            lanes[(member, partner)] = lane
    return pd.DataFrame({
        "series": rows["series"].values, "x": rows["start"].values, "x_end": rows["end"].values,
        "y": rows["partner_name"].values, "member": rows["member"].values,
        "lane": [lanes[(m, p)] for m, p in zip(rows["member"], rows["partner_name"])],
        "exact": (rows["start_precision"].astype(str) == "day").values, "kind": rows["kind"].astype(str).values,
        "source_id": rows["source_id"].values,
    }).sort_values(["lane", "x"], kind="stable").reset_index(drop=True)


def partnership_facts(marks: pd.DataFrame) -> str:
    """The figure description's facts, counted from the marks.

    >>> partnership_facts(partnership_marks()).split(";")[0]
    'Data drawn: 40 marks for 6 members, starting from 1994 to 2025'
    """
    per = marks.groupby("member")["y"].nunique()
    kinds = marks["series"].value_counts()
    first, last = pd.Timestamp(marks["x"].min()).year, pd.Timestamp(marks["x"].max()).year
    return (f"Data drawn: {len(marks)} marks for {marks['member'].nunique()} members, starting from {first} to {last}; "
            f"partners per member: {', '.join(f'{m} {n}' for m, n in per.items())}; "
            f"marks by kind: {', '.join(f'{k} {n}' for k, n in kinds.items())}; "
            f"{int(marks['x_end'].notna().sum())} rows with a known end, drawn as lines.")


def draw_partnerships(ax, marks: pd.DataFrame):
    """Each member's partners on their own lane, a mark at each start, coloured and shaped by
    kind; a line only where a source gives an end; hollow marks for starts known only to
    the month or year. Returns the ``Axes``."""
    for m in marks.itertuples(index=False):
        colour, marker = _FAMILY_STYLE[m.series]
        if pd.notna(m.x_end):
            ax.plot([m.x, m.x_end], [m.lane, m.lane], color=colour, lw=2.2, marker=None, zorder=2)
            ax.plot([m.x_end], [m.lane], marker="|", color=colour, markersize=10, zorder=3)
        ax.plot([m.x], [m.lane], marker=marker, markersize=8, color=colour, zorder=4,
                markerfacecolor=colour if m.exact else "white", markeredgecolor=colour, markeredgewidth=1.6,
                linestyle="none")
    heads = marks.drop_duplicates("member")
    labels = {}
    for member in heads["member"]:
        head = int(marks.loc[marks["member"] == member, "lane"].min()) - 1
        labels[head] = member
    for y, lane in marks.drop_duplicates("lane")[["y", "lane"]].itertuples(index=False):
        labels[int(lane)] = f"   {y}"
    ticks = sorted(labels)
    ax.set_yticks(ticks, [labels[t] for t in ticks], fontsize=8.5)
    for t, text in zip(ax.get_yticklabels(), [labels[t] for t in ticks]):
        if not text.startswith(" "):
            t.set_fontweight("bold")
    for member in heads["member"]:
        head = int(marks.loc[marks["member"] == member, "lane"].min()) - 1
        ax.axhline(head - 0.5, color="#999999", lw=0.6)
    ax.set_ylim(max(ticks) + 0.8, min(ticks) - 0.8)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Year the partnership, membership or agreement began (by its source)")
    handles = [Line2D([], [], marker=_FAMILY_STYLE[f][1], color=_FAMILY_STYLE[f][0], linestyle="none",
                      markersize=8, label=f) for f in _FAMILY_STYLE if f in set(marks["series"])]
    handles += [Line2D([], [], marker="o", color="#555555", markerfacecolor="white", linestyle="none",
                       markersize=8, label="start known only to the month or year"),
                Line2D([], [], color="#555555", lw=2.2, label="line: until the end a source gives")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    first, last = pd.Timestamp(marks["x"].min()).year, pd.Timestamp(marks["x"].max()).year
    ax.set_title(f"The {_words(marks['member'].nunique())[4:]} CSTO members' ties with other partners, "
                 f"by the year each began, {first}–{last}")
    return ax


# --------------------------------------------------------------------------- Try it tasks

def _allies() -> pd.DataFrame:
    return member_votes()


def _matrix() -> pd.DataFrame:
    return vote_grid_marks()


@task("05.2", "cells of the members' votes matrix that no source covers", form="do", objective=1,
      hint='Compare the whole matrix with the words: (matrix == "no source found").sum().sum().',
      mistakes=lambda: [
          (int(_matrix()["series"].isin([NO_SOURCE, "absent"]).sum()),
           "that adds the cells marked 'absent': absent is a recorded vote (a source says the state did not "
           "vote), not a gap in the sources."),
          (int(_matrix().loc[_matrix()["series"] == NO_SOURCE, "x"].nunique()),
           "that counts the texts with a gap; count the cells (member × text)."),
          (int(_matrix().loc[_matrix()["series"] == NO_SOURCE, "y"].nunique()),
           "that counts the members with a gap; count the cells (member × text)."),
      ])
def no_source_cells() -> int:
    return int((_matrix()["series"] == NO_SOURCE).sum())


def _with_russia(label: str) -> int:
    m = _matrix()
    rus = m[m["country"] == "RUS"].set_index("x")["series"]
    allies = m[(m["country"] != "RUS") & (m["x"] == label)]
    return int((allies["series"] == rus[label]).sum())


@task("05.1", "the text on which most of Russia's allies voted as Russia did", form="predict", objective=1,
      choices=tuple(resolution_table()["label"]),
      hint="Read the subjects: which text does more than condemn, and acts against Russia itself?",
      model="ES-11/3, the suspension of Russia's rights in the Human Rights Council (7 April 2022): Belarus, "
            "Kazakhstan, Kyrgyzstan and Tajikistan voted no with Russia, and Armenia did not vote. On the texts "
            "that condemn the war or call for Russia's withdrawal, the Central Asian allies abstain. An abstention "
            "is not a vote against Russia, and on a step that removed Russia from a UN body three of them stood by it.")
def most_with_russia() -> str:
    labels = resolution_table()["label"].tolist()
    counts = {label: _with_russia(label) for label in labels}
    best = max(counts.values())
    winners = [label for label in labels if counts[label] == best]
    if len(winners) != 1:
        raise ValueError(f"several texts tie for most allies voting with Russia: {winners}")
    return winners[0]


@task("05.3", "Kazakhstan's recorded votes that differ from Russia's", form="do", objective=1,
      hint='Filter compare to Kazakhstan and to the rows where "same" is False, then count: '
           'len(compare[(compare["country"] == "KAZ") & ~compare["same"]]).',
      mistakes=lambda: [
          (int((_allies()["country"] == "KAZ").sum()),
           "that counts all of Kazakhstan's recorded votes; keep only those that differ from Russia's."),
          (_with_russia_count("KAZ"), "that counts the votes that are the same as Russia's."),
          (len(resolution_table()),
           "that counts every text, but no source gives Kazakhstan's vote on one of them: a gap is not a difference."),
      ])
def kazakhstan_differs() -> int:
    v = _allies()
    rus = v[v["country"] == "RUS"].set_index("label")["vote"]
    kaz = v[v["country"] == "KAZ"]
    return int((kaz["vote"] != kaz["label"].map(rus)).sum())


def _with_russia_count(code: str) -> int:
    v = _allies()
    rus = v[v["country"] == "RUS"].set_index("label")["vote"]
    mine = v[v["country"] == code]
    return int((mine["vote"] == mine["label"].map(rus)).sum())


def _recognitions() -> pd.DataFrame:
    return load("recognitions")


@task("05.4", "members other than Russia that some source records as not recognising the Donetsk and Luhansk "
      "'republics'", form="do", objective=2,
      hint='Filter question == "donetsk_luhansk_2022" and stance == "not_recognised", then count distinct '
           'states: ...["state"].nunique().',
      mistakes=lambda: [
          (len(_dl_rows()), "that counts rows (reports); several sources report the same state: count distinct states."),
          (int(_recognitions().loc[_recognitions()["question"] == "donetsk_luhansk_2022", "state"].nunique() + 2),
           "Kyrgyzstan and Tajikistan have no row: silence in the sources is not a refusal (nor a recognition)."),
      ])
def states_not_recognising() -> int:
    return int(_dl_rows()["state"].nunique())


def _dl_rows() -> pd.DataFrame:
    r = _recognitions()
    return r[(r["question"] == "donetsk_luhansk_2022") & (r["stance"] == "not_recognised")]


_C32_MISTAKES = (
    ("supported", "some allies did distance themselves in words, but other rows show Kyrgyzstan backing Russia's "
                  "'decisive actions' (by the Kremlin's account), three allies voting with Russia on the Human Rights "
                  "Council and Belarus lending its territory: the claim holds only in part."),
    ("contradicted", "Armenia and Kazakhstan refused to recognise the 'republics' within days of Russia's step: "
                     "some distancing is on record."),
)


@task("05.5", "verdict on 'some of Moscow's CSTO allies sought to distance themselves from Russia immediately'",
      form="judge", objective=2)
def judge_distance():
    rows = judge_rows("C32")
    return judgement("C32", tuple(rows["source_id"]), need=2, mistakes=_C32_MISTAKES)


_C17_MISTAKES = (
    ("partly supported", "a Duma deputy's proposal and talk behind closed doors are not the CSTO discussing a "
                         "deployment: its secretary-general and two governments said it was not raised or not on "
                         "the agenda, and no row shows the question put to the organization."),
    ("contradicted", "no row shows the CSTO discussing a deployment to Ukraine; the rows that cut the other way "
                     "are a Duma deputy's idea and leaders briefed behind closed doors."),
)


@task("05.6", "verdict on 'the CSTO avoided discussing sending its joint forces to support Russia's war'",
      form="judge", objective=3)
def judge_forces():
    rows = judge_rows("C17")
    return judgement("C17", tuple(rows["source_id"]), need=2, mistakes=_C17_MISTAKES)


def _member_partnerships() -> pd.DataFrame:
    p = load("partnerships")
    return p[p["country"].isin(members())]


@task("05.7", "different summit formats that CSTO members take part in", form="do", objective=4,
      hint='Filter members_only to kind == "summit_format", then count distinct partners: ["partner"].nunique().',
      mistakes=lambda: [
          (int((_member_partnerships()["kind"] == "summit_format").sum()),
           "that counts rows: a summit format has one row for each Central Asian member. Count distinct partners."),
          (int((load("partnerships")["kind"] == "summit_format").sum()),
           "that counts every summit-format row, neighbours included: filter to the members first, then count "
           "distinct partners."),
      ])
def summit_formats() -> int:
    p = _member_partnerships()
    return int(p.loc[p["kind"] == "summit_format", "partner"].nunique())


@task("05.8", "the member whose first recorded partnership begins latest", form="read", objective=4,
      hint="Find each member's leftmost mark in the figure; which one is furthest to the right?",
      mistakes=lambda: [(_second_latest(), "close: that member's first partnership comes next-to-last. "
                                           "Look for a member whose first mark is years later.")])
def latest_first_partnership() -> str:
    p = _member_partnerships()
    return str(p.groupby("country")["start"].min().idxmax())


def _second_latest() -> str:
    p = _member_partnerships()
    return str(p.groupby("country")["start"].min().sort_values().index[-2])


def _kyrgyz() -> pd.DataFrame:
    m = _matrix()
    return m[m["country"] == "KGZ"]


@task("05.9", "texts on which Kyrgyzstan abstained", form="read", objective=1,
      hint='Pick Kyrgyzstan in the widget and count the rows whose vote is "abstain" (or run '
           'compare_with_russia("member", "KGZ")).',
      mistakes=lambda: [
          (int(_kyrgyz()["series"].isin(["abstain", NO_SOURCE]).sum()),
           "that counts the texts with no source as abstentions: a gap in the sources is not a vote."),
          (int(_kyrgyz()["series"].isin(["abstain", "absent"]).sum()),
           "that counts an absence as an abstention: 'absent' means the state did not vote at all."),
          (len(_kyrgyz()), "that counts every text; count only the abstentions."),
      ])
def kyrgyz_abstentions() -> int:
    return int((_kyrgyz()["series"] == "abstain").sum())
