"""Observations are validated against their indicator's measure and frequency."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kpgov.errors import ParseError, ValidationError
from kpgov.indicators import (
    Entity,
    MeasureKind,
    Observation,
    districts,
    parse_value,
    validate_observation,
)
from kpgov.periods import FinancialYear, Month

SWAT = Entity.district("Swat")


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Yes", MeasureKind.YES_NO, Decimal(1)),
        ("no", MeasureKind.YES_NO, Decimal(0)),
        ("86.5%", MeasureKind.PERCENT, Decimal("86.5")),
        ("1,250", MeasureKind.NUMBER, Decimal(1250)),
    ],
)
def test_parse_value(text: str, kind: MeasureKind, value: Decimal) -> None:
    assert parse_value(text, kind) == value


def test_parse_value_refuses_what_it_cannot_read() -> None:
    with pytest.raises(ParseError, match="Yes or No"):
        parse_value("maybe", MeasureKind.YES_NO)
    with pytest.raises(ParseError, match="not a number"):
        parse_value("many", MeasureKind.NUMBER)


def test_percentages_from_numerator_and_denominator() -> None:
    observation = Observation.percentage("GGS-SD-39", SWAT, Month(2019, 8), 1, 3)
    assert observation.value == Decimal("33.3333333333")
    validate_observation(observation)
    with pytest.raises(ValidationError, match="positive denominator"):
        Observation.percentage("GGS-SD-39", SWAT, Month(2019, 8), 1, 0)


@pytest.mark.parametrize(
    ("observation", "message"),
    [
        (Observation("GGS-SD-39", SWAT, Month(2019, 8), Decimal(120)), "at most 100"),
        (Observation("GGS-OG-01", SWAT, Month(2019, 8), Decimal("0.5")), "Yes/No"),
        (Observation("GGS-OG-18", SWAT, Month(2019, 8), Decimal(-1)), "never negative"),
        (Observation("GGS-PA-10", SWAT, Month(2019, 8), Decimal(1)), "financial year"),
        (Observation("GGS-OG-18", SWAT, FinancialYear(2019), Decimal(1)), "give a month"),
        (Observation("GGS-XX-01", SWAT, Month(2019, 8), Decimal(1)), "unknown indicator"),
        (
            Observation("GGS-SD-39", SWAT, Month(2019, 8), Decimal(50), Decimal(1), Decimal(4)),
            "does not agree",
        ),
        (
            Observation("GGS-OG-18", SWAT, Month(2019, 8), Decimal(5), numerator=Decimal(1)),
            "percentages only",
        ),
    ],
)
def test_values_that_do_not_fit_are_refused(observation: Observation, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        validate_observation(observation)


def test_entities_and_districts() -> None:
    assert str(SWAT) == "district Swat"
    assert Entity.district("Swat") == SWAT
    assert SWAT in districts(2016)
    assert Entity.district("Bajaur") not in districts(2016)
    with pytest.raises(ValidationError):
        Entity.district("  ")
