"""``kpgov accounts``: look up and search Chart of Accounts codes.

``kpgov accounts lookup CODE`` prints a code's entry (name, level, parent, family, confidence,
source) and the listed codes under it; ``kpgov accounts search TEXT`` lists the entries whose
code, name or note contains every word. ``--catalogue FILE`` merges your own catalogue CSV
(an IFMIS export, say) over the shipped one and reports any conflicts on stderr.
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
from kpgov.cli._common import add_format
from kpgov.money import format_amount

DEMO_ORDER = 20


def register(sub: Any) -> None:
    parser = sub.add_parser("accounts", help="look up and search Chart of Accounts codes")
    commands = parser.add_subparsers(dest="accounts_command", metavar="ACTION", required=True)

    look = commands.add_parser("lookup", help="show a code's catalogue entry")
    look.add_argument("code", help="a code as you would type it, e.g. a-01101 or 011105")
    _common_options(look)
    look.set_defaults(run=run_lookup)

    find = commands.add_parser("search", help="find codes by words of their name")
    find.add_argument("text", nargs="+", help="words that must all appear (any case)")
    find.add_argument("--limit", type=int, default=None, help="show at most this many")
    _common_options(find)
    find.set_defaults(run=run_search)


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--element",
        choices=[e.value for e in Element],
        default=None,
        help="the element of the code (default: told from its shape)",
    )
    parser.add_argument(
        "--catalogue",
        metavar="FILE",
        default=None,
        help="a catalogue CSV of your own, merged over the shipped one",
    )
    add_format(parser, "text", "json")


def _catalogue(args: argparse.Namespace) -> Catalogue:
    if args.catalogue is None:
        return shipped_catalogue()
    from kpgov.io.accounts import merge_catalogue

    merged = merge_catalogue(args.catalogue)
    for conflict in merged.conflicts:
        print(f"kpgov: note: {conflict}", file=sys.stderr)
    return merged.catalogue


def _entry_dict(entry: CatalogueEntry) -> dict[str, str]:
    row = entry.as_row()
    row["confidence_meaning"] = entry.confidence.description
    return row


def run_lookup(args: argparse.Namespace) -> int:
    catalogue = _catalogue(args)
    entry = lookup(args.code, args.element, catalogue=catalogue)
    kids = catalogue.children(entry.code)
    if args.format == "json":
        data: dict[str, Any] = _entry_dict(entry)
        data["children"] = [str(k.code) for k in kids]
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
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
        print(entry.describe())
    print(f"{len(hits)} {'code' if len(hits) == 1 else 'codes'} found")
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
