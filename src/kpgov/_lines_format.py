"""The budget-lines file format (the IFMIS-style CSV of budget lines), as data.

Both :mod:`kpgov.io.budget` (``load_budget_lines``) and :mod:`kpgov.columnar`
(``read_budget_lines``) read this format; what a file must hold and how its cells are read
lives here, below both, so that the two readers accept the same files.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CONVERTED_COLUMNS", "FALSE_TEXTS", "REQUIRED_COLUMNS", "TRUE_TEXTS"]

#: The columns every budget-lines file must have.
REQUIRED_COLUMNS: Final = ("kind", "entity", "object", "be_next")

#: How a yes/no cell (``lump_sum``) is written, in any case; an empty cell is no.
TRUE_TEXTS: Final = frozenset({"true", "yes", "y", "1"})
FALSE_TEXTS: Final = frozenset({"false", "no", "n", "0", ""})

#: The columns whose cells are read by the budget line's own field converters, once per
#: distinct text (codes and enums repeat over many rows).
CONVERTED_COLUMNS: Final = (
    "kind",
    "entity",
    "object",
    "function",
    "fund",
    "project",
    "account",
    "status",
    "source",
    "charged_category",
)
