"""Benchmark: check a province of SYNTHETIC district budgets, against hand-written pandas.

A province of 38 synthetic districts with at least 20,000 budget lines each is written to a
temporary directory (a JSON document and an IFMIS-style CSV of lines per district), then:

1. **load**: every district is read with ``kpgov.io.budget.load_budget``;
2. **check**: every district is checked with ``kpgov.budget.check_budget`` (all the
   budget-document rules, the classification of every line against the catalogue);
3. **pandas**: the same checks written by hand with pandas on the same CSV files, amounts as
   exact ``Decimal`` objects (the like-for-like comparison), and once more with amounts as
   int64 paisa (the fastest pandas can do, not exact for sub-paisa values).

It prints the throughput of each step and the ratio of kpgov's check time to pandas' check
time. Goals (issue 4): at least 250,000 lines/s checked, within 2x of pandas. The pandas
version computes the same aggregates and line tests but counts its findings its own way (per
code where kpgov groups, without the citations and messages), so the finding counts are
printed for information, not compared. The machine's load average is printed too: on a
shared machine it says how much of a CPU the run had.

    .venv/bin/python benchmarks/bench_budget_checks.py [--small] [--districts N] [--lines N]
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from kpgov.accounts import Catalogue
from kpgov.budget import AnnualBudgetStatement, NoteForm, check_budget
from kpgov.io.accounts import merge_catalogue
from kpgov.io.budget import dump_budget, load_budget
from kpgov.periods import FinancialYear
from kpgov.testing import synthetic_statement

EXAMPLE = Path(__file__).resolve().parent.parent / "src/kpgov/data/examples/budget"
_AMOUNTS = ("actual", "be_current", "re_current", "be_next", "outer_1", "outer_2")


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _read_frame(path: Path, exact: bool) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in _AMOUNTS:
        if exact:
            df[column] = [Decimal(v) if v else None for v in df[column]]
        else:
            df[column] = pd.to_numeric(df[column].replace("", None)).mul(100).round()
    return df


def pandas_check(df: pd.DataFrame, s: AnnualBudgetStatement, catalogue: Catalogue) -> int:
    """The budget-document checks of kpgov.budget, by hand with pandas; returns the number of
    findings (the aggregates and the line-level tests kpgov computes)."""
    findings = 0
    df = df.assign(
        office=df["entity"].str.split("-").str[1],
        centre=df["entity"],
        family=df["object"].str[0],
    )
    # totals by kind and column, and the balance rules
    totals = df.groupby("kind")[list(_AMOUNTS[:4])].sum()
    receipts = totals.loc["receipt", "be_next"] if "receipt" in totals.index else 0
    spending = sum(
        totals.loc[k, "be_next"] for k in ("current", "development") if k in totals.index
    )
    re_close = s.cash_balance.re_current + (
        totals.loc["receipt", "re_current"]
        - sum(totals.loc[k, "re_current"] for k in ("current", "development") if k in totals.index)
    )
    closing = re_close + receipts - spending
    findings += 3 * (spending > receipts) + (closing < receipts * Decimal("0.05"))
    # projections, grouped by office
    unprojected = df[(df["outer_1"].isna()) | (df["outer_2"].isna())]
    findings += unprojected.groupby(["kind", "office"])["line_id"].agg(list).shape[0]
    # lump sums
    lump = (df["lump_sum"] == "true") | df["description"].str.contains(
        r"lump[\s-]*sum", flags=re.IGNORECASE, regex=True
    )
    findings += 2 * int((lump & (df["explanation"] == "")).sum())
    # Public Account heads in the District Fund
    district_fund = df[df["kind"] != "public_account"]
    findings += int(district_fund["family"].isin(["F", "G", "H"]).sum())
    # expenditure: ceilings by office and three years
    exp = df[df["kind"].isin(["current", "development"])]
    sums = exp.groupby(["office", "kind"])[["be_next", "outer_1", "outer_2"]].sum()
    ceilings = {(c.office, c.kind.value): c for c in s.ceilings if c.cost_centre is None}
    for (office, kind), row in sums.iterrows():
        c = ceilings.get((office, kind))
        if c is None:
            findings += 1
            continue
        findings += sum(row.iloc[i] > c.amount(i) for i in range(3))
    # fund: charged without ground, voted under no demand
    parts = exp["fund"].str.split("-")
    sub_fund = parts.str[2].fillna("")
    grant = parts.str[3].fillna("")
    charged = sub_fund.isin(["4", "5", "6"])
    findings += int((charged & (exp["charged_category"] == "")).sum())
    grants = {d.grant for d in s.demands}
    findings += int((~charged & (sub_fund != "") & ~grant.isin(grants)).sum())
    # new expenditure outside the SNE
    proposals = {p.proposal_id for p in s.new_expenditure.proposals}
    findings += int(((exp["status"] == "new") & ~exp["proposal"].isin(proposals)).sum())
    # classification (the structural tests of kpgov.accounts, and catalogue membership)
    findings += int(((exp["family"] != "A") | (exp["object"].str.len() != 6)).sum())
    findings += int((exp["function"].str.len() != 6).sum())
    findings += int((exp["entity"].str.count("-") != 2).sum())
    findings += int(((exp["kind"] == "development") & (exp["project"] == "")).sum())
    receipts_df = df[df["kind"] == "receipt"]
    findings += int((~receipts_df["family"].isin(["B", "C", "E"])).sum())
    known = {str(entry.code) for entry in catalogue.entries()}
    for column in ("object", "function"):
        codes = df[column][df[column] != ""].unique()
        findings += sum(code not in known for code in codes)
    sub_funds = exp["fund"].str.rsplit("-", n=1).str[0].unique()
    findings += sum(code not in known for code in sub_funds)
    # notes, council, conditional grants, proposals
    bdr = {n.office for n in s.notes if n.form is NoteForm.BDR_5}
    bdc = {n.cost_centre for n in s.notes if n.form is NoteForm.BDC_7}
    findings += sum(o not in bdr for o in receipts_df["office"].unique())
    findings += sum(c not in bdc for c in exp[exp["kind"] == "current"]["centre"].unique())
    council = set(exp[exp["office"] == s.council_office]["entity"].str[-4:])
    others = set(exp[exp["office"] != s.council_office]["entity"].str[-4:])
    findings += bool(council & others)
    cg = df[df["conditional_grant"] != ""].groupby(["conditional_grant", "kind"])["be_next"].sum()
    findings += int(cg.shape[0] == 0)
    by_proposal = exp[exp["proposal"] != ""].groupby("proposal")["be_next"].sum()
    findings += int(by_proposal.shape[0] == 0)
    return findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", action="store_true", help="3 districts of 2,000 lines")
    parser.add_argument("--districts", type=int, default=None)
    parser.add_argument("--lines", type=int, default=None)
    args = parser.parse_args()
    districts = args.districts or (3 if args.small else 38)
    per_district = args.lines or (2_000 if args.small else 20_000)
    year = FinancialYear(2025)
    catalogue = merge_catalogue(EXAMPLE / "catalogue-extension.csv").catalogue
    workdir = Path(tempfile.mkdtemp(prefix="kpgov-bench-budget-"))
    try:
        print(f"SYNTHETIC province: {districts} districts x >= {per_district:,} lines")
        print(f"  machine load average (1, 5, 15 min): {os.getloadavg()} on {os.cpu_count()} CPUs")
        start = time.perf_counter()
        for n in range(districts):
            statement = synthetic_statement(
                f"District {n + 1:02d}", f"D{n + 1:02d}", year, lines=per_district, seed=n
            )
            dump_budget(statement, workdir / f"d{n:02d}.json", lines_file=f"d{n:02d}.csv")
        print(f"  generated and written in {time.perf_counter() - start:.1f} s to {workdir}")

        paths = sorted(workdir.glob("d*.json"))
        load_s, statements = _timed(lambda: [load_budget(p) for p in paths])
        lines = sum(len(s.lines) for s in statements)
        print(
            f"load   kpgov.io.budget: {lines:,} lines in {load_s:.2f} s = "
            f"{lines / load_s:,.0f} lines/s"
        )

        check_s, reports = _timed(
            lambda: [check_budget(s, catalogue=catalogue) for s in statements]
        )
        found = sum(len(r) for r in reports)
        rate = lines / check_s
        print(
            f"check  kpgov.budget:    {lines:,} lines in {check_s:.2f} s = {rate:,.0f} lines/s "
            f"({found} findings; goal >= 250,000 lines/s: "
            f"{'met' if rate >= 250_000 else 'NOT met'})"
        )

        for exact, label in ((True, "Decimal (exact)"), (False, "int64 paisa")):
            frames_s, frames = _timed(
                lambda exact=exact: [_read_frame(p.with_suffix(".csv"), exact) for p in paths]
            )
            pd_s, counts = _timed(
                lambda frames=frames: [
                    pandas_check(f, s, catalogue) for f, s in zip(frames, statements, strict=True)
                ]
            )
            ratio = check_s / pd_s
            print(
                f"pandas {label:<16} load {lines / frames_s:,.0f} lines/s; check {pd_s:.2f} s "
                f"= {lines / pd_s:,.0f} lines/s; kpgov/pandas time ratio {ratio:.2f}"
                + (" (goal <= 2: met)" if ratio <= 2 else " (goal <= 2: NOT met)")
                + f" [{sum(counts)} pandas findings]"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
