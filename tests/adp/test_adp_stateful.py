"""Random sequences of allowed and refused actions never reach a state the rules forbid, and
replaying the log always reproduces the state."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from adp_support import PARAMS, STEPS, actor, project
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from kpgov.adp import (
    LIFECYCLE,
    FundingSource,
    ProjectKind,
    ProjectLog,
    Role,
    Stage,
    replay,
    verify,
)
from kpgov.errors import TransitionError

_LIMIT = Decimal("50000000")
_NAMES = sorted(t.name for t in LIFECYCLE if not t.starts)
_AMOUNTS = st.sampled_from(
    [None, Decimal("500000"), Decimal("3000000"), Decimal("11000000"), Decimal("14000000")]
)
_DETAILS = st.fixed_dictionaries(
    {},
    optional={
        "year": st.sampled_from(["2025-26", "2026-27", "bad"]),
        "completion": st.sampled_from(["2026-12-31", "2027-06-30", "2025-01-01"]),
        "pc_iv": st.just("PC-IV 7"),
        "scope_change": st.just("second storey"),
        "policy": st.just("synthetic notification"),
    },
)
_AFTER_COUNCIL = {
    Stage.COUNCIL_APPROVED,
    Stage.UNDER_EXECUTION,
    Stage.REVISED,
    Stage.COMPLETED,
    Stage.EVALUATED,
}
_AFTER_DDC = _AFTER_COUNCIL | {Stage.APPROVED, Stage.AA_ISSUED, Stage.TS_ISSUED, Stage.IN_ADP}


class ProjectMachine(RuleBasedStateMachine):
    log: ProjectLog

    @initialize(
        kind=st.sampled_from(list(ProjectKind)),
        source=st.sampled_from(list(FundingSource)),
        cost=st.sampled_from([Decimal("12000000"), Decimal("9000000"), Decimal("60000000")]),
        months=st.integers(3, 14),
    )
    def start(self, kind, source, cost, months):
        start = date(2025, 9, 1)
        p = project(
            kind,
            funding_source=source,
            cost=cost,
            start=start,
            completion=start + timedelta(days=30 * months),
        )
        self.log = ProjectLog.start(p, actor(Role.HEAD_OF_OFFICES), date(2025, 1, 10))
        self.refused = 0

    @rule(
        name=st.sampled_from(_NAMES),
        wrong_role=st.one_of(st.none(), st.sampled_from(list(Role))),
        days=st.integers(-3, 40),
        amount=_AMOUNTS,
        details=_DETAILS,
        document=st.sampled_from([None, "record 1"]),
    )
    def act(self, name, wrong_role, days, amount, details, document):
        t = LIFECYCLE[name]
        role = wrong_role or t.authority
        on = (self.log.record.last_on or date(2025, 1, 10)) + timedelta(days=days)
        before = self.log
        step = {"document": document, "amount": amount, "details": details}
        error = self.log.refusal(name, actor(role), on, parameters=PARAMS, **step)
        if error is not None:
            # refused: the rule it names is one this transition cites, and nothing changes
            self.refused += 1
            assert error.rule_id in (*t.rule_ids, "BR-33(1)")
            with pytest.raises(TransitionError) as info:
                self.log.take(name, actor(role), on, parameters=PARAMS, **step)
            assert info.value.rule_id == error.rule_id
            assert self.log is before
        else:
            self.log = self.log.take(name, actor(role), on, parameters=PARAMS, **step)
            assert role is t.authority
            assert before.stage in t.sources

    @rule(
        data=st.data(),
        example=st.booleans(),
        days=st.integers(0, 20),
        amount=_AMOUNTS,
        details=_DETAILS,
    )
    def advance(self, data, example, days, amount, details):
        """Mostly-allowed steps forward: a transition from the current stage to a live
        stage, by its authority, often with a well-formed payload."""
        choices = [
            t.name
            for t in LIFECYCLE.from_stage(self.log.stage)
            if t.target is None or not t.target.terminal
        ]
        if not choices:
            return
        name = data.draw(st.sampled_from(choices))
        if example:
            payload = {k: v for k, v in STEPS[name].items() if k != "parameters"}
            amount = payload.get("amount", amount)
            details = payload.get("details", details)
        self.act(
            name=name,
            wrong_role=None,
            days=days,
            amount=amount,
            details=details,
            document="record 2",
        )

    @invariant()
    def replay_reproduces_the_state(self):
        assert replay(self.log.events) == self.log.record
        assert verify(self.log.events, head=self.log.record.head).ok

    @invariant()
    def no_forbidden_state(self):
        r = self.log.record
        p = r.project
        if r.stage in _AFTER_DDC:
            assert r.approved_on is not None
            assert p.funding_source.outside_ddc_competence is False or any(
                e.details.get("policy") for e in self.log.events if e.transition == "approve"
            )
            approve = next(e for e in self.log.events if e.transition == "approve")
            assert (approve.amount or p.cost) <= _LIMIT
        if r.stage in _AFTER_COUNCIL:
            assert r.council_approved_on is not None
            assert r.administrative_approval is not None
            assert r.adp_year is not None
            if p.involves_works:
                assert r.technical_sanction is not None
        if r.technical_sanction is not None:
            assert p.involves_works
            assert r.administrative_approval is not None
            assert r.technical_sanction <= r.administrative_approval
            assert r.approved_on is not None
            assert r.technical_sanction_on <= r.approved_on + timedelta(days=31)
        if r.spent > 0:
            assert r.stage in _AFTER_COUNCIL
            assert r.expenditure_limit is not None
            assert r.spent <= r.expenditure_limit
        assert r.ddc_revisions <= 1
        if r.stage in (Stage.COMPLETED, Stage.EVALUATED):
            assert r.handing_over_report
            assert r.pc_iv
        days = [e.on for e in self.log.events]
        assert days == sorted(days)


TestProjectMachine = ProjectMachine.TestCase
