"""Timelines, supplier shares and spending series: pure functions first used in lesson 03.

Nothing here is about Armenia alone: every function takes a table of the data
package and a country, theme or window as arguments, so later lessons can reuse it.

- Timelines (``events``, ``membership``): :func:`filter_timeline` keeps rows by period,
  actor and theme; :func:`timeline_table` gives the timeline widget one line per event,
  dated as most sources date it (by :func:`csto.evidence.consensus_dates`).
- Supplier shares (``arms_imports_by_supplier``): :func:`share_table`,
  :func:`available_windows` and :func:`compare_windows`.
- Spending (``military_spending``): :func:`spending_units` and :func:`spending_series`,
  which returns one unit at a time and never mixes currencies.
- Purchases from other suppliers (``arms_diversification``): :func:`deals_by_supplier`.
- Figures: :func:`plot_dates`, :func:`plot_shares`, :func:`plot_spending` take and return an ``Axes``.

Adding each row's source, dating events, counting days and counting responses per case
are shared with the other lessons and live in :mod:`csto.evidence`.

>>> ev = load("events")
>>> rows = filter_timeline(ev, 2024, 2024, actor="BLR", theme="armenia")
>>> sorted(rows["event_id"].unique())[:2]
['2024-06-01-politico-belarus-arms-to-azerbaijan', '2024-06-12-pashinyan-wont-visit-belarus']
"""

from __future__ import annotations

import re

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator
import pandas as pd

from csto.data import format_date, load
from csto.evidence import consensus_dates, in_theme
from csto.plots import colour_for
from csto.evidence import days_between
from csto.membership import consensus, status_on
from csto.tasks import task

#: The lesson number: this module belongs to notebooks/03-*.ipynb.
LESSON = "03"

__all__ = [
    "ALL", "BASES", "filter_timeline", "timeline_table", "timeline_choices",
    "share_table", "available_windows", "compare_windows",
    "spending_units", "spending_series", "deals_by_supplier",
    "plot_dates", "plot_shares", "plot_spending",
]

#: The drop-down value that means "no filter".
ALL = "all"

#: What a spending figure measures (the ``basis`` column of ``military_spending``), in legend order.
BASES = ["SIPRI", "budget", "IISS", "BICC", "other"]

_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


# --------------------------------------------------------------------------- timelines

def _bound(value, end: bool) -> pd.Timestamp | None:
    """A year (int) becomes 1 January or 31 December; anything else is read as a date."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return pd.Timestamp(f"{value}-12-31" if end else f"{value}-01-01")
    try:
        return pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is neither a year nor a date (write dates as YYYY-MM-DD)") from None


def filter_timeline(rows: pd.DataFrame, start=None, end=None, actor: str | None = None,
                    theme=None) -> pd.DataFrame:
    """Keep the rows of a timeline dated within a period, involving an actor, in a theme.

    Parameters
    ----------
    rows : pandas.DataFrame
        The ``events`` table, or any table with a ``date`` column (``membership`` too).
    start, end : int or date-like, optional
        First and last day kept, both included. A whole number is a year: ``2024`` as
        ``start`` means 1 January 2024, as ``end`` 31 December 2024.
    actor : str, optional
        ISO3 code. Keeps the events that at least one source says involve it (its
        ``countries`` list, ``;``-separated, holds the code), with all their rows; for
        tables with a ``country`` column, the rows of that country. ``None`` or ``"all"``: every row.
    theme : str or list of str, optional
        Keep only the events that a source files under these themes, with all their rows
        (:func:`csto.evidence.in_theme`). ``None`` or ``"all"``: every theme.

    Returns
    -------
    pandas.DataFrame
        The rows kept, oldest first (ties by ``event_id`` or ``event``, then ``source_id``).

    Raises
    ------
    ValueError
        If ``start`` is after ``end``, the actor is not a three-letter code, or a theme is unknown.

    Examples
    --------
    >>> m = load("membership")
    >>> filter_timeline(m, 2024, 2024, actor="ARM")["event"].astype(str).unique().tolist()
    ['froze', 'stopped_dues', 'announced_exit']
    """
    lo, hi = _bound(start, end=False), _bound(end, end=True)
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"the period starts ({lo.date()}) after it ends ({hi.date()})")
    keep = pd.Series(True, index=rows.index)
    if lo is not None:
        keep &= rows["date"] >= lo
    if hi is not None:
        keep &= rows["date"] <= hi
    if actor not in (None, ALL):
        if not (isinstance(actor, str) and re.fullmatch(r"[A-Z]{3}", actor)):
            raise ValueError(f"actor should be an ISO3 code such as 'ARM', not {actor!r}")
        if "countries" in rows:
            involved = rows["countries"].fillna("").str.split(";").apply(lambda codes: actor in codes)
            keep &= rows["event_id"].isin(set(rows.loc[involved, "event_id"])) if "event_id" in rows else involved
        else:
            keep &= rows["country"] == actor
    if theme not in (None, ALL):
        keep &= rows.index.isin(in_theme(rows, theme).index)
    key = "event_id" if "event_id" in rows else "event"
    out = rows[keep]
    return out.sort_values(["date", key, "source_id"], kind="stable",
                           key=lambda s: s.astype(str) if s.name == key else s).reset_index(drop=True)


def timeline_table(first_year: int = 2020, last_year: int = 2025, actor: str = "ARM",
                   theme: str = "armenia", events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The timeline widget's view: one line per event in a period, for an actor and theme.

    The two years may come in either order (two sliders can cross). Dates are written as
    precisely as the sources know them; *sources* counts the sources, and *other dates*
    lists the other dates sources give, each with its number of sources.

    Parameters
    ----------
    first_year, last_year : int
        The period, both years included.
    actor : str
        ISO3 code of a state involved, or ``"all"``.
    theme : str
        A theme of the ``events`` table, or ``"all"``.
    events : pandas.DataFrame, optional
        The ``events`` table (loaded when not given).

    Examples
    --------
    >>> t = timeline_table(2024, 2024, "ARM", "armenia")
    >>> t.columns.tolist()
    ['when', 'what happened', 'sources', 'other dates']
    >>> t.loc[t["what happened"].str.startswith("Pashinyan tells parliament"), "when"].item()
    '2024-06-12'
    """
    events = load("events") if events is None else events
    lo, hi = sorted((int(first_year), int(last_year)))
    s = consensus_dates(filter_timeline(events, lo, hi, actor=actor, theme=theme), keep=["title"])
    when = [format_date(d, p) for d, p in zip(s["date"], s["date_precision"])]
    other = ["; ".join(x for x in given.split("; ") if not x.startswith(f"{w} ×"))
             for given, w in zip(s["dates"], when)]
    return pd.DataFrame({"when": when, "what happened": s["title"], "sources": s["n_sources"],
                         "other dates": other})


def timeline_choices(events: pd.DataFrame | None = None,
                     countries: pd.DataFrame | None = None) -> tuple[list, list]:
    """Options for the timeline widget's drop-downs: actors as (name, code) pairs and themes.

    Only states that appear in the ``countries`` column of ``events`` are offered,
    sorted by name, after ``"all"``.

    >>> actors, themes = timeline_choices()
    >>> actors[0], ("Armenia", "ARM") in actors, themes[:2]
    (('all', 'all'), True, ['all', 'origins'])
    """
    events = load("events") if events is None else events
    countries = load("countries") if countries is None else countries
    codes = sorted({c for cell in events["countries"].dropna() for c in cell.split(";") if c})
    names = dict(zip(countries["iso3"], countries["name"]))
    actors = [(ALL, ALL)] + sorted((names.get(c, c), c) for c in codes)
    themes = [ALL] + [str(t) for t in (events["theme"].cat.categories if hasattr(events["theme"], "cat")
                                       else sorted(events["theme"].dropna().unique()))
                      if (events["theme"].astype(str) == str(t)).any()]
    return actors, themes


# --------------------------------------------------------------------------- supplier shares

def _window_label(start, end) -> str:
    start, end = int(start), int(end)
    return str(start) if start == end else f"{start}–{str(end)[-2:]}"


def share_table(imports: pd.DataFrame, importer: str, *, sipri_only: bool = False) -> pd.DataFrame:
    """One importer's supplier shares, one row per supplier, window and source.

    Adds ``window`` (a label such as ``2016–20``) and ``sipri`` (True where the ``basis``
    column says the share is SIPRI's). Sorted by window, supplier and source.

    Raises
    ------
    ValueError
        If the table has no row for ``importer``.

    Examples
    --------
    >>> t = share_table(load("arms_imports_by_supplier"), "AZE")
    >>> t.query("supplier == 'BLR'")[["window", "share_pct"]].values.tolist()
    [['2017–21', 6.6]]
    """
    rows = imports[imports["importer"] == importer].copy()
    if rows.empty:
        known = ", ".join(sorted(imports["importer"].unique()))
        raise ValueError(f"no supplier shares for importer {importer!r}; importers in the data: {known}")
    rows["window"] = [_window_label(a, b) for a, b in zip(rows["window_start"], rows["window_end"])]
    rows["sipri"] = rows["basis"].astype(str).eq("SIPRI")
    if sipri_only:
        rows = rows[rows["sipri"]]
    return rows.sort_values(["window_start", "window_end", "supplier", "source_id"],
                            kind="stable").reset_index(drop=True)


def available_windows(imports: pd.DataFrame, importer: str, *, sipri_only: bool = True) -> list[str]:
    """The windows for which the data holds an importer's supplier shares, oldest first.

    >>> available_windows(load("arms_imports_by_supplier"), "ARM")
    ['2013–17', '2015–19', '2016–20']
    """
    t = share_table(imports, importer, sipri_only=sipri_only)
    return list(dict.fromkeys(t["window"]))


def compare_windows(imports: pd.DataFrame, importer: str, before: tuple[int, int],
                    after: tuple[int, int], *, sipri_only: bool = True) -> pd.DataFrame:
    """Each supplier's share of an importer's arms imports in two windows, side by side.

    Where sources give different shares for one window, both the lowest and the highest
    are kept (never an average), and the change is left empty, because it depends on
    which source is right.

    Parameters
    ----------
    imports : pandas.DataFrame
        The ``arms_imports_by_supplier`` table.
    importer : str
        ISO3 code.
    before, after : tuple of int
        ``(window_start, window_end)`` of the two windows, e.g. ``(2010, 2014)``.
    sipri_only : bool
        Leave out figures that are not SIPRI's (default True).

    Returns
    -------
    pandas.DataFrame
        One row per supplier: ``supplier``, ``before_low``, ``before_high``,
        ``after_low``, ``after_high``, ``change_pp`` (percentage points, empty when a
        window's sources disagree or the supplier is missing from a window), ``n_sources``.

    Raises
    ------
    ValueError
        If a window has no row for the importer; the message lists the windows there are.

    Examples
    --------
    >>> c = compare_windows(load("arms_imports_by_supplier"), "AZE", (2010, 2014), (2014, 2018))
    >>> c.set_index("supplier").loc["RUS", ["before_low", "after_low", "change_pp"]].tolist()
    [85.0, 51.0, -34.0]
    """
    t = share_table(imports, importer, sipri_only=sipri_only)
    parts = {}
    for name, (a, b) in (("before", before), ("after", after)):
        w = t[(t["window_start"] == a) & (t["window_end"] == b)]
        if w.empty:
            have = ", ".join(dict.fromkeys(t["window"])) or "none"
            raise ValueError(f"no {'SIPRI ' if sipri_only else ''}shares for {importer} in "
                             f"{_window_label(a, b)}; windows in the data: {have}")
        parts[name] = w
    suppliers = sorted(set(parts["before"]["supplier"]) | set(parts["after"]["supplier"]))
    out = []
    for sup in suppliers:
        row = {"supplier": sup}
        n = set()
        for name, w in parts.items():
            v = w.loc[w["supplier"] == sup, "share_pct"]
            row[f"{name}_low"] = v.min() if len(v) else float("nan")
            row[f"{name}_high"] = v.max() if len(v) else float("nan")
            n |= set(w.loc[w["supplier"] == sup, "source_id"])
        agreed = all(row[f"{k}_low"] == row[f"{k}_high"] for k in ("before", "after"))
        row["change_pp"] = row["after_low"] - row["before_low"] if agreed else float("nan")
        row["n_sources"] = len(n)
        out.append(row)
    return pd.DataFrame(out, columns=["supplier", "before_low", "before_high", "after_low",
                                      "after_high", "change_pp", "n_sources"])


# --------------------------------------------------------------------------- spending

def _split_unit(unit: str) -> tuple[str, float, str]:
    """'USD billion, current' -> ('USD', 1e9, 'current')."""
    m = re.fullmatch(r"\s*([A-Z]{3})\s+(thousand|million|billion|trillion)\s*(?:,\s*(.*))?", str(unit))
    if not m:
        raise ValueError(f"cannot read the unit {unit!r} (expected e.g. 'USD million')")
    return m.group(1), _SCALE[m.group(2)], (m.group(3) or "").strip()


def spending_units(spending: pd.DataFrame, country: str) -> pd.DataFrame:
    """The units a country's spending figures come in, with the number of rows in each.

    >>> spending_units(load("military_spending"), "ARM").values.tolist()
    [['AMD billion', 4], ['USD billion', 5], ['USD million', 13]]
    """
    rows = spending[(spending["country"] == country) & spending["unit"].notna()]
    counts = rows.groupby("unit").size().rename("rows").reset_index()
    counts["rows"] = counts["rows"].astype(int)
    return counts.sort_values("unit").reset_index(drop=True)


def spending_series(spending: pd.DataFrame, country: str, unit: str = "USD million", *,
                    rescale: bool = True, first_year: int | None = None,
                    last_year: int | None = None) -> pd.DataFrame:
    """One country's spending figures in ONE unit, one row per source and year.

    Figures in another scale of the same currency and price basis (``USD billion`` when
    ``unit`` is ``USD million``) are converted exactly when ``rescale`` is True; the value
    and unit the source gave stay in ``value_as_given`` and ``unit_as_given``. Figures in
    another currency are never converted (that would need an exchange rate the data does not hold).
    Rows with only a share of GDP are left out.

    Parameters
    ----------
    spending : pandas.DataFrame
        The ``military_spending`` table.
    country : str
        ISO3 code.
    unit : str
        Currency and scale, e.g. ``"USD million"`` or ``"AMD billion"``.
    rescale : bool
        Convert same-currency figures of another scale (default True).
    first_year, last_year : int, optional
        Keep only these years (both included).

    Returns
    -------
    pandas.DataFrame
        ``year, value, unit, basis, share_gdp_pct, source_id, value_as_given, unit_as_given, note``,
        sorted by year, basis and source. ``basis`` is the table's own column: what the
        figure measures (SIPRI, budget, IISS, BICC or other).

    Raises
    ------
    ValueError
        If no figure of the country can be given in ``unit``; the message lists its units.

    Examples
    --------
    >>> s = spending_series(load("military_spending"), "ARM", "USD million")
    >>> s.query("year == 2023")[["value", "basis", "unit_as_given"]].values.tolist()
    [[1330.0, 'SIPRI', 'USD million'], [1280.0, 'budget', 'USD billion']]
    """
    cur, scale, prices = _split_unit(unit)
    rows = spending[(spending["country"] == country) & spending["value"].notna()].copy()
    if first_year is not None:
        rows = rows[rows["year"] >= first_year]
    if last_year is not None:
        rows = rows[rows["year"] <= last_year]
    keep, values = [], []
    for i, (u, v) in enumerate(zip(rows["unit"], rows["value"])):
        c, s, b = _split_unit(u)
        same = (u == unit) or (rescale and c == cur and b == prices)
        keep.append(same)
        values.append(v * s / scale if same else float("nan"))
    rows["value_as_given"], rows["unit_as_given"] = rows["value"], rows["unit"]
    rows["value"] = values
    rows = rows[keep]
    if rows.empty:
        have = spending_units(spending, country)["unit"].tolist()
        raise ValueError(f"no spending figure for {country} in {unit!r}; its units are: "
                         + (", ".join(have) if have else "none"))
    rows["unit"] = unit
    rows["basis"] = rows["basis"].astype(str)
    cols = ["year", "value", "unit", "basis", "share_gdp_pct", "source_id", "value_as_given",
            "unit_as_given", "note"]
    return rows.sort_values(["year", "basis", "source_id"], kind="stable")[cols].reset_index(drop=True)


# --------------------------------------------------------------------------- other suppliers

def deals_by_supplier(deals: pd.DataFrame, buyer: str) -> pd.DataFrame:
    """A buyer's reported deals with suppliers other than Russia, summarised by supplier.

    Rows are reports, not deals (two sources may report one deal), so the summary counts
    reports and sources and lists the distinct systems named.

    Returns columns ``supplier, reports, sources, first, last, systems`` (``first`` and
    ``last`` are the earliest and latest dated report, written as precisely as known).

    Examples
    --------
    >>> d = deals_by_supplier(load("arms_diversification"), "ARM")
    >>> d["supplier"].tolist(), d.set_index("supplier").loc["IND", "first"]
    (['FRA', 'IND'], '2020-03-01')
    """
    rows = deals[deals["buyer"] == buyer]
    if rows.empty:
        raise ValueError(f"no deals recorded for buyer {buyer!r}")
    out = []
    for sup, g in rows.groupby("supplier", sort=True):
        dated = g.dropna(subset=["date"]).sort_values("date")
        first = format_date(dated["date"].iloc[0], dated["date_precision"].iloc[0]) if len(dated) else "n.d."
        last = format_date(dated["date"].iloc[-1], dated["date_precision"].iloc[-1]) if len(dated) else "n.d."
        out.append((sup, len(g), g["source_id"].nunique(), first, last,
                    "; ".join(sorted(g["system"].dropna().unique()))))
    return pd.DataFrame(out, columns=["supplier", "reports", "sources", "first", "last", "systems"])


# --------------------------------------------------------------------------- figures

def plot_dates(ax, rows: pd.DataFrame, labels: dict, *, kinds: dict | None = None):
    """One line per event, one mark per source: how precisely and how alike sources date it.

    A day-precise date is a filled dot; a date known only to the month is a bar over
    that month (with an open dot at its start), to the year a bar over the year.
    Rows whose source is in ``kinds`` (e.g. ``{"diplomat-2024-scepanovic": "the article"}``)
    get a distinct marker and a legend entry.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    rows : pandas.DataFrame
        Rows with ``event_id`` (or ``event``), ``date``, ``date_precision``, ``source_id``.
    labels : dict
        ``{event_id: short label}`` in the order to draw, top to bottom.
    """
    key = "event_id" if "event_id" in rows else "event"
    kinds = kinds or {}
    order = list(labels)
    for y, ev in enumerate(order):
        g = rows[rows[key].astype(str) == ev]
        for _, r in g.iterrows():
            special = r["source_id"] in kinds
            style = colour_for(5) if special else colour_for(4 if str(r["date_precision"]) != "day" else 3)
            d = r["date"]
            prec = str(r["date_precision"])
            if prec in ("month", "year"):
                end = d + (pd.offsets.MonthEnd(0) if prec == "month" else pd.offsets.YearEnd(0))
                ax.plot([d, end], [y, y], color=style["color"], marker="", lw=5, alpha=0.45,
                        solid_capstyle="butt")
            if special:
                ax.plot([d], [y], linestyle="none", marker=style["marker"], color=style["color"],
                        mec="black", mew=0.6, ms=9, zorder=5)
            elif prec in ("month", "year"):
                ax.plot([d], [y], linestyle="none", marker="o", mfc="white", mec=style["color"], ms=7)
            else:
                ax.plot([d], [y], linestyle="none", marker="o", color=style["color"], ms=7, alpha=0.8)
    ax.set_yticks(range(len(order)), [labels[e] for e in order])
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    handles = [plt.Line2D([], [], linestyle="none", marker="o", color=colour_for(3)["color"], ms=7,
                          label="a source, exact day"),
               plt.Line2D([], [], color=colour_for(4)["color"], marker="", lw=5, alpha=0.45,
                          label="a source, month or year only")]
    for sid, label in kinds.items():
        handles.append(plt.Line2D([], [], linestyle="none", marker=colour_for(5)["marker"],
                                  color=colour_for(5)["color"], mec="black", mew=0.6, ms=9, label=label))
    ax.legend(handles=handles, loc="lower left", fontsize=9)
    return ax


def plot_shares(ax, table: pd.DataFrame, *, title: str = "", suppliers=None):
    """Supplier shares by window: one mark per source, lines only between windows of one length.

    ``table`` comes from :func:`share_table`. Windows are ordered by their last year.
    A line joins a supplier's shares only across consecutive windows of the same length
    (a ten-year window is not comparable with the five-year ones around it); where
    sources disagree on a window, a thin bar joins their values. Figures that are not
    SIPRI's are drawn as open marks and named in the legend. ``suppliers`` fixes the
    colour of each supplier (its position in the list), so that several panels agree;
    by default the suppliers of ``table`` in alphabetical order.
    """
    order = list(suppliers) if suppliers is not None else sorted(table["supplier"].unique())
    missing = sorted(set(table["supplier"]) - set(order))
    if missing:
        raise ValueError(f"suppliers {', '.join(missing)} have no colour: add them to `suppliers`")
    windows = list(dict.fromkeys(table.sort_values(["window_end", "window_start"])["window"]))
    x_of = {w: i for i, w in enumerate(windows)}
    names = dict(zip(load("countries")["iso3"], load("countries")["name"]))
    for sup, g in table.groupby("supplier", sort=True):
        style = colour_for(order.index(sup))
        sipri = g[g["sipri"]]
        spans = sipri.groupby(["window_end", "window_start", "window"], sort=True)["share_pct"].agg(["min", "max"])
        labelled = False
        prev = None
        for (end, start, w), (lo, hi) in spans.iterrows():
            if lo != hi:
                ax.plot([x_of[w], x_of[w]], [lo, hi], color=style["color"], marker="", lw=1)
            if prev is not None and prev[0] == end - start:
                ax.plot([prev[1], x_of[w]], [prev[2], lo], color=style["color"], marker="", lw=1.5)
            prev = (end - start, x_of[w], lo)
        for w, v in zip(sipri["window"], sipri["share_pct"]):
            ax.plot([x_of[w]], [v], linestyle="none", marker=style["marker"], color=style["color"],
                    label=None if labelled else names.get(sup, sup))
            labelled = True
        other = g[~g["sipri"]]
        if len(other):
            ax.plot([x_of[w] for w in other["window"]], other["share_pct"], linestyle="none",
                    marker=style["marker"], mfc="white", mec=style["color"], ms=8,
                    label=f"{names.get(sup, sup)} (not SIPRI)")
    ax.set_xticks(range(len(windows)), windows)
    ax.set_xlim(-0.5, max(len(windows) - 0.5, 1.5))
    ax.set_ylim(0, 100)
    ax.set_xlabel("window of years")
    ax.set_ylabel("share of imports of major arms (%)")
    if title:
        ax.set_title(title)
    ax.legend(fontsize=9, loc="best")
    return ax


def plot_spending(ax, series: pd.DataFrame):
    """Spending in one unit by year: one mark per source, marker and colour by basis.

    ``series`` comes from :func:`spending_series`; it must hold one unit only.
    """
    units = series["unit"].unique()
    if len(units) != 1:
        raise ValueError(f"plot one unit at a time, not {', '.join(map(str, units))}")
    for i, basis in enumerate(BASES):
        g = series[series["basis"] == basis]
        if g.empty:
            continue
        style = colour_for(i)
        ax.plot(g["year"], g["value"], linestyle="none", marker=style["marker"], color=style["color"],
                ms=7, alpha=0.85, label=basis)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.set_ylim(bottom=0)
    ax.set_xlabel("year")
    ax.set_ylabel(units[0])
    ax.legend(fontsize=9, loc="upper left")
    return ax


# ---- Try it tasks ------------------------------------------------------------
@task("03.1", "the treaty article Armenia invoked in May 2021",form="do", objective=1,
      hint="Filter assistance_requests to case_id 'arm-2021-border' and read article_invoked. "
           "Write it as the sources do, e.g. 'Article 9'.")
def article_2021() -> str:
    req = load("assistance_requests")
    named = req.loc[req["case_id"] == "arm-2021-border", "article_invoked"].dropna()
    return named.value_counts().sort_index().idxmax()


def _day_date(event_id: str, source_id: str):
    ev = load("events")
    row = ev[(ev["event_id"] == event_id) & (ev["source_id"] == source_id) & (ev["date_precision"] == "day")]
    return row["date"].iloc[0]


@task("03.2", "days from Pashinyan's 'we will leave' speech to the secretary-general's expansion remark (TASS date)",form="do", objective=3,
      hint="Take the date most sources give for Armenia's announced_exit, and the date TASS gives "
           "for the secretary-general's remark; subtract.")
def days_exit_to_remark() -> int:
    steps = consensus(load("membership")).set_index(["country", "event"])
    exit_day = steps.loc[("ARM", "announced_exit"), "date"]
    remark = _day_date("2024-06-24-tasmagambetov-expansion-remarks", "tass-2024-tasmagambetov-expansion")
    return days_between(exit_day, remark)


@task("03.3", "Armenia's CSTO status in the data on 31 December 2025",form="do", objective=2,
      hint="status_on(membership, '2025-12-31'); the answer is one word: member, frozen or out.")
def status_end_2025() -> str:
    s = status_on(load("membership"), "2025-12-31").set_index("country")
    return str(s.loc["ARM", "status"])


@task("03.4", "days from the recording of the 'not Russia's ally' interview to the release of its transcript",form="do", objective=3,
      hint="Use the two day-precise dates: the recording (4 May, Close the Sky) and the transcript "
           "release (1 June, Radar Armenia).")
def days_record_to_release() -> int:
    recorded = _day_date("2023-05-04-pashinyan-not-russias-ally", "closethesky-2023-pashinyan-not-russias-ally")
    released = _day_date("2023-05-04-pashinyan-not-russias-ally", "radar-2023-pashinyan-not-russias-ally")
    return days_between(recorded, released)


@task("03.5", "Belarus's share of Azerbaijan's imports of major arms in 2017–21, in percent",form="do", objective=4,
      hint="share_table(imports, 'AZE') and look for supplier 'BLR'.", tolerance=0.05)
def belarus_share() -> float:
    t = share_table(load("arms_imports_by_supplier"), "AZE")
    return float(t.loc[(t["supplier"] == "BLR") & (t["window"] == "2017–21"), "share_pct"].item())


@task("03.6", "the suppliers other than Russia from which Armenia bought arms (ISO3 codes)",form="do", objective=4,
      hint="deals_by_supplier(diversification, 'ARM'); answer with a list such as ['AAA', 'BBB'].")
def armenia_new_suppliers() -> list:
    return deals_by_supplier(load("arms_diversification"), "ARM")["supplier"].tolist()


@task("03.7", "Armenia's SIPRI spending in 2023 divided by its SIPRI spending in 2022 (two decimals)",form="do", objective=4,
      hint="Keep the rows whose basis is 'SIPRI' in spending_series(spending, 'ARM', 'USD million').",
      tolerance=0.006)
def sipri_growth() -> float:
    s = spending_series(load("military_spending"), "ARM", "USD million")
    sipri = s[s["basis"] == "SIPRI"].set_index("year")["value"]
    return float(sipri.loc[2023] / sipri.loc[2022])
