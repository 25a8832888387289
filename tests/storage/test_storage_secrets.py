"""No password given in any URL form ever reaches ``url``, ``repr``, an error or a CLI line.

Forms: user information (percent-encoded, or with raw ``/ @ : ? %``), ``?password=``,
``?sslpassword=``; and the libpq ways to keep a password out of the URL altogether
(``PGPASSWORD``, a service file, a passfile), tested against a real server that checks
passwords (scram-sha-256 for one role).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from storage_kinds import KINDS, Line

from kpgov import cli
from kpgov.errors import ConflictError, StoreError
from kpgov.periods import FinancialYear
from kpgov.storage import open, redact_url
from kpgov.storage._secrets import scrub, secrets_of

PASSWORD = "Pw/x@y:z?q%25&a=b c"
SPELLINGS = (PASSWORD, quote(PASSWORD, safe=""), quote(PASSWORD), "Pw/x@y:z?q")


def _forms(host: str, user: str, password: str) -> dict[str, str]:
    enc = quote(password, safe="")
    return {
        "userinfo percent-encoded": f"postgresql://{user}:{enc}@{host}/postgres",
        "userinfo raw specials": f"postgresql://{user}:{password}@{host}/postgres",
        "query password": f"postgresql://{user}@{host}/postgres?password={enc}",
        "query password raw": f"postgresql://{user}@{host}/postgres?password={password}",
        "query sslpassword": f"postgresql://{user}:{enc}@{host}/postgres?sslpassword={enc}",
        "postgres scheme": f"postgres://{user}:{enc}@{host}/postgres?connect_timeout=1",
    }


def _clean(text: str) -> bool:
    return not any(spelling in text for spelling in SPELLINGS)


@pytest.mark.parametrize("form", list(_forms("h", "u", PASSWORD)))
def test_redact_url_hides_every_form(form: str) -> None:
    url = _forms("db.example:5432", "app", PASSWORD)[form]
    shown = redact_url(url)
    assert _clean(shown), shown
    assert "***" in shown
    assert shown.startswith(("postgresql://app", "postgres://app"))
    assert "db.example:5432/postgres" in shown or "postgres?" in shown


def test_scrub_removes_each_spelling_of_each_secret() -> None:
    url = f"postgresql://u:{quote(PASSWORD, safe='')}@h/d?sslpassword=s3cr3t-2"
    secrets = secrets_of(url)
    text = f"failed for {PASSWORD} and {quote(PASSWORD, safe='')} and s3cr3t-2"
    cleaned = scrub(text, secrets)
    assert _clean(cleaned)
    assert "s3cr3t-2" not in cleaned


@pytest.mark.parametrize("form", list(_forms("h", "u", PASSWORD)))
def test_connection_errors_and_cli_lines_never_show_the_password(
    form: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _forms("127.0.0.1:1", "app", PASSWORD)[form]
    with pytest.raises(StoreError) as caught:
        open(url)
    assert _clean(str(caught.value)), str(caught.value)
    assert caught.value.__cause__ is None or _clean(str(caught.value.__cause__))
    for command in (["store", "info", "--store", url], ["store", "verify", "--store", url],
                    ["store", "init", url, "--app-role", "app"]):  # fmt: skip
        assert cli.main(command) == 2
        out, err = capsys.readouterr()
        assert _clean(out + err), out + err
        assert "***" in err


def test_non_url_store_errors_never_show_the_password() -> None:
    for url in (f"postgresql://u:{PASSWORD}@h:1/d?bogus", f"sqlite://u:{PASSWORD}@/x.db?bogus=1"):
        with pytest.raises(StoreError) as caught:
            open(url)
        assert _clean(str(caught.value)), str(caught.value)


# -- against a server that checks passwords --------------------------------------------------


@pytest.fixture(scope="module")
def password_server(postgres_server: str) -> Iterator[tuple[str, str]]:
    """(host:port, role): a login role whose password the server checks (scram-sha-256)."""
    import psycopg
    from psycopg import sql

    role = "kpgov_pw_test"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        hba_row = conn.execute("SHOW hba_file").fetchone()
        assert hba_row is not None
        hba = Path(hba_row[0])
        try:
            original = hba.read_text()
            hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n{original}")
        except OSError as exc:
            pytest.skip(f"cannot change the server's pg_hba.conf ({exc.strerror})")
        conn.execute("SET password_encryption = 'scram-sha-256'")
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(role), sql.Literal(PASSWORD)
            )
        )
        conn.execute(sql.SQL("GRANT CREATE ON SCHEMA public TO {}").format(sql.Identifier(role)))
        conn.execute("SELECT pg_reload_conf()")
    host = postgres_server.split("@", 1)[1].split("/", 1)[0]
    deadline = time.monotonic() + 10
    while True:  # the reload is asynchronous: wait until a wrong password is refused
        try:
            psycopg.connect(f"postgresql://{role}:wrong@{host}/postgres").close()
        except psycopg.OperationalError:
            break
        if time.monotonic() > deadline:
            pytest.fail("the server did not start checking passwords")
        time.sleep(0.1)
    try:
        yield host, role
    finally:
        hba.write_text(original)
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute("SELECT pg_reload_conf()")
            conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def _use_and_check(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Open, write, provoke a conflict, run the CLI: the password shows nowhere."""
    with open(url, kinds=KINDS) as store:
        assert _clean(store.url)
        assert _clean(repr(store))
        record = store.put(Line(f"pw-{time.monotonic_ns()}", "A01", FinancialYear(2016), "1"))
        with pytest.raises(ConflictError) as caught:
            store.put(record.value, expected_version=0)
        assert _clean(str(caught.value))
    for command in (["store", "info", "--store", url], ["store", "verify", "--store", url]):
        assert cli.main(command) == 0
        out, err = capsys.readouterr()
        assert _clean(out + err), out + err


@pytest.mark.postgres
@pytest.mark.parametrize("form", ["userinfo percent-encoded", "query password"])
def test_a_password_in_the_url_works_and_is_never_shown(
    password_server: tuple[str, str], form: str, capsys: pytest.CaptureFixture[str]
) -> None:
    host, role = password_server
    _use_and_check(_forms(host, role, PASSWORD)[form], capsys)


@pytest.mark.postgres
def test_a_wrong_password_is_a_store_error_without_it(password_server: tuple[str, str]) -> None:
    host, role = password_server
    wrong = "Wr/ong@pass:word"
    with pytest.raises(StoreError, match="authentication failed") as caught:
        open(f"postgresql://{role}:{quote(wrong, safe='')}@{host}/postgres")
    assert wrong not in str(caught.value)
    assert quote(wrong, safe="") not in str(caught.value)


@pytest.mark.postgres
def test_pgpassword_a_service_file_and_a_passfile_keep_it_out_of_the_url(
    password_server: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    host, role = password_server
    hostname, port = host.rsplit(":", 1)
    plain = f"postgresql://{role}@{host}/postgres"
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    _use_and_check(plain, capsys)
    monkeypatch.delenv("PGPASSWORD")

    service = tmp_path / "pg_service.conf"
    service.write_text(
        f"[kpgov]\nhost={hostname}\nport={port}\nuser={role}\ndbname=postgres\n"
        f"password={PASSWORD}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(service))
    _use_and_check("postgresql://?service=kpgov", capsys)
    monkeypatch.delenv("PGSERVICEFILE")

    passfile = tmp_path / "pgpass"
    escaped = PASSWORD.replace("\\", "\\\\").replace(":", "\\:")
    passfile.write_text(f"{hostname}:{port}:*:{role}:{escaped}\n")
    os.chmod(passfile, 0o600)
    _use_and_check(f"{plain}?passfile={passfile}", capsys)


def test_every_adapter_shows_its_url_without_secrets(
    new_url: Callable[[], str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Contract, every adapter: ``url``, ``repr``, errors and CLI lines carry no secret. The
    test server trusts its clients, so a PostgreSQL URL here carries a password (and an
    sslpassword) it ignores - and kpgov must still never show them."""
    url = new_url()
    if url.startswith("postgresql"):
        url += f"&password={quote(PASSWORD, safe='')}&sslpassword={quote(PASSWORD, safe='')}"
    with open(url, kinds=KINDS) as store:
        shown = [store.url, repr(store)]
        record = store.put(Line("k", "A01", FinancialYear(2016), "1"))
        with pytest.raises(ConflictError) as caught:
            store.put(record.value, expected_version=0)
        shown.append(str(caught.value))
        with pytest.raises(StoreError) as refused:
            store.delete(Line, "k", expected_version=7)
        shown.append(str(refused.value))
    assert all(_clean(text) for text in shown), shown
    assert store.url == redact_url(url) or store.adapter in ("sqlite", "dir")
    if store.adapter != "memory":
        assert cli.main(["store", "info", "--store", url]) == 0
        out, err = capsys.readouterr()
        assert _clean(out + err), out + err


@given(
    password=st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="#"),
        min_size=4,
        max_size=40,
    ),
    form=st.sampled_from(["userinfo raw", "userinfo encoded", "query encoded", "sslpassword"]),
)
def test_no_password_survives_redaction(password: str, form: str) -> None:
    """Property: whatever the password, in whichever form, ``redact_url`` drops it and
    ``scrub`` removes it from text in any spelling."""
    base = "postgresql://app{}@db.example:5432/kpgov?sslmode=require{}"
    enc = quote(password, safe="")
    url = {
        "userinfo raw": base.format(f":{password}", ""),
        "userinfo encoded": base.format(f":{enc}", ""),
        "query encoded": base.format("", f"&password={enc}"),
        "sslpassword": base.format("", f"&sslpassword={enc}"),
    }[form]
    assume(password not in base and enc not in base)
    shown = redact_url(url)
    assert password not in shown
    assert enc not in shown
    assert "db.example:5432/kpgov" in shown
    text = f"driver said: {password!s} / {enc} / {quote(password)}"
    cleaned = scrub(text, secrets_of(url))
    assert password not in cleaned
    assert enc not in cleaned
