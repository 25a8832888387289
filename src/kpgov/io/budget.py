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
import gc
import io
import json
import re
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Union

import attrs

from kpgov.accounts import (
    EntityCode,
    FunctionCode,
    FundCode,
    ObjectCode,
    ProjectCode,
)
from kpgov.budget import AnnualBudgetStatement, BudgetLine, LineStatus
from kpgov.budget._lines import TRUSTED_FIELDS
from kpgov.convert import structure_all, unstructure
from kpgov.errors import ErrorCollector, KpgovError, LoadError, Location, ParseError, is_provenance
from kpgov.io._provenance import with_sources
from kpgov.io.files import read_csv_table, read_json, resolve_beside
from kpgov.money import ZERO, parse_amount
from kpgov.periods import FinancialYear, Month

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
_REQUIRED: Final = ("kind", "entity", "object", "be_next")
_TRUE: Final = frozenset({"true", "yes", "y", "1"})
_FALSE: Final = frozenset({"false", "no", "n", "0", ""})


# ------------------------------------------------------------------------------- CSV


class _Cells:
    """Per-file memos: a budget repeats few distinct codes and words over many rows, so each
    distinct text is converted once (by the field's own converter, so the result is exactly
    what the constructor would hold)."""

    def __init__(self) -> None:
        fields = attrs.fields_dict(BudgetLine)
        self.memo: dict[str, dict[str, Any]] = {name: {} for name in _MEMO_FIELDS}
        self.convert: dict[str, Any] = {
            name: fields[name].converter for name in _MEMO_FIELDS if name != "lump_sum"
        }
        self.convert["lump_sum"] = _bool

    def value(self, name: str, text: str) -> Any:
        memo = self.memo[name]
        try:
            return memo[text]
        except KeyError:
            value = memo[text] = self.convert[name](text)
            return value


#: The columns whose cells repeat (codes, enums, flags): each distinct text converted once.
_MEMO_FIELDS: Final = (
    "kind",
    "entity",
    "object",
    "function",
    "fund",
    "project",
    "account",
    "status",
    "source",
    "charged_category",
    "lump_sum",
)
_AMOUNT_FIELDS: Final = ("actual", "be_current", "re_current", "be_next", "outer_1", "outer_2")
_TEXT_FIELDS: Final = ("proposal", "conditional_grant", "explanation")
#: A plain amount the loader converts with ``Decimal`` alone: ASCII digits within the bounds of
#: kpgov.money (MAX_AMOUNT, MAX_PLACES); anything else goes through parse_amount.
_PLAIN_AMOUNT: Final = re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,4})?")


def _amount(text: str) -> Decimal:
    return Decimal(text) if _PLAIN_AMOUNT.fullmatch(text) else parse_amount(text)


def _opt_amount(text: str) -> Decimal | None:
    return (
        (Decimal(text) if _PLAIN_AMOUNT.fullmatch(text) else parse_amount(text)) if text else None
    )


def _bool(text: str) -> bool:
    low = text.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ParseError(f"not a yes/no value: {text!r} (use true or false)")


class _Reader:
    """Turns the cells of one CSV row into a BudgetLine (fast path), or, for a bad row, into
    every problem of that row (slow path, one field at a time)."""

    def __init__(self, header: list[str], file: str | None) -> None:
        self.file = file
        self.cells = _Cells()
        position = {name: index for index, name in enumerate(header)}
        self.position = position
        self.width = len(header)
        # for each field of TRUSTED_FIELDS: how to get its value from the row
        self.plan: list[tuple[str, int | None]] = [
            (name, position.get(name)) for name in TRUSTED_FIELDS
        ]

    def line(self, number: int, row: list[str]) -> BudgetLine:
        if len(row) < self.width:
            row = row + [""] * (self.width - len(row))
        values: list[object] = []
        append = values.append
        value = self.cells.value
        for name, index in self.plan:
            text = "" if index is None else row[index]
            if name in _MEMO:
                if name in _OPTIONAL_CODES and not text:
                    append(None)
                elif name == "status" and not text:
                    append(LineStatus.EXISTING)
                else:
                    append(value(name, text))
            elif name in _AMOUNTS_REQUIRED_ZERO:
                append(_amount(text) if text else ZERO)
            elif name in _AMOUNTS_OPTIONAL:
                append(_opt_amount(text))
            elif name == "line_id":
                append(text or f"row-{number}")
            elif name == "description":
                append(text)
            else:  # proposal, conditional_grant, explanation: empty is None
                append(text or None)
        for column in _REQUIRED:
            if not row[self.position[column]]:
                raise ParseError(f"{column} is required", field=column)
        return BudgetLine.trusted(tuple(values), Location(self.file, number))

    def problems(self, number: int, row: list[str], collector: ErrorCollector) -> None:
        """Every problem of a row the fast path refused, each located at its column."""
        if len(row) < self.width:
            row = row + [""] * (self.width - len(row))
        fields: dict[str, Any] = {}
        before = len(collector)
        for name, index in self.plan:
            text = "" if index is None else row[index]
            with collector.guard(row=number, field=name):
                if name in _REQUIRED and not text:
                    raise ParseError(f"{name} is required")
                if name in _AMOUNTS_REQUIRED_ZERO or name in _AMOUNTS_OPTIONAL:
                    fields[name] = _opt_amount(text)
                elif name in _MEMO and text:
                    fields[name] = self.cells.value(name, text)
                elif text:
                    fields[name] = text
        if len(collector) == before:  # each cell is fine: the line as a whole is not
            with collector.guard(row=number):
                fields.setdefault("line_id", f"row-{number}")
                BudgetLine(**{k: v for k, v in fields.items() if v is not None})


_MEMO: Final = frozenset(_MEMO_FIELDS)
_OPTIONAL_CODES: Final = frozenset(
    {"function", "fund", "project", "account", "source", "charged_category"}
)
_AMOUNTS_REQUIRED_ZERO: Final = frozenset({"actual", "be_current", "re_current", "be_next"})
_AMOUNTS_OPTIONAL: Final = frozenset({"outer_1", "outer_2"})


def parse_budget_lines(
    rows: Iterable[tuple[int, Mapping[str, str]]],
    *,
    file: str | None = None,
    cap: int = 100,
) -> tuple[BudgetLine, ...]:
    """Budget lines from ``(row number, row)`` pairs of a budget-lines CSV (no I/O); every bad
    row is reported in one :class:`~kpgov.errors.LoadError` (up to ``cap`` problems)."""
    reader = _Reader(list(CSV_COLUMNS), file)
    collector = ErrorCollector(file=file, cap=cap)
    table = ((n, [(row.get(c) or "").strip() for c in CSV_COLUMNS]) for n, row in rows)
    return _read_lines(reader, table, collector)


def _read_lines(
    reader: _Reader, table: Iterable[tuple[int, list[str]]], collector: ErrorCollector
) -> tuple[BudgetLine, ...]:
    lines: list[BudgetLine] = []
    append = lines.append
    make = reader.line
    with _bulk():
        for number, row in table:
            try:
                append(make(number, row))
            except (KpgovError, ValueError, TypeError, ArithmeticError):
                reader.problems(number, row, collector)
                if collector.full:
                    collector.omitted += 1  # at least one more row was not read
                    break
    _check_unique_lines(lines, collector)
    collector.raise_if_any()
    return tuple(lines)


def _check_unique_lines(lines: Iterable[BudgetLine], collector: ErrorCollector) -> None:
    """Two lines with one id: an error naming both places (the statement needs unique ids)."""
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


@contextmanager
def _bulk() -> Iterator[None]:
    """Keep the cyclic garbage collector out of a bulk load: the lines it makes hold no
    cycles (reference counting frees them), and without this every few thousand new objects
    would make it rescan all the lines read so far."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_budget_lines(path: str | Path, *, cap: int = 100) -> tuple[BudgetLine, ...]:
    """Read a budget-lines CSV (an IFMIS-style export). Every bad row and cell is reported in
    one :class:`~kpgov.errors.LoadError` (up to ``cap`` problems), each as ``file:row: column:
    message``."""
    name = str(path)
    header, table = read_csv_table(path, required=_REQUIRED, known=CSV_COLUMNS)
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
    if len(set(header)) != len(header):
        twice = sorted({c for c in header if header.count(c) > 1})
        collector.add(ParseError(f"column {twice[0]!r} appears twice", row=1, field=twice[0]))
    collector.raise_if_any()
    try:
        lines = _read_lines(_Reader(header, name), table, collector)
    except LoadError:
        raise
    except ParseError as exc:  # the file itself (bad CSV, bytes that are not UTF-8)
        collector.add(exc)
        collector.raise_if_any()
        raise
    return lines


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
            document = (base_dir or Path.cwd()) / "document"
            path = resolve_beside(
                document, lines_file, field="$.lines_file", allow_outside=allow_outside
            )
            extra = load_budget_lines(path, cap=cap)
    statement: AnnualBudgetStatement | None = None
    with collector.guard():
        statement = _structured(data, file)
    if statement is None:
        collector.raise_if_any()
        raise AssertionError("unreachable: a failed structure is a problem")  # pragma: no cover
    _check_unique_lines((*statement.lines, *extra), collector)
    collector.raise_if_any()
    if extra:
        with collector.guard(field="$.lines_file"):
            statement = attrs.evolve(statement, lines=statement.lines + extra)
        collector.raise_if_any()
    return statement


def _structured(data: dict[str, Any], file: str | None) -> AnnualBudgetStatement:
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
    return with_sources(built, file)


def _where(exc: KpgovError) -> str:
    return f"$.{exc.field}" if exc.field else "$"


def load_budget(
    path: str | Path, *, allow_outside: bool = False, cap: int = 100
) -> AnnualBudgetStatement:
    """Read a budget JSON document (and the lines CSV it names, if any); see
    :func:`statement_from_data` for ``allow_outside`` and ``cap``."""
    data = read_json(path)
    return statement_from_data(
        data,
        file=str(path),
        base_dir=Path(path).parent,
        allow_outside=allow_outside,
        cap=cap,
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

_TEXT_TYPES: Final[Mapping[type, dict[str, Any]]] = {
    Decimal: {
        "type": ["string", "integer"],
        "description": "an amount in rupees, as text ('4,31,63,871', '1200.50', '12 lakh')",
    },
    date: {"type": "string", "format": "date"},
    FinancialYear: {"type": "string", "pattern": r"^\d{4}-\d{2}$", "description": "'2025-26'"},
    Month: {"type": "string", "pattern": r"^\d{4}-\d{1,2}$", "description": "'2025-07'"},
    EntityCode: {"type": "string", "description": "entity code district-office-cost centre"},
    ObjectCode: {"type": "string", "description": "object code such as A01101"},
    FunctionCode: {"type": "string", "description": "function code such as 011101"},
    FundCode: {"type": "string", "description": "fund code such as DF-R-1-012"},
    ProjectCode: {"type": "string", "description": "project code"},
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
}


def _schema_of(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [_schema_of(arg, defs) for arg in typing.get_args(tp) if arg is not type(None)]
        nullable = type(None) in typing.get_args(tp)
        return {"anyOf": [*options, {"type": "null"}]} if nullable else {"anyOf": options}
    if origin in (tuple, frozenset, list, set):
        args = typing.get_args(tp)
        item = _schema_of(args[0], defs)
        schema: dict[str, Any] = {"type": "array", "items": item}
        if origin in (frozenset, set):
            schema["uniqueItems"] = True
        return schema
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if isinstance(tp, type) and tp in _TEXT_TYPES:
        return dict(_TEXT_TYPES[tp])
    if isinstance(tp, type) and attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            hints = typing.get_type_hints(tp)
            fields = [f for f in attrs.fields(tp) if not is_provenance(f)]
            properties = {f.name: _schema_of(hints[f.name], defs) for f in fields}
            required = [f.name for f in fields if f.default is attrs.NOTHING]
            doc = (tp.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
            defs[name] = {
                "type": "object",
                "description": doc,
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {tp!r}")


def budget_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a budget document, generated from the models.

    It checks the shape of a document; what the values mean (valid codes, amounts) is checked
    when the document is read.
    """
    defs: dict[str, Any] = {}
    _schema_of(AnnualBudgetStatement, defs)
    root = dict(defs.pop("AnnualBudgetStatement"))
    root["properties"] = {
        "format": {"const": BUDGET_FORMAT},
        "lines_file": {
            "type": "string",
            "description": "a budget-lines CSV, relative to this file, whose lines are added",
        },
        **root["properties"],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "kpgov district budget (kpgov.budget/1)",
        **root,
        "$defs": defs,
    }
