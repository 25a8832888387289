"""KPI observations read a column at a time and scored give the scoreboard of
:func:`kpgov.indicators.score` on the same observations (issue 12)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

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
    Observation,
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
