"""Observations: a reported value of one indicator for one entity and period.

A value is read against the indicator's measure: Yes/No is 1 or 0, a number is a count (never
negative), a percentage lies in 0..100 and may come with its numerator and denominator.

>>> from kpgov.periods import Month
>>> peshawar = Entity.district("Peshawar")
>>> obs = Observation("GGS-SD-39", peshawar, Month(2019, 8), Decimal("86.5"), evidence="PCP-77")
>>> obs.value
Decimal('86.5')
>>> Observation.percentage("GGS-SD-39", peshawar, Month(2019, 8), 45, 60).value
Decimal('75')
>>> parse_value("Yes", MeasureKind.YES_NO)
Decimal('1')
>>> validate_observation(obs, load_catalogue())  # no exception: the value fits the measure
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Final

import attrs

from kpgov.errors import Location, ParseError, ValidationError
from kpgov.indicators._catalogue import Catalogue, Frequency, MeasureKind, load_catalogue
from kpgov.indicators._entities import Entity
from kpgov.periods import FinancialYear, Month

__all__ = [
    "Observation",
    "Period",
    "parse_value",
    "percent_of",
    "validate_observation",
]

#: An observation's period: a month for monthly and real-time indicators, a financial year for
#: yearly ones (and either for one-off indicators).
Period = Month | FinancialYear

_HUNDRED: Final = Decimal(100)
#: The largest value accepted: a larger one is surely a typing error (and would make exact
#: scoring slow).
LARGEST: Final = Decimal("1E15")
_PERCENT_PLACES: Final = Decimal("1E-10")
_YES: Final = frozenset({"yes", "y", "true", "1"})
_NO: Final = frozenset({"no", "n", "false", "0"})


def _check_value(_instance: object, _attribute: object, value: Decimal) -> None:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationError(f"an observed value is a finite Decimal, not {value!r}")


@attrs.frozen(slots=True)
class Observation:
    """A value of ``indicator_id`` reported by ``entity`` for ``period``, with its evidence.

    ``numerator`` and ``denominator`` are optional, for percentages. ``source`` is where a
    loader read it (file and row), outside equality.
    """

    indicator_id: str
    entity: Entity
    period: Period
    value: Decimal = attrs.field(validator=_check_value)
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    evidence: str = ""
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @classmethod
    def percentage(
        cls,
        indicator_id: str,
        entity: Entity,
        period: Period,
        numerator: Decimal | int,
        denominator: Decimal | int,
        *,
        evidence: str = "",
    ) -> Observation:
        """A percentage from its numerator and denominator (kept to 10 decimal places)."""
        num, den = Decimal(numerator), Decimal(denominator)
        return cls(
            indicator_id,
            entity,
            period,
            percent_of(num, den),
            numerator=num,
            denominator=den,
            evidence=evidence,
        )


def percent_of(numerator: Decimal, denominator: Decimal) -> Decimal:
    """``numerator / denominator`` as a percentage, kept to 10 decimal places."""
    if denominator <= 0:
        raise ValidationError(f"a percentage needs a positive denominator, not {denominator}")
    if numerator < 0 or numerator > denominator:
        raise ValidationError(
            f"a percentage's numerator lies between 0 and the denominator ({denominator}), "
            f"not {numerator}"
        )
    return (numerator * _HUNDRED / denominator).quantize(_PERCENT_PLACES).normalize()


def parse_value(text: str, kind: MeasureKind) -> Decimal:
    """Read a reported value as written (``Yes``/``No``, ``12``, ``86.5%``) for a measure."""
    cleaned = text.strip()
    if kind is MeasureKind.YES_NO:
        lowered = cleaned.lower()
        if lowered in _YES:
            return Decimal(1)
        if lowered in _NO:
            return Decimal(0)
        raise ParseError(f"expected Yes or No, not {text!r}")
    if kind is MeasureKind.PERCENT and cleaned.endswith("%"):
        cleaned = cleaned[:-1].strip()
    try:
        value = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:
        raise ParseError(f"not a number: {text!r}") from None
    if not value.is_finite():
        raise ParseError(f"not a number: {text!r}")
    if abs(value) > LARGEST:
        raise ParseError(f"too large to be a reported value: {text!r}")
    return value


def validate_observation(observation: Observation, catalogue: Catalogue | None = None) -> None:
    """Raise a ValidationError if the observation does not fit its indicator.

    Checks that the indicator exists, that the value fits the measure (Yes/No is 0 or 1, a
    count is not negative, a percentage lies in 0..100 and agrees with its numerator and
    denominator) and that the period suits the frequency (a month for monthly and real-time
    indicators, a financial year for yearly ones).
    """
    cat = catalogue if catalogue is not None else load_catalogue()
    if observation.indicator_id not in cat:
        raise ValidationError(f"unknown indicator {observation.indicator_id!r}", field="indicator")
    indicator = cat[observation.indicator_id]
    check_value(observation, indicator.measure_kind)
    check_period(observation, indicator.frequency)


def check_value(observation: Observation, kind: MeasureKind) -> None:
    value = observation.value
    if (
        observation.numerator is None
        and observation.denominator is None
        and 0 <= value <= (1 if kind is MeasureKind.YES_NO else LARGEST)
        and (kind is not MeasureKind.YES_NO or value in (0, 1))
        and (kind is not MeasureKind.NUMBER or value == value.to_integral_value())
        and (kind is not MeasureKind.PERCENT or value <= _HUNDRED)
    ):
        return  # the common case, checked without building a message
    where = f"{observation.indicator_id} for {observation.entity} in {observation.period}"
    if kind is MeasureKind.YES_NO and value not in (0, 1):
        raise ValidationError(f"{where}: a Yes/No value is 1 or 0, not {value}", field="value")
    if value < 0:
        raise ValidationError(f"{where}: a value is never negative ({value})", field="value")
    if value > LARGEST:
        raise ValidationError(f"{where}: too large to be a reported value", field="value")
    if kind is MeasureKind.NUMBER and value != value.to_integral_value():
        raise ValidationError(f"{where}: a count is a whole number, not {value}", field="value")
    if kind is MeasureKind.PERCENT:
        if value > _HUNDRED:
            raise ValidationError(
                f"{where}: a percentage is at most 100, not {value}", field="value"
            )
        if (observation.numerator is None) != (observation.denominator is None):
            raise ValidationError(
                f"{where}: give both numerator and denominator, or neither", field="numerator"
            )
        if observation.numerator is not None and observation.denominator is not None:
            expected = percent_of(observation.numerator, observation.denominator)
            if abs(expected - value) > Decimal("0.01"):
                raise ValidationError(
                    f"{where}: {value}% does not agree with {observation.numerator}/"
                    f"{observation.denominator} = {expected}%",
                    field="value",
                )
    elif observation.numerator is not None or observation.denominator is not None:
        raise ValidationError(
            f"{where}: numerator and denominator are for percentages only", field="numerator"
        )


def check_period(observation: Observation, frequency: Frequency) -> None:
    period = observation.period
    if frequency in (Frequency.MONTHLY, Frequency.REAL_TIME) and not isinstance(period, Month):
        raise ValidationError(
            f"{observation.indicator_id} is reported {frequency.value}: give a month "
            f"(e.g. 2019-08), not {period}",
            field="period",
        )
    if frequency is Frequency.YEARLY and not isinstance(period, FinancialYear):
        raise ValidationError(
            f"{observation.indicator_id} is reported yearly: give a financial year "
            f"(e.g. 2019-20), not {period}",
            field="period",
        )
