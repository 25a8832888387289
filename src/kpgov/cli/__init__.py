"""The ``kpgov`` command.

Each subcommand lives in a ``cmd_<name>.py`` module of this package with a
``register(subparsers)`` function; :func:`main` finds them, so adding a command is adding a
module. ``kpgov demo`` runs the ``demo_section`` of each command module that has one, in the
order of their ``DEMO_ORDER``.

Exit codes: 0 clean, 1 findings of severity error, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

import kpgov
from kpgov.errors import KpgovError

__all__ = ["EXIT_BAD_INPUT", "EXIT_FINDINGS", "EXIT_OK", "command_modules", "main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors exit 2 with one line on stderr."""

    def error(self, message: str) -> None:  # type: ignore[override]  # never returns
        self.exit(EXIT_BAD_INPUT, f"kpgov: {message} (see '{self.prog} --help')\n")


def command_modules() -> list[ModuleType]:
    """The ``kpgov.cli.cmd_*`` modules, sorted by name."""
    names = sorted(
        info.name for info in pkgutil.iter_modules(__path__) if info.name.startswith("cmd_")
    )
    return [importlib.import_module(f"{__name__}.{name}") for name in names]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kpgov",
        description="Khyber Pakhtunkhwa public-finance law and governance policy as code.",
    )
    parser.add_argument("--version", action="version", version=f"kpgov {kpgov.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in command_modules():
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 clean, 1 error findings, 2 bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    try:
        code: int = args.run(args)
    except KpgovError as exc:
        print(f"kpgov: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # e.g. `kpgov rules | head`
        return EXIT_OK
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
