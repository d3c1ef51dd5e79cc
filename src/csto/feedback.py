"""Instant, kind feedback for the "Try it" tasks.

:func:`evaluate` compares a student's answer with the expected one (computed from
the data, never typed in) and returns whether it is right and one sentence a student
understands: what is right, or which mistake it looks like. :func:`check` prints that
sentence. Nothing here raises on a student's answer, whatever its type.

What is read generously, because it is unambiguous:

- a one-value Series or one-cell DataFrame is its value; a one-column table or a Series
  is a list of its values; a one-item list is its item where one value is expected;
- a number written as text (``"7"``, ``"2,030"``, ``"6.6%"``) is that number, with a note;
- ``7.0`` is the whole number 7;
- text ignores case, spaces at the ends, and ``_`` versus a space;
- list answers ignore order, unless the task says order matters (then it says so);
- ``aliases`` let other spellings count, e.g. country names for ISO3 codes.

What gets its own sentence: a fraction where a percent is expected, a value that is
off by one, a list where one value is expected and the reverse, a whole table, text
outside the allowed choices, and every likely mistake a task lists in ``mistakes``.

>>> check("members in 1995", 9, Expect(9))
✅ members in 1995: correct.
True
>>> check("members in 1995", "9", Expect(9))
✅ members in 1995: correct (a number needs no quotes: 9, not '9').
True
>>> check("Belarus's share", 0.066, Expect(6.6, tolerance=0.05, percent=True))
❌ Belarus's share: 0.066 looks like a fraction; the answer is a percent (multiply by 100).
False
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass, field
from typing import Mapping

from csto.ledger import RULINGS

__all__ = ["NOT_ANSWERED", "VERDICTS", "Expect", "Judgement", "evaluate", "evaluate_judgement", "check"]

#: What a blank "Try it" cell holds until the student answers.
NOT_ANSWERED = ...

#: The verdicts a student can give: the claims ledger's (csto.ledger.VERDICTS, defined once), but "open".
VERDICTS = RULINGS


@dataclass(frozen=True)
class Expect:
    """The expected answer of a task, and how to read answers to it.

    Parameters
    ----------
    value : object
        The right answer: a whole number, a number, text, True/False, or a list.
    tolerance : float
        How far a number may be from ``value`` and still be right.
    percent : bool
        ``value`` is a percent: a fraction (0.066 for 6.6) gets its own message.
    ordered : bool
        For lists: the order matters.
    choices : tuple of str
        For text: the allowed answers (an answer outside them is told the list).
    mistakes : tuple of (matcher, message)
        Likely wrong answers and the sentence each gets. A matcher is a value (compared
        as answers are) or a function of the read answer returning True/False.
    aliases : mapping
        Other spellings of text values (lower case), e.g. ``{"kazakhstan": "KAZ"}``.
    """

    value: object
    tolerance: float = 0
    percent: bool = False
    ordered: bool = False
    choices: tuple = ()
    mistakes: tuple = ()
    aliases: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class Judgement:
    """The expected answer of a *judge* task: a verdict and the rows that support it.

    Parameters
    ----------
    verdicts : tuple of str
        The verdicts the evidence allows (the first is the model answer's).
    support : tuple of str
        ``source_id`` of the rows that support those verdicts.
    need : int
        How many of ``support`` an answer must cite.
    against : tuple of str
        Rows that cut the other way: citing one as support gets its own message.
    candidates : tuple of str
        The rows shown to the student, in order: ``1`` stands for the first, and so on.
    mistakes : tuple of (verdict, message)
        What to say to a verdict the evidence does not allow.
    model : str
        The model answer, shown after any attempt.
    scale : tuple of str
        The verdicts a student may choose from.
    """

    verdicts: tuple
    support: tuple
    need: int = 1
    against: tuple = ()
    candidates: tuple = ()
    mistakes: tuple = ()
    model: str = ""
    scale: tuple = VERDICTS


class _Table:
    """Marker for an answer that is a whole table."""

    def __init__(self, shape):
        self.rows, self.cols = shape


def _kind(value) -> str:
    if isinstance(value, bool):
        return "True/False"
    if isinstance(value, numbers.Integral):
        return "a whole number"
    if isinstance(value, numbers.Real):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple, set, frozenset)):
        return f"a list of {len(value)}"
    if isinstance(value, _Table):
        return f"a table of {value.rows} rows and {value.cols} columns"
    if value is None:
        return "None"
    return f"a {type(value).__name__}"


def _plain(value):
    """numpy and pandas scalars as Python values; tables and columns unwrapped."""
    module = type(value).__module__ or ""
    if module.startswith("pandas"):
        import pandas as pd
        if isinstance(value, pd.DataFrame):
            if value.shape == (1, 1):
                return _plain(value.iat[0, 0])
            if value.shape[1] == 1:
                return [_plain(v) for v in value.iloc[:, 0]]
            return _Table(value.shape)
        if isinstance(value, (pd.Series, pd.Index, pd.Categorical)):
            items = [_plain(v) for v in value]
            return items[0] if len(items) == 1 else items
        if value is pd.NA or value is pd.NaT:
            return None
        if isinstance(value, pd.Timestamp):
            return value
    if module.startswith("numpy"):
        if hasattr(value, "tolist"):
            out = value.tolist()
            if isinstance(out, list):
                return [_plain(v) for v in out] if len(out) != 1 else _plain(out[0])
            return out
    if isinstance(value, (set, frozenset, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return [_plain(v) for v in value.values()] if len(value) != 1 else _plain(next(iter(value.values())))
    return value


_NUMBER = re.compile(r"^[+-]?(\d{1,3}([, \u00a0\u202f]\d{3})+|\d+)(\.\d+)?$")


def _number_from_text(text: str):
    """``"2,030"`` → 2030, ``"6.6%"`` → 6.6, ``"7"`` → 7; None when it is not a number."""
    t = text.strip().strip("'\"").strip()
    t = t[:-1].strip() if t.endswith("%") else t
    if not _NUMBER.match(t):
        return None
    t = re.sub(r"[, \u00a0\u202f]", "", t)
    value = float(t)
    return int(value) if value.is_integer() and "." not in t else value


def _norm_text(text: str, aliases: Mapping) -> str:
    t = " ".join(str(text).replace("_", " ").strip().strip("'\"").split()).casefold()
    return str(aliases.get(t, t)).casefold()


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _close(a, b, tolerance) -> bool:
    return _is_number(a) and _is_number(b) and abs(a - b) <= tolerance + 1e-9


def _same(a, b, e: Expect) -> bool:
    if _is_number(b):
        return _close(a, b, e.tolerance)
    if isinstance(b, str):
        return isinstance(a, str) and _norm_text(a, e.aliases) == _norm_text(b, e.aliases)
    if isinstance(b, (list, tuple, set, frozenset)):
        if not isinstance(a, list):
            return False
        ka = [_item_key(x, e) for x in a]
        kb = [_item_key(x, e) for x in b]
        return ka == kb if e.ordered else sorted(map(str, ka)) == sorted(map(str, kb))
    return a == b


def _item_key(value, e: Expect):
    if isinstance(value, str):
        n = _number_from_text(value)
        return n if n is not None else _norm_text(value, e.aliases)
    if _is_number(value) and float(value).is_integer():
        return int(value)
    return value


def _mistake(answer, e: Expect):
    if isinstance(answer, str) and _number_from_text(answer) is not None:
        answer = _number_from_text(answer)
    for matcher, message in e.mistakes:
        try:
            hit = matcher(answer) if callable(matcher) else _same(answer, matcher, e)
        except Exception:  # a matcher must never break feedback
            hit = False
        if hit:
            return message
    return None


def _show(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return repr(value)


def _evaluate_number(answer, e: Expect) -> tuple[bool, str]:
    want = e.value
    whole = isinstance(want, numbers.Integral)
    note = ""
    if isinstance(answer, list):
        if len(answer) == 0:
            return False, "the list is empty; the answer is one number."
        return False, f"the answer is one number, but this is {_kind(answer)} values."
    if isinstance(answer, str):
        parsed = _number_from_text(answer)
        if parsed is None:
            return False, f"the answer should be {'a whole number' if whole else 'a number'}, but it is text ({answer!r})."
        note = f" (a number needs no quotes: {_show(parsed)}, not {answer!r})"
        answer = parsed
    if isinstance(answer, bool) or not _is_number(answer):
        return False, f"the answer should be {'a whole number' if whole else 'a number'}, but it is {_kind(answer)}."
    if isinstance(answer, float) and math.isnan(answer):
        return False, "the answer is NaN (not a number): the calculation found no value; check your filter."
    if _close(answer, want, e.tolerance):
        return True, note
    if e.percent and _close(answer * 100, want, max(e.tolerance, abs(want) * 0.01)):
        return False, f"{_show(answer)} looks like a fraction; the answer is a percent (multiply by 100)."
    if whole and isinstance(answer, float) and not answer.is_integer():
        return False, f"the answer is a whole number, but {_show(answer)} has decimals."
    if whole and abs(answer - want) == 1:
        return False, f"{_show(answer)} is off by one: check whether you counted both ends, or one item twice."
    direction = "too high" if answer > want else "too low"
    return False, f"{_show(answer)} is {direction}."


def _evaluate_text(answer, e: Expect) -> tuple[bool, str]:
    if isinstance(answer, list):
        if len(answer) == 1:
            answer = answer[0]
        else:
            return False, f"the answer is one piece of text, but this is {_kind(answer)}."
    if not isinstance(answer, str):
        example = f" in quotes, e.g. {e.choices[0]!r}" if e.choices else " in quotes"
        return False, f"the answer should be text{example}, but it is {_kind(answer)}."
    if not answer.strip():
        return False, "the answer is empty text; write your answer between the quotes."
    if _norm_text(answer, e.aliases) == _norm_text(e.value, e.aliases):
        return True, ""
    if e.choices and _norm_text(answer, e.aliases) not in {_norm_text(c, e.aliases) for c in e.choices}:
        return False, f"{answer!r} is not one of the possible answers: " + ", ".join(map(repr, e.choices)) + "."
    return False, f"{answer!r} is not the one."


def _evaluate_list(answer, e: Expect) -> tuple[bool, str]:
    want = list(e.value)
    note = ""
    if answer is None or _is_number(answer) or isinstance(answer, (str, bool)):
        if isinstance(answer, str) and not answer.strip():
            return False, "the answer is empty text; the answer is a list, e.g. ['A', 'B']."
        answer, note = [answer], " (one item given; the answer is a list)"
    if not isinstance(answer, list):
        return False, f"the answer should be a list, e.g. ['A', 'B'], but it is {_kind(answer)}."
    if _same(answer, want, e):
        return True, ""
    keys = [_item_key(x, e) for x in answer]
    wanted = [_item_key(x, e) for x in want]
    if len(set(map(str, keys))) < len(keys):
        twice = sorted({str(a) for a, k in zip(answer, keys) if list(map(str, keys)).count(str(k)) > 1})
        return False, f"{', '.join(twice)} is listed more than once."
    if e.ordered and sorted(map(str, keys)) == sorted(map(str, wanted)):
        placed = sum(str(a) == str(b) for a, b in zip(keys, wanted))
        return False, f"{placed} of {len(wanted)} in the right place: the order matters here."
    right = [k for k in keys if str(k) in set(map(str, wanted))]
    extra = [str(a) for a, k in zip(answer, keys) if str(k) not in set(map(str, wanted))]
    missing = len(wanted) - len(right)
    parts = [f"{len(right)} of {len(wanted)} right"]
    if missing:
        parts.append(f"{missing} missing")
    if extra:
        parts.append("not expected: " + ", ".join(extra))
    return False, "; ".join(parts) + note + "."


def _dispatch(read, e: Expect) -> tuple[bool, str]:
    want = e.value
    if isinstance(want, bool):
        if isinstance(read, bool):
            return (True, "") if read == want else (False, "not quite.")
        return False, f"the answer should be True or False, but it is {_kind(read)}."
    if _is_number(want):
        return _evaluate_number(read, e)
    if isinstance(want, str):
        return _evaluate_text(read, e)
    if isinstance(want, (list, tuple, set, frozenset)):
        return _evaluate_list(read, Expect(**{**e.__dict__, "value": list(want)}))
    return (True, "") if read == want else (False, "not quite.")


def evaluate(answer, expected) -> tuple[bool | None, str]:
    """Whether ``answer`` is right, and the sentence that says so or names the mistake.

    Returns ``(None, ...)`` for an answer not given yet. Never raises.

    >>> evaluate(["GEO", "AZE"], Expect(["AZE", "GEO"]))
    (True, '')
    >>> evaluate("Kazakhstan", Expect(["KAZ", "RUS"], aliases={"kazakhstan": "KAZ"}))
    (False, '1 of 2 right; 1 missing (one item given; the answer is a list).')
    """
    if answer is NOT_ANSWERED:
        return None, "not answered yet. Replace ... with your answer and run the cell again."
    try:
        e = expected if isinstance(expected, Expect) else Expect(expected)
        if answer is None:
            return False, ("the answer is None: nothing was stored. Write the value itself, or "
                           "a calculation that gives it (not print(...)).")
        read = _plain(answer)
        if isinstance(read, _Table):
            return False, (f"the answer is {_kind(read)}; the task asks for "
                           f"{'a list' if isinstance(e.value, list) else 'one value'}: pick the column or the cell.")
        ok, why = _dispatch(read, e)
        if not ok:
            why = _mistake(read, e) or why
        return ok, why
    except Exception as err:  # feedback must never end in a traceback
        return False, f"this answer could not be read ({type(err).__name__}); write it as in the example."


def _cited(evidence, j: Judgement) -> tuple[list[str], list[str]]:
    """Turn row numbers and (parts of) source ids into source ids; also return what was unknown."""
    items = _plain(evidence)
    if not isinstance(items, list):
        items = [items]
    ids, unknown = [], []
    pool = list(j.candidates) or list(dict.fromkeys([*j.support, *j.against]))
    for item in items:
        if _is_number(item) and float(item).is_integer() and j.candidates:
            k = int(item)
            if 1 <= k <= len(j.candidates):
                ids.append(j.candidates[k - 1])
                continue
            unknown.append(str(item))
        elif isinstance(item, str) and item.strip():
            text = item.strip().casefold()
            exact = [c for c in pool if c.casefold() == text]
            part = [c for c in pool if text in c.casefold()]
            if exact or len(part) == 1:
                ids.append((exact or part)[0])
            else:
                unknown.append(item)
        else:
            unknown.append(str(item))
    return list(dict.fromkeys(ids)), unknown


def evaluate_judgement(verdict, evidence, j: Judgement) -> tuple[bool | None, str]:
    """Check a verdict and the rows cited for it (see :class:`Judgement`). Never raises.

    >>> j = Judgement(("partly supported",), ("a-2022", "b-2023"), need=1, candidates=("a-2022", "b-2023", "c-2024"))
    >>> evaluate_judgement("partly supported", [2], j)
    (True, '')
    >>> evaluate_judgement("supported", [3], j)[1]
    "the rows do not support 'supported'; row 3 (c-2024) is not evidence for the verdict the data allows."
    """
    if verdict is NOT_ANSWERED:
        return None, "not answered yet. Replace ... with a verdict and the rows that support it."
    try:
        v = _plain(verdict)
        if isinstance(v, list) and len(v) == 1:
            v = v[0]
        if not isinstance(v, str) or _norm_text(v, {}) not in {_norm_text(s, {}) for s in j.scale}:
            return False, ("the verdict should be one of: " + ", ".join(map(repr, j.scale))
                           + f"; this is {_kind(v) if not isinstance(v, str) else repr(v)}.")
        blank = isinstance(evidence, (list, tuple)) and all(e is NOT_ANSWERED for e in evidence)
        if evidence is NOT_ANSWERED or evidence is None or blank or (isinstance(evidence, str) and not evidence):
            return False, "now give the evidence: the numbers (or source ids) of the rows that support your verdict."
        ids, unknown = _cited(evidence, j)
        if unknown:
            limit = f"rows are numbered 1–{len(j.candidates)}" if j.candidates else "give source ids"
            return False, f"{', '.join(unknown)}: not a row of the table above ({limit})."
        allowed = {_norm_text(s, {}) for s in j.verdicts}
        if _norm_text(v, {}) not in allowed:
            for wrong, message in j.mistakes:
                if _norm_text(wrong, {}) == _norm_text(v, {}):
                    return False, message
            off = [c for c in ids if c not in j.support]
            if off and j.candidates:
                where = ", ".join(f"row {j.candidates.index(c) + 1} ({c})" for c in off)
                return False, f"the rows do not support {v!r}; {where} is not evidence for the verdict the data allows."
            return False, f"the rows do not support {v!r}: weigh what each row shows and what none of them shows."
        against = [c for c in ids if c in j.against]
        if against:
            return False, f"{', '.join(against)} cuts the other way: it is evidence against, not for, your verdict."
        good = [c for c in ids if c in j.support]
        if len(good) < j.need:
            return False, (f"the verdict is defensible, but cite at least {j.need} row(s) that support it "
                           f"({len(good)} of yours do).")
        return True, ""
    except Exception as err:  # feedback must never end in a traceback
        return False, f"this answer could not be read ({type(err).__name__}); write it as in the example."


def check(exercise: str, answer, expected, *, hint: str = "", evidence=NOT_ANSWERED, model: str = "") -> bool:
    """Print one line of feedback on ``answer`` and return whether it is right.

    Parameters
    ----------
    exercise : str
        A short name students recognise, e.g. ``"01.2 · members in 1995"``.
    answer : object
        What the student wrote (``...`` until they answer).
    expected : Expect, Judgement or a plain value
        The right answer, computed from the data.
    hint : str
        Added after a wrong answer.
    evidence : object
        For a :class:`Judgement`: the rows cited for the verdict.
    model : str
        A model answer, printed on a second line after any attempt.

    Examples
    --------
    >>> check("founders", ["RUS", "KAZ"], Expect(["KAZ", "RUS", "ARM"]), hint="Six states signed in Tashkent.")
    ❌ founders: 2 of 3 right; 1 missing. Hint: Six states signed in Tashkent.
    False
    >>> check("founders", ..., ["KAZ"])
    ✏️ founders: not answered yet. Replace ... with your answer and run the cell again.
    False
    """
    if isinstance(expected, Judgement):
        ok, why = evaluate_judgement(answer, evidence, expected)
        model = model or expected.model
    else:
        ok, why = evaluate(answer, expected)
    if ok is None:
        print(f"✏️ {exercise}: {why}")
        return False
    if ok:
        print(f"✅ {exercise}: correct{why}." if why and why.startswith(" (") else f"✅ {exercise}: correct.")
    else:
        print(f"❌ {exercise}: {why}" + (f" Hint: {hint}" if hint else ""))
    if model:
        print(f"   Model answer: {model}")
    return bool(ok)

