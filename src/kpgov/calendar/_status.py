"""Status of deadlines as of a date: what is due soon, late or missing, as findings.

>>> from kpgov.periods import Month
>>> from kpgov.calendar._deadlines import monthly_deadlines
>>> july = [d for d in monthly_deadlines([Month(2025, 7)]) if d.rule_id == "BR-80(4)#due"]
>>> report = status_report(july, [], as_of=date(2025, 8, 25), entities=["DDO PR4012"])
>>> [f.rule_id for f in report]
['BR-80(4)#bills-barred', 'BR-80(4)#due']
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import attrs

from kpgov.calendar._model import Deadline, DeadlineKind, Submission
from kpgov.calendar._rules import rule
from kpgov.errors import Sourced, ValidationError, source_of
from kpgov.findings import Finding, Report
from kpgov.law import Severity

__all__ = ["State", "Status", "status_report", "track", "unmatched"]

_BAR_RULE = "BR-80(4)#due"


class State(enum.Enum):
    """Where one entity stands with one deadline on a date."""

    UPCOMING = "upcoming"  # not yet due, and not within the warning period
    DUE_SOON = "due-soon"  # not submitted, due within the warning period (or today)
    MISSING = "missing"  # not submitted and past due
    LATE = "late"  # submitted after the due date
    ON_TIME = "on-time"  # submitted by the due date
    EARLY = "early"  # submitted before a not-before date (BR-82, BR-83: "after 8 months")


@attrs.frozen
class Status(Sourced):
    """The state of ``entity`` for ``deadline`` as of a date; ``days`` is days late (positive)
    or days left (zero or negative), counted from the due date. ``source`` is where the
    submission that counts was read, if it was read from a file."""

    deadline: Deadline
    entity: str
    state: State
    submitted: date | None
    days: int


def _first_submissions(
    submissions: Iterable[Submission], as_of: date
) -> dict[tuple[str, str], Submission]:
    first: dict[tuple[str, str], Submission] = {}
    for sub in submissions:
        if sub.submitted > as_of:  # not yet made as of that date
            continue
        key = (sub.deadline_id, sub.entity)
        if key not in first or sub.submitted < first[key].submitted:
            first[key] = sub
    return first


def track(
    deadlines: Iterable[Deadline],
    submissions: Iterable[Submission],
    *,
    as_of: date,
    entities: Sequence[str],
    soon: timedelta = timedelta(days=7),
) -> list[Status]:
    """The state of every entity for every deadline as of ``as_of``. Submissions dated after
    ``as_of`` are ignored; of several submissions the first counts."""
    if soon < timedelta(0):
        raise ValidationError("the warning period cannot be negative")
    if isinstance(entities, str) or not entities:
        raise ValidationError("give at least one entity (a list of names)")
    first = _first_submissions(submissions, as_of)
    out = []
    for deadline in deadlines:
        for entity in entities:
            submission = first.get((deadline.id, entity))
            submitted = None if submission is None else submission.submitted
            days = (
                (as_of - deadline.due).days
                if submitted is None
                else (submitted - deadline.due).days
            )
            if deadline.kind is DeadlineKind.NOT_BEFORE:
                if submitted is not None:
                    state = State.EARLY if submitted < deadline.first_day else State.ON_TIME
                elif deadline.first_day - soon <= as_of:
                    state = State.DUE_SOON
                else:
                    state = State.UPCOMING
            elif submitted is not None:
                state = State.LATE if submitted > deadline.due else State.ON_TIME
            elif as_of > deadline.due:
                state = State.MISSING
            elif deadline.due - soon <= as_of:
                state = State.DUE_SOON
            else:
                state = State.UPCOMING
            out.append(
                Status(deadline, entity, state, submitted, days, source=source_of(submission))
            )
    return out


def unmatched(deadlines: Iterable[Deadline], submissions: Iterable[Submission]) -> list[Submission]:
    """The submissions whose ``deadline_id`` is not the id of any of ``deadlines``."""
    ids = {deadline.id for deadline in deadlines}
    return [sub for sub in submissions if sub.deadline_id not in ids]


def _findings(status: Status, as_of: date) -> list[Finding]:
    deadline = status.deadline
    law = rule(deadline.rule_id)
    due = deadline.due.isoformat()
    what = deadline.activity
    if status.state is State.DUE_SOON:
        if deadline.kind is DeadlineKind.NOT_BEFORE:
            message = f"{what}: due from {deadline.first_day.isoformat()}"
        else:
            left = -status.days
            message = f"{what}: due today" if left == 0 else f"{what}: due in {left} days"
        return [
            Finding.of(law, status.entity, message, expected=f"by {due}", severity=Severity.INFO)
        ]
    if status.state is State.MISSING:
        findings = [
            Finding.of(
                law,
                status.entity,
                f"{what}: not submitted, {status.days} days overdue",
                expected=f"by {due}",
                actual="not submitted",
            )
        ]
        if deadline.rule_id == _BAR_RULE:
            findings.append(
                Finding.of(
                    rule("BR-80(4)#bills-barred"),
                    status.entity,
                    f"barred: no bills may be passed for this DDO until its reconciled statement "
                    f"for {deadline.period} is filed",
                    expected=f"statement by {due}",
                    actual=f"not filed as of {as_of.isoformat()}",
                )
            )
        return findings
    if status.state is State.LATE:
        assert status.submitted is not None  # LATE always has a submission
        findings = [
            Finding.of(
                law,
                status.entity,
                f"{what}: submitted {status.days} days late",
                expected=f"by {due}",
                actual=status.submitted.isoformat(),
                location=source_of(status),
            )
        ]
        if deadline.rule_id == _BAR_RULE:
            barred_from = deadline.due + timedelta(days=1)
            findings.append(
                Finding.of(
                    rule("BR-80(4)#bills-barred"),
                    status.entity,
                    f"bills for this DDO were barred from {barred_from.isoformat()} until the "
                    f"statement for {deadline.period} was filed on {status.submitted.isoformat()}",
                    severity=Severity.INFO,
                    location=source_of(status),
                )
            )
        return findings
    if status.state is State.EARLY:
        assert status.submitted is not None  # EARLY always has a submission
        return [
            Finding.of(
                law,
                status.entity,
                f"{what}: submitted before the date from which the law requires it",
                expected=f"on or after {deadline.first_day.isoformat()}",
                actual=status.submitted.isoformat(),
                severity=Severity.WARNING,
                location=source_of(status),
            )
        ]
    return []


def status_report(
    deadlines: Iterable[Deadline],
    submissions: Iterable[Submission],
    *,
    as_of: date,
    entities: Sequence[str],
    soon: timedelta = timedelta(days=7),
) -> Report:
    """Findings for what is due soon (info), late or missing (the rule's severity) as of
    ``as_of``; a DDO whose BR-80(4) statement is missing after the 20th is reported as barred
    from having bills passed until it files (BR-80(4)#bills-barred)."""
    findings: list[Finding] = []
    for status in track(deadlines, submissions, as_of=as_of, entities=entities, soon=soon):
        findings.extend(_findings(status, as_of))
    return Report(findings, f"Deadline status as of {as_of.isoformat()}")
