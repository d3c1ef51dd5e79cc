"""Lesson 02 · Kazakhstan, January 2022: the tables, figures, widget and tasks of the lesson.

Sources disagree on dates, troop numbers, death tolls and on what the CSTO did.
Nothing here averages them. Every "most sources say" goes through
:func:`csto.evidence.majority` (one tie rule for the whole course), and every list of
allowed values (kinds of source, kinds of threat, kinds of response) is read from the
schema with :func:`csto.data.allowed`, never copied here.

- Timeline: :func:`key_steps` dates the crisis's main steps as most sources date them;
  :func:`timeline_marks` and :func:`draw_timeline` draw every date a source gives.
- Troops: :func:`troop_totals` and :func:`country_figures` keep each figure with its
  qualifier ("about 2,500" is not 2,500).
- Deaths: :func:`toll_marks` and :func:`draw_toll` show each report of the toll as a
  point, by who reported it, with re-reports of an older figure marked.
- Crises: :func:`case_names`, :func:`case_table`, :func:`case_marks` and
  :func:`draw_cases` compare the CSTO's responses case by case; :func:`case_sources` is
  the widget's function, :func:`cases_of` narrows its list of cases.
- Claims: :func:`evidence_rows` numbers the rows a judge task asks students to cite.

>>> int(key_steps().set_index("step").loc["Withdrawal completed", "n_sources"])
5
"""

from __future__ import annotations

import re

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.transforms import offset_copy

from csto import plots
from csto.data import allowed, country_names, format_date, load
from csto.evidence import attach_sources, case_responses, consensus_dates, in_theme, majority
from csto.ledger import judgement
from csto.tables import scroll
from csto.tasks import task

#: The lesson number: this module belongs to notebooks/02-*.ipynb.
LESSON = "02"

#: The widget functions of the lesson (the benchmark times each one).
WIDGETS = ("case_sources",)

__all__ = [
    "KEY_EVENTS", "WIDGETS", "key_steps", "timeline_marks", "draw_timeline",
    "troop_totals", "country_figures", "toll_marks", "draw_toll",
    "case_names", "case_table", "case_marks", "describe_cases", "draw_cases", "threat_choices", "cases_of",
    "case_sources", "CLASSIFIED_CASES", "evidence_rows", "withdrawal_evidence", "crrf_evidence",
]

#: The crisis in eleven steps: event ids of ``events`` and the step each belongs to.
#: The last step gathers the plans and forecasts of when the withdrawal would end.
KEY_EVENTS = {
    "2022-01-02-protests-start-zhanaozen": "Protests begin (Zhanaozen)",
    "2022-01-05-tokayev-requests-csto-help": "Tokayev asks the CSTO for help",
    "2022-01-06-csto-council-decision": "CSTO council decides to deploy",
    "2022-01-06-first-csto-troops-arrive": "First CSTO troops arrive",
    "2022-01-07-order-restored": "Authorities: order restored",
    "2022-01-09-authorities-say-stabilized": "Authorities: stable in all regions",
    "2022-01-11-tokayev-announces-mission-complete": "Tokayev: mission complete",
    "2022-01-13-withdrawal-starts": "Withdrawal begins",
    "2022-01-15-russian-troops-home": "Russian MoD: its troops home",
    "2022-01-19-withdrawal-completed": "Withdrawal completed",
    "2022-01-19-withdrawal-planned-end": "Planned or expected end",
    "2022-01-21-withdrawal-deadline": "Planned or expected end",
    "2022-01-23-withdrawal-expected-complete": "Planned or expected end",
}

#: What did not happen (yet) when a source wrote it: values of ``events.occurrence``.
_NOT_ACTUAL = ("plan", "forecast")

#: Who reported a figure, by kind of source (any other kind is "media").
_REPORTER = {"official": "officials", "think tank": "NGOs and think tanks", "academic": "NGOs and think tanks"}

#: A note that says the row repeats an older figure (the data notes every such re-report).
_REPEAT = re.compile(r"\b(?:repeats|stale)\b", re.I)

#: The three cases students classify in task 02.5, in order.
CLASSIFIED_CASES = ("kaz-2022-unrest", "arm-2022-border", "kgz-2010-osh")

#: What a response protects, by kind of threat (the lesson's definitions, section 4).
_PROTECTS = {"internal_unrest": "regime security", "external_attack": "collective defence"}


def _words(code) -> str:
    """A code of the data in words: ``statement_only`` → ``statement only``."""
    return str(code).replace("_", " ").replace("fact finding", "fact-finding")


def _country_names() -> pd.Series:
    """ISO3 code → short country name (:func:`csto.data.country_names`)."""
    return pd.Series(country_names())


# --------------------------------------------------------------------------- timeline

def _crisis_events() -> pd.DataFrame:
    return in_theme(load("events"), "kazakhstan_2022")


def key_steps(events: pd.DataFrame | None = None, steps: dict = KEY_EVENTS) -> pd.DataFrame:
    """The crisis's steps that happened, dated as most sources date them.

    Only rows whose ``occurrence`` is ``actual`` vote (plans and forecasts are not dates of
    events). Returns ``date, step, n_sources, dates, conflict`` (see
    :func:`csto.evidence.consensus_dates`), one row per step, in date order.

    >>> s = key_steps().set_index("step")
    >>> s.loc["First CSTO troops arrive", "dates"]
    '2022-01-06 ×6; 2022-01-09 ×1'
    """
    events = _crisis_events() if events is None else events
    rows = events[events["event_id"].isin(list(steps)) & (events["occurrence"] == "actual")]
    table = consensus_dates(rows)
    table.insert(1, "step", table["event_id"].map(steps))
    return table[["date", "step", "n_sources", "dates", "conflict"]].reset_index(drop=True)


def timeline_marks(events: pd.DataFrame | None = None, steps: dict = KEY_EVENTS) -> pd.DataFrame:
    """What the timeline draws: one mark per step and day a source gives, with its number of sources.

    Only day-precise dates can sit on a day axis; month- or year-precise rows are left out
    (the table of :func:`key_steps` lists them). ``series`` says what a mark is:
    ``date most sources give``, ``date fewer sources give`` (both for things that happened)
    or ``plan or forecast`` (a date announced or expected, not an event).

    Returns ``series, x, y, n``: ``x`` the day, ``y`` the step, ``n`` the number of sources.

    >>> m = timeline_marks()
    >>> m[m["y"] == "Planned or expected end"][["x", "n"]].astype(str).values.tolist()
    [['2022-01-19', '2'], ['2022-01-21', '1'], ['2022-01-23', '2']]
    """
    events = _crisis_events() if events is None else events
    rows = events[events["event_id"].isin(list(steps))]
    consensus = key_steps(rows, steps).set_index("step")["date"]
    day = rows[rows["date_precision"] == "day"].copy()
    day["y"] = day["event_id"].map(steps)
    day["planned"] = day["occurrence"].astype(str).isin(_NOT_ACTUAL)
    counts = day.groupby(["y", "date", "planned"], observed=True)["source_id"].nunique().reset_index(name="n")
    series = []
    for y, date, planned in zip(counts["y"], counts["date"], counts["planned"]):
        if planned:
            series.append("plan or forecast")
        elif consensus.get(y) == date:
            series.append("date most sources give")
        else:
            series.append("date fewer sources give")
    order = {step: i for i, step in enumerate(dict.fromkeys(steps.values()))}
    out = pd.DataFrame({"series": series, "x": counts["date"], "y": counts["y"], "n": counts["n"].astype(int)})
    out = out.assign(_o=out["y"].map(order)).sort_values(["_o", "x"], kind="stable").drop(columns="_o")
    return out.reset_index(drop=True)


_TIMELINE_STYLE = {
    "date most sources give": dict(marker="o", color=plots.OKABE_ITO["blue"], facecolor=plots.OKABE_ITO["blue"]),
    "date fewer sources give": dict(marker="o", color=plots.OKABE_ITO["blue"], facecolor="white"),
    "plan or forecast": dict(marker="D", color=plots.OKABE_ITO["vermillion"], facecolor="white"),
}


def draw_timeline(ax, marks: pd.DataFrame, stay: tuple | None = None):
    """One line per step (first step on top); a mark per date, sized and labelled by its sources.

    ``stay`` = (first day, last day) shades the days the CSTO force was in the country.
    Returns ``ax``.
    """
    steps = list(dict.fromkeys(marks["y"]))
    position = {s: i for i, s in enumerate(steps)}
    if stay is not None:
        first, last = (pd.Timestamp(d) for d in stay)
        ax.axvspan(first, last, color=plots.OKABE_ITO["orange"], alpha=0.18, linewidth=0,
                   label=f"CSTO troops in Kazakhstan ({(last - first).days} days)")
    for series, style in _TIMELINE_STYLE.items():
        g = marks[marks["series"] == series]
        if g.empty:
            continue
        sizes = 30 + 25 * g["n"]
        ax.scatter(g["x"], g["y"].map(position), s=sizes, marker=style["marker"], facecolor=style["facecolor"],
                   edgecolor=style["color"], linewidth=1.5, zorder=3, label=series)
        for x, y, n, size in zip(g["x"], g["y"].map(position), g["n"], sizes):
            ax.annotate(f"{n}", (x, y), xytext=(0, (size / 3.1416) ** 0.5 + 1.5), textcoords="offset points",
                        ha="center", va="bottom", fontsize=8, color="#333333")
    ax.set_yticks(range(len(steps)), steps)
    ax.set_ylim(len(steps) - 0.4, -0.8)
    ax.xaxis.set_major_locator(mdates.DayLocator(interval=2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d"))
    ax.legend(loc="upper right", fontsize=8, title="number above a mark = sources", title_fontsize=8)
    return ax


# --------------------------------------------------------------------------- troops

def troop_totals(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every report of the whole force's size, with its qualifier, quote and publisher, by report date.

    >>> t = troop_totals()
    >>> t.loc[t["value"] == 2030, "qualifier"].tolist()
    ['exact', 'exact']
    """
    table = load("kazakhstan_2022") if table is None else table
    rows = attach_sources(table[table["measure"] == "troops_total"], columns=("publisher", "kind"))
    rows["reported"] = [format_date(d, p) for d, p in zip(rows["as_of"], rows["as_of_precision"])]
    rows = rows.sort_values(["as_of", "value", "source_id"], kind="stable", na_position="last")
    return rows[["as_of", "as_of_precision", "reported", "value", "qualifier", "quote", "publisher", "kind",
                 "source_id"]].reset_index(drop=True)


def _figure(value, qualifier) -> str:
    """A figure as the source words it: ``about 2,500``, ``150``."""
    q = "" if pd.isna(qualifier) or str(qualifier) == "exact" else f"{qualifier} "
    return f"{q}{value:,.10g}"


def country_figures(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each contributing state's contingent: the figure most sources give, and every figure given.

    The vote is :func:`csto.evidence.majority` over the values (one vote per source). On a
    tie the *lower* figure is shown first and ``tie`` says so, listing the tied figures.

    Returns ``country, troops, sources, figures, tie``; ``figures`` lists each wording with
    its number of sources, e.g. ``'150 ×4; about 200 ×1'``.

    >>> c = country_figures().set_index("country")
    >>> c.loc["Kyrgyzstan", "figures"]
    '150 ×3; about 150 ×1; about 200 ×1'
    """
    table = load("kazakhstan_2022") if table is None else table
    names = _country_names()
    troops = table[table["measure"] == "troops"]
    rows = []
    for country, g in troops.groupby("country", sort=True, observed=True):
        vote = majority(g.drop_duplicates(["source_id", "value"])["value"], prefer=lambda v: v)
        wording = [_figure(v, q) for v, q in zip(g["value"], g["qualifier"])]
        counts = pd.Series(wording).value_counts(sort=False)
        order = sorted(counts.index, key=lambda w: (float(re.sub(r"[^\d.]", "", w)), w))
        rows.append({"country": names.get(country, country), "troops": int(vote.winner),
                     "sources": int(g["source_id"].nunique()),
                     "figures": "; ".join(f"{w} ×{counts[w]}" for w in order),
                     "tie": " or ".join(f"{v:,.10g}" for v in vote.tied) if vote.is_tie else ""})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- deaths

def toll_marks(table: pd.DataFrame | None = None, measure: str = "deaths") -> pd.DataFrame:
    """What the death-toll figure draws: each report made on a known day, as a point.

    ``series`` is who reported it (officials, NGOs and think tanks, or media, from the kind
    of source); ``repeat`` is True when the row's note says it repeats an older figure (a
    re-report, not a revision). Reports known only to the month, or undated, are left out.

    Returns ``series, x, y, qualifier, label, repeat, source_id``, in report order.

    >>> m = toll_marks()
    >>> m.loc[m["repeat"], "y"].astype(int).tolist()
    [164, 225, 238, 225]
    """
    table = load("kazakhstan_2022") if table is None else table
    rows = table[(table["measure"] == measure) & (table["as_of_precision"] == "day") & table["as_of"].notna()]
    if rows.empty:
        raise ValueError(f"no day-dated {measure!r} reports")
    rows = attach_sources(rows, columns=("publisher", "kind"))
    out = pd.DataFrame({
        "series": rows["kind"].map(lambda k: _REPORTER.get(k, "media")),
        "x": rows["as_of"], "y": rows["value"], "qualifier": rows["qualifier"].astype(str),
        "label": rows["publisher"], "repeat": rows["note"].fillna("").str.contains(_REPEAT),
        "source_id": rows["source_id"],
    })
    return out.sort_values(["x", "y", "source_id"], kind="stable").reset_index(drop=True)


_REPORTER_ORDER = ("officials", "NGOs and think tanks", "media")


def _reporter_style(series: str) -> dict:
    return plots.colour_for(_REPORTER_ORDER.index(series) if series in _REPORTER_ORDER else 3)


def draw_toll(axes, marks: pd.DataFrame, split: str = "2022-02-01"):
    """Reported tolls by report date on two panels: January 2022 by day, then the later months.

    One point per figure, day and kind of reporter, coloured and shaped by who reported it;
    a hollow point repeats an older figure. The figure is written beside its point (above it,
    with ``×n``, when n reports gave it that day) (reports by different kinds of reporter, or new
    and repeated, get their own points, 8 points apart). The value axis does not start at
    zero (the y-label says so). Returns ``axes``.
    """
    left, right = axes
    cut = pd.Timestamp(split)
    for ax, part in ((left, marks[marks["x"] < cut]), (right, marks[marks["x"] >= cut])):
        for (x, y), g in part.groupby(["x", "y"], sort=True):
            points = g.groupby(["repeat", "series"], sort=True).size()
            for i, ((repeat, series), n) in enumerate(points.items()):
                style = _reporter_style(series)
                shift = offset_copy(ax.transData, fig=ax.figure, x=8 * i, y=0, units="points")
                ax.plot([x], [y], linestyle="none", markersize=7, marker=style["marker"], transform=shift,
                        color=style["color"], markerfacecolor="white" if repeat else style["color"], zorder=3)
            text = _figure(y, g["qualifier"].iloc[0]) + (f" ×{len(g)}" if len(g) > 1 else "")
            # a figure given by several reports is labelled above its point, a single report to its right
            where = dict(xytext=(4 * len(points) - 4, 6), ha="center") if len(g) > 1 else \
                dict(xytext=(8 * len(points) - 1, -3), ha="left")
            ax.annotate(text, (x, y), textcoords="offset points", fontsize=8, **where)
    left.set_xlim(pd.Timestamp("2022-01-06"), pd.Timestamp("2022-01-20"))
    left.xaxis.set_major_locator(mdates.DayLocator(interval=3))
    left.xaxis.set_major_formatter(mdates.DateFormatter("%d Jan"))
    left.set_xlabel("January 2022")
    right.set_xlim(cut - pd.Timedelta(days=20), pd.Timestamp("2024-03-01"))
    right.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
    right.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    right.set_xlabel("February 2022 to 2024")
    left.set_ylabel("Deaths reported (axis starts at 140)")
    for ax in axes:
        ax.set_ylim(140, 250)
    drawn = [s for s in _REPORTER_ORDER if s in set(marks["series"])]
    handles = [Line2D([], [], linestyle="none", markersize=7, label=s, **_reporter_style(s)) for s in drawn]
    handles.append(Line2D([], [], linestyle="none", markersize=7, marker="o", color="#555555",
                          markerfacecolor="white", label="repeats an older figure"))
    right.legend(handles=handles, loc="lower right", fontsize=8, title="Published by", title_fontsize=8)
    return axes


# --------------------------------------------------------------------------- crises

def case_names(requests: pd.DataFrame | None = None) -> dict:
    """Each case of ``assistance_requests`` in words: ``'Kyrgyzstan 2010: Osh'``.

    The states come from the case's ``states``, the year and place from its id.

    >>> case_names()["kgz-tjk-2022-jan-border"]
    'Kyrgyzstan and Tajikistan 2022: January border'
    """
    requests = load("assistance_requests") if requests is None else requests
    names = _country_names()
    out = {}
    for case_id, g in requests.groupby("case_id", sort=True):
        m = re.match(r"^(.*?)-(\d{4})-(.+)$", case_id)
        codes = m.group(1).upper().split("-") if m else sorted({s for c in g["states"] for s in c.split(";")})
        words = [{"jan": "January"}.get(w, w if w in ("border", "unrest") else w.capitalize())
                 for w in (m.group(3).split("-") if m else [])]
        out[case_id] = f"{' and '.join(names.get(c, c) for c in codes)} {m.group(2) if m else ''}: {' '.join(words)}"
    return out


def case_table(requests: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per case, in words: the threat, its sources, the treaty articles any source
    names, the response most sources report, and how many different responses sources give.

    Built on :func:`csto.evidence.case_responses` (counts are of sources, the vote is its
    majority rule; ``sources split`` when two responses tie).

    >>> t = case_table().set_index("case")
    >>> t.loc["Kazakhstan 2022: unrest", ["threat", "articles", "response"]].tolist()
    ['internal unrest', 'Article 2; Article 4', 'deployment']
    """
    requests = load("assistance_requests") if requests is None else requests
    c = case_responses(requests)
    return pd.DataFrame({
        "case": c["case_id"].map(case_names(requests)),
        "threat": c["threat_kind"].map(_words),
        "sources": c["n_sources"],
        "articles": c["articles"],
        "response": c["response"].map(_words),
        "responses given": c["n_responses"],
        "case_id": c["case_id"],
    })


def case_marks(requests: pd.DataFrame | None = None) -> pd.DataFrame:
    """What the crises figure draws: per case, a mark at each response its sources report.

    ``series``: ``most sources report this`` (the majority response), ``tied`` (two or more
    responses with equally many sources), ``fewer sources report this``. ``x`` is the
    response in words, ``y`` the case, ``n`` its sources, ``stated`` how many of them say
    what the CSTO did, ``threat`` the kind of threat in words. Cases are ordered by threat.

    >>> m = case_marks()
    >>> m[m["y"] == "Armenia 2020: Tavush"][["series", "x"]].values.tolist()
    [['tied', 'statement only'], ['tied', 'no action']]
    """
    requests = load("assistance_requests") if requests is None else requests
    kinds = allowed("assistance_requests", "response_kind")
    threats = allowed("assistance_requests", "threat_kind")
    c = case_responses(requests)
    names = case_names(requests)
    rows = []
    for r in c.to_dict("records"):
        counts = {k: r[k] for k in kinds}
        vote = majority(counts, prefer=kinds.index)
        stated = sum(counts.values())
        for k in kinds:
            if not counts[k]:
                continue
            series = ("tied" if vote.is_tie and k in vote.tied else
                      "most sources report this" if k == vote.winner else "fewer sources report this")
            rows.append({"series": series, "x": _words(k), "y": names[r["case_id"]], "n": r["n_sources"],
                         "stated": stated, "sources_for_x": counts[k], "threat": _words(r["threat_kind"]),
                         "_t": threats.index(r["threat_kind"]), "_k": kinds.index(k)})
    out = pd.DataFrame(rows).sort_values(["_t", "y", "_k"], kind="stable")
    return out.drop(columns=["_t", "_k"]).reset_index(drop=True)


_CASE_STYLE = {
    "most sources report this": dict(marker="o", s=140, facecolor=plots.OKABE_ITO["blue"], edgecolor=plots.OKABE_ITO["blue"]),
    "tied": dict(marker="s", s=110, facecolor=plots.OKABE_ITO["orange"], edgecolor="black"),
    "fewer sources report this": dict(marker="o", s=60, facecolor="white", edgecolor=plots.OKABE_ITO["blue"]),
}


def draw_cases(ax, marks: pd.DataFrame):
    """One row per case, one column per kind of response; the mark says how many sources back it.

    The kind of threat is written above each group of cases; the number of sources, and how
    many of them say what the CSTO did, is written at the right. Returns ``ax``.
    """
    kinds = [_words(k) for k in allowed("assistance_requests", "response_kind")]
    cases = list(dict.fromkeys(marks["y"]))
    ypos = {}
    y, last_threat, headers = 0, None, []
    for case in cases:
        threat = marks.loc[marks["y"] == case, "threat"].iloc[0]
        if threat != last_threat:
            headers.append((y, threat))
            y += 1
            last_threat = threat
        ypos[case] = y
        y += 1
    for series, style in _CASE_STYLE.items():
        g = marks[marks["series"] == series]
        if len(g):
            ax.scatter(g["x"].map(kinds.index), g["y"].map(ypos), linewidth=1.3, zorder=3, label=series, **style)
    for case in cases:
        g = marks[marks["y"] == case].iloc[0]
        ax.text(len(kinds) - 0.45, ypos[case], f"{g['stated']} of {g['n']}", va="center", fontsize=8)
    for y0, threat in headers:
        ax.text(-0.45, y0, threat, va="center", fontsize=9, fontstyle="italic", fontweight="bold")
    ax.text(len(kinds) - 0.45, -1, "sources that\nsay what it did", va="center", fontsize=7.5, color="#444444")
    ax.set_yticks([ypos[c] for c in cases], cases)
    ax.set_xticks(range(len(kinds)), [k.replace(" ", "\n", 1) if len(k) > 12 else k for k in kinds], fontsize=8.5)
    ax.set_xlim(-0.5, len(kinds) + 0.4)
    ax.set_ylim(y - 0.4, -1.6)
    ax.grid(axis="y", alpha=0.15)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize=8)
    return ax


def describe_cases(marks: pd.DataFrame) -> str:
    """The crises figure in words, written from its marks: which cases get which response.

    >>> describe_cases(case_marks()).split("; ")[0]
    'Data drawn: the response most sources report is deployment in Kazakhstan 2022: unrest'
    """
    top = marks[marks["series"] == "most sources report this"]
    parts = [f"{x} in {', '.join(g['y'])}" for x, g in top.groupby("x", sort=False)]
    tied = marks[marks["series"] == "tied"]
    for case, g in tied.groupby("y", sort=False):
        parts.append(f"sources tie between {' and '.join(g['x'])} in {case}")
    return "Data drawn: the response most sources report is " + "; ".join(parts) + "."


def threat_choices() -> list[tuple[str, str]]:
    """The kinds of threat as (words, code) pairs for a drop-down, read from the schema.

    >>> threat_choices()[0]
    ('internal unrest', 'internal_unrest')
    """
    return [(_words(k), k) for k in allowed("assistance_requests", "threat_kind")]


def cases_of(threat_kind: str) -> list[tuple[str, str]]:
    """The cases of one kind of threat, as (words, case id) pairs for a drop-down.

    >>> cases_of("internal_unrest")
    [('Kazakhstan 2022: unrest', 'kaz-2022-unrest'), ('Kyrgyzstan 2010: Osh', 'kgz-2010-osh')]
    """
    requests = load("assistance_requests")
    kinds = allowed("assistance_requests", "threat_kind")
    if threat_kind not in kinds:
        raise ValueError(f"no threat kind {threat_kind!r}; kinds are: {', '.join(kinds)}")
    names = case_names(requests)
    ids = sorted(set(requests.loc[requests["threat_kind"] == threat_kind, "case_id"]))
    return sorted(((names[i], i) for i in ids), key=lambda p: p[0])


def case_sources(threat_kind: str = "internal_unrest", case: str = "kgz-2010-osh"):
    """The widget's view: what each source says the CSTO did in one case.

    ``threat_kind`` only narrows the list of cases in the widget (see :func:`cases_of`); the
    table is the case's. Returns a table (one row per source, at most about 15) with a
    sentence on top.

    >>> print(repr(case_sources("internal_unrest", "kgz-2010-osh")).splitlines()[0])
    Kyrgyzstan 2010: Osh (internal unrest): 10 sources; 8 say what the CSTO did, most report no action.
    """
    requests = load("assistance_requests")
    if threat_kind not in allowed("assistance_requests", "threat_kind"):
        raise ValueError(f"no threat kind {threat_kind!r}")
    rows = requests[requests["case_id"] == case]
    if rows.empty:
        raise ValueError(f"no case {case!r}; cases are: {', '.join(sorted(set(requests['case_id'])))}")
    rows = attach_sources(rows, columns=("publisher", "kind"))
    said = rows["response_kind"].astype(object)
    vote = majority(said.dropna(), prefer=allowed("assistance_requests", "response_kind").index)
    most = ("they split between " + " and ".join(_words(k) for k in vote.tied)) if vote.is_tie else \
        f"most report {_words(vote.winner)}" if vote.winner is not None else "none says"
    table = pd.DataFrame({
        "response": said.map(lambda k: "(not said)" if pd.isna(k) else _words(k)),
        "when": [format_date(d, p) if pd.notna(d) else "" for d, p in
                 zip(rows["response_date"], rows["response_date_precision"])],
        "what the source says": rows["response_summary"],
        "publisher": rows["publisher"], "kind": rows["kind"],
    }).sort_values(["response", "publisher"], kind="stable")
    sentence = (f"{case_names(requests)[case]} ({_words(rows['threat_kind'].iloc[0])}): {len(rows)} sources; "
                f"{int(said.notna().sum())} say what the CSTO did, {most}.")
    return scroll(table.reset_index(drop=True), sentence)


# --------------------------------------------------------------------------- claims

def evidence_rows(rows: pd.DataFrame, columns) -> pd.DataFrame:
    """Number the rows a judge task shows (the index, ``row``: 1, 2, ...), with their publisher,
    so students can cite them by number.

    >>> f = load("forces")
    >>> evidence_rows(f[f["component"] == "CRDF"].head(2), ["year", "personnel"]).index.tolist()
    [1, 2]
    """
    out = attach_sources(rows, columns=("publisher",)).reset_index(drop=True)
    out.index = pd.RangeIndex(1, len(out) + 1, name="row")
    return out[[*columns, "publisher", "source_id"]]


def withdrawal_evidence() -> pd.DataFrame:
    """The rows shown for task 02.8, numbered: when order was declared restored, what Tokayev
    announced about the withdrawal, when it began and when the force had left.

    Only original pages dated to the day are shown (reposts by aggregators and pages known
    only to the month are left out), so the table stays short and every row is citable.
    """
    ev = _crisis_events()
    ids = ["2022-01-07-order-restored", "2022-01-11-tokayev-announces-mission-complete",
           "2022-01-13-withdrawal-starts", "2022-01-19-withdrawal-completed"]
    rows = attach_sources(ev[ev["event_id"].isin(ids) & (ev["date_precision"] == "day")], columns=("kind",))
    rows = rows[rows["kind"] != "aggregator"].copy()
    rows["step"] = rows["event_id"].map(KEY_EVENTS)
    rows["when"] = [format_date(d, p) for d, p in zip(rows["date"], rows["date_precision"])]
    rows["_o"] = rows["event_id"].map(ids.index)
    rows = rows.sort_values(["_o", "date", "source_id"], kind="stable")
    return evidence_rows(rows, ["step", "when", "title"])


def crrf_evidence() -> pd.DataFrame:
    """The rows shown for task 02.9: every reported size of the CRRF (and of its parts), by year, numbered."""
    f = load("forces")
    rows = f[f["component"].astype(str).str.startswith("CRRF")].copy()
    rows["component"] = rows["component"].astype(str).map(_words)
    rows = rows.sort_values(["year", "component", "source_id"], kind="stable", na_position="last")
    return evidence_rows(rows, ["component", "year", "personnel", "qualifier", "quote"])


# --------------------------------------------------------------------------- Try it tasks

def _disagreements() -> pd.DataFrame:
    timeline = consensus_dates(_crisis_events().query("occurrence == 'actual'"))
    return timeline[timeline["n_dates"] > 1]


@task("02.1", "whether most date disagreements are true contradictions or differences of precision",
      form="predict", objective=1, choices=("a true contradiction", "a difference of precision"),
      hint="A month and a day within that month can both be right. Then run the next cell and see.",
      model="Most disagreements are differences of precision: a source that knows only the month (or the year) "
            "against sources that give the day. Only a few steps are dated on different days; those are the ones "
            "to read closely, asking whether a row reports the event, a plan, or the day of a report.")
def most_disagreements_are() -> str:
    d = _disagreements()
    vote = majority(d["conflict"].map({True: "a true contradiction", False: "a difference of precision"}))
    return vote.winner


def _when() -> pd.Series:
    return key_steps().set_index("step")["date"]


def _days_order_to_exit() -> int:
    when = _when()
    return int((when["Withdrawal completed"] - when["Authorities: order restored"]).days)


@task("02.2", "days from 'order restored' to the completed withdrawal", form="do", objective=1,
      hint='Subtract the earlier date from the later one and take .days: '
           '(when["Withdrawal completed"] - when["Authorities: order restored"]).days',
      mistakes=lambda: [
          (lambda a: isinstance(a, pd.Timedelta), "that is a span of time (a Timedelta): add .days to get a number."),
          (_days_order_to_exit() + 1,
           f"{_days_order_to_exit() + 1} is one day too many: it counts both the first and the last day, or takes a "
           "report's day (20 January) or the troops' arrival (6 January) instead of the event dates in `when`."),
          (-_days_order_to_exit(), "a negative number: subtract the earlier date from the later one."),
          (_days_order_to_exit() - 1, "one day too few: subtract the two dates of `when` rather than counting by hand.")])
def days_order_to_exit() -> int:
    return _days_order_to_exit()


def _late_totals() -> pd.Series:
    t = troop_totals()
    return t.loc[t["as_of"] >= pd.Timestamp("2022-01-13"), "value"]


@task("02.3", "the total most reports give from 13 January on", form="do", objective=2,
      hint='Filter troop_totals on totals["as_of"] >= "2022-01-13", then value_counts() the "value" column '
           "and read the first figure (not its count).",
      mistakes=lambda: [
          (int(majority(troop_totals()["value"]).winner),
           "that is the figure most reports give over the whole month, mostly before the troops had landed: "
           "keep only the reports from 13 January on first."),
          (int(troop_totals()["value"].max()),
           "that is the largest figure, given by one source; the task asks for the figure most reports give."),
          (2030, "2,030 is the exact count the Kazakh state agency gave, but only two reports give it: "
                 "count how many reports give each figure."),
          (int(_late_totals().value_counts().iloc[0]),
           "that is how many reports give the most common figure; the task asks for the figure itself.")])
def late_total() -> int:
    return int(majority(_late_totals()).winner)


@task("02.4", "dated reports in the figure that repeat an older figure", form="read", objective=2,
      hint="Count the hollow points on both panels: each is a later page repeating a figure given earlier.",
      mistakes=lambda: [
          (int(load("kazakhstan_2022").query("measure == 'deaths'")["note"].fillna("").str.contains(_REPEAT).sum()),
           "that also counts a re-report known only to the month, which the figure cannot place on a day."),
          (int((~toll_marks()["repeat"]).sum()), "that counts the filled points; count the hollow ones.")])
def repeats_drawn() -> int:
    return int(toll_marks()["repeat"].sum())


def _classified() -> list:
    threat = load("assistance_requests").groupby("case_id")["threat_kind"].first().astype(str)
    return [_PROTECTS[threat[c]] for c in CLASSIFIED_CASES]


@task("02.5", "what a CSTO response would protect in three cases", form="read", objective=3, ordered=True,
      choices=("collective defence", "regime security"),
      hint="Ask where the threat came from: from another state (collective defence), or from inside the "
           "country, against its government or public order (regime security). The article a government "
           "cites is its framing, not the threat itself.",
      mistakes=[(["collective defence", "collective defence", "regime security"],
                 "Kazakhstan's request was framed under Article 4, the collective-defence article, but the threat "
                 "was unrest inside the country: a response to it protects the government and public order, "
                 "that is regime security. The article cited is evidence of the framing, not of the threat."),
                (["regime security", "collective defence", "collective defence"],
                 "Kyrgyzstan 2010 was violence inside the country, and no state attacked it: troops sent there "
                 "would have protected order and the government, not defended the state against another state."),
                (lambda a: isinstance(a, list) and any("defense" in str(x).lower() for x in a),
                 "write 'collective defence' with a c, as the glossary does.")])
def what_response_protects() -> list:
    return _classified()


def _cases() -> pd.DataFrame:
    return case_table()


@task("02.6", "cases in which no source names any treaty article", form="do", objective=3,
      hint='Filter the cases table on cases["articles"] == "none named" and count the rows with len(...).',
      mistakes=lambda: [
          (int((_cases()["articles"] != "none named").sum()),
           "that counts the cases in which some source names an article; the task asks for the others."),
          (int(load("assistance_requests")["article_invoked"].isna().sum()),
           "that counts sources (rows of requests), not cases: use the cases table, one row per case."),
          (len(_cases()), "that is every case; keep only those whose articles are 'none named'.")])
def cases_without_article() -> int:
    c = _cases()
    return len(c[c["articles"] == "none named"])


@task("02.7", "cases whose response, as most sources report it, was a statement only", form="do", objective=4,
      hint='Count the rows of the cases table whose "response" is "statement only" '
           '(len(cases[cases["response"] == "statement only"])).',
      mistakes=lambda: [
          (int((load("assistance_requests")["response_kind"] == "statement_only").sum()),
           "that counts sources (rows of requests) that report a statement, not cases: a case with four "
           "sources would count four times. Use the cases table."),
          (int((case_responses(load("assistance_requests"))["statement_only"] > 0).sum()),
           "that counts every case in which at least one source reports a statement; count the cases whose "
           "response, as most sources report it, is a statement only."),
          (len(_cases()), "that is every case.")])
def statement_only_cases() -> int:
    c = _cases()
    return len(c[c["response"] == "statement only"])


@task("02.8", "C30: the CSTO 'withdrew promptly after restoring order'", form="judge", objective=5)
def judge_withdrawal():
    return judgement("C30", tuple(withdrawal_evidence()["source_id"]), mistakes=(
        ("supported", "the timing holds, but the rows show Kazakh authorities declaring order restored on 7 January, "
                      "the day after the first troops landed: nothing here shows the CSTO restoring order."),
        ("contradicted", "the force did leave within the days Tokayev announced, and earlier than some expected: "
                         "the 'promptly' part holds."),
    ))


@task("02.9", "C13: a '22,000-strong' rapid reaction force", form="judge", objective=5)
def judge_crrf():
    return judgement("C13", tuple(crrf_evidence()["source_id"]), mistakes=(
        ("supported", "22,000 appears in one 2018 analysis only, as a battle group within a larger force; the CSTO's "
                      "own figures of 2019 and 2022 are lower."),
        ("contradicted", "the CSTO's own figures are lower, but they are pledges, one reaches us through a copy and one "
                         "may count more than the CRRF: sources of different kinds disagree, and the data cannot "
                         "settle which is right."),
    ))
