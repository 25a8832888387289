"""Opening a store by URL."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from kpgov.errors import StoreError
from kpgov.storage._base import Backend, BaseStore
from kpgov.storage._kinds import KINDS, KindRegistry
from kpgov.storage._protocol import Store

__all__ = ["open", "parse_url"]

SCHEMES = ("memory", "sqlite", "dir", "postgresql", "postgres")


def _path(url: str, scheme: str) -> Path:
    rest = url[len(scheme) + 1 :]
    if rest.startswith("//"):
        rest = rest[2:]
    rest = re.sub(r"^/+", "/", unquote(rest.split("?", 1)[0]))
    if not rest:
        raise StoreError(f"a {scheme} URL needs a path, e.g. {scheme}:///var/kpgov/data", file=url)
    return Path(rest)


def _sync(url: str) -> bool:
    """``?sync=full`` (the default: flush to disk at every commit) or ``?sync=off``."""
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    unknown = sorted(set(query) - {"sync"})
    if unknown:
        raise StoreError(f"unknown store URL option(s): {', '.join(unknown)}", file=url)
    value = query.get("sync", ["full"])[-1]
    if value not in ("full", "off"):
        raise StoreError(f"sync is 'full' or 'off', not {value!r}", file=url)
    return value == "full"


def parse_url(url: str) -> tuple[str, str | Path]:
    """(adapter, target) for a store URL; raises StoreError for one kpgov cannot open.

    >>> parse_url("sqlite:///var/kpgov/budget.db")
    ('sqlite', PosixPath('/var/kpgov/budget.db'))
    >>> parse_url("dir:relative/folder")
    ('dir', PosixPath('relative/folder'))
    """
    if not isinstance(url, str) or ":" not in url:
        raise StoreError(
            f"not a store URL: {url!r} (use memory://, sqlite:///path.db, dir:///path"
            " or postgresql://...)"
        )
    scheme = url.split(":", 1)[0].lower()
    if scheme == "memory":
        return "memory", url
    if scheme in ("sqlite", "dir"):
        return scheme, _path(url, scheme)
    if scheme in ("postgresql", "postgres"):
        return "postgresql", url
    raise StoreError(
        f"unknown store URL scheme {scheme!r}; kpgov opens {', '.join(SCHEMES[:4])}", file=url
    )


def open(url: str, *, kinds: KindRegistry | None = None, migrate: bool = True) -> Store:
    """Open (creating if needed) the store at ``url``.

    ``memory://`` (a new empty store each time), ``sqlite:///abs/path.db`` or
    ``sqlite:relative.db``, ``dir:///abs/path`` or ``dir:relative``, ``postgresql://user@host/db``.
    SQLite and directory URLs take ``?sync=off`` to skip flushing to disk at each commit
    (still safe when the process is killed, not when the power fails; for scratch stores).
    ``kinds`` is the kind registry (default :data:`KINDS`). With ``migrate=False`` a store
    whose schema is behind is opened for :meth:`~Store.schema_status` only.
    """
    adapter, target = parse_url(url)
    backend: Backend
    if adapter == "memory":
        from kpgov.storage._memory import MemoryBackend

        backend = MemoryBackend(str(target))
    elif adapter == "sqlite":
        from kpgov.storage._sqlite import SQLiteBackend

        backend = SQLiteBackend(Path(target), sync=_sync(url))
    elif adapter == "dir":
        from kpgov.storage._dir import DirBackend

        backend = DirBackend(Path(target), sync=_sync(url))
    else:
        from kpgov.storage._postgres import PostgresBackend

        backend = PostgresBackend(str(target))
    return BaseStore(backend, kinds if kinds is not None else KINDS, migrate=migrate)
