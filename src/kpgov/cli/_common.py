"""Helpers shared by the command modules: output formats and rule registration."""

from __future__ import annotations

import argparse
import importlib

from kpgov.findings import Report

__all__ = ["DOMAIN_PACKAGES", "add_format", "load_all_rules", "report_exit_code"]

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
