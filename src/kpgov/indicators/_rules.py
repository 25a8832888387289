"""The rules the indicators package checks, registered in :data:`kpgov.law.RULES`.

* every indicator of the Good Governance Strategy (``GGS-OG-01`` ...): a missing report of it
  is a finding under its own id;
* ``GGS-non-compliance`` and ``SOP-Binding``: non-reporting is reported and binding;
* the Budget Rules' performance framework (r.47(2), r.53; Forms BSF-2 and BM-8). Their ids
  carry a ``#suffix`` because the clauses are also cited by other packages.
"""

from __future__ import annotations

from typing import Final

from kpgov.indicators._catalogue import load_catalogue
from kpgov.law import Citation, Rule, Severity, register

__all__ = [
    "GGS_NON_COMPLIANCE",
    "KPI_GENDER",
    "KPI_MEASURABLE",
    "KPI_MEDIUM_TERM",
    "KPI_OUTPUTS",
    "KPI_PROGRESS",
    "KPI_SPECIFIC",
    "KPI_TIME_BOUND",
    "KPI_VERIFIABLE",
    "SOP_BINDING",
    "TIMEFRAME_RULES",
    "indicator_rule",
]

_PACKAGE: Final = "indicators"


def indicator_rule(indicator_id: str) -> Rule:
    """The rule for reporting one indicator of the strategy (a missing report breaks it).

    Reporting is binding (SOP on Governance Initiatives), so a breach is an error.
    """
    indicator = load_catalogue()[indicator_id]
    return Rule(
        id=indicator.id,
        citation=indicator.citation,
        title=f"Report: {indicator.name or '(name missing in the source)'}",
        severity=Severity.ERROR,
        package=_PACKAGE,
    )


GGS_NON_COMPLIANCE: Final = Rule(
    id="GGS-non-compliance",
    citation=Citation(
        "GGS",
        "Implementation Plan, Non-compliance",
        "Any officer found to be reluctant to act, non-comply ing, miss-reporting, data "
        "manipulation shall be reported in writing to the Chief Minister / Chief Secretary",
    ),
    title="Non-reporting entities are reported to the Chief Minister / Chief Secretary",
    severity=Severity.ERROR,
    package=_PACKAGE,
)

SOP_BINDING: Final = Rule(
    id="SOP-Binding",
    citation=Citation(
        "SOP",
        "Performance Evaluation & Accountability",
        "Compliance of the given list of activities at Appendix-I shall be binding upon all "
        "Administrative Secretaries, ... Divisional Commissioners and Deputy Commissioners, "
        "and their performance will be evaluated upon the same.",
    ),
    title="Compliance with the governance activities is binding and evaluated",
    severity=Severity.ERROR,
    package=_PACKAGE,
)

KPI_GENDER: Final = Rule(
    id="BR-47(2)#gender",
    citation=Citation(
        "BR",
        "47(2)",
        "Key Performance Indicators and Targets duly disaggregated gender wise shall be set",
    ),
    title="KPI targets are disaggregated gender-wise",
    severity=Severity.ERROR,
    package=_PACKAGE,
)

KPI_SPECIFIC: Final = Rule(
    id="BR-53(1)(a)#specific",
    citation=Citation("BR", "53(1)(a)", "These indicators shall be- a) specific;"),
    title="A KPI is specific: named, with a unit, not repeated within its output",
    severity=Severity.ERROR,
    package=_PACKAGE,
)

KPI_MEASURABLE: Final = Rule(
    id="BR-53(1)(b)#measurable",
    citation=Citation("BR", "53(1)(b)", "These indicators shall be- ... b) measurable;"),
    title="A KPI is measurable: its targets fit its measure",
    severity=Severity.ERROR,
    package=_PACKAGE,
)

KPI_TIME_BOUND: Final = Rule(
    id="BR-53(1)(e)#time-bound",
    citation=Citation("BR", "53(1)(e)", "These indicators shall be- ... e) time bound;"),
    title="A KPI is time bound: it has a target for at least one year",
    severity=Severity.ERROR,
    package=_PACKAGE,
)

KPI_OUTPUTS: Final = Rule(
    id="BR-53(1)(f)#outputs",
    citation=Citation(
        "BR",
        "53(1)(f)",
        "framed against key processes and outputs depicting both the qualitative and "
        "quantitative aspects of performance",
    ),
    title="Every output has at least one KPI (every outcome at least one output)",
    severity=Severity.ERROR,
    package=_PACKAGE,
)

KPI_MEDIUM_TERM: Final = Rule(
    id="BR-53(2)#medium-term",
    citation=Citation(
        "BR",
        "53(2)",
        "The District Development Committee shall finalize with each Head of Offices their "
        "intended performance targets against each of the key performance indicator for the "
        "medium term.",
    ),
    title="A KPI has a target for the budget year and both outer years (Form BSF-2)",
    severity=Severity.ERROR,
    package=_PACKAGE,
)

KPI_VERIFIABLE: Final = Rule(
    id="BR-53(3)(c)#verifiable",
    citation=Citation("BR", "53(3)(c)", "The performance targets shall be- ... c) verifiable."),
    title="A KPI names how its achievement is verified",
    severity=Severity.ERROR,
    package=_PACKAGE,
)

KPI_PROGRESS: Final = Rule(
    id="BR-53(4)#progress",
    citation=Citation(
        "BR",
        "53(4)",
        "The status of Performance Targets achieved shall be provided regularly during the "
        "year through Forms BM-8 and BM-9.",
    ),
    title="Monthly progress of each KPI is reported (Form BM-8)",
    severity=Severity.ERROR,
    package=_PACKAGE,
)


def _timeframe(rule_id: str, title: str, excerpt: str) -> Rule:
    # The same definition as kpgov.calendar's deadline rules (registering an equal rule twice
    # is harmless): the calendar dates the deadline, this package raises the finding.
    # tests/indicators/test_review.py checks that both definitions stay equal.
    return Rule(
        rule_id,
        Citation("GGS", "Implementation time-frame", excerpt),
        title,
        Severity.WARNING,
        "calendar",
    )


#: ``GGS-timeframe-*``: an indicator due by its implementation timeframe has no evidence.
TIMEFRAME_RULES: Final = (
    _timeframe(
        "GGS-timeframe-immediate",
        "Immediate: monitored immediately after the launch of the strategy",
        "Immediate the indicator will be monitored immediately after the launch of the strategy",
    ),
    _timeframe(
        "GGS-timeframe-short",
        "Short-term: implemented within 3 months of the launch",
        "Short-Term the indicator will be implemented within 3 months",
    ),
    _timeframe(
        "GGS-timeframe-mid",
        "Mid-term: implemented within 6 months of the launch",
        "Mid-Term the indicator will be implemented within 6 months",
    ),
    _timeframe(
        "GGS-timeframe-long",
        "Long-term: implemented within 12 months of the launch",
        "Long-Term the indicator will be implemented within 12 months",
    ),
)

register(*TIMEFRAME_RULES)
register(
    GGS_NON_COMPLIANCE,
    SOP_BINDING,
    KPI_GENDER,
    KPI_SPECIFIC,
    KPI_MEASURABLE,
    KPI_TIME_BOUND,
    KPI_OUTPUTS,
    KPI_MEDIUM_TERM,
    KPI_VERIFIABLE,
    KPI_PROGRESS,
)
register(*(indicator_rule(indicator.id) for indicator in load_catalogue()))
