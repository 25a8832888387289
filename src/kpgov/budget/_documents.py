"""The parts of the budget besides its lines: demands, ceilings, the Statement of New
Expenditure, establishment, investments, liabilities, explanatory notes and the documents
of BR-55(1).

>>> ceiling = IndicativeCeiling(office="HLT", kind="current", next_year="50,00,000",
...                             outer_1="52,00,000", outer_2="54,00,000")
>>> ceiling.amount(2)
Decimal('5400000')
>>> proposal = NewExpenditureProposal("SNE-1", office="HLT", title="New BHU staff",
...                                   personnel=4, rate="45,000", duration_months=12)
>>> proposal.salary_cost
Decimal('2160000')
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import Any, Final

import attrs

from kpgov.accounts import ProjectCode, parse_project
from kpgov.errors import Sourced, ValidationError
from kpgov.money import ZERO, as_amount
from kpgov.periods import Month

__all__ = [
    "AdditionalBid",
    "BudgetApproval",
    "BudgetDocument",
    "CeilingKind",
    "CompletingProject",
    "Demand",
    "ExplanatoryNote",
    "IndicativeCeiling",
    "Investment",
    "LiabilityKind",
    "NewExpenditureProposal",
    "NoteForm",
    "OutgoingGovernment",
    "OutgoingSpending",
    "OutstandingLiability",
    "PostProvision",
    "StatementOfNewExpenditure",
]


def _opt_text(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    return text or None


def _opt_amount(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None or value == "" else as_amount(value)


def _opt_project(value: str | ProjectCode | None) -> ProjectCode | None:
    return None if value is None or value == "" else parse_project(value)


def _non_negative(_instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if value < 0:
        raise ValidationError(
            f"{attribute.name} cannot be negative, got {value}", field=attribute.name
        )


def _non_negative_int(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ValidationError(
            f"{attribute.name} is a whole number of at least 0, got {value!r}", field=attribute.name
        )


def _non_empty(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{attribute.name} cannot be empty", field=attribute.name)


class BudgetDocument(enum.Enum):
    """The budget documents of BR-55(1)(a)-(j), by clause letter."""

    BUDGET_SPEECH = "a"
    ANNUAL_BUDGET_STATEMENT = "b"
    BUDGET_SALIENT_FEATURES = "c"
    ESTIMATES_OF_RECEIPTS = "d"
    DEMANDS_CURRENT = "e"
    DEMANDS_DEVELOPMENT = "f"
    STATEMENT_OF_NEW_EXPENDITURE = "g"
    ANNUAL_DEVELOPMENT_PROGRAMME = "h"
    CITIZENS_BUDGET = "i"
    SUPPLEMENTARY_BUDGET = "j"

    @property
    def title(self) -> str:
        return _DOCUMENT_TITLES[self]


_DOCUMENT_TITLES: Final = {
    BudgetDocument.BUDGET_SPEECH: "Budget speech of the Nazim",
    BudgetDocument.ANNUAL_BUDGET_STATEMENT: "Annual Budget Statement",
    BudgetDocument.BUDGET_SALIENT_FEATURES: "Budget Salient Features",
    BudgetDocument.ESTIMATES_OF_RECEIPTS: "Estimates of Receipts",
    BudgetDocument.DEMANDS_CURRENT: "Demands for Grants (Current expenditure)",
    BudgetDocument.DEMANDS_DEVELOPMENT: "Demands for Grants (Development expenditure)",
    BudgetDocument.STATEMENT_OF_NEW_EXPENDITURE: "Statement of New Expenditure",
    BudgetDocument.ANNUAL_DEVELOPMENT_PROGRAMME: "Annual Development Programme",
    BudgetDocument.CITIZENS_BUDGET: "Citizens' Budget",
    BudgetDocument.SUPPLEMENTARY_BUDGET: "Supplementary Budget for current year if required",
}


class CeilingKind(enum.Enum):
    """Indicative ceilings are set for the current and the development budget (BR-13(5))."""

    CURRENT = "current"
    DEVELOPMENT = "development"


@attrs.frozen
class Demand(Sourced):
    """A Demand for Grant presented to the District Council, by its grant number.

    ``recommended_by_nazim`` records the Nazim's recommendation (BR-66(3), LGA-34(3)).
    """

    grant: str = attrs.field(validator=_non_empty)
    title: str
    kind: CeilingKind = attrs.field(converter=CeilingKind)
    recommended_by_nazim: bool = False


@attrs.frozen
class IndicativeCeiling(Sourced):
    """An indicative budgetary ceiling for three years (BR-13(5), (7)), for an office (the
    office part of the entity code) and, optionally, one cost centre (full entity code)."""

    office: str = attrs.field(validator=_non_empty)
    kind: CeilingKind = attrs.field(converter=CeilingKind)
    next_year: Decimal = attrs.field(converter=as_amount, validator=_non_negative)
    outer_1: Decimal = attrs.field(converter=as_amount, validator=_non_negative)
    outer_2: Decimal = attrs.field(converter=as_amount, validator=_non_negative)
    cost_centre: str | None = attrs.field(default=None, converter=_opt_text)

    def amount(self, year: int) -> Decimal:
        """The ceiling for year 0 (the budget year), 1 or 2 of the medium term."""
        return (self.next_year, self.outer_1, self.outer_2)[year]


@attrs.frozen
class AdditionalBid(Sourced):
    """A request over and above an office's ceiling for the budget year (BR-24(5))."""

    office: str = attrs.field(validator=_non_empty)
    kind: CeilingKind = attrs.field(converter=CeilingKind)
    amount: Decimal = attrs.field(converter=as_amount, validator=_non_negative)
    justification: str | None = attrs.field(default=None, converter=_opt_text)
    cost_centre: str | None = attrs.field(default=None, converter=_opt_text)


@attrs.frozen
class NewExpenditureProposal(Sourced):
    """A proposal of the Statement of New Expenditure (BR-29 to BR-31, Forms BDC-1 to 7).

    ``personnel``, ``rate`` (monthly remuneration per person) and ``duration_months`` are
    what BR-31(1)(a) asks for (``None`` when the proposal does not state them; ``personnel=0``
    states that no officials are proposed). ``revenue_implications`` describes the revenue
    effect and ``revenue_amount`` quantifies it (BR-31(1)(b)); ``note`` is the BDC-7
    explanatory note (BR-30(2)); ``project`` names the development project whose recurring
    costs the proposal carries (BR-29(1), BR-50(1)(b)).
    """

    proposal_id: str = attrs.field(validator=_non_empty)
    office: str
    title: str
    personnel: int | None = attrs.field(default=None, validator=_non_negative_int)
    rate: Decimal | None = attrs.field(default=None, converter=_opt_amount)
    duration_months: int | None = attrs.field(default=None, validator=_non_negative_int)
    revenue_implications: str | None = attrs.field(default=None, converter=_opt_text)
    revenue_amount: Decimal = attrs.field(
        default=ZERO, converter=as_amount, validator=_non_negative
    )
    note: str | None = attrs.field(default=None, converter=_opt_text)
    project: ProjectCode | None = attrs.field(default=None, converter=_opt_project)

    @property
    def salary_cost(self) -> Decimal | None:
        """Personnel x monthly rate x months, when all three are stated."""
        if self.personnel is None or self.rate is None or self.duration_months is None:
            return None
        return self.rate * self.personnel * self.duration_months


@attrs.frozen
class StatementOfNewExpenditure(Sourced):
    """The SNE (BR-29, BR-62): its proposals and the Provincial Finance Department's prior
    approval (BR-29(2)): an approval reference and date."""

    proposals: tuple[NewExpenditureProposal, ...] = ()
    finance_department_approval: str | None = attrs.field(default=None, converter=_opt_text)
    approved_on: date | None = None


@attrs.frozen
class CompletingProject(Sourced):
    """A development project expected to be completed in the budget year, with the yearly
    recurring cost it leaves to the current budget (BR-29(1), BR-30(3), BR-50(1))."""

    project: ProjectCode = attrs.field(converter=parse_project)
    title: str
    office: str
    recurring_cost: Decimal = attrs.field(converter=as_amount, validator=_non_negative)


@attrs.frozen
class PostProvision(Sourced):
    """Posts of one designation in one cost centre and how many the estimates pay for.

    ``left_unfilled`` counts the posts decided to be left unfilled (BR-22(1)(g)).
    """

    cost_centre: str = attrs.field(validator=_non_empty)
    designation: str
    sanctioned: int = attrs.field(validator=_non_negative_int)
    left_unfilled: int = attrs.field(validator=_non_negative_int)
    provided_for: int = attrs.field(validator=_non_negative_int)
    bps: int | None = attrs.field(default=None, validator=_non_negative_int)


@attrs.frozen
class Investment(Sourced):
    """An investment made out of the District Fund (Form BDO-1, BR-26(1)(a)), valued as at
    the close of the budget year; it counts towards the closing balance (BR-66(4))."""

    description: str
    amount: Decimal = attrs.field(converter=as_amount, validator=_non_negative)
    government_security: bool = (
        True  # floated or approved by the Government (LGA-50(2))  # float-ok: law text
    )


class LiabilityKind(enum.Enum):
    DEBT = "debt"
    OTHER = "other"


@attrs.frozen
class OutstandingLiability(Sourced):
    """An item of the statement of outstanding liabilities (BR-26(1)(c)); a debt breaches
    LGA-50(1)."""

    description: str
    amount: Decimal = attrs.field(converter=as_amount, validator=_non_negative)
    kind: LiabilityKind = attrs.field(default=LiabilityKind.OTHER, converter=LiabilityKind)


class NoteForm(enum.Enum):
    BDR_5 = "BDR-5"  # explanatory note to the receipt forms (BR-17(1))
    BDC_7 = "BDC-7"  # explanatory note of a DDO's current-expenditure proposal (BR-23(1))


@attrs.frozen
class ExplanatoryNote(Sourced):
    """An explanatory note of an office (BDR-5) or of a cost centre (BDC-7)."""

    form: NoteForm = attrs.field(converter=NoteForm)
    office: str
    text: str = attrs.field(validator=_non_empty)
    cost_centre: str | None = attrs.field(default=None, converter=_opt_text)


@attrs.frozen
class OutgoingSpending(Sourced):
    """What an outgoing local government spent or committed under one demand in one month."""

    grant: str
    month: Month
    amount: Decimal = attrs.field(converter=as_amount)


@attrs.frozen
class OutgoingGovernment(Sourced):
    """A local government whose term ends during the budget year because of fresh elections
    (LGA-33(3)): from ``from_month`` until ``term_ends`` it may spend at most the monthly
    fraction of the budgeted funds under each demand."""

    term_ends: date
    spending: tuple[OutgoingSpending, ...] = ()
    from_month: Month | None = None


@attrs.frozen
class BudgetApproval(Sourced):
    """How the budget was approved: by the council on ``approved_on`` with ``votes_for`` of
    its ``total_membership`` (LGA-35(2)), or, when the council did not approve it before the
    year began, by the Government (``by_government``, LGA-35(4), BR-67(2))."""

    approved_on: date
    votes_for: int | None = attrs.field(default=None, validator=_non_negative_int)
    total_membership: int | None = attrs.field(default=None, validator=_non_negative_int)
    by_government: bool = False
