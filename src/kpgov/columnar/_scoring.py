"""KPI scoring with the observations as an Arrow table (the columnar twin of
:func:`kpgov.indicators.score`).

:func:`score_table` validates the observations a column at a time, groups them by indicator,
entity and period with Arrow's hash aggregation (exact ``decimal128`` sums and counts), and
from those groups computes the scoreboard exactly as :func:`kpgov.indicators.score` does from
its own groups (steps 2-6 of that function, kept in step with it here: the property tests in
``tests/columnar`` assert that both give equal scoreboards). :func:`observations_table` and
:func:`read_observations` build the table from objects or from a CSV or Parquet file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any, Final

import attrs

from kpgov.columnar._arrow import pa, pc
from kpgov.errors import KpgovError, ParseError, ValidationError
from kpgov.indicators import (
    ONCE,
    Catalogue,
    Entity,
    EntityKind,
    Frequency,
    IndicatorScore,
    MeasureKind,
    MissingData,
    Observation,
    PillarCode,
    PillarIndex,
    Scoreboard,
    Scorecard,
    ScoringFormula,
    Slot,
    Window,
    default_formula,
    expected_slots,
    load_catalogue,
    parse_value,
    validate_observation,
)
from kpgov.periods import FinancialYear, Month

__all__ = ["OBSERVATION_COLUMNS", "observations_table", "read_observations", "score_table"]

#: The columns of an observations table (``entity_kind`` defaults to district).
OBSERVATION_COLUMNS: Final = ("indicator", "entity_kind", "entity", "period", "value")

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_HUNDRED: Final = Decimal(100)
_PLACES: Final = Decimal("0.01")
_YES_NO, _PERCENT, _COUNT = 0, 1, 2
_YEAR_SLOT, _ONCE_SLOT = 100, 200
_SCALE: Final = 10  # decimal places of the value column (percent_of keeps 10)
_DECIMAL: Final = pa.decimal128(38, _SCALE)


def _shown(ratio: Decimal) -> Decimal:
    return (ratio * _HUNDRED).quantize(_PLACES, rounding=ROUND_HALF_EVEN)


def _measure_code(kind: MeasureKind) -> int:
    if kind is MeasureKind.YES_NO:
        return _YES_NO
    if kind is MeasureKind.PERCENT:
        return _PERCENT
    return _COUNT


@attrs.frozen
class _Plan:
    indicator: Any
    slots: tuple[int, ...]
    slot_set: frozenset[int]
    kinds: frozenset[EntityKind]
    weight: Decimal


# ------------------------------------------------------------------------ the table


def observations_table(observations: Iterable[Observation]) -> Any:
    """Observations as an Arrow table of :data:`OBSERVATION_COLUMNS` (values exact)."""
    rows = list(observations)
    for obs in rows:
        if obs.numerator is not None or obs.denominator is not None:
            raise ValidationError(
                "the observations table holds values only: score observations with a "
                "numerator and denominator with kpgov.indicators.score",
                field="numerator",
            )
    return pa.table(
        {
            "indicator": pa.array([o.indicator_id for o in rows], pa.string()),
            "entity_kind": pa.array([o.entity.kind.value for o in rows], pa.string()),
            "entity": pa.array([o.entity.name for o in rows], pa.string()),
            "period": pa.array([str(o.period) for o in rows], pa.string()),
            "value": pa.array([o.value for o in rows], _DECIMAL),
        }
    )


def read_observations(path: str | Path, *, catalogue: Catalogue | None = None) -> Any:
    """Read an observations CSV or Parquet file (columns ``indicator``, ``entity``,
    ``period``, ``value`` and optionally ``entity_kind``) into a table, reading each distinct
    value text once with :func:`kpgov.indicators.parse_value` for its indicator's measure."""
    from pyarrow import csv, parquet

    name = str(path)
    cat = catalogue if catalogue is not None else load_catalogue()
    try:
        if name.endswith((".parquet", ".pq")):
            raw = parquet.read_table(name)
        else:
            raw = csv.read_csv(
                name,
                convert_options=csv.ConvertOptions(
                    column_types={c: pa.string() for c in OBSERVATION_COLUMNS},
                    strings_can_be_null=False,
                ),
            )
    except FileNotFoundError:
        raise ParseError("no such file", file=name) from None
    except (OSError, pa.ArrowInvalid) as exc:
        raise ParseError(f"cannot read the observations: {exc}", file=name) from None
    for column in ("indicator", "entity", "period", "value"):
        if column not in raw.column_names:
            raise ParseError(f"missing column {column!r}", file=name, row=1, field=column)
    text = {
        c: pc.utf8_trim_whitespace(pc.cast(raw.column(c), pa.string()))
        for c in ("indicator", "entity", "period", "value")
    }
    kinds = (
        pc.utf8_trim_whitespace(pc.cast(raw.column("entity_kind"), pa.string()))
        if "entity_kind" in raw.column_names
        else pa.array(["district"] * raw.num_rows, pa.string())
    )
    kinds = pc.if_else(pc.equal(kinds, ""), "district", kinds)
    pairs = (
        pa.table({"i": text["indicator"], "v": text["value"]}).group_by(["i", "v"]).aggregate([])
    )
    keys_i, keys_v, values = [], [], []
    for indicator_id, value_text in zip(
        pairs.column("i").to_pylist(), pairs.column("v").to_pylist(), strict=True
    ):
        try:
            indicator = cat[indicator_id]
            value = parse_value(value_text, indicator.measure_kind)
        except KpgovError as exc:
            row = _first_row(text["indicator"], text["value"], indicator_id, value_text)
            raise ParseError(exc.message, file=name, row=row, field=exc.field or "value") from None
        keys_i.append(indicator_id)
        keys_v.append(value_text)
        values.append(value)
    lookup = pa.table({"i": keys_i, "v": keys_v, "value": pa.array(values, _DECIMAL)})
    joined = (
        pa.table({"i": text["indicator"], "v": text["value"], "n": pa.array(range(raw.num_rows))})
        .join(lookup, ["i", "v"])
        .sort_by("n")
    )
    return pa.table(
        {
            "indicator": text["indicator"],
            "entity_kind": kinds,
            "entity": text["entity"],
            "period": text["period"],
            "value": joined.column("value"),
        }
    )


def _first_row(indicators: Any, values: Any, indicator_id: str, value_text: str) -> int:
    mask = pc.and_(pc.equal(indicators, indicator_id), pc.equal(values, value_text))
    return int(pc.indices_nonzero(mask)[0].as_py()) + 2  # the header is row 1


# ---------------------------------------------------------------------------- scoring


def _period(text: str, frequency: Frequency) -> Month | FinancialYear:
    if frequency is Frequency.YEARLY:
        return FinancialYear.parse(text)
    try:
        return Month.parse(text)
    except KpgovError:
        if frequency is Frequency.ONCE:
            return FinancialYear.parse(text)
        raise


def score_table(
    table: Any,
    window: Window,
    *,
    launch: date,
    formula: ScoringFormula | None = None,
    entities: Iterable[Entity] = (),
    catalogue: Catalogue | None = None,
) -> Scoreboard:
    """:func:`kpgov.indicators.score` of the observations in ``table`` (see the module
    docstring); the same scoreboard, from Arrow aggregates."""
    cat = catalogue if catalogue is not None else load_catalogue()
    form = formula if formula is not None else default_formula()
    window_end = window.end
    measure: dict[str, int] = {i.id: _measure_code(i.measure_kind) for i in cat}
    count = table.num_rows

    # 1. validate a column at a time, then group by (indicator, entity, period) in Arrow
    indicators = table.column("indicator")
    known = pa.array([i.id for i in cat], pa.string())
    unknown = pc.invert(pc.is_in(indicators, known))
    if pc.any(unknown).as_py():
        first = indicators[pc.indices_nonzero(unknown)[0].as_py()].as_py()
        raise ValidationError(f"unknown indicator {first!r}", field="indicator")
    value = table.column("value")
    yes_no = pa.array([i.id for i in cat if measure[i.id] == _YES_NO], pa.string())
    percent = pa.array([i.id for i in cat if measure[i.id] == _PERCENT], pa.string())
    zero, one, hundred = (pa.scalar(Decimal(v), value.type) for v in (0, 1, 100))
    bad = pc.or_(
        pc.less(value, zero),
        pc.or_(
            pc.and_(
                pc.is_in(indicators, yes_no),
                pc.and_(pc.not_equal(value, zero), pc.not_equal(value, one)),
            ),
            pc.and_(pc.is_in(indicators, percent), pc.greater(value, hundred)),
        ),
    )
    grouped = (
        pa.table(
            {
                "indicator": indicators,
                "entity_kind": table.column("entity_kind"),
                "entity": table.column("entity"),
                "period": table.column("period"),
                "value": value,
                "bad": bad,
            }
        )
        .group_by(["indicator", "entity_kind", "entity", "period"], use_threads=False)
        .aggregate([("value", "sum"), ("value", "count"), ("bad", "any")])
    )
    if pc.any(grouped.column("bad_any")).as_py():
        _raise_bad(table, bad, cat)

    # 2. what is expected of each indicator (as kpgov.indicators.score)
    months = (window,) if isinstance(window, Month) else window.months
    positions: dict[Slot, int] = {m: i for i, m in enumerate(months)}
    if isinstance(window, FinancialYear):
        positions[window] = _YEAR_SLOT
    positions[ONCE] = _ONCE_SLOT
    plans: dict[str, _Plan] = {}
    for indicator in cat:
        if indicator.id in form.excluded:
            continue
        slots = tuple(positions[slot] for slot in expected_slots(indicator, window, launch))
        kinds = frozenset(k for k in EntityKind if form.applies(indicator, k))
        if slots and kinds:
            plans[indicator.id] = _Plan(
                indicator, slots, frozenset(slots), kinds, form.weight(indicator.id)
            )

    # 3. each group's slot (one look per distinct indicator and period), then keep the
    # groups of expected slots with an Arrow join and add up the groups of one slot
    slot_of: dict[tuple[str, str], int] = {}
    pairs = grouped.select(["indicator", "period"]).group_by(["indicator", "period"]).aggregate([])
    for indicator_id, text in zip(
        pairs.column("indicator").to_pylist(), pairs.column("period").to_pylist(), strict=True
    ):
        frequency = cat[indicator_id].frequency
        period = _period(text, frequency)
        if (frequency is Frequency.YEARLY) is not (type(period) is FinancialYear) and (
            frequency is not Frequency.ONCE and frequency is not Frequency.UNKNOWN
        ):  # raises the error kpgov.indicators.score raises for a period of the wrong kind
            entity = Entity(EntityKind.DISTRICT, "-")
            validate_observation(Observation(indicator_id, entity, period, _ZERO), cat)
        if frequency is Frequency.ONCE:
            slot = _ONCE_SLOT if period.start <= window_end else None
        else:
            slot = positions.get(period)
        if slot is not None:
            slot_of[indicator_id, text] = slot
    for text in pc.unique(grouped.column("entity_kind")).to_pylist():
        if text not in {k.value for k in EntityKind}:
            raise ValidationError(
                f"entity_kind is district, division or department, not {text!r}",
                field="entity_kind",
            )
    slots = pa.table(
        {
            "indicator": pa.array([k[0] for k in slot_of], pa.string()),
            "period": pa.array([k[1] for k in slot_of], pa.string()),
            "slot": pa.array(list(slot_of.values()), pa.int32()),
        }
    )
    expected = [
        (indicator_id, slot, kind.value)
        for indicator_id, plan in plans.items()
        for slot in plan.slots
        for kind in plan.kinds
    ]
    allowed = pa.table(
        {
            "indicator": pa.array([e[0] for e in expected], pa.string()),
            "slot": pa.array([e[1] for e in expected], pa.int32()),
            "entity_kind": pa.array([e[2] for e in expected], pa.string()),
        }
    )
    kept = (
        grouped.join(slots, ["indicator", "period"], join_type="inner")
        .join(allowed, ["indicator", "slot", "entity_kind"], join_type="inner")
        .group_by(["indicator", "entity_kind", "entity", "slot"], use_threads=False)
        .aggregate([("value_sum", "sum"), ("value_count", "sum")])
    )
    reported = pc.sum(kept.column("value_count_sum")).as_py() or 0
    ignored = count - reported
    canonical: dict[Entity, Entity] = {e: e for e in entities}
    names = grouped.select(["entity_kind", "entity"]).group_by(["entity_kind", "entity"])
    names = names.aggregate([])
    for kind_text, name in zip(
        names.column("entity_kind").to_pylist(), names.column("entity").to_pylist(), strict=True
    ):
        entity = Entity(EntityKind(kind_text), name)
        canonical.setdefault(entity, entity)
    by_name = {(e.kind.value, e.name): e for e in canonical.values()}
    slot_sums: dict[tuple[str, int, int], list[Any]] = {}
    columns = kept.to_pydict()
    for indicator_id, kind_text, name, slot, total, n in zip(
        columns["indicator"],
        columns["entity_kind"],
        columns["entity"],
        columns["slot"],
        columns["value_sum_sum"],
        columns["value_count_sum"],
        strict=True,
    ):
        entity = by_name[kind_text, name]
        slot_sums[indicator_id, id(entity), slot] = [total, n, entity.kind]

    # 4. the value of each reported slot, and the best of each count per kind
    values: dict[tuple[str, int, int], Decimal] = {}
    best: dict[tuple[str, int, EntityKind], Decimal] = {}
    for skey, (total, n, kind) in slot_sums.items():
        indicator_id, _, slot = skey
        value_ = values[skey] = _slot_value(total, n, measure[indicator_id])
        if measure[indicator_id] != _COUNT:
            continue
        bkey = (indicator_id, slot, kind)
        seen = best.get(bkey)
        lower = indicator_id in form.lower_is_better
        if seen is None or (value_ < seen if lower else value_ > seen):
            best[bkey] = value_

    # 5. normalise to 0..1
    normalised: dict[tuple[str, int, int], Decimal] = {}
    for skey, value_ in values.items():
        indicator_id, _, slot = skey
        code = measure[indicator_id]
        if code == _YES_NO:
            normalised[skey] = value_
        elif code == _PERCENT:
            normalised[skey] = value_ / _HUNDRED
        else:
            normalised[skey] = _count_score(
                value_,
                best[(indicator_id, slot, slot_sums[skey][2])],
                form.targets.get(indicator_id),
                lower=indicator_id in form.lower_is_better,
            )

    # 6. scorecards, entity by entity in a fixed order
    pillar_names = {p.code: p.indices for p in cat.pillars}
    cards = [
        _scorecard(entity, plans, normalised, form, pillar_names)
        for entity in sorted(canonical.values(), key=lambda e: e.sort_key)
    ]
    return Scoreboard(
        formula=form.label,
        window=str(window),
        launch=launch,
        scorecards=_ranked(cards),
        observations=count,
        ignored=ignored,
    )


def _raise_bad(table: Any, bad: Any, cat: Catalogue) -> None:
    """Raise the error :func:`kpgov.indicators.score` raises for the first bad value."""
    index = pc.indices_nonzero(pc.fill_null(bad, False))[0].as_py()
    row = table.slice(index, 1).to_pylist()[0]
    entity = Entity(EntityKind(row["entity_kind"]), row["entity"])
    indicator = cat[row["indicator"]]
    period = _period(row["period"], indicator.frequency)
    validate_observation(Observation(row["indicator"], entity, period, row["value"]), cat)
    raise ValidationError(f"bad value {row['value']}", field="value")  # pragma: no cover


def _slot_value(total: object, n: object, code: int) -> Decimal:
    """A slot's value from its [sum, count] accumulator: the sum of a count, else the mean."""
    if not isinstance(total, Decimal) or not isinstance(n, int):  # pragma: no cover
        raise TypeError("accumulator holds [Decimal, int]")
    return total if code == _COUNT else total / n


def _count_score(value: Decimal, best: Decimal, target: Decimal | None, *, lower: bool) -> Decimal:
    if lower:
        goal = target if target is not None else best
        if value <= goal:
            return _ONE
        return goal / value
    goal = target if target is not None else best
    if goal <= _ZERO:
        return _ZERO
    return min(value / goal, _ONE)


def _mean(pairs: Sequence[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Weighted mean of (value, weight) pairs; None when the weights sum to 0."""
    weight = sum((w for _, w in pairs), _ZERO)
    if weight == 0:
        return None
    return sum((v * w for v, w in pairs), _ZERO) / weight


def _scorecard(
    entity: Entity,
    plans: Mapping[str, _Plan],
    normalised: Mapping[tuple[str, int, int], Decimal],
    form: ScoringFormula,
    pillar_names: Mapping[PillarCode, tuple[str, ...]],
) -> Scorecard:
    expected = reported = 0
    items: list[IndicatorScore] = []
    by_pillar: dict[PillarCode, list[tuple[Decimal, Decimal]]] = {p: [] for p in PillarCode}
    for indicator_id, plan in plans.items():
        if entity.kind not in plan.kinds:
            continue
        got = [normalised.get((indicator_id, id(entity), slot)) for slot in plan.slots]
        present = [v for v in got if v is not None]
        expected += len(got)
        reported += len(present)
        if form.missing is MissingData.ZERO:
            ratio: Decimal | None = sum(present, _ZERO) / len(got)
        else:
            ratio = sum(present, _ZERO) / len(present) if present else None
        pillar = plan.indicator.pillar
        if ratio is not None:
            by_pillar[pillar].append((ratio, plan.weight))
        items.append(
            IndicatorScore(
                indicator_id,
                pillar,
                len(got),
                len(present),
                None if ratio is None else _shown(ratio),
            )
        )
    pillars: list[PillarIndex] = []
    overall_pairs: list[tuple[Decimal, Decimal]] = []
    for code in PillarCode:
        ratio = _mean(by_pillar[code])
        pillars.append(
            PillarIndex(
                code,
                None if ratio is None else _shown(ratio),
                len(by_pillar[code]),
                pillar_names.get(code, ()),
            )
        )
        if ratio is not None:
            overall_pairs.append((ratio, form.pillar_weights.get(code, _ZERO)))
    overall = _mean(overall_pairs)
    return Scorecard(
        entity=entity,
        expected=expected,
        reported=reported,
        completeness=_shown(Decimal(reported) / expected) if expected else None,
        pillars=tuple(pillars),
        overall=None if overall is None else _shown(overall),
        indicators=tuple(items),
    )


def _ranked(cards: list[Scorecard]) -> tuple[Scorecard, ...]:
    """Competition ranks (1, 2, 2, 4) by overall score within each entity kind."""
    ranks: dict[Entity, int] = {}
    for kind in EntityKind:
        scored = sorted(
            (c for c in cards if c.entity.kind is kind and c.overall is not None),
            key=lambda c: (-(c.overall or _ZERO), c.entity.name),
        )
        previous: Decimal | None = None
        rank = 0
        for position, card in enumerate(scored, start=1):
            if card.overall != previous:
                rank, previous = position, card.overall
            ranks[card.entity] = rank
    return tuple(attrs.evolve(c, rank=ranks.get(c.entity)) for c in cards)
