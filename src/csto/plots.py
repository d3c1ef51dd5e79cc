"""The house plot style, source notes and figure descriptions.

Nothing changes on import. Call :func:`use_style` once in a notebook's setup cell;
draw with plain matplotlib (functions here take and return an ``Axes``); then hand
the figure to :func:`show`, which writes the sources under it, displays it as a
PNG and prints a text description for screen readers and static copies.

Colours are the Okabe–Ito palette, safe for the common forms of colour blindness,
and every series also gets its own marker so colour is never the only cue.

>>> use_style()
>>> fig, ax = plt.subplots()
>>> ax = ax.plot([1992, 2002], [6, 6], label="members")[0].axes
>>> note = source_note(fig, ["diplomat-2024-scepanovic"])
>>> note.get_text()
'Source: The Diplomat (2024-07)'
>>> plt.close(fig)
"""

from __future__ import annotations

import io
import re
import textwrap

import matplotlib
import matplotlib.pyplot as plt
from cycler import cycler

from csto.data import format_date, sources

__all__ = ["OKABE_ITO", "MARKERS", "STYLE", "use_style", "colour_for", "source_note", "describe", "code_labels",
           "render", "show"]

#: Okabe & Ito (2008) colour-blind-safe palette, black last so it is used least.
OKABE_ITO = {
    "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
    "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7",
    "yellow": "#F0E442", "black": "#000000",
}
#: One marker per palette colour, in the same order (redundant encoding).
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

#: The pinned style: fixed size and resolution, a bundled font, no volatile metadata.
STYLE = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.constrained_layout.use": True,
    "font.family": "DejaVu Sans",
    "font.size": 10.5,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "axes.prop_cycle": cycler(color=list(OKABE_ITO.values())) + cycler(marker=MARKERS),
    "lines.markersize": 6,
    "svg.hashsalt": "csto-course",
    "image.cmap": "cividis",
}


def use_style() -> None:
    """Apply the house style to matplotlib (call once, in the setup cell).

    >>> use_style(); matplotlib.rcParams["figure.dpi"]
    100.0
    """
    matplotlib.rcParams.update(matplotlib.rcParamsDefault)
    matplotlib.rcParams.update(STYLE)


def colour_for(i: int) -> dict:
    """Colour and marker of the ``i``-th series, for plots that do not use the cycle.

    >>> colour_for(1)
    {'color': '#56B4E9', 'marker': 's'}
    """
    colours = list(OKABE_ITO.values())
    return {"color": colours[i % len(colours)], "marker": MARKERS[i % len(MARKERS)]}


def _short(source_ids) -> list[str]:
    table = sources()
    out = []
    for sid in dict.fromkeys(source_ids):
        row = table.loc[sid]
        out.append(f"{row['publisher']} ({format_date(row['published'], row['published_precision'])})")
    return list(dict.fromkeys(out))


def source_note(fig, source_ids, *, max_listed: int = 6, width: int = 120):
    """Write the figure's sources in small type under it; returns the Text artist.

    More than ``max_listed`` sources are summarised with a pointer to the references.
    """
    names = _short(source_ids)
    if not names:
        raise ValueError("a course figure needs at least one source id")
    label = "Source: " if len(names) == 1 else "Sources: "
    if len(names) > max_listed:
        text = label + "; ".join(names[:max_listed]) + f"; and {len(names) - max_listed} more (see References)"
    else:
        text = label + "; ".join(names)
    text = "\n".join(textwrap.wrap(text, width))
    return fig.text(0.01, 0.0, text, ha="left", va="top", fontsize=8, color="#444444",
                    transform=fig.transFigure)


class _Figure:
    """A rendered figure: PNG for the eye, its description as the plain-text form."""

    def __init__(self, png: bytes, alt: str):
        self.png, self.alt = png, alt

    def _repr_png_(self):
        return self.png

    def __repr__(self):
        return f"[Figure] {self.alt}"


class _Caption:
    """The figure's description, shown under it as text (Markdown in Jupyter)."""

    def __init__(self, alt: str):
        self.alt = alt

    def _repr_markdown_(self):
        return f"*Figure description:* {self.alt}"

    def __repr__(self):
        return f"Figure description: {self.alt}"


def _fmt(value) -> str:
    import pandas as pd

    if isinstance(value, pd.Timestamp):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, float):
        return f"{value:,.10g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def describe(marks, *, series: str = "series", x: str = "x", y: str = "y", noun: str = "points",
             x_text=None, y_text=None) -> str:
    """Facts about the data drawn, written from the table of marks (never by hand).

    For each series: how many marks, the first and the last (in drawing order) and, where
    they differ from those, the lowest and highest ``y``. Figures built from a table of marks
    add this to their description, so it cannot drift from the chart.

    >>> import pandas as pd
    >>> m = pd.DataFrame({"series": ["deaths"] * 3, "x": pd.to_datetime(["2022-01-09", "2022-01-15", "2022-06-23"]),
    ...                   "y": [164, 225, 238]})
    >>> describe(m, noun="reports")
    'Data drawn: deaths: 3 reports, from 164 on 9 January 2022 to 238 on 23 June 2022.'
    """
    import pandas as pd

    x_text = x_text or (lambda v: ("on " if isinstance(v, pd.Timestamp) else "in ") + _fmt(v))
    y_text = y_text or _fmt
    parts = []
    for name, g in marks.groupby(series, sort=False, observed=True):
        g = g.dropna(subset=[y])
        if g.empty:
            continue
        first, last = g.iloc[0], g.iloc[-1]
        text = f"{name}: {len(g)} {noun if len(g) != 1 else noun.rstrip('s')}"
        if len(g) == 1:
            text += f", {y_text(first[y])} {x_text(first[x])}"
        else:
            text += f", from {y_text(first[y])} {x_text(first[x])} to {y_text(last[y])} {x_text(last[x])}"
            lo, hi = g[y].min(), g[y].max()
            if (lo, hi) != tuple(sorted((first[y], last[y]))):
                text += f" (lowest {y_text(lo)}, highest {y_text(hi)})"
        parts.append(text)
    return "Data drawn: " + "; ".join(parts) + "." if parts else "Data drawn: nothing."


#: A label that is a code: snake_case (``fact_finding_mission``) or an ISO3 code (checked against ``countries``).
_SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


def code_labels(fig) -> list[str]:
    """Tick labels and legend entries of ``fig`` that are codes rather than words.

    >>> use_style(); fig, ax = plt.subplots(); _ = ax.bar(["KAZ", "internal_unrest"], [1, 2])
    >>> code_labels(fig)
    ['KAZ', 'internal_unrest']
    >>> plt.close(fig)
    """
    from csto.data import load

    iso3 = set(load("countries")["iso3"])
    texts = []
    for ax in fig.axes:
        texts += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        legend = ax.get_legend()
        if legend is not None:
            texts += [t.get_text() for t in legend.get_texts()]
    for legend in fig.legends:
        texts += [t.get_text() for t in legend.get_texts()]
    return [t for t in texts if t.strip() in iso3 or _SNAKE.match(t.strip())]


def render(fig, alt: str, source_ids, *, data: str = "") -> _Figure:
    """Add the source note and render ``fig`` to PNG (closing it); see :func:`show`.

    Refuses a figure whose tick labels or legend show codes instead of words.

    >>> use_style(); fig, ax = plt.subplots()
    >>> render(fig, "An empty frame used to test rendering.", ["diplomat-2024-scepanovic"])
    [Figure] An empty frame used to test rendering.
    """
    if not alt or len(alt.split()) < 5:
        raise ValueError("describe the figure in at least one full sentence (alt text)")
    codes = code_labels(fig)
    if codes:
        plt.close(fig)
        raise ValueError("label the figure in words, not codes: " + ", ".join(dict.fromkeys(codes)))
    alt = f"{alt} {data}".strip()
    source_note(fig, source_ids)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.15,
                metadata={"Software": None, "Description": alt})
    plt.close(fig)
    return _Figure(buffer.getvalue(), alt)


def show(fig, alt: str, source_ids, *, data: str = "") -> None:
    """Finish a course figure: source note underneath, the PNG, then its description.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    alt : str
        One or two sentences saying what the figure shows and its main pattern,
        for readers who cannot see it. Shown under the figure, and stored as the
        figure's plain-text form, which nbval compares and static copies keep.
    source_ids : iterable of str
        The ``source_id`` values of the rows drawn.
    data : str
        Facts generated from the data drawn (see :func:`describe`), added after ``alt``.
    """
    from IPython.display import display

    figure = render(fig, alt, source_ids, data=data)
    display(figure)
    display(_Caption(figure.alt))
