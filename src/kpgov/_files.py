"""Reading JSON and CSV files with errors that name the file, row and field.

Public as :mod:`kpgov.io.files`; kept here, below :mod:`kpgov.io` and :mod:`kpgov.columnar`,
so that both readers share one set of guards.

Whatever a file holds, reading it either succeeds or raises a
:class:`~kpgov.errors.ParseError` naming the file (and the line, row or JSON path): a path that
is not a regular file (a directory, ``/dev/zero``), undecodable bytes, JSON nested deeper than
:data:`MAX_JSON_DEPTH`, an integer longer than :data:`MAX_INT_DIGITS` digits, a lone surrogate,
a key given twice in one object, a CSV cell longer than :data:`MAX_CELL`. Errors never echo a
file's contents unless it is the kind of file the caller expected (a CSV whose header names at
least one of the expected columns).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from collections.abc import Collection, Iterator
from decimal import Decimal
from itertools import repeat
from pathlib import Path
from typing import Any, Final

from kpgov.errors import ParseError

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

#: How deeply JSON arrays and objects may nest (kpgov's formats need fewer than ten levels).
MAX_JSON_DEPTH: Final = 64

#: The most digits a JSON integer may have (amounts are bounded far below this).
MAX_INT_DIGITS: Final = 40

#: Python's own limit on converting text to an int (sys.get_int_max_str_digits()).
_INT_STR_DIGITS: Final = 4300

#: The longest CSV cell, in characters.
MAX_CELL: Final = 100_000

_SURROGATE: Final = re.compile("[\ud800-\udfff]")
#: A ``\\uD800``-``\\uDFFF`` escape: JSON text without one (nor a surrogate character) gives none
#: in any of its strings.
_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F]")


def check_regular_file(path: str | Path) -> Path:
    """``path`` if it names a regular file; a ParseError naming it otherwise (missing, a
    directory, a device such as ``/dev/zero``, a pipe)."""
    name = str(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise ParseError("no such file", file=name) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise ParseError(f"cannot read the file: {_reason(exc)}", file=name) from None
    if not stat.S_ISREG(mode):
        raise ParseError("not a regular file", file=name)
    return Path(path)


def resolve_beside(
    folder: str | Path | None,
    reference: str,
    *,
    file: str | None = None,
    field: str | None = None,
    allow_outside: bool = False,
) -> Path:
    """The file ``reference`` names, read relative to ``folder`` (that of the document ``file``
    that names it at ``field``, such as ``$.lines_file``; the working directory when None). It
    must be a regular file inside that folder unless ``allow_outside``."""
    where = file
    if not reference or "\x00" in reference or _SURROGATE.search(reference):
        raise ParseError(f"not a usable file name: {_safe(reference)!r}", file=where, field=field)
    base = Path(folder) if folder is not None else Path.cwd()
    target = base / reference
    if not allow_outside:
        try:
            inside = target.resolve().is_relative_to(base.resolve())
        except (OSError, RuntimeError) as exc:
            raise ParseError(
                f"cannot resolve {_safe(reference)!r}: {_reason(exc)}", file=where, field=field
            ) from None
        if not inside:
            raise ParseError(
                f"{_safe(reference)!r} is outside the folder of the document that names it (a "
                "caller may allow that explicitly)",
                file=where,
                field=field,
            )
    try:
        return check_regular_file(target)
    except ParseError as exc:
        raise ParseError(f"{_safe(reference)!r}: {exc.message}", file=where, field=field) from None


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__


def _read_bytes(path: str | Path) -> bytes:
    name = str(path)
    check_regular_file(path)
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read the file: {_reason(exc)}", file=name) from None


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(
            f"not UTF-8 text: byte {data[exc.start]:#04x} at line {line}", file=name, row=line
        ) from None


def _int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise ParseError(f"a number with {digits:,} digits (at most {MAX_INT_DIGITS})")
    return int(text)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = dict(pairs)
    if len(result) == len(pairs):  # no key given twice (the usual case, checked in C)
        return result
    result = {}
    for key, value in pairs:
        if key in result:
            raise ParseError(f"the key {_safe(key)!r} is given twice in one object")
        result[key] = value
    return result


def _safe(text: str) -> str:
    """``text`` shortened and with lone surrogates replaced, fit to print."""
    short = text if len(text) <= 60 else text[:57] + "..."
    return _SURROGATE.sub("\ufffd", short)


def read_json(path: str | Path, *, strict: bool = False) -> Any:
    """Parse a JSON file; a missing or malformed file is a ParseError naming it (and the line
    or JSON path).

    Numbers with a point are read as Decimal, so no amount ever passes through binary floating
    point. Nesting deeper than :data:`MAX_JSON_DEPTH` and a key given twice are always refused.
    With ``strict=True`` the file is also refused, naming the JSON path, for a lone surrogate
    anywhere or an integer longer than :data:`MAX_INT_DIGITS` digits; without it, integers up to
    Python's own limit (4,300 digits) and surrogates are left for the loader to report record
    by record (as the observations loader does).
    """
    return parse_json_text(read_text(path), file=str(path), strict=strict)


def read_text(path: str | Path) -> str:
    """The UTF-8 text of a regular file (a byte-order mark dropped); a ParseError naming the
    file (and the line of an undecodable byte) otherwise."""
    return _decode(_read_bytes(path), str(path))


def _lenient_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > _INT_STR_DIGITS:  # int() refuses it (and would be slow)
        raise ParseError(f"not usable JSON: a number with {digits:,} digits")
    return int(text)


def parse_json_text(text: str, *, file: str | None = None, strict: bool = False) -> Any:
    """Parse JSON text as :func:`read_json` does (no I/O)."""
    try:
        data = json.loads(
            text,
            parse_float=Decimal,
            parse_int=_int if strict else _lenient_int,
            object_pairs_hook=_object,
        )
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"not valid JSON: {exc.msg} (column {exc.colno})", file=file, row=exc.lineno
        ) from None
    except RecursionError:
        raise ParseError(
            f"not usable JSON: nested too deeply (at most {MAX_JSON_DEPTH} levels)", file=file
        ) from None
    except ParseError as exc:
        raise ParseError(exc.message, file=file) from None
    except ValueError as exc:  # e.g. a number json cannot convert
        raise ParseError(f"not valid JSON: {type(exc).__name__}", file=file) from None
    maybe = strict and (
        _SURROGATE_ESCAPE.search(text) is not None
        or (not text.isascii() and _SURROGATE.search(text) is not None)
    )
    if not _tree_ok(data, surrogates=maybe):
        _check_tree(data, file, surrogates=strict)  # says what is wrong, and where
    return data


def _tree_ok(data: Any, *, surrogates: bool) -> bool:
    """True when :func:`_check_tree` would find nothing: the same walk without building the
    JSON path of every value (a ledger of a million movements has tens of millions of them).
    False when it finds a problem, or a value of a type it does not expect (then
    :func:`_check_tree` walks again, and names the problem's path if there is one)."""
    search = _SURROGATE.search
    stack: list[tuple[Any, int]] = [([data], -1)]
    pop, push = stack.pop, stack.append
    while stack:
        value, depth = pop()
        if type(value) is dict:
            if surrogates and any(map(search, value)):
                return False
            items: Any = value.values()
        else:
            items = value
        if depth >= MAX_JSON_DEPTH:
            return False
        for item in items:
            kind = type(item)
            if kind is str:
                if surrogates and search(item):
                    return False
            elif kind is dict or kind is list:
                push((item, depth + 1))
            elif isinstance(item, str | dict | list):  # a subclass: the full walk decides
                return False
    return True


def _check_tree(data: Any, file: str | None, *, surrogates: bool) -> None:
    """Refuse nesting deeper than MAX_JSON_DEPTH (and, with ``surrogates``, lone surrogates),
    naming the JSON path."""
    stack: list[tuple[Any, str, int]] = [(data, "$", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            if surrogates and _SURROGATE.search(value):
                raise ParseError(
                    "text with a lone surrogate (not Unicode text)", file=file, field=path
                )
            continue
        if not isinstance(value, dict | list):
            continue
        if depth >= MAX_JSON_DEPTH:
            raise ParseError(
                f"not usable JSON: nested too deeply (at most {MAX_JSON_DEPTH} levels)",
                file=file,
                field=path,
            )
        if isinstance(value, dict):
            for key, item in value.items():
                if surrogates and _SURROGATE.search(key):
                    raise ParseError("a key with a lone surrogate", file=file, field=path)
                stack.append((item, f"{path}.{key}", depth + 1))
        else:
            for index, item in enumerate(value):
                stack.append((item, f"{path}[{index}]", depth + 1))


def read_csv_table(
    path: str | Path, *, required: tuple[str, ...] = (), known: Collection[str] = ()
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header of a UTF-8 CSV file and an iterator of ``(row number, cells)`` for its data
    rows (blank lines skipped), cells stripped of surrounding spaces.

    Row numbers count the header as row 1, as a spreadsheet shows them. A missing column in
    ``required`` is a ParseError naming the file and the column; the header is quoted in that
    error only when it names at least one column of ``required`` or ``known`` (so a file that
    is not this kind of CSV at all is never echoed).
    """
    name = str(path)
    header, reader = _open_table(path, name, required, known)
    return header, _cells(reader, name, len(header))


def _open_table(
    path: str | Path, name: str, required: tuple[str, ...], known: Collection[str]
) -> tuple[list[str], Any]:
    """The stripped header of a CSV file and a csv.reader positioned after it."""
    return _open_text(_decode(_read_bytes(path), name), name, required, known)


def _open_text(
    text: str, name: str, required: tuple[str, ...], known: Collection[str]
) -> tuple[list[str], Any]:
    """The stripped header of CSV ``text`` and a csv.reader positioned after it."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip() for cell in next(reader, [])]
    except csv.Error as exc:
        raise ParseError(f"not valid CSV: {exc}", file=name, row=1) from None
    expected = set(required) | set(known)
    if len(set(header)) != len(header) and expected & set(header):
        twice = sorted({c for c in header if header.count(c) > 1})
        raise ParseError(
            f"column {_safe(twice[0])!r} appears twice", file=name, row=1, field=_safe(twice[0])
        )
    for column in required:
        if column not in header:
            if expected and not expected & set(header):
                raise ParseError(
                    f"missing column {column!r}: the first line is not the header this file "
                    f"needs (it names none of {', '.join(sorted(expected)[:30])})",
                    file=name,
                    row=1,
                    field=column,
                )
            shown = ", ".join(_safe(cell) for cell in header[:40]) or "nothing"
            raise ParseError(
                f"missing column {column!r} (the header has {shown})",
                file=name,
                row=1,
                field=column,
            )
    return header, reader


def _cells(reader: Any, name: str, width: int) -> Iterator[tuple[int, list[str]]]:
    number = 1
    while True:
        try:
            row = next(reader, None)
        except csv.Error as exc:
            raise ParseError(f"not valid CSV: {exc}", file=name, row=number + 1) from None
        if row is None:
            return
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # a blank line
        number += 1
        if len(row) > width:
            raise ParseError("more cells than the header has columns", file=name, row=number)
        if any(len(cell) > MAX_CELL for cell in row):
            raise ParseError(f"a cell longer than {MAX_CELL:,} characters", file=name, row=number)
        yield number, [cell.strip() for cell in row]


def read_csv_all(
    path: str | Path, *, required: tuple[str, ...] = (), known: Collection[str] = ()
) -> tuple[list[str], list[int], list[list[str]]]:
    """The header, the row numbers and the raw cells of every data row of a UTF-8 CSV file,
    read at once (blank lines skipped; cells not stripped), for loaders that convert a column
    at a time. The checks of :func:`read_csv_table` apply."""
    name = str(path)
    text = _decode(_read_bytes(path), name)
    header, reader = _open_text(text, name, required, known)
    records = _plain_records(text) if reader.line_num == 1 else None
    if records is None:
        try:
            records = list(reader)
        except csv.Error as exc:
            raise ParseError(
                f"not valid CSV: {exc}", file=name, row=reader.line_num or None
            ) from None
    if records and min(map(len, records)) > 1:  # no blank rows (the usual case)
        rows = records
    else:
        rows = [row for row in records if row and (len(row) > 1 or row[0].strip())]
    if len(rows) == len(records):
        numbers = list(range(2, len(rows) + 2))
    else:  # blank rows count, as a spreadsheet shows them
        numbers = [
            index
            for index, row in enumerate(records, start=2)
            if row and (len(row) > 1 or row[0].strip())
        ]
    width = len(header)
    if rows and max(map(len, rows)) > width:
        for number, row in zip(numbers, rows, strict=True):
            if len(row) > width:
                raise ParseError("more cells than the header has columns", file=name, row=number)
    return header, numbers, rows


def _plain_records(text: str) -> list[list[str]] | None:
    """The data rows of CSV ``text`` after its one-line header, as ``csv.reader`` reads them,
    but a line without a quote is split at its commas (several times faster); a blank line is
    ``[""]`` instead of ``[]`` (a blank row either way). A line with a quote goes to
    ``csv.reader``, which takes as many lines as its record spans. None when the text needs the
    csv module throughout (a carriage return but in Windows line breaks throughout, a NUL, a
    line beyond the csv module's field limit)
    or the csv module refuses it (then it is read again by the csv module, which says where).
    """
    if "\x00" in text:
        return None
    newline = "\n"
    if "\r" in text:  # Windows line breaks throughout, or the csv module reads it
        crlf = text.count("\r\n")
        if crlf != text.count("\r") or crlf != text.count("\n"):
            return None
        text, newline = text.replace("\r\n", "\n"), "\r\n"
    lines = text.split("\n")
    ends = not lines[-1]  # the text ends with a line break
    if ends:
        lines.pop()
    if max(map(len, lines)) > csv.field_size_limit():
        return None
    if '"' not in text:
        return list(map(str.split, lines[1:], repeat(",")))
    count = len(lines)
    at = 1  # the next line to read, by this loop or by the csv reader

    def physical() -> Iterator[str]:  # the lines as csv.reader reads them, from ``at`` on
        nonlocal at
        while at < count:
            line = lines[at]
            at += 1
            yield line + newline if at < count or ends else line

    reader = csv.reader(physical())
    records: list[list[str]] = []
    try:
        while at < count:
            line = lines[at]
            if '"' in line:
                records.append(next(reader))
            else:
                records.append(line.split(","))
                at += 1
    except csv.Error:
        return None
    return records


def read_csv_rows(
    path: str | Path, *, required: tuple[str, ...] = (), known: Collection[str] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(row number, row)`` for each data row of a UTF-8 CSV file with a header line,
    each row a dict from column to stripped cell ("" for a missing trailing cell).

    Row numbers count the header as row 1, as a spreadsheet shows them. A missing column in
    ``required`` is a ParseError naming the file and the column (see :func:`read_csv_table`).
    """
    header, rows = read_csv_table(path, required=required, known=known)
    for number, cells in rows:
        if len(cells) < len(header):
            cells = cells + [""] * (len(header) - len(cells))
        yield number, dict(zip(header, cells, strict=True))
