"""Report how well the data is evidenced (``make evidence``).

Per dataset: the rows that give a value, the rows whose quote states it (and where the page
states it: text, table, chart or dateline); the rows the quote parsers cannot read (each
listed, with why); and the quoted-or-not rows that give a number without a qualifier
(not yet reviewed). Nothing here fails: ``make validate`` and ``make test`` do that.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from csto import evidence  # noqa: E402
from csto.data import load  # noqa: E402
from csto.validate import excused  # noqa: E402


def unreviewed() -> pd.DataFrame:
    """Rows that give a number but no qualifier: none is quoted (a quoted one is a problem)."""
    out = []
    for name, columns in evidence.QUOTED.items():
        df = load(name)
        if "qualifier" not in df:
            continue
        numeric = [c for c in columns if pd.api.types.is_numeric_dtype(df[c])]
        has = df[numeric].notna().any(axis=1) if numeric else pd.Series(False, index=df.index)
        out.append({"dataset": name, "numeric rows": int(has.sum()),
                    "without qualifier": int((has & df["qualifier"].isna()).sum())})
    return pd.DataFrame(out)


def main() -> int:
    cov = evidence.quote_coverage()
    cov["% quoted"] = (100 * cov["quoted"] / cov["with_value"].where(cov["with_value"] > 0)).round(0).astype("Int64")
    total = cov[["with_value", "quoted"]].sum()
    print("Quote coverage: rows with a quote / rows with a value, per dataset\n")
    print(cov.to_string(index=False))
    print(f"\nall datasets: {total['quoted']} / {total['with_value']} "
          f"({100 * total['quoted'] / total['with_value']:.0f} %)")
    print("\nRows whose quote no parser reads (validate.EXCEPTIONS, rule 'quote'):\n")
    for exc, line in excused():
        if exc["rule"] == "quote":
            print(f"  {line}\n      why: {exc['why']}")
    print("\nNumeric rows without a qualifier (not yet reviewed: none has a quote):\n")
    print(unreviewed().to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
