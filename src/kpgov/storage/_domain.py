"""The domain packages' records as store kinds, so an app keeps them without registering any.

Domain packages may not import storage (DESIGN.md section 1), so their record types are made
store kinds here, each with the key that identifies it:

- ``accounts.catalogue``: :class:`kpgov.accounts.CatalogueRecord`, key ``<name>``
- ``budget.statement``: :class:`kpgov.budget.AnnualBudgetStatement`, key ``<district>/<year>``
- ``budget.ledger``: :class:`kpgov.budget.Ledger` (its movements as the converter's tagged
  union), key ``<district>/<year>``
- ``adp.project``: :class:`kpgov.adp.Project`, key ``<code>``
- ``adp.event``: :class:`kpgov.adp.Event`, key ``<project code>#<seq>``
- ``calendar.submission``: :class:`kpgov.calendar.Submission`,
  key ``<deadline>/<entity>/<date submitted>``
- ``indicators.observation``: :class:`kpgov.indicators.Observation`,
  key ``<indicator>/<entity kind>:<entity name>/<period>``

Project histories are kept as event streams (``project/<code>``), so ``adp.event`` records are
only for apps that want events as plain records too. Signed checkpoints are kept by
:meth:`Store.checkpoint <kpgov.storage.Store.checkpoint>` in the stream ``kpgov.checkpoints``.

>>> from kpgov.storage import KindRegistry
>>> registry = register_domain_kinds(KindRegistry())
>>> [kind.name for kind in registry]  # doctest: +NORMALIZE_WHITESPACE
['accounts.catalogue', 'adp.event', 'adp.project', 'budget.ledger', 'budget.statement',
 'calendar.submission', 'indicators.observation']
"""

from __future__ import annotations

from typing import Final

from kpgov.accounts import CatalogueRecord
from kpgov.adp import Event, Project
from kpgov.budget import AnnualBudgetStatement, Ledger
from kpgov.calendar import Submission
from kpgov.indicators import Observation
from kpgov.storage._kinds import KINDS, KindRegistry

__all__ = ["DOMAIN_KINDS", "register_domain_kinds"]

#: The kind names :func:`register_domain_kinds` registers.
DOMAIN_KINDS: Final = (
    "accounts.catalogue",
    "adp.event",
    "adp.project",
    "budget.ledger",
    "budget.statement",
    "calendar.submission",
    "indicators.observation",
)


def _statement_key(statement: AnnualBudgetStatement) -> str:
    return f"{statement.district}/{statement.year}"


def _ledger_key(ledger: Ledger) -> str:
    return f"{ledger.district}/{ledger.year}"


def _event_key(event: Event) -> str:
    return f"{event.project_code}#{event.seq}"


def _submission_key(submission: Submission) -> str:
    return f"{submission.deadline_id}/{submission.entity}/{submission.submitted.isoformat()}"


def _observation_key(observation: Observation) -> str:
    entity = observation.entity
    return f"{observation.indicator_id}/{entity.kind.value}:{entity.name}/{observation.period}"


def register_domain_kinds(registry: KindRegistry | None = None) -> KindRegistry:
    """Register the domain record kinds in ``registry`` (default :data:`KINDS`) and return it.

    Registering them again is harmless; a kind name or class registered there for something
    else is a ValidationError."""
    target = KINDS if registry is None else registry
    kinds = (
        ("accounts.catalogue", CatalogueRecord, "name"),
        ("adp.event", Event, _event_key),
        ("adp.project", Project, "code"),
        ("budget.ledger", Ledger, _ledger_key),
        ("budget.statement", AnnualBudgetStatement, _statement_key),
        ("calendar.submission", Submission, _submission_key),
        ("indicators.observation", Observation, _observation_key),
    )
    for name, cls, key in kinds:
        target.register(name, cls, key=key)  # type: ignore[arg-type]  # each key fits its cls
    return target
