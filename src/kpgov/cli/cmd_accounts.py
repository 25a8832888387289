"""``kpgov accounts``: look up and search Chart of Accounts codes, and keep your own Chart.

``kpgov accounts lookup CODE`` prints a code's entry (name, level, parent, family, confidence,
source, the 1981 code it replaced) and the listed codes under it; a 1981 code is answered with
its new one. ``kpgov accounts search TEXT`` lists the matching entries, most relevant first,
each with its confidence. ``kpgov accounts import FILE --store URL`` keeps your Chart (CSV or
XLSX, an IFMIS export say) in a store, where every command given ``--store URL`` finds it.
``--catalogue FILE`` merges a Chart over the shipped (or stored) one for one command and
reports any conflicts on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from typing import Any

from kpgov.accounts import (
    Catalogue,
    CatalogueEntry,
    ChargedCategory,
    Element,
    ExpenditureClassification,
    FunctionLevel,
    ObjectLevel,
    check_expenditure,
    check_lump_sum,
    lookup,
    roll_up_columns,
    shipped_catalogue,
)
from kpgov.cli._common import add_catalogue_options, add_format, chosen_catalogue
from kpgov.errors import ParseError
from kpgov.money import format_amount

DEMO_ORDER = 20


def register(sub: Any) -> None:
    parser = sub.add_parser("accounts", help="look up and search Chart of Accounts codes")
    commands = parser.add_subparsers(dest="accounts_command", metavar="ACTION", required=True)

    look = commands.add_parser("lookup", help="show a code's catalogue entry")
    look.add_argument("code", help="a code as you would type it, e.g. a-01101 or 011105")
    _common_options(look)
    look.set_defaults(run=run_lookup)

    find = commands.add_parser("search", help="find codes by words of their name or code")
    find.add_argument("text", nargs="+", help="words that must all appear (any case)")
    find.add_argument("--limit", type=int, default=None, help="show at most this many")
    _common_options(find)
    find.set_defaults(run=run_search)

    keep = commands.add_parser(
        "import", help="keep your Chart of Accounts (CSV or XLSX) in a store for every command"
    )
    keep.add_argument("file", metavar="FILE", help="your Chart: a CSV or XLSX file")
    keep.add_argument("--store", metavar="URL", required=True, help="the store to keep it in")
    keep.add_argument(
        "--coverage",
        choices=("complete", "partial"),
        default="complete",
        help="whether FILE is the whole Chart (default) or a partial list",
    )
    keep.add_argument("--sheet", default=None, help="the sheet of a workbook (default: first)")
    keep.add_argument("--header-row", type=int, default=1, help="the row of the headings")
    keep.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="COLUMN=HEADER",
        help="which of your headers is a catalogue column, e.g. code='Acct No' (repeatable)",
    )
    keep.add_argument(
        "--replace",
        action="store_true",
        help="keep FILE as it is instead of merging it over the shipped catalogue",
    )
    keep.add_argument("--name", default="default", help="the name to keep it under")
    keep.set_defaults(run=run_import)


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--element",
        choices=[e.value for e in Element],
        default=None,
        help="the element of the code (default: told from its shape)",
    )
    add_catalogue_options(parser)
    add_format(parser, "text", "json")


def _catalogue(args: argparse.Namespace) -> Catalogue:
    return chosen_catalogue(args) or shipped_catalogue()


def _entry_dict(entry: CatalogueEntry) -> dict[str, str]:
    row = entry.as_row()
    row["confidence_meaning"] = entry.confidence.description
    return row


def run_lookup(args: argparse.Namespace) -> int:
    catalogue = _catalogue(args)
    entry = lookup(args.code, args.element, catalogue=catalogue)
    kids = catalogue.children(entry.code)
    renamed = args.code.strip() in entry.old_codes
    if args.format == "json":
        data: dict[str, Any] = _entry_dict(entry)
        data["children"] = [str(k.code) for k in kids]
        data["asked_as_old_code"] = renamed
        data["catalogue_coverage"] = catalogue.coverage.value
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    if renamed:
        print(f"{args.code.strip()} is a 1981 code; its code now is {entry.code}")
    print(f"{entry.code}  {entry.name or '(no name recorded)'}")
    print(f"  element     {entry.element.value}, {entry.level} level")
    if entry.parent is not None:
        parent = catalogue.get(entry.parent)
        name = f"  {parent.name}" if parent is not None and parent.name else ""
        print(f"  parent      {entry.parent}{name}")
    if entry.family is not None:
        print(f"  family      {entry.family.value}")
    print(f"  confidence  {entry.confidence.value} ({entry.confidence.description})")
    print(f"  source      {entry.source}")
    if entry.old_codes:
        print(f"  1981 code   {', '.join(entry.old_codes)}")
    if entry.reference:
        print(f"  reference   {entry.reference}")
    if entry.note:
        print(f"  note        {entry.note}")
    for kid in kids:
        print(f"    {kid.code}  {kid.name or '(no name recorded)'}  [{kid.confidence.value}]")
    return 0


def run_search(args: argparse.Namespace) -> int:
    catalogue = _catalogue(args)
    hits = catalogue.search(" ".join(args.text), element=args.element, limit=args.limit)
    if args.format == "json":
        print(json.dumps([_entry_dict(e) for e in hits], indent=2, ensure_ascii=False))
        return 0
    for entry in hits:
        print(f"{entry.describe()}  {entry.confidence.description}")
    found = f"{len(hits)} {'code' if len(hits) == 1 else 'codes'} found"
    print(f"{found} in a {catalogue.coverage.value} catalogue of {len(catalogue)} codes")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from kpgov import storage
    from kpgov.accounts import Coverage
    from kpgov.io.accounts import load_catalogue

    columns: dict[str, str] = {}
    for pair in args.column:
        column, sep, header = pair.partition("=")
        if not sep or not column.strip() or not header.strip():
            raise ParseError(f"--column takes COLUMN=HEADER, not {pair!r}", field="--column")
        columns[column.strip()] = header.strip()
    chart = load_catalogue(
        args.file,
        coverage=Coverage(args.coverage),
        columns=columns or None,
        sheet=args.sheet,
        header_row=args.header_row,
        extra_columns="ignore",
    )
    kept = chart
    if not args.replace:
        merged = shipped_catalogue().merge(chart)
        for conflict in merged.conflicts:
            print(f"kpgov: note: {conflict}", file=sys.stderr)
        kept = merged.catalogue
    with storage.open(args.store) as store:
        version = storage.save_catalogue(store, kept, name=args.name)
    print(
        f"kept {len(chart)} codes from {args.file} ({kept.coverage.value} catalogue of "
        f"{len(kept)} codes) as accounts.catalogue {args.name!r}, version {version}"
    )
    return 0


# ------------------------------------------------------------------------------------ demo

#: A few lines of a synthetic district office (codes from the catalogue; amounts invented).
_DEMO_LINES: tuple[tuple[str, str, str, str, str | None, str], ...] = (
    ("XD-ADM-AD01", "011105", "A01101", "DF-R-1-001", None, "4,15,000"),
    ("XD-ADM-AD01", "011105", "A01202", "DF-R-1-001", None, "1,24,500"),
    ("XD-ADM-AD01", "011105", "A03201", "DF-R-1-001", None, "18,250.50"),
    ("XD-HLT-HT02", "073101", "A01101", "DF-R-1-004", None, "6,02,000"),
    ("XD-HLT-HT02", "073101", "A03303", "DF-R-1-004", None, "95,400"),
    ("XD-WKS-WK03", "045101", "A12", "DF-R-2-009", None, "25,00,000"),
)


def demo_section(ctx: Any) -> None:
    from kpgov.money import parse_amount

    ctx.heading("Chart of Accounts: classification and roll-up (synthetic district XD)")
    entry = lookup("a-01101")
    ctx.say(
        f"'a-01101' reads as {entry.code} {entry.name} "
        f"[{entry.confidence.value}: {entry.confidence.description}]"
    )
    lines = [
        (ExpenditureClassification(e, f, o, fund, p), parse_amount(a))
        for e, f, o, fund, p, a in _DEMO_LINES
    ]
    ctx.say(f"checking {len(lines)} synthetic expenditure lines against BR-11 and BR-66(5):")
    findings = []
    flagged = 0
    for classification, _amount in lines:
        found = check_expenditure(classification, charged=False) + check_lump_sum(classification)
        flagged += bool(found)
        findings += found
    for finding in findings:
        ctx.say(
            f"  {finding.severity.value} {finding.rule_id}: {finding.subject}: {finding.message}"
        )
    ctx.say(
        f"  {len(findings)} findings on {flagged} of {len(lines)} lines; "
        "a debt repayment on a voted sub-fund would add:"
    )
    repayment = ExpenditureClassification("XD-FIN-FN01", "011105", "A10", "DF-C-3-002")
    must = check_expenditure(repayment, charged=ChargedCategory.DEBT_REPAYMENT)
    for finding in must:
        if finding.rule_id.startswith("LGA"):
            ctx.say(f"  {finding.severity.value} {finding.rule_id}: {finding.message}")
    codes = [str(c.object) for c, _ in lines]
    amounts: list[Decimal] = [a for _, a in lines]
    by_major = roll_up_columns(codes, amounts, ObjectLevel.MAJOR)
    ctx.say("roll-up by major object (exact; the total is the sum of the groups):")
    for code, amount in by_major.items():
        name = shipped_catalogue().get(code)
        ctx.say(f"  {code}  {format_amount(amount):>12}  {name.name if name else ''}")
    ctx.say(f"  total {format_amount(by_major.total):>12}")
    by_function = roll_up_columns([str(c.function) for c, _ in lines], amounts, FunctionLevel.MAJOR)
    shares = ", ".join(f"{c} {format_amount(a)}" for c, a in by_function.items())
    ctx.say(f"roll-up by major function: {shares} (total {format_amount(by_function.total)})")
