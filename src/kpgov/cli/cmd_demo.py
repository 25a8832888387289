"""``kpgov demo``: walk through what kpgov does, on synthetic example data.

Each command module may define ``demo_section(ctx)`` and ``DEMO_ORDER``; the demo runs them
in that order and prints their output. The demo keeps its data in a store (``--store``; by
default a SQLite file in a fresh temporary directory, whose path it prints).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import attrs

from kpgov.cli._common import load_all_rules
from kpgov.law import all_rules
from kpgov.storage import redact_url


@attrs.define
class DemoContext:
    """What a demo section gets: where to print, the demo date and the store to use."""

    out: TextIO
    as_of: date
    store_url: str
    workdir: Path

    def heading(self, title: str) -> None:
        print(f"\n== {title} ==", file=self.out)

    def say(self, text: str = "") -> None:
        print(text, file=self.out)


def register(sub: Any) -> None:
    parser = sub.add_parser("demo", help="run the demonstration on synthetic example data")
    parser.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        help="the date the demo pretends it is (ISO date; default: today)",
    )
    parser.add_argument(
        "--store",
        default=None,
        help="store URL for the demo's data (default: a temporary SQLite file)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kpgov.cli import command_modules

    workdir = Path(tempfile.mkdtemp(prefix="kpgov-demo-"))
    ctx = DemoContext(
        out=sys.stdout,
        as_of=args.as_of or date.today(),
        store_url=args.store or f"sqlite:///{workdir / 'demo.db'}",
        workdir=workdir,
    )
    load_all_rules()
    ctx.say("kpgov demo: Khyber Pakhtunkhwa public-finance law as code (synthetic data)")
    ctx.say(f"as of {ctx.as_of.isoformat()}; data kept in {redact_url(ctx.store_url)}")
    ctx.say(f"{len(all_rules())} rules encoded; list them with `kpgov rules`")
    sections = [m for m in command_modules() if hasattr(m, "demo_section")]
    sections.sort(key=lambda m: getattr(m, "DEMO_ORDER", 100))
    for module in sections:
        module.demo_section(ctx)
    ctx.say("\nDemo finished.")
    return 0
