"""Lesson 03 · Armenia steps back: its two figures, its widget and its tasks.

The lesson's notebook does the table moves itself (filter, count, merge with
``sources``) in plain pandas; this module keeps what would clutter it:

- the figure of Armenia's steps away from the CSTO: :func:`step_marks` says what to
  draw (one mark per source, at the precision the source gives), :func:`draw_steps` draws it;
- the figure of supplier shares: :func:`share_marks` turns SIPRI's five-year windows into
  spans on a real year axis (and keeps figures that are not SIPRI's apart),
  :func:`draw_shares` draws them;
- the widget's pure function :func:`after_article`: one line per event involving Armenia
  in a span of years, dated as most sources date it;
- the lesson's "Try it" tasks, whose answers are computed here from the data.

>>> marks = share_marks(load("arms_imports_by_supplier"), ["AZE"])
>>> belarus = marks[marks["series"] == "Belarus"].iloc[0]
>>> int(belarus["x_start"]), int(belarus["x_end"]), float(belarus["y"])
(2017, 2022, 6.6)
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.transforms import offset_copy
import pandas as pd

from csto.data import allowed, country_names, format_date, load
from csto.evidence import consensus_dates, days_between, in_theme
from csto.ledger import judgement
from csto.membership import STATUSES, consensus, status_on
from csto.plots import OKABE_ITO
from csto.tables import scroll
from csto.tasks import task

#: The lesson number: this module belongs to notebooks/03-*.ipynb.
LESSON = "03"

__all__ = ["STEPS", "ARTICLE", "CONCEPT_CASES", "WIDGETS", "step_marks", "draw_steps", "share_marks",
           "draw_shares", "after_article"]

#: The widget functions of this lesson (timed by the benchmark; each must answer in < 150 ms).
WIDGETS = ("after_article",)

#: The source id of the article the course reads.
ARTICLE = "diplomat-2024-scepanovic"

#: Armenia's road from the 2020 war to the article: event ids of ``events`` and a short label, top to bottom.
STEPS = {
    "2020-09-27-second-karabakh-war-begins": "War over Karabakh begins",
    "2020-10-08-zas-csto-help-only-armenia-territory": "CSTO chief: help only on Armenian soil",
    "2021-05-13-armenia-seeks-csto-consultations": "Armenia asks for consultations (Art. 2)",
    "2022-09-13-armenia-invokes-article-4": "Armenia asks for military aid (Art. 4)",
    "2022-09-14-csto-announces-assessment-mission": "CSTO announces an assessment mission",
    "2022-11-23-csto-yerevan-summit": "Yerevan summit: Pashinyan does not sign",
    "2023-05-04-pashinyan-not-russias-ally": "'Not Russia's ally' interview",
    "2023-09-19-azerbaijan-karabakh-offensive": "Azerbaijan's offensive in Karabakh",
    "2023-11-23-csto-minsk-summit": "Armenia skips the Minsk summit",
    "2024-02-22-armenia-freezes-csto-participation": "Freeze announced (France 24)",
    "2024-05-08-armenia-stops-funding-csto": "Armenia stops paying its share",
    "2024-06-12-pashinyan-armenia-will-leave-csto": "'We will leave': speech in parliament",
    "2024-06-24-tasmagambetov-expansion-remarks": "Secretary-general foresees expansion",
}

#: Task 03.1: four situations from the data, and the concept each illustrates best (in order).
CONCEPT_CASES = (
    ("Armenia invoked Article 4 in September 2022; Armenian officials say the allies did not come.", "abandonment"),
    ("Kazakhstan's foreign ministry said in October 2022 that the CSTO would not take part in Russia's war in Ukraine.",
     "entrapment"),
    ("While still formally a member, Armenia signed arms deals with India (from 2020) and France (from 2023).",
     "hedging"),
    ("The article argues that would-be members watch whether the CSTO keeps its Article 4 promise when that is costly.",
     "credibility"),
)

def _name(iso3: str) -> str:
    """A country's short name (:func:`csto.data.country_names`)."""
    return country_names().get(iso3, iso3)


# --------------------------------------------------------------------------- figure 1: the steps

#: Legend labels of the four kinds of mark in :func:`step_marks`, in legend order.
STEP_SERIES = ("a source, exact day", "a source, month only (hollow, placed mid-month)",
               "the article, exact day", "the article, month only (hollow, mid-month)")


def step_marks(events: pd.DataFrame, steps: dict = STEPS, article: str = ARTICLE) -> pd.DataFrame:
    """What the steps figure draws: one mark per source and step, as precisely as the source dates it.

    Returns columns ``series, x, x_end, y, step, row, source_id``: ``x`` is the date the source
    gives, ``x_end`` the last day it can mean (the month's end for a month-precise date; a month
    is drawn in its middle), ``row``
    the step's line (0 at the top) and ``y`` the row plus a small offset, so that sources giving
    the same date sit side by side instead of on top of one another.

    Raises
    ------
    ValueError
        If a step has no row in ``events``.
    """
    order = list(steps)
    rows = events[events["event_id"].isin(order)].copy()
    missing = [e for e in order if e not in set(rows["event_id"])]
    if missing:
        raise ValueError("no rows in events for: " + ", ".join(missing))
    precision = rows["date_precision"].astype(str)
    if not precision.isin(["day", "month"]).all():
        raise ValueError("a step is dated only to the year; the figure draws days and months")
    who = rows["source_id"].eq(article).map({True: "the article", False: "a source"})
    rows["series"] = [STEP_SERIES[(2 if w == "the article" else 0) + (p == "month")] for w, p in zip(who, precision)]
    rows["x_end"] = [d + pd.offsets.MonthEnd(0) if p == "month" else d for d, p in zip(rows["date"], precision)]
    rows["row"] = rows["event_id"].map({e: i for i, e in enumerate(order)})
    rows["step"] = rows["event_id"].map(steps)
    rows = rows.sort_values(["row", "date", "x_end", "series", "source_id"], kind="stable")
    rows["y"] = rows["row"].astype(float)
    pad = pd.Timedelta(days=25)  # about the width of a marker on a four-year axis
    for _, g in rows.groupby("row", sort=False):
        lanes = []  # the last day taken in each lane of this line
        for i, start, end in zip(g.index, g["date"], g["x_end"]):
            lane = next((k for k, last in enumerate(lanes) if last < start - pad), len(lanes))
            lanes[lane:lane + 1] = [end + pad]
            rows.loc[i, "lane"] = lane
        n = len(lanes)
        rows.loc[g.index, "y"] = g["row"] + (rows.loc[g.index, "lane"] - (n - 1) / 2) * 0.16
    return rows[["series", "date", "x_end", "y", "step", "row", "source_id"]].rename(
        columns={"date": "x"}).reset_index(drop=True)


_STEP_STYLE = {
    STEP_SERIES[0]: dict(marker="o", color=OKABE_ITO["blue"], filled=True),
    STEP_SERIES[1]: dict(marker="o", color=OKABE_ITO["orange"], filled=False),
    STEP_SERIES[2]: dict(marker="D", color=OKABE_ITO["vermillion"], filled=True),
    STEP_SERIES[3]: dict(marker="D", color=OKABE_ITO["vermillion"], filled=False),
}


def _step_handle(series: str):
    s = _STEP_STYLE[series]
    return plt.Line2D([], [], linestyle="none", marker=s["marker"], ms=7, color=s["color"],
                      mfc=s["color"] if s["filled"] else "white", mec=s["color"] if s["filled"] else "black",
                      mew=0.8, label=series)


def draw_steps(ax, marks: pd.DataFrame):
    """One line per step, one mark per source (see :func:`step_marks`); returns the ``Axes``.

    A day is a filled mark on that day; a date known only to the month is a hollow mark in the
    middle of the month. The article's marks are diamonds. The legend lists exactly the kinds drawn.
    """
    for _, m in marks.iterrows():
        s = _STEP_STYLE[m["series"]]
        x = m["x"] + (m["x_end"] - m["x"]) / 2
        ax.plot([x], [m["y"]], linestyle="none", marker=s["marker"], ms=7, color=s["color"],
                mfc=s["color"] if s["filled"] else "white", mec=s["color"] if s["filled"] else "black",
                mew=0.8, zorder=3)
    labels = marks.drop_duplicates("row").sort_values("row")
    ax.set_yticks(labels["row"].tolist(), labels["step"].tolist())
    ax.set_ylim(labels["row"].max() + 0.6, -0.6)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlabel("date (a tick marks 1 January)")
    present = [s for s in STEP_SERIES if s in set(marks["series"])]
    ax.legend(handles=[_step_handle(s) for s in present], loc="lower left", fontsize=8.5)
    return ax


# --------------------------------------------------------------------------- figure 2: supplier shares

#: What each figure that is not SIPRI's measures, by (importer, window_start, window_end): shown beside it.
OFFICIAL = {("ARM", 2020, 2020): "military-technical cooperation, 2020",
            ("ARM", 2021, 2024): "arms contracts signed since 2021"}

_SUPPLIER_STYLE = {"RUS": ("blue", "o"), "ISR": ("orange", "s"), "BLR": ("vermillion", "^"),
                   "TUR": ("bluish green", "D"), "IND": ("reddish purple", "v"), "FRA": ("sky blue", "P")}


def share_marks(imports: pd.DataFrame, importers=("AZE", "ARM")) -> pd.DataFrame:
    """What the shares figure draws: one span per source, from a window's first year to the end of its last.

    A SIPRI window such as 2016–20 covers five calendar years, so its span runs from
    ``x_start`` = 2016 to ``x_end`` = 2021 (1 January after the last year); a single year is a
    span of one year. Figures whose ``basis`` is not SIPRI keep ``sipri`` False and a ``label``
    that names what they measure; they are drawn differently and never joined to SIPRI's.
    No mark joins two windows.

    Returns columns ``panel, series, supplier, x, x_start, x_end, y, window, sipri, qualifier,
    label, source_id, x_mark``: ``series`` is the supplier's name, ``x`` the middle of the span,
    and ``x_mark`` where this source's marker sits (sources of one span side by side).

    Raises
    ------
    ValueError
        If an importer has no row.
    """
    out = []
    for imp in importers:
        rows = imports[imports["importer"] == imp]
        if rows.empty:
            raise ValueError(f"no supplier shares for {imp!r}")
        out.append(rows.assign(panel=_name(imp)))
    rows = pd.concat(out, ignore_index=True)
    rows["series"] = rows["supplier"].map(_name)
    rows["x_start"] = rows["window_start"].astype(int)
    rows["x_end"] = rows["window_end"].astype(int) + 1
    rows["x"] = (rows["x_start"] + rows["x_end"]) / 2
    rows["window"] = [str(a) if a == b else f"{a}–{str(b)[-2:]}" for a, b in zip(rows["window_start"], rows["window_end"])]
    rows["sipri"] = rows["basis"].astype(str).eq("SIPRI")
    rows["label"] = ["SIPRI" if sipri else "not SIPRI: " + OFFICIAL.get((i, a, b), "an official's figure")
                     for sipri, i, a, b in zip(rows["sipri"], rows["importer"], rows["window_start"], rows["window_end"])]
    rows["qualifier"] = rows["qualifier"].astype(object).where(rows["qualifier"].notna(), "not stated")
    rows = rows.sort_values(["panel", "x_end", "x_start", "series", "y" if "y" in rows else "share_pct", "source_id"],
                            key=lambda s: s.map(list(dict.fromkeys(_name(i) for i in importers)).index)
                            if s.name == "panel" else s, kind="stable")
    span = rows.groupby(["panel", "supplier", "window", "sipri", "share_pct"], sort=False)["source_id"]
    k, n = span.cumcount(), span.transform("size")
    rows["x_mark"] = rows["x"] + (k - (n - 1) / 2) * 0.45
    rows = rows.rename(columns={"share_pct": "y"})
    return rows[["panel", "series", "supplier", "x", "x_start", "x_end", "y", "window", "sipri", "qualifier",
                 "label", "source_id", "x_mark"]].reset_index(drop=True)


def draw_shares(axes, marks: pd.DataFrame, legend_loc: str = "best"):
    """One panel per importer (in the order of ``marks``): each source's share as a span over its window.

    SIPRI shares are solid spans with end ticks and a filled marker per source; figures that are
    not SIPRI's are dashed with hollow markers and a note naming what they measure. A span of one
    supplier that overlaps another within 3 points of its height is lifted by 4 typographic points
    so that none hides another (the values are unchanged). Each span runs from 1 January of its
    first year to 31 December of its last. Returns the list of ``Axes``.
    """
    panels = list(dict.fromkeys(marks["panel"]))
    axes = list(axes) if hasattr(axes, "__iter__") else [axes]
    if len(axes) != len(panels):
        raise ValueError(f"{len(panels)} panels to draw, {len(axes)} axes given")
    for ax, panel in zip(axes, panels):
        m = marks[marks["panel"] == panel]
        handles = {}
        spans = m.drop_duplicates(["supplier", "window", "sipri", "y"]).sort_values(["x_start", "x_end"], kind="stable")
        placed = []  # (supplier, x_start, x_end, y, lift) of the spans drawn so far
        for _, s in spans.iterrows():
            sup, y = s["supplier"], s["y"]
            near = [p for p in placed if p[0] == sup and p[1] < s["x_end"] and s["x_start"] < p[2] and abs(p[3] - y) < 3]
            lift = max((p[4] for p in near), default=-1) + 1
            placed.append((sup, s["x_start"], s["x_end"], y, lift))
            colour, marker = _SUPPLIER_STYLE.get(sup, ("black", "X"))
            colour = OKABE_ITO.get(colour, colour)
            shift = offset_copy(ax.transData, fig=ax.figure, y=4 * lift, units="points")
            style = dict(color=colour, lw=2 if s["sipri"] else 1.4, ls="-" if s["sipri"] else "--")
            ax.plot([s["x_start"], s["x_end"]], [y, y], marker="", transform=shift, zorder=2, **style)
            ax.plot([s["x_start"], s["x_end"]], [y, y], linestyle="none", marker="|", ms=9, mew=1.4,
                    color=colour, transform=shift, zorder=2)
            dots = m[(m["supplier"] == sup) & (m["window"] == s["window"]) & (m["sipri"] == s["sipri"]) & (m["y"] == y)]
            ax.plot(dots["x_mark"], [y] * len(dots), linestyle="none", marker=marker, ms=6.5,
                    mfc=colour if s["sipri"] else "white", mec=colour if s["sipri"] else "black",
                    mew=0.8, transform=shift, zorder=3)
            if not s["sipri"]:
                ax.annotate(s["label"].replace("not SIPRI: ", ""), (s["x_end"], y), xytext=(4, 4 * lift - 3),
                            textcoords="offset points", fontsize=8, color="#333333", ha="left", va="bottom")
            key = (s["series"], bool(s["sipri"]))
            if key not in handles:
                label = s["series"] + ("" if s["sipri"] else ", an official's figure (not SIPRI)")
                handles[key] = plt.Line2D([], [], color=colour, lw=style["lw"], ls=style["ls"], marker=marker,
                                          ms=6.5, mfc=colour if s["sipri"] else "white",
                                          mec=colour if s["sipri"] else "black", mew=0.8, label=label)
        ax.set_xlim(2008, 2026)
        ax.set_ylim(0, 105)
        ax.set_xlabel("years covered")
        ax.set_title(panel)
        ax.legend(handles=list(handles.values()), loc=legend_loc, fontsize=8.5)
    axes[0].set_ylabel("supplier's share of major-arms imports (%)")
    return axes


# --------------------------------------------------------------------------- the widget

#: The widget's choice of rows: label → values of ``occurrence`` kept.
SHOW = {"everything": None, "what happened": "actual", "plans and previews only": "plan"}


def after_article(years=(2025, 2026), show: str = "everything", events: pd.DataFrame | None = None):
    """The widget's view: one line per event of the Armenia theme in a span of years.

    Each event is dated as most sources date it (:func:`csto.evidence.consensus_dates`) and
    counted once, whatever the number of its rows. An event *happened* when at least one source
    reports it as done (``occurrence`` actual); otherwise it was only planned or previewed.

    Parameters
    ----------
    years : (int, int)
        First and last year, both included (the two handles of one slider).
    show : {"everything", "what happened", "plans and previews only"}
    events : pandas.DataFrame, optional
        The ``events`` table (loaded when not given).

    Examples
    --------
    >>> print(repr(after_article((2026, 2026))).splitlines()[0])
    2 events of the Armenia theme dated 2026 by most sources: 1 happened, 1 was only planned or previewed.
    """
    if show not in SHOW:
        raise ValueError(f"show must be one of {list(SHOW)}, not {show!r}")
    lo, hi = sorted(int(y) for y in years)
    events = load("events") if events is None else events
    rows = in_theme(events, "armenia")
    dated = consensus_dates(rows, keep=["title"])
    dated = dated[dated["date"].dt.year.between(lo, hi)]
    happened = set(rows.loc[rows["occurrence"].astype(str) == "actual", "event_id"])
    dated = dated.assign(status=["happened" if e in happened else "planned or previewed" for e in dated["event_id"]])
    n_done = int((dated["status"] == "happened").sum())
    n_plan = len(dated) - n_done
    if SHOW[show] == "actual":
        dated = dated[dated["status"] == "happened"]
    elif SHOW[show] == "plan":
        dated = dated[dated["status"] != "happened"]
    span = str(lo) if lo == hi else f"{lo}–{hi}"
    sentence = (f"{n_done + n_plan} events of the Armenia theme dated {span} by most sources: {n_done} happened, "
                f"{n_plan} {'was' if n_plan == 1 else 'were'} only planned or previewed.")
    if show != "everything":
        sentence += f" Shown: {show} ({len(dated)})."
    table = pd.DataFrame({"when": [format_date(d, p) for d, p in zip(dated["date"], dated["date_precision"])],
                          "what happened or was planned": dated["title"].tolist(),
                          "status": dated["status"].tolist(), "sources": dated["n_sources"].astype(int).tolist()})
    return scroll(table, sentence)


# --------------------------------------------------------------------------- tasks

def _karabakh_2022(country: str) -> pd.DataFrame:
    k = load("karabakh_figures")
    return k[(k["episode"] == "border_2022") & (k["country"] == country)]


def _deaths(rows: pd.DataFrame) -> pd.DataFrame:
    dead = [m for m in allowed("karabakh_figures", "measure") if m.startswith("deaths")]
    return rows[rows["measure"].astype(str).isin(dead)]


@task("03.1", "the concept each of four situations illustrates, in order", form="read", objective=1, ordered=True,
      choices=("credibility", "abandonment", "entrapment", "hedging"),
      hint="Abandonment: the ally does not come. Entrapment: being dragged into an ally's fight. Hedging: "
           "keeping the tie while building other options. Credibility: whether others believe a promise will be kept.",
      mistakes=lambda: [
          (lambda a: isinstance(a, list) and len(a) == 4 and [str(x).strip().lower() for x in a[:2]]
           == ["entrapment", "abandonment"],
           "situations 1 and 2 are swapped: abandonment is the fear that your ally will not come (Armenia's "
           "complaint); entrapment is the fear of being dragged into your ally's war (Kazakhstan and Ukraine)."),
          (lambda a: isinstance(a, list) and len(a) == 4 and str(a[2]).strip().lower() == "abandonment",
           "situation 3 is not about an ally failing to come: buying elsewhere while keeping the membership is "
           "hedging.")],
      model="1 abandonment (Yerevan's reading of 2022); 2 entrapment (Astana keeps out of Russia's war); "
            "3 hedging (new suppliers without leaving); 4 credibility (others judge the promise by what was done). "
            "Situations 1 and 2 are one dilemma seen from two sides: the more an ally promises, the less it fears "
            "abandonment and the more it fears entrapment.")
def concepts() -> list:
    return [concept for _, concept in CONCEPT_CASES]


@task("03.2", "the highest figure Armenian authorities gave for Armenia's dead in the September 2022 fighting",
      form="do", objective=5,
      hint='Keep the rows of sept_2022 whose "country" is "ARM" and whose "measure" counts the dead (not '
           '"wounded_military"), then take the largest "value" with .max().',
      mistakes=lambda: [
          (float(_karabakh_2022("AZE")["value"].max()),
           "that is the Armenian parliament speaker's claim about Azerbaijan's dead (country AZE): keep the rows "
           "whose country is ARM."),
          (float(_karabakh_2022("ARM").loc[_karabakh_2022("ARM")["measure"] == "wounded_military", "value"].max()),
           "that counts wounded soldiers: keep only the measures that count the dead."),
          (lambda a: isinstance(a, (int, float)) and a in set(_deaths(_karabakh_2022("ARM"))["value"])
           and a < _deaths(_karabakh_2022("ARM"))["value"].max(),
           "that is an earlier report: the toll rose as bodies were found and reports came in. Take the largest "
           "figure (.max())."),
          (float(_deaths(_karabakh_2022("AZE"))["value"].min()),
           "that is Azerbaijan's own early figure for its dead; the task asks for Armenia's.")])
def armenian_toll_2022() -> float:
    return float(_deaths(_karabakh_2022("ARM"))["value"].max())


def _day_date(event_id: str, source_id: str) -> pd.Timestamp:
    ev = load("events")
    row = ev[(ev["event_id"] == event_id) & (ev["source_id"] == source_id) & (ev["date_precision"] == "day")]
    return row["date"].iloc[0]


def _exit_day() -> pd.Timestamp:
    steps = consensus(load("membership")).set_index(["country", "event"])
    return steps.loc[("ARM", "announced_exit"), "date"]


_REMARK = "2024-06-24-tasmagambetov-expansion-remarks"


@task("03.3", "days from Pashinyan's 'we will leave' speech to the secretary-general's remark on expansion (TASS's date)",
      form="do", objective=3,
      hint="Take the day most sources give for the speech and the day TASS gives for the remark, and subtract "
           "the earlier from the later: (pd.Timestamp(later) - pd.Timestamp(earlier)).days.",
      mistakes=lambda: [
          (days_between(_exit_day(), _day_date(_REMARK, ARTICLE)),
           "that uses the article's date for the remark (25 June); the task asks for TASS's date, the interview's own."),
          (-days_between(_exit_day(), _day_date(_REMARK, "tass-2024-tasmagambetov-expansion")),
           "the speech came first: subtract the earlier date from the later one."),
          (days_between(_exit_day(), load("sources").set_index("source_id").loc["civiccurrent-2024-csto-expand", "published"]),
           "that counts to the day Civic Current's page was published; a report's date is not the event's. The "
           "remark was made on the Monday before, the day TASS gives."),
          (days_between(pd.Timestamp("2024-06-01"), _day_date(_REMARK, "tass-2024-tasmagambetov-expansion")),
           "that counts from 1 June, the article's month-precise date for the speech; the sources that give the "
           "day say 12 June.")])
def days_exit_to_remark() -> int:
    return days_between(_exit_day(), _day_date(_REMARK, "tass-2024-tasmagambetov-expansion"))


#: The event of the "not Russia's ally" remark (task 03.4 shows its rows, in order).
ALLY = "2023-05-04-pashinyan-not-russias-ally"


def ally_rows() -> pd.DataFrame:
    """The rows of the "not Russia's ally" remark, in the order the lesson shows and numbers them."""
    ev = load("events")
    return ev[ev["event_id"] == ALLY].sort_values(["date", "source_id"], kind="stable").reset_index(drop=True)


@task("03.4", "judge C124: Pashinyan made the 'not Russia's ally' remark in June 2023", form="judge", objective=(3, 5))
def judge_c124():
    return judgement("C124", ally_rows()["source_id"].tolist(), mistakes=(
        ("supported", "the rows that give a day date the interview itself to 4 May 2023; June is when it was "
                      "published and the transcript released. The claim holds for one date and not the other."),
        ("contradicted", "the remark did become public in June 2023, as two rows show; only the date it was made "
                         "is earlier. A claim right in one reading and wrong in another is not contradicted."),
        ("not testable with data", "the rows date each step of the statement: the claim can be tested.")))


@task("03.5", "Belarus's share of Azerbaijan's major-arms imports in SIPRI's window 2017–21, in percent",
      form="do", objective=4, tolerance=0.05, percent=True,
      hint='Filter imports: importer "AZE", supplier "BLR", window_start 2017; read "share_pct".',
      mistakes=lambda: [
          (float(load("arms_imports_by_supplier").query("importer == 'AZE' and supplier == 'RUS' and window_start == 2017")
                 ["share_pct"].iloc[0]), "that is Russia's share in the same window; filter on supplier BLR."),
          (float(load("arms_imports_by_supplier").query("importer == 'AZE' and supplier == 'ISR' and window_start == 2017")
                 ["share_pct"].iloc[0]), "that is Israel's share in the same window; filter on supplier BLR.")])
def belarus_share() -> float:
    imp = load("arms_imports_by_supplier")
    row = imp[(imp["importer"] == "AZE") & (imp["supplier"] == "BLR") & (imp["window_start"] == 2017)
              & (imp["window_end"] == 2021)]
    return float(row["share_pct"].item())


def _aze_russia(start: int, end: int) -> float:
    imp = load("arms_imports_by_supplier")
    v = imp[(imp["importer"] == "AZE") & (imp["supplier"] == "RUS") & (imp["window_start"] == start)
            & (imp["window_end"] == end) & (imp["basis"] == "SIPRI")]["share_pct"]
    if v.nunique() != 1:
        raise ValueError(f"sources disagree on Russia's share of Azerbaijan's imports in {start}-{end}")
    return float(v.iloc[0])


@task("03.6", "percentage points by which Russia's share of Azerbaijan's imports fell from 2010–14 to 2017–21",
      form="read", objective=4, tolerance=0.5,
      hint="Read Russia's span over 2010–14 and its span over 2017–21 in the Azerbaijan panel, and subtract "
           "the later share from the earlier one.",
      mistakes=lambda: [
          (_aze_russia(2009, 2013) - _aze_russia(2017, 2021),
           "that starts from the 2009–13 span; the task starts from 2010–14."),
          (_aze_russia(2010, 2014) - _aze_russia(2016, 2020),
           "that ends at 2016–20; the task ends at 2017–21, the last span of the panel."),
          (_aze_russia(2017, 2021) - _aze_russia(2010, 2014),
           "the share fell: give the fall as a positive number of points."),
          (round(100 * (_aze_russia(2010, 2014) - _aze_russia(2017, 2021)) / _aze_russia(2010, 2014), 1),
           "that is the fall relative to the first share, in percent; the task asks for the difference in "
           "percentage points (one share minus the other).")])
def russia_fall_points() -> float:
    return _aze_russia(2010, 2014) - _aze_russia(2017, 2021)


#: The event of the leaked report on Belarusian arms for Azerbaijan, and SIPRI's window that covers the same years.
LEAK = "2024-06-01-politico-belarus-arms-to-azerbaijan"


def leak_rows() -> pd.DataFrame:
    """The rows shown for task 03.7, numbered from 1: the four relays of the leak, then SIPRI's 2017–21 row."""
    ev = load("events")
    relays = ev[ev["event_id"] == LEAK].sort_values("source_id")[["source_id", "title", "note"]]
    imp = load("arms_imports_by_supplier")
    sipri = imp[(imp["importer"] == "AZE") & (imp["supplier"] == "BLR")]
    sipri = pd.DataFrame({"source_id": sipri["source_id"],
                          "title": [f"SIPRI: Belarus {v:g}% of Azerbaijan's major-arms imports, "
                                    f"{a}–{str(b)[-2:]}" for v, a, b in
                                    zip(sipri["share_pct"], sipri["window_start"], sipri["window_end"])],
                          "note": sipri["note"]})
    return pd.concat([relays, sipri], ignore_index=True)


@task("03.7", "judge C05: between 2018 and 2022 Belarus helped Azerbaijan militarily", form="judge", objective=5)
def judge_c05():
    return judgement("C05", leak_rows()["source_id"].tolist(), mistakes=(
        ("supported", "the 'active aid' rests on one leaked report, relayed by four outlets with a side in the "
                      "story and confirmed by no one else; SIPRI's window shows that Belarusian arms reached "
                      "Azerbaijan in those years, which is trade, not proof of active aid."),
        ("contradicted", "nothing in the data contradicts the claim: SIPRI even shows Belarusian arms reaching "
                         "Azerbaijan in 2017–21."),
        ("not testable with data", "SIPRI's share for 2017–21 is data that bears on the claim, and the leak is "
                                   "evidence too, if weak: weigh them.")))


def _arm_primary() -> pd.Series:
    sp = load("military_spending")
    p = sp[(sp["country"] == "ARM") & (sp["series"] == "primary")]
    return p.set_index("year")["value"]


@task("03.8", "Armenia's SIPRI spending in 2023 divided by its SIPRI spending in 2022 (two decimals)",
      form="do", objective=4, tolerance=0.006,
      hint='Use the rows whose "series" is "primary" (SIPRI\'s figure); divide the 2023 value by the 2022 value.',
      mistakes=lambda: [
          (round(_arm_primary().loc[2022] / _arm_primary().loc[2023], 2),
           "that is 2022 divided by 2023; divide the later year by the earlier one."),
          (round(100 * (_arm_primary().loc[2023] / _arm_primary().loc[2022] - 1)),
           "that is the increase in percent; the task asks for the factor (2023 divided by 2022)."),
          (round(_arm_primary().loc[2023] / _arm_primary().loc[2022] - 1, 2),
           "that is the increase as a fraction (the factor minus 1); give the factor itself."),
          (lambda a: isinstance(a, (int, float)) and 0 < a < 0.01,
           "that divides billions by millions: a budget row in 'USD billion' is not in the same unit as one in "
           "'USD million'. Use the primary series, which is all in one unit."),
          (lambda a: isinstance(a, (int, float)) and abs(a - 1.71) < 0.006,
           "that divides national budgets (basis 'budget'), which are plans; the task asks for SIPRI's spending, "
           "the primary series.")])
def sipri_growth() -> float:
    p = _arm_primary()
    return float(p.loc[2023] / p.loc[2022])


@task("03.9", "Armenia's status in the membership data on 31 January 2026", form="predict", objective=2,
      choices=tuple(STATUSES),
      hint="Which membership steps make a state 'out'? Leaving or being suspended, not announcing.",
      model="Frozen. The data holds Armenia's freeze (February 2024), its refusal to pay (May 2024) and the "
            "announced exit (June 2024), but no 'left' or 'withdrew' row: by the course's rules an announcement "
            "is not a step out, and no source reports a formal notice.")
def status_2026() -> str:
    s = status_on(load("membership"), "2026-01-31").set_index("country")
    return str(s.loc["ARM", "status"])


def _after(first_year: int = 2025) -> pd.DataFrame:
    rows = in_theme(load("events"), "armenia")
    return rows[rows["date"].dt.year >= first_year]


@task("03.10", "distinct events of the Armenia theme dated 2025 or later that happened (not only planned)",
      form="do", objective=2,
      hint='Keep the rows of since_2025 whose "occurrence" is "actual", then count distinct "event_id" '
           "values with .nunique().",
      mistakes=lambda: [
          (len(_after()), "that counts rows: one event reported by three sources has three rows. Count distinct "
                          "event_id values."),
          (int((_after()["occurrence"].astype(str) == "actual").sum()),
           "that counts the rows marked actual, i.e. reports; several sources report one event. Count distinct "
           "event_id values (.nunique())."),
          (int(_after()["event_id"].nunique()),
           "that counts every event, including ones only planned or previewed: keep the rows marked actual first.")])
def events_since_2025() -> int:
    a = _after()
    return int(a.loc[a["occurrence"].astype(str) == "actual", "event_id"].nunique())
