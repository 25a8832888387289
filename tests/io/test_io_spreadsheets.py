"""Workbooks as offices keep them: the header below a title, the forms' headings, errors that
name the workbook, sheet, row and column."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from kpgov.errors import LoadError, ParseError
from kpgov.io import (
    read_adp_list,
    read_budget_lines,
    read_movements,
    read_observations,
    to_pandas,
)

HEADINGS = [
    "Line",
    "Kind",
    "Entity Code",
    "Object Code",
    "Function Code",
    "Fund Code",
    "Description",
    "B.E (Current Year)",
    "B.E (Next Year)",
]


def _book(path: Path, rows: list[list[object]], *, sheet: str = "Lines") -> Path:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    book.create_sheet("Notes").append(["prepared by the DO F&P"])
    ws.append(["District Sarsabz: budget lines 2025-26"])
    ws.append([])
    ws.append(HEADINGS)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


GOOD = [
    ["EDU-1", "current", "SRZ-EDU-E001", "A01101", "091101", "DF-R-1-012", "Pay", 100, 1_200_000],
    ["EDU-2", "current", "SRZ-EDU-E001", "A03201", "091101", "DF-R-1-012", "Post", 5, 1500.5],
    [None, None, None, None, None, None, None, None, None],  # an empty row is skipped
    [
        "EDU-3",
        "development",
        "SRZ-EDU-E001",
        "A12101",
        "091101",
        "DF-R-2-013",
        "Roads",
        0,
        Decimal("250000"),
    ],
]


def test_lines_from_a_workbook_with_a_title_and_form_headings(tmp_path):
    path = _book(tmp_path / "budget.xlsx", GOOD)
    lines = read_budget_lines(path, sheet="Lines", header_row=3)
    assert [x.line_id for x in lines] == ["EDU-1", "EDU-2", "EDU-3"]
    assert [x.be_next for x in lines] == [Decimal(1_200_000), Decimal("1500.5"), Decimal(250000)]
    assert lines[0].be_current == Decimal(100)
    assert str(lines[2].fund) == "DF-R-2-013"


def test_errors_name_workbook_sheet_row_and_column(tmp_path):
    rows = [
        GOOD[0],
        ["EDU-2", "current", "SRZ-EDU-X", "A03201", "091101", "DF-R-1-012", "Post", 5, 10],
        ["EDU-3", "current", "SRZ-EDU-E001", "A03201", "091101", "DF-R-1-012", "x", 5, "twelve"],
    ]
    path = _book(tmp_path / "budget.xlsx", rows)
    with pytest.raises(LoadError) as caught:
        read_budget_lines(path, sheet="Lines", header_row=3)
    where = [p.location.compact() for p in caught.value.problems]
    assert where == [
        f"{path} [sheet Lines]:5: Entity Code (column C)",
        f"{path} [sheet Lines]:6: B.E (Next Year) (column I)",
    ]


def test_a_column_mapping_for_other_headings(tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["Sr", "Type", "DDO", "Head", "Budget 2025-26"])
    ws.append(["H-1", "current", "SRZ-HLT-H000", "A01101", 999])
    book.save(tmp_path / "b.xlsx")
    mapping = {
        "Sr": "line_id",
        "Type": "kind",
        "DDO": "entity",
        "Head": "object",
        "Budget 2025-26": "be_next",
    }
    [line] = read_budget_lines(tmp_path / "b.xlsx", columns=mapping)
    assert (line.line_id, str(line.entity), line.be_next) == ("H-1", "SRZ-HLT-H000", 999)
    with pytest.raises(ParseError, match="missing column 'kind'"):
        read_budget_lines(tmp_path / "b.xlsx")


def test_a_missing_sheet_is_named(tmp_path):
    path = _book(tmp_path / "budget.xlsx", GOOD)
    with pytest.raises(ParseError, match=r"no sheet 'Budget'.*Lines, Notes"):
        read_budget_lines(path, sheet="Budget")


def test_not_a_workbook(tmp_path):
    path = tmp_path / "budget.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(ParseError, match="not a readable XLSX workbook"):
        read_budget_lines(path)


def test_csv_with_a_header_row_and_headings(tmp_path):
    path = tmp_path / "lines.csv"
    path.write_text(
        "Budget lines\n" + ",".join(HEADINGS) + "\n"
        'EDU-1,current,SRZ-EDU-E001,A01101,091101,DF-R-1-012,Pay,"1,00,000",12 lakh\n',
        encoding="utf-8",
    )
    [line] = read_budget_lines(path, header_row=2)
    assert (line.be_current, line.be_next) == (Decimal(100_000), Decimal(1_200_000))


def test_movements_from_a_workbook(tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["Movement", "Date", "Grant", "DDO Code", "Object Code", "Amount", "Reference"])
    ws.append(
        [
            "appropriation",
            datetime(2025, 7, 1),
            "DF-R-1-012",
            "SRZ-EDU-E001",
            "A03201",
            120000,
            "SAE",
        ]
    )
    ws.append(
        ["expenditure", date(2025, 7, 31), "DF-R-1-012", "SRZ-EDU-E001", "A03201", 9000.25, ""]
    )
    ws.append(["surrender", date(2025, 8, 1), "DF-R-1-012", "SRZ-EDU-E001", "A03201", -5, ""])
    book.save(tmp_path / "m.xlsx")
    with pytest.raises(LoadError) as caught:
        read_movements(tmp_path / "m.xlsx")
    [problem] = caught.value.problems
    assert (problem.row, problem.field) == (4, "Amount (column F)")
    assert "must be positive" in problem.message
    book.active.delete_rows(4)
    book.save(tmp_path / "m.xlsx")
    first, second = read_movements(tmp_path / "m.xlsx")
    assert (first.on, first.amount, second.amount) == (date(2025, 7, 1), 120000, Decimal("9000.25"))


def test_observations_from_a_workbook(tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["indicator", "entity_kind", "entity", "period", "value"])
    ws.append(["GGS-SD-39", "district", "Swat", "2019-07", 75])
    ws.append(["GGS-PA-31", "district", "Swat", "2019-07", "Yes"])
    ws.append(["GGS-XX-99", "district", "Swat", "2019-07", 1])
    book.save(tmp_path / "o.xlsx")
    with pytest.raises(LoadError) as caught:
        read_observations(tmp_path / "o.xlsx")
    assert [(p.row, p.field) for p in caught.value.problems] == [(4, "indicator (column A)")]
    book.active.delete_rows(4)
    book.save(tmp_path / "o.xlsx")
    assert [o.value for o in read_observations(tmp_path / "o.xlsx")] == [75, 1]


def test_an_adp_list_with_the_columns_of_form_bdd_3(tmp_path):
    path = tmp_path / "adp.csv"
    path.write_text(
        "Annual Development Programme 2025-26\n"
        "Code,Name of Scheme,Sector,Location,Approved Cost,Expenditure upto June,"
        "Throw Forward,Allocation\n"
        'SRZ-ED-0001,Girls primary school,Education,Havelian,"1,20,00,000",40 lakh,'
        "50 lakh,30 lakh\n"
        "SRZ-HL-0002,BHU,Health,Lora,60 lakh,,,10 lakh\n"
        "SRZ-RD-0003,Road,Roads,Nathia,sixty,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as caught:
        read_adp_list(path, header_row=2)
    assert [(p.row, p.field) for p in caught.value.problems] == [(5, "Approved Cost (column E)")]
    path.write_text("\n".join(path.read_text(encoding="utf-8").splitlines()[:4]) + "\n")
    school, bhu = read_adp_list(path, header_row=2)
    assert (school.cost, school.expenditure_to_date, school.allocation) == (
        Decimal(12_000_000),
        Decimal(4_000_000),
        Decimal(3_000_000),
    )
    assert school.throw_forward == school.computed_throw_forward == Decimal(5_000_000)
    assert (bhu.throw_forward, bhu.computed_throw_forward) == (None, Decimal(5_000_000))
    assert school.origin is not None
    assert school.origin.row == 3
    frame = to_pandas([school, bhu])
    assert frame["allocation"].sum() == Decimal(4_000_000)
