"""The project lifecycle of r.33 as an explicit state machine, defined as data.

:data:`LIFECYCLE` lists every :class:`Transition`: the stages it may be taken from, the stage
it leads to, the roles competent to take it (with the clause that says so) and its
:class:`Guard` s, each citing its clause. :class:`ProjectLog` applies transitions, appending
hash-chained :class:`~kpgov.adp.Event` s, in one of two :class:`Mode` s over the same guards:

* ``Mode.ENFORCE`` (an app gating what its users may do): a step that breaks a guard is
  refused with :class:`~kpgov.errors.TransitionError` naming the rule;
* ``Mode.RECORD`` (a registry or auditor entering what happened): every step is appended as
  the documents show it, and every guard it broke is a :class:`~kpgov.findings.Finding`.

:func:`replay` folds events into a :class:`ProjectRecord` the same way in both modes;
:func:`audit` reports the findings of a history.
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
from kpgov.adp._rules import rule
from kpgov.errors import TransitionError, ValidationError
from kpgov.findings import Finding, Report
from kpgov.law import PARAMETERS, ParameterSet
from kpgov.money import ZERO
from kpgov.periods import FinancialYear

__all__ = [
    "LIFECYCLE",
    "LIFECYCLE_WORKS_OFFICE",
    "Guard",
    "Lifecycle",
    "Mode",
    "NextStep",
    "ProjectLog",
    "ProjectRecord",
    "Stage",
    "TechnicalSanctionReading",
    "Transition",
    "audit",
    "breaches",
    "lifecycle",
    "may",
    "refusal",
    "replay",
]


class Mode(enum.Enum):
    """How a :class:`ProjectLog` treats a step that breaks a guard."""

    ENFORCE = "enforce"  #: refuse it (TransitionError naming the rule)
    RECORD = "record"  #: keep it; each broken guard becomes a finding


class TechnicalSanctionReading(enum.Enum):
    """Who prepares and accords technical sanction: the seed gives two readings.

    The Second Schedule (item 10) gives "Preparation of detailed estimates and accordance of
    Technical sanction" to the Head of Offices and the Deputy District Officer Planning;
    r.40(1)-(2) has the estimates obtained from "the concerned office dealing with works" and
    the sanction "accorded by the officials in accordance with the powers delegated to them",
    which kpgov reads as the executing agency. The default, :data:`LIFECYCLE`, follows the
    Second Schedule, the only text that names the officials; :data:`LIFECYCLE_WORKS_OFFICE`
    follows r.40.
    """

    SECOND_SCHEDULE = "second_schedule"  #: Second Schedule item 10: HoO and DDOP (default)
    WORKS_OFFICE = "works_office"  #: BR-40(2): the executing agency with delegated powers


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
    adp_years: tuple[FinancialYear, ...] = ()
    council_years: tuple[FinancialYear, ...] = ()
    phasing: str | None = None
    copy_to_council_on: date | None = None
    in_district_plan_on: date | None = None
    recurring_communicated_on: date | None = None
    handing_over_distributed_on: date | None = None
    impact_evaluations: int = 0
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

    ``version`` is the number of events applied (the stream version of the last one) and
    ``head`` the hash of the last one. ``adp_year`` is the first ADP the project entered,
    ``adp_years`` every one (ongoing projects enter later ADPs too) and ``council_years`` the
    years whose budget the Council approved with the project in it. ``phasing`` is the
    exceptional circumstance recorded for phasing over two financial years (r.44(2)).
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
    adp_years: tuple[FinancialYear, ...]
    council_years: tuple[FinancialYear, ...]
    phasing: str | None
    copy_to_council_on: date | None
    in_district_plan_on: date | None
    recurring_communicated_on: date | None
    handing_over_distributed_on: date | None
    impact_evaluations: int
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
    does not change). Taking it from another stage is refused under ``order_rule`` (default:
    the step's own clause of r.33(1), which sets the order) or the rule ``stage_rules`` gives
    for that stage. ``document_rule`` says a document (minutes, sanction,
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
    order_rule: str = ""
    stage_rules: Mapping[Stage, str] = attrs.field(factory=dict)
    document_rule: str | None = None
    amount_required: bool = False
    effect: Effect = attrs.field(default=_no_effect, repr=False)
    prepare: Prepare | None = attrs.field(default=None, repr=False)
    also: frozenset[Role] = frozenset()

    @property
    def starts(self) -> bool:
        return not self.sources

    @property
    def authorities(self) -> tuple[Role, ...]:
        """Every role competent to take the step, ``authority`` first."""
        rest = sorted(self.also - {self.authority}, key=lambda r: list(Role).index(r))
        return (self.authority, *rest)

    def competent(self, role: Role) -> bool:
        return role is self.authority or role in self.also

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """Every clause this transition cites (its step, its authority and its guards)."""
        ids = [self.rule_id, self.authority_rule, self.order_rule or self.rule_id]
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
    if not (months.isascii() and months.isdecimal() and len(months) <= 4):
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


def _year_of(event: Event) -> FinancialYear | None:
    try:
        return FinancialYear.parse(event.details.get("year", ""))
    except ValueError:
        return None


def _adp_year(_facts: _Facts, event: Event) -> str | None:
    year = event.details.get("year")
    if year is None:
        return "name the ADP's financial year in details['year']"
    if _year_of(event) is None:
        return f"{year!r} is not a financial year such as '2025-26'"
    return None


def _later_adp_year(facts: _Facts, event: Event) -> str | None:
    year = _year_of(event)
    if year is not None and facts.adp_years and year.start_year <= facts.adp_years[-1].start_year:
        return f"{year} is not later than the ADP the project is already in ({facts.adp_years[-1]})"
    return None


def _two_years_at_most(facts: _Facts, event: Event) -> str | None:
    year = _year_of(event)
    if year is None or not facts.adp_years:
        return None
    first = facts.adp_years[0]
    if year.start_year - first.start_year + 1 > 2:
        return (
            f"an ADP entry for {year} phases the project over more than two financial years "
            f"(first in the ADP of {first})"
        )
    return None


def _in_year_adp(facts: _Facts, event: Event) -> str | None:
    year = _year_of(event)
    if year is not None and year not in facts.adp_years:
        return f"the project is not in the ADP of {year}"
    if year is not None and year in facts.council_years:
        return f"the Council already approved the budget of {year} with the project"
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


def _spend_in_budget_year(facts: _Facts, event: Event) -> str | None:
    """Spending falls in a year whose budget, approved by the Council, includes the project
    (r.47(1)); grants are for one financial year only (r.10(2)(a))."""
    if not facts.council_years:
        return None  # reported by _spend_preconditions
    year = FinancialYear.containing(event.on)
    if year in facts.council_years:
        return None
    years = ", ".join(str(y) for y in facts.council_years)
    return (
        f"expenditure on {event.on} falls in {year}, outside the years whose approved budget "
        f"includes the project ({years}); grants lapse at the year's end (r.10(2)(a))"
    )


def _within_approval(facts: _Facts, event: Event) -> str | None:
    limit = facts.expenditure_limit
    if limit is not None and event.amount is not None and facts.spent + event.amount > limit:
        return (
            f"expenditure would reach {facts.spent + event.amount}, beyond the amount "
            f"administratively approved or technically sanctioned ({limit}): obtain the "
            "District Council's approval (revise_cost_or_scope)"
        )
    return None


def _proposal_filed(_facts: _Facts, event: Event) -> str | None:
    if event.project is None:
        return "file the detailed proposal (Form BDD-4) with the step (project=...)"
    return None


def _phasing_reason(_facts: _Facts, event: Event) -> str | None:
    reason = event.details.get("phasing")
    if reason is not None and not reason.strip():
        return "phasing over two financial years names its exceptional circumstances"
    return None


def _recurring_amount(_facts: _Facts, event: Event) -> str | None:
    if event.amount is None or event.amount < 0:
        return "give the yearly recurring expenditure as the amount"
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
# Effects run in both modes, so a step recorded despite a broken guard must not crash them:
# each takes only what the event gives.


def _file_proposal(facts: _Facts, event: Event) -> None:
    if event.project is not None and event.project.code == facts.project.code:
        facts.project = event.project


def _record_ddc_approval(facts: _Facts, event: Event) -> None:
    facts.approved_cost = event.amount if event.amount is not None else facts.project.cost
    facts.approved_on = event.on
    facts.completion_due = facts.project.completion
    reason = event.details.get("phasing")
    if reason:
        facts.phasing = reason


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
    if facts.technical_sanction is not None:
        limit = facts.expenditure_limit
        sanctioned = facts.technical_sanction
        facts.expenditure_limit = sanctioned if limit is None else min(limit, sanctioned)


def _add_year(years: tuple[FinancialYear, ...], year: FinancialYear) -> tuple[FinancialYear, ...]:
    return tuple(sorted({*years, year}, key=lambda y: y.start_year))


def _record_adp(facts: _Facts, event: Event) -> None:
    year = _year_of(event)
    if year is None:
        return
    if facts.adp_year is None:
        facts.adp_year = year
    facts.adp_years = _add_year(facts.adp_years, year)
    facts.allocation = event.amount


def _record_council(facts: _Facts, event: Event) -> None:
    if facts.council_approved_on is None:
        facts.council_approved_on = event.on
    year = _year_of(event) or facts.adp_year
    if year is not None:
        facts.council_years = _add_year(facts.council_years, year)


def _record_start(facts: _Facts, event: Event) -> None:
    facts.started_on = event.on


def _record_spending(facts: _Facts, event: Event) -> None:
    if event.amount is not None and event.amount > 0:
        facts.spent += event.amount


def _new_date(event: Event) -> date | None:
    try:
        return date.fromisoformat(event.details.get("completion", ""))
    except ValueError:
        return None


def _record_extension(facts: _Facts, event: Event) -> None:
    new = _new_date(event)
    if new is not None:
        facts.completion_due = new
    facts.ddc_revisions += 1


def _record_ddc_revision(facts: _Facts, event: Event) -> None:
    """Within the Council-approved cost: the cost may fall, the spending limit never rises
    above what was administratively approved and technically sanctioned (r.38(2), r.40(5))."""
    if event.amount is not None:
        facts.approved_cost = event.amount
        limit = facts.expenditure_limit
        facts.expenditure_limit = event.amount if limit is None else min(limit, event.amount)
    new = _new_date(event)
    if new is not None:
        facts.completion_due = new
    facts.ddc_revisions += 1


def _record_council_revision(facts: _Facts, event: Event) -> None:
    """The Council's revision (r.38(1), r.40(5)) sets the cost and the spending limit."""
    if event.amount is not None:
        facts.approved_cost = event.amount
        facts.expenditure_limit = event.amount
    new = _new_date(event)
    if new is not None:
        facts.completion_due = new
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


def _record_copy(facts: _Facts, event: Event) -> None:
    facts.copy_to_council_on = event.on


def _record_plan(facts: _Facts, event: Event) -> None:
    facts.in_district_plan_on = event.on


def _record_recurring(facts: _Facts, event: Event) -> None:
    facts.recurring_communicated_on = event.on


def _record_distribution(facts: _Facts, event: Event) -> None:
    facts.handing_over_distributed_on = event.on


def _record_impact(facts: _Facts, _event: Event) -> None:
    facts.impact_evaluations += 1


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
_PND = Role.PLANNING_DEVELOPMENT_DEPARTMENT
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
#: Stages of a project the DDC has approved and that has not ended.
_DDC_APPROVED_LIVE: Final = frozenset(
    {
        S.APPROVED,
        S.AA_ISSUED,
        S.TS_ISSUED,
        S.IN_ADP,
        S.COUNCIL_APPROVED,
        S.UNDER_EXECUTION,
        S.REVISED,
    }
)
_ONGOING: Final = frozenset({S.COUNCIL_APPROVED, S.UNDER_EXECUTION, S.REVISED})
_DONE: Final = frozenset({S.COMPLETED, S.EVALUATED})

_G_CODE = Guard("BR-32(5)", "the project keeps its unique code", _same_code)
_G_ONE_REVISION = Guard(
    "BR-36(10)", "the DDC allows one time extension or revision only", _first_ddc_revision
)
_G_SPEND = Guard(
    "BR-47(1)",
    "AA, TS (works), inclusion in the budget and Council approval come first",
    _spend_preconditions,
)
_G_YEAR = Guard("BR-46(3)", "the ADP's financial year is named", _adp_year)


def _transitions(reading: TechnicalSanctionReading) -> tuple[Transition, ...]:
    if reading is TechnicalSanctionReading.SECOND_SCHEDULE:
        ts_by, ts_also = _HOO, frozenset({_DDOP})
    else:
        ts_by, ts_also = _AGENCY, frozenset()
    # r.40(2) is the clause under both readings: "accorded by the officials in accordance with
    # the powers delegated to them"; the Second Schedule (item 10) names those officials.
    ts_rule = "BR-40(2)"
    return (
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
                Guard("BR-32(1)", "the proposal is on Form BDD-4", _proposal_filed),
                _G_CODE,
                Guard("BR-32(2)", "manager, plan and budget, deliverables", _essentials),
            ),
            stage_rules={S.IDENTIFIED: "BR-36(2)", S.OUTLINE_PREPARED: "BR-36(2)"},
            effect=_file_proposal,
        ),
        Transition(
            "prepare_technical_sanction",
            "prepare the detailed estimate for technical sanction (works)",
            frozenset({S.PROPOSAL_PREPARED}),
            S.TS_PREPARED,
            ts_by,
            "BR-33(1)(e)",
            ts_rule,
            guards=(Guard("BR-33(1)(e)", "only projects involving works", _works_only),),
            also=ts_also,
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
                Guard(
                    "BR-40(1)", "works proposals carry their estimate and plans", _works_ts_prepared
                ),
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
                Guard(
                    "BR-36(8)", "no subsidy or externally funded projects", _ddc_competent_funding
                ),
                Guard("BR-36(7)", "cost within the DDC approval limit", _within_ddc_limit),
                Guard("BR-36(9)", "completion within the period for its kind", _completion_period),
                Guard("BR-44(2)", "exceptional phasing names its reason", _phasing_reason),
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
            "send_copy_to_council",
            "submit a copy of the approved proposal to the District Council for information",
            _DDC_APPROVED_LIVE,
            None,
            _DDOP,
            "BR-36(11)",
            "BR-36(11)",
            document_rule="BR-36(11)",
            effect=_record_copy,
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
            ts_by,
            "BR-33(1)(g)",
            ts_rule,
            guards=(
                Guard("BR-33(1)(e)", "only projects involving works", _works_only),
                Guard("BR-40(3)", "within one month of PC-I approval", _ts_within_month),
                Guard("BR-40(4)", "not above the administrative approval", _ts_within_aa),
            ),
            document_rule="BR-40(2)",
            effect=_record_ts,
            also=ts_also,
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
                _G_YEAR,
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
            "include_in_district_plan",
            "include in the District Development Plan",
            _DDC_APPROVED_LIVE,
            None,
            _DDOP,
            "BR-33(1)(h)",
            "BR-33(1)(h)",
            document_rule="BR-33(1)(h)",
            effect=_record_plan,
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
            "include_ongoing_in_adp",
            "include an ongoing or phased project in a later year's ADP",
            _ONGOING,
            None,
            _DDC,
            "BR-42(2)",
            "BR-46(3)",
            guards=(
                _G_YEAR,
                Guard("BR-46(3)", "a later year than its last ADP", _later_adp_year),
                Guard("BR-44(2)", "phased over two financial years at most", _two_years_at_most),
            ),
            order_rule="BR-39(1)",
            document_rule="BR-46(4)",
            effect=_record_adp,
        ),
        Transition(
            "approve_ongoing_by_council",
            "approve the later year's budget with the ongoing project",
            _ONGOING,
            None,
            _COUNCIL,
            "BR-41(1)",
            "BR-41(1)",
            guards=(_G_YEAR, Guard("BR-41(1)", "the project is in that year's ADP", _in_year_adp)),
            order_rule="BR-39(1)",
            document_rule="BR-41(1)",
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
            frozenset({S.UNDER_EXECUTION, S.REVISED}),
            None,
            _AGENCY,
            "BR-47(1)",
            "BR-47(3)",
            guards=(
                Guard("BR-47(1)", "an expenditure has an amount", _positive_amount),
                _G_SPEND,
                Guard(
                    "BR-47(1)", "within a year whose approved budget has it", _spend_in_budget_year
                ),
                Guard("BR-40(5)", "within the approved and sanctioned amount", _within_approval),
            ),
            order_rule="BR-47(1)",
            amount_required=True,
            effect=_record_spending,
        ),
        Transition(
            "communicate_recurring_cost",
            "communicate the recurring expenditure to the DO Finance and Planning",
            _DDC_APPROVED_LIVE,
            None,
            _HOO,
            "BR-50(1)(a)",
            "BR-50(1)(a)",
            guards=(Guard("BR-50(1)(a)", "the yearly recurring amount", _recurring_amount),),
            also=frozenset({_DDOP, _DDC}),
            effect=_record_recurring,
        ),
        Transition(
            "extend_time",
            "allow a time extension",
            frozenset({S.UNDER_EXECUTION, S.REVISED}),
            S.REVISED,
            _DDC,
            "BR-36(10)",
            "BR-36(10)",
            guards=(
                _G_ONE_REVISION,
                Guard("BR-36(10)", "a later completion date", _extension_date),
            ),
            order_rule="BR-36(10)",
            document_rule="BR-36(6)",
            effect=_record_extension,
        ),
        Transition(
            "revise_within_cost",
            "revise within the cost approved by the Council",
            frozenset({S.UNDER_EXECUTION, S.REVISED}),
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
            frozenset({S.UNDER_EXECUTION, S.REVISED}),
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
            "evaluate_impact",
            "evaluate the impact of an important project",
            frozenset({S.UNDER_EXECUTION, S.REVISED, S.COMPLETED, S.EVALUATED}),
            None,
            _DC,
            "BR-47(14)",
            "BR-47(14)",
            order_rule="BR-47(14)",
            document_rule="BR-47(14)",
            effect=_record_impact,
            also=frozenset({_PND}),
        ),
        Transition(
            "complete",
            "complete and hand over (PC-IV)",
            frozenset({S.UNDER_EXECUTION, S.REVISED}),
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
            "distribute_handing_over_report",
            "copy the handing-over report to the DDC, DO Finance and Planning and Council",
            _DONE,
            None,
            _HOO,
            "BR-48(1)",
            "BR-48(1)",
            order_rule="BR-48(1)",
            document_rule="BR-48(1)",
            effect=_record_distribution,
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
            stage_rules=dict.fromkeys(
                {S.COUNCIL_APPROVED, S.UNDER_EXECUTION, S.REVISED, S.COMPLETED}, "BR-39(1)"
            ),
            document_rule="BR-36(6)",
            effect=_record_end,
        ),
    )


def _breach(t: Transition | None, event: Event, rule_id: str, message: str) -> TransitionError:
    return TransitionError(
        message,
        rule_id=rule_id,
        transition=t.name if t else event.transition,
        subject=event.project_code,
    )


@attrs.frozen
class NextStep:
    """A transition an actor could take now (:meth:`ProjectLog.next_steps`): ``refusals``
    are the guards that would refuse it as things stand (empty: it may be taken; a step
    that needs a document or an amount lists that until one is given)."""

    transition: Transition
    refusals: tuple[TransitionError, ...]

    @property
    def name(self) -> str:
        return self.transition.name

    @property
    def allowed(self) -> bool:
        return not self.refusals


class Lifecycle:
    """A state machine given as :class:`Transition` data; :data:`LIFECYCLE` is r.33's."""

    def __init__(
        self,
        transitions: Iterable[Transition],
        *,
        reading: TechnicalSanctionReading = TechnicalSanctionReading.SECOND_SCHEDULE,
    ) -> None:
        self.transitions: tuple[Transition, ...] = tuple(transitions)
        self.reading = reading
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

    def check_form(self, facts: _Facts | None, event: Event) -> None:
        """What no mode can keep: an unknown step, or a first event that files no project."""
        if event.transition not in self._by_name:
            raise ValidationError(
                f"no transition {event.transition!r}; expected one of {', '.join(self._by_name)}",
                field="transition",
            )
        if facts is None and (event.project is None or event.project.code != event.project_code):
            raise ValidationError(
                "the first event of a history files the proposal (Form BDD-4) under its code "
                "(BR-32(5))",
                field="project",
            )

    def breaches(self, facts: _Facts | None, event: Event) -> list[TransitionError]:
        """Every guard ``event`` breaks in state ``facts``, in the order enforce checks them
        (the first is the one enforce refuses with)."""
        self.check_form(facts, event)
        t = self._by_name[event.transition]
        out: list[TransitionError] = []
        if not t.competent(event.role):
            who = " or the ".join(r.title for r in t.authorities)
            out.append(
                _breach(
                    t,
                    event,
                    t.authority_rule,
                    f"{t.name} is for the {who}, not the {event.role.title} ({event.actor})",
                )
            )
        if facts is None:
            if not t.starts:
                out.append(
                    _breach(
                        t,
                        event,
                        "BR-33(1)(a)",
                        f"a project starts with identification, not {t.name}",
                    )
                )
            return out
        stage = facts.stage
        if stage not in self._sources[t.name]:
            allowed = ", ".join(sorted(s.value for s in t.sources)) or "a new project"
            out.append(
                _breach(
                    t,
                    event,
                    t.stage_rules.get(stage, t.order_rule or t.rule_id),
                    f"{t.name} is not allowed from {stage.value!r} (only from {allowed})",
                )
            )
        if facts.last_on is not None and event.on < facts.last_on:
            out.append(
                _breach(
                    t,
                    event,
                    "BR-33(1)",
                    f"{event.on} is before the previous step on {facts.last_on}",
                )
            )
        if t.document_rule and not event.document:
            out.append(
                _breach(
                    t,
                    event,
                    t.document_rule,
                    f"{t.name} must cite its record (minutes, sanction or report) as the document",
                )
            )
        if t.amount_required and event.amount is None:
            out.append(_breach(t, event, t.rule_id, f"{t.name} needs an amount"))
        for guard in t.guards:
            reason = guard.check(facts, event)
            if reason is not None:
                out.append(_breach(t, event, guard.rule_id, reason))
        return out

    def refusal(self, facts: _Facts | None, event: Event) -> TransitionError | None:
        """Why ``event`` may not be applied to a project in state ``facts`` (or ``None``)."""
        try:
            found = self.breaches(facts, event)
        except ValidationError as exc:
            return TransitionError(exc.message, rule_id="BR-33(1)", transition=event.transition)
        return found[0] if found else None

    def mermaid(self) -> str:
        """A Mermaid ``stateDiagram-v2`` of the machine, labelled with authority and clause."""
        lines = ["stateDiagram-v2"]
        for t in self.transitions:
            who = " / ".join(r.title for r in t.authorities)
            label = f"{t.name}<br/>{who}<br/>{t.rule_id}"
            if t.starts:
                lines.append(f"    [*] --> {t.target.value if t.target else '[*]'}: {label}")
            for source in sorted(t.sources, key=lambda s: list(Stage).index(s)):
                target = source if t.target is None else t.target
                lines.append(f"    {source.value} --> {target.value}: {label}")
        for stage in Stage:
            if stage.terminal:
                lines.append(f"    {stage.value} --> [*]")
        return "\n".join(lines)


def lifecycle(
    reading: TechnicalSanctionReading = TechnicalSanctionReading.SECOND_SCHEDULE,
) -> Lifecycle:
    """The r.33-r.49 lifecycle under a reading of who accords technical sanction."""
    return Lifecycle(_transitions(reading), reading=reading)


#: The lifecycle of a district development project under r.33-r.49 (technical sanction by the
#: Head of Offices or the DDOP, Second Schedule item 10).
LIFECYCLE: Final = lifecycle()
#: The same lifecycle reading r.40(1)-(2): technical sanction by the executing agency.
LIFECYCLE_WORKS_OFFICE: Final = lifecycle(TechnicalSanctionReading.WORKS_OFFICE)


def _fold(facts: _Facts | None, event: Event, machine: Lifecycle) -> _Facts:
    """Apply ``event``'s effect whatever it breached: the same in both modes."""
    t = machine._by_name[event.transition]
    if facts is None:
        assert event.project is not None  # checked by check_form()
        facts = _Facts(project=event.project, stage=Stage.IDENTIFIED)
    t.effect(facts, event)
    if t.target is not None:
        facts.stage = t.target
    facts.version += 1
    facts.head = event.hash
    facts.last_on = event.on if facts.last_on is None else max(facts.last_on, event.on)
    return facts


def _apply(
    facts: _Facts | None, event: Event, machine: Lifecycle, mode: Mode
) -> tuple[_Facts, list[TransitionError]]:
    found = machine.breaches(facts, event)
    if found and mode is Mode.ENFORCE:
        raise found[0]
    return _fold(facts, event, machine), found


def _replay(
    events: Sequence[Event], machine: Lifecycle, mode: Mode
) -> tuple[_Facts, list[tuple[Event, TransitionError]]]:
    if not events:
        raise ValidationError("a project's history has at least its identification event")
    facts: _Facts | None = None
    prev = GENESIS
    found: list[tuple[Event, TransitionError]] = []
    for index, event in enumerate(events):
        if event.seq != index or event.prev_hash != prev:
            raise ValidationError(
                f"event {index + 1} of project {event.project_code!r} is out of sequence or "
                "unlinked; run verify() to locate the damage",
                row=index + 1,
            )
        facts, broken = _apply(facts, event, machine, mode)
        found.extend((event, b) for b in broken)
        prev = event.hash
    assert facts is not None
    return facts, found


def replay(
    events: Sequence[Event], *, lifecycle: Lifecycle = LIFECYCLE, mode: Mode = Mode.ENFORCE
) -> ProjectRecord:
    """The state a project's events lead to, re-checking every transition and guard.

    Links (sequence numbers and ``prev_hash``) are checked; hashes are :func:`verify`'s job.
    In ``Mode.ENFORCE`` an event the rules refuse raises its
    :class:`~kpgov.errors.TransitionError`; in ``Mode.RECORD`` it is applied and
    :func:`audit` reports it. Both give the same state for a history enforce accepts.
    """
    facts, _ = _replay(events, lifecycle, mode)
    return _freeze(facts)


def _finding(event: Event, error: TransitionError) -> Finding:
    message = error.message.removeprefix(f"{error.rule_id}: ")
    return Finding.of(
        rule(error.rule_id),
        f"{event.project_code} event {event.version} ({event.transition})",
        f"{event.transition} on {event.on} by {event.actor} ({event.role.title}): {message}",
        actual=f"{event.on}, {event.actor} ({event.role.title})",
        location=event.source,
    )


def breaches(
    events: Sequence[Event], *, lifecycle: Lifecycle = LIFECYCLE
) -> list[tuple[Event, TransitionError]]:
    """Each event of a history with every guard it broke (replayed in record mode)."""
    _, found = _replay(events, lifecycle, Mode.RECORD)
    return found


def audit(history: ProjectLog | Sequence[Event], *, lifecycle: Lifecycle = LIFECYCLE) -> Report:
    """The findings of a project's history: every guard each event broke, with its citation,
    the event's date and actor, and where the event was read from (its ``source``).

    A history taken in enforce mode has none.
    """
    if isinstance(history, ProjectLog):
        events: Sequence[Event] = history.events
        lifecycle = history.lifecycle
    else:
        events = history
    findings = [_finding(event, error) for event, error in breaches(events, lifecycle=lifecycle)]
    code = events[0].project_code if events else ""
    return Report(findings, title=f"Audit of the history of project {code}")


@attrs.frozen
class ProjectLog:
    """A project's append-only history and the state it leads to.

    Every change is a new log with one more event. In ``Mode.ENFORCE`` (the default) a step
    that breaks a guard raises :class:`~kpgov.errors.TransitionError` naming the refusing rule
    and leaves the log as it was; in ``Mode.RECORD`` it is appended and :attr:`findings`
    report what it broke. ``parameters`` supply the DDC limit and completion periods (r.36(7),
    r.36(9)).
    """

    events: tuple[Event, ...]
    record: ProjectRecord
    mode: Mode = attrs.field(default=Mode.ENFORCE, eq=False)
    lifecycle: Lifecycle = attrs.field(default=LIFECYCLE, eq=False, repr=False)

    @classmethod
    def start(
        cls,
        project: Project,
        actor: Actor,
        on: date,
        *,
        document: str | None = None,
        mode: Mode = Mode.ENFORCE,
        lifecycle: Lifecycle = LIFECYCLE,
    ) -> ProjectLog:
        """Identify a proposal (r.33(1)(a)): the first event of its history."""
        event = Event.create(
            seq=0,
            project_code=project.code,
            transition="identify",
            actor=actor,
            on=on,
            rule_id=lifecycle["identify"].rule_id,
            prev_hash=GENESIS,
            document=document,
            project=project,
        )
        facts, _ = _apply(None, event, lifecycle, mode)
        return cls((event,), _freeze(facts), mode, lifecycle)

    @classmethod
    def from_events(
        cls,
        events: Iterable[Event],
        *,
        mode: Mode = Mode.ENFORCE,
        lifecycle: Lifecycle = LIFECYCLE,
    ) -> ProjectLog:
        """Rebuild a log from stored events (replaying them in ``mode``)."""
        events = tuple(events)
        return cls(events, replay(events, lifecycle=lifecycle, mode=mode), mode, lifecycle)

    @property
    def code(self) -> str:
        return self.record.project.code

    @property
    def stage(self) -> Stage:
        return self.record.stage

    @property
    def findings(self) -> Report:
        """:func:`audit` of this history."""
        return audit(self)

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
        t = self.lifecycle[transition]
        facts = self.record._thaw()
        filled = dict(details or {})
        if t.prepare is not None and t.competent(actor.role) and facts.stage in t.sources:
            try:
                t.prepare(facts, parameters, on, filled)
            except TransitionError:
                if self.mode is Mode.ENFORCE:
                    raise
                # record mode: the guards report what the step did not record
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
        """The error :meth:`take` would raise in enforce mode, or ``None`` when allowed."""
        found = self.breaches_of(
            transition,
            actor,
            on,
            document=document,
            amount=amount,
            details=details,
            project=project,
            parameters=parameters,
        )
        return found[0] if found else None

    def breaches_of(
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
    ) -> list[TransitionError]:
        """Every guard the step would break (what record mode would report)."""
        try:
            event = self._event(
                transition, actor, on, document, amount, details, project, parameters
            )
        except TransitionError as exc:
            return [exc]
        return self.lifecycle.breaches(self.record._thaw(), event)

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
        """Take ``transition`` as ``actor`` on ``on``: a new log with the event appended
        (refused in enforce mode when it breaks a guard; recorded in record mode)."""
        event = self._event(transition, actor, on, document, amount, details, project, parameters)
        facts, _ = _apply(self.record._thaw(), event, self.lifecycle, self.mode)
        return ProjectLog((*self.events, event), _freeze(facts), self.mode, self.lifecycle)

    def next_steps(
        self, actor: Actor, as_of: date, *, parameters: ParameterSet = PARAMETERS
    ) -> tuple[NextStep, ...]:
        """The transitions ``actor`` is competent to take from the current stage, each with
        the guards that would refuse it on ``as_of`` (a portal shows the ``allowed`` ones as
        buttons and the others with their reasons).

        A step that needs a document or an amount lists that need until the form gives one.
        """
        out = []
        for t in self.lifecycle.from_stage(self.stage):
            if not t.competent(actor.role):
                continue
            found = self.breaches_of(t.name, actor, as_of, parameters=parameters)
            out.append(NextStep(t, tuple(found)))
        return tuple(out)

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

    Without a log only the authority is checked: is ``actor``'s role one competent?
    """
    machine = log.lifecycle if log is not None else LIFECYCLE
    t = machine[transition]
    if log is None:
        if t.competent(actor.role):
            return None
        who = " or the ".join(r.title for r in t.authorities)
        return TransitionError(
            f"{t.name} is for the {who}, not the {actor.role.title} ({actor.name})",
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
