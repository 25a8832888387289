"""Collection rules for the whole repository.

The columnar fast path needs the optional pyarrow (``kpgov[fast]``): without it, its modules
and its docs page are not collected (its tests skip themselves with ``importorskip``).
"""

import importlib.util

collect_ignore_glob = (
    []
    if importlib.util.find_spec("pyarrow") is not None
    else ["src/kpgov/columnar/*", "docs/columnar.md"]
)
