"""Export a project and its history as an OC4IDS project package.

OC4IDS, the Open Contracting for Infrastructure Data Standard (schema 0.9), describes
infrastructure projects for publication. :func:`to_oc4ids` builds the package as plain data;
amounts stay ``Decimal`` (OC4IDS wants JSON numbers; binary fractions would lose paisa):
:func:`kpgov.io.adp.write_oc4ids` writes them as exact JSON numbers. The lifecycle history,
with its hash chain, travels in the extension field ``kpgovHistory``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final

from kpgov.adp._events import Event
from kpgov.adp._lifecycle import ProjectLog, Stage
from kpgov.adp._programme import PrioritySector, priority_sector

__all__ = ["OC4IDS_VERSION", "oc4ids_project", "to_oc4ids"]

#: The OC4IDS schema version the export follows.
OC4IDS_VERSION: Final = "0.9"

_STATUS: Final = {
    Stage.IDENTIFIED: "identification",
    Stage.OUTLINE_PREPARED: "identification",
    Stage.OUTLINE_APPROVED: "preparation",
    Stage.PROPOSAL_PREPARED: "preparation",
    Stage.TS_PREPARED: "preparation",
    Stage.WORKING_PAPER_CIRCULATED: "preparation",
    Stage.APPROVED: "preparation",
    Stage.AA_ISSUED: "preparation",
    Stage.TS_ISSUED: "preparation",
    Stage.IN_ADP: "preparation",
    Stage.COUNCIL_APPROVED: "implementation",
    Stage.UNDER_EXECUTION: "implementation",
    Stage.REVISED: "implementation",
    Stage.COMPLETED: "completion",
    Stage.EVALUATED: "completed",
    Stage.REJECTED: "cancelled",
    Stage.DROPPED: "cancelled",
}

_SECTOR: Final = {
    PrioritySector.EDUCATION: "education",
    PrioritySector.HEALTH: "health",
    PrioritySector.ROADS: "transport.road",
    PrioritySector.WATER_SANITATION: "waterAndWaste",
}

#: OC4IDS documentType codes for the documents lifecycle steps cite (others: "minutes").
_DOCUMENT_TYPE: Final = {
    "identify": "needsAssessment",
    "circulate_working_paper": "feasibilityStudy",
    "issue_administrative_approval": "budgetApproval",
    "issue_technical_sanction": "technicalSpecifications",
    "include_in_adp": "budgetApproval",
    "approve_by_council": "budgetApproval",
    "record_expenditure": "financialProgressReport",
    "complete": "completionCertificate",
    "evaluate": "projectEvaluation",
}


def _money(amount: Decimal) -> dict[str, Any]:
    return {"amount": amount, "currency": "PKR"}


def _event(e: Event) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "version": e.version,
        "transition": e.transition,
        "date": e.on.isoformat(),
        "actor": e.actor,
        "role": e.role.value,
        "ruleId": e.rule_id,
        "document": e.document,
        "amount": e.amount,
        "details": dict(e.details),
        "prevHash": e.prev_hash,
        "hash": e.hash,
    }


def oc4ids_project(
    log: ProjectLog, *, district: str = "", unverified: str | None = None
) -> dict[str, Any]:
    """One OC4IDS ``project`` object for a project's log. ``unverified`` says why its history
    failed verification: the project is then marked (``kpgovVerification``) as unverified."""
    r = log.record
    p = r.project
    parties = []
    for role, name in (("publicAuthority", p.sponsoring_agency), ("buyer", p.executing_agency)):
        if name:
            parties.append({"id": name, "name": name, "roles": [role]})
    sector = priority_sector(p.sector)
    out: dict[str, Any] = {
        "id": p.code,
        "updated": f"{(r.last_on or date.min).isoformat()}T00:00:00Z",
        "title": p.name,
        "status": _STATUS[r.stage],
        "purpose": "; ".join(p.deliverables),
        "locations": [{"id": "1", "description": p.location}],
        "period": {"startDate": p.start.isoformat(), "endDate": p.completion.isoformat()},
        "budget": {"amount": _money(r.approved_cost if r.approved_cost is not None else p.cost)},
        "parties": parties,
        "publicAuthority": {"id": p.sponsoring_agency, "name": p.sponsoring_agency},
        "documents": [
            {
                "id": f"{p.code}-{e.version}",  # the stream version
                "documentType": _DOCUMENT_TYPE.get(e.transition, "minutes"),
                "title": e.document,
                "datePublished": e.on.isoformat(),
            }
            for e in log.events
            if e.document
        ],
        "kpgovHistory": [_event(e) for e in log.events],
        "kpgovVerification": {"verified": unverified is None},
    }
    if unverified is not None:
        out["kpgovVerification"]["problem"] = unverified
    if sector is not None:
        out["sector"] = [_SECTOR[sector]]
    if r.approved_on is not None:
        out["budget"]["approvalDate"] = r.approved_on.isoformat()
    if district:
        out["locations"][0]["description"] = f"{p.location}, {district}"
    if r.completed_on is not None:
        out["completion"] = {"endDate": r.completed_on.isoformat(), "finalValue": _money(r.spent)}
    return out


def to_oc4ids(
    logs: Iterable[ProjectLog],
    *,
    publisher: str,
    uri: str,
    published: date,
    district: str = "",
    unverified: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """An OC4IDS project package (``uri``, ``publisher``, ``publishedDate``, ``version``,
    ``projects``) of the given project logs; ``unverified`` maps the codes of projects whose
    history failed verification to the problem, and those projects are marked."""
    bad = unverified or {}
    return {
        "uri": uri,
        "publisher": {"name": publisher},
        "publishedDate": f"{published.isoformat()}T00:00:00Z",
        "version": OC4IDS_VERSION,
        "projects": [
            oc4ids_project(log, district=district, unverified=bad.get(log.code)) for log in logs
        ],
    }
