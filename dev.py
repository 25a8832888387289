#!/usr/bin/env python3
"""Developer entry point: ``python3 dev.py demo`` and ``python3 dev.py test``.

Needs only Python 3.11+ with pip and venv. The first run creates ``.venv`` and installs the
locked development environment (``requirements/dev.lock``) and kpgov itself in editable mode;
later runs reuse it, and reinstall only when the lock file or ``pyproject.toml`` changes.

    python3 dev.py demo      # run `kpgov demo`
    python3 dev.py test      # every check CI runs: format, lint, types, layering, tests, docs,
                             # then the core suite without the optional extras (test-core)
    python3 dev.py test-core # the test suite with kpgov's core dependencies only (.venv-core)
    python3 dev.py kpgov ... # run any kpgov command inside the environment
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
LOCK = ROOT / "requirements" / "dev.lock"
STAMP = VENV / ".kpgov-installed"
# The core environment: kpgov's own dependencies (attrs, cattrs, python-dateutil) and the test
# tools, none of the optional extras, at the versions of the lock (used as pip constraints).
CORE_VENV = ROOT / ".venv-core"
CORE_BIN = CORE_VENV / ("Scripts" if os.name == "nt" else "bin")
CORE_PYTHON = CORE_BIN / "python"
CORE_STAMP = CORE_VENV / ".kpgov-installed"
CORE_TEST_TOOLS = ("pytest", "hypothesis", "jsonschema")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _run(*cmd: str | Path, **env: str) -> None:
    printable = " ".join(str(part) for part in cmd)
    print(f"$ {printable}", flush=True)
    result = subprocess.run([str(part) for part in cmd], cwd=ROOT, env={**os.environ, **env})
    if result.returncode != 0:
        print(f"FAILED ({result.returncode}): {printable}", file=sys.stderr, flush=True)
        raise SystemExit(result.returncode)


def ensure_environment() -> None:
    """Create .venv and install the locked environment unless it is already current."""
    if sys.version_info < (3, 11):  # noqa: UP036  # dev.py itself may run on an older Python
        raise SystemExit("kpgov needs Python 3.11 or newer")
    if not PYTHON.exists():
        print(f"creating the virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    fingerprint = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        return
    _run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", LOCK)
    _run(
        PYTHON,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-deps",
        "-e",
        ".",
    )
    STAMP.write_text(fingerprint)


def _hypothesis_profile() -> str:
    return "ci" if os.environ.get("CI") else "dev"


def ensure_core_environment() -> None:
    """Create .venv-core: kpgov with its core dependencies only, plus the test tools."""
    if not CORE_PYTHON.exists():
        print(f"creating the core virtual environment in {CORE_VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(CORE_VENV)
    fingerprint = _fingerprint()
    if CORE_STAMP.exists() and CORE_STAMP.read_text() == fingerprint:
        return
    quiet = ("--quiet", "--disable-pip-version-check")
    _run(CORE_PYTHON, "-m", "pip", "install", *quiet, "-c", LOCK, "-e", ".", *CORE_TEST_TOOLS)
    CORE_STAMP.write_text(fingerprint)


def test_core() -> None:
    """The test suite without any optional extra: the pure path alone, as a user without
    ``kpgov[fast]`` (or pandas, openpyxl ...) has it. Tests of an extra skip or are not
    collected (see conftest.py); ``KPGOV_CORE_ONLY`` makes tests/test_core_only.py check that
    no extra is importable, so the run cannot pass by accident with the extras present."""
    ensure_core_environment()
    _run(
        CORE_PYTHON,
        "-m",
        "pytest",
        "-q",
        f"--hypothesis-profile={_hypothesis_profile()}",
        PYTHONHASHSEED="0",
        KPGOV_CORE_ONLY="1",
    )
    print("core suite passed (no optional extras installed)", flush=True)


def test() -> None:
    """Every check, in the order a failure is cheapest to see; stops at the first failure."""
    hypothesis_profile = _hypothesis_profile()
    _run(BIN / "ruff", "format", "--check", ".")
    _run(BIN / "ruff", "check", ".")
    _run(BIN / "mypy", "--strict", "src/kpgov")
    _run(BIN / "lint-imports")
    _run(
        PYTHON,
        "-m",
        "pytest",
        "-q",
        f"--hypothesis-profile={hypothesis_profile}",
        PYTHONHASHSEED="0",
    )
    _run(BIN / "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(VENV / "site"))
    test_core()
    print("all checks passed", flush=True)


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in ("demo", "test", "test-core", "kpgov", "setup"):
        print(__doc__, file=sys.stderr)
        raise SystemExit(2)
    if argv[0] == "test-core":
        test_core()
        return
    ensure_environment()
    if argv[0] == "demo":
        _run(BIN / "kpgov", "demo", *argv[1:])
    elif argv[0] == "test":
        test()
    elif argv[0] == "kpgov":
        _run(BIN / "kpgov", *argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
