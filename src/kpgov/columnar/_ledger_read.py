"""Ledger movements read from files straight into a :class:`~kpgov.columnar.LedgerTable`.

:func:`read_ledger` reads a ledger file (``kpgov.ledger/1``, the format
:func:`kpgov.io.ledger.dump_ledger` writes) with :mod:`json` and converts it a column at a
time: each field of every movement is gathered into its column, each *distinct* value of a
column (a date, a head's three codes, an amount's text) is structured once, through the same
converter hooks and the same attrs converters and validators the movement classes use, and the
rules between fields (funds received before their release, money realized before it is
credited: BR-68(6), BR-69(2)(a)) and the ledger's own rule (receipts and withdrawals belong to
the cash book of the ledger's year) are column masks. No movement object is built for a good
row; :meth:`LedgerTable.movement` builds one when a caller asks.

It accepts exactly what :func:`kpgov.io.ledger.load_ledger` accepts. A bad movement is reported
with the message and JSON path the pure loader gives (``ledger.json: $.movements[3].amount:
...``; the message is made by structuring that one movement as the pure loader does), every
bad movement in one :class:`~kpgov.errors.LoadError` (up to ``cap``). Unlike the pure loader,
which stops at the first receipt or withdrawal outside the year, every such movement is listed.

:func:`read_movements` reads the flat movements table (the columns of
:data:`kpgov.io.MOVEMENT_COLUMNS`) from CSV, Parquet or XLSX the same way, each row located by
file and row (the header is row 1) and each problem by its column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs

from kpgov._files import check_regular_file, read_json, read_text
from kpgov._ledger_format import (
    FLAT_COLUMNS,
    LEDGER_FORMAT,
    MOVEMENT_KINDS,
    LedgerHeader,
    OpeningBalances,
    flat_column,
    flat_movement,
    path_of,
)
from kpgov._sheets import cell_text
from kpgov.budget import (
    AppropriationHead,
    CashAccount,
    Movement,
    ReAppropriation,
)
from kpgov.columnar._arrow import pa, pc
from kpgov.columnar._ledger import (
    _ARROW,
    _COLUMN_TYPES,
    COPIES_SEPARATOR,
    MOVEMENT_COLUMNS,
    LedgerTable,
    _places,
)
from kpgov.convert import converter, structure, structure_all
from kpgov.errors import KpgovError, LoadError, Location, ParseError, is_provenance
from kpgov.money import as_amount
from kpgov.periods import FinancialYear

__all__ = ["FLAT_COLUMNS", "LEDGER_FORMAT", "read_ledger", "read_movements"]

_KINDS: Final = MOVEMENT_KINDS
_KIND_NAMES: Final = tuple(_KINDS)


# ------------------------------------------------------------------------ the ledger header


# ------------------------------------------------------------------ columns of the movements

#: An amount written as plain digits (at most 15 before the point and 4 after), which
#: :func:`kpgov.money.parse_amount` reads as ``Decimal(text)`` (the sign applied after).
_PLAIN_AMOUNT: Final = re.compile(r"(-?)([0-9]{1,15}(?:\.([0-9]{1,4}))?)\Z")
_BAD: Final = object()  # a value that does not convert
_MISSING: Final = object()


class _Field:
    """One field of one kind of movement: the column it goes to and its conversion of a
    distinct value (the converter hook of its type, then the attrs converter and validator),
    memoised."""

    __slots__ = ("column", "convert", "memo", "name", "values")

    def __init__(
        self,
        column: str,
        attribute: attrs.Attribute[Any],
        memo: dict[Any, Any],
        places: dict[int, int],
    ) -> None:
        self.name = attribute.name
        self.column = column
        self.memo = memo
        #: The column's values by row (shared by the fields of one column), once allocated.
        self.values: list[Any] | None = None
        kind = attribute.type
        after = attribute.converter
        check = attribute.validator

        plain = kind in (Decimal, Decimal | None)

        def convert(value: Any) -> Any:
            try:
                match = _PLAIN_AMOUNT.match(value) if plain and type(value) is str else None
                if match is not None:  # what parse_amount makes of plain digits, sooner
                    result = Decimal(match[2])
                    if match[1]:
                        result = -result
                    if check is not None:
                        check(None, attribute, result)
                    places[id(result)] = len(match[3] or "")  # held by the memo from here
                    return result
                result = converter.structure(value, kind)  # type: ignore[arg-type]  # resolved
                if after is not None:
                    result = after(result)  # type: ignore[operator]  # an attrs converter
                if check is not None:
                    check(None, attribute, result)
            except Exception:
                return _BAD  # structuring of that movement then says why
            return result

        self.convert = convert


def _memo_key(value: Any) -> Any:
    """A key telling apart values a field converts differently (1, True, "1", 1.0, 1.00).

    Inside an object (a head) or an array (copies_to) only text can be valid, so values that
    are equal but of other types (1 and True) may share a key there: they are all refused."""
    kind = type(value)
    if kind is str or kind is bool or kind is int or value is None:
        return (kind, value)
    if kind is Decimal:
        return (kind, str(value))
    try:
        if kind is dict:
            key: Any = (kind, tuple(value.items()))
        elif kind is list:
            key = (kind, tuple(value))
        else:
            return None
        hash(key)
    except TypeError:  # holds an object or an array: not memoised (and checked for depth)
        return None
    return key


class _Kind:
    """How the movements of one kind are read: their fields by key, the required keys and the
    defaults of the others."""

    def __init__(
        self, cls: type[Any], memos: dict[Any, dict[Any, Any]], places: dict[int, int]
    ) -> None:
        attrs.resolve_types(cls)
        self.cls = cls
        self.name = next(name for name, kind in _KINDS.items() if kind is cls)
        self.fields: dict[str, _Field] = {}
        self.required: list[str] = []
        self.defaults: dict[str, Any] = {}
        for attribute in attrs.fields(cls):
            if not attribute.init or is_provenance(attribute):
                continue
            column = _COLUMN_OF.get((cls, attribute.name), attribute.name)
            key = (attribute.type, attribute.converter, attribute.validator)
            memo = memos.setdefault(key, {})
            self.fields[attribute.name] = _Field(column, attribute, memo, places)
            if attribute.default is attrs.NOTHING:
                self.required.append(attribute.name)
            else:
                default = attribute.default
                if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                    default = default.factory()
                self.defaults[attribute.name] = default


#: Fields stored in a column of another name: a re-appropriation's ``source`` head is the
#: ``head`` column (the head the savings leave).
_COLUMN_OF: Final[Mapping[tuple[type, str], str]] = {(ReAppropriation, "source"): "head"}


def _kinds(places: dict[int, int]) -> dict[str, _Kind]:
    """How each kind is read, for one file: the memos and ``places`` (the places of the
    amounts read as plain digits, by the Decimal's identity; each is held in its column until
    the table is built) are the file's."""
    memos: dict[Any, dict[Any, Any]] = {}
    return {name: _Kind(cls, memos, places) for name, cls in _KINDS.items()}


@attrs.define
class _Columns:
    """The movements gathered a column at a time: each field's converted values by row, and
    the rows that did not convert."""

    size: int
    kinds: list[int]
    values: dict[str, list[Any]] = attrs.Factory(dict)
    bad: set[int] = attrs.Factory(set)

    def column(self, name: str) -> list[Any]:
        found = self.values.get(name)
        if found is None:
            found = self.values[name] = [None] * self.size
        return found


def _gather(items: Sequence[Any], kinds: dict[str, _Kind]) -> _Columns:
    """Read every movement's fields into columns, each distinct value converted once."""
    names = {name: code for code, name in enumerate(_KIND_NAMES)}
    out = _Columns(len(items), [-1] * len(items))
    codes = out.kinds
    bad = out.bad
    column = out.column
    for row, data in enumerate(items):
        if type(data) is not dict:
            bad.add(row)
            continue
        kind_name = data.get("kind")
        spec = kinds.get(kind_name) if type(kind_name) is str else None
        if spec is None:
            bad.add(row)
            continue
        codes[row] = names[spec.name]
        fields = spec.fields
        ok = True
        for key, value in data.items():
            field = fields.get(key)
            if field is None:
                if key != "kind":
                    ok = False
                continue
            memo = field.memo
            if type(value) is str:
                result = memo.get(value, _MISSING)
                if result is _MISSING:
                    result = memo[value] = field.convert(value)
            else:
                memo_key = _memo_key(value)
                if memo_key is None:
                    result = field.convert(value)
                else:
                    result = memo.get(memo_key, _MISSING)
                    if result is _MISSING:
                        result = memo[memo_key] = field.convert(value)
            if result is _BAD:
                ok = False
                continue
            values = field.values
            if values is None:
                values = field.values = column(field.column)
            values[row] = result
        if ok:
            for key in spec.required:
                if key not in data:
                    ok = False
                    break
        if not ok:
            bad.add(row)
    return out


# --------------------------------------------------------------------- the pure messages


def _structured(data: Any, path: str) -> Movement:
    """One movement structured as the pure loader structures it (its error is the pure one)."""
    if not isinstance(data, dict):
        raise ParseError("a movement is a JSON object", field=path)
    kind = data.get("kind")
    cls = _KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ParseError(
            f"unknown movement kind {kind!r}; expected one of {', '.join(_KINDS)}",
            field=f"{path}.kind",
        )
    body = {key: value for key, value in data.items() if key != "kind"}
    try:
        movement: Movement = structure(body, cls)
    except ParseError as exc:
        raise ParseError(exc.message, field=path_of(path, exc)) from exc
    return movement


# ------------------------------------------------------------------------------ the checks


def _dates(values: list[Any] | None, size: int) -> Any:
    return pa.array(values if values is not None else [None] * size, pa.date32())


def _later(columns: _Columns, kind: str, field: str) -> list[int]:
    """Rows of ``kind`` whose ``field`` date is after the movement's date (BR-68(6) for a
    release's funds, BR-69(2)(a) for a receipt's realization)."""
    later = columns.values.get(field)
    if later is None:
        return []
    code = _KIND_NAMES.index(kind)
    kinds = pa.array(columns.kinds, pa.int8())
    mask = pc.and_(
        pc.equal(kinds, code),
        pc.greater(_dates(later, columns.size), _dates(columns.values.get("on"), columns.size)),
    )
    return pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()  # type: ignore[no-any-return]


def _outside_year(columns: _Columns, year: FinancialYear) -> list[int]:
    """Receipts and withdrawals dated outside ``year`` (the Ledger's own rule)."""
    kinds = pa.array(columns.kinds, pa.int8())
    on = _dates(columns.values.get("on"), columns.size)
    cash = pc.or_(
        pc.equal(kinds, _KIND_NAMES.index("receipt")),
        pc.equal(kinds, _KIND_NAMES.index("withdrawal")),
    )
    outside = pc.or_(
        pc.less(on, pa.scalar(year.start, pa.date32())),
        pc.greater(on, pa.scalar(year.end, pa.date32())),
    )
    return pc.indices_nonzero(pc.and_(cash, outside)).to_pylist()  # type: ignore[no-any-return]


def _problems(
    rows: Iterable[int],
    items: Sequence[Any],
    path: Callable[[int], str],
    error: Callable[[int, ParseError], KpgovError],
    cap: int,
) -> tuple[list[tuple[int, KpgovError]], dict[int, Movement]]:
    """The pure loader's error of each row in ``rows`` (up to ``cap``), with the row; a row the
    pure structuring accepts after all is returned as its movement instead."""
    problems: list[tuple[int, KpgovError]] = []
    rescued: dict[int, Movement] = {}
    for row in sorted(rows):
        if len(problems) >= cap:
            break
        try:
            rescued[row] = _structured(items[row], path(row))
        except ParseError as exc:
            problems.append((row, error(row, exc)))
    return problems, rescued


# ------------------------------------------------------------------------------- the table


def _fill_rescued(columns: _Columns, kinds: dict[str, _Kind], rescued: Mapping[int, Any]) -> None:
    """Put movements the pure structuring accepted into the columns (a safety net: the column
    conversion refuses nothing the pure one accepts, and the property tests say so)."""
    names = {cls: name for name, cls in _KINDS.items()}
    for row, movement in rescued.items():
        name = names[type(movement)]
        columns.kinds[row] = _KIND_NAMES.index(name)
        for field in kinds[name].fields.values():
            columns.column(field.column)[row] = getattr(movement, field.name)
        columns.bad.discard(row)


def _with_defaults(columns: _Columns, kinds: dict[str, _Kind]) -> None:
    """Fill the fields a movement leaves out with their defaults, in the rows of its kind."""
    rows_of: list[list[int]] = [[] for _ in _KIND_NAMES]
    for row, code in enumerate(columns.kinds):
        rows_of[code].append(row)
    for code, name in enumerate(_KIND_NAMES):
        rows = rows_of[code]
        if not rows:
            continue
        for field_name, default in kinds[name].defaults.items():
            if default is None:
                continue
            column = columns.column(kinds[name].fields[field_name].column)
            for row in rows:
                if column[row] is None:
                    column[row] = default


def _text_of(values: list[Any], text: Callable[[Any], str]) -> list[str | None]:
    """Each value's text, converted once per distinct value object."""
    done: dict[int, str] = {}
    out: list[str | None] = []
    for value in values:
        if value is None:
            out.append(None)
            continue
        found = done.get(id(value))
        if found is None:
            found = done[id(value)] = text(value)
        out.append(found)
    return out


def _places_of(values: list[Any], known: dict[int, int]) -> list[int | None]:
    """The places of each amount (``None`` for none), computed once per distinct object
    (``known`` holds those of the plain amounts already, by identity)."""
    out: list[int | None] = []
    for value in values:
        if value is None:
            out.append(None)
            continue
        found = known.get(id(value))
        if found is None:
            found = known[id(value)] = _places(value)
        out.append(found)
    return out


def _table(
    columns: _Columns,
    kinds: dict[str, _Kind],
    header: LedgerHeader,
    places: dict[int, int],
    *,
    locations: Mapping[str, Any],
    source: Location | None,
) -> LedgerTable:
    """The :class:`LedgerTable` of validated columns (the layout of
    :data:`kpgov.columnar.MOVEMENT_COLUMNS`)."""
    _with_defaults(columns, kinds)
    size = columns.size
    values = columns.values
    none: list[Any] = [None] * size
    heads: dict[str, AppropriationHead] = {}
    for name in ("head", "target"):
        found = values.get(name)
        if found is not None:
            for head in {id(h): h for h in found if h is not None}.values():
                heads[head.key] = head
            values[name] = [None if head is None else head.key for head in found]
    for name in ("authority", "account"):
        if name in values:
            values[name] = _text_of(values[name], lambda member: member.value)
    if "copies_to" in values:
        values["copies_to"] = _text_of(
            values["copies_to"], lambda offices: COPIES_SEPARATOR.join(o.value for o in offices)
        )
    withdrawal = _KIND_NAMES.index("withdrawal")
    if withdrawal in columns.kinds:
        account = columns.column("account")
        for row, code in enumerate(columns.kinds):
            if code == withdrawal:
                account[row] = CashAccount.PUBLIC_ACCOUNT.value
    values["places"] = _places_of(values.get("amount", none), places)
    values["cover_places"] = _places_of(values.get("budgetary_cover", none), places)
    scale = max((p for p in (*values["places"], *values["cover_places"]) if p), default=0)
    arrays = []
    for name in MOVEMENT_COLUMNS:
        if name == "kind":
            arrays.append(
                pa.DictionaryArray.from_arrays(
                    pa.array(columns.kinds, pa.int8()), pa.array(_KIND_NAMES)
                )
            )
            continue
        if name in locations:
            arrays.append(locations[name])
            continue
        of = _COLUMN_TYPES[name]
        arrow_type = pa.decimal128(38, scale) if of == "decimal" else _ARROW[of]
        array = pa.array(values.get(name, none), arrow_type)
        arrays.append(array.dictionary_encode() if of in ("text", "key") else array)
    balances = header.opening_balances
    return LedgerTable(
        header.district,
        header.year,
        balances.district_fund,
        balances.public_account,
        pa.table(arrays, names=list(MOVEMENT_COLUMNS)),
        heads,
        source=source,
    )


def read_ledger(path: str | Path, *, cap: int = 100) -> LedgerTable:
    """Read a ledger file (``kpgov.ledger/1``) into a :class:`LedgerTable`, a column at a
    time; bad input is a ParseError (a :class:`~kpgov.errors.LoadError` for several problems)
    naming the file and the JSON path of each, as :func:`kpgov.io.ledger.load_ledger` names
    them."""
    name = str(path)
    data = read_json(path, strict=True)  # the guards of kpgov.io.files, shared
    items = data.get("movements", []) if isinstance(data, dict) else None
    places: dict[int, int] = {}
    kinds = _kinds(places)
    columns = _gather(items, kinds) if isinstance(items, list) else None
    if not isinstance(data, dict):
        raise ParseError("a ledger file is a JSON object", file=name, field="$")
    header = structure_all(data, LedgerHeader, file=name)
    if header.format != LEDGER_FORMAT:
        raise ParseError(
            f"not a ledger file: format is {header.format[:40]!r}, expected {LEDGER_FORMAT!r}",
            file=name,
            field="$.format",
        )
    assert columns is not None  # the header says movements is a list
    assert isinstance(items, list)
    columns.bad.update(_later(columns, "release", "funds_received_on"))
    columns.bad.update(_later(columns, "receipt", "realized_on"))

    def movement_path(row: int) -> str:
        return f"$.movements[{row}]"

    def located(_row: int, exc: ParseError) -> KpgovError:
        return ParseError(exc.message, file=name, field=exc.field)

    problems, rescued = _problems(columns.bad, items, movement_path, located, cap)
    if problems:
        raise LoadError([problem for _row, problem in problems], file=name)
    _fill_rescued(columns, kinds, rescued)
    _check_year(columns, header.year, name, movement_path, None, cap)
    size = columns.size
    locations = {
        "file": pa.array([name] * size, pa.string()).dictionary_encode(),
        "row": pa.nulls(size, pa.int32()),
        "field": pa.array([f"$.movements[{row}]" for row in range(size)], pa.string()),
    }
    return _table(
        columns, kinds, header, places, locations=locations, source=Location(name, field="$")
    )


def _check_year(
    columns: _Columns,
    year: FinancialYear,
    name: str,
    path: Callable[[int], str | None],
    row_of: Callable[[int], int] | None,
    cap: int,
    *,
    files: Sequence[str] | None = None,
) -> None:
    """Every receipt and withdrawal outside ``year`` in one error (the Ledger refuses them)."""
    outside = _outside_year(columns, year)
    if not outside:
        return
    on = columns.values["on"]
    problems: list[KpgovError] = []
    for row in outside[:cap]:
        kind = _KIND_NAMES[columns.kinds[row]]
        problems.append(
            ParseError(
                f"a {kind} of {on[row]} belongs to the cash book of another year than {year}",
                file=name if files is None else files[row],
                row=None if row_of is None else row_of(row),
                field=path(row),
            )
        )
    raise LoadError(problems, omitted=max(0, len(outside) - cap), file=name)


# ------------------------------------------------------------------- flat movement tables

#: Provenance columns kpgov's frames carry (``to_arrow``), read as the row's location.
_PROVENANCE_COLUMNS: Final = ("file", "row")
#: Headings of ledger-movement sheets (as :data:`kpgov.io.spreadsheets.MOVEMENT_HEADINGS`).
_HEADINGS: Final[Mapping[str, str]] = {
    "date": "on",
    "movement": "kind",
    "ddo_code": "ddo",
    "detail_object": "object",
    "object_code": "object",
}


def _name(heading: str) -> str:
    """A heading as a column name: ``"To grant"`` -> ``to_grant``."""
    return re.sub(r"[^a-z0-9]+", "_", heading.strip().lower()).strip("_")


@attrs.frozen
class _Flat:
    """A flat table's columns of cells (as read), where each row is, and its column names."""

    label: str
    names: list[str]
    cells: dict[str, list[Any]]
    rows: list[int]
    files: list[str] | None = None  # per row, when the table carries its provenance
    spreadsheet: bool = False


def _check_flat_columns(names: Sequence[str], label: str, *, rows: bool, sheet: bool) -> None:
    """Refuse a missing column (in a sheet) and, when there are rows, an unknown column, in
    the order the pure readers do."""
    if sheet:
        for column in ("kind", "on", "amount"):
            if column not in names:
                raise ParseError(
                    f"missing column {column!r} (the columns are {', '.join(FLAT_COLUMNS)}; "
                    "map other headings with columns={heading: column})",
                    file=label,
                    field=column,
                )
    allowed = {*FLAT_COLUMNS, *_PROVENANCE_COLUMNS}
    extra = sorted(c for c in names if c not in allowed)
    if extra and rows:
        raise ParseError(
            f"unknown column {extra[0]!r} (the columns are {', '.join(FLAT_COLUMNS)})",
            file=label,
            row=1,
            field=extra[0],
        )


def _by_column(
    label: str,
    header: Sequence[Any],
    body: Iterable[Sequence[Any]],
    first: int,
    last: int | None,
    spreadsheet: bool,
) -> _Flat:
    names: list[str | None] = []
    for heading in header:
        text = "" if heading is None else str(heading).strip()
        name = _HEADINGS.get(_name(text), _name(text)) if text else None
        if name is not None and name in names:
            raise ParseError(
                f"two columns are read as {name!r}", file=label, row=first - 1, field=text
            )
        names.append(name)
    known = [n for n in names if n is not None]
    if not known:
        raise ParseError(f"no header on row {first - 1}", file=label, row=first - 1)
    cells: dict[str, list[Any]] = {n: [] for n in known}
    rows: list[int] = []
    for number, values in enumerate(body, start=first):
        if last is not None and number > last:
            break
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        rows.append(number)
        for index, name in enumerate(names):
            if name is not None:
                cells[name].append(values[index] if index < len(values) else None)
    _check_flat_columns(known, label, rows=bool(rows), sheet=True)
    return _Flat(label, known, cells, rows, spreadsheet=spreadsheet)


def _flat_csv(path: str | Path) -> _Flat:
    import csv

    name = str(path)
    text = read_text(path)
    try:
        rows = list(csv.reader(text.splitlines()))
    except csv.Error as exc:
        raise ParseError(f"not valid CSV ({exc})", file=name) from None
    if not rows:
        raise ParseError("no header on row 1", file=name, row=1)
    return _by_column(name, rows[0], rows[1:], 2, None, spreadsheet=True)


def _flat_xlsx(path: str | Path, sheet: str | None) -> _Flat:
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise ImportError(
            "reading XLSX needs openpyxl: install kpgov[xlsx] (pip install 'kpgov[xlsx]')"
        ) from None
    name = str(path)
    try:
        check_regular_file(path)
        book = load_workbook(path, read_only=True, data_only=True)
    except ParseError:
        raise
    except Exception as exc:
        raise ParseError(
            f"not a readable XLSX workbook ({type(exc).__name__})", file=name
        ) from None
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise ParseError(
                f"no sheet {sheet!r} (the sheets are {', '.join(book.sheetnames)})", file=name
            )
        label = f"{name} [sheet {worksheet.title}]"
        data = _data_range(worksheet)
        try:
            values = list(worksheet.iter_rows(values_only=True))
        except Exception as exc:
            raise ParseError(
                f"the sheet cannot be read ({type(exc).__name__})", file=label
            ) from None
    finally:
        book.close()
    header_row = 1 if data is None else data[0] - 1
    last = None if data is None else data[1]
    if len(values) < header_row:
        raise ParseError(f"no header on row {header_row}", file=label, row=header_row)
    return _by_column(
        label, values[header_row - 1], values[header_row:], header_row + 1, last, True
    )


def _data_range(worksheet: Any) -> tuple[int, int] | None:
    """The first and last row of the ``data`` range kpgov's writer names in a sheet."""
    names = getattr(worksheet, "defined_names", None) or {}
    found = names.get("data") if hasattr(names, "get") else None
    match = re.search(r"\$(\d+):\$?[A-Z]+\$(\d+)$", getattr(found, "attr_text", "") or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def _flat_parquet(path: str | Path) -> _Flat:
    from pyarrow import parquet

    name = str(path)
    check_regular_file(path)
    try:
        table = parquet.read_table(name)
    except (OSError, pa.ArrowException, ValueError) as exc:
        raise ParseError(f"not a readable Parquet file ({type(exc).__name__})", file=name) from None
    names = list(table.column_names)
    _check_flat_columns(names, name, rows=table.num_rows > 0, sheet=False)
    cells = {column: table.column(column).to_pylist() for column in names}
    size = table.num_rows
    rows = [2 + index for index in range(size)]
    files: list[str] | None = None
    if "file" in cells and "row" in cells:  # rows that kept where they were read
        files = [name] * size
        for index, (file, row) in enumerate(zip(cells["file"], cells["row"], strict=True)):
            if isinstance(file, str) and file and isinstance(row, int):
                files[index], rows[index] = file, int(row)
    return _Flat(name, names, cells, rows, files)


def read_movements(
    path: str | Path,
    *,
    district: str,
    year: FinancialYear | str,
    opening_district_fund: Decimal | int | str = 0,
    opening_public_account: Decimal | int | str = 0,
    sheet: str | None = None,
    cap: int = 100,
) -> LedgerTable:
    """Read a flat movements table (the columns of :data:`kpgov.io.MOVEMENT_COLUMNS`, as
    :func:`kpgov.io.to_arrow` writes a ledger) from CSV, Parquet (``.parquet``/``.pq``) or
    XLSX (``.xlsx``/``.xlsm``, the ``sheet`` or the first; the header is the row above the
    sheet's ``data`` range kpgov's writer names, else row 1) into the :class:`LedgerTable` of a
    ledger of ``district`` for ``year``. Rows are numbered as a spreadsheet numbers them (the
    header is row 1); every bad cell is reported in one :class:`~kpgov.errors.LoadError`
    (``file:row: column: message``), as :func:`kpgov.io.spreadsheets.read_movements` and
    :func:`kpgov.io.frames.movements_from_frame` report it."""
    name = str(path)
    fy = year if isinstance(year, FinancialYear) else FinancialYear.parse(year)
    header = LedgerHeader(
        LEDGER_FORMAT,
        district,
        fy,
        OpeningBalances(as_amount(opening_district_fund), as_amount(opening_public_account)),
    )
    suffix = Path(name).suffix.lower()
    if suffix in (".parquet", ".pq"):
        flat = _flat_parquet(path)
    elif suffix in (".xlsx", ".xlsm"):
        flat = _flat_xlsx(path, sheet)
    else:
        flat = _flat_csv(path)
    size = len(flat.rows)
    problems: list[tuple[int, KpgovError]] = []
    bad_cells: set[int] = set()
    texts: dict[str, list[str]] = {}
    for (
        column
    ) in flat.names:  # provenance cells too: kpgov.io refuses binary floating point there as well
        done: dict[Any, str] = {}
        out: list[str] = []
        for index, value in enumerate(flat.cells[column]):
            key = (type(value), value) if not isinstance(value, Decimal) else (Decimal, str(value))
            try:
                found = done.get(key)
                if found is None:
                    found = done[key] = cell_text(
                        value, "spreadsheet" if flat.spreadsheet else "refuse"
                    )
            except TypeError:  # an unhashable cell
                found = cell_text(value, "spreadsheet" if flat.spreadsheet else "refuse")
            except KpgovError as exc:
                bad_cells.add(index)
                problems.append((index, _flat_error(flat, index, column, exc.message)))
                found = ""
            out.append(found)
        texts[column] = out
    items: list[Any] = []
    for index in range(size):
        cells = {column: values[index] for column, values in texts.items()}
        items.append(flat_movement(cells))
    places: dict[int, int] = {}
    kinds = _kinds(places)
    columns = _gather(items, kinds)
    columns.bad.update(_later(columns, "release", "funds_received_on"))
    columns.bad.update(_later(columns, "receipt", "realized_on"))
    columns.bad -= bad_cells

    def error(index: int, exc: ParseError) -> KpgovError:
        return _flat_error(flat, index, flat_column(exc.field), exc.message)

    refused, rescued = _problems(columns.bad, items, lambda _index: "$", error, cap)
    total = len(problems) + len(columns.bad) - len(rescued)
    problems.extend(refused)
    problems.sort(key=lambda pair: pair[0])  # row by row, each row's cells in column order
    if problems:
        shown = [problem for _row, problem in problems[:cap]]
        raise LoadError(shown, omitted=max(0, total - cap), file=flat.label)
    _fill_rescued(columns, kinds, rescued)
    _check_year(
        columns,
        fy,
        flat.label,
        lambda _index: None,
        lambda index: flat.rows[index],
        cap,
        files=flat.files,
    )
    files = flat.files or [flat.label] * size
    locations = {
        "file": pa.array(files, pa.string()).dictionary_encode(),
        "row": pa.array(flat.rows, pa.int32()),
        "field": pa.nulls(size, pa.string()),
    }
    return _table(columns, kinds, header, places, locations=locations, source=None)


def _flat_error(flat: _Flat, index: int, column: str | None, message: str) -> KpgovError:
    file = flat.files[index] if flat.files is not None else flat.label
    return ParseError(message, file=file, row=flat.rows[index], field=column)
