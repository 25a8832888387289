"""``kpgov calendar YEAR``: the statutory budget calendar and reporting deadlines of a budget
year, as text, JSON, Markdown or iCalendar; with ``--submissions``, their status as findings.

The submissions file is a CSV with the columns ``deadline`` (a deadline id as printed by
``--format json``, e.g. ``BR-80(4)#due/2025-07``), ``entity`` and ``submitted`` (ISO date).
With ``--store URL`` the submissions of the file are also kept in that store; ``--store``
without ``--submissions`` reports on the submissions kept there.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from kpgov.calendar import (
    Adjustment,
    Deadline,
    Submission,
    Weekend,
    WorkingDays,
    budget_calendar,
    deadlines_between,
    deadlines_json,
    deadlines_markdown,
    deadlines_text,
    status_report,
    unmatched,
)
from kpgov.cli._common import add_store_option, records_via_store, report_exit_code
from kpgov.errors import ErrorCollector, Location, ParseError
from kpgov.io.files import read_csv_rows
from kpgov.periods import FinancialYear

DEMO_ORDER: Final = 50
_EXAMPLE_DISTRICT: Final = "Abbottabad"


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date: {text!r}") from None


def _year(text: str) -> FinancialYear:
    try:
        return FinancialYear.parse(text)
    except ParseError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "calendar",
        help="the budget calendar and reporting deadlines of a budget year",
        description="The Second Schedule of the Budget Rules 2016 and every reporting deadline "
        "for a budget year (its preparation cycle falls in the year before).",
    )
    parser.add_argument("year", type=_year, help="budget year, e.g. 2025-26")
    parser.add_argument(
        "--as-of", type=_iso_date, default=None, help="date to measure from (default: today)"
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "ics", "markdown"),
        default="text",
        help="output format (default: text)",
    )
    parser.add_argument(
        "--days",
        type=int,
        default=None,
        help="only deadlines due within this many days from --as-of",
    )
    parser.add_argument(
        "--ggs",
        action="store_true",
        help="include the Good Governance Strategy's review and publication cadence",
    )
    parser.add_argument(
        "--working-days",
        choices=[a.value for a in Adjustment],
        default=Adjustment.AS_STATED.value,
        help="move deadlines on non-working days to the next or previous working day "
        "(default: as the law states them)",
    )
    parser.add_argument(
        "--weekend",
        choices=[w.value for w in Weekend],
        default=Weekend.SATURDAY_SUNDAY.value,
        help="weekend days (default: sat-sun; 'sun' for six-day offices)",
    )
    parser.add_argument(
        "--pk-holidays",
        action="store_true",
        help="treat Pakistan's public holidays as non-working (needs kpgov[holidays])",
    )
    parser.add_argument(
        "--holiday",
        type=_iso_date,
        action="append",
        default=[],
        metavar="DATE",
        help="a non-working day (repeatable)",
    )
    parser.add_argument(
        "--submissions",
        metavar="CSV",
        help="report the status of the deadlines from this file (columns deadline, entity, "
        "submitted)",
    )
    parser.add_argument(
        "--entity",
        action="append",
        default=[],
        help="an entity expected to file (repeatable; default: the entities in --submissions)",
    )
    add_store_option(parser, "submissions")
    parser.set_defaults(run=run)


def read_submissions(path: str, *, cap: int = 100) -> list[Submission]:
    """Submissions from a CSV file with the columns deadline, entity, submitted; each
    remembers its row, and every bad row is reported in one LoadError."""
    out = []
    collector = ErrorCollector(file=path, cap=cap)
    for row_number, row in read_csv_rows(path, required=("deadline", "entity", "submitted")):
        with collector.guard(row=row_number):
            try:
                day = date.fromisoformat(row["submitted"])
            except ValueError:
                raise ParseError(
                    f"not an ISO date: {row['submitted'][:40]!r}", field="submitted"
                ) from None
            if not row["deadline"] or not row["entity"]:
                raise ParseError("deadline and entity must not be empty")
            out.append(
                Submission(row["deadline"], row["entity"], day, source=Location(path, row_number))
            )
    collector.raise_if_any()
    return out


def _policy(args: argparse.Namespace) -> WorkingDays:
    return WorkingDays(
        adjustment=Adjustment(args.working_days),
        weekend=Weekend(args.weekend),
        holidays=args.holiday,
        pakistan=args.pk_holidays,
    )


def run(args: argparse.Namespace) -> int:
    as_of: date = args.as_of or date.today()
    policy = _policy(args)
    deadlines = policy.apply_all(budget_calendar(args.year, ggs=args.ggs))
    deadlines.sort(key=lambda d: (d.due, d.first_day, d.rule_id, d.id))
    if args.days is not None:
        if args.days < 0:
            raise ParseError("--days cannot be negative", field="--days")
        last = as_of + timedelta(days=args.days)
        deadlines = [d for d in deadlines if as_of <= d.due <= last]
    if args.submissions or args.store:
        return _status(args, deadlines, as_of)
    if args.format == "json":
        print(deadlines_json(deadlines))
    elif args.format == "markdown":
        print(deadlines_markdown(deadlines, as_of=as_of))
    elif args.format == "ics":
        from kpgov.io.ical import to_ics

        stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
        name = f"KP budget calendar {args.year.label}"
        sys.stdout.write(to_ics(deadlines, stamp=stamp, name=name))
    else:
        print(f"Budget calendar for {args.year.label} (as of {as_of.isoformat()})")
        print(deadlines_text(deadlines, as_of=as_of))
    return 0


def _status(args: argparse.Namespace, deadlines: list[Deadline], as_of: date) -> int:
    if args.format == "ics":
        raise ParseError("a status report is text, json or markdown, not ics", field="--format")
    submissions, _source = records_via_store(
        args.store, args.submissions, read_submissions, Submission, what="submissions"
    )
    stray = unmatched(deadlines, submissions)
    if stray:
        ids = ", ".join(sorted({s.deadline_id for s in stray}))
        print(
            f"kpgov: note: submissions for deadlines not in this calendar: {ids}", file=sys.stderr
        )
    entities = args.entity or sorted({s.entity for s in submissions})
    if not entities:
        raise ParseError("no entities: give --entity or submissions", field="--entity")
    report = status_report(deadlines, submissions, as_of=as_of, entities=entities)
    print(report.render(args.format))
    return report_exit_code(report)


def demo_section(ctx: Any) -> None:
    """What is due in the next 30 days for the example district, and one status check."""
    ctx.heading(f"Calendar: due in the next 30 days ({_EXAMPLE_DISTRICT}, synthetic example)")
    horizon = ctx.as_of + timedelta(days=30)
    due = deadlines_between(ctx.as_of, horizon)
    shown = due[:16]
    for d in shown:
        when = d.due.isoformat()
        if d.start is not None and d.start != d.due:
            when = f"{d.start.isoformat()}..{when}"
        what = textwrap.shorten(d.activity, width=60, placeholder="…")
        ctx.say(f"  {when:<22} {d.rule_id:<18} {what} — {d.responsible}")
    if len(due) > len(shown):
        ctx.say(f"  ... and {len(due) - len(shown)} more (kpgov calendar YEAR --days 30)")
    # status: the last month whose BR-80(4) deadline has passed, two synthetic DDOs
    recent = deadlines_between(ctx.as_of - timedelta(days=45), ctx.as_of - timedelta(days=1))
    passed = [d for d in recent if d.rule_id == "BR-80(4)#due"]
    if passed:  # there is one every month
        deadline = passed[-1]
        ddos = [f"{_EXAMPLE_DISTRICT} DDO A (synthetic)", f"{_EXAMPLE_DISTRICT} DDO B (synthetic)"]
        filed = [Submission(deadline.id, ddos[0], deadline.due - timedelta(days=3))]
        report = status_report([deadline], filed, as_of=ctx.as_of, entities=ddos)
        ctx.say(f"  Status of {deadline.id} as of {ctx.as_of.isoformat()} (A filed, B did not):")
        for finding in report:
            ctx.say(f"    {finding.severity.value} {finding.rule_id} {finding.subject}:")
            ctx.say(f"      {finding.message}")
