"""Only what is checked is registered: every rule in the registry is raised by some test.

The plugin in ``tests/rule_coverage.py`` records the rule of every finding kpgov's code creates
while the suite runs; this test runs last and, when the whole test tree ran, fails for any
registered rule that no test fixture raised, so ``kpgov rules`` never overstates what kpgov
checks. A partial run (a single file, ``-k``, ``-m``) cannot tell and is skipped.
"""

from __future__ import annotations

import pytest

from kpgov.cli._common import load_all_rules
from kpgov.law import all_rules
from rule_coverage import RAISED, STATE


def test_every_registered_rule_is_raised_by_a_test() -> None:
    if not STATE["full"]:
        pytest.skip("only a run of the whole test tree can tell which rules its fixtures raise")
    load_all_rules()
    unraised = [f"{rule.id} ({rule.package})" for rule in all_rules() if rule.id not in RAISED]
    assert not unraised, (
        f"{len(unraised)} registered rule(s) that no test fixture raises:\n" + "\n".join(unraised)
    )


def test_the_recorder_sees_findings_of_kpgov_checks_only() -> None:
    from kpgov.budget import DOCUMENT_RULES
    from kpgov.findings import Finding

    rule = DOCUMENT_RULES[0]
    RAISED.discard("BR-9")
    Finding("BR-9", rule.severity, "by hand", "a test building a finding raises nothing")
    assert "BR-9" not in RAISED


def test_a_refusal_built_by_a_test_raises_nothing() -> None:
    from kpgov.errors import TransitionError

    RAISED.discard("BR-9")
    TransitionError("by hand", rule_id="BR-9")
    assert "BR-9" not in RAISED
