"""Record types the storage tests keep: a budget line and a ledger movement (synthetic)."""

from __future__ import annotations

from decimal import Decimal

import attrs

from kpgov.money import as_amount
from kpgov.periods import FinancialYear
from kpgov.storage import KindRegistry


@attrs.frozen
class Line:
    """A budget-line-like record."""

    id: str
    code: str
    year: FinancialYear
    amount: Decimal = attrs.field(converter=as_amount)
    text: str = ""


@attrs.frozen
class Movement:
    """A ledger-movement-like event."""

    ref: str
    amount: Decimal = attrs.field(converter=as_amount)
    note: str = ""


def registry() -> KindRegistry:
    kinds = KindRegistry()
    kinds.register("budget-line", Line, key="id")
    kinds.register("movement", Movement, key="ref")
    return kinds


KINDS = registry()

#: Strings that have broken stores before: quotes, NUL, SQL, backslashes, Urdu, long text.
HOSTILE = (
    'O\'Brien "quoted"',
    "nul\x00inside\x00",
    "'); DROP TABLE kpgov_records; --",
    "back\\slash \\u0000 not a nul",
    "ضلعی بجٹ پشاور ۲۰۱۶-۱۷",
    "tab\tnew\nline\r\x1b",
    "emoji 🇵🇰 and combining é",
    "%s %(x)s ? :name $1",
    "x" * 100_000,
)
