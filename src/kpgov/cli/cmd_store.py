"""``kpgov store``: look into a kpgov store as an auditor would, and migrate it.

    kpgov store init URL [--app-role NAME]  create a store; PostgreSQL: grant the app role
    kpgov store info    --store URL   adapter, schema, kinds and record counts, streams
    kpgov store verify  --store URL [--checkpoint FILE|stored] [--key-file FILE]
                                      integrity, JSON documents, hash chains, the anchor
    kpgov store checkpoint --store URL [--key-file FILE] [--output FILE]
                                      sign every stream's length and head (HMAC-SHA256)
    kpgov store migrate --store URL   apply kpgov's pending schema migrations
    kpgov store keys    --store URL --kind KIND
    kpgov store show    --store URL --kind KIND --key KEY   the stored JSON document

Only ``init``, ``migrate`` and ``checkpoint`` change a store; the others refuse to create one
where there is none. The checkpoint key comes from ``--key-file`` or ``$KPGOV_CHECKPOINT_KEY``
and is never kept in the store. No line ever shows a password given in a URL.
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
from kpgov.storage import (
    Checkpoint,
    CheckpointKey,
    KindRegistry,
    Store,
    init,
    load_key,
    open,
    parse_url,
    redact_url,
)

DEMO_ORDER = 90


def register(sub: Any) -> None:
    parser = sub.add_parser("store", help="inspect, verify and migrate a kpgov store")
    actions = parser.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    init_ = actions.add_parser(
        "init",
        help="create a store (or bring its schema up to date)",
        description="create a store (or bring its schema up to date); on PostgreSQL connect"
        " as the owner and name the role the application connects as with --app-role",
    )
    init_.add_argument("url", nargs="?", metavar="URL", help="the store's URL")
    init_.add_argument("--store", dest="store_option", metavar="URL", help="same as URL")
    init_.add_argument(
        "--app-role",
        metavar="NAME",
        help="PostgreSQL: the role the app connects as (may insert and read events only)",
    )
    init_.set_defaults(run=run)
    for name, text in (
        ("info", "adapter, schema status, kinds with record counts, streams"),
        ("verify", "check integrity, stored documents and event hash chains (exit 1 if broken)"),
        ("checkpoint", "sign every stream's length and head with the operator's key"),
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
        if name in ("verify", "checkpoint"):
            action.add_argument(
                "--key-file",
                metavar="FILE",
                help="the checkpoint key (default: $KPGOV_CHECKPOINT_KEY); keep it outside the"
                " store",
            )
        if name == "verify":
            action.add_argument(
                "--checkpoint",
                metavar="FILE|stored",
                help="also check against a signed checkpoint: a file, or 'stored' for the"
                " latest one kept in the store",
            )
        if name == "checkpoint":
            action.add_argument(
                "--output", metavar="FILE", help="also write the checkpoint to FILE (0600)"
            )
            action.add_argument(
                "--no-keep",
                action="store_true",
                help="do not keep the checkpoint in the store (only --output)",
            )
        if name in ("info", "verify"):
            add_format(action, "text", "json")
        action.set_defaults(run=run)


def _open_existing(url: str, *, migrate: bool = False) -> Store:
    adapter, target = parse_url(url)
    if adapter in ("sqlite", "dir") and not getattr(target, "exists", lambda: True)():
        raise StoreError(
            "no store here (kpgov store creates none; check the URL)", file=redact_url(url)
        )
    return open(url, migrate=migrate)


def _key(args: argparse.Namespace) -> CheckpointKey:
    return load_key(args.key_file)


def _anchor(store: Store, args: argparse.Namespace, key: CheckpointKey) -> Checkpoint:
    """The checkpoint ``--checkpoint`` names, its signature checked with ``key``."""
    if args.checkpoint != "stored":
        return Checkpoint.read(args.checkpoint, key=key)
    signed = [point for point in store.checkpoints() if point.signed_by(key)]
    if not signed:
        raise StoreError(f"the store keeps no checkpoint signed by key {key.id}", file=store.url)
    return signed[-1]


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
    if command == "init":
        url = args.url or args.store_option
        if not url:
            raise StoreError("give the store's URL", field="URL")
        applied = init(url, app_role=args.app_role)
        done = f"applied {', '.join(applied)}" if applied else "schema up to date"
        role = f"; role {args.app_role!r} may insert and read events only" if args.app_role else ""
        print(f"{redact_url(url)}: {done}{role}")
        return 0
    if command == "checkpoint":
        key = _key(args)
        with _open_existing(args.store) as store:
            point = store.checkpoint(key, keep=not args.no_keep)
        if args.output:
            point.write(args.output)
        events = sum(head.length for head in point.streams)
        where = [*([] if args.no_keep else ["kept in the store"]),
                 *([f"written to {args.output}"] if args.output else [])]  # fmt: skip
        print(
            f"{point.store}: checkpoint of {len(point.streams)} streams ({events} events) at"
            f" {point.taken_at}, signed by key {point.key_id}"
            + (f"; {' and '.join(where)}" if where else "")
        )
        return 0
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
            signer = _key(args) if args.checkpoint else None
            anchor = _anchor(store, args, signer) if signer is not None else None
            problems = store.verify(checkpoint=anchor, key=signer)
            if args.format == "json":
                print(json.dumps({"store": store.url, "problems": problems}, ensure_ascii=False))
            else:
                for problem in problems:
                    print(problem)
                anchored = f" since the checkpoint of {anchor.taken_at}" if anchor else ""
                print(
                    f"{store.url}: "
                    + (f"{len(problems)} problems" if problems else "consistent" + anchored)
                )
            return 1 if problems else 0
        if command == "keys":
            for record_key in store.keys(args.kind):
                print(record_key)
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
        ctx.say(f"look inside: kpgov store info --store {redact_url(ctx.store_url)}")
