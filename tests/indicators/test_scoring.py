"""Scorecards: worked examples and the properties the issue names."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpgov.errors import ValidationError
from kpgov.indicators import (
    Entity,
    EntityKind,
    Frequency,
    MeasureKind,
    MissingData,
    Observation,
    PillarCode,
    Scoreboard,
    ScoringFormula,
    default_formula,
    load_catalogue,
    named_indices,
    score,
)
from kpgov.periods import FinancialYear, Month

YEAR = FinancialYear(2019)
LAUNCH = date(2019, 7, 1)
SWAT, MARDAN, KOHAT = (Entity.district(n) for n in ("Swat", "Mardan", "Kohat"))
FINANCE = Entity.department("Finance")

#: A mix of measures and frequencies, all immediate and expected from districts:
#: % real-time, count real-time, Yes/No real-time, count yearly, count monthly.
MIX = ["GGS-SD-39", "GGS-OG-21", "GGS-PA-31", "GGS-PA-11", "GGS-CP-07"]


def obs(indicator: str, entity: Entity, period: Month | FinancialYear, value: int) -> Observation:
    return Observation(indicator, entity, period, Decimal(value))


def test_percentages_and_yes_no_score_as_written() -> None:
    board = score(
        [obs("GGS-SD-39", SWAT, Month(2019, 7), 80), obs("GGS-PA-31", SWAT, Month(2019, 7), 1)],
        Month(2019, 7),
        launch=LAUNCH,
    )
    card = board.scorecard(SWAT)
    assert card.indicator("GGS-SD-39").score == Decimal("80.00")
    assert card.indicator("GGS-PA-31").score == Decimal("100.00")


def test_counts_score_against_the_best_district_of_the_slot() -> None:
    board = score(
        [obs("GGS-OG-21", SWAT, Month(2019, 7), 40), obs("GGS-OG-21", MARDAN, Month(2019, 7), 10)],
        Month(2019, 7),
        launch=LAUNCH,
    )
    assert board.scorecard(SWAT).indicator("GGS-OG-21").score == Decimal("100.00")
    assert board.scorecard(MARDAN).indicator("GGS-OG-21").score == Decimal("25.00")


def test_a_second_report_of_a_slot_is_refused() -> None:
    july = Month(2019, 7)
    with pytest.raises(ValidationError, match="two reports of GGS-OG-21 by district Swat"):
        score(
            [obs("GGS-OG-21", SWAT, july, 10), obs("GGS-OG-21", SWAT, Month(2019, 7), 30)],
            july,
            launch=LAUNCH,
        )


def test_a_fractional_count_is_refused() -> None:
    with pytest.raises(ValidationError, match="whole number"):
        score(
            [Observation("GGS-OG-21", SWAT, Month(2019, 7), Decimal("3.5"))],
            Month(2019, 7),
            launch=LAUNCH,
        )


def test_a_window_before_the_launch_is_an_error() -> None:
    with pytest.raises(ValidationError, match="ends before the launch"):
        score([], Month(2019, 7), launch=date(2019, 9, 1))


def test_less_is_better_where_the_measure_says_so() -> None:
    july = Month(2019, 10)
    board = score(
        [obs("GGS-PA-12", SWAT, july, 2), obs("GGS-PA-12", KOHAT, july, 8)], july, launch=LAUNCH
    )
    swat, kohat = board.scorecard(SWAT), board.scorecard(KOHAT)
    assert swat.indicator("GGS-PA-12").direction == "less"
    assert swat.indicator("GGS-PA-12").score == Decimal("100.00")
    assert kohat.indicator("GGS-PA-12").score == Decimal("25.00")
    slot = kohat.indicator("GGS-PA-12").slots[0]
    assert (slot.value, slot.basis, slot.goal, slot.set_by) == (
        Decimal(8),
        "peer best",
        Decimal(2),
        ("Swat",),
    )


def test_missing_months_count_as_zero_and_show_in_completeness() -> None:
    observations = [obs("GGS-SD-39", SWAT, Month(2019, m), 90) for m in (7, 8, 9)]
    board = score(observations, YEAR.quarter(1), launch=LAUNCH, formula=_only(["GGS-SD-39"]))
    card = board.scorecard(SWAT)
    assert (card.expected, card.reported, card.completeness) == (3, 3, Decimal("100.00"))
    board = score(observations[:1], YEAR.quarter(1), launch=LAUNCH, formula=_only(["GGS-SD-39"]))
    card = board.scorecard(SWAT)
    assert card.completeness == Decimal("33.33")
    assert card.indicator("GGS-SD-39").score == Decimal("30.00")
    assert card.overall == Decimal("30.00")


def test_exclude_policy_scores_only_what_was_reported() -> None:
    formula = ScoringFormula.from_dict(
        {**_only(["GGS-SD-39"]).to_dict(), "id": "exclude", "missing": "exclude"}
    )
    board = score(
        [obs("GGS-SD-39", SWAT, Month(2019, 7), 90)],
        YEAR.quarter(1),
        launch=LAUNCH,
        formula=formula,
    )
    card = board.scorecard(SWAT)
    assert card.overall == Decimal("90.00")
    assert card.completeness == Decimal("33.33")


def test_reports_before_an_indicator_falls_due_are_not_scored() -> None:
    # GGS-OG-12 is mid-term: due six months after the launch
    board = score(
        [obs("GGS-OG-12", SWAT, Month(2019, 8), 5)],
        YEAR,
        launch=LAUNCH,
        formula=_only(["GGS-OG-12"]),
    )
    card = board.scorecard(SWAT)
    assert board.ignored == 1
    assert card.indicator("GGS-OG-12").expected == 6  # January to June 2020


def test_lower_is_better_and_targets() -> None:
    july = Month(2019, 7)
    fast, slow = Entity.department("Health"), Entity.department("Finance")
    formula = _only(["GGS-IT-06", "GGS-OG-21"], targets={"GGS-OG-21": "20"})
    board = score(
        [
            obs("GGS-IT-06", fast, july, 4),
            obs("GGS-IT-06", slow, july, 8),
            obs("GGS-OG-21", SWAT, july, 10),
            obs("GGS-OG-21", MARDAN, july, 40),
        ],
        july,
        launch=LAUNCH,
        formula=formula,
    )
    assert board.scorecard(fast).indicator("GGS-IT-06").score == Decimal("100.00")
    assert board.scorecard(slow).indicator("GGS-IT-06").score == Decimal("50.00")
    assert board.scorecard(SWAT).indicator("GGS-OG-21").score == Decimal("50.00")
    assert board.scorecard(MARDAN).indicator("GGS-OG-21").score == Decimal("100.00")


def test_pillar_weights_shape_the_overall_score() -> None:
    july = Month(2019, 7)
    data = [obs("GGS-SD-39", SWAT, july, 100), obs("GGS-PA-31", SWAT, july, 0)]
    even = score(data, july, launch=LAUNCH, formula=_only(["GGS-SD-39", "GGS-PA-31"]))
    assert even.scorecard(SWAT).overall == Decimal("50.00")
    weighted = _only(["GGS-SD-39", "GGS-PA-31"], pillar_weights={"SD": "3", "PA": "1"})
    assert score(data, july, launch=LAUNCH, formula=weighted).scorecard(SWAT).overall == Decimal(
        "75.00"
    )


def test_ranking_is_by_overall_score_with_shared_ranks_for_ties() -> None:
    july = Month(2019, 7)
    data = [
        obs("GGS-SD-39", SWAT, july, 70),
        obs("GGS-SD-39", MARDAN, july, 90),
        obs("GGS-SD-39", KOHAT, july, 70),
    ]
    board = score(data, july, launch=LAUNCH, formula=_only(["GGS-SD-39"]), entities=[FINANCE])
    assert [(c.entity.name, c.rank) for c in board.ranking()] == [
        ("Mardan", 1),
        ("Kohat", 2),
        ("Swat", 2),
    ]
    assert board.scorecard(FINANCE).overall is None  # nothing of it expected from a department


def test_bad_values_are_refused() -> None:
    with pytest.raises(ValidationError, match="percentage is at most 100"):
        score([obs("GGS-SD-39", SWAT, Month(2019, 7), 101)], YEAR, launch=LAUNCH)
    with pytest.raises(ValidationError, match="Yes/No"):
        score([obs("GGS-PA-31", SWAT, Month(2019, 7), 2)], YEAR, launch=LAUNCH)
    with pytest.raises(ValidationError, match="unknown indicator"):
        score([obs("GGS-OG-99", SWAT, Month(2019, 7), 1)], YEAR, launch=LAUNCH)
    with pytest.raises(ValidationError, match="give a financial year"):
        score([obs("GGS-PA-11", SWAT, Month(2019, 7), 1)], YEAR, launch=LAUNCH)


def test_the_default_formula_is_versioned_data() -> None:
    formula = default_formula()
    assert formula.label == "kpgov-default v2"
    assert ScoringFormula.from_dict(formula.to_dict()) == formula
    assert formula.missing is MissingData.ZERO
    assert formula.applies(load_catalogue()["GGS-OG-18"], EntityKind.DISTRICT)
    assert not formula.applies(load_catalogue()["GGS-SD-15"], EntityKind.DISTRICT)  # a TMA's
    assert formula.applies(load_catalogue()["GGS-SD-15"], EntityKind.TMA)


def _only(ids: list[str], **extra: object) -> ScoringFormula:
    """The default formula restricted to some indicators (to keep examples readable)."""
    data = default_formula().to_dict()
    data["id"] = "test"
    data["excluded"] = [i.id for i in load_catalogue() if i.id not in ids]
    data.update(extra)
    return ScoringFormula.from_dict(data)


# --- properties ------------------------------------------------------------------------

ENTITIES = [SWAT, MARDAN, KOHAT]
FORMULA = _only(MIX)


def _value(indicator: str, draw: st.DrawFn) -> Decimal:
    kind = load_catalogue()[indicator].measure_kind
    if kind is MeasureKind.YES_NO:
        return Decimal(draw(st.integers(0, 1)))
    if kind is MeasureKind.PERCENT:
        return draw(st.decimals(0, 100, places=1))
    return Decimal(draw(st.integers(0, 500)))


def _period(indicator: str, draw: st.DrawFn) -> Month | FinancialYear:
    if load_catalogue()[indicator].frequency is Frequency.YEARLY:
        return YEAR
    return Month(*draw(st.sampled_from([(2019, 7), (2019, 8), (2019, 12), (2020, 6)])))


@st.composite
def observations(draw: st.DrawFn) -> list[Observation]:
    """Observations with at most one report per slot (a second one is an error)."""
    out: dict[tuple[str, Entity, Month | FinancialYear], Observation] = {}
    for _ in range(draw(st.integers(0, 25))):
        indicator = draw(st.sampled_from(MIX))
        entity = draw(st.sampled_from(ENTITIES))
        period = _period(indicator, draw)
        out[(indicator, entity, period)] = Observation(
            indicator, entity, period, _value(indicator, draw)
        )
    return list(out.values())


def _score(data: list[Observation]) -> Scoreboard:
    return score(data, YEAR, launch=LAUNCH, formula=FORMULA, entities=ENTITIES)


@given(observations(), st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_the_order_of_the_input(
    data: list[Observation], rng: random.Random
) -> None:
    shuffled = list(data)
    rng.shuffle(shuffled)
    # fresh, equal entity objects must group exactly like the originals
    copies = [
        Observation(o.indicator_id, Entity(o.entity.kind, o.entity.name), o.period, o.value)
        for o in shuffled
    ]
    assert _score(data) == _score(shuffled) == _score(copies)


@given(observations())
def test_scores_stay_within_their_range(data: list[Observation]) -> None:
    board = score(data, YEAR, launch=LAUNCH, formula=FORMULA, entities=ENTITIES)
    ranks = []
    for card in board.scorecards:
        values = [card.overall, card.completeness]
        values += [p.score for p in card.pillars] + [i.score for i in card.indicators]
        values += [i.score for i in card.indices] + [i.points for i in card.indicators]
        values += [s.score for i in card.indicators for s in i.slots]
        for value in values:
            assert value is None or Decimal(0) <= value <= Decimal(100)
        assert 0 <= card.reported <= card.expected
        ranks.append(card.rank)
    assert sorted(r for r in ranks if r is not None)[0] == 1


def _best_value(indicator: str, draw: st.DrawFn) -> Decimal:
    kind = load_catalogue()[indicator].measure_kind
    if kind is MeasureKind.YES_NO:
        return Decimal(1)
    if kind is MeasureKind.PERCENT:
        return Decimal(100)
    return Decimal(draw(st.integers(0, 500)))  # any count adds to a higher-is-better count


@given(observations(), st.data())
def test_a_better_observation_never_lowers_the_entity_s_scores(
    data: list[Observation], extra: st.DataObject
) -> None:
    indicator = extra.draw(st.sampled_from(MIX))
    entity = extra.draw(st.sampled_from(ENTITIES))
    period = _period(indicator, extra.draw)
    slot = (indicator, entity, period)
    old = [o for o in data if (o.indicator_id, o.entity, o.period) == slot]
    value = max([_best_value(indicator, extra.draw), *(o.value for o in old)])
    better = Observation(indicator, entity, period, value)
    rest = [o for o in data if (o.indicator_id, o.entity, o.period) != slot]
    before = score(data, YEAR, launch=LAUNCH, formula=FORMULA).scorecard_or_none(entity)
    after = score([*rest, better], YEAR, launch=LAUNCH, formula=FORMULA).scorecard(entity)
    if before is None:
        return
    assert after.overall is not None
    assert before.overall is not None
    assert after.overall >= before.overall
    for old, new in zip(before.pillars, after.pillars, strict=True):
        assert (new.score or 0) >= (old.score or 0)
    old_score = before.indicator(indicator).score or Decimal(0)
    assert (after.indicator(indicator).score or Decimal(0)) >= old_score


@given(observations(), st.data())
def test_reporting_a_missing_slot_never_lowers_the_entity_s_score(
    data: list[Observation], extra: st.DataObject
) -> None:
    indicator = extra.draw(st.sampled_from(MIX))
    entity = extra.draw(st.sampled_from(ENTITIES))
    period = _period(indicator, extra.draw)
    if any((o.indicator_id, o.entity, o.period) == (indicator, entity, period) for o in data):
        return
    new = Observation(indicator, entity, period, _value(indicator, extra.draw))
    before = _score(data).scorecard(entity)
    after = _score([*data, new]).scorecard(entity)
    assert (after.overall or 0) >= (before.overall or 0)
    assert (after.completeness or 0) > (before.completeness or 0)


def test_pillar_index_names_come_from_the_strategy() -> None:
    board = score([], YEAR, launch=LAUNCH, entities=[SWAT])
    assert board.scorecard(SWAT).pillar(PillarCode.SD).names == ("Public Service Delivery Index",)


@given(observations())
def test_explanations_add_up_to_the_score_exactly(data: list[Observation]) -> None:
    for card in _score(data).scorecards:
        total = sum((i.points for i in card.indicators), Decimal(0))
        assert total == (card.overall or Decimal(0))
        for item in card.indicators:
            assert len(item.slots) == item.expected
            assert len(item.missing) == item.expected - item.reported


TARGETS = _only(MIX, targets={"GGS-OG-21": "50", "GGS-PA-11": "20", "GGS-CP-07": "10"})


@given(observations(), st.lists(st.integers(0, 500), min_size=1, max_size=3))
def test_with_fixed_targets_adding_an_entity_changes_no_other_score(
    data: list[Observation], values: list[int]
) -> None:
    newcomer = Entity.district("Bannu")
    extra = [
        obs(indicator, newcomer, Month(2019, 8), value)
        for indicator, value in zip(["GGS-OG-21", "GGS-SD-39", "GGS-CP-07"], values, strict=False)
        if not (indicator == "GGS-SD-39" and value > 100)
    ]
    before = score(data, YEAR, launch=LAUNCH, formula=TARGETS, entities=ENTITIES)
    after = score([*data, *extra], YEAR, launch=LAUNCH, formula=TARGETS, entities=ENTITIES)
    for card in before.scorecards:
        again = after.scorecard(card.entity)
        assert attrs.evolve(again, rank=None) == attrs.evolve(card, rank=None)


def test_every_scorecard_has_the_nine_named_indices() -> None:
    board = score([], YEAR, launch=LAUNCH, entities=[SWAT, FINANCE])
    for card in board.scorecards:
        assert [i.name for i in card.indices] == [i.name for i in named_indices()]
    assert len(named_indices()) == 9
    assert [i.name for i in named_indices()] == [
        name for p in load_catalogue().pillars for name in p.indices
    ]
