"""Three-year projections of receipts and expenditure (BR-52(5)-(6), BR-51(4), BR-14(1)).

Receipts grow at the trend of previous years, adjusted for local economic conditions and
policy initiatives; expenditure grows with the annual pay increase (on the pay of the
establishment) and inflation (on the rest), plus the yearly cost of expansion programmes and
of development projects coming into operation, less efficiency savings.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

import attrs

from kpgov.errors import ValidationError
from kpgov.money import MAX_AMOUNT, ZERO
from kpgov.periods import FinancialYear

__all__ = ["Projection", "growth_trend", "project_expenditure", "project_receipts"]


@attrs.frozen
class Projection:
    """Projected amounts for the years after ``base_year`` (BR-52(5)-(6), BR-51(4))."""

    base_year: FinancialYear
    base: Decimal
    values: tuple[Decimal, ...]

    @property
    def years(self) -> tuple[FinancialYear, ...]:
        return tuple(self.base_year.offset(n + 1) for n in range(len(self.values)))

    def items(self) -> tuple[tuple[FinancialYear, Decimal], ...]:
        return tuple(zip(self.years, self.values, strict=True))


def growth_trend(history: Sequence[Decimal]) -> Decimal:
    """The compound annual growth rate of a series of yearly actuals, oldest first
    (BR-52(5)(a)).

    >>> growth_trend([Decimal(100), Decimal(110), Decimal(121)])
    Decimal('0.1000')
    """
    if len(history) < 2:
        raise ValidationError("a growth trend needs the actuals of at least two years")
    first, last = history[0], history[-1]
    if first <= 0 or last <= 0:
        raise ValidationError("a growth trend needs positive actuals in the first and last year")
    ratio = last / first
    rate = ratio ** (Decimal(1) / (len(history) - 1)) - 1
    return rate.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def project_receipts(
    history: Sequence[Decimal],
    base_year: FinancialYear,
    *,
    years: int = 3,
    adjustment: Decimal = ZERO,
) -> Projection:
    """Receipts projected from their growth trend (BR-52(5)(a)), adjusted for local economic
    conditions and policy initiatives (BR-52(5)(b)) by ``adjustment`` (a rate added to the
    trend). ``history`` ends with ``base_year``.

    >>> p = project_receipts([Decimal(100), Decimal(110), Decimal(121)], FinancialYear(2016))
    >>> [(str(y), v) for y, v in p.items()]
    [('2017-18', Decimal('133')), ('2018-19', Decimal('146')), ('2019-20', Decimal('161'))]
    """
    rate = growth_trend(history) + adjustment
    return Projection(base_year, history[-1], _compound(history[-1], [rate] * years))


def project_expenditure(
    pay: Decimal,
    non_pay: Decimal,
    base_year: FinancialYear,
    *,
    inflation: Decimal,
    pay_increase: Decimal,
    years: int = 3,
    additions: Sequence[Decimal] = (),
    savings: Decimal = ZERO,
) -> Projection:
    """Expenditure projected with inflation on non-pay expenditure (BR-52(6)(a)) and the
    annual pay increase on the pay of the establishment (BR-52(6)(b)); ``additions`` are the
    yearly costs of expansion programmes and of development projects coming into operation
    (BR-52(6)(c)-(d)); ``savings`` a yearly efficiency saving rate (BR-52(6)(e)).

    >>> p = project_expenditure(Decimal(1000), Decimal(500), FinancialYear(2016),
    ...                         inflation=Decimal("0.10"), pay_increase=Decimal("0.10"),
    ...                         additions=[Decimal(50)])
    >>> p.values
    (Decimal('1700'), Decimal('1865'), Decimal('2047'))
    """
    pays = _compound(pay, [pay_increase - savings] * years)
    others = _compound(non_pay, [inflation - savings] * years)
    extra = list(additions) + [ZERO] * max(years - len(additions), 0)
    cumulative = ZERO
    values = []
    for n in range(years):
        cumulative += extra[n]
        values.append(pays[n] + others[n] + cumulative)
    return Projection(base_year, pay + non_pay, tuple(values))


def _compound(base: Decimal, rates: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """``base`` grown year by year at ``rates``, to the rupee; a year beyond the largest amount
    kpgov accepts (:data:`~kpgov.money.MAX_AMOUNT`) is a ValidationError, not an overflow."""
    values = []
    current = base
    for year, rate in enumerate(rates, start=1):
        current = current * (1 + rate)
        if abs(current) > MAX_AMOUNT:
            raise ValidationError(
                f"the projection of year {year} ({current:.3e}) is beyond the largest amount "
                f"kpgov accepts ({MAX_AMOUNT:,}): check the actuals and rates it grows from"
            )
        values.append(current.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return tuple(values)
