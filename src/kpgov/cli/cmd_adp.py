"""``kpgov adp check FILE``: check an Annual Development Programme (r.37-r.50).

FILE is a ``kpgov.adp/1`` JSON file (see :mod:`kpgov.io.adp`): the ADP's entries and the
ceilings, fiscal space and budget provisions it is checked against. Exit 1 on error findings.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kpgov.adp import check_adp
from kpgov.cli._common import add_format, report_exit_code
from kpgov.io.adp import read_adp


def register(sub: Any) -> None:
    parser = sub.add_parser("adp", help="Annual Development Programme checks")
    cmds = parser.add_subparsers(dest="adp_command", metavar="SUBCOMMAND")
    check = cmds.add_parser("check", help="check an ADP file (format kpgov.adp/1)")
    check.add_argument("file")
    add_format(check)
    parser.set_defaults(run=run, adp_parser=parser)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "adp_command", None) != "check":
        args.adp_parser.print_help(sys.stderr)
        return 2
    adp, resources = read_adp(args.file)
    report = check_adp(adp, resources)
    print(report.render(args.format))
    return report_exit_code(report)
