"""Benchmark: score every reporting slot of a financial year for many entities.

Each slot (indicator x entity x month or year) is reported once (a second report is an error
since kpgov-default v2), so the observations are drawn without replacement from all the slots
of the 32 districts, the departments and 600 synthetic TMAs (about 400,000 slots); ``--small``
takes 10,000 of them, ``--observations N`` N of them. Building the observations is not timed.
Run ``.venv/bin/python benchmarks/bench_indicators.py [--small | --observations N]``.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import time
from datetime import date
from decimal import Decimal
from importlib import resources

from kpgov.indicators import (
    Entity,
    EntityKind,
    Frequency,
    Indicator,
    MeasureKind,
    Observation,
    default_formula,
    departments,
    load_catalogue,
    score,
)
from kpgov.periods import FinancialYear, Month


def districts() -> list[Entity]:
    text = resources.files("kpgov.data.indicators").joinpath("districts.csv").read_text("utf-8")
    return [Entity.district(row["name"]) for row in csv.DictReader(io.StringIO(text))]


def entities() -> list[Entity]:
    """The districts, every department kpgov knows and 600 synthetic TMAs."""
    tmas = [Entity(EntityKind.TMA, f"TMA {n:03d}") for n in range(600)]
    return [*districts(), *(d.entity for d in departments()), *tmas]


def synthetic(n: int, year: FinancialYear, seed: int = 7) -> list[Observation]:
    """Up to ``n`` synthetic observations, one per slot, spread over the year."""
    rng = random.Random(seed)
    formula = default_formula()
    indicators = [
        i
        for i in load_catalogue()
        if i.frequency in (Frequency.MONTHLY, Frequency.REAL_TIME, Frequency.YEARLY)
    ]
    slots: list[tuple[Indicator, Entity, Month | FinancialYear]] = []
    for entity in entities():
        for indicator in indicators:
            if not formula.owes(indicator, entity):
                continue
            periods = [year] if indicator.frequency is Frequency.YEARLY else year.months
            slots.extend((indicator, entity, period) for period in periods)
    chosen = rng.sample(slots, min(n, len(slots)))
    yes_no = [Decimal(0), Decimal(1)]
    percents = [Decimal(p) for p in range(101)]
    counts = [Decimal(c) for c in range(50)]
    out = []
    for indicator, entity, period in chosen:
        kind = indicator.measure_kind
        if kind is MeasureKind.YES_NO:
            value = rng.choice(yes_no)
        elif kind is MeasureKind.PERCENT:
            value = rng.choice(percents)
        else:
            value = rng.choice(counts)
        out.append(Observation(indicator.id, entity, period, value))
    return out


def _calibrate() -> float:  # float-ok: seconds of a timer, not money or a score
    """CPU seconds for a million integer additions: how fast this Python is right now."""
    start = time.process_time()
    total = 0
    for i in range(1_000_000):
        total += i
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true", help="10,000 observations only")
    parser.add_argument("--observations", type=int, help="this many observations")
    args = parser.parse_args()
    n = 10_000 if args.small else 1_000_000  # capped at the number of slots
    if args.observations is not None:
        n = args.observations
    year = FinancialYear(2019)
    launch = date(2019, 3, 1)
    built = time.perf_counter()
    observations = synthetic(n, year)
    everyone = entities()
    n = len(observations)
    print(f"built {n:,} synthetic observations in {time.perf_counter() - built:.2f} s")
    calibration = _calibrate()
    start, cpu = time.perf_counter(), time.process_time()
    board = score(observations, year, launch=launch, entities=everyone)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"scored {n:,} observations for {len(board.scorecards)} entities, {year}: "
        f"{elapsed:.2f} s wall, {cpu:.2f} s CPU ({n / elapsed:,.0f} observations/s wall, "
        f"{cpu / n * 1e6:.1f} µs CPU per observation)"
    )
    print(
        f"machine calibration: 1,000,000 Python integer additions take {calibration:.3f} s CPU "
        "here (about 0.03-0.05 s on a current desktop)"
    )
    top = board.ranking()[0]
    print(f"best: {top.entity.name} {top.overall} (completeness {top.completeness}%)")


if __name__ == "__main__":
    main()
