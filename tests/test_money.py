"""Amounts as budget documents print them, and exact formatting back."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpgov.errors import ParseError
from kpgov.money import UNITS, as_amount, format_amount, parse_amount, total
from kpgov.testing import amounts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rs. 4,31,63,871", "43163871"),
        ("43,163,871.50", "43163871.50"),
        ("(1,200)", "-1200"),
        ("2.5 million", "2500000"),
        ("12 lakh", "1200000"),
        ("3 crore", "30000000"),
        ("Rs 181,650 thousand", "181650000"),
        ("PKR 1,000", "1000"),
        ("-Rs 500", "-500"),
        ("Rs -500", "-500"),
        ("1.5 lacs", "150000"),
        ("0.25 bn", "250000000"),
        (" 7 ", "7"),
        (".5", "0.5"),
        ("(Rs 12 lakh)", "-1200000"),
    ],
)
def test_parse_amount_reads_budget_document_formats(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "not an amount"),
        ("abc", "not an amount"),
        ("12 dollars", "unknown unit"),
        ("1,2,3", "commas"),
        ("(1,200", "unbalanced"),
        ("(-1,200)", "more than one negative"),
        ("-(1,200)", "not an amount"),
        ("1.2.3", "not an amount"),
    ],
)
def test_parse_amount_refuses_what_it_cannot_read(text: str, why: str) -> None:
    with pytest.raises(ParseError, match=why):
        parse_amount(text)


@pytest.mark.parametrize("value", [0.1, True, None, [1]])
def test_floats_and_other_types_are_refused(value: object) -> None:
    with pytest.raises(ParseError, match="not"):
        parse_amount(value)  # type: ignore[arg-type]


def test_non_finite_decimals_are_refused() -> None:
    with pytest.raises(ParseError, match="finite"):
        as_amount(Decimal("NaN"))


def test_format_groups_in_lakh_and_thousands() -> None:
    assert format_amount(Decimal("43163871")) == "4,31,63,871"
    assert format_amount(Decimal("43163871"), grouping="international") == "43,163,871"
    assert format_amount(Decimal("999")) == "999"
    assert format_amount(Decimal("1000")) == "1,000"
    assert format_amount(Decimal("100000")) == "1,00,000"
    assert format_amount(Decimal("-1200"), negative="parentheses") == "(1,200)"
    assert format_amount(Decimal("1200.5"), currency=True) == "Rs 1,200.5"


def test_format_rounds_half_up_only_when_asked() -> None:
    assert format_amount(Decimal("43163871"), unit="million", places=2) == "43.16 million"
    assert format_amount(Decimal("250000"), unit="lakh", places=0) == "3 lakh"
    assert format_amount(Decimal("43163871"), unit="crore") == "4.3163871 crore"


def test_total_is_exact() -> None:
    assert total([Decimal("0.1")] * 10) == Decimal("1.0")
    assert total([]) == Decimal(0)


@given(
    amounts(),
    st.sampled_from(sorted(UNITS)),
    st.sampled_from(["lakh", "international"]),
    st.sampled_from(["minus", "parentheses"]),
    st.booleans(),
)
def test_parse_inverts_format(
    amount: Decimal, unit: str, grouping: str, negative: str, currency: bool
) -> None:
    text = format_amount(
        amount,
        unit=unit,  # type: ignore[arg-type]
        grouping=grouping,  # type: ignore[arg-type]
        negative=negative,  # type: ignore[arg-type]
        currency=currency,
    )
    assert parse_amount(text) == amount


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_lakh_grouping_has_groups_of_two_then_three(value: int) -> None:
    digits = format_amount(value).lstrip("-").split(",")
    assert len(digits[-1]) == (3 if abs(value) >= 1000 else len(str(abs(value))))
    assert all(len(group) == 2 for group in digits[1:-1])
    assert 1 <= len(digits[0]) <= (2 if len(digits) > 1 else 3)
