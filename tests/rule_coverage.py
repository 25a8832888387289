"""Pytest plugin: record the rule of every finding kpgov's own code creates during the session.

A rule is registered only if a test fixture raises it (DESIGN.md, "Only what is checked is
registered"). This plugin wraps the initialisers of :class:`kpgov.findings.Finding` and of
:class:`kpgov.errors.TransitionError` (a lifecycle guard refusing a step in enforce mode) so
that every finding or refusal created by a module of the ``kpgov`` package (a check, not a test
building one by hand) adds its ``rule_id`` to :data:`RAISED`. ``test_registry_coverage.py``
then compares the registry with what was raised; it runs last and judges only a run that
collected the whole test tree with nothing deselected, since a partial run raises only part of
the rules.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from kpgov.errors import TransitionError
from kpgov.findings import Finding

#: Rule ids of the findings kpgov's code created in this session.
RAISED: set[str] = set()

#: Whether this session collected every test module under ``tests/`` and deselected nothing.
STATE: dict[str, bool] = {"full": False}

COVERAGE_TEST = "test_registry_coverage.py::test_every_registered_rule_is_raised_by_a_test"
TESTS = Path(__file__).resolve().parent

_original_init: Any = Finding.__init__
_original_refusal: Any = TransitionError.__init__
_PLUMBING = frozenset({"kpgov.findings", "kpgov.errors", __name__})


def _creator(frame: FrameType | None) -> str:
    """The module that asked for the finding: the first frame outside kpgov.findings and attrs."""
    while frame is not None:
        name = str(frame.f_globals.get("__name__", ""))
        if name not in _PLUMBING and not name.startswith("attr"):
            return name
        frame = frame.f_back
    return ""


def _recording_init(self: Finding, *args: Any, **kwargs: Any) -> None:
    _original_init(self, *args, **kwargs)
    if self.rule_id not in RAISED and _creator(sys._getframe(1)).startswith("kpgov"):
        RAISED.add(self.rule_id)


def _recording_refusal(self: TransitionError, *args: Any, **kwargs: Any) -> None:
    _original_refusal(self, *args, **kwargs)
    if _creator(sys._getframe(1)).startswith("kpgov"):
        RAISED.add(self.rule_id)


Finding.__init__ = _recording_init  # type: ignore[method-assign]
TransitionError.__init__ = _recording_refusal  # type: ignore[method-assign]


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Run the coverage test last; note whether every test module was collected."""
    last = [item for item in items if item.nodeid.endswith(COVERAGE_TEST)]
    items[:] = [item for item in items if item not in last] + last
    roots = [Path(str(config.rootpath), arg.split("::")[0]).resolve() for arg in config.args]
    whole_tree = any(root == TESTS or root in TESTS.parents for root in roots)
    option = config.option
    STATE["full"] = whole_tree and not (
        getattr(option, "keyword", "") or getattr(option, "markexpr", "")
    )


def pytest_deselected(items: list[pytest.Item]) -> None:
    """A deselected test may be the only one to raise a rule: the run is then partial."""
    if items:
        STATE["full"] = False
