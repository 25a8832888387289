"""iCalendar (RFC 5545) export and import of deadlines, so officers can subscribe to the
budget calendar in their own calendar application.

Needs the optional ``icalendar`` package (``pip install 'kpgov[ical]'``), imported only when a
function here is called. Each deadline is an all-day ``VEVENT`` from its first day (a window's
start, else the due date) to the due date, with a UID derived from the deadline's id, so the
same deadline keeps the same UID in every export and calendar apps update instead of
duplicating. ``X-KPGOV-*`` properties carry the deadline and rule ids for :func:`read_ics`.

>>> from kpgov.calendar import release_deadline
>>> from datetime import date, datetime, timezone
>>> stamp = datetime(2025, 9, 1, tzinfo=timezone.utc)
>>> text = to_ics([release_deadline(date(2025, 9, 1))], stamp=stamp)
>>> [event.due.isoformat() for event in read_ics(text)]
['2025-09-04']
>>> uid_for(release_deadline(date(2025, 9, 1)))
'...@kpgov'
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

import attrs

from kpgov import __version__
from kpgov.calendar import Deadline, MissingDependencyError
from kpgov.errors import ParseError

__all__ = ["IcsEvent", "read_ics", "to_ics", "uid_for"]

_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "https://kpgov.invalid/calendar")
_PRODID: Final = f"-//kpgov//Khyber Pakhtunkhwa budget calendar {__version__}//EN"


def _icalendar() -> Any:
    try:
        import icalendar
    except ImportError:  # pragma: no cover - exercised by monkeypatching in the tests
        raise MissingDependencyError(
            "iCalendar export needs the optional 'icalendar' package: pip install 'kpgov[ical]'"
        ) from None
    return icalendar


def uid_for(deadline: Deadline) -> str:
    """The stable UID of a deadline's event: a name-based UUID of its id, ``@kpgov``."""
    return f"{uuid.uuid5(_NAMESPACE, deadline.id)}@kpgov"


def _description(deadline: Deadline) -> str:
    lines = [
        f"Responsible: {deadline.responsible}",
        f"Due: {deadline.due.isoformat()}"
        + (f" (the law states {deadline.stated_due.isoformat()})" if deadline.moved else ""),
    ]
    if deadline.start is not None:
        lines.append(f"From: {deadline.start.isoformat()}")
    lines.append(f"Rule: {deadline.rule_id}")
    lines.append(f"Law: {deadline.citation}")
    if deadline.note:
        lines.append(f"Note: {deadline.note}")
    return "\n".join(lines)


def to_ics(
    deadlines: Iterable[Deadline],
    *,
    stamp: datetime,
    name: str = "kpgov budget calendar",
) -> str:
    """The deadlines as an iCalendar document (text with CRLF line ends, lines folded at 75
    octets). ``stamp`` is the DTSTAMP of every event (a timezone-aware datetime; pass a fixed
    one for reproducible files)."""
    if stamp.tzinfo is None:
        raise ParseError("the DTSTAMP must be timezone-aware (e.g. in UTC)", field="stamp")
    ical = _icalendar()
    cal = ical.Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    seen: set[str] = set()
    for deadline in deadlines:
        uid = uid_for(deadline)
        if uid in seen:
            raise ParseError(f"deadline {deadline.id} is listed twice", field="deadlines")
        seen.add(uid)
        event = ical.Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", deadline.first_day)
        event.add("dtend", deadline.due + timedelta(days=1))  # all-day: DTEND is exclusive
        event.add("summary", f"{deadline.activity} ({deadline.rule_id})")
        event.add("description", _description(deadline))
        event.add("categories", [deadline.citation.instrument])
        event.add("transp", "TRANSPARENT")
        event.add("x-kpgov-id", deadline.id)
        event.add("x-kpgov-rule-id", deadline.rule_id)
        event.add("x-kpgov-responsible", deadline.responsible)
        event.add("x-kpgov-activity", deadline.activity)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data.decode("utf-8")


@attrs.frozen
class IcsEvent:
    """A deadline event read back from an iCalendar document."""

    uid: str
    id: str
    rule_id: str
    activity: str
    responsible: str
    summary: str
    start: date
    due: date
    description: str


def _date(value: Any, what: str) -> date:
    try:  # icalendar parses the property lazily, on first access
        moment = getattr(value, "dt", value)
    except (ValueError, TypeError) as exc:
        raise ParseError(f"{what} is not a date: {exc}") from None
    if isinstance(moment, datetime):
        return moment.date()
    if isinstance(moment, date):
        return moment
    raise ParseError(f"{what} is not a date: {moment!r}")


def read_ics(data: str | bytes) -> list[IcsEvent]:
    """The VEVENTs of a document written by :func:`to_ics` (or any document whose events
    have a UID, DTSTART and SUMMARY); ``due`` is the last day (DTEND is exclusive)."""
    ical = _icalendar()
    try:
        cal = ical.Calendar.from_ical(data)
    except ValueError as exc:
        raise ParseError(f"not an iCalendar document: {exc}") from None
    try:
        return _events(cal)
    except (ValueError, TypeError, KeyError) as exc:  # a property icalendar cannot decode
        raise ParseError(f"not a usable iCalendar document: {exc}") from None


def _events(cal: Any) -> list[IcsEvent]:
    events = []
    for component in cal.walk("VEVENT"):
        uid = str(component.get("uid", ""))
        if not uid or component.get("dtstart") is None:
            raise ParseError(f"an event lacks a UID or DTSTART (UID {uid!r})")
        start = _date(component.get("dtstart"), f"DTSTART of {uid}")
        end = component.get("dtend")
        due = start if end is None else _date(end, f"DTEND of {uid}") - timedelta(days=1)
        events.append(
            IcsEvent(
                uid=uid,
                id=str(component.get("x-kpgov-id", uid)),
                rule_id=str(component.get("x-kpgov-rule-id", "")),
                activity=str(component.get("x-kpgov-activity", "")),
                responsible=str(component.get("x-kpgov-responsible", "")),
                summary=str(component.get("summary", "")),
                start=start,
                due=max(due, start),
                description=str(component.get("description", "")),
            )
        )
    return events
