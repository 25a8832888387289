"""The 41 forms as data, checked against the seed text of the Budget Rules 2016.

Each form's section of the seed runs from its ``FORM <id>`` line to the next form (or the end of
its schedule). Every title, printed heading, grouped heading, fixed row label, header field and
`[See Rule]` line of a form must be found there (word by word for headings, which the
extraction splits across lines; verbatim for notes), and every part whose headings are missing
or garbled must say so in a data-quality note.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from kpgov.errors import ParseError
from kpgov.forms import Form, all_forms, get_form

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "003_4611db3fd8bca9f8.txt"
_ENDS = ("SECOND SCHEDULE", "APPENDIX A")


def _normalise(text: str) -> str:
    text = text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    text = text.replace("–", "-").replace("—", "-").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


def _words(text: str) -> Counter[str]:
    """Words, lower-cased; words the extraction glued ("ProgressMedium") are split again."""
    return Counter(re.findall(r"[a-z0-9]+", _normalise(re.sub(r"([a-z])([A-Z])", r"\1 \2", text))))


@pytest.fixture(scope="module")
def sections() -> dict[str, str]:
    if not SEED.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the seeds at {SEED}")
        pytest.skip(f"the seed documents are not at {SEED}")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("FIRST SCHEDULE - FORMS"))
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines[start:]:
        match = re.match(r"^FORM (?:- )?([A-Z]+-?\d*)\s*$", line.strip())
        if match:
            current = found.setdefault(match.group(1), [])
        elif line.startswith(_ENDS):
            current = None
        if current is not None:
            current.append(line)
    return {form_id: "\n".join(text) for form_id, text in found.items()}


def test_the_catalogue_has_the_41_forms_of_the_schedules(sections: dict[str, str]) -> None:
    ids = [form.id for form in all_forms()]
    assert len(ids) == len(set(ids)) == 41
    assert set(ids) == set(sections)
    assert Counter(form.schedule for form in all_forms()) == {"First": 37, "Third": 4}
    assert Counter(form.family for form in all_forms()) == {
        "ABS": 1,
        "BSF": 3,
        "BDR": 5,
        "BDC": 7,
        "BDD": 4,
        "BDO": 4,
        "BM": 13,
        "BMP": 4,
    }


def _printed_texts(form: Form) -> list[str]:
    texts = [form.title, *form.header_fields, *form.fields]
    for part in form.parts:
        if part.title:
            texts.append(part.title)
        texts.extend(part.row_labels)
        for column in part.columns:
            if column.printed:
                texts.append(column.heading)
                texts.extend(column.group)
    return texts


@pytest.mark.parametrize("form", all_forms(), ids=lambda f: f.id)
def test_headings_are_transcribed_from_the_seed(form: Form, sections: dict[str, str]) -> None:
    section = sections[form.id]
    have = _words(section)
    for text in _printed_texts(form):
        lacking = _words(text) - have
        assert not lacking, f"{form.id}: {text!r} has words not in the seed: {sorted(lacking)}"
    assert _normalise(form.see_rules) in _normalise(section)
    for note in form.notes:
        assert _normalise(note).removeprefix("note: ") in _normalise(section), note


@pytest.mark.parametrize("form", all_forms(), ids=lambda f: f.id)
def test_lost_or_garbled_headings_are_data_quality_notes(form: Form) -> None:
    for part in form.parts:
        if part.headings == "missing":
            assert not part.columns
            assert any("no column headings" in q for q in form.quality), form.id
        if part.headings == "garbled":
            assert form.quality, form.id


def test_bm_11_to_13_lose_their_headings() -> None:
    for form_id in ("BM-11", "BM-12", "BM-13"):
        assert not get_form(form_id).has_headings


def test_the_checker_catches_an_invented_heading(sections: dict[str, str]) -> None:
    seed = _words(sections["BM-4"])
    assert not _words("Budget Estimate") - seed
    assert _words("Revised Estimate (Next Quarter)") - seed == {
        "revised": 1,
        "next": 1,
        "quarter": 1,
    }


def test_forms_are_found_by_id_forgivingly() -> None:
    assert get_form("bdc 1").id == "BDC-1"
    assert get_form("BM13").id == "BM-13"
    with pytest.raises(ParseError, match="no form 'BX-1'"):
        get_form("BX-1")
