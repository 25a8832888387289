"""Scorecards: completeness, the nine named indices, pillar indices, an overall score, a
ranking, and an explanation of every score that adds up to it.

:func:`score` is a pure function of its inputs (observations, window, launch date, formula,
entities, catalogue): the same inputs give the same scoreboard whatever their order. It is the
reference the columnar scorer (``kpgov.columnar``) must agree with. Scores are computed with
exact fractions and shown on a 0-100 scale rounded half-even to 2 places.

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
>>> sum(i.points for i in card.indicators) == card.overall
True
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from typing import Any, Final

import attrs

from kpgov import _display
from kpgov.errors import Location, NotFoundError, ValidationError
from kpgov.indicators._actors import Actor
from kpgov.indicators._catalogue import (
    Catalogue,
    Frequency,
    Indicator,
    MeasureKind,
    PillarCode,
    load_catalogue,
)
from kpgov.indicators._entities import Entity, EntityKind
from kpgov.indicators._formula import MissingData, ScoringFormula, default_formula
from kpgov.indicators._observations import Observation, check_period, check_value
from kpgov.indicators._schedule import ONCE, Slot, Window, expected_slots

__all__ = [
    "Baseline",
    "IndicatorScore",
    "NamedIndex",
    "NamedIndexScore",
    "PillarIndex",
    "Scoreboard",
    "Scorecard",
    "SlotScore",
    "baselines",
    "named_indices",
    "score",
]

_ZERO: Final = Fraction(0)
_ONE: Final = Fraction(1)
_HUNDRED: Final = Fraction(100)


def _shown(ratio: Fraction) -> Decimal:
    """A 0..1 ratio on the 0-100 scale, rounded half-even to 2 places (``round(ratio *
    10000)`` in integers: a Fraction's hash, for a cache, costs more than the division)."""
    whole, rest = divmod(ratio.numerator * 10000, ratio.denominator)
    twice = 2 * rest
    if twice > ratio.denominator or (twice == ratio.denominator and whole % 2):
        whole += 1
    return _hundredths(whole)


@functools.lru_cache(maxsize=16384)
def _hundredths(whole: int) -> Decimal:
    """``whole`` hundredths as a Decimal with 2 places (cached: scores repeat)."""
    return Decimal(whole).scaleb(-2)


# --- the named indices -------------------------------------------------------------------


@attrs.frozen
class NamedIndex:
    """One of the nine performance indices the strategy names, as data: the name as spelled
    in the source, its pillar, the table sections read as its members, and that reading."""

    name: str
    pillar: PillarCode
    sections: tuple[str, ...]
    reading: str

    def members(self, catalogue: Catalogue | None = None) -> tuple[str, ...]:
        """The ids of the member indicators (those in the index's sections)."""
        cat = catalogue if catalogue is not None else load_catalogue()
        return tuple(i.id for i in cat.in_pillar(self.pillar) if i.intervention in self.sections)


@attrs.frozen
class Baseline:
    """A figure a pillar page states ("86%  Average resolution on Citizen's portal"):
    ``value`` is empty where the extracted text does not tie a figure to the label."""

    pillar: PillarCode
    label: str
    value: str
    written: str
    reading: str
    indicator: str = ""


def _indices_data() -> dict[str, Any]:
    text = resources.files("kpgov.data.indicators").joinpath("indices.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@functools.cache
def named_indices() -> tuple[NamedIndex, ...]:
    """The nine named indices (``indices.json``), in the order of the pillar pages.

    >>> [(i.pillar.value, i.name) for i in named_indices()][:2]
    [('OG', 'Government Transparency Index'), ('OG', 'Open Government Index')]
    >>> len(named_indices()), sum(len(i.members()) for i in named_indices())
    (9, 205)
    """
    return tuple(
        NamedIndex(d["name"], PillarCode(d["pillar"]), tuple(d["sections"]), d["reading"])
        for d in _indices_data()["indices"]
    )


@functools.cache
def baselines() -> tuple[Baseline, ...]:
    """The figures the pillar pages state, with how each was read (``indices.json``).

    >>> [(b.label, b.value) for b in baselines() if b.indicator == "GGS-CP-01"]
    [("Average resolution on Citizen's portal", '86%')]
    """
    return tuple(
        Baseline(
            PillarCode(d["pillar"]),
            d["label"],
            d["value"],
            d["written"],
            d["reading"],
            d["indicator"],
        )
        for d in _indices_data()["baselines"]
    )


@functools.cache
def _index_of(catalogue: Catalogue) -> Mapping[str, str]:
    return {member: index.name for index in named_indices() for member in index.members(catalogue)}


# --- results -----------------------------------------------------------------------------


@attrs.frozen
class SlotScore:
    """One expected report: the slot, the raw value (None when missing), how it was
    normalised (``basis``: ``yes/no``, ``percent``, ``target``, ``peer best``, ``missing``),
    the goal it was scaled against and who set a peer best, and its score (0-100)."""

    slot: str
    value: Decimal | None
    basis: str
    goal: Decimal | None
    set_by: tuple[str, ...]
    score: Decimal | None


@attrs.frozen
class IndicatorScore:
    """One indicator for one entity: expected and reported slots, the score (0-100) and its
    explanation: the named index it counts in, the direction, the weight, each slot, and
    ``points``, its share of the overall score (the points of a scorecard add up to its
    overall score exactly)."""

    indicator_id: str
    pillar: PillarCode
    expected: int
    reported: int
    score: Decimal | None
    index: str = ""
    direction: str = "more"
    weight: Decimal = Decimal(1)
    slots: tuple[SlotScore, ...] = ()
    points: Decimal = Decimal(0)

    @property
    def missing(self) -> tuple[str, ...]:
        """The slots whose reports are missing."""
        return tuple(s.slot for s in self.slots if s.value is None)


@attrs.frozen
class PillarIndex:
    """A pillar's index for one entity (0-100), or None when nothing of it was expected.
    ``indicators`` is how many indicators count in it, ``weight`` the pillar's weight."""

    pillar: PillarCode
    score: Decimal | None
    indicators: int
    names: tuple[str, ...] = ()
    weight: Decimal = Decimal(1)


@attrs.frozen
class NamedIndexScore:
    """A named index for one entity: the weighted mean of its member indicators the entity
    owes (0-100), or None when it owes none of them."""

    name: str
    pillar: PillarCode
    score: Decimal | None
    indicators: int


@attrs.frozen
class Scorecard:
    """An entity's scores for the window. ``completeness`` is reported / expected slots
    (0-100); ``rank`` is the competition rank among entities of the same kind; ``indices``
    are the nine named indices, always all nine."""

    entity: Entity
    expected: int
    reported: int
    completeness: Decimal | None
    pillars: tuple[PillarIndex, ...]
    overall: Decimal | None
    indicators: tuple[IndicatorScore, ...]
    rank: int | None = None
    indices: tuple[NamedIndexScore, ...] = ()

    @property
    def missing(self) -> int:
        return self.expected - self.reported

    def pillar(self, code: PillarCode | str) -> PillarIndex:
        wanted = PillarCode(code) if isinstance(code, str) else code
        return next(p for p in self.pillars if p.pillar is wanted)

    def index(self, name: str) -> NamedIndexScore:
        for item in self.indices:
            if item.name == name:
                return item
        raise NotFoundError(f"no index {name!r}")

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


# --- scoring -----------------------------------------------------------------------------


@attrs.frozen
class _Plan:
    """What the formula expects of one indicator in the window, worked out once per run:
    the slots (and each slot's position among them), who owes it, and the missing-slot
    explanations an entity that reported nothing shares."""

    indicator: Indicator
    slots: tuple[Slot, ...]
    weight: Decimal
    lower: bool
    target: Decimal | None
    actors: tuple[Actor, ...]
    labels: tuple[str, ...] = ()
    missing: tuple[SlotScore, ...] = ()
    positions: Mapping[Slot, int] = attrs.field(factory=dict, eq=False)
    index: str = ""
    direction: str = "more"

    def owed_by(self, entity: Entity) -> bool:
        return any(actor.matches(entity) for actor in self.actors)


def _slot_label(slot: Slot) -> str:
    return "once" if slot == ONCE else str(slot)


def _plans(window: Window, launch: date, form: ScoringFormula, cat: Catalogue) -> dict[str, _Plan]:
    """What ``form`` expects of each indicator in ``window`` (only those with a slot due in
    it), in catalogue order; refuses a window that ends before the launch."""
    if window.end < launch:
        raise ValidationError(
            f"the window {window} ends before the launch ({launch.isoformat()}): nothing is "
            "due in it",
            field="launch",
        )
    index_of = _index_of(cat)
    plans: dict[str, _Plan] = {}
    for indicator in cat:
        if indicator.id in form.excluded:
            continue
        slots = expected_slots(indicator, window, launch)
        if slots:
            labels = tuple(_slot_label(slot) for slot in slots)
            plans[indicator.id] = _Plan(
                indicator,
                slots,
                form.weight(indicator.id),
                indicator.id in form.lower_is_better,
                form.targets.get(indicator.id),
                form.responsibility(indicator).actors,
                labels,
                tuple(SlotScore(label, None, "missing", None, (), None) for label in labels),
                {slot: n for n, slot in enumerate(slots)},
                index_of.get(indicator.id, ""),
                form.direction(indicator.id),
            )
    return plans


def _owes(plans: Mapping[str, _Plan]) -> Callable[[Entity], list[_Plan]]:
    """The plans an entity owes, in plan order (only plans with an actor of the entity's kind
    can be owed by it)."""
    by_kind = {
        kind: [p for p in plans.values() if any(a.kind is kind for a in p.actors)]
        for kind in EntityKind
    }

    def owes(entity: Entity) -> list[_Plan]:
        return [p for p in by_kind[entity.kind] if p.owed_by(entity)]

    return owes


def _peer_scaled(plan: _Plan) -> bool:
    """Whether a report of ``plan`` is scaled against the best peer of its slot (a count
    without a target)."""
    return plan.target is None and plan.indicator.measure_kind not in (
        MeasureKind.YES_NO,
        MeasureKind.PERCENT,
    )


def _indicator_ratio(
    missing: MissingData, total: Fraction, reported: int, expected: int
) -> Fraction | None:
    """An indicator's ratio from the sum of its reported slots' ratios: over every expected
    slot when a missing report counts as 0, else over the reported ones (None if none)."""
    if missing is MissingData.ZERO:
        return total / expected if reported else _ZERO
    return total / reported if reported else None


def score(
    observations: Iterable[Observation],
    window: Window,
    *,
    launch: date,
    formula: ScoringFormula | None = None,
    entities: Iterable[Entity] = (),
    catalogue: Catalogue | None = None,
) -> Scoreboard:
    """Score ``observations`` for ``window`` (a financial year, quarter, run of months or
    month).

    Every entity in ``entities`` or in the observations gets a scorecard. An observation of a
    slot the formula does not expect (before the indicator falls due, outside the window, an
    indicator the entity does not owe) is counted in ``ignored``, not scored. Raises
    ValidationError for an unknown indicator, a value that does not fit its measure, two
    reports of one slot by one entity, or a window that ends before the launch.
    """
    cat = catalogue if catalogue is not None else load_catalogue()
    form = formula if formula is not None else default_formula()
    plans = _plans(window, launch, form, cat)
    window_end = window.end

    # 1. each observation to its slot (by position in its plan); refuse bad values and a
    # second report of a slot. Every slot a plan expects lies in the window, so a period
    # outside the window is simply not among the plan's positions.
    canonical: dict[Entity, Entity] = {e: e for e in entities}
    owed: dict[tuple[str, Entity], bool] = {}
    reports: dict[tuple[str, Entity, int], tuple[Decimal, Location | None]] = {}
    count = ignored = 0
    for obs in observations:
        count += 1
        if obs.indicator_id not in cat:
            raise ValidationError(f"unknown indicator {obs.indicator_id!r}", field="indicator")
        indicator = cat[obs.indicator_id]
        check_value(obs, indicator.measure_kind)
        frequency = indicator.frequency
        if frequency not in (Frequency.ONCE, Frequency.UNKNOWN):
            check_period(obs, frequency)
        entity = canonical.setdefault(obs.entity, obs.entity)
        plan = plans.get(obs.indicator_id)
        if plan is None:
            ignored += 1
            continue
        position: int | None
        if frequency is Frequency.ONCE:
            position = plan.positions.get(ONCE) if obs.period.start <= window_end else None
        else:
            position = plan.positions.get(obs.period)
        key = (obs.indicator_id, entity)
        if key not in owed:
            owed[key] = plan.owed_by(entity)
        if position is None or not owed[key]:
            ignored += 1
            continue
        rkey = (obs.indicator_id, entity, position)
        if rkey in reports:
            first = reports[rkey][1]
            where = f" (first at {first.compact()})" if first else ""
            raise ValidationError(
                f"two reports of {obs.indicator_id} by {entity} for {plan.labels[position]}"
                f"{where}: keep one (the DC validates the data before it is submitted)",
                field="period",
            )
        reports[rkey] = (obs.value, obs.source)

    # 2. the peer best of each count without a target, per slot and entity kind, and who set it
    best: dict[tuple[str, int, EntityKind], tuple[Decimal, list[str]]] = {}
    for (indicator_id, entity, position), (value, _) in reports.items():
        plan = plans[indicator_id]
        if not _peer_scaled(plan):
            continue
        bkey = (indicator_id, position, entity.kind)
        known = best.get(bkey)
        if known is None or (value < known[0] if plan.lower else value > known[0]):
            best[bkey] = (value, [entity.name])
        elif value == known[0]:
            known[1].append(entity.name)

    # 3. scorecards, entity by entity in a fixed order; each entity's reports by indicator
    # and slot position, so that an indicator it did not report costs one lookup
    by_entity: dict[Entity, dict[str, dict[int, Decimal]]] = {}
    for (indicator_id, entity, position), (value, _) in reports.items():
        by_entity.setdefault(entity, {}).setdefault(indicator_id, {})[position] = value
    peers = {key: (value, tuple(sorted(names))) for key, (value, names) in best.items()}
    owes = _owes(plans)
    cards = [
        _scorecard(entity, owes(entity), by_entity.get(entity, {}), peers, form, cat)
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


def _normalise(
    plan: _Plan, value: Decimal, peer: tuple[Decimal, tuple[str, ...]] | None
) -> tuple[Fraction, Decimal, str, Decimal | None, tuple[str, ...]]:
    """A reported value as a 0..1 ratio and as shown, with its basis, goal and who set a
    peer best."""
    kind, lower = plan.indicator.measure_kind, plan.lower
    if kind is MeasureKind.YES_NO:
        return *_ratio(kind, lower, value, None), "yes/no", None, ()
    set_by: tuple[str, ...] = ()
    if plan.target is not None:
        goal, basis = plan.target, "target"
    elif kind is MeasureKind.PERCENT:
        basis = "percent (less is better)" if lower else "percent"
        return *_ratio(kind, lower, value, None), basis, None, ()
    else:
        assert peer is not None  # every reported count has a peer best
        goal, basis, set_by = peer[0], "peer best", peer[1]
    return *_ratio(kind, lower, value, goal), basis, goal, set_by


@functools.lru_cache(maxsize=65536)
def _ratio(
    kind: MeasureKind, lower: bool, value: Decimal, goal: Decimal | None
) -> tuple[Fraction, Decimal]:
    """``value`` as an exact 0..1 ratio and as shown (cached: reported values and goals
    repeat): a Yes/No as is, a percentage over 100 when there is no ``goal``, else against
    the goal (at most it is best when less is better, at least it when more is)."""
    v = Fraction(value)
    if goal is None and kind is MeasureKind.YES_NO:
        ratio = v if not lower else _ONE - v
    elif goal is None:
        ratio = _ONE - v / _HUNDRED if lower else v / _HUNDRED
    elif lower:
        g = Fraction(goal)
        ratio = _ONE if v <= g else g / v
    else:
        g = Fraction(goal)
        ratio = _ZERO if g <= 0 else min(v / g, _ONE)
    return ratio, _shown(ratio)


def _mean(pairs: Sequence[tuple[Fraction, Decimal]]) -> Fraction | None:
    """Weighted mean of (value, weight) pairs; None when the weights sum to 0. Weights are
    small Decimals (their sum is exact); zero values add nothing and are skipped."""
    weight = sum((w for _, w in pairs), Decimal(0))
    if weight == 0:
        return None
    total = _ZERO
    for value, w in pairs:
        if value:
            total += value * _fraction(w)
    return total / _fraction(weight)


def _over(total: int, common: int, weight: Decimal) -> Fraction | None:
    """A weighted mean from its weighted sum (``total / common``) and its weights' sum; None
    when the weights sum to 0."""
    if weight == 0:
        return None
    w = _fraction(weight)
    return Fraction(total * w.denominator, common * w.numerator)


@functools.lru_cache(maxsize=4096)
def _fraction(value: Decimal) -> Fraction:
    """A Decimal as an exact fraction (cached: reported values and weights repeat)."""
    return Fraction(value)


def _apportion(shares: Sequence[tuple[int, int]], total: Decimal) -> list[Decimal]:
    """Round each share (in hundredths of a point, a numerator and a positive denominator;
    a zero share is ``(0, 1)``) to a whole hundredth so that they add up to ``total`` exactly
    (largest remainder; ties to the earlier indicator)."""
    floors = [0] * len(shares)
    remainders: list[tuple[int, int, int]] = []
    for i, (numerator, denominator) in enumerate(shares):
        if numerator:
            floors[i], rest = divmod(numerator, denominator)
            remainders.append((rest, denominator, i))
    left = int(total.scaleb(2)) - sum(floors)
    if left > 0:
        # remainders over one common denominator compare as integers; a stable sort keeps
        # equal remainders in indicator order, even when reversed
        common = math.lcm(*(d for _, d, _ in remainders))
        remainders.sort(key=lambda r: r[0] * (common // r[1]), reverse=True)
        for _, _, i in remainders[:left]:
            floors[i] += 1
    return [Decimal(f).scaleb(-2) for f in floors]


def _scorecard(
    entity: Entity,
    plans: Sequence[_Plan],
    reports: Mapping[str, Mapping[int, Decimal]],
    peers: Mapping[tuple[str, int, EntityKind], tuple[Decimal, tuple[str, ...]]],
    form: ScoringFormula,
    cat: Catalogue,
) -> Scorecard:
    rows: list[_Row] = []
    for plan in plans:
        indicator_id = plan.indicator.id
        slot_scores: list[SlotScore] | None = None
        ratios: list[Fraction] = []
        got = reports.get(indicator_id)
        if got:
            slot_scores = list(plan.missing)
            for n in sorted(got):
                value = got[n]
                ratio, shown, basis, goal, set_by = _normalise(
                    plan, value, peers.get((indicator_id, n, entity.kind))
                )
                ratios.append(ratio)
                slot_scores[n] = SlotScore(plan.labels[n], value, basis, goal, set_by, shown)
        rows.append(
            (
                plan,
                _indicator_ratio(form.missing, sum(ratios, _ZERO), len(ratios), len(plan.slots)),
                plan.missing if slot_scores is None else tuple(slot_scores),
                len(ratios),
            )
        )
    return _card(entity, rows, form, cat)


#: One indicator of a scorecard: its plan, its ratio (None when not scored), its slots and
#: how many of them were reported.
_Row = tuple[_Plan, Fraction | None, tuple[SlotScore, ...], int]


def _card(entity: Entity, rows: Sequence[_Row], form: ScoringFormula, cat: Catalogue) -> Scorecard:
    """The scorecard of ``entity`` from its indicators' rows (the one implementation of the
    means, the shares and their rounding that both scorers use)."""
    expected = sum(len(plan.slots) for plan, _, _, _ in rows)
    reported = sum(got for _, _, _, got in rows)
    # pillar and named-index means, and each indicator's exact share of the overall score,
    # from each scored indicator's ratio x weight over one common denominator (integers add
    # up exactly and fast; one Fraction per mean)
    weighted: list[int | None] = []
    denominators: list[int] = []
    for plan, row_ratio, _, _ in rows:
        if row_ratio is None:
            weighted.append(None)
        else:
            w = _fraction(plan.weight)
            weighted.append(row_ratio.numerator * w.numerator)
            denominators.append(row_ratio.denominator * w.denominator)
    common = math.lcm(*denominators)
    sums = dict.fromkeys(PillarCode, 0)
    within = {code: Decimal(0) for code in PillarCode}
    counts = dict.fromkeys(PillarCode, 0)
    index_sums = {i.name: 0 for i in named_indices()}
    index_within = {i.name: Decimal(0) for i in named_indices()}
    index_counts = {i.name: 0 for i in named_indices()}
    at = 0
    for k, (plan, row_ratio, _, _) in enumerate(rows):
        part = weighted[k]
        if row_ratio is None or part is None:
            continue
        part *= common // denominators[at]
        weighted[k] = part
        at += 1
        code = plan.indicator.pillar
        sums[code] += part
        within[code] += plan.weight
        counts[code] += 1
        if plan.index:
            index_sums[plan.index] += part
            index_within[plan.index] += plan.weight
            index_counts[plan.index] += 1
    pillar_ratio = {code: _over(sums[code], common, within[code]) for code in PillarCode}
    pillar_weight = {code: form.pillar_weights.get(code, Decimal(0)) for code in PillarCode}
    counted = [c for c in PillarCode if pillar_ratio[c] is not None]
    total_weight = sum((pillar_weight[c] for c in counted), Decimal(0))
    overall = _mean([(pillar_ratio[c] or _ZERO, pillar_weight[c]) for c in counted])
    # an indicator's points are its ratio x its weight x its pillar's points per unit of
    # weight: the pillar weight / (the weight within the pillar x the total weight) x 100,
    # here in hundredths of a point (x 10000) for the rounding
    per_weight: dict[PillarCode, Fraction] = {}
    if overall is not None and total_weight != 0:
        for code in PillarCode:
            if within[code] != 0:
                per_weight[code] = (
                    _fraction(pillar_weight[code])
                    / (_fraction(within[code]) * _fraction(total_weight))
                    * 10000
                )
    shares: list[tuple[int, int]] = []
    for k, (plan, row_ratio, _, _) in enumerate(rows):
        code = plan.indicator.pillar
        part = weighted[k]
        if not row_ratio or part is None or code not in per_weight:
            shares.append((0, 1))
        else:
            factor = per_weight[code]
            shares.append((part * factor.numerator, common * factor.denominator))
    overall_shown = None if overall is None else _shown(overall)
    points = _apportion(shares, overall_shown or Decimal(0))
    items = [
        IndicatorScore(
            plan.indicator.id,
            plan.indicator.pillar,
            len(plan.slots),
            got,
            None if ratio is None else _shown(ratio),
            plan.index,
            plan.direction,
            plan.weight,
            slot_scores,
            point,
        )
        for (plan, ratio, slot_scores, got), point in zip(rows, points, strict=True)
    ]
    pillar_names = {p.code: p.indices for p in cat.pillars}
    pillars = tuple(
        PillarIndex(
            code,
            None if pillar_ratio[code] is None else _shown(pillar_ratio[code] or _ZERO),
            counts[code],
            pillar_names.get(code, ()),
            form.pillar_weights.get(code, Decimal(0)),
        )
        for code in PillarCode
    )
    indices = tuple(
        NamedIndexScore(
            index.name,
            index.pillar,
            None
            if (m := _over(index_sums[index.name], common, index_within[index.name])) is None
            else _shown(m),
            index_counts[index.name],
        )
        for index in named_indices()
    )
    return Scorecard(
        entity=entity,
        expected=expected,
        reported=reported,
        completeness=_shown(Fraction(reported, expected)) if expected else None,
        pillars=pillars,
        overall=overall_shown,
        indicators=tuple(items),
        indices=indices,
    )


def _ranked(cards: list[Scorecard]) -> tuple[Scorecard, ...]:
    """Competition ranks (1, 2, 2, 4) by overall score within each entity kind."""
    ranks: dict[Entity, int] = {}
    for kind in EntityKind:
        scored = sorted(
            (c for c in cards if c.entity.kind is kind and c.overall is not None),
            key=lambda c: (-(c.overall or Decimal(0)), c.entity.name),
        )
        previous: Decimal | None = None
        rank = 0
        for position, card in enumerate(scored, start=1):
            if card.overall != previous:
                rank, previous = position, card.overall
            ranks[card.entity] = rank
    return tuple(attrs.evolve(c, rank=ranks.get(c.entity)) for c in cards)
