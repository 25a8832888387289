"""Entities and roll-ups, the review windows, and the implementation-timeframe findings."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest

from kpgov.errors import ValidationError
from kpgov.indicators import (
    PROVINCE,
    Entity,
    EntityKind,
    Observation,
    ReviewLevel,
    Scoreboard,
    bodies,
    departments,
    districts,
    division_of,
    divisions,
    known_entities,
    load_catalogue,
    named_indices,
    resolve_entity,
    review,
    review_windows,
    roll_up,
    score,
    timeframe_findings,
)
from kpgov.indicators._rules import TIMEFRAME_RULES
from kpgov.law import RULES
from kpgov.periods import FinancialYear, Month

LAUNCH = date(2019, 7, 1)
YEAR = FinancialYear(2019)


def test_every_district_has_a_division_and_each_division_a_district() -> None:
    names = {d.name for d in divisions()}
    assert len(names) == 7
    assert {division_of(d.name) for d in districts()} == names
    assert division_of("Kohat") == "Kohat"
    assert division_of("Swat") == "Malakand"


@pytest.mark.parametrize(
    ("kind", "name", "hint"),
    [
        ("district", "Swaat", "'Swat'"),
        ("district", "Peshwar", "'Peshawar'"),
        ("division", "Malakhand", "'Malakand'"),
        ("department", "Helth", "'Health'"),
        ("body", "KPITV", "'KPITB'"),
    ],
)
def test_unknown_entities_are_refused_with_a_suggestion(kind: str, name: str, hint: str) -> None:
    with pytest.raises(ValidationError, match=f"did you mean {hint}"):
        resolve_entity(kind, name)


def test_known_spellings_resolve_to_one_name() -> None:
    assert resolve_entity("department", "Excise Deptt.").name.startswith("Excise")
    assert resolve_entity("department", "Finance Department").name == "Finance"
    assert resolve_entity("DISTRICT", " lower  dir ").name == "Lower Dir"
    assert resolve_entity("tma", "TMA Mingora") == Entity(EntityKind.TMA, "TMA Mingora")
    with pytest.raises(ValidationError, match="exists only since 2018"):
        resolve_entity("district", "Bajaur", year=2016)
    with pytest.raises(ValidationError, match="not an entity kind"):
        resolve_entity("ministry", "Health")


def test_shipped_lists_carry_their_source_and_confidence() -> None:
    for known in (*departments(), *bodies()):
        assert known.source
        assert known.confidence
    spellings = [s.casefold() for k in departments() for s in (k.entity.name, *k.aliases)]
    assert len(spellings) == len(set(spellings))  # no spelling names two departments


@pytest.mark.parametrize(
    ("level", "count", "first"),
    [
        (ReviewLevel.DEPUTY_COMMISSIONER, 24, "2019-07 (1-15)"),
        (ReviewLevel.COMMISSIONER, 12, "2019-07"),
        (ReviewLevel.SECRETARY, 12, "2019-07"),
        (ReviewLevel.CHIEF_SECRETARY, 6, "2019-07..2019-08"),
        (ReviewLevel.CHIEF_MINISTER, 4, "2019-20 Q1"),
    ],
)
def test_review_windows_follow_the_review_mechanism(
    level: ReviewLevel, count: int, first: str
) -> None:
    windows = review_windows(level, YEAR)
    assert len(windows) == count
    assert windows[0].label == first
    assert windows[0].start == date(2019, 7, 1)
    assert windows[-1].end == date(2020, 6, 30)
    assert all(a.end < b.start for a, b in itertools.pairwise(windows))


def _board() -> Scoreboard:
    july = Month(2019, 7)
    values = {"Swat": 90, "Kohat": 40, "Mardan": 70, "Bannu": 10}
    obs = [
        Observation("GGS-SD-39", Entity.district(n), july, Decimal(v)) for n, v in values.items()
    ]
    return score(obs, july, launch=LAUNCH, entities=districts(2019))


def test_best_and_worst_performers_of_a_review() -> None:
    window = review_windows(ReviewLevel.COMMISSIONER, YEAR)[0]
    result = review(_board(), window, count=2)
    assert [c.entity.name for c in result.best] == ["Swat", "Mardan"]
    assert result.worst[0].overall == Decimal("0.00")  # a district that sent nothing


def test_roll_up_to_divisions_and_the_province() -> None:
    rolls = roll_up(_board())
    assert [r.level for r in rolls] == ["division"] * 7 + ["province"]
    province = rolls[-1]
    assert province.name == PROVINCE
    assert len(province.members) == 32
    assert [name for name, _ in province.indices] == [i.name for i in named_indices()]
    kohat = next(r for r in rolls if r.name == "Kohat")
    assert set(kohat.members) == {"Kohat", "Hangu", "Karak", "Kurram", "Orakzai"}


def test_timeframe_rules_are_raised_for_indicators_without_evidence() -> None:
    cat = load_catalogue()
    everything = {i.id for i in cat}
    as_of = date(2020, 8, 1)  # every timeframe has passed
    assert not timeframe_findings(everything, launch=LAUNCH, as_of=as_of).findings
    report = timeframe_findings(set(), launch=LAUNCH, as_of=as_of)
    raised = {f.rule_id for f in report.findings}
    assert raised == {r.id for r in TIMEFRAME_RULES}
    og01 = next(f for f in report.findings if f.subject == "GGS-OG-01")
    assert og01.rule_id == "GGS-timeframe-short"
    early = timeframe_findings(set(), launch=LAUNCH, as_of=date(2019, 8, 1))
    assert {f.rule_id for f in early.findings} == {"GGS-timeframe-immediate"}


def test_timeframe_rules_are_the_calendar_s_rules() -> None:
    import kpgov.calendar  # noqa: F401  # registers the calendar's definitions

    for rule in TIMEFRAME_RULES:
        assert RULES.get(rule.id) == rule


def test_a_commissioner_reviews_the_districts_of_his_division() -> None:
    window = review_windows(ReviewLevel.COMMISSIONER, YEAR)[0]
    result = review(_board(), window, division="Malakand")
    assert result.division == "Malakand"
    assert result.best[0].entity.name == "Swat"
    assert all(division_of(c.entity.name) == "Malakand" for c in (*result.best, *result.worst))


def test_known_entities_of_each_kind() -> None:
    assert len(known_entities("district", year=2019)) == 32
    assert len(known_entities(EntityKind.DIVISION)) == 7
    assert resolve_entity("department", "Health") in known_entities("department")
    with pytest.raises(ValidationError, match="no list of TMAs"):
        known_entities("tma")
