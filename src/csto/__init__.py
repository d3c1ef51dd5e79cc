"""Helpers for the CSTO course.

One small module per concern:

- :mod:`csto.data` finds the data folder once and loads typed tables;
- :mod:`csto.validate` checks the data package and reports one line per problem;
- :mod:`csto.membership` answers "who was a member when?" from the membership table;
- :mod:`csto.plots` holds the house plot style, source notes and figure descriptions;
- :mod:`csto.widgets` wires pure functions to controls in two or three lines;
- :mod:`csto.feedback` gives "Try it" checks instant, kind feedback.

Nothing changes global state on import: call :func:`csto.plots.use_style` yourself.

>>> import csto
>>> csto.load("countries").loc[lambda d: d.iso3 == "KAZ", "name"].item()
'Kazakhstan'
"""

from csto.data import data_dir, load, sources, cite

__all__ = ["data_dir", "load", "sources", "cite"]
__version__ = "0.1.0"
