"""``kpgov check budget FILE``: check a district budget against the Budget Rules 2016 and
the Local Government Act 2013.

``FILE`` is a budget JSON document (``kpgov.budget/1``, see docs/budget.md) or a CSV of
budget lines (an IFMIS-style export; only the line checks apply, and ``--year`` is needed).
Several FILEs, or a directory (its ``*.json`` budget documents, or its ``*.csv`` files when it
has none), are checked in one process into one report, with a progress bar on a terminal
(``--quiet`` turns it off). With ``--store URL`` the checked statement is also kept in that
store (a new version when it is there already); ``--store URL --key "<district>/<year>"``
checks a statement kept there.
Exit codes: 0 no error finding, 1 error findings, 2 bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final, TextIO

from kpgov import storage
from kpgov.accounts import Catalogue
from kpgov.budget import (
    AnnualBudgetStatement,
    CashBalances,
    check_budget,
    check_budget_lines,
)
from kpgov.cli._common import (
    add_catalogue_options,
    add_format,
    chosen_catalogue,
    report_exit_code,
)
from kpgov.errors import Location, ParseError
from kpgov.findings import Finding, Report, Severity
from kpgov.io.budget import load_budget, load_budget_lines
from kpgov.money import ZERO
from kpgov.periods import FinancialYear

DEMO_ORDER: Final = 30

#: Where the synthetic example district ships inside the package.
EXAMPLE_PARTS: Final = ("data", "examples", "budget")


def register(sub: Any) -> None:
    parser = sub.add_parser("check", help="check documents against the rules they must obey")
    checks = parser.add_subparsers(dest="check_what", metavar="WHAT", required=True)
    _register_budget(checks)


def _register_budget(checks: Any) -> None:
    budget = checks.add_parser(
        "budget",
        help="check a district budget (JSON document or CSV of budget lines)",
        description="Check a district budget against every budget-document rule and print "
        "the findings. Exit 0 clean, 1 error findings, 2 bad input.",
    )
    budget.add_argument(
        "file",
        nargs="*",
        default=[],
        help="budget JSON documents or CSVs of budget lines, or directories of them",
    )
    budget.add_argument(
        "--quiet", action="store_true", help="no progress bar while checking many files"
    )
    budget.add_argument(
        "--store",
        default=None,
        help="store URL: keep the checked budget there, or with --key read it from there",
    )
    budget.add_argument(
        "--key", default=None, help='the stored budget to check, "<district>/<year>" (--store)'
    )
    add_format(budget, "text", "json", "markdown", "html")
    add_catalogue_options(budget, store=False)  # --store is above: its Chart is used too
    budget.add_argument(
        "--year",
        default=None,
        help="the budget year of a CSV of lines, e.g. 2025-26 (JSON documents state it)",
    )
    budget.add_argument(
        "--district", default=None, help="the district of a CSV of lines (default: file name)"
    )
    budget.set_defaults(run=run_budget)


def check_file(
    path: str | Path,
    *,
    catalogue: Catalogue | None = None,
    year: str | None = None,
    district: str | None = None,
) -> Report:
    """The report of checking a budget JSON document or a CSV of budget lines."""
    name = str(path)
    if name.lower().endswith(".csv"):
        if year is None:
            raise ParseError("a CSV of budget lines needs --year (e.g. --year 2025-26)", file=name)
        lines = load_budget_lines(path)
        if not lines:
            raise ParseError("no budget lines (the file has only a header)", file=name, row=2)
        statement = AnnualBudgetStatement(
            district=district or Path(name).stem,
            year=FinancialYear.parse(year),
            cash_balance=CashBalances(ZERO, ZERO, ZERO),
            public_account_opening=ZERO,
            lines=lines,
            source=Location(name, 1),  # the file as a whole: its header row
        )
        report = check_budget_lines(statement, catalogue=catalogue)
        return Report(report, title=f"Budget line check: {statement.subject} ({name})")
    return check_budget(load_budget(path), catalogue=catalogue)


def budget_files(paths: Iterable[str | Path]) -> list[Path]:
    """The budget files named by ``paths``: files as given, and for a directory its ``*.json``
    budget documents (sorted), or its ``*.csv`` files when it has no JSON document."""
    found: list[Path] = []
    for item in map(Path, paths):
        if item.is_dir():
            inside = sorted(item.glob("*.json")) or sorted(item.glob("*.csv"))
            if not inside:
                raise ParseError("the directory has no budget JSON or CSV file", file=str(item))
            found.extend(inside)
        else:
            found.append(item)
    return found


def check_files(
    paths: Sequence[str | Path],
    *,
    catalogue: Catalogue | None = None,
    year: str | None = None,
    district: str | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
) -> Report:
    """One report of checking every budget file in ``paths`` (see :func:`budget_files`);
    ``progress(done, total, path)`` is called before each file."""
    files = budget_files(paths)
    if len(files) == 1:
        if progress is not None:
            progress(0, 1, files[0])
        return check_file(files[0], catalogue=catalogue, year=year, district=district)
    findings: list[Finding] = []
    for done, path in enumerate(files):
        if progress is not None:
            progress(done, len(files), path)
        findings.extend(check_file(path, catalogue=catalogue, year=year, district=district))
    return Report(findings, title=f"Budget check: {len(files)} budgets")


class ProgressBar:
    """A one-line progress bar on ``stream`` (a terminal), rewritten in place."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width

    def __call__(self, done: int, total: int, path: Path) -> None:
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {path.name[:40]:<40}")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r" + " " * (self.width + 50) + "\r")
        self.stream.flush()


def run_budget(args: argparse.Namespace) -> int:
    if bool(args.file) == (args.key is not None):
        raise ParseError("give either a budget FILE or --store URL --key KEY", field="FILE")
    if args.key is not None and args.store is None:
        raise ParseError("--key names a budget kept in a store: give --store URL too", field="key")
    files = budget_files(args.file)
    if args.format == "html" and len(files) > 1:
        raise ParseError("--format html reports one budget: give one FILE", field="format")
    catalogue = chosen_catalogue(args)
    statement: AnnualBudgetStatement | None = None
    if args.key is not None:
        with storage.open(args.store, kinds=storage.register_domain_kinds()) as store:
            statement = store.get(AnnualBudgetStatement, args.key).value
        report = check_budget(statement, catalogue=catalogue)
    else:
        bar = ProgressBar(sys.stderr) if sys.stderr.isatty() and not args.quiet else None
        try:
            report = check_files(
                files,
                catalogue=catalogue,
                year=args.year,
                district=args.district,
                progress=bar,
            )
        finally:
            if bar is not None:
                bar.close()
        if args.store is not None:
            for path in files:
                _keep(args.store, str(path))
    if args.format == "html":
        print(_html(report, statement, str(files[0]) if files else None), end="")
    else:
        print(report.render(args.format))
    return report_exit_code(report)


def _html(report: Report, statement: AnnualBudgetStatement | None, path: str | None) -> str:
    """The self-contained HTML report (``--format html``) of a checked budget."""
    from kpgov.io.html import budget_html

    if statement is None and path is not None and path.lower().endswith(".csv"):
        return budget_html(report, lines=load_budget_lines(path))
    if statement is None and path is not None:
        statement = load_budget(path)
    return budget_html(report, statement=statement)


def _keep(url: str, path: str) -> None:
    """Keep the budget document at ``path`` in the store at ``url`` (a new version if there)."""
    if path.lower().endswith(".csv"):
        raise ParseError("only a budget JSON document can be kept in a store", file=path)
    statement = load_budget(path)
    kinds = storage.register_domain_kinds()
    key = kinds.of(statement).key_of(statement)
    with storage.open(url, kinds=kinds) as store:
        found = store.find(AnnualBudgetStatement, key)
        record = store.put(statement, expected_version=0 if found is None else found.version)
    print(
        f"kept as budget.statement {record.key!r}, version {record.version}, in {store.url}",
        file=sys.stderr,
    )


EXAMPLE_FILES: Final = ("district.json", "district-lines.csv", "catalogue-extension.csv")


def example_files(target: Path) -> Path:
    """Copy the shipped synthetic example district into ``target`` and return it."""
    folder = resources.files("kpgov").joinpath(*EXAMPLE_PARTS)
    target.mkdir(parents=True, exist_ok=True)
    for name in EXAMPLE_FILES:
        (target / name).write_text(folder.joinpath(name).read_text(encoding="utf-8"), "utf-8")
    return target


def demo_section(ctx: Any) -> None:
    """Load the shipped SYNTHETIC district, print its Financial Abstract and check it."""
    ctx.heading("Budget: a synthetic district's Annual Budget Statement, checked")
    base = example_files(ctx.workdir / "budget")
    statement = load_budget(base / "district.json")
    ctx.say(
        f"SYNTHETIC DATA: {statement.district}, {len(statement.lines):,} budget lines "
        "(figures invented; see examples/README.md)"
    )
    ctx.say(statement.abstract().to_text())
    report = check_budget(statement)  # the shipped, partial catalogue: unknown codes are a note
    ctx.say(f"\nkpgov check budget: {report.summary()}")
    shown = [f for f in report if f.severity is not Severity.INFO][:12]
    for finding in shown:
        text = f"  {finding.severity.value:<7} {finding.rule_id:<14} {finding.subject}: "
        text += finding.message
        ctx.say(text if len(text) <= 150 else text[:147] + "...")
    if len(report) > len(shown):
        ctx.say(f"  ... and {len(report) - len(shown)} more (kpgov check budget FILE)")
