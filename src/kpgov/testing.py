"""Hypothesis strategies for kpgov values, for kpgov's own tests and for downstream projects.

Needs the ``hypothesis`` package; nothing else in kpgov imports this module.

>>> from hypothesis import given
>>> @given(amounts())
... def test_amount_is_exact(amount):
...     assert amount == amount + 0
>>> test_amount_is_exact()
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from kpgov.periods import FinancialYear, Month

__all__ = ["amounts", "financial_years", "months"]


def amounts(
    *,
    min_value: Decimal | int = -(10**13),
    max_value: Decimal | int = 10**13,
    places: int = 2,
) -> st.SearchStrategy[Decimal]:
    """Rupee amounts with at most ``places`` decimals (paisa by default)."""
    return st.decimals(
        min_value=Decimal(min_value),
        max_value=Decimal(max_value),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


def financial_years(min_year: int = 2000, max_year: int = 2099) -> st.SearchStrategy[FinancialYear]:
    return st.builds(FinancialYear, st.integers(min_year, max_year))


def months(min_year: int = 2000, max_year: int = 2099) -> st.SearchStrategy[Month]:
    return st.builds(Month, st.integers(min_year, max_year), st.integers(1, 12))
