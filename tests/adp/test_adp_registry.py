"""Only what is checked is registered: every rule kpgov.adp registers is raised by a fixture.

Each fixture below is a small real history, ADP or monitoring record that breaks the rule;
the test collects the rule ids of what they raise (findings in record mode, refusals in
enforce mode) and compares them with the registry.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import attrs
from adp_support import STEPS, actor, project, step, walk

from kpgov.adp import (
    LIFECYCLE,
    AdpEntry,
    AdpResources,
    AdpStatus,
    AnnualDevelopmentProgramme,
    ConventionMember,
    DdcReview,
    Event,
    FundingSource,
    Inspection,
    Mode,
    PlanningConvention,
    ProgressReport,
    ProjectKind,
    ProjectLog,
    ReviewKind,
    Role,
    SectorPlan,
    Stage,
    Visit,
    audit,
    breaches,
    check_adp,
    check_conditional_grant_release,
    check_quorum,
    check_sector_plan,
    monitor,
)
from kpgov.adp._rules import RULE_IDS
from kpgov.law import RULES
from kpgov.periods import FinancialYear, Month

YEAR = FinancialYear(2025)


def _recorded(log: ProjectLog, name: str, role: Role, days: int, **payload: object) -> set[str]:
    """The rules a step breaks, recorded on ``log``."""
    registry = ProjectLog.from_events(log.events, mode=Mode.RECORD)
    on = (registry.record.last_on or date(2025, 1, 1)) + timedelta(days=days)
    taken = registry.take(name, actor(role), on, **payload)  # type: ignore[arg-type]
    return {e.rule_id for event, e in breaches(taken.events) if event is taken.events[-1]}


def _lifecycle() -> Iterator[str]:
    """Every transition from every stage of the main roads, by its authority and by another
    office (every wrong office breaks the same authority rule), with and without its papers,
    on time, early and late."""
    for kind in (ProjectKind.BUILDING, ProjectKind.OTHER):
        for stage in Stage:
            try:
                log = walk(stage, kind=kind)
            except LookupError:
                continue
            for t in LIFECYCLE:
                for role in (t.authority, Role.NAZIM):
                    for payload in (STEPS.get(t.name, {}), {}):
                        for days in (5, -3, 60):
                            yield from _recorded(log, t.name, role, days, **payload)


def _guards() -> Iterator[str]:
    """Guards that need a particular proposal or amount."""
    outline = walk(Stage.OUTLINE_APPROVED)
    unmanaged = attrs.evolve(outline.record.project, project_manager="")
    yield from _recorded(outline, "prepare_proposal", Role.HEAD_OF_OFFICES, 1, project=unmanaged)
    other = attrs.evolve(project(), code="OTHER-0001")
    yield from _recorded(
        walk(Stage.IDENTIFIED), "prepare_outline", Role.HEAD_OF_OFFICES, 1, project=other
    )
    subsidy = walk(Stage.WORKING_PAPER_CIRCULATED, funding_source=FundingSource.SUBSIDY)
    yield from _recorded(
        subsidy, "approve", Role.DISTRICT_DEVELOPMENT_COMMITTEE, 1, **STEPS["approve"]
    )
    aa = walk(Stage.AA_ISSUED)
    yield from _recorded(
        aa,
        "issue_technical_sanction",
        Role.HEAD_OF_OFFICES,
        1,
        document="TS",
        amount=Decimal(10**9),
    )
    running = walk(Stage.UNDER_EXECUTION)
    yield from _recorded(
        running, "record_expenditure", Role.EXECUTING_AGENCY, 5, amount=Decimal(10**9)
    )
    first = Event.create(
        seq=0,
        project_code=project().code,
        transition="prepare_outline",
        actor=actor(Role.HEAD_OF_OFFICES),
        on=date(2025, 1, 5),
        rule_id="BR-33(1)(b)",
        prev_hash="0" * 64,
        project=project(),
    )
    yield from (f.rule_id for f in audit([first]))


def _programme() -> Iterator[str]:
    def entry(code: str = "P-1", **changes: object) -> AdpEntry:
        fields = {
            k: changes.pop(k) for k in list(changes) if k in attrs.fields_dict(type(project()))
        }
        return AdpEntry(
            project=project(code=code, **fields),
            status=changes.pop("status", AdpStatus.NEW),  # type: ignore[arg-type]
            allocation=changes.pop("allocation", Decimal(12000000)),  # type: ignore[arg-type]
            approved_cost=changes.pop("approved_cost", Decimal(12000000)),  # type: ignore[arg-type]
            **changes,  # type: ignore[arg-type]
        )

    entries = [
        entry("P-1", sector="", recurring_cost=Decimal(5)),  # 42(1), 50(1)(b)
        entry("P-2", expenditure_to_date=Decimal(1)),  # 42(2)
        entry("P-3", approved_cost=None),  # 37(2)
        entry(
            "P-4",
            funding_source=FundingSource.PROVINCIAL_ADP,
            stage=Stage.COMPLETED,
        ),  # 41(3)(e)
        entry("P-5", status=AdpStatus.ONGOING, allocation=Decimal(1)),  # 44(1)
        entry("P-6", allocation=Decimal(1)),  # 44(2)
    ]
    resources = AdpResources(
        ceiling=Decimal(1),
        outer_ceilings=(Decimal(0), Decimal(0)),
        completed_projects=(project(code="DONE-1", recurring_cost=Decimal(7)),),
        external_projects=("FED-0001",),
    )
    adp = AnnualDevelopmentProgramme("D", YEAR, entries)
    yield from (f.rule_id for f in check_adp(adp, resources))


def _monitoring() -> Iterator[str]:
    running = walk(Stage.UNDER_EXECUTION, recurring_cost=Decimal(900000))
    done = walk(Stage.COMPLETED, mega=True)
    records = [running.record, done.record]
    visits = [Visit(running.code, Role.NAZIM, date(2025, 10, 1))]
    reviews = [DdcReview(YEAR, ReviewKind.ANNUAL, date(2026, 6, 1))]
    reports = [
        ProgressReport(running.code, Month(2025, 9), date(2025, 11, 1), Decimal(10), Decimal(1))
    ]
    inspections = [Inspection(running.code, date(2025, 12, 1), "inspection 1")]
    report = monitor(
        records,
        date(2026, 8, 1),
        year=YEAR,
        visits=visits,
        reviews=reviews,
        reports=reports,
        inspections=inspections,
    )
    yield from (f.rule_id for f in report)
    # r.50(1)(a): a project completing next year whose recurring cost was not communicated
    yield from (f.rule_id for f in monitor([running.record], date(2025, 9, 15), year=YEAR))


def _sector() -> Iterator[str]:
    plan = SectorPlan(
        district="D",
        sector="education",
        year=YEAR,
        resource_envelope={},
        vertical_programmes=(),
        pipeline=(),
        needs_analysis="",
        priorities=(),
        short_term_objectives=(),
        proposed_schemes=(),
    )
    yield from (f.rule_id for f in check_sector_plan(plan))
    convention = PlanningConvention("D", date(2025, 4, 1), {ConventionMember.SDSSP_TEAM})
    yield from (f.rule_id for f in check_quorum(convention))
    early = check_conditional_grant_release("D", YEAR, date(2025, 6, 1), date(2025, 6, 20))
    yield from (f.rule_id for f in early)


@functools.cache
def _raised() -> frozenset[str]:
    return frozenset({*_lifecycle(), *_guards(), *_programme(), *_monitoring(), *_sector()})


def test_every_registered_adp_rule_is_raised_by_a_fixture():
    assert sorted(RULE_IDS - _raised()) == []


def test_the_fixtures_raise_only_registered_rules():
    assert sorted(_raised() - RULE_IDS - set(RULES._rules)) == []


def test_the_never_raised_rules_of_the_issue_are_now_raised():
    # BR-32(4) left the registry (no record distinguishes revenue from capital development
    # spending yet); the other three are raised
    assert "BR-32(4)" not in RULES
    assert {"BR-32(1)", "BR-36(11)", "BR-50(1)(a)"} <= _raised()


def test_each_step_of_point_8_has_its_authority_and_citation():
    expected = {
        "send_copy_to_council": "BR-36(11)",
        "include_in_district_plan": "BR-33(1)(h)",
        "include_ongoing_in_adp": "BR-46(3)",
        "approve_ongoing_by_council": "BR-41(1)",
        "distribute_handing_over_report": "BR-48(1)",
        "evaluate_impact": "BR-47(14)",
        "communicate_recurring_cost": "BR-50(1)(a)",
    }
    for name, authority_rule in expected.items():
        t = LIFECYCLE[name]
        assert t.authority_rule == authority_rule
        assert t.authorities
        assert t.rule_id in RULES
    walked = step(walk(Stage.COMPLETED), "distribute_handing_over_report")
    assert walked.record.handing_over_distributed_on is not None
