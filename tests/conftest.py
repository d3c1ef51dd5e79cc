"""Fixtures for tests that break a private copy of the data package on purpose."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from csto.data import data_dir
from csto.validate import problems


class Scratch:
    """A copy of the data folder, with small editing helpers that keep the CSV format."""

    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.csv"

    def table(self, name: str) -> list[list[str]]:
        with self.path(name).open(newline="", encoding="utf-8") as f:
            return list(csv.reader(f))

    def write(self, name: str, table: list[list[str]]) -> None:
        with self.path(name).open("w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(table)

    def line(self, name: str, test=None, **where) -> int:
        """The file line of the first row whose cells equal ``where`` and, if given, for which
        ``test(row)`` is true (``row`` a dict); line 2 is the first row.

        Tests that plant a mistake pick their row by what it is (a quoted day-precision date,
        a dateline that says 'today') rather than by its source, so that they keep working,
        and keep testing, whatever row of the data changes.
        """
        table = self.table(name)
        h = table[0]
        for n, row in enumerate(table[1:], start=2):
            if all(row[h.index(k)] == str(v) for k, v in where.items()) and (test is None or test(dict(zip(h, row)))):
                return n
        raise LookupError(f"no row of {name} with {where}")

    def get(self, name: str, line: int) -> dict:
        table = self.table(name)
        return dict(zip(table[0], table[line - 1]))

    def set(self, name: str, line: int, **values) -> dict:
        """Set cells of one row; return the row as it was."""
        table = self.table(name)
        h = table[0]
        old = dict(zip(h, table[line - 1]))
        for k, v in values.items():
            table[line - 1][h.index(k)] = str(v)
        self.write(name, table)
        return old

    def add(self, name: str, like: int | None = None, **values) -> int:
        """Append a row (a copy of line ``like``, or empty) with ``values``; return its line."""
        table = self.table(name)
        h = table[0]
        row = list(table[like - 1]) if like else [""] * len(h)
        for k, v in values.items():
            row[h.index(k)] = str(v)
        table.append(row)
        self.write(name, table)
        return len(table)

    def schema(self, name: str) -> dict:
        return next(r for r in self.descriptor()["resources"] if r["name"] == name)["schema"]

    def descriptor(self) -> dict:
        return json.loads((self.folder / "datapackage.json").read_text(encoding="utf-8"))

    def edit_field(self, name: str, field: str, edit) -> None:
        """Change one field's descriptor in the schema: ``edit(field_dict)``."""
        d = self.descriptor()
        res = next(r for r in d["resources"] if r["name"] == name)
        edit(next(f for f in res["schema"]["fields"] if f["name"] == field))
        (self.folder / "datapackage.json").write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")

    def sense(self, *names: str) -> list[str]:
        """The course's sense checks on the named datasets (no Frictionless layer: fast)."""
        return problems(self.folder, only=list(names), standard=False)


@pytest.fixture
def scratch(tmp_path) -> Scratch:
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return Scratch(target)
