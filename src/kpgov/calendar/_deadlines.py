"""Concrete deadlines: the Second Schedule for a budget year, the monthly reporting duties, the
annual and event-driven deadlines of the Budget Rules and the Act.

A budget year's calendar starts in the year before it: for 2025-26 the preparation cycle runs
from 1 August 2024 (BR-S2-6) and 31 October 2024 (BR-S2-1) to the final budget, its approval and
the authenticated schedule in June 2025 (BR-S2-19 to 21, LGA-35(1) and (4)); the budget is
communicated in July 2025 (BR-S2-22) and released and implemented over the year (BR-S2-23).

>>> fy = FinancialYear(2025)
>>> first = schedule_deadlines(fy)[0]
>>> first.id, first.due.isoformat(), first.responsible
('BR-S2-1/2025-26', '2024-10-31', 'Provincial Finance Commission Secretariat')
>>> [d.due.isoformat() for d in schedule_deadlines(fy) if d.rule_id == "BR-S2-11"]
['2025-02-28']
>>> release_deadline(date(2025, 9, 1)).due.isoformat()  # BR-68(6): within three days
'2025-09-04'
>>> technical_sanction_deadline(date(2025, 1, 31)).due.isoformat()  # one month, clipped
'2025-02-28'
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Final

import attrs
from dateutil.relativedelta import relativedelta

from kpgov.calendar._data import MonthlyDuty, monthly_duties, second_schedule
from kpgov.calendar._model import Activity, Deadline, DeadlineKind, Phase
from kpgov.calendar._recurrence import (
    every_n_weeks,
    month_ends,
    monthly_on_day,
    yearly_on,
)
from kpgov.calendar._rules import rule
from kpgov.calendar._workdays import WorkingDays
from kpgov.errors import ParseError, ValidationError
from kpgov.periods import FinancialYear, Month

__all__ = [
    "Timeframe",
    "annual_deadlines",
    "budget_calendar",
    "deadlines_between",
    "deposit_deadline",
    "ggs_publication_deadlines",
    "ggs_review_deadlines",
    "implementation_deadline",
    "monthly_deadlines",
    "pc5_deadlines",
    "release_deadline",
    "schedule_deadlines",
    "technical_sanction_deadline",
]


def _deadline(
    rule_id: str,
    period: str,
    activity: str,
    responsible: str,
    due: date,
    *,
    start: date | None = None,
    kind: DeadlineKind = DeadlineKind.BY,
    note: str = "",
    key: str | None = None,
) -> Deadline:
    return Deadline(
        id=f"{rule_id}/{key or period}",
        rule_id=rule_id,
        period=period,
        activity=activity,
        responsible=responsible,
        start=start,
        due=due,
        citation=rule(rule_id).citation,
        kind=kind,
        note=note,
    )


def _in_year(fy: FinancialYear, month: int, day: int | None) -> date:
    """Day ``day`` (``None``: the last day) of calendar month ``month`` within ``fy``."""
    the_month = Month(fy.start_year if month >= 7 else fy.start_year + 1, month)
    return the_month.end if day is None else the_month.day(day)


def _activity_deadline(item: Activity, budget_year: FinancialYear) -> Deadline:
    year = budget_year.previous() if item.phase is Phase.PREPARATION else budget_year
    due = _in_year(year, item.due_month, item.due_day)
    start = None
    if item.start_month is not None:
        start_day = item.start_day if item.start_day is not None else 1
        start = _in_year(year, item.start_month, start_day)
    return _deadline(
        item.rule_id,
        budget_year.label,
        item.activity,
        item.responsible,
        due,
        start=start,
        kind=DeadlineKind.BY if start is None else DeadlineKind.WINDOW,
        note=item.note,
    )


def schedule_deadlines(budget_year: FinancialYear) -> list[Deadline]:
    """The 23 activities of the Second Schedule with their dates for ``budget_year``, in the
    seed's order (BR-S2-1 to BR-S2-23)."""
    return [_activity_deadline(item, budget_year) for item in second_schedule()]


def _monthly(duty: MonthlyDuty, month: Month, due: date) -> Deadline:
    start = None if duty.start_day is None else due.replace(day=duty.start_day)
    return _deadline(
        duty.rule_id,
        month.label,
        f"{duty.activity}, accounts of {month.label}",
        duty.responsible,
        due,
        start=start,
        kind=DeadlineKind.BY if start is None else DeadlineKind.WINDOW,
        note=duty.note,
    )


def monthly_deadlines(
    months: Iterable[Month], *, days: Mapping[str, int] | None = None
) -> list[Deadline]:
    """The monthly reporting deadlines for the accounts of each of ``months``: each falls in
    the month after (BR-80(1), (2)(b), (4), (5), (7); BR-70(1), (2); BR-47(5)).

    ``days`` overrides the due day of a duty by rule id, for a date the Government has
    prescribed instead (BR-80(2)(b): "by 10th of the month ... or as prescribed").

    >>> january = monthly_deadlines([Month(2025, 1)], days={"BR-80(2)(b)#due": 12})
    >>> [d.due.isoformat() for d in january if d.rule_id == "BR-80(2)(b)#due"]
    ['2025-02-12']
    """
    overrides = dict(days or {})
    unknown = set(overrides) - {duty.rule_id for duty in monthly_duties()}
    if unknown:
        raise ValidationError(f"no monthly duty {', '.join(sorted(unknown))}")
    wanted = sorted(set(months))
    deadlines: list[Deadline] = []
    for duty in monthly_duties():
        if duty.rule_id in overrides:
            duty = attrs.evolve(duty, due_day=overrides[duty.rule_id])
        # one rrule per run of consecutive months, so the recurrence is stated once
        for run in _runs(wanted):
            dues = monthly_on_day(run[0].next().start, len(run), duty.due_day)
            deadlines.extend(
                _monthly(duty, month, due) for month, due in zip(run, dues, strict=True)
            )
    return sorted(deadlines, key=lambda d: (d.due, d.rule_id))


def _runs(months: list[Month]) -> list[list[Month]]:
    runs: list[list[Month]] = []
    for month in months:
        if runs and runs[-1][-1].next() == month:
            runs[-1].append(month)
        else:
            runs.append([month])
    return runs


_EIGHT_MONTHS_NOTE: Final = (
    "'After 8 months of the financial year': the duty arises on the first day after the eighth "
    "month; the rules set no closing date."
)


def annual_deadlines(budget_year: FinancialYear) -> list[Deadline]:
    """The yearly deadlines of the Rules and the Act for ``budget_year``: the final district
    share in June before it (BR-52(4)), presentation and approval of its budget before it starts
    (LGA-35(1), (4)), the statement of excesses and surrenders and the revised estimates after
    eight months (BR-82(1), BR-83(1)) and the DDC's quarterly and annual reviews (BR-47(6))."""
    label = budget_year.label
    before = budget_year.previous()
    june_before = before.month(12)
    after_eight = budget_year.end_of_month(8) + timedelta(days=1)
    deadlines = [
        _deadline(
            "BR-52(4)#due",
            label,
            "Communication of the final estimates of the District Government share",
            "Provincial Finance Department",
            june_before.end,
            start=june_before.start,
            kind=DeadlineKind.WINDOW,
            note="The issue text calls this the final PFC share; the rule gives it to the "
            "Provincial Finance Department.",
        ),
        _deadline(
            "LGA-35(1)#due",
            label,
            "Presentation of the budget to the local council",
            "Nazim District Government",
            before.end,
            note="'Before the commencement of the next financial year': at the latest on 30 June.",
        ),
        _deadline(
            "LGA-35(4)#due",
            label,
            "Approval of the budget by the local council",
            "District Council",
            before.end,
            note="If the council has not approved the budget by then, Government shall prepare, "
            "approve and authenticate it.",
        ),
        _deadline(
            "BR-82(1)#due",
            label,
            "Statement of Excesses and Surrenders (BM-13)",
            "Head of Offices",
            after_eight,
            start=after_eight,
            kind=DeadlineKind.NOT_BEFORE,
            note=_EIGHT_MONTHS_NOTE,
        ),
        _deadline(
            "BR-83(1)#due",
            label,
            "Revised estimates based on the Statement of Excesses and Surrenders",
            "District Government",
            after_eight,
            start=after_eight,
            kind=DeadlineKind.NOT_BEFORE,
            note=_EIGHT_MONTHS_NOTE,
        ),
    ]
    quarter_ends = month_ends(budget_year.start.replace(month=9), 4, interval=3)
    for quarter, end in zip(budget_year.quarters, quarter_ends, strict=True):
        deadlines.append(
            _deadline(
                "BR-47(6)#quarterly",
                str(quarter),
                f"Quarterly review of development projects, {quarter}",
                "District Development Committee",
                end,
                start=quarter.start,
                kind=DeadlineKind.WINDOW,
                key=f"{label}-Q{quarter.number}",
                note="The rule sets the frequency only; kpgov expects one review within each "
                "quarter.",
            )
        )
    deadlines.append(
        _deadline(
            "BR-47(6)#annual",
            label,
            "Annual review of development projects",
            "District Development Committee",
            budget_year.end,
            start=budget_year.start,
            kind=DeadlineKind.WINDOW,
            note="The rule sets the frequency only; kpgov expects the review within the year.",
        )
    )
    return sorted(deadlines, key=lambda d: (d.due, d.rule_id))


def budget_calendar(
    budget_year: FinancialYear,
    *,
    ggs: bool = False,
    ggs_anchor: date | None = None,
    monthly_days: Mapping[str, int] | None = None,
) -> list[Deadline]:
    """Every dated deadline of ``budget_year``, sorted by due date: the Second Schedule (its
    preparation cycle falls in the year before), the annual deadlines, and the monthly reporting
    deadlines for the twelve months of the year (those for June fall in July after it).

    With ``ggs=True`` the Good Governance Strategy's review and publication cadence over the
    year is included (fortnights counted from ``ggs_anchor``, by default 1 July).
    ``monthly_days`` overrides monthly due days (see :func:`monthly_deadlines`).
    """
    deadlines = [
        *schedule_deadlines(budget_year),
        *annual_deadlines(budget_year),
        *monthly_deadlines(budget_year.months, days=monthly_days),
    ]
    if ggs:
        deadlines += ggs_review_deadlines(budget_year.start, budget_year.end, anchor=ggs_anchor)
        deadlines += ggs_publication_deadlines(
            budget_year.start, budget_year.end, anchor=ggs_anchor
        )
    return sorted(deadlines, key=lambda d: (d.due, d.first_day, d.rule_id, d.id))


def deadlines_between(
    start: date, end: date, *, ggs: bool = False, policy: WorkingDays | None = None
) -> list[Deadline]:
    """Every deadline of any budget year that is due from ``start`` to ``end`` (inclusive),
    after applying ``policy`` when given: what an office must do in that period.

    >>> soon = deadlines_between(date(2025, 8, 1), date(2025, 8, 31))
    >>> sorted({d.rule_id for d in soon})[:3]
    ['BR-47(5)#due', 'BR-70(1)#due', 'BR-70(2)#due']
    """
    if end < start:
        raise ValidationError(f"the end {end.isoformat()} is before the start {start.isoformat()}")
    first = FinancialYear.containing(start).previous()
    last = FinancialYear.containing(end).next()
    seen: dict[str, Deadline] = {}
    for offset in range(last.start_year - first.start_year + 1):
        for deadline in budget_calendar(first.offset(offset), ggs=ggs):
            adjusted = policy.apply(deadline) if policy is not None else deadline
            if start <= adjusted.due <= end:
                seen.setdefault(adjusted.id, adjusted)
    return sorted(seen.values(), key=lambda d: (d.due, d.first_day, d.rule_id, d.id))


# -- event-driven deadlines --------------------------------------------------------------------


def release_deadline(received: date, *, reference: str | None = None) -> Deadline:
    """BR-68(6): funds received in Account IV are released within three days."""
    return _deadline(
        "BR-68(6)#due",
        received.isoformat(),
        "Release through IFMIS of funds received in Account IV",
        "District Officer Finance and Planning",
        received + timedelta(days=3),
        start=received,
        kind=DeadlineKind.WINDOW,
        key=reference,
        note="'Within three days' is counted in calendar days from the day of receipt.",
    )


def deposit_deadline(received: date, *, reference: str | None = None) -> Deadline:
    """BR-69(2)(a): public money is deposited the same day, at the latest by the close of the
    following day."""
    return _deadline(
        "BR-69(2)(a)#due",
        received.isoformat(),
        "Deposit of public money in the bank",
        "Collecting Officers",
        received + timedelta(days=1),
        start=received,
        kind=DeadlineKind.WINDOW,
        key=reference,
    )


def technical_sanction_deadline(pc1_approved: date, *, reference: str | None = None) -> Deadline:
    """BR-40(3): technical sanction within one month after approval of the PC-I (a month later
    on the same day, or the last day of a shorter month: 31 January gives 28/29 February)."""
    return _deadline(
        "BR-40(3)#due",
        pc1_approved.isoformat(),
        "Technical sanction of the detailed estimate",
        "Officials with delegated powers of technical sanction",
        pc1_approved + relativedelta(months=1),
        start=pc1_approved,
        kind=DeadlineKind.WINDOW,
        key=reference,
    )


def pc5_deadlines(completed: date, *, project: str, years: int = 5) -> list[Deadline]:
    """PC-V annual operation reports of a completed mega project (BR-47(13)): by 31 July in each
    of the ``years`` years after completion, the first being the first 31 July after it."""
    if years < 1:
        raise ValidationError(f"years must be at least 1, not {years}")
    return [
        _deadline(
            "BR-47(13)#pc-v",
            project,
            f"PC-V annual operation report of {project} ({n} of {years})",
            "Head of Offices",
            due,
            key=f"{project}/{due.year}",
            note="Mega projects only (r.47(13)); the 31 July date and the five years come from "
            "the Planning Commission's PC-V guidance, not the Rules.",
        )
        for n, due in enumerate(yearly_on(completed, years, 7, 31), start=1)
    ]


# -- Good Governance Strategy -----------------------------------------------------------------


class Timeframe(enum.Enum):
    """The implementation time-frames of the Good Governance Strategy's indicators."""

    IMMEDIATE = "Immediate"
    SHORT = "Short-term"
    MID = "Mid-term"
    LONG = "Long-term"

    @classmethod
    def parse(cls, text: str) -> Timeframe:
        """Read a time-frame as the strategy's tables print it (``"Short-term"``,
        ``"Short-Term"``, ``"short"``).

        >>> Timeframe.parse("Mid-Term")
        <Timeframe.MID: 'Mid-term'>
        """
        key = text.strip().lower().replace(" ", "-").removesuffix("-term") if text else ""
        for member in cls:
            if member.value.lower().removesuffix("-term") == key:
                return member
        raise ParseError(
            f"not a time-frame: {text!r} (expected Immediate, Short-term, Mid-term or Long-term)"
        )

    @property
    def months(self) -> int:
        """Months after the launch: 0, 3, 6 or 12."""
        return {"Immediate": 0, "Short-term": 3, "Mid-term": 6, "Long-term": 12}[self.value]

    @property
    def rule_id(self) -> str:
        return f"GGS-timeframe-{self.name.lower()}"


def implementation_deadline(
    timeframe: Timeframe, launch: date, *, indicator: str | None = None
) -> Deadline:
    """When an indicator of the given time-frame is due, counted from the strategy's launch:
    immediately, or within 3, 6 or 12 months (month ends clipped: 30 November + 3 months is the
    end of February).

    >>> implementation_deadline(Timeframe.SHORT, date(2019, 11, 30)).due.isoformat()
    '2020-02-29'
    """
    subject = indicator or timeframe.value
    return _deadline(
        timeframe.rule_id,
        launch.isoformat(),
        f"Implementation of {subject} ({timeframe.value})",
        "Responsible department or office (per indicator)",
        launch + relativedelta(months=timeframe.months),
        start=launch,
        kind=DeadlineKind.WINDOW,
        key=f"{launch.isoformat()}/{indicator}" if indicator else launch.isoformat(),
    )


def _fortnights(
    rule_id: str, activity: str, who: str, start: date, end: date, anchor: date
) -> list[Deadline]:
    if anchor > start:
        raise ValidationError("the fortnight anchor must not be after the start of the period")
    out = []
    for first in every_n_weeks(anchor, end, 2):
        last = first + timedelta(days=13)
        if last < start or last > end:
            continue
        out.append(
            _deadline(
                rule_id,
                first.isoformat(),
                f"{activity}, fortnight from {first.isoformat()}",
                who,
                last,
                start=first,
                kind=DeadlineKind.WINDOW,
            )
        )
    return out


def _per_months(
    rule_id: str, activity: str, who: str, start: date, end: date, interval: int
) -> list[Deadline]:
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    out = []
    first_end = Month.of(start).offset(interval - 1).start
    for last in month_ends(first_end, months // interval, interval=interval):
        first = Month.of(last).offset(1 - interval).start
        label = Month.of(first).label if interval == 1 else f"{Month.of(first)}..{Month.of(last)}"
        out.append(
            _deadline(
                rule_id,
                label,
                f"{activity}, {label}",
                who,
                last,
                start=first,
                kind=DeadlineKind.WINDOW,
            )
        )
    return out


def _check_period(start: date, end: date) -> None:
    if start.day != 1 or end != Month.of(end).end or end < start:
        raise ValidationError(
            "a review period runs from the first day of a month to the last day of a month"
        )


def ggs_review_deadlines(start: date, end: date, *, anchor: date | None = None) -> list[Deadline]:
    """The strategy's review cadence between ``start`` (a month's first day) and ``end`` (a
    month's last day): the Deputy Commissioner fortnightly (fortnights counted from ``anchor``,
    by default ``start``), the Divisional Commissioner and the Administrative Secretary monthly,
    the Chief Secretary bi-monthly (read as every two months) and the Chief Minister quarterly.
    Each review is due on the last day of its period."""
    _check_period(start, end)
    return sorted(
        [
            *_fortnights(
                "GGS-review-dc",
                "Field-level review",
                "Deputy Commissioner",
                start,
                end,
                anchor or start,
            ),
            *_per_months(
                "GGS-review-commissioner",
                "Division-level review",
                "Divisional Commissioner",
                start,
                end,
                1,
            ),
            *_per_months(
                "GGS-review-secretary",
                "Department-level review",
                "Administrative Secretary",
                start,
                end,
                1,
            ),
            *_per_months("GGS-review-cs", "Review", "Chief Secretary", start, end, 2),
            *_per_months("GGS-review-cm", "Review", "Chief Minister", start, end, 3),
        ],
        key=lambda d: (d.due, d.rule_id),
    )


def ggs_publication_deadlines(
    start: date, end: date, *, anchor: date | None = None
) -> list[Deadline]:
    """The strategy's publication cadence between ``start`` and ``end``: the district progress
    bulletin fortnightly, the Administrative Department's bulletin and the PMRU's provincial
    progress report monthly, and the Information Department's press release weekly."""
    _check_period(start, end)
    weekly = [
        _deadline(
            "GGS-publication-information",
            first.isoformat(),
            f"Press release on the strategy, week from {first.isoformat()}",
            "Information Department",
            first + timedelta(days=6),
            start=first,
            kind=DeadlineKind.WINDOW,
        )
        for first in every_n_weeks(anchor or start, end, 1)
        if start <= first + timedelta(days=6) <= end
    ]
    return sorted(
        [
            *_fortnights(
                "GGS-publication-district",
                "Progress bulletin of the district results",
                "District administration (the strategy names no office)",
                start,
                end,
                anchor or start,
            ),
            *_per_months(
                "GGS-publication-department",
                "Bulletin of results",
                "Administrative Department",
                start,
                end,
                1,
            ),
            *_per_months(
                "GGS-publication-pmru", "Provincial progress report", "PMRU", start, end, 1
            ),
            *weekly,
        ],
        key=lambda d: (d.due, d.rule_id),
    )
