"""Workbooks on the columnar path (issue 12 with issue 13's reader): a sheet kpgov's own writer
wrote reads back as the CSV of the same lines reads, and a bad cell is located as
``kpgov.io`` locates it (workbook and sheet, the row as Excel numbers it, the column heading).

Skipped without pyarrow (the ``kpgov[fast]`` extra)."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from openpyxl import Workbook

pytest.importorskip("pyarrow")

from test_columnar_budget import statements  # the budgets of the CSV property

from kpgov.budget import AnnualBudgetStatement  # after the skip: these tests need pyarrow
from kpgov.columnar import read_budget_lines, read_observations, table_observations
from kpgov.errors import LoadError, Location
from kpgov.io import read_budget_lines as io_read_budget_lines
from kpgov.io import read_observations as io_read_observations
from kpgov.io import write_xlsx
from kpgov.io.budget import format_lines_csv
from kpgov.periods import FinancialYear
from kpgov.testing import synthetic_statement


def _same_lines(xlsx: Path, csv: Path) -> None:
    from_xlsx = read_budget_lines(xlsx, sheet="Lines")
    from_csv = read_budget_lines(csv)
    lines = tuple(from_xlsx.lines())
    assert lines == tuple(from_csv.lines())
    # located as kpgov.io locates them: workbook and sheet, the row as Excel numbers it
    pure = io_read_budget_lines(xlsx, sheet="Lines")
    assert lines == pure
    assert [x.origin for x in lines] == [x.origin for x in pure]


@settings(
    max_examples=12,  # writing a workbook is slow; the CSV property covers the values
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(statement=statements())
def test_a_workbook_kpgov_wrote_reads_like_its_csv(
    statement: AnnualBudgetStatement, tmp_path: Path
) -> None:
    assume(statement.lines)  # a sheet without lines has no data range to find the header by
    write_xlsx(tmp_path / "b.xlsx", statement)
    (tmp_path / "l.csv").write_text(format_lines_csv(statement.lines), encoding="utf-8")
    _same_lines(tmp_path / "b.xlsx", tmp_path / "l.csv")


def test_a_synthetic_district_as_a_workbook(tmp_path: Path) -> None:
    statement = synthetic_statement("Test", "TST", FinancialYear(2025), lines=60, seed=3)
    write_xlsx(tmp_path / "b.xlsx", statement)
    (tmp_path / "l.csv").write_text(format_lines_csv(statement.lines), encoding="utf-8")
    _same_lines(tmp_path / "b.xlsx", tmp_path / "l.csv")
    table = read_budget_lines(tmp_path / "b.xlsx", sheet="Lines")
    assert len(table) == len(statement.lines)
    # the writer puts a title above the header: the first line is on row 4
    assert table.location(0) == Location(f"{tmp_path / 'b.xlsx'} [sheet Lines]", 4)


def _book(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Lines"
    sheet.append(["Line", "Kind", "Entity Code", "Object Code", "B.E (Next Year)", "Lump sum"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_bad_cells_are_located_as_kpgov_io_locates_them(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "b.xlsx",
        [
            ["A", "receipt", "TST-EDU-XX01", "C02701", 1200.5, "no"],
            ["B", "reciept", "TST-EDU-XX01", "C02701", 100, "no"],
            ["C", "receipt", "TST-EDU-XX01", "Z9", "abc", "maybe"],
            [None] * 6,  # an empty row is skipped; Excel still numbers it
            ["D", "receipt", "TST-EDU-XX01", "C02701", 0.1 + 0.7, "no"],  # 16 digits: refused
            ["E", "receipt", "TST-EDU-XX01", "C02701", 12345678901.2345, "no"],  # 15: read
        ],
    )
    with pytest.raises(LoadError) as caught:
        read_budget_lines(path)
    with pytest.raises(LoadError) as pure:
        io_read_budget_lines(path)
    label = f"{path} [sheet Lines]"
    where = sorted(p.location.compact() for p in caught.value.problems)
    assert where == [
        f"{label}:3: Kind (column B)",
        f"{label}:4: B.E (Next Year) (column E)",
        f"{label}:4: Lump sum (column F)",
        f"{label}:4: Object Code (column D)",
        f"{label}:6: B.E (Next Year) (column E)",  # Excel numbers the empty row 5
    ]
    assert sorted((p.location.compact(), p.message) for p in caught.value.problems) == sorted(
        (p.location.compact(), p.message) for p in pure.value.problems
    )
    assert "more than 15 significant digits" in str(caught.value)


def test_good_rows_of_a_workbook_read_exactly(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "b.xlsx",
        [
            ["A", "receipt", "TST-EDU-XX01", "C02701", 1200.5, "no"],
            ["E", "receipt", "TST-EDU-XX01", "C02701", 12345678901.2345, "yes"],
            ["F", "receipt", "TST-EDU-XX01", "C02701", "4,31,63,871", None],
        ],
    )
    table = read_budget_lines(path)
    lines = tuple(table.lines())
    assert lines == io_read_budget_lines(path)
    assert [str(x.be_next) for x in lines] == ["1200.5", "12345678901.2345", "43163871"]
    assert [x.lump_sum for x in lines] == [False, True, False]


def _observations(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "entity_kind", "entity", "period", "value"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_observations_from_a_workbook_read_as_kpgov_io_reads_them(tmp_path: Path) -> None:
    path = _observations(
        tmp_path / "o.xlsx",
        [
            ["GGS-SD-39", "district", "Swat", "2019-07", 75],
            [None] * 5,
            ["GGS-SD-39", "district", "Swat", "2019-08", 60.5],
            ["GGS-PA-31", "district", "Swat", "2019-07", "Yes"],
        ],
    )
    fast = table_observations(read_observations(path))
    pure = io_read_observations(path)
    assert fast == pure
    assert [o.source for o in fast] == [o.source for o in pure]
    assert [o.source.row for o in fast if o.source] == [2, 4, 5]


def test_bad_observation_cells_are_located(tmp_path: Path) -> None:
    path = _observations(
        tmp_path / "o.xlsx",
        [
            ["GGS-SD-39", "district", "Swat", "2019-07", 0.1 + 0.7],
            ["GGS-SD-39", "district", "Swat", "2019-08", 75],
            ["GGS-SD-39", "district", 1 / 3, "2019-09", 2 / 3],  # 16 digits each
        ],
    )
    with pytest.raises(LoadError) as caught:
        read_observations(path)
    label = f"{path} [sheet Sheet]"
    assert sorted(p.location.compact() for p in caught.value.problems) == [
        f"{label}:2: value (column E)",
        f"{label}:4: entity (column C)",
        f"{label}:4: value (column E)",
    ]
    with pytest.raises(LoadError) as pure:
        io_read_observations(path)
    assert sorted(p.location.compact() for p in pure.value.problems) == sorted(
        p.location.compact() for p in caught.value.problems
    )


def test_a_workbook_keeps_statement_sheets_apart(tmp_path: Path) -> None:
    statement = synthetic_statement("Test", "TST", FinancialYear(2025), lines=20, seed=5)
    write_xlsx(tmp_path / "b.xlsx", attrs.evolve(statement))
    with pytest.raises(Exception, match="missing column"):
        read_budget_lines(tmp_path / "b.xlsx")  # the first sheet is Form ABS, not the lines
