"""Sector planning after the Sindh planning-convention note (``SDSSP-4(...)`` rules).

The note (Sindh Devolved Social Services Program, 2007) asks each district to present, at a
planning convention, its sector plan - resource envelope by source, vertical programmes,
pipeline, needs analysis, vision and priorities, short-term objectives and proposed schemes
(para 4(e)) - before a quorum (4(d)); conditional grants are released only once the council
has passed the budget with the annual sector plans (4(i)).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Final

import attrs

from kpgov.adp._rules import rule
from kpgov.findings import Finding
from kpgov.law import Severity
from kpgov.money import ZERO, as_amount, format_amount
from kpgov.periods import FinancialYear

__all__ = [
    "QUORUM",
    "ConventionMember",
    "PlanningConvention",
    "ProposedScheme",
    "ResourceSource",
    "SectorPlan",
    "check_conditional_grant_release",
    "check_quorum",
    "check_sector_plan",
]


class ResourceSource(enum.Enum):
    """The sources of a district's resource envelope (4(e)(a)(i)-(iv))."""

    DISTRICT_ADP = "district_adp"
    CONDITIONAL_GRANT = "conditional_grant"
    SPECIAL_PROGRAMMES = "special_programmes"
    OTHER = "other"


class ConventionMember(enum.Enum):
    """Who makes up the convention's quorum (4(d))."""

    NAZIM = "nazim"
    DCO = "dco"
    CONCERNED_EDOS = "concerned_edos"
    EDO_FINANCE_PLANNING = "edo_finance_planning"
    MONITORING_COMMITTEE_CHAIRMEN = "monitoring_committee_chairmen"
    SDSSP_TEAM = "sdssp_team"
    PLD_REPRESENTATIVES = "pld_representatives"


#: The quorum of 4(d): the Nazim or the DCO, and each of the others. The note numbers the
#: first member "i." and the others "a)"-"d)"; kpgov reads all as required (see docs/adp.md).
QUORUM: Final = (
    frozenset({ConventionMember.NAZIM, ConventionMember.DCO}),
    frozenset({ConventionMember.CONCERNED_EDOS}),
    frozenset({ConventionMember.EDO_FINANCE_PLANNING}),
    frozenset({ConventionMember.MONITORING_COMMITTEE_CHAIRMEN}),
    frozenset({ConventionMember.SDSSP_TEAM}),
    frozenset({ConventionMember.PLD_REPRESENTATIVES}),
)


def _envelope(value: Mapping[ResourceSource, Decimal | int | str]) -> dict[ResourceSource, Decimal]:
    return {ResourceSource(k): as_amount(v) for k, v in value.items()}


@attrs.frozen
class ProposedScheme:
    """A scheme proposed to meet the vision and priorities (4(e)(g))."""

    name: str
    cost: Decimal = attrs.field(converter=as_amount)
    priority: str = ""


@attrs.frozen
class SectorPlan:
    """A district's annual sector plan (ASP) for one sector, as presented under 4(e)."""

    district: str
    sector: str
    year: FinancialYear
    resource_envelope: dict[ResourceSource, Decimal] = attrs.field(converter=_envelope)
    vertical_programmes: tuple[str, ...] = ()
    pipeline: tuple[str, ...] = ()
    needs_analysis: str = ""
    priorities: tuple[str, ...] = ()
    short_term_objectives: tuple[str, ...] = ()
    proposed_schemes: tuple[ProposedScheme, ...] = ()

    @property
    def envelope_total(self) -> Decimal:
        return sum(self.resource_envelope.values(), ZERO)

    @property
    def schemes_total(self) -> Decimal:
        return sum((s.cost for s in self.proposed_schemes), ZERO)


def check_sector_plan(plan: SectorPlan) -> list[Finding]:
    """What the plan lacks of the presentation 4(e) asks for, and schemes beyond the
    envelope (a note: the paper does not say the schemes must fit, only that they meet the
    priorities)."""
    subject = f"sector plan {plan.district} {plan.sector} {plan.year}"
    law = rule("SDSSP-4(e)")
    parts = {
        "resource envelope (a)": bool(plan.resource_envelope),
        "vertical programmes (b)": bool(plan.vertical_programmes),
        "programmes/projects/grants in pipeline (c)": bool(plan.pipeline),
        "need analysis (d)": bool(plan.needs_analysis.strip()),
        "vision and district priorities (e)": bool(plan.priorities),
        "short term objectives (f)": bool(plan.short_term_objectives),
        "schemes proposed (g)": bool(plan.proposed_schemes),
    }
    findings = [
        Finding.of(law, subject, f"the presentation lacks the {part}")
        for part, present in parts.items()
        if not present
    ]
    if plan.proposed_schemes and plan.schemes_total > plan.envelope_total:
        findings.append(
            Finding.of(
                law,
                subject,
                "the proposed schemes cost more than the resource envelope",
                expected=f"<= {format_amount(plan.envelope_total)}",
                actual=format_amount(plan.schemes_total),
                severity=Severity.INFO,
            )
        )
    return findings


@attrs.frozen
class PlanningConvention:
    """A district planning convention (4(b)-(g)) and who attended it."""

    district: str
    held_on: date
    attendees: frozenset[ConventionMember] = attrs.field(converter=frozenset)
    sector_plans: tuple[SectorPlan, ...] = ()


def check_quorum(convention: PlanningConvention) -> list[Finding]:
    """Whether the convention had its quorum (4(d))."""
    missing = [
        " or ".join(sorted(m.value for m in group))
        for group in QUORUM
        if not group & convention.attendees
    ]
    if not missing:
        return []
    return [
        Finding.of(
            rule("SDSSP-4(d)"),
            f"planning convention {convention.district} {convention.held_on}",
            "no quorum: absent " + ", ".join(missing),
        )
    ]


def check_conditional_grant_release(
    district: str,
    year: FinancialYear,
    released_on: date,
    budget_passed_on: date | None,
    plans_passed: Iterable[str] = (),
    sectors: Iterable[str] = ("education", "health"),
) -> list[Finding]:
    """Conditional grant funds are released only after the district council has passed the
    annual budget with the annual sector plans (4(i)). ``plans_passed`` names the sectors
    whose plans were passed with the budget; ``sectors`` those that need one (the note's
    theme: education and health)."""
    law = rule("SDSSP-4(i)")
    subject = f"conditional grant {district} {year}"
    if budget_passed_on is None or released_on < budget_passed_on:
        return [
            Finding.of(
                law,
                subject,
                "released before the council passed the budget",
                expected=f"on or after {budget_passed_on}" if budget_passed_on else "budget passed",
                actual=released_on,
            )
        ]
    passed = {s.casefold() for s in plans_passed}
    missing = sorted(s for s in sectors if s.casefold() not in passed)
    if missing:
        return [
            Finding.of(
                law,
                subject,
                "released although the budget was passed without the sector plans for "
                + ", ".join(missing),
            )
        ]
    return []
