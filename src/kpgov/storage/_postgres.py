"""``postgresql://...``: a store in PostgreSQL for multi-user deployments (psycopg 3).

Needs the ``postgres`` extra (``psycopg`` and ``psycopg_pool``). Connections come from a
``psycopg_pool.ConnectionPool``; bulk creation uses ``COPY``. The tables match the SQLite
schema (``kpgov_records``, ``kpgov_events``, ``kpgov_migrations``) in the connection's
current schema, with ``COLLATE "C"`` keys so that keys sort by code point as in every other
adapter. Documents are kept as JSON *text*: PostgreSQL's ``text`` and ``jsonb`` cannot hold
NUL, and the canonical JSON writes NUL as the escape ``\\u0000``, so NUL round-trips. Every
statement is parameterised.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Final

from kpgov.errors import StoreError
from kpgov.storage._base import Backend, Doc, EventRow
from kpgov.storage._secrets import redact_url, scrub, secrets_of

__all__ = ["APP_GRANTS", "PostgresBackend", "redact"]

#: What the application role may do (``kpgov store init --app-role``): read everything, add
#: events (never change or remove one), create and replace records (a delete is a tombstone
#: row, an UPDATE), read the migrations. No DELETE, TRUNCATE, TRIGGER or REFERENCES, and not
#: the owner: only the owner may ALTER a table or disable its triggers.
APP_GRANTS: Final[dict[str, tuple[str, ...]]] = {
    "kpgov_events": ("SELECT", "INSERT"),
    "kpgov_records": ("SELECT", "INSERT", "UPDATE"),
    "kpgov_migrations": ("SELECT",),
}

#: Causes worth naming, by SQLSTATE class or code.
_SQLSTATE: Final[dict[str, str]] = {
    "42501": "permission denied (the role kpgov connects as may not do this)",
    "53100": "the database server's disk is full",
    "25006": "the database is read-only (a standby, or default_transaction_read_only)",
    "55P03": "the table is locked by another session",
    "57014": "the statement timed out or was cancelled",
}

_SCHEMA: Final[dict[str, tuple[str, ...]]] = {
    "kpgov.0001-records": (
        """CREATE TABLE IF NOT EXISTS kpgov_migrations (
            seq bigserial,
            name text COLLATE "C" PRIMARY KEY,
            applied_at text NOT NULL
        )""",
        """CREATE TABLE kpgov_records (
            kind text COLLATE "C" NOT NULL,
            key text COLLATE "C" NOT NULL,
            version integer NOT NULL CHECK (version >= 1),
            doc text,
            PRIMARY KEY (kind, key)
        )""",
    ),
    "kpgov.0002-events": (
        """CREATE TABLE kpgov_events (
            stream text COLLATE "C" NOT NULL,
            version integer NOT NULL CHECK (version >= 1),
            kind text COLLATE "C" NOT NULL,
            doc text NOT NULL,
            hash text NOT NULL,
            PRIMARY KEY (stream, version)
        )""",
        """CREATE OR REPLACE FUNCTION kpgov_events_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'kpgov_events is append-only'; END $$""",
        """CREATE TRIGGER kpgov_events_no_change BEFORE UPDATE OR DELETE OR TRUNCATE
        ON kpgov_events FOR EACH STATEMENT EXECUTE FUNCTION kpgov_events_append_only()""",
    ),
}


def redact(url: str) -> str:
    """The URL without its password, for messages (see :func:`redact_url`)."""
    return redact_url(url)


class PostgresBackend(Backend):
    adapter = "postgresql"
    builtin_migrations = tuple(_SCHEMA)

    def __init__(self, url: str, *, pool_size: int = 4, read_only: bool = False) -> None:
        self.location = redact_url(url)
        self._secrets = secrets_of(url)
        try:
            import psycopg
            from psycopg_pool import ConnectionPool
        except ImportError as exc:
            raise StoreError(
                "PostgreSQL stores need the postgres extra: pip install 'kpgov[postgres]'",
                file=self.location,
            ) from exc
        self._psycopg: Any = psycopg
        try:  # one plain connection first: a wrong URL fails at once, with libpq's reason
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as exc:  # the driver's text may quote the URL: scrubbed, no cause
            raise StoreError(
                scrub(f"cannot connect to PostgreSQL: {exc}".strip(), self._secrets),
                file=self.location,
            ) from None
        self.read_only = "opened read-only" if read_only else ""

        def configure(conn: Any) -> None:  # the server refuses writes, not only kpgov
            if read_only:
                conn.execute("SET default_transaction_read_only = on")

        self._pool: Any = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            open=False,
            kwargs={"autocommit": True},
            configure=configure,
            name="kpgov",
        )
        try:
            self._pool.open(wait=True, timeout=15.0)
        except Exception as exc:  # PoolTimeout, bad URL: psycopg's errors vary by cause
            self._pool.close()
            raise StoreError(
                scrub(f"cannot connect to PostgreSQL: {exc}".strip(), self._secrets),
                file=self.location,
            ) from None
        self._local = threading.local()
        with self.read_context():
            tables = {
                row[0]
                for row in self._run(
                    "SELECT table_name FROM information_schema.tables"
                    " WHERE table_schema = current_schema() AND table_name LIKE 'kpgov%%'"
                )
            }
        if tables and "kpgov_migrations" not in tables:
            self._pool.close()
            raise StoreError(
                "not a kpgov store: kpgov tables without kpgov_migrations", file=self.location
            )

    def _error(self, exc: Exception) -> StoreError:
        state = getattr(exc, "sqlstate", None) or ""
        cause = _SQLSTATE.get(state, "")
        text = f"PostgreSQL: {cause + ': ' if cause else ''}{exc}".strip()
        return StoreError(scrub(text, self._secrets), file=self.location)

    def grant_app_role(self, role: str) -> None:
        """Let ``role`` use the store with least privilege (:data:`APP_GRANTS`); refuse a
        role that owns the tables, is a superuser or a member of the owner (it would keep
        every right)."""
        from psycopg import sql

        with self.write_transaction():
            owner = self._run(
                "SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables"
                " WHERE schemaname = current_schema() AND tablename = 'kpgov_events'"
            )
            if not owner or not owner[0][0]:
                raise StoreError(
                    "grant the app role as the owner of the tables (the role that ran"
                    " `kpgov store init`)",
                    file=self.location,
                )
            found = self._run(
                "SELECT rolsuper, pg_has_role(%s, (SELECT tableowner FROM pg_tables"
                " WHERE schemaname = current_schema() AND tablename = 'kpgov_events'), 'MEMBER')"
                " FROM pg_roles WHERE rolname = %s",
                (role, role),
            )
            if not found:
                raise StoreError(
                    f"role {role!r} does not exist: create it first (CREATE ROLE {role} LOGIN"
                    " ...; give it a password or a certificate outside kpgov)",
                    file=self.location,
                )
            superuser, member_of_owner = found[0]
            if superuser or member_of_owner:
                raise StoreError(
                    f"role {role!r} is a superuser or belongs to the tables' owner, so it could"
                    " alter the events or disable their guard: use a plain login role",
                    file=self.location,
                )
            ident = sql.Identifier(role)
            schema = self._run("SELECT current_schema()")[0][0]
            self._run_sql(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(
                sql.Identifier(schema), ident))  # fmt: skip
            for table, privileges in APP_GRANTS.items():
                self._run_sql(sql.SQL("REVOKE ALL ON {} FROM PUBLIC, {}").format(
                    sql.Identifier(table), ident))  # fmt: skip
                self._run_sql(sql.SQL("GRANT " + ", ".join(privileges) + " ON {} TO {}").format(
                    sql.Identifier(table), ident))  # fmt: skip

    def _run_sql(self, statement: Any) -> None:
        conn = self._local.conn
        try:
            with conn.cursor() as cur:
                cur.execute(statement)
        except self._psycopg.Error as exc:
            raise self._error(exc) from exc

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            yield conn
            return
        try:
            with self._pool.connection() as conn:
                self._local.conn = conn
                try:
                    yield conn
                finally:
                    self._local.conn = None
        except self._psycopg.Error as exc:
            raise self._error(exc) from exc

    @contextmanager
    def write_transaction(self) -> Iterator[None]:
        with self._connection() as conn:
            try:
                with conn.transaction():
                    self._local.tx = True
                    try:
                        yield
                    finally:
                        self._local.tx = False
            except self._psycopg.Error as exc:
                raise self._error(exc) from exc

    @contextmanager
    def read_context(self) -> Iterator[None]:
        with self._connection():
            yield

    def _run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        conn = self._local.conn
        try:
            with conn.cursor() as cur:
                cur.execute(sql, params)
                return list(cur.fetchall()) if cur.description else []
        except self._psycopg.Error as exc:
            raise self._error(exc) from exc

    def _count(self, sql: str, params: Sequence[Any]) -> int:
        conn = self._local.conn
        try:
            with conn.cursor() as cur:
                cur.execute(sql, params)
                return int(cur.rowcount)
        except self._psycopg.Error as exc:
            raise self._error(exc) from exc

    def read_record(self, kind: str, key: str) -> tuple[int, Doc | None] | None:
        rows = self._run(
            "SELECT version, doc FROM kpgov_records WHERE kind = %s AND key = %s", (kind, key)
        )
        return None if not rows else (rows[0][0], rows[0][1])

    def write_record(self, kind: str, key: str, old: int | None, new: int, doc: str | None) -> bool:
        if old is None:
            return (
                self._count(
                    "INSERT INTO kpgov_records (kind, key, version, doc) VALUES (%s, %s, %s, %s)"
                    " ON CONFLICT (kind, key) DO NOTHING",
                    (kind, key, new, doc),
                )
                == 1
            )
        return (
            self._count(
                "UPDATE kpgov_records SET version = %s, doc = %s"
                " WHERE kind = %s AND key = %s AND version = %s",
                (new, doc, kind, key, old),
            )
            == 1
        )

    def insert_new(self, kind: str, rows: Sequence[tuple[str, str]]) -> bool:
        conn = self._local.conn
        psycopg = self._psycopg
        try:
            with (
                conn.transaction(),  # a savepoint inside the transaction
                conn.cursor() as cur,
                cur.copy("COPY kpgov_records (kind, key, version, doc) FROM STDIN") as copy,
            ):
                for key, doc in rows:
                    copy.write_row((kind, key, 1, doc))
        except psycopg.errors.UniqueViolation:
            return False
        except psycopg.Error as exc:
            raise self._error(exc) from exc
        return True

    def scan(self, kind: str, where: Mapping[str, str]) -> Iterator[tuple[str, int, Doc]]:
        rows = self._run(
            "SELECT key, version, doc FROM kpgov_records WHERE kind = %s AND doc IS NOT NULL"
            " ORDER BY key",
            (kind,),
        )
        return iter(rows)

    def keys(self, kind: str) -> list[str]:
        rows = self._run(
            "SELECT key FROM kpgov_records WHERE kind = %s AND doc IS NOT NULL ORDER BY key",
            (kind,),
        )
        return [row[0] for row in rows]

    def kind_counts(self) -> dict[str, int]:
        rows = self._run(
            "SELECT kind, count(*) FROM kpgov_records WHERE doc IS NOT NULL GROUP BY kind"
        )
        return {row[0]: int(row[1]) for row in rows}

    def stream_head(self, stream: str) -> tuple[int, str]:
        rows = self._run(
            "SELECT version, hash FROM kpgov_events WHERE stream = %s"
            " ORDER BY version DESC LIMIT 1",
            (stream,),
        )
        return (0, "") if not rows else (rows[0][0], rows[0][1])

    def write_events(self, stream: str, rows: Sequence[tuple[int, str, str, str]]) -> bool:
        versions, kinds, docs, hashes = (list(column) for column in zip(*rows, strict=True))
        conn = self._local.conn
        appended = False
        with conn.transaction():  # a savepoint: nothing stays half-appended
            inserted = self._count(
                "INSERT INTO kpgov_events (stream, version, kind, doc, hash)"
                " SELECT %s, * FROM unnest(%s::integer[], %s::text[], %s::text[], %s::text[])"
                " ON CONFLICT (stream, version) DO NOTHING",
                (stream, versions, kinds, docs, hashes),
            )
            appended = inserted == len(rows)
            if not appended:
                raise self._psycopg.Rollback()
        return appended

    def read_events(self, stream: str, after: int) -> Iterator[EventRow]:
        rows = self._run(
            "SELECT version, kind, doc, hash FROM kpgov_events"
            " WHERE stream = %s AND version > %s ORDER BY version",
            (stream, after),
        )
        return iter(rows)

    def stream_names(self) -> list[str]:
        rows = self._run("SELECT DISTINCT stream FROM kpgov_events ORDER BY stream")
        return [row[0] for row in rows]

    def applied_migrations(self) -> list[str]:
        if getattr(self._local, "tx", False):  # migrating: one migrator per schema at a time
            self._run(
                "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.kpgov-migrations'))"
            )
        exists = self._run(
            "SELECT 1 FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_name = 'kpgov_migrations'"
        )
        if not exists:
            return []
        return [row[0] for row in self._run("SELECT name FROM kpgov_migrations ORDER BY seq")]

    def apply_builtin(self, name: str) -> None:
        for statement in _SCHEMA[name]:
            self._run(statement)

    def record_migration(self, name: str, applied_at: str) -> None:
        self._run(
            "INSERT INTO kpgov_migrations (name, applied_at) VALUES (%s, %s)", (name, applied_at)
        )

    def close(self) -> None:
        self._pool.close()
