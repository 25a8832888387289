"""``kpgov store``: look into a kpgov store as an auditor would, and migrate it.

    kpgov store info    --store URL   adapter, schema, kinds and record counts, streams
    kpgov store verify  --store URL   integrity check, JSON documents, event hash chains
    kpgov store migrate --store URL   apply kpgov's pending schema migrations
    kpgov store keys    --store URL --kind KIND
    kpgov store show    --store URL --kind KIND --key KEY   the stored JSON document

Only ``migrate`` changes a store; the others refuse to create one where there is none.
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from typing import Any

import attrs

from kpgov.cli._common import add_format
from kpgov.cli.cmd_demo import DemoContext
from kpgov.errors import ConflictError, StoreError
from kpgov.storage import KindRegistry, Store, open, parse_url

DEMO_ORDER = 90


def register(sub: Any) -> None:
    parser = sub.add_parser("store", help="inspect, verify and migrate a kpgov store")
    actions = parser.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    for name, text in (
        ("info", "adapter, schema status, kinds with record counts, streams"),
        ("verify", "check integrity, stored documents and event hash chains (exit 1 if broken)"),
        ("migrate", "apply kpgov's pending schema migrations"),
        ("keys", "list the keys of the records of a kind"),
        ("show", "print the stored JSON document of a record"),
    ):
        action = actions.add_parser(name, help=text, description=text)
        action.add_argument("--store", required=True, metavar="URL", help="the store's URL")
        if name in ("keys", "show"):
            action.add_argument("--kind", required=True, help="the kind, e.g. budget-line")
        if name == "show":
            action.add_argument("--key", required=True, help="the record's key")
        if name in ("info", "verify"):
            add_format(action, "text", "json")
        action.set_defaults(run=run)


def _open_existing(url: str, *, migrate: bool = False) -> Store:
    adapter, target = parse_url(url)
    if adapter in ("sqlite", "dir") and not getattr(target, "exists", lambda: True)():
        raise StoreError("no store here (kpgov store creates none; check the URL)", file=url)
    return open(url, migrate=migrate)


def info(store: Store) -> dict[str, Any]:
    status = store.schema_status()
    return {
        "store": store.url,
        "adapter": store.adapter,
        "migrations_applied": list(status.applied),
        "migrations_pending": list(status.pending),
        "kinds": store.kinds() if status.current else {},
        "streams": {name: store.stream_version(name) for name in store.streams()}
        if status.current
        else {},
    }


def run(args: argparse.Namespace) -> int:
    command = args.store_command
    if command == "migrate":  # creates the store if there is none yet
        with open(args.store, migrate=False) as store:
            applied = store.migrate()
            print(f"{store.url}: applied {', '.join(applied)}" if applied else "up to date")
        return 0
    with _open_existing(args.store) as store:
        if command == "info":
            data = info(store)
            if args.format == "json":
                print(json.dumps(data, indent=2, ensure_ascii=False))
            else:
                _print_info(data)
            return 0
        if command == "verify":
            problems = store.verify()
            if args.format == "json":
                print(json.dumps({"store": store.url, "problems": problems}, ensure_ascii=False))
            else:
                for problem in problems:
                    print(problem)
                print(
                    f"{store.url}: " + (f"{len(problems)} problems" if problems else "consistent")
                )
            return 1 if problems else 0
        if command == "keys":
            for key in store.keys(args.kind):
                print(key)
            return 0
        record = store.document(args.kind, args.key)
        print(json.dumps(
            {"kind": record.kind, "key": record.key, "version": record.version,
             "value": record.value},
            indent=2, ensure_ascii=False, sort_keys=True,
        ))  # fmt: skip
        return 0


def _print_info(data: dict[str, Any]) -> None:
    print(f"store:    {data['store']} ({data['adapter']})")
    print(f"schema:   {len(data['migrations_applied'])} migrations applied", end="")
    pending = data["migrations_pending"]
    print(f"; pending: {', '.join(pending)} (run kpgov store migrate)" if pending else "; current")
    kinds = data["kinds"]
    print("records:  " + (", ".join(f"{k} {n}" for k, n in kinds.items()) if kinds else "none"))
    streams = data["streams"]
    print(f"streams:  {len(streams)} ({sum(streams.values())} events)")


@attrs.frozen
class DemoNote:
    """A synthetic record the demo stores to show version safety."""

    id: str
    text: str
    amount: Decimal


def demo_section(ctx: DemoContext) -> None:
    ctx.heading("Storage: the demo's SQLite store")
    kinds = KindRegistry()
    kinds.register("demo-note", DemoNote, key="id")
    with open(ctx.store_url, kinds=kinds) as store:
        status = store.schema_status()
        ctx.say(f"store {store.url} ({store.adapter}); migrations applied: "
                f"{', '.join(status.applied)}")  # fmt: skip
        existing = store.find(DemoNote, "welcome")
        saved = store.put(
            DemoNote("welcome", "synthetic note", Decimal("1500.00")),
            expected_version=existing.version if existing else 0,
        )
        ctx.say(f"saved demo-note 'welcome' (synthetic) at version {saved.version}")
        try:
            store.put(DemoNote("welcome", "a stale edit", Decimal("1")), expected_version=0)
        except ConflictError as exc:
            ctx.say(f"a second writer based on an old version is refused: {exc.message}")
        kinds_held = store.kinds()
        ctx.say("kinds held: " + ", ".join(f"{k} ({n})" for k, n in kinds_held.items()))
        streams = store.streams()
        ctx.say(f"event streams: {len(streams)}; verify: "
                + ("; ".join(store.verify()) or "consistent, hash chains intact"))  # fmt: skip
        ctx.say(f"look inside: kpgov store info --store {ctx.store_url}")
