"""Code values for the five elements of the Chart of Accounts (BR-11, BR-12).

Each element has a frozen value type whose ``str()`` is the canonical text and which knows its
level, parent, ancestors (nearest first, ending at the major), whether it lies within another
code, and its family. The ``parse_*`` functions accept what people type and raise a
:class:`~kpgov.errors.ParseError` that says exactly what is wrong.

The object and function formats are the Auditor General's (New Accounting Model). The fund,
entity and project codes have no published text format in the sources kpgov has, so their text
form here is kpgov's own notation (see ``docs/accounts.md``); the parts they carry are those of
BR-11(3)-(4).
"""

from __future__ import annotations

import enum
import re
from typing import Final

import attrs

from kpgov.errors import ParseError

__all__ = [
    "Element",
    "EntityCode",
    "EntityLevel",
    "Family",
    "FunctionCode",
    "FunctionLevel",
    "FundCode",
    "FundKind",
    "FundLevel",
    "FundSource",
    "ObjectCode",
    "ObjectLevel",
    "ProjectCode",
    "ProjectLevel",
    "SubFund",
    "parse_entity",
    "parse_function",
    "parse_fund",
    "parse_object",
    "parse_project",
]


class Element(enum.Enum):
    """The five elements of the Chart of Accounts (BR-11(3)-(4))."""

    ENTITY = "entity"
    FUNCTION = "function"
    OBJECT = "object"
    FUND = "fund"
    PROJECT = "project"


class Family(enum.Enum):
    """The family of an object code, told by its first letter (there is no family D).

    BR-11(3)(b) divides District Fund receipts into tax, non-tax and capital receipts;
    BR-12(7)(c) divides Public Account transactions into assets, liabilities and equity.

    >>> Family.from_letter("C")
    <Family.NON_TAX_RECEIPT: 'non-tax receipt'>
    >>> Family.LIABILITY.letter, Family.LIABILITY.is_public_account
    ('G', True)
    """

    EXPENDITURE = "expenditure"
    TAX_RECEIPT = "tax receipt"
    NON_TAX_RECEIPT = "non-tax receipt"
    CAPITAL_RECEIPT = "capital receipt"
    ASSET = "asset"
    LIABILITY = "liability"
    EQUITY = "equity"

    @property
    def letter(self) -> str:
        """The object-code letter of the family (A, B, C, E, F, G or H)."""
        return _LETTER_OF[self]

    @property
    def is_receipt(self) -> bool:
        """True for the three receipt families of BR-11(3)(b) (B, C, E)."""
        return self in (Family.TAX_RECEIPT, Family.NON_TAX_RECEIPT, Family.CAPITAL_RECEIPT)

    @property
    def is_public_account(self) -> bool:
        """True for the asset, liability and equity families of BR-12(7)(c) (F, G, H)."""
        return self in (Family.ASSET, Family.LIABILITY, Family.EQUITY)

    @classmethod
    def from_letter(cls, letter: str) -> Family:
        try:
            return _FAMILY_OF[letter.upper()]
        except KeyError:
            raise ParseError(
                f"{letter!r} is not an object family letter (A, B, C, E, F, G or H; there is no D)"
            ) from None


_LETTER_OF: Final[dict[Family, str]] = {
    Family.EXPENDITURE: "A",
    Family.TAX_RECEIPT: "B",
    Family.NON_TAX_RECEIPT: "C",
    Family.CAPITAL_RECEIPT: "E",
    Family.ASSET: "F",
    Family.LIABILITY: "G",
    Family.EQUITY: "H",
}
_FAMILY_OF: Final[dict[str, Family]] = {letter: family for family, letter in _LETTER_OF.items()}


class ObjectLevel(enum.Enum):
    """Levels of the object element (BR-11(3)(c), BR-11(4)(c)): major, minor, detailed."""

    MAJOR = "major"
    MINOR = "minor"
    DETAILED = "detailed"

    @property
    def depth(self) -> int:
        """1 for the major, 2 for the minor, 3 for the detailed object."""
        return _OBJECT_DEPTH[self]

    @property
    def length(self) -> int:
        """Characters in a code of this level (3, 4 or 6)."""
        return _OBJECT_LENGTH[self]


class FunctionLevel(enum.Enum):
    """Levels of the function element (BR-11(4)(b)): major, minor, detailed, sub-detailed."""

    MAJOR = "major"
    MINOR = "minor"
    DETAILED = "detailed"
    SUB_DETAILED = "sub-detailed"

    @property
    def depth(self) -> int:
        return _FUNCTION_DEPTH[self]

    @property
    def length(self) -> int:
        """Digits in a code of this level (2, 3, 4 or 6)."""
        return _FUNCTION_LENGTH[self]


class FundLevel(enum.Enum):
    """Levels of the fund element (BR-11(4)(d)): fund, source, sub-fund, grant number."""

    FUND = "fund"
    SOURCE = "source"
    SUB_FUND = "sub-fund"
    GRANT = "grant"

    @property
    def depth(self) -> int:
        return list(FundLevel).index(self) + 1


class EntityLevel(enum.Enum):
    """Levels of the entity element (BR-11(3)(a), BR-11(4)(a)): district, office, and the
    cost centre (DDO) or revenue collecting office (RCO)."""

    DISTRICT = "district"
    OFFICE = "office"
    COST_CENTRE = "cost-centre"

    @property
    def depth(self) -> int:
        return _ENTITY_DEPTH[self]


_ENTITY_LEVELS: Final = tuple(EntityLevel)
_ENTITY_DEPTH: Final = {level: n for n, level in enumerate(_ENTITY_LEVELS, start=1)}


class ProjectLevel(enum.Enum):
    """The project element has one level: the project (BR-11(4)(e), BR-32(5))."""

    PROJECT = "project"

    @property
    def depth(self) -> int:
        return 1


_OBJECT_LENGTH: Final = {ObjectLevel.MAJOR: 3, ObjectLevel.MINOR: 4, ObjectLevel.DETAILED: 6}
_OBJECT_DEPTH: Final = {ObjectLevel.MAJOR: 1, ObjectLevel.MINOR: 2, ObjectLevel.DETAILED: 3}
_OBJECT_BY_LENGTH: Final = {length: level for level, length in _OBJECT_LENGTH.items()}
_FUNCTION_LENGTH: Final = {
    FunctionLevel.MAJOR: 2,
    FunctionLevel.MINOR: 3,
    FunctionLevel.DETAILED: 4,
    FunctionLevel.SUB_DETAILED: 6,
}
_FUNCTION_DEPTH: Final = {level: i + 1 for i, level in enumerate(FunctionLevel)}
_FUNCTION_BY_LENGTH: Final = {length: level for level, length in _FUNCTION_LENGTH.items()}

_SEPARATORS: Final = re.compile(r"[\s\-./_]+")
#: The Chart's sub-group headings, such as ``A011-1`` (Pay of Officers, A01101-A01150).
_SUB_GROUP: Final = re.compile(r"^[A-H][0-9]{3}-[0-9]\Z")
_OBJECT_CANONICAL: Final = re.compile(r"^[ABCEFGH][0-9]{2}(?:[0-9](?:[0-9A-Z]{2})?)?\Z")
_FUNCTION_CANONICAL: Final = re.compile(r"^(?:0[1-9]|10)(?:[0-9](?:[0-9](?:[0-9]{2})?)?)?\Z")


def _text(value: object, what: str) -> str:
    if value.__class__ is not str and not isinstance(value, str):
        raise ParseError(f"{value!r} is not {what}: expected text, got {type(value).__name__}")
    return value


class _TextCode:
    """Equality, hashing and order by the canonical text, for the one-field code types.

    Written by hand rather than generated so that a code hashes as fast as its text: roll-ups
    key millions of lines by code.
    """

    __slots__ = ()
    code: str

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.code == other.code

    def __ne__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.code != other.code

    def __hash__(self) -> int:
        return hash(self.code)

    def __lt__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.code < other.code

    def __le__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.code <= other.code

    def __gt__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.code > other.code

    def __ge__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.code >= other.code


# --------------------------------------------------------------------------- object element


def _canonical_object(value: object) -> str:
    text = _text(value, "an object code")
    code = text.strip().replace("-", "").replace(" ", "").upper()  # the usual separators, fast
    if _OBJECT_CANONICAL.match(code):
        return code
    bad = f"{text!r} is not an object code"
    if _SUB_GROUP.match(text.strip().upper()):
        raise ParseError(
            f"{bad}: it is a sub-group heading of {text.strip()[:4].upper()} in the Chart "
            "(a range of detailed codes), not a code"
        )
    code = _SEPARATORS.sub("", code)
    if not code:
        raise ParseError(f"{bad}: it is empty")
    letter = code[0]
    if letter == "D":
        raise ParseError(f"{bad}: there is no family D (families are A, B, C, E, F, G, H)")
    if letter not in _FAMILY_OF:
        raise ParseError(f"{bad}: it must start with a family letter A, B, C, E, F, G or H")
    length = len(code)
    likely = _likely_object(code)
    hint = f" (did you mean {' or '.join(likely)}?)" if likely else ""
    if length not in _OBJECT_BY_LENGTH:
        if length == 5:
            reason = "a minor code has 4 characters and a detailed code 6"
        elif length < 3:
            reason = "a major code has 3 characters (a letter and 2 digits)"
        else:
            reason = f"it has {length} characters; a major code has 3, a minor 4, a detailed 6"
        raise ParseError(f"{bad}: {reason}{hint}")
    if not code[1:4].isdigit() or not code[1:4].isascii():
        raise ParseError(f"{bad}: the major and minor heads are digits (as in A01101){hint}")
    if length == 6 and not re.fullmatch(r"[0-9A-Z]{2}", code[4:]):
        raise ParseError(f"{bad}: the detailed part is two digits or capital letters")
    return code


#: Letters typed for the digits they look like: O for zero, I and L for one.
_LOOKALIKE_DIGITS: Final = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _likely_object(code: str) -> list[str]:
    """The codes a mistyped object code most likely meant, for the error message only: kpgov
    never guesses a code for you (``AO1101`` is refused, suggesting A01101)."""
    heads = code[:1] + code[1:4].translate(_LOOKALIKE_DIGITS) + code[4:]
    candidates: list[str] = []
    if heads != code and _OBJECT_CANONICAL.match(heads):
        candidates.append(heads)
    if len(heads) == 5 and heads[1:].isdigit():
        # a detailed code missing a digit (A0124 for A01204?) or a minor with one too many
        for guess in (heads[:4] + "0" + heads[4], heads[:4]):
            if _OBJECT_CANONICAL.match(guess):
                candidates.append(guess)
    return candidates


@attrs.frozen(eq=False, repr=False)
class ObjectCode(_TextCode):
    """A code of the object element: family letter, major (2 digits), minor (1) and detailed (2).

    >>> code = parse_object("a-01101")
    >>> str(code), code.level.value, str(code.parent), code.family.value
    ('A01101', 'detailed', 'A011', 'expenditure')
    >>> [str(a) for a in code.ancestors]
    ['A011', 'A01']
    >>> code.within(parse_object("A01")), parse_object("A0120D").major
    (True, ObjectCode('A01'))
    """

    code: str = attrs.field(converter=_canonical_object)

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"ObjectCode({self.code!r})"

    @property
    def element(self) -> Element:
        return Element.OBJECT

    @property
    def level(self) -> ObjectLevel:
        return _OBJECT_BY_LENGTH[len(self.code)]

    @property
    def family(self) -> Family:
        return _FAMILY_OF[self.code[0]]

    @property
    def parent(self) -> ObjectCode | None:
        """The code one level up, or None for a major."""
        length = len(self.code)
        if length == 3:
            return None
        return ObjectCode(self.code[: 4 if length == 6 else 3])

    @property
    def ancestors(self) -> tuple[ObjectCode, ...]:
        """The codes above this one, nearest first; the last is the major."""
        return tuple(ObjectCode(self.code[:n]) for n in (4, 3) if n < len(self.code))

    @property
    def major(self) -> ObjectCode:
        return ObjectCode(self.code[:3])

    def at(self, level: ObjectLevel) -> ObjectCode:
        """This code's head at ``level`` (itself when it is at or above ``level``)."""
        return ObjectCode(self.code[: level.length]) if len(self.code) > level.length else self

    def within(self, other: object) -> bool:
        """True when this code is ``other`` or lies under it."""
        return isinstance(other, ObjectCode) and self.code.startswith(other.code)


def parse_object(text: str | ObjectCode) -> ObjectCode:
    """Read an object code as people type it (``"a-01101"``, ``" A01101 "``, ``"A0120D"``).

    >>> parse_object(" c-027 ")
    ObjectCode('C027')

    Case, spaces, dashes, dots and slashes are dropped silently (they carry no meaning); a
    letter typed for a digit or a code of the wrong length is refused, with the likely code in
    the message, never guessed:

    >>> parse_object("AO1101")
    Traceback (most recent call last):
    ...
    kpgov.errors.ParseError: 'AO1101' is not an object code: ... (did you mean A01101?)
    >>> parse_object("A0124")
    Traceback (most recent call last):
    ...
    kpgov.errors.ParseError: 'A0124' is not an object code: ... (did you mean A01204 or A012?)
    """
    return text if isinstance(text, ObjectCode) else ObjectCode(text)


# ------------------------------------------------------------------------- function element


def _canonical_function(value: object) -> str:
    text = _text(value, "a function code")
    code = text.strip().replace("-", "").replace(" ", "")  # the usual separators, fast
    if _FUNCTION_CANONICAL.match(code):
        return code
    code = _SEPARATORS.sub("", code)
    bad = f"{text!r} is not a function code"
    if not code:
        raise ParseError(f"{bad}: it is empty")
    if not (code.isdigit() and code.isascii()):
        raise ParseError(f"{bad}: function codes are digits only (as in 011101)")
    length = len(code)
    if length not in _FUNCTION_BY_LENGTH:
        if length == 5:
            reason = "a sub-detailed code has 6 digits"
        elif length == 1:
            reason = "a major function has 2 digits (01 to 10)"
        else:
            reason = f"it has {length} digits; a function code has 2, 3, 4 or 6"
        raise ParseError(f"{bad}: {reason}")
    if not 1 <= int(code[:2]) <= 10:
        raise ParseError(f"{bad}: the major function is 01 to 10, not {code[:2]}")
    return code


@attrs.frozen(eq=False, repr=False)
class FunctionCode(_TextCode):
    """A code of the function element: major (2 digits), minor (1), detailed (1), sub-detailed (2).

    >>> code = parse_function("09-1-1-01")
    >>> str(code), code.level.value, str(code.parent)
    ('091101', 'sub-detailed', '0911')
    >>> [str(a) for a in code.ancestors]
    ['0911', '091', '09']
    """

    code: str = attrs.field(converter=_canonical_function)

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"FunctionCode({self.code!r})"

    @property
    def element(self) -> Element:
        return Element.FUNCTION

    @property
    def level(self) -> FunctionLevel:
        return _FUNCTION_BY_LENGTH[len(self.code)]

    @property
    def family(self) -> Family:
        """Functions classify expenditure (BR-11(4)(b))."""
        return Family.EXPENDITURE

    @property
    def parent(self) -> FunctionCode | None:
        length = len(self.code)
        if length == 2:
            return None
        return FunctionCode(self.code[: 4 if length == 6 else length - 1])

    @property
    def ancestors(self) -> tuple[FunctionCode, ...]:
        return tuple(FunctionCode(self.code[:n]) for n in (4, 3, 2) if n < len(self.code))

    @property
    def major(self) -> FunctionCode:
        return FunctionCode(self.code[:2])

    def at(self, level: FunctionLevel) -> FunctionCode:
        """This code's head at ``level`` (itself when it is at or above ``level``)."""
        return FunctionCode(self.code[: level.length]) if len(self.code) > level.length else self

    def within(self, other: object) -> bool:
        return isinstance(other, FunctionCode) and self.code.startswith(other.code)


def parse_function(text: str | FunctionCode) -> FunctionCode:
    """Read a function code (``"011101"``, ``"01-1-1-01"``, ``"09 1"``).

    >>> parse_function("0111 01")
    FunctionCode('011101')
    >>> parse_function("11")
    Traceback (most recent call last):
    ...
    kpgov.errors.ParseError: '11' is not a function code: the major function is 01 to 10, not 11
    """
    return text if isinstance(text, FunctionCode) else FunctionCode(text)


# ----------------------------------------------------------------------------- fund element


class FundKind(enum.Enum):
    """BR-11(4)(d)(i): the District Fund or the Public Account."""

    DISTRICT_FUND = "DF"
    PUBLIC_ACCOUNT = "PA"

    @property
    def title(self) -> str:
        return "District Fund" if self is FundKind.DISTRICT_FUND else "Public Account"


class FundSource(enum.Enum):
    """BR-11(4)(d)(ii): met from revenue or from capital."""

    REVENUE = "R"
    CAPITAL = "C"

    @property
    def title(self) -> str:
        return "Met from Revenue" if self is FundSource.REVENUE else "Met from Capital"


class SubFund(enum.Enum):
    """The six sub-funds of BR-11(4)(d)(iii), numbered as the rule numbers them.

    >>> SubFund(5).title, SubFund(5).charged, SubFund(5).development
    ('Charged Development Expenditure', True, True)
    """

    VOTED_CURRENT = 1
    VOTED_DEVELOPMENT = 2
    VOTED_CAPITAL = 3
    CHARGED_CURRENT = 4
    CHARGED_DEVELOPMENT = 5
    CHARGED_CAPITAL = 6

    @property
    def charged(self) -> bool:
        """True for sub-funds 4-6 (charged on the Fund, LGA-32(1))."""
        return self.value >= 4

    @property
    def voted(self) -> bool:
        return self.value <= 3

    @property
    def development(self) -> bool:
        return self in (SubFund.VOTED_DEVELOPMENT, SubFund.CHARGED_DEVELOPMENT)

    @property
    def nature(self) -> str:
        """``current``, ``development`` or ``capital``."""
        return ("current", "development", "capital")[(self.value - 1) % 3]

    @property
    def title(self) -> str:
        return f"{'Charged' if self.charged else 'Voted'} {self.nature.title()} Expenditure"


_FUND_RE: Final = re.compile(
    r"^(DF|PA)(?:[\s\-./]*(R|C)(?:[\s\-./]*([0-9])(?:[\s\-./]*([0-9]{1,3}))?)?)?\Z"
)


def _check_fund(instance: FundCode, _attribute: object, _value: str | None) -> None:
    if not isinstance(instance.fund, FundKind):
        raise ParseError(f"a fund is DF or PA, not {instance.fund!r}")
    if instance.source is not None and not isinstance(instance.source, FundSource):
        raise ParseError(f"a source of fund is R or C, not {instance.source!r}")
    if instance.sub_fund is not None and not isinstance(instance.sub_fund, SubFund):
        raise ParseError(f"a sub-fund is 1 to 6, not {instance.sub_fund!r}")
    if instance.fund is FundKind.PUBLIC_ACCOUNT and instance.source is not None:
        raise ParseError(
            "the Public Account has no source, sub-fund or grant (BR-11(4)(d) divides the "
            "District Fund); classify Public Account lines with a PublicAccountClassification"
        )
    if instance.sub_fund is not None and instance.source is None:
        raise ParseError("a sub-fund needs a source of fund (R or C) before it")
    if instance.grant is not None:
        if instance.sub_fund is None:
            raise ParseError("a grant number needs a sub-fund before it")
        if not re.fullmatch(r"[0-9]{3}", instance.grant):
            raise ParseError(f"a grant number has 3 digits, not {instance.grant!r}")


@attrs.frozen(order=False, repr=False, cache_hash=True)
class FundCode:
    """A code of the fund element (BR-11(4)(d)): fund, source, sub-fund and grant number.

    The text form ``DF-R-1-012`` is kpgov's notation: ``DF`` District Fund or ``PA`` Public
    Account, ``R``/``C`` met from revenue or capital, the sub-fund 1-6 as BR-11(4)(d)(iii)
    numbers them, and the three-digit grant number (renumbered every year).

    >>> code = parse_fund("df r 2 7")
    >>> str(code), code.level.value, code.sub_fund.title, str(code.parent)
    ('DF-R-2-007', 'grant', 'Voted Development Expenditure', 'DF-R-2')
    """

    fund: FundKind
    source: FundSource | None = None
    sub_fund: SubFund | None = None
    grant: str | None = attrs.field(default=None, validator=_check_fund)

    def __str__(self) -> str:
        parts = [self.fund.value]
        if self.source is not None:
            parts.append(self.source.value)
        if self.sub_fund is not None:
            parts.append(str(self.sub_fund.value))
        if self.grant is not None:
            parts.append(self.grant)
        return "-".join(parts)

    def __repr__(self) -> str:
        return f"FundCode({str(self)!r})"

    def __lt__(self, other: FundCode) -> bool:
        return str(self) < str(other)

    @property
    def code(self) -> str:
        return str(self)

    @property
    def element(self) -> Element:
        return Element.FUND

    @property
    def level(self) -> FundLevel:
        if self.grant is not None:
            return FundLevel.GRANT
        if self.sub_fund is not None:
            return FundLevel.SUB_FUND
        if self.source is not None:
            return FundLevel.SOURCE
        return FundLevel.FUND

    @property
    def family(self) -> Family | None:
        """Fund codes have no object family."""
        return None

    @property
    def charged(self) -> bool | None:
        """Whether the sub-fund is charged; None above the sub-fund level."""
        return None if self.sub_fund is None else self.sub_fund.charged

    @property
    def development(self) -> bool | None:
        return None if self.sub_fund is None else self.sub_fund.development

    @property
    def parent(self) -> FundCode | None:
        if self.grant is not None:
            return FundCode(self.fund, self.source, self.sub_fund)
        if self.sub_fund is not None:
            return FundCode(self.fund, self.source)
        if self.source is not None:
            return FundCode(self.fund)
        return None

    @property
    def ancestors(self) -> tuple[FundCode, ...]:
        chain: list[FundCode] = []
        parent = self.parent
        while parent is not None:
            chain.append(parent)
            parent = parent.parent
        return tuple(chain)

    @property
    def major(self) -> FundCode:
        return FundCode(self.fund)

    def at(self, level: FundLevel) -> FundCode:
        """This code's head at ``level`` (itself when it is at or above ``level``).

        >>> str(parse_fund("DF-R-4-012").at(FundLevel.SUB_FUND))
        'DF-R-4'
        """
        code = self
        while code.level.depth > level.depth and code.parent is not None:
            code = code.parent
        return code

    def within(self, other: object) -> bool:
        return isinstance(other, FundCode) and (other == self or other in self.ancestors)


def parse_fund(text: str | FundCode) -> FundCode:
    """Read a fund code: ``"DF-R-1-012"``, ``"df r 4 12"``, ``"DF"``, ``"PA"``.

    >>> parse_fund("DF-R-7")
    Traceback (most recent call last):
    ...
    kpgov.errors.ParseError: 'DF-R-7' is not a fund code: the sub-fund is 1 to 6 ...
    """
    if isinstance(text, FundCode):
        return text
    raw = _text(text, "a fund code")
    match = _FUND_RE.match(raw.strip().upper())
    bad = f"{raw!r} is not a fund code"
    if match is None:
        raise ParseError(
            f"{bad}: expected DF or PA, then R or C (source), a sub-fund 1-6 and a grant "
            "number, as in DF-R-1-012"
        )
    fund, source, sub_fund, grant = match.groups()
    if sub_fund is not None and not 1 <= int(sub_fund) <= 6:
        raise ParseError(f"{bad}: the sub-fund is 1 to 6 (BR-11(4)(d)(iii)), not {sub_fund}")
    try:
        return FundCode(
            FundKind(fund),
            FundSource(source) if source else None,
            SubFund(int(sub_fund)) if sub_fund else None,
            grant.zfill(3) if grant else None,
        )
    except ParseError as exc:
        raise ParseError(f"{bad}: {exc.message}") from None


# --------------------------------------------------------------------------- entity element

_ENTITY_PARTS: Final = (
    (EntityLevel.DISTRICT, re.compile(r"[A-Z0-9]{2,6}"), "2 to 6 letters or digits"),
    (EntityLevel.OFFICE, re.compile(r"[A-Z0-9]{1,8}"), "1 to 8 letters or digits"),
    (EntityLevel.COST_CENTRE, re.compile(r"[A-Z0-9]{4}"), "4 letters or digits"),
)
_ENTITY_CANONICAL: Final = re.compile(r"^[A-Z0-9]{2,6}(?:-[A-Z0-9]{1,8}(?:-[A-Z0-9]{4})?)?\Z")


def _canonical_entity(value: object) -> str:
    if isinstance(value, str) and _ENTITY_CANONICAL.match(value):
        return value
    text = _text(value, "an entity code")
    bad = f"{text!r} is not an entity code"
    parts = [p for p in re.split(r"[\s\-./]+", text.strip().upper()) if p]
    if not parts:
        raise ParseError(f"{bad}: it is empty")
    if len(parts) > 3:
        raise ParseError(f"{bad}: it has {len(parts)} parts; expected district-office-cost centre")
    for part, (level, pattern, rule) in zip(parts, _ENTITY_PARTS, strict=False):
        if not pattern.fullmatch(part):
            raise ParseError(f"{bad}: the {level.value} part {part!r} must be {rule}")
    return "-".join(parts)


@attrs.frozen(eq=False, repr=False)
class EntityCode(_TextCode):
    """A code of the entity element: district, office, and cost centre (DDO) or RCO.

    The text form ``PSH-EDU-PR12`` is kpgov's notation (district 2-6 characters, office 1-8,
    then the 4-character DDO cost-centre or RCO code), parts separated by hyphens.

    >>> code = parse_entity("psh/edu/pr12")
    >>> str(code), code.level.value, str(code.parent), code.cost_centre
    ('PSH-EDU-PR12', 'cost-centre', 'PSH-EDU', 'PR12')
    """

    code: str = attrs.field(converter=_canonical_entity)

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"EntityCode({self.code!r})"

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.code.split("-"))

    @property
    def district(self) -> str:
        return self.parts[0]

    @property
    def office(self) -> str | None:
        parts = self.parts
        return parts[1] if len(parts) > 1 else None

    @property
    def cost_centre(self) -> str | None:
        """The 4-character DDO cost-centre or RCO code, when the code goes that deep."""
        parts = self.parts
        return parts[2] if len(parts) > 2 else None

    @property
    def element(self) -> Element:
        return Element.ENTITY

    @property
    def level(self) -> EntityLevel:
        return _ENTITY_LEVELS[self.code.count("-")]

    @property
    def family(self) -> Family | None:
        """Entity codes have no object family."""
        return None

    @property
    def parent(self) -> EntityCode | None:
        head, sep, _ = self.code.rpartition("-")
        return EntityCode(head) if sep else None

    @property
    def ancestors(self) -> tuple[EntityCode, ...]:
        parts = self.parts
        return tuple(EntityCode("-".join(parts[:n])) for n in range(len(parts) - 1, 0, -1))

    @property
    def major(self) -> EntityCode:
        return EntityCode(self.parts[0])

    def at(self, level: EntityLevel) -> EntityCode:
        """This code's head at ``level`` (itself when it is at or above ``level``)."""
        parts = self.parts
        return EntityCode("-".join(parts[: level.depth])) if len(parts) > level.depth else self

    def within(self, other: object) -> bool:
        return isinstance(other, EntityCode) and (
            self.code == other.code or self.code.startswith(other.code + "-")
        )


def parse_entity(text: str | EntityCode) -> EntityCode:
    """Read an entity code: ``"PSH-EDU-PR12"``, ``"psh edu pr12"``, ``"PSH"``.

    >>> parse_entity("PSH-EDU-PR123")
    Traceback (most recent call last):
    ...
    kpgov.errors.ParseError: 'PSH-EDU-PR123' is not an entity code: the cost-centre part ...
    """
    return text if isinstance(text, EntityCode) else EntityCode(text)


# -------------------------------------------------------------------------- project element

_PROJECT_RE: Final = re.compile(r"^[A-Z0-9](?:[A-Z0-9/\-.]{0,38}[A-Z0-9])?\Z")


def _canonical_project(value: object) -> str:
    if isinstance(value, str) and _PROJECT_RE.match(value):
        return value
    text = _text(value, "a project code")
    code = text.strip().upper()
    if not code:
        raise ParseError(f"{text!r} is not a project code: it is empty")
    if not _PROJECT_RE.match(code):
        raise ParseError(
            f"{text!r} is not a project code: use 1 to 40 letters, digits, '-', '/' or '.', "
            "starting and ending with a letter or digit"
        )
    return code


@attrs.frozen(eq=False, repr=False)
class ProjectCode(_TextCode):
    """The unique code of a development project (BR-11(4)(e), BR-32(5)).

    >>> code = parse_project(" adp-2016/041 ")
    >>> str(code), code.parent, code.ancestors
    ('ADP-2016/041', None, ())
    """

    code: str = attrs.field(converter=_canonical_project)

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"ProjectCode({self.code!r})"

    @property
    def element(self) -> Element:
        return Element.PROJECT

    @property
    def level(self) -> ProjectLevel:
        return ProjectLevel.PROJECT

    @property
    def family(self) -> Family | None:
        return None

    @property
    def parent(self) -> ProjectCode | None:
        return None

    @property
    def ancestors(self) -> tuple[ProjectCode, ...]:
        return ()

    @property
    def major(self) -> ProjectCode:
        return self

    def within(self, other: object) -> bool:
        return isinstance(other, ProjectCode) and self.code == other.code


def parse_project(text: str | ProjectCode) -> ProjectCode:
    """Read a project code (upper-cased, surrounding blanks removed)."""
    return text if isinstance(text, ProjectCode) else ProjectCode(text)
