"""The Store contract: every test here runs unchanged against every adapter.

(memory, sqlite, dir and postgresql; see the ``store`` fixture in conftest.py.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal

import pytest
from storage_kinds import HOSTILE, KINDS, Line, Movement

from kpgov.errors import ConflictError, NotFoundError, StoreError, ValidationError
from kpgov.periods import FinancialYear
from kpgov.storage import Migration, Record, Store, open

FY16 = FinancialYear(2016)


def line(ident: str, amount: str = "100", *, code: str = "A01101", year: int = 2016) -> Line:
    return Line(ident, code, FinancialYear(year), Decimal(amount), f"line {ident}")


# -- records ---------------------------------------------------------------------------------


def test_a_stored_value_comes_back_equal_with_version_1(store: Store) -> None:
    record = store.put(line("L1", "1200.50"))
    assert record == Record("budget-line", "L1", 1, line("L1", "1200.50"))
    assert store.get(Line, "L1") == record
    assert store.get("budget-line", "L1").value.amount == Decimal("1200.50")


def test_an_update_based_on_the_current_version_bumps_it(store: Store) -> None:
    store.put(line("L1"))
    updated = store.put(line("L1", "250"), expected_version=1)
    assert updated.version == 2
    assert store.get(Line, "L1").value.amount == Decimal("250")


def test_a_stale_write_is_a_conflict_and_changes_nothing(store: Store) -> None:
    store.put(line("L1", "1"))
    store.put(line("L1", "2"), expected_version=1)
    with pytest.raises(ConflictError, match="version 2"):
        store.put(line("L1", "3"), expected_version=1)
    assert store.get(Line, "L1") == Record("budget-line", "L1", 2, line("L1", "2"))


def test_creating_an_existing_record_is_a_conflict(store: Store) -> None:
    store.put(line("L1"))
    with pytest.raises(ConflictError):
        store.put(line("L1", "999"))
    assert store.get(Line, "L1").value.amount == Decimal("100")


def test_updating_a_missing_record_is_a_conflict(store: Store) -> None:
    with pytest.raises(ConflictError):
        store.put(line("L1"), expected_version=3)
    assert store.find(Line, "L1") is None


def test_a_missing_record_is_not_found_and_a_key_error(store: Store) -> None:
    with pytest.raises(NotFoundError) as caught:
        store.get(Line, "nope")
    assert isinstance(caught.value, KeyError)
    assert "nope" in str(caught.value)


def test_delete_needs_the_current_version_and_keeps_counting(store: Store) -> None:
    store.put(line("L1"))
    with pytest.raises(ConflictError):
        store.delete(Line, "L1", expected_version=2)
    store.delete(Line, "L1", expected_version=1)
    assert store.find(Line, "L1") is None
    with pytest.raises(NotFoundError):
        store.delete(Line, "L1", expected_version=1)
    # A writer still holding version 1 cannot overwrite the re-created record.
    recreated = store.put(line("L1", "7"))
    assert recreated.version == 3
    with pytest.raises(ConflictError):
        store.put(line("L1", "8"), expected_version=1)


def test_query_filters_by_field_in_the_converter_representation(store: Store) -> None:
    store.put(line("b", code="A01", year=2016))
    store.put(line("a", code="A02", year=2016))
    store.put(line("c", code="A01", year=2017))
    assert [r.key for r in store.query(Line)] == ["a", "b", "c"]
    assert [r.key for r in store.query(Line, where={"year": FY16})] == ["a", "b"]
    assert [r.key for r in store.query(Line, where={"year": "2016-17", "code": "A01"})] == ["b"]
    assert [r.key for r in store.query(Line, where={"amount": Decimal("100")})] == ["a", "b", "c"]
    assert list(store.query(Line, where={"code": "none"})) == []


def test_query_refuses_a_field_the_kind_does_not_have(store: Store) -> None:
    with pytest.raises(ValidationError, match="colour"):
        store.query(Line, where={"colour": "red"})


def test_keys_and_kinds_list_what_is_stored(store: Store) -> None:
    store.put_many([line("x"), line("ب"), line("A")])
    store.put(Movement("m1", Decimal("5")))
    store.delete(Line, "x", expected_version=1)
    assert store.keys(Line) == ["A", "ب"]  # code-point order in every adapter
    assert store.keys("budget-line") == ["A", "ب"]
    assert store.kinds() == {"budget-line": 2, "movement": 1}


def test_keys_sort_by_code_point_everywhere(store: Store) -> None:
    keys = ["b", "B", "a", "ä", "10", "9", "ضلع", "Z", "~x", "a b"]
    store.put_many([line(k) for k in keys])
    assert store.keys(Line) == sorted(keys)
    assert [r.key for r in store.query(Line)] == sorted(keys)


def test_put_many_creates_all_or_none(store: Store) -> None:
    assert store.put_many([line(str(i)) for i in range(50)]) == 50
    with pytest.raises(ConflictError, match="already exists"):
        store.put_many([line("new"), line("7")])
    assert store.find(Line, "new") is None
    with pytest.raises(ConflictError, match="twice"):
        store.put_many([line("n2"), line("n2")])
    assert len(store.keys(Line)) == 50


def test_put_many_may_recreate_deleted_records(store: Store) -> None:
    store.put_many([line("a"), line("b")])
    store.delete(Line, "a", expected_version=1)
    store.put_many([line("a", "5"), line("c")])
    assert store.get(Line, "a").version == 3
    assert store.get(Line, "c").version == 1


def test_values_of_unregistered_classes_are_refused(store: Store) -> None:
    with pytest.raises(ValidationError, match="register"):
        store.put(Decimal("1"))


# -- transactions ----------------------------------------------------------------------------


def test_a_transaction_commits_everything_together(store: Store) -> None:
    with store.transaction() as tx:
        tx.put(line("a"))
        tx.put(line("a", "2"), expected_version=1)
        tx.append("s", [Movement("m", Decimal("1"))], expected_version=0)
        assert tx.get(Line, "a").version == 2  # a transaction reads its own writes
    assert store.get(Line, "a").version == 2
    assert store.stream_version("s") == 1


def test_a_failed_transaction_changes_nothing(store: Store) -> None:
    store.put(line("keep"))

    def edit() -> None:
        with store.transaction():
            store.put(line("new"))
            store.put(line("keep", "5"), expected_version=1)
            store.delete(Line, "keep", expected_version=2)
            store.append("s", [Movement("m", Decimal("1"))], expected_version=0)
            store.put(line("keep", "6"), expected_version=1)  # stale: the whole block fails

    with pytest.raises(ConflictError):
        edit()
    assert store.keys(Line) == ["keep"]
    assert store.get(Line, "keep") == Record("budget-line", "keep", 1, line("keep"))
    assert store.stream_version("s") == 0
    assert store.streams() == []


def test_any_exception_rolls_a_transaction_back(store: Store) -> None:
    def change_of_mind() -> None:
        with store.transaction():
            store.put_many([line(str(i)) for i in range(20)])
            raise RuntimeError("the caller changed its mind")

    with pytest.raises(RuntimeError):
        change_of_mind()
    assert store.kinds() == {}


def test_nested_transactions_join_the_outer_one(store: Store) -> None:
    def outer() -> None:
        with store.transaction():
            with store.transaction():
                store.put(line("inner"))
            raise RuntimeError("outer fails")

    with pytest.raises(RuntimeError):
        outer()
    assert store.find(Line, "inner") is None


def test_a_conflict_caught_inside_a_transaction_leaves_the_rest_intact(store: Store) -> None:
    store.put(line("a"))
    store.append("s", [Movement("m1", Decimal("1"))], expected_version=0)
    with store.transaction():
        store.put(line("b"))
        with pytest.raises(ConflictError):
            store.put(line("a", "9"))
        with pytest.raises(ConflictError):
            store.append("s", [Movement("m2", Decimal("2"))], expected_version=0)
        with pytest.raises(ConflictError):
            store.put_many([line("c"), line("a")])
        store.append("s", [Movement("m2", Decimal("2"))], expected_version=1)
    assert store.keys(Line) == ["a", "b"]
    assert [e.value.ref for e in store.read_stream("s")] == ["m1", "m2"]


# -- event streams ---------------------------------------------------------------------------


def test_a_stream_is_appended_with_its_expected_version(store: Store) -> None:
    first = [Movement("m1", Decimal("10")), Movement("m2", Decimal("-4"))]
    assert store.append("ledger/2016-17", first, expected_version=0) == 2
    assert store.append("ledger/2016-17", [Movement("m3", "1")], expected_version=2) == 3
    events = store.read_stream("ledger/2016-17")
    assert [(e.version, e.value.ref) for e in events] == [(1, "m1"), (2, "m2"), (3, "m3")]
    assert [e.version for e in store.read_stream("ledger/2016-17", after=2)] == [3]
    assert store.stream_version("ledger/2016-17") == 3
    assert store.streams() == ["ledger/2016-17"]
    assert store.read_stream("unknown") == []
    assert store.stream_version("unknown") == 0


def test_a_stale_append_is_a_conflict_and_appends_nothing(store: Store) -> None:
    store.append("s", [Movement("m1", "1")], expected_version=0)
    with pytest.raises(ConflictError, match="version 1"):
        store.append("s", [Movement("m2", "1"), Movement("m3", "1")], expected_version=0)
    assert [e.value.ref for e in store.read_stream("s")] == ["m1"]


def _sha(*parts: str) -> str:
    return hashlib.sha256(b"".join(p.encode() + b"\x1f" for p in parts)).hexdigest()


def test_events_are_hash_chained_the_same_way_everywhere(store: Store) -> None:
    store.append("s", [Movement("m1", "1"), Movement("m2", "2")], expected_version=0)
    first, second = store.read_stream("s")
    # sha256 of: previous hash, stream, version, kind, canonical JSON - each followed by 0x1F.
    assert first.hash == _sha("", "s", "1", "movement", '{"amount":"1","note":"","ref":"m1"}')
    assert second.hash == _sha(
        first.hash, "s", "2", "movement", '{"amount":"2","note":"","ref":"m2"}'
    )
    assert store.verify() == []


def test_the_stream_api_has_no_update_or_delete(store: Store) -> None:
    assert not any(hasattr(store, name) for name in ("update_event", "delete_event", "truncate"))


# -- hostile input ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:12]))
def test_hostile_text_round_trips_unchanged(store: Store, text: str) -> None:
    value = Line("L", text, FY16, Decimal("1"), text)
    store.put(value)
    assert store.get(Line, "L").value == value
    assert [r.value for r in store.query(Line, where={"code": text})] == [value]
    store.append("s", [Movement("m", "1", note=text)], expected_version=0)
    assert store.read_stream("s")[0].value.note == text


@pytest.mark.parametrize("key", [k for k in HOSTILE if k.isprintable() and len(k) < 500])
def test_hostile_keys_and_stream_names_round_trip(store: Store, key: str) -> None:
    store.put(line(key))
    assert store.keys(Line) == [key]
    assert store.get(Line, key).key == key
    store.append(key, [Movement("m", "1")], expected_version=0)
    assert store.streams() == [key]


@pytest.mark.parametrize("key", ["", "nul\x00", "new\nline", "x" * 513, "\ud800"])
def test_keys_no_adapter_can_hold_are_refused_by_all(store: Store, key: str) -> None:
    with pytest.raises(ValidationError):
        store.put(line(key))
    with pytest.raises(ValidationError):
        store.append(key, [Movement("m", "1")], expected_version=0)
    assert store.kinds() == {}


def test_text_that_is_not_unicode_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError, match="Unicode"):
        store.put(line("L").__class__("L", "\udcff", FY16, Decimal(1)))


# -- schema and migrations -------------------------------------------------------------------


def test_a_new_store_has_its_schema_applied(store: Store) -> None:
    status = store.schema_status()
    assert status.current
    assert status.applied
    assert all(name.startswith("kpgov.") for name in status.applied)
    assert store.migrate() == []


def test_a_data_migration_runs_once_and_bumps_versions(store: Store) -> None:
    store.put_many([line("a", "1"), line("b", "2")])

    def double(doc: dict[str, object]) -> dict[str, object]:
        return {**doc, "amount": str(Decimal(str(doc["amount"])) * 2)}

    migration = Migration("2026-11-double-amounts", "budget-line", double)
    assert store.schema_status([migration]).pending == ("2026-11-double-amounts",)
    assert store.migrate([migration]) == ["2026-11-double-amounts"]
    assert store.migrate([migration]) == []
    assert store.get(Line, "a") == Record("budget-line", "a", 2, line("a", "2"))
    assert store.schema_status([migration]).applied[-1] == "2026-11-double-amounts"


def test_a_failing_data_migration_changes_nothing(store: Store) -> None:
    store.put_many([line("a"), line("b")])

    def broken(doc: dict[str, object]) -> dict[str, object]:
        if doc["id"] == "b":
            raise KeyError("boom")
        return {**doc, "text": "migrated"}

    with pytest.raises(StoreError, match="boom"):
        store.migrate([Migration("broken", "budget-line", broken)])
    assert store.get(Line, "a").value.text == "line a"
    assert "broken" not in store.schema_status().applied


def test_a_document_that_no_longer_fits_its_class_is_a_store_error(store: Store) -> None:
    store.put(line("a"))
    store.migrate([Migration("break-amount", "budget-line", lambda d: {**d, "amount": "twelve"})])
    with pytest.raises(StoreError, match="budget-line 'a'"):
        store.get(Line, "a")


def test_verify_finds_nothing_wrong_in_a_store_in_use(store: Store) -> None:
    store.put_many([line(str(i)) for i in range(10)])
    store.append("s", [Movement(str(i), i) for i in range(5)], expected_version=0)
    assert store.verify() == []


def test_a_closed_store_refuses_work(new_url: Callable[[], str]) -> None:
    store = open(new_url(), kinds=KINDS)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.put(line("a"))


def test_the_stored_document_is_the_converter_representation(store: Store) -> None:
    store.put(line("a", "12.50"))
    document = store.document("budget-line", "a")
    assert document.version == 1
    assert document.value == {
        "amount": "12.50",
        "code": "A01101",
        "id": "a",
        "text": "line a",
        "year": "2016-17",
    }
    with pytest.raises(NotFoundError):
        store.document("budget-line", "b")


def test_the_longest_allowed_key_works_in_every_adapter(store: Store) -> None:
    key = ("ضلع/" * 128)[:512]  # 512 characters, about 1 KB of UTF-8
    store.put(line(key))
    store.append(key, [Movement("m", "1")], expected_version=0)
    assert store.keys(Line) == [key]
    assert store.get(Line, key).key == key
    assert store.streams() == [key]
