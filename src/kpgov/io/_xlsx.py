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

openpyxl is imported only when a workbook is written (the ``xlsx`` extra).
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
_WIDTHS: Final[dict[str, float]] = {
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
    width: float | None = None


def _tuple_of_mappings(
    value: Iterable[Mapping[str, XlsxCell]],
) -> tuple[Mapping[str, XlsxCell], ...]:
    return tuple(value)


def _tuple_of_columns(value: Iterable[XlsxColumn]) -> tuple[XlsxColumn, ...]:
    return tuple(value)


def _tuple_of_str(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class XlsxSheet:
    """One worksheet: a ``name`` (the tab, at most 31 characters), a printed ``title`` with
    optional ``caption`` lines under it (``[See Rule 55]``, ``Rupees``), the columns, the data
    rows and the totals rows (mappings from column key to value) and the printed notes.

    ``landscape`` and ``paper`` set the print setup; the sheet prints one page wide.
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

    @property
    def heading_depth(self) -> int:
        """How many header rows the headings take (grouped levels plus the column headings)."""
        return 1 + max((len(column.group) for column in self.columns), default=0)


def write_workbook(sheets: Iterable[XlsxSheet], target: str | Path | IO[bytes]) -> None:
    """Write ``sheets`` as one workbook to ``target`` (a path or a binary stream).

    Raises :class:`~kpgov.errors.ValidationError` for a sheet or value Excel cannot hold (a bad
    or repeated sheet name, an amount with more than 15 significant digits, a float), naming
    the sheet, row and column; nothing is written then. A missing openpyxl is a
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
    for sheet in sheets:
        _check_name(sheet.name, seen)
        _layout(book.create_sheet(sheet.name), sheet)
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
    if value is None:
        return None
    if isinstance(value, (float, bool)):
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


def _layout(ws: Worksheet, sheet: XlsxSheet) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName

    columns = sheet.columns
    if not columns:
        raise ValidationError("a sheet needs at least one column", field=sheet.name)
    width = len(columns)
    last = get_column_letter(width)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row = 1
    ws.cell(row=row, column=1, value=sheet.title).font = Font(bold=True, size=13)
    ws.cell(row=row, column=1).alignment = Alignment(horizontal="center")
    if width > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    for line in sheet.caption:
        row += 1
        ws.cell(row=row, column=1, value=line).alignment = Alignment(horizontal="center")
        if width > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    row += 2  # a blank row between the title and the headings
    first_heading = row
    depth = sheet.heading_depth
    heading_fill = PatternFill("solid", fgColor="DDDDDD")
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
            ws.cell(row=first_heading + level, column=index + 1, value=group[level])
            if end > index:
                ws.merge_cells(
                    start_row=first_heading + level,
                    start_column=index + 1,
                    end_row=first_heading + level,
                    end_column=end + 1,
                )
            for col in range(index, end + 1):
                styled = ws.cell(row=first_heading + level, column=col + 1)
                styled.border, styled.alignment, styled.fill = box, centre, heading_fill
                styled.font = Font(bold=True)
            index = end + 1
    last_heading = first_heading + depth - 1
    for index, column in enumerate(columns):
        top = first_heading + len(column.group)
        ws.cell(row=top, column=index + 1, value=column.heading)
        if top < last_heading:
            ws.merge_cells(
                start_row=top, start_column=index + 1, end_row=last_heading, end_column=index + 1
            )
        for heading_row in range(top, last_heading + 1):
            styled = ws.cell(row=heading_row, column=index + 1)
            styled.border, styled.alignment, styled.fill = box, centre, heading_fill
            styled.font = Font(bold=True)
        letter = get_column_letter(index + 1)
        ws.column_dimensions[letter].width = column.width or _WIDTHS[column.kind]
    row = last_heading + 1
    ws.freeze_panes = f"A{row}"

    checked_rows = [
        [_cell_value(r.get(c.key), c, f"{sheet.name}: row {n}: {c.key}") for c in columns]
        for n, r in enumerate(sheet.rows, start=1)
    ]
    checked_totals = [
        [_cell_value(r.get(c.key), c, f"{sheet.name}: totals {n}: {c.key}") for c in columns]
        for n, r in enumerate(sheet.totals, start=1)
    ]
    formats = [
        _number_format(c, [line[i] for line in (*checked_rows, *checked_totals)])
        for i, c in enumerate(columns)
    ]
    data_start = row
    for values in checked_rows:
        for index, value in enumerate(values):
            cell = _put(ws, row, index + 1, value)
            cell.border = box
            number_format = formats[index]
            if number_format is not None and not isinstance(value, str):
                cell.number_format = number_format
        row += 1
    if checked_rows:
        ws.defined_names["data"] = DefinedName(
            "data", attr_text=f"{_quote(sheet.name)}!$A${data_start}:${last}${row - 1}"
        )
    totals_start = row
    rule = Border(left=thin, right=thin, top=Side(style="double"), bottom=thin)
    for values in checked_totals:
        for index, value in enumerate(values):
            cell = _put(ws, row, index + 1, value)
            cell.font, cell.border = Font(bold=True), rule
            number_format = formats[index]
            if number_format is not None and not isinstance(value, str):
                cell.number_format = number_format
        row += 1
    if checked_totals:
        ws.defined_names["totals"] = DefinedName(
            "totals", attr_text=f"{_quote(sheet.name)}!$A${totals_start}:${last}${row - 1}"
        )
    if sheet.notes:
        row += 1
        for note in sheet.notes:
            cell = ws.cell(row=row, column=1, value=note)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if width > 1:
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            ws.row_dimensions[row].height = 15 * (1 + len(note) // 120)
            row += 1

    setup = ws.page_setup
    setup.orientation = "landscape" if sheet.landscape else "portrait"
    setup.paperSize = ws.PAPERSIZE_LEGAL if sheet.paper == "legal" else ws.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{first_heading}:{last_heading}"
    ws.print_area = f"A1:{last}{max(row - 1, last_heading)}"


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
