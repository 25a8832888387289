"""The project-history service (kpgov.storage.ProjectHistories) on every persisting adapter:
append with the expected version, load, replay, audit, verify against an anchor, list, and two
writers racing for one history."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from kpgov.adp import Actor, FundingSource, Mode, Project, ProjectKind, ProjectLog, Role, Stage
from kpgov.errors import ConflictError, NotFoundError, StoreError, ValidationError
from kpgov.storage import HistoryAnchor, KindRegistry, ProjectHistories, open_histories

HOO = Actor("Head of Offices (synthetic)", Role.HEAD_OF_OFFICES)
DDC = Actor("DDC (synthetic)", Role.DISTRICT_DEVELOPMENT_COMMITTEE)


def _project(code: str = "SYN-ED-0001") -> Project:
    return Project(
        code=code,
        name="Girls school (synthetic)",
        sponsoring_agency="Education",
        executing_agency="C&W",
        sector="Education",
        function="091102",
        location="UC 7",
        kind=ProjectKind.BUILDING,
        funding_source=FundingSource.DISTRICT_ADP,
        cost=Decimal("12000000"),
        start=date(2025, 9, 1),
        completion=date(2026, 6, 30),
        project_manager="SDO",
        deliverables=("6 classrooms",),
    )


def _outlined(code: str = "SYN-ED-0001") -> ProjectLog:
    log = ProjectLog.start(_project(code), HOO, date(2025, 1, 6))
    return log.take("prepare_outline", HOO, date(2025, 1, 9))


def test_a_history_round_trips_and_lists(disk_url: Callable[[], str]) -> None:
    url = disk_url()
    log = _outlined()
    with ProjectHistories.open(url) as histories:
        assert histories.save(log) == 2
        assert histories.save(log) == 2  # nothing new
        histories.save(_outlined("SYN-ED-0002"))
    with open_histories(url) as histories:
        assert histories.codes() == ["SYN-ED-0001", "SYN-ED-0002"]
        assert histories.load("SYN-ED-0001") == log.events
        assert histories.replay("SYN-ED-0001") == log.record
        assert histories.log("SYN-ED-0001").stage is Stage.OUTLINE_PREPARED
        assert histories.audit("SYN-ED-0001").findings == ()
        assert histories.version("SYN-ED-0001") == 2
        with pytest.raises(NotFoundError, match="no project 'NOPE'"):
            histories.load("NOPE")


def test_a_stale_append_names_both_versions_and_changes_nothing(disk_url: Callable[[], str]):
    with ProjectHistories.open(disk_url()) as histories:
        log = _outlined()
        histories.save(log)
        further = log.take("approve_outline", DDC, date(2025, 1, 20), document="minutes")
        with pytest.raises(ConflictError, match="at version 2, this append expected version 1"):
            histories.append(log.code, further.events[1:], expected_version=1)
        with pytest.raises(ValidationError):
            histories.append(log.code, further.events[2:], expected_version=1)  # misnumbered
        assert histories.version(log.code) == 2
        assert histories.append(log.code, further.events[2:], expected_version=2) == 3


def test_record_mode_histories_are_kept_and_audited(disk_url: Callable[[], str]):
    with ProjectHistories.open(disk_url()) as histories:
        registry = ProjectLog.start(_project(), HOO, date(2025, 1, 6), mode=Mode.RECORD)
        registry = registry.take("approve_outline", HOO, date(2025, 1, 3))  # all wrong
        histories.save(registry)
        found = histories.audit(registry.code)
        rules = {f.rule_id for f in found}
        assert {"BR-36(1)", "BR-33(1)", "BR-36(6)"} <= rules
        # findings point to the event in the store: its stream version and stream
        assert {(f.location.row, f.location.field) for f in found if f.location} == {
            (2, "project/SYN-ED-0001")
        }
        with pytest.raises(Exception, match="BR-"):
            histories.log(registry.code, mode=Mode.ENFORCE)  # an app refuses to build on it
        assert histories.log(registry.code).record == registry.record


def test_verify_against_an_anchor(disk_url: Callable[[], str]):
    with ProjectHistories.open(disk_url()) as histories:
        log = _outlined()
        histories.save(log)
        anchor = histories.anchor(log.code)
        assert anchor.length == 2
        assert histories.verify(log.code, anchor=anchor).ok
        assert histories.verify(log.code, anchor=(anchor.head, anchor.length)).ok
        assert histories.verify(log.code, anchor=(log.events[-1].hash, 2)).ok  # the event's own
        cut = histories.verify(log.code, anchor=HistoryAnchor(anchor.head, 4))
        assert (cut.ok, cut.problem, str(cut)) == (False, "truncated", "events 3..4 are missing")
        other = histories.verify(log.code, anchor=HistoryAnchor("f" * 64, 2))
        assert not other.ok
        assert "event 2 does not end at the anchor's head" in str(other)
        with pytest.raises(ValidationError):
            histories.verify(log.code, anchor=("x", 1, 2))

        class Checkpoint:  # the shape of a signed checkpoint: a head for each stream
            def head(self, stream: str) -> HistoryAnchor:
                if stream != "project/SYN-ED-0001":
                    raise KeyError(stream)
                return HistoryAnchor(anchor.head, 3)

        assert str(histories.verify(log.code, anchor=Checkpoint())) == "events 3..3 are missing"
        histories.save(_outlined("SYN-ED-0002"))
        with pytest.raises(ValidationError, match="no head for project/SYN-ED-0002"):
            histories.verify("SYN-ED-0002", anchor=Checkpoint())
        with pytest.raises(StoreError, match="does not verify"):
            histories.verified(log.code, anchor=HistoryAnchor(anchor.head, 3))
        assert histories.verified(log.code) == log.events


def test_the_domain_kinds_need_no_registration():
    registry = KindRegistry()
    with ProjectHistories.open("memory://", kinds=registry) as histories:
        histories.save(_outlined())
        histories.store.put(_project("SYN-ED-0003"))  # an app keeps the proposal too
    assert "adp.event" in registry


@pytest.mark.parametrize(
    "adapter", ["sqlite", "dir", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_two_concurrent_writers_never_lose_an_update(
    adapter: str, tmp_path: Path, request: pytest.FixtureRequest
):
    rounds = 6
    if adapter == "sqlite":
        url = f"sqlite://{tmp_path}/race.db"
    elif adapter == "dir":
        url = f"dir://{tmp_path}/race"
    else:
        url = request.getfixturevalue("postgres_url")()
    with ProjectHistories.open(url) as histories:
        histories.save(ProjectLog.start(_project(), HOO, date(2025, 1, 6), mode=Mode.RECORD))
    outcomes: list[list[str]] = [[] for _ in range(rounds)]
    barrier = threading.Barrier(2)

    def writer(name: str) -> None:
        with ProjectHistories.open(url) as mine:
            for index in range(rounds):
                log = mine.log("SYN-ED-0001")  # both read the same version
                barrier.wait(timeout=60)
                on = date(2025, 1, 6) + timedelta(days=index + 1)
                step = log.take("withdraw", Actor(name, Role.HEAD_OF_OFFICES), on)
                try:
                    mine.save(step)
                except ConflictError as exc:
                    outcomes[index].append(f"conflict: {exc}")
                except Exception as exc:
                    outcomes[index].append(f"error: {type(exc).__name__}: {exc}")
                else:
                    outcomes[index].append("saved")
                barrier.wait(timeout=60)

    threads = [threading.Thread(target=writer, args=(f"writer {n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for index, outcome in enumerate(outcomes):
        assert sorted(o.split(":")[0] for o in outcome) == ["conflict", "saved"], outcome
        (conflict,) = [o for o in outcome if o.startswith("conflict")]
        version = index + 2  # the stored version after this round
        assert f"version {version}" in conflict  # the stored version is named
    with ProjectHistories.open(url) as histories:
        assert histories.version("SYN-ED-0001") == rounds + 1
        assert histories.verify("SYN-ED-0001").ok


def test_a_rehashed_forgery_breaks_the_stores_chain(tmp_path: Path):
    import json
    import sqlite3

    import attrs

    from kpgov.convert import unstructure

    url = f"sqlite://{tmp_path}/forged.db"
    log = _outlined()
    with ProjectHistories.open(url) as histories:
        histories.save(log)
    # a forger edits event 2 and recomputes its own hash: the events' chain still holds
    forged = attrs.evolve(log.events[1], actor="someone else")
    forged = attrs.evolve(forged, hash=forged.computed_hash())
    db = sqlite3.connect(tmp_path / "forged.db")
    db.execute("DROP TRIGGER IF EXISTS kpgov_events_no_update")
    db.execute(
        "UPDATE kpgov_events SET doc = ? WHERE stream = 'project/SYN-ED-0001' AND version = 2",
        (json.dumps(unstructure(forged), sort_keys=True, separators=(",", ":")),),
    )
    db.commit()
    db.close()
    with ProjectHistories.open(url) as histories:
        result = histories.verify("SYN-ED-0001")
        assert not result.ok
        assert str(result) == "event 2 breaks the store's hash chain of project/SYN-ED-0001"
        assert result.version == 2
