"""Lesson 01 · Origins: tasks. Every expected answer is computed from the course data.

>>> from csto.tasks import expected
>>> expected("01.3")
['AZE', 'GEO']
"""

import pandas as pd

from csto.data import load
from csto.membership import consensus, status_on
from csto.origins import as_dated_by, in_both, membership_matrix
from csto.tasks import task


@task("01.1", "the states that signed the treaty in Tashkent on 15 May 1992, by most sources",
      hint="Use ISO3 codes, e.g. ['RUS', ...]. Look at the 'signed' rows dated 1992-05-15.")
def tashkent_signatories() -> list:
    steps = consensus(load("membership"))
    rows = steps[(steps["organization"] == "CSTO") & (steps["event"] == "signed")
                 & (steps["date"] == pd.Timestamp("1992-05-15"))]
    return sorted(rows["country"])


@task("01.2", "the treaty parties that were out at the end of 1999",
      hint="Compare the columns 1998 and 1999 of membership_matrix(m, 1998, 1999). Use ISO3 codes.")
def left_1999() -> list:
    mx = membership_matrix(load("membership"), 1998, 1999, "CSTO")
    return sorted(mx.index[(mx[1998] == "member") & (mx[1999] == "out")])


@task("01.3", "the states in both the treaty and GUAM at the end of 1998",
      hint="compare_blocs(m, 1998) shows both organizations side by side. Use ISO3 codes.")
def in_both_1998() -> list:
    return in_both(load("membership"), 1998)


@task("01.4", "CSTO members at the end of 2007, if RIA Novosti's March 2008 report is right",
      hint="Use as_dated_by(m, 'riano-2008-uzbekistan-formalizes-return'), then count the members in 2007.")
def members_2007_by_ria() -> int:
    m = as_dated_by(load("membership"), "riano-2008-uzbekistan-formalizes-return")
    return int((membership_matrix(m, 2007, 2007, "CSTO")[2007] == "member").sum())


@task("01.5", "CSTO member states on the day of the Moscow declaration (5 September 2008)",
      hint="status_on(m, '2008-09-05') gives each state's status on that day; count the members.")
def members_on_declaration_day() -> int:
    return int((status_on(load("membership"), "2008-09-05")["status"] == "member").sum())
