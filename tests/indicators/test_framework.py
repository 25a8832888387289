"""The budget performance framework (Forms BSF-2, BM-8) and the checks of r.47(2) and r.53."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from kpgov.errors import ValidationError
from kpgov.indicators import (
    Gender,
    GenderTargets,
    Kpi,
    MeasureKind,
    MonthlyProgress,
    Outcome,
    Output,
    PerformanceFramework,
    Targets,
    check_framework,
)
from kpgov.periods import FinancialYear, Month

D = Decimal
BUDGET_YEAR = FinancialYear(2017)


def full_kpi(**changes: object) -> Kpi:
    kpi = Kpi(
        "1.1.1",
        "Children immunised",
        unit="children",
        measure=MeasureKind.NUMBER,
        targets=Targets(D(100), D(120), D(140), D(160)),
        by_gender=(
            GenderTargets(Gender.FEMALE, Targets(D(50), D(60), D(70), D(80))),
            GenderTargets(Gender.MALE, Targets(D(50), D(60), D(70), D(80))),
        ),
        verification="EPI register",
        progress=tuple(MonthlyProgress(m, D(10)) for m in BUDGET_YEAR.months[:3]),
    )
    return attrs.evolve(kpi, **changes)


def framework(*kpis: Kpi) -> PerformanceFramework:
    return PerformanceFramework(
        office="District Health Officer",
        grant="21",
        budget_year=BUDGET_YEAR,
        outcomes=(Outcome("1", "Healthy children", (Output("1.1", "Immunisation", kpis),)),),
    )


def rule_ids(fw: PerformanceFramework, as_of: date | None = None) -> list[str]:
    return [f.rule_id for f in check_framework(fw, as_of=as_of)]


def test_a_complete_kpi_passes() -> None:
    assert rule_ids(framework(full_kpi()), as_of=date(2017, 10, 5)) == []


def test_medium_term_targets_are_required_for_each_year() -> None:
    kpi = full_kpi(targets=Targets(D(100), D(120), None, None))
    assert rule_ids(framework(kpi)) == ["BR-53(2)#medium-term", "BR-53(2)#medium-term"]


def test_a_kpi_without_any_target_is_not_time_bound() -> None:
    assert "BR-53(1)(e)#time-bound" in rule_ids(framework(full_kpi(targets=Targets())))


def test_gender_disaggregation_or_a_reason_is_required() -> None:
    assert rule_ids(framework(full_kpi(by_gender=()))) == ["BR-47(2)#gender"]
    assert rule_ids(framework(full_kpi(by_gender=(), gender_neutral="road length"))) == []


def test_gender_targets_must_add_up() -> None:
    skewed = (
        GenderTargets(Gender.FEMALE, Targets(D(50), D(60), D(70), D(80))),
        GenderTargets(Gender.MALE, Targets(D(50), D(50), D(70), D(80))),
    )
    report = check_framework(framework(full_kpi(by_gender=skewed)))
    [finding] = list(report)
    assert finding.rule_id == "BR-47(2)#gender"
    assert (finding.expected, finding.actual) == ("120", "110")


def test_specific_measurable_verifiable() -> None:
    assert rule_ids(framework(full_kpi(unit=""))) == ["BR-53(1)(a)#specific"]
    assert rule_ids(framework(full_kpi(verification=""))) == ["BR-53(3)(c)#verifiable"]
    percent = full_kpi(measure=MeasureKind.PERCENT, targets=Targets(D(90), D(95), D(101), D(99)))
    assert "BR-53(1)(b)#measurable" in rule_ids(framework(percent))
    twin = full_kpi(number="1.1.2")
    assert rule_ids(framework(full_kpi(), twin)) == ["BR-53(1)(a)#specific"]


def test_outputs_need_kpis() -> None:
    assert rule_ids(framework()) == ["BR-53(1)(f)#outputs"]


def test_monthly_progress_is_required_for_every_ended_month() -> None:
    ids = rule_ids(framework(full_kpi()), as_of=date(2017, 12, 1))
    assert ids == ["BR-53(4)#progress", "BR-53(4)#progress"]  # October and November


def test_bm8_rows_show_target_month_and_progress_to_date() -> None:
    fw = framework(full_kpi())
    [row] = fw.bm8_rows(Month(2017, 9))
    assert (row.target, row.current_month, row.to_date) == (D(120), D(10), D(30))
    [row] = fw.bm8_rows(Month(2016, 9))  # the current year's column of the form
    assert (row.target, row.current_month, row.to_date) == (D(100), None, None)


def test_rates_report_their_latest_level_to_date() -> None:
    kpi = full_kpi(
        measure=MeasureKind.PERCENT,
        targets=Targets(D(80), D(85), D(90), D(95)),
        by_gender=(),
        gender_neutral="coverage rate of facilities",
        progress=(MonthlyProgress(Month(2017, 7), D(70)), MonthlyProgress(Month(2017, 8), D(75))),
    )
    assert kpi.progress_to_date(Month(2017, 9)) == D(75)


def test_numbering_must_nest() -> None:
    with pytest.raises(ValidationError, match="not numbered under output"):
        Output("1.1", "x", (full_kpi(number="1.2.1"),))
    with pytest.raises(ValidationError, match="numbered like"):
        Kpi("1.1", "x")
