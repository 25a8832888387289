"""``kpgov project``: a development project's state, history and audit-log check, from a store.

Each project's lifecycle events are kept in the store's stream ``project/<code>``, appended
with the expected version (so two writers cannot both extend one history). Subcommands::

    kpgov project list    --store URL
    kpgov project show    --store URL CODE [--format text|json]
    kpgov project history --store URL CODE [--format text|json]
    kpgov project verify  --store URL [CODE ...]      (exit 1 when a history was tampered with)
    kpgov project export  --store URL CODE... --output FILE   (OC4IDS project package)
    kpgov project diagram                             (the lifecycle as a Mermaid diagram)
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

from kpgov import storage
from kpgov.adp import (
    LIFECYCLE,
    Actor,
    AdpResources,
    Event,
    FundingSource,
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
from kpgov.cli._common import add_format
from kpgov.errors import ConflictError, NotFoundError, TransitionError
from kpgov.io.adp import event_to_data, write_oc4ids
from kpgov.law import PARAMETERS
from kpgov.money import format_amount
from kpgov.periods import FinancialYear

__all__ = [
    "DEMO_ORDER",
    "EVENT_KIND",
    "STREAM_PREFIX",
    "demo_section",
    "load_events",
    "register",
    "run",
    "save_log",
]

DEMO_ORDER: Final = 40
#: The store kind under which lifecycle events are kept.
EVENT_KIND: Final = "adp.event"
#: Streams of project histories are named ``project/<code>``.
STREAM_PREFIX: Final = "project/"


def _kinds() -> storage.KindRegistry:
    return storage.register_domain_kinds()


def save_log(store: storage.Store, log: ProjectLog) -> int:
    """Append the events of ``log`` the store does not have yet; returns the new version.

    The append expects the stream at the version the log's new events start from, so a
    history changed meanwhile by someone else is a ConflictError, not a lost update.
    """
    stream = STREAM_PREFIX + log.code
    have = store.stream_version(stream)
    if have > len(log.events):
        raise ConflictError(
            f"the store holds {have} events of {log.code}, this log only {len(log.events)}"
        )
    if have:
        (last,) = store.read_stream(stream, after=have - 1)
        if last.value.hash != log.events[have - 1].hash:
            raise ConflictError(f"the stored history of {log.code} differs from this log")
    new = log.events[have:]
    if not new:
        return have
    return store.append(stream, list(new), expected_version=have)


def load_events(store: storage.Store, code: str) -> list[Event]:
    """The lifecycle events of project ``code`` from the store (NotFoundError if none)."""
    rows = store.read_stream(STREAM_PREFIX + code)
    if not rows:
        raise NotFoundError(f"no project {code!r} in the store (stream {STREAM_PREFIX}{code})")
    return [row.value for row in rows]


def register(sub: Any) -> None:
    parser = sub.add_parser("project", help="development projects: state, history, verify")
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
    check = with_store("verify", "check the hash chain of project histories")
    check.add_argument("codes", nargs="*", metavar="CODE", help="default: every project")
    export = with_store("export", "write projects as an OC4IDS project package")
    export.add_argument("codes", nargs="+", metavar="CODE")
    export.add_argument("--output", "-o", required=True, help="file to write")
    export.add_argument("--publisher", default="kpgov", help="publisher name")
    export.add_argument("--uri", default="urn:kpgov:oc4ids", help="package URI")
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
    with storage.open(args.store, kinds=_kinds()) as store:
        if command == "list":
            return _list(store)
        if command == "show":
            return _show(store, args.code, args.format)
        if command == "history":
            return _history(store, args.code, args.format)
        if command == "verify":
            return _verify(store, args.codes)
        return _export(store, args)


def _codes(store: storage.Store) -> list[str]:
    return sorted(s[len(STREAM_PREFIX) :] for s in store.streams() if s.startswith(STREAM_PREFIX))


def _list(store: storage.Store) -> int:
    codes = _codes(store)
    for code in codes:
        events = load_events(store, code)
        check = verify(events, project_code=code)
        if not check.ok:
            print(f"{code:<24} {'(history does not verify)':<32} {check}")
            continue
        log = ProjectLog.from_events(events)
        print(f"{code:<24} {log.stage.value:<32} {log.record.project.name}")
    print(f"{len(codes)} projects")
    return 0


def _show(store: storage.Store, code: str, fmt: str) -> int:
    events = load_events(store, code)
    check = verify(events, project_code=code)
    if not check.ok:
        print(f"{code}: the history does not verify: {check}")
        return 1
    log = ProjectLog.from_events(events)
    r = log.record
    p = r.project
    if fmt == "json":
        data = {
            "code": p.code,
            "name": p.name,
            "stage": r.stage.value,
            "events": r.version,
            "head": r.head,
            "verified": check.ok,
            "approved_cost": None if r.approved_cost is None else str(r.approved_cost),
            "administrative_approval": None
            if r.administrative_approval is None
            else str(r.administrative_approval),
            "technical_sanction": None
            if r.technical_sanction is None
            else str(r.technical_sanction),
            "adp_year": None if r.adp_year is None else str(r.adp_year),
            "spent": str(r.spent),
            "completion_due": None if r.completion_due is None else r.completion_due.isoformat(),
            "next": [t.name for t in LIFECYCLE.from_stage(r.stage)],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0 if check.ok else 1
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
    if r.adp_year is not None:
        print(f"  in ADP       {r.adp_year}")
    if r.completion_due is not None:
        print(f"  due          {r.completion_due}")
    nexts = ", ".join(f"{t.name} ({t.authority.title})" for t in LIFECYCLE.from_stage(r.stage))
    print(f"  next         {nexts or '-'}")
    print(f"  audit log    {check}")
    return 0 if check.ok else 1


def _history(store: storage.Store, code: str, fmt: str) -> int:
    events = load_events(store, code)
    if fmt == "json":
        print(json.dumps([event_to_data(e) for e in events], indent=2, ensure_ascii=False))
        return 0
    for e in events:
        amount = "" if e.amount is None else f" Rs {format_amount(e.amount)}"
        doc = f" [{e.document}]" if e.document else ""
        print(f"{e.seq:>4} {e.on} {e.transition:<30} {e.role.title}{amount}{doc} {e.rule_id}")
    print(f"{len(events)} events, head {events[-1].hash[:16]}")
    return 0


def _verify(store: storage.Store, codes: Sequence[str]) -> int:
    bad = 0
    for code in codes or _codes(store):
        result = verify(load_events(store, code), project_code=code)
        print(f"{code}: {result}")
        bad += not result.ok
    return 1 if bad else 0


def _export(store: storage.Store, args: argparse.Namespace) -> int:
    logs = [ProjectLog.from_events(load_events(store, code)) for code in args.codes]
    latest = max((log.record.last_on or date.min) for log in logs)
    package = to_oc4ids(logs, publisher=args.publisher, uri=args.uri, published=latest)
    write_oc4ids(package, args.output)
    print(f"wrote {len(logs)} projects to {args.output}")
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
    with storage.open(ctx.store_url, kinds=_kinds()) as store:
        for log in logs.values():
            save_log(store, log)
        for code in sorted(logs):
            events = load_events(store, code)
            replayed = ProjectLog.from_events(events)
            ok = replayed == logs[code] and verify(events).ok
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
    ctx.say(f"Try: kpgov project show --store {storage.redact_url(ctx.store_url)} SYN-EDU-001")
