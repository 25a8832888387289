"""KPI scoring on an Arrow table agrees with :func:`kpgov.indicators.score` (issue 12)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("pyarrow")

from kpgov.columnar import observations_table, read_observations, score_table
from kpgov.errors import ValidationError
from kpgov.indicators import (
    Entity,
    Frequency,
    MeasureKind,
    Observation,
    default_formula,
    load_catalogue,
    score,
)
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
        value = Decimal(draw(st.integers(0, 10000))).scaleb(-2)
    else:
        value = Decimal(draw(st.integers(0, 60)))
    if indicator.frequency is Frequency.YEARLY:
        period: Month | FinancialYear = FinancialYear(draw(st.integers(2018, 2020)))
    else:
        period = Month(draw(st.sampled_from([2019, 2020])), draw(st.integers(1, 12)))
    return Observation(indicator.id, draw(st.sampled_from(ENTITIES)), period, value)


@given(st.lists(observations(), max_size=40), st.sampled_from([YEAR, Month(2019, 9)]))
def test_both_paths_give_the_same_scoreboard(obs: list[Observation], window: object) -> None:
    pure = score(obs, window, launch=LAUNCH, entities=ENTITIES[:2])  # type: ignore[arg-type]
    fast = score_table(
        observations_table(obs),
        window,
        launch=LAUNCH,
        entities=ENTITIES[:2],  # type: ignore[arg-type]
    )
    assert fast == pure


def test_a_bad_value_is_refused_as_the_pure_path_refuses_it() -> None:
    yes_no = next(i for i in INDICATORS if i.measure_kind is MeasureKind.YES_NO)
    obs = [Observation(yes_no.id, ENTITIES[0], Month(2019, 8), Decimal(0))]
    table = observations_table(obs)
    import pyarrow as pa

    table = table.set_column(4, "value", pa.array([Decimal(2)], table.schema.field("value").type))
    with pytest.raises(ValidationError, match="Yes/No value is 1 or 0"):
        score_table(table, YEAR, launch=LAUNCH)


def test_observations_read_from_csv(tmp_path: Path) -> None:
    percent = next(
        i
        for i in INDICATORS
        if i.measure_kind is MeasureKind.PERCENT and i.frequency is Frequency.MONTHLY
    )
    path = tmp_path / "obs.csv"
    path.write_text(
        "indicator,entity,period,value\n"
        f"{percent.id},Swat,2019-08,90\n{percent.id},Mardan,2019-08,60.5\n",
        encoding="utf-8",
    )
    table = read_observations(path)
    pure = score(
        [
            Observation(percent.id, Entity.district("Swat"), Month(2019, 8), Decimal(90)),
            Observation(percent.id, Entity.district("Mardan"), Month(2019, 8), Decimal("60.5")),
        ],
        YEAR,
        launch=LAUNCH,
        formula=default_formula(),
    )
    assert score_table(table, YEAR, launch=LAUNCH) == pure
