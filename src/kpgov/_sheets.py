"""Rows of cells from a sheet of a workbook (XLSX, with openpyxl, the ``xlsx`` extra) or a CSV
file, below both readers that take workbooks: :mod:`kpgov.io` (rows through the loader of each
format) and :mod:`kpgov.columnar` (rows into Arrow columns).

:func:`read_rows` reads one sheet from its header row down and names each column (see
:mod:`kpgov.io.spreadsheets` for how headings become column names); :func:`cell_text` is the
text a loader reads for one cell, with the policy for binary floating point: refused, or, for a
spreadsheet (every number a workbook holds is a double), read as the number Excel shows when it
has 15 significant digits or fewer and refused when it has more.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import math
import numbers
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Literal

from kpgov.budget import Column
from kpgov.errors import ErrorCollector, KpgovError, LoadError, Location, ParseError

__all__ = [
    "BUDGET_HEADINGS",
    "DERIVED_LINE_COLUMNS",
    "FloatPolicy",
    "Row",
    "Sheet",
    "cell_text",
    "is_missing",
    "read_rows",
]

#: How a binary floating-point cell is treated: refused (DataFrames and Arrow tables), or read
#: as the number a spreadsheet shows (workbooks store every number as a double; a value with
#: more than 15 significant digits is still refused, since it cannot be exact).
FloatPolicy = Literal["refuse", "spreadsheet"]

#: One row: where it is (file or sheet, row) and its cells by column name.
Row = tuple[Location, Mapping[str, object]]

#: Columns :func:`kpgov.io.to_pandas` adds to budget lines that the way back ignores
#: (derived from the codes, or provenance).
DERIVED_LINE_COLUMNS: Final = frozenset({"office", "grant", "file", "row"})

_SPREADSHEET_DIGITS: Final = 15

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


def is_missing(value: object) -> bool:
    """None, NaN, pandas' NA and NaT all mean an empty cell."""
    if value is None:
        return True
    if isinstance(value, float):  # float-ok: refused
        return math.isnan(value)
    kind = type(value).__name__
    return kind in ("NAType", "NaTType")


def _float_text(value: float, policy: FloatPolicy) -> str:  # float-ok: refused
    if policy == "refuse":
        raise ParseError(
            f"{value!r} is binary floating point, which cannot hold rupee amounts exactly: "
            "give integers, Decimal or text (to_pandas(amounts='decimal') keeps them exact)"
        )
    text = repr(value)
    digits = Decimal(text).as_tuple().digits
    if len(digits) > _SPREADSHEET_DIGITS:
        raise ParseError(
            f"{text} has more than {_SPREADSHEET_DIGITS} significant digits: a spreadsheet "
            "number that long is not exact; format the cell as text"
        )
    return text


def cell_text(value: object, policy: FloatPolicy = "refuse") -> str:
    """The text a loader reads for one cell (empty for a missing value).

    >>> import numpy as np
    >>> cell_text(np.int64(1200000)), cell_text(Decimal("12.50")), cell_text(None)
    ('1200000', '12.50', '')
    >>> cell_text(1.5)
    Traceback (most recent call last):
    ...
    kpgov.errors.ParseError: 1.5 is binary floating point, ...
    >>> cell_text(1.5, "spreadsheet")
    '1.5'
    >>> cell_text(0.1 + 0.2, "spreadsheet")
    Traceback (most recent call last):
    ...
    kpgov.errors.ParseError: 0.30000000000000004 has more than 15 significant digits: ...
    """
    if is_missing(value):
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ParseError(f"an amount must be a finite number, not {value}")
        return str(value)
    if isinstance(value, numbers.Real):  # float-ok: a float or numpy floating, refused
        return _float_text(float(value), policy)  # float-ok: refused
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise ParseError(f"expected a date, not a date and time: {value.isoformat()}")
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


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

    def text_columns(
        self, columns: Sequence[str], errors: ErrorCollector
    ) -> tuple[dict[str, list[str]], list[int]]:
        """The cells of ``columns`` as the text kpgov's CSV loaders read (the spreadsheet
        policy of :func:`cell_text`), column by column, and the numbers of the rows kept: a row
        with a bad cell is reported to ``errors`` (row and column) and left out, as
        :mod:`kpgov.io` leaves it out."""
        cells: dict[str, list[str]] = {column: [] for column in columns}
        numbers: list[int] = []
        for location, record in self.rows:
            texts: dict[str, str] = {}
            for column in columns:
                with errors.guard(row=location.row, field=column):
                    texts[column] = cell_text(record.get(column), "spreadsheet")
            if len(texts) == len(columns):
                numbers.append(location.row or 0)
                for column, text in texts.items():
                    cells[column].append(text)
        return cells, numbers


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
