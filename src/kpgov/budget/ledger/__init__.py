"""kpgov.budget.ledger: the appropriation ledger of a year's budget execution: its movements,
the fold that gives positions, the ledger rules and their checks, the statements of Part XII
(BM-2, BM-6, BM-13, revised estimates, fiscal space), the projections and the opening of a
ledger from the Schedule of Authorized Expenditure.

Every name here is also importable from :mod:`kpgov.budget`. See docs/budget-ledger.md.
"""

from kpgov.budget.ledger import _rules as _rules  # registers the ledger rules
from kpgov.budget.ledger._checks import (
    check_bills_bar,
    check_continuity,
    check_finance_consultation,
    check_ledger,
)
from kpgov.budget.ledger._ledger import (
    CashBalance,
    CashPosition,
    HeadPosition,
    Ledger,
    Position,
    fold,
)
from kpgov.budget.ledger._movements import (
    Appropriation,
    AppropriationHead,
    Authority,
    CashAccount,
    Expenditure,
    Movement,
    Office,
    PublicAccountBalance,
    ReAppropriation,
    Receipt,
    Release,
    SupplementaryGrant,
    Surrender,
    Withdrawal,
)
from kpgov.budget.ledger._projections import (
    Projection,
    growth_trend,
    project_expenditure,
    project_receipts,
)
from kpgov.budget.ledger._rules import LEDGER_PARAMETERS, LEDGER_RULES
from kpgov.budget.ledger._sae import schedule_of_authorized_expenditure
from kpgov.budget.ledger._statements import (
    RECONCILIATION_COLUMNS,
    ExcessesAndSurrenders,
    ExcessSurrenderLine,
    FiscalSpace,
    MonthlyReconciliation,
    ReconciliationLine,
    RevisedEstimate,
    check_excesses_and_surrenders,
    excesses_and_surrenders,
    expenditure_split,
    fiscal_space,
    monthly_reconciliation,
    revised_estimates,
)

__all__ = [
    "LEDGER_PARAMETERS",
    "LEDGER_RULES",
    "RECONCILIATION_COLUMNS",
    "Appropriation",
    "AppropriationHead",
    "Authority",
    "CashAccount",
    "CashBalance",
    "CashPosition",
    "ExcessSurrenderLine",
    "ExcessesAndSurrenders",
    "Expenditure",
    "FiscalSpace",
    "HeadPosition",
    "Ledger",
    "MonthlyReconciliation",
    "Movement",
    "Office",
    "Position",
    "Projection",
    "PublicAccountBalance",
    "ReAppropriation",
    "Receipt",
    "ReconciliationLine",
    "Release",
    "RevisedEstimate",
    "SupplementaryGrant",
    "Surrender",
    "Withdrawal",
    "check_bills_bar",
    "check_continuity",
    "check_excesses_and_surrenders",
    "check_finance_consultation",
    "check_ledger",
    "excesses_and_surrenders",
    "expenditure_split",
    "fiscal_space",
    "fold",
    "growth_trend",
    "monthly_reconciliation",
    "project_expenditure",
    "project_receipts",
    "revised_estimates",
    "schedule_of_authorized_expenditure",
]
