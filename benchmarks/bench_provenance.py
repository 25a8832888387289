"""Benchmark: load and check a SYNTHETIC province with provenance on and off.

A province of 38 synthetic districts (about 20,500 budget lines each, 779k lines in all) is
written to a temporary directory as a JSON document and a CSV of lines per district. Then,
interleaved and best of ``--repeat``:

1. **load**: ``kpgov.io.budget.load_budget`` with ``provenance=True`` (every line remembers
   its file and row) and ``provenance=False`` (the same loader, no locations);
2. **end to end**: load, ``check_budget`` and the JSON report, per district, as
   ``kpgov check budget --format json`` does, with provenance on.

It prints lines/s (per CPU second of this process) for each and the cost of provenance
(goal: under 10% of the load; issue 11), and the end-to-end rate (goal: at least 150,000
lines/s on the pure path; issue 12). Figures are printed, never asserted: the machine is shared.

    .venv/bin/python benchmarks/bench_provenance.py [--districts N] [--lines N] [--repeat N]
                                                    [--dir DIR]

With ``--dir`` the province is written to (and kept in) DIR, and reused when it is there.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kpgov.budget import check_budget
from kpgov.io.accounts import merge_catalogue
from kpgov.io.budget import dump_budget, load_budget
from kpgov.periods import FinancialYear
from kpgov.testing import synthetic_statement

EXAMPLE = Path(__file__).resolve().parent.parent / "src/kpgov/data/examples/budget"


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """CPU seconds of this process (on a shared machine, wall time measures the neighbours)."""
    gc.collect()
    start = time.process_time()
    result = fn()
    return time.process_time() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--districts", type=int, default=38)
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None, help="write (or reuse) the files here")
    args = parser.parse_args()
    year = FinancialYear(2025)
    catalogue = merge_catalogue(EXAMPLE / "catalogue-extension.csv").catalogue
    keep = args.dir is not None
    workdir = args.dir or Path(tempfile.mkdtemp(prefix="kpgov-bench-provenance-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        print(f"SYNTHETIC province: {args.districts} districts x >= {args.lines:,} lines")
        print(f"  machine load average (1, 5, 15 min): {os.getloadavg()} on {os.cpu_count()} CPUs")
        for n in range(args.districts):
            if (workdir / f"d{n:02d}.csv").exists():
                continue
            statement = synthetic_statement(
                f"District {n + 1:02d}", f"D{n + 1:02d}", year, lines=args.lines, seed=n
            )
            dump_budget(statement, workdir / f"d{n:02d}.json", lines_file=f"d{n:02d}.csv")
        paths = sorted(workdir.glob("d*.json"))[: args.districts]

        def load(provenance: bool) -> int:
            return sum(len(load_budget(p, provenance=provenance).lines) for p in paths)

        def end_to_end() -> int:
            lines = 0
            for p in paths:
                statement = load_budget(p)
                report = check_budget(statement, catalogue=catalogue)
                report.to_json()
                lines += len(statement.lines)
            return lines

        best: dict[str, float] = {}
        lines = 0
        for _ in range(args.repeat):
            for label, fn in (
                ("load, provenance on", lambda: load(True)),
                ("load, provenance off", lambda: load(False)),
                ("end to end (load, check, JSON report)", end_to_end),
            ):
                seconds, lines = _timed(fn)
                best[label] = min(best.get(label, seconds), seconds)
        for label, seconds in best.items():
            print(
                f"{label:<40} {lines:,} lines in {seconds:.2f} s = {lines / seconds:,.0f} lines/s"
                f" ({seconds / lines * 1e6:.1f} us a line)"
            )
        on, off = best["load, provenance on"], best["load, provenance off"]
        cost = (on - off) / off
        print(
            f"provenance costs {cost:+.1%} of the load (goal: under 10%: "
            f"{'met' if cost < 0.10 else 'NOT met'})"
        )
        rate = lines / best["end to end (load, check, JSON report)"]
        print(
            f"end to end {rate:,.0f} lines/s (goal: at least 150,000 lines/s: "
            f"{'met' if rate >= 150_000 else 'NOT met'})"
        )
        print(f"  machine load average at the end: {os.getloadavg()}")
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
