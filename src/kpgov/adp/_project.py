"""The development project as on Form BDD-4 (r.32)."""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import Final

import attrs
from dateutil.relativedelta import relativedelta

from kpgov.accounts import parse_function, parse_project
from kpgov.errors import Location, ParseError, ValidationError
from kpgov.money import ZERO, as_amount

__all__ = [
    "Account",
    "Beneficiaries",
    "FundingSource",
    "Project",
    "ProjectKind",
]


class ProjectKind(enum.Enum):
    """The kinds of project r.36(9) sets completion periods for."""

    BUILDING = "building_infrastructure"  #: r.36(9)(a): one year
    ROAD = "road"  #: r.36(9)(b): nine months
    OTHER = "other"  #: r.36(9)(c): six months

    @property
    def involves_works(self) -> bool:
        """Buildings, infrastructure and roads are works (r.33(1)(e), r.40)."""
        return self is not ProjectKind.OTHER


class FundingSource(enum.Enum):
    """Where a project's money comes from (Form BDD-4 VII(a); r.36(8), r.41(1))."""

    DISTRICT_ADP = "district_adp"
    PROVINCIAL_ADP = "provincial_adp"
    FEDERAL_PSDP = "federal_psdp"
    FOREIGN_AID = "foreign_aid"
    SUBSIDY = "subsidy"
    COMMUNITY = "community"
    PUBLIC_PRIVATE = "public_private"

    @property
    def outside_ddc_competence(self) -> bool:
        """Subsidy and external funding the DDC may not approve (r.36(8))."""
        return self in _NOT_DDC


_NOT_DDC: Final = frozenset(
    {
        FundingSource.PROVINCIAL_ADP,
        FundingSource.FEDERAL_PSDP,
        FundingSource.FOREIGN_AID,
        FundingSource.SUBSIDY,
    }
)


class Account(enum.Enum):
    """Development expenditure out of revenue or capital account (r.32(4))."""

    REVENUE = "revenue"
    CAPITAL = "capital"


def _check_code(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    """A project code of the Chart of Accounts' project element (r.32(5), r.11(4)(e))."""
    try:
        canonical = str(parse_project(value))
    except ParseError as exc:
        raise ValidationError(exc.message, field=attribute.name) from None
    if canonical != value:
        raise ValidationError(
            f"write the project code as {canonical!r}, not {value!r}", field=attribute.name
        )


def _function_text(value: str) -> str:
    """A function code of the Chart of Accounts (r.42(1)), or '' when not yet classified."""
    if not isinstance(value, str):
        raise ValidationError(f"a function code is text, not {value!r}", field="function")
    text = value.strip()
    return str(parse_function(text)) if text else ""


def _non_negative(_instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if value < 0:
        raise ValidationError(f"{attribute.name} must not be negative, got {value}")


def _optional_amount(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else as_amount(value)


def _non_negative_opt(
    _instance: object, attribute: attrs.Attribute[Decimal | None], value: Decimal | None
) -> None:
    if value is not None and value < 0:
        raise ValidationError(f"{attribute.name} must not be negative, got {value}")


def _count(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(f"{attribute.name} must be a count (0 or more), got {value!r}")


@attrs.frozen
class Beneficiaries:
    """One row of Form BDD-4 IV-B: a type of benefit and how many men and women get it.

    >>> Beneficiaries("students enrolled", male=0, female=420).total
    420
    """

    benefit: str
    male: int = attrs.field(validator=_count)
    female: int = attrs.field(validator=_count)

    @property
    def total(self) -> int:
        return self.male + self.female


def _amounts(values: object) -> tuple[Decimal, ...]:
    if not isinstance(values, list | tuple):
        raise ValidationError(f"yearly costs are a list of amounts, not {values!r}")
    return tuple(as_amount(v) for v in values)


def _works_default(self: Project) -> bool:
    return self.kind.involves_works


@attrs.frozen
class Project:
    """A development project proposal as on Form BDD-4 (r.32, r.36(2)).

    ``cost`` is the development (one-time) cost; ``yearly_costs`` its phasing by year of the
    project (Form BDD-4 VIII-A), which must add up to ``cost`` when given;
    ``recurring_cost`` the yearly recurrent cost after completion (VII(b)).
    ``administrative_approval`` and ``technical_sanction`` are the costs of those sanctions when
    already known; the lifecycle records the ones actually issued. ``source`` is where the
    proposal was read from (provenance, outside equality and any hash).

    >>> p = Project(
    ...     code="ABT-ED-0001", name="Girls primary school, Havelian",
    ...     sponsoring_agency="Education",
    ...     executing_agency="C&W Abbottabad", sector="Education", function="091102",
    ...     location="Havelian", kind=ProjectKind.BUILDING,
    ...     funding_source=FundingSource.DISTRICT_ADP, cost=Decimal("12000000"),
    ...     start=date(2025, 9, 1), completion=date(2026, 8, 31),
    ...     project_manager="SDO Buildings", deliverables=("6 classrooms",))
    >>> p.involves_works, p.completion_within(12), p.completion_within(9)
    (True, True, False)
    """

    code: str = attrs.field(validator=_check_code)
    name: str
    sponsoring_agency: str
    executing_agency: str
    sector: str
    function: str = attrs.field(converter=_function_text)
    location: str
    kind: ProjectKind
    funding_source: FundingSource
    cost: Decimal = attrs.field(converter=as_amount, validator=_non_negative)
    start: date
    completion: date
    project_manager: str = ""
    deliverables: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    yearly_costs: tuple[Decimal, ...] = attrs.field(default=(), converter=_amounts)
    recurring_cost: Decimal = attrs.field(
        default=ZERO, converter=as_amount, validator=_non_negative
    )
    administrative_approval: Decimal | None = attrs.field(
        default=None, converter=_optional_amount, validator=_non_negative_opt
    )
    technical_sanction: Decimal | None = attrs.field(
        default=None, converter=_optional_amount, validator=_non_negative_opt
    )
    beneficiaries: tuple[Beneficiaries, ...] = attrs.field(default=(), converter=tuple)
    implementing_agency_after_completion: str = ""
    account: Account = Account.CAPITAL
    involves_works: bool = attrs.field(default=attrs.Factory(_works_default, takes_self=True))
    mega: bool = False
    source: Location | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.completion < self.start:
            raise ValidationError(
                f"project {self.code}: completion {self.completion} is before start {self.start}",
                field="completion",
            )
        if self.yearly_costs and sum(self.yearly_costs, ZERO) != self.cost:
            raise ValidationError(
                f"project {self.code}: yearly costs add up to {sum(self.yearly_costs, ZERO)}, "
                f"not the cost {self.cost}",
                field="yearly_costs",
            )

    def completion_within(self, months: int) -> bool:
        """Whether the planned completion falls within ``months`` of the start (r.36(9))."""
        return self.completion <= self.start + relativedelta(months=months)

    @property
    def beneficiaries_male(self) -> int:
        return sum(b.male for b in self.beneficiaries)

    @property
    def beneficiaries_female(self) -> int:
        return sum(b.female for b in self.beneficiaries)

    def missing_essentials(self) -> tuple[str, ...]:
        """What r.32(2) requires that this proposal lacks (empty when complete)."""
        missing = []
        if not self.project_manager.strip():
            missing.append("a nominated project manager (r.32(2)(b))")
        if self.cost <= 0:
            missing.append("an approved project plan and budget (r.32(2)(d))")
        if not self.deliverables:
            missing.append("specified deliverables (r.32(2)(e))")
        return tuple(missing)
