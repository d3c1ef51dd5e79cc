"""Lesson 02 · Kazakhstan, January 2022: tasks.

>>> from csto.tasks import expected
>>> expected("02.1")
12
"""

from csto import crises, evidence
from csto.data import load
from csto.tasks import task


@task("02.1", "days from 'order restored' to the completed withdrawal",
      hint="Use evidence.days_between(when[first], when[last]) with the event ids '2022-01-07-order-restored' "
           "and '2022-01-19-withdrawal-completed'.")
def days_after_order_restored() -> int:
    when = evidence.consensus_dates(evidence.in_theme(load("events"), "kazakhstan_2022")).set_index("event_id")["date"]
    return evidence.days_between(when["2022-01-07-order-restored"], when["2022-01-19-withdrawal-completed"])


@task("02.2", "sum of the five national contingents, as most sources give them",
      hint="Add up the 'troops' column of crises.country_figures(k).")
def sum_of_contingents() -> int:
    return int(crises.country_figures(load("kazakhstan_2022"))["troops"].sum())


@task("02.3", "the death toll in the last day-dated report of 2022",
      hint="Keep the rows of reports with dated == True and a 2022 report date; take the value of the latest one.")
def last_toll_2022() -> int:
    reports = crises.toll_reports(load("kazakhstan_2022"))
    dated = reports[reports["dated"] & (reports["as_of"].dt.year == 2022)]
    return int(dated.sort_values("as_of", kind="stable")["value"].iloc[-1])


@task("02.4", "treaty articles that sources name for Armenia's May 2021 border crisis",
      hint="crises.articles_cited(requests, 'arm-2021-border') lists them; answer a list of texts like 'Article 9'.")
def articles_for_armenia_2021() -> list:
    return crises.articles_cited(load("assistance_requests"), "arm-2021-border")["article"].tolist()


@task("02.5", "cases in which sources report more than one kind of response",
      hint="In cases = evidence.case_responses(requests), keep the cases whose n_responses is above 1; "
           "answer a list of case ids.")
def cases_sources_differ() -> list:
    cases = evidence.case_responses(load("assistance_requests"))
    return sorted(cases.loc[cases["n_responses"] > 1, "case_id"])


@task("02.6", "how many more CRRF troops the article gives than the CSTO's own 2022 figure",
      hint="Subtract the 2022 CRRF row's personnel from the article's CRRF figure in crises.forces_table(f).")
def article_minus_csto_crrf() -> int:
    table = crises.forces_table(load("forces"), ["CRRF"])
    article = table.loc[table["article"], "personnel"].item()
    csto_2022 = table.loc[table["year"] == 2022, "personnel"].item()
    return int(article - csto_2022)
