"""Concurrent writers lose no update: three processes (threads for memory://) bump one counter
record and append to one stream for a second and a half, each retrying on ConflictError.

Every acknowledged write must be in the store: the counter equals the number of acknowledged
counter writes, the stream's length the number of acknowledged appends, and ``verify()`` is
clean. Conflicts are counted to show that the writers really did race.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from decimal import Decimal

import pytest
from storage_kinds import KINDS, Line, Movement

from kpgov.errors import ConflictError
from kpgov.periods import FinancialYear
from kpgov.storage import Store, open

FY = FinancialYear(2016)
WRITERS = 3
SECONDS = 1.5


def _work(store: Store, until: float) -> tuple[int, int, int]:
    """(acknowledged counter writes, acknowledged appends, conflicts) until ``until``."""
    bumps = appends = conflicts = 0
    while time.monotonic() < until:
        counter = store.find(Line, "counter")
        n = 0 if counter is None else int(counter.value.amount)
        try:
            store.put(
                Line("counter", "C", FY, Decimal(n + 1)),
                expected_version=0 if counter is None else counter.version,
            )
            bumps += 1
        except ConflictError:
            conflicts += 1
        length = store.stream_version("journal")
        try:
            store.append("journal", [Movement(f"m-{length}", "1")], expected_version=length)
            appends += 1
        except ConflictError:
            conflicts += 1
    return bumps, appends, conflicts


def _in_processes(url: str) -> list[tuple[int, int, int]]:
    until = time.monotonic() + SECONDS
    pipes, pids = [], []
    for _ in range(WRITERS):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                with open(url, kinds=KINDS) as store:
                    result = _work(store, until)
                os.write(write, json.dumps(result).encode())
            finally:
                os._exit(0)
        os.close(write)
        pipes.append(read)
        pids.append(pid)
    results = []
    for read, pid in zip(pipes, pids, strict=True):
        with os.fdopen(read) as handle:
            text = handle.read()
        os.waitpid(pid, 0)
        assert text, "a writer died"
        results.append(tuple(json.loads(text)))
    return results  # type: ignore[return-value]  # three ints each


@pytest.mark.slow
def test_concurrent_writers_lose_no_update(new_url: Callable[[], str]) -> None:
    url = new_url()
    with open(url, kinds=KINDS) as store:  # create the schema before the race
        store.put(Line("counter", "C", FY, Decimal(0)))
        if store.adapter == "memory":
            until = time.monotonic() + SECONDS
            results: list[tuple[int, int, int]] = []
            threads = [
                threading.Thread(target=lambda: results.append(_work(store, until)))
                for _ in range(WRITERS)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        else:
            results = _in_processes(url)
        bumps = sum(r[0] for r in results)
        appends = sum(r[1] for r in results)
        counter = store.get(Line, "counter")
        assert int(counter.value.amount) == bumps
        assert counter.version == bumps + 1
        assert store.stream_version("journal") == appends
        assert store.verify() == []
    assert bumps > 0
    assert appends > 0
