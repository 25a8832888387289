"""Every indicator of the strategy is checked under its own rule id.

For each indicator in the catalogue whose reporting the strategy schedules (a known
implementation timeframe and frequency), an entity that owes it and reports nothing gets one
error per closed reporting slot from :func:`~kpgov.indicators.missing_reports`, under the
indicator's rule (``GGS-OG-01`` ...); reporting every slot clears them, and an entity that does
not owe the indicator is never asked for it. GGS-OG-23 names no responsible entity ('-' in the
source), so only a formula naming its owner makes it owed.

Six indicators have no schedule in the source (a frequency cell lost or '-', or 'Yearly' given
as a timeframe): no report of them can be missing, and kpgov checks them only by flagging a
report from an entity that does not owe them (:func:`~kpgov.indicators.unscored_reports`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

import attrs
import pytest

from kpgov.errors import Location
from kpgov.indicators import (
    Entity,
    EntityKind,
    Frequency,
    Indicator,
    Observation,
    Period,
    ScoringFormula,
    Slot,
    default_formula,
    indicator_rule,
    known_entities,
    load_catalogue,
    missing_reports,
    slots_until,
    unscored_reports,
)
from kpgov.law import Severity
from kpgov.periods import FinancialYear, Month

LAUNCH: Final = date(2019, 7, 1)
#: Late enough for every timeframe (long-term: 1 July 2020) to have a closed financial year.
AS_OF: Final = date(2021, 7, 1)
CATALOGUE: Final = load_catalogue()
#: The default formula, plus the owner of GGS-OG-23 a user would have to name.
FORMULA: Final = attrs.evolve(default_formula(), owners={"GGS-OG-23": "Information Dept."})
#: One entity of every kind, to find one that does not owe an indicator.
SAMPLES: Final = (
    Entity.district("Swat"),
    Entity.division("Malakand"),
    Entity.department("Health"),
    Entity(EntityKind.BODY, "HCC"),
    Entity(EntityKind.TMA, "TMA Babuzai"),
)

UNSCHEDULED: Final = ("GGS-IT-01", "GGS-IT-03", "GGS-IT-05", "GGS-IT-07", "GGS-IT-23", "GGS-PA-23")
SCHEDULED: Final = [i.id for i in CATALOGUE if i.id not in UNSCHEDULED]


def _owing_entity(indicator: Indicator, formula: ScoringFormula) -> Entity:
    actor = formula.responsibility(indicator).actors[0]
    if actor.name is not None:
        return Entity(actor.kind, actor.name)
    if actor.kind is EntityKind.TMA:
        return Entity(EntityKind.TMA, "TMA Babuzai")
    return known_entities(actor.kind)[0]


def _non_owing_entity(indicator: Indicator, formula: ScoringFormula) -> Entity | None:
    return next((e for e in SAMPLES if not formula.owes(indicator, e)), None)


def _period(slot: Slot, indicator: Indicator) -> Period:
    if isinstance(slot, Month | FinancialYear):
        return slot
    assert indicator.frequency is Frequency.ONCE
    return Month.of(AS_OF).previous()


def test_only_the_six_indicators_without_a_schedule_have_no_reporting_slot() -> None:
    unscheduled = sorted(i.id for i in CATALOGUE if not slots_until(i, LAUNCH, AS_OF))
    assert unscheduled == sorted(UNSCHEDULED)
    assert len(SCHEDULED) + len(UNSCHEDULED) == len(CATALOGUE) == 205


@pytest.mark.parametrize("indicator_id", SCHEDULED)
def test_an_owing_entity_that_reports_nothing_breaks_the_indicator_s_rule(
    indicator_id: str,
) -> None:
    indicator = CATALOGUE[indicator_id]
    entity = _owing_entity(indicator, FORMULA)
    slots = slots_until(indicator, LAUNCH, AS_OF)
    report = missing_reports(
        [], [entity], launch=LAUNCH, as_of=AS_OF, formula=FORMULA, indicators=[indicator_id]
    )
    assert len(report) == len(slots) > 0
    rule = indicator_rule(indicator_id)
    for finding in report:
        assert finding.rule_id == indicator_id
        assert finding.severity is Severity.ERROR is rule.severity
        assert finding.subject.startswith(f"{entity}: {indicator_id} for ")
        assert finding.citation == indicator.citation
        assert finding.actual == "none"
    assert not report.ok

    reported = [
        Observation(indicator_id, entity, _period(slot, indicator), Decimal(1)) for slot in slots
    ]
    assert (
        list(
            missing_reports(
                reported,
                [entity],
                launch=LAUNCH,
                as_of=AS_OF,
                formula=FORMULA,
                indicators=[indicator_id],
            )
        )
        == []
    )


@pytest.mark.parametrize("indicator_id", SCHEDULED)
def test_an_entity_that_does_not_owe_the_indicator_is_not_asked_for_it(indicator_id: str) -> None:
    indicator = CATALOGUE[indicator_id]
    other = _non_owing_entity(indicator, FORMULA)
    if other is None:  # "All govt. entities": every entity owes it
        assert FORMULA.responsibility(indicator).kinds == frozenset(EntityKind)
        return
    report = missing_reports(
        [], [other], launch=LAUNCH, as_of=AS_OF, formula=FORMULA, indicators=[indicator_id]
    )
    assert list(report) == []


def test_an_indicator_without_a_responsible_entity_is_owed_once_a_formula_names_one() -> None:
    information = Entity.department("Information & Public Relations")
    default = missing_reports(
        [], [information], launch=LAUNCH, as_of=AS_OF, indicators=["GGS-OG-23"]
    )
    assert list(default) == []
    named = missing_reports(
        [], [information], launch=LAUNCH, as_of=AS_OF, formula=FORMULA, indicators=["GGS-OG-23"]
    )
    assert {f.rule_id for f in named} == {"GGS-OG-23"}
    assert len(named) == 24  # monthly from July 2019 to June 2021


@pytest.mark.parametrize("indicator_id", UNSCHEDULED)
def test_an_unscheduled_indicator_is_checked_only_for_who_reports_it(indicator_id: str) -> None:
    indicator = CATALOGUE[indicator_id]
    owing = _owing_entity(indicator, FORMULA)
    everything = missing_reports([], [owing], launch=LAUNCH, as_of=AS_OF, formula=FORMULA)
    assert [f for f in everything if f.rule_id == indicator_id] == []
    assert len(everything) > 0  # the entity is asked for the indicators it owes
    other = _non_owing_entity(indicator, FORMULA)
    assert other is not None
    where = Location("reports.csv", 7, "indicator")
    month = Month(2020, 9)
    reports = [
        Observation(indicator_id, other, month, Decimal(1), source=where),
        Observation(indicator_id, owing, month, Decimal(1)),
    ]
    (finding,) = unscored_reports(reports, month, launch=LAUNCH, formula=FORMULA)
    assert finding.rule_id == indicator_id
    assert finding.subject == f"{other}: {indicator_id} for 2020-09"
    assert finding.severity is Severity.WARNING
    assert finding.location == where
    assert f"{other} does not owe {indicator_id}" in finding.message
