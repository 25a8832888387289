"""Missing reports and non-compliance findings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kpgov.indicators import (
    Entity,
    Observation,
    compliance_findings,
    missing_reports,
    score,
)
from kpgov.law import Severity
from kpgov.periods import Month

SWAT, MARDAN = Entity.district("Swat"), Entity.district("Mardan")
LAUNCH = date(2019, 7, 1)


def test_missing_reports_are_errors_under_the_indicator_s_rule() -> None:
    observations = [Observation("GGS-OG-18", SWAT, Month(2019, 7), Decimal(3))]
    report = missing_reports(
        observations,
        [SWAT, MARDAN],
        launch=LAUNCH,
        as_of=date(2019, 9, 1),
        indicators=["GGS-OG-18"],
    )
    assert [f.subject for f in report] == [
        "district Mardan: GGS-OG-18 for 2019-07",
        "district Mardan: GGS-OG-18 for 2019-08",
        "district Swat: GGS-OG-18 for 2019-08",
    ]
    assert {f.severity for f in report} == {Severity.ERROR}
    assert all(f.citation is not None and f.citation.instrument == "GGS" for f in report)


def test_indicators_of_other_bodies_are_not_expected_from_districts() -> None:
    # GGS-SD-15 (building plans) is a TMA's responsibility
    report = missing_reports(
        [], [SWAT], launch=LAUNCH, as_of=date(2021, 1, 1), indicators=["GGS-SD-15"]
    )
    assert len(report) == 0


def test_compliance_findings_name_non_reporting_entities() -> None:
    july = Month(2019, 7)
    board = score(
        [Observation("GGS-OG-18", SWAT, july, Decimal(3))],
        july,
        launch=LAUNCH,
        entities=[SWAT, MARDAN],
    )
    report = compliance_findings(board)
    assert sorted((f.rule_id, f.subject) for f in report) == [
        ("GGS-non-compliance", "district Mardan in 2019-07"),
        ("SOP-Binding", "district Mardan in 2019-07"),
        ("SOP-Binding", "district Swat in 2019-07"),
    ]
    assert not report.ok
