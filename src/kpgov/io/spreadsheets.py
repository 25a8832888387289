"""Budget lines, ledger movements and indicator observations from workbooks (XLSX) and CSV
files laid out the way offices keep them (openpyxl, the ``xlsx`` extra).

Budget books arrive as Excel files whose header is not on the first row and whose headings are
the forms' (``B.E (Next Year)``, ``Object Code``). :func:`read_rows` reads one sheet (``sheet``,
by default the first) from its ``header_row`` down, and names each column: by ``columns`` (a
mapping from the workbook's heading to kpgov's column), else by the heading itself written as
a column name (``"Line ID"`` is ``line_id``), else by the known headings of the format
(:data:`BUDGET_HEADINGS`). Empty rows are skipped. The rows then go through the loader of the
format, so a workbook is checked exactly like a CSV file, and every bad row is reported in one
:class:`~kpgov.errors.LoadError`, each problem naming the workbook and sheet, the row as Excel
numbers it and the column as the workbook heads it, with its letter::

    budget.xlsx [sheet Lines]:14: B.E (Next Year) (column T): not an amount: 'twelve'

Excel keeps every number as a binary double, so a number cell is read as the number Excel shows
(up to 15 significant digits; a longer one is refused, not rounded). Keep amounts with paisa in
whole numbers or text cells where exactness matters.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs

from kpgov._sheets import BUDGET_HEADINGS, Sheet, cell_text, read_rows
from kpgov.budget import BudgetLine, Movement
from kpgov.errors import ErrorCollector, KpgovError, LoadError, Location, ParseError
from kpgov.indicators import Catalogue, Observation
from kpgov.io._records import (
    MOVEMENT_COLUMNS,
    lines_from_rows,
    movements_from_rows,
    observations_from_rows,
)
from kpgov.io.budget import CSV_COLUMNS
from kpgov.money import ZERO, parse_amount

__all__ = [
    "ADP_COLUMNS",
    "ADP_HEADINGS",
    "BUDGET_HEADINGS",
    "MOVEMENT_HEADINGS",
    "AdpListItem",
    "Sheet",
    "read_adp_list",
    "read_budget_lines",
    "read_movements",
    "read_observations",
    "read_rows",
]

#: Headings of ledger-movement sheets, beside the column names themselves.
MOVEMENT_HEADINGS: Final[Mapping[str, str]] = {
    "Date": "on",
    "Movement": "kind",
    "DDO Code": "ddo",
    "Detail Object": "object",
    "Object Code": "object",
    "To Grant": "to_grant",
    "To DDO": "to_ddo",
    "To Object": "to_object",
}
_OBSERVATION_COLUMNS: Final = (
    "indicator",
    "entity",
    "entity_kind",
    "period",
    "value",
    "numerator",
    "denominator",
    "evidence",
)


def read_budget_lines(
    path: str | Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    columns: Mapping[str, str] | None = None,
) -> tuple[BudgetLine, ...]:
    """Budget lines from a sheet of a workbook (or a CSV file) with the budget-lines columns
    (:data:`kpgov.io.budget.CSV_COLUMNS`, or headings of :data:`BUDGET_HEADINGS`)."""
    table = read_rows(
        path, sheet=sheet, header_row=header_row, columns=columns, known=BUDGET_HEADINGS
    )
    _require(table, ("kind", "entity", "object", "be_next"), CSV_COLUMNS)
    try:
        return lines_from_rows(table.rows, file=table.label, policy="spreadsheet")
    except LoadError as error:
        raise table.relabel(error) from None


def read_movements(
    path: str | Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    columns: Mapping[str, str] | None = None,
) -> tuple[Movement, ...]:
    """Ledger movements from a sheet of flat movement rows
    (:data:`kpgov.io.MOVEMENT_COLUMNS`: ``kind``, ``on``, the head's ``grant``, ``ddo`` and
    ``object``, ``amount``, ...)."""
    table = read_rows(
        path, sheet=sheet, header_row=header_row, columns=columns, known=MOVEMENT_HEADINGS
    )
    _require(table, ("kind", "on", "amount"), MOVEMENT_COLUMNS)
    try:
        return movements_from_rows(table.rows, file=table.label, policy="spreadsheet")
    except LoadError as error:
        raise table.relabel(error) from None


def read_observations(
    path: str | Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    columns: Mapping[str, str] | None = None,
    catalogue: Catalogue | None = None,
) -> list[Observation]:
    """Indicator observations from a sheet with the columns of an observations file
    (``indicator``, ``entity``, ``period``, ``value``, ...; see :mod:`kpgov.io.indicators`)."""
    table = read_rows(path, sheet=sheet, header_row=header_row, columns=columns)
    _require(table, ("indicator", "entity", "period"), _OBSERVATION_COLUMNS)
    try:
        return observations_from_rows(
            table.rows, file=table.label, catalogue=catalogue, policy="spreadsheet"
        )
    except LoadError as error:
        raise table.relabel(error) from None


def _require(table: Sheet, required: tuple[str, ...], known: tuple[str, ...]) -> None:
    missing = [name for name in required if name not in table.headings]
    if missing:
        raise ParseError(
            f"missing column {missing[0]!r} (the columns are {', '.join(known)}; map other "
            "headings with columns={heading: column})",
            file=table.label,
            field=missing[0],
        )


# ------------------------------------------------------------------------------ ADP lists

#: The columns of an ADP list (Form BDD-3: the projects of the Annual Development Programme).
ADP_COLUMNS: Final = (
    "project",
    "name",
    "sector",
    "location",
    "cost",
    "expenditure_to_date",
    "throw_forward",
    "allocation",
)
#: Headings ADP lists use for those columns.
ADP_HEADINGS: Final[Mapping[str, str]] = {
    "Project Code": "project",
    "Code": "project",
    "Scheme": "name",
    "Name of Scheme": "name",
    "Name of Project": "name",
    "Approved Cost": "cost",
    "Estimated Cost": "cost",
    "Expenditure upto June": "expenditure_to_date",
    "Throw Forward": "throw_forward",
    "Throw-forward": "throw_forward",
    "Allocation": "allocation",
}


@attrs.frozen
class AdpListItem:
    """One project of an ADP list as Form BDD-3 lists it: code, name, sector, location, cost,
    expenditure to date, the throw-forward as stated (``None`` when the list leaves it out) and
    this year's allocation. ``origin`` is where it was read."""

    project: str
    name: str
    sector: str
    location: str
    cost: Decimal
    expenditure_to_date: Decimal
    throw_forward: Decimal | None
    allocation: Decimal
    origin: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @property
    def computed_throw_forward(self) -> Decimal:
        """Cost left after this year's allocation (r.44(1)): cost - spent - allocation."""
        return max(ZERO, self.cost - self.expenditure_to_date - self.allocation)


_ADP_AMOUNTS: Final = ("cost", "expenditure_to_date", "throw_forward", "allocation")
_ADP_REQUIRED: Final = frozenset({"project", "cost", "allocation"})


def _adp_item(location: Location, cells: Mapping[str, object]) -> AdpListItem:
    values: dict[str, Any] = {}
    for column in ADP_COLUMNS:
        text = cell_text(cells.get(column), "spreadsheet")
        if not text and column in _ADP_REQUIRED:
            raise ParseError(f"{column} is required", field=column)
        if column not in _ADP_AMOUNTS:
            values[column] = text
            continue
        try:
            values[column] = parse_amount(text) if text else None
        except KpgovError as exc:
            raise ParseError(exc.message, field=column) from None
    values["expenditure_to_date"] = values["expenditure_to_date"] or ZERO
    return AdpListItem(**values, origin=location)


def read_adp_list(
    path: str | Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    columns: Mapping[str, str] | None = None,
) -> tuple[AdpListItem, ...]:
    """The projects of an ADP list (the columns of Form BDD-3: :data:`ADP_COLUMNS`) from a
    sheet of a workbook or a CSV file; every bad row is reported, naming sheet, row and
    column."""
    table = read_rows(path, sheet=sheet, header_row=header_row, columns=columns, known=ADP_HEADINGS)
    _require(table, ("project", "cost", "allocation"), ADP_COLUMNS)
    collector = ErrorCollector(file=table.label)
    items: list[AdpListItem] = []
    for location, cells in table.rows:
        with collector.guard(row=location.row):
            items.append(_adp_item(location, cells))
    try:
        collector.raise_if_any()
    except LoadError as error:
        raise table.relabel(error) from None
    return tuple(items)
