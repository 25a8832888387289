"""Status as of a date: due soon, late and missing, as findings with citations."""

from datetime import date, timedelta

import pytest

from kpgov.calendar import (
    Deadline,
    State,
    Submission,
    annual_deadlines,
    monthly_deadlines,
    status_report,
    track,
    unmatched,
)
from kpgov.errors import ValidationError
from kpgov.law import Severity
from kpgov.periods import FinancialYear, Month

JULY = {d.rule_id: d for d in monthly_deadlines([Month(2025, 7)])}
BM1 = JULY["BR-80(5)#due"]  # due 13 August 2025
BAR = JULY["BR-80(4)#due"]  # due 20 August 2025


def _state(
    deadline: Deadline, submissions: list[Submission], as_of: date, entity: str = "DDO 1"
) -> State:
    (status,) = track([deadline], submissions, as_of=as_of, entities=[entity])
    return status.state


def test_states() -> None:
    on_time = [Submission(BM1.id, "DDO 1", date(2025, 8, 12))]
    late = [Submission(BM1.id, "DDO 1", date(2025, 8, 15))]
    assert _state(BM1, [], date(2025, 7, 31)) is State.UPCOMING
    assert _state(BM1, [], date(2025, 8, 6)) is State.DUE_SOON
    assert _state(BM1, [], date(2025, 8, 13)) is State.DUE_SOON
    assert _state(BM1, [], date(2025, 8, 14)) is State.MISSING
    assert _state(BM1, on_time, date(2025, 8, 20)) is State.ON_TIME
    assert _state(BM1, late, date(2025, 8, 20)) is State.LATE
    assert _state(BM1, late, date(2025, 8, 14)) is State.MISSING  # not yet filed on that date
    assert _state(BM1, on_time, date(2025, 8, 20), entity="DDO 2") is State.MISSING


def test_findings_carry_the_rule_and_its_citation() -> None:
    report = status_report(
        [BM1],
        [Submission(BM1.id, "DDO 1", date(2025, 8, 15))],
        as_of=date(2025, 8, 25),
        entities=["DDO 1", "DDO 2", "DDO 3"],
    )
    by_subject = {f.subject: f for f in report}
    assert set(by_subject) == {"DDO 1", "DDO 2", "DDO 3"}
    assert "2 days late" in by_subject["DDO 1"].message
    assert "not submitted, 12 days overdue" in by_subject["DDO 2"].message
    assert all(f.rule_id == "BR-80(5)#due" and f.severity is Severity.ERROR for f in report)
    assert by_subject["DDO 2"].citation is not None
    assert "13th day" in by_subject["DDO 2"].citation.excerpt
    assert not report.ok


def test_due_soon_is_a_note() -> None:
    report = status_report([BM1], [], as_of=date(2025, 8, 10), entities=["DDO 1"])
    (finding,) = report
    assert finding.severity is Severity.INFO
    assert "due in 3 days" in finding.message
    assert report.ok


def test_a_ddo_without_its_statement_after_the_20th_is_barred_from_bills() -> None:
    report = status_report([BAR], [], as_of=date(2025, 8, 21), entities=["DDO PR4012"])
    barred = report.filter(rule_id="BR-80(4)#bills-barred")
    (finding,) = barred
    assert finding.severity is Severity.ERROR
    assert "no bills may be passed" in finding.message
    assert "until" in finding.message
    assert "no bills may be passed by the Accounts Officer" in (
        finding.citation.excerpt if finding.citation else ""
    )
    # not yet barred on the 20th itself
    on_the_20th = status_report([BAR], [], as_of=date(2025, 8, 20), entities=["DDO PR4012"])
    assert not on_the_20th.filter(rule_id="BR-80(4)#bills-barred").findings


def test_a_late_filer_is_no_longer_barred_but_the_bar_is_recorded() -> None:
    filed = [Submission(BAR.id, "DDO PR4012", date(2025, 8, 27))]
    report = status_report([BAR], filed, as_of=date(2025, 9, 1), entities=["DDO PR4012"])
    (bar,) = report.filter(rule_id="BR-80(4)#bills-barred")
    assert bar.severity is Severity.INFO
    assert "from 2025-08-21 until" in bar.message
    assert report.filter(rule_id="BR-80(4)#due").errors


def test_not_before_duties_flag_early_work() -> None:
    (bm13,) = [d for d in annual_deadlines(FinancialYear(2025)) if d.rule_id == "BR-82(1)#due"]
    early = [Submission(bm13.id, "Health office", date(2026, 2, 20))]
    report = status_report([bm13], early, as_of=date(2026, 3, 5), entities=["Health office"])
    (finding,) = report
    assert finding.severity is Severity.WARNING
    assert finding.expected == "on or after 2026-03-01"
    assert _state(bm13, [], date(2026, 6, 1)) is State.DUE_SOON  # no closing date: never missing


def test_unmatched_submissions_and_bad_arguments() -> None:
    stray = Submission("BR-80(5)#due/2099-01", "DDO 1", date(2025, 8, 1))
    assert unmatched([BM1], [stray]) == [stray]
    with pytest.raises(ValidationError):
        track([BM1], [], as_of=date(2025, 8, 1), entities=[])
    with pytest.raises(ValidationError):
        track([BM1], [], as_of=date(2025, 8, 1), entities=["x"], soon=timedelta(days=-1))
