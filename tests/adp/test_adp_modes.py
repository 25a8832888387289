"""Enforce and record: the same guards refuse a step in an app and report it in an audit."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest
from adp_support import EXECUTION_FROM, PARAMS, STEPS, actor, project, step, walk
from hypothesis import given
from hypothesis import strategies as st

from kpgov.adp import (
    LIFECYCLE,
    LIFECYCLE_WORKS_OFFICE,
    AdpStatus,
    AnnualDevelopmentProgramme,
    Event,
    Mode,
    ProjectKind,
    ProjectLog,
    Role,
    Stage,
    audit,
    check_adp,
    compile_adp,
    replay,
)
from kpgov.errors import Location, TransitionError
from kpgov.findings import Severity
from kpgov.periods import FinancialYear

_ORDER = (
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
)


@functools.cache
def _ready(name: str) -> ProjectLog:
    """A log (enforce mode) where ``name`` is allowed for its authority."""
    t = LIFECYCLE[name]
    source = next(s for s in _ORDER if s in t.sources)
    source = {"circulate_working_paper": Stage.TS_PREPARED, "include_in_adp": Stage.TS_ISSUED}.get(
        name, source
    )
    if name == "approve_ongoing_by_council":
        return step(walk(Stage.COUNCIL_APPROVED), "include_ongoing_in_adp")
    return walk(source)


def _payload(log: ProjectLog, name: str) -> dict[str, object]:
    payload = dict(STEPS[name])
    if name == "prepare_proposal":
        payload["project"] = log.record.project
    return payload


def _day(log: ProjectLog, name: str) -> date:
    on = (log.record.last_on or date(2025, 1, 1)) + timedelta(days=5)
    return max(on, EXECUTION_FROM) if name in ("start_execution", "record_expenditure") else on


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("name", sorted(STEPS))
def test_enforce_refuses_exactly_what_record_reports(name, role):
    enforcing = _ready(name)
    recording = ProjectLog.from_events(enforcing.events, mode=Mode.RECORD)
    on = _day(enforcing, name)
    payload = _payload(enforcing, name)
    try:
        taken = enforcing.take(name, actor(role), on, **payload)  # type: ignore[arg-type]
    except TransitionError as refused:
        error: TransitionError | None = refused
    else:
        error = None
    kept = recording.take(name, actor(role), on, **payload)  # type: ignore[arg-type]
    assert len(kept.events) == len(recording.events) + 1  # record keeps every step
    new = [f for f in audit(kept) if f.subject.startswith(f"{kept.code} event {len(kept.events)}")]
    if error is None:
        assert new == []
        assert kept.record == taken.record  # the same state either way
    else:
        assert new, "record mode must report what enforce refused"
        assert new[0].rule_id == error.rule_id
        assert str(kept.events[-1].on) in new[0].message
        assert kept.events[-1].actor in new[0].message
    assert replay(kept.events, mode=Mode.RECORD) == kept.record  # replay gives the same state


def test_done_when_a_late_technical_sanction_is_recorded_and_reported():
    log = walk(Stage.AA_ISSUED)
    late = (log.record.approved_on or date.min) + timedelta(days=40)
    hoo = actor(Role.HEAD_OF_OFFICES)
    with pytest.raises(TransitionError, match="BR-40"):
        log.take("issue_technical_sanction", hoo, late, document="TS 7", amount=Decimal(11500000))
    registry = ProjectLog.from_events(log.events, mode=Mode.RECORD)
    registry = registry.take(
        "issue_technical_sanction", hoo, late, document="TS 7", amount=Decimal(11500000)
    )
    assert registry.stage is Stage.TS_ISSUED
    registry = step(registry, "include_in_adp")  # the project can still enter the ADP
    assert registry.stage is Stage.IN_ADP
    (finding,) = registry.findings
    assert finding.rule_id == "BR-40(3)"
    assert finding.citation is not None
    assert "one month" in finding.citation.excerpt
    assert str(late) in finding.message
    assert hoo.name in finding.message


def test_done_when_technical_sanction_by_the_head_of_offices():
    log = walk(Stage.AA_ISSUED)
    on = (log.record.last_on or date.min) + timedelta(days=1)
    payload = {"document": "TS 1", "amount": Decimal(11500000)}
    hoo = actor(Role.HEAD_OF_OFFICES)
    assert log.take("issue_technical_sanction", hoo, on, **payload).stage is Stage.TS_ISSUED
    # the other reading (r.40(1)-(2): the works office) refuses it, and an audit reports it
    works = ProjectLog.start(
        project(), actor(Role.HEAD_OF_OFFICES), date(2025, 1, 10), lifecycle=LIFECYCLE_WORKS_OFFICE
    )
    for name in [e.transition for e in log.events[1:]]:
        day = (works.record.last_on or date.min) + timedelta(days=5)
        who = actor(LIFECYCLE_WORKS_OFFICE[name].authority)
        works = works.take(name, who, day, **_payload(works, name))  # type: ignore[arg-type]
    assert works.events[4].role is Role.EXECUTING_AGENCY  # it prepared the estimate
    on = (works.record.last_on or date.min) + timedelta(days=1)
    with pytest.raises(TransitionError, match="BR-40\\(2\\)"):
        works.take("issue_technical_sanction", hoo, on, **payload)
    agency = actor(Role.EXECUTING_AGENCY)
    assert works.take("issue_technical_sanction", agency, on, **payload).stage is Stage.TS_ISSUED
    recorded = ProjectLog.from_events(
        works.events, mode=Mode.RECORD, lifecycle=LIFECYCLE_WORKS_OFFICE
    ).take("issue_technical_sanction", hoo, on, **payload)
    assert [f.rule_id for f in recorded.findings] == ["BR-40(2)"]


def test_done_when_an_ongoing_project_enters_a_second_adp():
    log = walk(Stage.UNDER_EXECUTION)
    assert log.record.adp_years == (FinancialYear(2025),)
    later = step(step(log, "include_ongoing_in_adp"), "approve_ongoing_by_council")
    assert later.record.adp_years == (FinancialYear(2025), FinancialYear(2026))
    agency = actor(Role.EXECUTING_AGENCY)
    spent = later.take("record_expenditure", agency, date(2026, 8, 1), amount=Decimal(1000))
    assert spent.record.spent == Decimal(1000)
    adp = compile_adp("D", FinancialYear(2026), [(spent.record, Decimal(2000000))])
    assert adp.entries[0].status is AdpStatus.ONGOING
    assert later.findings.findings == ()


@pytest.mark.parametrize("on", [date(2025, 3, 20), date(2027, 9, 1)])
def test_spending_outside_the_years_whose_budget_has_the_project(on):
    log = walk(Stage.UNDER_EXECUTION)
    agency = actor(Role.EXECUTING_AGENCY)
    recorded = ProjectLog.from_events(log.events, mode=Mode.RECORD).take(
        "record_expenditure", agency, on, amount=Decimal(1000)
    )
    rules = {f.rule_id for f in recorded.findings}
    assert "BR-47(1)" in rules
    if on > log.record.last_on:  # type: ignore[operator]
        with pytest.raises(TransitionError, match=r"BR-47\(1\).*lapse"):
            log.take("record_expenditure", agency, on, amount=Decimal(1000))


def test_a_third_adp_phases_beyond_two_years():
    log = step(
        step(walk(Stage.UNDER_EXECUTION), "include_ongoing_in_adp"), "approve_ongoing_by_council"
    )
    ddc = actor(Role.DISTRICT_DEVELOPMENT_COMMITTEE)
    on = date(2027, 5, 1)
    with pytest.raises(TransitionError, match="BR-44\\(2\\)"):
        log.take("include_ongoing_in_adp", ddc, on, document="m", details={"year": "2027-28"})


def test_done_when_a_lawful_two_year_phasing_is_recorded():
    phased = project(start=date(2026, 1, 1), completion=date(2026, 12, 31))
    log = walk(Stage.WORKING_PAPER_CIRCULATED, start=phased.start, completion=phased.completion)
    ddc = actor(Role.DISTRICT_DEVELOPMENT_COMMITTEE)
    on = (log.record.last_on or date.min) + timedelta(days=3)
    reason = "the school must open for the 2026 session; winter stops work in the valley"
    approved = log.take(
        "approve", ddc, on, document="DDC minutes", parameters=PARAMS, details={"phasing": reason}
    )
    assert approved.record.phasing == reason
    year = FinancialYear(2025)
    adp = compile_adp("D", year, [(approved.record, Decimal(6000000))])
    report = check_adp(adp)
    assert [(f.rule_id, f.severity) for f in report if f.rule_id == "BR-44(2)"] == [
        ("BR-44(2)", Severity.INFO)
    ]
    unrecorded = attrs.evolve(adp.entries[0], phasing=None)
    report = check_adp(AnnualDevelopmentProgramme("D", year, [unrecorded]))
    assert ("BR-44(2)", Severity.ERROR) in [(f.rule_id, f.severity) for f in report]


def test_a_ddc_revision_never_lifts_spending_above_the_technical_sanction():
    # r.40(5): 11.95M against an 11.5M TS needs the Council, whatever the DDC revised
    log = step(walk(Stage.UNDER_EXECUTION), "revise_within_cost")
    ddc_revised = walk(Stage.UNDER_EXECUTION).take(
        "revise_within_cost",
        actor(Role.DISTRICT_DEVELOPMENT_COMMITTEE),
        log.record.last_on,  # type: ignore[arg-type]
        document="DDC minutes",
        amount=Decimal("11950000"),
    )
    assert ddc_revised.record.expenditure_limit == Decimal("11500000")
    agency = actor(Role.EXECUTING_AGENCY)
    with pytest.raises(TransitionError, match="BR-40\\(5\\)"):
        ddc_revised.take("record_expenditure", agency, date(2026, 1, 5), amount=Decimal("11950000"))


def test_a_history_that_does_not_start_with_identification_is_reported():
    log = walk(Stage.IDENTIFIED)
    first = Event.create(
        seq=0,
        project_code=log.code,
        transition="prepare_outline",
        actor=actor(Role.HEAD_OF_OFFICES),
        on=date(2025, 1, 5),
        rule_id="BR-33(1)(b)",
        prev_hash="0" * 64,
        project=log.record.project,
    )
    first = attrs.evolve(first, source=Location("history.jsonl", 1))
    (finding,) = audit([first])
    assert finding.rule_id == "BR-33(1)(a)"
    assert finding.location == Location("history.jsonl", 1)  # the event's provenance


def test_next_steps_lists_what_an_actor_may_do_and_what_would_refuse_the_rest():
    log = walk(Stage.WORKING_PAPER_CIRCULATED)
    ddc = actor(Role.DISTRICT_DEVELOPMENT_COMMITTEE)
    steps = {s.name: s for s in log.next_steps(ddc, date(2025, 3, 1), parameters=PARAMS)}
    assert set(steps) == {"approve", "reject", "drop"}
    assert all(not s.allowed for s in steps.values())  # each needs the DDC's minutes
    assert {e.rule_id for e in steps["approve"].refusals} == {"BR-36(6)"}
    hoo = log.next_steps(actor(Role.HEAD_OF_OFFICES), date(2025, 3, 1))
    assert hoo == ()  # nothing for the Head of Offices at this stage
    running = walk(Stage.UNDER_EXECUTION)
    (spend,) = [
        s
        for s in running.next_steps(actor(Role.EXECUTING_AGENCY), date(2026, 1, 1))
        if s.name == "record_expenditure"
    ]
    assert [e.rule_id for e in spend.refusals] == ["BR-47(1)", "BR-47(1)"]  # no amount


# --- properties --------------------------------------------------------------------------------

_NAMES = sorted(STEPS)


@st.composite
def _attempts(draw: st.DrawFn) -> list[tuple[str, Role | None, int, bool]]:
    """Real-world histories: any step, by its authority (``None``) or any office, late or out
    of order, with or without its papers; the main road, drawn often, gets them far."""
    road = st.sampled_from(
        [n for n in _NAMES if n not in ("drop", "withdraw", "reject", "reject_outline")]
    )
    return draw(
        st.lists(
            st.tuples(
                st.one_of(road, st.sampled_from(_NAMES)),
                st.one_of(st.none(), st.sampled_from(list(Role))),
                st.integers(-40, 120),
                st.booleans(),
            ),
            max_size=25,
        )
    )


def _run(attempts: list[tuple[str, Role | None, int, bool]], mode: Mode) -> ProjectLog:
    log = ProjectLog.start(project(), actor(Role.HEAD_OF_OFFICES), date(2025, 1, 10), mode=mode)
    for name, role, days, papers in attempts:
        on = (log.record.last_on or date(2025, 1, 10)) + timedelta(days=days)
        payload = _payload(log, name) if papers else {}
        who = actor(LIFECYCLE[name].authority if role is None else role)
        try:
            log = log.take(name, who, on, **payload)  # type: ignore[arg-type]
        except TransitionError:
            assert mode is Mode.ENFORCE
    return log


@given(_attempts())
def test_real_world_histories_always_record_and_audit_deterministically(attempts):
    log = _run(attempts, Mode.RECORD)
    assert len(log.events) == len(attempts) + 1
    assert replay(log.events, mode=Mode.RECORD) == log.record
    first, second = audit(log.events), audit(list(log.events))
    assert first.findings == second.findings
    assert all(f.citation is not None for f in first)


@given(_attempts())
def test_enforced_histories_have_no_findings_and_replay_the_same_in_both_modes(attempts):
    log = _run(attempts, Mode.ENFORCE)
    assert audit(log).findings == ()
    assert replay(log.events) == replay(log.events, mode=Mode.RECORD) == log.record


def test_works_and_other_projects_take_the_right_road():
    assert walk(Stage.EVALUATED, kind=ProjectKind.OTHER).findings.findings == ()
