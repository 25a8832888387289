"""Law as data: citations, rules, the rule registry and dated parameters.

Every check kpgov performs is a :class:`Rule` with a stable id built from its source clause
(see the conventions in DESIGN.md) and a :class:`Citation` that quotes the law it applies.

>>> rule = Rule(
...     id="BR-66(4)",
...     citation=Citation("BR", "66(4)", "not ... below 5% of the total receipts"),
...     title="Closing balance at least 5% of receipts",
...     severity=Severity.ERROR,
...     package="budget",
... )
>>> rule.citation.reference
'Budget Rules 2016, r.66(4)'
>>> registry = RuleRegistry()
>>> registry.register(rule)
>>> registry.get("BR-66(4)").title
'Closing balance at least 5% of receipts'

Dated parameters hold the figures the Government sets or may change, OpenFisca style:

>>> floor = PARAMETERS["closing_balance_floor"]
>>> floor.at(date(2020, 7, 1))
Decimal('0.05')
>>> custom = PARAMETERS.override("closing_balance_floor", Decimal("0.07"), since=date(2024, 7, 1))
>>> custom.value("closing_balance_floor", date(2024, 7, 1))
Decimal('0.07')
>>> PARAMETERS.value("closing_balance_floor", date(2024, 7, 1))  # the default is unchanged
Decimal('0.05')
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Final

import attrs

from kpgov.errors import NotFoundError, ValidationError

__all__ = [
    "INSTRUMENTS",
    "PARAMETERS",
    "RULES",
    "Citation",
    "Parameter",
    "ParameterSet",
    "Rule",
    "RuleRegistry",
    "Severity",
    "all_rules",
    "get",
    "parse_rule_id",
    "register",
]

#: The instruments kpgov encodes, by the prefix used in rule ids.
INSTRUMENTS: Final[Mapping[str, str]] = {
    "BR": "Khyber Pakhtunkhwa District or City District Government (Budget) Rules, 2016",
    "LGA": "Khyber Pakhtunkhwa Local Government Act, 2013 (Appendix A of the Budget Rules)",
    "GGS": "Khyber Pakhtunkhwa Good Governance Strategy, 2019",
    "SOP": "KP SOP on Sustainability and Enforcement of Governance Initiatives",
    "SDSSP": "Sindh Devolved Social Services Program, Concept Note on Planning Convention, 2007",
    "ROB": "Khyber Pakhtunkhwa District Government Rules of Business, 2016 (Appendix B of the "
    "Budget Rules)",
}

_SHORT_NAMES: Final[Mapping[str, str]] = {
    "BR": "Budget Rules 2016, r.",
    "LGA": "Local Government Act 2013, s.",
    "GGS": "Good Governance Strategy 2019, ",
    "SOP": "SOP on Governance Initiatives, ",
    "SDSSP": "SDSSP Planning Convention note, ",
    "ROB": "District Rules of Business 2016, r.",
}

_CLAUSE: Final = r"\d+[A-Z]?(?:\([0-9a-z]+\))*"
_RULE_ID_RE: Final = re.compile(
    r"^(?:"
    rf"BR-(?:S2-\d+|S1-[A-Z]+-?\d*|{_CLAUSE})"
    rf"|LGA-{_CLAUSE}"
    r"|GGS-(?:OG|SD|CP|PA|IT)-\d{2,3}[a-z]?"
    r"|GGS-(?:\d+(?:\.\d+)*[a-z]?|[a-z][a-z0-9-]*)"
    r"|SOP-[A-Za-z0-9().-]+"
    r"|SDSSP-[A-Za-z0-9().-]+"
    rf"|ROB-{_CLAUSE}"
    r")(?:#[a-z0-9][a-z0-9-]*)?$"
)


def parse_rule_id(text: str) -> str:
    """Validate a rule id against the syntax of DESIGN.md and return it.

    ``BR-66(4)``, ``BR-36(9)(b)``, ``BR-S2-11``, ``LGA-35(3)``, ``GGS-OG-12``, ``SOP-1``,
    ``SDSSP-4(i)``; other parts of the strategy by section (``GGS-5.2``) or a lowercase name
    (``GGS-review-cadence``); a ``#suffix`` tells apart two checks of one clause
    (``BR-11(4)#object``).

    >>> parse_rule_id("BR-36(9)(b)")
    'BR-36(9)(b)'
    >>> parse_rule_id("BR 66")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kpgov.errors.ValidationError: 'BR 66' is not a rule id (expected e.g. 'BR-66(4)', ...)
    """
    if not isinstance(text, str) or not _RULE_ID_RE.match(text):
        raise ValidationError(
            f"{text!r} is not a rule id "
            "(expected e.g. 'BR-66(4)', 'BR-S2-11', 'LGA-35(3)', 'GGS-OG-12')"
        )
    return text


class Severity(enum.Enum):
    """How serious a finding is: "shall"/"must" is an error, "should" or guidance a warning."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


def _check_instrument(_instance: object, _attribute: object, value: str) -> None:
    if value not in INSTRUMENTS:
        raise ValidationError(
            f"unknown instrument {value!r}; expected one of {', '.join(INSTRUMENTS)}"
        )


@attrs.frozen
class Citation:
    """A clause of an instrument with a short excerpt of its text."""

    instrument: str = attrs.field(validator=_check_instrument)
    clause: str
    excerpt: str = ""

    @property
    def reference(self) -> str:
        """A human reference such as ``Budget Rules 2016, r.66(4)``.

        >>> Citation("BR", "S2-11").reference
        'Budget Rules 2016, Second Schedule, item 11'
        >>> Citation("BR", "S1-ABS-1").reference
        'Budget Rules 2016, First Schedule, Form ABS, note 1'
        """
        if self.instrument == "BR" and self.clause.startswith("S2-"):
            return f"Budget Rules 2016, Second Schedule, item {self.clause[3:]}"
        if self.instrument == "BR" and self.clause.startswith("S1-"):
            form, _, note = self.clause[3:].rpartition("-")
            if form and note.isdigit():
                return f"Budget Rules 2016, First Schedule, Form {form}, note {note}"
            return f"Budget Rules 2016, First Schedule, Form {self.clause[3:]}"
        return f"{_SHORT_NAMES[self.instrument]}{self.clause}"

    def __str__(self) -> str:
        return f"{self.reference}: {self.excerpt}" if self.excerpt else self.reference


def _check_rule_id(_instance: object, _attribute: object, value: str) -> None:
    parse_rule_id(value)


@attrs.frozen
class Rule:
    """A checkable rule: its id, the law it applies, a title and the severity of a breach.

    ``package`` names the kpgov package that checks it (``accounts``, ``budget`` ...).
    """

    id: str = attrs.field(validator=_check_rule_id)
    citation: Citation
    title: str
    severity: Severity
    package: str = ""

    @property
    def instrument(self) -> str:
        return self.citation.instrument


class RuleRegistry:
    """The rules kpgov knows, by id. Registering the same rule twice is harmless; registering
    a different rule under a known id is an error."""

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._rules: dict[str, Rule] = {}
        for rule in rules:
            self.register(rule)

    def register(self, rule: Rule) -> None:
        known = self._rules.get(rule.id)
        if known is not None and known != rule:
            raise ValidationError(f"rule {rule.id} is already registered with another definition")
        self._rules[rule.id] = rule

    def get(self, rule_id: str) -> Rule:
        try:
            return self._rules[rule_id]
        except KeyError:
            raise NotFoundError(f"no rule {rule_id!r} is registered") from None

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.all())

    def __len__(self) -> int:
        return len(self._rules)

    def all(self, *, instrument: str | None = None, package: str | None = None) -> list[Rule]:
        """Rules sorted by id, optionally only one instrument's or one package's."""
        return sorted(
            (
                rule
                for rule in self._rules.values()
                if (instrument is None or rule.instrument == instrument)
                and (package is None or rule.package == package)
            ),
            key=lambda rule: _sort_key(rule.id),
        )


def _sort_key(rule_id: str) -> tuple[object, ...]:
    """Sort ``BR-9`` before ``BR-10`` and ``(2)`` before ``(10)``."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.findall(r"\d+|[^\d]+", rule_id)
    )


#: The registry every kpgov package registers its rules in. ``kpgov rules`` lists it.
RULES: Final = RuleRegistry()


def register(*rules: Rule) -> None:
    """Register rules in the default registry :data:`RULES`."""
    for rule in rules:
        RULES.register(rule)


def get(rule_id: str) -> Rule:
    """The rule registered under ``rule_id`` in :data:`RULES`."""
    return RULES.get(rule_id)


def all_rules(*, instrument: str | None = None, package: str | None = None) -> list[Rule]:
    """All rules of :data:`RULES`, sorted by id, optionally filtered."""
    return RULES.all(instrument=instrument, package=package)


ParameterValue = Decimal | int | None


def _check_values(
    _instance: object, _attribute: object, value: tuple[tuple[date, ParameterValue], ...]
) -> None:
    if not value:
        raise ValidationError("a parameter needs at least one dated value")
    starts = [since for since, _ in value]
    if starts != sorted(starts) or len(set(starts)) != len(starts):
        raise ValidationError("a parameter's values must be in date order, one per date")
    for _, amount in value:
        if isinstance(amount, bool) or not isinstance(amount, Decimal | int | type(None)):
            raise ValidationError(f"a parameter value is a Decimal, an int or None, not {amount!r}")


@attrs.frozen
class Parameter:
    """A figure set by law or by the Government, with the dates from which each value holds.

    A value of ``None`` means the law leaves the figure to the Government and no value has
    been set (for example the DDC approval limit of BR-36(7)): checks that need it report
    that it is missing instead of guessing.
    """

    name: str
    citation: Citation
    description: str
    unit: str
    values: tuple[tuple[date, ParameterValue], ...] = attrs.field(validator=_check_values)

    def at(self, day: date) -> ParameterValue:
        """The value in force on ``day`` (``None`` before the first value or when unset)."""
        current: ParameterValue = None
        for since, value in self.values:
            if since > day:
                break
            current = value
        return current

    def with_value(self, value: ParameterValue, *, since: date) -> Parameter:
        """A copy where ``value`` holds from ``since`` on (replacing later dated values)."""
        kept = tuple((start, old) for start, old in self.values if start < since)
        return attrs.evolve(self, values=(*kept, (since, value)))


def _frozen_copy(parameters: Mapping[str, Parameter]) -> Mapping[str, Parameter]:
    return MappingProxyType(dict(parameters))


@attrs.frozen
class ParameterSet(Mapping[str, Parameter]):
    """An immutable set of parameters by name; :meth:`override` returns a changed copy."""

    parameters: Mapping[str, Parameter] = attrs.field(converter=_frozen_copy)

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise NotFoundError(f"no parameter {name!r}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.parameters)

    def __len__(self) -> int:
        return len(self.parameters)

    def value(self, name: str, day: date) -> ParameterValue:
        return self[name].at(day)

    def override(self, name: str, value: ParameterValue, *, since: date) -> ParameterSet:
        """A copy where parameter ``name`` takes ``value`` from ``since`` on."""
        changed = dict(self.parameters)
        changed[name] = self[name].with_value(value, since=since)
        return ParameterSet(changed)


_NOTIFIED: Final = date(2016, 1, 13)  # the Budget Rules 2016 were notified on 13 January 2016

#: The default parameters, as the seeds state them.
PARAMETERS: Final = ParameterSet(
    {
        p.name: p
        for p in (
            Parameter(
                name="closing_balance_floor",
                citation=Citation(
                    "BR",
                    "66(4)",
                    "The closing balance of the District Government shall not be allowed to fall "
                    "below 5% of the total receipts (excluding those of the public account)",
                ),
                description="Smallest closing balance, as a fraction of total receipts",
                unit="fraction",
                values=((_NOTIFIED, Decimal("0.05")),),
            ),
            Parameter(
                name="outgoing_monthly_spending_limit",
                # printed as a second s.35(3) ("Application of Funds"); s.33 by its place
                citation=Citation(
                    "LGA",
                    "33(3)",
                    "the outgoing local government shall not spend funds or make commitments ... "
                    "in excess of eight percent per mensum of the budgeted funds for remainder "
                    "of its term in office",
                ),
                description="Most an outgoing local government may spend a month, as a "
                "fraction of the budgeted funds for the rest of its term",
                unit="fraction",
                values=((_NOTIFIED, Decimal("0.08")),),  # earliest date the seeds attest
            ),
            Parameter(
                name="completion_months_buildings",
                citation=Citation(
                    "BR", "36(9)(a)", "one year. for building and infrastructure projects"
                ),
                description="Completion period of building and infrastructure projects",
                unit="months",
                values=((_NOTIFIED, 12),),
            ),
            Parameter(
                name="completion_months_roads",
                citation=Citation("BR", "36(9)(b)", "nine months for roads projects"),
                description="Completion period of road projects",
                unit="months",
                values=((_NOTIFIED, 9),),
            ),
            Parameter(
                name="completion_months_other",
                citation=Citation("BR", "36(9)(c)", "six months for any others projects"),
                description="Completion period of other projects",
                unit="months",
                values=((_NOTIFIED, 6),),
            ),
            Parameter(
                name="release_days",
                citation=Citation(
                    "BR",
                    "68(6)",
                    "upon receipt of funds from the Government in Account – IV, release within "
                    "three days the funds so received",
                ),
                description="Days within which funds received in Account IV are released",
                unit="days",
                values=((_NOTIFIED, 3),),
            ),
            Parameter(
                name="deposit_days",
                citation=Citation(
                    "BR",
                    "69(2)(a)",
                    "public money shall in so far as possible be deposited directly in the bank "
                    "... on the same day but not later than the close of following day",
                ),
                description="Days after receipt by which public money is deposited in the bank",
                unit="days",
                values=((_NOTIFIED, 1),),
            ),
            Parameter(
                name="excesses_surrenders_after_months",
                citation=Citation(
                    "BR",
                    "82(1)",
                    "The Statement of Excesses and Surrenders shall be prepared in Form BM-13 by "
                    "the Head of Offices after 8 months of the financial year.",
                ),
                description="Months of actuals on which Form BM-13 and the revised estimates rest",
                unit="months",
                values=((_NOTIFIED, 8),),
            ),
            Parameter(
                name="likely_excess_margin",
                citation=Citation(
                    "BR",
                    "79(1)",
                    "In the event that a Grant is likely to be exceeded, the Head of Offices "
                    "shall take immediate steps to prevent the excess expenditure",
                ),
                description="Fraction of the final grant that spending at its run rate may "
                "reach before a likely excess is flagged (1 flags only a projected excess)",
                unit="fraction",
                values=((_NOTIFIED, Decimal(1)),),
            ),
            Parameter(
                name="development_grant_share_floor",
                citation=Citation(
                    "LGA",
                    "53(1)(b)",
                    "the development grant for local governments shall be so determined that it "
                    "is not less than thirty percent of the total development budget of the "
                    "province in the respective year",
                ),
                description="Smallest development grant for local governments, as a fraction "
                "of the province's total development budget",
                unit="fraction",
                values=((_NOTIFIED, Decimal("0.30")),),
            ),
            *(
                Parameter(
                    name=f"reappropriation_power_{who}",
                    citation=Citation(
                        "BR",
                        "85(2)",
                        "The officials shall re-appropriate in accordance with the "
                        "re-appropriation powers delegated by the competent authority to them.",
                    ),
                    description=f"Largest re-appropriation {title} may sanction (delegated by "
                    "the competent authority; not in the seeds, so unset until the user sets "
                    "it, and unchecked while unset)",
                    unit="rupees",
                    values=((_NOTIFIED, None),),
                )
                for who, title in (
                    ("ddo", "a Drawing and Disbursing Officer"),
                    ("head_of_offices", "a Head of Offices"),
                    ("do_finance_planning", "the District Officer Finance and Planning"),
                    ("principal_accounting_officer", "the Principal Accounting Officer"),
                    ("nazim", "the Nazim"),
                )
            ),
            Parameter(
                name="ddc_approval_limit",
                citation=Citation(
                    "BR",
                    "36(7)",
                    "The District Development Committee shall be competent to approve projects "
                    "up to a cost as prescribed by the Government.",
                ),
                description="Largest project cost the DDC may approve (set by Government; "
                "no value in the seeds, so users must set it)",
                unit="rupees",
                values=((_NOTIFIED, None),),
            ),
        )
    }
)
