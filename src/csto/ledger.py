"""The claims ledger: every checkable claim of the article and its summary, with a verdict.

The ledger lives in ``seeds/claims.csv`` beside the data folder; ``seeds/README.md``
documents its columns. The set of verdicts is defined here, once
(:data:`VERDICTS`), and the README, the feedback of judge tasks and the tests read it.

>>> c = claims()
>>> sorted(c["type"].unique())
['fact', 'figure', 'interpretation', 'prediction']
"""

from __future__ import annotations

import pandas as pd

from csto.data import data_dir

__all__ = ["claims", "CLAIM_TYPES", "VERDICTS", "RULINGS", "judgement"]

CLAIM_TYPES = ["fact", "figure", "interpretation", "prediction"]

#: Every verdict a claim can have, strongest support first, with what it means.
VERDICTS = {
    "supported": "the data and its sources bear out every part of the claim",
    "partly supported": "some parts hold and others do not, or the claim holds only with a qualification",
    "disputed": "sources of comparable weight disagree, and the data cannot settle it",
    "contradicted": "the data and its sources show the claim is wrong",
    "not testable with data": "no row of the course data can confirm or refute it: an interpretation of motives, "
                              "feelings or causes, or a fact the sourced data do not cover (the evidence says what data would)",
    "too early": "a prediction whose horizon has not yet come",
    "open": "the lesson that tests the claim is not written yet, and the data cannot settle it so far",
}
#: The verdicts a student can give in a judge task (all but "open").
RULINGS = tuple(v for v in VERDICTS if v != "open")


def claims() -> pd.DataFrame:
    """Load ``seeds/claims.csv`` with ``type`` and ``verdict`` as ordered categories.

    >>> claims().set_index("claim_id").loc["C07", "lesson"]
    '01-origins'
    """
    path = data_dir().parent / "seeds" / "claims.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False).replace("", None)
    for column, allowed in (("type", CLAIM_TYPES), ("verdict", list(VERDICTS))):
        unknown = sorted(set(df[column].dropna()) - set(allowed))
        if unknown:
            raise ValueError(f"seeds/claims.csv: unknown {column}(s) {unknown}; use {allowed}")
        df[column] = pd.Categorical(df[column], categories=allowed, ordered=True)
    return df


def judgement(claim_id: str, candidates=(), *, need: int = 1, model: str = "", mistakes=()):
    """A judge task's expected answer, read from the ledger: its verdict and evidence rows.

    ``candidates`` are the source ids of the rows shown to the student, in order (so a
    student can answer with row numbers). The model answer defaults to the ledger's
    evidence text.
    """
    from csto.feedback import Judgement

    row = claims().set_index("claim_id").loc[claim_id]
    # an empty cell loads as a missing value (None or NaN, depending on the pandas version)
    split = lambda cell: tuple(s.strip() for s in (cell if isinstance(cell, str) else "").split(";") if s.strip())  # noqa: E731
    verdict = str(row["verdict"])
    if verdict == "open":
        raise ValueError(f"{claim_id} has no verdict yet: its lesson must rule on it in seeds/claims.csv")
    support, against = split(row["evidence_sources"]), split(row["against_sources"])
    if verdict == "disputed":  # both sides' rows are the evidence of a dispute
        support, against = support + against, ()
    return Judgement(verdicts=(verdict,), support=support, need=need,
                     against=against, candidates=tuple(candidates),
                     mistakes=tuple(mistakes), model=model or str(row["evidence"]), scale=RULINGS)
