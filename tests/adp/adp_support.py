"""Shared examples for the adp tests: a synthetic project and a walk through its lifecycle."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from kpgov.adp import Actor, FundingSource, Project, ProjectKind, ProjectLog, Role, Stage
from kpgov.law import PARAMETERS

#: Parameters with the DDC limit set (the seeds leave it to the Government): Rs 50 million.
PARAMS = PARAMETERS.override("ddc_approval_limit", Decimal("50000000"), since=date(2016, 1, 13))

START = date(2025, 1, 10)
#: Execution starts in the year of the ADP the walk includes the project in (2025-26).
EXECUTION_FROM = date(2025, 9, 1)


def actor(role: Role) -> Actor:
    return Actor(f"synthetic {role.title}", role)


def project(kind: ProjectKind = ProjectKind.BUILDING, **changes: Any) -> Project:
    base = Project(
        code="SYN-ED-0001",
        name="Synthetic girls primary school",
        sponsoring_agency="Education",
        executing_agency="Communication and Works",
        sector="Education",
        function="091102",
        location="Union Council 7",
        kind=kind,
        funding_source=FundingSource.DISTRICT_ADP,
        cost=Decimal("12000000"),
        start=date(2025, 9, 1),
        completion={
            ProjectKind.BUILDING: date(2026, 6, 30),
            ProjectKind.ROAD: date(2026, 5, 31),
            ProjectKind.OTHER: date(2026, 2, 28),
        }[kind],
        project_manager="Sub-divisional officer",
        deliverables=("six classrooms",),
    )
    return attrs.evolve(base, **changes)


#: For each transition: who takes it and with what (document, amount, details).
STEPS: dict[str, dict[str, Any]] = {
    "prepare_outline": {},
    "approve_outline": {"document": "DDC minutes 1"},
    "reject_outline": {"document": "DDC minutes 1"},
    "withdraw": {},
    "prepare_proposal": {},
    "prepare_technical_sanction": {},
    "circulate_working_paper": {"document": "working paper 1"},
    "approve": {"document": "DDC minutes 2", "parameters": PARAMS},
    "reject": {"document": "DDC minutes 2"},
    "issue_administrative_approval": {"document": "AA letter 1"},
    "issue_technical_sanction": {"document": "TS 1", "amount": Decimal("11500000")},
    "include_in_adp": {
        "document": "DDC minutes 3",
        "amount": Decimal("12000000"),
        "details": {"year": "2025-26"},
    },
    "approve_by_council": {"document": "Council resolution 1"},
    "start_execution": {},
    "record_expenditure": {"amount": Decimal("1000000")},
    "extend_time": {"document": "DDC minutes 4", "details": {"completion": "2026-12-31"}},
    "revise_within_cost": {"document": "DDC minutes 4", "amount": Decimal("11000000")},
    "revise_cost_or_scope": {"document": "Council resolution 2", "amount": Decimal("13000000")},
    "complete": {"document": "handing-over report 1", "details": {"pc_iv": "PC-IV 1"}},
    "evaluate": {"document": "evaluation report 1"},
    "drop": {"document": "DDC minutes 5"},
    "send_copy_to_council": {"document": "letter to the Council 1"},
    "include_in_district_plan": {"document": "District Development Plan 2025-28"},
    "include_ongoing_in_adp": {
        "document": "DDC minutes 6",
        "amount": Decimal("2000000"),
        "details": {"year": "2026-27"},
    },
    "approve_ongoing_by_council": {
        "document": "Council resolution 3",
        "details": {"year": "2026-27"},
    },
    "communicate_recurring_cost": {"amount": Decimal("900000")},
    "evaluate_impact": {"document": "impact evaluation 1"},
    "distribute_handing_over_report": {"document": "handing-over report 1, copies"},
}

#: The main road through the lifecycle of a works project.
WORKS_PATH = (
    "prepare_outline",
    "approve_outline",
    "prepare_proposal",
    "prepare_technical_sanction",
    "circulate_working_paper",
    "approve",
    "issue_administrative_approval",
    "issue_technical_sanction",
    "include_in_adp",
    "approve_by_council",
    "start_execution",
    "record_expenditure",
    "extend_time",
    "complete",
    "evaluate",
)

OTHER_PATH = tuple(
    t for t in WORKS_PATH if t not in {"prepare_technical_sanction", "issue_technical_sanction"}
)


def step(log: ProjectLog, name: str, role: Role | None = None, days: int = 5) -> ProjectLog:
    """Take ``name`` with its example payload, ``days`` after the last step."""
    from kpgov.adp import LIFECYCLE

    t = LIFECYCLE[name]
    on = (log.record.last_on or START) + timedelta(days=days)
    if name in ("start_execution", "record_expenditure"):
        on = max(on, EXECUTION_FROM)  # spending falls in the ADP's year (r.47(1), r.10(2)(a))
    payload = dict(STEPS[name])
    if name == "prepare_proposal":
        payload.setdefault("project", log.record.project)  # Form BDD-4 (r.32(1))
    return log.take(name, actor(role or t.authority), on, **payload)


def walk(
    to_stage: Stage, *, kind: ProjectKind = ProjectKind.BUILDING, **changes: Any
) -> ProjectLog:
    """A log of a synthetic project taken along the main road until it reaches ``to_stage``."""
    log = ProjectLog.start(project(kind, **changes), actor(Role.HEAD_OF_OFFICES), START)
    path = WORKS_PATH if kind.involves_works else OTHER_PATH
    for name in path:
        if log.stage is to_stage:
            return log
        log = step(log, name)
    if log.stage is not to_stage:
        raise LookupError(f"{to_stage} is not on the main road")
    return log
