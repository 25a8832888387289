"""``kpgov ledger``: check an appropriation ledger file and print its statements.

* ``kpgov ledger check FILE [--format text|json|markdown]`` - every ledger rule, as a report;
  exit 1 when there is an error finding.
* ``kpgov ledger statement FILE --form bm2|bm6 --month YYYY-MM`` - Form BM-2 (current) or BM-6
  (development) for a month; ``--form bm13`` - the Statement of Excesses and Surrenders after
  eight months. ``--format text|markdown|csv|json``.
* ``kpgov ledger schema`` - the JSON Schema of a ledger file.

``check`` and ``statement`` take ``--store URL``: with a FILE the ledger is also kept in that
store (key ``<district>/<year>``, a new version if there); without one it is read from the
store (``--key`` names it when the store keeps several).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Final

from kpgov.accounts import parse_entity, parse_fund
from kpgov.budget import (
    AppropriationHead,
    Authority,
    Expenditure,
    Ledger,
    Office,
    ReAppropriation,
    Receipt,
    Release,
    check_ledger,
    excesses_and_surrenders,
    monthly_reconciliation,
    schedule_of_authorized_expenditure,
)
from kpgov.cli._common import add_format, add_store_option, records_via_store, report_exit_code
from kpgov.errors import ParseError
from kpgov.findings import Report
from kpgov.io.budget import load_budget
from kpgov.io.ledger import ledger_json_schema, load_ledger
from kpgov.money import format_amount
from kpgov.periods import Month

DEMO_ORDER: Final = 35

_FORMS: Final = ("bm2", "bm6", "bm13")


def register(sub: Any) -> None:
    parser = sub.add_parser("ledger", help="check an appropriation ledger and print statements")
    commands = parser.add_subparsers(dest="ledger_command", metavar="ACTION")

    check = commands.add_parser("check", help="check a ledger file against the ledger rules")
    check.add_argument("file", nargs="?", help="a ledger file (JSON, format kpgov.ledger/1)")
    _add_store(check)
    add_format(check, "text", "json", "markdown")
    check.set_defaults(run=run_check)

    statement = commands.add_parser(
        "statement", help="print Form BM-2/BM-6 for a month, or Form BM-13"
    )
    statement.add_argument("file", nargs="?", help="a ledger file (JSON, format kpgov.ledger/1)")
    _add_store(statement)
    statement.add_argument(
        "--form", choices=_FORMS, default="bm2", help="the form to print (default: bm2)"
    )
    statement.add_argument("--month", help="the month of Form BM-2/BM-6 (YYYY-MM)")
    statement.add_argument("--grant", help="only this grant (fund code, e.g. DF-R-1-012)")
    statement.add_argument("--ddo", help="only this DDO (entity code, e.g. ABT-EDU-ED01)")
    add_format(statement, "text", "markdown", "csv", "json", "html")
    statement.set_defaults(run=run_statement)

    schema = commands.add_parser("schema", help="print the JSON Schema of a ledger file")
    schema.set_defaults(run=run_schema)
    parser.set_defaults(run=_usage(parser))


def _usage(parser: argparse.ArgumentParser) -> Any:
    def run(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    return run


def _add_store(parser: argparse.ArgumentParser) -> None:
    add_store_option(parser, "ledger")
    parser.add_argument("--key", help='the stored ledger, "<district>/<year>" (with --store)')


def _ledger(args: argparse.Namespace) -> tuple[Ledger, str]:
    """The ledger of FILE (kept in --store when given), or the one kept in --store."""
    ledgers, source = records_via_store(
        args.store, args.file, lambda f: [load_ledger(f)], Ledger, what="ledger", key=args.key
    )
    if len(ledgers) != 1:
        raise ParseError(
            f"{source}: {len(ledgers)} ledgers kept; name one with --key '<district>/<year>'",
            field="--key",
        )
    return ledgers[0], source


def run_check(args: argparse.Namespace) -> int:
    ledger, source = _ledger(args)
    report = Report(
        check_ledger(ledger, file=source),
        title=f"Ledger check: {ledger.district} {ledger.year} ({len(ledger)} movements)",
    )
    print(report.render(args.format))
    return report_exit_code(report)


def run_schema(_args: argparse.Namespace) -> int:
    print(json.dumps(ledger_json_schema(), indent=2, ensure_ascii=False))
    return 0


def run_statement(args: argparse.Namespace) -> int:
    ledger, _source = _ledger(args)
    if args.form == "bm13":
        bm13 = excesses_and_surrenders(ledger)
        title = (
            f"FORM BM-13 STATEMENT OF EXCESSES AND SURRENDERS ({ledger.year}) - "
            f"{ledger.district}, actuals to {bm13.cut_off}"
        )
        if args.format == "html":
            return _html(bm13, ledger, args.file)
        print(render_table(title, bm13.rows(plain=_machine(args.format)), args.format))
        return 0
    if not args.month:
        raise ParseError(f"--month is needed for Form {args.form.upper()}", field="--month")
    bm = monthly_reconciliation(
        ledger,
        Month.parse(args.month),
        development=args.form == "bm6",
        grant=parse_fund(args.grant) if args.grant else None,
        ddo=parse_entity(args.ddo) if args.ddo else None,
    )
    title = f"{bm.title} - {ledger.district}, month {bm.month}"
    if args.format == "html":
        return _html(bm, ledger, args.file)
    print(render_table(title, bm.rows(plain=_machine(args.format)), args.format))
    return 0


def _machine(fmt: str) -> bool:
    """JSON and CSV carry plain decimal amounts (docs/conventions.md, numeric output)."""
    return fmt in ("json", "csv")


def _html(statement: Any, ledger: Ledger, file: str) -> int:
    """Print the self-contained HTML report of ``statement`` with the ledger's findings."""
    from kpgov.io.html import ledger_html

    report = Report(check_ledger(ledger, file=file), title=f"Ledger check: {ledger.district}")
    print(ledger_html(statement, report=report), end="")
    return 0


def render_table(title: str, rows: list[list[str]], fmt: str) -> str:
    """Render a statement's rows (the first is the header, the last the Total row) as text,
    Markdown, CSV or JSON. JSON keeps the total apart from the data rows (``"total"``); CSV
    carries the data rows only (docs/conventions.md, numeric output)."""
    header, body = rows[0], rows[1:]
    data, total = (body[:-1], body[-1]) if body and body[-1][:1] == ["Total"] else (body, None)
    if fmt == "json":
        return json.dumps(
            {
                "title": title,
                "rows": [dict(zip(header, row, strict=True)) for row in data],
                "total": None
                if total is None
                else {k: v for k, v in zip(header, total, strict=True) if v and v != "Total"},
            },
            indent=2,
            ensure_ascii=False,
        )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerows([header, *data])
        return out.getvalue().rstrip("\n")
    if fmt == "markdown":
        lines = [f"## {title}", "", "| " + " | ".join(header) + " |"]
        lines.append("|" + "|".join("---" for _ in header) + "|")
        lines.extend("| " + " | ".join(row) + " |" for row in body)
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    numeric = [i >= 3 and title != "Reasons" for i, title in enumerate(header)]

    def line(row: list[str]) -> str:
        cells = (
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width, right in zip(row, widths, numeric, strict=True)
        )
        return "  ".join(cells).rstrip()

    return "\n".join([title, line(header), *(line(row) for row in body)])


def demo_section(ctx: Any) -> None:
    """A few movements of the shipped synthetic example district, a refused movement, a BM-2
    line."""
    budget = load_budget(_example_district(ctx.workdir / "ledger"))
    ledger = schedule_of_authorized_expenditure(budget)
    year = ledger.year
    ctx.heading("Appropriation ledger (synthetic district; Budget Rules Parts X-XIII)")
    ctx.say(
        f"SYNTHETIC DATA: {budget.district} {year}: {len(ledger)} appropriations from the "
        f"Schedule of Authorized Expenditure, final grant Rs "
        f"{format_amount(ledger.position().final_grant)}"
    )
    heads = ledger.heads()
    first, second = heads[0], next(h for h in heads[1:] if h.grant == heads[0].grant)
    grant_of = {h: ledger.position().head(h).final_grant for h in (first, second)}
    july = year.month(1)
    funds_in = date(year.start_year, 7, 4)
    movements: list[Any] = [
        Receipt(funds_in, grant_of[first], source="PFC share", from_government=True),
        Release(date(year.start_year, 7, 6), first, grant_of[first], funds_received_on=funds_in),
        Expenditure(
            july.end, first, (grant_of[first] / 14).quantize(1), sanction=f"Nazim/{year}/1"
        ),
        ReAppropriation(
            date(year.start_year, 8, 10),
            first,
            second,
            (grant_of[first] / 20).quantize(1),
            authority=Authority.HEAD_OF_OFFICES,
            order=f"HoO/{year}/12",
            copies_to=tuple(Office),
        ),
        # refused by BR-75(1): no provision for this object in the Schedule
        Expenditure(
            date(year.start_year, 8, 31),
            AppropriationHead(first.grant, first.ddo, _unprovided_object(ledger, first)),
            25_000,
            sanction=f"Nazim/{year}/1",
        ),
    ]
    ledger = ledger.extend(movements)
    for m in movements:
        ctx.say(f"  {m.on}  {_describe(m)}")
    report = Report(check_ledger(ledger), title="")
    ctx.say(f"checked: {report.summary()}")
    for finding in report.errors[:2]:
        ctx.say("  " + finding.to_text().replace("\n", "\n  "))
    bm2 = monthly_reconciliation(ledger, year.month(2), grant=first.grant, ddo=first.ddo)
    rows = bm2.rows()
    line = next(row for row in rows[1:] if row[2] == str(first.object))
    ctx.say(f"Form BM-2, {year.month(2)}, {first}:")
    for title, cell in zip(rows[0][3:], line[3:], strict=True):
        ctx.say(f"  {title:<35} {cell:>14}")


def _example_district(target: Path) -> Path:
    """Copy the shipped synthetic example district into ``target``; return its budget file."""
    folder = resources.files("kpgov").joinpath("data", "examples", "budget")
    target.mkdir(parents=True, exist_ok=True)
    for item in folder.iterdir():
        if item.is_file():
            (target / item.name).write_bytes(item.read_bytes())
    return target / "district.json"


def _unprovided_object(ledger: Ledger, head: AppropriationHead) -> Any:
    from kpgov.accounts import parse_object

    taken = {h.object for h in ledger.heads() if h.grant == head.grant and h.ddo == head.ddo}
    for code in ("A03970", "A03919", "A03907", "A03906", "A03905"):
        candidate = parse_object(code)
        if candidate not in taken:
            return candidate
    raise ParseError("the demo could not find an object without provision")  # pragma: no cover


def _describe(m: Any) -> str:
    kind = type(m).__name__
    if isinstance(m, ReAppropriation):
        return (
            f"{kind} Rs {format_amount(m.amount)} {m.source.object} -> {m.target.object} "
            f"({m.authority.value}, order {m.order})"
        )
    if isinstance(m, Receipt):
        return f"{kind} Rs {format_amount(m.amount)} into Account IV ({m.source})"
    return f"{kind} Rs {format_amount(m.amount)} {m.head}"
