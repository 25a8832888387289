"""The statutory budget calendar and every reporting deadline, for any budget year.

The Second Schedule of the Budget Rules 2016 (23 activities, ``BR-S2-1`` to ``BR-S2-23``), the
monthly reporting duties (BR-47(5), BR-70, BR-80), the yearly deadlines (BR-52(4), BR-82,
BR-83, BR-47(6), LGA-35), event-driven deadlines (BR-40(3), BR-68(6), BR-69(2)(a), PC-V) and
the Good Governance Strategy's time-frames and review and publication cadence, as dated
:class:`Deadline` values with citations. A :class:`WorkingDays` policy may move deadlines off
non-working days; :func:`status_report` turns submissions into findings.

>>> from kpgov.periods import FinancialYear
>>> year = budget_calendar(FinancialYear(2025))
>>> year[0].id, year[0].due.isoformat()
('BR-S2-1/2025-26', '2024-10-31')
>>> item6 = next(d for d in year if d.rule_id == "BR-S2-6")
>>> item6.kind.value, item6.start.isoformat(), item6.due.isoformat()
('window', '2024-08-01', '2024-12-31')
>>> [d.due.isoformat() for d in year if d.rule_id == "BR-S2-20"]
['2025-06-30']

This package does no I/O beyond reading its own packaged data and reads no clock: pass the
dates in.
"""

from kpgov.calendar import _rules  # noqa: F401  # registers the calendar rules
from kpgov.calendar._data import (
    MonthlyDuty,
    SourceNote,
    monthly_duties,
    second_schedule,
    source_notes,
)
from kpgov.calendar._deadlines import (
    Timeframe,
    annual_deadlines,
    budget_calendar,
    deadlines_between,
    deposit_deadline,
    ggs_publication_deadlines,
    ggs_review_deadlines,
    implementation_deadline,
    monthly_deadlines,
    pc5_deadlines,
    release_deadline,
    schedule_deadlines,
    technical_sanction_deadline,
)
from kpgov.calendar._model import Activity, Deadline, DeadlineKind, Phase, Submission
from kpgov.calendar._recurrence import month_ends, monthly_on_day
from kpgov.calendar._render import deadlines_json, deadlines_markdown, deadlines_text
from kpgov.calendar._rules import CALENDAR_RULES
from kpgov.calendar._status import State, Status, status_report, track, unmatched
from kpgov.calendar._workdays import (
    Adjustment,
    MissingDependencyError,
    Weekend,
    WorkingDays,
    pakistan_holidays,
)

__all__ = [
    "CALENDAR_RULES",
    "Activity",
    "Adjustment",
    "Deadline",
    "DeadlineKind",
    "MissingDependencyError",
    "MonthlyDuty",
    "Phase",
    "SourceNote",
    "State",
    "Status",
    "Submission",
    "Timeframe",
    "Weekend",
    "WorkingDays",
    "annual_deadlines",
    "budget_calendar",
    "deadlines_between",
    "deadlines_json",
    "deadlines_markdown",
    "deadlines_text",
    "deposit_deadline",
    "ggs_publication_deadlines",
    "ggs_review_deadlines",
    "implementation_deadline",
    "month_ends",
    "monthly_deadlines",
    "monthly_duties",
    "monthly_on_day",
    "pakistan_holidays",
    "pc5_deadlines",
    "release_deadline",
    "schedule_deadlines",
    "second_schedule",
    "source_notes",
    "status_report",
    "technical_sanction_deadline",
    "track",
    "unmatched",
]
