"""The ``kpgov`` command.

Each subcommand lives in a ``cmd_<name>.py`` module of this package with a
``register(subparsers)`` function; :func:`main` finds them, so adding a command is adding a
module. A command's module is imported only when it runs: ``kpgov check ...`` imports
``cmd_check`` alone, ``kpgov --version`` imports none (and not even the primitives), and only
``kpgov --help`` or an unknown command imports them all, to list them. ``kpgov demo`` runs the
``demo_section`` of each command module that has one, in the order of their ``DEMO_ORDER``.

Exit codes (docs/conventions.md): 0 clean, 1 findings of severity error, 2 bad input or
usage, 3 an internal error (a bug in kpgov): one line saying so, and the traceback only with
``kpgov --debug``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

import kpgov

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FINDINGS",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "command_modules",
    "main",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors exit 2 with one line on stderr."""

    def error(self, message: str) -> None:  # type: ignore[override]  # never returns
        self.exit(EXIT_BAD_INPUT, f"kpgov: {message} (see '{self.prog} --help')\n")


def command_names() -> list[str]:
    """The names of the ``kpgov.cli.cmd_*`` modules, sorted (found without importing them)."""
    return sorted(
        name[:-3]
        for folder in __path__
        for name in os.listdir(folder)
        if name.startswith("cmd_") and name.endswith(".py")
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
    parser.add_argument(
        "--debug",
        action="store_true",
        help="on an internal error, print the full traceback (for a bug report)",
    )
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
    """Run the command line; returns the exit code: 0 clean, 1 error findings, 2 bad input or
    usage, 3 an internal error (one line on stderr; the traceback too with ``--debug``), 130
    stopped by Ctrl-C (one line; whatever was being written is rolled back on the way out)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_needed(args_list))
    args = parser.parse_args(args_list)
    # after parsing: `kpgov --version` never needs the primitives
    from kpgov.errors import KpgovError, LoadError

    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    try:
        code: int = args.run(args)
    except LoadError as exc:  # every problem, one per line, as compilers print them
        print(f"kpgov: {exc.headline()}", file=sys.stderr)
        for line in exc.lines():
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    except KpgovError as exc:
        print(f"kpgov: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # e.g. `kpgov rules | head`
        return EXIT_OK
    except KeyboardInterrupt:  # Ctrl-C: the user's choice, not a bug; no traceback
        print("kpgov: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # the last resort: a bug, reported as one
        return _internal_error(exc, debug=args.debug)
    return code


def _internal_error(exc: BaseException, *, debug: bool) -> int:
    """Report a bug in kpgov: one line, and the traceback only when asked for."""
    if debug:
        import traceback  # only on the way out of a bug: `kpgov --version` never needs it

        traceback.print_exception(exc, file=sys.stderr)
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    print(
        f"kpgov: internal error (a bug in kpgov, please report it): {type(exc).__name__}"
        + (f": {detail}" if detail else "")
        + ("" if debug else " (run with --debug for the traceback)"),
        file=sys.stderr,
    )
    return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
