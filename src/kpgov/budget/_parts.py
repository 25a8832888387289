"""The parts of the Budget Rules 2016, so that rules can be listed the way the Rules are read.

The part titles and rule ranges are those printed in the seed (PART I-XIII); the schedules
and appendices are parts of their own.

>>> part_of("BR-66(4)")
'Part X: Budget presentation to the District Council'
>>> part_of("LGA-50(1)"), part_of("BR-S2-11")
('Appendix A: Local Government Act 2013 (extracts)', 'Second Schedule: budget calendar')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from kpgov.law import Rule

__all__ = ["PARTS", "part_of", "rules_by_part"]

#: The parts of the Rules: numeral, title, first and last rule.
PARTS: Final[tuple[tuple[str, str, int, int], ...]] = (
    ("I", "Preamble", 1, 2),
    ("II", "Functions of the officers relating to budget", 3, 9),
    ("III", "Budget classification and call circular", 10, 13),
    ("IV", "Estimates of receipts", 14, 20),
    ("V", "Estimates of current expenditure", 21, 28),
    ("VI", "Statement of New Expenditure (current budget)", 29, 31),
    ("VII", "Processing of development projects", 32, 40),
    ("VIII", "Development budget and Annual Development Programme", 41, 50),
    ("IX", "Integrated multiyear planning and budgeting", 51, 54),
    ("X", "Budget presentation to the District Council", 55, 68),
    ("XI", "Revenue and receipts management", 69, 73),
    ("XII", "Expenditure management", 74, 83),
    ("XIII", "Reappropriations and supplementary grants", 84, 86),
)

_OTHER: Final = {
    "S1": "First Schedule: forms",
    "S2": "Second Schedule: budget calendar",
    "LGA": "Appendix A: Local Government Act 2013 (extracts)",
    "ROB": "Appendix B: District Rules of Business 2016 (extracts)",
}
_ORDER: Final = (
    *(f"Part {numeral}: {title}" for numeral, title, _, _ in PARTS),
    _OTHER["S1"],
    _OTHER["S2"],
    _OTHER["LGA"],
    _OTHER["ROB"],
)


def part_of(rule: Rule | str) -> str:
    """The part of the Budget Rules (or their schedule or appendix) a rule id belongs to;
    ``"Other instruments"`` for the Good Governance Strategy and the other seeds."""
    rule_id = rule.id if isinstance(rule, Rule) else rule
    instrument, _, clause = rule_id.partition("-")
    if instrument in ("LGA", "ROB"):
        return _OTHER[instrument]
    if instrument != "BR":
        return "Other instruments"
    if clause.startswith(("S1-", "S2-")):
        return _OTHER[clause[:2]]
    number = re.match(r"\d+", clause)
    if number is not None:
        n = int(number.group())
        for numeral, title, first, last in PARTS:
            if first <= n <= last:
                return f"Part {numeral}: {title}"
    return "Other instruments"


def rules_by_part(rules: Iterable[Rule]) -> list[tuple[str, list[Rule]]]:
    """``rules`` grouped by :func:`part_of`, in the order of the Rules."""
    groups: dict[str, list[Rule]] = {}
    for rule in rules:
        groups.setdefault(part_of(rule), []).append(rule)
    order = {name: i for i, name in enumerate(_ORDER)}
    return sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))
