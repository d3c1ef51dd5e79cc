"""Helpers for the CSTO course.

One small module per concern:

- :mod:`csto.data` finds the data folder once and loads typed tables;
- :mod:`csto.validate` checks the data package and reports one line per problem;
- :mod:`csto.evidence` works with sourced rows: who published each row's source, dates read
  as precisely as they are known, the date most sources give, responses counted per case;
- :mod:`csto.membership` answers "who was a member when?" from the membership table;
- :mod:`csto.plots` holds the house plot style, source notes and figure descriptions;
- :mod:`csto.widgets` wires pure functions to controls in two or three lines;
- :mod:`csto.feedback` and :mod:`csto.tasks` give "Try it" checks instant, kind feedback;
- the lessons layer, :mod:`csto.lessons`, holds one module per lesson notebook
  (its tables, figures, widget functions and *Try it* tasks); the toolkit above never
  imports a lesson;
- :mod:`csto.execute`, :mod:`csto.dictionary`, :mod:`csto.guide` build the stored
  outputs, the data dictionary and the instructor guide.

Nothing changes global state on import: a lesson's setup cell calls :func:`setup`.

>>> import csto
>>> csto.load("countries").loc[lambda d: d.iso3 == "KAZ", "name"].item()
'Kazakhstan'
"""

import pandas as pd

from csto.data import DataError, cite, data_dir, load, sources

__all__ = ["data_dir", "load", "sources", "cite", "setup", "DISPLAY"]

#: How tables show in lessons: whole sentences of sourced text and every row of a
#: filtered table, rather than pandas' defaults (50 characters, 60 rows).
DISPLAY = {"display.max_colwidth": 160, "display.max_rows": 120, "display.min_rows": 120,
           "display.width": 120}


def setup() -> None:
    """Set the course's look: the house plot style, readable tables, short messages.

    In Jupyter, two kinds of error are then shown as one plain sentence instead of a
    page of traceback: a :class:`csto.data.DataError` (a data file that does not fit
    its schema, an unknown dataset name), naming the file, line and column; and a
    ``NameError`` (a name used before the cell that makes it was run, or misspelt).

    >>> setup(); pd.get_option("display.max_colwidth")
    160
    """
    from csto import plots

    plots.use_style()
    for key, value in DISPLAY.items():
        pd.set_option(key, value)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((DataError, NameError), _short_error)


def _short_error(shell, etype, value, tb, tb_offset=None):
    """Show a data problem or an undefined name as one sentence (IPython custom exception handler)."""
    if isinstance(value, NameError):
        print(name_error_message(value, shell.user_ns if shell is not None else {}))
        return None
    return _short_data_error(shell, etype, value, tb, tb_offset)


def name_error_message(error: NameError, namespace: dict) -> str:
    """One sentence for a ``NameError``: run the cells above, or check the spelling.

    >>> name_error_message(NameError("name 'membrship' is not defined"), {"membership": 1})
    '⚠️ `membrship` is not defined. Did you mean `membership`? Otherwise, if a cell above makes it, run the cells above first (Run ▸ Run All Above Selected Cell).'
    """
    import difflib

    name = getattr(error, "name", None) or (str(error).split("'")[1] if "'" in str(error) else str(error))
    known = [k for k in namespace if not k.startswith("_")]
    close = difflib.get_close_matches(name, known, n=1)
    spelling = f" Did you mean `{close[0]}`? Otherwise, if" if close else " If"
    return (f"⚠️ `{name}` is not defined.{spelling} a cell above makes it, run the cells above first "
            "(Run ▸ Run All Above Selected Cell).")


def _short_data_error(shell, etype, value, tb, tb_offset=None):
    """Show a data problem as one sentence (IPython custom exception handler)."""
    print(f"⚠️ Data problem: {value}\n"
          "The data files in data/ may have been edited: `make validate` lists every problem.")
    return None
