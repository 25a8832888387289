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
import types
import typing
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Union

import attrs

from kpgov.accounts import (
    ChargedCategory,
    EntityCode,
    FunctionCode,
    FundCode,
    ObjectCode,
    ProjectCode,
    parse_entity,
    parse_function,
    parse_fund,
    parse_object,
    parse_project,
)
from kpgov.budget import AnnualBudgetStatement, BudgetLine, LineKind, LineStatus, ReceiptSource
from kpgov.convert import structure, unstructure
from kpgov.errors import KpgovError, Location, ParseError, is_provenance
from kpgov.io._provenance import with_sources
from kpgov.io.files import read_csv_rows, read_json
from kpgov.money import parse_amount
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
_PLAIN_AMOUNT: Final = re.compile(r"^-?\d+(?:\.\d+)?$")
_TRUE: Final = frozenset({"true", "yes", "y", "1"})
_FALSE: Final = frozenset({"false", "no", "n", "0", ""})


# ------------------------------------------------------------------------------- CSV


class _Cells:
    """Per-file caches: a budget repeats few distinct codes over many rows."""

    def __init__(self) -> None:
        self.entity: dict[str, EntityCode] = {}
        self.object: dict[str, ObjectCode] = {}
        self.function: dict[str, FunctionCode] = {}
        self.fund: dict[str, FundCode] = {}
        self.project: dict[str, ProjectCode] = {}


def _cached(cache: dict[str, Any], text: str, parse: Any) -> Any:
    value = cache.get(text)
    if value is None:
        value = cache[text] = parse(text)
    return value


def _amount(text: str) -> Decimal:
    return Decimal(text) if _PLAIN_AMOUNT.match(text) else parse_amount(text)


def _bool(text: str) -> bool:
    low = text.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ParseError(f"not a yes/no value: {text!r} (use true or false)")


def _enum(cls: type[enum.Enum], text: str) -> Any:
    try:
        return cls(text)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in cls)
        raise ParseError(
            f"{text!r} is not a valid {cls.__name__}; expected one of {allowed}"
        ) from None


def _line_from_row(
    number: int, row: Mapping[str, str], cells: _Cells, file: str | None = None
) -> BudgetLine:
    column = "line_id"
    try:
        get = row.get
        column = "entity"
        entity = _cached(cells.entity, row["entity"], parse_entity)
        column = "object"
        obj = _cached(cells.object, row["object"], parse_object)
        column = "function"
        text = get("function") or ""
        function = _cached(cells.function, text, parse_function) if text else None
        column = "fund"
        text = get("fund") or ""
        fund = _cached(cells.fund, text, parse_fund) if text else None
        column = "project"
        text = get("project") or ""
        project = _cached(cells.project, text, parse_project) if text else None
        values: dict[str, Any] = {}
        for column in ("actual", "be_current", "re_current", "be_next"):
            text = get(column) or ""
            if text:
                values[column] = _amount(text)
        for column in ("outer_1", "outer_2"):
            text = get(column) or ""
            values[column] = _amount(text) if text else None
        column = "kind"
        kind = _enum(LineKind, row["kind"])
        column = "status"
        text = get("status") or ""
        status = _enum(LineStatus, text) if text else LineStatus.EXISTING
        column = "source"
        text = get("source") or ""
        source = _enum(ReceiptSource, text) if text else None
        column = "account"
        text = get("account") or ""
        account = text or None  # BudgetLine reads 'trust' or 'special deposit'
        column = "charged_category"
        text = get("charged_category") or ""
        charged = _enum(ChargedCategory, text) if text else None
        column = "lump_sum"
        lump_sum = _bool(get("lump_sum") or "")
        column = "line_id"
        return BudgetLine(
            line_id=get("line_id") or f"row-{number}",
            kind=kind,
            entity=entity,
            object=obj,
            function=function,
            fund=fund,
            project=project,
            account=account,
            description=get("description") or "",
            status=status,
            proposal=get("proposal") or None,
            source=source,
            conditional_grant=get("conditional_grant") or None,
            charged_category=charged,
            lump_sum=lump_sum,
            explanation=get("explanation") or None,
            origin=Location(file, number),
            **values,
        )
    except KpgovError as exc:
        raise ParseError(exc.message, row=number, field=exc.field or column) from None
    except ValueError as exc:
        raise ParseError(str(exc), row=number, field=column) from None


def parse_budget_lines(
    rows: Iterable[tuple[int, Mapping[str, str]]], *, file: str | None = None
) -> tuple[BudgetLine, ...]:
    """Budget lines from ``(row number, row)`` pairs of a budget-lines CSV (no I/O)."""
    cells = _Cells()
    lines: list[BudgetLine] = []
    for number, row in rows:
        try:
            lines.append(_line_from_row(number, row, cells, file))
        except ParseError as exc:
            raise ParseError(exc.message, file=file, row=exc.row, field=exc.field) from None
    return tuple(lines)


def load_budget_lines(path: str | Path) -> tuple[BudgetLine, ...]:
    """Read a budget-lines CSV (an IFMIS-style export)."""
    rows = read_csv_rows(path, required=_REQUIRED)
    unknown_checked = False
    checked: list[tuple[int, dict[str, str]]] = []
    for number, row in rows:
        if not unknown_checked:
            extra = sorted(set(row) - set(CSV_COLUMNS))
            if extra:
                raise ParseError(
                    f"unknown column {extra[0]!r} (the columns are {', '.join(CSV_COLUMNS)})",
                    file=str(path),
                    row=1,
                    field=extra[0],
                )
            unknown_checked = True
        checked.append((number, row))
    return parse_budget_lines(checked, file=str(path))


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
    data: Any, *, file: str | None = None, base_dir: Path | None = None
) -> AnnualBudgetStatement:
    """An AnnualBudgetStatement from parsed JSON data; ``lines_file`` is read relative to
    ``base_dir``."""
    if not isinstance(data, dict):
        raise ParseError("a budget document is a JSON object", file=file, field="$")
    data = dict(data)
    tag = data.pop("format", BUDGET_FORMAT)
    if tag != BUDGET_FORMAT:
        raise ParseError(
            f"unknown budget format {tag!r}; expected {BUDGET_FORMAT!r}",
            file=file,
            field="$.format",
        )
    lines_file = data.pop("lines_file", None)
    extra: tuple[BudgetLine, ...] = ()
    if lines_file is not None:
        if not isinstance(lines_file, str):
            raise ParseError("lines_file is a path (text)", file=file, field="$.lines_file")
        path = (base_dir or Path.cwd()) / lines_file
        extra = load_budget_lines(path)
    statement = with_sources(structure(data, AnnualBudgetStatement, file=file), file)
    if extra:
        try:
            statement = attrs.evolve(statement, lines=statement.lines + extra)
        except KpgovError as exc:
            raise ParseError(exc.message, file=file, field="$.lines_file") from None
    return statement


def load_budget(path: str | Path) -> AnnualBudgetStatement:
    """Read a budget JSON document (and the lines CSV it names, if any)."""
    data = read_json(path)
    return statement_from_data(data, file=str(path), base_dir=Path(path).parent)


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
