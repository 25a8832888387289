"""Budget lines as an Arrow table: read a column at a time, validated, made into objects on demand.

A :class:`BudgetTable` holds the lines of one district's budget in the columns of the
budget-lines CSV (``kpgov.io.budget.CSV_COLUMNS``): codes and texts as Arrow strings, amounts as
exact ``decimal128`` (one scale for the table, wide enough for every amount in it), plus the
source of each row. Each distinct code is parsed once, with the same converters
:class:`~kpgov.budget.BudgetLine` uses, so the table accepts exactly what the pure path accepts;
every bad cell is reported in one :class:`~kpgov.errors.LoadError`, as ``file:row: column``.
:meth:`BudgetTable.line` and :meth:`BudgetTable.lines` build the domain objects only when a
caller asks for them. The lines come from CSV, Parquet or a sheet of an XLSX workbook (read by
:mod:`kpgov._sheets`, the sheet reader kpgov.io uses too).

Where the time goes on a large file, and what keeps it down: Arrow reads the CSV; each code
column is dictionary-encoded once and only its distinct values are trimmed and converted;
amount cells that are whole rupees (the usual cell) are found with one test and cast through
int64, and only the other cells are looked at with a regular expression or
:func:`kpgov.money.as_amount`; row numbers and origins are made by Arrow, not from Python
lists. Of the JSON document, the parts the checks read are located at once and the
explanatory notes (which grow with the lines) when :attr:`ColumnarBudget.statement` is first
asked for.
"""

from __future__ import annotations

import csv as stdcsv
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs

from kpgov._lines_format import CONVERTED_COLUMNS, FALSE_TEXTS, REQUIRED_COLUMNS, TRUE_TEXTS
from kpgov._sheets import BUDGET_HEADINGS, DERIVED_LINE_COLUMNS, read_rows
from kpgov.accounts import (
    EntityCode,
    EntityLevel,
)
from kpgov.budget import TRUSTED_FIELDS, AnnualBudgetStatement, BudgetLine, LineKind, LineStatus
from kpgov.columnar._arrow import pa, pc
from kpgov.convert import structure_all, unstructure
from kpgov.errors import (
    ErrorCollector,
    KpgovError,
    LoadError,
    Location,
    ParseError,
    with_sources,
)
from kpgov.money import as_amount

__all__ = [
    "AMOUNT_COLUMNS",
    "LINE_COLUMNS",
    "BudgetTable",
    "ColumnarBudget",
    "read_budget",
    "read_budget_lines",
]

#: The columns of a budget-lines file: a budget line's fields, in order (the same as
#: ``kpgov.io.budget.CSV_COLUMNS``, which a test keeps equal).
LINE_COLUMNS: Final = TRUSTED_FIELDS
#: The amount columns, in the order of :class:`~kpgov.budget.Column`.
AMOUNT_COLUMNS: Final = ("actual", "be_current", "re_current", "be_next", "outer_1", "outer_2")
_OPTIONAL_AMOUNTS: Final = frozenset({"outer_1", "outer_2"})
#: A plain amount the pure loader converts with ``Decimal`` alone (``kpgov.io.budget``), within
#: kpgov.money's bounds; any other text goes through as_amount.
_PLAIN: Final = r"^-?[0-9]{1,15}(\.[0-9]{1,4})?$"
_TEXTS: Final = ("line_id", "description", "proposal", "conditional_grant", "explanation")
_FIELDS: Final = attrs.fields_dict(BudgetLine)
_ORIGIN_CSV, _ORIGIN_JSON = 0, 1
_THREADED_BYTES: Final = 4 << 20


def scale_of(value: Decimal) -> int:
    """Decimal places of ``value`` as written (never negative)."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # as_amount refuses NaN and infinity
    return max(0, -exponent)


@attrs.frozen(eq=False)
class BudgetTable:
    """The lines of one budget as Arrow columns (see the module docstring).

    ``table`` has the columns of :data:`LINE_COLUMNS` (texts as strings or null, ``lump_sum``
    as bool, amounts as ``decimal128(38, scale)``, outer years null when not projected), a
    ``scale_<amount>`` int8 column per amount (its decimal places as written, so that sums and
    messages print as the pure path prints them) and the row's source (``origin``: 0 the CSV
    file, 1 the JSON document; ``row``: the spreadsheet row, header = row 1, or the index in
    the JSON ``lines``). ``codes`` maps each distinct code text of a column to its parsed value.
    """

    table: Any  # pa.Table
    codes: dict[str, dict[str, Any]]
    csv_file: str | None = None
    json_file: str | None = None

    def __len__(self) -> int:
        return int(self.table.num_rows)

    @property
    def scale(self) -> int:
        """The decimal places of the amount columns."""
        return int(self.table.schema.field("be_next").type.scale)

    def location(self, index: int) -> Location:
        """Where row ``index`` (0-based) of the table came from."""
        origin = self.table.column("origin")[index].as_py()
        row = self.table.column("row")[index].as_py()
        if origin == _ORIGIN_JSON:
            return Location(self.json_file, field=f"$.lines[{row}]")
        return Location(self.csv_file, row)

    def locations(self, indices: Any) -> list[Location]:
        """Where the rows at ``indices`` (an Arrow array or a list) came from, in order."""
        picked = self.table.select(["origin", "row"]).take(indices)
        return [
            Location(self.json_file, field=f"$.lines[{row}]")
            if origin == _ORIGIN_JSON
            else Location(self.csv_file, row)
            for origin, row in zip(
                picked.column("origin").to_pylist(), picked.column("row").to_pylist(), strict=True
            )
        ]

    def line(self, index: int) -> BudgetLine:
        """Row ``index`` as a :class:`~kpgov.budget.BudgetLine` (with its origin)."""
        return self._build(self.table.slice(index, 1).to_pylist()[0])

    def lines(self, indices: Iterable[int] | None = None) -> Iterator[BudgetLine]:
        """The rows (all, or those at ``indices``) as budget lines, in table order."""
        table = self.table if indices is None else self.table.take(pa.array(list(indices)))
        for batch in table.to_batches(max_chunksize=65536):
            yield from map(self._build, batch.to_pylist())

    def _origin(self, row: dict[str, Any]) -> Location:
        if row["origin"] == _ORIGIN_JSON:
            return Location(self.json_file, field=f"$.lines[{row['row']}]")
        return Location(self.csv_file, row["row"])

    def _build(self, row: dict[str, Any]) -> BudgetLine:
        codes = self.codes
        values: dict[str, Any] = {}
        for name in AMOUNT_COLUMNS:
            value = row[name]
            if value is not None:
                values[name] = _at_scale(value, row["scale_" + name])
        return BudgetLine(
            line_id=row["line_id"],
            kind=codes["kind"][row["kind"]],
            entity=codes["entity"][row["entity"]],
            object=codes["object"][row["object"]],
            function=_code(codes["function"], row["function"]),
            fund=_code(codes["fund"], row["fund"]),
            project=_code(codes["project"], row["project"]),
            account=_code(codes["account"], row["account"]),
            description=row["description"] or "",
            status=codes["status"][row["status"]],
            proposal=row["proposal"],
            source=_code(codes["source"], row["source"]),
            conditional_grant=row["conditional_grant"],
            charged_category=_code(codes["charged_category"], row["charged_category"]),
            lump_sum=row["lump_sum"],
            explanation=row["explanation"],
            origin=self._origin(row),
            **values,
        )


def _code(codes: dict[str, Any], text: str | None) -> Any:
    return None if text is None else codes[text]


def _at_scale(value: Decimal, scale: int) -> Decimal:
    """``value`` (at the table's scale) written with ``scale`` places, as it was in the file."""
    return value.quantize(Decimal(1).scaleb(-scale))


@attrs.frozen(eq=False)
class ColumnarBudget:
    """A budget document read for the columnar path.

    ``lines`` holds every line (those of the JSON document and of its ``lines_file``);
    :attr:`statement` is the statement without its lines, every record in it located in the
    document. ``head`` is the part of it the columnar checks read, located the same way: the
    statement without its lines and its explanatory notes, which grow with the lines (a note
    per cost centre) and are located only when :attr:`statement` is first asked for.
    """

    head: AnnualBudgetStatement
    lines: BudgetTable
    document: AnnualBudgetStatement = attrs.field(repr=False)  # without lines, not located
    file: str | None = None

    @functools.cached_property
    def statement(self) -> AnnualBudgetStatement:
        """The statement without its lines, each record located in the document."""
        return with_sources(self.document, self.file)

    def to_statement(self) -> AnnualBudgetStatement:
        """The whole statement with its lines as objects (the pure path's value)."""
        return attrs.evolve(self.statement, lines=tuple(self.lines.lines()))


# --------------------------------------------------------------------------- reading


def read_budget_lines(path: str | Path, *, sheet: str | None = None) -> BudgetTable:
    """Read a budget-lines file: CSV (the IFMIS-style export of ``kpgov.io.budget``), the same
    columns in Parquet (``.parquet``), or a sheet of an XLSX workbook (``.xlsx``; ``sheet``, by
    default the first) laid out as :func:`kpgov.io.read_budget_lines` reads it: the header on
    row 1 or, in a workbook kpgov wrote, above its ``data`` range, columns named or headed as
    the forms head them, numbers read as Excel shows them (15 significant digits at most).
    Every bad cell is reported in one :class:`~kpgov.errors.LoadError`, located as
    ``file:row: column`` (in a workbook ``book.xlsx [sheet Lines]:14: B.E (Next Year)
    (column V)``)."""
    name = str(path)
    if name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(Path(path), sheet)
    raw = _read_parquet(name) if name.endswith((".parquet", ".pq")) else _read_csv(name)
    return _validate(raw, csv_file=name, json_file=None, origin=_ORIGIN_CSV)


def _read_xlsx(path: Path, sheet: str | None) -> BudgetTable:
    """A sheet's rows (:func:`kpgov._sheets.read_rows`, as kpgov.io reads them), each cell as
    text under the spreadsheet policy, then validated like a CSV file's cells; a row with a bad
    cell is reported and left out of the table, as the io reader leaves it out."""
    rows = read_rows(path, sheet=sheet, known=BUDGET_HEADINGS)
    columns = [c for c in rows.headings if c not in DERIVED_LINE_COLUMNS]
    _check_header(columns, rows.label, None)  # the sheet names its header row
    errors = ErrorCollector(file=rows.label)
    cells, numbers = rows.text_columns(columns, errors)
    table = pa.table({c: pa.array(v, pa.string()) for c, v in cells.items()})
    try:
        return _validate(
            table,
            csv_file=rows.label,
            json_file=None,
            origin=_ORIGIN_CSV,
            rows=pa.array(numbers, pa.int32()),
            errors=errors,
        )
    except LoadError as error:
        raise rows.relabel(error) from None


def read_budget(path: str | Path) -> ColumnarBudget:
    """Read a budget JSON document and the lines file it names (``lines_file``)."""
    name = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParseError("no such file", file=name) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ParseError(f"cannot read the file: {exc}", file=name) from None
    except json.JSONDecodeError as exc:
        raise ParseError(f"not valid JSON: {exc.msg}", file=name, row=exc.lineno) from None
    if not isinstance(data, dict):
        raise ParseError("a budget document is a JSON object", file=name, field="$")
    data = dict(data)
    tag = data.pop("format", "kpgov.budget/1")
    if tag != "kpgov.budget/1":
        raise ParseError(
            f"unknown budget format {tag!r}; expected 'kpgov.budget/1'", file=name, field="$.format"
        )
    lines_file = data.pop("lines_file", None)
    statement = structure_all(data, AnnualBudgetStatement, file=name)
    parts = []
    if statement.lines or lines_file is None:
        json_rows = _raw_from_lines(statement.lines)
        parts.append(_validate(json_rows, csv_file=None, json_file=name, origin=_ORIGIN_JSON))
    csv_name = None
    if lines_file is not None:
        if not isinstance(lines_file, str):
            raise ParseError("lines_file is a path (text)", file=name, field="$.lines_file")
        csv_name = str(Path(path).parent / lines_file)
        parts.append(read_budget_lines(csv_name))
    table = _concat(parts, csv_file=csv_name, json_file=name)
    _check_unique(table, name)
    document = attrs.evolve(statement, lines=())
    head = with_sources(attrs.evolve(document, notes=()), name)
    return ColumnarBudget(head, table, document, name)


def _read_csv(name: str) -> Any:
    from pyarrow import csv

    try:
        with Path(name).open("rb") as handle:
            header = handle.readline().decode("utf-8-sig").strip("\r\n")
    except FileNotFoundError:
        raise ParseError("no such file", file=name) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ParseError(f"cannot read the file: {exc}", file=name) from None
    columns = [c.strip() for c in next(stdcsv.reader([header]), [])]
    _check_header(columns, name)
    try:
        return csv.read_csv(
            name,
            # threads pay off on large files only (a district's CSV is often small)
            read_options=csv.ReadOptions(
                column_names=columns,
                skip_rows=1,
                use_threads=Path(name).stat().st_size > _THREADED_BYTES,
            ),
            convert_options=csv.ConvertOptions(
                column_types={c: pa.string() for c in columns},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
            parse_options=csv.ParseOptions(newlines_in_values=True),
        )
    except pa.ArrowInvalid as exc:
        raise ParseError(f"not valid CSV: {exc}", file=name) from None


def _read_parquet(name: str) -> Any:
    from pyarrow import parquet

    try:
        table = parquet.read_table(name)
    except FileNotFoundError:
        raise ParseError("no such file", file=name) from None
    except (OSError, pa.ArrowInvalid) as exc:
        raise ParseError(f"not a readable Parquet file: {exc}", file=name) from None
    _check_header(table.column_names, name)
    columns = {}
    for column in table.column_names:
        array = table.column(column)
        if pa.types.is_floating(array.type):
            raise ParseError(
                "binary floating point cannot hold rupee amounts exactly: write the column as "
                "text or decimal",
                file=name,
                field=column,
            )
        if not pa.types.is_string(array.type) and not pa.types.is_large_string(array.type):
            array = pc.cast(array, pa.string())
        columns[column] = pc.fill_null(array, "")
    return pa.table(columns)


def _check_header(columns: list[str], name: str, row: int | None = 1) -> None:
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            raise ParseError(
                f"missing column {column!r} (the header has {', '.join(columns) or 'nothing'})",
                file=name,
                row=row,
                field=column,
            )
    extra = sorted(set(columns) - set(LINE_COLUMNS))
    if extra:
        raise ParseError(
            f"unknown column {extra[0]!r} (the columns are {', '.join(LINE_COLUMNS)})",
            file=name,
            row=row,
            field=extra[0],
        )


def _raw_from_lines(lines: Sequence[BudgetLine]) -> Any:
    data = unstructure(list(lines))
    columns: dict[str, list[str]] = {}
    for column in LINE_COLUMNS:
        cells = []
        for item in data:
            value = item.get(column)
            cells.append(
                ""
                if value is None
                else ("true" if value is True else "false")
                if isinstance(value, bool)
                else str(value)
            )
        columns[column] = cells
    return pa.table({c: pa.array(v, pa.string()) for c, v in columns.items()})


def _concat(
    parts: list[BudgetTable], *, csv_file: str | None, json_file: str | None
) -> BudgetTable:
    if len(parts) == 1:
        return attrs.evolve(parts[0], csv_file=csv_file, json_file=json_file)
    scale = max(part.scale for part in parts)
    tables = []
    for part in parts:
        table = part.table
        if part.scale != scale:
            for name in AMOUNT_COLUMNS:
                i = table.schema.get_field_index(name)
                table = table.set_column(
                    i, name, pc.cast(table.column(name), pa.decimal128(38, scale))
                )
        tables.append(table)
    codes: dict[str, dict[str, Any]] = {}
    for part in parts:
        for column, mapping in part.codes.items():
            codes.setdefault(column, {}).update(mapping)
    return BudgetTable(pa.concat_tables(tables), codes, csv_file, json_file)


def _check_unique(table: BudgetTable, name: str) -> None:
    ids = table.table.column("line_id")
    if len(pc.unique(ids)) == len(ids):
        return
    counts = pc.value_counts(ids)
    twice = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    raise ParseError(
        f"two budget lines have the id {twice[0].as_py()!r}", file=name, field="$.lines_file"
    )


# ------------------------------------------------------------------------ validation


def _validate(
    raw: Any,
    *,
    csv_file: str | None,
    json_file: str | None,
    origin: int,
    rows: Any = None,
    errors: ErrorCollector | None = None,
) -> BudgetTable:
    """Turn a table of text cells into a BudgetTable, collecting every bad cell (in
    ``errors``, when the caller has found some already). ``rows`` are the rows of the cells in
    their file; by default the header is row 1 and the rows follow it (the index of each line
    in a JSON document's ``lines``)."""
    n = raw.num_rows
    file = csv_file if origin == _ORIGIN_CSV else json_file
    errors = errors if errors is not None else ErrorCollector(file=file)
    first = 2 if origin == _ORIGIN_CSV else 0  # the header is row 1; JSON lines count from 0
    numbers = (
        rows
        if rows is not None
        else pc.cumulative_sum(pa.repeat(pa.scalar(1, pa.int32()), n), start=first - 1)
    )

    def where(index: int) -> dict[str, Any]:
        if origin == _ORIGIN_CSV:
            return {"row": numbers[index].as_py()}
        return {}

    def located(index: int, column: str) -> dict[str, Any]:
        if origin == _ORIGIN_CSV:
            return {"row": numbers[index].as_py(), "field": column}
        return {"field": f"$.lines[{index}].{column}"}

    trim = origin == _ORIGIN_CSV  # cells of a file; the JSON lines are values already
    empty = pa.repeat(pa.scalar("", pa.string()), n)
    cells = {
        c: raw.column(c).combine_chunks() if c in raw.column_names else empty for c in LINE_COLUMNS
    }
    out: dict[str, Any] = {}
    codes: dict[str, dict[str, Any]] = {}
    for column in CONVERTED_COLUMNS:
        out[column], codes[column] = _convert_codes(
            cells[column], column, errors, located, required=column in REQUIRED_COLUMNS, trim=trim
        )
    text = {
        c: pc.utf8_trim_whitespace(cells[c]) if trim else cells[c] for c in (*_TEXTS, "lump_sum")
    }
    # status defaults to 'existing' as in the loader
    out["status"] = pc.fill_null(out["status"], "existing")
    codes["status"].setdefault("existing", LineStatus.EXISTING)
    for column in _TEXTS:
        out[column] = _null_if_empty(text[column])
    missing_id = pc.is_null(out["line_id"])
    if pc.any(missing_id).as_py():
        default = pc.binary_join_element_wise("row-", pc.cast(numbers, pa.string()), "")
        out["line_id"] = pc.if_else(missing_id, default, out["line_id"])
    out["description"] = pc.fill_null(out["description"], "")
    out["lump_sum"] = _booleans(text["lump_sum"], errors, located)
    amounts = {c: _amounts(cells[c], c, errors, located, trim=trim) for c in AMOUNT_COLUMNS}
    _cross_checks(out, codes, errors, where)
    _in_row_order(errors)
    errors.raise_if_any()
    scale = max([0, *(pc.max(a.places).as_py() or 0 for a in amounts.values())])
    if scale > 18:
        raise ParseError(f"amounts with {scale} decimal places are not supported", file=file)
    decimal = pa.decimal128(38, scale)
    columns: dict[str, Any] = {c: out[c] for c in LINE_COLUMNS if c in out}
    for column in AMOUNT_COLUMNS:
        columns[column] = _decimals(amounts[column], decimal, column in _OPTIONAL_AMOUNTS)
        columns["scale_" + column] = amounts[column].places
    columns["origin"] = pa.repeat(pa.scalar(origin, pa.int8()), n)
    columns["row"] = numbers
    ordered = {c: columns[c] for c in (*LINE_COLUMNS, *(f"scale_{a}" for a in AMOUNT_COLUMNS))}
    ordered["origin"], ordered["row"] = columns["origin"], columns["row"]
    return BudgetTable(pa.table(ordered), codes, csv_file, json_file)


_JSON_LINE: Final = re.compile(r"^\$\.lines\[(\d+)\]\.?(\w*)")


def _in_row_order(errors: ErrorCollector) -> None:
    """The problems found a column at a time, listed as the pure loader lists them: by row
    (or JSON line), then by column."""
    order = {column: i for i, column in enumerate(LINE_COLUMNS)}

    def key(problem: KpgovError) -> tuple[int, int]:
        field = problem.field or ""
        line = _JSON_LINE.match(field)
        if line is not None:
            return int(line[1]), order.get(line[2], len(order))
        return problem.row or 0, order.get(field, len(order))

    errors.problems.sort(key=key)


def _null_if_empty(array: Any) -> Any:
    return pc.if_else(pc.equal(array, ""), pa.scalar(None, pa.string()), array)


def _convert_codes(
    array: Any,
    column: str,
    errors: ErrorCollector,
    located: Callable[[int, str], dict[str, Any]],
    *,
    required: bool,
    trim: bool,
) -> tuple[Any, dict[str, Any]]:
    """Each distinct value of ``array`` (blanks around it trimmed when ``trim``) through
    BudgetLine's converter for ``column``; the column comes back trimmed, empty cells null.

    The column is dictionary-encoded once: trimming, the test for empty cells and the
    conversions work on its distinct values, and one ``take`` spreads them over the rows.
    """
    convert = _FIELDS[column].converter
    assert callable(convert)
    encoded = pc.dictionary_encode(array)
    values = pc.utf8_trim_whitespace(encoded.dictionary) if trim else encoded.dictionary
    texts = values.to_pylist()
    parsed: dict[str, Any] = {}
    bad: list[tuple[str, KpgovError]] = []
    for value in dict.fromkeys(texts):  # in the order the rows first show them
        if value == "":
            if required:
                bad.append(("", ParseError(f"{column} is required")))
            continue
        try:
            parsed[value] = convert(value)
        except KpgovError as exc:
            bad.append((value, exc))
        except ValueError as exc:
            bad.append((value, ParseError(str(exc))))
    for value, exc in bad:
        codes = pa.array([i for i, text in enumerate(texts) if text == value], pa.int32())
        rows = pc.indices_nonzero(pc.is_in(encoded.indices, codes)).to_pylist()
        for index in rows[: errors.cap]:
            errors.add(ParseError(exc.message, **located(index, exc.field or column)))
    return pc.take(_null_if_empty(values), encoded.indices), parsed


def _booleans(
    array: Any, errors: ErrorCollector, located: Callable[[int, str], dict[str, Any]]
) -> Any:
    lower = pc.utf8_lower(array)
    true = pc.is_in(lower, pa.array(sorted(TRUE_TEXTS)))
    false = pc.is_in(lower, pa.array(sorted(FALSE_TEXTS)))
    bad = pc.invert(pc.or_(true, false))
    for index in pc.indices_nonzero(bad).to_pylist()[: errors.cap]:
        value = array[index].as_py()
        errors.add(
            ParseError(
                f"not a yes/no value: {value!r} (use true or false)", **located(index, "lump_sum")
            )
        )
    return true


@attrs.frozen
class _Amounts:
    """An amount column read (see :func:`_amounts`), ready to be cast at the table's scale."""

    text: Any  # the cells as read
    whole: Any  # bool mask: whole rupees, ASCII digits only (the usual cell)
    rest: Any  # bool mask of the other non-empty cells, or None when there are none
    cells: Any  # the ``rest`` cells, trimmed
    plain: Any  # for the ``rest`` cells: plain numbers (``-12``, ``1234.50``)
    special: dict[str, Decimal]  # the other ``rest`` cells, read with as_amount
    places: Any  # decimal places as written, int8, per cell


def _amounts(
    array: Any,
    column: str,
    errors: ErrorCollector,
    located: Callable[[int, str], dict[str, Any]],
    *,
    trim: bool,
) -> _Amounts:
    """The cells of an amount column, validated, with their decimal places as written.

    Whole rupees (ASCII digits, at most 15) are found with one test and have no places. The
    other non-empty cells (blanks around a number, a sign, paisa, grouping, a unit) are looked
    at on their own, trimmed when ``trim``: a blank cell is empty; plain numbers the pure loader
    reads with ``Decimal`` alone (``-?[0-9]{1,15}(.[0-9]{1,4})?``) are cast; anything else
    (``4,31,63,871``, ``12 lakh``) is read once per distinct text with
    :func:`kpgov.money.as_amount`, which refuses what kpgov does not accept.
    """
    n = len(array)
    whole = pc.and_(pc.ascii_is_decimal(array), pc.less_equal(pc.binary_length(array), 15))
    rest = pc.invert(pc.or_(whole, pc.equal(array, "")))
    zeros = pa.repeat(pa.scalar(0, pa.int8()), n)
    if not pc.any(rest).as_py():
        return _Amounts(array, whole, None, None, None, {}, zeros)
    rows = pc.indices_nonzero(rest)
    cells = pc.take(array, rows)
    if trim:
        cells = pc.utf8_trim_whitespace(cells)
    plain = pc.match_substring_regex(cells, _PLAIN)
    dot = pc.find_substring(cells, ".")
    length = pc.binary_length(cells)  # plain cells are ASCII
    places = pc.if_else(pc.less(dot, 0), 0, pc.subtract(pc.subtract(length, dot), 1))
    places = pc.if_else(plain, places, 0)
    special: dict[str, Decimal] = {}
    others = pc.invert(pc.or_(plain, pc.equal(cells, "")))
    if pc.any(others).as_py():
        for value in pc.unique(pc.filter(cells, others)).to_pylist():
            try:
                special[value] = as_amount(value)
            except KpgovError as exc:
                hit = pc.take(rows, pc.indices_nonzero(pc.equal(cells, value))).to_pylist()
                for index in hit[: errors.cap]:
                    errors.add(ParseError(exc.message, **located(index, column)))
        if special:
            keys = pa.array(list(special), pa.string())
            exact = pa.array([scale_of(v) for v in special.values()], pa.int64())
            position = pc.index_in(cells, keys)
            places = pc.if_else(pc.is_valid(position), pc.take(exact, position), places)
    places = pc.replace_with_mask(zeros, rest, pc.cast(places, pa.int8()))
    return _Amounts(array, whole, rest, cells, plain, special, places)


def _decimals(amounts: _Amounts, decimal: Any, optional: bool) -> Any:
    """The amounts as ``decimal`` (the table's type); empty cells null, or zero when the
    column is not ``optional``."""
    text, whole = amounts.text, amounts.whole
    if amounts.rest is None and pc.all(whole).as_py():
        values = pc.cast(pc.cast(text, pa.int64()), decimal)
    else:
        digits = pc.if_else(whole, text, pa.scalar(None, pa.string()))
        values = pc.cast(pc.cast(digits, pa.int64()), decimal)
    if amounts.rest is not None:
        cells = amounts.cells
        exact = pc.cast(pc.if_else(amounts.plain, cells, pa.scalar(None, pa.string())), decimal)
        if amounts.special:
            keys = pa.array(list(amounts.special), pa.string())
            read = pa.array(list(amounts.special.values()), decimal)
            position = pc.index_in(cells, keys)
            exact = pc.if_else(pc.is_valid(position), pc.take(read, position), exact)
        values = pc.replace_with_mask(values, amounts.rest, exact)
    if not optional:
        values = pc.fill_null(values, pa.scalar(Decimal(0), decimal))
    return values


def _cross_checks(
    out: dict[str, Any],
    codes: dict[str, dict[str, Any]],
    errors: ErrorCollector,
    where: Callable[[int], dict[str, Any]],
) -> None:
    """What ``BudgetLine`` checks across its fields, a column at a time."""
    kind = out["kind"]
    checks = (
        (
            pc.and_(pc.equal(kind, LineKind.PUBLIC_ACCOUNT.value), pc.is_null(out["account"])),
            "account",
            "Public Account line {id} needs its major account (trust or special deposit, "
            "BR-12(7)(b))",
        ),
        (
            pc.and_(pc.not_equal(kind, LineKind.RECEIPT.value), pc.is_valid(out["source"])),
            "source",
            "line {id}: only receipt lines have a source",
        ),
        (
            pc.and_(
                pc.equal(out["source"], "conditional_grant"), pc.is_null(out["conditional_grant"])
            ),
            "conditional_grant",
            "receipt line {id} is a conditional grant but does not name it",
        ),
    )
    for mask, field, message in checks:
        hits = pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()
        for index in hits[: errors.cap]:
            line_id = out["line_id"][index].as_py() or f"row-{where(index).get('row', index)}"
            errors.add(ParseError(message.format(id=line_id), field=field, **where(index)))


def entity_attributes(codes: dict[str, EntityCode]) -> dict[str, tuple[str, str]]:
    """For each entity code text: its office and its cost centre (as the checks group them)."""
    return {
        text: (code.office or code.code, str(code.at(EntityLevel.COST_CENTRE)))
        for text, code in codes.items()
    }
