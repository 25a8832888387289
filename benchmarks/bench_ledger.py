"""Benchmark: replay 1,000,000 appropriation-ledger movements.

Run ``.venv/bin/python benchmarks/bench_ledger.py [--small] [--movements N]``. Builds one
synthetic district year (about 2,000 heads: 10 grants x 20 DDOs x 10 objects) whose movements
are the appropriations of the Schedule, then expenditure, releases, re-appropriations,
supplementary grants, surrenders and receipts in date order, and times:

* ``replay``: :func:`kpgov.budget.fold` - every head's final grant, progressive expenditure,
  available balance, and the cash balances (goal, issue 4: 1,000,000 movements under 2 s);
* ``check``: :func:`kpgov.budget.check_ledger` - the same pass with every ledger rule;
* the same replay with pandas in the same run: one row per movement (a re-appropriation is
  two rows), ``groupby`` head and kind, summing the same Decimal objects (object dtype, exact),
  and, for reference, summing int64 paisa (exact, and pandas' fastest path, but not the same
  data type). Building the DataFrames is not timed (nor is building the movements).

The pandas results are checked against kpgov's before the times are printed.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pandas as pd

from kpgov.budget import (
    Appropriation,
    AppropriationHead,
    Authority,
    CashAccount,
    Expenditure,
    Ledger,
    Movement,
    Office,
    ReAppropriation,
    Receipt,
    Release,
    SupplementaryGrant,
    Surrender,
    check_ledger,
    fold,
)
from kpgov.periods import FinancialYear

YEAR = FinancialYear(2016)
KINDS = ("appropriation", "reapp", "supplementary", "surrender", "release", "spent")


CPU: dict[str, float] = {}  # CPU seconds of each timed step, by label


def timed(label: str, fn: Callable[[], Any], n: int) -> tuple[float, Any]:
    """Run ``fn`` once; print wall-clock and CPU seconds (the machine may be shared, so CPU
    time says more about kpgov) and return the wall-clock seconds and the result."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"  {label:<46} {seconds:7.3f} s wall {cpu_seconds:7.3f} s cpu "
        f"{n / seconds:>11,.0f} movements/s"
    )
    CPU[label] = cpu_seconds
    return seconds, result


def synthetic(n: int, seed: int = 2016) -> Ledger:
    rng = random.Random(seed)
    heads = [
        AppropriationHead.parse(
            f"DF-R-{1 if g < 8 else 2}-{g + 1:03d}", f"SYN-OF{g:02d}-D{d:03d}", f"A03{o + 1:01d}01"
        )
        for g in range(10)
        for d in range(20)
        for o in range(9)
    ]
    movements: list[Movement] = [
        Appropriation(YEAR.start, head, Decimal(rng.randrange(1_000_000, 50_000_000)))
        for head in heads
    ]
    copies = tuple(Office)
    day = YEAR.start
    step = timedelta(days=1)
    per_day = max((n - len(movements)) // 365, 1)
    while len(movements) < n:
        if len(movements) % per_day == 0 and day < YEAR.end:
            day += step
        index = rng.randrange(len(heads))
        head = heads[index]
        roll = rng.random()
        if roll < 0.80:
            paisa = rng.randrange(100, 2_000_000)
            movements.append(Expenditure(day, head, Decimal(paisa).scaleb(-2)))
        elif roll < 0.88:
            movements.append(Release(day, head, Decimal(rng.randrange(1000, 100_000))))
        elif roll < 0.92:
            other = heads[(index // 9) * 9 + rng.randrange(9)]
            movements.append(
                ReAppropriation(
                    day,
                    head,
                    other,
                    Decimal(rng.randrange(100, 10_000)),
                    authority=Authority.HEAD_OF_OFFICES,
                    order="bench",
                    copies_to=copies,
                )
            )
        elif roll < 0.94:
            movements.append(
                SupplementaryGrant(
                    day, head, Decimal(rng.randrange(100, 10_000)), council_approval="DC", note="b"
                )
            )
        elif roll < 0.96:
            movements.append(Surrender(day, head, Decimal(rng.randrange(100, 5_000))))
        else:
            account = CashAccount.DISTRICT_FUND if roll < 0.99 else CashAccount.PUBLIC_ACCOUNT
            movements.append(
                Receipt(day, Decimal(rng.randrange(10_000, 1_000_000)), account=account)
            )
    return Ledger("Benchmark (synthetic)", YEAR, opening_district_fund=10**9, movements=movements)


def frames(
    ledger: Ledger,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[int, AppropriationHead]]:
    """One row per head movement (head id, kind, Decimal amount, int64 paisa)."""
    ids: dict[AppropriationHead, int] = {}
    head_col: list[int] = []
    kind_col: list[str] = []
    amounts: list[Decimal] = []
    cash_kind: list[str] = []
    cash_amount: list[Decimal] = []
    names = {
        Appropriation: "appropriation",
        SupplementaryGrant: "supplementary",
        Surrender: "surrender",
        Release: "release",
        Expenditure: "spent",
    }
    for m in ledger.movements:
        if isinstance(m, ReAppropriation):
            for head, amount in ((m.source, -m.amount), (m.target, m.amount)):
                head_col.append(ids.setdefault(head, len(ids)))
                kind_col.append("reapp")
                amounts.append(amount)
        elif isinstance(m, Receipt):
            cash_kind.append(m.account.value)
            cash_amount.append(m.amount)
        else:  # the benchmark has no Public Account withdrawals
            head_col.append(ids.setdefault(m.head, len(ids)))  # type: ignore[union-attr]  # no Withdrawal here
            kind_col.append(names[type(m)])
            amounts.append(m.amount)
            if isinstance(m, Expenditure):
                cash_kind.append("spent")
                cash_amount.append(m.amount)
    df = pd.DataFrame(
        {
            "head": head_col,
            "kind": pd.Categorical(kind_col, categories=KINDS),
            "amount": pd.Series(amounts, dtype=object),
            "paisa": pd.Series([int(a * 100) for a in amounts], dtype="int64"),
        }
    )
    cash = pd.DataFrame({"kind": cash_kind, "amount": pd.Series(cash_amount, dtype=object)})
    return df, cash, {v: k for k, v in ids.items()}


def pandas_replay(
    df: pd.DataFrame, cash: pd.DataFrame, column: str
) -> tuple[pd.DataFrame, pd.Series[Any]]:
    """The hand-written pandas equivalent of fold: per head, each kind's sum, the final grant,
    progressive expenditure, available balance and excess; and the cash totals."""
    table = df.groupby(["head", "kind"], observed=False)[column].sum().unstack("kind")
    table = table.fillna(0)
    table["final"] = (
        table["appropriation"] + table["reapp"] + table["supplementary"] - table["surrender"]
    )
    left = table["final"] - table["spent"]
    table["available"] = left.where(left > 0, 0)
    table["excess"] = (-left).where(left < 0, 0)
    return table, cash.groupby("kind")["amount"].sum()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="100,000 movements")
    parser.add_argument("--movements", type=int, default=None)
    args = parser.parse_args()
    n = args.movements or (100_000 if args.small else 1_000_000)

    print(f"building {n:,} synthetic movements ...")
    start = time.perf_counter()
    ledger = synthetic(n)
    print(f"  built in {time.perf_counter() - start:.1f} s ({len(ledger.heads()):,} heads)")
    df, cash, heads = frames(ledger)

    print("kpgov:")
    replay = "replay (fold to the year-end position)"
    replay_s, position = timed(replay, lambda: fold(ledger), n)
    check_s, findings = timed("check (every ledger rule)", lambda: list(check_ledger(ledger)), n)
    print(f"  ({len(findings):,} findings)")
    print("pandas (same run):")
    pandas_s, (table, cash_totals) = timed(
        "replay, Decimal objects (exact, same data)", lambda: pandas_replay(df, cash, "amount"), n
    )
    paisa_s, (paisa, _) = timed(
        "replay, int64 paisa (reference only)", lambda: pandas_replay(df, cash, "paisa"), n
    )

    for head_id, row in table.iterrows():
        line = position.head(heads[head_id])
        assert line.final_grant == row["final"], (heads[head_id], line, row)
        assert line.progressive == row["spent"]
        assert line.available == row["available"]
        assert line.excess == row["excess"]
        assert int(line.final_grant * 100) == paisa.loc[head_id, "final"]
    assert position.cash.district_fund.payments == cash_totals["spent"]

    print("results agree with pandas for every head")
    print(
        f"replay throughput: {n / replay_s:,.0f} movements/s; {n:,} movements in {replay_s:.3f} s"
    )
    print(f"check throughput:  {n / check_s:,.0f} movements/s")
    print(f"ratio kpgov replay / pandas (Decimal): {replay_s / pandas_s:.2f}")
    print(f"ratio kpgov replay / pandas (int64 paisa, reference): {replay_s / paisa_s:.2f}")
    replay_cpu = CPU[replay]
    print(f"replay CPU time: {replay_cpu:.3f} s ({n / replay_cpu:,.0f} movements/s of CPU)")
    pandas_cpu = CPU["replay, Decimal objects (exact, same data)"]
    print(f"ratio kpgov replay / pandas (Decimal), CPU time: {replay_cpu / pandas_cpu:.2f}")
    goal = "met" if replay_s < 2 else ("met in CPU time only" if replay_cpu < 2 else "NOT met")
    print(f"goal (issue 4): replay {n:,} movements under 2 s - {goal}")


if __name__ == "__main__":
    main()
