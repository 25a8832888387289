"""Benchmark: budget lines to a DataFrame and back, beside the hand-made route of issue 13.

Run ``.venv/bin/python benchmarks/bench_io.py [--lines N]``. On a SYNTHETIC statement of about N
lines (default 20,000) it times, best of three rounds:

* ``kpgov.io.to_pandas`` (exact decimal columns, categoricals) against the route the issue
  describes: ``pd.DataFrame(attrs.asdict(line) ...)`` with ``str()`` on every code and enum
  (which gives object columns of Decimal that cannot plot);
* ``kpgov.io.to_arrow``, and ``lines_from_frame`` (the way back, through the CSV loader);
* notebook display: the size of ``statement._repr_html_()``.

The ratio printed is to_pandas / hand-made (below 1 is faster). Every result is checked:
the frame's ``be_next`` sum equals the statement's total and the lines come back equal.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pandas as pd

from kpgov.budget import BudgetLine, synthetic_statement
from kpgov.io import lines_from_frame, to_arrow, to_pandas
from kpgov.periods import FinancialYear


def _best(fn: Callable[[], Any], rounds: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(rounds):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def _by_hand(lines: tuple[BudgetLine, ...]) -> pd.DataFrame:
    rows = []
    for line in lines:
        row = attrs.asdict(line, recurse=False)
        rows.append(
            {k: v if isinstance(v, Decimal | str | bool) else str(v) for k, v in row.items()}
        )
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=20_000)
    args = parser.parse_args()
    statement = synthetic_statement("Bench", "BNC", FinancialYear(2025), lines=args.lines)
    lines = statement.lines
    total = sum((x.be_next for x in lines), Decimal(0))
    print(f"SYNTHETIC statement: {len(lines):,} budget lines")

    hand, frame_by_hand = _best(lambda: _by_hand(lines))
    kpgov, frame = _best(lambda: to_pandas(statement))
    arrow, _ = _best(lambda: to_arrow(statement))
    back, again = _best(lambda: lines_from_frame(frame), rounds=1)
    assert frame["be_next"].sum() == total
    assert again == lines
    assert frame_by_hand["be_next"].dtype == object  # Decimal objects: no numeric column
    print(f"hand-made DataFrame  {hand:8.3f} s  (object columns)")
    print(f"to_pandas            {kpgov:8.3f} s  (decimal128, categoricals)")
    print(f"to_arrow             {arrow:8.3f} s")
    print(f"lines_from_frame     {back:8.3f} s  (through the CSV loader)")
    print(f"ratio to_pandas / hand-made: {kpgov / hand:.2f}")
    size = len(statement._repr_html_().encode())
    print(f"notebook display of the statement: {size:,} bytes (repr {statement!r})")


if __name__ == "__main__":
    main()
