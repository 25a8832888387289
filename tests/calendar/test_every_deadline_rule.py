"""Every deadline rule of the calendar is checked: a missing or late submission raises it.

For each rule in :data:`kpgov.calendar.CALENDAR_RULES` the calendar dates at least one
deadline (the Second Schedule, the monthly and yearly duties, the event-driven deadlines of
BR-40(3), BR-47(13), BR-68(6) and BR-69(2)(a), and the Good Governance Strategy's time-frames,
reviews and publications), and :func:`~kpgov.calendar.status_report` reports an office that
misses it under that rule, with the rule's severity and citation; a submission in time raises
nothing. The two "after eight months" duties (BR-82(1), BR-83(1)) are NOT_BEFORE deadlines:
their breach is a submission made too early.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

import pytest

from kpgov.calendar import (
    CALENDAR_RULES,
    Deadline,
    DeadlineKind,
    Submission,
    Timeframe,
    budget_calendar,
    deposit_deadline,
    implementation_deadline,
    pc5_deadlines,
    release_deadline,
    status_report,
    technical_sanction_deadline,
)
from kpgov.law import Severity
from kpgov.periods import FinancialYear

OFFICE: Final = "Office of the Deputy Commissioner Swat"
OTHER: Final = "District Accounts Office Swat"
DAY: Final = timedelta(days=1)

#: Raised alongside BR-80(4)#due for a DDO whose reconciled statement is missing, not a
#: deadline of its own (tests/calendar/test_calendar_status.py and below).
_CONSEQUENCES: Final = frozenset({"BR-80(4)#bills-barred"})


def _first_deadline_of_every_rule() -> dict[str, Deadline]:
    """The first deadline the calendar dates for each rule, over one budget year with the
    strategy's cadence, plus the event-driven deadlines for sample events in that year."""
    budget_year = FinancialYear(2025)
    deadlines = [
        *budget_calendar(budget_year, ggs=True),
        release_deadline(date(2025, 9, 10), reference="Account IV receipt 17"),
        deposit_deadline(date(2025, 9, 11), reference="Challan 442"),
        technical_sanction_deadline(date(2025, 10, 31), reference="ADP 2025-26/112"),
        *pc5_deadlines(date(2025, 5, 20), project="Swat Motorway Link"),
        *(implementation_deadline(tf, date(2025, 7, 1), indicator="GGS-SD-39") for tf in Timeframe),
    ]
    first: dict[str, Deadline] = {}
    for deadline in deadlines:
        first.setdefault(deadline.rule_id, deadline)
    return first


DEADLINES: Final = _first_deadline_of_every_rule()
RULE_IDS: Final = sorted(set(CALENDAR_RULES) - _CONSEQUENCES)
NOT_BEFORE: Final = sorted(
    rule_id for rule_id, d in DEADLINES.items() if d.kind is DeadlineKind.NOT_BEFORE
)
BY_A_DATE: Final = [rule_id for rule_id in RULE_IDS if rule_id not in NOT_BEFORE]


def test_the_calendar_dates_a_deadline_for_every_rule_it_registers() -> None:
    assert set(DEADLINES) == set(RULE_IDS)
    assert NOT_BEFORE == ["BR-82(1)#due", "BR-83(1)#due"]


@pytest.mark.parametrize("rule_id", BY_A_DATE)
def test_a_missing_submission_raises_the_deadline_rule(rule_id: str) -> None:
    deadline = DEADLINES[rule_id]
    rule = CALENDAR_RULES[rule_id]
    on_time = Submission(deadline.id, OTHER, deadline.due)
    report = status_report(
        [deadline], [on_time], as_of=deadline.due + 5 * DAY, entities=[OFFICE, OTHER]
    )
    (finding,) = [f for f in report if f.rule_id == rule_id]
    assert finding.subject == OFFICE
    assert finding.severity is rule.severity
    assert finding.actual == "not submitted"
    assert finding.expected == f"by {deadline.due.isoformat()}"
    assert "5 days overdue" in finding.message
    assert finding.citation == rule.citation
    assert report.ok is (rule.severity is not Severity.ERROR)


@pytest.mark.parametrize("rule_id", BY_A_DATE)
def test_a_late_submission_raises_the_deadline_rule(rule_id: str) -> None:
    deadline = DEADLINES[rule_id]
    rule = CALENDAR_RULES[rule_id]
    late = Submission(deadline.id, OFFICE, deadline.due + 2 * DAY)
    on_time = Submission(deadline.id, OTHER, deadline.first_day)
    report = status_report(
        [deadline], [late, on_time], as_of=deadline.due + 30 * DAY, entities=[OFFICE, OTHER]
    )
    (finding,) = [f for f in report if f.rule_id == rule_id]
    assert finding.subject == OFFICE
    assert finding.severity is rule.severity
    assert finding.actual == (deadline.due + 2 * DAY).isoformat()
    assert "2 days late" in finding.message


@pytest.mark.parametrize("rule_id", BY_A_DATE)
def test_a_submission_by_the_due_date_raises_nothing(rule_id: str) -> None:
    deadline = DEADLINES[rule_id]
    submissions = [
        Submission(deadline.id, OFFICE, deadline.due),
        Submission(deadline.id, OTHER, deadline.first_day),
    ]
    report = status_report(
        [deadline], submissions, as_of=deadline.due + 30 * DAY, entities=[OFFICE, OTHER]
    )
    assert list(report) == []


@pytest.mark.parametrize("rule_id", NOT_BEFORE)
def test_a_submission_before_eight_months_raises_the_rule(rule_id: str) -> None:
    deadline = DEADLINES[rule_id]
    assert deadline.first_day == date(2026, 3, 1)  # after eight months of 2025-26
    early = Submission(deadline.id, OFFICE, deadline.first_day - 10 * DAY)
    in_time = Submission(deadline.id, OTHER, deadline.first_day)
    report = status_report(
        [deadline], [early, in_time], as_of=date(2026, 4, 1), entities=[OFFICE, OTHER]
    )
    (finding,) = report
    assert (finding.rule_id, finding.subject) == (rule_id, OFFICE)
    assert finding.severity is Severity.WARNING
    assert finding.expected == "on or after 2026-03-01"
    assert finding.actual == "2026-02-19"


def test_a_missing_reconciled_statement_bars_the_ddo_from_bills() -> None:
    deadline = DEADLINES["BR-80(4)#due"]
    report = status_report([deadline], [], as_of=deadline.due + DAY, entities=[OFFICE])
    assert [f.rule_id for f in report] == ["BR-80(4)#bills-barred", "BR-80(4)#due"]
    (barred,) = [f for f in report if f.rule_id == "BR-80(4)#bills-barred"]
    assert barred.subject == OFFICE
    assert barred.severity is CALENDAR_RULES["BR-80(4)#bills-barred"].severity
