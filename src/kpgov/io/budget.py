"""Reading and writing district budgets: a JSON document and a CSV of budget lines.

**JSON** (``kpgov.budget/1``): one object whose keys are the fields of
:class:`kpgov.budget.AnnualBudgetStatement` (amounts as text, dates ISO, the year as
``"2025-26"``, codes as text), plus an optional ``"format": "kpgov.budget/1"`` and an optional
``"lines_file"``: a CSV of budget lines, relative to the JSON file, read in place of (or in
addition to) ``"lines"``. :func:`budget_json_schema` gives the JSON Schema, generated from the
models. Unknown keys are an error.

**CSV** (an IFMIS-style export of budget lines): a header line and one row a line, columns
:data:`CSV_COLUMNS` (``kind``, ``entity``, ``object`` and ``be_next`` are required, the rest
optional); amounts as budget documents print them (``"4,31,63,871"``, ``"12 lakh"``); blank
cells are empty values; booleans ``true``/``false``/``yes``/``no``/``1``/``0``. A row without a
``line_id`` gets ``row-N``. A bad row raises a :class:`~kpgov.errors.ParseError` naming the
file, the row and the column.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import Any, Final

import attrs

from kpgov._lines_format import CONVERTED_COLUMNS, FALSE_TEXTS, REQUIRED_COLUMNS, TRUE_TEXTS
from kpgov.budget import (
    TRUSTED_FIELDS,
    AnnualBudgetStatement,
    BudgetLine,
    LineStatus,
    trusted_line,
)
from kpgov.convert import structure_all, unstructure
from kpgov.errors import (
    ErrorCollector,
    KpgovError,
    LoadError,
    Location,
    ParseError,
    with_sources,
)
from kpgov.io._bulk import bulk
from kpgov.io._schema import DRAFT, SchemaBuilder
from kpgov.io.files import read_csv_all, read_json, resolve_beside
from kpgov.money import ZERO, parse_amount

__all__ = [
    "BUDGET_FORMAT",
    "CSV_COLUMNS",
    "budget_json_schema",
    "budget_to_data",
    "dump_budget",
    "format_lines_csv",
    "load_budget",
    "load_budget_lines",
    "parse_budget_lines",
    "statement_from_data",
]

#: The format tag of a budget JSON document.
BUDGET_FORMAT: Final = "kpgov.budget/1"

#: The columns of the budget-lines CSV, in the order :func:`format_lines_csv` writes them.
CSV_COLUMNS: Final = (
    "line_id",
    "kind",
    "entity",
    "object",
    "function",
    "fund",
    "project",
    "account",
    "description",
    "status",
    "proposal",
    "source",
    "conditional_grant",
    "charged_category",
    "lump_sum",
    "explanation",
    "actual",
    "be_current",
    "re_current",
    "be_next",
    "outer_1",
    "outer_2",
)


# ------------------------------------------------------------------------------- CSV


_OPTIONAL: Final = frozenset(
    {"function", "fund", "project", "account", "source", "charged_category", "status"}
)
_AMOUNTS: Final = ("actual", "be_current", "re_current", "be_next")
_OUTER: Final = ("outer_1", "outer_2")
_TEXTS: Final = ("proposal", "conditional_grant", "explanation")
#: A plain amount the loader converts with ``Decimal`` alone: ASCII digits within the bounds of
#: kpgov.money (MAX_AMOUNT, MAX_PLACES), a minus sign only before a number other than zero (as
#: parse_amount reads it, "-0" is 0, not Decimal("-0")); anything else goes through parse_amount.
_PLAIN: Final = r"(?:-(?=[0-9.]*[1-9]))?[0-9]{1,15}(?:\.[0-9]{1,4})?"
_PLAIN_AMOUNT: Final = re.compile(_PLAIN)

#: The cells of a column of plain amounts, one a line (checked with one match for the column).
_PLAIN_COLUMN: Final = re.compile(f"{_PLAIN}(?:\n{_PLAIN})*")


def _amount(text: str) -> Decimal:
    return Decimal(text) if _PLAIN_AMOUNT.fullmatch(text) else parse_amount(text)


def _bool(text: str) -> bool:
    low = text.lower()
    if low in TRUE_TEXTS:
        return True
    if low in FALSE_TEXTS:
        return False
    raise ParseError(f"not a yes/no value: {text!r} (use true or false)")


def _default(name: str) -> Any:
    if name == "status":
        return LineStatus.EXISTING
    if name in _AMOUNTS:
        return ZERO
    return None


def _converter(name: str) -> Any:
    """How the loader converts a non-empty cell of column ``name``."""
    if name in CONVERTED_COLUMNS:
        return attrs.fields_dict(BudgetLine)[name].converter
    if name in _AMOUNTS or name in _OUTER:
        return _amount
    if name == "lump_sum":
        return _bool
    return None  # text kept as it is


class _Columns:
    """Converts a table of budget-line cells a column at a time: each distinct cell of a
    column is converted once, then looked up for every row (a C-level ``map``); problems are
    kept per row and column, so one run reports every bad cell."""

    def __init__(self, file: str | None) -> None:
        self.file = file
        self.bad: dict[int, list[tuple[str, KpgovError]]] = {}

    def column(self, name: str, cells: Sequence[str]) -> list[Any]:
        """The converted values of a column, from its raw cells (stripped here)."""
        if name == "line_id" or name == "description":
            return list(map(str.strip, cells))
        convert = _converter(name)
        if convert is _amount:
            joined = "\n".join(cells)
            # every cell a plain amount, unpadded and on a line of its own: Decimal alone
            if joined.count("\n") == len(cells) - 1 and _PLAIN_COLUMN.fullmatch(joined):
                return list(map(Decimal, cells))
        table: dict[str, Any] = {}
        failed: dict[str, KpgovError] = {}
        empty = _default(name)
        for raw in set(cells):  # each distinct cell stripped and converted once
            text = raw.strip()
            if convert is None:  # proposal, grant, explanation: text, or None when blank
                table[raw] = text or None
                continue
            if not text:
                if name in REQUIRED_COLUMNS:
                    failed[raw] = ParseError(f"{name} is required")
                else:
                    table[raw] = False if name == "lump_sum" else empty
                continue
            try:
                table[raw] = convert(text)
            except KpgovError as exc:
                failed[raw] = exc
            except (ValueError, TypeError, ArithmeticError) as exc:
                failed[raw] = ParseError(f"not a valid {name}: {type(exc).__name__}")
        if failed:
            for index, raw in enumerate(cells):
                if raw in failed:
                    self.bad.setdefault(index, []).append((name, failed[raw]))
        return list(map(table.get, cells))


def _read_lines(
    file: str | None,
    header: list[str],
    numbers: list[int],
    rows: list[list[str]],
    collector: ErrorCollector,
    *,
    provenance: bool = True,
) -> tuple[BudgetLine, ...]:
    """Budget lines from the data rows of a budget-lines table (``numbers`` are their row
    numbers as a spreadsheet shows them)."""
    count = len(rows)
    position = {name: index for index, name in enumerate(header)}
    width = len(header)
    if rows and min(map(len, rows)) < width:  # short rows: missing trailing cells are empty
        rows = [row + [""] * (width - len(row)) for row in rows]
    columns: list[Any] = list(zip(*rows, strict=True)) if rows else [() for _ in header]
    blank = [""] * count
    converter = _Columns(file)
    values = []
    for name in TRUSTED_FIELDS:
        index = position.get(name)
        values.append(converter.column(name, blank if index is None else columns[index]))
    ids = values[0]
    if "" in ids:
        values[0] = [text or f"row-{number}" for text, number in zip(ids, numbers, strict=True)]
    origins: list[Location | None] = (
        list(map(Location, repeat(file), numbers)) if provenance else [None] * count
    )
    bad = converter.bad
    lines: list[BudgetLine] = []
    if not bad:
        try:  # the usual case: every row is good; built in one C-level pass
            lines = list(map(trusted_line, *values, origins))
        except KpgovError:
            lines = []  # a line's own check failed: build them one by one to say where
    if not lines and count:
        lines = _one_by_one(values, origins, numbers, bad, collector)
    _check_unique_lines(lines, collector)
    collector.raise_if_any()
    return tuple(lines)


def _one_by_one(
    values: list[list[Any]],
    origins: list[Location | None],
    numbers: list[int],
    bad: dict[int, list[tuple[str, KpgovError]]],
    collector: ErrorCollector,
) -> list[BudgetLine]:
    """The lines of a table with bad rows: each problem kept with its row and column."""
    lines: list[BudgetLine] = []
    rows_of_values = zip(*values, strict=True)
    for index, (args, origin) in enumerate(zip(rows_of_values, origins, strict=True)):
        if index in bad:
            for name, error in bad[index]:
                with collector.guard(row=numbers[index], field=name):
                    raise error
            if collector.full:
                collector.omitted += 1  # more rows were not read
                break
            continue
        try:
            lines.append(trusted_line(*args, origin=origin))
        except KpgovError as exc:  # the line's own checks (a field against another)
            with collector.guard(row=numbers[index]):
                raise ParseError(exc.message, field=exc.field) from None
    return lines


def parse_budget_lines(
    rows: Iterable[tuple[int, Mapping[str, str]]],
    *,
    file: str | None = None,
    cap: int = 100,
) -> tuple[BudgetLine, ...]:
    """Budget lines from ``(row number, row)`` pairs of a budget-lines CSV (no I/O); every bad
    row is reported in one :class:`~kpgov.errors.LoadError` (up to ``cap`` problems)."""
    numbers: list[int] = []
    table: list[list[str]] = []
    for number, row in rows:
        numbers.append(number)
        table.append([row.get(column) or "" for column in CSV_COLUMNS])
    collector = ErrorCollector(file=file, cap=cap)
    with bulk():
        return _read_lines(file, list(CSV_COLUMNS), numbers, table, collector)


_LINE_ID: Final = attrgetter("line_id")


def _check_unique_lines(lines: Iterable[BudgetLine], collector: ErrorCollector) -> None:
    """Two lines with one id: an error naming both places (the statement needs unique ids)."""
    lines = tuple(lines)
    if len(set(map(_LINE_ID, lines))) == len(lines):  # the usual case, checked in C
        return
    seen: dict[str, BudgetLine] = {}
    for line in lines:
        first = seen.setdefault(line.line_id, line)
        if first is not line:
            where = first.origin.compact() if first.origin else "another line"
            place = line.origin or Location()
            collector.add(
                ParseError(
                    f"line_id {line.line_id!r} is used twice (first at {where})",
                    file=place.file,
                    row=place.row,
                    field=place.field or "line_id",
                )
            )


def load_budget_lines(
    path: str | Path, *, cap: int = 100, provenance: bool = True
) -> tuple[BudgetLine, ...]:
    """Read a budget-lines CSV (an IFMIS-style export). Every bad row and cell is reported in
    one :class:`~kpgov.errors.LoadError` (up to ``cap`` problems), each as ``file:row: column:
    message``. Each line remembers its file and row (``origin``) unless ``provenance=False``
    (which saves a little time and memory; findings then name no row)."""
    with bulk():
        return _load_lines(path, cap=cap, provenance=provenance)


def _load_lines(path: str | Path, *, cap: int, provenance: bool) -> tuple[BudgetLine, ...]:
    name = str(path)
    header, numbers, rows = read_csv_all(path, required=REQUIRED_COLUMNS, known=CSV_COLUMNS)
    collector = ErrorCollector(file=name, cap=cap)
    for column in header:
        if column not in CSV_COLUMNS:
            collector.add(
                ParseError(
                    f"unknown column {_short(column)!r} (the columns are {', '.join(CSV_COLUMNS)})",
                    row=1,
                    field=_short(column),
                )
            )
    collector.raise_if_any()
    return _read_lines(name, header, numbers, rows, collector, provenance=provenance)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _cell(value: object) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def format_lines_csv(lines: Iterable[BudgetLine]) -> str:
    """The lines as budget-lines CSV text (amounts as plain rupees)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    names = [attrs.fields_dict(BudgetLine)[name].name for name in CSV_COLUMNS]
    for line in lines:
        writer.writerow([_cell(getattr(line, name)) for name in names])
    return out.getvalue()


# ------------------------------------------------------------------------------ JSON


def statement_from_data(
    data: Any,
    *,
    file: str | None = None,
    base_dir: Path | None = None,
    allow_outside: bool = False,
    cap: int = 100,
    provenance: bool = True,
) -> AnnualBudgetStatement:
    """An AnnualBudgetStatement from parsed JSON data. ``lines_file`` is read relative to
    ``base_dir`` (the document's folder; the working directory when None); it must be a
    regular file inside that folder unless ``allow_outside``. Every problem is reported in one
    :class:`~kpgov.errors.LoadError` (up to ``cap``)."""
    if not isinstance(data, dict):
        raise ParseError("a budget document is a JSON object", file=file, field="$")
    data = dict(data)
    tag = data.pop("format", BUDGET_FORMAT)
    if tag != BUDGET_FORMAT:
        raise ParseError(
            f"unknown budget format {_short(str(tag))!r}; expected {BUDGET_FORMAT!r}",
            file=file,
            field="$.format",
        )
    collector = ErrorCollector(file=file, cap=cap)
    lines_file = data.pop("lines_file", None)
    extra: tuple[BudgetLine, ...] = ()
    if lines_file is not None:
        with collector.guard(field="$.lines_file"):
            if not isinstance(lines_file, str):
                raise ParseError("lines_file is a path (text)")
            path = resolve_beside(
                base_dir, lines_file, file=file, field="$.lines_file", allow_outside=allow_outside
            )
            extra = load_budget_lines(path, cap=cap, provenance=provenance)
    statement: AnnualBudgetStatement | None = None
    with collector.guard():
        statement = _structured(data, file, provenance=provenance)
    if statement is None:
        collector.raise_if_any()
        raise AssertionError("unreachable: a failed structure is a problem")  # pragma: no cover
    if statement.lines:  # the CSV's own lines were checked when it was read
        _check_unique_lines((*statement.lines, *extra), collector)
    collector.raise_if_any()
    if extra:
        with collector.guard(field="$.lines_file"):
            statement = attrs.evolve(statement, lines=statement.lines + extra)
        collector.raise_if_any()
    return statement


def _structured(
    data: dict[str, Any], file: str | None, *, provenance: bool = True
) -> AnnualBudgetStatement:
    """The statement structured from ``data``, each record located at its JSON path; a
    duplicate id is reported with the paths of both records."""
    try:
        built = structure_all(data, AnnualBudgetStatement, file=file)
    except LoadError:
        raise
    except ParseError as exc:
        if exc.field == "$" and isinstance(exc.__cause__, KpgovError):
            raise ParseError(exc.message, file=file, field=_where(exc.__cause__)) from None
        raise
    return with_sources(built, file) if provenance else built


def _where(exc: KpgovError) -> str:
    return f"$.{exc.field}" if exc.field else "$"


def load_budget(
    path: str | Path, *, allow_outside: bool = False, cap: int = 100, provenance: bool = True
) -> AnnualBudgetStatement:
    """Read a budget JSON document (and the lines CSV it names, if any); see
    :func:`statement_from_data` for ``allow_outside`` and ``cap``; with ``provenance=False``
    records do not remember where they were read."""
    data = read_json(path, strict=True)
    return statement_from_data(
        data,
        file=str(path),
        base_dir=Path(path).parent,
        allow_outside=allow_outside,
        cap=cap,
        provenance=provenance,
    )


def budget_to_data(statement: AnnualBudgetStatement, *, lines: bool = True) -> dict[str, Any]:
    """The statement as JSON-ready data (``lines=False`` leaves the lines out, for a
    document whose lines live in a CSV named by ``lines_file``)."""
    data: dict[str, Any] = {"format": BUDGET_FORMAT}
    data.update(unstructure(statement))
    data["documents"] = sorted(data["documents"])
    if not lines:
        del data["lines"]
    return data


def dump_budget(
    statement: AnnualBudgetStatement, path: str | Path, *, lines_file: str | None = None
) -> None:
    """Write the statement as JSON to ``path``; with ``lines_file`` the lines go to that CSV
    (relative to the JSON file) and the JSON names it."""
    target = Path(path)
    data = budget_to_data(statement, lines=lines_file is None)
    if lines_file is not None:
        data["lines_file"] = lines_file
        (target.parent / lines_file).write_text(format_lines_csv(statement.lines), encoding="utf-8")
    target.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# ----------------------------------------------------------------------- JSON Schema


def budget_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a budget document, generated from the models by
    :mod:`kpgov.io._schema`, the generator that follows the loaders' converter.

    It checks the shape of a document; what the values mean (valid codes, amounts) is checked
    when the document is read.
    """
    builder = SchemaBuilder()
    root = builder.object_schema(AnnualBudgetStatement)
    root["properties"] = {
        "format": {"const": BUDGET_FORMAT},
        "lines_file": {
            "type": "string",
            "description": "a budget-lines CSV, relative to this file, whose lines are added",
        },
        **root["properties"],
    }
    return {
        "$schema": DRAFT,
        "title": f"kpgov district budget ({BUDGET_FORMAT})",
        **root,
        "$defs": builder.defs,
    }
