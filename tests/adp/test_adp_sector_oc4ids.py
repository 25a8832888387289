"""Sector planning (Sindh planning-convention note) and the OC4IDS export."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from adp_support import actor, walk

from kpgov.adp import (
    OC4IDS_VERSION,
    ConventionMember,
    PlanningConvention,
    ProposedScheme,
    ResourceSource,
    Role,
    SectorPlan,
    Stage,
    check_conditional_grant_release,
    check_quorum,
    check_sector_plan,
    to_oc4ids,
)
from kpgov.io.adp import oc4ids_json
from kpgov.periods import FinancialYear

YEAR = FinancialYear(2025)


def plan(**changes):
    base = {
        "district": "D",
        "sector": "education",
        "year": YEAR,
        "resource_envelope": {
            ResourceSource.DISTRICT_ADP: Decimal("5000000"),
            ResourceSource.CONDITIONAL_GRANT: Decimal("2000000"),
        },
        "vertical_programmes": ("school meals (non A/c IV)",),
        "pipeline": ("girls middle school",),
        "needs_analysis": "enrolment survey 2024",
        "priorities": ("girls enrolment",),
        "short_term_objectives": ("10 missing facilities",),
        "proposed_schemes": (ProposedScheme("boundary walls", Decimal("3000000")),),
    }
    base.update(changes)
    return SectorPlan(**base)


def test_a_complete_sector_plan_passes():
    assert check_sector_plan(plan()) == []
    assert plan().envelope_total == Decimal("7000000")


def test_missing_parts_of_the_presentation():
    findings = check_sector_plan(plan(pipeline=(), needs_analysis=""))
    assert [f.rule_id for f in findings] == ["SDSSP-4(e)", "SDSSP-4(e)"]
    assert "pipeline (c)" in findings[0].message


def test_schemes_beyond_the_envelope_are_noted():
    (note,) = check_sector_plan(plan(proposed_schemes=(ProposedScheme("x", Decimal(10**8)),)))
    assert note.severity.value == "info"


def test_quorum():
    full = {
        ConventionMember.DCO,
        ConventionMember.CONCERNED_EDOS,
        ConventionMember.EDO_FINANCE_PLANNING,
        ConventionMember.MONITORING_COMMITTEE_CHAIRMEN,
        ConventionMember.SDSSP_TEAM,
        ConventionMember.PLD_REPRESENTATIVES,
    }
    assert check_quorum(PlanningConvention("D", date(2025, 4, 1), full)) == []
    short = full - {ConventionMember.DCO, ConventionMember.SDSSP_TEAM}
    (finding,) = check_quorum(PlanningConvention("D", date(2025, 4, 1), short))
    assert finding.rule_id == "SDSSP-4(d)"
    assert "dco or nazim" in finding.message
    assert "sdssp_team" in finding.message


def test_conditional_grants_only_after_the_budget_with_sector_plans():
    early = check_conditional_grant_release("D", YEAR, date(2025, 6, 1), date(2025, 6, 20))
    assert [f.rule_id for f in early] == ["SDSSP-4(i)"]
    assert check_conditional_grant_release("D", YEAR, date(2025, 7, 1), None)
    without = check_conditional_grant_release(
        "D", YEAR, date(2025, 7, 1), date(2025, 6, 20), plans_passed=["Education"]
    )
    assert "health" in without[0].message
    ok = check_conditional_grant_release(
        "D", YEAR, date(2025, 7, 1), date(2025, 6, 20), plans_passed=["education", "health"]
    )
    assert ok == []


def test_oc4ids_package():
    done = walk(Stage.COMPLETED)
    ddc = actor(Role.DISTRICT_DEVELOPMENT_COMMITTEE)
    dropped = walk(Stage.IN_ADP, code="P-2").take("drop", ddc, date(2026, 1, 1), document="m")
    package = to_oc4ids([done, dropped], publisher="D", uri="urn:x", published=date(2026, 1, 2))
    assert package["version"] == OC4IDS_VERSION
    first, second = package["projects"]
    assert (first["status"], second["status"]) == ("completion", "cancelled")
    assert first["sector"] == ["education"]
    assert first["budget"]["amount"] == {"amount": Decimal("12000000"), "currency": "PKR"}
    assert first["completion"]["finalValue"]["amount"] == done.record.spent
    assert [h["hash"] for h in first["kpgovHistory"]] == [e.hash for e in done.events]
    assert {d["documentType"] for d in first["documents"]} >= {"completionCertificate"}
    text = oc4ids_json(package)
    parsed = json.loads(text, parse_float=Decimal)
    assert parsed["projects"][0]["budget"]["amount"]["amount"] == Decimal("12000000")
