"""The classes of input the issue's fuzzer found crashing kpgov, each now a located kpgov error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fuzz_support import budget_seed

from kpgov.errors import KpgovError, LoadError, ParseError
from kpgov.io.budget import load_budget, load_budget_lines
from kpgov.io.files import MAX_JSON_DEPTH, read_json
from kpgov.money import parse_amount, total


def _document(folder: Path, **changes: object) -> Path:
    path = budget_seed(folder)
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_deep_nesting_and_huge_integers_are_parse_errors(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ParseError, match="nested too deeply") as caught:
        read_json(path)
    assert caught.value.file == str(path)
    path.write_text("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), encoding="utf-8")
    with pytest.raises(ParseError, match="nested too deeply"):
        read_json(path)
    path.write_text('{"amount": ' + "9" * 5000 + "}", encoding="utf-8")
    with pytest.raises(ParseError, match="5,000 digits"):
        read_json(path, strict=True)
    # leniently read, integers up to Python's limit are left for the loader to judge
    with pytest.raises(ParseError, match="not usable JSON: a number with 5,000 digits"):
        read_json(path)
    path.write_text('{"amount": ' + "9" * 400 + "}", encoding="utf-8")
    assert read_json(path)["amount"] == int("9" * 400)


def test_surrogates_duplicate_keys_and_bad_bytes_are_located(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text('{"district": "x\\ud800"}', encoding="utf-8")
    with pytest.raises(ParseError, match="surrogate") as caught:
        read_json(path, strict=True)
    assert caught.value.field == "$.district"
    path.write_text('{"a": 1, "a": 2}', encoding="utf-8")
    with pytest.raises(ParseError, match="given twice"):
        read_json(path)
    path.write_bytes(b'{"a":\n "\xff"}')
    with pytest.raises(ParseError, match="not UTF-8") as caught:
        read_json(path)
    assert caught.value.row == 2


@pytest.mark.parametrize(
    "text",
    ["999999999999999999999999999999 crore", "123456789012345678901234567.89", "NaN", "1۲3"],
)
def test_amounts_that_cannot_be_held_exactly_or_mix_scripts_are_refused(text: str) -> None:
    with pytest.raises(ParseError):
        parse_amount(text)


def test_urdu_digits_alone_are_welcome_and_sums_never_round() -> None:
    from decimal import Decimal

    assert parse_amount("۱۲۳") == 123
    assert parse_amount("١٢٣") == 123
    forty = Decimal("1" * 15) + Decimal("0.0001")
    assert total([forty] * 10_000) == forty * 10_000
    with pytest.raises(KpgovError, match="cannot be held exactly"):
        total([Decimal("1E+70"), Decimal(1)])


@pytest.mark.parametrize(
    ("lines_file", "message"),
    [
        ("/dev/zero", "outside the folder"),
        ("/etc/passwd", "outside the folder"),
        ("../elsewhere.csv", "outside the folder"),
        (".", "not a regular file"),
        ("missing.csv", "no such file"),
        (5, "a path"),
    ],
)
def test_a_referenced_file_stays_in_its_folder_and_is_a_regular_file(
    tmp_path: Path, lines_file: object, message: str
) -> None:
    path = _document(tmp_path, lines_file=lines_file)
    with pytest.raises(ParseError, match=message) as caught:
        load_budget(path)
    assert caught.value.file == str(path)
    assert caught.value.field == "$.lines_file"


def test_a_file_outside_is_read_only_when_allowed_and_never_echoed(tmp_path: Path) -> None:
    path = _document(tmp_path, lines_file="/dev/zero")
    with pytest.raises(ParseError, match="not a regular file"):
        load_budget(path, allow_outside=True)
    secret = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    path = _document(tmp_path, lines_file=f"../{secret.name}")
    with pytest.raises(ParseError) as caught:
        load_budget(path, allow_outside=True)
    assert "root:" not in str(caught.value)
    assert "not the header" in str(caught.value)


def test_three_bad_rows_are_reported_in_one_run(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text(
        "kind,entity,object,be_next\n"
        "current,TST-EDU-ED01,A01101,5\n"
        "current,TST-EDU-ED01,A01101,12x\n"
        "current,TST-EDU-ED01,A01101,5\n"
        "spending,TST-EDU-ED01,A01101,5\n"
        "current,TST-EDU-ED01,Z9,5\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as caught:
        load_budget_lines(path)
    where = [(p.file, p.row, p.field) for p in caught.value.problems]
    assert where == [
        (str(path), 3, "be_next"),
        (str(path), 5, "kind"),
        (str(path), 6, "object"),
    ]
    lines = str(caught.value).splitlines()
    assert lines[0] == f"{path}: 3 problems"
    assert lines[1].startswith(f"{path}:3: be_next: not an amount")


def test_the_error_cap_is_settable_and_says_how_many_more(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text(
        "kind,entity,object,be_next\n" + "current,TST-EDU-ED01,A01101,x\n" * 10, encoding="utf-8"
    )
    with pytest.raises(LoadError) as caught:
        load_budget_lines(path, cap=3)
    assert len(caught.value.problems) == 3
    assert caught.value.omitted >= 1
    assert str(caught.value).splitlines()[-1].startswith("... and ")


def test_duplicate_line_ids_name_both_places(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text(
        "line_id,kind,entity,object,be_next\n"
        "L1,current,TST-EDU-ED01,A01101,5\n"
        "L1,current,TST-EDU-ED01,A01101,6\n",
        encoding="utf-8",
    )
    with pytest.raises(ParseError, match=r"used twice \(first at .*lines.csv:2\)") as caught:
        load_budget_lines(path)
    assert (caught.value.file, caught.value.row) == (str(path), 3)
