#!/usr/bin/env python3
"""Developer entry point: ``python3 dev.py demo`` and ``python3 dev.py test``.

Needs only Python 3.11+ with pip and venv. The first run creates ``.venv`` and installs the
locked development environment (``requirements/dev.lock``) and kpgov itself in editable mode;
later runs reuse it, and reinstall only when the lock file or ``pyproject.toml`` changes.

    python3 dev.py demo      # run `kpgov demo`
    python3 dev.py test      # every check CI runs: format, lint, types, layering, tests, docs
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


def test() -> None:
    """Every check, in the order a failure is cheapest to see; stops at the first failure."""
    hypothesis_profile = "ci" if os.environ.get("CI") else "dev"
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
    print("all checks passed", flush=True)


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in ("demo", "test", "kpgov", "setup"):
        print(__doc__, file=sys.stderr)
        raise SystemExit(2)
    ensure_environment()
    if argv[0] == "demo":
        _run(BIN / "kpgov", "demo", *argv[1:])
    elif argv[0] == "test":
        test()
    elif argv[0] == "kpgov":
        _run(BIN / "kpgov", *argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
