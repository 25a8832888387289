"""kpgov.storage: one Store interface, four adapters, opened by URL.

Records are attrs values of a registered *kind*, stored as the :mod:`kpgov.convert`
representation with a version each; event streams are append-only and hash-chained.
See ``docs/storage.md`` for the design, URL forms, the SQLite schema and migrations.

>>> import attrs
>>> from decimal import Decimal
>>> @attrs.frozen
... class Grant:
...     code: str
...     amount: Decimal
>>> kinds = KindRegistry()
>>> _ = kinds.register("grant", Grant, key="code")
>>> with open("memory://", kinds=kinds) as store:
...     first = store.put(Grant("G-01", Decimal("1500.00")))
...     store.get(Grant, "G-01")
Record(kind='grant', key='G-01', version=1, value=Grant(code='G-01', amount=Decimal('1500.00')))
"""

from kpgov.storage._catalogue import DEFAULT_CATALOGUE, save_catalogue, stored_catalogue
from kpgov.storage._checkpoint import (
    CHECKPOINT_STREAM,
    KEY_ENV,
    Checkpoint,
    CheckpointKey,
    StreamHead,
    load_key,
)
from kpgov.storage._domain import DOMAIN_KINDS, register_domain_kinds
from kpgov.storage._history import (
    STREAM_PREFIX,
    HistoryAnchor,
    ProjectHistories,
    SupportsAnchor,
    open_histories,
)
from kpgov.storage._keep import keep
from kpgov.storage._kinds import KINDS, Kind, KindRegistry, register_kind
from kpgov.storage._model import Event, Migration, Record, SchemaStatus
from kpgov.storage._open import init, open, parse_url
from kpgov.storage._protocol import Store
from kpgov.storage._secrets import redact_url

__all__ = [
    "CHECKPOINT_STREAM",
    "DEFAULT_CATALOGUE",
    "DOMAIN_KINDS",
    "KEY_ENV",
    "KINDS",
    "STREAM_PREFIX",
    "Checkpoint",
    "CheckpointKey",
    "Event",
    "HistoryAnchor",
    "Kind",
    "KindRegistry",
    "Migration",
    "ProjectHistories",
    "Record",
    "SchemaStatus",
    "Store",
    "StreamHead",
    "SupportsAnchor",
    "init",
    "keep",
    "load_key",
    "open",
    "open_histories",
    "parse_url",
    "redact_url",
    "register_domain_kinds",
    "register_kind",
    "save_catalogue",
    "stored_catalogue",
]
