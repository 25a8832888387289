"""The hash-chained audit log: canonical JSON, replay and tamper detection by verify()."""

from __future__ import annotations

import json
from decimal import Decimal

import attrs
import pytest
from adp_support import walk
from hypothesis import assume, given
from hypothesis import strategies as st

from kpgov import convert
from kpgov.adp import Event, Stage, canonical_json, replay, verify
from kpgov.errors import KpgovError, ValidationError

LOG = walk(Stage.EVALUATED)
EVENTS = LOG.events
N = len(EVENTS)


def _rehash(event: Event, **changes: object) -> Event:
    changed = attrs.evolve(event, **changes)
    return attrs.evolve(changed, hash=changed.computed_hash())


def test_the_canonical_json_is_the_converters():
    for event in EVENTS:
        data = convert.unstructure(event)
        data.pop("hash")
        expected = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert canonical_json(event) == expected


def test_events_round_trip_through_the_converter():
    for event in EVENTS:
        back = convert.structure(json.loads(json.dumps(convert.unstructure(event))), Event)
        assert back == event
        assert back.canonical == event.canonical


def test_an_intact_log_verifies():
    result = verify(EVENTS, head=LOG.record.head, length=N)
    assert result.ok
    assert result.checked == N
    assert result.head == EVENTS[-1].hash


_FIELDS = st.sampled_from(["actor", "document", "amount", "on", "transition", "details"])


def _altered(event: Event, field: str) -> Event:
    if field == "actor":
        return attrs.evolve(event, actor=event.actor + " (forged)")
    if field == "document":
        return attrs.evolve(event, document=(event.document or "") + "-2")
    if field == "amount":
        return attrs.evolve(event, amount=(event.amount or Decimal(0)) + 1)
    if field == "on":
        return attrs.evolve(event, on=event.on.replace(year=event.on.year + 1))
    if field == "transition":
        return attrs.evolve(event, transition="drop")
    return attrs.evolve(event, details={**event.details, "note": "added"})


@given(index=st.integers(0, N - 1), field=_FIELDS)
def test_verify_names_an_altered_event(index, field):
    events = list(EVENTS)
    events[index] = _altered(events[index], field)
    result = verify(events)
    assert not result.ok
    assert (result.problem, result.index, result.seq) == ("altered", index, index)
    assert f"event {index + 1} was altered" in result.message  # stream versions, from 1
    assert result.version == index + 1


@given(index=st.integers(0, N - 1), field=_FIELDS)
def test_verify_names_an_altered_and_rehashed_event(index, field):
    # a forger who recomputes the event's own hash still breaks the next link (or the head)
    events = list(EVENTS)
    events[index] = _rehash(_altered(events[index], field))
    result = verify(events, head=LOG.record.head)
    assert not result.ok
    assert (result.problem, result.index) == ("altered", index)


@given(index=st.integers(0, N - 1))
def test_verify_names_a_removed_event(index):
    events = list(EVENTS)
    del events[index]
    result = verify(events, length=N)
    assert not result.ok
    if index < N - 1:
        assert (result.problem, result.seq) == ("removed", index)
        assert f"event {index + 1} is missing" in result.message
    else:
        assert result.problem == "truncated"
        assert f"events {index + 1}..{N} are missing" in result.message


@given(st.data())
def test_verify_names_the_first_of_swapped_events(data):
    i = data.draw(st.integers(0, N - 2))
    j = data.draw(st.integers(i + 1, N - 1))
    events = list(EVENTS)
    events[i], events[j] = events[j], events[i]
    result = verify(events)
    assert not result.ok
    assert result.index == i
    assert result.problem == "reordered"
    assert f"position {i + 1} holds event {j + 1}, event {i + 1} comes later" in result.message


def test_verify_names_a_duplicated_event():
    events = [*EVENTS[:3], EVENTS[1], *EVENTS[3:]]
    result = verify(events)
    assert (result.problem, result.index) == ("inserted", 3)


def test_verify_refuses_an_event_of_another_project():
    other = _rehash(EVENTS[2], project_code="OTHER-1")
    result = verify([*EVENTS[:2], other])
    assert result.problem == "foreign"


def test_renumbered_events_are_caught_by_their_links():
    # drop event 4 and renumber/rehash the rest: the chain still breaks at the forged event
    events = list(EVENTS[:4])
    for event in EVENTS[5:]:
        events.append(_rehash(event, seq=len(events), prev_hash=events[-1].hash))
    result = verify(events, head=LOG.record.head)
    assert not result.ok
    assert result.index == N - 2


def test_replay_refuses_an_unlinked_log():
    with pytest.raises(ValidationError):
        replay([EVENTS[0], EVENTS[2]])


def test_replay_recomputes_the_state_at_every_prefix():
    for n in range(1, N + 1):
        assert replay(EVENTS[:n]).version == n
    assert replay(EVENTS) == LOG.record


@given(
    index=st.integers(1, N - 1),
    details=st.dictionaries(
        st.sampled_from(
            ["ddc_approval_limit", "completion_months", "completion", "year", "pc_iv", "policy"]
        ),
        st.text(max_size=12),
        max_size=3,
    ),
)
def test_replay_of_a_forged_rechained_log_refuses_or_succeeds_but_never_crashes(index, details):
    # a forger who rewrites an event's details and re-chains everything after it passes
    # verify() without an anchor; replay still re-checks every guard, with kpgov errors only
    assume(details != EVENTS[index].details)
    events = list(EVENTS[:index])
    forged = _rehash(EVENTS[index], details=details, prev_hash=events[-1].hash)
    events.append(forged)
    for event in EVENTS[index + 1 :]:
        events.append(_rehash(event, prev_hash=events[-1].hash))
    assert verify(events).ok
    assert not verify(events, head=LOG.record.head).ok
    try:
        record = replay(events)
    except KpgovError:
        return
    assert record.version == N
