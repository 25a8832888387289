"""Opening a store by URL."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from kpgov.errors import KpgovError, StoreError
from kpgov.storage._base import Backend, BaseStore, os_fault
from kpgov.storage._kinds import KINDS, KindRegistry
from kpgov.storage._protocol import Store
from kpgov.storage._secrets import redact_url, scrub, secrets_of

__all__ = ["init", "open", "parse_url"]

SCHEMES = ("memory", "sqlite", "dir", "postgresql", "postgres")


def _path(url: str, scheme: str) -> Path:
    rest = url[len(scheme) + 1 :]
    if rest.startswith("//"):
        rest = rest[2:]
    rest = re.sub(r"^/+", "/", unquote(rest.split("?", 1)[0]))
    if not rest:
        raise StoreError(
            f"a {scheme} URL needs a path, e.g. {scheme}:///var/kpgov/data", file=redact_url(url)
        )
    return Path(rest)


def _options(url: str) -> tuple[bool, int]:
    """``?sync=full`` (the default: flush to disk at every commit) or ``?sync=off``;
    ``?mode=0640``: the permissions of the files kpgov creates (default 0600; folders get
    the matching search bits, 0700 by default)."""
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    unknown = sorted(set(query) - {"sync", "mode"})
    if unknown:
        raise StoreError(f"unknown store URL option(s): {', '.join(unknown)}", file=redact_url(url))
    value = query.get("sync", ["full"])[-1]
    if value not in ("full", "off"):
        raise StoreError(f"sync is 'full' or 'off', not {value!r}", file=redact_url(url))
    text = query.get("mode", ["0600"])[-1]
    if not re.fullmatch(r"0?[0-7]{3}", text) or int(text, 8) & 0o600 != 0o600:
        raise StoreError(
            f"mode is octal file permissions that let the owner read and write (e.g. 0640),"
            f" not {text!r}",
            file=redact_url(url),
        )
    return value == "full", int(text, 8)


def parse_url(url: str) -> tuple[str, str | Path]:
    """(adapter, target) for a store URL; raises StoreError for one kpgov cannot open.

    >>> parse_url("sqlite:///var/kpgov/budget.db")
    ('sqlite', PosixPath('/var/kpgov/budget.db'))
    >>> parse_url("dir:relative/folder")
    ('dir', PosixPath('relative/folder'))
    """
    if not isinstance(url, str) or ":" not in url:
        shown = redact_url(url) if isinstance(url, str) else url
        raise StoreError(
            f"not a store URL: {shown!r} (use memory://, sqlite:///path.db, dir:///path"
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
        f"unknown store URL scheme {scheme!r}; kpgov opens {', '.join(SCHEMES[:4])}",
        file=redact_url(url),
    )


def open(
    url: str,
    *,
    kinds: KindRegistry | None = None,
    migrate: bool = True,
    read_only: bool = False,
) -> Store:
    """Open (creating if needed) the store at ``url``.

    ``memory://`` (a new empty store each time), ``sqlite:///abs/path.db`` or
    ``sqlite:relative.db``, ``dir:///abs/path`` or ``dir:relative``, ``postgresql://user@host/db``.
    SQLite and directory URLs take ``?sync=off`` to skip flushing to disk at each commit
    (still safe when the process is killed, not when the power fails; for scratch stores).
    ``kinds`` is the kind registry (default :data:`KINDS`). With ``migrate=False`` a store
    whose schema is behind is opened for :meth:`~Store.schema_status` only.

    A store on read-only media, or one this process may not write, opens for reading;
    writing to it is a StoreError saying so. ``read_only=True`` opens any store that way
    (an auditor's handle: SQLite ``mode=ro``, PostgreSQL read-only transactions). No error
    and no ``url`` ever shows a password given in the URL (see :func:`redact_url`).
    """
    secrets = secrets_of(url) if isinstance(url, str) else frozenset()
    try:
        return _open(url, kinds, migrate=migrate, read_only=read_only)
    except KpgovError as exc:
        if not secrets or not any(s in str(exc) for s in secrets):
            raise
        clean = type(exc).__new__(type(exc))
        KpgovError.__init__(
            clean,
            scrub(exc.message, secrets),
            file=scrub(exc.file, secrets) if exc.file else None,
            row=exc.row,
            field=exc.field,
        )
        raise clean from None


def _open(url: str, kinds: KindRegistry | None, *, migrate: bool, read_only: bool) -> Store:
    try:
        return _open_backend(url, kinds, migrate=migrate, read_only=read_only)
    except OSError as exc:  # e.g. a folder on the path this process may not enter
        raise os_fault(exc, redact_url(url), "open the store") from None


def _open_backend(url: str, kinds: KindRegistry | None, *, migrate: bool, read_only: bool) -> Store:
    adapter, target = parse_url(url)
    backend: Backend
    if adapter == "memory":
        from kpgov.storage._memory import MemoryBackend

        memory = BaseStore(
            MemoryBackend(str(target)), kinds if kinds is not None else KINDS, migrate=migrate
        )
        memory._backend.read_only = "opened read-only" if read_only else ""
        return memory
    if adapter == "sqlite":
        from kpgov.storage._sqlite import SQLiteBackend

        sync, mode = _options(url)
        backend = SQLiteBackend(Path(target), sync=sync, mode=mode, read_only=read_only)
    elif adapter == "dir":
        from kpgov.storage._dir import DirBackend

        sync, mode = _options(url)
        backend = DirBackend(Path(target), sync=sync, mode=mode, read_only=read_only)
    else:
        from kpgov.storage._postgres import PostgresBackend

        backend = PostgresBackend(str(target), read_only=read_only)
    return BaseStore(backend, kinds if kinds is not None else KINDS, migrate=migrate)


def init(url: str, *, app_role: str | None = None, kinds: KindRegistry | None = None) -> list[str]:
    """Create the store at ``url`` (or bring its schema up to date) and return the migrations
    applied. On PostgreSQL, connect as the owner and name the ``app_role`` the application
    will connect as: it gets least privilege (see ``docs/operators.md``)."""
    with open(url, kinds=kinds, migrate=False) as store:
        applied = store.migrate()
        if app_role is not None:
            assert isinstance(store, BaseStore)
            store.grant_app_role(app_role)
    return applied
