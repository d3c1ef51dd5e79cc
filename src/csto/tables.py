"""Tables that are comfortable to read in a lesson.

A long table is shown with a sentence that says what it holds and how many rows
there are, then its first rows, without the index column (:func:`preview`).
A widget's table scrolls after about 15 rows (:func:`scroll`). A lesson's
references are grouped by publisher, with the full list folded away (:func:`references`).
Each object has an HTML form for JupyterLab and a plain-text form for static copies
and nbval, and never prints as ``<... at 0x...>``.

>>> import pandas as pd
>>> t = preview(pd.DataFrame({"year": [2020, 2021, 2022], "n": [1, 2, 3]}), "years", n=2)
>>> print(repr(t))
3 years; the first 2:
 year  n
 2020  1
 2021  2
… and 1 more row
"""

from __future__ import annotations

import html

import pandas as pd

from csto.data import format_date, sources

__all__ = ["Shown", "preview", "scroll", "styled", "references", "span"]


def _left_aligned(table_html: str) -> str:
    """Cells read left to right and from the top (JupyterLab right-aligns them), and a short
    cell such as a date never wraps.

    >>> _left_aligned("<tr><th>when</th><td>2023-01-10</td><td>a long text that may wrap</td></tr>")
    '<tr><th style="text-align: left;">when</th><td style="text-align: left; vertical-align: top; white-space: nowrap;">2023-01-10</td><td style="text-align: left; vertical-align: top;">a long text that may wrap</td></tr>'
    """
    import re

    def cell(match):
        text = match.group(1)
        nowrap = " white-space: nowrap;" if len(html.unescape(re.sub(r"<[^>]+>", "", text))) <= 16 else ""
        return f'<td style="text-align: left; vertical-align: top;{nowrap}">{text}</td>'

    table_html = re.sub(r"<td>(.*?)</td>", cell, table_html, flags=re.S)
    return re.sub(r"<th>", '<th style="text-align: left;">', table_html)


class Shown:
    """A table with a sentence above it; at most ``n`` rows in text, a scroll box in HTML."""

    def __init__(self, frame: pd.DataFrame, sentence: str, n: int | None = 12, *, scroll: bool = False,
                 styler=None):
        self.frame, self.sentence, self.n, self.scroll, self.styler = frame, sentence, n, scroll, styler

    def _rows(self) -> pd.DataFrame:
        return self.frame if self.n is None or self.scroll else self.frame.head(self.n)

    def _repr_html_(self) -> str:
        table = (self.styler.to_html() if self.styler is not None
                 else _left_aligned(self._rows().to_html(index=False, na_rep="", border=0, classes="csto-table")))
        if self.scroll:
            table = f'<div style="max-height: 26em; overflow-y: auto;">{table}</div>'
        return f"<p>{html.escape(self.sentence)}</p>{table}"

    def __repr__(self) -> str:
        shown = self.frame.head(self.n) if self.n is not None else self.frame
        text = shown.to_string(index=False, na_rep="") if len(shown) else "(no rows)"
        more = len(self.frame) - len(shown)
        tail = f"\n… and {more} more row{'s' if more != 1 else ''}" if more > 0 else ""
        return f"{self.sentence}\n{text}{tail}"


def span(values, precision: str = "year") -> str:
    """``"from 2020 to 2025"`` (or ``"in 2022"``) for the dates or years in ``values``.

    >>> span(pd.to_datetime(["2022-01-02", "2022-01-19"]))
    'in 2022'
    >>> span([1992, 2006, 2012])
    'from 1992 to 2012'
    """
    values = pd.Series(list(values)).dropna()
    if values.empty:
        return ""
    if pd.api.types.is_datetime64_any_dtype(values):
        lo, hi = format_date(values.min(), precision), format_date(values.max(), precision)
    else:
        lo, hi = str(values.min()), str(values.max())
    return f"in {lo}" if lo == hi else f"from {lo} to {hi}"


def preview(frame: pd.DataFrame, what: str, n: int = 12, *, when=None) -> Shown:
    """``frame`` with a sentence: how many ``what`` (e.g. "events"), their span, then the first ``n`` rows.

    Parameters
    ----------
    frame : DataFrame
    what : str
        What one row is, in the plural ("events", "reports").
    n : int
        Rows shown.
    when : str, optional
        A date or year column: its span is added to the sentence.
    """
    count = len(frame)
    about = f"{count} {what}" + (f" {span(frame[when])}" if when is not None and count else "")
    tail = "" if count == 0 else (":" if count <= n else f"; the first {n}:")
    return Shown(frame, about + tail, n)


def scroll(frame: pd.DataFrame, sentence: str, rows: int = 15, styler=None) -> Shown:
    """A widget's output: the sentence, then every row in a box that scrolls after about ``rows``.

    The plain-text form shows the first ``rows`` rows and says how many more there are.
    """
    return Shown(frame, sentence, rows, scroll=True, styler=styler)


def styled(frame: pd.DataFrame, sentence: str, cell_styles: dict, *, uuid: str, n: int | None = None,
           scroll_box: bool = False) -> Shown:
    """A table whose cells are coloured by value: ``cell_styles`` maps column → {value: CSS}.

    The HTML keeps the colours (with a fixed ``uuid``, so stored outputs are stable);
    the plain-text form is the plain table.
    """
    shown = frame if n is None or scroll_box else frame.head(n)
    styler = shown.style.hide(axis="index").set_uuid(uuid).set_table_styles(
        [{"selector": "td, th", "props": "text-align: left; vertical-align: top;"}])
    for column, styles in cell_styles.items():
        styler = styler.map(lambda v, s=styles: s.get(v, ""), subset=[column])
    return Shown(frame, sentence, n, scroll=scroll_box, styler=styler)


class References:
    """A lesson's sources: a count per publisher, then the full list, folded away."""

    def __init__(self, lines: list[str], by_publisher: list[tuple[str, int]]):
        self.lines, self.by_publisher = lines, by_publisher

    def summary(self, top: int = 8) -> str:
        """How many sources and publishers, and the ``top`` publishers with most sources."""
        named = ", ".join(f"{p} ({k})" for p, k in self.by_publisher[:top])
        rest = len(self.by_publisher) - top
        more = f", and {rest} other publisher{'s' if rest != 1 else ''}" if rest > 0 else ""
        return f"{len(self.lines)} sources from {len(self.by_publisher)} publishers: {named}{more}."

    def _repr_markdown_(self) -> str:
        items = "\n".join(f"- {line}" for line in self.lines)
        return (f"{self.summary()}\n\n<details><summary>The full list ({len(self.lines)} sources)</summary>"
                f"\n\n{items}\n\n</details>")

    def __repr__(self) -> str:
        return self.summary() + "\n" + "\n".join(self.lines)


def references(source_ids) -> References:
    """Group the sources of the rows used (repeats are fine) by publisher, largest first.

    >>> r = references(["diplomat-2024-scepanovic", "geopolist-2024-summary"])
    >>> r.summary()
    '2 sources from 2 publishers: Geopolist | Istanbul Center for Geopolitics (1), The Diplomat (1).'
    """
    from csto.data import cite

    ids = list(dict.fromkeys(source_ids))
    table = sources().loc[ids]
    counts = table["publisher"].value_counts()
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    return References(cite(ids), [(p, int(k)) for p, k in order])
