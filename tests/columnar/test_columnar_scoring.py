"""KPI observations read a column at a time and scored give the scoreboard of
:func:`kpgov.indicators.score` on the same observations (issue 12)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("pyarrow")

from kpgov.columnar import (
    observations_table,
    read_observations,
    score_table,
    table_observations,
)
from kpgov.errors import KpgovError, ParseError
from kpgov.indicators import (
    Entity,
    Frequency,
    MeasureKind,
    MissingData,
    Observation,
    ScoringFormula,
    default_formula,
    load_catalogue,
    score,
)
from kpgov.io.indicators import load_observations
from kpgov.periods import FinancialYear, Month

CATALOGUE = load_catalogue()
YEAR = FinancialYear(2019)
LAUNCH = date(2019, 3, 1)
ENTITIES = [Entity.district(n) for n in ("Swat", "Mardan", "Kohat")] + [Entity.division("Malakand")]
INDICATORS = [
    i
    for i in CATALOGUE
    if i.frequency in (Frequency.MONTHLY, Frequency.REAL_TIME, Frequency.YEARLY, Frequency.ONCE)
]


@st.composite
def observations(draw: st.DrawFn) -> Observation:
    indicator = draw(st.sampled_from(INDICATORS))
    kind = indicator.measure_kind
    if kind is MeasureKind.YES_NO:
        value = Decimal(draw(st.integers(0, 1)))
    elif kind is MeasureKind.PERCENT:
        value = Decimal(draw(st.integers(0, 10000))).scaleb(-draw(st.sampled_from([0, 2])))
        value = min(value, Decimal(100))
    else:
        value = Decimal(draw(st.integers(0, 60)))
    if indicator.frequency is Frequency.YEARLY:
        period: Month | FinancialYear = FinancialYear(draw(st.integers(2018, 2020)))
    else:
        period = Month(draw(st.sampled_from([2019, 2020])), draw(st.integers(1, 12)))
    return Observation(indicator.id, draw(st.sampled_from(ENTITIES)), period, value)


@given(st.lists(observations(), max_size=40), st.sampled_from([YEAR, Month(2019, 9)]))
def test_both_paths_give_the_same_scoreboard(obs: list[Observation], window: object) -> None:
    table = observations_table(obs)
    assert table_observations(table) == obs
    try:
        pure = score(obs, window, launch=LAUNCH, entities=ENTITIES[:2])  # type: ignore[arg-type]
    except KpgovError as exc:  # two reports of one slot: both paths refuse them alike
        with pytest.raises(type(exc), match=re.escape(exc.message)):
            score_table(table, window, launch=LAUNCH, entities=ENTITIES[:2])  # type: ignore[arg-type]
        return
    fast = score_table(table, window, launch=LAUNCH, entities=ENTITIES[:2])  # type: ignore[arg-type]
    assert fast == pure


def _percent_indicator() -> str:
    return next(
        i.id
        for i in INDICATORS
        if i.measure_kind is MeasureKind.PERCENT and i.frequency is Frequency.MONTHLY
    )


def test_a_file_reads_as_the_loader_reads_it(tmp_path: Path) -> None:
    percent = _percent_indicator()
    path = tmp_path / "obs.csv"
    path.write_text(
        "indicator,entity,period,value\n"
        f"{percent},Swat,2019-08,90\n{percent},Mardan,2019-08,60.50\n",
        encoding="utf-8",
    )
    loaded = load_observations(path)
    read = table_observations(read_observations(path))
    assert read == loaded
    assert [str(o.value) for o in read] == ["90", "60.50"]
    assert [o.source for o in read] == [o.source for o in loaded]
    assert score_table(read_observations(path), YEAR, launch=LAUNCH) == score(
        loaded, YEAR, launch=LAUNCH
    )


def test_a_bad_value_names_its_row(tmp_path: Path) -> None:
    percent = _percent_indicator()
    path = tmp_path / "obs.csv"
    path.write_text(
        f"indicator,entity,period,value\n{percent},Swat,2019-08,90\n{percent},Swat,2019-09,x\n",
        encoding="utf-8",
    )
    with pytest.raises(ParseError) as caught:
        read_observations(path)
    assert caught.value.location.row == 3


# -- the columnar scorer's branches: peer bests (ties, kinds, scales), targets, less is better,
# monthly / real-time / yearly / one-off / unknown frequencies, periods outside the window,
# partly and fully reported indicators, duplicates, districts and divisions, two formulas

FOCUS = [
    CATALOGUE[i]
    for i in (
        "GGS-OG-01",  # yes/no, real time, districts and divisions
        "GGS-OG-12",  # count, real time: a peer best per kind
        "GGS-SD-14",  # count, monthly, districts
        "GGS-SD-50",  # count, monthly, divisions
        "GGS-SD-02",  # percent, monthly
        "GGS-OG-16",  # percent, real time
        "GGS-PA-01",  # yes/no, monthly
        "GGS-PA-11",  # count, yearly
        "GGS-IT-10",  # count, once
        "GGS-IT-17",  # unspecified measure: scaled against the peer best
        "GGS-IT-01",  # unknown frequency: never due
        "GGS-IT-06",  # less is better in the default formula
    )
]
PLACES = [Entity.district(n) for n in ("Swat", "Mardan", "Kohat", "Lower Dir", "Upper Dir")] + [
    Entity.division(n) for n in ("Malakand", "Kohat")
]
VARIANT = attrs.evolve(
    default_formula(),
    missing=MissingData.EXCLUDE,
    targets={"GGS-SD-14": Decimal(7), "GGS-SD-02": Decimal(80), "GGS-IT-06": Decimal(3)},
    lower_is_better=default_formula().lower_is_better | {"GGS-OG-12", "GGS-SD-02"},
    indicator_weights={**default_formula().indicator_weights, "GGS-OG-01": Decimal("2.5")},
    excluded=frozenset({"GGS-PA-01"}),
)


@st.composite
def focused(draw: st.DrawFn) -> Observation:
    indicator = draw(st.sampled_from(FOCUS) | st.sampled_from(INDICATORS))
    kind = indicator.measure_kind
    if kind is MeasureKind.YES_NO:
        value = Decimal(draw(st.integers(0, 1)))
    elif kind is MeasureKind.PERCENT:
        value = Decimal(draw(st.sampled_from([0, 50, 80, 9050, 10000]))).scaleb(
            -draw(st.sampled_from([0, 2]))
        )
        value = min(value, Decimal(100))
    else:  # few distinct counts, so peers tie; "3.0" is a whole number written with a place
        value = Decimal(draw(st.integers(0, 4))).quantize(draw(st.sampled_from([_ONE, _TENTH])))
    if indicator.frequency is Frequency.YEARLY or (
        indicator.frequency is Frequency.ONCE and draw(st.booleans())
    ):
        period: Month | FinancialYear = FinancialYear(draw(st.integers(2018, 2020)))
    else:
        period = Month(draw(st.sampled_from([2019, 2020])), draw(st.sampled_from([1, 3, 8, 9])))
    return Observation(indicator.id, draw(st.sampled_from(PLACES)), period, value)


_ONE, _TENTH = Decimal(1), Decimal("0.1")


@given(
    st.lists(focused(), max_size=80),
    st.booleans(),
    st.sampled_from([YEAR, Month(2019, 9), FinancialYear(2020)]),
    st.sampled_from([default_formula(), VARIANT]),
    st.lists(st.sampled_from(PLACES), max_size=3),
)
def test_both_paths_agree_on_every_branch(
    obs: list[Observation],
    unique: bool,
    window: object,
    formula: ScoringFormula,
    listed: list[Entity],
) -> None:
    if unique:  # most sets have no duplicate, so the scoring itself is compared
        seen: set[tuple[str, Entity, object]] = set()
        obs = [
            o
            for o in obs
            if (o.indicator_id, o.entity, o.period) not in seen
            and not seen.add((o.indicator_id, o.entity, o.period))  # type: ignore[func-returns-value]
        ]
    table = observations_table(obs)
    kwargs = {"launch": LAUNCH, "formula": formula, "entities": listed}
    try:
        pure = score(obs, window, **kwargs)  # type: ignore[arg-type]
    except KpgovError as exc:
        with pytest.raises(type(exc), match=re.escape(exc.message)):
            score_table(table, window, **kwargs)  # type: ignore[arg-type]
        return
    fast = score_table(table, window, **kwargs)  # type: ignore[arg-type]
    assert fast == pure
    # equal explanations, down to how each value and goal is written
    assert [repr(c.indicators) for c in fast.scorecards] == [
        repr(c.indicators) for c in pure.scorecards
    ]


def test_a_peer_best_tie_names_every_setter_and_keeps_the_first_scale() -> None:
    month = Month(2019, 8)
    obs = [
        Observation("GGS-SD-14", PLACES[1], month, Decimal("4.0")),
        Observation("GGS-SD-14", PLACES[0], month, Decimal("4")),
        Observation("GGS-SD-14", PLACES[2], month, Decimal("2")),
    ]
    board = score_table(observations_table(obs), YEAR, launch=LAUNCH)
    assert board == score(obs, YEAR, launch=LAUNCH)
    slots = board.scorecard(PLACES[2]).indicator("GGS-SD-14").slots
    slot = next(s for s in slots if s.slot == "2019-08")
    assert (slot.basis, str(slot.goal), slot.set_by) == (
        "peer best",
        "4.0",
        ("Mardan", "Swat"),
    )
    assert slot.score == Decimal("50.00")
