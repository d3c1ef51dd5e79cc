"""Lesson 03 · Armenia's exit: tasks, with answers computed from the data."""

from csto.armenia import deals_by_supplier, share_table, spending_series
from csto.data import load
from csto.evidence import days_between
from csto.membership import consensus, status_on
from csto.tasks import task


@task("03.1", "the treaty article Armenia invoked in May 2021",
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


@task("03.2", "days from Pashinyan's 'we will leave' speech to the secretary-general's expansion remark (TASS date)",
      hint="Take the date most sources give for Armenia's announced_exit, and the date TASS gives "
           "for the secretary-general's remark; subtract.")
def days_exit_to_remark() -> int:
    steps = consensus(load("membership")).set_index(["country", "event"])
    exit_day = steps.loc[("ARM", "announced_exit"), "date"]
    remark = _day_date("2024-06-24-tasmagambetov-expansion-remarks", "tass-2024-tasmagambetov-expansion")
    return days_between(exit_day, remark)


@task("03.3", "Armenia's CSTO status in the data on 31 December 2025",
      hint="status_on(membership, '2025-12-31'); the answer is one word: member, frozen or out.")
def status_end_2025() -> str:
    s = status_on(load("membership"), "2025-12-31").set_index("country")
    return str(s.loc["ARM", "status"])


@task("03.4", "days from the recording of the 'not Russia's ally' interview to the release of its transcript",
      hint="Use the two day-precise dates: the recording (4 May, Close the Sky) and the transcript "
           "release (1 June, Radar Armenia).")
def days_record_to_release() -> int:
    recorded = _day_date("2023-05-04-pashinyan-not-russias-ally", "closethesky-2023-pashinyan-not-russias-ally")
    released = _day_date("2023-05-04-pashinyan-not-russias-ally", "radar-2023-pashinyan-not-russias-ally")
    return days_between(recorded, released)


@task("03.5", "Belarus's share of Azerbaijan's imports of major arms in 2017–21, in percent",
      hint="share_table(imports, 'AZE') and look for supplier 'BLR'.", tolerance=0.05)
def belarus_share() -> float:
    t = share_table(load("arms_imports_by_supplier"), "AZE")
    return float(t.loc[(t["supplier"] == "BLR") & (t["window"] == "2017–21"), "share_pct"].item())


@task("03.6", "the suppliers other than Russia from which Armenia bought arms (ISO3 codes)",
      hint="deals_by_supplier(diversification, 'ARM'); answer with a list such as ['AAA', 'BBB'].")
def armenia_new_suppliers() -> list:
    return deals_by_supplier(load("arms_diversification"), "ARM")["supplier"].tolist()


@task("03.7", "Armenia's SIPRI spending in 2023 divided by its SIPRI spending in 2022 (two decimals)",
      hint="Keep the rows whose basis is 'SIPRI' in spending_series(spending, 'ARM', 'USD million').",
      tolerance=0.006)
def sipri_growth() -> float:
    s = spending_series(load("military_spending"), "ARM", "USD million")
    sipri = s[s["basis"] == "SIPRI"].set_index("year")["value"]
    return float(sipri.loc[2023] / sipri.loc[2022])
