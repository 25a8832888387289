"""The one XLSX writer of kpgov: declarative sheets of printed-form tables.

A sheet is described, not drawn: :class:`XlsxColumn` names a column, its printed heading, the
grouped headings above it and the kind of value it holds; :class:`XlsxSheet` gives a title,
columns, data rows, totals rows and notes; :func:`write_workbook` lays them out as a budget
office prints them: the title, grouped headings as merged cells, the header rows frozen and
repeated on every printed page, data rows, then the totals rows (bold, ruled, and kept apart from
the data by the worksheet-scoped defined names ``data`` and ``totals``), then the notes.

Amounts are real numbers in the cells, never text. They stay exact: each amount is a ``Decimal``
(an ``int`` is accepted too), written into the file as its own decimal digits (openpyxl
serialises numbers with 16 significant digits), and an amount with more significant digits than
Excel's 15 is refused with a :class:`~kpgov.errors.ValidationError` rather than rounded. Every
amount kpgov writes (rupees and paisa up to ten trillion) therefore reads back as the same
``Decimal``. Amounts carry the South Asian (lakh) number format, so Excel shows ``4,31,63,871``.

Each cell takes its whole style (font, border, alignment, fill, number format) in one
assignment of a named style of the workbook (``kpgov heading``, ``kpgov data lakh``,
``kpgov total count`` ...), registered once per workbook: setting the parts one by one on
every cell made openpyxl compare and hash style objects tens of thousands of times, most of a
write (``benchmarks/bench_xlsx.py`` measures it). openpyxl is imported only when a workbook is
written (the ``xlsx`` extra).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final, Literal

import attrs

from kpgov.errors import KpgovError, ValidationError

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "LAKH_FORMAT",
    "XlsxCell",
    "XlsxColumn",
    "XlsxColumnKind",
    "XlsxSheet",
    "XlsxTable",
    "write_workbook",
]

XlsxColumnKind = Literal["text", "amount", "count", "percent", "date"]
XlsxCell = Decimal | int | str | dt.date | None
Paper = Literal["A4", "legal"]

#: Excel number format with South Asian grouping (crore, lakh, thousand), whole rupees.
LAKH_FORMAT: Final = r"[>=10000000]##\,##\,##\,##0;[>=100000]##\,##\,##0;##,##0"
#: The same with paisa.
_LAKH_FORMAT_PAISA: Final = r"[>=10000000]##\,##\,##\,##0.00;[>=100000]##\,##\,##0.00;##,##0.00"
_FORMATS: Final[dict[str, str]] = {
    "count": "#,##0",
    "percent": "0.00%",
    "date": "dd-mm-yyyy",
}
#: The names of the number formats in the names of the workbook's styles.
_FORMAT_NAMES: Final[dict[str, str]] = {
    LAKH_FORMAT: "lakh",
    _LAKH_FORMAT_PAISA: "lakh paisa",
    **{number_format: kind for kind, number_format in _FORMATS.items()},
}
_WIDTHS: Final[dict[str, float]] = {  # float-ok: column widths
    "text": 28,
    "amount": 16,
    "count": 10,
    "percent": 10,
    "date": 12,
}
#: Excel holds 15 significant decimal digits.
_EXCEL_DIGITS: Final = 15
_SHEET_NAME_FORBIDDEN: Final = frozenset("[]:*?/\\")


def _as_group(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@attrs.frozen
class XlsxColumn:
    """One column: ``key`` into each row mapping, the printed ``heading``, and above it the
    grouped headings ``group`` (outermost first; a string is one level), the ``kind`` of value
    and an optional width in characters.

    Consecutive columns with the same group share one merged heading cell.
    """

    key: str
    heading: str
    group: tuple[str, ...] = attrs.field(default=(), converter=_as_group)
    kind: XlsxColumnKind = "text"
    width: float | None = None  # float-ok: a column width


def _tuple_of_mappings(
    value: Iterable[Mapping[str, XlsxCell]],
) -> tuple[Mapping[str, XlsxCell], ...]:
    return tuple(value)


def _tuple_of_columns(value: Iterable[XlsxColumn]) -> tuple[XlsxColumn, ...]:
    return tuple(value)


def _tuple_of_str(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class XlsxTable:
    """A further table on a sheet, below the sheet's own (a form printed in several parts,
    such as the six parts of Form ABS): its own title, caption lines, columns, data rows and
    totals rows. Its ranges are named ``data_2`` / ``totals_2`` for the second table of the
    sheet, and so on."""

    title: str | None
    columns: tuple[XlsxColumn, ...] = attrs.field(converter=_tuple_of_columns)
    rows: tuple[Mapping[str, XlsxCell], ...] = attrs.field(default=(), converter=_tuple_of_mappings)
    totals: tuple[Mapping[str, XlsxCell], ...] = attrs.field(
        default=(), converter=_tuple_of_mappings
    )
    caption: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)


def _tuple_of_tables(value: Iterable[XlsxTable]) -> tuple[XlsxTable, ...]:
    return tuple(value)


@attrs.frozen
class XlsxSheet:
    """One worksheet: a ``name`` (the tab, at most 31 characters), a printed ``title`` with
    optional ``caption`` lines under it (``[See Rule 55]``, ``Rupees``), the columns, the data
    rows and the totals rows (mappings from column key to value) and the printed notes.

    ``landscape`` and ``paper`` set the print setup; the sheet prints one page wide. ``tables``
    are further tables printed below the first (then no rows are frozen or repeated, since
    the tables have different headings).
    """

    name: str
    title: str
    columns: tuple[XlsxColumn, ...] = attrs.field(converter=_tuple_of_columns)
    rows: tuple[Mapping[str, XlsxCell], ...] = attrs.field(default=(), converter=_tuple_of_mappings)
    totals: tuple[Mapping[str, XlsxCell], ...] = attrs.field(
        default=(), converter=_tuple_of_mappings
    )
    notes: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    caption: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    landscape: bool = True
    paper: Paper = "A4"
    tables: tuple[XlsxTable, ...] = attrs.field(default=(), converter=_tuple_of_tables)

    @property
    def heading_depth(self) -> int:
        """How many header rows the headings take (grouped levels plus the column headings)."""
        return 1 + max((len(column.group) for column in self.columns), default=0)


def write_workbook(sheets: Iterable[XlsxSheet], target: str | Path | IO[bytes]) -> None:
    """Write ``sheets`` as one workbook to ``target`` (a path or a binary stream).

    Raises :class:`~kpgov.errors.ValidationError` for a sheet or value Excel cannot hold (a bad
    or repeated sheet name, an amount with more than 15 significant digits, binary floating
    point), naming the sheet, row and column; nothing is written then. A missing openpyxl is a
    :class:`~kpgov.errors.KpgovError` naming the ``xlsx`` extra. A path is written beside the
    target and renamed into place, so a failed write leaves an earlier file unchanged.
    """
    try:
        from openpyxl import Workbook
    except ImportError:  # pragma: no cover - the dev environment has the extra
        raise KpgovError(
            "writing XLSX needs openpyxl: install kpgov with the xlsx extra (kpgov[xlsx])"
        ) from None
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    seen: set[str] = set()
    styles = _Styles(book)
    for sheet in sheets:
        _check_name(sheet.name, seen)
        _layout(book.create_sheet(sheet.name), sheet, styles)
    if not book.worksheets:
        raise ValidationError("a workbook needs at least one sheet")
    if isinstance(target, str | Path):
        _save_atomically(book, Path(target))
    else:
        book.save(target)


def _save_atomically(book: Workbook, path: Path) -> None:
    """Save beside ``path`` and rename, so a failed write leaves any earlier file intact."""
    import os
    import tempfile

    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise KpgovError(f"cannot write the workbook: {exc}", file=str(path)) from None
    os.close(handle)
    try:
        book.save(name)
        os.replace(name, path)
    except OSError as exc:
        Path(name).unlink(missing_ok=True)
        raise KpgovError(f"cannot write the workbook: {exc}", file=str(path)) from None
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _check_name(name: str, seen: set[str]) -> None:
    if not name or len(name) > 31 or _SHEET_NAME_FORBIDDEN & set(name):
        raise ValidationError(
            "a sheet name must have 1 to 31 characters and none of []:*?/\\", field=name
        )
    if name.lower() in seen:
        raise ValidationError("two sheets have the same name", field=name)
    seen.add(name.lower())


def _cell_value(value: object, column: XlsxColumn, where: str) -> XlsxCell:
    """The value to put in the cell, checked against the column's kind."""
    if value is None or value == "":
        return None  # an empty text is an empty cell, as Excel keeps it
    if isinstance(value, (float, bool)):  # float-ok: refused
        raise ValidationError(
            f"{type(value).__name__} is not a cell value; pass Decimal, int, str or date",
            field=where,
        )
    if column.kind in ("amount", "percent", "count") and not isinstance(value, str):
        if not isinstance(value, Decimal | int):
            raise ValidationError(
                f"a {column.kind} must be Decimal or int, not {type(value).__name__}",
                field=where,
            )
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise ValidationError(f"{value} is not a finite number", field=where)
            if len(value.normalize().as_tuple().digits) > _EXCEL_DIGITS:
                raise ValidationError(
                    f"{value} has more than {_EXCEL_DIGITS} significant digits, "
                    "more than Excel holds exactly",
                    field=where,
                )
        elif abs(value) >= 10**_EXCEL_DIGITS:
            raise ValidationError(
                f"{value} has more than {_EXCEL_DIGITS} digits, more than Excel holds exactly",
                field=where,
            )
        return value
    if isinstance(value, Decimal | int | str | dt.date):
        return value
    raise ValidationError(f"{type(value).__name__} is not a cell value", field=where)


def _number_format(column: XlsxColumn, values: Sequence[XlsxCell]) -> str | None:
    if column.kind == "amount":
        fractional = any(isinstance(v, Decimal) and v != v.to_integral_value() for v in values)
        return _LAKH_FORMAT_PAISA if fractional else LAKH_FORMAT
    return _FORMATS.get(column.kind)


class _Styles:
    """The few styles of a workbook as openpyxl named styles, registered once per workbook.

    A cell takes its whole style by name (``cell.style = name``), one assignment, instead of
    a font, a border, an alignment, a fill and a number format each looked up in the
    workbook's style tables (openpyxl compares and hashes the style objects on every
    assignment, which made styling most of the time of a write). The names carry the role
    and the number format (``kpgov data lakh``, ``kpgov total count``); a style is added to
    the workbook the first time a cell asks for it.
    """

    def __init__(self, book: Workbook) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
        from openpyxl.styles.borders import DEFAULT_BORDER as NO_BORDER
        from openpyxl.styles.fills import DEFAULT_EMPTY_FILL as NO_FILL
        from openpyxl.styles.fonts import DEFAULT_FONT as PLAIN

        thin = Side(style="thin")
        box = Border(left=thin, right=thin, top=thin, bottom=thin)
        rule = Border(left=thin, right=thin, top=Side(style="double"), bottom=thin)
        bold = Font(bold=True)
        centre = Alignment(horizontal="center")
        flush = Alignment()
        self._book = book
        self._names: dict[tuple[str, str | None], str] = {}
        # The font, border, alignment and fill of each role; the workbook's defaults (its
        # first font, border and fill) where a role sets none, so a cell looks as it did when
        # its font, border and alignment were set one by one.
        self._roles: dict[str, tuple[Font, Border, Alignment, PatternFill]] = {
            "title": (Font(bold=True, size=13), NO_BORDER, centre, NO_FILL),
            "caption": (PLAIN, NO_BORDER, centre, NO_FILL),
            "table title": (bold, NO_BORDER, flush, NO_FILL),
            "heading": (
                bold,
                box,
                Alignment(horizontal="center", vertical="center", wrap_text=True),
                PatternFill("solid", fgColor="DDDDDD"),
            ),
            "data": (PLAIN, box, flush, NO_FILL),
            "total": (bold, rule, flush, NO_FILL),
            "note": (PLAIN, NO_BORDER, Alignment(wrap_text=True, vertical="top"), NO_FILL),
        }

    def __call__(self, role: str, number_format: str | None = None) -> str:
        """The name of the style for ``role`` with ``number_format``, added on first use."""
        key = (role, number_format)
        name = self._names.get(key)
        if name is None:
            from openpyxl.styles import NamedStyle

            font, border, alignment, fill = self._roles[role]
            name = f"kpgov {role}"
            if number_format is not None:
                name += f" {_FORMAT_NAMES.get(number_format, len(self._names))}"
            self._book.add_named_style(
                NamedStyle(
                    name=name,
                    font=font,
                    border=border,
                    alignment=alignment,
                    fill=fill,
                    number_format=number_format,
                )
            )
            self._names[key] = name
        return name


def _line(ws: Worksheet, row: int, text: str, width: int) -> Cell:
    """``text`` in column A of ``row``, merged across the sheet's ``width`` columns."""
    cell = _put(ws, row, 1, text)
    if width > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    return cell


def _headings(ws: Worksheet, first: int, columns: Sequence[XlsxColumn], styles: _Styles) -> int:
    """Write the grouped and column headings from row ``first``; return the last heading row."""
    width = len(columns)
    depth = 1 + max((len(column.group) for column in columns), default=0)
    heading = styles("heading")
    # Grouped headings, level by level; runs of equal group prefixes merge across.
    for level in range(depth - 1):
        index = 0
        while index < width:
            group = columns[index].group
            if len(group) <= level:
                index += 1
                continue
            end = index
            while end + 1 < width and columns[end + 1].group[: level + 1] == group[: level + 1]:
                end += 1
            ws.cell(row=first + level, column=index + 1, value=group[level])
            if end > index:
                ws.merge_cells(
                    start_row=first + level,
                    start_column=index + 1,
                    end_row=first + level,
                    end_column=end + 1,
                )
            for col in range(index, end + 1):
                ws.cell(row=first + level, column=col + 1).style = heading
            index = end + 1
    last = first + depth - 1
    for index, column in enumerate(columns):
        top = first + len(column.group)
        ws.cell(row=top, column=index + 1, value=column.heading)
        if top < last:
            ws.merge_cells(
                start_row=top, start_column=index + 1, end_row=last, end_column=index + 1
            )
        for heading_row in range(top, last + 1):
            ws.cell(row=heading_row, column=index + 1).style = heading
    return last


def _body(
    ws: Worksheet,
    row: int,
    sheet_name: str,
    table: XlsxTable,
    suffix: str,
    styles: _Styles,
) -> int:
    """Write the data rows, then the totals rows, from ``row``; name their ranges
    ``data<suffix>`` and ``totals<suffix>``; return the next free row."""
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName

    columns = table.columns
    last = get_column_letter(len(columns))
    where = f"{sheet_name}: {table.title or 'table'}"
    checked_rows = [
        [_cell_value(r.get(c.key), c, f"{where}: row {n}: {c.key}") for c in columns]
        for n, r in enumerate(table.rows, start=1)
    ]
    checked_totals = [
        [_cell_value(r.get(c.key), c, f"{where}: totals {n}: {c.key}") for c in columns]
        for n, r in enumerate(table.totals, start=1)
    ]
    formats = [
        _number_format(c, [line[i] for line in (*checked_rows, *checked_totals)])
        for i, c in enumerate(columns)
    ]
    for name, lines, role in (("data", checked_rows, "data"), ("totals", checked_totals, "total")):
        # the style of each column's numbers, and of a text put in a number column
        numbers = [styles(role, number_format) for number_format in formats]
        text = styles(role)
        start = row
        for values in lines:
            for index, value in enumerate(values):
                _put(ws, row, index + 1, value).style = (
                    text if isinstance(value, str) else numbers[index]
                )
            row += 1
        if lines:
            ref = f"{_quote(sheet_name)}!$A${start}:${last}${row - 1}"
            ws.defined_names[name + suffix] = DefinedName(name + suffix, attr_text=ref)
    return row


def _layout(ws: Worksheet, sheet: XlsxSheet, styles: _Styles) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    tables = [XlsxTable(None, sheet.columns, sheet.rows, sheet.totals), *sheet.tables]
    for table in tables:
        if not table.columns:
            raise ValidationError("a table needs at least one column", field=sheet.name)
    width = max(len(table.columns) for table in tables)
    row = 1
    _line(ws, row, sheet.title, width).style = styles("title")
    for line in sheet.caption:
        row += 1
        _line(ws, row, line, width).style = styles("caption")
    widths: dict[int, float] = {}  # float-ok: column widths
    first_heading = last_heading = 0
    for number, table in enumerate(tables, start=1):
        row += 1  # a blank row before each table
        if table.title is not None:
            row += 1
            _line(ws, row, table.title, width).style = styles("table title")
        for line in table.caption:
            row += 1
            _line(ws, row, line, width)
        row += 1
        last = _headings(ws, row, table.columns, styles)
        if number == 1:
            first_heading, last_heading = row, last
        suffix = "" if number == 1 else f"_{number}"
        row = _body(ws, last + 1, sheet.name, table, suffix, styles) - 1  # the last row written
        for index, column in enumerate(table.columns):
            wanted = column.width or _WIDTHS[column.kind]
            widths[index] = max(widths.get(index, 0), wanted)
    for index, wanted in widths.items():
        ws.column_dimensions[get_column_letter(index + 1)].width = wanted
    if not sheet.tables:  # one table: its headings stay in view and print on every page
        ws.freeze_panes = f"A{last_heading + 1}"
        ws.print_title_rows = f"{first_heading}:{last_heading}"
    if sheet.notes:
        row += 1  # a blank row before the notes
        for note in sheet.notes:
            row += 1
            _line(ws, row, note, width).style = styles("note")
            ws.row_dimensions[row].height = 15 * (1 + len(note) // 120)

    setup = ws.page_setup
    setup.orientation = "landscape" if sheet.landscape else "portrait"
    setup.paperSize = ws.PAPERSIZE_LEGAL if sheet.paper == "legal" else ws.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_area = f"A1:{get_column_letter(width)}{max(row, last_heading)}"


def _put(ws: Worksheet, row: int, column: int, value: XlsxCell) -> Cell:
    """Put ``value`` in a cell; a Decimal goes into the file as its own digits.

    openpyxl would write a Decimal through binary floating point with 16 significant digits
    (76.68 becomes ``76.68000000000001``), so the cell is given the number's exact decimal text
    and the numeric type: the file then holds ``<c t="n"><v>76.68</v></c>``.
    """
    from openpyxl.cell.cell import Cell

    cell = ws.cell(row=row, column=column)
    assert isinstance(cell, Cell)  # never a merged cell: data rows are not merged
    if isinstance(value, Decimal):
        cell.value = 0  # sets the numeric type and the style bookkeeping
        # The exact text openpyxl writes into <v> (its stubs do not declare the slot).
        cell._value = format(value, "f")  # type: ignore[attr-defined]
    else:
        cell.value = value
    return cell


def _quote(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"
