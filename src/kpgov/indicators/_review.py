"""The strategy's review process: review windows with best and worst performers, roll-ups
from districts to divisions and the province, and implementation-timeframe findings.

REVIEW MECHANISM (GGS 2019): the Deputy Commissioner reviews fortnightly, the Divisional
Commissioner and the Administrative Secretary monthly, the Chief Secretary "on bi-monthly
basis" (read as every two months) and the Chief Minister quarterly. Reports are monthly, so a
fortnightly window scores the reports of its month so far.

>>> from kpgov.periods import FinancialYear
>>> [str(w.scored) for w in review_windows(ReviewLevel.CHIEF_SECRETARY, FinancialYear(2019))][:2]
['2019-07..2019-08', '2019-09..2019-10']
>>> [w.label for w in review_windows(ReviewLevel.DEPUTY_COMMISSIONER, FinancialYear(2019))][:2]
['2019-07 (1-15)', '2019-07 (16-31)']
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Set
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Final

import attrs

from kpgov.findings import Finding, Report
from kpgov.indicators._catalogue import Catalogue, Timeframe, load_catalogue
from kpgov.indicators._entities import PROVINCE, Entity, EntityKind, division_of, divisions
from kpgov.indicators._rules import TIMEFRAME_RULES
from kpgov.indicators._schedule import MonthSpan, Window, due_date
from kpgov.indicators._scoring import Scoreboard, Scorecard, named_indices
from kpgov.periods import FinancialYear

__all__ = [
    "Review",
    "ReviewLevel",
    "ReviewWindow",
    "RollUp",
    "review",
    "review_windows",
    "roll_up",
    "timeframe_findings",
]


class ReviewLevel(enum.Enum):
    """The review levels of the strategy, with their cadence in months (0.5: fortnightly)
    and the kind of entity each reviews."""

    DEPUTY_COMMISSIONER = "dc"
    COMMISSIONER = "commissioner"
    SECRETARY = "secretary"
    CHIEF_SECRETARY = "cs"
    CHIEF_MINISTER = "cm"

    @property
    def reviews(self) -> EntityKind | None:
        """The kind of entity ranked at this level (None: every kind)."""
        return {
            "dc": EntityKind.DISTRICT,
            "commissioner": EntityKind.DISTRICT,
            "secretary": EntityKind.DEPARTMENT,
        }.get(self.value)

    @property
    def months(self) -> int:
        """Months per window (the fortnightly level has two windows per month)."""
        return {"dc": 1, "commissioner": 1, "secretary": 1, "cs": 2, "cm": 3}[self.value]


@attrs.frozen
class ReviewWindow:
    """One review: its level, label, dates and the window whose reports it scores."""

    level: ReviewLevel
    label: str
    start: date
    end: date
    scored: Window


def review_windows(level: ReviewLevel, year: FinancialYear) -> tuple[ReviewWindow, ...]:
    """The review windows of ``level`` in a financial year, in order."""
    months = year.months
    out: list[ReviewWindow] = []
    if level is ReviewLevel.DEPUTY_COMMISSIONER:
        for month in months:
            mid = date(month.start.year, month.start.month, 15)
            out.append(ReviewWindow(level, f"{month} (1-15)", month.start, mid, month))
            out.append(
                ReviewWindow(
                    level,
                    f"{month} (16-{month.end.day})",
                    date.fromordinal(mid.toordinal() + 1),
                    month.end,
                    month,
                )
            )
        return tuple(out)
    step = level.months
    for i in range(0, len(months), step):
        scored: Window = months[i] if step == 1 else MonthSpan(months[i], step)
        if step == 3:
            scored = year.quarter(i // 3 + 1)
        out.append(ReviewWindow(level, str(scored), scored.start, scored.end, scored))
    return tuple(out)


@attrs.frozen
class Review:
    """A review: the window, its scoreboard, and the best and worst performers among the
    entities the level reviews (all that have an overall score; ties share a place)."""

    window: ReviewWindow
    board: Scoreboard
    best: tuple[Scorecard, ...]
    worst: tuple[Scorecard, ...]
    division: str | None = None


def review(
    board: Scoreboard, window: ReviewWindow, *, count: int = 3, division: str | None = None
) -> Review:
    """The best and worst ``count`` performers of a scoreboard at the window's level;
    ``division`` limits them to its districts (a Commissioner reviews his division).

    BEST PERFORMERS (GGS 2019): best performing officers are recognised in the Chief
    Minister's quarterly review."""
    kind = window.level.reviews
    scored = [
        c
        for c in board.scorecards
        if c.overall is not None
        and (kind is None or c.entity.kind is kind)
        and (
            division is None
            or (c.entity.kind is EntityKind.DISTRICT and division_of(c.entity.name) == division)
        )
    ]
    ranked = sorted(scored, key=lambda c: (-(c.overall or Decimal(0)), c.entity.sort_key))
    worst = sorted(scored, key=lambda c: (c.overall or Decimal(0), c.entity.sort_key))
    return Review(window, board, tuple(ranked[:count]), tuple(worst[:count]), division)


@attrs.frozen
class RollUp:
    """Districts' scores rolled up to a division or the province: the unweighted mean of the
    members' overall scores and named indices, and reports summed for completeness."""

    name: str
    level: str
    members: tuple[str, ...]
    overall: Decimal | None
    completeness: Decimal | None
    indices: tuple[tuple[str, Decimal | None], ...]


def _mean(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [Fraction(v) for v in values if v is not None]
    if not present:
        return None
    return Decimal(round(sum(present, Fraction(0)) / len(present) * 100)).scaleb(-2)


def _roll(name: str, level: str, cards: list[Scorecard]) -> RollUp:
    expected = sum(c.expected for c in cards)
    reported = sum(c.reported for c in cards)
    return RollUp(
        name,
        level,
        tuple(c.entity.name for c in cards),
        _mean(c.overall for c in cards),
        None if not expected else Decimal(round(Fraction(reported, expected) * 10000)).scaleb(-2),
        tuple(
            (index.name, _mean(c.index(index.name).score for c in cards if c.indices))
            for index in named_indices()
        ),
    )


def roll_up(board: Scoreboard) -> tuple[RollUp, ...]:
    """The districts of a scoreboard rolled up: one row per division (in the packaged order,
    only divisions with a district on the board), then the province."""
    cards = [c for c in board.scorecards if c.entity.kind is EntityKind.DISTRICT]
    out: list[RollUp] = []
    for division in divisions():
        members = [c for c in cards if division_of(c.entity.name) == division.name]
        if members:
            out.append(_roll(division.name, "division", members))
    if cards:
        out.append(_roll(PROVINCE, "province", cards))
    return tuple(out)


_TIMEFRAME_RULE_OF: Final = {
    Timeframe.IMMEDIATE: "GGS-timeframe-immediate",
    Timeframe.SHORT_TERM: "GGS-timeframe-short",
    Timeframe.MID_TERM: "GGS-timeframe-mid",
    Timeframe.LONG_TERM: "GGS-timeframe-long",
}


def timeframe_findings(
    evidence: Set[str],
    *,
    launch: date,
    as_of: date,
    catalogue: Catalogue | None = None,
    entity: Entity | None = None,
) -> Report:
    """A finding under ``GGS-timeframe-*`` for each indicator due by its implementation
    timeframe before ``as_of`` with no implementation evidence: no id of it in ``evidence``
    (the indicator ids with any report or recorded evidence)."""
    cat = catalogue if catalogue is not None else load_catalogue()
    rules = {rule.id: rule for rule in TIMEFRAME_RULES}
    who = f"{entity}: " if entity is not None else ""

    def found() -> Iterator[Finding]:
        for indicator in cat:
            due = due_date(indicator, launch)
            rule_id = _TIMEFRAME_RULE_OF.get(indicator.timeframe)
            if due is None or rule_id is None or due >= as_of or indicator.id in evidence:
                continue
            yield Finding.of(
                rules[rule_id],
                f"{who}{indicator.id}",
                f"{indicator.name or indicator.id!r} was due by {due.isoformat()} "
                f"({indicator.timeframe.value}) and has no implementation evidence",
                expected=f"evidence by {due.isoformat()}",
                actual="none",
            )

    return Report(tuple(found()), title=f"Implementation timeframes as of {as_of.isoformat()}")
