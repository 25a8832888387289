"""Load the SYNTHETIC example district, print its Financial Abstract (Form ABS) and check it.

.venv/bin/python examples/check_example_district.py
"""

from __future__ import annotations

from pathlib import Path

from kpgov.budget import check_budget
from kpgov.io.accounts import merge_catalogue
from kpgov.io.budget import load_budget

HERE = Path(__file__).resolve().parent.parent / "src/kpgov/data/examples/budget"


def main() -> int:
    statement = load_budget(HERE / "district.json")
    catalogue = merge_catalogue(HERE / "catalogue-extension.csv").catalogue
    print(statement.abstract().to_text())
    report = check_budget(statement, catalogue=catalogue)
    print()
    print(report.to_text())
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
