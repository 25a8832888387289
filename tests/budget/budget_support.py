"""A small, clean district budget (test data) and the catalogue its codes are in.

``clean_statement()`` passes every budget-document check; the tests change one thing at a
time and expect exactly the rule that the change breaks.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from kpgov.accounts import Catalogue, catalogue_from_rows, shipped_catalogue
from kpgov.budget import (
    AnnualBudgetStatement,
    BudgetApproval,
    BudgetDocument,
    BudgetLine,
    CashBalances,
    CeilingKind,
    Demand,
    ExplanatoryNote,
    IndicativeCeiling,
    NoteForm,
    ReceiptSource,
)
from kpgov.periods import FinancialYear

YEAR = FinancialYear(2025)

_EXTRA_CODES = [
    ("object", "C03880", "Share of the Provincial Consolidated Fund (test code)"),
    ("object", "C02701", "Hospital fees (test code)"),
    ("object", "C03881", "Conditional grant (test code)"),
]


def make_catalogue() -> Catalogue:
    """The shipped catalogue plus the receipt heads the test budget uses."""
    rows = [
        (n, {"element": element, "code": code, "name": name})
        for n, (element, code, name) in enumerate(_EXTRA_CODES, 2)
    ]
    return shipped_catalogue().merge(catalogue_from_rows(rows, file="test")).catalogue


CATALOGUE = make_catalogue()


def line(line_id: str, kind: str, entity: str, obj: str, be_next: int, **fields: Any) -> BudgetLine:
    """A line with all columns filled from ``be_next`` (outer years grow by 10%)."""
    amount = Decimal(be_next)
    values: dict[str, Any] = {
        "actual": amount * Decimal("0.9"),
        "be_current": amount * Decimal("0.95"),
        "re_current": amount * Decimal("0.95"),
        "be_next": amount,
        "outer_1": amount * Decimal("1.1"),
        "outer_2": amount * Decimal("1.21"),
    }
    values.update(fields)
    return BudgetLine(line_id=line_id, kind=kind, entity=entity, object=obj, **values)


def clean_lines() -> tuple[BudgetLine, ...]:
    return (
        line(
            "DC-1",
            "current",
            "TST-DC-DC01",
            "A01101",
            1_000_000,
            function="011101",
            fund="DF-R-1-001",
        ),
        line(
            "EDU-1",
            "current",
            "TST-EDU-ED01",
            "A01151",
            5_000_000,
            function="011105",
            fund="DF-R-1-002",
        ),
        line(
            "HLT-1",
            "current",
            "TST-HLT-HL01",
            "A03303",
            2_000_000,
            function="073101",
            fund="DF-R-1-003",
        ),
        line(
            "HLT-D1",
            "development",
            "TST-HLT-HL01",
            "A09701",
            3_000_000,
            function="073101",
            fund="DF-R-2-103",
            project="TST-HLT-0001",
        ),
        line("R-1", "receipt", "TST-FIN-FN01", "C03880", 11_000_000, source=ReceiptSource.TRANSFER),
        line("R-2", "receipt", "TST-REV-RC01", "C02701", 1_000_000, source=ReceiptSource.OWN),
        line(
            "PA-1", "public_account", "TST-FIN-PA01", "G12145", 500_000, account="special deposit"
        ),
    )


def clean_statement(**changes: Any) -> AnnualBudgetStatement:
    """A small budget that passes every check (with :data:`CATALOGUE`)."""
    statement = AnnualBudgetStatement(
        district="Testabad (test data)",
        year=YEAR,
        cash_balance=CashBalances(
            actual=Decimal(800_000), be_current=Decimal(900_000), re_current=Decimal(900_000)
        ),
        public_account_opening=Decimal(2_000_000),
        lines=clean_lines(),
        demands=(
            Demand("001", "District Council", CeilingKind.CURRENT, True),
            Demand("002", "Education", CeilingKind.CURRENT, True),
            Demand("003", "Health", CeilingKind.CURRENT, True),
            Demand("103", "Health (development)", CeilingKind.DEVELOPMENT, True),
        ),
        ceilings=(
            IndicativeCeiling("DC", "current", 1_100_000, 1_200_000, 1_300_000),
            IndicativeCeiling("EDU", "current", 5_500_000, 6_000_000, 6_500_000),
            IndicativeCeiling("HLT", "current", 2_200_000, 2_500_000, 2_500_000),
            IndicativeCeiling("HLT", "development", 3_300_000, 3_500_000, 3_700_000),
        ),
        notes=(
            ExplanatoryNote(NoteForm.BDR_5, "FIN", "PFC share as notified."),
            ExplanatoryNote(NoteForm.BDR_5, "REV", "Fees at last year's collections."),
            ExplanatoryNote(NoteForm.BDC_7, "DC", "Council pay.", "TST-DC-DC01"),
            ExplanatoryNote(NoteForm.BDC_7, "EDU", "Teachers' pay.", "TST-EDU-ED01"),
            ExplanatoryNote(NoteForm.BDC_7, "HLT", "Electricity.", "TST-HLT-HL01"),
        ),
        documents=frozenset(set(BudgetDocument) - {BudgetDocument.SUPPLEMENTARY_BUDGET}),
        council_office="DC",
        presented_on=date(2025, 6, 12),
        approval=BudgetApproval(date(2025, 6, 26), votes_for=31, total_membership=45),
    )
    return attrs.evolve(statement, **changes) if changes else statement


def with_lines(statement: AnnualBudgetStatement, *extra: BudgetLine) -> AnnualBudgetStatement:
    return attrs.evolve(statement, lines=statement.lines + extra)


def replace_line(
    statement: AnnualBudgetStatement, line_id: str, **changes: Any
) -> AnnualBudgetStatement:
    lines = tuple(
        attrs.evolve(x, **changes) if x.line_id == line_id else x for x in statement.lines
    )
    return attrs.evolve(statement, lines=lines)
