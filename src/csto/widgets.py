"""Wire a pure function to controls in two or three lines.

The pattern (from the ipywidgets docs, *Using Interact* and *Output widgets*):
a pure function does the work and is tested on its own; :func:`explore` only
connects controls to it and shows its result in an ``Output`` area.
After a widget cell, call the function once with the default values, so a static
copy of the notebook (and nbval) has something real to show.

>>> import contextlib, io
>>> seen = []
>>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the Output area prints
...     box = explore(lambda year: seen.append(year), year=year_slider(1992, 2024, 2002))
...     box.children[0].children[0].value = 2010    # move the slider
>>> type(box).__name__, len(box.children), seen
('VBox', 2, [2002, 2010])
"""

from __future__ import annotations

import ipywidgets as w

__all__ = ["explore", "year_slider", "year_range", "choice", "labelled", "narrow"]


def year_slider(first: int, last: int, value: int, description: str = "Year") -> w.IntSlider:
    """An integer slider for years that only redraws when released.

    >>> s = year_slider(1992, 2024, 2010); (s.min, s.max, s.value, s.continuous_update)
    (1992, 2024, 2010, False)
    """
    if not first <= value <= last:
        raise ValueError(f"value {value} is outside {first}–{last}")
    return w.IntSlider(value=value, min=first, max=last, step=1, description=description,
                       continuous_update=False, style={"description_width": "initial"},
                       layout=w.Layout(width="min(100%, 32rem)"))


def year_range(first: int, last: int, value: tuple[int, int] | None = None,
               description: str = "Years") -> w.IntRangeSlider:
    """One slider with two handles for a span of years (redraws when released).

    >>> r = year_range(2020, 2025, (2021, 2024)); (r.min, r.max, r.value)
    (2020, 2025, (2021, 2024))
    """
    value = (first, last) if value is None else tuple(value)
    if not first <= value[0] <= value[1] <= last:
        raise ValueError(f"span {value} is outside {first}–{last} or reversed")
    return w.IntRangeSlider(value=value, min=first, max=last, step=1, description=description,
                            continuous_update=False, style={"description_width": "initial"},
                            layout=w.Layout(width="min(100%, 32rem)"))


def labelled(values, labels: dict) -> list[tuple[str, object]]:
    """``(label, value)`` pairs for a control, so it shows words and passes codes.

    >>> labelled(["KAZ", "ARM"], {"KAZ": "Kazakhstan", "ARM": "Armenia"})
    [('Kazakhstan', 'KAZ'), ('Armenia', 'ARM')]
    """
    return [(labels.get(v, str(v).replace("_", " ")), v) for v in values]


def narrow(parent: w.ValueWidget, child: w.Dropdown, options_for) -> None:
    """Let ``parent`` narrow ``child``: whenever ``parent`` changes, ``child`` offers
    ``options_for(parent.value)`` (a list of values or ``(label, value)`` pairs), keeping its
    value when it is still offered, else taking the first option. No combination of the two
    controls then leads to an empty result.

    >>> kind = choice(["a", "b"]); case = choice(["a1", "a2"])
    >>> narrow(kind, case, lambda k: [k + "1"]); kind.value = "b"; case.value
    'b1'
    """
    def update(change=None):
        options = list(options_for(parent.value))
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        current = child.value
        child.options = options  # ipywidgets then selects the first option
        if current in values:
            child.value = current

    parent.observe(update, names="value")
    update()


def choice(options, value=None, description: str = "") -> w.Dropdown:
    """A drop-down over ``options`` (a list, or (label, value) pairs).

    >>> choice(["CSTO", "GUAM"], "GUAM", "Bloc").value
    'GUAM'
    """
    options = list(options)
    values = [o[1] if isinstance(o, tuple) else o for o in options]
    if value is None:
        value = values[0]
    if value not in values:
        raise ValueError(f"{value!r} is not one of the options {values}")
    return w.Dropdown(options=options, value=value, description=description,
                      style={"description_width": "initial"})


def explore(func, **controls) -> w.VBox:
    """Controls on top, ``func``'s result underneath, redrawn whenever a control changes.

    Parameters
    ----------
    func : callable
        A pure function whose keyword arguments are the control names. Whatever it
        returns is displayed (a DataFrame, a figure from :func:`csto.plots.render`, text).
    **controls : ipywidgets.ValueWidget
        One control per argument of ``func``.
    """
    def redraw(**kwargs):
        result = func(**kwargs)
        if result is not None:
            from IPython.display import display
            display(result)

    out = w.interactive_output(redraw, controls)
    return w.VBox([w.HBox(list(controls.values()), layout=w.Layout(flex_flow="row wrap")), out])
