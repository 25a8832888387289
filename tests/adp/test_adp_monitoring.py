"""Monitoring findings as of a date (r.47-r.49)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from adp_support import actor, step, walk

from kpgov.adp import (
    DdcReview,
    Inspection,
    ProgressReport,
    ReviewKind,
    Role,
    Stage,
    Visit,
    check_completion,
    check_duties,
    check_inspections,
    check_progress_reports,
    check_reviews,
    check_visits,
    monitor,
    progress_report_due,
)
from kpgov.errors import ValidationError
from kpgov.findings import Severity
from kpgov.periods import FinancialYear, Month

YEAR = FinancialYear(2025)


def running():
    return walk(Stage.UNDER_EXECUTION).record  # started 2025-03-..., see adp_support


def test_reports_are_due_on_the_tenth_of_the_next_month():
    assert progress_report_due(Month(2025, 6)) == date(2025, 7, 10)
    assert progress_report_due(Month(2025, 12)) == date(2026, 1, 10)


def test_missing_and_late_progress_reports():
    record = running()
    first = Month.of(record.started_on)
    due = progress_report_due(first)
    assert check_progress_reports([record], [], due) == []  # not overdue on the due day
    (missing,) = check_progress_reports([record], [], due + timedelta(days=1))
    assert (missing.rule_id, missing.actual) == ("BR-47(5)", "none")
    late = ProgressReport(record.code, first, due + timedelta(days=2), Decimal(10), Decimal(0))
    (found,) = check_progress_reports([record], [late], due + timedelta(days=3))
    assert "late" in found.message
    on_time = ProgressReport(record.code, first, due, Decimal(10), Decimal(0))
    assert check_progress_reports([record], [late, on_time], due + timedelta(days=3)) == []


def test_progress_percentages_are_checked():
    with pytest.raises(ValidationError):
        ProgressReport("P", Month(2025, 7), date(2025, 8, 1), Decimal(101), Decimal(0))


def test_visit_coverage():
    records = [walk(Stage.IN_ADP, code=f"P-{n}").record for n in range(10)]
    visits = [Visit("P-0", Role.NAZIM, date(2025, 8, 1))]
    visits += [Visit(f"P-{n}", Role.HEAD_OF_OFFICES, date(2025, 8, 1)) for n in range(7)]
    visits += [Visit(f"P-{n}", Role.COMMISSIONER, date(2025, 8, 1)) for n in range(2)]
    after = check_visits(records, visits, YEAR, date(2026, 7, 1))
    assert sorted((f.rule_id, f.subject) for f in after) == [
        ("BR-47(8)", "Commissioner visits 2025-26"),
        ("BR-47(9)", "Deputy Commissioner visits 2025-26"),
    ]
    assert all(f.severity is Severity.ERROR for f in after)
    during = check_visits(records, visits, YEAR, date(2025, 12, 1))
    assert {f.severity for f in during} == {Severity.INFO}


def test_ddc_reviews():
    sent = {"sent_to_commissioner": date(2025, 10, 20), "sent_to_nazim": date(2025, 10, 20)}
    reviews = [DdcReview(YEAR, ReviewKind.QUARTERLY, date(2025, 9, 25), quarter=1, **sent)]
    findings = check_reviews(reviews, YEAR, date(2025, 12, 31))
    assert findings == []  # Q2's review is not late until Q2 has ended
    findings = check_reviews(reviews, YEAR, date(2026, 1, 1))
    assert [f.subject for f in findings] == ["DDC 2025-26 Q2"]  # the calendar's reading
    findings = check_reviews(reviews, YEAR, date(2026, 10, 1))
    assert [f.subject for f in findings] == [
        "DDC 2025-26 Q2",
        "DDC 2025-26 Q3",
        "DDC 2025-26 Q4",
        "DDC 2025-26",
    ]
    assert {f.rule_id for f in findings} == {"BR-47(6)"}
    with pytest.raises(ValidationError):
        DdcReview(YEAR, ReviewKind.QUARTERLY, date(2025, 10, 15))


def test_ddc_review_results_go_to_the_commissioner_and_the_nazim():
    held = DdcReview(YEAR, ReviewKind.ANNUAL, date(2026, 6, 20), sent_to_nazim=date(2026, 6, 25))
    found = check_reviews([held], YEAR, date(2026, 6, 30))
    (finding,) = [f for f in found if f.rule_id == "BR-47(6)#results"]
    assert "the Divisional Commissioner" in finding.message


def test_ddc_review_deadlines_read_as_the_calendar_reads_them():
    from kpgov.calendar import annual_deadlines

    due = sorted(d.due for d in annual_deadlines(YEAR) if d.rule_id.startswith("BR-47(6)"))
    ours = []
    for quarter in YEAR.quarters:
        ok = check_reviews([], YEAR, quarter.end)
        late = check_reviews([], YEAR, quarter.end + timedelta(days=1))
        assert f"DDC {quarter}" not in [f.subject for f in ok]
        assert f"DDC {quarter}" in [f.subject for f in late]
        ours.append(quarter.end)
    ours.append(YEAR.end)  # the annual review: within the year
    assert sorted(ours) == due


def test_completion_duties():
    late = running()
    (overdue,) = check_completion([late], late.completion_due + timedelta(days=1))
    assert overdue.rule_id == "BR-44(1)"
    done = walk(Stage.COMPLETED, mega=True).record
    found = check_completion([done], date(2027, 1, 1))
    assert sorted(f.rule_id for f in found) == ["BR-47(13)", "BR-48(1)", "BR-49(1)"]
    assert check_completion([done], date(2027, 1, 1), pc_v={done.code: "PC-V 1"})[0].rule_id == (
        "BR-48(1)"  # the handing-over report was not copied (r.48(1))
    )
    copied = step(walk(Stage.COMPLETED), "distribute_handing_over_report")
    evaluated = step(copied, "evaluate").record
    assert check_completion([evaluated], date(2027, 1, 1)) == []


def test_monitor_collects_everything_as_of_a_date():
    record = running()
    report = monitor([record], date(2026, 8, 1), year=YEAR)
    assert not report.ok
    assert {f.rule_id for f in report} >= {"BR-47(5)", "BR-44(1)", "BR-47(6)"}
    assert actor(Role.NAZIM).role is Role.NAZIM


def test_heads_of_offices_report_progress_monthly_to_the_ddop():
    record = running()
    first = Month.of(record.started_on)
    agency = ProgressReport(record.code, first, date(2025, 10, 5), Decimal(10), Decimal(0))
    as_of = first.next().end + timedelta(days=1)  # r.47(10): by the end of the next month
    found = check_progress_reports([record], [agency], as_of, by=Role.HEAD_OF_OFFICES)
    assert [(f.rule_id, f.subject) for f in found] == [("BR-47(10)", f"{record.code} {first}")]
    hoo = ProgressReport(
        record.code, first, first.next().end, Decimal(10), Decimal(0), by=Role.HEAD_OF_OFFICES
    )
    assert check_progress_reports([record], [hoo], as_of, by=Role.HEAD_OF_OFFICES) == []
    assert all(f.rule_id != "BR-47(10)" for f in check_progress_reports([record], [hoo], as_of))


def test_each_head_of_offices_visits_seventy_percent_of_his_own_projects():
    education = [walk(Stage.IN_ADP, code=f"E-{n}").record for n in range(5)]
    health = [
        walk(Stage.IN_ADP, code=f"H-{n}", sponsoring_agency="Health").record for n in range(5)
    ]
    on = date(2025, 8, 1)
    # Education's head visits all its five and two of Health's: 7 of 10 pooled, but Health's
    # own head visited none of Health's
    visits = [Visit(f"E-{n}", Role.HEAD_OF_OFFICES, on, office="Education") for n in range(5)]
    visits += [Visit(f"H-{n}", Role.HEAD_OF_OFFICES, on, office="Education") for n in range(2)]
    found = check_visits(education + health, visits, YEAR, date(2026, 7, 1))
    hoo = [f for f in found if f.subject.startswith("Head of Offices")]
    assert [(f.subject, f.actual) for f in hoo] == [
        ("Head of Offices (Health) visits 2025-26", "0.0%")
    ]


def test_duties_owed_by_a_history():
    record = walk(Stage.COUNCIL_APPROVED, recurring_cost=Decimal(900000)).record
    found = {f.rule_id for f in check_duties([record], date(2025, 8, 1))}
    assert found == {"BR-36(11)", "BR-33(1)(h)"}
    # it completes on 2026-06-30, in 2025-26: the "next financial year" as of 2024-25 (r.50(1)(a))
    as_of_previous_year = check_duties([record], date(2025, 6, 1))
    assert "BR-50(1)(a)" in {f.rule_id for f in as_of_previous_year}
    done = step(
        step(
            step(walk(Stage.COUNCIL_APPROVED), "send_copy_to_council"), "include_in_district_plan"
        ),
        "communicate_recurring_cost",
    ).record
    assert check_duties([done], date(2025, 6, 1)) == []


def test_inspection_reports_go_to_the_planning_department():
    sent = Inspection("P-1", date(2025, 10, 1), "inspection 7", date(2025, 10, 3))
    unsent = Inspection("P-1", date(2025, 11, 1), "inspection 8")
    (finding,) = check_inspections([sent, unsent])
    assert finding.rule_id == "BR-47(11)"
    assert "inspection 8" in finding.message
