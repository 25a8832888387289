"""MkDocs hook: list the budget rules by part of the Budget Rules on docs/budget.md, generated
from the rule registry (never by hand), where the page holds the marker line."""

from __future__ import annotations

from typing import Any

from kpgov.budget import rules_by_part
from kpgov.cli._common import load_all_rules
from kpgov.cli.cmd_rules import rules_markdown
from kpgov.law import all_rules

MARKER = "<!-- rules-by-part -->"
PACKAGES = ("budget", "accounts")


def budget_rules_markdown() -> str:
    """Every rule the budget and accounts packages register, by part of the Rules."""
    load_all_rules()
    rules = [rule for rule in all_rules() if rule.package in PACKAGES]
    parts = []
    for part, members in rules_by_part(rules):
        parts += [f"### {part}", "", rules_markdown(members), ""]
    return "\n".join(parts)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, budget_rules_markdown())
