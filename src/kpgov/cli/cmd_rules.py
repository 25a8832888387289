"""``kpgov rules``: list every encoded rule with its citation."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kpgov.cli._common import add_format, load_all_rules
from kpgov.law import INSTRUMENTS, Rule, all_rules


def register(sub: Any) -> None:
    parser = sub.add_parser("rules", help="list the encoded rules and their citations")
    add_format(parser, "text", "json", "markdown")
    parser.add_argument("--instrument", choices=sorted(INSTRUMENTS), help="only this instrument")
    parser.add_argument("--package", help="only the rules checked by this kpgov package")
    parser.set_defaults(run=run)


def rule_to_dict(rule: Rule) -> dict[str, str]:
    return {
        "id": rule.id,
        "title": rule.title,
        "severity": rule.severity.value,
        "package": rule.package,
        "instrument": rule.citation.instrument,
        "clause": rule.citation.clause,
        "reference": rule.citation.reference,
        "excerpt": rule.citation.excerpt,
    }


def rules_markdown(rules: list[Rule]) -> str:
    lines = [
        "| id | title | severity | package | law |",
        "|---|---|---|---|---|",
    ]
    for rule in rules:
        law = rule.citation.reference
        if rule.citation.excerpt:
            law += f": “{rule.citation.excerpt}”"
        cells = [f"`{rule.id}`", rule.title, rule.severity.value, rule.package, law]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    load_all_rules()
    rules = all_rules(instrument=args.instrument, package=args.package)
    if args.format == "json":
        print(json.dumps([rule_to_dict(r) for r in rules], indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        print(rules_markdown(rules))
    else:
        for rule in rules:
            print(f"{rule.id:<22} {rule.severity.value:<8} {rule.title}")
        print(f"{len(rules)} rules")
    return 0
