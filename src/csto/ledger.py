"""The claims ledger: every checkable claim of the article, its type and its verdict.

The ledger lives in ``seeds/claims.csv`` beside the data folder.

>>> c = claims()
>>> sorted(c["type"].unique())
['fact', 'figure', 'interpretation', 'prediction']
"""

from __future__ import annotations

import pandas as pd

from csto.data import data_dir

__all__ = ["claims", "CLAIM_TYPES"]

CLAIM_TYPES = ["fact", "figure", "interpretation", "prediction"]


def claims() -> pd.DataFrame:
    """Load ``seeds/claims.csv`` with ``type`` as an ordered category; empty cells as missing.

    >>> claims().set_index("claim_id").loc["C07", "lesson"]
    '01-origins'
    """
    path = data_dir().parent / "seeds" / "claims.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False).replace("", None)
    unknown = sorted(set(df["type"]) - set(CLAIM_TYPES))
    if unknown:
        raise ValueError(f"seeds/claims.csv: unknown claim type(s) {unknown}; use {CLAIM_TYPES}")
    df["type"] = pd.Categorical(df["type"], categories=CLAIM_TYPES, ordered=True)
    return df
