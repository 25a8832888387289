"""The ``kpgov`` command.

Each subcommand lives in a ``cmd_<name>.py`` module of this package with a
``register(subparsers)`` function; :func:`main` finds them, so adding a command is adding a
module. A command's module is imported only when it runs: ``kpgov check ...`` imports
``cmd_check`` alone, ``kpgov --version`` imports none (and not even the primitives), and only
``kpgov --help`` or an unknown command imports them all, to list them. ``kpgov demo`` runs the
``demo_section`` of each command module that has one, in the order of their ``DEMO_ORDER``.

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

__all__ = ["EXIT_BAD_INPUT", "EXIT_FINDINGS", "EXIT_OK", "command_modules", "main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors exit 2 with one line on stderr."""

    def error(self, message: str) -> None:  # type: ignore[override]  # never returns
        self.exit(EXIT_BAD_INPUT, f"kpgov: {message} (see '{self.prog} --help')\n")


def command_names() -> list[str]:
    """The names of the ``kpgov.cli.cmd_*`` modules, sorted (found without importing them)."""
    return sorted(
        info.name for info in pkgutil.iter_modules(__path__) if info.name.startswith("cmd_")
    )


def command_modules() -> list[ModuleType]:
    """The ``kpgov.cli.cmd_*`` modules, sorted by name."""
    return [importlib.import_module(f"{__name__}.{name}") for name in command_names()]


def build_parser(only: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The ``kpgov`` parser with every command, or only the modules named in ``only``."""
    parser = _Parser(
        prog="kpgov",
        description="Khyber Pakhtunkhwa public-finance law and governance policy as code.",
    )
    parser.add_argument("--version", action="version", version=f"kpgov {kpgov.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    modules = (
        command_modules()
        if only is None
        else [importlib.import_module(f"{__name__}.{name}") for name in only]
    )
    for module in modules:
        module.register(sub)
    return parser


def _needed(argv: Sequence[str]) -> list[str] | None:
    """The command modules ``argv`` needs: the one it names, none for ``--version`` alone, or
    None (all of them) for help, no command or an unknown one."""
    for arg in argv:
        if arg in ("-h", "--help"):
            return None
        if arg == "--version":
            return []
        if not arg.startswith("-"):
            name = f"cmd_{arg}"
            return [name] if name in command_names() else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 clean, 1 error findings, 2 bad input)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_needed(args_list))
    args = parser.parse_args(args_list)
    from kpgov.errors import KpgovError  # after parsing: `kpgov --version` never needs it

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
