"""Planted mistakes for ``make mutate``: small, realistic errors a contributor could make.

Each mutation is applied alone to a scratch copy of the repository, then the whole
``make test`` runs; a mutation is *caught* when the suite fails. Two forms:

- ``Edit``: a text replacement in one file (``old`` must occur exactly once);
- ``Cell``: one cell of one CSV row, the row picked by its values (``where``), set to a
  value or changed by an operation: ``+1``, ``-1``, ``swap`` (two adjacent digits
  transposed), ``day+1`` (a date shifted by a day), or a literal.

A mutation whose anchor is gone (the text or row was changed since) is reported as
not applicable, never as caught. Kinds follow the trial of issue 13.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Edit:
    id: str
    kind: str
    what: str
    path: str
    old: str
    new: str


@dataclass(frozen=True)
class Cell:
    id: str
    kind: str
    what: str
    path: str
    where: dict = field(default_factory=dict)
    column: str = ""
    to: str = ""


KINDS = {
    "data": "data value edits",
    "loader": "loader rule removals",
    "validator": "validator rule deletions",
    "tolerance": "tolerance widenings",
    "drift": "status-rule and allowed-value copy drift",
    "cache": "caches ignoring edits",
    "figure": "figure-subset mistakes in a lesson module",
}

MUTATIONS = [
    # ------------------------------------------------------------------ data value edits
    Cell("toll-plus-one", "data", "a death-toll report changed by one", "data/kazakhstan_2022.csv",
         {"measure": "deaths", "source_id": "business-standard-2022-kazakhstan-toll-225"}, "value", "+1"),
    Cell("toll-minus-one", "data", "another death-toll report changed by one", "data/kazakhstan_2022.csv",
         {"measure": "deaths", "value": "238", "value_in": "text"}, "value", "-1"),
    Cell("injured-swap", "data", "an injured count with two digits transposed", "data/kazakhstan_2022.csv",
         {"measure": "injured", "value_in": "text"}, "value", "swap"),
    Cell("karabakh-swap", "data", "a casualty figure with two digits transposed", "data/karabakh_figures.csv",
         {"value": "2317"}, "value", "swap"),
    Cell("source-switch-neighbour", "data", "a row's source_id switched to the next row's source",
         "data/kazakhstan_2022.csv", {"measure": "deaths", "source_id": "business-standard-2022-kazakhstan-toll-225"},
         "source_id", "ypagency-2022-russian-peacekeepers-left"),
    Cell("source-switch-older", "data", "a row's source_id switched to an older existing source",
         "data/events.csv", {"source_id": "qazaqtv-2022-csto-leave-today"}, "source_id", "tass-2021-zas-afghanistan-measures"),
    Cell("source-switch-membership", "data", "a membership row's source_id switched to another source",
         "data/membership.csv", {"country": "UZB", "event": "suspended", "source_id": "liquisearch-nd-csto-recent-developments"},
         "source_id", "24kg-2024-pashinyan-suspension"),
    Cell("source-switch-shared", "data", "a row's source_id switched where another table gives the same quote",
         "data/events.csv", {"source_id": "washingtontimes-nd-csto-topic"}, "source_id", "wikimili-nd-csto"),
    Cell("share-one-of-two", "data", "a supplier share changed in one of two rows",
         "data/arms_export_destinations.csv", {"recipient": "BLR", "source_id": "dagens-2026-russia-third-arms-exporter"},
         "share_pct", "31"),
    Cell("share-import-one-of-two", "data", "an import share changed in one of two rows (same window)",
         "data/arms_imports_by_supplier.csv", {"importer": "AZE", "supplier": "BLR"}, "share_pct", "+1"),
    Cell("date-shift-text", "data", "a date shifted by a day", "data/membership.csv",
         {"country": "UZB", "event": "suspended", "source_id": "liquisearch-nd-csto-recent-developments"}, "date", "day+1"),
    Cell("date-shift-dateline", "data", "a date read from a dateline shifted by a day", "data/events.csv",
         {"source_id": "qazaqtv-2022-csto-leave-today"}, "date", "day+1"),
    Cell("qualifier-dropped", "data", "a qualifier dropped ('about 2,500' read as exact)", "data/kazakhstan_2022.csv",
         {"measure": "troops_total", "qualifier": "about", "value_in": "text"}, "qualifier", ""),
    Cell("change-sign", "data", "a fall in exports entered as a rise", "data/arms_exports.csv",
         {"exporter": "RUS", "change_pct": "-64", "value_in": "text"}, "change_pct", "64"),
    Cell("vote-count-plus-one", "data", "a UN vote count changed by one", "data/un_resolutions.csv",
         {"resolution": "A/RES/ES-11/1", "value_in": "text"}, "yes", "+1"),
    Cell("spending-swap", "data", "a spending figure with two digits transposed", "data/military_spending.csv",
         {"country": "RUS", "year": "2024", "series": "primary"}, "value", "swap"),
    Cell("unquoted-year", "data", "a year changed on a row without a quote", "data/membership.csv",
         {"country": "UZB", "event": "suspended", "source_id": "vestnikkavkaza-nd-csto-expects-uzbekistan"}, "date",
         "2013-06-01"),

    # ------------------------------------------------------------------ loader rule removals
    Edit("loader-enum", "loader", "the loader's check of allowed values removed (an unknown category becomes missing)",
         "src/csto/data.py", 'raise fail(i, "one of " + ", ".join(enum))', "pass"),
    Edit("loader-integer", "loader", "the loader's check of whole numbers removed",
         "src/csto/data.py", 'pattern, expected = (_INTEGER, "a whole number")',
         'pattern, expected = (_NUMBER, "a whole number")'),
    Edit("loader-date-format", "loader", "the loader's check of the date format removed",
         "src/csto/data.py", "if value != \"\" and (pd.isna(parsed[i]) or not _DATE.fullmatch(value)):",
         "if False:"),
    Edit("loader-ordered", "loader", "categories no longer ordered as the schema lists them",
         "src/csto/data.py", "categories=enum, ordered=True)", "categories=sorted(enum), ordered=True)"),
    Edit("loader-required", "loader", "the loader's check of required values removed",
         "src/csto/data.py", 'raise fail(i, "allowed to be empty")', "pass"),

    # ------------------------------------------------------------------ validator rule deletions
    Edit("rule-rejoin", "validator", "the rule 'a state rejoins only after leaving' deleted",
         "src/csto/validate.py", 'if row["event"] in returns and (not left or row["date"] <= min(left)):', "if False:"),
    Edit("rule-before-joining", "validator", "the rule 'no step before joining' deleted",
         "src/csto/validate.py", 'if row["event"] in later and row["date"] < entry:', "if False:"),
    Edit("rule-share-sum", "validator", "the share-sum rule deleted",
         "src/csto/validate.py", "if total > 100 + SHARE_TOLERANCE:", "if False:"),
    Edit("rule-quote", "validator", "the quote check deleted",
         "src/csto/validate.py", '    if "quote" not in df:\n        return\n    for i, row in enumerate(rows):',
         '    if True:\n        return\n    for i, row in enumerate(rows):'),
    Edit("rule-precision", "validator", "the precision rule deleted",
         "src/csto/validate.py", 'elif p == "month" and value.day != 1:', "elif False:"),
    Edit("rule-window", "validator", "the five-year window rule deleted",
         "src/csto/validate.py", 'for i in rows.index[rows["window_end"] - rows["window_start"] != WINDOW_YEARS - 1]:',
         "for i in []:"),
    Edit("rule-series", "validator", "the one-primary-series rule deleted",
         "src/csto/validate.py", "for i in g.index[1:]:", "for i in []:"),

    # ------------------------------------------------------------------ tolerance widenings
    Edit("share-tolerance-x10", "tolerance", "validate.SHARE_TOLERANCE widened tenfold",
         "src/csto/validate.py", "SHARE_TOLERANCE = 0.5", "SHARE_TOLERANCE = 5.0"),
    Edit("dateline-days-x10", "tolerance", "the dateline window widened tenfold",
         "src/csto/validate.py", "DATELINE_DAYS = 7", "DATELINE_DAYS = 70"),
    Edit("task-tolerance-belarus-x10", "tolerance", "a task's tolerance widened tenfold (03.5, Belarus's share)",
         "src/csto/lessons/armenia.py", 'form="do", objective=4, tolerance=0.05, percent=True,',
         'form="do", objective=4, tolerance=0.5, percent=True,'),
    Edit("task-tolerance-growth-x10", "tolerance", "a task's tolerance widened tenfold (03.8, SIPRI growth)",
         "src/csto/lessons/armenia.py", 'form="do", objective=4, tolerance=0.006,',
         'form="do", objective=4, tolerance=0.06,'),
    Edit("task-tolerance-origins-x10", "tolerance", "a task's tolerance widened tenfold (01, a share in percent)",
         "src/csto/lessons/origins.py", 'form="do", objective=(1, 3), tolerance=0.5, percent=True,',
         'form="do", objective=(1, 3), tolerance=5.0, percent=True,'),

    # ------------------------------------------------------------------ copy drift
    Edit("drift-later-steps", "drift", "the validator keeps its own list of later steps, without stopped_dues",
         "src/csto/validate.py", 'later = set(allowed("membership", "event", report.folder)) - entries',
         'later = {"in_force", "renewed", "charter_signed", "froze", "announced_exit", "suspended", "left", '
         '"withdrew", "rejoined"}'),
    Edit("drift-exits", "drift", "the validator keeps its own list of exits, without suspended",
         "src/csto/validate.py", "entries, exits, returns = membership.ENTRIES, membership.EXITS, membership.RETURNS",
         'entries, exits, returns = membership.ENTRIES, {"left", "withdrew"}, membership.RETURNS'),
    Edit("drift-status-rule", "drift", "the status rule loses a step (suspended no longer takes a state out)",
         "src/csto/membership.py", '"left": "out", "withdrew": "out",\n          "suspended": "out"}',
         '"left": "out", "withdrew": "out"}'),
    Edit("drift-votes", "drift", "the validator keeps its own list of vote kinds, without abstain",
         "src/csto/validate.py", 'kinds = [v for v in allowed("un_votes", "vote", report.folder) if v in resolutions.columns]',
         'kinds = ["yes", "no"]'),

    # ------------------------------------------------------------------ caches
    Edit("cache-load-content", "cache", "the loader's cache ignores an edited file",
         "src/csto/data.py", 'key = (json.dumps(res, sort_keys=True), hashlib.sha1(raw).hexdigest(), label)',
         'key = (json.dumps(res, sort_keys=True), label)'),
    Edit("cache-load-schema", "cache", "the loader's cache ignores an edited schema",
         "src/csto/data.py", 'key = (json.dumps(res, sort_keys=True), hashlib.sha1(raw).hexdigest(), label)',
         'key = (hashlib.sha1(raw).hexdigest(), label)'),
    Edit("cache-data-dir", "cache", "the data folder is remembered, ignoring CSTO_DATA",
         "src/csto/data.py", "override = os.environ.get(ENV_VAR)", "override = None"),
    Edit("cache-consensus-order", "cache", "the consensus memo ignores the order of rows",
         "src/csto/membership.py", "pd.util.hash_pandas_object(membership, index=False).to_numpy().tobytes()",
         "pd.util.hash_pandas_object(membership, index=False).sort_values().to_numpy().tobytes()"),
    Edit("cache-consensus-content", "cache", "the consensus memo ignores an edited table",
         "src/csto/membership.py", "pd.util.hash_pandas_object(membership, index=False).to_numpy().tobytes()",
         "str(len(membership)).encode()"),

    # ------------------------------------------------------------------ figure subsets (lesson modules)
    Edit("figure-frozen-series", "figure", "lesson 00's figure draws members again as the frozen series",
         "src/csto/lessons/start.py", 'frozen = pd.DataFrame({"series": "frozen members", "x": counts["year"], "y": counts["frozen"]})',
         'frozen = pd.DataFrame({"series": "frozen members", "x": counts["year"], "y": counts["member"]})'),
    Edit("figure-join-windows", "figure", "lesson 03's share figure joins a supplier's windows into one span",
         "src/csto/lessons/armenia.py", 'rows["x_end"] = rows["window_end"].astype(int) + 1',
         'rows["x_end"] = rows.groupby(["importer", "supplier"])["window_end"].transform("max").astype(int) + 1'),
    Edit("figure-not-sipri", "figure", "lesson 03's share figure draws officials' figures as SIPRI's",
         "src/csto/lessons/armenia.py", 'rows["sipri"] = rows["basis"].astype(str).eq("SIPRI")', 'rows["sipri"] = True'),
    Edit("figure-month-tolls", "figure", "lesson 02's toll figure takes reports known only to the month",
         "src/csto/lessons/kazakhstan.py",
         'rows = table[(table["measure"] == measure) & (table["as_of_precision"] == "day") & table["as_of"].notna()]',
         'rows = table[(table["measure"] == measure) & table["as_of"].notna()]'),
    Edit("figure-toll-measures", "figure", "lesson 02's toll figure mixes in the security-force and civilian tolls",
         "src/csto/lessons/kazakhstan.py",
         'rows = table[(table["measure"] == measure) & (table["as_of_precision"] == "day") & table["as_of"].notna()]',
         'rows = table[table["measure"].astype(str).str.startswith(measure) & (table["as_of_precision"] == "day") '
         '& table["as_of"].notna()]'),
    Edit("figure-timeline-month", "figure", "lesson 02's timeline puts month-precise dates on the day axis",
         "src/csto/lessons/kazakhstan.py", 'day = rows[rows["date_precision"] == "day"].copy()', "day = rows.copy()"),
    Edit("figure-timeline-plans", "figure", "lesson 02's timeline draws plans as things that happened",
         "src/csto/lessons/kazakhstan.py", 'day["planned"] = day["occurrence"].astype(str).isin(_NOT_ACTUAL)',
         'day["planned"] = False'),
    Edit("figure-origins-frozen", "figure", "lesson 01's figure counts members as frozen members",
         "src/csto/lessons/origins.py", 'frozen = int((matrix[year] == "frozen").sum())',
         'frozen = int((matrix[year] == "member").sum())'),
    Edit("figure-guam-counts", "figure", "lesson 00's figure counts GUAM's members instead of the CSTO's",
         "src/csto/lessons/start.py", 'counts = count_by_year(load("membership"), first, last)',
         'counts = count_by_year(load("membership"), first, last, "GUAM")'),
]
