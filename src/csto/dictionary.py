"""Generate the data dictionary in ``data/README.md`` from ``datapackage.json``.

The schema is the single source: column names, types, units, allowed values, keys,
caveats and the "not found" lists all live in ``datapackage.json``; this module
writes them out as Markdown between two markers in ``data/README.md``, together
with counts computed from the data. A test fails when the file is out of date, so
the dictionary cannot drift from the CSVs. Regenerate with ``make data-docs``.

>>> "## membership" in render()
True
"""

from __future__ import annotations

import sys

import pandas as pd

from csto.data import data_dir, load, package
from csto.evidence import dates_agree

__all__ = ["render", "checks", "update", "disagreements", "BEGIN", "END"]

BEGIN = "<!-- BEGIN GENERATED: make data-docs -->"
END = "<!-- END GENERATED -->"
#: The list of the validator's sense checks, under "Checking it".
BEGIN_CHECKS = "<!-- BEGIN CHECKS: make data-docs -->"
END_CHECKS = "<!-- END CHECKS -->"


def _constraints(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if "enum" in c:
        parts.append("one of: " + ", ".join(f"`{v}`" for v in c["enum"]))
    if "minimum" in c or "maximum" in c:
        parts.append(f"{c.get('minimum', '')}–{c.get('maximum', '')}")
    if "pattern" in c:
        parts.append(f"pattern `{c['pattern']}`")
    return "; ".join(parts)


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def disagreements(name: str) -> tuple[int, int]:
    """How many items of a dataset have rows whose values differ, out of how many items.

    What counts as one item and which values are compared is declared per dataset in
    ``datapackage.json`` (``disagreement``); missing values are not counted as a difference,
    and dates differ only when they cannot all be true at their precision ("1993" and
    "1993-09-24" agree; see :func:`csto.evidence.dates_agree`).

    >>> differ, items = disagreements("membership"); 0 < differ < items
    True
    """
    res = next(r for r in package()["resources"] if r["name"] == name)
    rule = res.get("disagreement")
    if not rule:
        return 0, 0
    df = load(name)
    groups = df.groupby(rule["same"], dropna=False, observed=True)
    if rule["compare"] == ["date"]:
        differ = groups.apply(lambda g: not dates_agree(g["date"], g["date_precision"].astype(str)),
                              include_groups=False)
    else:
        differ = groups[rule["compare"]].nunique().gt(1).any(axis=1)
    return int(differ.sum()), int(len(differ))


def _summary(resources: list[dict]) -> list[str]:
    src = load("sources")
    lines = ["## Summary", "",
             "*Values differ* counts the items (one treaty step, one event, one figure...) on which the rows of "
             "different sources do not agree; each such disagreement is kept, never averaged.", "",
             "| dataset | rows | sources cited | values differ | title |", "|---|---:|---:|---|---|"]
    for res in resources:
        if res["name"] == "sources":
            continue
        df = load(res["name"])
        differ, items = disagreements(res["name"])
        what = f"{differ} of {items} ({', '.join(res['disagreement']['same'])})" if items else "not compared"
        lines.append(f"| [{res['name']}](#{res['name']}) | {len(df)} | {df['source_id'].nunique()} | {what} | {res['title']} |")
    lines += ["", f"{len(src)} sources in all, by kind:", "",
              "| kind | sources |", "|---|---:|"]
    for kind, n in src["kind"].value_counts(sort=False).items():
        lines.append(f"| {kind} | {n} |")
    return lines


def render() -> str:
    """Return the generated Markdown (summary, then one section per dataset)."""
    resources = package()["resources"]
    lines = [BEGIN, "", *_summary(resources), ""]
    for res in resources:
        df = load(res["name"])
        schema = res["schema"]
        lines += [f"## {res['name']}", "",
                  f"**{res['title']}** · file `{res['path']}` · {len(df)} rows", "",
                  res["description"], ""]
        lines += ["| column | type | required | allowed values | unit | meaning |",
                  "|---|---|---|---|---|---|"]
        for f in schema["fields"]:
            req = "yes" if f.get("constraints", {}).get("required") else ""
            lines.append(f"| `{f['name']}` | {f['type']} | {req} | {_cell(_constraints(f))} | "
                         f"{f.get('unit', '')} | {_cell(f.get('description', ''))} |")
        lines.append("")
        if schema.get("primaryKey"):
            lines.append("Primary key: " + ", ".join(f"`{k}`" for k in schema["primaryKey"]) + ".")
        for fk in schema.get("foreignKeys", []):
            lines.append(f"`{fk['fields']}` refers to `{fk['reference']['resource']}.{fk['reference']['fields']}`.")
        if schema.get("primaryKey") or schema.get("foreignKeys"):
            lines.append("")
        for title, key in (("Caveats and disagreements kept", "caveats"), ("Not found", "not_found")):
            if res.get(key):
                lines += [f"**{title}**", ""] + [f"- {item}" for item in res[key]] + [""]
    lines.append(END)
    return "\n".join(lines) + "\n"


def checks() -> str:
    """The validator's sense checks and its documented exceptions, as Markdown (from :mod:`csto.validate`)."""
    from csto.validate import EXCEPTIONS, RULES

    lines = [f"- **{name}**: {text}." for name, text in RULES.items()]
    lines += ["", "Documented exceptions (rows a check would report, and why it does not):", ""]
    for exc in EXCEPTIONS:
        where = ", ".join(f"{k} {v}" for k, v in exc["row"].items())
        lines.append(f"- {exc['rule']}, `{exc['file']}` ({where}): {exc['why']}.")
    return "\n".join(lines)


def _replace(text: str, begin: str, end: str, fresh: str) -> str:
    if begin not in text or end not in text:
        raise ValueError(f"data/README.md lacks the markers {begin!r} and {end!r}")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return head + fresh + tail


def update(text: str) -> str:
    """Replace the generated parts of ``text`` (the README) with a fresh render."""
    text = _replace(text, BEGIN_CHECKS, END_CHECKS, f"{BEGIN_CHECKS}\n{checks()}\n{END_CHECKS}")
    return _replace(text, BEGIN, END, render().rstrip("\n"))


def main(argv: list[str] | None = None) -> int:
    """``--write`` rewrites data/README.md; ``--check`` exits 1 if it is stale."""
    argv = sys.argv[1:] if argv is None else argv
    path = data_dir() / "README.md"
    current = path.read_text(encoding="utf-8")
    fresh = update(current)
    if "--write" in argv:
        path.write_text(fresh, encoding="utf-8")
        print(f"wrote {path.name}")
        return 0
    if fresh != current:
        print("data/README.md is out of date: run `make data-docs`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    pd.set_option("display.width", 120)
    sys.exit(main())
