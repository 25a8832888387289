"""Anchored histories: the tampers an unkeyed hash chain cannot see, caught by a checkpoint.

Each tamper is done the way an attacker with write access to the medium would do it (SQL
with the guard triggers dropped or disabled, files edited in place, the memory adapter's
rows replaced), on every adapter: a truncated stream, a forged last event with a correct
hash, and an edited event with the chain recomputed after it. Without a checkpoint
``verify()`` finds nothing (that is the gap); with one it names the stream and the event.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from storage_kinds import KINDS, Movement

from kpgov import cli
from kpgov.errors import StoreError, ValidationError
from kpgov.storage import (
    CHECKPOINT_STREAM,
    Checkpoint,
    CheckpointKey,
    Store,
    StreamHead,
    load_key,
    open,
)
from kpgov.storage._model import chain_hash, encode_document

KEY = CheckpointKey(b"operator key kept off the store!")
OTHER_KEY = CheckpointKey(b"somebody else's key, not the op.")
Row = tuple[int, str, str, str]


def _rows(store: Store, stream: str) -> list[Row]:
    """The stored (version, kind, document, hash) rows of a stream, as the medium holds them."""
    backend: Any = store._backend  # type: ignore[attr-defined]  # the test plays the attacker
    with backend.read_context():
        return [
            (v, k, d if isinstance(d, str) else encode_document(d), h)
            for v, k, d, h in backend.read_events(stream, 0)
        ]


def _rewrite(store: Store, url: str, stream: str, rows: list[Row]) -> None:
    """Replace a stream's events in the medium itself, past every guard kpgov sets."""
    backend: Any = store._backend  # type: ignore[attr-defined]
    if store.adapter == "memory":
        backend._events[stream] = list(rows)
    elif store.adapter == "sqlite":
        with sqlite3.connect(backend.location) as db:
            db.execute("DROP TRIGGER kpgov_events_no_update")
            db.execute("DROP TRIGGER kpgov_events_no_delete")
            db.execute("DELETE FROM kpgov_events WHERE stream = ?", (stream,))
            db.executemany(
                "INSERT INTO kpgov_events VALUES (?, ?, ?, ?, ?)", [(stream, *r) for r in rows]
            )
    elif store.adapter == "dir":
        directory: Path = backend._stream_dir(stream)
        for path in directory.iterdir():
            path.unlink()
        for version, kind, doc, digest in rows:
            event = {"hash": digest, "kind": kind, "stream": stream, "value": json.loads(doc),
                     "version": version}  # fmt: skip
            (directory / f"{version:010d}.json").write_text(json.dumps(event))
    else:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
            conn.execute("ALTER TABLE kpgov_events DISABLE TRIGGER kpgov_events_no_change")
            conn.execute("DELETE FROM kpgov_events WHERE stream = %s", (stream,))
            for row in rows:
                conn.execute("INSERT INTO kpgov_events VALUES (%s, %s, %s, %s, %s)", (stream, *row))
            conn.execute("ALTER TABLE kpgov_events ENABLE TRIGGER kpgov_events_no_change")


def _rechain(stream: str, rows: list[Row]) -> list[Row]:
    out: list[Row] = []
    previous = ""
    for version, kind, doc, _digest in rows:
        previous = chain_hash(previous, stream, version, kind, doc)
        out.append((version, kind, doc, previous))
    return out


def _forged(doc: str) -> str:
    data = json.loads(doc)
    data["amount"] = "999999"
    return encode_document(data)


def truncate(stream: str, rows: list[Row]) -> list[Row]:
    return rows[:-2]


def forge_tail(stream: str, rows: list[Row]) -> list[Row]:
    version, kind, doc, _ = rows[-1]
    return _rechain(stream, [*rows[:-1], (version, kind, _forged(doc), "")])


def recompute_chain(stream: str, rows: list[Row]) -> list[Row]:
    edited = list(rows)
    version, kind, doc, digest = edited[1]
    edited[1] = (version, kind, _forged(doc), digest)
    return _rechain(stream, edited)


TAMPERS: dict[str, Callable[[str, list[Row]], list[Row]]] = {
    "truncated": truncate,
    "forged tail": forge_tail,
    "recomputed chain": recompute_chain,
}


@pytest.fixture
def anchored(new_url: Callable[[], str]) -> Iterator[tuple[Store, str]]:
    """A store with two streams of four events each, and a checkpoint kept in it."""
    url = new_url()
    with open(url, kinds=KINDS) as store:
        for stream in ("project/P-1", "project/P-2"):
            events = [Movement(f"{stream}-{n}", str(n)) for n in range(1, 5)]
            store.append(stream, events, expected_version=0)
        yield store, url


@pytest.mark.parametrize("tamper", list(TAMPERS))
def test_each_tamper_passes_the_chain_and_is_caught_by_a_checkpoint(
    anchored: tuple[Store, str], tamper: str
) -> None:
    store, url = anchored
    point = store.checkpoint(KEY)
    assert store.verify(checkpoint=point, key=KEY) == []
    stream = "project/P-2"
    _rewrite(store, url, stream, TAMPERS[tamper](stream, _rows(store, stream)))

    assert store.verify() == []  # the unkeyed chain alone cannot see it
    problems = store.verify(checkpoint=point, key=KEY)
    assert len(problems) == 1, problems
    assert "'project/P-2'" in problems[0]
    if tamper == "truncated":
        assert "truncated" in problems[0]
        assert "event 3 onwards is missing" in problems[0]
    else:
        assert "event 4 is not the event signed" in problems[0]
    assert store.verify(checkpoint=point, streams=["project/P-1"]) == []


def test_events_appended_after_the_checkpoint_are_not_a_problem(
    anchored: tuple[Store, str],
) -> None:
    store, _url = anchored
    point = store.checkpoint(KEY, keep=False)
    store.append("project/P-1", [Movement("later", "5")], expected_version=4)
    store.append("project/P-3", [Movement("new", "1")], expected_version=0)
    assert store.verify(checkpoint=point, key=KEY) == []


def test_a_checkpoint_is_kept_in_the_store_and_leaves_itself_out(
    anchored: tuple[Store, str],
) -> None:
    store, _url = anchored
    first = store.checkpoint(KEY)
    second = store.checkpoint(KEY)
    assert store.checkpoints() == [first, second]
    assert all(point.signed_by(KEY) for point in store.checkpoints())
    assert [h.stream for h in second.streams] == ["project/P-1", "project/P-2"]
    assert store.stream_version(CHECKPOINT_STREAM) == 2
    assert store.verify() == []
    with pytest.raises(ValidationError, match="kpgov's own"):
        store.append(CHECKPOINT_STREAM, [Movement("x", "1")], expected_version=2)


def test_a_checkpoint_under_another_key_or_edited_is_not_trusted(
    anchored: tuple[Store, str], tmp_path: Path
) -> None:
    store, _url = anchored
    point = store.checkpoint(KEY, keep=False)
    assert not point.signed_by(OTHER_KEY)
    (problem,) = store.verify(checkpoint=point, key=OTHER_KEY)
    assert "does not match key" in problem
    path = tmp_path / "anchor.json"
    point.write(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert Checkpoint.read(path, key=KEY) == point
    data = json.loads(path.read_text())
    data["streams"][0]["length"] = 1  # hide a later truncation
    path.write_text(json.dumps(data))
    with pytest.raises(StoreError, match="signature does not match"):
        Checkpoint.read(path, key=KEY)


def test_keys_come_from_a_file_or_the_environment_and_are_never_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "k" * 40
    (tmp_path / "key").write_text(secret + "\n")
    from_file = load_key(tmp_path / "key")
    monkeypatch.setenv("KPGOV_CHECKPOINT_KEY", secret)
    from_env = load_key()
    assert from_file.id == from_env.id
    assert secret not in repr(from_env)
    monkeypatch.delenv("KPGOV_CHECKPOINT_KEY")
    with pytest.raises(StoreError, match="no checkpoint key"):
        load_key()
    with pytest.raises(ValidationError, match="at least 16 bytes"):
        CheckpointKey(b"short")


def test_the_cli_checkpoints_and_verifies_against_a_file_and_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path}/s.db"
    key_file = tmp_path / "kpgov.key"
    key_file.write_text("a key the operator keeps elsewhere\n")
    with open(url, kinds=KINDS) as store:
        store.append(
            "project/P-1", [Movement(f"m{n}", str(n)) for n in range(3)], expected_version=0
        )
    anchor = tmp_path / "anchor.json"
    assert cli.main(["store", "checkpoint", "--store", url, "--key-file", str(key_file),
                     "--output", str(anchor)]) == 0  # fmt: skip
    assert "checkpoint of 1 streams (3 events)" in capsys.readouterr().out
    for where in (str(anchor), "stored"):
        args = [
            "store",
            "verify",
            "--store",
            url,
            "--checkpoint",
            where,
            "--key-file",
            str(key_file),
        ]
        assert cli.main(args) == 0
        assert "consistent since the checkpoint" in capsys.readouterr().out
    with open(url, kinds=KINDS) as store:
        _rewrite(store, url, "project/P-1", _rows(store, "project/P-1")[:1])
    assert cli.main(["store", "verify", "--store", url]) == 0  # no anchor: looks fine
    capsys.readouterr()
    args = [
        "store",
        "verify",
        "--store",
        url,
        "--checkpoint",
        str(anchor),
        "--key-file",
        str(key_file),
    ]
    assert cli.main(args) == 1
    out = capsys.readouterr().out
    assert "stream 'project/P-1': truncated" in out
    assert "event 2 onwards is missing" in out


@settings(max_examples=30, deadline=None)
@given(
    lengths=st.lists(st.integers(1, 6), min_size=1, max_size=3),
    victim=st.integers(0, 2),
    cut=st.integers(0, 5),
    edit=st.integers(0, 5),
    tamper=st.sampled_from(["truncate", "rechain", "none"]),
)
def test_a_checkpoint_catches_exactly_the_tampers_before_it(
    lengths: list[int], victim: int, cut: int, edit: int, tamper: str
) -> None:
    """Property: verify(checkpoint=) reports a stream iff its signed prefix changed."""
    with open("memory://", kinds=KINDS) as store:
        names = [f"s{i}" for i in range(len(lengths))]
        for name, length in zip(names, lengths, strict=True):
            store.append(name, [Movement(f"{name}-{n}", str(n)) for n in range(length)],
                         expected_version=0)  # fmt: skip
        point = store.checkpoint(KEY, keep=False)
        stream = names[victim % len(names)]
        rows = _rows(store, stream)
        changed = False
        if tamper == "truncate":
            keep = cut % len(rows)
            _rewrite(store, "memory://", stream, rows[:keep])
            changed = True
        elif tamper == "rechain":
            index = edit % len(rows)
            version, kind, doc, digest = rows[index]
            rows[index] = (version, kind, _forged(doc), digest)
            _rewrite(store, "memory://", stream, _rechain(stream, rows))
            changed = True
        assert store.verify() == []
        problems = store.verify(checkpoint=point, key=KEY)
        assert bool(problems) == changed
        assert all(f"stream {stream!r}" in p for p in problems)


def test_the_checkpoint_lists_every_stream_head(anchored: tuple[Store, str]) -> None:
    store, _url = anchored
    heads = store.heads()
    assert heads == tuple(
        StreamHead(name, 4, store.read_stream(name)[-1].hash)
        for name in ("project/P-1", "project/P-2")
    )


def test_earlier_checkpoints_narrow_down_where_a_rewrite_starts(
    anchored: tuple[Store, str],
) -> None:
    store, url = anchored
    store.checkpoint(KEY)  # both streams at 4 events
    store.append("project/P-2", [Movement(f"late-{n}", "1") for n in range(3)], expected_version=4)
    point = store.checkpoint(KEY)  # project/P-2 at 7
    rows = _rows(store, "project/P-2")
    version, kind, doc, digest = rows[5]  # event 6
    rows[5] = (version, kind, _forged(doc), digest)
    _rewrite(store, url, "project/P-2", _rechain("project/P-2", rows))
    assert store.verify() == []
    (problem,) = store.verify(checkpoint=point, key=KEY)
    assert "event 7 is not the event signed" in problem
    assert "event 4 still matches the checkpoint of" in problem
    assert "the rewrite is in events 5 to 7" in problem
    (unnarrowed,) = store.verify(checkpoint=point)  # without the key: no stored checkpoints
    assert "still matches" not in unnarrowed
