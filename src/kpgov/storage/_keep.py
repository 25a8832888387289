"""Keeping values: create each record or replace its current version, all in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kpgov.storage._model import Record
from kpgov.storage._protocol import Store

__all__ = ["keep"]


def keep(store: Store, values: Iterable[Any]) -> list[Record[Any]]:
    """Store every value under its kind and key - a new record, or a new version of the one
    there - in one transaction: all are kept, or (on any error) none.

    >>> from kpgov.calendar import Submission
    >>> from datetime import date
    >>> from kpgov.storage import KindRegistry, open, register_domain_kinds
    >>> with open("memory://", kinds=register_domain_kinds(KindRegistry())) as store:
    ...     first = keep(store, [Submission("BR-80(4)#due/2025-09", "DDO A", date(2025, 10, 3))])
    ...     again = keep(store, [first[0].value])
    >>> [r.version for r in first + again]
    [1, 2]
    """
    kept: list[Record[Any]] = []
    with store.transaction():
        for value in values:
            kind = store.registry.of(value)
            found = store.find(kind.name, kind.key_of(value))
            kept.append(store.put(value, expected_version=found.version if found else 0))
    return kept
