"""The example scripts run, and the shipped SYNTHETIC district is what the generator makes."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "src/kpgov/data/examples/budget"


def test_the_shipped_example_is_reproducible(tmp_path: Path) -> None:
    script = runpy.run_path(str(ROOT / "examples/make_synthetic_district.py"))
    script["main"](tmp_path)
    for name in ("district.json", "district-lines.csv"):
        assert (tmp_path / name).read_text() == (SHIPPED / name).read_text(), name


def test_the_check_example_prints_the_abstract_and_findings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    script = runpy.run_path(str(ROOT / "examples/check_example_district.py"))
    assert script["main"]() == 1  # the synthetic district carries planted errors
    out = capsys.readouterr().out
    assert "Form ABS - Financial Abstract, Sarsabz (synthetic)" in out
    assert "8 errors, 1 warning" in out
