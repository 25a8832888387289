"""All adapters side by side: the same random operations, the same answers as memory://.

A Hypothesis state machine applies each operation - creates, updates with right and stale
versions, deletes, bulk creates, appends, transactions that fail half way, filtered queries -
to a memory, a SQLite, a directory and (when a server is available) a PostgreSQL store, and
checks after every step that every store returned the same result or raised the same error,
and holds the same records and streams as the memory store.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from storage_kinds import KINDS, Line, Movement

from kpgov.errors import KpgovError
from kpgov.periods import FinancialYear
from kpgov.storage import Store, open

KEYS = st.sampled_from(["a", "b", "ضلع", "O'Brien", "a/b", "%s"])
STREAMS = st.sampled_from(["ledger", "project/ب"])
TEXT = st.text(max_size=20)  # any code point but surrogates: NUL, quotes, Urdu, emoji
AMOUNTS = st.decimals(min_value=-(10**12), max_value=10**12, places=2)
VERSIONS = st.integers(min_value=0, max_value=4)
YEARS = st.integers(min_value=2015, max_value=2018).map(FinancialYear)


class AbandonError(Exception):
    """Raised inside a transaction to abandon it."""


def _outcome(action: Callable[[Store], Any], store: Store) -> Any:
    try:
        return ("ok", action(store))
    except KpgovError as exc:
        return ("error", type(exc).__name__)
    except AbandonError:
        return ("error", "AbandonError")


def make_machine(factories: dict[str, Callable[[], str]]) -> type[RuleBasedStateMachine]:
    class StoresAgree(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.stores = {name: open(make(), kinds=KINDS) for name, make in factories.items()}

        def everywhere(self, action: Callable[[Store], Any]) -> Any:
            outcomes = {name: _outcome(action, store) for name, store in self.stores.items()}
            expected = outcomes["memory"]
            for name, outcome in outcomes.items():
                assert outcome == expected, f"{name} disagrees with memory"
            return expected

        def version(self, key: str) -> int:
            found = self.stores["memory"].find(Line, key)
            return 0 if found is None else found.version

        @rule(key=KEYS, amount=AMOUNTS, text=TEXT, year=YEARS, expected=VERSIONS)
        def put_with_any_version(
            self, key: str, amount: Decimal, text: str, year: FinancialYear, expected: int
        ) -> None:
            value = Line(key, text, year, amount, text)
            self.everywhere(lambda s: s.put(value, expected_version=expected).version)

        @rule(key=KEYS, amount=AMOUNTS, text=TEXT)
        def put_with_current_version(self, key: str, amount: Decimal, text: str) -> None:
            value = Line(key, "A01101", FinancialYear(2016), amount, text)
            current = self.version(key)
            self.everywhere(lambda s: s.put(value, expected_version=current).version)

        @rule(key=KEYS, stale=st.booleans())
        def delete(self, key: str, stale: bool) -> None:
            expected = self.version(key) - (1 if stale else 0)
            self.everywhere(lambda s: s.delete(Line, key, expected_version=max(expected, 0)))

        @rule(keys=st.lists(KEYS, max_size=4), amount=AMOUNTS)
        def put_many(self, keys: list[str], amount: Decimal) -> None:
            values = [Line(k, "A", FinancialYear(2016), amount) for k in keys]
            self.everywhere(lambda s: s.put_many(values))

        @rule(stream=STREAMS, notes=st.lists(TEXT, min_size=1, max_size=3), expected=VERSIONS)
        def append(self, stream: str, notes: list[str], expected: int) -> None:
            events = [Movement(f"m{i}", Decimal(i), note) for i, note in enumerate(notes)]
            self.everywhere(lambda s: s.append(stream, events, expected_version=expected))

        @rule(key=KEYS, other=KEYS, stream=STREAMS, fail=st.booleans())
        def transaction(self, key: str, other: str, stream: str, fail: bool) -> None:
            current = self.version(key)
            head = self.stores["memory"].stream_version(stream)

            def action(s: Store) -> None:
                with s.transaction():
                    s.put(
                        Line(key, "tx", FinancialYear(2017), Decimal(1)), expected_version=current
                    )
                    s.append(stream, [Movement("tx", Decimal(2))], expected_version=head)
                    s.put(Line(other, "tx2", FinancialYear(2017), Decimal(3)), expected_version=0)
                    if fail:
                        raise AbandonError

            self.everywhere(action)

        @rule(text=TEXT, year=YEARS)
        def query(self, text: str, year: FinancialYear) -> None:
            self.everywhere(lambda s: [r.key for r in s.query(Line, where={"text": text})])
            self.everywhere(lambda s: [r.key for r in s.query(Line, where={"year": year})])

        @invariant()
        def same_contents(self) -> None:
            self.everywhere(lambda s: [(r.key, r.version, r.value) for r in s.query(Line)])
            self.everywhere(lambda s: (s.kinds(), s.keys(Line), s.streams()))
            self.everywhere(
                lambda s: [(name, s.read_stream(name)) for name in ("ledger", "project/ب")]
            )

        def teardown(self) -> None:
            for store in self.stores.values():
                store.close()

    return StoresAgree


def test_every_adapter_agrees_with_memory(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    counter = iter(range(10**9))
    factories: dict[str, Callable[[], str]] = {
        "memory": lambda: "memory://",
        "sqlite": lambda: f"sqlite://{tmp_path}/s{next(counter)}.db?sync=off",
        "dir": lambda: f"dir://{tmp_path}/d{next(counter)}?sync=off",
    }
    # No server here: run the others (under CI=true the fixture fails instead of skipping).
    with contextlib.suppress(pytest.skip.Exception):
        factories["postgresql"] = request.getfixturevalue("postgres_url")
    machine = make_machine(factories)
    # Every example opens four real stores (a PostgreSQL schema among them), so the number of
    # examples is capped at 60 even under the CI profile, to keep the suite's runtime sane.
    run_state_machine_as_test(
        machine,
        settings=settings(
            settings(), max_examples=min(settings().max_examples, 60), stateful_step_count=12
        ),
    )
