"""Kazakhstan 2022 and the CSTO's other crises: pure functions for lesson 02.

Sources disagree on dates, troop numbers, death tolls and on what the CSTO did.
Nothing here averages them. Each function either keeps one row per source, or
picks the value *most sources* give and says how many sources and how many
different values stand behind it, so the disagreement stays visible.
Dating events, counting responses per case and adding each row's source are shared
with the other lessons and live in :mod:`csto.evidence`; this module adds:

- :func:`by_source` lists one measure of the ``kazakhstan_2022`` table, one row per report;
- :func:`country_figures` gives each contributing state's contingent as most sources give it;
- :func:`toll_reports` and :func:`toll_steps` follow a death toll through its revisions;
- :func:`responses_by_threat` counts cases by kind of threat and the response most sources report;
- :func:`articles_cited` lists the treaty articles sources name for a case;
- :func:`forces_table` sets the article's force figures against other sources;
- :func:`draw_timeline`, :func:`draw_case_responses`, :func:`draw_by_source`, :func:`draw_toll_steps`, :func:`draw_forces`
  draw on a matplotlib ``Axes`` and return it;
- :func:`explore_cases` is what the lesson's widget calls.

>>> list(KEY_EVENTS)[:2]
['2022-01-02-protests-start-zhanaozen', '2022-01-05-tokayev-requests-csto-help']
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import offset_copy
import pandas as pd

from csto import plots
from csto.data import format_date, load, resource
from csto import evidence
from csto.evidence import attach_sources, case_responses, consensus_dates
from csto.tasks import task

#: The lesson number: this module belongs to notebooks/02-*.ipynb.
LESSON = "02"

__all__ = [
    "KINDS", "KEY_EVENTS",
    "by_source", "country_figures", "toll_reports", "toll_steps",
    "responses_by_threat", "articles_cited", "forces_table",
    "draw_timeline", "draw_case_responses", "draw_by_source", "draw_toll_steps", "draw_forces",
    "explore_cases",
]

#: Kinds of source, in a fixed order so every figure gives a kind the same colour.
KINDS = ["official", "wire", "news", "think tank", "academic", "aggregator", "encyclopedia"]

#: The crisis in twelve steps: event ids of ``events`` and a short label for each.
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
    "2022-01-21-withdrawal-deadline": "Expected end (analyst brief)",
    "2022-01-23-withdrawal-expected-complete": "Expected end (NYT, Promote Ukraine)",
}

_RESPONSES = ["deployment", "fact_finding_mission", "mission_offered_declined", "statement_only", "no_action"]


def _kind_colour(kind: str) -> dict:
    return plots.colour_for(KINDS.index(kind) if kind in KINDS else len(KINDS))


def by_source(table: pd.DataFrame, measure: str, country: str | None = None) -> pd.DataFrame:
    """One measure of the ``kazakhstan_2022`` table, one row per report, with who reported it.

    Parameters
    ----------
    table : DataFrame
        The ``kazakhstan_2022`` table.
    measure : str
        E.g. ``"troops_total"``, ``"troops"`` or ``"deaths"``.
    country : str, optional
        ISO3 code to keep only one country's rows (for ``troops``).

    Returns
    -------
    DataFrame
        ``measure, country, value, as_of, as_of_precision, reported, source_id, publisher, kind, note``,
        sorted by report date (undated reports last); ``reported`` is the date as precisely as known.

    Examples
    --------
    >>> t = by_source(load("kazakhstan_2022"), "troops_total")
    >>> sorted(set(t["value"].astype(int)))
    [2000, 2030, 2500, 4000]
    """
    allowed = list(table["measure"].cat.categories)
    if measure not in allowed:
        raise ValueError(f"no measure {measure!r}; measures are: {', '.join(allowed)}")
    rows = table[table["measure"] == measure]
    if country is not None:
        rows = rows[rows["country"] == country]
        if rows.empty:
            raise ValueError(f"no {measure!r} rows for country {country!r}")
    out = attach_sources(rows)
    out["reported"] = [format_date(d, p) for d, p in zip(out["as_of"], out["as_of_precision"])]
    out = out.sort_values(["as_of", "value", "source_id"], kind="stable", na_position="last")
    cols = ["measure", "country", "value", "as_of", "as_of_precision", "reported", "source_id",
            "publisher", "kind", "note"]
    return out[cols].reset_index(drop=True)


def country_figures(table: pd.DataFrame) -> pd.DataFrame:
    """Each contributing state's contingent, as most sources give it (the lower value on a tie).

    Returns
    -------
    DataFrame
        ``country, troops, n_sources, n_values, all_values``; ``all_values`` lists every
        figure with its number of sources, e.g. ``'150 (4); 200 (1)'``.

    Examples
    --------
    >>> c = country_figures(load("kazakhstan_2022")).set_index("country")
    >>> int(c.loc["KGZ", "troops"]), c.loc["KGZ", "all_values"]
    (150, '150 (4); 200 (1)')
    """
    rows = []
    troops = table[table["measure"] == "troops"]
    if troops.empty:
        raise ValueError("the table has no 'troops' rows")
    for country, g in troops.groupby("country", sort=True):
        votes = g.groupby("value").size()
        best = votes[votes == votes.max()].index.min()
        listing = "; ".join(f"{v:g} ({n})" for v, n in votes.items())
        rows.append((country, best, g["source_id"].nunique(), int(votes.size), listing))
    out = pd.DataFrame(rows, columns=["country", "troops", "n_sources", "n_values", "all_values"])
    out["troops"] = out["troops"].astype("Int64")
    return out


def toll_reports(table: pd.DataFrame, measure: str = "deaths") -> pd.DataFrame:
    """Every report of a toll, with ``dated`` True where the report date is known to the day.

    Only day-dated reports can be placed on a time axis; the others (undated pages, or
    pages dated only to the month) are kept and flagged, not dropped silently.

    >>> r = toll_reports(load("kazakhstan_2022"))
    >>> int(r["dated"].sum()), int((~r["dated"]).sum())
    (19, 5)
    """
    out = by_source(table, measure)
    out["dated"] = out["as_of_precision"].astype(str).eq("day") & out["as_of"].notna()
    return out


def toll_steps(reports: pd.DataFrame) -> pd.DataFrame:
    """The figure most reports of each day give (the larger on a tie), for a step chart.

    Parameters
    ----------
    reports : DataFrame
        From :func:`toll_reports`; undated rows are left out.

    Examples
    --------
    >>> s = toll_steps(toll_reports(load("kazakhstan_2022")))
    >>> day = s.set_index("as_of").loc["2022-01-15"]
    >>> float(day["value"]), int(day["n_reports"])
    (225.0, 6)
    """
    dated = reports[reports["dated"]]
    rows = []
    for day, g in dated.groupby("as_of", sort=True):
        votes = g.groupby("value").size()
        best = votes[votes == votes.max()].index.max()
        rows.append((day, best, len(g)))
    return pd.DataFrame(rows, columns=["as_of", "value", "n_reports"])


def responses_by_threat(cases: pd.DataFrame) -> pd.DataFrame:
    """Count cases by kind of threat (rows) and the response most sources report (columns).

    ``cases`` comes from :func:`csto.evidence.case_responses`.

    >>> t = responses_by_threat(case_responses(load("assistance_requests")))
    >>> int(t.loc["internal_unrest", "deployment"])
    1
    """
    order = _RESPONSES + ["sources split", "not reported"]
    table = pd.crosstab(cases["threat_kind"], cases["response"])
    return table[[c for c in order if c in table.columns]]


def articles_cited(requests: pd.DataFrame, case_id: str) -> pd.DataFrame:
    """How many sources name each treaty article for one case (sources naming none are left out).

    >>> articles_cited(load("assistance_requests"), "kaz-2022-unrest")["article"].tolist()
    ['Article 2', 'Article 4']
    """
    g = requests[requests["case_id"] == case_id]
    if g.empty:
        raise ValueError(f"no case {case_id!r}; cases are: {', '.join(sorted(set(requests['case_id'])))}")
    pairs = [(a.strip(), s) for cited, s in zip(g["article_invoked"], g["source_id"])
             if isinstance(cited, str) for a in cited.split(";")]
    out = pd.DataFrame(pairs, columns=["article", "source_id"])
    return (out.groupby("article").agg(n_sources=("source_id", "nunique"),
                                       sources=("source_id", lambda s: "; ".join(sorted(s))))
            .reset_index())


def forces_table(forces: pd.DataFrame, components=("CRRF", "CRDF")) -> pd.DataFrame:
    """The reported size of force components, one row per source, with who reported it.

    ``article`` is True for the rows from the article the course tests.

    >>> t = forces_table(load("forces"))
    >>> t.loc[t["article"], ["component", "personnel"]].values.tolist()
    [['CRDF', 3500], ['CRRF', 22000]]
    """
    allowed = list(forces["component"].cat.categories)
    bad = [c for c in components if c not in allowed]
    if bad:
        raise ValueError(f"no component {', '.join(map(repr, bad))}; components are: {', '.join(allowed)}")
    rows = attach_sources(forces[forces["component"].isin(list(components))])
    rows["component"] = rows["component"].astype(str)
    rows["article"] = rows["source_id"].eq("diplomat-2024-scepanovic")
    cols = ["component", "year", "personnel", "source_id", "publisher", "kind", "article", "note"]
    return rows.sort_values(["component", "year", "source_id"], kind="stable")[cols].reset_index(drop=True)


# --- drawing ---------------------------------------------------------------------------


def _kind_legend(ax, kinds, **kwargs):
    handles = [plt.Line2D([], [], linestyle="none", markersize=7, label=k, **_kind_colour(k))
               for k in KINDS if k in set(kinds)]
    return ax.legend(handles=handles, title="Kind of source", **kwargs)


def draw_timeline(ax, events: pd.DataFrame, labels: dict | None = None, stay: tuple | None = None):
    """One line per event (top = first); a dot for each date sources give, sized by their number.

    The date most sources give is filled; other dates are hollow; the number above a dot
    is how many sources give that date. ``stay`` = (first, last) event ids shades the days
    between their consensus dates. Returns ``ax``.
    """
    labels = labels or KEY_EVENTS
    rows = events[events["event_id"].isin(list(labels)) & (events["date_precision"] == "day")]
    tl = consensus_dates(events[events["event_id"].isin([*labels, *(stay or ())])]).set_index("event_id")
    if stay is not None:
        first, last = (tl.loc[e, "date"] for e in stay)
        ax.axvspan(first, last, color=plots.OKABE_ITO["orange"], alpha=0.18, linewidth=0,
                   label=f"CSTO troops in Kazakhstan ({(last - first).days} days)")
        ax.legend(loc="lower left", fontsize=9)
    colour = plots.OKABE_ITO["blue"]
    for y, event_id in enumerate(labels):
        votes = rows[rows["event_id"] == event_id].groupby("date").size()
        best = tl.loc[event_id, "date"]
        for day, n in votes.items():
            filled = day == best
            size = 30 + 25 * n
            ax.scatter([day], [y], s=size, color=colour if filled else "white",
                       edgecolor=colour, linewidth=1.5, zorder=3)
            # the count sits just above its dot, clear of a dot for the next day
            ax.annotate(f"{n}", (day, y), xytext=(0, (size / 3.1416) ** 0.5 + 1.5), textcoords="offset points",
                        ha="center", va="bottom", fontsize=8, color="#333333")
    ax.set_yticks(range(len(labels)), list(labels.values()))
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(mdates.DayLocator(interval=2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d"))
    return ax


def draw_case_responses(ax, requests: pd.DataFrame):
    """One bar per case, split by the responses its sources report (one unit = one source).

    Sources that do not say what the CSTO did are left out. Returns ``ax``.
    """
    counts = case_responses(requests).sort_values(["threat_kind", "case_id"], kind="stable").set_index("case_id")
    order = counts.index.tolist()
    kinds = [k for k in _RESPONSES if counts[k].any()]
    left = pd.Series(0, index=order)
    hatches = ["", "//", "..", "", "xx"]
    for i, kind in enumerate(kinds):
        ax.barh(order, counts[kind], left=left, color=plots.colour_for(i)["color"],
                hatch=hatches[i % len(hatches)], edgecolor="white", label=kind.replace("_", " "))
        left = left + counts[kind]
    threat = counts["threat_kind"].astype(str)
    ax.set_yticks(range(len(order)), [f"{c}  ({threat[c].replace('_', ' ')})" for c in order])
    ax.invert_yaxis()
    ax.legend(title="Response the source reports", fontsize=8, loc="lower right")
    return ax


def draw_by_source(ax, table: pd.DataFrame, label_width: int = 34):
    """A dot per report (rows: publisher and report date), coloured and shaped by kind of source."""
    for y, row in enumerate(table.itertuples()):
        ax.plot([row.value], [y], linestyle="none", markersize=8, **_kind_colour(row.kind))
    names = [f"{p[:label_width]} · {d}" for p, d in zip(table["publisher"], table["reported"])]
    ax.set_yticks(range(len(table)), names, fontsize=8)
    ax.invert_yaxis()
    _kind_legend(ax, table["kind"], loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return ax


def draw_toll_steps(ax, reports: pd.DataFrame):
    """Reported tolls by report date: one dot per report (by kind of source) and a step line
    through the figure most reports of each day give.

    Reports of the same figure on the same day are set side by side (7 points apart), so
    each report stays visible; only day-dated reports are drawn. Returns ``ax``.
    """
    dated = reports[reports["dated"]]
    steps = toll_steps(reports)
    ax.step(steps["as_of"], steps["value"], where="post", color="#777777", linewidth=1.2,
            marker=None, zorder=1, label="figure most reports give that day")
    counts = {}
    for row in dated.sort_values(["as_of", "value", "kind"], kind="stable").itertuples():
        k = (row.as_of, row.value)
        counts[k] = counts.get(k, 0) + 1
        shift = offset_copy(ax.transData, fig=ax.figure, x=7 * (counts[k] - 1), y=0, units="points")
        ax.plot([row.as_of], [row.value], linestyle="none", markersize=7, zorder=3,
                transform=shift, **_kind_colour(row.kind))
    _kind_legend(ax, dated["kind"], loc="lower right", fontsize=8)
    return ax


def draw_forces(ax, table: pd.DataFrame):
    """Reported size by year, a mark per source and component; the article's figures circled in black.

    Marks are not joined by lines: each is a different source, not a series. Rows without a
    year are left out. Returns ``ax``.
    """
    dated = table[table["year"].notna()]
    for i, (component, g) in enumerate(dated.groupby("component", sort=True)):
        style = plots.colour_for(i)
        ax.plot(g["year"].astype(int), g["personnel"], linestyle="none", markersize=8, label=component,
                **style)
        art = g[g["article"]]
        ax.scatter(art["year"].astype(int), art["personnel"], s=220, facecolor="none",
                   edgecolor="black", linewidth=1.5, zorder=4)
    ax.scatter([], [], s=120, facecolor="none", edgecolor="black", label="the article's figure")
    ax.legend(loc="center left", fontsize=9)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return ax


# --- what the widgets call ---------------------------------------------------------------


def explore_cases(threat_kind: str = "internal_unrest", case: str = "all"):
    """Per-source responses for the cases of one kind of threat, or for one case.

    Returns a DataFrame (one row per source), or a sentence when nothing matches.

    >>> explore_cases("member_vs_member", "kaz-2022-unrest")
    'No case matches: kaz-2022-unrest is not a member_vs_member case.'
    >>> explore_cases("all", "arm-2020-tavush")["response"].tolist()
    ['no_action', 'statement_only']
    """
    requests = attach_sources(load("assistance_requests"))
    kinds = list(resource("assistance_requests")["schema"]["fields"][2]["constraints"]["enum"])
    if threat_kind != "all" and threat_kind not in kinds:
        raise ValueError(f"no threat kind {threat_kind!r}; kinds are: all, {', '.join(kinds)}")
    if case != "all" and case not in set(requests["case_id"]):
        raise ValueError(f"no case {case!r}; cases are: all, {', '.join(sorted(set(requests['case_id'])))}")
    rows = requests
    if threat_kind != "all":
        rows = rows[rows["threat_kind"] == threat_kind]
    if case != "all":
        rows = rows[rows["case_id"] == case]
    if rows.empty:
        return f"No case matches: {case} is not a {threat_kind} case."
    out = pd.DataFrame({
        "case": rows["case_id"],
        "response": rows["response_kind"].astype(object).where(rows["response_kind"].notna(), "(not said)"),
        "when": [format_date(d, p) for d, p in zip(rows["response_date"], rows["response_date_precision"])],
        "what the source says": rows["response_summary"],
        "source": rows["publisher"],
        "kind": rows["kind"],
    })
    return out.sort_values(["case", "response", "source"], kind="stable").reset_index(drop=True)


# ---- Try it tasks ------------------------------------------------------------
@task("02.1", "days from 'order restored' to the completed withdrawal",form="do", objective=1,
      hint="Use evidence.days_between(when[first], when[last]) with the event ids '2022-01-07-order-restored' "
           "and '2022-01-19-withdrawal-completed'.")
def days_after_order_restored() -> int:
    when = evidence.consensus_dates(evidence.in_theme(load("events"), "kazakhstan_2022")).set_index("event_id")["date"]
    return evidence.days_between(when["2022-01-07-order-restored"], when["2022-01-19-withdrawal-completed"])


@task("02.2", "sum of the five national contingents, as most sources give them",form="do", objective=2,
      hint="Add up the 'troops' column of country_figures(k).")
def sum_of_contingents() -> int:
    return int(country_figures(load("kazakhstan_2022"))["troops"].sum())


@task("02.3", "the death toll in the last day-dated report of 2022",form="do", objective=2,
      hint="Keep the rows of reports with dated == True and a 2022 report date; take the value of the latest one.")
def last_toll_2022() -> int:
    reports = toll_reports(load("kazakhstan_2022"))
    dated = reports[reports["dated"] & (reports["as_of"].dt.year == 2022)]
    return int(dated.sort_values("as_of", kind="stable")["value"].iloc[-1])


@task("02.4", "treaty articles that sources name for Armenia's May 2021 border crisis",form="do", objective=4,
      hint="articles_cited(requests, 'arm-2021-border') lists them; answer a list of texts like 'Article 9'.")
def articles_for_armenia_2021() -> list:
    return articles_cited(load("assistance_requests"), "arm-2021-border")["article"].tolist()


@task("02.5", "cases in which sources report more than one kind of response",form="do", objective=4,
      hint="In cases = evidence.case_responses(requests), keep the cases whose n_responses is above 1; "
           "answer a list of case ids.")
def cases_sources_differ() -> list:
    cases = evidence.case_responses(load("assistance_requests"))
    return sorted(cases.loc[cases["n_responses"] > 1, "case_id"])


@task("02.6", "how many more CRRF troops the article gives than the CSTO's own 2022 figure",form="do", objective=2,
      hint="Subtract the 2022 CRRF row's personnel from the article's CRRF figure in forces_table(f).")
def article_minus_csto_crrf() -> int:
    table = forces_table(load("forces"), ["CRRF"])
    article = table.loc[table["article"], "personnel"].item()
    csto_2022 = table.loc[table["year"] == 2022, "personnel"].item()
    return int(article - csto_2022)
