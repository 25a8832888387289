"""Reading JSON and CSV files with errors that name the file, row and field."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kpgov.errors import ParseError

__all__ = ["read_csv_rows", "read_json"]


def read_json(path: str | Path) -> Any:
    """Parse a JSON file; a missing or malformed file is a ParseError naming it (and the line).

    Floats in the file are read as Decimal, so no amount ever passes through binary floating
    point.
    """
    from decimal import Decimal

    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ParseError("no such file", file=name) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ParseError(f"cannot read the file: {exc}", file=name) from None
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"not valid JSON: {exc.msg} (column {exc.colno})", file=name, row=exc.lineno
        ) from None


def read_csv_rows(
    path: str | Path, *, required: tuple[str, ...] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(row number, row)`` for each data row of a UTF-8 CSV file with a header line.

    Row numbers count the header as row 1, as a spreadsheet shows them. A missing column in
    ``required`` is a ParseError naming the file and the column.
    """
    name = str(path)
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            yield from _rows(csv.DictReader(handle), name, required)
    except FileNotFoundError:
        raise ParseError("no such file", file=name) from None
    except (csv.Error, UnicodeDecodeError) as exc:
        raise ParseError(f"not valid CSV: {exc}", file=name) from None
    except OSError as exc:
        raise ParseError(f"cannot read the file: {exc}", file=name) from None


def _rows(
    reader: csv.DictReader[str], name: str, required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    header = reader.fieldnames or []
    for column in required:
        if column not in header:
            raise ParseError(
                f"missing column {column!r} (the header has {', '.join(header) or 'nothing'})",
                file=name,
                row=1,
                field=column,
            )
    for row in reader:
        if None in row:
            raise ParseError(
                "more cells than the header has columns", file=name, row=reader.line_num
            )
        yield reader.line_num, {key: (value or "").strip() for key, value in row.items()}
