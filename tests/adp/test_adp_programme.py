"""ADP compilation (Form BDD-3) and its checks, each finding citing its clause."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from adp_support import project, walk

from kpgov.adp import (
    AdpEntry,
    AdpResources,
    AdpStatus,
    AnnualDevelopmentProgramme,
    FundingSource,
    PrioritySector,
    ProjectKind,
    Stage,
    check_adp,
    compile_adp,
    priority_sector,
    priority_shares,
)
from kpgov.errors import ValidationError
from kpgov.findings import Severity
from kpgov.periods import FinancialYear

YEAR = FinancialYear(2025)


def entry(code="P-1", status=AdpStatus.NEW, allocation="12000000", **changes):
    p_changes = {
        k: changes.pop(k)
        for k in list(changes)
        if k
        in (
            "sector",
            "function",
            "location",
            "funding_source",
            "cost",
            "start",
            "completion",
            "recurring_cost",
        )
    }
    return AdpEntry(
        project=project(code=code, **p_changes),
        status=status,
        allocation=Decimal(allocation),
        approved_cost=changes.pop("approved_cost", Decimal("12000000")),
        stage=changes.pop("stage", Stage.COUNCIL_APPROVED),
        **changes,
    )


def ids(report):
    return sorted(f.rule_id for f in report if f.severity is not Severity.INFO)


def test_a_clean_adp_has_only_the_priority_note():
    adp = AnnualDevelopmentProgramme("D", YEAR, [entry()])
    report = check_adp(adp, AdpResources(ceiling=Decimal("2e7"), fiscal_space=Decimal("2e7")))
    assert ids(report) == []
    (note,) = report.findings
    assert note.rule_id == "BR-41(3)(f)"
    assert "education 100.0%" in note.message


def test_new_and_ongoing_are_listed_separately_and_classified():
    adp = AnnualDevelopmentProgramme(
        "D",
        YEAR,
        [
            entry("N-1"),
            entry("O-1", AdpStatus.ONGOING, "3000000", expenditure_to_date=Decimal("9000000")),
            entry(
                "N-2",
                sector="Roads",
                location="UC 9",
                allocation="1000000",
                cost="1000000",
                approved_cost=Decimal("1000000"),
            ),
        ],
    )
    assert [e.code for e in adp.new] == ["N-1", "N-2"]
    assert [e.code for e in adp.ongoing] == ["O-1"]
    assert adp.by("sector") == {"Education": Decimal("15000000"), "Roads": Decimal("1000000")}
    assert adp.by("location")["UC 9"] == Decimal("1000000")
    rows = adp.rows()
    assert [r["status"] for r in rows] == ["new", "new", "ongoing"]
    assert rows[-1]["throw_forward"] == "0"


def test_codes_are_unique():
    with pytest.raises(ValidationError, match=r"r\.32"):
        AnnualDevelopmentProgramme("D", YEAR, [entry("X"), entry("X")])


def test_unclassified_projects_are_found():
    report = check_adp(AnnualDevelopmentProgramme("D", YEAR, [entry(location=" ")]))
    assert ids(report) == ["BR-42(1)"]


def test_new_with_money_spent_is_ongoing():
    e = entry(expenditure_to_date=Decimal(5), allocation="11999995")
    assert ids(check_adp(AnnualDevelopmentProgramme("D", YEAR, [e]))) == ["BR-42(2)"]


def test_ceilings_and_fiscal_space():
    adp = AnnualDevelopmentProgramme("D", YEAR, [entry()])
    report = check_adp(
        adp,
        AdpResources(
            ceiling=Decimal("10000000"),
            fiscal_space=Decimal("11000000"),
            sector_ceilings={"Education": Decimal("5000000")},
        ),
    )
    assert ids(report) == ["BR-41(3)(b)", "BR-41(3)(b)", "BR-46(3)"]


def test_only_ddc_approved_projects():
    adp = AnnualDevelopmentProgramme(
        "D", YEAR, [entry(approved_cost=None, stage=Stage.WORKING_PAPER_CIRCULATED)]
    )
    assert ids(check_adp(adp)) == ["BR-37(2)"]


def test_no_provincial_or_federal_liabilities_on_the_district_adp():
    for source in (FundingSource.PROVINCIAL_ADP, FundingSource.FEDERAL_PSDP):
        e = entry(funding_source=source, stage=Stage.COMPLETED)
        assert ids(check_adp(AnnualDevelopmentProgramme("D", YEAR, [e]))) == ["BR-41(3)(e)"]
    charged_elsewhere = entry(
        funding_source=FundingSource.PROVINCIAL_ADP,
        stage=Stage.COMPLETED,
        charged_to=FundingSource.PROVINCIAL_ADP,
    )
    assert ids(check_adp(AnnualDevelopmentProgramme("D", YEAR, [charged_elsewhere]))) == []


def test_throw_forward_and_phasing():
    two_years = entry(allocation="6000000", completion=date(2026, 8, 31))
    report = check_adp(AnnualDevelopmentProgramme("D", YEAR, [two_years]))
    (finding,) = [f for f in report if f.rule_id == "BR-44(2)"]
    assert "exceptional" in finding.message
    ongoing = entry(
        status=AdpStatus.ONGOING, allocation="1000000", expenditure_to_date=Decimal("2000000")
    )
    assert ids(check_adp(AnnualDevelopmentProgramme("D", YEAR, [ongoing]))) == ["BR-44(1)"]
    three = entry(start=date(2025, 9, 1), completion=date(2027, 7, 31))
    assert "BR-44(2)" in ids(check_adp(AnnualDevelopmentProgramme("D", YEAR, [three])))


def test_operation_and_maintenance_of_completed_projects_budgeted():
    done = project(code="DONE-1", recurring_cost=Decimal("500000"))
    adp = AnnualDevelopmentProgramme("D", YEAR, [entry()])
    missing = check_adp(adp, AdpResources(completed_projects=(done,)))
    assert ids(missing) == ["BR-44(3)"]
    budgeted = AdpResources(completed_projects=(done,), om_budgeted={"DONE-1": Decimal(500000)})
    assert ids(check_adp(adp, budgeted)) == []


def test_recurring_costs_flow_to_the_current_budget_and_sne():
    e = entry(recurring_cost=Decimal("800000"))
    adp = AnnualDevelopmentProgramme("D", YEAR, [e])
    assert ids(check_adp(adp)) == ["BR-50(1)(b)"]
    part = check_adp(adp, AdpResources(recurring_budgeted={"P-1": Decimal("400000")}))
    assert [(f.rule_id, f.severity) for f in part if f.rule_id.startswith("BR-50")] == [
        ("BR-50(1)(b)", Severity.ERROR)  # "shall": one reading with the budget package
    ]
    assert ids(check_adp(adp, AdpResources(recurring_budgeted={"P-1": Decimal("800000")}))) == []


def test_priority_sectors():
    assert priority_sector("Public Health Engineering - drinking water") is (PrioritySector.HEALTH)
    adp = AnnualDevelopmentProgramme(
        "D",
        YEAR,
        [entry("A"), entry("B", sector="Agriculture"), entry("C", sector="PHE")],
    )
    shares = priority_shares(adp, {"PHE": PrioritySector.WATER_SANITATION})
    third = Decimal(1) / 3
    assert shares[PrioritySector.EDUCATION] == third
    assert shares[PrioritySector.WATER_SANITATION] == third
    assert shares[PrioritySector.ROADS] == 0


def test_compile_from_lifecycle_records():
    fresh = walk(Stage.IN_ADP)
    running = walk(Stage.UNDER_EXECUTION, kind=ProjectKind.ROAD, code="RD-1")
    adp = compile_adp(
        "D", FinancialYear(2026), [(fresh.record, Decimal(1)), (running.record, Decimal(2))]
    )
    assert [e.status for e in adp] == [AdpStatus.ONGOING, AdpStatus.ONGOING]
    adp = compile_adp("D", YEAR, [(fresh.record, Decimal(1))])
    assert adp.entries[0].status is AdpStatus.NEW
    assert adp.entries[0].approved_cost == Decimal("12000000")


def test_the_two_outer_years_stay_within_their_ceilings():
    e = entry(outer_years=(Decimal(3000000), Decimal(1000000)))
    adp = AnnualDevelopmentProgramme("D", YEAR, [e])
    ceilings = AdpResources(outer_ceilings=(Decimal(2000000), Decimal(1000000)))
    (finding,) = [f for f in check_adp(adp, ceilings) if f.rule_id == "BR-41(3)(b)"]
    assert finding.subject.endswith("outer year 2026-27")
    assert finding.actual == "30,00,000"
    roomy = AdpResources(outer_ceilings=(Decimal(3000000), Decimal(1000000)))
    assert "BR-41(3)(b)" not in ids(check_adp(adp, roomy))


def test_provincial_and_federal_projects_are_reflected_in_the_adp():
    adp = AnnualDevelopmentProgramme("D", YEAR, [entry()])
    missing = check_adp(adp, AdpResources(external_projects=("PSDP-0042", "P-1")))
    assert [(f.rule_id, f.subject) for f in missing if f.rule_id == "BR-44(6)"] == [
        ("BR-44(6)", "ADP D 2025-26 PSDP-0042")
    ]
