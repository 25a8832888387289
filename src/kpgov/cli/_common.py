"""Helpers shared by the command modules: output formats and rule registration."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from kpgov.errors import ParseError
from kpgov.findings import Report

if TYPE_CHECKING:
    from kpgov.accounts import Catalogue

T = TypeVar("T")

__all__ = [
    "DOMAIN_PACKAGES",
    "add_catalogue_options",
    "add_format",
    "add_store_option",
    "chosen_catalogue",
    "load_all_rules",
    "records_via_store",
    "report_exit_code",
]

#: The domain packages whose rules ``kpgov rules`` lists (importing one registers its rules).
DOMAIN_PACKAGES = (
    "kpgov.accounts",
    "kpgov.budget",
    "kpgov.adp",
    "kpgov.calendar",
    "kpgov.indicators",
    "kpgov.forms",  # the submission checks on the First Schedule forms
)


def load_all_rules() -> None:
    """Import every domain package so that all rules are in :data:`kpgov.law.RULES`."""
    for name in DOMAIN_PACKAGES:
        importlib.import_module(name)


def add_format(parser: argparse.ArgumentParser, *choices: str, default: str = "text") -> None:
    parser.add_argument(
        "--format",
        choices=choices or ("text", "json", "markdown"),
        default=default,
        help=f"output format (default: {default})",
    )


def report_exit_code(report: Report) -> int:
    """0 when the report has no error finding, 1 when it has."""
    return 0 if report.ok else 1


def add_catalogue_options(parser: argparse.ArgumentParser, *, store: bool = True) -> None:
    """``--catalogue FILE`` (your Chart, CSV or XLSX), ``--catalogue-coverage`` and, unless the
    command has its own, ``--store URL`` (whose kept Chart is used when there is one)."""
    parser.add_argument(
        "--catalogue",
        metavar="FILE",
        default=None,
        help="your Chart of Accounts (CSV or XLSX), merged over the shipped or stored one",
    )
    parser.add_argument(
        "--catalogue-coverage",
        choices=("complete", "partial"),
        default="complete",
        help="whether --catalogue is the whole Chart (unknown codes are then errors) or a "
        "partial list (default: complete)",
    )
    if store:
        parser.add_argument(
            "--store",
            metavar="URL",
            default=None,
            help="a store whose Chart of Accounts (kpgov accounts import) is used",
        )


def chosen_catalogue(args: argparse.Namespace) -> Catalogue | None:
    """The catalogue a command checks codes against: the Chart kept in ``--store`` (if any)
    or else the shipped one, with ``--catalogue FILE`` merged over it (conflicts are noted on
    stderr). None means the shipped catalogue as it is."""
    from kpgov.accounts import Coverage, shipped_catalogue

    base = None
    if getattr(args, "store", None) is not None:
        from kpgov import storage

        with storage.open(args.store) as store:
            base = storage.stored_catalogue(store)
    if args.catalogue is None:
        return base
    from kpgov.io.accounts import merge_catalogue

    merged = merge_catalogue(
        args.catalogue,
        base=base or shipped_catalogue(),
        coverage=Coverage(args.catalogue_coverage),
        extra_columns="ignore",
    )
    for conflict in merged.conflicts:
        print(f"kpgov: note: {conflict}", file=sys.stderr)
    return merged.catalogue


def add_store_option(parser: argparse.ArgumentParser, what: str) -> None:
    """``--store URL``: keep the ``what`` read from the file in that store, or - with no
    file - read them from there (see :func:`records_via_store`)."""
    parser.add_argument(
        "--store",
        metavar="URL",
        default=None,
        help=f"a store URL: keep the {what} read from the file there (a new version of any"
        " already kept), or, with no file, read them from the store",
    )


def records_via_store(
    url: str | None,
    file: str | None,
    load: Callable[[str], Sequence[T]],
    cls: type[T],
    *,
    what: str,
    key: str | None = None,
) -> tuple[list[T], str]:
    """(the records a command works on, where they came from): loaded from ``file`` - and kept
    in the store at ``url`` when one is given - or, with no file, read from that store (only
    the one with ``key``, when given). A store is opened for reading only when it is read."""
    from kpgov import storage

    kinds = storage.register_domain_kinds(storage.KindRegistry())
    if file is not None:
        values = list(load(file))
        if url is not None:
            with storage.open(url, kinds=kinds) as store:
                storage.keep(store, values)
        return values, file
    if url is None:
        raise ParseError(f"give a {what} FILE, or --store URL to read them from a store")
    with storage.open(url, kinds=kinds, read_only=True) as store:
        name = kinds.resolve(cls).name
        if key is not None:
            return [store.get(cls, key).value], f"{store.url} [{name} {key!r}]"
        return [record.value for record in store.query(cls)], f"{store.url} [{name}]"
