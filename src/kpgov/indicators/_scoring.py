"""Scorecards: completeness, pillar indices, an overall score and a ranking of districts.

:func:`score` is a pure function of its inputs (observations, window, launch date, formula,
entities, catalogue): the same inputs give the same scoreboard whatever their order. See
:mod:`kpgov.indicators._formula` for the default formula.

>>> from datetime import date
>>> from decimal import Decimal
>>> from kpgov.periods import Month
>>> a, b = Entity.district("Swat"), Entity.district("Mardan")
>>> obs = [
...     Observation("GGS-SD-39", a, Month(2019, 7), Decimal(90)),  # % of complaints resolved
...     Observation("GGS-SD-39", b, Month(2019, 7), Decimal(60)),
... ]
>>> board = score(obs, Month(2019, 7), launch=date(2019, 7, 1), entities=[a, b])
>>> card = board.scorecard(a)
>>> card.indicator("GGS-SD-39").score, board.scorecard(b).indicator("GGS-SD-39").score
(Decimal('90.00'), Decimal('60.00'))
>>> [(c.entity.name, c.rank) for c in board.ranking()]
[('Swat', 1), ('Mardan', 2)]
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Final

import attrs

from kpgov import _display
from kpgov.errors import NotFoundError, ValidationError
from kpgov.indicators._catalogue import (
    Catalogue,
    Frequency,
    Indicator,
    MeasureKind,
    PillarCode,
    load_catalogue,
)
from kpgov.indicators._formula import MissingData, ScoringFormula, default_formula
from kpgov.indicators._observations import (
    Entity,
    EntityKind,
    Observation,
    check_period,
    check_value,
)
from kpgov.indicators._schedule import ONCE, Slot, Window, expected_slots, window_months
from kpgov.periods import FinancialYear

__all__ = ["IndicatorScore", "PillarIndex", "Scoreboard", "Scorecard", "score"]

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_HUNDRED: Final = Decimal(100)
_PLACES: Final = Decimal("0.01")

# measure codes used in the hot loop
_YES_NO, _PERCENT, _COUNT = 0, 1, 2
# slot numbers besides the months' positions in the window
_YEAR_SLOT, _ONCE_SLOT = 100, 200


def _shown(ratio: Decimal) -> Decimal:
    """A 0..1 ratio on the 0-100 scale, rounded half-even to 2 places."""
    return (ratio * _HUNDRED).quantize(_PLACES, rounding=ROUND_HALF_EVEN)


@attrs.frozen
class IndicatorScore:
    """One indicator for one entity: expected and reported slots and the score (0-100)."""

    indicator_id: str
    pillar: PillarCode
    expected: int
    reported: int
    score: Decimal | None


@attrs.frozen
class PillarIndex:
    """A pillar's index for one entity (0-100), or None when nothing of it was expected.

    ``names`` are the performance indices the strategy names for the pillar.
    """

    pillar: PillarCode
    score: Decimal | None
    indicators: int
    names: tuple[str, ...] = ()


@attrs.frozen
class Scorecard:
    """An entity's scores for the window. ``completeness`` is reported / expected slots
    (0-100); ``rank`` is the competition rank among entities of the same kind."""

    entity: Entity
    expected: int
    reported: int
    completeness: Decimal | None
    pillars: tuple[PillarIndex, ...]
    overall: Decimal | None
    indicators: tuple[IndicatorScore, ...]
    rank: int | None = None

    @property
    def missing(self) -> int:
        return self.expected - self.reported

    def pillar(self, code: PillarCode | str) -> PillarIndex:
        wanted = PillarCode(code) if isinstance(code, str) else code
        return next(p for p in self.pillars if p.pillar is wanted)

    def indicator(self, indicator_id: str) -> IndicatorScore:
        for item in self.indicators:
            if item.indicator_id == indicator_id:
                return item
        raise NotFoundError(f"{indicator_id} is not scored for {self.entity}")

    def __repr__(self) -> str:
        subject = f"{self.entity}, overall {_display_cell(self.overall)}, rank {self.rank or '-'}"
        return _display.short("Scorecard", subject, count=len(self.indicators), noun="indicator")

    def _table(self) -> _display.Table:
        return _display.Table(
            f"Scorecard {self.entity}: overall {_display_cell(self.overall)}, rank "
            f"{self.rank or '-'}, {self.reported} of {self.expected} reports",
            ("pillar", "score", "indicators"),
            self.pillars,
            cells=lambda p: (p.pillar.value, _display_cell(p.score), p.indicators),
            numeric=(1, 2),
        )

    def _repr_html_(self) -> str:
        return _display.join_html(self._table())

    def _repr_markdown_(self) -> str:
        return _display.join_markdown(self._table())


@attrs.frozen
class Scoreboard:
    """The scorecards of every entity for one window, with what produced them."""

    formula: str
    window: str
    launch: date
    scorecards: tuple[Scorecard, ...]
    observations: int
    ignored: int

    def scorecard(self, entity: Entity) -> Scorecard:
        for card in self.scorecards:
            if card.entity == entity:
                return card
        raise NotFoundError(f"no scorecard for {entity}")

    def scorecard_or_none(self, entity: Entity) -> Scorecard | None:
        return next((card for card in self.scorecards if card.entity == entity), None)

    def ranking(self, kind: EntityKind = EntityKind.DISTRICT) -> tuple[Scorecard, ...]:
        """Scorecards of ``kind`` with an overall score, best first (ties by name)."""
        ranked = [c for c in self.scorecards if c.entity.kind is kind and c.rank is not None]
        return tuple(sorted(ranked, key=lambda c: (c.rank, c.entity.name)))

    def __repr__(self) -> str:
        subject = f"{self.window} ({self.formula})"
        return _display.short("Scoreboard", subject, count=len(self.scorecards), noun="scorecard")

    def _table(self) -> _display.Table:
        return _display.Table(
            f"Scorecards {self.window} ({self.formula}; launch {self.launch.isoformat()})",
            ("rank", "entity", "overall", "completeness", *(p.value for p in PillarCode)),
            sorted(
                self.scorecards, key=lambda c: (c.entity.kind.value, c.rank or 10**9, c.entity.name)
            ),
            cells=lambda c: (
                c.rank or "-",
                c.entity,
                _display_cell(c.overall),
                _display_cell(c.completeness),
                *(_display_cell(p.score) for p in c.pillars),
            ),
            numeric=range(2, 4 + len(PillarCode)),
        )

    def _repr_html_(self) -> str:
        return _display.join_html(self._table())

    def _repr_markdown_(self) -> str:
        return _display.join_markdown(self._table())


def _display_cell(value: Decimal | None) -> str:
    return "-" if value is None else str(value)


@attrs.frozen
class _Plan:
    """What the formula expects of one indicator in the window."""

    indicator: Indicator
    slots: tuple[int, ...]
    slot_set: frozenset[int]
    kinds: frozenset[EntityKind]
    weight: Decimal


def _measure_code(kind: MeasureKind) -> int:
    if kind is MeasureKind.YES_NO:
        return _YES_NO
    if kind is MeasureKind.PERCENT:
        return _PERCENT
    return _COUNT


def _window_label(window: Window) -> str:
    return str(window)


def score(
    observations: Iterable[Observation],
    window: Window,
    *,
    launch: date,
    formula: ScoringFormula | None = None,
    entities: Iterable[Entity] = (),
    catalogue: Catalogue | None = None,
) -> Scoreboard:
    """Score ``observations`` for ``window`` (a financial year, quarter or month).

    Every entity in ``entities`` or in the observations gets a scorecard. An observation of a
    slot the formula does not expect (before the indicator falls due, outside the window, an
    indicator not applicable to the entity) is counted in ``ignored``, not scored. Several
    observations of one slot are combined: counts add up, percentages and Yes/No are averaged.
    Raises ValidationError for an unknown indicator or a value that does not fit its measure.
    """
    cat = catalogue if catalogue is not None else load_catalogue()
    form = formula if formula is not None else default_formula()
    window_end = window.end
    measure: dict[str, int] = {i.id: _measure_code(i.measure_kind) for i in cat}

    # 1. group observations by (indicator, entity object, period object): the hot loop.
    # Keys use id() of the entity and period (the observations keep them alive) so that no
    # attrs __hash__ runs per observation; step 3 merges equal entities and periods.
    limits: dict[str, tuple[Decimal, bool]] = {i.id: _limits(i.measure_kind) for i in cat}
    groups: dict[tuple[str, int, int], list[Any]] = {}
    count = 0
    fields = operator.attrgetter(
        "indicator_id", "entity", "period", "value", "numerator", "denominator"
    )
    for indicator_id, entity, period, value, numerator, denominator in map(fields, observations):
        count += 1
        limit = limits.get(indicator_id)
        if limit is None:
            raise ValidationError(f"unknown indicator {indicator_id!r}", field="indicator")
        if (
            value < _ZERO
            or value > limit[0]
            or (limit[1] and value != _ZERO and value != _ONE)
            or numerator is not None
            or denominator is not None
        ):
            check_value(  # raises, unless only a (consistent) numerator brought us here
                Observation(indicator_id, entity, period, value, numerator, denominator),
                cat[indicator_id].measure_kind,
            )
        key = (indicator_id, id(entity), id(period))
        acc = groups.get(key)
        if acc is None:
            groups[key] = [value, 1, entity, period]
        else:
            acc[0] += value
            acc[1] += 1

    # 2. what is expected of each indicator, with slots as small integers: the position of a
    # month in the window, _YEAR_SLOT for the window's financial year, _ONCE_SLOT
    positions: dict[Slot, int] = {m: i for i, m in enumerate(window_months(window))}
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
    frequencies = {i.id: i.frequency for i in cat}

    # 3. combine groups into slot values; ignore what is not expected. Equal entities and
    # periods given as separate objects meet here (canonical entity, slot number).
    canonical: dict[Entity, Entity] = {e: e for e in entities}
    by_id: dict[int, Entity] = {}
    slot_sums: dict[tuple[str, int, int], list[Any]] = {}
    ignored = 0
    for (indicator_id, entity_id, _), (total, n, entity, period) in groups.items():
        canon = by_id.get(entity_id)
        if canon is None:
            canon = by_id[entity_id] = canonical.setdefault(entity, entity)
        plan = plans.get(indicator_id)
        frequency = frequencies[indicator_id]
        if (frequency is Frequency.YEARLY) is not (type(period) is FinancialYear) and (
            frequency is not Frequency.ONCE and frequency is not Frequency.UNKNOWN
        ):
            check_period(Observation(indicator_id, entity, period, _ZERO), frequency)
        if frequency is Frequency.ONCE:
            slot = _ONCE_SLOT if period.start <= window_end else None
        else:
            slot = positions.get(period)
        if (
            plan is None
            or slot is None
            or slot not in plan.slot_set
            or canon.kind not in plan.kinds
        ):
            ignored += n
            continue
        skey = (indicator_id, id(canon), slot)
        acc = slot_sums.get(skey)
        if acc is None:
            slot_sums[skey] = [total, n, canon.kind]
        else:
            acc[0] += total
            acc[1] += n

    # 4. the value of each reported slot: a sum for counts, a mean otherwise; and the best
    # value of each count among entities of the same kind
    values: dict[tuple[str, int, int], Decimal] = {}
    best: dict[tuple[str, int, EntityKind], Decimal] = {}
    for skey, (total, n, kind) in slot_sums.items():
        indicator_id, _, slot = skey
        value = values[skey] = _slot_value(total, n, measure[indicator_id])
        if measure[indicator_id] != _COUNT:
            continue
        bkey = (indicator_id, slot, kind)
        known = best.get(bkey)
        lower = indicator_id in form.lower_is_better
        if known is None or (value < known if lower else value > known):
            best[bkey] = value

    # 5. normalise to 0..1: counts against the best entity of the same kind (or a target)
    normalised: dict[tuple[str, int, int], Decimal] = {}
    for skey, value in values.items():
        indicator_id, _, slot = skey
        code = measure[indicator_id]
        if code == _YES_NO:
            normalised[skey] = value
        elif code == _PERCENT:
            normalised[skey] = value / _HUNDRED
        else:
            normalised[skey] = _count_score(
                value,
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
        window=_window_label(window),
        launch=launch,
        scorecards=_ranked(cards),
        observations=count,
        ignored=ignored,
    )


def _limits(kind: MeasureKind) -> tuple[Decimal, bool]:
    """The largest valid value of a measure, and whether it is Yes/No (0 or 1 only)."""
    if kind is MeasureKind.YES_NO:
        return _ONE, True
    if kind is MeasureKind.PERCENT:
        return _HUNDRED, False
    return Decimal("Infinity"), False


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
