"""Records (one mapping of column to cell a row) from DataFrames, Arrow tables and workbooks,
into the loaders every other format uses.

A DataFrame, an Arrow table and a worksheet all come down to rows of cells keyed by column
name. This module turns each cell into the text the CSV loaders read (a numpy or Python
integer, a Decimal, a date, an enum member or a code all have one exact text form), refuses
binary floating point where it cannot be exact, and hands the rows to the loader of the format:
:func:`kpgov.io.budget.parse_budget_lines` for budget lines, :func:`kpgov.io.ledger.
movement_from_data` for ledger movements and the observation reader of
:mod:`kpgov.io.indicators`. Every bad row is reported in one :class:`~kpgov.errors.LoadError`,
each problem with its file (and sheet), row and column.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final, Literal

import attrs

from kpgov._ledger_format import FLAT_COLUMNS, flat_column, flat_movement
from kpgov._sheets import DERIVED_LINE_COLUMNS, FloatPolicy, Row, cell_text
from kpgov.budget import BudgetLine, Movement
from kpgov.errors import ErrorCollector, KpgovError, Location, ParseError, is_provenance
from kpgov.indicators import Catalogue, Observation
from kpgov.io.budget import CSV_COLUMNS, parse_budget_lines
from kpgov.io.indicators import observations_from_records
from kpgov.io.ledger import MOVEMENT_KINDS, movement_from_data

__all__ = [
    "DERIVED_LINE_COLUMNS",
    "MOVEMENT_COLUMNS",
    "AmountUnit",
    "FloatPolicy",
    "Row",
    "lines_from_rows",
    "movements_from_rows",
    "observations_from_rows",
]

#: What amounts in integer columns mean: rupees, or paisa (hundredths of a rupee).
AmountUnit = Literal["rupees", "paisa"]
#: The columns of a ledger movement as one flat row (``grant``/``ddo``/``object`` are the head,
#: or the source head of a re-appropriation; ``to_*`` its target head).
MOVEMENT_COLUMNS: Final = FLAT_COLUMNS
_MOVEMENT_AMOUNTS: Final = frozenset({"amount", "budgetary_cover"})
_LINE_AMOUNTS: Final = frozenset(
    {"actual", "be_current", "re_current", "be_next", "outer_1", "outer_2"}
)


def _in_paisa(text: str) -> str:
    try:
        return str(Decimal(text) / 100) if text else text
    except InvalidOperation:
        raise ParseError(f"not a whole number of paisa: {text!r}") from None


def _cells(
    location: Location,
    record: Mapping[str, object],
    collector: ErrorCollector,
    policy: FloatPolicy,
    amounts: frozenset[str],
    unit: AmountUnit,
) -> dict[str, str] | None:
    """The record's cells as text; None (with every problem collected) when one is bad."""
    out: dict[str, str] = {}
    ok = True
    for column, value in record.items():
        try:
            text = cell_text(value, policy)
            if unit == "paisa" and column in amounts:
                text = _in_paisa(text)
            out[column] = text
        except KpgovError as exc:
            collector.add(
                ParseError(exc.message, file=location.file, row=location.row, field=column)
            )
            ok = False
    return out if ok else None


def _check_columns(
    columns: Iterable[str], known: Iterable[str], ignored: Iterable[str], file: str | None
) -> None:
    allowed = {*known, *ignored}
    extra = sorted(c for c in columns if c not in allowed)
    if extra:
        raise ParseError(
            f"unknown column {extra[0]!r} (the columns are {', '.join(known)})",
            file=file,
            row=1,
            field=extra[0],
        )


def lines_from_rows(
    rows: Iterable[Row],
    *,
    file: str | None = None,
    policy: FloatPolicy = "refuse",
    unit: AmountUnit = "rupees",
) -> tuple[BudgetLine, ...]:
    """Budget lines from rows keyed by the budget-lines CSV columns, read by the CSV loader
    (:func:`kpgov.io.budget.parse_budget_lines`); every bad row is reported."""
    collector = ErrorCollector(file=file)
    runs: list[tuple[str | None, list[tuple[int, Mapping[str, str]]]]] = []
    checked = False
    for location, record in rows:
        if not checked:
            _check_columns(record, CSV_COLUMNS, DERIVED_LINE_COLUMNS, location.file or file)
            checked = True
        cells = _cells(location, record, collector, policy, _LINE_AMOUNTS, unit)
        if cells is None:
            continue
        for derived in DERIVED_LINE_COLUMNS:
            cells.pop(derived, None)
        if not runs or runs[-1][0] != location.file:
            runs.append((location.file, []))
        runs[-1][1].append((location.row or 0, cells))
    lines: list[BudgetLine] = []
    for name, batch in runs:  # one run a file: rows that kept their provenance may differ
        with collector.guard():
            lines.extend(parse_budget_lines(batch, file=name))
    collector.raise_if_any()
    return tuple(lines)


def movements_from_rows(
    rows: Iterable[Row],
    *,
    file: str | None = None,
    policy: FloatPolicy = "refuse",
    unit: AmountUnit = "rupees",
) -> tuple[Movement, ...]:
    """Ledger movements from flat rows (:data:`MOVEMENT_COLUMNS`), each structured like a
    movement of a ledger file (:func:`kpgov.io.ledger.movement_from_data`)."""
    collector = ErrorCollector(file=file)
    movements: list[Movement] = []
    checked = False
    for location, record in rows:
        if not checked:
            _check_columns(record, MOVEMENT_COLUMNS, ("file", "row"), location.file or file)
            checked = True
        cells = _cells(location, record, collector, policy, _MOVEMENT_AMOUNTS, unit)
        if cells is None:
            continue
        if cells.get("kind", "") not in MOVEMENT_KINDS:
            collector.add(
                ParseError(
                    f"unknown movement kind {cells.get('kind', '')!r}; expected one of "
                    f"{', '.join(MOVEMENT_KINDS)}",
                    file=location.file,
                    row=location.row,
                    field="kind",
                )
            )
            continue
        try:
            movement = movement_from_data(flat_movement(cells), file=location.file)
            movements.append(_at_row(movement, location))
        except KpgovError as exc:
            collector.add(
                ParseError(
                    exc.message,
                    file=location.file,
                    row=location.row,
                    field=flat_column(exc.field),
                )
            )
    collector.raise_if_any()
    return tuple(movements)


def _at_row(movement: Movement, location: Location) -> Movement:
    """``movement`` located at its flat row (file or sheet, row), not at a JSON path."""
    field = next(f.name for f in attrs.fields(type(movement)) if is_provenance(f))
    changes: dict[str, Any] = {field: location}
    located: Movement = attrs.evolve(movement, **changes)
    return located


def observations_from_rows(
    rows: Iterable[Row],
    *,
    file: str | None = None,
    catalogue: Catalogue | None = None,
    policy: FloatPolicy = "refuse",
) -> list[Observation]:
    """Indicator observations from rows with the columns of an observations CSV, read and
    validated by the same reader as :func:`kpgov.io.indicators.load_observations`."""
    collector = ErrorCollector(file=file)
    by_file: dict[str, list[tuple[int, Mapping[str, object]]]] = {}
    for location, record in rows:
        cells = _cells(location, record, collector, policy, frozenset(), "rupees")
        if cells is None:
            continue
        by_file.setdefault(location.file or file or "", []).append((location.row or 0, cells))
    out: list[Observation] = []
    for name, records in by_file.items():
        with collector.guard():
            out.extend(observations_from_records(records, file=name, catalogue=catalogue))
    collector.raise_if_any()
    return out


def numbered(
    records: Iterable[Mapping[str, object]], *, file: str, first_row: int = 2
) -> Iterator[Row]:
    """Rows numbered as a spreadsheet numbers them (the header is row 1); a record carrying
    ``file`` and ``row`` (provenance written by :func:`kpgov.io.to_pandas`) keeps them."""
    for index, record in enumerate(records):
        source, row = record.get("file"), record.get("row")
        if isinstance(source, str) and source and isinstance(row, numbers.Integral):
            yield Location(source, int(row)), record
        else:
            yield Location(file, first_row + index), record
