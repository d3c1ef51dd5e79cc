"""Lesson 04 · Side payments: the figures, the widget's function, the evidence tables and the tasks.

Four questions, four tables of the data package:

- what Russia gave, to whom and when (``side_payments``): :func:`payment_marks` and
  :func:`draw_payments` place every dated measure on a time line, by recipient, kind and stage;
- whether the supplier is shrinking (``arms_exports``): :func:`with_release` says which SIPRI
  release each figure comes from, :func:`export_marks` and :func:`draw_exports` draw the
  five-year windows as spans on a real year axis, shares and volume changes apart;
- whether members buy elsewhere (``arms_imports_by_supplier``, ``arms_export_destinations``,
  ``arms_diversification``): :func:`supplier_mix` is the widget's view, one member and one window;
- what Russia spends on its own forces (``military_spending``): :func:`spending_marks` and
  :func:`draw_spending`.

:func:`evidence_table` numbers the rows a judge task lets students cite; the expected verdict
comes from the claims ledger (:func:`csto.ledger.judgement`).

>>> m = export_marks("RUS")
>>> sorted(m["panel"].unique())
['share', 'volume change']
>>> m.query("panel == 'share' and window == '2016–20'")[["y", "release"]].to_dict("records")
[{'y': 20.0, 'release': 2021}, {'y': 21.0, 'release': 2026}]
"""

from __future__ import annotations

from dataclasses import replace

import matplotlib.pyplot as plt
import pandas as pd

from csto.data import country_names, format_date, load
from csto.ledger import judgement
from csto.membership import status_on
from csto.plots import OKABE_ITO
from csto.tasks import task

#: The lesson number: this module belongs to notebooks/04-*.ipynb.
LESSON = "04"

#: The widget functions of this lesson (``make benchmark`` and the tests time them).
WIDGETS = ("supplier_mix",)

__all__ = ["ARTICLE_DATE", "KINDS", "STAGES", "members", "name_of", "payment_marks", "draw_payments",
           "describe_payments", "with_release", "export_marks", "draw_exports", "WINDOWS", "window_label", "window_options",
           "supplier_mix", "spending_marks", "draw_spending", "CANDIDATES", "evidence_table"]

#: The article's publication month: "members" are the CSTO's members at that date.
ARTICLE_DATE = "2024-07-01"

#: Kinds of side payment (``side_payments.kind``), in words, in legend order.
KINDS = {"discounted_arms": "arms at discounted prices", "military_aid": "military aid, free equipment",
         "loan_credit": "loan or credit for arms", "education_training": "officer education",
         "base": "bases and their rent", "debt_relief": "debt written off", "other": "other"}
#: Stages on the road from promise to delivery (``side_payments.status``), in words.
STAGES = {"pledged": "pledged", "agreed": "agreed", "delivered": "delivered",
          "not_delivered": "paid for, not delivered", "requested": "asked for, not granted",
          None: "stage not stated"}

_KIND_MARKERS = dict(zip(KINDS, ["o", "s", "D", "^", "v", "P", "X"]))
_STAGE_COLOURS = dict(zip(STAGES, [OKABE_ITO["orange"], OKABE_ITO["sky blue"], OKABE_ITO["blue"],
                                   OKABE_ITO["vermillion"], OKABE_ITO["reddish purple"], "#999999"]))
#: Short names where the countries table uses a long official form.
#: Recipients of the side-payment time line, top to bottom.
_RECIPIENTS = ["ARM", "BLR", "KAZ", "KGZ", "TJK", None]
_ALL = "all CSTO members"


def _names() -> dict:
    """ISO3 code → short name, for every country of the ``countries`` table."""
    return country_names()


def name_of(code, names: dict | None = None) -> str:
    """A country's short name from its ISO3 code (``None`` means a measure for all members).

    Pass ``names`` (from one ``_names()`` call) when naming many codes.

    >>> name_of("IRN"), name_of("KAZ"), name_of(None)
    ('Iran', 'Kazakhstan', 'all CSTO members')
    """
    if code is None or (isinstance(code, float) and pd.isna(code)):
        return _ALL
    names = _names() if names is None else names
    return str(names.get(code, code))


def members(when: str = ARTICLE_DATE) -> list[str]:
    """The CSTO's members other than Russia on ``when`` (taking part or frozen), as ISO3 codes.

    >>> members()
    ['ARM', 'BLR', 'KAZ', 'KGZ', 'TJK']
    """
    s = status_on(load("membership"), when)
    keep = s["status"].astype(str).isin(["member", "frozen"]) & (s["country"] != "RUS")
    return sorted(s.loc[keep, "country"])


# --------------------------------------------------------------------------- side payments on a time line

def _interval_end(date, precision) -> pd.Timestamp:
    precision = str(precision)
    if precision == "year":
        return date + pd.offsets.YearEnd(0)
    if precision == "month":
        return date + pd.offsets.MonthEnd(0)
    return date


def payment_marks(side_payments: pd.DataFrame | None = None) -> pd.DataFrame:
    """What the side-payment time line draws: one mark per measure, recipient, date, kind and stage.

    Rows without a date cannot be placed and are left out. Several sources reporting the same
    measure on the same date at the same stage make one mark (``n_sources`` counts them).

    Returns columns ``series`` (the stage, in words), ``x`` (first day the date can mean),
    ``x_end`` (last day: the end of the month or year for less precise dates), ``y`` (the
    recipient's name), ``lane`` (0 on the recipient's line; ±1, ±2 for a mark moved up or down
    so that it does not hide one close to it in time), ``kind`` (in words), ``precision``,
    ``n_sources``, ``text`` (one description).

    >>> m = payment_marks()
    >>> m.query("y == 'Tajikistan' and x.dt.year == 2017")[["series", "kind", "n_sources"]].values.tolist()
    [['delivered', 'military aid, free equipment', 3]]
    """
    sp = load("side_payments") if side_payments is None else side_payments
    dated = sp[sp["date"].notna()].copy()
    dated["stage"] = [STAGES[None] if pd.isna(s) else STAGES[str(s)] for s in dated["status"]]
    names = _names()
    dated["who"] = [name_of(r, names) for r in dated["recipient"]]
    dated["precision"] = dated["date_precision"].astype(str)
    dated["kind_text"] = dated["kind"].astype(str).map(KINDS)
    out = (dated.groupby(["who", "date", "precision", "kind_text", "stage"], sort=False, observed=True)
           .agg(n_sources=("source_id", "nunique"), text=("description", "first")).reset_index())
    out["x_end"] = [_interval_end(d, p) for d, p in zip(out["date"], out["precision"])]
    out = out.rename(columns={"who": "y", "date": "x", "kind_text": "kind", "stage": "series"})
    order = {name_of(c, names): i for i, c in enumerate(_RECIPIENTS)}
    out = out.sort_values(["y", "x"], key=lambda s: s.map(order) if s.name == "y" else s, kind="stable")
    out["lane"] = _lanes(out)
    return out[["series", "x", "x_end", "y", "lane", "kind", "precision", "n_sources", "text"]].reset_index(drop=True)


#: Marks closer than this (in years) on one recipient's line would overlap, so they go to different lanes.
_LANE_GAP = 0.55
#: The lanes tried in turn: the line itself, then just above it, just below, and further out.
_LANE_ORDER = (0, -1, 1, -2, 2)


def _lanes(marks: pd.DataFrame) -> list[int]:
    """A lane for each mark (0 on the recipient's line, ±1, ±2 beside it), so that no mark hides another."""
    lanes = []
    placed: dict = {}  # (recipient, lane) -> x of the last mark in it, in years
    for y, x in zip(marks["y"], marks["x"]):
        year = x.year + (x.day_of_year - 1) / 365.25
        lane = next((k for k in _LANE_ORDER if year - placed.get((y, k), -1e9) >= _LANE_GAP), _LANE_ORDER[-1])
        placed[(y, lane)] = year
        lanes.append(lane)
    return lanes


def describe_payments(marks: pd.DataFrame) -> str:
    """The time line's data in words, written from its marks: marks and years per recipient.

    >>> describe_payments(payment_marks()).split(";")[0]
    'Data drawn: Armenia, 15 marks from 2004 to 2021'
    """
    parts = []
    for who, g in marks.groupby("y", sort=False):
        years = g["x"].dt.year
        parts.append(f"{who}, {len(g)} mark{'s' if len(g) != 1 else ''} from {years.min()} to {years.max()}")
    return "Data drawn: " + "; ".join(parts) + "."


def draw_payments(ax, marks: pd.DataFrame):
    """Side payments on a time line: one row per recipient, marker by kind, colour by stage.

    A date known only to the month or the year is a bar over that month or year with the
    mark at its start. One legend in two parts: the kinds (marker shapes) and the stages
    (colours); only what is drawn is listed. Returns the ``Axes``.
    """
    names = _names()
    rows = [name_of(c, names) for c in _RECIPIENTS if name_of(c, names) in set(marks["y"])]
    y_of = {name: i for i, name in enumerate(rows)}
    kind_of = {v: k for k, v in KINDS.items()}
    stage_of = {v: k for k, v in STAGES.items()}
    for _, m in marks.iterrows():
        colour = _STAGE_COLOURS[stage_of[m["series"]]]
        y = y_of[m["y"]] + 0.2 * m["lane"]  # marks that would overlap sit side by side, up or down
        if m["x_end"] > m["x"]:
            ax.plot([m["x"], m["x_end"]], [y, y], color=colour, lw=4, alpha=0.35, marker="",
                    solid_capstyle="butt")
        ax.plot([m["x"]], [y], linestyle="none", marker=_KIND_MARKERS[kind_of[m["kind"]]], color=colour,
                mec="black", mew=0.5, ms=8, alpha=0.9)
    ax.set_yticks(range(len(rows)), rows)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlabel("date agreed, announced or handed over (a bar: known only to the month or year)")
    kinds = [k for k in KINDS.values() if k in set(marks["kind"])]
    stages = [s for s in STAGES.values() if s in set(marks["series"])]

    def header(text):
        return plt.Line2D([], [], linestyle="none", marker="", label=text)

    shape = [plt.Line2D([], [], linestyle="none", marker=_KIND_MARKERS[kind_of[k]], color="#bbbbbb",
                        mec="black", mew=0.5, ms=8, label=k) for k in kinds]
    colour = [plt.Line2D([], [], linestyle="none", marker="s", color=_STAGE_COLOURS[stage_of[s]], ms=9, label=s)
              for s in stages]
    ax.legend(handles=[header("KIND (shape)"), *shape, header(" "), header("STAGE (colour)"), *colour],
              loc="upper left", bbox_to_anchor=(1.01, 1.02), fontsize=9, handletextpad=0.4)
    return ax


# --------------------------------------------------------------------------- SIPRI windows and releases

def window_label(start, end) -> str:
    """``2016–20`` for the window 2016 to 2020; a single year stays a year.

    >>> window_label(2016, 2020), window_label(2019, 2019)
    ('2016–20', '2019')
    """
    start, end = int(start), int(end)
    return str(start) if start == end else f"{start}–{str(end)[-2:]}"


def with_release(rows: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add ``release``: the year of the SIPRI release a row's figure comes from.

    SIPRI publishes its arms-transfer data each March for the window that ended the year
    before, and revises earlier windows in each release. A page reports one release, so:
    the release is the year the page was published, where the sources table knows it;
    otherwise the year after the latest window the page reports (a page on the 2019–23
    data reports the 2024 release). Also adds ``publisher``.

    >>> r = with_release(load("arms_exports").query("exporter == 'RUS'"))
    >>> r.query("window_start == 2006")[["share_pct", "release"]].to_dict("records")
    [{'share_pct': 22.0, 'release': 2016}, {'share_pct': 23.0, 'release': 2011}]
    """
    table = load("sources") if sources is None else sources
    if "source_id" not in table.columns:
        table = table.reset_index()
    out = rows.merge(table[["source_id", "publisher", "published"]], on="source_id", how="left")
    latest = out.groupby("source_id")["window_end"].transform("max") + 1
    out["release"] = out["published"].dt.year.fillna(latest).astype(int)
    return out.drop(columns="published")


def export_marks(exporter: str = "RUS", exports: pd.DataFrame | None = None) -> pd.DataFrame:
    """What the arms-export figure draws for one exporter: shares and volume changes, window by window.

    Each mark is a window, drawn from the first day of its first year (``x``) to the end
    of its last year (``x_end``, the next 1 January). Shares (``panel`` ``share``) keep one
    mark per window, release and value: ``series`` says whether the figure is as first
    published (in the release of the year after the window) or revised in a later release.
    Volume changes (``panel`` ``volume change``) keep one mark per window and value: the
    percent change in volume against the window five years earlier. ``n_sources`` counts
    the pages behind a mark; ``window`` labels the window (``2016–20``) and ``span`` writes
    it out (``2016–2020``). Nothing is averaged.

    >>> m = export_marks("RUS")
    >>> m.query("panel == 'volume change' and window == '2019–23'")[["y", "x", "x_end"]].to_dict("records")
    [{'y': -53.0, 'x': 2019, 'x_end': 2024}]
    """
    rows = load("arms_exports") if exports is None else exports
    rows = with_release(rows[rows["exporter"] == exporter])
    if rows.empty:
        raise ValueError(f"no arms-export figures for {exporter!r}")
    share = (rows.dropna(subset=["share_pct"])
             .groupby(["window_start", "window_end", "release", "share_pct"], sort=True)
             .agg(n_sources=("source_id", "nunique"), source_id=("source_id", "first")).reset_index())
    first = share["release"] == share["window_end"] + 1
    share = share.assign(panel="share", y=share["share_pct"],
                         series=["share, as first published" if f else "share, revised in a later release"
                                 for f in first])
    change = (rows.dropna(subset=["change_pct"])
              .groupby(["window_start", "window_end", "change_pct"], sort=True)
              .agg(n_sources=("source_id", "nunique"), release=("release", "min"),
                   source_id=("source_id", "first")).reset_index())
    change = change.assign(panel="volume change", y=change["change_pct"],
                           series="change in volume against the window five years earlier")
    out = pd.concat([share, change], ignore_index=True)
    out["x"] = out["window_start"].astype(int)
    out["x_end"] = out["window_end"].astype(int) + 1
    out["window"] = [window_label(a, b) for a, b in zip(out["window_start"], out["window_end"])]
    out["span"] = [f"{int(a)}–{int(b)}" for a, b in zip(out["window_start"], out["window_end"])]
    out["release"] = out["release"].astype(int)
    return out[["panel", "series", "x", "x_end", "y", "window", "span", "release", "n_sources", "source_id"]]


def draw_exports(axes, marks: pd.DataFrame):
    """Two panels on one real year axis: the share of world exports (top) and the change in
    volume (bottom), each window a thin horizontal span with end ticks and a mark at its middle.

    Shares as first published are filled dots; figures from a later release are open
    diamonds, and where a later release changed the figure, the diamond is labelled with the
    release and its value. Returns the two ``Axes``.
    """
    top, bottom = axes
    styles = {"share, as first published": dict(color=OKABE_ITO["blue"], marker="o", mfc=OKABE_ITO["blue"], ms=6),
              "share, revised in a later release": dict(color=OKABE_ITO["orange"], marker="D", mfc="none", ms=9,
                                                        span=(0, (3, 2))),
              "change in volume against the window five years earlier": dict(
                  color=OKABE_ITO["vermillion"], marker="s", mfc=OKABE_ITO["vermillion"], ms=6)}
    share = marks[marks["panel"] == "share"]
    first = share[share["series"] == "share, as first published"].groupby("window")["y"].apply(set)
    for ax, panel in ((top, "share"), (bottom, "volume change")):
        for series, g in marks[marks["panel"] == panel].groupby("series", sort=False):
            st = styles[series]
            for _, m in g.iterrows():
                # opaque, and dashed for revisions: where spans overlap, no blended colour
                # appears that the legend does not explain
                ax.plot([m["x"], m["x_end"]], [m["y"], m["y"]], color=st["color"], lw=1, marker="",
                        linestyle=st.get("span", "-"))
                ax.plot([m["x"], m["x_end"]], [m["y"], m["y"]], linestyle="none", marker="|", ms=7,
                        color=st["color"])
            mid = (g["x"] + g["x_end"]) / 2
            ax.plot(mid, g["y"], linestyle="none", marker=st["marker"], color=st["color"], mfc=st["mfc"],
                    mec=st["color"], mew=1.5, ms=st["ms"], label=series, zorder=4)
            if series == "share, revised in a later release":
                for x, m in zip(mid, g.itertuples()):
                    if m.y in first.get(m.window, {m.y}):
                        continue  # the later release kept the figure
                    above = m.y > min(first.get(m.window, {m.y}))
                    ax.annotate(f"{m.release} release: {m.y:g}%", (x, m.y), textcoords="offset points",
                                xytext=(0, 9 if above else -14), ha="center", fontsize=8, color="#7a4f00")
        ax.legend(loc="upper right" if panel == "share" else "lower left", fontsize=8.5)
    top.set_ylim(0, max(30, share["y"].max() + 4))
    top.set_ylabel("share of world exports\nof major arms (%)")
    change = marks.loc[marks["panel"] == "volume change", "y"]
    bound = max(10, abs(change).max() + 10) if len(change) else 10
    bottom.set_ylim(-bound, bound)
    bottom.axhline(0, color="black", lw=0.8, gid="zero line")
    bottom.set_ylabel("change in volume\nagainst five years earlier (%)")
    bottom.set_xlabel("years covered by each window (a span runs from 1 January of its first year "
                      "to 31 December of its last)")
    return top, bottom


# --------------------------------------------------------------------------- the widget: one member, one window

#: How a qualifier reads in front of a figure (``exact`` reads as nothing).
_HEDGES = {"about": "about ", "over": "over ", "under": "under ", "up to": "up to ", "at least": "at least "}

#: The five-year windows the widget offers, oldest first.
WINDOWS = [window_label(a, a + 4) for a in range(2000, 2022)]


def _window_years(window: str) -> tuple[int, int]:
    start = int(str(window)[:4])
    if window_label(start, start + 4) != window:
        raise ValueError(f"{window!r} is not a five-year window such as '2020–24'")
    return start, start + 4


def _mix_rows(member: str) -> tuple[pd.DataFrame, int]:
    """Every row the widget can show for one member, with the span of years it covers
    (``lo``, ``hi``), and how many undated reports had to be left out."""
    names = _names()
    parts = []
    imports = load("arms_imports_by_supplier")
    imports = imports[imports["importer"] == member].astype({"basis": str, "qualifier": str})
    g = (imports.groupby(["supplier", "window_start", "window_end", "share_pct", "basis", "qualifier"], sort=True)
         ["source_id"].nunique().reset_index())
    sipri = g["basis"] == "SIPRI"
    hedge = g["qualifier"].map(_HEDGES).fillna("")
    parts.append(pd.DataFrame({
        "order": (~sipri).astype(int),
        "evidence": ["share of its arms imports " + ("(SIPRI)" if x else "(an official's figure, not SIPRI)")
                     for x in sipri],
        "supplier": [names.get(c, c) for c in g["supplier"]],
        "years": [window_label(a, b) for a, b in zip(g["window_start"], g["window_end"])],
        "what": [f"{h}{v:g}%" for h, v in zip(hedge, g["share_pct"])],
        "sources": g["source_id"], "lo": g["window_start"], "hi": g["window_end"]}))
    dest = load("arms_export_destinations")
    dest = dest[(dest["exporter"] == "RUS") & (dest["recipient"] == member)]
    g = dest.groupby(["window_start", "window_end", "share_pct"], sort=True)["source_id"].nunique().reset_index()
    parts.append(pd.DataFrame({
        "order": 2, "evidence": "its share of Russia's arms exports (SIPRI)", "supplier": "Russia",
        "years": [window_label(a, b) for a, b in zip(g["window_start"], g["window_end"])],
        "what": [f"{v:g}%" for v in g["share_pct"]], "sources": g["source_id"],
        "lo": g["window_start"], "hi": g["window_end"]}))
    deals = load("arms_diversification")
    deals = deals[deals["buyer"] == member].astype({"date_precision": str, "kind": str})
    undated = int(deals["date"].isna().sum())
    g = (deals.dropna(subset=["date"]).groupby(["supplier", "date", "date_precision", "system", "kind"], sort=True)
         .agg(sources=("source_id", "nunique"), quantity=("quantity", "first"), value=("value", "first"),
              unit=("value_unit", "first"), hedge=("value_qualifier", "first")).reset_index())
    g["hedge"] = g["hedge"].astype(object).map(_HEDGES).fillna("")
    parts.append(pd.DataFrame({
        "order": 3, "evidence": "deal with another supplier", "supplier": [names.get(c, c) for c in g["supplier"]],
        "years": [format_date(d, p) for d, p in zip(g["date"], g["date_precision"])],
        "what": [f"{sy} ({k.replace('_', ' ')}" + ("" if pd.isna(q) else f", {int(q)}")
                 + ("" if pd.isna(v) else f"; {h}{v:g} {u}") + ")"
                 for sy, k, q, v, u, h in zip(g["system"], g["kind"], g["quantity"], g["value"], g["unit"], g["hedge"])],
        "sources": g["sources"], "lo": g["date"].dt.year, "hi": g["date"].dt.year}))
    paid = load("side_payments")
    paid = paid[paid["recipient"] == member].astype({"date_precision": str, "kind": str, "status": object})
    undated += int(paid["date"].isna().sum())
    paid["stage"] = [STAGES[None] if pd.isna(x) else STAGES[str(x)] for x in paid["status"]]
    g = (paid.dropna(subset=["date"]).groupby(["date", "date_precision", "kind", "stage", "description"], sort=True)
         ["source_id"].nunique().reset_index())
    parts.append(pd.DataFrame({
        "order": 4, "evidence": [f"Russian side payment ({x})" for x in g["stage"]], "supplier": "Russia",
        "years": [format_date(d, p) for d, p in zip(g["date"], g["date_precision"])],
        "what": [f"{KINDS[k]}: {d}" for k, d in zip(g["kind"], g["description"])],
        "sources": g["source_id"], "lo": g["date"].dt.year, "hi": g["date"].dt.year}))
    table = pd.concat([p for p in parts if len(p)], ignore_index=True)
    table = table.astype({"sources": int, "lo": int, "hi": int})
    table = table.sort_values(["order", "years", "supplier"], kind="stable").drop(columns="order")
    return table.reset_index(drop=True), undated


def _in_window(table: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Rows whose span overlaps the window (shares) or whose date falls in it (deals, payments)."""
    keep = (table["lo"] <= end) & (table["hi"] >= start)
    return table[keep].drop(columns=["lo", "hi"]).reset_index(drop=True)


def window_options(member: str) -> list[str]:
    """The windows in which the widget has something to show for ``member``, oldest first.

    >>> window_options("TJK")[:2]
    ['2000–04', '2001–05']
    """
    table, _ = _mix_rows(member)
    return [w for w in WINDOWS if len(_in_window(table, *_window_years(w)))]


def supplier_mix(member: str = "KAZ", window: str = "2020–24"):
    """The widget's view: one member's arms suppliers in one five-year window, and the deals behind them.

    Rows, in this order: shares of the member's arms imports by supplier (SIPRI's, then
    officials' figures that are not SIPRI's), the member's share of Russia's arms exports,
    reported deals with suppliers other than Russia (with the value a report gives, in its own
    currency), and Russian side payments. A share is
    shown when its own window overlaps the one chosen (the *years* column gives its window);
    deals and payments are shown when dated within the window. Several reports of one deal
    make one row (*sources* counts them). Reports without a date are left out and counted.

    >>> t = supplier_mix("KAZ", "2020–24").frame
    >>> t.loc[t["evidence"].str.startswith("share of its"), ["supplier", "what"]].values.tolist()
    [['Russia', '88%']]
    """
    if member not in members():
        raise ValueError(f"{member!r} is not a CSTO member other than Russia; choose one of {members()}")
    start, end = _window_years(window)
    full, undated = _mix_rows(member)
    table = _in_window(full, start, end)
    from csto.tables import scroll

    shares = table["evidence"].str.startswith("share of its").sum()
    deals = table["evidence"].eq("deal with another supplier")
    paid = table["evidence"].str.startswith("Russian side payment").sum()
    others = table.loc[deals, "supplier"].nunique()
    sentence = (f"{name_of(member)}, {window}: {shares} import share(s), {int(deals.sum())} deal(s) with "
                f"{others} supplier(s) other than Russia, {paid} Russian side payment(s)"
                + (f"; {undated} undated report(s) not shown." if undated else "."))
    return scroll(table, sentence)


# --------------------------------------------------------------------------- Russia's own spending

def spending_marks(country: str = "RUS") -> pd.DataFrame:
    """What the spending figure draws: the data's primary series (SIPRI's US-dollar figure,
    one per year) in USD billion, with the year of the report it was read from.

    Returns ``series, x (year), y (USD billion), reported (year of the page, or empty), source_id``.

    >>> spending_marks().query("x == 2024")[["y", "reported"]].values.tolist()
    [[149.0, '2025']]
    """
    ms = load("military_spending")
    rows = ms[(ms["country"] == country) & (ms["series"] == "primary")].copy()
    scale = {"USD billion": 1.0, "USD million": 0.001}
    unknown = sorted(set(rows["unit"]) - set(scale))
    if unknown:
        raise ValueError(f"cannot draw units {unknown} with US-dollar billions")
    rows["y"] = rows["value"] * rows["unit"].map(scale)
    published = load("sources").set_index("source_id")["published"]
    rows["reported"] = [("" if pd.isna(published.get(s)) else str(published.get(s).year)) for s in rows["source_id"]]
    out = pd.DataFrame({"series": "SIPRI figure as reported (each year from a different release)",
                        "x": rows["year"].astype(int), "y": rows["y"], "reported": rows["reported"],
                        "source_id": rows["source_id"]})
    return out.sort_values("x").reset_index(drop=True)


def draw_spending(ax, marks: pd.DataFrame):
    """One dot per year, not joined (each comes from a different SIPRI release), each labelled with its value."""
    ax.plot(marks["x"], marks["y"], linestyle="none", marker="o", color=OKABE_ITO["blue"], ms=7,
            label=marks["series"].iloc[0])
    for x, y in zip(marks["x"], marks["y"]):
        ax.annotate(f"{y:g}", (x, y), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=8.5)
    ax.set_ylim(0, marks["y"].max() * 1.2)
    years = range(int(marks["x"].min()), int(marks["x"].max()) + 1)
    for year in sorted(set(years) - set(marks["x"])):
        ax.annotate("no figure\nin the data", (year, 0), textcoords="offset points", xytext=(0, 8),
                    ha="center", fontsize=8, color="#555555")
    ax.set_xticks(list(years))
    ax.set_xlabel("year")
    ax.set_ylabel("USD billion")
    ax.legend(loc="upper left", fontsize=9)
    return ax


# --------------------------------------------------------------------------- evidence for the judge tasks

#: The rows each judge task shows, in order: (dataset, source_id, filter on that dataset's rows or None).
CANDIDATES = {
    "C24": [("side_payments", "armeniandiaspora-2007-csto-domestic-prices", None),
            ("side_payments", "jamestown-1996-cis-officer-training", None),
            ("side_payments", "ria-2008-csto-military-training-agreement", None),
            ("side_payments", "continent-2009-kazakhstan-s300", None),
            ("side_payments", "armenianweekly-2017-armenia-more-russian-arms", None),
            ("side_payments", "kazpravda-2019-csto-military-pricing", None),
            ("side_payments", "armenianclub-2004-arms-discounts-begin", None)],
    "C25": [("arms_exports", "epochtimes-2010-international-arms-trade-rise", "exporter == 'RUS'"),
            ("arms_exports", "defenceturkey-2015-sipri-global-arms-sales", "exporter == 'RUS'"),
            ("arms_exports", "newsme-2018-sipri-2013-17", "exporter == 'RUS'"),
            ("arms_exports", "vpk-2022-tass-sipri-2017-21", "exporter == 'RUS'"),
            ("arms_exports", "bunatimes-2023-sipri-us-russia-shares", "exporter == 'RUS' and window_start == 2018"),
            ("arms_exports", "politico-2024-france-overtakes-russia", "exporter == 'RUS' and window_start == 2019"),
            ("arms_exports", "voz-2025-sipri-us-lead", "exporter == 'RUS'"),
            ("arms_exports", "dagens-2026-russia-third-arms-exporter", "exporter == 'RUS' and window_start == 2021")],
    "C139": [("arms_diversification", "armedforcesmod-2015-china-weapons-for-gas", None),
             ("arms_diversification", "trtworld-2022-anka-kazakhstan", None),
             ("arms_diversification", "zbiam-undated-kazakhstan-wing-loong", None),
             ("arms_diversification", "forecastintl-2023-uzbekistan-drones", "supplier == 'CHN'"),
             ("arms_diversification", "trend-2022-ababil-plant-tajikistan", None),
             ("arms_diversification", "hordiq-2025-uzbekistan-china", None)],
    "C26": [("side_payments", "azatutyun-2023-400m-russian-contracts", None),
            ("events", "eadaily-2016-armenia-asks-speed-up-arms-contracts", None),
            ("events", "alphanews-2024-russian-weapons-batch", None),
            ("side_payments", "closethesky-2024-russia-share-military-cooperation", None),
            ("events", "bunatimes-2023-sipri-us-russia-shares", None),
            ("arms_export_destinations", "onlineua-2025-sipri-2020-24", "recipient == 'KAZ'"),
            ("side_payments", "armradio-2023-kocharyan-400m-arms", None),
            ("arms_export_destinations", "dagens-2026-russia-third-arms-exporter", "recipient == 'BLR'")],
}


def _says(dataset: str, row: pd.Series) -> str:
    """One line on what a row says, in words."""
    if dataset == "side_payments":
        when = format_date(row["date"], row["date_precision"])
        return f"{name_of(row['recipient'])}, {when}: {row['description']}"
    if dataset == "arms_exports":
        hedge = _HEDGES.get(str(row["qualifier"]), "")
        share = f"{hedge}{row['share_pct']:g}% of world exports" if pd.notna(row["share_pct"]) else ""
        change = f"volume {row['change_pct']:+g}% on five years earlier" if pd.notna(row["change_pct"]) else ""
        return f"{name_of(row['exporter'])}, {window_label(row['window_start'], row['window_end'])}: " + \
            "; ".join(p for p in (share, change) if p)
    if dataset == "arms_diversification":
        when = format_date(row["date"], row["date_precision"])
        return (f"{name_of(row['buyer'])} from {name_of(row['supplier'])}, {when}: {row['system']} "
                f"({str(row['kind']).replace('_', ' ')})")
    if dataset == "arms_export_destinations":
        return (f"{name_of(row['recipient'])} took {row['share_pct']:g}% of {name_of(row['exporter'])}'s arms "
                f"exports in {window_label(row['window_start'], row['window_end'])}")
    if dataset == "military_spending":
        currency, _, scale = str(row["unit"]).partition(" ")
        return f"{name_of(row['country'])}, {row['year']}: {currency} {row['value']:g} {scale} ({row['note']})"
    if dataset == "events":
        return f"{format_date(row['date'], row['date_precision'])}: {row['title']}"
    raise ValueError(f"no wording for rows of {dataset!r}")


def _candidate_rows(claim_id: str) -> list[tuple[str, str]]:
    if claim_id not in CANDIDATES:
        raise KeyError(f"no evidence rows for {claim_id!r}; claims with rows: {', '.join(CANDIDATES)}")
    out = []
    for dataset, source_id, query in CANDIDATES[claim_id]:
        rows = load(dataset)
        rows = rows[rows["source_id"] == source_id]
        if query:
            rows = rows.query(query)
        if rows.empty:
            raise ValueError(f"{claim_id}: no row of {dataset} from {source_id}" + (f" where {query}" if query else ""))
        out.append((source_id, _says(dataset, rows.iloc[0])))
    return out


def candidate_ids(claim_id: str) -> tuple[str, ...]:
    """The source ids of a judge task's rows, in the order shown (row 1 first).

    >>> candidate_ids("C139")[2]
    'zbiam-undated-kazakhstan-wing-loong'
    """
    return tuple(sid for sid, _ in _candidate_rows(claim_id))


def evidence_table(claim_id: str):
    """The numbered rows a judge task lets students cite: what each says, who published it,
    what kind of outlet it is, whether a state owns or funds it, and whose text it copies.

    >>> evidence_table("C24").frame.columns.tolist()
    ['row', 'what the row says', 'publisher', 'published', 'kind', 'state media', 'copy of']
    """
    from csto.evidence import attach_sources
    from csto.tables import Shown

    rows = _candidate_rows(claim_id)
    frame = pd.DataFrame({"row": range(1, len(rows) + 1), "source_id": [s for s, _ in rows],
                          "what the row says": [w for _, w in rows]})
    frame = attach_sources(frame, ("publisher", "published", "kind", "state_media", "copy_of"))
    frame["state media"] = [name_of(s) if isinstance(s, str) and s else "no" for s in frame["state_media"]]
    frame["copy of"] = frame["copy_of"].fillna("")
    frame = frame[["row", "what the row says", "publisher", "published", "kind", "state media", "copy of"]]
    return Shown(frame, f"Evidence for {claim_id}: {len(frame)} rows of the data, numbered for your answer.",
                 n=None)


# --------------------------------------------------------------------------- Try it tasks

def _judge(claim_id: str, *, need: int, mistakes=()):
    """The ledger's judgement on ``claim_id`` for the rows of :func:`evidence_table`.

    Students cite the rows shown, so the expected support and counter-evidence are the
    ledger's sources among those rows, in the order shown.
    """
    shown = candidate_ids(claim_id)
    j = judgement(claim_id, shown, need=need, mistakes=mistakes)
    support = tuple(c for c in shown if c in j.support)
    if len(support) < need:
        raise ValueError(f"{claim_id}: fewer than {need} of the rows shown support the ledger's verdict")
    return replace(j, support=support, against=tuple(c for c in shown if c in j.against))


def _side_payments() -> pd.DataFrame:
    return load("side_payments")


def _kind_counts(recipient: str) -> pd.Series:
    sp = _side_payments()
    return sp.loc[sp["recipient"] == recipient, "kind"].astype(str).value_counts()


@task("04.1", "the kind of side payment the data records most often for Armenia", form="do", objective=1,
      choices=tuple(KINDS),
      hint='Keep Armenia\'s rows (recipient == "ARM"), then count the kinds with .value_counts(); '
           'answer with the code, e.g. "base".',
      mistakes=lambda: [
          (str(_side_payments()["kind"].astype(str).value_counts().index[0]),
           "that is the most common kind over all recipients; keep Armenia's rows first."),
          *[(k, f"Armenia has {n} rows of that kind; one kind has more.")
            for k, n in _kind_counts("ARM").items() if n < _kind_counts("ARM").max()]])
def armenia_main_kind() -> str:
    counts = _kind_counts("ARM")
    if (counts == counts.max()).sum() > 1:
        raise ValueError("two kinds tie for Armenia: the task would be ambiguous")
    return str(counts.index[0])


def _kyrgyz_2012(status: str) -> float:
    """The Kyrgyz army programme of 2012 in USD million, at one stage (largest report at that stage)."""
    sp = _side_payments()
    rows = sp[(sp["recipient"] == "KGZ") & (sp["kind"] == "military_aid") & (sp["status"] == status)
              & sp["unit"].isin(["USD million", "USD billion"])]
    if status == "pledged":
        rows = rows[rows["unit"] == "USD billion"]
    elif status == "delivered":
        rows = rows[rows["source_id"] == "topwar-undated-russia-kyrgyzstan-air-defence"]
    elif status == "agreed":
        rows = rows[(rows["unit"] == "USD million") & (rows["date"].dt.year == 2012)]
    values = rows["value"] * rows["unit"].map({"USD million": 1, "USD billion": 1000})
    return float(values.max())


@task("04.2", "how much of the USD 1.1 billion promised to Kyrgyzstan in 2012 one source says was delivered",
      form="predict", objective=1, choices=("nearly all", "about half", "about a tenth", "nothing"),
      hint="Guess first; the next cells compute it from the side_payments table.",
      model="About a tenth: one report (Topwar, citing a Moscow defence think tank) counts USD 126 million of "
            "equipment delivered, against USD 1.1 billion promised in 2012 and about USD 200 million agreed. "
            "Promises are the largest figures in the table and deliveries the smallest.")
def kyrgyz_delivered_share_word() -> str:
    share = _kyrgyz_2012("delivered") / _kyrgyz_2012("pledged")
    return "nearly all" if share > 0.8 else "about half" if share > 0.3 else "about a tenth" if share > 0.05 else "nothing"


@task("04.3", "the delivered value as a percent of the USD 1.1 billion promised to Kyrgyzstan", form="do",
      objective=1, tolerance=0.1, percent=True,
      hint="Put both in the same unit first: 1.1 billion is 1,100 million. Then delivered / promised × 100.",
      mistakes=lambda: [
          (round(100 * _kyrgyz_2012("delivered") / (_kyrgyz_2012("pledged") / 1000), 1),
           "the units differ: the promise is in USD billion and the delivery in USD million. "
           "Write 1.1 billion as 1,100 million first."),
          (round(100 * _kyrgyz_2012("agreed") / _kyrgyz_2012("pledged"), 1),
           "that uses the value agreed in 2012 (about USD 200 million), not the value delivered."),
          (round(_kyrgyz_2012("delivered") / (_kyrgyz_2012("pledged") / 1000), 1),
           "the units differ: the promise is in USD billion and the delivery in USD million.")])
def kyrgyz_delivered_percent() -> float:
    return round(100 * _kyrgyz_2012("delivered") / _kyrgyz_2012("pledged"), 1)


@task("04.4", "verdict on C24: smaller members could buy Russian arms at preferential prices", form="judge",
      objective=4)
def judge_c24():
    return _judge("C24", need=2, mistakes=(
        ("partly supported", "the CSTO decree of 2004, the Dushanbe documents of 2007 and the 2017 protocol set "
                             "preferential or Russian domestic prices, and Armenia's finance minister confirms "
                             "them; one Kazakh purchase without a discount is an exception, not a refutation."),
        ("not testable with data", "this is a fact, and the data hold the agreements that set the prices: it can "
                                   "be tested.")))


def _russia_releases() -> pd.DataFrame:
    rows = load("arms_exports")
    return with_release(rows[rows["exporter"] == "RUS"])


def _share(window_start: int, release: int, source_id: str | None = None) -> float:
    r = _russia_releases()
    r = r[(r["window_start"] == window_start) & (r["release"] == release) & r["share_pct"].notna()]
    if source_id:
        r = r[r["source_id"] == source_id]
    return float(r["share_pct"].iloc[0])


@task("04.5", "the fall in Russia's share of world arms exports from 2014–18 to 2019–23, in the 2024 release, "
              "in percentage points", form="do", objective=2, tolerance=0.5,
      hint="Keep Russia's rows of the 2024 release, read the share of each window, subtract. "
           "Percentage points are the difference of two percents.",
      mistakes=lambda: [
          (lambda a: isinstance(a, (int, float)) and abs(abs(a) - 53) < 1,
           "53 is the fall in Russia's export VOLUME (change_pct), not in its share of world exports."),
          (lambda a: isinstance(a, (int, float)) and 45 <= abs(a) <= 50.5,
           "that is the fall as a percent of the old share; the task asks for percentage points: "
           "new share minus old share."),
          (lambda a: isinstance(a, (int, float)) and -10.6 <= a <= -9.5,
           "right size, but the task asks how many points it fell: write it as a positive number."),
          (lambda a: isinstance(a, float) and 0 < a < 0.2,
           "that looks like a fraction; shares here are in percent.")])
def share_fall_points() -> float:
    return _share(2014, 2024, "scribd-2024-sipri-fact-sheet-2023") - _share(2019, 2024, "scribd-2024-sipri-fact-sheet-2023")


def _revision_counts() -> dict:
    m = export_marks("RUS")
    share = m[m["panel"] == "share"]
    per = share.groupby("window")
    releases_differ = sum(g.groupby("release")["y"].first().nunique() > 1 for _, g in per)
    several_releases = sum(g["release"].nunique() > 1 for _, g in per)
    several_values = sum(g["y"].nunique() > 1 for _, g in per)
    return {"differ": int(releases_differ), "releases": int(several_releases), "values": int(several_values)}


@task("04.6", "windows for which two SIPRI releases give Russia different shares", form="read", objective=2,
      hint="Look for windows with a filled dot and an open diamond at different heights. Two figures from "
           "one release are not a revision.",
      mistakes=lambda: [
          (_revision_counts()["values"],
           "that counts every window with two values; in 2019–23 both come from the same (2024) release, "
           "one page giving two decimals. A revision is a change between releases."),
          (_revision_counts()["releases"],
           "that counts every window reported in two releases; in some, the later release kept the same share.")])
def revised_windows() -> int:
    return _revision_counts()["differ"]


@task("04.7", "verdict on C25: Russia's share of world arms exports has declined for years", form="judge",
      objective=4)
def judge_c25():
    return _judge("C25", need=2, mistakes=(
        ("partly supported", "every release since the one for 2010–14 shows a lower share than the window "
                             "before it; the cautions (overlapping windows, revisions) change the decimals, "
                             "not the direction."),
        ("disputed", "no source in the data reports a rise after 2010–14; the releases agree on the direction.")))


@task("04.8", "the CSTO members with at least one reported arms deal with Turkey (ISO3 codes)", form="do",
      objective=3,
      hint='Filter deals on deals["supplier"] == "TUR" and deals["buyer"].isin(csto_members), then take the '
           'distinct buyers with .unique().',
      mistakes=lambda: [
          (sorted(load("arms_diversification").query("supplier == 'TUR'")["buyer"].unique()),
           "Uzbekistan is in the list: it left the CSTO in 2012. Keep only buyers in `members`."),
          (lambda a: isinstance(a, list) and len(a) > len(set(map(str, a))),
           "a buyer is listed more than once: take distinct values (.unique())."),
          (lambda a: isinstance(a, int),
           "that is a count; the task asks for the members themselves, as a list of codes.")])
def turkish_buyers() -> list:
    deals = load("arms_diversification")
    return sorted(deals.loc[(deals["supplier"] == "TUR") & deals["buyer"].isin(members()), "buyer"].unique())


def _armenia_latest_sipri() -> tuple[str, float]:
    imp = load("arms_imports_by_supplier")
    rows = imp[(imp["importer"] == "ARM") & (imp["supplier"] == "RUS") & (imp["basis"] == "SIPRI")]
    last = rows.sort_values(["window_end", "window_start"]).iloc[-1]
    return window_label(last["window_start"], last["window_end"]), float(last["share_pct"])


@task("04.9", "Russia's share of Armenia's arms imports in the latest window for which the data has a SIPRI "
              "figure, in percent", form="read", objective=3, tolerance=0.5, percent=True,
      hint="Pick Armenia in the widget and try the windows (or run supplier_mix(\"ARM\", \"2016–20\")); "
           "keep to rows marked SIPRI.",
      mistakes=lambda: [
          (10, "10% is an Armenian official's share of arms CONTRACTS signed since 2021, not a SIPRI share of "
               "deliveries: the widget marks it 'not SIPRI'."),
          (96, "96% is an official's figure for military-technical cooperation in 2020, not SIPRI's."),
          (100, "100% is SIPRI's share for 2013–17; later windows exist.")])
def armenia_latest_sipri_share() -> float:
    return _armenia_latest_sipri()[1]


@task("04.10", "verdict on C139: CSTO members have bought Chinese weapons such as drones", form="judge",
      objective=4)
def judge_c139():
    return _judge("C139", need=1, mistakes=(
        ("supported", "check each buyer against csto_members: most Chinese deals in the table are Uzbekistan's, "
                      "which left the CSTO in 2012; for members there is one report, Kazakhstan's Wing Loong I "
                      "drones, from one undated page."),
        ("contradicted", "Kazakhstan, a member, received Chinese Wing Loong I drones (one report): the claim is "
                         "not wrong, only thinly supported."),
        ("not testable with data", "deals are facts, and the arms_diversification table records them.")))


def _russia_spending(year: int) -> float:
    ms = load("military_spending")
    row = ms[(ms["country"] == "RUS") & (ms["series"] == "primary") & (ms["year"] == year)]
    return float(row["value"].item())


@task("04.11", "how many times larger Russia's reported military spending was in 2024 than in 2021", form="do",
      objective=4, tolerance=0.01,
      hint='Keep Russia\'s rows of the primary series, then divide the 2024 value by the 2021 value.',
      mistakes=lambda: [
          (round(_russia_spending(2021) / _russia_spending(2024), 2), "that is 2021 divided by 2024: turn it round."),
          (round(100 * _russia_spending(2024) / _russia_spending(2021), 1),
           "that is a percent; the task asks how many times larger (a ratio, e.g. 1.5)."),
          (round(_russia_spending(2024) / _russia_spending(2022), 2), "that divides by 2022; the task asks for 2021."),
          (round(_russia_spending(2024) / _russia_spending(2020), 2), "that divides by 2020; the task asks for 2021.")])
def spending_ratio() -> float:
    return round(_russia_spending(2024) / _russia_spending(2021), 2)


@task("04.12", "verdict on C26: Moscow has become a less reliable provider of side payments", form="judge",
      objective=4)
def judge_c26():
    return _judge("C26", need=2, mistakes=(
        ("supported", "for one member of five the data show it: Armenia's officials report paid-for arms not "
                      "delivered (and Russia's ambassador disputes it); no other member reports a delay, and "
                      "Kazakhstan and Belarus remain among Russia's largest buyers."),
        ("contradicted", "Armenian officials report arms worth USD 250-400 million paid for and not delivered: "
                         "for Armenia the claim holds."),
        ("not testable with data", "deliveries and purchases are in the data: the claim can be tested member by "
                                   "member.")))
