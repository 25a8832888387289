"""``kpgov project``: a development project's state, history, audit and hash-chain check.

A thin shell over :class:`kpgov.storage.ProjectHistories` (each project's lifecycle events in
the store's stream ``project/<code>``, numbered by the stream's versions). Subcommands::

    kpgov project list    --store URL
    kpgov project show    --store URL CODE [--format text|json]
    kpgov project history --store URL CODE [--format text|json]
    kpgov project audit   --store URL CODE [--format ...]   (exit 1 on error findings)
    kpgov project next    --store URL CODE --role ROLE [--as-of DATE]
    kpgov project verify  --store URL [CODE ...] [--anchor HEAD:LENGTH]
                                                    (exit 1 when a history was tampered with)
    kpgov project export  --store URL CODE... --output FILE [--allow-unverified]
                                                    (OC4IDS project package)
    kpgov project diagram                           (the lifecycle as a Mermaid diagram)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

import attrs

from kpgov.adp import (
    LIFECYCLE,
    Actor,
    AdpResources,
    FundingSource,
    Mode,
    Project,
    ProjectKind,
    ProjectLog,
    Role,
    check_adp,
    compile_adp,
    monitor,
    to_oc4ids,
    verify,
)
from kpgov.cli._common import add_format, report_exit_code
from kpgov.errors import TransitionError, ValidationError
from kpgov.io.adp import event_to_data, write_oc4ids
from kpgov.law import PARAMETERS
from kpgov.money import format_amount
from kpgov.periods import FinancialYear
from kpgov.storage import HistoryAnchor, ProjectHistories, redact_url

__all__ = ["DEMO_ORDER", "demo_section", "register", "run"]

DEMO_ORDER: Final = 40


def _anchor_arg(text: str) -> HistoryAnchor:
    head, sep, length = text.rpartition(":")
    if not sep or not head or not length.isdigit():
        raise argparse.ArgumentTypeError(f"an anchor is HEAD:LENGTH, not {text!r}")
    return HistoryAnchor(head, int(length))


def _role_arg(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise argparse.ArgumentTypeError(f"a role is one of {names}, not {text!r}") from None


def register(sub: Any) -> None:
    parser = sub.add_parser("project", help="development projects: state, history, audit, verify")
    cmds = parser.add_subparsers(dest="project_command", metavar="SUBCOMMAND")

    def with_store(name: str, help_text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = cmds.add_parser(name, help=help_text)
        p.add_argument("--store", required=True, help="store URL, e.g. sqlite:///demo.db")
        return p

    with_store("list", "list the projects in a store")
    show = with_store("show", "a project's current state (replayed from its history)")
    show.add_argument("code")
    add_format(show, "text", "json")
    history = with_store("history", "a project's lifecycle events")
    history.add_argument("code")
    add_format(history, "text", "json")
    audit = with_store("audit", "the findings of a project's history (record mode)")
    audit.add_argument("code")
    add_format(audit)
    nxt = with_store("next", "the steps a role may take now, with what would refuse each")
    nxt.add_argument("code")
    nxt.add_argument("--role", required=True, type=_role_arg, help="e.g. head_of_offices")
    nxt.add_argument("--as-of", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    check = with_store("verify", "check the hash chains of project histories")
    check.add_argument("codes", nargs="*", metavar="CODE", help="default: every project")
    check.add_argument(
        "--anchor", type=_anchor_arg, help="HEAD:LENGTH kept from an earlier verify (one CODE)"
    )
    export = with_store("export", "write projects as an OC4IDS project package")
    export.add_argument("codes", nargs="+", metavar="CODE")
    export.add_argument("--output", "-o", required=True, help="file to write")
    export.add_argument("--publisher", default="kpgov", help="publisher name")
    export.add_argument("--uri", default="urn:kpgov:oc4ids", help="package URI")
    export.add_argument(
        "--allow-unverified",
        action="store_true",
        help="export histories that fail verification, marked as unverified in the package",
    )
    cmds.add_parser("diagram", help="the lifecycle state machine as a Mermaid diagram")
    parser.set_defaults(run=run, project_parser=parser)


def run(args: argparse.Namespace) -> int:
    command = getattr(args, "project_command", None)
    if command is None:
        args.project_parser.print_help(sys.stderr)
        return 2
    if command == "diagram":
        print(LIFECYCLE.mermaid())
        return 0
    with ProjectHistories.open(args.store) as histories:
        if command == "list":
            return _list(histories)
        if command == "show":
            return _show(histories, args.code, args.format)
        if command == "history":
            return _history(histories, args.code, args.format)
        if command == "audit":
            report = histories.audit(args.code)
            print(report.render(args.format))
            return report_exit_code(report)
        if command == "next":
            return _next(histories, args.code, args.role, args.as_of)
        if command == "verify":
            return _verify(histories, args.codes, args.anchor)
        return _export(histories, args)


def _list(histories: ProjectHistories) -> int:
    codes = histories.codes()
    for code in codes:
        check = histories.verify(code)
        if not check.ok:
            print(f"{code:<24} {'(history does not verify)':<32} {check}")
            continue
        log = histories.log(code)
        print(f"{code:<24} {log.stage.value:<32} {log.record.project.name}")
    print(f"{len(codes)} projects")
    return 0


def _show(histories: ProjectHistories, code: str, fmt: str) -> int:
    check = histories.verify(code)
    if not check.ok:
        print(f"{code}: the history does not verify: {check}")
        return 1
    log = histories.log(code)
    findings = log.findings
    r = log.record
    p = r.project
    nexts = [t.name for t in log.lifecycle.from_stage(r.stage)]
    if fmt == "json":
        data = {
            "code": p.code,
            "name": p.name,
            "stage": r.stage.value,
            "events": r.version,
            "head": r.head,
            "verified": check.ok,
            "findings": len(findings.findings),
            "approved_cost": None if r.approved_cost is None else str(r.approved_cost),
            "administrative_approval": None
            if r.administrative_approval is None
            else str(r.administrative_approval),
            "technical_sanction": None
            if r.technical_sanction is None
            else str(r.technical_sanction),
            "adp_year": None if r.adp_year is None else str(r.adp_year),
            "adp_years": [str(y) for y in r.adp_years],
            "spent": str(r.spent),
            "completion_due": None if r.completion_due is None else r.completion_due.isoformat(),
            "next": nexts,
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(f"{p.code}  {p.name}")
    print(f"  stage        {r.stage.value} (after {r.version} events, on {r.last_on})")
    print(f"  kind         {p.kind.value}, funded by {p.funding_source.value}")
    for label, amount in (
        ("DDC-approved", r.approved_cost),
        ("AA", r.administrative_approval),
        ("TS", r.technical_sanction),
        ("spent", r.spent),
    ):
        if amount is not None:
            print(f"  {label:<12} Rs {format_amount(amount)}")
    if r.adp_years:
        print(f"  in ADP       {', '.join(str(y) for y in r.adp_years)}")
    if r.completion_due is not None:
        print(f"  due          {r.completion_due}")
    print(f"  next         {', '.join(nexts) or '-'}")
    print(f"  audit        {findings.summary()} (kpgov project audit)")
    print(f"  audit log    {check}")
    return 0


def _history(histories: ProjectHistories, code: str, fmt: str) -> int:
    events = histories.load(code)
    if fmt == "json":
        rows = [{"version": e.version, **event_to_data(e)} for e in events]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for e in events:
        amount = "" if e.amount is None else f" Rs {format_amount(e.amount)}"
        doc = f" [{e.document}]" if e.document else ""
        print(f"{e.version:>4} {e.on} {e.transition:<30} {e.role.title}{amount}{doc} {e.rule_id}")
    print(f"{len(events)} events, head {events[-1].hash[:16]}")
    return 0


def _next(histories: ProjectHistories, code: str, role: Role, as_of: date | None) -> int:
    log = histories.log(code)
    day = as_of or log.record.last_on or date.min
    steps = log.next_steps(Actor(role.title, role), day)
    for step in steps:
        if step.allowed:
            print(f"  {step.name:<32} may be taken ({step.transition.rule_id})")
        else:
            reasons = "; ".join(str(e) for e in step.refusals)
            print(f"  {step.name:<32} needs: {reasons}")
    print(f"{len(steps)} steps for the {role.title} from {log.stage.value} on {day}")
    return 0


def _verify(histories: ProjectHistories, codes: Sequence[str], anchor: HistoryAnchor | None) -> int:
    chosen = list(codes) or histories.codes()
    if anchor is not None and len(chosen) != 1:
        raise ValidationError("--anchor checks one project: name its CODE", field="--anchor")
    bad = 0
    for code in chosen:
        result = histories.verify(code, anchor=anchor)
        line = f"{code}: {result}"
        if result.ok:
            now = histories.anchor(code)
            line += f" (anchor {now.head}:{now.length})"
        print(line)
        bad += not result.ok
    return 1 if bad else 0


def _export(histories: ProjectHistories, args: argparse.Namespace) -> int:
    logs = []
    unverified: dict[str, str] = {}
    for code in args.codes:
        result = histories.verify(code)
        if not result.ok:
            if not args.allow_unverified:
                print(
                    f"{code}: the history does not verify ({result}); not exported "
                    "(--allow-unverified exports it marked as unverified)",
                    file=sys.stderr,
                )
                return 1
            unverified[code] = str(result)
        logs.append(ProjectLog.from_events(histories.load(code), mode=Mode.RECORD))
    latest = max((log.record.last_on or date.min) for log in logs)
    package = to_oc4ids(
        logs, publisher=args.publisher, uri=args.uri, published=latest, unverified=unverified
    )
    write_oc4ids(package, args.output)
    marked = f" ({len(unverified)} marked unverified)" if unverified else ""
    print(f"wrote {len(logs)} projects to {args.output}{marked}")
    return 0


# --- demo ---------------------------------------------------------------------------------------


def _demo_project(code: str, name: str, kind: ProjectKind, **more: Any) -> Project:
    fields: dict[str, Any] = {
        "sponsoring_agency": "Education",
        "executing_agency": "Communication and Works",
        "sector": "Education",
        "function": "091102",
        "location": "Union Council 7",
        "funding_source": FundingSource.DISTRICT_ADP,
        "cost": Decimal("12000000"),
        "start": date(2025, 9, 1),
        "completion": date(2026, 6, 30),
        "project_manager": "Sub-divisional officer",
        "deliverables": ("works as per PC-I",),
        "recurring_cost": Decimal("900000"),
    }
    fields.update(more)
    return Project(code=code, name=name, kind=kind, **fields)


def demo_section(ctx: Any) -> None:
    ctx.heading("Development projects: lifecycle, audit log and ADP (r.32-50; synthetic)")
    limit = Decimal("40000000")
    params = PARAMETERS.override("ddc_approval_limit", limit, since=date(2016, 1, 13))
    ctx.say(
        f"The DDC limit of r.36(7) is set by Government; the demo assumes Rs {format_amount(limit)}"
    )

    def who(role: Role) -> Actor:
        return Actor(f"{role.title} (synthetic)", role)

    school = _demo_project("SYN-EDU-001", "Girls primary school (synthetic)", ProjectKind.BUILDING)
    road = _demo_project(
        "SYN-RD-002",
        "Link road, 3 km (synthetic)",
        ProjectKind.ROAD,
        sector="Roads",
        function="045203",
        cost=Decimal("25000000"),
        completion=date(2026, 5, 31),
    )
    grant = _demo_project(
        "SYN-AG-003",
        "Seed subsidy scheme (synthetic)",
        ProjectKind.OTHER,
        sector="Agriculture",
        function="042105",
        funding_source=FundingSource.SUBSIDY,
        cost=Decimal("3000000"),
        completion=date(2026, 2, 28),
    )
    day = date(2025, 1, 6)
    logs: dict[str, ProjectLog] = {}
    road_to_ddc: tuple[tuple[str, dict[str, Any]], ...] = (
        ("prepare_outline", {}),
        ("approve_outline", {"document": "DDC minutes 2025/01"}),
        ("prepare_proposal", {}),
        ("prepare_technical_sanction", {}),
        ("circulate_working_paper", {"document": "working paper 2025/04"}),
    )
    for project in (school, road, grant):
        log = ProjectLog.start(project, who(Role.HEAD_OF_OFFICES), day)
        for name, step in road_to_ddc:
            if name == "prepare_technical_sanction" and not project.involves_works:
                continue
            day += timedelta(days=4)
            if name == "prepare_proposal":  # the detailed proposal on Form BDD-4 (r.32(1))
                step = {"project": project}
            log = log.take(name, who(LIFECYCLE[name].authority), day, **step)
        logs[project.code] = log

    ctx.say("Refused steps (TransitionError names the rule):")
    for code, actor in (
        ("SYN-AG-003", who(Role.DISTRICT_DEVELOPMENT_COMMITTEE)),
        ("SYN-EDU-001", who(Role.HEAD_OF_OFFICES)),
    ):
        try:
            logs[code].take("approve", actor, day, document="minutes", parameters=params)
        except TransitionError as exc:
            ctx.say(f"  {code} approve by {actor.role.title}: {exc}")
    day += timedelta(days=3)
    logs["SYN-AG-003"] = logs["SYN-AG-003"].take(
        "drop", who(Role.DISTRICT_DEVELOPMENT_COMMITTEE), day, document="DDC minutes 2025/07"
    )
    rest: tuple[tuple[str, dict[str, Any]], ...] = (
        ("approve", {"document": "DDC minutes 2025/07", "parameters": params}),
        ("issue_administrative_approval", {"document": "AA No. 11"}),
        ("issue_technical_sanction", {"document": "TS No. 4"}),
        (
            "include_in_adp",
            {"document": "DDC minutes 2025/09", "details": {"year": "2025-26"}},
        ),
        ("approve_by_council", {"document": "Council resolution 14"}),
        ("start_execution", {}),
        ("record_expenditure", {"amount": Decimal("4000000"), "document": "voucher 1"}),
    )
    in_adp: dict[str, ProjectLog] = {}
    for code in ("SYN-EDU-001", "SYN-RD-002"):
        log = logs[code]
        for name, step in rest:
            day += timedelta(days=6)
            if name == "start_execution":
                day = max(day, date(2025, 9, 1))
            log = log.take(name, who(LIFECYCLE[name].authority), day, **step)
            if name == "include_in_adp":
                in_adp[code] = log
        logs[code] = log

    ctx.say("Histories appended to the demo store (streams project/<code>), read back:")
    with ProjectHistories.open(ctx.store_url) as histories:
        for log in logs.values():
            histories.save(log)
        for code in sorted(logs):
            events = histories.load(code)
            replayed = ProjectLog.from_events(events)
            ok = replayed == logs[code] and histories.verify(code).ok
            ctx.say(
                f"  {code}: {replayed.stage.value}, {len(events)} events in the store, "
                f"replay and hash chain {'verified' if ok else 'FAILED'}"
            )
    school_log = logs["SYN-EDU-001"]
    forged = list(school_log.events)
    forged[6] = attrs.evolve(forged[6], amount=Decimal("99000000"))
    ctx.say(f"  an edited copy of SYN-EDU-001's history: {verify(forged)}")

    year = FinancialYear(2025)
    adp = compile_adp(
        "Example district (synthetic)",
        year,
        [(in_adp[code].record, in_adp[code].record.project.cost) for code in sorted(in_adp)],
    )
    resources = AdpResources(
        ceiling=Decimal("35000000"), recurring_budgeted={"SYN-EDU-001": Decimal("900000")}
    )
    report = check_adp(adp, resources)
    ctx.say(
        f"ADP {year} as compiled for the Council: {len(adp.new)} new, {len(adp.ongoing)} "
        f"ongoing, Rs {format_amount(adp.total)}; checks: {report.summary()}"
    )
    prefix = f"ADP {adp.district} {year}"
    for finding in report.findings:
        about = finding.subject.removeprefix(prefix).strip()
        about = f" {about}" if about else ""
        ctx.say(f"  {finding.severity.value} {finding.rule_id}{about}: {finding.message}")
    watch = monitor([log.record for log in logs.values()], ctx.as_of, year=year)
    ctx.say(
        f"Monitoring as of {ctx.as_of} (no reports, visits or reviews recorded): {watch.summary()}"
    )
    kinds = sorted({(f.rule_id, f.message) for f in watch.errors})
    for rule_id, message in kinds:
        count = sum(1 for f in watch.errors if (f.rule_id, f.message) == (rule_id, message))
        ctx.say(f"  {rule_id}: {count} x {message}")
    ctx.say(f"Try: kpgov project show --store {redact_url(ctx.store_url)} SYN-EDU-001")
