"""Instant, kind feedback for the "Try it" tasks.

:func:`check` compares a student's answer with the expected one (computed from the
data in the notebook, never typed in by hand) and prints one sentence a student
understands: what is right, or what kind of thing is wrong and a hint.

>>> check("members in 1995", 9, 9)
✅ members in 1995: correct.
True
>>> check("members in 1995", "9", 9)
❌ members in 1995: the answer should be a whole number, but it is text ('9'). Remove the quotes.
False
"""

from __future__ import annotations

import numbers

__all__ = ["check", "NOT_ANSWERED"]

#: What a blank "Try it" cell holds until the student answers.
NOT_ANSWERED = ...


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
        return "a list"
    return f"a {type(value).__name__}"


def _as_list(value):
    if isinstance(value, str):
        return None
    try:
        return list(value)
    except TypeError:
        return None


def _verdict(answer, expected, tolerance: float) -> tuple[bool, str]:
    if isinstance(expected, bool):
        if isinstance(answer, bool):
            return answer == expected, "not quite."
        return False, f"the answer should be True or False, but it is {_kind(answer)}."
    if isinstance(expected, numbers.Real):
        if isinstance(answer, str):
            try:
                float(answer)
                return False, (f"the answer should be {_kind(expected)}, but it is text "
                               f"({answer!r}). Remove the quotes.")
            except ValueError:
                return False, f"the answer should be {_kind(expected)}, but it is text ({answer!r})."
        if not isinstance(answer, numbers.Real) or isinstance(answer, bool):
            return False, f"the answer should be {_kind(expected)}, but it is {_kind(answer)}."
        if abs(answer - expected) <= tolerance:
            return True, ""
        direction = "too high" if answer > expected else "too low"
        return False, f"{answer!r} is {direction}."
    if isinstance(expected, str):
        if not isinstance(answer, str):
            return False, f"the answer should be text, but it is {_kind(answer)}."
        if answer.strip().casefold() == expected.strip().casefold():
            return True, ""
        return False, f"{answer!r} is not the one."
    wanted = _as_list(expected)
    if wanted is not None:
        given = _as_list(answer)
        if given is None:
            return False, f"the answer should be a list, but it is {_kind(answer)}."
        missing = sorted(set(map(str, wanted)) - set(map(str, given)))
        extra = sorted(set(map(str, given)) - set(map(str, wanted)))
        if not missing and not extra:
            return True, ""
        parts = []
        if missing:
            parts.append(f"{len(missing)} missing")
        if extra:
            parts.append("not expected: " + ", ".join(extra))
        return False, f"{len(set(map(str, given)) & set(map(str, wanted)))} of {len(set(map(str, wanted)))} right; " + "; ".join(parts) + "."
    return answer == expected, "not quite."


def check(exercise: str, answer, expected, *, tolerance: float = 0, hint: str = "") -> bool:
    """Print one line of feedback on ``answer`` and return whether it is right.

    Parameters
    ----------
    exercise : str
        A short name students recognise, e.g. ``"members in 1995"``.
    answer : object
        What the student wrote (``...`` until they answer).
    expected : object
        The right answer, computed from the data. Numbers, text (case-insensitive),
        True/False, or a list compared as a set (order does not matter).
    tolerance : float
        How far a number may be from ``expected`` and still be right.
    hint : str
        Added after a wrong answer.

    Examples
    --------
    >>> check("founders", ["RUS", "KAZ"], ["KAZ", "RUS", "ARM"], hint="Six states signed in Tashkent.")
    ❌ founders: 2 of 3 right; 1 missing. Hint: Six states signed in Tashkent.
    False
    >>> check("founders", ..., ["KAZ"])
    ✏️ founders: not answered yet. Replace ... with your answer and run the cell again.
    False
    """
    if answer is NOT_ANSWERED:
        print(f"✏️ {exercise}: not answered yet. Replace ... with your answer and run the cell again.")
        return False
    ok, why = _verdict(answer, expected, tolerance)
    if ok:
        print(f"✅ {exercise}: correct.")
        return True
    message = f"❌ {exercise}: {why}"
    if hint:
        message += f" Hint: {hint}"
    print(message)
    return False
