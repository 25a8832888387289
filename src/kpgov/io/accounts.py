"""Load a user's Chart of Accounts: a CSV or XLSX file (an IFMIS or SAP export, say) or a
pandas DataFrame or Arrow table.

The rows are read here; what they mean is decided by the pure
:func:`kpgov.accounts.catalogue_from_rows`, which reports every bad row with its file, row and
column in one :class:`~kpgov.errors.LoadError`. Headers are matched to kpgov's columns
(:data:`kpgov.accounts.CATALOGUE_COLUMNS`) through :data:`HEADER_ALIASES`, the names exports
commonly use (``GL Account``, ``Description``, ``Parent Code`` ...), or through your own
``columns={"code": "Acct No"}``; ``code`` and ``name`` are required.

A catalogue you load is your Chart, so it is *complete* (an unknown code is then an error of
BR-11(1)) unless you pass ``coverage=Coverage.PARTIAL``.

>>> from kpgov.accounts import Coverage
>>> cat = catalogue_from_table(
...     [{"GL Account": "A03970", "Description": "Others"}], source="my IFMIS export"
... )
>>> cat.lookup("A03970").name, cat.coverage is Coverage.COMPLETE
('Others', True)
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Final, Literal

from kpgov.accounts import (
    CATALOGUE_COLUMNS,
    Catalogue,
    CatalogueMerge,
    Confidence,
    Coverage,
    catalogue_from_rows,
    shipped_catalogue,
)
from kpgov.errors import ErrorCollector, LoadError, ParseError
from kpgov.io.files import read_csv_rows

__all__ = [
    "HEADER_ALIASES",
    "catalogue_from_table",
    "load_catalogue",
    "map_headers",
    "merge_catalogue",
]

#: Header names that mean each of kpgov's catalogue columns, compared without case, spaces,
#: dots, slashes, dashes or underscores. They are the spellings Chart of Accounts exports and
#: the Controller General's published lists commonly use (``G/L Account`` and ``G/L Acct Long
#: Text`` are SAP's); pass ``columns=`` for any other.
HEADER_ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    "code": (
        "code",
        "account code",
        "account",
        "account no",
        "account number",
        "gl account",
        "g/l account",
        "gl code",
        "object code",
        "head code",
        "new code",
        "coa code",
    ),
    "name": (
        "name",
        "description",
        "account description",
        "account name",
        "title",
        "head of account",
        "gl description",
        "g/l acct long text",
        "long text",
        "short text",
    ),
    "parent": ("parent", "parent code", "parent account", "group code"),
    "level": ("level", "hierarchy level", "account level"),
    "element": ("element", "segment", "coa element"),
    "family": ("family", "account type"),
    "confidence": ("confidence",),
    "source": ("source",),
    "old_code": ("old code", "old_code", "1981 code", "previous code"),
    "reference": ("reference", "authority", "correction slip"),
    "note": ("note", "notes", "remarks"),
}


def _squeeze(header: str) -> str:
    return re.sub(r"[\s._/\-]+", "", header.strip().lower())


def map_headers(headers: Iterable[str], columns: Mapping[str, str] | None = None) -> dict[str, str]:
    """Which of ``headers`` feeds which kpgov column: ``{header: column}``.

    ``columns`` maps kpgov columns to your headers and wins over :data:`HEADER_ALIASES`;
    headers matching nothing keep their own name (so a catalogue CSV in kpgov's own columns
    reads as it is). A kpgov column claimed by two headers is a :class:`ParseError`.

    >>> map_headers(["G/L Account", "G/L Acct Long Text", "Cost Center"])
    {'G/L Account': 'code', 'G/L Acct Long Text': 'name', 'Cost Center': 'Cost Center'}
    >>> map_headers(["Acct No", "Head"], {"code": "Acct No", "name": "Head"})
    {'Acct No': 'code', 'Head': 'name'}
    """
    given = dict(columns or {})
    for column in given:
        if column not in CATALOGUE_COLUMNS:
            raise ParseError(
                f"columns= names {column!r}, which is not a catalogue column "
                f"({', '.join(CATALOGUE_COLUMNS)})",
                field=column,
            )
    by_header = {header: column for column, header in given.items()}
    aliases = {
        _squeeze(alias): column for column, names in HEADER_ALIASES.items() for alias in names
    }
    mapping: dict[str, str] = {}
    claimed: dict[str, str] = {}
    for header in headers:
        column = by_header.get(header) or aliases.get(_squeeze(header)) or header
        if column in given and given[column] != header:
            column = header  # the user gave another header for this column
        if column in claimed:
            raise ParseError(
                f"both {claimed[column]!r} and {header!r} would be the {column!r} column; "
                f"say which with columns={{{column!r}: ...}}",
                row=1,
                field=header,
            )
        claimed[column] = header
        mapping[header] = column
    return mapping


def _as_rows(
    raw: Sequence[tuple[int, Mapping[str, object]]],
    columns: Mapping[str, str] | None,
    collector: ErrorCollector,
) -> list[tuple[int, dict[str, str]]]:
    """The rows with kpgov's column names and every cell as text; a row with a cell that is
    no text is left out and its problem kept in ``collector``."""
    if not raw:
        raise ParseError("the Chart has no rows of codes", file=collector.file)
    mapping = map_headers(list(raw[0][1]), columns)
    missing = [c for c in ("code", "name") if c not in mapping.values()]
    if missing:
        raise ParseError(
            f"no {' or '.join(repr(c) for c in missing)} column among "
            f"{', '.join(map(repr, raw[0][1]))}; name yours with "
            f"columns={{{missing[0]!r}: 'your header'}}",
            file=collector.file,
            row=1,
            field=missing[0],
        )
    rows: list[tuple[int, dict[str, str]]] = []
    for number, row in raw:
        converted: dict[str, str] = {}
        for header, value in row.items():
            column = mapping.get(header, header)
            with collector.guard(row=number, field=header):
                converted[column] = _text(value, column)
        if len(converted) == len(row):
            rows.append((number, converted))
    return rows


def _text(value: object, column: str) -> str:
    """A cell as text. A number in the code column has lost its leading zeros in the
    spreadsheet (011101 becomes 11101) and is refused rather than guessed."""
    # pandas writes a missing cell as NaN: it is read as an empty cell
    if value is None or (isinstance(value, float) and math.isnan(value)):  # float-ok: NaN test
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and column != "code":
        return str(value)
    if isinstance(value, date) and column != "code":
        return value.isoformat()
    numeric = isinstance(value, int | float) and not isinstance(value, bool)  # float-ok: refused
    if column == "code" and numeric:
        raise ParseError(
            f"the code cell holds the number {value!r}; spreadsheets drop leading zeros "
            "(011101 becomes 11101), so store codes as text"
        )
    raise ParseError(f"expected text, got the {type(value).__name__} {value!r}")


def _catalogue_of(
    raw: Sequence[tuple[int, Mapping[str, object]]],
    *,
    where: str,
    columns: Mapping[str, str] | None,
    confidence: Confidence,
    source: str,
    extra_columns: Literal["error", "ignore"],
    coverage: Coverage,
    as_of: date | None,
) -> Catalogue:
    """Structure ``raw`` rows, reporting the cell problems and the row problems together."""
    collector = ErrorCollector(file=where)
    rows = _as_rows(raw, columns, collector)
    try:
        catalogue = catalogue_from_rows(
            rows,
            file=where,
            default_confidence=confidence,
            default_source=source,
            extra_columns=extra_columns,
            coverage=coverage,
            as_of=as_of,
        )
    except LoadError as errors:
        for problem in errors.problems:
            collector.add(problem)
        collector.omitted += errors.omitted
    collector.problems.sort(key=lambda problem: problem.row or 0)
    collector.raise_if_any()
    return catalogue


def load_catalogue(
    path: str | Path,
    *,
    confidence: Confidence = Confidence.USER,
    source: str | None = None,
    extra_columns: Literal["error", "ignore"] = "error",
    coverage: Coverage = Coverage.COMPLETE,
    as_of: date | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    header_row: int = 1,
) -> Catalogue:
    """Read your Chart of Accounts from a CSV or XLSX file (by its suffix).

    Rows without a ``confidence`` get ``confidence`` (``user`` by default) and rows without
    a ``source`` get ``source`` (the file name by default). For a workbook, ``sheet`` names
    the sheet (the first by default) and ``header_row`` the row of the headings. Every bad
    row is reported in one :class:`~kpgov.errors.LoadError`, each as ``file:row: column``.
    """
    name = str(path)
    if Path(name).suffix.lower() in (".xlsx", ".xlsm"):
        raw: list[tuple[int, Mapping[str, object]]] = list(
            _xlsx_rows(path, sheet=sheet, header_row=header_row)
        )
        where = f"{name}[{sheet}]" if sheet else name
    else:
        raw = list(read_csv_rows(path))
        where = name
    return _catalogue_of(
        raw,
        where=where,
        columns=columns,
        confidence=confidence,
        source=source or Path(path).name,
        extra_columns=extra_columns,
        coverage=coverage,
        as_of=as_of,
    )


def _xlsx_rows(
    path: str | Path, *, sheet: str | None, header_row: int
) -> Iterator[tuple[int, dict[str, object]]]:
    """``(row number, {header: cell value})`` for each non-empty row below ``header_row``."""
    try:
        import openpyxl
    except ImportError:
        raise ParseError(
            "reading XLSX needs openpyxl: pip install 'kpgov[xlsx]'", file=str(path)
        ) from None
    name = str(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise ParseError("no such file", file=name) from None
    except Exception as exc:  # openpyxl raises many types for a bad workbook
        raise ParseError(f"not a readable XLSX workbook: {exc}", file=name) from None
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise ParseError(
                f"no sheet {sheet!r} (the workbook has {', '.join(workbook.sheetnames)})",
                file=name,
            )
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        try:  # the sheet's XML is parsed as it is read: a corrupt one fails here
            table = list(worksheet.iter_rows(values_only=True))
        except Exception as exc:  # openpyxl raises XML, zip and value errors for a bad sheet
            raise ParseError(
                f"the sheet cannot be read ({type(exc).__name__})", file=name
            ) from None
        headers: list[str] | None = None
        for number, values in enumerate(table, start=1):
            if number < header_row:
                continue
            if headers is None:
                headers = [str(v).strip() if v is not None else "" for v in values]
                continue
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            yield number, {h: v for h, v in zip(headers, values, strict=False) if h}
    finally:
        workbook.close()


def catalogue_from_table(
    table: Any,
    *,
    confidence: Confidence = Confidence.USER,
    source: str = "table",
    extra_columns: Literal["error", "ignore"] = "error",
    coverage: Coverage = Coverage.COMPLETE,
    as_of: date | None = None,
    columns: Mapping[str, str] | None = None,
) -> Catalogue:
    """Your Chart of Accounts from a pandas DataFrame, an Arrow table or a list of dicts.

    Rows are named by their position in the table counting from 0, as ``iloc`` counts them.
    Missing values (None, NaN) are empty cells; a number in the code column is refused (it has
    lost its leading zeros). No pandas or pyarrow import is needed: the table is read through
    its own ``to_pylist()`` (Arrow) or ``to_dict("records")`` (pandas).
    """
    if hasattr(table, "to_pylist"):
        records = table.to_pylist()
    elif hasattr(table, "to_dict") and hasattr(table, "columns"):
        records = table.to_dict("records")
    else:
        records = list(table)
    raw: list[tuple[int, dict[str, object]]] = []
    for position, record in enumerate(records):
        if not isinstance(record, Mapping):
            raise ParseError(
                f"expected a row of named cells, got {type(record).__name__}",
                file=source,
                row=position,
            )
        raw.append((position, {str(key): value for key, value in record.items()}))
    return _catalogue_of(
        raw,
        where=source,
        columns=columns,
        confidence=confidence,
        source=source,
        extra_columns=extra_columns,
        coverage=coverage,
        as_of=as_of,
    )


def merge_catalogue(
    path: str | Path,
    *,
    base: Catalogue | None = None,
    prefer: Literal["overlay", "base"] = "overlay",
    extra_columns: Literal["error", "ignore"] = "error",
    coverage: Coverage = Coverage.COMPLETE,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    header_row: int = 1,
) -> CatalogueMerge:
    """Read your Chart (CSV or XLSX) and merge it over ``base`` (the shipped catalogue by
    default).

    The result holds the merged catalogue and every conflict (a code whose name differs); by
    default your entries win, and each conflict says so. The merge is complete when your
    Chart is (see :meth:`kpgov.accounts.Catalogue.merge`).
    """
    overlay = load_catalogue(
        path,
        extra_columns=extra_columns,
        coverage=coverage,
        columns=columns,
        sheet=sheet,
        header_row=header_row,
    )
    return (shipped_catalogue() if base is None else base).merge(overlay, prefer=prefer)
