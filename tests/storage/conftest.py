"""Fixtures: a fresh store of every adapter, and a real PostgreSQL server.

PostgreSQL: ``$KPGOV_TEST_POSTGRES_URL`` if set; otherwise a throwaway server is started for
the session (initdb + pg_ctl from /usr/lib/postgresql/*/bin, in a temporary directory, on
127.0.0.1 and a free port, as a non-root user when the tests run as root) and stopped at the
end. Each test gets its own schema. When no server can be had the PostgreSQL tests skip with
the reason - except under ``CI=true``, where that is a failure.
"""

from __future__ import annotations

import glob
import importlib.util
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from storage_kinds import KINDS

from kpgov.storage import Store, open

ADAPTERS = ("memory", "sqlite", "dir", "postgresql")
DISK_ADAPTERS = ("sqlite", "dir", "postgresql")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _server_bin() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class _Server:
    def __init__(self) -> None:
        bindir = _server_bin()
        if bindir is None:
            raise RuntimeError("no initdb found in /usr/lib/postgresql/*/bin or on PATH")
        as_root = os.geteuid() == 0
        # As root the server runs as another user, who must reach the directory: use /tmp.
        self.base = Path(tempfile.mkdtemp(prefix="kpgov-pg-", dir="/tmp" if as_root else None))
        self.data = self.base / "data"
        self.pg_ctl = str(bindir / "pg_ctl")
        self.runner: list[str] = []
        if as_root:  # PostgreSQL refuses to run as root
            name = "postgres" if _user_exists("postgres") else "nobody"
            entry = pwd.getpwnam(name)
            os.chown(self.base, entry.pw_uid, entry.pw_gid)
            if shutil.which("runuser"):
                self.runner = ["runuser", "-u", name, "--"]
            else:
                self.runner = [
                    "setpriv",
                    f"--reuid={entry.pw_uid}",
                    f"--regid={entry.pw_gid}",
                    "--clear-groups",
                    "--",
                ]
        self._run(
            str(bindir / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "kpgov",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        self.port = _free_port()
        options = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            self.pg_ctl, "-D", str(self.data), "-l", str(self.base / "server.log"),
            "-w", "-t", "60", "-o", options, "start",
        )  # fmt: skip
        self.url = f"postgresql://kpgov@127.0.0.1:{self.port}/postgres"

    def _run(self, *cmd: str) -> None:
        result = subprocess.run(
            [*self.runner, *cmd], capture_output=True, text=True, cwd=self.base, check=False
        )
        if result.returncode != 0:
            log = self.base / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd[:2])} failed: {result.stderr.strip()} {tail}")

    def stop(self) -> None:
        try:
            self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server for the session (see the module docstring)."""
    if os.environ.get("KPGOV_CORE_ONLY") and importlib.util.find_spec("psycopg") is None:
        # `python3 dev.py test-core`: the postgres extra is not installed, by design
        pytest.skip("PostgreSQL stores need the postgres extra, absent in the core environment")
    given = os.environ.get("KPGOV_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    try:
        server = _Server()
    except Exception as exc:  # any reason the server cannot start is reported the same way
        message = (
            f"PostgreSQL tests need a server and none could be started ({exc}); set"
            " KPGOV_TEST_POSTGRES_URL or install the PostgreSQL server binaries"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[Callable[[], str]]:
    """Make URLs of fresh, empty PostgreSQL stores (one schema each, dropped afterwards)."""
    import psycopg

    schemas: list[str] = []

    def make() -> str:
        schema = f"kpgov_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        schemas.append(schema)
        sep = "&" if "?" in postgres_server else "?"
        return f"{postgres_server}{sep}options=-csearch_path%3D{schema}"

    yield make
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        for schema in schemas:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _make_url_factory(
    adapter: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Callable[[], str]:
    counter = itertools.count()
    if adapter == "memory":
        return lambda: "memory://"
    if adapter == "sqlite":
        return lambda: f"sqlite://{tmp_path}/store-{next(counter)}.db"
    if adapter == "dir":
        return lambda: f"dir://{tmp_path}/store-{next(counter)}"
    factory: Callable[[], str] = request.getfixturevalue("postgres_url")
    return factory


@pytest.fixture(
    params=[
        *ADAPTERS[:3],
        pytest.param("postgresql", marks=pytest.mark.postgres),
    ]
)
def new_url(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """A factory of URLs of fresh stores, for each adapter in turn."""
    return _make_url_factory(request.param, tmp_path, request)


@pytest.fixture
def store(new_url: Callable[[], str]) -> Iterator[Store]:
    """A fresh, empty store of each adapter in turn, holding the test kinds."""
    with open(new_url(), kinds=KINDS) as opened:
        yield opened


@pytest.fixture(
    params=[
        *DISK_ADAPTERS[:2],
        pytest.param("postgresql", marks=pytest.mark.postgres),
    ]
)
def disk_url(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """A factory of URLs of fresh stores of the adapters that persist."""
    return _make_url_factory(request.param, tmp_path, request)
