"""The r.33 lifecycle: every transition, every role, every guard with its clause."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from adp_support import PARAMS, STEPS, actor, project, step, walk

from kpgov.adp import (
    LIFECYCLE,
    Actor,
    FundingSource,
    ProjectKind,
    ProjectLog,
    Role,
    Stage,
    may,
    refusal,
    replay,
)
from kpgov.errors import TransitionError
from kpgov.law import RULES, parse_rule_id


def _ready(name: str) -> ProjectLog:
    """A log where ``name`` is allowed for its authority."""
    t = LIFECYCLE[name]
    order = [
        Stage.IDENTIFIED,
        Stage.OUTLINE_PREPARED,
        Stage.OUTLINE_APPROVED,
        Stage.PROPOSAL_PREPARED,
        Stage.TS_PREPARED,
        Stage.WORKING_PAPER_CIRCULATED,
        Stage.APPROVED,
        Stage.AA_ISSUED,
        Stage.TS_ISSUED,
        Stage.IN_ADP,
        Stage.COUNCIL_APPROVED,
        Stage.UNDER_EXECUTION,
        Stage.COMPLETED,
    ]
    source = next(s for s in order if s in t.sources)
    # works projects take these from the later of their sources
    source = {
        "circulate_working_paper": Stage.TS_PREPARED,
        "include_in_adp": Stage.TS_ISSUED,
    }.get(name, source)
    if name == "approve_ongoing_by_council":  # the project is first in the later ADP
        return step(walk(Stage.COUNCIL_APPROVED), "include_ongoing_in_adp")
    return walk(source)


def test_the_main_road_follows_r33_in_order():
    # r.33(1)(a)-(i), with r.36(4)-(5) (working paper) and r.40 (works) in their places,
    # then execution (r.47), completion (r.48) and evaluation (r.49)
    log = walk(Stage.EVALUATED)
    stages = [replay(log.events[: n + 1]).stage.value for n in range(len(log.events))]
    assert list(dict.fromkeys(stages)) == [
        "identified",
        "outline_prepared",
        "outline_approved",
        "proposal_prepared",
        "technical_sanction_prepared",
        "working_paper_circulated",
        "approved_by_ddc",
        "administrative_approval_issued",
        "technical_sanction_issued",
        "in_adp",
        "approved_by_council",
        "under_execution",
        "revised",
        "completed",
        "evaluated",
    ]
    assert [e.rule_id for e in log.events][:10] == [
        "BR-33(1)(a)",
        "BR-33(1)(b)",
        "BR-33(1)(c)",
        "BR-33(1)(d)",
        "BR-33(1)(e)",
        "BR-36(5)",
        "BR-33(1)(f)",
        "BR-33(1)(g)",
        "BR-33(1)(g)",
        "BR-33(1)(h)",
    ]


def test_every_cited_rule_is_registered_and_well_formed():
    for t in LIFECYCLE:
        for rule_id in t.rule_ids:
            assert parse_rule_id(rule_id) == rule_id
            assert rule_id in RULES, (t.name, rule_id)


def test_every_transition_has_an_example_step():
    assert {t.name for t in LIFECYCLE} - {"identify"} == set(STEPS)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_identify_only_by_the_head_of_offices(role):
    if role is Role.HEAD_OF_OFFICES:
        log = ProjectLog.start(project(), actor(role), date(2025, 1, 10))
        assert log.stage is Stage.IDENTIFIED
    else:
        with pytest.raises(TransitionError) as info:
            ProjectLog.start(project(), actor(role), date(2025, 1, 10))
        assert info.value.rule_id == "BR-35(2)"


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("name", sorted(STEPS))
def test_only_the_competent_authority_may_take_a_transition(name, role):
    t = LIFECYCLE[name]
    log = _ready(name)
    assert may(name, actor(role)) is t.competent(role)
    if t.competent(role):
        after = step(log, name)
        assert after.record.version == log.record.version + 1
        assert after.events[-1].rule_id == t.rule_id
        if t.target is not None:
            assert after.stage is t.target
    else:
        with pytest.raises(TransitionError) as info:
            step(log, name, role=role)
        assert info.value.rule_id == t.authority_rule
        assert t.authority.title in str(info.value)
        assert refusal(name, actor(role), log, on=date(2030, 1, 1)) is not None


def test_the_main_roads_end_evaluated():
    assert walk(Stage.EVALUATED).stage is Stage.EVALUATED
    assert walk(Stage.EVALUATED, kind=ProjectKind.OTHER).stage is Stage.EVALUATED


def test_steps_out_of_order_are_refused_under_r33():
    log = walk(Stage.IDENTIFIED)
    with pytest.raises(TransitionError) as info:
        step(log, "approve_outline")
    assert info.value.rule_id == "BR-33(1)(c)"  # its own clause of r.33(1)
    with pytest.raises(TransitionError) as info:
        step(log, "prepare_proposal")
    assert info.value.rule_id == "BR-36(2)"


def test_a_refused_step_leaves_the_log_unchanged():
    log = walk(Stage.IDENTIFIED)
    before = log.events
    with pytest.raises(TransitionError):
        step(log, "approve")
    assert log.events == before


def test_ddc_limit_unset_is_refused_naming_the_parameter():
    log = walk(Stage.WORKING_PAPER_CIRCULATED)
    ddc = actor(Role.DISTRICT_DEVELOPMENT_COMMITTEE)
    with pytest.raises(TransitionError) as info:
        log.take("approve", ddc, date(2025, 3, 1), document="minutes")
    assert info.value.rule_id == "BR-36(7)"
    assert "ddc_approval_limit" in str(info.value)


def test_ddc_may_not_approve_above_its_limit():
    log = walk(Stage.WORKING_PAPER_CIRCULATED, cost=Decimal("60000000"))
    with pytest.raises(TransitionError) as info:
        step(log, "approve")
    assert info.value.rule_id == "BR-36(7)"
    low = PARAMS.override("ddc_approval_limit", Decimal("70000000"), since=date(2024, 7, 1))
    ddc = actor(Role.DISTRICT_DEVELOPMENT_COMMITTEE)
    approved = log.take("approve", ddc, date(2025, 3, 1), document="m", parameters=low)
    assert approved.events[-1].details["ddc_approval_limit"] == "70000000"


@pytest.mark.parametrize(
    "source",
    [
        FundingSource.SUBSIDY,
        FundingSource.FOREIGN_AID,
        FundingSource.PROVINCIAL_ADP,
        FundingSource.FEDERAL_PSDP,
    ],
)
def test_ddc_may_not_approve_subsidy_or_external_funding(source):
    log = walk(Stage.WORKING_PAPER_CIRCULATED, funding_source=source)
    with pytest.raises(TransitionError) as info:
        step(log, "approve")
    assert info.value.rule_id == "BR-36(8)"
    # "unless provided in any other government policy": cite it and the DDC may approve
    ddc = actor(Role.DISTRICT_DEVELOPMENT_COMMITTEE)
    approved = log.take(
        "approve",
        ddc,
        date(2025, 3, 1),
        document="m",
        parameters=PARAMS,
        details={"policy": "synthetic notification 12"},
    )
    assert approved.stage is Stage.APPROVED


@pytest.mark.parametrize(
    ("kind", "completion", "ok"),
    [
        (ProjectKind.BUILDING, date(2026, 9, 1), True),
        (ProjectKind.BUILDING, date(2026, 9, 2), False),
        (ProjectKind.ROAD, date(2026, 6, 1), True),
        (ProjectKind.ROAD, date(2026, 6, 2), False),
        (ProjectKind.OTHER, date(2026, 3, 1), True),
        (ProjectKind.OTHER, date(2026, 3, 2), False),
    ],
)
def test_ddc_approves_only_within_the_completion_periods(kind, completion, ok):
    log = walk(Stage.WORKING_PAPER_CIRCULATED, kind=kind, completion=completion)
    if ok:
        assert step(log, "approve").stage is Stage.APPROVED
    else:
        with pytest.raises(TransitionError) as info:
            step(log, "approve")
        assert info.value.rule_id == "BR-36(9)"


def test_completion_periods_come_from_the_parameters():
    log = walk(Stage.WORKING_PAPER_CIRCULATED, completion=date(2026, 9, 2))
    longer = PARAMS.override("completion_months_buildings", 18, since=date(2024, 7, 1))
    ddc = actor(Role.DISTRICT_DEVELOPMENT_COMMITTEE)
    approved = log.take("approve", ddc, date(2025, 3, 1), document="m", parameters=longer)
    assert approved.events[-1].details["completion_months"] == "18"


def test_works_need_technical_sanction_before_the_working_paper():
    log = walk(Stage.PROPOSAL_PREPARED)
    with pytest.raises(TransitionError) as info:
        step(log, "circulate_working_paper")
    assert info.value.rule_id == "BR-40(1)"


def test_technical_sanction_is_for_works_only():
    log = walk(Stage.PROPOSAL_PREPARED, kind=ProjectKind.OTHER)
    with pytest.raises(TransitionError) as info:
        step(log, "prepare_technical_sanction")
    assert info.value.rule_id == "BR-33(1)(e)"


def test_technical_sanction_within_one_month_of_pc1_approval():
    log = walk(Stage.AA_ISSUED)
    approved_on = log.record.approved_on
    assert approved_on is not None
    agency = actor(Role.HEAD_OF_OFFICES)  # Second Schedule item 10 (the default reading)
    late = approved_on + timedelta(days=32)
    with pytest.raises(TransitionError) as info:
        log.take("issue_technical_sanction", agency, late, document="TS")
    assert info.value.rule_id == "BR-40(3)"


def test_technical_sanction_never_above_the_administrative_approval():
    log = walk(Stage.AA_ISSUED)
    agency = actor(Role.DEPUTY_DISTRICT_OFFICER_PLANNING)  # Second Schedule item 10
    with pytest.raises(TransitionError) as info:
        log.take(
            "issue_technical_sanction",
            agency,
            log.record.last_on,
            document="TS",
            amount=Decimal("12000001"),
        )
    assert info.value.rule_id == "BR-40(4)"


def test_no_expenditure_before_execution():
    for stage in (Stage.APPROVED, Stage.IN_ADP, Stage.COUNCIL_APPROVED):
        with pytest.raises(TransitionError) as info:
            step(walk(stage), "record_expenditure")
        assert info.value.rule_id == "BR-47(1)"


def test_exceeding_the_approval_needs_the_council():
    log = walk(Stage.UNDER_EXECUTION)
    agency = actor(Role.EXECUTING_AGENCY)
    day = log.record.last_on
    with pytest.raises(TransitionError) as info:
        log.take("record_expenditure", agency, day, amount=Decimal("11500001"))
    assert info.value.rule_id == "BR-40(5)"
    revised = step(log, "revise_cost_or_scope")
    assert revised.record.expenditure_limit == Decimal("13000000")
    assert revised.take(
        "record_expenditure", agency, day + timedelta(days=9), amount=Decimal("11500001")
    ).record.spent == Decimal("11500001")


def test_ddc_revises_only_once_and_never_upward():
    log = walk(Stage.UNDER_EXECUTION)
    ddc = actor(Role.DISTRICT_DEVELOPMENT_COMMITTEE)
    day = log.record.last_on
    with pytest.raises(TransitionError) as info:
        log.take("revise_within_cost", ddc, day, document="m", amount=Decimal("12000001"))
    assert info.value.rule_id == "BR-38(1)"
    with pytest.raises(TransitionError) as info:
        log.take("revise_within_cost", ddc, day, document="m", details={"scope_change": "x"})
    assert info.value.rule_id == "BR-38(1)"
    once = step(log, "extend_time")
    assert once.stage is Stage.REVISED
    with pytest.raises(TransitionError) as info:
        step(once, "revise_within_cost")
    assert info.value.rule_id == "BR-36(10)"
    # the Council is not bound by the DDC's one-revision limit (r.38(1))
    assert step(once, "revise_cost_or_scope").record.council_revisions == 1


def test_completion_needs_pc_iv_and_the_handing_over_report():
    log = walk(Stage.UNDER_EXECUTION)
    hoo = actor(Role.HEAD_OF_OFFICES)
    with pytest.raises(TransitionError) as info:
        log.take("complete", hoo, log.record.last_on, details={"pc_iv": "PC-IV"})
    assert info.value.rule_id == "BR-48(1)"
    with pytest.raises(TransitionError) as info:
        log.take("complete", hoo, log.record.last_on, document="handing over")
    assert info.value.rule_id == "BR-47(13)"


def test_council_approved_projects_may_not_be_dropped():
    for stage in (Stage.COUNCIL_APPROVED, Stage.UNDER_EXECUTION):
        with pytest.raises(TransitionError) as info:
            step(walk(stage), "drop")
        assert info.value.rule_id == "BR-39(1)"


def test_only_ddc_approved_projects_enter_the_adp():
    with pytest.raises(TransitionError) as info:
        step(walk(Stage.WORKING_PAPER_CIRCULATED), "include_in_adp")
    assert info.value.rule_id == "BR-37(2)"
    with pytest.raises(TransitionError) as info:
        step(walk(Stage.AA_ISSUED), "include_in_adp")
    assert info.value.rule_id == "BR-33(1)(g)"


def test_decisions_must_cite_their_record():
    log = walk(Stage.OUTLINE_PREPARED)
    with pytest.raises(TransitionError) as info:
        log.take("approve_outline", actor(Role.DISTRICT_DEVELOPMENT_COMMITTEE), date(2025, 2, 1))
    assert info.value.rule_id == "BR-36(6)"


def test_a_step_may_not_predate_the_previous_one():
    log = walk(Stage.IDENTIFIED)
    with pytest.raises(TransitionError):
        log.take("prepare_outline", actor(Role.HEAD_OF_OFFICES), date(2024, 1, 1))


def test_replay_reproduces_the_record():
    log = walk(Stage.EVALUATED)
    assert replay(log.events) == log.record
    assert ProjectLog.from_events(log.events) == log


def test_may_with_a_log_checks_state_and_guards():
    log = walk(Stage.IDENTIFIED)
    hoo = Actor("EDO", Role.HEAD_OF_OFFICES)
    assert may("prepare_outline", hoo, log, on=date(2025, 2, 1))
    assert not may("prepare_proposal", hoo, log, on=date(2025, 2, 1))
    assert log.record.version == 1  # may() does not act


def test_mermaid_diagram_comes_from_the_definition():
    text = LIFECYCLE.mermaid()
    assert text.startswith("stateDiagram-v2")
    for t in LIFECYCLE:
        who = " / ".join(r.title for r in t.authorities)
        assert f": {t.name}<br/>{who}<br/>{t.rule_id}" in text
