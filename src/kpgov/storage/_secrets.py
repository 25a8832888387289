"""Secrets in store URLs: one redaction for every form a password can take in a URL.

A store URL may carry a password in its user information (``postgresql://app:pw@host/db``)
or in a query parameter (``?password=pw``, ``?sslpassword=pw``), percent-encoded or - since
people paste URLs by hand - with raw ``/``, ``@``, ``:`` or ``?`` in it. :func:`redact_url`
is the only form of a URL kpgov prints (``Store.url``, ``repr``, every error, every CLI
line), and :func:`scrub` removes each secret, in every spelling, from any other text (an
error message from a driver). Better still, keep passwords out of URLs: libpq reads
``PGPASSWORD``, a ``~/.pgpass`` file and a service file (``?service=NAME``) as usual.

>>> redact_url("postgresql://app:s3cr%2Ft@db.example/kpgov")
'postgresql://app:***@db.example/kpgov'
>>> redact_url("postgresql://app:p/w@d@db.example/kpgov?sslmode=require&password=x1")
'postgresql://app:***@db.example/kpgov?sslmode=require&password=***'
>>> scrub("FATAL: no entry for p/w@d", secrets_of("postgresql://app:p%2Fw%40d@h/db"))
'FATAL: no entry for ***'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final
from urllib.parse import quote, unquote, unquote_plus

__all__ = ["MASK", "redact_url", "scrub", "secrets_of"]

MASK: Final = "***"
#: Query parameters whose values are secret (password, sslpassword, tokens...). ``passfile``
#: names a file: kpgov never reads it (libpq does), so its contents are never printed.
_SECRET_PARAM: Final = re.compile(r"password|secret|token", re.IGNORECASE)


def _split(url: str) -> tuple[str, str | None, str, str | None]:
    """(``scheme://`` prefix, user information or None, rest up to the query, query or None).

    The user information runs to the last ``@`` before the first ``?`` - or, when there is
    none there, to the last ``@`` anywhere (a raw ``?`` inside a password)."""
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*:(?://)?)", url)
    prefix = match.group(1) if match else ""
    rest = url[len(prefix) :]
    userinfo: str | None = None
    if prefix.endswith("//") and not rest.startswith("/"):
        head = rest.split("?", 1)[0]
        at = head.rfind("@")
        if at < 0 and "?" in rest:
            at = rest.rfind("@")
        if at >= 0:
            userinfo, rest = rest[:at], rest[at + 1 :]
    query: str | None = None
    if "?" in rest:
        rest, query = rest.split("?", 1)
    return prefix, userinfo, rest, query


def _params(query: str) -> list[tuple[str, str]]:
    pairs = []
    for part in query.split("&"):
        name, _, value = part.partition("=")
        pairs.append((name, value))
    return pairs


def secrets_of(url: str) -> frozenset[str]:
    """Every secret in ``url``, each in every spelling it may come back in (as written,
    percent-decoded, re-encoded)."""
    _prefix, userinfo, _rest, query = _split(url)
    raw: list[str] = []
    if userinfo is not None and ":" in userinfo:
        raw.append(userinfo.split(":", 1)[1])
    for name, value in _params(query or ""):
        if _SECRET_PARAM.search(unquote(name)):
            raw.append(value)
    spellings: set[str] = set()
    for secret in raw:
        for form in (secret, unquote(secret), unquote_plus(secret)):
            spellings.update((form, quote(form, safe=""), quote(form)))
    return frozenset(s for s in spellings if s)


def scrub(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each secret replaced by ``***`` (longest first)."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, MASK)
    return text


def redact_url(url: str) -> str:
    """``url`` with its password and secret query parameters replaced by ``***``.

    >>> redact_url("sqlite:///var/kpgov/budget.db")
    'sqlite:///var/kpgov/budget.db'
    >>> redact_url("postgresql://owner@127.0.0.1:5432/postgres")
    'postgresql://owner@127.0.0.1:5432/postgres'
    """
    prefix, userinfo, rest, query = _split(url)
    out = prefix
    if userinfo is not None:
        user = userinfo.split(":", 1)[0]
        out += (user + ":" + MASK if ":" in userinfo else user) + "@"
    out += rest
    if query is not None:
        out += "?" + "&".join(
            f"{part.split('=', 1)[0]}={MASK}"
            if _SECRET_PARAM.search(unquote(part.split("=", 1)[0]))
            else part
            for part in query.split("&")
        )
    return out
