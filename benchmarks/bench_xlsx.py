"""Benchmark: the shared XLSX writer (:func:`kpgov.io.write_workbook`) on the shipped example.

Run ``.venv/bin/python benchmarks/bench_xlsx.py [--repeat N]``. Loads the example district
(``src/kpgov/data/examples/budget/district.json``, 1,541 budget lines) and its Schedule of
Authorized Expenditure as a ledger, then times, best of ``--repeat`` runs:

* ``statement lines``: one sheet with every budget line of the statement (line, grant, DDO,
  function, object, description, then the actuals, B.E., R.E., next B.E. and the two outer
  years as amounts, and a totals row) - the shape of a statement workbook;
* ``submission``: :func:`kpgov.forms.build_submission` with the ledger, written with
  :func:`kpgov.forms.write_forms_xlsx` (about sixty sheets, seven of them filled).

Each line prints wall-clock and CPU seconds and the cells written per second (counted from
the sheets' own rows, totals and headings). No issue sets a goal; the figures before and
after the writer's styles were shared (one named style per role and number format, registered
once per workbook) are in the closing note of that change.
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from kpgov.budget import Column, schedule_of_authorized_expenditure
from kpgov.forms import build_submission, form_sheets
from kpgov.io import XlsxCell, XlsxColumn, XlsxSheet, write_workbook
from kpgov.io.budget import load_budget
from kpgov.money import ZERO

EXAMPLE = Path(__file__).resolve().parents[1] / "src/kpgov/data/examples/budget/district.json"
_AMOUNTS = (
    Column.ACTUAL,
    Column.BE_CURRENT,
    Column.RE_CURRENT,
    Column.BE_NEXT,
    Column.OUTER_1,
    Column.OUTER_2,
)


def _cells(sheets: Sequence[XlsxSheet]) -> int:
    count = 0
    for sheet in sheets:
        count += len(sheet.columns) * (len(sheet.rows) + len(sheet.totals) + sheet.heading_depth)
        for table in sheet.tables:
            count += len(table.columns) * (len(table.rows) + len(table.totals) + 1)
    return count


def lines_sheet() -> XlsxSheet:
    statement = load_budget(EXAMPLE)
    columns = [
        XlsxColumn("line", "Line"),
        XlsxColumn("grant", "Grant"),
        XlsxColumn("ddo", "DDO"),
        XlsxColumn("function", "Function"),
        XlsxColumn("object", "Object"),
        XlsxColumn("description", "Description", width=48),
        *(XlsxColumn(c.value, c.title, group="Rupees", kind="amount") for c in _AMOUNTS),
    ]
    rows: list[dict[str, XlsxCell]] = [
        {
            "line": line.line_id,
            "grant": line.grant,
            "ddo": str(line.cost_centre),
            "function": "" if line.function is None else str(line.function),
            "object": str(line.object),
            "description": line.description,
            **{c.value: line.amount(c) for c in _AMOUNTS},
        }
        for line in statement.lines
    ]
    totals: dict[str, XlsxCell] = {
        "line": "Total",
        **{c.value: sum((line.amount(c) for line in statement.lines), ZERO) for c in _AMOUNTS},
    }
    return XlsxSheet("Lines", f"Budget lines {statement.subject}", columns, rows, [totals])


def submission_sheets() -> list[XlsxSheet]:
    statement = load_budget(EXAMPLE)
    ledger = schedule_of_authorized_expenditure(statement)
    submission = build_submission(statement, ledger=ledger)
    return [sheet for filled in submission.forms for sheet in form_sheets(filled)]


def timed(label: str, sheets: Sequence[XlsxSheet], repeat: int) -> None:
    cells = _cells(sheets)
    best_wall = best_cpu = float("inf")
    size = 0
    for _ in range(repeat):
        out = io.BytesIO()
        start, cpu = time.perf_counter(), time.process_time()
        write_workbook(sheets, out)
        best_wall = min(best_wall, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        size = len(out.getvalue())
    print(
        f"  {label:<18} {len(sheets):3d} sheets {cells:7,d} cells {size / 1024:6.0f} kB "
        f"{best_wall:7.3f} s wall {best_cpu:7.3f} s cpu {cells / best_wall:>9,.0f} cells/s"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best is shown")
    args = parser.parse_args(argv)
    cases: list[tuple[str, Callable[[], Sequence[XlsxSheet]]]] = [
        ("statement lines", lambda: [lines_sheet()]),
        ("submission", submission_sheets),
    ]
    print(f"write_workbook, best of {args.repeat} (example district, 1,541 lines)")
    for label, build in cases:
        timed(label, build(), args.repeat)


if __name__ == "__main__":
    main()
