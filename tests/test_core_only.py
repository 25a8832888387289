"""kpgov's core works with its core dependencies only (issue 12: "core kpgov keeps attrs, cattrs
and python-dateutil only and works without [the extra]").

``python3 dev.py test-core`` runs the whole suite in ``.venv-core``, where none of the optional
extras is installed, with ``KPGOV_CORE_ONLY=1``; there the first test checks that this is so,
so that run cannot pass by accident with pyarrow or pandas present. The other tests hold in
both environments: every core module imports without touching an extra, and the CLI runs the
pure path end to end.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import kpgov

#: The packages of kpgov's optional extras (pyproject.toml), never needed by the core.
EXTRAS = ("pyarrow", "pandas", "numpy", "openpyxl", "matplotlib", "psycopg", "icalendar")
#: Modules that exist to serve an extra, and the entry point (importing it runs the CLI).
_OPTIONAL_MODULES = ("kpgov.columnar", "kpgov.__main__")
EXAMPLE = Path(kpgov.__file__).parent / "data" / "examples" / "budget" / "district.json"


def _core_modules() -> list[str]:
    names = []
    for module in pkgutil.walk_packages(kpgov.__path__, "kpgov."):
        if not module.name.startswith(_OPTIONAL_MODULES):
            names.append(module.name)
    return sorted(names)


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


@pytest.mark.skipif(not os.environ.get("KPGOV_CORE_ONLY"), reason="only in .venv-core")
def test_the_core_environment_has_no_extra() -> None:
    present = [name for name in EXTRAS if importlib.util.find_spec(name) is not None]
    assert present == [], f"the core environment must not have {present}"


def test_every_core_module_imports_without_an_extra() -> None:
    modules = _core_modules()
    assert "kpgov.io.budget" in modules
    assert "kpgov.cli.cmd_check" in modules
    done = _python(
        "import importlib, sys\n"
        f"for name in {modules!r}:\n    importlib.import_module(name)\n"
        f"print(sorted(set({EXTRAS!r}) & set(sys.modules)))"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_pure_path_checks_a_budget_through_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kpgov", "check", "budget", str(EXAMPLE), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr  # the example's planted defects are errors
    report = json.loads(done.stdout)
    rules = {finding["rule_id"] for finding in report["findings"]}
    assert "BR-10(2)(c)" in rules  # the planted unexplained lump sum
    assert all(finding["location"] for finding in report["findings"])
