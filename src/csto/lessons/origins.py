"""Lesson 01 · Origins: who was in which bloc when, and what each source says.

:mod:`csto.membership` decides a state's status from its dated steps (its rules and
its :func:`~csto.membership.consensus` are used here, not repeated). This module adds
what lesson 01 needs on top:

- :func:`source_dates`, :func:`disagreements` and :func:`as_dated_by` put each source's
  dates side by side, tell a *real* disagreement between sources from a mere difference
  in precision (with :func:`csto.evidence.dates_agree`), or rebuild the membership
  history as one source tells it;
- :func:`membership_matrix`, :func:`compare_blocs`, :func:`in_both` and
  :func:`status_periods` give statuses for many years at once (the consensus is
  computed once, so a whole timeline takes milliseconds);
- :func:`year_view` and :func:`country_view` are the widget's pure functions;
- :func:`event_sources` lists the sources of an event in ``events``;

Adding each source's publisher and kind, reading dates as precisely as they are known
and voting on dates are :mod:`csto.evidence`'s jobs, shared by every lesson.
- :func:`plot_counts` and :func:`plot_timeline` draw the lesson's two figures.

>>> m = load("membership")
>>> membership_matrix(m, 1998, 1999).loc["UZB"].tolist()
['member', 'out']
"""

from __future__ import annotations

import functools

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from csto.data import format_date, load
from csto.evidence import attach_sources, consensus_dates, date_interval, dates_agree
from csto.membership import _EFFECT, _SAME_STEP, STATUSES, consensus, histories, status_after, status_counts, status_matrix
from csto.plots import OKABE_ITO
from csto.membership import status_on
from csto.tasks import task

#: The lesson number: this module belongs to notebooks/01-*.ipynb.
LESSON = "01"

__all__ = ["ORGANIZATIONS", "STATUS_COLOURS", "country_names",
           "source_dates", "disagreements", "as_dated_by", "membership_matrix",
           "compare_blocs", "in_both", "status_periods", "year_view", "country_view",
           "event_sources", "plot_counts", "plot_timeline"]

ORGANIZATIONS = ["CSTO", "GUAM"]
#: Fill colour of each status in tables and figures (Okabe–Ito; "out" is left blank).
STATUS_COLOURS = {"member": OKABE_ITO["blue"], "frozen": OKABE_ITO["orange"], "out": "#FFFFFF"}
_CELL = {"member": "background-color: #cfe3f2", "frozen": "background-color: #f8e1b0",
         "out": "color: #666666"}


@functools.lru_cache(maxsize=None)
def _course(name: str) -> pd.DataFrame:
    return load(name)


def _or_course(frame, name):
    return _course(name).copy() if frame is None else frame


def _check_org(organization) -> None:
    if organization not in ORGANIZATIONS:
        raise ValueError(f"organization must be one of {ORGANIZATIONS}, not {organization!r}")


def country_names(countries: pd.DataFrame | None = None) -> dict:
    """Map ISO3 codes to the names in the ``countries`` table.

    >>> country_names()["UZB"]
    'Uzbekistan'
    """
    countries = _or_course(countries, "countries")
    return dict(zip(countries["iso3"], countries["name"]))


def _step(events: pd.Series) -> pd.Series:
    """Signing in 1992 and acceding in 1993 are one step told two ways (as in csto.membership)."""
    return events.astype(str).replace(_SAME_STEP)


def source_dates(membership: pd.DataFrame | None = None, sources: pd.DataFrame | None = None, *,
                 organization: str | None = None, country: str | None = None,
                 event: str | None = None) -> pd.DataFrame:
    """Every source's date for each step, one row per source, with the kind of source.

    Parameters
    ----------
    membership, sources : DataFrame, optional
        The course tables (loaded when not given).
    organization, country, event : str, optional
        Keep only these rows. ``event="signed"`` also keeps ``acceded`` rows:
        they are the same step told two ways.

    Returns
    -------
    DataFrame
        ``organization, country, event, date, source_id, publisher, kind, note``,
        with ``date`` written only as precisely as the source gives it.

    Examples
    --------
    >>> d = source_dates(country="GEO", event="acceded")
    >>> sorted(d["date"].unique())
    ['1992-05', '1993', '1993-09-09', '1993-12-09']
    """
    membership = _or_course(membership, "membership")
    rows = membership
    if organization is not None:
        _check_org(organization)
        rows = rows[rows["organization"] == organization]
    if country is not None:
        rows = rows[rows["country"] == country]
    if event is not None:
        rows = rows[_step(rows["event"]) == _SAME_STEP.get(event, event)]
    if rows.empty:
        raise ValueError("no membership rows match "
                         + ", ".join(f"{k}={v!r}" for k, v in
                                     [("organization", organization), ("country", country),
                                      ("event", event)] if v is not None))
    rows = attach_sources(rows.sort_values(["organization", "country", "date", "source_id"], kind="stable"),
                          ["publisher", "kind"], sources=_or_course(sources, "sources"))
    return pd.DataFrame({
        "organization": rows["organization"].astype(str).values,
        "country": rows["country"].values,
        "event": rows["event"].astype(str).values,
        "date": [format_date(d, p) for d, p in zip(rows["date"], rows["date_precision"])],
        "source_id": rows["source_id"].values,
        "publisher": rows["publisher"].values,
        "kind": rows["kind"].values,
        "note": rows["note"].fillna("").values,
    })


def disagreements(membership: pd.DataFrame | None = None, *, only_conflicts: bool = False) -> pd.DataFrame:
    """Steps whose sources give more than one date, and whether the dates truly conflict.

    Returns
    -------
    DataFrame
        One row per organization, state and step: ``n_sources``, ``n_dates``, ``dates``
        (each distinct date with its number of sources, oldest first) and ``conflict``:
        True when no single day fits every source (:func:`csto.evidence.dates_agree` is
        False), False when the dates differ only in precision. Sorted by the earliest date.
        The counting is :func:`csto.evidence.consensus_dates`'s.

    Examples
    --------
    >>> d = disagreements(only_conflicts=True).set_index(["organization", "country", "step"])
    >>> d.loc[("CSTO", "UZB", "left"), "dates"]
    '1998 ×2; 1999 ×6; 1999-04 ×1; 1999-04-02 ×1'
    """
    membership = _or_course(membership, "membership")
    keys = ["organization", "country", "step"]
    tagged = membership.assign(organization=membership["organization"].astype(str), step=_step(membership["event"]))
    out = consensus_dates(tagged, keys)
    out = out[out["n_dates"] > 1]
    where = pd.MultiIndex.from_frame(out[keys])
    groups = tagged.groupby(keys)
    names = groups["event"].agg(lambda e: "/".join(sorted(e.astype(str).unique())))
    out = out.assign(step=names.reindex(where).to_numpy(), first=groups["date"].min().reindex(where).to_numpy())
    if only_conflicts:
        out = out[out["conflict"]]
    return (out.sort_values(["first", "organization", "country", "step"], kind="stable")
               [["organization", "country", "step", "n_sources", "n_dates", "dates", "conflict"]]
               .reset_index(drop=True))


def as_dated_by(membership: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """The membership table as one source tells it.

    For every step that ``source_id`` dates, the other sources' rows for that step are
    dropped; steps the source does not mention keep all their rows. Feeding the result to
    :func:`csto.membership.status_in_year` or :func:`membership_matrix` answers
    "who was a member, if this source is right?".

    Examples
    --------
    >>> m = load("membership")
    >>> article = as_dated_by(m, "diplomat-2024-scepanovic")
    >>> int((membership_matrix(article, 1992, 1992)[1992] == "member").sum())
    9
    """
    mine = membership[membership["source_id"] == source_id]
    if mine.empty:
        raise ValueError(f"source {source_id!r} dates no membership step; "
                         "pick a source_id from the membership table")
    keys = ["organization", "country", "step"]
    tagged = membership.assign(step=_step(membership["event"]),
                               organization=membership["organization"].astype(str))
    told = tagged[tagged["source_id"] == source_id][keys].drop_duplicates()
    merged = tagged.merge(told.assign(told=True), on=keys, how="left")
    keep = merged["told"].isna().to_numpy() | (merged["source_id"] == source_id).to_numpy()
    return membership[keep].reset_index(drop=True)


def _steps(membership: pd.DataFrame, organization: str, steps: pd.DataFrame | None = None) -> pd.DataFrame:
    _check_org(organization)
    steps = consensus(membership) if steps is None else steps
    return steps[steps["organization"] == organization]


def membership_matrix(membership: pd.DataFrame | None = None, first: int = 1992, last: int = 2025,
                      organization: str = "CSTO") -> pd.DataFrame:
    """Status of every state at the end of every year: one row per state, one column per year.

    :func:`csto.membership.status_matrix` on the course data by default.

    Examples
    --------
    >>> mx = membership_matrix(load("membership"), 2005, 2007)
    >>> mx.loc["UZB"].tolist()
    ['out', 'member', 'member']
    """
    _check_org(organization)
    return status_matrix(_or_course(membership, "membership"), first, last, organization)


def compare_blocs(membership: pd.DataFrame | None = None, year: int = 1999,
                  countries: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each state's status in the treaty (CSTO) and in GUAM at the end of ``year``.

    States that never took a step in an organization show ``never``.

    >>> compare_blocs(year=2000).set_index("country").loc["UZB", ["CSTO", "GUAM"]].tolist()
    ['out', 'member']
    """
    membership = _or_course(membership, "membership")
    names = country_names(countries)
    table = {org: membership_matrix(membership, year, year, org)[int(year)] for org in ORGANIZATIONS}
    out = pd.DataFrame(table).fillna("never")
    out.index.name = "country"
    out = out.reset_index()
    out.insert(1, "state", out["country"].map(names))
    return out.sort_values("country").reset_index(drop=True)


def in_both(membership: pd.DataFrame | None = None, year: int = 1998) -> list[str]:
    """States that were members of both the treaty and GUAM at the end of ``year``.

    >>> in_both(year=2005)
    []
    """
    both = compare_blocs(membership, year)
    return sorted(both.loc[(both["CSTO"] == "member") & (both["GUAM"] == "member"), "country"])


def status_periods(membership: pd.DataFrame | None = None, organization: str | None = None,
                   end="2025-12-31") -> pd.DataFrame:
    """Stretches of time each state spent in each status, from its first step to ``end``.

    Returns
    -------
    DataFrame
        ``organization, country, status, start, end``; a stretch ends where the next begins.

    Examples
    --------
    >>> p = status_periods(organization="CSTO").query("country == 'UZB'")
    >>> [(s, a.year, b.year) for s, a, b in zip(p.status, p.start, p.end)]
    [('member', 1992, 1999), ('out', 1999, 2006), ('member', 2006, 2012), ('out', 2012, 2025)]
    """
    membership = _or_course(membership, "membership")
    end = pd.Timestamp(end)
    orgs = ORGANIZATIONS if organization is None else [organization]
    rows = []
    for org in orgs:
        _check_org(org)
        for country, history in histories(membership, org).items():
            status, start = None, None
            for date in sorted({d for d, _ in history}):
                if date > end:
                    break
                now = status_after(history, date)
                if now != status:
                    if status is not None:
                        rows.append((org, country, status, start, pd.Timestamp(date)))
                    status, start = now, pd.Timestamp(date)
            if status is not None:
                rows.append((org, country, status, start, end))
    return pd.DataFrame(rows, columns=["organization", "country", "status", "start", "end"])


def _who_says(membership: pd.DataFrame, sources: pd.DataFrame, org: str, country: str, step: str) -> str:
    """'date: publisher [kind], ...' for every date the sources give to one step."""
    rows = membership[(membership["organization"].astype(str) == org)
                      & (membership["country"] == country)
                      & (_step(membership["event"]) == step)]
    rows = attach_sources(rows, ["publisher", "kind"], sources=sources).sort_values("source_id", kind="stable")
    parts = []
    for (date, precision), g in rows.groupby(["date", "date_precision"], observed=True, sort=True):
        who = ", ".join(f"{p} [{k}]" for p, k in zip(g["publisher"], g["kind"]))
        parts.append(f"{format_date(date, precision)}: {who}")
    return " · ".join(parts)


def _styled(frame: pd.DataFrame, uuid: str, status_col: str | None = "status"):
    styler = frame.style.hide(axis="index").set_uuid(uuid)
    styler = styler.set_table_styles([{"selector": "td, th",
                                       "props": "text-align: left; vertical-align: top;"}])
    if status_col:
        styler = styler.map(lambda v: _CELL.get(v, ""), subset=[status_col])
    return styler


def year_view(year: int = 2006, organization: str = "CSTO", *, membership: pd.DataFrame | None = None,
              sources: pd.DataFrame | None = None, countries: pd.DataFrame | None = None,
              styled: bool = True):
    """Who was a member, frozen or out at the end of ``year``, and which sources say so.

    For each state: its status on 31 December, the step that decided it (dated as most
    sources date it) and every date that the sources give for that step.

    Parameters
    ----------
    year : int
    organization : {"CSTO", "GUAM"}
    styled : bool
        Return a styled table for the notebook (True) or the plain DataFrame (False).

    Examples
    --------
    >>> v = year_view(1999, "GUAM", styled=False).set_index("country")
    >>> v.loc["UZB", ["status", "decided by"]].tolist()
    ['member', 'joined 1999']
    """
    _check_org(organization)
    membership = _or_course(membership, "membership")
    sources = _or_course(sources, "sources")
    names = country_names(countries)
    when = pd.Timestamp(f"{int(year)}-12-31")
    steps = _steps(membership, organization)
    rows = []
    for country, g in steps.groupby("country", sort=True):
        past = g[(g["date"] <= when) & g["event"].astype(str).isin(list(_EFFECT))]
        if past.empty:
            first = g.iloc[0]
            rows.append((country, names.get(country, country), "out",
                         f"not yet ({first['event']} {format_date(first['date'], first['date_precision'])})", ""))
            continue
        last = past.iloc[-1]
        status = _EFFECT[str(last["event"])]
        step = _SAME_STEP.get(str(last["event"]), str(last["event"]))
        rows.append((country, names.get(country, country), status,
                     f"{last['event']} {format_date(last['date'], last['date_precision'])}",
                     _who_says(membership, sources, organization, country, step)))
    out = pd.DataFrame(rows, columns=["country", "state", "status", "decided by", "what each source says"])
    return _styled(out, f"year-{organization}-{int(year)}") if styled else out


def country_view(country: str = "UZB", *, membership: pd.DataFrame | None = None,
                 sources: pd.DataFrame | None = None, styled: bool = True):
    """Every step of one state in both organizations, with every source's date.

    Examples
    --------
    >>> v = country_view("AZE", styled=False)
    >>> v[["organization", "step", "most sources"]].values.tolist()[:2]
    [['CSTO', 'acceded', '1993-09-24'], ['CSTO', 'in_force', '1994-04-20']]
    """
    membership = _or_course(membership, "membership")
    sources = _or_course(sources, "sources")
    known = sorted(membership["country"].unique())
    if country not in known:
        raise ValueError(f"no membership steps for {country!r}; states in the table: {', '.join(known)}")
    steps = consensus(membership)
    steps = steps[steps["country"] == country]
    rows = []
    for _, r in steps.iterrows():
        step = _SAME_STEP.get(str(r["event"]), str(r["event"]))
        rows.append((str(r["organization"]), str(r["event"]), format_date(r["date"], r["date_precision"]),
                     int(r["n_sources"]), _who_says(membership, sources, str(r["organization"]), country, step)))
    out = pd.DataFrame(rows, columns=["organization", "step", "most sources", "n_sources",
                                      "what each source says"])
    return _styled(out, f"country-{country}", status_col=None) if styled else out


def event_sources(event_ids, events: pd.DataFrame | None = None,
                  sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of ``events`` for some events: each source's date, kind and note.

    >>> e = event_sources(["2004-12-02-unga-observer-status"])
    >>> e["date"].tolist()
    ['2004', '2004', '2004-11', '2004-12-02', '2004-12-02']
    """
    events = _or_course(events, "events")
    if isinstance(event_ids, str):
        event_ids = [event_ids]
    unknown = sorted(set(event_ids) - set(events["event_id"]))
    if unknown:
        raise ValueError("unknown event id(s): " + ", ".join(unknown))
    rows = events[events["event_id"].isin(list(event_ids))].sort_values(
        ["date", "event_id", "source_id"], kind="stable")
    rows = attach_sources(rows, ["publisher", "kind"], sources=_or_course(sources, "sources"))
    return pd.DataFrame({
        "event_id": rows["event_id"].values,
        "date": [format_date(d, p) for d, p in zip(rows["date"], rows["date_precision"])],
        "publisher": rows["publisher"].values,
        "kind": rows["kind"].values,
        "source_id": rows["source_id"].values,
        "note": rows["note"].fillna("").values,
    })


def _changes(matrix: pd.DataFrame) -> dict:
    """Year -> short label of who changed status since the year before, e.g. '−AZE GEO UZB'."""
    labels = {}
    years = list(matrix.columns)
    for before, year in zip(years, years[1:]):
        parts = []
        for status, sign in (("member", "+"), ("out", "−"), ("frozen", "froze: ")):
            moved = sorted(matrix.index[(matrix[year] == status) & (matrix[before] != status)])
            if status == "out":
                moved = [c for c in moved if matrix.loc[c, before] != "out"]
            if moved:
                parts.append(sign + " ".join(moved))
        if parts:
            labels[year] = "; ".join(parts)
    return labels


def plot_counts(ax, membership: pd.DataFrame | None = None, first: int = 1992, last: int = 2025,
                annotate: bool = True):
    """Members per year of the treaty/CSTO and of GUAM, with frozen members stacked on top.

    With ``annotate``, each change is labelled with the ISO3 codes of the states that
    joined (+), left (−) or froze. Returns the ``Axes``.

    >>> fig, ax = plt.subplots(); ax = plot_counts(ax); len(ax.get_lines()) >= 2
    True
    >>> sorted(t.get_text() for t in ax.texts)[:3]
    ['+AZE BLR GEO', '+AZE GEO MDA UKR', '+UZB']
    >>> plt.close(fig)
    """
    membership = _or_course(membership, "membership")
    styles = {"CSTO": dict(color=OKABE_ITO["blue"], marker="o"),
              "GUAM": dict(color=OKABE_ITO["vermillion"], marker="s")}
    for org in ORGANIZATIONS:
        matrix = membership_matrix(membership, first - 1, last, org)
        c = status_counts(matrix).loc[first:]
        started = (c["member"] + c["frozen"]).gt(0).cummax()
        c = c[started]  # no line before the organization existed
        years = c.index.to_numpy()
        ax.step(years, c["member"], where="mid", lw=2, markersize=4,
                label=f"{'Treaty / CSTO' if org == 'CSTO' else 'GUAM / GUUAM'} members", **styles[org])
        if c["frozen"].any():
            labelled = any(b.get_label().startswith("members that froze") for b in ax.containers)
            ax.bar(years, c["frozen"], bottom=c["member"], width=0.8, color=OKABE_ITO["orange"],
                   hatch="//", edgecolor="black", lw=0.5,
                   label="_nolegend_" if labelled else "members that froze participation (stacked on top)")
        if annotate:
            above = org == "CSTO"
            start = c.index[0]
            for year, text in _changes(matrix).items():
                if year <= first:
                    continue  # the starting line-up needs no label
                # above the line: over any frozen block; below it: under the members' line
                y = c.loc[year, "member"] + (c.loc[year, "frozen"] if above else 0)
                founding = year == start  # label the founders to the left, where there is room
                ax.annotate(text, (year - 0.5, y), xytext=(-3 if founding else 3, 5 if above else -6),
                            textcoords="offset points", ha="right" if founding else "left",
                            va="bottom" if above else "top", fontsize=8.5, color=styles[org]["color"])
    ax.set_xlabel("Year (status on 31 December)")
    ax.set_ylabel("Number of states")
    ax.set_ylim(0, 10.5)
    ax.set_yticks(range(0, 11, 2))
    ax.set_xlim(first - 1, last + 1)
    return ax


def plot_timeline(ax, membership: pd.DataFrame | None = None, end="2025-12-31",
                  countries: pd.DataFrame | None = None):
    """One row per state and organization: bars coloured by status, a tick at each step.

    Where sources truly disagree on a step (:func:`csto.evidence.dates_agree` is False), a grey line
    under the row spans every date they give, so the disagreement stays visible.
    Returns the ``Axes``.

    >>> fig, ax = plt.subplots(); ax = plot_timeline(ax); len(ax.get_yticklabels())
    14
    >>> plt.close(fig)
    """
    membership = _or_course(membership, "membership")
    names = country_names(countries)
    periods = status_periods(membership, end=end)
    steps = consensus(membership)
    rows = (periods[["organization", "country"]].drop_duplicates()
            .sort_values(["organization", "country"], key=lambda s: s.astype(str)).values.tolist())
    ypos = {tuple(r): i for i, r in enumerate(reversed(rows))}
    for _, p in periods.iterrows():
        if p["status"] == "out":
            continue
        y = ypos[(p["organization"], p["country"])]
        ax.barh(y, (p["end"] - p["start"]).days, left=p["start"], height=0.55,
                color=STATUS_COLOURS[p["status"]], hatch="//" if p["status"] == "frozen" else None,
                edgecolor="black" if p["status"] == "frozen" else "none", lw=0.5)
    for (org, country, step), g in membership.groupby(
            [membership["organization"].astype(str), membership["country"], _step(membership["event"])], sort=True):
        precisions = g["date_precision"].astype(str)
        if dates_agree(g["date"], precisions):
            continue  # the sources differ at most in precision
        y = ypos[(org, country)]
        spans = [date_interval(d, p) for d, p in zip(g["date"], precisions)]
        lo, hi = min(s for s, _ in spans), max(e for _, e in spans)
        ax.plot([lo, hi], [y - 0.37, y - 0.37], color="#555555", lw=2, marker="|", markersize=5)
    ticks = steps.assign(organization=steps["organization"].astype(str))
    ax.scatter([d for d in ticks["date"]], [ypos[(o, c)] for o, c in zip(ticks["organization"], ticks["country"])],
               marker="|", s=120, color="black", lw=1.5, zorder=3)
    n_guam = sum(1 for o, _ in ypos if o == "GUAM")
    if 0 < n_guam < len(ypos):
        ax.axhline(n_guam - 0.5, color="#888888", lw=0.8, ls="--")
    ax.set_yticks(list(ypos.values()))
    ax.set_yticklabels([f"{names.get(c, c)} · {o}" for (o, c) in ypos])
    ax.set_xlim(pd.Timestamp("1991-07-01"), pd.Timestamp(end) + pd.Timedelta(days=180))
    ax.set_xlabel("Year")
    ax.grid(axis="y", visible=False)
    handles = [Patch(facecolor=STATUS_COLOURS["member"], label="member"),
               Patch(facecolor=STATUS_COLOURS["frozen"], hatch="//", edgecolor="black", label="frozen"),
               plt.Line2D([], [], color="black", marker="|", ls="", markersize=10, label="a step (date most sources give)"),
               plt.Line2D([], [], color="#555555", lw=2, label="sources disagree: span of their dates")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, fontsize=9)
    return ax


# ---- Try it tasks ------------------------------------------------------------
@task("01.1", "the states that signed the treaty in Tashkent on 15 May 1992, by most sources",form="do", objective=1,
      hint="Use ISO3 codes, e.g. ['RUS', ...]. Look at the 'signed' rows dated 1992-05-15.")
def tashkent_signatories() -> list:
    steps = consensus(load("membership"))
    rows = steps[(steps["organization"] == "CSTO") & (steps["event"] == "signed")
                 & (steps["date"] == pd.Timestamp("1992-05-15"))]
    return sorted(rows["country"])


@task("01.2", "the treaty parties that were out at the end of 1999",form="do", objective=1,
      hint="Compare the columns 1998 and 1999 of membership_matrix(m, 1998, 1999). Use ISO3 codes.")
def left_1999() -> list:
    mx = membership_matrix(load("membership"), 1998, 1999, "CSTO")
    return sorted(mx.index[(mx[1998] == "member") & (mx[1999] == "out")])


@task("01.3", "the states in both the treaty and GUAM at the end of 1998",form="do", objective=3,
      hint="compare_blocs(m, 1998) shows both organizations side by side. Use ISO3 codes.")
def in_both_1998() -> list:
    return in_both(load("membership"), 1998)


@task("01.4", "CSTO members at the end of 2007, if RIA Novosti's March 2008 report is right",form="do", objective=2,
      hint="Use as_dated_by(m, 'riano-2008-uzbekistan-formalizes-return'), then count the members in 2007.")
def members_2007_by_ria() -> int:
    m = as_dated_by(load("membership"), "riano-2008-uzbekistan-formalizes-return")
    return int((membership_matrix(m, 2007, 2007, "CSTO")[2007] == "member").sum())


@task("01.5", "CSTO member states on the day of the Moscow declaration (5 September 2008)",form="do", objective=1,
      hint="status_on(m, '2008-09-05') gives each state's status on that day; count the members.")
def members_on_declaration_day() -> int:
    return int((status_on(load("membership"), "2008-09-05")["status"] == "member").sum())
