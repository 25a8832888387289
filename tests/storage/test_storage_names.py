"""The directory store's file names are injective, and older stores are migrated forward."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from storage_kinds import KINDS, Line, Movement

from kpgov.periods import FinancialYear
from kpgov.storage import open
from kpgov.storage._dir import file_name, old_file_name

FY = FinancialYear(2016)
LONG = "budget line of a very long description " * 6


def _shortened(key: str) -> str:
    """The key that shared its file with ``key`` under the old scheme."""
    return key[:24] + "~" + hashlib.sha256(key.encode()).hexdigest()


def test_the_old_scheme_collided_and_the_new_one_does_not() -> None:
    twin = _shortened(LONG.replace(" ", "-"))
    long_key = LONG.replace(" ", "-")
    assert old_file_name(twin) == old_file_name(long_key)  # the bug of issue 19
    assert file_name(twin) != file_name(long_key)


def test_a_key_equal_to_anothers_shortened_form_is_stored_separately(tmp_path: Path) -> None:
    long_key = LONG.replace(" ", "-")
    twin = _shortened(long_key)
    with open(f"dir:///{tmp_path}/d", kinds=KINDS) as store:
        store.put(Line(long_key, "A01", FY, "1"))
        store.put(Line(twin, "A02", FY, "2"))
        store.append(long_key, [Movement("m", "1")], expected_version=0)
        store.append(twin, [Movement("n", "2")], expected_version=0)
        assert store.get(Line, twin).value.code == "A02"
        assert store.get(Line, long_key).value.code == "A01"
        assert store.keys(Line) == sorted([long_key, twin])
        assert store.streams() == sorted([long_key, twin])
        assert store.verify() == []


keys = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=300
) | st.builds(_shortened, st.text(st.sampled_from("ab~-%7E.json"), min_size=1, max_size=250))


@given(a=keys, b=keys)
def test_file_names_are_injective(a: str, b: str) -> None:
    if a != b:
        assert file_name(a) != file_name(b)
    assert "/" not in file_name(a)
    assert len(file_name(a).encode()) <= 240


def _to_old_layout(root: Path) -> None:
    """Rename every file to the pre-0002 scheme and forget the migration (an old store)."""
    for kind_dir in (root / "records").iterdir():
        for path in list(kind_dir.iterdir()):
            key = json.loads(path.read_text())["key"]
            suffix = ".json" if path.name.endswith(".json") else ".deleted"
            path.rename(kind_dir / (old_file_name(key) + suffix))
    for stream_dir in list((root / "streams").iterdir()):
        first = sorted(stream_dir.iterdir())[0]
        stream_dir.rename(
            stream_dir.with_name(old_file_name(json.loads(first.read_text())["stream"]))
        )
    marker = root / "kpgov-store.json"
    data = json.loads(marker.read_text())
    data["migrations"] = [m for m in data["migrations"] if m["name"] != "kpgov.0002-dir-names"]
    marker.write_text(json.dumps(data))


def test_a_store_with_the_old_names_is_migrated_forward(tmp_path: Path) -> None:
    root = tmp_path / "d"
    tilde_keys = ["a~b", "~lead", "x" * 30 + "~" + "y" * 200, "plain"]
    with open(f"dir:///{root}", kinds=KINDS) as store:
        for key in tilde_keys:
            store.put(Line(key, "A01", FY, "1"))
        store.delete(Line, "a~b", expected_version=1)
        store.append("s~1", [Movement("m", "1"), Movement("n", "2")], expected_version=0)
        heads = store.heads()
    _to_old_layout(root)
    assert (root / "records" / "budget-line" / "~a~b.deleted").exists()
    assert (root / "streams" / "~s~1").is_dir()

    with open(f"dir:///{root}", kinds=KINDS, migrate=False) as store:
        assert store.schema_status().pending == ("kpgov.0002-dir-names",)
    with open(f"dir:///{root}", kinds=KINDS) as store:
        assert store.schema_status().current
        assert store.keys(Line) == sorted(tilde_keys[1:])
        assert store.find(Line, "a~b") is None
        store.put(Line("a~b", "A09", FY, "9"), expected_version=0)
        assert store.get(Line, "a~b").version == 3  # the tombstone's version was kept
        assert store.heads() == heads
        assert store.verify() == []
    assert (root / "records" / "budget-line" / "~a%7Eb.json").exists()
    assert not (root / "streams" / "~s~1").exists()
    assert (root / "streams" / "~s%7E1").is_dir()
