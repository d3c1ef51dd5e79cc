"""Lesson 01 · Origins: who was in which bloc when, what each source says, and the tasks.

The status rule (what a signature, a freeze or an exit does to a state's status, and
which date of a step counts) lives in :mod:`csto.membership` and is only *used* here,
through its public functions (:func:`~csto.membership.consensus`,
:func:`~csto.membership.histories`, :func:`~csto.membership.status_after`,
:func:`~csto.membership.status_in_year`, :func:`~csto.membership.status_matrix`).
Dating a step as most sources date it is :func:`csto.evidence.consensus_dates`.

What this module adds for lesson 01:

- :func:`status_table`: each state's status in the treaty and in GUAM at the end of a year;
- :func:`members_marks` and :func:`draw_members`: the lesson's figure (what to draw, then drawing);
- :func:`year_view` and :func:`country_view`: the two widgets' pure functions (listed in
  :data:`WIDGETS`);
- :func:`evidence_table`: rows shown to a student for a judge task, numbered from 1;
- the lesson's *Try it* tasks, whose answers are computed from the data.

>>> t = status_table(1998).set_index("country")
>>> t.loc[["AZE", "UKR"], ["CSTO", "GUAM"]].values.tolist()
[['member', 'member'], ['never', 'member']]
"""

from __future__ import annotations

import pandas as pd

from csto.data import allowed, country_names, format_date, load
from csto.evidence import attach_sources, consensus_dates
from csto.ledger import judgement
from csto.membership import STEP_WORDS, consensus, histories, status_after, status_in_year, status_matrix
from csto.plots import OKABE_ITO
from csto.tables import Shown, scroll
from csto.tasks import task

#: The lesson number: this module belongs to notebooks/01-*.ipynb.
LESSON = "01"

#: The widgets' pure functions (the benchmark times each one).
WIDGETS = ("year_view", "country_view")

__all__ = ["ORGANIZATIONS", "ORGANIZATION_NAMES", "STEP_WORDS", "WIDGETS", "country_names",
           "status_table", "members_marks", "draw_members", "year_view", "country_view",
           "evidence_table", "bargain_table", "C07_ROWS", "SEPT_2008_ROWS", "BARGAIN_ROWS", "STANCE_WORDS"]

#: The organizations of the membership table, read from its schema.
ORGANIZATIONS = tuple(allowed("membership", "organization"))
#: How the lesson names each organization in tables, controls and figures.
ORGANIZATION_NAMES = {"CSTO": "Collective Security Treaty / CSTO", "GUAM": "GUAM"}
#: The article's own source id.
ARTICLE = "diplomat-2024-scepanovic"
#: RIA Novosti's March 2008 report that Uzbekistan's parliament ratified its return.
RIA_2008 = "riano-2008-uzbekistan-formalizes-return"


def _check_org(organization: str) -> None:
    if organization not in ORGANIZATIONS:
        raise ValueError(f"organization must be one of {list(ORGANIZATIONS)}, not {organization!r}")


def _regions() -> dict:
    countries = load("countries")
    return dict(zip(countries["iso3"], countries["region"].astype(str)))


# ---- statuses --------------------------------------------------------------------------

def status_table(year: int, membership: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each state's status in the treaty (``CSTO``) and in ``GUAM`` at the end of ``year``.

    One row per state that ever took a step in either organization; ``never`` where a
    state took no step in an organization at all. The statuses are
    :func:`csto.membership.status_in_year`'s.

    Parameters
    ----------
    year : int
    membership : DataFrame, optional
        The membership table, or a filtered copy of it (the course table when not given).

    Returns
    -------
    DataFrame
        ``country, state, CSTO, GUAM``, sorted by state.

    Examples
    --------
    >>> status_table(2003).set_index("state").loc["Uzbekistan", ["CSTO", "GUAM"]].tolist()
    ['out', 'frozen']
    """
    membership = load("membership") if membership is None else membership
    names = country_names()
    columns = {}
    for org in ORGANIZATIONS:
        s = status_in_year(membership, int(year), org)
        columns[org] = dict(zip(s["country"], s["status"].astype(str)))
    codes = sorted(set().union(*columns.values()), key=lambda c: names.get(c, c))
    out = pd.DataFrame({"country": codes, "state": [names.get(c, c) for c in codes]})
    for org in ORGANIZATIONS:
        out[org] = [columns[org].get(c, "never") for c in codes]
    return out


def _changes(matrix: pd.DataFrame, names: dict) -> dict:
    """Year → who changed status since the year before, in words."""
    labels = {}
    years = list(matrix.columns)
    for before, year in zip(years, years[1:]):
        parts = []
        for status, text in (("member", "+ {}"), ("frozen", "{} froze"), ("out", "− {}")):
            moved = matrix.index[(matrix[year] == status) & (matrix[before] != status)]
            if status == "member":  # a frozen member taking part again is not a new member
                moved = [c for c in moved if matrix.loc[c, before] == "out"]
            if len(moved):
                parts.append(text.format(", ".join(sorted(names.get(c, c) for c in moved))))
        if parts:
            labels[year] = "; ".join(parts)
    return labels


def members_marks(first: int = 1992, last: int = 2026, membership: pd.DataFrame | None = None) -> pd.DataFrame:
    """What the lesson's figure draws: per organization and year, members taking part and frozen members.

    Each organization starts in the first year it had a member (no marks before GUAM
    existed). ``label`` names, in words, who joined (+), left (−) or froze that year;
    it is set on the "members taking part" row only.

    Returns
    -------
    DataFrame
        ``organization, series, x, y, label``: one row per organization, series and year
        (status on 31 December).

    Examples
    --------
    >>> marks = members_marks(1992, 2026)
    >>> guam = marks[marks["organization"] == "GUAM"]
    >>> int(guam["x"].min()), guam.loc[guam["x"] == 1999, "label"].iloc[0]
    (1997, '+ Uzbekistan')
    """
    membership = load("membership") if membership is None else membership
    names = country_names()
    rows = []
    for org in ORGANIZATIONS:
        matrix = status_matrix(membership, int(first) - 1, int(last), org)
        labels = _changes(matrix, names)
        started = False
        for year in range(int(first), int(last) + 1):
            member = int((matrix[year] == "member").sum())
            frozen = int((matrix[year] == "frozen").sum())
            started = started or member + frozen > 0
            if not started:
                continue
            name = ORGANIZATION_NAMES[org]
            label = labels.get(year, "") if year > first else ""
            rows.append((org, f"{name}: members taking part", year, member, label))
            rows.append((org, f"{name}: frozen members", year, frozen, ""))
    marks = pd.DataFrame(rows, columns=["organization", "series", "x", "y", "label"])
    return marks.sort_values(["organization", "series", "x"], ascending=[True, False, True], kind="stable") \
        .reset_index(drop=True)


#: Panel titles of the figure.
PANEL_TITLES = {"CSTO": "Collective Security Treaty (from 2002 the CSTO)",
                "GUAM": "GUAM (GUUAM while Uzbekistan belonged)"}


def _label_spans(xs, texts, years_per_char: float = 0.33, right_from: float = 2015) -> list[tuple[float, float]]:
    """The stretch of years each label's text covers (near the right edge the text runs leftwards)."""
    spans = []
    for x, text in zip(xs, texts):
        width = len(text) * years_per_char
        spans.append((x + 0.4 - width, x + 0.4) if x > right_from else (x - 0.4, x - 0.4 + width))
    return spans


def _label_levels(xs, texts, years_per_char: float = 0.33) -> list[int]:
    """A text line for each label, lowest first, so that no two labels overlap and no label's
    leader line (drawn up from its bar) runs through another label's text.

    A label whose text stretches over another label's year sits above that label; labels whose
    texts would overlap sit on different lines.

    >>> _label_levels([1997, 1999, 2002, 2005], ["+ four states", "+ Uzbekistan", "Uzbekistan froze", "- Uzbekistan"])
    [3, 2, 1, 0]
    >>> _label_levels([1993, 2006], ["+ three states", "+ Uzbekistan"])
    [0, 0]
    """
    xs = [float(x) for x in xs]
    spans = _label_spans(xs, texts, years_per_char)
    covers = [[j for j, x in enumerate(xs) if j != i and spans[i][0] - 0.3 <= x <= spans[i][1] + 0.3]
              for i in range(len(xs))]
    levels: dict[int, int] = {}

    def place(i, path=()):
        if i in levels:
            return levels[i]
        below = [place(j, path + (i,)) for j in covers[i] if j not in path]
        level = max(below, default=-1) + 1
        while any(levels.get(k) == level and spans[k][0] < spans[i][1] + 0.3 and spans[i][0] < spans[k][1] + 0.3
                  for k in levels):
            level += 1
        levels[i] = level
        return level

    for i in range(len(xs)):
        place(i)
    return [levels[i] for i in range(len(xs))]


def draw_members(ax, marks: pd.DataFrame, organization: str = "CSTO", *, legend: bool = True):
    """Stacked bars for one organization: members taking part, frozen members hatched on top.

    Each change is named in words on a line above the bars, joined to its year by a thin
    line. Returns the ``Axes``.
    """
    _check_org(organization)
    mine = marks[marks["organization"] == organization]
    part = mine[mine["series"].str.endswith("members taking part")].set_index("x")
    frozen = mine[mine["series"].str.endswith("frozen members")].set_index("x")["y"].reindex(part.index, fill_value=0)
    ax.bar(part.index, part["y"], width=0.8, color=OKABE_ITO["blue"], label="members taking part")
    ax.bar(frozen.index, frozen.values, bottom=part["y"].values, width=0.8, color=OKABE_ITO["orange"],
           hatch="//", edgecolor="black", lw=0.5, label="members that froze their participation")
    labelled = part[part["label"] != ""]
    levels = _label_levels(labelled.index, labelled["label"])
    for (year, row), level in zip(labelled.iterrows(), levels):
        top = row["y"] + frozen.loc[year]
        y = 10.3 + 1.9 * level
        right = year > 2015  # near the right edge, the text runs leftwards
        ax.plot([year, year], [top + 0.15, y - 0.2], color="#555555", lw=0.7, marker="")
        ax.text(year + (0.4 if right else -0.4), y, row["label"], ha="right" if right else "left",
                va="bottom", fontsize=8.5)
    ax.set_ylim(0, max(16.5, 10.3 + 1.9 * max(levels, default=0) + 2.0))
    ax.set_yticks(range(0, 10, 3))
    ax.set_ylabel("States")
    ax.set_title(PANEL_TITLES[organization], fontsize=10.5, loc="left", fontweight="normal")
    if legend:
        ax.legend(loc="upper right", fontsize=8.5)
    return ax


# ---- the widgets' pure functions -------------------------------------------------------

def _deciding_step(history, when):
    """The last step up to ``when`` that changed the state's status (by csto.membership's rule)."""
    decided, before = None, "out"
    for k, (date, event) in enumerate(history):
        if date > when:
            break
        now = status_after(history[:k + 1], date)
        if now != before:
            decided = (date, event)
        before = now
    return decided


def year_view(year: int = 1999, organization: str = "CSTO") -> Shown:
    """Who was a member, frozen or out at the end of ``year``, the step that decided it and
    how many sources date that step (the pure function behind the year widget).

    Examples
    --------
    >>> v = year_view(2003, "GUAM")
    >>> print(v.sentence)
    GUAM at the end of 2003: 4 members taking part, 1 frozen, 0 out (of the 5 states that took a step by then).
    >>> v.frame.set_index("state").loc["Uzbekistan", ["status", "decided by"]].tolist()
    ['frozen', 'froze its participation, 2002']
    """
    _check_org(organization)
    membership = load("membership")
    names, regions = country_names(), _regions()
    when = pd.Timestamp(f"{int(year)}-12-31")
    steps = consensus(membership)
    steps = steps[steps["organization"] == organization]
    sources = {(c, e, d): int(n) for c, e, d, n in
               zip(steps["country"], steps["event"].astype(str), steps["date"], steps["n_sources"])}
    rows = []
    for country, history in histories(membership, organization).items():
        step = _deciding_step(history, when)
        if step is None:
            first_date, first_event = history[0]
            rows.append((names.get(country, country), regions.get(country, ""), "out",
                         f"no step yet ({STEP_WORDS.get(first_event, first_event)} in {first_date.year})", ""))
            continue
        date, event = step
        precise = steps[(steps["country"] == country) & (steps["event"].astype(str) == event)
                        & (steps["date"] == date)]["date_precision"].iloc[0]
        rows.append((names.get(country, country), regions.get(country, ""), status_after(history, when),
                     f"{STEP_WORDS.get(event, event)}, {format_date(date, precise)}",
                     sources[(country, event, date)]))
    out = pd.DataFrame(rows, columns=["state", "region", "status", "decided by", "sources"])
    order = {"member": 0, "frozen": 1, "out": 2}
    out = out.sort_values(["status", "state"], key=lambda s: s.map(order) if s.name == "status" else s) \
        .reset_index(drop=True)
    counts = out["status"].value_counts()
    started = int((out["sources"] != "").sum())
    name = ORGANIZATION_NAMES[organization]
    if started == 0:
        sentence = f"{name} at the end of {int(year)}: no state had taken a step in it yet."
    else:
        sentence = (f"{name} at the end of {int(year)}: {counts.get('member', 0)} members taking part, "
                    f"{counts.get('frozen', 0)} frozen, {int((out['status'] == 'out').sum() - (len(out) - started))} out "
                    f"(of the {started} states that took a step by then).")
    return scroll(out, sentence)


def country_view(country: str = "UZB") -> Shown:
    """Every step of one state in both organizations, as the sources word it: the date most
    sources give, how many sources date the step and every date they give (the pure function
    behind the country widget).

    Examples
    --------
    >>> v = country_view("GEO")
    >>> print(v.sentence)
    Georgia: 5 kinds of step in the membership table, dated by 16 sources; sources give more than one date for 4 of them.
    >>> v.frame["step"].tolist()[:2]
    ['signed the treaty', 'acceded to the treaty']
    """
    membership = load("membership")
    names = country_names()
    rows = membership[membership["country"] == country]
    if rows.empty:
        known = sorted(membership["country"].unique())
        raise ValueError(f"no membership steps for {country!r}; states in the table: {', '.join(known)}")
    steps = consensus_dates(rows.assign(organization=rows["organization"].astype(str),
                                        event=rows["event"].astype(str)), ["organization", "event"])
    out = pd.DataFrame({
        "organization": steps["organization"].map(ORGANIZATION_NAMES),
        "step": steps["event"].map(lambda e: STEP_WORDS.get(e, e)),
        "date most sources give": [format_date(d, p) for d, p in zip(steps["date"], steps["date_precision"])],
        "sources": steps["n_sources"].astype(int),
        "every date given (× sources)": steps["dates"],
    })
    split = int((steps["n_dates"] > 1).sum())
    sentence = (f"{names.get(country, country)}: {len(out)} kinds of step in the membership table, dated by "
                f"{rows['source_id'].nunique()} sources; sources give more than one date for {split} of them.")
    return scroll(out, sentence)


# ---- evidence for judge tasks ----------------------------------------------------------

#: Rows shown for task 01.2 (claim C07): (table, source_id, country or event, event or None).
C07_ROWS = (
    ("membership", ARTICLE, "AZE", "signed"),
    ("membership", "wikipedia-2006-csto-oldrev", "ARM", "signed"),
    ("membership", "newspravda-2025-cst-signing-anniversary", "ARM", "signed"),
    ("membership", "researcherlife-2020-cst-regional-security", "ARM", "signed"),
    ("membership", "tass-2004-csto-astana-summit", "AZE", "acceded"),
    ("membership", "blogenwiki-2022-csto-ru", "AZE", "acceded"),
    ("membership", "tass-2004-csto-astana-summit", "AZE", "in_force"),
)
#: Rows shown for tasks 01.8 and 01.9 (claims C16 and C106): (table, source_id, event id, None) for events and
#: (table, source_id, state or body, stance) for the 2008 rows of the recognitions table.
SEPT_2008_ROWS = (
    ("events", "russianembassy-2008-csto-fm-statement", "2008-09-04-csto-fm-statement-south-ossetia", None),
    ("events", "reuters-2008-russia-allies-fail-to-back-moscow", "2008-09-04-csto-fm-statement-south-ossetia", None),
    ("events", "odkbgov-2008-moscow-declaration", "2008-09-05-moscow-summit-declaration", None),
    ("events", "rusdata-2008-russias-allies-played-it-safe", "2008-09-05-moscow-summit-declaration", None),
    ("recognitions", "usembassy-2008-cable-csto-summit", "CSTO", "not_recognised"),
    ("recognitions", "trend-2008-medvedev-csto-georgia", "ARM", "not_recognised"),
    ("recognitions", "jamestown-2008-nazarbayev-double-game", "KAZ", "not_recognised"),
    ("recognitions", "trend-2008-medvedev-csto-georgia", "BLR", "not_recognised"),
    ("recognitions", "minskby-2009-lukashenko-recognition-ria", "BLR", "not_recognised"),
)
#: Stances of the recognitions table in words.
STANCE_WORDS = {"not_recognised": "did not recognise the regions", "recognised": "recognised the regions",
                "declaration_silent": "declaration silent on recognition", "supported_russia": "backed Russia",
                "open_to_recognition": "open to recognising the regions"}


def _row(table: str, source_id: str, key: str, detail) -> pd.Series:
    """One data row, found by its table, source and key (first match, in table order)."""
    frame = load(table)
    frame = frame[frame["source_id"] == source_id]
    if table == "membership":
        frame = frame[(frame["country"] == key) & (frame["event"].astype(str) == detail)]
        what = f"{country_names().get(key, key)}: {STEP_WORDS[detail]}"
    elif table == "events":
        frame = frame[frame["event_id"] == key]
        what = str(frame["title"].iloc[0]) if len(frame) else key
    else:  # recognitions: the 2008 question, one row per state (or body) and stance
        who = frame["state"].fillna(frame["body"]).astype(str)
        frame = frame[(frame["question"].astype(str) == "abkhazia_south_ossetia_2008") & (who == key)
                      & (frame["stance"].astype(str) == detail)]
        who_text = "CSTO members" if key == "CSTO" else country_names().get(key, key)
        what = f"{who_text}: {STANCE_WORDS.get(detail, detail)}"
    if frame.empty:
        raise ValueError(f"no {table} row for {source_id!r}, {key!r}, {detail!r}")
    row = frame.iloc[0].copy()
    row["what"] = what
    return row


def evidence_table(rows) -> Shown:
    """The rows a judge task asks about, numbered from 1, each with its source's own words.

    ``rows`` are ``(table, source_id, key, detail)`` tuples such as :data:`C07_ROWS`.
    Columns: ``row, what, date, quote, source, kind, state media, note, source_id``.

    >>> t = evidence_table(C07_ROWS)
    >>> t.frame["row"].tolist()[:3], t.frame["source_id"].iloc[0]
    ([1, 2, 3], 'diplomat-2024-scepanovic')
    """
    found = pd.DataFrame([_row(*r) for r in rows]).reset_index(drop=True)
    found = attach_sources(found, ["publisher", "kind"])
    media = load("sources").set_index("source_id")["state_media"]
    out = pd.DataFrame({
        "row": range(1, len(found) + 1),
        "what": found["what"],
        "date": [format_date(d, p) for d, p in zip(found["date"], found["date_precision"])],
        "quote": found["quote"].fillna("(no quote stored)"),
        "source": found["publisher"],
        "kind": found["kind"],
        "state media": found["source_id"].map(media).map(lambda c: country_names().get(c, c)
                                                          if isinstance(c, str) else "no"),
        "note": found["note"].fillna(""),
        "source_id": found["source_id"],
    })
    return Shown(out, f"{len(out)} rows; cite them by their number in the row column.", n=None)


def _candidates(rows) -> tuple:
    return tuple(r[1] for r in rows)


# ---- Try it tasks ----------------------------------------------------------------------

def _membership() -> pd.DataFrame:
    return load("membership")


def _entry_1992(without_article: bool = True) -> pd.DataFrame:
    m = _membership()
    entry = m[(m["organization"] == "CSTO") & m["event"].astype(str).isin(["signed", "acceded"])]
    entry = entry[entry["date"].dt.year == 1992]
    return entry[entry["source_id"] != ARTICLE] if without_article else entry


@task("01.1", "states that sources other than the article date into the treaty in 1992", form="do",
      objective=(1, 2),
      hint='Keep the rows whose source_id is not "diplomat-2024-scepanovic" and whose year is 1992, '
           'then count the different countries with .nunique().',
      mistakes=lambda: [
          (int(_entry_1992(False)["country"].nunique()),
           "that keeps the article's own rows, which date all nine states to May 1992; "
           "leave out source_id \"diplomat-2024-scepanovic\" first."),
          (len(_entry_1992()), "that counts rows; several sources date each state. Count different countries "
                               "with .nunique()."),
          (3, "three is the number of states that entered in 1993; the task asks about 1992.")])
def states_entering_1992() -> int:
    return int(_entry_1992()["country"].nunique())


@task("01.2", "claim C07: nine states initially signed the treaty in May 1992", form="judge", objective=3)
def judge_c07():
    return judgement("C07", _candidates(C07_ROWS), mistakes=(
        ("supported", "only the article itself dates all nine states to May 1992; the other rows name six "
                      "signatories and date three entries to 1993."),
        ("partly supported", "nine is right for the parties bound from April 1994 (row 7), but the claim is about "
                             "who signed initially, and on that the rows contradict it."),
        ("disputed", "the sides are not of comparable weight: one 2024 feature against a 2004 TASS report and "
                     "several other sources that agree with it.")))


def _guam_frozen_years() -> list:
    mx = status_matrix(_membership(), 1997, 2026, "GUAM")
    return [int(y) for y in mx.columns if (mx[y] == "frozen").any()]


@task("01.3", "the years in which GUAM had a frozen member", form="read", objective=1,
      hint="Look at the lower panel: a hatched block sits on top of a bar in each such year. "
           "Give the years as a list, e.g. [1999, 2000].",
      mistakes=lambda: [
          (_guam_frozen_years() + [max(_guam_frozen_years()) + 1],
           "Uzbekistan sent its notice of withdrawal in May 2005, so at the end of 2005 it was out, not frozen."),
          ([int(y) for y in status_matrix(_membership(), 1992, 2026, "CSTO").columns
            if (status_matrix(_membership(), 1992, 2026, "CSTO")[y] == "frozen").any()],
           "those are the treaty's years with a frozen member (Armenia); the task asks about GUAM, the lower panel."),
          ([min(_guam_frozen_years())],
           "a frozen member stays frozen until it leaves: count every year with a hatched block.")])
def guam_frozen_years() -> list:
    return _guam_frozen_years()


@task("01.4", "the states that were members of both the treaty and GUAM at the end of 1998", form="do",
      objective=1,
      hint='Filter the table with two conditions joined by &: in_1998["CSTO"] == "member" and '
           'in_1998["GUAM"] == "member"; then take the "state" column.',
      mistakes=lambda: [
          (["AZE", "GEO", "UZB"], "Uzbekistan joined GUAM only in 1999; at the end of 1998 it was in the treaty alone."),
          ([], "at the end of 1999 nobody was in both; at the end of 1998 two states were."),
          (["AZE", "GEO", "MDA", "UKR"], "those are GUAM's members; keep only the ones that were also treaty members.")])
def both_blocs_1998() -> list:
    t = status_table(1998)
    return sorted(t.loc[(t["CSTO"] == "member") & (t["GUAM"] == "member"), "country"])


def _count_members(membership: pd.DataFrame, year: int) -> int:
    return int((status_in_year(membership, year, "CSTO")["status"] == "member").sum())


def _ria_only() -> pd.DataFrame:
    m = _membership()
    uzbek_return = (m["country"] == "UZB") & (m["event"] == "rejoined")
    return m[~uzbek_return | (m["source_id"] == RIA_2008)]


@task("01.5", "treaty members at the end of 2007, if RIA Novosti's date for Uzbekistan's return counts",
      form="predict", objective=2,
      hint="Under RIA Novosti's date, when was Uzbekistan back? Was that before or after 31 December 2007?",
      mistakes=lambda: [
          (_count_members(_membership(), 2007),
           "that is the count by the date most sources give (Uzbekistan back in 2006); the premise is RIA "
           "Novosti's date, 28 March 2008, so Uzbekistan was not yet back at the end of 2007."),
          (_count_members(_membership(), 2007) + 2,
           "nine was the count of 1993–1998; Azerbaijan and Georgia had left in 1999.")],
      model="Six. RIA Novosti dates the return to the ratification by Uzbekistan's parliament on 28 March 2008, "
            "so at the end of 2007 Uzbekistan is still out. The count is one less than by the date most sources "
            "give: a choice of milestone changes the number, which is why the course states its rule.")
def members_2007_by_ria() -> int:
    return _count_members(_ria_only(), 2007)


def _formal_2024() -> pd.DataFrame:
    t = status_table(2024).merge(load("countries")[["iso3", "region"]], left_on="country", right_on="iso3")
    return t


@task("01.6", "percent of the CSTO's formal members (member or frozen) in Central Asia at the end of 2024",
      form="do", objective=(1, 3), tolerance=0.5, percent=True,
      hint='Keep the rows whose "CSTO" status is "member" or "frozen" (.isin([...])), then take the share of '
           'them whose "region" is "Central Asia": (... == "Central Asia").mean() * 100.',
      mistakes=lambda: [
          (100 * 3 / 5, "that leaves frozen Armenia out (3 of the 5 taking part); the task counts formal members, "
                        "frozen ones included. Keep this number in mind: the claim's verdict depends on it."),
          (100 * float((_formal_2024()["region"] == "Central Asia").mean()),
           "that counts every state in the table, Uzbekistan and GUAM's members included; keep only the CSTO's "
           "members and frozen members."),
          (3, "that is a count of states; the task asks for a percent of the formal members.")])
def central_asia_share_2024() -> float:
    t = _formal_2024()
    formal = t[t["CSTO"].isin(["member", "frozen"])]
    return round(100 * float((formal["region"] == "Central Asia").mean()), 1)


#: Rows shown for task 01.7, in order, and the part of the bargain each shows.
BARGAIN_ROWS = (
    (("side_payments", "armenianclub-2004-arms-discounts-begin", None, None), "side payment"),
    (("events", "armenianclub-2008-csto-condemn-georgia", "2008-09-05-moscow-summit-declaration", None),
     "consensus"),
    (("events", "xinhua-2022-csto-deploy-peacekeepers", "2022-01-06-csto-council-decision", None),
     "voice opportunity"),
    (("side_payments", "ria-2008-csto-military-training-agreement", None, None), "side payment"),
)
_BARGAIN = ("consensus", "voice opportunity", "side payment")


@task("01.7", "which part of the bargain each of the four rows shows, in order", form="read", objective=4,
      ordered=True, choices=_BARGAIN,
      hint="Consensus: a decision everyone must accept, so its text is what all can agree to. "
           "Voice opportunity: a seat or a chair that lets a small member speak for the whole. "
           "Side payment: a material reward for taking part.",
      mistakes=[
          (["side payment", "voice opportunity", "consensus", "side payment"],
           "rows 2 and 3 are swapped: a compromise text all members sign is the consensus rule at work; a small "
           "member chairing the council and announcing its decision is a voice opportunity."),
          (["side payment", "consensus", "consensus", "side payment"],
           "row 3 is not about agreeing on a text: an Armenian prime minister speaks for the whole council because "
           "the chair rotates among members. That is a voice opportunity."),
          (["side payment", "voice opportunity", "voice opportunity", "side payment"],
           "row 2 is about what the declaration could say: a text every member must accept (a compromise) is the "
           "consensus rule, not a chance to be heard.")])
def bargain_parts() -> list:
    return [part for _, part in BARGAIN_ROWS]


def bargain_table() -> Shown:
    """The four rows of task 01.7, numbered, with their quotes (side payments have no event id)."""
    found = []
    for (table, source_id, key, _), _part in BARGAIN_ROWS:
        frame = load(table)
        frame = frame[frame["source_id"] == source_id]
        if key is not None:
            frame = frame[frame["event_id"] == key]
        row = frame.iloc[0]
        what = row["title"] if table == "events" else row["description"]
        found.append({"date": format_date(row["date"], row["date_precision"]), "what": what,
                      "quote": row["quote"] if pd.notna(row["quote"]) else "(no quote stored)",
                      "note": row["note"] if pd.notna(row["note"]) else "", "source_id": source_id})
    out = pd.DataFrame(found)
    out.insert(0, "row", range(1, len(out) + 1))
    out = attach_sources(out, ["publisher"]).rename(columns={"publisher": "source"})
    return Shown(out[["row", "date", "what", "quote", "note", "source", "source_id"]],
                 f"{len(out)} rows, in the order of the task.", n=None)


@task("01.8", "claim C16: at their 2008 Moscow summit the members nominally backed Russia's active role",
      form="judge", objective=3)
def judge_c16():
    return judgement("C16", _candidates(SEPT_2008_ROWS), mistakes=(
        ("partly supported", "the claim is that the members backed Russia's role in words at their Moscow meetings, "
                             "and rows 1 and 4 show they did. That the exact phrase sits in the ministers' statement "
                             "of 4 September, not in the declaration's excerpt, is a detail of the quote, not of the claim."),
        ("contradicted", "no row says the members refused Russia their words of support; rows 1 and 4 say they gave it."),
        ("disputed", "no row disputes the support in words; the rows differ only on which document holds the phrase."),
        ("not testable with data", "the official statement and two reports of the meetings are in the data: "
                                   "the claim can be tested.")))


@task("01.9", "claim C106: CSTO members did not follow Moscow in recognising Abkhazia and South Ossetia",
      form="judge", objective=3)
def judge_c106():
    return judgement("C106", _candidates(SEPT_2008_ROWS), mistakes=(
        ("partly supported", "no row shows any member recognising the regions, and rows 2 and 5–9 report that "
                             "they did not, Belarus still a year later: the claim holds whole."),
        ("contradicted", "no row shows a member recognising Abkhazia or South Ossetia."),
        ("disputed", "the rows do not disagree: an official cable, a think tank and a news agency all report no "
                     "recognition, and no source reports one."),
        ("not testable with data", "the recognitions table records each member's stance: the claim can be tested.")))
