"""Lesson 00 · Start here: tasks."""

from csto.data import load
from csto.env import pins
from csto.ledger import claims
from csto.membership import status_in_year
from csto.tasks import task

#: The lesson number: this module belongs to notebooks/00-*.ipynb.
LESSON = "00"


@task("00.1", "the pandas version the course pins",
      hint="Look at the 'pinned' column of the table above, and write it in quotes.")
def pandas_pin() -> str:
    return pins()["pandas"]


@task("00.2", "the type of claim C30",
      hint="Does it report something checkable, a number, an explanation or judgement, or a forecast?")
def type_of_c30() -> str:
    return str(claims().set_index("claim_id").loc["C30", "type"])


@task("00.3", "day-precise dates for Uzbekistan's return",
      hint="Keep only the rows whose date_precision is 'day', then count the distinct dates.")
def uzbekistan_return_dates() -> int:
    m = load("membership")
    rows = m[(m["country"] == "UZB") & (m["event"] == "rejoined") & (m["date_precision"] == "day")]
    return int(rows["date"].nunique())


@task("00.4", "CSTO member states at the end of 2010",
      hint="Move the slider to 2010 and count the rows whose status is 'member'.")
def members_2010() -> int:
    return int((status_in_year(load("membership"), 2010)["status"] == "member").sum())
