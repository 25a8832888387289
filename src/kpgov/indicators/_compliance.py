"""Missing reports and non-compliance, as findings.

A report is missing when an indicator the formula expects from an entity (by its
responsibility) has no observation for a slot that closed before ``as_of``. The strategy has
non-compliance "reported in writing" and the SOP makes compliance binding, so a missing report
is an error under the indicator's own rule id.

>>> from datetime import date
>>> from decimal import Decimal
>>> from kpgov.periods import Month
>>> swat = Entity.district("Swat")
>>> obs = [Observation("GGS-SD-39", swat, Month(2019, 7), Decimal(80))]
>>> report = missing_reports(obs, [swat], launch=date(2019, 7, 1), as_of=date(2019, 9, 1),
...                          indicators=["GGS-SD-39"])
>>> [(f.rule_id, f.subject) for f in report]
[('GGS-SD-39', 'district Swat: GGS-SD-39 for 2019-08')]
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from datetime import date

from kpgov.findings import Finding, Report
from kpgov.indicators._catalogue import Catalogue, Frequency, load_catalogue
from kpgov.indicators._entities import Entity
from kpgov.indicators._formula import ScoringFormula, default_formula
from kpgov.indicators._observations import Observation
from kpgov.indicators._rules import GGS_NON_COMPLIANCE, SOP_BINDING, indicator_rule
from kpgov.indicators._schedule import ONCE, Slot, Window, due_date, slots_until
from kpgov.indicators._scoring import Scoreboard
from kpgov.law import Severity

__all__ = ["compliance_findings", "missing_reports", "unscored_reports"]


def missing_reports(
    observations: Iterable[Observation],
    entities: Iterable[Entity],
    *,
    launch: date,
    as_of: date,
    formula: ScoringFormula | None = None,
    catalogue: Catalogue | None = None,
    indicators: Collection[str] | None = None,
) -> Report:
    """Findings for every expected report that is missing, from ``launch`` to ``as_of``.

    ``indicators`` limits the check to some indicator ids (default: the whole catalogue).
    """
    cat = catalogue if catalogue is not None else load_catalogue()
    form = formula if formula is not None else default_formula()
    seen: set[tuple[str, Entity, Slot]] = set()
    for obs in observations:
        frequency = cat[obs.indicator_id].frequency if obs.indicator_id in cat else None
        slot: Slot = ONCE if frequency is Frequency.ONCE else obs.period
        seen.add((obs.indicator_id, obs.entity, slot))
    return Report(
        tuple(
            _missing(
                cat,
                form,
                seen,
                sorted(set(entities), key=lambda e: e.sort_key),
                launch,
                as_of,
                indicators,
            )
        ),
        title=f"Missing indicator reports as of {as_of.isoformat()}",
    )


def _missing(
    cat: Catalogue,
    form: ScoringFormula,
    seen: set[tuple[str, Entity, Slot]],
    entities: list[Entity],
    launch: date,
    as_of: date,
    only: Collection[str] | None,
) -> Iterator[Finding]:
    for indicator in cat:
        if only is not None and indicator.id not in only:
            continue
        slots = slots_until(indicator, launch, as_of)
        if not slots:
            continue
        rule = indicator_rule(indicator.id)
        for entity in entities:
            if not form.owes(indicator, entity):
                continue
            for slot in slots:
                if (indicator.id, entity, slot) not in seen:
                    period = "its one-off report" if slot == ONCE else str(slot)
                    yield Finding.of(
                        rule,
                        f"{entity}: {indicator.id} for {period}",
                        f"no report of {indicator.name or indicator.id!r} "
                        f"({indicator.frequency.value}, {indicator.timeframe.value})",
                        expected="a report",
                        actual="none",
                    )


def compliance_findings(board: Scoreboard) -> Report:
    """Non-compliance on a scoreboard: a finding per entity that missed reports
    (SOP-Binding), and one per entity that reported nothing at all (GGS-non-compliance)."""
    findings: list[Finding] = []
    for card in board.scorecards:
        if card.missing > 0:
            findings.append(
                Finding.of(
                    SOP_BINDING,
                    f"{card.entity} in {board.window}",
                    f"{card.missing} of {card.expected} expected reports are missing",
                    expected=f"{card.expected} reports",
                    actual=f"{card.reported} reports",
                )
            )
    non_reporting = [c for c in board.scorecards if c.expected and c.reported == 0]
    for card in non_reporting:
        findings.append(
            Finding.of(
                GGS_NON_COMPLIANCE,
                f"{card.entity} in {board.window}",
                "no report at all: to be reported in writing to the Chief Minister / "
                "Chief Secretary",
            )
        )
    return Report(tuple(findings), title=f"Compliance in {board.window} ({board.formula})")


def unscored_reports(
    observations: Iterable[Observation],
    window: Window,
    *,
    launch: date,
    formula: ScoringFormula | None = None,
    catalogue: Catalogue | None = None,
) -> Report:
    """A warning, located at the report's source, for each report in ``window`` that
    :func:`~kpgov.indicators.score` does not score because its entity does not owe the
    indicator (a department reporting another's indicator) or because it comes before the
    indicator falls due. Reports outside the window are not flagged."""
    cat = catalogue if catalogue is not None else load_catalogue()
    form = formula if formula is not None else default_formula()
    start, end = window.start, window.end
    findings: list[Finding] = []
    for obs in observations:
        if obs.indicator_id not in cat or not (start <= obs.period.start <= end):
            continue
        indicator = cat[obs.indicator_id]
        due = due_date(indicator, launch)
        if not form.owes(indicator, obs.entity):
            why = (
                f"{obs.entity} does not owe {indicator.id} (responsibility: "
                f"{indicator.responsibility!r})"
            )
        elif due is not None and obs.period.end < due:
            why = f"{indicator.id} falls due on {due.isoformat()} ({indicator.timeframe.value})"
        else:
            continue
        findings.append(
            Finding.of(
                indicator_rule(indicator.id),
                f"{obs.entity}: {indicator.id} for {obs.period}",
                f"report not scored: {why}",
                location=obs.source,
                severity=Severity.WARNING,
            )
        )
    return Report(tuple(findings), title=f"Reports not scored in {window}")
