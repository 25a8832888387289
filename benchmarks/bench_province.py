"""Benchmark (issue 12): a province of SYNTHETIC district budgets from files on disk to a report.

A province of 38 synthetic districts is written to a temporary directory (per district a JSON
document and an IFMIS-style CSV of its lines, as ``kpgov.io.budget.dump_budget`` writes them),
at several sizes. Four contenders then take every district from its files to a JSON report of
the same checks (the checks that read every line: expenditure within receipts and the 5%
closing balance from the roll-up by kind and column, lump sums, Public Account heads in the
District Fund, charged expenditure without a ground, voted expenditure under no demand, new
expenditure outside the SNE, conditional grants, outer-year projections by office, and the
indicative ceilings by office and cost centre), amounts as exact decimals:

* ``kpgov pure``: ``kpgov.io.budget.load_budget`` and ``check_balance``, ``check_lines``,
  ``check_ceilings``, ``check_conditional_grants`` (the reference path, no extra needed);
* ``kpgov columnar``: ``kpgov.columnar.read_budget`` and ``check_budget_table`` (pyarrow);
* ``polars`` and ``DuckDB``: the same checks written by hand, amounts as exact decimals
  (``Decimal(38, 2)``: the synthetic amounts have at most 2 places; kpgov finds the scale
  from the data), findings as plain dicts with shorter messages.

Each contender runs 3 times, interleaved with the others, in this one process; the best time
counts. Printed: lines/s, the time ratio to polars and DuckDB, the peak memory per line (each
contender once more in a fresh process of its own: peak RSS, ``VmHWM``, less the RSS after
the imports, divided by the lines; in the shared process freed memory stays mapped and
would hide it), and, for the columnar path, the bytes its Arrow tables hold per line. Goals
(issue 12, printed, never asserted): columnar within 2x of polars; pure at least 150,000
lines/s; at most 300 bytes a line held by the columnar path; linear scaling from 10k to 3M
lines (lines/s about the same at every size). The machine's load
average is printed: on a shared machine it says how much of a CPU the run had.

The same for 1,000,000 KPI observations (CSV to a scoreboard: kpgov pure and columnar, and
the aggregation work of the scoring in polars and DuckDB; goal: columnar within 2x of polars)
and 1,000,000 ledger movements (JSON to the position: kpgov pure and columnar with every
ledger check, the columnar contender reading the file a column at a time with
``read_ledger``, kpgov pure and columnar with the position only, polars and DuckDB the position
only; then, with the ledger loaded, the pure fold against building the Arrow table and its
group-bys, and ``check_ledger`` against ``check_ledger_table``, their findings compared).

    .venv/bin/python benchmarks/bench_province.py [--sizes 10000,100000,779190] [--with-3m]
        [--repeat 3] [--skip pure,duckdb] [--only budget,kpi,ledger] [--kpi N] [--ledger N]
        [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from kpgov.budget import (
    AnnualBudgetStatement,
    check_balance,
    check_ceilings,
    check_conditional_grants,
    check_lines,
)
from kpgov.columnar import check_budget_table, read_budget
from kpgov.findings import Report
from kpgov.io.budget import dump_budget, load_budget
from kpgov.money import format_amount
from kpgov.periods import FinancialYear
from kpgov.testing import synthetic_statement

DISTRICTS = 38
_LAUNCH = date(2019, 3, 1)
_AMOUNTS = ("actual", "be_current", "re_current", "be_next", "outer_1", "outer_2")
_PAGE = os.sysconf("SC_PAGE_SIZE")


# ------------------------------------------------------------------------ measurement


def _rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * _PAGE


def _high_water() -> int:
    """The peak RSS of this process (``VmHWM``: fresh after exec, unlike ``ru_maxrss``)."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def _peak_per_line(name: str, paths: list[Path]) -> float:
    """Peak memory per line of one run of ``name`` in a fresh process."""
    code = (
        "import sys, json\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "import bench_province as b\n"
        "base = b._rss()\n"
        f"lines, _, _ = b.CONTENDERS[{name!r}]([b.Path(p) for p in {[str(p) for p in paths]!r}])\n"
        "peak = b._high_water()\n"
        "print(json.dumps([peak - base, lines]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode != 0:
        return float("nan")
    grown, lines = json.loads(done.stdout.strip().splitlines()[-1])
    return float(grown) / lines


def _rs(amount: Decimal) -> str:
    return f"Rs {format_amount(amount)}"


# ----------------------------------------------------------------------------- kpgov


def kpgov_pure(paths: list[Path]) -> tuple[int, int, str]:
    lines = findings = 0
    reports = []
    for path in paths:
        statement = load_budget(path)
        report = Report(
            [
                *check_balance(statement),
                *check_lines(statement),
                *check_ceilings(statement),
                *check_conditional_grants(statement),
            ]
        )
        lines += len(statement.lines)
        findings += len(report)
        reports.append(report.to_dict())
    return lines, findings, json.dumps(reports)


def kpgov_columnar(paths: list[Path]) -> tuple[int, int, str]:
    lines = findings = 0
    reports = []
    for path in paths:
        budget = read_budget(path)
        report = check_budget_table(budget)
        lines += len(budget.lines)
        findings += len(report)
        reports.append(report.to_dict())
    return lines, findings, json.dumps(reports)


# ---------------------------------------------------------------- the header, for all


def _header(path: Path) -> tuple[dict[str, Any], Path]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return doc, path.parent / doc["lines_file"]


class _Findings:
    """Findings of the hand-written contenders, as plain dicts for the JSON report."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(self, rule: str, subject: str, message: str, **amounts: Any) -> None:
        self.items.append({"rule": rule, "subject": subject, "message": message, **amounts})


def _statement_checks(doc: dict[str, Any], out: _Findings, subject: str, totals: Any) -> None:
    """The balance and ceiling rules from aggregates (shared by polars and DuckDB)."""
    receipts, current, development, re_r, re_c, re_d = totals
    cash = doc["cash_balance"]
    re_close = Decimal(cash["re_current"]) + re_r - re_c - re_d
    spending = current + development
    if spending > receipts:
        for rule in ("BR-66(6)", "LGA-35(5)", "BR-3(2)(b)"):
            out.add(rule, subject, "expenditure exceeds receipts", actual=_rs(spending))
    investments = sum((Decimal(i["amount"]) for i in doc.get("investments", ())), Decimal(0))
    needed = receipts * Decimal("0.05")
    closing = re_close + receipts - spending + investments
    if closing < needed:
        out.add("BR-66(4)", subject, "closing balance below 5%", expected=_rs(needed))
    stated = cash.get("be_next")
    if stated is not None and Decimal(stated) != re_close:
        out.add("BR-S1-ABS-1", subject, "opening balance", actual=stated)


def _ceilings(
    doc: dict[str, Any],
    out: _Findings,
    subject: str,
    office_sums: dict[tuple[str, str], list[Decimal]],
    centre_sums: dict[tuple[str, str], list[Decimal]],
) -> None:
    bids: dict[tuple[str, str, str | None], Decimal] = {}
    for bid in doc.get("additional_bids", ()):
        if not bid.get("justification"):
            out.add("BR-24(5)", f"{subject} office {bid['office']}", "bid without justification")
        else:
            key = (bid["office"], bid["kind"], bid.get("cost_centre"))
            bids[key] = bids.get(key, Decimal(0)) + Decimal(bid["amount"])
    ceilings = doc.get("ceilings", ())
    by_office = {(c["office"], c["kind"]): c for c in ceilings if not c.get("cost_centre")}
    for (office, kind), sums in sorted(office_sums.items()):
        c = by_office.get((office, kind))
        if c is None:
            out.add("BR-13(7)", f"{subject} office {office}", f"{kind} without ceilings")
            continue
        _over(
            out, "BR-13(10)", f"{subject} office {office}", c, sums, bids.get((office, kind, None))
        )
    for c in ceilings:
        if c.get("cost_centre"):
            sums = centre_sums.get((c["cost_centre"], c["kind"]), [Decimal(0)] * 3)
            key = (c["office"], c["kind"], c["cost_centre"])
            _over(
                out,
                "BR-22(1)(m)",
                f"{subject} cost centre {c['cost_centre']}",
                c,
                sums,
                bids.get(key),
            )


def _over(
    out: _Findings, rule: str, subject: str, c: dict[str, Any], sums: list[Decimal], bid: Any
) -> None:
    limits = [Decimal(c["next_year"]), Decimal(c["outer_1"]), Decimal(c["outer_2"])]
    limits[0] += bid or Decimal(0)
    for year in range(3):
        if sums[year] > limits[year]:
            out.add(
                rule, subject, "over ceiling", expected=_rs(limits[year]), actual=_rs(sums[year])
            )


def _demands(doc: dict[str, Any]) -> list[str]:
    return [d["grant"] for d in doc.get("demands", ())]


def _proposals(doc: dict[str, Any]) -> list[str]:
    return [p["proposal_id"] for p in doc.get("new_expenditure", {}).get("proposals", ())]


# ---------------------------------------------------------------------------- polars


def _pl_sums(
    df: pl.DataFrame, keys: list[str], columns: tuple[str, ...]
) -> dict[Any, list[Decimal]]:
    grouped = df.group_by(keys).agg([pl.col(c).fill_null(0).sum() for c in columns])
    out = {}
    for row in grouped.iter_rows():
        out[tuple(row[: len(keys)])] = [
            v if v is not None else Decimal(0) for v in row[len(keys) :]
        ]
    return out


def polars_province(paths: list[Path]) -> tuple[int, int, str]:
    lines = findings = 0
    reports = []
    for path in paths:
        doc, csv_path = _header(path)
        subject = f"{doc['district']} {doc['year']}"
        df = pl.read_csv(csv_path, infer_schema=False)
        df = df.with_columns(
            [pl.col(c).replace("", None).str.to_decimal(scale=2) for c in _AMOUNTS]
            + [
                pl.col(c).replace("", None)
                for c in (
                    "explanation",
                    "proposal",
                    "charged_category",
                    "conditional_grant",
                    "source",
                    "fund",
                )
            ]
        ).with_columns(
            [pl.col(c).fill_null(0) for c in _AMOUNTS[:4]]
            + [pl.col("entity").str.split("-").list.get(1, null_on_oob=True).alias("office")]
        )
        out = _Findings()
        totals = _pl_sums(df, ["kind"], _AMOUNTS)
        zero = [Decimal(0)] * 6
        r, c, d = (totals.get((k,), zero) for k in ("receipt", "current", "development"))
        _statement_checks(doc, out, subject, (r[3], c[3], d[3], r[2], c[2], d[2]))
        lump = df.filter(
            (pl.col("lump_sum") == "true")
            | pl.col("description").str.contains(r"(?i)lump[\s-]*sum")
        )
        for line_id, kind, explanation, be_next in lump.select(
            "line_id", "kind", "explanation", "be_next"
        ).iter_rows():
            where = f"line {line_id}"
            if explanation is None:
                out.add("BR-66(5)", where, f"lump sum of {_rs(be_next)}")
                out.add("BR-10(2)(c)", where, f"lump sum of {_rs(be_next)}")
            else:
                rule = "BR-15(1)(g)" if kind == "receipt" else "BR-22(1)(c)"
                out.add(rule, where, f"lump sum of {_rs(be_next)}: {explanation}")
        for (line_id,) in (
            df.filter(
                (pl.col("kind") == "receipt")
                & pl.col("conditional_grant").is_not_null()
                & (pl.col("source").fill_null("") != "conditional_grant")
            )
            .select("line_id")
            .iter_rows()
        ):
            out.add("LGA-34(4)", f"line {line_id}", "conditional grant not shown")
        for line_id, obj in (
            df.filter(
                (pl.col("kind") != "public_account")
                & pl.col("object").str.slice(0, 1).is_in(["F", "G", "H"])
            )
            .select("line_id", "object")
            .iter_rows()
        ):
            out.add("BR-12(3)", f"line {line_id}", f"Public Account head {obj}")
        exp = df.filter(pl.col("kind").is_in(["current", "development"]))
        parts = pl.col("fund").str.split("-")
        exp = exp.with_columns(
            parts.list.get(2, null_on_oob=True).alias("sub_fund"),
            parts.list.get(3, null_on_oob=True).alias("grant"),
        )
        charged = pl.col("sub_fund").is_in(["4", "5", "6"])
        for (line_id,) in (
            exp.filter(charged & pl.col("charged_category").is_null()).select("line_id").iter_rows()
        ):
            out.add("LGA-32(1)", f"line {line_id}", "charged without a ground")
        for line_id, grant in (
            exp.filter(
                pl.col("sub_fund").is_not_null()
                & ~charged
                & ~pl.col("grant").fill_null("").is_in(_demands(doc))
            )
            .select("line_id", "grant")
            .iter_rows()
        ):
            out.add("BR-11(4)(d)(iv)", f"line {line_id}", "voted under no demand", actual=grant)
        for line_id, proposal in (
            exp.filter(
                (pl.col("status") == "new")
                & ~pl.col("proposal").fill_null("").is_in(_proposals(doc))
            )
            .select("line_id", "proposal")
            .iter_rows()
        ):
            out.add("BR-29(4)", f"line {line_id}", "new outside the SNE", actual=proposal)
        unprojected = (
            df.filter(pl.col("outer_1").is_null() | pl.col("outer_2").is_null())
            .group_by("kind", "office", maintain_order=True)
            .agg(pl.col("line_id"))
            .sort("kind", "office")
        )
        for kind, office, ids in unprojected.iter_rows():
            rule = "BR-14(1)" if kind == "receipt" else "BR-51(4)"
            out.add(rule, f"{subject} office {office}", f"{len(ids)} lines: {', '.join(ids[:3])}")
        _ceilings(
            doc,
            out,
            subject,
            _pl_sums(exp, ["office", "kind"], ("be_next", "outer_1", "outer_2")),
            _pl_sums(exp, ["entity", "kind"], ("be_next", "outer_1", "outer_2")),
        )
        cg = _pl_sums(
            df.filter(pl.col("conditional_grant").is_not_null()),
            ["conditional_grant", "kind"],
            ("be_next",),
        )
        received = {g: v[0] for (g, k), v in cg.items() if k == "receipt"}
        spent: dict[str, Decimal] = {}
        for (g, k), v in cg.items():
            if k in ("current", "development"):
                spent[g] = spent.get(g, Decimal(0)) + v[0]
        for name in sorted(spent):
            if name not in received:
                out.add("LGA-34(4)", f"{subject} conditional grant {name}", "not shown")
            elif spent[name] > received[name]:
                out.add(
                    "BR-28(1)",
                    f"{subject} conditional grant {name}",
                    "exceeds",
                    actual=_rs(spent[name]),
                )
        lines += df.height
        findings += len(out.items)
        reports.append({"subject": subject, "findings": out.items})
    return lines, findings, json.dumps(reports)


# ---------------------------------------------------------------------------- DuckDB


def duckdb_province(paths: list[Path]) -> tuple[int, int, str]:
    con = duckdb.connect()
    lines = findings = 0
    reports = []
    for path in paths:
        doc, csv_path = _header(path)
        subject = f"{doc['district']} {doc['year']}"
        casts = ", ".join(f"CAST(NULLIF(trim({c}), '') AS DECIMAL(38, 2)) AS {c}" for c in _AMOUNTS)
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE l AS SELECT
                line_id, kind, entity, object, NULLIF(fund, '') AS fund,
                NULLIF(explanation, '') AS explanation, NULLIF(proposal, '') AS proposal,
                NULLIF(charged_category, '') AS charged_category, status, lump_sum,
                description, NULLIF(conditional_grant, '') AS conditional_grant,
                NULLIF(source, '') AS source, split_part(entity, '-', 2) AS office,
                split_part(fund, '-', 3) AS sub_fund, split_part(fund, '-', 4) AS grant_no,
                {casts}
                FROM read_csv('{csv_path}', all_varchar = true, header = true,
                              quote = '"', escape = '"')"""
        )
        out = _Findings()
        totals = {
            (k,): rest
            for k, *rest in con.execute(
                "SELECT kind, coalesce(sum(re_current), 0), coalesce(sum(be_next), 0) "
                "FROM l GROUP BY kind"
            ).fetchall()
        }
        zero = [Decimal(0), Decimal(0)]
        r, c, d = (totals.get((k,), zero) for k in ("receipt", "current", "development"))
        _statement_checks(doc, out, subject, (r[1], c[1], d[1], r[0], c[0], d[0]))
        for line_id, kind, explanation, be_next in con.execute(
            "SELECT line_id, kind, explanation, coalesce(be_next, 0) FROM l "
            "WHERE lump_sum = 'true' "
            r"OR regexp_matches(description, '(?i)lump[\s-]*sum')"
        ).fetchall():
            where = f"line {line_id}"
            if explanation is None:
                out.add("BR-66(5)", where, f"lump sum of {_rs(be_next)}")
                out.add("BR-10(2)(c)", where, f"lump sum of {_rs(be_next)}")
            else:
                rule = "BR-15(1)(g)" if kind == "receipt" else "BR-22(1)(c)"
                out.add(rule, where, f"lump sum of {_rs(be_next)}: {explanation}")
        for (line_id,) in con.execute(
            "SELECT line_id FROM l WHERE kind = 'receipt' AND conditional_grant IS NOT NULL "
            "AND coalesce(source, '') <> 'conditional_grant'"
        ).fetchall():
            out.add("LGA-34(4)", f"line {line_id}", "conditional grant not shown")
        for line_id, obj in con.execute(
            "SELECT line_id, object FROM l WHERE kind <> 'public_account' "
            "AND left(object, 1) IN ('F', 'G', 'H')"
        ).fetchall():
            out.add("BR-12(3)", f"line {line_id}", f"Public Account head {obj}")
        exp = "kind IN ('current', 'development')"
        for (line_id,) in con.execute(
            f"SELECT line_id FROM l WHERE {exp} AND sub_fund IN ('4', '5', '6') "
            "AND charged_category IS NULL"
        ).fetchall():
            out.add("LGA-32(1)", f"line {line_id}", "charged without a ground")
        demands = _demands(doc) or [""]
        for line_id, grant in con.execute(
            f"SELECT line_id, grant_no FROM l WHERE {exp} AND sub_fund IN ('1', '2', '3') "
            "AND NOT list_contains(?, grant_no)",
            [demands],
        ).fetchall():
            out.add("BR-11(4)(d)(iv)", f"line {line_id}", "voted under no demand", actual=grant)
        for line_id, proposal in con.execute(
            f"SELECT line_id, proposal FROM l WHERE {exp} AND status = 'new' "
            "AND NOT list_contains(?, coalesce(proposal, ''))",
            [_proposals(doc) or [""]],
        ).fetchall():
            out.add("BR-29(4)", f"line {line_id}", "new outside the SNE", actual=proposal)
        for kind, office, n, ids in con.execute(
            "SELECT kind, office, count(*), list(line_id)[1:3] FROM l "
            "WHERE outer_1 IS NULL OR outer_2 IS NULL GROUP BY kind, office ORDER BY kind, office"
        ).fetchall():
            rule = "BR-14(1)" if kind == "receipt" else "BR-51(4)"
            out.add(rule, f"{subject} office {office}", f"{n} lines: {', '.join(ids)}")

        def sums(key: str, exp: str = exp) -> dict[tuple[str, str], list[Decimal]]:
            rows = con.execute(
                f"SELECT {key}, kind, coalesce(sum(be_next), 0), coalesce(sum(outer_1), 0), "
                f"coalesce(sum(outer_2), 0) FROM l WHERE {exp} GROUP BY {key}, kind"
            ).fetchall()
            return {(a, b): [x, y, z] for a, b, x, y, z in rows}

        _ceilings(doc, out, subject, sums("office"), sums("entity"))
        received: dict[str, Decimal] = {}
        spent: dict[str, Decimal] = {}
        for name, kind, value in con.execute(
            "SELECT conditional_grant, kind, coalesce(sum(be_next), 0) FROM l "
            "WHERE conditional_grant IS NOT NULL GROUP BY conditional_grant, kind"
        ).fetchall():
            if kind == "receipt":
                received[name] = value
            elif kind in ("current", "development"):
                spent[name] = spent.get(name, Decimal(0)) + value
        for name in sorted(spent):
            if name not in received:
                out.add("LGA-34(4)", f"{subject} conditional grant {name}", "not shown")
            elif spent[name] > received[name]:
                out.add(
                    "BR-28(1)",
                    f"{subject} conditional grant {name}",
                    "exceeds",
                    actual=_rs(spent[name]),
                )
        (count,) = con.execute("SELECT count(*) FROM l").fetchone() or (0,)
        lines += count
        findings += len(out.items)
        reports.append({"subject": subject, "findings": out.items})
    con.close()
    return lines, findings, json.dumps(reports)


# ------------------------------------------------------------------------------ main

CONTENDERS: dict[str, Callable[[list[Path]], tuple[int, int, str]]] = {
    "kpgov columnar": kpgov_columnar,
    "kpgov pure": kpgov_pure,
    "polars": polars_province,
    "DuckDB": duckdb_province,
}


def _generate(workdir: Path, per_district: int) -> list[Path]:
    year = FinancialYear(2025)
    for n in range(DISTRICTS):
        statement: AnnualBudgetStatement = synthetic_statement(
            f"District {n + 1:02d}", f"D{n + 1:02d}", year, lines=per_district, seed=n
        )
        dump_budget(statement, workdir / f"d{n:02d}.json", lines_file=f"d{n:02d}.csv")
        del statement
    return sorted(workdir.glob("d*.json"))


def _columnar_bytes(paths: list[Path]) -> tuple[int, int]:
    held = lines = 0
    for path in paths:
        table = read_budget(path).lines.table
        held += table.nbytes
        lines += table.num_rows
    return held, lines


def _province(target: int, keep: Path | None) -> tuple[Path, list[Path], str]:
    """The province's folder, its district documents, and how it came to be: generated in a
    temporary folder, or under ``keep`` (reused there when a run already generated it)."""
    per_district = max(1, round(target / DISTRICTS / 1.0253))  # the generator adds ~2.5%
    if keep is None:
        workdir = Path(tempfile.mkdtemp(prefix="kpgov-bench-province-"))
    else:
        workdir = keep / f"province-{target}"
        done = workdir / "complete"
        if done.exists():
            return workdir, sorted(workdir.glob("d*.json")), f"reused from {workdir}"
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
    start = time.perf_counter()
    paths = _generate(workdir, per_district)
    if keep is not None:
        (workdir / "complete").write_text("generated\n")
    return workdir, paths, f"generated in {time.perf_counter() - start:.1f} s"


def run_size(target: int, repeat: int, skip: set[str], keep: Path | None = None) -> None:
    workdir, paths, how = _province(target, keep)
    try:
        size = sum(p.stat().st_size + (p.with_suffix(".csv")).stat().st_size for p in paths)
        print(
            f"\n== {DISTRICTS} districts, ~{target:,} lines: {how} "
            f"({size / 1e6:.0f} MB on disk); load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        best: dict[str, float] = {}
        peaks: dict[str, float] = {}
        counts: dict[str, tuple[int, int]] = {}
        contenders = {k: v for k, v in CONTENDERS.items() if k not in skip}
        for _ in range(repeat):
            for name, run in contenders.items():
                gc.collect()
                t0 = time.perf_counter()
                lines, found, text = run(paths)
                elapsed = time.perf_counter() - t0
                del text
                best[name] = min(best.get(name, elapsed), elapsed)
                counts[name] = (lines, found)
        for name in contenders:
            peaks[name] = _peak_per_line(name, paths)
        lines = counts[next(iter(counts))][0]
        for name in contenders:
            seconds = best[name]
            ratios = "; ".join(
                f"{seconds / best[other]:.2f}x {other}"
                for other in ("polars", "DuckDB")
                if other in best and other != name
            )
            print(
                f"  {name:<15} {seconds:7.2f} s  {counts[name][0] / seconds:>11,.0f} lines/s  "
                f"peak {peaks[name]:5.0f} B/line  "
                f"{counts[name][1]:>6} findings  [{ratios}]"
            )
        if "kpgov columnar" in best:
            held, n = _columnar_bytes(paths)
            print(
                f"  columnar tables hold {held / n:.0f} bytes/line (goal <= 300: "
                f"{'met' if held / n <= 300 else 'NOT met'})"
            )
            if "polars" in best:
                ratio = best["kpgov columnar"] / best["polars"]
                met = "met" if ratio <= 2 else "NOT met"
                print(f"  columnar / polars = {ratio:.2f} (goal <= 2: {met})")
        if "kpgov pure" in best:
            rate = lines / best["kpgov pure"]
            met = "met" if rate >= 150_000 else "NOT met"
            print(f"  pure {rate:,.0f} lines/s (goal >= 150,000: {met})")
    finally:
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


# ----------------------------------------------------------------- KPI observations

_KPI_MEASURE = {"yes_no": 0, "percent": 1, "count": 2}


def _kpi_file(workdir: Path, n: int) -> tuple[Path, list[Any]]:
    from bench_indicators import districts
    from bench_indicators import synthetic as observations

    path = workdir / "observations.csv"
    rows = observations(n, FinancialYear(2019))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["indicator", "entity_kind", "entity", "period", "value"])
        for o in rows:
            writer.writerow([o.indicator_id, o.entity.kind.value, o.entity.name, o.period, o.value])
    return path, districts()


def _kpi_measures() -> dict[str, int]:
    from kpgov.indicators import MeasureKind, load_catalogue

    code = {MeasureKind.YES_NO: 0, MeasureKind.PERCENT: 1}
    return {i.id: code.get(i.measure_kind, 2) for i in load_catalogue()}


def kpi_pure(path: Path, entities: list[Any]) -> Any:
    from kpgov.indicators import score
    from kpgov.io.indicators import load_observations

    return score(load_observations(path), FinancialYear(2019), launch=_LAUNCH, entities=entities)


def kpi_columnar(path: Path, entities: list[Any]) -> Any:
    from kpgov.columnar import read_observations, score_table

    table = read_observations(path)
    return score_table(table, FinancialYear(2019), launch=_LAUNCH, entities=entities)


def kpi_polars(path: Path, _entities: list[Any]) -> Any:
    """Slot values (sum of a count, mean otherwise), counts against the best district of the
    slot, then the mean per district and indicator and per district: the aggregation work of
    the scoring, exact decimals (not the formula's weights and missing-data rule)."""
    measures = _kpi_measures()
    df = pl.read_csv(path, infer_schema=False).with_columns(
        pl.col("value").str.to_decimal(scale=2),
        pl.col("indicator").replace_strict(measures, return_dtype=pl.Int8).alias("measure"),
    )
    slots = df.group_by("indicator", "measure", "entity_kind", "entity", "period").agg(
        pl.col("value").sum().alias("total"), pl.len().alias("n")
    )
    best = pl.col("value").max().over("indicator", "period")
    slots = (
        slots.with_columns(
            pl.when(pl.col("measure") == 2)
            .then(pl.col("total"))
            .otherwise(pl.col("total") / pl.col("n"))
            .alias("value")
        )
        .with_columns(pl.when(best == 0).then(1).otherwise(best).alias("best"))
        .with_columns(
            pl.when(pl.col("measure") == 0)
            .then(pl.col("value"))
            .when(pl.col("measure") == 1)
            .then(pl.col("value") / 100)
            .otherwise(pl.col("value") / pl.col("best"))
            .alias("ratio")
        )
    )
    per_indicator = slots.group_by("entity", "indicator").agg(pl.col("ratio").mean())
    return per_indicator.group_by("entity").agg(pl.col("ratio").mean()).sort("ratio")


def kpi_duckdb(path: Path, _entities: list[Any]) -> Any:
    """The same aggregation as :func:`kpi_polars`, in SQL."""
    con = duckdb.connect()
    measures = _kpi_measures()
    con.execute("CREATE TEMP TABLE m (indicator VARCHAR, measure INTEGER)")
    con.executemany("INSERT INTO m VALUES (?, ?)", list(measures.items()))
    result = con.execute(
        f"""
        WITH o AS (
            SELECT indicator, entity_kind, entity, period, CAST(value AS DECIMAL(38, 2)) AS value
            FROM read_csv('{path}', all_varchar = true, header = true)),
        s AS (
            SELECT o.indicator, m.measure, entity, period, sum(value) AS total, count(*) AS n
            FROM o JOIN m USING (indicator)
            GROUP BY o.indicator, m.measure, entity_kind, entity, period),
        v AS (
            SELECT *, CASE WHEN measure = 2 THEN total ELSE total / n END AS value FROM s),
        r AS (
            SELECT entity, indicator, CASE WHEN measure = 0 THEN value
                WHEN measure = 1 THEN value / 100
                ELSE coalesce(
                    value / NULLIF(max(value) OVER (PARTITION BY indicator, period), 0), 0)
                END AS ratio
            FROM v)
        SELECT entity, avg(ratio) AS score FROM (
            SELECT entity, indicator, avg(ratio) AS ratio FROM r GROUP BY entity, indicator)
        GROUP BY entity ORDER BY score"""
    ).fetchall()
    con.close()
    return result


def run_kpi(n: int, repeat: int) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="kpgov-bench-kpi-"))
    try:
        start = time.perf_counter()
        path, entities = _kpi_file(workdir, n)
        (workdir / "warm").mkdir()
        warm, _ = _kpi_file(workdir / "warm", 2_000)
        rows = sum(1 for _ in path.open(encoding="utf-8")) - 1
        print(
            f"\n== {n:,} KPI observations asked, {rows:,} written (one per slot: the synthetic "
            f"year has no more) (SYNTHETIC) from CSV to a scoreboard: generated in "
            f"{time.perf_counter() - start:.1f} s; load average {os.getloadavg()[0]:.1f}"
        )
        contenders = {
            "kpgov columnar": kpi_columnar,
            "kpgov pure": kpi_pure,
            "polars": kpi_polars,
            "DuckDB": kpi_duckdb,
        }
        for run in contenders.values():  # imports, the catalogue, the formula: not timed
            run(warm, entities)
        best: dict[str, float] = {}
        cpu: dict[str, float] = {}
        results: dict[str, Any] = {}
        for _ in range(repeat):
            for name, run in contenders.items():
                gc.collect()
                t0, c0 = time.perf_counter(), time.process_time()
                results[name] = run(path, entities)
                best[name] = min(best.get(name, 1e9), time.perf_counter() - t0)
                cpu[name] = min(cpu.get(name, 1e9), time.process_time() - c0)
        for name, seconds in best.items():
            print(
                f"  {name:<15} {seconds:7.2f} s  {rows / seconds:>11,.0f} observations/s  "
                f"[{seconds / best['polars']:.2f}x polars; {seconds / best['DuckDB']:.2f}x DuckDB]"
                f"  CPU {cpu[name]:6.2f} s [{cpu[name] / cpu['polars']:.2f}x polars' CPU]"
            )
        same = results["kpgov columnar"] == results["kpgov pure"]
        ratio = best["kpgov columnar"] / best["polars"]
        met = "met" if ratio <= 2 else "NOT met"
        print(f"  columnar scoreboard equal to the pure one: {same}")
        print(
            f"  columnar / polars = {ratio:.2f} (goal <= 2: {met}); load average "
            f"{os.getloadavg()[0]:.1f}"
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# ------------------------------------------------------------------ ledger movements


def _ledger_file(workdir: Path, n: int) -> Path:
    from bench_ledger import synthetic as ledger

    from kpgov.io.ledger import dump_ledger

    path = workdir / "ledger.json"
    dump_ledger(ledger(n), path)
    return path


def ledger_columnar(path: Path) -> Any:
    """The ledger file read a column at a time into an Arrow table (``read_ledger``), the
    position by group-bys and every ledger check on the columns (``check_ledger_table``), as
    ``kpgov pure`` does."""
    from kpgov.columnar import check_ledger_table, read_ledger

    table = read_ledger(path)
    position = table.position()
    findings = check_ledger_table(table, file=str(path))
    return position.final_grant, position.progressive, len(findings)


def ledger_columnar_position(path: Path) -> Any:
    """The ledger file read a column at a time (``read_ledger``), then the position by
    group-bys (the position only, as polars and DuckDB)."""
    from kpgov.columnar import read_ledger

    position = read_ledger(path).position()
    return position.final_grant, position.progressive


def ledger_pure_position(path: Path) -> Any:
    """kpgov's loader, then the pure fold (the position only, as the columnar contender)."""
    from kpgov.io.ledger import load_ledger

    position = load_ledger(path).position()
    return position.final_grant, position.progressive


def ledger_pure(path: Path) -> Any:
    from kpgov.budget import check_ledger
    from kpgov.io.ledger import load_ledger

    ledger = load_ledger(path)
    position = ledger.position()
    findings = list(check_ledger(ledger, file=str(path)))
    return position.final_grant, position.progressive, len(findings)


_LEDGER_SQL = """
    WITH m AS (SELECT unnest(movements) AS m FROM read_json('{path}', maximum_object_size = 1e9)),
    f AS (
        SELECT m.kind AS kind, CAST(m.amount AS DECIMAL(38, 2)) AS amount,
            coalesce(m.head.grant || m.head.ddo || m.head.object,
                     m.source.grant || m.source.ddo || m.source.object) AS head,
            m.target.grant || m.target.ddo || m.target.object AS target
        FROM m)
    SELECT
        sum(amount) FILTER (WHERE kind IN ('appropriation', 'supplementary-grant'))
          - coalesce(sum(amount) FILTER (WHERE kind = 'surrender'), 0) AS final_grant,
        sum(amount) FILTER (WHERE kind = 'expenditure') AS progressive,
        count(DISTINCT head) AS heads
    FROM f"""


def ledger_duckdb(path: Path) -> Any:
    """The position (final grant and progressive expenditure over all heads, the heads) from
    the ledger JSON, in SQL (DuckDB reads the nested JSON itself)."""
    con = duckdb.connect()
    result = con.execute(_LEDGER_SQL.format(path=path)).fetchone()
    con.close()
    return result


def ledger_polars(path: Path) -> Any:
    """The same position with polars (the JSON parsed by the json module: polars reads
    newline-delimited JSON, not one document)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    df = pl.DataFrame(data["movements"], infer_schema_length=None).with_columns(
        pl.col("amount").str.to_decimal(scale=2)
    )
    grants = df.filter(pl.col("kind").is_in(["appropriation", "supplementary-grant"]))
    final = grants["amount"].sum() - df.filter(pl.col("kind") == "surrender")["amount"].sum()
    spent = df.filter(pl.col("kind") == "expenditure")["amount"].sum()
    return final, spent


def _ledger_in_memory(path: Path, repeat: int) -> None:
    """The position and the checks of the loaded ledger alone: the pure fold against the
    columnar table (building the table, then the group-bys), and ``check_ledger`` against
    ``check_ledger_table``, best of ``repeat`` in wall and CPU time (the machine is shared)."""
    from kpgov.budget import check_ledger
    from kpgov.columnar import check_ledger_table, ledger_table
    from kpgov.io.ledger import load_ledger

    ledger = load_ledger(path)
    table = ledger_table(ledger)
    findings: dict[str, list[Any]] = {}
    steps = {
        "pure position()": ledger.position,
        "ledger_table()": lambda: ledger_table(ledger),
        "table.position()": table.position,
        "check_ledger()": lambda: findings.__setitem__("pure", list(check_ledger(ledger))),
        "check_ledger_table()": lambda: findings.__setitem__("columnar", check_ledger_table(table)),
    }
    best: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for _ in range(repeat):
        for name, run in steps.items():
            gc.collect()
            t0, c0 = time.perf_counter(), time.process_time()
            run()
            best[name] = min(best.get(name, 1e9), time.perf_counter() - t0)
            cpu[name] = min(cpu.get(name, 1e9), time.process_time() - c0)
    equal = table.position() == ledger.position()
    print(
        f"  in memory ({len(ledger):,} movements loaded; columnar position == pure: {equal}; "
        f"load average {os.getloadavg()[0]:.1f}):"
    )
    for name, seconds in best.items():
        print(f"    {name:<21} {seconds:7.3f} s wall  {cpu[name]:7.3f} s CPU")
    same = findings["columnar"] == findings["pure"]
    print(
        f"    check_ledger() / check_ledger_table() = "
        f"{cpu['check_ledger()'] / cpu['check_ledger_table()']:.2f} (CPU), "
        f"{best['check_ledger()'] / best['check_ledger_table()']:.2f} (wall); "
        f"{len(findings['pure']):,} findings, columnar findings == pure: {same}"
    )
    print(
        f"    position() / table.position() = "
        f"{best['pure position()'] / best['table.position()']:.2f}; position() / (ledger_table() "
        f"+ table.position()) = "
        f"{best['pure position()'] / (best['ledger_table()'] + best['table.position()']):.2f}; "
        f"table held {table.table.nbytes / len(ledger):.0f} bytes/movement"
    )


def run_ledger(n: int, repeat: int) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="kpgov-bench-ledger-"))
    try:
        start = time.perf_counter()
        path = _ledger_file(workdir, n)
        print(
            f"\n== {n:,} ledger movements (SYNTHETIC) from JSON to the position and findings: "
            f"generated in {time.perf_counter() - start:.1f} s; load average "
            f"{os.getloadavg()[0]:.1f}"
        )
        contenders = {
            "kpgov columnar": ledger_columnar,
            "kpgov col. pos.": ledger_columnar_position,
            "kpgov pure pos.": ledger_pure_position,
            "kpgov pure": ledger_pure,
            "polars": ledger_polars,
            "DuckDB": ledger_duckdb,
        }
        best: dict[str, float] = {}
        cpu: dict[str, float] = {}
        results: dict[str, Any] = {}
        for _ in range(repeat):
            for name, run in contenders.items():
                gc.collect()
                t0, c0 = time.perf_counter(), time.process_time()
                results[name] = run(path)
                best[name] = min(best.get(name, 1e9), time.perf_counter() - t0)
                cpu[name] = min(cpu.get(name, 1e9), time.process_time() - c0)
        for name, seconds in best.items():
            print(
                f"  {name:<15} {seconds:7.2f} s  {n / seconds:>11,.0f} movements/s  "
                f"[{seconds / best['polars']:.2f}x polars; {seconds / best['DuckDB']:.2f}x DuckDB]"
                f"  CPU {cpu[name]:6.2f} s [{cpu[name] / cpu['polars']:.2f}x polars; "
                f"{cpu[name] / cpu['DuckDB']:.2f}x DuckDB]"
            )
        print(f"  results: {results}")
        print(
            "  (kpgov pure = load + position + every check_ledger rule; kpgov columnar = "
            "read_ledger (the file a column at a time) + position + check_ledger_table; "
            "kpgov col. pos. and pure pos.: load + position; polars, DuckDB: the position)"
        )
        _ledger_in_memory(path, repeat)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,779190", help="lines, comma-separated")
    parser.add_argument("--with-3m", action="store_true", help="add 3,000,000 lines (slow)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip", default="", help="contenders to leave out, comma-separated")
    parser.add_argument("--only", default="budget,kpi,ledger", help="parts to run")
    parser.add_argument("--kpi", type=int, default=1_000_000, help="KPI observations")
    parser.add_argument("--ledger", type=int, default=1_000_000, help="ledger movements")
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="keep the generated provinces in this folder and reuse them on later runs",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.with_3m:
        sizes.append(3_000_000)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    skip = {name for name in CONTENDERS if any(s.lower() in name.lower() for s in skip)}
    print("SYNTHETIC province benchmark (issue 12); figures on a shared machine are pessimistic")
    only = set(args.only.split(","))
    if "budget" in only:
        for size in sizes:
            run_size(size, args.repeat, skip, args.keep)
    if "kpi" in only:
        run_kpi(args.kpi, args.repeat)
    if "ledger" in only:
        run_ledger(args.ledger, args.repeat)


if __name__ == "__main__":
    main()
