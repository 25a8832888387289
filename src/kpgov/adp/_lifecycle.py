"""The project lifecycle of r.33 as an explicit state machine, defined as data.

:data:`LIFECYCLE` lists every :class:`Transition`: the stages it may be taken from, the stage
it leads to, the one :class:`~kpgov.adp.Role` competent to take it (with the clause that says
so) and its :class:`Guard` s, each citing its clause. :class:`ProjectLog` applies transitions,
appending hash-chained :class:`~kpgov.adp.Event` s; :func:`replay` recomputes a project's
:class:`ProjectRecord` from its events, re-checking every guard.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Final

import attrs
from dateutil.relativedelta import relativedelta

from kpgov import _display
from kpgov.adp._events import GENESIS, Actor, Event, Role, Verification, verify
from kpgov.adp._project import Project, ProjectKind
from kpgov.errors import TransitionError, ValidationError
from kpgov.law import PARAMETERS, ParameterSet
from kpgov.money import ZERO
from kpgov.periods import FinancialYear

__all__ = [
    "LIFECYCLE",
    "Guard",
    "Lifecycle",
    "ProjectLog",
    "ProjectRecord",
    "Stage",
    "Transition",
    "may",
    "refusal",
    "replay",
]


class Stage(enum.Enum):
    """Where a project stands, in the order of r.33(1) (with the steps of r.36 and r.40)."""

    IDENTIFIED = "identified"  #: r.33(1)(a)
    OUTLINE_PREPARED = "outline_prepared"  #: r.33(1)(b), r.35(3)
    OUTLINE_APPROVED = "outline_approved"  #: r.33(1)(c), r.36(1)
    PROPOSAL_PREPARED = "proposal_prepared"  #: r.33(1)(d), r.36(2)-(3)
    TS_PREPARED = "technical_sanction_prepared"  #: r.33(1)(e), r.40(1)-(2) (works)
    WORKING_PAPER_CIRCULATED = "working_paper_circulated"  #: r.36(4)-(5)
    APPROVED = "approved_by_ddc"  #: r.33(1)(f), r.36(6)-(9)
    AA_ISSUED = "administrative_approval_issued"  #: r.33(1)(g), r.37(1)
    TS_ISSUED = "technical_sanction_issued"  #: r.33(1)(g), r.40(3)-(4) (works)
    IN_ADP = "in_adp"  #: r.33(1)(h), r.46(3)
    COUNCIL_APPROVED = "approved_by_council"  #: r.33(1)(i), r.41(1)
    UNDER_EXECUTION = "under_execution"  #: r.47(1), r.47(3)
    REVISED = "revised"  #: r.36(10), r.38
    COMPLETED = "completed"  #: r.47(13), r.48(1)
    EVALUATED = "evaluated"  #: r.49(1)
    REJECTED = "rejected"  #: r.36(1), r.36(6)
    DROPPED = "dropped"  #: r.35(2), r.36(6)

    @property
    def terminal(self) -> bool:
        return self in (Stage.EVALUATED, Stage.REJECTED, Stage.DROPPED)


_EXECUTING: Final = frozenset({Stage.UNDER_EXECUTION, Stage.REVISED})
_COUNCIL_APPROVED: Final = frozenset(
    {Stage.COUNCIL_APPROVED, Stage.UNDER_EXECUTION, Stage.REVISED, Stage.COMPLETED}
)


@attrs.define(slots=True)
class _Facts:
    """The mutable accumulator replay folds events into (frozen as a ProjectRecord)."""

    project: Project
    stage: Stage
    version: int = 0
    head: str = GENESIS
    last_on: date | None = None
    approved_cost: Decimal | None = None
    approved_on: date | None = None
    administrative_approval: Decimal | None = None
    administrative_approval_on: date | None = None
    technical_sanction: Decimal | None = None
    technical_sanction_on: date | None = None
    adp_year: FinancialYear | None = None
    allocation: Decimal | None = None
    council_approved_on: date | None = None
    started_on: date | None = None
    spent: Decimal = ZERO
    expenditure_limit: Decimal | None = None
    completion_due: date | None = None
    ddc_revisions: int = 0
    council_revisions: int = 0
    completed_on: date | None = None
    handing_over_report: str | None = None
    pc_iv: str | None = None
    evaluated_on: date | None = None
    evaluation_report: str | None = None
    ended_on: date | None = None


@attrs.frozen
class ProjectRecord:
    """A project's state as its history makes it: the stage and the facts the guards use.

    ``version`` is the number of events applied and ``head`` the hash of the last one.
    """

    project: Project
    stage: Stage
    version: int
    head: str
    last_on: date | None
    approved_cost: Decimal | None
    approved_on: date | None
    administrative_approval: Decimal | None
    administrative_approval_on: date | None
    technical_sanction: Decimal | None
    technical_sanction_on: date | None
    adp_year: FinancialYear | None
    allocation: Decimal | None
    council_approved_on: date | None
    started_on: date | None
    spent: Decimal
    expenditure_limit: Decimal | None
    completion_due: date | None
    ddc_revisions: int
    council_revisions: int
    completed_on: date | None
    handing_over_report: str | None
    pc_iv: str | None
    evaluated_on: date | None
    evaluation_report: str | None
    ended_on: date | None

    @property
    def code(self) -> str:
        return self.project.code

    def _thaw(self) -> _Facts:
        return _Facts(**attrs.asdict(self, recurse=False))


def _freeze(facts: _Facts) -> ProjectRecord:
    return ProjectRecord(**attrs.asdict(facts, recurse=False))


Check = Callable[[_Facts, Event], "str | None"]


@attrs.frozen
class Guard:
    """A condition a transition must meet, the clause that imposes it and a test that
    returns the reason for refusing (or ``None``)."""

    rule_id: str
    description: str
    check: Check = attrs.field(repr=False)


Effect = Callable[[_Facts, Event], None]
Prepare = Callable[[_Facts | None, ParameterSet, date, dict[str, str]], None]


def _no_effect(_facts: _Facts, _event: Event) -> None:
    return None


@attrs.frozen
class Transition:
    """One step of the lifecycle, as data.

    ``rule_id`` is the clause of the step, ``authority`` the only role that may take it and
    ``authority_rule`` the clause naming that role. ``sources`` are the stages it may be taken
    from (empty: it starts a project); ``target`` is the stage it leads to (``None``: the stage
    does not change). Taking it from another stage is refused under ``order_rule`` (or the rule
    ``stage_rules`` gives for that stage). ``document_rule`` says a document (minutes, sanction,
    report) must be cited, under which clause.
    """

    name: str
    label: str
    sources: frozenset[Stage]
    target: Stage | None
    authority: Role
    rule_id: str
    authority_rule: str
    guards: tuple[Guard, ...] = ()
    order_rule: str = "BR-33(1)"
    stage_rules: Mapping[Stage, str] = attrs.field(factory=dict)
    document_rule: str | None = None
    amount_required: bool = False
    effect: Effect = attrs.field(default=_no_effect, repr=False)
    prepare: Prepare | None = attrs.field(default=None, repr=False)

    @property
    def starts(self) -> bool:
        return not self.sources

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """Every clause this transition cites (its step, its authority and its guards)."""
        ids = [self.rule_id, self.authority_rule, self.order_rule]
        ids += [g.rule_id for g in self.guards]
        ids += list(self.stage_rules.values())
        if self.document_rule:
            ids.append(self.document_rule)
        return tuple(dict.fromkeys(ids))


# --- guards ------------------------------------------------------------------------------------


def _essentials(facts: _Facts, event: Event) -> str | None:
    project = event.project or facts.project
    missing = project.missing_essentials()
    return f"the proposal lacks {', '.join(missing)}" if missing else None


def _same_code(facts: _Facts, event: Event) -> str | None:
    if event.project is not None and event.project.code != facts.project.code:
        return (
            f"the proposal's code {event.project.code!r} is not the project's "
            f"{facts.project.code!r}"
        )
    return None


def _works_only(facts: _Facts, _event: Event) -> str | None:
    return None if facts.project.involves_works else "the project does not involve works"


def _works_ts_prepared(facts: _Facts, _event: Event) -> str | None:
    if facts.project.involves_works and facts.stage is not Stage.TS_PREPARED:
        return (
            "a works proposal goes to the DDC with its preliminary report, rough cost estimate "
            "and plans: prepare the technical sanction first"
        )
    return None


def _ddc_competent_funding(facts: _Facts, event: Event) -> str | None:
    source = facts.project.funding_source
    if source.outside_ddc_competence and not event.details.get("policy"):
        return (
            f"the DDC may not approve a project funded by {source.value!r} "
            "(cite the government policy that allows it in details['policy'])"
        )
    return None


def _within_ddc_limit(facts: _Facts, event: Event) -> str | None:
    limit = event.details.get("ddc_approval_limit")
    if limit is None:
        return "the DDC approval limit (parameter 'ddc_approval_limit') was not recorded"
    cost = event.amount if event.amount is not None else facts.project.cost
    try:
        ceiling = Decimal(limit)
    except ArithmeticError:
        return f"the recorded DDC approval limit {limit!r} is not an amount"
    if cost > ceiling:
        return f"cost {cost} is above the DDC approval limit {limit}"
    return None


def _completion_period(facts: _Facts, event: Event) -> str | None:
    months = event.details.get("completion_months")
    if months is None:
        return "the completion period applied was not recorded"
    if not months.isdigit():
        return f"the recorded completion period {months!r} is not a number of months"
    if not facts.project.completion_within(int(months)):
        return (
            f"completion on {facts.project.completion} is more than {months} months after "
            f"the start on {facts.project.start} ({facts.project.kind.value} project)"
        )
    return None


def _aa_within_approval(facts: _Facts, event: Event) -> str | None:
    cost = facts.approved_cost
    if cost is not None and event.amount is not None and event.amount > cost:
        return (
            f"administrative approval {event.amount} is above the cost the DDC approved "
            f"({facts.approved_cost})"
        )
    return None


def _ts_within_month(facts: _Facts, event: Event) -> str | None:
    if facts.approved_on is None:
        return "the PC-I has not been approved"
    due = facts.approved_on + relativedelta(months=1)
    if event.on > due:
        return (
            f"technical sanction on {event.on} is more than one month after the PC-I approval "
            f"on {facts.approved_on} (due by {due})"
        )
    return None


def _ts_within_aa(facts: _Facts, event: Event) -> str | None:
    aa = facts.administrative_approval
    if aa is not None and event.amount is not None and event.amount > aa:
        return f"technical sanction cost {event.amount} exceeds the administrative approval {aa}"
    return None


def _ddc_approved(facts: _Facts, _event: Event) -> str | None:
    return None if facts.approved_on is not None else "the DDC has not approved the project"


def _sanctions_complete(facts: _Facts, _event: Event) -> str | None:
    if facts.project.involves_works and facts.technical_sanction is None:
        return "a works project needs its technical sanction before inclusion in the ADP"
    return None


def _adp_year(_facts: _Facts, event: Event) -> str | None:
    year = event.details.get("year")
    if year is None:
        return "name the ADP's financial year in details['year']"
    try:
        FinancialYear.parse(year)
    except ValueError:
        return f"{year!r} is not a financial year such as '2025-26'"
    return None


def _spend_preconditions(facts: _Facts, _event: Event) -> str | None:
    missing = []
    if facts.administrative_approval is None:
        missing.append("administrative approval")
    if facts.project.involves_works and facts.technical_sanction is None:
        missing.append("technical sanction")
    if facts.adp_year is None:
        missing.append("inclusion in the budget")
    if facts.council_approved_on is None:
        missing.append("District Council approval")
    return f"no {', '.join(missing)}" if missing else None


def _within_approval(facts: _Facts, event: Event) -> str | None:
    limit = facts.expenditure_limit
    if limit is not None and event.amount is not None and facts.spent + event.amount > limit:
        return (
            f"expenditure would reach {facts.spent + event.amount}, beyond the approved "
            f"{limit}: obtain the District Council's approval (revise_cost_or_scope)"
        )
    return None


def _positive_amount(_facts: _Facts, event: Event) -> str | None:
    if event.amount is None or event.amount <= 0:
        return "an expenditure has a positive amount"
    return None


def _first_ddc_revision(facts: _Facts, _event: Event) -> str | None:
    if facts.ddc_revisions:
        return "the DDC has already allowed its one time extension or revision"
    return None


def _extension_date(facts: _Facts, event: Event) -> str | None:
    text = event.details.get("completion")
    if text is None:
        return "give the new completion date in details['completion']"
    try:
        new = date.fromisoformat(text)
    except ValueError:
        return f"{text!r} is not an ISO date"
    if facts.completion_due is not None and new <= facts.completion_due:
        return f"the new completion date {new} does not extend {facts.completion_due}"
    return None


def _not_upward(facts: _Facts, event: Event) -> str | None:
    if event.details.get("scope_change"):
        return "a change of objective or scope needs the District Council"
    cost = facts.approved_cost
    if event.amount is not None and cost is not None and event.amount > cost:
        return f"an upward revision (to {event.amount}, above {cost}) needs the District Council"
    return None


def _new_completion(_facts: _Facts, event: Event) -> str | None:
    text = event.details.get("completion")
    if text is None:
        return None
    try:
        date.fromisoformat(text)
    except ValueError:
        return f"the new completion date {text!r} is not an ISO date"
    return None


def _revision_covers_spending(facts: _Facts, event: Event) -> str | None:
    if event.amount is not None and event.amount < facts.spent:
        return f"the revised cost {event.amount} is below the {facts.spent} already spent"
    return None


def _revision_amount(_facts: _Facts, event: Event) -> str | None:
    if event.amount is None and not event.details.get("scope_change"):
        return "give the revised cost as the amount (or describe details['scope_change'])"
    return None


def _pc_iv(_facts: _Facts, event: Event) -> str | None:
    return None if event.details.get("pc_iv") else "cite the PC-IV signed by the Head of Offices"


# --- effects and parameter recording ------------------------------------------------------------


def _file_proposal(facts: _Facts, event: Event) -> None:
    if event.project is not None:
        facts.project = event.project


def _record_ddc_approval(facts: _Facts, event: Event) -> None:
    facts.approved_cost = event.amount if event.amount is not None else facts.project.cost
    facts.approved_on = event.on
    facts.completion_due = facts.project.completion


def _record_aa(facts: _Facts, event: Event) -> None:
    facts.administrative_approval = (
        event.amount if event.amount is not None else facts.approved_cost
    )
    facts.administrative_approval_on = event.on
    facts.expenditure_limit = facts.administrative_approval


def _record_ts(facts: _Facts, event: Event) -> None:
    facts.technical_sanction = (
        event.amount if event.amount is not None else facts.administrative_approval
    )
    facts.technical_sanction_on = event.on
    facts.expenditure_limit = facts.technical_sanction


def _record_adp(facts: _Facts, event: Event) -> None:
    facts.adp_year = FinancialYear.parse(event.details["year"])
    facts.allocation = event.amount


def _record_council(facts: _Facts, event: Event) -> None:
    facts.council_approved_on = event.on


def _record_start(facts: _Facts, event: Event) -> None:
    facts.started_on = event.on


def _record_spending(facts: _Facts, event: Event) -> None:
    assert event.amount is not None  # guarded by _positive_amount
    facts.spent += event.amount


def _record_extension(facts: _Facts, event: Event) -> None:
    facts.completion_due = date.fromisoformat(event.details["completion"])
    facts.ddc_revisions += 1


def _apply_revision(facts: _Facts, event: Event) -> None:
    """A revision may change the approved cost (and so the spending limit) and the completion."""
    if event.amount is not None:
        facts.approved_cost = event.amount
        facts.expenditure_limit = event.amount
    if "completion" in event.details:
        facts.completion_due = date.fromisoformat(event.details["completion"])


def _record_ddc_revision(facts: _Facts, event: Event) -> None:
    _apply_revision(facts, event)
    facts.ddc_revisions += 1


def _record_council_revision(facts: _Facts, event: Event) -> None:
    _apply_revision(facts, event)
    facts.council_revisions += 1


def _record_completion(facts: _Facts, event: Event) -> None:
    facts.completed_on = event.on
    facts.handing_over_report = event.document
    facts.pc_iv = event.details.get("pc_iv")


def _record_evaluation(facts: _Facts, event: Event) -> None:
    facts.evaluated_on = event.on
    facts.evaluation_report = event.document


def _record_end(facts: _Facts, event: Event) -> None:
    facts.ended_on = event.on


_PERIOD_PARAMETER: Final = {
    ProjectKind.BUILDING: "completion_months_buildings",
    ProjectKind.ROAD: "completion_months_roads",
    ProjectKind.OTHER: "completion_months_other",
}


def _prepare_ddc_approval(
    facts: _Facts | None, parameters: ParameterSet, on: date, details: dict[str, str]
) -> None:
    """Record the DDC limit (r.36(7)) and the completion period (r.36(9)) in force on ``on``."""
    limit = parameters.value("ddc_approval_limit", on)
    if limit is None:
        raise TransitionError(
            "the DDC approval limit is prescribed by the Government and kpgov has no value "
            "for it: set the parameter 'ddc_approval_limit' (PARAMETERS.override("
            "'ddc_approval_limit', Decimal(...), since=...)) before the DDC approves projects",
            rule_id="BR-36(7)",
            transition="approve",
            subject=facts.project.code if facts else None,
        )
    details.setdefault("ddc_approval_limit", str(limit))
    if facts is not None:
        months = parameters.value(_PERIOD_PARAMETER[facts.project.kind], on)
        if months is None:
            raise TransitionError(
                f"set the parameter {_PERIOD_PARAMETER[facts.project.kind]!r}",
                rule_id="BR-36(9)",
                transition="approve",
                subject=facts.project.code,
            )
        details.setdefault("completion_months", str(months))


# --- the machine ---------------------------------------------------------------------------------

_HOO = Role.HEAD_OF_OFFICES
_DDOP = Role.DEPUTY_DISTRICT_OFFICER_PLANNING
_DDC = Role.DISTRICT_DEVELOPMENT_COMMITTEE
_DC = Role.DEPUTY_COMMISSIONER
_COUNCIL = Role.DISTRICT_COUNCIL
_AGENCY = Role.EXECUTING_AGENCY
S = Stage

_BEFORE_COUNCIL: Final = frozenset(
    {
        S.OUTLINE_APPROVED,
        S.PROPOSAL_PREPARED,
        S.TS_PREPARED,
        S.WORKING_PAPER_CIRCULATED,
        S.APPROVED,
        S.AA_ISSUED,
        S.TS_ISSUED,
        S.IN_ADP,
    }
)

_G_CODE = Guard("BR-32(5)", "the project keeps its unique code", _same_code)
_G_ONE_REVISION = Guard(
    "BR-36(10)", "the DDC allows one time extension or revision only", _first_ddc_revision
)
_G_SPEND = Guard(
    "BR-47(1)",
    "AA, TS (works), inclusion in the budget and Council approval come first",
    _spend_preconditions,
)

_TRANSITIONS: Final = (
    Transition(
        "identify",
        "identify the development proposal",
        frozenset(),
        S.IDENTIFIED,
        _HOO,
        "BR-33(1)(a)",
        "BR-35(2)",
        effect=_file_proposal,
    ),
    Transition(
        "prepare_outline",
        "prepare the project outline and submit it through the DDOP",
        frozenset({S.IDENTIFIED}),
        S.OUTLINE_PREPARED,
        _HOO,
        "BR-33(1)(b)",
        "BR-35(3)",
        guards=(_G_CODE,),
        effect=_file_proposal,
    ),
    Transition(
        "approve_outline",
        "approve the outline",
        frozenset({S.OUTLINE_PREPARED}),
        S.OUTLINE_APPROVED,
        _DDC,
        "BR-33(1)(c)",
        "BR-36(1)",
        document_rule="BR-36(6)",
    ),
    Transition(
        "reject_outline",
        "reject the outline",
        frozenset({S.OUTLINE_PREPARED}),
        S.REJECTED,
        _DDC,
        "BR-36(1)",
        "BR-36(1)",
        document_rule="BR-36(6)",
        effect=_record_end,
    ),
    Transition(
        "withdraw",
        "withdraw the proposal after scrutiny",
        frozenset({S.IDENTIFIED, S.OUTLINE_PREPARED}),
        S.DROPPED,
        _HOO,
        "BR-35(2)",
        "BR-35(2)",
        effect=_record_end,
    ),
    Transition(
        "prepare_proposal",
        "prepare the detailed proposal on Form BDD-4",
        frozenset({S.OUTLINE_APPROVED}),
        S.PROPOSAL_PREPARED,
        _HOO,
        "BR-33(1)(d)",
        "BR-36(3)",
        guards=(
            _G_CODE,
            Guard("BR-32(2)", "manager, plan and budget, deliverables", _essentials),
        ),
        stage_rules={S.IDENTIFIED: "BR-36(2)", S.OUTLINE_PREPARED: "BR-36(2)"},
        effect=_file_proposal,
    ),
    Transition(
        "prepare_technical_sanction",
        "prepare the technical sanction estimate (works)",
        frozenset({S.PROPOSAL_PREPARED}),
        S.TS_PREPARED,
        _AGENCY,
        "BR-33(1)(e)",
        "BR-40(1)",
        guards=(Guard("BR-33(1)(e)", "only projects involving works", _works_only),),
    ),
    Transition(
        "circulate_working_paper",
        "frame and circulate the working paper to the DDC",
        frozenset({S.PROPOSAL_PREPARED, S.TS_PREPARED}),
        S.WORKING_PAPER_CIRCULATED,
        _DDOP,
        "BR-36(5)",
        "BR-36(4)",
        guards=(
            Guard("BR-40(1)", "works proposals carry their estimate and plans", _works_ts_prepared),
        ),
        document_rule="BR-36(4)",
    ),
    Transition(
        "approve",
        "approve the project proposal (PC-I)",
        frozenset({S.WORKING_PAPER_CIRCULATED}),
        S.APPROVED,
        _DDC,
        "BR-33(1)(f)",
        "BR-36(6)",
        guards=(
            Guard("BR-36(8)", "no subsidy or externally funded projects", _ddc_competent_funding),
            Guard("BR-36(7)", "cost within the DDC approval limit", _within_ddc_limit),
            Guard("BR-36(9)", "completion within the period for its kind", _completion_period),
        ),
        document_rule="BR-36(6)",
        effect=_record_ddc_approval,
        prepare=_prepare_ddc_approval,
    ),
    Transition(
        "reject",
        "reject the project proposal",
        frozenset({S.WORKING_PAPER_CIRCULATED}),
        S.REJECTED,
        _DDC,
        "BR-36(6)",
        "BR-36(6)",
        document_rule="BR-36(6)",
        effect=_record_end,
    ),
    Transition(
        "issue_administrative_approval",
        "convey the approval (administrative approval)",
        frozenset({S.APPROVED}),
        S.AA_ISSUED,
        _DC,
        "BR-33(1)(g)",
        "BR-37(1)",
        guards=(Guard("BR-37(1)", "the approval conveyed is the DDC's", _aa_within_approval),),
        document_rule="BR-37(1)",
        effect=_record_aa,
    ),
    Transition(
        "issue_technical_sanction",
        "accord technical sanction to the detailed estimate (works)",
        frozenset({S.AA_ISSUED}),
        S.TS_ISSUED,
        _AGENCY,
        "BR-33(1)(g)",
        "BR-40(2)",
        guards=(
            Guard("BR-33(1)(e)", "only projects involving works", _works_only),
            Guard("BR-40(3)", "within one month of PC-I approval", _ts_within_month),
            Guard("BR-40(4)", "not above the administrative approval", _ts_within_aa),
        ),
        document_rule="BR-40(2)",
        effect=_record_ts,
    ),
    Transition(
        "include_in_adp",
        "include in the Annual Development Programme",
        frozenset({S.AA_ISSUED, S.TS_ISSUED}),
        S.IN_ADP,
        _DDC,
        "BR-33(1)(h)",
        "BR-46(3)",
        guards=(
            Guard("BR-37(2)", "only DDC-approved projects", _ddc_approved),
            Guard("BR-33(1)(g)", "AA and TS (works) issued", _sanctions_complete),
            Guard("BR-46(3)", "the ADP's financial year is named", _adp_year),
        ),
        stage_rules=dict.fromkeys(
            (
                S.IDENTIFIED,
                S.OUTLINE_PREPARED,
                S.OUTLINE_APPROVED,
                S.PROPOSAL_PREPARED,
                S.TS_PREPARED,
                S.WORKING_PAPER_CIRCULATED,
            ),
            "BR-37(2)",
        ),
        document_rule="BR-46(4)",
        effect=_record_adp,
    ),
    Transition(
        "approve_by_council",
        "approve (with the budget) in the District Council",
        frozenset({S.IN_ADP}),
        S.COUNCIL_APPROVED,
        _COUNCIL,
        "BR-33(1)(i)",
        "BR-41(1)",
        document_rule="BR-33(1)(i)",
        effect=_record_council,
    ),
    Transition(
        "start_execution",
        "start execution as per the approved PC-I",
        frozenset({S.COUNCIL_APPROVED}),
        S.UNDER_EXECUTION,
        _AGENCY,
        "BR-47(3)",
        "BR-47(3)",
        guards=(_G_SPEND,),
        order_rule="BR-47(1)",
        effect=_record_start,
    ),
    Transition(
        "record_expenditure",
        "incur expenditure",
        _EXECUTING,
        None,
        _AGENCY,
        "BR-47(1)",
        "BR-47(3)",
        guards=(
            Guard("BR-47(1)", "an expenditure has an amount", _positive_amount),
            _G_SPEND,
            Guard("BR-40(5)", "within the approved and sanctioned amount", _within_approval),
        ),
        order_rule="BR-47(1)",
        amount_required=True,
        effect=_record_spending,
    ),
    Transition(
        "extend_time",
        "allow a time extension",
        _EXECUTING,
        S.REVISED,
        _DDC,
        "BR-36(10)",
        "BR-36(10)",
        guards=(_G_ONE_REVISION, Guard("BR-36(10)", "a later completion date", _extension_date)),
        order_rule="BR-36(10)",
        document_rule="BR-36(6)",
        effect=_record_extension,
    ),
    Transition(
        "revise_within_cost",
        "revise within the cost approved by the Council",
        _EXECUTING,
        S.REVISED,
        _DDC,
        "BR-38(2)",
        "BR-38(2)",
        guards=(
            _G_ONE_REVISION,
            Guard("BR-38(2)", "a revised cost is given", _revision_amount),
            Guard("BR-38(2)", "a new completion date is a date", _new_completion),
            Guard("BR-38(1)", "no upward revision or change of scope", _not_upward),
            Guard("BR-38(2)", "not below what has been spent", _revision_covers_spending),
        ),
        order_rule="BR-36(10)",
        document_rule="BR-36(6)",
        effect=_record_ddc_revision,
    ),
    Transition(
        "revise_cost_or_scope",
        "approve an upward revision or change of scope",
        _EXECUTING,
        S.REVISED,
        _COUNCIL,
        "BR-38(1)",
        "BR-38(1)",
        guards=(
            Guard("BR-38(1)", "a revised cost or scope is given", _revision_amount),
            Guard("BR-38(1)", "a new completion date is a date", _new_completion),
            Guard("BR-38(1)", "not below what has been spent", _revision_covers_spending),
        ),
        order_rule="BR-38(1)",
        document_rule="BR-38(1)",
        effect=_record_council_revision,
    ),
    Transition(
        "complete",
        "complete and hand over (PC-IV)",
        _EXECUTING,
        S.COMPLETED,
        _HOO,
        "BR-48(1)",
        "BR-48(1)",
        guards=(Guard("BR-47(13)", "PC-IV signed by the Head of Offices", _pc_iv),),
        order_rule="BR-47(3)",
        document_rule="BR-48(1)",
        effect=_record_completion,
    ),
    Transition(
        "evaluate",
        "post-completion evaluation, reported to the Council",
        frozenset({S.COMPLETED}),
        S.EVALUATED,
        _DDOP,
        "BR-49(1)",
        "BR-49(1)",
        order_rule="BR-49(1)",
        document_rule="BR-49(1)",
        effect=_record_evaluation,
    ),
    Transition(
        "drop",
        "drop the project before Council approval",
        _BEFORE_COUNCIL,
        S.DROPPED,
        _DDC,
        "BR-36(6)",
        "BR-36(6)",
        stage_rules=dict.fromkeys(_COUNCIL_APPROVED, "BR-39(1)"),
        document_rule="BR-36(6)",
        effect=_record_end,
    ),
)


class Lifecycle:
    """A state machine given as :class:`Transition` data; :data:`LIFECYCLE` is r.33's."""

    def __init__(self, transitions: Iterable[Transition]) -> None:
        self.transitions: tuple[Transition, ...] = tuple(transitions)
        self._by_name = {t.name: t for t in self.transitions}
        # Sources as tuples: a membership test by identity, without hashing the enum.
        self._sources = {t.name: tuple(t.sources) for t in self.transitions}
        if len(self._by_name) != len(self.transitions):
            raise ValidationError("transition names must be unique")

    def __getitem__(self, name: str) -> Transition:
        try:
            return self._by_name[name]
        except KeyError:
            raise ValidationError(
                f"no transition {name!r}; expected one of {', '.join(self._by_name)}"
            ) from None

    def __iter__(self) -> Iterator[Transition]:
        return iter(self.transitions)

    @property
    def stages(self) -> tuple[Stage, ...]:
        return tuple(Stage)

    def from_stage(self, stage: Stage | None) -> tuple[Transition, ...]:
        """The transitions that may be taken from ``stage`` (``None``: a new project)."""
        if stage is None:
            return tuple(t for t in self.transitions if t.starts)
        return tuple(t for t in self.transitions if stage in t.sources)

    def refusal(self, facts: _Facts | None, event: Event) -> TransitionError | None:
        """Why ``event`` may not be applied to a project in state ``facts`` (or ``None``)."""
        t = self._by_name.get(event.transition)
        if t is None:
            return TransitionError(
                f"no transition {event.transition!r}",
                rule_id="BR-33(1)",
                transition=event.transition,
                subject=event.project_code,
            )
        if event.role is not t.authority:
            return TransitionError(
                f"{t.name} is for the {t.authority.title}, not the {event.role.title} "
                f"({event.actor})",
                rule_id=t.authority_rule,
                transition=t.name,
                subject=event.project_code,
            )
        if facts is None:
            if not t.starts:
                return TransitionError(
                    f"a project starts with identification, not {t.name}",
                    rule_id="BR-33(1)",
                    transition=t.name,
                    subject=event.project_code,
                )
            if event.project is None or event.project.code != event.project_code:
                return TransitionError(
                    "identification files the proposal (Form BDD-4) under its code",
                    rule_id="BR-32(5)",
                    transition=t.name,
                    subject=event.project_code,
                )
            return None
        stage = facts.stage
        if stage not in self._sources[t.name]:
            allowed = ", ".join(sorted(s.value for s in t.sources)) or "a new project"
            return TransitionError(
                f"{t.name} is not allowed from {stage.value!r} (only from {allowed})",
                rule_id=t.stage_rules.get(stage, t.order_rule),
                transition=t.name,
                subject=event.project_code,
            )
        if facts.last_on is not None and event.on < facts.last_on:
            return TransitionError(
                f"{event.on} is before the previous step on {facts.last_on}",
                rule_id="BR-33(1)",
                transition=t.name,
                subject=event.project_code,
            )
        if t.document_rule and not event.document:
            return TransitionError(
                f"{t.name} must cite its record (minutes, sanction or report) as the document",
                rule_id=t.document_rule,
                transition=t.name,
                subject=event.project_code,
            )
        if t.amount_required and event.amount is None:
            return TransitionError(
                f"{t.name} needs an amount",
                rule_id=t.rule_id,
                transition=t.name,
                subject=event.project_code,
            )
        for guard in t.guards:
            reason = guard.check(facts, event)
            if reason is not None:
                return TransitionError(
                    reason, rule_id=guard.rule_id, transition=t.name, subject=event.project_code
                )
        return None

    def mermaid(self) -> str:
        """A Mermaid ``stateDiagram-v2`` of the machine, labelled with authority and clause."""
        lines = ["stateDiagram-v2"]
        for t in self.transitions:
            label = f"{t.name}<br/>{t.authority.title}<br/>{t.rule_id}"
            if t.starts:
                lines.append(f"    [*] --> {t.target.value if t.target else '[*]'}: {label}")
            for source in sorted(t.sources, key=lambda s: list(Stage).index(s)):
                target = source if t.target is None else t.target
                lines.append(f"    {source.value} --> {target.value}: {label}")
        for stage in Stage:
            if stage.terminal:
                lines.append(f"    {stage.value} --> [*]")
        return "\n".join(lines)


#: The lifecycle of a district development project under r.33-r.49.
LIFECYCLE: Final = Lifecycle(_TRANSITIONS)


def _apply(facts: _Facts | None, event: Event, lifecycle: Lifecycle) -> _Facts:
    error = lifecycle.refusal(facts, event)
    if error is not None:
        raise error
    t = lifecycle._by_name[event.transition]  # known: refusal() checked it
    if facts is None:
        assert event.project is not None  # checked by refusal()
        facts = _Facts(project=event.project, stage=Stage.IDENTIFIED)
    t.effect(facts, event)
    if t.target is not None:
        facts.stage = t.target
    facts.version += 1
    facts.head = event.hash
    facts.last_on = event.on
    return facts


def replay(events: Sequence[Event], *, lifecycle: Lifecycle = LIFECYCLE) -> ProjectRecord:
    """The state a project's events lead to, re-checking every transition and guard.

    Links (sequence numbers and ``prev_hash``) are checked; hashes are :func:`verify`'s job.
    An event the rules refuse raises its :class:`~kpgov.errors.TransitionError`.
    """
    if not events:
        raise ValidationError("a project's history has at least its identification event")
    facts: _Facts | None = None
    prev = GENESIS
    for index, event in enumerate(events):
        if event.seq != index or event.prev_hash != prev:
            raise ValidationError(
                f"event {index} of project {event.project_code!r} is out of sequence or "
                "unlinked; run verify() to locate the damage",
                row=index,
            )
        facts = _apply(facts, event, lifecycle)
        prev = event.hash
    assert facts is not None
    return _freeze(facts)


@attrs.frozen
class ProjectLog:
    """A project's append-only history and the state it leads to.

    Every change is a new log with one more event; a refused step raises
    :class:`~kpgov.errors.TransitionError` naming the refusing rule and leaves the log as it
    was. ``parameters`` supply the DDC limit and completion periods (r.36(7), r.36(9)).
    """

    events: tuple[Event, ...]
    record: ProjectRecord

    @classmethod
    def start(
        cls,
        project: Project,
        actor: Actor,
        on: date,
        *,
        document: str | None = None,
    ) -> ProjectLog:
        """Identify a proposal (r.33(1)(a)): the first event of its history."""
        event = Event.create(
            seq=0,
            project_code=project.code,
            transition="identify",
            actor=actor,
            on=on,
            rule_id=LIFECYCLE["identify"].rule_id,
            prev_hash=GENESIS,
            document=document,
            project=project,
        )
        return cls((event,), _freeze(_apply(None, event, LIFECYCLE)))

    @classmethod
    def from_events(cls, events: Iterable[Event]) -> ProjectLog:
        """Rebuild a log from stored events (replaying them)."""
        events = tuple(events)
        return cls(events, replay(events))

    @property
    def code(self) -> str:
        return self.record.project.code

    @property
    def stage(self) -> Stage:
        return self.record.stage

    def _event(
        self,
        transition: str,
        actor: Actor,
        on: date,
        document: str | None,
        amount: Decimal | None,
        details: Mapping[str, str] | None,
        project: Project | None,
        parameters: ParameterSet,
    ) -> Event:
        t = LIFECYCLE[transition]
        facts = self.record._thaw()
        filled = dict(details or {})
        if t.prepare is not None and actor.role is t.authority and facts.stage in t.sources:
            t.prepare(facts, parameters, on, filled)
        return Event.create(
            seq=self.record.version,
            project_code=self.code,
            transition=transition,
            actor=actor,
            on=on,
            rule_id=t.rule_id,
            prev_hash=self.record.head,
            document=document,
            amount=amount,
            details=filled,
            project=project,
        )

    def refusal(
        self,
        transition: str,
        actor: Actor,
        on: date,
        *,
        document: str | None = None,
        amount: Decimal | None = None,
        details: Mapping[str, str] | None = None,
        project: Project | None = None,
        parameters: ParameterSet = PARAMETERS,
    ) -> TransitionError | None:
        """The error :meth:`take` would raise, or ``None`` when the step is allowed."""
        try:
            event = self._event(
                transition, actor, on, document, amount, details, project, parameters
            )
        except TransitionError as exc:
            return exc
        return LIFECYCLE.refusal(self.record._thaw(), event)

    def take(
        self,
        transition: str,
        actor: Actor,
        on: date,
        *,
        document: str | None = None,
        amount: Decimal | None = None,
        details: Mapping[str, str] | None = None,
        project: Project | None = None,
        parameters: ParameterSet = PARAMETERS,
    ) -> ProjectLog:
        """Take ``transition`` as ``actor`` on ``on``: a new log with the event appended."""
        event = self._event(transition, actor, on, document, amount, details, project, parameters)
        facts = _apply(self.record._thaw(), event, LIFECYCLE)
        return ProjectLog((*self.events, event), _freeze(facts))

    def verify(self, *, head: str | None = None) -> Verification:
        return verify(self.events, head=head)

    def __repr__(self) -> str:
        subject = f"{self.code} ({self.stage.value})"
        return _display.short("ProjectLog", subject, count=len(self.events), noun="event")

    def _table(self) -> _display.Table:
        return _display.Table(
            f"Project {self.code}: {self.record.project.name} ({self.stage.value})",
            ("seq", "on", "transition", "actor", "role", "rule", "document", "amount"),
            self.events,
            cells=lambda e: (
                e.seq,
                e.on.isoformat(),
                e.transition,
                e.actor,
                e.role.value,
                e.rule_id,
                e.document,
                e.amount,
            ),
            numeric=(0, 7),
        )

    def _repr_html_(self) -> str:
        return _display.join_html(self._table())

    def _repr_markdown_(self) -> str:
        return _display.join_markdown(self._table())


def refusal(
    transition: str,
    actor: Actor,
    log: ProjectLog | None = None,
    *,
    on: date | None = None,
    **step: object,
) -> TransitionError | None:
    """Why ``actor`` may not take ``transition`` (on ``log`` in its current state), or None.

    Without a log only the authority is checked: is ``actor``'s role the one competent?
    """
    t = LIFECYCLE[transition]
    if log is None:
        if actor.role is t.authority:
            return None
        return TransitionError(
            f"{t.name} is for the {t.authority.title}, not the {actor.role.title} ({actor.name})",
            rule_id=t.authority_rule,
            transition=t.name,
        )
    day = on if on is not None else (log.record.last_on or date.min)
    return log.refusal(transition, actor, day, **step)  # type: ignore[arg-type]  # passed through


def may(
    transition: str,
    actor: Actor,
    log: ProjectLog | None = None,
    *,
    on: date | None = None,
    **step: object,
) -> bool:
    """Whether ``actor`` may take ``transition`` - without taking it.

    >>> from kpgov.adp import Actor, Role
    >>> may("approve", Actor("DDC Abbottabad", Role.DISTRICT_DEVELOPMENT_COMMITTEE))
    True
    >>> may("approve", Actor("EDO Education", Role.HEAD_OF_OFFICES))
    False
    """
    return refusal(transition, actor, log, on=on, **step) is None
