"""Rupee amounts: exact ``Decimal`` values, parsed as budget documents print them.

Budget documents print amounts in several ways; :func:`parse_amount` reads them all:

>>> parse_amount("Rs. 4,31,63,871")
Decimal('43163871')
>>> parse_amount("43,163,871.50")
Decimal('43163871.50')
>>> parse_amount("(1,200)")
Decimal('-1200')
>>> parse_amount("2.5 million")
Decimal('2500000')
>>> parse_amount("12 lakh"), parse_amount("3 crore")
(Decimal('1200000'), Decimal('30000000'))
>>> parse_amount("Rs 181,650 thousand")
Decimal('181650000')

:func:`format_amount` prints South Asian (lakh) or international grouping, in any unit:

>>> format_amount(Decimal("43163871"))
'4,31,63,871'
>>> format_amount(Decimal("43163871"), grouping="international", currency=True)
'Rs 43,163,871'
>>> format_amount(Decimal("181650000"), unit="thousand", grouping="international")
'181,650 thousand'
>>> format_amount(Decimal("-1200"), negative="parentheses")
'(1,200)'

Binary floating point cannot hold most rupee-and-paisa amounts exactly, so it is refused:

>>> parse_amount(0.1)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kpgov.errors.ParseError: amounts must be Decimal, int or text, not ... (got 0.1); ...
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final, Literal

from kpgov.errors import ParseError

__all__ = [
    "UNITS",
    "ZERO",
    "Grouping",
    "Unit",
    "as_amount",
    "format_amount",
    "parse_amount",
    "total",
]

ZERO: Final = Decimal(0)

Unit = Literal["rupees", "thousand", "lakh", "million", "crore", "billion"]
Grouping = Literal["lakh", "international"]

#: Power of ten for each unit an amount may be printed in.
UNITS: Final[dict[str, int]] = {
    "rupees": 0,
    "thousand": 3,
    "lakh": 5,
    "million": 6,
    "crore": 7,
    "billion": 9,
}

_UNIT_WORDS: Final[dict[str, str]] = {
    "thousand": "thousand",
    "thousands": "thousand",
    "lakh": "lakh",
    "lakhs": "lakh",
    "lac": "lakh",
    "lacs": "lakh",
    "million": "million",
    "millions": "million",
    "mn": "million",
    "crore": "crore",
    "crores": "crore",
    "billion": "billion",
    "billions": "billion",
    "bn": "billion",
}

_AMOUNT_RE: Final = re.compile(
    r"""^
    (?P<open>\()?\s*
    (?P<sign>[-−+])?\s*
    (?:(?:rs\.?|pkr|₨)\s*)?
    (?P<sign2>[-−])?\s*
    (?P<int>\d[\d,]*)?(?:\.(?P<frac>\d+))?
    \s*(?P<close>\))?
    \s*(?P<unit>[a-z]+)?\s*
    (?P<close2>\))?
    $""",
    re.VERBOSE | re.IGNORECASE,
)
_INTERNATIONAL_RE: Final = re.compile(r"^\d{1,3}(?:,\d{3})*$")
_LAKH_RE: Final = re.compile(r"^\d{1,2}(?:,\d{2})*,\d{3}$")


def as_amount(value: Decimal | int | str) -> Decimal:
    """Return ``value`` as an exact Decimal; text is read with :func:`parse_amount`.

    Use it as an attrs converter on money fields. Floats and bools are refused.

    >>> as_amount(5), as_amount("1,000")
    (Decimal('5'), Decimal('1000'))
    """
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ParseError(f"an amount must be a finite number, not {value}")
        return value
    return parse_amount(value)


def parse_amount(text: str | int | Decimal) -> Decimal:
    """Read an amount as printed in a budget document and return exact rupees.

    Accepts an optional ``Rs``/``Rs.``/``PKR`` prefix, lakh or international comma grouping,
    a minus sign or accounting parentheses for negatives, and a trailing unit word
    (thousand, lakh/lac, million/mn, crore, billion/bn).
    """
    if isinstance(text, bool) or not isinstance(text, str | int | Decimal):
        raise ParseError(
            f"amounts must be Decimal, int or text, not {type(text).__name__} (got {text!r}); "
            "binary floating point cannot hold rupee amounts exactly"
        )
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, Decimal):
        return as_amount(text)
    match = _AMOUNT_RE.match(text.strip())
    if match is None or (match["int"] is None and match["frac"] is None):
        raise ParseError(f"not an amount: {text!r}")
    closes = bool(match["close"]) + bool(match["close2"])
    if bool(match["open"]) != bool(closes) or closes > 1:
        raise ParseError(f"not an amount: {text!r} (unbalanced parentheses)")
    digits = match["int"] or "0"
    if "," in digits and not (_INTERNATIONAL_RE.match(digits) or _LAKH_RE.match(digits)):
        raise ParseError(f"not an amount: {text!r} (commas are not in lakh or thousands groups)")
    number = digits.replace(",", "") + (f".{match['frac']}" if match["frac"] else "")
    unit = "rupees"
    if match["unit"]:
        word = match["unit"].lower()
        if word not in _UNIT_WORDS:
            raise ParseError(f"not an amount: {text!r} (unknown unit {match['unit']!r})")
        unit = _UNIT_WORDS[word]
    try:
        amount = Decimal(number).scaleb(UNITS[unit])
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise ParseError(f"not an amount: {text!r}") from exc
    if amount.as_tuple().exponent > 0:  # type: ignore[operator]  # finite: built from digits
        amount = amount.quantize(Decimal(1))
    negatives = [bool(match["open"]), match["sign"] in ("-", "−"), match["sign2"] is not None]
    if sum(negatives) > 1:
        raise ParseError(f"not an amount: {text!r} (more than one negative sign)")
    return -amount if any(negatives) else amount


def _group(digits: str, grouping: Grouping) -> str:
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    size = 2 if grouping == "lakh" else 3
    groups: list[str] = []
    while head:
        groups.insert(0, head[-size:])
        head = head[:-size]
    return ",".join([*groups, tail])


def format_amount(
    amount: Decimal | int,
    *,
    unit: Unit = "rupees",
    grouping: Grouping = "lakh",
    places: int | None = None,
    currency: bool = False,
    negative: Literal["minus", "parentheses"] = "minus",
) -> str:
    """Print ``amount`` with lakh (``4,31,63,871``) or international grouping in ``unit``.

    With ``places=None`` the figure is exact, so ``parse_amount(format_amount(x)) == x``;
    with ``places=n`` it is rounded half-up to ``n`` decimals, as printed statements do.

    >>> format_amount(Decimal("43163871"), unit="million", grouping="international")
    '43.163871 million'
    >>> format_amount(Decimal("43163871"), unit="million", places=1)
    '43.2 million'
    """
    value = as_amount(amount)
    if unit not in UNITS:
        raise ParseError(f"unknown unit {unit!r}; expected one of {', '.join(UNITS)}")
    scaled = value.scaleb(-UNITS[unit])
    if places is not None:
        scaled = scaled.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    else:
        if unit != "rupees":
            scaled = scaled.normalize()
        if scaled.as_tuple().exponent > 0:  # type: ignore[operator]  # finite: as_amount checked
            scaled = scaled.quantize(Decimal(1))
    text = f"{abs(scaled):f}"
    whole, _, frac = text.partition(".")
    body = _group(whole, grouping) + (f".{frac}" if frac else "")
    if currency:
        body = f"Rs {body}"
    if unit != "rupees":
        body = f"{body} {unit}"
    if scaled < 0:
        body = f"({body})" if negative == "parentheses" else f"-{body}"
    return body


def total(amounts: Iterable[Decimal]) -> Decimal:
    """Exact sum of amounts (``Decimal(0)`` for none).

    >>> total([Decimal("0.10"), Decimal("0.20")])
    Decimal('0.30')
    """
    return sum(amounts, ZERO)
