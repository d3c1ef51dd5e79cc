"""Checks for the graded assignments, and what went wrong in a submission.

The assignments under ``exercises/source/`` are written in otter-grader's format; each
question's tests are small functions that call the checks here. A check returns
quietly when the answer is right, and otherwise raises :class:`Feedback`, whose
message is one sentence a student understands (never an assertion transcript):

- :func:`answer` reads a name from the notebook, and says "not answered yet" when the
  name is missing or still holds ``...``;
- :func:`form` is the public check: the answer is there and has the right shape;
- :func:`expect` compares a value with the right one, naming the likely mistake
  (it reads answers as :mod:`csto.feedback` does for the *Try it* tasks);
- :func:`expect_mapping` compares a Series of counts (label → number) with the right one;
- :func:`expect_rows` checks a table of rows gathered from the data;
- :func:`expect_figure` checks the data behind a figure and its labels, never pixels;
- :func:`expect_ruling` checks a ruling on a ledger claim: a verdict from the ledger's
  set and the ``source_id`` of the rows that support it.

For ``make grade``, :func:`blueprint` reads what a student edition contains (which cell
belongs to which question, which names each question's answer must set), and
:func:`diagnose` compares a submission with it: deleted or moved cells, syntax errors,
renamed answers, cells that stopped with an error. Nothing here needs otter-grader.

>>> form({"n_members": ...}, "n_members", "whole number")
Traceback (most recent call last):
...
csto.grading.Feedback: `n_members`: not answered yet. Replace ... with your answer and run the cell again.
>>> expect({"n_members": "7"}, "n_members", 6)
Traceback (most recent call last):
...
csto.grading.Feedback: `n_members`: 7 is off by one: check whether you counted both ends, or one item twice.
>>> expect({"n_members": 6.0}, "n_members", 6) is None
True
"""

from __future__ import annotations

import ast
import functools
import math
import numbers
import re
from dataclasses import dataclass, field

from csto.feedback import NOT_ANSWERED, Expect, _plain, _Table, evaluate
from csto.ledger import RULINGS, claims

__all__ = ["Feedback", "answer", "form", "expect", "expect_mapping", "expect_rows", "expect_figure", "figure_data",
           "expect_ruling", "Cell", "blueprint", "diagnose", "assigned_names", "KINDS"]


class Feedback(AssertionError):
    """A check did not pass; the message is one sentence for the student."""


#: The shapes :func:`form` knows, and how a sentence names each.
KINDS = {
    "whole number": "a whole number",
    "number": "a number",
    "text": "text in quotes",
    "list": "a list, e.g. ['A', 'B']",
    "table": "a table (a DataFrame)",
    "series": "a Series (one column of numbers with labels)",
    "axes": "the Axes you drew on (the `ax` of `fig, ax = plt.subplots()`)",
    "ruling": 'a ruling: {"verdict": ..., "source_ids": [...]}',
}


def _missing_sentence(name: str) -> str:
    return (f"`{name}`: not answered yet (there is no `{name}` in the notebook: run the cell that "
            f"sets it, and keep the name `{name}` as given).")


def answer(env: dict, name: str):
    """The value the notebook holds under ``name``; :class:`Feedback` when it is not answered.

    >>> answer({"x": 3}, "x")
    3
    >>> answer({}, "x")
    Traceback (most recent call last):
    ...
    csto.grading.Feedback: `x`: not answered yet (there is no `x` in the notebook: run the cell that sets it, and keep the name `x` as given).
    """
    if name not in env:
        raise Feedback(_missing_sentence(name))
    value = env[name]
    if value is NOT_ANSWERED:
        raise Feedback(f"`{name}`: not answered yet. Replace ... with your answer and run the cell again.")
    return value


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _kind_of(value) -> str:
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        return f"a table of {value.shape[0]} rows and {value.shape[1]} columns"
    if isinstance(value, pd.Series):
        return f"a Series of {len(value)} values"
    if isinstance(value, bool):
        return "True/False"
    if isinstance(value, numbers.Integral):
        return "a whole number"
    if _is_number(value):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple, set)):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a dictionary"
    if value is None:
        return "None (nothing was stored: write the value itself, not print(...))"
    return f"a {type(value).__name__}"


def form(env: dict, name: str, kind: str, *, columns=()) -> None:
    """The public check: ``name`` is answered and has the shape ``kind`` (see :data:`KINDS`).

    It says nothing about whether the value is right; the hidden tests do that when
    the work is graded.

    >>> form({"share": "6.6%"}, "share", "number")
    >>> form({"codes": "KAZ"}, "codes", "list")
    Traceback (most recent call last):
    ...
    csto.grading.Feedback: `codes` should be a list, e.g. ['A', 'B'], but it is text.
    """
    import pandas as pd

    value = answer(env, name)
    if kind == "ruling":
        _ruling_parts(name, value)
        return
    if kind == "axes":
        if not _has_data(_axes(name, value)):
            raise Feedback(f"`{name}`: not answered yet: nothing is drawn on it. Draw your figure on `{name}`.")
        return
    if kind == "table":
        if not isinstance(value, pd.DataFrame):
            raise Feedback(f"`{name}` should be {KINDS[kind]}, but it is {_kind_of(value)}.")
        if len(value) == 0:
            raise Feedback(f"`{name}` is a table with no rows: check your filter.")
        lacking = [c for c in columns if c not in value.columns]
        if lacking:
            raise Feedback(f"`{name}` lacks the column(s) {', '.join(map(repr, lacking))}: keep them when you select columns.")
        return
    if kind == "series":
        if isinstance(value, pd.DataFrame) and value.shape[1] == 1:
            value = value.iloc[:, 0]
        if not isinstance(value, pd.Series):
            raise Feedback(f"`{name}` should be {KINDS[kind]}, but it is {_kind_of(value)}.")
        if len(value) == 0:
            raise Feedback(f"`{name}` is empty: check your filter.")
        return
    read = _plain(value)
    if isinstance(read, _Table):
        raise Feedback(f"`{name}` should be {KINDS[kind]}, but it is a whole table: pick the column or the cell.")
    if kind in ("whole number", "number"):
        if isinstance(read, str) and re.fullmatch(r"\s*[+-]?[\d,. ]+%?\s*", read):
            return  # a number in quotes: the value check reads it, and says it needs no quotes
        if isinstance(read, list):
            raise Feedback(f"`{name}` should be one number, but it is {_kind_of(read)} values.")
        if not _is_number(read):
            raise Feedback(f"`{name}` should be {KINDS[kind]}, but it is {_kind_of(read)}.")
        if isinstance(read, float) and math.isnan(read):
            raise Feedback(f"`{name}` is NaN (not a number): the calculation found no value; check your filter.")
        if kind == "whole number" and isinstance(read, float) and not read.is_integer():
            raise Feedback(f"`{name}` should be a whole number, but {read:g} has decimals.")
        return
    if kind == "text":
        if isinstance(read, list) and len(read) == 1:
            read = read[0]
        if not isinstance(read, str):
            raise Feedback(f"`{name}` should be {KINDS[kind]}, but it is {_kind_of(read)}.")
        if not read.strip():
            raise Feedback(f"`{name}` is empty text: write your answer between the quotes.")
        return
    if kind == "list":
        if not isinstance(read, list):
            raise Feedback(f"`{name}` should be {KINDS[kind]}, but it is {_kind_of(read)}.")
        if not read:
            raise Feedback(f"`{name}` is an empty list.")
        return
    raise ValueError(f"unknown kind {kind!r}; use one of {list(KINDS)}")


@functools.lru_cache(maxsize=1)
def _country_aliases() -> dict:
    from csto.data import load

    countries = load("countries")
    return {name.casefold(): code for code, name in zip(countries["iso3"], countries["name"])}


def expect(env: dict, name: str, right, *, tolerance: float = 0, percent: bool = False,
           ordered: bool = False, choices=(), mistakes=(), countries: bool = False) -> None:
    """``name`` holds ``right``; otherwise :class:`Feedback` names the mistake.

    Answers are read generously where that is unambiguous (a one-value Series is its
    value, ``"7"`` is 7, list order is ignored unless ``ordered``); ``mistakes`` lists
    likely wrong answers and the sentence each gets (see :class:`csto.feedback.Expect`).
    With ``countries``, country names count as their ISO3 codes.

    >>> expect({"codes": ["Georgia", "AZE"]}, "codes", ["AZE", "GEO"], countries=True)
    >>> expect({"share": 0.25}, "share", 25.0, tolerance=0.5, percent=True)
    Traceback (most recent call last):
    ...
    csto.grading.Feedback: `share`: 0.25 looks like a fraction; the answer is a percent (multiply by 100).
    """
    value = answer(env, name)
    aliases = _country_aliases() if countries else {}
    ok, why = evaluate(value, Expect(right, tolerance=tolerance, percent=percent, ordered=ordered,
                                     choices=tuple(choices), mistakes=tuple(mistakes), aliases=aliases))
    if ok is None:
        raise Feedback(f"`{name}`: {why}")
    if not ok:
        raise Feedback(f"`{name}`: {why}")


def _mapping(value) -> dict | None:
    """A Series, a one-column table or a dict as ``{label: number}`` (labels as text), or None."""
    import pandas as pd

    if isinstance(value, pd.DataFrame) and value.shape[1] == 1:
        value = value.iloc[:, 0]
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if not isinstance(value, dict):
        return None
    out = {}
    for label, number in value.items():
        number = _plain(number)
        if not _is_number(number):
            return None
        out[_label(label)] = float(number)
    return out


def _label(label) -> str:
    """A label as text; a date at midnight as ``YYYY-MM-DD``."""
    import datetime

    import pandas as pd

    if isinstance(label, (pd.Timestamp, datetime.datetime)) and label == pd.Timestamp(label).normalize():
        return pd.Timestamp(label).strftime("%Y-%m-%d")
    if isinstance(label, datetime.date) and not isinstance(label, datetime.datetime):
        return label.isoformat()
    return str(label).strip()


def expect_mapping(env: dict, name: str, right: dict, *, tolerance: float = 0, mistakes=(),
                   what: str = "values") -> None:
    """``name`` is a Series (or dict) with the numbers of ``right`` under the same labels.

    Labels whose number is 0 may be left out (a group and count keeps only what occurs).
    ``mistakes`` lists ``(wrong mapping, sentence)`` pairs for likely wrong answers.

    >>> import pandas as pd
    >>> expect_mapping({"k": pd.Series({"news": 3, "wire": 1, "academic": 0})}, "k", {"news": 3, "wire": 1})
    >>> expect_mapping({"k": pd.Series({"news": 4, "wire": 1})}, "k", {"news": 3, "wire": 1},
    ...                mistakes=[({"news": 4, "wire": 1}, "this counts rows, not sources.")])
    Traceback (most recent call last):
    ...
    csto.grading.Feedback: `k`: this counts rows, not sources.
    """
    value = answer(env, name)
    got = _mapping(value)
    if got is None:
        raise Feedback(f"`{name}` should be a Series of numbers, one per label (as `.value_counts()` or "
                       f"`.groupby(...).size()` give), but it is {_kind_of(value)}.")

    def same(a: dict, b: dict) -> bool:
        a = {k: v for k, v in a.items() if v != 0}
        b = {_label(k): float(v) for k, v in b.items() if v != 0}
        return a.keys() == b.keys() and all(abs(a[k] - b[k]) <= tolerance + 1e-9 for k in a)

    if same(got, right):
        return
    for wrong, message in mistakes:
        if same(got, wrong):
            raise Feedback(f"`{name}`: {message}")
    right = {_label(k): v for k, v in right.items()}
    want = {k for k, v in right.items() if v != 0}
    have = {k for k, v in got.items() if v != 0}
    if have != want:
        def some(labels):
            labels = sorted(labels)
            return ", ".join(labels[:4]) + (f" and {len(labels) - 4} more" if len(labels) > 4 else "")

        parts = []
        if want - have:
            parts.append("missing " + some(want - have))
        if have - want:
            parts.append("not expected: " + some(have - want))
        raise Feedback(f"`{name}` has the wrong labels ({'; '.join(parts)}): check your filter and what you group by.")
    wrong = sorted(k for k in want if abs(got[k] - float(right[k])) > tolerance + 1e-9)
    raise Feedback(f"`{name}` has the right labels, but the {what} for {', '.join(wrong[:3])} "
                   f"{'is' if len(wrong) == 1 else 'are'} not right.")


def expect_rows(env: dict, name: str, *, required=(), allowed=None, what: str = "the rows",
                hint: str = "") -> None:
    """``name`` is a table of sourced rows that holds every source in ``required``.

    Parameters
    ----------
    required : iterable of str
        ``source_id`` values the table must hold (the rows that bear on the question).
    allowed : iterable of str, optional
        Every ``source_id`` the table may hold; a row from elsewhere gets a sentence.
    what : str
        What the rows are, in words, for the sentences ("the rows that date a signature in 1992").
    hint : str
        Added after a sentence about missing or extra rows.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"source_id": ["a", "b"]})
    >>> expect_rows({"r": rows}, "r", required=["a", "b", "c"], what="the rows about X")
    Traceback (most recent call last):
    ...
    csto.grading.Feedback: `r` holds 2 of the 3 sources of the rows about X; 1 is missing.
    """
    import pandas as pd

    value = answer(env, name)
    if not isinstance(value, pd.DataFrame):
        raise Feedback(f"`{name}` should be a table of rows (a DataFrame), but it is {_kind_of(value)}.")
    if "source_id" not in value.columns:
        raise Feedback(f"`{name}` has no `source_id` column: keep it, so every row still names its source.")
    held = set(value["source_id"].dropna().astype(str))
    required = set(required)
    extra = sorted(held - set(allowed)) if allowed is not None else []
    missing = required - held
    tail = f" {hint}" if hint else ""
    if missing:
        raise Feedback(f"`{name}` holds {len(required) - len(missing)} of the {len(required)} sources of "
                       f"{what}; {len(missing)} {'is' if len(missing) == 1 else 'are'} missing.{tail}")
    if extra:
        shown = ", ".join(extra[:3]) + (f" and {len(extra) - 3} more" if len(extra) > 3 else "")
        raise Feedback(f"`{name}` also holds rows that are not {what} ({shown}): narrow your filter.{tail}")


# --------------------------------------------------------------------------- figures

def _axes(name: str, value):
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(value, Figure):
        drawn = [ax for ax in value.axes if _has_data(ax)]
        if not drawn:
            raise Feedback(f"`{name}` is a figure with nothing drawn on it yet.")
        return drawn[0]
    if isinstance(value, Axes):
        return value
    raise Feedback(f"`{name}` should be {KINDS['axes']}, but it is {_kind_of(value)}.")


def _has_data(ax) -> bool:
    return any(len(v) for v in figure_data(ax).values())


def figure_data(ax) -> dict:
    """The numbers drawn on an Axes: bar lengths, line and point values, by kind of mark.

    A horizontal span (``ax.hlines``, or a two-point flat line such as a SIPRI window
    drawn from its first year to its last) counts once, as the value it stands for.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(); _ = ax.bar(["a", "b"], [3, 1]); _ = ax.plot([0, 1], [2, 5])
    >>> figure_data(ax)
    {'bars': [3.0, 1.0], 'lines': [2.0, 5.0], 'points': []}
    >>> plt.close(fig)
    """
    from matplotlib.container import BarContainer

    from matplotlib.collections import LineCollection

    bars, lines, points = [], [], []
    for container in ax.containers:
        if isinstance(container, BarContainer):
            horizontal = getattr(container, "orientation", None) == "horizontal"
            for patch in container.patches:
                bars.append(float(patch.get_width() if horizontal else patch.get_height()))
    for line in ax.lines:
        ys = [float(y) for y in line.get_ydata() if _is_number(y)]
        if len(ys) == 2 and ys[0] == ys[1]:
            lines.append(ys[0])  # a span: one value drawn from its start to its end
        elif len(ys) > 1 or line.get_marker() not in (None, "None", "", " "):
            lines += ys
    for collection in ax.collections:
        if isinstance(collection, LineCollection):  # ax.hlines and ax.vlines: one value per segment
            for segment in collection.get_segments():
                ys = {float(y) for _, y in segment}
                lines += sorted(ys) if len(ys) > 1 else list(ys)
            continue
        offsets = collection.get_offsets()
        if len(offsets) and getattr(offsets, "shape", (0, 0))[-1] == 2:
            points += [float(y) for _, y in offsets]
    return {"bars": bars, "lines": lines, "points": points}


def _tick_words(ax) -> list[str]:
    texts = [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    legend = ax.get_legend()
    if legend is not None:
        texts += [t.get_text() for t in legend.get_texts()]
    return [t for t in texts if t.strip()]


def expect_figure(env: dict, name: str, *, values=None, labels=None, tolerance: float = 1e-6,
                  what: str = "the values", check: str = "data") -> None:
    """Check a figure from the Axes the notebook keeps under ``name``: its data or its labels.

    ``check="data"``: the bars, lines or points drawn hold exactly ``values`` (in any order),
    and, when ``labels`` is given, the tick labels or legend name every one of them.
    ``check="labels"``: something is drawn, the figure has a title and a label on the axis
    of the values, and no tick label or legend entry is a code (``KAZ``, ``internal_unrest``).

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(); _ = ax.bar(["news", "wire"], [5, 2])
    >>> expect_figure({"ax": ax}, "ax", values=[2, 5], labels=["news", "wire"])
    >>> expect_figure({"ax": ax}, "ax", check="labels")
    Traceback (most recent call last):
    ...
    csto.grading.Feedback: `ax`: the figure has no title; say what it shows with ax.set_title(...).
    >>> plt.close(fig)
    """
    ax = _axes(name, answer(env, name))
    drawn = figure_data(ax)
    if not any(drawn.values()):
        raise Feedback(f"`{name}`: nothing is drawn yet; plot {what} on this Axes.")
    if check == "labels":
        titles = [ax.get_title(loc) for loc in ("left", "center", "right")]
        suptitle = getattr(ax.figure, "_suptitle", None) if ax.figure is not None else None
        if not any(t.strip() for t in titles) and not (suptitle and suptitle.get_text().strip()):
            raise Feedback(f"`{name}`: the figure has no title; say what it shows with ax.set_title(...).")
        horizontal = any(getattr(c, "orientation", None) == "horizontal" for c in ax.containers)
        value_label = ax.get_xlabel() if horizontal else ax.get_ylabel()
        if not value_label.strip():
            axis = "x" if horizontal else "y"
            raise Feedback(f"`{name}`: the axis of the values has no label; name the quantity and its unit "
                           f"with ax.set_{axis}label(...).")
        from csto.plots import code_labels

        codes = code_labels(ax.figure) if ax.figure is not None else []
        if codes:
            raise Feedback(f"`{name}`: label the figure in words, not codes: {', '.join(dict.fromkeys(codes))}.")
        return
    if values is not None:
        want = sorted(float(v) for v in values)
        for kind in ("bars", "lines", "points"):
            got = sorted(drawn[kind])
            if len(got) == len(want) and all(abs(a - b) <= tolerance for a, b in zip(got, want)):
                break
        else:
            marks = max(drawn, key=lambda k: len(drawn[k]))
            got = drawn[marks]
            if len(got) != len(want):
                raise Feedback(f"`{name}` draws {len(got)} {marks} but {what} are {len(want)} values: "
                               "plot each of them once.")
            raise Feedback(f"`{name}` draws {len(want)} {marks}, but their values are not {what}: "
                           "plot the variable you computed, not a copy typed by hand.")
    if labels is not None:
        words = {t.strip().casefold() for t in _tick_words(ax)}
        absent = [str(label) for label in labels if str(label).strip().casefold() not in words]
        if absent:
            raise Feedback(f"`{name}`: the labels do not name {', '.join(absent[:3])}; "
                           "label each bar or line with what it stands for.")


# --------------------------------------------------------------------------- rulings

def _ruling_parts(name: str, value, *, check_ids: bool = True):
    example = '{"verdict": "supported", "source_ids": ["an-id", "another-id"]}'
    if not isinstance(value, dict):
        raise Feedback(f"`{name}` should be a ruling like {example}, but it is {_kind_of(value)}.")
    lacking = [k for k in ("verdict", "source_ids") if k not in value]
    if lacking:
        raise Feedback(f"`{name}` lacks the key(s) {', '.join(map(repr, lacking))}; write it like {example}.")
    verdict, ids = value["verdict"], value["source_ids"]
    blank = ids is NOT_ANSWERED or (isinstance(ids, (list, tuple)) and any(i is NOT_ANSWERED for i in ids))
    if verdict is NOT_ANSWERED or blank:
        raise Feedback(f"`{name}`: not answered yet. Replace each ... with your verdict and the source ids.")
    verdict = _plain(verdict)
    if not isinstance(verdict, str) or verdict.strip().casefold() not in {v.casefold() for v in RULINGS}:
        shown = repr(verdict) if isinstance(verdict, str) else _kind_of(verdict)
        raise Feedback(f"`{name}`: the verdict should be one of {', '.join(map(repr, RULINGS))}; this is {shown}.")
    ids = _plain(ids)
    if isinstance(ids, str):
        ids = [ids]
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and i.strip() for i in ids):
        raise Feedback(f"`{name}`: \"source_ids\" should be a list of source ids (text), e.g. "
                       f"[\"an-id\", \"another-id\"].")
    from csto.data import sources

    known = set(sources().index)
    unknown = [i for i in ids if i.strip() not in known]
    if unknown and check_ids:
        raise Feedback(f"`{name}`: {', '.join(map(repr, unknown[:3]))} {'is' if len(unknown) == 1 else 'are'} "
                       "not a source_id of the data; copy ids from the `source_id` column.")
    return verdict.strip().casefold(), list(dict.fromkeys(i.strip() for i in ids))


def _ledger_rows(claim_id: str) -> tuple[set, set]:
    """The ledger's evidence rows for a claim, and the rows it lists against its verdict."""
    table = claims().set_index("claim_id")
    if claim_id not in table.index:
        return set(), set()
    split = lambda cell: {s.strip() for s in str(cell or "").split(";") if s.strip() and str(cell) != "nan"}  # noqa: E731
    row = table.loc[claim_id]
    return (split(row["evidence_sources"]) if "evidence_sources" in table.columns else set(),
            split(row["against_sources"]) if "against_sources" in table.columns else set())


def expect_ruling(env: dict, name: str, claim_id: str, *, part: str = "verdict", support=(), need: int = 1,
                  against=(), independent: int = 0, mistakes=(), ledger: bool = True) -> None:
    """Check a ruling on a ledger claim: ``{"verdict": ..., "source_ids": [...]}``.

    ``part="verdict"``: the verdict is the one the claims ledger (``seeds/claims.csv``)
    reaches, read when the work is graded. ``mistakes`` maps other verdicts to a sentence.
    ``part="sources"``: every cited source is one of ``support`` (the rows that bear
    the verdict out), none is in ``against``, and at least ``need`` are cited; with
    ``independent``, at least that many cited sources are not copies of one another
    (the ``copy_of`` column of ``sources``). With ``ledger`` (the default), the ledger's
    ``evidence_sources`` for the claim count as support and its ``against_sources`` as
    against; a capstone, where the student's verdict may differ from the ledger's, turns it off.
    """
    verdict, ids = _ruling_parts(name, answer(env, name), check_ids=part != "verdict")
    if ledger:
        more_support, more_against = _ledger_rows(claim_id)
        against = set(against) | more_against
        support = (set(support) | more_support) - against
    if part == "verdict":
        row = claims().set_index("claim_id").loc[claim_id]
        right = str(row["verdict"])
        if verdict != right.casefold():
            for wrong, message in mistakes:
                if wrong.casefold() == verdict:
                    raise Feedback(f"`{name}`: {message}")
            raise Feedback(f"`{name}`: the data do not bear out {verdict!r} for {claim_id}: weigh what each "
                           "row shows, and what none of them shows.")
        return
    cited_against = [i for i in ids if i in set(against)]
    if cited_against:
        raise Feedback(f"`{name}`: {', '.join(cited_against)} cuts the other way: it is evidence against "
                       "your verdict, not for it.")
    off = [i for i in ids if i not in set(support)]
    if off:
        raise Feedback(f"`{name}`: {', '.join(off[:3])} {'does' if len(off) == 1 else 'do'} not support the "
                       f"verdict on {claim_id}; cite only rows that bear it out.")
    if len(ids) < need:
        raise Feedback(f"`{name}`: cite at least {need} sources that support the verdict (you cite {len(ids)}).")
    if independent:
        groups = _independent_groups(ids)
        if groups < independent:
            raise Feedback(f"`{name}`: your sources come down to {groups} independent report(s); cite at least "
                           f"{independent} that are not copies of one another (see `copy_of` in the sources).")


def _independent_groups(ids) -> int:
    from csto.data import sources

    table = sources()
    roots = set()
    for sid in ids:
        copy = table.loc[sid, "copy_of"] if "copy_of" in table.columns else None
        roots.add(copy if isinstance(copy, str) and copy else sid)
    return len(roots)


# --------------------------------------------------------------------------- submissions

@dataclass
class Cell:
    """One cell of a student edition, as ``make grade`` needs to know it."""

    id: str
    kind: str                 # "code" or "markdown"
    role: str                 # init, setup, prompt, answer, check, response, export, text, code
    question: str = ""        # q1, q2, ... or "" outside questions
    names: tuple = ()         # for answer cells: the names the answer must set
    source: str = ""


_ID = re.compile(r"^(?P<q>q\d+[a-z]?)-(?P<role>prompt|answer|check|response|text|code)(?:-\d+)?$")


def assigned_names(source: str) -> set[str]:
    """Every name a cell's code sets (assignments, loops, imports, definitions).

    IPython syntax (``%magic``, ``!shell``) is translated first; a cell with a syntax
    error sets nothing.

    >>> sorted(assigned_names("a = 1\\nb, c = 2, 3\\nfor d in []: pass\\nimport pandas as pd"))
    ['a', 'b', 'c', 'd', 'pd']
    """
    tree = _parse(source)[0]
    if tree is None:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def _parse(source: str):
    """(tree, None) or (None, (line, message)) for a cell's code."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        code = TransformerManager().transform_cell(source)
    except Exception:  # IPython missing or a transform error: read it as plain Python
        code = source
    try:
        return ast.parse(code), None
    except SyntaxError as err:
        return None, (err.lineno or 0, err.msg or "invalid syntax")


def _answer_names(source: str) -> tuple:
    """Names an answer template sets to ``...``: ``n = ...`` or ``ruling = {"verdict": ...}``."""
    tree = _parse(source)[0]
    if tree is None:
        return ()
    names = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Name):
                        names.append(sub.id)
    return tuple(dict.fromkeys(names))


def blueprint(student_nb: dict) -> list[Cell]:
    """The cells of a student edition, with the question and role each one has.

    Roles come from the cell ids that ``make assign`` gives the student edition
    (``q3-answer``, ``q3-check``, ``setup``, ...). Answer cells list the names the
    question's tests read: the names the template sets to ``...`` that its public
    tests (kept in the notebook's metadata) name.
    """
    tests = (student_nb.get("metadata", {}).get("otter", {}) or {}).get("tests", {}) or {}
    cells = []
    for cell in student_nb["cells"]:
        cid = cell.get("id", "")
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        m = _ID.match(cid)
        if m:
            role, question = m["role"], m["q"]
        elif cid.startswith(("init", "setup", "export")):
            role, question = cid.split("-")[0], ""
        else:
            role, question = ("code" if cell["cell_type"] == "code" else "text"), ""
        names = ()
        if role == "answer" and cell["cell_type"] == "code":
            read = str(tests.get(question, ""))
            names = tuple(n for n in _answer_names(source) if f'"{n}"' in read or f"'{n}'" in read)
        cells.append(Cell(cid, cell["cell_type"], role, question, names, source))
    return cells


def _where(cell: Cell | None, number: int) -> str:
    if cell is not None and cell.question:
        return f"{cell.question}: cell {number}"
    return f"cell {number}"


def diagnose(submission: dict, plan: list[Cell], errors: dict | None = None) -> list[str]:
    """What went wrong in a submission, one sentence each, compared with its student edition.

    Parameters
    ----------
    submission : dict
        The submitted notebook (parsed JSON).
    plan : list of Cell
        The student edition's :func:`blueprint`.
    errors : dict, optional
        ``{cell id: "ErrorName: message"}`` for cells that stopped with an error when the
        submission was run for grading.
    """
    notes = []
    by_id = {c.id: c for c in plan}
    cells = submission.get("cells", [])
    ids = [c.get("id", "") for c in cells]
    sources = ["".join(c["source"]) if isinstance(c.get("source"), list) else c.get("source", "")
               for c in cells]
    code = [(i, s) for i, (c, s) in enumerate(zip(cells, sources)) if c.get("cell_type") == "code"]
    set_anywhere = set().union(*(assigned_names(s) for _, s in code)) if code else set()

    # which question each submitted cell belongs to: its own id, or the last known cell above it
    owner, current = [], None
    for cid in ids:
        current = by_id.get(cid, current)
        owner.append(current)

    # deleted cells and renamed answers (an answer cell with a syntax error is reported below)
    present = set(ids)
    broken = {cid for cid, (c, s) in zip(ids, zip(cells, sources))
              if c.get("cell_type") == "code" and _parse(s)[1] is not None}
    for cell in plan:
        if cell.role == "setup" and cell.id not in present:
            notes.append("the setup cell was deleted, so the tables and imports it made were missing for "
                         "every cell after it.")
        if cell.role == "answer" and cell.names:
            unset = [n for n in cell.names if n not in set_anywhere]
            if unset and cell.id not in present:
                notes.append(f"{cell.question}: the answer cell was deleted, so "
                             f"{', '.join(f'`{n}`' for n in unset)} {'is' if len(unset) == 1 else 'are'} never set.")
            elif unset and cell.id not in broken:
                notes.append(f"{cell.question}: {', '.join(f'`{n}`' for n in unset)} "
                             f"{'is' if len(unset) == 1 else 'are'} never set: was it renamed? "
                             "The grader reads the names given in the question.")

    # moved cells: the code cells of the edition must keep their order
    order = [by_id[cid] for cid in ids if cid in by_id and by_id[cid].kind == "code"
             and by_id[cid].role in ("setup", "answer", "code")]
    rank = {c.id: k for k, c in enumerate(plan)}
    for earlier, later in zip(order, order[1:]):
        if rank[later.id] < rank[earlier.id]:
            what = lambda c: f"{c.question}'s answer cell" if c.role == "answer" else f"the {c.role} cell"  # noqa: E731
            notes.append(f"cells were moved: {what(earlier)} now comes before {what(later)}. "
                         "The notebook is graded top to bottom, so a cell that uses a name made further down fails.")
            break

    # syntax errors, then cells that stopped with an error
    numbers = {}
    for k, (i, source) in enumerate(code, 1):
        numbers[ids[i]] = i + 1
        tree, problem = _parse(source)
        if problem:
            line, message = problem
            notes.append(f"{_where(owner[i], i + 1)} has a syntax error (line {line}: {message}), "
                         "so none of it ran.")
    for cid, error in (errors or {}).items():
        if error.split(":")[0] in ("SyntaxError", "IndentationError"):
            continue
        i = ids.index(cid) if cid in ids else None
        where = _where(owner[i], i + 1) if i is not None else "a cell"
        notes.append(f"{where} stopped with an error ({error}); the rest of that cell did not run.")
    return notes
