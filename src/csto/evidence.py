"""Working with sourced rows: the jobs every lesson does on tables with one row per source.

Every table of the course keeps one row per source, so that a disagreement stays
visible. The same few jobs then recur in every lesson, and live here once:

- :func:`attach_sources` adds who published each row's source, what kind of source it
  is and when it appeared;
- :func:`date_interval` and :func:`dates_agree` read a date only as precisely as it is
  known, so "1993" does not contradict "1993-09-24";
- :func:`majority` is the one vote every "most sources say" in the course uses, with one
  tie rule;
- :func:`consensus_dates` dates each event (or step) as most sources date it, and counts
  the sources and the distinct dates behind it, flagging true conflicts;
- :func:`in_theme` keeps every row of the events filed under a theme (sources may file
  one event under different themes);
- :func:`days_between` counts the days between two dates;
- :func:`case_responses` gives, case by case, how many sources report each kind of CSTO
  response in ``assistance_requests``;
- :func:`states_number`, :func:`states_change` and :func:`states_date` read a row's ``quote``
  for its value (a small, explicit set of parsers: :func:`numbers_in`, :func:`date_mentions`,
  :func:`weekdays_in`, :func:`relative_days`), so ``make validate`` can check that every
  quote states what its row says; :func:`quote_coverage` counts the quoted rows.

>>> ev = load("events")
>>> c = consensus_dates(ev[ev["event_id"] == "2022-01-19-withdrawal-completed"])
>>> c[["date", "n_sources", "dates"]].values.tolist()
[[Timestamp('2022-01-19 00:00:00'), 5, '2022-01 ×1; 2022-01-19 ×4']]
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from csto.data import allowed, format_date, load, sources as load_sources

__all__ = ["PRECISIONS", "Vote", "majority", "attach_sources", "date_interval", "dates_agree",
           "consensus_dates", "in_theme", "days_between", "case_responses",
           "QUOTE_MAX_WORDS", "QUOTED", "QUOTED_WORDS", "quoted_column", "numbers_in", "states_number",
           "states_change", "DateMention", "date_mentions", "weekdays_in", "relative_days", "states_date",
           "quote_coverage"]

#: How precisely a date can be known, most precise first.
PRECISIONS = ("day", "month", "year")
_RANK = {p: i for i, p in enumerate(PRECISIONS)}


# --------------------------------------------------------------------------- sources

def attach_sources(rows: pd.DataFrame, columns=("publisher", "kind", "published"), *,
                   sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add, for each row, who published its source, what kind of source it is and when.

    Parameters
    ----------
    rows : pandas.DataFrame
        Any table with a ``source_id`` column; its index is kept.
    columns : sequence of str
        Columns of the ``sources`` table to add. ``published`` is written only as
        precisely as it is known (``n.d.`` when undated); ``kind`` as plain text.
    sources : pandas.DataFrame, optional
        The ``sources`` table (indexed by ``source_id`` or with that column); loaded
        when not given. Pass it when calling many times.

    Returns
    -------
    pandas.DataFrame
        A copy of ``rows`` with the columns added (replaced if already there).

    Raises
    ------
    ValueError
        If ``rows`` has no ``source_id`` column, or cites a source the table does not hold.

    Examples
    --------
    >>> m = load("membership")
    >>> r = attach_sources(m[(m["country"] == "ARM") & (m["event"] == "announced_exit")])
    >>> r[["source_id", "publisher", "kind", "published"]].iloc[0].tolist()
    ['diplomat-2024-scepanovic', 'The Diplomat', 'news', '2024-07']
    """
    if "source_id" not in rows.columns:
        raise ValueError("the table has no 'source_id' column, so its sources cannot be looked up")
    table = load_sources() if sources is None else sources
    if "source_id" in table.columns:
        table = table.set_index("source_id")
    missing = sorted(set(rows["source_id"].dropna()) - set(table.index))
    if missing:
        raise ValueError("unknown source id(s): " + ", ".join(missing))
    out = rows.copy()
    for col in columns:
        if col == "published":
            values = pd.Series([format_date(d, p) for d, p in
                                zip(table["published"], table["published_precision"])], index=table.index)
        elif col == "kind":
            values = table["kind"].astype(str)
        else:
            values = table[col]
        out[col] = out["source_id"].map(values)
    return out


# --------------------------------------------------------------------------- dates

def date_interval(date, precision: str = "day") -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day a date can mean, given how precisely it is known.

    A date known to the year is stored as 1 January, but it means "some day that year".

    Parameters
    ----------
    date : date-like
    precision : {"day", "month", "year"}

    Examples
    --------
    >>> [d.date().isoformat() for d in date_interval("1993-01-01", "year")]
    ['1993-01-01', '1993-12-31']
    >>> [d.date().isoformat() for d in date_interval("2024-02-01", "month")]
    ['2024-02-01', '2024-02-29']
    """
    precision = str(precision)
    if precision not in _RANK:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    start = pd.Timestamp(date)
    if pd.isna(start):
        raise ValueError("date is missing")
    if precision == "year":
        return start, start + pd.offsets.YearEnd(0)
    if precision == "month":
        return start, start + pd.offsets.MonthEnd(0)
    return start, start


def dates_agree(dates, precisions) -> bool:
    """Whether dates given at different precisions can all be true at once.

    They agree when their intervals (see :func:`date_interval`) share at least one day:
    "1993" and "1993-09-24" agree; "1993-09-09" and "1993-12-09" do not.

    Examples
    --------
    >>> dates_agree(["1993-01-01", "1993-09-24"], ["year", "day"])
    True
    >>> dates_agree(["1993-09-09", "1993-12-09"], ["day", "day"])
    False
    """
    dates, precisions = list(dates), list(precisions)
    if len(dates) != len(precisions):
        raise ValueError("give one precision per date")
    if not dates:
        raise ValueError("no dates to compare")
    spans = [date_interval(d, p) for d, p in zip(dates, precisions)]
    return max(s for s, _ in spans) <= min(e for _, e in spans)


def days_between(earlier, later) -> int:
    """Whole days from ``earlier`` to ``later`` (negative if ``later`` comes first).

    >>> days_between("2022-01-06", "2022-01-19")
    13
    >>> days_between("2024-06-25", "2024-06-12")
    -13
    """
    return int((pd.Timestamp(later) - pd.Timestamp(earlier)).days)


def consensus_dates(rows: pd.DataFrame, by="event_id", *, keep=()) -> pd.DataFrame:
    """One row per event (or per group of ``by``), dated as most sources date it.

    Each row votes for its date *as written* (a date and its precision). The date with
    most votes wins; on a tie the more precise date wins (a bare year is stored as
    1 January and must not beat a day), then the earlier one. Nothing is averaged:
    the other dates stay listed, and ``conflict`` says whether they truly contradict
    one another or only differ in precision (see :func:`dates_agree`).

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows with ``date``, ``date_precision`` and ``source_id`` (``events``, ``membership`` ...).
        Rows without a date count as sources but do not vote.
    by : str or list of str
        The column(s) that name one event.
    keep : sequence of str
        Columns to take from the winning row (the first row, in table order, that gives
        the winning date), e.g. ``["title"]``.

    Returns
    -------
    pandas.DataFrame
        ``*by, date, date_precision, n_sources, n_dates, dates, conflict, *keep``, sorted by
        date. ``dates`` lists each distinct date, as precisely as it is known, with its
        number of rows (``'2022-01-19 ×4; 2022-01-20 ×1'``); ``n_dates > 1`` flags a
        disagreement and ``conflict`` a true one.

    Examples
    --------
    >>> rows = pd.DataFrame({"event_id": ["e", "e", "e"],
    ...                      "date": pd.to_datetime(["2024-05-01", "2024-05-08", "2024-05-01"]),
    ...                      "date_precision": ["month", "day", "month"], "source_id": ["a", "b", "c"]})
    >>> r = consensus_dates(rows).iloc[0]
    >>> format_date(r["date"], r["date_precision"]), int(r["n_dates"]), r["dates"], bool(r["conflict"])
    ('2024-05', 2, '2024-05 ×2; 2024-05-08 ×1', False)
    """
    by = [by] if isinstance(by, str) else list(by)
    keep = list(keep)
    out = []
    for key, g in rows.groupby(by, sort=True, observed=True):
        dated = g[g["date"].notna()]
        given = list(zip(dated["date"], dated["date_precision"].astype(str)))
        votes = Counter(given)
        if votes:
            # tie: the more precise date, then the earlier (a bare year is stored as 1 January)
            best = majority(votes, prefer=lambda dp: (_RANK[dp[1]], dp[0])).winner
            winner = dated[[dp == best for dp in given]].iloc[0]
            listed = sorted(votes, key=lambda dp: (dp[0], -_RANK[dp[1]]))
            text = "; ".join(f"{format_date(d, p)} ×{votes[(d, p)]}" for d, p in listed)
            conflict = not dates_agree([d for d, _ in listed], [p for _, p in listed])
            found = (winner["date"], winner["date_precision"], text, conflict, *(winner[c] for c in keep))
        else:
            found = (pd.NaT, None, "", False, *(None for _ in keep))
        key = key if isinstance(key, tuple) else (key,)
        out.append((*key, found[0], found[1], g["source_id"].nunique(), len(votes), *found[2:]))
    columns = by + ["date", "date_precision", "n_sources", "n_dates", "dates", "conflict"] + keep
    table = pd.DataFrame(out, columns=columns)
    for col in by + ["date", "date_precision"] + keep:
        if len(table) and col in rows.columns:
            table[col] = table[col].astype(rows[col].dtype)
    return table.sort_values(["date", *by], kind="stable", key=_sortable).reset_index(drop=True)


def _sortable(column: pd.Series) -> pd.Series:
    """Sort categorical keys by their text, as the other keys are."""
    return column.astype(str) if isinstance(column.dtype, pd.CategoricalDtype) else column


# --------------------------------------------------------------------------- votes

@dataclass(frozen=True)
class Vote:
    """The outcome of :func:`majority`."""

    winner: object
    votes: int
    tied: tuple
    counts: dict

    @property
    def is_tie(self) -> bool:
        return len(self.tied) > 1


def majority(votes, prefer=None) -> Vote:
    """The value most votes back: the course's one rule for "what most sources say".

    ``votes`` is an iterable of values, one per source (or a mapping value → count).
    The value with most votes wins. **The tie rule**, the same everywhere: among values
    with equally many votes, the one that comes first in the caller's stated order
    (``prefer``, a sort key; by default the values' natural order) wins, and ``tied``
    lists every value with that many votes, so a caller can show the split instead
    (``is_tie``). Nothing is averaged. With no votes, ``winner`` is None.

    Examples
    --------
    >>> majority(["2,500", "2,030", "2,500"]).winner
    '2,500'
    >>> v = majority([2000, 2500]); (v.winner, v.tied, v.is_tie)
    (2000, (2000, 2500), True)
    >>> majority([2000, 2500], prefer=lambda x: -x).winner
    2500
    >>> majority([]).winner is None
    True
    """
    counts = dict(votes) if isinstance(votes, dict) else dict(Counter(votes))
    counts = {k: int(n) for k, n in counts.items() if n}
    if not counts:
        return Vote(None, 0, (), {})
    key = prefer or (lambda value: value)
    top = max(counts.values())
    tied = tuple(sorted((k for k, n in counts.items() if n == top), key=key))
    return Vote(tied[0], top, tied, counts)


# --------------------------------------------------------------------------- themes

def in_theme(rows: pd.DataFrame, theme) -> pd.DataFrame:
    """Every row of the events that at least one source files under ``theme``.

    Sources may file one event under different themes, so a theme selects *events*
    (by ``event_id``), and all their rows are kept, whatever their own theme.

    Parameters
    ----------
    rows : pandas.DataFrame
        The ``events`` table, or rows of it.
    theme : str or list of str
        One theme or several.

    Examples
    --------
    >>> ev = load("events")
    >>> one = in_theme(ev, "kazakhstan_2022")
    >>> one.loc[one["event_id"] == "2022-01-06-csto-council-decision", "theme"].astype(str).unique().tolist()
    ['origins', 'kazakhstan_2022']
    """
    wanted = [theme] if isinstance(theme, str) else list(theme)
    known = (list(rows["theme"].cat.categories) if isinstance(rows["theme"].dtype, pd.CategoricalDtype)
             else sorted(rows["theme"].dropna().astype(str).unique()))
    unknown = [t for t in wanted if t not in known]
    if unknown:
        raise ValueError(f"no theme {', '.join(map(repr, unknown))}; themes are: {', '.join(known)}")
    ids = set(rows.loc[rows["theme"].astype(str).isin(wanted), "event_id"])
    return rows[rows["event_id"].isin(ids)]


# --------------------------------------------------------------------------- requests for help

def case_responses(requests: pd.DataFrame, state: str | None = None) -> pd.DataFrame:
    """One row per case of ``assistance_requests``: how many sources report each CSTO response.

    Counts are of sources, not of responses: five sources describing one mission count
    five. Every response kind of the schema gets a column, so a kind no source reports
    shows as 0. ``response`` is the kind most sources report; ``"sources split"`` when two
    kinds tie, ``"not reported"`` when no source says what the CSTO did.

    Parameters
    ----------
    requests : pandas.DataFrame
        The ``assistance_requests`` table.
    state : str, optional
        ISO3 code; keep only the cases whose ``states`` list holds it.

    Returns
    -------
    pandas.DataFrame
        ``case_id, states, threat_kind, n_sources, articles, <one column per response
        kind>, not_stated, response, n_responses``; ``articles`` lists the treaty articles
        any source names (``"none named"`` if none).

    Raises
    ------
    ValueError
        If no case involves ``state``.

    Examples
    --------
    >>> c = case_responses(load("assistance_requests")).set_index("case_id")
    >>> c.loc["kaz-2022-unrest", ["articles", "response"]].tolist(), int(c.loc["kaz-2022-unrest", "deployment"])
    (['Article 2; Article 4', 'deployment'], 11)
    >>> c.loc["arm-2020-tavush", "response"]
    'sources split'
    """
    rows = requests
    if state is not None:
        rows = rows[rows["states"].fillna("").str.split(";").apply(lambda c: state in [s.strip() for s in c])]
        if rows.empty:
            raise ValueError(f"no assistance cases for {state!r}")
    kinds = (list(requests["response_kind"].cat.categories)
             if isinstance(requests["response_kind"].dtype, pd.CategoricalDtype)
             else sorted(requests["response_kind"].dropna().unique()))
    out = []
    for case_id, g in rows.groupby("case_id", sort=True):
        said = g["response_kind"].astype(object)
        counts = {k: int(g.loc[said == k, "source_id"].nunique()) for k in kinds}
        vote = majority(counts)
        response = "not reported" if vote.winner is None else "sources split" if vote.is_tie else vote.winner
        ranked = [k for k, n in counts.items() if n]
        articles = sorted({a.strip() for cell in g["article_invoked"].dropna() for a in str(cell).split(";")})
        states = sorted({s.strip() for cell in g["states"].dropna() for s in cell.split(";")})
        out.append({"case_id": case_id, "states": ";".join(states),
                    "threat_kind": str(g["threat_kind"].iloc[0]), "n_sources": int(g["source_id"].nunique()),
                    "articles": "; ".join(articles) if articles else "none named", **counts,
                    "not_stated": int(g.loc[said.isna(), "source_id"].nunique()),
                    "response": response, "n_responses": len(ranked)})
    return pd.DataFrame(out)


# --------------------------------------------------------------------------- quotes

#: A quote is a short phrase of its source: at most this many words.
QUOTE_MAX_WORDS = 15

#: The column a dataset's ``quote`` states: the first of these that the row fills
#: (as each resource's description in ``datapackage.json`` says).
QUOTED = {
    "membership": ("date",), "events": ("date",), "alliance_accessions": ("date",),
    "status_proposals": ("date",), "partnerships": ("start",),
    "assistance_requests": ("response_date", "request_date", "crisis_start"),
    "kazakhstan_2022": ("value",), "karabakh_figures": ("value",), "forces": ("personnel",),
    "arms_exports": ("share_pct", "change_pct"), "arms_export_recipients": ("recipients",),
    "arms_imports_by_supplier": ("share_pct",), "arms_export_destinations": ("share_pct",),
    "military_spending": ("value", "share_gdp_pct"), "un_resolutions": ("yes",),
    "arms_diversification": ("quantity", "date"), "side_payments": ("value", "date"),
    "country_facts": ("value",), "borders": ("length_km",),
}

#: Datasets whose quote states a word (a vote, a stance), not a number or a date: no parser reads it.
QUOTED_WORDS = {"un_votes": "vote", "recognitions": "stance"}

#: The few rows whose quote states the value in a form no parser reads are listed, with
#: why, in :data:`csto.validate.EXCEPTIONS` (rule ``quote``).


def quoted_column(dataset: str, row) -> str | None:
    """The column whose value ``row``'s quote must state (None when the row gives none).

    >>> quoted_column("arms_exports", {"share_pct": None, "change_pct": -7.8})
    'change_pct'
    """
    for col in QUOTED.get(dataset, ()):
        value = row[col]
        if value is not None and not pd.isna(value):
            return col
    return None


_SCALE_WORDS = [
    (1e3, r"thousands?|тыс\w*|bin|mila|tausend|tysi\w*|آلاف|ألف"),
    (1e5, r"lakhs?|लाख"),
    (1e6, r"millions?|mln|mn|m|млн|миллион\w*|мільйон\w*|milyon|milion\w*|million[ei]?\w*|millón|millones|"
          r"мілйон\w*|मिलियन|مليون|միլիոն\w*"),
    (1e7, r"crores?|करोड़"),
    (1e9, r"billions?|bn|b|млрд|миллиард\w*|мільярд\w*|milyard|miliard\w*|milliard\w*|mrd|mld|अरब|مليار\w*|"
          r"միլիարդ\w*"),
    (1e12, r"trillions?|трлн|триллион\w*|trilyon"),
]
_SCALE = re.compile(r"\s*-?\s*(?:" + "|".join(f"(?P<s{i}>{p})" for i, (_, p) in enumerate(_SCALE_WORDS))
                    + r")(?!\w)|\s*(?P<cjk>万)", re.IGNORECASE)
#: Digits with thousands separators (one kind per number: 2,030 / 2 030 / 2.030), or plain digits
#: with an optional decimal part (5.9 / 5,9).
_NUMBER = re.compile(r"(?<![\d.,])(?:(?P<grouped>\d{1,3}(?P<sep>[,. \u00a0\u202f'’])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d+)?)"
                     r"|(?P<plain>\d+(?:[.,]\d+)?))(?!\d)")
_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
          "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
#: Two to ten in the other languages the quotes use (Russian, Kyrgyz, Italian, French, German, Polish).
_FOREIGN = {2: "два две эки due deux zwei dwa", 3: "три үч tre trois drei trzy", 4: "четыре төрт quattro quatre vier cztery",
            5: "пять беш cinque cinq fünf pięć", 6: "шесть алты sei six sechs sześć", 7: "семь жети sette sept sieben siedem",
            8: "восемь сегиз otto huit acht osiem", 9: "девять тогуз nove neuf neun dziewięć",
            10: "десять dieci dix zehn dziesięć"}
_WORD_NUMBERS = {**_UNITS, **{w: n for n, words in _FOREIGN.items() for w in words.split()}}


def _digits(text: str) -> str:
    """Any script's decimal digits as ASCII (Arabic-Indic, Devanagari ...)."""
    return re.sub(r"\d", lambda m: str(unicodedata.digit(m.group())), text)


def _readings(match: re.Match) -> list[float]:
    """What a run of digits means: a separator before exactly three digits groups thousands
    (2,030 and 2.030 are 2030), else it is a decimal mark (5,9 is 5.9)."""
    if match.group("plain"):
        return [float(match.group("plain").replace(",", "."))]
    text, sep = match.group("grouped"), match.group("sep")
    head, tail = text, ""
    last = re.search(r"[.,]\d+$", text)
    if last and last.group()[0] != sep:
        head, tail = text[:last.start()], "." + last.group()[1:]
    out = [float(head.replace(sep, "") + tail)]
    parts = head.split(sep)
    if sep not in ",.":
        out += [float(p) for p in parts]  # a space may also just separate two numbers
    return out


def numbers_in(text: str) -> list[float]:
    """Every number a quote states, in each way it may be read.

    Digits with the page's thousands separators and decimal marks, scale words
    (``$1.1 billion``, ``2 milyard 991 milyon``, ``20 अरब``) multiplied out, and
    numbers written as words (``two thousand``, ``Ninety-two``, ``tre``).

    >>> numbers_in("about 2,500 people"), numbers_in("2.030 военнослужащих"), numbers_in("5,9 %")
    ([2500.0], [2030.0], [5.9])
    >>> 1_100_000_000.0 in numbers_in("USD 1.1 billion")
    True
    >>> 2_991_000_000.0 in numbers_in("2 milyard 991 milyon dollardan")
    True
    >>> numbers_in("two thousand crack troops"), numbers_in("Ninety-two countries voted for")
    ([2000.0], [92.0])
    """
    return list(_numbers(text))


@functools.lru_cache(maxsize=4096)
def _numbers(text: str) -> tuple[float, ...]:
    text = _digits(text)
    found: list[float] = []
    scaled: list[tuple[int, int, float, float]] = []  # start, end, number, scale
    for m in _NUMBER.finditer(text):
        readings = _readings(m)
        found += readings
        s = _SCALE.match(text, m.end())
        if s:
            scale = 1e4 if s.group("cjk") else next(f for i, (f, _) in enumerate(_SCALE_WORDS) if s.group(f"s{i}"))
            found += [r * scale for r in readings]
            scaled.append((m.start(), s.end(), readings[0], scale))
    for (_, end1, n1, s1), (start2, _, n2, s2) in zip(scaled, scaled[1:]):
        if s1 > s2 and len(text[end1:start2].strip(" ,и&and")) == 0:
            found.append(n1 * s1 + n2 * s2)  # "1 milyard 330 milyon"
    found += _word_numbers(text)
    return tuple(found)


def _word_numbers(text: str) -> list[float]:
    out, total, current, run = [], 0, 0, False
    for word in re.findall(r"\w+", text.lower()) + [""]:
        if word in _WORD_NUMBERS:
            current += _WORD_NUMBERS[word]
            run = True
        elif run and word in _MULTIPLIERS:
            scale = _MULTIPLIERS[word]
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0
        elif run and word == "and":
            continue
        elif run:
            out.append(float(total + current))
            total, current, run = 0, 0, False
    return out


def _unit_scale(unit) -> float:
    """The scale a unit names: ``USD million`` is 1e6, ``people killed`` is 1."""
    if unit is None or pd.isna(unit):
        return 1.0
    for scale, pattern in _SCALE_WORDS:
        if re.search(rf"(?<!\w)(?:{pattern})(?!\w)", str(unit), re.IGNORECASE):
            return scale
    return 1.0


def states_number(quote: str, value, unit=None) -> bool:
    """Whether ``quote`` states ``value`` (in ``unit``), read as the page writes it.

    A change is stated by its size (``fell by 7.8 per cent`` states -7.8).

    >>> states_number("Russia (27%), Germany (7%)", 27), states_number("Russia (27%)", 28)
    (True, False)
    >>> states_number("2 milyard 991 milyon dollardan", 2991, "USD million")
    True
    """
    target = abs(float(value))
    absolute = target * _unit_scale(unit)
    return any(_same(n, target) or _same(n, absolute) for n in _numbers(quote))


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


#: Month names as the quotes print them: English, Russian, Ukrainian, Polish, German, French,
#: Italian, Spanish, Portuguese, Armenian, Azerbaijani and Turkish (whole words, inflected forms included).
_MONTHS = [
    r"jan|january|janvier|janv|januar|jänner|gennaio|enero|janeiro|январ\w*|січ\w*|stycz\w*|հունվար\w*|yanvar\w*|ocak",
    r"feb|february|février|fevrier|févr|februar|febbraio|febrero|fevereiro|феврал\w*|лют\w*|lut\w*|փետրվար\w*|fevral\w*|şubat",
    r"mar|march|mars|märz|marzo|março|март\w*|берез\w*|marz\w*|marc\w*|մարտ\w*|mart\w*",
    r"apr|april|avril|aprile|abril|апрел\w*|квіт\w*|kwie\w*|ապրիլ\w*|aprel\w*|nisan",
    r"may|mai|maggio|mayo|maio|май|мая|мае|трав\w*|maj\w*|մայիս\w*|mayıs",
    r"jun|june|juin|juni|giugno|junio|junho|июн\w*|черв\w*|czerw\w*|հունիս\w*|iyun\w*|haziran",
    r"jul|july|juillet|juli|luglio|julio|julho|июл\w*|лип\w*|lip\w*|հուլիս\w*|iyul\w*|temmuz",
    r"aug|august|août|aout|agosto|август\w*|серп\w*|sierp\w*|օգոստոս\w*|avqust\w*|ağustos",
    r"sep|sept|september|septembre|settembre|septiembre|setembro|сентябр\w*|верес\w*|wrze\w*|սեպտեմբեր\w*|sentyabr\w*|eylül",
    r"oct|october|octobre|oktober|ottobre|octubre|outubro|октябр\w*|жовт\w*|październik\w*|paźdz\w*|հոկտեմբեր\w*|oktyabr\w*|ekim",
    r"nov|november|novembre|noviembre|novembro|ноябр\w*|листопад\w*|listopad\w*|նոյեմբեր\w*|noyabr\w*|kasım",
    r"dec|december|décembre|decembre|dezember|dicembre|diciembre|dezembro|декабр\w*|груд\w*|grud\w*|դեկտեմբեր\w*|dekabr\w*|aralık",
]
_MONTH = [re.compile(p, re.IGNORECASE) for p in _MONTHS]
#: Weekday names, Monday first (English, Russian, Ukrainian, Polish, German, French, Arabic).
_WEEKDAYS = [
    r"monday|понедельник\w*|понеділ\w*|poniedział\w*|montag|lundi|الاثنين",
    r"tuesday|вторник\w*|вівтор\w*|wtor\w*|dienstag|mardi|الثلاثاء",
    r"wednesday|сред[ауе]|середу|середа|środ\w*|mittwoch|mercredi|الأربعاء",
    r"thursday|четверг\w*|четвер|czwart\w*|donnerstag|jeudi|الخميس",
    r"friday|пятниц\w*|п'ятниц\w*|piąt\w*|freitag|vendredi|الجمعة",
    r"saturday|суббот\w*|субот\w*|sobot\w*|samstag|sonnabend|samedi|السبت",
    r"sunday|воскресень\w*|неділ\w*|niedziel\w*|sonntag|dimanche|الأحد",
]
_WEEKDAY = [re.compile(p, re.IGNORECASE) for p in _WEEKDAYS]
#: Words that date a happening by the page's own day (the dateline): offset in days from it.
_RELATIVE = [(0, r"today|today's|tonight|this morning|this evening|earlier in the day|a few hours ago|"
                 r"сегодня|dziś|dzisiaj|heute|aujourd'hui"),
             (-1, r"yesterday|вчера|wczoraj|gestern|hier")]
_LAST_YEAR = re.compile(r"last year|в прошлом году|минулого року|w zeszłym roku|l'an dernier", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"(?<!\d)(?:(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
                           r"|(?P<d2>\d{1,2})\s*(?P<sep>[./-])\s*(?P<m2>\d{1,2})\s*(?P=sep)\s*(?P<y2>\d{4}|\d{2}))(?!\d)")


@dataclass(frozen=True)
class DateMention:
    """A date, or part of one, that a quote states (missing parts are None)."""

    year: int | None
    month: int | None
    day: int | None


def _year(token: str) -> int | None:
    m = re.match(r"(\d{4})(?!\d)", token)
    if m and 1900 <= int(m.group(1)) <= 2099:
        return int(m.group(1))
    return None


def _two_digit_year(text: str) -> int:
    n = int(text)
    return n if n > 99 else 2000 + n if n < 50 else 1900 + n


def _day(token: str) -> int | None:
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th|er|e|го|-?е)?", token)
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 31 else None


def date_mentions(text: str) -> list[DateMention]:
    """The dates a quote states, each as far as it goes.

    Forms read: ``2022-01-06``; ``15.05.1992``, ``23/05/06``, ``24/4/2014``; a month name in
    any of twelve languages with a day before or after it (``15 May``, ``May 15``, ``18th May``,
    ``15 мая``, ``ապրիլի 20-ից``) and a year among the next or previous three words
    (``May 15, 1992``, ``1994 թվականի ապրիլի 20``, ``7 Jul 04``); a bare year (``in 2006``).

    >>> date_mentions("signed on May 15, 1992 in Tashkent")
    [DateMention(year=1992, month=5, day=15)]
    >>> date_mentions("ГУАМ была создана 10 октября 1997 года")
    [DateMention(year=1997, month=10, day=10)]
    >>> date_mentions("on 23/05/06, the leaders gathered") + date_mentions("established in 2015.")
    [DateMention(year=2006, month=5, day=23), DateMention(year=2015, month=None, day=None)]
    """
    return list(_date_mentions(text))


@functools.lru_cache(maxsize=4096)
def _date_mentions(text: str) -> tuple[DateMention, ...]:
    text = _digits(text)
    out = []
    for m in _NUMERIC_DATE.finditer(text):
        if m.group("y"):
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        else:
            y, mo, d = _two_digit_year(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            out.append(DateMention(y, mo, d))
        if 1 <= d <= 12 and 1 <= mo <= 31 and d != mo:
            out.append(DateMention(y, d, mo))  # month first, as US pages write it
    tokens = re.findall(r"\w+(?:'\w+)?", _NUMERIC_DATE.sub(" ", text))
    used_years = set()
    for i, token in enumerate(tokens):
        month = next((k + 1 for k, rx in enumerate(_MONTH) if rx.fullmatch(token)), None)
        if month is None:
            continue
        at = lambda j: _day(tokens[j]) if 0 <= j < len(tokens) and not _year(tokens[j]) else None
        days = []
        if at(i - 1):  # 15 May; 7–16 August
            days = [at(i - 1)] + ([at(i - 2)] if at(i - 2) else [])
        elif i >= 2 and tokens[i - 1].lower() == "de" and at(i - 2):  # 9 de noviembre
            days = [at(i - 2)]
        elif at(i + 1):  # May 15; February 23 and 24
            days = [at(i + 1)] + ([at(i + 3)] if i + 2 < len(tokens) and tokens[i + 2].lower() in ("and", "и", "et", "y") and at(i + 3) else [])
        year = None
        for j in [i + 1, i + 2, i + 3, i - 1, i - 2, i - 3]:
            if 0 <= j < len(tokens) and _year(tokens[j]):
                year = _year(tokens[j])
                used_years.add(j)
                break
        if year is None and at(i - 1) and i + 1 < len(tokens) and re.fullmatch(r"\d{2}", tokens[i + 1]):
            year = _two_digit_year(tokens[i + 1])  # 7 Jul 04
        out += [DateMention(year, month, day) for day in days or [None]]
    for j, token in enumerate(tokens):
        if j not in used_years and _year(token):
            out.append(DateMention(_year(token), None, None))
    return tuple(out)


def weekdays_in(text: str) -> set[int]:
    """The weekdays a quote names (Monday is 0).

    >>> sorted(weekdays_in("held on Thursday and Friday")), weekdays_in("в четверг, 13 июня")
    ([3, 4], {3})
    """
    words = re.findall(r"[\w']+", text)
    words += [w.rsplit("'", 1)[0] for w in words if "'" in w]  # Sunday's summit
    return {k for k, rx in enumerate(_WEEKDAY) for w in words if rx.fullmatch(w)}


def relative_days(text: str) -> set[int]:
    """Offsets from the page's own date that a quote uses: 0 for 'today', -1 for 'yesterday'.

    >>> relative_days("The CSTO forces will begin to leave today."), relative_days("signed yesterday")
    ({0}, {-1})
    """
    return {offset for offset, pattern in _RELATIVE
            if re.search(rf"(?<!\w)(?:{pattern})(?!\w)", text, re.IGNORECASE)}


def states_date(quote: str, date, precision: str = "day", published=None, page_year: int | None = None) -> str | None:
    """How ``quote`` states ``date`` at ``precision``: ``'text'``, ``'dateline'`` or None (it does not).

    The quote must give the date as precisely as the row claims to know it: the year for
    ``year``; month and year for ``month``; day, month and year for ``day``. A quote may
    leave out the year when the page (``published``, else ``page_year``) is of that year,
    or of the next and the quote says 'last year'.
    A quote that dates the day only relative to the page ('on Monday', 'today',
    'yesterday') states it when the page's date fits: that is a ``'dateline'``. A weekday
    the quote names must be the date's.

    >>> d = pd.Timestamp("2024-06-12")
    >>> states_date("said on Wednesday, June 12, without giving any dates", d, "day", pd.Timestamp("2024-06-12"))
    'text'
    >>> states_date("announced on Wednesday his intention", d, "day", pd.Timestamp("2024-06-13"))
    'dateline'
    >>> states_date("announced on Thursday his intention", d, "day", pd.Timestamp("2024-06-13")) is None
    True
    """
    date = pd.Timestamp(date)
    published = None if published is None or pd.isna(published) else pd.Timestamp(published)
    mentions = _date_mentions(quote)
    years = {m.year for m in mentions if m.year is not None}
    page_year = published.year if published is not None else page_year
    implied = set() if page_year is None else {page_year - 1} if _LAST_YEAR.search(quote) else {page_year}
    year_ok = lambda m: m.year == date.year or (m.year is None and (date.year in years or date.year in implied))
    if precision == "year":
        return "text" if date.year in years or (_LAST_YEAR.search(quote) and date.year in implied) else None
    if precision == "month":
        return "text" if any(m.month == date.month and year_ok(m) for m in mentions) else None
    named = weekdays_in(quote)
    if named and date.weekday() not in named:
        return None
    if any(m.month == date.month and m.day == date.day and year_ok(m) for m in mentions):
        return "text"
    if published is not None:
        lag = (published.normalize() - date.normalize()).days
        if any(lag == -offset for offset in relative_days(quote)):
            return "dateline"
        if named and 0 <= lag <= 7:
            return "dateline"
    return None


_FALL = re.compile(r"(?<!\w)(?:fell|fall\w*|decreas\w*|declin\w*|dipped|dropp?\w*|reduc\w*|down|lower\w*|shr[ai]nk\w*|"
                   r"cut|снизил\w*|сократил\w*|упал\w*|baiss\w*|recul\w*)(?!\w)|(?<![\w.,])[-−]\s?\d", re.IGNORECASE)


def states_change(quote: str, value) -> bool:
    """Whether ``quote`` states a change of ``value`` percent, its size and its direction.

    A fall must be said to be one (``fell``, ``decreased``, ``-64%``); a rise must not be told as a fall.

    >>> states_change("whereas those of China decreased by 7.8 per cent", -7.8)
    True
    >>> states_change("whereas those of China decreased by 7.8 per cent", 7.8)
    False
    """
    if not states_number(quote, value):
        return False
    return bool(_FALL.search(_digits(quote))) == (float(value) < 0)


def quote_coverage(folder=None) -> pd.DataFrame:
    """Per dataset: rows that give a value, rows whose quote states it, and where the page states it.

    ``with_value`` counts rows that fill the column their quote must state (see :data:`QUOTED`;
    for :data:`QUOTED_WORDS`, the vote or stance); ``quoted`` those with a quote; ``text``,
    ``table``, ``chart`` and ``dateline`` split the quoted rows by ``value_in``.

    >>> cov = quote_coverage().set_index("dataset")
    >>> int(cov.loc["arms_export_recipients", "with_value"]) == int(cov.loc["arms_export_recipients", "quoted"])
    True
    """
    out = []
    for name in [*QUOTED, *QUOTED_WORDS]:
        df = load(name, folder)
        if name in QUOTED:
            has = pd.Series([quoted_column(name, row) is not None for row in df.to_dict("records")], index=df.index)
        else:
            has = df[QUOTED_WORDS[name]].notna()
        rows = df[has]
        where = rows["value_in"].astype(str)
        out.append({"dataset": name, "with_value": int(has.sum()), "quoted": int(rows["quote"].notna().sum()),
                    **{kind: int((where == kind).sum()) for kind in allowed(name, "value_in", folder)}})
    return pd.DataFrame(out)
