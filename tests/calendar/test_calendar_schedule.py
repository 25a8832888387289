"""The Second Schedule (budget calendar) as data, checked against the seed text and dated for
several budget years."""

import calendar as stdcal
import os
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given

from kpgov.calendar import DeadlineKind, Phase, budget_calendar, schedule_deadlines, second_schedule
from kpgov.law import RULES, Severity
from kpgov.periods import FinancialYear
from kpgov.testing import financial_years

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
MONTHS = {name: number for number, name in enumerate(stdcal.month_name) if name}
MONTHS["Aug"] = 8
PAGE_HEADER = "SCHEDULE FOR CURRENT & DEVELOPMENT BUDGET S# Activity Responsibility Deadline"


def _words(text: str) -> list[str]:
    text = text.replace("\u00a0", " ")
    return text.split()


@pytest.fixture(scope="module")
def seed_items() -> dict[int, str]:
    """Item number -> the flattened seed text of that row of the Second Schedule."""
    if not SEEDS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the seeds at {SEEDS}")
        pytest.skip(f"the seed documents are not at {SEEDS}")
    (path,) = SEEDS.glob("003_*.txt")
    text = path.read_text(encoding="utf-8")
    start = text.index("SECOND SCHEDULE – BUDGET CALENDAR")
    end = text.index("THIRD SCHEDULE – BUDGET MULTI-YEAR PLANNING")
    table = " ".join(_words(text[start:end]))
    table = table.replace(PAGE_HEADER, " ")
    items: dict[int, str] = {}
    pieces = re.split(r"(?:^| )(\d{1,2})\. ", table)
    for number, body in zip(pieces[1::2], pieces[2::2], strict=True):
        items[int(number)] = body
    return items


def test_the_schedule_has_23_numbered_items() -> None:
    items = second_schedule()
    assert [item.number for item in items] == list(range(1, 24))
    assert [item.rule_id for item in items] == [f"BR-S2-{n}" for n in range(1, 24)]


def test_each_item_is_a_registered_rule_that_must_be_kept() -> None:
    for item in second_schedule():
        rule = RULES.get(item.rule_id)
        assert rule.package == "calendar"
        assert rule.severity is Severity.ERROR  # BR-13(11): "shall be strictly adhered to"
        assert rule.citation.clause == f"S2-{item.number}"


def test_wording_is_the_seeds_every_word_kept_and_none_added(seed_items: dict[int, str]) -> None:
    assert sorted(seed_items) == list(range(1, 24))
    for item in second_schedule():
        printed = Counter(_words(seed_items[item.number]))
        ours = Counter(_words(f"{item.activity} {item.responsible} {item.deadline}"))
        assert ours == printed, f"item {item.number}"


def test_each_cell_reads_in_the_seeds_order(seed_items: dict[int, str]) -> None:
    for item in second_schedule():
        row = _words(seed_items[item.number])
        for cell in (item.activity, item.responsible, item.deadline):
            position = 0
            for word in _words(cell):
                position = row.index(word, position) + 1  # ValueError if out of order


def _expected(wording: str, number: int, year: FinancialYear) -> tuple[date | None, date]:
    """Dates read independently from the seed's deadline wording."""
    before = year.previous()

    def on(month: int, day: int | None, fy: FinancialYear) -> date:
        calendar_year = fy.start_year if month >= 7 else fy.start_year + 1
        last = stdcal.monthrange(calendar_year, month)[1]
        return date(calendar_year, month, last if day is None else day)

    fy = before if number <= 21 else year  # items 22 and 23 are in the budget year
    if match := re.fullmatch(r"By (\d+)(?:st|nd|rd|th) (?:of )?(\w+)", wording):
        return None, on(MONTHS[match[2]], int(match[1]), fy)
    if match := re.fullmatch(r"By end of (\w+)", wording):
        return None, on(MONTHS[match[1]], None, fy)
    if match := re.fullmatch(r"(\d+)st (\w+) – (\d+)st (\w+)", wording):
        return on(MONTHS[match[2]], int(match[1]), fy), on(MONTHS[match[4]], int(match[3]), fy)
    if match := re.fullmatch(r"(\w+) – (\w+)", wording):
        return on(MONTHS[match[1]], 1, fy), on(MONTHS[match[2]], None, fy)
    month = MONTHS[wording]
    return on(month, 1, fy), on(month, None, fy)


@pytest.mark.parametrize("label", ["2016-17", "2024-25", "2025-26", "2027-28"])
def test_every_item_is_dated_as_its_wording_says(label: str) -> None:
    year = FinancialYear.parse(label)
    deadlines = schedule_deadlines(year)
    assert len(deadlines) == 23
    for item, deadline in zip(second_schedule(), deadlines, strict=True):
        assert deadline.rule_id == item.rule_id
        assert deadline.id == f"{item.rule_id}/{label}"
        assert deadline.activity == item.activity
        assert deadline.responsible == item.responsible
        assert (deadline.start, deadline.due) == _expected(item.deadline, item.number, year)


def test_known_dates_for_2025_26() -> None:
    by_rule = {d.rule_id: d for d in schedule_deadlines(FinancialYear(2025))}
    assert by_rule["BR-S2-1"].due == date(2024, 10, 31)
    assert (by_rule["BR-S2-6"].start, by_rule["BR-S2-6"].due) == (
        date(2024, 8, 1),
        date(2024, 12, 31),
    )
    assert by_rule["BR-S2-11"].due == date(2025, 2, 28)
    assert (by_rule["BR-S2-20"].start, by_rule["BR-S2-20"].due) == (
        date(2025, 6, 1),
        date(2025, 6, 30),
    )
    assert (by_rule["BR-S2-22"].start, by_rule["BR-S2-22"].due) == (
        date(2025, 7, 1),
        date(2025, 7, 31),
    )
    assert (by_rule["BR-S2-23"].start, by_rule["BR-S2-23"].due) == (
        date(2025, 7, 1),
        date(2026, 6, 30),
    )


def test_end_of_february_in_a_leap_year() -> None:
    (item11,) = [d for d in schedule_deadlines(FinancialYear(2024)) if d.rule_id == "BR-S2-11"]
    assert item11.due == date(2024, 2, 29)


def test_source_defects_are_recorded_as_notes() -> None:
    notes = {item.number: item.note for item in second_schedule()}
    assert "quotation mark" in notes[11]
    assert "Finance & Budget Officer" in notes[18]
    assert all(item.source.startswith("seed 003_") for item in second_schedule())


@given(financial_years())
def test_every_schedule_deadline_falls_in_its_phase(year: FinancialYear) -> None:
    for item, deadline in zip(second_schedule(), schedule_deadlines(year), strict=True):
        assert deadline.first_day <= deadline.due
        if item.phase is Phase.PREPARATION:
            assert deadline.first_day in year.previous()
            assert deadline.due in year.previous()
        elif item.phase is Phase.COMMUNICATION:
            assert deadline.first_day == year.start
            assert deadline.due == date(year.start_year, 7, 31)
        else:
            assert (deadline.first_day, deadline.due) == (year.start, year.end)
        expected_kind = DeadlineKind.BY if item.start_month is None else DeadlineKind.WINDOW
        assert deadline.kind is expected_kind


@given(financial_years())
def test_the_budget_is_approved_before_its_year_starts(year: FinancialYear) -> None:
    deadlines = {d.rule_id: d for d in budget_calendar(year) if d.period == year.label}
    for rule_id in ("BR-S2-19", "BR-S2-20", "BR-S2-21", "LGA-35(1)#due", "LGA-35(4)#due"):
        assert deadlines[rule_id].due < year.start
        assert deadlines[rule_id].due.month == 6


def test_every_packaged_row_names_its_source() -> None:
    from kpgov.calendar import monthly_duties, source_notes

    assert all(duty.source.startswith("seed 003_") for duty in monthly_duties())
    assert all(note.source for note in source_notes())
    subjects = {note.subject for note in source_notes()}
    assert {"Second Schedule heading", "LGA section 35", "PC-V reports"} <= subjects
