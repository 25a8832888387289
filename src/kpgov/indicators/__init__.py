"""kpgov.indicators: the Good Governance Strategy 2019 KPI catalogue, the budget performance
framework (Forms BSF-2, BM-8), observations, missing reports and scorecards.

>>> from kpgov.indicators import load_catalogue, PillarCode
>>> catalogue = load_catalogue()
>>> {code.value: len(catalogue.in_pillar(code)) for code in PillarCode}
{'OG': 41, 'SD': 72, 'CP': 20, 'PA': 38, 'IT': 34}
"""

from kpgov.indicators import _rules  # noqa: F401  # registers the package's rules
from kpgov.indicators._catalogue import (
    Catalogue,
    Frequency,
    Indicator,
    MeasureKind,
    Pillar,
    PillarCode,
    Timeframe,
    load_catalogue,
)
from kpgov.indicators._compliance import compliance_findings, missing_reports
from kpgov.indicators._formula import MissingData, ScoringFormula, default_formula
from kpgov.indicators._framework import (
    Bm8Row,
    Gender,
    GenderTargets,
    Kpi,
    MonthlyProgress,
    Outcome,
    Output,
    PerformanceFramework,
    Targets,
    check_framework,
)
from kpgov.indicators._observations import (
    Entity,
    EntityKind,
    Observation,
    Period,
    districts,
    parse_value,
    percent_of,
    validate_observation,
)
from kpgov.indicators._rules import indicator_rule
from kpgov.indicators._schedule import ONCE, Slot, Window, due_date, expected_slots, slots_until
from kpgov.indicators._scoring import IndicatorScore, PillarIndex, Scoreboard, Scorecard, score

__all__ = [
    "ONCE",
    "Bm8Row",
    "Catalogue",
    "Entity",
    "EntityKind",
    "Frequency",
    "Gender",
    "GenderTargets",
    "Indicator",
    "IndicatorScore",
    "Kpi",
    "MeasureKind",
    "MissingData",
    "MonthlyProgress",
    "Observation",
    "Outcome",
    "Output",
    "PerformanceFramework",
    "Period",
    "Pillar",
    "PillarCode",
    "PillarIndex",
    "Scoreboard",
    "Scorecard",
    "ScoringFormula",
    "Slot",
    "Targets",
    "Timeframe",
    "Window",
    "check_framework",
    "compliance_findings",
    "default_formula",
    "districts",
    "due_date",
    "expected_slots",
    "indicator_rule",
    "load_catalogue",
    "missing_reports",
    "parse_value",
    "percent_of",
    "score",
    "slots_until",
    "validate_observation",
]
