"""docs/budget.md lists every budget rule by part of the Rules, generated from the registry."""

from __future__ import annotations

import runpy
from pathlib import Path

from kpgov.budget import PARTS, part_of, rules_by_part
from kpgov.cli._common import load_all_rules
from kpgov.law import all_rules

ROOT = Path(__file__).resolve().parents[2]


def test_every_budget_rule_of_the_rules_has_its_part() -> None:
    load_all_rules()
    for rule in all_rules(instrument="BR"):
        assert part_of(rule) != "Other instruments", rule.id
    assert part_of("BR-86(4)").startswith("Part XIII")
    assert part_of("BR-13(7)#issue") == "Part III: Budget classification and call circular"
    assert part_of("ROB-16(1)(c)").startswith("Appendix B")
    assert part_of("GGS-OG-12") == "Other instruments"


def test_the_parts_cover_rules_1_to_86_without_gaps() -> None:
    numbers = [n for _, _, first, last in PARTS for n in range(first, last + 1)]
    assert numbers == list(range(1, 87))


def test_the_docs_hook_lists_every_budget_and_accounts_rule_in_the_order_of_the_rules() -> None:
    hook = runpy.run_path(str(ROOT / "docs/hooks/budget_rules.py"))
    text = hook["budget_rules_markdown"]()
    load_all_rules()
    mine = [r for r in all_rules() if r.package in ("budget", "accounts")]
    missing = [r.id for r in mine if f"`{r.id}`" not in text]
    assert not missing
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert headings == [f"### {part}" for part, _ in rules_by_part(mine)]
    assert headings.index("### Part X: Budget presentation to the District Council") < (
        headings.index("### Part XII: Expenditure management")
    )
    page = (ROOT / "docs/budget.md").read_text(encoding="utf-8")
    assert hook["MARKER"] in page
    assert hook["on_page_markdown"](page, None, None, None).count("### Part") >= 10
