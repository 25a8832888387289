"""Keeping a Chart of Accounts in a store, so every command and app checks codes against it.

A catalogue is kept as one record of kind ``accounts.catalogue`` under a name (``"default"``
is the one the ``kpgov`` commands use with ``--store``).

>>> from kpgov.accounts import Coverage, catalogue_from_rows
>>> from kpgov import storage
>>> chart = catalogue_from_rows([(2, {"code": "A03970", "name": "Others"})], file="ifmis.csv")
>>> with storage.open("memory://") as store:
...     save_catalogue(store, chart)
...     stored_catalogue(store).lookup("A03970").name
1
'Others'
"""

from __future__ import annotations

from kpgov.accounts import Catalogue, CatalogueRecord
from kpgov.storage._domain import register_domain_kinds
from kpgov.storage._protocol import Store

__all__ = ["DEFAULT_CATALOGUE", "save_catalogue", "stored_catalogue"]

#: The name under which commands keep and look for the store's Chart of Accounts.
DEFAULT_CATALOGUE = "default"


def save_catalogue(store: Store, catalogue: Catalogue, *, name: str = DEFAULT_CATALOGUE) -> int:
    """Keep ``catalogue`` in ``store`` under ``name`` (a new version if one is kept there);
    return the version written."""
    register_domain_kinds(store.registry)
    with store.transaction() as tx:
        found = tx.find(CatalogueRecord, name)
        record = tx.put(
            CatalogueRecord.of(catalogue, name=name),
            expected_version=0 if found is None else found.version,
        )
    return record.version


def stored_catalogue(store: Store, *, name: str = DEFAULT_CATALOGUE) -> Catalogue | None:
    """The catalogue kept in ``store`` under ``name``, or None when there is none."""
    register_domain_kinds(store.registry)
    found = store.find(CatalogueRecord, name)
    return None if found is None else found.value.catalogue()
