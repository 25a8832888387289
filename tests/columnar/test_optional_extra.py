"""pyarrow stays optional (issue 12): core kpgov imports nothing from it, and without it the
columnar path says how to install it."""

from __future__ import annotations

import subprocess
import sys

CORE = (
    "kpgov",
    "kpgov.accounts",
    "kpgov.budget",
    "kpgov.indicators",
    "kpgov.io.budget",
    "kpgov.io.ledger",
    "kpgov.storage",
    "kpgov.cli.cmd_check",
)


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_core_kpgov_imports_nothing_from_pyarrow() -> None:
    done = _run(
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n    importlib.import_module(name)\n"
        "print('pyarrow' in sys.modules)"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_without_pyarrow_the_columnar_path_says_how_to_install_it() -> None:
    done = _run(
        "import sys\nsys.modules['pyarrow'] = None\n"
        "import kpgov.budget, kpgov.io.budget\n"  # the pure path works without it
        "try:\n    import kpgov.columnar\nexcept ImportError as exc:\n    print(exc)"
    )
    assert done.returncode == 0, done.stderr
    assert "pip install kpgov[fast]" in done.stdout
