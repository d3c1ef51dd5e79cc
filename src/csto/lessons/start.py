"""Lesson 00 · Start here: the first figure, the widget's function, and the tasks.

Every expected answer is computed from the course data with plain pandas, the same
moves the lesson teaches, so a correction to the data corrects the answer too.

>>> marks = membership_marks(1992, 1995)
>>> marks.query("x == 1993")[["series", "y"]].values.tolist()
[['members taking part', 9], ['frozen members', 0]]
"""

from __future__ import annotations

import pandas as pd

from csto.data import load
from csto.ledger import claims
from csto.membership import count_by_year, status_in_year, who_was_in
from csto.plots import OKABE_ITO
from csto.tasks import task

#: The lesson number: this module belongs to notebooks/00-*.ipynb.
LESSON = "00"

#: The functions this lesson wires to widgets (timed by ``make benchmark``).
WIDGETS = ("members_table",)

__all__ = ["WIDGETS", "membership_marks", "draw_membership", "members_table", "CLAIMS_TO_SORT"]

#: The four claims students sort by type in task 00.7 (ids of seeds/claims.csv), in order.
CLAIMS_TO_SORT = ("C07", "C13", "C21", "C19")


# ---- the figure: what to draw, then drawing ------------------------------------------

def membership_marks(first: int = 1992, last: int = 2026) -> pd.DataFrame:
    """What the lesson's figure draws: per year, members taking part and frozen members.

    Returns columns ``series, x, y``: one row per series and year (status on 31 December).
    """
    counts = count_by_year(load("membership"), first, last)
    taking_part = pd.DataFrame({"series": "members taking part", "x": counts["year"], "y": counts["member"]})
    frozen = pd.DataFrame({"series": "frozen members", "x": counts["year"], "y": counts["frozen"]})
    return pd.concat([taking_part, frozen], ignore_index=True).astype({"y": int})


def draw_membership(ax, marks: pd.DataFrame):
    """Stacked bars, one per year: members taking part, with frozen members on top (hatched).

    Neither series can hide the other. Returns the ``Axes``.
    """
    part = marks[marks["series"] == "members taking part"].set_index("x")["y"]
    frozen = marks[marks["series"] == "frozen members"].set_index("x")["y"].reindex(part.index, fill_value=0)
    ax.bar(part.index, part.values, width=0.8, color=OKABE_ITO["blue"], label="members taking part")
    ax.bar(frozen.index, frozen.values, bottom=part.values, width=0.8, color=OKABE_ITO["orange"],
           hatch="//", edgecolor="black", lw=0.5, label="members that froze their participation")
    ax.set(xlabel="Year (status on 31 December)", ylabel="Number of states", ylim=(0, 11))
    ax.legend(loc="upper right")
    return ax


def members_table(year: int = 2024, organization: str = "CSTO"):
    """The widget's view: every state that ever took a step in ``organization``, its status
    at the end of ``year`` and its last step (see :func:`csto.membership.who_was_in`)."""
    from csto.tables import scroll

    table = who_was_in(year, organization)
    n_members = int((table["status"] == "member").sum())
    sentence = (f"{organization} at the end of {year}: {len(table)} states that ever took a step, "
                f"{n_members} of them members taking part.")
    return scroll(table, sentence)


# ---- Try it tasks --------------------------------------------------------------------

def _membership() -> pd.DataFrame:
    return load("membership")


def _shape_mistake(expected_rows):
    return (lambda a: isinstance(a, list) and len(a) == 2 and a[0] == expected_rows,
            "that is the table's shape (rows, columns): the first number is the rows.")


@task("00.1", "rows of the membership table about Georgia", form="do", objective=2,
      hint='Filter the rows, then count them: len(membership[membership["country"] == "GEO"]).',
      mistakes=lambda: [(len(_membership()), "that is every row of the table: keep only Georgia's rows first."),
                        (len(_membership().columns), "that counts the columns; the task asks for rows."),
                        _shape_mistake(int((_membership()["country"] == "GEO").sum()))])
def georgia_rows() -> int:
    m = _membership()
    return int((m["country"] == "GEO").sum())


def _uzbekistan_left() -> pd.DataFrame:
    m = _membership()
    return m[(m["organization"] == "CSTO") & (m["country"] == "UZB") & (m["event"] == "left")]


@task("00.2", "the earliest year any source gives for Uzbekistan leaving the treaty", form="do", objective=2,
      hint='Filter Uzbekistan\'s "left" rows, sort them by "date", and read the year of the first row.',
      mistakes=lambda: [
          (lambda a: isinstance(a, pd.Timestamp), "that is a full date; the task asks for its year (add .year)."),
          (int(_uzbekistan_left()["date"].dt.year.mode().iloc[0]),
           "that is the year most sources give; the task asks for the earliest one (sort by date)."),
          (int(_uzbekistan_left()["date"].dt.year.max()), "that is the latest year; sort ascending (the default).")])
def uzbekistan_left_earliest() -> int:
    return int(_uzbekistan_left().sort_values("date")["date"].iloc[0].year)


@task("00.3", "the state with the most rows in the membership table", form="do", objective=2,
      hint='Count rows per country: membership["country"].value_counts(), or .groupby("country").size().',
      mistakes=[("ARM", "Armenia has many rows, but one state has more: count them all.")])
def most_rows() -> str:
    return str(_membership()["country"].value_counts().index[0])


def _uzbekistan_return() -> pd.DataFrame:
    m = _membership()
    return m[(m["country"] == "UZB") & (m["event"] == "rejoined")]


@task("00.4", "rows dating Uzbekistan's return that come from a news agency (wire)", form="do", objective=(2, 3),
      hint='Merge with the sources table on "source_id", then count the rows whose "kind" is "wire".',
      mistakes=lambda: [(int((load("sources")["kind"] == "wire").sum()),
                         "that counts every wire source of the course; keep only the rows about Uzbekistan's return."),
                        (len(_uzbekistan_return()), "that counts all the rows about the return, of every kind.")])
def wire_rows_for_return() -> int:
    rows = _uzbekistan_return().merge(load("sources"), on="source_id")
    return int((rows["kind"] == "wire").sum())


@task("00.5", "different dates, known to the day, that sources give for Uzbekistan's return", form="do", objective=3,
      hint='Keep the rows whose "date_precision" is "day", then count distinct dates with .nunique().',
      mistakes=lambda: [
          (int((_uzbekistan_return()["date_precision"] == "day").sum()),
           "that counts rows; several sources give the same day. Count distinct dates with .nunique()."),
          (int(_uzbekistan_return()["date"].nunique()),
           "that counts every distinct date, including those known only to the month or year.")])
def day_dates_for_return() -> int:
    rows = _uzbekistan_return()
    return int(rows.loc[rows["date_precision"] == "day", "date"].nunique())


@task("00.6", "the most common kind of source in the course", form="predict", objective=3,
      choices=("official", "news", "think tank", "academic", "wire", "aggregator", "encyclopedia"),
      hint="Think of who reports on the CSTO day by day. Then run the next cell and see.",
      model="News outlets are the most common kind. Many others are aggregators, which repost other "
            "outlets' text: that is why the course keeps asking who wrote a report first.")
def most_common_kind() -> str:
    return str(load("sources")["kind"].value_counts().index[0])


@task("00.7", "the types of four claims, in order", form="read", objective=4, ordered=True,
      choices=("fact", "figure", "interpretation", "prediction"),
      hint="A fact can be checked against records; a figure is a number; an interpretation explains or "
           "judges; a prediction says what will happen.")
def claim_types() -> list:
    ledger = claims().set_index("claim_id")
    return [str(ledger.loc[c, "type"]) for c in CLAIMS_TO_SORT]


@task("00.8", "CSTO member states taking part at the end of 2010", form="read", objective=1,
      hint='Move the slider to 2010 and count the rows whose status is "member" (or run members_table(2010)).',
      mistakes=lambda: [(int((status_in_year(_membership(), 2024)["status"] == "member").sum()),
                         "that is the count for 2024, the slider's starting year: move it to 2010."),
                        (int((status_in_year(_membership(), 2010)["status"] != "out").sum()) + 1,
                         "count only the rows whose status is member.")])
def members_2010() -> int:
    return int((status_in_year(_membership(), 2010)["status"] == "member").sum())

