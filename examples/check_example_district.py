"""Load the SYNTHETIC example district, print its Financial Abstract (Form ABS) and check it.

.venv/bin/python examples/check_example_district.py
"""

from __future__ import annotations

from pathlib import Path

from kpgov.budget import check_budget
from kpgov.io.budget import load_budget

HERE = Path(__file__).resolve().parent.parent / "src/kpgov/data/examples/budget"


def main() -> int:
    statement = load_budget(HERE / "district.json")
    print(statement.abstract().to_text())
    # The shipped catalogue is partial: the placeholder codes, well formed but not in it, are
    # one BR-11(1) note. Pass catalogue= (your Chart) to have unknown codes reported as errors.
    report = check_budget(statement)
    print()
    print(report.to_text())
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
