"""From an approved budget to the year's ledger: the Schedule of Authorized Expenditure.

After the District Council approves the Annual Budget Statement, the DO F&P prepares the
Schedule of Authorized Expenditure "in the same form as the Annual Budget Statement"
(BR-67(1)(a), (c)) and intimates the sums authorized to the Heads of Offices, DDOs and the
DAO (BR-68(1)). :func:`schedule_of_authorized_expenditure` turns the budget-year estimates of
the statement's expenditure lines into the opening :class:`~kpgov.budget.Appropriation`
movements of a :class:`~kpgov.budget.Ledger`, one per line, at the DDO (cost-centre) level.
"""

from __future__ import annotations

from datetime import date

from kpgov.budget._lines import Column, LineKind
from kpgov.budget._statement import AnnualBudgetStatement
from kpgov.budget.ledger._ledger import Ledger
from kpgov.budget.ledger._movements import Appropriation, AppropriationHead
from kpgov.errors import KpgovError, ValidationError

__all__ = ["schedule_of_authorized_expenditure"]


def schedule_of_authorized_expenditure(
    statement: AnnualBudgetStatement, *, authenticated_on: date | None = None
) -> Ledger:
    """The ledger of ``statement``'s year, opened with the authorized appropriations.

    Each current and development line with a budget estimate becomes an appropriation of its
    grant, cost centre and object, dated ``authenticated_on`` (default: 1 July) and referenced
    ``SAE <year> <line id>``. The opening cash balances are the Form ABS opening balances of the
    budget-year column.

    >>> from kpgov.testing import synthetic_statement
    >>> from kpgov.periods import FinancialYear
    >>> budget = synthetic_statement("Example", "SYN", FinancialYear(2016), lines=300, seed=1)
    >>> ledger = schedule_of_authorized_expenditure(budget)
    >>> ledger.position().final_grant == (budget.total(LineKind.CURRENT, Column.BE_NEXT)
    ...                                   + budget.total(LineKind.DEVELOPMENT, Column.BE_NEXT))
    True
    """
    year = statement.year
    on = authenticated_on or year.start
    movements = []
    for line in statement.lines_of(LineKind.CURRENT, LineKind.DEVELOPMENT):
        if not line.be_next:
            continue
        if line.fund is None:
            raise ValidationError(
                f"line {line.line_id} has no fund code, so no grant to appropriate it to",
                field="fund",
            )
        try:
            head = AppropriationHead(line.fund, line.cost_centre, line.object)
        except KpgovError as exc:
            raise ValidationError(f"line {line.line_id}: {exc.message}", field=exc.field) from exc
        movements.append(
            Appropriation(on, head, line.be_next, reference=f"SAE {year} {line.line_id}")
        )
    abstract = statement.abstract()
    return Ledger(
        statement.district,
        year,
        opening_district_fund=abstract.fund(Column.BE_NEXT).opening_balance,
        opening_public_account=abstract.account(Column.BE_NEXT).opening_balance,
        movements=tuple(movements),
    )
