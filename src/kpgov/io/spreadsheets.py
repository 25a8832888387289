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

import csv
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs

from kpgov.budget import BudgetLine, Column, Movement
from kpgov.errors import ErrorCollector, KpgovError, LoadError, Location, ParseError
from kpgov.indicators import Catalogue, Observation
from kpgov.io._records import (
    MOVEMENT_COLUMNS,
    Row,
    cell_text,
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

#: Headings budget books use for the budget-lines columns (compared as column names: case,
#: spaces and punctuation do not matter), beside the column names themselves.
BUDGET_HEADINGS: Final[Mapping[str, str]] = {
    **{column.title: column.value for column in Column},
    "Line": "line_id",
    "Line No": "line_id",
    "Entity Code": "entity",
    "Cost Centre": "entity",
    "DDO Code": "entity",
    "Object Code": "object",
    "Detail Object": "object",
    "Function Code": "function",
    "Fund Code": "fund",
    "Project Code": "project",
    "Major Account": "account",
    "Actuals": "actual",
    "Budget Estimates": "be_next",
    "Projection (Year 2)": "outer_1",
    "Projection (Year 3)": "outer_2",
}
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


def _name(heading: str) -> str:
    """A heading as a column name: ``"B.E (Next Year)"`` -> ``b_e_next_year``."""
    return re.sub(r"[^a-z0-9]+", "_", heading.strip().lower()).strip("_")


def _letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


class Sheet:
    """The rows of one sheet (or CSV file) with their columns named, and how to say where
    a cell is: ``label`` is the file (and sheet), ``headings`` each column's heading."""

    def __init__(self, label: str, headings: Mapping[str, str], rows: list[Row]) -> None:
        self.label = label
        self.headings = headings
        self.rows = rows

    def relabel(self, error: LoadError) -> LoadError:
        """``error`` with each column named as the workbook heads it."""
        problems: list[KpgovError] = []
        for problem in error.problems:
            field = problem.field
            if field is not None and field in self.headings:
                problem.location = Location(problem.file, problem.row, self.headings[field])
            problems.append(problem)
        return LoadError(problems, omitted=error.omitted, file=error.file)


_Cells = tuple[str, Iterator[tuple[Any, ...]], tuple[int, int] | None]


def _data_range(worksheet: Any) -> tuple[int, int] | None:
    """The first and last row of the ``data`` range kpgov's writer names in a sheet."""
    names = getattr(worksheet, "defined_names", None) or {}
    found = names.get("data") if hasattr(names, "get") else None
    match = re.search(r"\$(\d+):\$?[A-Z]+\$(\d+)$", getattr(found, "attr_text", "") or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def _xlsx_cells(path: Path, sheet: str | None) -> _Cells:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - the dev environment has the extra
        raise KpgovError("reading XLSX needs openpyxl: install kpgov[xlsx]") from None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise ParseError("no such file", file=str(path)) from None
    except Exception as exc:  # openpyxl raises zip, XML and key errors for a bad file
        raise ParseError(f"not a readable XLSX workbook ({exc})", file=str(path)) from None
    if sheet is None:
        worksheet = book.worksheets[0]
    elif sheet in book.sheetnames:
        worksheet = book[sheet]
    else:
        raise ParseError(
            f"no sheet {sheet!r} (the sheets are {', '.join(book.sheetnames)})", file=str(path)
        )
    label = f"{path} [sheet {worksheet.title}]"
    data = _data_range(worksheet)
    try:  # the sheet's XML is parsed as it is read: a corrupt one fails here
        values = list(worksheet.iter_rows(values_only=True))
    except Exception as exc:  # openpyxl raises XML, zip and value errors for a bad sheet
        raise ParseError(f"the sheet cannot be read ({type(exc).__name__})", file=label) from None
    finally:
        book.close()
    return label, iter(values), data


def _csv_cells(path: Path) -> _Cells:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ParseError("no such file", file=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ParseError(f"cannot read the file ({exc})", file=str(path)) from None
    try:  # the csv module refuses a field over its limit (131,072 characters)
        rows = [tuple(row) for row in csv.reader(text.splitlines())]
    except csv.Error as exc:
        raise ParseError(f"not valid CSV ({exc})", file=str(path)) from None
    return str(path), iter(rows), None


def read_rows(
    path: str | Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    columns: Mapping[str, str] | None = None,
    known: Mapping[str, str] | None = None,
) -> Sheet:
    """The rows of a sheet of an XLSX workbook (or of a CSV file), from ``header_row`` down,
    keyed by column name (see the module notes for how headings become column names).

    ``header_row`` is 1 by default; in a workbook kpgov wrote (:func:`kpgov.io.write_xlsx`)
    it is the row above the sheet's ``data`` range, and the totals rows below it are left out.
    """
    source = Path(path)
    if header_row is not None and header_row < 1:
        raise ParseError(f"the header row is 1 or more, not {header_row}", file=str(path))
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        label, cells, data = _xlsx_cells(source, sheet)
    else:
        label, cells, data = _csv_cells(source)
    last = None
    if header_row is None:
        header_row = 1 if data is None else data[0] - 1
        last = None if data is None else data[1]
    mapping = {_name(k): v for k, v in (known or {}).items()}
    mapping.update({_name(k): v for k, v in (columns or {}).items()})
    names: list[str | None] = []
    headings: dict[str, str] = {}
    rows: list[Row] = []
    for number, values in enumerate(cells, start=1):
        if number < header_row:
            continue
        if last is not None and number > last:
            break
        if number == header_row:
            for index, heading in enumerate(values):
                text = "" if heading is None else str(heading).strip()
                name = mapping.get(_name(text), _name(text)) if text else None
                if name is not None and name in headings:
                    raise ParseError(
                        f"two columns are read as {name!r}", file=label, row=number, field=text
                    )
                names.append(name)
                if name is not None:
                    letter = f"column {_letter(index)}"
                    headings[name] = f"{text} ({letter})" if text != name else f"{name} ({letter})"
            continue
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        record = {name: value for name, value in zip(names, values, strict=False) if name}
        rows.append((Location(label, number), record))
    if not names:
        raise ParseError(f"no header on row {header_row}", file=label, row=header_row)
    return Sheet(label, headings, rows)


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
