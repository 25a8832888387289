"""Least privilege on PostgreSQL, on the real server: the owner creates the schema, the app
role may insert and read events but can neither change them nor switch their guard off."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from storage_kinds import KINDS, Line, Movement

from kpgov import cli
from kpgov.errors import StoreError
from kpgov.periods import FinancialYear
from kpgov.storage import CheckpointKey, init, open

FY = FinancialYear(2016)


@pytest.fixture
def roles(postgres_server: str, postgres_url: Callable[[], str]) -> Iterator[tuple[str, str, str]]:
    """(owner URL, app URL, app role) for a fresh schema and a fresh plain login role."""
    import psycopg
    from psycopg import sql

    role = f"kpgov_app_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
    owner = postgres_url()
    user = owner.split("://", 1)[1].split("@", 1)[0]
    app = owner.replace(f"://{user}@", f"://{role}@", 1)
    yield owner, app, role
    with psycopg.connect(owner, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
        conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


@pytest.mark.postgres
def test_the_app_role_works_through_kpgov(roles: tuple[str, str, str]) -> None:
    owner, app, role = roles
    assert init(owner, app_role=role) == ["kpgov.0001-records", "kpgov.0002-events"]
    with open(app, kinds=KINDS) as store:
        record = store.put(Line("a", "A01", FY, "1"))
        store.put(Line("a", "A01", FY, "2"), expected_version=record.version)
        store.delete(Line, "a", expected_version=2)
        store.put_many([Line("b", "A01", FY, "1"), Line("c", "A01", FY, "1")])
        store.append("project/P-1", [Movement("m", "1")], expected_version=0)
        point = store.checkpoint(CheckpointKey(b"k" * 32))
        assert store.verify(checkpoint=point) == []
        with pytest.raises(StoreError, match="as the owner of the tables"):
            store.grant_app_role(role)  # type: ignore[attr-defined]  # BaseStore's, not Store's


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE kpgov_events SET doc = '{}'",
        "DELETE FROM kpgov_events",
        "TRUNCATE kpgov_events",
        "ALTER TABLE kpgov_events DISABLE TRIGGER kpgov_events_no_change",
        "ALTER TABLE kpgov_events DISABLE TRIGGER ALL",
        "DROP TRIGGER kpgov_events_no_change ON kpgov_events",
        "DROP TABLE kpgov_events",
        "ALTER TABLE kpgov_events RENAME TO kpgov_old",
        "CREATE OR REPLACE FUNCTION kpgov_events_append_only() RETURNS trigger"
        " LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$",
        "DELETE FROM kpgov_records",
        "TRUNCATE kpgov_records",
        "INSERT INTO kpgov_migrations (name, applied_at) VALUES ('x', 'now')",
        "CREATE TABLE kpgov_shadow (x int)",
    ],
)
def test_the_app_role_cannot_rewrite_events_or_disable_the_guard(
    roles: tuple[str, str, str], statement: str
) -> None:
    import psycopg

    owner, app, role = roles
    init(owner, app_role=role)
    with open(app, kinds=KINDS) as store:
        store.append("project/P-1", [Movement("m", "1"), Movement("n", "2")], expected_version=0)
        before = [e.hash for e in store.read_stream("project/P-1")]
    with (
        psycopg.connect(app, autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(statement)
    with open(owner, kinds=KINDS) as store:
        assert [e.hash for e in store.read_stream("project/P-1")] == before
        assert store.verify() == []


@pytest.mark.postgres
def test_init_refuses_a_role_that_would_keep_every_right(
    roles: tuple[str, str, str], postgres_server: str
) -> None:
    owner, _app, _role = roles
    owner_role = owner.split("://", 1)[1].split("@", 1)[0]
    with pytest.raises(StoreError, match="superuser or belongs to the tables' owner"):
        init(owner, app_role=owner_role)
    with pytest.raises(StoreError, match="does not exist: create it first"):
        init(owner, app_role="kpgov_no_such_role")


def test_roles_are_a_postgresql_feature(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="roles are a PostgreSQL feature"):
        init(f"sqlite:///{tmp_path}/s.db", app_role="app")


@pytest.mark.postgres
def test_kpgov_store_init_grants_the_app_role(
    roles: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    owner, app, role = roles
    assert cli.main(["store", "init", owner, "--app-role", role]) == 0
    out = capsys.readouterr().out
    assert f"role {role!r} may insert and read events only" in out
    assert cli.main(["store", "info", "--store", app]) == 0
