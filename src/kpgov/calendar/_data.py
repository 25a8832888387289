"""The calendar's packaged data: the Second Schedule, the monthly deadlines and source notes.

Read from ``kpgov/data/calendar/`` with :mod:`importlib.resources` (the one I/O a domain
package may do). Each row keeps its source; defects of the extracted seed text are notes.
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources

import attrs

from kpgov.calendar._model import Activity, Phase
from kpgov.errors import ParseError

__all__ = ["MonthlyDuty", "SourceNote", "monthly_duties", "second_schedule", "source_notes"]

_PACKAGE = "kpgov"


def _rows(name: str) -> list[tuple[int, dict[str, str]]]:
    text = resources.files(_PACKAGE).joinpath("data", "calendar", name).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    return [(number, row) for number, row in enumerate(reader, start=2)]


def _int(row: dict[str, str], field: str, name: str, number: int) -> int | None:
    text = row[field].strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ParseError(
            f"not a whole number: {text!r}", file=name, row=number, field=field
        ) from None


def _required(value: int | None, name: str, number: int, field: str) -> int:
    if value is None:
        raise ParseError("a value is required", file=name, row=number, field=field)
    return value


@functools.cache
def second_schedule() -> tuple[Activity, ...]:
    """The 23 activities of the Second Schedule (budget calendar), in the seed's order.

    >>> items = second_schedule()
    >>> len(items), items[0].rule_id, items[0].deadline
    (23, 'BR-S2-1', 'By 31st October')
    >>> items[10].activity  # the seed's wording, stray quotation mark included
    'Filling in and submission of ‘prescribed Budget Forms to Head of Offices.'
    """
    name = "second_schedule.csv"
    activities = []
    for number, row in _rows(name):
        activities.append(
            Activity(
                number=_required(_int(row, "number", name, number), name, number, "number"),
                activity=row["activity"],
                responsible=row["responsible"],
                deadline=row["deadline"],
                phase=Phase(row["phase"]),
                due_month=_required(
                    _int(row, "due_month", name, number), name, number, "due_month"
                ),
                due_day=_int(row, "due_day", name, number),
                start_month=_int(row, "start_month", name, number),
                start_day=_int(row, "start_day", name, number),
                excerpt=row["excerpt"],
                source=row["source"],
                note=row["note"],
            )
        )
    return tuple(activities)


@attrs.frozen
class MonthlyDuty:
    """A duty that recurs every month for the previous month's accounts, due on ``due_day`` of
    the following month (``start_day`` opens a window, as "the first week of each month")."""

    rule_id: str
    activity: str
    responsible: str
    due_day: int
    excerpt: str
    source: str
    note: str = ""
    start_day: int | None = None


@functools.cache
def monthly_duties() -> tuple[MonthlyDuty, ...]:
    """The monthly reporting duties of BR-47(5), BR-70 and BR-80, by due day."""
    name = "monthly_deadlines.csv"
    duties = [
        MonthlyDuty(
            rule_id=row["rule_id"],
            activity=row["activity"],
            responsible=row["responsible"],
            due_day=_required(_int(row, "due_day", name, number), name, number, "due_day"),
            start_day=_int(row, "start_day", name, number),
            excerpt=row["excerpt"],
            source=row["source"],
            note=row["note"],
        )
        for number, row in _rows(name)
    ]
    return tuple(sorted(duties, key=lambda duty: duty.due_day))


@attrs.frozen
class SourceNote:
    """A data-quality note about the seed text the calendar is built from."""

    subject: str
    note: str
    source: str


@functools.cache
def source_notes() -> tuple[SourceNote, ...]:
    """Defects and readings of the seed recorded while transcribing the calendar, including
    the per-item notes of the Second Schedule."""
    notes = [
        SourceNote(row["subject"], row["note"], row["source"]) for _, row in _rows("notes.csv")
    ]
    notes.extend(
        SourceNote(f"Second Schedule item {item.number}", item.note, item.source)
        for item in second_schedule()
        if item.note
    )
    return tuple(notes)
