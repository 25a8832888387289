"""The shared XLSX writer: the workbook is opened again with openpyxl and compared cell by cell."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from kpgov.errors import KpgovError, ValidationError
from kpgov.io import LAKH_FORMAT, XlsxColumn, XlsxSheet, XlsxTable, write_workbook

COLUMNS = (
    XlsxColumn("head", "Major, Minor, Detailed and Sub-detailed Functions"),
    XlsxColumn("actuals", "Actuals (Last Year)", kind="amount"),
    XlsxColumn("be_charged", "Charged", group="B.E (Current Year)", kind="amount"),
    XlsxColumn("be_voted", "Voted", group="B.E (Current Year)", kind="amount"),
    XlsxColumn("be_total", "Total", group="B.E (Current Year)", kind="amount"),
    XlsxColumn("share", "Share", group=("Analysis", "Ratios"), kind="percent"),
    XlsxColumn("posts", "Posts", group=("Analysis",), kind="count"),
    XlsxColumn("date", "As on", kind="date"),
)


def _sheet(**overrides: object) -> XlsxSheet:
    fields: dict[str, object] = {
        "name": "ABS-3",
        "title": "3. Details of Current Expenditure",
        "caption": ("[See Rule 55]", "Rupees"),
        "columns": COLUMNS,
        "rows": (
            {
                "head": "011 General public service",
                "actuals": Decimal("43163871"),
                "be_charged": Decimal("0"),
                "be_voted": Decimal("1250000.50"),
                "be_total": Decimal("1250000.50"),
                "share": Decimal("0.25"),
                "posts": 12,
                "date": dt.date(2016, 7, 1),
            },
            {"head": "041 Economic affairs", "be_voted": 7, "be_total": 7},
        ),
        "totals": (
            {"head": "Total", "actuals": Decimal("43163871"), "be_total": Decimal("1250007.50")},
        ),
        "notes": ("1. Anticipated cash balance as on July 1st to be determined.",),
    }
    fields.update(overrides)
    return XlsxSheet(**fields)  # type: ignore[arg-type]


def _open(sheet: XlsxSheet) -> tuple[bytes, object]:
    buffer = io.BytesIO()
    write_workbook([sheet], buffer)
    data = buffer.getvalue()
    return data, load_workbook(io.BytesIO(data))


def test_layout_cell_by_cell() -> None:
    sheet = _sheet()
    _, book = _open(sheet)
    ws = book["ABS-3"]  # type: ignore[index]
    assert ws["A1"].value == "3. Details of Current Expenditure"
    assert (ws["A2"].value, ws["A3"].value) == ("[See Rule 55]", "Rupees")
    # Three heading rows (two grouped levels), starting after a blank row.
    assert sheet.heading_depth == 3
    assert ws["A5"].value == "Major, Minor, Detailed and Sub-detailed Functions"
    assert ws["C5"].value == "B.E (Current Year)"
    assert [ws.cell(row=6, column=c).value for c in (3, 4, 5)] == ["Charged", "Voted", "Total"]
    assert ws["F5"].value == "Analysis"
    assert ws["F6"].value == "Ratios"
    assert ws["F7"].value == "Share"
    assert ws["G6"].value == "Posts"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {
        "A1:H1",
        "A5:A7",
        "B5:B7",
        "C5:E5",
        "C6:C7",
        "E6:E7",
        "F5:G5",
        "G6:G7",
        "H5:H7",
    } <= merged
    assert ws.freeze_panes == "A8"
    # Data rows: real numbers, exact, with the lakh format on amounts.
    row = [ws.cell(row=8, column=c).value for c in range(1, 9)]
    assert row[0] == "011 General public service"
    assert Decimal(repr(row[1])) == Decimal("43163871")
    assert Decimal(repr(row[3])) == Decimal("1250000.50")
    assert row[6] == 12
    assert row[7] == dt.datetime(2016, 7, 1)
    assert ws["B8"].number_format == LAKH_FORMAT
    assert ws["D8"].number_format.startswith("[>=10000000]##\\,##\\,##\\,##0.00")
    assert ws["F8"].number_format == "0.00%"
    assert ws["E9"].value == 7
    assert ws["B9"].value is None
    # Totals: a separate, marked row.
    assert ws["A10"].value == "Total"
    assert ws["A10"].font.bold
    assert ws["A8"].font.bold is False
    assert ws.defined_names["data"].attr_text == "'ABS-3'!$A$8:$H$9"
    assert ws.defined_names["totals"].attr_text == "'ABS-3'!$A$10:$H$10"
    assert ws["A12"].value.startswith("1. Anticipated cash balance")
    # Print setup.
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.print_title_rows == "$5:$7"
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_whole_rupee_columns_use_the_lakh_format_and_legal_paper(tmp_path: Path) -> None:
    target = tmp_path / "book.xlsx"
    write_workbook(
        [_sheet(rows=({"head": "x", "actuals": Decimal(5)},), totals=(), paper="legal")], target
    )
    ws = load_workbook(target)["ABS-3"]
    assert ws["B8"].number_format == LAKH_FORMAT
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_LEGAL
    assert "totals" not in ws.defined_names


_AMOUNTS = st.decimals(
    min_value=Decimal("-9999999999999.99"),
    max_value=Decimal("9999999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(st.lists(_AMOUNTS, min_size=1, max_size=8))
def test_amounts_read_back_exactly(amounts: list[Decimal]) -> None:
    sheet = XlsxSheet(
        name="Amounts",
        title="Amounts",
        columns=[XlsxColumn("amount", "Amount", kind="amount")],
        rows=[{"amount": a} for a in amounts],
    )
    data, book = _open(sheet)
    ws = book["Amounts"]  # type: ignore[index]
    first = 1 + 2 + sheet.heading_depth
    for offset, amount in enumerate(amounts):
        value = ws.cell(row=first + offset, column=1).value
        assert isinstance(value, int | float)
        assert Decimal(repr(value)) == amount
    # The file itself holds the decimal digits, not a binary approximation.
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    held = [Decimal(v) for v in re.findall(r"<v>([^<]*)</v>", xml)]
    assert held == amounts


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rows": ({"actuals": 0.5},)}, "float is not a cell value"),
        ({"rows": ({"actuals": Decimal("1234567890123.456")},)}, "more than 15 significant"),
        ({"rows": ({"posts": 10**16},)}, "more than 15 digits"),
        ({"rows": ({"actuals": Decimal("NaN")},)}, "not a finite number"),
        ({"rows": ({"actuals": dt.date(2016, 1, 1)},)}, "must be Decimal or int"),
        ({"name": "BM-1/2"}, "sheet name"),
        ({"name": "x" * 32}, "sheet name"),
        ({"columns": ()}, "at least one column"),
    ],
)
def test_values_excel_cannot_hold_are_refused(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        write_workbook([_sheet(**overrides)], io.BytesIO())


def test_repeated_sheet_names_and_empty_workbooks_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="same name"):
        write_workbook([_sheet(), _sheet(name="abs-3")], io.BytesIO())
    with pytest.raises(ValidationError, match="at least one sheet"):
        write_workbook([], tmp_path / "empty.xlsx")
    assert not (tmp_path / "empty.xlsx").exists()


def test_a_failed_write_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "bad.xlsx"
    with pytest.raises(ValidationError):
        write_workbook([_sheet(), _sheet(rows=({"actuals": 0.5},), name="B")], target)
    assert not target.exists()


def test_an_unwritable_target_is_a_kpgov_error_and_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "book.xlsx"
    write_workbook([_sheet()], target)
    before = target.read_bytes()
    with pytest.raises(KpgovError, match="cannot write the workbook"):
        write_workbook([_sheet()], tmp_path / "missing" / "book.xlsx")
    with pytest.raises(ValidationError):
        write_workbook([_sheet(rows=({"actuals": 0.5},))], target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]


def test_further_tables_print_below_the_first_with_their_own_names() -> None:
    second = XlsxTable(
        "B: Public Account",
        [
            XlsxColumn("head", "Description"),
            XlsxColumn("be", "Estimates", group="Current Year", kind="amount"),
            XlsxColumn("re", "Adjusted Estimates", group="Current Year", kind="amount"),
        ],
        rows=[{"head": "Assets", "be": Decimal("12.5"), "re": 3}],
        totals=[{"head": "Total", "be": Decimal("12.5"), "re": 3}],
        caption=["Rupees"],
    )
    sheet = _sheet(tables=[second], notes=())
    _, book = _open(sheet)
    ws = book["ABS-3"]  # type: ignore[index]
    assert ws.freeze_panes is None
    assert ws.print_title_rows is None
    # The first table as before (rows 5-10), then a blank row, the title, the caption.
    assert ws["A12"].value == "B: Public Account"
    assert ws["A12"].font.bold
    assert ws["A13"].value == "Rupees"
    assert ws["B14"].value == "Current Year"
    assert "B14:C14" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.defined_names["data_2"].attr_text == "'ABS-3'!$A$16:$C$16"
    assert ws.defined_names["totals_2"].attr_text == "'ABS-3'!$A$17:$C$17"
    assert Decimal(repr(ws["B16"].value)) == Decimal("12.5")
    assert ws.defined_names["data"].attr_text == "'ABS-3'!$A$8:$H$9"
    assert ws.column_dimensions["A"].width == 28
