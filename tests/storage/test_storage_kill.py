"""The kill test: writers killed with SIGKILL at random moments never leave a broken store.

For each adapter that touches disk, 100 rounds: two writer processes (forked, so that
starting one costs milliseconds) open the store and run transactions as fast as they can -
each one bumps a counter record, creates a pair of records and appends an event, all
together - until both are killed with SIGKILL at a random moment: in one round of ten from
0 to 80 ms after they start (so some die opening or migrating the store), in the others from
0 to 80 ms after the first has opened it (in the middle of writing). Then the store must
open, pass ``verify()`` and show every transaction whole or not at all: the counter equals
the stream's length and both records of every pair exist.
"""

from __future__ import annotations

import os
import random
import select
import signal
import time
import traceback
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from storage_kinds import KINDS, Line, Movement

from kpgov.errors import ConflictError
from kpgov.periods import FinancialYear
from kpgov.storage import Store, open

ROUNDS = 100
WRITERS = 2
FY = FinancialYear(2016)


def _transaction(store: Store) -> None:
    counter = store.find(Line, "counter")
    n = 0 if counter is None else int(counter.value.amount)
    with store.transaction():
        store.put(
            Line("counter", "C", FY, Decimal(n + 1)),
            expected_version=0 if counter is None else counter.version,
        )
        store.put_many([Line(f"a-{n:06d}", "A", FY, Decimal(n)), Line(f"b-{n:06d}", "B", FY, 1)])
        store.append("ledger", [Movement(f"m-{n}", Decimal(n), "ضلع '\x00")], expected_version=n)


def _writer(url: str, ready: int) -> None:
    """Runs in the child until it is killed."""
    with open(url, kinds=KINDS) as store:
        os.write(ready, b"r")
        while True:
            try:
                _transaction(store)
            except ConflictError:  # the other writer won this round; try again
                continue


def _check(url: str) -> int:
    with open(url, kinds=KINDS) as store:
        assert store.verify() == []
        counter = store.find(Line, "counter")
        n = 0 if counter is None else int(counter.value.amount)
        assert store.stream_version("ledger") == n
        keys = store.keys(Line)
        assert keys == sorted(
            [f"a-{i:06d}" for i in range(n)]
            + [f"b-{i:06d}" for i in range(n)]
            + (["counter"] if counter else [])
        )
        return n


def _run_rounds(url: str, seed: int, errors: Path) -> tuple[int, int]:
    rng = random.Random(seed)
    with open("memory://", kinds=KINDS) as warm:  # build the converter's hooks before forking
        _transaction(warm)
        _transaction(warm)
    killed_while_writing = 0
    committed = 0
    for round_number in range(ROUNDS):
        ready_r, ready_w = os.pipe()
        children = []
        for _ in range(WRITERS):
            pid = os.fork()
            if pid == 0:  # the child: write until killed; never return into pytest
                try:
                    os.close(ready_r)
                    _writer(url, ready_w)
                except BaseException:
                    with errors.open("a") as log:
                        log.write(traceback.format_exc())
                finally:
                    os._exit(1)
            children.append(pid)
        os.close(ready_w)
        if round_number % 10 != 0:  # most rounds: kill while writing, not while opening
            select.select([ready_r], [], [], 10.0)
        time.sleep(rng.uniform(0, 0.080))
        for pid in children:
            os.kill(pid, signal.SIGKILL)
        for pid in children:
            _, status = os.waitpid(pid, 0)
            if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
                killed_while_writing += 1
        # closed only now: a writer that signals "ready" late must not die of a broken pipe
        os.close(ready_r)
        assert not errors.exists(), errors.read_text() or "a writer raised (and was killed mid-log)"
        now = _check(url)
        assert now >= committed  # nothing committed is ever lost
        committed = now
    return committed, killed_while_writing


@pytest.mark.slow
def test_killed_writers_leave_the_store_consistent(
    disk_url: Callable[[], str], tmp_path: Path
) -> None:
    seed = random.randrange(2**32)
    url = disk_url()
    committed, kills = _run_rounds(url, seed, tmp_path / "writer-errors.txt")
    # The test means something only if writers were killed and many transactions got through.
    assert kills == ROUNDS * WRITERS, f"seed {seed}"
    assert committed >= ROUNDS // 10, f"seed {seed}: only {committed} transactions committed"
