"""Reading JSON and CSV files with errors that name the file, row and field.

Whatever a file holds, reading it either succeeds or raises a
:class:`~kpgov.errors.ParseError` naming the file (and the line, row or JSON path): a path that
is not a regular file (a directory, ``/dev/zero``), undecodable bytes, JSON nested deeper than
:data:`MAX_JSON_DEPTH`, an integer longer than :data:`MAX_INT_DIGITS` digits, a lone surrogate,
a key given twice in one object, a CSV cell longer than :data:`MAX_CELL`. Errors never echo a
file's contents unless it is the kind of file the caller expected (a CSV whose header names at
least one of the expected columns).

The functions live in the private :mod:`kpgov._files`, below this package and
:mod:`kpgov.columnar`, so that the columnar readers refuse exactly what these refuse.
"""

from kpgov._files import (
    MAX_CELL,
    MAX_INT_DIGITS,
    MAX_JSON_DEPTH,
    check_regular_file,
    parse_json_text,
    read_csv_all,
    read_csv_rows,
    read_csv_table,
    read_json,
    read_text,
    resolve_beside,
)

__all__ = [
    "MAX_CELL",
    "MAX_INT_DIGITS",
    "MAX_JSON_DEPTH",
    "check_regular_file",
    "parse_json_text",
    "read_csv_all",
    "read_csv_rows",
    "read_csv_table",
    "read_json",
    "read_text",
    "resolve_beside",
]
