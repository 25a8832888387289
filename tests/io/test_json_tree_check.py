"""``read_json``'s checks of a parsed tree (depth, lone surrogates) take a quick walk first and
the full walk, which names the JSON path, only when the quick one finds something (issue 12).
These properties hold the result equal to the full walk's on every document: the same data, or
the same error at the same path."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kpgov import _files as files
from kpgov.errors import ParseError
from kpgov.io.files import MAX_JSON_DEPTH, parse_json_text

TEXTS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(("\ud800", "a\udfff", "\ud83d\ude00", "\U0001f600", "\\ud800", "é")),
)
TREES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), TEXTS),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXTS, inner, max_size=4)),
    max_leaves=30,
)


def _nested(value: Any, depth: int) -> Any:
    for _ in range(depth):
        value = [value]
    return value


def _full_walk(text: str, strict: bool) -> tuple[str, Any]:
    """What parse_json_text gave before issue 12: the full walk on every document."""
    try:
        data = json.loads(text, parse_float=Decimal, object_pairs_hook=files._object)
        files._check_tree(data, "f.json", surrogates=strict)
    except ParseError as error:
        return "refused", (error.message, error.field)
    return "read", data


def _now(text: str, strict: bool) -> tuple[str, Any]:
    try:
        data = parse_json_text(text, file="f.json", strict=strict)
    except ParseError as error:
        return "refused", (error.message, error.field)
    return "read", data


@settings(deadline=None)
@given(
    tree=TREES,
    depth=st.sampled_from((0, 1, MAX_JSON_DEPTH - 2, MAX_JSON_DEPTH - 1, MAX_JSON_DEPTH)),
    ascii_only=st.booleans(),
    strict=st.booleans(),
)
def test_the_quick_walk_agrees_with_the_full_walk(
    tree: Any, depth: int, ascii_only: bool, strict: bool
) -> None:
    try:
        text = json.dumps(_nested(tree, depth), ensure_ascii=ascii_only)
    except RecursionError:  # pragma: no cover - the trees are small
        return
    assert _now(text, strict) == _full_walk(text, strict)


def test_a_lone_surrogate_is_named_at_its_path_however_it_is_written() -> None:
    for text in ('{"a": ["x", "\\udc00"]}', '{"a": ["x", "\udc00"]}'):
        assert _now(text, True) == ("refused", _full_walk(text, True)[1])
        assert _now(text, True)[1][1] == "$.a[1]"
    assert _now('{"a": "\\ud83d\\ude00"}', True) == ("read", {"a": "\U0001f600"})
    assert _now('{"a": "\\\\ud800"}', True) == ("read", {"a": "\\ud800"})
