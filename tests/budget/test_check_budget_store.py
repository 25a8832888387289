"""``kpgov check budget --store``: keep a checked budget in a store, and check a kept one."""

import json
from pathlib import Path

import pytest

from kpgov import storage
from kpgov.budget import AnnualBudgetStatement
from kpgov.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "src/kpgov/data/examples/budget"
KEY = "Sarsabz (synthetic)/2025-26"


def test_a_checked_budget_is_kept_and_can_be_checked_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'budgets.db'}"
    catalogue = str(EXAMPLE / "catalogue-extension.csv")
    document = str(EXAMPLE / "district.json")
    args = ["check", "budget", "--catalogue", catalogue, "--format", "json", "--store", url]
    assert main([*args, document]) == 1  # the example district has planted errors
    from_file = capsys.readouterr()
    assert f"{KEY!r}, version 1" in from_file.err
    assert main([*args, document]) == 1
    assert "version 2" in capsys.readouterr().err
    assert main([*args, "--key", KEY]) == 1
    from_store = json.loads(capsys.readouterr().out)
    read = json.loads(from_file.out)
    # the same findings from the store; a store keeps values, not where they were read from
    assert all(f["location"] is None for f in from_store["findings"])
    assert all(f["location"] is not None for f in read["findings"])
    for finding in read["findings"]:
        finding.update(location=None, related=[])
    assert from_store == read
    with storage.open(url, kinds=storage.register_domain_kinds()) as store:
        assert store.get(AnnualBudgetStatement, KEY).version == 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "budget"], "give either a budget FILE or --store URL --key KEY"),
        (["check", "budget", "--key", KEY], "give --store URL too"),
        (["check", "budget", "--store", "memory://", "--key", "Nowhere/2025-26"], "no budget"),
    ],
)
def test_bad_store_arguments_exit_2_with_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
