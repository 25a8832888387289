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

Amounts are exact and bounded: at most :data:`MAX_AMOUNT` in size and :data:`MAX_PLACES`
decimal places, so that no sum kpgov makes can be rounded; kpgov's arithmetic runs in its own
decimal context (:func:`money_context`), which raises instead of rounding. A number is written
in one script of digits (ASCII, or Urdu/Arabic-Indic digits alone):

>>> parse_amount("۱۲,۵۰۰")
Decimal('12500')
>>> parse_amount("1۲3")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kpgov.errors.ParseError: not an amount: '1۲3' (it mixes digits of different scripts)
>>> parse_amount("123456789012345678901234567.89")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kpgov.errors.ParseError: not an amount: ... (above the largest amount kpgov accepts, ...)

Binary floating point cannot hold most rupee-and-paisa amounts exactly, so it is refused:

>>> parse_amount(0.1)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kpgov.errors.ParseError: amounts must be Decimal, int or text, not ... (got 0.1); ...
"""

from __future__ import annotations

import decimal
import re
import unicodedata
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final, Literal

from kpgov.errors import ParseError, ValidationError

__all__ = [
    "MAX_AMOUNT",
    "MAX_PLACES",
    "MONEY_CONTEXT",
    "UNITS",
    "ZERO",
    "Grouping",
    "Unit",
    "as_amount",
    "check_amount",
    "format_amount",
    "money_context",
    "parse_amount",
    "plain_amount",
    "total",
]

ZERO: Final = Decimal(0)

#: The largest amount (in rupees, either sign) kpgov accepts: 10^15, a thousand times a large
#: province's yearly budget. With :data:`MAX_PLACES` it keeps every amount within 19 digits, so
#: a sum of up to 10^9 amounts needs at most 28 digits: exact even in Python's default context.
MAX_AMOUNT: Final = Decimal(10) ** 15

#: The most decimal places an amount may have (rupees to a hundredth of a paisa).
MAX_PLACES: Final = 4

#: kpgov's decimal context: 60 digits (far beyond any sum of accepted amounts) and every
#: inexact or rounded result an error (:class:`decimal.Inexact`, :class:`decimal.Rounded`).
MONEY_CONTEXT: Final = decimal.Context(
    prec=60,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[
        decimal.InvalidOperation,
        decimal.DivisionByZero,
        decimal.Overflow,
        decimal.Inexact,
        decimal.Rounded,
    ],
)


def money_context() -> decimal.Context:
    """A fresh copy of :data:`MONEY_CONTEXT`, for ``with decimal.localcontext(...)``: the
    arithmetic inside is exact or raises, never rounds."""
    return MONEY_CONTEXT.copy()


def check_amount(value: Decimal) -> Decimal:
    """``value`` if it is an amount kpgov accepts: finite, at most :data:`MAX_AMOUNT` in size
    and :data:`MAX_PLACES` decimal places (trailing zeros aside); otherwise a ParseError.

    >>> check_amount(Decimal("1200.5000"))
    Decimal('1200.5000')
    >>> check_amount(Decimal("0.000001"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kpgov.errors.ParseError: an amount has at most 4 decimal places, not 0.000001
    """
    if not value.is_finite():
        raise ParseError(f"an amount must be a finite number, not {value}")
    if value.adjusted() >= 15 and abs(value) > MAX_AMOUNT:
        raise ParseError(
            f"above the largest amount kpgov accepts, Rs {MAX_AMOUNT:,f} (got {_short(value)})"
        )
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    if exponent < -MAX_PLACES:
        trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
        if -exponent - trailing > MAX_PLACES:
            raise ParseError(
                f"an amount has at most {MAX_PLACES} decimal places, not {_short(value)}"
            )
    return value


def _short(value: Decimal) -> str:
    text = f"{value:f}" if value.adjusted() < 40 else str(value)
    return text if len(text) <= 40 else text[:20] + "..." + text[-8:]


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
        return check_amount(value)
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
        if abs(text) > MAX_AMOUNT:  # compared as integers: no conversion of a huge int to text
            raise ParseError(
                f"not an amount: above the largest amount kpgov accepts, Rs {MAX_AMOUNT:,f}"
            )
        return Decimal(text)
    if isinstance(text, Decimal):
        return check_amount(text)
    if len(text) > _MAX_TEXT:
        raise ParseError(f"not an amount: {text[:20]!r}... ({len(text):,} characters)")
    match = _AMOUNT_RE.match(text.strip())
    if match is None or (match["int"] is None and match["frac"] is None):
        raise ParseError(f"not an amount: {text!r}")
    closes = bool(match["close"]) + bool(match["close2"])
    if bool(match["open"]) != bool(closes) or closes > 1:
        raise ParseError(f"not an amount: {text!r} (unbalanced parentheses)")
    digits = match["int"] or "0"
    _one_script(text, digits + (match["frac"] or ""))
    if "," in digits and not (_INTERNATIONAL_RE.match(digits) or _LAKH_RE.match(digits)):
        raise ParseError(f"not an amount: {text!r} (commas are not in lakh or thousands groups)")
    number = digits.replace(",", "") + (f".{match['frac']}" if match["frac"] else "")
    unit = "rupees"
    if match["unit"]:
        word = match["unit"].lower()
        if word not in _UNIT_WORDS:
            raise ParseError(f"not an amount: {text!r} (unknown unit {match['unit']!r})")
        unit = _UNIT_WORDS[word]
    if len(number.lstrip("0").partition(".")[0]) + UNITS[unit] > 16:
        raise ParseError(
            f"not an amount: {text!r} (above the largest amount kpgov accepts, Rs {MAX_AMOUNT:,f})"
        )
    try:
        with decimal.localcontext(MONEY_CONTEXT.copy()):
            amount = Decimal(number).scaleb(UNITS[unit])
            if amount.as_tuple().exponent > 0:  # type: ignore[operator]  # built from digits
                amount = amount.quantize(Decimal(1))
    except (InvalidOperation, ArithmeticError) as exc:  # pragma: no cover - bounded above
        raise ParseError(f"not an amount: {text!r}") from exc
    try:
        check_amount(amount)
    except ParseError as exc:
        raise ParseError(f"not an amount: {text!r} ({exc.message})") from None
    negatives = [bool(match["open"]), match["sign"] in ("-", "−"), match["sign2"] is not None]
    if sum(negatives) > 1:
        raise ParseError(f"not an amount: {text!r} (more than one negative sign)")
    return -amount if any(negatives) else amount


#: The longest text read as an amount (a longer one is refused before any parsing).
_MAX_TEXT: Final = 100


def _one_script(text: str, digits: str) -> None:
    """Refuse a number whose digits come from more than one script (``1۲3``)."""
    if digits.isascii():
        return
    zeros = {ord(c) - unicodedata.decimal(c) for c in digits if c not in ",."}
    if len(zeros) > 1:
        raise ParseError(f"not an amount: {text!r} (it mixes digits of different scripts)")


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
    """Exact sum of amounts (``Decimal(0)`` for none), in kpgov's context: a sum that could
    not be held exactly is a ValidationError, never a rounded figure.

    >>> total([Decimal("0.10"), Decimal("0.20")])
    Decimal('0.30')
    >>> total([Decimal("1E+70"), Decimal("1")])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kpgov.errors.ValidationError: the sum of these amounts cannot be held exactly ...
    """
    try:
        with decimal.localcontext(MONEY_CONTEXT.copy()):
            return sum(amounts, ZERO)
    except decimal.DecimalException:
        raise ValidationError(
            f"the sum of these amounts cannot be held exactly in {MONEY_CONTEXT.prec} digits"
        ) from None


def plain_amount(amount: Decimal | int) -> str:
    """An amount as machine formats carry it: plain decimal text, no grouping, no exponent
    (``"127500.00"``), as JSON and CSV renderings of statements write amounts.

    >>> plain_amount(Decimal("127500.00")), plain_amount(Decimal("1.2E+5")), plain_amount(7)
    ('127500.00', '120000', '7')
    """
    value = as_amount(amount)
    return f"{value:f}"
