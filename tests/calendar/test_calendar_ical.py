"""The iCalendar export: valid RFC 5545, stable UIDs, and parsed back to the same deadlines."""

import sys
from datetime import UTC, date, datetime, timedelta

import pytest

from kpgov.calendar import Deadline, MissingDependencyError, budget_calendar, pc5_deadlines
from kpgov.periods import FinancialYear

icalendar = pytest.importorskip("icalendar")

from kpgov.io.ical import read_ics, to_ics, uid_for  # noqa: E402  # after the importorskip

STAMP = datetime(2025, 7, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def year() -> list[Deadline]:
    return budget_calendar(FinancialYear(2025), ggs=True)


def test_the_document_is_valid_rfc_5545(year: list[Deadline]) -> None:
    text = to_ics(year, stamp=STAMP)
    raw = text.encode("utf-8")
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line ends in CRLF
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets
    cal = icalendar.Calendar.from_ical(text)
    assert str(cal["VERSION"]) == "2.0"
    assert "kpgov" in str(cal["PRODID"])
    events = cal.walk("VEVENT")
    assert len(events) == len(year)
    for event in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert prop in event
        assert event.decoded("DTSTAMP") == STAMP
        assert event.decoded("DTEND") > event.decoded("DTSTART")  # all-day, end exclusive
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_parsed_back_it_matches_the_deadlines(year: list[Deadline]) -> None:
    events = read_ics(to_ics(year, stamp=STAMP))
    assert [
        (e.uid, e.id, e.rule_id, e.activity, e.responsible, e.start, e.due) for e in events
    ] == [
        (uid_for(d), d.id, d.rule_id, d.activity, d.responsible, d.first_day, d.due) for d in year
    ]
    for event, deadline in zip(events, year, strict=True):
        assert deadline.citation.excerpt.replace("\n", " ") in event.description


def test_uids_are_stable_across_exports_and_years() -> None:
    one = to_ics(budget_calendar(FinancialYear(2025)), stamp=STAMP)
    two = to_ics(budget_calendar(FinancialYear(2025)), stamp=STAMP)
    assert one == two
    next_year = {e.uid for e in read_ics(to_ics(budget_calendar(FinancialYear(2026)), stamp=STAMP))}
    assert not next_year & {e.uid for e in read_ics(one)}  # a new year, new events


def test_event_driven_deadlines_export_too() -> None:
    reports = pc5_deadlines(date(2024, 3, 15), project="Swat bridge")
    (first, *_rest) = read_ics(to_ics(reports, stamp=STAMP))
    assert (first.start, first.due) == (date(2024, 7, 31), date(2024, 7, 31))


def test_bad_input() -> None:
    deadlines = budget_calendar(FinancialYear(2025))[:1]
    with pytest.raises(ValueError, match="timezone"):
        to_ics(deadlines, stamp=datetime(2025, 7, 1))
    with pytest.raises(ValueError, match="twice"):
        to_ics(deadlines * 2, stamp=STAMP)
    with pytest.raises(ValueError, match="iCalendar"):
        read_ics("not a calendar")


def test_a_missing_icalendar_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "icalendar", None)
    with pytest.raises(MissingDependencyError, match=r"kpgov\[ical\]"):
        to_ics([], stamp=STAMP + timedelta(0))
