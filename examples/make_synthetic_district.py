"""Regenerate the SYNTHETIC example district that `kpgov demo` checks.

The figures are invented by a seeded generator (kpgov.testing.synthetic_statement); the
district "Sarsabz" does not exist. Run from the repository root:

    .venv/bin/python examples/make_synthetic_district.py [OUTPUT_DIR]

It writes district.json (the budget document) and district-lines.csv (its lines, an
IFMIS-style export) to OUTPUT_DIR, by default the package data folder the demo reads.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kpgov.io.budget import dump_budget
from kpgov.periods import FinancialYear
from kpgov.testing import synthetic_statement

DEFAULT = Path(__file__).resolve().parent.parent / "src/kpgov/data/examples/budget"


def main(out: Path = DEFAULT) -> None:
    statement = synthetic_statement("Sarsabz", "SRZ", FinancialYear(2025), lines=1500, seed=2025)
    out.mkdir(parents=True, exist_ok=True)
    dump_budget(statement, out / "district.json", lines_file="district-lines.csv")
    print(f"wrote {len(statement.lines)} lines of {statement.subject} to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
