"""Lesson 06 · Expand or shrink? The lesson's tables, figures, scenario tool and tasks.

The notebook does the table moves itself (filter, count, merge, share) in plain pandas;
this module keeps what would clutter it:

- proposals: :func:`occasions` dates each occasion on which someone floated a new member,
  partner or observer as most sources date it; :func:`proposal_marks` and
  :func:`draw_proposals` draw one mark per occasion, coloured by what came of it;
- other alliances: :func:`alliance_changes` dates every state's joining, leaving and
  freezing in the CSTO, GUAM, NATO and the SCO; :func:`change_marks` and
  :func:`draw_changes` draw them year by year, one panel per alliance;
- the forecast: :func:`yardstick_marks` and :func:`draw_yardsticks` count members month by
  month in two ways (formal members; members taking part) around the article's date;
- the scenario tool: :func:`pick_figures` chooses one population and one area figure per
  state by a stated rule (:data:`RULE`); :func:`scenario_totals` and the widget's function
  :func:`scenario` add up members, people, territory, spending and shared borders;
- the lesson's "Try it" tasks, whose answers are computed here from the data.

>>> totals = scenario_totals(["ARM", "RUS"])
>>> totals["members"], totals["borders"]
(2, 0)
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import FuncFormatter

from csto.data import country_names, data_dir, format_date, load, sources as load_sources
from csto.evidence import consensus_dates, date_interval
from csto.ledger import claims, judgement
from csto.membership import histories, status_after, status_on
from csto.plots import OKABE_ITO
from csto.tables import scroll
from csto.tasks import task

#: The lesson number: this module belongs to notebooks/06-*.ipynb.
LESSON = "06"

#: The widget functions of this lesson (timed by the benchmark; each must answer in < 150 ms).
WIDGETS = ("scenario",)

#: The source id of the article the course reads.
ARTICLE = "diplomat-2024-scepanovic"

__all__ = ["ARTICLE", "WIDGETS", "OUTCOME", "RULE", "FIGURE_CHOICES", "names", "article_date", "newest_date",
           "occasions", "proposal_marks", "draw_proposals", "describe_proposals", "REFUSALS", "STAYING",
           "statements", "after_article_events", "alliance_changes", "change_marks", "draw_changes",
           "yardstick_marks", "draw_yardsticks", "remark_rows", "forecast_rows", "pick_figures", "spread",
           "current_members", "candidates", "scenario_totals", "scenario", "scenario_controls"]

#: How the lesson's synthesis reads each verdict of the claims ledger.
OUTCOME = {
    "supported": "stood",
    "partly supported": "stood in part",
    "contradicted": "fell",
    "disputed": "disputed",
    "not testable with data": "beyond the data",
    "too early": "too early to tell",
    "open": "not ruled yet",
}


#: Short names where the ``countries`` table has the long official form or an older name.


def _data_key(*tables) -> tuple:
    """What identifies the current state of some data files: their paths, sizes and times of change.

    The widget's function is called on every move of a control; what it derives from the
    data is remembered under this key, so an edited file is read again.
    """
    folder = data_dir()
    out = [str(folder)]
    for name in ("datapackage", *tables):
        path = folder / (f"{name}.json" if name == "datapackage" else f"{name}.csv")
        stat = path.stat()
        out.append((name, stat.st_size, stat.st_mtime_ns))
    return tuple(out)


_MEMO: dict = {}


def _remember(key, compute):
    if key not in _MEMO:
        if len(_MEMO) > 32:
            _MEMO.clear()
        _MEMO[key] = compute()
    return _MEMO[key]


def names() -> dict:
    """ISO3 code → a short English name (:func:`csto.data.country_names`: "Iran (Islamic Republic
    of)" → "Iran", Russia shortened, North Macedonia under the name it joined NATO with, 2020)."""
    return country_names()


def article_date() -> tuple[pd.Timestamp, str]:
    """When the article was published, and how precisely the sources table knows it."""
    row = load_sources().loc[ARTICLE]
    return pd.Timestamp(row["published"]), str(row["published_precision"])


def newest_date() -> tuple[pd.Timestamp, str]:
    """The newest date of anything that happened to the CSTO's membership in the course data
    (events of the themes armenia and expansion marked actual, membership steps, proposals),
    and its precision.

    A date known only to the month or year counts from its first day, so a day later in
    the same month does not lose to it.
    """
    ev = load("events")
    ev = ev[(ev["occurrence"].astype(str) == "actual") & ev["theme"].astype(str).isin(["armenia", "expansion"])]
    rows = pd.concat([t[["date", "date_precision"]] for t in (ev, load("membership"), load("status_proposals"))])
    rows = rows.assign(rank=rows["date_precision"].astype(str).map({"day": 0, "month": 1, "year": 2}))
    best = rows.sort_values(["date", "rank"], ascending=[False, True]).iloc[0]
    return pd.Timestamp(best["date"]), str(best["date_precision"])


# --------------------------------------------------------------------------- 1. proposals

#: What came of a proposal (``status_proposals.outcome``), in words, with the style of its mark.
OUTCOME_STYLE = {
    "granted": ("granted (for the 2018 statuses: rules adopted)", OKABE_ITO["bluish green"], "^"),
    "pending": ("decided in principle, not yet done", OKABE_ITO["reddish purple"], "D"),
    "declined": ("declined", OKABE_ITO["vermillion"], "X"),
    "no_follow_up": ("no later step in any source", OKABE_ITO["orange"], "o"),
    "unknown": ("too recent, or the sources do not say", OKABE_ITO["blue"], "s"),
}

_KEEP = ["proposer", "proposer_role", "candidate", "candidate_state", "body", "status", "outcome"]


def occasions(proposals: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per occasion (``proposal_id``), dated as most of its sources date it.

    Returns columns ``proposal_id, date, date_precision, n_sources, n_dates, proposer,
    proposer_role, candidate, candidate_state, body, status, outcome``, oldest first.
    """
    proposals = load("status_proposals") if proposals is None else proposals
    out = consensus_dates(proposals, "proposal_id", keep=_KEEP)
    cols = ["proposal_id", "date", "date_precision", "n_sources", "n_dates", *_KEEP]
    return out[cols].sort_values(["date", "proposal_id"], kind="stable").reset_index(drop=True)


def _candidate_label(row, name_of: dict) -> str:
    if isinstance(row["candidate_state"], str) and row["candidate_state"]:
        who = name_of.get(row["candidate_state"], row["candidate_state"])
    elif str(row["status"]) == "new_status_category":
        who = "new observer and partner statuses"
    elif str(row["candidate"]).startswith("none named"):
        who = "no state named"
    else:
        who = str(row["candidate"]).split(" (")[0]
    where = "CSTO" if str(row["body"]) == "CSTO" else "parliamentary assembly"
    return f"{who} · {where}"


def proposal_marks(proposals: pd.DataFrame | None = None) -> pd.DataFrame:
    """What the proposals figure draws: one mark per occasion.

    Returns columns ``series, x, x_start, x_end, y, label, precision, outcome, proposal_id``:
    ``series`` is the outcome in words, ``label`` the candidate and the body (one line of the
    figure each, ``y`` from 0 at the top, in order of first appearance), ``x_start`` and
    ``x_end`` the first and last day the occasion's date can mean, ``x`` their middle.
    """
    occ = occasions(proposals)
    name_of = names()
    occ["label"] = [_candidate_label(r, name_of) for _, r in occ.iterrows()]
    order = list(dict.fromkeys(occ["label"]))
    spans = [date_interval(d, p) for d, p in zip(occ["date"], occ["date_precision"].astype(str))]
    out = pd.DataFrame({
        "series": occ["outcome"].astype(str).map(lambda o: OUTCOME_STYLE[o][0]),
        "x_start": [a for a, _ in spans], "x_end": [b for _, b in spans],
        "y": occ["label"].map(order.index), "label": occ["label"],
        "precision": occ["date_precision"].astype(str), "outcome": occ["outcome"].astype(str),
        "proposal_id": occ["proposal_id"]})
    out.insert(1, "x", out["x_start"] + (out["x_end"] - out["x_start"]) / 2)
    return out


def draw_proposals(ax, marks: pd.DataFrame):
    """One line per candidate and body; a filled mark on the day, or a hollow mark on a bar
    that spans the month or year when only that is known. Returns the ``Axes``."""
    style = {label: (colour, marker) for label, colour, marker in OUTCOME_STYLE.values()}
    for _, m in marks.iterrows():
        colour, marker = style[m["series"]]
        day = m["precision"] == "day"
        if not day:
            ax.plot([m["x_start"], m["x_end"]], [m["y"], m["y"]], color=colour, lw=3, alpha=0.45,
                    solid_capstyle="butt", marker="", zorder=2)
        ax.plot([m["x"]], [m["y"]], linestyle="none", marker=marker, ms=7.5, color=colour,
                mfc=colour if day else "white", mec=colour, mew=0.9 if day else 1.8, zorder=3)
    labels = marks.drop_duplicates("y").sort_values("y")
    ax.set_yticks(labels["y"].tolist(), labels["label"].tolist())
    ax.set_ylim(labels["y"].max() + 0.7, -0.7)
    ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlabel("date of the occasion, as most of its sources give it")
    handles = [plt.Line2D([], [], linestyle="none", marker=marker, ms=8, color=colour, label=label)
               for label, colour, marker in OUTCOME_STYLE.values() if label in set(marks["series"])]
    handles.append(plt.Line2D([0, 1], [0, 0], color="grey", lw=3, alpha=0.45, marker="o", mfc="white", mec="#555555",
                              mew=1.8, ms=7.5, label="hollow, on a bar: date known only to the month or year"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.45, -0.13), ncols=2, fontsize=8.5)
    return ax


def remark_rows() -> pd.DataFrame:
    """The rows of the secretary-general's two 2024 remarks on enlargement (task 06.2), in the
    order the lesson numbers them: by date, then source."""
    p = load("status_proposals")
    ids = ("2024-03-28-tasmagambetov-peacekeeping-driver", "2024-06-24-tasmagambetov-new-members")
    rows = p[p["proposal_id"].isin(ids)]
    return rows.sort_values(["date", "source_id"], kind="stable").reset_index(drop=True)


def describe_proposals(marks: pd.DataFrame) -> str:
    """The facts drawn in the proposals figure, written from its marks: occasions, lines, outcomes."""
    counts = marks["series"].value_counts()
    parts = "; ".join(f"{label}: {int(counts[label])}" for label, _, _ in OUTCOME_STYLE.values() if label in counts)
    return (f"Data drawn: {len(marks)} occasions on {marks['label'].nunique()} lines, from "
            f"{marks['x_start'].min().year} to {marks['x_end'].max().year}; {parts}.")


#: Events in which a candidate, or a member, said where it stood: refusals to join (section 1)
#: and members saying they would stay (section 3).
REFUSALS = ("2017-07-07-uzbekistan-rules-out-csto-return", "2019-11-01-vucic-serbia-no-csto-membership",
            "2019-12-26-uzbekistan-not-negotiating-csto", "2025-03-24-vulin-serbia-not-join-csto")
STAYING = ("2022-09-22-kyrgyzstan-not-leaving-csto", "2023-09-25-kazakhstan-denies-csto-exit-talks",
           "2023-11-23-kazakhstan-no-plans-to-leave-csto")


def statements(event_ids) -> pd.DataFrame:
    """One line per event of ``event_ids``, dated as most of its sources date it: ``when, what, sources``."""
    ev = load("events")
    rows = consensus_dates(ev[ev["event_id"].isin(list(event_ids))], keep=["title"])
    return pd.DataFrame({"when": [format_date(d, p) for d, p in zip(rows["date"], rows["date_precision"].astype(str))],
                         "what": rows["title"].tolist(), "sources": rows["n_sources"].astype(int).tolist()})


def after_article_events(themes=("armenia", "expansion")) -> pd.DataFrame:
    """The events of ``themes`` that most sources date after the article's month: one line each,
    with whether it happened (at least one source reports it as done) or was only planned.

    Columns ``when, what, status, sources, event_id``, oldest first.
    """
    ev = load("events")
    rows = ev[ev["theme"].astype(str).isin(list(themes))]
    dated = consensus_dates(rows, keep=["title"])
    end = date_interval(*article_date())[1]
    dated = dated[dated["date"] > end]
    happened = rows.groupby("event_id")["occurrence"].agg(lambda s: bool((s.astype(str) == "actual").any()))
    return pd.DataFrame({
        "when": [format_date(d, p) for d, p in zip(dated["date"], dated["date_precision"].astype(str))],
        "what": dated["title"].tolist(),
        "status": ["happened" if happened[e] else "planned or previewed" for e in dated["event_id"]],
        "sources": dated["n_sources"].astype(int).tolist(), "event_id": dated["event_id"].tolist()})


# --------------------------------------------------------------------------- 2. other alliances

#: What a membership step does to a state's place in an alliance, for the comparison figure.
#: Steps that do not change it (in_force, renewed, charter_signed, stopped_dues, announced_exit) are left out.
KIND = {"signed": "joined", "acceded": "joined", "founded": "joined", "joined": "joined", "rejoined": "joined",
        "left": "left or suspended", "withdrew": "left or suspended", "suspended": "left or suspended",
        "froze": "froze (still a member)"}

#: The alliances compared, top to bottom.
ALLIANCES = ("CSTO", "GUAM", "NATO", "SCO")

_SAME_STEP = {"acceded": "signed"}


def alliance_changes() -> pd.DataFrame:
    """Every state's joining, leaving and freezing in the CSTO, GUAM, NATO and the SCO, one
    row per state and step, dated as most sources date it (:func:`csto.evidence.consensus_dates`).

    CSTO and GUAM come from ``membership``, NATO and the SCO from ``alliance_accessions``.
    Returns columns ``alliance, country, state, event, kind, date, date_precision, year, n_sources``.
    """
    key = ("changes", _data_key("membership", "alliance_accessions", "countries"))
    return _remember(key, _alliance_changes).copy()


def _alliance_changes() -> pd.DataFrame:
    m = load("membership").rename(columns={"organization": "alliance"})
    a = load("alliance_accessions").rename(columns={"organization": "alliance"})
    rows = pd.concat([m, a], ignore_index=True)
    rows = rows[rows["event"].astype(str).isin(KIND)]
    rows = rows.assign(alliance=rows["alliance"].astype(str), step=rows["event"].astype(str).replace(_SAME_STEP))
    out = consensus_dates(rows, ["alliance", "country", "step"], keep=["event"])
    out["event"] = out["event"].astype(str)
    out["kind"] = out["event"].map(KIND)
    out["state"] = out["country"].map(names())
    out["year"] = out["date"].dt.year
    cols = ["alliance", "country", "state", "event", "kind", "date", "date_precision", "year", "n_sources"]
    return out[cols].sort_values(["alliance", "date", "country"], kind="stable").reset_index(drop=True)


def coverage() -> dict:
    """The first year for which the data holds each alliance's steps (earlier years are blank
    because the data does not cover them, not because nothing happened)."""
    changes = alliance_changes()
    return {a: int(changes.loc[changes["alliance"] == a, "year"].min()) for a in ALLIANCES}


def change_marks(first: int = 1997, last: int = 2026) -> pd.DataFrame:
    """What the comparison figure draws: per alliance, year and kind of step, how many states took it.

    Returns columns ``series, x, y, kind, n, label``: ``series`` is the alliance, ``x`` the
    year, ``y`` the number of states (negative for leaving, suspension or a freeze, so that
    bars go down), ``label`` the states' names (or their number, when more than two).
    """
    c = alliance_changes()
    c = c[(c["year"] >= first) & (c["year"] <= last)]
    g = c.groupby(["alliance", "year", "kind"], sort=False)["state"].agg(list).reset_index()
    g["n"] = g["state"].map(len)
    g["y"] = g["n"].where(g["kind"] == "joined", -g["n"])
    g["label"] = [", ".join(s) if len(s) <= 2 else f"{len(s)} states" for s in g["state"]]
    g = g.rename(columns={"alliance": "series", "year": "x"})
    g["series"] = pd.Categorical(g["series"], categories=list(ALLIANCES), ordered=True)
    g = g.sort_values(["series", "x", "kind"], kind="stable").reset_index(drop=True)
    g["series"] = g["series"].astype(str)
    return g[["series", "x", "y", "kind", "n", "label"]]


_KIND_STYLE = {"joined": dict(facecolor=OKABE_ITO["blue"]),
               "left or suspended": dict(facecolor=OKABE_ITO["vermillion"]),
               "froze (still a member)": dict(facecolor=OKABE_ITO["orange"], hatch="//", edgecolor="black", lw=0.5)}

_ALLIANCE_NAMES = {"CSTO": "Collective Security Treaty / CSTO", "GUAM": "GUAM",
                   "NATO": "NATO", "SCO": "Shanghai Cooperation Organization"}


def draw_changes(axes, marks: pd.DataFrame, first: int = 1997, last: int = 2026, starts: dict | None = None):
    """One panel per alliance: a bar up for the states that joined in a year, down for those that
    left, were suspended or froze their participation (hatched). The axis counts states both ways
    (its labels are the numbers of states, without a sign). Years the data does not cover are
    shaded grey. Returns the list of ``Axes``."""
    starts = coverage() if starts is None else starts
    axes = list(axes)
    for ax, alliance in zip(axes, ALLIANCES):
        m = marks[marks["series"] == alliance]
        start = starts.get(alliance, first)
        if start > first:
            ax.axvspan(first - 0.5, start - 0.5, color="#999999", alpha=0.18, lw=0)
            ax.text(first - 0.3, 11.5, "not covered by the data", fontsize=8, color="#444444", va="top")
        for _, row in m.iterrows():
            ax.bar(row["x"], row["y"], width=0.8, **_KIND_STYLE[row["kind"]])
            above = row["y"] > 0
            ax.text(row["x"], row["y"] + (0.4 if above else -0.6), row["label"], rotation=90, fontsize=7.5,
                    ha="center", va="bottom" if above else "top", color="#222222")
        ax.axhline(0, color="black", lw=0.8)
        ax.set_ylim(-9, 12.5)
        ax.set_yticks([-6, -3, 0, 3, 6, 9])
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):g}"))
        ax.set_ylabel("states in\n↑ out ↓", fontsize=9)
        ax.set_title(_ALLIANCE_NAMES[alliance], fontsize=10, loc="left")
        ax.set_xlim(first - 0.6, last + 0.6)
    axes[-1].set_xlabel("year (a step is counted in the year most sources give for it)")
    handles = [plt.Rectangle((0, 0), 1, 1, label=k, **_KIND_STYLE[k]) for k in _KIND_STYLE
               if k in set(marks["kind"])]
    axes[0].legend(handles=handles, loc="upper right", fontsize=8.5, ncols=len(handles))
    return axes


# --------------------------------------------------------------------------- 3. the forecast

#: The two ways of counting members compared in section 3, with the statuses each counts.
YARDSTICKS = {"formal members (taking part or frozen)": ("member", "frozen"),
              "members taking part": ("member",)}


def yardstick_marks(first: str = "2020-01", last: str | None = None) -> pd.DataFrame:
    """CSTO members at the end of each month from ``first`` to ``last`` (default: the month of
    the newest date in the data), counted both ways of :data:`YARDSTICKS`.

    Each state's status follows lesson 00's rules (:func:`csto.membership.status_after` on its
    steps as most sources date them). Returns columns ``series, x, y``: ``x`` is the month's last day.
    """
    if last is None:
        newest, _ = newest_date()
        last = newest.strftime("%Y-%m")
    months = pd.date_range(pd.Timestamp(first), pd.Timestamp(last) + pd.offsets.MonthEnd(0), freq="ME")
    steps = histories(load("membership"), "CSTO")
    rows = []
    for end in months:
        status = [status_after(h, end) for h in steps.values()]
        for series, counted in YARDSTICKS.items():
            rows.append((series, end, sum(s in counted for s in status)))
    return pd.DataFrame(rows, columns=["series", "x", "y"])


def draw_yardsticks(ax, marks: pd.DataFrame, article: pd.Timestamp, newest: pd.Timestamp):
    """Two step lines, one per way of counting, with the article's month and the newest date
    marked. The formal count is a broad pale line and the count of members taking part a thin
    dark one on top, so where they are equal both stay visible. Returns the ``Axes``."""
    styles = {"formal members (taking part or frozen)": dict(color=OKABE_ITO["sky blue"], lw=7, alpha=0.7),
              "members taking part": dict(color=OKABE_ITO["blue"], lw=1.8)}
    for series, style in styles.items():
        m = marks[marks["series"] == series]
        ax.step(m["x"], m["y"], where="post", marker="", label=series, **style)
    for when, text in ((article, f"the article ({article:%B %Y})"), (newest, f"newest source ({newest:%B %Y})")):
        ax.axvline(when, color="#444444", ls="--", lw=1)
        ax.annotate(text, (when, 0.4), xytext=(-4, 0), textcoords="offset points", fontsize=8.5, color="#222222",
                    ha="right", va="bottom", rotation=90)
    ax.set_ylim(0, 7.5)
    ax.set_ylabel("member states")
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlabel("status at the end of each month (a tick marks 1 January)")
    ax.legend(loc="lower left", fontsize=8.5)
    return ax


#: The rows shown for the judge task on the main prediction (06.11): (table, source, what the row is about).
_FORECAST = (("membership", "rt-2024-armenia-suspends-pact", "froze"),
             ("membership", "devdiscourse-2024-armenia-exit-pact", "announced_exit"),
             ("events", "meduza-2024-armenia-outside-csto", "2024-12-04-pashinyan-outside-csto-no-return"),
             ("events", "tass-2025-lavrov-armenia-full-member", "2025-06-30-lavrov-armenia-full-member"),
             ("events", "reportaz-2025-safaryan-exit-not-discussed", "2025-11-26-safaryan-exit-not-on-agenda"))

_STEP_WORDS = {"froze": "Armenia freezes its participation in the CSTO",
               "announced_exit": "Pashinyan tells parliament that Armenia will leave the CSTO"}


def forecast_rows() -> pd.DataFrame:
    """The rows behind the ledger's verdict on the main prediction, numbered by date: Armenia's
    steps and words, and Moscow's answer. Columns ``date, date_precision, what, publisher, source_id``."""
    m, ev = load("membership"), load("events")
    out = []
    for table, source, key in _FORECAST:
        if table == "membership":
            row = m[(m["source_id"] == source) & (m["country"] == "ARM") & (m["event"].astype(str) == key)].iloc[0]
            what = _STEP_WORDS[key]
        else:
            row = ev[(ev["source_id"] == source) & (ev["event_id"] == key)].iloc[0]
            what = row["title"]
        out.append((row["date"], str(row["date_precision"]), what, source))
    table = pd.DataFrame(out, columns=["date", "date_precision", "what", "source_id"])
    table = table.merge(load_sources()[["publisher"]], left_on="source_id", right_index=True)
    return table.sort_values("date", kind="stable").reset_index(drop=True)[
        ["date", "date_precision", "what", "publisher", "source_id"]]


# --------------------------------------------------------------------------- 4. the scenario tool

#: Kinds of source, most authoritative first: the rule prefers a figure nearer to a body that measures.
SOURCE_RANK = ("government", "national_statistics", "un", "world_bank", "factbook_copy", "encyclopedia",
               "reference_site")

#: The rule that picks one figure per state and measure (shown in the lesson).
RULE = ("population: the most recent year; area: the most authoritative kind of source "
        "(government, national statistics, UN, World Bank, a Factbook copy, an encyclopedia, then a "
        "reference site); then, for either, the more authoritative kind; on a remaining tie, the smaller "
        "figure, which leaves out territory whose status is disputed (Crimea, Kosovo)")

#: The widget's choice of figures: the rule's pick, or each state's lowest or highest figure.
FIGURE_CHOICES = ("the rule's pick", "each state's lowest figure", "each state's highest figure")


def pick_figures(facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """One population and one area figure per state, chosen by :data:`RULE`, with how many
    figures the sources give and the lowest and highest of them.

    Returns columns ``country, measure, value, year, source_type, source_id, n_figures, lowest,
    highest``, one row per state and measure.
    """
    if facts is None:
        return _remember(("picks", _data_key("country_facts")), lambda: _pick(load("country_facts"))).copy()
    key = ("picks", pd.util.hash_pandas_object(facts, index=False).to_numpy().tobytes())
    return _remember(key, lambda: _pick(facts)).copy()


def _pick(facts: pd.DataFrame) -> pd.DataFrame:
    f = facts.assign(measure=facts["measure"].astype(str), source_type=facts["source_type"].astype(str))
    f["rank"] = f["source_type"].map({s: i for i, s in enumerate(SOURCE_RANK)}).fillna(len(SOURCE_RANK))
    # population: the most recent year first; area: no year, so the kind of source decides
    f["recent"] = (-f["year"].astype("Float64").fillna(0)).where(f["measure"] == "population", 0).astype(float)
    best = f.sort_values(["country", "measure", "recent", "rank", "value"], kind="stable").drop_duplicates(
        ["country", "measure"])
    stats = f.groupby(["country", "measure"])["value"].agg(n_figures="nunique", lowest="min", highest="max")
    out = best.merge(stats.reset_index(), on=["country", "measure"])
    out = out.assign(value=out["value"].astype(float), lowest=out["lowest"].astype(float),
                     highest=out["highest"].astype(float), n_figures=out["n_figures"].astype(int))
    return out[["country", "measure", "value", "year", "source_type", "source_id", "n_figures", "lowest",
                "highest"]].sort_values(["country", "measure"]).reset_index(drop=True)


def spread(facts: pd.DataFrame | None = None, measure: str = "population") -> pd.DataFrame:
    """Per state: the figure the rule picks for ``measure``, the lowest and highest any source
    gives, and how many different figures there are. Names, not codes; largest gap first."""
    p = pick_figures(facts)
    p = p[p["measure"] == measure]
    out = pd.DataFrame({"state": p["country"].map(names()), "picked": p["value"].round().astype("int64"),
                        "year": p["year"].astype("Int64"), "kind of source": p["source_type"].str.replace("_", " "),
                        "figures": p["n_figures"], "lowest": p["lowest"].round().astype("int64"),
                        "highest": p["highest"].round().astype("int64")})
    out = out.assign(gap=(out["highest"] - out["lowest"]) / out["lowest"])
    return out.sort_values(["gap", "state"], ascending=[False, True]).drop(columns="gap").reset_index(drop=True)


def current_members(when=None) -> list[str]:
    """The CSTO's formal members (taking part or frozen) at ``when`` (default: the end of the
    month of the newest date in the data), as ISO3 codes."""
    def compute():
        at = when
        if at is None:
            newest, precision = newest_date()
            at = date_interval(newest, precision)[1]
        s = status_on(load("membership"), at)
        return sorted(s.loc[s["status"].astype(str).isin(["member", "frozen"]), "country"])
    key = ("members", None if when is None else pd.Timestamp(when),
           _data_key("membership", "events", "status_proposals"))
    return list(_remember(key, compute))


def candidates() -> list[str]:
    """States the scenario tool can add: those with population and area figures that are not members."""
    facts = load("country_facts")
    both = facts.groupby("country")["measure"].agg(lambda s: set(s.astype(str)) >= {"population", "area_km2"})
    members = set(current_members())
    return sorted(c for c, ok in both.items() if ok and c not in members)


def spending_year(spending: pd.DataFrame, states) -> int:
    """The latest year in which SIPRI's primary series (in US dollars) covers the most of ``states``."""
    p = spending[(spending["series"].astype(str) == "primary") & spending["country"].isin(list(states))]
    counts = p.groupby("year")["country"].nunique()
    if counts.empty:
        raise ValueError("no primary spending figure for any of these states")
    return int(counts[counts == counts.max()].index.max())


_TO_MILLION = {"USD million": 1, "USD billion": 1000}


def _spending(spending: pd.DataFrame, states, year: int) -> dict:
    p = spending[(spending["series"].astype(str) == "primary") & (spending["year"] == year)
                 & spending["country"].isin(list(states))]
    unknown = sorted(set(p["unit"].astype(str)) - set(_TO_MILLION))
    if unknown:
        raise ValueError(f"primary spending in a unit the tool cannot convert: {unknown}")
    values = {c: float(v) * _TO_MILLION[u] for c, v, u in zip(p["country"], p["value"], p["unit"].astype(str))}
    return values


def _pairs(borders: pd.DataFrame) -> set:
    return {tuple(sorted(p)) for p in zip(borders["country_a"], borders["country_b"])}


def scenario_totals(states, *, figures: str = FIGURE_CHOICES[0], facts: pd.DataFrame | None = None,
                    borders: pd.DataFrame | None = None, spending: pd.DataFrame | None = None,
                    year: int | None = None) -> dict:
    """What a set of member states adds up to.

    Parameters
    ----------
    states : iterable of str
        ISO3 codes of the members in the scenario.
    figures : one of :data:`FIGURE_CHOICES`
        Which population and area figure to take for each state.
    facts, borders, spending : DataFrame, optional
        The ``country_facts``, ``borders`` and ``military_spending`` tables (loaded when not given;
        tests pass hand-made ones).
    year : int, optional
        The spending year (default: :func:`spending_year` for ``states``, or the year passed).

    Returns
    -------
    dict
        ``members`` (count), ``population``, ``area_km2`` (sums; a state without a figure raises),
        ``borders`` (pairs of members sharing a land border in any source), ``alone`` (members
        bordering no other member), ``spending`` (USD million, the sum of the states that have a
        figure), ``spending_known`` and ``spending_missing`` (codes), ``year``.
    """
    states = sorted(dict.fromkeys(states))
    if figures not in FIGURE_CHOICES:
        raise ValueError(f"figures must be one of {list(FIGURE_CHOICES)}, not {figures!r}")
    column = {FIGURE_CHOICES[0]: "value", FIGURE_CHOICES[1]: "lowest", FIGURE_CHOICES[2]: "highest"}[figures]
    picks = pick_figures(facts).set_index(["country", "measure"])[column]
    totals = {}
    for measure in ("population", "area_km2"):
        missing = [s for s in states if (s, measure) not in picks.index]
        if missing:
            raise ValueError(f"no {measure} figure for {missing}")
        totals[measure] = float(sum(picks[(s, measure)] for s in states))
    pairs = _pairs(load("borders") if borders is None else borders)
    inside = sorted(p for p in pairs if p[0] in states and p[1] in states)
    touching = {c for p in inside for c in p}
    spending = load("military_spending") if spending is None else spending
    if year is None:
        try:
            year = spending_year(spending, states)
        except ValueError:
            year = None
    known = _spending(spending, states, year) if year is not None else {}
    return {"members": len(states), "population": totals["population"], "area_km2": totals["area_km2"],
            "borders": len(inside), "border_pairs": inside, "alone": [s for s in states if s not in touching],
            "spending": float(sum(known.values())), "spending_known": sorted(known),
            "spending_missing": [s for s in states if s not in known], "year": year}


def _listing(codes, name_of) -> str:
    words = [name_of.get(c, c) for c in codes]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _who(leave, join, name_of) -> str:
    parts = []
    if leave:
        parts.append(f"{_listing(leave, name_of)} {'leaves' if len(leave) == 1 else 'leave'}")
    if join:
        parts.append(f"{_listing(join, name_of)} {'joins' if len(join) == 1 else 'join'}")
    return " and ".join(parts) if parts else "no one leaves or joins"


def _signed(x: float) -> str:
    return "0" if x == 0 else f"{x:+,.0f}".replace("-", "−")


def scenario(leave=("ARM",), join=(), figures: str = FIGURE_CHOICES[0], *, members=None,
             facts: pd.DataFrame | None = None, borders: pd.DataFrame | None = None,
             spending: pd.DataFrame | None = None):
    """The widget's view: the CSTO now and in a what-if scenario (who leaves, who joins), side by side.

    A thinking tool, not a forecast: it adds up the figures of the states in each set, nothing more.
    ``members`` is the starting set (default: :func:`current_members`); the tables can be passed
    as for :func:`scenario_totals`. Spending is compared for one year, the one in which SIPRI's
    primary series covers most of the states now in the CSTO, and says which states lack a figure.
    """
    name_of = names()
    borders = load("borders") if borders is None else borders
    now = sorted(current_members() if members is None else members)
    leave = sorted(c for c in dict.fromkeys(leave or ()) if c in now)
    join = sorted(c for c in dict.fromkeys(join or ()) if c not in now)
    after = sorted((set(now) - set(leave)) | set(join))
    spending = load("military_spending") if spending is None else spending
    year = spending_year(spending, now)
    kw = dict(figures=figures, facts=facts, borders=borders, spending=spending, year=year)
    a, b = scenario_totals(now, **kw), scenario_totals(after, **kw)

    def known(t):
        return f"{t['spending']:,.0f} (figures for {len(t['spending_known'])} of {t['members']})"

    def alone(t):
        return f"{len(t['alone'])} ({_listing(t['alone'], name_of)})" if t["alone"] else "0"

    table = pd.DataFrame({
        "measure": ["member states", "people", "area, km²", f"military spending {year}, USD million (SIPRI)",
                    "pairs of members with a shared land border", "members bordering no other member"],
        "CSTO now": [str(a["members"]), f"{a['population']:,.0f}", f"{a['area_km2']:,.0f}", known(a),
                     str(a["borders"]), alone(a)],
        "this scenario": [str(b["members"]), f"{b['population']:,.0f}", f"{b['area_km2']:,.0f}", known(b),
                          str(b["borders"]), alone(b)],
        "change": [_signed(b["members"] - a["members"]), _signed(b["population"] - a["population"]),
                   _signed(b["area_km2"] - a["area_km2"]),
                   _signed(b["spending"] - a["spending"]) + " (of the known figures)",
                   _signed(b["borders"] - a["borders"]), _signed(len(b["alone"]) - len(a["alone"]))],
    })
    missing = _listing(b["spending_missing"], name_of) or "none"
    sentence = (f"🧭 A thinking tool, not a forecast. If {_who(leave, join, name_of)}: {b['members']} members, "
                f"{b['population'] / 1e6:,.1f} million people, {b['area_km2'] / 1e6:,.2f} million km², "
                f"{b['borders']} shared land borders. Figures: {figures}; no SIPRI spending figure for {year}: "
                f"{missing}.")
    return scroll(table, sentence)


def scenario_controls() -> dict:
    """The widget's controls: who leaves (the members, by name), who joins (the candidates, by
    name) and which figures to use. Hold Ctrl (⌘ on a Mac) to pick several states."""
    import ipywidgets as w

    from csto.widgets import choice, labelled

    name_of = names()
    now = current_members()
    layout = w.Layout(width="15rem")
    style = {"description_width": "initial"}
    leave = w.SelectMultiple(options=labelled(now, name_of), value=("ARM",), rows=len(now),
                             description="Who leaves", layout=layout, style=style)
    join = w.SelectMultiple(options=labelled(candidates(), name_of), value=(), rows=len(now),
                            description="Who joins", layout=layout, style=style)
    return {"leave": leave, "join": join, "figures": choice(list(FIGURE_CHOICES), FIGURE_CHOICES[0], "Figures")}


# --------------------------------------------------------------------------- tasks

def _proposals() -> pd.DataFrame:
    return load("status_proposals")


@task("06.1", "different states named as possible members, partners or observers, in either body", form="do",
      objective=1,
      hint='Count the distinct values of "candidate_state" with .nunique() (empty cells are not counted).',
      mistakes=lambda: [
          (int(_proposals()["candidate_state"].notna().sum()),
           "that counts rows that name a state; several sources report one occasion, and one state can be named "
           "on several occasions. Count distinct states with .nunique()."),
          (int(_proposals().loc[_proposals()["candidate_state"].notna(), "proposal_id"].nunique()),
           "that counts occasions that named a state; Iran and Uzbekistan were named more than once. Count "
           "distinct states."),
          (int(_proposals()["proposal_id"].nunique()),
           "that counts every occasion, including remarks that named no state.")])
def states_named() -> int:
    return int(_proposals()["candidate_state"].nunique())


@task("06.2", "judge C01: in June 2024 the secretary-general said he expected membership to grow", form="judge",
      objective=1)
def judge_c01():
    return judgement("C01", remark_rows()["source_id"].tolist(), mistakes=(
        ("supported", "he did raise enlargement, but read the words TASS prints: tensions 'may require' a broader "
                      "role and 'possibly' new members. 'Foresaw ... expanding' is firmer than that."),
        ("contradicted", "the June 2024 rows show he did speak of possible new members; the claim is too firm, "
                         "not wrong."),
        ("not testable with data", "the rows record what he said and when: the claim can be checked against them.")))


def _granted_since_2018() -> int:
    p = _proposals()
    rows = p[(p["body"].astype(str) == "CSTO") & p["status"].astype(str).isin(["observer", "partner", "observer_or_partner"])
             & (p["outcome"].astype(str) == "granted") & (p["date"] >= "2018-11-08")]
    return int(rows["candidate_state"].nunique())


@task("06.3", "states granted observer or partner status at the CSTO itself since the 2018 rules", form="predict",
      objective=1,
      hint="A remark or an invitation is not a status. Look for rows whose outcome is granted, at the CSTO (not its "
           "parliamentary assembly), for an observer or partner status.",
      model="None. The rules were adopted in November 2018, officials said several times that states were "
            "interested (2019, 2020), but no source in the data reports any state receiving either status. "
            "Serbia's and Afghanistan's observer seats (2013) are in the parliamentary assembly, a different body.")
def granted_since_2018() -> int:
    return _granted_since_2018()


def _nato_joins(first_year: int = 2002) -> pd.DataFrame:
    a = load("alliance_accessions")
    return a[(a["organization"].astype(str) == "NATO") & (a["event"].astype(str) == "joined")
             & (a["date"].dt.year >= first_year)]


@task("06.4", "states that joined NATO from 2002 (the year the CSTO became an organization) to 2026", form="do",
      objective=2,
      hint='Filter accessions: organization "NATO", event "joined", date year 2002 or later; then count distinct '
           '"country" values with .nunique().',
      mistakes=lambda: [
          (len(_nato_joins()), "that counts rows: most accessions are reported by two or three sources. Count "
                               "distinct states with .nunique()."),
          (int(_nato_joins(1999)["country"].nunique()), "that includes the three states that joined in 1999, before "
                                                        "2002."),
          (int(_nato_joins()["country"].nunique()) + int(load("alliance_accessions").query(
              "organization == 'SCO' and event == 'joined'")["country"].nunique()),
           "that adds the SCO's new members; keep only NATO.")])
def nato_joins_since_2002() -> int:
    return int(_nato_joins()["country"].nunique())


def _nato_years(first: int) -> int:
    c = alliance_changes()
    return int(c[(c["alliance"] == "NATO") & (c["kind"] == "joined") & (c["year"] >= first)]["year"].nunique())


@task("06.5", "years from 2002 on in which NATO took in at least one state", form="read", objective=2,
      hint="In the NATO panel, count the bars that go up, from 2002 to the right edge.",
      mistakes=lambda: [
          (_nato_years(1997), "that includes 1999, before 2002."),
          (nato_joins_since_2002(), "that counts states; the task asks for years with at least one bar.")])
def nato_years_since_2002() -> int:
    return _nato_years(2002)


def _status_at_article() -> pd.Series:
    when = date_interval(*article_date())[0]
    return status_on(load("membership"), when)["status"].astype(str)


@task("06.6", "CSTO members taking part (not frozen) in the month the article appeared", form="do", objective=3,
      hint='Count the rows of on_article whose "status" is "member": (on_article["status"] == "member").sum().',
      mistakes=lambda: [
          (len(_status_at_article()), "that counts every state that ever took a step, including those that left; "
                                      "keep the rows whose status is member."),
          (int(_status_at_article().isin(["member", "frozen"]).sum()),
           "that also counts Armenia, which had frozen its participation in February 2024, before the article: "
           "that is the number of formal members, not of members taking part.")])
def taking_part_at_article() -> int:
    return int((_status_at_article() == "member").sum())


_WHEN = ("before the article", "after the article", "never")


@task("06.7", "when the CSTO last lost a member taking part, compared with the article's date", form="predict",
      objective=3, choices=_WHEN,
      hint="Which of Armenia's steps took it out of the members taking part, and when was it?",
      model="Before the article. Counted as members taking part, the CSTO went from six to five when Armenia froze "
            "its participation in February 2024, some five months before the article. Counted as formal members, "
            "it has had six since 2012 and still had six at the newest source. A forecast made in July 2024 is "
            "judged on what happened after it was made.")
def last_loss() -> str:
    steps = histories(load("membership"), "CSTO")
    # a loss of a member taking part: a step after which a state that was taking part no longer is
    losses = [date for h in steps.values() for date, _ in h
              if status_after(h, date - pd.Timedelta(days=1)) == "member" and status_after(h, date) != "member"]
    if not losses:
        return "never"
    article = date_interval(*article_date())[0]
    return "before the article" if max(losses) < article else "after the article"


def _kgz_population() -> pd.Series:
    f = load("country_facts")
    return f[(f["country"] == "KGZ") & (f["measure"].astype(str) == "population")]["value"]


@task("06.8", "how many percent Kyrgyzstan's highest population figure lies above its lowest", form="do",
      objective=4, tolerance=0.1, percent=True,
      hint="Take Kyrgyzstan's population rows, then (highest − lowest) / lowest × 100.",
      mistakes=lambda: [
          (round(100 * (_kgz_population().max() - _kgz_population().min()) / _kgz_population().max(), 1),
           "that divides by the highest figure; the task measures the gap from the lowest."),
          (float(_kgz_population().max() - _kgz_population().min()),
           "that is the gap in people; give it in percent of the lowest figure."),
          (round(100 * _kgz_population().max() / _kgz_population().min(), 1),
           "that is the highest as a percent of the lowest; subtract 100 to get how many percent above it.")])
def kgz_spread() -> float:
    v = _kgz_population()
    return float(100 * (v.max() - v.min()) / v.min())


@task("06.9", "pairs of members with a shared land border if Kazakhstan left and no one joined", form="read",
      objective=4,
      hint="Select Kazakhstan alone under 'Who leaves' (or run scenario(['KAZ'])) and read the row of shared "
           "land borders.",
      mistakes=lambda: [
          (scenario_totals(current_members())["borders"],
           "that is the count with Kazakhstan still in; select Kazakhstan under 'Who leaves'."),
          (scenario_totals(current_members())["borders"] - 1,
           "Kazakhstan borders more than one member: remove every pair it is part of.")])
def borders_without_kazakhstan() -> int:
    return int(scenario_totals([c for c in current_members() if c != "KAZ"])["borders"])


def _article_claims() -> pd.DataFrame:
    c = claims()
    return c[c["source"] == "article"]


@task("06.10", "percent of the article's own claims (not the summary's) that the ledger rules supported",
      form="do", objective=5, tolerance=0.1, percent=True,
      hint='Keep the rows whose "source" is "article", then take the share whose "verdict" is "supported", times 100.',
      mistakes=lambda: [
          (round(100 * (claims()["verdict"].astype(str) == "supported").mean(), 1),
           "that includes the Geopolist summary's claims; keep the rows whose source is article."),
          (round(100 * (_article_claims()["verdict"].astype(str) == "supported").sum()
                 / (_article_claims()["verdict"].astype(str) != "open").sum(), 1),
           "that leaves out the claims not ruled yet; the task asks for a share of all the article's claims."),
          (round(100 * _article_claims()["verdict"].astype(str).isin(["supported", "partly supported"]).mean(), 1),
           "that also counts 'partly supported'; the task asks for claims that stood in full.")])
def article_supported_pct() -> float:
    a = _article_claims()
    return float(100 * (a["verdict"].astype(str) == "supported").mean())


@task("06.11", "judge C21, the article's main prediction: rather than grow, the CSTO is poised to shrink",
      form="judge", objective=(3, 5))
def judge_c21():
    return judgement("C21", forecast_rows()["source_id"].tolist(), mistakes=(
        ("supported", "no member has formally left: Armenia froze, stopped paying and said it would leave, but sent no "
                      "notice, Moscow still counts it a full member and its deputy foreign minister said leaving was "
                      "not on the agenda. The freeze came before the article; nothing that happened after it has yet "
                      "made the bloc smaller."),
        ("contradicted", "nothing shows the bloc will not shrink: Armenia still says it considers itself outside and "
                         "may leave. A forecast with no horizon cannot be refuted yet."),
        ("partly supported", "part of a forecast stands only when part of what it foresaw has happened after it was "
                             "made; the freeze (the first row) came before the article, and nothing has changed "
                             "since."),
        ("not testable with data", "a formal exit would be a row of the membership table: the forecast is testable, "
                                   "its time has just not come.")))
