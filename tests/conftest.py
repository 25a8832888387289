"""Shared test configuration: Hypothesis profiles.

``dev`` (the default) keeps the suite quick; ``ci`` runs more examples and no deadline, since a
shared CI machine's timing says nothing about kpgov. Choose with ``--hypothesis-profile``.
"""

from hypothesis import HealthCheck, settings

# Record the rule of every finding kpgov raises, for tests/test_registry_coverage.py.
from rule_coverage import pytest_collection_modifyitems, pytest_deselected

__all__ = ["pytest_collection_modifyitems", "pytest_deselected"]

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("dev")
