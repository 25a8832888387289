"""Notebook display: compact tables that say how many rows they hide, short reprs for records
holding thousands of lines, and output under 100 KB for the shipped example."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kpgov import _display
from kpgov.accounts import ObjectLevel, roll_up
from kpgov.adp import Actor, FundingSource, Project, ProjectKind, ProjectLog, Role
from kpgov.budget import (
    check_budget,
    excesses_and_surrenders,
    monthly_reconciliation,
    schedule_of_authorized_expenditure,
)
from kpgov.calendar import budget_calendar
from kpgov.findings import Finding, Report
from kpgov.indicators import Entity, Observation, score
from kpgov.io.budget import load_budget
from kpgov.law import Citation, Rule, Severity
from kpgov.periods import FinancialYear, Month

EXAMPLE = Path(__file__).parents[2] / "src" / "kpgov" / "data" / "examples" / "budget"
LIMIT = 100_000


@pytest.fixture(scope="module")
def statement():
    return load_budget(EXAMPLE / "district.json")


def _displayed(statement):
    ledger = schedule_of_authorized_expenditure(statement)
    log = ProjectLog.start(
        Project(
            code="ABT-ED-0001",
            name="School",
            sponsoring_agency="Education",
            executing_agency="C&W",
            sector="Education",
            function="091102",
            location="Havelian",
            kind=ProjectKind.BUILDING,
            funding_source=FundingSource.DISTRICT_ADP,
            cost=Decimal("12000000"),
            start=date(2025, 9, 1),
            completion=date(2026, 8, 31),
        ),
        Actor("EDO Education", Role.HEAD_OF_OFFICES),
        date(2025, 7, 1),
    )
    board = score(
        [Observation("GGS-SD-39", Entity.district("Swat"), Month(2019, 7), Decimal(75))],
        Month(2019, 7),
        launch=date(2019, 7, 1),
    )
    return {
        "statement": statement,
        "abstract": statement.abstract(),
        "report": check_budget(statement),
        "finding": check_budget(statement).findings[0],
        "rollup": roll_up(((x.object, x.be_next) for x in statement.lines), ObjectLevel.DETAILED),
        "position": ledger.position(),
        "bm2": monthly_reconciliation(ledger, statement.year.month(2)),
        "bm13": excesses_and_surrenders(ledger),
        "scoreboard": board,
        "scorecard": board.scorecards[0],
        "log": log,
        "deadline": budget_calendar(FinancialYear(2025))[0],
    }


def test_display_of_the_shipped_example_stays_small(statement):
    for name, record in _displayed(statement).items():
        html, markdown = record._repr_html_(), record._repr_markdown_()
        assert 0 < len(html.encode()) < LIMIT, name
        assert 0 < len(markdown.encode()) < LIMIT, name
        assert len(repr(record)) < 2_000, name


def test_long_tables_say_how_many_rows_are_hidden(statement):
    html = statement._repr_html_()
    hidden = len(statement.lines) - _display.MAX_ROWS
    assert f"{hidden:,} more rows not shown ({len(statement.lines):,} in all)" in html
    assert html.count("<tr>") < _display.MAX_ROWS + 20  # the abstract's rows and the header


def test_short_reprs_for_records_with_many_lines(statement):
    ledger = schedule_of_authorized_expenditure(statement)
    assert repr(statement) == "<AnnualBudgetStatement Sarsabz (synthetic) 2025-26: 1,541 lines>"
    assert repr(ledger) == f"<Ledger Sarsabz (synthetic) 2025-26: {len(ledger):,} movements>"
    report = check_budget(statement)
    assert repr(report).startswith("<Report 'Budget check: Sarsabz (synthetic) 2025-26', 8 err")


def test_cells_are_escaped():
    rule = Rule(
        "BR-66(4)", Citation("BR", "66(4)", "not ... below 5%"), "floor", Severity.ERROR, "budget"
    )
    finding = Finding.of(rule, "<script>alert(1)</script>", "a | b")
    report = Report([finding], title="T")
    assert "<script>" not in report._repr_html_()
    assert "&lt;script&gt;" in report._repr_html_()
    assert "a \\| b" in report._repr_markdown_()


def test_a_table_counts_rows_it_does_not_format():
    formatted = []

    def cells(n: int) -> tuple[str]:
        formatted.append(n)
        return (str(n),)

    table = _display.Table("numbers", ("n",), range(10_000), cells=cells, limit=5)
    assert (table.total, table.hidden, formatted) == (10_000, 9_995, [0, 1, 2, 3, 4])


def test_a_row_of_the_wrong_width_is_an_error():
    with pytest.raises(ValueError, match="a row of 2 cells in a table of 1 columns"):
        _display.Table("t", ("a",), [("x", "y")])
