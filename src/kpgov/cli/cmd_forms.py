"""``kpgov forms``: the First and Third Schedule forms of the Budget Rules 2016.

* ``kpgov forms list [--format text|json]`` - the 41 forms, what cites them and what fills them.
* ``kpgov forms show FORM [--format text|json]`` - one form: headings as printed, notes, source
  notes.
* ``kpgov forms fill FORM (--budget FILE | --store URL --key KEY | --ledger FILE | --framework
  FILE | --project FILE | --blank) [--month YYYY-MM] --format xlsx|csv|html|json -o OUT`` - a
  form filled from kpgov's records.
* ``kpgov forms submission (--budget FILE | --store URL --key KEY) [--ledger FILE]
  [--month YYYY-MM] [--format xlsx|html|json|csv] -o OUT`` - every form for the district and
  year in one workbook, then the submission checks; exit 1 when one fails.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Final

from kpgov.adp import Project
from kpgov.budget import AnnualBudgetStatement, Ledger
from kpgov.cli._common import report_exit_code
from kpgov.errors import ParseError
from kpgov.findings import Report
from kpgov.forms import (
    FILLERS,
    Form,
    all_forms,
    build_submission,
    check_submission,
    fill_form,
    get_form,
    read_framework,
    write_forms,
)
from kpgov.periods import Month

_FORMATS: Final = ("xlsx", "csv", "html", "json")


def register(sub: Any) -> None:
    parser = sub.add_parser("forms", help="the statutory budget forms: list, show, fill")
    commands = parser.add_subparsers(dest="forms_command", metavar="ACTION")

    listing = commands.add_parser("list", help="list the 41 forms of the First/Third Schedules")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(run=run_list)

    show = commands.add_parser("show", help="show one form: headings, notes, source notes")
    show.add_argument("form", help="a form id, e.g. ABS, BDC-1, BM-13")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(run=run_show)

    fill = commands.add_parser("fill", help="fill a form from a budget or a ledger")
    fill.add_argument("form", help="a form id, e.g. ABS, BDC-1, BM-2")
    _add_sources(fill, ledger_help="an appropriation ledger (JSON) for BM-2, BM-6, BM-13")
    fill.add_argument("--framework", help="an office's performance framework (JSON), BSF-2/BM-8")
    fill.add_argument("--project", help="a project proposal (JSON) for BDD-4")
    fill.add_argument("--blank", action="store_true", help="the blank form")
    _add_output(fill)
    fill.set_defaults(run=run_fill)

    submission = commands.add_parser(
        "submission", help="every form for a district and year in one file, then its checks"
    )
    _add_sources(submission, ledger_help="an appropriation ledger (JSON) to fill the BM forms")
    _add_output(submission)
    submission.set_defaults(run=run_submission)

    def usage(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(run=usage)


def _add_sources(parser: argparse.ArgumentParser, *, ledger_help: str) -> None:
    parser.add_argument("--budget", help="a budget document (JSON, kpgov.budget/1)")
    parser.add_argument("--store", help="a store URL holding the budget (with --key)")
    parser.add_argument("--key", help='the stored budget, "<district>/<year>" (with --store)')
    parser.add_argument("--ledger", help=ledger_help)
    parser.add_argument("--month", help="the month of Forms BM-2, BM-6 and BM-8 (YYYY-MM)")


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=_FORMATS, default="xlsx", help="default: xlsx")
    parser.add_argument("-o", "--output", required=True, help="the file to write")


def _fills(form: Form) -> str:
    source = FILLERS.get(form.id)
    if source is not None:
        return f"filled from a {source}"
    return "blank (headings lost in the seed)" if not form.has_headings else "blank"


def run_list(args: argparse.Namespace) -> int:
    forms = all_forms()
    if args.format == "json":
        rows = [
            {
                "id": f.id,
                "schedule": f.schedule,
                "title": f.title,
                "cited_by": list(f.cited_by),
                "headings": sorted({p.headings for p in f.parts}),
                "fills": _fills(f),
            }
            for f in forms
        ]
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    for form in forms:
        print(f"{form.id:<6} {form.title[:62]:<62} {_fills(form)}")
    print(f"{len(forms)} forms (First Schedule and Third Schedule of the Budget Rules 2016)")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from kpgov.forms import blank_form, form_to_json

    form = get_form(args.form)
    if args.format == "json":
        data = form_to_json(blank_form(form))
        data.pop("filled_from")
        print(json.dumps(data, indent=1, ensure_ascii=False))
        return 0
    print(f"FORM {form.id} - {form.title}  {form.see_rules}")
    print(f"cited by: {', '.join(form.cited_by) or '-'}")
    print(f"prepared by: {form.preparer or 'not stated'}; for: {form.recipient or 'not stated'}")
    for field in form.header_fields:
        print(f"  {field}: ...")
    for part in form.parts:
        print(f"[{part.key}] {part.title or ''} (rows: {part.rows}; headings {part.headings})")
        for column in part.columns:
            print("    " + " > ".join((*column.group, column.heading)))
    for note in form.notes:
        print(f"Note: {note}")
    for quality in form.quality:
        print(f"Source note: {quality}")
    print(f"fills: {_fills(form)}")
    return 0


def _budget(args: argparse.Namespace) -> AnnualBudgetStatement | None:
    if args.budget and args.store:
        raise ParseError("give either --budget FILE or --store URL --key KEY", field="budget")
    if args.store:
        if not args.key:
            raise ParseError("--store needs --key <district>/<year>", field="key")
        from kpgov import storage

        with storage.open(args.store, kinds=storage.register_domain_kinds()) as store:
            return store.get(AnnualBudgetStatement, args.key).value
    if args.budget:
        from kpgov.io.budget import load_budget

        return load_budget(args.budget)
    return None


def _ledger(args: argparse.Namespace) -> Ledger | None:
    if not args.ledger:
        return None
    from kpgov.io.ledger import load_ledger

    return load_ledger(args.ledger)


def _project(path: str) -> Project:
    from kpgov.io.adp import read_project

    return read_project(path)


def _month(args: argparse.Namespace) -> Month | None:
    return Month.parse(args.month) if args.month else None


def run_fill(args: argparse.Namespace) -> int:
    filled = fill_form(
        args.form,
        budget=_budget(args),
        ledger=_ledger(args),
        framework=read_framework(args.framework) if args.framework else None,
        project=_project(args.project) if args.project else None,
        month=_month(args),
        blank=args.blank,
    )
    write_forms([filled], args.format, args.output)
    print(f"Form {filled.form.id} ({filled.filled_from or 'blank'}) written to {args.output}")
    return 0


def run_submission(args: argparse.Namespace) -> int:
    statement = _budget(args)
    if statement is None:
        raise ParseError("a submission needs a budget: --budget FILE or --store URL --key KEY")
    submission = build_submission(statement, ledger=_ledger(args), month=_month(args))
    write_forms(submission.forms, args.format, args.output)
    filled = sum(1 for f in submission.forms if not f.blank)
    print(
        f"{submission.subject}: {len(submission.forms)} forms ({filled} filled) written to "
        f"{args.output}"
    )
    report = Report(check_submission(submission), title=f"Submission checks: {submission.subject}")
    print(report.to_text(), file=sys.stdout)
    return report_exit_code(report)
